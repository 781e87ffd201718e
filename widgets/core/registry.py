"""The module registry: every module of the curriculum, read from its ``module.yaml``.

A module is a folder ``curriculum/NN_slug/`` with a ``module.yaml`` (``kind: module``,
schema :class:`widgets.core.schemas.ModuleSpec`).  Progress, the certificate, the
competency coverage, the trainer edition, the JupyterLite site and the ToC check all ask
this registry; no module id, title or hour count is written anywhere else.

Only the ``module.yaml`` files are read (a few small files), so a notebook asking which
module it belongs to starts fast.  Their cross-file rules (folder and number agree, the
notebook, exercises, facilitator guide and handouts exist, each simulation's view class
exists, every competency is in the catalogue, every check question is mapped) run with
``python -m widgets.content check`` and in the tests.
"""

from __future__ import annotations

import ast
import functools
import importlib.util
import os
import re
from pathlib import Path

from widgets.core.content import (
    CheckContext,
    ContentError,
    content_check,
    content_root,
    load_file,
)
from widgets.core.schemas import ModuleSpec, Simulation, module_problems

__all__ = [
    "MODULE_FILE",
    "folder",
    "item_competencies",
    "knowledge_check_items",
    "module",
    "module_of_check",
    "module_of_simulation",
    "modules",
    "notebook_path",
    "simulation",
    "this_module",
]

MODULE_FILE = "module.yaml"
_FOLDER = re.compile(r"^(\d{2})_[a-z0-9]+(_[a-z0-9]+)*$")


def _root(root: Path | None) -> Path:
    return (root or content_root()).resolve()


@functools.cache
def _modules(root: Path) -> tuple[tuple[ModuleSpec, Path], ...]:
    found: list[tuple[ModuleSpec, Path]] = []
    curriculum = root / "curriculum"
    if not curriculum.is_dir():
        return ()
    for path in sorted(curriculum.glob(f"*/{MODULE_FILE}")):
        if path.parent.name.startswith(("_", ".")):
            continue  # the template and other non-modules
        spec = load_file(path, ModuleSpec)
        assert isinstance(spec, ModuleSpec)
        found.append((spec, path.parent))
    ids = [s.id for s, _ in found]
    numbers = [s.number for s, _ in found]
    for spec, where in found:
        if ids.count(spec.id) > 1 or numbers.count(spec.number) > 1:
            raise ContentError(where / MODULE_FILE, "another module has the same id or "
                               "number", entry=spec.id, field="id")
    return tuple(sorted(found, key=lambda item: item[0].number))


def modules(root: Path | None = None) -> tuple[ModuleSpec, ...]:
    """Every module, in order of its number."""
    return tuple(spec for spec, _ in _modules(_root(root)))


def module(module_id: str, root: Path | None = None) -> ModuleSpec:
    """The module with this id; ``KeyError`` lists the modules there are."""
    for spec in modules(root):
        if spec.id == module_id:
            return spec
    have = ", ".join(m.id for m in modules(root)) or "none"
    raise KeyError(f"no module {module_id!r}; the modules are {have}")


def folder(module_id: str, root: Path | None = None) -> Path:
    """The module's folder, ``curriculum/NN_slug``."""
    for spec, where in _modules(_root(root)):
        if spec.id == module_id:
            return where
    module(module_id, root)  # raises the KeyError naming what exists
    raise AssertionError("unreachable")


def notebook_path(module_id: str, root: Path | None = None) -> Path:
    """The module notebook's path."""
    return folder(module_id, root) / module(module_id, root).notebook


def module_of_check(check_id: str, root: Path | None = None) -> ModuleSpec:
    """The module that lists this knowledge check."""
    for spec in modules(root):
        if any(c.check == check_id for c in spec.checks):
            return spec
    raise KeyError(f"no module lists the knowledge check {check_id!r} in its module.yaml")


def simulation(simulation_id: str, root: Path | None = None) -> tuple[ModuleSpec, Simulation]:
    """The module offering this simulation, and the simulation's entry."""
    for spec in modules(root):
        for sim in spec.simulations:
            if sim.id == simulation_id:
                return spec, sim
    known = ", ".join(s.id for m in modules(root) for s in m.simulations)
    raise KeyError(f"no module lists the simulation {simulation_id!r} in its module.yaml; "
                   f"simulations are: {known}")


def module_of_simulation(simulation_id: str, root: Path | None = None) -> ModuleSpec:
    """The module that offers this simulation."""
    return simulation(simulation_id, root)[0]


def this_module(start: Path | str | None = None, root: Path | None = None) -> ModuleSpec:
    """The module whose folder holds ``start`` (default: the working directory).

    A notebook runs with its own folder as the working directory (JupyterLab, Voilà,
    nbval and the book build all do so), so a module notebook finds its module without
    naming it.
    """
    here = Path(start or os.getcwd()).resolve()
    for spec, where in _modules(_root(root)):
        if here == where or where in here.parents:
            return spec
    raise LookupError(f"{here} is not inside a module folder (curriculum/NN_slug/ with a "
                      f"{MODULE_FILE})")


def knowledge_check_items(root: Path | None = None) -> dict[str, list[str]]:
    """Module id -> the item ids (``<check-id>/<question-id>``) of its knowledge checks."""
    return {m.id: [f"{c.check}/{q}" for c in m.checks for q in c.items]
            for m in modules(root)}


def item_competencies(root: Path | None = None) -> dict[str, tuple[int, ...]]:
    """Recorded item id -> TAP 21 competency numbers, for check questions and simulations.

    Check questions are recorded as ``<check-id>/<question-id>``, simulations as
    ``sim/<simulation-id>``.
    """
    out: dict[str, tuple[int, ...]] = {}
    for mod in modules(root):
        for sim in mod.simulations:
            out[f"sim/{sim.id}"] = tuple(sim.competencies)
        for check in mod.checks:
            for question, numbers in check.items.items():
                out[f"{check.check}/{question}"] = tuple(numbers)
    return out


# ------------------------------------------------------------------ cross-file rules


def _view_exists(dotted: str) -> bool:
    """Whether ``widgets.<topic>.view.<Name>`` is defined, without importing the view."""
    module_name, _, name = dotted.rpartition(".")
    try:
        spec = importlib.util.find_spec(module_name)
    except ModuleNotFoundError:
        return False
    if spec is None or spec.origin is None or not spec.origin.endswith(".py"):
        return False
    tree = ast.parse(Path(spec.origin).read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.ClassDef | ast.FunctionDef) and node.name == name:
            return True
        if isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id == name for t in node.targets):
            return True
    return False


@content_check("module")
def _check_module(spec: ModuleSpec, context: CheckContext) -> None:  # type: ignore[misc]
    """A module's folder, files, views, competencies and check items agree."""
    where, home = context.where, context.path.parent

    def fail(problem: str, field: str) -> None:
        raise ContentError(where, problem, entry=spec.id, field=field)

    if context.path.name != MODULE_FILE:
        fail(f"a module is described by a file named {MODULE_FILE}", "kind")
    match = _FOLDER.match(home.name)
    if match is None or int(match.group(1)) != spec.number:
        fail(f"the folder is {home.name!r}; a module numbered {spec.number} lives in "
             f"curriculum/{spec.number:02d}_<slug>/", "number")
    if not (home / spec.notebook).is_file():
        fail(f"the notebook {spec.notebook} is not in {home.name}/", "notebook")
    if spec.exercises and not (context.root / spec.exercises).is_file():
        fail(f"the exercises notebook {spec.exercises} does not exist", "exercises")
    if spec.facilitator and not (home / spec.facilitator).is_file():
        fail(f"the facilitator guide {spec.facilitator} is not in {home.name}/", "facilitator")
    handouts = context.root / "curriculum" / "handouts"
    for j, name in enumerate(spec.handouts):
        if not (handouts / f"{name}.md").is_file():
            fail(f"there is no handout curriculum/handouts/{name}.md", f"handouts.{j}")
    for j, sim in enumerate(spec.simulations):
        if not _view_exists(sim.view):
            fail(f"view {sim.view} does not exist (expected a class defined in that "
                 f"module)", f"simulations.{j}.view")
    cmap = context.get("competency-map", "competency-map")
    catalogue = [c.number for c in cmap.competencies]  # type: ignore[attr-defined]
    for loc, message in module_problems(spec, catalogue):
        fail(message, ".".join(str(p) for p in loc))
    for j, mapped in enumerate(spec.checks):
        check = context.get("knowledge-check", mapped.check)
        questions = [q.id for q in check.questions]  # type: ignore[attr-defined]
        extra = [q for q in mapped.items if q not in questions]
        if extra:
            fail(f"check {check.id!r} has no question(s) {', '.join(extra)}; its questions "
                 f"are {', '.join(questions)}", f"checks.{j}.items.{extra[0]}")
        missing = [q for q in questions if q not in mapped.items]
        if missing:
            fail(f"question(s) {', '.join(missing)} of check {check.id!r} are not mapped; "
                 f"list each with its competencies ([] if none applies yet)",
                 f"checks.{j}.items")
