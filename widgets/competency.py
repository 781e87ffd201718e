"""The TAP 21 competency map: cross-checks against the curriculum, and the coverage page.

The catalogue is content (``curriculum/competency-map.yaml``, schema
:mod:`widgets.core.schemas`); what each module practises is in its ``module.yaml``.  This
module renders the coverage page (:func:`coverage_markdown`, :func:`coverage_html`): a
matrix of modules x TAP 21 areas, what each module practises, and the competencies no
lesson covers yet.

Command line::

    python -m widgets.competency check       # validate the map against the curriculum
    python -m widgets.competency coverage    # print the coverage page as MyST Markdown
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from pathlib import Path

from widgets.core import registry
from widgets.core.content import ContentError, ContentIndex, index
from widgets.core.schemas import (
    FOUNDATIONS,
    PRACTICE_DIMENSIONS,
    TAP21_COUNT,
    CompetencyMap,
    ModuleSpec,
)

__all__ = [
    "MAP_ID",
    "coverage_html",
    "coverage_markdown",
    "load_map",
    "main",
    "uncovered",
    "validate_map",
]

MAP_ID = "competency-map"


def load_map(idx: ContentIndex | None = None) -> CompetencyMap:
    """The curriculum's competency map (``kind: competency-map``, ``id: competency-map``)."""
    cmap = (idx or index()).get("competency-map", MAP_ID)
    assert isinstance(cmap, CompetencyMap)
    return cmap


# ----------------------------------------------------------------- validation


def validate_map(idx: ContentIndex | None = None, root: Path | None = None) -> CompetencyMap:
    """The competency map, after checking the whole curriculum's content.

    Each module's competencies are in its ``module.yaml``; the content checks of
    :mod:`widgets.core.registry` (run by the index) check them against this catalogue.

    Raises
    ------
    ContentError
        Naming the file, the entry and the field of the first problem.
    """
    idx = idx or index(root)
    return load_map(idx)


# ------------------------------------------------------------------- coverage


def uncovered(modules: Sequence[ModuleSpec]) -> list[int]:
    """TAP 21 numbers (1-123) that no module's objective, simulation or check item uses."""
    covered = set().union(*(m.numbers() for m in modules)) if modules else set()
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
    modules = [m for m in idx.of_kind("module")]
    modules.sort(key=lambda m: m.number)  # type: ignore[attr-defined]
    rows = []
    uses: dict[int, dict[str, dict[str, list[str]]]] = {}
    unmapped_items: list[str] = []

    def use(number: int, module: str, what: str, name: str) -> None:
        kinds = uses.setdefault(number, {}).setdefault(
            module, {"objectives": [], "simulations": [], "check items": []})
        kinds[what].append(name)

    for mod in modules:
        numbers = mod.numbers()
        cells = [tuple(sorted(n for n in numbers
                              if cmap.competency(n).area in FOUNDATIONS))]
        cells += [tuple(sorted(n for n in numbers if cmap.competency(n).area == dim))
                  for dim in PRACTICE_DIMENSIONS]
        rows.append((mod.id, tuple(cells)))
        for number, obj in enumerate(mod.objectives, start=1):
            for n in obj.competencies:
                use(n, mod.id, "objectives", str(number))
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
    return _Coverage(cmap, (), tuple(rows), where, tuple(unmapped_items),
                     tuple(uncovered(modules)))


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
    from widgets.core.references import short_label

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
        modules = registry.modules()
        n = sum(len(m.numbers()) for m in modules)
        print(f"ok: competency map valid ({len(modules)} module(s) mapped, "
              f"{n} module-competency links, {len(uncovered(modules))} of {TAP21_COUNT} "
              f"competencies not covered yet)")
    else:
        print(coverage_html(cmap) if args.html else coverage_markdown(cmap), end="")
    return 0


if __name__ == "__main__":
    from widgets.competency import main as _main

    sys.exit(_main())
