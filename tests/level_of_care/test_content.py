"""Module 2 content: every case, review and check validates; each rule has a broken fixture."""

from __future__ import annotations

from pathlib import Path

import pytest

from widgets.core.content import ContentError, ContentIndex, content_root, index, iter_content_files
from widgets.core.registry import module_of_check
from widgets.level_of_care import list_cases
from widgets.level_of_care.schemas import Case, StayReview, check_text

ROOT = content_root()
MODULE = ROOT / "curriculum" / "02_level_of_care"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
BIB = ROOT / "references.bib"


@pytest.mark.parametrize("path", sorted(p for p in iter_content_files([MODULE])
                                         if p.name != "module.yaml"), ids=lambda p: p.name)
def test_module_2_content_file_validates_with_its_references(path):
    item = ContentIndex([path], BIB).entries
    ((kind, ident),) = item
    assert ident == path.stem, "the id must equal the file name"
    assert kind in {"case", "continued-stay-review", "knowledge-check", "levels-of-care",
                    "placement-model"}


def test_index_holds_every_case_and_the_review():
    cases = index().of_kind("case")
    assert {c.id for c in cases} >= {c.id for c in list_cases()}
    assert all(isinstance(c, Case) for c in cases)
    reviews = index().of_kind("continued-stay-review")
    assert reviews and all(isinstance(r, StayReview) for r in reviews)


def test_knowledge_check_has_at_least_ten_cited_questions():
    check = index().get("knowledge-check", "m02-check")
    assert module_of_check(check.id).id == "m02"
    assert len(check.questions) >= 10
    assert all(q.cite for q in check.questions)


@pytest.mark.parametrize("name", ["valid-case", "valid-review"])
def test_valid_fixture_validates_when_nothing_is_broken(name):
    ContentIndex([FIXTURES / f"{name}.yaml"], BIB)


BROKEN = {
    # cases
    "case-missing-dimension": ("dimensions.recovery_environment", "is required but missing"),
    "case-rating-out-of-range": ("dimensions.biomedical.rating", "less than or equal to 4"),
    "case-rating-not-integer": ("dimensions.biomedical.rating", "valid integer; got '2'"),
    "case-rating-boolean": ("dimensions.biomedical.rating", "valid integer; got True"),
    "case-unknown-field": ("diagnosis", "is not a known field"),
    "case-unknown-level": ("expert_level", "teaching model's levels"),
    "case-departure-missing": ("model_departure", "is required here"),
    "case-departure-stale": ("model_departure", "must be absent"),
    "case-stigmatizing-term": ("vignette", "person-first language"),
    "case-record-like": ("vignette", "record detail"),
    "case-wrong-label": ("label", "Fictional teaching case"),
    "case-too-long-rationale": ("dimensions.biomedical.rationale", "at most 400 characters"),
    "case-rationale-three-sentences": ("dimensions.biomedical.rationale", "found 3"),
    "case-unknown-citation": ("cite.1", "'NoSuchKey1999' is not in references.bib"),
    "case-unknown-dimension": ("dimensions.mood", "is not a dimension of the teaching model"),
    "case-dimensions-out-of-order": ("dimensions", "in the model's order"),
    # continued-stay reviews
    "review-week-gap": ("weeks", "without gaps"),
    "review-too-few-weeks": ("weeks", "at least 8 items"),
    "review-attended-exceeds-scheduled": ("weeks.1.attendance", "cannot exceed scheduled"),
    "review-cravings-out-of-range": ("weeks.0.cravings", "less than or equal to 10"),
    "review-unknown-toxicology": ("weeks.0.toxicology", "'not-collected'"),
    "review-missing-feedback": ("reviews.0.feedback", "missing: step-up"),
    "review-unknown-decision": ("reviews.0.expert", "'transition-to-aftercare'"),
    "review-after-last-week": ("reviews", "after the last week"),
    "review-weeks-out-of-order": ("reviews", "review weeks must increase"),
    "review-level-change-without-review": ("reviews", "without a review at week 5"),
    "review-decision-contradicts-timeline": ("reviews", "decides 'continue'"),
    "review-aftercare-not-last": ("reviews", "must end at week 3"),
    "review-unknown-citation": ("reviews.week-3.cite.0", "'NoSuchKey1999'"),
    "review-unknown-level": ("weeks.0.level", "expected one of 1, 2.1"),
    "review-step-up-goes-down": ("reviews", "decides 'step-up' but the level goes from 2.1 to 1"),
}


def test_every_fixture_file_is_checked():
    names = {p.stem for p in FIXTURES.glob("*.yaml")}
    assert names == set(BROKEN) | {"valid-case", "valid-review"}


@pytest.mark.parametrize(("name", "expected"), sorted(BROKEN.items()), ids=sorted(BROKEN))
def test_broken_fixture_is_rejected_naming_file_entry_and_field(name, expected):
    field, problem = expected
    path = FIXTURES / f"{name}.yaml"
    with pytest.raises(ContentError) as raised:
        ContentIndex([path], BIB)
    error = raised.value
    assert error.file.endswith(f"{name}.yaml")
    assert error.entry == name
    assert error.field == field
    assert problem in error.problem
    assert str(error).startswith(error.file)


def test_duplicate_case_ids_are_rejected(tmp_path):
    text = (FIXTURES / "valid-case.yaml").read_text(encoding="utf-8")
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "valid-case.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(ContentError, match="duplicate case id"):
        ContentIndex(iter_content_files([tmp_path]), BIB)


@pytest.mark.parametrize("text", ["He described himself as an addict.", "A dirty screen.",
                                  "Years of substance abuse.", "On replacement therapy.",
                                  "Referred to detox.", "Seen on 3/14/2021.",
                                  "Record 12345678.", "Alcoholics in the family."])
def test_check_text_rejects_stigmatizing_or_record_like_text(text):
    with pytest.raises(ValueError):
        check_text(text)


@pytest.mark.parametrize("text", ["A person with an alcohol use disorder.",
                                  "Tested negative for opioids.", "Addiction is treatable.",
                                  "Withdrawal management first.", "Age 52, five weeks in IOP."])
def test_check_text_accepts_person_first_text(text):
    assert check_text(text) == text
