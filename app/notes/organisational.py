"""What a lecturer says to run the class rather than to teach its subject: greetings, the plan for
today, breaks, reading for next week, thanks. Such sentences are never a topic or a key idea.
"""

import re

from app.notes.fillers import strip_leading_filler


def _any(*phrases: str) -> re.Pattern[str]:
    return re.compile("|".join(rf"(?:{p})" for p in phrases), re.IGNORECASE)


# A greeting opens the sentence (after filler): "Good morning everyone", "Здравствуйте!".
GREETINGS = {
    "en": _any(
        r"^(?:hello|hi|hey|greetings|welcome)\b",
        r"^good\s+(?:morning|afternoon|evening|day)\b",
        r"^(?:nice|good|great)\s+to\s+see\s+you\b",
    ),
    "ru": _any(
        r"^(?:здравствуйте|здравствуй|привет|приветствую)",
        r"^(?:добрый\s+(?:день|вечер)|доброе\s+утро|доброго\s+времени)",
        r"^(?:рад|рада|рады)\s+(?:вас\s+)?(?:видеть|приветствовать)",
        r"^добро\s+пожаловать",
    ),
    "de": _any(
        r"^(?:hallo|servus|moin|grüß\s+gott|herzlich\s+willkommen|willkommen)\b",
        r"^guten\s+(?:morgen|tag|abend)\b",
        r"^schön,?\s+dass\s+sie\s+(?:da|hier)\s+sind",
    ),
}

# Anywhere in a sentence: the class's logistics and the lecturer's stage directions.
ORGANISATIONAL = {
    "en": _any(
        r"\b(?:short|coffee|lunch|quick|\w+[- ]minutes?)\s+break\b",
        r"\b(?:take|have)\s+a\s+(?:short\s+)?break\b",
        r"\b(?:read|reread|look\s+at)\s+(?:the\s+)?(?:chapter|pages?|sections?|the\s+textbook)\b",
        r"\b(?:homework|assignment|problem\s+set|exercise\s+sheet|office\s+hours)\b",
        r"\b(?:for|until|by|see\s+you)\s+(?:next\s+(?:week|time|lecture|class)|on\s+\w+day)\b",
        r"\bsee\s+you\b",
        r"\bthank\s+you\b|^thanks\b(?!\s+to\b)",
        r"\b(?:any\s+)?questions\s+(?:so\s+far|for\s+me)\b|^(?:any\s+)?questions\?",
        r"\b(?:settle\s+down|write\s+(?:this|these|that)\s+down)\b",
        r"\b(?:that'?s|that\s+is)\s+(?:all|it)\s+for\s+today\b",
        r"\b(?:let'?s|let\s+us)\s+(?:begin|start|move\s+on|continue|get\s+started)\b",
        r"\b(?:today|in\s+this\s+lecture)\s+we\s+(?:will\s+|are\s+going\s+to\s+)?"
        r"(?:start|begin|continue|talk|look|discuss|cover|speak)\b",
        r"\b(?:next|last)\s+slide\b",
    ),
    "ru": _any(
        r"\bперерыв",
        r"\bпрочитайте\b|\bпрочтите\b|\bдомашн\w+\s+задани",
        r"\bк\s+следующ\w+\s+(?:занятию|лекции|семинару|неделе|раз)",
        r"\bспасибо\b|\bблагодарю\s+за\b",
        r"\bдо\s+(?:встречи|свидания|следующ\w+)",
        r"\bесть\s+вопросы\b|\bвопросы\s+есть\b",
        r"\bзапишите\b|\bначн[её]м\s+с\b|\bна\s+сегодня\s+вс[её]\b",
        r"\bсегодня\s+мы\s+(?:поговорим|начн[её]м|продолжим|рассмотрим|разбер[её]м|обсудим)",
    ),
    "de": _any(
        r"\bpause\b",
        r"\blesen\s+sie\b|\bhausaufgabe|\bübungsblatt|\bsprechstunde",
        r"\bbis\s+(?:nächste|zum\s+nächsten|morgen|dann|bald)",
        r"\b(?:vielen\s+)?dank\b|\bdanke\b",
        r"\bgibt\s+es\s+fragen\b|\bnoch\s+fragen\b",
        r"\bdas\s+war(?:'s|\s+es)?\s+(?:für\s+heute|schon)\b",
        r"\bheute\s+(?:beginnen|sprechen|reden|behandeln|machen|fangen)\s+wir\b",
        r"\blassen\s+sie\s+uns\s+(?:beginnen|anfangen)\b",
    ),
}


def _for(table: dict[str, re.Pattern[str]], language: str | None) -> re.Pattern[str]:
    return table.get((language or "en").lower(), table["en"])


def is_greeting(text: str, language: str | None) -> bool:
    return bool(_for(GREETINGS, language).search(strip_leading_filler(text, language).strip()))


def is_organisational(text: str, language: str | None) -> bool:
    """A greeting, or a sentence about the class's logistics and plan rather than its subject."""
    return is_greeting(text, language) or bool(_for(ORGANISATIONAL, language).search(text))
