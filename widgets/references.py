"""Short author-year labels for citation keys of ``references.bib``."""

from __future__ import annotations

import functools
import re
from pathlib import Path

from widgets.content import content_root

_ENTRY = re.compile(r"@\w+\s*\{\s*([^,\s]+)\s*,(.*?)\n\}", re.S)
_FIELD = re.compile(r"(\w+)\s*=\s*[{\"](.+?)[}\"]\s*,?\s*$", re.M)


@functools.cache
def _entries(bib: Path) -> dict[str, dict[str, str]]:
    if not bib.is_file():
        return {}
    entries = {}
    for key, body in _ENTRY.findall(bib.read_text(encoding="utf-8")):
        entries[key] = {k.lower(): v.strip("{}") for k, v in _FIELD.findall(body)}
    return entries


def short_label(key: str, bib: Path | None = None) -> str:
    """'Author Year' for a citation key (the key itself when the entry is unknown)."""
    fields = _entries((bib or content_root() / "references.bib").resolve()).get(key)
    if not fields:
        return key
    author = fields.get("author", fields.get("organization", key))
    first = author.split(" and ")[0].strip().strip("{}")
    family = first.split(",")[0] if "," in first else first
    others = " et al." if " and " in author else ""
    year = fields.get("year", "n.d.")
    return f"{family}{others} {year}"
