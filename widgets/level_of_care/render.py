"""Module 2 as HTML and inline SVG: the teaching model's output, the tables of the
notebook, cases, the trainee's comparison, continued-stay reviews and the charts.

Every piece of HTML comes from a template in ``templates/`` (autoescaped) or from
:func:`widgets.core.render.table`; charts come from :mod:`widgets.core.svg_chart`.  Each
function takes the data it shows (and, where the model's words are needed, the teaching
model, by default the curriculum's), so the notebook, the simulators and the book can
never disagree.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from widgets.core.palette import OKABE_ITO
from widgets.core.references import short_label
from widgets.core.render import Markup, render, table
from widgets.core.svg_chart import Axis, LineChart, SvgFigure, chart_figure, text_colour_on
from widgets.level_of_care.content import levels_of_care, teaching_model
from widgets.level_of_care.model.continued_stay import (
    DECISIONS,
    ReviewFeedback,
    attendance_percent,
)
from widgets.level_of_care.model.placement import (
    CaseComparison,
    Recommendation,
    TeachingModel,
)
from widgets.level_of_care.schemas import CareLevel, Case, LevelsOfCare, ReviewPoint, StayReview

__all__ = [
    "CONTRASTS",
    "DECISION_LABELS",
    "LEVEL_FILLS",
    "RatingsChart",
    "TimelineChart",
    "case_answer_html",
    "case_static_html",
    "case_vignette_html",
    "comparison_html",
    "contrast_table_html",
    "dimensions_table_html",
    "hint_html",
    "interaction_figure",
    "levels_table_html",
    "model_label_html",
    "prerequisites_table_html",
    "ratings_table_html",
    "recommendation_html",
    "review_complete_html",
    "review_feedback_html",
    "review_intro_html",
    "review_prompt_html",
    "review_static_html",
    "rules_table_html",
    "scale_html",
    "simulator_static_html",
    "timeline_table_html",
]

T = "level_of_care/"


def _model(model: TeachingModel | None) -> TeachingModel:
    return model if model is not None else teaching_model()


# ------------------------------------------------------------------ the model's output


def recommendation_html(rec: Recommendation, *, note: str | None = None) -> Markup:
    """The model's recommendation: level, what comes first, why; wraps on any width.

    ``note`` is the sentence shown under it (default: the model's disclaimer).
    """
    note = teaching_model().note if note is None else note
    return render(T + "recommendation.html.j2", rec=rec, note=note)


def model_label_html(model: TeachingModel | None = None) -> Markup:
    """The model's name and disclaimer, for under every simulator."""
    model = _model(model)
    return render(T + "model_label.html.j2", name=model.name, note=model.note)


def hint_html(text: str) -> Markup:
    """A short hint announced to screen readers (e.g. what is missing before submitting)."""
    return render(T + "hint.html.j2", text=text)


def scale_html(model: TeachingModel | None = None) -> Markup:
    """"Rate each dimension from 0 to 4" with the model's anchors."""
    model = _model(model)
    return render(T + "scale.html.j2", low=min(model.anchors), high=model.max_rating,
                  anchors=model.anchors)


def _level_cell(rec: Recommendation) -> str:
    if rec.emergency:
        return f"no placement yet: {rec.first_phrase} first"
    if rec.needs_first:
        return f"{rec.level}, only after {rec.first_phrase}"
    return rec.level


# ------------------------------------------------------------------------- tables


def dimensions_table_html(model: TeachingModel | None = None) -> Markup:
    """The six dimensions (3rd-edition names) with what each asks about."""
    model = _model(model)
    anchors = "; ".join(f"{k} {v}" for k, v in model.anchors.items())
    return table([(i, model.names[d], model.focus[d])
                  for i, d in enumerate(model.dimensions, start=1)],
                 headers=["#", "Dimension", "What it asks about (in this module's words)"],
                 caption=f"The six dimensions of the ASAM Criteria, 3rd edition. Each is "
                         f"rated {min(model.anchors)}-{model.max_rating} (this module's "
                         f"anchors: {anchors}).", numeric=[0])


def hours_text(level: CareLevel, levels: LevelsOfCare) -> str:
    """A level's weekly hours in words (adults, and adolescents where they differ)."""
    if level.is_24_hour:
        return "A 24-hour setting."
    band = level.band
    if band is None:
        return "No weekly hours are given for this level in this curriculum."
    teen = levels.iop_min_hours(adolescent=True)
    iop = levels.level(levels.intensive_outpatient)
    if level.code == levels.intensive_outpatient:
        text = f"At least {band.min:g} hours a week for adults, {teen:g} for adolescents"
        text += f"; fewer than {band.max:g}." if band.max is not None else "."
    elif band.max is not None and iop.band is not None and band.max == iop.band.min:
        text = (f"Fewer than {band.max:g} hours a week for adults (fewer than {teen:g} for "
                f"adolescents).")
    elif band.max is None:
        text = f"{band.min:g} hours a week or more."
    else:
        text = f"{band.min:g} to under {band.max:g} hours a week."
    return f"{text} {band.source_note}" if band.source_note else text


def levels_table_html(levels: LevelsOfCare | None = None) -> Markup:
    """Every level of the 3rd edition with its setting, hours, sources, and whether the
    teaching model uses it."""
    levels = levels if levels is not None else levels_of_care()
    rows = []
    for level in levels.levels:
        keys = dict.fromkeys([*level.cite, *(level.band.cite if level.band else [])])
        rows.append((level.code, level.name, f"{level.setting}. {hours_text(level, levels)}",
                     "; ".join(short_label(k) for k in keys),
                     "yes" if level.in_teaching_model else "no"))
    return table(rows, headers=["Level", "Name", "Setting and hours, as this module teaches them",
                                "Sources", "In the teaching model"],
                 caption=f"{levels.title}, from least to most intensive.", row_headers=True)


def rules_table_html(model: TeachingModel | None = None) -> Markup:
    """The model's rules as a table: when, the floor, the teaching reason."""
    model = _model(model)
    return table([(rule.when, rule.level, rule.why)
                  for rule in model.rules],
                 headers=["When", "At least level", "Why (teaching reason)"],
                 caption=f"{model.name}: every rule. The recommendation is the highest level "
                         f"any rule reaches.")


def prerequisites_table_html(model: TeachingModel | None = None) -> Markup:
    """What the model asks for before (or instead of) a placement."""
    model = _model(model)
    rows = []
    for p in model.prerequisites:
        unless = ("always (it replaces the placement)" if p.instead_of_placement
                  else f"unless the level reached is {p.unless_level} or more intensive"
                  if p.unless_level else "always")
        rows.append((p.when, p.first, unless, p.says))
    return table(rows, headers=["When", "First", "Applies", "Why"],
                 caption=f"{model.name}: what comes before any placement.")


def ratings_table_html(ratings: Mapping[str, int], *, caption: str,
                       model: TeachingModel | None = None) -> Markup:
    """A set of ratings as a table (dimension, rating, what the rating means)."""
    model = _model(model)
    valid = model.validate_ratings(ratings)
    return table([(f"{i}. {model.short_names[d]}", valid[d], model.anchors[valid[d]])
                  for i, d in enumerate(model.dimensions, start=1)],
                 headers=["Dimension", "Rating", "Meaning"], caption=caption,
                 row_headers=True, numeric=[1])


def _ratings(model: TeachingModel, **given: int) -> dict[str, int]:
    return {d: given.get(d, 0) for d in model.dimensions}


CONTRASTS: tuple[tuple[str, dict[str, int]], ...] = (
    ("Significant withdrawal risk, nothing else", {"intoxication_withdrawal": 3}),
    ("High relapse potential alone", {"relapse_potential": 3}),
    ("Home works against recovery, alone", {"recovery_environment": 3}),
    ("Both together", {"relapse_potential": 3, "recovery_environment": 3}),
    ("Moderate (2) in every dimension", {"*": 2}),
)
"""Rating profiles that show why placement is neither an average nor the highest rating
(unnamed dimensions are rated 0; ``"*"`` rates every dimension)."""


def contrast_profiles(model: TeachingModel | None = None) -> list[tuple[str, dict[str, int]]]:
    """:data:`CONTRASTS` as full ratings of the model's dimensions."""
    model = _model(model)
    profiles = []
    for label, given in CONTRASTS:
        every = given.get("*")
        ratings = ({d: every for d in model.dimensions} if every is not None
                   else _ratings(model, **given))
        profiles.append((label, ratings))
    return profiles


def contrast_table_html(model: TeachingModel | None = None) -> Markup:
    """Average rating, highest rating and the model's level for each profile."""
    model = _model(model)
    rows = []
    for label, ratings in contrast_profiles(model):
        rec = model.recommend(ratings)
        average = sum(ratings.values()) / len(ratings)
        rows.append((label, ", ".join(str(ratings[d]) for d in model.dimensions),
                     f"{average:.1f}", max(ratings.values()), _level_cell(rec)))
    return table(rows, headers=["Profile", "Ratings", "Average", "Highest", "Model's level"],
                 caption=f"{model.name}: five rating profiles (dimensions 1 to "
                         f"{len(model.dimensions)}, adult).", numeric=[2, 3])


# ---------------------------------------------------------------------- the grid figure

LEVEL_FILLS: dict[str, str] = {
    "1": "#eeeeee",
    "2.1": OKABE_ITO["sky_blue"],
    "2.5": OKABE_ITO["bluish_green"],
    "3.1": OKABE_ITO["yellow"],
    "3.5": OKABE_ITO["orange"],
    "3.7": OKABE_ITO["vermillion"],
    "4": OKABE_ITO["reddish_purple"],
}
"""Cell colour of each level in :func:`interaction_figure` (the level is written in it too)."""


def interaction_figure(base: int = 1, model: TeachingModel | None = None) -> SvgFigure:
    """The model's level over relapse potential x recovery environment (others = ``base``).

    A grid of coloured cells, each labelled with its level; a level that needs something
    first is marked with an asterisk (inline SVG, no matplotlib).
    """
    model = _model(model)
    top = model.max_rating
    if isinstance(base, bool) or not isinstance(base, int) or not 0 <= base <= top:
        raise ValueError(f"base must be a rating from 0 to {top}, got {base!r}")
    recs = [[model.recommend({**{d: base for d in model.dimensions},
                              "relapse_potential": r, "recovery_environment": e})
             for r in range(top + 1)] for e in range(top + 1)]
    grid = [[rec.level + ("*" if rec.needs_first else "") for rec in row] for row in recs]
    chart = LineChart(
        Axis(-0.5, top + 0.5, range(top + 1),
             f"Dimension 5: {model.short_names['relapse_potential']} (0-{top})"),
        Axis(-0.5, top + 0.5, range(top + 1),
             f"Dimension 6: {model.short_names['recovery_environment']} (0-{top})"),
        width=600, height=360, legend=None, grid=None)
    for e, row in enumerate(recs):
        chart.bars([e] * len(row), [r + 0.5 for r in range(len(row))],
                   base=[r - 0.5 for r in range(len(row))],
                   colour=[LEVEL_FILLS[rec.level] for rec in row], thickness=1.0,
                   orientation="horizontal", edge="#ffffff")
        for r, rec in enumerate(row):
            chart.text(r, e, grid[e][r], colour=text_colour_on(LEVEL_FILLS[rec.level]),
                       anchor="middle", middle=True, bold=True)
    cells = "; ".join(f"environment {e}: " + ", ".join(row) for e, row in enumerate(grid))
    alt = (f"A {top + 1} by {top + 1} grid of the teaching model's level for relapse "
           f"potential 0 to {top} (columns) and recovery environment 0 to {top} (rows), "
           f"other dimensions rated {base}. Levels by row, relapse potential 0 to {top}: "
           f"{cells}.")
    one = model.recommend({**_ratings(model), "relapse_potential": 3}).level
    both = model.recommend({**_ratings(model), "relapse_potential": 3,
                            "recovery_environment": 3}).level
    caption = (f"{model.name}: how dimensions 5 and 6 combine (the other four rated {base}). "
               f"Either one rated 3 gives Level {one}; both rated 3 give Level {both}.")
    if any(rec.needs_first for row in recs for rec in row):
        caption += " An asterisk marks a level that needs something first (see the rules)."
    return SvgFigure(alt, chart.svg(), caption=caption)


# -------------------------------------------------------------------------- cases


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in text.strip().split("\n\n") if p.strip()]


def case_vignette_html(case: Case, *, heading: str = "h4",
                       model: TeachingModel | None = None) -> Markup:
    """A case's title, label, vignette and the facts for each dimension (no answers)."""
    if heading not in {"h2", "h3", "h4", "h5", "h6"}:
        raise ValueError(f"heading must be one of h2-h6, got {heading!r}")
    model = _model(model)
    dims = [(d, model.names[d], case.dimensions[d].facts) for d in model.dimensions]
    return render(T + "vignette.html.j2", case=case, heading=heading,
                  paragraphs=_paragraphs(case.vignette), dimensions=dims)


def case_answer_html(case: Case, model: TeachingModel | None = None) -> Markup:
    """The expert's ratings with rationale, level, the model's output and teaching points."""
    model = _model(model)
    expert = case.expert_ratings()
    rec = model.recommend(expert, adolescent=case.adolescent)
    ratings = table([(f"{i}. {model.short_names[d]}", expert[d], case.dimensions[d].rationale)
                     for i, d in enumerate(model.dimensions, start=1)],
                    headers=["Dimension", "Expert rating", "Why"], row_headers=True,
                    numeric=[1], caption=f"The expert's ratings: {case.title}")
    return render(T + "answer.html.j2", table=ratings, case=case, model=rec,
                  expert_label=model.level_label(case.expert_level))


def case_static_html(case: Case, *, heading: str = "h4",
                     model: TeachingModel | None = None) -> Markup:
    """A whole case for the book: vignette open, expert answer in a collapsed block."""
    return render(T + "case_static.html.j2", case=case,
                  vignette=case_vignette_html(case, heading=heading, model=model),
                  answer=case_answer_html(case, model))


def simulator_static_html(cases: Sequence[Case], model: TeachingModel | None = None) -> Markup:
    """Every case, its expert answer collapsed: the case simulator for the book."""
    model = _model(model)
    return render(T + "simulator_static.html.j2", model_name=model.name, note=model.note,
                  cases=[case_static_html(c, model=model) for c in cases])


def _steps(n: int) -> str:
    if n == 0:
        return "Agree"
    return f"You rated {abs(n)} {'higher' if n > 0 else 'lower'}"


def comparison_html(result: CaseComparison, case: Case,
                    model: TeachingModel | None = None) -> Markup:
    """The feedback for one answered case (everything but the chart)."""
    model = _model(model)
    ratings = table([(f"{i}. {model.short_names[d.dimension]}", d.trainee, d.expert,
                      _steps(d.difference)) for i, d in enumerate(result.dimensions, start=1)],
                    headers=["Dimension", "You", "Expert", "Agreement"],
                    caption="Your ratings and the expert's", row_headers=True,
                    numeric=[1, 2])
    return render(T + "comparison.html.j2", result=result, case=case, table=ratings,
                  names=model.names, expert_label=model.level_label(result.expert_level),
                  trainee_label=model.level_label(result.trainee_level),
                  trainee_model=recommendation_html(result.trainee_model, note=""))


class RatingsChart:
    """Trainee's and expert's ratings side by side, as an inline SVG chart.

    Horizontal bars, one pair per dimension: the trainee's (blue, hatched) above the
    expert's (orange, solid), so the two differ by more than colour.  One chart serves
    every submit: :meth:`update` stores the ratings and :meth:`html` draws them (SVG
    text, well under a millisecond; no matplotlib).
    """

    TRAINEE_COLOUR, EXPERT_COLOUR = OKABE_ITO["blue"], OKABE_ITO["orange"]

    def __init__(self, model: TeachingModel | None = None) -> None:
        self.model = _model(model)
        anchors = ", ".join(f"{k} {v.split(':')[0]}" for k, v in self.model.anchors.items())
        self._x = Axis(0, self.model.max_rating + 0.1, range(self.model.max_rating + 1),
                       f"Rating: {anchors}")
        self._y = Axis.categorical([f"{i}. {self.model.short_names[d]}"
                                    for i, d in enumerate(self.model.dimensions, start=1)],
                                   top_down=True)
        self.trainee: dict[str, int] = {}
        self.expert: dict[str, int] = {}

    def update(self, trainee: Mapping[str, int], expert: Mapping[str, int]) -> None:
        """Show these ratings (validated: every dimension, integers on the scale)."""
        self.trainee = self.model.validate_ratings(trainee)
        self.expert = self.model.validate_ratings(expert)

    def svg(self) -> str:
        """The chart as an ``<svg>`` element."""
        if not self.trainee:
            raise ValueError("no ratings to draw yet: call update(trainee, expert) first")
        dims = self.model.dimensions
        chart = LineChart(self._x, self._y, width=650, height=330, legend="below", grid="x")
        slots = [self._y.slot(i) for i in range(len(dims))]
        chart.bars([s + 0.2 for s in slots], [self.trainee[d] for d in dims],
                   colour=self.TRAINEE_COLOUR, hatch="#ffffff", thickness=0.38,
                   orientation="horizontal", label="Your rating (hatched)")
        chart.bars([s - 0.2 for s in slots], [self.expert[d] for d in dims],
                   colour=self.EXPERT_COLOUR, thickness=0.38, orientation="horizontal",
                   label="Expert's rating")
        return chart.svg()

    def html(self, caption: str | None = None) -> str:
        """The chart as an HTML ``<figure>`` described by :meth:`alt`."""
        svg = self.svg()  # first: refuses to draw before any ratings
        return chart_figure(self.alt(), svg, caption=caption)

    def alt(self) -> str:
        """What the chart shows, dimension by dimension."""
        parts = [f"{self.model.short_names[d]}: you {self.trainee[d]}, expert {self.expert[d]}"
                 for d in self.model.dimensions]
        return (f"Bar chart of your ratings against the expert's, 0 to "
                f"{self.model.max_rating}. " + "; ".join(parts) + ".")


# ------------------------------------------------------------- continued-stay reviews

DECISION_LABELS: dict[str, str] = {
    "continue": "Continue at the current level",
    "step-down": "Step down to a less intensive level",
    "step-up": "Step up to a more intensive level",
    "transition-to-aftercare": "Transition to aftercare",
}
"""How each decision is shown to the trainee."""

TOXICOLOGY_TEXT = {"negative": "Tested negative", "positive": "Tested positive",
                   "not-collected": "No test this week"}


def review_feedback_html(result: ReviewFeedback) -> Markup:
    """The feedback on one decision, with the expert's reasoning and sources."""
    return render(T + "review_feedback.html.j2", result=result, labels=DECISION_LABELS)


def review_intro_html(review: StayReview) -> Markup:
    """The client and the treatment goals."""
    return render(T + "review_intro.html.j2", review=review)


def review_prompt_html(point: ReviewPoint, number: int, total: int) -> Markup:
    """"Review 2 of 4, end of week 5." and the question."""
    return render(T + "review_prompt.html.j2", point=point, number=number, total=total)


def review_complete_html(review: StayReview, matched: int, made: int) -> Markup:
    """The agreement once every review is decided, and the teaching points."""
    return render(T + "review_complete.html.j2", review=review, matched=matched, made=made)


def timeline_table_html(review: StayReview, upto_week: int | None = None, *,
                        from_week: int = 1) -> Markup:
    """Weeks ``from_week`` to ``upto_week`` (default: all) as an accessible table."""
    last = len(review.weeks) if upto_week is None else upto_week
    if any(isinstance(w, bool) or not isinstance(w, int) for w in (from_week, last)) or not (
            1 <= from_week <= last <= len(review.weeks)):
        raise ValueError(f"{review.id} has weeks 1 to {len(review.weeks)}; cannot show "
                         f"weeks {from_week} to {last}")
    review_weeks = {p.week for p in review.reviews}
    rows = []
    for w in review.weeks[from_week - 1:last]:
        tox = TOXICOLOGY_TEXT[w.toxicology]
        if w.toxicology_note:
            tox += f" ({w.toxicology_note})"
        note = render(T + "week_note.html.j2", note=w.note or "",
                      review=w.week in review_weeks)
        rows.append((w.week, w.level, f"{w.attendance.attended} of {w.attendance.scheduled}",
                     tox, w.cravings, w.housing, w.mood, note))
    return table(rows, headers=["Week", "Level", "Sessions attended", "Toxicology",
                                "Cravings (0-10)", "Housing", "Mood", "Notes"],
                 caption=f"{review.title}: weeks {from_week} to {last}. Cravings are the "
                         f"client's own rating from 0 (none) to 10 (strongest).",
                 row_headers=True, classes=["iop-timeline"], numeric=[4])


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
        if isinstance(upto_week, bool) or not isinstance(upto_week, int) or not (
                0 <= upto_week <= len(self._weeks)):
            raise ValueError(f"{self.review.id} has weeks 1 to {len(self._weeks)}, "
                             f"cannot show up to week {upto_week!r}")
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


TIMELINE_CAPTION = ("Sessions attended and cravings by week; triangles mark positive tests, "
                    "dashed lines the review points, small labels the level of care.")


def review_point_html(point: ReviewPoint, number: int) -> Markup:
    """A review point for the book: the question open, the expert's answer collapsed."""
    return render(T + "review_point.html.j2", point=point, number=number,
                  labels=DECISION_LABELS, decisions=DECISIONS)


def review_static_html(review: StayReview) -> Markup:
    """The whole review for the book, in the order a trainee meets it.

    Client and goals; then, for each review point, the weeks since the previous one and
    the question, with the expert's decision collapsed; then the whole course at a
    glance (the full timeline chart) and the teaching points.
    """
    segments, first = [], 1
    for n, point in enumerate(review.reviews, start=1):
        segments.append(timeline_table_html(review, point.week, from_week=first))
        segments.append(review_point_html(point, n))
        first = point.week + 1
    if first <= len(review.weeks):
        segments.append(timeline_table_html(review, from_week=first))
    caption = "The whole course: " + TIMELINE_CAPTION[0].lower() + TIMELINE_CAPTION[1:]
    figure = Markup(TimelineChart(review).html(caption=caption))
    return render(T + "review_static.html.j2", review=review, segments=segments,
                  figure=figure,
                  start_level=teaching_model().level_label(review.weeks[0].level))
