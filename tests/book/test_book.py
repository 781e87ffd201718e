"""The published book: a clean build with 0 warnings, and pages that work offline."""

from __future__ import annotations

import re

import pytest

from tests.conftest import ROOT, assert_clean_build

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("learner-book")]

MODULE1 = "curriculum/01_continuum/01_iop_in_the_continuum.html"


def test_learner_book_builds_with_zero_warnings(learner_book):
    done, html = learner_book
    assert_clean_build(done)
    assert (html / MODULE1).is_file()


def test_pages_load_no_script_from_a_cdn(learner_book):
    _, html = learner_book
    for path in html.rglob("*.html"):
        if "lite" in path.parts:
            continue  # JupyterLite's own app: its runtime needs the network (it says so)
        page = path.read_text(encoding="utf-8")
        scripts = re.findall(r'<script[^>]*src="([^"]+)"', page)
        links = re.findall(r'<link[^>]*href="(https?:[^"]+)"', page)
        assert not [s for s in scripts if s.startswith(("http:", "https:", "//"))], path
        assert not links, path


def test_no_page_shows_live_widgets_without_a_kernel(learner_book):
    """Every simulator has a static rendering: no embedded widget that would do nothing."""
    _, html = learner_book
    for path in html.rglob("*.html"):
        page = path.read_text(encoding="utf-8")
        assert "application/vnd.jupyter.widget-view+json" not in page, path


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
