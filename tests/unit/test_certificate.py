"""The certificate (widgets.certificate): earned only when every check is passed; the PDF
is read back with pypdf."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from widgets.core.content import load_file
from widgets.core.schemas import CompetencyMap
from widgets.knowledge_check.schemas import KnowledgeCheck
from widgets.progress import ProgressStore
from widgets.progress.certificate import (
    CertificateError,
    CertificateNotEarned,
    certificate_data,
    render_pdf,
    write_certificate,
)

ROOT = Path(__file__).resolve().parents[2]
CHECK = load_file(ROOT / "curriculum/01_continuum/checks/m01-check.yaml", KnowledgeCheck)
CMAP = load_file(ROOT / "curriculum/competency-map.yaml", CompetencyMap)
ITEMS = [f"m01-check/{q.id}" for q in CHECK.questions]
CATALOG = {"m01": ITEMS}  # module 1 only: the test does not depend on modules in progress
ISSUED = date(2026, 1, 5)


@pytest.fixture
def store(tmp_path):
    with ProgressStore(tmp_path / "p.sqlite3") as s:
        yield s


def answer(store, right: int, *, learner: str = "ana") -> None:
    """Answer every m01 question: the first ``right`` correctly, the rest wrongly."""
    for k, item in enumerate(ITEMS):
        store.record(learner, "m01", item, correct=k < right, answer=["x"])


def pages_of(pdf: bytes | Path) -> list[str]:
    reader = PdfReader(pdf if isinstance(pdf, Path) else __import__("io").BytesIO(pdf))
    return [" ".join((page.extract_text() or "").split()) for page in reader.pages]


def text_of(pdf: bytes | Path) -> str:
    return " ".join(pages_of(pdf))


def make(store, **kwargs):
    kwargs = {"store": store, "catalog": CATALOG, "cmap": CMAP, "root": ROOT,
              "issued": ISSUED, **kwargs}
    return certificate_data("ana", "Ana Ruiz", **kwargs)


# ------------------------------------------------------------------- not earned


def test_not_started_learner_is_told_what_is_missing_when_asking(store, tmp_path):
    target = tmp_path / "cert.pdf"
    with pytest.raises(CertificateNotEarned) as err:
        write_certificate(target, "ana", "Ana Ruiz", store=store, catalog=CATALOG, cmap=CMAP,
                          root=ROOT)
    assert err.value.missing == (
        "m01 (Module 1: IOP in the continuum of care): not started (10 questions; 8 "
        "correct needed)",)
    assert "80% of its questions correct" in str(err.value)
    assert not target.exists()


def test_score_below_pass_mark_is_reported_when_checks_are_partly_right(store):
    answer(store, 7)
    with pytest.raises(CertificateNotEarned, match=r"7 of 10 correct \(70%\); 8 needed"):
        make(store)


def test_unanswered_questions_are_counted_when_check_is_unfinished(store):
    for item in ITEMS[:8]:
        store.record("ana", "m01", item, correct=True)
    make(store)  # 8 of 10 correct reaches 80% even with two questions unanswered
    store.record("ana", "m01", ITEMS[0], correct=False)  # a later wrong answer counts
    with pytest.raises(CertificateNotEarned, match="7 of 10 correct .*2 not answered yet"):
        make(store)


def test_every_unpassed_module_is_listed_when_several_are_missing(store):
    answer(store, 10)
    # m09: a module with checks but no entry in the competency map (so no title to show)
    catalog = {**CATALOG, "m09": ["m09-check/a", "m09-check/b"]}
    with pytest.raises(CertificateNotEarned) as err:
        make(store, catalog=catalog)
    assert err.value.missing == ("m09: not started (2 questions; 2 correct needed)",)


def test_pass_mark_comes_from_the_module_yaml_when_it_changes(store, monkeypatch):
    from widgets.core import registry

    answer(store, 6)
    with pytest.raises(CertificateNotEarned):
        make(store)
    m01 = registry.module("m01", ROOT)
    lower = m01.model_copy(update={"pass_mark": 0.6})
    monkeypatch.setattr(registry, "module", lambda i, root=None: lower if i == "m01"
                        else registry.module(i, root))
    monkeypatch.setattr(registry, "modules", lambda root=None: (lower,))
    assert make(store).modules[0].correct == 6


def test_unmapped_module_is_a_curriculum_error_when_checks_are_passed(store):
    answer(store, 10)
    store.record("ana", "m09", "m09-check/a", correct=True)
    with pytest.raises(CertificateError, match="m09 have no module.yaml") as err:
        make(store, catalog={**CATALOG, "m09": ["m09-check/a"]})
    assert not isinstance(err.value, CertificateNotEarned)


def test_empty_name_is_refused_when_asking(store):
    answer(store, 10)
    with pytest.raises(CertificateError, match="name .* is empty"):
        certificate_data("ana", "   ", store=store, catalog=CATALOG, cmap=CMAP, root=ROOT)


def test_default_curriculum_lists_module_1_when_nothing_is_answered(store):
    with pytest.raises(CertificateNotEarned) as err:
        certificate_data("nobody", "No One", store=store)
    assert any(line.startswith("m01 (Module 1") for line in err.value.missing)


# ------------------------------------------------------------------------ earned


def test_certificate_text_reads_back_when_every_check_is_passed(store, tmp_path):
    answer(store, 10)
    store.record("ana", "m01", ITEMS[9], correct=False)  # latest answer wrong: 9 of 10
    store.record("ana", "m01", "sim/schedule-builder", correct=True, answer={"hours": 10.5})
    target = write_certificate(tmp_path / "cert.pdf", "ana", "Zoë Łukasz-Ruiz", store=store,
                               catalog=CATALOG, cmap=CMAP, root=ROOT, issued=ISSUED)
    assert target.read_bytes().startswith(b"%PDF-")
    text = text_of(target)
    for expected in ["Certificate of completion", "IOP Staff Training Curriculum",
                     "Zoë Łukasz-Ruiz",  # names beyond Latin-1 survive (Unicode font)
                     "passed each module's knowledge check (pass mark 80%)",
                     "Module 1: IOP in the continuum of care", "9 of 10 (90%)",
                     "0.75 hours", "Issued on 5 January 2026", "Learner record: ana",
                     "TAP 21 competencies practised"]:
        assert expected in text, expected
    # Practised = the competencies of the items and simulations in the learner's records,
    # listed on page 2 (page 1 is the certificate itself).
    page_two = pages_of(target)[1]
    practised = sorted(int(n) for n in re.findall(r"(\d+)\. [A-Z]", page_two))
    assert practised == [5, 7, 8, 9, 13]
    assert "Know the diagnostic criteria for substance use disorders" in text
    assert "(Application to Practice)" in text
    # 14 is mapped to an objective only: taught, but not practised in a recorded item.
    assert "medical and pharmacological resources" not in text


def test_total_hours_add_up_when_there_are_several_modules(store):
    answer(store, 10)
    data = make(store)
    assert data.total_hours == pytest.approx(0.75)
    assert [(m.module, m.correct, m.total) for m in data.modules] == [("m01", 10, 10)]


# ------------------------------------------------------- id, issuer, one page


def test_page_one_has_date_id_organisation_and_signature_line(store, monkeypatch):
    answer(store, 10)
    data = make(store)
    pages = pages_of(render_pdf(data))
    assert len(pages) == 2
    first = pages[0]
    assert re.fullmatch(r"IOP-[A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4}", data.certificate_id)
    for expected in ["Issued on 5 January 2026 by The IOP Curriculum Team",
                     f"Certificate id: {data.certificate_id}", "Training director, The IOP "
                     "Curriculum Team", "Date"]:
        assert expected in first, expected
    assert "TAP 21 competencies practised" in pages[1]
    monkeypatch.setenv("IOP_ORGANISATION", "Riverside Recovery Services")
    assert "by Riverside Recovery Services" in pages_of(render_pdf(data))[0]


def test_certificate_id_is_verifiable_against_the_learners_records(store):
    from widgets.progress.certificate import verify_certificate

    answer(store, 10)
    data = make(store)
    assert data.certificate_id == make(store).certificate_id  # same records, same id
    assert verify_certificate(data.certificate_id, "ana", ISSUED, store, CATALOG)
    assert not verify_certificate(data.certificate_id, "ana", date(2026, 1, 6), store, CATALOG)
    assert not verify_certificate(data.certificate_id, "bea", ISSUED, store, CATALOG)
    assert not verify_certificate("IOP-AAAA-AAAA-AAAA", "ana", ISSUED, store, CATALOG)
    store.record("ana", "m01", ITEMS[0], correct=True)  # answers after issuing: still valid
    assert verify_certificate(data.certificate_id.lower(), "ana", ISSUED, store, CATALOG)
    assert make(store).certificate_id != data.certificate_id  # a new certificate: a new id


def test_page_one_holds_six_modules_with_long_titles(store):
    from dataclasses import replace

    answer(store, 10)
    data = make(store)
    long = replace(data.modules[0], title="Module 9: " + "A long module title " * 5)
    six = replace(data, modules=(long,) * 6)
    pages = pages_of(render_pdf(six))
    assert len(pages) == 2 and "Issued on" in pages[0] and "Date" in pages[0]
