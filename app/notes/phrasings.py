"""How lecturers introduce a term, per language: "X is a …", "… is called X", "Под X понимают …".

Every phrasing is named by the words it covers and tested on sentences of its own
(tests/notes/test_phrasings.py). A phrasing's pattern is matched against a clause with its leading
filler removed and captures `term`, `definition` and optionally `alias`. When the definition is
only a pronoun or a demonstrative ("These are called packets.", "Это называется инфляцией."), the
sentence before it is the definition.
"""

import re
from dataclasses import dataclass

MAX_TERM_CHARS = 60


@dataclass(frozen=True, slots=True)
class Phrasing:
    name: str  # the words it covers, e.g. "<definition> is called <term>"
    pattern: re.Pattern[str]
    # "X is a good conductor" classifies, "X is a device that …" defines: a copula's definition
    # must be a noun phrase of some length or go on with a relative clause (app.notes.definitions).
    classifies: bool = False
    # For an announcement: the whole next sentence is the definition ("The next term is X. It tells
    # …"), rather than only what follows "It is" or "Это".
    next_sentence_defines: bool = False


@dataclass(frozen=True, slots=True)
class LanguageRules:
    language: str
    articles: frozenset[str]
    # Words that never begin a term: pronouns, demonstratives, conjunctions, question words.
    non_terms: frozenset[str]
    # Words never inside a term: pronouns ("before we start") and conjunctions ("foundations and
    # statistics"): a term names one thing.
    never_in_term: frozenset[str]
    # Words that only announce the term after them: "the term adiabatic process".
    term_labels: frozenset[str]
    # Relative pronouns and subordinators that let a short copula definition go on: "ein
    # Programm, das …", "the middle value, once you sort the data".
    relatives: re.Pattern[str]
    # A sentence that opens with the verb of the one before: Whisper broke it before its verb
    # ("The thin layer around every cell … | Is referred to as the cell membrane.").
    verb_first: re.Pattern[str]
    # Prepositions and relatives that give a short noun phrase a complement: "a measure of …".
    complements: frozenset[str]
    # Nouns that name the lecture's own business, never a subject term: "the topic", "an example".
    meta_nouns: frozenset[str]
    stopwords: frozenset[str]
    phrasings: tuple[Phrasing, ...]
    # "The next term is X." / "What is X?" — a term named now and defined by the next sentence.
    announcements: tuple[Phrasing, ...]
    # The sentence after an announcement or a term said on its own: "Это …", "It is …".
    continuation: re.Pattern[str]
    # A definition that is only this refers to the sentence before: "this", "such a process".
    refers_back: re.Pattern[str]
    # German writes every noun capitalised: a term's case is then kept as spoken.
    nouns_capitalised: bool = False


def _term(name: str = "term") -> str:
    return rf"(?P<{name}>[^\W\d_][\w'’\- ]{{0,{MAX_TERM_CHARS}}}?)"


def _phrasing(
    name: str, pattern: str, *, classifies: bool = False, next_sentence_defines: bool = False
) -> Phrasing:
    return Phrasing(name, re.compile(pattern, re.IGNORECASE), classifies, next_sentence_defines)


# ---------------------------------------------------------------------------------------- English
_EN_ARTICLE = r"(?:(?:a|an|the)\s+)?"
_EN_ALIAS = (
    r"(?:,?\s*(?:or|also called|also known as|plural|singular|short for)\s+(?:the\s+)?"
    r"(?P<alias>[\w'’\- ]{1,40}?),?)?"
)
# A short aside between a term and its verb: "Supply, by contrast, refers to …", "The mode, you
# know, is …".
_EN_ASIDE = r"(?:,\s*(?:[\w'’]+\s*){1,3},)?"
# Hedges between a copula and its definition: "X is basically a …".
_EN_HEDGE = (
    r"(?:(?:basically|simply|just|essentially|really|actually|generally|usually|roughly|"
    r"formally|nothing but|nothing more than|in short|in essence),?\s+)*"
)
# Words a definition after "is" starts with: a determiner, a wh-word, or "used to".
_EN_DEFINITION_START = (
    r"(?:a|an|the|any|one|some|how|what|when|where|whatever|that|used|something|anything|"
    r"everything|all|each|those)\b"
)
_EN_NAMING_VERB = r"(?:called|known as|referred to as|termed|named|what we call|what is called)"
_EN_LAW = r"(?:law|principle|theorem|rule|postulate|axiom|lemma|equation|effect|hypothesis|paradox)"

ENGLISH = LanguageRules(
    language="en",
    articles=frozenset({"a", "an", "the"}),
    non_terms=frozenset(
        "it this that these those there here he she we they you i which what who when where why "
        "how and but so or if then now today one each every our your their his her its my some "
        "many most all no not also let let's".split()
    ),
    never_in_term=frozenset(
        "i you he she it we they me him us them this these those that which who and or".split()
    ),
    term_labels=frozenset("term word concept notion phrase expression".split()),
    relatives=re.compile(
        r"^(?:(?:in|by|of|for|with|through|on|at|to|from)\s+)?(?:that|which|whom?|whose|where|"
        r"when|once|if|after|before|because|so that|as long as)\b",
        re.IGNORECASE,
    ),
    verb_first=re.compile(
        r"^(?:is|are|was|were|means|refers to|stands for|describes|denotes)\b", re.IGNORECASE
    ),
    complements=frozenset(
        "of for with without that which who where when to by from in into between about".split()
    ),
    meta_nouns=frozenset(
        "topic lecture lesson class course example question answer thing stuff point idea slide "
        "chapter exam homework reason goal plan step today week semester break summary end "
        "beginning minute".split()
    ),
    stopwords=frozenset(
        "a an the of to in on for and or but is are was were be been it this that with as at by one "
        "from we you they i he she so not can will would should do does did have has had there "
        "here about into than then just very also our your their its my me us them what which "
        "who when where why how all any some more most other such only own same too let good "
        "morning everyone today now next thank see".split()
    ),
    phrasings=(
        _phrasing(
            "<term> is/are [a|an|the|where|how …] <definition>",
            rf"^{_EN_ARTICLE}{_term()}{_EN_ALIAS}{_EN_ASIDE}\s+(?:is|are)\s+{_EN_HEDGE}"
            rf"(?P<definition>{_EN_DEFINITION_START}.+)$",
            classifies=True,
        ),
        _phrasing(
            "<terms> are <plural noun> that/which/with/of … (no article)",
            rf"^{_term()}{_EN_ALIAS}\s+are\s+{_EN_HEDGE}"
            r"(?P<definition>[a-z][\w-]+s\s+(?:[\w-]+\s+){0,2}"
            r"(?:that|which|who|with|without|of|in|for|made|used)\b.+)$",
        ),
        _phrasing(
            "<term> means / refers to / stands for / denotes / represents / is defined as …",
            rf"^{_EN_ARTICLE}{_term()}{_EN_ALIAS}{_EN_ASIDE}\s+(?:simply\s+|basically\s+|just\s+)?"
            r"(?:means|refers to|stands for|denotes|represents|describes|measures|quantifies|"
            r"is defined as|are defined as|is the name for|is the term for|is short for)\s+"
            r"(?P<definition>.+)$",
        ),
        _phrasing(
            "by <term> we/I mean …; when we say <term>, we mean …",
            rf"^(?:by|with|when we say|when i say)\s+{_EN_ARTICLE}{_term()},?\s+"
            r"(?:we|i|you|people|they)\s+(?:just\s+|simply\s+)?mean\s+(?P<definition>.+)$",
        ),
        _phrasing(
            "we define <term> as …",
            rf"^(?:we|i|you|one)\s+(?:can\s+)?defines?\s+{_EN_ARTICLE}{_term()}\s+as\s+"
            r"(?P<definition>.+)$",
        ),
        _phrasing(
            "what we call <term> is/are …",
            rf"^what\s+(?:we|you|people|\w+)\s+(?:would\s+)?call\s+{_term()}\s+(?:is|are)\s+"
            rf"{_EN_HEDGE}(?P<definition>.+)$",
        ),
        _phrasing(
            "<law|principle|theorem …> states / says / tells us that …",
            rf"^{_EN_ARTICLE}(?P<term>[^\W\d_][\w'’\- ]{{0,40}}?\b{_EN_LAW}s?"
            r"(?:\s+of\s+[\w\- ]{1,30}?)?)\s+(?:basically\s+|simply\s+)?"
            r"(?:states|says|tells us|asserts|holds|predicts)\s+(?:that\s+)?(?P<definition>.+)$",
        ),
        _phrasing(
            "<definition> is/are called / known as / referred to as / termed <term>",
            rf"^(?P<definition>.+?),?\s+(?:is|are)\s+(?:also\s+|often\s+|usually\s+|simply\s+)?"
            rf"{_EN_NAMING_VERB}\s+{_EN_ARTICLE}{_term()}{_EN_ALIAS}[.!]?$",
        ),
        _phrasing(
            "we call this/these <term>; this is what we call <term>",
            rf"^(?:(?P<definition>this|that|these|those|it)(?:\s+is|'s)\s+what(?:\s+we\s+call|"
            r"(?:'s|\s+is)\s+(?:known\s+as|called))|"
            rf"we\s+call\s+(?P<definition2>this|that|these|those|it|them))\s+{_EN_ARTICLE}"
            rf"{_term()}[.!]?$",
        ),
        _phrasing(
            "we call this <noun> the <term> (the sentence before defines it)",
            r"^(?:and\s+)?we\s+call\s+(?P<definition>(?:this|that|these|those)\s+[\w-]+)\s+"
            rf"(?:a|an|the)\s+{_term()}[.!]?$",
        ),
        _phrasing(
            "…, that is what we mean by / call <term>; …, this is what's known as <term>",
            rf"^(?P<definition>.+?),\s+(?:and\s+)?(?:that|this)(?:\s+is|'s)\s+what"
            rf"(?:(?:'s|\s+is)\s+(?:known\s+as|called)|\s+(?:\w+\s+){{0,2}}(?:mean\s+by|call|"
            rf"refer\s+to\s+as))\s+{_EN_ARTICLE}{_term()}[.!]?$",
        ),
        _phrasing(
            "that's what we mean by <term>, a/an <definition>",
            rf"^(?:that|this)(?:\s+is|'s)\s+what\s+(?:\w+\s+){{0,2}}(?:mean\s+by|call)\s+"
            rf"{_EN_ARTICLE}{_term()},\s+(?P<definition>(?:a|an|the)\s+.+)$",
        ),
        _phrasing(
            "<description>, that's a/an <term>.",
            r"^(?P<definition>.+?),\s+(?:and\s+)?(?:that|this)(?:'s|\s+is)\s+(?:a|an)\s+"
            r"(?P<term>[^\W\d_][\w'’\-]*(?:\s+[\w'’\-]+)?)[.!]?$",
        ),
        _phrasing(
            "the <description>, <apposition>, is the <term>",
            r"^(?P<definition>(?:the|a|an)\s+[^,]{8,}),[^,]+,\s+(?:is|are)\s+"
            r"(?:(?:the|a|an)\s+)?(?P<term>[^\W\d_][\w'’\-]*(?:\s+[\w'’\-]+){0,2})[.!]?$",
        ),
        _phrasing(
            "<term>, a/an/the … that/which/of …, (apposition)",
            rf"^{_EN_ARTICLE}{_term()},\s+(?P<definition>(?:a|an|the)\s+[^,]*?"
            r"\b(?:that|which|who|where|used to|of|for)\b[^,]*?)(?:,|[.!]?$)",
            classifies=True,
        ),
        _phrasing(
            "<term>, that is / that's / i.e. …",
            rf"^{_EN_ARTICLE}{_term()},\s+(?:that is|that's|i\.e\.|in other words),?\s+"
            r"(?P<definition>.+)$",
        ),
        _phrasing(
            "<term> in/as/his a <genus> … (a copula Whisper misheard, when the genus repeats the "
            "term's head noun or a relative clause follows it)",
            rf"^{_EN_ARTICLE}{_term()}\s+(?:in|as|his|its|is)\s+"
            r"(?P<definition>(?:a|an)\s+(?P<genus>[\w-]+)\b"
            r"(?P<relative>\s+(?:that|which|who|in which|where)\b)?.+)$",
        ),
    ),
    announcements=(
        _phrasing(
            "the next term is <term>.",
            r"^(?:the\s+)?(?:next|first|last|new|final|other)\s+(?:term|concept|word|notion|idea)"
            r"\s+is\s+(?P<term>[^\W\d_][\w'’\- ]{0,40}?)[.!]?$",
            next_sentence_defines=True,
        ),
        _phrasing(
            "what is <term>? / what are <terms>?",
            rf"^(?:so\s+)?what\s+(?:is|are|exactly\s+is)\s+{_EN_ARTICLE}"
            r"(?P<term>[^\W\d_][\w'’\- ]{0,40}?)(?:,?\s+(?:then|exactly|anyway))?\?$",
        ),
        _phrasing(
            "let's talk about <term>. / consider <term>.",
            r"^(?:(?:let's|let us|now we)\s+(?:talk|turn|move on|look)\s+(?:about|to|at)|"
            r"consider|take|recall)\s+"
            rf"{_EN_ARTICLE}(?P<term>[^\W\d_][\w'’\- ]{{0,40}}?)[.!]?$",
        ),
    ),
    continuation=re.compile(
        rf"^(?:it|this|that|they)(?:\s+is|\s+are|'s|'re)\s+{_EN_HEDGE}(?P<definition>.+)$|"
        rf"^(?:it|this|that|they)\s+(?:means|refers to|describes|measures|tells us)\s+"
        r"(?P<definition2>.+)$",
        re.IGNORECASE,
    ),
    refers_back=re.compile(
        r"^(?:this|that|these|those|it|they|them|such\s+an?\s+[\w-]+|"
        r"(?:this|that|these|those)\s+(?:[\w-]+\s+){0,2}[\w-]+)(?:,\s*by the way,?)?$",
        re.IGNORECASE,
    ),
)

# ---------------------------------------------------------------------------------------- Russian
_RU_ALIAS = r"(?:,?\s*(?:или|иначе|то есть|сокращённо)\s+(?P<alias>[\w'’\- ]{1,40}?),?)?"
_RU_NAMING_VERB = r"(?:называется|называются|называют|называем|именуется|зовётся|зовут)"
_RU_LAW = r"(?:закон|принцип|теорема|правило|постулат|аксиома|уравнение|эффект|гипотеза)"

RUSSIAN = LanguageRules(
    language="ru",
    articles=frozenset(),
    non_terms=frozenset(
        "это этот эта эти то тот та те он она они оно мы вы я который которая которые что кто где "
        "когда как почему и а но или если то сегодня теперь далее наш ваш их его её такой такая "
        "такое такие здесь там".split()
    ),
    never_in_term=frozenset("я ты он она оно мы вы они это этот эта эти и или".split()),
    term_labels=frozenset("термин понятие слово".split()),
    relatives=re.compile(
        r"^(?:(?:в|во|при|с|со|на|из|для|по|от|к|о|об|за|под)\s+)?"
        r"(?:котор|где|когда|чей|чья|чь[её]|если|чтобы|потому что)",
        re.IGNORECASE,
    ),
    verb_first=re.compile(
        r"^(?:[—–-]\s*)?(?:это|является|являются|называется|называются|означает|"
        r"представляет собой)(?!\w)",
        re.IGNORECASE,
    ),
    complements=frozenset(
        "для с со из в во на при по от к между без который которая которое".split()
    ),
    meta_nouns=frozenset(
        "тема лекция занятие урок курс пример вопрос ответ вещь идея слайд глава экзамен задание "
        "причина цель шаг неделя семестр перерыв итог конец начало минута".split()
    ),
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
    phrasings=(
        _phrasing(
            "<term> — это / это / — / означает / является / представляет собой …",
            rf"^{_term()}{_RU_ALIAS}\s*(?:[—–-]\s*это|[—–-]|это|означает|означают|обозначает|"
            r"является|являются|представляет собой|представляют собой|есть)\s+(?P<definition>.+)$",
        ),
        _phrasing(
            "под <term> понимают / понимается / подразумевают …",
            rf"^под\s+{_term()}\s+(?:мы\s+)?(?:понимают|понимается|понимаем|подразумевают|"
            r"подразумевается|имеют в виду)\s+(?P<definition>.+)$",
        ),
        _phrasing(
            "<закон|принцип …> гласит / утверждает, что …",
            rf"^(?P<term>{_RU_LAW}[\w\- ]{{0,40}}?)\s+(?:гласит|утверждает|говорит)"
            r",?\s+(?:что\s+)?(?P<definition>.+)$",
        ),
        _phrasing(
            "<definition> называется / называют <term>",
            rf"^(?P<definition>.+?),?\s+(?:и\s+)?{_RU_NAMING_VERB}\s+(?:мы\s+)?{_term()}[.!]?$",
        ),
        _phrasing(
            "<term> называют / называется <definition> (the term first)",
            rf"^{_term()}\s+{_RU_NAMING_VERB}\s+(?P<definition>(?:процесс|способ|явление|"
            r"величин|совокупность|свойство|состояние|часть|метод|количество|отношение|"
            r"устройство|вещество|единиц)\w*\b.+)$",
        ),
    ),
    announcements=(
        _phrasing(
            "следующий термин — <term>.",
            r"^следующ\w+\s+(?:термин|понятие)\s*[—–-]?\s*(?P<term>[^\W\d_][\w\- ]{0,40}?)[.!]?$",
            next_sentence_defines=True,
        ),
        _phrasing(
            "что такое <term>?",
            r"^(?:так\s+)?что\s+(?:же\s+)?такое\s+(?P<term>[^\W\d_][\w\- ]{0,40}?)\?$",
        ),
        _phrasing(
            "<term>. (a term said on its own, up to three words)",
            r"^(?P<term>[^\W\d_][\w\-]*(?:\s+[\w\-]+){0,2})[.!]?$",
        ),
        _phrasing(
            "<term> — это. (a definition Whisper cut off after its copula)",
            r"^(?P<term>[^\W\d_][\w\- ]{0,40}?)\s*(?:[—–-]\s*)?это[.!]?$",
            next_sentence_defines=True,
        ),
    ),
    continuation=re.compile(
        r"^(?:это|то есть|это\s+есть)\s+(?P<definition>.+)$|^(?P<definition2>(?:процесс|способ|"
        r"явление|величин|совокупность|свойство|состояние|часть|метод|количество|отношение|"
        r"устройство|вещество|единиц|органоид|молекул)\w*\b.+)$",
        re.IGNORECASE,
    ),
    refers_back=re.compile(
        r"^(?:это|этот|эта|эти|оно|он|она|они|такой|такая|такое|такие|(?:этот|эта|это|эти|такой|"
        r"такая|такое|такие)\s+[\w-]+)$",
        re.IGNORECASE,
    ),
)

# ----------------------------------------------------------------------------------------- German
_DE_ALIAS = r"(?:,?\s*(?:oder|auch|kurz)\s+(?P<alias>[\w'’\- ]{1,40}?),?)?"
_DE_ARTICLE = r"(?:(?:ein|eine|einen|einem|einer|der|die|das|den|dem)\s+)?"
_DE_LAW = r"(?:Gesetz|Satz|Hauptsatz|Prinzip|Regel|Theorem|Axiom|Gleichung|Effekt|Hypothese)"

GERMAN = LanguageRules(
    language="de",
    articles=frozenset(
        {"ein", "eine", "einen", "einem", "einer", "der", "die", "das", "den", "dem"}
    ),
    non_terms=frozenset(
        "es dies das diese dieser er sie wir ihr ich man was wer wann wo warum wie und aber oder "
        "wenn dann heute jetzt nun zuerst schließlich jeder jede unser unsere hier da".split()
    ),
    never_in_term=frozenset("ich du er sie es wir ihr man und oder".split()),
    term_labels=frozenset("begriff wort ausdruck".split()),
    relatives=re.compile(
        r"^(?:(?:auf|in|bei|mit|von|an|aus|durch|für|unter|über|zu|nach)\s+)?"
        r"(?:der|die|das|dem|den|deren|dessen|welche\w*|wo|wenn|sobald|falls|weil|nachdem)\b",
    ),
    complements=frozenset("von für mit ohne aus zu zum zur bei in im zwischen über durch".split()),
    verb_first=re.compile(
        r"^(?:ist|sind|bezeichnet|bedeutet|beschreibt|nennt man|heißt|wird|werden)\b",
        re.IGNORECASE,
    ),
    meta_nouns=frozenset(
        "thema vorlesung stunde kurs beispiel frage antwort sache idee folie kapitel prüfung "
        "hausaufgabe grund ziel schritt woche semester pause ende anfang minute".split()
    ),
    stopwords=frozenset(
        "der die das und in zu den von mit sich des auf für ist im dem nicht ein eine als auch es "
        "an werden aus er hat dass sie nach wird bei einer um am sind noch wie einem über einen so "
        "zum war haben nur oder aber vor zur bis mehr durch man sein wurde sei wir ich ihr heute".split()
    ),
    phrasings=(
        _phrasing(
            "<term> ist / sind ein|eine|der|die|das … ",
            rf"^{_DE_ARTICLE}{_term()}{_DE_ALIAS}\s+(?:ist|sind)\s+"
            r"(?:(?:im Grunde|einfach|eigentlich|nichts anderes als),?\s+)*"
            r"(?P<definition>(?:ein|eine|einen|der|die|das|den|jede|jeder|jedes|alles|etwas)\b.+)$",
            classifies=True,
        ),
        _phrasing(
            "<term> bedeutet / bezeichnet / beschreibt / meint …",
            rf"^{_DE_ARTICLE}{_term()}{_DE_ALIAS}\s+(?:bedeutet|bezeichnet|beschreibt|meint|"
            r"misst|steht für)\s+(?P<definition>.+)$",
        ),
        _phrasing(
            "unter <term> versteht man …",
            rf"^unter\s+{_DE_ARTICLE}{_term()}\s+(?:versteht|verstehen)\s+(?:man|wir)\s+"
            r"(?P<definition>.+)$",
        ),
        _phrasing(
            "als <term> bezeichnet man …",
            rf"^als\s+{_DE_ARTICLE}{_term()}\s+(?:bezeichnet|bezeichnen)\s+(?:man|wir)\s+"
            r"(?P<definition>.+)$",
        ),
        _phrasing(
            "man spricht von <term>, wenn …",
            rf"^(?:man\s+spricht|wir\s+sprechen)\s+von\s+{_DE_ARTICLE}{_term()},?\s+"
            r"(?P<definition>(?:wenn|sobald|falls)\b.+)$",
        ),
        _phrasing(
            "<Gesetz|Satz|Prinzip …> besagt / sagt aus, dass …",
            rf"^{_DE_ARTICLE}(?P<term>[^\W\d_]?[\w\- ]{{0,40}}?{_DE_LAW}[\w\- ]{{0,30}}?)\s+"
            r"(?:besagt|sagt aus|sagt),?\s+(?:dass\s+)?(?P<definition>.+)$",
        ),
        _phrasing(
            "<definition> nennt man / heißt / wird als <term> bezeichnet",
            rf"^(?P<definition>.+?),?\s+(?:nennt man|nennen wir|heißt|heißen|bezeichnet man als|"
            rf"(?:wird|werden)\s+(?:\w+\s+)?als)\s+{_DE_ARTICLE}{_term()}(?:\s+bezeichnet)?[.!]?$",
        ),
        _phrasing(
            "das nennt man <term>; man nennt das <term>",
            rf"^(?:(?P<definition>das|dies|dieses|diese|so etwas)\s+(?:nennt man|nennen wir|"
            rf"heißt|bezeichnet man als)|man\s+nennt\s+(?P<definition2>das|dies|so etwas))\s+"
            rf"{_DE_ARTICLE}{_term()}[.!]?$",
        ),
    ),
    announcements=(
        _phrasing(
            "der nächste Begriff ist <term>.",
            r"^der\s+nächste\s+begriff\s+ist\s+(?P<term>[^\W\d_][\w\- ]{0,40}?)[.!]?$",
            next_sentence_defines=True,
        ),
        _phrasing(
            "was ist <term>?",
            rf"^(?:und\s+)?was\s+(?:ist|sind)\s+(?:eigentlich\s+)?{_DE_ARTICLE}"
            r"(?P<term>[^\W\d_][\w\- ]{0,40}?)\?$",
        ),
    ),
    continuation=re.compile(
        r"^(?:das|es|dies)\s+(?:ist|sind)\s+(?P<definition>.+)$", re.IGNORECASE
    ),
    refers_back=re.compile(
        r"^(?:das|dies|dieses|diese|dieser|es|so etwas|(?:dieser|diese|dieses|solch\w*)\s+[\w-]+)$",
        re.IGNORECASE,
    ),
    nouns_capitalised=True,
)

RULES_BY_LANGUAGE = {"en": ENGLISH, "ru": RUSSIAN, "de": GERMAN}


def rules_for(language: str | None) -> LanguageRules:
    return RULES_BY_LANGUAGE.get((language or "en").lower(), ENGLISH)
