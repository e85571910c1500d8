"""Figures for topic models; each takes a tidy frame and returns the Figure.

Examples
--------
>>> import pandas as pd
>>> frame = pd.DataFrame({"k": [5, 10], "c_npmi": [0.02, 0.05], "u_mass": [-1.2, -1.5],
...                       "exclusivity": [8.5, 9.1], "heldout_loglik": [-7.9, -7.8]})
>>> fig = plot_select_k(frame)
>>> len(fig.axes)
4
"""

from __future__ import annotations

import math

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from framing._util import renamed_arguments
from framing.corpus.grouping import table_hue

__all__ = ["plot_top_terms", "plot_prevalence", "plot_select_k", "plot_topic_shares"]

_SELECT_K_PANELS = (
    ("c_npmi", "coherence (c_npmi)"),
    ("u_mass", "coherence (u_mass)"),
    ("exclusivity", "exclusivity (FREX)"),
    ("heldout_loglik", "held-out log-likelihood per token"),
)

#: Type sizes (points) of all topic figures: ticks, labels and titles stay
#: readable when a figure is printed at column width.
TICK_SIZE = 9
LABEL_SIZE = 10


def _grid(n: int, ncols: int, width: float = 3.2, height: float = 2.6, sharex=False, sharey=False, ax=None):
    """A grid of ``n`` panels, or the ``n`` axes given as ``ax`` (their figure)."""
    if ax is not None:
        axes = np.atleast_1d(np.asarray(ax, dtype=object)).ravel()
        if len(axes) < n:
            raise ValueError(f"ax: {len(axes)} axes given for {n} panels")
        return axes[0].figure, axes[:n]
    ncols = max(1, min(ncols, n))
    nrows = math.ceil(n / ncols)
    fig, axes = plt.subplots(
        nrows, ncols, figsize=(width * ncols, height * nrows), squeeze=False, sharex=sharex, sharey=sharey
    )
    flat = axes.ravel()
    for a in flat[n:]:
        a.set_visible(False)
    if sharex:
        # a panel above an empty slot of the last row keeps its x tick labels
        for a in flat[max(0, n - ncols) : n]:
            a.xaxis.set_tick_params(labelbottom=True)
    return fig, flat[:n]


def plot_select_k(frame: pd.DataFrame, chosen: int | None = None, ax=None):
    """Coherence, exclusivity and held-out fit against the number of topics.

    Takes the frame of :func:`framing.topics.model.select_k`; panels for columns it
    lacks are left out. When the frame holds several runs per ``k`` (for
    example ``select_k`` with several ``random_state`` values, concatenated),
    every run is a thin line and the mean over runs a line with markers.
    ``chosen`` marks a number of topics with a dashed line; ``ax`` takes
    existing axes, one per panel.

    Examples
    --------
    >>> runs = pd.DataFrame({"k": [5, 10, 5, 10], "seed": [0, 0, 1, 1],
    ...                      "c_npmi": [0.02, 0.05, 0.03, 0.04]})
    >>> fig = plot_select_k(runs, chosen=10)
    >>> len(fig.axes[0].lines)  # two runs, their mean, the chosen K
    4
    """
    panels = [(c, t) for c, t in _SELECT_K_PANELS if c in frame.columns]
    if not panels:
        raise ValueError(
            f"no measure columns in the frame; expected some of {[c for c, _ in _SELECT_K_PANELS]}"
        )
    fig, axes = _grid(len(panels), 4, width=3.1, height=2.8, sharex=True, ax=ax)
    frame = frame.sort_values("k")
    repeated = frame["k"].duplicated().any()
    run_col = "seed" if "seed" in frame.columns else None
    for a, (col, title) in zip(axes, panels, strict=True):
        if repeated:
            runs = frame.groupby(run_col) if run_col else [(None, frame)]
            for i, (_, g) in enumerate(runs):
                a.plot(g["k"], g[col], color="#9bb3cc", lw=0.8, label="one run" if i == 0 else None)
            mean = frame.groupby("k")[col].mean()
            a.plot(mean.index, mean.to_numpy(), marker="o", color="#1f4e79", lw=1.6, label="mean of the runs")
        else:
            a.plot(frame["k"], frame[col], marker="o", color="#1f4e79")
        if chosen is not None:
            a.axvline(chosen, color="0.35", ls="--", lw=1, label=f"K = {chosen}")
        a.set_title(title, fontsize=LABEL_SIZE)
        a.set_xlabel("number of topics K", fontsize=TICK_SIZE)
        a.tick_params(labelsize=TICK_SIZE)
        a.set_xticks(sorted(frame["k"].unique()))
        a.grid(alpha=0.3)
    if ax is None:
        handles, labels = axes[0].get_legend_handles_labels()
        if len(handles) > 1:
            fig.legend(
                handles, labels, loc="lower center", ncol=len(handles), fontsize=TICK_SIZE, frameon=False
            )
            fig.tight_layout(rect=(0, 0.08, 1, 1))
        else:
            fig.tight_layout()
    return fig


def _panel_title(label, width: int = 34) -> str:
    """A topic label on at most two lines of ``width`` characters (cut with an ellipsis)."""
    import textwrap

    lines = textwrap.wrap(str(label).replace("_", " "), width) or [""]
    if len(lines) > 2:
        lines = [lines[0], textwrap.shorten(" ".join(lines[1:]), width, placeholder=" ...")]
    return "\n".join(lines)


_VALUE_AXIS = {
    "weight": "probability of the term in the topic",
    "frex": "FREX",
    "exclusivity": "exclusivity: share of the term's weight in this topic",
}


def plot_top_terms(
    top_terms: pd.DataFrame,
    n: int = 10,
    value: str = "weight",
    ncols: int = 4,
    topics=None,
    annotate: str | None = None,
    logx: bool = False,
    xlabel: str | None = None,
    ax=None,
):
    """Bar charts of each topic's top terms, panels sharing the value axis.

    Takes the frame of :meth:`framing.topics.model.TopicModel.top_terms`;
    ``value`` is the bar length (``"weight"``, ``"exclusivity"`` or
    ``"frex"``). The FREX of a topic's top terms is an empirical-CDF score
    close to 1 for all of them, so its bars hardly differ: to show why terms
    rank high, rank them ``rank_by="frex"`` and draw their components, for
    example ``value="weight"`` with ``logx=True`` and
    ``annotate="exclusivity"`` (printed at the bar's end; ``"weight"`` is
    printed per 1,000 tokens). ``xlabel`` names the value axis; ``ax`` takes
    existing axes, one per topic.

    Examples
    --------
    >>> tt = pd.DataFrame({"topic": [1, 1, 2, 2], "label": ["T1 a, b"] * 2 + ["T2 c, d"] * 2,
    ...                    "rank": [1, 2, 1, 2], "term": list("abcd"), "weight": [.5, .3, .6, .2],
    ...                    "exclusivity": [.9, .4, .8, .7]})
    >>> len(plot_top_terms(tt).axes)
    2
    >>> fig = plot_top_terms(tt, value="exclusivity", annotate="weight")
    >>> fig.axes[0].texts[0].get_text()
    '500'
    """
    for col in ("topic", "rank", "term", value) + ((annotate,) if annotate else ()):
        if col not in top_terms.columns:
            raise ValueError(f"the frame has no {col!r} column; pass the output of TopicModel.top_terms")
    tt = top_terms if topics is None else top_terms[top_terms["topic"].isin(list(topics))]
    groups = list(tt.groupby("topic", sort=True))
    if not groups:
        raise ValueError("no topics to plot")
    fig, axes = _grid(len(groups), ncols, width=3.3, height=0.27 * n + 1.0, sharex=True, ax=ax)
    top = float(tt[value].max())
    for a, (topic, g) in zip(axes, groups, strict=True):
        g = g.sort_values("rank").head(n)
        pos = np.arange(len(g))[::-1]
        a.barh(pos, g[value], color="#4a7ab5")
        a.set_yticks(pos)
        a.set_yticklabels([str(t).replace("_", " ") for t in g["term"]], fontsize=TICK_SIZE)
        if annotate:
            for y, v, note in zip(pos, g[value], g[annotate], strict=True):
                text = f"{1000 * note:.0f}" if annotate == "weight" else f"{note:.2f}"
                a.text(
                    v * 1.1 if logx else v + 0.02 * top,
                    y,
                    text,
                    va="center",
                    fontsize=TICK_SIZE - 1,
                    color="0.25",
                )
        title = g["label"].iloc[0] if "label" in g.columns else f"topic {topic}"
        a.set_title(_panel_title(title, 30), fontsize=TICK_SIZE)
        a.tick_params(axis="x", labelsize=TICK_SIZE)
        if logx:
            from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter

            a.set_xscale("log")
            a.set_xlim(float(tt[value][tt[value] > 0].min()) / 1.3, top * (3.0 if annotate else 1.3))
            a.xaxis.set_major_locator(LogLocator(subs=(1.0, 2.0, 5.0)))
            a.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))
            a.xaxis.set_minor_formatter(NullFormatter())
        else:
            a.set_xlim(0, top * (1.22 if annotate else 1.05))
        a.grid(axis="x", alpha=0.3)
    if ax is None:
        note = (
            f"; numbers: {annotate} per 1,000 tokens"
            if annotate == "weight"
            else (f"; numbers: {annotate}" if annotate else "")
        )
        fig.supxlabel(xlabel or (_VALUE_AXIS.get(value, value) + note), fontsize=LABEL_SIZE)
        fig.tight_layout()
    return fig


@renamed_arguments(group="hue")
def plot_prevalence(
    pred: pd.DataFrame,
    x: str = "year",
    hue: str | None = None,
    topics=None,
    ncols: int = 4,
    sharey: bool = True,
    ax=None,
):
    """Expected topic prevalence along ``x``, one line and band per ``hue``.

    Takes the frame of :meth:`framing.topics.TopicEffects.predict` (columns
    ``topic``, ``label``, ``x``, ``hue``, ``estimate``, ``lower``,
    ``upper``); one panel per topic. ``hue=None`` colours by the frame's
    own group column when it has one (see
    :func:`framing.corpus.grouping.table_hue`). Panels share the y axis (from 0) so
    that topics compare; ``sharey=False`` scales each panel to its topic.
    ``ax`` takes existing axes, one per topic.

    Examples
    --------
    >>> pred = pd.DataFrame({"topic": 1, "label": "T1 a, b", "year": [2000, 2001] * 2,
    ...                      "source": ["A", "A", "B", "B"], "estimate": [.1, .2, .3, .2],
    ...                      "lower": [.05, .1, .2, .1], "upper": [.2, .3, .4, .3]})
    >>> fig = plot_prevalence(pred)
    >>> len(fig.axes[0].lines)
    2
    """
    for col in ("topic", x, "estimate", "lower", "upper"):
        if col not in pred.columns:
            raise ValueError(f"the frame has no {col!r} column; pass the output of TopicEffects.predict")
    hue = table_hue(pred, hue, x=x, known=["label"], what="the prevalence frame")
    frame = pred if topics is None else pred[pred["topic"].isin(list(topics))]
    if topics is not None:
        order = {t: i for i, t in enumerate(topics)}
        groups = sorted(frame.groupby("topic", sort=True), key=lambda kv: order.get(kv[0], len(order)))
    else:
        groups = list(frame.groupby("topic", sort=True))
    if not groups:
        raise ValueError("no topics to plot")
    fig, axes = _grid(len(groups), ncols, width=3.5, height=2.9, sharex=True, sharey=sharey, ax=ax)
    levels = sorted(frame[hue].astype(str).unique()) if hue else [None]
    colors = plt.get_cmap("tab10")
    for a, (topic, g) in zip(axes, groups, strict=True):
        for i, level in enumerate(levels):
            sub = g if level is None else g[g[hue].astype(str) == level]
            sub = sub.sort_values(x)
            color = colors(i % 10)
            a.plot(sub[x], sub["estimate"], color=color, label=level, lw=1.6)
            a.fill_between(sub[x], sub["lower"], sub["upper"], color=color, alpha=0.16, lw=0)
        title = g["label"].iloc[0] if "label" in g.columns else f"topic {topic}"
        a.set_title(_panel_title(title, 32), fontsize=TICK_SIZE)
        a.tick_params(labelsize=TICK_SIZE)
        a.grid(alpha=0.3)
        if pd.api.types.is_numeric_dtype(g[x]):
            from matplotlib.ticker import MaxNLocator

            a.xaxis.set_major_locator(MaxNLocator(nbins=5, integer=True))
    if sharey:
        top = min(1.0, max(float(frame["upper"].max()), 0.0) * 1.05) or 1.0
        for a in axes:
            a.set_ylim(0, top)
    else:
        for a in axes:
            a.set_ylim(max(0.0, a.get_ylim()[0]), min(1.0, a.get_ylim()[1]))
    if ax is None:
        fig.supylabel("expected topic proportion", fontsize=LABEL_SIZE)
        fig.tight_layout()
        if hue:
            handles, labels = axes[0].get_legend_handles_labels()
            fig.subplots_adjust(right=1 - 0.9 / fig.get_figwidth())
            fig.legend(
                handles,
                labels,
                title=hue,
                fontsize=TICK_SIZE,
                title_fontsize=TICK_SIZE,
                loc="center right",
                frameon=False,
            )
    elif hue:
        axes[0].legend(fontsize=TICK_SIZE, title=hue, title_fontsize=TICK_SIZE)
    return fig


@renamed_arguments(by="hue")
def plot_topic_shares(
    doc_topics: pd.DataFrame, hue: str | None = None, ncols: int = 1, annotate: bool = True, ax=None
):
    """Mean topic proportion by ``hue`` as a heat map, one column per value (the means in the cells).

    Takes the long frame of :meth:`framing.topics.model.TopicModel.document_topics`;
    ``hue=None`` takes its one metadata column of labels (an error asks for
    ``hue=`` when it has several, see :func:`framing.corpus.grouping.table_hue`);
    ``ax`` draws into an existing axes.

    Examples
    --------
    >>> dt = pd.DataFrame({"doc_id": ["a", "a", "b", "b"], "source": ["X", "X", "Y", "Y"],
    ...                    "topic": [1, 2, 1, 2], "label": ["T1", "T2"] * 2,
    ...                    "proportion": [.9, .1, .2, .8]})
    >>> plot_topic_shares(dt).axes[0].get_title()
    'mean topic proportion by source'
    """
    hue = table_hue(doc_topics, hue, known=["label", "text"], what="the document-topic frame")
    if hue is None:
        doc_topics = doc_topics.assign(documents="all documents")
        hue = "documents"
    table = doc_topics.pivot_table(
        index="label" if "label" in doc_topics.columns else "topic",
        columns=hue,
        values="proportion",
        aggfunc="mean",
        observed=True,
    )
    if ax is None:
        fig, ax = plt.subplots(figsize=(2.8 + 0.8 * table.shape[1], 1.0 + 0.34 * table.shape[0]))
    fig = ax.figure
    values = table.to_numpy()
    im = ax.imshow(values, aspect="auto", cmap="Blues", vmin=0)
    ax.set_xticks(range(table.shape[1]))
    ax.set_xticklabels(
        [str(c) for c in table.columns],
        rotation=45 if table.shape[1] > 6 else 0,
        ha="right" if table.shape[1] > 6 else "center",
        fontsize=TICK_SIZE,
    )
    ax.set_yticks(range(table.shape[0]))
    ax.set_yticklabels([str(i).replace("_", " ") for i in table.index], fontsize=TICK_SIZE)
    if annotate:
        high = np.nanmax(values) if values.size else 0
        for (i, j), v in np.ndenumerate(values):
            if np.isfinite(v):
                ax.text(
                    j,
                    i,
                    f"{v:.2f}",
                    ha="center",
                    va="center",
                    fontsize=TICK_SIZE - 1,
                    color="white" if v > 0.6 * high else "black",
                )
    ax.set_title(f"mean topic proportion by {hue}", fontsize=LABEL_SIZE)
    cbar = fig.colorbar(im, ax=ax, fraction=0.04)
    cbar.ax.tick_params(labelsize=TICK_SIZE)
    fig.tight_layout()
    return fig
