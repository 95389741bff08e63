"""``veille eval --set en-timebank``: the times stage on English TimeML news (TempEval-3 training data).

TBAQ-cleaned (TimeBank 1.2 and AQUAINT, cleaned for TempEval-3 by UzZaman et al. 2013): 256
English news documents with TIMEX3 gold, read from a local copy (``VEILLE_TBAQ``, default
``/work/cache/tbaq``; ``data/eval/README.md`` says where it comes from); nothing is stored in the
repository. The TempEval-3 platinum test set is held out and never read. Same metrics as the
French TimeBank adapter (:mod:`veille.eval.timebank`), with the English rules; ``--split a`` is
the half to develop on, ``--split b`` the half to check on (sha1 of the file name).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Optional

from veille.eval import timebank

DEFAULT_PATH = os.environ.get("VEILLE_TBAQ", "/work/cache/tbaq")


def evaluate(path: Path, limit: Optional[int] = None, split: Optional[str] = None) -> dict[str, float]:
    return timebank.evaluate(Path(path), limit, split, lang="en")


def errors(path: Path, limit: Optional[int] = None, split: Optional[str] = None) -> list[str]:
    return timebank.errors(Path(path), limit, split, lang="en")
