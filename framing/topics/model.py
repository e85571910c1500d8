"""Topic models with tidy outputs, coherence, model selection and covariate effects.

:class:`TopicModel` fits a topic model to a
:class:`~framing.text.matrix.DocumentTermMatrix` (or a
corpus, prepared with :class:`~framing.topics.dtm.DTMBuilder`) with one of two
backends, chosen by measurement on this project's corpora:

``"lda"``
    Latent Dirichlet allocation by collapsed Gibbs sampling (tomotopy), with
    the document-topic prior ``alpha`` re-estimated every ``optim_interval``
    iterations. Topic-word weights are ``(n_kw + eta) / (n_k + V eta)``,
    document-topic proportions ``(n_dk + alpha_k) / (n_d + sum(alpha))``.
``"nmf"``
    Non-negative matrix factorisation (scikit-learn, coordinate descent,
    Frobenius loss, deterministic NNDSVDa start) of the TF-IDF matrix with
    unit-length rows. Topic-word weights are the rows of ``H`` scaled to sum
    to one; document-topic proportions the rows of ``W`` scaled to sum to one.

Outputs are tidy frames: :meth:`TopicModel.top_terms` (weight, exclusivity
and FREX per term), :meth:`TopicModel.document_topics` (every document's
metadata with its topic proportions). :func:`coherence` computes ``c_npmi``
and ``u_mass`` exactly as gensim's ``CoherenceModel`` defines them,
:func:`select_k` compares numbers of topics, and
:func:`estimate_effect` relates topic prevalence to metadata with intervals
that carry the uncertainty of the topic proportions.

Formulas
--------
FREX (Bischof & Airoldi 2012; Roberts, Stewart & Airoldi 2016, JASA 111: 988-1003)
    The definition of the papers: for topic ``k`` and word ``v``,
    exclusivity is ``beta_kv / sum_j beta_jv`` (no shrinkage); FREX is the
    weighted harmonic mean ``1 / (w / ECDF_k(excl) + (1 - w) / ECDF_k(beta))``
    of the word's empirical CDF values within the topic, ``w`` being the
    weight on *exclusivity* (``w = 0.5`` in :meth:`TopicModel.top_terms`).
    stm's ``calcfrex`` (behind ``labelTopics``) differs in two ways: it
    shrinks exclusivity toward uniform with a James-Stein estimate based on
    the word's count, and its ``w`` weights *frequency*. With ``w = 0.5``
    only the shrinkage differs, which moves rare words down.
Model exclusivity (stm's ``exclusivity``)
    Per topic, the sum of FREX scores (``w = 0.7``, ranks with ties
    averaged) of its ``n`` most probable words.
Held-out fit (document completion)
    A share of documents is held out; each held-out document's tokens are
    split at random into two halves, its topic proportions are estimated
    from the first half with the topics fixed (EM fold-in with the model's
    prior), and the log-likelihood ``sum log(theta_d . beta_w)`` of the
    second half is reported per token (``heldout_loglik``) and as
    ``perplexity = exp(-heldout_loglik)``.

Examples
--------
>>> from framing import Corpus
>>> texts = (["tax budget deficit spending tax budget"] * 20
...          + ["troops war border army war troops"] * 20)
>>> from framing.topics.dtm import document_term_matrix
>>> dtm = document_term_matrix(Corpus.from_texts(texts), min_df=1, max_df=1.0, phrases=False)
>>> model = TopicModel(n_topics=2, backend="nmf", random_state=0).fit(dtm)
>>> sorted(model.top_terms(n=3).groupby("topic")["term"].apply(" ".join).tolist())
['budget tax deficit', 'troops war army']
"""

from __future__ import annotations

import dataclasses
import io
import json
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd
import scipy.sparse as sp
from scipy.stats import rankdata
from sklearn.base import BaseEstimator

from framing._util import renamed_arguments
from framing.corpus.core import Corpus
from framing.errors import TopicModelError
from framing.text.matrix import DocumentTermMatrix
from framing.topics.dtm import DTMBuilder
from framing.topics.effects import EffectError, TopicEffects, estimate_effect

__all__ = [
    "EffectError",
    "TopicEffects",
    "TopicModel",
    "TopicModelError",
    "coherence",
    "estimate_effect",
    "exclusivity",
    "frex",
    "select_k",
    "heldout_likelihood",
]

_EPS = 1e-12  # gensim's epsilon in the coherence measures

BACKENDS = ("lda", "nmf")


def _as_dtm(data, builder: DTMBuilder | None = None) -> DocumentTermMatrix:
    if isinstance(data, DocumentTermMatrix):
        return data
    if isinstance(data, Corpus) or hasattr(data, "collect"):
        return (builder or DTMBuilder()).fit_transform(data)
    raise TopicModelError(f"expected a DocumentTermMatrix or a Corpus, got {type(data).__name__}")


# --------------------------------------------------------------------------
# Coherence
# --------------------------------------------------------------------------


def _term_ids(topics: Sequence[Sequence], vocabulary: Sequence[str]) -> list[np.ndarray]:
    index = {t: i for i, t in enumerate(vocabulary)}
    out = []
    for k, terms in enumerate(topics):
        ids = []
        for t in terms:
            if isinstance(t, (int, np.integer)):
                ids.append(int(t))
            elif t in index:
                ids.append(index[t])
            else:
                raise TopicModelError(
                    f"topic {k}: term {t!r} is not in the vocabulary of the document-term matrix"
                )
        out.append(np.asarray(ids, dtype=np.int64))
    return out


def _window_cooccurrence(
    sequences: Sequence[np.ndarray], relevant: np.ndarray, window_size: int, windows: str = "gensim"
):
    """Occurrence and co-occurrence counts of ``relevant`` terms over sliding windows.

    A document of ``L`` terms gives ``max(L - window_size + 1, 1)`` windows
    (one window when it is shorter than the window), as in gensim. With
    ``windows="gensim"`` a word counts as present in a window the way
    gensim's ``WordOccurrenceAccumulator`` tracks it (see :func:`coherence`);
    with ``"exact"`` it is present when it occurs in the window.
    """
    n_rel = len(relevant)
    lengths = np.fromiter((len(s) for s in sequences), dtype=np.int64, count=len(sequences))
    flat = (
        np.concatenate([np.asarray(s, dtype=np.int64) for s in sequences])
        if len(sequences)
        else np.empty(0, np.int64)
    )
    size = int(max(flat.max(initial=-1), relevant.max(initial=-1))) + 2
    rel_of = np.full(size, -1, dtype=np.int64)
    rel_of[relevant] = np.arange(n_rel)
    r = rel_of[np.where(flat >= 0, flat, size - 1)]
    pos_all = np.flatnonzero(r >= 0)
    n_windows = np.maximum(lengths - window_size + 1, 1)
    total_windows = int(n_windows.sum())
    if len(pos_all) == 0:
        return np.zeros(n_rel), sp.csr_matrix((n_rel, n_rel)), total_windows
    doc_start = np.concatenate(([0], np.cumsum(lengths)[:-1]))
    win_start = np.concatenate(([0], np.cumsum(n_windows)[:-1]))
    doc = np.searchsorted(doc_start, pos_all, side="right") - 1
    p = pos_all - doc_start[doc]
    word = r[pos_all]
    nwin = n_windows[doc]
    # an occurrence at p enters the window that starts at max(0, p - W + 1)
    lo = np.maximum(0, p - window_size + 1)
    if windows == "exact":
        end = np.minimum(p, nwin - 1) + 1
    elif windows == "gensim":
        # gensim marks a word present when it enters at the right edge and
        # absent when any of its occurrences leaves at the left edge, even if
        # another occurrence is still inside. An occurrence therefore keeps
        # its word present from its entry until the next occurrence enters or
        # until the first occurrence at or after its entry position leaves.
        group = doc * n_rel + word
        order = np.lexsort((p, group))
        g, pp, ll = group[order], p[order], lo[order]
        same_next = np.concatenate((g[1:] == g[:-1], [False]))
        next_entry = np.where(same_next, np.concatenate((ll[1:], [0])), np.iinfo(np.int64).max)
        key = g * (int(lengths.max()) + 1) + pp
        first = np.searchsorted(key, g * (int(lengths.max()) + 1) + ll, side="left")
        leave = pp[first] + 1
        end_sorted = np.minimum(np.minimum(next_entry, leave), nwin[order])
        end = np.empty_like(end_sorted)
        end[order] = end_sorted
    else:
        raise TopicModelError(f"windows={windows!r}: use 'gensim' or 'exact'")
    reps = np.maximum(end - lo, 0)
    base = np.repeat(win_start[doc] + lo, reps)
    offs = np.arange(int(reps.sum())) - np.repeat(np.cumsum(reps) - reps, reps)
    wid = base + offs
    keys = np.unique(wid * n_rel + np.repeat(word, reps))
    rows, cols = keys // n_rel, keys % n_rel
    w = sp.csr_matrix((np.ones(len(keys), dtype=np.float64), (rows, cols)), shape=(total_windows, n_rel))
    occ = np.asarray(w.sum(axis=0)).ravel()
    co = (w.T @ w).tocsr()
    return occ, co, total_windows


def coherence(
    topics: Sequence[Sequence],
    dtm: DocumentTermMatrix,
    measure: str = "c_npmi",
    window_size: int = 10,
    windows: str = "gensim",
) -> np.ndarray:
    """Semantic coherence of each topic, as gensim's ``CoherenceModel`` defines it.

    Parameters
    ----------
    topics : list of lists of str (or column indices)
        Each topic's top terms, most probable first.
    dtm : DocumentTermMatrix
        The reference corpus. ``c_npmi`` slides windows over
        :attr:`DocumentTermMatrix.sequences` (a matrix from
        :class:`~framing.topics.dtm.DTMBuilder`); ``u_mass`` counts documents of
        :attr:`DocumentTermMatrix.matrix`.
    measure : {"c_npmi", "u_mass"}
        ``c_npmi``: the mean over all ordered pairs of distinct top terms of
        ``NPMI = ln((P(a, b) + e) / (P(a) P(b))) / -ln(P(a, b) + e)`` with
        ``e = 1e-12`` and probabilities the share of windows of
        ``window_size`` terms that contain the word(s). ``u_mass``: the mean
        over pairs ``(w_i, w_j)``, ``j < i``, of
        ``ln((D(w_i, w_j) / N + e) / (D(w_j) / N))`` with ``D`` the number
        of documents containing the word(s) and ``N`` the number of
        documents.
    window_size : int, default 10
        Window length for ``c_npmi``.
    windows : {"gensim", "exact"}, default "gensim"
        How ``c_npmi`` decides that a word is in a window (see Notes).

    Returns
    -------
    numpy.ndarray of float, one value per topic.

    Notes
    -----
    gensim (4.x) tracks the words of a sliding window incrementally: when a
    word leaves at the left edge it is marked absent even if another
    occurrence of it is still inside the window, until it enters again at
    the right edge. ``windows="gensim"`` (the default) counts the same way,
    so values equal gensim's ``CoherenceModel``; ``windows="exact"`` counts
    a word in every window that contains it, which gives slightly higher
    probabilities when top words repeat within ``window_size`` terms.

    Examples
    --------
    >>> from framing import Corpus
    >>> from framing.topics.dtm import document_term_matrix
    >>> dtm = document_term_matrix(Corpus.from_texts(["a1 b1 c1", "a1 b1", "c1 d1"]),
    ...                            min_df=1, max_df=1.0, phrases=False, stopwords=None)
    >>> coherence([["a1", "b1"]], dtm, "u_mass").round(6).tolist()
    [0.0]
    """
    if measure not in ("c_npmi", "u_mass"):
        raise TopicModelError(f"measure={measure!r}: use 'c_npmi' or 'u_mass'")
    ids = _term_ids(topics, dtm.vocabulary)
    relevant = np.unique(np.concatenate(ids)) if ids else np.empty(0, dtype=np.int64)
    pos = {int(t): i for i, t in enumerate(relevant)}
    if measure == "c_npmi":
        if dtm.sequences is None:
            raise TopicModelError(
                "c_npmi slides windows over each document's terms in order, and this matrix holds "
                "counts only: prepare it with DTMBuilder, or use measure='u_mass'"
            )
        occ, co, n = _window_cooccurrence(dtm.sequences, relevant, window_size, windows)
    else:
        xb = (dtm.matrix[:, relevant] > 0).astype(np.float64)
        occ = np.asarray(xb.sum(axis=0)).ravel()
        co = (xb.T @ xb).tocsr()
        n = dtm.n_docs
    co = co.toarray()
    out = np.empty(len(ids))
    for k, terms in enumerate(ids):
        t = np.array([pos[int(i)] for i in terms])
        if len(t) < 2:
            out[k] = np.nan
            continue
        pa = occ[t] / n
        pab = co[np.ix_(t, t)] / n
        if measure == "c_npmi":
            with np.errstate(divide="ignore", invalid="ignore"):
                pmi = np.log((pab + _EPS) / np.outer(pa, pa))
                npmi = pmi / -np.log(pab + _EPS)
            off = ~np.eye(len(t), dtype=bool)
            out[k] = float(np.mean(npmi[off]))
        else:
            i_idx, j_idx = np.tril_indices(len(t), -1)
            with np.errstate(divide="ignore"):
                vals = np.log((pab[i_idx, j_idx] + _EPS) / pa[j_idx])
            out[k] = float(np.mean(vals))
    return out


# --------------------------------------------------------------------------
# Exclusivity and FREX
# --------------------------------------------------------------------------


def _ecdf_rows(values: np.ndarray, method: str = "max") -> np.ndarray:
    """Row-wise empirical CDF values (share of the row at or below each value)."""
    return rankdata(values, axis=1, method=method) / values.shape[1]


def frex(topic_word: np.ndarray, weight: float = 0.5, ties: str = "max") -> np.ndarray:
    """FREX score of every topic (row) and term (column) of ``topic_word``.

    ``1 / (w / ECDF(exclusivity) + (1 - w) / ECDF(probability))`` within each
    topic, exclusivity being ``beta_kv / sum_j beta_jv``.

    Examples
    --------
    >>> beta = np.array([[0.7, 0.2, 0.1], [0.1, 0.2, 0.7]])
    >>> frex(beta).round(3).tolist()
    [[1.0, 0.667, 0.333], [0.333, 0.667, 1.0]]
    """
    beta = np.asarray(topic_word, dtype=np.float64)
    total = beta.sum(axis=0, keepdims=True)
    # a term with no weight in any topic (absent from the training documents) is exclusive to none
    excl = np.divide(beta, total, out=np.zeros_like(beta), where=total > 0)
    return 1.0 / (weight / _ecdf_rows(excl, ties) + (1 - weight) / _ecdf_rows(beta, ties))


def exclusivity(topic_word: np.ndarray, n: int = 10, weight: float = 0.7) -> np.ndarray:
    """stm's exclusivity: per topic, the summed FREX of its ``n`` most probable terms.

    Ranks average ties, and FREX uses weight ``0.7`` on exclusivity, as in
    stm's ``exclusivity(model, M = 10, frexw = 0.7)``.

    Examples
    --------
    >>> beta = np.array([[0.7, 0.2, 0.1], [0.1, 0.2, 0.7]])
    >>> exclusivity(beta, n=2).round(4).tolist()
    [1.6667, 1.6667]
    """
    beta = np.asarray(topic_word, dtype=np.float64)
    scores = frex(beta, weight=weight, ties="average")
    top = np.argsort(-beta, axis=1, kind="stable")[:, :n]
    return np.take_along_axis(scores, top, axis=1).sum(axis=1)


# --------------------------------------------------------------------------
# Fold-in
# --------------------------------------------------------------------------


def _fold_in(
    x: sp.csr_matrix, beta: np.ndarray, alpha: np.ndarray, iterations: int = 100, batch: int = 2000
) -> np.ndarray:
    """Topic proportions of the rows of ``x`` with topics ``beta`` fixed (EM, MAP-like).

    Iterates ``theta_k <- alpha_k + sum_v x_v theta_k beta_kv / (theta . beta_v)``
    and normalises, from a uniform start: deterministic.
    """
    n, k = x.shape[0], beta.shape[0]
    out = np.empty((n, k))
    beta = np.maximum(beta, 1e-300)
    for s in range(0, n, batch):
        xb = x[s : s + batch].tocsr().astype(np.float64)
        rows = np.repeat(np.arange(xb.shape[0]), np.diff(xb.indptr))
        cols = xb.indices
        theta = np.full((xb.shape[0], k), 1.0 / k)
        bt = beta.T[cols]  # nnz x K
        for _ in range(iterations):
            denom = np.einsum("ij,ij->i", theta[rows], bt)
            r = sp.csr_matrix((xb.data / denom, cols, xb.indptr), shape=xb.shape)
            new = alpha + theta * (r @ beta.T)
            new /= new.sum(axis=1, keepdims=True)
            if np.abs(new - theta).max() < 1e-8:
                theta = new
                break
            theta = new
        out[s : s + batch] = theta
    return out


def _split_halves(dtm: DocumentTermMatrix, rng: np.random.Generator) -> tuple[sp.csr_matrix, sp.csr_matrix]:
    """Split each document's tokens at random into two count matrices."""
    m = dtm.matrix.tocsr()
    first = rng.binomial(m.data.astype(np.int64), 0.5)
    a = sp.csr_matrix((first, m.indices.copy(), m.indptr.copy()), shape=m.shape)
    b = sp.csr_matrix((m.data - first, m.indices.copy(), m.indptr.copy()), shape=m.shape)
    a.eliminate_zeros()
    b.eliminate_zeros()
    return a, b


def heldout_likelihood(model: TopicModel, dtm: DocumentTermMatrix, random_state: int = 0) -> float:
    """Per-token held-out log-likelihood by document completion (see the module notes).

    Examples
    --------
    >>> from framing import Corpus
    >>> from framing.topics.dtm import document_term_matrix
    >>> texts = ["tax budget deficit " * 4] * 10 + ["war army troops " * 4] * 10
    >>> dtm = document_term_matrix(Corpus.from_texts(texts), min_df=1, max_df=1.0, phrases=False)
    >>> m = TopicModel(2, backend="nmf").fit(dtm)
    >>> round(heldout_likelihood(m, dtm), 2)  # near ln(1/3) = -1.10, the prior blurs theta
    -1.18
    """
    dtm = model._align(dtm)
    a, b = _split_halves(dtm, np.random.default_rng(random_state))
    theta = _fold_in(a, model.components_, model._prior())
    b = b.tocsr()
    rows = np.repeat(np.arange(b.shape[0]), np.diff(b.indptr))
    p = np.einsum("ij,ij->i", theta[rows], model.components_.T[b.indices])
    total = b.data.sum()
    if total == 0:
        raise TopicModelError("the held-out documents have no tokens to evaluate")
    return float((b.data * np.log(np.maximum(p, 1e-300))).sum() / total)


# --------------------------------------------------------------------------
# The model
# --------------------------------------------------------------------------


def token_shares(
    counts: sp.csr_matrix,
    topics: np.ndarray,
    theta0: np.ndarray,
    iterations: int = 50,
    chunk: int = 500_000,
    update_topics: bool = False,
):
    """Each document's share of tokens per topic, given topic-word distributions.

    Maximises the multinomial mixture likelihood ``sum_v c_dv log sum_k
    theta_dk beta_kv`` over ``theta_d`` by EM (the topics ``beta`` fixed),
    from ``theta0``.

    Examples
    --------
    >>> beta = np.array([[0.5, 0.5, 0.0, 0.0], [0.0, 0.0, 0.5, 0.5]])
    >>> c = sp.csr_matrix(np.array([[3, 3, 1, 1]]))
    >>> token_shares(c, beta, np.array([[0.5, 0.5]])).round(3).tolist()
    [[0.75, 0.25]]
    """
    m = counts.tocsr().astype(np.float64)
    beta = np.asarray(topics, dtype=np.float64)
    theta = np.clip(np.asarray(theta0, dtype=np.float64), 1e-12, None)
    theta /= theta.sum(axis=1, keepdims=True)
    rows = np.repeat(np.arange(m.shape[0]), np.diff(m.indptr))
    cols = m.indices
    n_d = np.asarray(m.sum(axis=1)).ravel()
    n_d[n_d == 0] = 1.0
    for _ in range(int(iterations)):
        denom = np.empty(len(cols))
        for a in range(0, len(cols), chunk):
            r, c = rows[a : a + chunk], cols[a : a + chunk]
            denom[a : a + chunk] = np.einsum("ik,ki->i", theta[r], beta[:, c])
        denom[denom <= 0] = 1e-300
        ratio = sp.csr_matrix((m.data / denom, m.indices, m.indptr), shape=m.shape)
        new = theta * np.asarray(ratio @ beta.T) / n_d[:, None]
        if update_topics:
            b = beta * np.asarray((ratio.T @ theta).T)
            bs = b.sum(axis=1, keepdims=True)
            bs[bs == 0] = 1.0
            beta = b / bs
        if np.abs(new - theta).max() < 1e-6:
            theta = new
            break
        theta = new
    empty = np.asarray(counts.sum(axis=1)).ravel() == 0
    theta[empty] = 1.0 / beta.shape[0]
    theta = theta / theta.sum(axis=1, keepdims=True)
    return (theta, beta) if update_topics else theta


class TopicModel(BaseEstimator):
    """A topic model with a scikit-learn-style interface.

    Parameters
    ----------
    n_topics : int, default 20
        Number of topics ``K``.
    backend : {"lda", "nmf"}, default "lda"
        See the module notes.
    alpha : float or None
        LDA: initial symmetric document-topic prior (default ``0.1``; then
        re-estimated, see ``optim_interval``). NMF: the pseudo-count prior
        used when drawing topic proportions for :func:`estimate_effect`
        (default ``1 / n_topics``).
    eta : float, default 0.01
        LDA topic-word prior.
    iterations : int or None
        LDA: Gibbs sweeps (default 200). NMF: maximum coordinate-descent
        iterations (default 400).
    optim_interval : int, default 10
        LDA: re-estimate ``alpha`` every this many sweeps (0: never).
    n_jobs : int, default 1
        LDA: sampling threads. With 1 the result depends only on the data
        and ``random_state``; more threads are faster and, on the data tried,
        give identical results too, but the sampler does not promise it.
    n_top : int, default 10
        Top terms used for coherence and exclusivity.
    random_state : int, default 0
        Seed of the sampler (LDA) or of the held-out split.
    progress : bool, default False
        Show a progress bar while fitting.

    Attributes
    ----------
    components_ : ndarray (n_topics, n_terms)
        Topic-word weights, each row summing to one.
    doc_topic_ : ndarray (n_docs, n_topics)
        Topic proportions of the training documents.
    doc_topic_concentration_ : ndarray (n_docs, n_topics)
        Dirichlet parameters of each training document's topic proportions
        (LDA: ``n_dk + alpha_k``; NMF: ``n_d * theta_dk + alpha``), used to
        draw proportions in :func:`estimate_effect`.
    alpha_ : ndarray (n_topics,)
        Document-topic prior.
    vocabulary_ : list of str
    docs_ : pandas.DataFrame
        Metadata of the training documents.
    labels_ : list of str
        ``"T01 word, word, word"`` labels from the top terms.
    idf_ : ndarray or None
        NMF: inverse document frequencies of the training TF-IDF.
    n_iter_ : int
    fit_seconds_ : float

    Examples
    --------
    >>> from framing import Corpus
    >>> texts = ["tax budget deficit tax"] * 15 + ["war army troops war"] * 15
    >>> from framing.topics.dtm import document_term_matrix
    >>> dtm = document_term_matrix(Corpus.from_texts(texts), min_df=1, max_df=1.0, phrases=False)
    >>> lda = TopicModel(n_topics=2, backend="lda", iterations=50, random_state=1).fit(dtm)
    >>> sorted(lda.top_terms(n=1)["term"].tolist())
    ['tax', 'war']
    >>> lda.document_topics(wide=True).shape
    (30, 8)
    """

    def __init__(
        self,
        n_topics: int = 20,
        *,
        backend: str = "lda",
        alpha: float | None = None,
        eta: float = 0.01,
        iterations: int | None = None,
        optim_interval: int = 10,
        n_jobs: int = 1,
        n_top: int = 10,
        random_state: int = 0,
        progress: bool = False,
    ):
        self.n_topics = n_topics
        self.backend = backend
        self.alpha = alpha
        self.eta = eta
        self.iterations = iterations
        self.optim_interval = optim_interval
        self.n_jobs = n_jobs
        self.n_top = n_top
        self.random_state = random_state
        self.progress = progress

    _PARAMS = (
        "n_topics",
        "backend",
        "alpha",
        "eta",
        "iterations",
        "optim_interval",
        "n_jobs",
        "n_top",
        "random_state",
        "progress",
    )

    def get_params(self, deep: bool = True) -> dict:
        return {k: getattr(self, k) for k in self._PARAMS}

    def set_params(self, **params) -> TopicModel:
        for k, v in params.items():
            if k not in self._PARAMS:
                raise TopicModelError(f"unknown parameter {k!r}; parameters: {', '.join(self._PARAMS)}")
            setattr(self, k, v)
        return self

    def __repr__(self) -> str:
        return f"TopicModel(n_topics={self.n_topics}, backend={self.backend!r}, random_state={self.random_state})"

    # -- fitting ----------------------------------------------------------

    def _check(self, dtm: DocumentTermMatrix) -> None:
        if self.backend not in BACKENDS:
            raise TopicModelError(f"backend={self.backend!r}: choose one of {BACKENDS}")
        k = self.n_topics
        if not isinstance(k, (int, np.integer)) or k < 2:
            raise TopicModelError(f"n_topics={k!r}: a topic model needs an integer of at least 2")
        if dtm.n_docs < k:
            raise TopicModelError(
                f"too few documents for {k} topics: the document-term matrix has {dtm.n_docs} documents; "
                f"use n_topics < {dtm.n_docs}, add documents, or split them into paragraphs "
                "(DTMBuilder(split='paragraphs'))"
            )
        if dtm.n_terms < k:
            raise TopicModelError(
                f"too few terms for {k} topics: the vocabulary has {dtm.n_terms} terms; "
                "lower min_df or raise max_df in DTMBuilder, or use fewer topics"
            )

    def fit(self, data, y=None) -> TopicModel:
        """Fit the model to a :class:`~framing.text.matrix.DocumentTermMatrix` or a corpus."""
        dtm = _as_dtm(data)
        self._check(dtm)
        t0 = time.perf_counter()
        if self.backend == "lda":
            self._fit_lda(dtm)
        else:
            self._fit_nmf(dtm)
        self.vocabulary_ = list(dtm.vocabulary)
        self.docs_ = dtm.docs.reset_index(drop=True).copy()
        self.n_tokens_ = np.asarray(dtm.matrix.sum(axis=1)).ravel()
        self.labels_ = self._labels()
        self.fit_seconds_ = time.perf_counter() - t0
        return self

    def fit_transform(self, data, y=None) -> np.ndarray:
        """Fit and return :attr:`doc_topic_`."""
        return self.fit(data).doc_topic_

    def _fit_lda(self, dtm: DocumentTermMatrix) -> None:
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)  # raised by tomotopy's import
            import tomotopy as tp

        k = int(self.n_topics)
        alpha0 = 0.1 if self.alpha is None else float(self.alpha)
        iterations = 200 if self.iterations is None else int(self.iterations)
        model = tp.LDAModel(
            k=k, alpha=alpha0, eta=float(self.eta), min_cf=0, rm_top=0, seed=int(self.random_state)
        )
        model.optim_interval = int(self.optim_interval)
        vocab = np.asarray(dtm.vocabulary, dtype=object)
        m = dtm.matrix.tocsr()
        for i in range(m.shape[0]):
            s, e = m.indptr[i], m.indptr[i + 1]
            model.add_doc(vocab[np.repeat(m.indices[s:e], m.data[s:e])].tolist())
        workers = max(1, int(self.n_jobs or 1))
        step = max(1, iterations // 20) if self.progress else iterations
        bar = None
        if self.progress:
            from tqdm.auto import tqdm

            bar = tqdm(total=iterations, desc=f"LDA K={k}", unit="sweep")
        done = 0
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            while done < iterations:
                n = min(step, iterations - done)
                model.train(n, workers=workers, parallel=tp.ParallelScheme.PARTITION)
                done += n
                if bar is not None:
                    bar.update(n)
        if bar is not None:
            bar.close()
        index = {w: i for i, w in enumerate(dtm.vocabulary)}
        cols = np.array([index[w] for w in model.used_vocabs], dtype=np.int64)
        beta = np.zeros((k, dtm.n_terms))
        for t in range(k):
            beta[t, cols] = model.get_topic_word_dist(t)
        beta /= beta.sum(axis=1, keepdims=True)
        alpha = np.asarray(model.alpha, dtype=np.float64)
        counts = np.zeros((m.shape[0], k))
        for i, doc in enumerate(model.docs):
            counts[i] = np.bincount(np.asarray(doc.topics), minlength=k)
        self.components_ = beta
        self.alpha_ = alpha
        self.doc_topic_concentration_ = counts + alpha
        self.doc_topic_ = self.doc_topic_concentration_ / self.doc_topic_concentration_.sum(
            axis=1, keepdims=True
        )
        self.idf_ = None
        self.n_iter_ = iterations
        self.log_likelihood_per_token_ = float(model.ll_per_word)

    def _tfidf(self, x: sp.csr_matrix) -> sp.csr_matrix:
        x = x.astype(np.float64).multiply(self.idf_).tocsr()
        norms = np.sqrt(np.asarray(x.multiply(x).sum(axis=1)).ravel())
        norms[norms == 0] = 1.0
        return sp.diags(1.0 / norms) @ x

    def _fit_nmf(self, dtm: DocumentTermMatrix) -> None:
        from sklearn.decomposition import NMF

        k = int(self.n_topics)
        m = dtm.matrix.tocsr()
        n = m.shape[0]
        df = np.diff(m.tocsc().indptr)
        self.idf_ = np.log((1 + n) / (1 + df)) + 1.0  # scikit-learn's smooth idf
        x = self._tfidf(m)
        nmf = NMF(
            n_components=k,
            init="nndsvda",
            solver="cd",
            beta_loss="frobenius",
            max_iter=400 if self.iterations is None else int(self.iterations),
            tol=1e-4,
            random_state=int(self.random_state),
        )
        import warnings

        from sklearn.exceptions import ConvergenceWarning

        with warnings.catch_warnings(), np.errstate(invalid="ignore"):
            warnings.simplefilter("ignore", ConvergenceWarning)
            warnings.simplefilter("ignore", RuntimeWarning)  # sqrt of a rounding-negative loss
            w = nmf.fit_transform(x)
        h = nmf.components_
        hs = h.sum(axis=1, keepdims=True)
        hs[hs == 0] = 1.0
        self.components_ = h / hs
        self._nmf_h = h
        # Proportions are shares of each document's tokens (EM fold-in of the
        # counts on the topics, started from the normalised NMF weights), so
        # that they mean what LDA proportions mean and effects are on that scale.
        theta, self.components_ = token_shares(
            m, self.components_, self._normalise_w(w), iterations=100, update_topics=True
        )
        alpha = 1.0 / k if self.alpha is None else float(self.alpha)
        self.alpha_ = np.full(k, alpha)
        n_tok = np.asarray(m.sum(axis=1)).ravel()
        self.doc_topic_ = theta
        self.doc_topic_concentration_ = theta * n_tok[:, None] + alpha
        self.n_iter_ = int(nmf.n_iter_)

    def _normalise_w(self, w: np.ndarray) -> np.ndarray:
        s = w.sum(axis=1, keepdims=True)
        theta = np.where(s > 0, w / np.where(s > 0, s, 1.0), 1.0 / w.shape[1])
        return theta

    def _prior(self) -> np.ndarray:
        return np.asarray(self.alpha_, dtype=np.float64)

    # -- applying ---------------------------------------------------------

    def _fitted(self) -> None:
        if not hasattr(self, "components_"):
            raise TopicModelError("this TopicModel is not fitted yet: call fit first")

    def _align(self, dtm: DocumentTermMatrix) -> DocumentTermMatrix:
        """The matrix with its columns in the model's vocabulary (unknown terms dropped)."""
        self._fitted()
        dtm = _as_dtm(dtm)
        if list(dtm.vocabulary) == self.vocabulary_:
            return dtm
        index = {t: i for i, t in enumerate(self.vocabulary_)}
        src = np.array([index.get(t, -1) for t in dtm.vocabulary], dtype=np.int64)
        m = dtm.matrix.tocoo()
        keep = src[m.col] >= 0
        mat = sp.csr_matrix(
            (m.data[keep], (m.row[keep], src[m.col[keep]])), shape=(dtm.n_docs, len(self.vocabulary_))
        )
        seqs = None
        if dtm.sequences is not None:
            seqs = [np.where(s >= 0, src[np.maximum(s, 0)], -1).astype(np.int32) for s in dtm.sequences]
        return dataclasses.replace(
            dtm, matrix=mat, terms=np.asarray(self.vocabulary_, dtype=object), sequences=seqs, _cut_terms=None
        )

    def transform(self, data) -> np.ndarray:
        """Topic proportions of new documents (topics fixed).

        LDA: EM fold-in with the fitted ``alpha_``; NMF: scikit-learn's NMF
        transform of the TF-IDF rows, scaled to sum to one. Both are
        deterministic.
        """
        dtm = self._align(data)
        if self.backend == "nmf":
            from sklearn.decomposition import non_negative_factorization

            w, _, _ = non_negative_factorization(
                self._tfidf(dtm.matrix),
                H=self._nmf_h,
                n_components=self.n_topics,
                init="custom",
                update_H=False,
                solver="cd",
                beta_loss="frobenius",
                max_iter=400,
                tol=1e-4,
            )
            return self._normalise_w(w)
        return _fold_in(dtm.matrix, self.components_, self._prior())

    # -- outputs ----------------------------------------------------------

    def _labels(self, n: int = 3) -> list[str]:
        top = np.argsort(-self.components_, axis=1, kind="stable")[:, :n]
        width = len(str(self.n_topics))
        return [
            f"T{k + 1:0{width}d} " + ", ".join(self.vocabulary_[i] for i in row) for k, row in enumerate(top)
        ]

    @renamed_arguments(by="rank_by")
    def top_terms(self, n: int = 10, rank_by: str = "weight", frex_weight: float = 0.5) -> pd.DataFrame:
        """The top ``n`` terms of every topic, one row per topic and term.

        Columns: ``topic`` (1-based), ``label``, ``rank``, ``term``,
        ``weight`` (topic-word probability), ``exclusivity``
        (``beta_kv / sum_j beta_jv``) and ``frex`` (see the module notes).
        ``rank_by="frex"`` ranks by FREX instead of weight (formerly ``by=``).
        """
        self._fitted()
        by = rank_by
        if by not in ("weight", "frex"):
            raise TopicModelError(f"rank_by={by!r}: use 'weight' or 'frex'")
        beta = self.components_
        excl = beta / beta.sum(axis=0, keepdims=True)
        fx = frex(beta, weight=frex_weight)
        key = beta if by == "weight" else fx
        top = np.argsort(-key, axis=1, kind="stable")[:, :n]
        rows = []
        vocab = self.vocabulary_
        for k in range(beta.shape[0]):
            for r, v in enumerate(top[k], start=1):
                rows.append((k + 1, self.labels_[k], r, vocab[v], beta[k, v], excl[k, v], fx[k, v]))
        return pd.DataFrame(rows, columns=["topic", "label", "rank", "term", "weight", "exclusivity", "frex"])

    def document_topics(self, data=None, wide: bool = False) -> pd.DataFrame:
        """Topic proportions with every document's metadata.

        Without ``data``: the training documents. Long form (default): one
        row per document and topic with ``topic``, ``label`` and
        ``proportion``; ``wide=True``: one row per document with columns
        ``topic_1 ... topic_K``.
        """
        self._fitted()
        if data is None:
            theta, meta = self.doc_topic_, self.docs_
        else:
            dtm = self._align(data)
            theta, meta = self.transform(dtm), dtm.docs
        meta = meta.reset_index(drop=True)
        cols = [f"topic_{k + 1}" for k in range(self.n_topics)]
        wide_frame = pd.concat([meta, pd.DataFrame(theta, columns=cols)], axis=1)
        if wide:
            return wide_frame
        long = wide_frame.melt(
            id_vars=list(meta.columns), value_vars=cols, var_name="topic", value_name="proportion"
        )
        long["topic"] = long["topic"].str[6:].astype(np.int64)
        long.insert(
            long.columns.get_loc("topic") + 1,
            "label",
            np.asarray(self.labels_, dtype=object)[long["topic"].to_numpy() - 1],
        )
        return long.sort_values(["doc_id", "topic"], kind="stable").reset_index(drop=True)

    def topic_summary(self, n: int = 10) -> pd.DataFrame:
        """One row per topic: ``topic``, ``label``, ``prevalence`` (mean
        proportion over the training documents), ``top_terms`` and
        ``frex_terms`` (space-separated). Coherence needs the reference
        corpus: add it with ``summary["c_npmi"] = model.coherence(dtm)``."""
        self._fitted()
        tt = self.top_terms(n)
        ft = self.top_terms(n, rank_by="frex")
        return pd.DataFrame(
            {
                "topic": np.arange(1, self.n_topics + 1),
                "label": self.labels_,
                "prevalence": self.doc_topic_.mean(axis=0),
                "top_terms": tt.groupby("topic")["term"].apply(" ".join).to_numpy(),
                "frex_terms": ft.groupby("topic")["term"].apply(" ".join).to_numpy(),
            }
        )

    def top_term_lists(self, n: int | None = None) -> list[list[str]]:
        n = n or self.n_top
        top = np.argsort(-self.components_, axis=1, kind="stable")[:, :n]
        return [[self.vocabulary_[i] for i in row] for row in top]

    def coherence(self, dtm: DocumentTermMatrix, measure: str = "c_npmi", n: int | None = None) -> np.ndarray:
        """Per-topic coherence of the top ``n`` terms against ``dtm`` (see :func:`coherence`)."""
        dtm = self._align(dtm)
        return coherence(self.top_term_lists(n), dtm, measure)

    def score(self, dtm: DocumentTermMatrix, heldout: DocumentTermMatrix | None = None) -> dict:
        """Mean ``c_npmi``, ``u_mass`` and exclusivity (and held-out fit if given)."""
        out = {
            "c_npmi": float(np.nanmean(self.coherence(dtm, "c_npmi"))),
            "u_mass": float(np.nanmean(self.coherence(dtm, "u_mass"))),
            "exclusivity": float(np.mean(exclusivity(self.components_, n=self.n_top))),
        }
        if heldout is not None:
            ll = heldout_likelihood(self, heldout, random_state=self.random_state)
            out["heldout_loglik"] = ll
            out["perplexity"] = float(np.exp(-ll))
        return out

    # -- persistence ------------------------------------------------------

    def save(self, path: str | Path) -> Path:
        """Save the fitted model to one ``.npz`` file (no pickle)."""
        self._fitted()
        path = Path(path)
        buf = io.BytesIO()
        self.docs_.to_parquet(buf, index=False)
        arrays = {
            "components": self.components_,
            "doc_topic": self.doc_topic_,
            "concentration": self.doc_topic_concentration_,
            "alpha": self.alpha_,
            "n_tokens": self.n_tokens_,
            "vocabulary": np.asarray(self.vocabulary_, dtype=str),
            "docs_parquet": np.frombuffer(buf.getvalue(), dtype=np.uint8),
            "params": np.asarray(json.dumps(self.get_params())),
            "state": np.asarray(
                json.dumps({"n_iter_": int(self.n_iter_), "fit_seconds_": float(self.fit_seconds_)})
            ),
        }
        if self.backend == "nmf":
            arrays["idf"] = self.idf_
            arrays["nmf_h"] = self._nmf_h
        with open(path, "wb") as fh:
            np.savez_compressed(fh, **arrays)
        return path

    @classmethod
    def load(cls, path: str | Path) -> TopicModel:
        """Load a model written by :meth:`save`."""
        path = Path(path)
        if not path.exists():
            raise FileNotFoundError(f"no saved topic model at {path}")
        with np.load(path, allow_pickle=False) as z:
            model = cls(**json.loads(str(z["params"])))
            model.components_ = z["components"]
            model.doc_topic_ = z["doc_topic"]
            model.doc_topic_concentration_ = z["concentration"]
            model.alpha_ = z["alpha"]
            model.n_tokens_ = z["n_tokens"]
            model.vocabulary_ = z["vocabulary"].tolist()
            model.docs_ = pd.read_parquet(io.BytesIO(z["docs_parquet"].tobytes()))
            for k, v in json.loads(str(z["state"])).items():
                setattr(model, k, v)
            model.idf_ = z["idf"] if "idf" in z else None
            if "nmf_h" in z:
                model._nmf_h = z["nmf_h"]
        model.labels_ = model._labels()
        return model


# --------------------------------------------------------------------------
# Model selection
# --------------------------------------------------------------------------


def select_k(
    data,
    ks: Sequence[int] = (5, 10, 15, 20, 30),
    *,
    heldout: float = 0.1,
    random_state: int = 0,
    progress: bool = False,
    **model_params,
) -> pd.DataFrame:
    """Fit one model per number of topics and compare them.

    A share ``heldout`` of the documents is held out (the same documents for
    every K); each model is fitted on the rest. Columns: ``k``,
    ``c_npmi`` and ``u_mass`` (mean over topics, on the training
    documents), ``exclusivity`` (mean, see :func:`exclusivity`),
    ``heldout_loglik`` and ``perplexity`` (document completion on the held-out
    documents), ``seconds``. Higher coherence, exclusivity and held-out
    log-likelihood are better; plot with
    :func:`framing.topics.plots.plot_select_k`.

    Examples
    --------
    >>> from framing import Corpus
    >>> from framing.topics.dtm import document_term_matrix
    >>> texts = (["tax budget deficit spending"] * 20 + ["war army troops border"] * 20
    ...          + ["climate carbon emissions warming"] * 20)
    >>> dtm = document_term_matrix(Corpus.from_texts(texts), min_df=1, max_df=1.0, phrases=False)
    >>> res = select_k(dtm, ks=[2, 3], backend="nmf")
    >>> res["k"].tolist(), bool(res.loc[1, "heldout_loglik"] > res.loc[0, "heldout_loglik"])
    ([2, 3], True)
    """
    dtm = _as_dtm(data)
    if not 0.0 < heldout < 0.5:
        raise TopicModelError(f"heldout={heldout}: use a share of documents in (0, 0.5)")
    rng = np.random.default_rng(random_state)
    n = dtm.n_docs
    n_test = max(1, int(round(heldout * n)))
    test = np.zeros(n, dtype=bool)
    test[rng.choice(n, n_test, replace=False)] = True
    train_dtm, test_dtm = dtm.subset(~test), dtm.subset(test)
    rows = []
    iterator = list(ks)
    if progress:
        from tqdm.auto import tqdm

        iterator = tqdm(iterator, desc="select_k", unit="model")
    for k in iterator:
        t0 = time.perf_counter()
        model = TopicModel(int(k), random_state=random_state, **model_params).fit(train_dtm)
        scores = model.score(train_dtm, heldout=test_dtm)
        rows.append({"k": int(k), **scores, "seconds": time.perf_counter() - t0})
    return pd.DataFrame(rows)
