"""Report models: the contract every stage, the store, the API and the exports share.

Every extracted item carries ``evidence`` (character offsets into ``Report.text``, end
exclusive, so ``text[s.start:s.end]`` is the supporting string) and a ``confidence`` in [0, 1].
``veille schema`` prints the JSON Schema of :class:`Report`.
"""

from __future__ import annotations

from datetime import date
from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = "1"

EntityType = Literal["PERSON", "ORG", "PLACE", "FACILITY"]
MentionKind = Literal["name", "alias", "nominal", "pronoun"]
TimePrecision = Literal["day", "week", "month", "season", "year", "decade", "unresolved"]
PlacePrecision = Literal["exact", "near", "region", "country"]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=False)


class Span(Model):
    """Character offsets into the article text: ``text[start:end]``."""

    start: int = Field(ge=0)
    end: int = Field(ge=0)


class Evidenced(Model):
    evidence: list[Span] = Field(default_factory=list)
    confidence: float = Field(default=1.0, ge=0.0, le=1.0)


# --------------------------------------------------------------------------- entities
class Mention(Model):
    start: int
    end: int
    text: str
    kind: MentionKind = "name"


class Entity(Evidenced):
    id: str  # "e1", "e2", ... unique within a report
    type: EntityType
    name: str  # canonical name: the longest proper-name mention, titles stripped
    mentions: list[Mention] = Field(default_factory=list)
    titles: list[str] = Field(default_factory=list)  # "colonel", "president"
    roles: list[str] = Field(default_factory=list)  # "porte-parole de la coalition"
    aliases: list[str] = Field(default_factory=list)  # "EI", "Daech", "ISIS"
    gender: Optional[Literal["m", "f"]] = None
    actor_type: Optional[str] = None  # ACLED actor family when known: state forces, rebels, ...
    country: Optional[str] = None  # ISO 3166-1 alpha-2 when known from the gazetteer


# --------------------------------------------------------------------------- times
class TimeExpression(Evidenced):
    id: str  # "t1", ...
    text: str
    start_date: Optional[date] = None  # inclusive; None when unresolved
    end_date: Optional[date] = None  # inclusive
    precision: TimePrecision = "unresolved"
    value: Optional[str] = None  # TIMEX3-like value: 2021-03-07, 2020-W10, 2020-12, 2020-WI, 2020
    relative: bool = False  # resolved against the publication date (or left unresolved)
    modifier: Optional[Literal["start", "mid", "end", "approx", "before", "after"]] = None
    weekday: Optional[int] = None  # 0 = Monday, kept when the weekday could not be resolved
    time_of_day: Optional[Literal["morning", "afternoon", "evening", "night"]] = None
    type: Literal["DATE", "TIME", "DURATION", "SET"] = "DATE"  # TIMEX3 type; DURATION/SET carry no dates
    # what the expression is: a date that can place an event ("dimanche", "du 3 au 5 mars", "il y a
    # trois jours", "hier à 10 h"); a clock time or a bare part of the day read against the previous
    # date; a duration; a set ("chaque lundi"); a PRESENT_REF/PAST_REF/FUTURE_REF reference ("désormais")
    kind: Literal["date", "clock", "part_of_day", "duration", "set", "reference"] = "date"


# --------------------------------------------------------------------------- places
class Place(Evidenced):
    id: str  # "p1", ...
    text: str  # the toponym as written (first mention)
    mentions: list[Mention] = Field(default_factory=list)
    entity_id: Optional[str] = None
    geonameid: Optional[int] = None  # None: found in text but not resolved (never guessed)
    name: Optional[str] = None  # gazetteer name
    feature: Optional[Literal["city", "admin1", "admin2", "admin3", "country", "region", "site"]] = None
    country_code: Optional[str] = None  # ISO 3166-1 alpha-2
    country: Optional[str] = None
    admin1_code: Optional[str] = None
    admin1: Optional[str] = None
    admin2: Optional[str] = None  # district / county / LGA (GeoNames admin2), from the deep gazetteer
    admin3: Optional[str] = None  # sub-district (GeoNames admin3), from the deep gazetteer
    latitude: Optional[float] = None
    longitude: Optional[float] = None
    population: Optional[int] = None
    precision: Optional[PlacePrecision] = None


# --------------------------------------------------------------------------- quotes
class Quote(Evidenced):
    id: str  # "q1", ...
    text: str  # the quoted words (without quotation marks) or the reported content
    start: int
    end: int
    direct: bool
    speaker: Optional[str] = None  # canonical name, or the nominal phrase when no name
    speaker_entity_id: Optional[str] = None
    speaker_mention: Optional[Span] = None  # the words naming the speaker for this quote
    # how the speaker was found: name, description, description→name, pronoun→name,
    # pronoun→description, pronoun (unresolved), previous speaker
    speaker_resolution: Optional[str] = None
    verb: Optional[str] = None  # reporting verb lemma: "déclarer", "say", "selon"
    verb_span: Optional[Span] = None


# --------------------------------------------------------------------------- events
class EventActor(Evidenced):
    name: str  # canonical, or "Unidentified armed group" style ACLED name
    entity_id: Optional[str] = None
    actor_type: Optional[str] = None


class EventDate(Evidenced):
    time_id: Optional[str] = None
    start_date: Optional[date] = None
    end_date: Optional[date] = None
    precision: TimePrecision = "unresolved"
    text: Optional[str] = None


class EventPlace(Evidenced):
    place_id: Optional[str] = None
    name: Optional[str] = None  # location name (gazetteer name when resolved)
    site: Optional[str] = None  # named site: "Centre de soutien diplomatique de Bagdad"
    geonameid: Optional[int] = None
    country_code: Optional[str] = None
    country: Optional[str] = None
    admin1: Optional[str] = None
    latitude: Optional[float] = None
    longitude: Optional[float] = None
    precision: Optional[PlacePrecision] = None


class Casualties(Evidenced):
    count: Optional[int] = None  # 0 when the text says none; None when it says nothing
    approximate: bool = False  # "at least", "plus de", "dozens"


class Event(Evidenced):
    id: str  # "v1", ...
    event_type: str  # ACLED event type
    sub_event_type: str  # ACLED sub-event type
    cameo_root: Optional[str] = None  # CAMEO root code mapped from the sub-event type
    trigger: Optional[str] = None
    trigger_span: Optional[Span] = None
    actor1: Optional[EventActor] = None
    actor2: Optional[EventActor] = None  # target / second party
    date: Optional[EventDate] = None
    place: Optional[EventPlace] = None
    fatalities: Optional[int] = None  # 0 when the text says there were none; None when silent
    fatalities_detail: Optional[Casualties] = None
    injuries: Optional[int] = None
    injuries_detail: Optional[Casualties] = None
    background: bool = False  # an earlier event mentioned as context
    time_precision: Optional[Literal[1, 2, 3]] = None  # ACLED: 1 day, 2 week, 3 month or coarser
    geo_precision: Optional[Literal[1, 2, 3]] = None  # ACLED: 1 town, 2 near town/region part, 3 region
    summary: Optional[str] = None  # one-line, ACLED "notes"-style description


# --------------------------------------------------------------------------- report
class Report(Model):
    schema_version: str = SCHEMA_VERSION
    veille_version: str = ""
    id: Optional[str] = None  # record id (JSONL) or file name
    language: str  # ISO 639-1
    language_confidence: Optional[float] = None
    title: Optional[str] = None
    url: Optional[str] = None
    source: Optional[str] = None
    published: Optional[date] = None
    text: str
    text_hash: str  # sha256 of the normalised text: the article's identity in the store
    entities: list[Entity] = Field(default_factory=list)
    places: list[Place] = Field(default_factory=list)
    times: list[TimeExpression] = Field(default_factory=list)
    quotes: list[Quote] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)

    def entity(self, entity_id: str | None) -> Entity | None:
        return next((e for e in self.entities if e.id == entity_id), None)

    def place(self, place_id: str | None) -> Place | None:
        return next((p for p in self.places if p.id == place_id), None)

    def time(self, time_id: str | None) -> TimeExpression | None:
        return next((t for t in self.times if t.id == time_id), None)
