"""Lapse-chain simulator: a week of high-risk situations, a possible lapse, and responses.

Module 3's scenario player (:class:`widgets.scenarios.view.ScenarioPlayerView`) in
Module 5's words: the same engine (:mod:`widgets.scenarios`), the same view and the same
static rendering (:mod:`widgets.scenarios.render`).  The scenarios are content
(``kind: scenario``, meters ``self_efficacy`` and ``craving``); a ``next_if`` rule sends
the story to a lapse when a meter crosses a threshold.  The view shows the meters as
numbers and as a chart over the decisions, says when a threshold was crossed, lists the
chain so far, and ends with a debrief.  In the book it shows the whole scenario as
readable HTML.
"""

from __future__ import annotations

from widgets.scenarios.render import ScenarioWording, node_labels, static_html
from widgets.scenarios.schemas import Scenario
from widgets.scenarios.view import ScenarioPlayerView

__all__ = ["LapseChainView", "lapse_chain", "lapse_chain_static_html", "node_labels"]

SIMULATION = "lapse-chain"
"""The simulator's id in the competency map: a finished run is recorded for the session
learner as ``sim/lapse-chain`` (correct when the ending is the best one)."""
METER_NOTE = "The meters are illustrative (0 to 100), not measurements."

LAPSE_CHAIN = ScenarioWording(
    heading="",
    section_label="Lapse-chain scenario",
    choice="response",
    prompt="Response:",
    hint="Choose a response first.",
    submit_tip="Take the selected response and see what follows",
    restart_tip="Play the week again from the start",
    how_to_read=("At each decision point choose a response for yourself, then open its "
                 "feedback and follow the link to where it leads. The meters start at "
                 "{meters}; each response moves them, and some turns depend on where a "
                 f"meter stands. {METER_NOTE}"),
    meters="Meters",
    chart_title="Self-efficacy and craving (illustrative)",
    chart_subject="the meters",
    turn="a threshold was crossed, and the story takes a different turn.",
    meter_note=METER_NOTE,
    history="The chain so far",
    graph=False,
)
"""Module 5's lapse chains: the meters are the client's self-efficacy and craving."""


class LapseChainView(ScenarioPlayerView):
    """Play a lapse-chain scenario: the scenario player in Module 5's words.

    Attributes
    ----------
    player : ScenarioPlayer
        The engine's player (current node, meters, history).
    """

    def __init__(self, scenario: Scenario) -> None:
        super().__init__(scenario, wording=LAPSE_CHAIN, simulation=SIMULATION)


def lapse_chain_static_html(scenario: Scenario) -> str:
    """A lapse-chain scenario as HTML a reader can follow without a kernel."""
    return static_html(scenario, wording=LAPSE_CHAIN)


def lapse_chain(scenario_id: str) -> LapseChainView:
    """The live lapse-chain simulator for a scenario (records runs when a learner is set)."""
    return LapseChainView.for_id(scenario_id)
