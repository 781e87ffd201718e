"""The real competency map: valid against the curriculum, and every module is in it."""

from __future__ import annotations

from tests.conftest import ROOT
from widgets.competency import validate_map
from widgets.content import ContentIndex

MODULE_DIRS = sorted(p for p in (ROOT / "curriculum").glob("[0-9][0-9]_*") if p.is_dir())


def test_competency_map_is_valid_against_the_repository():
    cmap = validate_map(ContentIndex.from_root(ROOT), ROOT)
    assert cmap.modules, "the map has module entries"


def test_every_module_folder_has_a_map_entry():
    assert MODULE_DIRS, "the curriculum has module folders"
    cmap = validate_map(ContentIndex.from_root(ROOT), ROOT)
    mapped = {m.id: m.notebook for m in cmap.modules}
    for folder in MODULE_DIRS:
        module = f"m{folder.name[:2]}"
        assert module in mapped, f"{folder.name}: module {module} has no entry in " \
                                 f"curriculum/competency-map.yaml"
        assert mapped[module].startswith(f"curriculum/{folder.name}/"), (
            f"{module}: its notebook {mapped[module]} is not in {folder.name}/")


def test_every_simulation_the_views_record_is_in_the_map():
    """The simulation ids the module views record under (record_simulation) are mapped."""
    recorded = {"m01": {"schedule-builder"},
                "m02": {"case-simulator", "continued-stay-review"},
                "m03": {"scenario-player", "session-planner"},
                "m04": {"receptor-explorer", "dosing-explorer", "cows-form", "ciwa-ar-form"},
                "m05": {"lapse-chain", "cohort-simulator", "plan-builder"}}
    cmap = validate_map(ContentIndex.from_root(ROOT), ROOT)
    assert {m.id: {s.id for s in m.simulations} for m in cmap.modules} == recorded
