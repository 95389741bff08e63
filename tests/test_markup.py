"""Markup masked before parsing (ingest/markup.py): same length, offsets kept, link text kept."""

from veille.ingest.markup import mask_markup


def test_link_targets_urls_and_attributes_are_blanked_and_offsets_kept():
    text = ('avocate [mis en examen pour tentative de meurtre](https://www.europe1.fr/x/tentative-de-meurtre-2751283), '
            'samedi. Voir http://t.co/abc et [a](http://x.fr/y "Assaut : qui ?"){.link} fin {#une-figure .mdl} ok')
    masked = mask_markup(text)
    assert len(masked) == len(text)
    assert "meurtre-2751283" not in masked and "http" not in masked and "Assaut" not in masked and ".mdl" not in masked
    assert "[mis en examen pour tentative de meurtre]" in masked  # the link text is prose
    for word in ("avocate", "samedi", "fin", "ok"):
        assert masked.index(word) == text.index(word)


def test_plain_text_is_returned_unchanged():
    text = "Des heurts ont éclaté (vers 13 h) à Paris {selon la police}."
    assert mask_markup(text) == text


def test_events_do_not_come_from_a_url_slug():
    from veille.pipeline import extract

    text = ("Quatre jeunes militants ont été mis en examen samedi, selon [Europe 1]"
            "(https://www.europe1.fr/faits-divers/voiture-incendiee-tentative-de-meurtre-attentat-2751283).")
    report = extract(text, lang="fr")
    assert report.text == text
    url = text.index("(https://")
    assert not any(e.trigger_span and e.trigger_span.start >= url for e in report.events)  # "meurtre" in the slug
    assert all(text[e.trigger_span.start:e.trigger_span.end] == e.trigger for e in report.events if e.trigger_span)


def test_escaped_quotes_are_parsed_as_quotes_with_offsets_kept():
    # Markdown copies of French news escape their apostrophes and quotation marks ("l\'élu")
    text = 'Selon l\\\'élu, \\"la manifestation\\" a eu lieu. L\\\'attaque d\\\'hier.'
    masked = mask_markup(text)
    assert len(masked) == len(text)
    assert "\\" not in masked
    for word in ("élu", "la manifestation", "attaque", "hier"):
        assert masked.index(word) == text.index(word)


def test_escaped_apostrophe_no_longer_glues_article_and_noun():
    from veille.pipeline import get_nlp

    text = "L\\'attaque a visé l\\'ambassade."
    doc = get_nlp("fr")(mask_markup(text))
    words = [t.text for t in doc]
    assert "attaque" in words and "ambassade" in words
    assert next(t for t in doc if t.text == "attaque").idx == text.index("attaque")


def test_escaped_elision_stays_one_token_before_the_space():
    # "l\'élu" is parsed as "l' élu": "l'" stays one token (not "l" and a quotation mark)
    from veille.pipeline import get_nlp

    text = "Une perte de confiance, affirme l\\'élu. Il n\\'avait pas vu qu\\'il partait."
    doc = get_nlp("fr")(mask_markup(text))
    words = [t.text for t in doc]
    assert "l'" in words and "n'" in words and "qu'" in words and "'" not in words
    assert next(t for t in doc if t.text == "élu").idx == text.index("élu")
