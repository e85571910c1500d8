"""Plots of keyness results: bar charts of key terms and Fightin' Words scatters.

Both functions take the frame returned by :func:`framing.compare.keyness` and
return a matplotlib :class:`~matplotlib.figure.Figure`; they work with the
non-interactive ``Agg`` backend.

Examples
--------
>>> import pandas as pd
>>> from framing.compare.keyness import keyness
>>> table = pd.DataFrame({"A": [30, 10, 5, 955], "B": [10, 10, 25, 955]},
...                      index=["peace", "war", "trade", "other"])
>>> k = keyness(table, target="A")
>>> fig = plot_keyness(k, n=2)
>>> [t.get_text() for t in fig.axes[0].get_yticklabels()]
['trade', 'peace']
>>> fig = plot_fightin_words(k, n_labels=1)
>>> fig.axes[0].get_ylabel()
"Fightin' Words z (A vs rest)"
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from framing._util import renamed_arguments
from framing.compare.keyness import KEYNESS_METHODS, CompareError

__all__ = ["plot_keyness", "plot_fightin_words"]

_LABELS = {
    "G2": "signed log-likelihood G2",
    "log_ratio": "log ratio (log2)",
    "lrc": "conservative log ratio (log2)",
    "pct_diff": "%DIFF",
    "z": "Fightin' Words z",
    "delta": "Fightin' Words log-odds ratio",
}
_OVER = "#b2182b"
_UNDER = "#2166ac"
_NEUTRAL = "#bbbbbb"


def _comparisons(frame: pd.DataFrame, groups) -> list[tuple]:
    need = {"group", "reference", "term"}
    if not need <= set(frame.columns):
        raise CompareError(f"expected a keyness frame with columns {sorted(need)}")
    pairs = list(dict.fromkeys(zip(frame["group"], frame["reference"], strict=True)))
    if groups is not None:
        wanted = [groups] if isinstance(groups, str) or not hasattr(groups, "__iter__") else groups
        wanted_s = {str(g) for g in wanted}
        pairs = [p for p in pairs if str(p[0]) in wanted_s]
        if not pairs:
            have = sorted({str(g) for g in frame["group"]})
            raise CompareError(f"no rows for groups {sorted(wanted_s)}; groups are {have}")
    return pairs


@renamed_arguments(groups="hue")
def plot_keyness(
    frame: pd.DataFrame,
    n: int = 15,
    method: str | None = None,
    hue=None,
    negative: bool = True,
    figsize: tuple[float, float] | None = None,
    ax=None,
):
    """Horizontal bars of the most key terms of each comparison.

    Parameters
    ----------
    frame : pandas.DataFrame
        Output of :func:`framing.compare.keyness`.
    n : int, default 15
        Number of terms shown on each side.
    method : str, optional
        Statistic on the x axis (default: the one the frame was sorted by,
        else ``G2``).
    hue : label or list of labels, optional
        Target groups whose comparisons are shown (default all; one panel
        each; formerly ``groups=``).
    negative : bool, default True
        Also show the ``n`` terms most under-represented in the target.
    figsize : tuple, optional
    ax : matplotlib Axes, optional
        Draw the one comparison shown into this Axes (its figure is returned).

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> from framing import Corpus, keyness
    >>> c = Corpus.from_texts(["war war peace", "trade trade peace"], source=["A", "B"])
    >>> fig = plot_keyness(keyness(c, by="source", target="A", min_count=1), n=2)
    >>> [a.get_title() for a in fig.axes]
    ['A vs rest']
    """
    from matplotlib.figure import Figure

    method = method or frame.attrs.get("method", "G2")
    if method not in KEYNESS_METHODS:
        raise CompareError(f"method must be one of {KEYNESS_METHODS}, not {method!r}")
    pairs = _comparisons(frame, hue)
    rows_per_panel = n * (2 if negative else 1)
    if figsize is None:
        figsize = (4.2 * len(pairs), max(2.5, 0.28 * rows_per_panel + 1.2))
    if ax is not None:
        if len(pairs) != 1:
            raise CompareError(
                f"ax= draws one comparison, and the frame holds {len(pairs)}: choose one with hue="
            )
        fig = ax.figure
        axes: Any = [[ax]]
    else:
        fig = Figure(figsize=figsize)
        axes = fig.subplots(1, len(pairs), squeeze=False)
    for ax, (g, ref) in zip(axes[0], pairs, strict=True):
        part = frame[(frame["group"] == g) & (frame["reference"] == ref)]
        values_all = part[method].to_numpy(dtype=float)
        infinite = part[np.isposinf(values_all)]
        part = part[np.isfinite(values_all)]
        ordered = part.sort_values([method, "term"], ascending=[False, True])
        if len(infinite):
            # Terms absent from the reference (%DIFF is infinite): drawn first,
            # as bars one step beyond the largest finite value, labelled "inf".
            cap = float(ordered[method].max()) * 1.1 if len(ordered) and ordered[method].max() > 0 else 1.0
            ordered = pd.concat(
                [
                    infinite.sort_values(["count_target", "term"], ascending=[False, True]).assign(
                        **{method: cap}, _inf=True
                    ),
                    ordered,
                ]
            )
        top = ordered[ordered[method] > 0].head(n)
        shown = top
        if negative:
            bottom = ordered[ordered[method] < 0].tail(n)
            shown = pd.concat([top, bottom])
        shown = shown.iloc[::-1]
        values = shown[method].to_numpy(dtype=float)
        colors = np.where(values >= 0, _OVER, _UNDER)
        bars = ax.barh(np.arange(len(shown)), values, color=colors)
        if "_inf" in shown.columns:
            for bar, flag in zip(bars, shown["_inf"].fillna(False).astype(bool), strict=True):
                if flag:
                    bar.set_hatch("//")
                    ax.annotate(
                        "inf",
                        (bar.get_width(), bar.get_y() + bar.get_height() / 2),
                        xytext=(2, 0),
                        textcoords="offset points",
                        va="center",
                        fontsize=7,
                    )
        ax.set_yticks(np.arange(len(shown)), labels=shown["term"].astype(str).tolist())
        ax.axvline(0, color="black", linewidth=0.6)
        ax.set_title(f"{g} vs {ref}")
        ax.set_xlabel(_LABELS[method])
        ax.tick_params(axis="y", labelsize=8)
    if fig.get_layout_engine() is None:
        fig.tight_layout()
    return fig


@renamed_arguments(group="hue")
def plot_fightin_words(
    frame: pd.DataFrame,
    hue=None,
    n_labels: int = 10,
    z: float = 1.96,
    figsize: tuple[float, float] = (7.0, 5.0),
    ax=None,
):
    """Fightin' Words scatter: frequency against the log-odds z-score.

    Every term is a point at its total frequency in target plus reference
    (log scale) and its z-score; points beyond ``+-z`` are coloured (red:
    more frequent in the target, blue: in the reference) and the ``n_labels``
    most extreme terms on each side are labelled (Monroe, Colaresi & Quinn
    2008, fig. 5).

    Labels are spread vertically so that they never overlap, each joined to
    its point by a thin line.

    Parameters
    ----------
    frame : pandas.DataFrame
        Output of :func:`framing.compare.keyness` (one comparison, or pick it
        with ``hue``).
    hue : label, optional
        The target group to plot when the frame holds several (formerly
        ``group=``).
    n_labels : int, default 10
    z : float, default 1.96
        Threshold for colouring.
    figsize : tuple
    ax : matplotlib Axes, optional
        Draw into this Axes instead of a new figure.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> from framing import Corpus, keyness
    >>> c = Corpus.from_texts(["war war peace security war", "trade trade peace development trade"],
    ...                       source=["A", "B"])
    >>> k = keyness(c, by="source", target="A", min_count=1)
    >>> fig = plot_fightin_words(k, n_labels=2)
    >>> fig.axes[0].get_ylabel()
    "Fightin' Words z (A vs rest)"
    >>> len(fig.axes[0].collections[0].get_offsets())  # one point per term
    5
    """
    import matplotlib.pyplot as plt

    pairs = _comparisons(frame, hue)
    if len(pairs) > 1:
        shown = ", ".join(f"{g} vs {r}" for g, r in pairs[:10])
        raise CompareError(f"the frame holds several comparisons ({shown}); choose one with hue=")
    g, ref = pairs[0]
    part = frame[(frame["group"] == g) & (frame["reference"] == ref)]
    freq = (part["count_target"] + part["count_reference"]).to_numpy(dtype=float)
    zs = part["z"].to_numpy(dtype=float)
    colors = np.where(zs >= z, _OVER, np.where(zs <= -z, _UNDER, _NEUTRAL))
    if ax is None:
        fig, ax = plt.subplots(figsize=figsize)
    else:
        fig = ax.figure
    ax.scatter(freq, zs, s=6, c=colors, alpha=0.7, linewidths=0)
    ax.set_xscale("log")
    ax.axhline(z, color="grey", linewidth=0.5, linestyle="--")
    ax.axhline(-z, color="grey", linewidth=0.5, linestyle="--")
    ax.set_xlabel("frequency in target and reference (log scale)")
    ax.set_ylabel(f"Fightin' Words z ({g} vs {ref})")
    order = np.argsort(-zs, kind="stable")
    picks = list(order[:n_labels]) + list(order[::-1][:n_labels])
    terms = part["term"].astype(str).to_numpy()
    picks = [i for i in dict.fromkeys(picks) if abs(zs[i]) >= z]
    span = (np.nanmax(zs) - np.nanmin(zs)) if len(zs) else 1.0
    gap = span / 38.0  # about one line of 7-point type on a 5-inch axis
    for sign in (1, -1):
        side = sorted((i for i in picks if np.sign(zs[i]) == sign), key=lambda i: -sign * zs[i])
        placed: list[float] = []
        for i in side:
            y = zs[i]
            if placed:
                y = min(y, placed[-1] - gap) if sign > 0 else max(y, placed[-1] + gap)
            placed.append(y)
            ax.annotate(
                terms[i],
                (freq[i], zs[i]),
                xytext=(freq[i] * 1.35, y),
                textcoords="data",
                fontsize=7,
                va="center",
                arrowprops={"arrowstyle": "-", "color": "0.6", "linewidth": 0.4},
            )
    ax.set_xlim(right=max(ax.get_xlim()[1], float(np.nanmax(freq)) * 4 if len(freq) else 10))
    fig.tight_layout()
    return fig
