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
repository's ``curriculum/`` and ``exercises/``) and exits 1 at the first bad file (2 for
a path that is not a readable file or folder).

Bounds: a content file is a regular file of at most :data:`MAX_CONTENT_BYTES` bytes of
UTF-8 text; its YAML nests at most :data:`MAX_DEPTH` levels, uses at most
:data:`MAX_ALIASES` aliases, expands (aliases followed) to at most :data:`MAX_NODES`
nodes, and writes no number longer than :data:`MAX_NUMBER_CHARS` characters.  Anything
else is a :class:`ContentError` naming the file (and the line), never a traceback.
"""

from __future__ import annotations

import errno
import functools
import importlib
import importlib.util
import os
import pkgutil
import re
import stat
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
    MAX_ID_CHARS,
    ContentFile,
    ContentModel,
    Id,
    Ref,
    content_kind,
)
from widgets.core.messages import kind_of, shown

__all__ = [
    "ID_PATTERN",
    "MAX_ALIASES",
    "MAX_ID_CHARS",
    "MAX_CONTENT_BYTES",
    "MAX_DEPTH",
    "MAX_NODES",
    "MAX_NUMBER_CHARS",
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

MAX_CONTENT_BYTES = 1_000_000
"""Largest content file read (bytes); the largest real one is about 32 KB."""
MAX_DEPTH = 40
"""Deepest nesting of lists and mappings in a content file (real files nest 7 deep)."""
MAX_ALIASES = 100
"""Most YAML aliases (``*name``) in one content file (real files use none)."""
MAX_NODES = 200_000
"""Most values in one content file once every alias is expanded (a "YAML bomb" is refused)."""
MAX_NUMBER_CHARS = 100
"""Longest number written in a content file (characters)."""


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
        except Exception as exc:  # a check that did not expect this entry: still a message
            name = getattr(check, "__qualname__", repr(check))
            raise ContentError(context.where, f"could not be checked: {name} failed on it "
                                              f"({type(exc).__name__}: {exc}); this is a bug "
                                              f"in that check, please report it",
                               entry=item.id) from None


# --------------------------------------------------------------------------- YAML


_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's parser when PyYAML has it (about ten times faster), else the pure-Python one."""


class _StrictLoader(_BaseLoader):  # type: ignore[valid-type,misc]
    """Safe YAML loader that rejects duplicate keys instead of keeping the last one."""


def _construct_mapping(loader: _StrictLoader, node: yaml.MappingNode, deep: bool = False):
    seen: dict[Any, int] = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if isinstance(key, list | dict | set):
            raise yaml.constructor.ConstructorError(
                None, None, f"a {kind_of(key)} cannot be a key (keys are names or numbers)",
                key_node.start_mark)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {shown(key)} (first at line {seen[key] + 1})",
                key_node.start_mark)
        seen[key] = key_node.start_mark.line
    return loader.construct_mapping(node, deep=deep)


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
# YAML 1.1 turns bare dates into datetime objects; content dates stay strings.
_StrictLoader.yaml_implicit_resolvers = {
    k: [r for r in v if r[0] != "tag:yaml.org,2002:timestamp"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_NUMBER_TAGS = frozenset({"tag:yaml.org,2002:int", "tag:yaml.org,2002:float"})
_FILE_TYPES = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a FIFO (named pipe)"),
               (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
               (stat.S_ISSOCK, "a socket"))


def _file_type(mode: int) -> str | None:
    """What a file is when it is not a regular file (``None`` for a regular file)."""
    for test, name in _FILE_TYPES:
        if test(mode):
            return name
    return None if stat.S_ISREG(mode) else "not a regular file"


def _os_problem(exc: OSError) -> str:
    """An OSError as a reason a person can act on."""
    if exc.errno == errno.ELOOP:
        return "is a loop of symbolic links"
    if exc.errno == errno.ENOENT:
        return "does not exist (or is a broken symbolic link)"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "cannot be read (permission denied)"
    return f"cannot be read ({exc.strerror or exc})"


def read_text(path: Path) -> str:
    """A content file's text: a regular file of at most MAX_CONTENT_BYTES bytes of UTF-8.

    A FIFO, a device, a folder, a symbolic-link loop, an unreadable, over-large or
    non-UTF-8 file raises :class:`ContentError` naming the file; nothing blocks (a FIFO
    is opened without waiting for a writer and refused).
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise ContentError(path, _os_problem(exc)) from None
    try:
        info = os.fstat(fd)
        what = _file_type(info.st_mode)
        if what is not None:
            raise ContentError(path, f"is {what}, not a content file")
        if info.st_size > MAX_CONTENT_BYTES:
            raise ContentError(path, f"is {info.st_size:,} bytes; a content file is at most "
                                     f"{MAX_CONTENT_BYTES:,} bytes (split it)")
        os.set_blocking(fd, True)
        with os.fdopen(fd, "rb", closefd=False) as stream:
            data = stream.read(MAX_CONTENT_BYTES + 1)
    except OSError as exc:
        raise ContentError(path, _os_problem(exc)) from None
    finally:
        os.close(fd)
    if len(data) > MAX_CONTENT_BYTES:  # grew since fstat
        raise ContentError(path, f"is over {MAX_CONTENT_BYTES:,} bytes; a content file is at "
                                 f"most {MAX_CONTENT_BYTES:,} bytes (split it)")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise ContentError(path, f"is not UTF-8 text ({exc.reason} at line {line}); save it "
                                 f"as UTF-8") from None


def _at(mark: Any) -> str:  # noqa: ANN401 - a yaml Mark
    return f" at line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""


def check_structure(text: str, path: Path | str) -> None:
    """Refuse YAML whose parsed data would be too deep, too large or hold huge numbers.

    Runs over libyaml's event stream, which is built lazily without recursion, before
    anything is composed (libyaml's composer recurses in C and crashes on very deep
    input, and aliases can make a small file expand into billions of values).

    Raises
    ------
    ContentError
        Past :data:`MAX_DEPTH`, :data:`MAX_ALIASES`, :data:`MAX_NODES` or
        :data:`MAX_NUMBER_CHARS`, naming the bound and the line; or on a syntax error.
    """
    resolver = yaml.resolver.Resolver()
    resolver.yaml_implicit_resolvers = _StrictLoader.yaml_implicit_resolvers
    open_nodes: list[list[Any]] = []  # [anchor, expanded size] of each open collection
    sizes: dict[str, int] = {}  # expanded size of each finished anchored node
    aliases = total = 0
    try:
        for event in yaml.parse(text, Loader=_BaseLoader):
            if isinstance(event, yaml.CollectionStartEvent):
                if len(open_nodes) >= MAX_DEPTH:
                    raise ContentError(path, f"nests lists and mappings more than {MAX_DEPTH} "
                                             f"levels deep{_at(event.start_mark)}")
                open_nodes.append([event.anchor, 1])
                size = 1
            elif isinstance(event, yaml.CollectionEndEvent):
                anchor, size = open_nodes.pop()
                if anchor is not None:
                    sizes[anchor] = size
                if open_nodes:
                    open_nodes[-1][1] += size
                continue
            elif isinstance(event, yaml.ScalarEvent):
                tag = event.tag if event.tag not in (None, "!") else resolver.resolve(
                    yaml.ScalarNode, event.value, event.implicit)
                if tag in _NUMBER_TAGS and len(event.value) > MAX_NUMBER_CHARS:
                    raise ContentError(path, f"has a number {len(event.value):,} characters "
                                             f"long; numbers have at most {MAX_NUMBER_CHARS}"
                                             f"{_at(event.start_mark)}")
                size = 1
                if event.anchor is not None:
                    sizes[event.anchor] = 1
            elif isinstance(event, yaml.AliasEvent):
                aliases += 1
                if aliases > MAX_ALIASES:
                    raise ContentError(path, f"uses more than {MAX_ALIASES} aliases "
                                             f"(*name){_at(event.start_mark)}")
                if event.anchor not in sizes:
                    open_anchor = any(a == event.anchor for a, _ in open_nodes)
                    problem = ("refers to a value that contains it (a cycle)" if open_anchor
                               else "refers to an anchor that is not defined before it")
                    raise ContentError(path, f"alias *{event.anchor} {problem}"
                                             f"{_at(event.start_mark)}")
                size = sizes[event.anchor]
            else:
                continue
            total += size
            if total > MAX_NODES:
                raise ContentError(path, f"expands to more than {MAX_NODES:,} values once its "
                                         f"aliases are followed{_at(event.start_mark)}")
            if open_nodes and not isinstance(event, yaml.CollectionStartEvent):
                open_nodes[-1][1] += size
    except yaml.YAMLError as exc:
        raise ContentError(path, _yaml_problem(exc)) from None


def _yaml_problem(exc: yaml.YAMLError) -> str:
    problem = getattr(exc, "problem", None) or str(exc)
    return f"is not valid YAML: {problem}{_at(getattr(exc, 'problem_mark', None))}"


def parse_yaml(text: str, path: Path | str) -> Any:  # noqa: ANN401 - any YAML value
    """Parse YAML text strictly within the bounds of :func:`check_structure`."""
    check_structure(text, path)
    try:
        return yaml.load(text, Loader=_StrictLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        raise ContentError(path, _yaml_problem(exc)) from None
    except Exception as exc:  # PyYAML's constructors raise what their conversion raises
        # e.g. ``!!float abc``, ``!!int`` with no value, ``!!timestamp 2020-13-45``
        raise ContentError(path, f"has a value that does not fit its YAML tag "
                                 f"({str(exc)[:200] or type(exc).__name__})") from None


def read_yaml(path: Path) -> Any:  # noqa: ANN401 - any YAML value
    """Read and parse one YAML file strictly; every problem becomes :class:`ContentError`."""
    return parse_yaml(read_text(path), path)


# --------------------------------------------------------------------- validation


MAX_MESSAGE_CHARS = 600
"""Longest problem a message quotes (a validator may quote a huge value)."""


def _describe(error: dict[str, Any]) -> str:
    """One pydantic error as 'what was expected, what was found' (at most
    MAX_MESSAGE_CHARS characters)."""
    text = _describe_error(error)
    return text if len(text) <= MAX_MESSAGE_CHARS else f"{text[:MAX_MESSAGE_CHARS]}..."


def _describe_error(error: dict[str, Any]) -> str:
    kind = error["type"]
    value = error.get("input")
    if kind == "missing":
        return "is required but missing"
    if kind == "extra_forbidden":
        return "is not a known field here (check the spelling, or remove it)"
    if kind == "string_too_long" and error.get("ctx", {}).get("max_length") == MAX_ID_CHARS:
        return f"expected at most {MAX_ID_CHARS} characters for an id; got {shown(value)}"
    if kind == "string_pattern_mismatch":
        return (f"expected a kebab-case id (lower-case letters and digits joined by "
                f"hyphens, e.g. 'early-recovery'), got {shown(value)}")
    msg = error["msg"]
    if msg.startswith("Value error, "):
        return msg[len("Value error, "):]
    if msg.startswith("Assertion failed, "):
        return msg[len("Assertion failed, "):]
    expected = msg[0].lower() + msg[1:]
    expected = expected.replace("input should be", "expected")
    return f"{expected}; got {shown(value)}"


def _locate(data: Any, loc: Sequence[str | int], file_id: str | None) -> tuple[str | None, str]:
    """The innermost entry id along ``loc`` in the raw data, and the field path below it."""
    entry, field_start = file_id, 0
    node = data
    for depth, part in enumerate(loc):
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            break
        ident = node.get("id") if isinstance(node, dict) else None
        if isinstance(ident, str) and len(ident) <= 200:
            entry, field_start = ident, depth + 1
    field = ".".join(p if isinstance(p, str) and len(p) <= 80 else
                     f"{p[:80]}..." if isinstance(p, str) else shown(p)
                     for p in loc[field_start:])
    return entry, field


def validate(data: Any, path: Path | str, model: type[ContentFile] | None = None) -> ContentFile:
    """Validate parsed YAML ``data`` from ``path`` into its content model."""
    if not isinstance(data, dict):
        found = "an empty file" if data is None else f"a {type(data).__name__}"
        raise ContentError(path, f"expected a mapping with 'kind' and 'id' at the top; "
                                 f"found {found}")
    file_id = data.get("id") if isinstance(data.get("id"), str) else None
    if file_id is not None and len(file_id) > MAX_ID_CHARS:
        file_id = None  # not an id; the schema says why
    kind = data.get("kind")
    if model is None:
        known = kinds()
        if not isinstance(kind, str) or kind not in known:
            expected = ", ".join(sorted(known))
            problem = ("is required but missing" if kind is None
                       else f"unknown kind {kind!r}" if isinstance(kind, str) and len(kind) < 80
                       else f"expected the name of a kind, got {shown(kind)}")
            raise ContentError(path, f"{problem}; expected one of: {expected}",
                               entry=file_id, field="kind")
        model = known[kind]
    elif not isinstance(kind, str) or kind != model.KIND:
        raise ContentError(path, f"expected kind {model.KIND!r}, got {shown(kind)}",
                           entry=file_id, field="kind")
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        entry, field = _locate(data, first["loc"], file_id)
        raise ContentError(path, _describe(first), entry=entry, field=field) from None
    except RecursionError:
        raise ContentError(path, f"nests lists and mappings too deeply to check (at most "
                                 f"{MAX_DEPTH} levels)", entry=file_id) from None
    except Exception as exc:  # a schema's validator that did not expect this input
        raise ContentError(path, f"could not be checked: the {model.KIND} schema failed on "
                                 f"it ({type(exc).__name__}: {str(exc)[:200]}); this "
                                 f"is a bug in the schema, please report it",
                           entry=file_id) from None


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
    deliberately incomplete exercise starters and fixtures).  A ``.yaml`` entry in a
    folder that is not a regular file (a FIFO, a device, a broken or looping symbolic
    link) is yielded too, so that reading it reports it by name; a sub-folder that
    cannot be listed raises :class:`ContentError`.
    """
    for path in paths:
        if not path.is_dir():
            yield path
            continue
        found: list[Path] = []
        for folder, dirs, files in os.walk(path, onerror=_unlistable):
            dirs[:] = [d for d in dirs if not d.startswith(("_", "."))]
            found += [Path(folder, name) for name in files
                      if not name.startswith(("_", ".")) and name.endswith(YAML_SUFFIXES)]
        yield from sorted(found)


def _unlistable(exc: OSError) -> None:
    """os.walk's error handler: a folder that cannot be listed is an error, not skipped."""
    problem = _os_problem(exc).replace("cannot be read", "is a folder that cannot be listed")
    raise ContentError(exc.filename or "a folder", problem)


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
            text = read_text(path)
        except ContentError:
            continue  # unreadable, so not known to be this kind: `check` reports the file
        found = _KIND_LINE.search(text)
        if found is None or found.group(1) != kind:
            continue
        item = load_file(path, model)
        where = _display(path)
        if item.id in items:
            raise ContentError(where, f"duplicate {kind} id; already used in "
                               f"{items[item.id][1]}", entry=item.id, field="id")
        _check_citations(item, keys, where)
        items[item.id] = (item, where)
    return tuple(item for item, _ in items.values())


# ----------------------------------------------------------------------------- CLI


def check_path(path: Path) -> str | None:
    """Why ``path`` cannot be checked (``None`` when it is a file or folder to read)."""
    try:
        info = path.stat()
    except OSError as exc:
        return _os_problem(exc).replace("does not exist (or is a broken symbolic link)",
                                        "no such file or folder")
    if stat.S_ISDIR(info.st_mode) or stat.S_ISREG(info.st_mode):
        return None
    return f"is {_file_type(info.st_mode)}, not a content file or folder"


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m widgets.core.content check [PATH ...]``.

    Exit status: 0 when every file is valid, 1 at the first bad file, 2 when a path is
    not a readable file or folder or a folder holds no content files.
    """
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
        problem = check_path(path)
        if problem is not None:
            print(f"error: {path}: {problem}", file=sys.stderr)
            return 2
    try:
        files = list(iter_content_files(paths))
        empty = [p for p in args.paths if p.is_dir()
                 and not any(f.is_relative_to(p) for f in files)]
        if empty or not files:
            where = empty[0] if empty else ", ".join(map(str, paths)) or "."
            print(f"error: {where}: no content files (*.yaml, *.yml) to check",
                  file=sys.stderr)
            return 2
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
