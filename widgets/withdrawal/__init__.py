"""Withdrawal scales: the COWS and the CIWA-Ar, their items, anchors, scoring and bands.

The scales are data (``kind: withdrawal-scale``, ``curriculum/04_mat_basics/scales/``),
read on first use; the model (:mod:`widgets.withdrawal.model`) is pure.  The constants
below are bound to the curriculum's scales when first asked for, so importing this
package reads no file.

Sources (keys of ``references.bib``, kept with the data): COWS items Wesson & Ling 2003,
checked against ``TIP45-COWS`` and ``PCSS-COWS``, bands ``Wesson2003`` and
``MDApp-COWS``; CIWA-Ar items ``Sullivan1989``, band sets ``ASAM-AWM2020`` (default) and
``VA-PAWS``.

Examples
--------
>>> from widgets.withdrawal import CIWA_AR_ITEMS, COWS_ITEMS
>>> score_cows({k: 0 for k in COWS_ITEMS}).band
'none'
>>> score_ciwa_ar({k: 1 for k in CIWA_AR_ITEMS}).total
10
"""

from __future__ import annotations

from typing import Any

from widgets.withdrawal.content import (
    check_answers,
    compare_ratings,
    load_case,
    partial_score,
    resolve_bands,
    scale,
    scales,
    score,
    score_ciwa_ar,
    score_cows,
    teaching_cases,
)
from widgets.withdrawal.model import (
    Band,
    BandSet,
    ItemComparison,
    PartialScore,
    RatingComparison,
    Scale,
    ScaleItem,
    WithdrawalScore,
)

__all__ = [
    "CIWA_AR_BAND_SETS",
    "CIWA_AR_DEFAULT_BANDS",
    "CIWA_AR_ITEMS",
    "COWS_BANDS",
    "COWS_ITEMS",
    "SCALES",
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

_BOUND = {
    "SCALES": lambda: scales(),
    "COWS_ITEMS": lambda: scale("cows").items,
    "CIWA_AR_ITEMS": lambda: scale("ciwa-ar").items,
    "COWS_BANDS": lambda: scale("cows").default_bands,
    "CIWA_AR_BAND_SETS": lambda: scale("ciwa-ar").band_sets,
    "CIWA_AR_DEFAULT_BANDS": lambda: scale("ciwa-ar").default_bands.name,
}
"""Names bound to the curriculum's scales on first use:

``SCALES`` both scales by id; ``COWS_ITEMS`` the 11 COWS items in form order and
``CIWA_AR_ITEMS`` the 10 CIWA-Ar items (read-only mappings of key to
:class:`ScaleItem`); ``COWS_BANDS`` the COWS bands; ``CIWA_AR_BAND_SETS`` the CIWA-Ar's
published band sets by name; ``CIWA_AR_DEFAULT_BANDS`` the name of its default set.
"""


def __getattr__(name: str) -> Any:
    if name in _BOUND:
        return _BOUND[name]()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
