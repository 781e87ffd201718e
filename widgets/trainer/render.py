"""The trainer's pages: the cohort dashboard's tables and item chart, and the competency
coverage page (HTML, and MyST Markdown for a book page), with its command line.

Every table is drawn by :func:`widgets.core.render.table` (wide tables scroll in their own
box); the item chart is an inline SVG from :mod:`widgets.core.svg_chart`.

Command line (``python -m widgets.competency`` runs :func:`main`)::

    python -m widgets.competency check       # validate the map against the curriculum
    python -m widgets.competency coverage    # print the coverage page as MyST Markdown
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence
from pathlib import PurePath

from widgets.core import registry
from widgets.core.content import ContentError, ContentIndex
from widgets.core.palette import OKABE_ITO
from widgets.core.render import Markup, render, table
from widgets.core.schemas import PRACTICE_DIMENSIONS, TAP21_COUNT, CompetencyMap
from widgets.core.svg_chart import MARKERS, Axis, LineChart, chart_figure
from widgets.trainer.content import coverage_data, validate_map
from widgets.trainer.model.coverage import number_ranges, uncovered
from widgets.trainer.model.statistics import (
    REVIEW_DISCRIMINATION,
    Cohort,
    CompetencyResult,
    FollowUp,
    ItemStats,
    ModuleCompletion,
    review_flags,
)

__all__ = [
    "cohort_status_html",
    "competency_html",
    "completion_html",
    "coverage_html",
    "coverage_markdown",
    "distractors_html",
    "follow_up_html",
    "item_figure",
    "items_html",
    "main",
    "not_loaded_html",
]

_BREAK = Markup("<br>")


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{round(100 * value)}%"


def _num(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f}"


# ------------------------------------------------------------------ dashboard


def cohort_status_html(cohort: Cohort, label: str) -> Markup:
    """What was loaded (``label``) and every file that was skipped, with why."""
    return render("trainer/status.html.j2", label=label,
                  problems=[(PurePath(name).name, why) for name, why in cohort.problems])


def not_loaded_html(problem: str) -> Markup:
    """Why a folder could not be loaded."""
    return render("trainer/not_loaded.html.j2", problem=problem)


def completion_html(rows: Iterable[ModuleCompletion]) -> Markup:
    """Completion per module as a table."""
    return table([[r.module, str(r.learners), str(r.started),
                   f"{r.completed} ({_pct(r.completion_rate)})",
                   f"{r.passed} ({_pct(r.pass_rate)})"] for r in rows],
                 headers=["Module", "Learners", "Started", "Completed the check", "Passed"],
                 caption="Completion per module (latest answers)", row_headers=True,
                 numeric=(1, 2, 3, 4))


def items_html(stats: Iterable[ItemStats]) -> Markup:
    """Item difficulty and discrimination as a table, with review flags."""
    return table([[s.item_id, str(s.attempts), _pct(s.difficulty),
                   f"{_num(s.discrimination)} (n={s.n_discrimination})",
                   ", ".join(review_flags(s)) or "\u2013"] for s in stats],
                 headers=["Item", "Answered", "Proportion correct", "Discrimination",
                          "Review"],
                 caption="Knowledge-check items (first attempts)", row_headers=True,
                 numeric=(1, 2))


def distractors_html(stats: Iterable[ItemStats]) -> Markup:
    """The most chosen wrong options of each item, as a table."""
    rows = [[s.item_id, s.prompt,
             _BREAK.join(f"{d.text} ({d.count}, {_pct(d.share)} of wrong answers)"
                         for d in s.distractors)]
            for s in stats if s.distractors]
    return table(rows, headers=["Item", "Question", "Chosen instead"], row_headers=True,
                 caption="Most chosen distractors (wrong first attempts)")


def follow_up_html(people: Sequence[FollowUp]) -> Markup:
    """Learners who may need follow-up, as a table (a sentence when there are none)."""
    if not people:
        return render("trainer/no_follow_up.html.j2")
    return table([[f.learner_id, _BREAK.join(f.reasons)] for f in people],
                 headers=["Learner", "Why"], row_headers=True,
                 caption="Learners who may need follow-up")


def competency_html(results: Iterable[CompetencyResult]) -> Markup:
    """Item results grouped by TAP 21 competency, as a table."""
    return table([[str(r.number), r.area, r.summary, str(len(r.items)),
                   _pct(r.proportion_correct)] for r in results],
                 headers=["No.", "Area", "Competency", "Items", "Proportion correct"],
                 caption="Results by TAP 21 competency (first attempts; our wording)",
                 numeric=(0, 3, 4))


_PALETTE = [OKABE_ITO[k] for k in ("blue", "orange", "bluish_green", "reddish_purple",
                                   "vermillion", "sky_blue")]


def item_figure(stats: Sequence[ItemStats]) -> Markup:
    """Difficulty against discrimination, one point per item, coloured by module (SVG)."""
    shown = [s for s in stats if s.difficulty is not None and s.discrimination is not None]
    modules = list(dict.fromkeys(s.module for s in shown))
    low = min([-0.2, *(s.discrimination for s in shown)]) - 0.05  # type: ignore[type-var]
    y_ticks = [t / 10 for t in range(-10, 11, 2) if low <= t / 10 <= 1]
    chart = LineChart(
        Axis(0, 1.02, [0, 0.2, 0.4, 0.6, 0.8, 1.0],
             "Proportion correct at the first attempt (difficulty)"),
        Axis(low, 1, y_ticks, "Point-biserial discrimination"),
        width=700, height=380, title="Knowledge-check items", legend="right")
    chart.hline(REVIEW_DISCRIMINATION, colour=OKABE_ITO["grey"], dash="--", width=1)
    for k, module in enumerate(modules):
        mine = [s for s in shown if s.module == module]
        chart.line([s.difficulty for s in mine], [s.discrimination for s in mine],
                   colour=_PALETTE[k % len(_PALETTE)], width=0,
                   marker=MARKERS[k % (len(MARKERS) - 1)], marker_size=4, label=module)
    weak = sorted((s for s in shown if s.discrimination < REVIEW_DISCRIMINATION),
                  key=lambda s: (s.difficulty, s.discrimination))
    span = 1 - low
    for k, s in enumerate(weak):  # staggered labels, so close points stay readable
        offset = span * (0.035 if k % 2 == 0 else -0.06)
        chart.text(s.difficulty - 0.01, s.discrimination + offset,  # type: ignore[operator]
                   s.item_id.rpartition("/")[2], anchor="end", colour="#222222",
                   halo="#ffffff")
    flagged = [s for s in shown if review_flags(s)]
    if shown:
        alt = (f"Scatter plot of {len(shown)} knowledge-check items from "
               f"{', '.join(modules)}: proportion correct from "
               f"{min(s.difficulty for s in shown):.2f} to "  # type: ignore[type-var]
               f"{max(s.difficulty for s in shown):.2f}, discrimination from "  # type: ignore[type-var]
               f"{min(s.discrimination for s in shown):.2f} to "  # type: ignore[type-var]
               f"{max(s.discrimination for s in shown):.2f}. A dashed line marks "  # type: ignore[type-var]
               f"{REVIEW_DISCRIMINATION:g}; {len(flagged)} item(s) are flagged for review"
               + (": " + ", ".join(s.item_id for s in flagged) if flagged else "") + ".")
    else:
        alt = "Empty scatter plot: no item has enough answers yet."
    return Markup(chart_figure(alt, chart.svg(), caption=(
        "Each point is one question. Items below the dashed line (the review threshold "
        "for discrimination) are labelled.")))


# ------------------------------------------------------------------- coverage

_INTRO = ("Each module's learning objectives, simulations and knowledge-check items are "
          "mapped to the numbered competencies of TAP 21, *Addiction Counseling "
          "Competencies*. The short descriptions are our own wording, not TAP 21's text. "
          "Columns are TAP 21's transdisciplinary foundations (together) and its eight "
          "practice dimensions; each cell lists the competency numbers a module practises.")
_HEAD = ["Module", "Foundations", *PRACTICE_DIMENSIONS]


def coverage_markdown(cmap: CompetencyMap | None = None,
                      idx: ContentIndex | None = None) -> str:
    """The coverage page as MyST Markdown (tables, ``{cite}`` roles), for a book page.

    Parameters
    ----------
    cmap, idx : optional
        The map and content index (default: the curriculum's, validated).
    """
    cov = coverage_data(cmap, idx)
    cite = "; ".join(f"{{cite}}`{k}`" for k in cov.cmap.cite)
    out = [f"{_INTRO} Sources: {cite}.", "",
           "| " + " | ".join(_HEAD) + " |", "|" + " --- |" * len(_HEAD)]
    for module, cells in cov.rows:
        out.append(f"| {module} | " + " | ".join(", ".join(map(str, c)) or "-" for c in cells)
                   + " |")
    out += ["", f"**{cov.covered} of {TAP21_COUNT}** competencies are practised by at least "
                f"one lesson.", "", "## Competencies practised", "",
            "| No. | Area | Competency (our wording) | Where |", "| --- | --- | --- | --- |"]
    for n in sorted(cov.uses):
        comp = cov.cmap.competency(n)
        out.append(f"| {n} | {comp.area} | {comp.summary} | {'; '.join(cov.uses[n])} |")
    out += ["", "## Not covered by any lesson yet", "",
            f"TAP 21 competencies {number_ranges(cov.uncovered)}." if cov.uncovered
            else "Every TAP 21 competency is covered."]
    if cov.unmapped_items:
        out += ["", "Knowledge-check items not mapped to a competency: "
                    + ", ".join(f"`{i}`" for i in cov.unmapped_items) + "."]
    return "\n".join(out) + "\n"


def coverage_html(cmap: CompetencyMap | None = None, idx: ContentIndex | None = None) -> Markup:
    """The coverage page as one HTML fragment (for a notebook cell or a widget)."""
    cov = coverage_data(cmap, idx)
    before, title, after = _INTRO.split("*")  # the one title in the intro, in italics
    matrix = table([[module, *(", ".join(map(str, c)) or "\u2013" for c in cells)]
                    for module, cells in cov.rows], headers=_HEAD, row_headers=True,
                   caption="Modules by TAP 21 area (competency numbers)")
    practised = table([[str(n), cov.cmap.competency(n).area, cov.cmap.competency(n).summary,
                        _BREAK.join(cov.uses[n])] for n in sorted(cov.uses)],
                      headers=["No.", "Area", "Competency (our wording)", "Where"],
                      caption="Competencies practised", numeric=(0,))
    gaps = (f"TAP 21 competencies {number_ranges(cov.uncovered)}." if cov.uncovered
            else "Every TAP 21 competency is covered.")
    return render("trainer/coverage.html.j2", intro=(before, title, after), cite=cov.cmap.cite,
                  matrix=matrix, practised=practised, covered=cov.covered,
                  total=TAP21_COUNT, gaps=gaps, unmapped=cov.unmapped_items)


# ------------------------------------------------------------------------ CLI


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m widgets.competency check|coverage [--html]``."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m widgets.competency",
                                     description="The TAP 21 competency map.")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("check", help="validate the map against the curriculum")
    cov = sub.add_parser("coverage", help="print the coverage page")
    cov.add_argument("--html", action="store_true", help="HTML instead of MyST Markdown")
    args = parser.parse_args(argv)
    try:
        cmap = validate_map()
    except (ContentError, KeyError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if args.command == "check":
        modules = registry.modules()
        n = sum(len(m.numbers()) for m in modules)
        print(f"ok: competency map valid ({len(modules)} module(s) mapped, "
              f"{n} module-competency links, {len(uncovered(modules))} of {TAP21_COUNT} "
              f"competencies not covered yet)")
    else:
        print(coverage_html(cmap) if args.html else coverage_markdown(cmap), end="")
    return 0
