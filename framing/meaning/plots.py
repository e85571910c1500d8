"""Figures of embedding regressions: coefficient norms and group neighbours."""

from __future__ import annotations

import numpy as np

from framing._util import renamed_arguments

__all__ = ["plot_neighbours", "plot_norms"]


def _axes(ax, figsize):
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots(figsize=figsize)
    return ax


def plot_norms(result, ax=None):
    """Norm of each coefficient with its bootstrap interval and permutation p-value.

    Parameters
    ----------
    result : EmbeddingRegression
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib Axes

    Examples
    --------
    >>> import framing
    >>> from matplotlib.figure import Figure
    >>> texts = ["peace and security for the nation"] * 20 + ["trade and markets for the nation"] * 20
    >>> c = framing.Corpus.from_texts(texts, source=["A"] * 20 + ["B"] * 20)
    >>> r = framing.embedding_regression(c, "nation", "~ source", window=3, n_boot=20, n_perm=20,
    ...                                  dim=4, min_count=2, cache=False)
    >>> ax = plot_norms(r, ax=Figure().subplots())
    >>> ax.get_title()
    "How the meaning of 'nation' shifts with source"
    >>> [t.get_text().split()[0] for t in ax.get_yticklabels()]
    ['source[B]']
    """
    norms = result.norms
    ax = _axes(ax, (6, 0.5 + 0.45 * len(norms)))
    y = np.arange(len(norms))[::-1]
    err = np.vstack([norms["norm"] - norms["low"], norms["high"] - norms["norm"]])
    ax.errorbar(
        norms["norm"],
        y,
        xerr=np.clip(np.where(np.isfinite(err), err, 0), 0, None),
        fmt="o",
        color="#1f4e79",
        capsize=3,
    )
    ax.set_yticks(y)
    ax.set_yticklabels([f"{t}  (p={p:.2g})" for t, p in zip(norms["term"], norms["p_value"], strict=True)])
    ax.set_xlabel("norm of the coefficient vector (bootstrap interval)")
    ax.set_title(f"How the meaning of {result.target!r} shifts with {result.formula}")
    ax.set_xlim(left=0)
    return ax


@renamed_arguments(groups="hue")
def plot_neighbours(result, ax=None, hue=None, n: int = 10):
    """Nearest words of each group's mean ALC embedding, cosine with interval.

    Parameters
    ----------
    result : EmbeddingRegression
    ax : matplotlib Axes, optional
        One axes for all groups (groups side by side as panels of text bars).
    hue : list of str, optional
        Groups to show, one panel each, in this order (default all; formerly
        ``groups=``).
    n : int, default 10
        Neighbours per group.

    Returns
    -------
    matplotlib Axes

    Examples
    --------
    >>> import framing
    >>> from matplotlib.figure import Figure
    >>> texts = ["peace and security for the nation"] * 20 + ["trade and markets for the nation"] * 20
    >>> c = framing.Corpus.from_texts(texts, source=["A"] * 20 + ["B"] * 20)
    >>> r = framing.embedding_regression(c, "nation", "~ source", window=3, n_boot=20, n_perm=20,
    ...                                  dim=4, min_count=2, cache=False)
    >>> ax = plot_neighbours(r, ax=Figure().subplots(), n=1)
    >>> ax.get_title()
    "Nearest words of 'nation' by source"
    >>> [t.get_text() for t in ax.texts]  # the nearest word, then the group's name
    ['peace', 'A', 'trade', 'B']
    """
    nb = result.neighbours
    groups = list(hue) if hue is not None else list(dict.fromkeys(nb["group"]))
    ax = _axes(ax, (2.6 * len(groups) + 0.5, 0.35 * n + 1.2))
    colors = ["#1f4e79", "#b5432a", "#3a7d44", "#7b4f9d", "#c28f00", "#555555"]
    for k, g in enumerate(groups):
        rows = nb[(nb["group"] == g) & (nb["rank"] <= n)]
        y = -rows["rank"].to_numpy()
        x0 = k * 1.2
        c = colors[k % len(colors)]
        ax.barh(y, rows["cosine"], left=x0, color=c, alpha=0.25, height=0.7)
        err = np.vstack([rows["cosine"] - rows["low"], rows["high"] - rows["cosine"]])
        ax.errorbar(
            x0 + rows["cosine"],
            y,
            xerr=np.clip(np.where(np.isfinite(err), err, 0), 0, None),
            fmt="none",
            ecolor=c,
            capsize=2,
            lw=1,
        )
        for yy, word in zip(y, rows["word"], strict=True):
            ax.text(x0 + 0.02, yy, word, va="center", fontsize=8)
        ax.text(x0, 0.2, str(g), fontweight="bold", fontsize=9)
    ax.set_yticks([])
    ax.set_xticks([])
    ax.set_xlim(-0.05, 1.2 * len(groups))
    ax.set_ylim(-n - 0.8, 1.0)
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    ax.set_xlabel("cosine with the group's mean ALC embedding (bar), bootstrap interval")
    ax.set_title(f"Nearest words of {result.target!r} by {result.formula}")
    return ax
