"""The withdrawal scales as HTML: forms' totals, scale and band tables, cases, comparisons.

Every piece comes from a template in ``widgets/withdrawal/templates/`` or the one table
helper (:func:`widgets.core.render.table`); the live form and the book's static page use
the same functions.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from widgets.core.references import short_label
from widgets.core.render import Markup, render, table
from widgets.knowledge_check.render import letter
from widgets.withdrawal.model import (
    BandSet,
    PartialScore,
    RatingComparison,
    Scale,
    ScaleItem,
    resolve_bands,
)
from widgets.withdrawal.schemas import WithdrawalCase

__all__ = [
    "band_edges_table",
    "band_text",
    "bands_table_html",
    "case_static_html",
    "case_vignette_html",
    "choose_case_html",
    "comparison_html",
    "heading_html",
    "item_prompt_html",
    "scale_table_html",
    "static_html",
    "total_html",
]


def _sources(keys: Iterable[str]) -> str:
    return "; ".join(short_label(k) for k in keys)


def band_text(bands: BandSet, total: int) -> str:
    """A total's band with its range, e.g. ``"mild (5-12)"``."""
    band = bands.classify(total)
    return f"{band.label} ({band.range_text})"


def total_html(scale: Scale, progress: PartialScore, bands: BandSet) -> Markup:
    """The live total: subtotal while rating, then total and band (and other band sets)."""
    total = None if progress.result is None else progress.result.total
    others = [] if total is None else [(b.title, band_text(b, total))
                                       for b in scale.band_sets.values() if b.name != bands.name]
    return render("withdrawal/total.html.j2", scale=scale, progress=progress, bands=bands,
                  band=None if total is None else band_text(bands, total), others=others)


def _anchors_html(item: ScaleItem) -> Markup:
    return render("withdrawal/anchors.html.j2", item=item,
                  between=[v for v in item.points if not item.is_anchored(v)])


def scale_table_html(scale: Scale) -> Markup:
    """The whole scale as a table: item, how it is rated, points and anchors."""
    rows = [(f"{n}. {item.label}", item.prompt, _anchors_html(item))
            for n, item in enumerate(scale.items.values(), start=1)]
    return table(rows, headers=["Item", "How it is rated", "Points and anchors"],
                 row_headers=True,
                 caption=f"{scale.name}: items, allowed points and anchors (paraphrased; "
                         f"maximum {scale.maximum}). Sources: {_sources(scale.cite)}.")


def bands_table_html(scale: Scale) -> Markup:
    """Every published band set of the scale, with its source and notes."""
    band_sets = [(table([(b.label, b.range_text) for b in bands.bands],
                        headers=["Band", "Total"], row_headers=True,
                        caption=f"{scale.name} bands: {bands.title}. Sources: "
                                f"{_sources(bands.cite)}."), bands.note)
                 for bands in scale.band_sets.values()]
    return render("withdrawal/band_sets.html.j2", band_sets=band_sets)


def _edges(scale: Scale) -> list[int]:
    """Every total at the edge of a band, in any of the scale's band sets."""
    edges = {edge for bands in scale.band_sets.values() for band in bands.bands
             for edge in (band.low, band.high) if edge}
    return sorted(edges)


def band_edges_table(scale: Scale, totals: Sequence[int] | None = None) -> Markup:
    """Totals at the bands' edges (or ``totals``) and the band each falls in, per band set."""
    shown = _edges(scale) if totals is None else list(totals)
    sets = list(scale.band_sets.values())
    rows = [(total, *(band_text(b, total) for b in sets)) for total in shown]
    return table(rows, headers=[f"{scale.name} total", *(f"Band: {b.title}" for b in sets)],
                 row_headers=True, numeric=[0],
                 caption=f"{scale.name}: the band of each total at the edge of a band")


def comparison_html(result: RatingComparison, scale: Scale) -> Markup:
    """The learner's ratings against a case's key: matches, differences, notes."""
    rows = []
    for item in result.items:
        if item.matches:
            continue
        scale_item = scale.items[item.key]
        if item.given is None:
            yours = "not rated"
        elif abs(item.given - item.expected) == 1 and not scale_item.is_anchored(item.expected):
            yours = f"{item.given} (close: a judgement call between the anchors)"
        else:
            yours = str(item.given)
        rows.append((item.label, yours, render("withdrawal/rated_cell.html.j2",
                                               value=item.expected,
                                               anchor=item.expected_anchor, note=item.note)))
    differences = table(rows, headers=["Item", "Your rating", "Answer key"], row_headers=True,
                        caption="Items that differ from the answer key") if rows else None
    return render("withdrawal/comparison.html.j2", result=result, differences=differences)


def _ratings_table(case: WithdrawalCase, scale: Scale) -> Markup:
    rows = [(item.label, case.ratings[key],
             render("withdrawal/rated_cell.html.j2", value=case.ratings[key],
                    anchor=item[case.ratings[key]], note=case.notes.get(key, "")))
            for key, item in scale.items.items()]
    return table(rows, headers=["Item", "Points", "Why"], row_headers=True, numeric=[1],
                 caption=f"{case.title}: the answer key")


def case_vignette_html(case: WithdrawalCase, *, instructions: bool = False) -> Markup:
    """Only a case's title, label and vignette (for an exercise: no answers)."""
    return render("withdrawal/vignette.html.j2", case=case, instructions=instructions)


def case_static_html(case: WithdrawalCase, scale: Scale) -> Markup:
    """A case for readers without a kernel: vignette, then key and answer collapsed."""
    q = case.question
    return render("withdrawal/case_static.html.j2", case=case, scale=scale, q=q,
                  bands=resolve_bands(scale, case.band_set),
                  ratings=_ratings_table(case, scale), letter=letter,
                  right=", ".join(letter(i) for i, o in enumerate(q.options) if o.correct))


def static_html(scale: Scale, cases: Sequence[WithdrawalCase]) -> Markup:
    """The scale and its bands as tables, and each case with its answers collapsed."""
    return render("withdrawal/static.html.j2", items=scale_table_html(scale),
                  band_sets=bands_table_html(scale),
                  cases=[case_static_html(c, scale) for c in cases])


def heading_html(scale: Scale) -> Markup:
    """The form's heading."""
    return render("withdrawal/heading.html.j2", scale=scale)


def item_prompt_html(item: ScaleItem) -> Markup:
    """How an item is rated, under its control on the form."""
    return render("withdrawal/item_prompt.html.j2", item=item)


def choose_case_html() -> Markup:
    """What "compare" says on the blank form."""
    return render("withdrawal/choose_case.html.j2")
