"""The document-term matrix every analysis reads.

:class:`DocumentTermMatrix` holds a sparse document-by-term count matrix with
its terms, the documents' metadata and the number of tokens of every
document. Two builders make one:

* :func:`framing.compare.keyness.document_term_counts` counts every token of
  every document (from the token index when the corpus has one), for keyness,
  term counts and collocations;
* :class:`framing.topics.dtm.DTMBuilder` prepares the texts for topic models
  (stop words removed, detected phrases and lexicon entries as single terms,
  ``min_df``/``max_df`` cuts) and also keeps each document's terms in order
  (:attr:`DocumentTermMatrix.sequences`, for sliding-window coherence), the
  multi-word terms (:attr:`~DocumentTermMatrix.phrases`) and the documents
  left without a term (:attr:`~DocumentTermMatrix.dropped`).

Keyness, term counts, topic models, coherence and topic effects all take
either one, so a matrix prepared once serves every analysis of a run.

Examples
--------
>>> import scipy.sparse as sp
>>> import pandas as pd
>>> m = DocumentTermMatrix(sp.csr_matrix([[2, 1, 0], [0, 1, 1]]), ["a", "b", "c"],
...                        pd.DataFrame({"doc_id": ["d0", "d1"], "source": ["X", "Y"]}), [3, 2])
>>> m
DocumentTermMatrix(2 documents x 3 terms, 5 tokens)
>>> m.term_frequencies().values.tolist()
[['a', 2, 1], ['b', 2, 2], ['c', 1, 1]]
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pandas as pd
import scipy.sparse as sp

from framing.errors import DTMError

__all__ = ["DocumentTermMatrix"]

PHRASE_COLUMNS = ["term", "n_words", "count", "npmi", "origin"]
DROPPED_COLUMNS = ["doc_id", "reason"]


def _no_phrases() -> pd.DataFrame:
    return pd.DataFrame(columns=PHRASE_COLUMNS)


def _none_dropped() -> pd.DataFrame:
    return pd.DataFrame(columns=DROPPED_COLUMNS)


@dataclasses.dataclass(eq=False, repr=False)
class DocumentTermMatrix:
    """Term counts per document, with the documents' metadata.

    Attributes
    ----------
    matrix : scipy.sparse.csr_matrix of int64, shape (n_docs, n_terms)
        Term counts.
    terms : numpy.ndarray of str
        Column labels, sorted; detected phrases and lexicon entries are
        words joined with ``_``. :attr:`vocabulary` is the same as a list.
    meta : pandas.DataFrame
        One row per matrix row: ``doc_id`` and every metadata column of the
        corpus (no text). :attr:`docs` adds ``n_tokens``.
    n_tokens : numpy.ndarray of int64
        Tokens of every document: all its tokens for counts of a corpus,
        the terms it kept for a matrix prepared by
        :class:`~framing.topics.dtm.DTMBuilder` (stop words it removed are
        not counted).
    lower : bool, default True
        Whether tokens were lower-cased (acronyms keep their capitals).
    sequences : list of numpy.ndarray, optional
        Each document's terms in order, as column indices; ``-1`` marks a
        term removed by ``min_df``/``max_df`` (it keeps its position for
        sliding windows). ``None`` when the matrix holds counts only.
    phrases : pandas.DataFrame
        Multi-word terms: ``term``, ``n_words``, ``count`` (in the corpus),
        ``npmi`` (NaN for lexicon entries) and ``origin`` (``"detected"`` or
        ``"lexicon"``); empty when no phrase was built.
    dropped : pandas.DataFrame
        Documents not in the matrix: ``doc_id`` and ``reason``; empty when
        every document is kept.

    Examples
    --------
    >>> import pandas as pd
    >>> import scipy.sparse as sp
    >>> m = DocumentTermMatrix(sp.csr_matrix([[1, 0], [1, 1]]), ["peace", "war"],
    ...                        pd.DataFrame({"doc_id": ["a", "b"]}), [1, 2])
    >>> m.vocabulary, m.n_docs, m.n_terms
    (['peace', 'war'], 2, 2)
    >>> m.docs.values.tolist()
    [['a', 1], ['b', 2]]
    """

    matrix: sp.csr_matrix
    terms: np.ndarray
    meta: pd.DataFrame
    n_tokens: np.ndarray
    lower: bool = True
    sequences: list[np.ndarray] | None = None
    phrases: pd.DataFrame = dataclasses.field(default_factory=_no_phrases)
    dropped: pd.DataFrame = dataclasses.field(default_factory=_none_dropped)
    _cut_terms: list[np.ndarray] | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.terms, np.ndarray):
            self.terms = np.asarray(list(self.terms), dtype=object)
        self.n_tokens = np.asarray(self.n_tokens, dtype=np.int64)
        rows, cols = self.matrix.shape
        if len(self.terms) != cols:
            raise DTMError(f"the matrix has {cols} columns but {len(self.terms)} terms were given")
        if len(self.meta) != rows or len(self.n_tokens) != rows:
            raise DTMError(
                f"the matrix has {rows} rows but meta has {len(self.meta)} and n_tokens {len(self.n_tokens)}"
            )
        if self.sequences is not None and len(self.sequences) != rows:
            raise DTMError(f"the matrix has {rows} rows but {len(self.sequences)} sequences were given")

    # -- the names each builder's users know --------------------------------

    @property
    def vocabulary(self) -> list[str]:
        """:attr:`terms` as a list."""
        return self.terms.tolist()

    @property
    def docs(self) -> pd.DataFrame:
        """:attr:`meta` with the column ``n_tokens`` (a new frame on each access)."""
        return self.meta.assign(n_tokens=self.n_tokens)

    @property
    def n_docs(self) -> int:
        """Number of documents (matrix rows)."""
        return self.matrix.shape[0]

    @property
    def n_terms(self) -> int:
        """Number of terms (matrix columns)."""
        return self.matrix.shape[1]

    def __len__(self) -> int:
        return self.matrix.shape[0]

    def __repr__(self) -> str:
        extra = ""
        if len(self.phrases) or len(self.dropped) or self.sequences is not None:
            extra = f", {len(self.phrases)} phrases, {len(self.dropped)} dropped"
        return (
            f"DocumentTermMatrix({self.n_docs} documents x {self.n_terms} terms, "
            f"{int(self.n_tokens.sum())} tokens{extra})"
        )

    # -- reading ------------------------------------------------------------

    def term_index(self) -> dict[str, int]:
        """Mapping term -> column number."""
        return {t: i for i, t in enumerate(self.terms)}

    def term_totals(self) -> np.ndarray:
        """Corpus frequency of every term."""
        return np.asarray(self.matrix.sum(axis=0)).ravel()

    def term_frequencies(self) -> pd.DataFrame:
        """``term``, ``count`` (tokens) and ``docs`` (document frequency)."""
        m = self.matrix
        return pd.DataFrame(
            {
                "term": self.vocabulary,
                "count": np.asarray(m.sum(axis=0)).ravel(),
                "docs": np.diff(m.tocsc().indptr),
            }
        )

    def _require_sequences(self) -> list[np.ndarray]:
        if self.sequences is None:
            raise DTMError(
                "this matrix holds counts only, not the terms in order: "
                "prepare it with DTMBuilder (framing.topics.dtm) for sequences"
            )
        return self.sequences

    def texts(self, keep_cut: bool = True) -> list[list[str]]:
        """Prepared token strings per document (for gensim and other tools).

        With ``keep_cut`` the terms removed by ``min_df``/``max_df`` stay in
        place, so sliding windows see the same positions as
        :attr:`sequences`; otherwise they are left out.
        """
        sequences = self._require_sequences()
        vocab = np.asarray(self.terms, dtype=object)
        out = []
        for i, seq in enumerate(sequences):
            if keep_cut and self._cut_terms is not None:
                words = np.where(seq >= 0, vocab[np.maximum(seq, 0)], "\x00")
                toks = words.tolist()
                cut = self._cut_terms[i]
                if len(cut):
                    pos = np.flatnonzero(seq < 0)
                    for p, w in zip(pos.tolist(), cut.tolist(), strict=True):
                        toks[p] = w
                out.append(toks)
            else:
                out.append(vocab[seq[seq >= 0]].tolist())
        return out

    def subset(self, mask) -> DocumentTermMatrix:
        """Rows where the boolean ``mask`` (aligned with :attr:`meta`) holds."""
        idx = np.flatnonzero(np.asarray(mask, dtype=bool))
        return dataclasses.replace(
            self,
            matrix=self.matrix[idx],
            meta=self.meta.iloc[idx].reset_index(drop=True),
            n_tokens=self.n_tokens[idx],
            sequences=None if self.sequences is None else [self.sequences[i] for i in idx],
            _cut_terms=None if self._cut_terms is None else [self._cut_terms[i] for i in idx],
        )

    # -- files --------------------------------------------------------------

    def save(self, path) -> None:
        """Write the matrix to folder ``path`` (``counts.npz``, ``meta.parquet``
        and, when built, ``phrases.parquet`` and ``dropped.parquet``).

        Examples
        --------
        >>> import tempfile
        >>> from framing import Corpus
        >>> from framing.compare.keyness import document_term_counts
        >>> dtc = document_term_counts(Corpus.from_texts(["a b a", "b c"], source=["X", "Y"]))
        >>> with tempfile.TemporaryDirectory() as tmp:
        ...     dtc.save(tmp)
        ...     back = DocumentTermMatrix.load(tmp)
        >>> back.terms.tolist(), back.meta["source"].tolist(), back.matrix.sum()
        (['a', 'b', 'c'], ['X', 'Y'], np.int64(5))
        """
        folder = Path(path)
        folder.mkdir(parents=True, exist_ok=True)
        m = self.matrix.tocsr()
        arrays = {
            "data": m.data,
            "indices": m.indices,
            "indptr": m.indptr,
            "shape": np.asarray(m.shape),
            "terms": np.asarray(self.terms, dtype=str),
            "n_tokens": self.n_tokens,
            "lower": np.asarray(self.lower),
        }
        if self.sequences is not None:
            lengths = np.fromiter((len(s) for s in self.sequences), dtype=np.int64, count=len(self.sequences))
            arrays["sequence_offsets"] = np.concatenate(([0], np.cumsum(lengths)))
            arrays["sequence_data"] = (
                np.concatenate(self.sequences).astype(np.int32)
                if len(self.sequences)
                else np.zeros(0, np.int32)
            )
        np.savez_compressed(folder / "counts.npz", **arrays)
        self.meta.to_parquet(folder / "meta.parquet", index=False)
        for name, table in (("phrases", self.phrases), ("dropped", self.dropped)):
            target = folder / f"{name}.parquet"
            if len(table):
                table.to_parquet(target, index=False)
            elif target.exists():
                target.unlink()

    @classmethod
    def load(cls, path) -> DocumentTermMatrix:
        """Read a matrix written by :meth:`save`."""
        folder = Path(path)
        for name in ("counts.npz", "meta.parquet"):
            if not (folder / name).is_file():
                raise DTMError(f"{folder / name}: not found (expected a folder written by save)")
        sequences = None
        with np.load(folder / "counts.npz", allow_pickle=False) as z:
            matrix = sp.csr_matrix(
                (z["data"], z["indices"], z["indptr"]), shape=tuple(int(x) for x in z["shape"])
            )
            terms = z["terms"].astype(object)
            n_tokens = z["n_tokens"]
            lower = bool(z["lower"])
            if "sequence_offsets" in z.files:
                offsets, flat = z["sequence_offsets"], z["sequence_data"]
                sequences = [flat[a:b] for a, b in zip(offsets[:-1], offsets[1:], strict=True)]
        meta = pd.read_parquet(folder / "meta.parquet")
        if len(meta) != matrix.shape[0]:
            raise DTMError(f"{folder}: meta.parquet has {len(meta)} rows but counts.npz {matrix.shape[0]}")
        tables = {}
        for name, empty in (("phrases", _no_phrases), ("dropped", _none_dropped)):
            file = folder / f"{name}.parquet"
            tables[name] = pd.read_parquet(file) if file.is_file() else empty()
        return cls(
            matrix=matrix,
            terms=terms,
            meta=meta,
            n_tokens=n_tokens,
            lower=lower,
            sequences=sequences,
            phrases=tables["phrases"],
            dropped=tables["dropped"],
        )
