"""Gold built from the French annotation files (data/eval): evidence verbatim, splits fixed."""

from __future__ import annotations

import json

import pytest

from veille.eval.fr_news import NEWS_EVENTS, TIMEBANK_EVENTS, split_of, timebank_id


@pytest.mark.shared
def test_fr_timebank_event_evidence_is_verbatim():
    from conftest import shared_path

    from veille.eval.fr_news import load_set

    folder = shared_path("data", "fr-timebank-dev")
    articles = load_set("fr-timebank-events", path=str(folder))  # raises GoldError on a missing substring
    assert len(articles) == 54
    assert sum(len(a.record.events) for a in articles) >= 1
    for a in articles:
        for ev, spans in zip(a.record.events, a.event_spans, strict=True):
            assert spans, (a.id, ev.evidence)


def test_annotation_splits_are_the_hash_split():
    for path, key in ((TIMEBANK_EVENTS, lambda r: timebank_id(r["doc"])), (NEWS_EVENTS, lambda r: r["id"])):
        rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        assert rows
        for r in rows:
            assert r["split"] == split_of(key(r)), r.get("id") or r.get("doc")
        assert {r["split"] for r in rows} == {"dev", "test"}


def test_news_annotations_store_no_text():
    for line in NEWS_EVENTS.read_text(encoding="utf-8").splitlines():
        r = json.loads(line)
        assert "text" not in r and len(r["sha1"]) == 40 and len(r["source"]["commit"]) == 40
