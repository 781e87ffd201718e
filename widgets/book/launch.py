"""Sphinx extension: a "Run this page live" block on every notebook page.

Under the title of each page built from a notebook it adds a short block with

- a link to the same notebook in the book's JupyterLite site (``lite/``, a relative URL,
  built by :mod:`widgets.book.lite`), where Python runs in the reader's browser;
- a Binder launch link built from ``launch_repository_url`` (set it under ``sphinx:
  config:`` in ``_config.yml``); while it is empty the block says so instead;
- one line saying what needs the network.

At ``build-finished`` it builds the JupyterLite site into ``<html>/lite/`` (about 5 s,
no network), unless ``launch_lite_build`` is false; then build it separately with
``python -m widgets.book.lite build --output <html>/lite``.

Config values (all optional): ``launch_repository_url`` (e.g.
``https://github.com/ORG/REPO``; GitHub and GitLab URLs get their Binder short form, any
other git URL the generic one), ``launch_repository_branch`` (``main``),
``launch_binderhub_url`` (``https://mybinder.org``), ``launch_lite_app`` (``notebooks``:
the Notebook interface; or ``lab``), ``launch_lite_build`` (``True``).
"""

from __future__ import annotations

import posixpath
import time
from html import escape
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlparse

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging

from widgets.book.lite import LAUNCH_PAGE, LITE_DIR, NETWORK_NOTE, build, check_site

logger = logging.getLogger(__name__)
BLOCK_CLASS = "iop-launch"
BINDER_UNSET = "Binder: set launch_repository_url in _config.yml to get a launch link."
"""Said to the maintainer at build time (never to readers) while the URL is unset."""


def binder_url(repository: str, branch: str, notebook: str,
               hub: str = "https://mybinder.org") -> str:
    """A BinderHub launch URL that opens ``notebook`` (repo-relative) in JupyterLab."""
    repository = repository.strip().removesuffix("/").removesuffix(".git")
    hub = hub.rstrip("/")
    url = urlparse(repository)
    target = f"urlpath={quote('lab/tree/' + notebook, safe='/')}"
    if url.hostname in ("github.com", "www.github.com"):
        spec = f"gh{url.path}/{quote(branch, safe='')}"
    elif url.hostname in ("gitlab.com", "www.gitlab.com"):
        spec = f"gl/{quote(url.path.lstrip('/'), safe='')}/{quote(branch, safe='')}"
    else:
        spec = f"git/{quote(repository, safe='')}/{quote(branch, safe='')}"
    return f"{hub}/v2/{spec}?{target}"


def _notebook_source(app: Sphinx, docname: str) -> str | None:
    """``curriculum/.../x.ipynb`` when ``docname`` was built from a notebook, else None."""
    source = Path(app.env.doc2path(docname))
    if source.suffix != ".ipynb":
        return None
    try:
        return source.resolve().relative_to(Path(app.srcdir).resolve()).as_posix()
    except ValueError:
        return None


def block_html(page_uri: str, notebook: str, config: Any) -> str:
    """The block's HTML for one page (``page_uri`` as the builder writes it)."""
    here = posixpath.dirname(page_uri) or "."
    app_name = config.launch_lite_app
    lite = posixpath.relpath(f"{LITE_DIR}/{LAUNCH_PAGE}", here)
    lite_href = f"{lite}?app={quote(app_name)}&path={quote(notebook, safe='/')}"
    items = [f'<li><a href="{escape(lite_href)}">Open this notebook in JupyterLite</a>: '
             f"Python runs in your browser, nothing to install.</li>"]
    if config.launch_repository_url.strip():
        href = binder_url(config.launch_repository_url, config.launch_repository_branch,
                          notebook, config.launch_binderhub_url)
        items.append(f'<li><a href="{escape(href)}">Launch it on Binder</a>: a temporary '
                     f"JupyterLab server built from the repository.</li>")
    style = ("border:1px solid var(--pst-color-border, #d0d7de);border-radius:.25rem;"
             "padding:.5rem 1rem;margin:1rem 0")
    return (f'<div class="{BLOCK_CLASS}" role="note" aria-label="Run this page live" '
            f'style="{style}">\n'
            f'<p style="margin:0"><strong>Run this page live</strong></p>\n'
            f'<ul style="margin:.25rem 0">\n' + "\n".join(items) + "\n</ul>\n"
            f'<p class="{BLOCK_CLASS}-network" style="margin:0;font-size:.9em">'
            f"Needs the network: {escape(NETWORK_NOTE)}</p>\n</div>")


def add_block(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Put the block under the title of a page built from a notebook (HTML builders)."""
    if app.builder.format != "html":
        return
    notebook = _notebook_source(app, docname)
    if notebook is None:
        return
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is None:
        return
    raw = nodes.raw("", block_html(app.builder.get_target_uri(docname), notebook,
                                   app.config), format="html")
    titles = [i for i, child in enumerate(section.children) if isinstance(child, nodes.title)]
    section.insert(titles[0] + 1 if titles else 0, raw)


def build_lite(app: Sphinx, exception: Exception | None) -> None:
    """Build the JupyterLite site into ``<html>/lite/`` with the book's notebooks."""
    if exception is not None or app.builder.format != "html" or not app.config.launch_lite_build:
        return
    srcdir = Path(app.srcdir).resolve()
    notebooks = sorted({Path(nb) for nb in (_notebook_source(app, d)
                                            for d in app.env.found_docs) if nb})
    if not notebooks:
        return
    output = Path(app.outdir) / LITE_DIR
    start = time.perf_counter()
    from widgets.book.build import input_fingerprint

    fingerprint = input_fingerprint(srcdir, "lite", *map(str, notebooks))
    stamp = output / ".iop-lite-inputs"
    if stamp.is_file() and stamp.read_text(encoding="utf-8").strip() == fingerprint \
            and not check_site(output, notebooks):
        logger.info("JupyterLite site up to date (no input changed): %s", output)
        return
    try:
        build(output, root=srcdir, notebooks=notebooks)
    except Exception as exc:  # noqa: BLE001 - reported as a Sphinx warning (fails -W)
        logger.warning("JupyterLite site not built: %s", exc, type="launch", subtype="lite")
        return
    problems = check_site(output, notebooks)
    for problem in problems:
        logger.warning("JupyterLite site: %s", problem, type="launch", subtype="lite")
    if not problems:
        stamp.write_text(fingerprint + "\n", encoding="utf-8")
    logger.info("JupyterLite site (%d notebooks) built into %s in %.1f s", len(notebooks),
                output, time.perf_counter() - start)


def _say_binder_unset(app: Sphinx) -> None:
    if not app.config.launch_repository_url.strip():
        logger.info(BINDER_UNSET)


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("launch_repository_url", "", "html", types=[str])
    app.add_config_value("launch_repository_branch", "main", "html", types=[str])
    app.add_config_value("launch_binderhub_url", "https://mybinder.org", "html", types=[str])
    app.add_config_value("launch_lite_app", "notebooks", "html", types=[str])
    app.add_config_value("launch_lite_build", True, "", types=[bool])
    app.connect("doctree-resolved", add_block)
    app.connect("builder-inited", _say_binder_unset)
    app.connect("build-finished", build_lite)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
