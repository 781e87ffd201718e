"""The base classes of every content schema, and the registry of content kinds.

A topic's ``schemas`` module defines its content kinds on these bases and registers each
with :func:`content_kind`; it imports nothing else of the curriculum (no models, no
loader), so a pure model can use the schema types.  Reading and validating files is
:mod:`widgets.core.content`'s job.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Annotated, ClassVar, TypeVar

from pydantic import BaseModel, ConfigDict, StringConstraints

__all__ = ["ID_PATTERN", "MAX_ID_CHARS", "ContentFile", "ContentModel", "Id", "Ref", "content_kind",
           "registered_kinds"]

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
MAX_ID_CHARS = 100
"""Longest id (characters): ids name files and appear in learners' records."""
Id = Annotated[str, StringConstraints(pattern=ID_PATTERN, max_length=MAX_ID_CHARS)]
"""A kebab-case identifier of at most MAX_ID_CHARS characters: lower-case letters and
digits joined by single hyphens."""


class ContentModel(BaseModel):
    """Base for every content model: unknown keys, wrong types and numbers that are not
    finite (``.inf``, ``.nan``) are errors."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, allow_inf_nan=False)


@dataclass(frozen=True)
class Ref:
    """A reference from one content entry to something that must exist elsewhere.

    ``kind`` is ``"cite"`` for a key of ``references.bib``, otherwise a content kind.
    """

    kind: str
    target: str
    entry: str
    field: str


class ContentFile(ContentModel):
    """A whole content file; subclasses set ``KIND`` through :func:`content_kind`."""

    KIND: ClassVar[str] = ""
    kind: str
    id: Id

    def refs(self) -> Iterable[Ref]:
        """References this file makes to other content or to the bibliography."""
        return ()


_KINDS: dict[str, type[ContentFile]] = {}
M = TypeVar("M", bound=type[ContentFile])


def content_kind(name: str):  # noqa: ANN201 - decorator
    """Class decorator registering a :class:`ContentFile` schema under ``kind: name``."""

    def register(cls: M) -> M:
        if name in _KINDS and _KINDS[name] is not cls:
            raise RuntimeError(f"content kind {name!r} is registered twice")
        cls.KIND = name
        _KINDS[name] = cls
        return cls

    return register


def registered_kinds() -> dict[str, type[ContentFile]]:
    """The kinds registered so far (see :func:`widgets.core.content.kinds` for all)."""
    return dict(_KINDS)
