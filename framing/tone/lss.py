"""Latent Semantic Scaling: word and document polarity learnt from seed words.

Latent Semantic Scaling (LSS; Watanabe 2021, "Latent Semantic Scaling: A
Semisupervised Text Analysis Technique for New Domains and Languages",
Communication Methods and Measures 15(2), doi:10.1080/19312458.2020.1832976)
measures a user-defined dimension (tone, hostility ...) in a new domain
without labelled training data:

1. A semantic space is built from the corpus itself: the sentence-by-word
   matrix of counts is reduced by a truncated singular value decomposition
   to ``k`` dimensions (300 by default); each word is the row of the right
   singular vectors that belongs to it.
2. Each *seed word* has a sign (+1 or -1). The seeds of each side share a
   weight of 1 (each of the ``n`` seeds found weighs 1/n), so the two sides
   count equally however many seeds each has.
3. The polarity of a word is the sum over seeds of its cosine similarity to
   the seed times the seed's weight: its mean similarity to the positive
   seeds minus its mean similarity to the negative seeds.
4. Optionally only *model terms* get a polarity: words given by the user, or
   the words that occur near a *target* ("US", "United States") more often
   than elsewhere (chi-square test of the 2x2 table of counts inside and
   outside the target's windows).
5. The score of a document or sentence is the mean polarity of its words
   that have one, weighted by their frequency, with the standard error of
   that weighted mean; scores are rescaled to z-scores (centred and divided
   by their standard deviation) unless asked otherwise.

:class:`LSS` is the estimator; :func:`load_seeds` reads the seed sets
shipped in ``lexicons/lss_seeds.yml``; :func:`smooth_scores` smooths scores
over time by local linear regression.

Examples
--------
>>> from framing.tone.lss import load_seeds
>>> sorted(w for w, sign in load_seeds("diplomatic").items() if sign > 0)[:3]
['cooperat*', 'friendship', 'mutual benefit']
"""

from __future__ import annotations

import fnmatch
import math
import re
import time
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator

from framing._util import as_list, renamed_arguments
from framing._util import progress as _progress
from framing.errors import FramingError, LexiconError, MissingColumnError, NotFittedError
from framing.text.tokenize import STOPWORDS, split_sentences, tokenize

__all__ = ["LSS", "load_seeds", "seed_sets", "smooth_scores"]

_LETTER = re.compile(r"[^\W\d_]")
_SEEDS_FILE = ("lexicons", "lss_seeds.yml")


# ---------------------------------------------------------------------------
# Seeds
# ---------------------------------------------------------------------------


def _seeds_data() -> Mapping:
    import yaml

    from framing._paths import shipped_path

    path = shipped_path(*_SEEDS_FILE)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, Mapping) or not isinstance(data.get("seed_sets"), Mapping):
        raise LexiconError(f"{path}: expected a top-level 'seed_sets:' mapping")
    return data


def seed_sets() -> pd.DataFrame:
    """The shipped seed sets with their description and provenance.

    Examples
    --------
    >>> sets = seed_sets()
    >>> sets["name"].tolist()
    ['sentiment', 'diplomatic']
    >>> int(sets.loc[sets["name"] == "sentiment", "n_positive"].iat[0])
    7
    """
    rows = []
    for name, spec in _seeds_data()["seed_sets"].items():
        rows.append(
            {
                "name": name,
                "description": " ".join(str(spec.get("description", "")).split()),
                "provenance": " ".join(str(spec.get("provenance", "")).split()),
                "n_positive": len(spec.get("positive", [])),
                "n_negative": len(spec.get("negative", [])),
            }
        )
    return pd.DataFrame(rows)


def load_seeds(name_or_path="sentiment") -> dict[str, float]:
    """Seed words with their signs: ``{seed: +1.0 or -1.0}``.

    Parameters
    ----------
    name_or_path : str or path
        A shipped seed set (``"sentiment"``, ``"diplomatic"``; see
        :func:`seed_sets`) or a YAML file with ``positive:`` and
        ``negative:`` lists (at the top level or under ``seed_sets: {name:
        ...}`` with a single set).

    Raises
    ------
    framing.LexiconError
        For an unknown name or a file without both sides.

    Examples
    --------
    >>> seeds = load_seeds("sentiment")
    >>> seeds["good"], seeds["bad"], len(seeds)
    (1.0, -1.0, 14)
    """
    import yaml

    name = str(name_or_path)
    sets = _seeds_data()["seed_sets"]
    if name in sets:
        spec, where = sets[name], f"lexicons/lss_seeds.yml: seed set {name!r}"
    else:
        path = Path(name).expanduser()
        if not path.is_file():
            raise LexiconError(f"no shipped seed set {name!r} (shipped: {list(sets)}) and no file {name!r}")
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError as exc:
            raise LexiconError(f"{path}: not valid YAML: {exc}") from None
        if isinstance(data, Mapping) and isinstance(data.get("seed_sets"), Mapping):
            if len(data["seed_sets"]) != 1:
                raise LexiconError(f"{path}: name one of the seed sets {list(data['seed_sets'])}")
            data = next(iter(data["seed_sets"].values()))
        spec, where = data, str(path)
    if not isinstance(spec, Mapping):
        raise LexiconError(f"{where}: expected a mapping with 'positive' and 'negative' lists")
    out: dict[str, float] = {}
    for side, sign in (("positive", 1.0), ("negative", -1.0)):
        words = spec.get(side)
        if isinstance(words, str):
            words = [words]
        if not words:
            raise LexiconError(f"{where}: the {side!r} list is missing or empty")
        for w in words:
            out[str(w)] = sign
    return out


def _parse_seeds(seeds) -> dict[str, float]:
    """Seeds given in any accepted form -> ``{pattern: sign}``."""
    if isinstance(seeds, (str, Path)):
        return load_seeds(seeds)
    if isinstance(seeds, Mapping):
        keys = {str(k).lower() for k in seeds}
        if keys and keys <= {"positive", "negative"}:
            out = {}
            for side, sign in (("positive", 1.0), ("negative", -1.0)):
                for w in as_list(seeds.get(side) or seeds.get(side.upper()) or []):
                    out[str(w)] = sign
            return out
        out = {}
        for k, v in seeds.items():
            try:
                v = float(v)
            except (TypeError, ValueError):
                raise FramingError(f"seed {k!r}: weight must be a number, got {v!r}") from None
            if not math.isfinite(v) or v == 0:
                raise FramingError(f"seed {k!r}: weight must be a non-zero finite number, got {v!r}")
            out[str(k)] = v
        return out
    raise FramingError(
        "seeds must be a seed set name, a YAML path, {'positive': [...], "
        "'negative': [...]} or {word: weight}, got " + type(seeds).__name__
    )


def _phrase_key(phrase: str) -> tuple[str, ...]:
    return tuple(tokenize(phrase))


# ---------------------------------------------------------------------------
# Input: documents or tokenised sentences
# ---------------------------------------------------------------------------


def _docs_frame(X) -> pd.DataFrame | None:
    if hasattr(X, "collect") and not hasattr(X, "docs"):
        X = X.collect()
    docs = X.docs if hasattr(X, "docs") else X
    if isinstance(docs, pd.DataFrame):
        if "text" not in docs.columns:
            raise MissingColumnError(f"the documents lack a 'text' column; have {list(docs.columns)}")
        docs = docs.reset_index(drop=True)
        if "doc_id" not in docs.columns:
            docs = docs.assign(doc_id=[f"doc{i}" for i in range(len(docs))])
        bad = [i for i, t in enumerate(docs["text"]) if not isinstance(t, str)]
        if bad:
            raise FramingError(f"document {docs['doc_id'].iat[bad[0]]!r}: text is not a string")
        return docs
    return None


def _as_input(X):
    """``("docs", frame)`` for documents, ``("tokens", list of token lists)`` otherwise."""
    docs = _docs_frame(X)
    if docs is not None:
        return "docs", docs
    if isinstance(X, str):
        return "docs", pd.DataFrame({"doc_id": ["doc0"], "text": [X]})
    if hasattr(X, "sentences") and callable(X.sentences) and not isinstance(X, (list, tuple)):
        X = X.sentences()
    items = list(X)
    if all(isinstance(t, str) for t in items):
        return "docs", pd.DataFrame({"doc_id": [f"doc{i}" for i in range(len(items))], "text": items})
    out = []
    for i, t in enumerate(items):
        if isinstance(t, str) or not isinstance(t, Iterable):
            raise FramingError(
                f"item {i}: expected a tokenised sentence (a list of str), got {type(t).__name__}"
            )
        out.append([str(w).lower() for w in t])
    return "tokens", out


class _Compounder:
    """Joins multi-word phrases into single tokens (``mutual_benefit``)."""

    def __init__(self, phrases: Iterable[tuple[str, ...]], sep: str = "_"):
        self.index: dict[str, list[tuple[str, ...]]] = {}
        for p in set(phrases):
            if len(p) > 1:
                self.index.setdefault(p[0], []).append(p)
        for opts in self.index.values():
            opts.sort(key=len, reverse=True)
        self.firsts = frozenset(self.index)
        self.sep = sep

    def __call__(self, tokens: list[str]) -> list[str]:
        if not self.firsts or self.firsts.isdisjoint(tokens):
            return tokens
        out, i, n = [], 0, len(tokens)
        while i < n:
            t = tokens[i]
            for p in self.index.get(t, ()):
                m = len(p)
                if tuple(tokens[i : i + m]) == p:
                    out.append(self.sep.join(p))
                    i += m
                    break
            else:
                out.append(t)
                i += 1
        return out


# ---------------------------------------------------------------------------
# The estimator
# ---------------------------------------------------------------------------


class _PolarTokens:
    """Collects units of tokens as (unit, polarity index) arrays, batch by batch."""

    def __init__(self, index: pd.Index, batch: int = 20000):
        self.index = index
        self.batch = batch
        self.pending: list[list[str]] = []
        self.lengths: list[np.ndarray] = []
        self.units: list[np.ndarray] = []
        self.idx: list[np.ndarray] = []
        self.n = 0

    def append(self, tokens: list[str]) -> None:
        self.pending.append(tokens)
        if len(self.pending) >= self.batch:
            self._flush()

    def _flush(self) -> None:
        if not self.pending:
            return
        lengths = np.fromiter((len(t) for t in self.pending), dtype=np.int64, count=len(self.pending))
        flat = [t for ts in self.pending for t in ts]
        idx = self.index.get_indexer(pd.Index(flat, dtype=object)) if flat else np.zeros(0, dtype=np.intp)
        unit = np.repeat(np.arange(self.n, self.n + len(lengths), dtype=np.int64), lengths)
        keep = idx >= 0
        self.lengths.append(lengths)
        self.units.append(unit[keep])
        self.idx.append(idx[keep])
        self.n += len(lengths)
        self.pending = []

    def arrays(self):
        self._flush()
        cat = lambda xs, dt: np.concatenate(xs) if xs else np.zeros(0, dtype=dt)
        return cat(self.lengths, np.int64), cat(self.units, np.int64), cat(self.idx, np.intp)


class LSS(BaseEstimator):
    """Latent Semantic Scaling (Watanabe 2021), scikit-learn style.

    Parameters
    ----------
    seeds : str, path or mapping, default "sentiment"
        A shipped seed set (``"sentiment"``, ``"diplomatic"``; see
        :func:`seed_sets`), a YAML file of seeds, ``{"positive": [...],
        "negative": [...]}``, or ``{seed: weight}`` with signed weights. A seed
        is a word, a glob with ``*`` (``welcom*``), a multi-word phrase (joined
        into one compound token, ``mutual_benefit``, before the space is
        built) or ``@entry_id``, an entry of ``lexicon`` whose phrases become
        compound tokens.
    k : int, default 300
        Dimensions of the semantic space (fewer when the corpus has fewer
        sentences or words).
    weight : {"count", "log", "binary"}, default "count"
        Cell values of the sentence-by-word matrix: counts, ``log(1 + count)``
        or presence.
    min_count : int, default 5
        Words seen fewer times in the fitted text are left out of the space
        (seed words are kept whenever they occur).
    stopwords : bool or collection of str, default True
        Leave stop words (:data:`framing.STOPWORDS`, or the given words) out
        of the space and of the scores.
    terms : list of str, optional
        Model terms: only these words (globs allowed) get a polarity.
    target : str or list of str, optional
        Choose the model terms by association with these words or phrases
        instead: words inside a window of ``window`` tokens around the target
        (in the same sentence) more often than elsewhere, with a chi-square
        test (Yates-corrected, one degree of freedom) p-value below ``p``.
    window : int, default 10
        Window for ``target``.
    p : float, default 0.001
        Significance threshold for ``target``.
    lexicon : Lexicon, name or path, optional
        Where ``@entry_id`` seeds are looked up (default: the shipped
        slogans lexicon).
    n_iter : int, default 5
        Power iterations of the randomised SVD.
    oversample : int, optional
        Extra dimensions of the randomised sketch (default: ``k``, a sketch
        of ``2k`` columns). The spectrum of a sentence-by-word matrix is flat
        around the 300th component, so a small sketch gives a subspace, and
        word polarities, that depend on ``random_state``; with ``2k`` columns
        the polarities agree with those of an exact SVD to a correlation of
        about 0.998 (on the 2022 headlines) at twice the cost of ``k + 10``.
    random_state : int, default 0
        Seed of the randomised SVD; results are identical for equal seeds.
    n_threads : int or None, default 1
        BLAS threads for the dense steps of the SVD (small matrices of
        ``words x (k + 10)``; one thread avoids oversubscribing a busy
        machine). None: the BLAS default.
    progress : bool, default False
        Progress bars while tokenising.

    Attributes
    ----------
    polarity_ : pandas.Series
        Word -> polarity, sorted by decreasing polarity.
    seeds_ : pandas.DataFrame
        One row per seed pattern and corpus word it matched: ``seed``,
        ``word``, ``sign``, ``weight`` (after normalisation), ``count`` and
        ``polarity`` (the word's own fitted polarity); patterns found nowhere
        have a row with ``word`` missing.
    terms_ : pandas.DataFrame
        The words that get a polarity, with ``count`` (and, with ``target``,
        ``in_context``, ``chi2`` and ``p``).
    vocabulary_ : pandas.Index
        Words of the semantic space.
    embedding_ : numpy.ndarray
        Unit-length word vectors (one row per word of ``vocabulary_``).
    singular_values_ : numpy.ndarray
    n_sentences_, n_tokens_ : int
        Size of the fitted text.
    center_, scale_ : float
        Mean and standard deviation of the raw scores of the fitted
        sentences (used by ``rescale="fit"``).
    timings_ : dict
        CPU seconds of the steps of ``fit``: ``tokenise`` (sentence
        splitting, tokenising, encoding), ``matrix``, ``svd``, ``polarity``
        and ``total``.

    Notes
    -----
    Scores are means of word polarities: they rank texts along the seed
    dimension; their values have no absolute meaning. A score is as good as
    its seeds and should be validated against hand-coded text of the same
    domain (:func:`framing.validate`).

    Examples
    --------
    >>> from framing import Corpus
    >>> pos = "We welcome the friendly and fruitful talks."
    >>> neg = "We condemn the hostile and shameful attacks."
    >>> corpus = Corpus.from_records(
    ...     [{"doc_id": f"d{i}", "text": f"{pos} {neg} {pos}" if i % 2 else f"{neg} {pos} {neg}"}
    ...      for i in range(20)])
    >>> lss = LSS(seeds={"positive": ["friendly"], "negative": ["hostile"]}, k=2, min_count=1)
    >>> lss = lss.fit(corpus)
    >>> bool(lss.polarity_["fruitful"] > 0 > lss.polarity_["shameful"])
    True
    >>> scores = lss.score(corpus)
    >>> scores.columns.tolist()[:6]
    ['doc_id', 'score', 'se', 'ci_low', 'ci_high', 'n_polar']
    >>> bool(scores.loc[1, "score"] > scores.loc[0, "score"])
    True
    """

    def __init__(
        self,
        seeds="sentiment",
        *,
        k: int = 300,
        weight: str = "count",
        min_count: int = 5,
        stopwords=True,
        terms=None,
        target=None,
        window: int = 10,
        p: float = 0.001,
        lexicon=None,
        n_iter: int = 5,
        oversample: int | None = None,
        random_state: int = 0,
        n_threads: int | None = 1,
        progress: bool = False,
    ):
        self.seeds = seeds
        self.k = k
        self.weight = weight
        self.min_count = min_count
        self.stopwords = stopwords
        self.terms = terms
        self.target = target
        self.window = window
        self.p = p
        self.lexicon = lexicon
        self.n_iter = n_iter
        self.oversample = oversample
        self.random_state = random_state
        self.n_threads = n_threads
        self.progress = progress

    def __repr__(self) -> str:
        seeds = self.seeds if isinstance(self.seeds, str) else "<custom>"
        state = f", {len(self.polarity_)} words" if hasattr(self, "polarity_") else ", not fitted"
        return f"LSS(seeds={seeds!r}, k={self.k}{state})"

    def get_params(self, deep: bool = True) -> dict:
        """The settings given to ``__init__``."""
        return {
            k: getattr(self, k)
            for k in (
                "seeds",
                "k",
                "weight",
                "min_count",
                "stopwords",
                "terms",
                "target",
                "window",
                "p",
                "lexicon",
                "n_iter",
                "oversample",
                "random_state",
                "n_threads",
                "progress",
            )
        }

    def set_params(self, **params) -> LSS:
        """Change settings (unknown names raise)."""
        valid = self.get_params()
        for key, value in params.items():
            if key not in valid:
                raise FramingError(f"LSS has no setting {key!r}; settings: {sorted(valid)}")
            setattr(self, key, value)
        return self

    # -- settings ------------------------------------------------------------
    def _check(self):
        if not isinstance(self.k, (int, np.integer)) or isinstance(self.k, bool) or self.k < 1:
            raise FramingError(f"k must be a positive integer, got {self.k!r}")
        if self.weight not in ("count", "log", "binary"):
            raise FramingError(f"weight must be 'count', 'log' or 'binary', got {self.weight!r}")
        if not isinstance(self.min_count, (int, np.integer)) or self.min_count < 1:
            raise FramingError(f"min_count must be a positive integer, got {self.min_count!r}")
        if not 0 < float(self.p) <= 1:
            raise FramingError(f"p must be in (0, 1], got {self.p!r}")
        if self.terms is not None and self.target is not None:
            raise FramingError("give terms or target, not both")
        if not isinstance(self.window, (int, np.integer)) or self.window < 1:
            raise FramingError(f"window must be a positive integer, got {self.window!r}")

    def _stopset(self) -> frozenset:
        if self.stopwords is True:
            return STOPWORDS
        if not self.stopwords:
            return frozenset()
        return frozenset(str(w).lower() for w in self.stopwords)

    def _resolve_seed_patterns(self) -> list[tuple[str, float, list[str]]]:
        """``[(seed as given, sign, [candidate tokens or globs])]`` with phrases compounded."""
        parsed = _parse_seeds(self.seeds)
        out = []
        lex = None
        for seed, sign in parsed.items():
            if seed.startswith("@"):
                if lex is None:
                    lex = self._lexicon()
                entry = seed[1:]
                if entry not in lex:
                    raise LexiconError(
                        f"seed {seed!r}: no entry {entry!r} in lexicon {lex.name or '<lexicon>'}"
                    )
                phrases = lex.subset([entry]).expand()
                infinite = phrases.loc[~phrases["finite"], "pattern"].tolist()
                if infinite:
                    raise LexiconError(
                        f"seed {seed!r}: pattern(s) {infinite} match open-ended "
                        "phrases; list the phrases as seeds instead"
                    )
                cands = [self._join(_phrase_key(p)) for p in phrases["phrase"]]
            else:
                key = _phrase_key(seed.replace("*", "STARMARK"))
                key = tuple(t.replace("starmark", "*") for t in key)
                if not key:
                    raise FramingError(f"seed {seed!r} has no word tokens")
                cands = [self._join(key)]
            out.append((seed, sign, sorted({c for c in cands if c})))
        return out

    def _lexicon(self):
        from framing.lexicon.core import Lexicon, load_lexicon

        if isinstance(self.lexicon, Lexicon):
            return self.lexicon
        if self.lexicon is None:
            return load_lexicon()
        return load_lexicon(self.lexicon)

    @staticmethod
    def _join(key: tuple[str, ...]) -> str:
        return "_".join(key)

    def _phrases(self, patterns, extra=()) -> list[tuple[str, ...]]:
        phrases: list[tuple[str, ...]] = []
        for _, _, cands in patterns:
            phrases.extend(tuple(c.split("_")) for c in cands if "_" in c and "*" not in c)
        phrases.extend(extra)
        return phrases

    # -- tokenising ----------------------------------------------------------
    def _sentence_batches(self, X, compound, batch: int = 200):
        """Tokenised, compounded sentences in batches (bounded memory)."""
        kind, data = _as_input(X)
        if kind == "tokens":
            for i in range(0, len(data), batch * 100):
                yield [compound(t) for t in data[i : i + batch * 100]]
            return
        texts = data["text"].tolist()
        bar = _progress(
            range(0, len(texts), batch),
            self.progress,
            (len(texts) + batch - 1) // batch,
            "sentences",
            unit="batch",
        )
        for i in bar:
            out = []
            for text in texts[i : i + batch]:
                for s, e in split_sentences(text):
                    out.append(compound(tokenize(text[s:e])))
            yield out

    def _encode(self, X, compound, tset: set):
        """Token ids of all sentences, without holding the token strings.

        Returns ``(codes, lengths, words, inside, n_in)``: ``inside`` counts
        the words within ``window`` tokens of a target.
        """
        vocab: dict[str, int] = {}
        code_chunks, len_chunks = [], []
        inside: dict[str, int] = {}
        n_in = 0
        w = self.window
        for sents in self._sentence_batches(X, compound):
            if not sents:
                continue
            len_chunks.append(np.fromiter((len(x) for x in sents), dtype=np.int64, count=len(sents)))
            flat = [t for x in sents for t in x]
            if flat:
                codes, uniq = pd.factorize(np.array(flat, dtype=object), sort=False)
                gid = np.fromiter(
                    (vocab.setdefault(u, len(vocab)) for u in uniq), dtype=np.int64, count=len(uniq)
                )
                code_chunks.append(gid[codes].astype(np.int32))
            if tset:
                for x in sents:
                    if tset.isdisjoint(x):
                        continue
                    mask = np.zeros(len(x), dtype=bool)
                    hits = [i for i, t in enumerate(x) if t in tset]
                    for i in hits:
                        mask[max(0, i - w) : i + w + 1] = True
                    mask[hits] = False
                    for j in np.flatnonzero(mask):
                        inside[x[j]] = inside.get(x[j], 0) + 1
                    n_in += int(mask.sum())
        codes = np.concatenate(code_chunks) if code_chunks else np.zeros(0, dtype=np.int32)
        lengths = np.concatenate(len_chunks) if len_chunks else np.zeros(0, dtype=np.int64)
        return codes, lengths, list(vocab), inside, n_in

    # -- fitting -------------------------------------------------------------
    def fit(self, X, y=None) -> LSS:
        """Learn word polarities from ``X``.

        Parameters
        ----------
        X : Corpus, CorpusStream, DataFrame, list of str or iterable of token lists
            Documents (split into sentences with
            :func:`framing.text.tokenize.split_sentences` and tokenised with
            :func:`framing.text.tokenize.tokenize`) or tokenised sentences (any
            iterable of lists of tokens, or an object whose ``sentences()``
            method yields them).
        y : ignored

        Returns
        -------
        LSS
            ``self``, fitted.

        Raises
        ------
        framing.FramingError
            When no seed of one side occurs in ``X``, when ``target`` does
            not occur, or for invalid settings.
        """
        from scipy import sparse

        self._check()
        patterns = self._resolve_seed_patterns()
        targets = [_phrase_key(t) for t in as_list(self.target)]
        if self.target is not None and not any(targets):
            raise FramingError(f"target {self.target!r} has no word tokens")
        compound = _Compounder(self._phrases(patterns, [t for t in targets if len(t) > 1]))
        tset = {self._join(t) for t in targets if t}
        clock = time.process_time()
        codes, lengths, uniques, inside, n_in = self._encode(X, compound, tset)
        t_tokens = time.process_time() - clock
        n_sents = len(lengths)
        if not n_sents:
            raise FramingError("nothing to fit: the input has no sentences")
        if not len(codes):
            raise FramingError("nothing to fit: the input has no word tokens")
        uniques = pd.Index(uniques, dtype=object)
        counts = np.bincount(codes, minlength=len(uniques))

        # seeds: match patterns against the words of the corpus
        seed_rows = self._match_seeds(patterns, uniques, counts)
        seed_words = set(seed_rows["word"].dropna())

        stop = self._stopset()
        keep = counts >= self.min_count
        words = uniques.to_numpy(dtype=object)
        has_letter = np.fromiter((bool(_LETTER.search(w)) for w in words), dtype=bool, count=len(words))
        not_stop = np.fromiter((w not in stop for w in words), dtype=bool, count=len(words))
        is_seed = np.fromiter((w in seed_words for w in words), dtype=bool, count=len(words))
        keep = (keep & has_letter & not_stop) | is_seed
        new_code = np.full(len(uniques), -1, dtype=np.int64)
        # most frequent words first: their vectors stay in cache in the SVD
        kept = np.flatnonzero(keep)
        kept = kept[np.argsort(-counts[kept], kind="stable")]
        new_code[kept] = np.arange(len(kept))
        vocab = pd.Index(words[kept], dtype=object)
        rows = np.repeat(np.arange(n_sents, dtype=np.int64), lengths)
        cols = new_code[codes]
        ok = cols >= 0
        mat = sparse.csr_matrix(
            (np.ones(int(ok.sum()), dtype=np.float64), (rows[ok], cols[ok])),
            shape=(n_sents, len(vocab)),
        )
        mat.sum_duplicates()
        if self.weight == "log":
            mat.data = np.log1p(mat.data)
        elif self.weight == "binary":
            mat.data[:] = 1.0
        t_matrix = time.process_time() - clock - t_tokens
        k = int(min(self.k, min(mat.shape) - 1))
        if k < 1:
            raise FramingError(
                f"too little text for a semantic space: {mat.shape[0]} sentences, {mat.shape[1]} words"
            )
        import scipy.linalg  # noqa: F401  (load BLAS before limiting its threads)
        from threadpoolctl import threadpool_limits

        with threadpool_limits(limits=self.n_threads):
            over = k if self.oversample is None else int(self.oversample)
            sv, emb = right_singular_vectors(
                mat, k, n_iter=self.n_iter, oversample=over, random_state=self.random_state, dtype=np.float32
            )
        t_svd = time.process_time() - clock - t_tokens - t_matrix
        norms = np.linalg.norm(emb, axis=1)
        norms[norms == 0] = 1.0
        emb /= norms[:, None]

        # seed weights: each side sums to +-1, split among the words a pattern matched
        seed_rows = seed_rows[seed_rows["word"].isna() | seed_rows["word"].isin(vocab)]
        found = seed_rows.dropna(subset=["word"])
        for sign in (1.0, -1.0):
            if not (np.sign(found["sign"]) == sign).any():
                side = "positive" if sign > 0 else "negative"
                given = [s for s, sg, _ in patterns if np.sign(sg) == sign]
                raise FramingError(
                    f"no {side} seed occurs in the text ({given}); choose seeds that the corpus uses"
                )
        seed_rows = self._weigh_seeds(seed_rows)
        found = seed_rows.dropna(subset=["word"])
        seed_vec = found.groupby("word", sort=False)["weight"].sum()
        seed_idx = vocab.get_indexer(seed_vec.index)
        direction = emb[seed_idx].T @ seed_vec.to_numpy()

        # model terms
        freq = pd.Series(counts[kept], index=vocab, name="count")
        terms = self._model_terms(vocab, freq, tset, inside, n_in, len(codes))
        term_idx = vocab.get_indexer(terms.index)
        pol = emb[term_idx] @ direction
        polarity = pd.Series(pol, index=terms.index, name="polarity")
        self.polarity_ = polarity.sort_values(ascending=False, kind="stable")
        self.terms_ = terms.reset_index(names="word")
        seed_rows["polarity"] = seed_rows["word"].map(
            pd.Series(
                emb[vocab.get_indexer(seed_rows["word"].dropna())] @ direction,
                index=seed_rows["word"].dropna(),
            )
        )
        self.seeds_ = seed_rows.reset_index(drop=True)
        self.vocabulary_ = vocab
        self.embedding_ = emb
        self.singular_values_ = sv
        self.frequency_ = freq
        self.n_sentences_ = n_sents
        self.n_tokens_ = len(codes)
        self.k_ = k
        total = time.process_time() - clock
        self.timings_ = {
            "tokenise": t_tokens,
            "matrix": t_matrix,
            "svd": t_svd,
            "polarity": total - t_tokens - t_matrix - t_svd,
            "total": total,
        }
        self._compound = compound
        self._index = pd.Index(self.polarity_.index)
        self._values = self.polarity_.to_numpy(dtype=float)
        # reference for rescale="fit": raw scores of the fitted sentences
        term_of_col = pd.Index(self.polarity_.index).get_indexer(vocab)
        tc = term_of_col[cols[ok]]
        has = tc >= 0
        unit, vals = rows[ok][has], self._values[tc[has]]
        n_pol = np.bincount(unit, minlength=n_sents)
        with np.errstate(invalid="ignore", divide="ignore"):
            raw = np.bincount(unit, weights=vals, minlength=n_sents) / n_pol
        raw = raw[np.isfinite(raw)]
        self.center_ = float(raw.mean()) if len(raw) else 0.0
        self.scale_ = float(raw.std(ddof=1)) if len(raw) > 1 and raw.std() > 0 else 1.0
        return self

    def _match_seeds(self, patterns, uniques: pd.Index, counts) -> pd.DataFrame:
        rows: list[tuple] = []
        words = uniques.tolist()
        for seed, sign, cands in patterns:
            matched: list[str] = []
            for c in cands:
                matched.extend(_glob_words(c, words, uniques))
            matched = sorted(set(matched))
            if matched:
                for w in matched:
                    rows.append((seed, w, sign, int(counts[uniques.get_loc(w)])))
            else:
                rows.append((seed, None, sign, 0))
        return pd.DataFrame(rows, columns=["seed", "word", "sign", "count"])

    @staticmethod
    def _weigh_seeds(rows: pd.DataFrame) -> pd.DataFrame:
        rows = rows.copy()
        found = rows["word"].notna()
        n_words = rows[found].groupby("seed")["word"].transform("size")
        weight = pd.Series(0.0, index=rows.index)
        for sign in (1.0, -1.0):
            side = found & (np.sign(rows["sign"]) == sign)
            total = rows.loc[side].groupby("seed", sort=False)["sign"].first().abs().sum()
            weight[side] = rows.loc[side, "sign"] / total / n_words[side]
        rows["weight"] = weight
        return rows

    def _model_terms(self, vocab, freq, tset, inside, n_in, total) -> pd.DataFrame:
        stop = self._stopset()
        if self.terms is not None:
            pats = [str(t).lower().replace(" ", "_") for t in as_list(self.terms)]
            words = vocab.tolist()
            chosen: set[str] = set()
            for pat in pats:
                chosen.update(_glob_words(pat, words, vocab))
            if not chosen:
                raise FramingError(
                    f"none of the terms {as_list(self.terms)} is in the text "
                    f"(after min_count={self.min_count})"
                )
            chosen_idx = np.sort(vocab.get_indexer(list(chosen)))
            return freq.iloc[chosen_idx].to_frame()
        if self.target is None:
            return freq.to_frame()
        if n_in == 0:
            raise FramingError(f"target {self.target!r} does not occur in the text")
        a = pd.Series(inside, dtype=float).reindex(vocab, fill_value=0.0).to_numpy()
        b = freq.to_numpy(dtype=float) - a
        chi2, pval = chi2_2x2(a, b, n_in - a, (total - n_in) - b)
        assoc = a / n_in > b / max(total - n_in, 1)
        frame = freq.to_frame()
        frame["in_context"] = a.astype(np.int64)
        frame["chi2"] = chi2
        frame["p"] = pval
        sel = assoc & (pval < self.p) & ~vocab.isin(list(tset) + list(stop))
        if not sel.any():
            raise FramingError(
                f"no word is associated with target {self.target!r} at p < {self.p}; "
                "raise p or widen the window"
            )
        return frame[sel]

    # -- scoring -------------------------------------------------------------
    def _check_fitted(self):
        if not hasattr(self, "polarity_"):
            raise NotFittedError("this LSS is not fitted yet: call fit(corpus) first")

    def _raw(self, unit, tokens, n_units, min_n: int = 0):
        """Raw mean polarity, standard error and counts per unit.

        ``unit``: unit number of each token; ``tokens``: the tokens.
        """
        idx = (
            self._index.get_indexer(pd.Index(tokens, dtype=object))
            if len(tokens)
            else np.zeros(0, dtype=np.intp)
        )
        return self._stats(unit, idx, n_units, min_n)

    def _stats(self, unit, idx, n_units, min_n: int = 0):
        ok = idx >= 0
        u = np.asarray(unit)[ok]
        v = self._values[idx[ok]]
        n_polar = np.bincount(u, minlength=n_units).astype(float)
        s1 = np.bincount(u, weights=v, minlength=n_units)
        s2 = np.bincount(u, weights=v * v, minlength=n_units)
        n = np.where(n_polar == 0, 0.0, np.maximum(n_polar, min_n))
        with np.errstate(invalid="ignore", divide="ignore"):
            raw = np.where(n > 0, s1 / n, np.nan)
            var = np.clip(s2 / n - (s1 / n) ** 2, 0.0, None)
            se = np.where(n > 1, np.sqrt(var) / np.sqrt(n), np.nan)
        return raw, se, n_polar.astype(np.int64), (u, v)

    @renamed_arguments(conf="conf_level")
    def score(
        self,
        X,
        level: str = "document",
        *,
        rescale="data",
        min_n: int = 0,
        interval: str = "se",
        conf_level: float = 0.95,
        n_boot: int = 500,
        random_state: int | None = 0,
        keep_text: bool = True,
    ) -> pd.DataFrame:
        """Score documents or sentences.

        Parameters
        ----------
        X : Corpus, CorpusStream, DataFrame, list of str or iterable of token lists
            Documents, or tokenised sentences (one row each, ``unit`` = position).
        level : {"document", "sentence"}, default "document"
            One row per document, or per sentence (sentences found by
            :func:`framing.text.tokenize.split_sentences`).
        rescale : {"data", "fit"} or False, default "data"
            ``"data"``: z-scores over the scored units (as LSX's ``predict``
            does); ``"fit"``: centred and scaled by the raw scores of the
            fitted sentences, so that scores of different subsets are on one
            scale; False: raw mean polarities.
        min_n : int, default 0
            Divide by at least this many words (units with few polarity words
            are pulled toward zero, as in LSX).
        interval : {"se", "bootstrap"}, default "se"
            Normal interval from the standard error of the weighted mean, or a
            percentile bootstrap over the unit's polarity words (``n_boot``
            resamples, ``random_state``).
        conf_level : float, default 0.95
            Confidence level of ``ci_low``/``ci_high``.
        keep_text : bool, default True
            Sentence level: keep the sentence text (column ``text``).

        Returns
        -------
        pandas.DataFrame
            ``doc_id`` (sentence level: also ``sentence``, ``start``,
            ``end`` and ``text``), ``score`` (higher = closer to the positive
            seeds), ``se``, ``ci_low``, ``ci_high``, ``n_polar`` (words with
            a polarity), ``n_tokens``, ``raw`` (the mean polarity before
            rescaling), then the document metadata. Units without a polarity
            word have a missing score; they are kept.
        """
        self._check_fitted()
        if level not in ("document", "sentence"):
            raise FramingError(f"level must be 'document' or 'sentence', got {level!r}")
        if rescale not in ("data", "fit", False, None):
            raise FramingError(f"rescale must be 'data', 'fit' or False, got {rescale!r}")
        if interval not in ("se", "bootstrap"):
            raise FramingError(f"interval must be 'se' or 'bootstrap', got {interval!r}")
        if not 0 < conf_level < 1:
            raise FramingError(f"conf_level must be between 0 and 1, got {conf_level!r}")
        kind, data = _as_input(X)
        compound = self._compound
        toks = _PolarTokens(self._index)
        if kind == "tokens":
            for t in data:
                toks.append(compound(t))
            frame = pd.DataFrame({"unit": np.arange(len(data))})
            positions = None
        elif level == "document":
            texts = data["text"].tolist()
            for t in _progress(texts, self.progress, len(texts), "LSS"):
                toks.append(compound(tokenize(t)))
            frame = pd.DataFrame({"doc_id": data["doc_id"].to_numpy()})
            positions = np.arange(len(data))
        else:
            pos, num, starts, ends, sents = [], [], [], [], []
            texts = data["text"].tolist()
            for p, text in enumerate(_progress(texts, self.progress, len(texts), "LSS")):
                for j, (s, e) in enumerate(split_sentences(text)):
                    toks.append(compound(tokenize(text[s:e])))
                    pos.append(p)
                    num.append(j)
                    starts.append(s)
                    ends.append(e)
                    if keep_text:
                        sents.append(text[s:e])
            positions = np.asarray(pos, dtype=np.intp)
            frame = pd.DataFrame(
                {
                    "doc_id": data["doc_id"].to_numpy()[positions],
                    "sentence": np.asarray(num, dtype=np.int64),
                    "start": np.asarray(starts, dtype=np.int64),
                    "end": np.asarray(ends, dtype=np.int64),
                }
            )
            if keep_text:
                frame["text"] = sents
        lengths, unit, idx = toks.arrays()
        n_units = len(lengths)
        raw, se, n_polar, (u, v) = self._stats(unit, idx, n_units, min_n)
        center, scale = 0.0, 1.0
        if rescale == "data":
            fin = raw[np.isfinite(raw)]
            center = float(fin.mean()) if len(fin) else 0.0
            sd = float(fin.std(ddof=1)) if len(fin) > 1 else 0.0
            scale = sd if sd > 0 else 1.0
        elif rescale == "fit":
            center, scale = self.center_, self.scale_
        score = (raw - center) / scale
        se_out = se / scale
        from scipy import stats

        if interval == "se":
            z = stats.norm.ppf(0.5 + conf_level / 2)
            lo, hi = score - z * se_out, score + z * se_out
        else:
            lo, hi = self._bootstrap(u, v, n_units, min_n, n_boot, conf_level, random_state)
            lo, hi = (lo - center) / scale, (hi - center) / scale
        frame["score"] = score
        frame["se"] = se_out
        frame["ci_low"] = lo
        frame["ci_high"] = hi
        frame["n_polar"] = n_polar
        frame["n_tokens"] = lengths
        frame["raw"] = raw
        if positions is not None:
            meta_cols = [c for c in data.columns if c not in ("doc_id", "text")]
            if meta_cols:
                meta = data[meta_cols].iloc[positions].reset_index(drop=True)
                meta.columns = [f"doc_{c}" if c in frame.columns else c for c in meta_cols]
                frame = pd.concat([frame, meta], axis=1)
        return frame

    transform = score

    def fit_score(self, X, level: str = "document", **kwargs) -> pd.DataFrame:
        """``fit(X)`` then ``score(X, level, **kwargs)``."""
        return self.fit(X).score(X, level, **kwargs)

    @staticmethod
    def _bootstrap(u, v, n_units, min_n, n_boot, conf_level, random_state):
        rng = np.random.default_rng(random_state)
        lo = np.full(n_units, np.nan)
        hi = np.full(n_units, np.nan)
        if len(u) == 0:
            return lo, hi
        order = np.argsort(u, kind="stable")
        u, v = u[order], v[order]
        bounds = np.searchsorted(u, np.arange(n_units + 1))
        q = [(1 - conf_level) / 2, (1 + conf_level) / 2]
        for j in range(n_units):
            vals = v[bounds[j] : bounds[j + 1]]
            n = len(vals)
            if n < 2:
                continue
            draws = vals[rng.integers(0, n, size=(n_boot, n))].sum(axis=1) / max(n, min_n)
            lo[j], hi[j] = np.quantile(draws, q)
        return lo, hi

    def score_texts(self, texts: Sequence[str], *, rescale="fit", min_n: int = 0) -> pd.DataFrame:
        """Scores of strings, one row each (``score``, ``se``, ``n_polar``, ``raw``).

        Each string is one unit (not split into sentences); ``rescale="fit"``
        puts them on the scale of the fitted sentences.
        """
        self._check_fitted()
        toks = _PolarTokens(self._index)
        compound = self._compound
        for t in texts:
            toks.append(compound(tokenize(t)))
        lengths, unit, idx = toks.arrays()
        raw, se, n_polar, _ = self._stats(unit, idx, len(lengths), min_n)
        center, scale = (self.center_, self.scale_) if rescale == "fit" else (0.0, 1.0)
        return pd.DataFrame(
            {"score": (raw - center) / scale, "se": se / scale, "n_polar": n_polar, "raw": raw}
        )

    def top_words(self, n: int = 20) -> pd.DataFrame:
        """The ``n`` most positive and ``n`` most negative words with their counts."""
        self._check_fitted()
        pol = self.polarity_
        both = pd.concat([pol.head(n), pol.tail(n)[::-1]])
        out = both.rename_axis("word").reset_index()
        out["side"] = ["positive"] * min(n, len(pol)) + ["negative"] * (len(out) - min(n, len(pol)))
        out["count"] = self.frequency_.reindex(out["word"]).to_numpy()
        return out


def right_singular_vectors(
    X, k: int, *, n_iter: int = 5, oversample: int = 10, random_state=0, chunk: int = 50000, dtype=np.float64
):
    """Top ``k`` singular values and right singular vectors of a sparse matrix.

    Randomised subspace iteration (Halko, Martinsson & Tropp 2011) on the
    Gram matrix ``X.T @ X``, applied block by block of rows, so that memory
    grows with the number of columns (words), not of rows (sentences). The
    iterations run in ``dtype`` (float32 halves the memory traffic of the
    sparse products); the final small eigenproblem in float64.

    Returns
    -------
    (numpy.ndarray, numpy.ndarray)
        Singular values (descending) and the ``n_columns x k`` matrix of
        right singular vectors.

    Examples
    --------
    >>> import numpy as np
    >>> from scipy import sparse
    >>> X = sparse.csr_matrix(np.array([[3.0, 0, 0], [0, 2, 0], [0, 0, 1], [0, 2, 0]]))
    >>> s, v = right_singular_vectors(X, 2)
    >>> np.round(s ** 2, 6).tolist()
    [9.0, 8.0]
    """
    from scipy import linalg

    m, n = X.shape
    ell = min(n, k + oversample)
    rng = np.random.default_rng(random_state)
    X = X.astype(dtype)

    def gram(M):
        out = np.zeros((n, M.shape[1]), dtype=dtype)
        for s in range(0, m, chunk):
            block = X[s : s + chunk]
            out += block.T @ (block @ M)
        return out

    Q = rng.standard_normal((n, ell)).astype(dtype)
    # normalise by LU between power iterations (cheap), by QR at the end
    for _ in range(n_iter):
        Q, _ = linalg.lu(gram(Q), permute_l=True, check_finite=False)
    Q, _ = linalg.qr(gram(Q), mode="economic", check_finite=False)
    T = (Q.T @ gram(Q)).astype(np.float64)
    vals, W = linalg.eigh((T + T.T) / 2, check_finite=False)
    order = np.argsort(vals)[::-1][:k]
    vals = np.clip(vals[order], 0, None)
    V = Q.astype(np.float64) @ W[:, order]
    # fix signs so that results do not depend on the eigensolver
    signs = np.sign(V[np.argmax(np.abs(V), axis=0), np.arange(V.shape[1])])
    signs[signs == 0] = 1
    return np.sqrt(vals), V * signs


def chi2_2x2(a, b, c, d, correction: bool = True):
    """Chi-square statistic and p-value of 2x2 tables ``[[a, b], [c, d]]`` (vectorised).

    With ``correction`` the Yates continuity correction is applied, as
    :func:`scipy.stats.chi2_contingency` does for 2x2 tables.

    Examples
    --------
    >>> stat, p = chi2_2x2([10.0], [20.0], [30.0], [40.0])
    >>> round(float(stat[0]), 4), round(float(p[0]), 4)
    (0.4464, 0.504)
    """
    from scipy import stats

    a, b, c, d = (np.asarray(x, dtype=float) for x in (a, b, c, d))
    n = a + b + c + d
    r1, r2, c1, c2 = a + b, c + d, a + c, b + d
    diff = np.abs(a * d - b * c)
    if correction:
        diff = np.maximum(diff - n / 2, 0.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        stat = n * diff**2 / (r1 * r2 * c1 * c2)
    stat = np.where(np.isfinite(stat), stat, 0.0)
    return stat, stats.chi2.sf(stat, 1)


# ---------------------------------------------------------------------------
# Smoothing over time
# ---------------------------------------------------------------------------


@renamed_arguments(conf="conf_level")
def smooth_scores(
    frame: pd.DataFrame,
    by=None,
    *,
    date: str = "year",
    value: str = "score",
    span: float = 0.3,
    grid=None,
    conf_level: float = 0.95,
) -> pd.DataFrame:
    """Smooth scores over time by local linear regression (LOESS of degree 1).

    At each point ``x0`` of the grid, a straight line is fitted by weighted
    least squares to the ``span`` share of the units nearest to ``x0``, with
    tricube weights ``(1 - (d/h)^3)^3`` (``h``: distance to the farthest of
    them); the smoothed value is the line at ``x0``. Its standard error is
    ``sigma * sqrt(sum(l_i^2))``, where ``l`` are the weights of the linear
    smoother at ``x0`` and ``sigma`` the residual standard deviation of the
    smooth interpolated at the data points.

    Parameters
    ----------
    frame : pandas.DataFrame
        Rows with ``date`` and ``value`` (e.g. from :meth:`LSS.score`);
        rows with a missing value are left out.
    by : str, list of str or None, default None
        Smooth each group separately; ``None``: no grouping, one series.
    date : str, default "year"
        Numeric column (years) or datetime column (smoothed in days).
    value : str, default "score"
    span : float, default 0.3
        Share of the units in each local fit, in (0, 1].
    grid : array-like, optional
        Where to evaluate (default: every distinct date when there are at
        most 200, else 200 evenly spaced points).
    conf_level : float, default 0.95

    Returns
    -------
    pandas.DataFrame
        ``by`` columns, ``date`` column, ``fit``, ``se``, ``ci_low``,
        ``ci_high`` and ``n`` (units in the group).

    Examples
    --------
    >>> import pandas as pd
    >>> f = pd.DataFrame({"year": [2000, 2001, 2002, 2003, 2004] * 2,
    ...                   "score": [0.0, 1, 2, 3, 4, 0.2, 1.2, 2.2, 3.2, 4.2]})
    >>> smooth_scores(f, span=0.8)[["year", "fit"]].round(3).values.tolist()
    [[2000.0, 0.1], [2001.0, 1.1], [2002.0, 2.1], [2003.0, 3.1], [2004.0, 4.1]]
    """
    from scipy import stats

    by = as_list(by)
    missing = [c for c in [*by, date, value] if c not in frame.columns]
    if missing:
        raise MissingColumnError(f"column(s) {missing} not in the frame; have {list(frame.columns)}")
    if not 0 < span <= 1:
        raise FramingError(f"span must be in (0, 1], got {span!r}")
    is_time = pd.api.types.is_datetime64_any_dtype(frame[date])
    data = frame[[*by, date, value]].dropna(subset=[value, date])
    rows = []
    groups = data.groupby(by, sort=True, dropna=False) if by else [((), data)]
    z = stats.norm.ppf(0.5 + conf_level / 2)
    for key, g in groups:
        if is_time:
            origin = g[date].min()
            x = ((g[date] - origin) / pd.Timedelta(days=1)).to_numpy(dtype=float)
        else:
            x = pd.to_numeric(g[date]).to_numpy(dtype=float)
        y = g[value].to_numpy(dtype=float)
        if grid is None:
            uniq = np.unique(x)
            gx = uniq if len(uniq) <= 200 else np.linspace(uniq[0], uniq[-1], 200)
        else:
            gx = (
                np.asarray(pd.to_datetime(grid) - origin) / np.timedelta64(1, "D")
                if is_time
                else np.asarray(grid, dtype=float)
            )
        fit, norm_l = _local_linear(x, y, gx, span)
        at_data = np.interp(x, gx, fit) if len(gx) > 1 else np.full_like(y, fit[0])
        dof = max(len(y) - 2, 1)
        sigma = math.sqrt(float(np.sum((y - at_data) ** 2)) / dof)
        se = sigma * norm_l
        key = key if isinstance(key, tuple) else (key,)
        gvals = (origin + pd.to_timedelta(gx, unit="D")) if is_time else gx
        for j in range(len(gx)):
            rows.append((*key, gvals[j], fit[j], se[j], fit[j] - z * se[j], fit[j] + z * se[j], len(y)))
    return pd.DataFrame(rows, columns=[*by, date, "fit", "se", "ci_low", "ci_high", "n"])


def _local_linear(x, y, gx, span):
    n = len(x)
    q = max(2, min(n, math.ceil(span * n)))
    fit = np.full(len(gx), np.nan)
    norm_l = np.full(len(gx), np.nan)
    for j, x0 in enumerate(gx):
        d = np.abs(x - x0)
        h = np.partition(d, q - 1)[q - 1]
        if h <= 0:
            h = d.max() if d.max() > 0 else 1.0
        h *= 1.0000001
        w = np.clip(1 - (d / h) ** 3, 0, None) ** 3
        sw = w.sum()
        if sw <= 0:
            continue
        xm = np.sum(w * x) / sw
        sxx = np.sum(w * (x - xm) ** 2)
        # weights of the smoother: l_i = w_i (1/sw + (x0 - xm)(x_i - xm)/sxx)
        if sxx > 0:
            li = w * (1 / sw + (x0 - xm) * (x - xm) / sxx)
        else:
            li = w / sw
        fit[j] = float(li @ y)
        norm_l[j] = float(np.sqrt(np.sum(li**2)))
    return fit, norm_l


def _glob_words(pattern: str, words: list[str], vocab) -> list[str]:
    """The ``words`` a ``*`` wildcard ``pattern`` matches, or the pattern itself
    when it has no wildcard and is in ``vocab``."""
    if "*" in pattern:
        rx = re.compile(fnmatch.translate(pattern))
        return [w for w in words if rx.match(w)]
    return [pattern] if pattern in vocab else []
