"""Markup that is not prose, masked before parsing.

Text from scrapers, feeds and Markdown copies of web pages carries link targets, bare URLs and
attribute blocks inside the prose: ``[mis en examen](https://…/tentative-de-meurtre-2751283)``,
``{.link}``. Parsed as words they give triggers ("meurtre"), names and places that no reader
sees. :func:`mask_markup` blanks them with spaces, character for character, so the parse sees
prose only while every offset still points into the article text as given (evidence spans,
quotes and the report's ``text`` are unchanged). The link text itself is kept: it is prose.

Escaped quotation marks left by a conversion (``l\\'élu``, ``qu\\'il``, ``\\"Si vous``) make one
token of "l\\'élu" and break the parse; the backslash and its quote become the quote and a space
("l' élu"), so the word after it keeps its offsets.
"""

from __future__ import annotations

import re

# A Markdown link or image target right after its text: "](url)" or "](url "title")", with an
# optional Pandoc attribute block "{.link}" after it. The "]" stays; the rest is masked.
_LINK_TARGET = re.compile(r'(?<=\])\((?:[^()\s]|\([^()\s]*\))+(?:\s+"[^"\n]*")?\)(?:\{[^{}\n]*\})?')
# A bare URL in running text, up to a space or a closing bracket or quote.
_BARE_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"'«»()\[\]]+")
# A standalone Pandoc attribute block: "{#une-figure .article-title .mdl}".
_ATTRIBUTES = re.compile(r"\{[#.][^{}\n]*\}")

_PATTERNS = (_LINK_TARGET, _BARE_URL, _ATTRIBUTES)
_ESCAPED_QUOTE = re.compile(r"\\(['\"’])")


def mask_markup(text: str) -> str:
    """``text`` with link targets, bare URLs and attribute blocks replaced by spaces (same length)."""
    if "\\" in text:
        text = _ESCAPED_QUOTE.sub(lambda m: m.group(1) + " ", text)
    if "://" not in text and "www." not in text and "{" not in text:
        return text
    chars = None
    for pattern in _PATTERNS:
        for m in pattern.finditer(text):
            if chars is None:
                chars = list(text)
            chars[m.start() : m.end()] = " " * (m.end() - m.start())
    return text if chars is None else "".join(chars)
