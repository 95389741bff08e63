"""Language detection with lingua, restricted to a small candidate set for speed.

Veille extracts the languages in :data:`SUPPORTED`; the other candidates are there so that an
article in, say, German is reported as unsupported rather than forced into French or English.
An unsupported article is named by a second, light detector over every language lingua knows
(low-accuracy mode: ~70 MB, loaded only then), so Finnish is called Finnish, not Dutch.
"""

from __future__ import annotations

from functools import lru_cache

from veille.errors import InputError

SUPPORTED = ("fr", "en")
_CANDIDATES = ("FRENCH", "ENGLISH", "GERMAN", "SPANISH", "ITALIAN", "PORTUGUESE", "DUTCH", "ARABIC", "RUSSIAN", "TURKISH")


@lru_cache(maxsize=1)
def _detector():
    from lingua import Language, LanguageDetectorBuilder

    langs = [getattr(Language, name) for name in _CANDIDATES]
    # Models load lazily, only those a text needs (a text of 120 characters or more needs the
    # trigram models of the languages its alphabet allows): the same answers as preloading every
    # model of every candidate, which took ~4 s at start-up.
    return LanguageDetectorBuilder.from_languages(*langs).build()


@lru_cache(maxsize=1)
def _naming_detector():
    from lingua import LanguageDetectorBuilder

    return LanguageDetectorBuilder.from_all_languages().with_low_accuracy_mode().build()


def _top(detector, sample: str) -> tuple[str, float] | None:
    values = detector.compute_language_confidence_values(sample)
    if not values:
        return None
    return values[0].language.iso_code_639_1.name.lower(), round(float(values[0].value), 3)


def detect_language(text: str, record: str | None = None) -> tuple[str, float]:
    """ISO 639-1 code and confidence of ``text``; :class:`InputError` if unknown or unsupported."""
    sample = text[:3000]
    if sum(ch.isalpha() for ch in sample) < 10:
        raise InputError("too little text to tell its language", record)
    top = _top(_detector(), sample)
    if top is None:
        raise InputError("language could not be detected", record)
    if top[0] in SUPPORTED:
        return top
    named = _top(_naming_detector(), sample)
    code, confidence = named if named is not None and named[0] not in SUPPORTED else top
    raise InputError(
        f"unsupported language: {code} (confidence {confidence:.2f}); Veille supports {', '.join(SUPPORTED)}"
        " (pass --lang to force one)",
        record,
    )
