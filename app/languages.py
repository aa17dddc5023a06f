"""Languages a lecture may be given in: the ISO codes Whisper knows, or `auto` to detect."""

AUTO = "auto"

WHISPER_LANGUAGES = frozenset(
    "af am ar as az ba be bg bn bo br bs ca cs cy da de el en es et eu fa fi fo fr gl gu ha haw "
    "he hi hr ht hu hy id is it ja jw ka kk km kn ko la lb ln lo lt lv mg mi mk ml mn mr ms mt my "
    "ne nl nn no oc pa pl ps pt ro ru sa sd si sk sl sn so sq sr su sv sw ta te tg th tk tl tr tt "
    "uk ur uz vi yi yo yue zh".split()
)


def normalise_language(value: str | None) -> str:
    """`auto` or a Whisper language code; raises ValueError for anything else."""
    code = (value or AUTO).strip().lower()
    if code == AUTO or code in WHISPER_LANGUAGES:
        return code
    raise ValueError(
        f"Unknown language {value!r}: use an ISO 639-1 code such as en, ru or de, or 'auto'."
    )
