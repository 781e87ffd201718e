"""The TAP 21 competency map: cross-checks against the curriculum, and the coverage page.

The map itself is content (``curriculum/competency-map.yaml``, schema
:mod:`widgets.schemas.competency_map`).  This module checks it against the rest of the
curriculum (:func:`validate_map`), reads what the certificate needs from the module
notebooks (:func:`module_info`), and renders the coverage page (:func:`coverage_markdown`,
:func:`coverage_html`): a matrix of modules x TAP 21 areas, what each module practises,
and the competencies no lesson covers yet.

Command line::

    python -m widgets.competency check       # validate the map against the curriculum
    python -m widgets.competency coverage    # print the coverage page as MyST Markdown
"""

from __future__ import annotations

import ast
import importlib.util
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from html import escape
from pathlib import Path

import nbformat

from widgets.content import ContentError, ContentIndex, content_root, index
from widgets.schemas.competency_map import (
    FOUNDATIONS,
    PRACTICE_DIMENSIONS,
    TAP21_COUNT,
    CompetencyMap,
    ModuleMap,
)
from widgets.schemas.knowledge_check import KnowledgeCheck

__all__ = [
    "MAP_ID",
    "ModuleInfo",
    "coverage_html",
    "coverage_markdown",
    "load_map",
    "main",
    "module_info",
    "notebook_objectives",
    "uncovered",
    "validate_map",
]

MAP_ID = "competency-map"


def load_map(idx: ContentIndex | None = None) -> CompetencyMap:
    """The curriculum's competency map (``kind: competency-map``, ``id: competency-map``)."""
    cmap = (idx or index()).get("competency-map", MAP_ID)
    assert isinstance(cmap, CompetencyMap)
    return cmap


# ------------------------------------------------------------------ notebooks

_LIST_ITEM = re.compile(r"^\s*(\d+)\.\s+(.*\S)\s*$")
_TIME = re.compile(r"time to learn:?\**:?\s*(?:about\s+|around\s+|approximately\s+|~\s*)?"
                   r"(\d+(?:\.\d+)?)\s*(minutes?|mins?|hours?|h)\b", re.I)


def _markdown(path: Path) -> list[str]:
    nb = nbformat.read(path, as_version=4)
    return [c.source for c in nb.cells if c.cell_type == "markdown"]


def _plain(text: str) -> str:
    """Objective text without Markdown emphasis or code marks, spaces collapsed."""
    text = re.sub(r"[*_`]", "", text)
    return " ".join(text.split())


def notebook_objectives(path: Path) -> list[str]:
    """The numbered list under the notebook's ``## Overview`` heading, as plain text."""
    lines: list[str] = []
    for source in _markdown(path):
        lines.extend(source.splitlines())
    objectives: list[str] = []
    in_overview = False
    for line in lines:
        if line.startswith("## "):
            if in_overview:
                break
            in_overview = line.strip().lower() == "## overview"
            continue
        if not in_overview:
            continue
        match = _LIST_ITEM.match(line)
        if match:
            objectives.append(match.group(2))
        elif objectives and line.startswith("   ") and line.strip():
            objectives[-1] += " " + line.strip()  # a wrapped list item
    return [_plain(o) for o in objectives]


@dataclass(frozen=True)
class ModuleInfo:
    """What the module notebook says about itself."""

    module: str
    title: str
    """The notebook's ``# Title`` (the only H1)."""
    minutes: float
    """The notebook's "Time to learn", in minutes."""

    @property
    def hours(self) -> float:
        """Estimated hours (Time to learn / 60)."""
        return self.minutes / 60


def module_info(module: ModuleMap, root: Path | None = None) -> ModuleInfo:
    """Title and time to learn of a mapped module, read from its notebook."""
    path = (root or content_root()) / module.notebook
    if not path.is_file():
        raise ContentError(path, "the module notebook named in the competency map does not "
                                 "exist", entry=module.id, field="notebook")
    title, minutes = None, None
    for source in _markdown(path):
        for line in source.splitlines():
            if title is None and line.startswith("# "):
                title = line[2:].strip()
        found = _TIME.search(source)
        if minutes is None and found:
            value, unit = float(found.group(1)), found.group(2).lower()
            minutes = value * 60 if unit.startswith("h") else value
    if title is None:
        raise ContentError(path, "has no '# Title' heading", entry=module.id)
    if minutes is None:
        raise ContentError(path, "has no 'Time to learn: N minutes' line under "
                                 "## Prerequisites (the certificate's hours come from it)",
                           entry=module.id)
    return ModuleInfo(module.id, title, minutes)


# ----------------------------------------------------------------- validation


def _view_exists(dotted: str) -> bool:
    """Whether ``widgets.views.<topic>.<Name>`` is defined, without importing the view."""
    module, _, name = dotted.rpartition(".")
    try:
        spec = importlib.util.find_spec(module)
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


def validate_map(idx: ContentIndex | None = None, root: Path | None = None) -> CompetencyMap:
    """Check the competency map against the curriculum; returns it.

    Raises
    ------
    ContentError
        Naming the map file, the module and the field, when a module notebook is missing,
        its Overview objectives differ from the map's (count or text), it has no time to
        learn, a simulation's view class does not exist, a check belongs to another
        module, or a check question is unmapped or not in the check.
    """
    idx = idx or index(root)
    root = root or content_root()
    cmap = load_map(idx)
    where = idx.paths.get(("competency-map", MAP_ID), "competency-map.yaml")
    for i, mod in enumerate(cmap.modules):
        here = f"modules.{i}"
        path = root / mod.notebook
        if not path.is_file():
            raise ContentError(where, f"notebook {mod.notebook} does not exist",
                               entry=mod.id, field=f"{here}.notebook")
        listed = notebook_objectives(path)
        if len(listed) != len(mod.objectives):
            raise ContentError(where, f"the notebook's Overview lists {len(listed)} "
                                      f"objectives, the map {len(mod.objectives)}; map each "
                                      f"objective once, in order", entry=mod.id,
                               field=f"{here}.objectives")
        for j, (objective, text) in enumerate(zip(mod.objectives, listed, strict=True)):
            if _plain(objective.text).lower() != text.lower():
                raise ContentError(where, f"objective {objective.number} reads {text!r} in "
                                          f"the notebook; copy that text here",
                                   entry=mod.id, field=f"{here}.objectives.{j}.text")
        module_info(mod, root)
        for j, sim in enumerate(mod.simulations):
            if not _view_exists(sim.view):
                raise ContentError(where, f"view {sim.view} does not exist (expected a class "
                                          f"defined in that module)", entry=mod.id,
                                   field=f"{here}.simulations.{j}.view")
        for j, cmap_check in enumerate(mod.checks):
            check = idx.get("knowledge-check", cmap_check.check)
            assert isinstance(check, KnowledgeCheck)
            field = f"{here}.checks.{j}"
            if check.module != mod.id:
                raise ContentError(where, f"check {check.id!r} belongs to module "
                                          f"{check.module!r}, not {mod.id!r}", entry=mod.id,
                                   field=f"{field}.check")
            questions = [q.id for q in check.questions]
            extra = [q for q in cmap_check.items if q not in questions]
            if extra:
                raise ContentError(where, f"check {check.id!r} has no question(s) "
                                          f"{', '.join(extra)}; its questions are "
                                          f"{', '.join(questions)}", entry=mod.id,
                                   field=f"{field}.items.{extra[0]}")
            missing = [q for q in questions if q not in cmap_check.items]
            if missing:
                raise ContentError(where, f"question(s) {', '.join(missing)} of check "
                                          f"{check.id!r} are not mapped; list each with its "
                                          f"competencies ([] if none applies yet)",
                                   entry=mod.id, field=f"{field}.items")
    return cmap


# ------------------------------------------------------------------- coverage


def _modules_of_checks(idx: ContentIndex) -> list[str]:
    return sorted({c.module for c in idx.of_kind("knowledge-check")})  # type: ignore[attr-defined]


def uncovered(cmap: CompetencyMap) -> list[int]:
    """TAP 21 numbers (1-123) that no mapped objective, simulation or check item uses."""
    covered = set().union(*(m.numbers() for m in cmap.modules)) if cmap.modules else set()
    return [n for n in range(1, TAP21_COUNT + 1) if n not in covered]


def _ranges(numbers: Sequence[int]) -> str:
    """``[1, 2, 3, 7, 9, 10]`` -> ``'1-3, 7, 9-10'``."""
    parts: list[str] = []
    start = prev = None
    for n in [*numbers, None]:
        if start is None:
            start = prev = n
        elif n is not None and n == prev + 1:  # type: ignore[operator]
            prev = n
        else:
            parts.append(f"{start}" if start == prev else f"{start}-{prev}")
            start = prev = n
    return ", ".join(parts)


@dataclass(frozen=True)
class _Coverage:
    cmap: CompetencyMap
    unmapped_modules: tuple[str, ...]
    rows: tuple[tuple[str, tuple[tuple[int, ...], ...]], ...]
    """Per module: numbers in the foundations, then in each practice dimension."""
    uses: dict[int, tuple[str, ...]]
    """Competency -> where it is practised, one text per module."""
    unmapped_items: tuple[str, ...]
    uncovered: tuple[int, ...]


def _coverage(cmap: CompetencyMap, idx: ContentIndex) -> _Coverage:
    rows = []
    uses: dict[int, dict[str, dict[str, list[str]]]] = {}
    unmapped_items: list[str] = []

    def use(number: int, module: str, what: str, name: str) -> None:
        kinds = uses.setdefault(number, {}).setdefault(
            module, {"objectives": [], "simulations": [], "check items": []})
        kinds[what].append(name)

    for mod in cmap.modules:
        numbers = mod.numbers()
        cells = [tuple(sorted(n for n in numbers
                              if cmap.competency(n).area in FOUNDATIONS))]
        cells += [tuple(sorted(n for n in numbers if cmap.competency(n).area == dim))
                  for dim in PRACTICE_DIMENSIONS]
        rows.append((mod.id, tuple(cells)))
        for obj in mod.objectives:
            for n in obj.competencies:
                use(n, mod.id, "objectives", str(obj.number))
        for sim in mod.simulations:
            for n in sim.competencies:
                use(n, mod.id, "simulations", sim.id)
        for check in mod.checks:
            for question, values in check.items.items():
                if not values:
                    unmapped_items.append(f"{check.check}/{question}")
                for n in values:
                    use(n, mod.id, "check items", question)
    where = {n: tuple(f"{module}: " + "; ".join(
        f"{what if len(names) > 1 else what[:-1]} {', '.join(names)}"
        for what, names in kinds.items() if names)
                      for module, kinds in per_module.items())
             for n, per_module in uses.items()}
    mapped = {m.id for m in cmap.modules}
    return _Coverage(cmap, tuple(m for m in _modules_of_checks(idx) if m not in mapped),
                     tuple(rows), where, tuple(unmapped_items), tuple(uncovered(cmap)))


_INTRO = ("Each module's learning objectives, simulations and knowledge-check items are "
          "mapped to the numbered competencies of TAP 21, *Addiction Counseling "
          "Competencies*. The short descriptions are our own wording, not TAP 21's text. "
          "Columns are TAP 21's transdisciplinary foundations (together) and its eight "
          "practice dimensions; each cell lists the competency numbers a module practises.")


def coverage_markdown(cmap: CompetencyMap | None = None,
                      idx: ContentIndex | None = None) -> str:
    """The coverage page as MyST Markdown (tables, ``{cite}`` roles), for a book page.

    Parameters
    ----------
    cmap, idx : optional
        The map and content index (default: the curriculum's, validated with
        :func:`validate_map`).
    """
    idx = idx or index()
    cmap = cmap or validate_map(idx)
    cov = _coverage(cmap, idx)
    cite = "; ".join(f"{{cite}}`{k}`" for k in cmap.cite)
    head = ["Module", "Foundations", *PRACTICE_DIMENSIONS]
    out = [f"{_INTRO} Sources: {cite}.", "",
           "| " + " | ".join(head) + " |", "|" + " --- |" * len(head)]
    for module, cells in cov.rows:
        out.append(f"| {module} | " + " | ".join(", ".join(map(str, c)) or "-" for c in cells)
                   + " |")
    for module in cov.unmapped_modules:
        out.append(f"| {module} | " + " | ".join(["not mapped yet"] * (len(head) - 1)) + " |")
    covered = TAP21_COUNT - len(cov.uncovered)
    out += ["", f"**{covered} of {TAP21_COUNT}** competencies are practised by at least one "
                f"lesson.", "", "## Competencies practised", "",
            "| No. | Area | Competency (our wording) | Where |", "| --- | --- | --- | --- |"]
    for n in sorted(cov.uses):
        comp = cmap.competency(n)
        out.append(f"| {n} | {comp.area} | {comp.summary} | {'; '.join(cov.uses[n])} |")
    out += ["", "## Not covered by any lesson yet", "",
            f"TAP 21 competencies {_ranges(cov.uncovered)}." if cov.uncovered
            else "Every TAP 21 competency is covered."]
    if cov.unmapped_modules:
        out += ["", f"Modules not mapped yet: {', '.join(cov.unmapped_modules)}."]
    if cov.unmapped_items:
        out += ["", "Knowledge-check items not mapped to a competency: "
                    + ", ".join(f"`{i}`" for i in cov.unmapped_items) + "."]
    return "\n".join(out) + "\n"


def coverage_html(cmap: CompetencyMap | None = None, idx: ContentIndex | None = None) -> str:
    """The coverage page as one HTML fragment (for a notebook cell or a widget)."""
    from widgets.references import short_label

    idx = idx or index()
    cmap = cmap or validate_map(idx)
    cov = _coverage(cmap, idx)
    intro = escape(_INTRO).replace("*Addiction Counseling Competencies*",
                                   "<em>Addiction Counseling Competencies</em>")
    sources = "; ".join(escape(short_label(k)) for k in cmap.cite)
    head = ["Module", "Foundations", *PRACTICE_DIMENSIONS]
    parts = [f'<section class="iop-coverage"><p>{intro} Sources: {sources}.</p>',
             '<table class="iop-coverage-matrix"><caption>Modules by TAP 21 area '
             '(competency numbers)</caption><thead><tr>'
             + "".join(f'<th scope="col">{escape(h)}</th>' for h in head)
             + "</tr></thead><tbody>"]
    for module, cells in cov.rows:
        parts.append(f'<tr><th scope="row">{escape(module)}</th>' + "".join(
            f"<td>{', '.join(map(str, c)) or '&ndash;'}</td>" for c in cells) + "</tr>")
    for module in cov.unmapped_modules:
        parts.append(f'<tr><th scope="row">{escape(module)}</th>'
                     f'<td colspan="{len(head) - 1}">not mapped yet</td></tr>')
    covered = TAP21_COUNT - len(cov.uncovered)
    parts.append(f"</tbody></table><p><strong>{covered} of {TAP21_COUNT}</strong> "
                 f"competencies are practised by at least one lesson.</p>")
    parts.append('<table class="iop-coverage-list"><caption>Competencies practised'
                 '</caption><thead><tr><th scope="col">No.</th><th scope="col">Area</th>'
                 '<th scope="col">Competency (our wording)</th><th scope="col">Where</th>'
                 "</tr></thead><tbody>")
    for n in sorted(cov.uses):
        comp = cmap.competency(n)
        parts.append(f"<tr><td>{n}</td><td>{escape(comp.area)}</td>"
                     f"<td>{escape(comp.summary)}</td>"
                     f"<td>{'<br>'.join(escape(u) for u in cov.uses[n])}</td></tr>")
    parts.append("</tbody></table>")
    gaps = (f"TAP 21 competencies {_ranges(cov.uncovered)}." if cov.uncovered
            else "Every TAP 21 competency is covered.")
    parts.append(f"<p><strong>Not covered by any lesson yet:</strong> {gaps}</p>")
    if cov.unmapped_modules:
        parts.append(f"<p>Modules not mapped yet: {escape(', '.join(cov.unmapped_modules))}"
                     f".</p>")
    if cov.unmapped_items:
        parts.append("<p>Knowledge-check items not mapped to a competency: "
                     + ", ".join(f"<code>{escape(i)}</code>" for i in cov.unmapped_items)
                     + ".</p>")
    parts.append("</section>")
    return "\n".join(parts)


def competencies_for_items(cmap: CompetencyMap, items: Iterable[str]) -> list[int]:
    """Sorted competency numbers of the given recorded item ids (unknown items ignored)."""
    lookup = cmap.item_competencies()
    return sorted({n for item in items for n in lookup.get(item, ())})


# ------------------------------------------------------------------------ CLI


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m widgets.competency check|coverage``."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m widgets.competency",
                                     description="The TAP 21 competency map.")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("check", help="validate the map against the curriculum")
    cov = sub.add_parser("coverage", help="print the coverage page")
    cov.add_argument("--html", action="store_true", help="HTML instead of MyST Markdown")
    args = parser.parse_args(argv)
    try:
        cmap = validate_map()
    except (ContentError, KeyError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if args.command == "check":
        n = sum(len(m.numbers()) for m in cmap.modules)
        print(f"ok: competency map valid ({len(cmap.modules)} module(s) mapped, "
              f"{n} module-competency links, {len(uncovered(cmap))} of {TAP21_COUNT} "
              f"competencies not covered yet)")
    else:
        print(coverage_html(cmap) if args.html else coverage_markdown(cmap), end="")
    return 0


if __name__ == "__main__":
    from widgets.competency import main as _main

    sys.exit(_main())
