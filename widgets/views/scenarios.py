"""Scenario player: situation, choices, feedback, meters over time, debrief.

The one player of every branching scenario: a thin layer over :mod:`widgets.scenarios`
(the engine) and :mod:`widgets.scenario_render` (graph and static rendering).  What a
module's scenarios say differently (Module 3's group climate, Module 5's self-efficacy
and craving) comes from a :class:`~widgets.scenario_render.ScenarioWording`; Module 5's
:class:`widgets.views.lapse_chain.LapseChainView` is this player in its words.  In the
published book the player shows its static rendering (every decision point with choices
and feedback in collapsed blocks, and the decision graph), so it reads without a kernel.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import Self

import ipywidgets as W

from widgets.core.palette import OKABE_ITO
from widgets.core.svg_chart import Axis, LineChart, bar_panel, chart_figure
from widgets.core.view import StaticFallback, button, html
from widgets.progress import record_simulation
from widgets.scenario_render import (
    GROUP_CLIMATE,
    ScenarioWording,
    graph_html,
    labelled,
    meters_text,
    node_labels,
    rule_limit,
    static_html,
)
from widgets.scenarios import (
    RunSummary,
    ScenarioPlayer,
    Step,
    compare_runs,
    load_scenario,
    summarize,
)
from widgets.schemas.scenario import Scenario

__all__ = ["ScenarioPlayerView", "scenario_player", "threshold_note"]

Recorder = Callable[[str, str, bool, object], None]
"""Called as ``recorder(module, item_id, correct, answer)`` when a run ends."""
SIMULATION = "scenario-player"
"""The player's simulation id in the competency map: a finished run is recorded for the
session learner as ``sim/scenario-player`` (correct when the ending is the best one)."""

METER_COLOURS = [OKABE_ITO["blue"], OKABE_ITO["bluish_green"], OKABE_ITO["orange"],
                 OKABE_ITO["reddish_purple"], OKABE_ITO["sky_blue"], OKABE_ITO["vermillion"]]
METER_MARKERS = ["o", "s", "D", "^", "v", "P"]
METER_LINES = ["-", "--", "-.", ":", "-", "--"]
VERDICT = {"best": "Best choice.", "acceptable": "An acceptable choice, not the best.",
           "poor": "A poor choice."}


def _name(meter: str) -> str:
    return meter.replace("_", " ")


def threshold_note(step: Step, turn: str) -> str:
    """Why the story went where it did, when a ``next_if`` rule fired (else ``""``)."""
    if step.next_id == step.choice.next:
        return ""
    for rule in step.choice.next_if:
        if rule.next == step.next_id and rule.matches(dict(step.meters)):
            value = step.meters[rule.meter]
            return f"{_name(rule.meter).capitalize()} is now {value} ({rule_limit(rule)}): {turn}"
    return ""


class _MeterChart:
    """The meters over the decisions so far (left) and now (right), as inline SVG.

    Writing the chart as SVG text takes well under a millisecond, so a choice shows its
    effect at once.  The x axis spans ``span`` decisions; a run that goes further (only
    possible in a scenario with loops) gets a wider chart.
    """

    def __init__(self, scenario: Scenario, wording: ScenarioWording,
                 span: int | None = None) -> None:
        self.subject = wording.chart_subject
        self.title = wording.chart_title
        self.names = list(scenario.meters)
        self.span = span or max(4, len(scenario.decision_points))
        self.x = Axis(-0.3, self.span + 0.3, range(0, self.span + 1, 2 if self.span > 8 else 1),
                      "decisions made")
        self.y = Axis(0, 100, range(0, 101, 25), "level (0-100)")

    def html(self, series: list[dict[str, int]]) -> str:
        """The chart for a list of meter values (start, then after each step)."""
        chart = LineChart(self.x, self.y, width=540, height=250, title=self.title,
                          legend="below")
        xs = range(len(series))
        for i, name in enumerate(self.names):
            chart.line(xs, [m[name] for m in series], colour=METER_COLOURS[i % 6],
                       marker=METER_MARKERS[i % 6], dash=METER_LINES[i % 6], width=1.8,
                       label=_name(name))
        now, start = series[-1], series[0]
        bars = bar_panel([_name(n) for n in self.names], [now[n] for n in self.names],
                         [METER_COLOURS[i % 6] for i in range(len(self.names))],
                         title="Now", width=200, height=200)
        parts = ", ".join(f"{_name(n)} {now[n]} (started at {start[n]})" for n in self.names)
        alt = (f"Line chart of {self.subject} over {len(series) - 1} decisions, and "
               f"bars of the current levels: {parts}.")
        return chart_figure(alt, chart.svg(), bars)


class ScenarioPlayerView(StaticFallback, W.VBox):
    """Play a branching scenario: choose, read the feedback, watch the meters change.

    Parameters
    ----------
    scenario : Scenario
    recorder : callable, optional
        Called once per finished run (see :data:`Recorder`).
    wording : ScenarioWording, optional
        The module's words; Module 3's group climate by default.
    simulation : str, optional
        The competency-map id a finished run is recorded under (``sim/<id>``).

    Attributes
    ----------
    player : ScenarioPlayer
        The engine's player (current node, meters, history).
    runs : list of RunSummary
        Every finished run since the view was created, for comparing paths.
    """

    def __init__(self, scenario: Scenario, *, recorder: Recorder | None = None,
                 wording: ScenarioWording = GROUP_CLIMATE,
                 simulation: str = SIMULATION) -> None:
        self.scenario = scenario
        self.wording = wording
        self.simulation = simulation
        self.player = ScenarioPlayer(scenario)
        self.runs: list[RunSummary] = []
        self._recorder = recorder
        self._labels = node_labels(scenario)
        self._meter_chart = _MeterChart(scenario, wording)
        header = html(f"<h4>{escape(wording.heading)}{escape(scenario.title)}</h4>"
                      f"<p>{escape(scenario.summary)}</p>")
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
        self._restart = button("Restart", tooltip=wording.restart_tip)
        self._restart.on_click(lambda _: self.restart())
        self._runs_table = html()
        super().__init__([header, self._situation, self._choice_list, self._choices,
                          self._submit, self._feedback,
                          *([self._meters] if wording.meter_note else []), self._chart,
                          *([self._chain] if wording.history else []),
                          self._debrief, self._restart, self._runs_table])
        self._render()

    @classmethod
    def for_id(cls, scenario_id: str, *, recorder: Recorder | None = None,
               **kwargs: object) -> Self:
        """The player for the scenario with this id; without a recorder, the session
        learner's (runs are recorded when a learner is set)."""
        if recorder is None:
            from widgets.progress import session_recorder

            recorder = session_recorder()
        return cls(load_scenario(scenario_id), recorder=recorder, **kwargs)

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
            self._feedback.value = (f'<p class="iop-hint" role="status">'
                                    f"{escape(self.wording.hint)}</p>")
            return None
        step = self.player.choose(self._choices.value)
        self._feedback.value = self._step_html(step)
        self._render()
        if self.player.is_over:
            self._finish()
        return step

    def restart(self) -> None:
        """Start again from the first decision point (finished runs are kept)."""
        self.player.restart()
        self._feedback.value = ""
        self._debrief.value = ""
        self._render()

    # -- rendering ------------------------------------------------------------------
    def _render(self) -> None:
        self._update_chart()
        if self.wording.meter_note:
            self._meters.value = self._meters_html()
        if self.wording.history:
            self._chain.value = self._chain_html()
        self._show_node()

    def _update_chart(self) -> None:
        series = self.player.meter_series()
        if len(series) - 1 > self._meter_chart.span:
            self._meter_chart = _MeterChart(self.scenario, self.wording, span=len(series) + 3)
        self._chart.value = self._meter_chart.html(series)

    def _meters_html(self) -> str:
        start = self.scenario.meters
        cells = "".join(
            f"<li><strong>{escape(_name(k).capitalize())}:</strong> {v} of 100"
            f"{'' if v == start[k] else f' (started at {start[k]})'}</li>"
            for k, v in self.player.meters.items())
        return (f'<div role="status"><ul class="iop-meters">{cells}</ul>'
                f"<p><small>{escape(self.wording.meter_note)}</small></p></div>")

    def _chain_html(self) -> str:
        if not self.player.history:
            return ""
        items = "".join(
            f"<li>{self._labels[s.node.id]}: {escape(s.choice.text.strip())} "
            f"<em>({s.quality})</em></li>" for s in self.player.history)
        return (f"<details open><summary>{escape(self.wording.history)}</summary>"
                f"<ol>{items}</ol></details>")

    def _show_node(self) -> None:
        node = self.player.node
        label = self._labels[node.id]
        if node.ending:
            self._situation.value = (f"<p><strong>The end ({label}).</strong> "
                                     f"{escape(node.situation)}</p>")
            self._choices.options = []
            self._choice_list.value = ""
            self._choices.layout.display = "none"
            self._submit.layout.display = "none"
            return
        step = len(self.player.history) + 1
        self._situation.value = (f"<p><strong>Decision {step} (point {label}).</strong> "
                                 f"{escape(node.situation)}</p>")
        letters = [chr(ord("A") + i) for i in range(len(node.choices))]
        self._choice_list.value = ('<ol type="A">' + "".join(
            f"<li>{escape(c.text.strip())}</li>" for c in node.choices) + "</ol>")
        self._choices.options = list(zip(letters, (c.id for c in node.choices), strict=True))
        self._choices.value = None
        self._choices.layout.display = None
        self._submit.layout.display = None

    def _step_html(self, step: Step) -> str:
        changes = ", ".join(f"{_name(k)} {'+' if v > 0 else ''}{v}"
                            for k, v in step.changes.items() if v) or "no change"
        turn = threshold_note(step, self.wording.turn)
        turn_html = f"<p><strong>{escape(turn)}</strong></p>" if turn else ""
        return (f'<div role="status" class="iop-feedback iop-{step.quality}">'
                f"<p><strong>{VERDICT[step.quality]}</strong> {escape(step.feedback)}</p>"
                f"<p><small>{escape(self.wording.meters)}: {escape(changes)}.</small></p>"
                f"{turn_html}</div>")

    def _finish(self) -> None:
        debrief = self.player.debrief()
        run = summarize(self.player, f"Run {len(self.runs) + 1}")
        self.runs.append(run)
        rows = []
        for n, review in enumerate(debrief.steps, start=1):
            s = review.step
            better = "".join(f"<li>{escape(c.text.strip())} <em>({c.quality})</em></li>"
                             for c in review.better)
            better_html = f"<ul>{better}</ul>" if better else "Your choice was the best here."
            rows.append(f"<tr><td>{n}</td><td>{self._labels[s.node.id]}</td>"
                        f"<td>{escape(s.choice.text.strip())} <em>({s.quality})</em></td>"
                        f"<td>{better_html}</td></tr>")
        graph = self._path_graph_html(debrief.path) if self.wording.graph else ""
        quality = debrief.ending.quality or "ending"
        self._debrief.value = (
            f'<div class="iop-debrief iop-{quality}"><h4>Debrief: '
            f"{escape(debrief.outcome)}</h4><p>{escape(debrief.text)}</p>"
            f"<p>Your path: {escape(labelled(self.scenario, debrief.path))}. Choices: "
            f"{debrief.counts['best']} best, {debrief.counts['acceptable']} acceptable, "
            f"{debrief.counts['poor']} poor. Final {escape(self.wording.meters.lower())}: "
            f"{escape(meters_text(debrief.meters))}.</p>"
            f'<table class="iop-table"><caption>Each decision, and the better alternatives '
            f"</caption><thead><tr><th scope='col'>#</th><th scope='col'>Point</th>"
            f"<th scope='col'>Your choice</th><th scope='col'>Better alternatives</th>"
            f"</tr></thead><tbody>{''.join(rows)}</tbody></table>{graph}</div>")
        self._runs_table.value = self._runs_table_html()
        choices = [r.step.choice.id for r in debrief.steps]
        best = debrief.ending.quality == "best"
        if self._recorder is not None:
            self._recorder(self.scenario.module, f"scenario/{self.scenario.id}", best,
                           {"choices": choices, "ending": debrief.ending.id})
        record_simulation(self.simulation, correct=best,
                          answer={"scenario": self.scenario.id, "choices": choices,
                                  "ending": debrief.ending.id})

    def _path_graph_html(self, path: tuple[str, ...]) -> str:
        """The decision graph with this run's path drawn over it."""
        return graph_html(self.scenario, path, path_legend=True,
                          caption="Your path through the scenario (thick blue line).")

    def _runs_table_html(self) -> str:
        if not self.runs:
            return ""
        rows = compare_runs(self.runs)
        meters = list(self.scenario.meters)
        head = ("<tr><th>Run</th><th>Ending</th><th>Best</th><th>Acceptable</th>"
                "<th>Poor</th>" + "".join(f"<th>{escape(_name(m))}</th>" for m in meters)
                + "<th>Path</th></tr>")
        body = []
        for row, run in zip(rows, self.runs, strict=True):
            path = [c[0] for c in run.choices] + [run.ending_id]
            body.append(
                f"<tr><td>{escape(str(row['run']))}</td><td>{escape(str(row['outcome']))}</td>"
                f"<td>{row['best choices']}</td><td>{row['acceptable choices']}</td>"
                f"<td>{row['poor choices']}</td>"
                + "".join(f"<td>{row[f'final {m}']}</td>" for m in meters)
                + f"<td>{escape(labelled(self.scenario, path))}</td></tr>")
        return (f'<table class="iop-table"><caption>Compare your runs (final '
                f"{escape(self.wording.meters.lower())} 0-100)</caption><thead>{head}</thead>"
                f"<tbody>{''.join(body)}</tbody></table>")

    def static_html(self) -> str:
        """The whole scenario, readable without a kernel (graph and collapsed feedback)."""
        return static_html(self.scenario, wording=self.wording)


def scenario_player(scenario_id: str, *, recorder: Recorder | None = None) -> ScenarioPlayerView:
    """The live player for the scenario with this id (records runs when a learner is set)."""
    return ScenarioPlayerView.for_id(scenario_id, recorder=recorder)
