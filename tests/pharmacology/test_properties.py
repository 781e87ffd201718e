"""Property tests (issue 16): whatever a learner or a notebook passes to a public function
of the pharmacology model, the answer is a documented exception (``ValueError`` or
``TypeError`` naming the argument) or a finite, valid result."""

from __future__ import annotations

import math

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from widgets.pharmacology import (
    MAX_POINTS,
    accumulation_ratio,
    competitive_effect,
    displacement_curve,
    dosing_summary,
    elimination_rate,
    fraction_of_steady_state,
    peaks_and_troughs,
    receptor_effect,
    repeated_dose_curve,
    time_to_fraction_of_steady_state,
)

SETTINGS = settings(max_examples=150, deadline=2000,
                    suppress_health_check=[HealthCheck.too_slow])

floats = st.floats(allow_nan=True, allow_infinity=True, width=64)
plausible = st.floats(min_value=0.0, max_value=2e4, allow_nan=False)
"""Values around the bounds, so that valid calls are common too."""

anything = st.one_of(
    floats, plausible, st.integers(min_value=-10 ** 30, max_value=10 ** 30),
    st.integers(min_value=0, max_value=10_000).map(np.int64),
    plausible.map(np.float64), plausible.map(np.float32),
    st.booleans(), st.none(), st.text(max_size=5), st.just(10 ** 400), st.just(1j),
)
"""What a user might pass where a number belongs."""



def number(low: float, high: float) -> st.SearchStrategy:
    """Mostly values in ``low..high`` (three branches in four), else :data:`anything`."""
    inside = st.floats(low, high)
    # st.deferred keeps `anything` one branch (a nested one_of would be flattened)
    return st.one_of(inside, inside.map(np.float64),
                     st.integers(math.ceil(low), math.floor(high)),
                     st.deferred(lambda: anything))


dose_arrays = st.one_of(
    number(0, 1e12),
    st.lists(st.floats(0, 1e12), max_size=20),
    st.lists(st.floats(0, 1e3), max_size=20).map(np.asarray),
    st.deferred(lambda: st.one_of(st.lists(st.one_of(plausible, floats), max_size=20),
                                  anything, st.lists(st.booleans(), max_size=3))),
)

HALF_LIFE = number(0.05, 1000)
INTERVAL = number(0.5, 8760)
DOSE = number(0, 10_000)
VOLUME = number(0.1, 10_000)
ACTIVITY = number(0, 1)
EC50 = number(1e-9, 1e9)


def documented(call, *args, **kwargs):
    """Call; return the result, or None for a ValueError/TypeError that names what was wrong."""
    try:
        return call(*args, **kwargs)
    except (ValueError, TypeError) as exc:
        assert str(exc).strip(), "an error needs a message"
        return None


def finite(values) -> bool:
    return bool(np.all(np.isfinite(np.asarray(values, dtype=float))))


@SETTINGS
@given(HALF_LIFE)
def test_elimination_rate(half_life):
    k = documented(elimination_rate, half_life)
    assert k is None or (math.isfinite(k) and k > 0)


@SETTINGS
@given(INTERVAL, HALF_LIFE)
def test_accumulation_ratio(interval, half_life):
    ratio = documented(accumulation_ratio, interval, half_life)
    assert ratio is None or (math.isfinite(ratio) and ratio >= 1)


@SETTINGS
@given(number(0, 87_600), HALF_LIFE)
def test_fraction_of_steady_state(time, half_life):
    fraction = documented(fraction_of_steady_state, time, half_life)
    assert fraction is None or 0 <= fraction <= 1


@SETTINGS
@given(number(0, 1), HALF_LIFE)
def test_time_to_fraction_of_steady_state(fraction, half_life):
    hours = documented(time_to_fraction_of_steady_state, fraction, half_life)
    assert hours is None or (math.isfinite(hours) and hours >= 0)  # tiny fractions: ~0 h


@settings(max_examples=100, deadline=2000, suppress_health_check=[HealthCheck.too_slow])
@given(DOSE, INTERVAL, HALF_LIFE, number(0, 8760), number(0.001, 8760),
       st.one_of(st.none(), HALF_LIFE), VOLUME)
def test_repeated_dose_curve(dose, interval, half_life, duration, step, absorption, volume):
    result = documented(repeated_dose_curve, dose, interval, half_life, duration,
                        step_h=step, absorption_half_life_h=absorption, volume_l=volume)
    if result is not None:
        times, conc = result
        assert times.shape == conc.shape and 1 <= len(times) <= MAX_POINTS
        assert finite(conc) and np.all(conc >= 0)


@settings(max_examples=100, deadline=2000, suppress_health_check=[HealthCheck.too_slow])
@given(st.floats(0, 10_000), st.floats(0.5, 8760), st.floats(0.05, 1000), st.floats(0, 8760),
       st.floats(0.001, 8760), st.one_of(st.none(), st.floats(0.05, 1000)),
       st.floats(0.1, 10_000))
def test_repeated_dose_curve_inside_every_bound(dose, interval, half_life, duration, step,
                                                absorption, volume):
    """Inside the bounds the only refusal is a grid of more than MAX_POINTS points."""
    try:
        times, conc = repeated_dose_curve(dose, interval, half_life, duration, step_h=step,
                                          absorption_half_life_h=absorption, volume_l=volume)
    except ValueError as exc:
        assert f"at most {MAX_POINTS:,} are allowed" in str(exc)
        assert duration / step + 1 > MAX_POINTS * (1 - 1e-9)
        return
    assert finite(conc) and np.all(conc >= 0)
    if absorption is None:  # never above the steady-state peak
        assert conc.max() <= dose / volume * accumulation_ratio(interval, half_life) * (1 + 1e-9)


@SETTINGS
@given(DOSE, INTERVAL, HALF_LIFE, st.one_of(anything, st.integers(-5, 20_000)), VOLUME)
def test_peaks_and_troughs(dose, interval, half_life, n_doses, volume):
    result = documented(peaks_and_troughs, dose, interval, half_life, n_doses, volume_l=volume)
    if result is not None:
        peaks, troughs = result
        assert finite(peaks) and finite(troughs) and np.all(troughs <= peaks)


@SETTINGS
@given(HALF_LIFE, INTERVAL, st.one_of(anything, st.integers(-5, 20_000)),
       st.one_of(anything, st.integers(-5, 30)))
def test_dosing_summary(half_life, interval, n_doses, day):
    summary = documented(dosing_summary, half_life, interval_h=interval, n_doses=n_doses)
    if summary is not None:
        assert math.isfinite(summary.accumulation_ratio) and finite(summary.peaks)
        levels = documented(summary.before_and_after, day)
        assert levels is None or levels[0] <= levels[1]


@SETTINGS
@given(dose_arrays, ACTIVITY, EC50, number(0.1, 10))
def test_receptor_effect(dose, activity, ec50, hill):
    effect = documented(receptor_effect, dose, intrinsic_activity=activity, ec50=ec50,
                        hill=hill)
    if effect is not None:
        assert finite(effect)
        assert np.all(np.asarray(effect) >= 0) and np.all(np.asarray(effect) <= activity)


@SETTINGS
@given(st.lists(st.floats(0, 1e12), min_size=1, max_size=50), st.floats(0, 1),
       st.floats(1e-9, 1e9), st.floats(0.1, 10))
def test_receptor_effect_inside_every_bound(doses, activity, ec50, hill):
    """Never NaN, never outside 0..activity, never decreasing with the dose."""
    ordered = np.sort(np.asarray(doses))
    effect = receptor_effect(ordered, intrinsic_activity=activity, ec50=ec50, hill=hill)
    assert finite(effect) and np.all(effect >= 0) and np.all(effect <= activity)
    assert np.all(np.diff(effect) >= -1e-12)


@SETTINGS
@given(dose_arrays, dose_arrays, ACTIVITY, EC50, EC50)
def test_competitive_effect(full, partial, activity, full_ec50, partial_ec50):
    effect = documented(competitive_effect, full, partial, partial_activity=activity,
                        full_ec50=full_ec50, partial_ec50=partial_ec50)
    if effect is not None:
        assert finite(effect) and np.all(np.asarray(effect) >= 0)
        assert np.all(np.asarray(effect) <= 1)


@SETTINGS
@given(number(0, 0.999), dose_arrays, ACTIVITY)
def test_displacement_curve(occupancy, dose, activity):
    effect = documented(displacement_curve, occupancy, dose, partial_activity=activity)
    if effect is not None:
        values = np.asarray(effect)
        assert finite(values)
        low, high = sorted((float(occupancy), float(activity)))
        assert np.all(values >= low - 1e-9) and np.all(values <= high + 1e-9)
