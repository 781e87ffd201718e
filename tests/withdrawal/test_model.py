"""COWS and CIWA-Ar scoring: every item's allowed values, every band edge, every bad input."""

from __future__ import annotations

import subprocess
import sys
from functools import cache
from types import MappingProxyType

import numpy as np
import pytest

from widgets.withdrawal import (
    CIWA_AR_BAND_SETS,
    CIWA_AR_DEFAULT_BANDS,
    CIWA_AR_ITEMS,
    COWS_BANDS,
    COWS_ITEMS,
    SCALES,
    Band,
    BandSet,
    check_answers,
    compare_ratings,
    partial_score,
    resolve_bands,
    score,
    score_ciwa_ar,
    score_cows,
)

# The fact base's COWS table (Wesson & Ling 2003; NCBI Bookshelf and PCSS/NAABT form).
COWS_ALLOWED = {
    "resting_pulse": (0, 1, 2, 4),
    "sweating": (0, 1, 2, 3, 4),
    "restlessness": (0, 1, 3, 5),
    "pupil_size": (0, 1, 2, 5),
    "bone_joint_aches": (0, 1, 2, 4),
    "runny_nose_tearing": (0, 1, 2, 4),
    "gi_upset": (0, 1, 2, 3, 5),
    "tremor": (0, 1, 2, 4),
    "yawning": (0, 1, 2, 4),
    "anxiety_irritability": (0, 1, 2, 4),
    "gooseflesh": (0, 3, 5),
}
CIWA_KEYS = ("nausea_vomiting", "tremor", "paroxysmal_sweats", "anxiety", "agitation",
             "tactile_disturbances", "auditory_disturbances", "visual_disturbances",
             "headache", "orientation")


def zeros(items) -> dict[str, int]:
    return {k: 0 for k in items}


@cache
def cows_answers_for(total: int) -> dict[str, int]:
    """Some valid COWS answers adding up to ``total`` (dynamic programming over items)."""
    reachable: dict[int, dict[str, int]] = {0: {}}
    for key, allowed in COWS_ALLOWED.items():
        nxt: dict[int, dict[str, int]] = {}
        for subtotal, chosen in reachable.items():
            for value in allowed:
                nxt.setdefault(subtotal + value, {**chosen, key: value})
        reachable = nxt
    return reachable[total]


def ciwa_answers_for(total: int) -> dict[str, int]:
    answers = zeros(CIWA_KEYS)
    for key in CIWA_KEYS:
        top = 4 if key == "orientation" else 7
        answers[key] = min(top, total)
        total -= answers[key]
    assert total == 0
    return answers


def expected_cows_band(total: int) -> str:
    if total < 5:
        return "none"
    if total <= 12:
        return "mild"
    if total <= 24:
        return "moderate"
    if total <= 36:
        return "moderately severe"
    return "severe"


# ------------------------------------------------------------------------- COWS items


def test_cows_items_are_the_eleven_published_items_in_form_order():
    assert list(COWS_ITEMS) == list(COWS_ALLOWED)
    assert isinstance(COWS_ITEMS, MappingProxyType)


@pytest.mark.parametrize("key", COWS_ALLOWED)
def test_cows_item_allows_exactly_the_published_values(key):
    item = COWS_ITEMS[key]
    assert tuple(item) == COWS_ALLOWED[key]
    assert item.allowed == COWS_ALLOWED[key]
    assert all(item[v] and item.is_anchored(v) for v in item)  # every COWS value anchored


def test_cows_maximum_is_48_when_every_item_is_at_its_top():
    assert SCALES["cows"].maximum == 48
    top = {k: v[-1] for k, v in COWS_ALLOWED.items()}
    assert score_cows(top).total == 48


@pytest.mark.parametrize(("key", "value"),
                         [(k, v) for k, values in COWS_ALLOWED.items() for v in values])
def test_score_cows_accepts_every_allowed_value_of_every_item(key, value):
    result = score_cows({**zeros(COWS_ITEMS), key: value})
    assert result.total == value
    assert dict(result.answers)[key] == value


@pytest.mark.parametrize(("key", "value"),
                         [(k, v) for k, values in COWS_ALLOWED.items()
                          for v in range(-2, values[-1] + 3) if v not in values])
def test_score_cows_rejects_every_value_the_item_does_not_allow(key, value):
    with pytest.raises(ValueError) as info:
        score_cows({**zeros(COWS_ITEMS), key: value})
    message = str(info.value)
    assert f"'{key}'" in message
    assert ", ".join(str(v) for v in COWS_ALLOWED[key]) in message


def test_score_cows_names_item_and_allowed_values_when_resting_pulse_is_3():
    with pytest.raises(ValueError, match=r"'resting_pulse' does not allow 3; allowed values "
                                         r"are 0, 1, 2, 4"):
        score_cows({**zeros(COWS_ITEMS), "resting_pulse": 3})


@pytest.mark.parametrize("total", range(49))
def test_score_cows_band_matches_the_published_bands_for_every_total(total):
    result = score_cows(cows_answers_for(total))
    assert result.total == total
    assert result.band == expected_cows_band(total)
    assert result.maximum == 48
    assert result.band_set == "wesson-ling-2003"


@pytest.mark.parametrize(("total", "band"), [
    (4, "none"), (5, "mild"), (12, "mild"), (13, "moderate"), (24, "moderate"),
    (25, "moderately severe"), (36, "moderately severe"), (37, "severe"), (48, "severe")])
def test_score_cows_band_edges_when_total_is_at_a_boundary(total, band):
    assert score_cows(cows_answers_for(total)).band == band


def test_score_cows_total_is_an_int_when_values_are_numpy_integers():
    answers = {k: np.int64(v[1]) for k, v in COWS_ALLOWED.items()}
    result = score_cows(answers)
    assert type(result.total) is int
    assert result.total == sum(v[1] for v in COWS_ALLOWED.values())


# ------------------------------------------------------------------------ bad inputs

BAD_VALUES = [
    (2.0, "float"), (1.5, "float"), ("2", "str"), (True, "bool"), (False, "bool"),
    (None, "NoneType"), (np.bool_(True), "bool"), (np.float64(1.0), "float64"), ([1], "list"),
]


@pytest.mark.parametrize(("value", "type_name"), BAD_VALUES)
@pytest.mark.parametrize("scorer", [score_cows, score_ciwa_ar])
def test_scorers_reject_non_integer_values_naming_item_and_allowed_values(scorer, value,
                                                                          type_name):
    items = COWS_ITEMS if scorer is score_cows else CIWA_AR_ITEMS
    with pytest.raises(ValueError) as info:
        scorer({**zeros(items), "tremor": value})
    message = str(info.value)
    assert "'tremor' must be a whole number" in message
    assert ", ".join(str(v) for v in items["tremor"]) in message
    assert type_name in message


@pytest.mark.parametrize(("scorer", "missing"),
                         [(score_cows, k) for k in COWS_ALLOWED]
                         + [(score_ciwa_ar, k) for k in CIWA_KEYS])
def test_scorers_reject_a_missing_item_naming_it_and_its_values(scorer, missing):
    items = COWS_ITEMS if scorer is score_cows else CIWA_AR_ITEMS
    answers = zeros(items)
    del answers[missing]
    with pytest.raises(ValueError) as info:
        scorer(answers)
    message = str(info.value)
    assert f"'{missing}' is missing" in message
    assert ", ".join(str(v) for v in items[missing]) in message


@pytest.mark.parametrize("scorer", [score_cows, score_ciwa_ar])
def test_scorers_reject_an_unknown_item_naming_it_and_listing_the_items(scorer):
    items = COWS_ITEMS if scorer is score_cows else CIWA_AR_ITEMS
    with pytest.raises(ValueError) as info:
        scorer({**zeros(items), "pulse": 1})
    assert "unknown item 'pulse'" in str(info.value)
    assert ", ".join(items) in str(info.value)


def test_score_cows_rejects_an_item_of_the_other_scale():
    with pytest.raises(ValueError, match="unknown item 'orientation'"):
        score_cows({**zeros(COWS_ITEMS), "orientation": 0})


@pytest.mark.parametrize("answers", [None, [("tremor", 1)], "tremor=1", 12])
def test_scorers_raise_type_error_when_answers_are_not_a_mapping(answers):
    with pytest.raises(TypeError, match="answers must be a mapping"):
        score_cows(answers)


def test_score_cows_rejects_an_empty_mapping_by_naming_the_first_missing_item():
    with pytest.raises(ValueError, match="'resting_pulse' is missing"):
        score_cows({})


# --------------------------------------------------------------------------- CIWA-Ar


def test_ciwa_ar_items_are_the_ten_published_items():
    assert tuple(CIWA_AR_ITEMS) == CIWA_KEYS
    assert SCALES["ciwa-ar"].maximum == 67


@pytest.mark.parametrize("key", CIWA_KEYS)
def test_ciwa_ar_item_allows_zero_to_seven_or_orientation_zero_to_four(key):
    expected = tuple(range(5)) if key == "orientation" else tuple(range(8))
    assert tuple(CIWA_AR_ITEMS[key]) == expected


@pytest.mark.parametrize("key", CIWA_KEYS)
def test_ciwa_ar_anchors_are_at_0_4_7_or_every_orientation_point(key):
    item = CIWA_AR_ITEMS[key]
    anchored = tuple(v for v in item if item.is_anchored(v))
    assert anchored == ((0, 1, 2, 3, 4) if key == "orientation" else (0, 4, 7))
    for value in item:
        if not item.is_anchored(value):
            assert "between the anchors" in item[value]


@pytest.mark.parametrize(("key", "value"),
                         [(k, v) for k in CIWA_KEYS
                          for v in (range(5) if k == "orientation" else range(8))])
def test_score_ciwa_ar_accepts_every_allowed_value_of_every_item(key, value):
    assert score_ciwa_ar({**zeros(CIWA_KEYS), key: value}).total == value


@pytest.mark.parametrize(("key", "value"),
                         [(k, v) for k in CIWA_KEYS for v in (-1, 8, 9)]
                         + [("orientation", 5), ("orientation", 7)])
def test_score_ciwa_ar_rejects_values_out_of_range(key, value):
    with pytest.raises(ValueError, match=f"'{key}' does not allow {value}; allowed values"):
        score_ciwa_ar({**zeros(CIWA_KEYS), key: value})


def test_score_ciwa_ar_maximum_is_67():
    top = {k: (4 if k == "orientation" else 7) for k in CIWA_KEYS}
    assert score_ciwa_ar(top).total == 67


def test_ciwa_ar_default_bands_are_the_cited_asam_2020_set():
    assert CIWA_AR_DEFAULT_BANDS == "asam-2020"
    assert CIWA_AR_BAND_SETS["asam-2020"].cite == ("ASAM-AWM2020",)
    assert score_ciwa_ar(ciwa_answers_for(0)).band_set == "asam-2020"


@pytest.mark.parametrize(("total", "asam", "va"), [
    (0, "mild", "minimal to mild"), (7, "mild", "minimal to mild"), (8, "mild", "moderate"),
    (9, "mild", "moderate"), (10, "moderate", "moderate"), (14, "moderate", "moderate"),
    (15, "moderate", "severe"), (18, "moderate", "severe"), (19, "severe", "severe"),
    (67, "severe", "severe")])
def test_score_ciwa_ar_bands_at_each_published_edge(total, asam, va):
    answers = ciwa_answers_for(total)
    assert score_ciwa_ar(answers).band == asam
    assert score_ciwa_ar(answers, bands="asam-2020").band == asam
    assert score_ciwa_ar(answers, bands="va-paws").band == va
    assert score_ciwa_ar(answers, bands=CIWA_AR_BAND_SETS["va-paws"]).band == va


def test_score_ciwa_ar_uses_a_local_band_set_when_given_one():
    local = BandSet("local", "Our protocol", ("Sullivan1989",),
                    (Band("low", 0, 11), Band("high", 12)))
    assert score_ciwa_ar(ciwa_answers_for(11), bands=local).band == "low"
    result = score_ciwa_ar(ciwa_answers_for(12), bands=local)
    assert (result.band, result.band_set) == ("high", "local")


@pytest.mark.parametrize("bands", ["who-2030", "wesson-ling-2003", ""])
def test_score_ciwa_ar_rejects_an_unknown_band_set_name_listing_the_published_ones(bands):
    with pytest.raises(ValueError, match="unknown band set .*asam-2020, va-paws"):
        score_ciwa_ar(ciwa_answers_for(3), bands=bands)


def test_every_ciwa_band_set_covers_every_total_exactly_once():
    for bands in CIWA_AR_BAND_SETS.values():
        for total in range(68):
            assert sum(b.contains(total) for b in bands.bands) == 1


@pytest.mark.parametrize("bands", [
    (Band("a", 1, 4), Band("b", 5)),          # does not start at 0
    (Band("a", 0, 4), Band("b", 6)),          # gap
    (Band("a", 0, 4), Band("b", 4)),          # overlap
    (Band("a", 0, 4), Band("b", 5, 9)),       # closed at the top
    (),
])
def test_band_set_rejects_bands_that_leave_a_total_without_exactly_one_band(bands):
    with pytest.raises(ValueError, match="band set 'x'"):
        BandSet("x", "X", (), bands)


def test_band_set_classify_rejects_negative_totals():
    with pytest.raises(ValueError, match="cannot be negative"):
        COWS_BANDS.classify(-1)


def test_resolve_bands_returns_the_scale_default_when_none():
    assert resolve_bands("cows") is COWS_BANDS
    assert resolve_bands("ciwa-ar").name == "asam-2020"
    with pytest.raises(ValueError, match="unknown scale"):
        resolve_bands("ciwa-b")


# ------------------------------------------------------------------- partial scoring


def test_partial_score_reports_subtotal_and_missing_items_when_form_is_incomplete():
    progress = partial_score("cows", {"resting_pulse": 2, "tremor": None, "yawning": 1})
    assert (progress.subtotal, progress.rated) == (3, 2)
    assert progress.missing[0] == "sweating" and "tremor" in progress.missing
    assert progress.result is None


def test_partial_score_gives_the_full_score_when_every_item_is_rated():
    progress = partial_score("cows", cows_answers_for(13))
    assert progress.result is not None and progress.result.band == "moderate"
    assert progress.missing == ()


def test_partial_score_validates_the_values_given():
    with pytest.raises(ValueError, match="'gooseflesh' does not allow 1"):
        partial_score("cows", {"gooseflesh": 1})


def test_check_answers_returns_plain_ints_in_form_order():
    shuffled = dict(reversed(list(cows_answers_for(10).items())))
    checked = check_answers("cows", shuffled)
    assert list(checked) == list(COWS_ITEMS)
    assert score("cows", shuffled).total == 10


def test_scale_item_mapping_raises_key_error_for_values_it_does_not_allow():
    item = COWS_ITEMS["resting_pulse"]
    with pytest.raises(KeyError):
        item[3]
    with pytest.raises(KeyError):
        item[True]
    assert len(item) == 4 and 4 in item and 3 not in item


def test_compare_ratings_lists_matches_differences_and_unrated_items():
    key = cows_answers_for(13)
    given = {**key, "tremor": None}
    wrong = next(k for k in COWS_ALLOWED if k != "tremor")
    given[wrong] = next(v for v in COWS_ALLOWED[wrong] if v != key[wrong])
    result = compare_ratings("cows", given, key, {wrong: "why"})
    assert result.matched == 9
    assert result.unrated == ("tremor",)
    assert [d.key for d in result.differences] == [wrong]
    assert result.differences[0].note == "why"
    assert result.expected_total == 13


def test_pure_modules_never_import_ipywidgets_or_ipython():
    code = ("import sys, widgets.withdrawal, widgets.pharmacology, widgets.pharmacology.render, "
            "widgets.pharmacology.checker, widgets.withdrawal.checker, widgets.withdrawal.render; "
            "bad = [m for m in ('ipywidgets', 'IPython') if m in sys.modules]; "
            "print(','.join(bad)); sys.exit(1 if bad else 0)")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=False)
    assert run.returncode == 0, f"imported: {run.stdout} {run.stderr}"
