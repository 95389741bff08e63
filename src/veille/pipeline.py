"""The pipeline: Article -> language -> spaCy parse -> stages -> Report.

Stages run in the order of :data:`STAGES`; each is a module with ``run(doc)`` that reads the
layers earlier stages wrote on the :class:`~veille.document.Document` and appends its own.
:data:`CONTRACTS` says which layers each stage reads and writes; :func:`check_contracts` refuses
an order in which a stage reads a layer no earlier stage wrote, or writes one an earlier stage
already read (tests/test_contracts.py checks the declarations against what the stages do).
No stage runs another.

Every record is isolated: when spaCy or a stage fails on one article, that article becomes an
:class:`InputError` naming it (``file.jsonl:17 (id=abc): internal error: ...``) and the others
of its batch are still reported.
"""

from __future__ import annotations

import dataclasses
import threading
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Iterator, Union

from veille.version import __version__
from veille.document import BASE_LAYERS, Document
from veille.errors import InputError
from veille.ingest.article import Article
from veille.ingest.dateline import find_dateline
from veille.ingest.language import SUPPORTED, detect_language
from veille.ingest.markup import mask_markup
from veille.nlp import get_model
from veille.schema import Report
from veille.stages import casualties, entities, events, places, quotes, times

STAGES = (entities, times, places, quotes, casualties, events)


@dataclass(frozen=True)
class Contract:
    """The Document layers (field names) a stage reads and writes, beyond the base layers
    (:data:`veille.document.BASE_LAYERS`: article, lang, doc, dateline, ...) every stage may read."""

    reads: frozenset[str] = frozenset()
    writes: frozenset[str] = frozenset()


def _contract(reads: tuple[str, ...] = (), writes: tuple[str, ...] = ()) -> Contract:
    return Contract(frozenset(reads), frozenset(writes))


CONTRACTS: dict[str, Contract] = {
    "entities": _contract(writes=("entities",)),
    "times": _contract(writes=("times",)),
    # a resolved toponym's entity takes the place's country
    "places": _contract(reads=("entities",), writes=("places", "place_mentions", "entities")),
    "quotes": _contract(reads=("entities",), writes=("quotes",)),
    "casualties": _contract(writes=("casualties",)),
    # event_features: only when the event filter records its training features
    "events": _contract(
        reads=("entities", "times", "places", "place_mentions", "quotes", "casualties"), writes=("events", "event_features")
    ),
}


def stage_name(stage) -> str:
    return stage.__name__.rpartition(".")[2]


def check_contracts(stages) -> None:
    """Raise ValueError unless every stage has a contract, reads only layers written before it
    (or base layers), and writes only Document layers that no earlier stage has read."""
    fields = {f.name for f in dataclasses.fields(Document)}
    written: set[str] = set()
    read: set[str] = set()
    for stage in stages:
        name = stage_name(stage)
        if name not in CONTRACTS:
            raise ValueError(f"stage {name!r} declares no contract (pipeline.CONTRACTS)")
        c = CONTRACTS[name]
        unknown = (c.reads | c.writes) - fields
        if unknown:
            raise ValueError(f"stage {name!r} names layers the Document lacks: {sorted(unknown)}")
        missing = c.reads - written - BASE_LAYERS
        if missing:
            raise ValueError(f"stage {name!r} reads {sorted(missing)}, which no earlier stage writes")
        late = c.writes & read
        if late:
            raise ValueError(f"stage {name!r} writes {sorted(late)}, which an earlier stage already read")
        written |= c.writes
        read |= c.reads


check_contracts(STAGES)

_lock = threading.Lock()


@lru_cache(maxsize=None)
def _configured(lang: str):
    nlp = get_model(lang)
    for stage in STAGES:
        configure = getattr(stage, "configure_nlp", None)
        if configure is not None:
            configure(nlp, lang)
    return nlp


def get_nlp(lang: str):
    """The spaCy pipeline for ``lang`` with the components of every stage that adds some
    (a stage's ``configure_nlp(nlp, lang)``, called once, right after loading): loaded on first
    use, then shared."""
    with _lock:
        return _configured(lang)


def to_report(doc: Document) -> Report:
    art = doc.article
    return Report(
        veille_version=__version__,
        id=art.id,
        language=doc.lang,
        language_confidence=doc.language_confidence,
        title=art.title,
        url=art.url,
        source=art.source,
        published=art.published,
        text=art.text,
        text_hash=art.hash,
        entities=doc.entities,
        places=doc.places,
        times=doc.times,
        quotes=doc.quotes,
        events=doc.events,
        warnings=doc.warnings,
    )


def _language(article: Article, lang: str) -> tuple[str, float | None]:
    if lang and lang != "auto":
        if lang not in SUPPORTED:
            raise InputError(f"language {lang!r} is not supported (supported: {', '.join(SUPPORTED)})", article.label)
        return lang, None
    return detect_language(article.text, article.label)


def internal_error(exc: BaseException, art: Article) -> InputError:
    """A failure of Veille's own code on one article, as a one-line error naming the record."""
    detail = " ".join(str(exc).split())[:300]
    return InputError(f"internal error: {type(exc).__name__}" + (f": {detail}" if detail else ""), art.label)


def _parse_one(nlp, art: Article):
    try:
        return nlp(mask_markup(art.text))
    except Exception as exc:  # isolated to this article, reported by the caller
        return exc


def parse_all(nlp, articles: list[Article], batch_size: int) -> list:
    """spaCy docs for ``articles`` in order; an article spaCy fails on gets its exception instead."""
    try:
        return list(nlp.pipe((mask_markup(a.text) for a in articles), batch_size=batch_size))
    except Exception:  # one bad article spoils nlp.pipe's whole batch: parse them one by one
        return [_parse_one(nlp, a) for a in articles]


def report_of(art: Article, code: str, sdoc, conf: float | None) -> Union[Report, InputError]:
    """The report of one parsed article, or the error that stopped it."""
    if isinstance(sdoc, Exception):
        return internal_error(sdoc, art)
    try:
        return to_report(run_stages(new_document(art, code, sdoc, conf)))
    except InputError as err:
        return err
    except Exception as exc:  # a stage bug costs this article only
        return internal_error(exc, art)


def new_document(art: Article, lang: str, sdoc, language_confidence: float | None = None) -> Document:
    """The Document for a parsed article; a dated wire dateline stands in for a missing publication date."""
    dateline = find_dateline(art.text, lang)
    warnings = []
    if art.published is None and dateline is not None and dateline.date is not None:
        art = dataclasses.replace(art, published=dateline.date)
        warnings.append(f"publication date {dateline.date.isoformat()} taken from the dateline {dateline.date_text!r}")
    return Document(
        article=art, lang=lang, doc=sdoc, language_confidence=language_confidence, dateline=dateline, warnings=warnings
    )


def run_stages(doc: Document) -> Document:
    for stage in STAGES:
        stage.run(doc)
    return doc


def extract_articles(
    articles: Iterable[Union[Article, InputError]], lang: str = "auto", batch_size: int = 16
) -> Iterator[Union[Report, InputError]]:
    """Reports (or errors) for a stream of articles, in input order; spaCy runs batched per language."""
    def flush(batch: list) -> Iterator[Union[Report, InputError]]:
        # batch: list of (Article, lang, conf) or InputError, in input order
        by_lang: dict[str, list[int]] = {}
        for i, item in enumerate(batch):
            if not isinstance(item, InputError):
                by_lang.setdefault(item[1], []).append(i)
        parsed: dict[int, object] = {}
        for code, idxs in by_lang.items():
            parsed.update(zip(idxs, parse_all(get_nlp(code), [batch[i][0] for i in idxs], batch_size), strict=True))
        for i, item in enumerate(batch):
            if isinstance(item, InputError):
                yield item
            else:
                art, code, conf = item
                yield report_of(art, code, parsed[i], conf)

    batch: list = []
    for art in articles:
        if isinstance(art, InputError):
            batch.append(art)
        else:
            try:
                code, conf = _language(art, lang)
                batch.append((art, code, conf))
            except InputError as err:
                batch.append(err)
            except Exception as exc:  # the detector failing costs this article only
                batch.append(internal_error(exc, art))
        if len(batch) >= batch_size:
            yield from flush(batch)
            batch = []
    if batch:
        yield from flush(batch)


def extract(text: str, published=None, lang: str = "auto", **metadata) -> Report:
    """One article's report. Raises :class:`InputError` for bad input."""
    article = text if isinstance(text, Article) else Article.build(text, published=published, **metadata)
    result = next(extract_articles([article], lang=lang))
    if isinstance(result, InputError):
        raise result
    return result
