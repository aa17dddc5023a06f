from io import BytesIO

from docx import Document

from app.models import Summary
from app.summary_docx import to_docx

SECTIONS = {
    "topic": "Сегодня мы говорим о клетке.",
    "key_ideas": ["Клетка — единица жизни.", "Митохондрии дают энергию."],
    "outline": [
        {"start": 0.0, "clock": "0:00", "title": "Строение клетки"},
        {"start": 3661.0, "clock": "1:01:01", "title": "Энергия"},
    ],
    "glossary": [
        {
            "term": "Митохондрия",
            "definition": "Органоид, который вырабатывает энергию.",
            "start": 42.0,
            "clock": "0:42",
        },
        {
            "term": 'ATP, or "adenosine triphosphate"',
            "definition": 'The cell\'s "currency", spent; and made',
            "start": 75.0,
            "clock": "1:15",
        },
    ],
    "review_questions": ["Что такое Митохондрия?", "Объясните своими словами: Клетка."],
}


def open_docx(title: str, sections: dict, language: str = "ru"):
    summary = Summary(template="default", language=language, markdown="", sections=sections)
    return Document(BytesIO(to_docx(title, summary)))


def paragraphs_styled(document, style: str) -> list[str]:
    return [p.text for p in document.paragraphs if p.style.name == style]


def test_headings_are_in_the_summarys_language():
    document = open_docx("Клетка", SECTIONS)
    assert paragraphs_styled(document, "Title") == ["Клетка"]
    assert paragraphs_styled(document, "Heading 1") == [
        "Тема",
        "Главные идеи",
        "План",
        "Глоссарий",
        "Вопросы для повторения",
    ]
    assert document.core_properties.title == "Клетка"


def test_topic_key_ideas_and_outline_with_clock_times():
    document = open_docx("Клетка", SECTIONS)
    texts = [p.text for p in document.paragraphs]
    assert texts[texts.index("Тема") + 1] == SECTIONS["topic"]
    assert paragraphs_styled(document, "List Bullet") == [
        "Клетка — единица жизни.",
        "Митохондрии дают энергию.",
        "0:00 Строение клетки",
        "1:01:01 Энергия",
    ]
    clock = next(p for p in document.paragraphs if p.text == "1:01:01 Энергия").runs[0]
    assert clock.text == "1:01:01" and clock.bold


def test_glossary_is_a_table_of_terms_with_their_times_and_definitions():
    (table,) = open_docx("Клетка", SECTIONS).tables
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert rows == [
        ["Митохондрия\n0:42", "Органоид, который вырабатывает энергию."],
        ['ATP, or "adenosine triphosphate"\n1:15', 'The cell\'s "currency", spent; and made'],
    ]


def test_review_questions_are_a_numbered_list():
    document = open_docx("Клетка", SECTIONS)
    assert paragraphs_styled(document, "List Number") == SECTIONS["review_questions"]


def test_an_empty_glossary_says_so_and_an_unknown_language_reads_english():
    document = open_docx("Cells", {**SECTIONS, "glossary": []}, language="xx")
    assert document.tables == []
    texts = [p.text for p in document.paragraphs]
    assert texts[texts.index("Glossary") + 1] == "No defined terms were found."
