"""Module 6's content: loaders, model inputs built from YAML, and cross-checks.

The YAML files of ``curriculum/06_safety/`` are validated by the schemas of
:mod:`widgets.safety.schemas`; the functions here turn them into the inputs of
:mod:`widgets.safety.model` and check that the two agree: the ids the model knows are
the ids the YAML words, and every fictional case gives the result it claims.  A
disagreement raises ``ValueError`` naming the entry and what differs.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from widgets.core.content import CheckContext, ContentFile, content_check, load, load_kind
from widgets.safety.model import (
    ASQ_ACUITY_ITEM,
    ASQ_RESULTS,
    ASQ_SCREEN_ITEMS,
    DANGER_LEVELS,
    PLAN_NOTE_CODES,
    SAFETY_PLAN_STEPS,
    SEDATIVE_USE,
    STATEMENT_CODES,
    AsqTriage,
    DangerAssessment,
    DangerRules,
    Interpretation,
    Panel,
    PawssScale,
    PawssScore,
    TestResult,
    assess_withdrawal_danger,
    interpret_test,
    score_pawss,
    triage_asq,
)
from widgets.safety.schemas import (
    AsqCase,
    AsqScreener,
    DrugTestCase,
    DrugTesting,
    SafetyPlanGuide,
    WithdrawalDanger,
    WithdrawalDangerCase,
)

__all__ = [
    "CHECKS",
    "asq",
    "asq_case",
    "asq_cases",
    "case_assessment",
    "case_interpretations",
    "case_triage",
    "check_asq",
    "check_asq_case",
    "check_drug_test_case",
    "check_drug_testing",
    "check_safety_plan",
    "check_withdrawal_danger",
    "check_withdrawal_danger_case",
    "danger_rules",
    "drug_test_case",
    "drug_test_cases",
    "drug_testing",
    "panels",
    "pawss_scale",
    "safety_plan_guide",
    "withdrawal_danger",
    "withdrawal_danger_case",
    "withdrawal_danger_cases",
]

T = TypeVar("T", bound=ContentFile)
Getter = Callable[[str, str], ContentFile]


def _one(kind: str, ident: str, model: type[T], root: Path | None = None) -> T:
    item = load(kind, ident, root)
    assert isinstance(item, model)
    return item


def _all(kind: str, model: type[T], root: Path | None = None) -> list[T]:
    items = load_kind(kind, root)
    assert all(isinstance(i, model) for i in items)
    return items  # type: ignore[return-value]


# --------------------------------------------------------------------------- loaders


def asq(root: Path | None = None) -> AsqScreener:
    """The ASQ as the module teaches it (``asq.yaml``)."""
    return _one("asq-screener", "asq", AsqScreener, root)


def asq_case(case_id: str, root: Path | None = None) -> AsqCase:
    """One fictional ASQ case by id."""
    return _one("asq-case", case_id, AsqCase, root)


def asq_cases(root: Path | None = None) -> list[AsqCase]:
    """Every fictional ASQ case, in file order."""
    return _all("asq-case", AsqCase, root)


def safety_plan_guide(root: Path | None = None) -> SafetyPlanGuide:
    """The safety plan's steps, lethal-means points, 988 and note wording."""
    return _one("safety-plan-guide", "safety-plan", SafetyPlanGuide, root)


def withdrawal_danger(root: Path | None = None) -> WithdrawalDanger:
    """Dangerous withdrawal: the PAWSS, risk factors, signs and levels."""
    return _one("withdrawal-danger", "dangerous-withdrawal", WithdrawalDanger, root)


def withdrawal_danger_case(case_id: str, root: Path | None = None) -> WithdrawalDangerCase:
    """One fictional withdrawal-danger case by id."""
    return _one("withdrawal-danger-case", case_id, WithdrawalDangerCase, root)


def withdrawal_danger_cases(root: Path | None = None) -> list[WithdrawalDangerCase]:
    """Every fictional withdrawal-danger case, in file order."""
    return _all("withdrawal-danger-case", WithdrawalDangerCase, root)


def drug_testing(root: Path | None = None) -> DrugTesting:
    """Drug testing basics (``drug-testing.yaml``)."""
    return _one("drug-testing", "drug-testing", DrugTesting, root)


def drug_test_case(case_id: str, root: Path | None = None) -> DrugTestCase:
    """One fictional drug-test case by id."""
    return _one("drug-test-case", case_id, DrugTestCase, root)


def drug_test_cases(root: Path | None = None) -> list[DrugTestCase]:
    """Every fictional drug-test case, in file order."""
    return _all("drug-test-case", DrugTestCase, root)


# -------------------------------------------------------------- model inputs from YAML


def pawss_scale(spec: WithdrawalDanger | None = None) -> PawssScale:
    """The :class:`PawssScale` described by the YAML."""
    spec = spec or withdrawal_danger()
    p = spec.pawss
    return PawssScale(tuple(i.id for i in p.items), p.gate, p.threshold, p.gate_scores)


def danger_rules(spec: WithdrawalDanger | None = None) -> DangerRules:
    """The :class:`DangerRules` described by the YAML."""
    spec = spec or withdrawal_danger()
    return DangerRules(pawss_scale(spec), tuple(r.id for r in spec.risk_factors),
                       tuple(s.id for s in spec.emergency_signs))


def panels(spec: DrugTesting | None = None) -> dict[str, Panel]:
    """Every test of the YAML as a model :class:`Panel`, by id."""
    spec = spec or drug_testing()
    return {p.id: Panel(p.id, tuple(p.misses), tuple(p.false_positive_from),
                        tuple(p.prescribed_as), p.overdose_warning) for p in spec.panels}


def case_triage(case: AsqCase) -> AsqTriage:
    """The model's triage of a fictional ASQ case."""
    return triage_asq(case.answers, case.acuity)


def case_assessment(case: WithdrawalDangerCase,
                    spec: WithdrawalDanger | None = None) -> tuple[PawssScore, DangerAssessment]:
    """The model's PAWSS and danger level for a fictional withdrawal case."""
    rules = danger_rules(spec)
    pawss = score_pawss(rules.pawss, case.pawss)
    return pawss, assess_withdrawal_danger(rules, pawss, risk_factors=case.risk_factors,
                                           emergency_signs=case.emergency_signs,
                                           sedative_use=case.sedative_use)


def case_interpretations(case: DrugTestCase,
                         spec: DrugTesting | None = None) -> list[Interpretation]:
    """The model's reading of each result of a fictional drug-test case."""
    by_id = panels(spec)
    return [interpret_test(by_id, TestResult(r.panel, r.method, r.result),
                           medications=case.medications) for r in case.results]


# -------------------------------------------------------------------- cross-checks


def _getter(context: CheckContext | None) -> Getter:
    """``get(kind, id)`` from a content-check context, else from the repository."""
    if context is not None:
        return context.get
    return lambda kind, ident: load(kind, ident)


def _same(what: str, found: list[str] | tuple[str, ...], expected: tuple[str, ...]) -> None:
    if tuple(found) != expected:
        raise ValueError(f"{what} must be {', '.join(expected)} (in this order) to match "
                         f"widgets.safety.model; found {', '.join(found) or 'none'}")


@content_check("asq-screener")
def check_asq(item: ContentFile, context: CheckContext | None = None) -> None:
    """The screener's question and result ids are the model's."""
    assert isinstance(item, AsqScreener)
    _same("the ASQ questions", [q.id for q in item.questions], ASQ_SCREEN_ITEMS)
    _same("the acuity question", [item.acuity.id], (ASQ_ACUITY_ITEM,))
    _same("the ASQ results", [r.id for r in item.results], ASQ_RESULTS)


@content_check("asq-case")
def check_asq_case(item: ContentFile, context: CheckContext | None = None) -> None:
    """A case answers the known questions and gives the result it claims."""
    assert isinstance(item, AsqCase)
    asked = set(ASQ_SCREEN_ITEMS) | {ASQ_ACUITY_ITEM}
    for words in item.dialogue:
        if words.question not in asked:
            raise ValueError(f"dialogue: unknown question {words.question!r}; questions are "
                             f"{', '.join(sorted(asked))}")
    _same("answers", list(item.answers), ASQ_SCREEN_ITEMS)
    got = case_triage(item).result
    if got != item.expected:
        raise ValueError(f"expected: the answers give {got!r}, not {item.expected!r}")
    said = {w.question for w in item.dialogue}
    spoken = {q for q, a in item.answers.items() if a is not None}
    if item.acuity is not None:
        spoken.add(ASQ_ACUITY_ITEM)
    missing = sorted(spoken - said)
    if missing:
        raise ValueError(f"dialogue: the client's words are missing for {', '.join(missing)}")


@content_check("safety-plan-guide")
def check_safety_plan(item: ContentFile, context: CheckContext | None = None) -> None:
    """The guide's steps are the model's six, and every note code is worded."""
    assert isinstance(item, SafetyPlanGuide)
    _same("the safety-plan steps", [s.step for s in item.steps], SAFETY_PLAN_STEPS)
    _same("notes", sorted(item.notes), tuple(sorted(PLAN_NOTE_CODES)))


@content_check("withdrawal-danger")
def check_withdrawal_danger(item: ContentFile, context: CheckContext | None = None) -> None:
    """The levels and sedative options are the model's, and the rules can be built."""
    assert isinstance(item, WithdrawalDanger)
    _same("the levels", [lv.id for lv in item.levels], DANGER_LEVELS)
    _same("sedative_use", [o.id for o in item.sedative_use], SEDATIVE_USE)
    _same("reasons", sorted(item.reasons), ("pawss-high-risk", "pawss-incomplete",
                                            "sedative-daily", "sedative-stopping"))
    danger_rules(item)  # raises ValueError if the model cannot use them


@content_check("withdrawal-danger-case")
def check_withdrawal_danger_case(item: ContentFile, context: CheckContext | None = None) -> None:
    """A case uses known ids and gives the PAWSS status and level it claims."""
    assert isinstance(item, WithdrawalDangerCase)
    spec = _getter(context)("withdrawal-danger", "dangerous-withdrawal")
    assert isinstance(spec, WithdrawalDanger)
    pawss, danger = case_assessment(item, spec)
    if pawss.status != item.expected_pawss:
        raise ValueError(f"expected_pawss: the answers give {pawss.status!r}, not "
                         f"{item.expected_pawss!r}")
    if danger.level != item.expected_level:
        raise ValueError(f"expected_level: the case gives {danger.level!r}, not "
                         f"{item.expected_level!r}")


@content_check("drug-testing")
def check_drug_testing(item: ContentFile, context: CheckContext | None = None) -> None:
    """Every statement code of the model is worded (and no others)."""
    assert isinstance(item, DrugTesting)
    _same("statements", sorted(item.statements), tuple(sorted(STATEMENT_CODES)))
    _same("methods", [m.id for m in item.methods], ("presumptive", "definitive"))


@content_check("drug-test-case")
def check_drug_test_case(item: ContentFile, context: CheckContext | None = None) -> None:
    """A case's panels and medications exist, and its claims match the model."""
    assert isinstance(item, DrugTestCase)
    spec = _getter(context)("drug-testing", "drug-testing")
    assert isinstance(spec, DrugTesting)
    names = {s.id for s in spec.substances}
    unknown = [m for m in item.medications if m not in names]
    if unknown:
        raise ValueError(f"medications: {', '.join(unknown)} not listed under 'substances' "
                         f"in drug-testing.yaml")
    panel_ids = {p.id for p in spec.panels}
    for r in item.results:
        if r.panel not in panel_ids:
            raise ValueError(f"results: unknown panel {r.panel!r}; panels are "
                             f"{', '.join(sorted(panel_ids))}")
    readings = case_interpretations(item, spec)
    confirmed = any(i.status == "definitive-positive" for i in readings)
    if confirmed != item.confirmed_use:
        raise ValueError(f"confirmed_use: the results give {confirmed}, not "
                         f"{item.confirmed_use}")
    flagged = sorted({m for i in readings for m in i.possible_false_positive_from})
    if flagged != sorted(item.possible_false_positive_from):
        raise ValueError(f"possible_false_positive_from: the model finds "
                         f"{', '.join(flagged) or 'none'}, not "
                         f"{', '.join(item.possible_false_positive_from) or 'none'}")


CHECKS: dict[str, Callable[[ContentFile, CheckContext | None], None]] = {
    "asq-screener": check_asq,
    "asq-case": check_asq_case,
    "safety-plan-guide": check_safety_plan,
    "withdrawal-danger": check_withdrawal_danger,
    "withdrawal-danger-case": check_withdrawal_danger_case,
    "drug-testing": check_drug_testing,
    "drug-test-case": check_drug_test_case,
}
"""Each content kind of the topic and its cross-check (each also registered with
:func:`~widgets.core.content.content_check`, so ``python -m widgets.content check`` runs
it on every file of that kind)."""
