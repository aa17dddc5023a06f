"""The summary as Word and the glossary as flashcard CSV, downloaded over HTTP from a processed lecture."""

import csv
import io

import httpx
import pytest
from docx import Document

from tests.conftest import FIXTURES, upload, wait_for_lecture

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
RUSSIAN_HEADINGS = ["Тема", "Главные идеи", "План", "Глоссарий", "Вопросы для повторения"]


@pytest.fixture(scope="module")
def teacher(service) -> httpx.Client:
    # A teacher of their own, so that these recordings are processed here rather than copied from
    # (or into) another module's lectures.
    with service.new_teacher("exports@konspekt.test") as http:
        yield http


@pytest.fixture(scope="module")
def russian_lecture(teacher) -> dict:
    response = upload(teacher, FIXTURES / "lecture_ru_biology.ogg", title="Клетка")
    assert response.status_code == 202, response.text
    lecture = wait_for_lecture(teacher, response.json()["id"])
    assert lecture["status"] == "done", lecture["error"]
    return lecture


def test_summary_downloads_as_a_word_document_in_the_lectures_language(teacher, russian_lecture):
    lecture_id = russian_lecture["id"]
    response = teacher.get(f"/lectures/{lecture_id}/summary", params={"format": "docx"})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == DOCX
    assert response.headers["content-disposition"] == (
        f'attachment; filename="lecture-{lecture_id}.docx"'
    )
    document = Document(io.BytesIO(response.content))
    paragraphs = document.paragraphs
    assert [p.text for p in paragraphs if p.style.name == "Title"] == ["Клетка"]
    assert [p.text for p in paragraphs if p.style.name == "Heading 1"] == RUSSIAN_HEADINGS

    sections = teacher.get(f"/lectures/{lecture_id}/summary").json()["sections"]
    bullets = [p.text for p in paragraphs if p.style.name == "List Bullet"]
    outline = [f"{item['clock']} {item['title']}" for item in sections["outline"]]
    assert bullets == sections["key_ideas"] + outline
    numbered = [p.text for p in paragraphs if p.style.name == "List Number"]
    assert numbered == sections["review_questions"]
    rows = [[cell.text for cell in row.cells] for table in document.tables for row in table.rows]
    assert rows == [
        [f"{entry['term']}\n{entry['clock']}", entry["definition"]]
        for entry in sections["glossary"]
    ]


def test_glossary_downloads_as_flashcards(teacher, russian_lecture):
    lecture_id = russian_lecture["id"]
    response = teacher.get(f"/lectures/{lecture_id}/glossary", params={"format": "csv"})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.headers["content-disposition"] == (
        f'attachment; filename="lecture-{lecture_id}-glossary.csv"'
    )
    assert not response.content.startswith(b"\xef\xbb\xbf")
    *headers, body = response.text.split("\r\n", 2)
    assert headers == ["#separator:comma", "#html:false"]
    terms = teacher.get(f"/lectures/{lecture_id}/glossary").json()["terms"]
    rows = list(csv.reader(io.StringIO(body, newline="")))
    assert rows == [[t["term"], t["definition"]] for t in terms]

    quizlet = teacher.get(f"/lectures/{lecture_id}/glossary", params={"format": "tsv"})
    assert quizlet.status_code == 200, quizlet.text
    assert quizlet.headers["content-type"] == "text/tab-separated-values; charset=utf-8"
    cards = [line.split("\t") for line in quizlet.text.splitlines()]
    assert cards == [[t["term"], " ".join(t["definition"].split())] for t in terms]


def test_downloads_answer_like_the_markdown_summary_when_there_is_nothing_to_give(
    service, teacher, russian_lecture
):
    running = upload(teacher, FIXTURES / "lecture_networks.mp3").json()
    try:
        for format in ("md", "docx"):
            early = teacher.get(f"/lectures/{running['id']}/summary", params={"format": format})
            assert early.status_code == 404
            assert early.json()["detail"].startswith("The summary is not ready yet")
    finally:
        teacher.delete(f"/lectures/{running['id']}")

    with service.new_teacher("stranger@konspekt.test") as stranger:
        lecture_id = russian_lecture["id"]
        assert stranger.get(f"/lectures/{lecture_id}/summary?format=docx").status_code == 404
        assert stranger.get(f"/lectures/{lecture_id}/glossary?format=csv").status_code == 404
    assert teacher.get("/lectures/no-such-lecture/summary?format=docx").status_code == 404


@pytest.mark.parametrize(("path", "offered"), [("summary", "'docx'"), ("glossary", "'csv'")])
def test_an_unknown_format_is_refused_naming_those_there_are(
    teacher, russian_lecture, path, offered
):
    response = teacher.get(f"/lectures/{russian_lecture['id']}/{path}", params={"format": "pdf"})
    assert response.status_code == 422
    assert offered in response.json()["detail"][0]["msg"]
