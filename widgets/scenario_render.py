"""Scenarios without a kernel: the decision graph as a figure and a static HTML walk-through.

:func:`static_html` renders a whole scenario so a reader of the published book can play
it on paper: each decision point with its choices, and per choice a collapsed
``<details>`` block with the feedback, the quality, the effect on the meters and a link
to where it leads.  :func:`graph_figure` draws the scenario's graph with matplotlib
(no graphviz): decision points ``D1, D2, ...`` from left to right, endings ``E1, ...``
in the right-hand column, arrows styled by the quality of the choice.  A module's own
words (Module 3's group climate, Module 5's self-efficacy and craving) come from a
:class:`ScenarioWording`, shared with the live player.

Pure logic plus matplotlib: never imports ipywidgets.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from html import escape
from typing import TYPE_CHECKING

from widgets.palette import OKABE_ITO
from widgets.references import short_label
from widgets.schemas.scenario import Node, Rule, Scenario

if TYPE_CHECKING:  # matplotlib is imported only when a graph is drawn
    from matplotlib.artist import Artist
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = [
    "GROUP_CLIMATE",
    "QUALITY_STYLE",
    "ScenarioWording",
    "draw_path",
    "overview_html",
    "graph_alt",
    "graph_figure",
    "layout",
    "meters_text",
    "node_labels",
    "rule_limit",
    "static_html",
]

QUALITY_STYLE: dict[str, dict[str, object]] = {
    "best": {"color": OKABE_ITO["bluish_green"], "linestyle": "-", "label": "best choice"},
    "acceptable": {"color": OKABE_ITO["orange"], "linestyle": "--",
                   "label": "acceptable choice"},
    "poor": {"color": OKABE_ITO["vermillion"], "linestyle": ":", "label": "poor choice"},
}
"""Colour and line style per quality (style as well as colour, for greyscale printing)."""

ENDING_WORDS = {"best": "good ending", "acceptable": "mixed ending", "poor": "poor ending",
                None: "ending"}
PATH_COLOUR = OKABE_ITO["blue"]


@dataclass(frozen=True)
class ScenarioWording:
    """The words a scenario is played and read in: all that differs between modules.

    One player (:class:`widgets.views.scenarios.ScenarioPlayerView`) and one static
    rendering (:func:`static_html`) serve every scenario; a module's scenarios differ
    only in what their meters stand for (a group's climate in Module 3, a client's
    self-efficacy and craving in Module 5) and in what a choice is called.
    """

    heading: str
    """Put before the title in the heading (``"Scenario: "``, or ``""``)."""
    section_label: str
    """The static section's accessible name, before the title."""
    choice: str
    """What a choice is called in the static feedback blocks (``choice``, ``response``)."""
    prompt: str
    """The label of the choice buttons."""
    hint: str
    """Shown when the learner submits with nothing selected."""
    submit_tip: str
    restart_tip: str
    how_to_read: str
    """The static page's reading instructions after "Start at D1."; ``{meters}`` is
    replaced by the starting levels."""
    meters: str
    """What the meters are called, capitalised (``Climate``, ``Meters``): labels the
    effects of a choice, the final levels and the runs table."""
    chart_title: str
    chart_subject: str
    """The chart's alt text: "Line chart of {chart_subject} over N decisions ..."."""
    turn: str
    """Said when a ``next_if`` threshold sent the story elsewhere, after "X is now N
    (at least M): "."""
    meter_note: str = ""
    """If set, the player also shows the meters as text, with this note under them."""
    history: str = ""
    """If set, the player lists the choices made so far under this title."""
    graph: bool = True
    """Show the decision graph (the static page, and the debrief with the path taken)."""


GROUP_CLIMATE = ScenarioWording(
    heading="Scenario: ",
    section_label="Scenario",
    choice="choice",
    prompt="Your choice:",
    hint="Choose an option first.",
    submit_tip="Take the selected choice and see its feedback",
    restart_tip="Play the scenario again from the start",
    how_to_read=("At each decision point choose for yourself, then open the feedback for "
                 "your choice; follow its link to the next point. The group's climate "
                 "starts at {meters} (0 to 100); each choice moves it."),
    meters="Climate",
    chart_title="Group climate over the session",
    chart_subject="the group's climate",
    turn="a threshold was crossed, and the session takes a different turn.",
)
"""Module 3's group-facilitation scenarios: the meters are the group's climate."""


def _order(scenario: Scenario) -> list[str]:
    """Node ids in breadth-first order from the start (choice order within a node)."""
    nodes = {n.id: n for n in scenario.nodes}
    seen, queue = [scenario.start], [scenario.start]
    while queue:
        for choice in nodes[queue.pop(0)].choices:
            for target in choice.targets:
                if target not in seen:
                    seen.append(target)
                    queue.append(target)
    return seen + [n.id for n in scenario.nodes if n.id not in seen]


def node_labels(scenario: Scenario) -> dict[str, str]:
    """Short labels: ``D1``, ``D2``... for decision points, ``E1``... for endings.

    Numbered in reading order of the graph: column by column from the left, top to
    bottom within a column; so D1 is always the start.
    """
    nodes = {n.id: n for n in scenario.nodes}
    pos = layout(scenario)
    labels: dict[str, str] = {}
    d = e = 0
    for node_id in sorted(pos, key=lambda i: (pos[i][0], -pos[i][1])):
        if nodes[node_id].ending:
            e += 1
            labels[node_id] = f"E{e}"
        else:
            d += 1
            labels[node_id] = f"D{d}"
    return labels


def layout(scenario: Scenario) -> dict[str, tuple[float, float]]:
    """(x, y) per node: x is the longest distance from the start, endings in a last column.

    Back edges of loops are ignored for the layering; within a column nodes are ordered
    by the mean position of their predecessors, so most arrows run straight across.
    """
    order = _order(scenario)
    nodes = {n.id: n for n in scenario.nodes}
    succ = {n.id: [t for c in n.choices for t in c.targets] for n in scenario.nodes}
    layer = {scenario.start: 0}
    stack: set[str] = set()
    finished: set[str] = set()

    def visit(node_id: str) -> None:
        stack.add(node_id)
        for nxt in succ[node_id]:
            if nxt in stack:
                continue  # a loop: ignore the back edge
            if layer.get(nxt, -1) < layer[node_id] + 1:
                layer[nxt] = layer[node_id] + 1
                visit(nxt)
            elif nxt not in finished:
                visit(nxt)
        stack.discard(node_id)
        finished.add(node_id)

    visit(scenario.start)
    for node_id in order:
        layer.setdefault(node_id, 0)
    last = max((layer[i] for i in order if not nodes[i].ending), default=0) + 1
    for node_id in order:
        if nodes[node_id].ending:
            layer[node_id] = last
    columns: dict[int, list[str]] = {}
    for node_id in order:
        columns.setdefault(layer[node_id], []).append(node_id)
    pred: dict[str, list[str]] = {i: [] for i in order}
    for source, targets in succ.items():
        for t in targets:
            pred[t].append(source)
    ypos: dict[str, float] = {}
    for x in sorted(columns):
        col = columns[x]
        if x > 0:
            first = {i: k for k, i in enumerate(col)}

            def key(i: str, first: dict[str, int] = first) -> tuple[float, int]:
                ys = [ypos[p] for p in pred[i] if p in ypos]
                return (-sum(ys) / len(ys) if ys else 0.0, first[i])

            col.sort(key=key)
        n = len(col)
        for k, node_id in enumerate(col):
            ypos[node_id] = (n - 1) / 2 - k
    return {i: (float(layer[i]), ypos[i]) for i in order}


def _edges(scenario: Scenario) -> list[tuple[str, str, str, bool]]:
    """(source, target, quality, via next_if) per distinct drawn edge; best kept first."""
    seen: dict[tuple[str, str, str], bool] = {}
    for node in scenario.nodes:
        for c in node.choices:
            conditional = {r.next for r in c.next_if}
            for target in c.targets:
                key = (node.id, target, c.quality)
                seen[key] = seen.get(key, False) or (target in conditional
                                                     and target != c.next)
    return [(s, t, q, cond) for (s, t, q), cond in seen.items()]


def graph_figure(scenario: Scenario, path: Sequence[str] = (), *,
                 fig: Figure | None = None, path_legend: bool = False) -> Figure:
    """The scenario's decision graph; ``path`` (node ids) is drawn over it in blue.

    Pass ``fig`` to draw into an existing figure (it is cleared first), and
    ``path_legend=True`` to list "path taken" in the legend even without a path (for a
    figure whose path is added later with :func:`draw_path`).
    """
    from matplotlib.lines import Line2D
    from matplotlib.patches import FancyArrowPatch

    from widgets.figures import new_figure

    pos = layout(scenario)
    labels = node_labels(scenario)
    nodes = {n.id: n for n in scenario.nodes}
    width = max(p[0] for p in pos.values()) + 1
    height = max(abs(p[1]) for p in pos.values()) * 2 + 1
    if fig is None:
        fig = new_figure(min(10.0, 1.0 + 0.75 * width), min(6.0, 1.4 + 0.5 * height))
    fig.clear()
    ax = fig.add_subplot()
    ax.set_axis_off()
    parallel: dict[tuple[str, str], int] = {}
    for source, target, quality, conditional in _edges(scenario):
        style = QUALITY_STYLE[quality]
        k = parallel.get((source, target), 0)
        parallel[(source, target)] = k + 1
        (x0, y0), (x1, y1) = pos[source], pos[target]
        # Edges that skip columns arc around the nodes between; parallel edges fan out.
        span = x1 - x0
        dist = max(0.5, ((x1 - x0) ** 2 + (y1 - y0) ** 2) ** 0.5)
        rad = 0.12 * k * (1 if k % 2 else -1) / dist
        if span >= 2 or span <= 0:
            rad += (-0.55 if y1 >= y0 else 0.55) / dist  # a bulge of about half a row
        ax.add_patch(FancyArrowPatch(
            (x0, y0), (x1, y1), connectionstyle=f"arc3,rad={rad}", arrowstyle="-|>",
            mutation_scale=9, shrinkA=9, shrinkB=9, color=style["color"],
            linestyle=style["linestyle"], linewidth=0.9 if conditional else 1.3,
            alpha=0.85, zorder=1))
    for node_id in pos:
        _node_label(ax, nodes[node_id], labels[node_id], pos[node_id], highlight=False)
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
    ax.set_xlim(min(xs) - 0.5, max(xs) + 0.5)
    ax.set_ylim(min(ys) - 0.8, max(ys) + 0.8)
    handles = [Line2D([], [], color=s["color"], linestyle=s["linestyle"], label=s["label"])
               for s in QUALITY_STYLE.values()]
    if path or path_legend:
        handles.append(Line2D([], [], color=PATH_COLOUR, linewidth=3, alpha=0.55,
                              label="path taken"))
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, 0.0), ncol=4,
              frameon=False, fontsize=8)
    if path:
        draw_path(ax, scenario, path)
    return fig


def _node_label(ax: Axes, node: Node, label: str, xy: tuple[float, float], *,
                highlight: bool) -> Artist:
    if node.ending:
        colour = QUALITY_STYLE[node.quality]["color"] if node.quality else OKABE_ITO["grey"]
        box = {"boxstyle": "round,pad=0.35", "facecolor": colour, "edgecolor": "black",
               "linewidth": 2.2 if highlight else 0.8}
    else:
        box = {"boxstyle": "circle,pad=0.3", "facecolor": "white",
               "edgecolor": PATH_COLOUR if highlight else "black",
               "linewidth": 2.2 if highlight else 0.8}
    return ax.text(*xy, label, ha="center", va="center", fontsize=8, color="black",
                   bbox=box, zorder=4 if highlight else 3)


def draw_path(ax: Axes, scenario: Scenario, path: Sequence[str]) -> list[Artist]:
    """Draw a path (node ids) over a graph from :func:`graph_figure`; returns the artists.

    Remove the returned artists to clear the path again, so one graph can show path
    after path without being redrawn.
    """
    from matplotlib.patches import FancyArrowPatch

    pos = layout(scenario)
    labels = node_labels(scenario)
    nodes = {n.id: n for n in scenario.nodes}
    artists: list[Artist] = []
    for source, target in zip(path, path[1:], strict=False):
        (x0, y0), (x1, y1) = pos[source], pos[target]
        artists.append(ax.add_patch(FancyArrowPatch(
            (x0, y0), (x1, y1), arrowstyle="-|>", mutation_scale=12, shrinkA=9, shrinkB=9,
            color=PATH_COLOUR, linewidth=3.2, alpha=0.55, zorder=2)))
    for node_id in dict.fromkeys(path):
        artists.append(_node_label(ax, nodes[node_id], labels[node_id], pos[node_id],
                                   highlight=True))
    return artists


def graph_alt(scenario: Scenario, path: Sequence[str] = ()) -> str:
    """Alt text for :func:`graph_figure`: the structure in words."""
    labels = node_labels(scenario)
    endings = "; ".join(
        f"{labels[n.id]} {ENDING_WORDS[n.quality]}: {n.outcome}" for n in
        sorted(scenario.endings, key=lambda n: int(labels[n.id][1:])))
    text = (f"Decision graph of the scenario '{scenario.title}', drawn left to right: "
            f"{len(scenario.decision_points)} decision points (D1 to "
            f"D{len(scenario.decision_points)}) lead through choices marked best (solid "
            f"green), acceptable (dashed orange) or poor (dotted red) to "
            f"{len(scenario.endings)} endings. Endings: {endings}.")
    if path:
        text += " Path taken: " + " to ".join(labels[p] for p in path) + "."
    return text


def _effects(effects: dict[str, int]) -> str:
    if not effects:
        return "no change to the meters"
    return ", ".join(f"{name.replace('_', ' ')} {'+' if v > 0 else ''}{v}"
                     for name, v in effects.items())


def _anchor(scenario: Scenario, node_id: str) -> str:
    return f"{scenario.id}-{node_id}"


def _leads_to(scenario: Scenario, target: str, labels: dict[str, str],
              nodes: dict[str, Node]) -> str:
    node = nodes[target]
    name = (f"{labels[target]} ({escape(node.outcome or '')})" if node.ending
            else labels[target])
    return f'<a href="#{escape(_anchor(scenario, target))}">{name}</a>'


def _destinations(scenario: Scenario, node: Node, labels: dict[str, str],
                  nodes: dict[str, Node], choice_index: int) -> str:
    choice = node.choices[choice_index]
    parts = [f"if {rule.meter.replace('_', ' ')} is then {rule_limit(rule)}: "
             f"{_leads_to(scenario, rule.next, labels, nodes)}" for rule in choice.next_if]
    default = _leads_to(scenario, choice.next, labels, nodes)
    parts.append(f"otherwise {default}" if parts else default)
    return "; ".join(parts)


def rule_limit(rule: Rule) -> str:
    """A ``next_if`` rule's threshold in words: ``at least 70`` or ``at most 40``."""
    return f"at least {rule.at_least}" if rule.at_least is not None else f"at most {rule.at_most}"


def meters_text(meters: Mapping[str, int]) -> str:
    """Meter levels in words: ``self efficacy 45, craving 30``."""
    return ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in meters.items())


def static_html(scenario: Scenario, *, figure: bool | None = None,
                wording: ScenarioWording = GROUP_CLIMATE) -> str:
    """The whole scenario as HTML a reader can follow without a kernel.

    ``wording`` says it in a module's words (:data:`GROUP_CLIMATE` by default);
    ``figure`` (default: ``wording.graph``) adds the decision graph.
    """
    labels = node_labels(scenario)
    nodes = {n.id: n for n in scenario.nodes}
    ordered = sorted(scenario.nodes, key=lambda n: (n.ending, int(labels[n.id][1:])))
    sources = "; ".join(escape(short_label(k)) for k in scenario.cite)
    how = wording.how_to_read.format(meters=meters_text(scenario.meters))
    parts = [f'<section class="iop-scenario" id="{escape(scenario.id)}" '
             f'aria-label="{escape(wording.section_label)}: {escape(scenario.title)}">',
             f"<h4>{escape(wording.heading)}{escape(scenario.title)}</h4>",
             f"<p>{escape(scenario.summary)}</p>",
             f"<p><strong>How to read it without a kernel.</strong> Start at D1. "
             f"{escape(how)}</p>"]
    if wording.graph if figure is None else figure:
        from widgets.figures import figure_html

        fig = graph_figure(scenario)
        parts.append(figure_html(fig, alt=graph_alt(scenario),
                                 caption=f"The decision graph of '{scenario.title}'."))
    for node in ordered:
        anchor = escape(_anchor(scenario, node.id))
        if node.ending:
            continue
        parts.append(f'<div class="iop-decision" id="{anchor}">')
        parts.append(f"<p><strong>Decision point {labels[node.id]}.</strong> "
                     f"{escape(node.situation)}</p>")
        parts.append('<ol type="A">')
        parts.extend(f"<li>{escape(c.text.strip())}</li>" for c in node.choices)
        parts.append("</ol>")
        for i, c in enumerate(node.choices):
            letter = chr(ord("A") + i)
            parts.append(f"<details><summary>Feedback for {labels[node.id]} "
                         f"{escape(wording.choice)} {letter}</summary>")
            parts.append(f"<p><strong>{letter} ({c.quality} choice).</strong> "
                         f"{escape(c.feedback)}</p>")
            parts.append(f"<p>{escape(wording.meters)}: {escape(_effects(c.effects))}. "
                         f"Leads to: {_destinations(scenario, node, labels, nodes, i)}.</p>")
            parts.append("</details>")
        parts.append("</div>")
    parts.append("<p><strong>Endings</strong></p>")
    for node in ordered:
        if not node.ending:
            continue
        anchor = escape(_anchor(scenario, node.id))
        kind = ENDING_WORDS[node.quality]
        parts.append(f'<div class="iop-ending" id="{anchor}">')
        parts.append(f"<p><strong>{labels[node.id]}, {kind}: {escape(node.outcome or '')}."
                     f"</strong> {escape(node.situation)}</p>")
        parts.append(f"<details><summary>Debrief for {labels[node.id]}</summary>"
                     f"<p>{escape(node.debrief or '')}</p></details></div>")
    parts.append(f'<p class="iop-source">Sources: {sources}</p></section>')
    return "\n".join(parts)


def labelled(scenario: Scenario, node_ids: Iterable[str]) -> str:
    """Node ids as their short labels joined by arrows (``D1 → D2 → E1``)."""
    labels = node_labels(scenario)
    return " → ".join(labels[i] for i in node_ids)


def overview_html(scenarios: Sequence[Scenario]) -> str:
    """A table of scenarios: decision points, endings and paths from start to an ending."""
    from widgets.scenarios import all_paths

    rows = "".join(
        f"<tr><td>{escape(s.title)}</td><td>{len(s.decision_points)}</td>"
        f"<td>{len(s.endings)}</td><td>{len(all_paths(s))}</td></tr>" for s in scenarios)
    return ('<table class="iop-table"><caption>The scenarios of this module</caption>'
            "<thead><tr><th>Scenario</th><th>Decision points</th><th>Endings</th>"
            f"<th>Paths from start to an ending</th></tr></thead><tbody>{rows}</tbody></table>")
