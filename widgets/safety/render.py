"""Module 6 as HTML (and the safety plan as Markdown and PDF).

Every function takes content (:mod:`widgets.safety.schemas`) and model results
(:mod:`widgets.safety.model`) and returns safe HTML from the templates in
``widgets/safety/templates/``; the live views and the book's static pages use the same
functions, so both show the same words.  A statement that rests on a secondary source is
labelled "(secondary source)", and the curriculum's own safe-practice rules "(our
teaching rule)", wherever they appear.
"""

from __future__ import annotations

import base64
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from widgets.core.pdf import FONT, check_text, close_fonts, new_document, pdf_bytes
from widgets.core.render import Markup, render, table
from widgets.safety.model import (
    SAFETY_PLAN_STEPS,
    AsqTriage,
    DangerAssessment,
    Interpretation,
    PawssScore,
    PlanNote,
    SafetyPlan,
)
from widgets.safety.schemas import (
    AsqCase,
    AsqScreener,
    DrugTestCase,
    DrugTesting,
    SafetyPlanGuide,
    Statement,
    WithdrawalDanger,
    WithdrawalDangerCase,
)
from widgets.scenarios.model import Debrief
from widgets.scenarios.render import ScenarioWording, changes_text, node_labels
from widgets.scenarios.schemas import Scenario

__all__ = [
    "OVERDOSE_WORDING",
    "PlanTooLongError",
    "answers_text",
    "asq_case_html",
    "asq_reference_html",
    "asq_result_html",
    "asq_static_html",
    "downloads_html",
    "drug_case_html",
    "drug_reference_html",
    "drug_static_html",
    "interpretation_html",
    "overdose_costs_html",
    "pawss_text",
    "plain_statement",
    "plan_markdown",
    "plan_notes_html",
    "plan_pdf",
    "plan_static_html",
    "plan_worksheet_html",
    "reason_text",
    "withdrawal_case_html",
    "withdrawal_reference_html",
    "withdrawal_result_html",
    "withdrawal_static_html",
]

LABEL = {"secondary": " (secondary source)", "teaching-rule": " (our teaching rule)",
         "verified": ""}
ANSWER = {True: "yes", False: "no", None: "not answered"}


def plain_statement(s: Statement) -> str:
    """A statement as plain text with its evidence label (for Markdown and PDF)."""
    return s.text + LABEL[s.evidence]


def _statement(s: Statement) -> Markup:
    return render("safety/statement.html.j2", s=s)


def _statements(items: Iterable[Statement]) -> Markup:
    return render("safety/statements.html.j2", items=list(items))


# ------------------------------------------------------------------------------ ASQ


def answers_text(answers: Mapping[str, bool | None], acuity: bool | None,
                 asq: AsqScreener) -> str:
    """``'question 1 no, question 2 yes, ...; acuity question not asked'``."""
    parts = [f"question {n} {ANSWER[answers.get(q.id)]}"
             for n, q in enumerate(asq.questions, start=1)]
    acuity_text = "not asked" if acuity is None else ANSWER[acuity]
    return f"{', '.join(parts)}; acuity question {acuity_text}"


def asq_reference_html(asq: AsqScreener) -> Markup:
    """The four questions, the acuity question, and each result with what you do."""
    questions = table([(str(n), q.text) for n, q in enumerate(asq.questions, start=1)]
                      + [("5 (acuity, after a yes)", asq.acuity.text)],
                      headers=["#", "Question (paraphrased)"], caption="The ASQ questions")
    results = table([(r.label, _statement(r.meaning), _statements(r.actions))
                     for r in asq.results],
                    headers=["Result", "What it means", "What you do"],
                    caption="ASQ results and what a counselor does", row_headers=True)
    return render("safety/asq_reference.html.j2", asq=asq, questions_table=questions,
                  results_table=results)


def asq_case_html(case: AsqCase, asq: AsqScreener) -> Markup:
    """A fictional client's screen: the setting and what they say to each question."""
    questions = {q.id: q.text for q in (*asq.questions, asq.acuity)}
    return render("safety/asq_case.html.j2", case=case, questions=questions)


def asq_result_html(triage: AsqTriage, asq: AsqScreener, *, comparison: str = "",
                    differences: Sequence[str] = (), teaching: str = "") -> Markup:
    """A triage result: what it means and what the counselor does."""
    return render("safety/asq_result.html.j2", spec=asq.result(triage.result),
                  comparison=comparison, differences=list(differences), teaching=teaching)


def asq_static_html(asq: AsqScreener, cases: Sequence[AsqCase],
                    triages: Sequence[AsqTriage]) -> Markup:
    """The ASQ practice without a kernel: the reference, then each case and its answer."""
    items = [{"case": c, "case_html": asq_case_html(c, asq),
              "answers": answers_text(c.answers, c.acuity, asq),
              "result_html": asq_result_html(t, asq, teaching=c.teaching)}
             for c, t in zip(cases, triages, strict=True)]
    return render("safety/asq_static.html.j2", reference=asq_reference_html(asq),
                  cases=items)


# -------------------------------------------------------------------- withdrawal danger


def pawss_text(score: PawssScore, spec: WithdrawalDanger) -> str:
    """A PAWSS result in a sentence."""
    n = len(spec.pawss.items) - (0 if spec.pawss.gate_scores else 1)
    if score.status == "gate-not-met":
        return ("the scale stops at its first question (no alcohol in the past 30 days and "
                "no positive blood alcohol test).")
    if score.status == "high-risk":
        return (f"{score.total} of {n}: high risk (the cut-off is {score.threshold}; "
                f"secondary source).")
    if score.status == "below-threshold":
        return (f"{score.total} of {n}: under the cut-off of {score.threshold}. That is "
                f"not a green light on its own.")
    missing = len(score.unanswered_items)
    return (f"not finished: {score.total} so far, with {missing} question"
            f"{'' if missing == 1 else 's'} unanswered that could still reach the cut-off "
            f"of {score.threshold}.")


def reason_text(code: str, spec: WithdrawalDanger) -> str:
    """The words for one reason code of :func:`~widgets.safety.model.assess_withdrawal_danger`."""
    kind, _, ident = code.partition(":")
    if kind == "risk-factor":
        return "Risk factor: " + next(r.text for r in spec.risk_factors if r.id == ident)
    if kind == "emergency-sign":
        return "Emergency sign: " + next(s.text for s in spec.emergency_signs if s.id == ident)
    return spec.reasons[code]


def withdrawal_reference_html(spec: WithdrawalDanger) -> Markup:
    """The PAWSS items, risk factors, emergency signs, sedative facts and the levels."""
    pawss = table([(str(n), i.text + (" (the gate)" if i.id == spec.pawss.gate else ""))
                   for n, i in enumerate(spec.pawss.items, start=1)],
                  headers=["#", "PAWSS question (paraphrased)"],
                  caption="The PAWSS questions, one point for each yes")
    levels = table([(lv.label, lv.meaning, _statements(lv.actions)) for lv in spec.levels],
                   headers=["Level", "What it means", "What you do"],
                   caption="What a counselor does at each level", row_headers=True)
    return render("safety/withdrawal_reference.html.j2", spec=spec, pawss_table=pawss,
                  levels_table=levels)


def withdrawal_case_html(case: WithdrawalDangerCase) -> Markup:
    """A fictional client's story for the withdrawal practice."""
    return render("safety/withdrawal_case.html.j2", case=case)


def withdrawal_result_html(score: PawssScore, assessment: DangerAssessment,
                           spec: WithdrawalDanger, *, comparison: str = "",
                           teaching: str = "") -> Markup:
    """The PAWSS result, the level, why, and what the counselor does."""
    return render("safety/withdrawal_result.html.j2", pawss_text=pawss_text(score, spec),
                  level=spec.level(assessment.level),
                  reasons=[reason_text(r, spec) for r in assessment.reasons],
                  comparison=comparison, teaching=teaching)


def withdrawal_static_html(spec: WithdrawalDanger, cases: Sequence[WithdrawalDangerCase],
                           results: Sequence[tuple[PawssScore, DangerAssessment]]) -> Markup:
    """The withdrawal practice without a kernel: the reference, then each case's answer."""
    items = [{"case": c, "case_html": withdrawal_case_html(c),
              "result_html": withdrawal_result_html(s, a, spec, teaching=c.teaching)}
             for c, (s, a) in zip(cases, results, strict=True)]
    return render("safety/withdrawal_static.html.j2",
                  reference=withdrawal_reference_html(spec), cases=items)


# ------------------------------------------------------------------------ drug tests


def _names(ids: Iterable[str], spec: DrugTesting) -> str:
    return ", ".join(spec.name(i) for i in ids)


def drug_reference_html(spec: DrugTesting) -> Markup:
    """The methods, every test (what it finds, its window, what it misses), the talk."""
    rows = []
    for p in spec.panels:
        window = (render("safety/statement.html.j2", s=Statement(
            text=p.window.text, cite=p.window.cite, evidence=p.window.evidence))
            if p.window else "not given in our sources")
        rows.append((p.name, p.detects, window, _names(p.misses, spec) or "-",
                     _names(p.false_positive_from, spec) or "-"))
    panels = table(rows, headers=["Test", "Finds", "Urine window (approximate)",
                                  "Does not find (needs its own test)",
                                  "Can read positive with (examples)"],
                   caption="Drug tests: what each finds and misses", row_headers=True)
    return render("safety/drug_reference.html.j2", spec=spec, panels_table=panels)


def _results_table(case: DrugTestCase, spec: DrugTesting) -> Markup:
    return table([(spec.panel(r.panel).name, r.method, r.result) for r in case.results],
                 headers=["Test", "Method", "Result"], caption=f"Results: {case.title}",
                 scroll=False)


def drug_case_html(case: DrugTestCase, spec: DrugTesting) -> Markup:
    """A fictional client's results, medications and story."""
    return render("safety/drug_case.html.j2", case=case,
                  medications=_names(case.medications, spec) or "none",
                  results_table=_results_table(case, spec))


def interpretation_html(readings: Sequence[tuple[str, str, str, Interpretation]],
                        spec: DrugTesting, *, case: DrugTestCase | None = None,
                        comparison: str = "") -> Markup:
    """What each result can and cannot say, and what to do next.

    ``readings`` holds (panel id, method, result, interpretation) for each result.
    """
    out = []
    for panel_id, method, result, reading in readings:
        def line(code: str, reading: Interpretation = reading) -> dict[str, Any]:
            extra = ""
            if code == "misses-other-substances":
                extra = _names(reading.not_detected, spec) + "."
            elif code == "maybe-false-positive":
                extra = _names(reading.possible_false_positive_from, spec) + "."
            return {"statement": spec.statements[code], "extra": extra}

        out.append({"title": f"{spec.panel(panel_id).name}, {method}: {result}",
                    "can": [line(c) for c in reading.can_say],
                    "cannot": [line(c) for c in reading.cannot_say],
                    "next": [line(c) for c in reading.next_steps]})
    return render("safety/drug_result.html.j2", readings=out, case=case,
                  comparison=comparison)


def drug_static_html(spec: DrugTesting, cases: Sequence[DrugTestCase],
                     readings: Sequence[Sequence[Interpretation]]) -> Markup:
    """The interpretation practice without a kernel: the reference, then each case."""
    items = []
    for case, interps in zip(cases, readings, strict=True):
        rows = [(r.panel, r.method, r.result, i)
                for r, i in zip(case.results, interps, strict=True)]
        items.append({"case": case, "case_html": drug_case_html(case, spec),
                      "result_html": interpretation_html(rows, spec, case=case)})
    return render("safety/drug_static.html.j2", reference=drug_reference_html(spec),
                  cases=items)


# ----------------------------------------------------------------------- safety plan

STEP_WORD = {"missing": "Still to fill in", "contradiction": "Worth talking over",
             "suggestion": "A suggestion"}


def _steps(plan: SafetyPlan, guide: SafetyPlanGuide) -> list[dict[str, Any]]:
    """Each step's heading and prompt, the client's entries, and what is always printed
    (988, under professionals and agencies)."""
    return [{"spec": guide.step(name), "entries": list(plan.step(name)),
             "always": guide.crisis_line.text if name == "professionals_and_agencies"
             else ""} for name in SAFETY_PLAN_STEPS]


def plan_worksheet_html(plan: SafetyPlan, guide: SafetyPlanGuide) -> Markup:
    """The plan as a printable worksheet (blank lines where a step is empty; 988 always)."""
    return render("safety/plan_worksheet.html.j2", plan=plan, guide=guide,
                  steps=_steps(plan, guide))


def plan_notes_html(notes: Sequence[PlanNote], guide: SafetyPlanGuide) -> Markup:
    """The review's gentle notes, in the guide's words."""
    headings = {s.step: s.heading for s in guide.steps} | {"client": "Name",
                                                          "counselor": "Completed with"}
    return render("safety/plan_notes.html.j2", notes=[
        {"level": STEP_WORD[n.level], "heading": headings[n.step],
         "message": guide.notes[n.code], "item": n.item} for n in notes])


def plan_static_html(guide: SafetyPlanGuide, plan: SafetyPlan | None = None) -> Markup:
    """The builder without a kernel: how to help with each step, and the worksheet."""
    steps = table([(s.heading, s.prompt, s.staff_tip) for s in guide.steps],
                  headers=["Step", "On the client's plan", "How you help"],
                  caption="The six steps of the safety plan", row_headers=True)
    return render("safety/plan_static.html.j2", guide=guide, steps_table=steps,
                  worksheet=plan_worksheet_html(plan or SafetyPlan(), guide))


def _md(text: str) -> str:
    for ch in "\\`*_[]<>#|":
        text = text.replace(ch, "\\" + ch)
    return text


def plan_markdown(plan: SafetyPlan, guide: SafetyPlanGuide) -> str:
    """The plan as Markdown (empty steps get lines to fill in by hand)."""
    blank = _md("_" * 20)
    lines = [f"# {guide.title}", "",
             f"**Name:** {_md(plan.client) if plan.client else blank}  ",
             f"**Completed with:** {_md(plan.counselor) if plan.counselor else blank}"]
    for step in _steps(plan, guide):
        lines += ["", f"## {step['spec'].heading}", "", f"*{step['spec'].prompt}*", ""]
        lines += [f"- {_md(i)}" for i in step["entries"]] or [f"- {blank}", f"- {blank}"]
        lines += [f"- {_md(step['always'])}"] if step["always"] else []
    lines += ["", f"**{guide.emergency.text}**", "", f"*{guide.footer}*", ""]
    return "\n".join(lines)


class PlanTooLongError(ValueError):
    """The plan does not fit on one printed page even at the smallest font size."""


MAX_NAME_CHARS = 80
"""Longest client or counselor name the PDF prints (characters)."""
MAX_ITEM_CHARS = 300
"""Longest item of a step the PDF prints (characters): a few lines of the page."""


def _check_plan_text(plan: SafetyPlan) -> None:
    """Every text of the plan fits the PDF and has a font; else an error naming it.

    Raises
    ------
    PlanTooLongError
        A name longer than :data:`MAX_NAME_CHARS` or an item longer than
        :data:`MAX_ITEM_CHARS`, named.
    widgets.core.pdf.PdfTextError
        A text with characters no font prints (named).
    """
    texts = [(f"the {name}'s name", getattr(plan, name), MAX_NAME_CHARS)
             for name in ("client", "counselor")]
    texts += [(f"item {n} of the step '{step.replace('_', ' ')}'", item, MAX_ITEM_CHARS)
              for step in SAFETY_PLAN_STEPS for n, item in enumerate(plan.step(step), 1)]
    for field, text, limit in texts:
        if len(text) > limit:
            raise PlanTooLongError(f"{field} is {len(text):,} characters long; at most "
                                   f"{limit} fit on the one-page plan; shorten it")
        check_text(text, field=field, limit=limit, where="the one-page plan")


_FONT_SIZES = (11.0, 10.0, 9.0, 8.5, 8.0, 7.5, 7.0)
_CREATION_DATE = datetime(2026, 1, 1, tzinfo=UTC)  # fixed: the same plan, the same bytes


def _pdf(plan: SafetyPlan, guide: SafetyPlanGuide, size: float) -> Any:  # noqa: ANN401
    pdf = new_document(format="letter", title=guide.title, lang="en-US",
                       creator="IOP curriculum safety plan builder")
    pdf.set_creation_date(_CREATION_DATE)
    pdf.set_margins(16, 14, 16)
    pdf.set_auto_page_break(True, margin=14)
    pdf.add_page()
    line, width = size * 0.48, pdf.epw

    def write(text: str, style: str = "", grow: float = 0, height: float = 1.0,
              indent: float = 0) -> None:
        pdf.set_font(FONT, style, size + grow)
        pdf.set_x(pdf.l_margin + indent)
        pdf.multi_cell(width - indent, line * height, text, new_x="LMARGIN", new_y="NEXT")

    write(guide.title, "B", 6, 1.6)
    write(f"Name: {plan.client or '_' * 40}")
    write(f"Completed with: {plan.counselor or '_' * 40}")
    for step in _steps(plan, guide):
        pdf.ln(line * 0.5)
        write(step["spec"].heading, "B", 1.5, 1.2)
        write(step["spec"].prompt, "I", -0.5)
        for item in [*(step["entries"] or ["_" * 40, "_" * 40]), step["always"]]:
            if item:
                write(f"\u2022 {item}", indent=3)
    pdf.ln(line * 0.6)
    write(guide.emergency.text, "B")
    write(guide.footer, "I", -1)
    return pdf


def plan_pdf(plan: SafetyPlan, guide: SafetyPlanGuide) -> bytes:
    """The plan as a one-page PDF (US Letter); the font shrinks to fit, down to 7 pt.

    Names and items print in any script (:func:`widgets.core.pdf.new_document`).

    Raises
    ------
    PlanTooLongError
        The plan does not fit on one page even at 7 pt, or a name or an item is longer
        than :data:`MAX_NAME_CHARS` or :data:`MAX_ITEM_CHARS` (named); shorten it.
    widgets.core.pdf.PdfTextError
        A name or an item has characters no font prints (named).
    """
    _check_plan_text(plan)
    for size in _FONT_SIZES:
        pdf = _pdf(plan, guide, size)
        if pdf.pages_count == 1:
            return pdf_bytes(pdf)
        close_fonts(pdf)
    raise PlanTooLongError("this plan does not fit on one page even in small print; "
                           "shorten or combine some items, then export again")


def downloads_html(pdf: bytes, markdown: str, stem: str = "my-safety-plan") -> Markup:
    """Download links for the PDF and the Markdown (data URIs: no server needed)."""
    return render("safety/downloads.html.j2", stem=stem,
                  pdf64=base64.b64encode(pdf).decode("ascii"),
                  md64=base64.b64encode(markdown.encode("utf-8")).decode("ascii"))


# ------------------------------------------------------------------- overdose scenario

OVERDOSE_WORDING = ScenarioWording(
    heading="Scenario: ",
    section_label="Overdose response scenario",
    choice="action",
    prompt="Your action:",
    hint="Choose an action first.",
    submit_tip="Take the selected action and see what follows",
    restart_tip="Play the scenario again from the start",
    how_to_read=("At each decision point choose what you would do, then open its feedback "
                 "and follow the link to where it leads. The meters start at {meters}; "
                 "each action moves them, and where breathing falls low enough the story "
                 "turns. The meters are illustrative (0 to 100), not measurements."),
    meters="Meters",
    chart_title="Breathing, help and trust (illustrative)",
    chart_subject="the meters",
    turn="the delay has cost too much, and the story takes a different turn.",
    meter_note="The meters are illustrative (0 to 100), not measurements.",
    history="Your actions so far",
    graph=True,
)
"""Module 6's overdose scenario: breathing, help and trust."""


def overdose_costs_html(scenario: Scenario, debrief: Debrief) -> Markup:
    """A table of what each choice of a finished run cost on the meters."""
    labels = node_labels(scenario)
    rows = []
    for n, review in enumerate(debrief.steps, start=1):
        step = review.step
        changes = changes_text(step.changes)
        rows.append((str(n), labels[step.node.id], step.choice.text.strip(), step.quality,
                     changes))
    return render("safety/overdose_costs.html.j2", table=table(
        rows, headers=["#", "Point", "Your action", "Quality", "Cost or gain"],
        caption="What each action cost or gained"))
