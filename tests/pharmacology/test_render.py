"""Module 4's dosing numbers as a clinician reads them: tables with headers."""

from __future__ import annotations

import json
import re

from tests.conftest import ROOT
from widgets.pharmacology import dosing_summary
from widgets.pharmacology.render import (
    accumulation_table,
    dosing_table_html,
    range_accumulation_table,
)

NOTEBOOK = ROOT / "curriculum" / "04_mat_basics" / "04_mat_basics.ipynb"


def rows(html: str) -> list[list[str]]:
    body = html.split("<tbody>", 1)[1]
    return [re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row)
            for row in re.findall(r"<tr>(.*?)</tr>", body)]


def test_accumulation_table_has_headers_a_clinician_reads():
    html = accumulation_table([8, 24, 59])
    for header in ("Half-life (hours)", "Steady-state level (times the first dose&#39;s)",
                   "Days to about 97% of steady state"):
        assert header in html
    assert rows(html) == [["8", "1.14", "1.7"], ["24", "2.00", "5.0"], ["59", "4.07", "12.3"]]


def test_methadone_table_spans_the_reported_range_and_its_illustrative_value():
    html = range_accumulation_table("methadone")
    assert [r[0] for r in rows(html)] == ["8", "24", "59"]
    assert "Methadone, one dose a day" in html


def test_the_notebook_shows_the_table_not_a_tuple_list():
    cells = json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]
    cell = next(c for c in cells if "".join(c["source"]) == 'accumulation("methadone")')
    html = "".join(cell["outputs"][0]["data"]["text/html"])
    assert rows(html) == [["8", "1.14", "1.7"], ["24", "2.00", "5.0"], ["59", "4.07", "12.3"]]
    assert "nbval-check-output" in cell["metadata"]["tags"]


def test_dosing_table_lists_levels_before_and_after_each_days_dose():
    html = dosing_table_html(dosing_summary(24.0), "methadone")
    assert rows(html)[:2] == [["1", "0.00", "1.00"], ["2", "0.50", "1.50"]]
    assert "Just before the dose" in html and "Methadone, half-life 24 h" in html
