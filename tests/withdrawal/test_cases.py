"""Withdrawal teaching cases: one broken fixture per validation rule, and Module 4's cases.

A case is validated in two steps: its own shape (the schema, on load) and its fit with its
scale (the content checks of :mod:`widgets.withdrawal.content`, run by the index, by
``python -m widgets.content check`` and by every single load); the fixtures go through both.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from widgets.core.content import ContentError, ContentIndex, load_file
from widgets.core.language import AVOID_TERMS
from widgets.withdrawal import SCALES, load_case, score, teaching_cases
from widgets.withdrawal.schemas import FICTIONAL_LABEL, WithdrawalCase

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "withdrawal" / "fixtures"
MODULE = ROOT / "curriculum" / "04_mat_basics"

BROKEN = [
    # fixture, entry, field, words the message must contain
    ("wrong-label", "wrong-label", "label", "expected 'Fictional teaching case'"),
    ("unknown-scale", "unknown-scale", "scale",
     "unknown scale 'ciwa-b'; expected 'ciwa-ar' or 'cows'"),
    ("missing-item", "missing-item", "ratings",
     "COWS: item 'tremor' is missing; rate it with one of 0, 1, 2, 4"),
    ("unknown-item", "unknown-item", "ratings", "COWS: unknown item 'pulse'"),
    ("value-not-allowed", "value-not-allowed", "ratings",
     "item 'resting_pulse' does not allow 3; allowed values are 0, 1, 2, 4"),
    ("float-rating", "float-rating", "ratings.tremor", "expected a valid integer; got 1.5"),
    ("bool-rating", "bool-rating", "ratings.tremor", "expected a valid integer; got True"),
    ("ciwa-value-out-of-range", "ciwa-value-out-of-range", "ratings",
     "CIWA-Ar: item 'orientation' does not allow 5; allowed values are 0, 1, 2, 3, 4"),
    ("note-unknown-item", "note-unknown-item", "notes", "note for unknown item 'pulse_rate'"),
    ("unknown-band-set", "unknown-band-set", "band_set",
     "unknown band set 'local-2030' for CIWA-Ar; expected one of: asam-2020, va-paws"),
    ("band-set-wrong-scale", "band-set-wrong-scale", "band_set",
     "unknown band set 'asam-2020' for COWS"),
    ("total-mismatch", "total-mismatch", "total", "the ratings add up to 8, not 9"),
    ("band-mismatch", "band-mismatch", "band",
     "a total of 9 is 'moderate' under VA PAWS (levels of risk), not 'mild'"),
    ("multiple-choice-question", None, None, "the case question must be single-choice"),
    ("unknown-key", "unknown-key", "severity", "is not a known field here"),
    ("missing-vignette", "missing-vignette", "vignette", "is required but missing"),
    ("negative-order", "negative-order", "order", "greater than or equal to 0"),
]


@pytest.mark.parametrize(("fixture", "entry", "field", "words"), BROKEN,
                         ids=[b[0] for b in BROKEN])
def test_broken_case_is_rejected_naming_file_entry_and_field(fixture, entry, field, words):
    path = FIXTURES / f"{fixture}.yaml"
    with pytest.raises(ContentError) as info:
        ContentIndex([path], ROOT / "references.bib")
    error = info.value
    assert f"{fixture}.yaml" in error.file
    if entry is not None:
        assert error.entry == entry
    if field is not None:
        assert error.field == field
    assert words in str(error)


@pytest.mark.parametrize(("fixture", "entry", "field"), [
    ("unknown-citation", "unknown-citation", "cite.1"),
    ("unknown-question-citation", "which-band", "question.cite.0"),
])
def test_unknown_citation_key_is_rejected_by_the_index(fixture, entry, field):
    with pytest.raises(ContentError) as info:
        ContentIndex([FIXTURES / f"{fixture}.yaml"], ROOT / "references.bib")
    assert (info.value.entry, info.value.field) == (entry, field)
    assert "citation key 'Nobody1999' is not in references.bib" in str(info.value)


def test_every_broken_fixture_has_a_test_and_every_rule_a_fixture():
    fixtures = {p.stem for p in FIXTURES.glob("*.yaml")}
    tested = {b[0] for b in BROKEN} | {"unknown-citation", "unknown-question-citation",
                                       "valid-cows-case", "valid-ciwa-case"}
    assert fixtures == tested


@pytest.mark.parametrize("name", ["valid-cows-case", "valid-ciwa-case"])
def test_valid_fixtures_load_when_every_rule_is_met(name):
    case = load_file(FIXTURES / f"{name}.yaml")
    assert isinstance(case, WithdrawalCase)
    ContentIndex([FIXTURES / f"{name}.yaml"], ROOT / "references.bib")


# ----------------------------------------------------------------- Module 4's cases


@pytest.mark.parametrize("scale", ["cows", "ciwa-ar"])
def test_each_scale_has_at_least_three_teaching_cases(scale):
    cases = teaching_cases(scale)
    assert len(cases) >= 3
    assert all(c.label == FICTIONAL_LABEL and c.purpose == "teaching" for c in cases)


def test_case_files_are_named_after_their_ids():
    for path in (MODULE / "cases").glob("*.yaml"):
        assert yaml.safe_load(path.read_text())["id"] == path.stem


@pytest.mark.parametrize("path", sorted((MODULE / "cases").glob("*.yaml")), ids=lambda p: p.stem)
def test_case_totals_and_bands_agree_with_the_scorer(path):
    case = load_case(path.stem)
    result = score(case.scale, case.ratings, case.band_set)
    assert (result.total, result.band) == (case.total, case.band)


def test_ciwa_cases_show_totals_where_the_two_band_sets_disagree():
    disagree = 0
    for case in teaching_cases("ciwa-ar"):
        bands = {score("ciwa-ar", case.ratings, name).band
                 for name in SCALES["ciwa-ar"].band_sets}
        disagree += len(bands) > 1
    assert disagree >= 2


def _strings(node):
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from _strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from _strings(value)


QUOTED_TERMS_ALLOWED = {("m04-check", "words-in-group")}
"""The one question that quotes avoided terms, to teach the person-first alternatives."""


@pytest.mark.parametrize("path", sorted(MODULE.rglob("*.yaml")), ids=lambda p: p.stem)
def test_module_content_uses_person_first_language(path):
    data = yaml.safe_load(path.read_text())
    if "questions" in data:
        data["questions"] = [q for q in data["questions"]
                             if (data["id"], q["id"]) not in QUOTED_TERMS_ALLOWED]
    for text in _strings(data):
        for pattern, prefer in AVOID_TERMS:
            assert not re.search(pattern, text, re.IGNORECASE), (
                f"{path.name}: {text[:60]!r} uses an avoided term; prefer {prefer!r}")
