"""Teaching models of opioid pharmacology: repeated dosing and receptor effect.

The model (:mod:`widgets.pharmacology.model`) is pure; the half-life ranges are data
(``kind: half-life-ranges``, ``curriculum/04_mat_basics/half-lives.yaml``), bound to
``HALF_LIFE_RANGES`` when first asked for, so importing this package reads no file.
"""

from __future__ import annotations

from typing import Any

from widgets.pharmacology.content import half_life_range, half_life_ranges
from widgets.pharmacology.model import (
    MAX_DOSES,
    MAX_POINTS,
    DosingSummary,
    HalfLifeRange,
    accumulation_ratio,
    competitive_effect,
    displacement_curve,
    dosing_summary,
    elimination_rate,
    fraction_of_steady_state,
    peaks_and_troughs,
    receptor_effect,
    repeated_dose_curve,
    time_to_fraction_of_steady_state,
)

__all__ = [
    "HALF_LIFE_RANGES",
    "MAX_DOSES",
    "MAX_POINTS",
    "DosingSummary",
    "HalfLifeRange",
    "accumulation_ratio",
    "competitive_effect",
    "displacement_curve",
    "dosing_summary",
    "elimination_rate",
    "fraction_of_steady_state",
    "half_life_range",
    "half_life_ranges",
    "peaks_and_troughs",
    "receptor_effect",
    "repeated_dose_curve",
    "time_to_fraction_of_steady_state",
]


def __getattr__(name: str) -> Any:
    if name == "HALF_LIFE_RANGES":  # read from the curriculum on first use
        return half_life_ranges()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
