"""Definitional sentences, found by the way lecturers say them ("X is a …", "X — это …").

These rules are what makes the glossary work with a tiny model: they find a term and the words
that define it directly in the transcript, so every entry is grounded by construction.
"""

import re
from dataclasses import dataclass

from app.notes.sentences import Sentence, words

MAX_TERM_WORDS = 5
MAX_TERM_CHARS = 60
MIN_DEFINITION_WORDS = 3


@dataclass(frozen=True, slots=True)
class Definition:
    term: str
    definition: str
    quote: str  # one or more whole sentences, verbatim
    start: float
    end: float
    aliases: tuple[str, ...] = ()

    @classmethod
    def in_sentence(
        cls, sentence: Sentence, term: str, definition: str, aliases: tuple[str, ...] = ()
    ) -> "Definition":
        """A definition quoting the one sentence it was read from."""
        return cls(term, definition, sentence.text, sentence.start, sentence.end, aliases)


@dataclass(frozen=True, slots=True)
class LanguageRules:
    articles: frozenset[str]
    # Words that never begin a term: pronouns, demonstratives, conjunctions, question words.
    non_terms: frozenset[str]
    # "<term>[, or <alias>,] <copula> <definition>", "By <term> we mean <definition>": each
    # pattern names the groups term, definition and optionally alias; tried on every clause.
    definitions: tuple[re.Pattern[str], ...]
    # "The next term is <term>." — a term announced now and defined in the next sentence.
    announcement: re.Pattern[str] | None
    # "This is called <term>." — a term named after the sentence that defined it.
    naming: re.Pattern[str] | None
    # A sentence that continues a term-only sentence: "Клетка. Это …".
    continuation: re.Pattern[str] | None
    stopwords: frozenset[str]
    # German writes every noun capitalised: a term's case is then kept as spoken.
    nouns_capitalised: bool = False


_TERM = rf"(?P<term>[^\W\d_][\w'’\- ]{{0,{MAX_TERM_CHARS}}}?)"
_ALIAS = (
    r"(?:,?\s*(?:or|also called|also known as|oder|auch|или|иначе)\s+(?:the\s+)?"
    r"(?P<alias>[\w'’\- ]{1,40}?),?)?"
)

ENGLISH = LanguageRules(
    articles=frozenset({"a", "an", "the"}),
    non_terms=frozenset(
        "it this that these those there here he she we they you i which what who when where why "
        "how and but so or if then now today next first finally one each every our your their "
        "his her its my some many most all no not also".split()
    ),
    definitions=(
        re.compile(
            rf"^(?:(?:a|an|the)\s+)?{_TERM}{_ALIAS}\s+"
            r"(?:is|are|is defined as|are defined as|means|refers to|describes|denotes)\s+"
            r"(?P<definition>(?:a|an|the|any|one|how|what|when|where|that|used|something|"
            r"anything|simply|just)\b.+)$",
            re.IGNORECASE,
        ),
        re.compile(
            rf"^(?:by|with)\s+(?:(?:a|an|the)\s+)?{_TERM}\s+we\s+mean\s+(?P<definition>.+)$",
            re.IGNORECASE,
        ),
    ),
    announcement=re.compile(
        r"^(?:the\s+)?(?:next|first|last|new|final)\s+(?:term|concept|word|notion|idea)\s+is\s+"
        r"(?P<term>[^\W\d_][\w'’\- ]{0,40}?)[.!]?$",
        re.IGNORECASE,
    ),
    naming=re.compile(
        r"^(?:this|that|it|these|they|such an? \w+)\s+(?:is|are)\s+(?:called|known as)\s+(?:(?:a|an|the)\s+)?"
        r"(?P<term>[^\W\d_][\w'’\- ]{0,40}?)[.!]?$|^we\s+call\s+(?:this|that|it)\s+"
        r"(?:(?:a|an|the)\s+)?(?P<term2>[^\W\d_][\w'’\- ]{0,40}?)[.!]?$",
        re.IGNORECASE,
    ),
    continuation=None,
    stopwords=frozenset(
        "a an the of to in on for and or but is are was were be been it this that with as at by "
        "from we you they i he she so not can will would should do does did have has had there "
        "here about into than then just very also our your their its my me us them what which "
        "who when where why how all any some more most other such only own same too let good "
        "morning everyone today now next thank see".split()
    ),
)

RUSSIAN = LanguageRules(
    articles=frozenset(),
    non_terms=frozenset(
        "это этот эта эти то тот та те он она они оно мы вы я который которая которые что кто где "
        "когда как почему и а но или если то сегодня теперь далее наш ваш их его её".split()
    ),
    definitions=(
        re.compile(
            rf"^{_TERM}{_ALIAS}\s*(?:[—–-]\s*это|[—–-]|это|означает|является|"
            r"представляет собой)\s+(?P<definition>.+)$",
            re.IGNORECASE,
        ),
        re.compile(
            rf"^под\s+{_TERM}\s+(?:понимают|понимается|мы понимаем|подразумевают)\s+"
            r"(?P<definition>.+)$",
            re.IGNORECASE,
        ),
    ),
    announcement=re.compile(
        r"^следующ\w+\s+(?:термин|понятие)\s*[—–-]?\s*(?P<term>[^\W\d_][\w\- ]{0,40}?)[.!]?$",
        re.IGNORECASE,
    ),
    naming=None,
    continuation=re.compile(r"^(?:это|то есть)\s+(?P<definition>.+)$", re.IGNORECASE),
    stopwords=frozenset(
        "и в во не что он на я с со как а то все она так его но да ты к у же вы за бы по только "
        "ее мне было вот от меня еще нет о из ему теперь когда даже ну ли если уже или ни быть "
        "был него до вас нибудь опять уж вам ведь там потом себя ничего ей может они тут где есть "
        "надо ней для мы тебя их чем была сам чтоб без будто чего раз тоже себе под будет ж тогда "
        "кто этот того потому этого какой совсем ним здесь этом один почти мой тем чтобы нее "
        "были куда зачем всех никогда можно при наконец два об другой хоть после над больше тот "
        "через эти нас про всего них какая много разве три эту моя впрочем хорошо свою этой перед "
        "иногда лучше чуть том нельзя такой им более всегда конечно всю между это сегодня день".split()
    ),
)

GERMAN = LanguageRules(
    articles=frozenset({"ein", "eine", "einen", "der", "die", "das", "den"}),
    non_terms=frozenset(
        "es dies das diese dieser er sie wir ihr ich man was wer wann wo warum wie und aber oder "
        "wenn dann heute jetzt nun zuerst schließlich jeder jede unser unsere".split()
    ),
    definitions=(
        re.compile(
            rf"^(?:(?:ein|eine|der|die|das)\s+)?{_TERM}{_ALIAS}\s+"
            r"(?:ist|sind|bedeutet|bezeichnet|beschreibt)\s+"
            r"(?P<definition>(?:ein|eine|einen|der|die|das|den|jede|jeder|jedes)\b.+)$",
            re.IGNORECASE,
        ),
        re.compile(
            rf"^(?:unter\s+(?:(?:einem|einer|dem|der|den)\s+)?{_TERM}\s+versteht\s+man|"
            rf"als\s+{_TERM.replace('term', 'term2')}\s+bezeichnet\s+man)\s+(?P<definition>.+)$",
            re.IGNORECASE,
        ),
    ),
    announcement=re.compile(
        r"^der\s+nächste\s+begriff\s+ist\s+(?P<term>[^\W\d_][\w\- ]{0,40}?)[.!]?$", re.IGNORECASE
    ),
    naming=re.compile(
        r"^(?:das|dies|man)\s+(?:nennt man|heißt|nennt das)\s+(?P<term>[^\W\d_][\w\- ]{0,40}?)[.!]?$",
        re.IGNORECASE,
    ),
    continuation=None,
    stopwords=frozenset(
        "der die das und in zu den von mit sich des auf für ist im dem nicht ein eine als auch es "
        "an werden aus er hat dass sie nach wird bei einer um am sind noch wie einem über einen so "
        "zum war haben nur oder aber vor zur bis mehr durch man sein wurde sei wir ich ihr heute".split()
    ),
    nouns_capitalised=True,
)

RULES_BY_LANGUAGE = {"en": ENGLISH, "ru": RUSSIAN, "de": GERMAN}


def rules_for(language: str | None) -> LanguageRules:
    return RULES_BY_LANGUAGE.get((language or "en").lower(), ENGLISH)


def clean_term(raw: str, rules: LanguageRules) -> str | None:
    """The term as a glossary shows it, or None when the words cannot be a term."""
    tokens = raw.strip(" ,.;:!?\"'«»“”").split()
    while tokens and tokens[0].casefold() in rules.articles:
        tokens = tokens[1:]
    if not tokens or len(tokens) > MAX_TERM_WORDS:
        return None
    if tokens[0].casefold() in rules.non_terms or tokens[0].casefold() in rules.stopwords:
        return None
    if all(token.casefold() in rules.stopwords for token in tokens):
        return None
    term = " ".join(tokens)
    if len(term) < 2 or len(term) > MAX_TERM_CHARS:
        return None
    # Keep acronyms and proper names as spoken; lower-case an ordinary capitalised first word.
    ordinary_capital = tokens[0][0].isupper() and tokens[0][1:].islower()
    if ordinary_capital and not rules.nouns_capitalised:
        term = term[0].lower() + term[1:]
    return term


def clean_definition(raw: str) -> str | None:
    text = raw.strip(" ,;:—–-")
    if len(words(text)) < MIN_DEFINITION_WORDS:
        return None
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "!", "?", "…")) else text + "."


def _clauses(sentence: str) -> list[str]:
    """The sentence, then what follows each comma: "…, latency is the time…" defines latency."""
    parts = [sentence]
    for match in re.finditer(r",\s+", sentence):
        parts.append(sentence[match.end() :])
    return parts


def _named_group(match: re.Match[str], name: str) -> str | None:
    """A group that a pattern may spell `term` or `term2` (alternatives cannot share a name)."""
    groups = match.groupdict()
    return groups.get(name) or groups.get(f"{name}2")


def _match_definition(sentence: Sentence, rules: LanguageRules) -> Definition | None:
    for clause in _clauses(sentence.text):
        for pattern in rules.definitions:
            match = pattern.match(clause)
            if not match:
                continue
            term = clean_term(_named_group(match, "term") or "", rules)
            definition = clean_definition(match["definition"])
            if term and definition:
                alias_text = _named_group(match, "alias")
                alias = clean_term(alias_text, rules) if alias_text else None
                aliases = (alias,) if alias else ()
                return Definition.in_sentence(sentence, term, definition, aliases)
    return None


def find_definitions(sentences: list[Sentence], language: str | None) -> list[Definition]:
    """Every definition the rules find, in the order the lecture says them."""
    rules = rules_for(language)
    found: list[Definition] = []
    for position, sentence in enumerate(sentences):
        before = sentences[position - 1] if position > 0 else None
        after = sentences[position + 1 : position + 3]
        definition = (
            _match_definition(sentence, rules)
            or _announced_definition(sentence, after, rules)
            or _named_after_definition(before, sentence, rules)
        )
        if definition:
            found.append(definition)
    return found


# Russian relative clauses that carry a definition on past a sentence break: "Это процесс. При котором …"
RELATIVE_CONTINUATION = re.compile(r"^(?:в|при|с|на|из|для)?\s*котор\w+\b", re.IGNORECASE)


def _announced_definition(
    sentence: Sentence, after: list[Sentence], rules: LanguageRules
) -> Definition | None:
    """A term named on its own, defined by the next sentence ("Клетка. Это …", "Next term is X.")."""
    if not after:
        return None
    following = after[0]
    quoted = [sentence, following]
    term: str | None = None
    definition_text: str | None = None
    if rules.announcement and (match := rules.announcement.match(sentence.text)):
        term = clean_term(match["term"], rules)
        definition_text = following.text
        if direct := _match_definition(following, rules):
            definition_text = direct.definition
    elif rules.continuation and len(words(sentence.text)) <= 3:
        term = clean_term(sentence.text, rules)
        if continuation := rules.continuation.match(following.text):
            definition_text = continuation["definition"]
            if len(after) > 1 and RELATIVE_CONTINUATION.match(after[1].text):
                clause = after[1].text
                definition_text = f"{definition_text.rstrip('.')}, {clause[0].lower()}{clause[1:]}"
                quoted.append(after[1])
    definition = clean_definition(definition_text) if definition_text else None
    if not term or not definition:
        return None
    return Definition(
        term=term,
        definition=definition,
        quote=" ".join(s.text for s in quoted),
        start=sentence.start,
        end=quoted[-1].end,
    )


def _named_after_definition(
    before: Sentence | None, sentence: Sentence, rules: LanguageRules
) -> Definition | None:
    """ "Data is split into small units. These are called packets." — named after it is said."""
    if before is None or rules.naming is None:
        return None
    match = rules.naming.match(sentence.text)
    if not match:
        return None
    term = clean_term(_named_group(match, "term") or "", rules)
    definition = clean_definition(before.text)
    if not term or not definition:
        return None
    return Definition(
        term=term,
        definition=definition,
        quote=f"{before.text} {sentence.text}",
        start=before.start,
        end=sentence.end,
    )
