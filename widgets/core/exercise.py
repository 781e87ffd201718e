"""What every exercise checker returns, and the one test for an unfinished answer.

A checker never raises on an unfinished stub: an answer that still holds a ``...``
placeholder gets "not yet complete", so learner notebooks run cleanly under nbval.
Checkers live in each topic's ``checker`` module and build their results with
:func:`incomplete`, :func:`failed` and :func:`passed`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields, is_dataclass
from typing import Any

__all__ = ["ExerciseResult", "failed", "incomplete", "is_placeholder", "passed"]

_MAX_DEPTH = 50


@dataclass(frozen=True)
class ExerciseResult:
    """The outcome of checking an exercise answer.

    Attributes
    ----------
    complete : bool
        False while the answer still has a ``...`` placeholder (or nothing at all).
    passed : bool
        Whether every requirement is met.
    messages : tuple of str
        What is missing, wrong, or (when passed) what the answer achieved.
    """

    complete: bool
    passed: bool
    messages: tuple[str, ...]

    @property
    def headline(self) -> str:
        """One line: not yet complete, all requirements met, or not there yet."""
        if not self.complete:
            return "Not yet complete."
        return "All requirements met." if self.passed else "Not there yet:"

    def __repr__(self) -> str:
        return "\n".join([self.headline, *(f"- {m}" for m in self.messages)])

    def _repr_html_(self) -> str:
        from widgets.core.render import render

        return render("core/exercise_result.html.j2", result=self)


def is_placeholder(value: Any, _depth: int = 0) -> bool:
    """Whether ``value`` is, or contains, a ``...`` placeholder the learner has to replace.

    Looks inside lists, tuples, sets, mappings (keys and values) and dataclasses; a very
    deeply nested value counts as unfinished rather than being searched without end.
    """
    if value is Ellipsis:
        return True
    if _depth > _MAX_DEPTH:
        return True
    if isinstance(value, str | bytes | int | float | bool) or value is None:
        return False
    if isinstance(value, Mapping):
        return any(is_placeholder(k, _depth + 1) or is_placeholder(v, _depth + 1)
                   for k, v in value.items())
    if is_dataclass(value) and not isinstance(value, type):
        return any(is_placeholder(getattr(value, f.name), _depth + 1) for f in fields(value))
    if isinstance(value, list | tuple | set | frozenset):
        return any(is_placeholder(v, _depth + 1) for v in value)
    return False


def incomplete(message: str = "Replace every ... with your answer.") -> ExerciseResult:
    """The result for an answer that still has placeholders."""
    return ExerciseResult(False, False, (message,))


def failed(problems: Iterable[str]) -> ExerciseResult:
    """The result for a complete answer that misses some requirements."""
    return ExerciseResult(True, False, tuple(problems))


def passed(*messages: str) -> ExerciseResult:
    """The result for an answer that meets every requirement."""
    return ExerciseResult(True, True, tuple(messages))
