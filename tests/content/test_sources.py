"""Sources we can defend (issue 15).

Three rules, each checked on the repository and shown to fail on bad input:

1. Every entry of ``references.bib`` states what kind of source it is, in a field
   ``sourcekind = {K}`` with K one of :data:`SOURCE_KINDS`; no key is defined twice.
2. No entry comes from an AI question-and-answer site, a treatment centre's marketing
   pages or an exam-prep site (:data:`DENYLIST`, matched on domains and publisher names
   in any field of the entry).
3. A citation of an entry whose kind is ``secondary`` says so where it is made: the words
   "secondary source" (any case; "(secondary source)" is the usual form) appear in the
   same *unit* of text as the citation.  A unit is

   - in Markdown (pages, handouts, facilitator guides, notebook markdown cells): the
     paragraph, list item, table row or definition that holds the ``{cite}`` role;
   - in YAML content: the mapping that holds the ``cite:`` list (any text inside it, for
     example a question's prompt, options or explanation, or a scenario's summary).  A
     mapping with ``evidence: secondary`` is labelled too: the page renders that field as
     "(secondary source)" after the statement (Module 6's clinical data).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
BIB = ROOT / "references.bib"
FIXTURES = ROOT / "tests" / "fixtures" / "sources"

SOURCE_KINDS = frozenset({"regulation", "federal-guidance", "peer-reviewed",
                          "professional-society", "drug-label", "secondary"})
"""The kinds a bibliography entry may state (``sourcekind``)."""

DENYLIST: tuple[tuple[str, str], ...] = (
    (r"droracle\.ai|\bdr\.? ?oracle\b", "an AI question-and-answer site"),
    (r"open-exam-prep\.com|\bopen exam prep\b|\bexam[- ]prep\b|\bstudy guide\b",
     "an exam-prep site"),
    (r"theraleighhouse\.com|\braleigh house\b|addiction-blog",
     "a treatment centre's marketing pages"),
)
"""(pattern, what it is): sources never cited for a clinical fact, whatever their kind."""

LABEL = "secondary source"
CITE_ROLE = re.compile(r"\{cite(?::\w+)?\}`([^`]+)`")


# --------------------------------------------------------------------------- the bib


@dataclass(frozen=True)
class BibEntry:
    """One ``@type{key, ...}`` entry: its key, the line it starts on and its fields."""

    key: str
    line: int
    fields: dict[str, str]


def _braced(text: str, start: int) -> int:
    """Index just past the brace group that opens at ``text[start] == '{'``."""
    depth = 0
    for i in range(start, len(text)):
        depth += {"{": 1, "}": -1}.get(text[i], 0)
        if depth == 0:
            return i + 1
    raise ValueError(f"unbalanced braces from offset {start}")


_FIELD = re.compile(r"\s*,?\s*(\w[\w-]*)\s*=\s*")


def _fields(body: str) -> dict[str, str]:
    """``name = {value}`` / ``"value"`` / bare-word fields of one entry's body."""
    out: dict[str, str] = {}
    pos = 0
    while True:
        m = _FIELD.match(body, pos)
        if not m:
            return out
        pos = m.end()
        if pos < len(body) and body[pos] == "{":
            end = _braced(body, pos)
            value = body[pos + 1:end - 1]
        elif pos < len(body) and body[pos] == '"':
            end = body.index('"', pos + 1) + 1
            value = body[pos + 1:end - 1]
        else:
            end = pos + len(re.match(r"[^,\s}]*", body[pos:]).group(0))
            value = body[pos:end]
        out[m.group(1).lower()] = " ".join(value.split())
        pos = end


def parse_bib(path: Path) -> list[BibEntry]:
    """Every entry of a BibTeX file, in order (duplicates kept, for the check to see)."""
    text = path.read_text(encoding="utf-8")
    entries = []
    for m in re.finditer(r"@(\w+)\s*\{\s*([^,\s]+)\s*,", text):
        if m.group(1).lower() in {"comment", "preamble", "string"}:
            continue
        end = _braced(text, text.index("{", m.start()))
        body = text[m.end():end - 1]
        entries.append(BibEntry(m.group(2), text.count("\n", 0, m.start()) + 1, _fields(body)))
    return entries


def bib_problems(path: Path) -> list[str]:
    """What is wrong with a bibliography, one message per problem, naming key and line."""
    entries = parse_bib(path)
    problems = []
    for key, n in Counter(e.key for e in entries).items():
        if n > 1:
            lines = ", ".join(str(e.line) for e in entries if e.key == key)
            problems.append(f"{key}: defined {n} times (lines {lines}); keep one entry")
    for e in entries:
        kind = e.fields.get("sourcekind")
        if kind is None:
            problems.append(f"{e.key} (line {e.line}): no sourcekind field; add one of "
                            f"{', '.join(sorted(SOURCE_KINDS))}")
        elif kind not in SOURCE_KINDS:
            problems.append(f"{e.key} (line {e.line}): sourcekind {kind!r} is not one of "
                            f"{', '.join(sorted(SOURCE_KINDS))}")
        everything = " ".join(e.fields.values()).lower()
        for pattern, what in DENYLIST:
            if re.search(pattern, everything):
                problems.append(f"{e.key} (line {e.line}): is {what}; such a source is "
                                f"never cited: cite the primary source instead")
    return problems


def secondary_keys(path: Path = BIB) -> frozenset[str]:
    """Keys of the entries whose ``sourcekind`` is ``secondary``."""
    return frozenset(e.key for e in parse_bib(path) if e.fields.get("sourcekind") == "secondary")


# ------------------------------------------------------------------ citation labels


_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")


def markdown_units(text: str) -> list[str]:
    """Paragraphs, list items, table rows and definitions of a Markdown text."""
    units: list[str] = []
    current: list[str] = []

    def close() -> None:
        if current:
            units.append(" ".join(current))
            current.clear()

    for line in text.splitlines():
        s = line.strip()
        if not s:
            close()
        elif s.startswith("|"):
            close()
            units.append(s)
        else:
            if _ITEM.match(line) or s.startswith(": "):
                close()
            current.append(s)
    close()
    return units


def _cited(text: str) -> set[str]:
    return {k.strip() for group in CITE_ROLE.findall(text) for k in group.split(",")}


def unlabelled_in_markdown(text: str, secondary: frozenset[str]) -> list[str]:
    """Units citing a secondary entry without saying "secondary source"."""
    out = []
    for unit in markdown_units(text):
        keys = sorted(_cited(unit) & secondary)
        if keys and LABEL not in unit.lower():
            out.append(f"{', '.join(keys)} in: {unit[:110]}...")
    return out


def _strings(node: object) -> Iterator[str]:
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from _strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from _strings(value)


def unlabelled_in_yaml(node: object, secondary: frozenset[str], where: str = "") -> list[str]:
    """Mappings whose ``cite`` list names a secondary entry, with no label in the mapping."""
    out = []
    if isinstance(node, dict):
        cite = node.get("cite")
        if isinstance(cite, list):
            keys = sorted(set(map(str, cite)) & secondary)
            text = " ".join(s for k, v in node.items() if k != "cite" for s in _strings(v))
            rendered_label = node.get("evidence") == "secondary"
            if keys and LABEL not in text.lower() and not rendered_label:
                label = node.get("id", where or "top level")
                out.append(f"{', '.join(keys)} cited by {label!s} with no "
                           f"'{LABEL}' in its text")
        for k, v in node.items():
            out += unlabelled_in_yaml(v, secondary, f"{where}.{k}" if where else str(k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            out += unlabelled_in_yaml(v, secondary, f"{where}[{i}]")
    return out


def _content_files() -> list[Path]:
    found = [ROOT / "intro.md"]
    for folder in ("curriculum", "exercises"):
        for pattern in ("*.md", "*.ipynb", "*.yaml", "*.yml"):
            found += (p for p in (ROOT / folder).rglob(pattern)
                      if ".ipynb_checkpoints" not in p.parts and "_build" not in p.parts)
    return sorted(set(found))


def unlabelled_in_file(path: Path, secondary: frozenset[str]) -> list[str]:
    """Every unlabelled citation of a secondary entry in one content file."""
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".ipynb":
        cells = json.loads(text)["cells"]
        out = []
        for cell in cells:
            if cell["cell_type"] == "markdown":
                source = "".join(cell["source"])
                out += [f"cell {cell.get('id', '?')}: {p}"
                        for p in unlabelled_in_markdown(source, secondary)]
        return out
    if path.suffix in (".yaml", ".yml"):
        return unlabelled_in_yaml(yaml.safe_load(text), secondary)
    return unlabelled_in_markdown(text, secondary)


# --------------------------------------------------------------------- the rules


def test_every_bibliography_entry_states_a_valid_kind_and_none_is_denylisted():
    problems = bib_problems(BIB)
    assert not problems, "references.bib:\n" + "\n".join(problems)


def test_the_bibliography_has_every_kind_of_primary_source():
    kinds = Counter(e.fields.get("sourcekind") for e in parse_bib(BIB))
    assert set(kinds) <= SOURCE_KINDS
    assert SOURCE_KINDS - {"secondary"} <= set(kinds), kinds


CONTENT = _content_files()


@pytest.mark.parametrize("path", CONTENT, ids=[str(p.relative_to(ROOT)) for p in CONTENT])
def test_every_citation_of_a_secondary_source_is_labelled(path):
    problems = unlabelled_in_file(path, secondary_keys())
    assert not problems, (f"{path.relative_to(ROOT)}: say 'secondary source' where these "
                          f"are cited:\n" + "\n".join(problems))


# ------------------------------------------------------- the checks can fail


def test_bib_check_names_each_bad_entry_of_the_fixture():
    problems = "\n".join(bib_problems(FIXTURES / "bad.bib"))
    for key, expected in {
        "AIAnswer-Fixture": "AI question-and-answer site",
        "ExamPrep-Fixture": "exam-prep site",
        "Marketing-Fixture": "treatment centre's marketing pages",
        "NoKind-Fixture": "no sourcekind field",
        "BlogKind-Fixture": "sourcekind 'blog' is not one of",
        "Twice-Fixture": "defined 2 times",
    }.items():
        assert re.search(rf"^{re.escape(key)}\b.*{re.escape(expected)}", problems, re.M), \
            (key, problems)
    assert "Good-Fixture" not in problems


def test_bib_parser_reads_nested_braces_quotes_and_bare_values():
    entries = {e.key: e for e in parse_bib(FIXTURES / "bad.bib")}
    good = entries["Good-Fixture"].fields
    assert good["title"] == "A {Nested} title, with a comma"
    assert good["year"] == "2020"
    assert good["sourcekind"] == "peer-reviewed"


SECONDARY = frozenset({"Summary2020"})


def test_an_unlabelled_secondary_citation_is_flagged_in_markdown():
    text = ("A claim {cite}`Primary2020,Summary2020`.\n\n"
            "A labelled claim (secondary source) {cite}`Summary2020`.\n\n"
            "| Row | labelled, secondary source | {cite}`Summary2020` |\n"
            "| Row | not labelled | {cite}`Summary2020` |\n\n"
            "- An item (secondary source) {cite}`Summary2020`\n"
            "- Another item {cite:p}`Summary2020`\n")
    problems = unlabelled_in_markdown(text, SECONDARY)
    assert len(problems) == 3, problems
    assert problems[0].startswith("Summary2020 in: A claim")
    assert "not labelled" in problems[1] and "Another item" in problems[2]


def test_an_unlabelled_secondary_citation_is_flagged_in_yaml():
    data = yaml.safe_load("""
questions:
  - id: labelled
    prompt: As a secondary source describes it, what...
    cite: [Summary2020]
  - id: unlabelled
    prompt: What...
    options: [{id: a, text: A}]
    cite: [Primary2020, Summary2020]
  - id: primary-only
    prompt: What...
    cite: [Primary2020]
""")
    problems = unlabelled_in_yaml(data, SECONDARY)
    assert problems == ["Summary2020 cited by unlabelled with no 'secondary source' in its text"]
