"""The JupyterLite site: every ToC notebook and the widgets wheel, and it opens a notebook.

Builds the site once (about 5 s, no network) into a temporary folder laid out like the
book (``<html>/lite/``). The Pyodide kernel itself cannot start here (its runtime comes
from a CDN), so the browser test stops at the notebook being open in JupyterLite.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from tests.book.browser import Traffic, offline_browser, open_offline, serve
from widgets.book import lite

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("lite")]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, root: Path):
    html = tmp_path_factory.mktemp("lite-book")
    staged = lite.build(html / lite.LITE_DIR, root=root)
    return html, staged


def test_site_has_every_toc_notebook_and_the_wheel(site, root):
    html, staged = site
    out = html / lite.LITE_DIR
    notebooks = lite.toc_notebooks(root)
    assert notebooks, "the ToC lists no notebook"
    assert [str(p) for p in staged["notebooks"]] == [str(p) for p in notebooks]
    assert lite.check_site(out, notebooks) == []
    for rel in notebooks:
        assert (out / "files" / rel).is_file(), rel
    wheels = sorted((out / "pypi").glob("iop_widgets-*-py3-none-any.whl"))
    assert len(wheels) == 1
    with zipfile.ZipFile(wheels[0]) as whl:
        names = set(whl.namelist())
        meta = next(n for n in names if n.endswith(".dist-info/METADATA"))
        requires = [line.split(": ", 1)[1] for line in whl.read(meta).decode().splitlines()
                    if line.startswith("Requires-Dist: ")]
    assert {"widgets/__init__.py", "widgets/content.py", "widgets/knowledge_check/view.py",
            "widgets/core/templates/table.html.j2"} <= names
    assert any(r.startswith("ipywidgets") for r in requires)
    index = json.loads((out / "pypi" / "all.json").read_text(encoding="utf-8"))
    assert lite.DIST_NAME in index


def test_site_has_the_content_the_notebooks_read(site, root):
    html, _ = site
    files = html / lite.LITE_DIR / "files"
    assert (files / "references.bib").is_file()
    yaml_files = lite.content_files(root)
    assert any(p.suffix == ".yaml" for p in yaml_files)
    missing = [str(p) for p in yaml_files if not (files / p).is_file()]
    assert missing == []


def test_lite_notebooks_install_the_package_first_and_use_pyodide(site, root):
    html, _ = site
    for rel in lite.toc_notebooks(root):
        nb = json.loads((html / lite.LITE_DIR / "files" / rel).read_text(encoding="utf-8"))
        assert nb["metadata"]["kernelspec"]["name"] == "python"
        code = [c for c in nb["cells"] if c["cell_type"] == "code"]
        assert code[0]["id"] == lite.SETUP_CELL_ID
        assert f"%pip install -q {lite.DIST_NAME}" in "".join(code[0]["source"])
        source = json.loads((root / rel).read_text(encoding="utf-8"))
        assert len(nb["cells"]) == len(source["cells"]) + 1


def test_the_book_link_says_plainly_when_the_runtime_cannot_be_downloaded(site, root):
    """Offline (every other host blocked), the launch page says why the notebook cannot
    run, within seconds, instead of a kernel that never starts."""
    html, _ = site
    notebook = lite.toc_notebooks(root)[0]
    traffic = Traffic()
    with serve(html) as base, offline_browser() as browser:
        page = open_offline(browser, f"{base}/{lite.lite_url(notebook)}", traffic)
        alert = page.get_by_role("alert")
        alert.wait_for(timeout=15000)
        text = alert.inner_text()
        anyway = page.locator("#iop-lite-anyway").get_attribute("href")
    assert "cannot run live here" in text and "cdn.jsdelivr.net" in text
    assert any("cdn.jsdelivr.net" in url for url in traffic.external)
    assert anyway == f"./notebooks/index.html?path={notebook.as_posix().replace('/', '%2F')}"


def test_the_launch_page_goes_on_to_the_notebook_when_the_runtime_is_reachable(site, root):
    html, _ = site
    notebook = lite.toc_notebooks(root)[0]
    traffic = Traffic()
    with serve(html) as base, offline_browser() as browser:
        page = browser.new_page()
        page.route("**/*", lambda r: r.fulfill(status=200, body="") if "jsdelivr" in
                   r.request.url else r.continue_())  # the CDN answers (a stand-in)
        page.goto(f"{base}/{lite.lite_url(notebook)}")
        page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=60000)
        title = page.locator(".jp-Notebook .jp-MarkdownCell h1").first.inner_text(timeout=10000)
    assert title.strip()
    assert traffic.failed == [], traffic.failed
