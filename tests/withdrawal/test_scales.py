"""The scales as data (``kind: withdrawal-scale``): each rule rejects a broken copy of the
curriculum's COWS or CIWA-Ar file, naming file, entry and field; a clinician's rewording
of an anchor reaches the form without touching Python."""

from __future__ import annotations

import copy
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT
from widgets.core.content import ContentError, ContentIndex, load_file
from widgets.withdrawal import SCALES, ScaleItem
from widgets.withdrawal.model import scale_from_spec
from widgets.withdrawal.schemas import WithdrawalScaleSpec

SCALES_DIR = ROOT / "curriculum" / "04_mat_basics" / "scales"


def original(name: str) -> dict:
    return yaml.safe_load((SCALES_DIR / f"{name}.yaml").read_text(encoding="utf-8"))


def item(data: dict, key: str) -> dict:
    return next(i for i in data["items"] if i["id"] == key)


def write(tmp_path: Path, data: dict, name: str) -> Path:
    path = tmp_path / f"{name}.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def _anchor_for_a_value_not_allowed(d):
    item(d, "tremor")["anchors"][9] = "beyond severe"


def _anchors_out_of_order(d):
    item(d, "resting_pulse")["anchors"][3] = "101 to 110"  # after 4: the points read 0,1,2,4,3


def _points_not_ascending(d):
    item(d, "tremor")["points"] = [0, 2, 1, 3, 4, 5, 6, 7]


def _top_without_anchor(d):
    del item(d, "tremor")["anchors"][7]


def _anchor_not_text(d):
    item(d, "tremor")["anchors"][0] = False  # what YAML makes of an unquoted "no"


def _duplicate_item(d):
    d["items"].append(copy.deepcopy(item(d, "tremor")))


def _item_key_with_hyphen(d):
    item(d, "gi_upset")["id"] = "gi-upset"


def _band_gap(d):
    d["band_sets"][0]["bands"][2]["low"] = 14


def _band_ends_below_start(d):
    d["band_sets"][0]["bands"][1].update(low=5, high=3)


def _closed_top(d):
    d["band_sets"][0]["bands"][-1]["high"] = 48


def _first_band_not_at_zero(d):
    d["band_sets"][0]["bands"][0]["low"] = 1


def _duplicate_label(d):
    d["band_sets"][0]["bands"][1]["label"] = "none"


def _unknown_default(d):
    d["default_band_set"] = "who-2030"


def _band_above_maximum(d):
    d["band_sets"][0]["bands"][-2]["high"] = 59
    d["band_sets"][0]["bands"][-1]["low"] = 60


def _unknown_field(d):
    d["band_sets"][0]["cutoff"] = 5


BROKEN = [
    # scale, change, entry, field, words
    ("ciwa-ar", _anchor_for_a_value_not_allowed, "tremor", "anchors",
     "anchors for values it does not allow: [9]"),
    ("cows", _anchors_out_of_order, "resting_pulse", "anchors",
     "values must be unique and ascending"),
    ("ciwa-ar", _points_not_ascending, "tremor", "anchors", "values must be unique and ascending"),
    ("ciwa-ar", _top_without_anchor, "tremor", "anchors",
     "the lowest and the highest values (0 and 7) need an anchor"),
    ("ciwa-ar", _anchor_not_text, "tremor", "anchors.0", "expected a valid string; got False"),
    ("ciwa-ar", _duplicate_item, "ciwa-ar", "items", "duplicate item id(s) tremor"),
    ("cows", _item_key_with_hyphen, "gi-upset", "id",
     "expected an item key: lower-case words joined by underscores, e.g. 'resting_pulse'; "
     "got 'gi-upset'"),
    ("cows", _band_gap, "wesson-ling-2003", "bands",
     "bands 'mild' and 'moderate' are not contiguous"),
    ("cows", _band_ends_below_start, "wesson-ling-2003", "bands",
     "band 'mild' ends (3) below its start (5)"),
    ("cows", _closed_top, "wesson-ling-2003", "bands", "the last band must be open-ended"),
    ("cows", _first_band_not_at_zero, "wesson-ling-2003", "bands",
     "the first band must start at 0"),
    ("cows", _duplicate_label, "wesson-ling-2003", "bands", "each band needs its own label"),
    ("cows", _unknown_default, "cows", "default_band_set",
     "'who-2030' is not one of the scale's band sets: wesson-ling-2003"),
    ("cows", _band_above_maximum, "cows", "band_sets",
     "band 'severe' starts above the scale's maximum total of 48"),
    ("ciwa-ar", _unknown_field, "asam-2020", "cutoff", "is not a known field here"),
]


@pytest.mark.parametrize(("scale", "change", "entry", "field", "words"), BROKEN,
                         ids=[b[1].__name__.strip("_") for b in BROKEN])
def test_a_broken_scale_is_rejected_naming_file_entry_and_field(tmp_path, scale, change,
                                                                 entry, field, words):
    data = original(scale)
    change(data)
    path = write(tmp_path, data, scale)
    with pytest.raises(ContentError) as info:
        load_file(path)
    error = info.value
    assert (error.file.endswith(f"{scale}.yaml"), error.entry, error.field) == (True, entry,
                                                                                field)
    assert words.lower() in str(error).lower()


def test_an_unknown_citation_of_a_band_set_is_rejected_by_the_index(tmp_path):
    data = original("ciwa-ar")
    data["band_sets"][1]["cite"] = ["Nobody1999"]
    with pytest.raises(ContentError) as info:
        ContentIndex([write(tmp_path, data, "ciwa-ar")], ROOT / "references.bib")
    assert (info.value.entry, info.value.field) == ("va-paws", "cite.0")


@pytest.mark.parametrize("name", ["cows", "ciwa-ar"])
def test_the_curriculum_scales_are_the_scales_the_package_binds(name):
    spec = load_file(SCALES_DIR / f"{name}.yaml")
    assert isinstance(spec, WithdrawalScaleSpec)
    built, bound = scale_from_spec(spec), SCALES[name]
    assert list(built.items) == list(bound.items)
    assert all(built.items[k] == bound.items[k] for k in bound.items)
    assert {n: b.bands for n, b in built.band_sets.items()} == \
        {n: b.bands for n, b in bound.band_sets.items()}


def test_the_model_refuses_an_item_the_schema_would_refuse():
    """The rule is written once (schemas.points_problem) and guards both."""
    with pytest.raises(ValueError, match="tremor: the lowest and the highest values"):
        ScaleItem("tremor", "Tremor", "Observed.", (0, 1, 2), ((0, "none"), (1, "some")))
    with pytest.raises(ValueError, match="anchors for values it does not allow"):
        ScaleItem("tremor", "Tremor", "Observed.", (0, 2), ((0, "a"), (1, "b"), (2, "c")))


REWORDED = """
from widgets.withdrawal import COWS_ITEMS, score_cows
from widgets.withdrawal.view import cows_form

print(COWS_ITEMS["tremor"][4])
print(score_cows(dict.fromkeys(COWS_ITEMS, 4) | {"restlessness": 5, "pupil_size": 5,
      "gi_upset": 5, "gooseflesh": 5, "sweating": 4}).band)
form = cows_form(cases=[], recorder=None)
print("visible tremors and twitches" in form.static_html())
print(any("visible tremors and twitches" in label for label, _ in form._items["tremor"].options))
"""


def test_a_reworded_anchor_and_band_label_reach_the_form_without_python(tmp_path):
    data = original("cows")
    item(data, "tremor")["anchors"][4] = "visible tremors and twitches"
    data["band_sets"][0]["bands"][-1]["label"] = "severe (call the medical staff)"
    root = tmp_path / "checkout"
    folder = root / "curriculum" / "04_mat_basics" / "scales"
    folder.mkdir(parents=True)
    write(folder, data, "cows")
    (folder / "ciwa-ar.yaml").write_text((SCALES_DIR / "ciwa-ar.yaml").read_text())
    (root / "references.bib").write_text((ROOT / "references.bib").read_text())
    env = {**os.environ, "IOP_CONTENT_ROOT": str(root)}
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(REWORDED)], cwd=root,
                          env=env, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.splitlines() == ["visible tremors and twitches",
                                        "severe (call the medical staff)", "True", "True"]


@pytest.mark.parametrize("kind", ["withdrawal-scale", "withdrawal-case", "half-life-ranges"])
def test_load_kind_gives_what_the_full_index_gives(kind):
    from widgets.core.content import _load_kind, content_root, index

    fresh = list(_load_kind(kind, content_root().resolve()))
    assert fresh and fresh == index().of_kind(kind)


def test_one_case_checks_against_its_scale_when_checked_on_its_own():
    done = subprocess.run([sys.executable, "-m", "widgets.content", "check",
                           "curriculum/04_mat_basics/cases/cows-too-early.yaml"], cwd=ROOT,
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0 and "1 content files valid" in done.stdout, done.stderr
