"""Module 5, relapse prevention: lapse-free curves and the illustrative cohort simulator,
the relapse-prevention plan (with its worksheet as content), and the exercise vignettes.

The names of the old ``widgets.relapse`` module (``lapse_free_fraction``,
``simulate_cohort``, ``compare_cohorts`` ...) keep working from here.  Views are in
:mod:`widgets.relapse.view`, HTML, Markdown and PDF in :mod:`widgets.relapse.render`.
"""

from widgets.relapse.content import (
    PLAN_TEMPLATE_ID,
    VIGNETTE_ID,
    load_vignette,
    plan_is_complete,
    plan_template,
    printed_items,
    review,
)
from widgets.relapse.model import (
    DEFAULT_WEEKLY_HAZARD,
    EXAMPLE_GROUPS,
    ILLUSTRATION_LABEL,
    ILLUSTRATIVE_HAZARD_RATIOS,
    MAX_GROUPS,
    MAX_ITEMS,
    MAX_PEOPLE,
    MAX_SEED,
    MAX_TEXT,
    MAX_WEEKS,
    NO_LAPSE,
    PLAN_FIELDS,
    REPORT_WEEK,
    CohortResult,
    Note,
    Protection,
    RelapsePreventionPlan,
    adjusted_hazard,
    compare_cohorts,
    from_mapping,
    hazard_ratio,
    lapse_free_fraction,
    percent,
    simulate_cohort,
)

__all__ = [
    "DEFAULT_WEEKLY_HAZARD", "EXAMPLE_GROUPS", "ILLUSTRATION_LABEL",
    "ILLUSTRATIVE_HAZARD_RATIOS", "MAX_GROUPS", "MAX_ITEMS", "MAX_PEOPLE", "MAX_SEED",
    "MAX_TEXT", "MAX_WEEKS", "NO_LAPSE", "PLAN_FIELDS", "PLAN_TEMPLATE_ID", "REPORT_WEEK",
    "VIGNETTE_ID", "CohortResult", "Note", "Protection", "RelapsePreventionPlan",
    "adjusted_hazard", "compare_cohorts", "from_mapping", "hazard_ratio",
    "lapse_free_fraction", "load_vignette", "percent", "plan_is_complete", "plan_template",
    "printed_items", "review", "simulate_cohort",
]
