"""Counts on the token index: document-term counts and collocation spans, and
which corpora the index serves.

The functions here take a :class:`~framing.text.index.Tokens` and give the
results the text-based paths of :mod:`framing.compare.keyness` give, from
arrays; :func:`corpus_tokens` decides when an analysis handed a corpus reads
its index. Lexicon matching on the index is in :mod:`framing.lexicon.indexed`.
"""

from __future__ import annotations

import contextlib
import contextvars
import os
import weakref
from collections import Counter
from typing import Any

import numpy as np
import scipy.sparse as sp

from framing.text.index import Tokens

__all__ = [
    "corpus_summary",
    "corpus_tokens",
    "node_positions",
    "script_profile",
    "span_counts_tokens",
    "term_counts_tokens",
    "text_path",
]


def term_counts_tokens(tk: Tokens, lower: bool = True):
    """``(matrix, terms, n_tokens)``: sparse document x term counts, terms sorted.

    The same counts as :func:`framing.compare.keyness.document_term_counts` gives
    from the texts; cached on the index.
    """
    cache = tk.__dict__.setdefault("_term_counts", {})
    hit = cache.get(lower)
    if hit is not None:
        return hit
    ids, vocab = tk.term_stream(lower)
    present = np.bincount(ids, minlength=len(vocab)) > 0 if len(ids) else np.zeros(len(vocab), bool)
    used = np.flatnonzero(present)
    words = vocab[used]
    order = np.array(sorted(range(len(words)), key=words.__getitem__), dtype=np.int64)
    rank = np.full(len(vocab), -1, dtype=np.int64)
    rank[used[order]] = np.arange(len(order))
    # documents a batch at a time: (local document, term) keys counted with
    # np.unique, so no array of the corpus's size is made besides the stream
    offsets = np.asarray(tk.doc_offsets)
    n_terms = max(len(order), 1)
    indices, data = [], []
    indptr = np.zeros(tk.n_docs + 1, dtype=np.int64)
    step = 500
    for d0 in range(0, tk.n_docs, step):
        d1 = min(d0 + step, tk.n_docs)
        a, b = int(offsets[d0]), int(offsets[d1])
        local_doc = np.repeat(np.arange(d1 - d0, dtype=np.int64), np.diff(offsets[d0 : d1 + 1]))
        keys, counts = np.unique(local_doc * n_terms + rank[ids[a:b]], return_counts=True)
        row = keys // n_terms
        indices.append((keys % n_terms).astype(np.int32))
        data.append(counts.astype(np.int64))
        indptr[d0 + 1 : d1 + 1] = indptr[d0] + np.cumsum(np.bincount(row, minlength=d1 - d0))
    cat = lambda xs, dt: np.concatenate(xs) if xs else np.zeros(0, dt)
    matrix = sp.csr_matrix(
        (cat(data, np.int64), cat(indices, np.int32), indptr), shape=(tk.n_docs, len(order))
    )
    result = (matrix, words[order], tk.doc_lengths.astype(np.int64))
    cache[lower] = result
    return result


def node_positions(tk: Tokens, node: tuple[str, ...], lower: bool = True) -> np.ndarray:
    """Global start positions of non-overlapping occurrences of a token sequence.

    Occurrences are taken left to right in each document, as
    :func:`framing.compare.keyness.collocates` does on token lists.
    """
    ids, _ = tk.term_stream(lower)
    index = tk.term_index(lower)
    if any(t not in index for t in node):
        return np.zeros(0, dtype=np.int64)
    node_ids = [index[t] for t in node]
    k = len(node_ids)
    cand = np.flatnonzero(ids == node_ids[0])
    if k == 1 or len(cand) == 0:
        return cand.astype(np.int64)
    offsets = np.asarray(tk.doc_offsets)
    doc = np.searchsorted(offsets, cand, side="right") - 1
    ok = cand + k <= offsets[doc + 1]
    for j in range(1, k):
        idx = np.minimum(cand + j, len(ids) - 1)
        ok &= ids[idx] == node_ids[j]
    cand = cand[ok]
    # non-overlapping, left to right (within a document)
    keep = []
    last_end = -1
    last_doc = -1
    for p, dd in zip(cand.tolist(), (np.searchsorted(offsets, cand, side="right") - 1).tolist(), strict=True):
        if dd != last_doc or p >= last_end:
            keep.append(p)
            last_end = p + k
            last_doc = dd
    return np.asarray(keep, dtype=np.int64)


def span_counts_tokens(
    tk: Tokens,
    node: tuple[str, ...],
    left: int,
    right: int,
    codes: np.ndarray,
    n_groups: int,
    lower: bool = True,
) -> tuple[list[Counter], np.ndarray, np.ndarray]:
    """Collocation span of a node: per group, collocate counts, span sizes, node counts.

    The span is every token position within ``left`` tokens before or
    ``right`` after an occurrence, inside its document, not part of an
    occurrence, counted once (see :func:`framing.compare.keyness.collocates`).
    """
    ids, vocab = tk.term_stream(lower)
    starts = node_positions(tk, node, lower)
    k = len(node)
    span_counts: list[Counter] = [Counter() for _ in range(n_groups)]
    span_sizes = np.zeros(n_groups, dtype=np.int64)
    node_freq = np.zeros(n_groups, dtype=np.int64)
    if len(starts) == 0:
        return span_counts, span_sizes, node_freq
    offsets = np.asarray(tk.doc_offsets)
    doc = np.searchsorted(offsets, starts, side="right") - 1
    groups = np.asarray(codes)[doc]
    np.add.at(node_freq, groups, 1)
    lo_doc, hi_doc = offsets[doc], offsets[doc + 1]
    parts = []
    for j in range(1, left + 1):
        p = starts - j
        parts.append(p[p >= lo_doc])
    for j in range(right):
        p = starts + k + j
        parts.append(p[p < hi_doc])
    span = np.unique(np.concatenate(parts)) if parts else np.zeros(0, np.int64)
    occupied = (starts[:, None] + np.arange(k)[None, :]).ravel()
    span = span[~np.isin(span, occupied)]
    span_group = np.asarray(codes)[np.searchsorted(offsets, span, side="right") - 1]
    span_sizes += np.bincount(span_group, minlength=n_groups)
    span_ids = ids[span]
    for g in range(n_groups):
        sel = span_ids[span_group == g] if n_groups > 1 else span_ids
        if len(sel) == 0:
            continue
        uniq, cnt = np.unique(sel, return_counts=True)
        span_counts[g] = Counter(dict(zip(vocab[uniq].tolist(), cnt.tolist(), strict=True)))
    return span_counts, span_sizes, node_freq


_TEXT_PATH = contextvars.ContextVar("framing_text_path", default=False)


@contextlib.contextmanager
def text_path():
    """Within this block, analyses handed a Corpus tokenise its texts as they did
    before the index (for comparisons and benchmarks); a Tokens still uses the index.

    Examples
    --------
    >>> from framing import Corpus, kwic
    >>> c = Corpus.from_texts(["Peace and sovereignty.", "Sovereignty!"])
    >>> with text_path():
    ...     old = kwic(c, "sovereignty", window=1)
    >>> old.equals(kwic(c, "sovereignty", window=1))
    True
    """
    token = _TEXT_PATH.set(True)
    try:
        yield
    finally:
        _TEXT_PATH.reset(token)


def corpus_tokens(corpus: Any) -> Tokens | None:
    """The index to use for ``corpus``: a Tokens as is, a Corpus's cached index, else None.

    Setting the environment variable ``FRAMING_TOKEN_INDEX=0`` makes analyses
    handed a Corpus tokenise its texts instead (as :func:`text_path` does).
    """
    from framing.corpus.core import Corpus
    from framing.text.index import tokens

    if isinstance(corpus, Tokens):
        return corpus
    if (
        isinstance(corpus, Corpus)
        and not _TEXT_PATH.get()
        and os.environ.get("FRAMING_TOKEN_INDEX", "1") != "0"
        and not script_profile(corpus)["chinese"]
    ):
        return tokens(corpus)
    return None


def corpus_summary(corpus, by: str | list[str] | tuple[str, ...] | None = None):
    """Documents, tokens and types (distinct tokens) of a corpus, per group of
    documents (the lower-cased tokens of :func:`framing.tokenize`).

    ``corpus`` is a :class:`~framing.corpus.core.Corpus` or its documents
    frame; ``by`` is a metadata column, a list of them, or None for one row.
    A Corpus with a token index is summed from the index, without reading
    its texts again; the numbers are those of its texts.

    Examples
    --------
    >>> from framing import Corpus
    >>> corpus_summary(Corpus.from_texts(["a b a", "c"], source=["X", "X"]), by="source")
      source  documents  tokens  types
    0      X          2       4      3
    >>> corpus_summary(Corpus.from_texts(["a b a", "c"]))
       documents  tokens  types
    0          2       4      3
    """
    import pandas as pd

    from framing.text.tokenize import tokenize

    docs = corpus if isinstance(corpus, pd.DataFrame) else corpus.docs
    by = [by] if isinstance(by, str) else list(by or [])
    columns = [*by, "documents", "tokens", "types"]
    docs = docs.reset_index(drop=True)
    tk = None if isinstance(corpus, pd.DataFrame) else corpus_tokens(corpus)
    if tk is not None and not tk.folds_like_texts:
        tk = None
    if tk is not None:
        if by:
            grouper = docs.groupby(by, sort=True, dropna=False)
            codes = grouper.ngroup().to_numpy(dtype=np.int64)
            sizes = grouper.size()
            keys = [k if isinstance(k, tuple) else (k,) for k in sizes.index]
        else:
            codes = np.zeros(len(docs), dtype=np.int64)
            sizes = pd.Series([len(docs)])
            keys = [()]
        n_groups, n_norms = len(keys), max(len(tk.norms), 1)
        lengths = tk.doc_lengths
        token_codes = codes[tk.doc_of_token]
        if n_groups * n_norms <= 64_000_000:  # a group x type table of booleans
            table = np.zeros((n_groups, n_norms), dtype=bool)
            table[token_codes, tk.norm_ids] = True
            types = table.sum(axis=1)
        else:  # distinct (group, type) pairs by sorting
            pairs = np.sort(token_codes * n_norms + tk.norm_ids)
            first = np.ones(len(pairs), dtype=bool)
            first[1:] = pairs[1:] != pairs[:-1]
            types = np.bincount(pairs[first] // n_norms, minlength=n_groups)
        tokens = np.bincount(codes, weights=lengths, minlength=n_groups).astype(np.int64)
        rows = [
            (*key, int(size), int(tokens[code]), int(types[code]))
            for code, (key, size) in enumerate(zip(keys, sizes.tolist(), strict=True))
        ]
        return pd.DataFrame(rows, columns=columns)
    groups = list(docs.groupby(by, sort=True, dropna=False)) if by else [((), docs)]
    rows = []
    for key, g in groups:
        key = key if isinstance(key, tuple) else (key,)
        seen: set[str] = set()
        ntok = 0
        for text in g["text"]:
            toks = tokenize(text)
            ntok += len(toks)
            seen.update(toks)
        rows.append((*key, len(g), ntok, len(seen)))
    return pd.DataFrame(rows, columns=columns)


_PROFILES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def script_profile(corpus: Any) -> dict:
    """Whether a Corpus holds Chinese documents (``chinese``: they are segmented
    by the Chinese tokeniser, which the token index does not use) and Han
    characters anywhere (``han``). Computed once per corpus."""
    from framing.text.language import has_han, is_chinese

    try:
        cached = _PROFILES.get(corpus)
    except TypeError:
        cached = None
    if cached is not None and cached[0] is corpus.docs:
        return cached[1]
    docs = corpus.docs
    langs = docs["lang"].tolist() if "lang" in docs.columns else [None] * len(docs)
    out = {"chinese": False, "han": False}
    for text, lang in zip(docs["text"].tolist(), langs):
        if not isinstance(text, str):
            continue
        han = has_han(text)
        out["han"] = out["han"] or han
        given = isinstance(lang, str) and lang.strip() and lang != "auto"
        if (given or han) and is_chinese(text, lang):
            out["chinese"] = True
            break
    try:
        _PROFILES[corpus] = (docs, out)
    except TypeError:
        pass
    return out
