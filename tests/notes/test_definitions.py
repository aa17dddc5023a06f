from app.models import Segment
from app.notes.definitions import find_definitions
from app.notes.sentences import split_sentences


def sentences_of(*texts: str):
    return split_sentences([Segment(i, float(i), i + 1.0, t) for i, t in enumerate(texts)])


def test_english_copula_with_article_and_alias():
    found = find_definitions(
        sentences_of(
            "A router is a device that forwards packets between networks.",
            "The domain name system, or DNS, is the service that translates names.",
        ),
        "en",
    )
    assert [(d.term, d.aliases) for d in found] == [
        ("router", ()),
        ("domain name system", ("DNS",)),
    ]
    assert found[0].definition == "A device that forwards packets between networks."
    assert found[1].quote == "The domain name system, or DNS, is the service that translates names."


def test_definition_after_a_comma_and_an_announced_term():
    found = find_definitions(
        sentences_of(
            "This is often confused with latency, latency is the time a message takes to arrive.",
            "The next term is bandwidth.",
            "It tells how much data a link carries per second.",
        ),
        "en",
    )
    assert [d.term for d in found] == ["latency", "bandwidth"]
    assert found[1].quote == (
        "The next term is bandwidth. It tells how much data a link carries per second."
    )
    assert (found[1].start, found[1].end) == (1.0, 3.0)


def test_pronouns_and_vague_predicates_are_not_terms():
    found = find_definitions(
        sentences_of(
            "It is a nice day to learn something.",
            "Bandwidth is often confused with latency.",
            "This is the last slide of the lecture.",
        ),
        "en",
    )
    assert found == []


def test_russian_dash_and_split_sentence():
    found = find_definitions(
        sentences_of(
            "Клетка — это наименьшая структурная единица живого организма.",
            "Митоз.",
            "Это способ деления клетки, при котором образуются две клетки.",
        ),
        "ru",
    )
    assert [d.term for d in found] == ["клетка", "митоз"]
    assert found[1].definition == "Способ деления клетки, при котором образуются две клетки."


def test_german_definition():
    found = find_definitions(
        sentences_of("Ein Protokoll ist eine Menge von Regeln für den Austausch von Nachrichten."),
        "de",
    )
    assert [(d.term, d.definition) for d in found] == [
        ("Protokoll", "Eine Menge von Regeln für den Austausch von Nachrichten.")
    ]


def test_term_named_after_its_definition():
    found = find_definitions(
        sentences_of(
            "Data is cut into small pieces that travel on their own.",
            "These are called packets.",
        ),
        "en",
    )
    assert [(d.term, d.definition) for d in found] == [
        ("packets", "Data is cut into small pieces that travel on their own.")
    ]
    assert (
        found[0].quote
        == "Data is cut into small pieces that travel on their own. These are called packets."
    )


def test_russian_definition_continued_by_a_relative_clause():
    found = find_definitions(
        sentences_of(
            "Фотосинтез.", "Это процесс.", "При котором растения превращают свет в энергию."
        ),
        "ru",
    )
    assert [(d.term, d.definition) for d in found] == [
        ("фотосинтез", "Процесс, при котором растения превращают свет в энергию.")
    ]


def test_prefixed_definitions_in_russian_and_german():
    russian = find_definitions(sentences_of("Под митозом понимают деление клетки на две."), "ru")
    german = find_definitions(
        sentences_of("Unter einem Router versteht man ein Gerät, das Pakete weiterleitet."), "de"
    )
    assert [d.term for d in russian] == ["митозом"]
    assert [(d.term, d.definition) for d in german] == [
        ("Router", "Ein Gerät, das Pakete weiterleitet.")
    ]
