"""Plots for slogan and phrase statistics; each returns a matplotlib Figure.

The functions take the tidy frames of :mod:`framing.slogans.stats` and
:mod:`framing.lexicon.matcher` and work with the ``Agg`` backend.

Examples
--------
>>> import pandas as pd
>>> from framing.slogans.stats import rates
>>> counts = pd.DataFrame({"doc_id": ["a", "c"], "entry": "x", "n": [2, 1]})
>>> docs = pd.DataFrame({"doc_id": list("abcd"), "tokens": 1000,
...                      "source": ["CHN", "USA", "CHN", "USA"], "year": [2014, 2014, 2015, 2015]})
>>> fig = plot_rate_trend(rates(counts, docs, by=["source", "year"]))
>>> len(fig.axes[0].lines)
2
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from framing._util import renamed_arguments
from framing.corpus.grouping import table_hue
from framing.errors import MissingColumnError

__all__ = ["plot_rate_trend", "plot_variant_shares", "plot_dispersion"]


def _figure(ax, figsize):
    import matplotlib.pyplot as plt

    if ax is None:
        fig, ax = plt.subplots(figsize=figsize)
    else:
        fig = ax.figure
    return fig, ax


def _integer_ticks(ax, values: pd.Series) -> None:
    """Whole-number ticks when the axis shows years or other integers."""
    if pd.api.types.is_integer_dtype(values):
        from matplotlib.ticker import MaxNLocator

        ax.xaxis.set_major_locator(MaxNLocator(integer=True))


def _one_entry(frame: pd.DataFrame, entry: str | None, what: str) -> tuple[pd.DataFrame, str]:
    if "entry" not in frame.columns:
        raise ValueError(f"{what} frame lacks the column 'entry'")
    entries = list(pd.unique(frame["entry"]))
    if entry is None:
        if len(entries) != 1:
            raise ValueError(f"{what} frame holds {len(entries)} entries {entries[:5]}; pass entry=")
        entry = entries[0]
    elif entry not in entries:
        raise ValueError(f"entry {entry!r} is not in the {what} frame (it has {entries[:5]})")
    return frame[frame["entry"] == entry], entry


@renamed_arguments(group="hue", groups="hue_order")
def plot_rate_trend(
    rates: pd.DataFrame,
    entry: str | None = None,
    x: str = "year",
    hue: str | None = None,
    hue_order: Sequence | None = None,
    band: bool = True,
    ax=None,
    title: str | None = None,
    figsize=(8, 4.5),
    log: bool = False,
):
    """Rate per 10,000 tokens over ``x``, one line per group, interval bands.

    Parameters
    ----------
    rates : DataFrame
        Output of :func:`framing.slogans.stats.rates` grouped by ``x`` (and
        ``hue``).
    entry : str, optional
        Entry to plot; required when the frame holds several.
    x : str, default "year"
        Column on the horizontal axis.
    hue : str or None, default None
        One line per value of this column (formerly ``group=``). ``None``:
        the table's own group column when it was grouped by one besides
        ``x`` (see :func:`framing.corpus.grouping.table_hue`), else a single
        line.
    hue_order : sequence, optional
        Plot only these values of ``hue``, in this order (formerly ``groups=``).
    band : bool, default True
        Shade the confidence interval (``ci_low`` to ``ci_high``).
    ax : matplotlib Axes, optional
    title : str, optional
    log : bool, default False
        Symmetric-log vertical axis: linear below the smallest non-zero
        rate, logarithmic above, so that zeros and rates orders of magnitude
        apart are all visible.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import pandas as pd
    >>> from framing import rates
    >>> counts = pd.DataFrame({"doc_id": ["a", "c", "d"], "entry": "csf", "n": [2, 1, 3]})
    >>> docs = pd.DataFrame({"doc_id": list("abcd"), "tokens": 1000,
    ...                      "source": ["CHN", "USA", "CHN", "USA"], "year": [2014, 2014, 2015, 2015]})
    >>> fig = plot_rate_trend(rates(counts, docs, by=["source", "year"]), title="csf")
    >>> ax = fig.axes[0]
    >>> ax.get_title(), [line.get_label() for line in ax.lines]
    ('csf', ['CHN', 'USA'])
    >>> ax.get_ylabel()
    'occurrences per 10,000 tokens'
    """
    needed = [x, "rate_per_10k", "ci_low", "ci_high"]
    missing = [c for c in needed if c not in rates.columns]
    if missing:
        raise MissingColumnError(f"the rates table lacks the column(s) {missing}")
    hue = table_hue(rates, hue, x=x, known=["entry", "variant", "note"], what="the rates table")
    data, entry = _one_entry(rates, entry, "rates")
    fig, ax = _figure(ax, figsize)
    if hue:
        keys = list(hue_order) if hue_order is not None else sorted(pd.unique(data[hue].dropna()))
        parts = [(k, data[data[hue] == k]) for k in keys]
    else:
        parts = [(entry, data)]
    for key, sub in parts:
        sub = sub.sort_values(x)
        xs = sub[x].to_numpy()
        (line,) = ax.plot(xs, sub["rate_per_10k"].to_numpy(dtype=float), marker="o", ms=3, label=str(key))
        if band:
            ax.fill_between(
                xs,
                sub["ci_low"].to_numpy(dtype=float),
                sub["ci_high"].to_numpy(dtype=float),
                color=line.get_color(),
                alpha=0.2,
                linewidth=0,
            )
    _integer_ticks(ax, data[x])
    ax.set_xlabel(x)
    ax.set_ylabel("occurrences per 10,000 tokens")
    ax.set_title(title or f"{entry}: rate per 10,000 tokens" + (" (95% CI)" if band else ""))
    ax.set_ylim(bottom=0)
    if log:
        positive = data["rate_per_10k"].to_numpy(dtype=float)
        positive = positive[positive > 0]
        floor = float(10 ** np.floor(np.log10(positive.min()))) if len(positive) else 1.0
        ax.set_yscale("symlog", linthresh=floor)
        ax.set_ylabel(f"occurrences per 10,000 tokens (log scale above {floor:g})")
    if len(parts) > 1:
        ax.legend(frameon=False, fontsize="small")
    fig.tight_layout()
    return fig


def plot_variant_shares(
    shares: pd.DataFrame,
    entry: str | None = None,
    x: str = "year",
    ax=None,
    title: str | None = None,
    figsize=(8, 4.5),
    intervals: bool = False,
):
    """Share of each variant of an entry over ``x``: stacked area, or points with intervals.

    Parameters
    ----------
    shares : DataFrame
        Output of :func:`framing.slogans.stats.variant_shares` grouped by
        ``x`` only.
    entry : str, optional
        Entry to plot; required when the frame holds several.
    x : str, default "year"
    ax : matplotlib Axes, optional
    title : str, optional
    intervals : bool, default False
        Draw each variant's share as a point with its Wilson interval
        (``ci_low``, ``ci_high``) instead of a stacked area, and print the
        number of occurrences ``n`` of each ``x`` above the panel, so that a
        share of 100% resting on one occurrence reads as such.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import pandas as pd
    >>> from framing.slogans.stats import variant_shares
    >>> c = pd.DataFrame({"entry": "csf", "variant": ["destiny", "future", "future"],
    ...                   "year": [2013, 2015, 2016], "n": [1, 3, 1]})
    >>> fig = plot_variant_shares(variant_shares(c, by="year"))
    >>> len(fig.axes[0].collections)
    2
    """
    for col in (x, "variant", "share"):
        if col not in shares.columns:
            raise ValueError(f"shares frame lacks the column {col!r}")
    data, entry = _one_entry(shares, entry, "shares")
    if intervals:
        return _variant_points(data, entry, x, ax, title, figsize)
    wide = data.pivot_table(index=x, columns="variant", values="share", aggfunc="sum").sort_index()
    integer_x = pd.api.types.is_integer_dtype(data[x])
    if integer_x and len(wide):
        # years without any occurrence stay visible as a gap (all shares 0)
        wide = wide.reindex(range(int(wide.index.min()), int(wide.index.max()) + 1))
    wide = wide.fillna(0.0)
    # the most used variant at the bottom
    order = (
        data.groupby("variant")["n"].sum().sort_values(ascending=False).index if "n" in data else wide.columns
    )
    wide = wide[list(order)]
    fig, ax = _figure(ax, figsize)
    xs = wide.index.to_numpy()
    ys = [wide[c].to_numpy() for c in wide.columns]
    if integer_x and len(xs):
        # one block per year, from year - 0.5 to year + 0.5
        xs = np.r_[xs - 0.5, xs[-1] + 0.5]
        ys = [np.r_[y, y[-1]] for y in ys]
    ax.stackplot(
        xs, *ys, labels=[str(c) for c in wide.columns], alpha=0.85, step="post" if integer_x else None
    )
    _integer_ticks(ax, data[x])
    ax.set_ylim(0, 1)
    ax.set_xlabel(x)
    ax.set_ylabel("share of occurrences")
    ax.set_title(title or f"{entry}: variants (years with at least one occurrence)")
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False, fontsize="small")
    fig.tight_layout()
    return fig


def _variant_points(data, entry, x, ax, title, figsize):
    for col in ("ci_low", "ci_high", "n"):
        if col not in data.columns:
            raise ValueError(f"shares frame lacks the column {col!r} needed for intervals=True")
    fig, ax = _figure(ax, figsize)
    variants = list(data.groupby("variant")["n"].sum().sort_values(ascending=False).index)
    positions = sorted(pd.unique(data[x]))
    index = {v: i for i, v in enumerate(positions)}
    width = 0.6 / max(len(variants), 1)
    for k, variant in enumerate(variants):
        sub = data[data["variant"] == variant].sort_values(x)
        xs = np.array([index[v] for v in sub[x]], dtype=float) + (k - (len(variants) - 1) / 2) * width
        share = sub["share"].to_numpy(dtype=float)
        err = np.vstack(
            [share - sub["ci_low"].to_numpy(dtype=float), sub["ci_high"].to_numpy(dtype=float) - share]
        )
        ax.errorbar(xs, share, yerr=np.clip(err, 0, None), fmt="o", ms=4, capsize=2, label=str(variant))
    totals = data.groupby(x)["n"].sum()
    for value, i in index.items():
        ax.annotate(
            f"n={int(totals.get(value, 0))}",
            (i, 1.04),
            xytext=(0, 2),
            textcoords="offset points",
            ha="center",
            va="bottom",
            fontsize="x-small",
        )
    ax.set_xticks(
        range(len(positions)), [str(p) for p in positions], rotation=45 if len(positions) > 8 else 0
    )
    ax.set_xlim(-0.6, len(positions) - 0.4)
    ax.set_ylim(-0.04, 1.04)
    ax.set_xlabel(x)
    ax.set_ylabel("share of occurrences (95% Wilson interval)")
    ax.set_title(title or f"{entry}: variants", pad=16)
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False, fontsize="small")
    fig.tight_layout()
    return fig


def plot_dispersion(
    matches: pd.DataFrame,
    doc_tokens: pd.DataFrame,
    entries: Sequence[str] | None = None,
    order: str | Sequence[str] | None = None,
    boundaries: str | None = None,
    ax=None,
    title: str | None = None,
    figsize=(9, None),
):
    """Lexical dispersion (barcode) plot of entries over the running text.

    The documents of ``doc_tokens`` are laid end to end (in their order, or
    sorted by ``order``); each occurrence is drawn as a vertical tick at its
    token position, one row per entry.

    Parameters
    ----------
    matches : DataFrame
        Occurrences with ``doc_id``, ``entry`` and ``token_start`` (the index
        of the first token of the match within its document).
    doc_tokens : DataFrame
        ``doc_id`` and ``tokens`` of every document, defining the length of
        the running text.
    entries : sequence of str, optional
        Rows to draw, top to bottom; default the entries of ``matches`` by
        frequency.
    order : str or list of str, optional
        Sort the documents by these columns of ``doc_tokens`` first.
    boundaries : str, optional
        A column of ``doc_tokens`` (e.g. ``"year"``): draw a line and a label
        where its value changes.
    ax : matplotlib Axes, optional
    title : str, optional

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import pandas as pd
    >>> docs = pd.DataFrame({"doc_id": ["a", "b"], "tokens": [100, 50]})
    >>> m = pd.DataFrame({"doc_id": ["a", "b"], "entry": "x", "token_start": [10, 5]})
    >>> fig = plot_dispersion(m, docs)
    >>> [float(v) for v in fig.axes[0].collections[0].get_segments()[1][:, 0]]
    [105.0, 105.0]
    """
    for col in ("doc_id", "entry", "token_start"):
        if col not in matches.columns:
            raise ValueError(f"matches frame lacks the column {col!r}")
    for col in ("doc_id", "tokens"):
        if col not in doc_tokens.columns:
            raise ValueError(f"doc_tokens frame lacks the column {col!r}")
    docs = doc_tokens
    if order is not None:
        docs = docs.sort_values(order, kind="stable")
    docs = docs.reset_index(drop=True)
    offsets = pd.Series(
        np.concatenate([[0], np.cumsum(docs["tokens"].to_numpy(dtype="int64"))[:-1]]),
        index=docs["doc_id"].astype(str),
    )
    total = int(docs["tokens"].sum())
    m = matches.copy()
    m["doc_id"] = m["doc_id"].astype(str)
    unknown = set(m["doc_id"]) - set(offsets.index)
    if unknown:
        raise ValueError(f"matches name documents missing from doc_tokens, e.g. {sorted(unknown)[:3]}")
    if entries is None:
        entries = list(m["entry"].value_counts().index)
    else:
        entries = list(entries)
    m = m[m["entry"].isin(entries)]
    pos = offsets.loc[m["doc_id"]].to_numpy() + m["token_start"].to_numpy(dtype="int64")

    height = figsize[1] if figsize[1] is not None else 1.4 + 0.45 * max(1, len(entries))
    fig, ax = _figure(ax, (figsize[0], height))
    from matplotlib.collections import LineCollection

    rows = {e: i for i, e in enumerate(entries)}
    y = m["entry"].map(rows).to_numpy()
    segs = [[(p, r - 0.4), (p, r + 0.4)] for p, r in zip(pos, y, strict=True)]
    ax.add_collection(LineCollection(segs, colors="black", linewidths=0.6))
    if boundaries is not None:
        if boundaries not in docs.columns:
            raise ValueError(f"doc_tokens lacks the boundaries column {boundaries!r}")
        values = docs[boundaries].astype(str).to_numpy()
        starts = offsets.to_numpy()
        change = np.r_[True, values[1:] != values[:-1]]
        top = ax.get_xaxis_transform()  # x in data units, y in axes units
        for s, v in zip(starts[change], values[change], strict=True):
            ax.axvline(s, color="0.7", linewidth=0.5, zorder=0)
            ax.text(
                s,
                1.02,
                v,
                transform=top,
                fontsize="x-small",
                rotation=90,
                va="bottom",
                ha="left",
                color="0.4",
            )
    ax.set_xlim(0, max(total, 1))
    ax.set_ylim(len(entries) - 0.5, -0.5)
    ax.set_yticks(range(len(entries)))
    ax.set_yticklabels(entries)
    ax.set_xlabel("token position in the running text")
    ax.set_title(title or "lexical dispersion", pad=24 if boundaries else 6)
    fig.tight_layout()
    return fig
