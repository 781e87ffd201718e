"""Scenarios as HTML: the decision graph, the static walk-through, and the player's parts.

:func:`static_html` renders a whole scenario so a reader of the published book can play
it on paper: each decision point with its choices, and per choice a collapsed
``<details>`` block with the feedback, the quality, the effect on the meters and a link
to where it leads.  :func:`graph_svg` draws the scenario's graph as inline SVG (no
graphviz, no matplotlib): decision points ``D1, D2, ...`` from left to right, endings
``E1, ...`` in the right-hand column, arrows styled by the quality of the choice.  The
live player (:mod:`widgets.scenarios.view`) shows the same pieces: :func:`step_html`,
:func:`debrief_html`, :class:`MeterChart` and the rest.

A module's own words (Module 3's group climate, Module 5's self-efficacy and craving)
come from a :class:`ScenarioWording`.  Every piece of HTML comes from a template in
``widgets/scenarios/templates/`` (autoescaped); charts from :mod:`widgets.core.svg_chart`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from widgets.core.palette import OKABE_ITO
from widgets.core.render import Markup, render, table
from widgets.scenarios.model import Debrief, RunSummary, Step, count_paths
from widgets.scenarios.schemas import Node, Rule, Scenario

__all__ = [
    "GROUP_CLIMATE",
    "QUALITY_STYLE",
    "MeterChart",
    "ScenarioWording",
    "chain_html",
    "choices_html",
    "debrief_html",
    "graph_alt",
    "graph_html",
    "graph_svg",
    "header_html",
    "hint_html",
    "labelled",
    "layout",
    "meters_html",
    "meters_text",
    "node_labels",
    "overview_html",
    "rule_limit",
    "runs_html",
    "situation_html",
    "static_html",
    "step_html",
    "threshold_note",
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
VERDICT = {"best": "Best choice.", "acceptable": "An acceptable choice, not the best.",
           "poor": "A poor choice."}
"""What the player says first after a choice of each quality."""


@dataclass(frozen=True)
class ScenarioWording:
    """The words a scenario is played and read in: all that differs between modules.

    One player (:class:`widgets.scenarios.view.ScenarioPlayerView`) and one static
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


# ----------------------------------------------------------------------- words


def meter_name(meter: str) -> str:
    """A meter as words: ``self_efficacy`` -> ``self efficacy``."""
    return meter.replace("_", " ")


def rule_limit(rule: Rule) -> str:
    """A ``next_if`` rule's threshold in words: ``at least 70`` or ``at most 40``."""
    return f"at least {rule.at_least}" if rule.at_least is not None else f"at most {rule.at_most}"


def meters_text(meters: Mapping[str, int]) -> str:
    """Meter levels in words: ``self efficacy 45, craving 30``."""
    return ", ".join(f"{meter_name(k)} {v}" for k, v in meters.items())


def changes_text(changes: Mapping[str, int], none: str = "no change") -> str:
    """Signed changes in words: ``safety +10, engagement -5`` (zeros left out)."""
    return ", ".join(f"{meter_name(k)} {v:+d}" for k, v in changes.items() if v) or none


def threshold_note(step: Step, turn: str) -> str:
    """Why the story went where it did, when a ``next_if`` rule fired (else ``""``)."""
    if not step.rule_fired:
        return ""
    for rule in step.choice.next_if:
        if rule.next == step.next_id and rule.matches(dict(step.meters)):
            value = step.meters[rule.meter]
            return (f"{meter_name(rule.meter).capitalize()} is now {value} "
                    f"({rule_limit(rule)}): {turn}")
    return ""


# ---------------------------------------------------------------------- layout


def _order(scenario: Scenario) -> list[str]:
    """Node ids in breadth-first order from the start (choice order within a node)."""
    nodes = {n.id: n for n in scenario.nodes}
    seen, queue = {scenario.start: None}, [scenario.start]
    while queue:
        for choice in nodes[queue.pop(0)].choices:
            for target in choice.targets:
                if target not in seen:
                    seen[target] = None
                    queue.append(target)
    return [*seen, *(n.id for n in scenario.nodes if n.id not in seen)]


def _forward_edges(scenario: Scenario, order: Sequence[str]) -> dict[str, list[str]]:
    """Each node's successors without the back edges of loops (a depth-first search)."""
    succ = {n.id: list(dict.fromkeys(t for c in n.choices for t in c.targets))
            for n in scenario.nodes}
    forward: dict[str, list[str]] = {i: [] for i in order}
    state: dict[str, int] = {}  # 1: on the stack, 2: done
    for root in order:
        if root in state:
            continue
        state[root] = 1
        stack = [(root, iter(succ[root]))]
        while stack:
            node_id, todo = stack[-1]
            nxt = next(todo, None)
            if nxt is None:
                state[node_id] = 2
                stack.pop()
            elif state.get(nxt) != 1:  # an edge to a node on the stack closes a loop
                forward[node_id].append(nxt)
                if nxt not in state:
                    state[nxt] = 1
                    stack.append((nxt, iter(succ[nxt])))
    return forward


def layout(scenario: Scenario) -> dict[str, tuple[float, float]]:
    """(x, y) per node: x is the longest distance from the start, endings in a last column.

    Back edges of loops are ignored for the layering; within a column nodes are ordered
    by the mean position of their predecessors, so most arrows run straight across.
    Linear in the size of the graph.
    """
    order = _order(scenario)
    nodes = {n.id: n for n in scenario.nodes}
    forward = _forward_edges(scenario, order)
    indegree = {i: 0 for i in order}
    for targets in forward.values():
        for t in targets:
            indegree[t] += 1
    layer = {i: 0 for i in order}
    ready = [i for i in order if indegree[i] == 0]
    while ready:  # longest path on the graph without its back edges (Kahn's order)
        node_id = ready.pop()
        for t in forward[node_id]:
            layer[t] = max(layer[t], layer[node_id] + 1)
            indegree[t] -= 1
            if indegree[t] == 0:
                ready.append(t)
    last = max((layer[i] for i in order if not nodes[i].ending), default=0) + 1
    for node_id in order:
        if nodes[node_id].ending:
            layer[node_id] = last
    columns: dict[int, list[str]] = {}
    for node_id in order:
        columns.setdefault(layer[node_id], []).append(node_id)
    pred: dict[str, list[str]] = {i: [] for i in order}
    for node in scenario.nodes:
        for c in node.choices:
            for t in c.targets:
                pred[t].append(node.id)
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


def node_labels(scenario: Scenario,
                pos: Mapping[str, tuple[float, float]] | None = None) -> dict[str, str]:
    """Short labels: ``D1``, ``D2``... for decision points, ``E1``... for endings.

    Numbered in reading order of the graph: column by column from the left, top to
    bottom within a column; so D1 is always the start.  ``pos`` is the scenario's
    :func:`layout`, when the caller has it already.
    """
    nodes = {n.id: n for n in scenario.nodes}
    pos = pos if pos is not None else layout(scenario)
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


def labelled(scenario: Scenario, node_ids: Iterable[str],
             labels: Mapping[str, str] | None = None) -> str:
    """Node ids as their short labels joined by arrows (``D1 → D2 → E1``)."""
    labels = labels if labels is not None else node_labels(scenario)
    return " → ".join(labels[i] for i in node_ids)


# ----------------------------------------------------------------------- graph


GRAPH_COLUMN_PX = 78
"""Horizontal distance between the graph's columns (decision depth), in pixels."""
GRAPH_ROW_PX = 50
"""Vertical distance between the nodes of one column, in pixels."""
_NODE_R = 13.0
_PAD = 30.0
_LEGEND_ITEM_PX = 150


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


def _bezier_edge(p0: tuple[float, float], p1: tuple[float, float], rad: float,
                 shrink: float) -> tuple[tuple[float, float], tuple[float, float],
                                         tuple[float, float]]:
    """Start, control and end of a curved edge from p0 to p1 (pixels, y up).

    ``rad`` bends it as matplotlib's ``arc3`` does (0: straight; the sign picks the
    side); both ends are pulled in by ``shrink`` so the edge stops at the nodes' rims.
    """
    (x0, y0), (x1, y1) = p0, p1
    cx, cy = (x0 + x1) / 2 + rad * (y1 - y0), (y0 + y1) / 2 - rad * (x1 - x0)

    def pull(x: float, y: float) -> tuple[float, float]:
        d = max(1e-9, ((cx - x) ** 2 + (cy - y) ** 2) ** 0.5)
        return x + shrink * (cx - x) / d, y + shrink * (cy - y) / d

    return pull(x0, y0), (cx, cy), pull(x1, y1)


def _xy(point: tuple[float, float]) -> str:
    return f"{point[0]:.1f},{point[1]:.1f}"


def _arrow_head(tip: tuple[float, float], towards_from: tuple[float, float],
                size: float) -> str:
    """The points of a triangle at ``tip`` pointing away from ``towards_from``."""
    (tx, ty), (fx, fy) = tip, towards_from
    d = max(1e-9, ((tx - fx) ** 2 + (ty - fy) ** 2) ** 0.5)
    ux, uy = (tx - fx) / d, (ty - fy) / d
    bx, by = tx - size * ux, ty - size * uy
    px, py = -uy * size * 0.45, ux * size * 0.45
    return f"{_xy(tip)} {_xy((bx + px, by + py))} {_xy((bx - px, by - py))}"


def _graph_svg(scenario: Scenario, path: Sequence[str],
               path_legend: bool) -> tuple[Markup, int]:
    """:func:`graph_svg` and its width in pixels."""
    from widgets.core.svg_chart import DASHES, svg_open, text_colour_on

    pos = layout(scenario)
    labels = node_labels(scenario, pos)
    nodes = {n.id: n for n in scenario.nodes}
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
    x_min, y_min = min(xs), min(ys)
    graph_h = 2 * _PAD + (max(ys) - y_min) * GRAPH_ROW_PX
    legend = [(str(s["color"]), str(s["linestyle"]), str(s["label"]), 1.3, 1.0)
              for s in QUALITY_STYLE.values()]
    if path or path_legend:
        legend.append((PATH_COLOUR, "-", "path taken", 3.2, 0.55))
    width = max(int(2 * _PAD + (max(xs) - x_min) * GRAPH_COLUMN_PX),
                2 * _LEGEND_ITEM_PX + int(2 * _PAD))
    per_row = max(1, min(len(legend), int((width - 2 * _PAD) // _LEGEND_ITEM_PX)))
    height = int(graph_h + 22 * -(-len(legend) // per_row) + 6)

    def px(node_id: str) -> tuple[float, float]:  # pixels, y up (flipped when written)
        x, y = pos[node_id]
        return _PAD + (x - x_min) * GRAPH_COLUMN_PX, (y - y_min) * GRAPH_ROW_PX

    def flip(point: tuple[float, float]) -> tuple[float, float]:
        return point[0], graph_h - _PAD - point[1]

    edges = []
    parallel: dict[tuple[str, str], int] = {}
    for source, target, quality, conditional in _edges(scenario):
        style = QUALITY_STYLE[quality]
        k = parallel.get((source, target), 0)
        parallel[(source, target)] = k + 1
        (x0, y0), (x1, y1) = pos[source], pos[target]
        # Edges that skip columns arc around the nodes between; parallel edges fan out.
        dist = max(0.5, ((x1 - x0) ** 2 + (y1 - y0) ** 2) ** 0.5)
        rad = 0.12 * k * (1 if k % 2 else -1) / dist
        if x1 - x0 >= 2 or x1 - x0 <= 0:
            rad += (-0.55 if y1 >= y0 else 0.55) / dist  # a bulge of about half a row
        a, c, b = (flip(p) for p in _bezier_edge(px(source), px(target), rad, _NODE_R + 2))
        edges.append({"d": f"M{_xy(a)}Q{_xy(c)} {_xy(b)}", "colour": style["color"],
                      "width": 0.9 if conditional else 1.3,
                      "dash": DASHES[str(style["linestyle"])], "head": _arrow_head(b, c, 7)})
    walked = []
    for source, target in zip(path, path[1:], strict=False):
        a, _, b = (flip(p) for p in _bezier_edge(px(source), px(target), 0, _NODE_R + 2))
        walked.append({"d": f"M{_xy(a)}L{_xy(b)}", "head": _arrow_head(b, a, 10)})
    on_path = set(path)
    drawn = []
    for node_id in pos:
        node, (x, y) = nodes[node_id], flip(px(node_id))
        fill = (str(QUALITY_STYLE[node.quality]["color"]) if node.quality
                else OKABE_ITO["grey"]) if node.ending else "#fff"
        drawn.append({"ending": node.ending, "label": labels[node_id], "x": x, "y": y,
                      "fill": fill, "ink": text_colour_on(fill) if node.ending else "#000",
                      "stroke": PATH_COLOUR if node_id in on_path and not node.ending
                      else "#000", "width": 2.2 if node_id in on_path else 0.8})
    keys = [{"x": _PAD + (i % per_row) * _LEGEND_ITEM_PX,
             "y": graph_h + 8 + 22 * (i // per_row), "colour": colour,
             "dash": DASHES[style], "label": label, "width": line_w, "alpha": alpha}
            for i, (colour, style, label, line_w, alpha) in enumerate(legend)]
    svg = render("scenarios/graph.svg.j2", svg_open=Markup(svg_open(width, height)),
                 edges=edges, walked=walked, path_colour=PATH_COLOUR, nodes=drawn,
                 legend=keys, r=_NODE_R)
    return svg, width


def graph_svg(scenario: Scenario, path: Sequence[str] = (), *,
              path_legend: bool = False) -> Markup:
    """The scenario's decision graph as an ``<svg>``; ``path`` (node ids) drawn in blue.

    Decision points are circles, endings boxes coloured by their quality; arrows are
    styled by the quality of the choice (colour and dash, for greyscale printing), and
    thinner when only a ``next_if`` threshold leads there.  ``path_legend=True`` lists
    "path taken" in the legend even without a path.  Hidden from assistive technology:
    show it with :func:`graph_html`, which carries :func:`graph_alt`.
    """
    return _graph_svg(scenario, path, path_legend)[0]


def graph_html(scenario: Scenario, path: Sequence[str] = (), *, caption: str | None = None,
               path_legend: bool = False) -> Markup:
    """The decision graph as an HTML ``<figure>`` described by :func:`graph_alt`."""
    from widgets.core.svg_chart import chart_figure

    svg, width = _graph_svg(scenario, path, path_legend)
    return Markup(chart_figure(graph_alt(scenario, path), svg, caption=caption,
                               max_width=max(420, width)))


def graph_alt(scenario: Scenario, path: Sequence[str] = ()) -> str:
    """Alt text for :func:`graph_svg`: the structure in words."""
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


# ---------------------------------------------------------------- static page


def _destinations(node: Node, labels: Mapping[str, str],
                  nodes: Mapping[str, Node]) -> list[list[dict[str, object]]]:
    """Per choice: where it leads, as (condition, node) pairs, the default last."""
    out = []
    for choice in node.choices:
        legs = [{"when": f"if {meter_name(r.meter)} is then {rule_limit(r)}",
                 "node": nodes[r.next], "label": labels[r.next]} for r in choice.next_if]
        legs.append({"when": "otherwise" if legs else "", "node": nodes[choice.next],
                     "label": labels[choice.next]})
        out.append(legs)
    return out


def static_html(scenario: Scenario, *, figure: bool | None = None,
                wording: ScenarioWording = GROUP_CLIMATE) -> Markup:
    """The whole scenario as HTML a reader can follow without a kernel.

    ``wording`` says it in a module's words (:data:`GROUP_CLIMATE` by default);
    ``figure`` (default: ``wording.graph``) adds the decision graph.
    """
    labels = node_labels(scenario)
    nodes = {n.id: n for n in scenario.nodes}
    ordered = sorted(scenario.nodes, key=lambda n: (n.ending, int(labels[n.id][1:])))
    show_graph = wording.graph if figure is None else figure
    graph = (graph_html(scenario, caption=f"The decision graph of '{scenario.title}'.")
             if show_graph else None)
    decisions = [(n, _destinations(n, labels, nodes)) for n in ordered if not n.ending]
    return render("scenarios/static.html.j2", scenario=scenario, wording=wording,
                  how=wording.how_to_read.format(meters=meters_text(scenario.meters)),
                  graph=graph, labels=labels, decisions=decisions,
                  endings=[n for n in ordered if n.ending], ending_words=ENDING_WORDS,
                  effects=lambda c: changes_text(c.effects, "no change to the meters"),
                  letter=_letter)


def _letter(index: int) -> str:
    return chr(ord("A") + index)


def overview_html(scenarios: Sequence[Scenario]) -> Markup:
    """A table of scenarios: decision points, endings and paths from start to an ending."""
    rows = [(s.title, len(s.decision_points), len(s.endings), count_paths(s))
            for s in scenarios]
    return table(rows, headers=["Scenario", "Decision points", "Endings",
                                "Paths from start to an ending"],
                 caption="The scenarios of this module", row_headers=True,
                 numeric=(1, 2, 3))


# ------------------------------------------------------------ the live player


def header_html(scenario: Scenario, wording: ScenarioWording) -> Markup:
    """The player's heading and the scenario's summary."""
    return render("scenarios/header.html.j2", scenario=scenario, wording=wording)


def situation_html(node: Node, label: str, decision: int) -> Markup:
    """The current situation: decision number ``decision`` at point ``label``, or the end."""
    return render("scenarios/situation.html.j2", node=node, label=label, decision=decision)


def choices_html(node: Node) -> Markup:
    """The choices at a decision point, lettered A, B, C... (the buttons carry the letters)."""
    return render("scenarios/choices.html.j2", node=node)


def hint_html(wording: ScenarioWording) -> Markup:
    """Said when the learner submits with nothing selected."""
    return render("scenarios/hint.html.j2", wording=wording)


def step_html(step: Step, wording: ScenarioWording) -> Markup:
    """The feedback on one choice: its verdict, the change of the meters, a turn taken."""
    return render("scenarios/step.html.j2", step=step, wording=wording,
                  verdict=VERDICT[step.quality], changes=changes_text(step.changes),
                  turn=threshold_note(step, wording.turn))


def meters_html(meters: Mapping[str, int], start: Mapping[str, int],
                wording: ScenarioWording) -> Markup:
    """The meters as text (the chart's values), with the wording's note under them."""
    return render("scenarios/meters.html.j2", meters=meters, start=start, wording=wording,
                  name=meter_name)


def chain_html(history: Sequence[Step], labels: Mapping[str, str],
               wording: ScenarioWording) -> Markup:
    """The choices made so far, in order (empty before the first one)."""
    return render("scenarios/chain.html.j2", history=history, labels=labels,
                  wording=wording)


def debrief_html(scenario: Scenario, debrief: Debrief, wording: ScenarioWording,
                 labels: Mapping[str, str]) -> Markup:
    """The end of a run: outcome, debrief, each decision with its better alternatives."""
    rows = []
    for n, review in enumerate(debrief.steps, start=1):
        step = review.step
        rows.append((n, labels[step.node.id],
                     render("scenarios/choice_cell.html.j2", choice=step.choice),
                     render("scenarios/better_cell.html.j2", better=review.better)))
    decisions = table(rows, headers=["#", "Point", "Your choice", "Better alternatives"],
                      caption="Each decision, and the better alternatives", numeric=(0,))
    graph = (graph_html(scenario, debrief.path, path_legend=True,
                        caption="Your path through the scenario (thick blue line).")
             if wording.graph else None)
    return render("scenarios/debrief.html.j2", debrief=debrief, wording=wording,
                  path=labelled(scenario, debrief.path, labels),
                  meters=meters_text(debrief.meters), decisions=decisions, graph=graph)


def runs_html(scenario: Scenario, runs: Sequence[RunSummary], wording: ScenarioWording,
              labels: Mapping[str, str]) -> Markup:
    """Finished runs side by side: ending, choices by quality, final meters, path."""
    if not runs:
        return Markup("")
    meters = list(scenario.meters)
    rows = [(run.label, run.outcome, run.counts.get("best", 0),
             run.counts.get("acceptable", 0), run.counts.get("poor", 0),
             *(run.meters[m] for m in meters), labelled(scenario, run.path, labels))
            for run in runs]
    return table(rows, headers=["Run", "Ending", "Best", "Acceptable", "Poor",
                                *(meter_name(m) for m in meters), "Path"],
                 caption=f"Compare your runs (final {wording.meters.lower()} 0-100)",
                 row_headers=True, numeric=range(2, 5 + len(meters)))


METER_COLOURS = [OKABE_ITO["blue"], OKABE_ITO["bluish_green"], OKABE_ITO["orange"],
                 OKABE_ITO["reddish_purple"], OKABE_ITO["sky_blue"], OKABE_ITO["vermillion"]]
METER_MARKERS = ["o", "s", "D", "^", "v", "P"]
METER_LINES = ["-", "--", "-.", ":", "-", "--"]


class MeterChart:
    """The meters over the decisions so far (left) and now (right), as inline SVG.

    Writing the chart as SVG text takes well under a millisecond, so a choice shows its
    effect at once.  The x axis spans ``span`` decisions; a run that goes further (only
    possible in a scenario with loops) gets a wider chart (:meth:`fits`).
    """

    def __init__(self, scenario: Scenario, wording: ScenarioWording,
                 span: int | None = None) -> None:
        from widgets.core.svg_chart import Axis

        self.subject = wording.chart_subject
        self.title = wording.chart_title
        self.names = list(scenario.meters)
        self.span = span or max(4, len(scenario.decision_points))
        ticks = range(0, self.span + 1, 1 if self.span <= 8 else max(2, -(-self.span // 10)))
        self.x = Axis(-0.3, self.span + 0.3, ticks, "decisions made")
        self.y = Axis(0, 100, range(0, 101, 25), "level (0-100)")

    def fits(self, series: Sequence[Mapping[str, int]]) -> bool:
        """Whether the x axis has room for this many decisions."""
        return len(series) - 1 <= self.span

    def html(self, series: Sequence[Mapping[str, int]]) -> Markup:
        """The chart for a list of meter values (start, then after each step)."""
        from widgets.core.svg_chart import LineChart, bar_panel, chart_figure

        chart = LineChart(self.x, self.y, width=540, height=250, title=self.title,
                          legend="below")
        xs = range(len(series))
        for i, name in enumerate(self.names):
            chart.line(xs, [m[name] for m in series], colour=METER_COLOURS[i % 6],
                       marker=METER_MARKERS[i % 6], dash=METER_LINES[i % 6], width=1.8,
                       label=meter_name(name))
        now, start = series[-1], series[0]
        bars = bar_panel([meter_name(n) for n in self.names], [now[n] for n in self.names],
                         [METER_COLOURS[i % 6] for i in range(len(self.names))],
                         title="Now", width=200, height=200)
        parts = ", ".join(f"{meter_name(n)} {now[n]} (started at {start[n]})"
                          for n in self.names)
        alt = (f"Line chart of {self.subject} over {len(series) - 1} decisions, and "
               f"bars of the current levels: {parts}.")
        return Markup(chart_figure(alt, chart.svg(), bars))
