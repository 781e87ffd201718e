"""Continued-stay reviews: follow one client week by week and decide at each review.

The data (a ``continued-stay-review`` content file,
:class:`~widgets.level_of_care.schemas.StayReview`) holds the weeks and the expert's
decision at every review point.  This module steps through it (:class:`ReviewState`) and
judges a trainee's decision (:func:`judge`).  Pure: no files, no HTML.

The decisions follow the principles taught in the module (continue while the client
progresses toward goals not yet met, or when new problems arise that this level can
treat; step down or move to aftercare when goals are met; step up when problems worsen
or need more intensity), not the ASAM Criteria's own wording, which is proprietary.
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass

from widgets.level_of_care.schemas import DECISIONS, ReviewPoint, StayReview, Week

__all__ = ["DECISIONS", "ReviewFeedback", "ReviewState", "agreement", "answer",
           "attendance_percent", "current_review", "judge", "shown_until", "start",
           "visible_weeks"]


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


def _review(review: object) -> StayReview:
    if not isinstance(review, StayReview):
        raise TypeError(f"review must be a continued-stay review (StayReview), got "
                        f"{type(review).__name__}")
    return review


def _review_at(review: StayReview, week: int) -> ReviewPoint:
    if isinstance(week, bool) or not isinstance(week, numbers.Integral):
        raise TypeError(f"week must be a whole number, got {week!r:.40}")
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
    TypeError
        When ``review`` is not a review or ``week`` not a whole number.
    """
    review = _review(review)
    if not isinstance(choice, str) or choice not in DECISIONS:
        raise ValueError(f"unknown decision {choice!r:.40}; choose one of "
                         f"{', '.join(DECISIONS)}")
    point = _review_at(review, week)
    return ReviewFeedback(int(week), choice, point.expert, choice == point.expert,
                          point.feedback[choice], point.rationale, tuple(point.cite))  # type: ignore[index]


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
    return ReviewState(_review(review).id)


def _state(state: object, review: StayReview) -> ReviewState:
    if not isinstance(state, ReviewState):
        raise TypeError(f"state must be a ReviewState (from start()), got "
                        f"{type(state).__name__}")
    if state.review_id != review.id:
        raise ValueError(f"this state belongs to review {state.review_id!r}, not {review.id!r}")
    if state.position > len(review.reviews):
        raise ValueError(f"this state holds {state.position} decisions but {review.id} has "
                         f"{len(review.reviews)} review points")
    return state


def current_review(state: ReviewState, review: StayReview) -> ReviewPoint | None:
    """The review point waiting for a decision (``None`` once all are answered)."""
    review = _review(review)
    state = _state(state, review)
    if state.position >= len(review.reviews):
        return None
    return review.reviews[state.position]


def answer(state: ReviewState, review: StayReview,
           choice: str) -> tuple[ReviewState, ReviewFeedback]:
    """Decide at the current review point; returns the new state and the feedback.

    Raises
    ------
    ValueError
        When the state belongs to another review, every review point is answered, or the
        choice is not one of :data:`DECISIONS`.
    """
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
    state = _state(state, _review(review))
    expert = {p.week: p.expert for p in review.reviews}
    return sum(expert.get(w) == c for w, c in state.answers), len(state.answers)


def attendance_percent(week: Week) -> int:
    """Share of scheduled sessions attended, in whole percent."""
    return round(100 * week.attendance.attended / week.attendance.scheduled)
