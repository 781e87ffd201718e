"""Person-first language: the terms the curriculum avoids and what to say instead.

One list for every check that reads text (case files, exercise checkers, scenario and
handout tests), from the fact base's section 7 (NIDA *Words Matter*, ONDCP, AAP).
"""

from __future__ import annotations

import re

__all__ = ["AVOID_TERMS", "STIGMATIZING", "avoided_terms"]

AVOID_TERMS: tuple[tuple[str, str], ...] = (
    (r"\baddicts?\b", "person with a substance use disorder"),
    (r"\babusers?\b", "person who uses drugs; person with a substance use disorder"),
    (r"\balcoholics?\b", "person with an alcohol use disorder"),
    (r"\bjunk(?:ies|ie|y)\b", "person who uses drugs"),
    (r"\bdrug users?\b", "person who uses drugs"),
    (r"\bclean\b", "abstinent, not currently using, or testing negative"),
    (r"\bdirty\b", "actively using, or testing positive"),
    (r"\b(?:substance|drug|alcohol) abuse\b", "substance use; substance use disorder"),
    (r"\b(?:replacement|substitution) (?:therapy|treatment)\b",
     "medication for opioid use disorder (MOUD)"),
    (r"\bdrug habit\b", "substance use; substance use disorder"),
    (r"\bdetox\b", "withdrawal management"),
)
"""Regular expressions of avoided terms, each with the preferred wording."""

STIGMATIZING = re.compile("|".join(p for p, _ in AVOID_TERMS), re.IGNORECASE)
"""Any avoided term (for a quick yes/no scan of a text)."""


def avoided_terms(text: str) -> list[tuple[str, str]]:
    """Each avoided term found in ``text`` (as written) with the preferred wording."""
    found = []
    for pattern, prefer in AVOID_TERMS:
        match = re.search(pattern, text, re.IGNORECASE)
        if match:
            found.append((match.group(0), prefer))
    return found
