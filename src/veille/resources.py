"""Shared resources: the data folder, the cache folder (and its pickled files), and the tables
several stages read.

Data files live in ``src/veille/data/`` (:data:`DATA`); :func:`load_json` reads one once.
The nationality table (``data/nationalities.tsv``) is read here for every stage that needs it.
"""

from __future__ import annotations

import csv
import json
import logging
import os
import pickle
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Any

from veille.text import fold

DATA = Path(__file__).resolve().parent / "data"

log = logging.getLogger(__name__)


def data_path(name: str) -> Path:
    """The path of a shipped data file, ``name`` relative to ``src/veille/data/``."""
    return DATA / name


@lru_cache(maxsize=None)
def load_json(name: str) -> Any:
    """A shipped JSON data file, parsed once (treat it as read-only)."""
    with open(DATA / name, encoding="utf-8") as fh:
        return json.load(fh)


def cache_dir() -> Path:
    """Where built indexes are cached: ``$VEILLE_CACHE_DIR``, else ``$XDG_CACHE_HOME/veille``,
    else ``~/.cache/veille``."""
    base = os.environ.get("VEILLE_CACHE_DIR")
    if base:
        return Path(base)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "veille"


def read_cache(path: Path) -> Any:
    """A pickled cache file (raises when missing or unreadable). The collector is off while it
    loads: unpickling allocates millions of objects, and the collections they trigger find nothing
    to free (a third of the load time)."""
    import gc

    enabled = gc.isenabled()
    gc.disable()
    try:
        with path.open("rb") as f:
            return pickle.load(f)
    finally:
        if enabled:
            gc.enable()


def write_cache(path: Path, value: Any) -> None:
    """Write a cache file atomically; a read-only home leaves it unwritten (work from memory)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem.split('-')[0]}-", suffix=".tmp")
        with os.fdopen(fd, "wb") as f:
            pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError as err:
        log.warning("cannot cache %s: %s", path, err)


NationalityRow = tuple[str, tuple[str, ...], tuple[str, ...], tuple[str, ...]]


@lru_cache(maxsize=1)
def nationality_rows() -> tuple[NationalityRow, ...]:
    """Rows of data/nationalities.tsv: (ISO2, English forms, French masculine forms, French feminine forms)."""
    with open(DATA / "nationalities.tsv", encoding="utf-8") as fh:
        rows = list(csv.reader((line for line in fh if not line.startswith("#")), delimiter="\t"))
    out = []
    for cols in rows[1:]:
        if len(cols) < 4:
            continue
        iso, en, fr_m, fr_f = cols[:4]
        out.append((iso, tuple(en.split("|")), tuple(fr_m.split("|")), tuple(fr_f.split("|"))))
    return tuple(out)


def plural_form(form: str) -> str:
    """The plural the nationality file leaves implicit: +s unless the form ends in s or x."""
    return form if form.endswith(("s", "x")) else form + "s"


@lru_cache(maxsize=None)
def load_nationalities(lang: str) -> dict[str, str]:
    """Folded nationality adjective (all genders and numbers) -> ISO2."""
    out: dict[str, str] = {}
    for iso, en, fr_m, fr_f in nationality_rows():
        forms: list[str] = []
        if lang == "en":
            forms = list(en)
        else:
            for f in fr_m + fr_f:
                forms.append(f)
                forms.append(plural_form(f))
        for f in forms:
            if f:
                out.setdefault(fold(f), iso)
    return out
