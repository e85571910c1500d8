"""Counting analyses as a map over batches with an exact merge (see :mod:`framing.parallel`)."""

from __future__ import annotations

import os
from functools import partial

import numpy as np
import pandas as pd

from framing.corpus.core import Corpus, CorpusError
from framing.errors import ParallelError
from framing.parallel.engine import (
    _group_sums,
    concat_frames,
    map_batches,
)

__all__ = ["keyness", "phrase_counts", "sentiment_scores", "term_counts", "token_counts"]


def _as_list(by) -> list[str]:
    if by is None:
        return []
    if isinstance(by, str):
        return [by]
    if isinstance(by, (list, tuple)) and all(isinstance(b, str) for b in by):
        return list(by)
    raise ParallelError("by must be a metadata column name or a list of names")


def _tokens_map(batch: Corpus, by: list[str]) -> pd.DataFrame:
    from framing.text.tokenize import count_tokens

    meta = batch.meta.reset_index(drop=True)
    missing = [c for c in by if c not in meta.columns]
    if missing:
        raise ParallelError(f"no metadata columns {missing}; columns are {list(meta.columns)}")
    tokens = np.fromiter((count_tokens(t) for t in batch.docs["text"]), dtype=np.int64, count=len(meta))
    if not by:
        meta["tokens"] = tokens
        return meta
    frame = meta[by].copy()
    frame["documents"] = np.ones(len(frame), dtype=np.int64)
    frame["tokens"] = tokens
    return frame.groupby(by, sort=True, dropna=False)[["documents", "tokens"]].sum().reset_index()


def _check_unique_ids(path, filters, columns) -> None:
    """A ``doc_id`` repeated in a Parquet dataset is an error, as in
    :func:`framing.read_parquet` (group sums would count it twice)."""
    import pyarrow.dataset as ds

    from framing.corpus.readers import _filters_to_expression

    source = next((k for k, v in dict(columns or {}).items() if v == "doc_id"), "doc_id")
    try:
        dataset = ds.dataset(path, format="parquet", partitioning="hive")
        if source not in dataset.schema.names:
            return
        ids = dataset.to_table(columns=[source], filter=_filters_to_expression(filters))
    except (OSError, ValueError, TypeError):
        return  # the run itself reports an unreadable dataset
    values = ids.column(0).to_pandas().astype(str)
    dup = values[values.duplicated(keep=False)]
    if len(dup):
        raise CorpusError(
            f"{path}: duplicate doc_id values (in different batches or partitions): {sorted(set(dup))[:10]}"
        )


def token_counts(data, by=None, **run) -> pd.DataFrame:
    """Word tokens per document, or documents and tokens per group.

    Tokens are counted with :func:`framing.text.tokenize.count_tokens`.

    Parameters
    ----------
    data : Corpus, CorpusStream or Parquet path
    by : str or list of str, optional
        Metadata columns to group by; without it, one row per document.
    **run
        Execution settings of :func:`map_batches` (``backend``, ``client``,
        ``n_workers``, ``batch_size``, ``filters``, ``progress`` ...).

    Returns
    -------
    pandas.DataFrame
        Per document: the metadata and ``tokens``, in corpus order. Per
        group: the ``by`` columns (sorted), ``documents`` and ``tokens``.

    Examples
    --------
    >>> from framing import Corpus
    >>> c = Corpus.from_texts(["Win-win cooperation.", "U.S. policy"], source=["CGTN", "BBC"])
    >>> token_counts(c)[["doc_id", "source", "tokens"]]
      doc_id source  tokens
    0   doc0   CGTN       2
    1   doc1    BBC       2
    """
    by = _as_list(by)
    if isinstance(data, (str, os.PathLike)) and by:
        _check_unique_ids(data, run.get("filters"), run.get("columns"))
    merge = _group_sums(by, ["documents", "tokens"]) if by else concat_frames
    out = map_batches(data, partial(_tokens_map, by=by), merge, **run)
    if out is None:
        cols = by + ["documents", "tokens"] if by else ["doc_id", "tokens"]
        return pd.DataFrame(columns=cols)
    if not by:
        dup = out["doc_id"].duplicated(keep=False)
        if dup.any():
            names = sorted(set(out.loc[dup, "doc_id"].astype(str)))
            raise CorpusError(
                f"{getattr(data, 'name', None) or data}: duplicate doc_id values "
                f"(in different batches or partitions): {names[:10]}"
            )
    return out


def term_counts(
    data, by="source", unit: str = "token", stopwords=None, min_count: int = 1, *, lower: bool = True, **run
):
    """Term-by-group counts, as :func:`framing.compare.keyness.count_terms`, batch by batch.

    Parameters
    ----------
    data : Corpus, CorpusStream or Parquet path
    by : str, list of str or None
        Metadata column(s) defining the groups (labels per document are not
        accepted here: they would not follow the documents into the workers).
    unit, stopwords, min_count, lower
        As in :func:`framing.compare.keyness.count_terms`; stop words and
        ``min_count`` apply after the counts of all batches are summed.
    **run
        Execution settings of :func:`map_batches`.

    Returns
    -------
    framing.compare.keyness.TermCounts
        Equal to ``count_terms(corpus, ...)`` on the whole corpus.

    Examples
    --------
    >>> from framing import Corpus
    >>> c = Corpus.from_texts(["peace and peace", "war", "peace talks"], source=["A", "B", "B"])
    >>> tc = term_counts(c, by="source", stopwords=True, batch_size=1)
    >>> tc.terms.tolist(), tc.column("B").tolist(), tc.totals.tolist()
    (['peace', 'talks', 'war'], [1, 1, 1], [3, 3])
    """
    from framing.compare.keyness import CompareError

    if (
        by is not None
        and not isinstance(by, str)
        and not (isinstance(by, (list, tuple)) and all(isinstance(b, str) for b in by))
    ):
        raise CompareError("by must be a metadata column name, a list of names or None here")
    if unit not in ("token", "document"):
        raise CompareError(f"unit must be 'token' or 'document', not {unit!r}")
    if min_count < 0:
        raise CompareError("min_count must be >= 0")
    from framing.compare.keyness import _filter_term_counts, _term_counts_in_batches

    tc = _term_counts_in_batches(data, by=by, unit=unit, lower=lower, **run)
    return _filter_term_counts(tc, stopwords, min_count, lower)


_RUN_KEYS = (
    "backend",
    "client",
    "n_workers",
    "batch_size",
    "filters",
    "columns",
    "retries",
    "progress",
    "report",
)


def keyness(
    data,
    by="source",
    target=None,
    reference=None,
    method: str = "G2",
    *,
    unit: str = "token",
    lower: bool = True,
    **kwargs,
) -> pd.DataFrame:
    """Keyness of terms (:func:`framing.compare.keyness`) with counts from :func:`term_counts`.

    Execution settings of :func:`map_batches` (``backend``, ``client``,
    ``n_workers``, ``batch_size``, ``filters`` ...) go with the other keyword
    arguments; every remaining one goes to :func:`framing.compare.keyness`.
    The table equals ``framing.compare.keyness(corpus, ...)``.

    Examples
    --------
    >>> from framing import Corpus
    >>> corpus = Corpus.from_texts(
    ...     ["win-win cooperation and shared future", "win-win cooperation",
    ...      "freedom and democracy", "democracy and rights"],
    ...     source=["CHN", "CHN", "USA", "USA"])
    >>> k = keyness(corpus, by="source", target="CHN", batch_size=1)
    >>> k[["term", "count_target", "count_reference"]].head(2)
              term  count_target  count_reference
    0  cooperation             2                0
    1      win-win             2                0
    """
    from framing.compare.keyness import keyness as _keyness

    run = {k: kwargs.pop(k) for k in _RUN_KEYS if k in kwargs}
    tc = term_counts(data, by=by, unit=unit, lower=lower, **run)
    return _keyness(
        tc, by=by, target=target, reference=reference, method=method, unit=unit, lower=lower, **kwargs
    )


def _sentiment_map(batch: Corpus, method, threshold: float, normalize: bool) -> pd.DataFrame:
    from framing.tone.sentiment import score_documents

    return score_documents(batch, method, threshold=threshold, normalize=normalize)


def sentiment_scores(
    data, method="vader", *, threshold: float | None = None, normalize: bool = False, **run
) -> pd.DataFrame:
    """Document sentiment or dictionary scores (:func:`framing.tone.sentiment.score_documents`).

    Parameters
    ----------
    data : Corpus, CorpusStream or Parquet path
    method : "vader" or a weighted dictionary of :mod:`framing.tone.sentiment`
        VADER, or dictionary scores (the dictionary is sent to the workers).
    threshold, normalize
        As in :func:`framing.tone.sentiment.score_documents`.
    **run
        Execution settings of :func:`map_batches`.

    Returns
    -------
    pandas.DataFrame
        One row per document in corpus order, equal to
        ``score_documents(corpus, method, ...)``.

    Examples
    --------
    >>> import pandas as pd
    >>> docs = pd.DataFrame({"doc_id": ["a", "b"], "year": [2020, 2021],
    ...                      "text": ["Peace is good. War is bad. We met.", "A fine day."]})
    >>> from framing import Corpus
    >>> sentiment_scores(Corpus(docs), batch_size=1)[["doc_id", "n_sentences", "year"]]
      doc_id  n_sentences  year
    0      a            3  2020
    1      b            1  2021
    """
    from framing.tone.sentiment import POSITIVE_THRESHOLD

    thr = POSITIVE_THRESHOLD if threshold is None else threshold
    out = map_batches(
        data, partial(_sentiment_map, method=method, threshold=thr, normalize=normalize), concat_frames, **run
    )
    return out if out is not None else pd.DataFrame(columns=["doc_id", "n_sentences"])


def phrase_counts(data, lexicon=None, by=None, **run) -> pd.DataFrame:
    """Slogan and phrase counts (:func:`framing.lexicon.matcher.count_matches`), batch by batch.

    Parameters
    ----------
    data : Corpus, CorpusStream or Parquet path
    lexicon : Lexicon, shipped name, path, Pattern or None (the shipped lexicon)
    by : None, a metadata column or a list of them
        As in :func:`framing.lexicon.matcher.count_matches`: per document and
        variant with ``n > 0``, or per group x entry x variant (zeros
        included) with ``n``, ``tokens`` and ``documents``.
    **run
        Execution settings of :func:`map_batches`.

    Returns
    -------
    pandas.DataFrame
        Equal, row for row, to ``count_matches(corpus, lexicon, by=by)``.

    Examples
    --------
    >>> from framing import Corpus
    >>> from framing.lexicon.core import Lexicon
    >>> lex = Lexicon.from_patterns({"gdi": "global development initiative"})
    >>> c = Corpus.from_texts(["The Global Development Initiative.", "Nothing."], year=[2021, 2022])
    >>> phrase_counts(c, lex, by="year", batch_size=1)
       year entry variant  n  tokens  documents
    0  2021   gdi     gdi  1       4          1
    1  2022   gdi     gdi  0       1          1
    """
    from framing.lexicon.matcher import _count_in_batches

    return _count_in_batches(data, lexicon, by, **run)
