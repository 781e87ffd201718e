"""The levels of care as data (``kind: levels-of-care``): what the file says, and the
rules its schema enforces."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from widgets.core.content import ContentError, load_file
from widgets.level_of_care import levels_of_care

FILE = Path(__file__).parents[2] / "curriculum/02_level_of_care/levels-of-care.yaml"


@pytest.fixture(scope="module")
def levels():
    return levels_of_care()


def test_every_level_of_the_third_edition_in_order(levels):
    assert levels.codes == ("0.5", "1", "2.1", "2.5", "3.1", "3.3", "3.5", "3.7", "4")
    assert levels.level("2.1").name == "Intensive outpatient"
    assert levels.level("2.5").name == "Partial hospitalization"
    assert levels.level("3.7").name == "Medically monitored intensive inpatient"
    assert levels.level("4").name == "Medically managed intensive inpatient"
    assert levels.level("2.1").short_name == "Intensive outpatient (IOP)"


def test_hours_keep_their_numbers(levels):
    assert levels.iop_min_hours() == 9
    assert levels.iop_min_hours(adolescent=True) == 6
    assert levels.iop_max_hours() == 20
    assert (levels.level("1").band.min, levels.level("1").band.max) == (0, 9)
    assert (levels.level("2.5").band.min, levels.level("2.5").band.max) == (20, None)
    assert [lv.code for lv in levels.levels if lv.is_24_hour] == ["3.1", "3.3", "3.5", "3.7",
                                                                  "4"]
    assert levels.level("0.5").hours is None


def test_a_band_is_min_inclusive_max_exclusive(levels):
    iop = levels.level("2.1").band
    assert iop.contains(9) and iop.contains(19.5) and not iop.contains(20)
    assert not iop.contains(8.99)


def test_numbers_resting_on_one_state_rule_say_so(levels):
    for code in ("2.1", "2.5"):
        assert "check your own state's rule" in levels.level(code).band.source_note
    cited = {key for lv in levels.levels for key in lv.cite + (lv.band.cite if lv.band else [])}
    assert not cited & {"ICRC-StudyGuide", "RaleighHouse-2.5"}
    assert "SAMHSA-Adv2021" in levels.level("2.1").band.cite
    assert levels.level("2.5").band.cite == ["DCMR-6330"]
    assert levels.adolescent_cite == ["SAMHSA-Adv2021"]


def test_the_accessor_is_cached(levels):
    assert levels_of_care() is levels


def test_teaching_model_levels(levels):
    assert [lv.code for lv in levels.teaching_model_levels] == ["1", "2.1", "2.5", "3.1",
                                                                "3.5", "3.7", "4"]


def _write(tmp_path: Path, change) -> Path:
    data = yaml.safe_load(FILE.read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / "levels-of-care.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


def _level(data: dict, code: str) -> dict:
    return next(lv for lv in data["levels"] if lv["code"] == code)


@pytest.mark.parametrize(("change", "message"), [
    (lambda d: _level(d, "2.1")["hours"].update(max=21), "meet end to end"),
    (lambda d: _level(d, "2.1")["hours"].update(max=8), "must be more than min"),
    (lambda d: _level(d, "1")["hours"].update(min=1), "start at 0"),
    (lambda d: _level(d, "2.5")["hours"].update(max=40), "open-ended"),
    (lambda d: d["levels"].reverse(), "least to most intensive"),
    (lambda d: d.update(adolescent_iop_min_hours=10), "at most the adult IOP minimum"),
    (lambda d: d.update(intensive_outpatient="2.2"), "not one of the levels"),
    (lambda d: _level(d, "3.1").update(hours="overnight"), "hours"),
    (lambda d: _level(d, "1").update(code="one"), "code"),
])
def test_bad_files_are_refused_naming_the_problem(tmp_path, change, message):
    with pytest.raises(ContentError, match=message) as raised:
        load_file(_write(tmp_path, change))
    assert "levels-of-care.yaml" in str(raised.value)
