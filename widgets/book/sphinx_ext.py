"""Sphinx extension: serve the widget JavaScript from the book itself, never a CDN.

It also ships the knowledge-check engine (``widgets/knowledge_check/static/``:
``iop-check.js`` and ``iop-check.css``, added to every page as ``_static/iop/...``; the
script does nothing on a page without a check), so checks are answerable without a kernel.

myst-nb loads ``require.js`` and the widget manager (``embed-amd.js``) on pages that
carry widget state; ``_config.yml`` points ``nb_ipywidgets_js`` at ``_static/widgets/``.
This extension copies both files from ``node_modules`` (installed by ``npm ci`` from the
pinned ``package.json``) into the build through ``html_extra_path`` (not
``html_static_path``, whose scripts jupyter-book would add to every page), and puts the
widget manager's icon fonts beside every widget page, where it requests them.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import time
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ExtensionError
from sphinx.transforms import SphinxTransform
from sphinx_exercise.directive import SolutionStartDirective
from sphinx_exercise.nodes import solution_end_node

from widgets.knowledge_check.render import ASSETS as CHECK_ENGINE

VENDORED = {
    "requirejs/require.js": "_static/widgets/require.js",
    "@jupyter-widgets/html-manager/dist/embed-amd.js": "_static/widgets/embed-amd.js",
}
CHECK_ASSETS = {"iop-check.js": "_static/iop/iop-check.js",
                "iop-check.css": "_static/iop/iop-check.css"}
"""The knowledge-check engine, from :data:`widgets.knowledge_check.render.ASSETS`."""
FONT_SUFFIXES = (".woff2", ".woff", ".ttf", ".eot", ".svg")
FONT_DIRS = ("@jupyter-widgets/html-manager/dist", "@jupyter-widgets")
WIDGET_MARKER = "application/vnd.jupyter.widget-state+json"


def node_modules(srcdir: Path) -> Path:
    """The ``node_modules`` folder holding the vendored packages."""
    folder = srcdir / "node_modules"
    missing = [src for src in VENDORED if not (folder / src).is_file()]
    if missing:
        raise ExtensionError(
            f"vendored widget JavaScript is missing ({', '.join(missing)} under {folder}). "
            f"Run `npm ci` in {srcdir} (the README's build command does it).")
    return folder


CORE_STATIC = Path(__file__).resolve().parents[1] / "core" / "static"
"""The curriculum's own CSS (:data:`widgets.core.render.STYLESHEET`), one file for every
surface: the book links it, live notebooks embed it."""


def _stage(app: Sphinx, config: Config) -> None:
    config.html_static_path = [*config.html_static_path, str(CORE_STATIC)]
    app.add_css_file("iop.css")
    modules = node_modules(Path(app.srcdir))
    staging = Path(app.outdir).parent / "vendor"
    for src, dest in VENDORED.items():
        target = staging / dest
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(modules / src, target)
    for src, dest in CHECK_ASSETS.items():
        target = staging / dest
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(CHECK_ENGINE / src, target)
    config.html_extra_path = [*config.html_extra_path, str(staging)]


A11Y_FIXES = (
    # The search field's visible text ("Search Ctrl+K") must be its accessible name.
    (re.compile(r'(<button class="btn search-button-field[^"]*"[^>]*?) aria-label="Search"'),
     r"\1"),
    # Icon-only toggles of the sidebar tree have no name.
    (re.compile(r'<summary><span class="toctree-toggle" role="presentation">'),
     '<summary aria-label="Show or hide the pages of this section">'
     '<span class="toctree-toggle" role="presentation">'),
    # The colour-mode icons' titles compete with the button's own label.
    (re.compile(r'(<i class="theme-switch [^"]*" data-mode="\w+")\s+title="[^"]*"'),
     r'\1 aria-hidden="true"'),
    # sphinxcontrib-bibtex marks the list with role="list" but not its entries.
    (re.compile(r'<div role="list" class="citation-list">'), '<div class="citation-list">'),
    # A first visit has no stored colour mode: the theme's head script sets "" and its
    # main script then logs "Got invalid theme mode" as a console error; start at auto.
    (re.compile(r'(dataset\.mode = localStorage\.getItem\("mode"\) \|\| )""'), r'\1"auto"'),
)


_THEBE = re.compile(
    r'\s*<script>const THEBE_JS_URL = [^<]*</script>'
    r'|\s*<script async="async" src="[./]*_static/sphinx-thebe\.js[^"]*"></script>'
    r'|\s*<link rel="stylesheet" type="text/css" href="[./]*_static/sphinx-thebe\.css[^"]*" />'
    r'|\s*<script type="text/x-thebe-config">.*?</script>', re.S)


def drop_thebe(page: str) -> str:
    """Remove Thebe from a page: the book runs live through its own launch block.

    sphinx-thebe (which jupyter-book always loads) adds its configuration script to each
    page twice (a console error: ``THEBE_JS_URL`` declared twice) and points at a CDN.
    """
    return _THEBE.sub("", page)


def accessibility_fixes(page: str) -> str:
    """Fix the theme's known axe-core violations in one built page."""
    for pattern, replacement in A11Y_FIXES:
        page = pattern.sub(replacement, page)
    page = re.sub(r'(<button class="btn btn-sm nav-link pst-navbar-icon theme-switch-button'
                  r'[^"]*") aria-label="Color mode"', r'\1 aria-label="Color mode" '
                  r'title="Color mode"', page)
    return page


_STATE = re.compile(r'(<script type="application/vnd\.jupyter\.widget-state\+json">)(.*?)'
                    r"(</script>)", re.S)
_VIEW = re.compile(r'<script type="application/vnd\.jupyter\.widget-view\+json">(.*?)</script>',
                   re.S)
_MODEL_REF = re.compile(r"IPY_MODEL_([0-9a-f]+)")
_WIDGET_SCRIPTS = re.compile(r'\s*<script src="[./]*_static/widgets/(?:require|embed-amd)\.js'
                             r'[^"]*"></script>')


def prune_widget_state(page: str) -> str:
    """Keep only the widget models that the page's displayed widgets use.

    myst-nb embeds the state of every widget a notebook created.  Views that the book
    shows as static HTML (knowledge checks, cases, scenarios) leave their models unused:
    they are dropped, and a page left with no widget views loses the widget scripts too.
    """
    found = _STATE.search(page)
    if found is None:
        return page
    roots = [json.loads(v)["model_id"] for v in _VIEW.findall(page)]
    if not roots:
        page = _STATE.sub("", page)
        return _WIDGET_SCRIPTS.sub("", page)
    state = json.loads(found.group(2))
    models = state["state"]
    keep: set[str] = set()
    todo = [r for r in roots if r in models]
    while todo:
        model_id = todo.pop()
        if model_id in keep:
            continue
        keep.add(model_id)
        todo.extend(m for m in _MODEL_REF.findall(json.dumps(models[model_id]))
                    if m in models and m not in keep)
    state["state"] = {k: v for k, v in models.items() if k in keep}
    body = json.dumps(state).replace("</", "<\\/")
    return page[:found.start(2)] + body + page[found.end(2):]


def _started(app: Sphinx) -> None:
    app.env.iop_build_started = time.time()  # type: ignore[attr-defined]


def _finish(app: Sphinx, exception: Exception | None) -> None:
    """Post-process the pages this build wrote (pages it left alone were done before,
    unless the post-processing itself changed since: then every page)."""
    if exception is not None or app.builder.format != "html":
        return
    code = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()
    stamp = Path(app.outdir) / ".iop-postprocessed"
    same_code = stamp.is_file() and stamp.read_text(encoding="utf-8").strip() == code
    started = getattr(app.env, "iop_build_started", 0.0) - 1.0 if same_code else 0.0
    for page in Path(app.outdir).rglob("*.html"):
        if page.stat().st_mtime < started:
            continue
        text = page.read_text(encoding="utf-8")
        fixed = prune_widget_state(accessibility_fixes(drop_thebe(text)))
        if fixed != text:
            page.write_text(fixed, encoding="utf-8")
    for asset in CORE_STATIC.iterdir():  # an incremental build keeps a stale copy
        if asset.is_file():
            shutil.copyfile(asset, Path(app.outdir) / "_static" / asset.name)
    _fonts(app)
    stamp.write_text(code + "\n", encoding="utf-8")


def _fonts(app: Sphinx) -> None:
    fonts = [f for f in (node_modules(Path(app.srcdir))
                         / "@jupyter-widgets/html-manager/dist").iterdir()
             if f.suffix in FONT_SUFFIXES]
    outdir = Path(app.outdir)
    page_dirs = {page.parent for page in outdir.rglob("*.html")
                 if WIDGET_MARKER in page.read_text(encoding="utf-8", errors="ignore")}
    for folder in page_dirs:
        for sub in FONT_DIRS:
            dest = folder / sub
            dest.mkdir(parents=True, exist_ok=True)
            for font in fonts:
                shutil.copyfile(font, dest / font.name)


class hidden_solution_start(nodes.Element):  # noqa: N801 - docutils node naming
    """Where a gated solution began, in a build that hides solutions."""


class SolutionStart(SolutionStartDirective):
    """``solution-start`` that leaves a marker when solutions are hidden.

    sphinx-exercise 1.2.1 drops the start of a gated solution under ``hide_solutions``
    but keeps its end node and the cells in between (a crash, and a leaked solution).
    """

    def run(self) -> list[nodes.Node]:
        result = super().run()
        if self.env.app.config.hide_solutions:
            return [hidden_solution_start()]
        return result


class RemoveHiddenSolutions(SphinxTransform):
    """Remove everything from a hidden solution's start marker to its end node."""

    default_priority = 5

    def apply(self, **kwargs: Any) -> None:
        for start in list(self.document.findall(hidden_solution_start)):
            parent = start.parent
            first = parent.index(start)
            last = next((i for i in range(first, len(parent.children))
                         if isinstance(parent.children[i], solution_end_node)), first)
            for child in parent.children[first:last + 1]:
                parent.remove(child)


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the hooks."""
    app.setup_extension("sphinx_exercise")
    app.add_node(hidden_solution_start)
    app.add_directive("solution-start", SolutionStart, override=True)
    app.add_transform(RemoveHiddenSolutions)
    app.connect("config-inited", _stage)
    for dest in CHECK_ASSETS.values():
        path = dest.removeprefix("_static/")
        if path.endswith(".js"):
            app.add_js_file(path)
        else:
            app.add_css_file(path)
    app.connect("builder-inited", _started)
    app.connect("build-finished", _finish)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
