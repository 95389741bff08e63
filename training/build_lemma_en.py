"""Build ``src/veille/data/fr/freedict_en.tsv``: French lemma -> English words, from FreeDict.

Sources (Debian packages, GPL-2+, FreeDict project, https://freedict.org):
``dict-freedict-fra-eng`` (French -> English, direct) and ``dict-freedict-eng-fra`` (English ->
French, reversed). Only one-word English translations are kept, at most four per lemma, direct
senses first. The event model (``veille.stages.event_model``) uses the table to carry French
text into the feature space of its English training notes.

    apt-get install dict-freedict-fra-eng dict-freedict-eng-fra
    python training/build_lemma_en.py
"""

from __future__ import annotations

import gzip
import re
import sys
from pathlib import Path

DICTD = Path("/usr/share/dictd")
OUT = Path(__file__).resolve().parent.parent / "src" / "veille" / "data" / "fr" / "freedict_en.tsv"
HEAD = re.compile(r"^(?P<word>[^/<]+?)\s+(?:/[^/]*/)?\s*(?:<[^>]*>)?\s*$")
MAX = 4


def entries(path: Path):
    """(headword, [translation lines]) pairs of a dictd database."""
    text = gzip.open(path, "rt", encoding="utf-8").read()
    for block in re.split(r"\n(?=\S[^\n]*(?:/[^/\n]*/|<[^>\n]*>)\s*\n)", text):
        lines = [ln.strip() for ln in block.strip().splitlines() if ln.strip()]
        if len(lines) < 2 or lines[0].startswith("00-database"):
            continue
        m = HEAD.match(lines[0])
        if m:
            yield m.group("word").strip().lower(), lines[1:]


def words_of(lines: list[str]) -> list[str]:
    out: list[str] = []
    for ln in lines:
        ln = re.sub(r"^\d+\.\s*", "", ln)
        ln = re.sub(r"\([^)]*\)", "", ln)
        for w in ln.split(","):
            w = w.strip().lower()
            w = re.sub(r"^to ", "", w)
            if w and " " not in w and w.isalpha() and w not in out:
                out.append(w)
    return out


def main() -> int:
    table: dict[str, list[str]] = {}
    for fr, lines in entries(DICTD / "freedict-fra-eng.dict.dz"):
        if " " not in fr:
            table.setdefault(fr, []).extend(w for w in words_of(lines) if w not in table.get(fr, []))
    for en, lines in entries(DICTD / "freedict-eng-fra.dict.dz"):
        en = re.sub(r"^to ", "", en)
        if " " in en or not en.isalpha():
            continue
        for fr in words_of(lines):
            cur = table.setdefault(fr, [])
            if en not in cur:
                cur.append(en)
    rows = sorted((fr, ws[:MAX]) for fr, ws in table.items() if ws)
    with OUT.open("w", encoding="utf-8") as f:
        f.write("# French lemma -> English words (| between), built by training/build_lemma_en.py from FreeDict\n")
        f.write("# fra-eng 0.4.1 and eng-fra 0.1.6 (Debian dict-freedict-*). Copyright FreeDict contributors,\n")
        f.write("# GNU General Public License 2.0 or later (https://freedict.org). Used by veille.stages.event_model.\n")
        for fr, ws in rows:
            f.write(f"{fr}\t{'|'.join(ws)}\n")
    print(f"{len(rows)} French lemmas -> {OUT}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
