"""The REST API: every endpoint with its filters, the page headers, and the token rule."""

from __future__ import annotations

import csv
import io
import json

import pytest
from fastapi.testclient import TestClient
from report_factory import corpus_db

from veille.api import create_app

TOKEN = "s3cret-token-for-tests"


@pytest.fixture()
def db(tmp_path):
    return corpus_db(tmp_path / "api.db")


@pytest.fixture()
def client(db):
    return TestClient(create_app(db, token=TOKEN))


@pytest.fixture()
def readonly(db, monkeypatch):
    monkeypatch.delenv("VEILLE_TOKEN", raising=False)
    return TestClient(create_app(db))


def locs(resp):
    assert resp.status_code == 200, resp.text
    return sorted(e["location"] for e in resp.json()["items"])


def test_events_filters(client):
    assert locs(client.get("/events")) == ["Bagdad", "Gao", "Gao", "Kidal", "Ménaka"]
    assert locs(client.get("/events", params={"start": "2021-03-08", "end": "2021-03-08"})) == ["Gao"]
    assert locs(client.get("/events", params={"bbox": "-1,15,3,19"})) == ["Gao", "Gao", "Kidal", "Ménaka"]
    assert locs(client.get("/events", params={"type": "Explosions/Remote violence"})) == ["Bagdad", "Ménaka"]
    assert locs(client.get("/events", params={"actor": "armée malienne"})) == ["Gao", "Gao"]
    assert locs(client.get("/events", params={"country": "IQ"})) == ["Bagdad"]
    assert locs(client.get("/events", params={"q": "manifestants"})) == ["Kidal"]
    assert locs(client.get("/events", params={"q": "ambush", "country": "ML"})) == ["Gao"]
    assert locs(client.get("/events", params={"min_sources": 2})) == ["Gao"]


def test_events_pagination_and_validation(client):
    page = client.get("/events", params={"limit": 2, "offset": 4}).json()
    assert page["total"] == 5 and page["limit"] == 2 and len(page["items"]) == 1
    assert client.get("/events", params={"limit": 0}).status_code == 422
    assert client.get("/events", params={"bbox": "1,2,3"}).status_code == 422
    assert client.get("/events", params={"start": "March"}).status_code == 422


def test_event_detail(client):
    gid = next(e["id"] for e in client.get("/events", params={"start": "2021-03-08", "end": "2021-03-08"}).json()["items"])
    ev = client.get(f"/events/{gid}").json()
    assert ev["source_count"] == 2 and len(ev["sources"]) == 2
    src = ev["sources"][0]
    assert src["evidence"][0]["text"] and src["event"]["event_type"] == "Battles"
    assert "merge_decision" in src and "article_id" in src
    assert client.get("/events/99999").status_code == 404


def test_article_entities_quotes(client):
    art = client.get("/articles/1").json()
    assert art["report"]["text"].startswith("Trois soldats") and art["report"]["events"]
    assert client.get("/articles/404").status_code == 404
    ents = client.get("/entities", params={"name": "gao"}).json()
    assert ents["total"] >= 1 and ents["items"][0]["name"] == "Gao"
    assert client.get("/entities", params={"type": "PERSON"}).json()["items"][0]["name"] == "Souleymane Dembélé"
    quotes = client.get("/quotes", params={"speaker": "Dembélé"}).json()
    assert quotes["total"] == 1 and quotes["items"][0]["speaker"] == "Souleymane Dembélé"
    assert client.get("/quotes", params={"speaker": "Nobody"}).json()["total"] == 0


def test_timeline_facets_stats(client):
    days = client.get("/timeline", params={"country": "ML"}).json()["days"]
    assert {d["day"]: d["events"] for d in days} == {"2021-03-07": 1, "2021-03-08": 1, "2021-03-09": 2}
    facets = client.get("/facets").json()
    assert "Battles" in facets["event_types"] and {c["country_code"] for c in facets["countries"]} == {"ML", "IQ"}
    assert client.get("/stats").json()["articles"] == 6
    assert client.get("/ingest-errors").json() == {"items": []}


def test_exports_with_filters(client):
    r = client.get("/export.csv", params={"country": "ML"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert len(rows) == 4 and {x["country"] for x in rows} == {"Mali"}
    g = client.get("/export.geojson", params={"type": "Protests"}).json()
    assert [f["properties"]["location"] for f in g["features"]] == ["Kidal"]
    lines = client.get("/export.jsonl", params={"q": "roquette"}).text.splitlines()
    assert len(lines) == 1 and json.loads(lines[0])["id"] == "baghdad"


def test_openapi_and_security_headers(client):
    spec = client.get("/openapi.json").json()
    assert {"/events", "/events/{event_id}", "/articles/{article_id}", "/entities", "/quotes", "/export.csv",
            "/export.geojson", "/export.jsonl", "/articles"} <= set(spec["paths"])
    r = client.get("/events")
    assert "default-src 'none'" in r.headers["content-security-policy"]
    assert "script-src 'self'" in r.headers["content-security-policy"]
    assert client.get("/docs").status_code == 200


ARTICLE = {
    "text": "Deux civils ont été blessés jeudi par l'explosion d'une mine artisanale près de Mopti, a indiqué un élu local.",
    "published": "2021-03-11", "title": "Mine près de Mopti", "source": "Test wire",
}


def test_post_refused_without_configured_token(readonly):
    r = readonly.post("/articles", json=ARTICLE, headers={"Authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 403 and "read-only" in r.json()["detail"]
    assert readonly.get("/stats").json()["articles"] == 6


def test_post_needs_the_right_token(client):
    assert client.post("/articles", json=ARTICLE).status_code == 401
    assert client.post("/articles", json=ARTICLE, headers={"Authorization": "Bearer wrong"}).status_code == 401
    assert client.post("/articles", json=ARTICLE, headers={"X-Veille-Token": TOKEN + "x"}).status_code == 401
    assert client.get("/stats").json()["articles"] == 6


def test_post_ingests_one_article_once(client):
    r = client.post("/articles", json=ARTICLE, headers={"Authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 201, r.text
    aid = r.json()["article_id"]
    art = client.get(f"/articles/{aid}").json()
    assert art["report"]["language"] == "fr" and art["title"] == "Mine près de Mopti"
    again = client.post("/articles", json=ARTICLE, headers={"X-Veille-Token": TOKEN})
    assert again.status_code == 200 and again.json() == {"article_id": aid, "created": False, "event_ids": []}
    bad = client.post("/articles", json={"text": "   "}, headers={"X-Veille-Token": TOKEN})
    assert bad.status_code == 422
    long = client.post("/articles", json={"text": "Gao. " * 300_000}, headers={"X-Veille-Token": TOKEN})
    assert long.status_code == 422 and "text too long (1,499,999 characters, limit 1,000,000)" in long.text


def test_serve_command_starts_the_app(db):
    import os
    import signal
    import socket
    import subprocess
    import sys
    import time
    import urllib.request

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "veille.cli", "serve", "--port", str(port), "--db", db],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        body = None
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/events?limit=1", timeout=2) as r:
                    body = json.loads(r.read())
                    break
            except OSError:
                time.sleep(0.2)
        assert body is not None and body["total"] == 5
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as r:
            assert b"leaflet.js" in r.read() and "script-src 'self'" in r.headers["Content-Security-Policy"]
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        _, err = proc.communicate(timeout=30)
    assert f"http://127.0.0.1:{port}/" in err


@pytest.mark.parametrize("path, params, says", [
    ("/events", {"offset": 2**63}, "less than or equal"),
    ("/events", {"min_sources": 2**63}, "less than or equal"),
    ("/events", {"q": "x" * 60_000}, "at most 200 characters"),  # httpx refuses longer URLs
    ("/events", {"actor": "a" * 201}, "at most 200 characters"),
    ("/events", {"q": "%"}, "cannot match any word"),
    ("/events", {"q": "*"}, "cannot match any word"),
    ("/events", {"q": "🔥"}, "cannot match any word"),
    ("/events", {"actor": "%_%"}, "cannot match any word"),
    ("/events", {"bbox": "a,b,c,d"}, "four numbers"),
    ("/timeline", {"q": "%"}, "cannot match any word"),
    ("/export.csv", {"q": "*"}, "cannot match any word"),
    ("/entities", {"name": "%"}, "cannot match any word"),
    ("/entities", {"offset": 2**63}, "less than or equal"),
    ("/quotes", {"speaker": "**"}, "cannot match any word"),
    ("/events/9223372036854775808", {}, "less than or equal"),
    ("/articles/9223372036854775808", {}, "less than or equal"),
    ("/events/0", {}, "greater than or equal"),
])
def test_every_parameter_is_bounded_with_a_422_and_a_message(client, path, params, says):
    resp = client.get(path, params=params)
    assert resp.status_code == 422, resp.text
    assert says in resp.text


def test_largest_ids_and_offsets_are_answered(client):
    assert client.get("/events/9223372036854775807").status_code == 404
    assert client.get("/articles/9223372036854775807").status_code == 404
    assert client.get("/events", params={"offset": 1_000_000_000}).json()["items"] == []


# ---------------------------------------------------------------------- honest exports
def _fail_after(monkeypatch, n: int) -> None:
    """Make the GeoJSON export fail at its (n+1)-th feature."""
    import veille.exports as exports

    real, calls = exports.geojson_feature, {"n": 0}

    def flaky(ev, sources):
        calls["n"] += 1
        if calls["n"] > n:
            raise RuntimeError("disk gone")
        return real(ev, sources)

    monkeypatch.setattr(exports, "geojson_feature", flaky)


def test_export_whose_query_fails_is_an_error_before_the_first_byte(db, monkeypatch):
    from veille.store.core import Store

    def broken(*_a, **_kw):
        raise RuntimeError("database gone")

    monkeypatch.setattr(Store, "find_events", broken)
    client = TestClient(create_app(db), raise_server_exceptions=False)
    for path in ("/export.csv", "/export.geojson"):
        assert client.get(path).status_code == 500


def test_export_failing_mid_stream_aborts_the_connection(db, monkeypatch):
    """Under a real server the client sees a broken body, not a well-formed truncated file."""
    import socket
    import threading
    import time

    import httpx
    import uvicorn

    _fail_after(monkeypatch, 1)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="critical"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 30
        while not server.started and time.monotonic() < deadline:
            time.sleep(0.05)
        with pytest.raises(httpx.RemoteProtocolError):
            httpx.get(f"http://127.0.0.1:{port}/export.geojson", timeout=30)
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def test_cli_export_failing_mid_stream_exits_1_and_leaves_no_file(db, monkeypatch, tmp_path):
    from typer.testing import CliRunner

    from veille.cli import app

    _fail_after(monkeypatch, 1)
    out = tmp_path / "events.geojson"
    res = CliRunner().invoke(app, ["export", "--db", db, "-f", "geojson", "-o", str(out)])
    assert res.exit_code == 1 and "export failed" in res.output and "disk gone" in res.output
    assert [p.name for p in tmp_path.iterdir() if p.suffix != ".db"] == []  # neither the file nor its part
    out.write_text("previous export", encoding="utf-8")
    assert CliRunner().invoke(app, ["export", "--db", db, "-f", "geojson", "-o", str(out)]).exit_code == 1
    assert out.read_text(encoding="utf-8") == "previous export"
    monkeypatch.undo()
    assert CliRunner().invoke(app, ["export", "--db", db, "-f", "geojson", "-o", str(out)]).exit_code == 0
    assert json.loads(out.read_text(encoding="utf-8"))["features"]


def test_unknown_query_parameters_are_a_422_naming_them(client):
    for url, bad in (("/events?event_dat=2021-03-08", ["event_dat"]), ("/events?sort=date&iso3=MLI", ["iso3", "sort"]),
                     ("/export.csv?typ=Battles", ["typ"]), ("/quotes?name=x", ["name"]), ("/stats?x=1", ["x"])):
        resp = client.get(url)
        assert resp.status_code == 422, url
        detail = resp.json()["detail"]
        assert detail["unknown"] == bad and ", ".join(bad) in detail["msg"]
    allowed = client.get("/events?sort=date").json()["detail"]["allowed"]
    assert {"country", "iso", "event_date", "event_type", "include_background", "limit", "offset"} <= set(allowed)
    assert client.get("/events?limit=5&country=ML").status_code == 200


def test_country_codes_names_repeats_and_acled_aliases(client):
    mali = ["Gao", "Gao", "Kidal", "Ménaka"]
    for query in ("country=ML", "country=MLI", "country=mali", "iso=466", "country=Mali|Niger", "country=NE&country=MLI"):
        assert locs(client.get("/events?" + query)) == mali, query
    assert locs(client.get("/events?country=MLI|IRQ")) == ["Bagdad"] + mali
    assert locs(client.get("/events?country=Iraq&country=Niger")) == ["Bagdad"]
    assert client.get("/events?country=Atlantis").status_code == 422
    assert client.get("/events?iso=999").status_code == 422
    assert locs(client.get("/events?event_type=battles")) == locs(client.get("/events?type=Battles"))
    resp = client.get("/events?type=Battle")
    assert resp.status_code == 422 and "Battles" in resp.json()["detail"]  # lists the valid types
    assert locs(client.get("/events?event_date=2021-03-08")) == locs(client.get("/events?start=2021-03-08&end=2021-03-08"))
    assert locs(client.get("/events?event_date=2021-03-07|2021-03-08")) == locs(client.get("/events?start=2021-03-07&end=2021-03-08"))
    assert client.get("/events?event_date=March").status_code == 422
    # an actor's acronym finds the events that name it otherwise (the French article: "Groupe de soutien ...")
    assert locs(client.get("/events?actor=JNIM")) == ["Gao"] and locs(client.get("/events?actor=gsim")) == ["Gao"]
    rows = list(csv.DictReader(io.StringIO(client.get("/export.csv?date_format=acled&country=IQ").text)))
    assert [r["event_date"] for r in rows] == ["07 March 2021"]
    assert client.get("/export.csv?date_format=us").status_code == 422


def test_openapi_types_every_response(client):
    spec = client.get("/openapi.json").json()
    paths, schemas = spec["paths"], spec["components"]["schemas"]

    def ok(path):
        return paths[path]["get"]["responses"]["200"]["content"]

    assert ok("/events")["application/json"]["schema"]["$ref"].endswith("/EventPage")
    assert schemas["EventPage"]["properties"]["items"]["items"]["$ref"].endswith("/MergedEvent")
    assert {"event_type", "latitude", "fatalities", "background"} <= set(schemas["MergedEvent"]["properties"])
    assert ok("/events/{event_id}")["application/json"]["schema"]["$ref"].endswith("/MergedEventDetail")
    assert "sources" in schemas["MergedEventDetail"]["properties"]
    assert ok("/articles/{article_id}")["application/json"]["schema"]["$ref"].endswith("/StoredArticle")
    assert ok("/quotes")["application/json"]["schema"]["$ref"].endswith("/QuotePage")
    assert list(ok("/export.csv")) == ["text/csv"]
    assert list(ok("/export.geojson")) == ["application/geo+json"]
    assert list(ok("/export.jsonl")) == ["application/x-ndjson"]
    ev = client.get("/events").json()["items"][0]
    detail = client.get(f"/events/{ev['id']}").json()
    assert detail["sources"] and detail["sources"][0]["evidence"]
    art = client.get(f"/articles/{detail['sources'][0]['article_id']}").json()
    assert art["report"]["text"] and art["events"]
