"""Lapse-free curves and an illustrative cohort simulator (Module 5).

Everything here is an **illustration of ideas, not a prediction**.  The hazards and the
effect of each protective factor are invented for teaching: they show the *shape* of an
idea (a small weekly chance of a first lapse adds up over weeks; protective factors lower
it), never how likely a real person or program is to see a lapse.

Two pieces:

- :func:`lapse_free_fraction`: the closed-form fraction of a cohort still lapse-free after
  each week, for a constant weekly hazard or one hazard per week.
- :func:`simulate_cohort`: a seeded Monte Carlo of time to first lapse, where factors a
  trainee can vary (coping-skills practice, support, medication, attendance) shift the
  hazard.  Same seed, same result.

This module is pure logic: it never imports ipywidgets or IPython.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

__all__ = [
    "DEFAULT_WEEKLY_HAZARD",
    "EXAMPLE_GROUPS",
    "ILLUSTRATIVE_HAZARD_RATIOS",
    "ILLUSTRATION_LABEL",
    "NO_LAPSE",
    "CohortResult",
    "Protection",
    "adjusted_hazard",
    "compare_cohorts",
    "hazard_ratio",
    "lapse_free_fraction",
    "percent",
    "simulate_cohort",
]

ILLUSTRATION_LABEL = (
    "Illustration of ideas, not a prediction: the weekly hazard and the effect of each "
    "factor are invented for teaching, not estimates from any study."
)
"""The label every output of this module carries (figures, tables, widgets)."""

DEFAULT_WEEKLY_HAZARD = 0.06
"""An invented baseline: the weekly chance of a first lapse with no protective factor."""

ILLUSTRATIVE_HAZARD_RATIOS: dict[str, float] = {
    "coping_practice": 0.70,
    "support": 0.75,
    "medication": 0.70,
    "attendance": 0.80,
}
"""Invented hazard ratios at a factor's full level (1.0); **not** study estimates.

A factor at level ``x`` (0 to 1) multiplies the hazard ratio by ``ratio ** x``, so each
factor can only lower the hazard, and more of it lowers it more.
"""

NO_LAPSE = -1
"""Value of :attr:`CohortResult.first_lapse_week` for a person with no lapse in the window."""


# ----------------------------------------------------------------- validation


def _weeks(weeks: object) -> int:
    if isinstance(weeks, bool) or not isinstance(weeks, numbers.Integral):
        raise TypeError(f"weeks must be a whole number of weeks, got {weeks!r}")
    if weeks < 0:
        raise ValueError(f"weeks must be 0 or more, got {weeks}")
    return int(weeks)


def _hazards(weekly_hazard: float | Sequence[float] | np.ndarray, weeks: int) -> np.ndarray:
    """The hazard for each of ``weeks`` weeks as a float array; checks range and length."""
    if isinstance(weekly_hazard, bool | str | bytes) or weekly_hazard is None:
        raise TypeError(f"weekly_hazard must be a number or a sequence of numbers, "
                        f"got {weekly_hazard!r}")
    if isinstance(weekly_hazard, numbers.Real):
        values = np.full(weeks, float(weekly_hazard))
        scalar = True
    else:
        try:
            values = np.asarray(weekly_hazard, dtype=float)
        except (TypeError, ValueError):
            raise TypeError(f"weekly_hazard must be a number or a sequence of numbers, "
                            f"got {weekly_hazard!r}") from None
        if values.ndim != 1 or values.shape[0] != weeks:
            raise ValueError(f"weekly_hazard must be one number or one hazard per week "
                             f"({weeks} values); got shape {values.shape}")
        scalar = False
    bad = values[~((values >= 0.0) & (values <= 1.0))]  # also catches NaN
    if bad.size or (scalar and not 0.0 <= float(weekly_hazard) <= 1.0):
        shown = float(weekly_hazard) if scalar else float(bad[0])
        raise ValueError(f"a weekly hazard is a probability and must lie in [0, 1]; got {shown}")
    return values


def _level(name: str, value: object) -> float:
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    if not isinstance(value, numbers.Real) or not 0.0 <= float(value) <= 1.0:
        raise ValueError(f"{name} is a level from 0 (none) to 1 (full); got {value!r}")
    return float(value)


# ------------------------------------------------------------------ closed form


def lapse_free_fraction(weekly_hazard: float | Sequence[float] | np.ndarray,
                        weeks: int) -> np.ndarray:
    """Fraction of a cohort still lapse-free after each week.

    Parameters
    ----------
    weekly_hazard : float or sequence of float
        The chance that a person who is still lapse-free at the start of a week has a first
        lapse during it: one number for every week, or one per week (length ``weeks``).
        Each must lie in [0, 1].
    weeks : int
        How many weeks to follow the cohort.

    Returns
    -------
    numpy.ndarray
        ``weeks + 1`` values; element 0 is 1.0 and element ``t`` is
        ``prod(1 - h[i] for i < t)``.

    Raises
    ------
    ValueError
        A hazard outside [0, 1] (or NaN), a sequence of the wrong length, negative weeks.
    """
    n = _weeks(weeks)
    hazards = _hazards(weekly_hazard, n)
    return np.concatenate(([1.0], np.cumprod(1.0 - hazards)))


# ------------------------------------------------------------------ factors


@dataclass(frozen=True)
class Protection:
    """Protective factors a trainee can vary; each level runs from 0 (none) to 1 (full).

    Attributes
    ----------
    coping_practice : float
        How regularly the group practises coping skills (0 never, 1 every day).
    support : float
        How much recovery support the group has (0 none, 1 strong and regular).
    medication : bool
        Whether the group takes a medication for its use disorder, where one fits.
    attendance : float
        Fraction of IOP sessions attended (0 none, 1 all).
    """

    coping_practice: float = 0.0
    support: float = 0.0
    medication: bool = False
    attendance: float = 0.0

    def __post_init__(self) -> None:
        for name in ("coping_practice", "support", "attendance"):
            _level(name, getattr(self, name))
        if not isinstance(self.medication, bool):
            raise ValueError(f"medication is true or false; got {self.medication!r}")

    def levels(self) -> dict[str, float]:
        """Each factor's level as a float from 0 to 1."""
        return {name: _level(name, getattr(self, name)) for name in ILLUSTRATIVE_HAZARD_RATIOS}

    def describe(self) -> str:
        """The factors in a short sentence (for legends and tables)."""
        lv = self.levels()
        parts = [f"coping practice {lv['coping_practice']:.0%}",
                 f"support {lv['support']:.0%}",
                 "medication" if self.medication else "no medication",
                 f"attendance {lv['attendance']:.0%}"]
        return ", ".join(parts)


def hazard_ratio(protection: Protection) -> float:
    """The combined illustrative hazard ratio of these factors (1.0 with none, never above).

    Each factor contributes ``ILLUSTRATIVE_HAZARD_RATIOS[name] ** level``; the
    contributions multiply.
    """
    ratio = 1.0
    for name, level in protection.levels().items():
        ratio *= ILLUSTRATIVE_HAZARD_RATIOS[name] ** level
    return ratio


def adjusted_hazard(weekly_hazard: float | Sequence[float] | np.ndarray, weeks: int,
                    protection: Protection) -> np.ndarray:
    """Per-week hazards after the protective factors are applied.

    Uses the discrete-time proportional-hazards form ``1 - (1 - h) ** ratio``, which stays
    in [0, 1] for every ratio and equals ``h * ratio`` for small hazards.
    """
    hazards = _hazards(weekly_hazard, _weeks(weeks))
    return 1.0 - (1.0 - hazards) ** hazard_ratio(protection)


# --------------------------------------------------------------- simulation


@dataclass(frozen=True)
class CohortResult:
    """One simulated cohort (an illustration, not a prediction).

    Attributes
    ----------
    n_people, weeks, seed : int
        What was simulated.
    protection : Protection
        The factors applied.
    hazard : numpy.ndarray
        The adjusted weekly hazard, one per week.
    first_lapse_week : numpy.ndarray
        For each person, the week (1 to ``weeks``) of a first lapse, or :data:`NO_LAPSE`.
    lapse_free : numpy.ndarray
        Simulated fraction still lapse-free after each week (``weeks + 1`` values).
    expected : numpy.ndarray
        The closed-form expected fraction, :func:`lapse_free_fraction` of ``hazard``.
    label : str
        :data:`ILLUSTRATION_LABEL`.
    """

    n_people: int
    weeks: int
    seed: int
    protection: Protection
    hazard: np.ndarray = field(repr=False)
    first_lapse_week: np.ndarray = field(repr=False)
    lapse_free: np.ndarray = field(repr=False)
    expected: np.ndarray = field(repr=False)
    label: str = ILLUSTRATION_LABEL

    def at_week(self, week: int) -> float:
        """Simulated fraction lapse-free after ``week`` weeks."""
        return float(self.lapse_free[self._index(week)])

    def expected_at_week(self, week: int) -> float:
        """Expected (closed-form) fraction lapse-free after ``week`` weeks."""
        return float(self.expected[self._index(week)])

    def _index(self, week: int) -> int:
        w = _weeks(week)
        if w > self.weeks:
            raise ValueError(f"week {w} is beyond the {self.weeks} simulated weeks")
        return w


def simulate_cohort(n_people: int, weeks: int,
                    weekly_hazard: float | Sequence[float] | np.ndarray, *, seed: int,
                    coping_practice: float = 0.0, support: float = 0.0,
                    medication: bool = False, attendance: float = 0.0) -> CohortResult:
    """Simulate time to first lapse for a cohort (seeded; an illustration, not a prediction).

    Each person, each week they are still lapse-free, has a first lapse with the adjusted
    hazard (:func:`adjusted_hazard`).  The random draws depend only on ``seed``,
    ``n_people`` and ``weeks``, never on the factors, so two cohorts with the same seed
    differ only because of their factors: with more protection nobody lapses earlier.

    Parameters
    ----------
    n_people : int
        Cohort size (at least 1).
    weeks : int
        Weeks to follow the cohort.
    weekly_hazard : float or sequence of float
        Baseline hazard with no protective factor (see :func:`lapse_free_fraction`).
    seed : int
        Seed of the :class:`numpy.random.Generator`; same seed, same result.
    coping_practice, support, attendance : float
        Levels from 0 to 1 (see :class:`Protection`).
    medication : bool
        Whether the cohort takes a medication for its use disorder.

    Returns
    -------
    CohortResult
    """
    if isinstance(n_people, bool) or not isinstance(n_people, numbers.Integral) \
            or n_people < 1:
        raise ValueError(f"n_people must be a whole number of at least 1, got {n_people!r}")
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral):
        raise TypeError(f"seed must be an integer, got {seed!r}")
    n_weeks = _weeks(weeks)
    protection = Protection(coping_practice=coping_practice, support=support,
                            medication=medication, attendance=attendance)
    hazard = adjusted_hazard(weekly_hazard, n_weeks, protection)
    rng = np.random.default_rng(int(seed))
    draws = rng.random((int(n_people), n_weeks))
    lapses = draws < hazard  # broadcast over people
    any_lapse = lapses.any(axis=1)
    first_index = lapses.argmax(axis=1) if n_weeks else np.zeros(int(n_people), dtype=int)
    first = np.where(any_lapse, first_index + 1, NO_LAPSE)
    # lapse_free[t]: share of people with no lapse in weeks 1..t
    counts = np.bincount(first[any_lapse], minlength=n_weeks + 1)[: n_weeks + 1]
    lapse_free = 1.0 - np.cumsum(counts) / n_people
    lapse_free[0] = 1.0
    return CohortResult(
        n_people=int(n_people), weeks=n_weeks, seed=int(seed), protection=protection,
        hazard=hazard, first_lapse_week=first, lapse_free=lapse_free,
        expected=lapse_free_fraction(hazard, n_weeks))


EXAMPLE_GROUPS: dict[str, Protection] = {
    "Group A": Protection(attendance=0.5),
    "Group B": Protection(coping_practice=1.0, support=1.0, medication=True, attendance=1.0),
}
"""The two groups the cohort simulator starts with (and the module's worked example)."""


def compare_cohorts(groups: Mapping[str, Protection], *, n_people: int = 500, weeks: int = 24,
                    weekly_hazard: float | Sequence[float] = DEFAULT_WEEKLY_HAZARD,
                    seed: int = 5) -> dict[str, CohortResult]:
    """Simulate one cohort per group, side by side (an illustration, not a prediction).

    Group ``i`` (in mapping order) uses seed ``seed + i``, as the cohort simulator does.
    """
    return {name: simulate_cohort(n_people, weeks, weekly_hazard, seed=seed + i,
                                  coping_practice=p.coping_practice, support=p.support,
                                  medication=p.medication, attendance=p.attendance)
            for i, (name, p) in enumerate(groups.items())}


def percent(fraction: float) -> str:
    """A fraction as a whole percentage for display (``0.456`` -> ``'46%'``)."""
    if not math.isfinite(fraction):
        raise ValueError(f"not a finite fraction: {fraction!r}")
    return f"{round(fraction * 100):d}%"
