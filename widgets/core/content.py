"""Content as data: load the curriculum's YAML files into validated pydantic models.

Every content file is a YAML mapping with a ``kind`` (which schema applies) and an
``id`` (kebab-case, unique within its kind).  Schemas live in each topic's ``schemas``
module (and :mod:`widgets.core.schemas`)
and register themselves with :func:`content_kind`.  A bad file raises
:class:`ContentError`, whose message names the file, the entry (id), the field and what
was expected.

Command line::

    python -m widgets.core.content check [PATH ...]

validates every content file under the given files or folders (default: the
repository's ``curriculum/`` and ``exercises/``) and exits 1 at the first bad file.
"""

from __future__ import annotations

import functools
import importlib
import importlib.util
import os
import pkgutil
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from widgets.core.content_schema import (
    _KINDS,
    ID_PATTERN,
    ContentFile,
    ContentModel,
    Id,
    Ref,
    content_kind,
)

__all__ = [
    "ID_PATTERN",
    "ContentError",
    "ContentFile",
    "ContentIndex",
    "ContentModel",
    "Id",
    "CheckContext",
    "Ref",
    "content_check",
    "content_kind",
    "content_root",
    "index",
    "load",
    "load_file",
    "main",
]

CONTENT_DIRS = ("curriculum", "exercises")
YAML_SUFFIXES = (".yaml", ".yml")


class ContentError(ValueError):
    """A content file is not valid; the message names file, entry, field and expectation."""

    def __init__(self, file: Path | str, problem: str, *, entry: str | None = None,
                 field: str | None = None) -> None:
        self.file = str(file)
        self.entry = entry
        self.field = field
        self.problem = problem
        where = [self.file]
        if entry is not None:
            where.append(f"entry '{entry}'")
        if field:
            where.append(f"field '{field}'")
        super().__init__(f"{': '.join(where)}: {problem}")


def _schema_modules() -> list[str]:
    """Every module that defines content kinds: ``widgets.core.schemas`` and each topic's
    ``widgets.<topic>.schemas`` (a module, or a package whose submodules are imported)."""
    import widgets

    names = ["widgets.core.schemas"]
    if importlib.util.find_spec("widgets.schemas") is not None:  # not yet moved to a topic
        names.append("widgets.schemas")
    for info in sorted(pkgutil.iter_modules(widgets.__path__), key=lambda i: i.name):
        if not info.ispkg or info.name == "core":
            continue
        name = f"widgets.{info.name}.schemas"
        if importlib.util.find_spec(name) is not None:
            names.append(name)
    return names


@functools.cache
def kinds() -> dict[str, type[ContentFile]]:
    """All registered content kinds (imports every topic's ``schemas`` module).

    A new kind of content joins the validator by being defined, with
    :func:`content_kind`, in a topic's ``schemas`` module: no other code change.
    """
    for name in _schema_modules():
        try:
            module = importlib.import_module(name)
            if hasattr(module, "__path__"):  # a schemas package: import its modules
                for info in pkgutil.iter_modules(module.__path__):
                    importlib.import_module(f"{name}.{info.name}")
        except Exception as exc:
            raise RuntimeError(f"content schema module {name} failed to import: {exc!r}") from exc
    return dict(_KINDS)


@dataclass(frozen=True)
class CheckContext:
    """What a content check may look at besides the entry: its file and other content."""

    path: Path
    """The entry's file."""
    root: Path
    """The repository checkout the entry belongs to."""
    where: str
    """The file as error messages name it."""
    get: Callable[[str, str], ContentFile]
    """``get(kind, id)``: another validated entry (``KeyError`` when there is none)."""


ContentCheck = Callable[["ContentFile", CheckContext], None]
_CHECKS: dict[str, list[ContentCheck]] = {}


def content_check(kind: str) -> Callable[[ContentCheck], ContentCheck]:
    """Register a check that runs on every validated entry of ``kind``.

    Schemas validate one file's shape and never import models; a check that needs a
    model (a case's expert level against the teaching model, say) or other files lives
    in the topic's ``content`` module and is registered here.  It is called as
    ``check(item, context)`` (:class:`CheckContext`) and raises :class:`ContentError`
    (or ``ValueError``/``KeyError``, reported against the file and entry).
    """

    def register(check: ContentCheck) -> ContentCheck:
        _CHECKS.setdefault(kind, []).append(check)
        return check

    return register


def _content_check_modules() -> None:
    """Import every module that registers content checks (each topic's ``content``)."""
    import widgets

    importlib.import_module("widgets.core.registry")
    for info in pkgutil.iter_modules(widgets.__path__):
        name = f"widgets.{info.name}.content"
        if info.ispkg and info.name != "core" and importlib.util.find_spec(name) is not None:
            importlib.import_module(name)


def run_content_checks(item: ContentFile, context: CheckContext) -> None:
    """Run the registered content checks of ``item``'s kind (see :func:`content_check`)."""
    _content_check_modules()
    for check in _CHECKS.get(item.KIND, ()):
        try:
            check(item, context)
        except ContentError:
            raise
        except (ValueError, KeyError) as exc:
            message = exc.args[0] if isinstance(exc, KeyError) and exc.args else str(exc)
            raise ContentError(context.where, str(message), entry=item.id) from None


# --------------------------------------------------------------------------- YAML


_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's parser when PyYAML has it (about ten times faster), else the pure-Python one."""


class _StrictLoader(_BaseLoader):  # type: ignore[valid-type,misc]
    """Safe YAML loader that rejects duplicate keys instead of keeping the last one."""


def _construct_mapping(loader: _StrictLoader, node: yaml.MappingNode, deep: bool = False):
    seen: dict[Any, int] = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r} (first at line {seen[key] + 1})",
                key_node.start_mark)
        seen[key] = key_node.start_mark.line
    return loader.construct_mapping(node, deep=deep)


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
# YAML 1.1 turns bare dates into datetime objects; content dates stay strings.
_StrictLoader.yaml_implicit_resolvers = {
    k: [r for r in v if r[0] != "tag:yaml.org,2002:timestamp"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def read_yaml(path: Path) -> Any:
    """Parse one YAML file strictly; syntax errors become :class:`ContentError`."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise ContentError(path, f"is not UTF-8 text ({exc.reason})") from None
    try:
        return yaml.load(text, Loader=_StrictLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise ContentError(path, f"is not valid YAML: {problem}{at}") from None


# --------------------------------------------------------------------- validation


def _describe(error: dict[str, Any]) -> str:
    """One pydantic error as 'what was expected, what was found'."""
    kind = error["type"]
    value = error.get("input")
    if kind == "missing":
        return "is required but missing"
    if kind == "extra_forbidden":
        return "is not a known field here (check the spelling, or remove it)"
    if kind == "string_pattern_mismatch":
        return (f"expected a kebab-case id (lower-case letters and digits joined by "
                f"hyphens, e.g. 'early-recovery'), got {value!r}")
    msg = error["msg"]
    if msg.startswith("Value error, "):
        return msg[len("Value error, "):]
    if msg.startswith("Assertion failed, "):
        return msg[len("Assertion failed, "):]
    expected = msg[0].lower() + msg[1:]
    expected = expected.replace("input should be", "expected")
    if isinstance(value, dict | list):
        found = f"a {'mapping' if isinstance(value, dict) else 'list'}"
    else:
        found = repr(value)
    return f"{expected}; got {found}"


def _locate(data: Any, loc: Sequence[str | int], file_id: str | None) -> tuple[str | None, str]:
    """The innermost entry id along ``loc`` in the raw data, and the field path below it."""
    entry, field_start = file_id, 0
    node = data
    for depth, part in enumerate(loc):
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            break
        if isinstance(node, dict) and isinstance(node.get("id"), str):
            entry, field_start = node["id"], depth + 1
    field = ".".join(str(p) for p in loc[field_start:])
    return entry, field


def validate(data: Any, path: Path | str, model: type[ContentFile] | None = None) -> ContentFile:
    """Validate parsed YAML ``data`` from ``path`` into its content model."""
    if not isinstance(data, dict):
        found = "an empty file" if data is None else f"a {type(data).__name__}"
        raise ContentError(path, f"expected a mapping with 'kind' and 'id' at the top; "
                                 f"found {found}")
    file_id = data.get("id") if isinstance(data.get("id"), str) else None
    if model is None:
        kind = data.get("kind")
        known = kinds()
        if kind not in known:
            expected = ", ".join(sorted(known))
            problem = ("is required but missing" if kind is None
                       else f"unknown kind {kind!r}")
            raise ContentError(path, f"{problem}; expected one of: {expected}",
                               entry=file_id, field="kind")
        model = known[kind]
    elif data.get("kind") != model.KIND:
        raise ContentError(path, f"expected kind {model.KIND!r}, got {data.get('kind')!r}",
                           entry=file_id, field="kind")
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        entry, field = _locate(data, first["loc"], file_id)
        raise ContentError(path, _describe(first), entry=entry, field=field) from None


def load_file(path: Path | str, model: type[ContentFile] | None = None) -> ContentFile:
    """Read and validate one content file (no cross-file checks)."""
    path = Path(path)
    return validate(read_yaml(path), _display(path), model)


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


# --------------------------------------------------------------------------- index


def root_of(path: Path) -> Path:
    """The checkout a content file belongs to: the nearest folder above it that has a
    ``curriculum/`` folder (else the file's own folder)."""
    path = path.resolve()
    for folder in path.parents:
        if (folder / "curriculum").is_dir():
            return folder
    return path.parent


def content_root() -> Path:
    """The folder holding ``curriculum/`` and ``references.bib``.

    ``IOP_CONTENT_ROOT`` wins; otherwise the nearest folder upwards from the working
    directory that has a ``curriculum/`` folder; otherwise the checkout this package
    was installed from.
    """
    env = os.environ.get("IOP_CONTENT_ROOT")
    if env:
        return Path(env)
    here = Path.cwd().resolve()
    for folder in (here, *here.parents):
        if (folder / "curriculum").is_dir():
            return folder
    return Path(__file__).resolve().parents[2]


def iter_content_files(paths: Iterable[Path]) -> Iterator[Path]:
    """Content files under the given files or folders, in a stable order.

    Files or folders whose name starts with ``_`` or ``.`` are not content (use that for
    deliberately incomplete exercise starters and fixtures).
    """
    for path in paths:
        if path.is_file():
            yield path
            continue
        for file in sorted(path.rglob("*")):
            rel = file.relative_to(path).parts
            if file.suffix in YAML_SUFFIXES and file.is_file() and not any(
                    p.startswith(("_", ".")) for p in rel):
                yield file


def bib_keys(bib: Path) -> frozenset[str]:
    """Citation keys defined in a BibTeX file."""
    if not bib.is_file():
        return frozenset()
    return frozenset(re.findall(r"@\w+\s*\{\s*([^,\s]+)\s*,", bib.read_text(encoding="utf-8")))


def _check_citation(ref: Ref, keys: frozenset[str], where: str) -> None:
    if ref.target not in keys:
        raise ContentError(where, f"citation key {ref.target!r} is not in references.bib",
                           entry=ref.entry, field=ref.field)


def _check_citations(item: ContentFile, keys: frozenset[str], where: str) -> None:
    """Every citation key of ``item`` is in ``keys`` (else a ContentError naming it)."""
    for ref in item.refs():
        if ref.kind == "cite":
            _check_citation(ref, keys, where)


class ContentIndex:
    """All content files under a root, validated together (ids unique, references resolve)."""

    def __init__(self, files: Iterable[Path], bib: Path | None = None) -> None:
        self.entries: dict[tuple[str, str], ContentFile] = {}
        self.paths: dict[tuple[str, str], str] = {}
        self.files: dict[tuple[str, str], Path] = {}
        for path in files:
            item = load_file(path)
            key = (item.KIND, item.id)
            if key in self.entries:
                raise ContentError(_display(path),
                                   f"duplicate {item.KIND} id; already used in "
                                   f"{self.paths[key]}", entry=item.id, field="id")
            self.entries[key] = item
            self.paths[key] = _display(path)
            self.files[key] = path
        self._check_refs(bib_keys(bib) if bib is not None else None)
        for key, item in self.entries.items():
            run_content_checks(item, CheckContext(self.files[key], root_of(self.files[key]),
                                                  self.paths[key], self.get))

    @classmethod
    def from_root(cls, root: Path) -> ContentIndex:
        """Index every content file of a repository checkout."""
        dirs = [root / d for d in CONTENT_DIRS if (root / d).is_dir()]
        return cls(iter_content_files(dirs), root / "references.bib")

    def _check_refs(self, keys: frozenset[str] | None) -> None:
        for (kind, ident), item in self.entries.items():
            for ref in item.refs():
                if ref.kind == "cite":
                    if keys is not None:
                        _check_citation(ref, keys, self.paths[(kind, ident)])
                elif (ref.kind, ref.target) not in self.entries:
                    raise ContentError(
                        self.paths[(kind, ident)],
                        f"refers to {ref.kind} {ref.target!r}, which does not exist",
                        entry=ref.entry, field=ref.field)

    def get(self, kind: str, ident: str) -> ContentFile:
        """The entry of ``kind`` with id ``ident``; ``KeyError`` lists what exists."""
        try:
            return self.entries[(kind, ident)]
        except KeyError:
            have = sorted(i for k, i in self.entries if k == kind)
            raise KeyError(f"no {kind} with id {ident!r}; available: {', '.join(have)}") from None

    def of_kind(self, kind: str) -> list[ContentFile]:
        """Every entry of one kind, in file order."""
        return [item for (k, _), item in self.entries.items() if k == kind]


_INDEXED: set[Path] = set()
"""Roots whose whole index is loaded (then single loads are served from it)."""


@functools.cache
def _index_for(root: Path) -> ContentIndex:
    built = ContentIndex.from_root(root)
    _INDEXED.add(root)
    return built


def index(root: Path | None = None) -> ContentIndex:
    """The (cached) content index of the repository."""
    return _index_for((root or content_root()).resolve())


def load(kind: str, ident: str, root: Path | None = None) -> ContentFile:
    """Load one validated content entry by kind and id.

    Ids equal file names, so only the file ``<id>.yaml`` is read and validated (with its
    citation keys checked); the whole repository is cross-validated by
    ``python -m widgets.core.content check`` and the tests.  A notebook that shows one check
    therefore starts fast.
    """
    root = (root or content_root()).resolve()
    if root in _INDEXED:  # this root's index is already loaded: use it
        return index(root).get(kind, ident)
    return _load_one(kind, ident, root)


@functools.cache
def _load_one(kind: str, ident: str, root: Path) -> ContentFile:
    model = _KINDS.get(kind) or kinds().get(kind)
    if model is None:
        raise KeyError(f"unknown content kind {kind!r}; known: {', '.join(sorted(kinds()))}")
    dirs = [root / d for d in CONTENT_DIRS if (root / d).is_dir()]
    for path in iter_content_files(dirs):
        if path.stem != ident:
            continue
        data = read_yaml(path)
        if not isinstance(data, dict) or data.get("kind") != kind:
            continue
        item = validate(data, _display(path), model)
        _check_citations(item, bib_keys(root / "references.bib"), _display(path))
        run_content_checks(item, CheckContext(path, root, _display(path),
                                              lambda k, i: load(k, i, root)))
        return item
    return index(root).get(kind, ident)  # raises KeyError listing what exists


_KIND_LINE = re.compile(r"""^kind:[ \t]*['"]?([A-Za-z0-9_-]+)['"]?[ \t]*(?:#.*)?$""", re.M)
"""A file's top-level ``kind:`` line: read before parsing, to skip other kinds."""


def load_kind(kind: str, root: Path | None = None) -> list[ContentFile]:
    """Every validated entry of one kind, in file order (like ``index().of_kind(kind)``).

    Only the files whose top-level ``kind:`` line names this kind are parsed and
    validated (ids unique, citation keys checked), so a notebook that lists the cases of
    one kind does not read the whole repository.  Cross-file references are checked by
    ``python -m widgets.core.content check`` and the tests, as for :func:`load`.
    """
    root = (root or content_root()).resolve()
    if root in _INDEXED:  # this root's index is already loaded: use it
        return index(root).of_kind(kind)
    return list(_load_kind(kind, root))


@functools.cache
def _load_kind(kind: str, root: Path) -> tuple[ContentFile, ...]:
    model = _KINDS.get(kind) or kinds().get(kind)
    if model is None:
        raise KeyError(f"unknown content kind {kind!r}; known: {', '.join(sorted(kinds()))}")
    dirs = [root / d for d in CONTENT_DIRS if (root / d).is_dir()]
    keys = bib_keys(root / "references.bib")
    items: dict[str, tuple[ContentFile, str]] = {}
    for path in iter_content_files(dirs):
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue  # not this kind's concern: `check` reports the file
        found = _KIND_LINE.search(text)
        if found is None or found.group(1) != kind:
            continue
        item = load_file(path, model)
        where = _display(path)
        if item.id in items:
            raise ContentError(where, f"duplicate {kind} id; already used in "
                               f"{items[item.id][1]}", entry=item.id, field="id")
        _check_citations(item, keys, where)
        run_content_checks(item, CheckContext(path, root, where,
                                              lambda k, i: load(k, i, root)))
        items[item.id] = (item, where)
    return tuple(item for item, _ in items.values())


# ----------------------------------------------------------------------------- CLI


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m widgets.core.content check [PATH ...]``."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m widgets.core.content",
                                     description="Validate the curriculum's content files.")
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="validate content files and cross-references")
    check.add_argument("paths", nargs="*", type=Path,
                       help="files or folders (default: curriculum/ and exercises/)")
    args = parser.parse_args(argv)
    root = content_root()
    paths = args.paths or [root / d for d in CONTENT_DIRS if (root / d).is_dir()]
    for path in paths:
        if not path.exists():
            print(f"error: {path}: no such file or folder", file=sys.stderr)
            return 2
    files = list(iter_content_files(paths))
    try:
        idx = ContentIndex(files, root / "references.bib")
    except ContentError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    counts: dict[str, int] = {}
    for kind, _ in idx.entries:
        counts[kind] = counts.get(kind, 0) + 1
    summary = ", ".join(f"{n} {k}" for k, n in sorted(counts.items())) or "nothing"
    print(f"ok: {len(files)} content files valid ({summary})")
    return 0


if __name__ == "__main__":
    from widgets.core.content import main as _main  # the registry lives in the imported module

    sys.exit(_main())
