"""Module 6, Safety first: overdose, suicide-risk screening, dangerous withdrawal, drug
tests and confidentiality in emergencies.

The topic's public names: the pure rules (:mod:`widgets.safety.model`).  Views live in
``widgets.safety.view`` and are never imported from here.
"""

from widgets.safety.model import (
    ASQ_ACUITY_ITEM,
    ASQ_RESULTS,
    ASQ_SCREEN_ITEMS,
    DANGER_LEVELS,
    PLAN_NOTE_CODES,
    SAFETY_PLAN_STEPS,
    SEDATIVE_USE,
    STATEMENT_CODES,
    TEST_METHODS,
    TEST_RESULTS,
    AsqTriage,
    DangerAssessment,
    DangerRules,
    Interpretation,
    Panel,
    PawssScale,
    PawssScore,
    PlanNote,
    SafetyPlan,
    TestResult,
    assess_withdrawal_danger,
    interpret_test,
    review_safety_plan,
    safety_plan_is_complete,
    score_pawss,
    triage_asq,
)

__all__ = [
    "ASQ_ACUITY_ITEM",
    "ASQ_RESULTS",
    "ASQ_SCREEN_ITEMS",
    "DANGER_LEVELS",
    "PLAN_NOTE_CODES",
    "SAFETY_PLAN_STEPS",
    "SEDATIVE_USE",
    "STATEMENT_CODES",
    "TEST_METHODS",
    "TEST_RESULTS",
    "AsqTriage",
    "DangerAssessment",
    "DangerRules",
    "Interpretation",
    "Panel",
    "PawssScale",
    "PawssScore",
    "PlanNote",
    "SafetyPlan",
    "TestResult",
    "assess_withdrawal_danger",
    "interpret_test",
    "review_safety_plan",
    "safety_plan_is_complete",
    "score_pawss",
    "triage_asq",
]
