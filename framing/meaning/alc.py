"""A la carte (ALC) embeddings: a word occurrence embedded by its context.

Khodak et al. (2018) embed one occurrence of a word by the average vector of
the words around it, multiplied by a square matrix ``A`` that undoes the
common directions shared by all averages. ``A`` is estimated from the corpus:
for every word ``w`` seen at least ``min_count`` times, ``u_w`` is the mean
vector of all tokens within ``window`` positions of its occurrences, and
``A`` minimises ``sum_w a_w * ||v_w - A u_w||^2`` with weights
``a_w = log(count_w)`` (the weighting conText's ``compute_transform`` uses for
small corpora) or 1 (``weighting="none"``). Tokens without a vector are skipped
when averaging; contexts stop at the document's edges.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from framing.errors import EmbeddingError
from framing.meaning.embeddings import Embeddings

__all__ = ["ALCTransform", "compute_transform", "context_sums"]


def context_sums(ids: np.ndarray, vectors: np.ndarray, window: int):
    """For each position, the sum of the vectors of the tokens within ``window``
    positions (itself excluded) and how many of them have a vector.

    Examples
    --------
    >>> import numpy as np
    >>> s, n = context_sums(np.array([0, 1, -1, 0]), np.array([[1.0], [10.0]]), 1)
    >>> s.ravel().tolist(), n.tolist()
    ([10.0, 1.0, 11.0, 0.0], [1, 1, 2, 0])
    """
    n = len(ids)
    valid = ids >= 0
    vec = np.zeros((n, vectors.shape[1]))
    vec[valid] = vectors[ids[valid]]
    cs = np.vstack([np.zeros((1, vectors.shape[1])), np.cumsum(vec, axis=0)])
    cn = np.concatenate([[0], np.cumsum(valid)])
    pos = np.arange(n)
    lo = np.maximum(pos - window, 0)
    hi = np.minimum(pos + window + 1, n)
    sums = cs[hi] - cs[lo] - vec
    counts = cn[hi] - cn[lo] - valid
    return sums, counts


@dataclass
class ALCTransform:
    """The matrix ``A`` of a corpus and its embeddings.

    Attributes
    ----------
    A : numpy.ndarray, shape (dim, dim)
        An occurrence's ALC embedding is ``A @ mean_context_vector``.
    embeddings : Embeddings
    window : int
    words_used : int
        Words whose (vector, mean context) pairs estimated ``A``.

    Examples
    --------
    Built by :func:`compute_transform`; it then embeds any context:

    >>> import numpy as np
    >>> rng = np.random.default_rng(0)
    >>> words = [f"w{i}" for i in range(30)]
    >>> docs = [list(rng.choice(words, 200)) for _ in range(20)]
    >>> t = compute_transform(docs, Embeddings(words, rng.normal(size=(30, 4))), window=2, min_count=1)
    >>> t.A.shape, t.window, t.words_used
    ((4, 4), 2, 30)
    >>> emb, ok = t.embed_contexts([["w1", "w2", "unknown"], ["unknown"]])
    >>> emb.shape, ok.tolist()
    ((2, 4), [True, False])
    >>> mean = t.embeddings.vectors[[1, 2]].mean(axis=0)
    >>> bool(np.allclose(emb[0], t.A @ mean))
    True
    """

    A: np.ndarray
    embeddings: Embeddings
    window: int
    words_used: int = 0
    weighting: str = "log"

    def embed(self, mean_contexts: np.ndarray) -> np.ndarray:
        """ALC embeddings of rows of mean context vectors."""
        return np.asarray(mean_contexts) @ self.A.T

    def embed_contexts(self, contexts) -> tuple[np.ndarray, np.ndarray]:
        """ALC embeddings of token lists; also a mask of the contexts that had a vector."""
        emb = self.embeddings
        out = np.zeros((len(contexts), emb.dim))
        ok = np.zeros(len(contexts), dtype=bool)
        for i, ctx in enumerate(contexts):
            ids = emb.ids(ctx) if not isinstance(ctx, np.ndarray) else ctx
            ids = ids[ids >= 0]
            if len(ids):
                out[i] = emb.vectors[ids].mean(axis=0)
                ok[i] = True
        return self.embed(out), ok


def compute_transform(
    tokens, embeddings: Embeddings, *, window: int = 6, min_count: int = 5, weighting: str = "log"
) -> ALCTransform:
    """Estimate the ALC transform ``A`` from a corpus's tokens.

    Parameters
    ----------
    tokens : list of list of str
        The documents' tokens (see :func:`framing.meaning.embeddings.corpus_tokens`).
    embeddings : Embeddings
    window : int, default 6
        Tokens on each side that form a context.
    min_count : int, default 5
        Only words seen at least this often (in ``tokens``) enter the regression.
    weighting : {"log", "none"}
        Weight of a word: ``log(count)`` or 1.

    Returns
    -------
    ALCTransform

    Examples
    --------
    The transform recovers a known linear map: when every word's vector is
    ``M`` times the mean of its contexts, ``A`` equals ``M``.

    >>> import numpy as np
    >>> rng = np.random.default_rng(0)
    >>> words = [f"w{i}" for i in range(30)]
    >>> docs = [list(rng.choice(words, 200)) for _ in range(20)]
    >>> base = Embeddings(words, rng.normal(size=(30, 4)))
    >>> t = compute_transform(docs, base, window=2, min_count=1, weighting="none")
    >>> t.A.shape
    (4, 4)
    """
    import scipy.sparse as sp

    if weighting not in ("log", "none"):
        raise EmbeddingError(f"weighting={weighting!r}: use 'log' or 'none'")
    if window < 1:
        raise EmbeddingError(f"window={window!r}: must be at least 1")
    V, D = embeddings.vectors.shape
    S = np.zeros((V, D))
    N = np.zeros(V)
    C = np.zeros(V)
    for toks in tokens:
        ids = embeddings.ids(toks)
        if not len(ids):
            continue
        sums, counts = context_sums(ids, embeddings.vectors, window)
        valid = ids >= 0
        idv = ids[valid]
        m = sp.csr_matrix((np.ones(len(idv)), (idv, np.arange(len(idv)))), shape=(V, len(idv)))
        S += m @ sums[valid]
        N += np.bincount(idv, weights=counts[valid], minlength=V)
        C += np.bincount(idv, minlength=V)
    use = (C >= min_count) & (N > 0)
    if weighting == "log":
        use &= C >= 2  # log(1) = 0
    if use.sum() < D:
        raise EmbeddingError(
            f"only {int(use.sum())} words occur at least min_count="
            f"{min_count} times with a context; {D} are needed to estimate "
            "the transform: lower min_count or use a larger corpus"
        )
    U = S[use] / N[use][:, None]
    Vt = embeddings.vectors[use]
    w = np.log(C[use]) if weighting == "log" else np.ones(int(use.sum()))
    sw = np.sqrt(w)[:, None]
    At, *_ = np.linalg.lstsq(U * sw, Vt * sw, rcond=None)
    return ALCTransform(At.T, embeddings, window, int(use.sum()), weighting)
