"""Worksheets written in a client's words: sections of short texts, bounded and cleaned.

The relapse-prevention plan and the safety plan are both worksheets: a name, a
"completed with" line, and sections that each hold a few short texts.  Lists (or one text
per line) are accepted for every section and stored as tuples of trimmed, non-empty texts;
a ``...`` (Ellipsis), as a section or one of its entries, marks it unfinished.  The work is
bounded: at most :data:`MAX_ITEMS` entries a section, :data:`MAX_TEXT` characters an entry.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

__all__ = ["MAX_ITEMS", "MAX_TEXT", "clean_items", "clean_text", "clean_worksheet"]

MAX_ITEMS = 40
"""Most entries one section holds."""
MAX_TEXT = 1000
"""Most characters one entry (or a name) holds."""


def clean_text(name: str, value: str) -> str:
    """Whitespace collapsed; a lone surrogate (not text in any script) becomes '?'."""
    text = " ".join(value.encode("utf-8", "replace").decode("utf-8").split())
    if len(text) > MAX_TEXT:
        raise ValueError(f"{name} is {len(text)} characters long; an entry holds at most "
                         f"{MAX_TEXT} characters")
    return text


def clean_items(name: str, value: Any) -> tuple[tuple[str, ...], bool]:  # noqa: ANN401
    """The clean entries of one section, and whether it still holds a ``...``.

    Raises
    ------
    TypeError
        When the section is not text or a list of texts.
    ValueError
        When it has more than :data:`MAX_ITEMS` entries or an entry is too long.
    """
    if value is Ellipsis:
        return (), True
    if isinstance(value, str):
        if len(value) > MAX_ITEMS * (MAX_TEXT + 1):
            raise ValueError(f"{name} is {len(value)} characters long; a section holds at "
                             f"most {MAX_ITEMS} entries of {MAX_TEXT} characters")
        value = value.splitlines()
    if isinstance(value, bytes | Mapping) or not isinstance(value, Iterable):
        raise TypeError(f"{name} must be a list of short texts, got {value!r}")
    items: list[str] = []
    placeholder = False
    for n, item in enumerate(value):
        if n >= 10 * MAX_ITEMS:
            raise ValueError(f"{name} has more than {10 * MAX_ITEMS} lines; a section holds "
                             f"at most {MAX_ITEMS} entries")
        if item is Ellipsis:
            placeholder = True
            continue
        if not isinstance(item, str):
            raise TypeError(f"{name}: each entry must be text, got {item!r}")
        text = clean_text(f"{name} entry {n + 1}", item)
        if text:
            items.append(text)
        if len(items) > MAX_ITEMS:
            raise ValueError(f"{name} has more than {MAX_ITEMS} entries; a section holds "
                             f"at most {MAX_ITEMS}")
    return tuple(items), placeholder


def clean_worksheet(sheet: Any, sections: Sequence[str],  # noqa: ANN401 - a frozen dataclass
                    names: Sequence[str] = ("client", "counselor")) -> None:
    """Clean a frozen worksheet dataclass in place (its ``__post_init__`` calls this).

    Each section becomes a tuple of clean texts, each name a clean text; every section or
    name still holding a ``...`` is added to the sheet's ``placeholders``.
    """
    unfinished = set(sheet.placeholders)
    for section in sections:
        items, placeholder = clean_items(section, getattr(sheet, section))
        object.__setattr__(sheet, section, items)
        if placeholder:
            unfinished.add(section)
    for name in names:
        value = getattr(sheet, name)
        if value is Ellipsis:
            object.__setattr__(sheet, name, "")
            unfinished.add(name)
        elif not isinstance(value, str):
            raise TypeError(f"{name} must be text, got {value!r}")
        else:
            object.__setattr__(sheet, name, clean_text(name, value))
    object.__setattr__(sheet, "placeholders", frozenset(unfinished))
