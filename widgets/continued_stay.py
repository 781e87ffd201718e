"""Continued-stay reviews: follow one client week by week and decide at each review.

The data (a ``continued-stay-review`` content file, :mod:`widgets.schemas.continued_stay_review`)
holds the weeks and the expert's decision at every review point.  This module steps
through it (:class:`ReviewState`), judges a trainee's decision (:func:`judge`), and renders
the timeline as an HTML table and an inline SVG chart for the book and the widget.

The decisions follow the principles taught in the module (continue while the client
progresses toward goals not yet met, or when new problems arise that this level can
treat; step down or move to aftercare when goals are met; step up when problems worsen
or need more intensity), not the ASAM Criteria's own wording, which is proprietary.

No ipywidgets or IPython here; the widget is :class:`widgets.views.level_of_care.ContinuedStayView`.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from typing import TYPE_CHECKING

from widgets.core.palette import OKABE_ITO
from widgets.core.references import short_label
from widgets.core.svg_chart import Axis, LineChart, chart_figure
from widgets.level_of_care import level_label

if TYPE_CHECKING:  # pragma: no cover
    from widgets.schemas.continued_stay_review import ReviewPoint, StayReview, Week

__all__ = [
    "DECISIONS",
    "DECISION_LABELS",
    "ReviewFeedback",
    "ReviewState",
    "TimelineChart",
    "answer",
    "current_review",
    "judge",
    "list_reviews",
    "load_review",
    "start",
    "static_html",
    "timeline_table_html",
    "visible_weeks",
]

DECISIONS: tuple[str, ...] = ("continue", "step-down", "step-up", "transition-to-aftercare")
"""The four decisions, in display order."""

DECISION_LABELS: dict[str, str] = {
    "continue": "Continue at the current level",
    "step-down": "Step down to a less intensive level",
    "step-up": "Step up to a more intensive level",
    "transition-to-aftercare": "Transition to aftercare",
}
"""How each decision is shown to the trainee."""

TOXICOLOGY_TEXT = {"negative": "Tested negative", "positive": "Tested positive",
                   "not-collected": "No test this week"}


def load_review(review_id: str) -> StayReview:
    """One validated continued-stay review by id."""
    from widgets.core.content import load

    return load("continued-stay-review", review_id)  # type: ignore[return-value]


def list_reviews() -> list[StayReview]:
    """Every continued-stay review of the content index, in file order."""
    from widgets.core.content import load_kind

    return load_kind("continued-stay-review")  # type: ignore[return-value]


# --------------------------------------------------------------------- judging


@dataclass(frozen=True)
class ReviewFeedback:
    """The outcome of one decision at one review point."""

    week: int
    choice: str
    expert: str
    agrees: bool
    feedback: str
    """Feedback written for the trainee's choice."""
    rationale: str
    """The expert's reasoning."""
    cite: tuple[str, ...]

    def html(self) -> str:
        """The feedback as HTML."""
        verdict = ("You chose what the expert chose." if self.agrees else
                   f"The expert chose: {DECISION_LABELS[self.expert].lower()}.")
        sources = "; ".join(escape(short_label(k)) for k in self.cite)
        return (f'<div role="status"><p><strong>Week {self.week}: '
                f"{escape(DECISION_LABELS[self.choice])}.</strong> {escape(verdict)}</p>"
                f"<p>{escape(self.feedback)}</p>"
                f"<p><strong>The expert's reasoning:</strong> {escape(self.rationale)}</p>"
                f"<p><small>Source: {sources}</small></p></div>")


def _review_at(review: StayReview, week: int) -> ReviewPoint:
    for point in review.reviews:
        if point.week == week:
            return point
    weeks = ", ".join(str(p.week) for p in review.reviews)
    raise ValueError(f"{review.id} has no review at week {week}; reviews are at weeks {weeks}")


def judge(review: StayReview, week: int, choice: str) -> ReviewFeedback:
    """Judge a decision at the review point of ``week``.

    Raises
    ------
    ValueError
        When there is no review at that week or ``choice`` is not one of :data:`DECISIONS`.
    """
    if choice not in DECISIONS:
        raise ValueError(f"unknown decision {choice!r}; choose one of {', '.join(DECISIONS)}")
    point = _review_at(review, week)
    return ReviewFeedback(week, choice, point.expert, choice == point.expert,
                          point.feedback[choice], point.rationale, tuple(point.cite))


@dataclass(frozen=True)
class ReviewState:
    """Where a trainee is in a review: the decisions made so far, one per review point."""

    review_id: str
    answers: tuple[tuple[int, str], ...] = ()

    @property
    def position(self) -> int:
        """Index of the next review point."""
        return len(self.answers)


def start(review: StayReview) -> ReviewState:
    """A fresh state at the first review point."""
    return ReviewState(review.id)


def current_review(state: ReviewState, review: StayReview) -> ReviewPoint | None:
    """The review point waiting for a decision (``None`` once all are answered)."""
    if state.position >= len(review.reviews):
        return None
    return review.reviews[state.position]


def answer(state: ReviewState, review: StayReview,
           choice: str) -> tuple[ReviewState, ReviewFeedback]:
    """Decide at the current review point; returns the new state and the feedback."""
    if state.review_id != review.id:
        raise ValueError(f"this state belongs to review {state.review_id!r}, not {review.id!r}")
    point = current_review(state, review)
    if point is None:
        raise ValueError(f"every review point of {review.id} has been answered")
    result = judge(review, point.week, choice)
    return ReviewState(state.review_id, (*state.answers, (point.week, choice))), result


def shown_until(state: ReviewState, review: StayReview) -> int:
    """The last week the trainee may see: the current review's week, or the last week."""
    point = current_review(state, review)
    return point.week if point is not None else len(review.weeks)


def visible_weeks(state: ReviewState, review: StayReview) -> list[Week]:
    """The weeks up to the current review point (all weeks once every review is done)."""
    return review.weeks[:shown_until(state, review)]


def agreement(state: ReviewState, review: StayReview) -> tuple[int, int]:
    """(decisions matching the expert, decisions made)."""
    expert = {p.week: p.expert for p in review.reviews}
    return sum(expert[w] == c for w, c in state.answers), len(state.answers)


# ------------------------------------------------------------------- rendering


def attendance_percent(week: Week) -> int:
    """Share of scheduled sessions attended, in whole percent."""
    return round(100 * week.attendance.attended / week.attendance.scheduled)


def timeline_table_html(review: StayReview, upto_week: int | None = None, *,
                        from_week: int = 1) -> str:
    """Weeks ``from_week`` to ``upto_week`` (default: all) as an accessible HTML table."""
    last = len(review.weeks) if upto_week is None else upto_week
    review_weeks = {p.week for p in review.reviews}
    rows = []
    for w in review.weeks[from_week - 1:last]:
        tox = TOXICOLOGY_TEXT[w.toxicology]
        if w.toxicology_note:
            tox += f" ({w.toxicology_note})"
        note = escape(w.note or "")
        if w.week in review_weeks:
            note = (note + " " if note else "") + "<strong>Review point.</strong>"
        rows.append(
            f"<tr><th scope=\"row\">{w.week}</th><td>{escape(w.level)}</td>"
            f"<td>{w.attendance.attended} of {w.attendance.scheduled}</td>"
            f"<td>{escape(tox)}</td><td>{w.cravings}</td><td>{escape(w.housing)}</td>"
            f"<td>{escape(w.mood)}</td><td>{note}</td></tr>")
    return ('<table class="iop-table iop-timeline"><caption>'
            f"{escape(review.title)}: weeks {from_week} to {last}. Cravings are the client's own "
            "rating from 0 (none) to 10 (strongest).</caption><thead><tr>"
            '<th scope="col">Week</th><th scope="col">Level</th>'
            '<th scope="col">Sessions attended</th><th scope="col">Toxicology</th>'
            '<th scope="col">Cravings (0-10)</th><th scope="col">Housing</th>'
            '<th scope="col">Mood</th><th scope="col">Notes</th></tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table>")


class TimelineChart:
    """Attendance and cravings week by week, as two stacked inline SVG panels.

    The top panel shows the share of sessions attended (bars) with the level of care
    written where it starts or changes; the bottom panel the client's craving rating
    (line), with positive tests marked by triangles and review points by dashed lines.
    Weeks not yet reached are left empty, so the axes never move.  :meth:`update` sets
    the last week shown and :meth:`html` draws it (SVG text; no matplotlib).
    """

    WIDTH = 700
    LEFT = 52.0
    """Both panels' plot areas start here, so their weeks line up."""
    POSITIVE_Y = 10.6
    """Where the triangles of positive tests sit, above the craving scale."""
    LEVEL_Y = 110
    """Where the level labels sit in the attendance panel, above the 100% bars."""

    def __init__(self, review: StayReview) -> None:
        self.review = review
        n = len(review.weeks)
        self._weeks = [w.week for w in review.weeks]
        self._att = [attendance_percent(w) for w in review.weeks]
        self._crav = [w.cravings for w in review.weeks]
        self._pos = [w.toxicology == "positive" for w in review.weeks]
        self._level_starts = []
        previous = None
        for w in review.weeks:
            if w.level != previous:
                self._level_starts.append((w.week, f"Level {w.level}"))
                previous = w.level
        self._x_top = Axis(0.4, n + 0.6)
        self._x_bottom = Axis(0.4, n + 0.6, self._weeks,
                              "Week of care (dashed lines: review points)")
        self._y_att = Axis(0, 125, [0, 50, 100], "Attended (%)")
        self._y_crav = Axis(0, 11.2, [0, 5, 10], "Cravings")
        self.upto = n

    def update(self, upto_week: int) -> None:
        """Show weeks 1 to ``upto_week`` only."""
        if not 0 <= upto_week <= len(self._weeks):
            raise ValueError(f"{self.review.id} has weeks 1 to {len(self._weeks)}, "
                             f"cannot show up to week {upto_week}")
        self.upto = upto_week

    def _review_lines(self, chart: LineChart) -> None:
        for p in self.review.reviews:
            chart.vline(p.week + 0.5, colour=OKABE_ITO["grey"], dash="--", width=1)

    def svgs(self) -> tuple[str, str]:
        """The attendance panel and the cravings panel, as ``<svg>`` elements."""
        k = self.upto
        top = LineChart(self._x_top, self._y_att, width=self.WIDTH, height=150,
                        legend=None, left=self.LEFT)
        self._review_lines(top)
        top.bars(self._weeks[:k], self._att[:k], colour=OKABE_ITO["blue"], thickness=0.6)
        for week, text in self._level_starts:
            if week <= k:
                top.text(week - 0.3, self.LEVEL_Y, text, colour=OKABE_ITO["grey"],
                         middle=True)
        bottom = LineChart(self._x_bottom, self._y_crav, width=self.WIDTH, height=215,
                           legend="below", left=self.LEFT)
        self._review_lines(bottom)
        bottom.bars([], [], colour=OKABE_ITO["blue"], label="Sessions attended (%)")
        bottom.line(self._weeks[:k], self._crav[:k], colour=OKABE_ITO["orange"], marker="o",
                    label="Cravings (0-10)")
        positive = [w for w, pos in zip(self._weeks[:k], self._pos, strict=False) if pos]
        bottom.line(positive, [self.POSITIVE_Y] * len(positive), width=0, marker="v",
                    marker_size=4.5, colour=OKABE_ITO["vermillion"], label="Tested positive")
        return top.svg(), bottom.svg()

    def html(self, caption: str | None = None) -> str:
        """Both panels as one HTML ``<figure>`` described by :meth:`alt`."""
        return chart_figure(self.alt(), *self.svgs(), caption=caption, stacked=True)

    def alt(self) -> str:
        """A description of what the figure shows, week by week."""
        parts = []
        for w in self.review.weeks[:self.upto]:
            tox = {"positive": ", tested positive", "negative": ", tested negative",
                   "not-collected": ""}[w.toxicology]
            parts.append(f"week {w.week} (level {w.level}): attended "
                         f"{attendance_percent(w)}%, cravings {w.cravings}{tox}")
        reviews = ", ".join(str(p.week) for p in self.review.reviews if p.week <= self.upto)
        return (f"Two panels over weeks 1 to {self.upto}: sessions attended (%) and cravings "
                f"(0-10). " + "; ".join(parts) + f". Review points after week(s) {reviews}.")


def review_point_html(point: ReviewPoint, number: int) -> str:
    """A review point for the book: the question open, the expert's answer collapsed."""
    feedback = "".join(f"<li><strong>{escape(DECISION_LABELS[d])}:</strong> "
                       f"{escape(point.feedback[d])}</li>" for d in DECISIONS)
    sources = "; ".join(escape(short_label(k)) for k in point.cite)
    return (f'<div class="iop-review-point"><p><strong>Review {number}, end of week '
            f"{point.week}.</strong> {escape(point.prompt)}</p><details><summary>Expert "
            f"decision for review {number} (week {point.week})</summary><p><strong>"
            f"{escape(DECISION_LABELS[point.expert])}.</strong> {escape(point.rationale)}"
            f"</p><p>Feedback on each choice:</p><ul>{feedback}</ul><p><small>Source: "
            f"{sources}</small></p></details></div>")


def static_html(review: StayReview, *, figure: str = "") -> str:
    """The whole review for the book, in the order a trainee meets it.

    Client and goals; then, for each review point, the weeks since the previous one and
    the question, with the expert's decision collapsed; then the whole course at a
    glance (``figure``, an HTML figure of the full timeline) and the teaching points.
    """
    goals = "".join(f"<li>{escape(g)}</li>" for g in review.goals)
    segments, first = [], 1
    for n, point in enumerate(review.reviews, start=1):
        segments.append(timeline_table_html(review, point.week, from_week=first))
        segments.append(review_point_html(point, n))
        first = point.week + 1
    if first <= len(review.weeks):
        segments.append(timeline_table_html(review, from_week=first))
    points = "".join(segments)
    lessons = "".join(f"<li>{escape(t)}</li>" for t in review.teaching_points)
    start_level = level_label(review.weeks[0].level)
    return (f'<section class="iop-stay-review" id="review-{escape(review.id)}">'
            f"<h4>{escape(review.title)}</h4><p><em>{escape(review.label)}.</em> "
            f"{escape(review.summary)}</p><p>{escape(review.client)}</p>"
            f"<p>Starting level: {escape(start_level)}. Treatment goals:</p><ul>{goals}</ul>"
            f"{points}<p><strong>The whole course at a glance</strong></p>{figure}"
            f"<details><summary>Teaching points of this review</summary><ul>{lessons}</ul>"
            f"</details></section>")
