"""Word vectors trained offline on a corpus, or read from a user's file.

Two trainers are offered, both deterministic given ``seed``:

``method="svd"`` (default)
    Counts of word pairs within ``window`` tokens of each other (documents do
    not bleed into each other), positive pointwise mutual information with the
    context distribution smoothed by the power 0.75, then a truncated SVD
    (``sklearn.utils.extmath.randomized_svd`` seeded by ``seed``); a word's
    vector is its row of ``U * sqrt(S)``. Fast (seconds on millions of
    tokens) and the same on any number of cores.
``method="word2vec"``
    gensim's Word2Vec (CBOW by default) on the tokens of each document, cut
    into pieces of at most 1,000 tokens (gensim ignores tokens beyond 10,000 in
    one text). With ``workers=1`` the vectors are identical from run to run
    given ``seed``; with more workers gensim's threads update the shared
    vectors in an order set by the operating system, so vectors differ
    slightly between runs (neighbours and regressions agree closely but not
    bit for bit).

Trained vectors are cached under ``$FRAMING_CACHE`` (default
``platformdirs.user_cache_dir("framing")``), in ``embeddings/``, keyed by a
fingerprint of the corpus texts and the hyper-parameters; files are written
atomically. Nothing is downloaded.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from framing.errors import EmbeddingError

__all__ = ["Embeddings", "cache_dir", "corpus_tokens", "load_embeddings", "train_embeddings"]


def cache_dir() -> Path:
    """The cache folder: ``$FRAMING_CACHE`` or the user's cache folder for framing."""
    env = os.environ.get("FRAMING_CACHE")
    if env:
        return Path(env)
    import platformdirs

    return Path(platformdirs.user_cache_dir("framing"))


def corpus_tokens(corpus) -> list[list[str]]:
    """Lower-cased tokens of every document (:func:`framing.tokenize`), in corpus order."""
    from framing.text.tokenize import tokenize

    return [tokenize(t) for t in corpus.texts]


def corpus_fingerprint(corpus) -> str:
    """SHA-256 over the documents' ids and texts (order included)."""
    h = hashlib.sha256()
    for doc_id, text in zip(corpus.doc_ids, corpus.texts, strict=True):
        h.update(str(doc_id).encode("utf-8", "surrogatepass"))
        h.update(b"\x00")
        h.update(text.encode("utf-8", "surrogatepass"))
        h.update(b"\x01")
    return h.hexdigest()


@dataclass
class Embeddings:
    """Word vectors with their vocabulary and corpus counts.

    Attributes
    ----------
    words : list of str
    vectors : numpy.ndarray, shape (len(words), dim)
    counts : numpy.ndarray of int
        Corpus frequency of each word (0 when unknown, e.g. vectors read from a file).
    params : dict
        How the vectors were made.

    Examples
    --------
    >>> import numpy as np
    >>> emb = Embeddings(["a", "b"], np.eye(2))
    >>> emb["b"].tolist(), "c" in emb, emb.dim
    ([0.0, 1.0], False, 2)
    """

    words: list[str]
    vectors: np.ndarray
    counts: np.ndarray | None = None
    params: dict = field(default_factory=dict)

    def __post_init__(self):
        self.vectors = np.asarray(self.vectors, dtype=np.float64)
        if self.vectors.ndim != 2 or len(self.words) != self.vectors.shape[0]:
            raise EmbeddingError(f"{len(self.words)} words but vectors of shape {self.vectors.shape}")
        self.counts = (
            np.zeros(len(self.words), dtype=np.int64)
            if self.counts is None
            else np.asarray(self.counts, dtype=np.int64)
        )
        self.index = {w: i for i, w in enumerate(self.words)}
        self._unit = None

    def __len__(self) -> int:
        return len(self.words)

    def __contains__(self, word: object) -> bool:
        return word in self.index

    def __getitem__(self, word: str) -> np.ndarray:
        try:
            return self.vectors[self.index[word]]
        except KeyError:
            raise KeyError(f"{word!r} has no vector") from None

    def __repr__(self) -> str:
        return f"<Embeddings: {len(self)} words x {self.dim} dimensions>"

    @property
    def dim(self) -> int:
        return self.vectors.shape[1]

    @property
    def unit(self) -> np.ndarray:
        """Rows scaled to length one (zero rows stay zero)."""
        if self._unit is None:
            norms = np.linalg.norm(self.vectors, axis=1, keepdims=True)
            self._unit = self.vectors / np.where(norms == 0, 1, norms)
        return self._unit

    def ids(self, tokens) -> np.ndarray:
        """Row numbers of ``tokens``; -1 for tokens without a vector."""
        get = self.index.get
        return np.fromiter((get(t, -1) for t in tokens), dtype=np.int64, count=len(tokens))

    def nearest(self, vector, n: int = 10, exclude=(), min_count: int = 0) -> pd.DataFrame:
        """The ``n`` words whose vectors have the highest cosine with ``vector``.

        Examples
        --------
        >>> import numpy as np
        >>> emb = Embeddings(["x", "y", "z"], np.array([[1, 0], [0.9, 0.1], [0, 1.0]]))
        >>> emb.nearest(np.array([1.0, 0.0]), n=2)["word"].tolist()
        ['x', 'y']
        """
        v = np.asarray(vector, dtype=np.float64)
        norm = np.linalg.norm(v)
        cos = self.unit @ (v / norm if norm else v)
        assert self.counts is not None  # __post_init__ always sets counts
        mask: np.ndarray = self.counts >= min_count if min_count else np.ones(len(self), bool)
        for w in exclude:
            if w in self.index:
                mask[self.index[w]] = False
        cos = np.where(mask, cos, -np.inf)
        n = min(n, int(mask.sum()))
        top = np.argpartition(-cos, n - 1)[:n] if n else np.array([], dtype=int)
        top = top[np.argsort(-cos[top], kind="stable")]
        return pd.DataFrame(
            {"rank": np.arange(1, len(top) + 1), "word": [self.words[i] for i in top], "cosine": cos[top]}
        )

    # -- files -------------------------------------------------------------
    def save(self, path: str | os.PathLike) -> None:
        """Write a ``.npz`` file atomically (temporary file, then rename)."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp.npz")
        os.close(fd)
        assert self.counts is not None  # __post_init__ always sets counts
        try:
            np.savez(
                tmp,
                words=np.array(self.words, dtype=object),
                vectors=self.vectors,
                counts=self.counts,
                params=json.dumps(self.params, sort_keys=True),
            )
            os.replace(tmp, path)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)

    @classmethod
    def load(cls, path: str | os.PathLike) -> Embeddings:
        """Read vectors written by :meth:`save`."""
        with np.load(path, allow_pickle=True) as z:
            return cls(list(z["words"]), z["vectors"], z["counts"], json.loads(str(z["params"])))


def _params(method, dim, window, min_count, epochs, seed, workers, sg) -> dict:
    p = {
        "method": method,
        "dim": int(dim),
        "window": int(window),
        "min_count": int(min_count),
        "seed": int(seed),
    }
    if method == "word2vec":
        p.update(epochs=int(epochs), workers=int(workers), sg=int(sg))
    return p


def train_embeddings(
    corpus,
    *,
    method: str = "svd",
    dim: int = 100,
    window: int = 5,
    min_count: int = 5,
    epochs: int = 5,
    seed: int = 0,
    workers: int = 1,
    sg: int = 0,
    cache: bool = True,
    tokens=None,
    progress: bool = False,
) -> Embeddings:
    """Word vectors trained on the corpus's own tokens, offline.

    Parameters
    ----------
    corpus : Corpus
    method : {"svd", "word2vec"}, default "svd"
        PPMI + truncated SVD, or gensim's Word2Vec (see the module notes).
    dim : int, default 100
        Dimensions of the vectors.
    window : int, default 5
        Tokens on each side counted as context when training.
    min_count : int, default 5
        Words seen fewer times get no vector.
    epochs, workers, sg : int
        Word2Vec only: passes over the corpus (5), threads (1: deterministic),
        skip-gram (1) or CBOW (0, default).
    seed : int, default 0
    cache : bool, default True
        Read and write the vectors in the cache folder (see :func:`cache_dir`).
    tokens : list of list of str, optional
        The corpus's tokens when already at hand (as :func:`corpus_tokens`).

    Returns
    -------
    Embeddings

    Examples
    --------
    >>> import framing
    >>> texts = ["the cat sat on the mat", "the dog sat on the rug"] * 20
    >>> c = framing.Corpus.from_texts(texts)
    >>> emb = train_embeddings(c, dim=3, min_count=1, cache=False)
    >>> sorted(emb.words)
    ['cat', 'dog', 'mat', 'on', 'rug', 'sat', 'the']
    >>> emb.dim
    3
    """
    if method not in ("svd", "word2vec"):
        raise EmbeddingError(f"method={method!r}: use 'svd' or 'word2vec'")
    for name, value in (
        ("dim", dim),
        ("window", window),
        ("min_count", min_count),
        ("epochs", epochs),
        ("workers", workers),
    ):
        if int(value) < 1:
            raise EmbeddingError(f"{name}={value!r}: must be at least 1")
    params = _params(method, dim, window, min_count, epochs, seed, workers, sg)
    path = None
    if cache:
        key = hashlib.sha256(
            (corpus_fingerprint(corpus) + json.dumps(params, sort_keys=True)).encode()
        ).hexdigest()[:24]
        path = cache_dir() / "embeddings" / f"{method}-{key}.npz"
        if path.exists():
            try:
                return Embeddings.load(path)
            except (OSError, ValueError, KeyError):  # a damaged cache file is rebuilt
                path.unlink(missing_ok=True)
    if tokens is None:
        tokens = corpus_tokens(corpus)
    counts: Counter[str] = Counter()
    for toks in tokens:
        counts.update(toks)
    words = sorted((w for w, n in counts.items() if n >= min_count), key=lambda w: (-counts[w], w))
    if len(words) < 2:
        raise EmbeddingError(
            f"only {len(words)} word(s) occur at least min_count={min_count} "
            "times; lower min_count or use a larger corpus"
        )
    if method == "svd":
        vectors = _svd_vectors(tokens, words, window, dim, seed, progress)
    else:
        vectors = _word2vec_vectors(tokens, words, params)
    emb = Embeddings(
        words, vectors, np.array([counts[w] for w in words]), dict(params, tokens=int(sum(counts.values())))
    )
    if path is not None:
        emb.save(path)
    return emb


def cooccurrence(tokens, index: dict, window: int):
    """Sparse symmetric counts of word pairs within ``window`` tokens, per document."""
    import scipy.sparse as sp

    n = len(index)
    total = None
    get = index.get
    batch_a: list[np.ndarray]
    batch_b: list[np.ndarray]
    batch_a, batch_b, size = [], [], 0

    def flush():
        nonlocal total, batch_a, batch_b, size
        if not batch_a:
            return
        a = np.concatenate(batch_a)
        b = np.concatenate(batch_b)
        m = sp.coo_matrix(
            (np.ones(len(a), dtype=np.float64), (a.astype(np.int32), b.astype(np.int32))), shape=(n, n)
        ).tocsr()
        total = m if total is None else total + m
        batch_a, batch_b, size = [], [], 0

    for toks in tokens:
        ids = np.fromiter((get(t, -1) for t in toks), dtype=np.int64, count=len(toks))
        for k in range(1, window + 1):
            if len(ids) <= k:
                break
            a, b = ids[:-k], ids[k:]
            keep = (a >= 0) & (b >= 0)
            a, b = a[keep], b[keep]
            batch_a.append(a)
            batch_b.append(b)
            size += len(a)
        if size > 20_000_000:
            flush()
    flush()
    if total is None:
        return sp.csr_matrix((n, n))
    return (total + total.T).tocsr()  # pairs were counted one way


def _svd_vectors(tokens, words, window, dim, seed, progress) -> np.ndarray:
    from sklearn.utils.extmath import randomized_svd

    index = {w: i for i, w in enumerate(words)}
    cooc = cooccurrence(tokens, index, window).tocsr()
    row = np.asarray(cooc.sum(axis=1)).ravel()
    ctx = np.asarray(cooc.sum(axis=0)).ravel() ** 0.75
    total = row.sum()
    coo = cooc.tocoo()
    pmi = np.log(coo.data * ctx.sum() / (row[coo.row] * ctx[coo.col]))
    keep = pmi > 0
    import scipy.sparse as sp

    ppmi = sp.csr_matrix((pmi[keep], (coo.row[keep], coo.col[keep])), shape=cooc.shape)
    del total
    k = min(dim, len(words) - 1)
    u, s, _ = randomized_svd(ppmi, n_components=k, n_iter=5, random_state=seed)
    vectors = u * np.sqrt(s)
    if k < dim:
        vectors = np.hstack([vectors, np.zeros((len(words), dim - k))])
    # fix the sign of each dimension so that results do not depend on the solver
    signs = np.sign(vectors[np.abs(vectors).argmax(axis=0), np.arange(dim)])
    return vectors * np.where(signs == 0, 1, signs)


def _word2vec_vectors(tokens, words, params) -> np.ndarray:
    from gensim.models import Word2Vec

    pieces = [toks[i : i + 1000] for toks in tokens for i in range(0, len(toks), 1000)]
    model = Word2Vec(
        pieces,
        vector_size=params["dim"],
        window=params["window"],
        min_count=params["min_count"],
        workers=params["workers"],
        epochs=params["epochs"],
        seed=params["seed"],
        sg=params["sg"],
    )
    return np.vstack([model.wv[w] for w in words])


def load_embeddings(source, *, binary: bool | None = None) -> Embeddings:
    """A user's own word vectors.

    Parameters
    ----------
    source : path, gensim KeyedVectors or Word2Vec model, or Embeddings
        A word2vec text file (first line ``<words> <dim>``, then a word and its
        numbers per line; a headerless GloVe file works too), a word2vec binary
        file (``.bin``), a file saved by gensim (``.kv``/``.model``), or a
        gensim object.
    binary : bool, optional
        Force binary or text reading (default: ``.bin`` files are binary).

    Examples
    --------
    >>> import tempfile, os
    >>> path = os.path.join(tempfile.mkdtemp(), "v.txt")
    >>> _ = open(path, "w").write("2 3\\nhello 1 0 0\\nworld 0 1 0\\n")
    >>> load_embeddings(path)
    <Embeddings: 2 words x 3 dimensions>
    """
    if isinstance(source, Embeddings):
        return source
    kv = getattr(source, "wv", source)
    if hasattr(kv, "index_to_key") and hasattr(kv, "vectors"):
        words = list(kv.index_to_key)
        counts = [kv.get_vecattr(w, "count") if "count" in getattr(kv, "expandos", {}) else 0 for w in words]
        return Embeddings(words, np.asarray(kv.vectors), np.asarray(counts), {"method": "user"})
    path = Path(source)
    if not path.exists():
        raise EmbeddingError(f"vector file {path} not found")
    from gensim.models import KeyedVectors

    suffix = path.suffix.lower()
    try:
        if suffix in (".kv", ".model"):
            from gensim.utils import SaveLoad

            obj = SaveLoad.load(str(path))
            return load_embeddings(obj)
        is_binary = suffix == ".bin" if binary is None else binary
        if not is_binary:
            with open(path, encoding="utf-8") as f:
                first = f.readline().split()
            no_header = not (len(first) == 2 and all(x.isdigit() for x in first))
            kv = KeyedVectors.load_word2vec_format(str(path), binary=False, no_header=no_header)
        else:
            kv = KeyedVectors.load_word2vec_format(str(path), binary=True)
    except EmbeddingError:
        raise
    except Exception as exc:
        raise EmbeddingError(f"{path}: cannot read word vectors ({exc})") from exc
    return load_embeddings(kv)
