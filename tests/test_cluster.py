"""Cross-source event merging: true merges, refused merges, and the stored reasons."""

from __future__ import annotations

import json

import pytest
from report_factory import baghdad_attack, gao_en, gao_fr, gao_next_day, kidal_protest, make_report

from veille import cluster
from veille.geo import distance_km
from veille.store import EventFilter, open_store


def feats(report):
    return cluster.event_features(report, report.events[0])


def test_features_are_language_independent():
    fr, en = feats(gao_fr()), feats(gao_en())
    assert fr["place_ids"] == en["place_ids"] == [2457163]
    assert "3" in fr["numbers"] and "3" in en["numbers"]
    assert "2021" not in fr["numbers"]  # numbers inside date expressions are not evidence
    assert fr["date_start"] == en["date_start"] == "2021-03-08"
    assert "groupe de soutien a l islam et aux musulmans" in fr["names"]


def test_same_event_other_language_next_day_merges():
    d = cluster.decide(feats(gao_en()), [feats(gao_fr())])
    assert d.merge and d.score >= cluster.THRESHOLD
    assert d.components["place"] == 1.0 and d.components["date"] == 1.0


def test_same_place_different_day_never_merges():
    d = cluster.decide(feats(gao_next_day()), [feats(gao_fr())])
    assert not d.merge and "different days" in d.reason


def test_different_type_same_place_and_day_refused():
    raid = make_report(
        "Des soldats maliens ont arrêté lundi 8 mars 2021 à Gao trois hommes soupçonnés de préparer un attentat.",
        published="2021-03-08", events=[dict(trigger="arrêté", event_type="Strategic developments", sub_event_type="Arrests",
                                             place="Gao", date="2021-03-08", date_text="lundi 8 mars 2021")])
    d = cluster.decide(feats(raid), [feats(gao_fr())])
    assert not d.merge and "event types" in d.reason


def test_same_day_far_apart_refused():
    other = make_report(
        "Trois soldats ont été tués lundi 8 mars 2021 dans une embuscade près de Ouagadougou.",
        published="2021-03-09", events=[dict(trigger="embuscade", event_type="Battles", sub_event_type="Armed clash",
                                             place="Ouagadougou", date="2021-03-08", date_text="lundi 8 mars 2021",
                                             fatalities=3, fatalities_text="Trois soldats ont été tués")])
    d = cluster.decide(feats(other), [feats(gao_fr())])
    assert not d.merge and "countries" in d.reason


def test_same_city_same_day_other_actors_and_toll_stays_apart():
    other = make_report(
        "Des chasseurs dozos ont attaqué lundi 8 mars 2021 un campement peul près de Gao, tuant 17 éleveurs, "
        "selon l'association Tabital Pulaaku.",
        published="2021-03-09", events=[dict(trigger="attaqué", event_type="Battles", sub_event_type="Armed clash",
                                             place="Gao", date="2021-03-08", date_text="lundi 8 mars 2021",
                                             actor1="chasseurs dozos", actor2="éleveurs", fatalities=17,
                                             fatalities_text="tuant 17 éleveurs")])
    d = cluster.decide(feats(other), [feats(gao_fr())])
    assert not d.merge, d


def test_month_precise_report_covering_the_day_needs_strong_evidence():
    month = make_report(
        "En mars 2021, trois soldats maliens ont été tués dans une embuscade du Groupe de soutien à l'islam et aux "
        "musulmans près de Gao, selon un rapport de l'ONU.",
        published="2021-04-02", events=[dict(trigger="embuscade", event_type="Battles", sub_event_type="Armed clash",
                                             place="Gao", date_range=("2021-03-01", "2021-03-31", "month"),
                                             date_text="mars 2021", actor1="Groupe de soutien à l'islam et aux musulmans",
                                             fatalities=3, fatalities_text="trois soldats maliens ont été tués")])
    d = cluster.decide(feats(month), [feats(gao_fr())])
    assert d.merge and d.score >= cluster.STRICT_THRESHOLD
    # the same month-precise report, but about another toll and other actors: stays apart
    vague = make_report(
        "En mars 2021, des affrontements ont opposé des milices près de Gao, selon un rapport de l'ONU.",
        published="2021-04-02", events=[dict(trigger="affrontements", event_type="Battles", sub_event_type="Armed clash",
                                             place="Gao", date_range=("2021-03-01", "2021-03-31", "month"),
                                             date_text="mars 2021", actor1="milices")])
    d = cluster.decide(feats(vague), [feats(gao_fr())])
    assert not d.merge


def test_imprecise_date_that_does_not_cover_is_refused():
    feb = make_report(
        "En février 2021, trois soldats maliens ont été tués dans une embuscade près de Gao.",
        published="2021-03-02", events=[dict(trigger="embuscade", event_type="Battles", sub_event_type="Armed clash",
                                             place="Gao", date_range=("2021-02-01", "2021-02-28", "month"),
                                             date_text="février 2021")])
    d = cluster.decide(feats(feb), [feats(gao_fr())])
    assert not d.merge and "overlap" in d.reason


def test_a_rule_against_any_source_refuses_the_merge():
    month = make_report(
        "En mars 2021, trois soldats maliens ont été tués dans une embuscade près de Gao.",
        published="2021-04-02", events=[dict(trigger="embuscade", event_type="Battles", sub_event_type="Armed clash",
                                             place="Gao", date_range=("2021-03-01", "2021-03-31", "month"),
                                             date_text="mars 2021", fatalities=3,
                                             fatalities_text="trois soldats maliens ont été tués")])
    # a month-precise event could match either day, but once it holds the 8th it cannot take the 9th
    d = cluster.decide(feats(gao_next_day()), [feats(month), feats(gao_fr())])
    assert not d.merge and "different days" in d.reason


def test_store_merges_and_records_why(tmp_path):
    with open_store(str(tmp_path / "c.db")) as st:
        for r in (gao_fr(), gao_en(), gao_next_day(), kidal_protest(), baghdad_attack()):
            st.add_report(r)
        total, rows = st.find_events(EventFilter(), limit=10)
        assert total == 4
        gao = sorted((r for r in rows if r["location"] == "Gao"), key=lambda r: r["date_start"])
        assert [g["source_count"] for g in gao] == [2, 1]
        assert gao[0]["fatalities"] == 3 and gao[0]["date_start"] == "2021-03-08"
        decisions = [json.loads(r["decision"]) for r in st.all("SELECT decision FROM event_sources ORDER BY id")]
        assert decisions[1]["merged"] is True and decisions[1]["components"]["evidence_numbers"] == 1.0
        # the next-day report was compared with the Monday event and refused, with the reason kept
        refused = decisions[2]
        assert refused["merged"] is False
        assert any("different days" in c["reason"] for c in refused["candidates"])


def test_events_of_one_article_are_never_merged_together(tmp_path):
    twice = make_report(
        "Trois soldats maliens ont été tués lundi 8 mars 2021 dans une embuscade près de Gao. "
        "Plus tard, une seconde embuscade près de Gao a fait trois autres victimes parmi les soldats maliens.",
        published="2021-03-09", events=[
            dict(trigger="embuscade", event_type="Battles", sub_event_type="Armed clash", place="Gao", date="2021-03-08",
                 date_text="lundi 8 mars 2021", fatalities=3, fatalities_text="Trois soldats maliens ont été tués"),
            dict(trigger="seconde embuscade", event_type="Battles", sub_event_type="Armed clash", place="Gao",
                 date="2021-03-08", date_text="lundi 8 mars 2021", fatalities=3, fatalities_text="trois autres victimes"),
        ])
    with open_store(str(tmp_path / "one.db")) as st:
        res = st.add_report(twice)
        assert len(set(res.event_ids)) == 2


def test_aggregate_keeps_most_precise_and_conservative_values():
    month = dict(feats(gao_fr()), date_start="2021-03-01", date_end="2021-03-31", date_precision="month", time_precision=3,
                 fatalities=5)
    agg = cluster.aggregate([month, feats(gao_fr())])
    assert agg["date_start"] == agg["date_end"] == "2021-03-08" and agg["time_precision"] == 1
    assert agg["fatalities"] == 3  # ACLED: the most conservative reported toll


@pytest.mark.parametrize("a,b,km", [((16.27, -0.04), (16.27, -0.04), 0), ((33.34, 44.40), (36.19, 44.01), 318)])
def test_haversine(a, b, km):
    assert abs(distance_km(*a, *b) - km) < 5


# ---------------------------------------------------------------------- with the real pipeline
PIPELINE_ARTICLES = [
    ("fr-1", "2021-03-09", "Trois soldats maliens ont été tués lundi dans une embuscade près de Gao, dans le nord du Mali, "
     "a annoncé mardi l'armée malienne dans un communiqué. L'attaque n'a pas été revendiquée."),
    ("en-1", "2021-03-10", "Three Malian soldiers were killed on Monday in an ambush near Gao in northern Mali, the army said "
     "in a statement on Tuesday. No group has claimed the attack."),
    ("fr-2", "2021-03-12", "Cinq civils ont été tués jeudi dans une embuscade près de Gao, dans le nord du Mali, selon des "
     "sources locales. Les assaillants ont pris la fuite."),
]


def test_pipeline_reports_merge_only_within_a_day(tmp_path):
    import veille

    with open_store(str(tmp_path / "p.db")) as st:
        for rid, pub, text in PIPELINE_ARTICLES:
            st.add_report(veille.extract(text, published=pub, id=rid))
        rows = st.all("SELECT event_id, features FROM event_sources")
        by_event: dict[int, list[dict]] = {}
        for r in rows:
            by_event.setdefault(r["event_id"], []).append(json.loads(r["features"]))
        # the rule holds whatever the extractor found: no stored event joins two different precise days
        for sources in by_event.values():
            days = {s["date_start"] for s in sources if s["date_precision"] == "day"}
            assert len(days) <= 1, sources
        # and reports that agree on type, place and day (with evidence in common) share one event
        flat = [(eid, s) for eid, sources in by_event.items() for s in sources]
        for i, (e1, a) in enumerate(flat):
            for e2, b in flat[i + 1:]:
                same = (a["event_type"], a["geonameid"], a["date_start"]) == (b["event_type"], b["geonameid"], b["date_start"])
                if same and a["geonameid"] and a["date_precision"] == b["date_precision"] == "day" and \
                        set(a["numbers"]) & set(b["numbers"]):
                    assert e1 == e2, (a, b)
