"""MyST Markdown as finished HTML, for the live surfaces that have no Sphinx behind them.

The published book renders MyST with Sphinx, and JupyterLab with jupyterlab-myst; Voilà
(the trainer's presenter view) renders Markdown cells with nbconvert's plain Markdown,
which would show admonition fences, ``{cite}`` and ``{doc}`` roles as raw text on the
projector.  :func:`myst_to_html` renders what the notebooks use — admonitions, exercise
directives (their solutions are left out: the room sees the exercise, the trainer's
edition has the solution), citations as readable author-year text, ``{doc}`` links as
the target page's title, tables, definition lists and math — with markdown-it-py and
mdit-py-plugins (myst-parser's own parser).

:class:`MystPreprocessor` applies it to every Markdown cell of a notebook; the presenter
view runs it (``python -m widgets.book.present``).
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from mdit_py_plugins.colon_fence import colon_fence_plugin
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.dollarmath import dollarmath_plugin
from mdit_py_plugins.myst_blocks import myst_block_plugin
from mdit_py_plugins.myst_role import myst_role_plugin

__all__ = ["MystPreprocessor", "myst_to_html", "raw_myst"]

ADMONITIONS = {"admonition", "note", "warning", "important", "tip", "caution", "attention",
               "danger", "error", "hint", "seealso"}
_DIRECTIVE = re.compile(r"^\{([a-z][a-z-]*)\}\s*(.*)$")
_OPTION = re.compile(r"^:([a-z-]+):\s*(.*)$")
_RAW = re.compile(r"\{(cite|doc|ref|term|numref|eq|download)[a-z:]*\}`|^:::\s*\{|^```\s*\{"
                  r"|^\([A-Za-z0-9_-]+\)=\s*$", re.M)


def raw_myst(text: str) -> list[str]:
    """The MyST syntax left as text in ``text`` (roles, directive fences, targets)."""
    return [m.group(0) for m in _RAW.finditer(text)]


@functools.cache
def _parser() -> MarkdownIt:
    md = (MarkdownIt("commonmark", {"html": True}).enable("table")
          .use(myst_role_plugin).use(myst_block_plugin).use(colon_fence_plugin)
          .use(deflist_plugin).use(dollarmath_plugin))
    return md


def _cite(content: str) -> str:
    from widgets.core.references import short_label

    keys = [k.strip() for k in content.split(",") if k.strip()]
    return "(" + "; ".join(short_label(k) for k in keys) + ")"


def _doc_title(target: str, folder: Path | None) -> str:
    """The H1 of the page a ``{doc}`` role points to (else its name, made readable)."""
    if folder is not None:
        base = (folder / target).resolve()
        for path in (base.with_suffix(".md"), base.with_suffix(".ipynb")):
            title = _first_heading(path)
            if title:
                return title
    return Path(target).name.replace("_", " ").replace("-", " ").capitalize()


@functools.cache
def _first_heading(path: Path) -> str | None:
    if not path.is_file():
        return None
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".ipynb":
        import json

        try:
            cells = json.loads(text).get("cells", [])
        except ValueError:
            return None
        text = "\n".join("".join(c.get("source", "")) for c in cells
                         if c.get("cell_type") == "markdown")
    found = re.search(r"^# (.+)$", text, re.M)
    return found.group(1).strip() if found else None


class _Renderer(RendererHTML):
    """markdown-it's HTML renderer, taught the MyST tokens the curriculum uses."""

    folder: Path | None = None

    def myst_role(self, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
        token = tokens[idx]
        name, content = token.meta.get("name", ""), token.content
        if name == "cite" or name.startswith("cite:"):
            return html.escape(_cite(content))
        if name == "doc":
            found = re.match(r"^(.*?)\s*<([^>]+)>$", content)
            text = found.group(1) if found else _doc_title(content, self.folder)
            return f"<em>{html.escape(text)}</em>"
        text = re.sub(r"\s*<[^>]+>$", "", content)  # {ref}`text <target>` -> text
        return html.escape(text)

    def myst_target(self, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
        return ""

    def myst_line_comment(self, tokens: Sequence[Token], idx: int, options: Any,
                          env: Any) -> str:
        return ""

    def myst_block_break(self, tokens: Sequence[Token], idx: int, options: Any,
                         env: Any) -> str:
        return "<hr>"

    def math_inline(self, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
        return f'<span class="math">{html.escape(tokens[idx].content)}</span>'

    def math_block(self, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
        return f'<div class="math">{html.escape(tokens[idx].content)}</div>'

    def fence(self, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
        token = tokens[idx]
        found = _DIRECTIVE.match(token.info.strip())
        if found is None:
            return super().fence(tokens, idx, options, env)
        return self._directive(found.group(1), found.group(2), token.content, env)

    def colon_fence(self, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
        token = tokens[idx]
        found = _DIRECTIVE.match(token.info.strip())
        if found is None:
            return f"<div>{self._markdown(token.content, env)}</div>"
        return self._directive(found.group(1), found.group(2), token.content, env)

    def _markdown(self, text: str, env: Any) -> str:
        return self.render(_parser().parse(text, env), _parser().options, env)

    def _directive(self, name: str, argument: str, body: str, env: Any) -> str:
        lines = body.splitlines()
        opts: dict[str, str] = {}
        while lines and (found := _OPTION.match(lines[0])):
            opts[found.group(1)] = found.group(2)
            lines.pop(0)
        content = self._markdown("\n".join(lines), env)
        if name in ADMONITIONS:
            title = argument if name == "admonition" else (argument or name.capitalize())
            kind = opts.get("class", "note" if name == "admonition" else name)
            return (f'<div class="admonition {html.escape(kind)}" role="note">'
                    f'<p class="admonition-title"><strong>{html.escape(title)}</strong></p>'
                    f"{content}</div>")
        if name == "exercise":
            title = f"Exercise: {argument}" if argument else "Exercise"
            return (f'<div class="admonition exercise"><p class="admonition-title"><strong>'
                    f"{html.escape(title)}</strong></p>{content}</div>")
        if name in ("solution-start", "solution-end", "solution"):
            return ""  # solutions are for the trainer's edition, not the projector
        if name in ("figure", "image"):
            alt = opts.get("alt", "")
            return (f'<figure><img src="{html.escape(argument)}" alt="{html.escape(alt)}">'
                    f"<figcaption>{content}</figcaption></figure>")
        return f'<div class="directive {html.escape(name)}">{content}</div>'


def myst_to_html(text: str, folder: Path | None = None) -> str:
    """Render MyST Markdown as HTML (``folder``: where ``{doc}`` paths are relative to)."""
    renderer = _Renderer(_parser())
    renderer.folder = folder
    env: dict[str, Any] = {}
    return renderer.render(_parser().parse(text, env), _parser().options, env)


def _one_block(rendered: str) -> str:
    """Rendered HTML that nbconvert's Markdown keeps as one raw HTML block.

    A blank line ends a raw HTML block in Markdown, so blank lines go; the whole cell is
    wrapped in one ``<div>``.
    """
    body = "\n".join(line for line in rendered.splitlines() if line.strip())
    return f'<div class="iop-myst">\n{body}\n</div>'


try:  # nbconvert is there wherever Voilà is; the renderer above needs neither
    from nbconvert.preprocessors import Preprocessor as _Preprocessor
except ImportError:  # pragma: no cover
    _Preprocessor = object  # type: ignore[assignment,misc]


class MystPreprocessor(_Preprocessor):  # type: ignore[misc,valid-type]
    """nbconvert preprocessor: every Markdown cell's MyST rendered to finished HTML.

    Text between a ``{solution-start}`` and a ``{solution-end}`` (across cells) is left
    out, as in the learner edition.
    """

    def preprocess(self, nb: Any, resources: dict[str, Any]) -> tuple[Any, dict[str, Any]]:
        folder = resources.get("metadata", {}).get("path")
        folder = Path(folder) if folder else Path.cwd()
        in_solution = False
        for cell in nb.cells:
            if cell.cell_type != "markdown":
                continue
            source = cell.source
            starts = re.search(r"^```\{solution-start\}.*?^```", source, re.S | re.M)
            ends = re.search(r"^```\{solution-end\}.*?^```", source, re.S | re.M)
            if in_solution and ends is None:
                cell.source = ""
                continue
            if in_solution and ends is not None:
                source = source[ends.end():]
                in_solution = False
            elif starts is not None and (ends is None or ends.start() < starts.start()):
                source = source[:starts.start()]
                in_solution = True
            cell.source = _one_block(myst_to_html(source, folder))
        return nb, resources
