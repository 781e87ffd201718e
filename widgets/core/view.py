"""Shared pieces of every view: static fallbacks and accessible controls."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ipywidgets as W
from ipywidgets.widgets.widget_string import HTMLStyle


class StaticFallback:
    """Mixin: the widget's display bundle also carries a static ``text/html`` rendering.

    JupyterLab and Voilà show the live widget; the published book prefers ``text/html``
    (see ``nb_mime_priority_overrides`` in ``_config.yml``), so a reader without a kernel
    gets the same content as readable HTML.
    """

    def static_html(self) -> str:  # pragma: no cover - overridden
        """The static rendering; subclasses override."""
        raise NotImplementedError

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any]:
        data = super()._repr_mimebundle_(**kwargs)  # type: ignore[misc]
        data["text/html"] = self.static_html()
        return data


_SHARED: dict[str, W.Widget] = {}


def shared(key: str, make: Callable[[], W.Widget]) -> W.Widget:
    """One layout or style model for many widgets, made on first use (again if closed).

    Every widget otherwise gets its own ``Layout`` and style model: more than half the
    models a module notebook creates, each opened, sent and rendered on Run All and
    embedded in the published page.  Never change a shared model; give the widget its
    own first (``w.layout = W.Layout(...)``).
    """
    model = _SHARED.get(key)
    if model is None or getattr(model, "comm", None) is None:
        model = _SHARED[key] = make()
    return model


def html(value: str = "", **kwargs: Any) -> W.HTML:
    """An HTML widget whose content wraps and never overflows the page.

    Its layout and style are shared with every other :func:`html` widget (see
    :func:`shared`).
    """
    kwargs.setdefault("layout", shared("html-layout",
                                       lambda: W.Layout(width="auto", max_width="100%")))
    kwargs.setdefault("style", shared("html-style", HTMLStyle))
    return W.HTML(value, **kwargs)


def button(label: str, *, style: str = "", tooltip: str | None = None) -> W.Button:
    """A button with a visible label and the same accessible description.

    Its colours (style model) are shared; its layout is its own (views hide buttons).
    """
    return W.Button(description=label, button_style=style, tooltip=tooltip or label,
                    layout=W.Layout(width="max-content", min_width="max-content"),
                    style=shared("button-style", W.ButtonStyle))
