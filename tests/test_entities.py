"""Entities stage: gazetteer ruler, titles/roles, coreference, places/facilities, on wire-copy style sentences."""

from __future__ import annotations

import pytest

from veille.document import Document
from veille.ingest.article import Article
from veille.pipeline import get_nlp
from veille.stages import entities


def extract(text: str, lang: str) -> Document:
    doc = Document(article=Article.build(text), lang=lang, doc=get_nlp(lang)(text))
    entities.run(doc)
    return doc


def by_name(doc: Document, name: str):
    found = [e for e in doc.entities if e.name == name]
    assert found, f"{name!r} not in {[(e.name, e.type) for e in doc.entities]}"
    assert len(found) == 1, f"{name!r} split into {len(found)} entities"
    return found[0]


def at(doc: Document, text: str, occurrence: int = 0):
    start = -1
    for _ in range(occurrence + 1):
        start = doc.text.index(text, start + 1)
    return doc.entity_at(start, start + len(text))


def check_offsets(doc: Document) -> None:
    for ent in doc.entities:
        assert ent.evidence and 0 < ent.confidence <= 1
        assert ent.id.startswith("e")
        for m in ent.mentions:
            assert doc.text[m.start : m.end] == m.text


# --------------------------------------------------------------------------- reference article
@pytest.mark.shared
def test_reference_article_entities(reference_text):
    doc = extract(reference_text, "fr")
    check_offsets(doc)
    morato = by_name(doc, "Wayne Morato")
    assert morato.type == "PERSON"
    assert morato.titles == ["colonel"]
    assert any(r.startswith("porte-parole de la coalition") for r in morato.roles)
    assert morato.gender == "m"
    assert sum(m.text == "Morato" for m in morato.mentions) == 2  # "Morato avait confirmé", "Morato a déclaré"
    assert [e for e in doc.entities if e.type == "PERSON"] == [morato]

    ei = by_name(doc, "Etat islamique")
    assert ei.type == "ORG" and ei.actor_type == "Rebel groups"
    assert len([m for m in ei.mentions if m.text == "Etat islamique"]) == 6
    coalition = by_name(doc, "coalition internationale contre l'Etat islamique")
    assert coalition.type == "ORG"
    assert at(doc, "Etat islamique") is ei  # nested in the coalition's name, still its own entity
    assert at(doc, "coalition internationale") is coalition
    assert at(doc, "agence de presse irakienne").type == "ORG"

    places = {e.name for e in doc.entities if e.type == "PLACE"}
    assert {"Bagdad", "Irak", "Syrie", "Radwaniyah"} <= places
    assert not any("Etat" in p for p in places)
    assert at(doc, "Centre de soutien diplomatique de Bagdad").type == "FACILITY"
    assert by_name(doc, "Centre de soutien diplomatique de Bagdad").mentions[0].text == "Centre de soutien diplomatique de Bagdad"
    # the toponym inside the facility names is a PLACE mention too
    bagdad = by_name(doc, "Bagdad")
    airport = doc.text.index("aéroport de Bagdad") + len("aéroport de ")
    assert any(m.start == airport for m in bagdad.mentions)
    # the later "Un porte-parole de la coalition" is linked to the spokesman
    assert any(m.kind == "nominal" and m.text == "Un porte-parole" for m in morato.mentions)


@pytest.mark.shared
def test_reference_report_carries_entities(reference_report):
    names = {(e.name, e.type) for e in reference_report.entities}
    assert ("Wayne Morato", "PERSON") in names
    assert ("Etat islamique", "ORG") in names


# --------------------------------------------------------------------------- titles, roles, surname merge
def test_english_title_before_name_and_surname_merge():
    doc = extract(
        "Defence Minister Ali Ahmed said on Sunday that Islamic State fighters attacked an army post near "
        "Kirkuk. Ahmed told reporters the Iraqi army had repelled the assault.",
        "en",
    )
    check_offsets(doc)
    ahmed = by_name(doc, "Ali Ahmed")
    assert ahmed.type == "PERSON"
    assert "Defence Minister" in ahmed.roles
    assert [m.text for m in ahmed.mentions if m.kind == "name"] == ["Ali Ahmed", "Ahmed"]
    assert not any(e.name == "Defence" for e in doc.entities)
    assert by_name(doc, "Islamic State").type == "ORG"
    army = by_name(doc, "Iraqi army")
    assert army.actor_type == "State forces" and army.country == "IQ"
    assert "Military Forces of Iraq" in army.aliases


def test_english_apposition_rank_and_nominal_link():
    doc = extract(
        "Col. Wayne Marotto, the coalition spokesman, said the rocket caused no casualties. "
        "Marotto added that an investigation was under way. The spokesman declined to say who fired it.",
        "en",
    )
    m = by_name(doc, "Wayne Marotto")
    assert m.titles == ["colonel"]
    assert m.roles == ["coalition spokesman"]
    assert m.gender == "m"
    kinds = [(x.text, x.kind) for x in m.mentions]
    assert ("Marotto", "name") in kinds
    assert ("The spokesman", "nominal") in kinds


def test_french_apposition_gives_role_and_feminine_gender():
    doc = extract(
        "Mardi, des hommes armés ont attaqué un poste de la gendarmerie nigérienne près de Tillabéri. "
        "La porte-parole du gouvernement, Fatouma Diallo, a condamné l'attaque. Diallo a appelé au calme.",
        "fr",
    )
    diallo = by_name(doc, "Fatouma Diallo")
    assert diallo.roles == ["porte-parole du gouvernement"]
    assert diallo.gender == "f"
    assert any(m.text == "La porte-parole" and m.kind == "nominal" for m in diallo.mentions)
    assert any(m.text == "Diallo" for m in diallo.mentions)
    gendarmerie = by_name(doc, "gendarmerie nigérienne")
    assert gendarmerie.type == "ORG" and gendarmerie.country == "NE"
    assert not any(e.type == "PLACE" and "nigérienne" in e.name for e in doc.entities)
    assert by_name(doc, "Tillabéri").type == "PLACE"
    assert not any(e.name in ("Mardi", "La porte-parole") for e in doc.entities)


def test_french_minister_apposition_is_not_an_org():
    doc = extract(
        "Selon le ministre de la Défense, Ali Ahmed, l'armée malienne a repoussé l'assaut. Ahmed a précisé "
        "que les Forces armées maliennes (FAMa) avaient perdu deux soldats dans l'attaque du camp de Boulkessi.",
        "fr",
    )
    ahmed = by_name(doc, "Ali Ahmed")
    assert ahmed.roles == ["ministre de la Défense"]
    assert not any(e.name.lower().startswith("ministre") for e in doc.entities)
    fama = by_name(doc, "Forces armées maliennes")
    assert {"armée malienne", "FAMa"} <= {m.text for m in fama.mentions}
    assert fama.country == "ML" and fama.actor_type == "State forces"
    assert at(doc, "camp de Boulkessi").type == "FACILITY"
    assert at(doc, "Boulkessi", 0).type in ("FACILITY", "PLACE")
    assert by_name(doc, "Boulkessi").type == "PLACE"


# --------------------------------------------------------------------------- acronyms and aliases
def test_french_acronym_defined_in_text():
    doc = extract(
        "Les Forces démocratiques syriennes (FDS) ont annoncé mardi la capture de douze combattants de l'EI. "
        "Un porte-parole des FDS, Farhad Shami, a indiqué que l'opération avait été menée avec la coalition.",
        "fr",
    )
    fds = by_name(doc, "Forces démocratiques syriennes")
    assert [m.text for m in fds.mentions].count("FDS") == 2
    assert fds.country == "SY"
    ei = at(doc, "EI")
    assert ei.name == "Etat islamique" and ei.type == "ORG"
    shami = by_name(doc, "Farhad Shami")
    assert shami.roles == ["porte-parole des FDS"]


def test_acronym_of_an_organisation_missing_from_the_gazetteer():
    doc = extract(
        "Le Front patriotique pour la libération du Kasaï (FPLK) a revendiqué l'embuscade. "
        "Le FPLK affirme contrôler trois villages.",
        "fr",
    )
    ent = at(doc, "FPLK", 1)
    assert ent is not None and ent.type == "ORG"
    assert ent.name == "Front patriotique pour la libération du Kasaï"
    assert at(doc, "FPLK", 0) is ent


def test_ambiguous_acronym_follows_the_actor_named_in_the_text():
    doc = extract(
        "Les Forces de défense et de sécurité (FDS) burkinabè ont repoussé une attaque à Djibo. "
        "Les FDS ont neutralisé plusieurs assaillants.",
        "fr",
    )
    ent = at(doc, "FDS", 1)
    assert ent is not None and ent.type == "ORG"
    assert ent.country == "BF"
    assert "syriennes" not in ent.name
    assert at(doc, "Forces de défense") is ent


def test_english_gazetteer_aliases_merge():
    doc = extract(
        "ISIS claimed the bombing in a statement. The Islamic State group has lost most of its territory, "
        "but IS cells remain active. Separately, al-Shabaab fighters attacked a base near Mogadishu, and an "
        "Al Shabaab spokesman said the group held the town.",
        "en",
    )
    isis = by_name(doc, "Islamic State")
    assert {m.text for m in isis.mentions} >= {"ISIS", "IS"}
    assert isis.type == "ORG"
    shabaab = by_name(doc, "Al-Shabaab")
    assert {"al-Shabaab", "Al Shabaab"} <= {m.text for m in shabaab.mentions}
    assert shabaab.actor_type == "Rebel groups" and shabaab.country == "SO"
    assert by_name(doc, "Mogadishu").type == "PLACE"


def test_english_role_from_organisation_before_rank():
    doc = extract(
        "The Rapid Support Forces (RSF) shelled the city on Monday, the Sudanese army said. RSF commander "
        "Mohamed Hamdan Dagalo denied the claim. Dagalo said his troops were defending civilians.",
        "en",
    )
    rsf = by_name(doc, "Rapid Support Forces")
    assert [m.text for m in rsf.mentions].count("RSF") == 2
    dagalo = by_name(doc, "Mohamed Hamdan Dagalo")
    assert dagalo.roles == ["RSF commander"] and "commander" in dagalo.titles
    assert any(m.text == "Dagalo" for m in dagalo.mentions)
    assert by_name(doc, "Sudanese Armed Forces").country == "SD"


def test_french_daech_and_ei_are_one_organisation_never_a_place():
    doc = extract(
        "Le groupe jihadiste Etat islamique (EI) a revendiqué l'attentat. Daech avait déjà frappé la ville "
        "de Kirkouk en 2019, selon l'AFP. L'État islamique reste actif dans le désert.",
        "fr",
    )
    ei = by_name(doc, "Etat islamique")
    assert {"Etat islamique", "EI", "Daech", "État islamique"} <= {m.text for m in ei.mentions}
    assert not any(e.type == "PLACE" and "tat" in e.name for e in doc.entities)
    assert "Islamic State" in ei.aliases
    assert at(doc, "AFP").name == "Agence France-Presse"
    assert by_name(doc, "Kirkouk").type == "PLACE"


# --------------------------------------------------------------------------- PER/ORG/LOC confusions
@pytest.mark.parametrize(
    "text,lang",
    [
        ("Le Paris Saint-Germain a battu l'Olympique de Marseille dimanche soir. Les supporters ont fêté la victoire à Paris.", "fr"),
        ("Paris Saint-Germain beat Marseille 2-1 on Sunday night, and fans celebrated in central Paris.", "en"),
    ],
)
def test_paris_saint_germain_is_an_org(text, lang):
    doc = extract(text, lang)
    psg = by_name(doc, "Paris Saint-Germain")
    assert psg.type == "ORG"
    paris = [e for e in doc.entities if e.name == "Paris"]
    assert paris and paris[0].type == "PLACE"


def test_sentence_initial_words_and_bare_titles_are_not_entities():
    doc = extract(
        "Hier, des hommes armés ont attaqué un convoi près de Gao. Selon des sources locales, trois soldats ont "
        "été tués. Le porte-parole a déclaré que l'enquête continuait. Chaque attaque affaiblit l'Etat.",
        "fr",
    )
    names = {e.name for e in doc.entities}
    assert not names & {"Hier", "Selon", "Le porte-parole", "porte-parole", "Chaque", "Etat"}
    assert by_name(doc, "Gao").type == "PLACE"
    assert not any(e.type == "PERSON" for e in doc.entities)


def test_english_facilities_keep_their_toponym():
    doc = extract(
        "Yesterday, a rocket hit the Al-Asad air base in Anbar province, and another landed near Baghdad "
        "airport. US troops at Camp Lemonnier in Djibouti were placed on alert.",
        "en",
    )
    assert by_name(doc, "Al-Asad air base").type == "FACILITY"
    assert by_name(doc, "Camp Lemonnier").type == "FACILITY"
    assert at(doc, "Baghdad airport").type == "FACILITY"
    baghdad = by_name(doc, "Baghdad")
    assert baghdad.type == "PLACE"
    assert {"Anbar", "Djibouti"} <= {e.name for e in doc.entities if e.type == "PLACE"}
    assert not any(e.name == "Yesterday" for e in doc.entities)


def test_english_nationality_adjectives_are_not_places():
    doc = extract(
        "Nigerian police said gunmen killed 23 villagers in Zamfara state. Police spokesman Mohammed Shehu said "
        "Nigerian troops were deployed. President Muhammadu Buhari condemned the killings.",
        "en",
    )
    assert not any(e.type == "PLACE" and e.name.startswith("Nigerian") for e in doc.entities)
    police = by_name(doc, "Nigerian police")
    assert police.country == "NG" and "Police Forces of Nigeria" in police.aliases
    troops = by_name(doc, "Nigerian troops")
    assert troops.actor_type == "State forces"
    shehu = by_name(doc, "Mohammed Shehu")
    assert shehu.roles == ["Police spokesman"] and shehu.titles == ["spokesman"]
    buhari = by_name(doc, "Muhammadu Buhari")
    assert buhari.titles == ["president"]


def test_french_title_with_nationality_adjective_and_nominal_link():
    doc = extract(
        "Le président français Emmanuel Macron a reçu lundi à l'Elysée le chef de l'Etat malien, le colonel "
        "Assimi Goïta. M. Macron a salué l'engagement des casques bleus. Le président a promis son soutien.",
        "fr",
    )
    macron = by_name(doc, "Emmanuel Macron")
    assert macron.roles == ["président français"] and macron.gender == "m"
    texts = [(m.text, m.kind) for m in macron.mentions]
    assert ("Macron", "name") in texts and ("Le président", "nominal") in texts
    goita = by_name(doc, "Assimi Goïta")
    assert goita.titles == ["colonel"]
    assert goita.roles == ["chef de l'Etat malien"]
    assert at(doc, "casques bleus").actor_type == "External/Other forces"


def test_one_word_city_mistaken_for_a_person_is_a_place():
    doc = extract(
        "Ukrainian President Volodymyr Zelensky said Russian forces shelled Kharkiv overnight, killing two "
        "civilians. Kremlin spokesman Dmitry Peskov denied the claim.",
        "en",
    )
    assert at(doc, "Kharkiv").type == "PLACE"
    assert by_name(doc, "Dmitry Peskov").roles == ["Kremlin spokesman"]
    assert by_name(doc, "Russian Armed Forces").country == "RU"


def test_names_with_particles_and_surname_merge():
    doc = extract(
        "Islamic State leader Abu Bakr al-Baghdadi was killed in a raid in Idlib province, officials said. "
        "Baghdadi detonated a suicide vest.",
        "en",
    )
    b = by_name(doc, "Abu Bakr al-Baghdadi")
    assert b.roles == ["Islamic State leader"] and b.aliases == []
    assert [m.text for m in b.mentions] == ["Abu Bakr al-Baghdadi", "Baghdadi"]
    doc = extract(
        "Iyad Ag Ghaly, le chef du Groupe de soutien à l'islam et aux musulmans (GSIM), a revendiqué "
        "l'attaque. Ag Ghaly reste introuvable.",
        "fr",
    )
    g = by_name(doc, "Iyad Ag Ghaly")
    assert g.roles == ["chef du Groupe de soutien à l'islam et aux musulmans"]
    assert "Ag Ghaly" in [m.text for m in g.mentions]
    jnim = at(doc, "GSIM")
    assert jnim.actor_type == "Rebel groups" and jnim.country == "ML"


def test_inverted_subject_apposition_and_chained_titles():
    doc = extract(
        "\"La situation est sous contrôle\", a déclaré à l'AFP le porte-parole de l'armée malienne, le colonel "
        "Souleymane Dembélé. Dembélé a ajouté que des renforts étaient arrivés à Tessit.",
        "fr",
    )
    d = by_name(doc, "Souleymane Dembélé")
    assert d.roles == ["porte-parole de l'armée malienne"] and d.titles == ["colonel"]
    assert any(m.text == "le porte-parole" and m.kind == "nominal" for m in d.mentions)
    doc = extract(
        "\"We have repelled the attack,\" said army spokesman Brig. Gen. Yahya Rasool. Rasool said five soldiers "
        "were wounded at the Ain al-Asad base.",
        "en",
    )
    r = by_name(doc, "Yahya Rasool")
    assert r.roles == ["army spokesman"]
    assert r.titles == ["brigadier general", "spokesman"]
    assert [e.type for e in doc.entities if e.name.startswith("Brig")] == []
    assert by_name(doc, "Ain al-Asad base").type == "FACILITY"


def test_dateline_and_place_cues_fix_ner_labels():
    doc = extract(
        "ERBIL, Iraq, June 4 (Reuters) - A drone struck a car near the town of Sinjar on Tuesday, and grain "
        "warehouses in the port of Odesa were hit overnight, officials said.",
        "en",
    )
    places = {e.name for e in doc.entities if e.type == "PLACE"}
    assert {"ERBIL", "Iraq", "Sinjar", "Odesa"} <= places
    doc = extract(
        "Le M23 occupe depuis juin 2022 la ville frontalière de Bunagana. Des obus sont tombés sur l'hôpital "
        "saoudien d'El-Fasher, selon l'ONU.",
        "fr",
    )
    assert at(doc, "Bunagana").type == "PLACE"
    assert at(doc, "hôpital saoudien").type == "FACILITY"
    assert at(doc, "ONU").name == "Nations unies"
    assert [m.text for m in at(doc, "ONU").mentions] == ["ONU"]
    assert at(doc, "M23").actor_type == "Rebel groups"


def test_state_bodies_named_with_a_country():
    doc = extract("Russia's defence ministry said Ukraine's air force had lost two jets.", "en")
    mod = at(doc, "defence ministry")
    assert mod.type == "ORG" and mod.country == "RU" and mod.name == "Russia's defence ministry"
    assert at(doc, "air force").aliases == ["Military Forces of Ukraine"]
    doc = extract("L'armée du Mali a repoussé l'attaque, selon les forces de sécurité du Burkina Faso.", "fr")
    assert at(doc, "armée du Mali").country == "ML"
    assert at(doc, "forces de sécurité").country == "BF"
    assert by_name(doc, "Mali").type == "PLACE"


def test_configure_nlp_puts_the_actor_ruler_before_ner():
    for lang in ("fr", "en"):
        nlp = get_nlp(lang)
        names = nlp.pipe_names
        assert entities.RULER_NAME in names
        assert names.index(entities.RULER_NAME) < names.index("ner")
        entities.configure_nlp(nlp, lang)  # idempotent
        assert nlp.pipe_names.count(entities.RULER_NAME) == 1
    sdoc = get_nlp("fr")("La coalition combat l'Etat islamique en Irak.")
    labels = {e.text: e.label_ for e in sdoc.ents}
    assert labels.get("Etat islamique") == "ORG"


def test_gazetteer_rows_are_well_formed():
    actors = entities.load_actors()
    assert len(actors) >= 300
    families = {"State forces", "Rebel groups", "Political militias", "Identity militias", "Rioters", "Protesters", "Civilians", "External/Other forces", ""}
    for a in actors.values():
        assert a.type in ("ORG", "PERSON", "FACILITY", "PLACE")
        assert a.family in families, a
        assert not a.country or len(a.country) == 2
        assert a.name_en and a.name_fr



@pytest.mark.parametrize("text, name", [
    ("Des milliers de lycéens ont défilé jeudi contre la loi dite El Khomri à Paris.", "El Khomri"),
    ("C'est le cadeau de Vladimir Poutine pour l'anniversaire du conflit.", "Vladimir Poutine"),
    ("Manifestation contre le gouvernement turc de Tayyip Erdogan, le 1er mai. Le premier ministre, "
     "Tayyip Erdogan, a qualifié les manifestants de marginaux.", "Tayyip Erdogan"),
])
def test_person_names_are_not_places(text, name):
    doc = extract(text, "fr")
    assert not [e for e in doc.entities if e.type == "PLACE" and any(name in m.text for m in e.mentions)]


# --------------------------------------------------------------------------- issue 11: quote speakers in French
def test_country_acronym_needs_its_country_in_the_text():
    tax = ("Le ministère des finances a porté plainte après la publication d'une liste de contribuables ayant "
           "bénéficié d'une réduction de leur impôt de solidarité sur la fortune (ISF). Au total, 21 millions "
           "d'euros d'ISF ont été payés.")
    doc = extract(tax, "fr")
    assert at(doc, "ISF") is None  # defined as the wealth tax: a thing, not an organisation
    assert not [e for e in doc.entities if e.name == "forces de sécurité irakiennes"]
    doc = extract("Au total, 21 millions d'euros d'ISF ont été payés par ces contribuables fortunés.", "fr")
    assert not [e for e in doc.entities if e.name == "forces de sécurité irakiennes"]  # no Iraq in the text
    war = "Les ISF ont repris deux quartiers de Mossoul, a indiqué l'armée irakienne dimanche."
    assert at(extract(war, "fr"), "ISF").name == "forces de sécurité irakiennes"
    doc = extract("Les ISF ont repris deux quartiers de Mossoul. L'Irak attend la fin des combats.", "fr")
    assert at(doc, "ISF").actor_type == "State forces"


@pytest.mark.parametrize("text, label, name", [
    ("Marie-Noëlle Lienemann, sa vice-présidente, s'inquiète. « Nos agents sont perdus », assure la sénatrice PS de Paris.",
     "PS de Paris", None),
    ("« Nous ne céderons pas », a déclaré le député UMP Eric Ciotti devant la presse.", "UMP Eric Ciotti", "Eric Ciotti"),
    ("La députée LR des Yvelines a voté contre le texte.", "LR des Yvelines", None),
])
def test_party_label_after_a_title_is_not_a_person(text, label, name):
    doc = extract(text, "fr")
    persons = [e.name for e in doc.entities if e.type == "PERSON"]
    assert not [p for p in persons if p in label and p != name], persons
    if name:
        assert by_name(doc, name).type == "PERSON"


def test_two_names_run_together_are_split():
    text = ("Alain Juppé a porté plainte contre un lycéen. Le lycéen s'est excusé auprès de Juppé. "
            "Mercredi matin, sur France info, le soutien de Juppé Benoist Apparu a voulu calmer le jeu.")
    doc = extract(text, "fr")
    persons = {e.name for e in doc.entities if e.type == "PERSON"}
    assert "Benoist Apparu" in persons and "Juppé Benoist" not in persons
    assert at(doc, "Juppé", 2).name == "Alain Juppé"
    doc = extract("Thierry Martin a rencontré Martin Schulz à Bruxelles.", "fr")
    assert "Martin Schulz" in {e.name for e in doc.entities if e.type == "PERSON"}


def test_press_titles_are_organisations():
    text = ("« Le Canard enchaîné » a publié une liste de contribuables. Le ministère a porté plainte après "
            "la publication par Le Canard enchaîné de cette liste, reprise par Libération.")
    doc = extract(text, "fr")
    canard = by_name(doc, "Le Canard enchaîné")
    assert canard.type == "ORG" and len(canard.mentions) == 2
    assert by_name(doc, "Libération").type == "ORG"
    doc = extract("Le monde entier regarde la Libération de Paris.", "fr")
    assert not [e for e in doc.entities if e.name in ("Le Monde", "Libération") and e.type == "ORG"]


def test_rejected_names_leave_spacy_entities():
    """Stages reading spaCy's entities (quotes, events) must not take back what this stage rejected."""
    text = ("Le fisc a réduit leur impôt de solidarité sur la fortune (ISF). Au total, 21 millions d'euros d'ISF "
            "ont été payés. En 2013, celui qui était alors Premier ministre avait qualifié Twitter de menace.")
    doc = extract(text, "fr")
    left = {e.text for e in doc.doc.ents}
    assert "ISF" not in left and "Premier" not in left
    assert at(doc, "ISF") is None
