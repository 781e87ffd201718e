"""The one place a score and a pass are computed (knowledge checks, progress, certificate,
cohort dashboard).

A module's pass mark is set in its ``module.yaml`` (``pass_mark``, default 0.8); the
latest answer to each question counts.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

__all__ = ["DEFAULT_PASS_MARK", "Score", "needed_to_pass"]

DEFAULT_PASS_MARK = 0.8
"""Fraction of a module's knowledge-check questions to answer correctly, unless the
module's ``module.yaml`` sets its own ``pass_mark``."""


def needed_to_pass(total: int, pass_mark: float = DEFAULT_PASS_MARK) -> int:
    """How many of ``total`` questions must be correct to reach ``pass_mark``."""
    return max(0, math.ceil(pass_mark * total - 1e-9))


@dataclass(frozen=True)
class Score:
    """How many questions of a check were answered correctly.

    Attributes
    ----------
    correct, answered, total : int
        Correct latest answers, questions answered, questions the check has.
    pass_mark : float
        The fraction of ``total`` that passes.
    """

    correct: int
    answered: int
    total: int
    pass_mark: float = DEFAULT_PASS_MARK

    def __post_init__(self) -> None:
        if not 0 <= self.correct <= self.answered <= self.total:
            raise ValueError(f"a score needs 0 <= correct <= answered <= total; got "
                             f"correct={self.correct}, answered={self.answered}, "
                             f"total={self.total}")
        if not 0 < self.pass_mark <= 1:
            raise ValueError(f"pass_mark must be in (0, 1]; got {self.pass_mark!r}")

    @property
    def fraction(self) -> float:
        """Correct answers over all questions of the check (0 for an empty check)."""
        return self.correct / self.total if self.total else 0.0

    @property
    def passed(self) -> bool:
        """Whether the correct answers reach the pass mark (an empty check never passes)."""
        return self.total > 0 and self.correct >= needed_to_pass(self.total, self.pass_mark)

    @property
    def still_needed(self) -> int:
        """Further correct answers needed to pass (0 once passed)."""
        return max(0, needed_to_pass(self.total, self.pass_mark) - self.correct)
