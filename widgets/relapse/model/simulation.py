"""Lapse-free curves and an illustrative cohort simulator (Module 5).

Everything here is an **illustration of ideas, not a prediction**.  The hazards and the
effect of each protective factor are invented for teaching: they show the *shape* of an
idea (a small weekly chance of a first lapse adds up over weeks; protective factors lower
it), never how likely a real person or program is to see a lapse.

- :func:`lapse_free_fraction`: the closed-form fraction of a cohort still lapse-free after
  each week, for a constant weekly hazard or one hazard per week.
- :func:`simulate_cohort`: a seeded Monte Carlo of time to first lapse, where factors a
  trainee can vary (coping-skills practice, support, medication, attendance) shift the
  hazard.  Same seed, same result.

Bounds: at most :data:`MAX_WEEKS` weeks, :data:`MAX_PEOPLE` people per cohort and
:data:`MAX_GROUPS` groups per comparison, so no call can take more than a few hundred
milliseconds or tens of megabytes.  Pure: data in, results out.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

__all__ = [
    "DEFAULT_WEEKLY_HAZARD",
    "EXAMPLE_GROUPS",
    "ILLUSTRATIVE_HAZARD_RATIOS",
    "ILLUSTRATION_LABEL",
    "MAX_GROUPS",
    "MAX_PEOPLE",
    "MAX_SEED",
    "MAX_WEEKS",
    "NO_LAPSE",
    "REPORT_WEEK",
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

REPORT_WEEK = 12
"""The week at which the module reports each group's lapse-free fraction."""

MAX_WEEKS = 520
"""Longest follow-up, in weeks (ten years)."""
MAX_PEOPLE = 100_000
"""Largest simulated cohort (people per group)."""
MAX_GROUPS = 8
"""Most groups compared side by side."""
MAX_SEED = 2**63 - 1
"""Largest seed (seeds run from 0)."""
_CHUNK_DRAWS = 1 << 20
"""Random draws held in memory at once (8 MB): people are simulated in blocks."""


# ----------------------------------------------------------------- validation


def _whole(name: str, value: object, lo: int, hi: int, what: str) -> int:
    """``value`` as an int in [lo, hi]: ints, numpy integers and whole floats are accepted."""
    if isinstance(value, bool | np.bool_) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a whole number of {what} from {lo} to {hi}, "
                        f"got {value!r}")
    if not isinstance(value, numbers.Integral):
        number = float(value)
        if not (math.isfinite(number) and number.is_integer()):
            raise TypeError(f"{name} must be a whole number of {what} from {lo} to {hi}, "
                            f"got {value!r}")
        value = int(number)
    if not lo <= value <= hi:
        raise ValueError(f"{name} must be from {lo} to {hi} {what}, got {value}")
    return int(value)


def _weeks(weeks: object, name: str = "weeks") -> int:
    return _whole(name, weeks, 0, MAX_WEEKS, "weeks")


def _seed(seed: object) -> int:
    return _whole("seed", seed, 0, MAX_SEED, "(a random seed)")


def _hazards(weekly_hazard: Any, weeks: int) -> np.ndarray:  # noqa: ANN401 - many forms
    """The hazard for each of ``weeks`` weeks as a float array; checks range and length."""
    if isinstance(weekly_hazard, bool | np.bool_ | str | bytes) or weekly_hazard is None:
        raise TypeError(f"weekly_hazard must be a number or a sequence of numbers, "
                        f"got {weekly_hazard!r}")
    if isinstance(weekly_hazard, numbers.Real):
        values = np.full(weeks, float(weekly_hazard))
        shown: float | None = float(weekly_hazard)
    else:
        try:
            values = np.asarray(weekly_hazard, dtype=float)
        except (TypeError, ValueError):
            raise TypeError(f"weekly_hazard must be a number or a sequence of numbers, "
                            f"got {weekly_hazard!r}") from None
        if values.ndim == 0:  # a numpy 0-d array: one number
            shown = float(values)
            values = np.full(weeks, shown)
        elif values.ndim != 1 or values.shape[0] != weeks:
            raise ValueError(f"weekly_hazard must be one number or one hazard per week "
                             f"({weeks} values); got shape {values.shape}")
        else:
            shown = None
    if shown is not None and not 0.0 <= shown <= 1.0:  # also NaN, also with 0 weeks
        raise ValueError(f"weekly_hazard is a probability and must lie in [0, 1]; got "
                         f"{shown}")
    bad = values[~((values >= 0.0) & (values <= 1.0))]  # also catches NaN
    if bad.size:
        raise ValueError(f"weekly_hazard: each weekly hazard is a probability and must lie "
                         f"in [0, 1]; got {float(bad[0])}")
    return values


def _level(name: str, value: object) -> float:
    if isinstance(value, bool | np.bool_):
        return 1.0 if value else 0.0
    if not isinstance(value, numbers.Real):
        raise TypeError(f"{name} is a level from 0 (none) to 1 (full); got {value!r}")
    if not 0.0 <= float(value) <= 1.0:  # also NaN
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
        How many weeks to follow the cohort, 0 to :data:`MAX_WEEKS`.

    Returns
    -------
    numpy.ndarray
        ``weeks + 1`` values; element 0 is 1.0 and element ``t`` is
        ``prod(1 - h[i] for i < t)``.

    Raises
    ------
    ValueError
        A hazard outside [0, 1] (or NaN), a sequence of the wrong length, weeks out of range.
    TypeError
        Weeks not a whole number, a hazard that is not a number.
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
        if isinstance(self.medication, np.bool_):
            object.__setattr__(self, "medication", bool(self.medication))
        if not isinstance(self.medication, bool):
            raise TypeError(f"medication is true or false; got {self.medication!r}")

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


def _protection(protection: object) -> Protection:
    if not isinstance(protection, Protection):
        raise TypeError(f"protection must be a Protection, got {protection!r}")
    return protection


def hazard_ratio(protection: Protection) -> float:
    """The combined illustrative hazard ratio of these factors (1.0 with none, never above).

    Each factor contributes ``ILLUSTRATIVE_HAZARD_RATIOS[name] ** level``; the
    contributions multiply.
    """
    ratio = 1.0
    for name, level in _protection(protection).levels().items():
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
        w = _weeks(week, "week")
        if w > self.weeks:
            raise ValueError(f"week {w} is beyond the {self.weeks} simulated weeks")
        return w


def _first_lapses(rng: np.random.Generator, n_people: int, hazard: np.ndarray) -> np.ndarray:
    """Each person's week of first lapse (or NO_LAPSE), drawing people in blocks.

    A block of people draws the same numbers as one big ``rng.random((n_people, weeks))``
    would (the generator's stream is consumed in the same order), with bounded memory.
    """
    weeks = hazard.shape[0]
    first = np.full(n_people, NO_LAPSE, dtype=np.int64)
    if weeks == 0:
        return first
    block = max(1, _CHUNK_DRAWS // weeks)
    for start in range(0, n_people, block):
        stop = min(n_people, start + block)
        lapses = rng.random((stop - start, weeks)) < hazard  # broadcast over people
        any_lapse = lapses.any(axis=1)
        first[start:stop] = np.where(any_lapse, lapses.argmax(axis=1) + 1, NO_LAPSE)
    return first


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
        Cohort size, 1 to :data:`MAX_PEOPLE`.
    weeks : int
        Weeks to follow the cohort, 0 to :data:`MAX_WEEKS`.
    weekly_hazard : float or sequence of float
        Baseline hazard with no protective factor (see :func:`lapse_free_fraction`).
    seed : int
        Seed of the :class:`numpy.random.Generator`, 0 to :data:`MAX_SEED`; same seed,
        same result.
    coping_practice, support, attendance : float
        Levels from 0 to 1 (see :class:`Protection`).
    medication : bool
        Whether the cohort takes a medication for its use disorder.

    Returns
    -------
    CohortResult

    Raises
    ------
    ValueError, TypeError
        Naming the argument, the value and the allowed range.
    """
    people = _whole("n_people", n_people, 1, MAX_PEOPLE, "people")
    n_weeks = _weeks(weeks)
    start = _seed(seed)
    protection = Protection(coping_practice=coping_practice, support=support,
                            medication=medication, attendance=attendance)
    hazard = adjusted_hazard(weekly_hazard, n_weeks, protection)
    first = _first_lapses(np.random.default_rng(start), people, hazard)
    # lapse_free[t]: share of people with no lapse in weeks 1..t
    counts = np.bincount(first[first != NO_LAPSE], minlength=n_weeks + 1)[: n_weeks + 1]
    lapse_free = 1.0 - np.cumsum(counts) / people
    lapse_free[0] = 1.0
    return CohortResult(
        n_people=people, weeks=n_weeks, seed=start, protection=protection,
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
    At most :data:`MAX_GROUPS` groups, each named by a text and given a
    :class:`Protection`.
    """
    if not isinstance(groups, Mapping):
        raise TypeError(f"groups must map each group's name to its Protection, got "
                        f"{groups!r}")
    if not 1 <= len(groups) <= MAX_GROUPS:
        raise ValueError(f"groups must hold from 1 to {MAX_GROUPS} groups, got {len(groups)}")
    for name, protection in groups.items():
        if not isinstance(name, str):
            raise TypeError(f"groups: each group is named by a text, got {name!r}")
        _protection(protection)
    first = _seed(seed)
    if first + len(groups) - 1 > MAX_SEED:
        raise ValueError(f"seed must be from 0 to {MAX_SEED - len(groups) + 1} for "
                         f"{len(groups)} groups (group i uses seed + i), got {first}")
    return {name: simulate_cohort(n_people, weeks, weekly_hazard, seed=first + i,
                                  coping_practice=p.coping_practice, support=p.support,
                                  medication=p.medication, attendance=p.attendance)
            for i, (name, p) in enumerate(groups.items())}


def percent(fraction: float) -> str:
    """A fraction as a whole percentage for display (``0.456`` -> ``'46%'``)."""
    if isinstance(fraction, bool | np.bool_) or not isinstance(fraction, numbers.Real):
        raise TypeError(f"fraction must be a number, got {fraction!r}")
    value = float(fraction)
    if not (math.isfinite(value) and abs(value) <= 1e12):
        raise ValueError(f"fraction must be a finite number from -1e12 to 1e12, got "
                         f"{fraction!r}")
    return f"{round(value * 100):d}%"
