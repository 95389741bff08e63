"""Learned check of the events stage's output: is this a reported ACLED event at all?

The events stage proposes an event for every cluster of trigger sentences that its vetoes and
gates let through. Real text shows what those rules cannot see: a trigger word used in passing
("une entrée à marche forcée"), a generic or habitual mention ("les manifestations du samedi"),
a strike without a demonstration, an event named only in an organisation's name. The filter is
a logistic regression over what the stage already knows about each proposed event (its
trigger's word, class, part of speech, tense and determiner; the cues, gates and vetoes around
it; whether it has a date, a place, named actors and a toll; the event model's reading; its
place in the article) trained on real news annotated with ACLED events
(``training/train_event_filter.py``, ``data/eval/README.md``). An event whose probability of
being real is below the model's threshold is dropped.

The model is ``data/models/event_filter_<lang>.json``: feature weights, bias and threshold.
A language without one keeps every event (its stage's rules decide alone).
``VEILLE_EVENT_FILTER=off`` turns it off for ablations; ``=record`` keeps every event and
records the features (for training).
"""

from __future__ import annotations

import json
import math
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Optional

MODELS = Path(__file__).resolve().parent.parent / "data" / "models"


@dataclass
class FilterModel:
    weights: dict[str, float]
    bias: float
    threshold: float

    def probability(self, feats: dict[str, float]) -> float:
        z = self.bias + sum(v * self.weights.get(k, 0.0) for k, v in feats.items())
        return 1.0 / (1.0 + math.exp(-z))


def mode() -> str:
    """``on`` (default), ``off`` or ``record``."""
    return os.environ.get("VEILLE_EVENT_FILTER", "on")


@lru_cache(maxsize=None)
def model(lang: str) -> Optional[FilterModel]:
    path = MODELS / f"event_filter_{lang}.json"
    if mode() != "on" or not path.exists():
        return None
    data = json.loads(path.read_text("utf-8"))
    return FilterModel(data["weights"], float(data["bias"]), float(data["threshold"]))


def bucket(value: int, edges: tuple[int, ...]) -> str:
    """``value`` as the first edge it does not exceed (``3+`` past the last)."""
    for e in edges:
        if value <= e:
            return str(e)
    return f"{edges[-1]}+"
