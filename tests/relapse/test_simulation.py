"""The cohort model of Module 5 (widgets.relapse.model.simulation, public from
widgets.relapse): closed-form lapse-free curves and the illustrative cohort simulator."""

from __future__ import annotations

import itertools
import subprocess
import sys

import numpy as np
import pytest

from widgets.relapse import (
    EXAMPLE_GROUPS,
    ILLUSTRATION_LABEL,
    ILLUSTRATIVE_HAZARD_RATIOS,
    NO_LAPSE,
    Protection,
    adjusted_hazard,
    compare_cohorts,
    hazard_ratio,
    lapse_free_fraction,
    percent,
    simulate_cohort,
)

# --------------------------------------------------------------- lapse_free_fraction


@pytest.mark.parametrize("hazard", [0.0, 0.05, 0.1, 0.5, 1.0])
@pytest.mark.parametrize("weeks", [0, 1, 2, 12, 52])
def test_lapse_free_fraction_is_geometric_when_hazard_is_constant(hazard, weeks):
    expected = (1.0 - hazard) ** np.arange(weeks + 1)
    result = lapse_free_fraction(hazard, weeks)
    assert result.shape == (weeks + 1,)
    np.testing.assert_allclose(result, expected, rtol=0, atol=1e-15)


def test_lapse_free_fraction_starts_at_one_when_weeks_is_zero():
    result = lapse_free_fraction(0.3, 0)
    assert isinstance(result, np.ndarray)
    assert result.tolist() == [1.0]


def test_lapse_free_fraction_multiplies_survival_when_hazard_varies_by_week():
    hazards = [0.5, 0.25, 0.0, 1.0]
    assert lapse_free_fraction(hazards, 4).tolist() == [1.0, 0.5, 0.375, 0.375, 0.0]


def test_lapse_free_fraction_accepts_numpy_arrays_and_tuples():
    hazards = np.array([0.1, 0.2, 0.3])
    np.testing.assert_allclose(lapse_free_fraction(hazards, 3),
                               lapse_free_fraction((0.1, 0.2, 0.3), 3))
    np.testing.assert_allclose(lapse_free_fraction(hazards, 3),
                               [1.0, 0.9, 0.72, 0.504])


def test_lapse_free_fraction_matches_constant_when_sequence_repeats_the_hazard():
    np.testing.assert_allclose(lapse_free_fraction([0.07] * 20, 20),
                               lapse_free_fraction(0.07, 20))


def test_lapse_free_fraction_never_increases():
    rng = np.random.default_rng(0)
    for _ in range(50):
        hazards = rng.random(30)
        curve = lapse_free_fraction(hazards, 30)
        assert np.all(np.diff(curve) <= 0)
        assert curve[0] == 1.0 and np.all(curve >= 0)


def test_lapse_free_fraction_is_half_after_one_week_when_hazard_is_half():
    assert lapse_free_fraction(0.5, 1)[1] == 0.5


def test_lapse_free_fraction_accepts_integer_hazards_zero_and_one():
    assert lapse_free_fraction(0, 3).tolist() == [1.0, 1.0, 1.0, 1.0]
    assert lapse_free_fraction(1, 2).tolist() == [1.0, 0.0, 0.0]


@pytest.mark.parametrize("bad", [-0.01, 1.01, -1, 2, float("nan"), float("inf"),
                                 float("-inf")])
def test_lapse_free_fraction_raises_value_error_when_constant_hazard_outside_unit_interval(bad):
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        lapse_free_fraction(bad, 5)


@pytest.mark.parametrize("bad", [-0.01, 1.5, float("nan")])
def test_lapse_free_fraction_raises_value_error_when_one_weekly_hazard_outside_range(bad):
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        lapse_free_fraction([0.1, bad, 0.1], 3)


def test_lapse_free_fraction_raises_value_error_when_constant_hazard_is_bad_and_weeks_zero():
    with pytest.raises(ValueError):
        lapse_free_fraction(1.5, 0)


@pytest.mark.parametrize("hazards,weeks", [([0.1, 0.2], 3), ([0.1, 0.2, 0.3, 0.4], 3),
                                           ([], 1), ([[0.1, 0.2]], 2)])
def test_lapse_free_fraction_raises_value_error_when_sequence_length_differs(hazards, weeks):
    with pytest.raises(ValueError, match="one hazard per week"):
        lapse_free_fraction(hazards, weeks)


@pytest.mark.parametrize("weeks", [-1, -10, 521, 10**9])
def test_lapse_free_fraction_raises_value_error_when_weeks_out_of_range(weeks):
    with pytest.raises(ValueError, match="weeks"):
        lapse_free_fraction(0.1, weeks)


@pytest.mark.parametrize("weeks", [2.5, "12", True, None])
def test_lapse_free_fraction_raises_type_error_when_weeks_not_a_whole_number(weeks):
    with pytest.raises(TypeError, match="weeks"):
        lapse_free_fraction(0.1, weeks)


@pytest.mark.parametrize("hazard", ["0.1", None, True, object()])
def test_lapse_free_fraction_raises_type_error_when_hazard_not_numeric(hazard):
    with pytest.raises(TypeError, match="weekly_hazard"):
        lapse_free_fraction(hazard, 3)


# ----------------------------------------------------------------- factors


def test_hazard_ratio_is_one_when_no_protection():
    assert hazard_ratio(Protection()) == 1.0


def test_hazard_ratio_is_product_of_illustrative_ratios_when_all_factors_full():
    full = Protection(coping_practice=1, support=1, medication=True, attendance=1)
    assert hazard_ratio(full) == pytest.approx(np.prod(list(ILLUSTRATIVE_HAZARD_RATIOS.values())))


def test_illustrative_ratios_only_ever_protect():
    assert all(0 < r < 1 for r in ILLUSTRATIVE_HAZARD_RATIOS.values())
    assert set(ILLUSTRATIVE_HAZARD_RATIOS) == {"coping_practice", "support", "medication",
                                               "attendance"}


@pytest.mark.parametrize("field", ["coping_practice", "support", "attendance"])
@pytest.mark.parametrize("bad", [-0.1, 1.1, float("nan")])
def test_protection_raises_value_error_when_level_outside_zero_to_one(field, bad):
    with pytest.raises(ValueError, match=field):
        Protection(**{field: bad})


@pytest.mark.parametrize("field", ["coping_practice", "support", "attendance"])
@pytest.mark.parametrize("bad", ["high", None])
def test_protection_raises_type_error_when_level_is_not_a_number(field, bad):
    with pytest.raises(TypeError, match=field):
        Protection(**{field: bad})


def test_protection_raises_type_error_when_medication_not_boolean():
    with pytest.raises(TypeError, match="medication"):
        Protection(medication=1)


def test_protection_accepts_numpy_scalars_when_given_them():
    p = Protection(coping_practice=np.float32(0.5), support=np.int64(1),
                   medication=np.bool_(True), attendance=np.float64(0.25))
    assert p.medication is True and p.levels()["support"] == 1.0


def test_adjusted_hazard_equals_baseline_when_no_protection():
    np.testing.assert_allclose(adjusted_hazard(0.08, 4, Protection()), [0.08] * 4)


def test_adjusted_hazard_stays_in_unit_interval_and_keeps_zero_and_one():
    full = Protection(coping_practice=1, support=1, medication=True, attendance=1)
    result = adjusted_hazard([0.0, 0.3, 1.0], 3, full)
    assert result[0] == 0.0 and result[2] == 1.0
    assert 0 < result[1] < 0.3


def test_protection_describe_names_every_factor():
    text = Protection(coping_practice=0.5, medication=True).describe()
    assert text == "coping practice 50%, support 0%, medication, attendance 0%"


# ------------------------------------------------------------------ simulation


def test_simulate_cohort_gives_same_result_when_seed_is_the_same():
    a = simulate_cohort(300, 12, 0.08, seed=42, coping_practice=0.5, attendance=1.0)
    b = simulate_cohort(300, 12, 0.08, seed=42, coping_practice=0.5, attendance=1.0)
    np.testing.assert_array_equal(a.first_lapse_week, b.first_lapse_week)
    np.testing.assert_array_equal(a.lapse_free, b.lapse_free)


def test_simulate_cohort_differs_when_seed_differs():
    a = simulate_cohort(300, 12, 0.08, seed=1)
    b = simulate_cohort(300, 12, 0.08, seed=2)
    assert not np.array_equal(a.first_lapse_week, b.first_lapse_week)


def test_simulate_cohort_result_has_consistent_shapes_and_label():
    r = simulate_cohort(50, 10, 0.1, seed=0)
    assert r.first_lapse_week.shape == (50,)
    assert r.lapse_free.shape == r.expected.shape == (11,)
    assert r.hazard.shape == (10,)
    assert r.lapse_free[0] == 1.0 and r.expected[0] == 1.0
    assert r.label == ILLUSTRATION_LABEL
    assert "not a prediction" in r.label
    valid = (r.first_lapse_week == NO_LAPSE) | ((r.first_lapse_week >= 1)
                                                & (r.first_lapse_week <= 10))
    assert valid.all()


def test_simulate_cohort_lapse_free_counts_people_without_a_lapse_by_each_week():
    r = simulate_cohort(200, 8, 0.15, seed=3)
    for week in range(9):
        free = np.mean((r.first_lapse_week == NO_LAPSE) | (r.first_lapse_week > week))
        assert r.at_week(week) == pytest.approx(free)


def test_simulate_cohort_nobody_lapses_when_hazard_is_zero():
    r = simulate_cohort(100, 12, 0.0, seed=9)
    assert (r.first_lapse_week == NO_LAPSE).all()
    assert r.lapse_free.tolist() == [1.0] * 13


def test_simulate_cohort_everybody_lapses_in_week_one_when_hazard_is_one():
    r = simulate_cohort(100, 12, 1.0, seed=9, coping_practice=1.0)
    assert (r.first_lapse_week == 1).all()
    assert r.at_week(1) == 0.0


def test_simulate_cohort_follows_weekly_hazards_when_given_a_sequence():
    r = simulate_cohort(100, 3, [0.0, 1.0, 0.0], seed=4)
    assert (r.first_lapse_week == 2).all()
    assert r.lapse_free.tolist() == [1.0, 1.0, 0.0, 0.0]


def test_simulate_cohort_handles_zero_weeks():
    r = simulate_cohort(5, 0, 0.5, seed=1)
    assert r.lapse_free.tolist() == [1.0]
    assert (r.first_lapse_week == NO_LAPSE).all()


def test_simulate_cohort_is_close_to_expected_when_cohort_is_large():
    r = simulate_cohort(20_000, 12, 0.06, seed=11, support=0.5)
    np.testing.assert_allclose(r.lapse_free, r.expected, atol=0.015)


def test_simulate_cohort_expected_curve_uses_adjusted_hazard():
    r = simulate_cohort(10, 6, 0.1, seed=0, medication=True)
    np.testing.assert_allclose(r.expected,
                               lapse_free_fraction(adjusted_hazard(0.1, 6, r.protection), 6))
    assert r.expected_at_week(6) > lapse_free_fraction(0.1, 6)[6]


@pytest.mark.parametrize("kwargs,error,match", [
    ({"n_people": 0}, ValueError, "n_people"), ({"n_people": -3}, ValueError, "n_people"),
    ({"n_people": 2.5}, TypeError, "n_people"), ({"n_people": True}, TypeError, "n_people"),
    ({"n_people": 10_000_000}, ValueError, "n_people must be from 1 to 100000 people"),
    ({"weeks": -1}, ValueError, "weeks"), ({"weeks": 521}, ValueError, "from 0 to 520"),
    ({"weekly_hazard": 1.2}, ValueError, r"\[0, 1\]"),
    ({"coping_practice": 2}, ValueError, "coping_practice"),
    ({"attendance": -0.5}, ValueError, "attendance"),
])
def test_simulate_cohort_raises_when_an_argument_is_out_of_range(kwargs, error, match):
    args = {"n_people": 10, "weeks": 5, "weekly_hazard": 0.1} | kwargs
    with pytest.raises(error, match=match):
        simulate_cohort(args.pop("n_people"), args.pop("weeks"), args.pop("weekly_hazard"),
                        seed=1, **args)


def test_simulate_cohort_accepts_numpy_integers_and_whole_floats():
    a = simulate_cohort(np.int64(50), np.int32(6), np.float32(0.25), seed=np.uint8(3))
    b = simulate_cohort(50.0, 6.0, 0.25, seed=3)
    np.testing.assert_array_equal(a.first_lapse_week, b.first_lapse_week)


def test_simulate_cohort_draws_the_same_numbers_when_people_are_simulated_in_blocks():
    """Blocks of people (bounded memory) draw exactly what one big draw would."""
    r = simulate_cohort(3000, 520, 0.01, seed=8)  # 3000 x 520 draws: several blocks
    draws = np.random.default_rng(8).random((3000, 520)) < r.hazard
    first = np.where(draws.any(axis=1), draws.argmax(axis=1) + 1, NO_LAPSE)
    np.testing.assert_array_equal(r.first_lapse_week, first)


def test_simulate_cohort_requires_an_integer_seed():
    with pytest.raises(TypeError):
        simulate_cohort(10, 5, 0.1)  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="seed"):
        simulate_cohort(10, 5, 0.1, seed=1.5)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="seed must be from 0"):
        simulate_cohort(10, 5, 0.1, seed=-1)


def test_at_week_raises_value_error_when_week_beyond_horizon():
    r = simulate_cohort(10, 5, 0.1, seed=1)
    with pytest.raises(ValueError, match="beyond"):
        r.at_week(6)


# ------------------------------------------------------------------ direction

LEVELS = (0.0, 0.25, 0.5, 0.75, 1.0)
GRID = [dict(zip(("coping_practice", "support", "attendance", "medication"), combo,
                 strict=True))
        for combo in itertools.product((0.0, 0.5, 1.0), (0.0, 0.5, 1.0), (0.0, 0.5, 1.0),
                                       (False, True))]


@pytest.mark.parametrize("factor", ["coping_practice", "support", "attendance", "medication"])
@pytest.mark.parametrize("others", GRID[::5])
def test_more_protection_never_lowers_expected_lapse_free_fraction(factor, others):
    levels = (False, True) if factor == "medication" else LEVELS
    curves = [simulate_cohort(50, 26, 0.07, seed=0, **(others | {factor: lv})).expected
              for lv in levels]
    for lower, higher in itertools.pairwise(curves):
        assert np.all(higher >= lower - 1e-15)


@pytest.mark.parametrize("baseline", [0.0, 0.01, 0.06, 0.2, 0.6, 1.0])
def test_more_protection_never_lowers_expected_fraction_at_any_baseline(baseline):
    for a, b in itertools.combinations(GRID, 2):
        dominated = all(float(a[k]) <= float(b[k]) for k in a)
        if not dominated:
            continue
        fa = lapse_free_fraction(adjusted_hazard(baseline, 12, Protection(**a)), 12)
        fb = lapse_free_fraction(adjusted_hazard(baseline, 12, Protection(**b)), 12)
        assert np.all(fb >= fa - 1e-15), (a, b)


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_more_protection_never_makes_anyone_lapse_earlier_when_seed_is_shared(seed):
    low = simulate_cohort(400, 20, 0.1, seed=seed, attendance=0.5)
    high = simulate_cohort(400, 20, 0.1, seed=seed, attendance=1.0, coping_practice=0.5)
    never = 10**6
    low_w = np.where(low.first_lapse_week == NO_LAPSE, never, low.first_lapse_week)
    high_w = np.where(high.first_lapse_week == NO_LAPSE, never, high.first_lapse_week)
    assert np.all(high_w >= low_w)
    assert np.all(high.lapse_free >= low.lapse_free)


def test_percent_formats_whole_percentages():
    assert percent(0.456) == "46%"
    assert percent(1.0) == "100%"
    assert percent(np.float64(0.5)) == "50%" and percent(1) == "100%"
    with pytest.raises(ValueError):
        percent(float("nan"))
    with pytest.raises(ValueError, match="fraction"):
        percent(1e300)
    with pytest.raises(TypeError, match="fraction"):
        percent("50%")


# ------------------------------------------------------------------ purity


@pytest.mark.parametrize("module", ["widgets.relapse", "widgets.relapse.render",
                                    "widgets.relapse.checker", "widgets.core.svg_chart"])
def test_pure_module_never_imports_ipywidgets_or_ipython(module):
    code = (f"import sys, {module}\n"
            f"bad = [m for m in sys.modules if m.split('.')[0] in ('ipywidgets', 'IPython')]\n"
            f"print(','.join(bad))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert done.stdout.strip() == ""


def test_compare_cohorts_simulates_each_group_with_consecutive_seeds():
    results = compare_cohorts(EXAMPLE_GROUPS, n_people=200, weeks=12, seed=3)
    assert list(results) == ["Group A", "Group B"]
    b = simulate_cohort(200, 12, 0.06, seed=4, coping_practice=1, support=1, medication=True,
                        attendance=1)
    np.testing.assert_array_equal(results["Group B"].first_lapse_week, b.first_lapse_week)
    assert results["Group B"].expected_at_week(12) > results["Group A"].expected_at_week(12)


@pytest.mark.parametrize("groups,error,match", [
    ([("A", Protection())], TypeError, "groups must map"),
    ({}, ValueError, "from 1 to 8 groups"),
    ({f"G{i}": Protection() for i in range(9)}, ValueError, "from 1 to 8 groups"),
    ({"A": {"support": 1}}, TypeError, "protection must be a Protection"),
    ({1: Protection()}, TypeError, "named by a text"),
])
def test_compare_cohorts_raises_when_groups_are_malformed(groups, error, match):
    with pytest.raises(error, match=match):
        compare_cohorts(groups, n_people=10, weeks=4)
