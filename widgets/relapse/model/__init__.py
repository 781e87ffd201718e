"""Module 5's pure models: lapse-free curves and the cohort simulator, and the plan."""

from widgets.relapse.model.plan import (
    MAX_ITEMS,
    MAX_TEXT,
    PLAN_FIELDS,
    Note,
    RelapsePreventionPlan,
    from_mapping,
)
from widgets.relapse.model.simulation import (
    DEFAULT_WEEKLY_HAZARD,
    EXAMPLE_GROUPS,
    ILLUSTRATION_LABEL,
    ILLUSTRATIVE_HAZARD_RATIOS,
    MAX_GROUPS,
    MAX_PEOPLE,
    MAX_SEED,
    MAX_WEEKS,
    NO_LAPSE,
    REPORT_WEEK,
    CohortResult,
    Protection,
    adjusted_hazard,
    compare_cohorts,
    hazard_ratio,
    lapse_free_fraction,
    percent,
    simulate_cohort,
)

__all__ = [
    "DEFAULT_WEEKLY_HAZARD", "EXAMPLE_GROUPS", "ILLUSTRATION_LABEL",
    "ILLUSTRATIVE_HAZARD_RATIOS", "MAX_GROUPS", "MAX_ITEMS", "MAX_PEOPLE", "MAX_SEED",
    "MAX_TEXT", "MAX_WEEKS", "NO_LAPSE", "PLAN_FIELDS", "REPORT_WEEK", "CohortResult", "Note",
    "Protection", "RelapsePreventionPlan", "adjusted_hazard", "compare_cohorts",
    "from_mapping", "hazard_ratio", "lapse_free_fraction", "percent", "simulate_cohort",
]
