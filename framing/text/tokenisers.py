"""Per-document tokenisers for the token index.

A *tokeniser* here is a callable ``tokeniser(text) -> (tokens, starts, ends)``:

* ``tokens``: a list of token strings in their original case (after the
  tokeniser's own normalisation, e.g. curly quotes made straight);
* ``starts``, ``ends``: int32 numpy arrays of the same length, the character
  offsets of each token in the *original* ``text`` (``text[starts[i]:ends[i]]``
  is the stretch of text the token came from).

It carries a ``name`` and a ``version`` string; both enter the cache key of
the token index, so a changed tokeniser never reuses an old index. The
English tokeniser, :func:`english`, reproduces :func:`framing.text.tokenize.tokenize`
(``lower=False``) exactly, with the offsets that
:func:`framing.text.tokenize.tokenize_spans` gives. Other languages plug in through
:func:`register_tokeniser` and are chosen per document by a ``language``
metadata column (see :func:`framing.text.index.build_tokens`).

Examples
--------
>>> toks, starts, ends = english("The U.S.\\u00a0and China\\u2019s win-win")
>>> toks
['The', 'U.S.', 'and', "China's", 'win-win']
>>> starts.tolist(), ends.tolist()
([0, 4, 9, 13, 21], [3, 8, 12, 20, 28])
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache
from importlib import import_module
from pathlib import Path

import numpy as np

__all__ = ["english", "get_tokeniser", "register_tokeniser", "tokeniser_version"]

_T = import_module("framing.text.tokenize")

try:  # the compiled scanner with offsets (optional, as the scanner itself is)
    from framing.text._fasttok import word_ids as _word_ids
    from framing.text._fasttok import word_spans as _word_spans
except ImportError:  # pragma: no cover - depends on the build
    _word_spans = _word_ids = None

# A hyphen at a line break that the tokeniser removes or keeps (see
# framing.text.tokenize._LINEBREAK_HYPHEN); in the offset view it becomes a hyphen
# and letters of the same length, so the word scanner sees one word there.
_LINEBREAK_SAME = re.compile(r"-(?<=\w-)[ \t]*\r?\n[ \t]*(?=\w)")


# Quotes and dashes to their ASCII forms, one character for one (an em dash,
# which the tokeniser spaces out, to a space).
_PLAIN_MAP = {c: (v if len(v) == 1 else " ") for c, v in _T._SPECIAL_MAP.items() if v}
_PLAIN_RE = re.compile("[" + "".join(_PLAIN_MAP) + "]")


def _plain(m: re.Match) -> str:
    return _PLAIN_MAP[m.group()]


_INVISIBLE_CHARS = tuple(c for c, v in _T._SPECIAL_MAP.items() if not v)


def _join_same_length(m: re.Match) -> str:
    return "-" + "a" * (len(m.group()) - 1)


_EMPTY = np.zeros(0, dtype=np.int32)


def _view(text: str) -> str:
    """Same-length view of ``text`` in which quotes and dashes are ASCII."""
    if text.isascii():
        return text
    return _T._NON_ASCII_RE.sub(lambda m: _T._same_length(m.group()), text)


def _slow(text: str, tokens: list[str]) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Offsets of ``tokens`` by the reference path (tokenize_spans, then alignment)."""
    from framing.text.tokenize import _align_spans

    spans = _T.tokenize_spans(text, lower=False)
    if len(spans) != len(tokens) or any(s[0] != t for s, t in zip(spans, tokens, strict=True)):
        spans = _align_spans(text, tokens, spans, "")
    starts = np.fromiter((s[1] for s in spans), dtype=np.int32, count=len(spans))
    ends = np.fromiter((s[2] for s in spans), dtype=np.int32, count=len(spans))
    return tokens, starts, ends


def english(text: str) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Tokens of :func:`framing.text.tokenize.tokenize` (original case) with offsets.

    The tokens are exactly ``tokenize(text, lower=False)``; lower-casing each
    (as :func:`framing.text.tokenize.tokenize` does, "\u0130" to "i") gives
    ``tokenize(text)``. The offsets are those :func:`framing.text.tokenize.tokenize_spans`
    reports.

    Examples
    --------
    >>> text = "Hello, co-\\noperation!"
    >>> toks, s, e = english(text)
    >>> [(t, text[a:b]) for t, a, b in zip(toks, s, e)]
    [('Hello', 'Hello'), ('cooperation', 'co-\\noperation')]
    """
    vocab: dict[str, int] = {}
    ids, starts, ends = _encode_english(text, vocab)
    words = np.empty(len(vocab), dtype=object)
    words[:] = list(vocab)
    return words[ids].tolist(), starts, ends


def _ids(tokens: list[str], vocab: dict[str, int]) -> np.ndarray:
    for t in tokens:
        if t not in vocab:
            vocab[t] = len(vocab)
    return np.fromiter(map(vocab.__getitem__, tokens), dtype=np.int32, count=len(tokens))


def _pairs(offsets: bytes) -> tuple[np.ndarray, np.ndarray]:
    pairs = np.frombuffer(offsets, dtype=np.int32).reshape(-1, 2)
    return pairs[:, 0].copy(), pairs[:, 1].copy()


def _encode_english(text: str, vocab: dict[str, int]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(ids, starts, ends)`` of :func:`english`, ids into ``vocab`` (extended)."""
    view = None
    if _word_ids is not None:
        if text.isascii():
            view = text
        elif (
            "\u0130" not in text
            and unicodedata.is_normalized("NFKC", text)
            and not any(c in text for c in _INVISIBLE_CHARS)
        ):
            view = _PLAIN_RE.sub(_plain, text)
    if view is not None:
        # NFKC changes nothing here, so the prepared text differs from this
        # view only where a dash became white space (the same words) or a
        # line-break hyphen was joined
        joined, n_joins = _LINEBREAK_SAME.subn(_join_same_length, view) if "\n" in view else (view, 0)
        if not n_joins:
            ids, offsets = _word_ids(view, vocab)
            return (np.frombuffer(ids, dtype=np.int32).copy(), *_pairs(offsets))
        ids, _ = _word_ids(_T._prepare(text), vocab)
        ids = np.frombuffer(ids, dtype=np.int32).copy()
        words, offsets = _word_spans(joined)
        if len(words) == len(ids):
            return (ids, *_pairs(offsets))
    prepared = _T._prepare(text)
    if _word_ids is None:
        toks, s, e = _slow(text, _T.tokenize(text, lower=False))
        return _ids(toks, vocab), s, e
    view = _view(text)
    joined, n_joins = _LINEBREAK_SAME.subn(_join_same_length, view) if "\n" in view else (view, 0)
    tokens = _T._findall(prepared)
    words, offsets = _word_spans(joined)
    if words == tokens or (n_joins and len(words) == len(tokens)):
        return (_ids(tokens, vocab), *_pairs(offsets))
    toks, s, e = _slow(text, tokens)
    return _ids(toks, vocab), s, e


english.encode = _encode_english  # type: ignore[attr-defined]


@lru_cache(maxsize=1)
def _source_digest() -> str:
    h = hashlib.blake2b(digest_size=8)
    assert _T.__file__ is not None  # a module loaded from a file
    here = Path(_T.__file__).resolve()
    h.update(here.read_bytes())
    c_source = here.with_name("_fasttok.c")
    if c_source.exists():
        h.update(c_source.read_bytes())
    h.update(Path(__file__).resolve().read_bytes())
    # Chinese documents are segmented by framing.text.chinese, whose dictionary
    # holds the shipped phrases: a change to either gives a new digest
    h.update(here.with_name("chinese.py").read_bytes())
    h.update(here.parent.parent.joinpath("data", "phrases_zh.txt").read_bytes())
    return h.hexdigest()


english.name = "en"  # type: ignore[attr-defined]
english.version = "1"  # type: ignore[attr-defined]

_REGISTRY: dict[str, Callable] = {"en": english}


def register_tokeniser(language: str, tokeniser: Callable) -> None:
    """Use ``tokeniser`` for documents whose ``language`` is ``language``.

    ``tokeniser(text)`` returns ``(tokens, starts, ends)`` (see the module
    notes); give it ``name`` and ``version`` attributes so that cached
    indexes are rebuilt when it changes.

    Examples
    --------
    >>> def chars(text):
    ...     import numpy as np
    ...     idx = [i for i, c in enumerate(text) if not c.isspace()]
    ...     return [text[i] for i in idx], np.array(idx, np.int32), np.array(idx, np.int32) + 1
    >>> chars.name, chars.version = "chars", "1"
    >>> register_tokeniser("xx", chars)
    >>> get_tokeniser("xx") is chars
    True
    """
    if not callable(tokeniser):
        raise TypeError("a tokeniser must be callable: tokeniser(text) -> (tokens, starts, ends)")
    _REGISTRY[str(language)] = tokeniser


def get_tokeniser(language: str | None = None) -> Callable:
    """The tokeniser registered for ``language`` (English for None or unknown codes)."""
    if language is None:
        return english
    return _REGISTRY.get(str(language), english)


def tokeniser_version(tokeniser: Callable) -> str:
    """``name/version`` of a tokeniser; for the English one also a digest of its source
    (with the Chinese segmenter's and its shipped phrase list, which it uses for
    documents in Chinese)."""
    name = getattr(tokeniser, "name", getattr(tokeniser, "__qualname__", repr(tokeniser)))
    version = getattr(tokeniser, "version", "0")
    tag = f"{name}/{version}"
    if tokeniser is english:
        tag += "/" + _source_digest()
    return tag
