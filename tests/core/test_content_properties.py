"""Property tests of the content loader: whatever it is given, a model or a ContentError.

Arbitrary YAML-ish text, arbitrary bytes in a file, arbitrary nested Python data, and real
content files with one value anywhere in them replaced by an arbitrary one: each gives a
validated model or :class:`ContentError` (with file, and a bounded message), never another
exception.  Hostile shapes (bombs, deep nesting, huge numbers) run in a child process with
a memory and CPU limit, so a regression fails the test instead of the machine.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.limits import report, run_limited
from widgets.core.content import (
    CONTENT_DIRS,
    ContentError,
    ContentFile,
    content_root,
    iter_content_files,
    kinds,
    load_file,
    parse_yaml,
    read_yaml,
    validate,
)

FAST = settings(max_examples=150, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
WHERE = "probe.yaml"
ROOT = content_root()
REAL = {path.name: read_yaml(path) for path in
        iter_content_files([ROOT / d for d in CONTENT_DIRS if (ROOT / d).is_dir()])}


def _model_or_content_error(call: Any) -> ContentFile | None:  # noqa: ANN401
    """Run ``call()``: a ContentFile, or None after a bounded ContentError naming the file."""
    try:
        item = call()
    except ContentError as exc:
        assert exc.file and len(str(exc)) < 3000, str(exc)[:3000]
        return None
    assert isinstance(item, ContentFile)
    return item


TOKENS = st.sampled_from([
    "kind: ", "knowledge-check", "module", "case", "id: ", "demo", "title: ", "questions:",
    "\n", "\n  ", "  ", "- ", "[", "]", "{", "}", ", ", ": ", "? ", "&a ", "*a", "&b ", "*b",
    "!!int ", "!!float ", "!!str ", "!!binary ", "!!set ", "!!omap ", "!!timestamp ",
    "!!python/name:os.system ", "'", '"', "# c", "---\n", "...\n", "|\n  ", ">\n  ",
    "9" * 30, "1e400", "-.inf", ".nan", "0x1F", "0o17", "1:30:00", "2024-01-01", "~", "null",
    "yes", "\t", "\x00", "\ufeff", "\u00e9", "\u674e", "%YAML 1.1\n", "<<: *a\n", "\\",
])
YAMLISH = st.lists(st.one_of(TOKENS, st.text(max_size=4)), max_size=60).map("".join)


@FAST
@given(YAMLISH)
def test_yamlish_text_gives_a_model_or_a_content_error(text):
    _model_or_content_error(lambda: validate(parse_yaml(text, WHERE), WHERE))


@settings(max_examples=80, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=300) | YAMLISH.map(lambda t: t.encode("utf-8", "surrogatepass")))
def test_any_bytes_in_a_file_give_a_model_or_a_content_error(tmp_path, data):
    path = tmp_path / "probe.yaml"
    path.write_bytes(data)
    _model_or_content_error(lambda: load_file(path))


def _leaves() -> st.SearchStrategy[Any]:
    huge = st.sampled_from([4300, 5000, 20]).map(lambda n: 10**n + 1) | st.just(-(2**64))
    text = st.text(st.characters(codec=None, categories=None), max_size=20)  # surrogates too
    return st.one_of(st.none(), st.booleans(), st.integers(), huge, st.floats(),
                     text, st.text(max_size=5).map(lambda t: t * 20_000), st.binary(max_size=8),
                     st.sampled_from(["demo", "a", "single", "multiple", "m01", "knowledge-check"]))


def _deep(depth: int) -> Any:  # noqa: ANN401
    value: Any = "x"
    for n in range(depth):
        value = [value] if n % 2 else {"a": value}
    return value


ANY_DATA = st.recursive(
    _leaves() | st.integers(50, 5000).map(_deep),
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.tuples(inner, inner),
                            st.frozensets(st.integers(), max_size=3),
                            st.dictionaries(st.text(max_size=8) | st.integers(), inner,
                                            max_size=4)),
    max_leaves=12)


@FAST
@given(st.sampled_from(sorted(kinds())), st.dictionaries(st.text(max_size=12), ANY_DATA,
                                                          max_size=6), st.data())
def test_arbitrary_data_for_each_kind_gives_a_model_or_a_content_error(kind, extra, data):
    model = kinds()[kind]
    fields = {name: data.draw(ANY_DATA, label=name) for name in data.draw(
        st.lists(st.sampled_from(sorted(model.model_fields)), max_size=6, unique=True))}
    document = {"kind": kind, "id": data.draw(st.sampled_from(["probe", "x" * 101]) | ANY_DATA),
                **extra, **fields}
    _model_or_content_error(lambda: validate(document, WHERE))
    _model_or_content_error(lambda: validate(document, WHERE, model))


@FAST
@given(ANY_DATA)
def test_arbitrary_top_level_data_gives_a_content_error(data):
    if isinstance(data, dict) and data.get("kind") in kinds():
        return  # a real kind: the test above covers it
    _model_or_content_error(lambda: validate(data, WHERE))


def _paths(value: Any, prefix: tuple = ()) -> list[tuple]:  # noqa: ANN401
    """Every location in parsed YAML: keys of mappings, indexes of lists."""
    found = [prefix]
    if isinstance(value, dict):
        for key, inner in value.items():
            found += _paths(inner, (*prefix, key))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            found += _paths(inner, (*prefix, index))
    return found


def _replace(value: Any, path: tuple, new: Any) -> Any:  # noqa: ANN401
    if not path:
        return new
    head, rest = path[0], path[1:]
    if isinstance(value, dict):
        return {**value, head: _replace(value[head], rest, new)}
    return [_replace(v, rest, new) if i == head else v for i, v in enumerate(value)]


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(sorted(REAL)), st.data())
def test_a_real_file_with_any_value_replaced_gives_a_model_or_a_content_error(name, data):
    """Mutations that reach the schemas' own validators deep inside a real file."""
    original = REAL[name]
    path = data.draw(st.sampled_from(_paths(original)[1:]), label="location")
    mutated = _replace(original, path, data.draw(ANY_DATA, label="value"))
    item = _model_or_content_error(lambda: validate(mutated, name))
    if item is not None:  # still valid: every number in it is finite
        for value in _paths_values(item.model_dump()):
            assert not (isinstance(value, float) and not math.isfinite(value)), (name, path)


def _paths_values(value: Any) -> list[Any]:  # noqa: ANN401
    if isinstance(value, dict):
        return [v for inner in value.values() for v in _paths_values(inner)]
    if isinstance(value, list | tuple):
        return [v for inner in value for v in _paths_values(inner)]
    return [value]


HOSTILE = '''
import sys
from hypothesis import given, settings, strategies as st
from widgets.core.content import ContentError, parse_yaml, validate

def bomb(levels, width, style):
    open_, close = ("[", "]") if style == "flow" else ("{", "}")
    item = (lambda i, j: f"*l{i}") if style == "flow" else (lambda i, j: f"k{j}: *l{i}")
    lines = [f"l0: &l0 {open_}" + ", ".join(["lol" if style == "flow" else f"k{j}: lol"
                                              for j in range(width)]) + close]
    lines += [f"l{i}: &l{i} {open_}" + ", ".join(item(i - 1, j) for j in range(width))
              + close for i in range(1, levels)]
    return "kind: module\\nid: m99\\n" + "\\n".join(lines) + f"\\ntitle: *l{levels - 1}\\n"

def deep(depth, style):
    if style == "flow":
        return "kind: module\\nid: m99\\ntitle: " + "[" * depth + "]" * depth
    if style == "map":
        return "kind: module\\nid: m99\\ntitle: " + "{a: " * depth + "1" + "}" * depth
    return "kind: module\\nid: m99\\ntitle:\\n" + "- " * depth + "x"

HOSTILE = st.one_of(
    st.builds(bomb, st.integers(2, 40), st.integers(2, 40), st.sampled_from(["flow", "map"])),
    st.builds(deep, st.integers(1, 300_000), st.sampled_from(["flow", "map", "block"])),
    st.builds(lambda n, d: "kind: module\\nid: m99\\nhours: " + d * n,
              st.integers(1, 200_000), st.sampled_from(["9", "1:", "0.5", "1_"])),
)

@settings(max_examples=int(sys.argv[1]), deadline=None, database=None)
@given(HOSTILE)
def hostile_text_is_refused_or_valid(text):
    try:
        validate(parse_yaml(text, "hostile.yaml"), "hostile.yaml")
    except ContentError as exc:
        assert len(str(exc)) < 3000

hostile_text_is_refused_or_valid()
'''


def test_hostile_documents_stay_within_memory_and_time():
    """Bombs up to 40**40 values, nesting up to 300,000 deep, numbers of 200,000
    characters: every one refused (or valid) in a child limited to 1 GiB and 60 s CPU."""
    done = run_limited(HOSTILE, "60", memory_mb=1024, cpu_s=60, timeout_s=120)
    assert done.returncode == 0, report(done)


def test_the_real_curriculum_is_within_the_bounds():
    """The bounds leave room: every real file loads (depth, size, aliases and numbers)."""
    for name in REAL:
        assert Path(name).suffix in (".yaml", ".yml")
    assert len(REAL) > 50
