"""The session planner widget, driven in plain pytest."""

from __future__ import annotations

import base64

from widgets.group_facilitation import template
from widgets.group_facilitation.view import SessionPlannerView, session_planner


def test_planner_starts_from_the_example_plan_when_created():
    view = session_planner("support", "90-minutes")
    assert view.plan == template("support", "90-minutes")
    assert "<td>Check-in</td>" in view._table.value
    assert 'aria-label="Timeline of the session' in view._chart.value
    assert "fits its time and is balanced" in view._checks.value
    assert view._selected.options[0] == ("1. Check-in (15 min)", 0)
    for control in (view._model, view._format, view._kind, view._minutes, view._topic,
                    view._lead, view._selected, view._title):
        assert control.description


def test_adding_a_block_updates_table_timeline_and_checks_when_clicked():
    view = SessionPlannerView("support", "90-minutes")
    view._kind.value = "psychoeducation"
    view._minutes.value = 20
    view._topic.value = "Sleep"
    view._lead.value = "co-lead"
    view._add.click()
    assert view.plan.blocks[-1].label == "Psychoeducation topic: Sleep"
    assert view.plan.total == 110
    assert "20 over the 90 minutes" in view._checks.value
    assert "Fix:" in view._checks.value
    assert '<td>1:30–1:50</td><td class="num">20</td>' in view._table.value
    assert view._selected.value == 3
    assert view._topic.value == ""


def test_move_and_remove_act_on_the_selected_block_when_clicked():
    view = SessionPlannerView("support", "90-minutes")
    view._selected.value = 2  # check-out
    view._up.click()
    assert [b.kind for b in view.plan.blocks] == ["check-in", "check-out", "process-time"]
    assert view._selected.value == 1
    assert "Close with a check-out" in view._checks.value
    view._remove.click()
    assert [b.kind for b in view.plan.blocks] == ["check-in", "process-time"]


def test_changing_the_format_rechecks_the_plan_when_selected():
    view = SessionPlannerView("support", "90-minutes")
    view._format.value = "evening-3h"
    assert view.plan.format == "evening-3h"
    assert "needs a break block" in view._checks.value
    assert view.plan.title == "Support group, 3-hour IOP evening"
    view._example.click()
    assert view.plan.total == 180
    assert "Fix:" not in view._checks.value


def test_custom_title_is_kept_when_the_model_changes():
    view = SessionPlannerView("support", "90-minutes")
    view._title.value = "Thursday group"
    view._model.value = "interpersonal-process"
    assert view.plan.title == "Thursday group"
    assert view.plan.model == "interpersonal-process"


def test_exports_offer_download_links_when_clicked():
    view = SessionPlannerView("support", "90-minutes", "Thursday group, week 2")
    view._export_html.click()
    assert 'download="thursday-group-week-2.html"' in view._download.value
    view._export_pdf.click()
    link = view._download.value
    assert 'download="thursday-group-week-2.pdf"' in link
    payload = link.split("base64,")[1].split('"')[0]
    assert base64.b64decode(payload).startswith(b"%PDF-")


def test_static_fallback_shows_example_plan_and_checks_when_displayed():
    view = SessionPlannerView("skills-development", "evening-3h")
    page = view._repr_mimebundle_()["text/html"]
    assert "Session planner</strong> (interactive in JupyterLab)" in page
    assert "<td>Break</td>" in page and "Checks:" in page and 'aria-label="Timeline' in page


def test_exporting_a_plan_records_practice_when_a_learner_is_set(learner_records):
    view = session_planner("skills-development", "90-minutes")
    view._export_html.click()
    view._minutes.value = 60
    view._add.click()  # now over the 90-minute budget
    view._export_pdf.click()
    recs = learner_records()
    assert [(r.module, r.item_id, r.correct) for r in recs] == [
        ("m03", "sim/session-planner", True), ("m03", "sim/session-planner", False)]
    first, second = (r.answer for r in recs)
    assert (first["model"], first["format"], first["export"]) == (
        "skills-development", "90-minutes", "html")
    assert first["minutes"] == 90 and first["blocks"][0] == "check-in"
    assert second["minutes"] == 150 and second["export"] == "pdf"
    assert len(second["issues"]) > len(first["issues"])  # the budget error
    assert "title" not in first  # free text the learner typed is not recorded


def test_an_over_long_topic_is_refused_with_a_message_before_any_export():
    view = SessionPlannerView("support", "90-minutes")
    before = view.plan
    view._topic.value = "Coping with cravings " * 20
    view._add.click()
    assert view.plan == before
    assert 'role="alert"' in view._problem.value
    assert "topic has 419 characters; at most 120 are allowed" in view._problem.value
    assert view._topic.value.startswith("Coping")  # kept, to shorten
    view._topic.value = "Coping with cravings"
    view._add.click()
    assert view.plan.blocks[-1].topic == "Coping with cravings"
    assert view._problem.value == ""


def test_an_over_long_title_is_refused_and_the_plan_keeps_its_title():
    view = SessionPlannerView("support", "90-minutes", "Thursday group")
    view._title.value = "A title that goes on " * 10
    assert view.plan.title == "Thursday group"
    assert "title has 210 characters; at most 120 are allowed" in view._problem.value
    view._export_pdf.click()
    assert 'download="thursday-group.pdf"' in view._download.value


def test_the_minutes_control_stops_at_the_longest_block():
    from widgets.group_facilitation import MAX_BLOCK_MINUTES

    view = SessionPlannerView("support", "90-minutes")
    assert view._minutes.max == MAX_BLOCK_MINUTES
    view._minutes.value = 10**12
    assert view._minutes.value == MAX_BLOCK_MINUTES


def test_a_failed_save_is_shown_when_a_plan_is_exported(monkeypatch):
    from widgets.group_facilitation import view as planner_view
    from widgets.progress import SaveStatus

    failed = SaveStatus(recording=True, saved=False, learner="learner-test",
                        problem="the progress file is read-only")
    monkeypatch.setattr(planner_view, "record_simulation", lambda *a, **k: failed)
    view = SessionPlannerView("support", "90-minutes")
    view._export_html.click()
    assert view.saved is failed
    assert "Not saved: the progress file is read-only" in view._status.value
    assert 'role="alert"' in view._status.value


def test_a_saved_export_says_so_when_a_learner_is_set(learner_records):
    view = SessionPlannerView("support", "90-minutes")
    view._export_pdf.click()
    assert "Saved to your progress (learner learner-test)." in view._status.value
    assert len(learner_records()) == 1
