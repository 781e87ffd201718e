"""The withdrawal scales as a clinician reads them: band edges and band sets as tables
with headers (never a tuple list), all HTML from templates."""

from __future__ import annotations

import json
import re

import pytest

from tests.conftest import ROOT
from widgets.withdrawal import SCALES
from widgets.withdrawal.render import band_edges_table, bands_table_html

NOTEBOOK = ROOT / "curriculum" / "04_mat_basics" / "04_mat_basics.ipynb"
EXERCISES = ROOT / "exercises" / "04_mat_basics" / "04_mat_basics_exercises.ipynb"


def rows(html: str) -> list[list[str]]:
    body = html.split("<tbody>", 1)[1]
    return [re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row)
            for row in re.findall(r"<tr>(.*?)</tr>", body)]


def test_cows_band_edges_are_a_table_of_total_and_band():
    html = band_edges_table(SCALES["cows"])
    assert '<th scope="col" class="num">COWS total</th>' in html
    assert "<th scope=\"col\">Band: COWS form (Wesson &amp; Ling 2003)</th>" in html
    assert rows(html) == [
        ["4", "none (0-4)"], ["5", "mild (5-12)"], ["12", "mild (5-12)"],
        ["13", "moderate (13-24)"], ["24", "moderate (13-24)"],
        ["25", "moderately severe (25-36)"], ["36", "moderately severe (25-36)"],
        ["37", "severe (37 and above)"]]


def test_ciwa_band_edges_show_every_published_band_set_side_by_side():
    html = band_edges_table(SCALES["ciwa-ar"])
    assert [r[0] for r in rows(html)] == ["7", "8", "9", "10", "14", "15", "18", "19"]
    assert rows(html)[1] == ["8", "mild (0-9)", "moderate (8-14)"]
    assert rows(html)[5] == ["15", "moderate (10-18)", "severe (15 and above)"]
    assert "Band: ASAM Alcohol Withdrawal Management guideline (2020)" in html
    assert "Band: VA PAWS (levels of risk)" in html


def test_band_edges_table_takes_chosen_totals():
    assert [r[0] for r in rows(band_edges_table(SCALES["cows"], [0, 48]))] == ["0", "48"]


@pytest.mark.parametrize("key", ["cows", "ciwa-ar"])
def test_every_band_set_is_a_table_with_its_sources_and_note(key):
    scale = SCALES[key]
    html = bands_table_html(scale)
    assert html.count("<table ") == len(scale.band_sets)
    for bands in scale.band_sets.values():
        assert bands.note.replace("'", "&#39;") in html
        for band in bands.bands:
            assert f"<td>{band.range_text}</td>" in html


def _outputs(path):
    for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
        for output in cell.get("outputs", []):
            yield "".join(cell["source"]), output.get("data", {})


@pytest.mark.parametrize("path", [NOTEBOOK, EXERCISES], ids=lambda p: p.stem)
def test_module_4_notebooks_show_no_python_repr(path):
    """Issue 14: a stored output is a table, a sentence or a widget, never a repr."""
    for source, data in _outputs(path):
        if "text/html" in data or "application/vnd.jupyter.widget-view+json" in data:
            continue
        text = "".join(data.get("text/plain", ""))
        assert not text.lstrip().startswith(("[", "(", "{")), (source, text[:80])


def test_module_4_notebook_shows_the_band_edges_as_tables():
    shown = {source: "".join(data.get("text/html", "")) for source, data in _outputs(NOTEBOOK)}
    assert "COWS total" in shown['band_edges("cows")']
    assert "Band: VA PAWS (levels of risk)" in shown['band_edges("ciwa-ar")']


@pytest.mark.parametrize("topic", ["withdrawal", "pharmacology"])
def test_topic_builds_no_html_with_f_strings_and_names_no_module(topic):
    for path in (ROOT / "widgets" / topic).glob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"""f["'][^"'\n]*<[a-zA-Z/]""", text), path.name
        if path.stem == "view":
            assert not re.search(r"""["']m\d\d["']""", text), path.name
