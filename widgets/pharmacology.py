"""Teaching models of opioid pharmacology: repeated dosing and receptor effect.

Pure logic: no ipywidgets, no IPython.  These are textbook models chosen to make two
ideas visible, not to predict anyone's levels or to guide dosing (counselors do not dose):

- :func:`repeated_dose_curve`: a one-compartment model with first-order elimination.
  A drug taken once a day builds up (accumulates) until, after about five half-lives,
  each dose only replaces what was eliminated since the last one (steady state).
- :func:`receptor_effect` and :func:`competitive_effect`: occupancy models of a full
  agonist, a partial agonist (its ceiling) and an antagonist, and what happens to the
  net effect when a partial agonist displaces a full agonist (precipitated withdrawal).

Half-lives are ranges, never one number: :data:`HALF_LIFE_RANGES` carries the ranges of
the project's fact base with their citations.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = [
    "HALF_LIFE_RANGES",
    "HalfLifeRange",
    "accumulation_ratio",
    "DosingSummary",
    "competitive_effect",
    "displacement_curve",
    "dosing_summary",
    "elimination_rate",
    "fraction_of_steady_state",
    "peaks_and_troughs",
    "receptor_effect",
    "repeated_dose_curve",
    "time_to_fraction_of_steady_state",
]

FloatArray = NDArray[np.float64]


# ------------------------------------------------------------------------- half-lives


@dataclass(frozen=True)
class HalfLifeRange:
    """A half-life as the fact base gives it: a range from sources, never one number.

    Attributes
    ----------
    medication : str
        The medication's name.
    low_h, high_h : float
        The envelope of the reported ranges, in hours.
    reported : tuple of str
        The ranges as the sources report them, for display.
    wording : str
        How the fact base lets us phrase it.
    cite : tuple of str
        Citation keys of ``references.bib``.
    """

    medication: str
    low_h: float
    high_h: float
    reported: tuple[str, ...]
    wording: str
    cite: tuple[str, ...]


HALF_LIFE_RANGES: Mapping[str, HalfLifeRange] = MappingProxyType({
    "methadone": HalfLifeRange(
        "methadone", 8.0, 59.0, ("about 8-59 h (commonly quoted)",),
        "long-acting, with wide individual variability; a half-life of about 8-59 hours "
        "is commonly quoted", ("TIP63-secondary", "TIP63")),
    "buprenorphine": HalfLifeRange(
        "buprenorphine", 20.0, 60.0,
        ("24-42 h (often attributed to US labelling)", "24-60 h", "20-36 h and more"),
        "long-acting, once-daily; its half-life is variably reported", (
            "MayoLabs", "Strickland2021")),
})
"""Half-life ranges of methadone and buprenorphine, as the fact base reports them."""


# ------------------------------------------------------------------------ elimination


def _positive(name: str, value: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float | np.number):
        raise TypeError(f"{name} must be a number, got {type(value).__name__}")
    number = float(value)
    if not math.isfinite(number) or number <= 0:
        raise ValueError(f"{name} must be a positive, finite number; got {value!r}")
    return number


def _non_negative(name: str, value: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float | np.number):
        raise TypeError(f"{name} must be a number, got {type(value).__name__}")
    number = float(value)
    if not math.isfinite(number) or number < 0:
        raise ValueError(f"{name} must be zero or a positive, finite number; got {value!r}")
    return number


def elimination_rate(half_life_h: float) -> float:
    """First-order elimination rate constant k = ln 2 / half-life (per hour)."""
    return math.log(2) / _positive("half_life_h", half_life_h)


def accumulation_ratio(interval_h: float, half_life_h: float) -> float:
    """Steady-state level over the first dose's level: 1 / (1 - exp(-k * interval)).

    The same ratio holds for peaks and for troughs of a bolus regimen.
    """
    k = elimination_rate(half_life_h)
    return 1.0 / -math.expm1(-k * _positive("interval_h", interval_h))


def fraction_of_steady_state(time_h: float, half_life_h: float) -> float:
    """How far towards steady state a regular regimen is after ``time_h``: 1 - exp(-k t).

    After n whole half-lives this is 1 - 2**-n: 50% after one, about 97% after five.
    """
    return -math.expm1(-elimination_rate(half_life_h) * _non_negative("time_h", time_h))


def time_to_fraction_of_steady_state(fraction: float, half_life_h: float) -> float:
    """Hours until a regular regimen reaches ``fraction`` (0-1) of its steady state."""
    if not 0 < fraction < 1:
        raise ValueError(f"fraction must be between 0 and 1 (exclusive); got {fraction!r}")
    return -math.log1p(-fraction) / elimination_rate(half_life_h)


def repeated_dose_curve(dose_mg: float, interval_h: float, half_life_h: float,
                        duration_h: float, *, step_h: float = 0.1,
                        absorption_half_life_h: float | None = None,
                        volume_l: float = 1.0) -> tuple[FloatArray, FloatArray]:
    """Concentration over time for a dose repeated every ``interval_h`` hours.

    A one-compartment model with first-order elimination (k = ln 2 / ``half_life_h``) and
    complete bioavailability.  Doses are taken at 0, ``interval_h``, 2 x ``interval_h``...
    up to ``duration_h``.  With ``absorption_half_life_h=None`` each dose is an instant
    bolus that raises the concentration by ``dose_mg / volume_l`` (at a dose time the value
    is the one just after the dose); otherwise absorption is first order (Bateman
    function).  By superposition the bolus curve is

        C(t) = (dose / V) * sum over doses taken by t of exp(-k (t - t_dose)).

    Parameters
    ----------
    dose_mg : float
        Amount per dose (mg, or any unit: the curve scales with it).
    interval_h : float
        Hours between doses.
    half_life_h : float
        Elimination half-life in hours.
    duration_h : float
        Length of the curve in hours.
    step_h : float, default 0.1
        Time step of the returned grid.
    absorption_half_life_h : float or None, default None
        Absorption half-life; ``None`` for instant boluses.
    volume_l : float, default 1.0
        Volume of distribution (concentration = amount / volume).

    Returns
    -------
    times_h, concentration : ndarray
        The time grid ``0, step_h, 2*step_h, ...`` up to ``duration_h`` and the
        concentration (dose units per litre) at each time.

    Raises
    ------
    ValueError
        For a negative dose or duration, or a non-positive interval, half-life, step,
        absorption half-life or volume.
    """
    dose = _non_negative("dose_mg", dose_mg)
    tau = _positive("interval_h", interval_h)
    k = elimination_rate(half_life_h)
    duration = _non_negative("duration_h", duration_h)
    step = _positive("step_h", step_h)
    volume = _positive("volume_l", volume_l)
    ka = None if absorption_half_life_h is None else elimination_rate(absorption_half_life_h)

    n_steps = int(math.floor(duration / step + 1e-9))
    times = np.arange(n_steps + 1, dtype=float) * step
    n_doses = int(math.floor(duration / tau + 1e-9)) + 1
    conc = np.zeros_like(times)
    tol = 1e-9 * max(step, tau)
    for n in range(n_doses):
        since = times - n * tau
        taken = since >= -tol
        dt = np.clip(since[taken], 0.0, None)
        if ka is None:
            conc[taken] += np.exp(-k * dt)
        elif math.isclose(ka, k):
            conc[taken] += k * dt * np.exp(-k * dt)
        else:
            conc[taken] += ka / (ka - k) * (np.exp(-k * dt) - np.exp(-ka * dt))
    return times, conc * (dose / volume)


def peaks_and_troughs(dose_mg: float, interval_h: float, half_life_h: float,
                      n_doses: int, *, volume_l: float = 1.0) -> tuple[FloatArray, FloatArray]:
    """Closed-form peaks (just after each dose) and troughs (just before the next).

    For instant boluses: peak_n = (D/V) (1 - r**n) / (1 - r) and trough_n = peak_n * r,
    with r = exp(-k * interval) and n = 1 ... ``n_doses``.
    """
    if isinstance(n_doses, bool) or not isinstance(n_doses, int) or n_doses < 1:
        raise ValueError(f"n_doses must be a whole number of at least 1; got {n_doses!r}")
    unit = _non_negative("dose_mg", dose_mg) / _positive("volume_l", volume_l)
    r = math.exp(-elimination_rate(half_life_h) * _positive("interval_h", interval_h))
    n = np.arange(1, n_doses + 1, dtype=float)
    peaks = unit * (1.0 - r ** n) / (1.0 - r)
    return peaks, peaks * r


# ---------------------------------------------------------------------------- receptor


def _check_activity(name: str, value: float) -> float:
    number = _non_negative(name, value)
    if number > 1:
        raise ValueError(f"{name} must be between 0 (antagonist) and 1 (full agonist); "
                         f"got {value!r}")
    return number


def _doses(name: str, dose: ArrayLike) -> FloatArray:
    arr = np.asarray(dose, dtype=float)
    if np.any(~np.isfinite(arr)) or np.any(arr < 0):
        raise ValueError(f"{name} must be zero or positive and finite")
    return arr


def receptor_effect(dose: ArrayLike, *, intrinsic_activity: float, ec50: float,
                    hill: float = 1.0) -> float | FloatArray:
    """Fraction of the maximal opioid effect produced by one drug on its own.

    E = intrinsic_activity * dose**hill / (ec50**hill + dose**hill)

    A full agonist (intrinsic activity 1) can reach the whole effect; a partial agonist
    (between 0 and 1) levels off at its intrinsic activity however high the dose (the
    ceiling); an antagonist (0) occupies receptors without activating them.

    Parameters
    ----------
    dose : float or array_like
        Dose or concentration (same unit as ``ec50``), zero or positive.
    intrinsic_activity : float
        0 (antagonist) to 1 (full agonist).
    ec50 : float
        The dose giving half of this drug's own maximum.
    hill : float, default 1.0
        Steepness of the curve.

    Returns
    -------
    float or ndarray
        A float for a scalar dose, an array of the same shape for an array.
    """
    activity = _check_activity("intrinsic_activity", intrinsic_activity)
    half = _positive("ec50", ec50)
    n = _positive("hill", hill)
    d = _doses("dose", dose)
    ratio = (d / half) ** n
    effect = activity * ratio / (1.0 + ratio)
    return float(effect) if effect.ndim == 0 else effect


def competitive_effect(full_dose: ArrayLike, partial_dose: ArrayLike, *,
                       partial_activity: float, full_ec50: float = 1.0,
                       partial_ec50: float = 1.0,
                       full_activity: float = 1.0) -> float | FloatArray:
    """Net effect when a full and a partial agonist compete for the same receptors.

    Both bind the same site (competitive, equilibrium occupancy, Hill slope 1) and the
    effect is each drug's occupancy times its intrinsic activity:

        a = full_dose / full_ec50,  b = partial_dose / partial_ec50
        E = (full_activity * a + partial_activity * b) / (1 + a + b)

    With one of the doses at zero this is :func:`receptor_effect` of the other.  As the
    partial agonist's dose grows, E tends to ``partial_activity``: if the full agonist
    was producing more than that, the net effect falls (in a person who is physically
    dependent, a sudden fall is felt as precipitated withdrawal).

    Returns
    -------
    float or ndarray
        Broadcast over ``full_dose`` and ``partial_dose``.
    """
    a = _doses("full_dose", full_dose) / _positive("full_ec50", full_ec50)
    b = _doses("partial_dose", partial_dose) / _positive("partial_ec50", partial_ec50)
    ia_full = _check_activity("full_activity", full_activity)
    ia_partial = _check_activity("partial_activity", partial_activity)
    effect = (ia_full * a + ia_partial * b) / (1.0 + a + b)
    return float(effect) if np.ndim(effect) == 0 else effect


def displacement_curve(full_occupancy: float, partial_dose: ArrayLike, *,
                       partial_activity: float) -> float | FloatArray:
    """Net effect as a partial agonist is added to receptors a full agonist already holds.

    ``full_occupancy`` (0 to just under 1) is the share of receptors the full agonist
    holds on its own, so its effect alone equals ``full_occupancy``; ``partial_dose`` is in
    multiples of the partial agonist's own EC50.  The result starts at ``full_occupancy``
    and tends to ``partial_activity`` as the dose grows: it falls when the full agonist
    was producing more than the partial agonist's ceiling.
    """
    f = _non_negative("full_occupancy", full_occupancy)
    if f >= 1:
        raise ValueError(f"full_occupancy must be below 1; got {full_occupancy!r}")
    return competitive_effect(f / (1.0 - f), partial_dose, partial_activity=partial_activity)


@dataclass(frozen=True)
class DosingSummary:
    """Closed-form facts of a once-every-``interval_h`` bolus regimen, in dose units.

    Attributes
    ----------
    half_life_h, interval_h : float
        The regimen.
    accumulation_ratio : float
        Steady-state level over the first dose's level.
    days_to_97_percent : float
        Five half-lives, in days: by then the regimen is about 97% of the way to steady
        state (1 - 2**-5 = 96.9%).
    peaks, troughs : tuple of float
        Level just after dose n and just before dose n + 1, for n = 1 ... number of doses.
    """

    half_life_h: float
    interval_h: float
    accumulation_ratio: float
    days_to_97_percent: float
    peaks: tuple[float, ...]
    troughs: tuple[float, ...]

    def before_and_after(self, day: int) -> tuple[float, float]:
        """Level just before and just after the dose of ``day`` (day 1 = first dose)."""
        if not 1 <= day <= len(self.peaks):
            raise ValueError(f"day must be between 1 and {len(self.peaks)}; got {day}")
        before = 0.0 if day == 1 else self.troughs[day - 2]
        return before, self.peaks[day - 1]


def dosing_summary(half_life_h: float, *, interval_h: float = 24.0,
                   n_doses: int = 14) -> DosingSummary:
    """Accumulation ratio, time to about 97% of steady state, peaks and troughs."""
    peaks, troughs = peaks_and_troughs(1.0, interval_h, half_life_h, n_doses)
    return DosingSummary(float(half_life_h), float(interval_h),
                         accumulation_ratio(interval_h, half_life_h),
                         5 * float(half_life_h) / 24.0,
                         tuple(float(p) for p in peaks), tuple(float(t) for t in troughs))
