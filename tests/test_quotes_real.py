"""Quote families fixed for issue 11, on real published text (nothing of it is stored here).

French: dev-split articles of the fr-quotes set (data/eval/fr_quotes_dev.jsonl), read from the
ketsapiwiq/akinarticle snapshot (skipped without it). English: PolNeAR dev articles from
../shared/data/polnear (skipped without it). Each test names the family it guards.
"""

from __future__ import annotations

from functools import lru_cache

import pytest

from veille.eval.fr_news import git_dir


@lru_cache(maxsize=None)
def _fr_reports() -> dict:
    from veille.eval.fr_news import gold_records
    from veille.ingest.article import Article
    from veille.pipeline import extract_articles

    recs = gold_records("fr-quotes", "dev")
    arts = [Article.build(r["text"], id=r["id"], published=r["published"]) for r in recs]
    return {r["id"]: rep for r, rep in zip(recs, extract_articles(arts, lang="fr"), strict=True)}


def _fr_quote(article: str, start: str):
    if not git_dir("ketsapiwiq/akinarticle").exists():
        pytest.skip("no snapshot of ketsapiwiq/akinarticle")
    rep = _fr_reports()[article]
    found = [q for q in rep.quotes if q.direct and q.text.startswith(start)]
    assert found, f"no direct quote starting {start!r} in {article}"
    return found[0]


def _en_quote(doc: str, start: str):
    from conftest import shared_path

    from veille.ingest.article import Article
    from veille.pipeline import extract_articles

    text = shared_path("data", "polnear", "dev", "text", doc + ".txt").read_text(encoding="utf-8")
    rep = next(extract_articles([Article.build(text, id=doc)], lang="en"))
    found = [q for q in rep.quotes if q.direct and q.text.startswith(start)]
    assert found, f"no direct quote starting {start!r} in {doc}"
    return found[0]


def test_fr_incise_verb_the_lemmatiser_misses():
    q = _fr_quote("frnews-86323fc485", "C'est un exemple caractérisé")  # « … », estime Emmanuel Poilâne
    assert q.speaker == "Emmanuel Poilâne" and q.verb == "estimer"


def test_fr_description_takes_the_apposed_name():
    q = _fr_quote("frnews-e296a1b63e", "Ce deal a mis à mal")  # rappelle le secrétaire général international de MSF
    assert q.speaker == "Jérôme Oberreit" and q.speaker_resolution == "description→name"


def test_fr_description_takes_the_salient_person():
    q = _fr_quote("frnews-a9f20efe37", "Il ne faut pas avoir peur")  # avait notamment déclaré la philosophe
    assert q.speaker == "Elisabeth Badinter"


def test_fr_infinitive_frame_continues_the_speaker():
    assert _fr_quote("frnews-986b39cbf7", "Sur l'armement non plus").speaker == "Anne Hidalgo"  # avant d'ajouter :
    assert _fr_quote("frnews-a9f20efe37", "Il y a des lignes").speaker == "Manuel Valls"  # avant de conclure :


def test_fr_partial_quote_after_a_determiner():
    q = _fr_quote("frnews-e92d0964b2", "mauvais coup de dernière minute")  # fustige un « mauvais coup … »
    assert "Eric Raoult" in (q.speaker or "")


def test_fr_sentence_initial_source_with_a_long_noun_phrase():
    q = _fr_quote("frnews-8085de95f1", "un blocage vers")  # Selon Bruno Bobkiewicz, le proviseur du lycée, il s'agissait d'« … »
    assert q.speaker == "Bruno Bobkiewicz"


@pytest.mark.shared
def test_en_doubled_apostrophe_quotes():
    q = _en_quote("nyt_2016-09-16_clinton-plan-for-taxes-is-expans", "This isn't tax reform")
    assert q.speaker == "Douglas Holtz-Eakin"


@pytest.mark.shared
def test_en_quote_signed_after_a_dash():
    q = _en_quote("huff-post_2016-09-27_latinos-share-their-most-honest-", "Trump must stop portraying")
    assert q.speaker == "Carla Sanchez"


@pytest.mark.shared
def test_en_incise_subject_with_a_parenthesis():
    q = _en_quote("huff-post_2016-09-16_black-lawmakers-rip-donald-trump", "It’s a dog whistle")
    assert q.speaker == "Gwen Moore"


@pytest.mark.shared
def test_en_mid_sentence_attribution_keeps_both_halves():
    from conftest import shared_path

    from veille.ingest.article import Article
    from veille.pipeline import extract_articles

    doc = "huff-post_2016-09-22_trump-the-dealmaker-could-addres"
    text = shared_path("data", "polnear", "dev", "text", doc + ".txt").read_text(encoding="utf-8")
    rep = next(extract_articles([Article.build(text, id=doc)], lang="en"))
    q = next(q for q in rep.quotes if not q.direct and q.text.startswith("Trump’s skepticism on climate change"))
    assert "since the vast majority" in q.text and "Graham said" not in q.text and q.speaker == "Lindsey Graham"


def _en_indirect(doc: str, fragment: str):
    from conftest import shared_path

    from veille.ingest.article import Article
    from veille.pipeline import extract_articles

    text = shared_path("data", "polnear", "dev", "text", doc + ".txt").read_text(encoding="utf-8")
    rep = next(extract_articles([Article.build(text, id=doc)], lang="en"))
    found = [q for q in rep.quotes if not q.direct and fragment in q.text]
    assert found, f"no indirect quote holding {fragment!r} in {doc}"
    return found[0]


@pytest.mark.shared
def test_en_title_line_speaker_after_the_content():
    q = _en_indirect("huff-post_2016-09-22_trump-the-dealmaker-could-addres", "Could Address Clean Energy")
    assert q.speaker == "Lindsey Graham" and "Says" not in q.text


@pytest.mark.shared
def test_en_content_clause_without_that_after_a_partitive_subject():
    q = _en_indirect("wash-post_2016-09-25_phone-video-is-first-public-look", "the videos show Scott calmly")
    assert q.speaker == "Justin Bamberg" and q.text.startswith("the videos show")
