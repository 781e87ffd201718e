"""Module 3, facilitating IOP groups: the session planner and the module's exercises.

What a session is built from (block types, TIP 41's group models, formats, example plans)
is content, ``curriculum/03_group_facilitation/session-planning.yaml``
(:mod:`widgets.group_facilitation.schemas`); the model (:mod:`.model`) plans and checks
with it, and the names here are bound to the curriculum's.  The module's branching
scenarios run on the shared engine, :mod:`widgets.scenarios`.  The live planner is
:mod:`widgets.group_facilitation.view` (imported on its own).
"""

from widgets.group_facilitation.content import (
    Block,
    Plan,
    check_plan,
    minutes_by_type,
    planning,
    template,
)
from widgets.group_facilitation.model import (
    MAX_BLOCK_MINUTES,
    MAX_BLOCKS,
    MAX_PLAN_MINUTES,
    MAX_TITLE_CHARS,
    MAX_TOPIC_CHARS,
    Issue,
    PlanCheck,
    schedule,
)

__all__ = [
    "MAX_BLOCKS",
    "MAX_BLOCK_MINUTES",
    "MAX_PLAN_MINUTES",
    "MAX_TITLE_CHARS",
    "MAX_TOPIC_CHARS",
    "Block",
    "Issue",
    "Plan",
    "PlanCheck",
    "check_plan",
    "minutes_by_type",
    "planning",
    "schedule",
    "template",
]
