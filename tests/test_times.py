"""The times stage on hand-written wire-style sentences (French and English)."""

from __future__ import annotations

from datetime import date

import pytest

from veille.document import Document
from veille.ingest.article import Article
from veille.stages import times

SUNDAY = "2021-03-07"  # the reference article's publication day, a Sunday
WEDNESDAY = "2021-03-10"


@pytest.fixture(scope="module")
def nlps():
    from veille.nlp import load_bare

    cache = {}

    def get(lang):
        if lang not in cache:
            cache[lang] = load_bare(lang)
        return cache[lang]

    return get


@pytest.fixture(scope="module")
def run_times(nlps):
    def run(text, lang="fr", published=SUNDAY):
        art = Article.build(text, published=published)
        doc = Document(article=art, lang=lang, doc=nlps(lang)(art.text))
        times.run(doc)
        for t in doc.times:  # evidence always points at the expression
            assert doc.text[t.evidence[0].start : t.evidence[0].end] == t.text
        return doc.times

    return run


def one(found, text):
    hits = [t for t in found if t.text.lower() == text.lower()]
    assert hits, f"{text!r} not found in {[t.text for t in found]}"
    return hits[0]


# --------------------------------------------------------------------------- French
def test_weekday_in_past_tense_news_is_the_publication_day_or_before(run_times):
    found = run_times("Le ministère de la Défense a annoncé dimanche que deux roquettes avaient visé la base.")
    t = one(found, "dimanche")
    assert (t.start_date, t.end_date, t.precision, t.value) == (date(2021, 3, 7), date(2021, 3, 7), "day", "2021-03-07")
    assert t.relative


def test_weekday_with_future_tense_is_the_next_one(run_times):
    found = run_times("Le président irakien se rendra mardi à Erbil, a indiqué son bureau.", published=WEDNESDAY)
    assert one(found, "mardi").start_date == date(2021, 3, 16)
    found = run_times("Le président irakien s'est rendu mardi à Erbil.", published=WEDNESDAY)
    assert one(found, "mardi").start_date == date(2021, 3, 9)


def test_weekday_without_publication_date_stays_relative(run_times):
    found = run_times("Les combattants ont attaqué un convoi samedi dernier près de Kirkouk.", published=None)
    t = one(found, "samedi dernier")
    assert t.start_date is None and t.end_date is None
    assert t.precision == "unresolved" and t.weekday == 5 and t.relative


def test_relative_days_and_parts_of_day(run_times):
    found = run_times(
        "Un engin explosif a tué trois soldats hier soir ; un autre avait explosé samedi dernier, "
        "et la police a bouclé le quartier mardi matin."
    )
    hier = one(found, "hier soir")
    assert hier.start_date == date(2021, 3, 6) and hier.time_of_day == "evening" and hier.precision == "day"
    assert one(found, "samedi dernier").start_date == date(2021, 3, 6)
    mardi = one(found, "mardi matin")
    assert mardi.start_date == date(2021, 3, 2) and mardi.time_of_day == "morning"


def test_last_week_last_year_and_days_ago(run_times):
    found = run_times(
        "La semaine dernière, des drones ont frappé un dépôt ; l'an dernier, la milice contrôlait la ville. "
        "Il y a trois jours, un journaliste a été enlevé."
    )
    week = one(found, "la semaine dernière")
    assert (week.start_date, week.end_date, week.precision, week.value) == (
        date(2021, 2, 22), date(2021, 2, 28), "week", "2021-W08")
    year = one(found, "l'an dernier")
    assert (year.start_date, year.end_date, year.precision) == (date(2020, 1, 1), date(2020, 12, 31), "year")
    ago = one(found, "il y a trois jours")
    assert ago.start_date == date(2021, 3, 4) and ago.precision == "day"


def test_year_is_a_year_not_a_day(run_times):
    found = run_times("En 2019, les forces gouvernementales avaient repris le contrôle de la province.")
    t = one(found, "2019")
    assert (t.start_date, t.end_date, t.precision, t.value, t.relative) == (
        date(2019, 1, 1), date(2019, 12, 31), "year", "2019", False)


def test_end_of_year_is_coarser_than_a_day(run_times):
    found = run_times("Fin 2020, des missiles avaient atterri sur une maison près de l'aéroport.")
    t = one(found, "fin 2020")
    assert (t.start_date, t.end_date) == (date(2020, 10, 1), date(2020, 12, 31))
    assert t.precision == "season" and t.modifier == "end" and t.value == "2020"


def test_absolute_dates_and_day_ranges(run_times):
    found = run_times(
        "Les affrontements ont eu lieu du 3 au 5 mars dans la province. Le scrutin du 12 juin 2022 "
        "a été reporté. Les pourparlers reprendront début avril, puis à la mi-mai."
    )
    rng = one(found, "du 3 au 5 mars")
    assert (rng.start_date, rng.end_date, rng.precision) == (date(2021, 3, 3), date(2021, 3, 5), "day")
    assert one(found, "12 juin 2022").start_date == date(2022, 6, 12)
    avril = one(found, "début avril")
    assert (avril.start_date, avril.end_date, avril.modifier) == (date(2021, 4, 1), date(2021, 4, 10), "start")
    assert one(found, "mi-mai").start_date == date(2021, 5, 11)


def test_night_of_saturday_to_sunday(run_times):
    found = run_times("Dans la nuit de samedi à dimanche, des tirs de roquettes ont visé l'ambassade.")
    t = one(found, "la nuit de samedi à dimanche")
    assert (t.start_date, t.end_date, t.time_of_day) == (date(2021, 3, 6), date(2021, 3, 7), "night")


def test_decades_durations_and_clock_times(nlps, run_times):
    text = "Dans les années 1990, le conflit a duré six ans. Samedi, l'explosion a eu lieu vers 21 h 45."
    dec = one(run_times(text), "les années 1990")
    assert dec.value == "199X" and dec.precision == "decade"
    # durations and clock times are TIMEX3 too: in the report with their kind, not as dates
    tagged = {text[s:e]: r for s, e, _k, r in times.tag(nlps("fr")(text), "fr", date(2021, 3, 7))}
    kinds = {t.text: t.kind for t in run_times(text)}
    assert kinds["six ans"] == "duration" and kinds["vers 21 h 45"] == "clock" and kinds["Samedi"] == "date"
    dur = tagged["six ans"]
    assert dur.type == "DURATION" and dur.value == "P6Y" and dur.start is None
    clock = tagged["vers 21 h 45"]
    assert clock.type == "TIME" and clock.value == "2021-03-06T21:45" and clock.modifier == "approx"


def test_recent_period_and_anaphoric_days(run_times):
    found = run_times(
        "Les attaques se sont multipliées ces deux dernières années. Les rebelles ont pris la ville "
        "le 2 mars ; la veille, ils avaient encerclé le camp, et trois jours plus tard l'armée a riposté."
    )
    recent = one(found, "ces deux dernières années")
    assert (recent.start_date, recent.end_date, recent.precision) == (date(2019, 3, 7), date(2021, 3, 7), "year")
    assert one(found, "la veille").start_date == date(2021, 3, 1)
    assert one(found, "trois jours plus tard").start_date == date(2021, 3, 5)


def test_la_veille_in_the_past_counts_from_a_past_date(run_times):
    """A coming date named in between (an election) is not what a past "la veille" counts from."""
    found = run_times(
        "Les manifestations se sont poursuivies lundi 27 avril à Bujumbura contre la candidature du président "
        "à la présidentielle du 26 juin. La veille, la journée avait été marquée par des violences. "
        "Le sommet se tiendra le 20 mai. La veille, les ministres se réuniront.", published="2015-04-27")
    veilles = [t for t in found if t.text == "La veille"]
    assert [t.start_date for t in veilles] == [date(2015, 4, 26), date(2015, 5, 19)]


def test_non_breaking_spaces_inside_dates(run_times):
    """French news sets a non-breaking space between a date's words ("1er\u00a0mars", "10\u00a0h"),
    which spaCy makes a token of its own: the date is still one expression."""
    found = run_times("Ce mardi 2\u00a0mars\u00a02021, vers 10\u00a0h\u00a030, la police a dispersé les manifestants "
                      "rassemblés depuis le 1er\u00a0mars.")
    day = one(found, "mardi 2\u00a0mars\u00a02021")
    assert (day.start_date, day.precision) == (date(2021, 3, 2), "day")
    assert one(found, "vers 10\u00a0h\u00a030").value == "2021-03-02T10:30"
    assert one(found, "le 1er\u00a0mars").start_date == date(2021, 3, 1)
    found = run_times("Il est arrivé le 2 mars.\n\n2021 fut une année difficile.")
    assert one(found, "le 2 mars").value == "2021-03-02"  # a line break still ends a date


def test_scheduled_present_and_earlier_this_month(run_times):
    found = run_times(
        "The leaders host Chelsea on Saturday. Two bombs exploded earlier this month.",
        lang="en",
        published="2024-04-15",
    )
    assert one(found, "Saturday").start_date == date(2024, 4, 20)
    early = one(found, "earlier this month")
    assert (early.start_date, early.end_date) == (date(2024, 4, 1), date(2024, 4, 14))


def test_french_false_positives(run_times):
    found = run_times(
        "Sa mission a été prolongée. Le 1er ministre a reçu 2000 soldats. La sonde a atteint Mars. "
        "Il a été blessé. Le Journal du dimanche publie une enquête."
    )
    assert found == []


# --------------------------------------------------------------------------- English
def test_english_weekday_last_month_and_early_year(run_times):
    found = run_times(
        "The coalition said on Sunday that a rocket hit the base. Attacks rose last month, "
        "after a lull in early 2020.",
        lang="en",
    )
    assert one(found, "Sunday").start_date == date(2021, 3, 7)
    month = one(found, "last month")
    assert (month.start_date, month.end_date, month.precision, month.value) == (
        date(2021, 2, 1), date(2021, 2, 28), "month", "2021-02")
    early = one(found, "early 2020")
    assert early.start_date == date(2020, 1, 1) and early.end_date < date(2020, 6, 1)
    assert early.precision == "season" and early.modifier == "start"


def test_english_future_weekday_and_days_ago(run_times):
    found = run_times(
        "The minister will travel to Kabul on Tuesday. Gunmen killed two guards three days ago.",
        lang="en",
        published=WEDNESDAY,
    )
    assert one(found, "Tuesday").start_date == date(2021, 3, 16)
    assert one(found, "three days ago").start_date == date(2021, 3, 7)


def test_english_dates(run_times):
    found = run_times(
        "Fighting broke out on March 3, 2021 and again on 2021-03-05. Police said last night that "
        "the curfew imposed yesterday morning would end in the 1990s style.",
        lang="en",
    )
    assert one(found, "March 3, 2021").start_date == date(2021, 3, 3)
    assert one(found, "2021-03-05").start_date == date(2021, 3, 5)
    night = one(found, "last night")
    assert night.start_date == date(2021, 3, 6) and night.time_of_day == "night"
    assert one(found, "yesterday morning").value == "2021-03-06TMO"


def test_english_false_positives(run_times):
    found = run_times(
        "The Sunday Times reported that 2000 soldiers may be deployed. Officials may visit later.",
        lang="en",
    )
    assert found == []


def test_english_without_publication_date(run_times):
    found = run_times("Protesters gathered on Friday and last week outside parliament.", lang="en", published=None)
    fri = one(found, "Friday")
    assert fri.start_date is None and fri.weekday == 4 and fri.precision == "unresolved"
    week = one(found, "last week")
    assert week.start_date is None and week.precision == "unresolved"


@pytest.mark.shared
def test_reference_article_times(reference_report):
    by_text = {t.text.lower(): t for t in reference_report.times}
    assert by_text["dimanche"].start_date == date(2021, 3, 7)
    assert by_text["dimanche"].precision == "day"
    fin = by_text["fin 2020"]
    assert fin.start_date.year == 2020 and fin.end_date == date(2020, 12, 31) and fin.precision != "day"
    assert [t.id for t in reference_report.times] == [f"t{i}" for i in range(1, len(reference_report.times) + 1)]


def test_timebank_adapter_reads_offsets(tmp_path):
    from veille.eval.timebank import read_tml

    tml = tmp_path / "doc.tml"
    tml.write_text(
        '<?xml version="1.0"?><TimeML><DOCID>d1</DOCID>'
        '<DCT><TIMEX3 functionInDocument="CREATION_TIME" tid="t1" type="DATE" value="2003-02-22"/></DCT>'
        '<TEXT>Il est <EVENT eid="e1">arrivé</EVENT> <TIMEX3 tid="t2" type="DATE" value="2003-02-21">hier</TIMEX3>.</TEXT>'
        "</TimeML>",
        encoding="utf-8",
    )
    doc = read_tml(tml)
    assert doc.dct == date(2003, 2, 22)
    assert doc.text == "Il est arrivé hier."
    g = doc.gold[0]
    assert doc.text[g.start : g.end] == "hier" and g.value == "2003-02-21" and g.type == "DATE"


@pytest.mark.shared
def test_timebank_adapter_scores_dev_documents():
    from conftest import shared_path

    from veille.eval.timebank import evaluate

    scores = evaluate(shared_path("data", "fr-timebank-dev"), limit=8)
    assert scores["documents"] == 8 and scores["gold"] > 0
    assert scores["relaxed_f1"] >= scores["strict_f1"] > 0.5
    assert 0.5 < scores["value_f1"] <= scores["relaxed_f1"]
