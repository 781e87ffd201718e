"""Teaching models of opioid pharmacology: repeated dosing and receptor effect.

Pure: data in, results out.  These are textbook models chosen to make two ideas
visible, not to predict anyone's levels or to guide dosing (counselors do not dose):

- :func:`repeated_dose_curve`: a one-compartment model with first-order elimination.
  A drug taken once a day builds up (accumulates) until, after about five half-lives,
  each dose only replaces what was eliminated since the last one (steady state).
- :func:`receptor_effect` and :func:`competitive_effect`: occupancy models of a full
  agonist, a partial agonist (its ceiling) and an antagonist, and what happens to the
  net effect when a partial agonist displaces a full agonist (precipitated withdrawal).

Half-lives are ranges, never one number: the curriculum's ranges are data
(``kind: half-life-ranges``), bound by :mod:`widgets.pharmacology` as ``HALF_LIFE_RANGES``.

Inputs
------
Every public function checks its inputs and accepts ints, floats and numpy scalars
(never booleans or strings); a value out of its range raises ``ValueError``, a value of
the wrong type ``TypeError``, each naming the argument, the value and the range:

==========================  ===========================================================
argument                    allowed
==========================  ===========================================================
``dose_mg``                 0 to 10,000 (mg, or any unit: the curve scales with it)
``interval_h``              0.5 to 8,760 hours (30 minutes to a year) between doses
``half_life_h`` (and the    0.05 to 1,000 hours
absorption half-life)
``duration_h``              0 to 8,760 hours (a year)
``step_h``                  0.001 to 8,760 hours, at most :data:`MAX_POINTS` points
``time_h``                  0 to 87,600 hours (ten years)
``volume_l``                0.1 to 10,000 litres
``n_doses``                 1 to :data:`MAX_DOSES`
receptor doses, EC50s       doses 0 to 1e12, EC50s 1e-9 to 1e9 (any one unit);
                            at most :data:`MAX_POINTS` values
``hill``                    0.1 to 10
activities, occupancy       0 to 1 (occupancy below 1)
==========================  ===========================================================

The work of any call is bounded by :data:`MAX_POINTS` values, and every result is finite.
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = [
    "MAX_DOSES",
    "MAX_POINTS",
    "DosingSummary",
    "HalfLifeRange",
    "accumulation_ratio",
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

MAX_POINTS = 100_000
"""The most points a curve has, and the most values a dose array may hold."""
MAX_DOSES = 10_000
"""The most doses :func:`peaks_and_troughs` and :func:`dosing_summary` describe."""

DOSE_MG = (0.0, 10_000.0)
INTERVAL_H = (0.5, 8_760.0)
HALF_LIFE_H = (0.05, 1_000.0)
DURATION_H = (0.0, 8_760.0)
STEP_H = (0.001, 8_760.0)
TIME_H = (0.0, 87_600.0)
VOLUME_L = (0.1, 10_000.0)
HILL = (0.1, 10.0)
EC50 = (1e-9, 1e9)
RECEPTOR_DOSE = (0.0, 1e12)


# ------------------------------------------------------------------------ validation


def _show(value: Any) -> str:
    """A short repr of ``value`` for a message (never raising, never huge)."""
    try:
        text = repr(value)
    except Exception:  # noqa: BLE001 - e.g. an int too long to print
        text = f"a {type(value).__name__}"
    return text if len(text) <= 60 else text[:57] + "..."


def _range_text(low: float, high: float, unit: str) -> str:
    return f"from {low:,g} to {high:,g}{unit}"


def _number(name: str, value: Any, bounds: tuple[float, float], unit: str = "") -> float:
    """``value`` as a float within ``bounds``, or an error naming ``name`` and the range."""
    low, high = bounds
    allowed = _range_text(low, high, unit)
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a number {allowed}; got {_show(value)} "
                        f"({type(value).__name__})")
    try:
        number = float(value)
    except (OverflowError, ValueError):
        number = math.inf
    if not low <= number <= high:  # NaN fails too
        raise ValueError(f"{name} must be a number {allowed}; got {_show(value)}")
    return number


def _count(name: str, value: Any, low: int, high: int) -> int:
    """``value`` as an int within ``low..high`` (numpy integers accepted)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be a whole number from {low:,} to {high:,}; got "
                        f"{_show(value)} ({type(value).__name__})")
    number = int(value)
    if not low <= number <= high:
        raise ValueError(f"{name} must be a whole number from {low:,} to {high:,}; got "
                         f"{_show(value)}")
    return number


def _array(name: str, value: ArrayLike, bounds: tuple[float, float]) -> FloatArray:
    """A number or array of numbers within ``bounds``, at most :data:`MAX_POINTS` values."""
    low, high = bounds
    allowed = f"numbers {_range_text(low, high, '')}, at most {MAX_POINTS:,} of them"
    if isinstance(value, str | bytes):
        raise TypeError(f"{name} must be a number or an array of {allowed}; got "
                        f"{_show(value)}")
    if not isinstance(value, np.ndarray) and hasattr(value, "__len__"):
        length = len(value)  # type: ignore[arg-type]
        if length > MAX_POINTS:  # refused before numpy copies it
            raise ValueError(f"{name} has {length:,} values; at most {MAX_POINTS:,} are "
                             f"allowed")
    try:
        raw = np.asarray(value)
    except (ValueError, TypeError, OverflowError):
        raise TypeError(f"{name} must be a number or an array of {allowed}; got "
                        f"{_show(value)}") from None
    if raw.dtype.kind not in "iuf":
        raise TypeError(f"{name} must be a number or an array of {allowed}; got "
                        f"{_show(value)} ({raw.dtype})")
    if raw.size > MAX_POINTS:
        raise ValueError(f"{name} has {raw.size:,} values; at most {MAX_POINTS:,} are allowed")
    with np.errstate(over="ignore"):
        arr = raw.astype(float)
    if arr.size and not (np.all(arr >= low) and np.all(arr <= high)):  # NaN fails too
        bad = arr[~((arr >= low) & (arr <= high))].flat[0]
        raise ValueError(f"{name} must hold {allowed}; got {float(bad)!r}")
    return arr


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
    illustrative_h : float or None
        An illustrative half-life inside the range (where the dosing explorer starts).
    """

    medication: str
    low_h: float
    high_h: float
    reported: tuple[str, ...]
    wording: str
    cite: tuple[str, ...]
    illustrative_h: float | None = None


# ------------------------------------------------------------------------ elimination


def elimination_rate(half_life_h: float) -> float:
    """First-order elimination rate constant k = ln 2 / half-life (per hour).

    ``half_life_h``: 0.05 to 1,000 hours.
    """
    return math.log(2) / _number("half_life_h", half_life_h, HALF_LIFE_H, " hours")


def accumulation_ratio(interval_h: float, half_life_h: float) -> float:
    """Steady-state level over the first dose's level: 1 / (1 - exp(-k * interval)).

    The same ratio holds for peaks and for troughs of a bolus regimen.
    ``interval_h``: 0.5 to 8,760 hours; ``half_life_h``: 0.05 to 1,000 hours.
    """
    k = elimination_rate(half_life_h)
    return 1.0 / -math.expm1(-k * _number("interval_h", interval_h, INTERVAL_H, " hours"))


def fraction_of_steady_state(time_h: float, half_life_h: float) -> float:
    """How far towards steady state a regular regimen is after ``time_h``: 1 - exp(-k t).

    After n whole half-lives this is 1 - 2**-n: 50% after one, about 97% after five.
    ``time_h``: 0 to 87,600 hours.
    """
    time = _number("time_h", time_h, TIME_H, " hours")
    return -math.expm1(-elimination_rate(half_life_h) * time)


def time_to_fraction_of_steady_state(fraction: float, half_life_h: float) -> float:
    """Hours until a regular regimen reaches ``fraction`` (above 0, below 1) of steady state."""
    value = _number("fraction", fraction, (0.0, 1.0))
    if not 0 < value < 1:
        raise ValueError(f"fraction must be between 0 and 1 (exclusive); got {_show(fraction)}")
    return -math.log1p(-value) / elimination_rate(half_life_h)


def _geometric(rate: float, interval: float, count: FloatArray) -> FloatArray:
    """sum over j = 0 .. count-1 of exp(-rate * j * interval), for each count."""
    return np.expm1(-rate * interval * count) / math.expm1(-rate * interval)


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

        C(t) = (dose / V) * sum over doses taken by t of exp(-k (t - t_dose)),

    summed in closed form (a geometric series), so the work is one pass over the time
    grid however many doses there are.

    Parameters
    ----------
    dose_mg : float
        Amount per dose, 0 to 10,000 (mg, or any unit: the curve scales with it).
    interval_h : float
        Hours between doses, 0.5 to 8,760.
    half_life_h : float
        Elimination half-life, 0.05 to 1,000 hours.
    duration_h : float
        Length of the curve, 0 to 8,760 hours.
    step_h : float, default 0.1
        Time step of the returned grid, 0.001 to 8,760 hours, and at most
        :data:`MAX_POINTS` points in all (``duration_h / step_h + 1``).
    absorption_half_life_h : float or None, default None
        Absorption half-life (0.05 to 1,000 hours); ``None`` for instant boluses.
    volume_l : float, default 1.0
        Volume of distribution, 0.1 to 10,000 litres (concentration = amount / volume).

    Returns
    -------
    times_h, concentration : ndarray
        The time grid ``0, step_h, 2*step_h, ...`` up to ``duration_h`` and the
        concentration (dose units per litre) at each time, all finite.

    Raises
    ------
    ValueError
        For a value outside its range, or a grid of more than :data:`MAX_POINTS` points.
    TypeError
        For a value that is not a number (booleans and strings included).
    """
    dose = _number("dose_mg", dose_mg, DOSE_MG, " mg")
    tau = _number("interval_h", interval_h, INTERVAL_H, " hours")
    k = elimination_rate(half_life_h)
    duration = _number("duration_h", duration_h, DURATION_H, " hours")
    step = _number("step_h", step_h, STEP_H, " hours")
    volume = _number("volume_l", volume_l, VOLUME_L, " litres")
    ka = None if absorption_half_life_h is None else math.log(2) / _number(
        "absorption_half_life_h", absorption_half_life_h, HALF_LIFE_H, " hours")
    n_points = math.floor(duration / step + 1e-9) + 1
    if n_points > MAX_POINTS:
        raise ValueError(f"the curve would have {n_points:,} points (duration_h "
                         f"{duration:g} / step_h {step:g} + 1); at most {MAX_POINTS:,} are "
                         f"allowed: use a larger step_h or a shorter duration_h")

    times = np.arange(n_points, dtype=float) * step
    last_dose = math.floor(duration / tau + 1e-9)
    tol = 1e-9 * max(step, tau)
    latest = np.minimum(np.floor((times + tol) / tau), last_dose)  # the last dose taken
    since = np.maximum(times - latest * tau, 0.0)                  # hours since it
    count = latest + 1                                             # doses taken so far
    if ka is None:
        conc = np.exp(-k * since) * _geometric(k, tau, count)
    elif math.isclose(ka, k):
        # sum of k (s + j tau) exp(-k (s + j tau)) over j = 0 .. m, in closed form
        r = math.exp(-k * tau)
        m = latest
        weighted = r * (1 - (m + 1) * r ** m + m * r ** (m + 1)) / (1 - r) ** 2
        conc = k * np.exp(-k * since) * (since * _geometric(k, tau, count) + tau * weighted)
    else:
        conc = ka / (ka - k) * (np.exp(-k * since) * _geometric(k, tau, count)
                                - np.exp(-ka * since) * _geometric(ka, tau, count))
    # The Bateman difference of two nearly equal terms can round to -1e-16: a
    # concentration is never below zero.
    return times, np.maximum(conc * (dose / volume), 0.0)


def peaks_and_troughs(dose_mg: float, interval_h: float, half_life_h: float,
                      n_doses: int, *, volume_l: float = 1.0) -> tuple[FloatArray, FloatArray]:
    """Closed-form peaks (just after each dose) and troughs (just before the next).

    For instant boluses: peak_n = (D/V) (1 - r**n) / (1 - r) and trough_n = peak_n * r,
    with r = exp(-k * interval) and n = 1 ... ``n_doses`` (1 to :data:`MAX_DOSES`).
    """
    count = _count("n_doses", n_doses, 1, MAX_DOSES)
    unit = (_number("dose_mg", dose_mg, DOSE_MG, " mg")
            / _number("volume_l", volume_l, VOLUME_L, " litres"))
    x = elimination_rate(half_life_h) * _number("interval_h", interval_h, INTERVAL_H, " hours")
    n = np.arange(1, count + 1, dtype=float)
    peaks = unit * np.expm1(-x * n) / math.expm1(-x)
    return peaks, peaks * math.exp(-x)


# ---------------------------------------------------------------------------- receptor


def _activity(name: str, value: float) -> float:
    return _number(name, value, (0.0, 1.0), " (0 antagonist, 1 full agonist)")


def _scalar_or_array(effect: FloatArray) -> float | FloatArray:
    return float(effect) if np.ndim(effect) == 0 else effect


def _logistic(x: FloatArray) -> FloatArray:
    """1 / (1 + exp(-x)), exact for every x including +-inf (never NaN, no overflow)."""
    out = np.empty_like(x)
    low = x < 0
    e = np.exp(x[low])
    out[low] = e / (1.0 + e)
    out[~low] = 1.0 / (1.0 + np.exp(-x[~low]))
    return out


def receptor_effect(dose: ArrayLike, *, intrinsic_activity: float, ec50: float,
                    hill: float = 1.0) -> float | FloatArray:
    """Fraction of the maximal opioid effect produced by one drug on its own.

    E = intrinsic_activity * dose**hill / (ec50**hill + dose**hill)

    computed as a logistic function of ``hill * ln(dose / ec50)``, so it stays exact and
    finite for steep curves and extreme doses.  A full agonist (intrinsic activity 1) can
    reach the whole effect; a partial agonist (between 0 and 1) levels off at its
    intrinsic activity however high the dose (the ceiling); an antagonist (0) occupies
    receptors without activating them.

    Parameters
    ----------
    dose : float or array_like
        Dose or concentration (same unit as ``ec50``), 0 to 1e12; at most
        :data:`MAX_POINTS` values.
    intrinsic_activity : float
        0 (antagonist) to 1 (full agonist).
    ec50 : float
        The dose giving half of this drug's own maximum, 1e-9 to 1e9.
    hill : float, default 1.0
        Steepness of the curve, 0.1 to 10.

    Returns
    -------
    float or ndarray
        A float for a scalar dose, an array of the same shape for an array.
    """
    activity = _activity("intrinsic_activity", intrinsic_activity)
    half = _number("ec50", ec50, EC50)
    n = _number("hill", hill, HILL)
    d = _array("dose", dose, RECEPTOR_DOSE)
    with np.errstate(divide="ignore"):  # log(0) = -inf: no drug, no effect
        x = n * (np.log(d) - math.log(half))
    return _scalar_or_array(activity * _logistic(np.asarray(x, dtype=float)))


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
    dependent, a sudden fall is felt as precipitated withdrawal).  Doses, EC50s and
    activities are bounded as for :func:`receptor_effect`; the broadcast result has at
    most :data:`MAX_POINTS` values.

    Returns
    -------
    float or ndarray
        Broadcast over ``full_dose`` and ``partial_dose``.
    """
    full = _array("full_dose", full_dose, RECEPTOR_DOSE)
    partial = _array("partial_dose", partial_dose, RECEPTOR_DOSE)
    try:
        shape = np.broadcast_shapes(full.shape, partial.shape)
    except ValueError:
        raise ValueError(f"full_dose (shape {full.shape}) and partial_dose (shape "
                         f"{partial.shape}) cannot be broadcast together") from None
    size = math.prod(shape)
    if size > MAX_POINTS:
        raise ValueError(f"full_dose and partial_dose broadcast to {size:,} values; at most "
                         f"{MAX_POINTS:,} are allowed")
    a = full / _number("full_ec50", full_ec50, EC50)
    b = partial / _number("partial_ec50", partial_ec50, EC50)
    ia_full = _activity("full_activity", full_activity)
    ia_partial = _activity("partial_activity", partial_activity)
    return _scalar_or_array((ia_full * a + ia_partial * b) / (1.0 + a + b))


def displacement_curve(full_occupancy: float, partial_dose: ArrayLike, *,
                       partial_activity: float) -> float | FloatArray:
    """Net effect as a partial agonist is added to receptors a full agonist already holds.

    ``full_occupancy`` (0 to just under 1) is the share of receptors the full agonist
    holds on its own, so its effect alone equals ``full_occupancy``; ``partial_dose`` is in
    multiples of the partial agonist's own EC50.  The result starts at ``full_occupancy``
    and tends to ``partial_activity`` as the dose grows: it falls when the full agonist
    was producing more than the partial agonist's ceiling.
    """
    f = _number("full_occupancy", full_occupancy, (0.0, 1.0), " (below 1)")
    if f >= 1:
        raise ValueError(f"full_occupancy must be below 1; got {_show(full_occupancy)}")
    return competitive_effect(f / (1.0 - f), partial_dose, partial_activity=partial_activity)


# ----------------------------------------------------------------------- summaries


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
        if isinstance(day, bool) or not isinstance(day, numbers.Integral) \
                or not 1 <= day <= len(self.peaks):
            raise ValueError(f"day must be between 1 and {len(self.peaks)}; got {_show(day)}")
        day = int(day)
        before = 0.0 if day == 1 else self.troughs[day - 2]
        return before, self.peaks[day - 1]


def dosing_summary(half_life_h: float, *, interval_h: float = 24.0,
                   n_doses: int = 14) -> DosingSummary:
    """Accumulation ratio, time to about 97% of steady state, peaks and troughs.

    Bounds as for :func:`peaks_and_troughs`.
    """
    peaks, troughs = peaks_and_troughs(1.0, interval_h, half_life_h, n_doses)
    half_life, interval = float(half_life_h), float(interval_h)
    return DosingSummary(half_life, interval, accumulation_ratio(interval, half_life),
                         5 * half_life / 24.0,
                         tuple(float(p) for p in peaks), tuple(float(t) for t in troughs))
