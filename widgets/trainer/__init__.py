"""The trainer's tools: the cohort dashboard's statistics (completion, item difficulty and
discrimination, distractors, follow-up, results by competency), loading a folder of
learners' exports, the demo cohort, and the TAP 21 competency coverage page.

Views are in :mod:`widgets.trainer.view`; tables, the item chart and the coverage page in
:mod:`widgets.trainer.render` (``python -m widgets.competency`` is its command line).
"""

from widgets.trainer.content import (
    MAP_ID,
    MAX_EXPORT_BYTES,
    MAX_EXPORT_FILES,
    CohortError,
    cohort_from_exports,
    competency_lookup,
    coverage_data,
    curriculum_course,
    default_checks,
    demo_cohort,
    demo_exports,
    load_cohort,
    load_map,
    validate_map,
)
from widgets.trainer.model import (
    MAX_DEMO_LEARNERS,
    MAX_LEARNERS,
    REVIEW_DISCRIMINATION,
    VERY_EASY,
    VERY_HARD,
    Answer,
    Cohort,
    CompetencyResult,
    Course,
    Coverage,
    Distractor,
    FollowUp,
    ItemStats,
    ModuleCompletion,
    by_competency,
    completion,
    coverage,
    follow_up,
    item_statistics,
    merge_records,
    point_biserial,
    review_flags,
    uncovered,
)

__all__ = [
    "MAP_ID", "MAX_DEMO_LEARNERS", "MAX_EXPORT_BYTES", "MAX_EXPORT_FILES", "MAX_LEARNERS",
    "REVIEW_DISCRIMINATION", "VERY_EASY", "VERY_HARD", "Answer", "Cohort", "CohortError",
    "CompetencyResult", "Course", "Coverage", "Distractor", "FollowUp", "ItemStats",
    "ModuleCompletion", "by_competency", "cohort_from_exports", "competency_lookup",
    "completion", "coverage", "coverage_data", "curriculum_course", "default_checks",
    "demo_cohort", "demo_exports", "follow_up", "item_statistics", "load_cohort", "load_map",
    "merge_records", "point_biserial", "review_flags", "uncovered", "validate_map",
]
