"""The level-of-care topic's pure models: the teaching model of placement
(:mod:`.placement`, with its condition language :mod:`.condition`) and continued-stay
reviews (:mod:`.continued_stay`).  Data in, results out: no files, no HTML."""

from widgets.level_of_care.model.condition import ConditionError, parse
from widgets.level_of_care.model.placement import (
    CaseComparison,
    DimensionComparison,
    Prerequisite,
    Reason,
    Recommendation,
    Rule,
    RuleError,
    TeachingModel,
    describe,
)

__all__ = ["CaseComparison", "ConditionError", "DimensionComparison", "Prerequisite",
           "Reason", "Recommendation", "Rule", "RuleError", "TeachingModel", "describe",
           "parse"]
