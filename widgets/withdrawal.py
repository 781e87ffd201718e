"""Withdrawal scales: the COWS and the CIWA-Ar, their items, anchors, scoring and bands.

Pure logic: no ipywidgets, no IPython.  The forms in :mod:`widgets.views.withdrawal` and
the teaching cases (``kind: withdrawal-case``) are built on what is defined here.

Sources (keys of ``references.bib``)
------------------------------------
- COWS: Wesson & Ling 2003 (``Wesson2003``); items and allowed values as checked against
  the NCBI Bookshelf table and the PCSS/NAABT form (``TIP45-COWS``, ``PCSS-COWS``); bands
  5-12 mild, 13-24 moderate, 25-36 moderately severe, above 36 severe, below 5 not classed
  as withdrawal (``MDApp-COWS``, ``Wesson2003``).
- CIWA-Ar: Sullivan et al. 1989 (``Sullivan1989``): nine items rated 0-7 and orientation
  0-4, maximum 67.  Severity bands differ between sources (``VA-PAWS``,
  ``ASAM-AWM2020``), so they are a parameter here; ASAM notes the wide variation in
  cut-offs and defers to clinical judgement.

The anchors are short paraphrases, not the published wording.  For the CIWA-Ar only the
anchors at 0, 4 and 7 (and every point of orientation) are given; the points between
them are rated by judgement, as on the published form.

Examples
--------
>>> score_cows({k: 0 for k in COWS_ITEMS}).band
'none'
>>> score_ciwa_ar({k: 1 for k in CIWA_AR_ITEMS}).total
10
"""

from __future__ import annotations

import numbers
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the schema imports this module; load it lazily at run time
    from widgets.schemas.withdrawal_case import WithdrawalCase

__all__ = [
    "CIWA_AR_BAND_SETS",
    "CIWA_AR_DEFAULT_BANDS",
    "CIWA_AR_ITEMS",
    "COWS_BANDS",
    "COWS_ITEMS",
    "SCALES",
    "Band",
    "BandSet",
    "PartialScore",
    "Scale",
    "ScaleItem",
    "WithdrawalScore",
    "RatingComparison",
    "ItemComparison",
    "check_answers",
    "compare_ratings",
    "load_case",
    "teaching_cases",
    "partial_score",
    "resolve_bands",
    "score",
    "score_ciwa_ar",
    "score_cows",
]


# ----------------------------------------------------------------------------- items


@dataclass(frozen=True)
class ScaleItem(Mapping[int, str]):
    """One item of a scale: a read-only mapping from each allowed point value to its anchor.

    ``list(item)`` gives the allowed values in order and ``item[v]`` the anchor shown on
    the form for value ``v``.  Values without a published anchor (CIWA-Ar 1-3, 5-6) read
    as "between the anchors".

    Attributes
    ----------
    key : str
        The item's key in an answers mapping, e.g. ``"resting_pulse"``.
    label : str
        Short name shown on the form.
    prompt : str
        How the item is rated (paraphrased).
    points : tuple of int
        The allowed point values, ascending (``item.values()`` are the anchors, as for
        any mapping).
    anchors : tuple of (int, str)
        The anchored values and their (paraphrased) descriptions.
    """

    key: str
    label: str
    prompt: str
    points: tuple[int, ...]
    anchors: tuple[tuple[int, str], ...]

    def __post_init__(self) -> None:
        if list(self.points) != sorted(set(self.points)) or not self.points:
            raise ValueError(f"{self.key}: values must be unique and ascending")
        stray = [v for v, _ in self.anchors if v not in self.points]
        if stray:
            raise ValueError(f"{self.key}: anchors for values it does not allow: {stray}")

    def __getitem__(self, value: int) -> str:
        if isinstance(value, bool) or value not in self.points:
            raise KeyError(value)
        anchored = dict(self.anchors)
        if value in anchored:
            return anchored[value]
        below = max(v for v in anchored if v < value)
        above = min(v for v in anchored if v > value)
        return f"between the anchors for {below} and {above} (rate by judgement)"

    def __iter__(self) -> Iterator[int]:
        return iter(self.points)

    def __len__(self) -> int:
        return len(self.points)

    @property
    def allowed(self) -> tuple[int, ...]:
        """The allowed point values (same as ``tuple(item)``)."""
        return self.points

    @property
    def maximum(self) -> int:
        """The item's highest point value."""
        return self.points[-1]

    def is_anchored(self, value: int) -> bool:
        """Whether ``value`` has a published anchor of its own."""
        return value in dict(self.anchors)


def _item(key: str, label: str, prompt: str, anchors: Mapping[int, str],
          points: tuple[int, ...] | None = None) -> ScaleItem:
    return ScaleItem(key, label, prompt, points or tuple(anchors), tuple(anchors.items()))


_COWS = (
    _item("resting_pulse", "Resting pulse",
          "Beats per minute, measured after the person has been sitting or lying for one "
          "minute.",
          {0: "80 or below", 1: "81 to 100", 2: "101 to 120", 4: "above 120"}),
    _item("sweating", "Sweating",
          "Over the past half hour, not explained by room temperature or activity.",
          {0: "none reported", 1: "reports chills or flushing", 2: "face flushed or "
           "visibly moist", 3: "beads of sweat on brow or face", 4: "sweat streaming off "
           "the face"}),
    _item("restlessness", "Restlessness", "Observed during the assessment.",
          {0: "able to sit still", 1: "reports difficulty sitting still but manages",
           3: "frequent shifting or extra movements of legs or arms",
           5: "cannot sit still for more than a few seconds"}),
    _item("pupil_size", "Pupil size", "Observed in the room's light.",
          {0: "pinned, or normal size for the room light", 1: "possibly larger than "
           "normal", 2: "moderately dilated", 5: "so dilated that only the rim of the iris "
           "is visible"}),
    _item("bone_joint_aches", "Bone or joint aches",
          "Score only the part that is new; not pain the person already had.",
          {0: "none", 1: "mild, diffuse discomfort", 2: "reports severe diffuse aching of "
           "joints or muscles", 4: "rubbing joints or muscles and cannot sit still because "
           "of the discomfort"}),
    _item("runny_nose_tearing", "Runny nose or tearing",
          "Not explained by a cold or allergies.",
          {0: "none", 1: "stuffy nose or unusually moist eyes", 2: "nose running or eyes "
           "tearing", 4: "nose running constantly or tears streaming down the cheeks"}),
    _item("gi_upset", "Stomach and bowel upset", "Over the past half hour.",
          {0: "none", 1: "stomach cramps", 2: "nausea or loose stool", 3: "vomiting or "
           "diarrhoea", 5: "several episodes of vomiting or diarrhoea"}),
    _item("tremor", "Tremor", "Observed with the hands held out.",
          {0: "none", 1: "can be felt but not seen", 2: "slight tremor that can be seen",
           4: "gross tremor or muscle twitching"}),
    _item("yawning", "Yawning", "Observed during the assessment.",
          {0: "none", 1: "once or twice", 2: "three or more times", 4: "several times a "
           "minute"}),
    _item("anxiety_irritability", "Anxiety or irritability", "Reported and observed.",
          {0: "none", 1: "reports growing irritability or anxiousness", 2: "obviously "
           "irritable or anxious", 4: "so irritable or anxious that taking part in the "
           "assessment is difficult"}),
    _item("gooseflesh", "Gooseflesh skin", "Observed on the skin.",
          {0: "skin is smooth", 3: "gooseflesh can be felt, or hairs standing up on the "
           "arms", 5: "prominent gooseflesh"}),
)

COWS_ITEMS: Mapping[str, ScaleItem] = MappingProxyType({i.key: i for i in _COWS})
"""The 11 COWS items in form order, keyed as in an answers mapping (Wesson & Ling 2003)."""

_ZERO_TO_SEVEN = tuple(range(8))

_CIWA = (
    _item("nausea_vomiting", "Nausea and vomiting",
          "Ask whether they feel sick to their stomach or have vomited; observe.",
          {0: "no nausea, no vomiting", 4: "nausea that comes and goes, with dry heaves",
           7: "constant nausea, frequent dry heaves and vomiting"}, _ZERO_TO_SEVEN),
    _item("tremor", "Tremor", "Observed with arms held out and fingers spread.",
          {0: "no tremor", 4: "moderate tremor with the arms held out",
           7: "severe tremor, even with the arms not held out"}, _ZERO_TO_SEVEN),
    _item("paroxysmal_sweats", "Paroxysmal sweats", "Observed.",
          {0: "no visible sweat", 4: "obvious beads of sweat on the forehead",
           7: "drenching sweats"}, _ZERO_TO_SEVEN),
    _item("anxiety", "Anxiety", "Ask whether they feel nervous; observe.",
          {0: "no anxiety, at ease", 4: "moderately anxious, or guarded so that anxiety is "
           "inferred", 7: "anxiety like an acute panic state"}, _ZERO_TO_SEVEN),
    _item("agitation", "Agitation", "Observed.",
          {0: "normal activity", 4: "moderately fidgety and restless",
           7: "paces back and forth for most of the interview, or moves about constantly"},
          _ZERO_TO_SEVEN),
    _item("tactile_disturbances", "Tactile disturbances",
          "Ask about itching, pins and needles, burning, numbness or a feeling of things "
          "crawling on or under the skin; observe.",
          {0: "none", 4: "moderately severe hallucinations", 7: "continuous "
           "hallucinations"}, _ZERO_TO_SEVEN),
    _item("auditory_disturbances", "Auditory disturbances",
          "Ask whether sounds seem harsh or frightening, or whether they hear things they "
          "know are not there; observe.",
          {0: "not present", 4: "moderately severe hallucinations", 7: "continuous "
           "hallucinations"}, _ZERO_TO_SEVEN),
    _item("visual_disturbances", "Visual disturbances",
          "Ask whether light seems too bright or its colour different, or whether they see "
          "things they know are not there; observe.",
          {0: "not present", 4: "moderately severe hallucinations", 7: "continuous "
           "hallucinations"}, _ZERO_TO_SEVEN),
    _item("headache", "Headache, fullness in the head",
          "Ask whether the head feels different or tight; do not rate dizziness or "
          "light-headedness.",
          {0: "not present", 4: "moderately severe", 7: "extremely severe"}, _ZERO_TO_SEVEN),
    _item("orientation", "Orientation and clouding of the senses",
          "Ask what day it is, where they are and who you are.",
          {0: "oriented, and can do serial additions", 1: "cannot do serial additions, or "
           "unsure of the date", 2: "wrong about the date by no more than 2 calendar days",
           3: "wrong about the date by more than 2 calendar days", 4: "disoriented for "
           "place or person"}),
)

CIWA_AR_ITEMS: Mapping[str, ScaleItem] = MappingProxyType({i.key: i for i in _CIWA})
"""The 10 CIWA-Ar items in form order (Sullivan et al. 1989): nine 0-7, orientation 0-4."""


# ----------------------------------------------------------------------------- bands


@dataclass(frozen=True)
class Band:
    """A severity band: totals from ``low`` to ``high`` inclusive (``high=None``: no top)."""

    label: str
    low: int
    high: int | None = None

    def contains(self, total: int) -> bool:
        """Whether ``total`` falls in this band."""
        return total >= self.low and (self.high is None or total <= self.high)

    @property
    def range_text(self) -> str:
        """The band's range for display, e.g. ``"13-24"`` or ``"37 and above"``."""
        if self.high is None:
            return f"{self.low} and above"
        return f"{self.low}-{self.high}"


@dataclass(frozen=True)
class BandSet:
    """A published set of severity bands, with its source.

    Bands must start at 0, be contiguous and end open-ended, so every total has
    exactly one band.

    Attributes
    ----------
    name : str
        Short id used to select it, e.g. ``"asam-2020"``.
    title : str
        Human-readable name of the source.
    cite : tuple of str
        Citation keys of ``references.bib``.
    bands : tuple of Band
        The bands, lowest first.
    note : str
        How the source's wording was turned into whole-number cut-offs, and caveats.
    """

    name: str
    title: str
    cite: tuple[str, ...]
    bands: tuple[Band, ...]
    note: str = ""

    def __post_init__(self) -> None:
        if not self.bands or self.bands[0].low != 0:
            raise ValueError(f"band set {self.name!r}: the first band must start at 0")
        for below, above in zip(self.bands, self.bands[1:], strict=False):
            if below.high is None or above.low != below.high + 1:
                raise ValueError(f"band set {self.name!r}: bands {below.label!r} and "
                                 f"{above.label!r} are not contiguous")
        if self.bands[-1].high is not None:
            raise ValueError(f"band set {self.name!r}: the last band must be open-ended")

    def classify(self, total: int) -> Band:
        """The band a total falls in."""
        if total < 0:
            raise ValueError(f"a total cannot be negative; got {total}")
        return next(b for b in self.bands if b.contains(total))

    @property
    def labels(self) -> tuple[str, ...]:
        """The band labels, lowest first."""
        return tuple(b.label for b in self.bands)


COWS_BANDS = BandSet(
    name="wesson-ling-2003",
    title="COWS form (Wesson & Ling 2003)",
    cite=("Wesson2003", "MDApp-COWS"),
    bands=(Band("none", 0, 4), Band("mild", 5, 12), Band("moderate", 13, 24),
           Band("moderately severe", 25, 36), Band("severe", 37)),
    note="A total below 5 is not classed as withdrawal.",
)
"""The COWS bands: 5-12 mild, 13-24 moderate, 25-36 moderately severe, above 36 severe."""

CIWA_AR_BAND_SETS: Mapping[str, BandSet] = MappingProxyType({
    "asam-2020": BandSet(
        name="asam-2020",
        title="ASAM Alcohol Withdrawal Management guideline (2020)",
        cite=("ASAM-AWM2020",),
        bands=(Band("mild", 0, 9), Band("moderate", 10, 18), Band("severe", 19)),
        note=("Below 10 mild, 10-18 moderate, 19 and above severe; in the severe range, "
              "withdrawal with seizures or signs of delirium is called 'complicated'. The "
              "guideline notes that cut-offs vary widely and leaves the classification to "
              "clinical judgement."),
    ),
    "va-paws": BandSet(
        name="va-paws",
        title="VA PAWS (levels of risk)",
        cite=("VA-PAWS",),
        bands=(Band("minimal to mild", 0, 7), Band("moderate", 8, 14), Band("severe", 15)),
        note=("The source gives 'less than 8 to 10' for minimal to mild risk, '8 to 15' "
              "for moderate and '15 or more' for severe: the edges overlap. Encoded here as "
              "0-7, 8-14 and 15 and above; a program using this source has to decide the "
              "overlapping edges in its own protocol."),
    ),
})
"""The two published CIWA-Ar band sets of the fact base, by name."""

CIWA_AR_DEFAULT_BANDS = "asam-2020"
"""The default CIWA-Ar bands: the ASAM 2020 guideline (``ASAM-AWM2020``)."""


# ----------------------------------------------------------------------------- scales


@dataclass(frozen=True)
class Scale:
    """A withdrawal scale: its items and its default band set."""

    key: str
    name: str
    items: Mapping[str, ScaleItem] = field(hash=False)
    default_bands: BandSet
    band_sets: Mapping[str, BandSet] = field(hash=False)
    cite: tuple[str, ...]

    @property
    def maximum(self) -> int:
        """The highest possible total."""
        return sum(item.maximum for item in self.items.values())


SCALES: Mapping[str, Scale] = MappingProxyType({
    "cows": Scale("cows", "COWS", COWS_ITEMS, COWS_BANDS,
                  MappingProxyType({COWS_BANDS.name: COWS_BANDS}),
                  ("Wesson2003", "TIP45-COWS", "PCSS-COWS")),
    "ciwa-ar": Scale("ciwa-ar", "CIWA-Ar", CIWA_AR_ITEMS,
                     CIWA_AR_BAND_SETS[CIWA_AR_DEFAULT_BANDS], CIWA_AR_BAND_SETS,
                     ("Sullivan1989",)),
})
"""Both scales by key: ``"cows"`` and ``"ciwa-ar"``."""


def _scale(scale: str | Scale) -> Scale:
    if isinstance(scale, Scale):
        return scale
    try:
        return SCALES[scale]
    except KeyError:
        raise ValueError(f"unknown scale {scale!r}; expected one of: "
                         f"{', '.join(SCALES)}") from None


def resolve_bands(scale: str | Scale, bands: str | BandSet | None = None) -> BandSet:
    """The band set to use: a :class:`BandSet`, a published set's name, or the default."""
    sc = _scale(scale)
    if bands is None:
        return sc.default_bands
    if isinstance(bands, BandSet):
        return bands
    if isinstance(bands, str) and bands in sc.band_sets:
        return sc.band_sets[bands]
    raise ValueError(f"{sc.name}: unknown band set {bands!r}; published sets are: "
                     f"{', '.join(sc.band_sets)} (or pass a BandSet for a local protocol)")


# ---------------------------------------------------------------------------- scoring


@dataclass(frozen=True)
class WithdrawalScore:
    """A scored scale.

    Attributes
    ----------
    scale : str
        ``"COWS"`` or ``"CIWA-Ar"``.
    total : int
        Sum of the item ratings.
    band : str
        The severity band's label under ``band_set``.
    maximum : int
        The scale's highest possible total.
    band_set : str
        Name of the band set used.
    answers : tuple of (str, int)
        The ratings, in form order.
    """

    scale: str
    total: int
    band: str
    maximum: int
    band_set: str
    answers: tuple[tuple[str, int], ...]


def _allowed_text(item: ScaleItem) -> str:
    return ", ".join(str(v) for v in item.points)


def _check_value(scale: Scale, item: ScaleItem, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise ValueError(f"{scale.name}: item {item.key!r} must be a whole number, one of "
                         f"{_allowed_text(item)}; got {value!r} ({type(value).__name__})")
    number = int(value)
    if number not in item.points:
        raise ValueError(f"{scale.name}: item {item.key!r} does not allow {number}; allowed "
                         f"values are {_allowed_text(item)}")
    return number


def _check_keys(scale: Scale, answers: Any) -> None:
    if not isinstance(answers, Mapping):
        raise TypeError(f"{scale.name}: answers must be a mapping of item to points, got "
                        f"{type(answers).__name__}")
    unknown = [k for k in answers if k not in scale.items]
    if unknown:
        raise ValueError(f"{scale.name}: unknown item {unknown[0]!r}; the items are "
                         f"{', '.join(scale.items)}")


def check_answers(scale: str | Scale, answers: Mapping[str, int]) -> dict[str, int]:
    """Validate a complete set of ratings; returns them as plain ints in form order.

    Raises
    ------
    ValueError
        For a missing or unknown item, or a value the item does not allow (including
        floats, strings and booleans); the message names the item and the allowed values.
    TypeError
        If ``answers`` is not a mapping.
    """
    sc = _scale(scale)
    _check_keys(sc, answers)
    checked = {}
    for key, item in sc.items.items():
        if key not in answers:
            raise ValueError(f"{sc.name}: item {key!r} is missing; rate it with one of "
                             f"{_allowed_text(item)}")
        checked[key] = _check_value(sc, item, answers[key])
    return checked


def score(scale: str | Scale, answers: Mapping[str, int],
          bands: str | BandSet | None = None) -> WithdrawalScore:
    """Score a complete set of ratings on ``scale`` and place the total in a band."""
    sc = _scale(scale)
    checked = check_answers(sc, answers)
    band_set = resolve_bands(sc, bands)
    total = sum(checked.values())
    return WithdrawalScore(sc.name, total, band_set.classify(total).label, sc.maximum,
                           band_set.name, tuple(checked.items()))


def score_cows(answers: Mapping[str, int]) -> WithdrawalScore:
    """Score the COWS: total of the 11 items and its band (Wesson & Ling 2003).

    Bands: ``"none"`` below 5, ``"mild"`` 5-12, ``"moderate"`` 13-24,
    ``"moderately severe"`` 25-36, ``"severe"`` above 36.

    Raises
    ------
    ValueError
        For a missing or unknown item or a value the item does not allow.
    """
    return score("cows", answers)


def score_ciwa_ar(answers: Mapping[str, int],
                  bands: str | BandSet = CIWA_AR_DEFAULT_BANDS) -> WithdrawalScore:
    """Score the CIWA-Ar (Sullivan et al. 1989) and band the total.

    Parameters
    ----------
    answers : mapping of str to int
        A rating for each of the 10 items (nine 0-7, orientation 0-4).
    bands : str or BandSet, default ``"asam-2020"``
        The severity bands: a published set's name (``"asam-2020"``, ``"va-paws"``) or
        a :class:`BandSet` for a local protocol.  Cut-offs are a protocol choice.

    Raises
    ------
    ValueError
        For a missing or unknown item, a value the item does not allow, or an unknown
        band set name.
    """
    return score("ciwa-ar", answers, bands)


@dataclass(frozen=True)
class PartialScore:
    """A form in progress: the subtotal of the items rated so far.

    Attributes
    ----------
    subtotal : int
        Sum of the rated items.
    rated : int
        How many items have a rating.
    missing : tuple of str
        Keys of the items not yet rated, in form order.
    result : WithdrawalScore or None
        The full score once every item is rated.
    """

    subtotal: int
    rated: int
    missing: tuple[str, ...]
    result: WithdrawalScore | None


def partial_score(scale: str | Scale, answers: Mapping[str, int | None],
                  bands: str | BandSet | None = None) -> PartialScore:
    """Score a form that may be incomplete (``None`` or absent means not yet rated).

    The values given are validated exactly as by :func:`score`.
    """
    sc = _scale(scale)
    _check_keys(sc, answers)
    given = {k: _check_value(sc, sc.items[k], v) for k, v in answers.items() if v is not None}
    missing = tuple(k for k in sc.items if k not in given)
    result = None if missing else score(sc, given, bands)
    return PartialScore(sum(given.values()), len(given), missing, result)


# ----------------------------------------------------------------- comparing ratings


@dataclass(frozen=True)
class ItemComparison:
    """A learner's rating of one item next to the answer key's."""

    key: str
    label: str
    given: int | None
    expected: int
    expected_anchor: str
    note: str

    @property
    def matches(self) -> bool:
        """Whether the learner gave the key's rating."""
        return self.given == self.expected


@dataclass(frozen=True)
class RatingComparison:
    """A learner's ratings of a whole case against its answer key.

    Attributes
    ----------
    items : tuple of ItemComparison
        One comparison per item, in form order.
    given_total : int
        Sum of the learner's ratings so far.
    expected_total : int
        The key's total.
    """

    items: tuple[ItemComparison, ...]
    given_total: int
    expected_total: int

    @property
    def matched(self) -> int:
        """How many items match the key."""
        return sum(i.matches for i in self.items)

    @property
    def unrated(self) -> tuple[str, ...]:
        """Keys of the items the learner has not rated."""
        return tuple(i.key for i in self.items if i.given is None)

    @property
    def differences(self) -> tuple[ItemComparison, ...]:
        """Rated items whose rating differs from the key."""
        return tuple(i for i in self.items if i.given is not None and not i.matches)


def compare_ratings(scale: str | Scale, answers: Mapping[str, int | None],
                    key: Mapping[str, int],
                    notes: Mapping[str, str] | None = None) -> RatingComparison:
    """Compare (possibly incomplete) ratings with an answer key, item by item.

    Both are validated as by :func:`score` (the key must be complete).
    """
    sc = _scale(scale)
    expected = check_answers(sc, key)
    progress = partial_score(sc, answers)
    notes = notes or {}
    items = []
    for k, item in sc.items.items():
        value = answers.get(k)
        items.append(ItemComparison(k, item.label, None if value is None else int(value),
                                    expected[k], item[expected[k]], notes.get(k, "")))
    return RatingComparison(tuple(items), progress.subtotal, sum(expected.values()))


# -------------------------------------------------------------------------- content


def load_case(case_id: str) -> WithdrawalCase:
    """Load a validated ``withdrawal-case`` by id."""
    from widgets.core.content import load
    from widgets.schemas.withdrawal_case import WithdrawalCase

    case = load("withdrawal-case", case_id)
    assert isinstance(case, WithdrawalCase)
    return case


def teaching_cases(scale: str, module: str | None = None) -> list[WithdrawalCase]:
    """The teaching cases (not exercise cases) of one scale, by ``order``, then file order."""
    from widgets.core.content import load_kind

    _scale(scale)
    cases = [c for c in load_kind("withdrawal-case")
             if c.scale == scale and c.purpose == "teaching"  # type: ignore[attr-defined]
             and (module is None or c.module == module)]  # type: ignore[attr-defined]
    return sorted(cases, key=lambda c: c.order)  # type: ignore[attr-defined]
