"""The curriculum's colours: importable without matplotlib (charts drawn as SVG or HTML)."""

from __future__ import annotations

__all__ = ["OKABE_ITO"]

OKABE_ITO = {
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
    "grey": "#595959",
}
"""Okabe & Ito's palette, distinguishable with the common colour-vision deficiencies."""
