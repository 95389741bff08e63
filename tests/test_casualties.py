"""Casualty mentions per sentence (veille.stages.casualties), French and English wire style."""

from __future__ import annotations

import pytest

from veille.stages.casualties import find_mentions


def _summary(sentence: str, lang: str) -> list[tuple[str, int, bool, bool]]:
    return [(m["kind"], m["count"], m["approximate"], m["negated"]) for m in find_mentions(sentence, lang)]


@pytest.mark.parametrize(
    "sentence, lang, expected",
    [
        ("Three soldiers were killed when their convoy hit a mine.", "en", [("killed", 3, False, False)]),
        ("Gunmen killed at least 12 villagers and wounded five others.", "en", [("killed", 12, True, False), ("injured", 5, False, False)]),
        ("The clashes killed 4 militants and 2 soldiers.", "en", [("killed", 6, False, False)]),
        ("The explosion left 5 people dead.", "en", [("killed", 5, False, False)]),
        ("The death toll rose to 25 on Tuesday.", "en", [("killed", 25, False, False)]),
        ("Dozens of people were injured.", "en", [("injured", 12, True, False)]),
        ("A policeman was killed.", "en", [("killed", 1, False, False)]),
        ("Twenty-five people died in the blaze.", "en", [("killed", 25, False, False)]),
        ("9 gendarmes and 6 civilians, including an aid worker, a driver and a nurse were killed.", "en", [("killed", 15, False, False)]),
        ("14 civilians (among them 7 pupils and 4 women) were killed.", "en", [("killed", 14, False, False)]),
        ("Trois soldats ont été tués et une dizaine blessés.", "fr", [("killed", 3, False, False), ("injured", 10, True, False)]),
        ("L'explosion a fait au moins 12 morts et 30 blessés.", "fr", [("killed", 12, True, False), ("injured", 30, False, False)]),
        ("Des hommes armés ont tué deux civils.", "fr", [("killed", 2, False, False)]),
        ("Quatorze civils, dont cinq enfants, ont été tués dans la nuit.", "fr", [("killed", 14, False, False)]),
        ("Le bilan s'élève à 17 morts.", "fr", [("killed", 17, False, False)]),
        ("L'aviation a frappé les positions rebelles, tuant « plusieurs dizaines » de combattants.", "fr", [("killed", 12, True, False)]),
    ],
)
def test_counts(sentence, lang, expected):
    assert _summary(sentence, lang) == expected


@pytest.mark.parametrize(
    "sentence, lang, kinds",
    [
        ("No casualties were reported.", "en", {"killed", "injured"}),
        ("The attack caused no casualties, police said.", "en", {"killed", "injured"}),
        ("No one was killed.", "en", {"killed"}),
        ("There were no injuries.", "en", {"injured"}),
        ("L'attaque n'a pas fait de victimes ni de pertes matérielles.", "fr", {"killed", "injured"}),
        ("La roquette est tombée sans faire de victimes.", "fr", {"killed", "injured"}),
        ("Aucune victime n'est à déplorer.", "fr", {"killed", "injured"}),
        ("Personne n'a été blessé.", "fr", {"injured"}),
    ],
)
def test_negatives_give_zero(sentence, lang, kinds):
    found = find_mentions(sentence, lang)
    assert {m["kind"] for m in found} == kinds
    assert all(m["count"] == 0 and m["negated"] for m in found)


def test_negative_is_not_counted_again():
    found = find_mentions("Several mortar rounds landed near the airport. No one was killed.", "en")
    assert [(m["kind"], m["count"]) for m in found] == [("killed", 0)]


def test_who_is_classified():
    found = find_mentions("Two soldiers and a civilian were killed; three attackers died in the fighting.", "en")
    who = {m["who"] for m in found}
    assert "attackers" in who


def test_dates_and_agents_are_not_counts():
    assert find_mentions("On 2 March gunmen killed a farmer near the village.", "en")[0]["count"] == 1
    assert find_mentions("A bombing at a mosque killed more than 80 people.", "en") == [
        m for m in find_mentions("A bombing at a mosque killed more than 80 people.", "en") if m["count"] == 80
    ]
    assert find_mentions("In 2019, the group attacked the town.", "en") == []


def test_vague_several_gives_no_count():
    assert find_mentions("Several soldiers were wounded.", "en") == []
    assert find_mentions("Plusieurs civils ont été blessés.", "fr") == []


def test_stage_stores_mentions_with_sentences():
    import veille
    from veille.document import Document
    from veille.ingest.article import Article
    from veille.pipeline import get_nlp
    from veille.stages import casualties

    text = "Gunmen attacked a checkpoint on Monday. Two policemen were killed and four wounded."
    doc = Document(article=Article.build(text), lang="en", doc=get_nlp("en")(text))
    casualties.run(doc)
    ms = doc.casualties
    assert [(m["kind"], m["count"]) for m in ms] == [("killed", 2), ("injured", 4)]
    for m in ms:
        assert text[m["sent_start"] : m["sent_end"]].startswith("Two policemen")
        assert m["sent_start"] <= m["start"] < m["end"] <= m["sent_end"]
    assert veille  # imported for the pipeline's side effects only


def test_a_violent_verb_with_an_indefinite_object_is_one_victim():
    from veille.stages.casualties import find_mentions

    got = find_mentions("Russian forces killed a Lithuanian documentalist during the evacuation.", "en")
    assert [(m["kind"], m["count"]) for m in got] == [("killed", 1)]
    assert find_mentions("The Senate killed a bill on Monday.", "en") == []
    got = find_mentions("Des hommes armés ont abattu un inspecteur pédagogique.", "fr")
    assert [(m["kind"], m["count"]) for m in got] == [("killed", 1)]


@pytest.mark.parametrize("lang, text, count", [
    ("en", "Separatists killed the regional school inspector in Bamenda town.", 1),
    ("en", "Fighters attacked the village, killing the village chief.", 1),
    ("fr", "Des hommes armés ont tué le chef du village de Kamango.", 1),
    ("fr", "Ils ont abattu l'inspecteur devant sa maison.", 1),
    ("en", "The soldiers killed the villagers.", None),  # a plural gives no count
    ("en", "The army executed the plan.", None),  # a thing is no victim
])
def test_one_definite_victim(lang, text, count):
    from veille.stages.casualties import find_mentions

    killed = [m["count"] for m in find_mentions(text, lang) if m["kind"] == "killed" and not m["negated"]]
    assert (killed[0] if killed else None) == count


@pytest.mark.parametrize("sentence, count", [
    ("Boko Haram killed one and wounded two near Fotokol.", 1),  # "one an(d)" is no compound number
    ("Soldiers shot dead two Ambazonian Separatists at a funeral.", 2),  # "two A(mbazonian)" neither
    ("Police shot and killed a al Shabaab suspect in Kwale town.", 1),  # "a a(l)" neither
    ("Twenty-one people were killed.", 21),
])
def test_number_words_end_at_a_word_boundary(sentence, count):
    assert [m["count"] for m in find_mentions(sentence, "en") if m["kind"] == "killed"] == [count]


@pytest.mark.parametrize("sentence, count", [
    ("Tidiane Pare, a director general, was killed by an unknown group.", 1),
    ("A UPFA supporter was reportedly shot dead by another supporter.", 1),
    ("On 26 March 2020, a landmine exploded as a woman walked through the village. She died in the explosion.", 1),
    ("The victim later died of his wounds.", 1),
    ("His body was found the following day.", 1),
    ("Presumed JNIM militants assassinated a municipal councilor in the village of Derpon.", 1),
    ("The Koglweogo was found executed while the fate of the other remains unknown.", 1),
    ("Woman killed on her farm by unknown group.", 1),
    ("Russian forces shelled Sumy as a result of which 2 civilians died.", 2),  # the count after "a result"
    ("Three soldiers were killed and the driver died.", 3),  # a counted toll is not added to
    ("The revolutionary leader who was assassinated in 1987 was honoured.", None),  # a year: history
    ("A cleaner at the court was injured in the incident.", None),  # injured only
    ("A mob nearly lynched a pickpocket.", None),  # nearly: nobody died
    ("A vigilante group lynches two on suspicion of witchcraft.", 2),
    ("A suspected murderer is lynched in Ganze.", 1),
    ("The convoy driver was nearly killed by the blast.", None),
])
def test_one_victim_without_a_count(sentence, count):
    killed = [m["count"] for m in find_mentions(sentence, "en") if m["kind"] == "killed" and not m["negated"]]
    assert (max(killed) if killed else None) == count


def _note_toll(text: str) -> int | None:
    import re

    from veille.stages.casualties import coded_toll

    ms = [m for s in re.finditer(r"[^.]+\.?", text) for m in find_mentions(s.group(0), "en", s.start())]
    killed = [m for m in coded_toll(text, "en", ms) if m["kind"] == "killed"]
    return max((0 if m["negated"] else m["count"]) for m in killed) if killed else None


@pytest.mark.parametrize("text, toll", [
    ("On 19 March 2020, 4 soldiers were killed in an attack by Taliban militants in Nimruz. "
     "Fatalities coded as 0 (VoJ reported 4 fatalities).", 0),
    ("Russian forces attempted an offensive and clashed with Ukrainian forces. Russian forces suffered losses "
     "and retreated. Unspecified casualties coded as 10.", 10),
    ("Separatists stormed Bamenda. Several dead among Separatists were reported (unknown coded as 10).", 10),
    ("Post election riots - DETAILS NOT SPECIFIED. FATALITIES: 15", 15),
    ("The rebels fired mortars near Lobacheve. As a result of shelling, two Ukrainian soldiers were killed "
     "at unspecified locations (fatalities coded to Novotroitske event).", None),
    ("ADF rebels attacked civilians in Mutweyi. 4 fatalities reported. They also killed 10 others in the "
     "villages Mandimo and Mambau (coded separately).", 4),
    ("Unknown gunmen killed 3 villagers in Djibo. The attack was coded as Djibo at geoprecision 2.", 3),
    ("Transport workers staged a protest demanding that the body of a driver killed in a road accident be "
     "handed over to the family.", None),  # an accident is no event's toll
    ("Youth burned tires during a demonstration after a bus collision killed two people.", None),
    ("Youth burned tires after soldiers killed two people.", 2),
    ("The air force conducted airstrikes in three areas and killed 28 militants, fatalities split between (3) "
     "events on 4 December.", 9),  # this event's share
    ("Soldiers killed 13 separatists during an operation in 5 villages. Fatalities split between five events.", 3),
    ("Russian forces fired at civilians. Three civilians were killed [3 fatalities split among 2 events].", 1),
    ("The military forces reportedly killed 4 people in Nahka village. Other reports mention 8 killed.", 4),
    ("A suicide bomber detonated his explosive in an IDP camp, killing at least 4 civilians (7 fatalities "
     "according to other sources), and injuring others.", 4),
    ("Other sources reported that 3 civilians were killed in Bamenda.", 3),  # no toll of its own: the sources' stands
    ("On 22 February, police found the bodies of four men in a vehicle in Gitaru.", 4),
])
def test_a_coders_own_toll_overrides_the_told_one(text, toll):
    assert _note_toll(text) == toll


def test_stage_applies_the_coded_toll():
    from veille.document import Document
    from veille.ingest.article import Article
    from veille.pipeline import get_nlp
    from veille.stages import casualties

    text = "On 12 March 2020, 3 NDS members were killed in an ambush in Logar. Fatalities coded as 0 (VoJ reported 3 fatalities)."
    doc = Document(article=Article.build(text), lang="en", doc=get_nlp("en")(text))
    casualties.run(doc)
    killed = [m for m in doc.casualties if m["kind"] == "killed"]
    assert [(m["count"], m["negated"]) for m in killed] == [(0, True)]
    assert all(m["sent_start"] <= m["start"] < m["sent_end"] for m in doc.casualties)
