"""Lapse-chain simulator: a week of high-risk situations, a possible lapse, and responses.

A thin view over the one branching-scenario engine, :mod:`widgets.scenarios` (the same
engine as the group-facilitation scenarios of Module 3).  The scenarios are content
(``kind: scenario``, meters ``self_efficacy`` and ``craving``); a ``next_if`` rule sends
the story to a lapse when a meter crosses a threshold.  The view shows the meters as
numbers and as a chart over the decisions, says when a threshold was crossed, and ends
with a debrief.  In the book it shows the whole scenario as readable HTML.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

import ipywidgets as W

from widgets.figure_layers import freeze_static_layer
from widgets.figures import OKABE_ITO, figure_html, new_figure
from widgets.progress import record_simulation
from widgets.references import short_label
from widgets.scenarios import ScenarioPlayer, Step, all_paths, load_scenario
from widgets.schemas.scenario import Node, Rule, Scenario
from widgets.views.base import StaticFallback, button, html

__all__ = ["LapseChainView", "lapse_chain", "lapse_chain_static_html", "node_labels"]

Recorder = Callable[[str, str, bool, object], None]
"""Called as ``recorder(module, item_id, correct, answer)`` when a run ends."""
SIMULATION = "lapse-chain"
"""The simulator's id in the competency map: a finished run is recorded for the session
learner as ``sim/lapse-chain`` (correct when the ending is the best one)."""

VERDICT = {"best": "Best choice.", "acceptable": "An acceptable choice, not the best.",
           "poor": "A poor choice."}
ENDING_WORDS = {"best": "best ending", "acceptable": "mixed ending", "poor": "poor ending",
                None: "ending"}
_COLOURS = (OKABE_ITO["blue"], OKABE_ITO["vermillion"], OKABE_ITO["bluish_green"],
            OKABE_ITO["reddish_purple"])
_STYLES = ("-", "--", "-.", ":")
_MARKERS = ("o", "s", "D", "^")
METER_NOTE = "The meters are illustrative (0 to 100), not measurements."


def _name(meter: str) -> str:
    return meter.replace("_", " ")


def _meters_text(meters: dict[str, int]) -> str:
    return ", ".join(f"{_name(k)} {v}" for k, v in meters.items())


def node_labels(scenario: Scenario) -> dict[str, str]:
    """Short labels in file order: decision points D1, D2 ..., endings E1, E2 ..."""
    labels: dict[str, str] = {}
    for prefix, nodes in (("D", scenario.decision_points), ("E", scenario.endings)):
        for n, node in enumerate(nodes, start=1):
            labels[node.id] = f"{prefix}{n}"
    return labels


def _threshold_note(step: Step) -> str:
    """Why the story went where it did, when a ``next_if`` rule fired."""
    if step.next_id == step.choice.next:
        return ""
    for rule in step.choice.next_if:
        if rule.next == step.next_id and rule.matches(dict(step.meters)):
            value = step.meters[rule.meter]
            limit = (f"at least {rule.at_least}" if rule.at_least is not None
                     else f"at most {rule.at_most}")
            return (f"{_name(rule.meter).capitalize()} is now {value} ({limit}): a threshold "
                    f"was crossed, and the story takes a different turn.")
    return ""


class _MeterChart:
    """One reused figure: each meter over the decisions made so far."""

    def __init__(self, scenario: Scenario) -> None:
        self.names = list(scenario.meters)
        longest = max((len(p) for p in all_paths(scenario)), default=1)
        self.fig = new_figure(6.0, 2.4)
        ax = self.fig.add_subplot()
        self.lines = [ax.plot([0], [scenario.meters[n]], color=_COLOURS[i % 4],
                              linestyle=_STYLES[i % 4], marker=_MARKERS[i % 4], markersize=4,
                              lw=2, label=_name(n))[0]
                      for i, n in enumerate(self.names)]
        ax.set_xlim(-0.2, longest + 0.2)
        ax.set_xticks(range(longest + 1))
        ax.set_ylim(0, 100)
        ax.set_xlabel("decisions made")
        ax.set_ylabel("level (0-100)")
        ax.set_title("Illustrative meters", fontsize=10, loc="left")
        ax.legend(loc="upper right", fontsize=8, frameon=False, ncol=len(self.names))
        freeze_static_layer(self.fig, self.lines)

    def html(self, series: list[dict[str, int]]) -> str:
        xs = list(range(len(series)))
        for line, name in zip(self.lines, self.names, strict=True):
            line.set_data(xs, [m[name] for m in series])
        now, start = series[-1], series[0]
        parts = "; ".join(f"{_name(n)} {now[n]} (started at {start[n]})" for n in self.names)
        alt = f"Line chart of the meters over {len(series) - 1} decisions: {parts}."
        return figure_html(self.fig, alt=alt)


class LapseChainView(StaticFallback, W.VBox):
    """Play a lapse-chain scenario on the shared scenario engine.

    Attributes
    ----------
    player : ScenarioPlayer
        The engine's player (current node, meters, history).
    """

    def __init__(self, scenario: Scenario, *, recorder: Recorder | None = None) -> None:
        self.scenario = scenario
        self.player = ScenarioPlayer(scenario)
        self._recorder = recorder
        self._labels = node_labels(scenario)
        self._chart_maker = _MeterChart(scenario)
        header = html(f"<h4>{escape(scenario.title)}</h4><p>{escape(scenario.summary)}</p>")
        self._meters = html()
        self._chart = html()
        self._situation = html()
        self._choices = W.RadioButtons(options=[], value=None, description="Response:",
                                       layout=W.Layout(width="auto"),
                                       style={"description_width": "initial"})
        self._submit = button("Choose", style="primary",
                              tooltip="Take the selected response and see what follows")
        self._submit.on_click(lambda _: self.submit())
        self._feedback = html()
        self._chain = html()
        self._debrief = html()
        self._restart = button("Restart", tooltip="Play the week again from the start")
        self._restart.on_click(lambda _: self.restart())
        super().__init__([header, self._meters, self._chart, self._situation, self._choices,
                          self._submit, self._feedback, self._chain, self._debrief,
                          self._restart])
        self._render()

    # -- actions --------------------------------------------------------------------
    def choose(self, choice_id: str) -> Step:
        """Select a response and submit it (what a learner does with the controls)."""
        self._choices.value = choice_id
        step = self.submit()
        assert step is not None
        return step

    def submit(self) -> Step | None:
        """Take the selected response; show feedback, meters and, at an ending, the debrief."""
        if self.player.is_over:
            return None
        if self._choices.value is None:
            self._feedback.value = '<p class="iop-hint" role="status">Choose a response first.</p>'
            return None
        step = self.player.choose(self._choices.value)
        self._feedback.value = self._step_html(step)
        self._render()
        if self.player.is_over:
            self._finish()
        return step

    def restart(self) -> None:
        """Back to the start of the week."""
        self.player.restart()
        self._feedback.value = ""
        self._debrief.value = ""
        self._render()

    # -- rendering ------------------------------------------------------------------
    def _render(self) -> None:
        meters = self.player.meters
        start = self.scenario.meters
        cells = "".join(
            f"<li><strong>{escape(_name(k).capitalize())}:</strong> {v} of 100"
            f"{'' if v == start[k] else f' (started at {start[k]})'}</li>"
            for k, v in meters.items())
        self._meters.value = (f'<div role="status"><ul class="iop-meters">{cells}</ul>'
                              f"<p><small>{METER_NOTE}</small></p></div>")
        self._chart.value = self._chart_maker.html(self.player.meter_series())
        self._chain.value = self._chain_html()
        node = self.player.node
        label = self._labels[node.id]
        if node.ending:
            self._situation.value = (f"<p><strong>The end ({label}).</strong> "
                                     f"{escape(node.situation)}</p>")
            self._choices.options = []
            self._choices.layout.display = "none"
            self._submit.layout.display = "none"
            return
        self._situation.value = (f"<p><strong>Decision {len(self.player.history) + 1} "
                                 f"({label}).</strong> {escape(node.situation)}</p>")
        self._choices.options = [(c.text.strip(), c.id) for c in node.choices]
        self._choices.value = None
        self._choices.layout.display = None
        self._submit.layout.display = None

    def _step_html(self, step: Step) -> str:
        changes = ", ".join(f"{_name(k)} {'+' if v > 0 else ''}{v}"
                            for k, v in step.changes.items() if v) or "no change"
        turn = _threshold_note(step)
        turn_html = f"<p><strong>{escape(turn)}</strong></p>" if turn else ""
        return (f'<div role="status" class="iop-feedback iop-{step.quality}">'
                f"<p><strong>{VERDICT[step.quality]}</strong> {escape(step.feedback)}</p>"
                f"<p><small>Meters: {escape(changes)}.</small></p>{turn_html}</div>")

    def _chain_html(self) -> str:
        if not self.player.history:
            return ""
        items = "".join(
            f"<li>{self._labels[s.node.id]}: {escape(s.choice.text.strip())} "
            f"<em>({s.quality})</em></li>" for s in self.player.history)
        return (f'<details open><summary>The chain so far</summary><ol>{items}</ol>'
                f"</details>")

    def _finish(self) -> None:
        debrief = self.player.debrief()
        rows = []
        for n, review in enumerate(debrief.steps, start=1):
            s = review.step
            better = "".join(f"<li>{escape(c.text.strip())} <em>({c.quality})</em></li>"
                             for c in review.better)
            better_html = f"<ul>{better}</ul>" if better else "Your choice was the best here."
            rows.append(f"<tr><td>{n}</td><td>{escape(s.choice.text.strip())} "
                        f"<em>({s.quality})</em></td><td>{better_html}</td></tr>")
        path = " → ".join(self._labels[i] for i in debrief.path)
        self._debrief.value = (
            f'<div class="iop-debrief"><h4>Debrief: {escape(debrief.outcome)}</h4>'
            f"<p>{escape(debrief.text)}</p><p>Your path: {escape(path)}. Choices: "
            f"{debrief.counts['best']} best, {debrief.counts['acceptable']} acceptable, "
            f"{debrief.counts['poor']} poor. Final meters: "
            f"{escape(_meters_text(dict(debrief.meters)))}.</p>"
            f'<table class="iop-table"><caption>Each decision, and the better alternatives'
            f"</caption><thead><tr><th scope='col'>#</th><th scope='col'>Your choice</th>"
            f"<th scope='col'>Better alternatives</th></tr></thead><tbody>{''.join(rows)}"
            f"</tbody></table></div>")
        choices = [r.step.choice.id for r in debrief.steps]
        best = debrief.ending.quality == "best"
        if self._recorder is not None:
            self._recorder(self.scenario.module, f"scenario/{self.scenario.id}", best,
                           {"choices": choices, "ending": debrief.ending.id})
        record_simulation(self.scenario.module, SIMULATION, correct=best,
                          answer={"scenario": self.scenario.id, "choices": choices,
                                  "ending": debrief.ending.id})

    def static_html(self) -> str:
        """The whole scenario, readable without a kernel (feedback in collapsed blocks)."""
        return lapse_chain_static_html(self.scenario)


def _effects(effects: dict[str, int]) -> str:
    if not effects:
        return "no change to the meters"
    return ", ".join(f"{_name(k)} {'+' if v > 0 else ''}{v}" for k, v in effects.items())


def _leads_to(scenario: Scenario, node: Node, index: int, labels: dict[str, str]) -> str:
    nodes = {n.id: n for n in scenario.nodes}

    def link(target: str) -> str:
        t = nodes[target]
        name = f"{labels[target]} ({t.outcome})" if t.ending else labels[target]
        return f'<a href="#{escape(scenario.id)}-{escape(target)}">{escape(name)}</a>'

    def limit(rule: Rule) -> str:
        if rule.at_least is not None:
            return f"at least {rule.at_least}"
        return f"at most {rule.at_most}"

    choice = node.choices[index]
    parts = [f"if {_name(r.meter)} is then {limit(r)}: {link(r.next)}" for r in choice.next_if]
    parts.append(("otherwise " if parts else "") + link(choice.next))
    return "; ".join(parts)


def lapse_chain_static_html(scenario: Scenario) -> str:
    """A lapse-chain scenario as HTML a reader can follow without a kernel."""
    labels = node_labels(scenario)
    sources = "; ".join(escape(short_label(k)) for k in scenario.cite)
    parts = [f'<section class="iop-scenario" id="{escape(scenario.id)}" '
             f'aria-label="Lapse-chain scenario: {escape(scenario.title)}">',
             f"<h4>{escape(scenario.title)}</h4><p>{escape(scenario.summary)}</p>",
             f"<p><strong>How to read it without a kernel.</strong> Start at D1. At each "
             f"decision point choose a response for yourself, then open its feedback and "
             f"follow the link to where it leads. The meters start at "
             f"{escape(_meters_text(dict(scenario.meters)))}; each response moves them, and "
             f"some turns depend on where a meter stands. {METER_NOTE}</p>"]
    for node in scenario.decision_points:
        parts.append(f'<div class="iop-decision" id="{escape(scenario.id)}-{escape(node.id)}" '
                     f'style="margin-top:1em">'
                     f"<p><strong>Decision point {labels[node.id]}.</strong> "
                     f"{escape(node.situation)}</p><ol type=\"A\">")
        parts.extend(f"<li>{escape(c.text.strip())}</li>" for c in node.choices)
        parts.append("</ol>")
        for i, c in enumerate(node.choices):
            letter = chr(ord("A") + i)
            parts.append(f"<details><summary>Feedback for {labels[node.id]} response {letter}"
                         f"</summary><p><strong>{letter} ({c.quality} choice).</strong> "
                         f"{escape(c.feedback)}</p><p>Meters: {escape(_effects(c.effects))}. "
                         f"Leads to: {_leads_to(scenario, node, i, labels)}.</p></details>")
        parts.append("</div>")
    parts.append("<p><strong>Endings</strong></p>")
    for node in scenario.endings:
        parts.append(f'<div class="iop-ending" id="{escape(scenario.id)}-{escape(node.id)}">'
                     f"<p><strong>{labels[node.id]}, {ENDING_WORDS[node.quality]}: "
                     f"{escape(node.outcome or '')}.</strong> {escape(node.situation)}</p>"
                     f"<details><summary>Debrief for {labels[node.id]}</summary>"
                     f"<p>{escape(node.debrief or '')}</p></details></div>")
    parts.append(f'<p class="iop-source">Sources: {sources}</p></section>')
    return "\n".join(parts)


def lapse_chain(scenario_id: str, *, recorder: Recorder | None = None) -> LapseChainView:
    """The live lapse-chain simulator for a scenario (records runs when a learner is set)."""
    if recorder is None:
        from widgets.progress import session_recorder

        recorder = session_recorder()
    return LapseChainView(load_scenario(scenario_id), recorder=recorder)
