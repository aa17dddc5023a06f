"""Spoken filler at the edges of a clause: "So, basically, a sample is …" reads "A sample is …".

Lecturers open sentences with discourse markers, hesitations and hedges that carry no content.
Notes quote the lecture, but a definition or a key idea starts at its content. Only leading words
are removed; a filler inside a sentence may carry meaning ("it is just right") and is kept.
"""

import re

# Per language: phrases that open a clause without adding to it. The first tuple is filler wherever
# it opens a clause; the second only when a comma or dash follows it ("Right, so …" but not "Right
# angles are …", "Так, …" but not "Так называемый …"). Phrases are separated by "|" and matched
# case-insensitively as whole words.
LEADING_FILLERS: dict[str, tuple[str, str]] = {
    "en": (
        (
            "and then|you know|i mean|kind of|sort of|as you know|of course|all right|alright|"
            "okay|ok|so|and|but|um|uh|er|erm|hmm|basically|essentially|yeah|oh"
        ),
        (
            "by the way|well|now|right|like|actually|really|simply|just|then|also|yes|good|first|"
            "second|next|finally|last"
        ),
    ),
    "ru": (
        (
            "так вот|в общем|как бы|ну вот|значит|итак|ну|вот|и|а|но|собственно|в принципе|короче|"
            "э|эм|ээ|теперь"
        ),
        "то есть|так|кстати|да|также|просто|хорошо",
    ),
    "de": (
        "na ja|also|und|aber|nun|äh|ähm|öhm|okay|sozusagen|quasi|eigentlich",
        "jetzt|ja|gut|so|übrigens|einfach",
    ),
}


def _phrase(phrase: str) -> str:
    return re.escape(phrase).replace(r"\ ", r"\s+")


def _leading_filler_pattern(always: str, before_comma: str) -> re.Pattern[str]:
    anywhere = "|".join(_phrase(p) for p in always.split("|"))
    with_comma = "|".join(_phrase(p) for p in before_comma.split("|"))
    one = rf"(?:(?:{anywhere})(?!\w)[\s,;:—–\-…]*|(?:{with_comma})\s*[,—–…]+\s*)"
    return re.compile(rf"^(?:{one})+", re.IGNORECASE)


_PATTERNS = {
    language: _leading_filler_pattern(*lists) for language, lists in LEADING_FILLERS.items()
}


def strip_leading_filler(text: str, language: str | None) -> str:
    """`text` without the filler it opens with (the case of what is left is not changed).

    Text made only of filler ("Okay.") is returned as it is: it has no content to start at.
    """
    pattern = _PATTERNS.get((language or "en").lower(), _PATTERNS["en"])
    stripped = text.lstrip(" ,;:—–-")
    match = pattern.match(stripped)
    if not match:
        return stripped
    rest = stripped[match.end() :]
    if not re.search(r"\w", rest):
        return stripped
    return rest


def is_only_filler(text: str, language: str | None) -> bool:
    """ "Okay.", "Ну вот." — a sentence with nothing but filler in it."""
    pattern = _PATTERNS.get((language or "en").lower(), _PATTERNS["en"])
    bare = text.strip().rstrip(".!?…").strip()
    match = pattern.match(bare + " ")
    return bool(bare) and match is not None and match.end() >= len(bare)


def capitalise_first(text: str) -> str:
    return text[:1].upper() + text[1:]
