"""The shared text and distance helpers (veille.text, veille.geo): pure functions, no model."""

import pytest

from veille.geo import distance_km
from veille.text import deaccent, fold, is_latin_key, name_key, strip_accents, word_key


@pytest.mark.parametrize(
    "name, key",
    [("U.S.", "us"), ("Saint-Louis", "saint louis"), ("Ségou", "segou"), ("Côte d’Ivoire", "cote d'ivoire"), ("  Ouagadougou ", "ouagadougou")],
)
def test_name_key_is_the_gazetteer_lookup_key(name, key):
    assert name_key(name) == key


def test_word_key_keeps_every_word_for_the_store():
    assert word_key("U.S.") == "u s"  # the store's name_key column: dots split words (unlike name_key)
    assert word_key("Groupe de soutien à l'islam") == "groupe de soutien a l islam"


def test_folding_variants():
    assert fold("L’Armée–Nationale") == "l'armee-nationale"
    assert deaccent("Ségou") == "Segou" and strip_accents("Ségou") == "Segou"
    assert strip_accents("ﬁn") == "fin" and deaccent("ﬁn") == "ﬁn"  # NFKD vs NFD: compatibility forms
    assert is_latin_key("kidal") and not is_latin_key("кидал") and not is_latin_key("123")


def test_distance_km():
    assert distance_km(16.27, -0.04, 16.27, -0.04) == 0
    assert 390 < distance_km(48.8566, 2.3522, 45.764, 4.8357) < 393  # Paris - Lyon, great circle
