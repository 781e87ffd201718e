"""The "Run this page live" block: its links and its text (no build needed)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from widgets.book.launch import BINDER_UNSET, binder_url, block_html
from widgets.book.lite import NETWORK_NOTE, lite_url

NB = "curriculum/01_continuum/01_iop_in_the_continuum.ipynb"
PAGE = "curriculum/01_continuum/01_iop_in_the_continuum.html"


def _config(repo: str = "", **kw) -> SimpleNamespace:
    return SimpleNamespace(launch_repository_url=repo, launch_repository_branch="main",
                           launch_binderhub_url="https://mybinder.org",
                           launch_lite_app="notebooks", **kw)


@pytest.mark.parametrize(("repo", "expected"), [
    ("https://github.com/org/iop-curriculum",
     "https://mybinder.org/v2/gh/org/iop-curriculum/main?urlpath=lab/tree/" + NB),
    ("https://github.com/org/iop-curriculum.git/",
     "https://mybinder.org/v2/gh/org/iop-curriculum/main?urlpath=lab/tree/" + NB),
    ("https://gitlab.com/org/sub/iop",
     "https://mybinder.org/v2/gl/org%2Fsub%2Fiop/main?urlpath=lab/tree/" + NB),
    ("https://git.example.org/iop.git",
     "https://mybinder.org/v2/git/https%3A%2F%2Fgit.example.org%2Fiop/main?urlpath=lab/tree/"
     + NB),
])
def test_binder_url(repo, expected):
    assert binder_url(repo, "main", NB) == expected


def test_block_links_to_the_lite_copy_relative_to_the_page():
    html = block_html(PAGE, NB, _config())
    assert f'href="../../{lite_url(NB)}"'.replace("&", "&amp;") in html
    assert "Run this page live" in html and 'role="note"' in html
    assert BINDER_UNSET not in html and "mybinder.org/v2" not in html  # no maintainer note
    assert NETWORK_NOTE in html


def test_block_has_a_binder_link_when_the_repository_is_set():
    html = block_html(PAGE, NB, _config("https://github.com/org/iop"))
    assert 'href="https://mybinder.org/v2/gh/org/iop/main?urlpath=lab/tree/' + NB in html
    assert BINDER_UNSET not in html


def test_block_from_a_top_level_page_and_dirhtml():
    assert 'href="lite/launch.html?app=notebooks&amp;path=x.ipynb"' in block_html(
        "x.html", "x.ipynb", _config())
    assert 'href="../../lite/launch.html?' in block_html(
        "curriculum/01_continuum/", NB, _config())
