import pytest

from app.models import GlossaryEntry, Segment
from app.notes.centrality import RankedLecture
from app.notes.sentences import split_sentences
from app.notes.summary import (
    MAX_IDEA_CHARS,
    MAX_OUTLINE_TITLE_WORDS,
    _as_idea,
    central_ideas,
    write_summary,
)
from app.notes.templates import DEFAULT_TEMPLATE, TemplateLibrary


def sentences_of(*texts: str, seconds: float = 10.0):
    return split_sentences(
        [Segment(i, i * seconds, (i + 1) * seconds, t) for i, t in enumerate(texts)]
    )


def ideas_of(texts: list[str], language: str = "en") -> list[str]:
    return central_ideas(RankedLecture.rank(sentences_of(*texts), language), language)


# Sentences about enzymes, each with a part of the picture; asides that share none of their words.
ENZYME_PARTS = [
    "Enzymes lower the activation energy that a reaction needs.",
    "The substrate binds to the active site of the enzyme.",
    "Heat changes the shape of the active site.",
    "Inhibitors block the active site, so no substrate can bind.",
]
ASIDES = [
    "My neighbour's dog barks every single morning at six.",
    "The parking lot behind the building closes early on Fridays.",
    "Coffee from the vending machine tastes like cardboard.",
    "Somebody left an umbrella under the third row of seats.",
    "The projector flickers whenever somebody opens the window.",
    "Mountain trails near town get crowded during the summer holidays.",
]
# Said last, and the one sentence that ties every part together.
SYNTHESIS = (
    "An enzyme speeds up a reaction because the substrate binds to its active site, which "
    "lowers the activation energy, unless an inhibitor blocks the active site."
)


def test_the_most_central_sentence_is_chosen_even_when_said_last():
    ideas = ideas_of(["Good morning everyone.", *ENZYME_PARTS, *ASIDES, SYNTHESIS])
    assert SYNTHESIS in ideas
    assert not set(ideas) & set(ASIDES)
    assert ideas[-1] == SYNTHESIS  # in the lecture's order


def test_leading_filler_is_removed_from_an_idea():
    ideas = ideas_of(
        [*ENZYME_PARTS, *ASIDES, f"Okay, so, basically, {SYNTHESIS[0].lower()}{SYNTHESIS[1:]}"]
    )
    assert SYNTHESIS in ideas


@pytest.mark.parametrize(
    ("language", "parts", "logistics"),
    [
        (
            "en",
            ENZYME_PARTS,
            [
                "Ten minutes break, and then we look at enzymes binding the substrate.",
                "Please read chapter three on the active site of enzymes for next week.",
                "So why does the substrate bind to the active site of the enzyme?",
                "Hello and welcome back to enzymes, substrates and the active site.",
            ],
        ),
        (
            "ru",
            [
                "Фермент снижает энергию активации реакции.",
                "Субстрат связывается с активным центром фермента.",
                "Ингибитор блокирует активный центр фермента.",
                "Нагревание меняет форму активного центра фермента.",
            ],
            [
                "Спасибо за внимание, про фермент и активный центр поговорим ещё.",
                "К следующему занятию прочитайте главу про активный центр фермента.",
                "Почему субстрат связывается с активным центром фермента?",
            ],
        ),
        (
            "de",
            [
                "Ein Enzym senkt die Aktivierungsenergie einer Reaktion.",
                "Das Substrat bindet an das aktive Zentrum des Enzyms.",
                "Ein Inhibitor blockiert das aktive Zentrum des Enzyms.",
                "Wärme verändert die Form des aktiven Zentrums des Enzyms.",
            ],
            [
                "Jetzt machen wir zehn Minuten Pause und dann geht es mit dem Enzym weiter.",
                "Lesen Sie bitte bis nächste Woche das Kapitel über das aktive Zentrum.",
                "Warum bindet das Substrat an das aktive Zentrum des Enzyms?",
            ],
        ),
    ],
)
def test_logistics_greetings_and_questions_are_not_ideas(language, parts, logistics):
    ideas = ideas_of([*logistics, *parts], language)
    assert ideas
    assert not any(sentence in ideas for sentence in logistics)


def test_an_idea_that_repeats_a_better_one_is_left_out():
    repeated = "Enzymes lower the activation energy that a reaction needs, as I said."
    ideas = ideas_of([*ENZYME_PARTS, repeated, SYNTHESIS, *ASIDES])
    assert not (ENZYME_PARTS[0] in ideas and repeated in ideas)


def test_a_run_on_sentence_is_cut_after_a_clause():
    run_on = ", ".join([SYNTHESIS.rstrip(".")] * 3) + "."
    ideas = ideas_of([*ENZYME_PARTS, run_on, *ASIDES])
    assert all(len(idea) <= MAX_IDEA_CHARS for idea in ideas)


def glossary_entry(term: str, quote: str, start: float) -> GlossaryEntry:
    return GlossaryEntry(term, quote, quote, start, start + 10)


def test_outline_titles_are_short_names_not_sentences():
    texts = [
        *ENZYME_PARTS,
        "A catalyst is a substance that speeds up a reaction without being used up.",
        "Catalysts in cars turn exhaust gases into less harmful ones.",
        *ASIDES,
        "Photosynthesis is the way plants turn light into sugar.",
        "Chlorophyll is the pigment that absorbs the light.",
        "Leaves hold most of the chlorophyll of a plant.",
    ]
    sentences = sentences_of(*texts, seconds=60.0)
    glossary = [
        glossary_entry("catalyst", texts[4], sentences[4].start),
        glossary_entry("photosynthesis", texts[12], sentences[12].start),
        glossary_entry("chlorophyll", texts[13], sentences[13].start),
    ]
    summary = write_summary(
        title="Biochemistry",
        sentences=sentences,
        glossary=glossary,
        language="en",
        templates=TemplateLibrary(),
        template_name=DEFAULT_TEMPLATE,
    )
    titles = [item["title"] for item in summary.sections["outline"]]
    assert len(titles) >= 3
    assert titles[-1] == "Photosynthesis and chlorophyll"
    for title in titles:
        assert 0 < len(title.split()) <= MAX_OUTLINE_TITLE_WORDS
        assert "…" not in title and not title.endswith(".")
        assert title not in texts


def test_a_russian_key_idea_made_of_mishearings_is_left_out() -> None:
    assert _as_idea("Это рманой маякла хранит динетический крот сгибану организма.", "ru") is None
    assert _as_idea("Ядро хранит наследственную информацию клетки в виде молекул.", "ru")
