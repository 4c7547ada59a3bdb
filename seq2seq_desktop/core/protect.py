"""Keep the parts of a sentence that a translation must not change out of the model's hands.

A small Seq2Seq model is good at frequent words and bad at everything it saw rarely or never:
numbers, times, dates, phone numbers, URLs, product codes, acronyms, names and emoji.  Left alone
it turns ``3,200`` into ``3,000``, a name into a frequent word and an emoji into nothing.  This
module takes those spans away before encoding and hands them back after decoding:

1. :func:`sanitize` drops characters that are invisible or could fake a placeholder (controls,
   bidi and other format characters, zero-width space, BOM, Private Use Area characters).
2. :func:`find_spans` finds the spans and the form each takes in the translation.  Digits stay
   digits in both directions; only the *shape* of times and dates changes, and every digit the
   user typed stays (``6:30 pm`` becomes ``午後6時30分``, ``2026年12月1日`` becomes ``2026/12/1``).
3. :func:`protect` replaces each span by one placeholder character: a Private Use Area code point
   (NFKC leaves those alone, and the model files get one SentencePiece piece per placeholder), so
   the model only has to learn to *copy* ``N0``/``T0``/``S0``, never to translate what they stand for.
4. :func:`restore` swaps the placeholders in the decoded text for the spans' target forms and
   repairs what the model got wrong: a dropped placeholder is re-inserted, a repeated one is kept
   once, an unknown one is removed, so no placeholder ever reaches the user.

Rules, in priority order (an earlier rule wins a character; spans never overlap):

``glossary``  user terms; English case-insensitive on word boundaries, Japanese exact (after NFKC
              folding), longest term first.  Kind T.
``url``       ``http(s)://…``, ``www.…`` and bare domains with a common TLD (``example.com``);
              trailing sentence punctuation and unbalanced closing brackets are left outside.  T.
``email``     T.
``emoji``     So-category symbols and the emoji blocks (arrows, dingbats, pictographs, flags) with
              their ZWJ / variation selector / skin tone / keycap / tag continuations; runs
              separated only by spaces form one span.  ``°``, ``℃``, ``℉`` are left to numbers
              (``30°C``).  Kind S.
``date``      ``May 5``, ``5 May``, ``May 5, 2026``, ``December 1st``, ``May 2026``, ISO
              ``2026-12-01`` (also ``/`` and ``.``), ``12/1/2026``, ``5月5日``, ``2026年12月1日``,
              ``2026年5月`` and a bare ``5月`` (always "May").  Kind N.
``time``      ``6:30``, ``18:00``, ``6:30:15``, ``6:30 pm``, ``6pm``, ``6 a.m.``; ``6時30分``,
              ``18時``, ``6時半``, ``午後6時``; never ``6時間`` ("6 hours": only ``6`` is a number).  N.
``phone``     ``03-1234-5678``, ``090-1234-5678``, ``+81 3-1234-5678``, ``(555) 123-4567``,
              ``555-123-4567``; 9 to 15 digits.  N.
``code``      letter+digit tokens (``B-7731``, ``XZ90``, ``A4``, ``COVID-19``, ``SKU-00123-B``,
              ``mp3``) and flight numbers (two capitals, a space, 2-4 digits: ``NH 212``).  A token
              that is only digits plus a lowercase suffix (``21st``, ``1990s``) or a unit
              (``5GB``) is not a code.  Kind T.
``number``    integers, ``3,200``, ``2.5``, ``-5``, ``50%``, ``$5``, ``¥3,200``, ``€12.50``, ranges
              and addresses ``10-20``, ``10〜20``, ``1-4-7``, versions ``2.4``, ``v2.4.1``,
              fractions ``3/4``, full-width digits, attached units (``5kg``, ``30°C``) and
              ordinals: ``21st`` is one span whose Japanese target is ``21`` (Japanese has no
              ordinal suffix; ``N0階``/``N0世紀`` read right).  Kind N.
``acronym``   ALL-CAPS words of 2+ letters (``AI``, ``USB``, ``OK``, ``U.S.``, ``AT&T``, ``CDs``),
              never the pronoun ``I``; skipped when the whole English text is in capitals
              (shouting: ``I AM SO HAPPY`` must be translated).  T.
``latin``     English source: mixed-case words (``iPhone``, ``eBay``, ``YouTube``, ``McDonald``),
              protected even at the start of a sentence.  Japanese source: every run of
              Latin-script words (``Tom``, ``New York``, ``Wi-Fi``); an all-capitals run is
              reason ``acronym``.  T.
``foreign``   English source: kana / kanji / hangul runs (``I ❤️ 東京``).  T.
``name``      English source, only with ``known_word``: capitalised words that are not
              sentence-initial and unknown to the model; consecutive capitalised words form one
              span when one of them (other than a sentence-initial word) is unknown
              (``Hanako Tanaka``, ``New York``).  A known sentence-initial word joins the span only
              when it usually starts a place name (``New``, ``San``, ``Los``...).  T.

Placeholders are numbered per kind in source order (``N0``, ``N1``...); a kind has
:data:`SLOTS_PER_KIND` slots, later spans of that kind stay plain text.

Target forms (:attr:`Span.target`): English output gets the span's NFKC form (``３２００`` ->
``3200``), Japanese output the text as typed; symbols are never normalised (NFKC would turn ``™``
into ``TM``).  Times and dates written the other language's way are rewritten, every digit the user
typed kept: English times take the Japanese form (``6:30 pm`` -> ``午後6時30分``, ``18:00`` ->
``18時00分``, ``6 am`` -> ``午前6時``), Japanese times become ``6:30``/``18:00`` (``午後6時`` -> ``6 pm``);
``May 5, 2026`` -> ``2026年5月5日``, ``2026年5月5日`` -> ``2026/5/5``, ``5月5日`` -> ``5/5``, and only a
month on its own takes its English name (``5月`` -> ``May``); ISO and slash dates stay.  An
English ordinal loses its suffix in Japanese (``21st`` -> ``21``).
"""
from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

__all__ = [
    "KINDS",
    "SLOTS_PER_KIND",
    "PLACEHOLDERS",
    "placeholder",
    "is_placeholder",
    "placeholder_kind",
    "GlossaryEntry",
    "Span",
    "Protected",
    "Restored",
    "sanitize",
    "find_spans",
    "protect",
    "restore",
    "script_of",
    "wrong_script",
]

logger = logging.getLogger(__name__)

#: placeholder kinds: number-like, term, symbol
KINDS = ("N", "T", "S")
#: placeholders per kind and sentence; the model files have one piece for each
SLOTS_PER_KIND = 6
# first code point of each kind's block; 16 apart so a kind can grow without renumbering the others
_KIND_BASE = {"N": 0xE000, "T": 0xE010, "S": 0xE020}
_LANGS = ("en", "ja")


def placeholder(kind: str, index: int) -> str:
    """Placeholder character of slot ``index`` of ``kind``.

    Parameters
    ----------
    kind : str
        ``"N"``, ``"T"`` or ``"S"``.
    index : int
        Slot, ``0 <= index < SLOTS_PER_KIND``.

    Returns
    -------
    str
        One Private Use Area character (``N0`` is U+E000, ``T0`` U+E010, ``S0`` U+E020).

    Raises
    ------
    ValueError
        For an unknown kind or an index out of range.
    """
    if kind not in _KIND_BASE:
        raise ValueError(f"unknown placeholder kind {kind!r} (expected one of {KINDS})")
    if not 0 <= index < SLOTS_PER_KIND:
        raise ValueError(f"placeholder index {index} out of range 0..{SLOTS_PER_KIND - 1}")
    return chr(_KIND_BASE[kind] + index)


#: every placeholder, in the order N0..N5, T0..T5, S0..S5
PLACEHOLDERS: tuple[str, ...] = tuple(placeholder(k, i) for k in KINDS for i in range(SLOTS_PER_KIND))
_PLACEHOLDER_KIND = {placeholder(k, i): k for k in KINDS for i in range(SLOTS_PER_KIND)}


def is_placeholder(ch: str) -> bool:
    """Tell whether ``ch`` is one of the :data:`PLACEHOLDERS`."""
    return ch in _PLACEHOLDER_KIND


def placeholder_kind(ch: str) -> str:
    """Kind (``"N"``, ``"T"``, ``"S"``) of placeholder ``ch``; ``ValueError`` for any other text."""
    try:
        return _PLACEHOLDER_KIND[ch]
    except KeyError:
        raise ValueError(f"{ch!r} is not a placeholder") from None


@dataclass(frozen=True)
class GlossaryEntry:
    """A user term that must be translated one fixed way (or kept).

    Attributes
    ----------
    source : str
        Term as it appears in source-language text.
    target : str
        Its translation; empty keeps the source text as it is.
    """

    source: str
    target: str = ""


@dataclass(frozen=True)
class Span:
    """A part of the source that the model must not translate.

    Attributes
    ----------
    start, end : int
        Character offsets in the (sanitized) source text.
    text : str
        The source text of the span.
    kind : str
        ``"N"`` (number-like), ``"T"`` (term) or ``"S"`` (symbol).
    reason : str
        The rule that found it: ``number``, ``time``, ``date``, ``phone``, ``url``, ``email``,
        ``emoji``, ``code``, ``acronym``, ``latin``, ``name``, ``foreign`` or ``glossary``.
    target : str
        The text put back in the translation.
    """

    start: int
    end: int
    text: str
    kind: str
    reason: str
    target: str


@dataclass(frozen=True)
class Protected:
    """A source sentence with its spans replaced by placeholders.

    Attributes
    ----------
    source : str
        Sanitized source text.
    text : str
        ``source`` with placeholders substituted: what the model sees.
    spans : tuple[Span, ...]
        The protected spans in source order (spans beyond a kind's slots are not here).
    placeholders : tuple[str, ...]
        Placeholder character of each span, same order as ``spans``.
    passthrough : bool
        True when nothing is left to translate (no letter outside symbol spans): the engine shows
        the source unchanged.
    """

    source: str
    text: str
    spans: tuple[Span, ...]
    placeholders: tuple[str, ...]
    passthrough: bool


@dataclass(frozen=True)
class Restored:
    """A decoded translation with the spans put back.

    Attributes
    ----------
    text : str
        Final translation; never contains a Private Use Area character.
    missing : tuple[Span, ...]
        Spans whose placeholder the model dropped (re-inserted).
    duplicated : tuple[Span, ...]
        Spans whose placeholder appeared more than once (extra copies removed).
    unknown : int
        Placeholder (Private Use Area) characters that matched no span (removed).
    """

    text: str
    missing: tuple[Span, ...]
    duplicated: tuple[Span, ...]
    unknown: int

    @property
    def repaired(self) -> bool:
        """True when the model's placeholders needed any repair."""
        return bool(self.missing or self.duplicated or self.unknown)


# --------------------------------------------------------------------------------------------
# character classes

def _is_pua(ch: str) -> bool:
    cp = ord(ch)
    return 0xE000 <= cp <= 0xF8FF or 0xF0000 <= cp <= 0xFFFFD or 0x100000 <= cp <= 0x10FFFD


def _is_kana(ch: str) -> bool:
    cp = ord(ch)
    return 0x3040 <= cp <= 0x30FF or 0x31F0 <= cp <= 0x31FF or 0xFF66 <= cp <= 0xFF9F


def _is_kanji(ch: str) -> bool:
    cp = ord(ch)
    return 0x4E00 <= cp <= 0x9FFF or 0x3400 <= cp <= 0x4DBF or 0xF900 <= cp <= 0xFAFF or ch in "々〆"


def _is_cjk(ch: str) -> bool:
    """Japanese-text character next to which no space belongs (kana, kanji, CJK punctuation, full-width forms)."""
    cp = ord(ch)
    return _is_kana(ch) or _is_kanji(ch) or 0x3000 <= cp <= 0x303F or 0xFF00 <= cp <= 0xFFEF


# format characters that carry meaning: ZWJ glues emoji sequences
_KEEP_FORMAT = frozenset("\u200d")
# so-category characters that belong to numbers (30°C), not to symbol spans
_NOT_SYMBOLS = frozenset("°℃℉")
# blocks where every symbol is emoji-like, whatever its category (Sm arrows, Sk skin tones)
_EMOJI_RANGES = ((0x1F000, 0x1FAFF), (0x2190, 0x21FF), (0x2300, 0x23FF), (0x2600, 0x27BF),
                 (0x2900, 0x297F), (0x2B00, 0x2BFF))
_EXTRA_SYMBOLS = frozenset("\u3030\u303d")  # wavy dash, part alternation mark: emoji outside So
# stand-in for claimed characters in the text the later rules see: never in sanitized text, and
# neither a letter, a digit, a space nor a symbol, so no rule's pattern can reach into a claimed span
_MASK = "\uf8ff"


def _is_symbol(ch: str) -> bool:
    if ch in _NOT_SYMBOLS:
        return False
    cp = ord(ch)
    if 0x2E80 <= cp <= 0x2FFF or 0x3200 <= cp <= 0x33FF:
        return False  # CJK radicals, enclosed CJK (㈱) and CJK units (㎡) are words, not pictures
    if ch in _EXTRA_SYMBOLS:
        return True
    cat = unicodedata.category(ch)
    if cat == "So":
        return True
    return cat[0] == "S" and any(lo <= cp <= hi for lo, hi in _EMOJI_RANGES)


def _is_emoji_continuation(ch: str) -> bool:
    """ZWJ, variation selectors, keycap, tag characters and skin tones continue an emoji."""
    cp = ord(ch)
    return (ch in "\u200d\u20e3" or 0xFE00 <= cp <= 0xFE0F or 0xE0020 <= cp <= 0xE007F
            or 0x1F3FB <= cp <= 0x1F3FF)


def _fold(text: str) -> str:
    """Per-character NFKC where it yields one character, so offsets stay those of ``text``.

    The rules run on this: full-width digits, letters and punctuation (``３，２００``, ``ＡＩ``,
    ``：``) and the ideographic space match the same patterns as their ASCII forms.
    """
    out = []
    for ch in text:
        if ch.isascii():
            out.append(ch)
            continue
        folded = unicodedata.normalize("NFKC", ch)
        out.append(folded if len(folded) == 1 else ch)
    return "".join(out)


# --------------------------------------------------------------------------------------------
# sanitize

def sanitize(text: str) -> str:
    """Remove characters a translation must not see.

    Removes C0/C1 control characters (a tab becomes a space, ``\\r\\n``/``\\r``/U+2028/U+2029
    become ``\\n``), every format character (bidi controls, LRM/RLM, U+061C, zero-width space, BOM,
    soft hyphen, word joiner...) except ZWJ and emoji tag characters, lone surrogates, and every
    Private Use Area character, so user text can never fake a placeholder.  Variation selectors
    and ZWJ stay: emoji sequences need them.

    Parameters
    ----------
    text : str
        Raw user text.

    Returns
    -------
    str
        The cleaned text (same text when there was nothing to remove).
    """
    text = text.replace("\r\n", "\n")
    out = []
    for ch in text:
        if ch == "\n":
            out.append(ch)
            continue
        if ch == "\t":
            out.append(" ")
            continue
        if ch in "\r\u2028\u2029":
            out.append("\n")
            continue
        cat = unicodedata.category(ch)
        if cat in ("Cc", "Co", "Cs"):
            continue
        if cat == "Cf" and ch not in _KEEP_FORMAT and not 0xE0020 <= ord(ch) <= 0xE007F:
            continue
        out.append(ch)
    return "".join(out)


# --------------------------------------------------------------------------------------------
# target forms

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December")
_MONTH_NUM = {name: i + 1 for i, name in enumerate(_MONTHS)}
_MONTH_NUM.update({"Jan": 1, "Feb": 2, "Mar": 3, "Apr": 4, "Jun": 6, "Jul": 7, "Aug": 8, "Sep": 9, "Sept": 9,
                   "Oct": 10, "Nov": 11, "Dec": 12})
_MONTH_ALT = "|".join(sorted(_MONTH_NUM, key=len, reverse=True))


def _default_target(text: str, kind: str, target_lang: str) -> str:
    """Span text as it goes into the translation when no special form applies.

    English output gets the NFKC form (full-width digits and letters become ASCII); Japanese
    output keeps the text as typed.  Symbols are never normalised (NFKC turns ``™`` into ``TM``).
    """
    if kind == "S" or target_lang == "ja":
        return text
    return unicodedata.normalize("NFKC", text)


def _time_to_ja(hour: int, minute: int | None, second: int, ampm: str | None, minute_text: str = "") -> str:
    # Every digit the user typed stays: 18:00 -> 18時00分, 7:45 pm -> 午後7時45分 (not 19時45分),
    # 6 am -> 午前6時.  A translator never does arithmetic on the user's numbers.
    out = {"am": "午前", "pm": "午後", None: ""}[ampm] + f"{hour}時"
    if minute is not None:
        out += f"{minute_text or minute}分"
    if second:
        out += f"{second}秒"
    return out


def _time_to_en(hour: int, minute: int | None, second: int, ampm: str | None) -> str:
    if minute is None:  # 18時 -> 18:00, but 午後6時 -> 6 pm
        return f"{hour} {ampm}" if ampm else f"{hour}:00"
    core = f"{hour}:{minute:02d}" + (f":{second:02d}" if second else "")
    return f"{core} {ampm}" if ampm else core


def _date_to_ja(year: int | None, month: int, day: int | None) -> str:
    return (f"{year}年" if year else "") + f"{month}月" + (f"{day}日" if day else "")


def _date_to_en(year: int | None, month: int, day: int | None) -> str:
    # Digits stay digits (the month's number is what the user typed): 2026年12月1日 -> 2026/12/1,
    # 5月5日 -> 5/5 (month first, as English writes it); a month alone gets its name.
    if day and year:
        return f"{year}/{month}/{day}"
    if day:
        return f"{month}/{day}"
    return f"{year}/{month}" if year else _MONTHS[month - 1]


# --------------------------------------------------------------------------------------------
# patterns (re.ASCII: \d is 0-9, the rules run on folded text where full-width digits are ASCII)

_A = re.ASCII
# Latin letters including Latin-1 accented ones (names like Zürich, José)
_UP = "A-ZÀ-ÖØ-Þ"
_LO = "a-zß-öø-ÿ"
_URL_CHARS = r"[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]"
# bare domains only with TLDs that are not also English words ("home.it", "e.g. in" stay text)
_TLDS = "com|org|net|edu|gov|io|jp|uk|de|fr|cn|kr|ru|eu|info|biz|app|dev|ai|tv|ly|xyz|ca|au"
_URL = re.compile(
    rf"https?://{_URL_CHARS}+"
    rf"|(?<![A-Za-z0-9@.\-/])www\.{_URL_CHARS}+"
    rf"|(?<![A-Za-z0-9@.\-/_])(?:[A-Za-z0-9](?:[A-Za-z0-9-]{{0,61}}[A-Za-z0-9])?\.)+(?:{_TLDS})"
    rf"(?![A-Za-z0-9@\-])(?:[/?#]{_URL_CHARS}*)?",
    _A | re.IGNORECASE)
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?"
_EMAIL = re.compile(rf"(?<![A-Za-z0-9._%+\-])[A-Za-z0-9._%+\-]+@{_LABEL}(?:\.{_LABEL})*\.[A-Za-z]{{2,}}"
                    r"(?![A-Za-z0-9\-])", _A)

_EN_DATE = re.compile(
    r"(?<![A-Za-z0-9])(?:"
    rf"(?P<m1>{_MONTH_ALT})\.?[ ](?P<d1>\d{{1,2}})(?:st|nd|rd|th)?(?![A-Za-z0-9:])(?:,?[ ](?P<y1>\d{{4}})(?!\d))?"
    rf"|(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?[ ](?:of[ ])?(?P<m2>{_MONTH_ALT})(?![A-Za-z])(?:,?[ ](?P<y2>\d{{4}})(?!\d))?"
    rf"|(?P<m3>{_MONTH_ALT})\.?,?[ ](?P<y3>\d{{4}})(?!\d)"
    r")", _A)
_ISO_DATE = re.compile(r"(?<![A-Za-z0-9\-./])(?P<y>\d{4})(?P<sep>[-/.])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})"
                       r"(?![A-Za-z0-9\-/]|\.\d)", _A)
_SLASH_DATE = re.compile(r"(?<![A-Za-z0-9/.])(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>\d{4}|\d{2})(?![A-Za-z0-9/]|\.\d)", _A)
_JA_DATE = re.compile(r"(?<!\d)(?:(?P<y>\d{4})年)?(?P<m>\d{1,2})月(?:(?P<d>\d{1,2})日(?!間))?", _A)

_EN_TIME = re.compile(
    r"(?<![A-Za-z0-9:.,])(?:"
    r"(?P<h>[01]?\d|2[0-4]):(?P<m>[0-5]\d)(?::(?P<s>[0-5]\d))?(?!\d)"
    r"(?:[ ]?(?P<ap>[AaPp])(?:\.[Mm]\.?|[Mm])(?![A-Za-z]))?"
    r"|(?P<h2>1[0-2]|0?[1-9])[ ]?(?P<ap2>[AaPp])(?:\.[Mm]\.?|[Mm])(?![A-Za-z])"
    r")", _A)
# 時 not followed by 間: 6時間 is a duration ("6 hours"), not a time of day
_JA_TIME = re.compile(r"(?<!\d)(?P<ap>午前|午後)?(?P<h>\d{1,2})時(?!間)"
                      r"(?:(?P<m>\d{1,2})分(?:(?P<s>\d{1,2})秒)?|(?P<half>半))?", _A)

_PHONE = re.compile(
    r"(?<![A-Za-z0-9+\-])(?:"
    r"\+\d{1,3}[ \-]?(?:\(\d{1,4}\)[ \-]?)?\d{1,4}(?:[ \-]\d{1,4}){1,3}"
    r"|\(\d{2,4}\)[ \-]?\d{2,4}[ \-]\d{3,4}"
    r"|0\d{1,4}-\d{1,4}-\d{3,4}"
    r"|\d{3}-\d{3}-\d{4}"
    r")(?![A-Za-z0-9\-])", _A)

_UNITS = "kg|mg|g|km|cm|mm|m|ml|mL|L|l|GB|MB|KB|kB|TB|Gbps|Mbps|GHz|MHz|kHz|Hz|kW|W|mAh|V|px|dpi|fps|mph"
_FLIGHT = re.compile(r"(?<![A-Za-z0-9\-])[A-Z]{2} \d{2,4}(?![A-Za-z0-9\-]|[.,]\d)", _A)
_CODE = re.compile(r"(?<![A-Za-z0-9\-])(?<!\d[.,])[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*(?![A-Za-z0-9\-]|[.,]\d)", _A)
_UNIT_TOKEN = re.compile(rf"\d+(?:{_UNITS})", _A)

_CUR = r"(?:US\$|[$¥€£₩])"
_BODY = r"(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)*)"
_NUMBER = re.compile(
    r"(?<![A-Za-z0-9_])"
    r"(?:[vV](?=\d+(?:\.\d+)+))?"  # version prefix: v2.4.1
    rf"(?:[-−+](?={_CUR}?\d))?"
    rf"{_CUR}?{_BODY}(?:/\d+)?"
    rf"(?:[-~〜–]{_CUR}?{_BODY})*"  # ranges and addresses: 10-20, 10〜20, 1-4-7
    rf"(?:%|‰|°[CF]?|℃|℉|(?:{_UNITS})(?![A-Za-z])|(?:st|nd|rd|th)(?![A-Za-z]))?",
    _A)

_ACRONYM = re.compile(r"(?<![A-Za-z0-9])(?:(?:[A-Z]\.){2,}|[A-Z]{2,}(?:&[A-Z]+)?s?|[A-Z]&[A-Z]+)(?![A-Za-z0-9])", _A)
_MIXED = re.compile(rf"(?<![{_UP}{_LO}0-9'’\-])[{_UP}{_LO}]*[{_LO}][{_UP}][{_UP}{_LO}]*(?![{_UP}{_LO}0-9])")
_CAPWORD = re.compile(rf"(?<![{_UP}{_LO}0-9'’\-])[{_UP}](?:[{_LO}]+|['’][{_UP}][{_LO}]+)(?:-[{_UP}][{_LO}]+)*"
                      rf"(?![{_UP}{_LO}0-9])")
_CJK_CLASS = "\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af\u3005\u3006"
_FOREIGN = re.compile(rf"[{_CJK_CLASS}]+(?:[ ]+[{_CJK_CLASS}]+)*")
_LATIN_WORD = rf"[{_UP}{_LO}]+(?:['’\-&.][{_UP}{_LO}]+)*"
_LATIN_RUN = re.compile(rf"(?<![{_UP}{_LO}0-9])(?:{_LATIN_WORD})(?:\.?[ ]+(?:{_LATIN_WORD}))*")
_WORDS = re.compile(rf"[{_UP}{_LO}]+")

# words after which a period does not end a sentence (so "Mr. Smith" is not sentence-initial)
_TITLES = frozenset({"Mr", "Mrs", "Ms", "Dr", "Prof", "St", "Mt", "Jr", "Sr", "Sgt", "Capt", "Gen", "Rev"})
# known words that, capitalised before an unknown capitalised word, are part of a place name
_NAME_LEADERS = frozenset({"New", "San", "Santa", "Los", "Las", "Saint", "St", "Mount", "Mt", "Lake", "Port", "Fort",
                           "North", "South", "East", "West", "Upper", "Lower", "Great", "Hong", "Rio", "Buenos",
                           "Le", "La", "El", "De", "Van", "Von"})
_SENTENCE_END = frozenset('.!?"“”…。！？')


# --------------------------------------------------------------------------------------------
# span finding

class _Finder:
    """Claims non-overlapping spans of one text, rule after rule (an earlier rule wins)."""

    def __init__(self, text: str, source_lang: str, target_lang: str) -> None:
        self.text = text
        self.folded = _fold(text)
        self.kinds: list[str | None] = [None] * len(text)
        self.spans: list[Span] = []
        self.source_lang = source_lang
        self.target_lang = target_lang
        self._view = self.folded  # kept masked as spans are claimed (rules ask for it often)

    def view(self) -> str:
        """Folded text with claimed characters masked, for the next rule to search."""
        return self._view

    def claim(self, start: int, end: int, kind: str, reason: str, target: str | None = None) -> bool:
        """Record a span unless it is empty or overlaps one already claimed."""
        if start >= end or any(self.kinds[start:end]):
            return False
        text = self.text[start:end]
        if target is None:
            target = _default_target(text, kind, self.target_lang)
        self.spans.append(Span(start, end, text, kind, reason, target))
        self.kinds[start:end] = [kind] * (end - start)
        self._view = self._view[:start] + _MASK * (end - start) + self._view[end:]
        return True


def _glossary_pattern(term: str, source_lang: str) -> re.Pattern[str]:
    body = r"\s+".join(re.escape(part) for part in term.split())
    # ASCII word boundaries only at Latin edges: a Japanese term inside Japanese text has none
    if term[0].isascii() and term[0].isalnum():
        body = r"(?<![A-Za-z0-9])" + body
    if term[-1].isascii() and term[-1].isalnum():
        body += r"(?![A-Za-z0-9])"
    return re.compile(body, re.IGNORECASE if source_lang == "en" else 0)


def _rule_glossary(f: _Finder, glossary: Iterable[GlossaryEntry]) -> None:
    entries = [(_fold(sanitize(e.source)).strip(), e) for e in glossary]
    entries = sorted(((t, e) for t, e in entries if t), key=lambda te: len(te[0]), reverse=True)
    for term, entry in entries:  # longest first: "machine learning" before "learning"
        target = sanitize(entry.target).strip() or None
        for m in _glossary_pattern(term, f.source_lang).finditer(f.view()):
            f.claim(m.start(), m.end(), "T", "glossary", target)


def _trim_url(url: str) -> str:
    """Drop trailing sentence punctuation and closing brackets the URL did not open."""
    while url:
        if (url[-1] in ".,!?;:'\"" or (url[-1] == ")" and url.count(")") > url.count("("))
                or (url[-1] == "]" and url.count("]") > url.count("["))):
            url = url[:-1]
        else:
            break
    return url


def _rule_urls(f: _Finder) -> None:
    for m in _URL.finditer(f.view()):
        url = _trim_url(m.group())
        if "." in url or "://" in url:
            f.claim(m.start(), m.start() + len(url), "T", "url")


def _rule_emails(f: _Finder) -> None:
    for m in _EMAIL.finditer(f.view()):
        f.claim(m.start(), m.end(), "T", "email")


def _symbol_cluster_end(view: str, i: int) -> int:
    """End of the emoji cluster starting at ``i`` (``i`` itself when none starts there)."""
    n = len(view)
    if i >= n:
        return i
    if _is_symbol(view[i]):
        j = i + 1
    elif view[i] in "0123456789#*" and view[i + 1:i + 2] == "\u20e3":
        j = i + 2
    elif view[i] in "0123456789#*" and view[i + 1:i + 3] == "\ufe0f\u20e3":
        j = i + 3
    else:
        return i
    while j < n and _is_emoji_continuation(view[j]):
        j += 1
    return j


def _rule_symbols(f: _Finder) -> None:
    view = f.view()
    n, i = len(view), 0
    while i < n:
        end = _symbol_cluster_end(view, i)
        if end == i:
            i += 1
            continue
        while True:  # merge the next cluster when only spaces separate it (ZWJ sequences: none)
            k = end
            while k < n and view[k] == " ":
                k += 1
            nxt = _symbol_cluster_end(view, k)
            if nxt == k:
                break
            end = nxt
        f.claim(i, end, "S", "emoji")
        i = end


def _date_target(style: str, year: int | None, month: int, day: int | None, target_lang: str) -> str | None:
    """Target form of a date whose written form belongs to the other language; None keeps the text."""
    if style == "en" and target_lang == "ja":
        return _date_to_ja(year, month, day)
    if style == "ja" and target_lang == "en":
        return _date_to_en(year, month, day)
    return None


def _rule_dates(f: _Finder) -> None:
    for m in _ISO_DATE.finditer(f.view()):
        if 1 <= int(m["m"]) <= 12 and 1 <= int(m["d"]) <= 31:
            f.claim(m.start(), m.end(), "N", "date")
    for m in _SLASH_DATE.finditer(f.view()):
        a, b = int(m["a"]), int(m["b"])
        if 1 <= a <= 31 and 1 <= b <= 31 and min(a, b) <= 12:  # M/D/Y or D/M/Y
            f.claim(m.start(), m.end(), "N", "date")
    for m in _EN_DATE.finditer(f.view()):
        mon, day, year = (m["m1"], m["d1"], m["y1"]) if m["m1"] else (m["m2"], m["d2"], m["y2"]) if m["m2"] \
            else (m["m3"], None, m["y3"])
        d = int(day) if day else None
        y = int(year) if year else None
        if d is not None and not 1 <= d <= 31:
            continue
        f.claim(m.start(), m.end(), "N", "date", _date_target("en", y, _MONTH_NUM[mon], d, f.target_lang))
    for m in _JA_DATE.finditer(f.view()):
        month = int(m["m"])
        d = int(m["d"]) if m["d"] else None
        y = int(m["y"]) if m["y"] else None
        if not 1 <= month <= 12 or (d is not None and not 1 <= d <= 31):
            continue
        f.claim(m.start(), m.end(), "N", "date", _date_target("ja", y, month, d, f.target_lang))


def _rule_times(f: _Finder) -> None:
    view = f.view()
    for m in _EN_TIME.finditer(view):
        if m["h"] is not None:
            hour, minute, second, ap = int(m["h"]), int(m["m"]), int(m["s"] or 0), m["ap"]
            minute_text = m["m"]
        else:
            hour, minute, second, ap = int(m["h2"]), None, 0, m["ap2"]
            minute_text = ""
        ampm = ap.lower() + "m" if ap else None
        end = m.end()
        if view[end - 1] == "." and not view[end:].strip(" \"'”’)」』"):
            end -= 1  # "at 6 a.m." ending the text: the period also ends the sentence, leave it outside
        target = _time_to_ja(hour, minute, second, ampm, minute_text) if f.target_lang == "ja" else None
        f.claim(m.start(), end, "N", "time", target)
    for m in _JA_TIME.finditer(f.view()):
        hour = int(m["h"])
        minute = 30 if m["half"] else (int(m["m"]) if m["m"] else None)
        second = int(m["s"] or 0)
        ampm = {"午前": "am", "午後": "pm", None: None}[m["ap"]]
        if hour > (12 if ampm else 24) or (minute or 0) > 59 or second > 59:
            continue
        target = _time_to_en(hour, minute, second, ampm) if f.target_lang == "en" else None
        f.claim(m.start(), m.end(), "N", "time", target)


def _rule_phones(f: _Finder) -> None:
    for m in _PHONE.finditer(f.view()):
        if 9 <= sum(c.isdigit() for c in m.group()) <= 15:
            f.claim(m.start(), m.end(), "N", "phone")


def _is_code(token: str) -> bool:
    """Letters and digits together make a code, unless it reads as a number with a suffix (21st, 5kg, 1990s)."""
    if not (any(c.isdigit() for c in token) and any(c.isalpha() for c in token)):
        return False
    if _UNIT_TOKEN.fullmatch(token):
        return False
    if any(c.isupper() for c in token):
        return True
    return re.search(r"[A-Za-z]\d", token) is not None  # mp3, x86, i18n


def _rule_codes(f: _Finder) -> None:
    for m in _FLIGHT.finditer(f.view()):
        f.claim(m.start(), m.end(), "T", "code")
    for m in _CODE.finditer(f.view()):
        if _is_code(m.group()):
            f.claim(m.start(), m.end(), "T", "code")


def _rule_numbers(f: _Finder) -> None:
    for m in _NUMBER.finditer(f.view()):
        target = None
        if f.target_lang == "ja" and m.group()[-2:] in ("st", "nd", "rd", "th"):
            target = f.text[m.start():m.end() - 2]  # 21st -> 21: N0階, N0世紀 read right in Japanese
        f.claim(m.start(), m.end(), "N", "number", target)


def _rule_acronyms(f: _Finder) -> None:
    view = f.view()
    words = _WORDS.findall(view)
    if len(words) >= 3 and not any(c.islower() for w in words for c in w):
        logger.debug("text in capitals: acronym rule skipped")
        return
    for m in _ACRONYM.finditer(view):
        f.claim(m.start(), m.end(), "T", "acronym")


def _rule_mixed_case(f: _Finder) -> None:
    for m in _MIXED.finditer(f.view()):
        f.claim(m.start(), m.end(), "T", "latin")


def _rule_foreign(f: _Finder) -> None:
    for m in _FOREIGN.finditer(f.view()):
        f.claim(m.start(), m.end(), "T", "foreign")


def _sentence_initial(f: _Finder, view: str, pos: int) -> bool:
    """Whether the word at ``pos`` starts a sentence (capitalised for grammar, not as a name)."""
    i = pos - 1
    while i >= 0 and (view[i].isspace() or f.kinds[i] == "S"):
        if view[i] == "\n":
            return True  # a line starts a sentence even without punctuation before it
        i -= 1
    if i < 0:
        return True
    if view[i] not in _SENTENCE_END:
        return False
    if view[i] == ".":
        m = re.search(rf"([{_UP}{_LO}]+)\.$", view[:i + 1])
        if m and (m.group(1) in _TITLES or len(m.group(1)) == 1):
            return False  # "Mr. Smith", "J. Smith"
    return True


def _rule_names(f: _Finder, known_word: Callable[[str], bool] | None) -> None:
    if known_word is None:
        return
    view = f.view()
    groups: list[list[re.Match[str]]] = []
    for m in _CAPWORD.finditer(view):
        if groups and view[groups[-1][-1].end():m.start()] == " ":
            groups[-1].append(m)
        else:
            groups.append([m])
    for group in groups:
        words = [m.group() for m in group]
        known = [w in _TITLES or bool(known_word(w.lower())) for w in words]
        initial = _sentence_initial(f, view, group[0].start())
        first = 1 if initial and known[0] and words[0] not in _NAME_LEADERS else 0
        # a sentence-initial word alone says nothing: another word of the group must be unknown
        if not any(not known[j] for j in range(first, len(words)) if not (j == 0 and initial)):
            continue
        f.claim(group[first].start(), group[-1].end(), "T", "name")


def _rule_latin_runs(f: _Finder) -> None:
    for m in _LATIN_RUN.finditer(f.view()):
        words = _WORDS.findall(m.group())
        caps = sum(len(w) for w in words) >= 2 and all(w.isupper() for w in words)
        f.claim(m.start(), m.end(), "T", "acronym" if caps else "latin")


def _check_lang(lang: str) -> None:
    if lang not in _LANGS:
        raise ValueError(f"unsupported language {lang!r} (expected one of {_LANGS})")


def find_spans(text: str, source_lang: str, target_lang: str, glossary: Sequence[GlossaryEntry] = (),
               known_word: Callable[[str], bool] | None = None) -> list[Span]:
    """Find the spans of ``text`` that the translation must carry over unchanged.

    Parameters
    ----------
    text : str
        Source text, already :func:`sanitize`-d (offsets refer to it).
    source_lang, target_lang : str
        ``"en"`` or ``"ja"``; the target language decides each span's target form.
    glossary : Sequence[GlossaryEntry]
        User terms, protected before anything else.
    known_word : Callable[[str], bool] | None
        Tells whether the model knows a lowercase English word; only the ``name`` rule uses it,
        and without it no word is protected as a name.

    Returns
    -------
    list[Span]
        Non-overlapping spans sorted by start offset.

    Raises
    ------
    ValueError
        For a language other than ``"en"``/``"ja"``.
    """
    _check_lang(source_lang)
    _check_lang(target_lang)
    f = _Finder(text, source_lang, target_lang)
    _rule_glossary(f, glossary)
    for rule in (_rule_urls, _rule_emails, _rule_symbols, _rule_dates, _rule_times, _rule_phones, _rule_codes,
                 _rule_numbers):
        rule(f)
    if source_lang == "en":
        _rule_acronyms(f)
        _rule_mixed_case(f)
        _rule_foreign(f)
        _rule_names(f, known_word)
    else:
        _rule_latin_runs(f)
    return sorted(f.spans, key=lambda s: s.start)


def protect(text: str, source_lang: str, target_lang: str, glossary: Sequence[GlossaryEntry] = (),
            known_word: Callable[[str], bool] | None = None) -> Protected:
    """Sanitize ``text`` and replace its spans by placeholders.

    Parameters
    ----------
    text : str
        One source sentence as typed.
    source_lang, target_lang : str
        ``"en"`` or ``"ja"``.
    glossary : Sequence[GlossaryEntry]
        User terms (see :func:`find_spans`).
    known_word : Callable[[str], bool] | None
        Vocabulary test for the ``name`` rule (see :func:`find_spans`).

    Returns
    -------
    Protected
        The model input and what :func:`restore` needs.  Spans beyond :data:`SLOTS_PER_KIND` of a
        kind stay plain text and are not listed.
    """
    source = sanitize(text)
    found = find_spans(source, source_lang, target_lang, glossary, known_word)
    used = dict.fromkeys(KINDS, 0)
    spans, chars, parts, pos = [], [], [], 0
    for span in found:
        if used[span.kind] >= SLOTS_PER_KIND:
            logger.debug("no %s placeholder left for %r: kept as text", span.kind, span.text)
            continue
        chars.append(placeholder(span.kind, used[span.kind]))
        used[span.kind] += 1
        spans.append(span)
        parts += [source[pos:span.start], chars[-1]]
        pos = span.end
    parts.append(source[pos:])
    symbol = {i for s in found if s.kind == "S" for i in range(s.start, s.end)}
    # digits, punctuation and symbols alone need no translation: the engine shows them as they are
    passthrough = not any(unicodedata.category(c).startswith("L") for i, c in enumerate(source) if i not in symbol)
    return Protected(source, "".join(parts), tuple(spans), tuple(chars), passthrough)


# --------------------------------------------------------------------------------------------
# restore

_FINAL_PUNCT = frozenset(".!?。！？…」』）)]\"'”’》〉")
_NO_SPACE_BEFORE = frozenset(".,!?;:")
# what may follow a span without a space in English: 21st, 1990s after a number, a plural after a term (APIs)
_SUFFIX = {"N": re.compile(r"(?:st|nd|rd|th|s)(?![A-Za-z])", _A), "T": re.compile(r"s(?![A-Za-z])", _A)}


def _default_insert_at(output: str) -> int:
    """Offset before the final sentence punctuation (or the end) of ``output``."""
    i = len(output.rstrip())
    while i > 0 and output[i - 1] in _FINAL_PUNCT:
        i -= 1
    return i


def _join_en(pieces: list[tuple[str, object]]) -> str:
    out = ""
    prev_span: Span | None = None
    after_gap = False
    for tag, value in pieces:
        if tag == "gap":  # a removed placeholder: do not leave its spaces doubled
            after_gap = True
            continue
        if tag == "span":
            span = value
            assert isinstance(span, Span)
            if out and out[-1].isalnum():
                out += " "
            out += span.target
            prev_span, after_gap = span, False
            continue
        s = str(value)
        if after_gap and out.endswith(" ") and (not s or s[0].isspace() or s[0] in _NO_SPACE_BEFORE):
            out = out.rstrip(" ")
        if prev_span is not None and s and s[0].isalnum():
            suffix = _SUFFIX.get(prev_span.kind)
            if not (suffix and suffix.match(s)):
                s = " " + s
        out += s
        prev_span, after_gap = None, False
    return out


def _join_ja(pieces: list[tuple[str, object]]) -> str:
    out = ""
    prev_span: Span | None = None
    after_gap = False
    for tag, value in pieces:
        if tag == "gap":
            after_gap = True
            continue
        if tag == "span":
            span = value
            assert isinstance(span, Span)
            stripped = out.rstrip(" \u3000")
            if len(stripped) < len(out) and stripped and _is_cjk(stripped[-1]):
                out = stripped  # "会議は N0" -> "会議は18時"
            out += span.target
            prev_span, after_gap = span, False
            continue
        s = str(value)
        if prev_span is not None:
            lead = s.lstrip(" \u3000")
            if len(lead) < len(s) and lead and _is_cjk(lead[0]):
                s = lead
        if after_gap and out.endswith(" ") and (not s or s[0].isspace() or s[0] in _NO_SPACE_BEFORE or _is_cjk(s[0])):
            out = out.rstrip(" ")
        out += s
        prev_span, after_gap = None, False
    return out


def restore(output: str, protected: Protected, insert_at: Mapping[int, int] | None = None,
            target_lang: str = "ja") -> Restored:
    """Put the spans back into a decoded translation.

    Parameters
    ----------
    output : str
        Decoded model text with placeholder characters.
    protected : Protected
        What :func:`protect` returned for the source sentence.
    insert_at : Mapping[int, int] | None
        For spans whose placeholder the model dropped: span index -> character offset in
        ``output`` where to re-insert it (e.g. from attention).  Without an entry the span goes
        before the final sentence punctuation, or at the end.
    target_lang : str
        ``"en"``: a restored span gets a space on each side where it touches a letter or digit
        (never before ``.,!?;:``; ``21st``, ``1990s`` and a term's plural ``APIs`` stay glued).
        ``"ja"``: no space is added, and spaces between a span and a Japanese character are removed.

    Returns
    -------
    Restored
        The final text (free of Private Use Area characters) and what had to be repaired.
    """
    _check_lang(target_lang)
    spans = protected.spans
    index = {ch: i for i, ch in enumerate(protected.placeholders)}
    counts = [0] * len(spans)
    for ch in output:
        if ch in index:
            counts[index[ch]] += 1
    missing = [i for i, c in enumerate(counts) if c == 0]
    duplicated = tuple(spans[i] for i, c in enumerate(counts) if c > 1)
    inserts: dict[int, list[int]] = {}
    default_at = _default_insert_at(output)
    for i in missing:
        at = insert_at.get(i, default_at) if insert_at else default_at
        inserts.setdefault(min(max(int(at), 0), len(output)), []).append(i)

    pieces: list[tuple[str, object]] = []
    buf: list[str] = []
    seen: set[int] = set()
    unknown = 0

    def flush() -> None:
        if buf:
            pieces.append(("text", "".join(buf)))
            buf.clear()

    for pos in range(len(output) + 1):
        for i in inserts.get(pos, ()):
            flush()
            pieces.append(("span", spans[i]))
        if pos == len(output):
            break
        ch = output[pos]
        if ch in index:
            flush()
            i = index[ch]
            pieces.append(("gap", None) if i in seen else ("span", spans[i]))
            seen.add(i)
        elif _is_pua(ch):
            flush()
            pieces.append(("gap", None))
            unknown += 1
        else:
            buf.append(ch)
    flush()
    text = _join_en(pieces) if target_lang == "en" else _join_ja(pieces)
    # belt and braces: a span target can never hold one (sanitized), the output's are all consumed
    text = "".join(ch for ch in text if not _is_pua(ch)).strip()
    if missing or duplicated or unknown:
        logger.debug("placeholders repaired: %d missing, %d duplicated, %d unknown", len(missing), len(duplicated),
                     unknown)
    return Restored(text, tuple(spans[i] for i in missing), duplicated, unknown)


# --------------------------------------------------------------------------------------------
# script detection

def _script_weights(text: str) -> tuple[float, float, str]:
    """(English weight, Japanese weight, script of the first letter) of ``text``.

    English counts Latin *words*, Japanese counts kana/kanji characters / 2 (a Japanese word is
    about two characters): counting letters would let one long English word outweigh a
    Japanese sentence.  URLs and e-mail addresses do not count.
    """
    t = _EMAIL.sub(" ", _URL.sub(" ", _fold(text)))
    en = len(_WORDS.findall(t))
    ja = sum(1 for c in t if _is_kana(c) or _is_kanji(c)) / 2
    first = "none"
    for c in t:
        if _is_kana(c) or _is_kanji(c):
            first = "ja"
            break
        if c.isalpha() and (c.isascii() or "LATIN" in unicodedata.name(c, "")):
            first = "en"
            break
    return en, ja, first


def script_of(text: str) -> str:
    """Script that most of ``text``'s letters are written in.

    Returns
    -------
    str
        ``"ja"`` (kana/kanji dominate), ``"en"`` (Latin dominates) or ``"none"`` (no letters).
        A tie goes to the script of the first letter.
    """
    en, ja, first = _script_weights(text)
    if not en and not ja:
        return "none"
    if en != ja:
        return "en" if en > ja else "ja"
    return first


def wrong_script(text: str, source_lang: str) -> bool:
    """Tell whether ``text`` is clearly in the other language than ``source_lang``.

    "Clearly": the other script weighs at least twice as much as the source's (see
    :func:`script_of`), so a Japanese sentence with one English word is not wrong for ``"ja"``,
    nor an English sentence with 東京 in it for ``"en"``.
    """
    _check_lang(source_lang)
    en, ja, _ = _script_weights(text)
    own, other = (en, ja) if source_lang == "en" else (ja, en)
    return other > 0 and other >= 2 * own
