"""Loading scenarios: by id from the curriculum, or one file on its own (an exercise).

Every failure is a :class:`widgets.core.content.ContentError` naming the file, the node
(``entry``) and the field (the rules: :mod:`widgets.scenarios.schemas`).
"""

from __future__ import annotations

from pathlib import Path

from widgets.core.content import ContentError, bib_keys, content_root, load, load_file
from widgets.scenarios.schemas import Scenario

__all__ = ["load_scenario", "load_scenario_file"]


def load_scenario(scenario_id: str, root: Path | None = None) -> Scenario:
    """Load a validated scenario by id from the repository's content."""
    scenario = load("scenario", scenario_id, root)
    assert isinstance(scenario, Scenario)
    return scenario


def load_scenario_file(path: Path | str, *, bib: Path | None = None) -> Scenario:
    """Validate one scenario file on its own, including its citation keys.

    Files whose name starts with ``_`` (exercise starters) are skipped by the repository
    validator; this checks them the same way.  Raises :class:`ContentError`.
    """
    scenario = load_file(path, Scenario)
    assert isinstance(scenario, Scenario)
    keys = bib_keys(bib or content_root() / "references.bib")
    for ref in scenario.refs():
        if ref.target not in keys:
            raise ContentError(path, f"citation key {ref.target!r} is not in references.bib",
                               entry=ref.entry, field=ref.field)
    return scenario
