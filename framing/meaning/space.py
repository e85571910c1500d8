"""A corpus with its tokens, word vectors and ALC transform, built once and reused."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from framing.errors import EmbeddingError
from framing.meaning.alc import ALCTransform, compute_transform
from framing.meaning.embeddings import Embeddings, corpus_tokens, load_embeddings, train_embeddings

if TYPE_CHECKING:  # pragma: no cover
    from framing.corpus.core import Corpus

__all__ = ["EmbeddingSpace", "embedding_space", "find_target"]


@dataclass
class EmbeddingSpace:
    """Everything the embedding analyses of one corpus share.

    Build it with :func:`embedding_space` and pass it as ``space=`` to
    :func:`~framing.meaning.regression.embedding_regression` and
    :func:`~framing.meaning.variants.discover_variants` to avoid
    re-tokenising and re-estimating for each call.

    Examples
    --------
    >>> import framing
    >>> texts = ["peace and security for the nation"] * 20 + ["trade and markets for the nation"] * 20
    >>> c = framing.Corpus.from_texts(texts, source=["A"] * 20 + ["B"] * 20)
    >>> space = embedding_space(c, dim=4, min_count=2, window=3, cache=False)
    >>> space
    <EmbeddingSpace: 40 documents, 8 words x 4, window 3>
    >>> space.tokens[0]
    ['peace', 'and', 'security', 'for', 'the', 'nation']
    >>> r = framing.embedding_regression(c, "nation", "~ source", space=space, n_boot=0, n_perm=0)
    >>> r.norms["term"].tolist()
    ['source[B]']
    """

    corpus: Corpus
    tokens: list
    embeddings: Embeddings
    transform: ALCTransform

    @property
    def window(self) -> int:
        return self.transform.window

    def token_ids(self, d: int) -> np.ndarray:
        """Vector row of every token of document ``d`` (-1 without a vector), cached."""
        cache = self.__dict__.setdefault("_ids", {})
        ids = cache.get(d)
        if ids is None:
            ids = cache[d] = self.embeddings.ids(self.tokens[d]).astype(np.int32)
        return ids

    def __repr__(self) -> str:
        return (
            f"<EmbeddingSpace: {len(self.tokens)} documents, {len(self.embeddings)} words x "
            f"{self.embeddings.dim}, window {self.window}>"
        )


def embedding_space(
    corpus,
    *,
    embeddings=None,
    window: int = 6,
    min_count: int = 5,
    weighting: str = "log",
    progress: bool = False,
    **train_options,
) -> EmbeddingSpace:
    """Tokens, word vectors and ALC transform of ``corpus``.

    Parameters
    ----------
    corpus : Corpus
    embeddings : Embeddings, path or gensim vectors, optional
        A user's own vectors (see :func:`~framing.meaning.embeddings.load_embeddings`);
        by default vectors are trained on the corpus with
        :func:`~framing.meaning.embeddings.train_embeddings` (cached), passing
        ``train_options`` (``method``, ``dim``, ``seed`` ...).
    window : int, default 6
        Context window of the ALC embeddings, tokens on each side.
    min_count : int, default 5
        Words seen fewer times neither train vectors nor estimate the transform.
    weighting : {"log", "none"}
        Weights of the transform regression.

    Examples
    --------
    >>> import framing
    >>> c = framing.Corpus.from_texts(["the cat sat on the mat", "a dog sat on a rug"] * 30)
    >>> space = embedding_space(c, dim=4, min_count=2, window=2, cache=False)
    >>> space.transform.A.shape
    (4, 4)
    """
    tokens = corpus_tokens(corpus)
    if embeddings is None:
        train_options.setdefault("min_count", min_count)
        emb = train_embeddings(corpus, tokens=tokens, progress=progress, **train_options)
    else:
        emb = load_embeddings(embeddings)
    transform = compute_transform(tokens, emb, window=window, min_count=min_count, weighting=weighting)
    return EmbeddingSpace(corpus, tokens, emb, transform)


def _phrase_positions(space, phrase: list[str]) -> list[tuple[int, int, int]]:
    """``(doc, start, end)`` of every occurrence of the token sequence ``phrase``."""
    out: list[tuple[int, int, int]] = []
    k = len(phrase)
    first = phrase[0]
    row = space.embeddings.index.get(first)
    for d, toks in enumerate(space.tokens):
        if row is not None:
            starts = np.flatnonzero(space.token_ids(d) == row).tolist()
        elif first in toks:
            starts = [i for i, t in enumerate(toks) if t == first]
        else:
            continue
        out.extend((d, i, i + k) for i in starts if toks[i : i + k] == phrase)
    return out


def find_target(space: EmbeddingSpace, target: str, lexicon="slogans") -> pd.DataFrame:
    """Occurrences of ``target``: a lexicon entry id, else a word or phrase.

    Returns one row per occurrence with ``doc`` (row number), ``doc_id``,
    ``token_start``/``token_end``, ``form`` and every metadata column.
    """
    from framing.text.tokenize import tokenize

    corpus = space.corpus
    lex = None
    if isinstance(target, str) and " " not in target.strip() and "_" in target:
        from framing.lexicon.core import load_lexicon

        try:
            lex = load_lexicon(lexicon) if not hasattr(lexicon, "entries") else lexicon
        except FileNotFoundError:
            lex = None
        if lex is not None and target not in lex:
            lex = None
    if lex is not None:
        from framing.lexicon.matcher import find_matches

        m = find_matches(corpus, lex.subset([target]))
        pos = {d: i for i, d in enumerate(corpus.doc_ids)}
        rows = pd.DataFrame(
            {
                "doc": m["doc_id"].map(pos).astype(int),
                "token_start": m["token_start"].astype(int),
                "token_end": m["token_end"].astype(int),
                "form": m["form"],
            }
        )
    else:
        phrase = tokenize(target)
        if not phrase:
            raise EmbeddingError(f"target {target!r} has no word tokens")
        hits = _phrase_positions(space, phrase)
        rows = pd.DataFrame(hits, columns=["doc", "token_start", "token_end"])
        rows["form"] = " ".join(phrase)
    if rows.empty:
        raise EmbeddingError(f"target {target!r} does not occur in the corpus ({len(corpus)} documents)")
    meta = corpus.docs.drop(columns=["text"]).iloc[rows["doc"].to_numpy()].reset_index(drop=True)
    return pd.concat([rows.reset_index(drop=True), meta], axis=1)


def occurrence_embeddings(space: EmbeddingSpace, occ: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """ALC embeddings of occurrences (``doc``, ``token_start``, ``token_end``)."""
    emb = space.embeddings
    w = space.window
    means = np.zeros((len(occ), emb.dim))
    ok = np.zeros(len(occ), dtype=bool)
    for i, (d, s, e) in enumerate(zip(occ["doc"], occ["token_start"], occ["token_end"], strict=True)):
        ids = space.token_ids(int(d))
        ctx = np.concatenate([ids[max(0, s - w) : s], ids[e : e + w]])
        ctx = ctx[ctx >= 0]
        if len(ctx):
            means[i] = emb.vectors[ctx].mean(axis=0)
            ok[i] = True
    return space.transform.embed(means), ok
