r"""Offline normalisation, word tokenisation and sentence splitting.

Nothing here downloads data. The word tokeniser is a single compiled regular
expression, so it is fast enough to run over the full UN General Debate Corpus
in seconds, and it comes in two flavours: :func:`tokenize` returns token
strings of the normalised text, :func:`tokenize_spans` returns the same tokens
with character offsets into the *original* text (for concordances).

Token definition
----------------
A token is a run of letters or digits. Internal hyphens and apostrophes are
kept (``win-win``, ``china's``, ``covid-19``), as are dotted abbreviations
(``u.s.``, ``u.n.``) and numbers with decimal points or thousands separators
(``3.5``, ``10,953``). Punctuation is not a token.

Examples
--------
>>> tokenize("The U.S. and China\u2019s \u201cwin\u2013win\u201d co-\noperation")
['the', 'u.s.', 'and', "china's", 'win-win', 'cooperation']
>>> sentences("Mr. Smith went to No. 5 Downing St. He met the U.S. envoy. It rained.")
['Mr. Smith went to No. 5 Downing St.', 'He met the U.S. envoy.', 'It rained.']
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache

from framing._paths import read_stopwords

__all__ = [
    "normalize",
    "tokenize",
    "tokenize_spans",
    "count_tokens",
    "split_sentences",
    "sentences",
    "STOPWORDS",
    "stem",
    "remove_stopwords",
]

# Characters mapped before tokenising: typographic quotes and dashes to ASCII,
# invisible characters (soft hyphen, zero-width space, BOM) deleted, special
# spaces to a plain space.
_TRANSLATE = {
    0x2018: "'",
    0x2019: "'",
    0x201A: "'",
    0x201B: "'",
    0x2032: "'",
    0x02BC: "'",
    0x201C: '"',
    0x201D: '"',
    0x201E: '"',
    0x201F: '"',
    0x2033: '"',
    0x00AB: '"',
    0x00BB: '"',
    0x2010: "-",
    0x2011: "-",
    0x2012: "-",
    0x2013: "-",
    0x2014: " - ",
    0x2015: " - ",  # em dash and bar separate clauses, never join words
    0x2212: "-",
    0xFE58: "-",
    0xFE63: "-",
    0xFF0D: "-",
    0x00AD: None,  # soft hyphen
    0x200B: None,
    0x200C: None,
    0x200D: None,
    0x2060: None,
    0xFEFF: None,
    0x00A0: " ",
    0x2007: " ",
    0x202F: " ",
}
_SPECIAL_MAP = {chr(k): (v or "") for k, v in _TRANSLATE.items()}
_SPECIAL_RE = re.compile("[" + "".join(re.escape(c) for c in _SPECIAL_MAP) + "]")

# A hyphen at the end of a line is either a typesetter's break inside one
# word ("co-\noperation", "hu-\nmankind") or the hyphen of a compound that
# happens to fall there ("counter-\nterrorism", "development-\nrelated").
# It is kept when the continuation is capitalised ("China-\nAfrica"), when
# the hyphenated form occurs elsewhere in the text, or when the joined form
# does not but the first part is a word that forms compounds ("counter",
# "self", "cross" ...) or both parts are words (they occur alone elsewhere in
# the text, or are stop words); otherwise the word is joined. So no non-word
# such as "developmentrelated" is made from two words of the text.
# (The hyphen comes first in the pattern so that the scan looks only at
# hyphens; the lookbehind then checks the character before.)
_LINEBREAK_HYPHEN = re.compile(r"-(?<=\w-)[ \t]*\r?\n[ \t]*(?=(\w))")
_LEFT_PART = re.compile(r"[^\W_]+(?:-[^\W_]+)*$")
_RIGHT_PART = re.compile(r"[^\W_]+(?:-[^\W_]+)*")
# First parts of English hyphenated compounds that are words on their own.
COMPOUND_HEADS = frozenset(
    """counter self cross well long short high low full half all ever non anti
    multi inter intra extra ultra near far old new world state government
    people nation""".split()
)


_BROKEN_WORD = re.compile(r"[^\W_]+(?:-[^\W_]+)*-[ \t]*\r?\n[ \t]*[^\W_]+(?:-[^\W_]+)*")


def _text_words(text: str) -> set[str]:
    """The words of ``text`` outside the words broken at line ends."""
    return set(_findall(_BROKEN_WORD.sub(" ", text).lower()))


def _linebreak_joiner(text: str, words: set[str] | None = None):
    cache: dict = {"words": words}

    def join(m: re.Match) -> str:
        if not ("a" <= m.group(1) <= "z"):
            return "-"
        left = _LEFT_PART.search(text, 0, m.start())
        right = _RIGHT_PART.match(text, m.end())
        if left is None or right is None:
            return ""
        a, b = left.group().lower(), right.group().lower()
        if cache["words"] is None:
            cache["words"] = _text_words(text)
        seen = cache["words"]
        if f"{a}-{b}" in seen:
            return "-"
        if a + b in seen:
            return ""
        head = a.rsplit("-", 1)[-1]
        if head in COMPOUND_HEADS:
            return "-"
        first_is_word = head in seen or head in STOPWORDS
        second_is_word = b in seen or b in STOPWORDS
        return "-" if (first_is_word and second_is_word and len(head) > 2) else ""

    return join


_WHITESPACE = re.compile(r"\s+")


def _word_pattern(alnum: str, alpha: str, digit: str) -> str:
    # One word branch with cheap continuations, tried only at a joiner
    # character: "-"/"'" inside words, "."/"," inside numbers, "." in
    # dotted abbreviations of single letters ("u.s.", "u.n.").
    return (
        rf"{alnum}+(?:['\-.,](?:(?<=['\-]){alnum}+"
        rf"|(?<={digit}[.,]){digit}+"
        rf"|(?<=\b{alpha}\.)(?:{alpha}\.)+))*"
    )


_WORD_ASCII_RE = re.compile(_word_pattern("[A-Za-z0-9]", "[A-Za-z]", "[0-9]"), re.ASCII)
_WORD_RE = re.compile(_word_pattern(r"[^\W_]", r"[^\W\d_]", r"\d"))


def _map_specials_re(text: str) -> str:
    return _SPECIAL_RE.sub(lambda m: _SPECIAL_MAP[m.group()], text)


def _prepare(text: str, words: set[str] | None = None) -> str:
    """Map quotes, dashes and invisible characters; NFKC only when needed;
    resolve hyphens at line breaks (``words``: the words of the whole text,
    when ``text`` is a part of it)."""
    if not text.isascii():
        text = _map_specials(unicodedata.normalize("NFKC", text))
    if "-" not in text or "\n" not in text:
        return text
    return _LINEBREAK_HYPHEN.sub(_linebreak_joiner(text, words), text)


def _findall_re(text: str) -> list[str]:
    return (_WORD_ASCII_RE if text.isascii() else _WORD_RE).findall(text)


def _count_re(text: str) -> int:
    return len(_findall_re(text))


# The same scanner in C when the extension is built (it is optional: the
# regular expressions above are the reference and the fallback).
try:
    from framing.text._fasttok import count as _count
    from framing.text._fasttok import map_chars as _map_specials
    from framing.text._fasttok import set_map as _set_map
    from framing.text._fasttok import words as _findall

    _set_map(_SPECIAL_MAP)
except ImportError:  # pragma: no cover - depends on the build
    _findall, _count, _map_specials = _findall_re, _count_re, _map_specials_re


def normalize(text: str) -> str:
    """Return the normalised form of ``text``.

    Applies Unicode NFKC, maps curly quotes to straight ones and every dash to
    ``-``, removes soft hyphens and zero-width characters, joins words
    hyphenated across a line break, and collapses every run of white space to
    one space. The result is *not* offset-preserving; use
    :func:`tokenize_spans` when offsets into the original text are needed.

    Examples
    --------
    >>> normalize("community\\n  of  shared\u00a0future \u2014 for hu-\\nmankind")
    'community of shared future - for humankind'
    """
    return _WHITESPACE.sub(" ", _prepare(text)).strip()


def _chinese(text: str, lang) -> bool:
    """Whether ``text`` goes to the Chinese tokeniser (see :mod:`framing.text.language`)."""
    if lang is None:
        if text.isascii():
            return False
    elif lang == "und":
        return False
    from framing.text.language import is_chinese

    return is_chinese(text, lang)


def tokenize(text: str, lower: bool = True, lang: str | None = None) -> list[str]:
    """Split ``text`` into word tokens of its normalised form.

    Parameters
    ----------
    text : str
        Any text; it is normalised first (see :func:`normalize`).
    lower : bool, default True
        Lower-case the tokens.
    lang : str, optional
        The text's language code. By default it is detected from the script:
        a Chinese text (``lang="zh"``, or Han characters making up at least
        30% of its letters) is segmented into words by
        :func:`framing.text.chinese.tokenize_zh`; any other text by the rules
        above.

    Examples
    --------
    >>> tokenize("Win-win cooperation, U.N. Charter, 3.5 per cent!")
    ['win-win', 'cooperation', 'u.n.', 'charter', '3.5', 'per', 'cent']
    """
    if _chinese(text, lang):
        from framing.text.chinese import tokenize_zh

        return tokenize_zh(text, lower=lower)
    return _tokenize_default(text, lower)


def _tokenize_default(text: str, lower: bool) -> list[str]:
    text = _prepare(text)
    if lower:
        text = _lower(text)
    return _findall(text)


def _lower(text: str) -> str:
    """Lower case that keeps one character per letter: the capital I with a
    dot (U+0130) becomes ``i``, not ``i`` plus a combining dot, so that
    "İstanbul" stays one token."""
    if "\u0130" in text:
        text = text.replace("\u0130", "i")
    return text.lower()


def count_tokens(text: str, lang: str | None = None) -> int:
    """Number of word tokens in ``text`` (same definition as :func:`tokenize`).

    Examples
    --------
    >>> count_tokens("Win-win cooperation, U.N. Charter, 3.5 per cent!")
    7
    >>> count_tokens("Win-win cooperation") == len(tokenize("Win-win cooperation"))
    True
    """
    if _chinese(text, lang):
        from framing.text.chinese import count_tokens_zh

        return count_tokens_zh(text)
    return _count(_prepare(text))


def tokenize_spans(text: str, lower: bool = True, lang: str | None = None) -> list[tuple[str, int, int]]:
    """Tokens with ``(token, start, end)`` offsets into the original ``text``.

    The token strings are exactly those of :func:`tokenize`; a word hyphenated
    across a line break or containing a soft hyphen is one token whose span
    covers the break.

    Examples
    --------
    >>> text = "Hello, co-\\noperation!"
    >>> [(t, text[s:e]) for t, s, e in tokenize_spans(text)]
    [('hello', 'Hello'), ('cooperation', 'co-\\noperation')]
    """
    if _chinese(text, lang):
        from framing.text.chinese import tokenize_zh_spans

        return tokenize_zh_spans(text, lower=lower)
    out: list[tuple[str, int, int]] = []
    if not text.isascii():
        # Same-length view: offsets found in it are offsets into ``text``.
        view = _NON_ASCII_RE.sub(lambda m: _same_length(m.group()), text)
    else:
        view = text
    words = None
    for m in _SPAN_RE.finditer(view):
        start, end = m.span()
        piece = text[start:end]
        if "\n" in piece:  # a line-break hyphen: decided with the words of the whole text
            if words is None:
                mapped = text if text.isascii() else _map_specials(unicodedata.normalize("NFKC", text))
                words = _text_words(mapped)
            prepared = _prepare(piece, words)
            toks = _findall(_lower(prepared) if lower else prepared)
        else:
            toks = _tokenize_default(piece, lower)
        for tok in toks:
            out.append((tok, start, end))
    return out


# Same-length mapping used by tokenize_spans: quotes and dashes become their
# ASCII forms, invisible characters become a joiner the span pattern skips.
_SAME_LENGTH_MAP = {c: (v if len(v) == 1 else "\u00ad" if not v else " ") for c, v in _SPECIAL_MAP.items()}
_SAME_LENGTH_MAP["\u00a0"] = " "
_NON_ASCII_RE = re.compile(r"[^\x00-\x7f]")


@lru_cache(maxsize=4096)
def _same_length(char: str) -> str:
    """One character of the span view: quotes and dashes mapped; combining
    marks and characters that NFKC turns into letters or digits
    ("\u2122" -> "TM") marked as word characters, as they are after
    normalisation; one that NFKC turns into a number ("\u00bc" -> "1\u20444")
    marked as a digit, so that "0.\u00bc" stays one piece as "0.1" is."""
    if char in _SAME_LENGTH_MAP:
        return _SAME_LENGTH_MAP[char]
    if unicodedata.combining(char):  # NFKC composes it with the letter before
        return "a"
    if not char.isdecimal() and unicodedata.normalize("NFKC", char)[:1].isdecimal():
        return "0"
    if not char.isalnum() and any(c.isalnum() for c in unicodedata.normalize("NFKC", char)):
        return "a"
    return char


# White space that normalisation turns into a space or a tab: only these may
# stand beside the line break of a hyphenated word (as in _LINEBREAK_HYPHEN).
_HSPACE = (
    "["
    + "".join(
        sorted(
            re.escape(c)
            for c in map(chr, range(0x3000 + 1))
            if c.isspace() and unicodedata.normalize("NFKC", _SPECIAL_MAP.get(c, c)) in (" ", "\t")
        )
    )
    + "]"
)
_SPAN_RE = re.compile(
    r"[^\W_]+(?:(?:\u00ad*['\-]\u00ad*|\u00ad*-" + _HSPACE + r"*\r?\n" + _HSPACE + r"*|\u00ad+)[^\W_]+"
    r"|[.,](?<=\d[.,])\d+"
    r"|\.(?<=\b[^\W\d_]\.)(?:[^\W\d_]\.)+)*"
)


# --------------------------------------------------------------------------
# Sentences
# --------------------------------------------------------------------------

_ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof sr jr st mt ft gen col lt sgt capt cmdr adm gov sen rep
    pres hon rev amb fr messrs mme mlle esq co corp inc ltd bros dept univ assn
    jan feb mar apr jun jul aug sep sept oct nov dec vs etc al approx cf ca vol
    art arts para paras sec ch fig figs ed eds op cit ibid viz resp est dist
    nos no""".split()
)
# Abbreviations that also often end a sentence ("Downing St.", "and so on,
# etc."): a boundary only before a sentence opener.
_AMBIGUOUS = frozenset("st etc co inc ltd corp bros jr sr esq al".split())
# Abbreviations that end a sentence only when the next word is a common
# sentence opener ("... in the U.S. The next day ...").
_SENTENCE_OPENERS = frozenset(
    """the a an it this that these those we i he she they there in on at as
    but and however our my his her its their what why how when where who
    while if since after before mr mrs ms dr""".split()
)
_SENT_END = re.compile(r"[.!?]+[\"')\]]*(?=\s+[\"'(\[]?[^\W_])|[.!?]+[\"')\]]*\s*$")
_LAST_WORD = re.compile(r"([^\W_]+(?:\.[^\W_]+)*)\.$")
_NEXT_WORD = re.compile(r"\s+[\"'(\[]?([^\W_]+)")


def split_sentences(text: str, title: str | None = None, lang: str | None = None) -> list[tuple[int, int]]:
    """Return ``(start, end)`` spans of the sentences of ``text``.

    A sentence ends at ``.``, ``!`` or ``?`` (with closing quotes or brackets)
    followed by white space and a word, or at the end of the text. A full stop
    after a known abbreviation ("Mr.", "Dr.", "No. 5", "Jan.") or a single
    initial ("J. Smith") does not end a sentence; after a dotted acronym
    ("U.S.", "U.N.") it does only when the next word is a sentence opener such
    as "The" or "We". A blank line always ends a sentence. Leading and
    trailing white space is excluded from the spans.

    ``title``: the document's title (metadata). When the text begins with it,
    followed by a line break, the title is a sentence of its own even without
    final punctuation, so a headline is never merged into the first sentence.

    Examples
    --------
    >>> text = "Dr. Li met the U.S. envoy. We agreed!  Fine"
    >>> [text[s:e] for s, e in split_sentences(text)]
    ['Dr. Li met the U.S. envoy.', 'We agreed!', 'Fine']
    >>> text = "Leaders meet\\nThe two presidents met on Friday."
    >>> [text[s:e] for s, e in split_sentences(text, title="Leaders meet")]
    ['Leaders meet', 'The two presidents met on Friday.']

    A Chinese text (``lang`` or the script, as in :func:`tokenize`) is split
    by :func:`framing.text.chinese.split_sentences_zh` (at 。！？；).
    """
    if _chinese(text, lang):
        from framing.text.chinese import split_sentences_zh

        return split_sentences_zh(text)
    spans: list[tuple[int, int]] = []
    offset = 0
    if title and isinstance(title, str) and title.strip():
        head = title.strip().translate(_QUOTES_TO_ASCII)
        lead = len(text) - len(text.lstrip())
        after = lead + len(head)
        opening = text[lead:after].translate(_QUOTES_TO_ASCII)
        if opening == head and (after == len(text) or text[after] in "\r\n"):
            spans.append((lead, after))
            offset = after
    for ps, pe in _paragraphs(text, offset):
        start = ps
        for m in _SENT_END.finditer(text, ps, pe):
            end = m.end()
            if not _is_boundary(text, m.start(), end, pe, m.group()[0]):
                continue
            _append_span(text, start, end, spans)
            start = end
        _append_span(text, start, pe, spans)
    return spans


# typographic quotes and dashes -> ASCII, one character for one (titles in
# metadata are often typed with straight quotes, texts with curly ones)
_QUOTES_TO_ASCII = str.maketrans(
    "\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u201f\u2013\u2014", "''''\"\"\"\"--"
)

_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r]*\n")


def _paragraphs(text: str, start: int = 0):
    for m in _PARAGRAPH_BREAK.finditer(text, start):
        yield start, m.start()
        start = m.end()
    yield start, len(text)


def _append_span(text: str, start: int, end: int, spans: list) -> None:
    seg = text[start:end]
    stripped = seg.strip()
    if stripped:
        lead = len(seg) - len(seg.lstrip())
        spans.append((start + lead, start + lead + len(stripped)))


def _is_boundary(text: str, mark: int, end: int, limit: int, char: str) -> bool:
    nxt = _NEXT_WORD.match(text, end, limit)
    next_word = nxt.group(1) if nxt else ""
    if next_word[:1].islower():  # '"Why?" he asked', 'approx. ten'
        return False
    if char != ".":
        return True
    m = _LAST_WORD.search(text, max(0, mark - 40), mark + 1)
    if m is None:
        return True
    word = m.group(1)
    low = word.lower()
    opener = next_word.lower() in _SENTENCE_OPENERS
    if "." in word:  # dotted acronym such as U.S or e.g
        return opener and low not in ("e.g", "i.e")
    if low == "no":
        return not next_word[:1].isdigit()
    if low in _AMBIGUOUS:
        return opener
    if low in _ABBREVIATIONS:
        return False
    if len(word) == 1 and word.isupper():  # an initial: "J. Smith"
        return False
    return True


def sentences(text: str, lang: str | None = None) -> list[str]:
    """Return the sentences of ``text`` as strings (see :func:`split_sentences`).

    Examples
    --------
    >>> sentences("The U.S. envoy arrived. Talks began at 3 p.m. on Monday. Both sides spoke.")
    ['The U.S. envoy arrived.', 'Talks began at 3 p.m. on Monday.', 'Both sides spoke.']
    """
    return [text[s:e] for s, e in split_sentences(text, lang=lang)]


# --------------------------------------------------------------------------
# Stop words and stemming
# --------------------------------------------------------------------------


def _load_stopwords() -> frozenset[str]:
    return read_stopwords("stopwords_en.txt")


def _with_chinese(words: frozenset[str]) -> frozenset[str]:
    # Chinese function words (framing/data/stopwords_zh.txt) never equal an
    # English token, so one set serves both languages.
    return frozenset(words | read_stopwords("stopwords_zh.txt"))


STOPWORDS: frozenset[str] = _with_chinese(_load_stopwords())


def remove_stopwords(tokens, stopwords=STOPWORDS) -> list[str]:
    """Drop stop words from a token list.

    Examples
    --------
    >>> remove_stopwords(["the", "shared", "future", "of", "mankind"])
    ['shared', 'future', 'mankind']
    """
    return [t for t in tokens if t not in stopwords]


@cache
def _stemmer():
    from nltk.stem.porter import PorterStemmer

    return PorterStemmer()


@lru_cache(maxsize=200_000)
def stem(token: str) -> str:
    """Porter stem of ``token`` (nltk's data-free PorterStemmer, cached).

    Examples
    --------
    >>> [stem(w) for w in ["cooperation", "cooperating", "communities"]]
    ['cooper', 'cooper', 'commun']
    """
    return _stemmer().stem(token)


def _spans_for(
    text: str, tokens: list[str], doc_id: str, lang: str | None = None
) -> list[tuple[str, int, int]]:
    """Offsets of ``tokens`` (= ``tokenize(text)``) in ``text``."""
    spans = tokenize_spans(text, lang=lang)
    if len(spans) == len(tokens) and all(s[0] == t for s, t in zip(spans, tokens, strict=True)):
        return spans
    return _align_spans(text, tokens, spans, doc_id)


def _align_spans(
    text: str, tokens: list[str], spans: list[tuple[str, int, int]], doc_id: str
) -> list[tuple[str, int, int]]:
    # Normalisation can split or join words differently from the original:
    # a letter followed by a combining accent ("Cai\u0308d") is one token
    # after NFKC but two spans in the original; a symbol such as "\u2103"
    # becomes "\u00b0C", a token without an original span. Spans are joined
    # until they give the token; a token without a span gets the stretch of
    # original text between its neighbours.
    out: list[tuple[str, int, int]] = []
    j = 0
    for tok in tokens:
        if j < len(spans) and spans[j][0] == tok:
            out.append(spans[j])
            j += 1
            continue
        for k in range(j, min(j + 8, len(spans))):
            start, end = spans[j][1], spans[k][2]
            if tokenize(text[start:end], lang="und") == [tok]:
                out.append((tok, start, end))
                j = k + 1
                break
        else:
            lo = out[-1][2] if out else 0
            hi = max(lo, spans[j][1] if j < len(spans) else len(text))
            seg = text[lo:hi]
            start = lo + len(seg) - len(seg.lstrip())
            end = max(start, hi - (len(seg) - len(seg.rstrip())))
            out.append((tok, start, end))
    return out
