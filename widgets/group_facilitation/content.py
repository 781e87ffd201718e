"""The curriculum's session planning, bound for everyday use; and its cross-checks.

:func:`planning` loads ``curriculum/03_group_facilitation/session-planning.yaml`` once.
:class:`Block` and :class:`Plan` are the model's, checked against it when they are made
(an unknown block kind, lead, group model or format is a ``ValueError`` naming the ones
there are); :func:`check_plan`, :func:`template` and :func:`minutes_by_type` are the
model's functions with the curriculum's planning.
"""

from __future__ import annotations

import functools

from widgets.core.content import CheckContext, ContentError, content_check, load
from widgets.group_facilitation import model
from widgets.group_facilitation.schemas import SessionPlanning

__all__ = ["Block", "Plan", "check_plan", "minutes_by_type", "planning", "template"]


@functools.cache
def planning() -> SessionPlanning:
    """The session-planning content of the curriculum (read on first use)."""
    item = load("session-planning", "session-planning")
    assert isinstance(item, SessionPlanning)
    return item


class Block(model.Block):
    """One block of a session; its kind and lead are checked against the curriculum's.

    Parameters
    ----------
    kind : str
        A block type's id (``check-in``, ``psychoeducation``, ``skills-practice``,
        ``process-time``, ``break``, ``check-out``).
    minutes : int
        0 to :data:`~widgets.group_facilitation.model.MAX_BLOCK_MINUTES`.
    topic : str
        What the block teaches or practises (at most
        :data:`~widgets.group_facilitation.model.MAX_TOPIC_CHARS` characters).
    lead : str
        ``lead``, ``co-lead`` or ``both``.
    """

    def __post_init__(self) -> None:
        super().__post_init__()
        model.check_names(self, planning())

    @property
    def label(self) -> str:
        """The block's name, with its topic when it has one."""
        return model.block_label(self, planning())


class Plan(model.Plan):
    """A session plan whose group model, format and blocks are the curriculum's."""

    def __post_init__(self) -> None:
        super().__post_init__()
        model.check_names(self, planning())

    @property
    def budget(self) -> int:
        """Minutes available in the chosen format."""
        return planning().format(self.format).minutes


def check_plan(plan: model.Plan) -> model.PlanCheck:
    """Check the time budget and the balance of a plan (:func:`model.check_plan`)."""
    return model.check_plan(plan, planning())


def minutes_by_type(plan: model.Plan) -> dict[str, int]:
    """Minutes per block kind, in block-type order (:func:`model.minutes_by_type`)."""
    return model.minutes_by_type(plan, planning())


def template(group_model: str, fmt: str, title: str = "") -> Plan:
    """The example plan for a group model and a format (:func:`model.example_plan`)."""
    example = model.example_plan(planning(), group_model, fmt, title)
    return Plan(example.title, example.model, example.format,
                tuple(Block(b.kind, b.minutes, b.topic, b.lead) for b in example.blocks))


@content_check("session-planning")
def _examples_fit_and_pass(item: SessionPlanning, context: CheckContext) -> None:  # type: ignore[misc]
    """Every example plan fits its format and passes the planner's checks (topics are
    left for the facilitators), and every format fits the planner's bounds."""
    for fmt in item.formats:
        if fmt.minutes > model.MAX_PLAN_MINUTES:
            raise ContentError(context.where, f"a format lasts at most "
                               f"{model.MAX_PLAN_MINUTES} minutes; got {fmt.minutes}",
                               entry=fmt.id, field="minutes")
    for group in item.group_models:
        for fmt in item.formats:
            try:
                plan = model.example_plan(item, group.id, fmt.id)
                result = model.check_plan(plan, item)
            except ValueError as exc:
                raise ContentError(context.where, f"the example plan for {group.id} in "
                                   f"{fmt.id}: {exc}", entry=fmt.id, field="examples") from None
            problems = [i.message for i in result.issues if i.code != "no-topic"]
            if plan.total != fmt.minutes:
                problems.insert(0, f"it plans {plan.total} of {fmt.minutes} minutes")
            if problems:
                raise ContentError(context.where, f"the example plan for {group.id} in "
                                   f"{fmt.id} does not pass the planner's checks: "
                                   f"{' '.join(problems)}", entry=fmt.id, field="examples")
