"""How the room answered: records of many learners, summarised per question (pure).

For each knowledge-check question of a module: how many learners answered, each option's
share of their **first** answers (what the room knew before the feedback), the share
correct at the first try and now (latest answers), and who has not answered yet.  For
each simulation: who practised it and how many met its goal (latest result).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from widgets.progress import Record

__all__ = ["Bar", "ItemRoom", "ModulePlan", "RoomSummary", "plans_by_module", "room_summary",
           "simulation_title"]


@dataclass(frozen=True)
class Bar:
    """One bar of an item: an option (or a result) and how many learners chose it."""

    label: str
    text: str
    count: int
    of: int
    correct: bool

    @property
    def share(self) -> float:
        """``count`` over the learners who answered (0 when nobody has)."""
        return self.count / self.of if self.of else 0.0


@dataclass(frozen=True)
class ItemRoom:
    """The room's answers to one question or simulation."""

    item_id: str
    kind: Literal["question", "simulation"]
    title: str
    answered: tuple[str, ...]
    waiting: tuple[str, ...]
    correct_first: int
    correct_now: int
    bars: tuple[Bar, ...]
    multiple: bool = False

    @property
    def share_correct_first(self) -> float:
        """Learners right at their first answer, over those who answered."""
        return self.correct_first / len(self.answered) if self.answered else 0.0

    @property
    def share_correct_now(self) -> float:
        """Learners whose latest answer is right, over those who answered."""
        return self.correct_now / len(self.answered) if self.answered else 0.0


@dataclass(frozen=True)
class ModulePlan:
    """What a module asks of the room: its checks (content objects) and simulation ids."""

    module: str
    checks: tuple[Any, ...] = ()
    simulations: tuple[str, ...] = ()


@dataclass(frozen=True)
class RoomSummary:
    """One module's room view."""

    module: str
    modules: tuple[str, ...]
    learners: tuple[str, ...]
    items: tuple[ItemRoom, ...] = field(default_factory=tuple)
    titles: tuple[str, ...] = ()
    """The titles of the module's knowledge checks."""


def simulation_title(simulation_id: str) -> str:
    """``"schedule-builder"`` -> ``"Schedule builder"``."""
    words = simulation_id.replace("_", "-").split("-")
    return " ".join(words).capitalize()


def _chosen(answer: Any) -> tuple[str, ...]:
    if isinstance(answer, str):
        return (answer,)
    if isinstance(answer, list | tuple):
        return tuple(a for a in answer if isinstance(a, str))
    return ()


def _first_and_latest(records: Iterable[Record]) -> tuple[dict, dict]:
    """Per (item, learner): the first and the latest record."""
    first: dict[tuple[str, str], Record] = {}
    latest: dict[tuple[str, str], Record] = {}
    for rec in records:
        key = (rec.item_id, rec.learner_id)
        first.setdefault(key, rec)
        latest[key] = rec
    return first, latest


def room_summary(records: Sequence[Record], roster: Iterable[str], plan: ModulePlan,
                 modules: Iterable[str] = ()) -> RoomSummary:
    """Summarise one module's records for the room view.

    Parameters
    ----------
    records : sequence of Record
        The room's records in arrival order (records of other modules are ignored).
    roster : iterable of str
        The learners expected in the room; anyone with a record is added to it.
    plan : ModulePlan
        The module's knowledge checks (objects with ``id``, ``title`` and ``questions``,
        each question with ``id``, ``prompt``, ``type`` and ``options``) and simulations.
    modules : iterable of str
        Every module the view can switch to.
    """
    mine = [r for r in records if r.module == plan.module]
    learners = tuple(dict.fromkeys([*roster, *(r.learner_id for r in mine)]))
    first, latest = _first_and_latest(mine)

    def who(item_id: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
        answered = tuple(name for name in learners if (item_id, name) in latest)
        waiting = tuple(name for name in learners if (item_id, name) not in latest)
        return answered, waiting

    items = []
    for check in plan.checks:
        for question in check.questions:
            item_id = f"{check.id}/{question.id}"
            answered, waiting = who(item_id)
            firsts = [first[item_id, n] for n in answered]
            counts = {o.id: 0 for o in question.options}
            for rec in firsts:
                for option in set(_chosen(rec.answer)):
                    if option in counts:
                        counts[option] += 1
            bars = tuple(Bar(chr(ord("A") + i), o.text, counts[o.id], len(answered),
                             o.correct) for i, o in enumerate(question.options))
            items.append(ItemRoom(
                item_id, "question", question.prompt, answered, waiting,
                sum(r.correct for r in firsts),
                sum(latest[item_id, n].correct for n in answered), bars,
                multiple=question.type == "multiple"))
    known = {f"sim/{s}" for s in plan.simulations}
    seen = [r.item_id for r in mine if r.item_id.startswith("sim/") and r.item_id not in known]
    for item_id in [*(f"sim/{s}" for s in plan.simulations), *dict.fromkeys(seen)]:
        answered, waiting = who(item_id)
        met = sum(latest[item_id, n].correct for n in answered)
        bars = (Bar("", "Met the goal", met, len(answered), True),
                Bar("", "Not yet", len(answered) - met, len(answered), False))
        items.append(ItemRoom(
            item_id, "simulation", simulation_title(item_id.removeprefix("sim/")), answered,
            waiting, sum(first[item_id, n].correct for n in answered), met, bars))
    return RoomSummary(plan.module, tuple(modules) or (plan.module,), learners, tuple(items),
                       tuple(check.title for check in plan.checks))


def plans_by_module(checks: Iterable[Any],
                    simulations: Mapping[str, Sequence[str]] | None = None,
                    check_modules: Mapping[str, str] | None = None) -> dict[str, ModulePlan]:
    """Group knowledge checks and simulation ids by module.

    A check's module is ``check_modules[check.id]`` (the modules' ``module.yaml`` say
    it); a check no module lists is left out.
    """
    grouped: dict[str, list[Any]] = {}
    for check in checks:
        module = (check_modules or {}).get(check.id)
        if module:
            grouped.setdefault(module, []).append(check)
    sims = simulations or {}
    return {m: ModulePlan(m, tuple(grouped.get(m, ())), tuple(sims.get(m, ())))
            for m in sorted({*grouped, *sims})}
