"""The COWS and CIWA-Ar forms: live total and band, and teaching cases to rate.

Comparing a teaching case's ratings with its answer key is recorded for the learner as
the form's simulation (``cows-form`` or ``ciwa-ar-form`` in the module's
``module.yaml``): correct when every item matches the key.  Each comparison and each
answer to a case's question says under it whether it was saved.
"""

from __future__ import annotations

from collections.abc import Iterable

import ipywidgets as W
from IPython.display import HTML

from widgets.core.registry import module_of_simulation
from widgets.core.render import render
from widgets.core.view import StaticFallback, button, html
from widgets.knowledge_check.view import QuestionView
from widgets.progress import Recorder, SaveStatus, record_simulation, session_recorder
from widgets.withdrawal.content import load_case, scale, teaching_cases
from widgets.withdrawal.model import (
    BandSet,
    PartialScore,
    RatingComparison,
    Scale,
    compare_ratings,
    partial_score,
    resolve_bands,
)
from widgets.withdrawal.render import (
    band_edges_table,
    case_vignette_html,
    choose_case_html,
    comparison_html,
    heading_html,
    item_prompt_html,
    static_html,
    total_html,
)
from widgets.withdrawal.schemas import WithdrawalCase

__all__ = ["WithdrawalForm", "band_edges", "case_vignette", "ciwa_ar_form", "cows_form"]

_BLANK = ""


def _saved_html(status: SaveStatus | None) -> str:
    return "" if status is None else render("core/save_status.html.j2", status=status)


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

    def __init__(self, scale_key: str | Scale, *, cases: Iterable[WithdrawalCase] | None = None,
                 recorder: Recorder | None = None) -> None:
        self.scale = scale(scale_key)
        self.cases = list(teaching_cases(self.scale.key) if cases is None else cases)
        self._recorder = session_recorder() if recorder is None else recorder
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
            rows += [control, html(item_prompt_html(item))]
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
        self._saved = html()
        self._question = W.VBox()
        self._case_box = W.VBox([self._vignette, self._check_key, self._comparison,
                                 self._saved, self._question], layout=W.Layout(display="none"))
        super().__init__([html(heading_html(self.scale)), self._case, self._case_box,
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

    @property
    def simulation_id(self) -> str:
        """The form's simulation id in its module's ``module.yaml``: ``cows-form``..."""
        return f"{self.scale.key}-form"

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
        self._comparison.value = self._saved.value = ""
        if not case_id:
            self.case = None
            self._case_box.layout.display = "none"
            self._question.children = ()
            return
        self.case = next(c for c in self.cases if c.id == case_id)
        if self.case.band_set is not None:
            self._bands.value = self.case.band_set
        self._vignette.value = case_vignette_html(self.case, instructions=True)
        self._question.children = (QuestionView(self.case.question, 1, self._graded),)
        self._case_box.layout.display = None

    def compare(self) -> RatingComparison | None:
        """Compare the ratings with the case's answer key, show the differences, record."""
        if self.case is None:
            self._comparison.value = choose_case_html()
            return None
        result = compare_ratings(self.scale, self.answers, self.case.ratings, self.case.notes)
        self._comparison.value = comparison_html(result, self.scale)
        self._saved.value = ""
        if not result.unrated:
            exact = result.matched == len(result.items)
            self._recorder(self._module_id, f"{self.case.id}/ratings", exact, self.answers)
            status = record_simulation(self.simulation_id, correct=exact,
                                       answer={"case": self.case.id, "ratings": self.answers,
                                               "total": result.given_total,
                                               "matched": result.matched})
            self._saved.value = _saved_html(status)
        return result

    @property
    def _module_id(self) -> str:
        return module_of_simulation(self.simulation_id).id

    def _graded(self, view: QuestionView) -> SaveStatus | None:
        if view.grade is None or self.case is None:
            return None
        return self._recorder(self._module_id, f"{self.case.id}/{view.question.id}",
                              view.grade.correct, list(view.grade.selected))

    # ------------------------------------------------------------------ display
    def _update_total(self) -> None:
        self._total.value = total_html(self.scale, self.progress, self.bands)

    def static_html(self) -> str:
        """The scale and bands as tables, and each case with its answers collapsed."""
        return static_html(self.scale, self.cases)


def cows_form(**kwargs: object) -> WithdrawalForm:
    """The COWS form with its teaching cases."""
    return WithdrawalForm("cows", **kwargs)  # type: ignore[arg-type]


def ciwa_ar_form(**kwargs: object) -> WithdrawalForm:
    """The CIWA-Ar form with its teaching cases (bands: ASAM 2020 by default)."""
    return WithdrawalForm("ciwa-ar", **kwargs)  # type: ignore[arg-type]


def case_vignette(case_id: str) -> HTML:
    """A case's vignette for a notebook cell (for an exercise: no answers)."""
    return HTML(case_vignette_html(load_case(case_id)))


def band_edges(scale_key: str) -> HTML:
    """For a notebook cell: the band of each total at a band's edge, under every band set."""
    return HTML(band_edges_table(scale(scale_key)))
