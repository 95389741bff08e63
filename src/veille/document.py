"""The one typed document that flows through the stages.

The pipeline builds a :class:`Document` from an :class:`~veille.ingest.Article` and the spaCy
parse, then each stage in :data:`veille.pipeline.STAGES` reads what earlier stages wrote and
appends its own layer (``entities`` -> ``times`` -> ``places`` -> ``quotes`` -> ``casualties``
-> ``events``). The finished document becomes a :class:`~veille.schema.Report`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from veille.schema import Entity, Event, Place, Quote, Span, TimeExpression

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc

    from veille.ingest.article import Article
    from veille.ingest.dateline import Dateline


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
    # Free-form layers for stage-to-stage data that is not part of the report
    # (e.g. casualty mentions found per sentence, consumed by the events stage).
    extras: dict[str, Any] = field(default_factory=dict)

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
