"""Each phrasing of app.notes.phrasings on sentences of our own (none is taken from a fixture)."""

import pytest

from app.models import Segment
from app.notes.definitions import find_definitions
from app.notes.glossary import extract_glossary
from app.notes.sentences import split_sentences


def sentences_of(*texts: str):
    return split_sentences([Segment(i, float(i), i + 1.0, t) for i, t in enumerate(texts)])


def terms_and_definitions(language: str, *texts: str) -> list[tuple[str, str]]:
    return [(d.term, d.definition) for d in find_definitions(sentences_of(*texts), language)]


@pytest.mark.parametrize(
    ("texts", "term", "definition"),
    [
        # <term> is [hedge] a/the …, with filler and an aside before the verb
        (
            ["So, basically, a kernel is just the part of the system that manages memory."],
            "kernel",
            "The part of the system that manages memory.",
        ),
        (
            ["And the variance, you know, is the average squared distance from the mean."],
            "variance",
            "The average squared distance from the mean.",
        ),
        (
            ["Enzymes are proteins that speed up chemical reactions."],
            "enzymes",
            "Proteins that speed up chemical reactions.",
        ),
        # <definition> is called / known as / referred to as <term>
        (
            ["The force that pulls two masses together is called gravitation."],
            "gravitation",
            "The force that pulls two masses together.",
        ),
        (
            ["Rocks that form from cooled lava are known as igneous rocks."],
            "igneous rocks",
            "Rocks that form from cooled lava.",
        ),
        (
            ["The amount of money a firm earns from sales is referred to as revenue."],
            "revenue",
            "The amount of money a firm earns from sales.",
        ),
        # we call this / this is what we call / that's what's known as: the sentence before
        (
            ["Light bends when it passes from air into water.", "We call this refraction."],
            "refraction",
            "Light bends when it passes from air into water.",
        ),
        (
            [
                "Prices rise across the whole economy for a long time.",
                "That's what we call inflation.",
            ],
            "inflation",
            "Prices rise across the whole economy for a long time.",
        ),
        (
            ["Some species eat only plants.", "This is what's known as a herbivore."],
            "herbivore",
            "Some species eat only plants.",
        ),
        (
            ["Part of the input energy is lost as heat, and we call this share the loss factor."],
            "loss factor",
            "Part of the input energy is lost as heat.",
        ),
        # by <term> we mean; when we say <term>, we mean; we define <term> as
        (
            ["By latency we mean the delay between a request and its answer."],
            "latency",
            "The delay between a request and its answer.",
        ),
        (
            ["When we say throughput, we mean the work a system finishes per second."],
            "throughput",
            "The work a system finishes per second.",
        ),
        (
            ["We define velocity as the rate of change of position."],
            "velocity",
            "The rate of change of position.",
        ),
        # <term> means / refers to / stands for
        (
            ["The term osmosis refers to water moving through a membrane."],
            "osmosis",
            "Water moving through a membrane.",
        ),
        (
            ["GDP stands for gross domestic product of a country."],
            "GDP",
            "Gross domestic product of a country.",
        ),
        # what we call <term> is / are …
        (
            ["What we call a vector is a quantity with size and direction."],
            "vector",
            "A quantity with size and direction.",
        ),
        # laws and principles
        (
            [
                "The third law of motion states that every action has an equal and opposite reaction."
            ],
            "third law of motion",
            "Every action has an equal and opposite reaction.",
        ),
        (
            ["The law of diminishing returns says that extra input adds less and less output."],
            "law of diminishing returns",
            "Extra input adds less and less output.",
        ),
        # definition first, then "that is what … mean by <term>"
        (
            ["When one company sells the whole market, that is what economists mean by monopoly."],
            "monopoly",
            "When one company sells the whole market.",
        ),
        # appositions
        (
            ["The cortex, the outer layer of the brain, is where most thinking happens."],
            "cortex",
            "The outer layer of the brain.",
        ),
        (
            ["Mitochondrial DNA, a small ring of genes inside each mitochondrion, passes down."],
            "mitochondrial DNA",
            "A small ring of genes inside each mitochondrion.",
        ),
        # a question answered by the next sentence
        (
            ["So what is a compiler, then?", "It is a program that translates source code."],
            "compiler",
            "A program that translates source code.",
        ),
        (
            ["Next, consider opportunity cost.", "It is the value of the best choice you gave up."],
            "opportunity cost",
            "The value of the best choice you gave up.",
        ),
    ],
)
def test_english_phrasings(texts: list[str], term: str, definition: str) -> None:
    assert terms_and_definitions("en", *texts) == [(term, definition)]


@pytest.mark.parametrize(
    "texts",
    [
        # mentions, examples and classifications, not definitions
        ["The router is on the left side of the slide."],
        ["Copper is a good conductor, so most cables are made of it."],
        ["Dolphins are mammals."],
        ["Mercury is the first example we will look at."],
        ["An ion is one of the things you will draw in the lab."],
        ["The engine in a car is a heat engine."],
        ["Before we start, a quick reminder that the lab report is due."],
        ["We will talk about plate tectonics next week."],
        ["What is a lysosome?", "We will see next week."],
        ["Is that clear?"],
    ],
)
def test_english_sentences_that_define_nothing(texts: list[str]) -> None:
    assert terms_and_definitions("en", *texts) == []


def test_a_sentence_whisper_cut_before_its_verb_is_read_whole() -> None:
    found = find_definitions(
        sentences_of(
            "The small bag of fluid around the embryo.",
            "Okay.",
            "Is referred to as the amniotic sac.",
        ),
        "en",
    )
    assert [(d.term, d.definition) for d in found] == [
        ("amniotic sac", "The small bag of fluid around the embryo.")
    ]
    assert found[0].quote == (
        "The small bag of fluid around the embryo. Okay. Is referred to as the amniotic sac."
    )


def test_a_copula_misheard_as_in_is_read_when_the_genus_repeats_the_head() -> None:
    assert terms_and_definitions(
        "en", "An elastic collision in a collision in which kinetic energy is kept."
    ) == [("elastic collision", "A collision in which kinetic energy is kept.")]
    assert terms_and_definitions("en", "The battery in a drawer gets warm.") == []


@pytest.mark.parametrize(
    ("texts", "term", "definition"),
    [
        (
            ["Итак, рынок — это место, где встречаются продавцы и покупатели."],
            "рынок",
            "Место, где встречаются продавцы и покупатели.",
        ),
        (
            ["Процесс превращения воды в пар называется испарением."],
            "испарением",
            "Процесс превращения воды в пар.",
        ),
        (
            ["Под энтропией понимают меру беспорядка системы."],
            "энтропией",
            "Меру беспорядка системы.",
        ),
        (
            ["Закон Ома гласит, что ток пропорционален напряжению."],
            "закон Ома",
            "Ток пропорционален напряжению.",
        ),
        (
            ["Налоги являются обязательными платежами граждан государству."],
            "налоги",
            "Обязательными платежами граждан государству.",
        ),
        (
            ["Вода испаряется при нагревании.", "Это называется кипением воды."],
            "кипением воды",
            "Вода испаряется при нагревании.",
        ),
        (
            ["Что такое атом?", "Это мельчайшая частица химического элемента."],
            "атом",
            "Мельчайшая частица химического элемента.",
        ),
        (
            ["Ион.", "Ион.", "Это атом с электрическим зарядом."],
            "ион",
            "Атом с электрическим зарядом.",
        ),
        (
            ["Валюта — это.", "Денежная единица страны или группы стран."],
            "валюта",
            "Денежная единица страны или группы стран.",
        ),
    ],
)
def test_russian_phrasings(texts: list[str], term: str, definition: str) -> None:
    assert terms_and_definitions("ru", *texts) == [(term, definition)]


@pytest.mark.parametrize(
    ("texts", "term", "definition"),
    [
        (
            ["Also, ein Stack ist eine Datenstruktur, bei der das letzte Element zuerst kommt."],
            "Stack",
            "Eine Datenstruktur, bei der das letzte Element zuerst kommt.",
        ),
        (
            ["Als Photon bezeichnet man ein Teilchen des Lichts."],
            "Photon",
            "Ein Teilchen des Lichts.",
        ),
        (
            ["Man spricht von Resonanz, wenn ein System mit seiner Eigenfrequenz schwingt."],
            "Resonanz",
            "Wenn ein System mit seiner Eigenfrequenz schwingt.",
        ),
        (
            ["Ein Stoff, der Strom kaum leitet, wird deshalb als Nichtleiter bezeichnet."],
            "Nichtleiter",
            "Ein Stoff, der Strom kaum leitet.",
        ),
        (
            ["Das Gesetz von Boyle besagt, dass Druck und Volumen umgekehrt proportional sind."],
            "Gesetz von Boyle",
            "Druck und Volumen umgekehrt proportional sind.",
        ),
        (
            ["Eine Zahl wird immer wieder halbiert.", "Das nennt man Bisektion."],
            "Bisektion",
            "Eine Zahl wird immer wieder halbiert.",
        ),
    ],
)
def test_german_phrasings(texts: list[str], term: str, definition: str) -> None:
    assert terms_and_definitions("de", *texts) == [(term, definition)]


def test_german_classification_is_not_a_definition() -> None:
    assert terms_and_definitions("de", "Eisen ist ein gutes Metall, deshalb baut man damit.") == []


def test_glossary_enters_terms_in_dictionary_form() -> None:
    russian = extract_glossary(
        sentences_of(
            "Рост общего уровня цен называется инфляцией.",
            "Под клеточной мембраной понимают оболочку, которая отделяет клетку от среды.",
            "Деньги являются всеобщим средством обмена товаров.",
        ),
        "ru",
        None,
    )
    assert [e.term for e in russian] == ["инфляция", "клеточная мембрана", "деньги"]
    german = extract_glossary(
        sentences_of("Unter Algorithmen versteht man endliche Folgen von Anweisungen."), "de", None
    )
    assert [e.term for e in german] == ["Algorithmus"]


def test_english_plural_is_singular_only_where_the_lecture_says_the_singular() -> None:
    glossary = extract_glossary(
        sentences_of(
            "Molecules that carry a charge are called ions.",
            "An ion can be positive or negative.",
            "Everything outside the system is known as the surroundings.",
        ),
        "en",
        None,
    )
    assert [e.term for e in glossary] == ["ion", "surroundings"]


class TermNamingModel:
    """Stands in for the language model: names the given terms, as SmolLM2 may."""

    context_tokens = 2048

    def __init__(self, *terms: str) -> None:
        self.terms = list(terms)

    def count_tokens(self, text: str) -> int:
        return len(text.split())

    def complete_json(self, *args: object, **kwargs: object) -> dict:
        return {"terms": self.terms}


def test_glossary_drops_a_fragment_of_a_longer_term() -> None:
    glossary = extract_glossary(
        sentences_of(
            "A heat engine is a machine that turns a flow of heat into useful work.",
            "Every heat engine wastes some of that heat.",
        ),
        "en",
        TermNamingModel("engine", "heat engine"),
    )
    assert [e.term for e in glossary] == ["heat engine"]


def test_glossary_drops_recognition_garbage() -> None:
    russian = extract_glossary(
        sentences_of(
            "Митафонды, это маной, который производит энергию.",
            "Ядро — это органоид, в котором хранится наследственная информация.",
        ),
        "ru",
        None,
    )
    assert [e.term for e in russian] == ["ядро"]


def test_a_model_named_term_is_defined_from_after_its_verb() -> None:
    glossary = extract_glossary(
        sentences_of("A hash table keeps values in slots chosen by a function of their keys."),
        "en",
        TermNamingModel("keeps values"),
    )
    assert glossary == []
    glossary = extract_glossary(
        sentences_of(
            "Actually a trie is basically good for lookups by prefix in big dictionaries."
        ),
        "en",
        TermNamingModel("trie"),
    )
    assert [(e.term, e.definition) for e in glossary] == [
        ("trie", "Good for lookups by prefix in big dictionaries.")
    ]


def test_a_model_named_term_that_is_only_classified_is_not_entered() -> None:
    glossary = extract_glossary(
        sentences_of("Chromoplasts are orange, and pigments are on the next slide as well."),
        "en",
        TermNamingModel("chromoplasts"),
    )
    assert glossary == []


def test_a_russian_term_with_a_word_no_dictionary_knows_is_left_out() -> None:
    glossary = extract_glossary(
        sentences_of("Калибиаспрос на график — это точка пересечения двух кривых на графике."),
        "ru",
        None,
    )
    assert glossary == []
