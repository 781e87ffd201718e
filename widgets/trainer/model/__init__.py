"""The trainer's pure models: cohort statistics, the demo cohort, competency coverage."""

from widgets.trainer.model.coverage import Coverage, coverage, number_ranges, uncovered
from widgets.trainer.model.demo import (
    DEMO_START,
    MAX_DEMO_LEARNERS,
    demo_records,
    simulate_cohort_records,
)
from widgets.trainer.model.statistics import (
    MAX_LEARNERS,
    MAX_STALLED_DAYS,
    MAX_TOP,
    REVIEW_DISCRIMINATION,
    VERY_EASY,
    VERY_HARD,
    Answer,
    AnswerRecord,
    Cohort,
    CompetencyResult,
    Course,
    Distractor,
    FollowUp,
    ItemStats,
    ModuleCompletion,
    by_competency,
    completion,
    follow_up,
    item_statistics,
    merge_records,
    point_biserial,
    review_flags,
)

__all__ = [
    "DEMO_START", "MAX_DEMO_LEARNERS", "MAX_LEARNERS", "MAX_STALLED_DAYS", "MAX_TOP",
    "REVIEW_DISCRIMINATION", "VERY_EASY", "VERY_HARD", "Answer", "AnswerRecord", "Cohort",
    "CompetencyResult", "Course", "Coverage", "Distractor", "FollowUp", "ItemStats",
    "ModuleCompletion", "by_competency", "completion", "coverage", "demo_records",
    "follow_up", "item_statistics", "merge_records", "number_ranges", "point_biserial",
    "review_flags", "simulate_cohort_records", "uncovered",
]
