import pytest

from app.models import GlossaryEntry, Segment
from app.notes.centrality import RankedLecture
from app.notes.organisational import is_organisational
from app.notes.questions import english_noun_phrase, indefinite_article, review_questions
from app.notes.sentences import split_sentences


def questions_for(texts: list[str], terms: dict[str, int], language: str) -> list[str]:
    """Questions for a lecture of `texts` whose glossary defines each term in the sentence at
    the given position."""
    sentences = split_sentences(
        [Segment(i, i * 10.0, i * 10.0 + 10, t) for i, t in enumerate(texts)]
    )
    glossary = [
        GlossaryEntry(term, texts[at], texts[at], at * 10.0, at * 10.0 + 10)
        for term, at in terms.items()
    ]
    return review_questions(RankedLecture.rank(sentences, language), glossary, [], language)


@pytest.mark.parametrize(
    ("term", "text", "phrase"),
    [
        ("switch", "A switch joins computers. Every switch has ports.", "a switch"),
        ("API", "An API is a contract between programs.", "an API"),
        ("throughput", "Throughput is what arrives. We want high throughput.", "throughput"),
        (
            "kernel",
            "The kernel schedules processes. Nothing runs without the kernel.",
            "the kernel",
        ),
        # A noun said in the plural is countable.
        ("stack", "Stacks and queues hold data.", "a stack"),
        # Open: with and without "the", a plural term.
        ("energy", "Energy is conserved. The energy of a system is constant.", None),
        ("ribosomes", "Ribosomes build proteins.", None),
        ("criteria", "The criteria are listed here. Criteria are strict.", None),
    ],
)
def test_english_takes_the_article_the_lecturer_uses(term, text, phrase):
    assert english_noun_phrase(term, text) == phrase


def test_english_definition_questions_are_grammatical():
    texts = [
        "A switch is a device that joins computers in one network.",
        "Throughput is the amount of data that actually arrives per second.",
        "Ribosomes are the structures that build proteins from amino acids.",
    ]
    assert questions_for(texts, {"switch": 0, "throughput": 1, "ribosomes": 2}, "en") == [
        "What is a switch?",
        "What is throughput?",
        "What is meant by “ribosomes”?",
    ]


@pytest.mark.parametrize(
    ("language", "text", "term", "question"),
    [
        (
            "en",
            "The second law of thermodynamics states that the entropy of a closed system never "
            "decreases.",
            "second law of thermodynamics",
            "What does the second law of thermodynamics state?",
        ),
        (
            "en",
            "Hooke's law says that the force of a spring grows with its stretch.",
            "Hooke's law",
            "What does Hooke's law state?",
        ),
        (
            "ru",
            "Закон Ома гласит, что сила тока пропорциональна напряжению.",
            "закон Ома",
            "Что гласит закон Ома?",
        ),
        (
            "de",
            "Der Energieerhaltungssatz besagt, dass Energie weder erzeugt noch vernichtet wird.",
            "Energieerhaltungssatz",
            "Was besagt „Energieerhaltungssatz“?",
        ),
    ],
)
def test_a_law_is_asked_what_it_states(language, text, term, question):
    assert questions_for([text], {term: 0}, language)[0] == question


@pytest.mark.parametrize(
    ("language", "text", "term", "question"),
    [
        ("ru", "Фермент — это белок, который ускоряет реакцию.", "фермент", "Что такое фермент?"),
        (
            "de",
            "Ein Stack ist ein Stapel, auf den man oben legt und von oben nimmt.",
            "Stack",
            "Was versteht man unter dem Begriff „Stack“?",
        ),
    ],
)
def test_a_definition_is_asked_in_a_form_that_fits_any_term(language, text, term, question):
    assert questions_for([text], {term: 0}, language)[0] == question


CONTRASTS = [
    (
        "en",
        [
            "A hub is a device that repeats every frame to every port.",
            "A switch is a device that sends a frame only to the port it is meant for.",
            "Unlike a hub, a switch learns which computer sits behind each port.",
        ],
        {"hub": 0, "switch": 1},
        "How does a hub differ from a switch?",
    ),
    (
        "ru",
        [
            "Митоз — это деление клетки на две одинаковые клетки.",
            "Мейоз — это деление, которое даёт четыре половые клетки.",
            "В отличие от митоза, мейоз уменьшает число хромосом вдвое.",
        ],
        {"митоз": 0, "мейоз": 1},
        "Чем отличаются митоз и мейоз?",
    ),
    (
        "de",
        [
            "Ein Stack ist eine Datenstruktur, bei der das zuletzt abgelegte Element zuerst kommt.",
            "Eine Queue ist eine Datenstruktur, bei der das zuerst abgelegte Element zuerst kommt.",
            "Im Gegensatz zu einem Stack arbeitet eine Queue nach dem Prinzip einer Warteschlange.",
        ],
        {"Stack": 0, "Queue": 1},
        "Worin unterscheiden sich „Stack“ und „Queue“?",
    ),
]


@pytest.mark.parametrize(("language", "texts", "terms", "question"), CONTRASTS)
def test_a_contrast_the_lecturer_drew_is_asked(language, texts, terms, question):
    assert question in questions_for(texts, terms, language)


@pytest.mark.parametrize(("language", "texts", "terms", "question"), CONTRASTS)
def test_no_contrast_is_asked_where_the_lecturer_drew_none(language, texts, terms, question):
    # The same terms, said together, but without a contrast.
    together = {
        "en": "A hub and a switch both sit in the wiring closet.",
        "ru": "Митоз и мейоз изучают под микроскопом.",
        "de": "Ein Stack und eine Queue lassen sich mit einem Array bauen.",
    }
    questions = questions_for([*texts[:2], together[language]], terms, language)
    assert question not in questions
    assert len(questions) == len(terms)


def test_without_a_glossary_key_ideas_are_to_be_explained():
    lecture = RankedLecture.rank([], "en")
    idea = "Enzymes lower the activation energy of a reaction."
    assert review_questions(lecture, [], [idea], "en") == [
        "Explain in your own words: Enzymes lower the activation energy of a reaction"
    ]


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "Good afternoon, nice to have you all here."),
        ("en", "We'll take a short break and continue at eleven."),
        ("en", "For next week, read pages forty to sixty."),
        ("en", "Thank you, and see you on Monday."),
        ("ru", "Здравствуйте, коллеги!"),
        ("ru", "Сделаем перерыв на десять минут."),
        ("ru", "К следующему занятию прочитайте параграф пять."),
        ("ru", "Спасибо за внимание."),
        ("de", "Guten Tag allerseits."),
        ("de", "Jetzt machen wir eine kurze Pause."),
        ("de", "Lesen Sie bitte das dritte Kapitel."),
        ("de", "Vielen Dank und bis nächste Woche."),
    ],
)
def test_the_class_logistics_are_recognised(language, text):
    assert is_organisational(text, language)


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "Thanks to enzymes, digestion takes hours instead of years."),
        ("en", "Bonds break when the molecule absorbs enough energy."),
        ("ru", "Клетка делится, когда накопит достаточно белка."),
        ("de", "Eine Variable ist ein benannter Speicherplatz."),
    ],
)
def test_the_subject_is_not_taken_for_logistics(language, text):
    assert not is_organisational(text, language)


def test_article_from_the_plural_and_not_from_a_longer_term() -> None:
    sentences = [
        "Inside a cell are small structures called organelles.",
        "The green organelle captures light.",
        "Heat flows from hot to cold. A heat engine turns heat into work.",
    ]
    text = " ".join(sentences)
    assert english_noun_phrase("organelle", text) == "an organelle"
    assert indefinite_article("unit") == "a"
    assert indefinite_article("hour") == "an"


def test_a_longer_term_does_not_lend_its_article() -> None:
    questions = questions_for(
        [
            "Heat is energy that flows because of a difference in temperature.",
            "A heat engine turns part of that heat into work.",
        ],
        {"heat": 0, "heat engine": 1},
        "en",
    )
    assert questions[:2] == ["What is heat?", "What is a heat engine?"]
