"""The explorers' sliders in a real browser (issue 14: "Module 4's first slider has no
visible track"): the widgets are embedded with the vendored ipywidgets bundle, served on
127.0.0.1 to headless chromium with every other host blocked, and each slider's track is
measured: wide enough to use at 390 px and 900 px, and 3:1 or more against the page."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.book.browser import Traffic, offline_browser, open_offline, serve
from tests.conftest import ROOT
from widgets.core.svg_chart import contrast_ratio

pytestmark = pytest.mark.slow

NODE = ROOT / "node_modules"
MEASURE = """() => [...document.querySelectorAll('.widget-slider')].map(s => {
    const track = s.querySelector('.noUi-connects');
    const box = track.getBoundingClientRect();
    const rgb = getComputedStyle(track).backgroundColor.match(/\\d+/g).slice(0, 3).map(Number);
    const hex = rgb.map(c => c.toString(16).padStart(2, '0')).join('');
    return {label: s.querySelector('.widget-label').textContent, width: box.width,
            height: box.height, colour: '#' + hex};
})"""


def embed_page(widget, folder: Path) -> Path:
    """A page showing ``widget`` as the book's pages do: require.js and embed-amd.js."""
    from ipywidgets.embed import embed_data

    data = embed_data(views=[widget])
    shutil.copy(NODE / "requirejs" / "require.js", folder / "require.js")
    shutil.copy(NODE / "@jupyter-widgets" / "html-manager" / "dist" / "embed-amd.js",
                folder / "embed-amd.js")
    views = "".join(f'<script type="application/vnd.jupyter.widget-view+json">'
                    f"{json.dumps(spec)}</script>" for spec in data["view_specs"])
    page = folder / "index.html"
    page.write_text(
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>slider</title>'
        '<script src="require.js"></script><script src="embed-amd.js"></script></head>'
        '<body style="background:#ffffff"><script type="application/vnd.jupyter.widget-state'
        f'+json">{json.dumps(data["manager_state"])}</script>{views}</body></html>',
        encoding="utf-8")
    return page


@pytest.mark.parametrize("explorer", ["ReceptorExplorer", "DosingExplorer"])
def test_every_slider_track_is_wide_and_contrasting_at_390_and_900_px(tmp_path, explorer):
    if not (NODE / "@jupyter-widgets" / "html-manager").is_dir():
        pytest.skip("vendored widget JavaScript not installed (npm ci)")
    from widgets.pharmacology import view

    embed_page(getattr(view, explorer)(), tmp_path)
    measured = {}
    with serve(tmp_path) as url, offline_browser() as browser:
        for width in (390, 900):
            traffic = Traffic()
            page = open_offline(browser, f"{url}/index.html", traffic)
            page.set_viewport_size({"width": width, "height": 900})
            page.wait_for_selector(".widget-slider .noUi-connects", timeout=30000)
            measured[width] = page.evaluate(MEASURE)
            page.close()
            assert not traffic.external, traffic.external
    for width, sliders in measured.items():
        assert sliders, f"no slider at {width} px"
        for slider in sliders:
            where = f"{slider['label']!r} at {width} px"
            assert slider["width"] >= 150, f"track only {slider['width']:.0f} px wide: {where}"
            assert slider["height"] >= 4, f"track only {slider['height']:.0f} px high: {where}"
            assert contrast_ratio(slider["colour"], "#ffffff") >= 3, \
                f"track {slider['colour']} on white is below 3:1: {where}"
