"""The token index: a corpus tokenised once, as numpy arrays.

:class:`Tokens` holds every token of a corpus as an int32 id into a
vocabulary of original-case forms (``types``), each mapped to its
lower-cased, normalised form (``norms``), with the character offsets of the
token in the *original* text, the document boundaries (aligned with the
corpus metadata, which it keeps) and the paragraph boundaries. Sentence
boundaries are computed on first use (:meth:`Tokens.sentence_offsets`).

The English tokens are exactly those of :func:`framing.text.tokenize.tokenize`
(``lower=False`` for ``types``, lower-cased for ``norms``) and the offsets are
those of :func:`framing.text.tokenize.tokenize_spans`, so every analysis that uses
the index gives the results it gave on the texts.

:func:`tokens` returns the index of a corpus, building it at most once: it is
kept with the corpus object in memory and on disk in the cache folder (see
:mod:`framing.text.cache`), from where a new process memory-maps it.

Examples
--------
>>> from framing import Corpus
>>> c = Corpus.from_texts(["The U.N. Charter.\\n\\nWe build peace.", "Peace!"],
...                       source=["A", "B"])
>>> tk = build_tokens(c)
>>> tk
<Tokens: 2 documents, 7 tokens, 6 types>
>>> tk.doc_tokens(0), tk.doc_tokens(0, lower=False)[:3]
(['the', 'u.n.', 'charter', 'we', 'build', 'peace'], ['The', 'U.N.', 'Charter'])
>>> tk.doc_lengths.tolist(), tk.paragraph_offsets.tolist()
([6, 1], [0, 3, 6, 7])
"""

from __future__ import annotations

import hashlib
import re
import weakref
from collections.abc import Callable, Iterator
from functools import cached_property
from typing import Any

import numpy as np
import pandas as pd

from framing._util import progress as _progress
from framing.text import cache as _cache
from framing.text.tokenisers import _ids, get_tokeniser, tokeniser_version
from framing.text.tokenize import _lower

__all__ = ["Tokens", "as_tokens", "build_tokens", "corpus_key", "tokens"]

INDEX_VERSION = 2
_PARAGRAPH = re.compile(r"\n[ \t\r]*\n")
# Below this many characters of text an index is kept in memory only.
DISK_CACHE_MIN_CHARS = 1_000_000


def _cat(parts: list, dtype) -> np.ndarray:
    """``parts`` concatenated as ``dtype`` (an empty array when there are none)."""
    return np.concatenate(parts).astype(dtype, copy=False) if parts else np.zeros(0, dtype)


class _Part:
    """Index of consecutive documents with a local vocabulary."""

    __slots__ = (
        "counts",
        "ends",
        "ids",
        "lengths",
        "par_counts",
        "par_tokens",
        "starts",
        "types",
    )

    def __init__(self, types, ids, starts, ends, lengths, par_counts, par_tokens, counts):
        self.counts = counts
        self.types = types
        self.ids = ids
        self.starts = starts
        self.ends = ends
        self.lengths = lengths
        self.par_counts = par_counts
        self.par_tokens = par_tokens


def _tokenise_part(
    texts: list[str], tokenisers: list[Callable], vocab: dict[str, int] | None = None
) -> _Part:
    """Index of ``texts``; ids into ``vocab`` (extended) or a new local vocabulary."""
    if vocab is None:
        vocab = {}
    ids, starts, ends = [], [], []
    lengths = np.zeros(len(texts), dtype=np.int64)
    counts = np.zeros(len(texts), dtype=np.int64)
    par_counts = np.zeros(len(texts), dtype=np.int64)
    par_tokens = []
    for i, (text, tok) in enumerate(zip(texts, tokenisers, strict=True)):
        encode = getattr(tok, "encode", None)
        if encode is not None:
            d_ids, s, e = encode(text, vocab)
        else:
            words, s, e = tok(text)
            d_ids = _ids(list(words), vocab)
        s = np.asarray(s, dtype=np.int32)
        e = np.asarray(e, dtype=np.int32)
        if len(d_ids) != len(s) or len(s) != len(e):
            raise ValueError(
                f"tokeniser {tokeniser_version(tok)} returned {len(d_ids)} tokens "
                f"but {len(s)} starts and {len(e)} ends"
            )
        ids.append(d_ids)
        starts.append(s)
        ends.append(e)
        lengths[i] = len(d_ids)
        counts[i] = len(d_ids)
        # paragraphs: the first token of each paragraph (0 for the first)
        first = np.zeros(1, dtype=np.int64)
        if "\n" in text:
            breaks = [m.end() for m in _PARAGRAPH.finditer(text)]
            if breaks:
                pos = np.searchsorted(s, np.asarray(breaks), side="left")
                first = np.unique(np.concatenate([first, pos]))
                first = first[first < max(len(d_ids), 1)]
        par_counts[i] = len(first)
        par_tokens.append(first)
    return _Part(
        vocab,
        _cat(ids, np.int32),
        _cat(starts, np.int32),
        _cat(ends, np.int32),
        lengths,
        par_counts,
        _cat(par_tokens, np.int64),
        counts,
    )


class Tokens:
    """Every token of a corpus, as numpy arrays (see the module notes).

    Attributes
    ----------
    docs : pandas.DataFrame
        The corpus documents (metadata, and ``text`` when built from a
        :class:`~framing.corpus.core.Corpus`), one row per document in order.
    ids : numpy.ndarray of int32
        Token ids into ``types``, all documents one after the other.
    starts, ends : numpy.ndarray of int32
        Character offsets of each token in its document's original text.
    doc_offsets : numpy.ndarray of int64
        Document ``d`` holds tokens ``doc_offsets[d]:doc_offsets[d + 1]``.
    doc_counts : numpy.ndarray of int64
        Tokens per document as :func:`framing.text.tokenize.count_tokens` counts
        them (the document lengths, except where lower-casing "\u0130"
        splits a word).
    paragraph_offsets : numpy.ndarray of int64
        Global token index at which each paragraph starts, and the total.
    types : numpy.ndarray of str
        Original-case forms; ``norms`` the lower-cased forms and
        ``norm_of[type_id]`` the id of a type's lower-cased form.
    key : str or None
        The cache key (None when the index is not cached).

    Examples
    --------
    >>> from framing import Corpus, tokens
    >>> tk = tokens(Corpus.from_texts(["Peace and development.", "Peace!"], source=["A", "B"]))
    >>> tk
    <Tokens: 2 documents, 4 tokens, 3 types>
    >>> tk.doc_lengths.tolist(), tk.doc_tokens(0)
    ([3, 1], ['peace', 'and', 'development'])
    >>> tk.docs["source"].tolist()
    ['A', 'B']
    """

    def __init__(
        self,
        docs: pd.DataFrame,
        ids,
        starts,
        ends,
        doc_offsets,
        paragraph_offsets,
        types,
        norms,
        norm_of,
        *,
        tokeniser: str = "",
        key: str | None = None,
        doc_counts=None,
    ):
        self.docs = docs
        self.ids = ids
        self.starts = starts
        self.ends = ends
        self.doc_offsets = doc_offsets
        self.paragraph_offsets = paragraph_offsets
        self.types = types
        self.norms = norms
        self.norm_of = norm_of
        self.tokeniser = tokeniser
        self.key = key
        self._sentences: np.ndarray | None = None
        self.doc_counts = (
            np.diff(np.asarray(doc_offsets)).astype(np.int64) if doc_counts is None else doc_counts
        )

    # -- sizes ---------------------------------------------------------------
    @property
    def n_docs(self) -> int:
        return len(self.doc_offsets) - 1

    def __len__(self) -> int:
        return int(self.doc_offsets[-1])

    def __repr__(self) -> str:
        return f"<Tokens: {self.n_docs} documents, {len(self)} tokens, {len(self.norms)} types>"

    @cached_property
    def doc_lengths(self) -> np.ndarray:
        """Tokens per document (int64)."""
        return np.diff(np.asarray(self.doc_offsets)).astype(np.int64)

    @cached_property
    def folds_like_texts(self) -> bool:
        """Whether the lower-cased stream holds the tokens of
        ``tokenize(text)`` exactly: False where lower-casing splits a word
        ("\u0130"), and counts of lower-cased tokens must come from the texts."""
        return bool(np.array_equal(self.doc_counts, self.doc_lengths))

    @cached_property
    def norm_ids(self) -> np.ndarray:
        """Ids into ``norms`` of every token (lower-cased stream)."""
        return np.asarray(self.norm_of)[np.asarray(self.ids)]

    def stream(self, lower: bool = True) -> tuple[np.ndarray, np.ndarray]:
        """``(ids, vocabulary)``: the lower-cased or original-case token stream."""
        if lower:
            return self.norm_ids, self.norms
        return np.asarray(self.ids), self.types

    @cached_property
    def case_stream(self) -> tuple[np.ndarray, np.ndarray]:
        """``(ids, vocabulary)`` of the case-aware terms of every token.

        The terms :func:`framing.text.casing.case_tokens` gives from the
        texts: lower-cased, except acronyms whose lower-case form is a stop
        word ("US", "WHO") in a mixed-case document and outside a run of
        capitals. Their ids follow those of ``norms`` in the vocabulary.
        """
        from framing.text.casing import CAPS_RUN, is_acronym
        from framing.text.tokenize import STOPWORDS

        types = self.types.tolist()
        ids = np.asarray(self.ids)
        norm_ids = self.norm_ids
        n = len(types)
        t_upper = np.fromiter((t.isupper() for t in types), dtype=bool, count=n)
        t_acr = np.fromiter((is_acronym(t) for t in types), dtype=bool, count=n)
        t_stop = np.fromiter((_lower(t) in STOPWORDS for t in types), dtype=bool, count=n)
        offsets = np.asarray(self.doc_offsets, dtype=np.int64)
        lengths = np.diff(offsets)
        acr = t_acr[ids]
        if not acr.any():
            return norm_ids, self.norms
        doc_of = np.repeat(np.arange(self.n_docs, dtype=np.int32), lengths)
        caps = np.bincount(doc_of, weights=t_upper[ids], minlength=self.n_docs)
        mixed = (caps > 0) & (2 * caps <= lengths)
        # runs of consecutive acronyms inside a document
        prev = np.concatenate([[False], acr[:-1]])
        first = np.zeros(len(ids), dtype=bool)
        first[offsets[:-1][lengths > 0]] = True
        run_start = acr & (~prev | first)
        run_id = np.cumsum(run_start) - 1
        run_len = np.bincount(run_id[acr], minlength=int(run_start.sum()))
        keep = acr & t_stop[ids] & mixed[doc_of]
        keep[keep] = run_len[run_id[keep]] < CAPS_RUN
        kept = np.unique(ids[keep])
        remap = np.full(n, -1, dtype=np.int64)
        remap[kept] = len(self.norms) + np.arange(len(kept))
        out = norm_ids.astype(np.int64, copy=True)
        out[keep] = remap[ids[keep]]
        vocab = np.concatenate([np.asarray(self.norms, dtype=object), np.asarray(types, dtype=object)[kept]])
        return out, vocab

    @cached_property
    def case_index(self) -> dict[str, int]:
        """Case-aware term -> id in :attr:`case_stream`."""
        return {t: i for i, t in enumerate(self.case_stream[1].tolist())}

    def term_stream(self, lower: bool = True) -> tuple[np.ndarray, np.ndarray]:
        """The stream analyses count: case-aware terms (``lower``) or original case."""
        return self.case_stream if lower else self.stream(False)

    def term_index(self, lower: bool = True) -> dict[str, int]:
        return self.case_index if lower else self.type_index

    @cached_property
    def norm_index(self) -> dict[str, int]:
        """Lower-cased form -> id."""
        return {t: i for i, t in enumerate(self.norms.tolist())}

    @cached_property
    def type_index(self) -> dict[str, int]:
        """Original-case form -> id."""
        return {t: i for i, t in enumerate(self.types.tolist())}

    def vocabulary_index(self, lower: bool = True) -> dict[str, int]:
        return self.norm_index if lower else self.type_index

    @cached_property
    def doc_of_token(self) -> np.ndarray:
        """Document position of every token (int32)."""
        return np.repeat(np.arange(self.n_docs, dtype=np.int32), self.doc_lengths)

    def doc_index(self, positions) -> np.ndarray:
        """Document positions of global token positions."""
        return np.searchsorted(self.doc_offsets, np.asarray(positions), side="right") - 1

    def doc_tokens(self, doc: int, lower: bool = True) -> list[str]:
        """The tokens of document ``doc`` (a position) as strings."""
        a, b = int(self.doc_offsets[doc]), int(self.doc_offsets[doc + 1])
        ids, vocab = self.stream(lower)
        return vocab[ids[a:b]].tolist()

    def text(self, doc: int) -> str:
        """The original text of document ``doc`` (a position)."""
        if "text" not in self.docs.columns:
            from framing.errors import CorpusError

            raise CorpusError(
                "this token index was built without the texts; build it from a Corpus to quote the text"
            )
        return self.docs["text"].iat[doc]

    @property
    def meta(self) -> pd.DataFrame:
        """Document metadata (no text)."""
        return self.docs.drop(columns=[c for c in ("text",) if c in self.docs.columns])

    # -- sentences ------------------------------------------------------------
    def sentence_offsets(self, progress: bool = False) -> np.ndarray:
        """Global token index at which each sentence starts, and the total.

        Sentences are those of :func:`framing.text.tokenize.split_sentences`,
        computed on first use (it is the slow part of tokenising); a sentence
        without any token is left out.
        """
        if self._sentences is None:
            from framing.text.tokenize import split_sentences

            firsts = []
            it = _progress(range(self.n_docs), progress, self.n_docs, "sentences", unit="doc")
            for d in it:
                a, b = int(self.doc_offsets[d]), int(self.doc_offsets[d + 1])
                if a == b:
                    continue
                spans = split_sentences(self.text(d))
                ends = np.asarray([e for _, e in spans], dtype=np.int64)
                # the sentence of a token is the first whose end is after its start
                sent = np.searchsorted(ends, np.asarray(self.starts[a:b]), side="right")
                change = np.flatnonzero(np.diff(sent)) + 1
                firsts.append(a + np.concatenate([[0], change]))
            firsts.append(np.array([len(self)]))
            self._sentences = np.concatenate(firsts).astype(np.int64)
        return self._sentences

    # -- conversions ----------------------------------------------------------
    def _arrays(self) -> dict[str, np.ndarray]:
        types_blob, types_off = _pack(self.types)
        norms_blob, norms_off = _pack(self.norms)
        lengths = np.asarray(self.ends) - np.asarray(self.starts)
        small = lengths.size == 0 or int(lengths.max()) < 65535
        return {
            "ids": np.asarray(self.ids, dtype=np.int32),
            "starts": np.asarray(self.starts, dtype=np.int32),
            "lengths": lengths.astype(np.uint16 if small else np.int32),
            "doc_offsets": np.asarray(self.doc_offsets, dtype=np.int64),
            "paragraph_offsets": np.asarray(self.paragraph_offsets, dtype=np.int64),
            "types_blob": types_blob,
            "types_offsets": types_off,
            "norms_blob": norms_blob,
            "norms_offsets": norms_off,
            "norm_of": np.asarray(self.norm_of, dtype=np.int32),
            "doc_counts": np.asarray(self.doc_counts, dtype=np.int64),
        }

    @classmethod
    def _from_arrays(cls, docs, arrays, tokeniser, key) -> Tokens:
        starts = arrays["starts"]
        ends = starts + arrays["lengths"].astype(np.int32)
        return cls(
            docs,
            arrays["ids"],
            starts,
            ends,
            arrays["doc_offsets"],
            arrays["paragraph_offsets"],
            _unpack(arrays["types_blob"], arrays["types_offsets"]),
            _unpack(arrays["norms_blob"], arrays["norms_offsets"]),
            arrays["norm_of"],
            tokeniser=tokeniser,
            key=key,
            doc_counts=arrays["doc_counts"],
        )


def _pack(strings: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    encoded = [s.encode("utf-8", "surrogatepass") for s in strings.tolist()]
    offsets = np.zeros(len(encoded) + 1, dtype=np.int64)
    np.cumsum([len(b) for b in encoded], out=offsets[1:])
    return np.frombuffer(b"".join(encoded), dtype=np.uint8), offsets


def _unpack(blob: np.ndarray, offsets: np.ndarray) -> np.ndarray:
    data = np.asarray(blob).tobytes().decode("utf-8", "surrogatepass")
    off = np.asarray(offsets)
    if len(data) == int(off[-1]):  # ASCII: byte offsets are character offsets
        out = [data[a:b] for a, b in zip(off[:-1].tolist(), off[1:].tolist(), strict=True)]
    else:
        raw = np.asarray(blob).tobytes()
        out = [
            raw[a:b].decode("utf-8", "surrogatepass")
            for a, b in zip(off[:-1].tolist(), off[1:].tolist(), strict=True)
        ]
    arr = np.empty(len(out), dtype=object)
    arr[:] = out
    return arr


# --------------------------------------------------------------------------
# Building
# --------------------------------------------------------------------------


def _docs_frame(corpus) -> pd.DataFrame | None:
    docs = getattr(corpus, "docs", None)
    if isinstance(docs, pd.DataFrame):
        return docs
    if isinstance(corpus, pd.DataFrame):
        return corpus
    return None


def _tokenisers_for(frame: pd.DataFrame, tokeniser, language_column: str) -> list[Callable]:
    if tokeniser is not None and not isinstance(tokeniser, dict):
        return [tokeniser] * len(frame)
    mapping = tokeniser or {}
    if language_column in frame.columns:
        langs = frame[language_column].tolist()
        return [mapping.get(lang) or get_tokeniser(None if pd.isna(lang) else lang) for lang in langs]
    return [mapping.get(None) or get_tokeniser(None)] * len(frame)


def _tokeniser_tag(tokeniser, frame: pd.DataFrame | None, language_column: str) -> str:
    if tokeniser is not None and not isinstance(tokeniser, dict):
        return tokeniser_version(tokeniser)
    if frame is not None and language_column in frame.columns:
        used = _tokenisers_for(frame.drop_duplicates(language_column), tokeniser, language_column)
        return "+".join(sorted({tokeniser_version(t) for t in used}))
    return tokeniser_version((tokeniser or {}).get(None) or get_tokeniser(None))


def corpus_key(corpus, tokeniser=None, language_column: str = "language") -> str:
    """The cache key of a corpus: content digest, tokeniser version, index version.

    Examples
    --------
    >>> from framing import Corpus
    >>> a = corpus_key(Corpus.from_texts(["one text"]))
    >>> a == corpus_key(Corpus.from_texts(["one text"]))
    True
    >>> a == corpus_key(Corpus.from_texts(["one text!"]))
    False
    """
    frame = _docs_frame(corpus)
    if frame is None:
        raise TypeError(f"expected a Corpus or DataFrame, not {type(corpus).__name__}")
    h = hashlib.blake2b(digest_size=16)
    h.update(f"tokens/{INDEX_VERSION}/{_cache.FORMAT_VERSION}/".encode())
    h.update(_tokeniser_tag(tokeniser, frame, language_column).encode())
    ids = frame["doc_id"] if "doc_id" in frame.columns else range(len(frame))
    langs = frame[language_column].astype(str).tolist() if language_column in frame.columns else None
    for i, (doc_id, text) in enumerate(zip(ids, frame["text"], strict=True)):
        h.update(b"\x02" + str(doc_id).encode("utf-8", "surrogatepass") + b"\x00")
        if langs is not None:
            h.update(langs[i].encode() + b"\x00")
        h.update(text.encode("utf-8", "surrogatepass"))
    return h.hexdigest()


def _iter_frames(corpus, batch_size: int) -> Iterator[pd.DataFrame]:
    frame = _docs_frame(corpus)
    if frame is not None:
        for start in range(0, len(frame), batch_size):
            yield frame.iloc[start : start + batch_size]
        return
    if hasattr(corpus, "iter_batches"):
        for batch in corpus.iter_batches(batch_size):
            yield batch.docs
        return
    raise TypeError(f"expected a Corpus, CorpusStream or DataFrame, not {type(corpus).__name__}")


def _part_of_frame(
    frame: pd.DataFrame, tokeniser, language_column: str, vocab: dict[str, int] | None = None
) -> _Part:
    texts = frame["text"].tolist()
    return _tokenise_part(texts, _tokenisers_for(frame, tokeniser, language_column), vocab)


def _map_part(batch, tokeniser=None, language_column="language"):
    """``map_batches`` worker: the part and metadata of one batch."""
    return [(_part_of_frame(batch.docs, tokeniser, language_column), batch.docs.drop(columns="text"))]


def _concat_lists(parts):
    return [x for p in parts for x in p]


def _merge(parts: list[_Part], docs: pd.DataFrame, tag: str) -> Tokens:
    shared = bool(parts) and all(p.types is parts[0].types for p in parts)
    vocab: dict[str, int] = parts[0].types if shared else {}
    ids, starts, ends, lengths, par_firsts, counts = [], [], [], [], [], []
    offset = 0
    for part in parts:
        if shared:
            ids.append(part.ids)
        else:
            local = list(part.types)
            for t in local:
                if t not in vocab:
                    vocab[t] = len(vocab)
            mapping = np.fromiter(map(vocab.__getitem__, local), dtype=np.int32, count=len(local))
            ids.append(mapping[part.ids] if len(part.ids) else part.ids)
        starts.append(part.starts)
        ends.append(part.ends)
        lengths.append(part.lengths)
        counts.append(part.counts)
        # paragraph firsts are per document: add each document's global offset
        doc_starts = offset + np.concatenate([[0], np.cumsum(part.lengths)[:-1]])
        par_firsts.append(np.repeat(doc_starts, part.par_counts) + part.par_tokens)
        offset += int(part.lengths.sum())
    lengths_all = _cat(lengths, np.int64)
    doc_offsets = np.zeros(len(lengths_all) + 1, dtype=np.int64)
    np.cumsum(lengths_all, out=doc_offsets[1:])
    par = np.unique(np.concatenate([_cat(par_firsts, np.int64), [offset]]))
    types = np.empty(len(vocab), dtype=object)
    types[:] = list(vocab)
    norm_vocab: dict[str, int] = {}
    norm_of = np.fromiter(
        (norm_vocab.setdefault(_lower(t), len(norm_vocab)) for t in types), dtype=np.int32, count=len(types)
    )
    norms = np.empty(len(norm_vocab), dtype=object)
    norms[:] = list(norm_vocab)
    return Tokens(
        docs,
        _cat(ids, np.int32),
        _cat(starts, np.int32),
        _cat(ends, np.int32),
        doc_offsets,
        par,
        types,
        norms,
        norm_of,
        tokeniser=tag,
        doc_counts=_cat(counts, np.int64),
    )


def build_tokens(
    corpus,
    *,
    tokeniser=None,
    language_column: str = "language",
    batch_size: int = 500,
    n_jobs: int = 1,
    progress: bool = False,
) -> Tokens:
    """Tokenise a corpus into a :class:`Tokens` index (no caching).

    Parameters
    ----------
    corpus : Corpus, CorpusStream, DataFrame with a ``text`` column, or a
        Parquet file or dataset: its path or ``framing.read_parquet(...,
        stream=True)`` (read by row groups with
        :func:`framing.parallel.map_batches`; the texts are not kept then).
    tokeniser : callable or dict, optional
        ``tokeniser(text) -> (tokens, starts, ends)`` for every document, or
        a dict ``{language: tokeniser}`` for the values of
        ``language_column``. Default: the tokeniser registered for each
        document's language (English when there is no such column).
    batch_size : int, default 500
        Documents tokenised together.
    n_jobs : int, default 1
        Worker processes (``-1``: one per CPU); the result does not depend
        on it.
    progress : bool, default False

    Examples
    --------
    >>> from framing import Corpus
    >>> tk = build_tokens(Corpus.from_texts(["a b a", "B c"]))
    >>> tk.norms.tolist(), tk.norm_ids.tolist(), tk.doc_offsets.tolist()
    (['a', 'b', 'c'], [0, 1, 0, 1, 2], [0, 3, 5])
    """
    import os

    frame = _docs_frame(corpus)
    tag = _tokeniser_tag(tokeniser, frame, language_column)
    workers = (os.cpu_count() or 1) if int(n_jobs) < 0 else int(n_jobs)
    from framing.corpus.readers import ParquetStream

    if frame is None and isinstance(corpus, str | os.PathLike | ParquetStream):
        from framing.parallel.engine import map_batches

        pairs = (
            map_batches(
                corpus if isinstance(corpus, ParquetStream) else str(corpus),
                _map_fn(tokeniser, language_column),
                _concat_lists,
                backend="processes" if workers > 1 else "serial",
                n_workers=workers,
                batch_size=batch_size,
                progress=progress,
            )
            or []
        )
        docs = (
            pd.concat([m for _, m in pairs], ignore_index=True)
            if pairs
            else pd.DataFrame({"doc_id": pd.Series(dtype=str)})
        )
        return _merge([p for p, _ in pairs], docs, _tokeniser_tag(tokeniser, docs, language_column))
    if frame is not None and workers > 1 and len(frame) > 2 * batch_size:
        from framing.corpus.core import Corpus
        from framing.parallel.engine import map_batches

        corpus_obj = corpus if isinstance(corpus, Corpus) else Corpus(frame, _validated=True)
        pairs = map_batches(
            corpus_obj,
            _map_fn(tokeniser, language_column),
            _concat_lists,
            backend="processes",
            n_workers=workers,
            batch_size=batch_size,
            progress=progress,
        )
        return _merge([p for p, _ in pairs], frame, tag)
    parts = []
    metas = []
    vocab: dict[str, int] = {}
    total = -(-len(frame) // batch_size) if frame is not None else None
    for batch in _progress(_iter_frames(corpus, batch_size), progress, total, "tokens", unit="batch"):
        if "text" not in batch.columns:
            from framing.errors import CorpusError

            raise CorpusError(f"no 'text' column; columns are {list(batch.columns)}")
        parts.append(_part_of_frame(batch, tokeniser, language_column, vocab))
        if frame is None:
            metas.append(batch.drop(columns="text"))
    if frame is None:
        frame = (
            pd.concat(metas, ignore_index=True) if metas else pd.DataFrame({"doc_id": pd.Series(dtype=str)})
        )
    return _merge(parts, frame, tag)


def _map_fn(tokeniser, language_column):
    from functools import partial

    return partial(_map_part, tokeniser=tokeniser, language_column=language_column)


# --------------------------------------------------------------------------
# The cached index of a corpus
# --------------------------------------------------------------------------

_MEMORY: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def tokens(
    corpus,
    *,
    cache: bool = True,
    tokeniser=None,
    language_column: str = "language",
    n_jobs: int = 1,
    progress: bool = False,
    verify: str = "checksum",
) -> Tokens:
    """The token index of a corpus, built once and cached.

    Parameters
    ----------
    corpus : Corpus, DataFrame, Tokens or CorpusStream
        A :class:`Tokens` is returned as it is. A stream is indexed without
        caching.
    cache : bool, default True
        Keep the index with the corpus object in memory and, for corpora of
        more than a million characters, on disk in the cache folder
        (``$FRAMING_CACHE``, see :mod:`framing.text.cache`): a later process
        with the same corpus memory-maps it instead of tokenising again.
    tokeniser, language_column, n_jobs, progress
        As in :func:`build_tokens`.
    verify : {"checksum", "size"}
        How a cached index is checked before it is trusted.

    Examples
    --------
    >>> from framing import Corpus
    >>> c = Corpus.from_texts(["Sovereignty and peace.", "Peace."])
    >>> tokens(c) is tokens(c)
    True
    >>> tokens(c).doc_tokens(1)
    ['peace']
    """
    if isinstance(corpus, Tokens):
        return corpus
    frame = _docs_frame(corpus)
    if frame is None:
        return build_tokens(
            corpus, tokeniser=tokeniser, language_column=language_column, n_jobs=n_jobs, progress=progress
        )
    holder = corpus
    opts = (id(tokeniser), language_column)
    if cache:
        try:
            hit = _MEMORY.get(holder)
        except TypeError:
            hit = None
        if hit is not None and hit[0] is frame and hit[1] == opts and len(frame) == hit[2].n_docs:
            return hit[2]
    if not cache:
        return build_tokens(
            corpus, tokeniser=tokeniser, language_column=language_column, n_jobs=n_jobs, progress=progress
        )
    chars = int(frame["text"].str.len().sum()) if len(frame) else 0
    result = None
    key = None
    if chars >= DISK_CACHE_MIN_CHARS:
        key = corpus_key(frame, tokeniser, language_column)
        loaded = _cache.load_entry(key, verify=verify)
        if loaded is not None:
            arrays, header = loaded
            result = Tokens._from_arrays(frame, arrays, header.get("tokeniser", ""), key)
    if result is None:
        result = build_tokens(
            corpus, tokeniser=tokeniser, language_column=language_column, n_jobs=n_jobs, progress=progress
        )
        if key is not None:
            try:
                _cache.save_entry(
                    key,
                    result._arrays(),
                    {
                        "corpus": getattr(corpus, "name", "") or "",
                        "documents": result.n_docs,
                        "tokens": len(result),
                        "tokeniser": result.tokeniser,
                    },
                )
                loaded = _cache.load_entry(key, verify="size")
                if loaded is not None:  # the memory-mapped copy: shared with other processes
                    result = Tokens._from_arrays(frame, loaded[0], result.tokeniser, key)
            except OSError:
                pass  # an unwritable cache folder only costs a rebuild next time
            result.key = key
    try:
        _MEMORY[holder] = (frame, opts, result)
    except TypeError:
        pass
    return result


def as_tokens(data: Any) -> Tokens | None:
    """``data`` when it is a :class:`Tokens`, else None."""
    return data if isinstance(data, Tokens) else None
