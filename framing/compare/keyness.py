"""Comparing groups of documents: term counts, keyness and collocations.

Three layers, each usable on its own:

* :func:`document_term_counts` tokenises a corpus once (with
  :func:`framing.text.tokenize.tokenize`) into a sparse document-by-term count
  matrix that keeps the document metadata (a
  :class:`~framing.text.matrix.DocumentTermMatrix`). The result is cached in memory by
  a fingerprint of the texts, so repeated comparisons on the same corpus do
  not tokenise again.
* :func:`count_terms` sums those counts into a term-by-group table
  (:class:`TermCounts`), in tokens or in documents.
* :func:`keyness` compares a target group with the rest, with another group,
  with every other group or with a reference frequency list, and returns one
  tidy row per group and term with several keyness statistics side by side.
  :func:`collocates` scores the words around a node word or phrase.

Keyness statistics
------------------
For one term, write ``a`` and ``b`` for its frequency in the target and the
reference, and ``C`` and ``D`` for the sizes of target and reference (tokens,
or documents when ``unit="document"``); ``N = C + D``.

``G2`` (log-likelihood, Dunning 1993)
    The log-likelihood ratio statistic of the full 2x2 contingency table
    ``[[a, b], [C - a, D - b]]``: ``G2 = 2 * sum(O * ln(O / E))`` over the four
    cells, with expected values ``E = row total * column total / N`` and
    ``0 * ln 0 = 0``. It is signed: negative when the term is relatively less
    frequent in the target than in the reference (``a / C < b / D``).
    ``p_value`` is the upper tail of the chi-squared distribution with one
    degree of freedom at ``|G2|``. With ``g2="two-cell"`` the statistic is the
    two-term form popularised by Rayson & Garside (2000), which sums over the
    first row only: ``2 * (a ln(a / E1) + b ln(b / E2))`` with
    ``E1 = C (a + b) / N`` and ``E2 = D (a + b) / N``.
``log_ratio`` (Hardie 2014)
    ``log2((a / C) / (b / D))``, the binary log of the ratio of relative
    frequencies; a zero frequency is replaced by 0.5 before dividing. One
    point means twice as frequent.
``lrc`` (conservative log ratio)
    The bound of the confidence interval of the log ratio that is closest to
    zero, and 0 when the interval includes zero. The interval is exact
    (Clopper-Pearson): conditional on ``a + b``, ``a`` is binomial with
    proportion ``pi = C r / (C r + D)`` where ``r`` is the ratio of relative
    frequencies, so the Clopper-Pearson interval ``[pi_lo, pi_hi]`` of
    ``a / (a + b)`` maps to ``log2(pi / (1 - pi) * D / C)``. Zero counts need
    no correction. ``conf_level`` sets the confidence level (0.95); with
    ``correction="bonferroni"`` the two-sided error rate ``1 - conf_level`` is
    divided by the number of terms compared (or by ``n_tests``).
``pct_diff`` (%DIFF, Gabrielatos & Marchi 2012)
    ``100 * (NF_t - NF_r) / NF_r`` with normalised frequencies per million
    (per hundred documents for ``unit="document"``); with a zero reference
    frequency it is infinite (``inf``): the term is absent from the reference,
    and no finite number (Gabrielatos & Marchi's ``1e-18`` stand-in gives
    values such as ``3e+23``) would mean anything. Sort by ``log_ratio`` or
    ``lrc`` to rank such terms.
``delta`` and ``z`` (Monroe, Colaresi & Quinn 2008, "Fightin' Words")
    The weighted log-odds ratio with an informative Dirichlet prior. The
    prior for term ``w`` is ``alpha_w = alpha0 * y_w / n`` where ``y_w / n``
    is the term's relative frequency in the whole corpus (all groups; target
    plus reference for an external reference list):
    ``delta = ln((a + alpha_w) / (C + alpha0 - a - alpha_w))
    - ln((b + alpha_w) / (D + alpha0 - b - alpha_w))``,
    ``var = 1 / (a + alpha_w) + 1 / (b + alpha_w)`` and
    ``z = delta / sqrt(var)``. The weight ``alpha0`` (default 1000 pseudo
    tokens) matters most for terms missing from one side: with a small
    ``alpha0`` the term ``1 / (0 + alpha_w)`` dominates their variance and
    their ``z`` stays modest however frequent they are on the other side; a
    larger ``alpha0`` shrinks ``delta`` towards zero but lets such terms
    reach larger ``z``. Report the value used.

``rate_target`` and ``rate_reference`` are the normalised frequencies (per
million tokens, or per hundred documents for ``unit="document"``).
With ``unit="document"`` every statistic is computed from document
frequencies: ``a`` is the number of target documents containing the term and
``C`` the number of target documents.

Collocation statistics
----------------------
See :func:`collocates`.

References
----------
Dunning, T. (1993). Accurate methods for the statistics of surprise and
coincidence. Computational Linguistics 19(1).
Rayson, P. & Garside, R. (2000). Comparing corpora using frequency profiling.
Workshop on Comparing Corpora, ACL.
Hardie, A. (2014). Log Ratio: an informal introduction. CASS, Lancaster.
Gabrielatos, C. & Marchi, A. (2012). Keyness: appropriate metrics and
practical issues. CADS International Conference, Bologna.
Monroe, B. L., Colaresi, M. P. & Quinn, K. M. (2008). Fightin' words.
Political Analysis 16(4).
Evert, S. (2008). Corpora and collocations. In Corpus Linguistics. An
International Handbook.
Rychly, P. (2008). A lexicographer-friendly association score. RASLAN.

Examples
--------
>>> from framing import Corpus
>>> from framing.compare.keyness import keyness
>>> corpus = Corpus.from_texts(
...     ["win-win cooperation and shared future", "win-win cooperation",
...      "freedom and democracy", "democracy and rights"],
...     source=["CHN", "CHN", "USA", "USA"])
>>> k = keyness(corpus, by="source", target="CHN")
>>> k[["group", "term", "count_target", "count_reference"]].head(2)
  group         term  count_target  count_reference
0   CHN  cooperation             2                0
1   CHN      win-win             2                0
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
from collections import Counter, OrderedDict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp
from scipy import stats
from sklearn.base import BaseEstimator

from framing.corpus.core import require_documents
from framing.corpus.grouping import columns_holding
from framing.errors import CompareError
from framing.intervals import clopper_pearson
from framing.text.casing import case_terms, case_tokens
from framing.text.matrix import DocumentTermMatrix
from framing.text.tokenize import STOPWORDS, tokenize

__all__ = [
    "CompareError",
    "DocumentTermCounts",
    "TermCounts",
    "document_term_counts",
    "count_terms",
    "keyness",
    "Keyness",
    "keyness_statistics",
    "log_likelihood_2x2",
    "clopper_pearson",
    "collocates",
    "collocation_statistics",
    "clear_cache",
    "bin_labels",
]

KEYNESS_METHODS = ("G2", "log_ratio", "lrc", "pct_diff", "z", "delta")
COLLOCATION_METHODS = ("log_likelihood", "MI", "t_score", "log_dice", "observed")
PCT_DIFF_ZERO = 1e-18


# --------------------------------------------------------------------------
# Document-term counts
# --------------------------------------------------------------------------


DocumentTermCounts = DocumentTermMatrix  # the name of the counts in this module


_CACHE: OrderedDict[tuple, DocumentTermMatrix] = OrderedDict()
_CACHE_SIZE = 4


def clear_cache() -> None:
    """Forget the document-term counts cached by :func:`document_term_counts`."""
    _CACHE.clear()


def _docs_of(corpus) -> pd.DataFrame | None:
    if isinstance(corpus, pd.DataFrame):
        return corpus
    docs = getattr(corpus, "docs", None)
    return docs if isinstance(docs, pd.DataFrame) else None


def _fingerprint(docs: pd.DataFrame, lower: bool) -> tuple:
    h = hashlib.blake2b(digest_size=20)
    ids = docs["doc_id"] if "doc_id" in docs.columns else pd.Series(range(len(docs)))
    for doc_id, text in zip(ids, docs["text"], strict=True):
        h.update(str(doc_id).encode("utf-8", "surrogatepass"))
        h.update(b"\x00")
        h.update(text.encode("utf-8", "surrogatepass"))
        h.update(b"\x01")
    return (h.hexdigest(), len(docs), lower, None if _MERGER is None else _MERGER.key)


def _iter_frames(corpus, batch_size: int = 2000):
    docs = _docs_of(corpus)
    if docs is not None:
        yield docs
        return
    if hasattr(corpus, "iter_batches"):
        for batch in corpus.iter_batches(batch_size):
            yield batch.docs
        return
    raise CompareError(
        f"expected a Corpus, CorpusStream or DataFrame with a 'text' column, got {type(corpus).__name__}"
    )


class _Vocabulary(dict):
    """Term -> id mapping that numbers unseen terms on lookup."""

    def __missing__(self, term: str) -> int:
        new_id = self[term] = len(self)
        return new_id


# The phrase merger of the running keyness/collocates call (phrases=), if any;
# forked counting workers inherit it.
_MERGER = None


def _terms(text: str, lower: bool) -> list[str]:
    """Tokens of ``text``: with ``lower``, lower-cased except acronyms
    (:mod:`framing.text.casing`: "US" stays apart from "us"); phrases merged
    when a ``phrases=`` option is in force."""
    tokens = case_tokens(text) if lower else tokenize(text, lower=False)
    if _MERGER is not None:
        tokens = _MERGER.transform(tokens)
    return tokens


@contextlib.contextmanager
def _merging(data, phrases, lower: bool):
    """Merge the phrases of a ``phrases=`` option while counting ``data``."""
    global _MERGER
    from framing.lexicon.phrase_terms import phrase_merger

    def documents():
        for frame in _iter_frames(data):
            for text in frame["text"]:
                yield case_tokens(text) if lower else tokenize(text, lower=False)

    merger = phrase_merger(phrases, documents())
    previous, _MERGER = _MERGER, merger
    try:
        yield merger
    finally:
        _MERGER = previous


def _count_texts(texts: Sequence[str], lower: bool, vocab: _Vocabulary | None = None):
    """Token counts of ``texts`` as CSR pieces.

    Returns ``(terms, ids, values, indptr, n_tokens)``. Term ids index into
    ``vocab`` when one is given (``terms`` is then ``None``), else into a new
    local vocabulary returned as the list ``terms``.
    """
    local = vocab is None
    if local:
        vocab = _Vocabulary()
    assert vocab is not None  # a new one when none was given
    keys: list[str] = []
    values: list[int] = []
    indptr = np.zeros(len(texts) + 1, dtype=np.int64)
    n_tokens = np.zeros(len(texts), dtype=np.int64)
    for i, text in enumerate(texts):
        tokens = _terms(text, lower)
        counts = Counter(tokens)
        keys.extend(counts.keys())
        values.extend(counts.values())
        indptr[i + 1] = len(keys)
        n_tokens[i] = len(tokens)
    ids = np.fromiter(map(vocab.__getitem__, keys), dtype=np.int32, count=len(keys))
    vals = np.fromiter(values, dtype=np.int32, count=len(values))
    return (list(vocab) if local else None), ids, vals, indptr, n_tokens


_SHARED_TEXTS: pd.Series | None = None


def _count_slice(bounds: tuple[int, int, bool]):
    start, stop, lower = bounds
    assert _SHARED_TEXTS is not None  # set by _count_chunks before the workers fork
    return _count_texts(_SHARED_TEXTS.iloc[start:stop].tolist(), lower)


def _count_chunks(texts: pd.Series, lower: bool, n_jobs: int, vocab: _Vocabulary, chunk_size: int = 250):
    """Yield count pieces of consecutive chunks of the ``texts`` column, in order.

    Texts are turned into Python strings one chunk at a time, so a large
    Arrow-backed text column is never copied as a whole. Serially, ids refer
    to ``vocab`` directly; pieces from worker processes carry their own
    vocabulary.
    """
    if n_jobs == 1 or len(texts) < 2 * chunk_size:
        for start in range(0, len(texts), chunk_size):
            yield _count_texts(texts.iloc[start : start + chunk_size].tolist(), lower, vocab)
        return
    import multiprocessing as mp
    import os
    from concurrent.futures import ProcessPoolExecutor

    global _SHARED_TEXTS
    if "fork" not in mp.get_all_start_methods():
        yield from _count_chunks(texts, lower, 1, vocab, chunk_size)
        return
    workers = (os.cpu_count() or 1) if n_jobs < 0 else n_jobs
    bounds = [(s, min(s + chunk_size, len(texts)), lower) for s in range(0, len(texts), chunk_size)]
    _SHARED_TEXTS = texts  # inherited by the forked workers, not pickled
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=mp.get_context("fork")) as pool:
            yield from pool.map(_count_slice, bounds)
    finally:
        _SHARED_TEXTS = None


def _check_texts(frame: pd.DataFrame) -> None:
    col = frame["text"]
    if pd.api.types.is_string_dtype(col) and not isinstance(col.dtype, np.dtype):
        bad = col.isna().to_numpy()
    else:
        bad = ~col.map(lambda t: isinstance(t, str)).to_numpy(dtype=bool)
    if bad.any():
        ids = frame["doc_id"] if "doc_id" in frame.columns else pd.Series(range(len(frame)))
        first = int(np.flatnonzero(bad)[0])
        raise CompareError(
            f"document {ids.iloc[first]!r}: text is {type(col.iloc[first]).__name__}, not str"
            + (f" ({int(bad.sum())} such documents)" if bad.sum() > 1 else "")
        )


def document_term_counts(
    corpus,
    *,
    lower: bool = True,
    cache: bool = True,
    n_jobs: int = 1,
    progress: bool = False,
) -> DocumentTermMatrix:
    """Tokenise every document once and count its tokens.

    Parameters
    ----------
    corpus : Corpus, CorpusStream, pandas.DataFrame or DocumentTermMatrix
        Documents with a ``text`` column and metadata. A
        :class:`~framing.text.matrix.DocumentTermMatrix` is returned as it is:
        one prepared by :class:`framing.topics.dtm.DTMBuilder` (e.g. with
        slogans merged into single terms) has its terms as the vocabulary and
        a document's size is the number of terms it kept, so stop words it
        removed are not counted in group totals.
    lower : bool, default True
        Lower-case tokens (see :func:`framing.text.tokenize.tokenize`).
    cache : bool, default True
        Reuse the counts of a corpus with the same ``doc_id`` values and
        texts counted before in this process (metadata is always taken from
        ``corpus``). Streams are never cached.
    n_jobs : int, default 1
        Worker processes for tokenising (``-1``: one per CPU). Needs the
        ``fork`` start method (Linux, macOS); the result does not depend on
        it.
    progress : bool, default False
        Show a progress bar.

    Returns
    -------
    DocumentTermMatrix

    Examples
    --------
    >>> from framing import Corpus
    >>> dtc = document_term_counts(Corpus.from_texts(["a b a", "b c"]))
    >>> dtc.terms.tolist(), dtc.matrix.toarray().tolist()
    (['a', 'b', 'c'], [[2, 1, 0], [0, 1, 1]])
    """
    if isinstance(corpus, DocumentTermMatrix):
        return corpus
    if int(n_jobs) == 0 or int(n_jobs) < -1:
        raise CompareError(f"n_jobs must be a positive number of workers or -1, not {n_jobs!r}")
    tk = _index_of(corpus)
    if tk is not None:  # counts from the token index (built once per corpus, cached)
        from framing.text.analyses import term_counts_tokens

        matrix, terms, n_tokens = term_counts_tokens(tk, lower)
        return DocumentTermMatrix(
            matrix=matrix, terms=terms, meta=tk.meta.reset_index(drop=True), n_tokens=n_tokens, lower=lower
        )
    docs = _docs_of(corpus)
    key = None
    if cache and docs is not None:
        if "text" not in docs.columns:
            raise CompareError(f"no 'text' column; columns are {list(docs.columns)}")
        key = _fingerprint(docs, lower)
        hit = _CACHE.get(key)
        if hit is not None:
            _CACHE.move_to_end(key)
            # the counts depend on ids and texts only; metadata may have changed
            return dataclasses.replace(hit, meta=docs.drop(columns="text").reset_index(drop=True))

    vocab = _Vocabulary()
    id_parts: list[np.ndarray] = []
    value_parts: list[np.ndarray] = []
    indptr_parts: list[np.ndarray] = [np.zeros(1, dtype=np.int64)]
    token_parts: list[np.ndarray] = []
    n_stored = 0
    metas = []
    bar = None
    if progress:
        from tqdm.auto import tqdm

        bar = tqdm(total=len(docs) if docs is not None else None, unit="doc", desc="tokenising")

    for frame in _iter_frames(corpus):
        if "text" not in frame.columns:
            raise CompareError(f"no 'text' column; columns are {list(frame.columns)}")
        _check_texts(frame)
        for local_vocab, local_ids, local_values, local_indptr, local_tokens in _count_chunks(
            frame["text"], lower, int(n_jobs), vocab
        ):
            if local_vocab is not None:
                mapping = np.fromiter(
                    map(vocab.__getitem__, local_vocab), dtype=np.int32, count=len(local_vocab)
                )
                local_ids = mapping[local_ids]
            id_parts.append(local_ids)
            value_parts.append(local_values)
            indptr_parts.append(local_indptr[1:] + n_stored)
            token_parts.append(local_tokens)
            n_stored += len(local_ids)
            if bar is not None:
                bar.update(len(local_tokens))
        metas.append(frame.drop(columns="text"))
    if bar is not None:
        bar.close()

    n_tokens = np.concatenate(token_parts) if token_parts else np.zeros(0, dtype=np.int64)
    first_order = np.array(list(vocab), dtype=object)
    order = np.array(sorted(range(len(first_order)), key=first_order.__getitem__), dtype=np.int64)
    rank = np.empty(len(order), dtype=np.int32)
    rank[order] = np.arange(len(order), dtype=np.int32)
    indices = rank[np.concatenate(id_parts)] if id_parts else np.zeros(0, dtype=np.int32)
    del id_parts
    data = np.concatenate(value_parts).astype(np.int64) if value_parts else np.zeros(0, np.int64)
    del value_parts
    matrix = sp.csr_matrix((data, indices, np.concatenate(indptr_parts)), shape=(len(n_tokens), len(vocab)))
    del data, indices
    matrix.sort_indices()
    meta = pd.concat(metas, ignore_index=True) if metas else pd.DataFrame()
    result = DocumentTermMatrix(
        matrix=matrix,
        terms=first_order[order],
        meta=meta,
        n_tokens=n_tokens,
        lower=lower,
    )
    if key is not None:
        _CACHE[key] = result
        while len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
    return result


# --------------------------------------------------------------------------
# Term-by-group counts
# --------------------------------------------------------------------------


@dataclasses.dataclass
class TermCounts:
    """Term frequencies per group.

    Attributes
    ----------
    counts : scipy.sparse.csc_matrix, shape (n_terms, n_groups)
        Frequency of every term in every group (tokens, or documents
        containing the term when ``unit="document"``).
    terms : numpy.ndarray of str
    groups : list
        Group labels, sorted.
    totals : numpy.ndarray
        Size of every group: all its tokens (stop words and rare terms
        included), or its number of documents.
    n_docs : numpy.ndarray
        Number of documents in every group.
    term_totals : numpy.ndarray
        Frequency of every term over all groups.
    unit : {"token", "document"}
    by : str or None
        The grouping column, when there was one (``"source|year"`` for two).
    keys : pandas.DataFrame or None
        With several grouping columns: one row per group (in the order of
        ``groups``), one column per grouping column, with the columns' own
        values and types.
    """

    counts: sp.csc_matrix
    terms: np.ndarray
    groups: list
    totals: np.ndarray
    n_docs: np.ndarray
    unit: str = "token"
    by: str | None = None
    keys: pd.DataFrame | None = None

    @property
    def term_totals(self) -> np.ndarray:
        return np.asarray(self.counts.sum(axis=1)).ravel()

    def __repr__(self) -> str:
        return f"<TermCounts: {len(self.terms)} terms x {len(self.groups)} groups, unit={self.unit}>"

    def group_index(self, group) -> int:
        """Column of ``group``; :class:`CompareError` listing the groups if unknown."""
        for i, g in enumerate(self.groups):
            if g == group or str(g) == str(group):
                return i
        shown = ", ".join(map(repr, self.groups[:20]))
        more = f" and {len(self.groups) - 20} more" if len(self.groups) > 20 else ""
        raise CompareError(f"unknown group {group!r}; groups are {shown}{more}")

    def column(self, group) -> np.ndarray:
        """Dense counts of one group."""
        j = self.group_index(group)
        return self.counts[:, j].toarray().ravel()

    def to_frame(self) -> pd.DataFrame:
        """Long tidy frame ``group, term, count, total`` of the non-zero counts.

        The group column is named after the grouping column; with several
        grouping columns there is one column for each (``source, year, term,
        count, total``).
        """
        coo = self.counts.tocoo()
        order = np.lexsort((coo.row, coo.col))
        col, row, val = coo.col[order], coo.row[order], coo.data[order]
        rest = pd.DataFrame(
            {"term": self.terms[row], "count": val.astype(np.int64), "total": self.totals[col]}
        )
        if self.keys is not None:
            return pd.concat([self.keys.iloc[col].reset_index(drop=True), rest], axis=1)
        rest.insert(0, self.by or "group", np.asarray(self.groups, dtype=object)[col])
        return rest

    def to_wide(self) -> pd.DataFrame:
        """Dense frame, terms as index and groups as columns."""
        return pd.DataFrame(
            self.counts.toarray(), index=pd.Index(self.terms, name="term"), columns=self.groups
        )

    @classmethod
    def from_wide(cls, table: pd.DataFrame, totals=None, unit: str = "token") -> TermCounts:
        """Build from a frame with terms as index and one count column per group.

        ``totals`` (a mapping or sequence, one per group) defaults to the
        column sums.
        """
        if table.shape[1] == 0:
            raise CompareError("the count table has no group columns")
        values = table.to_numpy()
        if not np.issubdtype(values.dtype, np.number):
            raise CompareError("the count table must hold numbers only")
        if (values < 0).any():
            raise CompareError("the count table holds negative counts")
        groups = list(table.columns)
        if totals is None:
            tot = values.sum(axis=0)
        elif isinstance(totals, Mapping):
            missing = [g for g in groups if g not in totals]
            if missing:
                raise CompareError(f"totals missing for groups {missing}")
            tot = np.array([totals[g] for g in groups])
        else:
            tot = np.asarray(totals)
            if tot.shape != (len(groups),):
                raise CompareError(f"expected {len(groups)} totals, got {tot.shape}")
        if (tot < values.sum(axis=0)).any():
            raise CompareError("a group total is smaller than the sum of its counts")
        return cls(
            counts=sp.csc_matrix(values.astype(np.float64)),
            terms=np.asarray(table.index.astype(str), dtype=object),
            groups=groups,
            totals=np.asarray(tot, dtype=np.float64),
            n_docs=np.zeros(len(groups), dtype=np.int64),
            unit=unit,
            by=None,
        )


def _resolve_stopwords(stopwords, lower: bool) -> frozenset[str]:
    if stopwords is None or stopwords is False:
        return frozenset()
    if stopwords is True:
        return STOPWORDS
    if isinstance(stopwords, str):
        raise CompareError("stopwords must be True, None or a collection of words, not a string")
    words = frozenset(stopwords)
    return frozenset(w.lower() for w in words) if lower else words


def _group_labels(meta: pd.DataFrame, by) -> tuple[np.ndarray, list, str | None]:
    """Group code per document, the sorted group labels and the column name."""
    if by is None:
        return np.zeros(len(meta), dtype=np.int64), ["all"], None
    name = None
    if isinstance(by, str):
        if by not in meta.columns:
            raise CompareError(f"no metadata column {by!r}; columns are {list(meta.columns)}")
        values = meta[by]
        name = by
    elif isinstance(by, (list, tuple)) and by and all(isinstance(b, str) for b in by):
        missing = [b for b in by if b not in meta.columns]
        if missing:
            raise CompareError(f"no metadata columns {missing}; columns are {list(meta.columns)}")
        values = meta[list(by)].astype(str).agg("|".join, axis=1)
        name = "|".join(by)
    else:
        values = pd.Series(by.to_numpy() if isinstance(by, pd.Series) else list(by))
        name = getattr(by, "name", None)
        if len(values) != len(meta):
            raise CompareError(f"'by' has {len(values)} labels but the corpus has {len(meta)} documents")
    values = pd.Series(values).reset_index(drop=True)
    missing = values.isna().to_numpy()
    if missing.any():
        ids = meta["doc_id"] if "doc_id" in meta.columns else pd.Series(range(len(meta)))
        bad = ids[missing].tolist()
        raise CompareError(
            f"{int(missing.sum())} documents have no group label ({name or 'by'}), e.g. {bad[:5]}; "
            "fill or filter them first"
        )
    codes, uniques = pd.factorize(values, sort=True)
    labels = list(uniques)
    labels = [x.item() if isinstance(x, np.generic) else x for x in labels]
    return codes.astype(np.int64), labels, name


def bin_labels(values, bins: int) -> pd.Series:
    """Cut numbers (e.g. years) into ``bins`` equal-width bins labelled ``"min-max"``.

    Each label shows the smallest and largest value that fall in the bin, so
    the labels sort in time order and can be used as ``by=`` groups.

    Examples
    --------
    >>> bin_labels(pd.Series([1946, 1950, 1990, 2000, 2024], name="year"), 2).tolist()
    ['1946-1950', '1946-1950', '1990-2024', '1990-2024', '1990-2024']
    """
    series = pd.Series(values)
    numbers = pd.to_numeric(series, errors="coerce")
    bad = numbers.isna() & series.notna()
    if bad.any():
        raise CompareError(f"values are not numbers at positions {list(np.flatnonzero(bad))[:5]}")
    if int(bins) < 1:
        raise CompareError("bins must be at least 1")
    cut = pd.cut(numbers, int(bins))
    lo = numbers.groupby(cut, observed=True).transform("min")
    hi = numbers.groupby(cut, observed=True).transform("max")

    def fmt(x):
        return str(int(x)) if float(x).is_integer() else f"{x:g}"

    labels = [None if pd.isna(a) else f"{fmt(a)}-{fmt(b)}" for a, b in zip(lo, hi, strict=True)]
    return pd.Series(labels, index=series.index, name=series.name, dtype=object)


# counting in batches (local processes or Dask)


def merge_term_counts(parts):
    """Sum :class:`framing.compare.keyness.TermCounts` tables of disjoint documents.

    Terms and groups of the result are sorted, as :func:`framing.compare.keyness.count_terms`
    sorts them; counts, totals and document numbers are summed exactly.
    """
    import scipy.sparse as sp

    parts = [p for p in parts if p is not None]
    if not parts:
        raise CompareError("no documents to count")
    if len(parts) == 1:
        return parts[0]
    units = {p.unit for p in parts}
    if len(units) > 1:
        raise CompareError(f"cannot add term counts of different units {sorted(units)}")
    codes, terms = pd.factorize(np.concatenate([np.asarray(p.terms, dtype=object) for p in parts]), sort=True)
    terms = np.asarray(terms, dtype=object)
    groups = sorted(set().union(*(p.groups for p in parts)))
    group_pos = {g: j for j, g in enumerate(groups)}
    rows, cols, vals = [], [], []
    totals = np.zeros(len(groups), dtype=np.asarray(parts[0].totals).dtype)
    n_docs = np.zeros(len(groups), dtype=np.int64)
    offset = 0
    for p in parts:
        coo = p.counts.tocoo()
        t_map = codes[offset : offset + len(p.terms)]
        offset += len(p.terms)
        g_map = np.array([group_pos[g] for g in p.groups], dtype=np.int64)
        rows.append(t_map[coo.row])
        cols.append(g_map[coo.col])
        vals.append(coo.data)
        np.add.at(totals, g_map, np.asarray(p.totals))
        np.add.at(n_docs, g_map, np.asarray(p.n_docs, dtype=np.int64))
    counts = sp.coo_matrix(
        (np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))),
        shape=(len(terms), len(groups)),
    ).tocsc()
    counts.sum_duplicates()
    counts.sort_indices()
    return TermCounts(
        counts=counts,
        terms=terms,
        groups=groups,
        totals=totals,
        n_docs=n_docs,
        unit=parts[0].unit,
        by=parts[0].by,
        keys=_merged_keys([p.keys for p in parts], groups),
    )


def _group_keys(meta: pd.DataFrame, by, labels: list) -> pd.DataFrame | None:
    """One row per group label with the values of several ``by`` columns, or None."""
    if not (isinstance(by, (list, tuple)) and len(by) > 1 and all(isinstance(b, str) for b in by)):
        return None
    label = meta[list(by)].astype(str).agg("|".join, axis=1)
    keys = meta[list(by)].set_axis(label.to_numpy()).loc[lambda f: ~f.index.duplicated()]
    return keys.loc[[str(g) for g in labels]].reset_index(drop=True)


def _merged_keys(parts: list, groups: list) -> pd.DataFrame | None:
    """The group keys of several :class:`TermCounts` aligned with the merged ``groups``."""
    if any(k is None for k in parts):
        return None
    both = pd.concat(parts, ignore_index=True)
    label = both.astype(str).agg("|".join, axis=1).to_numpy()
    both = both.set_axis(label).loc[lambda f: ~f.index.duplicated()]
    return both.loc[[str(g) for g in groups]].reset_index(drop=True)


def _term_counts_map(batch, by, unit: str, lower: bool):
    dtc = document_term_counts(batch, lower=lower, cache=False)
    return count_terms(dtc, by=by, unit=unit, lower=lower, backend="serial")


def _filter_term_counts(tc: TermCounts, stopwords, min_count: int, lower: bool) -> TermCounts:
    """Stop words and ``min_count`` applied to summed counts."""
    import dataclasses

    keep = np.ones(len(tc.terms), dtype=bool)
    stop = _resolve_stopwords(stopwords, lower)
    if stop:
        keep &= ~np.isin(tc.terms.astype(str), np.array(sorted(stop), dtype=str))
    if min_count > 1:
        keep &= np.asarray(tc.counts.sum(axis=1)).ravel() >= min_count
    if not keep.all():
        tc = dataclasses.replace(tc, counts=tc.counts[np.flatnonzero(keep), :].tocsc(), terms=tc.terms[keep])
    return tc


def _term_counts_in_batches(data, *, by, unit: str, lower: bool, **run) -> TermCounts:
    """Term counts of ``data`` (a Corpus, CorpusStream or Parquet path) as a
    map over batches with an exact merge (settings of
    :func:`framing.parallel.map_batches` in ``run``)."""
    from functools import partial

    from framing.parallel.engine import map_batches

    tc = map_batches(data, partial(_term_counts_map, by=by, unit=unit, lower=lower), merge_term_counts, **run)
    if tc is None:
        raise CompareError("no documents to count")
    return tc


def count_terms(
    corpus,
    by: Any = None,
    unit: str = "token",
    stopwords=None,
    min_count: int = 1,
    *,
    lower: bool = True,
    n_jobs: int = 1,
    progress: bool = False,
    backend: str | None = None,
    n_workers: int | None = None,
) -> TermCounts:
    """Count every term in every group of documents.

    Parameters
    ----------
    corpus : Corpus, CorpusStream, DataFrame or DocumentTermMatrix
        The documents (a :class:`DocumentTermMatrix` is reused as is).
    by : str, list of str, array-like or None, default None
        Metadata column(s) defining the groups, or one label per document
        (e.g. ``pd.cut(corpus.docs["year"], 5)``); ``None``: no grouping,
        one group ``"all"`` for the whole corpus. Several columns give one
        column each in :meth:`TermCounts.to_frame`. Documents without a
        label raise :class:`CompareError`.
    unit : {"token", "document"}
        Count tokens, or the documents containing the term.
    stopwords : None, True or collection of str
        Terms to leave out (``True``: :data:`framing.text.tokenize.STOPWORDS`).
        Group sizes still include them.
    min_count : int, default 1
        Leave out terms with a total frequency (over all groups) below this.
    lower : bool, default True
        Lower-case tokens.
    n_jobs : int, default 1
        Worker processes for tokenising (see :func:`document_term_counts`).
    progress : bool, default False
        Show a progress bar while tokenising.
    backend : {"serial", "processes", "dask"}, optional
        Count in this process, or in batches across local processes or a
        Dask cluster (``by`` must then name metadata columns), with equal
        results. Default: the one set with :func:`framing.parallel.set_backend`
        or ``parallel_backend()`` (``"serial"`` unless set).
    n_workers : int, optional
        Workers of the ``"processes"`` backend.

    Returns
    -------
    TermCounts

    Examples
    --------
    >>> from framing import Corpus
    >>> c = Corpus.from_texts(["peace and peace", "war", "peace talks"], source=["A", "B", "B"])
    >>> tc = count_terms(c, by="source", stopwords=True)
    >>> tc.terms.tolist(), tc.column("A").tolist(), tc.column("B").tolist()
    (['peace', 'talks', 'war'], [2, 0, 0], [1, 1, 1])
    >>> tc.totals.tolist()
    [3, 3]
    >>> count_terms(c, by="source", unit="document").column("B").tolist()
    [0, 1, 1, 1]
    """
    if unit not in ("token", "document"):
        raise CompareError(f"unit must be 'token' or 'document', not {unit!r}")
    if min_count < 0:
        raise CompareError("min_count must be >= 0")
    from framing.corpus.core import Corpus, CorpusStream
    from framing.parallel.engine import batch_run

    run = batch_run(backend, n_workers, progress)
    if run is not None and isinstance(corpus, (Corpus, CorpusStream, str)):
        if by is not None and not (isinstance(by, str) or all(isinstance(b, str) for b in by)):
            raise CompareError("with a parallel backend, by must name metadata columns")
        tc = _term_counts_in_batches(corpus, by=by, unit=unit, lower=lower, **run)
        return _filter_term_counts(tc, stopwords, min_count, lower)
    dtc = document_term_counts(corpus, lower=lower, n_jobs=n_jobs, progress=progress)
    codes, labels, name = _group_labels(dtc.meta, by)
    n_groups = len(labels)
    n_docs = np.bincount(codes, minlength=n_groups).astype(np.int64)
    indicator = sp.csr_matrix(
        (np.ones(len(codes), dtype=np.int64), (np.arange(len(codes)), codes)),
        shape=(len(codes), n_groups),
    )
    matrix = dtc.matrix
    if unit == "document":
        matrix = matrix.copy()
        matrix.data = np.ones_like(matrix.data)
        totals = n_docs.copy()
    else:
        totals = np.bincount(codes, weights=dtc.n_tokens, minlength=n_groups).astype(np.int64)
    counts = (indicator.T.tocsr() @ matrix).T.tocsc()
    keep = np.ones(len(dtc.terms), dtype=bool)
    stop = _resolve_stopwords(stopwords, lower)
    if stop:
        keep &= ~np.isin(dtc.terms.astype(str), np.array(sorted(stop), dtype=str))
    if min_count > 1:
        keep &= np.asarray(counts.sum(axis=1)).ravel() >= min_count
    if not keep.all():
        counts = counts[np.flatnonzero(keep), :]
    return TermCounts(
        counts=sp.csc_matrix(counts),
        terms=dtc.terms[keep],
        groups=labels,
        totals=totals,
        n_docs=n_docs,
        unit=unit,
        by=name,
        keys=_group_keys(dtc.meta, by, labels),
    )


# --------------------------------------------------------------------------
# Keyness statistics on arrays
# --------------------------------------------------------------------------


def _xlogx_over_e(o: np.ndarray, e: np.ndarray) -> np.ndarray:
    """``O * ln(O / E)`` with ``0 ln 0 = 0``, accurate when ``O`` is close to ``E``."""
    o = np.asarray(o, dtype=np.float64)
    e = np.asarray(e, dtype=np.float64)
    out = np.zeros(np.broadcast(o, e).shape)
    pos = (o > 0) & (e > 0)
    o_b, e_b = np.broadcast_to(o, out.shape), np.broadcast_to(e, out.shape)
    op, ep = o_b[pos], e_b[pos]
    out[pos] = op * np.log1p((op - ep) / ep)
    return out


def log_likelihood_2x2(a, b, c_total, d_total) -> np.ndarray:
    """Unsigned G2 of the 2x2 table ``[[a, b], [C - a, D - b]]``."""
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    c_total = np.asarray(c_total, dtype=np.float64)
    d_total = np.asarray(d_total, dtype=np.float64)
    n = c_total + d_total
    row1 = a + b
    row2 = n - row1
    e11 = row1 * c_total / n
    e12 = row1 * d_total / n
    e21 = row2 * c_total / n
    e22 = row2 * d_total / n
    g2 = 2.0 * (
        _xlogx_over_e(a, e11)
        + _xlogx_over_e(b, e12)
        + _xlogx_over_e(c_total - a, e21)
        + _xlogx_over_e(d_total - b, e22)
    )
    return np.maximum(g2, 0.0)


def _log_likelihood_two_cell(a, b, c_total, d_total) -> np.ndarray:
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    n = c_total + d_total
    e1 = c_total * (a + b) / n
    e2 = d_total * (a + b) / n
    return 2.0 * (_xlogx_over_e(a, e1) + _xlogx_over_e(b, e2))


def keyness_statistics(
    a,
    b,
    total_target,
    total_reference,
    *,
    prior=None,
    alpha0: float = 1000.0,
    conf_level: float = 0.95,
    correction: str | None = None,
    n_tests: int | None = None,
    g2: str = "2x2",
    scale: float = 1e6,
) -> pd.DataFrame:
    """Keyness statistics for aligned arrays of target and reference counts.

    Parameters
    ----------
    a, b : array-like
        Frequencies of each term in the target and in the reference.
    total_target, total_reference : float
        Sizes of target and reference (tokens, or documents).
    prior : array-like, optional
        Relative frequency of each term in the whole corpus for the Fightin'
        Words prior; defaults to ``(a + b) / (total_target + total_reference)``.
    alpha0 : float, default 1000
        Total weight of the Dirichlet prior (``alpha_w = alpha0 * prior``).
    conf_level : float, default 0.95
        Confidence level of the interval behind ``lrc``.
    correction : {None, "bonferroni"}
        Bonferroni-correct the ``lrc`` interval for ``n_tests`` comparisons
        (default: the number of terms).
    n_tests : int, optional
    g2 : {"2x2", "two-cell"}
        Full 2x2 contingency form (default) or the two-cell form.
    scale : float, default 1e6
        Normalisation base of ``rate_*`` and ``pct_diff``.

    Returns
    -------
    pandas.DataFrame
        Columns ``rate_target, rate_reference, G2, p_value, log_ratio, lrc,
        pct_diff, delta, z`` (see the module documentation for the formulas).

    Examples
    --------
    >>> s = keyness_statistics([10], [5], 1000, 2000)
    >>> round(float(s.log_ratio[0]), 3)
    2.0
    """
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    c_tot = float(total_target)
    d_tot = float(total_reference)
    if c_tot <= 0 or d_tot <= 0:
        raise CompareError(f"target and reference must both be non-empty (sizes {c_tot:g} and {d_tot:g})")
    if (a < 0).any() or (b < 0).any():
        raise CompareError("counts must be non-negative")
    if (a > c_tot).any() or (b > d_tot).any():
        raise CompareError("a count exceeds its group total")
    if not 0 < conf_level < 1:
        raise CompareError("conf_level must be between 0 and 1")
    if g2 not in ("2x2", "two-cell"):
        raise CompareError(f"g2 must be '2x2' or 'two-cell', not {g2!r}")
    if correction not in (None, "bonferroni"):
        raise CompareError(f"correction must be None or 'bonferroni', not {correction!r}")

    rel_t = a / c_tot
    rel_r = b / d_tot
    direction = np.where(rel_t >= rel_r, 1.0, -1.0)

    if g2 == "2x2":
        g = log_likelihood_2x2(a, b, c_tot, d_tot)
    else:
        g = _log_likelihood_two_cell(a, b, c_tot, d_tot)
    p_value = stats.chi2.sf(g, 1)
    g_signed = np.where(g > 0, direction * g, 0.0)

    a_c = np.where(a > 0, a, 0.5)
    b_c = np.where(b > 0, b, 0.5)
    log_ratio = np.log2((a_c / c_tot) / (b_c / d_tot))
    log_ratio = np.where((a == 0) & (b == 0), 0.0, log_ratio)

    level = conf_level
    if correction == "bonferroni":
        m = n_tests if n_tests is not None else len(a)
        level = 1.0 - (1.0 - conf_level) / max(int(m), 1)
    n_ab = a + b
    lo, hi = clopper_pearson(a, np.maximum(n_ab, 1), level)
    with np.errstate(divide="ignore", invalid="ignore"):
        lr_lo = np.log2(lo / (1.0 - lo) * d_tot / c_tot)
        lr_hi = np.log2(hi / (1.0 - hi) * d_tot / c_tot)
    lrc = np.where(direction > 0, np.maximum(lr_lo, 0.0), np.minimum(lr_hi, 0.0))
    lrc = np.where(n_ab > 0, lrc, 0.0)

    nf_t = rel_t * scale
    nf_r = rel_r * scale
    with np.errstate(divide="ignore", invalid="ignore"):
        pct_diff = np.where(
            nf_r > 0,
            100.0 * (nf_t - nf_r) / np.where(nf_r > 0, nf_r, 1.0),
            np.where(nf_t > 0, np.inf, np.nan),
        )

    if prior is None:
        prior = n_ab / (c_tot + d_tot)
    alpha_w = alpha0 * np.asarray(prior, dtype=np.float64)
    if alpha0 <= 0 or (alpha_w <= 0).any():
        raise CompareError("alpha0 and every prior frequency must be positive")
    with np.errstate(divide="ignore", invalid="ignore"):
        delta = np.log((a + alpha_w) / (c_tot + alpha0 - a - alpha_w)) - np.log(
            (b + alpha_w) / (d_tot + alpha0 - b - alpha_w)
        )
    var = 1.0 / (a + alpha_w) + 1.0 / (b + alpha_w)
    z = delta / np.sqrt(var)

    return pd.DataFrame(
        {
            "rate_target": nf_t,
            "rate_reference": nf_r,
            "G2": g_signed,
            "p_value": p_value,
            "log_ratio": log_ratio,
            "lrc": lrc,
            "pct_diff": pct_diff,
            "delta": delta,
            "z": z,
        }
    )


# --------------------------------------------------------------------------
# keyness()
# --------------------------------------------------------------------------


def _target_column(data, target) -> str | None:
    """The one metadata column of ``data`` whose values include every ``target``
    label (None for counts, which carry their groups)."""
    from framing.corpus.core import CorpusStream

    if isinstance(data, (CorpusStream, str)):
        raise CompareError(
            "keyness of a corpus stream or file needs by=: the metadata column holding the target"
        )
    if isinstance(data, DocumentTermCounts):
        meta = data.meta
    elif isinstance(data, pd.DataFrame) and "text" in data.columns:
        meta = data
    elif isinstance(getattr(data, "docs", None), pd.DataFrame):
        meta = data.docs
    else:
        return None
    wanted = (
        [target] if isinstance(target, (str, bytes)) or not isinstance(target, Iterable) else list(target)
    )
    found = columns_holding(meta, wanted)
    shown = wanted[0] if len(wanted) == 1 else wanted
    if not found:
        have = [c for c in meta.columns if c not in ("doc_id", "text")]
        raise CompareError(
            f"target {shown!r} is not a value of any metadata column ({have}); "
            "name the grouping column with by="
        )
    if len(found) > 1:
        raise CompareError(f"target {shown!r} is a value of several columns {found}; choose one with by=")
    return found[0]


def _as_term_counts(data, by, unit, lower, n_jobs, progress, backend=None, n_workers=None) -> TermCounts:
    if isinstance(data, TermCounts):
        return data
    if isinstance(data, pd.DataFrame) and "text" not in data.columns:
        return TermCounts.from_wide(data, unit=unit)
    return count_terms(
        data,
        by=by,
        unit=unit,
        lower=lower,
        n_jobs=n_jobs,
        progress=progress,
        backend=backend,
        n_workers=n_workers,
    )


def _reference_list(reference, terms: np.ndarray, reference_total) -> tuple[np.ndarray, float, list]:
    """Align an external frequency list with ``terms``; return counts, total, extra terms."""
    if isinstance(reference, TermCounts):
        series = pd.Series(reference.term_totals, index=reference.terms)
        total = float(reference.totals.sum())
    else:
        series = pd.Series(reference, dtype=np.float64) if isinstance(reference, Mapping) else reference
        series = pd.Series(series, dtype=np.float64)
        total = float(series.sum())
    if series.index.has_duplicates:
        dup = series.index[series.index.duplicated()].tolist()
        raise CompareError(f"the reference frequency list repeats terms {dup[:10]}")
    if (series < 0).any() or series.isna().any():
        bad = series.index[(series < 0) | series.isna()].tolist()
        raise CompareError(f"the reference frequency list has missing or negative counts for {bad[:10]}")
    if reference_total is not None:
        total = float(reference_total)
        if total < series.sum():
            raise CompareError("reference_total is smaller than the sum of the reference list")
    aligned = series.reindex(pd.Index(terms.astype(str))).fillna(0.0).to_numpy()
    extra = series.index.difference(pd.Index(terms.astype(str)))
    return aligned, total, list(extra)


def _as_group_list(tc: TermCounts, groups) -> list:
    if groups is None:
        return list(tc.groups)
    if isinstance(groups, (str, bytes)) or not isinstance(groups, Iterable):
        groups = [groups]
    out = []
    for g in groups:
        out.append(tc.groups[tc.group_index(g)])
    return out


def keyness(
    data,
    by: Any = None,
    target=None,
    reference=None,
    method: str = "G2",
    *,
    unit: str = "token",
    stopwords=None,
    min_count: int = 1,
    alpha0: float = 1000.0,
    conf_level: float = 0.95,
    correction: str | None = None,
    n_tests: int | None = None,
    g2: str = "2x2",
    reference_total=None,
    top: int | None = None,
    lower: bool = True,
    n_jobs: int = 1,
    progress: bool = False,
    backend: str | None = None,
    n_workers: int | None = None,
    phrases=None,
) -> pd.DataFrame:
    """Which terms are key in one group compared with another?

    Parameters
    ----------
    data : Corpus, CorpusStream, DataFrame, DocumentTermMatrix or TermCounts
        Documents (tokenised with :func:`framing.text.tokenize.tokenize`), counts
        from :func:`count_terms`, or a frame with terms as index and one count
        column per group.
    by : str, list of str, array-like or None, default None
        Grouping for documents (see :func:`count_terms`); ignored for counts.
        ``None``: the one metadata column whose values contain ``target``
        (a :class:`CompareError` names the candidates when no column or
        several do); without a ``target``, the whole corpus as one group,
        to compare with a reference frequency list.
    target : group label or list of labels, optional
        The group(s) to describe; default every group.
    reference : None, label, list of labels, "each", Series or dict
        ``None``: all other groups pooled (one against the rest). A label or
        list of labels: those groups pooled (pairwise when one). ``"each"``:
        every other group separately (all pairs). A pandas Series or dict
        mapping term to count (or a :class:`TermCounts`): an external
        reference frequency list, whose size is ``reference_total`` (default:
        its sum).
    method : {"G2", "log_ratio", "lrc", "pct_diff", "z", "delta"}
        Statistic the rows are sorted by (descending, within each group);
        every statistic is always returned.
    unit : {"token", "document"}
        Compare token frequencies or document frequencies.
    stopwords : None, True or collection of str
        Terms left out of the result (group sizes still count them).
    min_count : int, default 1
        Keep terms whose frequency in target plus reference is at least this.
    alpha0 : float, default 1000
        Weight of the Fightin' Words prior (see module documentation).
    conf_level : float, default 0.95
        Confidence level of ``lrc``.
    correction : {None, "bonferroni"}
        Bonferroni correction of the ``lrc`` interval over ``n_tests``
        comparisons (default: the number of terms in that comparison).
    n_tests : int, optional
    g2 : {"2x2", "two-cell"}
        Form of the log-likelihood statistic (see module documentation).
    reference_total : float, optional
        Size of an external reference list.
    top : int, optional
        Keep only the ``top`` rows of each comparison (largest ``method``).
    lower : bool, default True
        Lower-case terms, except acronyms ("US" stays apart from "us"; see
        :mod:`framing.text.casing`).
    n_jobs : int, default 1
        Worker processes for tokenising (see :func:`document_term_counts`).
    progress : bool, default False
    backend, n_workers
        Count in batches across local processes or a Dask cluster (see
        :func:`count_terms`); default: the backend set with
        :func:`framing.parallel.set_backend`, else in this process.
    phrases : True, "auto", lexicon, list or None, default None
        Merge multi-word terms before counting: ``"auto"`` detects
        collocations (npmi), a lexicon (name, path, Lexicon or list of
        phrases) merges its phrases (``"hong_kong"``); a list combines them
        (see :mod:`framing.lexicon.phrase_terms`).

    Returns
    -------
    pandas.DataFrame
        One row per compared group and term: ``group, reference, term,
        count_target, count_reference, total_target, total_reference,
        rate_target, rate_reference, G2, p_value, log_ratio, lrc, pct_diff,
        delta, z``. Grouped by several columns, ``group`` (``"A|2020"``) is
        followed by one column per grouping column (``source, year``) with
        the columns' own values. ``G2``, ``log_ratio``, ``lrc``, ``pct_diff``, ``delta``
        and ``z`` are positive for terms relatively more frequent in the
        target. Terms absent from both target and reference are left out.

    Raises
    ------
    CompareError
        Unknown group names, a single group compared with "the rest", an
        empty target or reference, or an unknown method.

    Examples
    --------
    >>> import pandas as pd
    >>> table = pd.DataFrame({"A": [30, 10, 960], "B": [10, 10, 980]},
    ...                      index=["peace", "war", "other"])
    >>> k = keyness(table, target="A")
    >>> k[["term", "count_target", "count_reference", "log_ratio"]].round(3)
        term  count_target  count_reference  log_ratio
    0  peace            30               10      1.585
    1    war            10               10      0.000
    2  other           960              980     -0.030
    """
    require_documents(data, "keyness")
    if phrases is not None and phrases is not False:
        args = dict(locals())
        args["phrases"] = None
        with _merging(data, phrases, lower):
            return keyness(**args)
    if method not in KEYNESS_METHODS:
        raise CompareError(f"method must be one of {KEYNESS_METHODS}, not {method!r}")
    if top is not None and top < 1:
        raise CompareError("top must be a positive integer")
    if by is None and target is not None:
        by = _target_column(data, target)
    tc = _as_term_counts(data, by, unit, lower, n_jobs, progress, backend, n_workers)
    stop = _resolve_stopwords(stopwords, lower)
    scale = 100.0 if tc.unit == "document" else 1e6
    terms = tc.terms
    term_totals = tc.term_totals
    grand_total = float(tc.totals.sum())
    kwargs: dict[str, Any] = dict(
        alpha0=alpha0,
        conf_level=conf_level,
        correction=correction,
        n_tests=n_tests,
        g2=g2,
        scale=scale,
    )

    external = reference is not None and (isinstance(reference, (pd.Series, Mapping, TermCounts)))
    comparisons: list[tuple[Any, Any, np.ndarray, float, np.ndarray, float, np.ndarray | None]] = []
    targets = _as_group_list(tc, target)
    if external:
        ref_counts, ref_total, extra = _reference_list(reference, terms, reference_total)
        if extra:
            extra_terms = np.asarray(extra, dtype=object)
            if stop:
                extra_terms = extra_terms[~np.isin(extra_terms.astype(str), list(stop))]
            terms = np.concatenate([terms, extra_terms])
            full_ref, _, _ = _reference_list(reference, terms, reference_total)
            ref_counts = full_ref
        for g in targets:
            a = np.zeros(len(terms))
            a[: len(tc.terms)] = tc.column(g)
            t_total = float(tc.totals[tc.group_index(g)])
            prior = (a + ref_counts) / (t_total + ref_total)
            comparisons.append((g, "reference list", a, t_total, ref_counts, ref_total, prior))
    else:
        if len(tc.groups) < 2:
            raise CompareError(
                f"keyness needs at least two groups; the data has one ({tc.groups[0]!r}). "
                "Name the grouping column with by= or pass a reference frequency list."
            )
        prior = term_totals / grand_total if grand_total > 0 else None
        for g in targets:
            j = tc.group_index(g)
            a = tc.column(g)
            t_total = float(tc.totals[j])
            if reference is None:
                refs = [("rest", [x for x in tc.groups if x != g])]
            elif isinstance(reference, str) and reference == "each" and "each" not in map(str, tc.groups):
                refs = [(x, [x]) for x in tc.groups if x != g]
            else:
                ref_groups = _as_group_list(tc, reference)
                if g in ref_groups:
                    raise CompareError(f"group {g!r} is both target and reference")
                label = ref_groups[0] if len(ref_groups) == 1 else "+".join(map(str, ref_groups))
                refs = [(label, ref_groups)]
            for label, ref_groups in refs:
                idx = [tc.group_index(x) for x in ref_groups]
                if reference is None:
                    b = term_totals - a
                else:
                    b = np.asarray(tc.counts[:, idx].sum(axis=1)).ravel()
                r_total = float(tc.totals[idx].sum())
                comparisons.append((g, label, a, t_total, b, r_total, prior))

    frames = []
    for g, label, a, t_total, b, r_total, prior in comparisons:
        if t_total <= 0:
            raise CompareError(f"group {g!r} has no {tc.unit}s; keyness is undefined")
        if r_total <= 0:
            raise CompareError(f"the reference {label!r} for group {g!r} has no {tc.unit}s")
        keep = (a + b) >= max(min_count, 1)
        if stop:
            keep &= ~np.isin(terms.astype(str), list(stop))
        rows = np.flatnonzero(keep)
        a_k, b_k = a[rows], b[rows]
        prior_k = None if prior is None else prior[rows]
        st = keyness_statistics(a_k, b_k, t_total, r_total, prior=prior_k, **kwargs)
        frame = pd.DataFrame(
            {
                "group": pd.Series([g] * len(rows), dtype=object),
                "reference": pd.Series([label] * len(rows), dtype=object),
                "term": terms[rows],
                "count_target": a_k.astype(np.int64) if _integral(a_k) else a_k,
                "count_reference": b_k.astype(np.int64) if _integral(b_k) else b_k,
                "total_target": _maybe_int(t_total),
                "total_reference": _maybe_int(r_total),
            }
        )
        frame = pd.concat([frame, st], axis=1)
        order = np.lexsort((frame["term"].astype(str).to_numpy(), -frame[method].to_numpy()))
        frame = frame.iloc[order]
        if top is not None:
            frame = frame.head(top)
        frames.append(frame)
    if not frames:
        raise CompareError("nothing to compare")
    out = pd.concat(frames, ignore_index=True)
    if tc.keys is not None:
        keys = tc.keys.set_axis([str(g) for g in tc.groups])
        split = keys.loc[out["group"].astype(str)].reset_index(drop=True)
        for i, col in enumerate(split.columns):
            out.insert(1 + i, col, split[col])
    if tc.by:
        out.attrs["by"] = tc.by
    out.attrs["unit"] = tc.unit
    out.attrs["method"] = method
    return out


class Keyness(BaseEstimator):
    """Keyness analysis as an estimator: count once, compare many times.

    Parameters are those of :func:`keyness` and :func:`count_terms`;
    :meth:`fit` counts the terms of every group, :meth:`compare` runs one
    comparison on those counts. ``by`` (default None) names the grouping
    column(s); with ``None`` the corpus is one group, to compare with a
    reference frequency list.

    Attributes
    ----------
    counts_ : TermCounts
        Term frequencies per group, set by :meth:`fit`.
    groups_ : list
        The group labels.

    Examples
    --------
    >>> from framing import Corpus
    >>> corpus = Corpus.from_texts(["peace and peace", "war and war", "peace talks"],
    ...                            source=["A", "B", "C"])
    >>> k = Keyness(by="source", stopwords=True).fit(corpus)
    >>> k.groups_
    ['A', 'B', 'C']
    >>> k.compare("A", reference="B")[["term", "count_target", "count_reference"]]
      term  count_target  count_reference
    0  peace             2                0
    1    war             0                2
    """

    def __init__(
        self,
        by: Any = None,
        *,
        unit: str = "token",
        method: str = "G2",
        stopwords=None,
        min_count: int = 1,
        alpha0: float = 1000.0,
        conf_level: float = 0.95,
        correction: str | None = None,
        g2: str = "2x2",
        lower: bool = True,
        n_jobs: int = 1,
        progress: bool = False,
    ):
        self.by = by
        self.unit = unit
        self.method = method
        self.stopwords = stopwords
        self.min_count = min_count
        self.alpha0 = alpha0
        self.conf_level = conf_level
        self.correction = correction
        self.g2 = g2
        self.lower = lower
        self.n_jobs = n_jobs
        self.progress = progress

    def fit(self, corpus, y=None) -> Keyness:
        """Count the terms of every group of ``corpus``."""
        self.counts_ = count_terms(
            corpus,
            by=self.by,
            unit=self.unit,
            lower=self.lower,
            n_jobs=self.n_jobs,
            progress=self.progress,
        )
        self.groups_ = list(self.counts_.groups)
        return self

    def compare(
        self,
        target=None,
        reference=None,
        *,
        top: int | None = None,
        n_tests: int | None = None,
        reference_total=None,
    ) -> pd.DataFrame:
        """Keyness of ``target`` against ``reference`` (see :func:`keyness`)."""
        if not hasattr(self, "counts_"):
            raise CompareError("call fit(corpus) before compare()")
        return keyness(
            self.counts_,
            target=target,
            reference=reference,
            method=self.method,
            stopwords=self.stopwords,
            min_count=self.min_count,
            alpha0=self.alpha0,
            conf_level=self.conf_level,
            correction=self.correction,
            n_tests=n_tests,
            g2=self.g2,
            reference_total=reference_total,
            top=top,
            lower=self.lower,
        )

    def fit_compare(self, corpus, target=None, reference=None, **kwargs) -> pd.DataFrame:
        """:meth:`fit` then :meth:`compare`."""
        return self.fit(corpus).compare(target, reference, **kwargs)


def _integral(x: np.ndarray) -> bool:
    return bool(np.all(np.mod(x, 1) == 0))


def _maybe_int(x: float):
    return int(x) if float(x).is_integer() else x


# --------------------------------------------------------------------------
# Collocations
# --------------------------------------------------------------------------


def collocation_statistics(observed, span_size, collocate_freq, node_freq, corpus_size) -> pd.DataFrame:
    """Association scores of collocates (see :func:`collocates` for formulas).

    Examples
    --------
    >>> s = collocation_statistics([4], 20, [10], 5, 1000)
    >>> round(float(s["MI"][0]), 4), round(float(s["log_dice"][0]), 4)
    (4.3219, 13.0931)
    """
    o = np.asarray(observed, dtype=np.float64)
    c1 = np.asarray(collocate_freq, dtype=np.float64)
    r1 = float(span_size)
    n = float(corpus_size)
    expected = r1 * c1 / n
    with np.errstate(divide="ignore"):
        mi = np.log2(o / expected)
        log_dice = 14.0 + np.log2(2.0 * o / (float(node_freq) + c1))
    t_score = (o - expected) / np.sqrt(o)
    ll = log_likelihood_2x2(o, c1 - o, r1, n - r1)
    signed = np.where(o >= expected, ll, -ll)
    return pd.DataFrame(
        {
            "expected": expected,
            "MI": mi,
            "t_score": t_score,
            "log_likelihood": signed,
            "p_value": stats.chi2.sf(ll, 1),
            "log_dice": log_dice,
        }
    )


def _node_tokens(node, lower: bool) -> tuple[str, ...]:
    if isinstance(node, str):
        toks = case_terms(tokenize(node, lower=False)) if lower else tokenize(node, lower=False)
    else:
        toks = case_terms(list(node)) if lower else list(node)
    if not toks:
        raise CompareError(f"the node {node!r} contains no word tokens")
    return tuple(toks)


_PATTERN_CHARS = set("*|()~?{}[]")


def _node_patterns(node, lexicon=None):
    """Compiled patterns when ``node`` is written in the lexicon pattern
    language or names a lexicon entry; None for a plain word or phrase."""
    if not isinstance(node, str):
        return None
    from framing.lexicon.core import Lexicon, compile_pattern, load_lexicon

    text = node.strip()
    if lexicon is not None or ("_" in text and " " not in text):
        lex = lexicon if isinstance(lexicon, Lexicon) else load_lexicon(lexicon or "slogans")
        if text in lex:
            return list(lex[text].patterns)
        if lexicon is not None and "_" in text and " " not in text:
            raise CompareError(f"node {text!r} is not an entry of the lexicon {lex.name!r}")
    if not (_PATTERN_CHARS & set(text)):
        return None
    return [compile_pattern(text)]


def _pattern_matcher(patterns):
    """The lexicon matcher of a node's patterns, read as one entry (its
    exclusions are not the node's)."""
    from framing.lexicon.core import Lexicon, LexiconEntry
    from framing.lexicon.engine import TermMatcher

    entry = LexiconEntry(id="node", label="node", family="", variants={"node": list(patterns)})
    return TermMatcher(Lexicon.from_entries([entry], name="node"))


def _pattern_spans(tokens: Sequence[str], matcher) -> list[tuple[int, int]]:
    """Non-overlapping longest matches of the node's patterns, left to right."""
    return [(s, e) for _, s, e, _ in matcher.leftmost(tokens)]


def _node_positions(tokens: Sequence[str], node: tuple[str, ...]) -> list[int]:
    """Start positions of non-overlapping occurrences of ``node``, left to right."""
    first = node[0]
    k = len(node)
    out = []
    i = 0
    n = len(tokens)
    while True:
        try:
            i = tokens.index(first, i)
        except ValueError:
            break
        if k == 1 or tuple(tokens[i : i + k]) == node:
            out.append(i)
            i += k
        else:
            i += 1
        if i >= n:
            break
    return out


def collocates(
    corpus,
    node,
    *,
    window: int | None = None,
    left: int = 5,
    right: int = 5,
    by: Any = None,
    min_count: int = 3,
    stopwords=None,
    method: str = "log_likelihood",
    lower: bool = True,
    n_jobs: int = 1,
    progress: bool = False,
    phrases=None,
    lexicon=None,
) -> pd.DataFrame:
    """Words that co-occur with a node word or phrase within a window.

    Parameters
    ----------
    corpus : Corpus, CorpusStream or DataFrame
    node : str or sequence of str
        A word or a phrase ("shared future"), tokenised like the corpus;
        occurrences are matched as contiguous token sequences. A string in
        the lexicon pattern language (``"hegemon*"``, ``"(cold war|zero-sum)
        mentality"``, ``"shared future~"``) matches every occurrence of the
        pattern, and the id of a ``lexicon`` entry (default lexicon: the
        shipped slogans, e.g. ``"community_shared_future"``) every wording
        of the entry.
    window : int, optional
        Same span on both sides (overrides ``left`` and ``right``).
    left, right : int, default 5
        Number of tokens before and after each node occurrence.
    by : str, list of str, array-like or None, default None
        Score collocates separately per group (see :func:`count_terms`);
        ``None``: no grouping, the whole corpus.
    min_count : int, default 3
        Keep collocates observed at least this often in the span.
    stopwords : None, True or collection of str
        Collocates left out (they still fill window positions).
    method : {"log_likelihood", "MI", "t_score", "log_dice", "observed"}
        Column the rows are sorted by (descending).
    lower : bool, default True
    n_jobs : int, default 1
        Worker processes for tokenising the corpus counts.
    progress : bool, default False
    phrases : True, "auto", lexicon, list or None, default None
        Merge multi-word terms into single tokens first (as in
        :func:`keyness`); collocates such as ``hong_kong`` are then one term.
    lexicon : Lexicon, name or path, optional
        Where entry ids given as ``node`` are looked up (default
        ``"slogans"``).

    Returns
    -------
    pandas.DataFrame
        Columns ``[group,] node, collocate, observed, expected, node_freq,
        collocate_freq, span_size, corpus_size, MI, t_score, log_likelihood,
        p_value, log_dice``.

    Notes
    -----
    The span is the set of token positions within ``left`` tokens before or
    ``right`` tokens after any occurrence of the node, inside one document,
    excluding the node's own tokens; a position is counted once even when
    windows overlap (Evert 2008). Sentence boundaries are not respected.
    With ``O`` the frequency of the collocate in the span (``observed``),
    ``R`` the number of span positions (``span_size``), ``C`` the collocate's
    corpus frequency, ``F`` the number of node occurrences and ``N`` the
    corpus size in tokens:

    * ``expected = R * C / N``
    * ``MI = log2(O / expected)``
    * ``t_score = (O - expected) / sqrt(O)``
    * ``log_likelihood``: G2 of the 2x2 table ``[[O, C - O], [R - O,
      N - R - C + O]]`` (span versus rest of corpus), negative when
      ``O < expected``; ``p_value`` from chi-squared with 1 df.
    * ``log_dice = 14 + log2(2 * O / (F + C))`` (Rychly 2008).

    Examples
    --------
    >>> from framing import Corpus
    >>> c = Corpus.from_texts(["we build a shared future together",
    ...                        "a shared future for all", "the future is open"])
    >>> col = collocates(c, "shared future", window=2, min_count=1)
    >>> col[["collocate", "observed", "node_freq", "span_size"]].head(3)
      collocate  observed  node_freq  span_size
    0         a         2          2          6
    1       all         1          2          6
    2     build         1          2          6
    """
    if phrases is not None and phrases is not False:
        args = dict(locals())
        args["phrases"] = None
        with _merging(corpus, phrases, lower):
            return collocates(**args)
    if method not in COLLOCATION_METHODS:
        raise CompareError(f"method must be one of {COLLOCATION_METHODS}, not {method!r}")
    if window is not None:
        left = right = window
    if left < 0 or right < 0 or left + right == 0:
        raise CompareError("the window must include at least one token (left + right >= 1)")
    patterns = _node_patterns(node, lexicon)
    node_matcher = _pattern_matcher(patterns) if patterns is not None else None
    node_toks = _node_tokens(node, lower) if patterns is None else ("",)
    node_label = " ".join(node_toks) if patterns is None else str(node)
    stop = _resolve_stopwords(stopwords, lower)
    if isinstance(corpus, DocumentTermMatrix):
        raise CompareError("collocates needs the texts: pass the Corpus, not its counts")
    dtc = document_term_counts(corpus, lower=lower, n_jobs=n_jobs, progress=progress)
    codes, labels, name = _group_labels(dtc.meta, by)
    n_groups = len(labels)
    index = dtc.term_index()

    missing = [t for t in node_toks if t not in index]
    candidates = np.arange(len(dtc))
    if patterns is not None:
        pass  # a pattern: every document is a candidate
    elif not missing:
        node_cols = [index[t] for t in set(node_toks)]
        has = np.asarray((dtc.matrix[:, node_cols] > 0).sum(axis=1)).ravel() == len(node_cols)
        candidates = np.flatnonzero(has)
    else:
        candidates = np.array([], dtype=np.int64)

    tk = _index_of(corpus) if patterns is None else None  # patterns: matched on the texts
    if tk is not None:  # the span from the token index
        from framing.text.analyses import span_counts_tokens

        span_counts, span_sizes, node_freq = span_counts_tokens(
            tk, node_toks, left, right, codes, n_groups, lower
        )
        candidates = candidates[:0]
    else:
        span_counts = [Counter() for _ in range(n_groups)]
        span_sizes = np.zeros(n_groups, dtype=np.int64)
        node_freq = np.zeros(n_groups, dtype=np.int64)
    texts = _texts_at(corpus, candidates)
    k = len(node_toks)
    for doc, text in zip(candidates, texts, strict=True):
        tokens = _terms(text, lower)
        if patterns is None:
            found = [(s, s + k) for s in _node_positions(tokens, node_toks)]
        else:
            found = _pattern_spans(tokens, node_matcher)
        if not found:
            continue
        g = codes[doc]
        node_freq[g] += len(found)
        occupied: set[int] = set()
        for s, e in found:
            occupied.update(range(s, e))
        span: set[int] = set()
        n = len(tokens)
        for s, e in found:
            span.update(range(max(0, s - left), s))
            span.update(range(e, min(n, e + right)))
        span -= occupied
        span_sizes[g] += len(span)
        span_counts[g].update(tokens[p] for p in span)

    group_tokens = np.bincount(codes, weights=dtc.n_tokens, minlength=n_groups)
    frames = []
    for g in range(n_groups):
        counter = span_counts[g]
        items = [(w, c) for w, c in counter.items() if c >= max(min_count, 1) and w not in stop]
        if not items:
            continue
        words = np.array([w for w, _ in items], dtype=object)
        observed = np.array([c for _, c in items], dtype=np.int64)
        cols = np.array([index[w] for w in words], dtype=np.int64)
        if by is None:
            c_freq = np.asarray(dtc.matrix[:, cols].sum(axis=0)).ravel()
        else:
            rows = np.flatnonzero(codes == g)
            c_freq = np.asarray(dtc.matrix[rows][:, cols].sum(axis=0)).ravel()
        st = collocation_statistics(observed, span_sizes[g], c_freq, node_freq[g], group_tokens[g])
        frame = pd.DataFrame(
            {
                "node": node_label,
                "collocate": words,
                "observed": observed,
                "expected": st["expected"],
                "node_freq": int(node_freq[g]),
                "collocate_freq": c_freq.astype(np.int64),
                "span_size": int(span_sizes[g]),
                "corpus_size": int(group_tokens[g]),
            }
        )
        frame = pd.concat([frame, st.drop(columns="expected")], axis=1)
        if by is not None:
            frame.insert(0, name or "group", labels[g])
        order = np.lexsort((frame["collocate"].astype(str).to_numpy(), -frame[method].to_numpy()))
        frames.append(frame.iloc[order])
    columns = [
        "node",
        "collocate",
        "observed",
        "expected",
        "node_freq",
        "collocate_freq",
        "span_size",
        "corpus_size",
        "MI",
        "t_score",
        "log_likelihood",
        "p_value",
        "log_dice",
    ]
    if by is not None:
        columns.insert(0, name or "group")
    if not frames:
        return pd.DataFrame(
            {c: pd.Series(dtype=object if c in ("node", "collocate") else float) for c in columns}
        )
    return pd.concat(frames, ignore_index=True)[columns]


def _index_of(corpus):
    """The token index of a Corpus or Tokens (built once, cached); None otherwise,
    and None while a ``phrases=`` option merges tokens (the index holds words)."""
    from framing.text.analyses import corpus_tokens

    if _MERGER is not None:
        return None
    return corpus_tokens(corpus)


def _texts_at(corpus, positions: np.ndarray) -> list[str]:
    docs = _docs_of(corpus)
    if docs is not None:
        return docs["text"].iloc[positions].tolist()
    wanted = set(int(p) for p in positions)
    out = []
    offset = 0
    for frame in _iter_frames(corpus):
        for i, text in enumerate(frame["text"]):
            if offset + i in wanted:
                out.append(text)
        offset += len(frame)
    return out
