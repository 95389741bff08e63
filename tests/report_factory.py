"""Hand-built Reports for store, cluster, API, export and web tests (no NLP involved).

Offsets are found by searching the given phrases in the text, so every span is real.
"""

from __future__ import annotations

from datetime import date

from veille.ingest.article import normalise_text, text_hash
from veille.schema import (
    Casualties, Entity, Event, EventActor, EventDate, EventPlace, Mention, Place, Quote, Report, Span, TimeExpression,
)

CITIES = {
    # name: (geonameid, lat, lon, country code, country, admin1)
    "Gao": (2457163, 16.2717, -0.0447, "ML", "Mali", "Gao"),
    "Kidal": (2455290, 18.4411, 1.4078, "ML", "Mali", "Kidal"),
    "Ménaka": (2453348, 15.9182, 2.4022, "ML", "Mali", "Ménaka"),
    "Bagdad": (98182, 33.3406, 44.4009, "IQ", "Iraq", "Baghdad"),
    "Baghdad": (98182, 33.3406, 44.4009, "IQ", "Iraq", "Baghdad"),
    "Mopti": (2453348 + 1, 14.4843, -4.1827, "ML", "Mali", "Mopti"),
    "Ouagadougou": (2357048, 12.3657, -1.5339, "BF", "Burkina Faso", "Centre"),
}


def span(text: str, phrase: str, after: int = 0) -> Span:
    i = text.index(phrase, after)
    return Span(start=i, end=i + len(phrase))


def sentence(text: str, phrase: str) -> Span:
    i = text.index(phrase)
    dot = text.rfind(". ", 0, i)
    start = max(dot + 2 if dot >= 0 else 0, text.rfind("\n", 0, i) + 1)
    end = text.find(".", i + len(phrase))
    end = len(text) if end < 0 else end + 1
    return Span(start=start, end=end)


def make_report(
    text: str,
    *,
    published: str | None,
    lang: str = "fr",
    title: str | None = None,
    source: str | None = None,
    rid: str | None = None,
    events: list[dict] = (),
    quotes: list[dict] = (),
) -> Report:
    """``events``: dicts with trigger, event_type, sub_event_type, place (city key), place_text,
    date (ISO) and date_text or date_range (start, end, precision), actor1, actor2 (phrases in the
    text), fatalities, fatalities_text."""
    text = normalise_text(text)
    entities: list[Entity] = []
    places: list[Place] = []
    times: list[TimeExpression] = []
    out_events: list[Event] = []

    def entity_for(phrase: str, etype: str = "ORG") -> Entity:
        for e in entities:
            if e.name == phrase:
                return e
        s = span(text, phrase)
        ent = Entity(id=f"e{len(entities) + 1}", type=etype, name=phrase, evidence=[s],
                     mentions=[Mention(start=s.start, end=s.end, text=phrase)])
        entities.append(ent)
        return ent

    for i, spec in enumerate(events, start=1):
        sent = sentence(text, spec["trigger"])
        ev = Event(id=f"v{i}", event_type=spec["event_type"], sub_event_type=spec["sub_event_type"],
                   trigger=spec["trigger"], trigger_span=span(text, spec["trigger"]), evidence=[sent],
                   confidence=spec.get("confidence", 0.8), summary=spec.get("summary"))
        if spec.get("place"):
            gid, lat, lon, cc, country, admin1 = CITIES[spec["place"]]
            ptext = spec.get("place_text", spec["place"])
            ps = span(text, ptext)
            ent = entity_for(ptext, "PLACE")
            pl = next((p for p in places if p.text == ptext), None)
            if pl is None:
                pl = Place(id=f"p{len(places) + 1}", text=ptext, entity_id=ent.id, geonameid=gid, name=spec["place"],
                           feature="city", country_code=cc, country=country, admin1=admin1, latitude=lat,
                           longitude=lon, precision="exact", evidence=[ps],
                           mentions=[Mention(start=ps.start, end=ps.end, text=ptext)])
                places.append(pl)
            ev.place = EventPlace(place_id=pl.id, name=spec["place"], geonameid=gid, country_code=cc, country=country,
                                  admin1=admin1, latitude=lat, longitude=lon, precision="exact", evidence=[ps])
            ev.geo_precision = 1
        if spec.get("date") or spec.get("date_range"):
            if spec.get("date_range"):
                start, end, precision = spec["date_range"]
            else:
                start = end = spec["date"]
                precision = "day"
            dtext = spec.get("date_text")
            ds = span(text, dtext) if dtext else sent
            t = TimeExpression(id=f"t{len(times) + 1}", text=dtext or start, start_date=date.fromisoformat(start),
                               end_date=date.fromisoformat(end), precision=precision, value=start, evidence=[ds])
            times.append(t)
            ev.date = EventDate(time_id=t.id, start_date=t.start_date, end_date=t.end_date, precision=precision,
                                text=t.text, evidence=[ds])
            ev.time_precision = {"day": 1, "week": 2}.get(precision, 3)
        for key in ("actor1", "actor2"):
            if spec.get(key):
                ent = entity_for(spec[key])
                setattr(ev, key, EventActor(name=spec[key], entity_id=ent.id, evidence=list(ent.evidence)))
        if "fatalities" in spec:
            ev.fatalities = spec["fatalities"]
            ftext = spec.get("fatalities_text")
            ev.fatalities_detail = Casualties(count=spec["fatalities"], evidence=[span(text, ftext)] if ftext else [])
        out_events.append(ev)

    out_quotes = []
    for i, q in enumerate(quotes, start=1):
        s = span(text, q["text"])
        ent = entity_for(q["speaker"], "PERSON")
        out_quotes.append(Quote(id=f"q{i}", text=q["text"], start=s.start, end=s.end, direct=True, speaker=q["speaker"],
                                speaker_entity_id=ent.id, verb=q.get("verb", "déclarer"), evidence=[s]))
    return Report(
        id=rid, language=lang, title=title, source=source,
        published=date.fromisoformat(published) if published else None,
        text=text, text_hash=text_hash(text), entities=entities, places=places, times=times,
        quotes=out_quotes, events=out_events,
    )


# ---------------------------------------------------------------------- a small realistic corpus
def gao_fr() -> Report:
    text = (
        "Trois soldats maliens ont été tués lundi 8 mars 2021 dans une embuscade près de Gao, a annoncé l'armée malienne. "
        "L'attaque a été revendiquée par le Groupe de soutien à l'islam et aux musulmans (GSIM). "
        "« Nos hommes ont riposté avec vigueur », a déclaré le colonel Souleymane Dembélé."
    )
    return make_report(text, published="2021-03-09", lang="fr", title="Embuscade meurtrière près de Gao", source="Agence A",
                       rid="gao-fr", events=[dict(
                           trigger="embuscade", event_type="Battles", sub_event_type="Armed clash", place="Gao",
                           date="2021-03-08", date_text="lundi 8 mars 2021", actor1="Groupe de soutien à l'islam et aux musulmans",
                           actor2="l'armée malienne", fatalities=3, fatalities_text="Trois soldats maliens ont été tués")],
                       quotes=[dict(text="Nos hommes ont riposté avec vigueur", speaker="Souleymane Dembélé")])


def gao_en() -> Report:
    text = (
        "Three Malian soldiers were killed on Monday in an ambush near Gao, the Malian army said on Tuesday. "
        "The Group for the Support of Islam and Muslims (JNIM) claimed the attack on 8 March."
    )
    return make_report(text, published="2021-03-10", lang="en", title="Three soldiers killed in Mali ambush", source="Wire B",
                       rid="gao-en", events=[dict(
                           trigger="ambush", event_type="Battles", sub_event_type="Armed clash", place="Gao",
                           date="2021-03-08", date_text="Monday", actor1="Group for the Support of Islam and Muslims",
                           actor2="the Malian army", fatalities=3, fatalities_text="Three Malian soldiers were killed")])


def gao_next_day() -> Report:
    text = (
        "Une nouvelle embuscade a visé mardi 9 mars 2021 un convoi de l'armée malienne près de Gao. "
        "Trois soldats maliens ont été tués selon une source sécuritaire."
    )
    return make_report(text, published="2021-03-10", lang="fr", title="Nouvelle embuscade à Gao", source="Agence C",
                       rid="gao-next", events=[dict(
                           trigger="embuscade", event_type="Battles", sub_event_type="Armed clash", place="Gao",
                           date="2021-03-09", date_text="mardi 9 mars 2021", actor2="l'armée malienne", fatalities=3,
                           fatalities_text="Trois soldats maliens ont été tués")])


def kidal_protest() -> Report:
    text = (
        "Des centaines de manifestants ont défilé dimanche 7 mars 2021 à Kidal pour réclamer le retour de l'électricité. "
        "La marche s'est déroulée dans le calme, selon la police."
    )
    return make_report(text, published="2021-03-07", lang="fr", title="Manifestation à Kidal", source="Agence A",
                       rid="kidal", events=[dict(
                           trigger="manifestants", event_type="Protests", sub_event_type="Peaceful protest", place="Kidal",
                           date="2021-03-07", date_text="dimanche 7 mars 2021", actor1="manifestants", fatalities=0)])


def baghdad_attack() -> Report:
    text = (
        "Une roquette a frappé dimanche 7 mars 2021 le centre de Bagdad, blessant deux civils, selon la police irakienne. "
        "Aucun groupe n'a revendiqué le tir."
    )
    return make_report(text, published="2021-03-07", lang="fr", title="Tir de roquette sur Bagdad", source="Agence D",
                       rid="baghdad", events=[dict(
                           trigger="roquette", event_type="Explosions/Remote violence",
                           sub_event_type="Shelling/artillery/missile attack", place="Bagdad", date="2021-03-07",
                           date_text="dimanche 7 mars 2021", actor2="civils")])


def hostile() -> Report:
    text = (
        "Un engin explosif a détruit mardi 9 mars 2021 un pont près de Ménaka. "
        "<script>window.__pwned = 'script'</script><img src=x onerror=\"window.__pwned='img'\"> a indiqué un témoin."
    )
    return make_report(text, published="2021-03-09", lang="fr", title="<img src=x onerror=\"window.__pwned='title'\">Pont détruit",
                       source="<b>Agence X</b>", rid="hostile", events=[dict(
                           trigger="engin explosif", event_type="Explosions/Remote violence",
                           sub_event_type="Remote explosive/landmine/IED", place="Ménaka", date="2021-03-09",
                           date_text="mardi 9 mars 2021", summary="<script>window.__pwned='summary'</script>")])


def corpus() -> list[Report]:
    return [gao_fr(), gao_en(), gao_next_day(), kidal_protest(), baghdad_attack(), hostile()]


def corpus_db(path) -> str:
    """A store file at ``path`` holding :func:`corpus` (the API, export, web and property tests' data)."""
    from veille.store import open_store

    path = str(path)
    with open_store(path) as st:
        for r in corpus():
            st.add_report(r)
    return path
