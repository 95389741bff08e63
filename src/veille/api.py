"""REST API and map page: ``veille serve`` runs :func:`create_app` under uvicorn.

Every parameter is bounded (see :mod:`veille.store.filters`): out of bounds is a 422 with a
message, never a 500. Reads are open; ``POST /articles`` needs the token configured in ``VEILLE_TOKEN`` (sent as
``Authorization: Bearer <token>`` or ``X-Veille-Token``, compared in constant time). With no
token configured the API is read-only and every write is refused. Every response carries a
strict Content-Security-Policy; the page at ``/`` uses only files served from ``/static``.
"""

from __future__ import annotations

import hmac
import os
import threading
from datetime import date
from pathlib import Path
from typing import Callable, Literal, Optional

from fastapi import Depends, FastAPI, Header, HTTPException, Query, Request
from fastapi import Path as PathParam
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, JSONResponse, Response, StreamingResponse
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, Field
from starlette.datastructures import MutableHeaders

from veille.version import __version__
from veille import api_models as m
from veille.store import EventFilter, open_store, resolve_url
from veille.store.filters import MAX_ID, MAX_OFFSET, MAX_SOURCES, MAX_TEXT, build_filter, word_filter

WEB = Path(__file__).parent / "web"
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "font-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


class ArticleIn(BaseModel):
    text: str = Field(..., description="Article text (plain text, at most 1,000,000 characters).")
    id: Optional[str] = Field(None, max_length=MAX_TEXT)
    title: Optional[str] = Field(None, max_length=2000)
    url: Optional[str] = Field(None, max_length=2000)
    source: Optional[str] = Field(None, max_length=MAX_TEXT)
    published: Optional[date] = Field(None, description="Publication date: relative dates resolve against it.")
    lang: str = Field("auto", max_length=10, description="fr, en or auto.")


class CSVResponse(Response):
    media_type = "text/csv"


class GeoJSONResponse(Response):
    media_type = "application/geo+json"


class NDJSONResponse(Response):
    media_type = "application/x-ndjson"


def _query_names(dependant) -> set[str]:
    """The query parameters an endpoint takes, its dependencies' included."""
    names = {p.alias for p in dependant.query_params}
    for sub in dependant.dependencies:
        names |= _query_names(sub)
    return names


def strict_query(request: Request) -> None:
    """A query parameter the endpoint does not take is a 422 naming it and the allowed ones
    (a misspelt filter must not silently return everything)."""
    route = request.scope.get("route")
    dependant = getattr(route, "dependant", None)
    if dependant is None or not getattr(route, "include_in_schema", True):
        return  # the page and the docs are not API endpoints
    allowed = sorted(_query_names(dependant))
    unknown = sorted(set(request.query_params) - set(allowed))
    if unknown:
        raise HTTPException(422, {
            "msg": f"unknown query parameter{'s' if len(unknown) > 1 else ''}: {', '.join(unknown)}",
            "unknown": unknown, "allowed": allowed,
        })


def _one_of(values: Optional[list[str]]) -> Optional[str]:
    """Repeated values and "A|B" values as one "|"-separated value."""
    parts = [p.strip() for v in values or [] for p in v.split("|") if p.strip()]
    return "|".join(parts) or None


def _iso_numeric(values: Optional[list[str]]) -> list[str]:
    """ACLED's numeric ``iso`` codes (466) as alpha-2 codes; a 422 for a code ISO does not have."""
    import pycountry

    out = []
    for v in (p.strip() for value in values or [] for p in value.split("|") if p.strip()):
        c = pycountry.countries.get(numeric=v.zfill(3)) if v.isdigit() else None
        if c is None:
            raise HTTPException(422, f"iso {v!r} is no ISO 3166-1 numeric country code (Mali is 466)")
        out.append(c.alpha_2)
    return out


def _event_date(value: Optional[str]) -> tuple[Optional[date], Optional[date]]:
    """ACLED's ``event_date``: one day, or a range "first|last"."""
    if not value:
        return None, None
    parts = value.split("|")
    try:
        days = [date.fromisoformat(p.strip()) for p in parts]
    except ValueError:
        raise HTTPException(422, f"event_date must be YYYY-MM-DD or YYYY-MM-DD|YYYY-MM-DD, got {value!r}") from None
    if len(days) > 2:
        raise HTTPException(422, "event_date takes one day or a range first|last")
    return days[0], days[-1]


class SecurityHeaders:
    """Adds the security headers to every response (a plain ASGI middleware: unlike Starlette's
    ``BaseHTTPMiddleware`` it lets a failure in a streamed body abort the connection)."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                if scope["path"] != "/docs":
                    headers["Content-Security-Policy"] = CSP
                headers["X-Content-Type-Options"] = "nosniff"
                headers["Referrer-Policy"] = "no-referrer"
                headers["X-Frame-Options"] = "DENY"
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _filters(
    start: Optional[date] = Query(None, description="Events whose date range ends on or after this day."),
    end: Optional[date] = Query(None, description="Events whose date range starts on or before this day."),
    bbox: Optional[str] = Query(None, max_length=MAX_TEXT, description="min_lon,min_lat,max_lon,max_lat"),
    type: Optional[str] = Query(None, max_length=MAX_TEXT, description="ACLED event type, e.g. Battles (any case)."),
    event_type: Optional[str] = Query(None, max_length=MAX_TEXT, description="ACLED's name for `type`."),
    actor: Optional[str] = Query(None, max_length=MAX_TEXT, description="Actor name (substring, case- and accent-insensitive); a known actor's acronym or alias finds its other names."),
    country: Optional[list[str]] = Query(None, max_length=MAX_TEXT, description="ISO 3166-1 alpha-2 or alpha-3 code or country name; repeat it or join values with | for any of them (country=Mali|Niger)."),
    iso: Optional[list[str]] = Query(None, max_length=MAX_TEXT, description="ACLED's numeric ISO 3166-1 country code (Mali: 466); repeatable, | for any of them."),
    event_date: Optional[str] = Query(None, max_length=MAX_TEXT, description="ACLED's event_date: one day YYYY-MM-DD, or a range first|last."),
    q: Optional[str] = Query(None, max_length=MAX_TEXT, description="Free text (full-text index over event fields and evidence)."),
    min_sources: Optional[int] = Query(None, ge=1, le=MAX_SOURCES, description="Events told by at least this many articles."),
    include_background: bool = Query(False, description="Also events every source mentions only as background (context, not current news); left out by default."),
) -> EventFilter:
    """The event filters every event query and export takes (a dependency)."""
    if type and event_type and type.strip().lower() != event_type.strip().lower():
        raise HTTPException(422, "type and event_type disagree: give one of them")
    countries = [c for c in (_one_of(country) or "").split("|") if c] + _iso_numeric(iso)
    try:
        f = build_filter(bbox=bbox, event_type=type or event_type, actor=actor, country="|".join(countries) or None,
                         q=q, min_sources=min_sources, include_background=include_background)
    except ValueError as err:
        raise HTTPException(422, str(err)) from None
    first, last = _event_date(event_date)
    f.start, f.end = max(filter(None, (start, first)), default=None), min(filter(None, (end, last)), default=None)
    return f


def _words_or_422(value: Optional[str], name: str) -> Optional[str]:
    try:
        return word_filter(value, name)
    except ValueError as err:
        raise HTTPException(422, str(err)) from None


def _add_event_routes(app: FastAPI, store: Callable) -> None:
    """Events, their timeline and facets, and the store's own counts and ingest errors."""

    @app.get("/events", response_model=m.EventPage, tags=["events"])
    def list_events(
        f: EventFilter = Depends(_filters),
        limit: int = Query(100, ge=1, le=1000),
        offset: int = Query(0, ge=0, le=MAX_OFFSET),
    ):
        """Merged events matching the filters, newest first, paginated."""
        total, rows = store().find_events(f, limit=limit, offset=offset)
        return {"total": total, "limit": limit, "offset": offset, "items": rows}

    @app.get("/events/{event_id}", response_model=m.MergedEventDetail, tags=["events"])
    def get_event(event_id: int = PathParam(ge=1, le=MAX_ID)):
        """One merged event with its sources: each article's event, evidence and merge decision."""
        ev = store().get_event(event_id)
        if ev is None:
            raise HTTPException(404, f"no event {event_id}")
        return ev

    @app.get("/timeline", response_model=m.Timeline, tags=["events"])
    def timeline(f: EventFilter = Depends(_filters)):
        """Events per day for the filters (the page's timeline)."""
        return {"days": store().timeline(f)}

    @app.get("/facets", tags=["events"])
    def facets():
        """Event types and countries present in the store, with counts."""
        return store().facets()

    @app.get("/ingest-errors", tags=["store"])
    def ingest_errors(limit: int = Query(100, ge=1, le=1000)):
        """Records that could not be ingested, with the reason (latest first)."""
        return {"items": store().errors(limit=limit)}

    @app.get("/stats", tags=["store"])
    def stats():
        """Row counts of the store."""
        return store().counts()


def _add_record_routes(app: FastAPI, store: Callable) -> None:
    """One article, and the entities and quotes across articles."""

    @app.get("/articles/{article_id}", response_model=m.StoredArticle, tags=["articles"])
    def get_article(article_id: int = PathParam(ge=1, le=MAX_ID)):
        """One article with its full report (text, entities, places, times, quotes, events)."""
        art = store().get_article(article_id)
        if art is None:
            raise HTTPException(404, f"no article {article_id}")
        return art

    @app.get("/entities", response_model=m.EntityPage, tags=["entities"])
    def list_entities(
        name: Optional[str] = Query(None, max_length=MAX_TEXT, description="Name substring (case- and accent-insensitive)."),
        type: Optional[str] = Query(None, max_length=MAX_TEXT, description="PERSON, ORG, PLACE or FACILITY."),
        limit: int = Query(100, ge=1, le=1000),
        offset: int = Query(0, ge=0, le=MAX_OFFSET),
    ):
        """Entities grouped by name and type, with the number of articles naming them."""
        total, rows = store().entities(name=_words_or_422(name, "name"), type=type, limit=limit, offset=offset)
        return {"total": total, "limit": limit, "offset": offset, "items": rows}

    @app.get("/quotes", response_model=m.QuotePage, tags=["quotes"])
    def list_quotes(
        speaker: Optional[str] = Query(None, max_length=MAX_TEXT, description="Speaker name substring."),
        limit: int = Query(100, ge=1, le=1000),
        offset: int = Query(0, ge=0, le=MAX_OFFSET),
    ):
        """Quotes with their speaker and article."""
        total, rows = store().quotes(speaker=_words_or_422(speaker, "speaker"), limit=limit, offset=offset)
        return {"total": total, "limit": limit, "offset": offset, "items": rows}


def _add_export_routes(app: FastAPI, url: str) -> None:
    """The CSV, GeoJSON and JSON-lines exports, streamed."""

    def stream(fmt: str, f: EventFilter, filename: str, date_format: str = "iso") -> StreamingResponse:
        """The export as a streamed body. Its query runs before the status line, so a failure there
        is a 500; a failure after the first byte aborts the connection (no well-formed truncated file)."""
        from veille.exports import FORMATS, format_chunks, started

        _, media = FORMATS[fmt]
        st = open_store(url)  # its own connection: the stream outlives the request thread
        try:
            parts = started(format_chunks(st, fmt, f, date_format))
        except BaseException:
            st.close()
            raise

        def body():
            try:
                yield from parts
            finally:
                st.close()

        return StreamingResponse(body(), media_type=media,
                                 headers={"Content-Disposition": f'attachment; filename="{filename}"'})

    @app.get("/export.csv", response_class=CSVResponse, tags=["exports"])
    def export_csv(
        f: EventFilter = Depends(_filters),
        date_format: Literal["iso", "acled"] = Query("iso", description="event_date as iso (2021-03-08) or acled (08 March 2021)."),
    ):
        """ACLED's 31 columns in ACLED's order, then iso3 and Veille's own (unreported tolls written 0, as ACLED
        does). Background events only with include_background."""
        return stream("csv", f, "veille_events.csv", date_format)

    @app.get("/export.geojson", response_class=GeoJSONResponse, tags=["exports"])
    def export_geojson(f: EventFilter = Depends(_filters)):
        """GeoJSON FeatureCollection of the matching events that have coordinates."""
        return stream("geojson", f, "veille_events.geojson")

    @app.get("/export.jsonl", response_class=NDJSONResponse, tags=["exports"])
    def export_jsonl(f: EventFilter = Depends(_filters)):
        """Full reports (one JSON per line) of the articles behind the matching events."""
        return stream("jsonl", f, "veille_reports.jsonl")


def _add_write_routes(app: FastAPI, store: Callable, secret: Optional[str]) -> None:
    """``POST /articles``, behind the token."""

    def require_token(authorization: Optional[str] = Header(None), x_veille_token: Optional[str] = Header(None)) -> None:
        if not secret:
            raise HTTPException(403, "read-only API: no VEILLE_TOKEN is configured on the server")
        given = x_veille_token
        if authorization and authorization.lower().startswith("bearer "):
            given = authorization[7:].strip()
        if not given or not hmac.compare_digest(given.encode("utf-8"), secret.encode("utf-8")):
            raise HTTPException(401, "missing or wrong token", headers={"WWW-Authenticate": "Bearer"})

    @app.post("/articles", status_code=201, tags=["articles"], dependencies=[Depends(require_token)])
    def post_article(body: ArticleIn):
        """Extract and store one article (needs the token). 200 if it was already stored."""
        from veille.errors import InputError
        from veille.ingest.article import Article
        from veille.pipeline import extract_articles

        try:
            art = Article.build(body.text, id=body.id, title=body.title, url=body.url, published=body.published,
                                source=body.source)
            st = store()
            if st.has_article(art.hash):
                existing = st.scalar("SELECT id FROM articles WHERE text_hash = ?", (art.hash,))
                return JSONResponse({"article_id": existing, "created": False, "event_ids": []}, status_code=200)
            result = next(extract_articles([art], lang=body.lang))
            if isinstance(result, InputError):
                raise result
        except InputError as err:
            raise HTTPException(422, str(err)) from None
        added = st.add_report(result)
        return JSONResponse({"article_id": added.article_id, "created": added.created, "event_ids": added.event_ids},
                            status_code=201 if added.created else 200)


def _add_page_routes(app: FastAPI) -> None:
    """The map page and the API docs (not in the schema)."""

    @app.get("/", include_in_schema=False)
    def index():
        return FileResponse(WEB / "index.html", media_type="text/html")

    @app.get("/docs", include_in_schema=False)
    def docs():
        vendor = WEB / "vendor" / "swagger-ui"
        if (vendor / "swagger-ui-bundle.js").exists():
            return get_swagger_ui_html(openapi_url="/openapi.json", title="Veille API",
                                       swagger_js_url="/static/vendor/swagger-ui/swagger-ui-bundle.js",
                                       swagger_css_url="/static/vendor/swagger-ui/swagger-ui.css",
                                       swagger_favicon_url="/static/favicon.svg")
        return JSONResponse({"openapi": "/openapi.json"})


def create_app(db_url: Optional[str] = None, token: Optional[str] = None) -> FastAPI:
    """The API over the store at ``db_url`` (see :func:`veille.store.resolve_url`)."""
    url = resolve_url(db_url)
    secret = token if token is not None else os.environ.get("VEILLE_TOKEN") or None
    local = threading.local()
    open_store(url).close()  # create / migrate once at start-up

    app = FastAPI(
        title="Veille",
        version=__version__,
        description="Events, entities, places and quotes extracted from news reports, with their evidence.",
        docs_url=None,
        redoc_url=None,
        dependencies=[Depends(strict_query)],
    )

    app.add_middleware(SecurityHeaders)

    def store():
        st = getattr(local, "store", None)
        if st is None:
            st = local.store = open_store(url)
        return st

    _add_event_routes(app, store)
    _add_record_routes(app, store)
    _add_export_routes(app, url)
    _add_write_routes(app, store, secret)
    _add_page_routes(app)

    if WEB.exists():
        app.mount("/static", StaticFiles(directory=WEB), name="static")
    return app
