"""Module 5's content: the vignettes and the plan's worksheet, bound to the plan model.

:func:`review` and :func:`plan_is_complete` are the model's functions with the
curriculum's worksheet (``curriculum/05_relapse_prevention/relapse-plan.yaml``) filled in.
The content check below keeps the worksheet's sections and the plan's fields in step.
"""

from __future__ import annotations

from widgets.core.content import CheckContext, ContentError, content_check, load
from widgets.relapse.model import plan as plan_model
from widgets.relapse.model.plan import PLAN_FIELDS, Note, RelapsePreventionPlan
from widgets.relapse.schemas import PlanTemplate, Vignette

__all__ = ["PLAN_TEMPLATE_ID", "VIGNETTE_ID", "load_vignette", "plan_is_complete",
           "plan_template", "printed_items", "review"]

PLAN_TEMPLATE_ID = "relapse-plan"
"""The id of the plan's worksheet."""
VIGNETTE_ID = "m05-payday-friday"
"""The vignette of exercise m05-ex1."""


def load_vignette(vignette_id: str = VIGNETTE_ID) -> Vignette:
    """Load a validated relapse-prevention vignette by id."""
    vignette = load("rp-vignette", vignette_id)
    assert isinstance(vignette, Vignette)
    return vignette


def plan_template() -> PlanTemplate:
    """The curriculum's plan worksheet (validated; loaded once)."""
    template = load("relapse-plan", PLAN_TEMPLATE_ID)
    assert isinstance(template, PlanTemplate)
    return template


def review(plan: RelapsePreventionPlan,
           template: PlanTemplate | None = None) -> tuple[Note, ...]:
    """Gentle notes on a plan (see :func:`widgets.relapse.model.plan.review`)."""
    return plan_model.review(plan, template or plan_template())


def plan_is_complete(plan: RelapsePreventionPlan, template: PlanTemplate | None = None) -> bool:
    """No section is empty or unfinished and nothing contradicts (suggestions allowed)."""
    return plan_model.plan_is_complete(plan, template or plan_template())


def printed_items(plan: RelapsePreventionPlan, field: str,
                  template: PlanTemplate | None = None) -> tuple[str, ...]:
    """A section's entries as printed: the crisis resources start with the crisis line."""
    template = template or plan_template()
    if field == template.crisis_field:
        return (template.crisis_line, *plan.own_crisis_resources())
    return plan.section(field)


@content_check("relapse-plan")
def _sections_are_the_plan_fields(template: PlanTemplate,
                                  context: CheckContext) -> None:  # type: ignore[misc]
    """The worksheet has one section per plan field, and no other."""
    names = [s.field for s in template.sections]
    unknown = [n for n in names if n not in PLAN_FIELDS]
    if unknown:
        raise ContentError(context.where, f"{unknown[0]!r} is not a field of the plan; "
                           f"fields are {', '.join(PLAN_FIELDS)}", entry=template.id,
                           field=f"sections.{names.index(unknown[0])}.field")
    missing = [n for n in PLAN_FIELDS if n not in names]
    if missing:
        raise ContentError(context.where, f"no section for the plan field(s) "
                           f"{', '.join(missing)}; every field needs a heading and a prompt",
                           entry=template.id, field="sections")
