"""The Illustrative Six-Dimension Risk Model (widgets.level_of_care): exhaustive tests."""

from __future__ import annotations

import itertools
import re

import numpy as np
import pytest
from markupsafe import escape

from widgets.level_of_care import (
    DIMENSION_NAMES,
    DIMENSION_SHORT_NAMES,
    DIMENSIONS,
    LEVELS,
    MODEL_NAME,
    RULES,
    compare,
    level_index,
    levels_of_care,
    list_cases,
    load_case,
    recommend,
)
from widgets.level_of_care.render import case_static_html, recommendation_html, rules_table_html

SPACE = list(itertools.product(range(5), repeat=len(DIMENSIONS)))


def as_ratings(values):
    return dict(zip(DIMENSIONS, values, strict=True))


@pytest.fixture(scope="module", params=[False, True], ids=["adult", "adolescent"])
def over_space(request):
    """The model's recommendation for every one of the 5**6 rating combinations."""
    adolescent = request.param
    return adolescent, {v: recommend(as_ratings(v), adolescent=adolescent) for v in SPACE}


@pytest.fixture(scope="module")
def levels_over_space(over_space):
    """The model's level index for every one of the 5**6 rating combinations."""
    adolescent, recs = over_space
    return adolescent, {v: level_index(rec.level) for v, rec in recs.items()}


# ------------------------------------------------------------------------ contract


def test_dimensions_are_the_six_keys_in_order():
    assert DIMENSIONS == ("intoxication_withdrawal", "biomedical", "emotional_behavioral",
                          "readiness_to_change", "relapse_potential", "recovery_environment")


def test_levels_are_ordered_from_least_to_most_intensive():
    assert LEVELS == ("1", "2.1", "2.5", "3.1", "3.5", "3.7", "4")
    assert all(isinstance(level, str) for level in LEVELS)


def test_levels_are_asam_third_edition_levels_with_names():
    levels = levels_of_care()
    assert set(LEVELS) <= set(levels.codes)
    assert levels.level("2.1").name == "Intensive outpatient"
    assert levels.level("2.5").name == "Partial hospitalization"
    assert levels.level("3.7").name == "Medically monitored intensive inpatient"
    assert levels.level("4").name == "Medically managed intensive inpatient"


def test_model_name_says_it_is_a_teaching_model_not_the_asam_criteria():
    assert MODEL_NAME == ("Illustrative Six-Dimension Risk Model — a teaching model, "
                          "not the ASAM Criteria")
    assert recommend(as_ratings([0] * 6)).model == MODEL_NAME


def test_every_rule_reads_known_dimensions_and_sets_a_known_level():
    for rule in RULES:
        assert rule.level in LEVELS, rule.id
        assert set(rule.dimensions) <= set(DIMENSIONS), rule.id
    assert len({r.id for r in RULES}) == len(RULES)


# ------------------------------------------------------- exhaustive over 5**6 ratings


def test_level_is_always_a_member_of_levels_when_any_ratings_are_valid(levels_over_space):
    _, levels = levels_over_space
    assert len(levels) == 5 ** 6
    assert set(levels.values()) <= set(range(len(LEVELS)))


def test_raising_any_one_rating_never_gives_a_less_intensive_level(levels_over_space):
    adolescent, levels = levels_over_space
    violations = []
    for values, level in levels.items():
        for i in range(len(DIMENSIONS)):
            if values[i] < 4:
                higher = values[:i] + (values[i] + 1,) + values[i + 1:]
                if levels[higher] < level:
                    violations.append((values, DIMENSIONS[i]))
    assert not violations, f"adolescent={adolescent}: {violations[:5]}"


def test_imminent_danger_in_dimension_1_2_or_3_gives_3_7_or_4_when_any_other_ratings(
        levels_over_space):
    _, levels = levels_over_space
    medical = {level_index("3.7"), level_index("4")}
    for values, level in levels.items():
        if 4 in values[:3]:
            assert level in medical, values


def test_every_level_is_reachable(levels_over_space):
    _, levels = levels_over_space
    assert set(levels.values()) == set(range(len(LEVELS)))


def test_rationale_names_every_driving_dimension_when_level_is_above_outpatient(
        levels_over_space):
    adolescent, levels = levels_over_space
    for values in SPACE[::37]:  # the rationale text is checked on a spread-out subset
        rec = recommend(as_ratings(values), adolescent=adolescent)
        if rec.level == "1":
            assert rec.drivers == ()
            continue
        assert rec.drivers, values
        decisive = " ".join(r for r in rec.rationale if not r.startswith("Also considered"))
        for dim in rec.drivers:
            assert DIMENSION_SHORT_NAMES[dim] in decisive, (values, dim)


def test_withdrawal_risk_of_2_or_more_never_goes_straight_to_a_level_below_3_7(over_space):
    """Issue 15: withdrawal risk that needs a medical assessment must not route to plain
    IOP (or any level that does not manage withdrawal) without that assessment first."""
    adolescent, recs = over_space
    monitored = level_index("3.7")
    for values, rec in recs.items():
        needs = {p.id for p in rec.needs_first}
        if values[0] >= 2 and level_index(rec.level) < monitored:
            assert "medical-withdrawal-assessment" in needs, (adolescent, values)
            assert rec.summary.endswith("only after a medical withdrawal-risk assessment.")
        if values[0] < 2 or level_index(rec.level) >= monitored:
            assert "medical-withdrawal-assessment" not in needs, (adolescent, values)


def test_imminent_danger_to_self_or_others_is_an_emergency_not_a_placement(over_space):
    adolescent, recs = over_space
    for values, rec in recs.items():
        assert rec.emergency == (values[2] == 4), (adolescent, values)
        if rec.emergency:
            assert rec.summary.startswith("No placement yet: an emergency psychiatric "
                                          "evaluation comes first, and the placement is "
                                          "decided after it.")


def test_plain_iop_is_never_recommended_with_moderate_withdrawal_risk_and_nothing_first():
    rec = recommend({**as_ratings([0] * 6), "intoxication_withdrawal": 2})
    assert rec.level == "2.1"
    assert [p.first for p in rec.needs_first] == ["A medical withdrawal-risk assessment"]
    assert "medical withdrawal management" in rec.needs_first[0].says
    assert "First: A medical withdrawal-risk assessment" in str(rec)
    assert any("medical assessment" in line for line in rec.rationale)


# ------------------------------------------------------------------------ extremes


@pytest.mark.parametrize("adolescent", [False, True])
def test_all_zeros_gives_the_least_intensive_level(adolescent):
    rec = recommend(as_ratings([0] * 6), adolescent=adolescent)
    assert rec.level == LEVELS[0] == "1"
    assert rec.rationale and "No rule of the model applies" in rec.rationale[0]


@pytest.mark.parametrize("adolescent", [False, True])
def test_all_fours_gives_the_most_intensive_level(adolescent):
    assert recommend(as_ratings([4] * 6), adolescent=adolescent).level == "4"


@pytest.mark.parametrize("dim", DIMENSIONS[:3])
def test_imminent_danger_alone_gives_a_medical_level_when_other_ratings_are_zero(dim):
    rec = recommend({**as_ratings([0] * 6), dim: 4})
    assert rec.level in {"3.7", "4"}
    assert rec.drivers == (dim,)


@pytest.mark.parametrize("dim", DIMENSIONS[3:])
def test_a_psychosocial_rating_alone_never_gives_24_hour_medical_care(dim):
    assert level_index(recommend({**as_ratings([0] * 6), dim: 4}).level) < level_index("3.7")


def test_combination_sets_a_higher_level_than_either_dimension_alone():
    zero = as_ratings([0] * 6)
    relapse = recommend({**zero, "relapse_potential": 3}).level
    environment = recommend({**zero, "recovery_environment": 3}).level
    both = recommend({**zero, "relapse_potential": 3, "recovery_environment": 3})
    assert relapse == environment == "2.1"
    assert both.level == "3.1"
    assert both.drivers == ("relapse_potential", "recovery_environment")


def test_adolescent_variant_is_more_cautious_when_two_dimensions_are_rated_3():
    ratings = {**as_ratings([0] * 6), "readiness_to_change": 3, "relapse_potential": 3}
    assert recommend(ratings).level == "2.1"
    teen = recommend(ratings, adolescent=True)
    assert teen.level == "2.5"
    assert any("adolescent" in r.lower() for r in teen.rationale)


def test_recommendation_lists_lower_rules_as_also_considered():
    rec = recommend({**as_ratings([0] * 6), "intoxication_withdrawal": 3,
                     "relapse_potential": 2})
    assert rec.level == "3.7"
    assert any(r.startswith("Also considered") and "Relapse potential" in r
               for r in rec.rationale)
    assert "Level 3.7" in str(rec) and MODEL_NAME in recommendation_html(rec)


# ---------------------------------------------------------------------- bad input


def test_value_error_names_the_missing_dimension_when_one_is_missing():
    ratings = as_ratings([1] * 6)
    del ratings["biomedical"]
    with pytest.raises(ValueError, match="missing dimension.*biomedical"):
        recommend(ratings)


def test_value_error_names_the_unknown_dimension_when_one_is_unknown():
    with pytest.raises(ValueError, match="unknown dimension.*'mood'"):
        recommend({**as_ratings([1] * 6), "mood": 2})


@pytest.mark.parametrize("bad", [-1, 5, 100])
def test_value_error_when_a_rating_is_outside_0_to_4(bad):
    with pytest.raises(ValueError, match=rf"relapse_potential is {bad}, outside 0-4"):
        recommend({**as_ratings([1] * 6), "relapse_potential": bad})


@pytest.mark.parametrize(("bad", "kind"), [(2.0, "float"), (2.5, "float"), ("2", "str"),
                                           (True, "boolean"), (False, "boolean"),
                                           (None, "NoneType"), ([2], "list")])
def test_value_error_when_a_rating_is_not_an_integer(bad, kind):
    with pytest.raises(ValueError, match=rf"rating for biomedical must be an integer.*{kind}"):
        recommend({**as_ratings([1] * 6), "biomedical": bad})


@pytest.mark.parametrize("bad", [None, [1, 2, 3, 4, 0, 1], "123401"])
def test_value_error_when_ratings_are_not_a_mapping(bad):
    with pytest.raises(ValueError, match="must be a mapping"):
        recommend(bad)


@pytest.mark.parametrize("bad", [1, "yes", None])
def test_value_error_when_adolescent_is_not_a_boolean(bad):
    with pytest.raises(ValueError, match="adolescent must be True or False"):
        recommend(as_ratings([1] * 6), adolescent=bad)


def test_numpy_integers_are_accepted_as_ratings():
    ratings = {d: np.int64(v) for d, v in zip(DIMENSIONS, [3, 0, 0, 0, 0, 0], strict=True)}
    rec = recommend(ratings)
    assert rec.level == "3.7"
    assert all(type(v) is int for v in rec.ratings.values())


def test_adolescent_is_keyword_only():
    with pytest.raises(TypeError):
        recommend(as_ratings([0] * 6), True)  # type: ignore[misc]


# --------------------------------------------------------------------------- cases


def test_there_are_at_least_12_simulator_cases():
    assert len(list_cases()) >= 12


@pytest.mark.parametrize("case", list_cases(role=None), ids=lambda c: c.id)
def test_model_reproduces_expert_level_or_case_explains_the_departure(case):
    model = recommend(case.expert_ratings(), adolescent=case.adolescent)
    if model.level != case.expert_level:
        assert case.model_departure, f"{case.id}: model {model.level}, expert {case.expert_level}"
    else:
        assert case.model_departure is None


def test_cases_cover_the_spread_the_issue_asks_for():
    topics = " | ".join(t for c in list_cases(role=None) for t in c.topics).lower()
    for needed in ["alcohol use disorder", "withdrawal", "buprenorphine", "stimulant",
                   "ptsd", "depression", "adolescent", "pregnancy", "housing", "step-down",
                   "step-up", "rural", "telehealth", "professional", "early readiness"]:
        assert needed in topics, needed
    assert any(c.adolescent for c in list_cases())
    assert any(c.model_departure for c in list_cases())


def test_cases_span_every_level_the_model_knows():
    assert {c.expert_level for c in list_cases()} == set(LEVELS)


@pytest.mark.parametrize("case", list_cases(role=None), ids=lambda c: c.id)
def test_case_text_has_no_real_looking_identifiers(case):
    text = case.model_dump_json()
    assert not re.search(r"\b\d{1,2}/\d{1,2}/\d{2,4}\b", text)
    assert case.label == "Fictional teaching case"


def test_compare_reports_agreement_differences_and_both_model_outputs():
    case = load_case("unstable-housing")
    trainee = {**case.expert_ratings(), "recovery_environment": 1, "biomedical": 3}
    result = compare(case, trainee, "2.1")
    assert result.agreements == 4
    assert [d.dimension for d in result.differences] == ["biomedical", "recovery_environment"]
    assert result.differences[0].difference == 2
    assert result.differences[1].rationale == case.dimensions["recovery_environment"].rationale
    assert not result.level_agrees and result.level_steps == -2
    assert result.expert_model.level == "3.1"
    assert result.trainee_model.level == "3.7"


def test_compare_rejects_an_unknown_level():
    case = load_case("unstable-housing")
    with pytest.raises(ValueError, match="unknown level '3.3'"):
        compare(case, case.expert_ratings(), "3.3")


@pytest.mark.parametrize("case", list_cases(role=None), ids=lambda c: c.id)
def test_case_static_html_shows_vignette_open_and_every_expert_rationale_collapsed(case):
    page = case_static_html(case)
    before, details = page.split("<details>", 1)
    assert escape(case.title) in before and "Fictional teaching case" in before
    assert "Expert&#x27;s level" not in before
    for dim in DIMENSIONS:
        assert escape(case.dimensions[dim].rationale) in details
        assert escape(DIMENSION_NAMES[dim]) in before
    assert f"Level {case.expert_level}" in details


def test_rules_table_carries_the_model_label_and_every_rule():
    table = rules_table_html()
    assert MODEL_NAME in table
    assert table.count("<tr>") == len(RULES) + 1
