"""Chinese text: normalisation with offsets, word segmentation, sentences, stop words.

Chinese is written without spaces between words, so the default tokeniser
of :mod:`framing.tokenize` would see a whole clause as one token. For a
document in Chinese (its ``lang`` metadata, else its script, see
:mod:`framing.text.language`) framing uses the functions here instead:

* :func:`normalize_zh` maps the text to the form that is segmented and
  matched, and keeps, for every character of that form, its offset in the
  *original* text. It applies Unicode NFKC character by character (full-width
  letters, digits and punctuation such as ``Ａ``, ``１``, ``，``, ``（`` become
  their ASCII forms; the ideographic space becomes a space), deletes
  zero-width characters (U+200B, U+200C, U+200D, U+2060, U+FEFF) and soft
  hyphens, deletes white space between two Han characters (a line wrapped
  inside a word), and converts Traditional to Simplified characters with
  OpenCC (``opencc-python-reimplemented``, optional).
* :func:`tokenize_zh_spans` segments that form with a private
  ``jieba.Tokenizer`` (jieba's dictionary ships in the package, so it works
  offline). Every phrase of the Chinese variants of the shipped lexicons
  (listed in ``framing/data/phrases_zh.txt``, see :func:`read_phrases`) is
  added to the tokeniser's dictionary, so that a slogan such as
  人类命运共同体 is one token. Tokens without a letter or digit
  (punctuation, white space) are dropped; Latin letters are lower-cased.
* :func:`split_sentences_zh` ends a sentence at 。！？； (and ! ? ;), after any
  closing quotes or brackets, and at every line break.

The tokeniser's dictionary cache is written to the framing cache folder
(``$FRAMING_CACHE``, else the user cache folder of ``platformdirs``), never
to the temporary folder.

Examples
--------
>>> text = "构建人类命运共\\u200b同体，推动共建“一带一路”高质量发展。"
>>> tokenize_zh(text)
['构建', '人类命运共同体', '推动', '共建', '一带一路', '高质量', '发展']
>>> [(t, text[s:e]) for t, s, e in tokenize_zh_spans(text)][1]
('人类命运共同体', '人类命运共\\u200b同体')
>>> sentences_zh("我们要坚持合作共赢！开放是进步的标志。对吗？")
['我们要坚持合作共赢！', '开放是进步的标志。', '对吗？']
"""

from __future__ import annotations

import logging
import os
import re
import threading
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from framing._paths import read_stopwords

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = [
    "STOPWORDS_ZH",
    "ZERO_WIDTH",
    "PHRASES_FILE",
    "add_phrases",
    "cache_dir",
    "count_characters",
    "count_tokens_zh",
    "document_characters",
    "normalize_zh",
    "read_phrases",
    "sentences_zh",
    "shipped_phrases",
    "split_sentences_zh",
    "token_bounds_zh",
    "tokenize_zh",
    "tokenize_zh_spans",
]

#: Characters deleted by :func:`normalize_zh` wherever they occur.
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u00ad"

_HAN_CLASS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# White space between two Han characters that is deleted: at most one line
# break, or any white space around a zero-width character (a scraping artefact).
_GAP_CORE_RE = re.compile(
    f"(?:[^\\S\\r\\n]|[{ZERO_WIDTH}])*\\r?\\n?(?:[^\\S\\r\\n]|[{ZERO_WIDTH}])*"
    f"|\\s*[{ZERO_WIDTH}][\\s{ZERO_WIDTH}]*"
)
_WORD_CHAR_RE = re.compile(r"[^\W_]")

_lock = threading.RLock()
_state: dict = {"tokenizer": None, "phrases": set(), "opencc": None, "opencc_missing": False}


# --------------------------------------------------------------------------
# Cache folder and the tokeniser
# --------------------------------------------------------------------------


def cache_dir() -> Path:
    """framing's cache folder: ``$FRAMING_CACHE``, else the user cache folder.

    Created on first use.
    """
    env = os.environ.get("FRAMING_CACHE")
    if env:
        path = Path(env).expanduser()
    else:
        try:
            from platformdirs import user_cache_dir

            path = Path(user_cache_dir("framing", appauthor=False))
        except ImportError:  # pragma: no cover - platformdirs is a dependency
            path = Path.home() / ".cache" / "framing"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _tokenizer():
    """The private jieba tokeniser, initialised on first use (quietly)."""
    tk = _state["tokenizer"]
    if tk is not None:
        return tk
    with _lock:
        if _state["tokenizer"] is not None:
            return _state["tokenizer"]
        import jieba

        tk = jieba.Tokenizer()
        tk.tmp_dir = str(cache_dir())
        tk.cache_file = f"jieba-{jieba.__version__}.cache"
        logger = logging.getLogger("jieba")
        level = logger.level
        logger.setLevel(logging.WARNING)
        try:
            tk.initialize()
        finally:
            logger.setLevel(level)
        _state["tokenizer"] = tk
        from framing.text.fonts import use_cjk_font

        add_phrases(shipped_phrases())
        use_cjk_font()  # figures of Chinese text need a CJK font
        return tk


PHRASES_FILE = "phrases_zh.txt"


def read_phrases(path: str | os.PathLike | None = None) -> list[str]:
    """The phrases of a phrase file, one a line (``#`` starts a comment line).

    Without ``path``, the shipped ``framing/data/phrases_zh.txt``: the
    phrases of the Chinese variants of the shipped lexicons, written from
    them by :func:`framing.lexicon.core.write_zh_phrases`.

    Examples
    --------
    >>> "一带一路" in read_phrases()
    True
    """
    if path is None:
        raw = resources.files("framing").joinpath(f"data/{PHRASES_FILE}").read_text("utf-8")
    else:
        raw = Path(path).read_text("utf-8")
    return [line for line in raw.splitlines() if line.strip() and not line.startswith("#")]


@lru_cache(maxsize=1)
def shipped_phrases() -> tuple[str, ...]:
    """The phrases added to the tokeniser's dictionary when it starts (see
    :func:`read_phrases`).

    Examples
    --------
    >>> "人类命运共同体" in shipped_phrases()
    True
    """
    return tuple(read_phrases())


def add_phrases(phrases: Iterable[str]) -> int:
    """Add phrases to the tokeniser's dictionary so that they are never split.

    Phrases are normalised first (:func:`normalize_zh`); phrases already
    added are skipped. The phrases of the shipped lexicons' Chinese variants
    are added when the tokeniser starts; :func:`framing.count_matches` and
    :func:`framing.kwic` add those of the lexicon they match. Returns the
    number of phrases added.

    Examples
    --------
    >>> add_phrases(["全球文明倡议"])
    0
    >>> tokenize_zh("提出全球文明倡议")
    ['提出', '全球文明倡议']
    """
    tk = _tokenizer()
    added = 0
    with _lock:
        for phrase in phrases:
            norm = normalize_zh(phrase)[0].lower().strip()
            if len(norm) < 2 or norm in _state["phrases"] or not _WORD_CHAR_RE.search(norm):
                continue
            _state["phrases"].add(norm)
            freq = max(tk.suggest_freq(norm, False) * 1000, 100_000)
            tk.add_word(norm, freq=freq)
            added += 1
    return added


# --------------------------------------------------------------------------
# Normalisation with offsets
# --------------------------------------------------------------------------


class _OneToOne(dict):
    """``str.translate`` table of the characters that normalise to one other
    character; every other character maps to itself, and those that
    normalise to none or several are recorded for the offset-changing pass."""

    def __missing__(self, code: int) -> int:
        char = chr(code)
        out = _char_norm(char)
        value = ord(out) if len(out) == 1 else code
        if len(out) != 1:
            _TABLE_STATE["other"].add(char)
            _TABLE_STATE["regex"] = re.compile(
                "[" + "".join(re.escape(c) for c in sorted(_TABLE_STATE["other"])) + "]"
            )
        self[code] = value
        return value


_TABLE_STATE: dict = {"other": set(), "regex": None}
_ONE_TO_ONE = _OneToOne()
_SPACE_RUN_RE = re.compile(f"[\\s{ZERO_WIDTH}]+")
_IS_HAN = re.compile(f"[{_HAN_CLASS}]").match
_HAN_ANY_RE = re.compile(f"[{_HAN_CLASS}]")


@lru_cache(maxsize=8192)
def _char_norm(char: str) -> str:
    if char in ZERO_WIDTH:
        return ""
    out = unicodedata.normalize("NFKC", char)
    if out.isspace():
        return " "
    return out


def _converter():
    if _state["opencc"] is None and not _state["opencc_missing"]:
        try:
            from opencc import OpenCC
        except ImportError:
            _state["opencc_missing"] = True
            return None
        _state["opencc"] = OpenCC("t2s")
    return _state["opencc"]


def _traditional_re() -> re.Pattern | None:
    """Characters written only in Traditional Chinese: those OpenCC converts from
    Traditional to Simplified that are not themselves Simplified characters."""
    if "traditional_re" not in _state:
        pattern = None
        if _converter() is not None:
            import opencc

            folder = Path(opencc.__file__).parent / "dictionary"

            def keys(name: str) -> dict[str, str]:
                out = {}
                with open(folder / name, encoding="utf-8") as fh:
                    for line in fh:
                        key, _, value = line.rstrip("\n").partition("\t")
                        if len(key) == 1:
                            out[key] = value
                return out

            ts, st = keys("TSCharacters.txt"), keys("STCharacters.txt")
            chars = sorted(k for k, v in ts.items() if k not in st and k not in v.split())
            pattern = re.compile("[" + "".join(re.escape(c) for c in chars) + "]")
        _state["traditional_re"] = pattern
    return _state["traditional_re"]


def _wants_conversion(text: str, traditional: object) -> bool:
    if traditional is True:
        if _converter() is None:
            raise ImportError(
                "traditional=True needs the opencc-python-reimplemented package "
                "(pip install opencc-python-reimplemented)"
            )
        return True
    if traditional == "auto":
        rx = _traditional_re()
        if rx is None:
            return False
        sample = text[:20_000]
        n = len(rx.findall(sample))
        # a few Traditional-only characters among many Simplified ones are quotations
        return n >= 2 and n >= 0.01 * len(_HAN_ANY_RE.findall(sample))
    return False


def normalize_zh(text: str, traditional: bool | str = "auto") -> tuple[str, np.ndarray]:
    # The same document is normalised for segmentation and for matching:
    # the last few results are kept (a string's hash is computed once).
    if len(text) < 64:
        return _normalize_zh(text, traditional)
    return _normalize_cached(text, traditional)


@lru_cache(maxsize=16)
def _normalize_cached(text: str, traditional: bool | str) -> tuple[str, np.ndarray]:
    norm, offsets = _normalize_zh(text, traditional)
    offsets.flags.writeable = False
    return norm, offsets


def _normalize_zh(text: str, traditional: bool | str = "auto") -> tuple[str, np.ndarray]:
    """The normalised form of ``text`` and the offset of each of its characters.

    Parameters
    ----------
    text : str
    traditional : {"auto", True, False}
        Convert Traditional to Simplified characters with OpenCC's ``t2s``
        conversion. ``"auto"`` converts when ``opencc-python-reimplemented``
        is installed and characters that only Traditional writing uses
        (those OpenCC converts that are not Simplified characters) are at
        least two and at least 1% of the Han characters (of the first 20,000
        characters); ``True`` always (an ImportError without the package);
        ``False`` never.

    Returns
    -------
    (str, numpy.ndarray)
        The normalised text and an integer array ``offsets`` one longer than
        it: character ``i`` of the normalised text comes from character
        ``offsets[i]`` of ``text``, and ``offsets[-1] == len(text)``. A span
        ``[s, e)`` of the normalised text is ``[offsets[s], offsets[e - 1] + 1)``
        in the original.

    Examples
    --------
    >>> norm, off = normalize_zh("ＧＤＰ增长５％，人类\\u200b命运")
    >>> norm
    'GDP增长5%,人类命运'
    >>> off.tolist()
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 13]
    """
    n = len(text)
    norm = text
    offsets = None
    if not text.isascii():
        # 1:1 replacements in one C pass; characters that NFKC deletes or
        # expands, and white space between Han characters, change the offsets
        norm = text.translate(_ONE_TO_ONE)
        edits: dict[int, str] = {}
        if _TABLE_STATE["other"]:
            for m in _TABLE_STATE["regex"].finditer(text):
                edits[m.start()] = _char_norm(m.group())
        for m in _SPACE_RUN_RE.finditer(text):
            s0, e0 = m.span()
            if (
                0 < s0
                and e0 < n
                and _IS_HAN(text[s0 - 1])
                and _IS_HAN(text[e0])
                and _GAP_CORE_RE.fullmatch(text, s0, e0)
            ):
                for p in range(s0, e0):
                    edits[p] = ""
        if edits:
            pieces = []
            last = 0
            lengths = np.ones(n, dtype=np.int64)
            for pos in sorted(edits):
                r = edits[pos]
                pieces.append(norm[last:pos])
                pieces.append(r)
                lengths[pos] = len(r)
                last = pos + 1
            pieces.append(norm[last:])
            norm = "".join(pieces)
            offsets = np.repeat(np.arange(n, dtype=np.int64), lengths)
    if offsets is None:
        offsets = np.arange(n, dtype=np.int64)
    if not text.isascii() and _wants_conversion(norm, traditional):
        cc = _converter()
        converted = cc.convert(norm)
        if len(converted) != len(norm):  # phrase conversions changed lengths: go by character
            parts = [cc.convert(ch) for ch in norm]
            lengths = np.fromiter((len(p) for p in parts), dtype=np.int64, count=len(parts))
            offsets = np.repeat(offsets, lengths)
            converted = "".join(parts)
        norm = converted
    return norm, np.append(offsets, n)


# --------------------------------------------------------------------------
# Tokens
# --------------------------------------------------------------------------


def tokenize_zh_spans(
    text: str, lower: bool = True, traditional: bool | str = "auto"
) -> list[tuple[str, int, int]]:
    """Chinese word tokens with ``(token, start, end)`` offsets into the original ``text``.

    The token is the normalised form (see :func:`normalize_zh`), so
    ``text[start:end]`` may differ from it (a zero-width space inside, a
    full-width digit, a Traditional character).

    Examples
    --------
    >>> tokenize_zh_spans("推动构建新型国际关系")
    [('推动', 0, 2), ('构建', 2, 4), ('新型国际关系', 4, 10)]
    """
    norm, offsets = normalize_zh(text, traditional)
    out = []
    search = _WORD_CHAR_RE.search
    for word, s, e in _tokenizer().tokenize(norm):
        if search(word) is None:
            continue
        out.append((word.lower() if lower else word, int(offsets[s]), int(offsets[e - 1]) + 1))
    return _join_overlaps(out)


def _join_overlaps(spans: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """Give the tokens of one written character that normalisation expanded
    into several words ("0\u00bc" -> "01", "4") one span: a run of tokens
    whose spans overlap shares the span that covers them all."""
    out: list[tuple[str, int, int]] = []
    run = 0  # index in out where the current run of overlapping spans starts
    for tok, start, end in spans:
        if out and start < out[-1][2]:
            lo = min(start, out[run][1])
            hi = max(end, out[-1][2])
            out[run:] = [(t, lo, hi) for t, _, _ in out[run:]]
            out.append((tok, lo, hi))
        else:
            run = len(out)
            out.append((tok, start, end))
    return out


def tokenize_zh(text: str, lower: bool = True, traditional: bool | str = "auto") -> list[str]:
    """Chinese word tokens of ``text`` (the tokens of :func:`tokenize_zh_spans`).

    Examples
    --------
    >>> tokenize_zh("坚持和平共处五项原则，ＡＰＥＣ会议")
    ['坚持', '和平共处五项原则', 'apec', '会议']
    """
    norm, _ = normalize_zh(text, traditional)
    search = _WORD_CHAR_RE.search
    words = [w for w in _tokenizer().cut(norm) if search(w) is not None]
    return [w.lower() for w in words] if lower else words


def count_tokens_zh(text: str) -> int:
    """Number of Chinese word tokens of ``text``."""
    return len(tokenize_zh(text, lower=False))


def token_bounds_zh(text: str) -> tuple[np.ndarray, np.ndarray]:
    """``(starts, ends)``: integer arrays of the token offsets in ``text``.

    The same tokens as :func:`tokenize_zh_spans`, for indexes that store
    offsets and slice the original text.

    Examples
    --------
    >>> starts, ends = token_bounds_zh("全球安全倡议")
    >>> starts.tolist(), ends.tolist()
    ([0], [6])
    """
    spans = tokenize_zh_spans(text, lower=False)
    starts = np.fromiter((s for _, s, _ in spans), dtype=np.int64, count=len(spans))
    ends = np.fromiter((e for _, _, e in spans), dtype=np.int64, count=len(spans))
    return starts, ends


def count_characters(text: str) -> int:
    """Letters and digits of ``text`` (Han characters included): the denominator
    of rates per 10,000 characters.

    Examples
    --------
    >>> count_characters("人类命运共同体，GDP 5%")
    11
    """
    if text.isascii():
        return sum(1 for c in text if c.isalnum())
    return len(_WORD_CHAR_RE.findall(text))


def document_characters(corpus) -> pd.DataFrame:
    """One row per document: ``doc_id``, ``tokens`` holding the number of
    *characters* (:func:`count_characters`), and the metadata.

    Passed to :func:`framing.rates` instead of
    :func:`framing.document_tokens`, it gives rates per 10,000 characters
    (the column keeps the name ``tokens`` that :func:`~framing.rates`
    expects; its ``rate_per_10k`` is then per 10,000 characters).

    Examples
    --------
    >>> from framing import Corpus, rates
    >>> c = Corpus.from_texts(["推动构建人类命运共同体。", "发展"], year=[2017, 2018])
    >>> chars = document_characters(c)
    >>> chars[["doc_id", "tokens", "year"]].values.tolist()
    [['doc0', 11, 2017], ['doc1', 2, 2018]]
    >>> counts = __import__("pandas").DataFrame({"doc_id": ["doc0"], "entry": ["csf"], "n": [1]})
    >>> rates(counts, chars, by="year")[["year", "n", "rate_per_10k"]].round(1).values.tolist()
    [[2017, 1, 909.1], [2018, 0, 0.0]]
    """
    docs = corpus.docs if hasattr(corpus, "docs") else corpus.collect().docs
    meta = docs.drop(columns="text").reset_index(drop=True)
    meta.insert(
        1, "tokens", np.fromiter((count_characters(t) for t in docs["text"]), dtype=np.int64, count=len(docs))
    )
    return meta


# --------------------------------------------------------------------------
# Sentences
# --------------------------------------------------------------------------

_SENT_END_ZH = re.compile("[。！？；!?;]+[”’」』）》〕】)\\]\"']*")


def split_sentences_zh(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` spans of the sentences of a Chinese ``text``.

    A sentence ends after 。！？； or ! ? ; (and any closing quotes or
    brackets that follow) and at every line break. White space (the
    ideographic space included) is excluded from the spans.

    Examples
    --------
    >>> text = "\\u3000\\u3000一、回顾\\n我们坚持开放；推动“合作共赢”。好！"
    >>> [text[s:e] for s, e in split_sentences_zh(text)]
    ['一、回顾', '我们坚持开放；', '推动“合作共赢”。', '好！']
    """
    spans: list[tuple[int, int]] = []

    def add(s: int, e: int) -> None:
        seg = text[s:e]
        stripped = seg.strip()
        if stripped:
            lead = len(seg) - len(seg.lstrip())
            spans.append((s + lead, s + lead + len(stripped)))

    start = 0
    for line in re.finditer(r"[^\r\n]+", text):
        start = line.start()
        for m in _SENT_END_ZH.finditer(text, line.start(), line.end()):
            add(start, m.end())
            start = m.end()
        add(start, line.end())
    return spans


def sentences_zh(text: str) -> list[str]:
    """The sentences of a Chinese ``text`` as strings (see :func:`split_sentences_zh`).

    Examples
    --------
    >>> sentences_zh("我们坚持和平发展。你同意吗？当然！")
    ['我们坚持和平发展。', '你同意吗？', '当然！']
    """
    return [text[s:e] for s, e in split_sentences_zh(text)]


# --------------------------------------------------------------------------
# Stop words
# --------------------------------------------------------------------------


#: Chinese function words (``framing/data/stopwords_zh.txt``; provenance in its header).
STOPWORDS_ZH: frozenset[str] = read_stopwords("stopwords_zh.txt")


normalize_zh.__doc__ = _normalize_zh.__doc__
