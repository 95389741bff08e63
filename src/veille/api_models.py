"""The API's typed responses: what ``/openapi.json`` promises for each endpoint.

They mirror the store's rows (``veille.store.core``): a :class:`MergedEvent` is a merged event as
``GET /events`` lists it; :class:`MergedEventDetail` adds each source article's own event, evidence and
merge decision; :class:`StoredArticle` holds a full report (typed by ``veille.schema.Report``). Field
names and meanings follow ACLED's where ACLED has the field.
"""

from __future__ import annotations

from typing import Any, Optional

from pydantic import BaseModel, Field

from veille.schema import Report


class MergedEvent(BaseModel):
    id: int = Field(description="Veille's id of the merged event.")
    event_type: str = Field(description="ACLED event type.")
    sub_event_type: Optional[str] = Field(None, description="ACLED sub-event type.")
    date_start: Optional[str] = Field(None, description="First day of the event's date range (ISO).")
    date_end: Optional[str] = Field(None, description="Last day of the event's date range (ISO).")
    date_precision: Optional[str] = Field(None, description="day, week, month, year, ...")
    time_precision: Optional[int] = Field(None, description="ACLED's 1 (day), 2 (week), 3 (month or vaguer).")
    location: Optional[str] = None
    geonameid: Optional[int] = None
    country_code: Optional[str] = Field(None, description="ISO 3166-1 alpha-2.")
    country: Optional[str] = None
    admin1: Optional[str] = None
    latitude: Optional[float] = None
    longitude: Optional[float] = None
    geo_precision: Optional[int] = Field(None, description="ACLED's 1 (the place), 2 (near it), 3 (its region).")
    actor1: Optional[str] = None
    actor2: Optional[str] = None
    actor1_type: Optional[str] = None
    actor2_type: Optional[str] = None
    fatalities: Optional[int] = Field(None, description="Reported deaths; null when no toll was reported.")
    injuries: Optional[int] = None
    summary: Optional[str] = None
    first_published: Optional[str] = None
    source_count: int = Field(description="Articles telling the event.")
    updated_at: Optional[str] = None
    background: bool = Field(False, description="Every source mentions the event only as context (not current news).")


class EventPage(BaseModel):
    total: int
    limit: int
    offset: int
    items: list[MergedEvent]


class Evidence(BaseModel):
    start: int
    end: int
    text: str


class EventSource(BaseModel):
    source_id: int
    article_id: int
    event_local_id: str
    title: Optional[str] = None
    url: Optional[str] = None
    source: Optional[str] = None
    published: Optional[str] = None
    language: Optional[str] = None
    background: bool
    confidence: Optional[float] = None
    merge_decision: Any = Field(None, description="Why this article's event joined the merged event.")
    features: dict[str, Any] = Field(description="The article event's fields the merge compared.")
    event: Optional[dict[str, Any]] = Field(None, description="The article's own event (veille.schema.Event).")
    evidence: list[Evidence]


class MergedEventDetail(MergedEvent):
    created_at: Optional[str] = None
    sources: list[EventSource]


class ArticleEventLink(BaseModel):
    local_id: str
    event_id: int


class StoredArticle(BaseModel):
    id: int
    text_hash: str
    record_id: Optional[str] = None
    title: Optional[str] = None
    url: Optional[str] = None
    source: Optional[str] = None
    published: Optional[str] = None
    language: Optional[str] = None
    ingested_at: Optional[str] = None
    report: Report
    events: list[ArticleEventLink]


class EntitySummary(BaseModel):
    name: str
    type: str
    name_key: str
    articles: int
    country: Optional[str] = None
    actor_type: Optional[str] = None


class EntityPage(BaseModel):
    total: int
    limit: int
    offset: int
    items: list[EntitySummary]


class StoredQuote(BaseModel):
    id: int
    article_id: int
    local_id: str
    text: str
    direct: bool
    speaker: Optional[str] = None
    verb: Optional[str] = None
    start_char: int
    end_char: int
    confidence: Optional[float] = None
    title: Optional[str] = None
    published: Optional[str] = None
    source: Optional[str] = None


class QuotePage(BaseModel):
    total: int
    limit: int
    offset: int
    items: list[StoredQuote]


class TimelineDay(BaseModel):
    day: str
    events: int


class Timeline(BaseModel):
    days: list[TimelineDay]
