"""Events stage: ACLED typing, eventivity, merging, arguments, casualties and background.

The ACLED-note-style sentences below were written for these tests (third person, past tense,
"On [date], ..."), one or more per sub-event type; the articles are invented wire copy.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

import veille

DATA = Path(veille.__file__).resolve().parent / "data"

NOTES = [
    ("Armed clash", "On 12 May 2022, JNIM militants attacked a military post near Boni (Mopti). Three soldiers were killed and four militants died in the fighting."),
    ("Armed clash", "On 3 June 2021, Al Shabaab fighters clashed with Somali National Army troops in Bulo Burde (Hiraan). Casualties unknown."),
    ("Armed clash", "On 20 January 2023, unidentified gunmen ambushed a police patrol on the road between Dori and Seytenga (Sahel). Two policemen were killed."),
    ("Armed clash", "On 24 October 2021, militia members and Fulani herders exchanged fire near Bassa (Plateau). Eight people were killed."),
    ("Government regains territory", "On 9 August 2021, the Mozambican army and Rwandan troops recaptured the port town of Mocimboa da Praia (Cabo Delgado) from Ahlu Sunnah Wa-Jama militants after heavy fighting."),
    ("Non-state actor overtakes territory", "On 14 November 2021, TPLF forces captured the town of Kombolcha (Amhara) after clashes with the Ethiopian military."),
    ("Chemical weapon", "On 7 April 2018, Syrian regime forces dropped a chlorine gas bomb on a residential building in Douma (Rif Dimashq), killing at least 40 civilians."),
    ("Air/drone strike", "On 2 February 2022, a Turkish drone struck a vehicle near Qamishli (Al Hasakah), killing two SDF fighters."),
    ("Air/drone strike", "On 15 March 2020, Russian warplanes carried out airstrikes on the village of Kafr Nabl (Idleb). No casualties were reported."),
    ("Air/drone strike", "On 9 December 2021, a drone strike by the US targeted an al-Shabaab commander near Jilib (Middle Juba)."),
    ("Suicide bomb", "On 26 August 2021, a suicide bomber detonated an explosive vest at the Abbey Gate of Kabul airport (Kabul), killing at least 170 civilians and 13 US soldiers."),
    ("Shelling/artillery/missile attack", "On 5 October 2020, Azerbaijani forces shelled Stepanakert (Nagorno-Karabakh) with rockets. One civilian was injured."),
    ("Shelling/artillery/missile attack", "On 11 July 2021, three rockets landed near the US embassy in Baghdad (Baghdad). There were no casualties."),
    ("Remote explosive/landmine/IED", "On 18 September 2021, an IED exploded under a military vehicle near Tessit (Gao), wounding four Malian soldiers."),
    ("Remote explosive/landmine/IED", "On 22 April 2022, a civilian truck hit a landmine on the road to Djibo (Sahel). Five passengers were killed."),
    ("Grenade", "On 30 May 2021, unknown assailants threw a grenade at a bar in Bujumbura (Bujumbura Mairie), injuring seven people."),
    ("Sexual violence", "On 4 February 2022, soldiers of the FARDC raped three women in the village of Kalehe (Sud-Kivu)."),
    ("Attack", "On 10 June 2021, gunmen killed a farmer in his field near Kwall (Plateau)."),
    ("Attack", "On 25 December 2020, ISWAP militants shot dead five civilians travelling on the Maiduguri-Damboa road (Borno)."),
    ("Attack", "On 1 April 2023, armed men stabbed a trader to death at a market in Bamenda (North-West)."),
    ("Abduction/forced disappearance", "On 17 February 2021, bandits abducted 42 people including 27 students from a school in Kagara (Niger State)."),
    ("Abduction/forced disappearance", "On 7 July 2022, suspected ADF rebels kidnapped a pastor and his wife near Beni (Nord-Kivu)."),
    ("Peaceful protest", "On 8 March 2021, hundreds of women marched in Santiago (Region Metropolitana) to demand gender equality."),
    ("Peaceful protest", "On 14 September 2022, teachers held a sit-in in front of the Ministry of Education in Rabat (Rabat-Sale-Kenitra) over unpaid salaries."),
    ("Protest with intervention", "On 19 October 2020, police dispersed protesters with tear gas in Lagos (Lagos) during an EndSARS demonstration. Several people were arrested."),
    ("Excessive force against protesters", "On 3 March 2021, security forces opened fire on protesters in Monywa (Sagaing), killing two demonstrators."),
    ("Violent demonstration", "On 6 July 2021, rioters looted shops and burned tyres in Durban (KwaZulu-Natal) during protests over the jailing of Jacob Zuma. Police fired rubber bullets."),
    ("Violent demonstration", "On 28 November 2022, protesters threw stones at police and set fire to a police station in Kisumu (Kisumu)."),
    ("Mob violence", "On 13 August 2021, a mob lynched a suspected thief in Kampala (Kampala)."),
    ("Agreement", "On 27 March 2022, the government and the rebel group signed a ceasefire agreement in Doha (Ad Dawhah)."),
    ("Arrests", "On 2 September 2021, police arrested 15 members of an opposition party in Harare (Harare)."),
    ("Arrests", "On 16 May 2022, Malian gendarmes detained a journalist in Bamako (Bamako)."),
    ("Change to group/activity", "On 21 June 2021, a faction of the FDLR announced the formation of a new armed group in Rutshuru (Nord-Kivu)."),
    ("Disrupted weapons use", "On 11 January 2022, Nigerian troops defused an IED planted on the road near Gwoza (Borno)."),
    ("Headquarters or base established", "On 5 May 2021, JNIM militants established a base in the forest near Diafarabe (Mopti)."),
    ("Looting/property destruction", "On 9 February 2022, unidentified armed men looted and burned several houses in the village of Bunia (Ituri). No casualties were reported."),
    ("Non-violent transfer of territory", "On 30 June 2021, Ethiopian forces withdrew from Mekele (Tigray) and TPLF forces entered the city without resistance."),
    # ACLED's coders put curfews under Change to group/activity (15 of 18 strategic curfew notes in the
    # training table); evacuations are their commonest "Other" (147 notes)
    ("Change to group/activity", "On 12 March 2021, the regional governor imposed a curfew in Lashio (Shan-North) following unrest."),
    ("Other", "On 3 April 2022, 640 civilians were evacuated from Hirske (Luhansk) through a humanitarian corridor."),
]

HEADLINES = [
    ("Protest with intervention", "Police fire tear gas to disperse opposition supporters in Nairobi"),
    ("Suicide bomb", "Three killed as suicide bomber strikes mosque in northwest Pakistan"),
    ("Peaceful protest", "Hundreds of nurses stage sit-in outside parliament demanding better pay"),
    ("Armed clash", "Fierce fighting between government troops and rebels leaves 20 dead in eastern Congo"),
    ("Attack", "Gunmen kill 12 villagers in overnight raid on Zamfara community"),
    ("Mob violence", "Suspected witch lynched by villagers in Tanzania"),
    ("Arrests", "Authorities arrest opposition leader ahead of planned rally"),
    ("Remote explosive/landmine/IED", "Roadside bomb kills four soldiers in southern Afghanistan"),
    ("Shelling/artillery/missile attack", "Rockets slam into Kabul neighbourhood, wounding five"),
    ("Excessive force against protesters", "Soldiers shoot dead five demonstrators at anti-coup protest in Khartoum"),
    ("Disrupted weapons use", "Security forces seize large arms cache in raid on militant hideout"),
    ("Change to group/activity", "Rebel commander defects to government side with 200 fighters"),
    ("Violent demonstration", "Protesters clashed with police and set fire to vehicles in the city centre."),
]


def _first(text: str, published=None, lang="en"):
    r = veille.extract(text, published=published, lang=lang)
    assert r.events, f"no event in {text!r}"
    return r, r.events[0]


# --------------------------------------------------------------------------- taxonomy data
def test_taxonomy_has_the_acled_types_and_cameo_roots():
    tax = json.loads((DATA / "acled_taxonomy.json").read_text("utf-8"))
    types = {t["name"]: t for t in tax["event_types"]}
    assert list(types) == ["Battles", "Explosions/Remote violence", "Violence against civilians", "Protests", "Riots", "Strategic developments"]
    subs = [s for t in tax["event_types"] for s in t["sub_event_types"]]
    assert len(subs) == 25 and len({s["name"] for s in subs}) == 25
    assert tax["type_precedence"][:2] == ["Battles", "Explosions/Remote violence"]
    for t in tax["event_types"]:
        assert sorted(t["sub_event_precedence"]) == sorted(s["name"] for s in t["sub_event_types"])
        for s in t["sub_event_types"]:
            assert s["definition"]
            assert s["cameo_root"] is None or (len(s["cameo_root"]) == 2 and s["cameo_root"].isdigit())
    assert sum(s["cameo_root"] is None for s in subs) == 1  # only "Other"


def test_every_sub_type_is_covered_by_the_notes():
    tax = json.loads((DATA / "acled_taxonomy.json").read_text("utf-8"))
    assert {s["name"] for t in tax["event_types"] for s in t["sub_event_types"]} == {g for g, _ in NOTES}


# --------------------------------------------------------------------------- typing
@pytest.mark.parametrize("sub, note", NOTES, ids=[f"{i:02d}-{s}" for i, (s, _) in enumerate(NOTES)])
def test_acled_note_typing(sub, note):
    r, e = _first(note)
    assert len(r.events) == 1, [(x.sub_event_type, x.trigger) for x in r.events]
    assert e.sub_event_type == sub
    assert e.date is not None and e.date.precision == "day" and e.time_precision == 1
    from veille.stages.event_types import cameo_root, event_type_of

    assert e.event_type == event_type_of(sub) and e.cameo_root == cameo_root(sub)


@pytest.mark.parametrize("sub, text", HEADLINES, ids=[s for s, _ in HEADLINES])
def test_snippet_typing(sub, text):
    _, e = _first(text)
    assert e.sub_event_type == sub


def test_note_fatalities_and_actors():
    r, e = _first(NOTES[0][1])
    assert e.fatalities == 7 and "Jama" in (e.actor1.name or "") or "JNIM" in e.actor1.name
    _, e = _first("On 10 June 2021, gunmen killed a farmer in his field near Kwall (Plateau).")
    assert e.fatalities == 1 and e.actor1.name.startswith("Unidentified Armed Group") and e.actor2.name.startswith("Civilians")
    _, e = _first("On 15 March 2020, Russian warplanes carried out airstrikes on the village of Kafr Nabl (Idleb). No casualties were reported.")
    assert e.fatalities == 0
    _, e = _first("On 3 June 2021, Al Shabaab fighters clashed with Somali National Army troops in Bulo Burde (Hiraan).")
    assert e.fatalities is None and e.actor2 is not None


# --------------------------------------------------------------------------- not events
@pytest.mark.parametrize(
    "text, lang",
    [
        ("The group threatened to attack the capital if its demands were not met.", "en"),
        ("Officials warned that militants could strike the city at any time.", "en"),
        ("The new drones give the army the capability to strike targets 500 km away.", "en"),
        ("The coalition's mission is to defeat the Islamic State and train Iraqi forces.", "en"),
        ("Le groupe a menacé d'attaquer la capitale si ses revendications n'étaient pas satisfaites.", "fr"),
        ("Chaque attaque contre la coalition sape l'autorité de l'Etat.", "fr"),
        ("Les forces irakiennes mènent les batailles contre l'organisation terroriste.", "fr"),
        ("L'attaque de Mbappé a fait la différence face à une défense lyonnaise dépassée en fin de match.", "fr"),
        ("Tech stocks fell sharply as a market crash wiped billions off company values.", "en"),
        ("Chipmakers are locked in a battle for market share.", "en"),
        ("He suffered a heart attack on Tuesday.", "en"),
    ],
)
def test_statements_capabilities_and_metaphors_are_not_events(text, lang):
    r = veille.extract(text, published="2023-03-06", lang=lang)
    assert r.events == [], [(e.sub_event_type, e.trigger) for e in r.events]


# --------------------------------------------------------------------------- articles
EN_ARTICLE = """Rockets hit army base in northern Mali, no casualties
BAMAKO, June 12, 2023 (Wire) - Several rockets struck a military base in Gao, in northern Mali, on Sunday night, the army said on Monday. No one was hurt, a military spokesman said.
The rockets were fired from the east of the town, the spokesman added. "We will strike back at the terrorists wherever they hide," he said.
Militants regularly attack convoys on the roads of the region.
Last year, a suicide bomber killed 14 soldiers at the same base."""

FR_ARTICLE = """Nigeria : des hommes armés attaquent un village du Zamfara
ABUJA, 3 mai 2022 (Dépêche) - Des hommes armés ont attaqué lundi le village de Gusau, dans l'État de Zamfara, dans le nord-ouest du Nigeria, selon des habitants, qui n'ont pas donné de bilan.
Les assaillants, arrivés à moto, ont incendié des maisons et emporté du bétail.
La police a indiqué qu'elle menait l'enquête et menace de traquer les bandits.
En 2020, des bandits avaient enlevé plus de 300 élèves dans une école de la région."""

FR_SPORT = """Le PSG s'impose face à Lyon
PARIS, 6 mars 2023 (Dépêche) - L'attaque de Mbappé a fait la différence dimanche soir au Parc des Princes, où le Paris Saint-Germain a battu Lyon 3-1 en championnat. Les Lyonnais ont tenté de contre-attaquer mais la défense parisienne a tenu bon jusqu'au coup de sifflet final."""

EN_MARKETS = """Stocks slump as tech rout deepens
NEW YORK, Oct 10, 2022 (Wire) - Shares fell sharply on Monday as a market crash in technology stocks wiped billions off company values. Chipmakers are locked in a battle for market share, and analysts said investors fear a long fight against inflation."""


def test_english_article_zero_fatalities_and_background():
    r = veille.extract(EN_ARTICLE, published="2023-06-12", lang="en")
    assert len(r.events) == 2, [(e.sub_event_type, e.trigger) for e in r.events]
    main, bg = r.events
    assert main.sub_event_type == "Shelling/artillery/missile attack" and not main.background
    assert main.fatalities == 0, "no one was hurt"
    assert str(main.date.start_date) == "2023-06-11" and main.time_precision == 1
    assert main.place is not None and main.place.country_code == "ML"
    assert "Mali" in main.actor1.name and main.actor2 is not None
    assert not any("strike back" in r.text[s.start : s.end] and "Last year" not in r.text[s.start : s.end] for s in bg.evidence)
    assert bg.background and bg.sub_event_type == "Suicide bomb" and bg.fatalities == 14
    assert bg.time_precision == 3
    for e in r.events:
        assert e.trigger == r.text[e.trigger_span.start : e.trigger_span.end]
        assert e.summary and e.sub_event_type in e.summary


def test_french_article_unknown_fatalities_and_background():
    r = veille.extract(FR_ARTICLE, published="2022-05-03", lang="fr")
    assert len(r.events) == 2, [(e.sub_event_type, e.trigger) for e in r.events]
    main, bg = r.events
    assert main.event_type == "Violence against civilians" and not main.background
    assert main.fatalities is None, "the villagers gave no toll"
    assert str(main.date.start_date) == "2022-05-02"
    assert main.actor1.name == "Unidentified Armed Group (Nigeria)" and main.actor2.name == "Civilians (Nigeria)"
    assert bg.background and bg.sub_event_type == "Abduction/forced disappearance"
    assert bg.date.precision == "year"
    assert [e.id for e in r.events] == ["v1", "v2"]


@pytest.mark.parametrize("text, lang, pub", [(FR_SPORT, "fr", "2023-03-06"), (EN_MARKETS, "en", "2022-10-10")])
def test_articles_without_events(text, lang, pub):
    r = veille.extract(text, published=pub, lang=lang)
    assert r.events == [], [(e.sub_event_type, e.trigger) for e in r.events]


def test_air_strike_during_ground_battle_is_one_battle():
    text = (
        "On 4 September 2023, Nigerian troops fought off an assault by ISWAP fighters on a military base in Marte (Borno). "
        "Air force jets struck the attackers as they retreated. Eleven soldiers were killed in the fighting."
    )
    r = veille.extract(text, lang="en")
    assert len(r.events) == 1
    assert r.events[0].sub_event_type == "Armed clash" and r.events[0].fatalities == 11


def test_separate_incidents_stay_separate():
    text = (
        "On 14 June 2022, gunmen killed two farmers near Bokkos (Plateau). "
        "Separately, on 15 June 2022, a roadside bomb exploded near Maiduguri (Borno), wounding three soldiers."
    )
    r = veille.extract(text, lang="en")
    assert [e.sub_event_type for e in r.events] == ["Attack", "Remote explosive/landmine/IED"]
    assert r.events[1].injuries == 3 and r.events[1].fatalities is None


# --------------------------------------------------------------------------- reference article
@pytest.mark.shared
def test_reference_statements_make_no_event(reference_report):
    r = reference_report
    for e in r.events:
        for s in e.evidence:
            said = r.text[s.start : s.end]
            assert "mènent les batailles" not in said and "fournissent un soutien" not in said
    main = next(e for e in r.events if not e.background)
    assert main.cameo_root == "19" and main.geo_precision == 1
    assert main.place.site and "Centre de soutien diplomatique" in main.place.site
    bg = next(e for e in r.events if e.background)
    assert bg.time_precision == 3 and bg.geo_precision in (1, 2)


def test_arrests_are_events_in_a_political_or_armed_setting_only():
    _, e = _first("Police arrested twelve opposition supporters in Nairobi on Tuesday.", published="2024-03-06")
    assert e.sub_event_type == "Arrests"
    r = veille.extract("Une opération contre un réseau de recel a permis d'interpeller dix personnes mardi à Strasbourg.",
                       published="2002-05-22", lang="fr")
    assert not r.events, [(x.sub_event_type, x.trigger) for x in r.events]


# --------------------------------------------------------------------------- vetoes, gates and the model
def test_a_headline_present_is_no_infinitive():
    # spaCy tags a headline's present "attack" VB; English infinitives are marked by "to"
    r = veille.extract("Angry youths attack election officials and burn a vehicle in Mombasa", lang="en")
    assert [e.event_type for e in r.events] == ["Riots"]
    r = veille.extract("The rebels threatened to attack Goma on Monday.", lang="en", published="2023-05-05")
    assert r.events == []


def test_gated_trigger_rescued_by_the_event_model():
    # "killed" needs conflict context; "separatists" are an armed actor, and the model reads the
    # sentence as an attack either way
    r = veille.extract("Suspected separatists killed a school inspector in Bamenda on Monday.", lang="en", published="2023-05-05")
    assert [e.sub_event_type for e in r.events] == ["Attack"]
    assert r.events[0].actor1 is not None


@pytest.mark.parametrize("text", [
    "Le candidat manifestera le 1er mai à Paris.",  # future tense
    "Si rien n'est fait, les magasins vont être pillés, craint-elle.",  # near future (aller + infinitive)
    "Des travaux de voirie vont être exécutés lundi chemin des Montants à Besançon.",  # no event in French without a trigger sense
])
def test_french_future_is_no_event(text):
    assert veille.extract(text, lang="fr", published="2023-05-05").events == []


def test_rescue_and_proposal_settings_are_per_language():
    from veille.stages import event_model, events

    sure = event_model.Prediction("Attack", 0.97, [("Attack", 0.97), ("NONE", 0.01)])
    unsure = event_model.Prediction("Attack", 0.6, [("Attack", 0.6), ("NONE", 0.3)])
    assert events.rescued(sure, "en") and events.rescued(sure, "fr") and not events.rescued(unsure, "en")
    assert events.proposes(sure, "en") and not events.proposes(sure, "fr")
    assert not events.proposes(event_model.Prediction("NONE", 0.9, [("NONE", 0.9)]), "en")
    assert not events.rescued(None, "en")


def test_model_cut_offs_are_data_with_their_provenance():
    import json

    from veille.resources import DATA
    from veille.stages import event_model, events

    table = json.loads((DATA / "event_cutoffs.json").read_text("utf-8"))
    for lang in ("en", "fr"):
        assert table[lang]["provenance"]
        assert events.RESCUE[lang] == tuple(table[lang]["rescue"]) and events.RULES_BONUS[lang] == table[lang]["rules_bonus"]
    assert events.PROPOSE["fr"] is None and events.RELAXED["fr"] is None
    # the rules' sub-type wins over a learned one less than RULES_BONUS more probable, not over one more
    b = events.RULES_BONUS["en"]
    rules = ("Battles", "Armed clash", 0.6)
    close = event_model.Prediction("Attack", 0.5, [("Attack", 0.5), ("Armed clash", 0.5 - b / 2), ("NONE", 0.01)])
    far = event_model.Prediction("Attack", 0.7, [("Attack", 0.7), ("Armed clash", 0.65 - 2 * b), ("NONE", 0.01)])
    assert events.typed(rules, close, lang="en")[1] == "Armed clash"
    assert events.typed(rules, far, lang="en")[1] == "Attack"


def test_territory_taken_without_a_fight_is_a_non_violent_transfer():
    r = veille.extract("Ukrainian forces regained control over Shnyakivka without a fight on Monday.", lang="en", published="2022-04-06")
    assert [e.sub_event_type for e in r.events] == ["Non-violent transfer of territory"]
    r = veille.extract("Ukrainian forces regained control over Shnyakivka after heavy fighting on Monday.", lang="en", published="2022-04-06")
    assert [e.event_type for e in r.events] == ["Battles"]


def test_air_strike_by_a_state_names_its_air_force_as_acled_does():
    r = veille.extract("On 11 April 2022, Russian forces launched an air strike on Kharkiv.", lang="en")
    e = r.events[0]
    assert e.sub_event_type == "Air/drone strike"
    assert e.actor1 is not None and e.actor1.name.startswith("Military Forces of Russia") and e.actor1.name.endswith("Air Force")


def test_a_named_foreign_force_is_not_renamed_for_the_event_country():
    from veille.stages.events import _same_template

    assert _same_template("Military Forces of {country}", "Military Forces of Russia (2000-)")
    assert not _same_template("Military Forces of {country}", "Police Forces of Russia (2000-)")
    assert not _same_template("Al Shabaab", "Al Shabaab")
    r = veille.extract("On 5 April 2022, Russian forces shelled a chemical plant in Kramatorsk, Donetsk.", lang="en")
    assert r.events[0].actor1.name.startswith("Military Forces of Russia")


def test_an_event_told_only_inside_a_quote_without_a_date_is_no_report():
    r = veille.extract("« Ils ont tué mon mari, ils ont tué mon mari ! », crie une femme devant la mairie.", lang="fr", published="2016-05-20")
    assert r.events == []
    r = veille.extract("Des hommes armés ont tué trois civils lundi à Beni, a indiqué la police.", lang="fr", published="2016-05-20")
    assert [e.sub_event_type for e in r.events] == ["Attack"]


def test_a_following_sentence_saying_no_fighting_qualifies_the_territory_event():
    text = "On 1 April 2022, Ukrainian forces regained control over Shnyakivka, Chernihiv. It is not known whether fighting took place."
    assert [e.sub_event_type for e in veille.extract(text, lang="en").events] == ["Non-violent transfer of territory"]
    text = "On 1 April 2022, Ukrainian forces regained control over Shnyakivka, Chernihiv. Two soldiers were killed."
    assert [e.event_type for e in veille.extract(text, lang="en").events] == ["Battles"]


def test_the_attack_named_in_another_town_is_another_attack():
    text = ("Une voiture piégée a explosé samedi soir au passage d'un véhicule militaire près de Lice, tuant deux "
            "soldats. L'attentat a été revendiqué par le PKK. La Turquie est confrontée à une flambée de violence "
            "depuis l'attentat de Suruç, qui a fait 32 morts lundi.")
    r = veille.extract(text, lang="fr", published="2015-07-27")
    assert sorted(e.place.name for e in r.events if e.place) == ["Lice", "Suruç"]
    lice = next(e for e in r.events if e.place and e.place.name == "Lice")
    assert lice.fatalities == 2 and len(lice.evidence) == 2  # "L'attentat a été revendiqué" joins the car bomb


def test_an_event_in_an_unplaced_quarter_sits_at_its_town():
    # after a Burundi wire story (April 2015): the quarter has no gazetteer point, its town does
    text = ("BUJUMBURA - La police burundaise a de nouveau dispersé des manifestants lundi à Bujumbura, au deuxième "
            "jour de la contestation. Selon des témoins, un manifestant a été tué par balle dimanche dans le "
            "quartier de Ngagara.")
    ev = next(e for e in veille.extract(text, lang="fr", published="2015-04-27").events if e.fatalities)
    assert (ev.place.name, ev.place.site, ev.place.country_code) == ("Bujumbura", "Ngagara", "BI")
    assert ev.place.latitude is not None and ev.place.precision == "near"


def test_an_event_told_without_a_place_sits_at_the_town_the_article_is_about():
    # after Le Monde's G20 coverage (Hamburg, July 2017): the clash paragraph names no place
    text = ("Hambourg se prépare au sommet du G20, qui s'ouvre vendredi à Hambourg.\n\n"
            "Les commerçants du centre ont baissé leurs rideaux. Les hôtels affichent complet depuis des semaines.\n\n"
            "Jeudi soir, des affrontements ont éclaté entre la police et des manifestants, qui ont lancé des pierres "
            "et des bouteilles.")
    ev = veille.extract(text, lang="fr", published="2017-07-07").events[0]
    assert (ev.place.name, ev.place.country_code, ev.place.precision, ev.geo_precision) == ("Hamburg", "DE", "near", 2)
    assert ev.place.confidence < 0.5  # inferred from the article, not told beside the event
    # a town named once, in passing, is not the article's town
    text = text.replace("qui s'ouvre vendredi à Hambourg", "qui s'ouvre vendredi")
    assert veille.extract(text, lang="fr", published="2017-07-07").events[0].place is None


def test_an_event_without_an_attached_place_sits_at_the_only_town_of_its_paragraph():
    # ACLED coder notes (train split): the town is not attached to the event's words, and it is
    # the one town the paragraph names
    text = ("On 8 March 2022, Russian forces fired at Ukrainians leaving from Makariv, Kyiv, by bus. The windows of "
            "the bus were broken. No injuries or fatalities.")
    ev = veille.extract(text, lang="en").events[0]
    assert (ev.place.name, ev.place.country_code) == ("Makariv", "UA")
    text = ("Students from the Eastern University in Chenkaladi surrounded the university's administrative building "
            "'Senate House' and held its Vice Chancellor (VC) captive on August 8. University property was also "
            "damaged by the students. The students had several demands including the provision of adequate hostel "
            "facilities.")
    assert veille.extract(text, lang="en").events[0].place.name == "Chenkaladi"
    # two towns in the paragraph: neither is guessed
    text = text.replace("in Chenkaladi", "in Chenkaladi and in Batticaloa")
    assert veille.extract(text, lang="en").events[0].place is None


def test_an_event_placed_in_a_country_sits_at_the_only_town_of_that_country_in_its_paragraph():
    # an ACLED coder note (train split): the event's sentence names the country, a later sentence its town
    text = ("Violent unrest broke out in northwestern Cameroon after gendarmes shot dead a teenage boy on Monday. The "
            "unrest points to the continued tensions in the country s two English-speaking region. Hundreds of people "
            "shouted and ran to seek refuge Monday evening at the cathedral in Cameroon s northwestern town of Kumbo "
            "amid the unrest. A school and government buildings were burned in protest.")
    ev = veille.extract(text, lang="en").events[0]
    assert (ev.place.name, ev.place.country_code) == ("Kumbo", "CM")
    # two towns of the country: the country stays
    text = text.replace("town of Kumbo", "towns of Kumbo and Bamenda")
    assert veille.extract(text, lang="en").events[0].place.name == "Cameroon"


def test_a_town_that_names_a_road_comes_after_the_town_of_the_sentence():
    # ACLED coder notes (train split): the road is named after a far town, the event is in the other one
    text = ("Assumed on 30 Nov, in Colombo city, a group of officials of the Department of Archaeology held a protest "
            "on the Galle Road over several demands. No further information provided.")
    assert veille.extract(text, lang="en").events[0].place.name == "Colombo"
    text = "Residents blocked Kitui road in Mwala to protest the entry of an alleged exorcist from Tanzania."
    assert veille.extract(text, lang="en").events[0].place.name == "Mwala"
    # the road's own town stays the place when the sentence names no other
    text = "Residents blocked Kitui road to protest the entry of an alleged exorcist from Tanzania."
    assert veille.extract(text, lang="en").events[0].place.name == "Kitui"


def test_marcher_is_a_protest_only_for_a_crowd():
    # after a fr-news dev article (a road accident, no event) and a protest report from the train split
    walk = "La jeune fille marchait sur le bord de la route samedi quand elle a été renversée par une voiture."
    assert veille.extract(walk, lang="fr", published="2016-06-04").events == []
    march = "Samedi, des milliers de personnes ont marché dans les rues de Paris contre les violences policières."
    assert [e.sub_event_type for e in veille.extract(march, lang="fr", published="2017-03-20").events] == ["Peaceful protest"]


def test_without_a_publication_date_the_latest_day_named_tells_background():
    # half of the real French news set comes without a publication date (fr-news): the latest day
    # the article names stands in for it, so the 2005 riots are context, not this week's event
    text = ("Des affrontements ont éclaté jeudi soir entre manifestants et policiers à Paris, en marge du défilé "
            "contre le projet de loi présenté en mars 2016 par le gouvernement.\n\n"
            "En novembre 2005, des émeutes ont embrasé Clichy-sous-Bois après la mort de deux adolescents.")
    events = veille.extract(text, lang="fr").events
    assert [(e.date.start_date.year if e.date and e.date.start_date else None, e.background) for e in events] == [(None, False), (2005, True)]


def test_without_a_publication_date_the_pluperfect_after_a_background_cue_is_background():
    # the only day named is the earlier event's own ("fin 2019"), so it cannot serve as the article's
    # day: the cue in the sentence before and the pluperfect tell the earlier event
    text = ("Une roquette est tombée lundi près de l'ambassade des Etats-Unis à Bagdad, sans faire de victimes, "
            "a annoncé la police irakienne.\n\n"
            "Ce n'est pas la première fois qu'une roquette vise le quartier ; fin 2019, des roquettes avaient "
            "frappé une base près de l'aéroport de Bagdad.")
    events = veille.extract(text, lang="fr").events
    assert [(e.date.start_date.year if e.date and e.date.start_date else None, e.background) for e in events] == [(None, False), (2019, True)]


def test_au_lieu_de_tells_what_was_not_done():
    # after an opinion piece of the fr-news train split (no event in it)
    text = ("Au lieu de bombarder des populations civiles en Syrie, François Hollande devrait ainsi commencer par "
            "enquêter sur les ventes d'armes.")
    assert veille.extract(text, lang="fr", published="2016-01-10").events == []
    text = "Samedi, l'aviation russe a bombardé des quartiers d'Alep, au lieu de viser les positions de l'Etat islamique."
    assert [e.event_type for e in veille.extract(text, lang="fr", published="2016-01-10").events] == ["Explosions/Remote violence"]


@pytest.mark.parametrize("text, expected", [
    # an attempt verb passes its own mood on: under a modal, "continuer de bombarder" is no report
    ("L'accord devrait permettre à l'armée russe de continuer de bombarder les positions rebelles autour d'Alep.", []),
    ("Les rebelles ont continué de bombarder la ville d'Alep dimanche, faisant trois morts.",
     ["Shelling/artillery/missile attack"]),
    # what was avoided or banned did not happen (modal cues as data: éviter, interdire, avoid, ban)
    ("La préfecture a voulu éviter un attentat à Nice samedi.", []),
    ("Un attentat a tué trois personnes à Nice samedi.", ["Attack"]),
])
def test_modality_reaches_through_attempt_verbs_and_prevention(text, expected):
    r = veille.extract(text, lang="fr", published="2016-08-01")
    assert [e.sub_event_type for e in r.events] == expected


@pytest.mark.parametrize("text, expected", [
    ("Des échauffourées ont opposé des manifestants et des policiers samedi à Nantes, en marge du cortège "
     "contre la loi travail.", "Violent demonstration"),
    ("Deux commissariats ont été mitraillés dimanche à Diyarbakir par des militants du PKK.", "Armed clash"),
    ("Un militant a été passé à tabac par des policiers lors de la manifestation de jeudi à Paris.",
     "Protest with intervention"),
])
def test_french_triggers_for_scuffles_gunfire_and_beatings(text, expected):
    r = veille.extract(text, lang="fr", published="2016-08-01")
    assert [e.sub_event_type for e in r.events] == [expected]


def test_an_assault_judged_in_court_years_later_is_no_event():
    r = veille.extract("Le tribunal a jugé une agression commise en 2001 dans un bar de Belfort.", lang="fr",
                       published="2016-08-01")
    assert not [e for e in r.events if not e.background]


@pytest.mark.parametrize("text, expected", [
    # an ambiguous event noun told as happening needs no other corroboration
    ("Hier soir, un rassemblement spontané s'est tenu à Paris.", ["Peaceful protest"]),
    ("Des milliers de personnes ont participé au défilé qui s'est tenu dans le centre de Jérusalem.", ["Peaceful protest"]),
    # spaCy's French lemmatiser leaves "bombarde" as its own lemma: the inflected forms are in the lexicon
    ("Ce mardi 25 avril 2017, l'armée turque bombarde aux abords de la ville frontalière d'Al-Malikiyah.",
     ["Shelling/artillery/missile attack"]),
])
def test_occurrence_verbs_and_lemmatiser_gaps(text, expected):
    r = veille.extract(text, lang="fr")
    assert [e.sub_event_type for e in r.events] == expected


@pytest.fixture
def rules_only(monkeypatch):
    """The events stage's rules alone, before the learned filter (which weighs a one-sentence text on its own)."""
    from veille.stages import event_filter

    monkeypatch.setenv("VEILLE_EVENT_FILTER", "off")
    event_filter.model.cache_clear()
    yield
    event_filter.model.cache_clear()


@pytest.mark.parametrize("text", [
    # an ambiguous event noun with its own date or place, or a killing whose object is a person,
    # names one occurrence: it needs no conflict context
    "Quinze jours déjà que l'état d'urgence a été décrété, après les attaques parisiennes du 13 novembre.",
    "Une avocate a été assassinée à Benghazi, rappelle le journal.",
])
@pytest.mark.usefixtures("rules_only")
def test_a_dated_event_noun_or_a_killed_person_needs_no_conflict_context(text):
    r = veille.extract(text, lang="fr", published="2015-11-29")
    assert len(r.events) == 1, [(e.sub_event_type, e.trigger) for e in r.events]


@pytest.mark.usefixtures("rules_only")
def test_an_undated_month_on_a_past_event_is_the_past_month():
    # the times stage reads "janvier" forward from a November publication in a present-tense sentence;
    # "après les attentats" tells a past event, so the event is January of the publication's year
    text = "Il est à craindre que la fatigue s'accroisse chez les policiers, comme après les attentats de janvier."
    r = veille.extract(text, lang="fr", published="2015-11-29")
    assert len(r.events) == 1 and r.events[0].background
    assert (r.events[0].date.start_date, r.events[0].date.end_date) == (date(2015, 1, 1), date(2015, 1, 31))


def test_people_counted_by_a_collective_noun_are_a_human_object():
    r = veille.extract("Une centaine d'opposants ont été arrêtés lundi à Kinshasa par les militaires.", lang="fr",
                       published="2016-09-20")
    assert [e.sub_event_type for e in r.events] == ["Arrests"]


@pytest.mark.parametrize("text, lang, places", [
    ("Le 24 juillet, des commissariats ont été mitraillés à Diyarbakir, Siirt, Mardin par des militants du PKK.", "fr",
     ["Diyarbakır", "Siirt", "Mardin"]),
    ("Des manifestations ont eu lieu samedi à Philadelphie ou à Chicago devant des banques.", "fr", ["Philadelphia", "Chicago"]),
    # a province after its town is the town's address, not a second place
    ("Samedi, des heurts ont éclaté à Lyon, dans le Rhône, en marge de la manifestation.", "fr", ["Lyon"]),
    # no toll is no toll at each town; "puis" joins a list like "et"
    ("Le 24 juillet, des commissariats ont été mitraillés à Diyarbakir, Siirt, Mardin, sans faire de victimes.", "fr",
     ["Diyarbakır", "Siirt", "Mardin"]),
    ("Le 24 juillet, des manifestations ont eu lieu à Lyon, puis à Marseille, contre la loi Travail.", "fr",
     ["Lyon", "Marseille"]),
])
def test_an_event_told_at_a_list_of_towns_is_one_event_per_town(text, lang, places):
    r = veille.extract(text, lang=lang, published="2015-07-27")
    assert [e.place.name for e in r.events if e.place] == places
    assert len({e.sub_event_type for e in r.events}) == 1


def test_a_list_of_towns_sharing_one_toll_stays_one_event():
    r = veille.extract("Samedi, des affrontements entre l'armée et les rebelles ont fait douze morts à Homs et Hama.",
                       lang="fr", published="2015-07-27")
    assert len(r.events) == 1 and r.events[0].fatalities == 12


def test_the_ends_of_a_road_are_not_a_list_of_places():
    r = veille.extract("On 20 January 2023, unidentified gunmen ambushed a police patrol on the road between Dori and "
                       "Seytenga (Sahel).", lang="en")
    assert len(r.events) == 1


def test_heavy_guns_make_firing_a_shelling():
    r = veille.extract("On 2 April 2022, Russian forces fired heavy guns at Ukrainian positions near Kharkiv.", lang="en")
    assert [e.sub_event_type for e in r.events] == ["Shelling/artillery/missile attack"]


@pytest.mark.parametrize("text, lang, published", [
    # self-immolation, one of the trigger families issue 8 lists as missing
    ("On 3 May 2021, a man self-immolated in front of the parliament in Tunis.", "en", "2021-05-05"),
    ("Un jeune chômeur s'est immolé par le feu lundi devant le siège du gouvernorat de Kasserine.", "fr", "2021-05-05"),
    # a crowd walking against something (its purpose) needs no armed actor nor conflict context
    ("Des milliers de personnes ont marché samedi à Paris contre la loi travail.", "fr", "2016-03-14"),
    ("Des milliers de personnes se sont rassemblées samedi à Paris pour dénoncer la loi travail.", "fr", "2016-03-14"),
    ("Hundreds of people marched in Nairobi on Saturday against police brutality.", "en", "2016-03-14"),
])
def test_self_immolation_and_a_crowd_walking_against_something_are_protests(text, lang, published):
    r = veille.extract(text, lang=lang, published=published)
    assert [e.sub_event_type for e in r.events] == ["Peaceful protest"]


def test_an_overnight_event_is_dated_on_the_nights_morning():
    r = veille.extract("Une voiture piégée a explosé dans la nuit de samedi à dimanche près de Diyarbakir, tuant deux soldats.",
                       lang="fr", published="2015-07-27")
    assert [(e.date.start_date, e.date.end_date, e.date.precision) for e in r.events] == [(date(2015, 7, 26), date(2015, 7, 26), "day")]


def test_a_town_read_in_a_country_nothing_else_names_gives_way_to_the_texts_country():
    # "Justin" (of a person's name) read as a town abroad; the note is about Burkina Faso
    r = veille.extract("Student demonstrated peacefully over the death of Justin Zongo in Diebougou. Traffic was "
                       "blocked for about an hour on the main highway in the area.", lang="en")
    assert [e.place.country_code for e in r.events] == ["BF"]


def test_arrests_told_as_happening_later_in_the_text_give_their_place():
    r = veille.extract("Police arrest 29 Ugandan terror suspects who they believed were traveling to Somalia to join Al Shabaab. "
                       "The arrests occurred in the Kasarani neighborhood of Nairobi.", lang="en")
    assert [(e.sub_event_type, e.place.country_code) for e in r.events] == [("Arrests", "KE")]


def test_an_event_told_in_the_pluperfect_is_background():
    # the pluperfect places the event before the narrative; under a reporting verb it would be
    # reported speech instead
    text = "Le militant avait été blessé par un tir de LBD lors d'une manifestation à Rennes. Il a porté plainte lundi."
    r = veille.extract(text, lang="fr", published="2021-07-06")
    assert r.events and all(e.background for e in r.events), [(e.sub_event_type, e.background) for e in r.events]


@pytest.mark.parametrize("text, sub", [
    # "attentat" is any terrorist attack; only an explosive makes it a bombing
    ("Un attentat a fait trois morts à Kaboul mardi.", "Attack"),
    ("Un attentat à la bombe a fait trois morts à Kaboul mardi.", "Remote explosive/landmine/IED"),
])
def test_an_attentat_is_a_bombing_only_with_an_explosive(text, sub):
    r = veille.extract(text, lang="fr", published="2021-07-06")
    assert [e.sub_event_type for e in r.events] == [sub]


@pytest.mark.parametrize("text, subs", [
    # the participle's noun is what was taken: institutions and photos are no territory
    ("Plusieurs camarades que nous avons placés dans des institutions conquises permettent à la société civile d'agir.", []),
    ("Les gendarmes mobiles apparaissent sur les photos ci-dessus, prises samedi midi sur la Voie Romaine.", []),
    ("La ville de Kidal, conquise samedi par les rebelles, est calme.", ["Non-state actor overtakes territory"]),
    # a bare town name after the verb, which the small parser reads as an adjunct
    ("Les jihadistes ont pris Tombouctou samedi.", ["Non-state actor overtakes territory"]),
])
@pytest.mark.usefixtures("rules_only")
def test_territory_taken_needs_a_town_or_area_taken(text, subs):
    r = veille.extract(text, lang="fr", published="2021-07-06")
    assert [e.sub_event_type for e in r.events] == subs


@pytest.mark.parametrize("text, sub", [
    # a weapon word inside a longer weapon phrase is no weapon: launchers fire from afar
    ("On 12 March 2021, Russian forces fired grenade launchers at Ukrainian positions near Krasnohorivka, Donetsk.",
     "Shelling/artillery/missile attack"),
    ("On 12 March 2021, a hand grenade was thrown at a house in Kharkiv.", "Grenade"),
])
def test_a_grenade_launcher_is_no_grenade(text, sub):
    r = veille.extract(text, lang="en", published="2021-07-06")
    assert [e.sub_event_type for e in r.events] == [sub]


@pytest.mark.parametrize("text, subs", [
    # a weak protest verb needs protesters (or arms) around it: a blockade by activists is a protest
    ("Dimanche, plusieurs centaines de militants CGT ont bloqué le dépôt pétrolier de Fos-sur-Mer.", ["Peaceful protest"]),
    ("Dimanche, un camion a bloqué la route de Fos-sur-Mer.", []),
])
def test_a_blockade_by_protesters_is_a_protest(text, subs):
    r = veille.extract(text, lang="fr", published="2021-07-06")
    assert [e.sub_event_type for e in r.events] == subs


@pytest.mark.parametrize("text, etype, sub", [
    # small arms fired with shells or grenade launchers at armed positions: ground fighting (ACLED Armed clash)
    ("On 9 January 2022, the Ukrainian Forces fired grenade launchers and small arms at the positions of the "
     "Luhansk People's Militia near Lozove, Donetsk. There were no injuries or fatalities.", "Battles", "Armed clash"),
    ("On 12 July 2020, suspected JNIM militants ambushed a joint police and army convoy with an IED detonation and "
     "small arms fire in Boudieri (Kantchari, Tapoa). Three soldiers were reportedly lightly wounded.",
     "Battles", "Armed clash"),
    # without small arms, launchers fire from afar; against civilians the grenade stays remote violence
    ("On 12 March 2021, Russian forces fired grenade launchers at Ukrainian positions near Krasnohorivka, Donetsk.",
     "Explosions/Remote violence", "Shelling/artillery/missile attack"),
    ("On 3 May 2021, gunmen fired small arms and threw a grenade at a market in Gao, injuring three civilians.",
     "Explosions/Remote violence", "Grenade"),
])
def test_small_arms_with_remote_weapons_at_armed_forces_is_a_clash(text, etype, sub):
    r = veille.extract(text, lang="en", published="2022-03-01")
    assert [(e.event_type, e.sub_event_type) for e in r.events][:1] == [(etype, sub)]


@pytest.mark.parametrize("text, etype, sub", [
    # a manned aircraft shot down is an attack by air defence; a drone shot down is a disrupted weapon
    ("On 24 March 2022, Ukrainian forces shot down a Russian helicopter in the Odesa region. Casualties unknown.",
     "Explosions/Remote violence", "Shelling/artillery/missile attack"),
    ("On 22 March 2022, Ukrainian air defense shot down two Russian airplanes in Kharkiv region near Nova Vodolaha.",
     "Explosions/Remote violence", "Shelling/artillery/missile attack"),
    ("On 24 March 2022, Ukrainian air defence shot down two Russian drones in the Odesa region. Casualties unknown.",
     "Strategic developments", "Disrupted weapons use"),
    # fire observed in both directions of the frontline is an exchange
    ("On 20 February 2022, the OSCE SMM observed a total of 61 projectiles/explosions involving unknown weapons in "
     "both directions of the frontline near Viktorivka.", "Battles", "Armed clash"),
])
def test_aircraft_shot_down_and_fire_in_both_directions(text, etype, sub):
    r = veille.extract(text, lang="en", published="2022-04-01")
    assert [(e.event_type, e.sub_event_type) for e in r.events][:1] == [(etype, sub)]


@pytest.mark.parametrize("text, sub", [
    # goods that are no weapons seized or intercepted by armed groups: looting, not disrupted weapons use
    ("On 5 August 2022, presumed JNIM militants seized two NGO vehicles after removing the drivers and passengers "
     "in Nongo-Souala (Sikasso, Sikasso).", "Looting/property destruction"),
    ("On 21 August 2020, presumed JNIM militants intercepted an MSF vehicle near Mentao (Pobe-Mengao, Soum). "
     "A large amount of medicine was seized by the militants.", "Looting/property destruction"),
    # weapons seized by soldiers stay a disrupted weapon, vehicles or not
    ("On 3 May 2021, soldiers seized weapons and vehicles from militants in Gao.", "Disrupted weapons use"),
])
def test_goods_seized_by_armed_groups_are_looting(text, sub):
    r = veille.extract(text, lang="en", published="2022-09-01")
    assert [e.sub_event_type for e in r.events][:1] == [sub]


@pytest.mark.parametrize("text, sub", [
    # crude, cocktail or petrol bombs thrown by a group: a riot, not an IED
    ("On 22 November 2023, helmet wearing assailants threw crude bombs at a human hauler carrying police personnel "
     "in Rajshahi city (Boalia). Two police personnel were injured in the incident.", "Mob violence"),
    ("On 3 May 2021, a roadside bomb exploded near a military convoy in Gao, killing two soldiers.",
     "Remote explosive/landmine/IED"),
    # barricades make a demonstration violent
    ("On 3 May 2021, residents of Saaba protested to demand better security measures in the area, barricading the "
     "National Route 4.", "Violent demonstration"),
])
def test_crude_bombs_are_mob_violence_and_barricades_a_violent_demonstration(text, sub):
    r = veille.extract(text, lang="en", published="2024-01-01")
    assert [e.sub_event_type for e in r.events][:1] == [sub]


def test_protesters_removed_by_police_is_a_protest_with_intervention():
    text = ("On 4 May 2024, garment workers staged a protest on a road in Mahakhali area, Dhaka city, against the "
            "closure of a local garment factory. Police forces removed the protesters from the road to ensure flow of traffic.")
    r = veille.extract(text, lang="en", published="2024-06-01")
    assert [e.sub_event_type for e in r.events][:1] == ["Protest with intervention"]


@pytest.mark.usefixtures("rules_only")
@pytest.mark.parametrize("text", [
    # "se faire arrêter": the subject is the one arrested (the reflexive is no object of the arrest)
    "A la suite d'une manifestation de l'opposition à Homs, en juin 2012, le militant Mohammad se fait arrêter par la police.",
    # a verb parsed without its subject still agrees with a plural crowd
    "Lors de la séquence Charlie Hebdo, des milliers de personnes se sont mobilisées à Romans.",
])
def test_causative_arrest_and_subjectless_plural_crowd_are_events(text):
    r = veille.extract(text, lang="fr", published="2016-02-01")
    assert r.events, text


@pytest.mark.usefixtures("rules_only")
def test_singular_walker_stays_no_crowd():
    r = veille.extract("La jeune fille marchait seule sur le bord de la route à Romans.", lang="fr", published="2016-02-01")
    assert not r.events


def test_a_day_read_forward_on_a_past_verb_keeps_the_event_without_that_day():
    # "la veille" resolved after the publication date while the killing is told in the past:
    # the date reading is wrong, not the event
    text = ("Le président se présentera à l'élection de juin. La veille, deux manifestants ont été tués par balle "
            "à Bujumbura.")
    r = veille.extract(text, lang="fr", published="2015-04-27")
    killing = text.index("deux manifestants")
    told = [e for e in r.events if any(s.start <= killing < s.end for s in e.evidence)]
    assert told, r.events
    assert all(e.date is None or e.date.start_date is None or e.date.start_date <= date(2015, 4, 28) for e in told)


@pytest.mark.usefixtures("rules_only")
def test_a_strike_without_protesters_is_no_event():
    # a strike or a strike call without a demonstration is no ACLED event (data/eval/README.md),
    # even right after a protest
    text = ("Lundi, des centaines de manifestants ont défilé à Marseille contre la loi travail. Un mouvement de grève "
            "de 24 heures reconductible a par ailleurs été déclenché lundi chez Fluxel, le gestionnaire des terminaux "
            "pétroliers de Fos-sur-Mer.")
    strike = text.index("Un mouvement de grève")
    events = veille.extract(text, lang="fr", published="2016-05-24").events
    assert [e.event_type for e in events] == ["Protests"]
    assert not any(s.start >= strike for e in events for s in e.evidence)


def test_a_fair_called_manifestation_is_not_a_protest():
    # FR-TimeBank style regional news: "manifestation" as a public event, among a fair's words
    text = ("La foire aux vins se tiendra samedi à Luxeuil-les-Bains. L'accès à cette manifestation, ouverte à tous, "
            "est gratuit.")
    assert veille.extract(text, lang="fr", published="1999-07-12").events == []


def test_a_protest_after_a_fair_sentence_stays_a_protest():
    text = ("La foire aux vins s'est tenue samedi à Dijon. Dimanche, des centaines de viticulteurs ont manifesté "
            "devant la préfecture contre la baisse des prix.")
    r = veille.extract(text, lang="fr", published="1999-07-12")
    assert [e.event_type for e in r.events] == ["Protests"]


def test_the_dead_of_a_road_pile_up_are_not_an_attack():
    text = ("Le tribunal de Poitiers va tenter de démêler les responsabilités dans le gigantesque carambolage suivi "
            "d'incendies des véhicules, qui le 10 novembre 93, sur l'A 10 près de Bordeaux, avait causé la mort de "
            "15 personnes et blessé 53 autres.")
    assert veille.extract(text, lang="fr", published="2002-02-05").events == []


@pytest.mark.usefixtures("rules_only")
def test_a_known_attack_named_after_apres_is_past_under_a_future_verb():
    # fr-news train: "premier jour de classe après les attentats de Paris --, on gardera le souvenir ...":
    # the future tells the remembering, the attacks are the known, earlier event
    r = veille.extract("Après les attentats de Paris, les élèves garderont le souvenir de cette journée.", lang="fr",
                       published="2016-01-10")
    assert [(e.sub_event_type, e.background) for e in r.events] == [("Attack", True)]


@pytest.mark.usefixtures("rules_only")
def test_a_shot_of_a_police_less_lethal_weapon_is_an_event():
    # fr-news train: "un tir de Flashball", "un tir de LBD" on a pupil at a school blockade
    r = veille.extract("Lors du blocage de son lycée, Geoffrey Tidjani avait été atteint au visage par un tir de "
                       "Flashball.", lang="fr", published="2016-04-10")
    assert [e.event_type for e in r.events] in (["Protests"], ["Riots"])


def test_the_passive_subject_of_a_conjoined_verb_is_a_human_object():
    # spaCy parses "ces 151 jeunes, dont ..., ont été interpellés" with "interpellés" a conjunct of the
    # relative's verb: its passive people are still the ones arrested; "frères" are people too
    from veille.ingest.article import Article
    from veille.pipeline import STAGES, get_nlp, new_document, parse_all
    from veille.stages import events

    cases = [("Jeudi 6 décembre, ces 151 jeunes, dont le moins âgé a 13 ans, ont été interpellés par les forces de "
              "l'ordre.", "interpellés"),
             ("Et le lendemain, deux frères Traoré, Bagui et Youssouf, sont interpellés.", "interpellés")]
    nlp = get_nlp("fr")
    for text, verb in cases:
        art = Article.build(text, published="2018-12-10")
        doc = new_document(art, "fr", parse_all(nlp, [art], 1)[0], None)
        for stage in STAGES:
            if stage.__name__.endswith(".events"):
                break
            stage.run(doc)
        ctx = events._Context(doc)
        tok = next(t for t in ctx.sents[0] if t.text == verb)
        assert events._human_object(ctx, 0, tok)


@pytest.mark.usefixtures("rules_only")
@pytest.mark.parametrize("text, n", [
    # fr-news dev: an imperfect plural told as happening ("avaient lieu") is an occurrence, not a habit
    ("Ce jour-là, des affrontements avec les policiers avaient lieu devant le tribunal de Bobigny.", 1),
    # ... unless a generic word says it recurs, and a plain imperfect plural stays a habit
    ("Des manifestations avaient lieu chaque samedi devant la préfecture.", 0),
    ("Dans les années 1990, les attaques étaient fréquentes dans la région.", 0),
])
def test_an_imperfect_plural_told_as_happening_is_no_habit(text, n):
    assert len(veille.extract(text, lang="fr", published="2017-03-20").events) == n


@pytest.mark.parametrize("text, expected", [
    # fr-news train: a known attack named by its towns or its day is one occurrence each, which the
    # learned filter (a plural, a definite article, "depuis") used to drop
    ("Depuis les attaques à Magnanville, à Nice, puis à Saint-Etienne-du-Rouvray, nous sommes sous le choc. Comme "
     "tout le monde.", [("Attack", "Magnanville"), ("Attack", "Nice"), ("Attack", "Saint-Étienne-du-Rouvray")]),
    ("Quinze jours déjà que l'état d'urgence a été décrété, après les attaques parisiennes du 13 novembre. Les "
     "policiers sont fatigués.", [("Attack", None)]),
    # attacks named by neither stay filtered
    ("Le contexte des attaques djihadistes explique aisément l'indignation qui a accompagné son partage. Les "
     "policiers sont fatigués.", []),
])
def test_a_violent_event_named_by_its_day_or_place_passes_the_filter(text, expected):
    r = veille.extract(text, lang="fr", published="2016-08-03")
    assert [(e.sub_event_type, e.place.name if e.place else None) for e in r.events] == expected
    assert all(e.background for e in r.events)


@pytest.mark.parametrize("text, n", [
    # fr-news train: one event noun naming several occurrences by conjoined complements, each its own event
    ("Un petit groupe partage une bouteille devant les bougies éteintes du mémorial des attentats de janvier et de "
     "novembre 2015.", 2),
    ("Malgré les attentats survenus le 13 novembre en France, qui rappellent de tristes précédents (attentats de Madrid "
     "en 2004, de Londres en 2005, d'Uttoya en 2011), le nombre de morts baisse.", 3),
    # the attackers and their allies are one event's actors, not two occurrences
    ("Les attaques de Daech et de ses alliés ont tué dix personnes à Alep le 3 mars.", 1),
])
def test_an_event_noun_with_conjoined_days_or_places_names_each_occurrence(text, n):
    assert len(veille.extract(text, lang="fr", published="2016-08-03").events) == n


@pytest.mark.parametrize("text, n", [
    # fr-news train: a protest noun that says what the crowd stood against is a protest, conflict or not
    ("Le mouvement Nuit debout, qui occupe la place de la République à Paris depuis le 31 mars dans la foulée d'une "
     "manifestation contre le projet de réforme du code du travail, est désormais armé d'une radio.", 1),
    # without its purpose it still needs a conflict, a date of its own or an occurrence verb
    ("Le mouvement Nuit debout occupe la place de la République dans la foulée d'une manifestation de grande ampleur.", 0),
])
def test_a_protest_noun_with_its_purpose_needs_no_conflict(text, n):
    pre = "La radio émet depuis une camionnette garée sur la place. Les animateurs se relaient toute la nuit. "
    assert len(veille.extract(pre + text, lang="fr", published="2016-04-08").events) == n


def test_a_date_read_forward_is_past_when_the_trigger_it_hangs_on_is_a_known_event():
    # fr-news train: the first trigger ("brûlent") is present, but "7 janvier" belongs to "les attentats",
    # a known, earlier event: the date is last January's, and the mention is no planned event
    r = veille.extract("La place était pleine dimanche. Quelques manifestants ont utilisé les bougies qui brûlent le "
                       "long de la statue depuis les attentats du 7 janvier à Charlie Hebdo.", lang="fr",
                       published="2015-11-29")
    assert [(e.date.start_date.isoformat() if e.date else None, e.background) for e in r.events] == [("2015-01-07", True)]


def test_a_definite_event_noun_named_by_its_own_place_is_no_anaphor():
    # fr-news train: "l'attentat contre l'avion civil russe dans le Sinaï" after the Paris attacks is
    # another attack, not "the attack" just told
    r = veille.extract("Deux hommes armés ont tué un prêtre dans une église le 26 juillet. Le groupe avait déjà "
                       "revendiqué l'attaque de Kidal.", lang="fr", published="2016-08-03")
    assert len(r.events) == 2
    assert (r.events[1].place.name, r.events[1].background) == ("Kidal", True)


def test_a_known_attack_named_as_a_landmark_with_its_own_name_is_a_named_occurrence():
    # fr-news train: "après les attentats de New York" passes the learned filter (its weights read the
    # plural, the definite article and a late sentence against it); "après les attentats" alone does not
    from veille.ingest.article import Article
    from veille.pipeline import STAGES, get_nlp, new_document, parse_all
    from veille.stages import events

    nlp = get_nlp("fr")
    cases = [("Le Royaume-Uni avait également dérogé aux Droits de l'Homme en 2001, après les attentats de New York.", True),
             ("La France envisage de déroger aux droits de l'homme, dans le cadre de l'état d'urgence décidé après les "
              "attentats.", False)]
    for text, named in cases:
        art = Article.build(text, published="2015-11-25")
        doc = new_document(art, "fr", parse_all(nlp, [art], 1)[0], None)
        for stage in STAGES:
            if stage.__name__.endswith(".events"):
                break
            stage.run(doc)
        ctx = events._Context(doc)
        clusters = events._merge(events.detect(ctx, relaxed=False))
        assert clusters and events._named_occurrence(ctx, clusters[0]) is named, text


@pytest.mark.parametrize("text, n", [
    # fr-news train: an ambiguous protest noun in a sentence that names its day is that day's protest
    ("Les lycéens racontent leur printemps. Ainsi à Lyon, le 31 mars, devant le site de l'université, des membres du "
     "GUD ont tenté d'attaquer le cortège, mais ils ont rencontré une résistance.", 1),
    # without the day (and without a conflict or a purpose) it stays gated
    ("Les lycéens racontent leur printemps. Ainsi à Lyon, devant le site de l'université, des membres du GUD ont "
     "tenté d'attaquer le cortège, mais ils ont rencontré une résistance.", 0),
])
def test_a_protest_noun_in_a_sentence_naming_its_day_needs_no_conflict(text, n):
    assert len(veille.extract(text, lang="fr", published="2016-05-02").events) == n


@pytest.mark.parametrize("text, n", [
    # fr-news train: a singular protest noun that states its purpose is anchored by it, outside the lead
    ("Le film a été projeté hier soir. Le débat qui a suivi a été lancé à l'appel du journal Fakir lors d'une "
     "manifestation contre la loi El Khomri.", 1),
    ("Le film a été projeté hier soir. Le débat qui a suivi a été lancé à l'appel du journal Fakir lors d'une "
     "manifestation de grande ampleur.", 0),
])
def test_a_protest_noun_stating_its_purpose_is_anchored(text, n):
    assert len(veille.extract(text, lang="fr", published="2016-05-02").events) == n
