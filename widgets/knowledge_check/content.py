"""Loading knowledge checks, and the rule that each belongs to exactly one module."""

from __future__ import annotations

from widgets.core.content import CheckContext, ContentError, content_check, load
from widgets.core.registry import module_of_check, modules
from widgets.knowledge_check.schemas import KnowledgeCheck

__all__ = ["check_pass_mark", "load_check"]


def load_check(check_id: str) -> KnowledgeCheck:
    """Load a validated knowledge check by id."""
    check = load("knowledge-check", check_id)
    assert isinstance(check, KnowledgeCheck)
    return check


def check_pass_mark(check_id: str) -> float:
    """The pass mark of the module whose ``module.yaml`` lists this check (``KeyError``
    when no module lists it)."""
    return module_of_check(check_id).pass_mark


@content_check("knowledge-check")
def _listed_by_one_module(check: KnowledgeCheck, context: CheckContext) -> None:  # type: ignore[misc]
    """A check belongs to exactly one module of its curriculum (a folder of content with
    no module.yaml at all, such as a test fixture, has no modules to belong to)."""
    every = modules(context.root)
    if not every:
        return
    owners = [m.id for m in every if any(c.check == check.id for c in m.checks)]
    if len(owners) != 1:
        problem = ("no module lists it under 'checks' in its module.yaml" if not owners
                   else f"modules {', '.join(owners)} all list it; list it in one module.yaml")
        raise ContentError(context.where, problem, entry=check.id, field="id")
