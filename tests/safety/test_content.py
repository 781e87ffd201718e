"""Module 6's content: every file agrees with the model, is sourced, and is worded well."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pydantic import BaseModel

from widgets.core.content import bib_keys, load_file, load_kind
from widgets.core.language import STIGMATIZING
from widgets.safety import content as safety_content
from widgets.safety.schemas import Statement

ROOT = Path(__file__).resolve().parents[2]
FOLDER = ROOT / "curriculum" / "06_safety"
BIB = ROOT / "references.bib"
SOURCE_KINDS = {"regulation", "federal-guidance", "peer-reviewed", "professional-society",
                "drug-label", "secondary"}
ITEMS = [(kind, item) for kind in safety_content.CHECKS for item in load_kind(kind)]


def source_kinds() -> dict[str, str]:
    """Citation key -> its ``sourcekind`` field (entries without one are left out)."""
    text = BIB.read_text(encoding="utf-8")
    out = {}
    for entry in re.split(r"\n(?=@)", text):
        key = re.match(r"@\w+\s*\{\s*([^,\s]+)\s*,", entry.strip())
        kind = re.search(r"sourcekind\s*=\s*\{([^}]*)\}", entry)
        if key and kind:
            out[key.group(1)] = kind.group(1).strip()
    return out


def strings(value: object):
    """Every string inside a content model, recursively."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, BaseModel):
        yield from strings(value.model_dump())
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from strings(k)
            yield from strings(v)
    elif isinstance(value, list | tuple):
        for v in value:
            yield from strings(v)


def statements(value: object):
    """Every Statement inside a content model, recursively."""
    if isinstance(value, Statement):
        yield value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from statements(getattr(value, name))
    elif isinstance(value, dict):
        for v in value.values():
            yield from statements(v)
    elif isinstance(value, list | tuple):
        for v in value:
            yield from statements(v)


@pytest.mark.parametrize(("kind", "item"), ITEMS, ids=[f"{k}:{i.id}" for k, i in ITEMS])
def test_every_file_agrees_with_the_model(kind, item):
    safety_content.CHECKS[kind](item, None)


def test_the_module_has_five_to_eight_asq_cases_covering_every_result_but_one():
    cases = safety_content.asq_cases()
    assert 5 <= len(cases) <= 8
    assert {c.expected for c in cases} >= {"negative", "non-acute-positive",
                                           "acute-positive", "incomplete"}


def test_withdrawal_cases_cover_every_level():
    cases = safety_content.withdrawal_danger_cases()
    assert {c.expected_level for c in cases} == {
        "emergency", "medical-assessment-first", "no-flag-found"} | (
        {"talk-to-prescriber"} & {c.expected_level for c in cases})


def test_the_pawss_from_yaml_has_ten_items_a_gate_and_a_cut_off_of_four():
    scale = safety_content.pawss_scale()
    assert len(scale.items) == 10 and scale.items[0] == scale.gate
    assert scale.threshold == 4 and scale.gate_scores


# ------------------------------------------------------------ the checks catch errors


def _broken(item, **update):
    return item.model_copy(update=update)


def test_an_asq_case_with_the_wrong_expected_result_is_caught():
    case = safety_content.asq_case("asq-right-now")
    with pytest.raises(ValueError, match=r"expected: the answers give 'acute-positive', not "
                                         r"'negative'"):
        safety_content.check_asq_case(_broken(case, expected="negative"))


def test_an_asq_case_without_the_clients_words_for_an_answer_is_caught():
    case = safety_content.asq_case("asq-right-now")
    with pytest.raises(ValueError, match=r"dialogue: the client's words are missing for "
                                         r"thoughts-right-now"):
        safety_content.check_asq_case(_broken(case, dialogue=case.dialogue[:4]))


def test_a_screener_whose_results_differ_from_the_model_is_caught():
    asq = safety_content.asq()
    with pytest.raises(ValueError, match=r"the ASQ results must be negative, "):
        safety_content.check_asq(_broken(asq, results=asq.results[:-1]))


def test_a_withdrawal_case_with_the_wrong_level_is_caught():
    case = safety_content.withdrawal_danger_case("withdrawal-past-seizure")
    with pytest.raises(ValueError, match=r"expected_level: the case gives "
                                         r"'medical-assessment-first', not 'no-flag-found'"):
        safety_content.check_withdrawal_danger_case(_broken(case,
                                                            expected_level="no-flag-found"))


def test_a_withdrawal_case_with_an_unknown_risk_factor_is_caught():
    case = safety_content.withdrawal_danger_case("withdrawal-past-seizure")
    with pytest.raises(ValueError, match=r"risk_factors: unknown id 'diabetes'"):
        safety_content.check_withdrawal_danger_case(_broken(case, risk_factors=["diabetes"]))


def test_a_drug_test_case_that_misses_a_false_positive_is_caught():
    case = safety_content.drug_test_case("test-result-amphetamines-on-bupropion")
    with pytest.raises(ValueError, match=r"possible_false_positive_from: the model finds "
                                         r"bupropion, not none"):
        safety_content.check_drug_test_case(_broken(case, possible_false_positive_from=[]))


def test_a_drug_test_case_claiming_confirmation_from_a_screen_is_caught():
    case = safety_content.drug_test_case("test-result-amphetamines-on-bupropion")
    with pytest.raises(ValueError, match=r"confirmed_use: the results give False"):
        safety_content.check_drug_test_case(_broken(case, confirmed_use=True))


def test_drug_testing_without_a_statement_for_a_model_code_is_caught():
    spec = safety_content.drug_testing()
    fewer = {k: v for k, v in spec.statements.items() if k != "overdose-safety"}
    with pytest.raises(ValueError, match=r"statements must be"):
        safety_content.check_drug_testing(_broken(spec, statements=fewer))


def test_a_safety_plan_guide_missing_a_note_is_caught():
    guide = safety_content.safety_plan_guide()
    fewer = {k: v for k, v in guide.notes.items() if k != "means-without-plan"}
    with pytest.raises(ValueError, match=r"notes must be"):
        safety_content.check_safety_plan(_broken(guide, notes=fewer))


def test_a_case_whose_summary_does_not_say_fictional_is_rejected(tmp_path):
    text = (FOLDER / "cases" / "asq-right-now.yaml").read_text(encoding="utf-8")
    bad = tmp_path / "asq-right-now.yaml"
    bad.write_text(text.replace("Fictional teaching case. Tasha", "Tasha"), encoding="utf-8")
    with pytest.raises(ValueError, match=r"summary must start with 'Fictional teaching case"):
        load_file(bad)


# ------------------------------------------------------------------------ sources


def test_every_module_6_citation_has_a_source_kind():
    kinds = source_kinds()
    assert set(kinds.values()) <= SOURCE_KINDS
    cited = {ref.target for _, item in ITEMS for ref in item.refs() if ref.kind == "cite"}
    for kind in ("knowledge-check", "scenario"):
        for item in load_kind(kind):
            if (FOLDER / "checks" / f"{item.id}.yaml").is_file() or \
                    (FOLDER / "scenarios" / f"{item.id}.yaml").is_file():
                cited |= {r.target for r in item.refs() if r.kind == "cite"}
    assert cited <= bib_keys(BIB)
    # Entries older than Module 6 get their sourcekind in the source review of issue 15
    # (another branch); until it lands they may lack one. Every entry this module added
    # (after the "Module 6" banner of references.bib) must have one.
    text = BIB.read_text(encoding="utf-8")
    ours = set(re.findall(r"@\w+\s*\{\s*([^,\s]+)\s*,", text.split("Module 6 (Safety first)")[1]))
    assert ours, "references.bib has the Module 6 block"
    missing = sorted(k for k in cited if k not in kinds and k in ours)
    assert not missing, f"cited without a sourcekind: {missing}"


def test_a_statement_resting_only_on_secondary_sources_is_labelled_secondary():
    kinds = source_kinds()
    for _, item in ITEMS:
        for s in statements(item):
            if s.cite and all(kinds.get(k) == "secondary" for k in s.cite):
                assert s.evidence in ("secondary", "teaching-rule"), s.text


def test_knowledge_check_explanations_label_secondary_sources():
    kinds = source_kinds()
    check = next(c for c in load_kind("knowledge-check") if c.id == "m06-check")
    assert 12 <= len(check.questions) <= 15
    for q in check.questions:
        if any(kinds.get(k) == "secondary" for k in q.cite):
            assert "(secondary source)" in q.explanation, q.id


# ----------------------------------------------------------------------- language


@pytest.mark.parametrize("path", sorted(FOLDER.rglob("*.yaml")), ids=lambda p: p.name)
def test_module_6_content_uses_person_first_language(path):
    item = load_file(path)
    for text in strings(item):
        assert not STIGMATIZING.search(text), text
