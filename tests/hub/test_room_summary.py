"""How the room answered: first answers, latest answers, who is still to answer."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from widgets.core.content import load_kind
from widgets.progress import Record
from widgets.room.service import load_plans
from widgets.room.summary import ModulePlan, room_summary, simulation_title

T0 = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def m01():
    (check,) = [c for c in load_kind("knowledge-check") if c.id == "m01-check"]
    return ModulePlan("m01", (check,), ("schedule-builder",))


def rec(learner: str, item: str, correct: bool, answer, minute: int, module="m01") -> Record:
    return Record(learner, module, item, correct, answer,
                  (T0 + timedelta(minutes=minute)).isoformat(), uuid.uuid4().hex)


def test_first_answers_make_the_bars_and_latest_answers_the_share_right_now(m01):
    records = [
        rec("lea", "m01-check/adult-hours", False, ["six"], 1),
        rec("lea", "m01-check/adult-hours", True, ["nine"], 2),  # after the feedback
        rec("leo", "m01-check/adult-hours", True, ["nine"], 3),
        rec("zoe", "m01-check/adult-hours", False, ["three"], 4, module="m02"),  # not m01
    ]
    room = room_summary(records, ["lea", "leo", "lia"], m01, ["m01", "m02"])
    item = room.items[0]
    assert item.item_id == "m01-check/adult-hours" and item.kind == "question"
    assert item.answered == ("lea", "leo") and item.waiting == ("lia",)
    assert {b.text: b.count for b in item.bars} == {
        "3 hours": 0, "6 hours": 1, "9 hours": 1, "20 hours": 0}
    assert [b.correct for b in item.bars] == [False, False, True, False]
    assert [b.label for b in item.bars] == ["A", "B", "C", "D"]
    assert item.share_correct_first == 0.5 and item.share_correct_now == 1.0
    assert room.learners == ("lea", "leo", "lia") and room.modules == ("m01", "m02")
    assert room.titles == (m01.checks[0].title,)


def test_every_question_and_simulation_is_listed_before_anyone_answers(m01):
    room = room_summary([], ["lia"], m01)
    questions = [i for i in room.items if i.kind == "question"]
    assert len(questions) == len(m01.checks[0].questions)
    assert all(i.waiting == ("lia",) and i.share_correct_first == 0 for i in room.items)
    assert room.items[-1].title == "Schedule builder"


def test_multiple_choice_counts_each_chosen_option(m01):
    question = next(q for q in m01.checks[0].questions if q.type == "multiple")
    item_id = f"m01-check/{question.id}"
    ids = [o.id for o in question.options]
    records = [rec("lea", item_id, False, ids[:2], 1), rec("leo", item_id, False, ids[:1], 2)]
    item = next(i for i in room_summary(records, [], m01).items if i.item_id == item_id)
    assert item.multiple
    assert [b.count for b in item.bars][:2] == [2, 1]
    assert all(b.share <= 1 for b in item.bars)


def test_simulations_show_who_met_the_goal_and_unknown_ones_are_kept(m01):
    records = [rec("lea", "sim/schedule-builder", False, {"hours": 6}, 1),
               rec("lea", "sim/schedule-builder", True, {"hours": 9}, 2),
               rec("leo", "sim/schedule-builder", False, {"hours": 4}, 3),
               rec("lia", "sim/new-simulator", True, None, 4)]
    items = {i.item_id: i for i in room_summary(records, [], m01).items}
    sim = items["sim/schedule-builder"]
    assert sim.kind == "simulation" and sim.waiting == ("lia",)
    assert [(b.text, b.count) for b in sim.bars] == [("Met the goal", 1), ("Not yet", 1)]
    assert items["sim/new-simulator"].title == "New simulator"


def test_learners_with_records_join_the_roster_and_odd_answers_are_ignored(m01):
    records = [rec("guest", "m01-check/adult-hours", False, {"not": "a list"}, 1)]
    room = room_summary(records, ["lea"], m01)
    assert room.learners == ("lea", "guest")
    assert sum(b.count for b in room.items[0].bars) == 0


def test_plans_come_from_the_curriculum():
    plans = load_plans()
    assert {"m01", "m02", "m03", "m04", "m05"} <= set(plans)
    assert plans["m01"].checks[0].id == "m01-check"
    assert "schedule-builder" in plans["m01"].simulations


def test_simulation_titles_read_as_words():
    assert simulation_title("cows-scorer") == "Cows scorer"
