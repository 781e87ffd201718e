"""Property tests (issue 16): whatever is passed to the withdrawal scales' public functions,
the answer is a documented exception (``ValueError``/``TypeError`` naming the item, the
value and what is allowed) or a valid result: a total within the scale, a band of the
band set used."""

from __future__ import annotations

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from widgets.withdrawal import (
    SCALES,
    Band,
    BandSet,
    check_answers,
    compare_ratings,
    partial_score,
    resolve_bands,
    score,
    score_ciwa_ar,
    score_cows,
)

SETTINGS = settings(max_examples=150, deadline=2000,
                    suppress_health_check=[HealthCheck.too_slow])

values = st.one_of(
    st.integers(-3, 9), st.integers(-10 ** 30, 10 ** 30), st.just(10 ** 5000),
    st.integers(0, 7).map(np.int64), st.integers(0, 7).map(np.uint8),
    st.floats(allow_nan=True), st.booleans(), st.none(), st.text(max_size=3),
    st.just(np.bool_(True)), st.just([1]),
)
"""What a learner might type as a rating."""

scale_keys = st.sampled_from(["cows", "ciwa-ar"])
band_names = st.one_of(st.none(), st.sampled_from(["asam-2020", "va-paws",
                                                   "wesson-ling-2003"]), st.text(max_size=5))


def answers_for(key: str) -> st.SearchStrategy:
    """Mostly the scale's own items with allowed or stray values; sometimes strange keys."""
    items = SCALES[key].items
    valid = st.fixed_dictionaries({k: st.sampled_from(item.points) for k, item in items.items()})
    own = st.fixed_dictionaries({k: st.one_of(st.sampled_from(item.points), values)
                                 for k, item in items.items()})
    partial = st.dictionaries(st.sampled_from(list(items)), st.one_of(values, st.none()))
    strange = st.dictionaries(st.one_of(st.text(max_size=8), st.integers()), values,
                              max_size=4)
    return st.one_of(valid, own, partial, strange,
                     st.deferred(lambda: st.one_of(st.none(), st.lists(values), st.text())))


def documented(call, *args, **kwargs):
    """The result, or None for a ValueError/TypeError with a short message of our own."""
    try:
        return call(*args, **kwargs)
    except (ValueError, TypeError) as exc:
        message = str(exc)
        assert message.strip() and len(message) < 1000, message
        assert "Exceeds the limit" not in message, message  # Python's, not ours
        return None


@SETTINGS
@given(st.data())
def test_score_gives_a_total_within_the_scale_and_a_band_of_its_set(data):
    key = data.draw(scale_keys)
    answers = data.draw(answers_for(key))
    bands = data.draw(band_names)
    result = documented(score, key, answers, bands)
    if result is not None:
        scale = SCALES[key]
        assert 0 <= result.total <= scale.maximum and type(result.total) is int
        used = resolve_bands(key, bands)
        assert result.band == used.classify(result.total).label
        assert dict(result.answers) == check_answers(key, answers)


@SETTINGS
@given(st.data())
def test_the_two_scorers_agree_with_score(data):
    cows = documented(score_cows, data.draw(answers_for("cows")))
    assert cows is None or cows.band_set == "wesson-ling-2003"
    ciwa_answers = data.draw(answers_for("ciwa-ar"))
    ciwa = documented(score_ciwa_ar, ciwa_answers)
    assert ciwa is None or ciwa == score("ciwa-ar", ciwa_answers, "asam-2020")


@SETTINGS
@given(st.data())
def test_partial_score_counts_only_rated_items(data):
    key = data.draw(scale_keys)
    answers = data.draw(answers_for(key))
    progress = documented(partial_score, key, answers)
    if progress is not None:
        scale = SCALES[key]
        assert progress.rated + len(progress.missing) == len(scale.items)
        assert 0 <= progress.subtotal <= scale.maximum
        assert (progress.result is None) == bool(progress.missing)


@SETTINGS
@given(st.data())
def test_compare_ratings_against_a_valid_key(data):
    key = data.draw(scale_keys)
    scale = SCALES[key]
    answer_key = {k: data.draw(st.sampled_from(item.points)) for k, item in scale.items.items()}
    result = documented(compare_ratings, key, data.draw(answers_for(key)), answer_key)
    if result is not None:
        assert result.expected_total == sum(answer_key.values())
        assert 0 <= result.matched <= len(scale.items)


@SETTINGS
@given(st.one_of(values, st.integers(0, 200)))
def test_a_band_set_classifies_every_whole_total_or_says_why_not(total):
    for scale in SCALES.values():
        for bands in scale.band_sets.values():
            band = documented(bands.classify, total)
            assert band is None or band.contains(int(total))


@SETTINGS
@given(st.lists(st.tuples(st.text(min_size=1, max_size=4),
                          st.one_of(st.integers(-2, 30), values),
                          st.one_of(st.none(), st.integers(-2, 30), values)),
                max_size=5))
def test_a_local_band_set_is_either_refused_or_covers_every_total_once(raw):
    bands = [documented(Band, label, low, high) for label, low, high in raw]
    if any(b is None for b in bands):
        return
    local = documented(BandSet, "local", "A local protocol", (), tuple(bands))
    if local is not None:
        for total in range(0, 80):
            assert sum(b.contains(total) for b in local.bands) == 1
            assert local.classify(total).contains(total)
