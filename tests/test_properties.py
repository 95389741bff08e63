"""Property tests (Hypothesis): readers, the pipeline and the API parameters never fail outside
their contract, whatever they are given: every input is an Article or an InputError naming it,
every report's offsets point into its text, every API answer is a 200 or a 422, never a 500."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from veille.errors import InputError
from veille.ingest.article import MAX_CHARS, Article
from veille.ingest.decode import decode_bytes
from veille.ingest.readers import read_jsonl_lines, read_path
from veille.pipeline import extract_articles

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
CONTROL = st.characters(min_codepoint=0, max_codepoint=0x1F)
TEXTS = st.one_of(
    st.text(),
    st.text(alphabet=st.one_of(CONTROL, st.characters(exclude_categories=("Cs",))), max_size=200),  # no lone surrogates: no file holds one
    st.builds(lambda t, n: t * n, st.text(min_size=1, max_size=3), st.integers(1, 50_000)),  # huge tokens
)
ENCODINGS = st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "cp1252", "latin-1"])


def _is_clean_article(art: Article) -> bool:
    return 0 < len(art.text) <= MAX_CHARS and not any(ord(c) < 32 and c not in "\n\t" for c in art.text)


# ---------------------------------------------------------------------- readers
@FAST
@given(st.binary(max_size=4000))
def test_any_bytes_decode_to_text_or_a_named_error(data):
    try:
        assert isinstance(decode_bytes(data, "r"), str)
    except InputError as err:
        assert err.record == "r" and err.reason and "\n" not in err.reason


@FAST
@given(TEXTS, ENCODINGS)
def test_any_text_in_any_encoding_reads_as_one_article_or_one_error(tmp_path_factory, text, encoding):
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        data = text.encode("utf-8", "surrogatepass")  # a lone surrogate ("\ud800") makes bytes no codec wrote
    p = tmp_path_factory.mktemp("r") / "a.txt"
    p.write_bytes(data)
    [item] = list(read_path(p))
    assert isinstance(item, (Article, InputError))
    if isinstance(item, Article):
        assert _is_clean_article(item)
    else:
        assert str(p) in str(item)


LINES = st.one_of(
    st.binary(max_size=300),
    st.builds(lambda t: json.dumps({"id": "x", "text": t}).encode(), TEXTS),
    st.builds(lambda v: json.dumps(v).encode(), st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=20),
        lambda kids: st.lists(kids, max_size=3) | st.dictionaries(st.sampled_from(["id", "text", "html", "published", "title"]), kids, max_size=4),
        max_leaves=8)),
)


@FAST
@given(st.lists(LINES, max_size=8))
def test_any_jsonl_lines_give_one_item_per_non_blank_line_each_named(lines):
    items = list(read_jsonl_lines(iter(lines), "feed.jsonl"))
    assert len(items) == sum(1 for line in lines if line.strip())
    for item in items:
        if isinstance(item, InputError):
            assert item.record.startswith("feed.jsonl:")
        else:
            assert _is_clean_article(item) and item.label.startswith("feed.jsonl:")


# ---------------------------------------------------------------------- pipeline
def _spans(node):
    if isinstance(node, dict):
        if isinstance(node.get("start"), int) and isinstance(node.get("end"), int):
            yield node["start"], node["end"]
        for v in node.values():
            yield from _spans(v)
    elif isinstance(node, list):
        for v in node:
            yield from _spans(v)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.text(min_size=1, max_size=400), min_size=1, max_size=3), st.sampled_from(["auto", "fr", "en"]))
def test_random_unicode_through_the_pipeline_gives_a_report_or_an_error_per_article(texts, lang):
    arts = []
    for i, t in enumerate(texts):
        try:
            arts.append(Article.build(t, id=f"a{i}"))
        except InputError:
            continue
    out = list(extract_articles(arts, lang=lang))
    assert len(out) == len(arts)
    for art, item in zip(arts, out, strict=True):
        if isinstance(item, InputError):
            assert item.record == art.id and "internal error" not in item.reason
            continue
        for start, end in _spans(item.model_dump()):
            assert 0 <= start <= end <= len(item.text)


# ---------------------------------------------------------------------- API parameters
@pytest.fixture(scope="module")
def client(tmp_path_factory):
    from fastapi.testclient import TestClient
    from report_factory import corpus_db

    from veille.api import create_app

    path = corpus_db(tmp_path_factory.mktemp("api") / "p.db")
    return TestClient(create_app(path, token="t"), raise_server_exceptions=False)


VALUES = st.one_of(st.text(max_size=300), st.integers(min_value=-(2**70), max_value=2**70).map(str),
                   st.floats(allow_nan=True, allow_infinity=True).map(str))
PARAMS = ["start", "end", "bbox", "type", "actor", "country", "q", "min_sources", "limit", "offset", "name", "speaker"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.sampled_from(["/events", "/timeline", "/entities", "/quotes", "/export.csv", "/export.geojson"]),
       st.dictionaries(st.sampled_from(PARAMS), VALUES, max_size=4))
def test_api_answers_any_parameters_with_200_or_422(client, path, params):
    resp = client.get(path, params=params)
    assert resp.status_code in (200, 422), (path, params, resp.text[:300])
    if resp.status_code == 422:
        assert resp.json()["detail"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.sampled_from(["/events/", "/articles/"]),
       st.one_of(st.integers(min_value=-(2**70), max_value=2**70).map(str), st.text(min_size=1, max_size=50)))
def test_api_answers_any_path_id_with_404_or_422(client, path, value):
    from urllib.parse import quote

    resp = client.get(path + quote(value, safe=""))
    assert resp.status_code in (200, 404, 422), (path, value, resp.text[:300])
