"""A learner's records as xAPI statements, and sending them to a learning record store.

For organisations with an LRS (xAPI 1.0.3).  From one learner's records
(:meth:`widgets.progress.ProgressStore.records`):

- every answer becomes an ``answered`` statement about its question (result: success,
  the chosen options as the response, score 1 or 0 of 1);
- each module gets ``completed`` when every question of its knowledge checks has been
  answered, ``passed`` when the latest answers first reach the module's pass mark, and
  ``failed`` when all are answered below it (result: score scaled, raw, min, max and
  success), each stamped with the time of the answer that made it so.

The actor is the learner id as an ``account`` on a configurable ``homePage``; activity
ids are stable IRIs under a configurable base (``<base>/modules/<module>`` and
``<base>/modules/<module>/items/<item id>``); a statement's ``id`` is a UUID derived from
the record's ``uid`` and the verb, so resending a learner's statements never makes a
duplicate.  :func:`validate` checks the properties xAPI 1.0.3 requires, and their types.

:func:`send` posts statements in batches to ``<endpoint>/statements`` with Basic
credentials, retrying failed requests (network errors, 5xx, 429) with a bounded
exponential backoff inside an overall deadline; a batch answered 409 is resent one
statement at a time with PUT (204: stored; 409: the LRS already holds that id).

Configuration (:func:`load_config`): a TOML file (``IOP_XAPI_CONFIG`` or ``--config``)
and environment variables, which win: ``IOP_XAPI_ENDPOINT``, ``IOP_XAPI_USERNAME``,
``IOP_XAPI_PASSWORD``, ``IOP_XAPI_HOMEPAGE``, ``IOP_XAPI_ACTIVITY_BASE``.  Keep the
password in the environment or in a file only you can read (a config file holding a
password that others can read is refused); never commit it.

Command line::

    python -m widgets.progress.xapi statements LEARNER [--db PATH]   # JSON to stdout
    python -m widgets.progress.xapi send LEARNER [--db PATH] [--config FILE]
"""

from __future__ import annotations

import argparse
import base64
import json
import math
import os
import re
import stat
import sys
import time
import tomllib
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

from widgets.core.scoring import Score
from widgets.progress.store import ProgressStore, Record

__all__ = [
    "VERBS",
    "XAPI_VERSION",
    "SendReport",
    "XapiConfig",
    "XapiError",
    "load_config",
    "send",
    "statements",
    "validate",
]

XAPI_VERSION = "1.0.3"
VERBS = {
    "answered": "http://adlnet.gov/expapi/verbs/answered",
    "completed": "http://adlnet.gov/expapi/verbs/completed",
    "passed": "http://adlnet.gov/expapi/verbs/passed",
    "failed": "http://adlnet.gov/expapi/verbs/failed",
}
"""The ADL verbs used, by display name."""
ACTIVITY_TYPES = {
    "module": "http://adlnet.gov/expapi/activities/module",
    "question": "http://adlnet.gov/expapi/activities/cmi.interaction",
    "course": "http://adlnet.gov/expapi/activities/course",
}
ID_NAMESPACE = uuid.UUID("6f1d3c3e-5b0a-4c47-9d3b-2f4f2a6e0c11")
"""Namespace of the statement ids (uuid5 of ``<record uid>/<verb>``): fixed forever, so a
statement keeps its id across exports."""
LANGUAGE = "en-US"


class XapiError(ValueError):
    """Bad configuration or an invalid statement; the message says what to change."""


# ------------------------------------------------------------------ configuration


@dataclass(frozen=True)
class XapiConfig:
    """Where statements go and how they name things.

    Attributes
    ----------
    homepage : str
        The ``homePage`` of the learner's ``account`` (the system whose user names are
        the learner ids, e.g. the organisation's hub or LMS).
    activity_base : str
        IRI base of the activity ids (no trailing slash).
    endpoint : str or None
        The LRS's xAPI endpoint (``.../xapi``); ``/statements`` is added.
    username, password : str or None
        Basic credentials of the LRS.
    batch_size : int
        Statements per request.
    timeout_s : float
        Timeout of one request.
    max_attempts : int
        Tries of one request (the first included) before giving up on it.
    backoff_s, backoff_max_s : float
        First pause between tries, doubled after each, at most ``backoff_max_s``.
    deadline_s : float
        The whole send stops after this long, whatever is left.
    """

    homepage: str = "https://iop-curriculum.invalid"
    activity_base: str = "https://iop-curriculum.invalid/xapi"
    endpoint: str | None = None
    username: str | None = None
    password: str | None = field(default=None, repr=False)
    batch_size: int = 50
    timeout_s: float = 10.0
    max_attempts: int = 4
    backoff_s: float = 0.5
    backoff_max_s: float = 8.0
    deadline_s: float = 120.0

    def __post_init__(self) -> None:
        for name in ("homepage", "activity_base"):
            value = getattr(self, name)
            if not _is_iri(value):
                raise XapiError(f"{name} must be an absolute http(s) IRI, e.g. "
                                f"https://example.org/xapi; got {value!r}")
        if self.endpoint is not None and not re.match(r"^https?://[^/\s]+", self.endpoint):
            raise XapiError(f"endpoint must be the LRS's http(s) URL, e.g. "
                            f"https://lrs.example.org/xapi; got {self.endpoint!r}")
        if self.activity_base.endswith("/"):
            object.__setattr__(self, "activity_base", self.activity_base.rstrip("/"))
        limits = {"batch_size": (1, 1000), "max_attempts": (1, 20)}
        for name, (low, high) in limits.items():
            value = getattr(self, name)
            if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
                raise XapiError(f"{name} must be a whole number from {low} to {high}; "
                                f"got {value!r}")
        for name in ("timeout_s", "backoff_s", "backoff_max_s", "deadline_s"):
            value = getattr(self, name)
            if (not isinstance(value, int | float) or isinstance(value, bool)
                    or not math.isfinite(value) or not 0 < value <= 3600):
                raise XapiError(f"{name} must be a number of seconds in (0, 3600]; "
                                f"got {value!r}")


_ENV = {"endpoint": "IOP_XAPI_ENDPOINT", "username": "IOP_XAPI_USERNAME",
        "password": "IOP_XAPI_PASSWORD", "homepage": "IOP_XAPI_HOMEPAGE",
        "activity_base": "IOP_XAPI_ACTIVITY_BASE"}
_FILE_KEYS = frozenset(f.name for f in XapiConfig.__dataclass_fields__.values())


def load_config(path: str | os.PathLike[str] | None = None,
                env: Mapping[str, str] | None = None) -> XapiConfig:
    """The configuration from a TOML file (``path``, else ``IOP_XAPI_CONFIG``, else
    none) and the environment, whose ``IOP_XAPI_*`` variables win.

    Raises
    ------
    XapiError
        For a file that cannot be read or parsed, an unknown key, a wrong value, or a
        password in a file that others can read.
    """
    env = os.environ if env is None else env
    values: dict[str, Any] = {}
    source = path if path is not None else env.get("IOP_XAPI_CONFIG")
    if source:
        file = Path(source).expanduser()
        try:
            values = tomllib.loads(file.read_text(encoding="utf-8"))
        except OSError as exc:
            raise XapiError(f"the xAPI config {file} cannot be read "
                            f"({exc.strerror or exc})") from None
        except tomllib.TOMLDecodeError as exc:
            raise XapiError(f"the xAPI config {file} is not valid TOML ({exc})") from None
        values = values.get("xapi", values)
        unknown = sorted(set(values) - _FILE_KEYS)
        if unknown:
            raise XapiError(f"{file}: unknown key(s) {', '.join(unknown)}; the keys are "
                            f"{', '.join(sorted(_FILE_KEYS))}")
        if "password" in values and os.name == "posix" and (
                file.stat().st_mode & (stat.S_IRGRP | stat.S_IROTH)):
            raise XapiError(f"{file} holds the LRS password and others can read it; "
                            f"run `chmod 600 {file}`, or set IOP_XAPI_PASSWORD instead")
    for key, name in _ENV.items():
        if env.get(name):
            values[key] = env[name]
    try:
        return XapiConfig(**values)
    except TypeError as exc:
        raise XapiError(f"the xAPI configuration is not valid ({exc})") from None


# --------------------------------------------------------------------- statements


def _is_iri(value: object) -> bool:
    return isinstance(value, str) and bool(re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:\S+$", value))


def _statement_id(record_uid: str, verb: str) -> str:
    return str(uuid.uuid5(ID_NAMESPACE, f"{record_uid}/{verb}"))


def _timestamp(stamp: str) -> str:
    """The record's ISO 8601 timestamp, as recorded (records always carry a zone)."""
    if not _timestamp_ok(stamp):
        raise XapiError(f"timestamp {stamp!r} is not ISO 8601 with a time zone")
    return stamp


@dataclass(frozen=True)
class _Module:
    id: str
    title: str
    items: tuple[str, ...]
    pass_mark: float


def _registry_modules() -> list[_Module]:
    from widgets.core.registry import knowledge_check_items, modules

    items = knowledge_check_items()
    return [_Module(m.id, f"Module {m.number}: {m.title}", tuple(items.get(m.id, ())),
                    m.pass_mark) for m in modules()]


def statements(records: Sequence[Record], config: XapiConfig, *,
               modules: Sequence[_Module] | None = None) -> list[dict[str, Any]]:
    """One learner's records as xAPI statements, in the order things happened.

    Parameters
    ----------
    records : sequence of Record
        The learner's records in the order they were written.
    config : XapiConfig
        The actor's homePage and the activity IRI base.
    modules : optional
        The modules (id, title, check items, pass mark); default: the registry's.

    Raises
    ------
    XapiError
        When the records belong to more than one learner.
    """
    if not records:
        return []
    learners = {r.learner_id for r in records}
    if len(learners) > 1:
        raise XapiError(f"statements are made for one learner at a time; the records "
                        f"belong to {', '.join(sorted(learners))}")
    known = {m.id: m for m in (modules if modules is not None else _registry_modules())}
    actor = {"objectType": "Agent",
             "account": {"homePage": config.homepage, "name": records[0].learner_id}}
    course = {"id": f"{config.activity_base}/course", "objectType": "Activity",
              "definition": {"type": ACTIVITY_TYPES["course"]}}
    out: list[dict[str, Any]] = []
    latest: dict[str, dict[str, bool]] = {}
    standing: dict[str, tuple[bool, bool]] = {}  # module -> (complete, passed)
    for rec in records:
        mod = known.get(rec.module)
        module_activity = _module_activity(config, rec.module, mod)
        context = {"contextActivities": {"parent": [module_activity], "grouping": [course]},
                   "language": LANGUAGE}
        out.append(_statement(
            _statement_id(rec.uid, "answered"), actor, "answered",
            _item_activity(config, rec), rec.recorded_at, context,
            {"success": rec.correct, "response": _response(rec.answer),
             "score": {"scaled": 1.0 if rec.correct else 0.0,
                       "raw": 1 if rec.correct else 0, "min": 0, "max": 1}}))
        if mod is None or rec.item_id not in mod.items:
            continue
        latest.setdefault(rec.module, {})[rec.item_id] = rec.correct
        answers = latest[rec.module]
        score = Score(sum(answers.values()), len(answers), len(mod.items), mod.pass_mark)
        complete, passed = score.answered == score.total, score.passed
        was_complete, was_passed = standing.get(rec.module, (False, False))
        standing[rec.module] = (complete, passed)
        result = {"score": {"scaled": round(score.fraction, 4), "raw": score.correct,
                            "min": 0, "max": score.total},
                  "success": passed, "completion": complete}
        module_context = {"contextActivities": {"grouping": [course]}, "language": LANGUAGE}
        events = []
        if complete and not was_complete:
            events.append("completed")
        if passed and not was_passed:
            events.append("passed")
        if complete and not passed and (was_passed or not was_complete):
            events.append("failed")
        for verb in events:
            out.append(_statement(_statement_id(rec.uid, verb), actor, verb,
                                  module_activity, rec.recorded_at, module_context,
                                  dict(result)))
    return out


def _module_activity(config: XapiConfig, module_id: str, mod: _Module | None) -> dict:
    activity: dict[str, Any] = {
        "id": f"{config.activity_base}/modules/{quote(module_id, safe='')}",
        "objectType": "Activity", "definition": {"type": ACTIVITY_TYPES["module"]}}
    if mod is not None:
        activity["definition"]["name"] = {LANGUAGE: mod.title}
    return activity


def _item_activity(config: XapiConfig, rec: Record) -> dict[str, Any]:
    item = quote(rec.item_id, safe="/")
    return {"id": f"{config.activity_base}/modules/{quote(rec.module, safe='')}/items/{item}",
            "objectType": "Activity",
            "definition": {"type": ACTIVITY_TYPES["question"], "interactionType": "choice",
                           "name": {LANGUAGE: rec.item_id}}}


def _response(answer: Any) -> str:
    """The learner's response as xAPI writes a choice: option ids joined by ``[,]``."""
    if isinstance(answer, list) and all(isinstance(a, str) for a in answer):
        return "[,]".join(answer)
    return json.dumps(answer, sort_keys=True)


def _statement(statement_id: str, actor: dict, verb: str, activity: dict, stamp: str,
               context: dict, result: dict) -> dict[str, Any]:
    return {"id": statement_id, "actor": actor,
            "verb": {"id": VERBS[verb], "display": {LANGUAGE: verb}},
            "object": activity, "result": result, "context": context,
            "timestamp": _timestamp(stamp), "version": XAPI_VERSION}


# --------------------------------------------------------------------- validation

_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
_LANG = re.compile(r"^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$")
_INTERACTIONS = {"true-false", "choice", "fill-in", "long-fill-in", "matching", "performance",
                 "sequencing", "likert", "numeric", "other"}
_KEYS = {
    "statement": {"id", "actor", "verb", "object", "result", "context", "timestamp",
                  "stored", "authority", "version", "attachments"},
    "agent": {"objectType", "name", "mbox", "mbox_sha1sum", "openid", "account"},
    "account": {"homePage", "name"},
    "verb": {"id", "display"},
    "activity": {"objectType", "id", "definition"},
    "definition": {"name", "description", "type", "moreInfo", "extensions",
                   "interactionType", "correctResponsesPattern", "choices", "scale",
                   "source", "target", "steps"},
    "result": {"score", "success", "completion", "response", "duration", "extensions"},
    "score": {"scaled", "raw", "min", "max"},
    "context": {"registration", "instructor", "team", "contextActivities", "revision",
                "platform", "language", "statement", "extensions"},
    "contextActivities": {"parent", "grouping", "category", "other"},
}


def _number(value: object) -> bool:
    return (isinstance(value, int | float) and not isinstance(value, bool)
            and math.isfinite(value))


def _timestamp_ok(value: object) -> bool:
    if not isinstance(value, str):
        return False
    try:
        when = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return False
    return when.tzinfo is not None


class _Problems(list):
    def unknown(self, where: str, value: Mapping, kind: str) -> None:
        extra = sorted(set(value) - _KEYS[kind])
        if extra:
            self.append(f"{where} has unknown propert{'y' if len(extra) == 1 else 'ies'} "
                        f"{', '.join(extra)}")

    def object_at(self, where: str, value: object) -> bool:
        if not isinstance(value, dict):
            self.append(f"{where} must be an object, got {type(value).__name__}")
            return False
        return True

    def language_map(self, where: str, value: object) -> None:
        if not self.object_at(where, value):
            return
        for tag, text in value.items():
            if not _LANG.match(str(tag)) or not isinstance(text, str):
                self.append(f"{where} must map language tags to strings; got "
                            f"{tag!r}: {text!r}")


def validate(statement: Mapping[str, Any]) -> list[str]:
    """Problems with one statement against xAPI 1.0.3's required properties and types
    (an empty list: valid).

    Checked: ``actor`` (an Agent with exactly one identifier; an ``account`` has an IRL
    ``homePage`` and a string ``name``), ``verb.id`` (an IRI; ``display`` a language
    map), ``object`` (an Activity with an IRI ``id``; its definition's language maps,
    type IRI and interaction type), ``id`` (a UUID), ``result`` (``score.scaled`` within
    -1..1, ``raw`` within ``min``..``max``, ``min`` < ``max``, booleans, a string
    response), ``context`` (registration UUID, activities lists, language tag),
    ``timestamp`` (ISO 8601 with a zone), ``version`` (1.0.x), and no property the
    specification does not define.
    """
    p = _Problems()
    if not p.object_at("the statement", statement):
        return p
    p.unknown("the statement", statement, "statement")
    for required in ("actor", "verb", "object"):
        if required not in statement:
            p.append(f"the statement has no {required} (required)")
    if "id" in statement and not (isinstance(statement["id"], str)
                                  and _UUID.match(statement["id"])):
        p.append(f"id must be a UUID string, got {statement['id']!r}")
    if "actor" in statement:
        _validate_agent(p, "actor", statement["actor"])
    verb = statement.get("verb")
    if verb is not None and p.object_at("verb", verb):
        p.unknown("verb", verb, "verb")
        if not _is_iri(verb.get("id")):
            p.append(f"verb.id must be an IRI, got {verb.get('id')!r}")
        if "display" in verb:
            p.language_map("verb.display", verb["display"])
    if "object" in statement:
        _validate_activity(p, "object", statement["object"])
    if "result" in statement:
        _validate_result(p, statement["result"])
    if "context" in statement:
        _validate_context(p, statement["context"])
    if "timestamp" in statement and not _timestamp_ok(statement["timestamp"]):
        p.append(f"timestamp must be ISO 8601 with a time zone, got "
                 f"{statement['timestamp']!r}")
    if "version" in statement and not re.match(r"^1\.0(\.\d+)?$",
                                               str(statement["version"])):
        p.append(f"version must be 1.0.x, got {statement['version']!r}")
    return p


def _validate_agent(p: _Problems, where: str, agent: object) -> None:
    if not p.object_at(where, agent):
        return
    p.unknown(where, agent, "agent")
    if agent.get("objectType", "Agent") != "Agent":
        p.append(f"{where}.objectType must be 'Agent', got {agent.get('objectType')!r}")
    ids = [k for k in ("mbox", "mbox_sha1sum", "openid", "account") if k in agent]
    if len(ids) != 1:
        p.append(f"{where} must have exactly one identifier (mbox, mbox_sha1sum, openid or "
                 f"account); it has {len(ids)}")
    if "mbox" in agent and not str(agent["mbox"]).startswith("mailto:"):
        p.append(f"{where}.mbox must be a mailto: IRI")
    account = agent.get("account")
    if account is not None and p.object_at(f"{where}.account", account):
        p.unknown(f"{where}.account", account, "account")
        home = account.get("homePage")
        if not (isinstance(home, str) and re.match(r"^https?://\S+$", home)):
            p.append(f"{where}.account.homePage must be an http(s) IRL, got {home!r}")
        if not isinstance(account.get("name"), str) or not account.get("name"):
            p.append(f"{where}.account.name must be a non-empty string")
    if "name" in agent and not isinstance(agent["name"], str):
        p.append(f"{where}.name must be a string")


def _validate_activity(p: _Problems, where: str, activity: object) -> None:
    if not p.object_at(where, activity):
        return
    if activity.get("objectType", "Activity") != "Activity":
        p.append(f"{where}.objectType must be 'Activity' for these statements, got "
                 f"{activity.get('objectType')!r}")
        return
    p.unknown(where, activity, "activity")
    if not _is_iri(activity.get("id")):
        p.append(f"{where}.id must be an IRI, got {activity.get('id')!r}")
    definition = activity.get("definition")
    if definition is None or not p.object_at(f"{where}.definition", definition):
        return
    p.unknown(f"{where}.definition", definition, "definition")
    for key in ("name", "description"):
        if key in definition:
            p.language_map(f"{where}.definition.{key}", definition[key])
    if "type" in definition and not _is_iri(definition["type"]):
        p.append(f"{where}.definition.type must be an IRI")
    if "interactionType" in definition and definition["interactionType"] not in _INTERACTIONS:
        p.append(f"{where}.definition.interactionType {definition['interactionType']!r} "
                 f"is not one of xAPI's")


def _validate_result(p: _Problems, result: object) -> None:
    if not p.object_at("result", result):
        return
    p.unknown("result", result, "result")
    for key in ("success", "completion"):
        if key in result and not isinstance(result[key], bool):
            p.append(f"result.{key} must be true or false, got {result[key]!r}")
    if "response" in result and not isinstance(result["response"], str):
        p.append("result.response must be a string")
    score = result.get("score")
    if score is None or not p.object_at("result.score", score):
        return
    p.unknown("result.score", score, "score")
    for key, value in score.items():
        if not _number(value):
            p.append(f"result.score.{key} must be a number, got {value!r}")
    if any(not _number(v) for v in score.values()):
        return
    if "scaled" in score and not -1 <= score["scaled"] <= 1:
        p.append(f"result.score.scaled must be within -1..1, got {score['scaled']}")
    low, high = score.get("min"), score.get("max")
    if low is not None and high is not None and not low < high:
        p.append(f"result.score.min ({low}) must be less than max ({high})")
    raw = score.get("raw")
    if raw is not None and ((low is not None and raw < low) or
                            (high is not None and raw > high)):
        p.append(f"result.score.raw ({raw}) must be within min..max ({low}..{high})")


def _validate_context(p: _Problems, context: object) -> None:
    if not p.object_at("context", context):
        return
    p.unknown("context", context, "context")
    if "registration" in context and not _UUID.match(str(context["registration"])):
        p.append("context.registration must be a UUID")
    if "language" in context and not _LANG.match(str(context["language"])):
        p.append(f"context.language must be an RFC 5646 tag, got {context['language']!r}")
    if "platform" in context and not isinstance(context["platform"], str):
        p.append("context.platform must be a string")
    activities = context.get("contextActivities")
    if activities is None or not p.object_at("context.contextActivities", activities):
        return
    p.unknown("context.contextActivities", activities, "contextActivities")
    for key, value in activities.items():
        for n, activity in enumerate(value if isinstance(value, list) else [value]):
            _validate_activity(p, f"context.contextActivities.{key}[{n}]", activity)


# ------------------------------------------------------------------------ sending


@dataclass
class SendReport:
    """What became of a send.

    Attributes
    ----------
    stored : list of str
        Ids the LRS accepted.
    already : list of str
        Ids the LRS answered 409 for: it holds a statement with that id already.
    failed : dict of str to str
        Ids not stored, with why.
    requests : int
        HTTP requests made (retries included).
    """

    stored: list[str] = field(default_factory=list)
    already: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)
    requests: int = 0

    @property
    def ok(self) -> bool:
        """Whether every statement is in the LRS now."""
        return not self.failed


class _Retry(Exception):
    """A request worth trying again (network error, 5xx, 429)."""

    def __init__(self, reason: str, wait_s: float | None = None) -> None:
        super().__init__(reason)
        self.wait_s = wait_s


class _Refused(Exception):
    """A request the LRS refused for good (4xx other than 409 and 429)."""


def send(items: Sequence[Mapping[str, Any]], config: XapiConfig, *,
         sleep: Callable[[float], None] = time.sleep,
         clock: Callable[[], float] = time.monotonic) -> SendReport:
    """Send statements to the configured LRS in batches; see the module docstring.

    Every statement is validated first (an invalid one raises :class:`XapiError` and
    nothing is sent).  Never raises for the LRS's answers: the report says what was
    stored and what was not, and why.
    """
    if not config.endpoint:
        raise XapiError("no LRS endpoint is configured: set IOP_XAPI_ENDPOINT (or "
                        "endpoint in the xAPI config file)")
    for n, statement in enumerate(items):
        problems = validate(statement)
        if problems:
            raise XapiError(f"statement {n} ({statement.get('id')}) is not valid xAPI: "
                            f"{'; '.join(problems)}; nothing was sent")
    ids = [str(s["id"]) for s in items]
    if len(set(ids)) != len(ids):
        raise XapiError("two statements share an id; nothing was sent")
    report = SendReport()
    deadline = clock() + config.deadline_s
    url = config.endpoint.rstrip("/") + "/statements"
    for start in range(0, len(items), config.batch_size):
        batch = list(items[start:start + config.batch_size])
        batch_ids = [str(s["id"]) for s in batch]
        try:
            status, _ = _request(config, "POST", url, batch, report, deadline, sleep, clock)
        except (_Retry, _Refused) as exc:
            report.failed.update({i: str(exc) for i in batch_ids})
            continue
        if status in (200, 204):
            report.stored += batch_ids
            continue
        # 409: some statement of the batch is in the LRS already; find which, one by one.
        for statement in batch:
            sid = str(statement["id"])
            try:
                one, _ = _request(config, "PUT", f"{url}?statementId={quote(sid)}",
                                  statement, report, deadline, sleep, clock)
            except (_Retry, _Refused) as exc:
                report.failed[sid] = str(exc)
                continue
            (report.already if one == 409 else report.stored).append(sid)
    return report


def _request(config: XapiConfig, method: str, url: str, body: object, report: SendReport,
             deadline: float, sleep: Callable[[float], None],
             clock: Callable[[], float]) -> tuple[int, bytes]:
    """One request, retried with backoff; returns (status, body) for 2xx and 409."""
    data = json.dumps(body).encode("utf-8")
    headers = {"Content-Type": "application/json", "X-Experience-API-Version": XAPI_VERSION}
    if config.username is not None:
        token = f"{config.username}:{config.password or ''}".encode()
        headers["Authorization"] = "Basic " + base64.b64encode(token).decode("ascii")
    pause = config.backoff_s
    reason = "not tried"
    for attempt in range(config.max_attempts):
        left = deadline - clock()
        if left <= 0:
            raise _Retry(f"the send's deadline ({config.deadline_s:g} s) passed; "
                         f"last problem: {reason}")
        request = urllib.request.Request(url, data=data, headers=headers, method=method)
        report.requests += 1
        wait: float | None = None
        try:
            with urllib.request.urlopen(request, timeout=min(config.timeout_s, left)) as rsp:
                return rsp.status, rsp.read()
        except urllib.error.HTTPError as exc:
            if exc.code == 409:
                return 409, exc.read()
            if exc.code == 429 or exc.code >= 500:
                reason = f"the LRS answered {exc.code} {exc.reason}"
                wait = _retry_after(exc.headers.get("Retry-After"))
            elif exc.code in (401, 403):
                raise _Refused(f"the LRS refused the credentials ({exc.code}); check "
                               f"IOP_XAPI_USERNAME and IOP_XAPI_PASSWORD") from None
            else:
                detail = exc.read()[:300].decode("utf-8", "replace")
                raise _Refused(f"the LRS rejected the request ({exc.code} {exc.reason}): "
                               f"{detail}") from None
        except (urllib.error.URLError, OSError, TimeoutError) as exc:
            reason = f"could not reach the LRS ({getattr(exc, 'reason', exc)})"
        if attempt + 1 < config.max_attempts:
            delay = min(config.backoff_max_s, wait if wait is not None else pause)
            delay = min(delay, max(0.0, deadline - clock()))
            sleep(delay)
            pause = min(config.backoff_max_s, pause * 2)
    raise _Retry(f"gave up after {config.max_attempts} tries: {reason}")


def _retry_after(value: str | None) -> float | None:
    try:
        return max(0.0, float(value)) if value is not None else None
    except ValueError:
        return None


# ------------------------------------------------------------------- command line


def main(argv: Sequence[str] | None = None) -> int:
    """``statements`` prints a learner's statements; ``send`` sends them to the LRS."""
    parser = argparse.ArgumentParser(prog="python -m widgets.progress.xapi",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("action", choices=["statements", "send"])
    parser.add_argument("learner", help="the learner id whose records to use")
    parser.add_argument("--db", type=Path, help="the progress store (default: yours)")
    parser.add_argument("--config", type=Path, help="an xAPI config file (TOML)")
    args = parser.parse_args(argv)
    try:
        config = load_config(args.config)
        with ProgressStore(args.db) as store:
            records = store.records(args.learner)
        if not records:
            print(f"No records for learner {args.learner!r} in {store.path}.",
                  file=sys.stderr)
            return 1
        made = statements(records, config)
        if args.action == "statements":
            json.dump(made, sys.stdout, indent=1)
            print()
            return 0
        report = send(made, config)
    except XapiError as exc:
        print(f"xAPI: {exc}", file=sys.stderr)
        return 2
    print(f"{len(report.stored)} statement(s) stored, {len(report.already)} already in "
          f"the LRS, {len(report.failed)} not sent ({report.requests} request(s)).")
    for sid, why in list(report.failed.items())[:10]:
        print(f"  {sid}: {why}", file=sys.stderr)
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
