"""Module 6's simulators: thin ipywidgets layers over the safety model and its content.

- :class:`OverdoseResponseView`: the overdose scenario on the shared scenario player, with
  a table of what each action cost (``sim/overdose-response``).
- :class:`AsqScreeningView`: pick a fictional client, record their ASQ answers, see the
  result and what to do (``sim/asq-screening``).
- :class:`SafetyPlanBuilderView`: the six-step safety plan, reviewed gently and exported
  as a one-page PDF and Markdown (``sim/safety-plan-builder``).
- :class:`WithdrawalDangerView`: the PAWSS, risk factors, emergency signs and sedative use
  of a fictional client, sorted into what the counselor does (``sim/withdrawal-danger``).
- :class:`DrugTestView`: read a fictional client's drug-test results
  (``sim/drug-test-reading``).

Every view shows its static rendering in the published book (a reader without a kernel
gets every case with its answer in a collapsed block) and records each finished attempt
with :func:`widgets.progress.record_simulation` under its simulation id; the record keeps
the learner's choices, never text typed into a plan.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as W
from IPython.display import HTML

from widgets.core.pdf import PdfTextError
from widgets.core.render import render
from widgets.core.view import StaticFallback, button, html, shared
from widgets.progress import record_simulation
from widgets.safety.content import (
    asq,
    asq_cases,
    case_assessment,
    case_interpretations,
    case_triage,
    danger_rules,
    drug_test_cases,
    drug_testing,
    panels,
    safety_plan_guide,
    withdrawal_danger,
    withdrawal_danger_cases,
)
from widgets.safety.model import (
    ASQ_SCREEN_ITEMS,
    SAFETY_PLAN_STEPS,
    AsqTriage,
    DangerAssessment,
    PawssScore,
    PlanNote,
    SafetyPlan,
    TestResult,
    assess_withdrawal_danger,
    interpret_test,
    review_safety_plan,
    safety_plan_is_complete,
    score_pawss,
    triage_asq,
)
from widgets.safety.render import (
    OVERDOSE_WORDING,
    PlanTooLongError,
    answers_text,
    asq_case_html,
    asq_reference_html,
    asq_result_html,
    asq_static_html,
    downloads_html,
    drug_case_html,
    drug_reference_html,
    drug_static_html,
    interpretation_html,
    overdose_costs_html,
    plan_markdown,
    plan_notes_html,
    plan_pdf,
    plan_static_html,
    withdrawal_case_html,
    withdrawal_reference_html,
    withdrawal_result_html,
    withdrawal_static_html,
)
from widgets.scenarios import QUALITY_RANK, ScenarioPlayer, load_scenario
from widgets.scenarios.render import changes_text
from widgets.scenarios.view import ScenarioPlayerView

__all__ = [
    "AsqScreeningView",
    "DrugTestView",
    "OverdoseResponseView",
    "SafetyPlanBuilderView",
    "SummaryTable",
    "WithdrawalDangerView",
    "asq_case_card",
    "asq_case_results",
    "drug_test_case_card",
    "drug_test_case_results",
    "overdose_best_path",
    "overdose_response",
    "safety_plan_html",
    "withdrawal_case_card",
    "withdrawal_case_results",
]

_YES_NO = [("Yes", "yes"), ("No", "no"), ("Not answered", "unanswered")]
_VALUE = {"yes": True, "no": False, "unanswered": None, "not-asked": None}
_CHOICE = {True: "yes", False: "no", None: "unanswered"}


def _style() -> dict[str, str]:
    return {"description_width": "initial"}


def _toggles(options: list[tuple[str, str]], value: str, description: str) -> W.ToggleButtons:
    return W.ToggleButtons(options=options, value=value, description=description,
                           style=shared("safety-toggles", lambda: W.ToggleButtonsStyle(
                               description_width="initial", button_width="auto")))


def _para(text: str, *, lead: str = "", small: bool = False, status: bool = False) -> str:
    return str(render("safety/paragraph.html.j2", text=text, lead=lead, small=small,
                      status=status))


def _reference(summary: str, body: object) -> W.HTML:
    """A collapsed reference (the static page shows it open, above the cases)."""
    return html(str(render("safety/details.html.j2", summary=summary, body=body)))


def _case_picker(options: list[tuple[str, str]]) -> W.Dropdown:
    return W.Dropdown(options=options, description="Fictional client:", style=_style(),
                      layout=W.Layout(width="auto"))


# ------------------------------------------------------------------------ overdose


class OverdoseResponseView(ScenarioPlayerView):
    """The overdose scenario on the shared player (:mod:`widgets.scenarios.view`), in
    Module 6's words; the debrief adds what each action cost on the meters."""

    SIMULATION = "overdose-response"

    def __init__(self, scenario_id: str = "overdose-response") -> None:
        super().__init__(load_scenario(scenario_id), wording=OVERDOSE_WORDING,
                         simulation=self.SIMULATION)

    def _finish(self) -> None:
        super()._finish()
        costs = overdose_costs_html(self.scenario, self.player.debrief())
        self._debrief.value = self._debrief.value + str(costs)


def overdose_response() -> OverdoseResponseView:
    """The live overdose scenario (records finished runs when a learner is set)."""
    return OverdoseResponseView()


# ----------------------------------------------------------------------------- ASQ


class AsqScreeningView(StaticFallback, W.VBox):
    """ASQ practice: pick a fictional client, record their answers, see the result.

    Attributes
    ----------
    triage : AsqTriage or None
        The result of the latest "See the result".
    """

    SIMULATION = "asq-screening"

    def __init__(self) -> None:
        self.asq = asq()
        self.cases = {c.id: c for c in asq_cases()}
        self.triage: AsqTriage | None = None
        self._picker = _case_picker([(c.title, c.id) for c in self.cases.values()])
        self._case_html = html()
        self._answers = {q.id: _toggles(_YES_NO, "unanswered", f"Question {n}:")
                         for n, q in enumerate(self.asq.questions, start=1)}
        self._acuity = _toggles([("Yes", "yes"), ("No", "no"), ("Not asked", "not-asked")],
                                "not-asked", "Question 5 (acuity):")
        self._submit = button("See the result", style="primary")
        self._submit.on_click(lambda _: self.show_result())
        self._result = html()
        self._picker.observe(lambda _: self._show_case(), names="value")
        intro = html(_para("Read what the client says to each question, then record each "
                           "answer as yes, no or not answered, and see the result."))
        reference = _reference("The ASQ: questions, results and what you do",
                               asq_reference_html(self.asq))
        super().__init__([reference, self._picker, self._case_html, intro,
                          *self._answers.values(), self._acuity, self._submit, self._result])
        self._show_case()

    @property
    def case(self) -> Any:  # noqa: ANN401 - an AsqCase
        """The fictional client now selected."""
        return self.cases[self._picker.value]

    def select_case(self, case_id: str) -> None:
        """Choose a fictional client (clears the answers)."""
        self._picker.value = case_id

    def answer(self, question_id: str, value: bool | None) -> None:
        """Record one answer: True (yes), False (no) or None (not answered / not asked)."""
        if question_id == self.asq.acuity.id:
            self._acuity.value = "not-asked" if value is None else _CHOICE[value]
        else:
            self._answers[question_id].value = _CHOICE[value]

    def _show_case(self) -> None:
        self._case_html.value = asq_case_html(self.case, self.asq)
        for toggle in self._answers.values():
            toggle.value = "unanswered"
        self._acuity.value = "not-asked"
        self._result.value = ""

    def show_result(self) -> AsqTriage:
        """Triage the recorded answers, show what to do, and compare with the client."""
        answers = {q: _VALUE[t.value] for q, t in self._answers.items()}
        acuity = _VALUE[self._acuity.value]
        self.triage = triage_asq(answers, acuity)
        case = self.case
        texts = {q.id: q.text for q in (*self.asq.questions, self.asq.acuity)}
        differences = [f"{texts[q]} You recorded {_label(answers[q])}; the client's words "
                       f"read as {_label(case.answers[q])}." for q in ASQ_SCREEN_ITEMS
                       if answers[q] is not case.answers[q]]
        if acuity is not case.acuity:
            differences.append(f"{texts[self.asq.acuity.id]} You recorded "
                               f"{_label(acuity, 'not asked')}; for this client it is "
                               f"{_label(case.acuity, 'not asked')}.")
        matched = not differences
        comparison = ("Your answers match what the client said." if matched else
                      "Compare with what the client said:")
        self._result.value = asq_result_html(self.triage, self.asq, comparison=comparison,
                                             differences=differences,
                                             teaching=case.teaching if matched else "")
        record_simulation(self.SIMULATION, correct=matched, answer={
            "case": case.id, "result": self.triage.result,
            "answers": {q: _CHOICE[a] for q, a in answers.items()},
            "acuity": _CHOICE[acuity]})
        return self.triage

    def static_html(self) -> str:
        """The ASQ, its results, and every fictional case with its answer (collapsed)."""
        cases = list(self.cases.values())
        return str(asq_static_html(self.asq, cases, [case_triage(c) for c in cases]))


def _label(value: bool | None, none: str = "not answered") -> str:
    return none if value is None else ("yes" if value else "no")



# ----------------------------------------------------------------------- safety plan


class SafetyPlanBuilderView(StaticFallback, W.VBox):
    """The safety plan: six steps in the client's words, reviewed gently, exported.

    Attributes
    ----------
    notes : tuple of PlanNote
        Notes from the latest review.
    pdf : bytes or None
    markdown : str or None
        The latest export.
    """

    SIMULATION = "safety-plan-builder"

    def __init__(self, plan: SafetyPlan | None = None) -> None:
        self.guide = safety_plan_guide()
        self.notes: tuple[PlanNote, ...] = ()
        self.pdf: bytes | None = None
        self.markdown: str | None = None
        layout = shared("safety-plan-field", lambda: W.Layout(width="40em", max_width="100%"))
        self._client = W.Text(description="Name on the plan:", style=_style(), layout=layout,
                              placeholder="The name the client chooses")
        self._counselor = W.Text(description="Completed with:", style=_style(),
                                 layout=layout, placeholder="Counselor")
        self._steps: dict[str, W.Textarea] = {}
        rows: list[W.Widget] = [self._client, self._counselor]
        for name in SAFETY_PLAN_STEPS:
            spec = self.guide.step(name)
            area = W.Textarea(placeholder=f"{spec.prompt} One per line.", rows=3,
                              layout=layout, description=spec.heading, style=_style())
            self._steps[name] = area
            rows.append(area)
        rows.append(html(_para(f"{self.guide.crisis_line.text} {self.guide.emergency.text}",
                               lead="Always on the plan:", small=True)))
        self._review = button("Review plan", style="primary")
        self._export = button("Export PDF and Markdown")
        self._review.on_click(lambda _: self.review())
        self._export.on_click(lambda _: self.export())
        self._notes = html()
        self._downloads = html()
        if plan is not None:
            self.fill(plan)
        super().__init__([*rows, W.HBox([self._review, self._export]), self._notes,
                          self._downloads])

    def fill(self, plan: SafetyPlan) -> None:
        """Put a plan's contents into the boxes."""
        self._client.value, self._counselor.value = plan.client, plan.counselor
        for name, area in self._steps.items():
            area.value = "\n".join(plan.step(name))

    @property
    def plan(self) -> SafetyPlan:
        """The plan as typed now."""
        return SafetyPlan(client=self._client.value, counselor=self._counselor.value,
                          **{n: a.value.splitlines() for n, a in self._steps.items()})

    def review(self) -> tuple[PlanNote, ...]:
        """Show gentle notes on the plan and return them."""
        self.notes = review_safety_plan(self.plan)
        self._notes.value = plan_notes_html(self.notes, self.guide)
        self._record("review")
        return self.notes

    def export(self) -> bool:
        """Offer the plan as a one-page PDF and as Markdown; ``False`` if it is too long."""
        plan = self.plan
        self.notes = review_safety_plan(plan)
        self._notes.value = plan_notes_html(self.notes, self.guide)
        try:
            self.pdf = plan_pdf(plan, self.guide)
        except (PlanTooLongError, PdfTextError) as exc:  # too long, or no font for a text
            self.pdf = None
            self._downloads.value = _para(f"{str(exc).capitalize()}.", status=True)
            self._record("export", exported=False)
            return False
        self.markdown = plan_markdown(plan, self.guide)
        self._downloads.value = downloads_html(self.pdf, self.markdown)
        self._record("export", exported=True)
        return True

    def _record(self, action: str, **extra: object) -> None:
        plan = self.plan
        record_simulation(self.SIMULATION, correct=safety_plan_is_complete(plan), answer={
            "action": action, "filled": [s for s in SAFETY_PLAN_STEPS if plan.step(s)],
            "notes": [[n.step, n.code] for n in self.notes], **extra})

    def static_html(self) -> str:
        """How to help with each step, lethal means, 988, and the blank plan."""
        return str(plan_static_html(self.guide, self.plan))


# ------------------------------------------------------------------- withdrawal danger


class WithdrawalDangerView(StaticFallback, W.VBox):
    """Dangerous-withdrawal practice: PAWSS, risk factors, emergency signs, sedatives.

    Attributes
    ----------
    result : tuple of (PawssScore, DangerAssessment) or None
        The latest assessment.
    """

    SIMULATION = "withdrawal-danger"

    def __init__(self) -> None:
        self.spec = withdrawal_danger()
        self.rules = danger_rules(self.spec)
        self.cases = {c.id: c for c in withdrawal_danger_cases()}
        self.result: tuple[PawssScore, DangerAssessment] | None = None
        self._picker = _case_picker([(c.title, c.id) for c in self.cases.values()])
        self._case_html = html()
        self._pawss = {i.id: _toggles(_YES_NO[:2] + [("Not known", "unanswered")],
                                      "unanswered", f"PAWSS {n}:")
                       for n, i in enumerate(self.spec.pawss.items, start=1)}
        pawss_list = html(render("safety/pawss_list.html.j2", items=self.spec.pawss.items))
        self._factors = {r.id: W.Checkbox(description=r.text, indent=False,
                                          layout=W.Layout(width="auto"))
                         for r in self.spec.risk_factors}
        self._signs = {s.id: W.Checkbox(description=s.text, indent=False,
                                        layout=W.Layout(width="auto"))
                       for s in self.spec.emergency_signs}
        self._sedative = W.Dropdown(options=[(o.label, o.id) for o in self.spec.sedative_use],
                                    description="Sedatives:", style=_style(),
                                    layout=W.Layout(width="auto"))
        self._submit = button("Decide what to do", style="primary")
        self._submit.on_click(lambda _: self.assess())
        self._result = html()
        self._picker.observe(lambda _: self._show_case(), names="value")
        super().__init__([
            _reference("Dangerous withdrawal: the PAWSS, risk factors, signs and levels",
                       withdrawal_reference_html(self.spec)),
            self._picker, self._case_html,
            html(_para("(answer from the story; \"not known\" when it does not say)",
                       lead="The PAWSS questions")), pawss_list,
            *self._pawss.values(),
            html(_para("", lead="Risk factors the client has:")),
            *self._factors.values(),
            html(_para("", lead="Signs of an emergency now:")), *self._signs.values(),
            self._sedative, self._submit, self._result])
        self._show_case()

    @property
    def case(self) -> Any:  # noqa: ANN401 - a WithdrawalDangerCase
        """The fictional client now selected."""
        return self.cases[self._picker.value]

    def select_case(self, case_id: str) -> None:
        """Choose a fictional client (clears the form)."""
        self._picker.value = case_id

    def fill_from_case(self) -> None:
        """Fill the form with the case's own answers (a worked example)."""
        case = self.case
        for item, toggle in self._pawss.items():
            toggle.value = _CHOICE[case.pawss.get(item)]
        for rid, box in self._factors.items():
            box.value = rid in case.risk_factors
        for sid, box in self._signs.items():
            box.value = sid in case.emergency_signs
        self._sedative.value = case.sedative_use

    def _show_case(self) -> None:
        self._case_html.value = withdrawal_case_html(self.case)
        for toggle in self._pawss.values():
            toggle.value = "unanswered"
        for box in (*self._factors.values(), *self._signs.values()):
            box.value = False
        self._sedative.value = "none"
        self._result.value = ""

    def assess(self) -> tuple[PawssScore, DangerAssessment]:
        """Score the PAWSS, sort the picture into a level, and compare with the case."""
        answers = {i: _VALUE[t.value] for i, t in self._pawss.items()}
        score = score_pawss(self.rules.pawss, answers)
        factors = [r for r, box in self._factors.items() if box.value]
        signs = [s for s, box in self._signs.items() if box.value]
        assessment = assess_withdrawal_danger(self.rules, score, risk_factors=factors,
                                              emergency_signs=signs,
                                              sedative_use=self._sedative.value)
        self.result = (score, assessment)
        case = self.case
        matched = assessment.level == case.expected_level
        expected = self.spec.level(case.expected_level).label
        comparison = ("This matches the case's answer." if matched else
                      f"For this client the answer is: {expected}. Look again at the story: "
                      f"which answers, risk factors or signs did you record differently?")
        self._result.value = withdrawal_result_html(score, assessment, self.spec,
                                                    comparison=comparison,
                                                    teaching=case.teaching if matched else "")
        record_simulation(self.SIMULATION, correct=matched, answer={
            "case": case.id, "level": assessment.level, "pawss": score.status,
            "total": score.total, "risk_factors": factors, "emergency_signs": signs,
            "sedative_use": self._sedative.value})
        return self.result

    def static_html(self) -> str:
        """The reference, then every fictional case with its answer (collapsed)."""
        cases = list(self.cases.values())
        return str(withdrawal_static_html(self.spec, cases,
                                          [case_assessment(c, self.spec) for c in cases]))



# ------------------------------------------------------------------------ drug tests


class DrugTestView(StaticFallback, W.VBox):
    """Read a fictional client's drug-test results: confirmed? a possible false positive?

    Attributes
    ----------
    correct : bool or None
        Whether the latest answer was right.
    """

    SIMULATION = "drug-test-reading"

    def __init__(self) -> None:
        self.spec = drug_testing()
        self.panels = panels(self.spec)
        self.cases = {c.id: c for c in drug_test_cases()}
        self.correct: bool | None = None
        self._picker = _case_picker([(c.title, c.id) for c in self.cases.values()])
        self._case_html = html()
        self._confirmed = _toggles([("Yes", "yes"), ("No", "no")], "no",
                                   "Do these results alone confirm use?")
        self._confirmed.value = None
        self._meds_label = html()
        self._meds = W.VBox([])
        self._submit = button("Check my reading", style="primary")
        self._submit.on_click(lambda _: self.check())
        self._result = html()
        self._picker.observe(lambda _: self._show_case(), names="value")
        super().__init__([_reference("Drug tests: what each finds, misses and can say",
                                     drug_reference_html(self.spec)),
                          self._picker, self._case_html, self._confirmed, self._meds_label,
                          self._meds, self._submit, self._result])
        self._show_case()

    @property
    def case(self) -> Any:  # noqa: ANN401 - a DrugTestCase
        """The fictional client now selected."""
        return self.cases[self._picker.value]

    def select_case(self, case_id: str) -> None:
        """Choose a fictional client (clears the answers)."""
        self._picker.value = case_id

    def answer(self, confirmed_use: bool, false_positive_from: list[str]) -> None:
        """Answer as a learner would: whether use is confirmed, which medications."""
        self._confirmed.value = "yes" if confirmed_use else "no"
        for box in self._meds.children:
            box.value = box.description in {self.spec.name(m) for m in false_positive_from}

    def _show_case(self) -> None:
        case = self.case
        self._case_html.value = drug_case_html(case, self.spec)
        self._confirmed.value = None
        self._meds.children = [W.Checkbox(description=self.spec.name(m), value=False,
                                          indent=False, layout=W.Layout(width="auto"))
                               for m in case.medications]
        self._meds_label.value = _para(
            "Which of the client's medications could make one of these screens read "
            "positive? Tick each one (none, if none could)." if case.medications else
            "This client takes no medications.")
        self._result.value = ""

    def check(self) -> bool | None:
        """Compare the learner's reading with the model's, and show what each result says."""
        if self._confirmed.value is None:
            self._result.value = _para("Answer the first question (yes or no) first.",
                                       status=True)
            return None
        case = self.case
        names = {self.spec.name(m): m for m in case.medications}
        ticked = sorted(names[b.description] for b in self._meds.children if b.value)
        confirmed = self._confirmed.value == "yes"
        right_confirmed = confirmed is case.confirmed_use
        right_meds = ticked == sorted(case.possible_false_positive_from)
        self.correct = right_confirmed and right_meds
        parts = ["Whether use is confirmed: " + ("right." if right_confirmed else
                 f"not quite; the answer is {'yes' if case.confirmed_use else 'no'}."),
                 "Possible false positives: " + ("right." if right_meds else
                 "not quite; see below.")]
        readings = [(r.panel, r.method, r.result, i) for r, i in
                    zip(case.results, case_interpretations(case, self.spec), strict=True)]
        self._result.value = interpretation_html(readings, self.spec, case=case,
                                                 comparison=" ".join(parts))
        record_simulation(self.SIMULATION, correct=self.correct, answer={
            "case": case.id, "confirmed_use": confirmed, "false_positive_from": ticked})
        return self.correct

    def reading(self, panel: str, method: str, result: str,
                medications: list[str] | None = None) -> Any:  # noqa: ANN401
        """The model's reading of one result (for exploring beyond the cases)."""
        return interpret_test(self.panels, TestResult(panel, method, result),
                              medications=medications or [])

    def static_html(self) -> str:
        """The reference, then every fictional case with its reading (collapsed)."""
        cases = list(self.cases.values())
        return str(drug_static_html(self.spec, cases,
                                    [case_interpretations(c, self.spec) for c in cases]))



# ------------------------------------------------------------ summaries and case cards


class SummaryTable:
    """A small table for a notebook cell: HTML in the page, plain rows as text.

    The plain-text form is what nbval compares in a checked cell, so a change in any
    value (a result, a level, a cost) fails the notebook test.
    """

    def __init__(self, rows: list[tuple[str, ...]], headers: list[str], caption: str) -> None:
        self.rows, self.headers, self.caption = rows, headers, caption

    def _repr_html_(self) -> str:
        from widgets.core.render import table

        return str(table(self.rows, headers=self.headers, caption=self.caption))

    def __repr__(self) -> str:
        return "\n".join([self.caption, " | ".join(self.headers),
                          *(" | ".join(r) for r in self.rows)])


def asq_case_results() -> SummaryTable:
    """Every fictional ASQ case with its answers and the result they give."""
    screener = asq()
    rows = [(c.title, answers_text(c.answers, c.acuity, screener),
             screener.result(case_triage(c).result).label) for c in asq_cases()]
    return SummaryTable(rows, ["Fictional client", "Answers", "Result"],
                        "The ASQ cases and their results")


def withdrawal_case_results() -> SummaryTable:
    """Every fictional withdrawal case with its PAWSS and what the counselor does."""
    spec = withdrawal_danger()
    rows = []
    for case in withdrawal_danger_cases():
        score, assessment = case_assessment(case, spec)
        total = "stops at question 1" if score.total is None else str(score.total)
        rows.append((case.title, f"{total} ({score.status.replace('-', ' ')})",
                     spec.level(assessment.level).label))
    return SummaryTable(rows, ["Fictional client", "PAWSS", "What you do"],
                        "The withdrawal cases: PAWSS and level")


def drug_test_case_results() -> SummaryTable:
    """Every fictional drug-test case: confirmed or not, and possible false positives."""
    spec = drug_testing()
    rows = []
    for case in drug_test_cases():
        results = "; ".join(f"{spec.panel(r.panel).name} {r.method} {r.result}"
                            for r in case.results)
        flagged = sorted({m for i in case_interpretations(case, spec)
                          for m in i.possible_false_positive_from})
        rows.append((case.title, results, "yes" if case.confirmed_use else "no",
                     ", ".join(spec.name(m) for m in flagged) or "none"))
    return SummaryTable(rows, ["Fictional client", "Results", "Use confirmed?",
                               "Could read positive because of"],
                        "The drug-test cases and what the results can say")


def overdose_best_path() -> SummaryTable:
    """The best run of the overdose scenario: each action in order and what it changed."""
    player = ScenarioPlayer(load_scenario("overdose-response"))
    while not player.is_over:
        player.choose(max(player.choices, key=lambda c: QUALITY_RANK[c.quality]).id)
    rows = [(str(n), s.choice.text.strip(), changes_text(s.changes))
            for n, s in enumerate(player.history, start=1)]
    rows.append(("", f"Ending: {player.node.outcome}",
                 ", ".join(f"{k} {v}" for k, v in player.meters.items())))
    return SummaryTable(rows, ["#", "Action", "Change in the meters"],
                        "The overdose scenario's best path")


def asq_case_card(case_id: str) -> HTML:
    """A fictional client's ASQ screen (their words, no answers)."""
    return HTML(str(asq_case_html(next(c for c in asq_cases() if c.id == case_id), asq())))


def withdrawal_case_card(case_id: str) -> HTML:
    """A fictional client's story for the withdrawal practice (no answers)."""
    return HTML(str(withdrawal_case_html(next(c for c in withdrawal_danger_cases()
                                              if c.id == case_id))))


def drug_test_case_card(case_id: str) -> HTML:
    """A fictional client's drug-test results and story (no answers)."""
    return HTML(str(drug_case_html(next(c for c in drug_test_cases() if c.id == case_id),
                                   drug_testing())))


def safety_plan_html(plan: SafetyPlan) -> HTML:
    """A plan as it prints (for a solution)."""
    from widgets.safety.render import plan_worksheet_html

    return HTML(str(plan_worksheet_html(plan, safety_plan_guide())))
