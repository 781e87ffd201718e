"""Module 2 simulators: the case simulator and the continued-stay review.

Thin layers over :mod:`widgets.level_of_care` and :mod:`widgets.continued_stay`: handlers
read the controls, call the pure functions and show the HTML they produce.  Both views
carry a static rendering for the book (:class:`~widgets.core.view.StaticFallback`).
Each answer is recorded for the session learner, if one is set, under the simulation ids
of the competency map (``sim/case-simulator``, ``sim/continued-stay-review``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from html import escape
from typing import Any

import ipywidgets as W

from widgets import continued_stay as cs
from widgets.core.view import StaticFallback, button, html
from widgets.level_of_care import (
    DIMENSION_NAMES,
    DIMENSION_SHORT_NAMES,
    DIMENSIONS,
    LEVELS,
    MODEL_NAME,
    PROPRIETARY_NOTE,
    RATING_ANCHORS,
    CaseComparison,
    RatingsChart,
    case_static_html,
    case_vignette_html,
    compare,
    level_label,
    list_cases,
)
from widgets.progress import record_simulation

__all__ = ["CaseSimulator", "ContinuedStayView", "case_simulator", "continued_stay_review"]

MODULE = "m02"
CASE_SIMULATION = "case-simulator"
"""The case simulator's simulation id in the competency map (records ``sim/case-simulator``)."""
REVIEW_SIMULATION = "continued-stay-review"
"""The continued-stay review's simulation id in the competency map."""
Recorder = Callable[[str, str, bool, object], None]
"""Called as ``recorder(module, item_id, correct, answer)`` after each answer."""

_RATING_STYLE = {"description_width": "15em", "button_width": "3.2em"}


def _steps(n: int) -> str:
    if n == 0:
        return "the same"
    word = "higher" if n > 0 else "lower"
    return f"{abs(n)} {word}"


def comparison_html(result: CaseComparison, case: Any) -> str:
    """The feedback for one answered case (everything but the chart)."""
    rows = "".join(
        f"<tr><td>{i}. {escape(DIMENSION_SHORT_NAMES[d.dimension])}</td><td>{d.trainee}</td>"
        f"<td>{d.expert}</td><td>{'Agree' if d.agrees else 'You rated ' + _steps(d.difference)}"
        f"</td></tr>" for i, d in enumerate(result.dimensions, start=1))
    table = ('<table class="iop-table"><caption>Your ratings and the expert\'s</caption>'
             '<thead><tr><th scope="col">Dimension</th><th scope="col">You</th>'
             '<th scope="col">Expert</th><th scope="col">Agreement</th></tr></thead>'
             f"<tbody>{rows}</tbody></table>")
    if result.differences:
        items = "".join(
            f"<li><strong>{escape(DIMENSION_NAMES[d.dimension])}</strong>: you {d.trainee}, "
            f"expert {d.expert}. {escape(d.rationale)}</li>" for d in result.differences)
        differences = ("<p><strong>Where you differ, and why the expert rated it so</strong>"
                       f"</p><ul>{items}</ul>")
    else:
        differences = "<p>You rated every dimension as the expert did.</p>"
    if result.level_agrees:
        level = (f"<p><strong>Level: you and the expert both chose "
                 f"{escape(level_label(result.expert_level))}.</strong> "
                 f"{escape(case.expert_summary)}</p>")
    else:
        direction = "more" if result.level_steps > 0 else "less"
        level = (f"<p><strong>Level: you chose {escape(level_label(result.trainee_level))}; "
                 f"the expert chose {escape(level_label(result.expert_level))}</strong> "
                 f"({abs(result.level_steps)} step(s) {direction} intensive than the "
                 f"expert). {escape(case.expert_summary)}</p>")
    departure = ""
    if case.model_departure:
        departure = (f"<p><strong>Note:</strong> for the expert's own ratings the model "
                     f"recommends {escape(result.expert_model.label)}, and the expert departs "
                     f"from it: {escape(case.model_departure)}</p>")
    points = "".join(f"<li>{escape(p)}</li>" for p in case.teaching_points)
    return (f'<div role="status"><p><strong>You rated {result.agreements} of 6 dimensions '
            f"as the expert did.</strong></p>{table}{differences}{level}"
            f"<p><strong>The teaching model, for your ratings</strong></p>"
            f"{result.trainee_model.html()}{departure}"
            f"<p><strong>Teaching points</strong></p><ul>{points}</ul></div>")


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

    Controls: ``_case`` (Dropdown "Case", default the first case), ``_ratings`` (one
    ToggleButtons 0-4 per dimension, described "1. Intoxication/withdrawal" ..., default
    unset), ``_level`` (Dropdown "Your level of care", default unset) and ``_submit``
    (Button "Compare with the expert"); output in ``_chart`` and ``_feedback`` (HTML).
    """

    def __init__(self, cases: Iterable[Any] | None = None, *,
                 recorder: Recorder | None = None) -> None:
        self.cases = list(list_cases() if cases is None else cases)
        if not self.cases:
            raise ValueError("no cases to show: add a case file (kind: case) under curriculum/")
        self._by_id = {c.id: c for c in self.cases}
        self._recorder = recorder
        self.comparison: CaseComparison | None = None
        self._chart_figure: RatingsChart | None = None
        self._case = W.Dropdown(options=[(c.title, c.id) for c in self.cases],
                                value=self.cases[0].id, description="Case",
                                layout=W.Layout(width="auto"),
                                style={"description_width": "initial"})
        self._vignette = html()
        tips = [f"{k}: {v}" for k, v in RATING_ANCHORS.items()]
        self._ratings = {
            d: W.ToggleButtons(options=[(str(k), k) for k in range(5)], value=None,
                               description=f"{i}. {DIMENSION_SHORT_NAMES[d]}",
                               tooltips=tips, style=_RATING_STYLE)
            for i, d in enumerate(DIMENSIONS, start=1)}
        self._level = W.Dropdown(options=[(level_label(lv), lv) for lv in LEVELS], value=None,
                                 description="Your level of care",
                                 layout=W.Layout(width="auto"),
                                 style={"description_width": "initial"})
        self._submit = button("Compare with the expert", style="primary")
        self._submit.on_click(lambda _: self.submit())
        self._chart = html()
        self._feedback = html()
        scale = html("<p><strong>Rate each dimension from 0 to 4</strong> (this module's "
                     "anchors: " + "; ".join(f"{k} {escape(v)}" for k, v in
                                              RATING_ANCHORS.items()) + ").</p>")
        label = html(f"<p><small>{escape(MODEL_NAME)}. {escape(PROPRIETARY_NOTE)}</small></p>")
        self._case.observe(lambda _: self.show_case(), names="value")
        self.show_case()
        super().__init__([self._case, self._vignette, scale, *self._ratings.values(),
                          self._level, self._submit, self._chart, self._feedback, label])

    @property
    def case(self) -> Any:
        """The case currently shown."""
        return self._by_id[self._case.value]

    def show_case(self) -> None:
        """Show the selected case and clear the previous answer."""
        self._vignette.value = case_vignette_html(self.case)
        for toggle in self._ratings.values():
            toggle.value = None
        self._level.value = None
        self._chart.value = ""
        self._feedback.value = ""
        self.comparison = None

    def rate(self, **ratings: int) -> None:
        """Set ratings by dimension key (what a trainee does with the buttons)."""
        for dim, value in ratings.items():
            self._ratings[dim].value = value

    def submit(self) -> CaseComparison | None:
        """Compare the trainee's answer with the expert's and show the feedback."""
        missing = [DIMENSION_SHORT_NAMES[d] for d, t in self._ratings.items() if t.value is None]
        if missing or self._level.value is None:
            need = []
            if missing:
                need.append("rate " + ", ".join(missing))
            if self._level.value is None:
                need.append("choose a level of care")
            self._feedback.value = (f'<p class="iop-hint" role="status">To compare with the '
                                    f"expert, first {' and '.join(need)}.</p>")
            return None
        ratings = {d: t.value for d, t in self._ratings.items()}
        case = self.case
        self.comparison = compare(case, ratings, self._level.value)
        if self._chart_figure is None:
            self._chart_figure = RatingsChart()
        self._chart_figure.update(ratings, case.expert_ratings())
        self._chart.value = self._chart_figure.html(
            caption="Your ratings (blue, hatched) and the expert's (orange) for each "
                    "dimension.")
        self._feedback.value = comparison_html(self.comparison, case)
        if self._recorder is not None:
            self._recorder(MODULE, f"case/{case.id}", self.comparison.level_agrees,
                           {"ratings": ratings, "level": self._level.value})
        record_simulation(CASE_SIMULATION, correct=self.comparison.level_agrees,
                          answer={"case": case.id, "ratings": ratings,
                                  "level": self._level.value,
                                  "agreements": self.comparison.agreements})
        return self.comparison

    def static_html(self) -> str:
        """Every case, its expert answer in a collapsed block."""
        cases = "".join(case_static_html(c) for c in self.cases)
        return (f'<section class="iop-case-simulator"><p>The case simulator runs in '
                f"JupyterLab. Here every case is shown in full: read it, rate the six "
                f"dimensions and choose a level yourself, then open the expert's answer. "
                f"<small>{escape(MODEL_NAME)}. {escape(PROPRIETARY_NOTE)}</small></p>"
                f"{cases}</section>")


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

    Controls: ``_decision`` (RadioButtons "Your decision", default unset), ``_submit``
    (Button "Decide"), ``_next`` (Button "Show the next weeks", enabled after a decision)
    and ``_restart`` (Button "Start again"); output in ``_chart``, ``_table``, ``_prompt``
    and ``_feedback`` (HTML).
    """

    def __init__(self, review: Any, *, recorder: Recorder | None = None) -> None:
        self.review = review
        self._recorder = recorder
        self.state = cs.start(review)
        self.shown_until = cs.shown_until(self.state, review)
        self.last_feedback: cs.ReviewFeedback | None = None
        self._static: str | None = None
        self._figure = cs.TimelineChart(review)
        intro = html(
            f"<h4>{escape(review.title)}</h4><p><em>{escape(review.label)}.</em> "
            f"{escape(review.client)}</p><p>Treatment goals:</p><ul>"
            + "".join(f"<li>{escape(g)}</li>" for g in review.goals) + "</ul>")
        self._chart = html()
        self._table = html()
        self._prompt = html()
        self._decision = W.RadioButtons(options=[(cs.DECISION_LABELS[d], d)
                                                 for d in cs.DECISIONS],
                                        value=None, description="Your decision",
                                        layout=W.Layout(width="auto"),
                                        style={"description_width": "initial"})
        self._submit = button("Decide", style="primary")
        self._submit.on_click(lambda _: self.decide())
        self._next = button("Show the next weeks")
        self._next.on_click(lambda _: self.next_weeks())
        self._restart = button("Start again")
        self._restart.on_click(lambda _: self.restart())
        self._feedback = html()
        self._render()
        super().__init__([intro, self._chart, self._table, self._prompt, self._decision,
                          W.HBox([self._submit, self._next, self._restart]), self._feedback])

    def _render(self) -> None:
        self._figure.update(self.shown_until)
        self._chart.value = self._figure.html(
            caption="Sessions attended and cravings by week; triangles mark positive tests, "
                    "dashed lines the review points, small labels the level of care.")
        self._table.value = cs.timeline_table_html(self.review, self.shown_until)
        point = cs.current_review(self.state, self.review)
        waiting = point is not None and point.week == self.shown_until
        if waiting:
            n = self.state.position + 1
            self._prompt.value = (f"<p><strong>Review {n} of {len(self.review.reviews)}, end "
                                  f"of week {point.week}.</strong> {escape(point.prompt)}</p>")
        self._decision.disabled = self._submit.disabled = not waiting
        self._next.disabled = waiting or point is None

    def decide(self) -> cs.ReviewFeedback | None:
        """Judge the selected decision at the current review point."""
        if self._decision.value is None:
            self._feedback.value = '<p class="iop-hint" role="status">Choose a decision first.</p>'
            return None
        if self._submit.disabled:
            return None
        self.state, result = cs.answer(self.state, self.review, self._decision.value)
        self.last_feedback = result
        text = result.html()
        if cs.current_review(self.state, self.review) is None:
            matched, made = cs.agreement(self.state, self.review)
            lessons = "".join(f"<li>{escape(t)}</li>" for t in self.review.teaching_points)
            text += (f'<p role="status"><strong>Review complete: your decision matched the '
                     f"expert's at {matched} of {made} review points.</strong></p>"
                     f"<p><strong>Teaching points</strong></p><ul>{lessons}</ul>")
        self._feedback.value = text
        if self._recorder is not None:
            self._recorder(MODULE, f"review/{self.review.id}/week-{result.week}",
                           result.agrees, result.choice)
        record_simulation(REVIEW_SIMULATION, correct=result.agrees,
                          answer={"review": self.review.id, "week": result.week,
                                  "decision": result.choice})
        self._render()
        return result

    def next_weeks(self) -> None:
        """Reveal the weeks up to the next review point."""
        if cs.current_review(self.state, self.review) is None:
            return
        self.shown_until = cs.shown_until(self.state, self.review)
        self._decision.value = None
        self._feedback.value = ""
        self._render()

    def restart(self) -> None:
        """Start the review again from week 1."""
        self.state = cs.start(self.review)
        self.shown_until = cs.shown_until(self.state, self.review)
        self.last_feedback = None
        self._decision.value = None
        self._feedback.value = ""
        self._render()

    def static_html(self) -> str:
        """The whole review, expert decisions collapsed, with the full timeline figure."""
        if self._static is None:
            chart = cs.TimelineChart(self.review)
            figure = chart.html(caption="The whole course: sessions attended and cravings "
                                        "by week; triangles mark positive tests, dashed "
                                        "lines the review points, small labels the level "
                                        "of care.")
            self._static = cs.static_html(self.review, figure=figure)
        return self._static


def _session_recorder() -> Recorder | None:
    from widgets.progress import session_recorder

    return session_recorder()


def case_simulator(*, recorder: Recorder | None = None) -> CaseSimulator:
    """The case simulator over every simulator case (records when a learner is set)."""
    return CaseSimulator(recorder=recorder if recorder is not None else _session_recorder())


def continued_stay_review(review_id: str, *,
                          recorder: Recorder | None = None) -> ContinuedStayView:
    """The continued-stay review with this id (records when a learner is set)."""
    return ContinuedStayView(cs.load_review(review_id),
                             recorder=recorder if recorder is not None else _session_recorder())
