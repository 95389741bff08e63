"""Real French news as event gold: rebuild full gold records from annotation-only files.

Two annotation files live in ``data/eval/`` (format and guidelines in ``data/eval/README.md``);
neither holds article text:

- ``fr_timebank_events.jsonl``: ACLED events of the 54 French TimeBank dev documents, one line
  per document (``{"doc": "<file>.tml", "events": [...]}``). The text is read from the shared
  copy (``../shared/data/fr-timebank-dev``) with :func:`veille.eval.timebank.read_tml`, so
  offsets and text are exactly those of the ``fr-timebank`` adapter; the creation time (DCT)
  gives ``published``.
- ``fr_quotes_dev.jsonl``: the same kind of pointers, annotated with direct quotes and their
  speakers resolved to names (``--set fr-quotes``, splits ``dev`` and ``test``).
- ``fr_quotes_train.jsonl``: more articles annotated the same way with ``"split": "train"``:
  TRAINING data for the quote and speaker rules (``--set fr-quotes --split train``), none of them
  in the scored files; the dev and test splits never read it.
- ``fr_news_train.jsonl``: more articles of the same snapshot in the same format with
  ``"split": "train"``: TRAINING data for the event models, never scored (no gold set reads it;
  :func:`news_records` builds its records on request).
- ``fr_news_dev.jsonl``: published French news articles, each a pointer into a public
  repository (``source``: repo, commit, path, selector) with the sha1 of the exact text. The
  text is read from the snapshot that the search tool's ``fetch`` lays out as
  ``<mirror>/<owner>+<name>/repo`` (a bare git directory; default mirror ``/work/.mirror``,
  overridable with ``$VEILLE_MIRROR``) with ``git --git-dir=... show COMMIT:PATH``, cut by the
  selector, and checked against the sha1.

Every article carries a fixed ``split`` (``dev`` or ``test``) from a stable hash of its id
(:func:`split_of`), recorded in the annotation file by :func:`assign_splits`.

``veille eval --set fr-news --split dev``, ``--set fr-quotes`` and ``veille eval --set fr-timebank-events`` build the
records with :func:`gold_records` and score them with the ordinary gold scorer.

    python -m veille.eval.fr_news splits            # (re)write the split of every annotation
    python -m veille.eval.fr_news build fr-news out.jsonl [--split dev]
    python -m veille.eval.fr_news check      # sha1 + verbatim evidence / quotes of both training files
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
from pathlib import Path
from typing import Iterator, Optional

REPO = Path(__file__).resolve().parents[3]
ANNOTATIONS = REPO / "data" / "eval"
TIMEBANK_EVENTS = ANNOTATIONS / "fr_timebank_events.jsonl"
NEWS_EVENTS = ANNOTATIONS / "fr_news_dev.jsonl"
NEWS_QUOTES = ANNOTATIONS / "fr_quotes_dev.jsonl"
NEWS_TRAIN = ANNOTATIONS / "fr_news_train.jsonl"
NEWS_QUOTES_TRAIN = ANNOTATIONS / "fr_quotes_train.jsonl"
TIMEBANK_DIR = REPO.parent / "shared" / "data" / "fr-timebank-dev"
DEFAULT_MIRROR = Path("/work/.mirror")
TIMEBANK_SOURCE = "French TimeBank 1.1 (L'Est Républicain via CNRTL), LGPL-LR"


class SourceMissing(RuntimeError):
    """The text behind an annotation file cannot be read here (no shared folder, no snapshot)."""


class TextMismatch(RuntimeError):
    """The text read from the source is not the one annotated (sha1 differs)."""


# --------------------------------------------------------------------------- splits
def split_of(article_id: str) -> str:
    """``dev`` or ``test``, fixed by the first 8 hex digits of sha1(id) (about 50/50)."""
    return "dev" if int(hashlib.sha1(article_id.encode("utf-8")).hexdigest()[:8], 16) % 2 == 0 else "test"


def _read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]


def _write_jsonl(path: Path, rows: list[dict]) -> None:
    Path(path).write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")


def timebank_id(doc: str) -> str:
    return "frtb-" + Path(doc).stem


def assign_splits(path: Path) -> dict[str, int]:
    """Record :func:`split_of` as ``split`` on every line of an annotation file; returns the counts."""
    rows = _read_jsonl(path)
    counts = {"dev": 0, "test": 0}
    for r in rows:
        r["split"] = split_of(r["id"] if "id" in r else timebank_id(r["doc"]))
        counts[r["split"]] += 1
    _write_jsonl(path, rows)
    return counts


# --------------------------------------------------------------------------- French TimeBank
def timebank_records(annotations: Path = TIMEBANK_EVENTS, data_dir: Optional[Path] = None) -> Iterator[dict]:
    """Gold records (with text) for the French TimeBank documents of the annotation file."""
    from veille.eval.timebank import read_tml

    data_dir = Path(data_dir or TIMEBANK_DIR)
    folder = data_dir / "Data" if (data_dir / "Data").is_dir() else data_dir
    if not folder.is_dir():
        raise SourceMissing(f"{data_dir}: French TimeBank not found (../shared/data/fr-timebank-dev beside the clone)")
    for row in _read_jsonl(annotations):
        doc = read_tml(folder / row["doc"])
        rid = timebank_id(row["doc"])
        yield {
            "id": rid,
            "lang": "fr",
            "published": doc.dct.isoformat() if doc.dct else None,
            "title": None,
            "source": TIMEBANK_SOURCE,
            "text": doc.text,
            "tags": ["fr-timebank", row.get("split") or split_of(rid)],
            "events": row["events"],
        }


# --------------------------------------------------------------------------- news snapshots
def mirror_root() -> Path:
    return Path(os.environ.get("VEILLE_MIRROR") or DEFAULT_MIRROR)


def git_dir(repo: str, root: Optional[Path] = None) -> Path:
    """Where ``fetch`` puts a snapshot of ``owner/name``: ``<root>/owner+name/repo``."""
    return Path(root or mirror_root()) / repo.replace("/", "+") / "repo"


def after_front_matter(raw: str) -> str:
    """Everything after a YAML front matter (``---`` line ... ``---`` line); the whole text without one."""
    if raw.startswith("---\n"):
        end = raw.find("\n---\n", 4)
        if end >= 0:
            return raw[end + 5 :]
    return raw


def read_source(source: dict, root: Optional[Path] = None) -> str:
    """The annotated text: ``git show COMMIT:PATH`` in the snapshot, cut by the selector."""
    gd = git_dir(source["repo"], root)
    if not gd.exists():
        raise SourceMissing(f"{gd}: no snapshot of {source['repo']} (fetch github:{source['repo']} first)")
    proc = subprocess.run(
        ["git", f"--git-dir={gd}", "show", f"{source['commit']}:{source['path']}"], capture_output=True, timeout=60
    )
    if proc.returncode != 0:
        raise SourceMissing(f"{source['repo']}@{source['commit'][:10]}:{source['path']}: {proc.stderr.decode(errors='replace').strip()}")
    raw = proc.stdout.decode("utf-8")
    return after_front_matter(raw) if "front matter" in source.get("selector", "") else raw


def news_records(annotations: Path = NEWS_EVENTS, root: Optional[Path] = None) -> Iterator[dict]:
    """Gold records (with text) for the news annotations; raises on a missing snapshot or a changed text.
    A line with ``quotes`` (``fr_quotes_dev.jsonl``) gives a quote-only record tagged ``quotes:direct``
    (only direct quotes are annotated there: the scorer leaves Veille's indirect speech aside)."""
    for row in _read_jsonl(annotations):
        text = read_source(row["source"], root)
        got = hashlib.sha1(text.encode("utf-8")).hexdigest()
        if got != row["sha1"]:
            raise TextMismatch(f"{row['id']}: sha1 {got} of {row['source']['path']} != annotated {row['sha1']}")
        src = row["source"]
        split = row.get("split") or split_of(row["id"])
        record = {
            "id": row["id"],
            "lang": row.get("lang", "fr"),
            "published": row.get("published"),
            "title": row.get("title"),
            "source": f"{row.get('url') or src['path']} (via github.com/{src['repo']} @ {src['commit'][:10]})",
            "text": text,
        }
        if "quotes" in row:
            yield {**record, "tags": ["fr-quotes", split, "quotes:direct"], "quotes": row["quotes"]}
        else:
            tags = ["fr-news", split] + (["event-free"] if not row["events"] else [])
            yield {**record, "tags": tags, "events": row["events"]}


def check_annotations(annotations: Path, root: Optional[Path] = None) -> list[str]:
    """Problems of a news annotation file against its snapshot: a text whose sha1 differs from the
    annotated one, an evidence or a quote that is not a verbatim substring of the text. Empty when
    all hold; raises :class:`SourceMissing` without the snapshot."""
    problems = []
    for row in _read_jsonl(annotations):
        text = read_source(row["source"], root)
        if hashlib.sha1(text.encode("utf-8")).hexdigest() != row["sha1"]:
            problems.append(f"{row['id']}: sha1 of {row['source']['path']} differs from the annotated one")
            continue
        for ev in row.get("events", []):
            if ev["evidence"] not in text:
                problems.append(f"{row['id']}: evidence not in the text: {ev['evidence'][:80]!r}")
        for q in row.get("quotes", []):
            if q["text"] not in text:
                problems.append(f"{row['id']}: quote not in the text: {q['text'][:80]!r}")
    return problems


# --------------------------------------------------------------------------- sets
GOLD_SETS = {
    "fr-news": "published French news (pointers into public repositories), ACLED events",
    "fr-timebank-events": "the 54 French TimeBank dev documents (1999-2003 regional news), ACLED events",
    "fr-quotes": "published French news (pointers into public repositories), direct quotes with speakers",
}


def gold_records(name: str, split: Optional[str] = None, path: Optional[str] = None) -> list[dict]:
    """Full gold records of a set, optionally one split. ``path``: the TimeBank folder for
    ``fr-timebank-events``, the mirror root for ``fr-news``."""
    if name in ("fr-news", "fr-quotes"):
        # the train splits live in their own files, read only when the train split is asked for
        if name == "fr-quotes":
            annotations = NEWS_QUOTES_TRAIN if split == "train" else NEWS_QUOTES
        else:
            annotations = NEWS_TRAIN if split == "train" else NEWS_EVENTS
        records = list(news_records(annotations, root=Path(path) if path else None))
    elif name == "fr-timebank-events":
        records = list(timebank_records(data_dir=Path(path) if path else None))
    else:
        raise KeyError(f"unknown gold set {name!r} (known: {', '.join(GOLD_SETS)})")
    if split:
        records = [r for r in records if split in r["tags"]]
    return records


def load_set(name: str, split: Optional[str] = None, path: Optional[str] = None, limit: Optional[int] = None):
    """Validated :class:`~veille.eval.gold.GoldArticle` list for the scorer (substrings located)."""
    from veille.eval.gold import GoldError, parse_line

    articles, problems = [], []
    for r in gold_records(name, split, path)[: limit or None]:
        try:
            articles.append(parse_line(json.dumps(r, ensure_ascii=False), f"{name}:{r['id']}"))
        except GoldError as err:
            problems.append(str(err))
    if problems:
        raise GoldError(f"{len(problems)} invalid gold record(s):\n  " + "\n  ".join(problems))
    return articles


def main(argv: Optional[list[str]] = None) -> int:  # pragma: no cover - thin command line
    import argparse

    ap = argparse.ArgumentParser(prog="python -m veille.eval.fr_news", description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    sub.add_parser("splits", help="write the split of every annotation (both files)")
    b = sub.add_parser("build", help="write full gold records (with text) as JSONL")
    b.add_argument("set", choices=sorted(GOLD_SETS))
    b.add_argument("out")
    b.add_argument("--split", choices=["dev", "test", "train"])
    b.add_argument("--path", help="TimeBank folder (fr-timebank-events) or mirror root (fr-news)")
    c = sub.add_parser("check", help="check sha1 and verbatim evidence / quotes of news annotation files")
    c.add_argument("file", nargs="*", default=[str(NEWS_TRAIN), str(NEWS_QUOTES_TRAIN)])
    args = ap.parse_args(argv)
    if args.cmd == "check":
        problems = []
        for f in args.file:
            found = check_annotations(Path(f))
            print("\n".join(found) or f"{f}: every sha1 matches, every evidence and quote is verbatim")
            problems += found
        return 1 if problems else 0
    if args.cmd == "splits":
        for p in (TIMEBANK_EVENTS, NEWS_EVENTS, NEWS_QUOTES):
            print(p.name, assign_splits(p))
        return 0
    rows = gold_records(args.set, args.split, args.path)
    _write_jsonl(Path(args.out), rows)
    print(f"{len(rows)} records, {sum(len(r.get('events', r.get('quotes', []))) for r in rows)} events/quotes -> {args.out}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
