"""The French quote dev set (data/eval/fr_quotes_dev.jsonl): pointers only, quotes verbatim, hash split."""

from __future__ import annotations

import json

import pytest

from veille.eval.fr_news import NEWS_QUOTES, git_dir, split_of


def _rows() -> list[dict]:
    return [json.loads(line) for line in NEWS_QUOTES.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_quote_annotations_are_pointers_with_the_hash_split():
    rows = _rows()
    assert len(rows) >= 40 and sum(len(r["quotes"]) for r in rows) >= 150
    for r in rows:
        assert "text" not in r and len(r["sha1"]) == 40 and len(r["source"]["commit"]) == 40
        assert r["split"] == split_of(r["id"]), r["id"]
        assert all(q["direct"] and q["text"] for q in r["quotes"]), r["id"]
    assert {r["split"] for r in rows} == {"dev", "test"}


@pytest.mark.skipif(not git_dir("ketsapiwiq/akinarticle").exists(), reason="no snapshot of ketsapiwiq/akinarticle")
def test_quote_gold_is_verbatim_in_the_snapshot():
    from veille.eval.fr_news import load_set

    articles = load_set("fr-quotes")  # raises TextMismatch / GoldError on a changed text or a missing quote
    assert len(articles) == len(_rows())
    for a in articles:
        assert "quotes:direct" in a.record.tags
        for q, spans in zip(a.record.quotes, a.quote_spans, strict=True):
            assert spans, (a.id, q.text)
