"""Exports: ACLED-style CSV, GeoJSON, JSONL of full reports; the ``veille export`` command."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import pytest
from report_factory import corpus_db
from typer.testing import CliRunner

from veille.cli import app
from veille.exports import ACLED_COLUMNS, CSV_COLUMNS, export
from veille.schema import Report
from veille.store import EventFilter, open_store


@pytest.fixture()
def db(tmp_path):
    return corpus_db(tmp_path / "x.db")


def _export(db, fmt, f=None) -> str:
    out = io.StringIO()
    with open_store(db) as st:
        export(st, fmt, f or EventFilter(), out)
    return out.getvalue()


def test_csv_has_acled_columns_and_conventions(db):
    rows = list(csv.DictReader(io.StringIO(_export(db, "csv"))))
    assert len(rows) == 5
    header = list(rows[0].keys())
    for col in ("event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
                "actor1", "actor2", "country", "admin1", "location", "latitude", "longitude", "geo_precision", "source",
                "notes", "fatalities"):
        assert col in header
    assert header == CSV_COLUMNS and header[:31] == ACLED_COLUMNS and len(ACLED_COLUMNS) == 31
    by_loc = {r["location"]: r for r in rows if r["event_date"] != "2021-03-09" or r["location"] != "Gao"}
    gao = by_loc["Gao"]
    assert gao["event_id_cnty"].startswith("MLI") and gao["iso"] == "466" and gao["year"] == "2021"
    assert gao["disorder_type"] == "Political violence" and gao["fatalities"] == "3"
    assert gao["source"] == "Agence A; Wire B" and gao["veille_source_count"] == "2"
    # an unreported toll is 0 in ACLED's column, kept empty (unknown) in Veille's own column
    bag = by_loc["Bagdad"]
    assert bag["fatalities"] == "0" and bag["veille_fatalities_reported"] == ""
    assert by_loc["Kidal"]["fatalities"] == "0" and by_loc["Kidal"]["veille_fatalities_reported"] == "0"
    assert by_loc["Kidal"]["disorder_type"] == "Demonstrations"
    for r in rows:
        assert -90 <= float(r["latitude"]) <= 90 and -180 <= float(r["longitude"]) <= 180
        assert r["time_precision"] in {"1", "2", "3"}


def test_geojson_is_a_valid_feature_collection(db):
    data = json.loads(_export(db, "geojson"))
    assert data["type"] == "FeatureCollection" and len(data["features"]) == 5
    for feat in data["features"]:
        assert feat["type"] == "Feature" and feat["geometry"]["type"] == "Point"
        lon, lat = feat["geometry"]["coordinates"]
        assert -180 <= lon <= 180 and -90 <= lat <= 90
    bag = next(f for f in data["features"] if f["properties"]["location"] == "Bagdad")
    assert bag["geometry"]["coordinates"] == [44.4009, 33.3406]  # [lon, lat]
    assert bag["properties"]["fatalities"] is None


def test_geojson_empty_selection_is_still_valid(db):
    data = json.loads(_export(db, "geojson", EventFilter(country="FR")))
    assert data == {"type": "FeatureCollection", "name": "veille_events", "features": []}


def test_jsonl_holds_full_reports(db):
    lines = _export(db, "jsonl").splitlines()
    reports = [Report.model_validate_json(line) for line in lines]
    assert len(reports) == 6 and all(r.text for r in reports)
    only = [Report.model_validate_json(x) for x in _export(db, "jsonl", EventFilter(start=date(2021, 3, 8), end=date(2021, 3, 8))).splitlines()]
    assert {r.id for r in only} == {"gao-fr", "gao-en"}


def test_export_command_filters_and_writes_file(db, tmp_path):
    runner = CliRunner()
    out = tmp_path / "e.csv"
    res = runner.invoke(app, ["export", "--format", "csv", "--db", db, "-o", str(out), "--country", "ML", "--type", "Battles"])
    assert res.exit_code == 0, res.output
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert {r["event_type"] for r in rows} == {"Battles"} and len(rows) == 2
    res = runner.invoke(app, ["export", "-f", "geojson", "--db", db, "--bbox", "40,30,50,36"])
    assert res.exit_code == 0
    assert len(json.loads(res.stdout)["features"]) == 1
    res = runner.invoke(app, ["export", "-f", "csv", "--db", db, "--min-sources", "2"])
    assert [r["location"] for r in csv.DictReader(res.stdout.splitlines())] == ["Gao"]
    res = runner.invoke(app, ["events", "--db", db, "--min-sources", "2"])
    assert res.exit_code == 0 and "1 events told by 2+ sources" in res.stdout
    res = runner.invoke(app, ["export", "-f", "csv", "--db", db, "--start", "yesterday"])
    assert res.exit_code == 2


def test_csv_cells_never_start_a_formula(tmp_path):
    """OWASP: =, +, -, @, tab and CR lead a formula; such cells get a ' in front, on the CLI and the API."""
    from fastapi.testclient import TestClient

    from report_factory import gao_fr

    from veille.api import create_app
    from veille.exports import safe_cell

    assert [safe_cell(v) for v in ("=1+1", "+33 6", "-cmd", "@SUM(A1)", "\tx", "-0.0447", "-12", "Gao", 3)] == \
        ["'=1+1", "'+33 6", "'-cmd", "'@SUM(A1)", "'\tx", "-0.0447", "-12", "Gao", 3]
    path = str(tmp_path / "evil.db")
    evil = gao_fr().model_copy(update={"source": '=HYPERLINK("http://evil.example","click")', "title": "@SUM(1)"})
    with open_store(path) as st:
        st.add_report(evil)
    out = tmp_path / "out.csv"
    res = CliRunner().invoke(app, ["export", "--db", path, "-f", "csv", "-o", str(out)])
    assert res.exit_code == 0, res.output
    api = TestClient(create_app(path)).get("/export.csv").text
    for text in (out.read_text(encoding="utf-8"), api):
        rows = list(csv.reader(io.StringIO(text)))
        assert rows[1][ACLED_COLUMNS.index("source")].startswith("'=HYPERLINK(")
        for cell in (c for row in rows for c in row):
            assert not cell.startswith(("=", "+", "@", "\t", "\r")), cell
            assert not cell.startswith("-") or float(cell) < 0, cell


def test_csv_writes_acled_values_for_every_actor_and_place(tmp_path):
    """An article read from a .txt file (no source metadata) with a wire dateline, an undated event,
    a background event, accented admin names and an armed group with no actor type."""
    from report_factory import make_report

    text = ("MÉNAKA, 9 mars 2021 (AFP) - Des hommes armés ont attaqué des civils à Ménaka mardi 9 mars 2021. "
            "Des manifestants ont défilé à Gao. En 2019, une attaque avait frappé Kidal.")
    r = make_report(text, published="2021-03-09", lang="fr", title="Attaque à Ménaka", source=None, rid="/tmp/in/a.txt",
                    events=[dict(trigger="attaqué", event_type="Violence against civilians", sub_event_type="Attack",
                                 place="Ménaka", date="2021-03-09", date_text="mardi 9 mars 2021",
                                 actor1="Des hommes armés", actor2="civils"),
                            dict(trigger="défilé", event_type="Protests", sub_event_type="Peaceful protest",
                                 place="Gao", actor1="manifestants"),
                            dict(trigger="attaque avait", event_type="Battles", sub_event_type="Armed clash",
                                 place="Kidal")])
    r.events[2].background = True
    path = str(tmp_path / "v.db")
    with open_store(path) as st:
        st.add_report(r)
    rows = list(csv.DictReader(io.StringIO(_export(path, "csv"))))
    assert [x["event_type"] for x in rows] == ["Violence against civilians", "Protests"]  # background left out
    vac = next(x for x in rows if x["event_type"] == "Violence against civilians")
    protest = next(x for x in rows if x["event_type"] == "Protests")
    for x in rows:
        assert x["inter1"] and x["inter2"] and x["interaction"], x  # no blank codes
        assert x["source"] == "AFP"  # the dateline's agency, never the file path
        assert x["region"] == "Western Africa" and x["iso"] == "466" and x["iso3"] == "MLI" and x["country"] == "Mali"
        assert x["veille_background"] == "0"
    assert vac["admin1"] == "Menaka" and vac["location"] == "Menaka"  # ASCII, as ACLED spells it
    assert (vac["inter1"], vac["inter2"], vac["interaction"]) == ("3", "7", "37")  # unidentified armed group vs civilians
    assert vac["civilian_targeting"] == "Civilian targeting" and vac["time_precision"] == "1"
    assert (protest["inter1"], protest["inter2"], protest["interaction"]) == ("6", "0", "60")
    assert protest["event_date"] == "" and protest["time_precision"] == ""  # undated: no precision claimed
    assert protest["civilian_targeting"] == ""
    # notes: one English sentence in ACLED's style, from the fields (no template fragments, no article language)
    assert vac["notes"] == "On 9 March 2021, Des hommes armés attacked civils in Menaka (Mali). Fatalities were not reported."
    assert protest["notes"] == "On an unknown date, manifestants held a peaceful protest in Gao (Mali). Fatalities were not reported."
    everything = list(csv.DictReader(io.StringIO(_export(path, "csv", EventFilter(include_background=True)))))
    assert len(everything) == 3
    bg = next(x for x in everything if x["event_type"] == "Battles")
    assert bg["veille_background"] == "1" and bg["inter1"] == "3" and bg["interaction"] == "30"


def test_cli_says_what_is_wrong(db, tmp_path):
    runner = CliRunner()
    res = runner.invoke(app, ["--version"])
    assert res.exit_code == 0 and res.stdout.startswith("veille ")
    res = runner.invoke(app, ["events", "--db", db, "--type", "Battle"])
    assert res.exit_code == 2 and "unknown event type 'Battle'" in res.stderr
    assert "Battles, Explosions/Remote violence, Violence against civilians" in res.stderr
    res = runner.invoke(app, ["events", "--db", db, "--type", "battles", "--country", "MLI|Iraq"])
    assert res.exit_code == 0 and "2 events" in res.stdout, res.stdout
    res = runner.invoke(app, ["export", "--db", db, "--country", "Atlantis"])
    assert res.exit_code == 2 and "unknown country 'Atlantis'" in res.stderr
    out = tmp_path / "acled.csv"
    res = runner.invoke(app, ["export", "--db", db, "--date-format", "acled", "-o", str(out)])
    assert res.exit_code == 0, res.output
    days = {r["event_date"] for r in csv.DictReader(out.open(encoding="utf-8"))}
    assert days == {"07 March 2021", "08 March 2021", "09 March 2021"}
    typo = tmp_path / "typo.db"
    for cmd in (["events"], ["export", "-f", "csv"], ["serve"]):
        res = runner.invoke(app, cmd + ["--db", str(typo)])
        assert res.exit_code == 2 and "no store at" in res.stderr, cmd
    assert not typo.exists()  # no empty store was created
