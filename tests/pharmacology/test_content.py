"""The half-life ranges as data (``kind: half-life-ranges``): each rule rejects a broken copy
of the curriculum's file, naming file, entry and field; the explorers use what it says."""

from __future__ import annotations

import pytest
import yaml

from tests.conftest import ROOT
from widgets.core.content import ContentError, ContentIndex
from widgets.pharmacology import HALF_LIFE_RANGES, half_life_range

FILE = ROOT / "curriculum" / "04_mat_basics" / "half-lives.yaml"


def broken(tmp_path, change):
    data = yaml.safe_load(FILE.read_text(encoding="utf-8"))
    change(data["medications"])
    path = tmp_path / "half-lives.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


@pytest.mark.parametrize(("change", "entry", "field", "words"), [
    (lambda m: m[0].update(low_h=60), "methadone", "", "low_h (60) must be below high_h (59)"),
    (lambda m: m[1].update(illustrative_h=70), "buprenorphine", "",
     "illustrative_h (70) must lie in the range 20-60 h"),
    (lambda m: m[0].update(high_h=5000), "methadone", "medications.0.high_h",
     "half_life_h must be a number from 0.05 to 1,000 hours; got 5000"),
    (lambda m: m[0].update(low_h="eight"), "methadone", "low_h", "expected a valid number"),
    (lambda m: m.append(dict(m[0])), "half-lives", "medications",
     "duplicate medication id(s) methadone"),
    (lambda m: m[1].update(cite=["Nobody1999"]), "buprenorphine", "cite.0",
     "citation key 'Nobody1999' is not in references.bib"),
    (lambda m: m[0].pop("reported"), "methadone", "reported", "is required but missing"),
])
def test_a_broken_half_life_file_is_rejected_naming_file_entry_and_field(tmp_path, change,
                                                                         entry, field, words):
    with pytest.raises(ContentError) as info:
        ContentIndex([broken(tmp_path, change)], ROOT / "references.bib")
    assert info.value.file.endswith("half-lives.yaml")
    assert (info.value.entry, info.value.field or "") == (entry, field)
    assert words in str(info.value)


def test_the_explorers_range_comes_from_the_file():
    data = yaml.safe_load(FILE.read_text(encoding="utf-8"))
    for medication in data["medications"]:
        rng = half_life_range(medication["id"])
        assert (rng.low_h, rng.high_h, rng.illustrative_h) == (
            medication["low_h"], medication["high_h"], medication["illustrative_h"])
        assert rng.reported == tuple(medication["reported"])
    assert list(HALF_LIFE_RANGES) == [m["id"] for m in data["medications"]]


def test_an_unknown_medication_lists_the_ones_there_are():
    with pytest.raises(KeyError, match="no half-life range for 'heroin'; there are: "
                                       "methadone, buprenorphine"):
        half_life_range("heroin")
