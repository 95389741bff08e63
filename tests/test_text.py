"""The shared text and distance helpers (veille.text, veille.geo): pure functions, no model."""

import pytest

from veille.geo import distance_km
from veille.text import deaccent, fold, is_latin_key, name_key, number_from_parts, strip_accents, word_key


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


@pytest.mark.parametrize(
    "values, number",
    [([4, 20, 3], 83), ([4, 20, 10, 7], 97), ([60, 10, 8], 78), ([3, 100, 12], 312), ([2, 1000, 5], 2005), ([20, 4], 24), ([1000], 1000)],
)
def test_number_from_parts(values, number):
    assert number_from_parts(values) == number


def test_casualty_counts_in_french_number_words():
    from veille.stages.casualties import lexicon, parse_count

    lex = lexicon("fr")
    assert parse_count("quatre-vingt-trois", lex) == (83, False)  # was 27: the casualty copy lacked quatre-vingt
    assert parse_count("vingt-cinq", lex) == (25, False)
    assert parse_count("soixante-dix-huit", lex) == (78, False)
