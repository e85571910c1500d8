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

import matplotlib

matplotlib.use("Agg", force=False)
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

__all__ = ["plot_top_terms", "plot_prevalence", "plot_select_k", "plot_topic_shares"]

_SELECT_K_PANELS = (
    ("c_npmi", "coherence (c_npmi)"),
    ("u_mass", "coherence (u_mass)"),
    ("exclusivity", "exclusivity (FREX)"),
    ("heldout_loglik", "held-out log-likelihood per token"),
)


def _grid(n: int, ncols: int, width: float = 3.2, height: float = 2.6):
    ncols = max(1, min(ncols, n))
    nrows = math.ceil(n / ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(width * ncols, height * nrows), squeeze=False)
    flat = axes.ravel()
    for ax in flat[n:]:
        ax.set_visible(False)
    return fig, flat[:n]


def plot_select_k(frame: pd.DataFrame):
    """Coherence, exclusivity and held-out fit against the number of topics.

    Takes the frame of :func:`framing.topics.select_k`; panels for columns it
    lacks are left out.
    """
    panels = [(c, t) for c, t in _SELECT_K_PANELS if c in frame.columns]
    if not panels:
        raise ValueError(f"no measure columns in the frame; expected some of {[c for c, _ in _SELECT_K_PANELS]}")
    fig, axes = _grid(len(panels), 4, width=3.0, height=2.6)
    frame = frame.sort_values("k")
    for ax, (col, title) in zip(axes, panels, strict=True):
        ax.plot(frame["k"], frame[col], marker="o", color="#1f4e79")
        ax.set_title(title, fontsize=9)
        ax.set_xlabel("number of topics K")
        ax.grid(alpha=0.3)
    fig.tight_layout()
    return fig


def _panel_title(label, width: int = 34) -> str:
    """A topic label on at most two lines of ``width`` characters (cut with an ellipsis)."""
    import textwrap

    lines = textwrap.wrap(str(label).replace("_", " "), width) or [""]
    if len(lines) > 2:
        lines = [lines[0], textwrap.shorten(" ".join(lines[1:]), width, placeholder=" ...")]
    return "\n".join(lines)


def plot_top_terms(top_terms: pd.DataFrame, n: int = 10, value: str = "weight", ncols: int = 4,
                   topics=None):
    """Bar charts of each topic's top terms.

    Takes the frame of :meth:`framing.topics.TopicModel.top_terms`;
    ``value`` is the bar length (``"weight"`` or ``"frex"``).

    Examples
    --------
    >>> tt = pd.DataFrame({"topic": [1, 1, 2, 2], "label": ["T1 a, b"] * 2 + ["T2 c, d"] * 2,
    ...                    "rank": [1, 2, 1, 2], "term": list("abcd"), "weight": [.5, .3, .6, .2]})
    >>> len(plot_top_terms(tt).axes)
    2
    """
    tt = top_terms if topics is None else top_terms[top_terms["topic"].isin(list(topics))]
    groups = list(tt.groupby("topic", sort=True))
    if not groups:
        raise ValueError("no topics to plot")
    fig, axes = _grid(len(groups), ncols, width=3.0, height=0.25 * n + 0.9)
    for ax, (topic, g) in zip(axes, groups, strict=True):
        g = g.sort_values("rank").head(n)
        ax.barh(np.arange(len(g))[::-1], g[value], color="#4a7ab5")
        ax.set_yticks(np.arange(len(g))[::-1])
        ax.set_yticklabels(g["term"], fontsize=8)
        title = g["label"].iloc[0] if "label" in g.columns else f"topic {topic}"
        ax.set_title(str(title).split(" ")[0], fontsize=9)
        ax.tick_params(axis="x", labelsize=7)
    fig.tight_layout()
    return fig


def plot_prevalence(pred: pd.DataFrame, x: str = "year", group: str | None = "source", topics=None,
                    ncols: int = 4, sharey: bool = False):
    """Expected topic prevalence along ``x``, one line and band per ``group``.

    Takes the frame of :meth:`framing.topics.TopicEffects.predict` (columns
    ``topic``, ``label``, ``x``, ``group``, ``estimate``, ``lower``,
    ``upper``); one panel per topic.

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
    frame = pred if topics is None else pred[pred["topic"].isin(list(topics))]
    groups = list(frame.groupby("topic", sort=True))
    if not groups:
        raise ValueError("no topics to plot")
    fig, axes = _grid(len(groups), ncols, width=3.4, height=2.7)
    levels = sorted(frame[group].astype(str).unique()) if group else [None]
    colors = plt.get_cmap("tab10")
    for ax, (topic, g) in zip(axes, groups, strict=True):
        for i, level in enumerate(levels):
            sub = g if level is None else g[g[group].astype(str) == level]
            sub = sub.sort_values(x)
            color = colors(i % 10)
            ax.plot(sub[x], sub["estimate"], color=color, label=level, lw=1.5)
            ax.fill_between(sub[x], sub["lower"], sub["upper"], color=color, alpha=0.18, lw=0)
        title = g["label"].iloc[0] if "label" in g.columns else f"topic {topic}"
        ax.set_title(_panel_title(title), fontsize=8)
        ax.tick_params(labelsize=7)
        ax.grid(alpha=0.3)
        ax.set_ylim(max(0.0, ax.get_ylim()[0]), min(1.0, ax.get_ylim()[1]))
        if pd.api.types.is_numeric_dtype(g[x]):
            from matplotlib.ticker import MaxNLocator

            ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    if sharey:
        top = max(ax.get_ylim()[1] for ax in axes)
        for ax in axes:
            ax.set_ylim(min(0, ax.get_ylim()[0]), top)
    if group:
        axes[0].legend(fontsize=7, title=group, title_fontsize=7)
    fig.supylabel("expected topic proportion", fontsize=9)
    fig.tight_layout()
    return fig


def plot_topic_shares(doc_topics: pd.DataFrame, by: str = "source", ncols: int = 1):
    """Mean topic proportion by ``by`` as a heat map.

    Takes the long frame of :meth:`framing.topics.TopicModel.document_topics`.

    Examples
    --------
    >>> dt = pd.DataFrame({"doc_id": ["a", "a", "b", "b"], "source": ["X", "X", "Y", "Y"],
    ...                    "topic": [1, 2, 1, 2], "label": ["T1", "T2"] * 2,
    ...                    "proportion": [.9, .1, .2, .8]})
    >>> plot_topic_shares(dt).axes[0].get_title()
    'mean topic proportion by source'
    """
    table = doc_topics.pivot_table(index="label" if "label" in doc_topics.columns else "topic",
                                   columns=by, values="proportion", aggfunc="mean", observed=True)
    fig, ax = plt.subplots(figsize=(1.0 + 0.8 * table.shape[1], 0.9 + 0.32 * table.shape[0]))
    im = ax.imshow(table.to_numpy(), aspect="auto", cmap="Blues")
    ax.set_xticks(range(table.shape[1]))
    ax.set_xticklabels([str(c) for c in table.columns], rotation=45, ha="right", fontsize=8)
    ax.set_yticks(range(table.shape[0]))
    ax.set_yticklabels([str(i) for i in table.index], fontsize=8)
    ax.set_title(f"mean topic proportion by {by}", fontsize=9)
    fig.colorbar(im, ax=ax, fraction=0.04)
    fig.tight_layout()
    return fig
