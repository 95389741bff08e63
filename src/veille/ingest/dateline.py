"""The wire dateline: "OUAGADOUGOU, 18 avril 2024 (AFP) - ", "MOGADISHU, May 6, 2024 (Reuters) —".

Found once per article (at the start of a line near the top), it says where the story was filed
and, when it carries a full date, when: that date stands in for a missing publication date.
Stages read it from ``Document.dateline`` instead of matching it again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

_UPPER = "A-ZÀ-ÖØ-Þ"
# a month name opening the date, so that "PARIS, July 10, 2023" does not read "July" as a region
_MONTH_START = (
    r"(?i:jan|feb|febr|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|janv|févr|fevr|avr|mai|juin|juil|août|aout|déc)"
    r"[a-zéû]*\.?\b"
)
_DATELINE = re.compile(
    rf"^[ \t]*(?P<place>[{_UPPER}][{_UPPER}'’. -]{{1,40}}?[{_UPPER}])"
    r"(?:[ \t]*\((?P<region>[^)\n]{1,30})\))?"
    # "MAIDUGURI, Nigeria, Sept 4, 2023": a country or state between the place and the date
    rf"(?:[ \t]*,[ \t]*(?!{_MONTH_START})(?P<area>[{_UPPER}][\w'’.-]*(?:[ \t]+(?:of|the|de|du|des|[{_UPPER}][\w'’.-]*))*)(?=[ \t]*,))?"
    r"(?:[ \t]*,[ \t]*(?P<date>[^()\n,]{3,25}(?:,[ \t]*\d{4})?))?"
    r"[ \t]*(?:\((?P<agency>[^)\n]{1,30})\))?"
    r"[ \t]*[-–—][ \t]+",
    re.MULTILINE,
)
SEARCH_CHARS = 600


@dataclass(frozen=True)
class Dateline:
    start: int
    end: int  # just after the dash and its blank
    place_start: int
    place_end: int
    place: str
    date_text: str | None
    date: date | None  # only when the dateline gives day, month and year
    agency: str | None


@lru_cache(maxsize=4096)
def _parse_date(text: str, lang: str) -> date | None:
    import dateparser

    parsed = dateparser.parse(
        text, languages=[lang], settings={"REQUIRE_PARTS": ["day", "month", "year"], "RETURN_AS_TIMEZONE_AWARE": False}
    )
    return parsed.date() if parsed else None


def find_dateline(text: str, lang: str) -> Dateline | None:
    """The article's dateline, if one of its first lines starts with one."""
    for m in _DATELINE.finditer(text[:SEARCH_CHARS]):
        agency = m.group("agency")
        if not (m.group("date") or agency) and m.group("region"):
            agency = m.group("region")  # "PARIS (Reuters) -": the only bracket is the agency
        if not (m.group("date") or agency):
            continue  # a capitalised headline followed by a dash is not a dateline
        date_text = m.group("date").strip() if m.group("date") else None
        if date_text and not re.search(r"\d", date_text):
            continue
        return Dateline(
            start=m.start("place"),
            end=m.end(),
            place_start=m.start("place"),
            place_end=m.end("place"),
            place=m.group("place"),
            date_text=date_text,
            date=_parse_date(date_text, lang) if date_text else None,
            agency=agency,
        )
    return None
