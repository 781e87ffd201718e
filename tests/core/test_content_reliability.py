"""The content checker turns every bad file or path into a message and a non-zero exit.

Issue 16, "content check tracebacks": a scalar field given a list or mapping, a mapping
used as a key, very deep nesting, a YAML bomb, a number with thousands of digits, an
unreadable or non-UTF-8 file, a FIFO, a device or a symbolic-link loop passed as a path.
Each case here runs ``python -m widgets.content check`` (in process through ``main``, or
in a child process where the old code could crash or hang the interpreter) and expects a
line naming the file and the problem, never a traceback, and a non-zero exit.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.limits import ROOT, report, run_limited
from widgets.core.content import (
    MAX_ALIASES,
    MAX_CONTENT_BYTES,
    MAX_DEPTH,
    MAX_ID_CHARS,
    MAX_NODES,
    MAX_NUMBER_CHARS,
    ContentError,
    load_file,
    main,
)

GOOD = textwrap.dedent("""\
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
    """)


def _bomb(levels: int = 12, width: int = 9) -> str:
    """A "billion laughs" document: each anchor repeats the one before ``width`` times."""
    lines = [f"l0: &l0 [{', '.join(['lol'] * width)}]"]
    lines += [f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * width)}]" for i in range(1, levels)]
    return GOOD.replace("title: Demo", "\n".join(lines) + f"\ntitle: *l{levels - 1}")


BAD_TEXT = {
    "kind given a list": ("kind: [a]\nid: x\n", "field 'kind'"),
    "kind given a mapping": ("kind: {a: 1}\nid: x\n", "field 'kind'"),
    "id given a mapping": (GOOD.replace("id: demo-check", "id: {a: 1}"), "field 'id'"),
    "id given a list": (GOOD.replace("id: demo-check", "id: [a, b]"), "field 'id'"),
    "title given a list": (GOOD.replace("title: Demo", "title: [a]"), "field 'title'"),
    "a mapping as a key": ("? {a: 1}\n: b\n" + GOOD, "a mapping cannot be a key"),
    "a list as a key": (GOOD.replace("title: Demo", "title: Demo\n? [a]\n: b"),
                        "a list cannot be a key"),
    "deep flow lists": (GOOD.replace("title: Demo", "title: " + "[" * 5000 + "]" * 5000),
                        f"more than {MAX_DEPTH} levels"),
    "deep flow mappings": (GOOD.replace("title: Demo", "title: " + "{a: " * 20000 + "1"
                                        + "}" * 20000), f"more than {MAX_DEPTH} levels"),
    "deep block lists": (GOOD.replace("title: Demo", "title:\n" + "- " * 3000 + "x"),
                         f"more than {MAX_DEPTH} levels"),
    "a YAML bomb": (_bomb(), f"more than {MAX_NODES:,} values"),
    "too many aliases": (GOOD.replace("title: Demo", "title: &t Demo\nx: ["
                                      + ", ".join(["*t"] * (MAX_ALIASES + 1)) + "]"),
                         f"more than {MAX_ALIASES} aliases"),
    "an alias inside its own anchor": (GOOD.replace("title: Demo", "title: &t [a, *t]"),
                                       "a cycle"),
    "an undefined alias": (GOOD.replace("title: Demo", "title: *nowhere"), "alias"),
    "an integer of 50,000 digits": (GOOD.replace("title: Demo", "title: " + "9" * 50000),
                                    f"numbers have at most {MAX_NUMBER_CHARS}"),
    "a float of 5,000 digits": (GOOD.replace("title: Demo", "title: " + "1" * 5000 + ".5"),
                                f"numbers have at most {MAX_NUMBER_CHARS}"),
    "a sexagesimal monster": (GOOD.replace("title: Demo", "title: " + "1:" * 3000 + "1"),
                              f"numbers have at most {MAX_NUMBER_CHARS}"),
    "a tag the value does not fit": (GOOD.replace("title: Demo", "title: !!float abc"),
                                     "does not fit its YAML tag"),
    "a bad explicit timestamp": (GOOD.replace("title: Demo", "title: !!timestamp 2020-13-45"),
                                 "does not fit its YAML tag (month must be in 1..12)"),
    "an empty file": ("", "empty file"),
    "only a comment": ("# nothing here\n", "empty file"),
    "a list at the top": ("- kind: knowledge-check\n", "found a list"),
    "two documents": (GOOD + "---\n" + GOOD, "not valid YAML"),
    "a huge id": (GOOD.replace("id: demo-check", "id: " + "x" * 200_000),
                  f"field 'id': expected at most {MAX_ID_CHARS} characters"),
    "a huge kind": ("kind: " + "k" * 200_000 + "\nid: x\n", "field 'kind'"),
    "a python tag": (GOOD.replace("title: Demo", "title: !!python/object:os.system x"),
                     "not valid YAML"),
    "infinity for a number": (GOOD.replace("title: Demo", "title: .inf"), "field 'title'"),
}


def _check(*paths: Path | str) -> tuple[int, str]:
    """``python -m widgets.content check PATH...`` in this process: exit code and stderr."""
    import contextlib
    import io

    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = main(["check", *map(str, paths)])
    return code, err.getvalue()


@pytest.mark.parametrize("text, expected", BAD_TEXT.values(), ids=BAD_TEXT.keys())
def test_bad_content_is_one_line_naming_the_file_and_problem(tmp_path, text, expected):
    path = tmp_path / "demo-check.yaml"
    path.write_text(text, encoding="utf-8")
    code, err = _check(path)
    assert code == 1, err
    assert err.startswith(f"error: {path}") and expected in err, err
    assert len(err) < 2000, "the message quotes a bounded part of the value"


def test_a_non_utf8_file_is_refused_with_its_line(tmp_path):
    path = tmp_path / "latin.yaml"
    path.write_bytes(GOOD.encode() + "title2: caf\xe9\n".encode("latin-1"))
    code, err = _check(path)
    assert code == 1 and "is not UTF-8 text" in err and "line 13" in err, err


def test_a_file_over_the_size_bound_is_refused_unread(tmp_path):
    path = tmp_path / "big.yaml"
    path.write_text(GOOD + "# " + "x" * MAX_CONTENT_BYTES + "\n", encoding="utf-8")
    code, err = _check(path)
    assert code == 1 and f"at most {MAX_CONTENT_BYTES:,} bytes" in err, err


def test_load_file_raises_content_error_for_every_bad_text(tmp_path):
    """The loader's own API (used by notebooks) gives ContentError for the same files."""
    for name, (text, _) in BAD_TEXT.items():
        path = tmp_path / "demo-check.yaml"
        path.write_text(text, encoding="utf-8")
        with pytest.raises(ContentError):
            load_file(path)
            pytest.fail(f"{name}: loaded")


# ------------------------------------------------------------------ paths


def test_a_fifo_is_refused_by_name_and_nothing_waits_for_a_writer(tmp_path):
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    code, err = _check(fifo)
    assert code == 2 and f"{fifo}: is a FIFO (named pipe)" in err, err
    folder = tmp_path / "content"
    folder.mkdir()
    (folder / "demo-check.yaml").write_text(GOOD, encoding="utf-8")
    os.mkfifo(folder / "pipe.yaml")
    code, err = _check(folder)  # a FIFO inside a folder: read without blocking, refused
    assert code == 1 and "pipe.yaml: is a FIFO (named pipe), not a content file" in err, err


def test_a_device_is_refused_by_name():
    code, err = _check("/dev/null")
    assert code == 2 and "/dev/null: is a character device" in err, err


def test_a_symbolic_link_loop_and_a_broken_link_are_named(tmp_path):
    (tmp_path / "a.yaml").symlink_to(tmp_path / "b.yaml")
    (tmp_path / "b.yaml").symlink_to(tmp_path / "a.yaml")
    code, err = _check(tmp_path / "a.yaml")
    assert code == 2 and "is a loop of symbolic links" in err, err
    folder = tmp_path / "content"
    folder.mkdir()
    (folder / "demo-check.yaml").write_text(GOOD, encoding="utf-8")
    (folder / "gone.yaml").symlink_to(tmp_path / "missing.yaml")
    code, err = _check(folder)
    assert code == 1 and "gone.yaml: does not exist (or is a broken symbolic link)" in err, err


def test_a_folder_without_content_files_is_not_reported_valid(tmp_path):
    code, err = _check(tmp_path)
    assert code == 2 and "no content files" in err, err


def _without_read_override() -> list[str]:
    """A prefix that runs a command without root's power to read any file."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv: cannot make a file unreadable")
    caps = "-dac_override,-dac_read_search"
    return [setpriv, f"--inh-caps={caps}", f"--bounding-set={caps}"]


def test_an_unreadable_file_and_folder_are_refused_by_name(tmp_path):
    path = tmp_path / "secret.yaml"
    path.write_text(GOOD, encoding="utf-8")
    path.chmod(0)
    folder = tmp_path / "content"
    (folder / "locked").mkdir(parents=True)
    (folder / "demo-check.yaml").write_text(GOOD, encoding="utf-8")
    (folder / "locked").chmod(0)
    try:
        for target, expected in ((path, "cannot be read (permission denied)"),
                                 (folder, "is a folder that cannot be listed")):
            done = subprocess.run(
                [*_without_read_override(), sys.executable, "-m", "widgets.content", "check",
                 str(target)], cwd=ROOT, capture_output=True, text=True, timeout=120,
                check=False)
            assert done.returncode in (1, 2) and expected in done.stderr, report(done)
            assert "Traceback" not in done.stderr
    finally:
        (folder / "locked").chmod(0o755)


# --------------------------------------------------- crashes a process could not survive


def test_very_deep_documents_neither_crash_nor_exhaust_memory(tmp_path):
    """libyaml's composer recurses in C: 200,000 levels crashed the interpreter (SIGSEGV)
    and a bomb of 9**12 values would exhaust memory; both are refused before parsing."""
    files = {"deep.yaml": GOOD.replace("title: Demo", "title: " + "[" * 200_000
                                       + "]" * 200_000),
             "bomb.yaml": _bomb(levels=12, width=9),
             "wide-bomb.yaml": _bomb(levels=3, width=MAX_ALIASES // 3)}
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    done = run_limited("import sys; from widgets.content import main; "
                       "sys.exit(sum(main(['check', p]) != 1 for p in sys.argv[1:]))",
                       *(str(tmp_path / n) for n in files), memory_mb=1024, cpu_s=30)
    assert done.returncode == 0, report(done)
    assert done.stderr.count("error: ") == len(files) and "Traceback" not in done.stderr
