"""A real JupyterHub with the project's configuration, the room service and real kernels.

Everything runs on 127.0.0.1 (hub, proxy, room service, single-user servers, kernels) and
is stopped in teardown.  One hub serves the whole module: a trainer (tina), an admin who
is also a trainer (hubadmin), three learners (lea, leo, lia) and thirty more learners for
the load test (load01 ... load30).
"""

from __future__ import annotations

import json
import sqlite3
import statistics
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing
from datetime import UTC, datetime

import pytest
import requests

from tests.book.browser import Traffic, offline_browser, open_offline
from tests.hub.hubtools import Kernel, LocalHub, free_port, password
from widgets.progress import EXPORT_FORMAT, parse_export

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("hub")]

LEARNERS = ("lea", "leo", "lia")
LOAD = tuple(f"load{i:02d}" for i in range(1, 31))
ROSTER = "\n".join(["# the room's people", "trainer tina", "trainer hubadmin",
                    "admin hubadmin", *LEARNERS, *LOAD, ""])
ROOM = "/services/iop-room/"


@pytest.fixture(scope="module")
def hub(tmp_path_factory):
    local = LocalHub(tmp_path_factory.mktemp("hub"), ROSTER).start()
    try:
        yield local
    finally:
        local.stop()


@pytest.fixture(scope="module")
def people(hub):
    """Each of tina, lea, leo, lia logged in (first login: sets the password), with a
    token and a running server: name -> (session, token)."""
    out = {}
    for name in ("tina", *LEARNERS):
        session = hub.login(name)
        out[name] = (session, hub.token(session, name, note="test"))
        hub.start_server(name, out[name][1])
    for name, (_, token) in out.items():
        hub.wait_for_server(name, token)
    return out


@pytest.fixture(scope="module")
def kernels(hub, people):
    """A real kernel in each person's server (the same as a notebook's)."""
    started = {name: Kernel(hub, name, token) for name, (_, token) in people.items()}
    yield started
    for kernel in started.values():
        kernel.close()


def answer(kernel: Kernel, question: int, *options: str) -> dict:
    """Answer a Module 1 check question in the kernel as a learner does (widget)."""
    return json.loads(kernel.run(f"""
import json
from widgets.knowledge_check.view import knowledge_check
from widgets.progress import sync as client
check = knowledge_check("m01-check")
check.questions[{question}].select(*{list(options)!r})
check.questions[{question}].check()
print(json.dumps(client.last_status().__dict__))
"""))


def room_json(session: requests.Session, hub: LocalHub, path: str) -> requests.Response:
    """A trainer's browser fetch of a room page part (OAuth cookie + XSRF header)."""
    page = session.get(hub.url + ROOM, timeout=30)  # completes the hub's OAuth if needed
    xsrf = page.text.split('data-xsrf="', 1)[1].split('"', 1)[0] if page.ok else ""
    return session.get(hub.url + ROOM + path, timeout=30,
                       headers={"X-XSRFToken": xsrf, "Sec-Fetch-Mode": "cors"})


def test_each_person_logs_in_to_their_own_server(hub, people):
    for name, (_, token) in people.items():
        assert hub.api(token, "GET", f"/user/{name}/api/status").status_code == 200
    lea_token = people["lea"][1]
    # a learner's token opens no one else's server
    assert hub.api(lea_token, "GET", "/user/leo/api/status").status_code == 403


def test_nobody_logs_in_as_a_learner_without_their_password(hub, people):
    with pytest.raises(PermissionError):
        hub.login("lea", "not-leas-password")
    with pytest.raises(PermissionError):
        hub.login("mallory", password("mallory"))  # not on the roster
    hub.login("lea")  # her own password still works


def test_a_learner_kernel_answer_shows_in_the_trainer_room_view(hub, people, kernels):
    assert answer(kernels["lea"], 0, "nine")["state"] == "sent"
    assert answer(kernels["leo"], 0, "six")["state"] == "sent"
    trainer = people["tina"][0]
    reply = room_json(trainer, hub, "api/room?module=m01")
    assert reply.status_code == 200, reply.text[:500]
    room = reply.json()
    item = next(i for i in room["items"] if i["item_id"] == "m01-check/adult-hours")
    assert set(item["answered"]) == {"lea", "leo"}
    assert "lia" in item["waiting"] and "tina" not in room["learners"]
    counts = {bar["text"]: bar["count"] for bar in item["bars"]}
    assert counts["9 hours"] == 1 and counts["6 hours"] == 1 and counts["3 hours"] == 0
    assert item["share_correct_first"] == 0.5
    page = room_json(trainer, hub, "fragment?module=m01")
    assert page.status_code == 200
    assert "<strong>2 of 33</strong> answered" in page.text  # 3 learners + 30 (load)
    assert "Not answered yet" in page.text and "lia" in page.text
    full = trainer.get(hub.url + ROOM + "?module=m01", timeout=30)
    assert full.status_code == 200 and "The room, live: module m01" in full.text
    assert "http" not in full.text.split("<body>", 1)[1]  # nothing from another host


def test_the_projected_room_view_updates_by_itself(hub, kernels):
    traffic = Traffic()
    with offline_browser() as browser:
        page = open_offline(browser, f"{hub.url}/hub/login?next={ROOM}%3Fmodule%3Dm01", traffic)
        page.fill("#username_input", "tina")
        page.fill("#password_input", password("tina"))
        page.click("#login_submit")
        page.wait_for_selector("section.item")
        question = page.locator("section.item", has_text="3rd-edition numbering")
        before = int(question.locator(".stats strong").first.inner_text().split()[0])
        answer(kernels["leo"], 3, "two-one")
        deadline = time.monotonic() + 15  # the page polls every second in this hub
        while time.monotonic() < deadline:
            now = int(question.locator(".stats strong").first.inner_text().split()[0])
            if now == before + 1:
                break
            time.sleep(0.2)
        assert now == before + 1, page.locator("#status").inner_text()
        assert "leo" not in question.locator(".waiting").inner_text()
    assert not traffic.external and not traffic.console_errors, traffic


def test_learners_get_403_for_the_room_and_for_anyone_elses_records(hub, people, kernels):
    lea_session, lea_token = people["lea"]
    page = lea_session.get(hub.url + ROOM, timeout=30)
    assert page.status_code == 403 and "Not for this account" in page.text
    for path in ("api/room", "api/records", "api/records/leo", "fragment"):
        assert hub.api(lea_token, "GET", ROOM + path).status_code == 403, path
    assert hub.api(lea_token, "GET", ROOM + "api/records/lea").status_code == 200
    assert requests.get(hub.url + ROOM + "api/records/lea", timeout=10).status_code == 403
    forged = {"format": EXPORT_FORMAT, "version": 1, "learner_id": "leo",
              "exported_at": datetime.now(UTC).isoformat(), "records": [_record("leo")]}
    sent = hub.api(lea_token, "POST", ROOM + "api/records", json=forged)
    assert sent.status_code == 403 and "own records" in sent.json()["error"]
    # from her kernel, with her server's token: the same answers
    out = kernels["lea"].run("""
from widgets.progress.sync import fetch_room_exports
try:
    fetch_room_exports()
except RuntimeError as exc:
    print(exc)
""")
    assert "403" in out and "only trainers" in out


def test_answers_wait_while_the_service_is_away_and_arrive_once(hub, kernels, people):
    lia = kernels["lia"]
    dead = f"http://127.0.0.1:{free_port()}{ROOM}"
    lia.run(f"import os; real_url = os.environ['IOP_ROOM_URL']; "
            f"os.environ['IOP_ROOM_URL'] = {dead!r}")
    away = [answer(lia, 1, "iop"), answer(lia, 2, "php")]
    assert [s["state"] for s in away] == ["pending", "pending"]
    assert away[1]["pending"] == 2
    # the service is back: the kernel's retry thread sends both, with no new click
    done = json.loads(lia.run("""
import json, time
from widgets.progress import sync as client
os.environ['IOP_ROOM_URL'] = real_url
deadline = time.monotonic() + 20
while client.last_status().state != "sent" and time.monotonic() < deadline:
    time.sleep(0.1)
from widgets.progress import ProgressStore
with ProgressStore() as store:
    uids = [r.uid for r in store.records("lia")]
print(json.dumps({"state": client.last_status().state, "uids": uids}))
"""))
    assert done["state"] == "sent"
    token = people["tina"][1]
    stored = hub.api(token, "GET", ROOM + "api/records/lia").json()
    assert [r["uid"] for r in stored["records"]] == done["uids"] and len(done["uids"]) == 2
    # everything sent again (the kernel forgot what was confirmed): still stored once
    again = json.loads(lia.run("""
from widgets.progress.sync import _acks_path, sync
from widgets.progress import default_path
_acks_path(default_path()).unlink()
print(json.dumps(sync().__dict__))
"""))
    assert again["state"] == "sent"
    assert len(hub.api(token, "GET", ROOM + "api/records/lia").json()["records"]) == 2


def test_cohort_dashboard_reads_the_room_from_the_trainers_kernel(hub, people, kernels):
    out = kernels["tina"].run("""
import json
from widgets.trainer.view import CohortDashboard
from widgets.progress.sync import fetch_room_exports
raw = [json.loads(doc)["learner_id"] for _, doc in fetch_room_exports()]
dashboard = CohortDashboard()
dashboard.load_room()  # the button the dashboard shows on the hub
print(json.dumps({"learners": sorted(dashboard.cohort.learners), "raw": raw,
                  "status": str(dashboard._status.value)}))
""")
    seen = json.loads(out)
    stored = hub.api(people["tina"][1], "GET", ROOM + "api/records").json()
    with closing(sqlite3.connect(hub.folder / "iop-room.sqlite3")) as room_db:
        on_disk = room_db.execute(
            "SELECT learner_id, count(*) FROM records GROUP BY learner_id").fetchall()
    assert {"lea", "leo"} <= set(seen["learners"]), (seen, [
        (e["learner_id"], len(e["records"])) for e in stored["exports"]], on_disk)
    out = kernels["lea"].run("""
from widgets.trainer.view import CohortDashboard
dashboard = CohortDashboard()
dashboard.load_room()
print(dashboard._status.value)
""")
    assert "Not loaded" in out and "only trainers" in out


def _record(learner: str, item: str = "m02-check/q1") -> dict:
    return {"learner_id": learner, "module": "m02", "item_id": item, "correct": True,
            "answer": ["a"], "recorded_at": datetime.now(UTC).isoformat(),
            "uid": uuid.uuid4().hex}


def test_thirty_learners_answering_at_once_lose_nothing(hub, people):
    admin = hub.login("hubadmin")
    admin_token = hub.token(admin, "hubadmin")
    tokens = {}
    for name in LOAD:  # tokens for the room only, as their servers' tokens would be
        reply = hub.api(admin_token, "POST", f"/hub/api/users/{name}/tokens",
                        json={"scopes": ["access:services!service=iop-room"]})
        assert reply.status_code == 201, reply.text
        tokens[name] = reply.json()["token"]
    answers_each = 10
    sent = {name: [_record(name, f"m02-check/q{i}") for i in range(answers_each)]
            for name in LOAD}
    start = threading.Barrier(len(LOAD), timeout=30)
    latencies: list[float] = []

    def learner(name: str) -> int:
        session = requests.Session()
        session.headers["Authorization"] = f"token {tokens[name]}"
        start.wait()
        for i, rec in enumerate(sent[name]):
            batch = sent[name][: i + 1]  # each click re-sends what was not confirmed yet
            body = {"format": EXPORT_FORMAT, "version": 1, "learner_id": name,
                    "exported_at": rec["recorded_at"], "records": batch[-2:]}
            t0 = time.perf_counter()
            reply = session.post(hub.url + ROOM + "api/records", json=body, timeout=30)
            latencies.append(time.perf_counter() - t0)
            assert reply.status_code == 200, reply.text
        return answers_each

    with ThreadPoolExecutor(len(LOAD)) as pool:
        assert sum(pool.map(learner, LOAD, timeout=120)) == 300
    reply = hub.api(people["tina"][1], "GET", ROOM + "api/records")
    assert reply.status_code == 200
    room = {doc["learner_id"]: doc for doc in reply.json()["exports"]}
    for name in LOAD:
        learner_id, records = parse_export(json.dumps(room[name]))
        assert [r.uid for r in records] == [r["uid"] for r in sent[name]], name
    latencies.sort()
    print(f"\n30 learners x {answers_each} answers: write p50 "
          f"{1000 * statistics.median(latencies):.1f} ms, p95 "
          f"{1000 * latencies[int(0.95 * len(latencies))]:.1f} ms")
