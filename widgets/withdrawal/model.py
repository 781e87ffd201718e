"""Withdrawal scales (COWS, CIWA-Ar): items, band sets, scoring and comparing ratings.

Pure: data in, results out.  Every function takes the :class:`Scale` to use; the scales
themselves are data (``kind: withdrawal-scale`` in ``curriculum/04_mat_basics/scales/``),
read by :mod:`widgets.withdrawal.content` and turned into a :class:`Scale` by
:func:`scale_from_spec`.  The package :mod:`widgets.withdrawal` binds them, so
``score_cows(answers)`` needs no scale argument.

Examples
--------
>>> item = ScaleItem("gooseflesh", "Gooseflesh", "Observed.", (0, 3, 5),
...                  ((0, "smooth"), (3, "felt"), (5, "prominent")))
>>> bands = BandSet("local", "A local protocol", (), (Band("low", 0, 3), Band("high", 4)))
>>> scale = Scale("demo", "Demo", {"gooseflesh": item}, bands, {"local": bands}, ())
>>> score(scale, {"gooseflesh": 5}).band
'high'
"""

from __future__ import annotations

import numbers
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from widgets.withdrawal.schemas import WithdrawalScaleSpec, bands_problem, points_problem

__all__ = [
    "Band",
    "BandSet",
    "ItemComparison",
    "PartialScore",
    "RatingComparison",
    "Scale",
    "ScaleItem",
    "WithdrawalScore",
    "check_answers",
    "compare_ratings",
    "partial_score",
    "resolve_bands",
    "scale_from_spec",
    "score",
]

MAX_TOTAL = 10_000
"""The highest total a band set is asked to classify (no scale comes near it)."""


def _show(value: Any) -> str:
    """A short repr of ``value`` for a message (never raising, never huge)."""
    try:
        text = repr(value)
    except Exception:  # noqa: BLE001 - e.g. an int too long to print
        text = f"a {type(value).__name__}"
    return text if len(text) <= 60 else text[:57] + "..."


def _whole(name: str, value: Any, low: int = 0, high: int = MAX_TOTAL) -> int:
    """``value`` as an int in ``low..high``; ``TypeError``/``ValueError`` naming it."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be a whole number from {low} to {high}; got "
                        f"{_show(value)} ({type(value).__name__})")
    number = int(value)
    if not low <= number <= high:
        raise ValueError(f"{name} must be a whole number from {low} to {high}; got "
                         f"{_show(number)}")
    return number


def _text(name: str, value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise TypeError(f"{name} must be a non-empty string; got {value!r}")
    return value


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
        for name in ("key", "label", "prompt"):
            _text(f"item {name}", getattr(self, name))
        for value in (*self.points, *(v for v, _ in self.anchors)):
            _whole(f"{self.key}: a point value", value)
        problem = points_problem(self.points, [v for v, _ in self.anchors])
        if problem:
            raise ValueError(f"{self.key}: {problem}")

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


# ----------------------------------------------------------------------------- bands


@dataclass(frozen=True)
class Band:
    """A severity band: totals from ``low`` to ``high`` inclusive (``high=None``: no top)."""

    label: str
    low: int
    high: int | None = None

    def __post_init__(self) -> None:
        _text("a band's label", self.label)
        _whole(f"band {self.label!r}: low", self.low)
        if self.high is not None:
            _whole(f"band {self.label!r}: high", self.high, self.low)

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
        if not all(isinstance(b, Band) for b in self.bands):
            raise TypeError(f"band set {self.name!r}: bands must be Band objects")
        problem = bands_problem([(b.label, b.low, b.high) for b in self.bands])
        if problem:
            raise ValueError(f"band set {self.name!r}: {problem}")

    def classify(self, total: int) -> Band:
        """The band a total (a whole number from 0 to :data:`MAX_TOTAL`) falls in."""
        if isinstance(total, numbers.Real) and not isinstance(total, bool) and total < 0:
            raise ValueError(f"a total cannot be negative; got {_show(total)}")
        value = _whole("total", total)
        return next(b for b in self.bands if b.contains(value))

    @property
    def labels(self) -> tuple[str, ...]:
        """The band labels, lowest first."""
        return tuple(b.label for b in self.bands)


# ----------------------------------------------------------------------------- scales


@dataclass(frozen=True)
class Scale:
    """A withdrawal scale: its items in form order, its band sets and its default set.

    Attributes
    ----------
    key : str
        The scale's id: ``"cows"``, ``"ciwa-ar"``.
    name : str
        Short name shown on forms: ``"COWS"``, ``"CIWA-Ar"``.
    items : mapping of str to ScaleItem
        The items in form order, by key.
    default_bands : BandSet
        The band set used unless another is chosen.
    band_sets : mapping of str to BandSet
        Every published band set of the scale, by name.
    cite : tuple of str
        Citation keys for the items.
    title, note : str
        The scale's full name, and what to know about the items (paraphrased anchors).
    """

    key: str
    name: str
    items: Mapping[str, ScaleItem] = field(hash=False)
    default_bands: BandSet
    band_sets: Mapping[str, BandSet] = field(hash=False)
    cite: tuple[str, ...]
    title: str = ""
    note: str = ""

    def __post_init__(self) -> None:
        if not self.items or any(k != i.key for k, i in self.items.items()):
            raise ValueError(f"scale {self.key!r}: items must be keyed by their own keys")
        if self.band_sets.get(self.default_bands.name) is not self.default_bands:
            raise ValueError(f"scale {self.key!r}: the default band set must be one of its "
                             f"band sets")

    @property
    def maximum(self) -> int:
        """The highest possible total."""
        return sum(item.maximum for item in self.items.values())


def scale_from_spec(spec: WithdrawalScaleSpec) -> Scale:
    """The :class:`Scale` a validated ``withdrawal-scale`` content entry describes."""
    items = {i.id: ScaleItem(i.id, i.label, i.prompt, tuple(i.allowed),
                             tuple(i.anchors.items())) for i in spec.items}
    band_sets = {b.id: BandSet(b.id, b.title, tuple(b.cite),
                               tuple(Band(x.label, x.low, x.high) for x in b.bands), b.note)
                 for b in spec.band_sets}
    return Scale(spec.id, spec.name, MappingProxyType(items), band_sets[spec.default_band_set],
                 MappingProxyType(band_sets), tuple(spec.cite), spec.title, spec.note)


def _scale(scale: Any) -> Scale:
    if not isinstance(scale, Scale):
        raise TypeError(f"scale must be a Scale; got {type(scale).__name__}")
    return scale


def resolve_bands(scale: Scale, bands: str | BandSet | None = None) -> BandSet:
    """The band set to use: a :class:`BandSet`, a published set's name, or the default."""
    sc = _scale(scale)
    if bands is None:
        return sc.default_bands
    if isinstance(bands, BandSet):
        return bands
    if isinstance(bands, str) and bands in sc.band_sets:
        return sc.band_sets[bands]
    raise ValueError(f"{sc.name}: unknown band set {_show(bands)}; published sets are: "
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
                         f"{_allowed_text(item)}; got {_show(value)} ({type(value).__name__})")
    number = int(value)
    if number not in item.points:
        raise ValueError(f"{scale.name}: item {item.key!r} does not allow {_show(number)}; "
                         f"allowed values are {_allowed_text(item)}")
    return number


def _check_keys(scale: Scale, answers: Any) -> None:
    if not isinstance(answers, Mapping):
        raise TypeError(f"{scale.name}: answers must be a mapping of item to points, got "
                        f"{type(answers).__name__}")
    for key in answers:
        if key not in scale.items:
            raise ValueError(f"{scale.name}: unknown item {_show(key)}; the items are "
                             f"{', '.join(scale.items)}")


def check_answers(scale: Scale, answers: Mapping[str, int]) -> dict[str, int]:
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


def score(scale: Scale, answers: Mapping[str, int],
          bands: str | BandSet | None = None) -> WithdrawalScore:
    """Score a complete set of ratings on ``scale`` and place the total in a band.

    ``bands`` is a published set's name, a :class:`BandSet` for a local protocol, or
    ``None`` for the scale's default.  Raises as :func:`check_answers` and
    :func:`resolve_bands` do.
    """
    sc = _scale(scale)
    checked = check_answers(sc, answers)
    band_set = resolve_bands(sc, bands)
    total = sum(checked.values())
    return WithdrawalScore(sc.name, total, band_set.classify(total).label, sc.maximum,
                           band_set.name, tuple(checked.items()))


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


def partial_score(scale: Scale, answers: Mapping[str, int | None],
                  bands: str | BandSet | None = None) -> PartialScore:
    """Score a form that may be incomplete (``None`` or absent means not yet rated).

    The values given are validated exactly as by :func:`score`.
    """
    sc = _scale(scale)
    _check_keys(sc, answers)
    given = {k: _check_value(sc, sc.items[k], v) for k, v in answers.items() if v is not None}
    missing = tuple(k for k in sc.items if k not in given)
    result = None if missing else score(sc, given, bands)
    if missing:
        resolve_bands(sc, bands)  # an unknown band set is an error whether or not complete
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


def compare_ratings(scale: Scale, answers: Mapping[str, int | None],
                    key: Mapping[str, int],
                    notes: Mapping[str, str] | None = None) -> RatingComparison:
    """Compare (possibly incomplete) ratings with an answer key, item by item.

    Both are validated as by :func:`score` (the key must be complete); ``notes`` (why the
    key rates an item as it does) may name only items of the scale.
    """
    sc = _scale(scale)
    expected = check_answers(sc, key)
    progress = partial_score(sc, answers)
    notes = {} if notes is None else notes
    if not isinstance(notes, Mapping):
        raise TypeError(f"notes must be a mapping of item to text, got {type(notes).__name__}")
    for k, text in notes.items():
        if k not in sc.items:
            raise ValueError(f"note for unknown item {_show(k)}; the items are "
                             f"{', '.join(sc.items)}")
        if not isinstance(text, str):
            raise TypeError(f"the note for {k!r} must be text, got {type(text).__name__}")
    items = []
    for k, item in sc.items.items():
        value = answers.get(k)
        items.append(ItemComparison(k, item.label, None if value is None else int(value),
                                    expected[k], item[expected[k]], notes.get(k, "")))
    return RatingComparison(tuple(items), progress.subtotal, sum(expected.values()))
