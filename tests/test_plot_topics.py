"""Topic figures: shared axes where panels compare, readable type, drawing into given axes."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from framing.topics.plots import plot_prevalence, plot_select_k, plot_top_terms, plot_topic_shares


def _pred():
    rows = []
    for topic, level in [(1, 0.05), (2, 0.4), (3, 0.1)]:
        for source in ["A", "B"]:
            for year in range(2000, 2005):
                est = level + (0.05 if source == "B" else 0)
                rows.append((topic, f"T{topic} x, y", year, source, est, est - 0.02, est + 0.03))
    return pd.DataFrame(rows, columns=["topic", "label", "year", "source", "estimate", "lower", "upper"])


def _tick_sizes(fig):
    return [
        t.get_fontsize()
        for a in fig.axes
        if a.get_visible()
        for t in a.get_xticklabels() + a.get_yticklabels()
        if t.get_text()
    ]


def test_prevalence_panels_share_y_from_zero_and_type_is_readable():
    fig = plot_prevalence(_pred(), ncols=2)
    visible = [a for a in fig.axes if a.get_visible()]
    limits = {a.get_ylim() for a in visible}
    assert len(limits) == 1
    low, high = limits.pop()
    assert low == 0 and 0.48 <= high <= 0.51  # the largest upper bound (0.48) is inside
    assert min(_tick_sizes(fig)) >= 9
    # the panel above the empty slot keeps its year labels
    assert any(t.get_text() for t in visible[1].get_xticklabels())
    plt.close(fig)


def test_prevalence_unshared_and_into_given_axes():
    fig = plot_prevalence(_pred(), sharey=False, ncols=3)
    tops = sorted(round(a.get_ylim()[1], 2) for a in fig.axes if a.get_visible())
    assert tops[0] < tops[-1]
    plt.close(fig)
    fig, axes = plt.subplots(1, 3)
    assert plot_prevalence(_pred(), ax=axes) is fig
    assert all(len(a.lines) == 2 for a in axes)
    with pytest.raises(ValueError, match="3 panels"):
        plot_prevalence(_pred(), ax=axes[:2])
    plt.close(fig)


def test_select_k_shows_every_run_and_their_mean():
    runs = pd.DataFrame(
        {
            "k": [6, 12, 30] * 3,
            "seed": np.repeat([0, 1, 2], 3),
            "c_npmi": [0.03, 0.04, 0.05, 0.02, 0.05, 0.04, 0.03, 0.03, 0.06],
            "heldout_loglik": [-7.7, -7.6, -7.5] * 3,
        }
    )
    fig = plot_select_k(runs, chosen=12)
    ax = fig.axes[0]
    mean_line = [line for line in ax.lines if line.get_label() == "mean of the runs"][0]
    assert mean_line.get_ydata().tolist() == pytest.approx([0.08 / 3, 0.12 / 3, 0.15 / 3])
    assert len(ax.lines) == 3 + 1 + 1  # three runs, their mean, the chosen K
    assert min(_tick_sizes(fig)) >= 9
    plt.close(fig)


def test_top_terms_share_the_value_axis_and_log_scale():
    tt = pd.DataFrame(
        {
            "topic": [1, 1, 2, 2],
            "label": ["T1 a, b"] * 2 + ["T2 c, d"] * 2,
            "rank": [1, 2, 1, 2],
            "term": ["a", "b_c", "c", "d"],
            "weight": [0.05, 0.002, 0.01, 0.004],
            "exclusivity": [1.0, 0.99, 0.97, 1.0],
        }
    )
    fig = plot_top_terms(tt, value="weight", logx=True, annotate="exclusivity")
    a, b = fig.axes
    assert a.get_xlim() == b.get_xlim() and a.get_xscale() == "log"
    assert [t.get_text() for t in a.get_yticklabels()] == ["a", "b c"]
    assert [t.get_text() for t in a.texts] == ["1.00", "0.99"]
    assert min(_tick_sizes(fig)) >= 9
    with pytest.raises(ValueError, match="frex"):
        plot_top_terms(tt.drop(columns="weight"), value="frex")
    plt.close(fig)


def test_topic_shares_prints_the_means():
    dt = pd.DataFrame(
        {
            "doc_id": ["a", "a", "b", "b", "c", "c"],
            "source": ["X", "X", "Y", "Y", "Y", "Y"],
            "topic": [1, 2] * 3,
            "label": ["T1", "T2"] * 3,
            "proportion": [0.9, 0.1, 0.2, 0.8, 0.4, 0.6],
        }
    )
    fig = plot_topic_shares(dt)
    texts = sorted(t.get_text() for t in fig.axes[0].texts)
    assert texts == ["0.10", "0.30", "0.70", "0.90"]  # Y: T1 (0.2 + 0.4) / 2, T2 (0.8 + 0.6) / 2
    plt.close(fig)
