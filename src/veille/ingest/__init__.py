"""Readers (txt, html, jsonl) -> Article; language detection."""

from veille.ingest.article import Article, normalise_text, text_hash
from veille.ingest.language import SUPPORTED, detect_language
from veille.ingest.readers import read_path

__all__ = ["Article", "normalise_text", "text_hash", "detect_language", "read_path", "SUPPORTED"]
