"""Scenarios without a kernel: the decision graph as a figure and a static HTML walk-through.

:func:`static_html` renders a whole scenario so a reader of the published book can play
it on paper: each decision point with its choices, and per choice a collapsed
``<details>`` block with the feedback, the quality, the effect on the meters and a link
to where it leads.  :func:`graph_svg` draws the scenario's graph as inline
SVG (no graphviz, no matplotlib): decision points ``D1, D2, ...`` from left to right,
endings ``E1, ...`` in the right-hand column, arrows styled by the quality of the
choice.  A module's own words (Module 3's group climate, Module 5's self-efficacy and
craving) come from a :class:`ScenarioWording`, shared with the live player.

Pure logic: never imports ipywidgets or matplotlib.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from html import escape

from widgets.core.palette import OKABE_ITO
from widgets.core.references import short_label
from widgets.schemas.scenario import Node, Rule, Scenario

__all__ = [
    "GROUP_CLIMATE",
    "QUALITY_STYLE",
    "ScenarioWording",
    "overview_html",
    "graph_alt",
    "graph_html",
    "graph_svg",
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


GRAPH_COLUMN_PX = 78
"""Horizontal distance between the graph's columns (decision depth), in pixels."""
GRAPH_ROW_PX = 50
"""Vertical distance between the nodes of one column, in pixels."""
_NODE_R = 13.0
_PAD = 30.0


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


def _arrow_head(tip: tuple[float, float], towards_from: tuple[float, float], size: float,
                colour: str, opacity: float = 1.0) -> str:
    """A filled triangle at ``tip`` pointing away from ``towards_from`` (SVG pixels)."""
    (tx, ty), (fx, fy) = tip, towards_from
    d = max(1e-9, ((tx - fx) ** 2 + (ty - fy) ** 2) ** 0.5)
    ux, uy = (tx - fx) / d, (ty - fy) / d
    bx, by = tx - size * ux, ty - size * uy
    px, py = -uy * size * 0.45, ux * size * 0.45
    alpha = f' fill-opacity="{opacity:g}"' if opacity < 1 else ""
    return (f'<polygon points="{tx:.1f},{ty:.1f} {bx + px:.1f},{by + py:.1f} '
            f'{bx - px:.1f},{by - py:.1f}" fill="{colour}"{alpha}/>')


def _node_svg(node: Node, label: str, x: float, y: float, *, highlight: bool) -> str:
    from widgets.core.svg_chart import text_colour_on

    stroke = PATH_COLOUR if highlight and not node.ending else "#000"
    width = 2.2 if highlight else 0.8
    if node.ending:
        fill = QUALITY_STYLE[node.quality]["color"] if node.quality else OKABE_ITO["grey"]
        text = text_colour_on(str(fill))
        shape = (f'<rect x="{x - 16:.1f}" y="{y - 11:.1f}" width="32" height="22" rx="6" '
                 f'fill="{fill}" stroke="{stroke}" stroke-width="{width:g}"/>')
    else:
        text = "#000"
        shape = (f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{_NODE_R:g}" fill="#fff" '
                 f'stroke="{stroke}" stroke-width="{width:g}"/>')
    return (f"{shape}<text x=\"{x:.1f}\" y=\"{y + 4:.1f}\" text-anchor=\"middle\" "
            f'fill="{text}">{label}</text>')


def graph_svg(scenario: Scenario, path: Sequence[str] = (), *,
              path_legend: bool = False) -> str:
    """The scenario's decision graph as an ``<svg>``; ``path`` (node ids) drawn in blue.

    Decision points are circles, endings boxes coloured by their quality; arrows are
    styled by the quality of the choice (colour and dash, for greyscale printing), and
    thinner when only a ``next_if`` threshold leads there.  ``path_legend=True`` lists
    "path taken" in the legend even without a path.  Hidden from assistive technology:
    show it with :func:`graph_html`, which carries :func:`graph_alt`.
    """
    return _graph_svg(scenario, path, path_legend)[0]


def _graph_svg(scenario: Scenario, path: Sequence[str],
               path_legend: bool) -> tuple[str, int]:
    """:func:`graph_svg` and its width in pixels."""
    from widgets.core.svg_chart import DASHES, svg_open

    pos = layout(scenario)
    labels = node_labels(scenario, pos)
    nodes = {n.id: n for n in scenario.nodes}
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
    x_min, y_min = min(xs), min(ys)
    width = int(2 * _PAD + (max(xs) - x_min) * GRAPH_COLUMN_PX)
    graph_h = 2 * _PAD + (max(ys) - y_min) * GRAPH_ROW_PX
    legend = [(s["color"], s["linestyle"], s["label"], 1.3, 1.0)
              for s in QUALITY_STYLE.values()]
    if path or path_legend:
        legend.append((PATH_COLOUR, "-", "path taken", 3.2, 0.55))
    width = max(width, 2 * 150 + int(2 * _PAD))
    per_row = max(1, min(len(legend), int((width - 2 * _PAD) // 150)))
    height = int(graph_h + 22 * -(-len(legend) // per_row) + 6)

    def px(node_id: str) -> tuple[float, float]:  # pixels, y up (flipped when written)
        x, y = pos[node_id]
        return _PAD + (x - x_min) * GRAPH_COLUMN_PX, (y - y_min) * GRAPH_ROW_PX

    def flip(point: tuple[float, float]) -> tuple[float, float]:
        return point[0], graph_h - _PAD - point[1]

    out = [svg_open(width, height)]
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
        dash = DASHES[str(style["linestyle"])]
        colour = str(style["color"])
        out.append(f'<path d="M{a[0]:.1f},{a[1]:.1f}Q{c[0]:.1f},{c[1]:.1f} {b[0]:.1f},'
                   f'{b[1]:.1f}" fill="none" stroke="{colour}" stroke-opacity="0.85" '
                   f'stroke-width="{0.9 if conditional else 1.3}"'
                   + (f' stroke-dasharray="{dash}"' if dash else "") + "/>")
        out.append(_arrow_head(b, c, 7, colour, 0.85))
    for source, target in zip(path, path[1:], strict=False):
        a, _, b = (flip(p) for p in _bezier_edge(px(source), px(target), 0, _NODE_R + 2))
        out.append(f'<path d="M{a[0]:.1f},{a[1]:.1f}L{b[0]:.1f},{b[1]:.1f}" '
                   f'stroke="{PATH_COLOUR}" stroke-width="3.2" stroke-opacity="0.55"/>')
        out.append(_arrow_head(b, a, 10, PATH_COLOUR, 0.55))
    on_path = set(path)
    for node_id in pos:
        x, y = flip(px(node_id))
        out.append(_node_svg(nodes[node_id], labels[node_id], x, y,
                             highlight=node_id in on_path))
    for i, (colour, style, label, line_w, alpha) in enumerate(legend):
        lx = _PAD + (i % per_row) * 150
        ly = graph_h + 8 + 22 * (i // per_row)
        dash = DASHES[style]
        out.append(f'<line x1="{lx:.1f}" x2="{lx + 26:.1f}" y1="{ly:.1f}" y2="{ly:.1f}" '
                   f'stroke="{colour}" stroke-width="{line_w:g}"'
                   + (f' stroke-opacity="{alpha:g}"' if alpha < 1 else "")
                   + (f' stroke-dasharray="{dash}"' if dash else "")
                   + f'/><text x="{lx + 32:.1f}" y="{ly + 4:.1f}" fill="#222">{label}</text>')
    out.append("</svg>")
    return "".join(out), width


def graph_html(scenario: Scenario, path: Sequence[str] = (), *, caption: str | None = None,
               path_legend: bool = False) -> str:
    """The decision graph as an HTML ``<figure>`` described by :func:`graph_alt`."""
    from widgets.core.svg_chart import chart_figure

    svg, width = _graph_svg(scenario, path, path_legend)
    return chart_figure(graph_alt(scenario, path), svg, caption=caption,
                        max_width=max(420, width))


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
        parts.append(graph_html(scenario,
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
    from widgets.scenarios import count_paths

    rows = "".join(
        f"<tr><td>{escape(s.title)}</td><td>{len(s.decision_points)}</td>"
        f"<td>{len(s.endings)}</td><td>{count_paths(s)}</td></tr>" for s in scenarios)
    return ('<table class="iop-table"><caption>The scenarios of this module</caption>'
            "<thead><tr><th>Scenario</th><th>Decision points</th><th>Endings</th>"
            f"<th>Paths from start to an ending</th></tr></thead><tbody>{rows}</tbody></table>")
