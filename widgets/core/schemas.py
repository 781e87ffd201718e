"""The core content kinds: ``module`` (each module's ``module.yaml``) and ``competency-map``.

``module``
    One file per module, ``curriculum/NN_slug/module.yaml``: the module's id, number,
    title, time to learn, objectives, simulations (with the view of each), knowledge
    checks, handouts and pass mark, and the TAP 21 competencies each objective,
    simulation and check question practises.  It is the only place a module's id, title
    or hours are written; everything else (progress, certificate, coverage, editions,
    the JupyterLite site, the ToC check) reads it through :mod:`widgets.core.registry`.
``competency-map``
    One file, ``curriculum/competency-map.yaml``: the catalogue of every TAP 21
    competency number the modules use, each with *our own* short wording (never TAP 21's
    text) and the area it belongs to (one of the four transdisciplinary foundations or
    the eight practice dimensions).

Checked here (one file): numbers within 1-123, no duplicates, objectives in order,
catalogue areas in TAP 21's order.  Checked across files (:mod:`widgets.core.registry`):
every competency number a module uses is in the catalogue, every check and view exists,
every question of a module's checks is mapped, the folder matches the number.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, StringConstraints, ValidationError, model_validator
from pydantic_core import InitErrorDetails, PydanticCustomError

from widgets.core.content_schema import ContentFile, ContentModel, Id, Ref, content_kind

__all__ = [
    "AREAS",
    "FOUNDATIONS",
    "PRACTICE_DIMENSIONS",
    "CheckMap",
    "Competency",
    "CertificateSettings",
    "CompetencyMap",
    "ModuleSpec",
    "Objective",
    "Simulation",
    "module_problems",
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
# TODO(lead): drop the old widgets.views.<topic> form once every topic has moved.
_VIEW = re.compile(r"^widgets(\.[a-z_][a-z0-9_]*)+\.view\.[A-Z][A-Za-z0-9]*$"
                   r"|^widgets\.views\.[a-z_]+\.[A-Z][A-Za-z0-9]*$")
_NOTEBOOK = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]*\.ipynb$")
_EXERCISES = re.compile(r"^exercises/[^\s\\]+\.ipynb$")
_HANDOUT = re.compile(r"^[a-z0-9]+(_[a-z0-9]+)*$")
MODULE_ID = r"^m[0-9]{2}$"


def _view_path(value: str) -> str:
    if not _VIEW.match(value):
        raise ValueError(f"expected the view class as widgets.<topic>.view.<Class>, e.g. "
                         f"'widgets.continuum.view.ScheduleBuilder'; got {value!r}")
    return value


def _pattern(regex: re.Pattern[str], what: str) -> AfterValidator:
    def check(value: str) -> str:
        if not regex.match(value):
            raise ValueError(f"expected {what}; got {value!r}")
        return value

    return AfterValidator(check)


ViewPath = Annotated[str, AfterValidator(_view_path)]
NotebookName = Annotated[str, _pattern(_NOTEBOOK, "the notebook's file name in the module "
                                                  "folder, e.g. '02_level_of_care.ipynb'")]
ExercisesPath = Annotated[str, _pattern(_EXERCISES, "the exercises notebook's path from the "
                                                    "repository root, 'exercises/<folder>/"
                                                    "<name>.ipynb'")]
HandoutName = Annotated[str, _pattern(_HANDOUT, "a handout page's name under "
                                                "curriculum/handouts/, e.g. 'naloxone'")]
ModuleId = Annotated[str, StringConstraints(pattern=MODULE_ID)]


class Competency(ContentModel):
    """One TAP 21 competency as the curriculum refers to it."""

    number: TapNumber
    area: Area
    summary: Text
    """Our own short wording; never a quotation of TAP 21."""


class Objective(ContentModel):
    """A learning objective, as the module's overview lists it."""

    text: Text
    competencies: list[TapNumber] = Field(min_length=1)


class Simulation(ContentModel):
    """A simulator the module offers."""

    id: Id
    """Its id: learner records carry it as ``sim/<id>``."""
    title: Text
    """What learners see it called."""
    view: ViewPath
    """The view class, ``widgets.<topic>.view.<Class>``."""
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


@content_kind("module")
class ModuleSpec(ContentFile):
    """A module: one folder ``curriculum/NN_slug/`` described by its ``module.yaml``."""

    kind: Literal["module"]
    id: ModuleId
    """``m01`` ... : the id learner records, certificates and exports carry."""
    number: int = Field(ge=1, le=99)
    title: Text
    """The module's title (the notebook's only H1 repeats it; a test checks they agree)."""
    summary: Text
    """One or two sentences: what a learner will be able to do."""
    minutes: int = Field(ge=5, le=24 * 60)
    """Time to learn, in minutes (the certificate's hours come from it)."""
    minutes_note: Annotated[str, Field(min_length=1, max_length=120)] | None = None
    """What the time depends on, e.g. 'plus 10 minutes for each case you rate'."""
    notebook: NotebookName
    exercises: ExercisesPath | None = None
    facilitator: Literal["facilitator.md"] | None = "facilitator.md"
    pass_mark: float = Field(default=0.8, ge=0.5, le=1.0)
    """Fraction of the knowledge check a learner must answer correctly (latest answer)."""
    objectives: list[Objective] = Field(min_length=1)
    simulations: list[Simulation] = Field(default_factory=list)
    checks: list[CheckMap] = Field(default_factory=list)
    handouts: list[HandoutName] = Field(default_factory=list)

    @model_validator(mode="after")
    def _unique(self) -> ModuleSpec:
        for name, ids in (("simulation", [s.id for s in self.simulations]),
                          ("check", [c.check for c in self.checks]),
                          ("handout", list(self.handouts))):
            twice = sorted({i for i in ids if ids.count(i) > 1})
            if twice:
                raise ValueError(f"{name}(s) listed twice: {', '.join(twice)}")
        return self

    def refs(self) -> Iterable[Ref]:
        """Every knowledge check the module lists must exist."""
        for j, check in enumerate(self.checks):
            yield Ref("knowledge-check", check.check, self.id, f"checks.{j}.check")

    def numbers(self) -> set[int]:
        """Every competency number this module maps to."""
        found = {n for o in self.objectives for n in o.competencies}
        found |= {n for s in self.simulations for n in s.competencies}
        found |= {n for c in self.checks for ns in c.items.values() for n in ns}
        return found

    @property
    def hours(self) -> float:
        """Estimated hours (time to learn / 60)."""
        return self.minutes / 60

    @property
    def label(self) -> str:
        """``'Module 2: Level-of-care decisions'``."""
        return f"Module {self.number}: {self.title}"


@content_kind("competency-map")
class CompetencyMap(ContentFile):
    """The whole curriculum mapped to TAP 21 (see the module docstring)."""

    kind: Literal["competency-map"]
    framework: Text
    cite: list[str] = Field(min_length=1)
    competencies: list[Competency] = Field(min_length=1)

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

    def refs(self) -> Iterable[Ref]:
        """Citation keys must be in references.bib."""
        for i, key in enumerate(self.cite):
            yield Ref("cite", key, self.id, f"cite.{i}")

    # -- lookups ----------------------------------------------------------------------
    def competency(self, number: int) -> Competency:
        """The catalogue entry of a competency number."""
        for comp in self.competencies:
            if comp.number == number:
                return comp
        raise KeyError(f"competency {number} is not in the map's catalogue")



def module_problems(mod: ModuleSpec,
                    catalogue: Iterable[int]) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """Where a module uses a competency number twice or one missing from the catalogue."""
    known = set(catalogue)

    def numbers(loc: tuple[str | int, ...], values: list[int]):
        seen: set[int] = set()
        for k, n in enumerate(values):
            if n in seen:
                yield (*loc, k), f"competency {n} is listed twice"
            elif n not in known:
                yield ((*loc, k), f"competency {n} is not in the catalogue of "
                                  f"competency-map.yaml; add it there with its area and our "
                                  f"own short wording")
            seen.add(n)

    for j, obj in enumerate(mod.objectives):
        yield from numbers(("objectives", j, "competencies"), obj.competencies)
    for j, sim in enumerate(mod.simulations):
        yield from numbers(("simulations", j, "competencies"), sim.competencies)
    for j, check in enumerate(mod.checks):
        for question, values in check.items.items():
            yield from numbers(("checks", j, "items", question), values)


@content_kind("certificate-settings")
class CertificateSettings(ContentFile):
    """Who issues the certificate (``curriculum/certificate.yaml``)."""

    kind: Literal["certificate-settings"]
    curriculum: Annotated[str, Field(min_length=1, max_length=80)]
    organisation: Annotated[str, Field(min_length=1, max_length=80)]
    """The organisation named on every certificate (``IOP_ORGANISATION`` overrides it)."""
    signatory: Annotated[str, Field(min_length=1, max_length=60)]
    """The role that signs, printed under the signature line."""
    note: Text
    """Small print at the foot of the certificate."""
