"""The teaching model's condition language: a tiny, safe parser (no ``eval``).

A rule of the teaching model applies *when* a condition on the six ratings holds.  The
condition is written in ``placement-rules.yaml`` in a small language that can only ask
"is this rating at least N?", so every rule is monotone by construction (raising a rating
can never make a condition false)::

    condition := clause ("or" clause)*
    clause    := factor ("and" factor)*
    factor    := "(" condition ")"
               | DIMENSION ">=" RATING                      e.g. relapse_potential >= 3
               | "at" "least" COUNT "dimensions" ">=" RATING  e.g. at least 3 dimensions >= 3

``DIMENSION`` is a dimension key of the model, ``RATING`` a whole number on the rating
scale and ``COUNT`` a number of dimensions.  Anything else (another operator, ``not``, an
unknown name, a number out of range) is refused with a :class:`ConditionError` that names
the offending token and its position.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

__all__ = ["MAX_CONDITION_LENGTH", "MAX_NESTING", "AllOf", "AnyOf", "AtLeast",
           "Condition", "ConditionError", "DimensionsAtLeast", "parse"]

MAX_CONDITION_LENGTH = 500
"""Longest condition text accepted (characters)."""
MAX_NESTING = 10
"""Deepest nesting of parentheses accepted."""


class ConditionError(ValueError):
    """A condition that is not in the language; names the bad token and where it is.

    ``token`` is ``None`` when the condition ends too early or is refused as a whole.
    """

    def __init__(self, text: str, problem: str, token: str | None = None,
                 position: int | None = None, *, ended: bool = False) -> None:
        self.text, self.problem, self.token, self.position = text, problem, token, position
        if token is not None and position is not None:
            message = (f"bad token {token!r} at position {position + 1} in condition "
                       f"{text!r}: {problem}")
        elif ended:
            message = f"condition {text!r} ends too early: {problem}"
        else:
            message = f"bad condition {text!r}: {problem}"
        super().__init__(message)


@dataclass(frozen=True)
class AtLeast:
    """``dimension >= rating``."""

    dimension: str
    rating: int

    def holds(self, ratings: Mapping[str, int]) -> bool:
        """Whether the rating of the dimension is at least :attr:`rating`."""
        return ratings[self.dimension] >= self.rating

    @property
    def dimensions(self) -> tuple[str, ...]:
        """The dimensions this condition reads."""
        return (self.dimension,)

    def thresholds(self) -> tuple[tuple[str | None, int], ...]:
        """Every (dimension, rating) the condition compares with (``None``: any)."""
        return ((self.dimension, self.rating),)


@dataclass(frozen=True)
class DimensionsAtLeast:
    """``at least count dimensions >= rating``: breadth of risk."""

    count: int
    rating: int
    over: tuple[str, ...]
    """Every dimension of the model (the ones counted)."""

    def holds(self, ratings: Mapping[str, int]) -> bool:
        """Whether at least :attr:`count` dimensions are rated :attr:`rating` or more."""
        return sum(ratings[d] >= self.rating for d in self.over) >= self.count

    @property
    def dimensions(self) -> tuple[str, ...]:
        """The dimensions this condition reads (all of them)."""
        return self.over

    def thresholds(self) -> tuple[tuple[str | None, int], ...]:
        """Every (dimension, rating) the condition compares with (``None``: any)."""
        return ((None, self.rating),)


@dataclass(frozen=True)
class AllOf:
    """Every part holds (``and``)."""

    parts: tuple[Condition, ...]

    def holds(self, ratings: Mapping[str, int]) -> bool:
        """Whether every part holds."""
        return all(p.holds(ratings) for p in self.parts)

    @property
    def dimensions(self) -> tuple[str, ...]:
        """The dimensions the parts read, each once, in order of first use."""
        return tuple(dict.fromkeys(d for p in self.parts for d in p.dimensions))

    def thresholds(self) -> tuple[tuple[str | None, int], ...]:
        """Every (dimension, rating) the parts compare with."""
        return tuple(t for p in self.parts for t in p.thresholds())


@dataclass(frozen=True)
class AnyOf:
    """At least one part holds (``or``)."""

    parts: tuple[Condition, ...]

    def holds(self, ratings: Mapping[str, int]) -> bool:
        """Whether any part holds."""
        return any(p.holds(ratings) for p in self.parts)

    @property
    def dimensions(self) -> tuple[str, ...]:
        """The dimensions the parts read, each once, in order of first use."""
        return tuple(dict.fromkeys(d for p in self.parts for d in p.dimensions))

    def thresholds(self) -> tuple[tuple[str | None, int], ...]:
        """Every (dimension, rating) the parts compare with."""
        return tuple(t for p in self.parts for t in p.thresholds())


Condition = AtLeast | DimensionsAtLeast | AllOf | AnyOf
"""A parsed condition: each kind has ``holds(ratings)``, ``dimensions`` and ``thresholds()``."""

_TOKEN = re.compile(r"\s*(?:(?P<number>\d+)|(?P<word>[A-Za-z_][A-Za-z0-9_]*)"
                    r"|(?P<op>>=|<=|==|!=|[<>=!])|(?P<paren>[()])|(?P<other>\S))")
_KEYWORDS = frozenset({"and", "or", "at", "least", "dimensions"})
_REFUSED_WORDS = {"not": "'not' is not allowed: a rule only asks whether ratings are at "
                         "least N, so that raising a rating never lowers the level"}


@dataclass(frozen=True)
class _Token:
    kind: str
    text: str
    position: int


def _tokens(text: str) -> list[_Token]:
    tokens, position = [], 0
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None:  # only trailing whitespace is left
            break
        kind = match.lastgroup or "other"
        start = match.start(kind)
        tokens.append(_Token(kind, match.group(kind), start))
        position = match.end()
    return tokens


class _Parser:
    def __init__(self, text: str, dimensions: Sequence[str], max_rating: int) -> None:
        if len(text) > MAX_CONDITION_LENGTH:  # before any work on it
            raise ConditionError(text[:30] + "...", f"a condition may be at most "
                                 f"{MAX_CONDITION_LENGTH} characters long; this one has "
                                 f"{len(text)}")
        self.text = text
        self.dimensions = tuple(dimensions)
        self.max_rating = max_rating
        self.tokens = _tokens(text)
        self.index = 0
        self.depth = 0

    # -- helpers
    def _fail(self, problem: str, token: _Token | None = None) -> ConditionError:
        if token is None:
            return ConditionError(self.text, problem, ended=True)
        return ConditionError(self.text, problem, token.text, token.position)

    def _peek(self) -> _Token | None:
        return self.tokens[self.index] if self.index < len(self.tokens) else None

    def _take(self) -> _Token | None:
        token = self._peek()
        if token is not None:
            self.index += 1
        return token

    def _expect_word(self, word: str, what: str) -> None:
        token = self._take()
        if token is None or token.kind != "word" or token.text != word:
            raise self._fail(f"expected {word!r} ({what})", token)

    def _number(self, low: int, high: int, what: str) -> int:
        token = self._take()
        if token is None or token.kind != "number":
            raise self._fail(f"expected {what}, a whole number from {low} to {high}", token)
        value = int(token.text) if len(token.text) <= 4 else high + 1
        if not low <= value <= high:
            raise self._fail(f"{what} must be from {low} to {high}", token)
        return value

    def _at_least(self) -> None:
        token = self._take()
        if token is None or token.kind != "op" or token.text != ">=":
            problem = "expected '>=' (at least)"
            if token is not None and token.kind == "op":
                problem = ("only '>=' is allowed: a rule only asks whether a rating is at "
                           "least N, so that raising a rating never lowers the level")
            raise self._fail(problem, token)

    # -- grammar
    def parse(self) -> Condition:
        if not self.tokens:
            raise ConditionError(self.text, "the condition is empty")
        condition = self._condition()
        extra = self._peek()
        if extra is not None:
            raise self._fail("expected 'and', 'or' or the end of the condition", extra)
        return condition

    def _condition(self) -> Condition:
        parts = [self._clause()]
        while (token := self._peek()) is not None and token.kind == "word" and token.text == "or":
            self._take()
            parts.append(self._clause())
        return parts[0] if len(parts) == 1 else AnyOf(tuple(parts))

    def _clause(self) -> Condition:
        parts = [self._factor()]
        while (token := self._peek()) is not None and token.kind == "word" and token.text == "and":
            self._take()
            parts.append(self._factor())
        return parts[0] if len(parts) == 1 else AllOf(tuple(parts))

    def _factor(self) -> Condition:
        token = self._take()
        if token is None:
            raise self._fail("expected a dimension, 'at least' or '('")
        if token.kind == "paren" and token.text == "(":
            self.depth += 1
            if self.depth > MAX_NESTING:
                raise self._fail(f"parentheses may be nested at most {MAX_NESTING} deep",
                                 token)
            inner = self._condition()
            close = self._take()
            if close is None or close.text != ")":
                raise self._fail("expected ')'", close)
            self.depth -= 1
            return inner
        if token.kind == "word" and token.text == "at":
            self._expect_word("least", "as in 'at least 3 dimensions >= 3'")
            count = self._number(1, len(self.dimensions), "the number of dimensions")
            self._expect_word("dimensions", "as in 'at least 3 dimensions >= 3'")
            self._at_least()
            rating = self._number(0, self.max_rating, "a rating")
            return DimensionsAtLeast(count, rating, self.dimensions)
        if token.kind == "word" and token.text in self.dimensions:
            self._at_least()
            return AtLeast(token.text, self._number(0, self.max_rating, "a rating"))
        if token.kind == "word" and token.text in _REFUSED_WORDS:
            raise self._fail(_REFUSED_WORDS[token.text], token)
        if token.kind == "word" and token.text not in _KEYWORDS:
            raise self._fail(f"unknown dimension; the dimensions are "
                             f"{', '.join(self.dimensions)}", token)
        raise self._fail("expected a dimension, 'at least' or '('", token)


def parse(text: str, dimensions: Sequence[str], *, max_rating: int = 4) -> Condition:
    """Parse a rule's condition over ``dimensions`` (ratings 0 to ``max_rating``).

    Raises
    ------
    ConditionError
        For anything outside the language; the message names the token and its position.
    TypeError
        When ``text`` is not a string.
    """
    if not isinstance(text, str):
        raise TypeError(f"a condition must be a string, got {type(text).__name__}")
    return _Parser(text, dimensions, max_rating).parse()
