"""Readers and bad input: each bad record gets one clear error naming it; the rest go on."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys

import pytest

from veille.errors import InputError
from veille.ingest.article import Article, normalise_text, text_hash
from veille.ingest.decode import decode_bytes
from veille.ingest.language import detect_language
from veille.ingest.readers import read_path
from veille.pipeline import extract_articles

FR = (
    "Trois soldats ont été tués mardi dans l'attaque d'un poste militaire près de Gao, "
    "dans le nord du Mali, a annoncé l'armée malienne dans un communiqué."
)
EN = (
    "Police in Nairobi fired tear gas on Tuesday to disperse hundreds of protesters who had "
    "gathered outside parliament to denounce a proposed tax increase, witnesses said."
)


def records(path):
    return list(read_path(path))


def test_text_is_normalised_and_hashed_stably():
    a = Article.build("\ufeffLigne une  \r\nLigne deux\r\n\r\n")
    assert a.text == "Ligne une\nLigne deux"
    assert text_hash("Ligne une\nLigne deux") == text_hash("ligne  une ligne deux")
    assert normalise_text("e\u0301te\u0301") == "été"


def test_empty_and_whitespace_input_is_refused(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_text("   \n\t  \n")
    for name in ("empty.txt", "blank.txt"):
        [err] = records(tmp_path / name)
        assert isinstance(err, InputError)
        assert name in str(err) and "empty" in str(err)


def test_binary_file_is_refused(tmp_path):
    p = tmp_path / "photo.txt"
    p.write_bytes(bytes(range(256)) * 50)
    [err] = records(p)
    assert isinstance(err, InputError) and "binary" in err.reason and "photo.txt" in str(err)


def test_latin1_and_cp1252_and_utf16_decode():
    text = "Le général a déclaré à l'AFP que l'opération était terminée — « sans pertes »."
    assert decode_bytes(text.encode("utf-16")) == text
    assert decode_bytes(text.encode("cp1252")) == text
    latin = "L'armée a évoqué une opération « réussie » à Ségou, où l'été fut très sec."
    assert decode_bytes(latin.encode("latin-1")) == latin


def test_huge_file_is_refused_without_loading(tmp_path):
    p = tmp_path / "huge.txt"
    with open(p, "wb") as fh:
        fh.write((FR + "\n").encode() * (50 * 1024 * 1024 // (len(FR) + 1) + 1))
    assert p.stat().st_size >= 50 * 1024 * 1024
    [err] = records(p)
    assert isinstance(err, InputError) and "too large" in err.reason and "huge.txt" in str(err)


def test_malformed_json_lines_are_reported_and_others_continue(tmp_path):
    p = tmp_path / "feed.jsonl"
    lines = [
        json.dumps({"id": "a1", "text": FR, "published": "2024-05-14", "title": "Mali"}),
        '{"id": "a2", "text": "unterminated',
        json.dumps(["not", "an", "object"]),
        json.dumps({"id": "a4"}),
        json.dumps({"id": "a5", "text": EN, "published": "14/05/2024"}),
        "",
        json.dumps({"id": "a7", "text": "   "}),
        json.dumps({"id": "a8", "text": EN, "source": "Wire"}),
    ]
    p.write_text("\n".join(lines), encoding="utf-8")
    out = records(p)
    ok = [r for r in out if isinstance(r, Article)]
    errs = [r for r in out if isinstance(r, InputError)]
    assert [a.id for a in ok] == ["a1", "a8"]
    assert ok[0].published.isoformat() == "2024-05-14" and ok[0].title == "Mali"
    assert len(errs) == 5
    msgs = [str(e) for e in errs]
    assert "feed.jsonl:2" in msgs[0] and "malformed JSON" in msgs[0]
    assert "feed.jsonl:3" in msgs[1] and "JSON object" in msgs[1]
    assert "id=a4" in msgs[2] and "neither" in msgs[2]
    assert "id=a5" in msgs[3] and "ISO date" in msgs[3]
    assert "id=a7" in msgs[4] and "empty" in msgs[4]


def test_gzipped_jsonl_and_folder_recursion(tmp_path):
    sub = tmp_path / "a" / "b"
    sub.mkdir(parents=True)
    with gzip.open(sub / "feed.jsonl.gz", "wt", encoding="utf-8") as fh:
        fh.write(json.dumps({"id": "g1", "text": EN}) + "\n")
    (tmp_path / "a" / "one.txt").write_text(FR, encoding="utf-8")
    (tmp_path / "a" / "ignored.csv").write_text("x,y")
    out = records(tmp_path)
    assert sorted(a.id.split("/")[-1] for a in out if isinstance(a, Article)) == ["g1", "one.txt"]


def test_hostile_html_yields_text_without_markup(tmp_path):
    p = tmp_path / "page.html"
    p.write_text(
        "<html><head><title>Attaque à Gao</title><script>alert('x')</script></head><body>"
        "<nav>Accueil | Monde</nav><article><h1>Attaque à Gao</h1>"
        f"<p>{FR}</p><p onclick=\"steal()\">Le bilan pourrait s'alourdir, selon une source sécuritaire."
        "<img src=x onerror=alert(1)></p></article><iframe src='javascript:alert(2)'></iframe></body></html>",
        encoding="utf-8",
    )
    [art] = records(p)
    assert isinstance(art, Article)
    assert "Trois soldats" in art.text
    assert "<" not in art.text and "alert" not in art.text and "steal" not in art.text


def test_html_without_article_text_is_an_error(tmp_path):
    p = tmp_path / "empty.html"
    p.write_text("<html><body><script>var a = 1;</script></body></html>")
    [err] = records(p)
    assert isinstance(err, InputError) and "empty.html" in str(err)


def test_language_detection_and_unsupported_language():
    assert detect_language(FR)[0] == "fr"
    assert detect_language(EN)[0] == "en"
    de = "Die Polizei hat am Dienstag in Berlin mehrere Demonstranten festgenommen, teilte ein Sprecher mit."
    with pytest.raises(InputError, match=r"unsupported language: de \(confidence [01]\.\d\d\)"):
        detect_language(de, "de-1")


def test_batch_goes_on_past_bad_records():
    arts = [
        Article.build(FR, id="fr1"),
        InputError("malformed JSON", "feed.jsonl:2"),
        Article.build("Die Polizei hat am Dienstag in Berlin mehrere Demonstranten festgenommen.", id="de1"),
        Article.build(EN, id="en1"),
    ]
    out = list(extract_articles(arts))
    assert [type(o).__name__ for o in out] == ["Report", "InputError", "InputError", "Report"]
    assert out[0].language == "fr" and out[3].language == "en"
    assert "de1" in str(out[2])


def test_cli_reports_bad_records_on_stderr_and_good_ones_on_stdout(tmp_path):
    p = tmp_path / "feed.jsonl"
    p.write_text(json.dumps({"id": "ok", "text": EN}) + "\n{oops\n", encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "veille.cli", "extract", str(p)], capture_output=True, text=True, timeout=300
    )
    assert proc.returncode == 3, proc.stderr  # some records failed, as `veille ingest` says it
    reports = [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]
    assert [r["id"] for r in reports] == ["ok"]
    assert "feed.jsonl:2" in proc.stderr and "malformed JSON" in proc.stderr
    assert len([line for line in proc.stderr.splitlines() if "error" in line]) == 1


def test_cli_single_bad_file_exits_nonzero(tmp_path):
    p = tmp_path / "bin.txt"
    p.write_bytes(b"\x00\x01\x02\x03" * 100)
    proc = subprocess.run(
        [sys.executable, "-m", "veille.cli", "extract", str(p)], capture_output=True, text=True, timeout=300
    )
    assert proc.returncode == 1
    assert "bin.txt" in proc.stderr and "binary" in proc.stderr


@pytest.mark.parametrize(
    "text, lang, place, published, agency",
    [
        ("OUAGADOUGOU, 18 avril 2024 (APV) - Au moins neuf civils ont été tués mardi.", "fr", "OUAGADOUGOU", "2024-04-18", "APV"),
        ("Titre de l'article\nGAO (Mali), 3 mars 2023 (AFP) — Trois soldats ont été tués.", "fr", "GAO", "2023-03-03", "AFP"),
        ("MOGADISHU, May 6, 2024 (Reuters) - Several mortar rounds landed.", "en", "MOGADISHU", "2024-05-06", "Reuters"),
        ("BAGDAD, 21 mai (AFP) - Un missile est tombé.", "fr", "BAGDAD", None, "AFP"),
        ("MAIDUGURI, Nigeria, Sept 4, 2023 (AP) - Gunmen killed five farmers.", "en", "MAIDUGURI", "2023-09-04", "AP"),
        ("GOMA, Democratic Republic of Congo, Aug 31, 2023 (AP) - Troops fired.", "en", "GOMA", "2023-08-31", "AP"),
        ("PARIS, July 10, 2023 (Reuters) - Police said.", "en", "PARIS", "2023-07-10", "Reuters"),
        ("PARIS (Reuters) - French police detained two men on Monday.", "en", "PARIS", None, "Reuters"),
    ],
)
def test_dateline_place_date_and_agency(text, lang, place, published, agency):
    from veille.ingest.dateline import find_dateline

    d = find_dateline(text, lang)
    assert d is not None and d.place == place and d.agency == agency
    assert text[d.place_start : d.place_end] == place
    assert (d.date.isoformat() if d.date else None) == published


def test_headline_in_capitals_is_not_a_dateline():
    from veille.ingest.dateline import find_dateline

    assert find_dateline("LE GOUVERNEMENT DÉMISSIONNE - Le Premier ministre a remis sa démission.", "fr") is None
    assert find_dateline("Le ministre a parlé lundi - sans notes - devant les députés.", "fr") is None


def test_dated_dateline_stands_in_for_missing_publication_date():
    from veille.pipeline import extract

    text = "NIAMEY, 12 juin 2024 (APV) - Des manifestants se sont rassemblés samedi devant l'Assemblée nationale."
    r = extract(text)
    assert r.published.isoformat() == "2024-06-12"
    assert any("dateline" in w for w in r.warnings)
    r2 = extract(text, published="2024-06-20")
    assert r2.published.isoformat() == "2024-06-20" and not any("dateline" in w for w in r2.warnings)


# ---------------------------------------------------------------------- one record never spoils another
def test_long_record_is_one_error_line_between_good_reports(tmp_path):
    """good, 1.5 M characters, good: two reports and one error naming file:line (id=...), no crash."""
    from typer.testing import CliRunner

    from veille.cli import app
    from veille.ingest.article import MAX_CHARS

    long_text = ("Le marché de Gao a été attaqué mardi. " * 40 + "\n\n") * (1_500_000 // 1560 + 1)
    assert MAX_CHARS < len(long_text.strip()) <= 2_000_000
    p = tmp_path / "feed.jsonl"
    p.write_text("\n".join(json.dumps(r) for r in [{"id": "a", "text": FR}, {"id": "big", "text": long_text},
                                                   {"id": "b", "text": EN}]) + "\n", encoding="utf-8")
    res = CliRunner().invoke(app, ["extract", str(p)])
    assert res.exit_code == 3, res.output
    reports = [json.loads(line) for line in res.stdout.splitlines() if line.startswith("{")]
    assert [r["id"] for r in reports] == ["a", "b"]
    errors = [line for line in res.stderr.splitlines() if "error" in line]
    assert len(errors) == 1 and f"{p}:2 (id=big)" in errors[0] and "text too long" in errors[0]


def test_spacy_and_stage_failures_cost_only_their_article(monkeypatch, tmp_path):
    from veille import pipeline
    from veille.pipeline import get_nlp

    p = tmp_path / "feed.jsonl"
    boom = FR.replace("Gao", "Kidal")
    p.write_text("\n".join(json.dumps({"id": i, "text": t}) for i, t in [("a", FR), ("boom", boom), ("c", FR + " Fin.")]),
                 encoding="utf-8")
    real_run = pipeline.run_stages

    def flaky(doc):
        if "Kidal" in doc.article.text:
            raise RuntimeError("stage bug\non two lines")
        return real_run(doc)

    monkeypatch.setattr(pipeline, "run_stages", flaky)
    out = list(extract_articles(read_path(p)))
    assert [type(o).__name__ for o in out] == ["Report", "InputError", "Report"]
    assert str(out[1]) == f"{p}:2 (id=boom): internal error: RuntimeError: stage bug on two lines"
    # spaCy refusing one text inside a batch: the batch is parsed again one article at a time
    nlp = get_nlp("fr")
    monkeypatch.setattr(nlp, "max_length", len(FR) + 1)
    out = list(extract_articles(read_path(p)))
    assert [type(o).__name__ for o in out] == ["Report", "InputError", "InputError"]
    assert f"{p}:3 (id=c): internal error: ValueError" in str(out[2])


# ---------------------------------------------------------------------- messages that say what happened
def test_utf16_without_bom_is_text_not_binary(tmp_path):
    text = "Le général a déclaré à l'AFP que l'opération était terminée — « sans pertes »."
    assert decode_bytes(text.encode("utf-16-le")) == text
    assert decode_bytes(text.encode("utf-16-be")) == text
    p = tmp_path / "utf16.txt"
    p.write_bytes((FR + "\n" + FR).encode("utf-16-le"))
    [art] = records(p)
    assert isinstance(art, Article) and art.text.startswith("Trois soldats")
    with pytest.raises(InputError, match="binary"):
        decode_bytes(b"\x01\x00\x02\x00\x03\x00\x04\x00" * 100)  # every other byte NUL, but not text


@pytest.mark.parametrize("text, code", [
    ("Poliisi otti tiistaina kiinni useita mielenosoittajia Helsingin keskustassa, kertoi poliisin tiedottaja.", "fi"),
    ("警方周二在北京逮捕了数名抗议者，一名发言人在新闻发布会上表示，局势已经得到控制。", "zh"),
])
def test_unsupported_language_is_named_honestly(text, code):
    with pytest.raises(InputError, match=rf"unsupported language: {code} \(confidence [01]\.\d\d\)"):
        detect_language(text, "x")


def test_size_limit_is_stated_in_mebibytes():
    from veille.ingest.decode import MAX_BYTES
    from veille.ingest.readers import read_text_bytes

    with pytest.raises(InputError, match=r"file too large \(20\.0 MiB, limit 20 MiB\)"):
        read_text_bytes(b"a" * (MAX_BYTES + 1), "big.txt")
