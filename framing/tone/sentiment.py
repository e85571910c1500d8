"""Sentiment and tone: VADER, weighted dictionaries, and tone toward actors.

Three ways to score text, all returning tidy frames that keep the document
metadata (``source``, ``year`` ...):

* **VADER** (Hutto & Gilbert 2014), re-implemented in :mod:`framing.tone.vader`
  with scores identical to ``vaderSentiment`` 3.3.2 and several times its
  speed. :func:`vader_scores` scores strings; :func:`score_sentences` and
  :func:`score_documents` score a corpus sentence by sentence.
* **Dictionaries** of weighted terms (:class:`WeightedLexicon`, read from YAML),
  with multi-word terms and negation within a window.
* **Actor-targeted tone** (:func:`actor_tone`): the sentiment of the
  sentences that mention an actor (China, the United States, NATO ...), from
  the actor list ``lexicons/actors.yml``.

:func:`aggregate_sentiment` turns any of these frames into group means with
95% intervals over documents, and :func:`plot_actor_tone` draws tone toward
actors by year and source.

Examples
--------
>>> from framing.tone.sentiment import vader_scores
>>> vader_scores(["A good and peaceful world.", "War is a terrible threat."])
     neg    neu   pos  compound
0  0.000  0.330  0.67    0.7269
1  0.839  0.161  0.00   -0.8860
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from framing._util import as_list, plotted_values, renamed_arguments
from framing._util import progress as _progress
from framing.intervals import mean_interval
from framing.lexicon.core import Lexicon, LexiconEntry, LexiconError, PatternError, literal_pattern
from framing.lexicon.engine import TermMatcher
from framing.text.tokenize import STOPWORDS, split_sentences, tokenize
from framing.text.tokenize import normalize as _normalize_text
from framing.tone.vader import VADER_COLUMNS, VaderScorer, default_scorer

__all__ = [
    "vader_scores",
    "score_sentences",
    "score_documents",
    "aggregate_sentiment",
    "WeightedLexicon",
    "LexiconError",
    "compile_term",
    "Actors",
    "load_actors",
    "actor_tone",
    "actor_tone_summary",
    "plot_actor_tone",
    "VaderScorer",
    "POSITIVE_THRESHOLD",
]

#: Compound score at or above which a sentence counts as positive (and at or
#: below whose negative a sentence counts as negative), as recommended by the
#: VADER authors.
POSITIVE_THRESHOLD = 0.05


# ---------------------------------------------------------------------------
# Input helpers
# ---------------------------------------------------------------------------


def _docs_of(corpus) -> pd.DataFrame:
    """The documents frame of a Corpus, a CorpusStream or a DataFrame."""
    if hasattr(corpus, "collect") and not hasattr(corpus, "docs"):
        corpus = corpus.collect()
    docs = corpus.docs if hasattr(corpus, "docs") else corpus
    if not isinstance(docs, pd.DataFrame):
        raise TypeError(
            f"expected a framing Corpus or a DataFrame with doc_id and text columns, "
            f"got {type(corpus).__name__}"
        )
    missing = [c for c in ("doc_id", "text") if c not in docs.columns]
    if missing:
        raise ValueError(f"the documents lack column(s) {missing}; have {list(docs.columns)}")
    return docs.reset_index(drop=True)


def _texts_of(docs: pd.DataFrame) -> list[str]:
    texts = docs["text"].tolist()
    for k, t in enumerate(texts):
        if not isinstance(t, str):
            raise ValueError(
                f"document {docs['doc_id'].iat[k]!r}: text is {type(t).__name__} ({t!r}), not a string"
            )
    return texts


def _titles_of(docs: pd.DataFrame) -> list | None:
    return docs["title"].tolist() if "title" in docs.columns else None


def _with_meta(rows: pd.DataFrame, docs: pd.DataFrame, positions) -> pd.DataFrame:
    """Append the metadata of document ``positions`` (row-aligned) to ``rows``.

    A metadata column whose name is already taken by the rows (``sentence``,
    ``start``, a score ...) is kept as ``doc_<name>``.
    """
    meta_cols = [c for c in docs.columns if c not in ("doc_id", "text")]
    if not meta_cols:
        return rows
    meta = docs[meta_cols].iloc[np.asarray(positions, dtype=np.intp)].reset_index(drop=True)
    meta.columns = [f"doc_{c}" if c in rows.columns else c for c in meta_cols]
    return pd.concat([rows.reset_index(drop=True), meta], axis=1)


# ---------------------------------------------------------------------------
# VADER
# ---------------------------------------------------------------------------


def vader_scores(texts, *, normalize: bool = False, progress: bool = False) -> pd.DataFrame:
    """VADER scores of each text.

    Parameters
    ----------
    texts : str, iterable of str or pandas.Series
        The texts. VADER was designed for sentences; longer texts are scored
        as one unit (use :func:`score_sentences` to split them first).
    normalize : bool, default False
        Apply :func:`framing.text.tokenize.normalize` first (curly apostrophes become
        straight, so "don\u2019t" is recognised as a negation). Off by default
        so that scores equal those of the ``vaderSentiment`` package.
    progress : bool, default False
        Show a progress bar.

    Returns
    -------
    pandas.DataFrame
        Columns ``neg``, ``neu``, ``pos`` (proportions of the text) and
        ``compound`` (normalised sum of valences in [-1, 1]); one row per
        text, indexed like ``texts`` when it is a Series.

    Raises
    ------
    TypeError
        When an item is not a string (its position is named).

    Examples
    --------
    >>> vader_scores("The talks were NOT good!")
         neg    neu  pos  compound
    0  0.403  0.597  0.0   -0.4015
    """
    index = None
    if isinstance(texts, str):
        texts = [texts]
    elif isinstance(texts, pd.Series):
        index = texts.index
        texts = texts.tolist()
    else:
        texts = list(texts)
    scorer = default_scorer()
    score = scorer.score
    rows = []
    for k, text in enumerate(_progress(texts, progress, len(texts), "VADER")):
        if not isinstance(text, str):
            raise TypeError(f"text {k}: expected a str, got {type(text).__name__}: {text!r}")
        rows.append(score(_normalize_text(text) if normalize else text))
    frame = pd.DataFrame(rows, columns=list(VADER_COLUMNS), dtype=float)
    if index is not None:
        frame.index = index
    return frame


def _sentence_rows(texts, progress, find=None, desc="sentences", titles=None):
    """Sentences of every document as parallel lists.

    Returns ``(positions, numbers, starts, ends, sentences, labels)``; with
    ``find`` (sentence -> list of labels) a sentence gives one entry per
    label and sentences without labels are left out. ``titles`` (one per
    text, or None) keep a headline that opens its text a sentence of its own.
    """
    positions, numbers, starts, ends, sents, labels = [], [], [], [], [], []
    titles = titles if titles is not None else [None] * len(texts)
    for pos, text in enumerate(_progress(texts, progress, len(texts), desc)):
        title = titles[pos] if isinstance(titles[pos], str) else None
        for k, (s, e) in enumerate(split_sentences(text, title=title)):
            sentence = text[s:e]
            for label in find(sentence) if find is not None else (None,):
                positions.append(pos)
                numbers.append(k)
                starts.append(s)
                ends.append(e)
                sents.append(sentence)
                labels.append(label)
    return positions, numbers, starts, ends, sents, labels


def _scored_rows(docs, parts, method, normalize, keep_text, label=None, categories=None):
    """Tidy sentence rows (ids, offsets, optional label and text, scores, metadata)."""
    positions, numbers, starts, ends, sents, labels = parts
    rows = pd.DataFrame(
        {
            "doc_id": docs["doc_id"].iloc[np.asarray(positions, dtype=np.intp)].to_numpy(),
            "sentence": np.asarray(numbers, dtype=np.int64),
            "start": np.asarray(starts, dtype=np.int64),
            "end": np.asarray(ends, dtype=np.int64),
        }
    )
    if label is not None:
        rows[label] = pd.Categorical(labels, categories=categories)
    if keep_text:
        rows["text"] = sents
    rows = pd.concat([rows, _score_texts(sents, method, normalize)], axis=1)
    return _with_meta(rows, docs, positions)


def score_sentences(
    corpus,
    method="vader",
    *,
    normalize: bool = False,
    keep_text: bool = False,
    progress: bool = False,
) -> pd.DataFrame:
    """Score every sentence of a corpus.

    Sentences are found with :func:`framing.text.tokenize.split_sentences`; each
    is scored as it appears in the original text.

    Parameters
    ----------
    corpus : Corpus or pandas.DataFrame
        Documents with ``doc_id`` and ``text`` columns plus metadata.
    method : "vader", VaderScorer or WeightedLexicon, default "vader"
        VADER (columns ``neg``, ``neu``, ``pos``, ``compound``; a
        :class:`VaderScorer` built with another lexicon may be passed) or a
        weighted dictionary (one column per category plus ``n_tokens``; see
        :meth:`WeightedLexicon.score`).
    normalize : bool, default False
        VADER only: normalise each sentence first (see :func:`vader_scores`).
    keep_text : bool, default False
        Add the sentence text as column ``text``.
    progress : bool, default False
        Show a progress bar over documents.

    Returns
    -------
    pandas.DataFrame
        One row per sentence: ``doc_id``, ``sentence`` (0-based number within
        the document), ``start`` and ``end`` (character offsets into the
        document text), optionally ``text``, the scores, and the document's
        metadata columns. Documents without any sentence have no rows.

    Examples
    --------
    >>> import pandas as pd
    >>> docs = pd.DataFrame({"doc_id": ["a"], "source": ["X"], "year": [2020],
    ...                      "text": ["Peace is good. War is bad."]})
    >>> score_sentences(docs)[["doc_id", "sentence", "start", "end", "compound", "source"]]
      doc_id  sentence  start  end  compound source
    0      a         0      0   14    0.7506      X
    1      a         1     15   26   -0.8126      X
    """
    docs = _docs_of(corpus)
    parts = _sentence_rows(_texts_of(docs), progress, titles=_titles_of(docs))
    return _scored_rows(docs, parts, method, normalize, keep_text)


def _score_texts(texts: list[str], method, normalize: bool) -> pd.DataFrame:
    if isinstance(method, WeightedLexicon):
        return method.score_frame(texts)
    if hasattr(method, "score_texts") and hasattr(method, "polarity_"):  # a fitted framing.LSS
        return method.score_texts(texts, rescale="fit")
    vader = isinstance(method, VaderScorer) or (isinstance(method, str) and method.lower() == "vader")
    if vader:
        score = method.score if isinstance(method, VaderScorer) else default_scorer().score
        if normalize:
            rows = [score(_normalize_text(t)) for t in texts]
        else:
            rows = list(map(score, texts))
        return pd.DataFrame(rows, columns=list(VADER_COLUMNS), dtype=float)
    raise ValueError(f"method must be 'vader', a VaderScorer or a WeightedLexicon, got {method!r}")


def score_documents(
    corpus,
    method="vader",
    *,
    threshold: float = POSITIVE_THRESHOLD,
    normalize: bool = False,
    progress: bool = False,
    backend: str | None = None,
    n_workers: int | None = None,
    batch_size: int = 1000,
) -> pd.DataFrame:
    """Score every document from the scores of its sentences.

    Parameters
    ----------
    corpus : Corpus, CorpusStream, ParquetStream or pandas.DataFrame
        Documents with ``doc_id`` and ``text`` columns plus metadata.
    method : "vader", VaderScorer or WeightedLexicon, default "vader"
        See :func:`score_sentences`.
    threshold : float, default 0.05
        VADER only: a sentence is positive when ``compound >= threshold``
        and negative when ``compound <= -threshold``.
    normalize, progress : bool
        See :func:`score_sentences`.
    backend : {"serial", "processes", "dask"}, optional
        Score in this process, or in batches of ``batch_size`` documents
        across local processes or a Dask cluster, with equal results (a
        weighted dictionary is sent to the workers). Default: the one set
        with :func:`framing.parallel.set_backend` or ``parallel_backend()``.
        A stream is scored batch by batch; a Parquet stream of
        ``framing.read_parquet(..., stream=True)`` one row group per work unit.
    n_workers : int, optional
        Workers of the ``"processes"`` backend (default: all cores).

    Returns
    -------
    pandas.DataFrame
        One row per document (all documents, in corpus order) with
        ``doc_id``, ``n_sentences``, the scores and the metadata.

        VADER: ``compound`` (mean compound over the sentences), ``neg``,
        ``neu``, ``pos`` (means), ``share_positive`` and ``share_negative``
        (proportions of sentences). A document without sentences (empty
        text) gets ``n_sentences = 0`` and 0.0 for every score, as VADER gives
        an empty string.

        WeightedLexicon: per category the summed weight over all sentences,
        ``n_tokens``, and ``<category>_per_1k`` = 1000 x sum / ``n_tokens``
        (0.0 for a document without tokens).

    Examples
    --------
    >>> import pandas as pd
    >>> docs = pd.DataFrame({"doc_id": ["a", "b"], "year": [2020, 2021],
    ...                      "text": ["Peace is good. War is bad. We met.", ""]})
    >>> score_documents(docs)[["doc_id", "n_sentences", "compound", "share_positive", "year"]]
      doc_id  n_sentences  compound  share_positive  year
    0      a            3 -0.020667        0.333333  2020
    1      b            0  0.000000        0.000000  2021
    >>> score_documents(docs, backend="processes", n_workers=2, batch_size=1)["n_sentences"].tolist()
    [3, 0]
    """
    from framing.corpus.core import Corpus, CorpusStream
    from framing.parallel.engine import batch_run

    run = batch_run(backend, n_workers, progress, batch_size, always=isinstance(corpus, CorpusStream))
    if run is not None:
        from functools import partial

        from framing.parallel.engine import concat_frames, map_batches

        data = Corpus(corpus) if isinstance(corpus, pd.DataFrame) else corpus
        score = partial(
            score_documents, method=method, threshold=threshold, normalize=normalize, backend="serial"
        )
        out = map_batches(data, score, concat_frames, **run)
        return out if out is not None else pd.DataFrame(columns=["doc_id", "n_sentences"])
    docs = _docs_of(corpus)
    sent = score_sentences(docs[["doc_id", "text"]], method, normalize=normalize, progress=progress)
    pos = pd.Categorical(sent["doc_id"], categories=docs["doc_id"].tolist())
    grouped = sent.drop(columns=["doc_id", "sentence", "start", "end"]).groupby(pos, observed=False)
    counts = grouped.size().to_numpy()
    out = pd.DataFrame({"doc_id": docs["doc_id"].to_numpy(), "n_sentences": counts})
    if isinstance(method, WeightedLexicon):
        sums = grouped.sum()
        for cat in method.categories:
            out[cat] = sums[cat].to_numpy(dtype=float)
        out["n_tokens"] = sums["n_tokens"].to_numpy(dtype=np.int64)
        n_tok = out["n_tokens"].to_numpy(dtype=float)
        for cat in method.categories:
            values = out[cat].to_numpy(dtype=float)
            out[f"{cat}_per_1k"] = np.divide(
                1000.0 * values, n_tok, out=np.zeros_like(values), where=n_tok > 0
            )
    else:
        means = grouped[list(VADER_COLUMNS)].mean().fillna(0.0)
        comp = sent["compound"]
        positive = (comp >= threshold).groupby(pos, observed=False).mean().fillna(0.0)
        negative = (comp <= -threshold).groupby(pos, observed=False).mean().fillna(0.0)
        out["compound"] = means["compound"].to_numpy()
        for col in ("neg", "neu", "pos"):
            out[col] = means[col].to_numpy()
        out["share_positive"] = positive.to_numpy(dtype=float)
        out["share_negative"] = negative.to_numpy(dtype=float)
    return _with_meta(out, docs, np.arange(len(docs)))


# ---------------------------------------------------------------------------
# Aggregation
# ---------------------------------------------------------------------------


@renamed_arguments(level="conf_level")
def aggregate_sentiment(
    frame: pd.DataFrame,
    by=None,
    *,
    value: str = "compound",
    unit: str | None = "doc_id",
    interval: str = "t",
    conf_level: float = 0.95,
    n_boot: int = 2000,
    random_state=None,
    bounds="auto",
) -> pd.DataFrame:
    """Group means of a score with confidence intervals over documents.

    Rows of the same ``unit`` (sentences of one document) are first averaged,
    so that each document counts once and the interval reflects variation
    between documents, not between sentences of one document.

    Parameters
    ----------
    frame : pandas.DataFrame
        Output of :func:`score_sentences`, :func:`score_documents` or
        :func:`actor_tone`.
    by : str, list of str or None, default None
        Grouping columns (missing values form their own group); ``None``:
        no grouping, one row for the whole frame.
    value : str, default "compound"
        The score column.
    unit : str or None, default "doc_id"
        Column identifying the sampling unit; ``None`` treats every row as a
        unit.
    interval : {"t", "bootstrap"}, default "t"
        ``"t"``: mean +/- t(conf_level, n-1) * sd / sqrt(n) over unit means (sd
        with n-1 degrees of freedom). ``"bootstrap"``: percentile interval of
        the mean over ``n_boot`` resamples of the units drawn with
        ``numpy.random.default_rng(random_state)`` (groups, and units within
        a group, in sorted order; each resample draws ``n`` unit indices with
        ``rng.integers(0, n, size=(n_boot, n))``).
    conf_level : float, default 0.95
        Confidence level.
    n_boot : int, default 2000
        Bootstrap resamples.
    random_state : int or None
        Seed of the bootstrap.
    bounds : (low, high), None or "auto", default "auto"
        Range of the score: interval limits beyond it are clipped to it and
        the row is marked in ``ci_clipped``. ``"auto"``: [-1, 1] for the
        VADER ``compound`` score, none otherwise (LSS scores are unbounded).

    Returns
    -------
    pandas.DataFrame
        ``by`` columns, ``mean``, ``ci_low``, ``ci_high``, ``ci_clipped``,
        ``n`` (units) and ``n_rows``. A group with one unit has a NaN
        interval (no spread to estimate); with identical values the interval
        has zero width.

    Examples
    --------
    >>> import pandas as pd
    >>> f = pd.DataFrame({"doc_id": list("abcd"), "source": list("XXXY"),
    ...                   "compound": [0.2, 0.4, 0.6, -0.5]})
    >>> aggregate_sentiment(f, by="source").round(4)
      source  mean  ci_low  ci_high  ci_clipped  n  n_rows
    0      X   0.4 -0.0968   0.8968       False  3       3
    1      Y  -0.5     NaN      NaN       False  1       1
    """
    by = as_list(by)
    need = by + [value] + ([unit] if unit else [])
    missing = [c for c in need if c not in frame.columns]
    if missing:
        raise ValueError(f"column(s) {missing} not in the frame; have {list(frame.columns)}")
    if interval not in ("t", "bootstrap"):
        raise ValueError(f"interval must be 't' or 'bootstrap', got {interval!r}")
    if not 0 < conf_level < 1:
        raise ValueError(f"conf_level must be between 0 and 1, got {conf_level!r}")
    values = pd.to_numeric(frame[value], errors="raise").astype(float)
    if values.isna().any():
        bad = frame.index[values.isna()][:5].tolist()
        raise ValueError(f"column {value!r} has missing values (rows {bad} ...)")
    data = frame[by].copy()
    data["_v"] = values.to_numpy()
    data["_u"] = frame[unit].to_numpy() if unit else np.arange(len(frame))
    keys = by + ["_u"]
    units = data.groupby(keys, dropna=False, sort=True)["_v"].agg(["mean", "size"]).reset_index()
    if bounds == "auto":
        bounds = (-1.0, 1.0) if value == "compound" else None
    rng = np.random.default_rng(random_state) if interval == "bootstrap" else None
    rows = []
    groups = units.groupby(by, dropna=False, sort=True) if by else [((), units)]
    for key, g in groups:
        x = g["mean"].to_numpy(dtype=float)
        lo, hi = mean_interval(x, interval, conf_level, n_boot=n_boot, rng=rng)
        clipped = False
        if bounds is not None and not math.isnan(lo):
            clipped = lo < bounds[0] or hi > bounds[1]
            lo, hi = max(lo, bounds[0]), min(hi, bounds[1])
        key = key if isinstance(key, tuple) else (key,)
        rows.append((*key, float(x.mean()), lo, hi, clipped, len(x), int(g["size"].sum())))
    return pd.DataFrame(rows, columns=by + ["mean", "ci_low", "ci_high", "ci_clipped", "n", "n_rows"])


# ---------------------------------------------------------------------------
# Weighted dictionaries
# ---------------------------------------------------------------------------


DEFAULT_NEGATORS = frozenset(
    """not no never none nobody nothing neither nor nowhere without cannot
    can't don't doesn't didn't isn't aren't wasn't weren't won't wouldn't
    shouldn't couldn't mustn't hasn't haven't hadn't""".split()
)

_META_KEYS = frozenset(
    {"name", "description", "provenance", "licence", "license", "negation", "version", "source"}
)


_GRAMMAR_CHARS = frozenset("|()?*~{}")


def compile_term(term: str):
    """What a dictionary term matches: a token sequence or a token pattern.

    Terms are matched on lower-cased :func:`framing.text.tokenize.tokenize` tokens.
    A plain term is tokenised the same way (``"U.S."`` -> ``("u.s.",)``,
    ``"win-win cooperation"`` -> ``("win-win", "cooperation")``). A term
    using the operators of the pattern grammar of :mod:`framing.lexicon`
    (``a|b``, ``( ... )``, ``?``, ``word~``, ``word*``, ``*``, ``{0,2}``)
    is compiled by :func:`framing.lexicon.core.compile_pattern`.

    Raises
    ------
    framing.lexicon.PatternError
        For a term that is not a valid pattern.

    Examples
    --------
    >>> compile_term("Community of  Shared Future")
    ('community', 'of', 'shared', 'future')
    >>> compile_term("(cold|new) war mentality").expand()
    ['cold war mentality', 'new war mentality']
    """
    if _GRAMMAR_CHARS.isdisjoint(term):
        return tuple(tokenize(term))
    from framing.lexicon.core import compile_pattern

    return compile_pattern(term.lower())


class WeightedLexicon:
    """A dictionary of weighted terms in categories.

    Parameters
    ----------
    categories : mapping
        ``{category: {term: weight}}``. Terms may be multi-word phrases or
        patterns of the grammar of :mod:`framing.lexicon` (see
        :func:`compile_term`). At each token the longest matching term of a
        category counts, and matching resumes after it (no overlaps within a
        category; categories are matched independently).
    negation_window : int, default 3
        A match preceded by a negator within this many tokens (in the same
        text) counts with the opposite sign. 0 turns negation off.
    negators : iterable of str, optional
        Negating tokens (default: "not", "no", "never", "without", "n't"
        contractions ...).
    name : str, optional
        Shown in error messages (the file name for :meth:`from_yaml`).

    Attributes
    ----------
    lexicon : Lexicon
        The categories as lexicon entries (one per category, labelled with
        its name), each term a pattern carrying its weight; they are found
        by the lexicon matcher (:class:`framing.lexicon.engine.TermMatcher`).

    Notes
    -----
    Each term goes through :func:`compile_term`, the single place that turns
    a term into what the matcher looks for; a richer pattern grammar can
    replace it without changing the scoring.

    Examples
    --------
    >>> lex = WeightedLexicon({"cooperation": {"win-win": 2, "mutual benefit": 1},
    ...                "conflict": {"threat": 1, "cold war": 2}})
    >>> lex.score("Not a threat but win-win and mutual benefit.")
    {'cooperation': 3.0, 'conflict': -1.0, 'n_tokens': 8}
    """

    def __init__(self, categories: Mapping, *, negation_window: int = 3, negators=None, name: str = ""):
        self.name = name or "lexicon"
        if not isinstance(categories, Mapping) or not categories:
            raise LexiconError(f"{self.name}: expected a mapping of categories to {{term: weight}}")
        if not isinstance(negation_window, int) or isinstance(negation_window, bool) or negation_window < 0:
            raise LexiconError(
                f"{self.name}: negation window must be a non-negative integer, got {negation_window!r}"
            )
        self.negation_window = negation_window
        self.negators = frozenset(
            DEFAULT_NEGATORS if negators is None else (str(t).lower() for t in negators)
        )
        specs: dict[str, list[tuple[str, Any, float]]] = {}
        self.terms: dict[str, dict[str, float]] = {}
        for cat, entries in categories.items():
            cat = str(cat)
            if not isinstance(entries, Mapping):
                raise LexiconError(
                    f"{self.name}: category {cat!r} must map terms to weights, got {type(entries).__name__}"
                )
            terms = {}
            compiled_terms = []
            for term, weight in entries.items():
                weight = _check_weight(weight, self.name, cat, term)
                try:
                    compiled = compile_term(str(term))
                except PatternError as exc:
                    raise LexiconError(f"{self.name}: category {cat!r}, term {term!r}: {exc}") from None
                if isinstance(compiled, tuple) and not compiled:
                    raise LexiconError(f"{self.name}: category {cat!r}, term {term!r} has no word tokens")
                compiled_terms.append((str(term), compiled, weight))
                terms[str(term)] = weight
            self.terms[cat] = terms
            specs[cat] = compiled_terms
        # plain terms first, then grammar patterns (see _weighted_entry)
        self.lexicon = Lexicon.from_entries(
            (
                _weighted_entry(eid, cat, specs[cat])
                for eid, cat in zip(_entry_ids(specs), specs, strict=True)
            ),
            name=self.name,
        )
        self._matcher = TermMatcher(self.lexicon)
        self._categories = list(self.terms)

    @property
    def categories(self) -> list[str]:
        """Category names in file order."""
        return list(self.terms)

    @classmethod
    def from_yaml(cls, path) -> WeightedLexicon:
        """Read a lexicon file.

        The file maps categories to ``{term: weight}``, either at the top
        level or under ``categories:``. Optional top-level keys: ``name``,
        ``description``, ``provenance``, ``licence``, and ``negation`` with
        ``window`` (int) and ``terms`` (list).

        Examples
        --------
        >>> import tempfile, os
        >>> text = "negation: {window: 2}\\ncategories:\\n  praise: {good: 1, great success: 2}\\n"
        >>> with tempfile.TemporaryDirectory() as d:
        ...     p = os.path.join(d, "tone.yml")
        ...     _ = open(p, "w").write(text)
        ...     WeightedLexicon.from_yaml(p).score("Not a great success")
        {'praise': -2.0, 'n_tokens': 4}
        """
        import yaml

        path = Path(path)
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError as exc:
            raise LexiconError(f"{path}: not valid YAML: {exc}") from None
        if not isinstance(data, Mapping):
            raise LexiconError(f"{path}: expected a mapping of categories at the top level")
        negation = data.get("negation") or {}
        if not isinstance(negation, Mapping):
            raise LexiconError(f"{path}: 'negation' must be a mapping with 'window' and/or 'terms'")
        if "categories" in data:
            cats = data["categories"]
        else:
            cats = {k: v for k, v in data.items() if k not in _META_KEYS}
        if not isinstance(cats, Mapping) or not cats:
            raise LexiconError(f"{path}: no categories found")
        try:
            return cls(
                cats,
                negation_window=negation.get("window", 3),
                negators=negation.get("terms"),
                name=str(path),
            )
        except LexiconError as exc:
            raise LexiconError(_with_line(str(exc), path, cats)) from None

    def _check_categories(self, categories):
        if categories is None:
            return self.categories
        categories = [categories] if isinstance(categories, str) else list(categories)
        unknown = [c for c in categories if c not in self.terms]
        if unknown:
            raise LexiconError(
                f"{self.name}: unknown categor{'y' if len(unknown) == 1 else 'ies'} "
                f"{', '.join(map(repr, unknown))}; the lexicon has {self.categories}"
            )
        return categories

    def select(self, categories) -> WeightedLexicon:
        """A lexicon with only the named categories (unknown names raise)."""
        keep = self._check_categories(categories)
        out = WeightedLexicon(
            {c: self.terms[c] for c in keep},
            negation_window=self.negation_window,
            negators=self.negators,
            name=self.name,
        )
        return out

    def score_tokens(self, tokens: list[str]) -> dict[str, float]:
        """Signed weight sums per category for lower-case tokens.

        The matches are those of :meth:`framing.lexicon.engine.TermMatcher.leftmost`
        (at each token the longest matching term of a category counts, and
        reading resumes after it); a match with a negator among the
        ``negation_window`` tokens before it counts with the opposite sign.

        Examples
        --------
        >>> lex = WeightedLexicon({"coop": {"benefit": 0.5, "mutual benefit": 1.5}}, negation_window=2)
        >>> lex.score_tokens(["no", "mutual", "benefit", "but", "benefit"])
        {'coop': -1.0}
        """
        categories = self._categories
        out = dict.fromkeys(categories, 0.0)
        found = self._matcher.leftmost(tokens, tokens)
        if not found:
            return out
        window = self.negation_window
        negators = self.negators
        for ei, start, _, pattern in found:
            weight = pattern.weight
            if window:
                for t in tokens[start - window if start > window else 0 : start]:
                    if t in negators or t.endswith("n't"):
                        weight = -weight
                        break
            out[categories[ei]] += weight
        return out

    def score(self, text: str, categories=None) -> dict:
        """Scores of one text: signed weight sum per category and ``n_tokens``.

        A text without tokens scores 0.0 in every category.
        """
        if not isinstance(text, str):
            raise TypeError(f"expected a str, got {type(text).__name__}: {text!r}")
        lex = self if categories is None else self.select(categories)
        tokens = tokenize(text)
        out = lex.score_tokens(tokens)
        out["n_tokens"] = len(tokens)
        return out

    def score_frame(self, texts: Iterable[str]) -> pd.DataFrame:
        """:meth:`score` of each text as a frame (categories + ``n_tokens``)."""
        rows = [self.score(t) for t in texts]
        frame = pd.DataFrame(rows, columns=self.categories + ["n_tokens"])
        frame[self.categories] = frame[self.categories].astype(float)
        frame["n_tokens"] = frame["n_tokens"].astype(np.int64)
        return frame

    def __repr__(self) -> str:
        sizes = ", ".join(f"{c}: {len(t)}" for c, t in self.terms.items())
        return f"<WeightedLexicon {self.name} ({sizes})>"


def _check_weight(weight, where: str, cat: str, term) -> float:
    if isinstance(weight, bool) or not isinstance(weight, (int, float)):
        raise LexiconError(f"{where}: category {cat!r}, term {term!r}: weight {weight!r} is not a number")
    weight = float(weight)
    if not math.isfinite(weight):
        raise LexiconError(f"{where}: category {cat!r}, term {term!r}: weight {weight!r} is not finite")
    return weight


def _entry_ids(names: Iterable[str]) -> list[str]:
    """Lexicon entry ids for category or actor names: lower case, other
    characters ``_``, a number appended where two names give the same id."""
    ids: list[str] = []
    for name in names:
        base = re.sub(r"[^a-z0-9_]+", "_", name.lower()).strip("_") or "entry"
        eid, k = base, 2
        while eid in ids:
            eid, k = f"{base}_{k}", k + 1
        ids.append(eid)
    return ids


def _weighted_entry(eid: str, category: str, terms: list[tuple[str, Any, float]]) -> LexiconEntry:
    """A category of a weighted dictionary as a lexicon entry.

    Plain terms come first, then grammar patterns, each group in the order
    written: at equal length the earlier pattern wins, so a plain term wins
    over a pattern.
    """
    plain = [(t, c, w) for t, c, w in terms if isinstance(c, tuple)]
    grammar = [(t, c, w) for t, c, w in terms if not isinstance(c, tuple)]
    patterns = [
        literal_pattern([(tok,) for tok in seq], text=term, entry=eid, variant=eid, order=k, weight=w)
        for k, (term, seq, w) in enumerate(plain)
    ]
    patterns += [
        dataclasses.replace(p, text=term, entry=eid, variant=eid, order=len(plain) + k, weight=w)
        for k, (term, p, w) in enumerate(grammar)
    ]
    return LexiconEntry(eid, category, eid, variants={eid: patterns})


def _with_line(message: str, path: Path, cats) -> str:
    """Add the line number of the offending term to a lexicon error message."""
    m = re.search(r"term '([^']*)'|term \"([^\"]*)\"", message)
    if not m:
        return message
    term = m.group(1) or m.group(2)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return message
    pattern = re.compile(r"(^|[\s{,\"'])" + re.escape(term) + r"[\"']?\s*:")
    for no, line in enumerate(lines, start=1):
        if pattern.search(line):
            return f"{message} (line {no})"
    return message


# ---------------------------------------------------------------------------
# Actors
# ---------------------------------------------------------------------------


@dataclass
class _Actor:
    name: str
    variants: list[str]
    exclude: list[str] = field(default_factory=list)
    case_sensitive: bool = False


class Actors:
    """Named actors and the phrases that mention them.

    Parameters
    ----------
    actors : mapping
        ``{actor: {"variants": [...], "exclude": [...], "case_sensitive": bool}}``
        or ``{actor: [variants]}``. Variants are matched as whole tokens
        (possessive "'s" and hyphenated compounds such as "China-Africa" or
        "U.S.-China" are split first). Variants written in capitals only
        ("US", "WHO", "EU") always match case-sensitively; other variants
        match in any case unless ``case_sensitive`` is true. A mention is
        ignored when it lies inside a match of one of the actor's
        ``exclude`` phrases (e.g. "the West Bank" for "the West").
    name : str, optional
        Shown in error messages.

    Attributes
    ----------
    lexicon : Lexicon
        The actors as lexicon entries (labelled with their names), each
        phrase a literal pattern, case-sensitive where described above; they
        are found by the lexicon matcher
        (:class:`framing.lexicon.engine.TermMatcher`).

    Examples
    --------
    >>> actors = Actors({"China": ["China", "Beijing"], "the UN": ["UN", "United Nations"]})
    >>> actors.find("Beijing and the UN's agencies agree; China-UN ties grow.")
    ['China', 'the UN']
    """

    def __init__(self, actors: Mapping, name: str = ""):
        self.name = name or "actors"
        if not isinstance(actors, Mapping) or not actors:
            raise LexiconError(f"{self.name}: expected a mapping of actors to their variants")
        self.actors: dict[str, _Actor] = {}
        for actor, spec in actors.items():
            actor = str(actor)
            if isinstance(spec, (list, tuple)):
                spec = {"variants": list(spec)}
            if not isinstance(spec, Mapping) or not spec.get("variants"):
                raise LexiconError(f"{self.name}: actor {actor!r} needs a non-empty list of 'variants'")
            variants = spec["variants"]
            exclude = spec.get("exclude") or []
            if not isinstance(variants, list) or not all(isinstance(v, str) and v.strip() for v in variants):
                raise LexiconError(
                    f"{self.name}: actor {actor!r}: 'variants' must be a list of non-empty strings"
                )
            if not isinstance(exclude, list) or not all(isinstance(v, str) for v in exclude):
                raise LexiconError(f"{self.name}: actor {actor!r}: 'exclude' must be a list of strings")
            self.actors[actor] = _Actor(actor, variants, exclude, bool(spec.get("case_sensitive", False)))
        self._compile()

    @property
    def names(self) -> list[str]:
        """Actor names in file order."""
        return list(self.actors)

    def _compile(self):
        # Each actor is a lexicon entry, each phrase a literal pattern over the
        # tokens of _actor_tokens: case-sensitive for the actor's
        # case_sensitive phrases and for acronyms (also with a sentence-initial
        # capital), else matched on the lower-cased tokens.
        entries = []
        exact_anchors, folded_anchors = set(), set()
        for eid, actor in zip(_entry_ids(self.actors), self.actors.values(), strict=True):
            found: dict[bool, list] = {False: [], True: []}
            for phrases, is_excl in ((actor.variants, False), (actor.exclude, True)):
                for order, phrase in enumerate(phrases):
                    seq = tuple(_actor_tokens(phrase))
                    if not seq:
                        raise LexiconError(
                            f"{self.name}: actor {actor.name!r}: phrase {phrase!r} has no word tokens"
                        )
                    cased = actor.case_sensitive or _is_acronym(phrase)
                    if cased:
                        forms = [seq]
                        if seq[0][:1].islower():  # sentence-initial capital
                            forms.append((seq[0][:1].upper() + seq[0][1:],) + seq[1:])
                        positions = [{form[k] for form in forms} for k in range(len(seq))]
                        if not is_excl:
                            exact_anchors.update(_anchor(form) for form in forms)
                    else:
                        positions = [{t.lower()} for t in seq]
                        if not is_excl:
                            folded_anchors.add(_anchor(seq).lower())
                    found[is_excl].append(
                        literal_pattern(
                            positions,
                            text=phrase,
                            entry=eid,
                            variant="" if is_excl else eid,
                            order=order,
                            case_sensitive=cased,
                        )
                    )
            entries.append(
                LexiconEntry(eid, actor.name, eid, variants={eid: found[False]}, exclude=found[True])
            )
        if not (exact_anchors or folded_anchors):
            raise LexiconError(f"{self.name}: no actor has any variant")
        self.lexicon = Lexicon.from_entries(entries, name=self.name)
        self._matcher = TermMatcher(self.lexicon)
        # A sentence can only mention an actor if one anchor word of a
        # variant occurs in it as a run of letters/digits: a cheap test on
        # sets of words before tokenising.
        self._exact_anchors = frozenset(exact_anchors)
        self._folded_anchors = frozenset(folded_anchors)

    def _may_mention(self, text: str) -> bool:
        words = _WORD_RUN.findall(text if text.isascii() else _normalize_text(text))
        return not self._exact_anchors.isdisjoint(words) or not self._folded_anchors.isdisjoint(
            map(str.lower, words)
        )

    def mentions(self, tokens: Sequence[str]) -> list[tuple[str, int, int]]:
        """Mentions ``(actor, token_start, token_end)`` in case-kept tokens.

        The tokens are those :meth:`find` reads: :func:`framing.text.tokenize.tokenize`
        with ``lower=False``, possessive "'s" dropped and hyphenated compounds
        split. Every variant found counts (overlapping ones too) unless it
        lies inside a match of one of the actor's ``exclude`` phrases.

        Examples
        --------
        >>> actors = Actors({"the West": {"variants": ["the West"], "exclude": ["the West Bank"]},
        ...                  "the UN": ["UN", "United Nations"]})
        >>> actors.mentions(["The", "West", "and", "the", "UN", "in", "the", "West", "Bank"])
        [('the West', 0, 2), ('the UN', 4, 5)]
        """
        names = self.names
        return [(names[ei], s, e) for ei, s, e, _ in self._matcher.mentions(tokens)]

    def find(self, text: str) -> list[str]:
        """Actors mentioned in ``text``, in file order."""
        if not self._may_mention(text):
            return []
        hits = {ei for ei, _, _, _ in self._matcher.mentions(_actor_tokens(text))}
        return [name for ei, name in enumerate(self.actors) if ei in hits]

    def __repr__(self) -> str:
        return f"<Actors {self.name}: {', '.join(self.actors)}>"


_WORD_RUN = re.compile(r"[^\W_]+")


def _anchor(seq: tuple[str, ...]) -> str:
    """The longest letter/digit run of a phrase's tokens that is not a stop word."""
    runs = [r for t in seq for r in _WORD_RUN.findall(t)]
    content = [r for r in runs if r.lower() not in STOPWORDS] or runs
    return max(content, key=len)


def _is_acronym(phrase: str) -> bool:
    letters = [c for c in phrase if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters) and len(phrase.replace(".", "")) <= 6


def _actor_tokens(text: str) -> list[str]:
    """Case-kept tokens with possessives dropped and hyphenated compounds split."""
    out = []
    for tok in tokenize(text, lower=False):
        for part in tok.split("-"):
            if part.endswith(("'s", "'S")):
                part = part[:-2]
            elif part.endswith("'"):
                part = part[:-1]
            if part:
                out.append(part)
    return out


def load_actors(path=None) -> Actors:
    """Read an actor list (default: the project's ``lexicons/actors.yml``).

    The file maps ``actors:`` to ``{name: {variants: [...], exclude: [...],
    case_sensitive: bool, provenance: str, licence: str}}``.

    Examples
    --------
    >>> actors = load_actors()
    >>> actors.find("Washington and Brussels discussed NATO enlargement.")
    ['the United States', 'NATO', 'the EU']
    """
    import yaml

    if path is None:
        from framing._paths import shipped_path

        path = shipped_path("lexicons", "actors.yml")
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise LexiconError(f"{path}: not valid YAML: {exc}") from None
    if not isinstance(data, Mapping) or not isinstance(data.get("actors"), Mapping):
        raise LexiconError(f"{path}: expected a top-level 'actors:' mapping")
    return Actors(data["actors"], name=str(path))


def _resolve_actors(actors) -> Actors:
    if actors is None:
        return load_actors()
    if isinstance(actors, Actors):
        return actors
    if isinstance(actors, (str, Path)):
        return load_actors(actors)
    if isinstance(actors, Mapping):
        return Actors(actors)
    if isinstance(actors, (list, tuple, set)):
        full = load_actors()
        unknown = [a for a in actors if a not in full.actors]
        if unknown:
            raise LexiconError(f"{full.name}: unknown actor(s) {unknown}; known: {full.names}")
        return Actors({a: vars(full.actors[a]) for a in actors}, name=full.name)
    raise TypeError(
        f"actors must be None, a path, a mapping, a list of names or Actors, got {type(actors).__name__}"
    )


def actor_tone(
    corpus,
    actors=None,
    *,
    method="vader",
    normalize: bool = False,
    keep_text: bool = True,
    progress: bool = False,
    seeds="diplomatic",
) -> pd.DataFrame:
    """Sentiment of the sentences that mention each actor.

    Parameters
    ----------
    corpus : Corpus or pandas.DataFrame
        Documents with ``doc_id`` and ``text`` plus metadata.
    actors : None, path, list of names, mapping or Actors
        Default: every actor of ``lexicons/actors.yml``; a list selects
        actors from it by name.
    method : "vader", "lss", LSS, VaderScorer, WeightedLexicon or path, default "vader"
        How sentences are scored (see :func:`score_sentences`). ``"lss"``
        fits :class:`framing.LSS` with ``seeds`` on ``corpus`` itself and
        scores each sentence by it (column ``score``, on the scale of the
        fitted sentences: 0 is their mean, 1 their standard deviation); an
        :class:`framing.LSS` is used as given (fitted on ``corpus`` first
        when not fitted). A path to a YAML file is read as a
        :class:`WeightedLexicon`.
    normalize : bool, default False
        VADER only: normalise sentences before scoring.
    keep_text : bool, default True
        Keep the sentence text (column ``text``) for reading the evidence.
    progress : bool, default False
        Show a progress bar.
    seeds : str, path or mapping, default "diplomatic"
        Seeds of ``method="lss"`` (see :class:`framing.LSS`).

    Returns
    -------
    pandas.DataFrame
        One row per (sentence, actor mentioned in it): ``doc_id``,
        ``sentence``, ``start``, ``end``, ``actor``, optionally ``text``,
        the scores, and the document metadata. A sentence naming two actors
        gives two rows with the same scores: the tone is that of the sentence,
        not a judgement about which actor it targets.

    Examples
    --------
    >>> import pandas as pd
    >>> docs = pd.DataFrame({"doc_id": ["a"], "source": ["X"], "year": [2022],
    ...     "text": ["Beijing praised the fruitful talks. NATO is a grave threat."]})
    >>> actor_tone(docs, ["China", "NATO"])[["doc_id", "actor", "compound", "year"]]
      doc_id  actor  compound  year
    0      a  China    0.4939  2022
    1      a   NATO   -0.7184  2022
    """
    table = _resolve_actors(actors)
    docs = _docs_of(corpus)
    method = _tone_method(method, docs, seeds, progress)
    parts = _sentence_rows(_texts_of(docs), progress, find=table.find, desc="actors", titles=_titles_of(docs))
    return _scored_rows(docs, parts, method, normalize, keep_text, label="actor", categories=table.names)


def _tone_method(method, docs: pd.DataFrame, seeds, progress: bool):
    """``"lss"`` or an unfitted LSS -> LSS fitted on ``docs``; a YAML path -> WeightedLexicon."""
    if isinstance(method, str) and method.lower() == "lss":
        from framing.tone.lss import LSS

        method = LSS(seeds=seeds, progress=progress)
    if hasattr(method, "score_texts") and hasattr(method, "fit") and not hasattr(method, "polarity_"):
        method.fit(docs)
    if isinstance(method, (str, Path)) and str(method).lower().endswith((".yml", ".yaml")):
        method = WeightedLexicon.from_yaml(method)
    return method


def actor_tone_summary(frame: pd.DataFrame, by=None, **kwargs) -> pd.DataFrame:
    """Tone toward each actor by group, with intervals over documents.

    ``aggregate_sentiment(frame, by=["actor", *by], **kwargs)``: each document
    contributes the mean compound of its sentences that mention the actor.
    Rows of ``actor_tone(method="lss")`` are summarised by their ``score``;
    sentences without any word of the LSS model (missing score) are left
    out, so ``n_rows`` counts the sentences that were scored.

    ``by`` (str, list of str or None, default None) names the grouping
    columns besides ``actor``; ``None``: no grouping, one row per actor.

    Examples
    --------
    >>> import pandas as pd
    >>> rows = pd.DataFrame({"doc_id": ["a", "b", "c"], "actor": ["NATO"] * 3,
    ...                      "year": [2022] * 3, "compound": [0.1, -0.3, -0.4]})
    >>> actor_tone_summary(rows, by="year").round(3)
      actor  year  mean  ci_low  ci_high  ci_clipped  n  n_rows
    0  NATO  2022  -0.2  -0.857    0.457       False  3       3
    """
    by = as_list(by)
    if "value" not in kwargs and "compound" not in frame.columns and "score" in frame.columns:
        kwargs["value"] = "score"  # LSS rows; sentences without a word of the model have no score
        frame = frame[frame["score"].notna()]
    out = aggregate_sentiment(frame, by=["actor", *by], **kwargs)
    if isinstance(frame["actor"].dtype, pd.CategoricalDtype):
        out["actor"] = pd.Categorical(out["actor"], categories=frame["actor"].cat.categories)
        out = out.sort_values(["actor", *by], kind="stable").reset_index(drop=True)
    return out


@renamed_arguments(by="x")
def plot_actor_tone(
    frame: pd.DataFrame,
    x: str = "year",
    hue: str | None = None,
    *,
    actors=None,
    min_docs: int = 1,
    max_hue: int = 8,
    ncols: int = 3,
    bounds="auto",
    ax=None,
    **kwargs,
):
    """Tone toward actors: one panel per actor, ``x`` on the x axis, one line per ``hue``.

    Parameters
    ----------
    frame : pandas.DataFrame
        Rows of :func:`actor_tone`, or their :func:`actor_tone_summary`
        (recognised by its ``mean``/``ci_low``/``ci_high`` columns).
    x : str, default "year"
        x axis column (formerly ``by=``, still accepted with a FutureWarning).
    hue : str or None, default None
        One line per value (None: one line).
    actors : list of str, optional
        Panels to draw (default: all actors present).
    min_docs : int, default 1
        Leave out points resting on fewer documents.
    max_hue : int, default 8
        Draw at most this many ``hue`` values: those with the most documents
        (the legend title says so when values are left out).
    ncols : int, default 3
        Panels per row.
    bounds : (low, high), None or "auto", default "auto"
        The range of the score: intervals are cut there and a cut end is
        marked with a triangle. ``"auto"``: (-1, 1) for VADER's compound
        score, None (no range) for LSS rows (a ``score`` column).
    ax : matplotlib Axes, optional
        Draw the one actor shown (choose it with ``actors=``) into this Axes;
        its figure is returned.
    **kwargs
        Passed to :func:`actor_tone_summary` when ``frame`` holds rows.

    Returns
    -------
    matplotlib.figure.Figure
        Points are group means of the compound score, bars their intervals.

    Examples
    --------
    >>> import pandas as pd
    >>> rows = pd.DataFrame({"doc_id": list("abcd"), "actor": ["NATO"] * 4,
    ...     "source": ["X", "X", "Y", "Y"], "year": [2021, 2022, 2021, 2022],
    ...     "compound": [0.1, -0.3, -0.4, 0.2]})
    >>> fig = plot_actor_tone(rows)
    >>> [ax.get_title() for ax in fig.axes]
    ['NATO']
    """
    from matplotlib import rcParams
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    xcol = x

    if isinstance(bounds, str):
        if bounds != "auto":
            raise ValueError(f"bounds must be (low, high), None or 'auto', not {bounds!r}")
        bounds = None if "score" in frame.columns else (-1.0, 1.0)
    b_lo, b_hi = (-np.inf, np.inf) if bounds is None else (float(bounds[0]), float(bounds[1]))
    x_dtype = frame[xcol].dtype if xcol in frame.columns else None
    if {"mean", "ci_low", "ci_high"} <= set(frame.columns):
        summary = frame
    else:
        by_cols = [xcol] + ([hue] if hue else [])
        summary = actor_tone_summary(frame, by=by_cols, **kwargs)
    for col in ["actor", xcol] + ([hue] if hue else []):
        if col not in summary.columns:
            raise ValueError(f"column {col!r} not in the frame; have {list(summary.columns)}")
    if "n" in summary.columns:
        summary = summary[summary["n"] >= min_docs]
    present = plotted_values(
        [a for a in pd.unique(summary["actor"].astype(object)) if pd.notna(a)],
        actors,
        "actor",
        "nothing to plot: no actor rows (after min_docs filtering)",
    )
    hues = sorted(pd.unique(summary[hue].astype(object)).tolist(), key=str) if hue else [None]
    legend_title = hue
    if hue and len(hues) > max_hue:
        weight = summary.groupby(summary[hue].astype(object))["n"].sum() if "n" in summary else None
        ranked = weight.sort_values(ascending=False, kind="stable").index if weight is not None else hues
        keep = set(list(ranked)[:max_hue])
        legend_title = f"{hue}\n({max_hue} of {len(hues)},\nmost documents)"
        hues = [h for h in hues if h in keep]
    ncols = max(1, min(ncols, len(present)))
    nrows = math.ceil(len(present) / ncols)
    legend_width = 1.8 if hue else 0.0
    width = 4.2 * ncols + legend_width
    if ax is not None:
        if len(present) != 1:
            raise ValueError(f"ax= draws one actor, and {len(present)} are present: choose one with actors=")
        fig, legend_width, given_ax = ax.figure, 0.0, True
        axes: Any = [[ax]]
    else:
        given_ax = False
        fig = Figure(figsize=(width, 3.2 * nrows))
        axes = fig.subplots(nrows, ncols, squeeze=False, sharey=True)
    colors = rcParams["axes.prop_cycle"].by_key().get("color", ["C0"])
    offsets = np.linspace(-0.15, 0.15, len(hues)) if len(hues) > 1 else [0.0]
    numeric_x = pd.api.types.is_numeric_dtype(summary[xcol])
    levels = None
    if not numeric_x:
        # categories (e.g. month names) keep their order: categorical order, else first seen
        col = summary[xcol]
        present_x = set(col.astype(object))
        levels = (
            [c for c in x_dtype.categories if c in present_x]
            if isinstance(x_dtype, pd.CategoricalDtype)
            else list(pd.unique(col))
        )
        position = {v: i for i, v in enumerate(levels)}
    for k, actor in enumerate(present):
        ax = axes[k // ncols][k % ncols]
        part = summary[summary["actor"].astype(object) == actor]
        for j, h in enumerate(hues):
            sub = part if h is None else part[part[hue].astype(object) == h]
            if sub.empty:
                continue
            if numeric_x:
                sub = sub.sort_values(xcol)
                xs = sub[xcol].to_numpy(dtype=float)
            else:
                xs = sub[xcol].astype(object).map(position).to_numpy(dtype=float)
                sub, xs = sub.iloc[np.argsort(xs, kind="stable")], np.sort(xs)
            y = sub["mean"].to_numpy(dtype=float)
            # The compound score lies in [-1, 1]: intervals are cut there and
            # a cut end is marked with a triangle.
            raw_lo = sub["ci_low"].to_numpy(dtype=float)
            raw_hi = sub["ci_high"].to_numpy(dtype=float)
            lo = y - np.clip(raw_lo, b_lo, b_hi)
            hi = np.clip(raw_hi, b_lo, b_hi) - y
            err = np.nan_to_num(np.vstack([lo, hi]), nan=0.0)
            color = colors[j % len(colors)]
            ax.errorbar(
                xs + offsets[j],
                y,
                yerr=err,
                marker="o",
                ms=3,
                lw=1,
                capsize=2,
                ls="none" if levels is not None else "-",  # no line between groups
                color=color,
                label=str(h) if h is not None else None,
            )
            cut_hi, cut_lo = raw_hi > b_hi, raw_lo < b_lo
            if cut_hi.any():
                ax.plot(xs[cut_hi] + offsets[j], np.full(cut_hi.sum(), b_hi), "^", color=color, ms=5)
            if cut_lo.any():
                ax.plot(xs[cut_lo] + offsets[j], np.full(cut_lo.sum(), b_lo), "v", color=color, ms=5)
        ax.axhline(0.0, color="0.6", lw=0.8)
        if bounds is not None:
            pad = 0.04 * (b_hi - b_lo)
            ax.set_ylim(b_lo - pad, b_hi + pad)
        if levels is not None:
            ax.set_xticks(range(len(levels)), [str(v) for v in levels])
            ax.set_xlim(-0.6, len(levels) - 0.4)
        else:
            ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_title(str(actor))
        ax.set_xlabel(xcol)
        if k % ncols == 0:
            ax.set_ylabel("mean compound (95% CI)")
    for k in range(len(present), nrows * ncols):
        axes[k // ncols][k % ncols].set_visible(False)
    handles, labels = [], []
    if legend_width:
        for ax in fig.axes:
            for hnd, lab in zip(*ax.get_legend_handles_labels()):
                if lab not in labels:
                    handles.append(hnd)
                    labels.append(lab)
    right = 1.0 - legend_width / width
    if legend_width:
        fig.legend(
            handles,
            labels,
            title=legend_title,
            loc="center left",
            bbox_to_anchor=(right, 0.5),
            fontsize="small",
            title_fontsize="small",
        )
    if given_ax:
        if len(hues) > 1:
            axes[0][0].legend(title=legend_title, fontsize="small", title_fontsize="small")
        return fig
    fig.suptitle("Tone of sentences mentioning each actor")
    fig.tight_layout(rect=(0, 0, right, 1))
    for a in list(fig.axes):
        if not a.get_visible():
            fig.delaxes(a)
    return fig
