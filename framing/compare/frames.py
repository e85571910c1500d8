"""Frame analysis with indicator dictionaries: frame hits, shares and their intervals.

A *frame* (Entman 1993) selects some aspects of a perceived reality and
makes them salient. Here a frame is an entry of a lexicon (by default the
shipped ``lexicons/frames.yml``: cooperation and solidarity,
multilateralism, sovereignty, development and economy, health, security,
hegemony and containment, responsibility and leadership, history and
civilisation, human rights and democracy); its variants are groups of
indicator terms. Matching is that of :mod:`framing.lexicon.matcher`: whole tokens,
case-insensitive, overlapping indicators of one frame counted once.

Quantities
----------
For a document with ``h_f`` hits of frame ``f`` and ``H = sum_f h_f`` frame
hits in all:

``hits``
    ``h_f``, the number of indicator occurrences of the frame.
``share``
    ``h_f / H``: the frame's share of the document's frame vocabulary. The
    shares of a document sum to 1 over the frames of the lexicon. A
    document with no frame hit (``H = 0``, including a document with no
    tokens) has share 0 for every frame and ``framed`` False.
``present``
    ``h_f > 0``.
``per_10k``
    ``h_f`` per 10,000 tokens of the document (0 for a document without
    tokens).

Per group of documents (``by``):

``mean_share``
    The mean of ``share`` over the documents of the group that have at
    least one frame hit (``among="framed"``, the default: the average frame
    composition of the documents that use frame vocabulary at all), or over
    all documents of the group (``among="all"``). Its interval is either a
    t interval, ``mean +/- t(1 - a/2, n - 1) * sd / sqrt(n)`` with ``sd``
    on ``n - 1`` degrees of freedom, clipped to [0, 1] (``interval="t"``),
    or a percentile bootstrap over documents (``interval="bootstrap"``,
    ``n_boot`` resamples drawn with ``numpy.random.default_rng(random_state)``
    as in :func:`framing.tone.sentiment.aggregate_sentiment`). A group with a
    single document has no interval (NaN) and a group where no document
    has a frame hit has ``mean_share`` 0 and no interval; the ``note``
    column says so.
``doc_share``
    The share of the group's documents in which the frame is present, with
    the Wilson score interval (:func:`framing.slogans.stats.wilson_interval`).
``hit_share``
    The frame's hits divided by all frame hits of the group (pooled over
    documents, so long documents weigh more); 0 when the group has none.

Examples
--------
>>> from framing import Corpus
>>> corpus = Corpus.from_texts(
...     ["Win-win cooperation and solidarity against the pandemic.",
...      "Missile threat and military drills.", "Nothing to see."],
...     source=["CGTN", "BBC", "BBC"])
>>> shares = frame_shares(corpus)
>>> shares[shares["hits"] > 0][["doc_id", "frame", "hits", "share"]]
   doc_id                   frame  hits  share
0    doc0  cooperation_solidarity     3   0.75
4    doc0                  health     1   0.25
15   doc1         security_threat     3   1.00
>>> g = frame_shares(corpus, by="source")
>>> g[g["frame"] == "security_threat"][["source", "n_docs", "n_framed", "mean_share", "doc_share"]]
   source  n_docs  n_framed  mean_share  doc_share
5     BBC       2         1         1.0        0.5
15   CGTN       1         1         0.0        0.0
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from framing._util import as_list as _as_list
from framing._util import plotted_values, renamed_arguments
from framing.corpus.core import require_documents
from framing.corpus.grouping import table_hue
from framing.lexicon.core import Lexicon
from framing.lexicon.matcher import as_lexicon, scan_corpus
from framing.slogans.stats import wilson_interval

__all__ = [
    "DEFAULT_FRAMES",
    "frame_matches",
    "frame_shares",
    "document_frame_shares",
    "aggregate_frame_shares",
    "plot_frame_shares",
]

#: Name of the shipped frame lexicon (``lexicons/frames.yml``).
DEFAULT_FRAMES = "frames"

DOC_COLUMNS = [
    "doc_id",
    "frame",
    "label",
    "hits",
    "frame_hits",
    "share",
    "present",
    "framed",
    "tokens",
    "per_10k",
]
GROUP_COLUMNS = [
    "frame",
    "label",
    "n_docs",
    "n_framed",
    "docs_with",
    "hits",
    "frame_hits",
    "tokens",
    "mean_share",
    "mean_share_low",
    "mean_share_high",
    "doc_share",
    "doc_share_low",
    "doc_share_high",
    "hit_share",
    "note",
]

NOTE_NO_FRAMED = "no document of the group has frame hits: mean_share set to 0, interval undefined"
NOTE_ONE_DOC = "one document: interval undefined"
NOTE_NO_DOCS = "no documents: shares set to 0, intervals undefined"


def _frames_lexicon(lexicon: Any) -> Lexicon:
    """The frame lexicon: a Lexicon, a shipped name, a path or a list of them."""
    if lexicon is None:
        lexicon = DEFAULT_FRAMES
    lex = as_lexicon(lexicon)
    if len(lex) == 0:
        raise ValueError("the frame lexicon has no entries")
    return lex


def frame_matches(
    corpus, lexicon: Any = DEFAULT_FRAMES, *, progress: bool = False, batch_size: int = 500
) -> pd.DataFrame:
    """One row per frame indicator found in the corpus.

    Parameters
    ----------
    corpus : Corpus or CorpusStream
    lexicon : Lexicon, name, path or list of them, default "frames"
        The frame dictionary (entries are frames, variants indicator groups).
        Names are shipped lexicons (``lexicons/<name>.yml``); paths are YAML
        files in the lexicon format. Several are merged.
    progress : bool, default False
        Show a progress bar.

    Returns
    -------
    pandas.DataFrame
        The columns of :func:`framing.lexicon.matcher.find_matches` (``doc_id``,
        ``entry``, ``variant``, ``form``, ``pattern``, ``start``, ``end``,
        ``token_start``, ``token_end``, document metadata), with ``frame``
        (the entry id) and ``label`` (its label) after ``doc_id``; ``start``
        and ``end`` are character offsets into the original text, for
        reading each indicator in context.

    Examples
    --------
    >>> from framing import Corpus
    >>> c = Corpus.from_texts(["China opposes hegemony and Cold War mentality."], source=["X"])
    >>> frame_matches(c)[["frame", "variant", "form", "start", "end"]]
                      frame             variant                form  start  end
    0  hegemony_containment            hegemony            hegemony     14   22
    1  hegemony_containment  cold_war_mentality  cold war mentality     27   45
    """
    lex = _frames_lexicon(lexicon)
    matches, _ = scan_corpus(corpus, lex, offsets=True, progress=progress, batch_size=batch_size)
    labels = {e.id: e.label for e in lex}
    out = matches.copy()
    out.insert(1, "frame", out["entry"].astype(object))
    out.insert(2, "label", out["entry"].map(labels).astype(object))
    return out


def document_frame_shares(
    matches: pd.DataFrame, doc_tokens: pd.DataFrame, lexicon: Any = DEFAULT_FRAMES
) -> pd.DataFrame:
    """Per-document frame hits and shares from matches and document token counts.

    Parameters
    ----------
    matches : DataFrame
        Occurrences with ``doc_id`` and ``entry`` (:func:`frame_matches` or
        :func:`framing.lexicon.matcher.find_matches`); entries not in the lexicon
        are ignored.
    doc_tokens : DataFrame
        One row per document: ``doc_id``, ``tokens`` and metadata
        (:func:`framing.lexicon.matcher.document_tokens`). Every document appears
        in the output, with zeros where it has no hit.
    lexicon : Lexicon, name or path, default "frames"
        Defines the frames (rows) and their order.

    Returns
    -------
    DataFrame
        One row per (document, frame), documents in ``doc_tokens`` order and
        frames in lexicon order: ``doc_id``, ``frame``, ``label``, ``hits``,
        ``frame_hits`` (all frame hits of the document), ``share``,
        ``present``, ``framed`` (the document has any frame hit), ``tokens``,
        ``per_10k``, then the document metadata.

    Examples
    --------
    >>> import pandas as pd
    >>> m = pd.DataFrame({"doc_id": ["a", "a", "a"], "entry": ["health", "health", "security_threat"]})
    >>> docs = pd.DataFrame({"doc_id": ["a", "b"], "tokens": [20, 0]})
    >>> s = document_frame_shares(m, docs)
    >>> s[s["doc_id"] == "a"].query("hits > 0")[["frame", "hits", "share", "per_10k"]]
                 frame  hits     share  per_10k
    4           health     2  0.666667   1000.0
    5  security_threat     1  0.333333    500.0
    >>> s[s["doc_id"] == "b"][["share", "per_10k"]].sum().tolist()
    [0.0, 0.0]
    """
    lex = _frames_lexicon(lexicon)
    frames = list(lex.entries)
    labels = [lex[f].label for f in frames]
    for name, frame, cols in (
        ("matches", matches, ["doc_id", "entry"]),
        ("doc_tokens", doc_tokens, ["doc_id", "tokens"]),
    ):
        missing = [c for c in cols if c not in frame.columns]
        if missing:
            raise ValueError(f"{name} lacks the column(s) {missing}; it has {list(frame.columns)}")
    ids = doc_tokens["doc_id"].astype(str)
    if ids.duplicated().any():
        raise ValueError(f"doc_tokens has more than one row for document {ids[ids.duplicated()].iloc[0]!r}")
    tokens = pd.to_numeric(doc_tokens["tokens"], errors="raise").to_numpy(dtype=np.int64)
    if (tokens < 0).any():
        raise ValueError(f"doc_tokens has a negative token count for document {ids[tokens < 0].iloc[0]!r}")
    m = matches[matches["entry"].isin(frames)]
    m_ids = m["doc_id"].astype(str)
    unknown = sorted(set(m_ids) - set(ids))
    if unknown:
        raise ValueError(
            f"matches name {len(unknown)} document(s) missing from doc_tokens, "
            f"e.g. {unknown[:3]}; pass the doc_tokens of the same corpus"
        )
    n_docs, n_frames = len(ids), len(frames)
    hits = np.zeros((n_docs, n_frames), dtype=np.int64)
    if len(m):
        row = pd.Index(ids).get_indexer(m_ids)
        col = pd.Index(frames).get_indexer(m["entry"].astype(str))
        np.add.at(hits, (row, col), 1)
    total = hits.sum(axis=1)
    framed = total > 0
    share = np.divide(hits, total[:, None], out=np.zeros(hits.shape), where=framed[:, None])
    per_10k = np.divide(hits * 10_000.0, tokens[:, None], out=np.zeros(hits.shape), where=tokens[:, None] > 0)
    out = pd.DataFrame(
        {
            "doc_id": np.repeat(ids.to_numpy(dtype=object), n_frames),
            "frame": np.tile(np.array(frames, dtype=object), n_docs),
            "label": np.tile(np.array(labels, dtype=object), n_docs),
            "hits": hits.ravel(),
            "frame_hits": np.repeat(total, n_frames),
            "share": share.ravel(),
            "present": hits.ravel() > 0,
            "framed": np.repeat(framed, n_frames),
            "tokens": np.repeat(tokens, n_frames),
            "per_10k": per_10k.ravel(),
        }
    )
    meta = doc_tokens.drop(columns=["doc_id", "tokens"]).reset_index(drop=True)
    if len(meta.columns):
        meta = meta.iloc[np.repeat(np.arange(n_docs), n_frames)].reset_index(drop=True)
        out = pd.concat([out, meta], axis=1)
    return out


@renamed_arguments(level="conf_level")
def aggregate_frame_shares(
    doc_shares: pd.DataFrame,
    by: str | Sequence[str],
    *,
    among: str = "framed",
    interval: str = "t",
    conf_level: float = 0.95,
    n_boot: int = 2000,
    random_state=None,
) -> pd.DataFrame:
    """Frame shares per group of documents, with intervals.

    Parameters
    ----------
    doc_shares : DataFrame
        Output of :func:`document_frame_shares` (or ``frame_shares`` with
        ``by=None``).
    by : str or list of str
        Metadata columns defining the groups (missing values form a group).
    among : {"framed", "all"}, default "framed"
        Documents averaged for ``mean_share``: those with at least one frame
        hit, or all documents of the group.
    interval : {"t", "bootstrap"}, default "t"
        Interval of ``mean_share`` (see the module documentation).
    conf_level : float, default 0.95
        Confidence level of every interval.
    n_boot : int, default 2000
        Bootstrap resamples.
    random_state : int or None
        Seed of the bootstrap. Groups (sorted), then frames (lexicon order),
        are resampled in turn from one ``numpy.random.default_rng``; each
        draws ``rng.integers(0, n, size=(n_boot, n))`` document indices.

    Returns
    -------
    DataFrame
        One row per group and frame: the ``by`` columns, ``frame``,
        ``label``, ``n_docs``, ``n_framed`` (documents with any frame hit),
        ``docs_with`` (documents with this frame), ``hits``, ``frame_hits``,
        ``tokens``, ``mean_share`` with ``mean_share_low``/``_high``,
        ``doc_share`` with ``doc_share_low``/``_high`` (Wilson),
        ``hit_share`` and ``note`` (empty unless an interval is undefined or
        a value was set to 0 by convention).

    Examples
    --------
    >>> import pandas as pd
    >>> m = pd.DataFrame({"doc_id": ["a", "b", "b", "c"],
    ...                   "entry": ["health", "health", "security_threat", "health"]})
    >>> docs = pd.DataFrame({"doc_id": ["a", "b", "c", "d"], "tokens": 10, "source": list("XXXY")})
    >>> g = aggregate_frame_shares(document_frame_shares(m, docs), by="source")
    >>> g[g["frame"] == "health"][["source", "n_docs", "n_framed", "mean_share", "doc_share"]].round(4)
       source  n_docs  n_framed  mean_share  doc_share
    4       X       3         3      0.8333       1.0
    14      Y       1         0      0.0000       0.0
    """
    by = _as_list(by)
    if not by:
        raise ValueError("aggregate_frame_shares needs at least one `by` column")
    need = ["doc_id", "frame", "hits", "frame_hits", "share", "present", "framed", "tokens", *by]
    missing = [c for c in need if c not in doc_shares.columns]
    if missing:
        raise ValueError(f"column(s) {missing} not in the frame; have {list(doc_shares.columns)}")
    if among not in ("framed", "all"):
        raise ValueError(f"among must be 'framed' or 'all', got {among!r}")
    if interval not in ("t", "bootstrap"):
        raise ValueError(f"interval must be 't' or 'bootstrap', got {interval!r}")
    if not 0 < conf_level < 1:
        raise ValueError(f"conf_level must be between 0 and 1, got {conf_level!r}")
    frames = list(pd.unique(doc_shares["frame"]))
    data = doc_shares[[*by, "frame"]].copy()
    data["frame"] = pd.Categorical(data["frame"], categories=frames)
    framed = doc_shares["framed"].to_numpy(dtype=bool)
    share = doc_shares["share"].to_numpy(dtype=float)
    data["_v"] = np.where(framed, share, np.nan) if among == "framed" else share
    data["_framed"] = framed.astype(np.int64)
    data["_present"] = doc_shares["present"].to_numpy(dtype=bool).astype(np.int64)
    for col in ("hits", "frame_hits", "tokens"):
        data[col] = doc_shares[col].to_numpy(dtype=np.int64)
    # groups in sorted order (missing keys last), frames in lexicon order
    grouped = data.groupby([*by, "frame"], dropna=False, sort=True, observed=True)
    out = grouped.agg(
        n_docs=("_v", "size"),
        n_framed=("_framed", "sum"),
        docs_with=("_present", "sum"),
        hits=("hits", "sum"),
        frame_hits=("frame_hits", "sum"),
        tokens=("tokens", "sum"),
        _n=("_v", "count"),
        mean_share=("_v", "mean"),
        _sd=("_v", "std"),
    )
    out = out.reset_index()
    out["frame"] = out["frame"].astype(object)
    if "label" in doc_shares.columns:
        labels = doc_shares.drop_duplicates("frame").set_index("frame")["label"]
        out.insert(len(by) + 1, "label", out["frame"].map(labels).to_numpy(dtype=object))
    else:
        out.insert(len(by) + 1, "label", out["frame"].to_numpy(dtype=object))
    n = out["_n"].to_numpy(dtype=np.int64)
    mean = out["mean_share"].fillna(0.0).to_numpy(dtype=float)
    out["mean_share"] = mean
    low = np.full(len(out), np.nan)
    high = np.full(len(out), np.nan)
    several = n >= 2
    if interval == "t":
        from scipy import stats

        df = np.where(several, n - 1, 1)
        half = (
            stats.t.ppf(0.5 + conf_level / 2, df)
            * out["_sd"].to_numpy(dtype=float)
            / np.sqrt(np.maximum(n, 1))
        )
        low = np.where(several, np.clip(mean - half, 0.0, 1.0), np.nan)
        high = np.where(several, np.clip(mean + half, 0.0, 1.0), np.nan)
    else:
        rng = np.random.default_rng(random_state)
        values = data["_v"].to_numpy(dtype=float)
        codes = grouped.ngroup().to_numpy()
        order = np.argsort(codes, kind="stable")
        members = np.split(order, np.cumsum(np.bincount(codes, minlength=len(out)))[:-1])
        for i, idx in enumerate(members):
            if not several[i]:
                continue
            v = values[idx]
            v = v[~np.isnan(v)]
            boot = v[rng.integers(0, len(v), size=(n_boot, len(v)))].mean(axis=1)
            low[i], high[i] = np.quantile(boot, [(1 - conf_level) / 2, (1 + conf_level) / 2])
    out["mean_share_low"] = low
    out["mean_share_high"] = high
    n_docs = out["n_docs"].to_numpy(dtype=np.int64)
    docs_with = out["docs_with"].to_numpy(dtype=np.int64)
    d_lo, d_hi = wilson_interval(docs_with, n_docs, conf_level)
    out["doc_share"] = np.divide(docs_with, n_docs, out=np.zeros(len(out)), where=n_docs > 0)
    out["doc_share_low"] = d_lo
    out["doc_share_high"] = d_hi
    frame_hits = out["frame_hits"].to_numpy(dtype=np.int64)
    out["hit_share"] = np.divide(
        out["hits"].to_numpy(dtype=float), frame_hits, out=np.zeros(len(out)), where=frame_hits > 0
    )
    out["note"] = np.select(
        [n_docs == 0, n == 0, n == 1], [NOTE_NO_DOCS, NOTE_NO_FRAMED, NOTE_ONE_DOC], default=""
    )
    out = out[[*by, *GROUP_COLUMNS]].reset_index(drop=True)
    for col in ("n_docs", "n_framed", "docs_with", "hits", "frame_hits", "tokens"):
        out[col] = out[col].astype(np.int64)
    out.attrs.update(conf_level=conf_level, interval=interval, among=among)
    return out


@renamed_arguments(level="conf_level")
def frame_shares(
    corpus,
    lexicon: Any = DEFAULT_FRAMES,
    by: str | Sequence[str] | None = None,
    *,
    among: str = "framed",
    interval: str = "t",
    conf_level: float = 0.95,
    n_boot: int = 2000,
    random_state=None,
    progress: bool = False,
    batch_size: int = 500,
) -> pd.DataFrame:
    """Frame hits and shares per document, or per group with intervals.

    Parameters
    ----------
    corpus : Corpus or CorpusStream
    lexicon : Lexicon, name, path or list of them, default "frames"
        The frame dictionary (see :func:`frame_matches`).
    by : None, str or list of str
        ``None``: one row per (document, frame) (see
        :func:`document_frame_shares`). A metadata column or a list of them:
        one row per (group, frame) (see :func:`aggregate_frame_shares`).
    among, interval, conf_level, n_boot, random_state
        Passed to :func:`aggregate_frame_shares` when ``by`` is given.
    progress : bool, default False
        Show a progress bar while matching.

    Returns
    -------
    pandas.DataFrame
        Tidy: frames in rows, document metadata (``by=None``) or the ``by``
        columns kept, so ``groupby`` or :func:`plot_frame_shares` is one
        step away.

    Examples
    --------
    >>> from framing import Corpus
    >>> c = Corpus.from_texts(["Sovereignty and territorial integrity.", "Vaccines.", ""],
    ...                       source=["A", "A", "B"])
    >>> g = frame_shares(c, by="source")
    >>> g[g["frame"].isin(["sovereignty_noninterference", "health"])][
    ...     ["source", "frame", "n_framed", "mean_share", "doc_share"]]
       source                        frame  n_framed  mean_share  doc_share
    2       A  sovereignty_noninterference         2         0.5        0.5
    4       A                       health         2         0.5        0.5
    12      B  sovereignty_noninterference         0         0.0        0.0
    14      B                       health         0         0.0        0.0
    """
    require_documents(corpus, "frame_shares")
    lex = _frames_lexicon(lexicon)
    by = _as_list(by)
    matches, doc_tokens = scan_corpus(corpus, lex, offsets=False, progress=progress, batch_size=batch_size)
    missing = [c for c in by if c not in doc_tokens.columns]
    if missing:
        have = [c for c in doc_tokens.columns if c not in ("doc_id", "tokens")]
        raise ValueError(f"no metadata column(s) {missing} in the corpus; columns are {have}")
    shares = document_frame_shares(matches, doc_tokens, lex)
    if not by:
        return shares
    return aggregate_frame_shares(
        shares,
        by,
        among=among,
        interval=interval,
        conf_level=conf_level,
        n_boot=n_boot,
        random_state=random_state,
    )


@renamed_arguments(by="hue")
def plot_frame_shares(
    frame: pd.DataFrame,
    hue: str | Sequence[str] | None = None,
    *,
    value: str = "mean_share",
    frames=None,
    min_docs: int = 1,
    figsize: tuple[float, float] | None = None,
    ax=None,
    **kwargs,
):
    """Dot-and-interval chart of frame shares: frames on the y axis, one colour per group.

    Parameters
    ----------
    frame : DataFrame
        Output of :func:`frame_shares` with ``by`` (or of
        :func:`aggregate_frame_shares`), or the per-document output, which
        is then aggregated by ``hue`` (``**kwargs`` passed on).
    hue : str, list of str or None, default None
        Grouping columns, one colour per group; several are joined into one
        label ("BBC / 2022"). Formerly ``by=``. ``None``: the group column of
        an aggregated table (see :func:`framing.corpus.grouping.table_hue`),
        or all documents as one group.
    value : {"mean_share", "doc_share", "hit_share"}, default "mean_share"
        What to plot; ``mean_share`` and ``doc_share`` come with their
        intervals.
    frames : list of str, optional
        Frames to show, in this order (default: all, in lexicon order).
    min_docs : int, default 1
        Leave out groups with fewer documents (``n_framed`` for
        ``mean_share``, ``n_docs`` otherwise).
    figsize : tuple, optional
    ax : matplotlib Axes, optional
        Draw into this Axes (its figure is returned) instead of a new figure.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import pandas as pd
    >>> m = pd.DataFrame({"doc_id": ["a", "b", "c"], "entry": ["health", "health", "security_threat"]})
    >>> docs = pd.DataFrame({"doc_id": ["a", "b", "c"], "tokens": 10, "source": ["X", "X", "Y"]})
    >>> fig = plot_frame_shares(document_frame_shares(m, docs), hue="source")
    >>> fig.axes[0].get_xlabel()
    'mean share of frame hits (95% CI)'
    """
    from matplotlib import rcParams
    from matplotlib.figure import Figure

    if value not in ("mean_share", "doc_share", "hit_share"):
        raise ValueError(f"value must be 'mean_share', 'doc_share' or 'hit_share', got {value!r}")
    aggregated = "mean_share" in frame.columns
    if hue is None and aggregated:
        hue = table_hue(frame, None, known=["frame", "label", "note"], what="the frame-share table")
    by = _as_list(hue)
    if not by:  # one group: all documents (or all rows of the table)
        frame = frame.assign(documents="all documents")
        by = ["documents"]
    summary = frame if aggregated else aggregate_frame_shares(frame, by, **kwargs)
    missing = [c for c in [*by, "frame", value] if c not in summary.columns]
    if missing:
        raise ValueError(f"column(s) {missing} not in the frame; have {list(summary.columns)}")
    level = summary.attrs.get("conf_level", kwargs.get("conf_level", 0.95))
    count_col = "n_framed" if value == "mean_share" else "n_docs"
    if count_col in summary.columns:
        summary = summary[summary[count_col] >= min_docs]
    present = plotted_values(
        list(pd.unique(summary["frame"])),
        frames,
        "frame",
        "nothing to plot: no rows (after min_docs filtering)",
    )
    labels = (
        summary.drop_duplicates("frame").set_index("frame")["label"].astype(str).to_dict()
        if "label" in summary.columns
        else {}
    )
    group = summary[by].astype(str).agg(" / ".join, axis=1)
    groups = list(dict.fromkeys(group))
    if ax is None:
        fig = Figure(figsize=figsize or (7.5, 0.45 * len(present) * max(1, len(groups) ** 0.5) + 1.5))
        ax = fig.subplots()
    else:
        fig = ax.figure
    colors = rcParams["axes.prop_cycle"].by_key().get("color", ["C0"])
    y_of = {f: i for i, f in enumerate(present)}
    width = 0.7
    offsets = np.linspace(-width / 2, width / 2, len(groups)) if len(groups) > 1 else [0.0]
    low_col, high_col = f"{value}_low", f"{value}_high"
    for j, name in enumerate(groups):
        sub = summary[(group == name).to_numpy() & summary["frame"].isin(present).to_numpy()]
        y = sub["frame"].map(y_of).to_numpy(dtype=float) + offsets[j]
        x = sub[value].to_numpy(dtype=float)
        err = None
        if low_col in sub.columns:
            lo = x - sub[low_col].to_numpy(dtype=float)
            hi = sub[high_col].to_numpy(dtype=float) - x
            err = np.nan_to_num(np.vstack([lo, hi]), nan=0.0)
        ax.errorbar(x, y, xerr=err, fmt="o", ms=4, lw=1, capsize=2, color=colors[j % len(colors)], label=name)
    ax.set_yticks(range(len(present)), labels=[labels.get(f, f) for f in present])
    ax.invert_yaxis()
    ax.set_xlim(left=0)
    ax.grid(axis="x", color="0.9")
    pct = f"{level:.0%}"
    ax.set_xlabel(
        {
            "mean_share": f"mean share of frame hits ({pct} CI)",
            "doc_share": f"share of documents with the frame ({pct} CI)",
            "hit_share": "share of all frame hits",
        }[value]
    )
    if len(groups) > 1:
        ax.legend(title=" / ".join(by), fontsize="small", loc="lower right")
    if fig.get_layout_engine() is None:
        fig.tight_layout()
    return fig
