"""The trainer's cohort dashboard: a thin widget over :mod:`widgets.cohort`."""

from __future__ import annotations

import tempfile
from html import escape
from pathlib import Path

import ipywidgets as W

from widgets import cohort as C
from widgets.core.figures import figure_html
from widgets.core.view import StaticFallback, button, html

__all__ = ["CohortDashboard"]

_ALL = "all modules"


class CohortDashboard(StaticFallback, W.VBox):
    """Load a folder of exported records and see the cohort's results.

    Parameters
    ----------
    cohort : Cohort, optional
        A cohort to show at once (default: the seeded demo cohort of 30 fictional
        learners, generated into a temporary folder).
    checks, catalog, cmap : optional
        Knowledge checks, module catalog and competency map (default: the curriculum's);
        without a competency map the competency table is left out.

    Attributes
    ----------
    cohort : Cohort
        The cohort shown.
    stats : list of ItemStats
        Its item statistics (first attempts), all modules.
    """

    def __init__(self, cohort: C.Cohort | None = None, *, checks=None, catalog=None,  # noqa: ANN001
                 cmap=None) -> None:  # noqa: ANN001
        self._checks = checks if checks is not None else C.default_checks()
        self._catalog = catalog if catalog is not None else C._catalog(self._checks)
        self._cmap = cmap
        self._folder = W.Text(value="", placeholder="Folder of exported records (*.json)",
                              description="Folder", layout=W.Layout(width="32em"),
                              style={"description_width": "initial"})
        self._load = button("Load folder", style="primary")
        self._demo = button("Load the demo cohort")
        self._module = W.Dropdown(options=[_ALL, *self._catalog], value=_ALL,
                                  description="Module")
        self._status = html()
        self._completion = html()
        self._figure = html()
        self._items = html()
        self._distractors = html()
        self._follow_up = html()
        self._competency = html()
        self._load.on_click(lambda _: self.load_folder(self._folder.value))
        self._demo.on_click(lambda _: self.load_demo())
        self._module.observe(lambda _: self._render(), names="value")
        super().__init__([
            W.HBox([self._folder, self._load, self._demo]), self._status, self._completion,
            self._module, self._figure, self._items, self._distractors, self._follow_up,
            self._competency])
        if cohort is None:
            self.load_demo()
        else:
            self.show(cohort, f"{cohort.size} learners")

    # -- actions ----------------------------------------------------------------------
    def load_demo(self, seed: int = 2026) -> None:
        """Generate the demo cohort (30 fictional learners) into a temporary folder."""
        folder = Path(tempfile.mkdtemp(prefix="iop-demo-cohort-"))
        C.write_demo_cohort(folder, seed=seed, checks=self._checks)
        self.show(C.load_cohort(folder), f"Demo cohort: 30 fictional learners (seed {seed})")

    def load_folder(self, folder: str) -> None:
        """Load every export in ``folder``; problems are shown, not raised."""
        if not folder.strip():
            self._status.value = '<p role="status">Type the folder of the exports first.</p>'
            return
        try:
            cohort = C.load_cohort(Path(folder.strip()).expanduser())
        except C.CohortError as exc:
            self._status.value = (f'<p role="alert"><strong>Not loaded:</strong> '
                                  f"{escape(str(exc))}</p>")
            return
        self.show(cohort, f"{cohort.size} learners from {escape(folder.strip())}")

    def show(self, cohort: C.Cohort, label: str) -> None:
        """Compute and show the statistics of ``cohort``."""
        self.cohort = cohort
        self.stats = C.item_statistics(cohort, self._catalog, self._checks)
        skipped = "".join(f"<li>{escape(Path(f).name)}: {escape(why)}</li>"
                          for f, why in cohort.problems)
        self._status.value = (f'<p role="status"><strong>{label}.</strong></p>'
                              + (f"<p>Files skipped:</p><ul>{skipped}</ul>" if skipped else ""))
        self._completion.value = C.completion_html(C.completion(cohort, self._catalog))
        self._follow_up.value = C.follow_up_html(C.follow_up(cohort, self._catalog))
        self._render()

    def _render(self) -> None:
        module = self._module.value
        stats = [s for s in self.stats if module == _ALL or s.module == module]
        self._figure.value = figure_html(*_figure_parts(stats))
        self._items.value = C.items_html(stats)
        self._distractors.value = C.distractors_html(stats)
        self._competency.value = (C.competency_html(C.by_competency(stats, self._cmap))
                                  if self._cmap is not None else "")

    def static_html(self) -> str:
        """Everything the dashboard shows, for a reader without a kernel."""
        return "\n".join(w.value for w in (self._status, self._completion, self._figure,
                                           self._items, self._distractors, self._follow_up,
                                           self._competency))


def _figure_parts(stats: list[C.ItemStats]):  # noqa: ANN202
    fig = C.item_figure(stats)
    return fig.fig, fig.alt, fig.caption
