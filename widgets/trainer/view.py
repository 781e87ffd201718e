"""The trainer's cohort dashboard: a thin widget over :mod:`widgets.trainer`."""

from __future__ import annotations

import ipywidgets as W

from widgets.core.render import Markup, render, stylesheet
from widgets.core.schemas import CompetencyMap
from widgets.core.view import StaticFallback, button, html
from widgets.progress.sync import fetch_room_exports, room_url
from widgets.trainer.content import (
    CohortError,
    cohort_from_exports,
    competency_lookup,
    curriculum_course,
    demo_cohort,
    load_cohort,
)
from widgets.trainer.model.statistics import (
    Cohort,
    Course,
    by_competency,
    completion,
    follow_up,
    item_statistics,
)
from widgets.trainer.render import (
    cohort_status_html,
    competency_html,
    completion_html,
    distractors_html,
    follow_up_html,
    item_figure,
    items_html,
    not_loaded_html,
)

__all__ = ["CohortDashboard"]

_ALL = "all modules"
DEMO_LEARNERS = 30


class CohortDashboard(StaticFallback, W.VBox):
    """Load a folder of exported records and see the cohort's results.

    Parameters
    ----------
    cohort : Cohort, optional
        A cohort to show at once (default: the seeded demo cohort of 30 fictional
        learners, built in memory).
    course : Course, optional
        The modules' check items and pass marks (default: the curriculum's).
    cmap : CompetencyMap, optional
        The competency map; without it the competency table is left out.

    Attributes
    ----------
    cohort : Cohort
        The cohort shown.
    stats : list of ItemStats
        Its item statistics (first attempts), all modules.
    """

    def __init__(self, cohort: Cohort | None = None, *, course: Course | None = None,
                 cmap: CompetencyMap | None = None) -> None:
        self._course = course if course is not None else curriculum_course()
        self._cmap = cmap
        self._folder = W.Text(value="", placeholder="Folder of exported records (*.json)",
                              description="Folder", layout=W.Layout(width="32em"),
                              style={"description_width": "initial"})
        self._load = button("Load folder", style="primary")
        self._demo = button("Load the demo cohort")
        self._room = button("Load the room (this hub)", style="primary")
        self._module = W.Dropdown(options=[_ALL, *self._course.catalog], value=_ALL,
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
        self._room.on_click(lambda _: self.load_room())
        self._module.observe(lambda _: self._render(), names="value")
        super().__init__([
            html(stylesheet()),
            W.HBox([self._folder, self._load, self._demo,
                    *([self._room] if room_url() else [])],  # on a hub with the room
                   layout=W.Layout(flex_flow="row wrap")),
            self._status, self._completion, self._module, self._figure, self._items,
            self._distractors, self._follow_up, self._competency])
        if cohort is None:
            self.load_demo()
        else:
            self.show(cohort, f"{cohort.size} learners")

    # -- actions ----------------------------------------------------------------------
    def load_demo(self, seed: int = 2026) -> None:
        """Show the demo cohort (30 fictional learners), built in memory: no files."""
        self.show(demo_cohort(DEMO_LEARNERS, seed, self._course),
                  f"Demo cohort: {DEMO_LEARNERS} fictional learners (seed {seed})")

    def load_folder(self, folder: str) -> None:
        """Load every export in ``folder``; problems are shown, not raised."""
        folder = folder.strip()
        if not folder:
            self._status.value = render("trainer/ask_folder.html.j2")
            return
        try:
            cohort = load_cohort(folder)
        except CohortError as exc:
            self._status.value = not_loaded_html(str(exc))
            return
        self.show(cohort, f"{cohort.size} learners from {folder}")

    def load_room(self) -> None:
        """Load every learner's records from the hub's room service (trainers only)."""
        try:
            cohort = cohort_from_exports(fetch_room_exports(), strict=False)
        except (RuntimeError, CohortError) as exc:
            self._status.value = not_loaded_html(str(exc))
            return
        self.show(cohort, f"{cohort.size} learners from the room service")

    def show(self, cohort: Cohort, label: str) -> None:
        """Compute and show the statistics of ``cohort``."""
        self.cohort = cohort
        self.stats = item_statistics(cohort, self._course)
        self._status.value = cohort_status_html(cohort, label)
        self._completion.value = completion_html(completion(cohort, self._course))
        self._follow_up.value = follow_up_html(follow_up(cohort, self._course))
        self._render()

    def _render(self) -> None:
        module = self._module.value
        stats = [s for s in self.stats if module == _ALL or s.module == module]
        self._figure.value = item_figure(stats)
        self._items.value = items_html(stats)
        self._distractors.value = distractors_html(stats)
        self._competency.value = (
            competency_html(by_competency(stats, self._cmap, competency_lookup()))
            if self._cmap is not None else "")

    def static_html(self) -> str:
        """Everything the dashboard shows, for a reader without a kernel."""
        return render("trainer/dashboard_static.html.j2", parts=[
            Markup(w.value) for w in (self._status, self._completion, self._figure, self._items,
                              self._distractors, self._follow_up, self._competency)])
