"""The reference article (../shared/examples/fr_baghdad_missile.txt), end to end.

What issue 2 requires of it: two events (the Sunday missile landing, the late-2020 background
strike), Wayne Morato as one PERSON with his title and role, "Etat islamique" as one ORG,
eight direct quotes with their speakers, the indirect statement, Baghdad resolved in Iraq.
"""

from __future__ import annotations

from datetime import date

import pytest

pytestmark = pytest.mark.shared


def _span(report, span):
    return report.text[span.start : span.end]


def test_language_and_offsets_are_consistent(reference_report):
    r = reference_report
    assert r.language == "fr"
    for ent in r.entities:
        for m in ent.mentions:
            assert r.text[m.start : m.end] == m.text
    for q in r.quotes:
        assert 0 <= q.start < q.end <= len(r.text)
    for item in [*r.entities, *r.places, *r.times, *r.quotes, *r.events]:
        assert 0.0 <= item.confidence <= 1.0
        for s in item.evidence:
            assert 0 <= s.start < s.end <= len(r.text)


def test_two_events_main_and_background(reference_report):
    r = reference_report
    assert len(r.events) == 2, [(e.sub_event_type, _span(r, e.evidence[0])) for e in r.events]
    main = [e for e in r.events if not e.background]
    bg = [e for e in r.events if e.background]
    assert len(main) == 1 and len(bg) == 1
    for e in r.events:
        assert e.event_type == "Explosions/Remote violence"
        assert e.sub_event_type == "Shelling/artillery/missile attack"
        assert e.evidence, "every event carries its evidence sentence"

    m = main[0]
    assert "missile" in _span(r, m.evidence[0])
    assert m.fatalities == 0, "the text says the attack made no victims"
    assert m.place is not None and m.place.country_code == "IQ"
    assert m.place.name and "bag" in m.place.name.lower()
    assert m.place.latitude == pytest.approx(33.34, abs=0.3)
    assert m.place.site and "soutien diplomatique" in m.place.site
    assert m.actor1 is not None and "unidentified" in m.actor1.name.lower()
    assert m.actor2 is not None
    assert m.date is not None and m.date.start_date == date(2021, 3, 7) and m.date.precision == "day"
    assert m.time_precision == 1

    b = bg[0]
    assert "Radwaniyah" in " ".join(_span(r, s) for s in b.evidence)
    assert b.fatalities is None, "the text is silent on the earlier strike's toll"
    assert b.date is not None and b.date.precision not in ("day", "unresolved")
    assert b.date.start_date and b.date.start_date.year == 2020
    assert b.place is not None and b.place.country_code == "IQ"


def test_morato_is_one_person_with_title_and_role(reference_report):
    r = reference_report
    people = [e for e in r.entities if e.type == "PERSON" and "Morato" in e.name]
    assert len(people) == 1, [e.name for e in r.entities]
    morato = people[0]
    assert morato.name == "Wayne Morato"
    assert len([m for m in morato.mentions if "Morato" in m.text]) >= 3
    assert any("colonel" in t.lower() for t in morato.titles)
    assert any("porte-parole" in x.lower() for x in morato.titles + morato.roles)


def test_islamic_state_is_one_org_never_a_place(reference_report):
    r = reference_report
    isis = [e for e in r.entities if "islamique" in e.name.lower() and "coalition" not in e.name.lower()]
    assert len(isis) == 1 and isis[0].type == "ORG"
    assert len(isis[0].mentions) >= 4
    assert not any("islamique" in p.text.lower() for p in r.places)
    assert not any(e.type in ("PERSON", "PLACE") and e.name in ("Le", "Il", "Chaque", "Nous") for e in r.entities)


def test_quotes_and_speakers(reference_report):
    r = reference_report
    direct = sorted((q for q in r.quotes if q.direct), key=lambda q: q.start)
    assert len(direct) == 8, [q.text[:40] for q in direct]
    assert not any(q.text.strip() == "Centre de soutien diplomatique de Bagdad" for q in r.quotes)
    assert direct[0].text.startswith("l'attaque n'a pas fait de victimes")
    for q in direct[:5]:
        assert q.speaker == "Wayne Morato", (q.text[:50], q.speaker)
    for q in direct[5:]:
        assert q.speaker and ("porte-parole" in q.speaker.lower() or q.speaker == "Wayne Morato"), q.speaker
    indirect = [q for q in r.quotes if not q.direct]
    confirmed = [q for q in indirect if "sa mission en Irak" in q.text]
    assert len(confirmed) == 1 and confirmed[0].speaker == "Wayne Morato"


def test_places_resolved(reference_report):
    r = reference_report
    by_text = {p.text: p for p in r.places}
    assert by_text["Bagdad"].geonameid == 98182 and by_text["Bagdad"].country_code == "IQ"
    irak = next(p for p in r.places if p.text in ("Irak", "l'Irak"))
    assert irak.feature == "country" and irak.country_code == "IQ"
    syrie = next(p for p in r.places if "Syrie" in p.text)
    assert syrie.country_code == "SY"


def test_times_resolved(reference_report):
    r = reference_report
    by_text = {t.text.lower(): t for t in r.times}
    assert by_text["dimanche"].start_date == date(2021, 3, 7)
    fin = next(t for t in r.times if "2020" in t.text)
    assert fin.start_date.year == 2020 and fin.end_date == date(2020, 12, 31)
    assert fin.precision != "day"


def test_without_publication_date_relative_dates_stay_relative(reference_text):
    import veille

    r = veille.extract(reference_text)
    sunday = next(t for t in r.times if t.text.lower() == "dimanche")
    assert sunday.start_date is None and sunday.weekday == 6 and sunday.precision == "unresolved"
    main = next(e for e in r.events if not e.background)
    assert main.date is None or main.date.start_date is None
