"""Module 1's schedule-builder content: the YAML validates, and each kind of mistake a
clinician could make in it is reported with its file, entry and field."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT
from widgets.continuum import example_weeks, schedule_builder, services
from widgets.core.content import ContentError, ContentIndex

SOURCE = ROOT / "curriculum" / "01_continuum" / "schedule-builder.yaml"
LEVELS = ROOT / "curriculum" / "02_level_of_care" / "levels-of-care.yaml"


def test_the_curriculum_content_loads():
    content = schedule_builder()
    assert [s.id for s in content.services] == ["group", "individual", "family",
                                                "psychoeducation", "medication"]
    assert content.program.min_days == 3 and content.program.core_service == "group"
    assert "illustrative" in content.program.note
    assert list(example_weeks()) == ["weekly-outpatient", "evening-iop", "day-program"]
    assert services()["medication"].label == "Medication visit"


def load_changed(tmp_path: Path, change: Callable[[dict], None], *, levels: bool = True):
    """Load a copy of the content with ``change`` applied to its data (beside a copy of
    the levels of care, unless ``levels`` is false)."""
    data = yaml.safe_load(SOURCE.read_text(encoding="utf-8"))
    change(data)
    folder = tmp_path / "curriculum" / "01_continuum"
    folder.mkdir(parents=True)
    (folder / SOURCE.name).write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    shutil.copy(ROOT / "references.bib", tmp_path / "references.bib")
    if levels:
        (tmp_path / "curriculum" / LEVELS.parent.name).mkdir()
        shutil.copy(LEVELS, tmp_path / "curriculum" / LEVELS.parent.name / LEVELS.name)
    # The whole index, as `python -m widgets.content check` validates it (a notebook's
    # single load reads the one file and skips the cross-file checks).
    return ContentIndex.from_root(tmp_path).get("schedule-builder", "schedule-builder")


def test_an_unchanged_copy_loads(tmp_path):
    assert load_changed(tmp_path, lambda d: None) == schedule_builder()


def test_the_hour_cut_offs_come_from_the_levels_of_care(tmp_path):
    with pytest.raises(ContentError, match="needs the levels of care: no levels-of-care") as err:
        load_changed(tmp_path, lambda d: None, levels=False)
    assert (err.value.entry, err.value.field) == ("schedule-builder", "intensity")
    wording = schedule_builder().intensity
    assert not any(ch.isdigit() for text in wording.explanations.values() for ch in text)


@pytest.mark.parametrize(("change", "entry", "field", "message"), [
    (lambda d: d["services"][0].update(colour="pink"), "group", "services.0.colour",
     "unknown colour 'pink'; colours are orange, sky_blue"),
    (lambda d: d["services"][1].update(pattern="stars"), "individual", "pattern",
     "expected 'solid', 'diagonal'"),
    (lambda d: d["program"].update(min_days=8), "schedule-builder", "program.min_days",
     "less than or equal to 7"),
    (lambda d: d["program"].update(core_service="yoga"), "schedule-builder", "",
     "program.core_service 'yoga' is not a service"),
    (lambda d: d["program"]["warnings"].update(too_few_days="Only {dayz}."),
     "schedule-builder", "program.warnings.too_few_days",
     r"unknown blank\(s\) \{dayz\}; this sentence may use: \{days\}, \{min_days\}"),
    (lambda d: d["program"]["warnings"].update(no_core_service="No {0!r}"),
     "schedule-builder", "program.warnings.no_core_service", "write a blank as"),
    (lambda d: d["program"]["warnings"].update(cite=["NoSuchKey"]), "schedule-builder",
     "program.warnings.cite.0", "citation key 'NoSuchKey' is not in references.bib"),
    (lambda d: d["intensity"]["explanations"].pop("2.5"), "schedule-builder",
     "intensity.explanations", "one sentence for each level defined by weekly hours"),
    (lambda d: d["intensity"]["explanations"].update({"2.5": "{hours} under {next_min}"}),
     "schedule-builder", "intensity.explanations", "cannot use {next_min}"),
    (lambda d: d["example_weeks"][1]["blocks"].append(
        {"day": "Mon", "service": "family", "start": 18.5, "hours": 1}),
     "evening-iop", "example_weeks.1.blocks", "overlaps"),
    (lambda d: d["example_weeks"][0]["blocks"].append(
        {"day": "Mon", "service": "yoga", "start": 8, "hours": 1}),
     "schedule-builder", "", "unknown service 'yoga'"),
    (lambda d: d["example_weeks"][0]["blocks"].append(
        {"day": "Mon", "service": "group", "start": 23, "hours": 2}),
     "weekly-outpatient", "example_weeks.0.blocks", "ends after midnight"),
    (lambda d: d["example_weeks"][0]["blocks"][0].update(day="Monday"), "weekly-outpatient",
     "blocks.0.day", "expected 'Mon'"),
    (lambda d: d.update(starting_week="night-iop"), "schedule-builder", "",
     "starting_week 'night-iop' is not an example week"),
    (lambda d: d["services"].append(dict(d["services"][0])), "schedule-builder", "",
     "duplicate service id.s. group"),
], ids=["colour", "pattern", "min-days", "core-service", "unknown-blank", "bad-blank",
        "citation", "missing-explanation", "last-level-next-min", "overlap",
        "unknown-service", "after-midnight", "day-name", "starting-week", "duplicate"])
def test_content_mistakes_name_file_entry_and_field(tmp_path, change, entry, field, message):
    with pytest.raises(ContentError, match=message) as err:
        load_changed(tmp_path, change)
    assert err.value.file.endswith("schedule-builder.yaml")
    assert err.value.entry == entry
    assert (err.value.field or "") == field
