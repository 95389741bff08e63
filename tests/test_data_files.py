"""Schema checks for the data files the stages read (issue 14: rules live in data, so the data is
checked like code). A malformed line fails here, naming its file and line, instead of silently
dropping a rule at run time."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from veille.stages import event_types

DATA = Path(__file__).resolve().parents[1] / "src" / "veille" / "data"
EVENTS_PY = Path(__file__).resolve().parents[1] / "src" / "veille" / "stages" / "events.py"
LEXICON_KINDS = {"trigger", "weapon", "actor", "cue", "domain", "political", "word"}
EVENT_CLASSES = event_types.VIOLENT | event_types.PROTEST | event_types.STRATEGIC | {"loot"}


def _lines(path: Path):
    for no, line in enumerate(path.read_text("utf-8").splitlines(), 1):
        if line.strip() and not line.startswith("#"):
            yield no, line


@pytest.mark.parametrize("path", sorted(DATA.glob("*.json")), ids=lambda p: p.name)
def test_every_json_data_file_parses(path):
    assert json.loads(path.read_text("utf-8")) is not None


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_trigger_lexicon_lines_are_well_formed(lang):
    path = DATA / f"event_triggers_{lang}.tsv"
    problems = []
    for no, line in _lines(path):
        cols = line.split("\t")
        if len(cols) < 3 or not cols[0].strip() or not cols[2].strip():
            problems.append(f"{path.name}:{no}: needs expression, kind and value: {line!r}")
            continue
        if cols[1] not in LEXICON_KINDS:
            problems.append(f"{path.name}:{no}: unknown kind {cols[1]!r}")
        if cols[1] == "trigger" and cols[2] not in EVENT_CLASSES:
            problems.append(f"{path.name}:{no}: unknown event class {cols[2]!r}")
        if cols[1] == "weapon" and cols[2] not in event_types.taxonomy()["sub"]:
            problems.append(f"{path.name}:{no}: a weapon names an ACLED sub-event type, not {cols[2]!r}")
        if cols[0] != cols[0].strip():
            problems.append(f"{path.name}:{no}: stray spaces around {cols[0]!r}")
    assert not problems, "\n".join(problems)


def test_every_word_list_the_events_stage_reads_exists_in_both_languages():
    names = set(re.findall(r'_word_set\("([a-z_]+)"\)|words\.get\("([a-z_]+)"', EVENTS_PY.read_text("utf-8")))
    names = {a or b for a, b in names}
    assert "reporting_verb" in names and "sequence_preposition" in names
    for lang in ("fr", "en"):
        words = event_types.lexicon(lang).words
        missing = sorted(n for n in names if not words.get(n))
        assert not missing, f"event_triggers_{lang}.tsv has no word list {missing}"


def test_word_entries_are_never_matched_as_hits():
    lex = event_types.lexicon("fr")
    assert "reporting_verb" in lex.words and "dire" in lex.words["reporting_verb"]
    assert all(e.kind != "word" for es in lex.by_first.values() for e in es)
