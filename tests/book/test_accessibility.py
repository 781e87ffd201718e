"""Every page of the built book: no serious or critical axe-core violations, and light."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.book.browser import Traffic, offline_browser, open_offline, serve
from tests.conftest import ROOT

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("learner-book")]

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
PAGE_BUDGET_BYTES = 1_000_000
SKIP = {"genindex.html", "search.html"}


def book_pages(html: Path) -> list[Path]:
    """Content pages of the book (not Sphinx's index and search utilities)."""
    return sorted(p for p in html.rglob("*.html")
                  if p.name not in SKIP and "_static" not in p.parts and "lite" not in p.parts
                  and "_sources" not in p.parts
                  and 'http-equiv="Refresh"' not in p.read_text(encoding="utf-8")[:2000])


def test_no_serious_or_critical_axe_violations_on_any_page(learner_book):
    _, html = learner_book
    problems = []
    with serve(html) as base, offline_browser() as browser:
        for path in book_pages(html):
            rel = path.relative_to(html).as_posix()
            page = open_offline(browser, f"{base}/{rel}", Traffic())
            if "widget-state+json" in path.read_text(encoding="utf-8"):
                page.wait_for_selector(".jupyter-widgets", timeout=20000)
            page.add_script_tag(path=str(AXE))
            violations = page.evaluate(
                "async () => (await axe.run(document, {resultTypes: ['violations']}))"
                ".violations.filter(v => ['serious', 'critical'].includes(v.impact))"
                ".map(v => ({id: v.id, nodes: v.nodes.map(n => n.target.join(' '))}))")
            problems += [f"{rel}: {v['id']} at {v['nodes'][:3]}" for v in violations]
            page.close()
    assert not problems, "\n".join(problems)


def test_every_page_is_under_one_megabyte_of_its_own(learner_book):
    _, html = learner_book
    heavy = []
    for path in book_pages(html):
        text = path.read_text(encoding="utf-8")
        size = path.stat().st_size
        for ref in set(re.findall(r'(?:src|href)="([^"#?]+)', text)):
            if ref.startswith(("data:", "http:", "https:", "mailto:")) or len(ref) > 300:
                continue
            target = (path.parent / ref).resolve()
            if "_static" in target.parts or not target.is_file() or target.suffix == ".html":
                continue
            size += target.stat().st_size
        if size > PAGE_BUDGET_BYTES:
            heavy.append(f"{path.relative_to(html)}: {size / 1e6:.2f} MB")
    assert not heavy, "pages over 1 MB of their own: " + "; ".join(heavy)


def test_every_image_and_chart_has_alt_text(learner_book):
    _, html = learner_book
    missing = []
    for path in book_pages(html):
        page = re.sub(r"<script\b.*?</script>", "", path.read_text(encoding="utf-8"), flags=re.S)
        for tag in re.findall(r"<img\b[^>]*>", page):
            alt = re.search(r'\balt="([^"]*)"', tag)
            if alt is None or not alt.group(1).strip():
                missing.append(f"{path.relative_to(html)}: {tag[:120]}")
        # Charts drawn as SVG: the picture is hidden, its role="img" wrapper describes it.
        for tag in re.findall(r'<[a-z]+\b[^>]*\brole="img"[^>]*>', page):
            label = re.search(r'\baria-label="([^"]*)"', tag)
            if label is None or not label.group(1).strip():
                missing.append(f"{path.relative_to(html)}: {tag[:120]}")
        for tag in re.findall(r"<svg\b[^>]*>", page):
            if 'aria-hidden="true"' not in tag and 'role="img"' not in tag:
                missing.append(f"{path.relative_to(html)}: {tag[:120]}")
    assert not missing, "\n".join(missing)


def test_search_works_offline(learner_book):
    _, html = learner_book
    traffic = Traffic()
    with serve(html) as base, offline_browser() as browser:
        page = open_offline(browser, f"{base}/search.html?q=naloxone", traffic)
        page.wait_for_selector("#search-results li", timeout=20000)
        hits = page.locator("#search-results li").all_inner_texts()
    assert any("naloxone" in h.lower() for h in hits), hits
    assert traffic.external == []


def test_handouts_print_without_the_site_navigation(learner_book):
    _, html = learner_book
    with serve(html) as base, offline_browser() as browser:
        page = open_offline(browser, f"{base}/curriculum/handouts/naloxone.html", Traffic())
        page.emulate_media(media="print")
        assert not page.locator(".bd-sidebar-primary").first.is_visible()
        assert page.locator("h1").first.is_visible()
        pdf = page.pdf()
    assert pdf.startswith(b"%PDF")
