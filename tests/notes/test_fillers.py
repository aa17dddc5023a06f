import pytest

from app.notes.fillers import strip_leading_filler


@pytest.mark.parametrize(
    ("spoken", "language", "content"),
    [
        (
            "So, basically, a sample is just a small part of a population.",
            "en",
            "a sample is just a small part of a population.",
        ),
        ("Um, uh, the kernel schedules processes.", "en", "the kernel schedules processes."),
        ("Okay, and then enzymes speed up reactions.", "en", "enzymes speed up reactions."),
        ("Right, so a vector has a length.", "en", "a vector has a length."),
        ("Ну вот, спрос — это количество товара.", "ru", "спрос — это количество товара."),
        ("Итак, рынок — это место обмена.", "ru", "рынок — это место обмена."),
        ("Also, äh, ein Stack ist ein Stapel.", "de", "ein Stack ist ein Stapel."),
    ],
)
def test_leading_filler_is_removed(spoken: str, language: str, content: str) -> None:
    assert strip_leading_filler(spoken, language) == content


@pytest.mark.parametrize(
    ("text", "language"),
    [
        # Words that are filler only before a comma keep their meaning elsewhere.
        ("Right angles measure ninety degrees.", "en"),
        ("Just in time compilation is faster.", "en"),
        ("Так называемый спрос растёт.", "ru"),
        ("So funktioniert ein Compiler.", "de"),
        # Nothing but filler: there is no content to start at.
        ("Okay.", "en"),
    ],
)
def test_content_is_kept(text: str, language: str) -> None:
    assert strip_leading_filler(text, language) == text
