"""Dosing and receptor models against their closed-form solutions."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

from widgets.core.content import bib_keys
from widgets.pharmacology import (
    HALF_LIFE_RANGES,
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

ROOT = Path(__file__).resolve().parents[2]


def closed_form_bolus(t, dose, volume, tau, half_life, duration):
    """C(t) = D/V * exp(-k (t - m tau)) * (1 - r^(m+1)) / (1 - r), m = doses so far - 1."""
    k = math.log(2) / half_life
    r = math.exp(-k * tau)
    m = np.minimum(np.floor(t / tau + 1e-9), math.floor(duration / tau + 1e-9))
    return dose / volume * np.exp(-k * (t - m * tau)) * (1 - r ** (m + 1)) / (1 - r)


# ------------------------------------------------------------------- repeated dosing


@pytest.mark.parametrize(("dose", "tau", "half_life", "duration", "step", "volume"), [
    (1.0, 24.0, 24.0, 336.0, 0.1, 1.0),
    (30.0, 24.0, 8.0, 336.0, 0.25, 1.0),
    (16.0, 24.0, 59.0, 400.0, 0.5, 2.5),
    (5.0, 12.0, 36.0, 100.0, 0.1, 1.0),
    (2.0, 8.0, 3.0, 50.0, 1.0, 4.0),
])
def test_repeated_dose_curve_matches_the_closed_form_at_every_time(dose, tau, half_life,
                                                                    duration, step, volume):
    times, conc = repeated_dose_curve(dose, tau, half_life, duration, step_h=step,
                                      volume_l=volume)
    expected = closed_form_bolus(times, dose, volume, tau, half_life, duration)
    np.testing.assert_allclose(conc, expected, rtol=1e-10, atol=1e-12)


def test_repeated_dose_curve_single_dose_is_exponential_decay_when_interval_exceeds_duration():
    times, conc = repeated_dose_curve(10.0, 1000.0, 12.0, 48.0, volume_l=2.0)
    np.testing.assert_allclose(conc, 5.0 * 0.5 ** (times / 12.0), rtol=1e-12)
    assert conc[0] == pytest.approx(5.0)
    assert conc[120] == pytest.approx(2.5)  # one half-life later


def test_repeated_dose_curve_time_grid_runs_from_zero_to_duration_in_steps():
    times, conc = repeated_dose_curve(1.0, 24.0, 24.0, 48.0, step_h=0.5)
    assert times.shape == conc.shape == (97,)
    assert times[0] == 0.0 and times[-1] == pytest.approx(48.0)
    np.testing.assert_allclose(np.diff(times), 0.5)


def test_repeated_dose_curve_value_at_a_dose_time_is_just_after_the_dose():
    times, conc = repeated_dose_curve(1.0, 24.0, 24.0, 48.0, step_h=1.0)
    assert conc[24] == pytest.approx(1.5)   # 0.5 left of dose 1, plus dose 2
    assert conc[23] == pytest.approx(2 ** (-23 / 24))
    assert conc[48] == pytest.approx(1.75)  # the dose at exactly duration is taken


def test_accumulation_ratio_is_reached_by_peaks_and_troughs_at_steady_state():
    tau, half_life = 24.0, 36.0
    ratio = accumulation_ratio(tau, half_life)
    k = math.log(2) / half_life
    assert ratio == pytest.approx(1 / (1 - math.exp(-k * tau)), rel=1e-12)
    times, conc = repeated_dose_curve(1.0, tau, half_life, 40 * half_life, step_h=1.0)
    assert conc.max() == pytest.approx(ratio, rel=1e-6)
    trough = conc[int(round(40 * half_life // tau * tau)) - 1]
    assert trough == pytest.approx(ratio * math.exp(-k * (tau - 1)), rel=1e-6)


@pytest.mark.parametrize("half_life", [8.0, 24.0, 59.0])
def test_about_97_percent_of_steady_state_after_five_half_lives(half_life):
    assert fraction_of_steady_state(5 * half_life, half_life) == pytest.approx(1 - 2 ** -5)
    assert 0.965 < fraction_of_steady_state(5 * half_life, half_life) < 0.97
    assert time_to_fraction_of_steady_state(1 - 2 ** -5, half_life) == pytest.approx(
        5 * half_life)
    # With one dose per half-life, the peak after five doses is 1 - 2^-5 of steady state.
    peaks, _ = peaks_and_troughs(1.0, half_life, half_life, 5)
    assert peaks[-1] / accumulation_ratio(half_life, half_life) == pytest.approx(1 - 2 ** -5)


def test_fraction_of_steady_state_is_half_after_one_half_life_and_zero_at_start():
    assert fraction_of_steady_state(0.0, 30.0) == 0.0
    assert fraction_of_steady_state(30.0, 30.0) == pytest.approx(0.5)


def test_peaks_and_troughs_match_the_simulated_curve():
    peaks, troughs = peaks_and_troughs(3.0, 24.0, 20.0, 10, volume_l=1.5)
    times, conc = repeated_dose_curve(3.0, 24.0, 20.0, 240.0, step_h=0.5, volume_l=1.5)
    for n in range(10):
        assert conc[n * 48] == pytest.approx(peaks[n], rel=1e-10)
    k = elimination_rate(20.0)
    for n in range(9):
        # just before dose n+2 (0-based n+1) is half a step before its grid point
        assert conc[(n + 1) * 48 - 1] * math.exp(-k * 0.5) == pytest.approx(troughs[n],
                                                                             rel=1e-10)


def test_repeated_dose_curve_is_linear_in_dose_and_inverse_in_volume():
    _, base = repeated_dose_curve(1.0, 24.0, 30.0, 100.0)
    _, double = repeated_dose_curve(2.0, 24.0, 30.0, 100.0)
    _, wide = repeated_dose_curve(1.0, 24.0, 30.0, 100.0, volume_l=4.0)
    np.testing.assert_allclose(double, 2 * base)
    np.testing.assert_allclose(wide, base / 4)


def test_absorption_curve_matches_the_bateman_function_for_one_dose():
    half_life, absorption = 24.0, 1.5
    times, conc = repeated_dose_curve(1.0, 1000.0, half_life, 72.0, step_h=0.1,
                                      absorption_half_life_h=absorption)
    k, ka = math.log(2) / half_life, math.log(2) / absorption
    expected = ka / (ka - k) * (np.exp(-k * times) - np.exp(-ka * times))
    np.testing.assert_allclose(conc, expected, rtol=1e-10, atol=1e-14)
    t_max = math.log(ka / k) / (ka - k)
    assert times[np.argmax(conc)] == pytest.approx(t_max, abs=0.1)
    assert conc[0] == 0.0


def test_absorption_curve_is_continuous_when_absorption_equals_elimination():
    _, equal = repeated_dose_curve(1.0, 24.0, 10.0, 96.0, absorption_half_life_h=10.0)
    _, near = repeated_dose_curve(1.0, 24.0, 10.0, 96.0, absorption_half_life_h=10.0001)
    np.testing.assert_allclose(equal, near, rtol=1e-4, atol=1e-8)


def test_absorption_does_not_change_the_steady_state_average():
    tau, half_life = 24.0, 12.0
    times, bolus = repeated_dose_curve(1.0, tau, half_life, 20 * tau, step_h=0.01)
    _, oral = repeated_dose_curve(1.0, tau, half_life, 20 * tau, step_h=0.01,
                                  absorption_half_life_h=2.0)
    last = times >= 19 * tau
    average = 1.0 / (elimination_rate(half_life) * tau)  # dose / (V k tau)
    assert np.trapezoid(bolus[last], times[last]) / tau == pytest.approx(average, rel=2e-3)
    assert np.trapezoid(oral[last], times[last]) / tau == pytest.approx(average, rel=2e-3)


@pytest.mark.parametrize(("kwargs", "error"), [
    ({"dose_mg": -1.0}, ValueError), ({"interval_h": 0.0}, ValueError),
    ({"half_life_h": 0.0}, ValueError), ({"half_life_h": -5.0}, ValueError),
    ({"duration_h": -1.0}, ValueError), ({"step_h": 0.0}, ValueError),
    ({"volume_l": 0.0}, ValueError), ({"absorption_half_life_h": 0.0}, ValueError),
    ({"half_life_h": float("nan")}, ValueError), ({"dose_mg": float("inf")}, ValueError),
    ({"half_life_h": "24"}, TypeError), ({"interval_h": True}, TypeError),
])
def test_repeated_dose_curve_rejects_bad_parameters(kwargs, error):
    args = {"dose_mg": 1.0, "interval_h": 24.0, "half_life_h": 24.0, "duration_h": 48.0}
    args.update(kwargs)
    with pytest.raises(error):
        repeated_dose_curve(**args)


def test_dosing_summary_reports_levels_before_and_after_each_days_dose():
    summary = dosing_summary(24.0, n_doses=14)
    assert summary.before_and_after(1) == (0.0, 1.0)
    assert summary.before_and_after(2) == pytest.approx((0.5, 1.5))
    assert summary.accumulation_ratio == pytest.approx(2.0)
    assert summary.days_to_97_percent == pytest.approx(5.0)
    with pytest.raises(ValueError, match="day must be between 1 and 14"):
        summary.before_and_after(15)


def test_half_life_ranges_are_the_fact_base_ranges_and_cite_known_keys():
    methadone, bup = HALF_LIFE_RANGES["methadone"], HALF_LIFE_RANGES["buprenorphine"]
    assert (methadone.low_h, methadone.high_h) == (8.0, 59.0)
    assert "TIP63-secondary" in methadone.cite
    assert (bup.low_h, bup.high_h) == (20.0, 60.0)
    assert len(bup.reported) == 3
    keys = bib_keys(ROOT / "references.bib")
    assert set(methadone.cite + bup.cite) <= keys


# --------------------------------------------------------------------------- receptor


@pytest.mark.parametrize("activity", [1.0, 0.6, 0.25, 0.0])
def test_receptor_effect_is_half_of_the_drugs_maximum_at_ec50(activity):
    assert receptor_effect(3.0, intrinsic_activity=activity, ec50=3.0) == pytest.approx(
        activity / 2)
    assert receptor_effect(3.0, intrinsic_activity=activity, ec50=3.0, hill=2.5) == \
        pytest.approx(activity / 2)


def test_receptor_effect_matches_the_hill_equation_on_arrays():
    dose = np.array([0.0, 0.1, 1.0, 7.0, 1e6])
    got = receptor_effect(dose, intrinsic_activity=0.4, ec50=2.0, hill=1.7)
    expected = 0.4 * dose ** 1.7 / (2.0 ** 1.7 + dose ** 1.7)
    np.testing.assert_allclose(got, expected, rtol=1e-12)
    assert isinstance(got, np.ndarray) and got.shape == dose.shape


def test_receptor_effect_returns_a_float_for_a_scalar_dose():
    got = receptor_effect(1.0, intrinsic_activity=1.0, ec50=1.0)
    assert type(got) is float and got == 0.5


def test_partial_agonist_levels_off_at_its_ceiling_while_full_agonist_reaches_one():
    huge = np.array([1e4, 1e6, 1e9])
    full = receptor_effect(huge, intrinsic_activity=1.0, ec50=1.0)
    partial = receptor_effect(huge, intrinsic_activity=0.4, ec50=1.0)
    np.testing.assert_allclose(full, 1.0, atol=1e-3)
    np.testing.assert_allclose(partial, 0.4, atol=1e-3)
    assert np.all(partial <= 0.4)


def test_antagonist_has_no_effect_at_any_dose():
    dose = np.logspace(-3, 6, 50)
    np.testing.assert_array_equal(receptor_effect(dose, intrinsic_activity=0.0, ec50=1.0), 0)


def test_receptor_effect_is_zero_without_drug():
    assert receptor_effect(0.0, intrinsic_activity=1.0, ec50=5.0) == 0.0


@pytest.mark.parametrize("kwargs", [
    {"intrinsic_activity": 1.2, "ec50": 1.0}, {"intrinsic_activity": -0.1, "ec50": 1.0},
    {"intrinsic_activity": 0.5, "ec50": 0.0}, {"intrinsic_activity": 0.5, "ec50": 1.0,
                                               "hill": 0.0},
])
def test_receptor_effect_rejects_out_of_range_parameters(kwargs):
    with pytest.raises(ValueError):
        receptor_effect(1.0, **kwargs)


def test_receptor_effect_rejects_negative_doses():
    with pytest.raises(ValueError, match="dose"):
        receptor_effect(np.array([1.0, -1.0]), intrinsic_activity=1.0, ec50=1.0)


def test_competitive_effect_reduces_to_receptor_effect_when_either_dose_is_zero():
    doses = np.logspace(-2, 3, 20)
    np.testing.assert_allclose(
        competitive_effect(doses, 0.0, partial_activity=0.3, full_ec50=2.0),
        receptor_effect(doses, intrinsic_activity=1.0, ec50=2.0))
    np.testing.assert_allclose(
        competitive_effect(0.0, doses, partial_activity=0.3, partial_ec50=0.5),
        receptor_effect(doses, intrinsic_activity=0.3, ec50=0.5))


def test_competitive_effect_matches_the_occupancy_formula():
    a, b = 3.0, 2.0
    expected = (1.0 * a + 0.4 * b) / (1 + a + b)
    assert competitive_effect(a, b, partial_activity=0.4) == pytest.approx(expected)


def test_displacement_lowers_net_effect_when_full_agonist_exceeds_the_ceiling():
    doses = np.logspace(-2, 6, 100)
    net = displacement_curve(0.9, doses, partial_activity=0.4)
    assert displacement_curve(0.9, 0.0, partial_activity=0.4) == pytest.approx(0.9)
    assert np.all(np.diff(net) < 0)
    assert net[-1] == pytest.approx(0.4, abs=1e-3)


def test_displacement_raises_net_effect_when_little_full_agonist_is_left():
    net = displacement_curve(0.2, np.logspace(-2, 6, 100), partial_activity=0.4)
    assert np.all(np.diff(net) > 0)
    assert net[-1] == pytest.approx(0.4, abs=1e-3)


def test_displacement_rejects_full_occupancy_of_one_or_more():
    with pytest.raises(ValueError, match="below 1"):
        displacement_curve(1.0, 1.0, partial_activity=0.4)
