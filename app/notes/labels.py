"""The summary's headings and question patterns in each language it is written in.

Kept apart from app.notes.summary, which needs the worker's language model, so that the API can
title its exports (app.summary_docx) in the summary's language with its base dependencies alone.
"""

LABELS = {
    "en": {
        "topic": "Topic",
        "key_ideas": "Key ideas",
        "outline": "Outline",
        "glossary": "Glossary",
        "review_questions": "Review questions",
        "no_terms": "No defined terms were found.",
    },
    "ru": {
        "topic": "Тема",
        "key_ideas": "Главные идеи",
        "outline": "План",
        "glossary": "Глоссарий",
        "review_questions": "Вопросы для повторения",
        "no_terms": "Определённых терминов не найдено.",
    },
    "de": {
        "topic": "Thema",
        "key_ideas": "Kernaussagen",
        "outline": "Gliederung",
        "glossary": "Glossar",
        "review_questions": "Wiederholungsfragen",
        "no_terms": "Es wurden keine definierten Begriffe gefunden.",
    },
}


def labels_for(language: str) -> dict[str, str]:
    return LABELS.get(language, LABELS["en"])
