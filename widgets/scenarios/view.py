"""Scenario player: situation, choices, feedback, meters over time, debrief.

The one player of every branching scenario: a thin layer over the engine
(:mod:`widgets.scenarios.model`) and its rendering (:mod:`widgets.scenarios.render`).
What a module's scenarios say differently (Module 3's group climate, Module 5's
self-efficacy and craving) comes from a :class:`~widgets.scenarios.render.ScenarioWording`;
which simulation a finished run is recorded under is the view's ``simulation`` (the id in
the module's ``module.yaml``; the registry knows the module).  In the published book the
player shows its static rendering (every decision point with choices and feedback in
collapsed blocks, and the decision graph), so it reads without a kernel.
"""

from __future__ import annotations

from typing import Self

import ipywidgets as W

from widgets.core.registry import module_of_simulation
from widgets.core.render import render
from widgets.core.view import StaticFallback, button, html
from widgets.progress import SaveStatus, record_simulation
from widgets.scenarios.content import load_scenario
from widgets.scenarios.model import RunSummary, ScenarioPlayer, Step, summarize
from widgets.scenarios.render import (
    GROUP_CLIMATE,
    MeterChart,
    ScenarioWording,
    chain_html,
    choices_html,
    debrief_html,
    header_html,
    hint_html,
    meters_html,
    node_labels,
    runs_html,
    situation_html,
    static_html,
    step_html,
    threshold_note,
)
from widgets.scenarios.schemas import Scenario

__all__ = ["SIMULATION", "ScenarioPlayerView", "scenario_player", "threshold_note"]

SIMULATION = "scenario-player"
"""The simulation a finished run is recorded under unless the view is told otherwise
(``sim/scenario-player``, Module 3's group scenarios; correct when the ending is the best
one)."""


class ScenarioPlayerView(StaticFallback, W.VBox):
    """Play a branching scenario: choose, read the feedback, watch the meters change.

    Parameters
    ----------
    scenario : Scenario
    wording : ScenarioWording, optional
        The module's words; Module 3's group climate by default.
    simulation : str, optional
        The simulation id (in a ``module.yaml``) a finished run is recorded under, as
        ``sim/<simulation>`` for the session learner; :data:`SIMULATION` by default.

    Attributes
    ----------
    player : ScenarioPlayer
        The engine's player (current node, meters, history).
    runs : list of RunSummary
        Every finished run since the view was created, for comparing paths.
    saved : SaveStatus or None
        What became of the last finished run's record (``None`` before the first).
    """

    def __init__(self, scenario: Scenario, *, wording: ScenarioWording = GROUP_CLIMATE,
                 simulation: str = SIMULATION) -> None:
        module_of_simulation(simulation)  # a simulation no module.yaml lists fails here
        self.scenario = scenario
        self.wording = wording
        self.simulation = simulation
        self.player = ScenarioPlayer(scenario)
        self.runs: list[RunSummary] = []
        self.saved: SaveStatus | None = None
        self._labels = node_labels(scenario)
        self._meter_chart = MeterChart(scenario, wording)
        header = html(header_html(scenario, wording))
        self._situation = html()
        # Choice texts are a sentence or two: they are listed in full (A, B, C...) in an
        # HTML list, which wraps, and the radio buttons carry the letters.
        self._choice_list = html()
        self._choices = W.RadioButtons(options=[], value=None, description=wording.prompt,
                                       orientation="horizontal",
                                       layout=W.Layout(width="auto"),
                                       style={"description_width": "initial"})
        self._submit = button("Choose", style="primary", tooltip=wording.submit_tip)
        self._submit.on_click(lambda _: self.submit())
        self._feedback = html()
        self._meters = html()
        self._chart = html()
        self._chain = html()
        self._debrief = html()
        self._status = html()
        self._restart = button("Restart", tooltip=wording.restart_tip)
        self._restart.on_click(lambda _: self.restart())
        self._runs_table = html()
        super().__init__([header, self._situation, self._choice_list, self._choices,
                          self._submit, self._feedback,
                          *([self._meters] if wording.meter_note else []), self._chart,
                          *([self._chain] if wording.history else []),
                          self._debrief, self._status, self._restart, self._runs_table])
        self._render()

    @classmethod
    def for_id(cls, scenario_id: str, **kwargs: object) -> Self:
        """The player for the scenario with this id (``kwargs`` as for the class)."""
        return cls(load_scenario(scenario_id), **kwargs)

    # -- actions --------------------------------------------------------------------
    def choose(self, choice_id: str) -> Step:
        """Select a choice and submit it (what a learner does with the controls)."""
        self._choices.value = choice_id
        step = self.submit()
        assert step is not None
        return step

    def submit(self) -> Step | None:
        """Take the selected choice; show its feedback, the meters and, at the end, the debrief."""
        if self.player.is_over:
            return None
        if self._choices.value is None:
            self._feedback.value = hint_html(self.wording)
            return None
        step = self.player.choose(self._choices.value)
        self._feedback.value = step_html(step, self.wording)
        self._render()
        if self.player.is_over:
            self._finish()
        return step

    def restart(self) -> None:
        """Start again from the first decision point (finished runs are kept)."""
        self.player.restart()
        self._feedback.value = ""
        self._debrief.value = ""
        self._status.value = ""
        self._render()

    # -- rendering ------------------------------------------------------------------
    def _render(self) -> None:
        series = self.player.meter_series()
        if not self._meter_chart.fits(series):
            self._meter_chart = MeterChart(self.scenario, self.wording, span=len(series) + 3)
        self._chart.value = self._meter_chart.html(series)
        if self.wording.meter_note:
            self._meters.value = meters_html(self.player.meters, self.scenario.meters,
                                             self.wording)
        if self.wording.history:
            self._chain.value = chain_html(self.player.history, self._labels, self.wording)
        self._show_node()

    def _show_node(self) -> None:
        node = self.player.node
        self._situation.value = situation_html(node, self._labels[node.id],
                                               len(self.player.history) + 1)
        if node.ending:
            self._choices.options = []
            self._choice_list.value = ""
            self._choices.layout.display = "none"
            self._submit.layout.display = "none"
            return
        letters = [chr(ord("A") + i) for i in range(len(node.choices))]
        self._choice_list.value = choices_html(node)
        self._choices.options = list(zip(letters, (c.id for c in node.choices), strict=True))
        self._choices.value = None
        self._choices.layout.display = None
        self._submit.layout.display = None

    def _finish(self) -> None:
        debrief = self.player.debrief()
        self.runs.append(summarize(self.player, f"Run {len(self.runs) + 1}"))
        self._debrief.value = debrief_html(self.scenario, debrief, self.wording, self._labels)
        self._runs_table.value = runs_html(self.scenario, self.runs, self.wording,
                                           self._labels)
        self.saved = record_simulation(
            self.simulation, correct=debrief.ending.quality == "best",
            answer={"scenario": self.scenario.id,
                    "choices": [r.step.choice.id for r in debrief.steps],
                    "ending": debrief.ending.id})
        self._status.value = render("core/save_status.html.j2", status=self.saved)

    def static_html(self) -> str:
        """The whole scenario, readable without a kernel (graph and collapsed feedback)."""
        return static_html(self.scenario, wording=self.wording)


def scenario_player(scenario_id: str, *, wording: ScenarioWording = GROUP_CLIMATE,
                    simulation: str = SIMULATION) -> ScenarioPlayerView:
    """The live player for the scenario with this id (records runs when a learner is set)."""
    return ScenarioPlayerView.for_id(scenario_id, wording=wording, simulation=simulation)
