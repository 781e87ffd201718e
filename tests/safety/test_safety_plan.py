"""The safety plan (widgets.safety.model.SafetyPlan) and its gentle review."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from widgets.safety.model import (
    PLAN_NOTE_CODES,
    SAFETY_PLAN_STEPS,
    SafetyPlan,
    review_safety_plan,
    safety_plan_is_complete,
)

FULL = SafetyPlan(
    client="Luis (fictional)",
    counselor="Counselor R.",
    warning_signs=["Feeling like a burden", "Staying in bed all day"],
    internal_coping=["Walk the dog", "Listen to my brother's playlist"],
    social_distraction=["Coffee at Marta's", "The Thursday meeting"],
    family_and_friends=["My brother Tomas 555-0110", "My sponsor Ann 555-0123"],
    professionals_and_agencies=["The program 555-0100", "After-hours line 555-0199"],
    safe_environment=["My brother keeps my hunting rifle at his house",
                      "The pharmacy holds my extra pills; I keep a week at home"],
)


def codes(plan: SafetyPlan) -> list[tuple[str, str]]:
    return [(n.step, n.code) for n in review_safety_plan(plan)]


def test_a_full_plan_has_no_notes_and_is_complete():
    assert review_safety_plan(FULL) == ()
    assert safety_plan_is_complete(FULL)


def test_the_plan_has_the_six_stanley_brown_steps_in_order():
    assert len(SAFETY_PLAN_STEPS) == 6
    assert list(FULL.to_dict())[2:] == list(SAFETY_PLAN_STEPS)


def test_items_are_trimmed_and_empty_items_dropped():
    plan = SafetyPlan(warning_signs=["  can't  sleep ", "", "   "],
                      internal_coping="walk\n\nmusic\n")
    assert plan.warning_signs == ("can't sleep",)
    assert plan.internal_coping == ("walk", "music")


def test_an_empty_plan_notes_every_step_but_the_professionals_one():
    notes = codes(SafetyPlan())
    assert [s for s, c in notes if c == "empty"] == [
        s for s in SAFETY_PLAN_STEPS if s != "professionals_and_agencies"]
    assert ("professionals_and_agencies", "add-local-contact") in notes
    assert not safety_plan_is_complete(SafetyPlan())


def test_placeholders_are_noted_for_steps_and_names():
    plan = SafetyPlan(client=..., warning_signs=[...], safe_environment=...)
    assert plan.placeholders == {"client", "warning_signs", "safe_environment"}
    notes = codes(plan)
    assert ("client", "name-placeholder") in notes
    assert ("warning_signs", "placeholder") in notes
    assert ("safe_environment", "placeholder") in notes


def test_a_coping_item_that_involves_using_is_a_contradiction():
    plan = SafetyPlan(**{**FULL.to_dict(), "internal_coping": ["Have a few beers to relax"]})
    note = review_safety_plan(plan)[0]
    assert (note.step, note.level, note.code) == ("internal_coping", "contradiction",
                                                  "coping-involves-use")
    assert note.item == "Have a few beers to relax"
    assert not safety_plan_is_complete(plan)


def test_lethal_means_named_without_a_storage_plan_is_a_suggestion():
    plan = SafetyPlan(**{**FULL.to_dict(), "safe_environment": ["There's a gun in the closet"]})
    assert codes(plan) == [("safe_environment", "means-without-plan")]
    assert safety_plan_is_complete(plan)  # a suggestion, not a blocker


def test_lethal_means_with_a_storage_plan_is_fine():
    plan = SafetyPlan(**{**FULL.to_dict(),
                         "safe_environment": ["My cousin will store the gun at her place"]})
    assert codes(plan) == []


def test_an_item_written_twice_is_a_suggestion():
    plan = SafetyPlan(**{**FULL.to_dict(), "warning_signs": ["Isolating", "isolating!"]})
    assert codes(plan) == [("warning_signs", "repeated")]


def test_from_mapping_round_trips_and_rejects_unknown_fields():
    assert SafetyPlan.from_mapping(FULL.to_dict()) == FULL
    with pytest.raises(ValueError, match=r"data: unknown field\(s\) reasons; fields are"):
        SafetyPlan.from_mapping({"reasons": ["my kids"]})
    with pytest.raises(TypeError, match=r"data must be a mapping"):
        SafetyPlan.from_mapping(["warning_signs"])  # type: ignore[arg-type]


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"warning_signs": 5}, r"warning_signs must be a list of short texts, got 5"),
    ({"family_and_friends": ["Ann", 555]}, r"family_and_friends: each entry must be text"),
    ({"client": 7}, r"client must be text, got 7"),
])
def test_wrong_types_raise_type_error_naming_the_field(kwargs, message):
    with pytest.raises(TypeError, match=message):
        SafetyPlan(**kwargs)


def test_step_names_an_unknown_step_in_its_error():
    with pytest.raises(ValueError, match=r"no safety-plan step 'reasons'; steps are"):
        FULL.step("reasons")
    assert FULL.step("safe_environment") == FULL.safe_environment


def test_review_rejects_something_that_is_not_a_plan():
    with pytest.raises(TypeError, match=r"plan must be a SafetyPlan; got dict"):
        review_safety_plan({})  # type: ignore[arg-type]


# ----------------------------------------------------------------------- properties

texts = st.lists(st.text(max_size=40), max_size=4)
plans = st.builds(SafetyPlan, client=st.text(max_size=20),
                  **{s: texts for s in SAFETY_PLAN_STEPS})


@given(plans)
def test_review_never_raises_and_only_uses_known_codes(plan):
    notes = review_safety_plan(plan)
    assert {n.code for n in notes} <= set(PLAN_NOTE_CODES)
    assert {n.step for n in notes} <= {*SAFETY_PLAN_STEPS, "client", "counselor"}


@given(plans)
def test_complete_exactly_when_nothing_is_missing_or_contradictory(plan):
    levels = {n.level for n in review_safety_plan(plan)}
    assert safety_plan_is_complete(plan) == (not levels & {"missing", "contradiction"})


@given(plans)
def test_every_empty_step_is_noted(plan):
    noted = {n.step for n in review_safety_plan(plan)}
    for step in SAFETY_PLAN_STEPS:
        if not plan.step(step):
            assert step in noted


def test_a_safety_plan_is_bounded_like_every_worksheet():
    """Issue 16: the work a plan can ask for is bounded, and the bound is in the message."""
    from widgets.core.worksheet import MAX_ITEMS, MAX_TEXT

    with pytest.raises(ValueError, match=f"at most {MAX_ITEMS}"):
        SafetyPlan(warning_signs=[f"sign {i}" for i in range(MAX_ITEMS + 1)])
    with pytest.raises(ValueError, match=f"at most {MAX_TEXT} characters"):
        SafetyPlan(internal_coping=["x" * (MAX_TEXT + 1)])
