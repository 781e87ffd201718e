"""The competency coverage page (widgets.trainer.render) and its command line."""

from __future__ import annotations

import subprocess
import sys

from widgets.core.registry import modules
from widgets.trainer import coverage_data
from widgets.trainer.render import coverage_html, coverage_markdown


def test_coverage_tables_scroll_in_their_own_box_when_wider_than_the_column():
    page = coverage_html()
    matrix_start = page.index('<div class="iop-scroll"')
    assert "Modules by TAP 21 area" in page[matrix_start:matrix_start + 400]
    assert page.count('class="iop-scroll"') == 2  # the matrix and the list
    assert '<th scope="row">m05</th>' in page


def test_coverage_counts_agree_between_html_markdown_and_data():
    cov = coverage_data()
    assert f"<strong>{cov.covered} of 123</strong>" in coverage_html()
    assert f"**{cov.covered} of 123**" in coverage_markdown()
    assert [module for module, _ in cov.rows] == [m.id for m in modules()]


def test_command_line_keeps_its_old_path_when_run():
    check = subprocess.run([sys.executable, "-m", "widgets.competency", "check"],
                           capture_output=True, text=True, timeout=120)
    assert check.returncode == 0, check.stderr
    assert check.stdout.startswith("ok: competency map valid")
    page = subprocess.run([sys.executable, "-m", "widgets.competency", "coverage", "--html"],
                          capture_output=True, text=True, timeout=120)
    assert page.returncode == 0 and 'class="iop-scroll"' in page.stdout
