"""Document-term matrices for topic models.

:class:`DTMBuilder` turns a :class:`~framing.corpus.core.Corpus` into a
:class:`~framing.text.matrix.DocumentTermMatrix` (``DTM`` here): a sparse
document-by-term count matrix whose rows keep every document's metadata, plus
the prepared token sequences (needed for sliding-window coherence). Preparation, in order:

1. Optionally split long documents into paragraphs (``split="paragraphs"``);
   each paragraph keeps the metadata of its document, with ``parent_id`` and
   ``paragraph`` (1-based) added.
2. Tokenise with :func:`framing.text.tokenize.tokenize` (lower case).
3. Merge lexicon entries into single terms: every occurrence of a phrase of
   the ``lexicon`` becomes one token (``"community of shared future for
   mankind"`` -> ``community_shared_future_mankind``), matched on tokens so
   line breaks and spacing inside a phrase do not matter.
4. Drop stop words, tokens without a letter and tokens shorter than
   ``min_length`` characters.
5. Detect multi-word phrases (``phrases=True``): adjacent terms whose
   normalised pointwise mutual information
   ``npmi = ln(p(ab) / (p(a) p(b))) / -ln p(ab)`` (probabilities per token
   position) is at least ``phrase_threshold`` and that occur at least
   ``phrase_min_count`` times are joined with ``_``. Detection repeats on the
   merged stream, so phrases grow to any length (up to
   ``max_phrase_words``). Overlapping candidates are joined left to right.
6. Keep terms that occur in at least ``min_df`` and at most ``max_df``
   documents (an int is a count, a float a proportion of documents).
   Lexicon terms are kept whatever their frequency: slogans are rare and
   are what the analysis is about.

Documents left without any term are not silently lost: they are listed in
:attr:`~framing.text.matrix.DocumentTermMatrix.dropped` with the reason.

Examples
--------
>>> from framing import Corpus
>>> corpus = Corpus.from_texts(
...     ["Win-win cooperation builds a community of shared future.",
...      "The community of shared future needs win-win cooperation.",
...      "Security and cooperation in the region."],
...     source=["CGTN", "Xinhua", "BBC"])
>>> dtm = DTMBuilder(min_df=1, max_df=1.0, phrases=False,
...                  lexicon=["community of shared future"]).fit_transform(corpus)
>>> dtm.vocabulary
['builds', 'community_shared_future', 'cooperation', 'needs', 'region', 'security', 'win-win']
>>> dtm.matrix.toarray()[0].tolist()
[1, 1, 1, 0, 0, 0, 1]
>>> dtm.docs[["doc_id", "source"]].values.tolist()[2]
['doc2', 'BBC']
"""

from __future__ import annotations

import itertools
import multiprocessing as mp
import re
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor

import numpy as np
import pandas as pd
import scipy.sparse as sp
from sklearn.base import BaseEstimator

from framing.corpus.core import Corpus
from framing.errors import DTMError
from framing.text.casing import case_tokens
from framing.text.matrix import DocumentTermMatrix
from framing.text.tokenize import STOPWORDS, count_tokens, tokenize, tokenize_spans

__all__ = [
    "DTM",
    "DTMBuilder",
    "DTMError",
    "document_term_matrix",
    "split_paragraphs",
    "paragraph_corpus",
]

_SEP = -1  # separates documents in the concatenated token stream
_UNKNOWN = -2  # token unseen when the builder was fitted
_DROP = -4  # unseen token that is not a content word


# --------------------------------------------------------------------------
# Paragraphs
# --------------------------------------------------------------------------

# A paragraph ends at a blank line, or at a line that ends a sentence when the
# next line starts like a new sentence (upper-case letter, digit, quote).
_PARA_BREAK = re.compile(
    r"\n[ \t\r]*\n\s*"
    r"|(?<=[.!?:;])[\"'\u201d\u2019)\]]*[ \t\r]*\n\s*(?=[\"'\u201c\u2018(\[]?[A-Z0-9\u2022\-])"
)


def split_paragraphs(text: str, min_tokens: int = 0) -> list[tuple[int, int]]:
    """``(start, end)`` spans of the paragraphs of ``text``.

    A paragraph ends at a blank line, or where a line ends a sentence
    (``. ! ? : ;``) and the next line starts with an upper-case letter, a
    digit, a bullet or an opening quote. Paragraphs with fewer than
    ``min_tokens`` word tokens are joined to the next one (the last to the
    previous), so no text is lost.

    Examples
    --------
    >>> text = "First point is\\nlong.\\nSecond point.\\n\\nthird, lower case."
    >>> [text[s:e] for s, e in split_paragraphs(text)]
    ['First point is\\nlong.', 'Second point.', 'third, lower case.']
    >>> [text[s:e] for s, e in split_paragraphs(text, min_tokens=3)]
    ['First point is\\nlong.', 'Second point.\\n\\nthird, lower case.']
    """
    spans = []
    start = 0
    for m in _PARA_BREAK.finditer(text):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    spans = [(s, e) for s, e in ((s, s + len(text[s:e].rstrip())) for s, e in spans) if e > s]
    if min_tokens > 0 and len(spans) > 1:
        merged: list[list[int]] = []
        pending: list[int] | None = None
        for s, e in spans:
            if pending is not None:
                s = pending[0]
            if count_tokens(text[s:e]) < min_tokens:
                pending = [s, e]
                continue
            pending = None
            merged.append([s, e])
        if pending is not None:
            if merged:
                merged[-1][1] = pending[1]
            else:
                merged.append(pending)
        spans = [(s, e) for s, e in merged]
    return spans or [(0, len(text))]


def paragraph_corpus(corpus: Corpus, min_tokens: int = 20) -> Corpus:
    """One document per paragraph, each with its document's metadata.

    ``doc_id`` becomes ``"<doc_id>:<n>"``; ``parent_id`` holds the original
    ``doc_id`` and ``paragraph`` the 1-based paragraph number. See
    :func:`split_paragraphs` for the rule and ``min_tokens``.

    Examples
    --------
    >>> from framing import Corpus
    >>> c = Corpus.from_texts(["One two three.\\nFour five six.", "Seven."], source=["A", "B"])
    >>> p = paragraph_corpus(c, min_tokens=0)
    >>> p.docs[["doc_id", "parent_id", "paragraph", "source"]].values.tolist()
    [['doc0:1', 'doc0', 1, 'A'], ['doc0:2', 'doc0', 2, 'A'], ['doc1:1', 'doc1', 1, 'B']]
    """
    docs = corpus.docs
    rows, texts, numbers = [], [], []
    for i, text in enumerate(docs["text"].tolist()):
        for n, (s, e) in enumerate(split_paragraphs(text, min_tokens=min_tokens), start=1):
            rows.append(i)
            texts.append(text[s:e])
            numbers.append(n)
    out = docs.iloc[rows].reset_index(drop=True)
    out["parent_id"] = out["doc_id"].astype(str)
    out["paragraph"] = np.asarray(numbers, dtype=np.int64)
    out["doc_id"] = out["parent_id"] + ":" + out["paragraph"].astype(str)
    out["text"] = texts
    return Corpus(out, name=getattr(corpus, "name", ""))


DTM = DocumentTermMatrix  # the result's short name


# --------------------------------------------------------------------------
# Tokenising to integer ids (runs in worker processes when n_jobs > 1)
# --------------------------------------------------------------------------


def _encode(texts: list[str]) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Local vocabulary, token counts per text and the concatenated ids."""
    lengths = np.empty(len(texts), dtype=np.int64)
    tokens: list[str] = []
    for i, text in enumerate(texts):
        toks = case_tokens(text)  # acronyms keep their capitals: "US" is not "us"
        lengths[i] = len(toks)
        tokens.extend(toks)
    if not tokens:
        return [], lengths, np.empty(0, dtype=np.int32)
    codes, uniques = pd.factorize(np.asarray(tokens, dtype=object))
    return uniques.tolist(), lengths, codes.astype(np.int32)


_FORK_TEXTS: list[str] = []  # inherited by forked workers, never pickled


def _encode_range(bounds: tuple[int, int]) -> tuple[list[str], np.ndarray, np.ndarray]:
    return _encode(_FORK_TEXTS[bounds[0] : bounds[1]])


def _chunks(seq: Sequence, n: int) -> list:
    size = max(1, -(-len(seq) // n))
    return [seq[i : i + size] for i in range(0, len(seq), size)]


# --------------------------------------------------------------------------
# Stream operations
# --------------------------------------------------------------------------


def _merge_pairs(stream: np.ndarray, accepted: dict[int, int], width: int) -> np.ndarray:
    """Replace accepted adjacent pairs (left to right, no overlaps) by new ids."""
    if len(stream) < 2 or not accepted:
        return stream
    left, right = stream[:-1], stream[1:]
    acc_keys = np.fromiter(accepted.keys(), dtype=np.int64, count=len(accepted))
    size = int(max(stream.max(), acc_keys.max() // width)) + 1
    is_left = np.zeros(size + 4, dtype=bool)
    is_right = np.zeros(size + 4, dtype=bool)
    is_left[acc_keys // width] = True
    is_right[acc_keys % width] = True
    # negative ids index the tail of the tables, which is False
    cand = np.flatnonzero(is_left[left] & is_right[right])
    keys = np.full(len(left), -1, dtype=np.int64)
    keys[cand] = left[cand].astype(np.int64) * width + right[cand]
    hit = np.zeros(len(left), dtype=bool)
    hit[cand] = np.isin(keys[cand], acc_keys)
    if not hit.any():
        return stream
    # In a run of consecutive hits (a b c with "a b" and "b c" both accepted)
    # take the 1st, 3rd, ... pair: left to right without overlap.
    pos = np.arange(len(hit))
    run_start = np.where(hit & ~np.concatenate(([False], hit[:-1])), pos, 0)
    run_start = np.maximum.accumulate(run_start)
    take = hit & ((pos - run_start) % 2 == 0)
    idx = np.flatnonzero(take)
    new_ids = np.fromiter((accepted[k] for k in keys[idx].tolist()), dtype=np.int64, count=len(idx))
    out = stream.astype(np.int64, copy=True)
    out[idx] = new_ids
    keep = np.ones(len(out), dtype=bool)
    keep[idx + 1] = False
    return out[keep]


def _match_phrases(stream: np.ndarray, phrases: list[tuple[np.ndarray, int]]) -> np.ndarray:
    """Replace every occurrence of each id sequence by its single id (longest first)."""
    if not phrases or len(stream) == 0:
        return stream
    out = stream.astype(np.int64, copy=True)
    consumed = np.zeros(len(out), dtype=bool)
    order = np.argsort(out, kind="stable")
    sorted_ids = out[order]
    n = len(out)
    for seq, new_id in sorted(phrases, key=lambda p: -len(p[0])):
        lo, hi = np.searchsorted(sorted_ids, [seq[0], seq[0] + 1])
        cand = np.sort(order[lo:hi])
        cand = cand[cand + len(seq) <= n]
        for j in range(1, len(seq)):
            if len(cand) == 0:
                break
            cand = cand[out[cand + j] == seq[j]]
        if len(cand) == 0:
            continue
        # drop overlaps with earlier matches and among themselves (left first)
        chosen = []
        last_end = -1
        for c in cand.tolist():
            if c < last_end or consumed[c : c + len(seq)].any():
                continue
            chosen.append(c)
            last_end = c + len(seq)
        for c in chosen:
            out[c] = new_id
            consumed[c : c + len(seq)] = True
            consumed[c] = False
            out[c + 1 : c + len(seq)] = -3  # removed below
            consumed[c + 1 : c + len(seq)] = True
    return out[out != -3]


def _slug(words: Iterable[str]) -> str:
    return "_".join(w for w in words if w)


# --------------------------------------------------------------------------
# The builder
# --------------------------------------------------------------------------


class DTMBuilder(BaseEstimator):
    """Build document-term matrices from a corpus (see the module notes).

    Parameters
    ----------
    stopwords : iterable of str or None, default :data:`framing.text.tokenize.STOPWORDS`
        Words to drop (lower case). ``None`` keeps every word.
    extra_stopwords : iterable of str, default ()
        Added to ``stopwords`` (e.g. ``["united", "nations"]``).
    min_df : int or float, default 5
        Keep terms in at least this many documents (a float in (0, 1]: this
        proportion of documents).
    max_df : int or float, default 0.5
        Keep terms in at most this many documents (a float: proportion).
    max_terms : int or None, default None
        Keep only the most frequent terms (by count, ties by term).
    min_length : int, default 2
        Shortest term in characters.
    phrases : bool, "auto", lexicon or list, default True
        ``True`` or ``"auto"``: detect multi-word phrases (see the module
        notes). A lexicon (name, path, Lexicon or list of phrases) merges its
        phrases as ``lexicon`` does (when ``lexicon`` is not given); a list
        may combine ``"auto"`` with lexicons. The same option as in
        :func:`framing.compare.keyness` and :func:`framing.compare.keyness.collocates`.
    phrase_min_count : int, default 10
        Fewest occurrences of a phrase.
    phrase_threshold : float, default 0.5
        Lowest NPMI of a phrase, in (-1, 1].
    max_phrase_words : int or None, default 4
        Longest phrase in words (``None``: no limit).
    lexicon : True, list of str, mapping, or lexicon, optional
        Phrases to merge into single terms. ``True`` uses the slogan lexicon
        shipped with framing; a list of phrases gives terms named after their
        content words (``"community of shared future"`` ->
        ``community_shared_future``); a mapping ``{term: [phrases]}`` names
        them; a :class:`framing.lexicon.core.Lexicon` (or a name or path
        :func:`framing.lexicon.matcher.find_matches` accepts) is matched with
        :func:`framing.lexicon.matcher.find_matches` and each match becomes one term
        named after its entry.
    split : {None, "paragraphs"}, default None
        Split documents into paragraphs first (see :func:`paragraph_corpus`).
    min_paragraph_tokens : int, default 20
        Shorter paragraphs are joined to the next one.
    n_jobs : int, default 1
        Processes used to tokenise.
    progress : bool, default False
        Show a progress bar while tokenising.

    Attributes
    ----------
    vocabulary_ : list of str
        The terms kept, in column order.
    phrases_ : pandas.DataFrame
        Multi-word terms (see :attr:`~framing.text.matrix.DocumentTermMatrix.phrases`).

    Examples
    --------
    >>> from framing import Corpus
    >>> texts = ["climate change threatens small island developing states",
    ...          "peace talks resume"] * 6 + ["small states and climate finance"] * 3
    >>> builder = DTMBuilder(min_df=2, max_df=1.0, phrase_min_count=5, max_phrase_words=None)
    >>> dtm = builder.fit_transform(Corpus.from_texts(texts))
    >>> dtm.phrases[["term", "n_words", "count"]].values.tolist()
    [['climate_change_threatens_small_island_developing_states', 7, 6], ['peace_talks_resume', 3, 6]]
    >>> dtm.vocabulary[:3]
    ['climate', 'climate_change_threatens_small_island_developing_states', 'finance']
    """

    def __init__(
        self,
        *,
        stopwords=STOPWORDS,
        extra_stopwords=(),
        min_df: int | float = 5,
        max_df: int | float = 0.5,
        max_terms: int | None = None,
        min_length: int = 2,
        phrases: bool = True,
        phrase_min_count: int = 10,
        phrase_threshold: float = 0.5,
        max_phrase_words: int | None = 4,
        lexicon=None,
        split: str | None = None,
        min_paragraph_tokens: int = 20,
        n_jobs: int = 1,
        progress: bool = False,
    ):
        self.stopwords = stopwords
        self.extra_stopwords = extra_stopwords
        self.min_df = min_df
        self.max_df = max_df
        self.max_terms = max_terms
        self.min_length = min_length
        self.phrases = phrases
        self.phrase_min_count = phrase_min_count
        self.phrase_threshold = phrase_threshold
        self.max_phrase_words = max_phrase_words
        self.lexicon = lexicon
        self.split = split
        self.min_paragraph_tokens = min_paragraph_tokens
        self.n_jobs = n_jobs
        self.progress = progress

    # -- parameters -------------------------------------------------------

    def get_params(self, deep: bool = True) -> dict:
        return {
            k: getattr(self, k)
            for k in (
                "stopwords",
                "extra_stopwords",
                "min_df",
                "max_df",
                "max_terms",
                "min_length",
                "phrases",
                "phrase_min_count",
                "phrase_threshold",
                "max_phrase_words",
                "lexicon",
                "split",
                "min_paragraph_tokens",
                "n_jobs",
                "progress",
            )
        }

    def _check(self) -> None:
        if self.split not in (None, "paragraphs"):
            raise DTMError(f"split={self.split!r}: use None or 'paragraphs'")
        for name in ("min_df", "max_df"):
            v = getattr(self, name)
            if isinstance(v, float) and not 0.0 < v <= 1.0:
                raise DTMError(f"{name}={v}: a float is a proportion of documents in (0, 1]")
            if isinstance(v, (int, np.integer)) and not isinstance(v, bool) and v < 1:
                raise DTMError(f"{name}={v}: an integer is a number of documents, at least 1")
        if not -1.0 < self.phrase_threshold <= 1.0:
            raise DTMError(f"phrase_threshold={self.phrase_threshold}: NPMI lies in (-1, 1]")
        if self.max_phrase_words is not None and self.max_phrase_words < 2:
            raise DTMError("max_phrase_words must be at least 2 (or None for no limit)")

    # -- fitting ----------------------------------------------------------

    def fit(self, corpus: Corpus) -> DTMBuilder:
        """Learn vocabulary and phrases from ``corpus``."""
        self.fit_transform(corpus)
        return self

    def fit_transform(self, corpus: Corpus) -> DTM:
        """Learn vocabulary and phrases from ``corpus`` and return its :class:`DTM`."""
        self._check()
        docs = self._documents(corpus)
        stream, tokens = self._tokenize(docs["text"].tolist())
        self._tokens = tokens
        self._index = {t: i for i, t in enumerate(tokens)}
        self._words = [1] * len(tokens)
        self._origin: dict[int, str] = {}
        self._score: dict[int, float] = {}
        stream, lex_ids = self._apply_lexicon(stream, docs, fit=True)
        stream = self._content(stream, lex_ids)
        self._merges: list[tuple[int, dict[int, int]]] = []
        if self._detect_phrases_on():
            stream = self._detect_phrases(stream, lex_ids)
        return self._finish(stream, docs, fit=True)

    def transform(self, corpus: Corpus) -> DTM:
        """The :class:`DTM` of new documents with the fitted vocabulary and phrases."""
        if not hasattr(self, "vocabulary_"):
            raise DTMError("this DTMBuilder is not fitted yet: call fit or fit_transform first")
        docs = self._documents(corpus)
        local_stream, local_tokens = self._tokenize(docs["text"].tolist())
        stop = self._stopset()
        lookup = np.array(
            [self._index.get(t, _UNKNOWN if self._is_content(t, stop) else _DROP) for t in local_tokens]
            + [_SEP],
            dtype=np.int64,
        )
        stream = lookup[local_stream]  # _SEP (-1) indexes the appended separator
        stream, lex_ids = self._apply_lexicon(stream, docs, fit=False)
        stream = self._content(stream, lex_ids)
        for width, accepted in self._merges:
            stream = _merge_pairs(stream, accepted, width)
        return self._finish(stream, docs, fit=False)

    # -- steps ------------------------------------------------------------

    def _documents(self, corpus) -> pd.DataFrame:
        if isinstance(corpus, (list, tuple)) and all(isinstance(t, str) for t in corpus):
            corpus = Corpus.from_texts(list(corpus))
        if not isinstance(corpus, Corpus):
            collect = getattr(corpus, "collect", None)
            if collect is None:
                raise DTMError(f"expected a Corpus or a list of texts, got {type(corpus).__name__}")
            corpus = collect()
        if len(corpus) == 0:
            raise DTMError("the corpus has no documents")
        if self.split == "paragraphs":
            corpus = paragraph_corpus(corpus, min_tokens=self.min_paragraph_tokens)
        return corpus.docs.reset_index(drop=True)

    def _tokenize(self, texts: list[str]) -> tuple[np.ndarray, list[str]]:
        """Concatenated token ids with ``_SEP`` after each document, and the tokens."""
        n_jobs = max(1, int(self.n_jobs or 1))
        parts = _chunks(texts, n_jobs * 8) if n_jobs > 1 and len(texts) > 50 else _chunks(texts, 20)
        bar = None
        if self.progress:
            from tqdm.auto import tqdm

            bar = tqdm(total=len(texts), desc="tokenising", unit="doc")
        if n_jobs > 1 and len(parts) > 1 and "fork" in mp.get_all_start_methods():
            global _FORK_TEXTS
            bounds, start = [], 0
            for part in parts:
                bounds.append((start, start + len(part)))
                start += len(part)
            _FORK_TEXTS = texts
            try:
                with ProcessPoolExecutor(n_jobs, mp_context=mp.get_context("fork")) as pool:
                    results = []
                    for res, part in zip(pool.map(_encode_range, bounds), parts, strict=True):
                        results.append(res)
                        if bar is not None:
                            bar.update(len(part))
            finally:
                _FORK_TEXTS = []
        else:
            results = []
            for part in parts:
                results.append(_encode(part))
                if bar is not None:
                    bar.update(len(part))
        if bar is not None:
            bar.close()
        index: dict[str, int] = {}
        pieces, all_lengths = [], []
        for vocab, lengths, ids in results:
            remap = np.fromiter(
                (index.setdefault(t, len(index)) for t in vocab), dtype=np.int64, count=len(vocab)
            )
            pieces.append(remap[ids] if len(ids) else np.empty(0, dtype=np.int64))
            all_lengths.append(lengths)
        lengths = np.concatenate(all_lengths)
        ids = np.concatenate(pieces) if pieces else np.empty(0, dtype=np.int64)
        # insert a separator after every document
        ends = np.cumsum(lengths)
        stream = np.insert(ids, ends, _SEP) if len(ends) else ids
        return stream.astype(np.int64), list(index)

    def _add_token(self, token: str, words: int, origin: str, score: float = np.nan) -> int:
        i = self._index.get(token)
        if i is None:
            i = len(self._tokens)
            self._tokens.append(token)
            self._index[token] = i
            self._words.append(words)
        self._origin[i] = origin
        self._score[i] = score
        return i

    def _lexicon_phrases(self) -> dict[str, list[str]] | None:
        lex = self._lexicon_option()
        if lex is None:
            return None
        if lex is True:
            return None
        if isinstance(lex, Mapping):
            items: dict[str, list[str]] = {}
            for term, variants in lex.items():
                if isinstance(variants, str):
                    variants = [variants]
                items[_slug(tokenize(str(term)))] = [str(v) for v in variants]
            return items
        if isinstance(lex, (list, tuple, set, frozenset)) and all(isinstance(p, str) for p in lex):
            stop = self._stopset()
            items = {}
            for phrase in sorted(lex):
                toks = tokenize(phrase)
                if not toks:
                    raise DTMError(f"lexicon phrase {phrase!r} has no word tokens")
                name = _slug(t for t in toks if t not in stop) or _slug(toks)
                items.setdefault(name, []).append(phrase)
            return items
        return None  # a lexicon object: matched with framing.lexicon.matcher

    def _detect_phrases_on(self) -> bool:
        """``phrases``: True or "auto" detect; a list may add "auto" to lexicons."""
        p = self.phrases
        if isinstance(p, (list, tuple)):
            return "auto" in p or True in p
        return p is True or p == "auto"

    def _lexicon_option(self):
        """``lexicon``, or the lexicon given as ``phrases=`` (a name, path,
        Lexicon or list of phrases; see :mod:`framing.lexicon.phrase_terms`)."""
        if self.lexicon is not None:
            return self.lexicon
        p = self.phrases
        if p is None or isinstance(p, bool) or p == "auto":
            return None
        if isinstance(p, (list, tuple)):
            rest = [x for x in p if x != "auto" and x is not True]
            if not rest:
                return None
            if len(rest) == 1 and not isinstance(rest[0], str):
                return rest[0]
            from framing.lexicon.phrase_terms import _is_lexicon_name

            if all(isinstance(x, str) and _is_lexicon_name(x) for x in rest):
                from framing.lexicon.core import load_lexicon

                return load_lexicon(*rest)
            return rest
        if isinstance(p, str):
            from framing.lexicon.phrase_terms import _is_lexicon_name

            if _is_lexicon_name(p):
                from framing.lexicon.core import load_lexicon

                return load_lexicon(p)
            return [p]
        return p

    def _stopset(self) -> frozenset:
        base = frozenset() if self.stopwords is None else frozenset(w.lower() for w in self.stopwords)
        return base | frozenset(w.lower() for w in self.extra_stopwords)

    def _apply_lexicon(self, stream: np.ndarray, docs: pd.DataFrame, fit: bool):
        if self._lexicon_option() is None:
            return stream, set()
        items = self._lexicon_phrases()
        if items is None:
            return self._apply_lexicon_matches(stream, docs, fit)
        phrases = []
        lex_ids = set()
        for term, variants in sorted(items.items()):
            if fit:
                tid = self._add_token(term, len(term.split("_")), "lexicon")
            else:
                tid = self._index[term]
            lex_ids.add(tid)
            for v in variants:
                # A lexicon phrase matches whatever the case of its words
                # ("UN Charter" and "un charter"): every case form seen.
                options = [
                    [f for f in dict.fromkeys((t, t.upper())) if f in self._index] for t in tokenize(v)
                ]
                if not options or not all(options):
                    continue  # a word never seen in the corpus: the phrase cannot occur
                for form in itertools.islice(itertools.product(*options), 16):
                    seq = np.array([self._index[t] for t in form], dtype=np.int64)
                    phrases.append((seq, tid))
        return _match_phrases(stream, phrases), lex_ids

    def _apply_lexicon_matches(self, stream: np.ndarray, docs: pd.DataFrame, fit: bool):
        """Merge the spans found by :func:`framing.lexicon.matcher.find_matches` into single terms."""
        from framing.lexicon import matcher as phrases_module

        corpus = Corpus(docs)
        lexicon = self._lexicon_option()
        lexicon = None if lexicon is True else lexicon  # True: the shipped lexicon
        matches = pd.DataFrame(phrases_module.find_matches(corpus, lexicon))
        lex_ids: set[int] = set()
        if len(matches) == 0:
            return stream, lex_ids
        for col in ("doc_id", "entry"):
            if col not in matches.columns:
                raise DTMError(f"find_matches returned no {col!r} column; cannot merge lexicon entries")
        by_token = {"token_start", "token_end"} <= set(matches.columns)
        if not by_token and not {"start", "end"} <= set(matches.columns):
            raise DTMError("find_matches returned neither token nor character offsets; cannot merge entries")
        bounds = np.flatnonzero(stream == _SEP)
        starts = np.concatenate(([0], bounds[:-1] + 1))
        pos_of = {d: i for i, d in enumerate(docs["doc_id"].astype(str))}
        texts = docs["text"].tolist()
        pieces = []
        for doc_id, group in matches.groupby(matches["doc_id"].astype(str), sort=False):
            i = pos_of.get(doc_id)
            if i is None:
                continue
            s, e = starts[i], bounds[i]
            seq = stream[s:e].copy()
            ranges: Iterable[tuple[str, int, int]]
            if by_token:
                ranges = zip(
                    group["entry"].astype(str),
                    group["token_start"].astype(int),
                    group["token_end"].astype(int),
                    strict=True,
                )
            else:
                spans = tokenize_spans(texts[i])
                if len(spans) != len(seq):
                    raise DTMError(f"document {doc_id!r}: token spans do not match its tokens")
                tok_start = np.array([a for _, a, _ in spans], dtype=np.int64)
                tok_end = np.array([b for _, _, b in spans], dtype=np.int64)
                ranges = []
                for entry, ms, me in zip(
                    group["entry"].astype(str), group["start"], group["end"], strict=True
                ):
                    inside = np.flatnonzero((tok_start >= ms) & (tok_end <= me))
                    if len(inside):
                        ranges.append((entry, int(inside[0]), int(inside[-1]) + 1))
            drop = np.zeros(len(seq), dtype=bool)
            taken = np.zeros(len(seq), dtype=bool)
            for entry, ts, te in sorted(ranges, key=lambda r: (r[1], -r[2])):
                if te <= ts or te > len(seq) or taken[ts:te].any():
                    continue  # overlaps an earlier (longer) match
                name = _slug(tokenize(entry.replace("_", " "))) or entry
                tid = self._add_token(name, len(name.split("_")), "lexicon") if fit else self._index.get(name)
                if tid is None:
                    continue
                lex_ids.add(tid)
                seq[ts] = tid
                drop[ts + 1 : te] = True
                taken[ts:te] = True
            pieces.append((s, e, seq[~drop]))
        out = []
        prev = 0
        for s, e, seq in sorted(pieces, key=lambda p: p[0]):
            out.append(stream[prev:s])
            out.append(seq)
            prev = e
        out.append(stream[prev:])
        return np.concatenate(out), lex_ids

    def _content(self, stream: np.ndarray, lex_ids: set[int]) -> np.ndarray:
        """Drop stop words, numbers and short tokens; keep separators and lexicon terms."""
        stop = self._stopset()
        tokens = self._tokens
        ok = np.fromiter((self._is_content(t, stop) for t in tokens), dtype=bool, count=len(tokens))
        for i in lex_ids:
            ok[i] = True
        # negative ids index the tail: -4 drop, -3 unused, -2 unknown content word, -1 separator
        keep_table = np.concatenate([ok, [False, False, True, True]])
        return stream[keep_table[stream]]

    def _is_content(self, token: str, stop: frozenset) -> bool:
        return token not in stop and len(token) >= self.min_length and any(c.isalpha() for c in token)

    def _detect_phrases(self, stream: np.ndarray, lex_ids: set[int]) -> np.ndarray:
        max_words = self.max_phrase_words or 10**9
        blocked = np.zeros(len(self._tokens), dtype=bool)
        for i in lex_ids:
            blocked[i] = True
        new_ids = None
        for _ in range(32):
            n_tok = len(self._tokens)
            width = n_tok
            content = stream[stream >= 0]
            total = len(content)
            if total < 2:
                break
            uni = np.bincount(content, minlength=n_tok).astype(np.float64)
            left, right = stream[:-1], stream[1:]
            words = np.asarray(self._words, dtype=np.int64)
            blocked = np.concatenate([blocked, np.zeros(n_tok - len(blocked), dtype=bool)])
            valid = (left >= 0) & (right >= 0)
            valid[valid] &= ~blocked[left[valid]] & ~blocked[right[valid]]
            valid[valid] &= (words[left[valid]] + words[right[valid]]) <= max_words
            if new_ids is not None:  # later passes: only pairs with a phrase made in the last pass
                is_new = np.zeros(n_tok, dtype=bool)
                is_new[new_ids] = True
                valid[valid] &= is_new[left[valid]] | is_new[right[valid]]
            keys = left[valid] * width + right[valid]
            if len(keys) == 0:
                break
            ukeys, counts = np.unique(keys, return_counts=True)
            frequent = counts >= self.phrase_min_count
            ukeys, counts = ukeys[frequent], counts[frequent].astype(np.float64)
            if len(ukeys) == 0:
                break
            a, b = ukeys // width, ukeys % width
            p_ab = counts / total
            npmi = np.log(p_ab / ((uni[a] / total) * (uni[b] / total))) / -np.log(p_ab)
            good = npmi >= self.phrase_threshold
            if not good.any():
                break
            accepted: dict[int, int] = {}
            for key, ai, bi, score in zip(
                ukeys[good].tolist(), a[good].tolist(), b[good].tolist(), npmi[good].tolist(), strict=True
            ):
                name = self._tokens[ai] + "_" + self._tokens[bi]
                accepted[key] = self._add_token(name, self._words[ai] + self._words[bi], "detected", score)
            self._merges.append((width, accepted))
            stream = _merge_pairs(stream, accepted, width)
            new_ids = np.fromiter(accepted.values(), dtype=np.int64, count=len(accepted))
        return stream

    def _finish(self, stream: np.ndarray, docs: pd.DataFrame, fit: bool) -> DTM:
        seps = np.flatnonzero(stream == _SEP)
        n_docs = len(seps)
        doc_of = np.repeat(np.arange(n_docs), np.diff(np.concatenate(([-1], seps))) - 1)
        content_mask = stream != _SEP
        toks = stream[content_mask]
        known = toks >= 0
        n_tok = len(self._tokens)
        if fit:
            full = sp.csr_matrix(
                (np.ones(int(known.sum()), dtype=np.int64), (doc_of[known], toks[known])),
                shape=(n_docs, n_tok),
            )
            full.sum_duplicates()
            dfreq = np.diff(full.tocsc().indptr)
            counts = np.asarray(full.sum(axis=0)).ravel()
            min_df = (
                self.min_df
                if isinstance(self.min_df, (int, np.integer))
                else int(np.ceil(self.min_df * n_docs))
            )
            max_df = (
                self.max_df
                if isinstance(self.max_df, (int, np.integer))
                else int(np.floor(self.max_df * n_docs))
            )
            keep = (dfreq >= min_df) & (dfreq <= max_df) & (counts > 0)
            for i in self._origin:
                if self._origin[i] == "lexicon" and counts[i] > 0:
                    keep[i] = dfreq[i] <= n_docs  # lexicon terms are kept whatever their frequency
            if self.max_terms is not None and keep.sum() > self.max_terms:
                cand = np.flatnonzero(keep)
                order = sorted(cand.tolist(), key=lambda i: (-counts[i], self._tokens[i]))
                keep[:] = False
                keep[order[: self.max_terms]] = True
            if not keep.any():
                n_seen = int((counts > 0).sum())
                raise DTMError(
                    f"empty vocabulary after filtering: none of the {n_seen} terms of {n_docs} "
                    f"documents passed min_df={self.min_df!r} and max_df={self.max_df!r} "
                    f"(and stop words); lower min_df, raise max_df or pass a shorter stop word list"
                )
            kept = np.flatnonzero(keep)
            order = sorted(kept.tolist(), key=lambda i: self._tokens[i])
            self._column = np.full(n_tok + 1, -1, dtype=np.int64)
            self._column[order] = np.arange(len(order))
            self.vocabulary_ = [self._tokens[i] for i in order]
            rows = []
            for i in order:
                if self._words[i] > 1:
                    rows.append(
                        (
                            self._tokens[i],
                            self._words[i],
                            int(counts[i]),
                            self._score.get(i, np.nan),
                            self._origin.get(i, "detected"),
                        )
                    )
            self.phrases_ = pd.DataFrame(rows, columns=["term", "n_words", "count", "npmi", "origin"])
            self.phrases_ = self.phrases_.sort_values(
                ["origin", "count", "term"], ascending=[True, False, True], kind="stable"
            ).reset_index(drop=True)
        col_table = self._column
        cols = np.where(toks >= 0, col_table[np.where(toks >= 0, toks, n_tok)], -1)
        matrix = sp.csr_matrix(
            (np.ones(int((cols >= 0).sum()), dtype=np.int64), (doc_of[cols >= 0], cols[cols >= 0])),
            shape=(n_docs, len(self.vocabulary_)),
        )
        matrix.sum_duplicates()
        bounds = np.concatenate(([0], np.cumsum(np.bincount(doc_of, minlength=n_docs))))
        vocab_full = np.asarray(self._tokens + ["\x00"], dtype=object)
        sequences, cut_terms = [], []
        for i in range(n_docs):
            seq = cols[bounds[i] : bounds[i + 1]]
            sequences.append(seq.astype(np.int32))
            raw = toks[bounds[i] : bounds[i + 1]]
            cut_terms.append(vocab_full[np.where(raw >= 0, raw, n_tok)[seq < 0]])
        n_terms_doc = np.diff(matrix.indptr)
        meta = docs.drop(columns=["text"])
        n_tokens = np.asarray(matrix.sum(axis=1)).ravel().astype(np.int64)
        empty = np.flatnonzero(n_terms_doc == 0)
        dropped = pd.DataFrame(
            {
                "doc_id": meta["doc_id"].iloc[empty].astype(str).tolist(),
                "reason": ["no terms left after stop words and min_df/max_df"] * len(empty),
            }
        )
        if len(empty) == n_docs:
            raise DTMError(
                f"every one of the {n_docs} documents is empty after filtering; "
                "lower min_df, raise max_df or check the texts"
            )
        keep_rows = n_terms_doc > 0
        idx = np.flatnonzero(keep_rows)
        return DocumentTermMatrix(
            matrix=matrix[idx],
            terms=np.asarray(self.vocabulary_, dtype=object),
            meta=meta.iloc[idx].reset_index(drop=True),
            n_tokens=n_tokens[idx],
            sequences=[sequences[i] for i in idx],
            phrases=self.phrases_,
            dropped=dropped,
            _cut_terms=[cut_terms[i] for i in idx],
        )


def document_term_matrix(corpus: Corpus, **kwargs) -> DTM:
    """Shortcut for ``DTMBuilder(**kwargs).fit_transform(corpus)``.

    Examples
    --------
    >>> from framing import Corpus
    >>> dtm = document_term_matrix(Corpus.from_texts(["peace and security", "peace talks"]),
    ...                            min_df=1, max_df=1.0, phrases=False)
    >>> dtm.vocabulary, dtm.matrix.toarray().tolist()
    (['peace', 'security', 'talks'], [[1, 1, 0], [1, 0, 1]])
    """
    return DTMBuilder(**kwargs).fit_transform(corpus)
