r"""Proximity of two vocabularies: how often B occurs within N tokens of A.

"An actor near a frame's vocabulary", "climate terms near health terms":
:func:`cooccur` counts, per document, the hits of A, the hits of B, and the
hits of B within ``window`` tokens of a hit of A. A and B are categories of
a :class:`framing.Dictionary` (quanteda YAML, LIWC, Lexicoder or WordStat
file) or entries of a :class:`framing.Lexicon`.

Windows
-------
The window of an A hit spanning tokens ``s..e`` (``e`` exclusive) runs from
``s - window`` to ``e - 1 + window``, clipped at the ends of the document
(windows never cross documents). A B hit is *in* the window when all of its
tokens are; the A hit's own span is part of the window, so a term that is in
both A and B counts when ``a == b`` only for *other* occurrences.

``count="windows"`` (default) counts, for every A hit, the B hits in its
window, and adds these up: a B hit inside the windows of two A hits counts
twice. This is what quanteda's ``kwic(x, A, window = N)`` followed by a
look-up of B in the resulting contexts counts. ``count="pairs"`` counts each
B hit once when it lies in the window of at least one A hit.

Token positions are those of the prepared tokens of the ``preset``:

``"framing"``
    :func:`framing.tokenize` (all words, stop words included); terms are
    matched with the lexicon grammar (phrases, ``word*``).
``"quanteda"``
    :func:`framing.text.quanteda.quanteda_tokens`: punctuation, symbols,
    numbers, URLs and Snowball stop words removed, hyphenated words whole,
    and the dictionary's multi-word terms compounded into one token before
    windows are counted, as in a quanteda script.

Examples
--------
>>> import framing
>>> d = framing.Dictionary({"health": ["health", "disease*"], "climate": ["climate change"]})
>>> c = framing.Corpus.from_texts(
...     ["Climate change harms health. Diseases spread.", "Health first.", "Nothing here."],
...     source=["A", "B", "C"])
>>> framing.cooccur(c, "health", "climate", window=3, dictionary=d)[
...     ["doc_id", "tokens", "n_a", "n_b", "n_ab"]]
  doc_id  tokens  n_a  n_b  n_ab
0   doc0       6    2    1     1
1   doc1       2    1    0     0
2   doc2       2    0    0     0
"""

from __future__ import annotations

import os
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from framing._util import as_list as _as_list
from framing._util import progress as _progress
from framing._util import renamed_arguments
from framing.corpus.core import Corpus, CorpusStream
from framing.errors import FramingError, LexiconError, MissingColumnError
from framing.lexicon.dictionaries import DICTIONARY_FORMATS, Dictionary, read_dictionary

__all__ = ["COUNT_MODES", "PRESETS", "cooccur", "window_counts"]

PRESETS = ("framing", "quanteda")
COUNT_MODES = ("windows", "pairs")
COUNT_COLUMNS = ["docs", "docs_a", "docs_b", "docs_ab", "n_a", "n_b", "n_ab"]


def window_counts(
    a_hits: Sequence[tuple[int, int]], b_hits: Sequence[tuple[int, int]], window: int, count: str = "windows"
) -> int:
    """Hits of B within ``window`` tokens of the hits of A in one document.

    Parameters
    ----------
    a_hits, b_hits : sequences of (start, end)
        Token spans (``end`` exclusive) of the hits, in any order.
    window : int
        Tokens on each side of an A hit.
    count : {"windows", "pairs"}
        See the module documentation.

    Examples
    --------
    Two A hits at tokens 2 and 5, B hits at 0, 4 and 9, window 2:

    >>> window_counts([(2, 3), (5, 6)], [(0, 1), (4, 5), (9, 10)], 2)
    3
    >>> window_counts([(2, 3), (5, 6)], [(0, 1), (4, 5), (9, 10)], 2, count="pairs")
    2
    """
    if not a_hits or not b_hits:
        return 0
    b_sorted = sorted(b_hits)
    starts = [s for s, _ in b_sorted]
    n = 0
    seen: set[int] = set()
    for s, e in a_hits:
        lo = bisect_left(starts, s - window)
        hi = bisect_right(starts, e - 1 + window)
        for j in range(lo, hi):
            bs, be = b_sorted[j]
            if be <= e + window and (bs, be) != (s, e):
                if count == "windows":
                    n += 1
                else:
                    seen.add(j)
    return n if count == "windows" else len(seen)


# --------------------------------------------------------------------------
# Vocabularies
# --------------------------------------------------------------------------


def _load_vocabulary(dictionary: Any):
    """A Dictionary or a Lexicon from an object, a path or a shipped lexicon name."""
    from framing.lexicon.core import Lexicon, load_lexicon

    if dictionary is None:
        return load_lexicon()
    if isinstance(dictionary, Dictionary | Lexicon):
        return dictionary
    if isinstance(dictionary, dict):
        return Dictionary(dictionary)
    if isinstance(dictionary, str | os.PathLike):
        p = Path(dictionary)
        if not p.exists():
            return load_lexicon(str(dictionary), include_shipped=False)
        suffix = p.suffix.lower()
        if suffix in DICTIONARY_FORMATS["yaml"]:
            import yaml

            try:
                data = yaml.safe_load(p.read_text(encoding="utf-8-sig"))
            except yaml.YAMLError:
                data = None
            if isinstance(data, dict) and "entries" in data:
                return load_lexicon(p, include_shipped=False)
        return read_dictionary(p)
    raise TypeError(
        f"dictionary must be a Dictionary, a Lexicon, a mapping or a path, not {type(dictionary).__name__}"
    )


def _check_names(vocab, a: str, b: str) -> None:
    names = list(vocab.categories) if isinstance(vocab, Dictionary) else list(vocab.entries)
    for opt, name in (("a", a), ("b", b)):
        if name not in names:
            kind = "category" if isinstance(vocab, Dictionary) else "entry"
            raise LexiconError(f"option {opt}: no {kind} {name!r}; available: {names}")


def _terms_of(vocab, name: str) -> list[str]:
    if isinstance(vocab, Dictionary):
        return vocab[name]
    expanded = vocab.subset([name]).expand()
    if expanded is None or expanded.empty or expanded["phrase"].isna().any():
        raise LexiconError(
            f"entry {name!r} has patterns that cannot be listed as terms (gaps "
            "or open wildcards); use preset='framing' for this entry"
        )
    return list(dict.fromkeys(expanded["phrase"].tolist()))


# --------------------------------------------------------------------------
# Per-document hits under each preset
# --------------------------------------------------------------------------


class _TermCodes(dict):
    """Prepared token -> bit code: 1 = a term of A, 2 = a term of B (``*`` = any characters)."""

    def __init__(self, terms_a: list[str], terms_b: list[str]):
        import re

        super().__init__()
        self.regexes = []
        for bit, terms in ((1, terms_a), (2, terms_b)):
            pats = []
            for t in terms:
                tok = t.replace(" ", "_")
                if "*" in tok:
                    pats.append(re.escape(tok).replace(r"\*", ".*"))
                else:
                    self[tok] = self.get(tok, 0) | bit
            if pats:
                self.regexes.append((bit, re.compile("(?:" + "|".join(pats) + r")\Z")))

    def __missing__(self, token: str) -> int:
        code = 0
        for bit, rx in self.regexes:
            if rx.match(token):
                code |= bit
        self[token] = code
        return code


def _quanteda_hits(texts: list[str], terms_a: list[str], terms_b: list[str], progress: bool):
    from framing.text.quanteda import _phrase_index, quanteda_tokens

    phrases = tuple(dict.fromkeys(t for t in terms_a + terms_b if " " in t))
    bad = [p for p in phrases if "*" in p]
    if bad:
        raise LexiconError(
            f"the quanteda preset compounds multi-word terms literally; "
            f"terms with wildcards inside a phrase are not supported: {bad}"
        )
    for t in terms_a + terms_b:
        if "?" in t:
            raise LexiconError(f"term {t!r}: the '?' wildcard is not supported; use '*'")
    codes = _TermCodes(terms_a, terms_b)
    index = _phrase_index(phrases)
    for first in index:  # bit 4: a token that may start a phrase
        codes[first] = codes.get(first, 0) | 4
    wild = bool(codes.regexes)
    exact = frozenset(codes)
    for text in _progress(texts, progress, len(texts), "proximity", unit="doc"):
        toks = quanteda_tokens(text)
        n = len(toks)
        if not wild and exact.isdisjoint(toks):
            yield n, _EMPTY, _EMPTY
            continue
        c = np.fromiter(map(codes.__getitem__, toks), dtype=np.int8, count=n)
        spans = _compound_spans(toks, np.flatnonzero(c & 4).tolist(), index)
        if not spans:
            yield n, np.flatnonzero(c & 1), np.flatnonzero(c & 2)
            continue
        # compounding, done on positions: a span becomes one token at its start
        keep = np.ones(n, dtype=bool)
        removed = np.zeros(n, dtype=np.int64)
        for s, e in spans:
            c[s] = codes["_".join(toks[s:e])] & 3
            keep[s + 1 : e] = False
            if e < n:
                removed[e] += e - s - 1
        pos = np.arange(n, dtype=np.int64) - np.cumsum(removed)
        yield (n - int((~keep).sum()), pos[keep & ((c & 1) > 0)], pos[keep & ((c & 2) > 0)])


def _compound_spans(toks: list[str], starts: list[int], index) -> list[list[int]]:
    """Spans ``[s, e)`` compounded as :func:`framing.text.quanteda.compound_tokens` does."""
    spans: list[list[int]] = []
    n = len(toks)
    for i in starts:
        for p in index[toks[i]]:
            k = len(p)
            if i + k <= n and tuple(toks[i : i + k]) == p:
                if spans and i < spans[-1][1]:
                    spans[-1][1] = max(spans[-1][1], i + k)
                else:
                    spans.append([i, i + k])
    return spans


_EMPTY = np.zeros(0, dtype=np.int64)


def _unit_window_counts(a: np.ndarray, b: np.ndarray, window: int, count: str) -> int:
    """:func:`window_counts` for one-token hits given as sorted position arrays."""
    if len(a) == 0 or len(b) == 0:
        return 0
    lo = np.searchsorted(b, a - window, side="left")
    hi = np.searchsorted(b, a + window, side="right")
    if count == "windows":
        same = np.isin(a, b, assume_unique=True).sum()  # a token in both A and B
        return int((hi - lo).sum() - same)
    # pairs: each B hit with at least one A hit (other than itself) within the window
    n_near = (
        np.searchsorted(a, b + window, side="right")
        - np.searchsorted(a, b - window, side="left")
        - np.isin(b, a, assume_unique=True)
    )
    return int((n_near > 0).sum())


def _framing_hits(corpus: Corpus, vocab, a: str, b: str, progress: bool):
    from framing.lexicon.matcher import scan_corpus

    lex = vocab.to_lexicon() if isinstance(vocab, Dictionary) else vocab
    ida = Dictionary.entry_id(a) if isinstance(vocab, Dictionary) else a
    idb = Dictionary.entry_id(b) if isinstance(vocab, Dictionary) else b
    matches, doc_tokens = scan_corpus(
        corpus, lex.subset(dict.fromkeys([ida, idb])), offsets=False, progress=progress
    )
    hits: dict[tuple[str, str], list[tuple[int, int]]] = {}
    for doc, entry, s, e in zip(
        matches["doc_id"], matches["entry"], matches["token_start"], matches["token_end"], strict=True
    ):
        hits.setdefault((doc, entry), []).append((int(s), int(e)))
    for doc, n in zip(doc_tokens["doc_id"], doc_tokens["tokens"], strict=True):
        yield int(n), hits.get((doc, ida), []), hits.get((doc, idb), [])


# --------------------------------------------------------------------------
# The public function
# --------------------------------------------------------------------------


@renamed_arguments(conf="conf_level")
def cooccur(
    corpus: Corpus | CorpusStream,
    a: str,
    b: str,
    window: int = 25,
    dictionary: Any = None,
    *,
    preset: str = "framing",
    by: str | Sequence[str] | None = None,
    count: str = "windows",
    conf_level: float = 0.95,
    progress: bool = False,
) -> pd.DataFrame:
    """Hits of A, of B, and of B within ``window`` tokens of A, per document or group.

    Parameters
    ----------
    corpus : Corpus or CorpusStream
    a, b : str
        Category names of ``dictionary`` (or entry ids of a lexicon). The
        windows are centred on the hits of ``a``.
    window : int, default 25
        Tokens on each side of an A hit (counted on the prepared tokens).
    dictionary : Dictionary, Lexicon, mapping, path or None
        A :class:`framing.Dictionary`, a dictionary file (quanteda YAML, LIWC
        ``.dic``, Lexicoder ``.lc3``, WordStat ``.cat``), a framing lexicon
        (object, file or shipped name) or ``None`` for the shipped lexicon.
    preset : {"framing", "quanteda"}
        Token preparation (see the module documentation).
    by : str, list of str or None, default None
        Metadata columns to group by; ``None``: no grouping, one row per
        document.
    count : {"windows", "pairs"}
        ``"windows"``: every A window counts its B hits (quanteda's
        kwic-then-lookup); ``"pairs"``: each B hit near an A hit counts once.
    conf_level : float, default 0.95
        Level of the Wilson intervals of the document shares (grouped output).
    progress : bool
        Show a progress bar.

    Returns
    -------
    pandas.DataFrame
        Without ``by``: every metadata column of the document, ``tokens``
        (prepared tokens), ``n_a``, ``n_b``, ``n_ab``. With ``by``: the
        ``by`` columns, ``docs``, ``docs_a``, ``docs_b``, ``docs_ab``
        (documents with at least one hit / near hit), ``n_a``, ``n_b``,
        ``n_ab``, ``tokens``, and ``share_a``, ``share_b``, ``share_ab``
        (= ``docs_* / docs``) with ``*_low``/``*_high`` Wilson limits.

    Raises
    ------
    LexiconError
        An unknown category or entry, or a term the preset cannot match.
    MissingColumnError
        A ``by`` column that is not in the corpus.
    FramingError
        A bad ``window``, ``preset`` or ``count``.

    Examples
    --------
    >>> import framing
    >>> d = framing.Dictionary({"actor": ["china"], "frame": ["cooperation", "win-win"]})
    >>> c = framing.Corpus.from_texts(
    ...     ["China seeks win-win cooperation.", "Cooperation matters.", "China spoke."],
    ...     source=["X", "X", "Y"])
    >>> framing.cooccur(c, "actor", "frame", window=2, dictionary=d, by="source")[
    ...     ["source", "docs", "docs_a", "docs_b", "docs_ab", "n_ab", "share_ab"]]
      source  docs  docs_a  docs_b  docs_ab  n_ab  share_ab
    0      X     2       1       2        1     1       0.5
    1      Y     1       1       0        0     0       0.0
    """
    if isinstance(window, bool) or not isinstance(window, int | np.integer) or window < 0:
        raise FramingError(f"option window: expected a whole number >= 0, got {window!r}")
    if preset not in PRESETS:
        raise FramingError(f"option preset: {preset!r} is not one of {list(PRESETS)}")
    if count not in COUNT_MODES:
        raise FramingError(f"option count: {count!r} is not one of {list(COUNT_MODES)}")
    if isinstance(corpus, CorpusStream):
        corpus = corpus.collect()
    by_cols = _as_list(by)
    for col in by_cols:
        if col not in corpus.docs.columns or col == "text":
            raise MissingColumnError(
                f"option by: column {col!r} not in the corpus; columns: {corpus.metadata_columns}"
            )
    vocab = _load_vocabulary(dictionary)
    _check_names(vocab, a, b)
    texts = corpus.docs["text"].tolist()
    if preset == "quanteda":
        hits = _quanteda_hits(texts, _terms_of(vocab, a), _terms_of(vocab, b), progress)
    else:
        hits = _framing_hits(corpus, vocab, a, b, progress)
    n = len(texts)
    tokens = np.zeros(n, dtype=np.int64)
    n_a = np.zeros(n, dtype=np.int64)
    n_b = np.zeros(n, dtype=np.int64)
    n_ab = np.zeros(n, dtype=np.int64)
    unit = preset == "quanteda"
    for i, (ntok, ha, hb) in enumerate(hits):
        tokens[i], n_a[i], n_b[i] = ntok, len(ha), len(hb)
        if unit:
            n_ab[i] = _unit_window_counts(ha, hb, int(window), count)
        else:
            n_ab[i] = window_counts(ha, hb, int(window), count)
    per_doc = corpus.docs.drop(columns="text").reset_index(drop=True)
    per_doc["tokens"] = tokens
    per_doc["n_a"] = n_a
    per_doc["n_b"] = n_b
    per_doc["n_ab"] = n_ab
    if not by_cols:
        return per_doc
    return group_counts(per_doc, by_cols, conf_level=conf_level)


@renamed_arguments(conf="conf_level")
def group_counts(per_doc: pd.DataFrame, by: str | Sequence[str], conf_level: float = 0.95) -> pd.DataFrame:
    """Group per-document counts of :func:`cooccur` into document shares.

    Examples
    --------
    >>> per_doc = pd.DataFrame({"g": ["x", "x", "y"], "tokens": [5, 5, 5],
    ...                         "n_a": [1, 0, 2], "n_b": [1, 1, 0], "n_ab": [1, 0, 0]})
    >>> group_counts(per_doc, "g")[["g", "docs", "docs_a", "docs_ab", "share_a"]]
       g  docs  docs_a  docs_ab  share_a
    0  x     2       1        1      0.5
    1  y     1       1        0      1.0
    """
    from framing.slogans.stats import wilson_interval

    by_cols = _as_list(by)
    df = per_doc.assign(
        docs=1,
        docs_a=(per_doc["n_a"] > 0).astype(np.int64),
        docs_b=(per_doc["n_b"] > 0).astype(np.int64),
        docs_ab=(per_doc["n_ab"] > 0).astype(np.int64),
    )
    out = df.groupby(by_cols, sort=True, dropna=False)[COUNT_COLUMNS + ["tokens"]].sum().reset_index()
    for part in ("a", "b", "ab"):
        k, docs = out[f"docs_{part}"].to_numpy(), out["docs"].to_numpy()
        out[f"share_{part}"] = k / docs
        low, high = wilson_interval(k, docs, conf_level)
        out[f"share_{part}_low"] = low
        out[f"share_{part}_high"] = high
    return out
