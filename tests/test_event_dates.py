"""Which date belongs to an event (issue 10): date ownership measured on real human-coded notes.

The first test reads real ACLED coder notes from the table ``training/build_acled_table.py``
builds (not in the repo; skipped without it) and checks the event day on the dev notes that state
their day in full. The sentences after it are short regression cases shaped like those notes.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest

import veille


def _event_day(text: str, published=None, lang: str = "en"):
    r = veille.extract(text, published=published, lang=lang)
    ev = next((e for e in r.events if not e.background), None)
    return ev.date.start_date if ev is not None and ev.date is not None else None


def test_coded_notes_that_state_their_day_get_that_day():
    from veille.eval import acled_notes

    table = Path(os.environ.get("VEILLE_ACLED_TABLE", "/work/cache/acled/acled_rows.csv.gz"))
    if not table.exists():
        pytest.skip("the ACLED notes table is built locally (training/build_acled_table.py)")
    rows, reports = acled_notes.run(table, limit=150, split="dev")
    scored = [acled_notes.score_note(r, acled_notes.primary_event(rep)) for r, rep in zip(rows, reports, strict=True)]
    stated = [s["date_exact_stated"] for s in scored if s.get("date_exact_stated") is not None]
    assert len(stated) >= 50
    # 0.955 on the 1000 dev notes before dates framed whole sentences, 0.98 after
    assert sum(stated) / len(stated) >= 0.97


@pytest.mark.parametrize("text, day", [
    # the fronted date frames a relative clause's event
    ("On 29 June 2022, police intervened and removed anti-government protesters at Galle Fort in Galle, "
     "who staged a protest holding placards.", date(2022, 6, 29)),
    # ... and the second of two coordinated verbs
    ("On 23 September 2023, members of the student league assaulted and injured members of a rival group "
     "in Dhaka, when they were sitting at a tea shop.", date(2023, 9, 23)),
    # ... and a noun event whose verb is another trigger's
    ("On 14 April 2022, armed clashes took place between the Ukrainian and Russian forces near Oleksandrivka "
     "as the Russian forces made attempts to regain lost positions.", date(2022, 4, 14)),
    # an unplaced weekday in the same sentence does not beat the dated frame
    ("On 27 October 2023, political parties held a demonstration after the Friday prayers in Nouadhibou "
     "to denounce military operations in Gaza.", date(2023, 10, 27)),
])
def test_a_fronted_date_frames_the_whole_sentence(text, day):
    assert _event_day(text) == day


def test_the_event_own_date_beats_the_report_frame():
    day = _event_day("On 5 March 2021, the army said that gunmen attacked a village near Djibo on 2 March 2021.")
    assert day == date(2021, 3, 2)


def test_a_date_on_a_coordinated_verb_dates_the_act():
    # "ont incendié des pneus et lancé des pierres ... lundi": one act in two verbs (gold dev-fr-007's shape)
    text = ("BEYROUTH, 23 janvier 2024 (APV) - Des dizaines de manifestants ont incendié des pneus et lancé des "
            "pierres sur des soldats lundi à Tripoli pour protester contre la hausse du prix du pain.")
    assert _event_day(text, published="2024-01-23", lang="fr") == date(2024, 1, 22)
