"""Drug-test interpretation (widgets.safety.model.interpret_test)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from widgets.safety.model import (
    STATEMENT_CODES,
    TEST_METHODS,
    TEST_RESULTS,
    Panel,
    TestResult,
    interpret_test,
)

PANELS = {
    "opiates": Panel("opiates", misses=("fentanyl", "buprenorphine")),
    "fentanyl": Panel("fentanyl", overdose_warning=True),
    "buprenorphine": Panel("buprenorphine", prescribed_as=("buprenorphine",)),
    "amphetamines": Panel("amphetamines", false_positive_from=("bupropion", "trazodone")),
}


def read(panel, method, result, meds=()):
    return interpret_test(PANELS, TestResult(panel, method, result), medications=meds)


def test_a_presumptive_positive_is_not_confirmed_and_asks_for_confirmation():
    r = read("amphetamines", "presumptive", "positive")
    assert r.status == "presumptive-positive"
    assert r.can_say == ("screen-reacted",)
    assert "not-confirmed" in r.cannot_say and "confirm-if-it-matters" in r.next_steps
    assert r.possible_false_positive_from == ()


def test_a_medication_that_cross_reacts_is_named_as_a_possible_false_positive():
    r = read("amphetamines", "presumptive", "positive", ["bupropion", "sertraline"])
    assert r.possible_false_positive_from == ("bupropion",)
    assert "maybe-false-positive" in r.cannot_say and "check-medications" in r.next_steps


def test_a_definitive_positive_identifies_the_substance_but_not_when_or_how_much():
    r = read("amphetamines", "definitive", "positive", ["bupropion"])
    assert r.can_say == ("substance-identified",)
    assert r.cannot_say == ("not-when-or-how-much",)
    assert r.possible_false_positive_from == ()  # a definitive test settles it


def test_a_negative_is_never_proof_of_no_use():
    for method in TEST_METHODS:
        r = read("fentanyl", method, "negative")
        assert r.can_say == () and "negative-not-proof" in r.cannot_say


def test_an_opiates_screen_says_what_it_misses_whatever_its_result():
    for result in TEST_RESULTS:
        r = read("opiates", "presumptive", result)
        assert r.not_detected == ("fentanyl", "buprenorphine")
        assert "misses-other-substances" in r.cannot_say
        assert "order-the-right-test" in r.next_steps


def test_a_fentanyl_positive_brings_overdose_safety():
    assert "overdose-safety" in read("fentanyl", "presumptive", "positive").next_steps
    assert "overdose-safety" not in read("fentanyl", "presumptive", "negative").next_steps


def test_a_prescribed_medication_found_is_expected():
    r = read("buprenorphine", "presumptive", "positive", ["buprenorphine"])
    assert "expected-from-prescription" in r.can_say


def test_a_prescribed_medication_not_found_is_a_question_to_explore():
    r = read("buprenorphine", "presumptive", "negative", ["buprenorphine"])
    assert "explore-missing-medication" in r.next_steps
    assert "explore-missing-medication" not in read(
        "buprenorphine", "presumptive", "negative").next_steps


# ------------------------------------------------------------------------ bad input


@pytest.mark.parametrize(("field", "test", "message"), [
    ("panel", TestResult("heroin", "presumptive", "positive"),
     r"test.panel must be one of opiates, fentanyl, buprenorphine, amphetamines; got 'heroin'"),
    ("method", TestResult("opiates", "rapid", "positive"),
     r"test.method must be one of presumptive, definitive; got 'rapid'"),
    ("result", TestResult("opiates", "presumptive", "unclear"),
     r"test.result must be one of positive, negative; got 'unclear'"),
])
def test_unknown_values_raise_value_error_naming_the_field_and_the_choices(field, test,
                                                                           message):
    with pytest.raises(ValueError, match=message):
        interpret_test(PANELS, test)


def test_a_test_that_is_not_a_test_result_raises_type_error():
    with pytest.raises(TypeError, match=r"test must be a TestResult; got tuple"):
        interpret_test(PANELS, ("opiates", "presumptive", "positive"))  # type: ignore[arg-type]


def test_medications_as_one_string_raise_type_error():
    with pytest.raises(TypeError, match=r"medications must be a list of medication ids; "
                                        r"got 'bupropion'"):
        read("amphetamines", "presumptive", "positive", "bupropion")


# ----------------------------------------------------------------------- properties

tests = st.builds(TestResult, st.sampled_from(sorted(PANELS)), st.sampled_from(TEST_METHODS),
                  st.sampled_from(TEST_RESULTS))
meds = st.lists(st.sampled_from(["bupropion", "trazodone", "buprenorphine", "sertraline"]),
                max_size=3)


@given(tests, meds)
def test_every_reading_responds_without_blame_and_makes_no_decision_on_one_test(test, ms):
    r = interpret_test(PANELS, test, medications=ms)
    assert r.next_steps[0] == "respond-promptly-without-blame"
    assert r.next_steps[-1] == "no-decision-on-one-test"
    assert set(r.statements) <= set(STATEMENT_CODES)
    assert len(r.statements) == len(set(r.statements))


@given(tests, meds)
def test_only_a_definitive_positive_identifies_a_substance(test, ms):
    r = interpret_test(PANELS, test, medications=ms)
    assert ("substance-identified" in r.can_say) == (r.status == "definitive-positive")
    assert ("not-confirmed" in r.cannot_say) == (r.status == "presumptive-positive")


@given(tests, meds)
def test_false_positives_are_only_ever_named_for_a_presumptive_positive(test, ms):
    r = interpret_test(PANELS, test, medications=ms)
    if r.possible_false_positive_from:
        assert r.status == "presumptive-positive"
        assert set(r.possible_false_positive_from) <= set(ms)
