"""End-to-end expectations on Veille's own gold articles (``data/gold/dev.jsonl``).

The articles tagged ``test`` were chosen to cover every ACLED event type, quotes attributed
by a pronoun or an incise ("a-t-il ajouté", "he added"), relative dates, ambiguous place
names (Paris, Texas vs Paris; Tripoli in Libya vs Lebanon), fatalities 0 vs unknown,
background events, an article without a publication date, and articles that report no
event at all (sports and markets with war metaphors). Expectations are read from the gold
annotation, so the tests assert what the annotator coded, article by article.
"""

from __future__ import annotations

import json
from datetime import date
from functools import lru_cache
from pathlib import Path

import pytest

GOLD = Path(__file__).resolve().parents[1] / "data" / "gold" / "dev.jsonl"
TAG = "test"


def _load() -> list[dict]:
    with GOLD.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


ARTICLES = {a["id"]: a for a in _load() if TAG in a["tags"]}
WITH_EVENTS = [i for i, a in ARTICLES.items() if a["events"]]
NO_EVENTS = [i for i, a in ARTICLES.items() if not a["events"]]


def _person_quotes(article: dict) -> list[dict]:
    """Direct quotes of five words or more whose speaker is a named person of the article."""
    people = {e["name"] for e in article["entities"] if e["type"] == "PERSON"}
    return [q for q in article["quotes"] if q["direct"] and q["speaker"] in people and len(q["text"].split()) >= 5]


WITH_PERSON_QUOTES = [i for i, a in ARTICLES.items() if _person_quotes(a)]


@lru_cache(maxsize=None)
def report(article_id: str):
    import veille

    a = ARTICLES[article_id]
    return veille.extract(a["text"], published=a["published"], lang=a["lang"])


def _norm(label: str | None) -> str:
    return " ".join((label or "").casefold().split())


def _spans(text: str, sub: str) -> list[tuple[int, int]]:
    out, i = [], text.find(sub)
    while i >= 0:
        out.append((i, i + len(sub)))
        i = text.find(sub, i + 1)
    return out


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _pair_events(article: dict, rep) -> list[tuple[dict, object]]:
    """Each gold event with the system event of the same sub-type and background flag that
    overlaps its evidence most (or the first such event when none overlaps)."""
    used: set[int] = set()
    pairs = []
    for g in article["events"]:
        gspans = _spans(rep.text, g["evidence"])
        best, best_score = None, -1
        for k, ev in enumerate(rep.events):
            if k in used:
                continue
            if _norm(ev.event_type) != _norm(g["event_type"]) or _norm(ev.sub_event_type) != _norm(g["sub_event_type"]):
                continue
            if bool(ev.background) != g["background"]:
                continue
            score = sum(_overlap((s.start, s.end), gs) for s in ev.evidence for gs in gspans)
            if score > best_score:
                best, best_score = k, score
        pairs.append((g, None if best is None else rep.events[best]))
        if best is not None:
            used.add(best)
    return pairs


def _describe(rep) -> str:
    return "; ".join(
        f"{e.event_type}/{e.sub_event_type} bg={e.background} fat={e.fatalities} "
        f"cc={e.place.country_code if e.place else None}"
        for e in rep.events
    ) or "no events"


@pytest.mark.parametrize("article_id", NO_EVENTS)
def test_no_event_articles_yield_no_events(article_id):
    rep = report(article_id)
    assert rep.events == [], f"{article_id}: expected no event, got {_describe(rep)}"


# Known misses of the current pipeline, kept visible: strict xfail turns into a failure as soon
# as one of them is fixed, so the mark is then removed and the expectation guards the fix.
KNOWN_EVENT_MISSES = {
    "dev-en-006": "a disrupted-weapons-use and a background drone strike are added beside the coded strikes",
    "dev-en-024": "a police intervention splits one protest into two events (peaceful + with intervention)",
}
KNOWN_DATE_MISSES: dict[str, str] = {
    # the learned model reads "riot police" as a riot: the main protest comes out as a violent
    # demonstration, so no event pairs with it (rules and model disagree; the model wins on the
    # ACLED notes dev split, +2 points of type accuracy)
    "dev-en-024": "police removing and detaining protesting farmers is typed Riots by the model ('riot police')",
}


def _with_known(ids, known):
    return [
        pytest.param(i, marks=pytest.mark.xfail(reason=known[i], strict=True)) if i in known else i for i in ids
    ]


@pytest.mark.parametrize("article_id", _with_known(WITH_EVENTS, KNOWN_EVENT_MISSES))
def test_events_type_count_fatalities_background_country(article_id):
    article, rep = ARTICLES[article_id], report(article_id)
    assert len(rep.events) == len(article["events"]), (
        f"{article_id}: expected {len(article['events'])} events, got {len(rep.events)}: {_describe(rep)}"
    )
    for g, ev in _pair_events(article, rep):
        what = f"{article_id}: {g['event_type']}/{g['sub_event_type']} (background={g['background']})"
        assert ev is not None, f"{what} not found among: {_describe(rep)}"
        if not g["background"] or g["fatalities"] in (0, None):
            # 0 means the text says nobody died; None means it does not say
            assert ev.fatalities == g["fatalities"], f"{what}: fatalities {ev.fatalities!r} != {g['fatalities']!r}"
        if g["place"] and g["place"]["country_code"]:
            assert ev.place is not None and ev.place.country_code == g["place"]["country_code"], (
                f"{what}: place country {ev.place.country_code if ev.place else None!r} != {g['place']['country_code']!r}"
            )


@pytest.mark.parametrize("article_id", _with_known(WITH_EVENTS, KNOWN_DATE_MISSES))
def test_main_event_date(article_id):
    """Relative dates ("samedi", "late on Wednesday", "two days ago") resolve against the
    publication date; without one, a weekday stays unresolved (never today's date)."""
    article, rep = ARTICLES[article_id], report(article_id)
    main = next(g for g in article["events"] if not g["background"])
    pairs = dict((id(g), ev) for g, ev in _pair_events(article, rep))
    ev = pairs[id(main)]
    assert ev is not None, f"{article_id}: main event {main['sub_event_type']} not found: {_describe(rep)}"
    got = ev.date.start_date if ev.date else None
    if main["date"] is None:
        assert got is None, f"{article_id}: no publication date, yet the event was dated {got}"
    else:
        lo, hi = date.fromisoformat(main["date"]["start"]), date.fromisoformat(main["date"]["end"])
        assert got is not None and lo <= got <= hi, f"{article_id}: event date {got} not in [{lo}, {hi}]"


@pytest.mark.parametrize("article_id", WITH_PERSON_QUOTES)
def test_person_quote_speakers(article_id):
    """Every direct quote of a named person, including those attributed only by a pronoun or
    an incise, is found and credited to that person."""
    from rapidfuzz import fuzz

    article, rep = ARTICLES[article_id], report(article_id)
    for g in _person_quotes(article):
        gspans = _spans(rep.text, g["text"])
        found = None
        for q in rep.quotes:
            for gs in gspans:
                ov = _overlap((q.start, q.end), gs)
                if ov * 2 >= (gs[1] - gs[0]) and ov * 2 >= (q.end - q.start):
                    found = q
        assert found is not None, f"{article_id}: quote not found: {g['text'][:60]!r}"
        names = [found.speaker or ""]
        ent = rep.entity(found.speaker_entity_id)
        if ent is not None:
            names += [ent.name, *ent.aliases, *(m.text for m in ent.mentions if m.kind == "name")]
        best = max(fuzz.token_set_ratio(g["speaker"], n) for n in names)
        assert best >= 80, f"{article_id}: {g['text'][:40]!r} credited to {found.speaker!r}, expected {g['speaker']!r}"
