"""The learned event filter (stages/event_filter.py): shipped for French, fewer false events on
real event-free French news (French TimeBank, test half: never trained on)."""

from __future__ import annotations

import pytest

from veille.stages import event_filter


def test_french_filter_is_shipped_and_english_has_none():
    fr = event_filter.model("fr")
    assert fr is not None and 0.0 < fr.threshold < 1.0 and len(fr.weights) > 50
    assert event_filter.model("en") is None  # English keeps every event its rules and models find


def test_probability_follows_the_weights():
    m = event_filter.FilterModel({"placed": 2.0, "model_none": -3.0}, bias=0.0, threshold=0.5)
    assert m.probability({"placed": 1.0}) > 0.85
    assert m.probability({"model_none": 0.9}) < 0.1
    assert m.probability({}) == pytest.approx(0.5)


def test_bucket_names_ranges():
    assert [event_filter.bucket(n, (1, 2, 3)) for n in (0, 1, 2, 3, 7)] == ["1", "1", "2", "3", "3+"]


def _false_events(docs, monkeypatch, setting: str) -> int:
    from veille.pipeline import extract

    monkeypatch.setenv("VEILLE_EVENT_FILTER", setting)
    event_filter.model.cache_clear()
    try:
        return sum(len(extract(d.text, published=d.record.published, lang="fr").events) for d in docs)
    finally:
        event_filter.model.cache_clear()


@pytest.mark.shared
def test_filter_removes_false_events_from_event_free_french_news(monkeypatch):
    from conftest import shared_path

    from veille.eval.fr_news import load_set

    docs = [a for a in load_set("fr-timebank-events", path=str(shared_path("data", "fr-timebank-dev")))
            if "test" in a.record.tags and not a.record.events]
    assert len(docs) >= 20
    without = _false_events(docs, monkeypatch, "off")
    with_filter = _false_events(docs, monkeypatch, "on")
    assert with_filter < without, (with_filter, without)
