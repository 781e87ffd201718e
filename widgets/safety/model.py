"""Module 6 (Safety first): the pure rules behind the safety simulators.

Data in, results out: no file reading, no HTML, no widgets.  The clinical wording (the
questions, what a counselor does for each result, the scale items and their sources)
lives once, in the module's YAML (``curriculum/06_safety/``); this module holds only the
logic and the ids that the YAML is checked against.

- **ASQ triage** (NIMH's Ask Suicide-Screening Questions): :func:`triage_asq` turns the
  answers to the four screening questions and the acuity question into one of
  :data:`ASQ_RESULTS`.
- **PAWSS** (Prediction of Alcohol Withdrawal Severity Scale): :class:`PawssScale` (the
  items, the gate item and the high-risk threshold, all from YAML) and
  :func:`score_pawss`.
- **Dangerous withdrawal**: :func:`assess_withdrawal_danger` combines a PAWSS result,
  risk factors, signs of an emergency and sedative use into one of
  :data:`DANGER_LEVELS` with the reasons for it.
- **Drug tests**: :func:`interpret_test` says what one result can and cannot tell you
  (:class:`Panel` data from YAML).
- **Safety plan**: :class:`SafetyPlan` (the six Stanley-Brown steps) and
  :func:`review_safety_plan`, gentle notes that never block anything.

Every function checks its input: a wrong type raises ``TypeError`` and a wrong value
``ValueError``, each naming the argument, the value and what is allowed.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from widgets.core.worksheet import clean_worksheet

__all__ = [
    "ASQ_ACUITY_ITEM",
    "ASQ_RESULTS",
    "ASQ_SCREEN_ITEMS",
    "DANGER_LEVELS",
    "PLAN_NOTE_CODES",
    "SAFETY_PLAN_STEPS",
    "SEDATIVE_USE",
    "STATEMENT_CODES",
    "TEST_METHODS",
    "TEST_RESULTS",
    "AsqTriage",
    "DangerAssessment",
    "DangerRules",
    "Interpretation",
    "Panel",
    "PawssScale",
    "PawssScore",
    "PlanNote",
    "SafetyPlan",
    "TestResult",
    "assess_withdrawal_danger",
    "interpret_test",
    "review_safety_plan",
    "safety_plan_is_complete",
    "score_pawss",
    "triage_asq",
]

Answer = bool | None
"""A yes/no answer: ``True`` (yes), ``False`` (no) or ``None`` (not answered)."""

_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def _answers(name: str, answers: object, allowed: Collection[str]) -> dict[str, Answer]:
    """``answers`` checked: a mapping of known item ids to True, False or None.

    Items left out count as not answered.
    """
    if not isinstance(answers, Mapping):
        raise TypeError(f"{name} must be a mapping of item id to True (yes), False (no) or "
                        f"None (not answered); got {type(answers).__name__} {answers!r}")
    out: dict[str, Answer] = {item: None for item in allowed}
    for key, value in answers.items():
        if key not in out:
            raise ValueError(f"{name}: unknown item {key!r}; the items are "
                             f"{', '.join(allowed)}")
        if value is not None and not isinstance(value, bool):
            raise TypeError(f"{name}[{key!r}] must be True (yes), False (no) or None (not "
                            f"answered); got {value!r}")
        out[key] = value
    return out


def _ids(name: str, values: object, allowed: Collection[str]) -> tuple[str, ...]:
    """A collection of ids checked against ``allowed`` (order kept, repeats dropped)."""
    if isinstance(values, str) or not isinstance(values, Iterable):
        raise TypeError(f"{name} must be a list of ids; got {values!r}")
    out: list[str] = []
    for value in values:
        if value not in allowed:
            raise ValueError(f"{name}: unknown id {value!r}; allowed: "
                             f"{', '.join(allowed) or 'none'}")
        if value not in out:
            out.append(value)
    return tuple(out)


def _choice(name: str, value: object, allowed: Collection[str]) -> str:
    if not isinstance(value, str) or value not in allowed:
        raise ValueError(f"{name} must be one of {', '.join(allowed)}; got {value!r}")
    return value


# ------------------------------------------------------------------------------ ASQ

ASQ_SCREEN_ITEMS: tuple[str, ...] = (
    "wished-dead", "better-off-dead", "thoughts-of-killing-self", "ever-tried")
"""The ids of the ASQ's four screening questions, in the order they are asked."""
ASQ_ACUITY_ITEM = "thoughts-right-now"
"""The id of the fifth, acuity question (asked after a positive screen)."""

AsqResult = Literal["negative", "positive-acuity-not-asked", "non-acute-positive",
                    "acute-positive", "incomplete"]
ASQ_RESULTS: tuple[str, ...] = ("negative", "positive-acuity-not-asked",
                                "non-acute-positive", "acute-positive", "incomplete")
"""Every result :func:`triage_asq` can give (the YAML describes each one)."""


@dataclass(frozen=True)
class AsqTriage:
    """The result of one ASQ screen.

    Attributes
    ----------
    result : str
        One of :data:`ASQ_RESULTS`.
    yes_items, unanswered_items : tuple of str
        Screening questions answered yes, and not answered (ids, in order).
    acuity : bool or None
        The answer to the acuity question (``None``: not asked).
    """

    result: AsqResult
    yes_items: tuple[str, ...]
    unanswered_items: tuple[str, ...]
    acuity: Answer

    @property
    def positive(self) -> bool:
        """Whether the screen is positive (acute or not)."""
        return self.result in ("positive-acuity-not-asked", "non-acute-positive",
                               "acute-positive")

    @property
    def acuity_question_needed(self) -> bool:
        """A positive screen whose acuity question has not been asked yet."""
        return self.result == "positive-acuity-not-asked"


def triage_asq(answers: Mapping[str, Answer], acuity: Answer = None) -> AsqTriage:
    """Triage an ASQ screen from the client's answers.

    Parameters
    ----------
    answers : mapping of str to bool or None
        The four screening questions (:data:`ASQ_SCREEN_ITEMS`) answered ``True`` (yes),
        ``False`` (no) or ``None`` (not answered); a question left out is not answered.
    acuity : bool or None
        The acuity question ("thoughts of killing yourself right now?"); ``None`` when it
        was not asked.

    Returns
    -------
    AsqTriage
        - ``acute-positive``: a yes to the acuity question.  This wins over everything
          else: a client who says yes to having thoughts of killing themselves right now
          is never screened out, even if the four questions were all answered no.
        - ``non-acute-positive``: a yes to any of the four, and no to the acuity question.
        - ``positive-acuity-not-asked``: a yes to any of the four; ask the acuity
          question now.
        - ``incomplete``: no yes, but a question was not answered.  An unanswered
          question is never read as a no.
        - ``negative``: no to all four (the acuity question is not needed).

    Raises
    ------
    TypeError
        ``answers`` is not a mapping, or an answer (or ``acuity``) is not True, False or
        None.
    ValueError
        ``answers`` names an item that is not one of the four.
    """
    checked = _answers("answers", answers, ASQ_SCREEN_ITEMS)
    if acuity is not None and not isinstance(acuity, bool):
        raise TypeError(f"acuity must be True (yes), False (no) or None (not asked); got "
                        f"{acuity!r}")
    yes = tuple(i for i in ASQ_SCREEN_ITEMS if checked[i] is True)
    unanswered = tuple(i for i in ASQ_SCREEN_ITEMS if checked[i] is None)
    result: AsqResult
    if acuity is True:
        result = "acute-positive"
    elif yes:
        result = "non-acute-positive" if acuity is False else "positive-acuity-not-asked"
    elif unanswered:
        result = "incomplete"
    else:
        result = "negative"
    return AsqTriage(result, yes, unanswered, acuity)


# ---------------------------------------------------------------------------- PAWSS


@dataclass(frozen=True)
class PawssScale:
    """The PAWSS as data: its items, the gate item and the high-risk threshold.

    Attributes
    ----------
    items : tuple of str
        Every item id, in order (yes/no, one point each).
    gate : str
        The gate item: when it is answered no, the scale stops there.
    threshold : int
        A total at or above it is high risk.
    gate_scores : bool
        Whether a yes to the gate item counts one point like the others.
    """

    items: tuple[str, ...]
    gate: str
    threshold: int
    gate_scores: bool = True

    def __post_init__(self) -> None:
        if not self.items or len(set(self.items)) != len(self.items):
            raise ValueError(f"items must be unique ids, at least one; got {self.items!r}")
        if self.gate not in self.items:
            raise ValueError(f"gate {self.gate!r} is not one of the items "
                             f"({', '.join(self.items)})")
        if isinstance(self.threshold, bool) or not isinstance(self.threshold, int) \
                or not 1 <= self.threshold <= self.max_total:
            raise ValueError(f"threshold must be a whole number from 1 to {self.max_total}; "
                             f"got {self.threshold!r}")

    @property
    def scored_items(self) -> tuple[str, ...]:
        """The items that count towards the total."""
        return self.items if self.gate_scores else tuple(
            i for i in self.items if i != self.gate)

    @property
    def max_total(self) -> int:
        """The highest possible total."""
        return len(self.scored_items)


PawssStatus = Literal["gate-not-met", "high-risk", "below-threshold", "incomplete"]


@dataclass(frozen=True)
class PawssScore:
    """A PAWSS result.

    Attributes
    ----------
    status : str
        ``gate-not-met`` (the gate item was answered no: the scale stops),
        ``high-risk`` (total at or above the threshold), ``below-threshold``, or
        ``incomplete`` (the gate is unanswered, or unanswered items could still take the
        total to the threshold).
    total : int or None
        Points from the yes answers (``None`` when the gate stopped the scale).
    threshold : int
        The scale's high-risk threshold.
    yes_items, unanswered_items : tuple of str
    """

    status: PawssStatus
    total: int | None
    threshold: int
    yes_items: tuple[str, ...]
    unanswered_items: tuple[str, ...]

    @property
    def high_risk(self) -> bool:
        """Whether the total is at or above the threshold."""
        return self.status == "high-risk"

    @property
    def gate_met(self) -> bool:
        """Whether the gate item was answered yes."""
        return self.status != "gate-not-met" and self.total is not None


def score_pawss(scale: PawssScale, answers: Mapping[str, Answer]) -> PawssScore:
    """Score the PAWSS from yes/no answers.

    An answer left out counts as not answered.  When the gate item is answered no the
    scale stops (the other answers are not scored).  A result is ``high-risk`` as soon
    as the yes answers reach the threshold; ``incomplete`` when the gate is unanswered or
    the unanswered items could still reach it.

    Raises
    ------
    TypeError
        ``scale`` is not a :class:`PawssScale`, ``answers`` is not a mapping, or an
        answer is not True, False or None.
    ValueError
        ``answers`` names an item the scale does not have.
    """
    if not isinstance(scale, PawssScale):
        raise TypeError(f"scale must be a PawssScale; got {type(scale).__name__}")
    checked = _answers("answers", answers, scale.items)
    yes = tuple(i for i in scale.items if checked[i] is True)
    unanswered = tuple(i for i in scale.items if checked[i] is None)
    gate = checked[scale.gate]
    if gate is False:
        return PawssScore("gate-not-met", None, scale.threshold, yes, unanswered)
    total = sum(1 for i in scale.scored_items if checked[i] is True)
    open_points = sum(1 for i in scale.scored_items if checked[i] is None)
    status: PawssStatus
    if gate is None:
        status = "incomplete"
    elif total >= scale.threshold:
        status = "high-risk"
    elif total + open_points >= scale.threshold:
        status = "incomplete"
    else:
        status = "below-threshold"
    return PawssScore(status, total, scale.threshold, yes, unanswered)


# ------------------------------------------------------------------ dangerous withdrawal

DangerLevel = Literal["emergency", "medical-assessment-first", "talk-to-prescriber",
                      "no-flag-found"]
DANGER_LEVELS: tuple[str, ...] = ("emergency", "medical-assessment-first",
                                  "talk-to-prescriber", "no-flag-found")
"""From most to least urgent (the YAML says what a counselor does at each)."""

SEDATIVE_USE: tuple[str, ...] = ("none", "daily", "stopping-or-cutting-down")
"""How the client uses benzodiazepines or other sedatives: not at all; every day (as
prescribed or not); or stopping or cutting down now (or planning to)."""

SEDATIVE_RISK_FACTOR = "sedative-dependence"
"""The risk factor id that daily sedative use adds when the client also drinks."""


@dataclass(frozen=True)
class DangerRules:
    """The ids the withdrawal-danger check accepts (all from YAML).

    Attributes
    ----------
    pawss : PawssScale
    risk_factors : tuple of str
        Risk factors for complicated alcohol withdrawal; must include
        ``sedative-dependence``.
    emergency_signs : tuple of str
        Signs that make withdrawal an emergency now.
    """

    pawss: PawssScale
    risk_factors: tuple[str, ...]
    emergency_signs: tuple[str, ...]

    def __post_init__(self) -> None:
        if SEDATIVE_RISK_FACTOR not in self.risk_factors:
            raise ValueError(f"risk_factors must include {SEDATIVE_RISK_FACTOR!r}; got "
                             f"{', '.join(self.risk_factors)}")
        for name in ("risk_factors", "emergency_signs"):
            bad = [v for v in getattr(self, name) if not _ID.match(v)]
            if bad:
                raise ValueError(f"{name}: not kebab-case ids: {bad!r}")


@dataclass(frozen=True)
class DangerAssessment:
    """What the withdrawal-danger check found.

    Attributes
    ----------
    level : str
        One of :data:`DANGER_LEVELS`.
    reasons : tuple of str
        Why, most urgent first, as codes: ``emergency-sign:<id>``, ``pawss-high-risk``,
        ``pawss-incomplete``, ``risk-factor:<id>``, ``sedative-stopping``,
        ``sedative-daily``.
    """

    level: DangerLevel
    reasons: tuple[str, ...]

    @property
    def iop_as_planned(self) -> bool:
        """Whether nothing here stands in the way of plain IOP without a medical look."""
        return self.level in ("no-flag-found", "talk-to-prescriber")


def assess_withdrawal_danger(rules: DangerRules, pawss: PawssScore | None, *,
                             risk_factors: Iterable[str] = (),
                             emergency_signs: Iterable[str] = (),
                             sedative_use: str = "none") -> DangerAssessment:
    """Sort a client's withdrawal picture into what the counselor does next.

    Parameters
    ----------
    rules : DangerRules
    pawss : PawssScore or None
        The client's PAWSS, or ``None`` when it was not done.
    risk_factors : iterable of str
        Risk factors for complicated alcohol withdrawal the client has (ids of
        ``rules.risk_factors``).  They count when the client drinks: when the PAWSS gate
        was met, or when there is no PAWSS.
    emergency_signs : iterable of str
        Signs seen now (ids of ``rules.emergency_signs``).
    sedative_use : str
        One of :data:`SEDATIVE_USE`.

    Returns
    -------
    DangerAssessment
        ``emergency`` if any emergency sign is present; otherwise
        ``medical-assessment-first`` for a high-risk or unfinished PAWSS, any risk
        factor in a client who drinks, or stopping or cutting down a sedative; otherwise
        ``talk-to-prescriber`` for daily sedative use; otherwise ``no-flag-found`` (which
        never means "safe": scales alone do not decide).
    """
    if not isinstance(rules, DangerRules):
        raise TypeError(f"rules must be DangerRules; got {type(rules).__name__}")
    if pawss is not None and not isinstance(pawss, PawssScore):
        raise TypeError(f"pawss must be a PawssScore or None; got {type(pawss).__name__}")
    factors = _ids("risk_factors", risk_factors, rules.risk_factors)
    signs = _ids("emergency_signs", emergency_signs, rules.emergency_signs)
    sedative = _choice("sedative_use", sedative_use, SEDATIVE_USE)
    drinks = pawss is None or pawss.status != "gate-not-met"
    if sedative != "none" and drinks and SEDATIVE_RISK_FACTOR not in factors:
        factors = (*factors, SEDATIVE_RISK_FACTOR)
    reasons = [f"emergency-sign:{s}" for s in signs]
    if pawss is not None and pawss.status == "high-risk":
        reasons.append("pawss-high-risk")
    if pawss is not None and pawss.status == "incomplete":
        reasons.append("pawss-incomplete")
    if drinks:
        reasons += [f"risk-factor:{f}" for f in factors]
    if sedative == "stopping-or-cutting-down":
        reasons.append("sedative-stopping")
    elif sedative == "daily":
        reasons.append("sedative-daily")
    level: DangerLevel
    if signs:
        level = "emergency"
    elif any(r != "sedative-daily" for r in reasons):
        level = "medical-assessment-first"
    elif reasons:
        level = "talk-to-prescriber"
    else:
        level = "no-flag-found"
    return DangerAssessment(level, tuple(reasons))


# ------------------------------------------------------------------------ drug tests

TEST_METHODS: tuple[str, ...] = ("presumptive", "definitive")
"""Presumptive: an immunoassay screen.  Definitive: a confirmatory test (mass
spectrometry) that identifies the substance."""
TEST_RESULTS: tuple[str, ...] = ("positive", "negative")

STATEMENT_CODES: tuple[str, ...] = (
    # what the result can say
    "screen-reacted", "substance-identified", "expected-from-prescription",
    # what it cannot say
    "not-confirmed", "not-when-or-how-much", "negative-not-proof",
    "misses-other-substances", "maybe-false-positive",
    # what to do next
    "respond-promptly-without-blame", "ask-self-report", "confirm-if-it-matters",
    "no-decision-on-one-test", "check-medications", "overdose-safety",
    "explore-missing-medication", "order-the-right-test",
)
"""Every statement :func:`interpret_test` can make (the YAML words each one)."""


@dataclass(frozen=True)
class Panel:
    """One test in a drug-test panel (data from YAML).

    Attributes
    ----------
    id : str
        E.g. ``opiates``, ``fentanyl``, ``buprenorphine``.
    misses : tuple of str
        Ids of substances a client may think this test covers but it does not detect
        (each needs its own test).
    false_positive_from : tuple of str
        Ids of medications that can make this screen (presumptive test) read positive.
    prescribed_as : tuple of str
        Ids of medications whose use this test is expected to show (e.g. buprenorphine).
    overdose_warning : bool
        A positive result means a high overdose risk to talk about (e.g. fentanyl).
    """

    id: str
    misses: tuple[str, ...] = ()
    false_positive_from: tuple[str, ...] = ()
    prescribed_as: tuple[str, ...] = ()
    overdose_warning: bool = False


@dataclass(frozen=True)
class TestResult:
    """One result: which test, how it was done, and what it showed."""

    __test__ = False  # not a pytest test class

    panel: str
    method: str
    result: str


@dataclass(frozen=True)
class Interpretation:
    """What one test result can and cannot tell you, and what to do next.

    Attributes
    ----------
    status : str
        ``presumptive-positive``, ``definitive-positive``, ``presumptive-negative`` or
        ``definitive-negative``.
    can_say, cannot_say, next_steps : tuple of str
        Statement codes (:data:`STATEMENT_CODES`).
    possible_false_positive_from : tuple of str
        The client's medications that can make this screen read positive.
    not_detected : tuple of str
        Substances this test does not detect.
    """

    status: str
    can_say: tuple[str, ...]
    cannot_say: tuple[str, ...]
    next_steps: tuple[str, ...]
    possible_false_positive_from: tuple[str, ...] = ()
    not_detected: tuple[str, ...] = ()

    @property
    def statements(self) -> tuple[str, ...]:
        """Every statement code, in the order can say, cannot say, next steps."""
        return (*self.can_say, *self.cannot_say, *self.next_steps)


def interpret_test(panels: Mapping[str, Panel], test: TestResult, *,
                   medications: Iterable[str] = ()) -> Interpretation:
    """What a single drug-test result can and cannot say.

    Parameters
    ----------
    panels : mapping of str to Panel
        Every test the program uses, by id (from YAML).
    test : TestResult
    medications : iterable of str
        Ids of the medications the client takes (prescribed or over the counter).

    Raises
    ------
    TypeError
        ``test`` is not a :class:`TestResult`, or ``medications`` is not a list of ids.
    ValueError
        An unknown panel, method or result (the message lists the allowed values).
    """
    if not isinstance(test, TestResult):
        raise TypeError(f"test must be a TestResult; got {type(test).__name__}")
    panel_id = _choice("test.panel", test.panel, tuple(panels))
    method = _choice("test.method", test.method, TEST_METHODS)
    result = _choice("test.result", test.result, TEST_RESULTS)
    if isinstance(medications, str) or not isinstance(medications, Iterable):
        raise TypeError(f"medications must be a list of medication ids; got "
                        f"{medications!r}")
    meds = tuple(dict.fromkeys(medications))
    panel = panels[panel_id]
    can: list[str] = []
    cannot: list[str] = []
    steps = ["respond-promptly-without-blame", "ask-self-report"]
    false_from: tuple[str, ...] = ()
    prescribed = any(m in panel.prescribed_as for m in meds)
    if result == "positive":
        if method == "presumptive":
            can.append("screen-reacted")
            cannot.append("not-confirmed")
            false_from = tuple(m for m in meds if m in panel.false_positive_from)
            if false_from:
                cannot.append("maybe-false-positive")
                steps.append("check-medications")
            steps.append("confirm-if-it-matters")
        else:
            can.append("substance-identified")
        if prescribed:
            can.append("expected-from-prescription")
        cannot.append("not-when-or-how-much")
        if panel.overdose_warning:
            steps.append("overdose-safety")
    else:
        cannot.append("negative-not-proof")
        if prescribed:
            steps.append("explore-missing-medication")
    if panel.misses:
        cannot.append("misses-other-substances")
        steps.append("order-the-right-test")
    steps.append("no-decision-on-one-test")
    return Interpretation(f"{method}-{result}", tuple(can), tuple(cannot), tuple(steps),
                          false_from, panel.misses)


# ----------------------------------------------------------------------- safety plan

SAFETY_PLAN_STEPS: tuple[str, ...] = (
    "warning_signs", "internal_coping", "social_distraction", "family_and_friends",
    "professionals_and_agencies", "safe_environment")
"""The six steps of the Stanley-Brown safety plan, in order (field names of
:class:`SafetyPlan`; the YAML gives each its heading and prompt)."""

PLAN_NOTE_CODES: tuple[str, ...] = (
    "empty", "placeholder", "repeated", "coping-involves-use", "means-without-plan",
    "add-local-contact", "name-placeholder")
"""Every note :func:`review_safety_plan` can give (the YAML words each one)."""

_USE = re.compile(
    r"\b(?:drinks?|drinking|beers?|wine|shots?|get(?:ting)? high|use a little|"
    r"smoke a joint|a hit|pills? to (?:sleep|calm)|take (?:a|some|my) pills?)\b")
_MEANS = re.compile(r"\b(?:guns?|firearms?|rifles?|pistols?|pills?|medicines?|"
                    r"medications?|opioids?|ropes?)\b")
_STORAGE = re.compile(r"\b(?:lock\w*|stor\w*|away|remov\w*|give\w*|gave|hold\w*|"
                      r"off[- ]site|out of the house|safe|dispos\w*|fewer|pharmacy|"
                      r"small(?:er)? amounts?|(?:his|her|their|a friend'?s|someone "
                      r"else'?s) (?:house|place|home|apartment))\b")


@dataclass(frozen=True)
class SafetyPlan:
    """A Stanley-Brown safety plan, in the client's words.

    Each step accepts a list of texts (or one text, one item per line); items are
    trimmed and empty ones dropped.  A ``...`` (Ellipsis), as a step or as an item, marks
    an unfinished step: :func:`review_safety_plan` notes it; nothing raises.

    Attributes
    ----------
    client, counselor : str
    warning_signs, internal_coping, social_distraction, family_and_friends, \
professionals_and_agencies, safe_environment : tuple of str
        The six steps (:data:`SAFETY_PLAN_STEPS`).  The 988 Lifeline is always part of
        the plan (the page and the PDF print it under professionals and agencies).
    placeholders : frozenset of str
        Steps (or ``client``/``counselor``) still holding a ``...``.
    """

    client: str = ""
    warning_signs: tuple[str, ...] = ()
    internal_coping: tuple[str, ...] = ()
    social_distraction: tuple[str, ...] = ()
    family_and_friends: tuple[str, ...] = ()
    professionals_and_agencies: tuple[str, ...] = ()
    safe_environment: tuple[str, ...] = ()
    counselor: str = ""
    placeholders: frozenset[str] = field(default=frozenset(), compare=False)

    def __post_init__(self) -> None:
        clean_worksheet(self, SAFETY_PLAN_STEPS)

    def step(self, name: str) -> tuple[str, ...]:
        """The items of one step."""
        if name not in SAFETY_PLAN_STEPS:
            raise ValueError(f"no safety-plan step {name!r}; steps are "
                             f"{', '.join(SAFETY_PLAN_STEPS)}")
        return getattr(self, name)

    def to_dict(self) -> dict[str, Any]:
        """The plan as plain data (lists of texts)."""
        data: dict[str, Any] = {"client": self.client, "counselor": self.counselor}
        data.update({s: list(getattr(self, s)) for s in SAFETY_PLAN_STEPS})
        return data

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> SafetyPlan:
        """A plan from a mapping of step name to texts; unknown keys raise ValueError."""
        if not isinstance(data, Mapping):
            raise TypeError(f"data must be a mapping of step name to texts; got "
                            f"{type(data).__name__}")
        known = {"client", "counselor", *SAFETY_PLAN_STEPS}
        unknown = sorted(set(data) - known)
        if unknown:
            raise ValueError(f"data: unknown field(s) {', '.join(map(str, unknown))}; "
                             f"fields are {', '.join(sorted(known))}")
        return cls(**dict(data))


@dataclass(frozen=True)
class PlanNote:
    """A gentle note on a safety plan.

    ``level`` is ``missing`` (an empty or unfinished step), ``contradiction`` (an item
    works against the plan) or ``suggestion``; ``code`` is one of
    :data:`PLAN_NOTE_CODES`; ``item`` is the text the note is about, if any.
    """

    step: str
    level: Literal["missing", "contradiction", "suggestion"]
    code: str
    item: str = ""


def review_safety_plan(plan: SafetyPlan) -> tuple[PlanNote, ...]:
    """Gentle notes for the counselor to talk over with the client; never a grade.

    Notes: an empty or unfinished step; an item written twice; a coping item that
    sounds like using; lethal means named in the safe-environment step with no plan to
    store them away; no professional contact besides 988 (988 is always on the plan, so
    an empty professionals step is a suggestion, not a missing step).
    """
    if not isinstance(plan, SafetyPlan):
        raise TypeError(f"plan must be a SafetyPlan; got {type(plan).__name__}")
    notes: list[PlanNote] = []
    for name in ("client", "counselor"):
        if name in plan.placeholders:
            notes.append(PlanNote(name, "missing", "name-placeholder"))
    for step in SAFETY_PLAN_STEPS:
        items = getattr(plan, step)
        if step in plan.placeholders:
            notes.append(PlanNote(step, "missing", "placeholder"))
        elif not items and step != "professionals_and_agencies":
            notes.append(PlanNote(step, "missing", "empty"))
        seen: set[str] = set()
        for item in items:
            key = " ".join(re.findall(r"[a-z0-9]+", item.lower()))
            if key in seen:
                notes.append(PlanNote(step, "suggestion", "repeated", item))
            seen.add(key)
    for step in ("internal_coping", "social_distraction"):
        for item in getattr(plan, step):
            if _USE.search(item.lower()):
                notes.append(PlanNote(step, "contradiction", "coping-involves-use", item))
    for item in plan.safe_environment:
        lower = item.lower()
        if _MEANS.search(lower) and not _STORAGE.search(lower):
            notes.append(PlanNote("safe_environment", "suggestion", "means-without-plan",
                                  item))
    if not plan.professionals_and_agencies and "professionals_and_agencies" \
            not in plan.placeholders:
        notes.append(PlanNote("professionals_and_agencies", "suggestion",
                              "add-local-contact"))
    return tuple(notes)


def safety_plan_is_complete(plan: SafetyPlan) -> bool:
    """Every step filled in and nothing working against the plan (suggestions allowed)."""
    return not any(n.level in ("missing", "contradiction") for n in review_safety_plan(plan))
