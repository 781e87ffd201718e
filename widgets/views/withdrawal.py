"""Module 4: COWS and CIWA-Ar forms with live totals and bands, and teaching cases.

Comparing a teaching case's ratings with its answer key is recorded for the session
learner, if one is set, as ``sim/cows-form`` or ``sim/ciwa-ar-form`` (the simulation ids of
the competency map): correct when every item matches the key.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from html import escape

import ipywidgets as W

from widgets.core.references import short_label
from widgets.core.view import StaticFallback, button, html
from widgets.knowledge_check.model import Grade
from widgets.knowledge_check.view import QuestionView
from widgets.progress import record_simulation
from widgets.schemas.withdrawal_case import WithdrawalCase
from widgets.withdrawal import (
    SCALES,
    BandSet,
    PartialScore,
    RatingComparison,
    Scale,
    compare_ratings,
    partial_score,
    resolve_bands,
    teaching_cases,
)

__all__ = [
    "WithdrawalForm",
    "bands_table_html",
    "case_static_html",
    "case_vignette_html",
    "ciwa_ar_form",
    "comparison_html",
    "cows_form",
    "scale_table_html",
    "total_html",
]

Recorder = Callable[[str, str, bool, object], None]
"""Called as ``recorder(module, item_id, correct, answer)``."""

_BLANK = ""


def _sources(keys: Iterable[str]) -> str:
    return "; ".join(escape(short_label(k)) for k in keys)


def _band_text(bands: BandSet, total: int) -> str:
    band = bands.classify(total)
    return f"{band.label} ({band.range_text})"


def total_html(scale: Scale, progress: PartialScore, bands: BandSet) -> str:
    """The live total: subtotal while rating, then total and band (and other band sets)."""
    n = len(scale.items)
    if progress.result is None:
        return (f'<div role="status"><p>Rated <strong>{progress.rated} of {n}</strong> '
                f"items; subtotal so far <strong>{progress.subtotal}</strong> (maximum "
                f"{scale.maximum}). The band appears when every item is rated.</p></div>")
    total = progress.result.total
    lines = [f"<p><strong>Total {total} of {scale.maximum}: "
             f"{escape(_band_text(bands, total))}</strong>, using the bands of "
             f"{escape(bands.title)} <small>({_sources(bands.cite)})</small>.</p>"]
    others = [b for b in scale.band_sets.values() if b.name != bands.name]
    if others:
        alt = "; ".join(f"{escape(b.title)}: <strong>{escape(_band_text(b, total))}</strong>"
                        for b in others)
        lines.append(f"<p>The same total under other published bands: {alt}. Cut-offs are "
                     f"a choice each program makes in its protocol; always name the source."
                     f"</p>")
    return f'<div role="status">{"".join(lines)}</div>'


def scale_table_html(scale: Scale) -> str:
    """The whole scale as a table: item, how it is rated, points and anchors."""
    rows = []
    for n, item in enumerate(scale.items.values(), start=1):
        anchors = "<br>".join(f"<strong>{v}</strong>: {escape(text)}"
                              for v, text in item.anchors)
        between = ""
        if len(item.anchors) < len(item.points):
            between = (f"<br><em>Other values allowed: "
                       f"{', '.join(str(v) for v in item.points if not item.is_anchored(v))}"
                       f" (between the anchors, by judgement).</em>")
        rows.append(f'<tr style="vertical-align:top"><td>{n}. {escape(item.label)}</td>'
                    f"<td>{escape(item.prompt)}</td>"
                    f"<td>{anchors}{between}</td></tr>")
    return (f"<table><caption>{escape(scale.name)}: items, allowed points and anchors "
            f"(paraphrased; maximum {scale.maximum}) <small>({_sources(scale.cite)})"
            f"</small></caption><thead><tr><th>Item</th><th>How it is rated</th>"
            f"<th>Points and anchors</th></tr></thead><tbody>{''.join(rows)}</tbody></table>")


def bands_table_html(scale: Scale) -> str:
    """Every published band set of the scale, with its source and notes."""
    parts = []
    for bands in scale.band_sets.values():
        cell = '<td style="padding:0.1em 1.5em 0.1em 0">'
        rows = "".join(f"<tr>{cell}{escape(b.label)}</td>{cell}{escape(b.range_text)}</td></tr>"
                       for b in bands.bands)
        note = f"<p><small>{escape(bands.note)}</small></p>" if bands.note else ""
        parts.append(f"<table><caption>{escape(scale.name)} bands: {escape(bands.title)} "
                     f"<small>({_sources(bands.cite)})</small></caption><thead><tr>"
                     f"<th>Band</th><th>Total</th></tr></thead><tbody>{rows}</tbody>"
                     f"</table>{note}")
    return "\n".join(parts)


def comparison_html(result: RatingComparison, scale: Scale) -> str:
    """The learner's ratings against a case's key: matches, differences, notes."""
    n = len(result.items)
    head = (f"<p><strong>You matched {result.matched} of {n} items.</strong> Your total: "
            f"{result.given_total}; the answer key's total: {result.expected_total}.</p>")
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
        note = f"<br><small>{escape(item.note)}</small>" if item.note else ""
        rows.append(f'<tr style="vertical-align:top"><td>{escape(item.label)}</td>'
                    f"<td>{escape(yours)}</td>"
                    f"<td>{item.expected}: {escape(item.expected_anchor)}{note}</td></tr>")
    table = ""
    if rows:
        table = ("<table><thead><tr><th>Item</th><th>Your rating</th><th>Answer key</th>"
                 f"</tr></thead><tbody>{''.join(rows)}</tbody></table>")
    else:
        table = "<p>Every item matches the answer key.</p>"
    return f'<div role="status">{head}{table}</div>'


def _ratings_table(case: WithdrawalCase, scale: Scale) -> str:
    rows = []
    for key, item in scale.items.items():
        value = case.ratings[key]
        note = f"<br><small>{escape(case.notes[key])}</small>" if key in case.notes else ""
        rows.append(f'<tr style="vertical-align:top"><td>{escape(item.label)}</td>'
                    f"<td>{value}</td>"
                    f"<td>{escape(item[value])}{note}</td></tr>")
    return ("<table><thead><tr><th>Item</th><th>Points</th><th>Why</th></tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table>")


def case_vignette_html(case: WithdrawalCase) -> str:
    """Only a case's title, label and vignette (for an exercise: no answers)."""
    return (f'<div class="iop-case"><p><strong>{escape(case.title)}</strong> '
            f"<em>({escape(case.label)})</em></p><p>{escape(case.vignette)}</p></div>")


def _letter(i: int) -> str:
    return chr(ord("A") + i)


def case_static_html(case: WithdrawalCase) -> str:
    """A case for readers without a kernel: vignette, then key and answer collapsed."""
    scale = SCALES[case.scale]
    bands = resolve_bands(scale, case.band_set)
    q = case.question
    options = "".join(f"<li>{escape(o.text)}</li>" for o in q.options)
    right = ", ".join(_letter(i) for i, o in enumerate(q.options) if o.correct)
    feedback = "".join(f"<li><strong>{_letter(i)} ({'correct' if o.correct else 'not correct'}"
                       f"):</strong> {escape(o.feedback)}</li>"
                       for i, o in enumerate(q.options))
    return (f'<div class="iop-case" id="{escape(case.id)}">'
            f"<p><strong>{escape(case.title)}</strong> <em>({escape(case.label)})</em></p>"
            f"<p>{escape(case.vignette)}</p>"
            f"<details><summary>Answer key: the {escape(scale.name)} ratings</summary>"
            f"{_ratings_table(case, scale)}<p><strong>Total {case.total}: "
            f"{escape(case.band)}</strong> ({escape(bands.title)}).</p></details>"
            f"<p><strong>Question.</strong> {escape(q.prompt)} <em>Choose one.</em></p>"
            f'<ol type="A">{options}</ol>'
            f"<details><summary>Answer and feedback</summary><p><strong>Correct: {right}."
            f"</strong> {escape(q.explanation)}</p><ul>{feedback}</ul>"
            f'<p class="iop-source">Source: {_sources(q.cite)}</p></details></div>')


class WithdrawalForm(StaticFallback, W.VBox):
    """A withdrawal scale as a form: anchors per item, live total and band, teaching cases.

    Attributes
    ----------
    scale : Scale
        The scale (COWS or CIWA-Ar).
    cases : list of WithdrawalCase
        The teaching cases offered in the "Teaching case" list.
    _items : dict of str to Dropdown
        One control per item, ``None`` until rated; options are "points: anchor".
    _bands : Dropdown
        The band set used for the band (CIWA-Ar: ASAM 2020 by default, or VA PAWS).
    _case : Dropdown
        A teaching case to rate, or the blank form.
    _check_key : Button
        Compares the ratings with the chosen case's answer key.
    """

    def __init__(self, scale: str, *, cases: Iterable[WithdrawalCase] | None = None,
                 module: str = "m04", recorder: Recorder | None = None) -> None:
        self.scale = SCALES[scale]
        self.module = module
        self.cases = list(teaching_cases(scale, module) if cases is None else cases)
        if recorder is None:
            from widgets.progress import session_recorder

            recorder = session_recorder()
        self._recorder = recorder
        self.case: WithdrawalCase | None = None
        self._items: dict[str, W.Dropdown] = {}
        rows: list[W.Widget] = []
        for n, (key, item) in enumerate(self.scale.items.items(), start=1):
            control = W.Dropdown(options=[(f"{v}: {item[v]}", v) for v in item], value=None,
                                 description=f"{n}. {item.label}",
                                 style={"description_width": "17em"},
                                 layout=W.Layout(width="100%", max_width="52em"))
            control.observe(lambda _: self._update_total(), names="value")
            self._items[key] = control
            # control and prompt go straight into the form (no box per row: fewer models)
            rows += [control, html(f'<p style="margin:0 0 0.6em 17.5em">'
                                   f"<small>{escape(item.prompt)}</small></p>")]
        self._bands = W.Dropdown(options=[(b.title, b.name)
                                          for b in self.scale.band_sets.values()],
                                 value=self.scale.default_bands.name,
                                 description="Bands from", style={"description_width": "initial"},
                                 layout=W.Layout(width="auto"),
                                 disabled=len(self.scale.band_sets) == 1)
        self._bands.observe(lambda _: self._update_total(), names="value")
        self._total = html()
        self._clear = button("Clear ratings")
        self._clear.on_click(lambda _: self.clear())
        self._case = W.Dropdown(options=[("Blank form (no case)", _BLANK)]
                                + [(c.title, c.id) for c in self.cases], value=_BLANK,
                                description="Teaching case", style={"description_width": "initial"},
                                layout=W.Layout(width="auto"))
        self._case.observe(lambda change: self.select_case(change["new"]), names="value")
        self._vignette = html()
        self._check_key = button("Compare with the answer key", style="primary")
        self._check_key.on_click(lambda _: self.compare())
        self._comparison = html()
        self._question = W.VBox()
        self._case_box = W.VBox([self._vignette, self._check_key, self._comparison,
                                 self._question], layout=W.Layout(display="none"))
        super().__init__([
            html(f"<h4>{escape(self.scale.name)}</h4>"), self._case, self._case_box,
            *rows, self._bands, self._total, self._clear])
        self._update_total()

    # ------------------------------------------------------------------ state
    @property
    def answers(self) -> dict[str, int | None]:
        """The current ratings (``None`` for items not yet rated)."""
        return {key: control.value for key, control in self._items.items()}

    @property
    def bands(self) -> BandSet:
        """The band set chosen in ``_bands``."""
        return resolve_bands(self.scale, self._bands.value)

    @property
    def progress(self) -> PartialScore:
        """Subtotal, items rated, and the full score once complete."""
        return partial_score(self.scale, self.answers, self.bands)

    def rate(self, **ratings: int | None) -> None:
        """Set several items at once, e.g. ``form.rate(resting_pulse=2, tremor=1)``."""
        for key, value in ratings.items():
            self._items[key].value = value

    def clear(self) -> None:
        """Clear every rating."""
        for control in self._items.values():
            control.value = None

    # ------------------------------------------------------------------ cases
    def select_case(self, case_id: str) -> None:
        """Show a teaching case (``""`` for the blank form) and clear the ratings."""
        if self._case.value != case_id:
            self._case.value = case_id  # observer calls back here
            return
        self.clear()
        self._comparison.value = ""
        if not case_id:
            self.case = None
            self._case_box.layout.display = "none"
            self._question.children = ()
            return
        self.case = next(c for c in self.cases if c.id == case_id)
        if self.case.band_set is not None:
            self._bands.value = self.case.band_set
        self._vignette.value = (case_vignette_html(self.case)
                                + "<p>Rate each item below from the vignette, then "
                                  "compare.</p>")
        self._question.children = (QuestionView(self.case.question, 1, self._graded),)
        self._case_box.layout.display = None

    def compare(self) -> RatingComparison | None:
        """Compare the ratings with the case's answer key and show the differences."""
        if self.case is None:
            self._comparison.value = "<p>Choose a teaching case first.</p>"
            return None
        result = compare_ratings(self.scale, self.answers, self.case.ratings, self.case.notes)
        self._comparison.value = comparison_html(result, self.scale)
        if not result.unrated:
            exact = result.matched == len(result.items)
            if self._recorder is not None:
                self._recorder(self.module, f"{self.case.id}/ratings", exact, self.answers)
            record_simulation(self.simulation_id, correct=exact,
                              answer={"case": self.case.id, "ratings": self.answers,
                                      "total": result.given_total,
                                      "matched": result.matched})
        return result

    @property
    def simulation_id(self) -> str:
        """The form's simulation id in the competency map: ``cows-form``, ``ciwa-ar-form``."""
        return f"{self.scale.key}-form"

    def _graded(self, view: QuestionView) -> None:
        grade: Grade | None = view.grade
        if self._recorder is not None and grade is not None and self.case is not None:
            self._recorder(self.module, f"{self.case.id}/{view.question.id}", grade.correct,
                           list(grade.selected))

    # ------------------------------------------------------------------ display
    def _update_total(self) -> None:
        self._total.value = total_html(self.scale, self.progress, self.bands)

    def static_html(self) -> str:
        """The scale and bands as tables, and each case with its answers collapsed."""
        cases = "\n".join(case_static_html(c) for c in self.cases)
        heading = (f"<p><strong>Teaching cases ({len(self.cases)})</strong>: rate each "
                   f"vignette with the table above, then open the answer key.</p>"
                   if self.cases else "")
        return "\n".join([scale_table_html(self.scale), bands_table_html(self.scale),
                          heading, cases])


def cows_form(**kwargs: object) -> WithdrawalForm:
    """The COWS form with Module 4's teaching cases."""
    return WithdrawalForm("cows", **kwargs)  # type: ignore[arg-type]


def ciwa_ar_form(**kwargs: object) -> WithdrawalForm:
    """The CIWA-Ar form with Module 4's teaching cases (bands: ASAM 2020 by default)."""
    return WithdrawalForm("ciwa-ar", **kwargs)  # type: ignore[arg-type]
