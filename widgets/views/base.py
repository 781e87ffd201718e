"""Shared pieces of every view: static fallbacks and accessible controls."""

from __future__ import annotations

from typing import Any

import ipywidgets as W


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


def html(value: str = "", **kwargs: Any) -> W.HTML:
    """An HTML widget whose content wraps and never overflows the page."""
    return W.HTML(value, layout=W.Layout(width="auto", max_width="100%"), **kwargs)


def button(label: str, *, style: str = "", tooltip: str | None = None) -> W.Button:
    """A button with a visible label and the same accessible description."""
    return W.Button(description=label, button_style=style, tooltip=tooltip or label,
                    layout=W.Layout(width="max-content", min_width="max-content"))
