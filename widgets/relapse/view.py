"""Module 5's widgets: the cohort simulator, the plan builder and the lapse-chain player.

Thin layers: read the controls, call the model (:mod:`widgets.relapse.model`), show what
:mod:`widgets.relapse.render` draws.  Each records practice for the session learner under
its simulation id (``module.yaml``) and says whether the record was saved.

- :class:`CohortSimulatorView`: two cohorts side by side, lapse-free curves and the share
  at week 12; everything it shows is labelled as an illustration, not a prediction.  It
  has no right answer: the first setting a learner changes is recorded as practice.
- :class:`PlanBuilderView`: fill in the plan, review it gently, export a one-page PDF and
  Markdown.  Each review and export is recorded (correct when the plan is complete); the
  record keeps which sections were filled and the notes' kinds, never the plan's text.
- :class:`LapseChainView`: the scenario player in Module 5's words (meters
  ``self_efficacy`` and ``craving``; a ``next_if`` rule sends the story to a lapse when a
  meter crosses a threshold).
"""

from __future__ import annotations

from dataclasses import asdict

import ipywidgets as W

from widgets.core.render import Markup, render
from widgets.core.view import StaticFallback, button, html
from widgets.progress import SaveStatus, record_simulation
from widgets.relapse.content import plan_template, review
from widgets.relapse.model.plan import Note, RelapsePreventionPlan
from widgets.relapse.model.simulation import (
    DEFAULT_WEEKLY_HAZARD,
    EXAMPLE_GROUPS,
    MAX_PEOPLE,
    REPORT_WEEK,
    CohortResult,
    Protection,
    compare_cohorts,
)
from widgets.relapse.render import (
    GROUP_COLOURS,
    LAPSE_CHAIN,
    CohortGroup,
    PlanTooLongError,
    always_printed_html,
    cohort_figure,
    downloads_html,
    illustration_label,
    notes_html,
    to_markdown,
    to_pdf,
    week_table,
    worksheet_html,
)
from widgets.scenarios.schemas import Scenario
from widgets.scenarios.view import ScenarioPlayerView

__all__ = ["CohortSimulatorView", "GroupControls", "LapseChainView", "PlanBuilderView",
           "lapse_chain"]

_STYLE = {"description_width": "14em"}
_LAYOUT = {"width": "28em"}


def _saved(status: SaveStatus) -> str:
    return render("core/save_status.html.j2", status=status)


# ------------------------------------------------------------- cohort simulator


class GroupControls(W.VBox):
    """The four factor controls of one group.

    Attributes
    ----------
    name : str
        The group's label ("Group A").
    """

    def __init__(self, name: str, colour: str, protection: Protection) -> None:
        self.name = name
        self.colour = colour

        def slider(label: str, value: float) -> W.FloatSlider:
            return W.FloatSlider(value=value, min=0.0, max=1.0, step=0.25,
                                 description=label, readout_format=".0%",
                                 continuous_update=False, style=_STYLE, layout=_LAYOUT)

        self._coping = slider(f"{name}: coping practice", protection.coping_practice)
        self._support = slider(f"{name}: support", protection.support)
        self._attendance = slider(f"{name}: attendance", protection.attendance)
        self._medication = W.Checkbox(value=protection.medication,
                                      description=f"{name}: takes a medication",
                                      indent=False, layout=W.Layout(width="auto"))
        header = html(render("relapse/group_header.html.j2", name=name, colour=colour))
        super().__init__([header, self._coping, self._support, self._attendance,
                          self._medication])

    @property
    def controls(self) -> tuple[W.ValueWidget, ...]:
        """The value widgets of this group."""
        return (self._coping, self._support, self._attendance, self._medication)

    @property
    def protection(self) -> Protection:
        """The factors currently set."""
        return Protection(coping_practice=float(self._coping.value),
                          support=float(self._support.value),
                          medication=bool(self._medication.value),
                          attendance=float(self._attendance.value))


class CohortSimulatorView(StaticFallback, W.VBox):
    """Two cohorts side by side: lapse-free curves and the fraction at week 12.

    Attributes
    ----------
    groups : tuple of GroupControls
        Group A and Group B, each with coping practice, support and attendance sliders
        (0-100 %, default A: attendance 50 %; B: all 100 %) and a medication checkbox.
    results : tuple of CohortResult
        The latest simulation of each group.
    """

    SIMULATION = "cohort-simulator"

    def __init__(self, *, n_people: int = 500, weeks: int = 24,
                 weekly_hazard: float = DEFAULT_WEEKLY_HAZARD, seed: int = 5) -> None:
        self.weeks = weeks
        self.seed = seed
        self._hazard = W.FloatSlider(value=weekly_hazard, min=0.01, max=0.20, step=0.01,
                                     description="Baseline weekly hazard",
                                     readout_format=".0%", continuous_update=False,
                                     style=_STYLE, layout=_LAYOUT)
        self._size = W.IntSlider(value=n_people, min=50, max=min(2000, MAX_PEOPLE), step=50,
                                 description="People per group", continuous_update=False,
                                 style=_STYLE, layout=_LAYOUT)
        self.groups = tuple(GroupControls(name, colour, protection) for (name, protection),
                            colour in zip(EXAMPLE_GROUPS.items(), GROUP_COLOURS, strict=False))
        self._label = html(illustration_label())
        self._figure = html()
        self._table = html()
        self._saved = html()
        self.results: tuple[CohortResult, ...] = ()
        self._practised = False
        self.update()
        for control in (self._hazard, self._size,
                        *(c for g in self.groups for c in g.controls)):
            control.observe(self._changed, names="value")
        shared = W.VBox([html(render("relapse/both_groups.html.j2")), self._hazard,
                         self._size])
        for column in (shared, *self.groups):
            column.layout.margin = "0 1.5em 0.5em 0"
        columns = W.HBox([shared, *self.groups], layout=W.Layout(flex_flow="row wrap"))
        super().__init__([self._label, columns, self._figure, self._table, self._saved])

    def _shown(self) -> list[CohortGroup]:
        return [CohortGroup(g.name, g.colour, r)
                for g, r in zip(self.groups, self.results, strict=True)]

    def _changed(self, _change: object) -> None:
        self.update()
        if not self._practised:  # the first change by the learner counts as practice
            status = record_simulation(self.SIMULATION, correct=True, answer={
                "groups": {g.name: asdict(g.protection) for g in self.groups},
                "weekly_hazard": round(float(self._hazard.value), 2),
                "people": int(self._size.value),
                f"lapse_free_week_{REPORT_WEEK}": {
                    g.name: round(r.at_week(REPORT_WEEK), 3)
                    for g, r in zip(self.groups, self.results, strict=True)}})
            self._practised = status.saved
            self._saved.value = _saved(status)

    def update(self) -> None:
        """Simulate both groups and redraw the figure and the table."""
        results = compare_cohorts({g.name: g.protection for g in self.groups},
                                  n_people=int(self._size.value), weeks=self.weeks,
                                  weekly_hazard=float(self._hazard.value), seed=self.seed)
        self.results = tuple(results.values())
        shown = self._shown()
        self._figure.value = cohort_figure(shown)
        self._table.value = week_table(shown)

    def static_html(self) -> str:
        """The starting state (figure, table and label), readable without a kernel."""
        return render("relapse/cohort_static.html.j2", label=Markup(self._label.value),
                      figure=Markup(self._figure.value), table=Markup(self._table.value))


# ------------------------------------------------------------------ plan builder


class PlanBuilderView(StaticFallback, W.VBox):
    """The relapse-prevention plan builder.

    Attributes
    ----------
    notes : tuple of Note
        Notes from the latest review (empty before the first review).
    pdf : bytes or None
        The latest exported PDF.
    markdown : str or None
        The latest exported Markdown.
    """

    SIMULATION = "plan-builder"

    def __init__(self, plan: RelapsePreventionPlan | None = None) -> None:
        self.notes: tuple[Note, ...] = ()
        self.pdf: bytes | None = None
        self.markdown: str | None = None
        template = plan_template()
        style = {"description_width": "13em"}
        self._client = W.Text(description="Name on the plan",
                              placeholder="The name the client chooses", style=style,
                              layout=W.Layout(width="36em"))
        self._counselor = W.Text(description="Completed with", placeholder="Counselor",
                                 style=style, layout=W.Layout(width="36em"))
        self._sections: dict[str, W.Textarea] = {}
        rows: list[W.Widget] = [self._client, self._counselor]
        for section in template.sections:
            area = W.Textarea(description=section.heading,
                              placeholder=f"{section.prompt} One per line.", rows=3,
                              style=style, layout=W.Layout(width="36em"))
            self._sections[section.field] = area
            rows.append(area)
        rows.append(html(always_printed_html(template)))
        self._review = button("Review plan", style="primary")
        self._export = button("Export PDF and Markdown")
        self._review.on_click(lambda _: self.review())
        self._export.on_click(lambda _: self.export())
        self._notes = html()
        self._downloads = html()
        self._saved = html()
        if plan is not None:
            self.fill(plan)
        super().__init__([*rows, W.HBox([self._review, self._export]), self._notes,
                          self._downloads, self._saved])

    def fill(self, plan: RelapsePreventionPlan) -> None:
        """Put a plan's contents into the text boxes."""
        self._client.value = plan.client
        self._counselor.value = plan.counselor
        for name, area in self._sections.items():
            area.value = "\n".join(plan.section(name))

    @property
    def plan(self) -> RelapsePreventionPlan:
        """The plan as currently typed (raises ValueError when a box holds far too much)."""
        return RelapsePreventionPlan(
            client=self._client.value, counselor=self._counselor.value,
            **{name: area.value.splitlines() for name, area in self._sections.items()})

    def _current(self) -> RelapsePreventionPlan | None:
        """The typed plan, or ``None`` after saying in the notes what is too long."""
        try:
            return self.plan
        except ValueError as exc:
            self.notes = ()
            self._notes.value = render("relapse/message.html.j2", message=str(exc))
            return None

    def review(self) -> tuple[Note, ...]:
        """Show gentle notes on the current plan and return them."""
        plan = self._current()
        if plan is not None:
            self._show_notes(plan)
            self._record(plan, "review")
        return self.notes

    def _show_notes(self, plan: RelapsePreventionPlan) -> None:
        self.notes = review(plan)
        self._notes.value = notes_html(self.notes)

    def _record(self, plan: RelapsePreventionPlan, action: str, **extra: object) -> None:
        complete = not any(n.level in ("missing", "contradiction") for n in self.notes)
        status = record_simulation(self.SIMULATION, correct=complete, answer={
            "action": action,
            "filled": [name for name in self._sections if plan.section(name)],
            "notes": [[n.section, n.level] for n in self.notes], **extra})
        self._saved.value = _saved(status)

    def export(self) -> bool:
        """Make the PDF and Markdown and offer them as downloads; ``False`` if too long."""
        plan = self._current()
        if plan is None:
            return False
        self._show_notes(plan)
        try:
            self.pdf = to_pdf(plan)
        except PlanTooLongError as exc:
            self.pdf = None
            self._downloads.value = render("relapse/message.html.j2", message=str(exc))
            self._record(plan, "export", exported=False)
            return False
        self.markdown = to_markdown(plan)
        self._downloads.value = downloads_html(self.pdf, self.markdown)
        self._record(plan, "export", exported=True)
        return True

    def static_html(self) -> str:
        """The plan's sections as a readable worksheet (what the boxes hold now)."""
        try:
            plan = self.plan
        except ValueError:  # a box holds far too much: show the blank worksheet
            plan = RelapsePreventionPlan()
        return render("relapse/builder_static.html.j2", worksheet=worksheet_html(plan))


# ------------------------------------------------------------------- lapse chain


class LapseChainView(ScenarioPlayerView):
    """Play a lapse-chain scenario: the scenario player in Module 5's words.

    A finished run is recorded for the session learner as ``sim/lapse-chain`` (correct
    when the ending is the best one), and the player says whether it was saved.

    Attributes
    ----------
    player : ScenarioPlayer
        The engine's player (current node, meters, history).
    """

    SIMULATION = "lapse-chain"

    def __init__(self, scenario: Scenario) -> None:
        super().__init__(scenario, wording=LAPSE_CHAIN, simulation=self.SIMULATION)


def lapse_chain(scenario_id: str) -> LapseChainView:
    """The live lapse-chain simulator for a scenario (records runs when a learner is set)."""
    return LapseChainView.for_id(scenario_id)
