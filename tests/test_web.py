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
              "vendor/world/countries-110m.geojson", "vendor/world/admin1-10m.geojson", "vendor/world/places.json",
              "vendor/markercluster/leaflet.markercluster.js"):
        assert (web / f).exists(), f


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serve(db: str):
    import uvicorn

    port = _free_port()
    config = uvicorn.Config(create_app(db, token=""), host="127.0.0.1", port=port, log_level="warning")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert srv.started, "uvicorn did not start"
    return f"http://127.0.0.1:{port}", srv, thread


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    url, srv, thread = _serve(corpus_db(tmp_path_factory.mktemp("web") / "web.db"))
    yield url
    srv.should_exit = True
    thread.join(timeout=10)


def _lost_report():
    """An event with neither a place nor a date: the map and the timeline cannot show it."""
    from report_factory import make_report

    text = "Des hommes armés ont enlevé trois enseignants, a indiqué un responsable local. Aucune rançon n'a été demandée."
    return make_report(text, published=None, lang="fr", title="Enlèvement d'enseignants", source="Agence E", rid="lost",
                       events=[dict(trigger="enlevé", event_type="Violence against civilians",
                                    sub_event_type="Abduction/forced disappearance", actor1="hommes armés")])


@pytest.fixture(scope="module")
def server_with_lost_event(tmp_path_factory):
    from veille.store import open_store

    db = corpus_db(tmp_path_factory.mktemp("web-lost") / "web.db")
    with open_store(db) as st:
        st.add_report(_lost_report())
    url, srv, thread = _serve(db)
    yield url
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


def _open(browser, server):
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
    return ctx, pg


@pytest.fixture()
def page(browser, server):
    ctx, pg = _open(browser, server)
    yield pg
    ctx.close()


SHOTS = Path(os.environ.get("VEILLE_SCREENSHOTS", Path(__file__).resolve().parents[1] / "bench" / "out" / "screenshots"))


PIXELS = """async (src) => {
  const img = new Image(); img.src = src; await img.decode();
  const c = document.createElement('canvas'); c.width = img.width; c.height = img.height;
  const g = c.getContext('2d'); g.drawImage(img, 0, 0);
  const d = g.getImageData(0, 0, c.width, c.height).data, counts = {};
  for (let i = 0; i < d.length; i += 4) { const k = (d[i] >> 3) + ',' + (d[i + 1] >> 3) + ',' + (d[i + 2] >> 3); counts[k] = (counts[k] || 0) + 1; }
  return {width: c.width, height: c.height, counts: counts};
}"""


def _near(counts: dict, hex_colour: str, opacity: float = 1.0, under: str = "#e7e3d8") -> int:
    """Pixels of ``hex_colour`` drawn at ``opacity`` over ``under`` (the land), give or take a few
    levels (counts keyed by 5-bit channels)."""
    def rgb(h: str) -> list[int]:
        return [int(h[i:i + 2], 16) for i in (1, 3, 5)]

    want = [(opacity * c + (1 - opacity) * u) / 8 for c, u in zip(rgb(hex_colour), rgb(under), strict=True)]
    return sum(n for k, n in counts.items() if all(abs(int(v) - w) <= 1.5 for v, w in zip(k.split(","), want, strict=True)))


def _screenshot(page, name: str, colours: tuple[str, ...] = (), sea: bool = True) -> Path:
    """Save the map's screenshot (bench/out/screenshots/, or $VEILLE_SCREENSHOTS) and check what it
    shows, decoded by the browser: the viewport's size, a drawn map (sea, land, many colours, not a
    blank or broken page), and each of ``colours`` (markers) on some pixels."""
    import base64

    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    box = page.locator("#map").bounding_box()
    data = page.screenshot(path=str(path), clip=box)
    viewer = page.context.new_page()
    try:
        shot = viewer.evaluate(PIXELS, "data:image/png;base64," + base64.b64encode(data).decode())
    finally:
        viewer.close()
    assert (shot["width"], shot["height"]) == (round(box["width"]), round(box["height"]))
    counts, total = shot["counts"], shot["width"] * shot["height"]
    assert len(counts) > 40, f"{path}: {len(counts)} colours, the map looks blank"
    assert not sea or _near(counts, "#cfe3f0") > total * 0.02, f"{path}: no sea"
    assert _near(counts, "#e7e3d8") > total * 0.05, f"{path}: no land"
    for c in colours:  # markers: fill opacity 0.85
        assert _near(counts, c, 0.85) > 20, f"{path}: no marker drawn in {c}"
    return path


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
    page.wait_for_function("() => document.querySelectorAll('.leaflet-land-pane path').length > 100")  # countries drawn
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


def test_legend_filters_when_clicked(page):
    assert page.locator("#legend .legend-item").count() >= 3
    page.click("#legend .legend-item[data-type='Protests']")
    page.wait_for_function("() => document.querySelectorAll('.event-item').length === 1")
    assert "Kidal" in page.inner_text(".event-item")
    assert page.input_value("#f-type") == "Protests"  # the form says what the legend did
    assert page.get_attribute("#legend .legend-item[data-type='Protests']", "aria-pressed") == "true"
    assert "dimmed" in page.get_attribute("#legend .legend-item[data-type='Battles']", "class")
    assert _shown_on_map(page) == 1
    assert "type=Protests" in page.get_attribute("#x-csv", "href")
    page.click("#legend .legend-item[data-type='Protests']")  # again: every type
    page.wait_for_function("() => document.querySelectorAll('.event-item').length === 5")
    assert _shown_on_map(page) == 5 and page.input_value("#f-type") == ""
    assert page.errors == []


def test_basemap_has_boundaries_and_place_labels_at_useful_zooms(page):
    _screenshot(page, "map-overview", colours=("#ff7f0e",))  # Baghdad's and Ménaka's markers
    # the corpus (Mali, Iraq) fits at a low zoom: country outlines and the capitals' labels
    page.wait_for_function("() => +document.body.dataset.labels > 0")
    labels = page.eval_on_selector_all(".place-label span", "els => els.map(e => e.textContent)")
    assert "Baghdad" in labels and "Bamako" in labels
    # zoomed in on Gao: admin-1 boundaries (Natural Earth) and the smaller towns' and regions' names
    page.evaluate("() => { window.__veilleMap.setView([16.27, -0.04], 7, {animate: false}); }")
    page.wait_for_function("() => document.body.dataset.admin1 === 'shown'")
    page.wait_for_function("() => Array.from(document.querySelectorAll('.place-label span')).some(e => e.textContent === 'Gao')")
    regions = page.eval_on_selector_all(".region-label span", "els => els.map(e => e.textContent)")
    assert "Gao" in regions or "Tombouctou" in regions or "Kidal" in regions, regions
    assert page.locator(".leaflet-boundaries-pane canvas").count() == 1  # the boundaries' layer, under the markers
    assert int(page.evaluate("document.body.dataset.labels")) <= 250
    _screenshot(page, "map-gao-zoom7", sea=False)  # Mali has no coast
    page.evaluate("() => { window.__veilleMap.setView([16.27, -0.04], 2, {animate: false}); }")
    page.wait_for_function("() => document.body.dataset.admin1 === 'hidden'")
    assert page.external == [] and page.errors == []


def test_clusters_spread_and_detail_view_in_sight(page):
    # Gao's two battles are one cluster of 2 until it is clicked
    counts = page.eval_on_selector_all(".veille-cluster span", "els => els.map(e => +e.textContent)")
    assert 2 in counts or sum(counts) >= 2
    page.evaluate("() => { window.__veilleMap.setView([16.27, -0.04], 8, {animate: false}); }")
    page.wait_for_timeout(400)
    _uncluster(page, "path.veille-marker[data-type='Battles']")  # both at Gao: the cluster spreads them
    assert page.locator("path.veille-marker[data-type='Battles']").count() == 2
    page.wait_for_timeout(400)
    box = page.locator("path.veille-marker[data-type='Battles']").first.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)  # a real click, as a user's
    page.wait_for_selector("#event-detail:not([hidden]) .source")
    inside = page.evaluate("() => { const s = document.querySelector('#side').getBoundingClientRect(),"
                           " d = document.querySelector('#event-detail').getBoundingClientRect();"
                           " return d.top >= s.top - 1 && d.top < s.bottom; }")
    assert inside  # scrolled into the side panel's view, not 1,800 px down
    page.wait_for_timeout(400)
    assert page.locator("path.veille-marker[data-type='Battles']").count() == 2  # still spread out
    _screenshot(page, "map-detail", colours=("#d62728",), sea=False)
    assert page.errors == []


def test_unmapped_and_undated_events_are_counted_and_listed(browser, server_with_lost_event):
    ctx, page = _open(browser, server_with_lost_event)
    try:
        assert page.locator(".event-item").count() == 6
        assert _shown_on_map(page) == 5  # the sixth has no coordinates
        note = page.inner_text("#unmapped")
        assert "1 event(s) without coordinates" in note and "1 event(s) undated" in note
        page.click("#only-unmapped")
        page.wait_for_function("() => document.querySelectorAll('.event-item').length === 1")
        assert "not on the map" in page.inner_text(".event-item") and "not on the timeline" in page.inner_text(".event-item")
        page.click("#only-unmapped")
        page.wait_for_function("() => document.querySelectorAll('.event-item').length === 6")
        page.click("#only-undated")
        page.wait_for_function("() => document.querySelectorAll('.event-item').length === 1")
        assert "Violence against civilians" in page.inner_text(".event-item")
        assert page.errors == []
    finally:
        ctx.close()
