"""The Illustrative Six-Dimension Risk Model: a teaching model of level-of-care placement.

This is **our own teaching model, not the ASAM Criteria.**  *The ASAM Criteria* (3rd
edition, 2013) is a copyrighted book whose decision rules and placement grids are
proprietary; nothing here reproduces them.  The model borrows only the public names of
the six assessment dimensions and the level numbers, and adds invented thresholds that a
new counselor can read, question and argue with.

How the model works: every rule sets a *floor*, the least intensive level a client may be
offered when the rule applies.  Some rules read one dimension, others combinations of
dimensions.  The recommendation is the highest floor reached, and the rationale names the
rules and dimensions that set it.  Every condition only asks "is this rating at least N?"
(:mod:`.condition`), so raising a rating can never lower the recommendation.

Some ratings call for something *before* any placement (a :class:`Prerequisite`): a
medical withdrawal-risk assessment, or an emergency evaluation instead of a placement.
The recommendation carries them, and every view of it shows them.

The rules, their explanations and the dimensions are data
(``curriculum/02_level_of_care/placement-rules.yaml``); :meth:`TeachingModel.build` turns
that data (a :class:`~widgets.level_of_care.schemas.PlacementModelSpec`) and the levels
of care into a model.  Pure: no files, no HTML.
"""

from __future__ import annotations

import functools
import itertools
import numbers
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from widgets.level_of_care.model.condition import (
    AllOf,
    AnyOf,
    AtLeast,
    Condition,
    ConditionError,
    DimensionsAtLeast,
    parse,
)
from widgets.level_of_care.schemas import Case, LevelsOfCare, PlacementModelSpec, is_bool

__all__ = ["CaseComparison", "DimensionComparison", "Prerequisite", "Reason", "Recommendation",
           "Rule", "RuleError", "TeachingModel", "describe"]


MAX_ENTRIES_PER_DIMENSION = 4
"""A ratings mapping with more entries than this many per dimension is refused unread."""


class RuleError(ValueError):
    """A rule or prerequisite of the model's data that cannot be used; names which one."""

    def __init__(self, entry: str, field: str, problem: str) -> None:
        self.entry, self.field, self.problem = entry, field, problem
        super().__init__(f"{entry}: {field}: {problem}")


@dataclass(frozen=True)
class Rule:
    """One rule of the teaching model: when its condition holds, the level is at least
    :attr:`level`.

    Attributes
    ----------
    id : str
        A short kebab-case name.
    level : str
        The floor this rule sets.
    condition : Condition
        When the rule applies (parsed from the data's ``when``).
    when : str
        The condition in words, generated from :attr:`condition` (with "(adults)" or
        "(adolescents)" for a rule for one of them).
    why : str
        The teaching reason behind it.
    applies_to : {"everyone", "adults", "adolescents"}
        Who the rule is for.
    cite : tuple of str
        Citation keys.
    """

    id: str
    level: str
    condition: Condition = field(repr=False)
    when: str
    why: str
    applies_to: Literal["everyone", "adults", "adolescents"] = "everyone"
    cite: tuple[str, ...] = ()

    @property
    def dimensions(self) -> tuple[str, ...]:
        """The dimensions the rule reads."""
        return self.condition.dimensions

    @property
    def adolescent(self) -> bool | None:
        """``True``/``False`` for a rule only for adolescents/adults; ``None`` for both."""
        return _FOR[self.applies_to]

    def applies(self, ratings: Mapping[str, int], adolescent: bool) -> bool:
        """Whether the rule applies to these (validated) ratings."""
        only = _FOR[self.applies_to]
        if only is not None and only != adolescent:
            return False
        return self.condition.holds(ratings)


_FOR: dict[str, bool | None] = {"everyone": None, "adults": False, "adolescents": True}


@dataclass(frozen=True)
class Prerequisite:
    """Something the client needs before (or instead of) a placement, when it applies.

    Attributes
    ----------
    id : str
        A short kebab-case name.
    condition : Condition
        When it applies.
    when : str
        The condition in words.
    first : str
        What comes first, as a noun phrase ("A medical withdrawal-risk assessment").
    says : str
        The explanation shown with every recommendation it applies to.
    unless_level : str or None
        It does not apply when the recommended level is this one or more intensive (the
        setting itself provides it); ``None``: it always applies.
    instead_of_placement : bool
        Whether it replaces the placement decision (an emergency) rather than preceding it.
    cite : tuple of str
        Citation keys.
    """

    id: str
    condition: Condition = field(repr=False)
    when: str
    first: str
    says: str
    unless_level: str | None = None
    instead_of_placement: bool = False
    cite: tuple[str, ...] = ()


@dataclass(frozen=True)
class Reason:
    """A rule that applied, with the ratings it read."""

    rule: Rule
    read: tuple[tuple[str, int], ...]
    """(dimension, rating) pairs the rule looked at (for breadth rules: those that count)."""


@dataclass(frozen=True)
class Recommendation:
    """What the teaching model recommends, and why.

    Attributes
    ----------
    level : str
        A member of the model's levels.
    level_name : str
        Its name ("Intensive outpatient").
    reasons : tuple of Reason
        The rules that set the level, then those that applied with a lower floor.
    rules : tuple of Rule
        The rules that set the level.
    also_considered : tuple of Rule
        Rules that applied but set a lower floor.
    drivers : tuple of str
        The dimension keys of the rules that set the level (empty at the lowest level).
    needs_first : tuple of Prerequisite
        What the client needs before (or instead of) this placement.
    ratings : dict
        The validated ratings.
    adolescent : bool
        Whether the adolescent variant was used.
    model : str
        The model's name.
    short_names : dict
        Short names of the dimensions (for the rationale's sentences).
    adolescent_iop_min_hours : float
        Weekly hours at which IOP starts for adolescents (said in the adolescent note).
    """

    level: str
    level_name: str
    reasons: tuple[Reason, ...]
    drivers: tuple[str, ...]
    needs_first: tuple[Prerequisite, ...]
    ratings: Mapping[str, int]
    adolescent: bool
    model: str
    short_names: Mapping[str, str] = field(repr=False)
    adolescent_iop_min_hours: float = field(repr=False, default=6)

    @property
    def rules(self) -> tuple[Rule, ...]:
        """The rules that set the level."""
        return tuple(r.rule for r in self.reasons if r.rule.level == self.level)

    @property
    def also_considered(self) -> tuple[Rule, ...]:
        """Rules that applied but set a lower floor, highest first."""
        return tuple(r.rule for r in self.reasons if r.rule.level != self.level)

    @property
    def label(self) -> str:
        """``'Level 2.1 (Intensive outpatient)'``."""
        return f"Level {self.level} ({self.level_name})"

    @property
    def emergency(self) -> bool:
        """Whether an emergency replaces the placement decision."""
        return any(p.instead_of_placement for p in self.needs_first)

    @property
    def first_phrase(self) -> str:
        """What comes first, as a phrase ("a medical withdrawal-risk assessment")."""
        return " and ".join(_lower_first(p.first) for p in self.needs_first)

    @property
    def summary(self) -> str:
        """The recommendation in one sentence, prerequisites first."""
        if self.emergency:
            first = next(p for p in self.needs_first if p.instead_of_placement)
            return (f"No placement yet: {_lower_first(first.first)} comes first, and the "
                    f"placement is decided after it. Until then, the model's rules reach "
                    f"{self.label}.")
        if self.needs_first:
            return f"{self.label}, only after {self.first_phrase}."
        return f"{self.label}."

    def reason_text(self, reason: Reason) -> str:
        """One reason as a sentence: condition, ratings read, floor and why."""
        read = ", ".join(f"{self.short_names[d]} {n}" for d, n in reason.read)
        return (f"{reason.rule.when} ({read}) → at least Level {reason.rule.level}: "
                f"{reason.rule.why}")

    @property
    def rationale(self) -> tuple[str, ...]:
        """The reasons as sentences, most decisive first (plain text)."""
        if not self.reasons:
            high = max(self.ratings.values())
            top = [self.short_names[d] for d, v in self.ratings.items() if v == high]
            lines = [f"No rule of the model applies: no rating or combination of ratings "
                     f"calls for more than outpatient care (highest rating {high}: "
                     f"{', '.join(top)}). {self.label}, with regular review."]
        else:
            lines = [self.reason_text(r) for r in self.reasons if r.rule.level == self.level]
            lines += [f"Also considered: {self.reason_text(r)}" for r in self.reasons
                      if r.rule.level != self.level]
        if self.adolescent:
            lines.append(f"Adolescent variant: the hours that define each level are lower "
                         f"for adolescents (an IOP offers at least "
                         f"{self.adolescent_iop_min_hours:g} hours a week).")
        return tuple(lines)

    def __str__(self) -> str:
        first = [f"First: {p.first}. {p.says}" for p in self.needs_first]
        return "\n".join([self.model, self.summary, *first,
                          *(f"- {r}" for r in self.rationale)])


def _lower_first(text: str) -> str:
    """"A medical assessment" -> "a medical assessment"; "IOP first" stays as it is."""
    return text if text[1:2].isupper() else text[:1].lower() + text[1:]


def _number(value: object) -> bool:
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


def _shown(number: int) -> str:
    """An integer as text, or its size when it is too long to show."""
    if -10 ** 9 < number < 10 ** 9:
        return str(number)
    return f"an integer of about {int(number.bit_length() * 0.30103) + 1} digits"


@dataclass(frozen=True)
class TeachingModel:
    """The teaching model, built from its data: dimensions, levels, rules, prerequisites.

    Attributes
    ----------
    name : str
        The label the model carries wherever it is shown.
    note : str
        One sentence shown next to every output (the model is not the ASAM Criteria).
    dimensions : tuple of str
        Dimension keys, in the order of the ASAM Criteria, 3rd edition.
    names, short_names, focus : dict
        Each dimension's name, short name, and what it asks about.
    anchors : dict
        The model's words for each point of the rating scale (0 to :attr:`max_rating`).
    levels : tuple of str
        The levels it can recommend, least intensive first.
    level_names : dict
        Each level's name.
    rules : tuple of Rule
        Every rule, in the data's order.
    prerequisites : tuple of Prerequisite
        What may be needed before (or instead of) a placement.
    adolescent_iop_min_hours : float
        Weekly hours at which IOP starts for adolescents.
    """

    name: str
    note: str
    dimensions: tuple[str, ...]
    names: Mapping[str, str]
    short_names: Mapping[str, str]
    focus: Mapping[str, str]
    anchors: Mapping[int, str]
    levels: tuple[str, ...]
    level_names: Mapping[str, str]
    rules: tuple[Rule, ...]
    prerequisites: tuple[Prerequisite, ...]
    adolescent_iop_min_hours: float = 6

    # ---------------------------------------------------------------- building

    @classmethod
    def build(cls, spec: PlacementModelSpec, levels: LevelsOfCare) -> TeachingModel:
        """The model described by ``spec``, over the teaching-model levels of ``levels``.

        Raises
        ------
        RuleError
            When a rule's or prerequisite's condition is not in the condition language
            (the message names the rule, the field and the bad token) or names a level
            the model cannot recommend.
        """
        dims = tuple(d.key for d in spec.dimensions)
        short = {d.key: d.short_name for d in spec.dimensions}
        max_rating = max(a.rating for a in spec.ratings)
        model_levels = tuple(lv.code for lv in levels.teaching_model_levels)

        def condition(entry: str, text: str) -> Condition:
            try:
                return parse(text, dims, max_rating=max_rating)
            except ConditionError as exc:
                raise RuleError(entry, "when", str(exc)) from None

        def known(entry: str, name: str, level: str | None) -> None:
            if level is not None and level not in model_levels:
                raise RuleError(entry, name, f"level {level!r} is not one the teaching model "
                                f"can recommend ({', '.join(model_levels)}; see "
                                f"levels-of-care.yaml, in_teaching_model)")

        rules = []
        for rule in spec.rules:
            known(rule.id, "level", rule.level)
            parsed = condition(rule.id, rule.when)
            who = {"everyone": "", "adults": " (adults)", "adolescents": " (adolescents)"}
            rules.append(Rule(rule.id, rule.level, parsed,
                              describe(parsed, short, max_rating) + who[rule.applies_to],
                              rule.why, rule.applies_to, tuple(rule.cite)))
        prerequisites = []
        for pre in spec.prerequisites:
            known(pre.id, "unless_level", pre.unless_level)
            parsed = condition(pre.id, pre.when)
            prerequisites.append(Prerequisite(
                pre.id, parsed, describe(parsed, short, max_rating), pre.first, pre.says,
                pre.unless_level, pre.instead_of_placement, tuple(pre.cite)))
        return cls(name=spec.name, note=spec.note, dimensions=dims,
                   names={d.key: d.name for d in spec.dimensions}, short_names=short,
                   focus={d.key: d.focus for d in spec.dimensions},
                   anchors={a.rating: a.anchor for a in spec.ratings}, levels=model_levels,
                   level_names={lv.code: lv.name for lv in levels.teaching_model_levels},
                   rules=tuple(rules), prerequisites=tuple(prerequisites),
                   adolescent_iop_min_hours=levels.iop_min_hours(adolescent=True))

    # ------------------------------------------------------------------ levels

    @property
    def max_rating(self) -> int:
        """The highest point of the rating scale."""
        return max(self.anchors)

    @functools.cached_property
    def _rank(self) -> dict[str, int]:
        return {level: i for i, level in enumerate(self.levels)}

    def level_index(self, level: str) -> int:
        """Position of a level code in :attr:`levels` (0 = least intensive).

        Raises
        ------
        ValueError
            For a level the model does not know (the message lists them).
        """
        try:
            return self._rank[level]
        except (KeyError, TypeError):
            raise ValueError(f"unknown level {level!r:.40}; levels are "
                             f"{', '.join(self.levels)}") from None

    def level_label(self, level: str) -> str:
        """``'Level 2.1 (Intensive outpatient)'``."""
        self.level_index(level)
        return f"Level {level} ({self.level_names[level]})"

    # ------------------------------------------------------------------- input

    def validate_ratings(self, ratings: object) -> dict[str, int]:
        """Check a ratings mapping and return it as a plain ``{dimension: int}`` dict.

        Integers of any kind (numpy's too) are accepted; floats, strings and booleans
        are not ratings.  At most :data:`MAX_ENTRIES_PER_DIMENSION` entries per dimension
        are read, so a huge or endless mapping is refused without reading it all.

        Raises
        ------
        ValueError
            When ``ratings`` is not a mapping, a dimension is missing or unknown, or a
            rating is not an integer on the scale (the message names the dimension, the
            value and the scale).
        """
        scale = f"{min(self.anchors)}-{self.max_rating}"
        if not isinstance(ratings, Mapping):
            raise ValueError(f"ratings must be a mapping of each dimension to a rating "
                            f"{scale}, got {type(ratings).__name__}")
        limit = MAX_ENTRIES_PER_DIMENSION * len(self.dimensions)
        keys = list(itertools.islice(iter(ratings), limit + 1))  # never more than that
        if len(keys) > limit:
            raise ValueError(f"ratings has more than {limit} entries; it must map the "
                             f"{len(self.dimensions)} dimensions, each once")
        unknown = [k for k in keys if k not in self.dimensions]
        if unknown:
            shown = ", ".join(repr(k)[:40] for k in unknown[:6])
            raise ValueError(f"unknown dimension(s) {shown}; the dimensions are "
                             f"{', '.join(self.dimensions)}")
        missing = [d for d in self.dimensions if d not in ratings]
        if missing:
            raise ValueError(f"missing dimension(s) {', '.join(missing)}: rate all "
                             f"{len(self.dimensions)} dimensions "
                             f"({', '.join(self.dimensions)})")
        valid: dict[str, int] = {}
        for dim in self.dimensions:
            value = ratings[dim]
            if not _number(value):
                kind = "a boolean" if isinstance(value, bool) else f"a {type(value).__name__}"
                raise ValueError(f"rating for {dim} must be an integer from {scale}, got "
                                f"{value!r:.40} ({kind})")
            if not min(self.anchors) <= value <= self.max_rating:
                raise ValueError(
                    f"rating for {dim} is {_shown(int(value))}, outside {scale}: ratings run from "
                    f"{min(self.anchors)} ({self.anchors[min(self.anchors)]}) to "
                    f"{self.max_rating} ({self.anchors[self.max_rating]})")
            valid[dim] = int(value)
        return valid

    # ------------------------------------------------------------------- model

    def recommend(self, ratings: Mapping[str, int], *,
                  adolescent: bool = False) -> Recommendation:
        """The teaching model's level of care for a rating of every dimension.

        Parameters
        ----------
        ratings : mapping
            Every dimension key mapped to an integer rating on the scale (0 to 4).
        adolescent : bool
            Use the adolescent variant of the model.

        Returns
        -------
        Recommendation
            ``.level`` (a member of :attr:`levels`), ``.needs_first`` and ``.rationale``.

        Raises
        ------
        ValueError
            When ``adolescent`` is not a boolean (numpy's are accepted), or for ratings
            that :meth:`validate_ratings` refuses.
        """
        if not is_bool(adolescent):
            raise ValueError(f"adolescent must be True or False, got {adolescent!r:.40}")
        adolescent = bool(adolescent)
        valid = self.validate_ratings(ratings)
        applied = [rule for rule in self.rules if rule.applies(valid, adolescent)]
        level = self.levels[0]
        if applied:
            level = self.levels[max(self.level_index(r.level) for r in applied)]
        applied.sort(key=lambda r: -self.level_index(r.level))  # stable: data order kept
        reasons = tuple(Reason(r, self._read(r, valid)) for r in applied)
        driving = {d for reason in reasons if reason.rule.level == level
                   for d, _ in reason.read}
        drivers = tuple(d for d in self.dimensions if d in driving)
        at = self.level_index(level)
        needs = tuple(p for p in self.prerequisites if p.condition.holds(valid)
                      and (p.unless_level is None or at < self.level_index(p.unless_level)))
        return Recommendation(level, self.level_names[level], reasons, drivers, needs, valid,
                              adolescent, self.name, self.short_names,
                              self.adolescent_iop_min_hours)

    def _read(self, rule: Rule, ratings: Mapping[str, int]) -> tuple[tuple[str, int], ...]:
        """The ratings a rule that applied read: every dimension it names, or for a breadth
        condition the dimensions that reached its rating."""
        read: dict[str, int] = {}
        for dim, threshold in rule.condition.thresholds():
            if dim is not None:
                read[dim] = ratings[dim]
            else:
                read.update((d, ratings[d]) for d in self.dimensions if ratings[d] >= threshold)
        return tuple((d, read[d]) for d in self.dimensions if d in read)


    # ------------------------------------------------------------------- cases

    def compare(self, case: Case, ratings: Mapping[str, int], level: str) -> CaseComparison:
        """Compare a trainee's ratings and chosen level with a case's expert answer.

        Raises
        ------
        ValueError
            For ratings :meth:`validate_ratings` refuses, or a level the model does not
            know.
        TypeError
            When ``case`` is not a case.
        """
        if not isinstance(case, Case):
            raise TypeError(f"case must be a Case, got {type(case).__name__}")
        valid = self.validate_ratings(ratings)
        self.level_index(level)
        expert = self.validate_ratings(case.expert_ratings())
        dims = tuple(DimensionComparison(d, valid[d], expert[d], case.dimensions[d].rationale)
                     for d in self.dimensions)
        return CaseComparison(case.id, dims, level, case.expert_level,
                              self.level_index(level) - self.level_index(case.expert_level),
                              self.recommend(valid, adolescent=case.adolescent),
                              self.recommend(expert, adolescent=case.adolescent))


@dataclass(frozen=True)
class DimensionComparison:
    """A trainee's rating of one dimension next to the expert's."""

    dimension: str
    trainee: int
    expert: int
    rationale: str
    """The expert's reason for their rating."""

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
    level_steps: int
    """Trainee's level minus expert's, in steps of the model's levels."""
    trainee_model: Recommendation
    """The model's recommendation for the trainee's own ratings."""
    expert_model: Recommendation
    """The model's recommendation for the expert's ratings."""

    @property
    def agreements(self) -> int:
        """How many dimensions the trainee rated as the expert did."""
        return sum(d.agrees for d in self.dimensions)

    @property
    def differences(self) -> tuple[DimensionComparison, ...]:
        """The dimensions rated differently."""
        return tuple(d for d in self.dimensions if not d.agrees)

    @property
    def level_agrees(self) -> bool:
        """Whether the trainee chose the expert's level."""
        return self.trainee_level == self.expert_level


# ------------------------------------------------------------------ words


def describe(condition: Condition, short_names: Mapping[str, str], max_rating: int = 4) -> str:
    """A condition in words, e.g. "Relapse potential 3 or more and recovery environment 3
    or more"; a single rating reads "Relapse potential rated 4"."""
    if isinstance(condition, AtLeast):
        return _capital(f"{short_names[condition.dimension]} rated "
                        f"{_threshold(condition.rating, max_rating)}")
    return _capital(_words(condition, short_names, max_rating))


def _threshold(rating: int, max_rating: int) -> str:
    return f"{rating}" if rating == max_rating else f"{rating} or more"


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _words(condition: Condition, short: Mapping[str, str], max_rating: int) -> str:
    if isinstance(condition, AtLeast):
        name = short[condition.dimension]
        return f"{name[:1].lower()}{name[1:]} {_threshold(condition.rating, max_rating)}"
    if isinstance(condition, DimensionsAtLeast):
        return (f"{condition.count} or more dimensions rated "
                f"{_threshold(condition.rating, max_rating)}")
    parts = [_words(p, short, max_rating) for p in condition.parts]
    if isinstance(condition, AllOf):
        parts = [f"({p})" if isinstance(c, AnyOf) else p
                 for p, c in zip(parts, condition.parts, strict=True)]
        text = ", ".join(parts[:-1]) + " and " + parts[-1]
    else:
        parts = [f"({p})" if isinstance(c, AllOf | AnyOf) and len(condition.parts) > 1 else p
                 for p, c in zip(parts, condition.parts, strict=True)]
        text = " or ".join(parts)
    return text
