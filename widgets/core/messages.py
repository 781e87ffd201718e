"""Values quoted in error messages, bounded: a message never grows with its input.

A bad input can be a string of a million characters, a number of thousands of digits
(whose ``repr`` raises ``ValueError`` past Python's 4,300-digit limit) or a nested list;
:func:`shown` quotes it in at most about ``limit`` characters.
"""

from __future__ import annotations

from typing import Any

__all__ = ["kind_of", "names", "shown"]


def kind_of(value: Any) -> str:  # noqa: ANN401 - any value
    """What a value is, in plain words: ``"mapping"``, ``"list"``, or its type's name."""
    if isinstance(value, dict):
        return "mapping"
    if isinstance(value, list | tuple | set | frozenset):
        return "list"
    return type(value).__name__


def shown(value: Any, limit: int = 60) -> str:  # noqa: ANN401 - any value
    """A short ``repr`` of ``value`` for a message.

    Text longer than ``limit`` is cut (with its length), integers of more than ``limit``
    digits are described by their size, and containers by their kind.
    """
    if isinstance(value, bool) or value is None:
        return repr(value)
    if isinstance(value, int):
        if value.bit_length() > 3 * limit + 10 or len(str(abs(value))) > limit:
            return f"a number of about {int(value.bit_length() * 0.30103) + 1:,} digits"
        return repr(value)
    if isinstance(value, dict | list | tuple | set | frozenset):
        return f"a {kind_of(value)}"
    text = repr(value)
    return text if len(text) <= limit else f"{text[:limit]}... ({len(text):,} characters)"


def names(values: Any, most: int = 5, limit: int = 40) -> str:  # noqa: ANN401 - iterable
    """Up to ``most`` names joined with commas, each cut to ``limit`` characters."""
    items = [v if isinstance(v, str) and len(v) <= limit else shown(v, limit)
             for v in list(values)[:most + 1]]
    extra = len(list(values)) - most
    return ", ".join(items[:most]) + (f" and {extra} more" if extra > 0 else "")
