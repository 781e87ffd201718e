"""The learner's progress page, driven in plain pytest."""

from __future__ import annotations

import pytest

from widgets.core.registry import modules
from widgets.knowledge_check import load_check
from widgets.progress import set_learner
from widgets.progress.view import MyProgress


@pytest.fixture
def store_path(monkeypatch, tmp_path):
    path = tmp_path / "progress.sqlite3"
    monkeypatch.setenv("IOP_PROGRESS_DB", str(path))
    monkeypatch.delenv("IOP_LEARNER", raising=False)
    yield path
    set_learner(None)


def test_without_a_learner_it_explains_how_to_start(store_path):
    view = MyProgress()
    assert "Nothing is recorded yet" in view._status.value
    view._start.click()
    assert "Type a learner id first" in view._status.value
    assert not store_path.exists()


def test_starting_shows_every_module_and_blocks_an_unearned_certificate(store_path):
    view = MyProgress()
    view._learner.value = "learner-a"
    view._start.click()
    assert "Recording as <strong>learner-a" in view._status.value
    for spec in modules():
        assert f'<th scope="row">{spec.label}</th>' in view._table.value
    view._name.value = "Alex Example"
    view._certificate.click()
    assert "no certificate yet" in view._download.value and "m01" in view._download.value


def test_certificate_is_offered_when_every_check_is_passed(store_path):
    from widgets.core.content import index
    from widgets.core.registry import module_of_check
    from widgets.progress import ProgressStore

    with ProgressStore(store_path) as store:
        for check in index().of_kind("knowledge-check"):
            for q in load_check(check.id).questions:
                store.record("learner-b", module_of_check(check.id).id, f"{check.id}/{q.id}",
                             correct=True,
                             answer=sorted(q.correct_ids))
    view = MyProgress()
    view._learner.value = "learner-b"
    view._start.click()
    assert "not yet passed" not in view._table.value
    view._name.value = "Blake Example"
    view._certificate.click()
    assert 'href="data:application/pdf;base64,' in view._download.value
