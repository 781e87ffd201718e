"""Two editions from one source: learners get no solutions or facilitator pages."""

from __future__ import annotations

import pytest

from tests.conftest import assert_clean_build
from widgets.book.build import trainer_pages

pytestmark = [pytest.mark.slow]

MODULE1 = "curriculum/01_continuum/01_iop_in_the_continuum.html"
SOLUTION_TEXT = "Ten and a half hours"


@pytest.mark.xdist_group("trainer-book")
def test_trainer_book_builds_with_zero_warnings(trainer_book):
    done, html = trainer_book
    assert_clean_build(done)


@pytest.mark.xdist_group("trainer-book")
def test_trainer_edition_shows_solutions(trainer_book):
    _, html = trainer_book
    page = (html / MODULE1).read_text(encoding="utf-8")
    assert SOLUTION_TEXT in page
    assert "(trainer edition)" in page


@pytest.mark.xdist_group("trainer-book")
def test_trainer_edition_has_every_facilitator_page(trainer_book, root):
    _, html = trainer_book
    pages = trainer_pages(root)
    assert pages, "there are facilitator pages to include"
    for page in pages:
        assert (html / f"{page}.html").is_file(), page


@pytest.mark.xdist_group("learner-book")
def test_learner_edition_has_no_solutions_or_facilitator_pages(learner_book, root):
    _, html = learner_book
    assert SOLUTION_TEXT not in (html / MODULE1).read_text(encoding="utf-8")
    for page in trainer_pages(root):
        assert not (html / f"{page}.html").exists(), page
