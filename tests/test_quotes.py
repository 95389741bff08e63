"""The quotes stage on wire-copy sentences written for these tests (French and English)."""

from __future__ import annotations

import re

import pytest

from veille.document import Document
from veille.ingest.article import Article
from veille.pipeline import get_nlp
from veille.schema import Entity, Mention
from veille.stages import quotes as quotes_stage
from veille.stages.quotes import find_quote_spans, lexicon


def run_quotes(text: str, lang: str, entities: list[Entity] | None = None) -> tuple[Document, list]:
    art = Article.build(text)
    doc = Document(article=art, lang=lang, doc=get_nlp(lang)(art.text))
    if entities:
        doc.entities = entities
    quotes_stage.run(doc)
    return doc, doc.quotes


def span_text(doc: Document, span) -> str:
    return doc.text[span.start : span.end]


def only(qs, fragment: str):
    found = [q for q in qs if fragment in q.text]
    assert len(found) == 1, [(q.text, q.speaker) for q in qs]
    return found[0]


def person(eid: str, name: str, text: str, gender=None, roles=()) -> Entity:
    mentions = []
    start = text.find(name)
    while start >= 0:
        mentions.append(Mention(start=start, end=start + len(name), text=name))
        start = text.find(name, start + 1)
    return Entity(id=eid, type="PERSON", name=name, mentions=mentions, gender=gender, roles=list(roles))


# --------------------------------------------------------------------------- quote marks
def test_quote_spans_pair_every_mark_style_and_skip_apostrophes():
    text = (
        "Il a dit\u00a0: «\u00a0Nous tiendrons\u00a0». Elle a répondu “non” puis „jamais“.\n"
        "He said 'we won't go' and ‘they’re wrong’ while it’s \"late\"."
    )
    got = [text[q.start : q.end] for q in find_quote_spans(text, "en")]
    assert got == ["Nous tiendrons", "non", "jamais", "we won't go", "they’re wrong", "late"]


def test_quote_spans_continue_over_paragraphs():
    text = '"The first part goes on\n"and the second part ends here," he said.'
    got = [text[q.start : q.end] for q in find_quote_spans(text, "en")]
    assert got == ["The first part goes on", 'and the second part ends here,']


def test_reporting_verb_lists_are_large():
    assert len(lexicon("fr").verbs) >= 200 and "souligner" in lexicon("fr").verbs
    assert len(lexicon("en").verbs) >= 200 and "warn" in lexicon("en").verbs


# --------------------------------------------------------------------------- French
def test_clitic_inversion_incise_resolves_to_the_named_speaker():
    text = (
        "Le gouverneur de la province, Abdoulaye Traoré, s'est rendu mardi sur les lieux de l'attaque. "
        "« Les assaillants ont visé un marché bondé à l'heure de pointe », a-t-il ajouté."
    )
    doc, qs = run_quotes(text, "fr")
    q = only(qs, "Les assaillants ont visé")
    assert q.direct and q.verb == "ajouter"
    assert q.speaker == "Abdoulaye Traoré"
    assert span_text(doc, q.speaker_mention) == "il"
    assert span_text(doc, q.verb_span) == "ajouté"
    assert doc.text[q.start : q.end] == q.text


def test_pronoun_takes_the_candidate_of_matching_gender():
    text = (
        "La ministre des Armées, Claire Vasseur, a rencontré lundi le général Marc Lebrun à Niamey. "
        "« Nous restons pleinement engagés aux côtés de nos partenaires », a-t-elle déclaré devant la presse."
    )
    doc, qs = run_quotes(text, "fr")
    q = only(qs, "Nous restons")
    assert q.speaker == "Claire Vasseur", q.speaker


def test_colon_introduction_spans_several_sentences():
    text = (
        "Le porte-parole de l'armée, le colonel Idriss Mahamat, a déclaré : « La situation est sous contrôle. "
        "Nos unités ont repoussé l'attaque et poursuivent les assaillants. » Le bilan n'a pas été communiqué."
    )
    doc, qs = run_quotes(text, "fr")
    direct = [q for q in qs if q.direct]
    assert len(direct) == 1
    q = direct[0]
    assert q.text.startswith("La situation est sous contrôle.") and "poursuivent les assaillants" in q.text
    assert q.speaker == "Idriss Mahamat" and q.verb == "déclarer"


def test_participle_continuation_keeps_the_speaker_and_nominal_speaker_is_kept():
    text = (
        "Un responsable de la sécurité a affirmé que « les renforts sont arrivés dans la nuit », "
        "ajoutant : « les routes vers le nord restent fermées à la circulation »."
    )
    doc, qs = run_quotes(text, "fr")
    first, second = only(qs, "les renforts"), only(qs, "les routes vers le nord")
    assert first.speaker == "Un responsable de la sécurité"
    assert second.speaker == first.speaker and second.verb == "ajouter"
    assert span_text(doc, second.verb_span) == "ajoutant"


def test_selon_direct_and_indirect():
    text = (
        "« Les combats ont duré toute la nuit », selon un habitant joint par téléphone.\n"
        "Selon la police, cinq personnes ont été tuées dans l'explosion du véhicule piégé.\n"
        "Le maire a dénoncé un acte lâche. Selon lui, la ville avait déjà été visée en janvier."
    )
    doc, qs = run_quotes(text, "fr")
    q1 = only(qs, "Les combats ont duré")
    assert q1.direct and q1.verb == "selon" and q1.speaker.startswith("un habitant")
    q2 = only(qs, "cinq personnes ont été tuées")
    assert not q2.direct and q2.verb == "selon" and q2.speaker == "la police"
    q3 = only(qs, "la ville avait déjà été visée")
    assert not q3.direct and q3.speaker == "Le maire" and span_text(doc, q3.speaker_mention) == "lui"


def test_indirect_speech_with_a_phrase_between_verb_and_que():
    text = (
        "Le chef d'état-major, le général Hamid Sow, avait confirmé dans un entretien à la radio nationale "
        "que les opérations contre les groupes armés se poursuivraient jusqu'à la fin de la saison des pluies."
    )
    doc, qs = run_quotes(text, "fr")
    q = only(qs, "les opérations contre les groupes armés")
    assert not q.direct and q.verb == "confirmer"
    assert q.speaker == "Hamid Sow"
    assert q.text.endswith("saison des pluies")


def test_scare_quotes_and_names_in_quotes_are_not_quotes():
    text = (
        "L'armée a lancé mardi l'opération « Bouclier du Nord » contre les positions des « rebelles » "
        "près du \"Camp de la Paix\", a annoncé le ministère. Des « casseurs » ont été arrêtés."
    )
    doc, qs = run_quotes(text, "fr")
    assert not any(q.direct for q in qs), [(q.text, q.speaker) for q in qs]


def test_partial_quote_governed_by_a_reporting_verb_is_a_quote():
    text = "La Mission de l'ONU a condamné « une attaque lâche » dans un communiqué publié mercredi."
    doc, qs = run_quotes(text, "fr")
    q = only(qs, "une attaque lâche")
    assert q.direct and q.verb == "condamner" and "Mission" in q.speaker
    assert q.confidence < 0.9
    # one quoted word is a term, not a quote (the fr-quotes and PolNeAR annotations agree)
    _, qs = run_quotes("La Mission de l'ONU a condamné « fermement » l'attaque dans un communiqué.", "fr")
    assert not [q for q in qs if q.direct]


def test_incise_inside_the_quote_is_cut_from_the_text():
    text = (
        "Le président de l'association des victimes, Paul Kaboré, était présent. "
        "« C'est une tragédie pour tout le pays, a-t-il dit, et nous exigeons la vérité. »"
    )
    doc, qs = run_quotes(text, "fr")
    q = only(qs, "tragédie")
    assert q.text == "C'est une tragédie pour tout le pays et nous exigeons la vérité."
    assert q.speaker == "Paul Kaboré" and q.verb == "dire"


def test_definite_nominal_speaker_takes_the_role_holder():
    text = (
        "Le colonel Amadou Diallo est le porte-parole de l'armée depuis 2022. "
        "Le porte-parole a précisé que deux véhicules blindés avaient été détruits lors de l'embuscade."
    )
    diallo = person("e1", "Amadou Diallo", text, gender="m", roles=["porte-parole de l'armée"])
    doc, qs = run_quotes(text, "fr", entities=[diallo])
    q = only(qs, "deux véhicules blindés")
    assert q.speaker == "Amadou Diallo" and q.speaker_entity_id == "e1"


# --------------------------------------------------------------------------- English
def test_english_said_inversion_with_title_and_apposition():
    text = (
        '"We will not allow these groups to regain a foothold in the province," said Col. Wayne Marotto, '
        "a spokesman for the coalition."
    )
    doc, qs = run_quotes(text, "en")
    q = only(qs, "regain a foothold")
    assert q.direct and q.verb == "say" and q.speaker == "Wayne Marotto"
    assert q.text.endswith("in the province")


def test_he_told_reporters_and_continuation_quote():
    text = (
        "Provincial governor Ahmed Karimi visited the market after the blast.\n"
        '"Dozens of shops were destroyed," he told reporters. "We are still searching the rubble."'
    )
    doc, qs = run_quotes(text, "en")
    q1, q2 = only(qs, "Dozens of shops"), only(qs, "still searching")
    assert q1.verb == "tell" and q1.speaker == "Ahmed Karimi" and span_text(doc, q1.speaker_mention) == "he"
    assert q2.direct and q2.speaker == "Ahmed Karimi"


def test_english_pronoun_uses_the_entities_gender():
    text = (
        "Defence Minister Sarah Okafor met army chief Daniel Mensah on Monday. "
        "\u201cOur troops will stay as long as they are needed,\u201d she said."
    )
    ents = [person("e1", "Sarah Okafor", text, gender="f"), person("e2", "Daniel Mensah", text, gender="m")]
    doc, qs = run_quotes(text, "en", entities=ents)
    q = only(qs, "Our troops will stay")
    assert q.speaker == "Sarah Okafor" and q.speaker_entity_id == "e1"
    assert q.text == "Our troops will stay as long as they are needed"


def test_english_indirect_speech_according_to_and_tail_attribution():
    text = (
        "KIRKUK, Iraq, May 3 (Veille) - Gunmen attacked a checkpoint south of the city on Friday, officials said.\n"
        "According to the army, three militants were killed in the exchange of fire.\n"
        "Police spokesman Ali Jabbar said on Saturday that the road had been reopened to traffic.\n"
        "Two soldiers were wounded in the clash, a security official said."
    )
    doc, qs = run_quotes(text, "en")
    q1 = only(qs, "three militants were killed")
    assert q1.verb == "according to" and q1.speaker == "the army" and not q1.direct
    q2 = only(qs, "the road had been reopened")
    assert q2.verb == "say" and q2.speaker == "Ali Jabbar"
    q3 = only(qs, "Two soldiers were wounded")
    assert q3.speaker == "a security official"
    # the lead's attribution reports the news itself, not a statement
    assert not any("Gunmen attacked" in q.text for q in qs)


def test_english_partial_quote_and_negated_verb():
    text = (
        'The ministry said its forces had "neutralised two fighters" near the border. '
        "The minister did not say where the strike took place."
    )
    doc, qs = run_quotes(text, "en")
    q = only(qs, "neutralised")
    assert q.direct and q.verb == "say" and "ministry" in q.speaker
    assert not any("strike took place" in q.text for q in qs)


def test_offsets_and_ids_are_consistent():
    text = (
        "« Nous ne céderons pas », a lancé le Premier ministre, Ousmane Diop, devant l'Assemblée. "
        "Il a ajouté que le gouvernement présenterait un plan de sécurité la semaine prochaine."
    )
    doc, qs = run_quotes(text, "fr")
    assert [q.id for q in qs] == [f"q{i + 1}" for i in range(len(qs))]
    for q in qs:
        assert 0 <= q.start < q.end <= len(text)
        assert q.evidence and all(0 <= s.start < s.end <= len(text) for s in q.evidence)
        assert q.speaker_mention and q.verb_span
    assert [q.speaker for q in qs] == ["Ousmane Diop", "Ousmane Diop"]
    assert [q.direct for q in qs] == [True, False]


# --------------------------------------------------------------------------- reference article
@pytest.mark.shared
def test_reference_article_quotes(reference_report):
    r = reference_report
    direct = sorted((q for q in r.quotes if q.direct), key=lambda q: q.start)
    assert len(direct) == 8
    assert all(q.speaker == "Wayne Morato" for q in direct[:5])
    verbs = [q.verb for q in direct]
    assert verbs[:3] == ["déclarer", "ajouter", "souligner"]
    assert not any("Centre de soutien" in q.text and q.direct for q in r.quotes)
    assert any(not q.direct and q.speaker == "Wayne Morato" and q.verb == "confirmer" for q in r.quotes)


def test_unframed_quote_sentence_goes_to_the_person_just_named():
    text = (
        "Fatima Bello, a nurse at the district hospital, treated dozens of wounded overnight. "
        '"We ran out of blood bags before midnight and had to turn families away."'
    )
    doc, qs = run_quotes(text, "en")
    q = only(qs, "ran out of blood bags")
    assert q.direct and q.speaker == "Fatima Bello" and q.verb is None
    assert q.confidence <= 0.5


def test_definite_organisation_nominal_takes_the_organisation_named_before():
    text = (
        "Les secouristes de Médecins sans frontières sont intervenus après le bombardement. "
        "Trente blessés ont été évacués vers l'hôpital régional, a précisé l'organisation."
    )
    msf = Entity(id="e1", type="ORG", name="Médecins sans frontières",
                 mentions=[Mention(start=text.find("Médecins"), end=text.find("Médecins") + 24, text="Médecins sans frontières")])
    doc, qs = run_quotes(text, "fr", entities=[msf])
    q = only(qs, "Trente blessés")
    assert not q.direct and q.speaker == "Médecins sans frontières" and q.speaker_entity_id == "e1"
    assert span_text(doc, q.speaker_mention) == "l'organisation"


def test_named_speaker_inverted_inside_the_quote_is_the_speaker():
    text = (
        "La maire, Anne Lefort, a présenté son plan mardi. "
        "« Il faudra une police municipale à Lyon, confie également Paul Girard, porte-parole du collectif. "
        "Mais comment la financer ? »"
    )
    doc, qs = run_quotes(text, "fr")
    q = only(qs, "Il faudra une police")
    assert q.speaker == "Paul Girard" and q.verb == "confier"
    assert "confie" not in q.text and "Mais comment la financer" in q.text


def test_inverted_subject_is_not_a_name_inside_a_following_relative_clause():
    text = (
        "La mort du jeune homme a entraîné « de violents affrontements entre les habitants et la police », "
        "rappelle le quotidien américain, qui évoque la mort de Zyed Benna en 2005."
    )
    doc, qs = run_quotes(text, "fr")
    q = only(qs, "de violents affrontements")
    assert q.speaker == "le quotidien américain", q.speaker


def test_organisation_description_takes_the_organisation_named_as_a_source():
    text = (
        "Au moins huit combattants ont été tués mardi lors d'affrontements entre l'Armée de libération nationale "
        "et des dissidents près de Tibú, selon le bureau du Défenseur du peuple. L'Armée de libération nationale "
        "n'a pas commenté. Les combats ont poussé 300 familles à fuir vers le centre, a précisé l'institution."
    )
    eln = Entity(id="e1", type="ORG", name="Armée de libération nationale", mentions=[
        Mention(start=m.start(), end=m.end(), text=m.group()) for m in re.finditer("Armée de libération nationale", text)])
    dp = Entity(id="e2", type="ORG", name="Défenseur du peuple", mentions=[
        Mention(start=m.start(), end=m.end(), text=m.group()) for m in re.finditer("Défenseur du peuple", text)])
    doc, qs = run_quotes(text, "fr", entities=[eln, dp])
    q = only(qs, "300 familles")
    assert q.speaker == "Défenseur du peuple", q.speaker


def test_organisation_description_takes_the_organisation_named_most():
    text = (
        "Le New York Times consacre une page au comportement de la police française. "
        "Le New York Times consacre un long article à l'affaire, que le New York Times met en une. "
        "La police française n'a pas répondu. "
        "« Il y a des différences importantes entre les deux pays », détaille le quotidien américain."
    )
    nyt = Entity(id="e1", type="ORG", name="The New York Times", mentions=[
        Mention(start=m.start(), end=m.end(), text="New York Times") for m in re.finditer("New York Times", text)])
    pol = Entity(id="e2", type="ORG", name="police française", mentions=[
        Mention(start=k, end=k + 16, text="police française") for k in (text.find("police française"), text.find("police française", 60))])
    doc, qs = run_quotes(text, "fr", entities=[nyt, pol])
    q = only(qs, "différences importantes")
    assert q.speaker == "The New York Times", q.speaker


def test_ce_dernier_is_the_last_person_named():
    text = (
        "Le ministre Jean Dumas a reçu mardi le maire de la ville, Pierre Baguet. "
        "Ce dernier insiste : « C'est un phénomène très minoritaire. »"
    )
    doc, qs = run_quotes(text, "fr")
    q = only(qs, "phénomène très minoritaire")
    assert q.speaker == "Pierre Baguet", q.speaker
    assert span_text(doc, q.speaker_mention) == "Ce dernier"


def test_verb_tagged_as_noun_before_que_and_possessive_source():
    text = (
        "Anne Lefort, la maire de Lyon, a présenté lundi un rapport sur la sécurité. "
        "Selon ses mots, la maire juge que « le dispositif est perfectible, tant en moyens qu'en compétences »."
    )
    doc, qs = run_quotes(text, "fr")
    q = only(qs, "le dispositif est perfectible")
    assert q.speaker == "Anne Lefort", q.speaker
    assert q.verb == "juger"


def test_selon_a_possessive_of_speech_names_the_possessor():
    text = (
        "M. Claude Guérin devait s'expliquer sur plusieurs factures devant les juges. "
        "Selon ses explications, ces sommes provenaient de primes versées dans la police."
    )
    doc, qs = run_quotes(text, "fr")
    q = only(qs, "ces sommes provenaient")
    assert not q.direct and q.speaker == "Claude Guérin", q.speaker


def test_colon_at_a_paragraph_end_introduces_the_quote_below():
    text = (
        "M. Claude Guérin avait expliqué au Monde, en 2013, sa version des faits :\n\n"
        "« Quand je suis arrivé au ministère, il y avait plus de 400 personnes concernées par ces primes. »"
    )
    doc, qs = run_quotes(text, "fr")
    q = only(qs, "Quand je suis arrivé")
    assert q.speaker == "Claude Guérin" and q.verb == "expliquer"


def test_stressed_pronoun_repeats_the_subject_and_no_subject_across_paragraphs():
    text = (
        "Une publicité qui pourrait dissuader des élus de soutenir des petits candidats.\n\n"
        "Jean-Luc Mélenchon, candidat du parti de gauche, a, lui également critiqué "
        "« la centralisation directe des formulaires par le Conseil constitutionnel »."
    )
    doc, qs = run_quotes(text, "fr")
    q = only(qs, "la centralisation directe")
    assert q.speaker == "Jean-Luc Mélenchon", q.speaker


def test_english_noun_and_infinitive_contents_of_reporting_verbs():
    text = (
        "The campaign released its schedule on Monday. "
        "Republican nominee Donald Trump has called for the complete repeal of the health law. "
        "In his speech, Lindsey Graham urged Republicans to join the ranks of climate change believers. "
        "The commission called an emergency meeting on Tuesday."
    )
    doc, qs = run_quotes(text, "en")
    q = only(qs, "the complete repeal")
    assert not q.direct and q.text == "the complete repeal of the health law" and q.speaker == "Donald Trump"
    q = only(qs, "Republicans to join")
    assert q.speaker == "Lindsey Graham" and q.verb == "urge"
    assert not [q for q in qs if "emergency meeting" in q.text]  # no content after a bare 'called'


def test_english_mid_sentence_attribution_with_a_verbless_head():
    text = (
        "The museum opened on Saturday in Washington. "
        "The museum, Mr. Bush said, celebrated several of his heroes, including the musician Chuck Berry."
    )
    doc, qs = run_quotes(text, "en")
    q = only(qs, "celebrated several")
    assert not q.direct and q.text.startswith("The museum") and q.speaker == "Bush", (q.text, q.speaker)


def test_second_fragment_of_a_reported_sentence_shares_the_speaker():
    text = (
        "Le maire de Calais, Paul Girard, a reçu les grévistes lundi. "
        "Les grévistes réclamaient « l'arrêt de la démolition du camp », mais aussi « la sécurité », "
        "« un représentant des Nations unies pour parler avec nous »."
    )
    doc, qs = run_quotes(text, "fr")
    first, third = only(qs, "l'arrêt de la démolition"), only(qs, "un représentant des Nations")
    assert third.speaker == first.speaker == "Les grévistes"
    assert not [q for q in qs if q.text == "la sécurité"]  # one word and its article: a term


def test_qu_apostrophe_split_from_the_quote_mark_and_quoted_name_before_the_verb():
    text = (
        "Le débat est ouvert à Paris. Gaspard Gantzer, à la tête de son mouvement «\u00a0Parisiennes, Parisiens\u00a0», "
        "estime qu'«\u00a0une police parisienne armée est une des toutes premières priorités pour Paris\u00a0»."
    )
    doc, qs = run_quotes(text, "fr")
    q = only(qs, "une police parisienne armée")
    assert q.speaker == "Gaspard Gantzer" and q.verb == "estimer"


def test_quote_after_a_naming_verb_with_a_subject_is_a_quote():
    text = (
        "La philosophe s'est exprimée le 6 janvier sur France Inter, dans ce que le Premier ministre "
        "Manuel Valls a appelé « une défense intransigeante de la laïcité »."
    )
    doc, qs = run_quotes(text, "fr")
    q = only([q for q in qs if q.direct], "une défense intransigeante")
    assert q.speaker == "Manuel Valls"
    _, qs = run_quotes("Les soldats ont lancé l'opération baptisée « Bouclier du désert » mardi.", "fr")
    assert not [q for q in qs if q.direct]


def test_source_marker_between_commas_before_a_partial_quote():
    text = (
        "Le Parti socialiste prépare la campagne. Et cette Belle Alliance populaire, qui, selon son promoteur, "
        "Jean-Christophe Cambadélis, veut « dépasser le PS » pour fonder une « fédération de la gauche de transformation »."
    )
    doc, qs = run_quotes(text, "fr")
    a, b = only(qs, "dépasser le PS"), only(qs, "fédération de la gauche")
    assert a.speaker == b.speaker == "Jean-Christophe Cambadélis", (a.speaker, b.speaker)


def test_incise_ending_the_sentence_after_more_words():
    text = (
        "Economists have weighed the two tax plans this month. "
        "\"I have admiration for the mechanics\" of the Clinton proposals, Douglas Holtz-Eakin said. "
        "\"They're more detailed and structured than Trump's.\""
    )
    doc, qs = run_quotes(text, "en")
    a, b = only(qs, "admiration for the mechanics"), only(qs, "more detailed and structured")
    assert a.speaker == b.speaker == "Douglas Holtz-Eakin", (a.speaker, b.speaker)


def test_pronoun_takes_the_subject_named_in_apposition_before_an_earlier_speaker():
    text = (
        "Le président Juan Manuel Santos annonce que les fascicules seront retirés.\n\n"
        "En campagne pour le non, l'ancien président Alvaro Uribe a fait le lien entre les deux événements. "
        "« L'idéologie du genre entrera dans notre ordonnancement constitutionnel », a-t-il menacé."
    )
    doc, qs = run_quotes(text, "fr")
    q = only(qs, "L'idéologie du genre")
    assert q.speaker == "Alvaro Uribe", q.speaker


def test_a_prepositional_phrase_is_no_speaker_and_a_passive_agent_is():
    text = (
        "Contactée par Libération, la préfecture de police de Paris a confirmé que le fonctionnaire était rattaché "
        "à ses services. Quant à sa mission précise, elle ne veut pas en dire plus : « Il n'est pas possible de vous la révéler »."
    )
    pp = Entity(id="e1", type="ORG", name="préfecture de police de Paris", mentions=[
        Mention(start=text.find("préfecture"), end=text.find("préfecture") + 29, text="préfecture de police de Paris")])
    doc, qs = run_quotes(text, "fr", entities=[pp])
    q = only(qs, "Il n'est pas possible")
    assert q.speaker == "préfecture de police de Paris", q.speaker


def test_english_according_to_a_post_modified_source_and_coordinated_contents():
    text = (
        "The race tightened over the summer in several states. "
        "Mrs. Clinton now holds a gaping advantage among black voters, according to a poll released last week.\n\n"
        "Mr. King said that he was not familiar with the network's programming and that he might decide against "
        "hosting its election-night coverage."
    )
    doc, qs = run_quotes(text, "en")
    q = only(qs, "gaping advantage")
    assert not q.direct and q.text.startswith("Mrs. Clinton now holds") and q.speaker == "a poll"
    q = only(qs, "not familiar")
    assert "he might decide against" in q.text and q.speaker == "King", (q.text, q.speaker)


def test_people_speaking_for_an_organisation_stand_for_it():
    text = (
        "Médecins sans frontières a publié jeudi un rapport sur les camps des îles grecques. "
        "« Les gens qui ont besoin de protection sont les grands laissés-pour-compte », soulignent les humanitaires."
    )
    msf = Entity(id="e1", type="ORG", name="Médecins sans frontières", mentions=[
        Mention(start=0, end=24, text="Médecins sans frontières")])
    doc, qs = run_quotes(text, "fr", entities=[msf])
    q = only(qs, "grands laissés-pour-compte")
    assert q.speaker == "Médecins sans frontières" and span_text(doc, q.speaker_mention) == "les humanitaires"
    _, qs = run_quotes("« Nous partirons demain », ont déclaré les humanitaires.", "fr")
    assert only(qs, "Nous partirons").speaker == "les humanitaires"  # no organisation named: the description


def test_english_incise_subject_with_a_long_apposition_and_passive_subject_salience():
    text = (
        "The hearing lasted four hours on Thursday. “If the FBI wanted any other American to testify, it would be "
        "a big deal,” Rep. Jim Jordan (R-Ohio), an oversight panel member, said in a phone interview. "
        "“But everyone associated with this case gets immunity.”"
    )
    doc, qs = run_quotes(text, "en")
    a, b = only(qs, "If the FBI wanted"), only(qs, "everyone associated")
    assert a.speaker == b.speaker == "Jim Jordan", (a.speaker, b.speaker)
    text = (
        "Officer Betty Shelby said she had warned the man. \"He had a gun,\" she said.\n\n"
        "In the video, Rakeyia Scott can be heard yelling to the officers that her husband was unarmed. "
        "\"Don't shoot him,\" she says."
    )
    doc, qs = run_quotes(text, "en")
    assert only(qs, "Don't shoot him").speaker == "Rakeyia Scott"


def test_a_document_speaks_for_its_issuer():
    text = (
        "North Korea conducted its fifth nuclear test on Friday. After an afternoon meeting, the Security Council "
        "issued a statement calling the test \"a clear violation and in flagrant disregard\" of its resolutions."
    )
    council = Entity(id="e1", type="ORG", name="Security Council", mentions=[
        Mention(start=text.find("Security Council"), end=text.find("Security Council") + 16, text="Security Council")])
    doc, qs = run_quotes(text, "en", entities=[council])
    q = only([q for q in qs if q.direct], "a clear violation")
    assert q.speaker == "Security Council", q.speaker


def test_quotes_in_headings_are_left_out():
    text = (
        "Le directeur a présenté le rapport mardi. Il a déclaré : « Nous avons constaté des difficultés. »\n\n"
        "« C'est un phénomène très minoritaire » {#cest-un-phenomene .article__sub-title}\n"
        "---------------------------------------\n\n"
        "### « Culture d'impunité profondément ancrée »\n\n"
        "Le directeur insiste : « C'est un phénomène très minoritaire, même s'il mérite attention. »"
    )
    doc, qs = run_quotes(text, "fr")
    assert [q.text for q in qs if q.direct] == [
        "Nous avons constaté des difficultés.", "C'est un phénomène très minoritaire, même s'il mérite attention."]


def test_fr_time_words_are_not_speakers():
    # a weekday between the verb and the inverted subject, a weekday after the subject
    _, qs = run_quotes("« Nous partirons avant la fin du mois », a expliqué samedi le ministre des affaires étrangères Mevlut Cavusoglu.", "fr")
    direct = [q for q in qs if q.direct]
    assert direct and "Cavusoglu" in (direct[0].speaker or "")
    _, qs = run_quotes("« Les investigations se poursuivent pour déterminer le rôle de chacun », a précisé le parquet, samedi.", "fr")
    direct = [q for q in qs if q.direct]
    assert direct and direct[0].speaker == "le parquet"


def test_fr_profession_description_takes_the_salient_speaker():
    text = ("« Nous avons vécu des interdictions de manifestation », explique Jeanne Martin, à Lyon. "
            "« Le préfet a toujours démenti », poursuit l'étudiante.")
    _, qs = run_quotes(text, "fr")
    direct = [q for q in qs if q.direct]
    assert len(direct) == 2 and direct[1].speaker == "Jeanne Martin"


def test_fr_related_article_link_names_no_referent():
    text = ("Des heurts ont eu lieu samedi soir à Aulnay-sous-Bois.\n\n"
            "Lire aussi [Aulnay-sous-Bois, deux mois après l'affaire Théo Durand](https://example.org/a.html)\n\n"
            "« Ils ont visé mon public », dénonce le militant du collectif.")
    _, qs = run_quotes(text, "fr")
    direct = [q for q in qs if q.direct]
    assert direct and "Théo" not in (direct[0].speaker or "")


def test_fr_more_incise_verbs():
    _, qs = run_quotes("« On ne peut pas identifier les auteurs des faits », abonde Antoine Comte, avocat d'un des accusés.", "fr")
    direct = [q for q in qs if q.direct]
    assert direct and direct[0].speaker == "Antoine Comte"


def test_fr_mixed_quote_inside_reported_speech_takes_its_speaker():
    text = ("Le ministre de l'intérieur, Bernard Cazeneuve, avait annoncé que parmi les personnes interpellées, "
            "« trois individus avaient fait l'objet d'une interdiction de manifester ».")
    _, qs = run_quotes(text, "fr")
    direct = [q for q in qs if q.direct]
    assert direct and direct[0].speaker == "Bernard Cazeneuve"


def test_fr_emphasised_name_before_an_apposition():
    # Markdown emphasis splits spaCy's sentence: the subject is found past the apposition
    text = '**Svetlana Zakharova**, du Réseau LGBT russe, a déclaré : "Des homosexuels ont été arrêtés et nous travaillons pour les évacuer."'
    _, qs = run_quotes(text, "fr")
    direct = [q for q in qs if q.direct]
    assert direct and direct[0].speaker == "Svetlana Zakharova"


def test_en_share_of_polled_group_speaks():
    text = (
        "The poll was released on Monday. Seventy-four percent of Democratic registered voters say "
        "they have a favorable view of Clinton. Half of Vermont Democrats said they want the next "
        "president to be more liberal."
    )
    _, qs = run_quotes(text, "en")
    assert only(qs, "favorable view").speaker == "Seventy-four percent of Democratic registered voters"
    assert only(qs, "next president").speaker == "Half of Vermont Democrats"


def test_en_headline_speaker_before_colon():
    text = (
        "Lynch: No outside influence on FBI probe into Clinton emails.\n\n"
        "WASHINGTON (AP) — Attorney General Loretta Lynch is reaffirming her stance.\n\n"
        "The Latest: Sanders declares victory in Vermont."
    )
    _, qs = run_quotes(text, "en")
    q = only(qs, "No outside influence")
    assert q.speaker == "Loretta Lynch"
    assert not [x for x in qs if "Sanders declares" in x.text]


def test_en_noun_phrase_content_of_announce_and_ask():
    text = (
        "The president spoke in the East Room on Tuesday. Obama announced a series of steps to tighten "
        "firearms sales in the country. Later a woman asked for a photo with the senator."
    )
    _, qs = run_quotes(text, "en")
    assert "a series of steps" in only(qs, "series of steps").text
    assert only(qs, "a photo").text.startswith("a photo")


def test_en_bare_complement_starting_before_its_subject():
    text = (
        "The game is on Friday. One Republican presidential hopeful, Carly Fiorina, says despite being "
        "a Stanford alumna, she plans to root for Iowa. Kasich says going through a dark time has "
        "allowed him to better connect with people."
    )
    _, qs = run_quotes(text, "en")
    assert only(qs, "root for Iowa").text.startswith("despite being")
    assert only(qs, "dark time").text.startswith("going through")


def test_en_noun_saying_speaks_and_n_in_m_share():
    text = (
        "The White House issued a statement saying the president would veto the bill. "
        "The poll was taken in May. Six in 10 say he is at least somewhat decisive."
    )
    _, qs = run_quotes(text, "en")
    assert only(qs, "veto the bill").speaker == "White House"
    assert only(qs, "somewhat decisive").speaker == "Six in 10"


def test_en_indirect_question_after_ask():
    text = (
        "In an email thread with the campaign, Breitbart News asked several times whether Sen. Cruz "
        "disavowed Lindsey Graham's endorsement, but the campaign refused to answer."
    )
    _, qs = run_quotes(text, "en")
    q = only(qs, "disavowed")
    assert q.text.startswith("whether") and "refused" not in q.text


def test_en_as_clause_attributes_the_main_clause():
    text = (
        "Clinton has deep ties to Wall Street. As the International Business Times noted, Clinton raised "
        "more than $1.1 million from the securities industry for her 2000 Senate campaign. "
        "Sanders is behind. But as Clyburn noted, those voters will give Sanders a second look if he starts winning."
    )
    _, qs = run_quotes(text, "en")
    assert only(qs, "$1.1 million").speaker == "the International Business Times"
    assert only(qs, "second look").speaker == "Clyburn"


def test_en_called_to_infinitive_content():
    text = "The rhetoric has drawn attention. Most recently, Trump called to ban Muslims from entering the country."
    _, qs = run_quotes(text, "en")
    assert only(qs, "ban Muslims").speaker == "Trump"


def test_en_noun_phrase_content_of_tweet_and_report():
    text = (
        "The shooting happened on Wednesday. Authorities reported at least 20 victims at a nonprofit center. "
        "Donald Trump on Sunday tweeted a chart of wildly inaccurate crime statistics."
    )
    _, qs = run_quotes(text, "en")
    assert only(qs, "20 victims").text.startswith("at least 20 victims")
    assert only(qs, "a chart of").speaker == "Donald Trump"


def test_en_incise_subject_with_a_coordinated_apposition():
    text = (
        "Mrs. Clinton's plan would not add to the deficit. ''It has the important virtue of being fiscally "
        "responsible,'' Leonard E. Burman, director of the centrist Urban-Brookings Tax Policy Center and a "
        "professor at the Maxwell School of Syracuse University, said of Mrs. Clinton's plan."
    )
    _, qs = run_quotes(text, "en")
    assert only(qs, "fiscally").speaker == "Leonard E. Burman"
    text = "The deal was signed. \"We will see,\" the minister and Trump said on Friday."
    _, qs = run_quotes(text, "en")
    assert all(q.speaker != "Trump" for q in qs)  # "and" joins a subject only after an apposition


def test_fr_name_set_off_by_commas_after_a_fronted_description_is_the_salient_subject():
    text = (
        "M. Huckabee a parlé à Harlan. « L'Amérique, dit-il, ne pourrait s'expliquer sans Dieu. » "
        "Il n'est pas le seul à battre la campagne. Ancien catholique converti au protestantisme évangélique, "
        "Raphael Bienvenido Cruz, un « born again », comme l'ancien président George W. Bush, est venu à plusieurs "
        "reprises sur place pour prêcher en faveur de son fils, Ted Cruz, sénateur du Texas, également baptiste. "
        "« Si les justes ne votent pas, que se passe-t-il ? », a-t-il tonné dans l'église de Marion."
    )
    ents = [person("e1", "Huckabee", text, "m"), person("e2", "Raphael Bienvenido Cruz", text), person("e3", "Ted Cruz", text, "m")]
    _, qs = run_quotes(text, "fr", ents)
    assert only(qs, "les justes").speaker == "Raphael Bienvenido Cruz"


def test_colon_after_a_clause_without_speech_verb_takes_its_personal_subject():
    text = ("Le ministre Bernard Cazeneuve était en colère. Il n'a pas mâché ses mots : "
            "« C'est une honte pour la République tout entière. »")
    _, qs = run_quotes(text, "fr", [person("e1", "Bernard Cazeneuve", text, "m")])
    assert only(qs, "une honte").speaker == "Bernard Cazeneuve"
    text = 'Trump stood firm on Monday. Clinton was blunt: "He is not fit to be president and everybody knows it."'
    _, qs = run_quotes(text, "en", [person("e1", "Trump", text, "m"), person("e2", "Clinton", text, "f")])
    assert only(qs, "not fit").speaker == "Clinton"
    # a thing as the subject says nothing
    text = "La police a retrouvé un message : « Nous reviendrons tous les soirs devant la préfecture. »"
    _, qs = run_quotes(text, "fr")
    assert not [q for q in qs if "reviendrons" in q.text and q.speaker]


def test_fr_adverbial_before_the_verb_is_no_subject_and_l_un_des_names_its_apposition():
    text = "Le ministre de l'intérieur, Gérald Darmanin, a pour sa part ajouté : « Nous ne céderons rien face aux casseurs. »"
    _, qs = run_quotes(text, "fr", [person("e1", "Gérald Darmanin", text, "m")])
    assert only(qs, "céderons").speaker == "Gérald Darmanin"
    text = "L'un des organisateurs du rassemblement, Karim Benali, est catégorique : « Nous reviendrons chaque samedi devant la mairie. »"
    _, qs = run_quotes(text, "fr", [person("e1", "Karim Benali", text, "m")])
    assert only(qs, "reviendrons").speaker == "Karim Benali"
    _, qs = run_quotes("L'un des manifestants a lancé : « Nous ne partirons pas d'ici sans réponse du préfet. »", "fr")
    assert only(qs, "partirons").speaker == "L'un des manifestants"


def test_en_quote_ending_its_sentence_takes_no_incise_from_the_next_sentence():
    text = (
        "The test drew condemnation. Russia insisted that Pyongyang \"stop its dangerous escapades.\" "
        "The International Atomic Energy Agency said North Korea had tested again."
    )
    ents = [Entity(id="e1", type="ORG", name="Russia", mentions=[Mention(start=text.find("Russia"), end=text.find("Russia") + 6, text="Russia")]),
            Entity(id="e2", type="ORG", name="International Atomic Energy Agency",
                   mentions=[Mention(start=text.find("International"), end=text.find(" said"), text="International Atomic Energy Agency")])]
    _, qs = run_quotes(text, "en", ents)
    assert only([q for q in qs if q.direct], "escapades").speaker == "Russia"


def test_en_finite_quote_after_a_determiner_takes_the_governing_speaker():
    text = (
        "Muslims celebrated Eid on Monday. Obama called the holiday “a celebration of the ways faith can "
        "transcend any differences and unite us under the banners of fellowship.”"
    )
    _, qs = run_quotes(text, "en", [person("e1", "Obama", text, "m")])
    assert only([q for q in qs if q.direct], "celebration of").speaker == "Obama"


def test_en_according_to_a_source_with_a_hyphenated_modifier():
    text = ("Experts disagree. The top 1 percent would see their after-tax incomes go up by as much as 19.9 percent, "
            "according to the conservative-leaning Tax Foundation.")
    _, qs = run_quotes(text, "en")
    q = only(qs, "19.9 percent")
    assert q.verb == "according to" and q.speaker is not None and "Tax Foundation" in q.speaker


def test_fr_pour_source_before_a_comma_and_after_a_verbless_quote():
    text = ("Les syndicats protestent. Pour le SNESUP-FSU, c'est une certitude : sans que l'on sache exactement comment, "
            "Parcoursup « est discriminatoire ».")
    ent = Entity(id="e1", type="ORG", name="SNESUP-FSU", mentions=[Mention(start=text.find("SNESUP"), end=text.find("SNESUP") + 10, text="SNESUP-FSU")])
    _, qs = run_quotes(text, "fr", [ent])
    assert only(qs, "discriminatoire").speaker == "SNESUP-FSU"
    text = "La loi est contestée. « Une honte absolue », pour Jean Dupont, député de la Somme."
    _, qs = run_quotes(text, "fr", [person("e1", "Jean Dupont", text, "m")])
    assert only(qs, "honte").speaker == "Jean Dupont"
    # "pour" before no name is a purpose, not a source
    _, qs = run_quotes("Le gouvernement a présenté son plan. « Un effort sans précédent » pour les enfants des quartiers populaires.", "fr")
    assert not [q for q in qs if "effort" in q.text and q.speaker]


def test_en_sentence_initial_reporting_verb_before_a_colon_takes_the_following_subject():
    _, qs = run_quotes('Some disagree. Added the Vermont senator: "We will not go back to the old ways of doing things."', "en")
    assert only(qs, "old ways").speaker == "the Vermont senator"


def test_en_with_x_saying_gives_the_participle_its_own_subject():
    text = 'The bill passed on Friday, with Sen. Mike Lee saying "this is a terrible day for the Constitution."'
    _, qs = run_quotes(text, "en", [person("e1", "Mike Lee", text, "m")])
    assert only(qs, "terrible day").speaker == "Mike Lee"


def test_en_noun_phrase_content_of_note():
    text = "The Republican National Committee noted Bill Clinton's comments on its website."
    _, qs = run_quotes(text, "en")
    q = only(qs, "comments")
    assert q.verb == "note" and not q.direct and q.text.startswith("Bill Clinton's comments")


def test_escaped_apostrophes_keep_the_inverted_nominal_speaker():
    # a conversion escaped every apostrophe ("affirme l\'élu"); the speaker is found as without it
    from veille.pipeline import extract

    text = (
        "Le maire de Lyon, Jean Dupont, a inauguré la piscine. "
        "« C\\'est un grand jour », affirme l\\'élu. « Je n\\'ai rien à me reprocher », se défend l\\'élu."
    )
    report = extract(text, lang="fr")
    assert [q.speaker for q in report.quotes if q.direct] == ["Jean Dupont", "Jean Dupont"]
    for q in report.quotes:
        assert text[q.start : q.end] == q.text
        assert q.speaker_mention is not None and text[q.speaker_mention.start : q.speaker_mention.end] in ("l\\'élu", "Jean Dupont")


def test_verb_under_a_participle_takes_the_governing_subject():
    # "préférant fustiger « … »": the speaker is the subject of the clause the participle hangs on
    text = (
        "Interrogé par un député, Paul Martin n'avait pas prononcé le nom de la victime, "
        "préférant fustiger « la mise en cause permanente des forces de l'ordre »."
    )
    martin = person("e1", "Paul Martin", text, gender="m")
    doc, qs = run_quotes(text, "fr", entities=[martin])
    assert only(qs, "mise en cause").speaker == "Paul Martin"


def test_en_second_report_coordinated_inside_the_content_ends_it():
    text = (
        "Trump, speaking to a veterans group in Virginia, said he would order a thorough review of the "
        "nation's computer defenses and warned against potential hackers from China. "
        "British Prime Minister Theresa May said this week that the country would formally declare its "
        "intention to leave by the end of March and suggested that it would withdraw from the single market. "
        "Clinton says the emails were personal and not work-related, but for Republicans, it is a smoking gun."
    )
    _, qs = run_quotes(text, "en")
    q = only(qs, "thorough review")
    assert q.text.endswith("computer defenses") and q.speaker == "Trump"
    assert only(qs, "formally declare").text.endswith("end of March")
    assert only(qs, "withdraw from the single market").speaker == "Theresa May"
    assert only(qs, "were personal").text.endswith("not work-related")


def test_en_content_clause_the_parser_did_not_attach_to_the_verb():
    text = (
        "The Trump team has said single people and families - gay, straight, adoptive and foster - would "
        "qualify for the tax breaks. Trump said after the convention he would not accept Cruz's endorsement "
        "if it were offered. That was what Liz Wahl said when she resigned from the network in 2014."
    )
    _, qs = run_quotes(text, "en")
    assert only(qs, "would qualify").text.startswith("single people and families")
    assert only(qs, "accept Cruz").text.startswith("he would not accept")
    assert not [q for q in qs if "resigned from the network" in q.text]
    # a bare verb taken for the clause ("Does" of "Doesn't") is no content clause
    _, qs = run_quotes("Hillary Clinton Says Trump’s Bigotry Doesn’t ‘Fit With What I Thought I Knew’ About Him.", "en")
    assert not [q for q in qs if not q.direct and "Bigotry" in q.text]


def test_en_one_of_a_group_named_after_a_comma_speaks():
    text = (
        "In a statement, one of the family's attorneys, Justin Bamberg, said the videos show Scott calmly "
        "leaving his car when asked to do so by police."
    )
    _, qs = run_quotes(text, "en")
    assert only(qs, "the videos show").speaker == "Justin Bamberg"


def test_en_mid_sentence_incise_when_the_parse_takes_a_word_of_the_content_for_the_subject():
    text = (
        "The museum opened on Saturday. To understand the real Dred Scott, Chief Justice Roberts said, "
        "one should visit this museum."
    )
    _, qs = run_quotes(text, "en")
    q = only(qs, "Dred Scott")
    assert q.text.startswith("To understand") and "should visit this museum" in q.text
    assert "Roberts" in (q.speaker or "")


@pytest.mark.parametrize(
    ("title", "content", "speaker"),
    [
        ("Trump ‘The Dealmaker’ Could Address Clean Energy, Lindsey Graham Says.", "Could Address Clean Energy", "Lindsey Graham"),
        ("Railing Against Trump, Sanders Vows To Eliminate Tax Breaks Used By Developers.", "To Eliminate Tax Breaks", "Sanders"),
        ("The Latest: Trump urges supporters to monitor polling places.", "supporters to monitor", "Trump"),
    ],
)
def test_en_title_line_reporting_verb(title, content, speaker):
    _, qs = run_quotes(title + "\n\nWASHINGTON (AP) — The campaign went on for another week.", "en")
    q = only(qs, content)
    assert speaker in (q.speaker or "") and "Says" not in q.text


def test_en_title_line_without_a_speaker_before_its_verb_is_no_quote():
    text = "Trump not walking the walk on his tax claims.\n\nHis plan would cut taxes for the rich."
    _, qs = run_quotes(text, "en")
    assert not [q for q in qs if "walking the walk" in q.text]


def test_en_gerund_and_described_as_contents():
    text = (
        "Although Trump has admitted using the tax code, he does not defend it. The senator denied having "
        "met the ambassador during the campaign. Democrats also described the showdown as ominous."
    )
    _, qs = run_quotes(text, "en")
    assert only(qs, "the tax code").text == "using the tax code"
    assert only(qs, "met the ambassador").text.startswith("having met")
    q = only(qs, "showdown")
    assert q.text == "the showdown as ominous" and q.speaker == "Democrats"


def test_fr_verb_tagged_as_adjective_before_a_comma_and_a_quote():
    text = (
        "Interrogée ensuite sur la posture du policier, la préfecture rétorque, « qu'au contraire, il "
        "s'agit d'une attitude purement défensive »."
    )
    _, qs = run_quotes(text, "fr")
    q = only(qs, "attitude purement défensive")
    assert q.direct and "préfecture" in (q.speaker or "")


def test_a_press_description_takes_the_press_title_named_before_it():
    # "le quotidien" stands for the newspaper named earlier, not for the organisation quoted or named most
    # (the whole pipeline: the press title comes from the entities stage)
    import veille

    text = ("Mercredi, une enquête de Libération vise Amnesty International. Amnesty International a refusé de commenter. "
            "Un porte-parole d'Amnesty International a confirmé l'existence d'une enquête. "
            "« Le dossier est sensible », a ajouté Amnesty International. "
            "« Le ministre savait tout depuis juin », écrit le quotidien.")
    r = veille.extract(text, lang="fr", published="2016-03-02")
    q = next(q for q in r.quotes if q.text.startswith("Le ministre savait"))
    assert q.speaker == "Libération"


def test_en_relative_clause_holding_its_reporting_verb():
    text = (
        "At least a half-dozen times, Trump cited Obama-Clinton policies, which he said had harmed the economy. "
        "Cruz praised Pence for cutting taxes - moves that he said improved Indiana's economy."
    )
    _, qs = run_quotes(text, "en")
    assert only(qs, "harmed").text == "which he said had harmed the economy"
    assert only(qs, "improved").text == "that he said improved Indiana's economy"


def test_en_according_to_between_two_halves_of_a_sentence():
    text = "The meeting ended late. The policy, according to officials, will go into effect next month."
    _, qs = run_quotes(text, "en")
    q = only(qs, "next month")
    assert q.text == "The policy will go into effect next month" and q.speaker == "officials"


def test_en_two_word_reported_clause():
    # two words make a reported clause when they are one (a pronoun and its verb); a two-word noun
    # phrase after a reporting verb is rarely speech ("confirmed the attack", "reveal his whereabouts")
    text = ("Republican senators are split on the nominee. Jeff Flake said he would. Police spokesman Yazid Abubakar "
            "confirmed the attack but gave no figure.")
    _, qs = run_quotes(text, "en")
    assert only(qs, "he would").speaker == "Jeff Flake"
    assert not [q for q in qs if "attack" in q.text]


def test_en_that_after_a_reported_clause_verb_is_not_its_conjunction():
    text = "Last week, Clinton said the families of the victims were wrong in their recollections that she blamed the video."
    _, qs = run_quotes(text, "en")
    assert only(qs, "families").text.startswith("the families of the victims were wrong")


def test_en_transcript_line_opening_with_its_speaker():
    text = (
        "The interview went on.\n\n"
        "CLINTON: Honestly, I mean, I just believe that this is the most important job in the world.\n\n"
        "Contributing: Nicole Gaudiano wrote this story.\n\n"
        "Q: Did the immigration service take care of you?"
    )
    _, qs = run_quotes(text, "en")
    q = only(qs, "most important job")
    assert q.text.startswith("Honestly, I mean") and q.speaker == "CLINTON"
    assert only(qs, "immigration service").text == "Did the immigration service take care of you"
    assert not [q for q in qs if "Gaudiano" in q.text]


def test_en_noun_phrase_content_of_stress_and_recall_but_not_post():
    text = (
        "The minister spoke in Singapore on Friday. Carter stressed bipartisan support for continued engagement. "
        "The senator recalled the figure of Neil Heslin. Later that night he posted a photo of himself."
    )
    _, qs = run_quotes(text, "en")
    assert only(qs, "bipartisan").speaker == "Carter"
    assert only(qs, "Heslin").text == "the figure of Neil Heslin"
    assert not [q for q in qs if "photo" in q.text]


def test_en_content_ends_before_the_speakers_next_clause():
    text = (
        "The ministry denies that the shipment was a bribe and goes to great lengths to defend the deal. "
        "Senator Alan Price admitted that the figure in his report was wrong, but said his office had corrected it. "
        "The mayor insists the city must balance its budget, and has proposed deep cuts to the parks service."
    )
    _, qs = run_quotes(text, "en")
    assert only(qs, "shipment").text == "the shipment was a bribe"
    assert only(qs, "figure in his report").text.endswith("was wrong")
    assert only(qs, "had corrected it").speaker == "Alan Price"
    assert only(qs, "balance its budget").text.endswith("balance its budget")


def test_en_reporting_verb_in_a_subordinate_clause_keeps_its_content_there():
    text = (
        "While Governor Maria Lopez said that the port would reopen on Monday, dock workers remained on strike. "
        "After the company announced that it would close two plants, the union began a strike."
    )
    _, qs = run_quotes(text, "en")
    assert only(qs, "port would reopen").text == "the port would reopen on Monday"
    assert only(qs, "close two plants").text == "it would close two plants"


def test_en_call_for_a_for_to_clause():
    text = (
        "Opposition leader Ana Ruiz is calling for the government to release the detained journalists before the vote. "
        "The union called for the minister to resign over the scandal."
    )
    _, qs = run_quotes(text, "en")
    q = only(qs, "release the detained journalists")
    assert q.text.startswith("the government to release") and q.speaker == "Ana Ruiz"
    assert only(qs, "minister to resign").text.startswith("the minister to resign")


def test_en_according_to_attributes_a_sentence_holding_a_report():
    text = (
        "Turnout was high across the state on Tuesday. "
        "More than 6 in 10 Democratic voters said that the trade deal does more harm than good, "
        "according to preliminary exit polls conducted by Edison Research."
    )
    _, qs = run_quotes(text, "en")
    whole = [q for q in qs if q.text.startswith("More than 6 in 10")]
    assert len(whole) == 1 and whole[0].text.endswith("more harm than good"), [(q.text, q.speaker) for q in qs]
    assert any(q.text == "the trade deal does more harm than good" for q in qs)


def test_en_share_of_voters_with_about_speaks():
    text = "Across the state, about half of voters say they want the next governor to cut property taxes."
    _, qs = run_quotes(text, "en")
    q = only(qs, "cut property taxes")
    assert q.speaker == "half of voters"


def test_en_question_reports_wh_clause_and_about():
    text = (
        "Radio host Tom Ward asked Governor Ellen Park how she planned to pay for the new bridge. "
        "Commentator Lisa Grant asked the minister about the delays at the northern border crossing. "
        "Inspector Maria Lopez asked the man who owns the warehouse to leave the building before the inspection."
    )
    _, qs = run_quotes(text, "en")
    q = only(qs, "pay for the new bridge")
    assert q.text == "how she planned to pay for the new bridge" and q.speaker == "Tom Ward"
    q = only(qs, "border crossing")
    assert q.text == "the delays at the northern border crossing" and q.speaker == "Lisa Grant"
    assert not [x for x in qs if x.text.startswith("who")]  # a relative clause on the person asked


def test_en_question_put_to_the_subject_speaks_by_its_agent_or_nobody():
    text = (
        "Governor Ellen Park was asked by radio host Tom Ward whether the bridge would open this year. "
        '"We are on schedule," she said. '
        "Asked whether she would run again, Park said she had not decided. "
        "When asked about the delays at the border crossing, the minister declined to comment."
    )
    _, qs = run_quotes(text, "en")
    q = only(qs, "bridge would open")
    assert q.text == "whether the bridge would open this year" and q.speaker == "Tom Ward"
    assert only(qs, "on schedule").speaker == "Ellen Park"  # the one asked answers, not the asker
    q = only(qs, "run again")
    assert q.text == "whether she would run again" and q.speaker is None and q.verb == "ask"
    assert only(qs, "had not decided").speaker == "Ellen Park"
    assert only(qs, "border crossing").speaker is None


def test_en_content_clause_misparsed_after_a_gerund_or_a_share():
    text = (
        "Governor Ellen Park spoke in Albany on Monday. She said reopening the mine could bring hundreds of jobs to the valley. "
        "The deficit grew last year. The budget office said about half of the increase reflected lower tax revenue from the cuts."
    )
    _, qs = run_quotes(text, "en")
    q = only(qs, "hundreds of jobs")
    assert q.text == "reopening the mine could bring hundreds of jobs to the valley" and q.speaker == "Ellen Park"
    assert only(qs, "lower tax revenue").text.startswith("about half of the increase reflected")


def test_en_claim_with_an_infinitive():
    text = "The vote is on Friday. Senator Ellen Park claimed to have secured enough votes for the bridge bill."
    _, qs = run_quotes(text, "en")
    q = only(qs, "enough votes")
    assert q.text == "to have secured enough votes for the bridge bill" and q.speaker == "Ellen Park"


def test_en_report_with_a_gerund():
    text = "The filings were released on Sunday. Senator Ellen Park reported raising about $2 million during the month."
    _, qs = run_quotes(text, "en")
    q = only(qs, "$2 million")
    assert q.text == "raising about $2 million during the month" and q.speaker == "Ellen Park"


def test_en_bare_asked_tagged_as_a_past_tense():
    text = "The campaign is changing its message.\n\nWhen asked whom she supported, Ms. Sherry smiled and said she was waiting."
    doc, qs = run_quotes(text, "en")
    assert next(t for t in doc.doc if t.text == "asked").tag_ == "VBD"  # the case: no participle tag, no subject
    q = only(qs, "supported")
    assert q.text == "whom she supported" and q.speaker is None and q.verb == "ask"
    assert "Sherry" in only(qs, "was waiting").speaker


def test_en_time_taken_for_the_subject_gives_way_to_the_clause_subject():
    text = (
        "The primaries went on. Majorities of Democrats in five states going to the polls Tuesday say they "
        "would be satisfied with both candidates as the nominee. Donald Trump, who is vying to be the next "
        "president, tweeted on Friday to say he had never suggested the U.S. should use a database."
    )
    _, qs = run_quotes(text, "en")
    assert only(qs, "both candidates").speaker.startswith("Majorities of Democrats")
    assert only(qs, "database").speaker == "Donald Trump"


def test_en_content_after_a_noun_of_speech():
    text = (
        "The hearing ended on Monday. Other Republicans joined Pence's call for a special prosecutor. "
        "One sticking point is a demand, by House Minority Leader Nancy Pelosi, that the legislation include "
        "better tax breaks for the working poor. The report that he wrote was long."
    )
    _, qs = run_quotes(text, "en")
    assert only(qs, "special prosecutor").text == "a special prosecutor"
    assert only(qs, "special prosecutor").speaker == "Pence"
    assert only(qs, "tax breaks").speaker == "Nancy Pelosi"
    assert not [q for q in qs if "he wrote" in q.text]  # a relative "that" opens no content


def test_en_object_content_runs_over_the_phrase_hung_on_the_verb():
    text = "The rumours were true. Media titan Rupert Murdoch announced his engagement to former supermodel Jerry Hall."
    _, qs = run_quotes(text, "en")
    assert only(qs, "engagement").text == "his engagement to former supermodel Jerry Hall"


def test_en_passive_report_with_an_agent():
    text = (
        "Martin O'Malley will pursue federal matching funds. O'Malley's move was first reported by MSNBC. "
        "The road was reported closed."
    )
    _, qs = run_quotes(text, "en")
    q = only(qs, "move")
    assert q.text == "O'Malley's move" and q.speaker == "MSNBC"
    assert not [q for q in qs if "road" in q.text]


def test_closing_mark_typed_as_an_opener_opens_a_quote():
    text = "Getty/Instagram.\n”Fear. I am truly afraid that the senator will win the race.” ― Edwin G. Monroy. Getty/Instagram."
    spans = find_quote_spans(text, "en")
    assert any(text[s.start : s.end].startswith("Fear. I am truly afraid") for s in spans)


def test_en_signed_embedded_post_is_said_by_its_signer():
    text = (
        'The FBI closed the case on Tuesday. <tweet id="1" author="@SpeakerRyan" datetime="2016-07-05">While I '
        "respect the professionals at the FBI, this announcement defies explanation. No one should be above the law. "
        "pic.twitter.com/OqctxglquI — Paul Ryan (@SpeakerRyan) July 5, 2016</tweet>. Others agreed."
    )
    _, qs = run_quotes(text, "en")
    q = only(qs, "above the law")
    assert q.text.startswith("While I respect") and q.text.endswith("above the law.") and q.speaker == "Paul Ryan"


def test_en_noun_phrase_content_of_declare_but_not_claimed_responsibility():
    text = (
        "The inquiry closed in May. In her speech, Rhimes declared the need for strong will. "
        "Later that night the governor said nothing. The group claimed responsibility for the attack in a statement."
    )
    _, qs = run_quotes(text, "en")
    assert only(qs, "strong will").text == "the need for strong will" and only(qs, "strong will").speaker == "Rhimes"
    assert not [q for q in qs if "nothing" in q.text or "responsibility" in q.text]


def test_en_most_or_several_of_a_group_speaks():
    text = (
        "The plant will close in June. Most of the workers said they had loved working for the company. "
        "In interviews, several threatened to disrupt the convention with protests."
    )
    _, qs = run_quotes(text, "en")
    assert only(qs, "loved working").speaker == "Most of the workers"
    assert only(qs, "disrupt the convention").speaker == "several"


def test_en_mid_sentence_incise_tail_is_not_the_speakers_apposition():
    text = (
        "Manufacturing jobs fell again in May. Nor are tariffs likely to bring many of these jobs back, said David Autor, "
        "a professor of economics at M.I.T. He was blunt. "
        "Ms. Malik also had two in-person interviews, federal officials said, the first by a consular officer in Pakistan."
    )
    _, qs = run_quotes(text, "en")
    q = only(qs, "tariffs")
    assert q.text == "Nor are tariffs likely to bring many of these jobs back" and q.speaker == "David Autor"
    assert only(qs, "in-person").end == text.index(" in Pakistan.") + len(" in Pakistan")


def test_en_mid_sentence_incise_content_going_on_before_a_dash_or_a_colon():
    text = (
        "Betsy Ebeling grew up with Clinton in Park Ridge. Over the years, she said, email has helped her stay in close touch "
        "with Clinton – although she laughed at the mention of it. "
        "Overall, she said, many groups are finding themselves alienated by the party: Cuban Americans first."
    )
    _, qs = run_quotes(text, "en")
    q = only(qs, "email has helped")
    assert q.text.startswith("Over the years") and q.text.endswith("close touch with Clinton") and q.speaker == "Betsy Ebeling"
    assert only(qs, "alienated").text.endswith("alienated by the party")


def test_en_relative_subject_of_a_reporting_verb_takes_its_antecedent():
    text = (
        "The rules committee met on Monday. The idea was championed by North Dakota committeeman Curly Haugland, "
        "who’s argued for years that delegates can’t be bound to any particular candidate. "
        "Most have their minds made up, compared to nearly four in 10 — 38 percent — who said they could change their mind."
    )
    _, qs = run_quotes(text, "en")
    assert only(qs, "delegates can").speaker == "Curly Haugland"
    assert only(qs, "change their mind").speaker.endswith("38 percent")


def test_en_noun_phrase_object_of_say():
    text = (
        "A new poll came out on Tuesday. Seventy percent of Democrats rate Clinton favourably, "
        "while only 49 percent of Republicans say the same of Trump."
    )
    _, qs = run_quotes(text, "en")
    q = only(qs, "the same of Trump")
    assert q.text == "the same of Trump" and q.speaker.endswith("49 percent of Republicans")


def test_en_content_ends_before_a_contrasting_report_and_two_thirds_speak():
    text = (
        "The exit poll was released on Tuesday. Among Trump voters, 74 percent said they are set on voting for him, "
        "while 22 percent said they could change their minds. "
        "In the primary, nearly two-thirds of Democratic voters said that Wall Street does more to hurt the economy than to help it."
    )
    _, qs = run_quotes(text, "en")
    assert only(qs, "set on voting").text == "they are set on voting for him"
    assert only(qs, "change their minds").speaker == "22 percent"
    assert only(qs, "Wall Street").speaker == "nearly two-thirds of Democratic voters"


def test_en_request_for_anonymity_is_no_content():
    # "who asked not to be named" hands the official to the relative clause's verb: the request is
    # no report, the clause after "said" is
    text = (
        "The convoy was hit on Monday. A senior official, who asked not to be named for security reasons, "
        "said the convoy was hit near Kunduz. A witness who asked to remain anonymous said soldiers opened fire. "
        "The governor urged residents to stay indoors."
    )
    _, qs = run_quotes(text, "en")
    assert not [q for q in qs if "named" in q.text or "anonymous" in q.text]
    assert only(qs, "near Kunduz").speaker == "A senior official"
    assert only(qs, "opened fire").speaker == "A witness"
    assert only(qs, "stay indoors").text == "residents to stay indoors"


def test_en_poll_share_written_with_a_percent_sign_or_in_fourths_speaks():
    # PolNeAR train: "47% say …" (the head "%" is no word, once taken for a Markdown mark), "18% who
    # say", "three-fourths say", "nine out of 10 say": the share of the polled group is the speaker
    text = (
        "There is less consensus when it comes to fighting terrorism: 47% say the United States should "
        "commit troops on the ground to combat the Islamic State; 37% disagree. "
        "Almost four in 10 have a positive reaction, including 18% who say they would be dissatisfied. "
        "Millennials see police violence as a problem, and three-fourths say the government should require "
        "police officers to wear body cameras. "
        "Nearly nine out of 10 say they will need to continually develop new skills to advance their careers."
    )
    _, qs = run_quotes(text, "en")
    assert only(qs, "commit troops").speaker == "47%"
    assert only(qs, "dissatisfied").speaker == "18%"
    assert only(qs, "body cameras").speaker == "three-fourths"
    assert only(qs, "new skills").speaker == "Nearly nine out of 10"
    assert all(q.speaker_resolution == "description" for q in qs)


def test_en_first_person_report_is_kept_without_a_name_but_not_an_opinion():
    # an op-ed writer or a paper reporting its own words: the content is speech, the pronoun its
    # speaker mention, no name; "I think …" states an opinion and stays out
    text = (
        "I ran for governor of Florida to turn our economy around. I pledged to create 700,000 jobs in seven years. "
        "TWITTER. We asked our followers which candidate won Thursday's GOP debate. "
        "I think this meeting is too little too late. I hope he keeps doing it."
    )
    doc, qs = run_quotes(text, "en")
    q = only(qs, "700,000 jobs")
    assert q.text == "to create 700,000 jobs in seven years" and q.speaker is None
    assert q.speaker_resolution == "first person" and span_text(doc, q.speaker_mention) == "I"
    q = only(qs, "candidate won")
    assert q.speaker is None and q.speaker_resolution == "first person" and span_text(doc, q.speaker_mention) == "We"
    assert not [q for q in qs if "too late" in q.text or "keeps doing" in q.text]


def test_a_quote_after_an_auxiliary_that_ends_in_a_comma_keeps_its_incise():
    """'is "not meeting the demand," said X': the comma inside the marks closes the quote before its
    incise (American punctuation), unlike a French quote between an auxiliary and its participle."""
    from veille import extract

    text = "Veterans wait months for care. The department is \"not meeting the demand,\" said Paul Rieckhoff, who leads a veterans group."
    report = extract(text, lang="en", published="2016-09-16")
    found = [q for q in report.quotes if q.text.startswith("not meeting the demand")]
    assert len(found) == 1 and found[0].speaker == "Paul Rieckhoff", [(q.text, q.speaker) for q in report.quotes]
def test_en_according_to_a_source_with_a_finite_relative_clause_or_one_of_a_group():
    # PolNeAR train: the source of a trailing "according to" may carry a relative clause with a finite
    # verb ("who wasn't authorized", "he released") or be "one of" a group; the content is the clause
    # before it, the relative clause is no part of the speaker
    text = (
        "Other groups are also expected to spend millions on TV ads next year. "
        "American Crossroads is combing through digital archives for spots that may begin next year, "
        "according to a Crossroads official who wasn't authorized to speak publicly. "
        "The plan would cost about $1.38 trillion a year, according to a document he released. "
        "Sanders is also joining the lawsuit, according to one of his senior aides. "
        "At the time, according to officials the attack killed five people."
    )
    _, qs = run_quotes(text, "en")
    q = only(qs, "digital archives")
    assert not q.direct and q.verb == "according to" and q.text.startswith("American Crossroads") and q.text.endswith("next year")
    q = only(qs, "trillion")
    assert q.text == "The plan would cost about $1.38 trillion a year" and q.speaker == "a document"
    assert only(qs, "joining the lawsuit").speaker == "one of his senior aides"
    assert not [q for q in qs if "killed five" in q.text]  # no trailing source: the clause follows it


def test_en_tail_incise_after_a_content_misparsed_as_the_verb_subject():
    # PolNeAR train: commas inside the content ("like-minded, if bogus, ideas") led the parser to take
    # "people" for the subject of "said"; the incise has its own subject, "she", after the comma
    text = (
        "Misinformation spreads faster than ever, said Angie Drobnic Holan, Politifact's editor. "
        "The Internet has also made it possible for people with like-minded, if bogus, ideas and theories "
        "to organize into communities and reach others, she said."
    )
    _, qs = run_quotes(text, "en")
    q = only(qs, "like-minded")
    assert q.text.startswith("The Internet has") and q.text.endswith("reach others") and q.speaker == "Angie Drobnic Holan"


def test_en_asked_about_a_short_phrase_or_with_the_preposition_on_the_person_asked():
    # PolNeAR train: "Asked about ⟦Cruz's charges⟧, Rubio said …" (a two-word phrase, like a complement),
    # "asked the GOP frontrunner about ⟦the Twitter kerfuffle⟧" (the parser hangs "about" on the person asked)
    text = (
        "It was a busy week for the candidates. Asked about Cruz's charges, Rubio said that the immigration reforms were needed. "
        "NBC's Chuck Todd asked the GOP frontrunner about the Twitter kerfuffle."
    )
    _, qs = run_quotes(text, "en")
    q = only(qs, "charges")
    assert q.text == "Cruz's charges" and not q.direct
    assert only(qs, "reforms").speaker == "Rubio"
    q = only(qs, "kerfuffle")
    assert q.text == "the Twitter kerfuffle" and q.speaker == "Chuck Todd"


def test_en_relative_clause_report_of_a_passive_clause():
    # PolNeAR train: the reported clause inside a relative clause may be passive, its tense on the
    # auxiliary ("a letter of apology ⟦that he said was drafted by the firm⟧")
    text = (
        "Mark Roffman demanded a public apology from the firm. "
        "He signed a letter of apology that he said was drafted by the firm. "
        "They cited the case of Guccifer 2.0, a group of hackers who U.S. officials say is tied to Russian intelligence services."
    )
    _, qs = run_quotes(text, "en")
    q = only(qs, "drafted")
    assert q.text == "that he said was drafted by the firm" and q.speaker == "Mark Roffman"
    assert only(qs, "tied to Russian").speaker == "U.S. officials"


def test_en_tail_incise_after_a_comma_inside_the_content_and_with_a_relative_clause_on_its_subject():
    # PolNeAR train: a comma inside the content ("…, a state that she hoped to carry, the race will be
    # tight, said X") is not the incise's when the reported clause stands between it and the verb; an
    # inverted subject may carry a relative clause ("said a handful of Democrats who point to …")
    text = (
        "Clinton is having to fight harder than she had planned. "
        "Even as the race moves to New York, a state that she hoped to carry by a large margin, the race will be tight, "
        "said Dan Gerstein, director of Gotham Ghostwriters. "
        "Defending that terrain is squarely within the Biden wheelhouse, said a handful of Democrats who point to "
        "his strong relationships with organized labor."
    )
    _, qs = run_quotes(text, "en")
    q = only(qs, "large margin")
    assert q.text.startswith("Even as the race") and q.text.endswith("the race will be tight") and q.speaker == "Dan Gerstein"
    q = only(qs, "wheelhouse")
    assert q.text == "Defending that terrain is squarely within the Biden wheelhouse" and q.speaker == "a handful of Democrats"


def test_en_according_to_a_possessive_source_and_relative_clauses_holding_the_report():
    # PolNeAR train: "according to his Facebook profile" (a possessive before the source's noun), a past
    # tense tagged as a participle ("Whites … made up"), a relative pronoun the parser made the reported
    # clause's subject ("which he said the Mexican government should pay for"), a free relative ("what
    # many analysts said was a sign") and a relative clause without a pronoun ("a probe the agency said was …")
    text = (
        "EgyptAir released the crew list on Thursday. "
        "The pilot had been with EgyptAir since 2004, according to his Facebook profile. "
        "Whites without a college degree made up just 36 percent of the electorate in 2012, according to exit polls.\n\n"
        "Trump called for a permanent wall at the Mexico border, which he said the Mexican government should also pay for. "
        "The American sailors were swiftly released, displaying what many analysts said was a sign of Iran's improving relations with the West. "
        "Clinton still faces the FBI investigation, a probe the law enforcement agency said was ongoing as of earlier this month."
    )
    _, qs = run_quotes(text, "en")
    q = only(qs, "since 2004")
    assert q.text == "The pilot had been with EgyptAir since 2004" and q.speaker == "his Facebook profile"
    assert only(qs, "36 percent").text.startswith("Whites without a college degree made up")
    q = [q for q in qs if q.text == "the Mexican government should also pay for"]
    assert q and q[0].speaker == "Trump", [(q.text, q.speaker) for q in qs]
    assert only(qs, "a sign of").text == "what many analysts said was a sign of Iran's improving relations with the West"
    assert only(qs, "ongoing").text == "the law enforcement agency said was ongoing as of earlier this month"


def test_en_as_clauses_with_a_passive_agent_an_adjunct_or_between_commas():
    # PolNeAR train: "As reported by X, …" (the passive's agent speaks), "As X reported in his book, …" (a
    # possessive in the adjunct) and "…, as X reported on Saturday, ⟦clause⟧" inside the sentence
    text = (
        "The hearings went on for weeks. "
        "As reported by Western Journalism, investigators found over 2,200 emails containing classified information. "
        "As Hedrick Smith reported in his The Russians, the communist big shots had lavish country houses. "
        "Hannity is useful to Trump, given that, as The Times reported on Saturday, he has already emerged as an influential adviser."
    )
    _, qs = run_quotes(text, "en")
    q = only(qs, "2,200 emails")
    assert q.text == "investigators found over 2,200 emails containing classified information" and q.speaker == "Western Journalism"
    q = only(qs, "country houses")
    assert q.text == "the communist big shots had lavish country houses" and q.speaker == "Hedrick Smith"
    q = only(qs, "influential adviser")
    assert q.text == "he has already emerged as an influential adviser" and q.speaker.endswith("Times")


def test_en_one_word_answers_are_reported_contents():
    # PolNeAR train: poll answers ("said ⟦yes⟧", "said ⟦the same⟧") are contents; not "said so many
    # times", nor "the same" before its own object ("say the same of Sanders" is read as a phrase)
    text = (
        "The poll was taken last week. "
        "Asked if her email practices were illegal, 46 percent of voters said yes, compared with 23 percent in June. "
        "Last month, 26 percent of voters said the same. "
        "Six in 10 say they like him, and three-quarters say the same of Sanders. "
        "She said so many times that it was boring."
    )
    _, qs = run_quotes(text, "en")
    texts = [q.text for q in qs]
    assert "yes" in texts and "the same" in texts, texts
    assert only(qs, "yes").speaker == "46 percent of voters"
    assert not any(t.startswith("so") for t in texts), texts


def test_en_contents_with_a_curly_contraction():
    # PolNeAR train: "he’s" with a curly apostrophe is parsed with its subject on "’s" ("said ⟦he’s had …⟧")
    # or as a clause of its own before the verb's clause ("told me ⟦he’s had … and was …⟧")
    text = (
        "Chris Murphy was elected to the Senate in 2012. "
        "Murphy said he’s had a relatively tragedy-free life. "
        "Later Murphy told me he’s had a good run and was utterly unprepared for the emotional toll."
    )
    _, qs = run_quotes(text, "en")
    q = only(qs, "tragedy-free")
    assert q.text == "he’s had a relatively tragedy-free life" and q.speaker.endswith("Murphy")
    q = only(qs, "good run")
    assert q.text == "he’s had a good run and was utterly unprepared for the emotional toll" and q.speaker.endswith("Murphy")


def test_en_closing_according_to_vouches_for_the_last_clause_only():
    # PolNeAR train: a closing "according to X" attributes the clause after a colon or after ", and"
    text = (
        "The tax debate went on for months. "
        "The tax has apparently not made the U.K. less attractive to financial firms: London was the financial "
        "capital of the world in 2015, according to one global index. "
        "Sullivan forwarded along messages with sensitive information, and he sometimes added content on the "
        "email chains in question, according to the sources."
    )
    _, qs = run_quotes(text, "en")
    q = only(qs, "financial capital")
    assert q.text == "London was the financial capital of the world in 2015" and q.speaker == "one global index"
    q = only(qs, "added content")
    assert q.text == "he sometimes added content on the email chains in question" and q.speaker == "the sources"
