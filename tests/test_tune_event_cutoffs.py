"""training/tune_event_cutoffs.py: the criteria that set the events stage's model cut-offs."""

import importlib.util
import sys
from pathlib import Path

import numpy as np
import pytest

TRAINING = Path(__file__).resolve().parent.parent / "training"


@pytest.fixture(scope="module")
def tuner():
    pytest.importorskip("sklearn")
    sys.path.insert(0, str(TRAINING))
    spec = importlib.util.spec_from_file_location("tune_event_cutoffs", TRAINING / "tune_event_cutoffs.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


LABELS = ["Armed clash", "Attack", "NONE"]


def _rows(*probs):
    return np.array(probs, dtype=float)


def test_a_model_tuned_against_itself_keeps_its_bounds(tuner):
    none = _rows([0.85, 0.1, 0.05], [0.1, 0.1, 0.8], [0.7, 0.25, 0.05], [0.05, 0.92, 0.03])
    assert tuner.transfer((0.8, 0.1), (LABELS, none), (LABELS, none)) == (0.8, 0.1)


def test_a_model_surer_on_event_free_text_gets_a_stricter_bound(tuner):
    ref = _rows([0.82, 0.1, 0.08], [0.5, 0.2, 0.3], [0.6, 0.35, 0.05], [0.1, 0.1, 0.8])  # 1 of 4 passes (0.8, 0.1)
    new = _rows([0.88, 0.06, 0.06], [0.83, 0.12, 0.05], [0.6, 0.35, 0.05], [0.1, 0.1, 0.8])  # 2 pass at 0.8, 1 at 0.85
    assert tuner.passes(new, LABELS, 0.8, 0.1).sum() == 2
    assert tuner.transfer((0.8, 0.1), (LABELS, ref), (LABELS, new)) == (0.85, 0.1)


def test_recorded_typing_decision_follows_the_rules_bonus(tuner):
    call = {"rules": ["Battles", "Armed clash", 0.6], "ranked": [["Attack", 0.55], ["Armed clash", 0.3], ["NONE", 0.05]],
            "defined": False, "lang": "en"}
    assert tuner.decide(call, 0.2) == "Attack"
    assert tuner.decide(call, 0.3) == "Armed clash"  # 0.3 + 0.3 for the rules beats 0.55
    assert tuner.decide({**call, "defined": True}, 0.0) == "Armed clash"  # the text names what defines it


def test_folds_keep_a_country_year_together(tuner):
    groups = ["Kenya|2017"] * 5 + ["Mali|2020"] * 3 + ["Nepal|2019"] * 4 + ["Kenya|2018"] * 2
    folds = tuner.folds_of(groups, 3)
    for g in set(groups):
        assert len({int(f) for f, h in zip(folds, groups, strict=True) if h == g}) == 1
    assert len(set(folds.tolist())) == 3
