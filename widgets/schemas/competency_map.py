"""Schema of ``kind: competency-map``: the curriculum mapped to the TAP 21 competencies.

One file, ``curriculum/competency-map.yaml``, is the single source of truth for which TAP
21 addiction counseling competencies (numbered 1-123 in the publication) each module's
learning objectives, simulations and knowledge-check items practise.  It has two parts:

``competencies``
    A catalogue of every competency number the map uses, each with *our own* short wording
    (never TAP 21's text) and the area of TAP 21 it belongs to: one of the four
    transdisciplinary foundations or the eight practice dimensions.
``modules``
    One entry per module (``id: m01`` ...): the module notebook, its objectives (in the
    order of the notebook's Overview list, with the same text), its simulations (the view
    class, and the item id it records under in learner records), and for each knowledge
    check the competencies of every question (an empty list: not mapped yet).

Checked here (one file): numbers within 1-123 and in the catalogue, no duplicates,
objectives numbered 1..n, catalogue areas in TAP 21's order (foundations, then the
practice dimensions I-VIII, as the numbers run).  Checked by ``refs()``: every check
exists, every citation key is in ``references.bib``.  Checked against the rest of the
curriculum by :func:`widgets.competency.validate_map`: the notebook exists and its
Overview lists exactly these objectives, each simulation's view class exists, each check
belongs to the module and every one of its questions (and no other) is mapped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, ValidationError, model_validator
from pydantic_core import InitErrorDetails, PydanticCustomError

from widgets.content import ContentFile, ContentModel, Id, Ref, content_kind

__all__ = [
    "AREAS",
    "FOUNDATIONS",
    "PRACTICE_DIMENSIONS",
    "CheckMap",
    "Competency",
    "CompetencyMap",
    "ModuleMap",
    "Objective",
    "Simulation",
]

TAP21_COUNT = 123

FOUNDATIONS = (
    "Understanding Addiction",
    "Treatment Knowledge",
    "Application to Practice",
    "Professional Readiness",
)
"""TAP 21's four transdisciplinary foundations (clinical-facts.md section 9)."""

PRACTICE_DIMENSIONS = (
    "Clinical Evaluation",
    "Treatment Planning",
    "Referral",
    "Service Coordination",
    "Counseling",
    "Client, Family, and Community Education",
    "Documentation",
    "Professional and Ethical Responsibilities",
)
"""TAP 21's eight practice dimensions, in order (ATTC listing; clinical-facts.md section 9)."""

AREAS = FOUNDATIONS + PRACTICE_DIMENSIONS
Area = Literal[AREAS]  # type: ignore[valid-type]  # the twelve names above, no copy


def _tap21_number(value: int) -> int:
    if not 1 <= value <= TAP21_COUNT:
        raise ValueError(f"TAP 21 competencies are numbered 1-{TAP21_COUNT}; got {value}")
    return value


TapNumber = Annotated[int, AfterValidator(_tap21_number)]
Text = Annotated[str, Field(min_length=1)]
_VIEW = re.compile(r"^widgets\.views\.[a-z_][a-z0-9_]*\.[A-Z][A-Za-z0-9]*$")
_NOTEBOOK = re.compile(r"^curriculum/[^\s\\]+\.ipynb$")


def _view_path(value: str) -> str:
    if not _VIEW.match(value):
        raise ValueError(f"expected the view class as widgets.views.<topic>.<Class>, e.g. "
                         f"'widgets.views.schedule.ScheduleBuilder'; got {value!r}")
    return value


def _notebook_path(value: str) -> str:
    if not _NOTEBOOK.match(value):
        raise ValueError(f"expected the notebook's path from the repository root, "
                         f"'curriculum/<folder>/<name>.ipynb'; got {value!r}")
    return value


ViewPath = Annotated[str, AfterValidator(_view_path)]
NotebookPath = Annotated[str, AfterValidator(_notebook_path)]


class Competency(ContentModel):
    """One TAP 21 competency as the curriculum refers to it."""

    number: TapNumber
    area: Area
    summary: Text
    """Our own short wording; never a quotation of TAP 21."""

    @property
    def is_practice_dimension(self) -> bool:
        """Whether the area is a practice dimension (else a transdisciplinary foundation)."""
        return self.area in PRACTICE_DIMENSIONS


class Objective(ContentModel):
    """A learning objective of the module notebook's Overview list."""

    number: int
    text: Text
    """The objective's text exactly as the notebook lists it (Markdown emphasis aside)."""
    competencies: list[TapNumber] = Field(min_length=1)


class Simulation(ContentModel):
    """A simulator the module uses."""

    id: Id
    view: ViewPath
    """The view class, ``widgets.views.<topic>.<Class>``."""
    competencies: list[TapNumber] = Field(min_length=1)

    @property
    def item_id(self) -> str:
        """The item id the simulator records under in learner records: ``sim/<id>``."""
        return f"sim/{self.id}"


class CheckMap(ContentModel):
    """The competencies of every question of one knowledge check."""

    check: Id
    items: dict[Id, list[TapNumber]] = Field(min_length=1)
    """Question id -> competency numbers (``[]``: not mapped to a competency yet)."""


class ModuleMap(ContentModel):
    """One module's objectives, simulations and check items, mapped to competencies."""

    id: Id
    notebook: NotebookPath
    """The module notebook, relative to the repository root."""
    objectives: list[Objective] = Field(min_length=1)
    simulations: list[Simulation] = Field(default_factory=list)
    checks: list[CheckMap] = Field(default_factory=list)

    def numbers(self) -> set[int]:
        """Every competency number this module maps to."""
        found = {n for o in self.objectives for n in o.competencies}
        found |= {n for s in self.simulations for n in s.competencies}
        found |= {n for c in self.checks for ns in c.items.values() for n in ns}
        return found


@content_kind("competency-map")
class CompetencyMap(ContentFile):
    """The whole curriculum mapped to TAP 21 (see the module docstring)."""

    kind: Literal["competency-map"]
    framework: Text
    cite: list[str] = Field(min_length=1)
    competencies: list[Competency] = Field(min_length=1)
    modules: list[ModuleMap] = Field(default_factory=list)

    @model_validator(mode="after")
    def _consistent(self) -> CompetencyMap:
        problem = next(iter(self._problems()), None)
        if problem is not None:
            loc, message = problem
            text = f"Value error, {message}".replace("{", "{{").replace("}", "}}")
            raise ValidationError.from_exception_data("CompetencyMap", [InitErrorDetails(
                type=PydanticCustomError("value_error", text), loc=loc, input=None)])
        return self

    def _problems(self) -> Iterator[tuple[tuple[str | int, ...], str]]:
        known: dict[int, int] = {}
        for i, comp in enumerate(self.competencies):
            if comp.number in known:
                yield (("competencies", i, "number"),
                       f"competency {comp.number} is already in the catalogue (entry "
                       f"{known[comp.number] + 1})")
            known.setdefault(comp.number, i)
        ordered = sorted(self.competencies, key=lambda c: c.number)
        for before, after in zip(ordered, ordered[1:], strict=False):
            if AREAS.index(after.area) < AREAS.index(before.area):
                i = self.competencies.index(after)
                yield (("competencies", i, "area"),
                       f"competency {after.number} is in {after.area!r} but the lower-numbered "
                       f"{before.number} is in {before.area!r}, which comes later in TAP 21; "
                       f"check the number or the area")
        modules: dict[str, int] = {}
        for i, mod in enumerate(self.modules):
            if mod.id in modules:
                yield ("modules", i, "id"), f"module {mod.id!r} is mapped twice"
            modules.setdefault(mod.id, i)
            yield from ((("modules", i, *loc), msg) for loc, msg in _module_problems(mod, known))

    def refs(self) -> Iterable[Ref]:
        """Citation keys must be in references.bib; every mapped check must exist."""
        for i, key in enumerate(self.cite):
            yield Ref("cite", key, self.id, f"cite.{i}")
        for mod in self.modules:
            for j, check in enumerate(mod.checks):
                yield Ref("knowledge-check", check.check, mod.id, f"checks.{j}.check")

    # -- lookups ----------------------------------------------------------------------
    def competency(self, number: int) -> Competency:
        """The catalogue entry of a competency number."""
        for comp in self.competencies:
            if comp.number == number:
                return comp
        raise KeyError(f"competency {number} is not in the map's catalogue")

    def module(self, module_id: str) -> ModuleMap:
        """The entry of one module."""
        for mod in self.modules:
            if mod.id == module_id:
                return mod
        have = ", ".join(m.id for m in self.modules) or "none"
        raise KeyError(f"module {module_id!r} is not in the competency map (mapped: {have})")

    def item_competencies(self) -> dict[str, tuple[int, ...]]:
        """Recorded item id -> competency numbers, for check questions and simulations.

        Check questions are ``<check-id>/<question-id>`` (as :mod:`widgets.views.quiz`
        records them); simulations are ``sim/<simulation-id>``.
        """
        out: dict[str, tuple[int, ...]] = {}
        for mod in self.modules:
            for sim in mod.simulations:
                out[sim.item_id] = tuple(sim.competencies)
            for check in mod.checks:
                for question, numbers in check.items.items():
                    out[f"{check.check}/{question}"] = tuple(numbers)
        return out


def _module_problems(mod: ModuleMap,
                     known: dict[int, int]) -> Iterator[tuple[tuple[str | int, ...], str]]:
    def numbers(loc: tuple[str | int, ...], values: list[int]):
        seen: set[int] = set()
        for k, n in enumerate(values):
            if n in seen:
                yield (*loc, k), f"competency {n} is listed twice"
            elif n not in known:
                yield ((*loc, k), f"competency {n} is not in the catalogue under "
                                  f"'competencies'; add it there with its area and our "
                                  f"own short wording")
            seen.add(n)

    for j, obj in enumerate(mod.objectives):
        if obj.number != j + 1:
            yield (("objectives", j, "number"),
                   f"objectives are numbered 1, 2, 3 ... in notebook order; expected "
                   f"{j + 1}, got {obj.number}")
        yield from numbers(("objectives", j, "competencies"), obj.competencies)
    sims: set[str] = set()
    for j, sim in enumerate(mod.simulations):
        if sim.id in sims:
            yield ("simulations", j, "id"), f"simulation {sim.id!r} is listed twice"
        sims.add(sim.id)
        yield from numbers(("simulations", j, "competencies"), sim.competencies)
    checks: set[str] = set()
    for j, check in enumerate(mod.checks):
        if check.check in checks:
            yield ("checks", j, "check"), f"check {check.check!r} is listed twice"
        checks.add(check.check)
        for question, values in check.items.items():
            yield from numbers(("checks", j, "items", question), values)
