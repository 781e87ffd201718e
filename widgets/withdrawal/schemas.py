"""Content kinds of the withdrawal scales: the scales themselves, and teaching cases.

``kind: withdrawal-scale`` (``curriculum/04_mat_basics/scales/<id>.yaml``)
    A scale's items in form order, the points each item allows with their (paraphrased)
    anchors, and its published band sets with their sources and notes.  A clinician
    rewords an anchor or a band note there, without touching Python.

``kind: withdrawal-case`` (``curriculum/04_mat_basics/cases/<id>.yaml``)
    A fictional vignette scored on a scale: the answer key (a rating for every item), the
    total and band those ratings give, and one single-choice question with per-option
    feedback.

The rules of one file's shape are checked here; the rules that need a scale (a case's
ratings fit its scale's items, its total is their sum and its band the one that total
gives) are content checks in :mod:`widgets.withdrawal.content`.  The two rules every
scale obeys, whoever builds it (:func:`points_problem`, :func:`bands_problem`), are
written once, here, and also guard the model's own
:class:`~widgets.withdrawal.model.ScaleItem` and :class:`~widgets.withdrawal.model.BandSet`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, ValidationInfo, field_validator

from widgets.core.content_schema import ContentFile, ContentModel, Id, Ref, content_kind
from widgets.knowledge_check.schemas import Question

__all__ = [
    "FICTIONAL_LABEL",
    "BandSetSpec",
    "BandSpec",
    "ItemKey",
    "ScaleItemSpec",
    "WithdrawalCase",
    "WithdrawalScaleSpec",
    "bands_problem",
    "points_problem",
]

FICTIONAL_LABEL = "Fictional teaching case"

_ITEM_KEY = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")


def _item_key(value: str) -> str:
    if not _ITEM_KEY.match(value):
        raise ValueError(f"expected an item key: lower-case words joined by underscores, "
                         f"e.g. 'resting_pulse'; got {value!r}")
    return value


ItemKey = Annotated[str, AfterValidator(_item_key)]
"""An item's key in an answers mapping: lower-case words joined by underscores."""


# ------------------------------------------------------------------ shared rules


def points_problem(points: Sequence[int], anchored: Sequence[int]) -> str | None:
    """What is wrong with an item's allowed points and anchored points, or ``None``.

    The allowed points are whole numbers from 0 up, unique and ascending; every anchor is
    an allowed point, in ascending order; the lowest and the highest allowed points have
    an anchor (so every point without one lies between two anchors).
    """
    if not points:
        return "an item needs at least one allowed value"
    if list(points) != sorted(set(points)):
        return "values must be unique and ascending"
    if points[0] < 0:
        return f"values cannot be negative; got {points[0]}"
    stray = [v for v in anchored if v not in points]
    if stray:
        return f"anchors for values it does not allow: {stray}"
    if list(anchored) != sorted(set(anchored)):
        return "anchors must be given once each, lowest value first"
    if points[0] not in anchored or points[-1] not in anchored:
        return (f"the lowest and the highest values ({points[0]} and {points[-1]}) need an "
                f"anchor; the values between anchors are rated by judgement")
    return None


def bands_problem(bands: Sequence[tuple[str, int, int | None]]) -> str | None:
    """What is wrong with a band set's ``(label, low, high)`` bands, or ``None``.

    Bands start at 0, each ends at or above its start, each starts one above the end of
    the one before (no gap, no overlap) and the last is open-ended (``high`` is ``None``),
    so every total has exactly one band.
    """
    if not bands or bands[0][1] != 0:
        return "the first band must start at 0"
    for label, low, high in bands:
        if high is not None and high < low:
            return f"band {label!r} ends ({high}) below its start ({low})"
    for (label, _, high), (next_label, next_low, _) in zip(bands, bands[1:], strict=False):
        if high is None or next_low != high + 1:
            return f"bands {label!r} and {next_label!r} are not contiguous"
    if bands[-1][2] is not None:
        return "the last band must be open-ended"
    labels = [label for label, _, _ in bands]
    if len(set(labels)) != len(labels):
        return "each band needs its own label"
    return None


# ------------------------------------------------------------------ withdrawal-scale


class ScaleItemSpec(ContentModel):
    """One item: its key, how it is rated, the points it allows and their anchors."""

    id: ItemKey
    """The item's key in an answers mapping, e.g. ``resting_pulse``."""
    label: str = Field(min_length=1)
    prompt: str = Field(min_length=1)
    """How the item is rated (paraphrased)."""
    points: list[int] | None = None
    """Every allowed point value, when some have no anchor (default: the anchored ones)."""
    anchors: dict[int, str] = Field(min_length=1)
    """Anchored point values, lowest first, and their (paraphrased) descriptions."""

    @field_validator("anchors")
    @classmethod
    def _points_fit(cls, anchors: dict[int, str], info: ValidationInfo) -> dict[int, str]:
        points = info.data.get("points")
        problem = points_problem(list(anchors) if points is None else points, list(anchors))
        if problem:
            raise ValueError(problem)
        empty = [v for v, text in anchors.items() if not text.strip()]
        if empty:
            raise ValueError(f"the anchor of {empty[0]} needs a description")
        return anchors

    @property
    def allowed(self) -> list[int]:
        """The allowed point values."""
        return list(self.anchors) if self.points is None else self.points


class BandSpec(ContentModel):
    """A severity band: totals from ``low`` to ``high`` inclusive (no ``high``: no top)."""

    label: str = Field(min_length=1)
    low: int = Field(ge=0)
    high: int | None = None


class BandSetSpec(ContentModel):
    """A published set of severity bands, with its source and how it was encoded."""

    id: Id
    title: str = Field(min_length=1)
    cite: list[str] = Field(min_length=1)
    note: str = ""
    """How the source's wording became whole-number cut-offs, and caveats."""
    bands: list[BandSpec] = Field(min_length=1)

    @field_validator("bands")
    @classmethod
    def _bands_cover_every_total(cls, bands: list[BandSpec]) -> list[BandSpec]:
        problem = bands_problem([(b.label, b.low, b.high) for b in bands])
        if problem:
            raise ValueError(problem)
        return bands


def _unique(what: str, ids: list[str]) -> None:
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        raise ValueError(f"duplicate {what} id(s) {', '.join(dupes)}; each must be unique")


@content_kind("withdrawal-scale")
class WithdrawalScaleSpec(ContentFile):
    """A withdrawal scale: items in form order and its published band sets."""

    kind: Literal["withdrawal-scale"]
    name: str = Field(min_length=1)
    """Short name shown on the form, e.g. ``COWS``."""
    title: str = Field(min_length=1)
    note: str = ""
    cite: list[str] = Field(min_length=1)
    items: list[ScaleItemSpec] = Field(min_length=1, max_length=100)
    band_sets: list[BandSetSpec] = Field(min_length=1, max_length=20)
    default_band_set: Id

    @field_validator("items")
    @classmethod
    def _unique_items(cls, items: list[ScaleItemSpec]) -> list[ScaleItemSpec]:
        _unique("item", [i.id for i in items])
        return items

    @field_validator("band_sets")
    @classmethod
    def _reachable_bands(cls, band_sets: list[BandSetSpec],
                         info: ValidationInfo) -> list[BandSetSpec]:
        _unique("band set", [b.id for b in band_sets])
        items = info.data.get("items")
        if items is not None:
            maximum = sum(item.allowed[-1] for item in items)
            for band_set in band_sets:
                unreachable = [b.label for b in band_set.bands if b.low > maximum]
                if unreachable:
                    raise ValueError(f"band set {band_set.id!r}: band {unreachable[0]!r} "
                                     f"starts above the scale's maximum total of {maximum}")
        return band_sets

    @field_validator("default_band_set")
    @classmethod
    def _default_exists(cls, name: str, info: ValidationInfo) -> str:
        band_sets = info.data.get("band_sets")
        if band_sets is not None and name not in [b.id for b in band_sets]:
            raise ValueError(f"{name!r} is not one of the scale's band sets: "
                             f"{', '.join(b.id for b in band_sets)}")
        return name

    def refs(self) -> Iterable[Ref]:
        """The scale's and each band set's citation keys must be in references.bib."""
        for i, key in enumerate(self.cite):
            yield Ref("cite", key, self.id, f"cite.{i}")
        for band_set in self.band_sets:
            for i, key in enumerate(band_set.cite):
                yield Ref("cite", key, band_set.id, f"cite.{i}")


# ------------------------------------------------------------------ withdrawal-case


@content_kind("withdrawal-case")
class WithdrawalCase(ContentFile):
    """A fictional withdrawal-scale teaching case with its answer key and a question."""

    kind: Literal["withdrawal-case"]
    scale: Id
    """The id of the ``withdrawal-scale`` it is scored on (``cows``, ``ciwa-ar``)."""
    purpose: Literal["teaching", "exercise"] = "teaching"
    order: int = Field(default=0, ge=0)
    """Position among the scale's cases in the form (lower first; ties keep file order)."""
    label: Literal["Fictional teaching case"]
    title: str = Field(min_length=1)
    vignette: str = Field(min_length=1)
    ratings: dict[str, int]
    notes: dict[str, str] = Field(default_factory=dict)
    band_set: Id | None = None
    """The band set its band refers to (the scale's default when absent)."""
    total: int
    band: str = Field(min_length=1)
    question: Question
    cite: list[str] = Field(min_length=1)

    @field_validator("question")
    @classmethod
    def _single_choice(cls, question: Question) -> Question:
        if question.type != "single":
            raise ValueError("the case question must be single-choice (type: single), got "
                             f"{question.type!r}")
        return question

    def refs(self) -> Iterable[Ref]:
        """The case's and its question's citation keys must be in references.bib."""
        for i, key in enumerate(self.cite):
            yield Ref("cite", key, self.id, f"cite.{i}")
        for i, key in enumerate(self.question.cite):
            yield Ref("cite", key, self.question.id, f"question.cite.{i}")

