"""The receptor and dosing explorers, driven in plain pytest (no kernel, no browser)."""

from __future__ import annotations

import re

import pytest

from widgets.pharmacology import HALF_LIFE_RANGES
from widgets.pharmacology.render import DosingFigure, ReceptorFigure
from widgets.pharmacology.view import DosingExplorer, ReceptorExplorer


def alt_text(html: str) -> str:
    return re.search(r'role="img" aria-label="([^"]*)"', html).group(1)


@pytest.fixture(scope="module")
def receptor():
    return ReceptorExplorer()


@pytest.fixture
def dosing():
    return DosingExplorer()


# -------------------------------------------------------------------------- receptor


def test_receptor_explorer_starts_with_a_full_agonist_being_displaced(receptor):
    receptor._activity.value, receptor._bound.value = 0.4, 90
    assert "<strong>falls</strong> from 90% to 40%" in receptor._summary.value
    assert "precipitated withdrawal" in receptor._summary.value
    assert "<svg" in receptor._figure.value


def test_receptor_explorer_shows_relief_when_little_full_agonist_is_left(receptor):
    receptor._bound.value = 20
    assert "<strong>rises</strong> from 20% to 40%" in receptor._summary.value
    assert "rises from 20% to 40%" in alt_text(receptor._figure.value)
    receptor._bound.value = 90


def test_receptor_explorer_is_level_when_full_effect_equals_the_ceiling(receptor):
    receptor._activity.value, receptor._bound.value = 0.5, 50
    assert "stays at about 50%" in receptor._summary.value
    receptor._activity.value, receptor._bound.value = 0.4, 90


def test_receptor_slider_moves_the_partial_agonist_ceiling_in_the_figure(receptor):
    receptor._activity.value = 0.7
    assert receptor.figure.partial_activity == pytest.approx(0.7)
    assert "ceiling of 70%" in alt_text(receptor._figure.value)
    assert 0.69 < max(receptor.figure.partial_curve) <= 0.7
    receptor._activity.value = 0.4


def test_receptor_controls_have_visible_descriptions(receptor):
    for control in (receptor._activity, receptor._bound):
        assert control.description.strip()


def test_receptor_static_html_shows_both_typical_settings_in_one_figure(receptor):
    text = receptor.static_html()
    assert text.count("<figure") == 1
    assert "net effect falls from 90% to 40%" in alt_text(text)
    assert "holding 20% of receptors, rises from 20% to 40%" in alt_text(text)
    assert "<strong>falls</strong> from 90% to 40%" in text
    assert "<strong>rises</strong> from 20% to 40%" in text
    assert "not dosing guidance" in text


def test_receptor_comparison_change_needs_a_comparison_curve():
    figure = ReceptorFigure()
    with pytest.raises(ValueError, match="add_comparison"):
        _ = figure.comparison_change
    figure.add_comparison(0.2)
    assert figure.comparison_change == pytest.approx(0.2, abs=1e-3)


def test_receptor_figure_is_reused_and_follows_the_controls(receptor):
    figure = receptor.figure
    receptor._bound.value = 60
    assert receptor.figure is figure and figure.full_occupancy == pytest.approx(0.6)
    assert "holding 60% of receptors" in alt_text(receptor._figure.value)
    receptor._bound.value = 90
    assert "holding 90% of receptors" in alt_text(receptor._figure.value)


# --------------------------------------------------------------------------- dosing


def test_dosing_explorer_defaults_to_methadone_within_the_fact_base_range(dosing):
    rng = HALF_LIFE_RANGES["methadone"]
    assert dosing._medication.value == "methadone"
    assert (dosing._half_life.min, dosing._half_life.max) == (rng.low_h, rng.high_h)
    assert "about 8-59 h (commonly quoted)" in dosing._range.value
    assert "TIP" in dosing._range.value


def test_dosing_summary_gives_days_to_97_percent_and_the_accumulation_ratio(dosing):
    dosing._half_life.value = 48
    text = dosing._summary.value
    assert "about 97% of steady state after 10.0 days" in text
    assert "<strong>3.41 times</strong>" in text
    assert ('<th scope="row">1</th><td class="num">0.00</td><td class="num">1.00</td>'
            in dosing._table.value)


def test_switching_to_buprenorphine_uses_its_reported_ranges(dosing):
    dosing._medication.value = "buprenorphine"
    rng = HALF_LIFE_RANGES["buprenorphine"]
    assert (dosing._half_life.min, dosing._half_life.max) == (rng.low_h, rng.high_h)
    assert dosing._half_life.value == 36
    assert "variably reported" in dosing._range.value
    assert "24-42 h (often attributed to US labelling)" in dosing._range.value
    assert "buprenorphine with a half-life of 36 hours" in alt_text(dosing._figure.value)
    dosing._medication.value = "methadone"
    assert dosing._half_life.value == 24
    assert dosing.figure.medication == "methadone"


def test_dosing_figure_marks_steady_state_and_five_half_lives(dosing):
    dosing._half_life.value = 30
    assert dosing.figure.five_half_lives_day == pytest.approx(5 * 30 / 24)
    assert dosing.figure.steady_state_peak == pytest.approx(1 / (1 - 2 ** (-24 / 30)))
    assert 'stroke="#CC79A7"' in dosing._figure.value  # the line is drawn


def test_dosing_figure_shades_the_troughs_of_the_whole_reported_range(dosing):
    dosing._medication.value = "buprenorphine"
    low = 1 / (1 - 2 ** (-24 / 20))   # steady-state peak, shortest half-life
    high = 1 / (1 - 2 ** (-24 / 60))  # longest
    assert max(dosing.figure.band_high) == pytest.approx(
        high * 2 ** (-24 / 60) * (1 - 2 ** (-14 * 24 / 60)))
    assert min(dosing.figure.band_low) == pytest.approx(2 ** (-24 / 20))
    assert low < high
    assert '<polygon points="' in dosing._figure.value  # the shaded band
    assert "from the shortest (20 h) to the longest (60 h)" in alt_text(dosing._figure.value)


def test_dosing_view_labels_the_curves_as_an_illustration_not_dosing_guidance(dosing):
    assert "not dosing guidance" in dosing.children[0].value
    assert "not dosing guidance" in dosing.static_html()


def test_dosing_static_html_has_both_medications_figures_and_tables(dosing):
    text = dosing.static_html()
    assert text.count("<figure") == 2 and text.count("<table ") == 2
    assert "Methadone, half-life 24 h" in text and "Buprenorphine, half-life 36 h" in text


def test_dosing_controls_have_visible_descriptions(dosing):
    for control in (dosing._medication, dosing._half_life):
        assert control.description.strip()


def test_figures_are_inline_svg_with_their_alt_text_on_the_figure():
    for html in (DosingFigure("methadone", 24).html(), ReceptorFigure().html()):
        assert html.startswith('<figure class="iop-figure iop-chart"')
        assert "<svg" in html and "<img" not in html and "data:image" not in html
        assert len(alt_text(html)) > 100
        assert all('aria-hidden="true"' in tag for tag in re.findall(r"<svg\b[^>]*>", html))


def test_first_change_records_practice_once_when_a_learner_is_set(learner_records):
    receptor = ReceptorExplorer()
    dosing = DosingExplorer()
    assert learner_records() == []  # showing the explorers is not practice
    receptor._bound.value = 20
    receptor._activity.value = 0.6
    dosing._medication.value = "buprenorphine"
    dosing._half_life.value = HALF_LIFE_RANGES["buprenorphine"].high_h
    recs = learner_records()
    assert [(r.module, r.item_id, r.correct, r.answer) for r in recs] == [
        ("m04", "sim/receptor-explorer", True,
         {"partial_activity": 0.4, "full_agonist_percent": 20}),
        ("m04", "sim/dosing-explorer", True,
         {"medication": "buprenorphine", "half_life_h": 36.0})]


# ------------------------------------------------------------------ sliders and saving


@pytest.mark.parametrize("make", [ReceptorExplorer, DosingExplorer])
def test_sliders_carry_the_style_that_keeps_their_track_visible(make):
    from widgets.core.svg_chart import contrast_ratio
    from widgets.pharmacology.render import SLIDER

    explorer = make()
    sliders = [c for c in explorer.children if "Slider" in type(c).__name__]
    assert sliders
    for slider in sliders:
        assert SLIDER.css_class in slider._dom_classes
        assert (slider.layout.width, slider.layout.max_width) == ("100%", "46em")
    style = explorer.children[0].value
    assert f".widget-slider.{SLIDER.css_class} .noUi-connects" in style
    assert f"background: {SLIDER.track_colour}" in style
    assert f"min-width: {SLIDER.min_track_em:g}em" in style
    for page in ("#ffffff", "#111111"):  # JupyterLab's light and dark backgrounds
        assert contrast_ratio(SLIDER.track_colour, page) >= 3
    assert "<style>" not in explorer.static_html()  # the book shows no live slider


def test_the_first_slider_keeps_its_label(receptor):
    assert receptor._activity.description == ("Partial agonist's ceiling (share of the "
                                              "maximal effect)")


def test_the_explorer_says_the_practice_was_saved(learner_records):
    explorer = ReceptorExplorer()
    assert explorer._saved.value == ""
    explorer._bound.value = 20
    assert "Saved to your progress (learner learner-test)" in explorer._saved.value
    dosing = DosingExplorer()
    dosing._half_life.value = 30
    assert "Saved to your progress" in dosing._saved.value


def test_the_explorer_says_so_when_the_practice_could_not_be_saved(unusable_store):
    explorer = ReceptorExplorer()
    explorer._bound.value = 20
    assert 'role="alert"' in explorer._saved.value and "Not saved" in explorer._saved.value
    explorer._bound.value = 30  # not saved yet: the next change tries again
    assert "Not saved" in explorer._saved.value


def test_the_book_and_the_view_share_one_illustrative_half_life():
    dosing = DosingExplorer("buprenorphine")
    assert dosing._half_life.value == HALF_LIFE_RANGES["buprenorphine"].illustrative_h == 36
    assert "Buprenorphine, half-life 36 h" in dosing.static_html()
