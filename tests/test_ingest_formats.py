"""Streaming readers for news-crawl formats: WARC (warcio) and Parquet (pyarrow), fixtures made here."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest

from veille.errors import InputError
from veille.ingest.batch import estimate_total, ingest, iter_records
from veille.ingest.readers import read_path
from veille.ingest.streams import parse_columns
from veille.store import open_store

FR = ("Au moins douze civils ont été tués mardi dans l'attaque d'un marché à Gao, dans le nord du Mali, a annoncé "
      "le gouverneur de la région. Des hommes armés à moto ont ouvert le feu vers 10 heures avant de prendre la fuite.")
EN = ("Gunmen on motorbikes killed seven villagers near Mopti on Sunday, local officials said, in the latest of a "
      "string of attacks in central Mali. The army sent reinforcements to the area.")


def page(title: str, text: str) -> bytes:
    return (f"<html><head><title>{title}</title><script>alert(1)</script></head><body><nav>Accueil | Monde</nav>"
            f"<article><h1>{title}</h1><p>{text}</p></article><footer>© Journal</footer></body></html>").encode()


# ---------------------------------------------------------------------- WARC
def write_warc(path: Path, broken_tail: bool = False) -> Path:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as fh:
        w = WARCWriter(fh, gzip=path.name.endswith(".gz"))
        w.write_record(w.create_warcinfo_record(path.name, {"software": "veille tests"}))

        def response(url, body, status="200 OK", ctype="text/html; charset=utf-8", day="2024-06-12"):
            http = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
            return w.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=http,
                                        warc_headers_dict={"WARC-Date": f"{day}T08:30:00Z"})

        req = StatusAndHeaders("GET / HTTP/1.1", [("Host", "example.org")], is_http_request=True)
        w.write_record(w.create_warc_record("https://example.org/gao", "request", http_headers=req))
        w.write_record(response("https://example.org/gao", page("Attaque à Gao", FR)))
        w.write_record(response("https://example.org/logo.png", b"\x89PNG\r\n\x1a\n" + bytes(64), ctype="image/png"))
        w.write_record(response("https://example.org/gone", page("Gone", EN), status="404 Not Found"))
        w.write_record(response("https://example.org/empty", b"<html><body><script>x()</script></body></html>"))
        w.write_record(response("https://example.org/mopti", page("Attack near Mopti", EN).decode().encode("latin-1"),
                                ctype="text/html; charset=iso-8859-1", day="2024-06-16"))
    if broken_tail:
        with path.open("ab") as fh:
            fh.write(b"\x00\x01binary junk\xff\xfe" * 5)  # damage where the eighth record should start
    return path


def test_warc_response_records_become_articles(tmp_path):
    pytest.importorskip("warcio")
    path = write_warc(tmp_path / "crawl.warc.gz")
    items = list(read_path(path))
    arts = [i for i in items if not isinstance(i, InputError)]
    errs = [i for i in items if isinstance(i, InputError)]
    assert [a.url for a in arts] == ["https://example.org/gao", "https://example.org/mopti"]
    assert [a.published for a in arts] == [date(2024, 6, 12), date(2024, 6, 16)]  # the record's WARC-Date
    gao = arts[0]
    assert "douze civils" in gao.text and "alert" not in gao.text and "Accueil" not in gao.text
    assert gao.title == "Attaque à Gao" and gao.id and gao.id.startswith("urn:uuid:")
    assert gao.record == f"{path}:3 (url=https://example.org/gao)"  # warcinfo, request, then this response
    # the page without article text is named by its record number and URL; images and a 404 are skipped
    assert len(errs) == 1 and errs[0].record == f"{path}:6 (url=https://example.org/empty)"
    assert "no article text" in errs[0].reason
    assert estimate_total([str(path)]) is None  # counting WARC records means reading the file whole

    with open_store(str(tmp_path / "w.db")) as st:
        stats = ingest(iter_records([str(tmp_path)]), st, workers=1)  # found in a folder too
        assert (stats.added, stats.errors) == (2, 1)
        rows = {r["url"]: r for r in st.all("SELECT url, published FROM articles")}
        assert rows["https://example.org/gao"]["published"] == "2024-06-12"
        places = {r["location"] for r in st.all("SELECT location FROM events")}
        assert {"Gao", "Mopti"} <= places


def test_malformed_warc_records_error_clearly(tmp_path):
    pytest.importorskip("warcio")
    junk = tmp_path / "junk.warc"
    junk.write_bytes(b"this is not a WARC file at all\n" * 3)
    (err,) = list(read_path(junk))
    assert isinstance(err, InputError) and err.record == str(junk) and err.reason.startswith(("not a WARC file", "not a WARC record"))
    cut = write_warc(tmp_path / "cut.warc", broken_tail=True)
    items = list(read_path(cut))
    assert sum(not isinstance(i, InputError) for i in items) == 2  # the good records before the damage are read
    last = items[-1]
    assert isinstance(last, InputError) and last.record == f"{cut}:8" and "malformed WARC record" in last.reason


# ---------------------------------------------------------------------- Parquet
def write_parquet(path: Path, row_group_size: int = 2) -> Path:
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    table = pa.table({
        "doc_id": [101, 102, 103, 104],
        "body": [FR, EN, None, "  "],
        "headline": ["Attaque à Gao", "Attack near Mopti", "Rien", "Vide"],
        "link": ["https://example.org/gao", None, None, None],
        "day": pa.array([date(2024, 6, 12), date(2024, 6, 16), None, None], pa.date32()),
        "extra": ["x", "y", "z", "w"],
    })
    pq.write_table(table, path, row_group_size=row_group_size)
    return path


def test_parquet_rows_with_a_column_mapping(tmp_path):
    path = write_parquet(tmp_path / "dump.parquet")
    columns = parse_columns("id=doc_id, text=body,title=headline,url=link,published=day")
    assert estimate_total([str(path)]) == 4  # from the file's metadata
    items = list(read_path(path, columns=columns))
    assert len(items) == 4
    gao, mopti, none, blank = items
    assert isinstance(gao, type(mopti)) and not isinstance(gao, InputError)
    assert (gao.id, gao.title, gao.url, gao.published) == ("101", "Attaque à Gao", "https://example.org/gao", date(2024, 6, 12))
    assert gao.record == f"{path}:row 1 (id=101)"
    assert not isinstance(mopti, InputError) and mopti.published == date(2024, 6, 16) and mopti.url is None
    assert isinstance(none, InputError) and none.record == f"{path}:row 3 (id=103)" and "neither 'text' nor 'html'" in none.reason
    assert isinstance(blank, InputError) and blank.record == f"{path}:row 4 (id=104)" and blank.reason == "empty text"

    with open_store(str(tmp_path / "p.db")) as st:
        stats = ingest(iter_records([str(path)], columns=columns), st, workers=1)
        assert (stats.added, stats.errors) == (2, 2)
        assert {r["record_id"] for r in st.all("SELECT record_id FROM articles")} == {"101", "102"}
        assert {"Gao", "Mopti"} <= {r["location"] for r in st.all("SELECT location FROM events")}


def test_parquet_errors_name_the_file_and_the_problem(tmp_path):
    path = write_parquet(tmp_path / "dump.parquet")
    (err,) = list(read_path(path))  # default names: no 'text' or 'html' column
    assert isinstance(err, InputError) and err.record == str(path)
    assert "no text column" in err.reason and "body" in err.reason and "--columns text=NAME" in err.reason
    (err,) = list(read_path(path, columns={"text": "content"}))
    assert "column mapping names missing columns: text=content" in err.reason
    bad = tmp_path / "bad.parquet"
    bad.write_bytes(b"PAR1 not really parquet")
    (err,) = list(read_path(bad))
    assert isinstance(err, InputError) and err.record == str(bad) and err.reason.startswith("not a readable Parquet file")
    with pytest.raises(ValueError, match="unknown field 'body'"):
        parse_columns("body=text")
    with pytest.raises(ValueError, match="expected FIELD=COLUMN"):
        parse_columns("text")


def test_cli_parquet_columns_option(tmp_path):
    from typer.testing import CliRunner

    from veille.cli import app

    path = write_parquet(tmp_path / "dump.parquet")
    db = str(tmp_path / "cli.db")
    runner = CliRunner()
    res = runner.invoke(app, ["ingest", str(path), "--db", db, "--columns", "nope"])
    assert res.exit_code == 2 and "--columns" in res.output
    res = runner.invoke(app, ["ingest", str(path), "--db", db, "--columns", "id=doc_id,text=body,published=day"])
    assert res.exit_code == 3, res.output  # two rows went in, two failed
    assert "2 new articles stored" in " ".join(res.output.split())
