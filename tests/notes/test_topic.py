import json
import re

import pytest

from app.models import GlossaryEntry, Segment
from app.notes.centrality import RankedLecture
from app.notes.glossary import extract_glossary
from app.notes.lemmas import as_noun
from app.notes.organisational import is_greeting
from app.notes.sentences import split_sentences
from app.notes.topic import announced_subject, is_real_title, topic_line
from tests.conftest import FIXTURES


def sentences_of(*texts: str, seconds: float = 10.0):
    return split_sentences(
        [Segment(i, i * seconds, (i + 1) * seconds, t) for i, t in enumerate(texts)]
    )


def entry(term: str, quote: str, start: float) -> GlossaryEntry:
    return GlossaryEntry(term, quote, quote, start, start + 5)


def topic_of(title: str, texts: list[str], language: str, glossary=()) -> str:
    sentences = sentences_of(*texts)
    return topic_line(title, RankedLecture.rank(sentences, language), list(glossary), language)


OPENED_WITH_A_GREETING = {
    "en": [
        "Hello and welcome back.",
        "Good morning everyone.",
        "Glaciers are rivers of ice that move slowly downhill.",
        "A glacier grows when more snow falls in winter than melts in summer.",
        "Moraines are ridges of rock that a glacier pushes ahead of it.",
        "When a glacier retreats, its moraines stay behind in the valley.",
    ],
    "ru": [
        "Здравствуйте!",
        "Добрый день, коллеги.",
        "Ледник — это масса льда, которая медленно движется вниз по склону.",
        "Ледник растёт, когда зимой выпадает больше снега, чем тает летом.",
        "Морена — это гряда камней, которую ледник толкает перед собой.",
        "Когда ледник отступает, морены остаются в долине.",
    ],
    "de": [
        "Guten Morgen zusammen.",
        "Hallo und herzlich willkommen.",
        "Ein Gletscher ist ein Strom aus Eis, der sich langsam talwärts bewegt.",
        "Ein Gletscher wächst, wenn im Winter mehr Schnee fällt, als im Sommer schmilzt.",
        "Eine Moräne ist ein Wall aus Geröll, den der Gletscher vor sich herschiebt.",
        "Wenn der Gletscher schmilzt, bleiben seine Moränen im Tal liegen.",
    ],
}
CENTRAL_WORD = {"en": "glacier", "ru": "ледник", "de": "gletscher"}


@pytest.mark.parametrize("language", ["en", "ru", "de"])
def test_the_topic_is_never_the_greeting_and_names_what_the_lecture_is_about(language):
    topic = topic_of("Recording 2026-11-20", OPENED_WITH_A_GREETING[language], language)
    assert not is_greeting(topic, language)
    assert CENTRAL_WORD[language] in topic.casefold()


@pytest.mark.parametrize(
    ("language", "announcement", "subject"),
    [
        (
            "en",
            "Good morning, today we are going to talk about the water cycle, and I will show a film.",
            "Water cycle",
        ),
        ("en", "This lecture is about plate tectonics.", "Plate tectonics"),
        (
            "ru",
            "Добрый вечер, сегодня мы поговорим о фазовых переходах и посмотрим опыты.",
            "О фазовых переходах",
        ),
        ("ru", "Тема сегодняшней лекции — фазовые переходы.", "Фазовые переходы"),
        (
            "de",
            "Heute sprechen wir über die Sortierverfahren, die jeder kennen muss.",
            "Über die Sortierverfahren",
        ),
    ],
)
def test_the_lecturers_announcement_is_reduced_to_its_object(language, announcement, subject):
    texts = [announcement, *OPENED_WITH_A_GREETING[language][2:]]
    assert topic_of("audio", texts, language).startswith(f"{subject}: ")


def test_an_object_that_would_change_case_out_of_its_sentence_is_not_taken():
    # "mit den Grundbegriffen" is dative: on its own it would read wrong, so terms stand in.
    texts = ["Heute beginnen wir mit den Gletschern.", *OPENED_WITH_A_GREETING["de"][2:]]
    assert topic_of("audio", texts, "de").startswith("Gletscher")


def test_a_title_a_person_gave_names_the_subject_and_central_terms_follow():
    texts = OPENED_WITH_A_GREETING["en"]
    glossary = [entry("glacier", texts[2], 20.0), entry("moraine", texts[4], 40.0)]
    assert topic_of("Ice ages", texts, "en", glossary) == "Ice ages: glacier and moraine"


@pytest.mark.parametrize(
    "title",
    ["lecture_03.mp3", "Recording 2026-11-20", "audio", "Lecture 3", "Запись 5", "Vorlesung 12"],
)
def test_a_file_name_or_a_recorders_name_is_not_a_title(title):
    assert not is_real_title(title)


@pytest.mark.parametrize("title", ["Thermodynamics I", "Основы генетики", "Einführung in C"])
def test_a_title_a_person_wrote_is_one(title):
    assert is_real_title(title)


LANGUAGES = {
    "lecture_networks": "en",
    "lecture_cells": "en",
    "lecture_ru_biology": "ru",
    "lecture_de_informatik": "de",
}


@pytest.mark.parametrize("name", sorted(LANGUAGES))
def test_reference_lectures_topic_is_a_central_term_not_their_opening(name):
    language = LANGUAGES[name]
    lines = (FIXTURES / f"{name}.txt").read_text().strip().splitlines()
    sentences = sentences_of(*lines)
    glossary = extract_glossary(sentences, language, None)
    topic = topic_line(f"{name}.mp3", RankedLecture.rank(sentences, language), glossary, language)
    reference = json.loads((FIXTURES / f"{name}.glossary.json").read_text())["terms"]
    names = {n.casefold() for t in reference for n in [t["term"], *t["aliases"]]}
    assert not is_greeting(topic, language)
    assert sentences[0].text not in topic
    assert any(re.search(rf"(?<!\w){re.escape(n)}(?!\w)", topic.casefold()) for n in names), topic


def test_russian_stand_in_words_are_known_nouns_in_dictionary_form() -> None:
    assert as_noun("цене", "ru") == "цена"
    assert as_noun("заботится", "ru") is None  # a verb
    assert as_noun("гимаматси", "ru") is None  # a mishearing no dictionary knows
    assert as_noun("throughput", "en") == "throughput"


def test_a_subject_started_without_a_preposition_is_announced() -> None:
    lecture = RankedLecture.rank(
        split_sentences(
            [
                Segment(0, 0.0, 5.0, "Hello and welcome back, everyone."),
                Segment(
                    1, 5.0, 10.0, "Last week we finished optics, and today we start acoustics."
                ),
                Segment(2, 10.0, 15.0, "Sound is a wave of pressure that travels through air."),
            ]
        ),
        "en",
    )
    assert announced_subject(lecture, "en") == "Acoustics"
