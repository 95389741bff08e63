"""Language detection with lingua, restricted to a small candidate set for speed.

Veille extracts the languages in :data:`SUPPORTED`; the other candidates are there so that an
article in, say, German is reported as unsupported rather than forced into French or English.
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
    return LanguageDetectorBuilder.from_languages(*langs).with_preloaded_language_models().build()


def detect_language(text: str, record: str | None = None) -> tuple[str, float]:
    """ISO 639-1 code and confidence of ``text``; :class:`InputError` if unknown or unsupported."""
    sample = text[:3000]
    if sum(ch.isalpha() for ch in sample) < 10:
        raise InputError("too little text to tell its language", record)
    values = _detector().compute_language_confidence_values(sample)
    if not values:
        raise InputError("language could not be detected", record)
    top = values[0]
    code = top.language.iso_code_639_1.name.lower()
    if code not in SUPPORTED:
        raise InputError(
            f"language detected as {top.language.name.title()} ({code}); Veille supports {', '.join(SUPPORTED)}"
            " (pass --lang to force one)",
            record,
        )
    return code, round(float(top.value), 3)
