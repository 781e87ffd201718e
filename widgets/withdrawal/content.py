"""The curriculum's withdrawal scales and cases, and the rules that tie a case to its scale.

The scales are read once, on first use, from ``kind: withdrawal-scale`` files; the
functions here take a scale's id (``"cows"``, ``"ciwa-ar"``) or a
:class:`~widgets.withdrawal.model.Scale` and call the pure model with it.  The rules a
case must meet against its scale run as content checks (in ``python -m widgets.content
check``, the index and every single load).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType

from widgets.core.content import CheckContext, ContentError, content_check, load, load_kind
from widgets.core.content import content_root as _content_root
from widgets.withdrawal import model
from widgets.withdrawal.model import (
    BandSet,
    PartialScore,
    RatingComparison,
    Scale,
    WithdrawalScore,
    scale_from_spec,
)
from widgets.withdrawal.schemas import WithdrawalCase, WithdrawalScaleSpec

__all__ = [
    "check_answers",
    "compare_ratings",
    "load_case",
    "partial_score",
    "resolve_bands",
    "scale",
    "scales",
    "score",
    "score_ciwa_ar",
    "score_cows",
    "teaching_cases",
]


@functools.cache
def _scales(root: Path) -> Mapping[str, Scale]:
    specs = load_kind("withdrawal-scale", root)
    return MappingProxyType({s.id: scale_from_spec(s) for s in specs  # type: ignore[arg-type]
                             if isinstance(s, WithdrawalScaleSpec)})


def scales() -> Mapping[str, Scale]:
    """Every withdrawal scale of the curriculum, by id (read once)."""
    return _scales(_content_root().resolve())


def _expected(keys: list[str]) -> str:
    quoted = [repr(k) for k in keys]
    return " or ".join([", ".join(quoted[:-1]), quoted[-1]] if len(quoted) > 1 else quoted)


def scale(key: str | Scale) -> Scale:
    """A scale by id (``"cows"``, ``"ciwa-ar"``); a :class:`Scale` is returned as it is."""
    if isinstance(key, Scale):
        return key
    known = scales()
    if isinstance(key, str) and key in known:
        return known[key]
    shown = repr(key) if isinstance(key, str) and len(key) < 60 else type(key).__name__
    raise ValueError(f"unknown scale {shown}; expected {_expected(list(known))}")


def resolve_bands(scale_key: str | Scale, bands: str | BandSet | None = None) -> BandSet:
    """The band set to use: a :class:`BandSet`, a published set's name, or the default."""
    return model.resolve_bands(scale(scale_key), bands)


def check_answers(scale_key: str | Scale, answers: Mapping[str, int]) -> dict[str, int]:
    """Validate a complete set of ratings (see :func:`widgets.withdrawal.model.check_answers`)."""
    return model.check_answers(scale(scale_key), answers)


def score(scale_key: str | Scale, answers: Mapping[str, int],
          bands: str | BandSet | None = None) -> WithdrawalScore:
    """Score a complete set of ratings on a scale and place the total in a band."""
    return model.score(scale(scale_key), answers, bands)


def score_cows(answers: Mapping[str, int]) -> WithdrawalScore:
    """Score the COWS: total of the 11 items and its band (Wesson & Ling 2003).

    Bands: ``"none"`` below 5, ``"mild"`` 5-12, ``"moderate"`` 13-24,
    ``"moderately severe"`` 25-36, ``"severe"`` above 36.

    Raises
    ------
    ValueError
        For a missing or unknown item or a value the item does not allow.
    TypeError
        If ``answers`` is not a mapping.
    """
    return score("cows", answers)


def score_ciwa_ar(answers: Mapping[str, int],
                  bands: str | BandSet | None = None) -> WithdrawalScore:
    """Score the CIWA-Ar (Sullivan et al. 1989) and band the total.

    Parameters
    ----------
    answers : mapping of str to int
        A rating for each of the 10 items (nine 0-7, orientation 0-4).
    bands : str or BandSet, optional
        The severity bands: a published set's name (``"asam-2020"``, the default, or
        ``"va-paws"``) or a :class:`BandSet` for a local protocol.  Cut-offs are a
        protocol choice.

    Raises
    ------
    ValueError
        For a missing or unknown item, a value the item does not allow, or an unknown
        band set name.
    """
    return score("ciwa-ar", answers, bands)


def partial_score(scale_key: str | Scale, answers: Mapping[str, int | None],
                  bands: str | BandSet | None = None) -> PartialScore:
    """Score a form that may be incomplete (``None`` or absent means not yet rated)."""
    return model.partial_score(scale(scale_key), answers, bands)


def compare_ratings(scale_key: str | Scale, answers: Mapping[str, int | None],
                    key: Mapping[str, int],
                    notes: Mapping[str, str] | None = None) -> RatingComparison:
    """Compare (possibly incomplete) ratings with an answer key, item by item."""
    return model.compare_ratings(scale(scale_key), answers, key, notes)


# ---------------------------------------------------------------------- cases


def load_case(case_id: str) -> WithdrawalCase:
    """Load a validated ``withdrawal-case`` by id."""
    case = load("withdrawal-case", case_id)
    assert isinstance(case, WithdrawalCase)
    return case


def teaching_cases(scale_key: str) -> list[WithdrawalCase]:
    """The teaching cases (not exercise cases) of one scale, by ``order``, then file order."""
    key = scale(scale_key).key
    cases = [c for c in load_kind("withdrawal-case")
             if isinstance(c, WithdrawalCase) and c.scale == key and c.purpose == "teaching"]
    return sorted(cases, key=lambda c: c.order)


def _case_scale(case: WithdrawalCase, context: CheckContext) -> Scale:
    """The scale a case names: from the content being checked, else the case's checkout."""
    try:
        spec = context.get("withdrawal-scale", case.scale)
    except KeyError:
        try:
            spec = load("withdrawal-scale", case.scale, context.root)
        except KeyError:
            known = [s.id for s in load_kind("withdrawal-scale", context.root)]
            raise ContentError(context.where, f"unknown scale {case.scale!r}; expected "
                               f"{_expected(known)}", entry=case.id, field="scale") from None
    assert isinstance(spec, WithdrawalScaleSpec)
    return scale_from_spec(spec)


@content_check("withdrawal-case")
def _case_fits_its_scale(case: WithdrawalCase, context: CheckContext) -> None:  # type: ignore[misc]
    """A case's ratings, total, notes, band set and band agree with its scale."""
    sc = _case_scale(case, context)

    def fail(field: str, problem: str) -> None:
        raise ContentError(context.where, problem, entry=case.id, field=field)

    try:
        model.check_answers(sc, case.ratings)
    except ValueError as exc:
        fail("ratings", str(exc))
    if sum(case.ratings.values()) != case.total:
        fail("total", f"the ratings add up to {sum(case.ratings.values())}, not {case.total}")
    unknown = [k for k in case.notes if k not in sc.items]
    if unknown:
        fail("notes", f"note for unknown item {unknown[0]!r}; the items are "
                      f"{', '.join(sc.items)}")
    if case.band_set is not None and case.band_set not in sc.band_sets:
        fail("band_set", f"unknown band set {case.band_set!r} for {sc.name}; expected one "
                         f"of: {', '.join(sc.band_sets)}")
    bands = model.resolve_bands(sc, case.band_set)
    expected = bands.classify(case.total).label
    if case.band != expected:
        fail("band", f"a total of {case.total} is {expected!r} under {bands.title}, not "
                     f"{case.band!r}")
