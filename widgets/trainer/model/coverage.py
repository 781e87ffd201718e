"""TAP 21 competency coverage: which competencies the modules practise, and where.

Pure: the competency map and the modules' ``module.yaml`` specs come in as arguments.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from widgets.core.schemas import (
    FOUNDATIONS,
    PRACTICE_DIMENSIONS,
    TAP21_COUNT,
    CompetencyMap,
    ModuleSpec,
)

__all__ = ["Coverage", "coverage", "number_ranges", "uncovered"]


def uncovered(modules: Sequence[ModuleSpec]) -> list[int]:
    """TAP 21 numbers (1-123) that no module's objective, simulation or check item uses."""
    covered = set().union(*(m.numbers() for m in modules)) if modules else set()
    return [n for n in range(1, TAP21_COUNT + 1) if n not in covered]


def number_ranges(numbers: Sequence[int]) -> str:
    """``[1, 2, 3, 7, 9, 10]`` -> ``'1-3, 7, 9-10'`` (numbers in increasing order)."""
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
class Coverage:
    """The coverage page's data.

    Attributes
    ----------
    cmap : CompetencyMap
    rows : tuple of (module id, cells)
        Per module: the competency numbers in the foundations, then in each practice
        dimension (:data:`~widgets.core.schemas.PRACTICE_DIMENSIONS`).
    uses : dict of int to tuple of str
        Competency -> where it is practised, one text per module.
    unmapped_items : tuple of str
        Check items mapped to no competency yet.
    uncovered : tuple of int
        Competencies no lesson practises yet.
    """

    cmap: CompetencyMap
    rows: tuple[tuple[str, tuple[tuple[int, ...], ...]], ...]
    uses: dict[int, tuple[str, ...]]
    unmapped_items: tuple[str, ...]
    uncovered: tuple[int, ...]

    @property
    def covered(self) -> int:
        """How many competencies at least one lesson practises."""
        return TAP21_COUNT - len(self.uncovered)


def coverage(cmap: CompetencyMap, modules: Sequence[ModuleSpec]) -> Coverage:
    """Where each module practises which TAP 21 competencies (modules in number order)."""
    ordered = sorted(modules, key=lambda m: m.number)
    rows = []
    uses: dict[int, dict[str, dict[str, list[str]]]] = {}
    unmapped_items: list[str] = []

    def use(number: int, module: str, what: str, name: str) -> None:
        kinds = uses.setdefault(number, {}).setdefault(
            module, {"objectives": [], "simulations": [], "check items": []})
        kinds[what].append(name)

    for mod in ordered:
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
    return Coverage(cmap, tuple(rows), where, tuple(unmapped_items),
                    tuple(uncovered(ordered)))
