"""The Illustrative Six-Dimension Risk Model: a teaching model of level-of-care placement.

This is **our own teaching model, not the ASAM Criteria.**  *The ASAM Criteria* (3rd
edition, 2013) is a copyrighted book whose decision rules and placement grids are
proprietary; nothing here reproduces them.  The model borrows only the public names of
the six assessment dimensions and the level numbers, and adds invented thresholds that a
new counselor can read, question and argue with.

How the model works: every rule sets a *floor*, the least intensive level a client may be
offered when the rule applies.  Some rules read one dimension, others read combinations of
dimensions (a high relapse potential *and* a living environment that works against
recovery; several dimensions rated high at once).  The recommendation is the highest
floor reached, and the rationale names the rules and dimensions that set it.  Every rule
only ever asks "is this rating at least N?", so raising a rating can never lower the
recommendation (the model is monotone).

This module never imports ipywidgets or IPython; the simulators live in
:mod:`widgets.views.level_of_care`.
"""

from __future__ import annotations

import numbers
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from html import escape
from typing import TYPE_CHECKING

from widgets.core.palette import OKABE_ITO
from widgets.core.svg_chart import Axis, LineChart, chart_figure

if TYPE_CHECKING:  # pragma: no cover - typing only; the schema imports this module
    from widgets.schemas.case import Case

__all__ = [
    "ASAM3_LEVELS",
    "DIMENSIONS",
    "DIMENSION_NAMES",
    "DIMENSION_SHORT_NAMES",
    "LEVELS",
    "LEVEL_NAMES",
    "LEVEL_SETTINGS",
    "MODEL_NAME",
    "PROPRIETARY_NOTE",
    "RATING_ANCHORS",
    "RULES",
    "CaseComparison",
    "DimensionComparison",
    "RatingsChart",
    "Recommendation",
    "Rule",
    "case_answer_html",
    "case_static_html",
    "case_vignette_html",
    "compare",
    "level_index",
    "level_label",
    "list_cases",
    "load_case",
    "recommend",
    "rules_table_html",
    "validate_ratings",
]

MODEL_NAME = ("Illustrative Six-Dimension Risk Model — a teaching model, "
              "not the ASAM Criteria")
"""The label the model carries wherever it is shown."""

PROPRIETARY_NOTE = ("The ASAM Criteria's own decision rules are proprietary; this model's "
                    "thresholds are invented for teaching and must not be used to place "
                    "real clients.")
"""One sentence shown next to every output of the model."""

DIMENSIONS: tuple[str, ...] = (
    "intoxication_withdrawal",
    "biomedical",
    "emotional_behavioral",
    "readiness_to_change",
    "relapse_potential",
    "recovery_environment",
)
"""The six dimension keys, in the order of the ASAM Criteria, 3rd edition."""

DIMENSION_NAMES: dict[str, str] = {
    "intoxication_withdrawal": "Acute intoxication and/or withdrawal potential",
    "biomedical": "Biomedical conditions and complications",
    "emotional_behavioral": "Emotional, behavioral, or cognitive conditions and complications",
    "readiness_to_change": "Readiness to change",
    "relapse_potential": "Relapse, continued use, or continued problem potential",
    "recovery_environment": "Recovery/living environment",
}
"""The dimensions' names in the ASAM Criteria, 3rd edition (2013)."""

DIMENSION_SHORT_NAMES: dict[str, str] = {
    "intoxication_withdrawal": "Intoxication/withdrawal",
    "biomedical": "Biomedical",
    "emotional_behavioral": "Emotional/behavioral",
    "readiness_to_change": "Readiness to change",
    "relapse_potential": "Relapse potential",
    "recovery_environment": "Recovery environment",
}
"""Short names for controls, tables and charts."""

RATING_ANCHORS: dict[int, str] = {
    0: "no risk or problem now",
    1: "mild",
    2: "moderate",
    3: "significant",
    4: "severe: imminent danger",
}
"""The teaching model's own words for each point of the 0-4 rating."""

ASAM3_LEVELS: dict[str, str] = {
    "0.5": "Early intervention",
    "1": "Outpatient",
    "2.1": "Intensive outpatient",
    "2.5": "Partial hospitalization",
    "3.1": "Clinically managed low-intensity residential",
    "3.3": "Clinically managed population-specific high-intensity residential",
    "3.5": "Clinically managed high-intensity residential",
    "3.7": "Medically monitored intensive inpatient",
    "4": "Medically managed intensive inpatient",
}
"""Every level of care of the ASAM Criteria, 3rd edition, with its name."""

LEVELS: tuple[str, ...] = ("1", "2.1", "2.5", "3.1", "3.5", "3.7", "4")
"""The levels the teaching model can recommend, from least to most intensive.

The model leaves out 0.5 (early intervention) and 3.3 (population-specific residential):
the cases of this module do not call for them.
"""

LEVEL_NAMES: dict[str, str] = {code: ASAM3_LEVELS[code] for code in LEVELS}
"""Names of the levels in :data:`LEVELS`."""

LEVEL_SETTINGS: dict[str, str] = {
    "1": "Outpatient; lives at home. As commonly described: fewer than 9 hours a week "
         "for adults (fewer than 6 for adolescents).",
    "2.1": "Outpatient; lives at home. At least 9 hours a week for adults, 6 for "
           "adolescents; as commonly described, 9 to 19 hours for adults.",
    "2.5": "Outpatient; lives at home. As commonly described, 20 hours a week or more.",
    "3.1": "Residential: lives at the program, clinically managed, low intensity.",
    "3.5": "Residential: lives at the program, clinically managed, high intensity.",
    "3.7": "Inpatient, medically monitored (24-hour care).",
    "4": "Inpatient, medically managed (24-hour care).",
}
"""Setting and hours of each level, as this module teaches them (see the notebook's
citations: SAMHSA-Adv2021 for the minimum IOP hours; ICRC-StudyGuide and RaleighHouse-2.5
for the hours as commonly described)."""


def level_index(level: str) -> int:
    """Position of a level code in :data:`LEVELS` (0 = least intensive)."""
    try:
        return LEVELS.index(level)
    except ValueError:
        raise ValueError(f"unknown level {level!r}; levels are {', '.join(LEVELS)}") from None


def level_label(level: str) -> str:
    """``'Level 2.1 (Intensive outpatient)'``."""
    return f"Level {level} ({ASAM3_LEVELS[level]})"


# ----------------------------------------------------------------------------- input


def validate_ratings(ratings: object) -> dict[str, int]:
    """Check a ratings mapping and return it as a plain ``{dimension: int}`` dict.

    Raises
    ------
    ValueError
        When ``ratings`` is not a mapping, a dimension is missing or unknown, or a rating
        is not an integer from 0 to 4 (floats, strings and booleans are not ratings).
    """
    if not isinstance(ratings, Mapping):
        raise ValueError(f"ratings must be a mapping of each dimension to a rating 0-4, "
                         f"got {type(ratings).__name__}")
    unknown = [k for k in ratings if k not in DIMENSIONS]
    if unknown:
        raise ValueError(f"unknown dimension(s) {', '.join(repr(k) for k in unknown)}; "
                         f"the dimensions are {', '.join(DIMENSIONS)}")
    missing = [d for d in DIMENSIONS if d not in ratings]
    if missing:
        raise ValueError(f"missing dimension(s) {', '.join(missing)}: rate all six "
                         f"dimensions ({', '.join(DIMENSIONS)})")
    valid: dict[str, int] = {}
    for dim in DIMENSIONS:
        value = ratings[dim]
        if isinstance(value, bool) or not isinstance(value, numbers.Integral):
            kind = "a boolean" if isinstance(value, bool) else f"a {type(value).__name__}"
            raise ValueError(f"rating for {dim} must be an integer from 0 to 4, got "
                             f"{value!r} ({kind})")
        if not 0 <= value <= 4:
            raise ValueError(f"rating for {dim} is {value}, outside 0-4: ratings run from "
                             f"0 (no risk now) to 4 (imminent danger)")
        valid[dim] = int(value)
    return valid


# ----------------------------------------------------------------------------- rules


@dataclass(frozen=True)
class Rule:
    """One rule of the teaching model: when it applies, the level is at least ``level``.

    Attributes
    ----------
    id : str
        A short kebab-case name.
    level : str
        The floor this rule sets.
    dimensions : tuple of str
        The dimensions the rule reads (named in the rationale when it applies).
    when : str
        The condition in words.
    why : str
        The teaching reason behind it.
    adolescent : bool or None
        ``True``/``False`` when the rule applies only to adolescents/adults; ``None``
        for both.
    """

    id: str
    level: str
    dimensions: tuple[str, ...]
    when: str
    why: str
    test: Callable[[Mapping[str, int]], bool] = field(repr=False, compare=False)
    adolescent: bool | None = None

    def applies(self, ratings: Mapping[str, int], adolescent: bool) -> bool:
        """Whether the rule applies to these (validated) ratings."""
        if self.adolescent is not None and self.adolescent != adolescent:
            return False
        return self.test(ratings)


def _at_least(dim: str, n: int) -> Callable[[Mapping[str, int]], bool]:
    return lambda r: r[dim] >= n


def _all_at_least(*pairs: tuple[str, int]) -> Callable[[Mapping[str, int]], bool]:
    return lambda r: all(r[d] >= n for d, n in pairs)


def _count_at_least(rating: int, count: int) -> Callable[[Mapping[str, int]], bool]:
    return lambda r: sum(v >= rating for v in r.values()) >= count


_D1, _D2, _D3, _D4, _D5, _D6 = DIMENSIONS

RULES: tuple[Rule, ...] = (
    # ------------------------------------------------------- one dimension at a time
    Rule("withdrawal-moderate", "2.1", (_D1,), "Intoxication/withdrawal rated 2 or more",
         "Moderate withdrawal potential needs regular contact with a team that can watch "
         "for it; it does not by itself need 24-hour care.", _at_least(_D1, 2)),
    Rule("withdrawal-significant", "3.7", (_D1,), "Intoxication/withdrawal rated 3 or more",
         "Significant withdrawal risk (for example, a history of complicated withdrawal "
         "and heavy use right now) needs 24-hour medical monitoring.", _at_least(_D1, 3)),
    Rule("withdrawal-imminent", "4", (_D1,), "Intoxication/withdrawal rated 4",
         "Imminent danger from intoxication or withdrawal needs medically managed "
         "inpatient care.", _at_least(_D1, 4)),
    Rule("biomedical-significant", "3.7", (_D2,), "Biomedical rated 3 or more",
         "A serious medical condition that needs frequent medical monitoring cannot be "
         "treated safely from home alongside substance use treatment.", _at_least(_D2, 3)),
    Rule("biomedical-imminent", "4", (_D2,), "Biomedical rated 4",
         "Imminent medical danger needs medically managed inpatient care.",
         _at_least(_D2, 4)),
    Rule("emotional-moderate", "2.1", (_D3,), "Emotional/behavioral rated 2 or more",
         "Moderate mental health symptoms are best treated in a program that offers "
         "integrated care several days a week.", _at_least(_D3, 2)),
    Rule("emotional-significant", "2.5", (_D3,), "Emotional/behavioral rated 3 or more",
         "Significant symptoms that get in the way of daily life need daily structure "
         "and close monitoring.", _at_least(_D3, 3)),
    Rule("emotional-imminent", "4", (_D3,), "Emotional/behavioral rated 4",
         "Imminent danger to self or others needs an emergency evaluation and a "
         "medically managed inpatient setting.", _at_least(_D3, 4)),
    Rule("readiness-low", "2.1", (_D4,), "Readiness to change rated 3 or more",
         "Low readiness calls for more frequent contact and motivational work; on its "
         "own it is never a reason for residential care.", _at_least(_D4, 3)),
    Rule("relapse-moderate", "2.1", (_D5,), "Relapse potential rated 2 or more",
         "A moderate risk of continued use needs skills practice several times a week.",
         _at_least(_D5, 2)),
    Rule("relapse-severe", "2.5", (_D5,), "Relapse potential rated 4",
         "Very high, immediate risk of continued use needs daily structure.",
         _at_least(_D5, 4)),
    Rule("environment-unsupportive", "2.1", (_D6,), "Recovery environment rated 3 or more",
         "A home that works against recovery calls for more hours of support away "
         "from it.", _at_least(_D6, 3)),
    Rule("environment-unsafe", "3.1", (_D6,), "Recovery environment rated 4",
         "No safe place to live while in treatment: the client needs a structured "
         "24-hour living setting.", _at_least(_D6, 4)),
    # ---------------------------------------------------- dimensions read together
    Rule("withdrawal-with-medical", "2.5", (_D1, _D2),
         "Intoxication/withdrawal 2 or more and biomedical 2 or more",
         "Withdrawal potential and a medical condition together need daily medical "
         "contact.", _all_at_least((_D1, 2), (_D2, 2))),
    Rule("withdrawal-and-medical-significant", "4", (_D1, _D2),
         "Intoxication/withdrawal 3 or more and biomedical 3 or more",
         "Significant withdrawal risk on top of a serious medical condition needs "
         "medically managed care.", _all_at_least((_D1, 3), (_D2, 3))),
    Rule("relapse-at-home", "3.1", (_D5, _D6),
         "Relapse potential 3 or more and recovery environment 3 or more",
         "A high risk of continued use in a home that works against recovery: the "
         "client needs a structured place to live while building skills.",
         _all_at_least((_D5, 3), (_D6, 3))),
    Rule("relapse-at-home-with-psychiatric", "3.5", (_D3, _D5, _D6),
         "Emotional/behavioral 3 or more, relapse potential 3 or more and recovery "
         "environment 3 or more",
         "Serious mental health symptoms add to a high risk of use in a home that works "
         "against recovery: a high-intensity residential program.",
         _all_at_least((_D3, 3), (_D5, 3), (_D6, 3))),
    Rule("relapse-at-home-with-low-readiness", "3.5", (_D4, _D5, _D6),
         "Readiness 3 or more, relapse potential 3 or more and recovery environment "
         "3 or more",
         "Low readiness adds to a high risk of use in a home that works against "
         "recovery: a high-intensity residential program.",
         _all_at_least((_D4, 3), (_D5, 3), (_D6, 3))),
    Rule("relapse-and-environment-severe", "3.5", (_D5, _D6),
         "Relapse potential 4 and recovery environment 4",
         "Immediate risk of use and no safe place to live: a high-intensity residential "
         "program.", _all_at_least((_D5, 4), (_D6, 4))),
    Rule("breadth", "2.5", DIMENSIONS, "Three or more dimensions rated 3 or more (adults)",
         "Several significant risks at once add up to more than any one of them: the "
         "client needs daily structure.", _count_at_least(3, 3), adolescent=False),
    Rule("breadth-adolescent", "2.5", DIMENSIONS,
         "Two or more dimensions rated 3 or more (adolescents)",
         "This model is deliberately more cautious with adolescents, who have less "
         "control over their surroundings: two significant risks at once are enough.",
         _count_at_least(3, 2), adolescent=True),
)
"""Every rule of the teaching model, single-dimension rules first."""


# ------------------------------------------------------------------------ the model


@dataclass(frozen=True)
class Recommendation:
    """What the teaching model recommends, and why.

    Attributes
    ----------
    level : str
        A member of :data:`LEVELS`.
    rationale : tuple of str
        The reasons, most decisive first; each names the dimensions it read.
    drivers : tuple of str
        The dimension keys of the rules that set the level (empty at Level 1).
    rules : tuple of Rule
        The rules that set the level.
    also_considered : tuple of Rule
        Rules that applied but set a lower floor.
    ratings : dict
        The validated ratings.
    adolescent : bool
        Whether the adolescent rules were used.
    model : str
        :data:`MODEL_NAME`.
    """

    level: str
    rationale: tuple[str, ...]
    drivers: tuple[str, ...]
    rules: tuple[Rule, ...]
    also_considered: tuple[Rule, ...]
    ratings: Mapping[str, int]
    adolescent: bool
    model: str = MODEL_NAME

    @property
    def label(self) -> str:
        """``'Level 2.1 (Intensive outpatient)'``."""
        return level_label(self.level)

    def __str__(self) -> str:
        return (f"{MODEL_NAME}\nRecommends {self.label}\n"
                + "\n".join(f"- {r}" for r in self.rationale))

    def html(self) -> str:
        """The recommendation and its rationale as HTML (model label included)."""
        items = "".join(f"<li>{escape(r)}</li>" for r in self.rationale)
        return (f'<p><strong>{escape(MODEL_NAME)}</strong> recommends '
                f"<strong>{escape(self.label)}</strong>.</p><ul>{items}</ul>"
                f'<p class="iop-note"><small>{escape(PROPRIETARY_NOTE)}</small></p>')


def _describe(rule: Rule, ratings: Mapping[str, int]) -> str:
    read = ", ".join(f"{DIMENSION_SHORT_NAMES[d]} {ratings[d]}" for d in rule.dimensions
                     if rule.dimensions != DIMENSIONS or ratings[d] >= 3)
    return f"{rule.when} ({read}) → at least Level {rule.level}: {rule.why}"


def recommend(ratings: Mapping[str, int], *, adolescent: bool = False) -> Recommendation:
    """The teaching model's level of care for six dimension ratings.

    Parameters
    ----------
    ratings : mapping
        Every key of :data:`DIMENSIONS` mapped to an integer rating from 0 to 4.
    adolescent : bool
        Use the adolescent variant of the model.

    Returns
    -------
    Recommendation
        ``.level`` (a member of :data:`LEVELS`) and ``.rationale``.

    Raises
    ------
    ValueError
        For a missing or unknown dimension, a rating outside 0-4, or a rating that is
        not an integer (floats, strings and booleans are rejected).
    """
    if not isinstance(adolescent, bool):
        raise ValueError(f"adolescent must be True or False, got {adolescent!r}")
    valid = validate_ratings(ratings)
    applied = [rule for rule in RULES if rule.applies(valid, adolescent)]
    if not applied:
        high = max(valid.values())
        top = [DIMENSION_SHORT_NAMES[d] for d in DIMENSIONS if valid[d] == high]
        reason = (f"No rule of the model applies: no rating or combination of ratings "
                  f"calls for more than outpatient care (highest rating {high}: "
                  f"{', '.join(top)}). Level 1 (Outpatient), with regular review.")
        return Recommendation("1", (reason,), (), (), (), valid, adolescent)
    top_index = max(level_index(r.level) for r in applied)
    level = LEVELS[top_index]
    setting = [r for r in applied if r.level == level]
    lower = sorted((r for r in applied if r.level != level),
                   key=lambda r: -level_index(r.level))
    drivers = tuple(d for d in DIMENSIONS
                    if any(d in r.dimensions and (r.dimensions != DIMENSIONS or valid[d] >= 3)
                           for r in setting))
    rationale = [_describe(r, valid) for r in setting]
    rationale += [f"Also considered: {_describe(r, valid)}" for r in lower]
    if adolescent:
        rationale.append("Adolescent variant: the hours that define each level are lower "
                         "for adolescents (an IOP offers at least 6 hours a week).")
    return Recommendation(level, tuple(rationale), drivers, tuple(setting), tuple(lower),
                          valid, adolescent)


# ----------------------------------------------------------------- cases (content)


def list_cases(*, role: str | None = "simulator") -> list[Case]:
    """Every case of the content index (of one ``role``; ``None`` for all), in file order."""
    from widgets.core.content import load_kind

    cases = load_kind("case")
    return [c for c in cases if role is None or c.role == role]  # type: ignore[attr-defined]


def load_case(case_id: str) -> Case:
    """One validated case by id."""
    from widgets.core.content import load

    return load("case", case_id)  # type: ignore[return-value]


@dataclass(frozen=True)
class DimensionComparison:
    """A trainee's rating of one dimension next to the expert's."""

    dimension: str
    trainee: int
    expert: int
    rationale: str

    @property
    def difference(self) -> int:
        """Trainee minus expert."""
        return self.trainee - self.expert

    @property
    def agrees(self) -> bool:
        """Whether the ratings are equal."""
        return self.difference == 0


@dataclass(frozen=True)
class CaseComparison:
    """A trainee's whole answer to a case compared with the expert's."""

    case_id: str
    dimensions: tuple[DimensionComparison, ...]
    trainee_level: str
    expert_level: str
    trainee_model: Recommendation
    """The model's recommendation for the trainee's own ratings."""
    expert_model: Recommendation
    """The model's recommendation for the expert's ratings."""

    @property
    def agreements(self) -> int:
        """How many of the six dimensions the trainee rated as the expert did."""
        return sum(d.agrees for d in self.dimensions)

    @property
    def differences(self) -> tuple[DimensionComparison, ...]:
        """The dimensions rated differently."""
        return tuple(d for d in self.dimensions if not d.agrees)

    @property
    def level_agrees(self) -> bool:
        """Whether the trainee chose the expert's level."""
        return self.trainee_level == self.expert_level

    @property
    def level_steps(self) -> int:
        """Trainee's level minus expert's, in steps of :data:`LEVELS`."""
        return level_index(self.trainee_level) - level_index(self.expert_level)


def compare(case: Case, ratings: Mapping[str, int], level: str) -> CaseComparison:
    """Compare a trainee's ratings and chosen level with a case's expert answer.

    Raises
    ------
    ValueError
        For invalid ratings (see :func:`recommend`) or an unknown level.
    """
    valid = validate_ratings(ratings)
    level_index(level)
    expert = case.expert_ratings()
    dims = tuple(DimensionComparison(d, valid[d], expert[d],
                                     getattr(case.dimensions, d).rationale)
                 for d in DIMENSIONS)
    return CaseComparison(case.id, dims, level, case.expert_level,
                          recommend(valid, adolescent=case.adolescent),
                          recommend(expert, adolescent=case.adolescent))


def _paragraphs(text: str) -> str:
    return "".join(f"<p>{escape(p.strip())}</p>" for p in text.strip().split("\n\n")
                   if p.strip())


def case_vignette_html(case: Case, *, heading: str = "h4") -> str:
    """A case's title, label, vignette and the facts for each dimension (no answers)."""
    who = " · adolescent" if case.adolescent else ""
    facts = "".join(
        f"<li><strong>{n}. {escape(DIMENSION_NAMES[d])}</strong><ul>"
        + "".join(f"<li>{escape(f)}</li>" for f in getattr(case.dimensions, d).facts)
        + "</ul></li>" for n, d in enumerate(DIMENSIONS, start=1))
    return (f'<{heading}>{escape(case.title)}</{heading}>'
            f'<p><em>{escape(case.label)}{who}.</em> {escape(case.summary)}</p>'
            f"{_paragraphs(case.vignette)}"
            f"<p><strong>What the assessment found, dimension by dimension</strong></p>"
            f"<ul>{facts}</ul>")


def case_answer_html(case: Case) -> str:
    """The expert's ratings with rationale, level, the model's output and teaching points."""
    expert = case.expert_ratings()
    model = recommend(expert, adolescent=case.adolescent)
    rows = "".join(
        f"<tr><td>{n}. {escape(DIMENSION_SHORT_NAMES[d])}</td><td>{expert[d]}</td>"
        f"<td>{escape(getattr(case.dimensions, d).rationale)}</td></tr>"
        for n, d in enumerate(DIMENSIONS, start=1))
    table = ('<table class="iop-table"><thead><tr><th scope="col">Dimension</th>'
             '<th scope="col">Expert rating</th><th scope="col">Why</th></tr></thead>'
             f"<tbody>{rows}</tbody></table>")
    if model.level == case.expert_level:
        agreement = (f"<p>The teaching model, given the expert's ratings, also recommends "
                     f"{escape(model.label)}.</p>")
    else:
        agreement = (f"<p>The teaching model, given the expert's ratings, recommends "
                     f"{escape(model.label)}. <strong>Why the expert departs from the "
                     f"model:</strong> {escape(case.model_departure or '')}</p>")
    points = "".join(f"<li>{escape(p)}</li>" for p in case.teaching_points)
    return (f"{table}<p><strong>Expert's level: {escape(level_label(case.expert_level))}."
            f"</strong> {escape(case.expert_summary)}</p>{agreement}"
            f"<p><strong>Teaching points</strong></p><ul>{points}</ul>")


def case_static_html(case: Case, *, heading: str = "h4") -> str:
    """A whole case for the book: vignette open, expert answer in a collapsed block."""
    return (f'<article class="iop-case" id="case-{escape(case.id)}">'
            f"{case_vignette_html(case, heading=heading)}"
            f"<details><summary>Expert ratings, level and rationale: "
            f"{escape(case.title)}</summary>{case_answer_html(case)}</details></article>")


def rules_table_html(rules: Iterable[Rule] = RULES) -> str:
    """The model's rules as an HTML table, for the notebook."""
    rows = "".join(
        f"<tr><td>{escape(r.when)}</td><td>{escape(r.level)}</td><td>{escape(r.why)}</td></tr>"
        for r in rules)
    return (f'<table class="iop-table"><caption>{escape(MODEL_NAME)}: every rule. The '
            f"recommendation is the highest level any rule reaches.</caption><thead><tr>"
            f'<th scope="col">When</th><th scope="col">At least level</th>'
            f'<th scope="col">Why (teaching reason)</th></tr></thead><tbody>{rows}</tbody>'
            f"</table>")


# ---------------------------------------------------------------------- the chart


class RatingsChart:
    """Trainee's and expert's ratings side by side, as an inline SVG chart.

    Horizontal bars, one pair per dimension: the trainee's (blue, hatched) above the
    expert's (orange, solid), so the two differ by more than colour.  One chart serves
    every submit: :meth:`update` stores the ratings and :meth:`html` draws them (SVG
    text, well under a millisecond; no matplotlib).
    """

    X_LABEL = "Rating: 0 no risk now, 1 mild, 2 moderate, 3 significant, 4 severe"
    TRAINEE_COLOUR, EXPERT_COLOUR = OKABE_ITO["blue"], OKABE_ITO["orange"]

    def __init__(self) -> None:
        self._x = Axis(0, 4.1, range(5), self.X_LABEL)
        self._y = Axis.categorical([f"{i}. {DIMENSION_SHORT_NAMES[d]}"
                                    for i, d in enumerate(DIMENSIONS, start=1)],
                                   top_down=True)
        self.trainee: dict[str, int] = {}
        self.expert: dict[str, int] = {}

    def update(self, trainee: Mapping[str, int], expert: Mapping[str, int]) -> None:
        """Show these ratings (validated: every dimension, integers 0-4)."""
        self.trainee, self.expert = validate_ratings(trainee), validate_ratings(expert)

    def svg(self) -> str:
        """The chart as an ``<svg>`` element."""
        if not self.trainee:
            raise ValueError("no ratings to draw yet: call update(trainee, expert) first")
        chart = LineChart(self._x, self._y, width=650, height=330, legend="below", grid="x")
        slots = [self._y.slot(i) for i in range(len(DIMENSIONS))]
        chart.bars([s + 0.2 for s in slots], [self.trainee[d] for d in DIMENSIONS],
                   colour=self.TRAINEE_COLOUR, hatch="#ffffff", thickness=0.38,
                   orientation="horizontal", label="Your rating (hatched)")
        chart.bars([s - 0.2 for s in slots], [self.expert[d] for d in DIMENSIONS],
                   colour=self.EXPERT_COLOUR, thickness=0.38, orientation="horizontal",
                   label="Expert's rating")
        return chart.svg()

    def html(self, caption: str | None = None) -> str:
        """The chart as an HTML ``<figure>`` described by :meth:`alt`."""
        svg = self.svg()  # first: refuses to draw before any ratings
        return chart_figure(self.alt(), svg, caption=caption)

    def alt(self) -> str:
        """What the chart shows, dimension by dimension."""
        parts = [f"{DIMENSION_SHORT_NAMES[d]}: you {self.trainee[d]}, expert {self.expert[d]}"
                 for d in DIMENSIONS]
        return "Bar chart of your ratings against the expert's, 0 to 4. " + "; ".join(parts) + "."
