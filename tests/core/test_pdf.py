"""PDF text in any script (issue 16): read back with pypdf, fonts checked in the file.

A learner's name in Chinese printed blank on the certificate, Arabic letters were not
joined, and the session plan printed anything beyond Latin-1 as ``?``.  Every PDF now
starts with :func:`widgets.core.pdf.new_document`; these tests read each document back
and look at the fonts embedded in it.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from tests.limits import ROOT
from widgets.core import pdf as core_pdf
from widgets.core.content import load
from widgets.core.pdf import (
    CJK_FONT_PACKAGE,
    FONT,
    PdfTextError,
    check_text,
    needs_shaping,
    new_document,
    pdf_bytes,
)
from widgets.group_facilitation import Block
from widgets.group_facilitation.content import template
from widgets.group_facilitation.model import MAX_TOPIC_CHARS
from widgets.group_facilitation.render import plan_pdf as session_plan_pdf
from widgets.progress import ProgressStore
from widgets.progress.certificate import (
    MAX_NAME_CHARS,
    MAX_ORGANISATION_CHARS,
    CertificateError,
    certificate_data,
    render_pdf,
)
from widgets.safety import content as safety_content
from widgets.safety.model import SafetyPlan
from widgets.safety.render import MAX_ITEM_CHARS, PlanTooLongError
from widgets.safety.render import plan_pdf as safety_plan_pdf

CHINESE, ARABIC, HEBREW = "李小龙", "محمد علي", "שלום עולם"
LTR_SAMPLES = {"Chinese": CHINESE, "Japanese": "さくら カタカナ", "Korean": "김민준",
               "Cyrillic": "Ёлка Привет", "Greek": "Ελληνικά Ψ", "accented Latin":
               "Zoë Ångström Łukasz Dvořák Nguyễn"}
ARABIC_JOINED = {0xFEE3, 0xFEA4, 0xFEAA}  # محمد: meem initial, hah medial, dal final
GUIDE = safety_content.safety_plan_guide()


def text_of(data: bytes) -> str:
    return " ".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


def embedded_fonts(data: bytes) -> dict[str, frozenset[int]]:
    """Each font of the document: its name -> the code points its embedded glyphs map."""
    fonts: dict[str, frozenset[int]] = {}
    for page in PdfReader(io.BytesIO(data)).pages:
        for ref in page["/Resources"]["/Font"].values():
            font = ref.get_object()
            descendant = font["/DescendantFonts"][0].get_object()  # KeyError: not embedded
            stream = descendant["/FontDescriptor"].get_object()["/FontFile2"].get_object()
            with TTFont(io.BytesIO(stream.get_data())) as embedded:
                fonts[str(font["/BaseFont"])] = frozenset(embedded.getBestCmap())
    return fonts


def one_page(*texts: str, style: str = "") -> bytes:
    doc = new_document(format="A4")
    doc.add_page()
    doc.set_font(FONT, style, 12)
    for text in texts:
        doc.multi_cell(0, 8, text, new_x="LMARGIN", new_y="NEXT")
    return pdf_bytes(doc)


# ------------------------------------------------------------- core.pdf


def test_the_cjk_font_is_installed_as_setup_installs_it():
    assert core_pdf._cjk_file() is not None, (
        f"the Debian package {CJK_FONT_PACKAGE} is missing: run scripts/setup.sh")


@pytest.mark.parametrize("script, text", LTR_SAMPLES.items(), ids=LTR_SAMPLES.keys())
@pytest.mark.parametrize("style", ["", "B", "I"])
def test_left_to_right_scripts_read_back_as_written(script, text, style):
    data = one_page(f"Name: {text}", style=style)
    assert f"Name: {text}" in text_of(data)
    assert all(embedded_fonts(data)), "every font is embedded"


@pytest.mark.parametrize("style", ["", "B", "I"])
def test_arabic_is_joined_and_hebrew_and_arabic_run_right_to_left(style):
    data = one_page(ARABIC, HEBREW, style=style)
    glyphs = frozenset().union(*embedded_fonts(data).values())
    assert ARABIC_JOINED <= glyphs, "the contextual (joined) forms of the letters are used"
    text = text_of(data)
    for word in (*ARABIC.split(), *HEBREW.split()):  # pypdf gives the words in visual order
        assert word in text, word


def test_lines_after_a_fallback_font_keep_their_own_font():
    """fpdf2 2.8.9 left the fallback font active after a line that ended in it, so the
    next line printed garbage (wrong glyphs) or nothing."""
    doc = new_document(format="A4")
    doc.add_page()
    doc.set_font(FONT, "I", 12)
    doc.multi_cell(0, 8, f"{ARABIC}\nHello world", new_x="LMARGIN", new_y="NEXT")
    doc.multi_cell(0, 8, CHINESE, new_x="LMARGIN", new_y="NEXT")
    doc.multi_cell(0, 8, "Hello again", new_x="LMARGIN", new_y="NEXT")
    doc.set_font(FONT, "B", 12)
    doc.cell(0, 8, f"{CHINESE} bold", new_x="LMARGIN", new_y="NEXT")
    doc.cell(0, 8, "Bold after", new_x="LMARGIN", new_y="NEXT")
    lines = text_of(pdf_bytes(doc)).splitlines()
    assert lines[1:] == ["Hello world", CHINESE, "Hello again", f"{CHINESE} bold",
                         "Bold after"]


def test_text_needing_no_shaping_is_laid_out_directly():
    assert not needs_shaping("Zoë Ångström, Ёлка, Ελληνικά, 李小龙")
    assert needs_shaping(ARABIC) and needs_shaping(HEBREW) and needs_shaping("e\u0301")


def test_fallback_fonts_are_added_only_when_a_text_needs_them():
    doc = new_document()
    doc.add_page()
    doc.cell(0, 8, "Latin only")
    assert sorted(doc.fonts) == [FONT.lower()]
    doc.cell(0, 8, CHINESE)
    assert "cjk" in doc.fonts
    pdf_bytes(doc)


@pytest.mark.parametrize("text, problem", [
    ("x" * 81, "is 81 characters long; at most 80 fit on the PDF"),
    ("Ana\x07", "control character (U+0007)"),
    ("अनन्या", "'अ' (U+0905 DEVANAGARI LETTER A)"),
])
def test_check_text_names_the_field_and_the_problem(text, problem):
    with pytest.raises(PdfTextError) as info:
        check_text(text, field="the name", limit=80)
    assert str(info.value).startswith("the name ") and problem in str(info.value)


def test_without_uharfbuzz_text_needing_shaping_is_refused_by_name(monkeypatch):
    monkeypatch.setattr(core_pdf, "_can_shape", lambda: False)
    with pytest.raises(PdfTextError, match="needs the uharfbuzz package"):
        check_text(ARABIC, field="the name", limit=80)
    assert "Zoë" in text_of(one_page("Zoë", CHINESE))


SCRIPTS = st.one_of(st.characters(codec=None, categories=None, max_codepoint=0x2FFFF),
                    st.sampled_from(list("李小龙さくら김민준محمدעולםЁлкаΨçÅ\u0301\u200d\u200f ")))


@settings(max_examples=30, deadline=None)
@given(st.text(SCRIPTS, max_size=40), st.sampled_from(["", "B", "I", "BI"]))
def test_any_text_is_refused_with_a_message_or_printed(text, style):
    try:
        check_text(text, field="the text", limit=40)
    except PdfTextError as exc:
        assert str(exc).startswith("the text ")
        return
    data = one_page(text or " ", style=style)
    assert data.startswith(b"%PDF-") and all(embedded_fonts(data).values())


def test_a_missing_cjk_font_is_named_with_its_package(monkeypatch):
    monkeypatch.setattr(core_pdf, "CJK_FONT_FILES", (Path("/nonexistent/cjk.ttc"),))
    monkeypatch.delenv("IOP_PDF_CJK_FONT", raising=False)
    with pytest.raises(PdfTextError, match=f"install the Debian package {CJK_FONT_PACKAGE}"):
        check_text(CHINESE, field="the name", limit=80)
    assert check_text("Zoë", field="the name", limit=80) == "Zoë"


# ----------------------------------------------------------- the certificate


@pytest.fixture(scope="module")
def passed_store(tmp_path_factory):
    from widgets.core.registry import knowledge_check_items

    with ProgressStore(tmp_path_factory.mktemp("cert") / "p.sqlite3") as store:
        for item in knowledge_check_items()["m01"]:
            store.record("ana", "m01", item, correct=True, answer=["x"])
        yield store


def certificate(store: ProgressStore, name: str) -> bytes:
    from widgets.core.registry import knowledge_check_items

    return render_pdf(certificate_data(
        "ana", name, store=store, catalog={"m01": knowledge_check_items()["m01"]},
        cmap=load("competency-map", "competency-map"), issued=date(2026, 1, 5)))


@pytest.mark.parametrize("name", [CHINESE, "さくら 김민준", "Ёлка Ελληνικά", "Nguyễn Dvořák"])
def test_a_name_in_any_script_prints_on_the_certificate(passed_store, name):
    text = " ".join(text_of(certificate(passed_store, name)).split())
    assert f"This certifies that {name}" in text and f"Practised by {name}" in text


def test_an_arabic_name_prints_joined_on_the_certificate(passed_store):
    data = certificate(passed_store, ARABIC)
    assert ARABIC_JOINED <= frozenset().union(*embedded_fonts(data).values())
    assert all(word in text_of(data) for word in ARABIC.split())


@pytest.mark.parametrize("name, problem", [
    ("A" * (MAX_NAME_CHARS + 1), f"at most {MAX_NAME_CHARS} fit on the certificate"),
    ("अनन्या", "no font here can print"),
])
def test_a_name_that_cannot_print_is_refused_before_rendering(passed_store, name, problem):
    with pytest.raises(CertificateError, match=problem):
        certificate(passed_store, name)


def test_an_organisation_too_long_is_refused_not_cut(passed_store, monkeypatch):
    monkeypatch.setenv("IOP_ORGANISATION", "Riverside " * 20)
    with pytest.raises(CertificateError, match=f"at most {MAX_ORGANISATION_CHARS}"):
        certificate(passed_store, "Ana")


# ------------------------------------------------------------- the safety plan


def test_the_safety_plan_prints_any_script():
    plan = SafetyPlan(client=CHINESE, counselor="Ёлка", warning_signs=[ARABIC],
                      internal_coping=["Walk the dog in the Ελληνικά park"],
                      safe_environment=[HEBREW])
    data = safety_plan_pdf(plan, GUIDE)
    text = text_of(data)
    assert f"Name: {CHINESE}" in text and "Completed with: Ёлка" in text
    assert "Walk the dog in the Ελληνικά park" in text
    assert ARABIC_JOINED <= frozenset().union(*embedded_fonts(data).values())


@pytest.mark.parametrize("plan, error, problem", [
    (SafetyPlan(warning_signs=["word " * 70]), PlanTooLongError,
     f"item 1 of the step 'warning signs' is 349 characters long; at most {MAX_ITEM_CHARS}"),
    (SafetyPlan(client="A" * 81), PlanTooLongError, "the client's name is 81 characters"),
    (SafetyPlan(counselor="अनन्या"), PdfTextError, "the counselor's name has characters"),
], ids=["long item", "long name", "no font"])
def test_a_safety_plan_text_that_cannot_print_is_named(plan, error, problem):
    with pytest.raises(error, match=problem):
        safety_plan_pdf(plan, GUIDE)


def test_the_safety_plan_view_shows_why_a_pdf_cannot_be_made():
    from widgets.safety.view import SafetyPlanBuilderView

    view = SafetyPlanBuilderView(SafetyPlan(client="अनन्या"))
    assert view.export() is False
    assert "no font here can print" in view._downloads.value


# ------------------------------------------------------------ the session plan


def test_the_session_plan_prints_any_script_in_embedded_fonts():
    plan = template("support", "90-minutes", "Группа поддержки – неделя 3")
    first = plan.blocks[0]
    plan = plan.with_blocks([Block(first.kind, first.minutes, f"{CHINESE} {ARABIC}",
                                   first.lead), *plan.blocks[1:]])
    data = session_plan_pdf(plan)
    text = text_of(data)
    assert "Группа поддержки – неделя 3" in text and CHINESE in text and "?" not in text
    fonts = embedded_fonts(data)  # KeyError here: a core font, not embedded
    assert ARABIC_JOINED <= frozenset().union(*fonts.values())


def test_a_session_topic_with_no_font_is_named_and_the_view_says_so():
    from widgets.group_facilitation.view import SessionPlannerView

    plan = template("support", "90-minutes", "Week 3")
    first = plan.blocks[0]
    plan = plan.with_blocks([Block(first.kind, first.minutes, "अनन्या", first.lead),
                             *plan.blocks[1:]])
    with pytest.raises(PdfTextError, match="the topic of block 1 has characters"):
        session_plan_pdf(plan)
    view = SessionPlannerView()
    view.plan = plan
    assert view.export("pdf") == ""
    assert "the topic of block 1" in view._download.value
    with pytest.raises(ValueError, match=str(MAX_TOPIC_CHARS)):
        Block(first.kind, first.minutes, "t" * (MAX_TOPIC_CHARS + 1))


def test_the_pdf_benchmark_runs():
    done = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "bench_pdf.py"),
                           "--runs", "1", "--json"], capture_output=True, text=True,
                          cwd=ROOT, timeout=300, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    rows = json.loads(done.stdout)["rows"]
    assert len(rows) == 5 and all(r["ratio"] > 0 for r in rows)
