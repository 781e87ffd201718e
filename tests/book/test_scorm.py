"""SCORM 1.2 packages: the manifest and page rewriting (pure, no build), then the packages
of the learner book: well-formed manifests listing exactly the files in each zip, every
page reachable, every reference resolving inside the package, nothing from the network."""

from __future__ import annotations

import json
import math
import posixpath
import re
import zipfile
from xml.etree import ElementTree as ET

import pytest
from bs4 import BeautifulSoup
from hypothesis import given
from hypothesis import strategies as st

from widgets.book import build
from widgets.book.scorm import (
    ADAPTER_PATH,
    SUSPEND_DATA_LIMIT,
    Sco,
    build_packages,
    manifest,
    mastery_score,
    resolve,
    rewrite_page,
    suspend_data_worst_case,
)
from widgets.core.registry import modules
from widgets.core.scoring import needed_to_pass
from widgets.knowledge_check import load_check

NS = {"cp": "http://www.imsproject.org/xsd/imscp_rootv1p1p2",
      "adlcp": "http://www.adlnet.org/xsd/adlcp_rootv1p2"}
SCO = Sco("m01", "Module 1: A & <B>", "c/m.html", ("c/m.html", "_static/x.css"), 80.0)


def test_manifest_is_scorm_12_with_one_sco_item_per_module():
    other = Sco("m02", "Module 2", "d/n.html", ("d/n.html", "_static/x.css"), 83.33)
    tree = ET.fromstring(manifest("iop-course", "Course", [SCO, other]))
    assert tree.tag == f"{{{NS['cp']}}}manifest" and tree.get("identifier") == "iop-course"
    assert tree.findtext("cp:metadata/cp:schema", namespaces=NS) == "ADL SCORM"
    assert tree.findtext("cp:metadata/cp:schemaversion", namespaces=NS) == "1.2"
    orgs = tree.find("cp:organizations", NS)
    org = orgs.find("cp:organization", NS)
    assert orgs.get("default") == org.get("identifier")
    items = org.findall("cp:item", NS)
    resources = {r.get("identifier"): r for r in tree.iterfind("cp:resources/cp:resource", NS)}
    assert [i.findtext("cp:title", namespaces=NS) for i in items] == [
        "Module 1: A & <B>", "Module 2"]
    assert [i.findtext("adlcp:masteryscore", namespaces=NS) for i in items] == ["80", "83.33"]
    for item in items:
        res = resources[item.get("identifierref")]
        assert res.get(f"{{{NS['adlcp']}}}scormtype") == "sco"
        assert res.get("type") == "webcontent"
        files = [f.get("href") for f in res.findall("cp:file", NS)]
        assert files[0] == res.get("href")  # the launch page first, then the rest


@pytest.mark.parametrize(("scos", "message"), [
    ([], "at least one SCO"),
    ([Sco("1bad", "t", "a.html", ("a.html",))], "not an XML name"),
    ([SCO, SCO], "unique"),
    ([Sco("m01", "t", "a.html", ("b.html",))], "not among its files"),
    ([Sco("m01", "t", "/a.html", ("/a.html",))], "relative path"),
    ([Sco("m01", "t", "a.html", ("a.html", "../b.css"))], "relative path"),
    ([Sco("m01", "t", "a.html", ("a.html", "C:/b.css"))], "relative path"),
    ([Sco("m01", "t", "a.html", ("a.html", "a.html"))], "twice"),
    ([Sco("m01", "t", "a.html", ("a.html",), 120)], "0-100"),
])
def test_manifest_refuses_what_an_lms_could_not_import(scos, message):
    with pytest.raises(ValueError, match=message):
        manifest("iop-x", "X", scos)


@given(total=st.integers(1, 100), percent=st.integers(1, 100), data=st.data())
def test_mastery_score_agrees_with_the_pass_rule(total, percent, data):
    pass_mark = percent / 100
    correct = data.draw(st.integers(0, total))
    raw = math.floor(10000 * correct / total) / 100  # what iop-scorm.js reports
    assert (raw >= mastery_score(total, pass_mark)) == (
        correct >= needed_to_pass(total, pass_mark))


def test_every_module_answer_fits_scorm_12_suspend_data():
    for module in modules():
        checks = [load_check(c.check) for c in module.checks]
        worst = suspend_data_worst_case(
            {c.id: {q.id: [o.id for o in q.options] for q in c.questions} for c in checks})
        assert len(worst) <= SUSPEND_DATA_LIMIT, module.id


PAGE = """<!doctype html><html><head>
<link rel="stylesheet" href="../_static/s.css?v=1"><link rel="next" href="../other/p.html">
<script src="../searchindex.js"></script>
<script>const THEBE = "x";</script><script>const THEBE = "x";</script></head><body>
<header id="pst-header"><button class="search-button-field">Search</button></header>
<div id="pst-primary-sidebar"><a href="../other/p.html">Other</a></div>
<nav><ul><li><a href="../other/p.html">Next module</a></li>
<li><a href="h.html">Handout</a></li></ul></nav>
<article><p>See <a href="../other/p.html#x">module 2</a>, the <a href="h.html">handout</a>,
<a href="#top">top</a> and <a href="https://www.samhsa.gov/">SAMHSA</a>.</p>
<div class="iop-launch"><a href="../lite/index.html">Run live</a></div>
<img src="fig.png" alt="A figure"></article></body></html>"""


def test_rewrite_keeps_package_links_and_takes_out_the_rest():
    out = rewrite_page(PAGE, "c/m.html", {"c/m.html", "c/h.html"})
    soup = BeautifulSoup(out, "html.parser")
    hrefs = [a.get("href") for a in soup.find_all("a")]
    assert "../other/p.html#x" not in hrefs and "module 2" in soup.get_text()  # text stays
    assert "Next module" not in soup.get_text()  # a menu entry goes whole
    assert hrefs.count("h.html") == 2 and "#top" in hrefs and "https://www.samhsa.gov/" in hrefs
    header = soup.find(id="pst-header")  # the theme's scripts measure it: kept, empty
    assert header.has_attr("hidden") and not header.contents
    assert soup.find(id="pst-primary-sidebar") is None
    assert soup.select(".iop-launch") == [] and "searchindex.js" not in out
    assert soup.find("link", rel="next") is None
    assert soup.find("link", rel="stylesheet")["href"] == "../_static/s.css?v=1"
    assert soup.find("img")["src"] == "fig.png"
    assert out.count('const THEBE = "x"') == 1  # declared twice is a page error
    assert soup.find(id="iop-scorm-config") is None  # not a launch page


def test_rewrite_of_a_launch_page_adds_the_adapter_and_opens_other_pages_in_a_tab():
    config = {"module": "m01", "checks": {"m01-check": 10}, "total": 10, "needed": 8,
              "note": "</script><b>"}
    out = rewrite_page(PAGE, "c/m.html", {"c/m.html", "c/h.html"}, config=config)
    soup = BeautifulSoup(out, "html.parser")
    data = soup.find(id="iop-scorm-config")
    assert data.parent.name == "head" and "</script><b>" not in data.string
    assert soup.find("script", src="../" + ADAPTER_PATH) is not None
    handout = soup.find("article").find("a", href="h.html")
    assert handout["target"] == "_blank" and handout["rel"] == ["noopener"]


@pytest.mark.parametrize(("ref", "target"), [
    ("../_static/a.css?v=3", "_static/a.css"), ("h.html#x", "c/h.html"),
    ("#x", None), ("https://example.org/a.js", None), ("//cdn.example.org/a.js", None),
    ("../../outside.html", None), ("mailto:a@example.org", None), ("b%20c.png", "c/b c.png"),
])
def test_resolve_finds_the_package_path_of_a_reference(ref, target):
    assert resolve("c/m.html", ref) == target


def test_packaging_refuses_a_page_without_its_check(tmp_path, root):
    module = modules()[0]
    page = tmp_path / "curriculum" / "01_continuum" / "01_iop_in_the_continuum.html"
    page.parent.mkdir(parents=True)
    page.write_text("<html><head></head><body><p>No check here.</p></body></html>")
    with pytest.raises(ValueError, match="does not show the knowledge check"):
        build_packages(tmp_path, tmp_path / "scorm", course_title="C", modules=[module],
                       root=root)


def test_scorm_packages_the_learner_edition_only():
    with pytest.raises(SystemExit):
        build.main(["--scorm", "--trainer"])


# ------------------------------------------------ the packages of the learner book

PACKAGES = [f"{m.id}.zip" for m in modules()] + ["course.zip"]


def _contents(path):
    with zipfile.ZipFile(path) as zf:
        names = set(zf.namelist())
        tree = ET.fromstring(zf.read("imsmanifest.xml"))
        pages = {n: zf.read(n).decode("utf-8") for n in names if n.endswith(".html")}
    return names, tree, pages


@pytest.mark.slow
@pytest.mark.xdist_group("learner-book")
@pytest.mark.parametrize("name", PACKAGES)
def test_manifest_lists_exactly_the_files_in_the_zip(scorm_packages, name):
    names, tree, _ = _contents(scorm_packages[name].path)
    listed = {f.get("href") for f in tree.iterfind(".//cp:file", NS)}
    launches = [r.get("href") for r in tree.iterfind(".//cp:resource", NS)]
    assert listed - names == set(), "listed but not in the zip"
    assert names - listed == {"imsmanifest.xml"}, "in the zip but not listed"
    assert all(href in listed for href in launches)
    assert ADAPTER_PATH in names
    expected = [m.id for m in modules()] if name == "course.zip" else [name[:-4]]
    assert [r.get("identifier") for r in tree.iterfind(".//cp:resource", NS)] == [
        f"res-{m}" for m in expected]
    for item in tree.iterfind(".//cp:item", NS):
        assert float(item.findtext("adlcp:masteryscore", namespaces=NS)) > 0


_REFS = (("script", "src"), ("link", "href"), ("img", "src"), ("source", "src"),
         ("a", "href"), ("iframe", "src"), ("form", "action"))


@pytest.mark.slow
@pytest.mark.xdist_group("learner-book")
@pytest.mark.parametrize("name", PACKAGES)
def test_every_page_is_reachable_and_every_reference_resolves_inside(scorm_packages, name):
    names, tree, pages = _contents(scorm_packages[name].path)
    launches = [r.get("href") for r in tree.iterfind(".//cp:resource", NS)]
    broken, external, links = [], [], {}
    for page, html in pages.items():
        soup = BeautifulSoup(html, "html.parser")
        links[page] = set()
        for tag, attr in _REFS:
            for el in soup.find_all(tag):
                ref = el.get(attr)
                if not ref or ref.startswith(("#", "mailto:", "data:", "javascript:")):
                    continue
                if re.match(r"^(https?:)?//", ref):
                    if tag != "a":  # a page may link out; it never loads from outside
                        external.append(f"{page}: <{tag} {attr}={ref}>")
                    continue
                target = resolve(page, ref)
                if target not in names:
                    broken.append(f"{page}: {ref}")
                elif tag == "a" and target.endswith(".html"):
                    links[page].add(target)
    assert not broken, broken[:20]
    assert not external, external[:20]
    seen, todo = set(), list(launches)
    while todo:
        page = todo.pop()
        if page not in seen:
            seen.add(page)
            todo += links.get(page, ())
    assert set(pages) - seen == set(), "pages no launch page leads to"
    # A SCO's page never links to another SCO (that one would talk to this one's API).
    for launch in launches:
        assert not links[launch] & (set(launches) - {launch})


@pytest.mark.slow
@pytest.mark.xdist_group("learner-book")
def test_module_pages_carry_their_scorm_configuration(scorm_packages):
    for module in modules():
        names, tree, pages = _contents(scorm_packages[f"{module.id}.zip"].path)
        launch = tree.find(".//cp:resource", NS).get("href")
        soup = BeautifulSoup(pages[launch], "html.parser")
        config = json.loads(soup.find(id="iop-scorm-config").string)
        total = sum(len(load_check(c.check).questions) for c in module.checks)
        assert config == {"module": module.id,
                          "checks": {c.check: len(load_check(c.check).questions)
                                     for c in module.checks},
                          "total": total, "needed": needed_to_pass(total, module.pass_mark),
                          "masteryScore": mastery_score(total, module.pass_mark)}
        adapter = soup.find("script", src=re.compile(r"iop-scorm\.js$"))
        assert posixpath.normpath(posixpath.join(posixpath.dirname(launch),
                                                 adapter["src"])) == ADAPTER_PATH
        assert soup.select("section[data-iop-check]")
