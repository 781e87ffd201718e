"""The pharmacology models' input bounds (issue 16): every bad input gets a message that
names the argument, the value and the allowed range; no call can hang or exhaust memory.

The calls that used to hang (a tiny dosing interval) or allocate gigabytes (a long curve,
a tiny step, a huge dose count, two dose arrays broadcast against each other) run in a
subprocess with an address-space limit and a timeout, so a regression fails the test
instead of the machine; the values tried in this process are just outside each bound, so
they stay cheap even if a bound were lost.
"""

from __future__ import annotations

import math
import os
import subprocess
import sys
import textwrap

import numpy as np
import pytest

from tests.conftest import ROOT
from widgets.pharmacology import (
    MAX_DOSES,
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

CURVE = {"dose_mg": 1.0, "interval_h": 24.0, "half_life_h": 24.0, "duration_h": 48.0,
         "step_h": 1.0}


# ---------------------------------------------------------------- messages name bounds


@pytest.mark.parametrize(("argument", "value", "words"), [
    ("interval_h", 0.1, "interval_h must be a number from 0.5 to 8,760 hours; got 0.1"),
    ("interval_h", 1e6, "interval_h must be a number from 0.5 to 8,760 hours"),
    ("duration_h", 8761, "duration_h must be a number from 0 to 8,760 hours; got 8761"),
    ("step_h", 0.0005, "step_h must be a number from 0.001 to 8,760 hours; got 0.0005"),
    ("half_life_h", 1e5, "half_life_h must be a number from 0.05 to 1,000 hours"),
    ("dose_mg", 1e9, "dose_mg must be a number from 0 to 10,000 mg; got 1000000000.0"),
    ("volume_l", 1e-9, "volume_l must be a number from 0.1 to 10,000 litres"),
    ("absorption_half_life_h", 0.0, "absorption_half_life_h must be a number from 0.05"),
    ("half_life_h", float("nan"), "half_life_h must be a number from 0.05 to 1,000 hours; "
                                  "got nan"),
    ("dose_mg", 10 ** 400, "dose_mg must be a number from 0 to 10,000 mg"),
])
def test_repeated_dose_curve_names_the_argument_value_and_range(argument, value, words):
    with pytest.raises(ValueError) as info:
        repeated_dose_curve(**{**CURVE, argument: value})
    assert words in str(info.value)


def test_repeated_dose_curve_names_the_point_bound_when_the_grid_is_too_fine():
    with pytest.raises(ValueError) as info:
        repeated_dose_curve(**{**CURVE, "duration_h": 1001.0, "step_h": 0.01})
    message = str(info.value)
    assert "100,101 points" in message and f"at most {MAX_POINTS:,}" in message
    assert "step_h" in message and "duration_h" in message


@pytest.mark.parametrize(("argument", "value", "type_name"), [
    ("interval_h", True, "bool"), ("dose_mg", "24", "str"), ("duration_h", None, "NoneType"),
    ("half_life_h", np.bool_(True), "bool"), ("step_h", 1j, "complex"),
    ("volume_l", [1.0], "list"),
])
def test_repeated_dose_curve_refuses_values_that_are_not_numbers(argument, value, type_name):
    with pytest.raises(TypeError) as info:
        repeated_dose_curve(**{**CURVE, argument: value})
    assert argument in str(info.value) and type_name in str(info.value)


@pytest.mark.parametrize("number", [np.float64, np.float32, np.int64, np.int32, int, float])
def test_every_function_accepts_numpy_scalars_and_ints(number):
    h, tau = number(24), number(12)
    assert elimination_rate(h) == pytest.approx(math.log(2) / 24)
    assert accumulation_ratio(tau, h) == pytest.approx(1 / (1 - 2 ** -0.5))
    assert fraction_of_steady_state(h, h) == pytest.approx(0.5)
    assert time_to_fraction_of_steady_state(np.float64(0.5), h) == pytest.approx(24)
    times, conc = repeated_dose_curve(number(1), tau, h, number(48), step_h=number(1))
    assert conc[0] == 1.0 and times[-1] == 48
    peaks, _ = peaks_and_troughs(number(1), tau, h, np.int64(3))
    assert peaks.shape == (3,)
    summary = dosing_summary(h, interval_h=tau, n_doses=np.int32(4))
    assert summary.before_and_after(np.int64(2))[1] == pytest.approx(peaks[1])
    assert receptor_effect(number(2), intrinsic_activity=number(1), ec50=number(2)) == 0.5
    assert displacement_curve(np.float32(0.5), number(1), partial_activity=np.float64(0.5)) \
        == pytest.approx(0.5)


@pytest.mark.parametrize("n_doses", [0, -1, MAX_DOSES + 1])
def test_peaks_and_troughs_bound_the_number_of_doses(n_doses):
    with pytest.raises(ValueError, match=r"n_doses must be a whole number from 1 to 10,000"):
        peaks_and_troughs(1.0, 24.0, 24.0, n_doses)


@pytest.mark.parametrize("n_doses", [2.0, True, "3"])
def test_peaks_and_troughs_refuse_a_dose_count_that_is_not_a_whole_number(n_doses):
    with pytest.raises(TypeError, match="n_doses must be a whole number"):
        peaks_and_troughs(1.0, 24.0, 24.0, n_doses)


@pytest.mark.parametrize(("call", "words"), [
    (lambda: fraction_of_steady_state(1e9, 24.0), "time_h must be a number from 0 to 87,600"),
    (lambda: time_to_fraction_of_steady_state(1.0, 24.0), "between 0 and 1 (exclusive)"),
    (lambda: time_to_fraction_of_steady_state(float("nan"), 24.0), "fraction must be"),
    (lambda: elimination_rate(0.0), "half_life_h must be a number from 0.05"),
    (lambda: dosing_summary(24.0, interval_h=0.1), "interval_h must be a number from 0.5"),
    (lambda: displacement_curve(1.0, 1.0, partial_activity=0.4), "below 1"),
    (lambda: displacement_curve(0.5, 1.0, partial_activity=1.5), "partial_activity must be"),
])
def test_closed_forms_name_the_argument_and_range(call, words):
    with pytest.raises(ValueError) as info:
        call()
    assert words in str(info.value)


def test_time_to_fraction_refuses_a_string():
    with pytest.raises(TypeError, match="fraction must be a number"):
        time_to_fraction_of_steady_state("0.5", 24.0)


# ----------------------------------------------------------------- receptor models


@pytest.mark.parametrize("hill", [11.0, 200.0, 1e6, float("inf")])
def test_receptor_effect_refuses_a_hill_coefficient_above_ten(hill):
    """A large Hill coefficient used to overflow to inf / inf: NaN, silently."""
    with pytest.raises(ValueError, match=r"hill must be a number from 0.1 to 10; got"):
        receptor_effect(np.array([0.5, 2.0]), intrinsic_activity=1.0, ec50=1.0, hill=hill)


def test_receptor_effect_is_exact_and_finite_at_the_steepest_hill_and_extreme_doses():
    doses = np.array([0.0, 1e-300, 1e-9, 0.5, 1.0, 2.0, 1e9, 1e12])
    effect = receptor_effect(doses, intrinsic_activity=0.6, ec50=1e-9, hill=10.0)
    assert np.all(np.isfinite(effect))
    assert effect[0] == 0.0 and effect[-1] == 0.6
    assert effect[2] == pytest.approx(0.3)  # at the EC50: half of the drug's maximum
    tiny = receptor_effect(1e-10, intrinsic_activity=1.0, ec50=1.0, hill=10.0)
    assert tiny == pytest.approx(1e-100, rel=1e-9)  # no cancellation to 0 below the EC50


@pytest.mark.parametrize(("dose", "error", "words"), [
    (np.array([1.0, np.nan]), ValueError, "dose must hold numbers from 0 to 1e+12"),
    (-1.0, ValueError, "got -1.0"),
    (1e13, ValueError, "dose must hold numbers"),
    ("1.0", TypeError, "dose must be a number or an array"),
    ([1.0, "a"], TypeError, "dose must be a number or an array"),
    ([[1.0], [1.0, 2.0]], TypeError, "dose must be a number or an array"),
    (np.array([True]), TypeError, "(bool)"),
    (np.array([1 + 1j]), TypeError, "complex"),
    (range(MAX_POINTS + 1), ValueError, f"at most {MAX_POINTS:,}"),
    (np.zeros(MAX_POINTS + 1), ValueError, f"at most {MAX_POINTS:,}"),
])
def test_receptor_doses_are_bounded_and_named(dose, error, words):
    with pytest.raises(error) as info:
        receptor_effect(dose, intrinsic_activity=1.0, ec50=1.0)
    assert words in str(info.value)


def test_competitive_effect_refuses_arrays_that_broadcast_past_the_point_bound():
    full = np.ones((1000, 1))
    partial = np.ones(1000)
    with pytest.raises(ValueError, match=r"broadcast to 1,000,000 values; at most 100,000"):
        competitive_effect(full, partial, partial_activity=0.4)
    with pytest.raises(ValueError, match="cannot be broadcast together"):
        competitive_effect(np.ones(3), np.ones(4), partial_activity=0.4)


# -------------------------------------------------------- hangs and memory, for real

MEMORY_LIMIT = 768 * 2 ** 20
"""Address space for the subprocess: numpy and the model fit; a gigabyte array does not."""
TIMEOUT_S = 120
"""Generous on a shared two-core machine; the calls below take milliseconds when bounded."""

PROBE = """
import resource, sys
resource.setrlimit(resource.RLIMIT_AS, ({limit}, {limit}))
import numpy as np
from widgets.pharmacology import (competitive_effect, peaks_and_troughs, receptor_effect,
                                  repeated_dose_curve)

CASES = {{
    # used to loop over 48 million doses (hours of CPU)
    "tiny interval": lambda: repeated_dose_curve(1, 1e-6, 24, 48),
    # used to allocate 8 GB for the time grid (and as much again per dose)
    "tiny step": lambda: repeated_dose_curve(1, 24, 24, 8760, step_h=1e-6),
    "long duration": lambda: repeated_dose_curve(1, 24, 24, 1e9, step_h=1),
    "both": lambda: repeated_dose_curve(1, 1e-3, 24, 1e7, step_h=1e-3),
    # used to allocate 8 GB of dose numbers
    "dose count": lambda: peaks_and_troughs(1, 24, 24, 10 ** 9),
    # a 10^10-value broadcast
    "broadcast": lambda: competitive_effect(np.ones((100000, 1)), np.ones(100000),
                                            partial_activity=0.4),
    "huge hill": lambda: receptor_effect(np.logspace(-3, 3, 100), intrinsic_activity=1,
                                         ec50=1, hill=1e9),
}}
for name, call in CASES.items():
    try:
        result = call()
    except ValueError as exc:
        print(name, "->", exc)
    except MemoryError:
        print(name, "-> MemoryError")
        sys.exit(3)
    else:
        values = np.asarray(result[1] if isinstance(result, tuple) else result)
        print(name, "-> result", "finite" if np.all(np.isfinite(values)) else "NOT FINITE")
"""


def test_no_input_can_hang_or_exhaust_memory_under_an_address_space_limit():
    env = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1",
           "MKL_NUM_THREADS": "1"}
    try:
        done = subprocess.run([sys.executable, "-c",
                               textwrap.dedent(PROBE.format(limit=MEMORY_LIMIT))],
                              capture_output=True, text=True, timeout=TIMEOUT_S, cwd=ROOT,
                              env=env, check=False)
    except subprocess.TimeoutExpired as exc:
        pytest.fail(f"a bounded call ran for more than {TIMEOUT_S} s: {exc.stdout!r}")
    assert done.returncode == 0, done.stdout + done.stderr[-2000:]
    lines = dict(line.split(" -> ", 1) for line in done.stdout.splitlines())
    assert "interval_h must be a number from 0.5" in lines["tiny interval"]
    assert "step_h must be a number from 0.001" in lines["tiny step"]
    assert "duration_h must be a number from 0 to 8,760" in lines["long duration"]
    assert "interval_h" in lines["both"]
    assert "n_doses must be a whole number from 1 to 10,000" in lines["dose count"]
    assert "at most 100,000" in lines["broadcast"]
    assert "hill must be a number from 0.1 to 10" in lines["huge hill"]


LARGEST = """
import resource
resource.setrlimit(resource.RLIMIT_AS, ({limit}, {limit}))
import math
import numpy as np
from widgets.pharmacology import (MAX_POINTS, accumulation_ratio, elimination_rate,
                                  repeated_dose_curve)

step = 8760 / (MAX_POINTS - 1)
for absorption in (None, 2.0, 999.99999):  # bolus; first-order absorption; equal rates
    t, c = repeated_dose_curve(10000, 0.5, 1000, 8760, step_h=step, volume_l=0.1,
                               absorption_half_life_h=absorption)
    assert len(t) == MAX_POINTS and np.all(np.isfinite(c)) and np.all(c >= 0), absorption
t, c = repeated_dose_curve(1, 0.5, 1000, 8760, step_h=step)
top = accumulation_ratio(0.5, 1000) * -math.expm1(-elimination_rate(1000) * 8760.5)
assert math.isclose(c.max(), top, rel_tol=1e-6), (c.max(), top)
print("ok")
"""


def test_the_largest_allowed_curves_fit_in_the_same_limit():
    """17,521 doses over 100,000 points: one pass over the grid, not one per dose."""
    code = textwrap.dedent(LARGEST.format(limit=MEMORY_LIMIT))
    env = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=TIMEOUT_S, cwd=ROOT, env=env, check=False)
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr[-2000:]
