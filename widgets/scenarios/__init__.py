"""Branching scenarios: the one engine behind Module 3's group scenarios, Module 5's lapse
chains and Module 6's overdose response.

A scenario is content (``kind: scenario``, one YAML file in a module's ``scenarios/``
folder; schema and rules: :mod:`widgets.scenarios.schemas`).  The engine
(:mod:`widgets.scenarios.model`) plays it, debriefs a run and lists its paths; the
rendering (:mod:`widgets.scenarios.render`) draws its decision graph and a static version
for the book; the player (:mod:`widgets.scenarios.view`, imported on its own) is the live
widget every module uses, in its own words.
"""

from widgets.scenarios.content import load_scenario, load_scenario_file
from widgets.scenarios.model import (
    MAX_MOVES,
    MAX_PATHS,
    MAX_STEPS,
    Debrief,
    Edge,
    Play,
    RunSummary,
    ScenarioPlayer,
    Step,
    StepReview,
    all_paths,
    apply_effects,
    better_choices,
    compare_runs,
    count_paths,
    next_node_id,
    playable_paths,
    replay,
    summarize,
)
from widgets.scenarios.schemas import QUALITY_RANK, Choice, Node, Rule, Scenario

__all__ = [
    "MAX_MOVES",
    "MAX_PATHS",
    "MAX_STEPS",
    "QUALITY_RANK",
    "Choice",
    "Debrief",
    "Edge",
    "Node",
    "Play",
    "Rule",
    "RunSummary",
    "Scenario",
    "ScenarioPlayer",
    "Step",
    "StepReview",
    "all_paths",
    "apply_effects",
    "better_choices",
    "compare_runs",
    "count_paths",
    "load_scenario",
    "load_scenario_file",
    "next_node_id",
    "playable_paths",
    "replay",
    "summarize",
]
