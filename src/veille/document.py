"""The one typed document that flows through the stages.

The pipeline builds a :class:`Document` from an :class:`~veille.ingest.Article` and the spaCy
parse, then each stage in :data:`veille.pipeline.STAGES` reads what earlier stages wrote and
appends its own layer (``entities`` -> ``times`` -> ``places`` -> ``quotes`` -> ``casualties``
-> ``events``). Each stage module declares the layers it reads and writes (``READS``,
``WRITES``: names of this class's fields) and :func:`veille.pipeline.check_contracts` refuses an
order that breaks them. The finished document becomes a :class:`~veille.schema.Report`.

Besides the report's layers, two typed layers carry stage-to-stage data that is not part of the
report: ``casualties`` (casualty mentions, read by the events stage) and ``place_mentions`` (one
row per toponym mention, read by the events stage); ``event_features`` is written only when the
event filter records its training features (``VEILLE_EVENT_FILTER=record``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Optional, TypedDict

from veille.schema import Entity, Event, Place, Quote, Span, TimeExpression

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc

    from veille.ingest.article import Article
    from veille.ingest.dateline import Dateline


class CasualtyMention(TypedDict, total=False):
    """One casualty mention of a sentence (the casualties stage)."""

    start: int
    end: int
    text: str
    sent_start: int
    sent_end: int
    kind: str  # killed / injured
    count: int  # 0 when negated ("no casualties")
    approximate: bool
    negated: bool
    who: Optional[str]  # civilians / soldiers / attackers
    confidence: float


class PlaceMention(TypedDict, total=False):
    """One toponym mention of the places layer: its place, precision and setting."""

    start: int
    end: int
    place_id: str
    precision: str
    site: Optional[str]  # the named site holding it ("aéroport de Bagdad")
    site_start: Optional[int]
    site_end: Optional[int]
    site_entity_id: Optional[str]
    dateline: bool
    near_place_id: Optional[str]  # an unresolved toponym: the town it is said to be near
    within_place_id: Optional[str]  # an unresolved toponym: the finest resolved area it lies in
    coded: bool  # a coder's note says the event is coded to it ("coded to X", "coded as X")


# The layers the pipeline sets before any stage runs (every stage may read them).
BASE_LAYERS = frozenset({"article", "lang", "doc", "language_confidence", "dateline", "warnings"})


@dataclass
class Document:
    article: "Article"
    lang: str
    doc: "Doc"  # the spaCy parse of article.text, link targets and URLs masked (ingest.markup)
    language_confidence: float | None = None
    dateline: "Dateline | None" = None  # "BAGDAD, 21 mai (AFP) -": where (and when) it was filed
    entities: list[Entity] = field(default_factory=list)
    times: list[TimeExpression] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    casualties: list[CasualtyMention] = field(default_factory=list)
    place_mentions: list[PlaceMention] = field(default_factory=list)
    event_features: list[dict[str, float]] = field(default_factory=list)

    @property
    def text(self) -> str:
        return self.article.text

    @property
    def published(self) -> date | None:
        return self.article.published

    def sentence_span(self, char: int) -> Span:
        """The span of the sentence holding character offset ``char``."""
        for sent in self.doc.sents:
            if sent.start_char <= char < sent.end_char:
                return Span(start=sent.start_char, end=sent.end_char)
        return Span(start=0, end=len(self.text))

    def entity_at(self, start: int, end: int) -> Entity | None:
        """The entity one of whose mentions overlaps [start, end), if any.

        When mentions nest ("Etat islamique" inside "coalition contre l'Etat islamique"), the
        mention sharing most characters with [start, end), then the shortest, wins."""
        best, best_key = None, None
        for ent in self.entities:
            for m in ent.mentions:
                if m.start < end and start < m.end:
                    key = (min(end, m.end) - max(start, m.start), -(m.end - m.start))
                    if best_key is None or key > best_key:
                        best, best_key = ent, key
        return best
