"""widgets.core.content: every kind of bad file gets a message naming file, entry and field."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from widgets.core.content import ContentError, ContentIndex, load_file

GOOD = """\
kind: knowledge-check
id: demo-check
title: Demo
questions:
  - id: q1
    type: single
    prompt: Pick one.
    options:
      - {id: a, text: A, correct: true, feedback: Yes.}
      - {id: b, text: B, correct: false, feedback: No.}
    explanation: Because.
    cite: [McCarty2014]
"""


def write(tmp_path: Path, text: str, name: str = "demo-check.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def error_for(tmp_path: Path, text: str) -> ContentError:
    with pytest.raises(ContentError) as info:
        load_file(write(tmp_path, text))
    return info.value


def test_good_file_loads(tmp_path):
    check = load_file(write(tmp_path, GOOD))
    assert check.id == "demo-check" and check.questions[0].correct_ids == {"a"}


def test_unknown_key_names_entry_and_field(tmp_path):
    err = error_for(tmp_path, GOOD.replace("    explanation:", "    hint: x\n    explanation:"))
    assert err.entry == "q1" and err.field == "hint"
    assert "demo-check.yaml: entry 'q1': field 'hint': is not a known field" in str(err)


def test_wrong_type_says_what_was_expected(tmp_path):
    err = error_for(tmp_path, GOOD.replace("correct: true", "correct: 'yes'"))
    assert err.entry == "a" and err.field == "correct"
    assert "expected a valid boolean" in err.problem and "'yes'" in err.problem


def test_missing_field_is_reported(tmp_path):
    err = error_for(tmp_path, GOOD.replace("    explanation: Because.\n", ""))
    assert (err.entry, err.field, err.problem) == ("q1", "explanation", "is required but missing")


def test_single_choice_needs_exactly_one_correct_option(tmp_path):
    err = error_for(tmp_path, GOOD.replace("correct: false", "correct: true"))
    assert err.entry == "q1" and "exactly one option" in err.problem


def test_duplicate_question_ids_are_an_error(tmp_path):
    doubled = GOOD + GOOD.split("questions:\n")[1]
    err = error_for(tmp_path, doubled)
    assert err.entry == "demo-check" and "duplicate question id(s) q1" in err.problem


def test_duplicate_yaml_keys_are_an_error(tmp_path):
    err = error_for(tmp_path, GOOD.replace("title: Demo", "title: Demo\ntitle: Again"))
    assert "duplicate key 'title'" in err.problem and "line" in err.problem


def test_invalid_yaml_names_line(tmp_path):
    err = error_for(tmp_path, "kind: [unclosed\n")
    assert "not valid YAML" in err.problem and "line" in err.problem


def test_unknown_kind_lists_known_kinds(tmp_path):
    err = error_for(tmp_path, GOOD.replace("kind: knowledge-check", "kind: quizz"))
    assert err.field == "kind" and "knowledge-check" in err.problem


def test_empty_file_is_an_error(tmp_path):
    err = error_for(tmp_path, "")
    assert "empty file" in err.problem


def test_bad_id_pattern_is_explained(tmp_path):
    err = error_for(tmp_path, GOOD.replace("id: q1", "id: Q_1"))
    assert err.field == "id" and "kebab-case" in err.problem


def test_missing_citation_key_is_an_error(tmp_path):
    bib = write(tmp_path, "@misc{McCarty2014,\n title={x}\n}\n", "refs.bib")
    good = write(tmp_path, GOOD)
    ContentIndex([good], bib)  # resolves
    bad = write(tmp_path, GOOD.replace("McCarty2014", "Nobody1999"))
    with pytest.raises(ContentError, match="citation key 'Nobody1999' is not in references.bib"):
        ContentIndex([bad], bib)


def test_duplicate_ids_across_files_are_an_error(tmp_path):
    a = write(tmp_path, GOOD, "a.yaml")
    b = write(tmp_path, GOOD, "b.yaml")
    with pytest.raises(ContentError, match="duplicate knowledge-check id; already used in"):
        ContentIndex([a, b])


def test_cli_exits_nonzero_with_message_on_bad_file(tmp_path):
    bad = write(tmp_path, GOOD.replace("type: single", "type: essay"))
    done = subprocess.run([sys.executable, "-m", "widgets.core.content", "check", str(bad)],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 1
    assert "entry 'q1': field 'type'" in done.stderr and "'single' or 'multiple'" in done.stderr


def test_cli_accepts_good_file(tmp_path):
    done = subprocess.run([sys.executable, "-m", "widgets.core.content", "check",
                           str(write(tmp_path, GOOD))], capture_output=True, text=True)
    assert done.returncode == 0 and "1 content files valid" in done.stdout


# ------------------------------------------------------------------ load_kind


def _repo(tmp_path: Path) -> Path:
    (tmp_path / "curriculum" / "m99").mkdir(parents=True)
    (tmp_path / "references.bib").write_text("@misc{McCarty2014,\n title={x}\n}\n")
    return tmp_path


@pytest.mark.parametrize("kind", ["knowledge-check", "case", "withdrawal-case", "scenario",
                                  "continued-stay-review", "rp-vignette", "competency-map"])
def test_load_kind_gives_what_the_full_index_gives(kind):
    from widgets.core.content import _load_kind, content_root, index

    root = content_root().resolve()
    fresh = list(_load_kind(kind, root))  # reads only that kind's files
    assert fresh, f"no {kind} in the repository"
    assert fresh == index().of_kind(kind)


def test_load_kind_parses_only_files_of_that_kind(tmp_path, monkeypatch):
    import widgets.core.content as content

    root = _repo(tmp_path)
    write(root / "curriculum" / "m99", GOOD)
    write(root / "curriculum" / "m99", "kind: case\nid: broken-case\n  : not yaml [",
          "broken-case.yaml")  # another kind, invalid: never parsed
    write(root / "curriculum" / "m99", GOOD.replace("kind: knowledge-check",
                                                    'kind: "knowledge-check"  # quoted')
          .replace("id: demo-check", "id: quoted-check"), "quoted-check.yaml")
    parsed = []
    real = content.read_yaml
    monkeypatch.setattr(content, "read_yaml", lambda p: parsed.append(p.name) or real(p))
    checks = content.load_kind("knowledge-check", root)
    assert [c.id for c in checks] == ["demo-check", "quoted-check"]
    assert sorted(parsed) == ["demo-check.yaml", "quoted-check.yaml"]


def test_load_kind_names_the_file_of_a_bad_entry_and_of_a_duplicate_id(tmp_path):
    from widgets.core.content import load_kind

    root = _repo(tmp_path)
    write(root / "curriculum" / "m99", GOOD.replace("correct: false", "correct: 'no'"))
    with pytest.raises(ContentError, match=r"demo-check\.yaml: entry 'b': field 'correct'"):
        load_kind("knowledge-check", root)
    other = _repo(tmp_path / "other")
    write(other / "curriculum" / "m99", GOOD, "a.yaml")
    write(other / "curriculum" / "m99", GOOD.replace("McCarty2014", "Nobody1999"), "b.yaml")
    with pytest.raises(ContentError, match="duplicate knowledge-check id"):
        load_kind("knowledge-check", other)
    third = _repo(tmp_path / "third")
    write(third / "curriculum" / "m99", GOOD.replace("McCarty2014", "Nobody1999"))
    with pytest.raises(ContentError, match="citation key 'Nobody1999'"):
        load_kind("knowledge-check", third)
    with pytest.raises(KeyError, match="unknown content kind 'quizz'"):
        load_kind("quizz", third)
