"""The deep gazetteer: ``veille gazetteer build`` on a GeoNames-format fixture, lookups through the
index, and the shipped GeoNames subset in the places stage."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "geonames"


@pytest.fixture()
def index(tmp_path):
    from veille.gazetteer_deep import DeepIndex, build_index

    stats = build_index([FIXTURE], tmp_path / "g.sqlite")
    return stats, DeepIndex(tmp_path / "g.sqlite")


def test_build_keeps_places_areas_and_sites_not_streams(index):
    stats, deep = index
    # CM: 2 towns, 2 districts, a camp (the stream is left out); postal: 2 in BD, 2 in US (Alexandria's two
    # codes are one place); Rapides Parish, placed at the mean of its postal places
    assert stats.places == 5 + 2 + 2 + 1
    assert not deep.lookup_key("zouvoul")
    camp = deep.lookup_key("grand capitaine")
    assert [r.feature for r in camp] == ["site"] and camp[0].feature_code == "CMP"


def test_keys_are_ascii_folded_and_alternates_flagged(index):
    _, deep = index
    (mora,) = [r for r in deep.lookup_key("MORA".lower()) if r.population]
    assert mora.geonameid == 2225991 and mora.main_name and mora.country_code == "CM" and mora.admin1_code == "12"
    (majo,) = deep.lookup_key("majo sava")  # an alternate name of the Mayo-Sava district
    assert majo.feature == "admin2" and not majo.main_name and majo.admin2_code == "9224949"


def test_alternate_names_file_adds_kept_languages_only(index):
    stats, deep = index
    assert [r.geonameid for r in deep.lookup_key("kolofata centre")] == [2230158]  # fr: kept
    assert not deep.lookup_key("mora old town")  # historic: left out
    assert not deep.lookup_key("nowhere")  # a record the index does not hold
    assert stats.alternate_names == 1


def test_admin_names_and_the_nearest_district_of_a_village(index):
    _, deep = index
    assert deep.admin_name("CM.12") == "Far North" and deep.admin_name("CM.12.9224949") == "Mayo-Sava"
    # Kolofata carries no admin2 code in GeoNames: the nearest district of its admin1 stands in
    assert deep.admin_names_of(2230158) == ("Mayo-Sava", None)
    assert deep.admin_names_of(2231710) == ("Fako Division", None)  # a district is its own admin2


def test_postal_places_get_no_geonameid_and_lose_their_office_suffix(index):
    _, deep = index
    (gpo,) = deep.lookup_key("dhaka gpo")
    assert gpo.geonameid is None and gpo.record_id < 0 and gpo.country_code == "BD"
    assert any(r.record_id == gpo.record_id for r in deep.lookup_key("dhaka"))


def test_postal_places_take_admin_codes_and_districts_get_a_derived_point(index):
    _, deep = index
    (alexandria,) = deep.lookup_key("alexandria")
    assert (alexandria.admin1_code, alexandria.admin2_code) == ("LA", "079")
    (parish,) = deep.lookup_key("rapides")  # "Rapides Parish" without its generic word
    assert parish.feature == "admin2" and parish.geonameid == 4338356
    assert parish.latitude == pytest.approx((31.2885 + 31.0201) / 2) and parish.longitude == pytest.approx((-92.4633 - 92.2951) / 2)
    assert deep.admin_names_of(4338356) == ("Rapides Parish", None)


def test_zip_input_and_country_filter(tmp_path):
    import zipfile

    from veille.gazetteer_deep import DeepIndex, build_index

    with zipfile.ZipFile(tmp_path / "CM.zip", "w") as z:
        z.write(FIXTURE / "CM.txt", "CM.txt")
        z.writestr("readme.txt", "not data")
    stats = build_index([tmp_path / "CM.zip", FIXTURE / "postal_BD.txt"], tmp_path / "cm.sqlite", countries=["cm"])
    assert stats.places == 5
    assert not DeepIndex(tmp_path / "cm.sqlite").lookup_key("dhaka gpo")


def test_cli_build_writes_the_index_and_reports_it(tmp_path):
    from typer.testing import CliRunner

    from veille.cli import app

    out = tmp_path / "idx.sqlite"
    res = CliRunner().invoke(app, ["gazetteer", "build", str(FIXTURE), "--out", str(out)])
    assert res.exit_code == 0, res.output
    line = json.loads(res.stdout.strip().splitlines()[-1])
    assert line["places"] == 10 and Path(line["path"]) == out and out.exists()
    bad = CliRunner().invoke(app, ["gazetteer", "build", str(tmp_path / "missing.zip"), "--out", str(tmp_path / "x.sqlite")])
    assert bad.exit_code == 1 and not (tmp_path / "x.sqlite").exists()


def test_gazetteer_lookup_adds_deep_records_without_duplicates(tmp_path, monkeypatch):
    from veille import gazetteer_deep
    from veille.gazetteer import get_gazetteer

    shutil.copytree(FIXTURE, tmp_path / "gn")
    gazetteer_deep.build_index([tmp_path / "gn"], tmp_path / "g.sqlite")
    monkeypatch.setenv("VEILLE_GAZETTEER_DB", str(tmp_path / "g.sqlite"))
    gazetteer_deep.get_deep_index.cache_clear()
    g = get_gazetteer()
    saved = g.__dict__.pop("_deep", None)  # (not monkeypatch: its undo would put the fixture index back)
    try:
        mora = [c for c in g.lookup("Mora") if c.country_code == "CM"]
        # Mora (61,523) is in cities500 too: one candidate, given its feature code by the deep record
        assert [c.geonameid for c in mora if c.geonameid == 2225991] == [2225991]
        assert next(c for c in mora if c.geonameid == 2225991).feature_code == "PPL"
        (kolofata,) = g.lookup("Kolofata")
        assert kolofata.index < 0 and kolofata.feature == "city" and kolofata.latitude == pytest.approx(11.16199)
    finally:
        g.__dict__.pop("_deep", None)
        if saved is not None:
            g._deep = saved
        gazetteer_deep.get_deep_index.cache_clear()


def test_shipped_subset_places_a_village_of_an_event_note():
    from veille.geo import distance_km
    from veille.ingest.article import Article
    from veille.pipeline import extract_articles

    text = "On 24 April 2021, Boko Haram militants attacked Kolofata (Mayo-Sava, Extreme-Nord), killing 2 civilians."
    report = next(iter(extract_articles([Article.build(text)], lang="en")))
    ev = report.events[0]
    assert ev.place.geonameid == 2230158 and ev.place.precision == "exact"
    assert distance_km(ev.place.latitude, ev.place.longitude, 11.162, 14.013) < 1
    kolofata = next(p for p in report.places if p.geonameid == 2230158)
    assert kolofata.admin2 == "Mayo-Sava" and kolofata.admin1 == "Far North"
