"""Fixtures of the book tests: the SCORM packages of the learner book (made once)."""

from __future__ import annotations

import pytest

from tests.conftest import assert_clean_build


@pytest.fixture(scope="session")
def scorm_packages(learner_book, tmp_path_factory):
    """The packages of the learner book (``build_packages``, as ``build --scorm`` runs it):
    ``{file name: Package}``."""
    from widgets.book.build import course_title
    from widgets.book.scorm import build_packages

    done, html = learner_book
    assert_clean_build(done)
    out = tmp_path_factory.mktemp("scorm")
    return {p.path.name: p for p in build_packages(html, out, course_title=course_title())}
