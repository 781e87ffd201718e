"""Short author-year labels for citation keys of ``references.bib``."""

from __future__ import annotations

import functools
import re
from pathlib import Path

from widgets.core.content import content_root

_ENTRY = re.compile(r"@\w+\s*\{\s*([^,\s]+)\s*,(.*?)\n\}", re.S)
_FIELD = re.compile(r"^\s*(\w+)\s*=\s*[{\"](.*)[}\"]\s*,?\s*$", re.M)


@functools.cache
def _entries(bib: Path) -> dict[str, dict[str, str]]:
    if not bib.is_file():
        return {}
    entries = {}
    for key, body in _ENTRY.findall(bib.read_text(encoding="utf-8")):
        entries[key] = {k.lower(): v for k, v in _FIELD.findall(body)}
    return entries


def short_label(key: str, bib: Path | None = None) -> str:
    """'Author Year' for a citation key (the key itself when the entry is unknown)."""
    fields = _entries((bib or content_root() / "references.bib").resolve()).get(key)
    if not fields:
        return key
    series = re.search(r"\((\w+)\)", fields.get("series", ""))
    if series and fields.get("number"):  # e.g. "TIP 47, 2006"
        return f"{series.group(1)} {fields['number']}, {fields.get('year', 'n.d.')}"
    names = _split_authors(fields.get("author", key))
    first = names[0]
    if first.startswith("{"):  # a corporate author, kept whole
        family = first.strip("{}")
    else:
        family = first.split(",")[0] if "," in first else first.split()[-1]
    family = family.replace("{", "").replace("}", "")
    others = " et al." if len(names) > 2 else f" and {_family(names[1])}" if len(names) == 2 else ""
    year = fields.get("year", "n.d.").strip("{}")
    return f"{family}{others} {year}"


def _split_authors(value: str) -> list[str]:
    """Split a BibTeX author list on ' and ' outside braces."""
    names, depth, start = [], 0, 0
    i = 0
    while i < len(value):
        ch = value[i]
        depth += ch == "{"
        depth -= ch == "}"
        if depth == 0 and value.startswith(" and ", i):
            names.append(value[start:i].strip())
            start = i + 5
            i += 5
            continue
        i += 1
    names.append(value[start:].strip())
    return names


def _family(name: str) -> str:
    if name.startswith("{"):
        return name.strip("{}")
    family = name.split(",")[0] if "," in name else name.split()[-1]
    return family.replace("{", "").replace("}", "")
