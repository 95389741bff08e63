"""ACLED event types and sub-types on English news sentences: the trigger lexicon's cues
(``data/event_triggers_en.tsv``) read with the event model, through the whole pipeline.

Each case is a news-style sentence (not a coder's note), so that the coding holds on news text
as well as on ACLED's notes."""

from __future__ import annotations

import pytest

import veille


def _first_event(text: str):
    report = veille.extract(text, lang="en")
    assert report.events, f"no event in {text!r}"
    return report.events[0]


@pytest.mark.parametrize("text, event_type, sub_event_type", [
    # fire answered by the side fired at is an exchange: ground fighting, even after shelling
    ("Russian forces shelled positions near Izium on Tuesday and Ukrainian troops responded with fire.",
     "Battles", "Armed clash"),
    ("Gunmen attacked a police post in Kano on Monday and officers returned fire, killing two of the attackers.",
     "Battles", "Armed clash"),
    ("Rebels and soldiers exchanged gunfire for two hours near the airport of Tessalit on Sunday.",
     "Battles", "Armed clash"),
    # an ambush opened with a roadside bomb and followed by gunfire on an army patrol is a battle
    ("Militants ambushed an army patrol near Pama with a roadside bomb followed by gunfire, killing six soldiers.",
     "Battles", "Armed clash"),
])
def test_an_exchange_of_fire_is_an_armed_clash(text, event_type, sub_event_type):
    ev = _first_event(text)
    assert (ev.event_type, ev.sub_event_type) == (event_type, sub_event_type)


@pytest.mark.parametrize("text", [
    "Russian aircraft dropped a cluster bomb on Kozacha Lopan on Thursday, wounding six civilians.",
    "A child was killed by a bomb dropped by a government helicopter on the village of Tawila.",
])
def test_bombs_dropped_are_air_strikes(text):
    ev = _first_event(text)
    assert (ev.event_type, ev.sub_event_type) == ("Explosions/Remote violence", "Air/drone strike")


def test_a_surrender_is_an_agreement():
    # ACLED's codebook lists surrenders among agreements (with ceasefires and prisoner exchanges)
    ev = _first_event("More than 200 Boko Haram fighters surrendered to the Nigerian army in Borno state on Tuesday.")
    assert (ev.event_type, ev.sub_event_type) == ("Strategic developments", "Agreement")


@pytest.mark.parametrize("text", [
    "Hundreds of students protested in Nairobi on Monday against fee increases; the protest turned violent.",
    "Residents staged a violent demonstration in Kebithigollewa on Sunday against the inaction of the authorities.",
])
def test_a_protest_told_as_violent_is_a_violent_demonstration(text):
    ev = _first_event(text)
    assert (ev.event_type, ev.sub_event_type) == ("Riots", "Violent demonstration")


def test_a_peaceful_march_against_violence_stays_peaceful():
    ev = _first_event("Thousands marched peacefully in Colombo on Sunday to denounce violent protests by opposition supporters.")
    assert (ev.event_type, ev.sub_event_type) == ("Protests", "Peaceful protest")


@pytest.mark.parametrize("text", [
    "Sex workers in Mombasa staged a protest on Monday after a colleague was murdered by a client.",
    "Parents staged a protest in Hambantota on 21 February against the death of the school's principal.",
])
def test_a_death_a_protest_is_held_over_is_its_grievance_not_its_toll(text):
    ev = _first_event(text)
    assert (ev.event_type, ev.sub_event_type) == ("Protests", "Peaceful protest")
    assert not ev.fatalities


@pytest.mark.parametrize("text, killed", [
    # deaths the protest itself ends in stay, told before or after the grievance
    ("Police shot dead two people who were demonstrating against the killing of a student in Nairobi on Monday.", 2),
    ("Hundreds protested in Gulu on Friday over the killing of a rider by soldiers; police opened fire, killing two protesters.", 2),
])
def test_deaths_at_a_protest_over_a_killing_are_excessive_force(text, killed):
    ev = _first_event(text)
    assert (ev.event_type, ev.sub_event_type) == ("Protests", "Excessive force against protesters")
    assert ev.fatalities == killed


def test_explosives_set_off_by_suicide_bombers_are_a_suicide_bomb():
    ev = _first_event("Two female suicide bombers set off explosives in the Kolofata market on Friday. Seven killed, including the two bombers.")
    assert (ev.event_type, ev.sub_event_type) == ("Explosions/Remote violence", "Suicide bomb")


def test_a_car_set_off_is_no_explosion():
    # 'set off' is weak: an explosion only with a weapon or armed actor in its sentence
    report = veille.extract("The delegation set off for Kisumu on Monday morning after the meeting.", lang="en")
    assert not report.events
