"""The published book: a clean build with 0 warnings, and pages that work offline."""

from __future__ import annotations

import re
import shutil

import pytest

from tests.book.browser import Traffic, offline_browser, open_offline, serve
from tests.conftest import ROOT, assert_clean_build

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("learner-book")]

MODULE1 = "curriculum/01_continuum/01_iop_in_the_continuum.html"
WIDGET_SELECTOR = ".widget-dropdown, .widget-html, .widget-checkbox"


def test_learner_book_builds_with_zero_warnings(learner_book):
    done, html = learner_book
    assert_clean_build(done)
    assert (html / MODULE1).is_file()


def test_pages_load_widget_scripts_from_the_book_not_a_cdn(learner_book):
    _, html = learner_book
    page = (html / MODULE1).read_text(encoding="utf-8")
    scripts = re.findall(r'<script[^>]*src="([^"]+)"', page)
    assert any(s.startswith("../../_static/widgets/embed-amd.js") for s in scripts)
    assert not [s for s in scripts if s.startswith(("http:", "https:", "//"))]
    assert "application/vnd.jupyter.widget-state+json" in page


def test_knowledge_check_is_readable_without_a_kernel(learner_book):
    _, html = learner_book
    page = (html / MODULE1).read_text(encoding="utf-8")
    assert page.count('class="iop-question"') >= 8
    assert page.count("<details>") >= 8


def test_learner_edition_hides_solutions(learner_book):
    _, html = learner_book
    page = (html / MODULE1).read_text(encoding="utf-8")
    assert "m01-ex1" in page  # the exercise is there
    assert "Ten and a half hours" not in page  # its solution is not


MODULE_PAGES = sorted(str(nb.relative_to(ROOT).with_suffix(".html"))
                      for nb in (ROOT / "curriculum").glob("[0-9]*/*.ipynb"))


@pytest.mark.parametrize("page_path", MODULE_PAGES)
def test_module_page_shows_no_code_and_says_it_is_training(learner_book, page_path):
    _, html = learner_book
    page = (html / page_path).read_text(encoding="utf-8")
    assert "from widgets" not in page and "import " not in page.split("<main")[-1]
    assert "Training, not clinical guidance" in page


def _widgets_render(html_dir, page_path: str, timeout_ms: int = 20000):
    traffic = Traffic()
    with serve(html_dir) as base, offline_browser() as browser:
        page = open_offline(browser, f"{base}/{page_path}", traffic)
        try:
            page.wait_for_selector(WIDGET_SELECTOR, timeout=timeout_ms)
            rendered = page.locator(WIDGET_SELECTOR).count()
            calendar = page.locator('figure[aria-label^="Weekly calendar"]').count()
        except Exception:  # noqa: BLE001 - a timeout means nothing rendered
            rendered, calendar = 0, 0
        page.wait_for_timeout(500)  # let late requests (fonts) show up
    return rendered, calendar, traffic


def test_module1_widgets_render_offline_with_no_external_request(learner_book):
    _, html = learner_book
    rendered, calendar, traffic = _widgets_render(html, MODULE1)
    assert rendered > 0, "the schedule builder did not render from embedded widget state"
    assert calendar == 1, "the builder's calendar (with alt text) is missing"
    assert traffic.external == [], f"external requests attempted: {traffic.external}"
    assert traffic.failed == [], f"local requests failed: {traffic.failed}"


def test_offline_check_fails_when_vendored_scripts_are_removed(learner_book, tmp_path):
    """Proof that the offline test can fail: without the vendored files, no widgets."""
    _, html = learner_book
    broken = tmp_path / "html"
    shutil.copytree(html, broken)
    shutil.rmtree(broken / "_static" / "widgets")
    rendered, _, traffic = _widgets_render(broken, MODULE1, timeout_ms=5000)
    assert rendered == 0
    assert any("_static/widgets/embed-amd.js" in f for f in traffic.failed)
