"""N-gram and cluster lists, and a dispersion plot of hits, from the token index.

:func:`ngrams` lists every sequence of ``n`` consecutive tokens (inside a
document) with its frequency and its range (the number of documents it occurs
in), as the N-grams tool of a concordancer does. :func:`clusters` lists the
sequences that begin (``side="left"``) or end (``side="right"``) with a
match of a search term, the term written in the lexicon pattern language.
:func:`plot_hits` draws where the matches of terms fall over the running
corpus.

Examples
--------
>>> from framing import Corpus
>>> c = Corpus.from_texts(["a shared future for a shared world",
...                        "the shared future of mankind"])
>>> ngrams(c, 2, min_freq=2)
           ngram  freq  range
0  shared future     2      2
1       a shared     2      1
>>> clusters(c, "shared", size=2)
          cluster  freq  range
0   shared future     2      2
1    shared world     1      1
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from framing.text.index import Tokens, tokens

__all__ = ["clusters", "ngrams", "plot_hits"]


def _as_tokens(corpus: Any) -> Tokens:
    return corpus if isinstance(corpus, Tokens) else tokens(corpus)


def _sizes(n) -> list[int]:
    sizes = list(range(n[0], n[1] + 1)) if isinstance(n, tuple) else [int(n)]
    if not sizes or min(sizes) < 1:
        raise ValueError(f"n-gram sizes must be >= 1, not {n!r}")
    return sizes


def _gram_keys(
    ids: np.ndarray, doc_of: np.ndarray, n: int, valid: np.ndarray | None
) -> tuple[np.ndarray, np.ndarray]:
    """Start positions of n-grams inside one document and a factorised key of each."""
    total = len(ids)
    if total < n:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    starts = np.arange(total - n + 1)
    ok = doc_of[starts] == doc_of[starts + n - 1]
    if valid is not None:
        bad = ~valid
        run = np.zeros(total - n + 1, dtype=bool)
        for j in range(n):
            run |= bad[starts + j]
        ok &= ~run
    starts = starts[ok]
    key = ids[starts].astype(np.int64)
    for j in range(1, n):
        # combine pairwise through factorisation so keys never overflow
        pair = key * (int(ids.max()) + 1) + ids[starts + j]
        key = pd.factorize(pair)[0].astype(np.int64)
    return starts, key


def ngrams(
    corpus,
    n: int | tuple[int, int] = 2,
    *,
    min_freq: int = 1,
    min_range: int = 1,
    lower: bool = True,
    stopwords=None,
    top: int | None = None,
) -> pd.DataFrame:
    """Every n-gram of the corpus with its frequency and range.

    Parameters
    ----------
    corpus : Corpus or Tokens
    n : int or (min, max), default 2
        N-gram size, or a range of sizes.
    min_freq, min_range : int
        Keep n-grams occurring at least this often / in at least this many
        documents.
    lower : bool, default True
        Lower-cased tokens (else original case).
    stopwords : None, True or collection of str
        Leave out n-grams that contain a stop word (``True``:
        :data:`framing.text.tokenize.STOPWORDS`).
    top : int, optional
        Only the ``top`` most frequent.

    Returns
    -------
    pandas.DataFrame
        ``ngram`` (tokens joined by a space), ``freq``, ``range``
        (documents), plus ``n`` when several sizes are asked for; sorted by
        frequency, then range, then n-gram.

    Examples
    --------
    >>> from framing import Corpus
    >>> c = Corpus.from_texts(["We build a shared future. A shared future for mankind.",
    ...                        "The shared future of mankind and win-win cooperation.",
    ...                        "Win-win cooperation is our goal."])
    >>> ngrams(c, (2, 3), min_freq=2)
                     ngram  n  freq  range
    0        shared future  2     3      2
    1  win-win cooperation  2     2      2
    2             a shared  2     2      1
    3      a shared future  3     2      1
    >>> ngrams(c, 2, stopwords=True, top=2)["ngram"].tolist()
    ['shared future', 'win-win cooperation']
    """
    tk = _as_tokens(corpus)
    ids, vocab = tk.stream(lower)
    ids = np.asarray(ids)
    doc_of = tk.doc_of_token
    valid = None
    if stopwords:
        from framing.text.tokenize import STOPWORDS

        stop = STOPWORDS if stopwords is True else frozenset(w.lower() if lower else w for w in stopwords)
        bad = np.array([w in stop for w in vocab.tolist()], dtype=bool)
        valid = ~bad[ids] if len(ids) else np.zeros(0, bool)
    sizes = _sizes(n)
    frames = []
    for size in sizes:
        starts, key = _gram_keys(ids, doc_of, size, valid)
        if len(key) == 0:
            continue
        freq = np.bincount(key)
        keep_keys = np.flatnonzero(freq >= max(min_freq, 1))
        if len(keep_keys) == 0:
            continue
        sel = np.isin(key, keep_keys)
        key_s, doc_s, start_s = key[sel], doc_of[starts[sel]].astype(np.int64), starts[sel]
        pairs = pd.DataFrame({"k": key_s, "d": doc_s}).drop_duplicates()
        rng = np.bincount(pairs["k"].to_numpy(), minlength=len(freq))
        keep_keys = keep_keys[rng[keep_keys] >= max(min_range, 1)]
        if len(keep_keys) == 0:
            continue
        # one example position per kept key gives its tokens
        first = np.full(len(freq), -1, dtype=np.int64)
        first[key_s[::-1]] = start_s[::-1]
        pos = first[keep_keys]
        words = [vocab[ids[p : p + size]].tolist() for p in pos.tolist()]
        frame = pd.DataFrame(
            {
                "ngram": [" ".join(w) for w in words],
                "freq": freq[keep_keys].astype(np.int64),
                "range": rng[keep_keys].astype(np.int64),
            }
        )
        if len(sizes) > 1:
            frame.insert(1, "n", size)
        frames.append(frame)
    cols = ["ngram", *(["n"] if len(sizes) > 1 else []), "freq", "range"]
    if not frames:
        return pd.DataFrame({c: pd.Series(dtype=object if c == "ngram" else np.int64) for c in cols})
    out = pd.concat(frames, ignore_index=True)
    out = out.sort_values(
        ["freq", "range", "ngram"], ascending=[False, False, True], kind="stable"
    ).reset_index(drop=True)
    if top is not None:
        out = out.head(top)
    return out[cols]


def clusters(
    corpus,
    term: str,
    size: int | tuple[int, int] = (2, 4),
    *,
    side: str = "left",
    lexicon=None,
    min_freq: int = 1,
    min_range: int = 1,
) -> pd.DataFrame:
    """Clusters: the word sequences that start or end with a search term.

    Parameters
    ----------
    corpus : Corpus or Tokens
    term : str
        A lexicon entry id or a pattern (wildcards allowed, see
        :mod:`framing.lexicon`), matched as :func:`framing.kwic` matches it.
    size : int or (min, max), default (2, 4)
        Cluster length in tokens, the match included (a cluster shorter than
        a match is not formed).
    side : {"left", "right"}
        ``"left"``: the term begins the cluster (the words after it);
        ``"right"``: the term ends it (the words before it).
    min_freq, min_range : int
        Keep clusters occurring at least this often / in this many documents.

    Returns
    -------
    pandas.DataFrame
        ``cluster``, ``freq``, ``range``, plus ``size`` when several sizes
        are asked for; sorted by frequency, range, cluster.

    Examples
    --------
    >>> from framing import Corpus
    >>> c = Corpus.from_texts(["We build a shared future. A shared future for mankind.",
    ...                        "The shared future of mankind and win-win cooperation."])
    >>> clusters(c, "shared", size=3)
                 cluster  freq  range
    0    shared future a     1      1
    1  shared future for     1      1
    2   shared future of     1      1
    >>> clusters(c, "mankind", size=2, side="right")["cluster"].tolist()
    ['for mankind', 'of mankind']
    """
    from framing.lexicon.core import Lexicon, Pattern
    from framing.lexicon.engine import _entry_or_pattern
    from framing.lexicon.indexed import match_tokens

    if side not in ("left", "right"):
        raise ValueError(f"side must be 'left' or 'right', not {side!r}")
    tk = _as_tokens(corpus)
    lex = (
        Lexicon.from_patterns({"pattern": term.text})
        if isinstance(term, Pattern)
        else _entry_or_pattern(term, lexicon)
    )
    found = match_tokens(tk, lex)
    sizes = _sizes(size)
    offsets = np.asarray(tk.doc_offsets)
    stream, norms = tk.norm_ids, tk.norms
    rows = []
    if len(found):
        base = offsets[found["doc"].to_numpy()]
        lo_doc = base
        hi_doc = offsets[found["doc"].to_numpy() + 1]
        gs = base + found["token_start"].to_numpy()
        ge = base + found["token_end"].to_numpy()
        docs = found["doc"].to_numpy()
        for s in sizes:
            if side == "left":
                a, b = gs, gs + s
                ok = (b >= ge) & (b <= hi_doc)
            else:
                a, b = ge - s, ge
                ok = (a <= gs) & (a >= lo_doc)
            for x, y, d in zip(a[ok].tolist(), b[ok].tolist(), docs[ok].tolist(), strict=True):
                rows.append((" ".join(norms[stream[x:y]].tolist()), s, d))
    cols = ["cluster", *(["size"] if len(sizes) > 1 else []), "freq", "range"]
    if not rows:
        return pd.DataFrame({c: pd.Series(dtype=object if c == "cluster" else np.int64) for c in cols})
    frame = pd.DataFrame(rows, columns=["cluster", "size", "doc"])
    out = (
        frame.groupby(["cluster", "size"], sort=False)
        .agg(freq=("doc", "size"), range=("doc", "nunique"))
        .reset_index()
    )
    out = out[(out["freq"] >= min_freq) & (out["range"] >= min_range)]
    out = out.sort_values(
        ["freq", "range", "cluster"], ascending=[False, False, True], kind="stable"
    ).reset_index(drop=True)
    out["freq"] = out["freq"].astype(np.int64)
    out["range"] = out["range"].astype(np.int64)
    return out[cols]


def plot_hits(
    corpus,
    terms: str | Sequence[str],
    *,
    lexicon=None,
    boundaries: str | None = None,
    order: str | Sequence[str] | None = None,
    ax=None,
    title: str | None = None,
):
    """Dispersion plot: where the matches of each term fall over the running corpus.

    One row per term (a lexicon entry id or a pattern), one tick per match at
    its token position, documents laid end to end in corpus order (or sorted
    by ``order``); ``boundaries`` (e.g. ``"year"``) marks where that column
    changes. Uses :func:`framing.plot_dispersion`.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> from framing import Corpus
    >>> c = Corpus.from_texts(["We build a shared future. A shared future for mankind.",
    ...                        "The shared future of mankind and win-win cooperation.",
    ...                        "Win-win cooperation is our goal."], year=[2020, 2021, 2022])
    >>> fig = plot_hits(c, ["shared future", "win-win"], boundaries="year")
    >>> [t.get_text() for t in fig.axes[0].get_yticklabels()]
    ['shared future', 'win-win']
    >>> len(fig.axes[0].collections[0].get_segments())  # one tick per match
    5
    """
    from framing.lexicon.engine import _entry_or_pattern
    from framing.lexicon.indexed import scan_tokens
    from framing.slogans.plots import plot_dispersion

    tk = _as_tokens(corpus)
    terms = [terms] if isinstance(terms, str) else list(terms)
    parts = []
    doc_tokens = None
    for term in terms:
        lex = _entry_or_pattern(term, lexicon)
        matches, doc_tokens = scan_tokens(tk, lex, offsets=False)
        matches = matches.assign(entry=term)
        parts.append(matches)
    matches = pd.concat(parts, ignore_index=True)
    return plot_dispersion(
        matches, doc_tokens, entries=terms, order=order, boundaries=boundaries, ax=ax, title=title
    )
