"""The learned event and actor models: features, inference, ACLED naming (no spaCy model needed,
except the last tests, which read real coded notes' conventions through the shipped models)."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest
import spacy
from spacy.tokens import Doc

from veille import acled
from veille.stages import event_model
from veille.stages.event_model import LinearModel, actor_template, bag, features, scale


def make_doc(words, lemmas, pos, lang="en"):
    return Doc(spacy.blank(lang).vocab, words=words, lemmas=lemmas, pos=pos)


def test_english_features_are_lemmas_pairs_numbers_and_lexicon_cues():
    doc = make_doc(["Gunmen", "killed", "3", "villagers"], ["gunman", "kill", "3", "villager"], ["NOUN", "VERB", "NUM", "NOUN"])
    f = features(doc, "en")
    assert f["w:gunman"] == 1 and f["w:kill"] == 1 and f["w:<num>"] == 1
    assert f["b:gunman_kill"] == 1 and f["b:kill_<num>"] == 1
    assert any(k.startswith("lex:trigger=") for k in f), f


def test_french_lemmas_reach_the_english_feature_space():
    doc = make_doc(["Des", "hommes", "armés", "ont", "tué", "trois", "civils"],
                   ["un", "homme", "armé", "avoir", "tuer", "trois", "civil"],
                   ["DET", "NOUN", "ADJ", "AUX", "VERB", "NUM", "NOUN"], "fr")
    f = features(doc, "fr")
    assert f.get("w:kill") and f.get("w:civilian") and f.get("w:<num>")
    assert not any(k.startswith("b:") for k in f)  # the French model has no word pairs
    assert not any(k == "w:tuer" for k in f)


def test_glossary_wins_over_the_dictionary():
    # FreeDict reads "enlever" as remove; in conflict news it is abduct
    assert event_model.translations("fr")["enlever"][0] == "abduct"


def test_scale_is_sublinear_and_unit_length():
    v = scale({"a": 4.0, "b": 1.0})
    assert abs(sum(x * x for x in v.values()) - 1) < 1e-9
    assert v["a"] / v["b"] == pytest.approx(1 + np.log(4))
    # a bag of several sentences is scaled once, like one text
    one, two = make_doc(["riot"], ["riot"], ["NOUN"]), make_doc(["Riots", "again"], ["riot", "again"], ["NOUN", "ADV"])
    together = bag([one, two], "en")
    assert together["w:riot"] > together["w:again"] and abs(sum(x * x for x in together.values()) - 1) < 1e-9


def test_linear_model_softmax_picks_the_heaviest_label():
    m = LinearModel(["NONE", "Attack"], {"w:kill": 0}, np.array([[-1.0, 2.0]], dtype=np.float32), np.zeros(2, np.float32))
    p = m.predict({"w:kill": 1.0})
    assert p.label == "Attack" and p.probability == pytest.approx(1 / (1 + np.exp(-3)))
    assert m.predict({"w:unknown": 1.0}).probability == pytest.approx(0.5)


def test_actor_template_drops_the_period_and_names_the_country_slot():
    assert actor_template("Police Forces of Kenya (2013-)", "Kenya") == "Police Forces of {country}"
    assert actor_template("Military Forces of Russia (2000-) Air Force", "Ukraine") == "Military Forces of Russia"
    assert actor_template("Protesters (Bangladesh)", "Bangladesh") == "Protesters ({country})"
    assert actor_template("Al Shabaab", "Somalia") == "Al Shabaab"


def test_regime_periods_follow_the_years_the_coded_names_state():
    forms = acled._periods()["Military Forces of Mali"]
    assert {f[0] for f in forms} >= {"Military Forces of Mali (2021-)"}
    assert acled.with_period("Military Forces of Mali", date(2023, 5, 1)) == "Military Forces of Mali (2021-)"
    assert acled.with_period("Military Forces of Mali", None) == "Military Forces of Mali (2021-)"
    assert acled.with_period("Military Forces of Mali", date(1990, 5, 1)) == "Military Forces of Mali"
    assert acled.with_period("Some Unknown Actor", date(2020, 1, 1)) == "Some Unknown Actor"
    assert acled._years("Police Forces of Kenya (2002-2013)") == (2002, 2013)


def test_acled_country_names_come_from_the_coded_data():
    names = acled.country_names()
    assert names.get("KE") == "Kenya" and names.get("BF") == "Burkina Faso"


def test_shipped_models_load_with_their_labels():
    ev = event_model.model("event", "en")
    assert ev is not None and "NONE" in ev.labels and "Peaceful protest" in ev.labels
    assert ev.weights.shape == (len(ev.index), len(ev.labels))
    ac = event_model.model("actor", "fr")
    assert ac is not None and "OTHER" in ac.labels and "Protesters ({country})" in ac.labels
    co = event_model.model("country", "en")
    assert co is not None and {"UA", "KE", "BD"} <= set(co.labels)


def test_country_model_reads_the_country_from_toponyms_it_was_coded_with():
    from veille.pipeline import get_nlp

    doc = get_nlp("en")("On 9 April 2022, Russian forces shelled Severodonetsk in Luhansk oblast.")
    reading = event_model.read([doc], "en")
    assert reading.country is not None and reading.country.label == "UA" and reading.country.probability > 0.6
    assert reading.event is not None and reading.event.label == "Shelling/artillery/missile attack"


def test_models_switch_off_for_ablations(monkeypatch):
    monkeypatch.setenv("VEILLE_EVENT_MODEL", "off")
    event_model.model.cache_clear()
    try:
        assert event_model.model("event", "en") is None
        assert event_model.read([make_doc(["riot"], ["riot"], ["NOUN"])], "en") == event_model.Reading()
    finally:
        monkeypatch.delenv("VEILLE_EVENT_MODEL")
        event_model.model.cache_clear()


def test_masked_features_read_town_and_person_names_as_one_propn_but_keep_actor_and_nationality_words():
    doc = make_doc(["Boko", "Haram", "attacked", "Nigerian", "soldiers", "in", "Gwoza", "Dikwa", "and", "John", "Kamau", "fled"],
                   ["Boko", "Haram", "attack", "Nigerian", "soldier", "in", "Gwoza", "Dikwa", "and", "John", "Kamau", "flee"],
                   ["PROPN", "PROPN", "VERB", "PROPN", "NOUN", "ADP", "PROPN", "PROPN", "CCONJ", "PROPN", "PROPN", "VERB"])
    plain = features(doc, "en")
    assert plain["w:gwoza"] == 1 and plain["b:soldier_gwoza"] == 1 and "w:<propn>" not in plain
    masked = features(doc, "en", mask=event_model.kept_names())
    assert masked["w:boko"] == 1 and masked["b:boko_haram"] == 1 and masked["w:nigerian"] == 1  # gazetteer actor, nationality
    assert not any("gwoza" in k or "kamau" in k or "john" in k for k in masked), masked
    assert masked["b:soldier_<propn>"] == 1 and masked["b:<propn>_flee"] == 1
    assert masked["w:<propn>"] == 1  # adjacent names count once ("Gwoza Dikwa and John Kamau": "and" is skipped)
    assert "w:boko" not in features(doc, "en", mask=frozenset())  # mask everything
    fr = make_doc(["Des", "soldats", "tués", "à", "Djibo"], ["un", "soldat", "tuer", "à", "Djibo"], ["DET", "NOUN", "VERB", "ADP", "PROPN"], "fr")
    assert features(fr, "fr", mask=event_model.kept_names()).get("w:<propn>") == 1  # the French model's own class token


def test_a_masked_model_reads_the_masked_view_and_the_others_the_names(monkeypatch, tmp_path):
    vocab = np.array(["w:<propn>", "w:gwoza"], dtype=str)
    for kind, mask, w in (("event", "names", [[3.0, 0.0], [0.0, 3.0]]), ("actor", "", [[3.0, 0.0], [0.0, 3.0]])):
        meta = np.array('{"mask_propn": "%s"}' % mask if mask else "{}")
        np.savez(tmp_path / f"{kind}_model_en.npz", labels=np.array(["NONE", "Attack"], dtype=str), vocab=vocab,
                 weights=np.array(w, dtype=np.float16), bias=np.zeros(2, np.float32), meta=meta)
    monkeypatch.setenv("VEILLE_EVENT_MODEL", str(tmp_path))
    event_model.model.cache_clear()
    try:
        assert event_model.model("event", "en").mask == "names" and event_model.model("actor", "en").mask == ""
        reading = event_model.read([make_doc(["Gwoza"], ["Gwoza"], ["PROPN"])], "en")
        assert reading.event.label == "NONE"  # read "<propn>"
        assert reading.actor1.label == "Attack"  # read "gwoza"
        assert reading.country is None
    finally:
        monkeypatch.delenv("VEILLE_EVENT_MODEL")
        event_model.model.cache_clear()
