"""Dangerous withdrawal (widgets.safety.model.assess_withdrawal_danger)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from widgets.safety.model import (
    DANGER_LEVELS,
    SEDATIVE_USE,
    DangerRules,
    PawssScale,
    assess_withdrawal_danger,
    score_pawss,
)

SCALE = PawssScale(("gate", "a", "b", "c", "d"), "gate", 4)
RULES = DangerRules(SCALE, ("past-seizure", "age-over-65", "sedative-dependence"),
                    ("seizure-now", "confusion"))
HIGH = score_pawss(SCALE, {"gate": True, "a": True, "b": True, "c": True, "d": False})
LOW = score_pawss(SCALE, {"gate": True, "a": False, "b": False, "c": False, "d": False})
UNFINISHED = score_pawss(SCALE, {"gate": True, "a": True})
NO_ALCOHOL = score_pawss(SCALE, {"gate": False})


def assess(pawss=LOW, **kwargs):
    return assess_withdrawal_danger(RULES, pawss, **kwargs)


def test_nothing_found_is_no_flag_and_still_iop_as_planned():
    result = assess()
    assert (result.level, result.reasons) == ("no-flag-found", ())
    assert result.iop_as_planned


def test_an_emergency_sign_wins_over_everything():
    result = assess(HIGH, emergency_signs=["seizure-now"], risk_factors=["past-seizure"],
                    sedative_use="stopping-or-cutting-down")
    assert result.level == "emergency"
    assert result.reasons[0] == "emergency-sign:seizure-now"
    assert not result.iop_as_planned


def test_a_high_risk_pawss_needs_a_medical_assessment_first():
    result = assess(HIGH)
    assert (result.level, result.reasons) == ("medical-assessment-first", ("pawss-high-risk",))
    assert not result.iop_as_planned


def test_an_unfinished_pawss_that_could_be_high_risk_needs_a_medical_assessment():
    assert assess(UNFINISHED).reasons == ("pawss-incomplete",)
    assert assess(UNFINISHED).level == "medical-assessment-first"


def test_one_risk_factor_under_the_cut_off_still_needs_a_medical_assessment():
    result = assess(LOW, risk_factors=["past-seizure"])
    assert result.level == "medical-assessment-first"
    assert result.reasons == ("risk-factor:past-seizure",)


def test_risk_factors_for_alcohol_withdrawal_do_not_count_without_drinking():
    assert assess(NO_ALCOHOL, risk_factors=["age-over-65"]).level == "no-flag-found"


def test_risk_factors_count_when_no_pawss_was_done():
    assert assess(None, risk_factors=["age-over-65"]).level == "medical-assessment-first"


def test_daily_sedatives_without_drinking_mean_talking_to_the_prescriber():
    result = assess(NO_ALCOHOL, sedative_use="daily")
    assert (result.level, result.reasons) == ("talk-to-prescriber", ("sedative-daily",))
    assert result.iop_as_planned


def test_daily_sedatives_with_drinking_add_sedative_dependence_as_a_risk_factor():
    result = assess(LOW, sedative_use="daily")
    assert result.level == "medical-assessment-first"
    assert result.reasons == ("risk-factor:sedative-dependence", "sedative-daily")


def test_stopping_a_sedative_needs_a_medical_assessment_even_without_alcohol():
    result = assess(NO_ALCOHOL, sedative_use="stopping-or-cutting-down")
    assert (result.level, result.reasons) == ("medical-assessment-first",
                                              ("sedative-stopping",))


def test_repeated_ids_are_reported_once():
    result = assess(LOW, risk_factors=["past-seizure", "past-seizure"])
    assert result.reasons == ("risk-factor:past-seizure",)


# ------------------------------------------------------------------------ bad input


def test_unknown_risk_factor_raises_naming_argument_value_and_allowed():
    with pytest.raises(ValueError, match=r"risk_factors: unknown id 'diabetes'; allowed: "
                                         r"past-seizure, age-over-65, sedative-dependence"):
        assess(risk_factors=["diabetes"])


def test_unknown_emergency_sign_raises_naming_it():
    with pytest.raises(ValueError, match=r"emergency_signs: unknown id 'fever'"):
        assess(emergency_signs=["fever"])


def test_a_single_string_instead_of_a_list_raises_type_error():
    with pytest.raises(TypeError, match=r"risk_factors must be a list of ids; got "
                                        r"'past-seizure'"):
        assess(risk_factors="past-seizure")


@pytest.mark.parametrize("value", ["sometimes", None, 1])
def test_unknown_sedative_use_raises_listing_the_choices(value):
    with pytest.raises(ValueError, match=r"sedative_use must be one of none, daily, "
                                         r"stopping-or-cutting-down; got"):
        assess(sedative_use=value)


def test_rules_must_know_sedative_dependence():
    with pytest.raises(ValueError, match=r"risk_factors must include 'sedative-dependence'"):
        DangerRules(SCALE, ("past-seizure",), ("seizure-now",))


def test_rules_reject_ids_that_are_not_kebab_case():
    with pytest.raises(ValueError, match=r"emergency_signs: not kebab-case ids"):
        DangerRules(SCALE, ("sedative-dependence",), ("Seizure Now",))


def test_a_pawss_that_is_not_a_score_raises_type_error():
    with pytest.raises(TypeError, match=r"pawss must be a PawssScore or None; got int"):
        assess(4)


# ----------------------------------------------------------------------- properties

URGENCY = {level: len(DANGER_LEVELS) - i for i, level in enumerate(DANGER_LEVELS)}
pawss_scores = st.sampled_from([HIGH, LOW, UNFINISHED, NO_ALCOHOL, None])
factors = st.lists(st.sampled_from(RULES.risk_factors), max_size=3)
signs = st.lists(st.sampled_from(RULES.emergency_signs), max_size=2)
sedatives = st.sampled_from(SEDATIVE_USE)


@given(pawss_scores, factors, signs, sedatives, st.sampled_from(RULES.risk_factors))
def test_adding_a_risk_factor_never_lowers_the_urgency(pawss, fs, ss, sed, extra):
    before = assess(pawss, risk_factors=fs, emergency_signs=ss, sedative_use=sed)
    after = assess(pawss, risk_factors=[*fs, extra], emergency_signs=ss, sedative_use=sed)
    assert URGENCY[after.level] >= URGENCY[before.level]


@given(pawss_scores, factors, signs, sedatives)
def test_any_emergency_sign_is_an_emergency_and_only_then(pawss, fs, ss, sed):
    result = assess(pawss, risk_factors=fs, emergency_signs=ss, sedative_use=sed)
    assert (result.level == "emergency") == bool(ss)


@given(pawss_scores, factors, signs, sedatives)
def test_the_level_is_no_flag_only_when_there_is_no_reason(pawss, fs, ss, sed):
    result = assess(pawss, risk_factors=fs, emergency_signs=ss, sedative_use=sed)
    assert (result.level == "no-flag-found") == (result.reasons == ())
