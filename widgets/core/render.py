"""The rendering layer: every piece of HTML comes from a Jinja2 template, autoescaped.

Templates live beside the code that uses them, in each topic's ``templates/`` folder,
and are named ``"<topic>/<file>"``: ``render("level_of_care/comparison.html.j2", ...)``
reads ``widgets/level_of_care/templates/comparison.html.j2``; ``"core/..."`` names the
shared templates in ``widgets/core/templates/``.  Autoescaping is on for every template,
so learner text and content can never inject markup; a value that is already safe HTML
(another template's output, an SVG chart) is passed as :class:`Markup`.

One table helper (:func:`table`, template ``core/table.html.j2``) draws every table, and
the shared CSS classes are named once, in :data:`CSS`.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from markupsafe import Markup, escape

__all__ = ["CSS", "STYLESHEET", "Markup", "environment", "escape", "render", "stylesheet",
           "table"]

_PACKAGE = Path(__file__).resolve().parents[1]
STYLESHEET = Path(__file__).resolve().parent / "static" / "iop.css"
"""The one stylesheet of the curriculum's classes: linked by the book, embedded live."""


class CSS:
    """The curriculum's shared CSS classes (styled in :data:`STYLESHEET`)."""

    TABLE = "iop-table"
    """Every table: compact rows, a caption, header cells with scope."""
    SCROLL = "iop-scroll"
    """A box that scrolls sideways when its content (a wide table) is wider than the page."""
    STATIC = "iop-static"
    """A static rendering of a simulator, for readers without a kernel."""
    CHECK = "iop-check"
    """A knowledge check."""
    NOTE = "iop-note"
    """A short note under an output (the teaching model's label, a source)."""
    SOURCE = "iop-source"
    """The line naming a source."""
    STATUS = "iop-status"
    """A live region announcing a result."""


def _template_path(name: str) -> Path:
    topic, sep, rest = name.partition("/")
    if not sep or not topic.isidentifier() or ".." in Path(rest).parts:
        raise ValueError(f"template names are '<topic>/<file>', e.g. "
                         f"'core/table.html.j2'; got {name!r}")
    return _PACKAGE / topic / "templates" / rest


@functools.cache
def environment() -> Any:
    """The Jinja2 environment (made on first use: importing this module stays cheap)."""
    import jinja2

    class TopicLoader(jinja2.BaseLoader):
        """Finds ``"<topic>/<file>"`` in ``widgets/<topic>/templates/<file>``."""

        def get_source(self, environment: jinja2.Environment,
                       template: str) -> tuple[str, str, Callable[[], bool]]:
            path = _template_path(template)
            if not path.is_file():
                raise jinja2.TemplateNotFound(template)
            mtime = path.stat().st_mtime
            return (path.read_text(encoding="utf-8"), str(path),
                    lambda: path.is_file() and path.stat().st_mtime == mtime)

    env = jinja2.Environment(loader=TopicLoader(), autoescape=True, trim_blocks=True,
                             lstrip_blocks=True, undefined=jinja2.StrictUndefined,
                             keep_trailing_newline=False)
    env.globals["CSS"] = CSS
    env.filters.update(_filters())
    return env


def _filters() -> dict[str, Callable[..., Any]]:
    from widgets.core.references import short_label

    def percent(value: float, digits: int = 0) -> str:
        return f"{value:.{digits}%}"

    def number(value: float, digits: int = 1) -> str:
        """``12`` -> ``'12'``, ``12.5`` -> ``'12.5'``: no trailing ``.0``."""
        return f"{round(value, digits):g}"

    return {"cite": short_label, "percent": percent, "number": number}


def render(name: str, /, **context: Any) -> Markup:
    """Render the template ``"<topic>/<file>"`` with ``context``; returns safe HTML."""
    return Markup(environment().get_template(name).render(**context).strip())


def table(rows: Iterable[Sequence[Any]], *, headers: Sequence[str],
          caption: str | None = None, row_headers: bool = False, scroll: bool = True,
          classes: Sequence[str] = (), numeric: Sequence[int] = ()) -> Markup:
    """One HTML table: every table of the curriculum is drawn by this helper.

    Parameters
    ----------
    rows : iterable of sequences
        The cells of each row: text (escaped) or :class:`Markup` (kept as HTML).
    headers : sequence of str
        The column headers (``<th scope="col">``).
    caption : str, optional
        The table's caption (what it shows, for screen readers and print).
    row_headers : bool
        Whether each row's first cell heads the row (``<th scope="row">``).
    scroll : bool
        Wrap the table in a box that scrolls sideways when the table is wider than the
        page (so wide tables never overflow a narrow screen).
    classes : sequence of str
        Extra CSS classes for the ``<table>``.
    numeric : sequence of int
        Columns (0-based) of numbers, aligned right.
    """
    return render("core/table.html.j2", rows=[list(r) for r in rows], headers=list(headers),
                  caption=caption, row_headers=row_headers, scroll=scroll,
                  classes=[CSS.TABLE, *classes], numeric=set(numeric))


@functools.cache
def stylesheet() -> Markup:
    """The stylesheet as a ``<style>`` element, for live surfaces (JupyterLab, Voilà) that
    do not load the book's CSS: a module's header carries it, so every output after it in
    the notebook is styled as in the book."""
    return Markup(f"<style>{STYLESHEET.read_text(encoding='utf-8')}</style>")
