"""The summary as a Word document, built from its structured sections rather than its Markdown, with
headings in the summary's language."""

from io import BytesIO

from docx import Document
from docx.shared import Pt

from app.models import Summary
from app.notes.labels import labels_for

DOCX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def to_docx(title: str, summary: Summary) -> bytes:
    sections = summary.sections
    labels = labels_for(summary.language)
    document = Document()
    document.core_properties.title = title
    document.core_properties.language = summary.language
    document.add_heading(title, level=0)

    document.add_heading(labels["topic"], level=1)
    document.add_paragraph(sections.get("topic", ""))

    document.add_heading(labels["key_ideas"], level=1)
    for idea in sections.get("key_ideas", []):
        document.add_paragraph(idea, style="List Bullet")

    document.add_heading(labels["outline"], level=1)
    for item in sections.get("outline", []):
        paragraph = document.add_paragraph(style="List Bullet")
        paragraph.add_run(item["clock"]).bold = True
        paragraph.add_run(f" {item['title']}")

    document.add_heading(labels["glossary"], level=1)
    glossary = sections.get("glossary", [])
    if glossary:
        table = document.add_table(rows=0, cols=2)
        table.style = "Table Grid"
        for entry in glossary:
            term, definition = table.add_row().cells
            term.paragraphs[0].add_run(entry["term"]).bold = True
            clock = term.add_paragraph().add_run(entry["clock"])
            clock.font.size = Pt(9)
            definition.paragraphs[0].add_run(entry["definition"])
    else:
        document.add_paragraph(labels["no_terms"])

    document.add_heading(labels["review_questions"], level=1)
    for question in sections.get("review_questions", []):
        document.add_paragraph(question, style="List Number")

    body = BytesIO()
    document.save(body)
    return body.getvalue()
