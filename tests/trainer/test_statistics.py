"""Cohort statistics (widgets.trainer) against values computed by hand on a tiny cohort.

The tiny cohort: one check ``c`` (module ``m01``) with three questions.  q1 and q2 are
single choice (``a`` correct; ``b``, ``c`` wrong); q3 is multiple choice (``a`` and ``b``
correct; ``c``, ``d`` wrong).  First attempts (1 = right):

    learner  q1 q2 q3   later attempts            latest      passes (3 of 3 needed)
    L1        1  1  1                             1 1 1       yes
    L2        1  1  0   q3 retried, right         1 1 1       yes
    L3        1  0  0                             1 0 0       no
    L4        0  0  1   q1 retried, right         1 0 1       no
    L5        0  0  0                             0 0 0       no
    L6        1  -  -   (stopped after q1)        1 - -       no (incomplete)

Difficulty (first attempts): q1 4/6, q2 2/5, q3 2/5.
Discrimination over the 5 learners who answered all three (item vs rest score):
    q1: x = 1 1 1 0 0, rest = 2 1 0 1 0 -> M1 = 1, M0 = 0.5, mean 0.8, var 0.56, p = 0.6
        r = (1 - 0.5) / sqrt(0.56) * sqrt(0.24) = 0.5 * sqrt(3/7)        = 0.32733
    q2: x = 1 1 0 0 0, rest = 2 1 1 1 0 -> M1 = 1.5, M0 = 2/3, var 0.4, p = 0.4
        r = (5/6) / sqrt(0.4) * sqrt(0.24) = (5/6) * sqrt(0.6)          = 0.64550
    q3: x = 1 0 0 1 0, rest = 2 2 1 0 0 -> M1 = 1, M0 = 1                 = 0
Distractors (wrong first attempts): q1 L4 b, L5 b -> b 2 (100%); q2 L3 c, L4 b, L5 c ->
c 2 (2/3), b 1 (1/3); q3 L2 [a, c], L3 [a], L5 [c, d] -> c 2 (2/3), d 1 (1/3); L3 chose
no wrong option (only missed b).
"""

from __future__ import annotations

import json
import math
import re
from datetime import UTC, datetime, timedelta

import pytest

from widgets import trainer as C
from widgets.core.schemas import CompetencyMap
from widgets.knowledge_check.schemas import KnowledgeCheck
from widgets.progress import EXPORT_FORMAT
from widgets.trainer.render import (
    completion_html,
    distractors_html,
    follow_up_html,
    item_figure,
    items_html,
)

T0 = datetime(2026, 2, 2, 9, 0, tzinfo=UTC)


def _option(oid: str, correct: bool) -> dict:
    return {"id": oid, "text": f"Option {oid.upper()}", "correct": correct,
            "feedback": "Feedback."}


def _question(qid: str, kind: str, correct: set[str], options: str) -> dict:
    return {"id": qid, "type": kind, "prompt": f"Question {qid}?",
            "options": [_option(o, o in correct) for o in options],
            "explanation": "Because.", "cite": ["TIP47"]}


CHECK = KnowledgeCheck.model_validate({
    "kind": "knowledge-check", "id": "c", "title": "Tiny check",
    "questions": [_question("q1", "single", {"a"}, "abc"),
                  _question("q2", "single", {"a"}, "abc"),
                  _question("q3", "multiple", {"a", "b"}, "abcd")]})
CHECKS = {"c": CHECK}
MODULE_OF = {"c": "m01", "c2": "m02"}
"""The tiny checks' modules: the curriculum's own module.yaml files do not list them."""
PASS_MARKS = {"m01": 0.8, "m02": 0.8}


def tiny_course(checks=CHECKS) -> C.Course:  # noqa: ANN001
    """The course of the tiny checks (m01's pass mark: 3 of 3 questions)."""
    return C.Course.from_checks(checks, MODULE_OF.__getitem__, PASS_MARKS)


COURSE = tiny_course()

RIGHT = {"q1": ["a"], "q2": ["a"], "q3": ["a", "b"]}
# learner -> list of (question, answer) in the order answered; right iff answer == RIGHT
ANSWERS = {
    "L1": [("q1", ["a"]), ("q2", ["a"]), ("q3", ["a", "b"])],
    "L2": [("q1", ["a"]), ("q2", ["a"]), ("q3", ["a", "c"]), ("q3", ["a", "b"])],
    "L3": [("q1", ["a"]), ("q2", ["c"]), ("q3", ["a"])],
    "L4": [("q1", ["b"]), ("q1", ["a"]), ("q2", ["b"]), ("q3", ["a", "b"])],
    "L5": [("q1", ["b"]), ("q2", ["c"]), ("q3", ["c", "d"])],
    "L6": [("q1", ["a"])],
}
DAY = {"L6": 0}  # L6 stopped on day 0; everyone else answered on day 20


def export(learner: str, answers, day: int) -> str:
    recs = []
    for k, (q, answer) in enumerate(answers):
        recs.append({"learner_id": learner, "module": "m01", "item_id": f"c/{q}",
                     "correct": answer == RIGHT[q], "answer": answer,
                     "recorded_at": (T0 + timedelta(days=day, minutes=k)).isoformat(),
                     "uid": f"{learner}-{k}"})
    return json.dumps({"format": EXPORT_FORMAT, "version": 1, "learner_id": learner,
                       "records": recs})


@pytest.fixture
def tiny() -> C.Cohort:
    return C.cohort_from_exports(
        (f"{who}.json", export(who, answers, DAY.get(who, 20)))
        for who, answers in ANSWERS.items())


@pytest.fixture
def folder(tmp_path):
    for who, answers in ANSWERS.items():
        (tmp_path / f"{who}.json").write_text(export(who, answers, DAY.get(who, 20)))
    return tmp_path


# --------------------------------------------------------------------- loading


def test_load_cohort_reads_every_export_when_given_a_folder(folder):
    cohort = C.load_cohort(folder)
    assert cohort.size == 6 and cohort.problems == ()
    assert [r.item_id for r in cohort.learners["L4"]] == ["c/q1", "c/q1", "c/q2", "c/q3"]


def test_bad_file_is_listed_and_the_rest_loaded_when_not_strict(folder):
    (folder / "broken.json").write_text('{"format": "iop-progress-export", "records": [')
    (folder / "notes.txt").write_text("not an export and not *.json: ignored")
    cohort = C.load_cohort(folder)
    assert cohort.size == 6
    [(name, why)] = cohort.problems
    assert name.endswith("broken.json") and "not valid JSON" in why
    with pytest.raises(C.CohortError, match="broken.json: the import is not valid JSON"):
        C.load_cohort(folder, strict=True)


def test_empty_folder_is_refused_when_loaded(tmp_path):
    with pytest.raises(C.CohortError, match="holds no exported records"):
        C.load_cohort(tmp_path)
    with pytest.raises(C.CohortError, match="is not a folder"):
        C.load_cohort(tmp_path / "missing")


def test_two_exports_of_one_learner_merge_once_when_overlapping():
    early = export("L2", ANSWERS["L2"][:2], 20)
    later = export("L2", ANSWERS["L2"], 20)  # repeats the first two records (same uids)
    cohort = C.cohort_from_exports([("jan.json", early), ("feb.json", later)])
    assert [r.uid for r in cohort.learners["L2"]] == ["L2-0", "L2-1", "L2-2", "L2-3"]


# ------------------------------------------------------------------ statistics


def test_point_biserial_matches_hand_computed_values_when_given_scores():
    assert C.point_biserial([1, 1, 1, 0, 0], [2, 1, 0, 1, 0]) == pytest.approx(
        0.5 * math.sqrt(3 / 7))
    assert C.point_biserial([1, 1, 0, 0, 0], [2, 1, 1, 1, 0]) == pytest.approx(
        5 / 6 * math.sqrt(0.6))
    assert C.point_biserial([1, 0, 0, 1, 0], [2, 2, 1, 0, 0]) == pytest.approx(0.0)
    assert C.point_biserial([1, 1, 1], [0, 1, 2]) is None  # the item does not vary
    assert C.point_biserial([1, 0, 1], [1, 1, 1]) is None  # the rest score does not vary
    assert C.point_biserial([1, 0], [2, 0]) is None  # too few learners


def test_completion_counts_started_completed_passed_when_latest_answers_count(tiny):
    assert COURSE.catalog == {"m01": ("c/q1", "c/q2", "c/q3")}
    [m01] = C.completion(tiny, COURSE)
    assert (m01.learners, m01.started, m01.completed, m01.passed) == (6, 6, 5, 2)
    assert m01.completion_rate == pytest.approx(5 / 6)
    assert m01.pass_rate == pytest.approx(2 / 6)


def test_item_statistics_match_hand_computed_values_when_first_attempts_count(tiny):
    stats = {s.item_id: s for s in C.item_statistics(tiny, COURSE)}
    q1, q2, q3 = stats["c/q1"], stats["c/q2"], stats["c/q3"]
    assert (q1.attempts, q1.correct, q1.difficulty) == (6, 4, pytest.approx(4 / 6))
    assert (q2.attempts, q2.correct, q2.difficulty) == (5, 2, pytest.approx(0.4))
    assert (q3.attempts, q3.correct, q3.difficulty) == (5, 2, pytest.approx(0.4))
    assert q1.n_discrimination == q2.n_discrimination == 5
    assert q1.discrimination == pytest.approx(0.32733, abs=1e-5)
    assert q2.discrimination == pytest.approx(0.64550, abs=1e-5)
    assert q3.discrimination == pytest.approx(0.0, abs=1e-12)
    assert [(d.option_id, d.text, d.count, d.share) for d in q1.distractors] == [
        ("b", "Option B", 2, 1.0)]
    assert [(d.option_id, d.count, round(d.share, 4)) for d in q2.distractors] == [
        ("c", 2, 0.6667), ("b", 1, 0.3333)]
    assert [(d.option_id, d.count, round(d.share, 4)) for d in q3.distractors] == [
        ("c", 2, 0.6667), ("d", 1, 0.3333)]
    assert q1.prompt == "Question q1?"


def test_follow_up_lists_learners_with_reasons_when_rules_apply(tiny):
    found = C.follow_up(tiny, COURSE)
    assert [f.learner_id for f in found] == ["L3", "L4", "L5", "L6"]
    reasons = {f.learner_id: f.reasons for f in found}
    assert reasons["L3"] == ("m01: answered the whole check, 1 of 3 correct (33%), below "
                             "the pass mark", "m01: 1 of 3 right at the first attempt (33%)")
    assert reasons["L4"][0].startswith("m01: answered the whole check, 2 of 3 correct")
    assert reasons["L6"] == ("m01: 1 of 3 questions answered, nothing recorded for 20 days",)
    # L2 passed after a retry and was right first time on 2 of 3: no follow-up.
    assert "L2" not in reasons


def test_results_group_by_competency_when_items_are_mapped(tiny):
    cmap = CompetencyMap.model_validate({
        "kind": "competency-map", "id": "competency-map", "framework": "TAP 21",
        "cite": ["TAP21"],
        "competencies": [
            {"number": 9, "area": "Application to Practice", "summary": "Placement."},
            {"number": 13, "area": "Application to Practice", "summary": "Settings."}]})
    lookup = {"c/q1": (9,), "c/q2": (9, 13), "c/q3": ()}
    results = C.by_competency(C.item_statistics(tiny, COURSE), cmap, lookup)
    assert [(r.number, r.items, r.attempts, r.correct) for r in results] == [
        (9, ("c/q1", "c/q2"), 11, 6), (13, ("c/q2",), 5, 2)]
    assert results[0].proportion_correct == pytest.approx(6 / 11)


def test_tables_render_the_numbers_when_made_into_html(tiny):
    stats = C.item_statistics(tiny, COURSE)
    assert "2 (33%)" in completion_html(C.completion(tiny, COURSE))
    items = items_html(stats)
    assert '<th scope="row">c/q1</th>' in items and "0.33 (n=5)" in items
    assert "discrimination below 0.2" in items  # q3
    assert "Option C (2, 67% of wrong answers)" in distractors_html(stats)
    assert "L6" in follow_up_html(C.follow_up(tiny, COURSE))
    fig = item_figure(stats)
    alt = re.search(r'aria-label="([^"]*)"', fig).group(1)
    assert "3 knowledge-check items" in alt and "c/q3" in alt
    assert "<svg" in fig and "<img" not in fig  # inline SVG, no matplotlib PNG


# ----------------------------------------------------------------- demo cohort


def test_demo_cohort_is_reproducible_and_fictional_when_seeded():
    first = C.demo_exports(30, seed=7, course=COURSE)
    assert first == C.demo_exports(30, seed=7, course=COURSE)
    assert first != C.demo_exports(30, seed=8, course=COURSE)
    assert [json.loads(d)["learner_id"] for d in first] == [f"learner-{k:02d}"
                                                             for k in range(1, 31)]
    cohort = C.cohort_from_exports((str(i), d) for i, d in enumerate(first))
    assert cohort.size == 30  # learners who never started are in it, with no records
    [m01] = C.completion(cohort, COURSE)
    assert 0 < m01.passed <= m01.completed <= m01.started <= 30
    in_memory = C.demo_cohort(30, seed=7, course=COURSE)  # the same cohort, no files
    assert C.completion(in_memory, COURSE) == [m01]
    assert {k: [r.uid for r in v] for k, v in in_memory.learners.items()} == {
        k: [r.uid for r in v] for k, v in cohort.learners.items()}


def test_adding_a_module_leaves_earlier_results_alone_when_generating():
    later = KnowledgeCheck.model_validate({**CHECK.model_dump(), "id": "c2"})
    alone = C.demo_exports(30, seed=3, course=COURSE)
    both = C.demo_exports(30, seed=3, course=tiny_course({**CHECKS, "c2": later}))

    def m01(docs):
        return [[r for r in json.loads(d)["records"] if r["module"] == "m01"] for d in docs]

    assert m01(alone) == m01(both)


def test_demo_exports_load_as_a_folder_when_written_one_file_per_learner(tmp_path):
    for doc in C.demo_exports(5, seed=1, course=COURSE):
        (tmp_path / f"{json.loads(doc)['learner_id']}.json").write_text(doc)
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"learner-0{k}.json"
                                                          for k in range(1, 6)]
    cohort = C.load_cohort(tmp_path)
    assert cohort.size == 5 and cohort.problems == ()
