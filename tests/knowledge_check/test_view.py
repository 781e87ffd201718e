"""The live knowledge check, driven in plain pytest."""

from __future__ import annotations

from widgets.knowledge_check import load_check
from widgets.knowledge_check.view import KnowledgeCheckView, knowledge_check


def test_checking_an_answer_shows_feedback_and_updates_score():
    view = KnowledgeCheckView(load_check("m01-check"))
    q = view.questions[0]
    q.select("six")
    q._submit.click()
    assert "Not quite." in q._feedback.value and "adolescents" in q._feedback.value
    assert "Score: 0 of" in view._score.value and "(1 answered)" in view._score.value
    q.select("nine")
    q._submit.click()
    assert "Correct." in q._feedback.value
    assert "Score: 1 of" in view._score.value and "(1 answered)" in view._score.value


def test_checking_without_an_answer_asks_for_one():
    view = KnowledgeCheckView(load_check("m01-check"))
    view.questions[0]._submit.click()
    assert "Choose an answer first" in view.questions[0]._feedback.value
    assert view.questions[0].grade is None


def test_multiple_choice_uses_checkboxes():
    view = KnowledgeCheckView(load_check("m01-check"))
    q = next(v for v in view.questions if v.question.type == "multiple")
    correct = sorted(q.question.correct_ids)
    q.select(*correct)
    assert q.check().correct


def test_recorder_receives_each_graded_answer():
    calls = []
    view = KnowledgeCheckView(load_check("m01-check"),
                              recorder=lambda *args: calls.append(args))
    view.questions[0].select("nine")
    view.questions[0]._submit.click()
    assert calls == [("m01", "m01-check/adult-hours", True, ["nine"])]


def test_bundle_carries_static_html_for_the_book():
    bundle = knowledge_check("m01-check")._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert "<details>" in bundle["text/html"]


def test_no_learner_means_nothing_is_recorded(monkeypatch, tmp_path):
    monkeypatch.delenv("IOP_LEARNER", raising=False)
    monkeypatch.setenv("IOP_PROGRESS_DB", str(tmp_path / "p.sqlite3"))
    view = knowledge_check("m01-check")
    view.questions[0].select("nine")
    view.questions[0]._submit.click()
    assert not (tmp_path / "p.sqlite3").exists()
