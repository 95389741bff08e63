"""The map page in a real headless browser (Debian's chromium through Playwright)."""

from __future__ import annotations

import os
import socket
import threading
import time
from pathlib import Path

import pytest
from report_factory import corpus_db

from veille.api import create_app

CHROMIUM = os.environ.get("VEILLE_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run", "--disable-sync"]

pytestmark = pytest.mark.browser


def test_page_files_are_local():
    web = Path(__file__).resolve().parents[1] / "src" / "veille" / "web"
    html = (web / "index.html").read_text(encoding="utf-8")
    assert "http://" not in html and "https://" not in html  # no CDN
    assert "<script>" not in html and "onclick" not in html  # no inline script (the CSP forbids it anyway)
    js = (web / "app.js").read_text(encoding="utf-8")
    assert ".innerHTML" not in js and "insertAdjacentHTML" not in js and "eval(" not in js
    for f in ("vendor/leaflet/leaflet.js", "vendor/leaflet/leaflet.css", "vendor/leaflet/LICENSE",
              "vendor/world/countries-110m.geojson"):
        assert (web / f).exists(), f


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    import uvicorn

    db = corpus_db(tmp_path_factory.mktemp("web") / "web.db")
    port = _free_port()
    config = uvicorn.Config(create_app(db, token=""), host="127.0.0.1", port=port, log_level="warning")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert srv.started, "uvicorn did not start"
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no chromium at {CHROMIUM} (apt-get install chromium); browser tests skipped")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture()
def page(browser, server):
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = ctx.new_page()
    pg.set_default_timeout(15000)
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    pg.on("dialog", lambda d: (errors.append("dialog: " + d.message), d.dismiss()))
    external: list[str] = []
    pg.on("request", lambda req: external.append(req.url) if not req.url.startswith(server) else None)
    pg.goto(server + "/")
    pg.wait_for_selector("body[data-loaded='1']")
    pg.errors = errors
    pg.external = external
    yield pg
    ctx.close()


SHOWN_ON_MAP = ("() => document.querySelectorAll('path.veille-marker').length + Array.from("
                "document.querySelectorAll('.veille-cluster span')).reduce((n, e) => n + (+e.textContent), 0)")


def _shown_on_map(page) -> int:
    """Events the map shows once its animations end: single markers plus the counts of the clusters."""
    page.wait_for_timeout(600)  # a zoom or a cluster's spreading animates for 250-500 ms
    return page.evaluate(SHOWN_ON_MAP)


def _uncluster(page, selector: str) -> None:
    """Click clusters (each click zooms in, or spreads stacked markers) until ``selector`` is drawn."""
    for _ in range(6):
        if page.locator(selector).count():
            return
        page.locator(".veille-cluster").first.dispatch_event("click")
        page.wait_for_timeout(700)
    assert page.locator(selector).count(), selector


def test_load_shows_markers_list_timeline_and_basemap(page, server):
    # two events at the same place (Gao) are one numbered cluster, not two stacked markers
    assert page.locator(".veille-cluster").count() >= 1 and _shown_on_map(page) == 5
    assert page.locator(".event-item").count() == 5
    assert page.locator("#timeline rect.day[data-count='2']").count() == 2
    page.wait_for_function("() => document.querySelectorAll('.leaflet-overlay-pane path').length > 100")  # countries drawn
    _uncluster(page, "path.veille-marker[data-type='Battles']")
    assert _shown_on_map(page) == 5
    assert "Marker size: reported fatalities" in page.inner_text("#legend-size")
    assert page.locator("#unmapped").is_hidden()  # every event of this corpus has coordinates
    # the marker of a reported toll (3 killed at Gao) is larger than one with none reported (Kidal protest)
    radius = page.eval_on_selector_all("path.veille-marker", "els => els.map(e => [e.dataset.type, e.getBBox().width])")
    battles = max(w for t, w in radius if t == "Battles")
    protests = [w for t, w in radius if t == "Protests"]
    assert not protests or battles > max(protests)
    assert page.external == [] and page.errors == []
    resp = page.request.get(server + "/")
    assert "script-src 'self'" in resp.headers["content-security-policy"]


def test_filters_by_type_text_and_date(page):
    page.select_option("#f-type", "Protests")
    page.click("#f-apply")
    page.wait_for_function("() => document.querySelectorAll('.event-item').length === 1")
    assert "Kidal" in page.inner_text(".event-item")
    page.click("#f-reset")
    page.wait_for_function("() => document.querySelectorAll('.event-item').length === 5")
    page.fill("#f-q", "roquette")
    page.press("#f-q", "Enter")
    page.wait_for_function("() => document.querySelectorAll('.event-item').length === 1")
    assert "Bagdad" in page.inner_text(".event-item")
    page.click("#f-reset")
    page.wait_for_function("() => document.querySelectorAll('.event-item').length === 5")
    page.click("#timeline rect.day[data-day='2021-03-08']")
    page.wait_for_function("() => document.querySelectorAll('.event-item').length === 1")
    assert page.input_value("#f-start") == "2021-03-08" and page.input_value("#f-end") == "2021-03-08"
    assert "export.csv?start=2021-03-08" in page.get_attribute("#x-csv", "href")
    page.click("#t-clear")
    page.wait_for_function("() => document.querySelectorAll('.event-item').length === 5")
    page.select_option("#f-min", "2")
    page.click("#f-apply")
    page.wait_for_function("() => document.querySelectorAll('.event-item').length === 1")
    assert "2 source(s)" in page.inner_text(".event-item")
    page.select_option("#f-country", "IQ")
    page.click("#f-apply")
    page.wait_for_function("() => document.querySelectorAll('.event-item').length === 0")


def test_click_marker_then_see_highlighted_evidence(page):
    # both Battles are at Gao: stacked in one cluster, spread out by clicking it; then a DOM click on one
    _uncluster(page, "path.veille-marker[data-type='Battles']")
    page.locator("path.veille-marker[data-type='Battles']").first.dispatch_event("click")
    page.wait_for_selector("#event-detail:not([hidden]) .source")
    detail = page.inner_text("#event-detail")
    assert "Battles" in detail
    page.click("#event-detail .source .open-article >> nth=0")
    page.wait_for_selector("#article-view:not([hidden]) mark")
    fields = set(page.eval_on_selector_all("#article-text mark", "els => els.map(e => e.dataset.field)"))
    assert {"trigger", "place", "date", "actor2", "fatalities"} <= fields
    place = page.inner_text("#article-text mark[data-field='place']")
    assert place == "Gao"
    assert "embuscade" in page.inner_text("#article-text mark[data-field='trigger']") or "ambush" in page.inner_text(
        "#article-text mark[data-field='trigger']")
    page.click("#article-fields li[data-field='place']")
    assert "focus" in page.get_attribute("#article-text mark[data-field='place']", "class")
    page.click("#article-text mark[data-field='date']")
    assert "focus" in page.get_attribute("#article-fields li[data-field='date']", "class")
    assert page.errors == []


def test_script_laden_article_does_not_execute(page):
    page.click(".event-item:has-text('Ménaka')")
    page.wait_for_selector("#event-detail:not([hidden]) .source")
    page.click("#event-detail .open-article")
    page.wait_for_selector("#article-view:not([hidden]) mark")
    text = page.inner_text("#article-text")
    assert "<script>window.__pwned = 'script'</script>" in text and "onerror" in text
    assert "<img" in page.inner_text("#article-title")
    assert page.locator("#article-view script, #article-view img, #event-detail img, #event-detail script").count() == 0
    page.wait_for_timeout(300)
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.errors == []


def test_detail_closes_when_its_event_is_filtered_away(page):
    page.click(".event-item:has-text('Bagdad')")
    page.wait_for_selector("#event-detail:not([hidden]) .source")
    assert page.evaluate("() => { const r = document.querySelector('#event-detail').getBoundingClientRect();"
                         " return r.top < window.innerHeight; }")  # scrolled into view
    page.select_option("#f-type", "Protests")
    page.click("#f-apply")
    page.wait_for_function("() => document.querySelectorAll('.event-item').length === 1")
    assert page.locator("#event-detail").is_hidden()
    page.check("#f-bg")
    page.click("#f-apply")
    page.wait_for_function("() => document.querySelector('#x-csv').href.includes('include_background=true')")
    assert page.errors == []
