"""xAPI: a seeded learner's records as statements, the validator, and sending to a stub
LRS on 127.0.0.1 (batches, a failed request retried, no duplicate, bounded time)."""

from __future__ import annotations

import base64
import contextlib
import json
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest

from widgets.core.registry import knowledge_check_items, module
from widgets.progress import ProgressStore
from widgets.progress.store import Record
from widgets.progress.xapi import (
    VERBS,
    XapiConfig,
    XapiError,
    load_config,
    main,
    send,
    statements,
    validate,
)

LEARNER = "learner-0042"
CONFIG = XapiConfig(homepage="https://hub.example.org", activity_base="https://example.org/iop/")
M01 = knowledge_check_items()["m01"]


def _record(n: int, item: str, correct: bool, answer=("x",), module_id: str = "m01",
            learner: str = LEARNER) -> Record:
    stamp = f"2026-03-02T09:{n // 60:02d}:{n % 60:02d}.000000+00:00"
    return Record(learner, module_id, item, correct, list(answer), stamp, f"uid-{n:04d}")


@pytest.fixture
def seeded() -> list[Record]:
    """m01: the first question wrong then right, then every question answered: all right
    but two, so the learner completes (and passes at 8 of 10) on the last answer."""
    recs = [_record(0, M01[0], False, ["six"]), _record(1, M01[0], True, ["nine"])]
    for n, item in enumerate(M01[1:], start=2):
        recs.append(_record(n, item, n not in (3, 4)))
    recs.append(_record(99, "sim/schedule-builder", True, {"hours": 9}))
    return recs


def _by_verb(made: list[dict], verb: str) -> list[dict]:
    return [s for s in made if s["verb"]["id"] == VERBS[verb]]


def test_records_become_valid_statements_with_stable_ids(seeded):
    made = statements(seeded, CONFIG)
    assert [validate(s) for s in made] == [[]] * len(made)
    assert len(_by_verb(made, "answered")) == len(seeded)
    ids = [s["id"] for s in made]
    assert len(set(ids)) == len(ids)
    assert all(uuid.UUID(i).version == 5 for i in ids)
    assert [s["id"] for s in statements(seeded, CONFIG)] == ids  # made again: same ids
    first = made[0]
    assert first["actor"] == {"objectType": "Agent", "account": {
        "homePage": "https://hub.example.org", "name": LEARNER}}
    assert first["object"]["id"] == f"https://example.org/iop/modules/m01/items/{M01[0]}"
    assert first["timestamp"] == seeded[0].recorded_at
    assert first["result"] == {"success": False, "response": "six",
                               "score": {"scaled": 0.0, "raw": 0, "min": 0, "max": 1}}
    assert first["context"]["contextActivities"]["parent"][0]["id"] == (
        "https://example.org/iop/modules/m01")


def test_module_statements_follow_the_pass_mark(seeded):
    made = statements(seeded, CONFIG)
    completed, passed = _by_verb(made, "completed"), _by_verb(made, "passed")
    assert len(completed) == 1 and len(passed) == 1 and not _by_verb(made, "failed")
    last_check_answer = seeded[len(M01)]  # the answer that completed the check
    assert completed[0]["timestamp"] == passed[0]["timestamp"] == last_check_answer.recorded_at
    total = len(M01)
    assert passed[0]["result"] == {
        "score": {"scaled": round((total - 2) / total, 4), "raw": total - 2, "min": 0,
                  "max": total},
        "success": True, "completion": True}
    assert passed[0]["object"]["definition"]["name"] == {"en-US": "Module 1: " +
                                                         module("m01").title}


def test_a_learner_below_the_pass_mark_fails_then_passes_on_a_new_answer():
    recs = [_record(n, item, n > 2) for n, item in enumerate(M01)]  # 3 wrong: 7 of 10
    made = statements(recs, CONFIG)
    failed = _by_verb(made, "failed")
    assert len(failed) == 1 and failed[0]["result"]["success"] is False
    assert failed[0]["result"]["score"]["raw"] == len(M01) - 3
    assert not _by_verb(made, "passed")
    made = statements([*recs, _record(50, M01[0], True)], CONFIG)
    assert _by_verb(made, "passed")[0]["timestamp"] == "2026-03-02T09:00:50.000000+00:00"


def test_statements_from_a_real_store(tmp_path):
    db = tmp_path / "progress.sqlite3"
    with ProgressStore(db) as store:
        for item in M01:
            store.record(LEARNER, "m01", item, correct=True, answer=["a"])
        recs = store.records(LEARNER)
    made = statements(recs, CONFIG)
    assert all(not validate(s) for s in made)
    assert {s["verb"]["display"]["en-US"] for s in made} == {"answered", "completed", "passed"}
    assert [s["timestamp"] for s in _by_verb(made, "answered")] == [
        r.recorded_at for r in recs]


def test_statements_are_for_one_learner():
    with pytest.raises(XapiError, match="one learner"):
        statements([_record(0, M01[0], True), _record(1, M01[1], True, learner="other")],
                   CONFIG)


GOOD = {"id": "8f4c8a8e-2b1e-4a55-9c1c-7a3e0b7d9f10",
        "actor": {"account": {"homePage": "https://hub.example.org", "name": "a"}},
        "verb": {"id": VERBS["answered"], "display": {"en-US": "answered"}},
        "object": {"id": "https://example.org/q"},
        "result": {"score": {"scaled": 0.5, "raw": 1, "min": 0, "max": 2}, "success": True},
        "timestamp": "2026-03-02T09:00:00+00:00"}


@pytest.mark.parametrize(("change", "problem"), [
    (lambda s: s.pop("actor"), "no actor"),
    (lambda s: s.pop("verb"), "no verb"),
    (lambda s: s.pop("object"), "no object"),
    (lambda s: s["actor"].update(mbox="mailto:a@example.org"), "exactly one identifier"),
    (lambda s: s["actor"]["account"].update(homePage="hub"), "homePage"),
    (lambda s: s["actor"]["account"].pop("name"), "account.name"),
    (lambda s: s["verb"].update(id="answered"), "verb.id must be an IRI"),
    (lambda s: s["verb"].update(display="answered"), "verb.display"),
    (lambda s: s["object"].update(id="not an iri"), "object.id"),
    (lambda s: s.update(id="42"), "UUID"),
    (lambda s: s["result"]["score"].update(raw=3), "within min..max"),
    (lambda s: s["result"]["score"].update(scaled=1.5), "-1..1"),
    (lambda s: s["result"]["score"].update(min=2), "less than max"),
    (lambda s: s["result"]["score"].update(raw="1"), "must be a number"),
    (lambda s: s["result"].update(success="yes"), "true or false"),
    (lambda s: s.update(timestamp="yesterday"), "ISO 8601"),
    (lambda s: s.update(timestamp="2026-03-02T09:00:00"), "time zone"),
    (lambda s: s.update(mood="happy"), "unknown property mood"),
    (lambda s: s.update(version="2.0.0"), "1.0.x"),
])
def test_validator_names_each_missing_or_wrong_field(change, problem):
    assert validate(GOOD) == []
    statement = json.loads(json.dumps(GOOD))
    change(statement)
    problems = validate(statement)
    assert any(problem in p for p in problems), problems


# ------------------------------------------------------------------ the stub LRS


class StubLrs:
    """An LRS on 127.0.0.1 that checks Basic credentials, keeps statements by id, answers
    409 for a batch holding an id it has, and can fail the first requests with 503."""

    def __init__(self, fail_first: int = 0, user: str = "lrs", password: str = "s3cret"):
        self.stored: dict[str, dict] = {}
        self.requests: list[tuple[str, int]] = []
        self.fail_first = fail_first
        self.auth = "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()
        self.lock = threading.Lock()

    def handler(self):
        lrs = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _answer(self, code: int, body: object = None) -> None:
                data = b"" if body is None else json.dumps(body).encode()
                self.send_response(code)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _handle(self, method: str) -> None:
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                with lrs.lock:
                    count = len(body) if isinstance(body, list) else 1
                    lrs.requests.append((method, count))
                    if self.headers.get("Authorization") != lrs.auth:
                        return self._answer(401)
                    if self.headers.get("X-Experience-API-Version") != "1.0.3":
                        return self._answer(400)
                    if lrs.fail_first > 0:
                        lrs.fail_first -= 1
                        return self._answer(503)
                    if method == "PUT":
                        sid = parse_qs(urlsplit(self.path).query)["statementId"][0]
                        if sid in lrs.stored:
                            return self._answer(409)
                        lrs.stored[sid] = body
                        return self._answer(204)
                    if any(s["id"] in lrs.stored for s in body):
                        return self._answer(409)
                    for s in body:
                        lrs.stored[s["id"]] = s
                    return self._answer(200, [s["id"] for s in body])

            def do_POST(self):  # noqa: N802
                self._handle("POST")

            def do_PUT(self):  # noqa: N802
                self._handle("PUT")

        return Handler


@contextlib.contextmanager
def serving(lrs: StubLrs):
    server = ThreadingHTTPServer(("127.0.0.1", 0), lrs.handler())
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/xapi"
    finally:
        server.shutdown()
        server.server_close()


def _config(endpoint: str, **kw) -> XapiConfig:
    settings = {"homepage": "https://hub.example.org", "activity_base": "https://example.org/iop",
                "endpoint": endpoint, "username": "lrs", "password": "s3cret", "batch_size": 4,
                "backoff_s": 0.01, "backoff_max_s": 0.05, "timeout_s": 2.0, "deadline_s": 10.0}
    settings.update(kw)
    return XapiConfig(**settings)


def test_send_in_batches_retrying_a_failed_request_without_duplicates(seeded):
    lrs = StubLrs(fail_first=1)
    with serving(lrs) as endpoint:
        config = _config(endpoint)
        made = statements(seeded, config)
        report = send(made, config)
        assert report.ok and sorted(report.stored) == sorted(s["id"] for s in made)
        batches = -(-len(made) // 4)
        assert lrs.requests[0] == ("POST", 4)  # answered 503, then tried again
        assert report.requests == batches + 1 == len(lrs.requests)
        assert len(lrs.stored) == len(made)
        # Sending the same records again stores nothing twice: each batch answers 409,
        # each statement then answers 409 to PUT (the LRS has it).
        again = send(statements(seeded, config), config)
    assert again.ok and sorted(again.already) == sorted(s["id"] for s in made)
    assert again.stored == [] and len(lrs.stored) == len(made)


def test_a_partly_sent_learner_is_completed_on_resend(seeded):
    lrs = StubLrs()
    with serving(lrs) as endpoint:
        config = _config(endpoint)
        made = statements(seeded, config)
        send(made[:5], config)
        report = send(made, config)
    assert report.ok and len(report.already) == 5
    assert len(report.stored) == len(made) - 5 and len(lrs.stored) == len(made)


def test_wrong_credentials_are_not_retried_and_say_so(seeded):
    lrs = StubLrs()
    with serving(lrs) as endpoint:
        config = _config(endpoint, password="wrong", batch_size=100)
        report = send(statements(seeded, config), config)
    assert not report.ok and report.requests == 1
    assert all("IOP_XAPI_PASSWORD" in why for why in report.failed.values())


def test_an_unreachable_lrs_is_given_up_on_in_bounded_time(seeded):
    with serving(StubLrs()) as endpoint:
        pass  # the server is closed: its port refuses connections
    config = _config(endpoint, batch_size=100, max_attempts=3)
    started = time.monotonic()
    report = send(statements(seeded, config), config)
    assert time.monotonic() - started < 5
    assert not report.ok and report.requests == 3
    assert all("gave up after 3 tries" in why for why in report.failed.values())


def test_the_deadline_bounds_the_whole_send(seeded):
    lrs = StubLrs(fail_first=10_000)
    clock = {"now": 0.0}
    with serving(lrs) as endpoint:
        config = _config(endpoint, batch_size=2, max_attempts=20, deadline_s=1.0,
                         backoff_s=0.4, backoff_max_s=0.4)
        report = send(statements(seeded, config), config,
                      sleep=lambda s: clock.update(now=clock["now"] + s),
                      clock=lambda: clock["now"])
    assert not report.ok and clock["now"] <= 1.0
    assert report.requests <= 4  # 1 s of 0.4 s pauses, not 20 tries per batch


def test_invalid_statements_are_never_sent():
    bad = dict(GOOD, verb={"id": "answered"})
    with serving(StubLrs()) as endpoint, pytest.raises(XapiError, match="verb.id"):
        send([bad], _config(endpoint))


def test_config_from_file_and_environment(tmp_path):
    file = tmp_path / "xapi.toml"
    file.write_text('[xapi]\nendpoint = "https://lrs.example.org/xapi"\nusername = "u"\n'
                    'homepage = "https://hub.example.org"\nbatch_size = 10\n')
    config = load_config(file, env={"IOP_XAPI_PASSWORD": "pw",
                                    "IOP_XAPI_ENDPOINT": "https://other.example.org/xapi"})
    assert config.endpoint == "https://other.example.org/xapi"  # the environment wins
    assert (config.username, config.password, config.batch_size) == ("u", "pw", 10)
    assert "pw" not in repr(config)


def test_config_refuses_a_readable_password_file_and_bad_values(tmp_path):
    file = tmp_path / "xapi.toml"
    file.write_text('password = "pw"\n')
    file.chmod(0o644)
    with pytest.raises(XapiError, match="chmod 600"):
        load_config(file, env={})
    file.chmod(0o600)
    assert load_config(file, env={}).password == "pw"
    file.write_text('pasword = "pw"\n')
    with pytest.raises(XapiError, match="unknown key.*pasword"):
        load_config(file, env={})
    with pytest.raises(XapiError, match="endpoint"):
        load_config(None, env={"IOP_XAPI_ENDPOINT": "lrs.example.org"})
    with pytest.raises(XapiError, match="batch_size"):
        XapiConfig(batch_size=0)


def test_command_line_prints_statements(tmp_path, capsys):
    db = tmp_path / "p.sqlite3"
    with ProgressStore(db) as store:
        store.record(LEARNER, "m01", M01[0], correct=True, answer=["nine"])
    assert main(["statements", LEARNER, "--db", str(db)]) == 0
    made = json.loads(capsys.readouterr().out)
    assert len(made) == 1 and validate(made[0]) == []
    assert main(["statements", "nobody", "--db", str(db)]) == 1
