"""Module 2 simulators: the case simulator and the continued-stay review.

Thin layers: handlers read the controls, call the model (:mod:`widgets.level_of_care`)
and show the HTML that :mod:`widgets.level_of_care.render` makes.  Both views carry a
static rendering for the book (:class:`~widgets.core.view.StaticFallback`).  Each answer
is recorded for the learner with :func:`widgets.progress.record_simulation` under the
simulation ids of ``module.yaml``, and the view says whether it was saved.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import ipywidgets as W

from widgets.core.render import render
from widgets.core.view import StaticFallback, button, html
from widgets.level_of_care import render as R
from widgets.level_of_care.content import list_cases, load_review, teaching_model
from widgets.level_of_care.model import continued_stay as cs
from widgets.level_of_care.model.placement import CaseComparison
from widgets.level_of_care.schemas import Case, StayReview
from widgets.progress import SaveStatus, record_simulation

__all__ = ["CASE_SIMULATION", "REVIEW_SIMULATION", "CaseSimulator", "ContinuedStayView",
           "case_simulator", "continued_stay_review"]

CASE_SIMULATION = "case-simulator"
"""The case simulator's simulation id in module.yaml (records ``sim/case-simulator``)."""
REVIEW_SIMULATION = "continued-stay-review"
"""The continued-stay review's simulation id in module.yaml."""

Record = Callable[..., SaveStatus]
"""``record(simulation_id, correct=..., answer=...)``: :func:`record_simulation`."""

_RATING_STYLE = {"description_width": "15em", "button_width": "3.2em"}
_WIDE = {"description_width": "initial"}


def _save_status(status: SaveStatus) -> str:
    return render("core/save_status.html.j2", status=status)


class CaseSimulator(StaticFallback, W.VBox):
    """Pick a case, rate the six dimensions, choose a level, compare with the expert.

    Lists every case of the content index with ``role: simulator`` (so a new case file
    appears without code changes).

    Attributes
    ----------
    case : Case
        The case shown (default: the first case).
    comparison : CaseComparison or None
        The latest comparison, ``None`` until the trainee submits.
    save_status : SaveStatus or None
        What became of the latest answer's record.

    Controls: ``_case`` (Dropdown "Case"), ``_ratings`` (one ToggleButtons 0-4 per
    dimension, described "1. Intoxication/withdrawal" ..., default unset), ``_level``
    (Dropdown "Your level of care", default unset) and ``_submit`` (Button "Compare with
    the expert"); output in ``_chart``, ``_feedback`` and ``_saved`` (HTML).
    """

    def __init__(self, cases: Iterable[Case] | None = None, *,
                 record: Record = record_simulation) -> None:
        self.cases = list(list_cases() if cases is None else cases)
        if not self.cases:
            raise ValueError("no cases to show: add a case file (kind: case) under curriculum/")
        self.model = teaching_model()
        self._by_id = {c.id: c for c in self.cases}
        self._record = record
        self.comparison: CaseComparison | None = None
        self.save_status: SaveStatus | None = None
        self._chart_figure: R.RatingsChart | None = None
        self._case = W.Dropdown(options=[(c.title, c.id) for c in self.cases],
                                value=self.cases[0].id, description="Case",
                                layout=W.Layout(width="auto"), style=_WIDE)
        self._vignette = html()
        tips = [f"{k}: {v}" for k, v in self.model.anchors.items()]
        self._ratings = {
            d: W.ToggleButtons(options=[(str(k), k) for k in self.model.anchors], value=None,
                               description=f"{i}. {self.model.short_names[d]}",
                               tooltips=tips, style=_RATING_STYLE)
            for i, d in enumerate(self.model.dimensions, start=1)}
        self._level = W.Dropdown(options=[(self.model.level_label(lv), lv)
                                          for lv in self.model.levels],
                                 value=None, description="Your level of care",
                                 layout=W.Layout(width="auto"), style=_WIDE)
        self._submit = button("Compare with the expert", style="primary")
        self._submit.on_click(lambda _: self.submit())
        self._chart = html()
        self._feedback = html()
        self._saved = html()
        self._case.observe(lambda _: self.show_case(), names="value")
        self.show_case()
        super().__init__([self._case, self._vignette, html(R.scale_html(self.model)),
                          *self._ratings.values(), self._level, self._submit, self._chart,
                          self._feedback, self._saved, html(R.model_label_html(self.model))])

    @property
    def case(self) -> Case:
        """The case currently shown."""
        return self._by_id[self._case.value]

    def show_case(self) -> None:
        """Show the selected case and clear the previous answer."""
        self._vignette.value = R.case_vignette_html(self.case, model=self.model)
        for toggle in self._ratings.values():
            toggle.value = None
        self._level.value = None
        self._chart.value = self._feedback.value = self._saved.value = ""
        self.comparison = None

    def rate(self, **ratings: int) -> None:
        """Set ratings by dimension key (what a trainee does with the buttons)."""
        for dim, value in ratings.items():
            self._ratings[dim].value = value

    def submit(self) -> CaseComparison | None:
        """Compare the trainee's answer with the expert's, show the feedback, record it."""
        missing = [self.model.short_names[d] for d, t in self._ratings.items()
                   if t.value is None]
        if missing or self._level.value is None:
            need = []
            if missing:
                need.append("rate " + ", ".join(missing))
            if self._level.value is None:
                need.append("choose a level of care")
            self._feedback.value = R.hint_html(f"To compare with the expert, first "
                                               f"{' and '.join(need)}.")
            return None
        ratings = {d: t.value for d, t in self._ratings.items()}
        case = self.case
        self.comparison = self.model.compare(case, ratings, self._level.value)
        if self._chart_figure is None:
            self._chart_figure = R.RatingsChart(self.model)
        self._chart_figure.update(ratings, case.expert_ratings())
        self._chart.value = self._chart_figure.html(
            caption="Your ratings (blue, hatched) and the expert's (orange) for each "
                    "dimension.")
        self._feedback.value = R.comparison_html(self.comparison, case, self.model)
        self.save_status = self._record(
            CASE_SIMULATION, correct=self.comparison.level_agrees,
            answer={"case": case.id, "ratings": ratings, "level": self._level.value,
                    "agreements": self.comparison.agreements})
        self._saved.value = _save_status(self.save_status)
        return self.comparison

    def static_html(self) -> str:
        """Every case, its expert answer in a collapsed block."""
        return R.simulator_static_html(self.cases, self.model)


class ContinuedStayView(StaticFallback, W.VBox):
    """Follow one client week by week and decide at each review point.

    Attributes
    ----------
    state : ReviewState
        Decisions made so far.
    shown_until : int
        The last week on show (default: the week of the first review point).
    last_feedback : ReviewFeedback or None
        The feedback on the latest decision.
    save_status : SaveStatus or None
        What became of the latest decision's record.

    Controls: ``_decision`` (RadioButtons "Your decision", default unset), ``_submit``
    (Button "Decide"), ``_next`` (Button "Show the next weeks", enabled after a decision)
    and ``_restart`` (Button "Start again"); output in ``_chart``, ``_table``, ``_prompt``,
    ``_feedback`` and ``_saved`` (HTML).
    """

    def __init__(self, review: StayReview, *, record: Record = record_simulation) -> None:
        self.review = review
        self._record = record
        self.state = cs.start(review)
        self.shown_until = cs.shown_until(self.state, review)
        self.last_feedback: cs.ReviewFeedback | None = None
        self.save_status: SaveStatus | None = None
        self._static: str | None = None
        self._figure = R.TimelineChart(review)
        self._chart = html()
        self._table = html()
        self._prompt = html()
        self._decision = W.RadioButtons(options=[(R.DECISION_LABELS[d], d)
                                                 for d in cs.DECISIONS],
                                        value=None, description="Your decision",
                                        layout=W.Layout(width="auto"), style=_WIDE)
        self._submit = button("Decide", style="primary")
        self._submit.on_click(lambda _: self.decide())
        self._next = button("Show the next weeks")
        self._next.on_click(lambda _: self.next_weeks())
        self._restart = button("Start again")
        self._restart.on_click(lambda _: self.restart())
        self._feedback = html()
        self._saved = html()
        self._render()
        super().__init__([html(R.review_intro_html(review)), self._chart, self._table,
                          self._prompt, self._decision,
                          W.HBox([self._submit, self._next, self._restart],
                                 layout=W.Layout(flex_flow="row wrap")),
                          self._feedback, self._saved])

    def _render(self) -> None:
        self._figure.update(self.shown_until)
        self._chart.value = self._figure.html(caption=R.TIMELINE_CAPTION)
        self._table.value = R.timeline_table_html(self.review, self.shown_until)
        point = cs.current_review(self.state, self.review)
        waiting = point is not None and point.week == self.shown_until
        if waiting:
            self._prompt.value = R.review_prompt_html(point, self.state.position + 1,
                                                      len(self.review.reviews))
        self._decision.disabled = self._submit.disabled = not waiting
        self._next.disabled = waiting or point is None

    def decide(self) -> cs.ReviewFeedback | None:
        """Judge the selected decision at the current review point, show it, record it."""
        if self._decision.value is None:
            self._feedback.value = R.hint_html("Choose a decision first.")
            return None
        if self._submit.disabled:
            return None
        self.state, result = cs.answer(self.state, self.review, self._decision.value)
        self.last_feedback = result
        text = R.review_feedback_html(result)
        if cs.current_review(self.state, self.review) is None:
            text += R.review_complete_html(self.review, *cs.agreement(self.state, self.review))
        self._feedback.value = text
        self.save_status = self._record(
            REVIEW_SIMULATION, correct=result.agrees,
            answer={"review": self.review.id, "week": result.week, "decision": result.choice})
        self._saved.value = _save_status(self.save_status)
        self._render()
        return result

    def next_weeks(self) -> None:
        """Reveal the weeks up to the next review point."""
        if cs.current_review(self.state, self.review) is None:
            return
        self.shown_until = cs.shown_until(self.state, self.review)
        self._decision.value = None
        self._feedback.value = self._saved.value = ""
        self._render()

    def restart(self) -> None:
        """Start the review again from week 1."""
        self.state = cs.start(self.review)
        self.shown_until = cs.shown_until(self.state, self.review)
        self.last_feedback = None
        self._decision.value = None
        self._feedback.value = self._saved.value = ""
        self._render()

    def static_html(self) -> str:
        """The whole review, expert decisions collapsed, with the full timeline figure."""
        if self._static is None:
            self._static = R.review_static_html(self.review)
        return self._static


def case_simulator() -> CaseSimulator:
    """The case simulator over every simulator case (records when a learner is recording)."""
    return CaseSimulator()


def continued_stay_review(review_id: str) -> ContinuedStayView:
    """The continued-stay review with this id (records when a learner is recording)."""
    return ContinuedStayView(load_review(review_id))
