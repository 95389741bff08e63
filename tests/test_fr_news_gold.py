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


def _rows(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_train_annotations_are_training_only_and_disjoint_from_scored_files():
    """fr_news_train.jsonl: pointers like fr_news_dev.jsonl, split "train" on every line, no article
    shared with the scored files (events or quotes), ids derived from the path, no text stored."""
    import hashlib

    from veille.eval.fr_news import NEWS_QUOTES, NEWS_TRAIN, gold_records

    from veille.eval.fr_news import REPO

    taxonomy = json.loads((REPO / "src" / "veille" / "data" / "acled_taxonomy.json").read_text(encoding="utf-8"))
    pairs = {(t["name"], s["name"]) for t in taxonomy["event_types"] for s in t["sub_event_types"]}
    train = _rows(NEWS_TRAIN)
    assert len(train) >= 120 and sum(len(r["events"]) for r in train) >= 150
    assert {r["split"] for r in train} == {"train"}
    scored = {r["source"]["path"] for p in (NEWS_EVENTS, NEWS_QUOTES) for r in _rows(p)}
    paths = [r["source"]["path"] for r in train]
    assert len(set(paths)) == len(paths) and not scored & set(paths)
    for r in train:
        assert "text" not in r and len(r["sha1"]) == 40
        assert r["id"] == "frnews-" + hashlib.sha1(r["source"]["path"].encode("utf-8")).hexdigest()[:10]
        for ev in r["events"]:
            assert ev["evidence"].strip() and isinstance(ev["background"], bool), (r["id"], ev)
            assert (ev["event_type"], ev["sub_event_type"]) in pairs, (r["id"], ev["sub_event_type"])
            assert ev["date"] is None or ev["date"]["start"] <= ev["date"]["end"], (r["id"], ev["date"])
    with pytest.raises(KeyError):
        gold_records("fr-news-train")  # never a scored set


def test_train_annotations_match_their_snapshot():
    from veille.eval.fr_news import NEWS_TRAIN, SourceMissing, check_annotations

    try:
        problems = check_annotations(NEWS_TRAIN)
    except SourceMissing as err:
        pytest.skip(str(err))
    assert problems == []


def test_quote_train_annotations_are_training_only_and_disjoint_from_scored_files():
    """fr_quotes_train.jsonl: quote pointers like fr_quotes_dev.jsonl, split "train" on every line,
    no article shared with the quote dev/test file or the scored lines of fr_news_dev.jsonl."""
    import hashlib

    from veille.eval.fr_news import NEWS_QUOTES, NEWS_QUOTES_TRAIN

    train = _rows(NEWS_QUOTES_TRAIN)
    quotes = [q for r in train for q in r["quotes"]]
    assert len(train) >= 20 and len(quotes) >= 120
    assert {r["split"] for r in train} == {"train"}
    scored = {r["source"]["path"] for p in (NEWS_EVENTS, NEWS_QUOTES) for r in _rows(p) if r["split"] in ("dev", "test")}
    paths = [r["source"]["path"] for r in train]
    assert len(set(paths)) == len(paths) and not scored & set(paths)
    for r in train:
        assert "text" not in r and "events" not in r and len(r["sha1"]) == 40
        assert r["id"] == "frnews-" + hashlib.sha1(r["source"]["path"].encode("utf-8")).hexdigest()[:10]
        for q in r["quotes"]:
            assert q["direct"] is True and q["text"].strip() == q["text"] and len(q["text"]) >= 3, (r["id"], q)
            assert q["speaker"] is None or q["speaker"].strip(), (r["id"], q)
    # descriptions are kept when the article never names the speaker
    assert sum(1 for q in quotes if q["speaker"] and q["speaker"][0].islower()) >= 20


def test_quote_train_split_is_read_only_when_asked():
    from veille.eval.fr_news import NEWS_QUOTES_TRAIN, SourceMissing, check_annotations, gold_records

    try:
        problems = check_annotations(NEWS_QUOTES_TRAIN)
    except SourceMissing as err:
        pytest.skip(str(err))
    assert problems == []
    train = gold_records("fr-quotes", "train")
    assert train and all(r["tags"][:2] == ["fr-quotes", "train"] and "quotes:direct" in r["tags"] for r in train)
    ids = {r["id"] for r in train}
    assert not ids & {r["id"] for r in gold_records("fr-quotes", "dev")}
    assert not ids & {r["id"] for r in gold_records("fr-quotes")}
