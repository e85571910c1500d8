"""Exact, fast matching of lexicon entries in a corpus; counts and concordances.

Matching semantics
------------------
Texts are matched on their word tokens (:func:`framing.tokenize.tokenize`:
normalised, lower-cased, punctuation dropped), so matching is whole-token,
case-insensitive and blind to white space and line breaks. For every pattern
and every token position, the *longest* match starting there is a candidate.
Then, for each lexicon entry separately:

1. a candidate that overlaps (shares a token with) a match of one of the
   entry's ``exclude`` patterns is dropped;
2. the remaining candidates are taken in order of specificity: longer match
   (in tokens) first, then the pattern with more literal tokens, then the
   pattern written first in the file, then the earlier position; a candidate
   is kept unless it overlaps a candidate kept before it.

So overlapping matches of *one* entry count once, attributed to the most
specific variant, while overlapping matches of *different* entries each
count. The ``start``/``end`` offsets of a match point into the original text.

Two engines find the candidates; both give the same matches, and the tests
compare them with a brute-force token-by-token matcher. The hyperscan engine
(used when the ``hyperscan`` package is installed and the corpus has more
than 2 MB of text) compiles every pattern twice: a loose form scanned over
the prepared text rules out documents without any possible match before
their tokens are built, and an exact form scanned over the space-joined
tokens reports where matches end. The pure-Python engine looks patterns
of literal tokens up by their token sequence at the tokens that start one,
and evaluates every other pattern around its *anchor* (its rarest required
literal token) in the documents that contain all its required literals.

Weighted dictionaries (:class:`framing.WeightedLexicon`) and actor lists
(:class:`framing.tone.sentiment.Actors`) are lexicons too, their terms
patterns with a weight and, for actor names, case-sensitivity; the same
engine (:mod:`framing.lexicon.engine`) finds them, and
:class:`~framing.lexicon.engine.TermMatcher` reads its candidates the way
each counts them (left to right within a category; every mention outside
an exclusion).

Examples
--------
>>> from framing import Corpus
>>> from framing.lexicon.core import Lexicon
>>> lex = Lexicon.from_patterns({
...     "shared_future": ["community of shared future", "shared future"],
...     "win_win": ["win-win (cooperation|results)?"]})
>>> corpus = Corpus.from_texts(
...     ["A community of shared\\nfuture through win-win cooperation.", "No slogans."],
...     source=["CHN", "USA"], year=[2015, 2015])
>>> m = find_matches(corpus, lex)
>>> m[["doc_id", "entry", "form", "start", "end", "token_start"]]
  doc_id          entry                        form  start  end  token_start
0   doc0  shared_future  community of shared future      2   28            1
1   doc0        win_win         win-win cooperation     37   56            6
>>> count_matches(corpus, lex, by="source")[["source", "entry", "n", "tokens", "documents"]]
  source          entry  n  tokens  documents
0    CHN  shared_future  1       8          1
1    CHN        win_win  1       8          1
2    USA  shared_future  0       2          1
3    USA        win_win  0       2          1
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from framing._util import as_list as _as_list
from framing._util import progress as _progress
from framing.corpus.core import Corpus, CorpusError, CorpusStream
from framing.lexicon.core import Lexicon, Pattern, compile_pattern
from framing.lexicon.engine import (
    MATCH_COLUMNS,
    Matcher,
    _batches,
    _entry_or_pattern,
    _zh_matcher,
    as_lexicon,
    kwic_texts,
    scan_texts,
)
from framing.lexicon.indexed import kwic_tokens, scan_tokens
from framing.text.tokenize import count_tokens

__all__ = [
    "MATCH_COLUMNS",
    "Matcher",
    "find_matches",
    "count_matches",
    "counts_from_matches",
    "document_tokens",
    "scan_corpus",
    "kwic",
    "compile_pattern",
    "as_lexicon",
]


def scan_corpus(
    corpus: Corpus | CorpusStream,
    lexicon: Any = None,
    *,
    offsets: bool = True,
    progress: bool = False,
    batch_size: int = 500,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Match a lexicon over a corpus in one pass: ``(matches, doc_tokens)``.

    ``matches`` is the frame of :func:`find_matches`, ``doc_tokens`` that of
    :func:`document_tokens`; one tokenisation per document serves both.
    With ``offsets=False`` the character offsets ``start``/``end`` are left
    missing (no second tokenisation with spans is needed), which is faster
    when only counts are wanted.

    Examples
    --------
    >>> from framing import Corpus, Lexicon
    >>> c = Corpus.from_texts(["A shared future for mankind.",
    ...                        "Win-win cooperation and a shared future."], source=["A", "B"])
    >>> lex = Lexicon.from_patterns({"csf": "shared future", "ww": "win-win"})
    >>> matches, doc_tokens = scan_corpus(c, lex)
    >>> matches[["doc_id", "entry", "form", "start", "end"]]
      doc_id entry           form  start  end
    0   doc0   csf  shared future      2   15
    1   doc1    ww        win-win      0    7
    2   doc1   csf  shared future     26   39
    >>> doc_tokens[["doc_id", "tokens", "source"]]
      doc_id  tokens source
    0   doc0       5      A
    1   doc1       6      B
    """
    lex = as_lexicon(lexicon)
    tk = _index_of(corpus, lex)
    if tk is not None:  # the token index: built once per corpus, cached
        matches, doc_tokens = scan_tokens(tk, lex, offsets=offsets)
        matches.attrs["entries"] = doc_tokens.attrs["entries"] = list(lex.entries)
        return matches, doc_tokens
    return scan_texts(corpus, lex, offsets=offsets, progress=progress, batch_size=batch_size)


def find_matches(
    corpus: Corpus | CorpusStream, lexicon: Any = None, *, progress: bool = False, batch_size: int = 500
) -> pd.DataFrame:
    """One row per occurrence of a lexicon entry in the corpus.

    Parameters
    ----------
    corpus : Corpus or CorpusStream
    lexicon : Lexicon, shipped name, path, Pattern or None (the shipped lexicon)
    progress : bool, default False
        Show a progress bar.

    Returns
    -------
    pandas.DataFrame
        ``doc_id``, ``entry``, ``variant``, ``form`` (the matched tokens),
        ``pattern`` (the pattern that matched), ``start``/``end`` (character
        offsets into the original text), ``token_start``/``token_end``
        (token indices in ``tokenize(text)``), then every metadata column of
        the document. Rows are in corpus order, then by position.

    Examples
    --------
    >>> from framing import Corpus
    >>> c = Corpus.from_texts(["Win-win results and WIN-WIN cooperation"], source=["X"])
    >>> find_matches(c, compile_pattern("win-win *"))[["entry", "form", "start", "end"]]
         entry                 form  start  end
    0  pattern      win-win results      0   15
    1  pattern  win-win cooperation     20   39
    """
    return scan_corpus(corpus, lexicon, progress=progress, batch_size=batch_size)[0]


def document_tokens(
    corpus: Corpus | CorpusStream,
    by: str | Sequence[str] | None = None,
    *,
    progress: bool = False,
    batch_size: int = 500,
    backend: str | None = None,
    n_workers: int | None = None,
) -> pd.DataFrame:
    """Tokens per document, or documents and tokens per group; the denominator for rates.

    Tokens are counted as :func:`~framing.tokenize.count_tokens` counts them.

    Parameters
    ----------
    corpus : Corpus, CorpusStream or ParquetStream
    by : None, a metadata column or a list of them
        ``None``: one row per document with ``doc_id``, ``tokens`` and every
        metadata column, in corpus order. Otherwise one row per group
        (sorted) with the ``by`` columns, ``documents`` and ``tokens``.
    backend : {"serial", "processes", "dask"}, optional
        As in :func:`count_matches`; a Parquet stream of
        ``framing.read_parquet(..., stream=True)`` is then read one row group
        per work unit inside the workers.
    n_workers : int, optional
        Workers of the ``"processes"`` backend (default: all cores).

    Examples
    --------
    >>> from framing import Corpus
    >>> c = Corpus.from_texts(["One two, three.", "", "Four."], source=["A", "B", "A"])
    >>> document_tokens(c)[["doc_id", "tokens", "source"]]
      doc_id  tokens source
    0   doc0       3      A
    1   doc1       0      B
    2   doc2       1      A
    >>> document_tokens(c, by="source", backend="processes", n_workers=2, batch_size=1)
      source  documents  tokens
    0      A          2       4
    1      B          1       0
    """
    from framing.parallel.engine import batch_run

    by = _as_list(by)
    run = batch_run(backend, n_workers, progress, batch_size)
    if run is not None:
        return _tokens_in_batches(corpus, by, run)
    tk = _index_of(corpus)
    if tk is not None:
        meta = tk.meta.reset_index(drop=True)
        meta.insert(1, "tokens", np.asarray(tk.doc_counts, dtype=np.int64))
        return _token_sums(meta, by) if by else meta
    parts = [
        _tokens_map(batch, [])
        for batch in _progress(_batches(corpus, batch_size), progress, None, "tokens", unit="batch")
    ]
    if not parts:
        return _no_tokens(by)
    out = pd.concat(parts, ignore_index=True)
    return _token_sums(out, by) if by else out


def _no_tokens(by: list[str]) -> pd.DataFrame:
    if by:
        return pd.DataFrame(columns=[*by, "documents", "tokens"])
    return pd.DataFrame({"doc_id": pd.Series(dtype=str), "tokens": pd.Series(dtype=np.int64)})


def _token_sums(frame: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """Documents and tokens per group of a per-document token table."""
    missing = [c for c in by if c not in frame.columns]
    if missing:
        meta = [c for c in frame.columns if c not in ("tokens", "documents")]
        raise CorpusError(f"document_tokens: no metadata column(s) {missing}; columns are {meta}")
    if "documents" not in frame.columns:
        frame = frame[by].assign(documents=np.int64(1), tokens=frame["tokens"])
    return frame.groupby(by, sort=True, dropna=False)[["documents", "tokens"]].sum().reset_index()


def _tokens_map(batch: Corpus, by: list[str]) -> pd.DataFrame:
    meta = batch.docs.drop(columns="text").reset_index(drop=True)
    tokens = np.fromiter((count_tokens(t) for t in batch.docs["text"]), dtype=np.int64, count=len(meta))
    meta.insert(1, "tokens", tokens)
    return _token_sums(meta, by) if by else meta


def _tokens_in_batches(data, by: list[str], run: dict):
    """:func:`document_tokens` as a map over batches with an exact merge
    (settings of :func:`framing.parallel.map_batches` in ``run``)."""
    from functools import partial

    from framing.parallel.engine import concat_frames, map_batches

    merge = partial(_merge_token_sums, by=by) if by else concat_frames
    out = map_batches(data, partial(_tokens_map, by=by), merge, **run)
    return _no_tokens(by) if out is None else out


def _merge_token_sums(parts: Sequence[pd.DataFrame], by: list[str]) -> pd.DataFrame:
    from framing.parallel.engine import concat_frames

    return _token_sums(concat_frames(parts), by)


def counts_from_matches(
    matches: pd.DataFrame,
    doc_tokens: pd.DataFrame,
    lexicon: Any = None,
    by: str | Sequence[str] | None = None,
) -> pd.DataFrame:
    """Counts per document (``by=None``) or per group, from :func:`scan_corpus` output.

    With ``by=None``: one row per (doc_id, entry, variant) that occurs, with
    ``n``, the document's ``tokens`` and its metadata. With ``by`` (a
    metadata column or list): one row for every group x entry x variant of
    the lexicon, zeros included, with ``n``, ``tokens`` (all tokens of the
    group) and ``documents`` (documents in the group).
    """
    by = _as_list(by)
    meta_cols = [c for c in doc_tokens.columns if c not in ("doc_id", "tokens")]
    if not by:
        key = ["doc_id", "entry", "variant"]
        if matches.empty:
            n = pd.DataFrame({c: pd.Series(dtype=object) for c in key})
            n["n"] = pd.Series(dtype=np.int64)
        else:
            n = matches.groupby(key, sort=False, observed=True).size().rename("n").reset_index()
        out = n.merge(doc_tokens, on="doc_id", how="left", validate="many_to_one")
        order = {d: i for i, d in enumerate(doc_tokens["doc_id"])}
        entries = list(as_lexicon(lexicon).entries) if lexicon is not None else []
        eorder = {e: i for i, e in enumerate(entries)}
        out["_d"] = out["doc_id"].map(order)
        out["_e"] = out["entry"].map(eorder).fillna(-1)
        out = out.sort_values(["_d", "_e", "variant"], kind="stable").drop(columns=["_d", "_e"])
        return out[[*key, "n", "tokens", *meta_cols]].reset_index(drop=True)
    missing = [c for c in by if c not in doc_tokens.columns]
    if missing:
        raise KeyError(f"no metadata column(s) {missing}; columns are {meta_cols}")
    groups = (
        doc_tokens.groupby(by, sort=True, dropna=False, observed=True)
        .agg(tokens=("tokens", "sum"), documents=("doc_id", "size"))
        .reset_index()
    )
    if lexicon is not None:
        lex = as_lexicon(lexicon)
        pairs = [(e.id, v) for e in lex for v in [*e.variants, *e.zh_variants]]
    else:
        pairs = list(dict.fromkeys(zip(matches["entry"], matches["variant"], strict=True)))
    grid = pd.DataFrame(pairs, columns=["entry", "variant"])
    full = groups.merge(grid, how="cross")
    if matches.empty:
        full["n"] = 0
    else:
        n = (
            matches.groupby([*by, "entry", "variant"], sort=False, dropna=False, observed=True)
            .size()
            .rename("n")
            .reset_index()
        )
        full = full.merge(n, on=[*by, "entry", "variant"], how="left")
        full["n"] = full["n"].fillna(0)
    full["n"] = full["n"].astype(np.int64)
    return full[[*by, "entry", "variant", "n", "tokens", "documents"]]


def count_matches(
    corpus: Corpus | CorpusStream,
    lexicon: Any = None,
    by: str | Sequence[str] | None = None,
    *,
    progress: bool = False,
    batch_size: int = 500,
    backend: str | None = None,
    n_workers: int | None = None,
) -> pd.DataFrame:
    """Occurrence counts per document, or per group of documents.

    Parameters
    ----------
    corpus : Corpus or CorpusStream
    lexicon : Lexicon, shipped name, path, Pattern or None (the shipped lexicon)
    by : None, a metadata column or a list of them
        ``None``: one row per (doc_id, entry, variant) with ``n`` > 0, the
        document's ``tokens`` and its metadata (documents without any match
        are in :func:`document_tokens`). Otherwise one row per group x entry
        x variant, zero counts included, with ``n``, ``tokens`` and
        ``documents`` of the group.
    backend : {"serial", "processes", "dask"}, optional
        Where to count: in this process (reading the corpus's token index),
        or in batches across local processes or a Dask cluster, with
        results equal row for row. Default: the one set with
        :func:`framing.parallel.set_backend` or ``parallel_backend()``
        (``"serial"`` unless set).
    n_workers : int, optional
        Workers of the ``"processes"`` backend (default: all cores).

    Examples
    --------
    >>> from framing import Corpus
    >>> lex = Lexicon.from_patterns({"gdi": "global development initiative"})
    >>> c = Corpus.from_texts(["The Global Development Initiative.", "Nothing."], year=[2021, 2022])
    >>> count_matches(c, lex)[["doc_id", "entry", "variant", "n", "tokens", "year"]]
      doc_id entry variant  n  tokens  year
    0   doc0   gdi     gdi  1       4  2021
    >>> count_matches(c, lex, by="year")
       year entry variant  n  tokens  documents
    0  2021   gdi     gdi  1       4          1
    1  2022   gdi     gdi  0       1          1
    """
    if isinstance(corpus, Corpus) and len(corpus) == 0:
        raise CorpusError(
            "count_matches: the corpus has no documents (was everything skipped "
            "by the reader? see corpus.load_report)"
        )
    from framing.parallel.engine import batch_run

    lex = as_lexicon(lexicon)
    run = batch_run(backend, n_workers, progress, batch_size)
    if run is not None:
        return _count_in_batches(corpus, lex, by, **run)
    matches, doc_tokens = scan_corpus(corpus, lex, offsets=False, progress=progress, batch_size=batch_size)
    out = counts_from_matches(matches, doc_tokens, lex, by=by)
    out.attrs["entries"] = list(lex.entries)
    return out


# --------------------------------------------------------------------------
# Counting in batches: local processes or Dask
# --------------------------------------------------------------------------


def _portable_lexicon(lexicon):
    """The lexicon without its compiled matcher (rebuilt in each worker)."""
    import copy

    lex = copy.copy(as_lexicon(lexicon))
    if "_compiled" in vars(lex):
        del vars(lex)["_compiled"]
    return lex


# lexicons received by this process, by content digest: compiled once per worker
_WORKER_LEXICONS: dict[str, Any] = {}


def _lexicon_digest(lexicon) -> str:
    import hashlib
    import pickle

    return hashlib.blake2b(pickle.dumps(lexicon, protocol=5), digest_size=16).hexdigest()


def _phrase_map(batch: Corpus, lexicon, digest: str, by: list[str]) -> pd.DataFrame:
    if digest not in _WORKER_LEXICONS:
        while len(_WORKER_LEXICONS) >= 4:
            _WORKER_LEXICONS.pop(next(iter(_WORKER_LEXICONS)))
        _WORKER_LEXICONS[digest] = lexicon
    lexicon = _WORKER_LEXICONS[digest]
    return count_matches(batch, lexicon, by=by or None, batch_size=max(len(batch), 1), backend="serial")


def _phrase_group_merge(by: list[str], pairs: list[tuple]):
    rank = {pair: i for i, pair in enumerate(pairs)}

    from framing.parallel.engine import concat_frames

    def merge(parts: Sequence[pd.DataFrame]) -> pd.DataFrame:
        frame = concat_frames(parts)
        if not len(frame):
            return frame
        keys = [*by, "entry", "variant"]
        summed = (
            frame.groupby(keys, sort=True, dropna=False, observed=True)[["n", "tokens", "documents"]]
            .sum()
            .reset_index()
        )
        summed["_pair"] = [rank[p] for p in zip(summed["entry"], summed["variant"], strict=True)]
        summed = summed.sort_values([*by, "_pair"], kind="stable", na_position="last")
        return summed.drop(columns="_pair").reset_index(drop=True)

    return merge


def _count_in_batches(data, lexicon, by, **run) -> pd.DataFrame:
    """:func:`count_matches` as a map over batches of ``data`` (a Corpus,
    CorpusStream or Parquet path) with an exact merge (see
    :func:`framing.parallel.map_batches` for the settings in ``run``)."""
    from functools import partial

    from framing._util import as_list
    from framing.parallel.engine import concat_frames, map_batches

    lex = _portable_lexicon(lexicon)
    by = as_list(by)
    if by:
        pairs = [(e.id, v) for e in lex for v in [*e.variants, *e.zh_variants]]
        merge = _phrase_group_merge(by, pairs)
    else:
        merge = concat_frames
    out = map_batches(
        data, partial(_phrase_map, lexicon=lex, digest=_lexicon_digest(lex), by=by), merge, **run
    )
    if out is None:
        cols = (
            [*by, "entry", "variant", "n", "tokens", "documents"]
            if by
            else ["doc_id", "entry", "variant", "n", "tokens"]
        )
        out = pd.DataFrame(columns=cols)
    out.attrs["entries"] = list(lex.entries)
    return out


# --------------------------------------------------------------------------
# Concordances
# --------------------------------------------------------------------------


def kwic(
    corpus: Corpus | CorpusStream,
    entry_or_pattern: str | Pattern,
    lexicon: Any = None,
    window: int = 8,
    *,
    limit: int | None = None,
    progress: bool = False,
    sort: str | Sequence[str] | None = None,
) -> pd.DataFrame:
    """Keyword-in-context lines for a lexicon entry or an ad-hoc pattern.

    Parameters
    ----------
    entry_or_pattern : str or Pattern
        An entry id of ``lexicon`` (the shipped lexicon when ``lexicon`` is
        None), or else a pattern (see :mod:`framing.lexicon`).
    window : int, default 8
        Tokens of context on each side.
    limit : int, optional
        Stop after this many lines.
    sort : str or list of str, optional
        Sort the lines by the tokens around the match, as concordancers do:
        ``"1L"`` (first token to the left), ``"2L"``, ``"1R"`` (first token
        to the right), ``"match"``; a list sorts by several keys (e.g.
        ``["1R", "2R"]``). Default: corpus order.

    Returns
    -------
    pandas.DataFrame
        ``doc_id``, ``left``, ``match``, ``right`` (original text with white
        space collapsed), ``start``, ``end``, ``entry``, ``variant``, then
        the document metadata.

    Examples
    --------
    >>> from framing import Corpus
    >>> c = Corpus.from_texts(["We  build a community\\nof shared future for mankind today."])
    >>> kwic(c, "community of shared future", window=2)[["left", "match", "right"]]
          left                       match        right
    0  build a  community of shared future  for mankind
    """
    if window < 0:
        raise ValueError("window must be >= 0")
    if isinstance(entry_or_pattern, Pattern):
        lex = Lexicon.from_patterns({"pattern": entry_or_pattern.text})
    else:
        lex = _entry_or_pattern(entry_or_pattern, lexicon)
    tk = _index_of(corpus, lex)
    if tk is not None:  # the token index: built once per corpus, cached
        return kwic_tokens(tk, lex, window, limit=limit, sort=sort)
    if sort:
        raise ValueError("sorting KWIC lines needs a Corpus or its Tokens, not a stream")
    return kwic_texts(corpus, lex, window, limit=limit, progress=progress)


def _index_of(corpus: Any, lexicon: Lexicon | None = None):
    """The token index of a Corpus (built once, cached) or a Tokens as is; else None.

    None too when the lexicon has Chinese patterns and the corpus Han
    characters: those patterns are matched on the characters, not the index.
    """
    from framing.corpus.core import Corpus
    from framing.text.analyses import corpus_tokens, script_profile

    if (
        lexicon is not None
        and isinstance(corpus, Corpus)
        and _zh_matcher(lexicon) is not None
        and script_profile(corpus)["han"]
    ):
        return None
    return corpus_tokens(corpus)
