"""SCORM 1.2 packages of the learner book, for a training director's LMS.

``python -m widgets.book.build --scorm`` (``bash scripts/build-book.sh --scorm``) builds
the learner edition, then writes ``_build/scorm/<module id>.zip`` for every module of the
registry and ``_build/scorm/course.zip``.  A package is made by post-processing the built
HTML, never by a second build:

- **One SCO per module.**  A module's package holds its page (the launch page), the
  support pages its text links to (client handouts and the bibliography, opened in a new
  tab so the module page, which talks to the LMS, stays open), and every stylesheet,
  script, image and font those pages load, at the same relative paths as in the book.
  The course package holds every module's SCO, one item each: every module keeps its
  own pass mark and its own status in the LMS, and a learner can be assigned or credited
  a module at a time (a single course SCO could only report one status for all of them).
- **Self-contained.**  Links to pages that are not in the package (other modules, the
  book's search, the JupyterLite copy, the source notebook) are taken out; what is left
  is relative and resolves inside the zip; nothing is loaded from a CDN.
- **Reporting.**  The module page gets its SCORM configuration (module, checks, questions
  needed to pass) and the run-time adapter ``widgets/book/static/iop-scorm.js``, which
  the knowledge-check engine uses to report to the LMS: ``cmi.core.lesson_status``,
  ``cmi.core.score.raw/min/max``, ``cmi.core.session_time``, ``cmi.suspend_data``.
  Opened as plain files, with no LMS around it, the page keeps answers in the browser's
  local storage as the book does.

The manifest (:func:`manifest`), the mastery score (:func:`mastery_score`) and the page
rewriting (:func:`rewrite_page`) are pure functions, tested without a build.
"""

from __future__ import annotations

import json
import math
import posixpath
import re
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit
from xml.etree import ElementTree as ET

from widgets.core.schemas import ModuleSpec
from widgets.core.scoring import needed_to_pass

__all__ = [
    "ADAPTER",
    "SUSPEND_DATA_LIMIT",
    "Package",
    "Sco",
    "build_packages",
    "manifest",
    "mastery_score",
    "rewrite_page",
    "scorm_config",
    "suspend_data_worst_case",
]

ADAPTER = Path(__file__).resolve().parent / "static" / "iop-scorm.js"
"""The SCORM 1.2 run-time adapter, copied into each package as ``ADAPTER_PATH``."""
ADAPTER_PATH = "_static/iop/iop-scorm.js"
CONFIG_ID = "iop-scorm-config"
SUSPEND_DATA_LIMIT = 4096
"""Characters of ``cmi.suspend_data`` every SCORM 1.2 LMS must keep (CMIString4096)."""
SUPPORT_PAGES = ("bibliography.html", "curriculum/handouts/")
"""Pages a module's package may carry besides the module page (by book path prefix)."""
WIDGET_MARKER = "application/vnd.jupyter.widget-state+json"
WIDGET_FONT_DIR = "@jupyter-widgets"

NS_CP = "http://www.imsproject.org/xsd/imscp_rootv1p1p2"
NS_ADLCP = "http://www.adlnet.org/xsd/adlcp_rootv1p2"
_NCNAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]*$")


# ----------------------------------------------------------------- the manifest


@dataclass(frozen=True)
class Sco:
    """One sharable content object: a module, launched at its page.

    Attributes
    ----------
    identifier : str
        An XML name unique in the manifest (the module id).
    title : str
        What the LMS shows for the item.
    launch : str
        The launch page, a relative POSIX path inside the package.
    files : tuple of str
        Every file the SCO uses (its launch page included), relative POSIX paths.
    mastery_score : float or None
        ``adlcp:masteryscore`` (0-100), the raw score that passes.
    """

    identifier: str
    title: str
    launch: str
    files: tuple[str, ...]
    mastery_score: float | None = None


def _check_relative(path: str, what: str) -> None:
    if (not path or path.startswith("/") or "\\" in path or ":" in path
            or ".." in path.split("/") or posixpath.normpath(path) != path):
        raise ValueError(f"{what} must be a relative path inside the package, like "
                         f"'curriculum/01_x/page.html'; got {path!r}")


def manifest(identifier: str, title: str, scos: Sequence[Sco]) -> str:
    """The ``imsmanifest.xml`` of a SCORM 1.2 package (Content Aggregation Model).

    One organization, one item per SCO, one ``webcontent`` resource per SCO
    (``adlcp:scormtype="sco"``) listing every file it uses.

    Raises
    ------
    ValueError
        For an identifier that is not an XML name or is used twice, no SCO, a launch
        page missing from its files, a path that is absolute or leaves the package, or a
        mastery score outside 0-100.
    """
    if not scos:
        raise ValueError("a package needs at least one SCO; got none")
    names = [identifier] + [s.identifier for s in scos]
    for name in names:
        if not _NCNAME.match(name):
            raise ValueError(f"identifier {name!r} is not an XML name (a letter or _ "
                             f"first, then letters, digits, '-', '_' or '.')")
    if len(set(names)) != len(names):
        raise ValueError(f"identifiers must be unique in a manifest; got {names}")
    ET.register_namespace("", NS_CP)
    ET.register_namespace("adlcp", NS_ADLCP)
    cp = f"{{{NS_CP}}}"
    root = ET.Element(f"{cp}manifest", {"identifier": identifier, "version": "1.0"})
    meta = ET.SubElement(root, f"{cp}metadata")
    ET.SubElement(meta, f"{cp}schema").text = "ADL SCORM"
    ET.SubElement(meta, f"{cp}schemaversion").text = "1.2"
    orgs = ET.SubElement(root, f"{cp}organizations", {"default": f"{identifier}-org"})
    org = ET.SubElement(orgs, f"{cp}organization", {"identifier": f"{identifier}-org"})
    ET.SubElement(org, f"{cp}title").text = title
    resources = ET.SubElement(root, f"{cp}resources")
    for sco in scos:
        _check_relative(sco.launch, f"SCO {sco.identifier}'s launch page")
        for path in sco.files:
            _check_relative(path, f"a file of SCO {sco.identifier}")
        if sco.launch not in sco.files:
            raise ValueError(f"SCO {sco.identifier}'s launch page {sco.launch} is not among "
                             f"its files")
        if len(set(sco.files)) != len(sco.files):
            raise ValueError(f"SCO {sco.identifier} lists a file twice")
        item = ET.SubElement(org, f"{cp}item", {
            "identifier": f"item-{sco.identifier}", "identifierref": f"res-{sco.identifier}",
            "isvisible": "true"})
        ET.SubElement(item, f"{cp}title").text = sco.title
        if sco.mastery_score is not None:
            if not 0 <= sco.mastery_score <= 100:
                raise ValueError(f"SCO {sco.identifier}: mastery score must be 0-100; got "
                                 f"{sco.mastery_score!r}")
            ET.SubElement(item, f"{{{NS_ADLCP}}}masteryscore").text = (
                f"{sco.mastery_score:g}")
        res = ET.SubElement(resources, f"{cp}resource", {
            "identifier": f"res-{sco.identifier}", "type": "webcontent",
            f"{{{NS_ADLCP}}}scormtype": "sco", "href": sco.launch})
        for path in sorted(sco.files, key=lambda p: (p != sco.launch, p)):
            ET.SubElement(res, f"{cp}file", {"href": path})
    ET.indent(root)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            + ET.tostring(root, encoding="unicode") + "\n")


def mastery_score(total: int, pass_mark: float) -> float:
    """The raw score (0-100, two decimals) that passes, agreeing with the pass rule.

    The adapter reports ``raw = floor(10000 * correct / total) / 100``; with this
    mastery score, ``raw >= mastery`` exactly when ``correct >= needed_to_pass(total,
    pass_mark)`` (for up to 100 questions), so an LMS that judges by the mastery score
    agrees with the check.
    """
    if not 0 < total <= 100:
        raise ValueError(f"a SCORM module needs 1-100 check questions; got {total}")
    return math.floor(10000 * needed_to_pass(total, pass_mark) / total) / 100


# --------------------------------------------------------- what a module reports


def scorm_config(module: ModuleSpec, questions: Mapping[str, int]) -> dict[str, Any]:
    """The SCORM adapter's configuration for one module's page.

    Parameters
    ----------
    module : ModuleSpec
        The module (its id and pass mark).
    questions : mapping of str to int
        Each knowledge check of the module and how many questions it has.
    """
    total = sum(questions.values())
    if total == 0:
        raise ValueError(f"module {module.id} has no knowledge-check questions, so it "
                         f"cannot report a score to an LMS; list a check in its module.yaml")
    return {"module": module.id, "checks": dict(questions), "total": total,
            "needed": needed_to_pass(total, module.pass_mark),
            "masteryScore": mastery_score(total, module.pass_mark)}


def suspend_data_worst_case(checks: Mapping[str, Mapping[str, Sequence[str]]]) -> str:
    """The longest ``cmi.suspend_data`` the adapter can write for these checks.

    ``checks`` maps each check id to its questions' option ids.  The adapter writes
    ``{"v":1,"a":{check:{question:[options]}},"c":{check:correct},"b":[rank,raw]}``
    (compact JSON); the worst case chooses every option of every question.
    """
    state = {"v": 1, "a": {c: {q: list(opts) for q, opts in qs.items()}
                           for c, qs in checks.items()},
             "c": {c: len(qs) for c, qs in checks.items()}, "b": [2, 100]}
    return json.dumps(state, separators=(",", ":"))


# ------------------------------------------------------------- rewriting pages


def _is_local(ref: str) -> bool:
    parts = urlsplit(ref)
    return not (parts.scheme or parts.netloc or ref.startswith(("#", "//")))


def resolve(page: str, ref: str) -> str | None:
    """The package path a relative reference of ``page`` points to (``None`` for an
    absolute URL, a fragment or a reference that leaves the package)."""
    if not ref or not _is_local(ref):
        return None
    path = unquote(urlsplit(ref).path)
    if not path:
        return None
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(page), path))
    return None if joined.startswith("../") or joined == ".." else joined


# Page chrome that cannot work inside a package: the site navigation and its toggles
# (the header they sit in is emptied), the search, the previous/next footer (other
# modules), the "Run this page live" block and the source-notebook download.
_REMOVE = ("#pst-primary-sidebar", ".primary-toggle", "#pst-search-dialog",
           ".search-button-field", ".search-button__button", "footer.prev-next-footer",
           ".iop-launch", 'script[src$="searchindex.js"]', 'li:has(> a[href*="_sources/"])')


def rewrite_page(html: str, page: str, pages: Iterable[str], *,
                 config: Mapping[str, Any] | None = None) -> str:
    """One built page as it goes into a package.

    Parameters
    ----------
    html : str
        The page as the book built it.
    page : str
        Its path in the package (relative POSIX).
    pages : iterable of str
        The pages (``.html``) the package holds; a link to any other page is taken out
        (its text stays), and a navigation entry holding only such a link is removed.
        Links to other files (stylesheets, scripts, images) stay: the package takes in
        what the page loads (:func:`asset_closure`).
    config : mapping, optional
        For a SCO's launch page: the adapter configuration (:func:`scorm_config`),
        embedded as JSON with the adapter script; its links to the package's other pages
        then open in a new tab, so the page that reports to the LMS stays open.
    """
    from bs4 import BeautifulSoup

    inside = set(pages)

    def gone(target: str | None) -> bool:
        return target is not None and target.endswith(".html") and target not in inside

    soup = BeautifulSoup(html, "html.parser")
    for selector in _REMOVE:
        for el in soup.select(selector):
            el.decompose()
    seen_inline: set[str] = set()
    for script in soup.find_all("script", src=False):
        code = script.string or ""
        if code.lstrip().startswith(("const ", "let ")) and code in seen_inline:
            script.decompose()  # declared twice by the book's extensions: a page error
        seen_inline.add(code)
    for header in soup.select("#pst-header"):
        header.clear()  # the theme's scripts measure it: keep it, empty and hidden
        header["hidden"] = ""
    for link in soup.find_all("link", href=True):
        if gone(resolve(page, link["href"])):
            link.decompose()
    for a in soup.find_all("a", href=True):
        if a.decomposed:  # inside a menu entry removed already
            continue
        href = a["href"]
        if not _is_local(href) or href.startswith("#"):
            continue
        target = resolve(page, href)
        if not gone(target):
            if config is not None and target != page and target in inside:
                a["target"] = "_blank"
                a["rel"] = "noopener"
            continue
        in_menu = a.find_parent("nav") or a.find_parent(class_="dropdown-menu")
        if in_menu:
            (a.find_parent("li") or a).decompose()
        else:
            a.unwrap()
    for form in soup.find_all("form"):
        if gone(resolve(page, form.get("action", ""))):
            form.decompose()
    if config is not None:
        head = soup.head
        if head is None:
            raise ValueError(f"{page} has no <head> to carry the SCORM adapter")
        data = soup.new_tag("script", attrs={"type": "application/json", "id": CONFIG_ID})
        data.string = json.dumps(dict(config)).replace("<", "\\u003c")
        adapter = soup.new_tag("script", attrs={
            "src": posixpath.relpath(ADAPTER_PATH, posixpath.dirname(page) or ".")})
        head.append(data)
        head.append(adapter)
    return str(soup)


# ------------------------------------------------------- what a package holds

_CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)|@import\s+(['"])([^'"]+)\3""")
_REF_ATTRS = (("script", "src"), ("link", "href"), ("img", "src"), ("source", "src"),
              ("video", "src"), ("audio", "src"), ("object", "data"), ("a", "href"),
              ("image", "href"), ("use", "href"))


def _page_refs(html: str, page: str) -> set[str]:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    found: set[str] = set()
    for tag, attr in _REF_ATTRS:
        for el in soup.find_all(tag):
            target = resolve(page, el.get(attr) or "")
            if target:
                found.add(target)
    return found


def _css_refs(css: str, sheet: str) -> set[str]:
    found = set()
    for match in _CSS_URL.finditer(css):
        ref = match.group(2) or match.group(4)
        if ref.startswith("data:"):
            continue
        target = resolve(sheet, ref.strip())
        if target:
            found.add(target)
    return found


def asset_closure(html_dir: Path, pages: Mapping[str, str]) -> set[str]:
    """Every file the pages load: their scripts, stylesheets (and what those import),
    images and fonts, and the widget icon fonts beside a page that shows widgets.

    ``pages`` maps each page path to its rewritten HTML; links to other pages are not
    followed (the caller decides which pages a package holds).
    """
    files: set[str] = set()
    todo: list[str] = []
    for page, html in pages.items():
        todo += [r for r in _page_refs(html, page) if not r.endswith(".html")]
        if WIDGET_MARKER in html:
            fonts = html_dir / posixpath.dirname(page) / WIDGET_FONT_DIR
            todo += [p.relative_to(html_dir).as_posix() for p in fonts.rglob("*")
                     if p.is_file()]
    while todo:
        path = todo.pop()
        if path in files or path in pages or not (html_dir / path).is_file():
            continue
        files.add(path)
        if path.endswith(".css"):
            css = (html_dir / path).read_text(encoding="utf-8", errors="replace")
            todo += _css_refs(css, path)
    return files


def _support_links(html: str, page: str) -> set[str]:
    """Support pages the article of ``page`` links to."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    article = soup.find("article") or soup
    for el in article.select(".iop-launch"):
        el.decompose()
    found = set()
    for a in article.find_all("a", href=True):
        target = resolve(page, a["href"])
        if target and target.endswith(".html") and target.startswith(SUPPORT_PAGES):
            found.add(target)
    return found


def support_pages(html_dir: Path, launch: str) -> set[str]:
    """The support pages a module page leads to (through its text, transitively)."""
    found: set[str] = set()
    todo = sorted(_support_links((html_dir / launch).read_text(encoding="utf-8"), launch))
    while todo:
        page = todo.pop()
        if page in found or not (html_dir / page).is_file():
            continue
        found.add(page)
        todo += _support_links((html_dir / page).read_text(encoding="utf-8"), page)
    return found


@dataclass(frozen=True)
class Package:
    """A built package: where it was written and what its manifest lists."""

    path: Path
    scos: tuple[Sco, ...]


def _module_sco(html_dir: Path, module: ModuleSpec, launch: str,
                questions: Mapping[str, int],
                done: dict[str, str]) -> tuple[Sco, dict[str, str]]:
    """A module's SCO and its pages as they go into a package (path -> HTML).

    A support page links only to other support pages it leads to (never to a module
    page, which is another SCO), so it is the same in every package: ``done`` keeps the
    ones rewritten already.
    """
    config = scorm_config(module, questions)
    page = (html_dir / launch).read_text(encoding="utf-8")
    missing = [c for c in questions if f'data-iop-check="{c}"' not in page]
    if missing:
        raise ValueError(f"{launch} does not show the knowledge check(s) "
                         f"{', '.join(missing)} that module {module.id}'s module.yaml lists, "
                         f"so a package could not report them. If the book was built "
                         f"before this version, its notebook cache may hold old outputs: "
                         f"delete _build/.jupyter_cache and build again")
    support = support_pages(html_dir, launch)
    pages = {launch: rewrite_page(page, launch, {launch, *support}, config=config)}
    for path in sorted(support):
        if path not in done:
            done[path] = rewrite_page((html_dir / path).read_text(encoding="utf-8"), path,
                                      support)
        pages[path] = done[path]
    files = {*pages, *asset_closure(html_dir, pages), ADAPTER_PATH}
    sco = Sco(module.id, f"Module {module.number}: {module.title}", launch,
              tuple(sorted(files)), config["masteryScore"])
    return sco, pages


def _write(target: Path, identifier: str, title: str, html_dir: Path,
           scos: Sequence[Sco], pages: Mapping[str, str]) -> Package:
    """Write one zip: the manifest, the rewritten pages and every other listed file."""
    text = manifest(identifier, title, scos)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".part")
    with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as zf:
        def put(name: str, data: bytes) -> None:
            # A fixed date: the same book gives byte-identical packages.
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, data)

        put("imsmanifest.xml", text.encode("utf-8"))
        for path in sorted({f for s in scos for f in s.files}):
            if path in pages:
                put(path, pages[path].encode("utf-8"))
            elif path == ADAPTER_PATH:
                put(path, ADAPTER.read_bytes())
            else:
                put(path, (html_dir / path).read_bytes())
    partial.replace(target)
    return Package(target, tuple(scos))


def build_packages(html_dir: Path, out_dir: Path, *, course_title: str,
                   modules: Sequence[ModuleSpec] | None = None,
                   root: Path | None = None) -> list[Package]:
    """Write ``<module id>.zip`` for every module and ``course.zip`` into ``out_dir``.

    Parameters
    ----------
    html_dir : Path
        The built learner book (``_build/html``).
    out_dir : Path
        Where the packages go (``_build/scorm``).
    course_title : str
        The course package's title (the book's title).
    modules : sequence of ModuleSpec, optional
        Default: every module of the registry.
    root : Path, optional
        The curriculum checkout (default: the content root).

    Raises
    ------
    ValueError
        When a module's page is missing, does not show its checks, or its answers could
        not fit the 4096 characters of ``cmi.suspend_data``.
    """
    from widgets.core.content import content_root
    from widgets.core.registry import modules as registry_modules
    from widgets.core.registry import notebook_path
    from widgets.knowledge_check.content import load_check

    root = (root or content_root()).resolve()
    every = list(modules if modules is not None else registry_modules(root))
    parts = []
    done: dict[str, str] = {}
    for module in every:
        launch = notebook_path(module.id, root).relative_to(root).with_suffix(
            ".html").as_posix()
        if not (html_dir / launch).is_file():
            raise ValueError(f"module {module.id}'s page {launch} is not in {html_dir}; "
                             f"build the learner book first")
        checks = [load_check(c.check) for c in module.checks]
        worst = suspend_data_worst_case(
            {c.id: {q.id: [o.id for o in q.options] for q in c.questions} for c in checks})
        if len(worst) > SUSPEND_DATA_LIMIT:
            raise ValueError(f"module {module.id}'s answers could take {len(worst)} "
                             f"characters of cmi.suspend_data; SCORM 1.2 guarantees "
                             f"{SUSPEND_DATA_LIMIT}. Shorten its question or option ids.")
        parts.append(_module_sco(html_dir, module, launch,
                                 {c.id: len(c.questions) for c in checks}, done))
    out_dir.mkdir(parents=True, exist_ok=True)
    built = [_write(out_dir / f"{sco.identifier}.zip", f"iop-{sco.identifier}", sco.title,
                    html_dir, [sco], pages)
             for sco, pages in parts]
    every_page = {path: html for _, pages in parts for path, html in pages.items()}
    built.append(_write(out_dir / "course.zip", "iop-course", course_title, html_dir,
                        [sco for sco, _ in parts], every_page))
    return built
