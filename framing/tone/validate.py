"""Validate a tone measure against hand-coded labels.

No tone measure should be trusted in a new domain before it is compared with
human judgement of the same kind of text. :func:`validate` takes the scores
of a measure (VADER's compound, an LSS score, a dictionary count ...) and
labels coded by hand for the same units, and reports

* rank and linear agreement: Spearman's rho and Pearson's r between the
  scores and the ordered labels;
* classification agreement after cutting the scores into the label classes
  at ``cutoffs``: accuracy, macro-averaged F1 and the confusion table;
* percentile bootstrap intervals for every figure (units resampled with
  replacement, cut-offs held fixed).

Examples
--------
>>> from framing.tone.validate import validate
>>> v = validate([-0.8, -0.1, 0.0, 0.4, 0.9, -0.5], [-1, 0, 0, 1, 1, -1],
...              cutoffs=[-0.3, 0.3], n_boot=200)
>>> v.metrics.loc[["accuracy", "macro_f1"], "estimate"].tolist()
[1.0, 1.0]
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from framing._util import renamed_arguments
from framing.errors import FramingError

__all__ = ["Validation", "validate"]

_WORD_ORDER = {"negative": -1, "neg": -1, "neutral": 0, "neu": 0, "positive": 1, "pos": 1}


@dataclass
class Validation:
    """What :func:`validate` returns.

    Attributes
    ----------
    metrics : pandas.DataFrame
        Index ``spearman``, ``pearson``, ``accuracy``, ``macro_f1``; columns
        ``estimate``, ``ci_low``, ``ci_high``.
    confusion : pandas.DataFrame
        Counts: rows are the labels (``label``), columns the classes the
        cut scores fall into (``predicted``), in the order of ``classes``.
    classes : list
        The label classes, lowest first.
    cutoffs : list of float
        Score cut-offs between consecutive classes (a score equal to a
        cut-off goes to the upper class).
    predicted : pandas.Series
        The class of each unit after cutting.
    n : int
        Units compared.

    Examples
    --------
    >>> v = validate([-0.8, -0.1, 0.35, 0.4, 0.9, -0.5],
    ...              ["negative", "neutral", "neutral", "positive", "positive", "negative"],
    ...              cutoffs=[-0.3, 0.3], n_boot=200, random_state=0)
    >>> v.n, v.classes
    (6, ['negative', 'neutral', 'positive'])
    >>> v.confusion
    predicted  negative  neutral  positive
    label
    negative          2        0         0
    neutral           0        1         1
    positive          0        0         2
    >>> round(float(v.metrics.loc["accuracy", "estimate"]), 3)
    0.833
    """

    metrics: pd.DataFrame
    confusion: pd.DataFrame
    classes: list
    cutoffs: list
    predicted: pd.Series
    n: int
    settings: dict = field(default_factory=dict)

    def __repr__(self) -> str:
        cut = ", ".join(f"{c:.4g}" for c in self.cutoffs)
        return (
            f"Validation of {self.n} units, classes {self.classes}, cut-offs [{cut}]\n"
            f"{self.metrics.round(3).to_string()}\n\nconfusion (rows: labels):\n"
            f"{self.confusion.to_string()}"
        )


def _classes(labels: pd.Series, order):
    if order is not None:
        order = list(order)
        unknown = sorted(set(labels.dropna()) - set(order), key=str)
        if unknown:
            raise FramingError(f"labels {unknown} are not in order={order}")
        return order
    values = list(pd.unique(labels.dropna()))
    if all(isinstance(v, str) for v in values):
        low = {str(v).lower() for v in values}
        if low <= set(_WORD_ORDER):
            return sorted(values, key=lambda v: _WORD_ORDER[str(v).lower()])
        raise FramingError(f"labels {sorted(values)} have no natural order; pass order=[low, ..., high]")
    try:
        return sorted(values)
    except TypeError:
        raise FramingError(
            "labels must be numbers, negative/neutral/positive, or given an order=[...]"
        ) from None


def _cut(scores: np.ndarray, cutoffs: np.ndarray) -> np.ndarray:
    """Class positions 0..len(cutoffs): a score equal to a cut-off goes up."""
    return np.searchsorted(cutoffs, scores, side="right")


def _proportional_cutoffs(scores, codes, n_classes):
    """Cut-offs that give each class the share it has among the labels."""
    shares = np.bincount(codes, minlength=n_classes) / len(codes)
    qs = np.cumsum(shares)[:-1]
    return np.quantile(scores, qs).tolist()


def _pearson(x, y) -> float:
    x = x - x.mean()
    y = y - y.mean()
    den = math.sqrt(float(x @ x) * float(y @ y))
    return float(x @ y) / den if den > 0 else math.nan


def _metrics(scores, codes, pred, n_classes):
    """Spearman, Pearson, accuracy and macro-F1 (F1 of a class with no true or
    predicted unit counts 0, as scikit-learn's ``zero_division=0``)."""
    from scipy.stats import rankdata

    rho = _pearson(rankdata(scores), rankdata(codes))
    r = _pearson(scores, codes.astype(float))
    acc = float(np.mean(codes == pred))
    table = np.bincount(codes * n_classes + pred, minlength=n_classes * n_classes)
    table = table.reshape(n_classes, n_classes)
    tp = np.diag(table).astype(float)
    den = table.sum(axis=0) + table.sum(axis=1)  # 2 tp + fp + fn
    f1 = np.divide(2 * tp, den, out=np.zeros(n_classes), where=den > 0)
    return rho, r, acc, float(f1.mean())


@renamed_arguments(conf="conf_level")
def validate(
    scores,
    labels,
    cutoffs: Sequence[float] | str | None = None,
    *,
    order=None,
    n_boot: int = 1000,
    conf_level: float = 0.95,
    random_state: int | None = 0,
) -> Validation:
    """Agreement of a tone measure with hand-coded labels.

    Parameters
    ----------
    scores : array-like of float
        The measure, one value per unit (higher = more positive).
    labels : array-like
        Hand-coded labels of the same units: ordered numbers (-1/0/1, a 1-5
        scale ...), the words negative/neutral/positive, or any labels with
        ``order``. Units whose score or label is missing are left out (the
        count is in ``settings["dropped"]``).
    cutoffs : list of float, "proportional" or None
        Score thresholds between consecutive classes, lowest first, one
        fewer than the classes. ``"proportional"`` (the default when None)
        places them at the quantiles of the scores that give each class the
        share it has among the labels: an agreement in ranking, since it
        uses the label distribution; pass fixed cut-offs (e.g. VADER's
        -0.05/0.05) to measure the classifier as it would be used.
    order : list, optional
        The label classes from lowest to highest.
    n_boot : int, default 1000
        Bootstrap resamples (0: no intervals).
    conf_level : float, default 0.95
        Level of the percentile intervals.
    random_state : int, optional
        Seed of the bootstrap.

    Returns
    -------
    Validation
        ``metrics`` (Spearman, Pearson, accuracy, macro-F1 with intervals),
        ``confusion``, ``classes``, ``cutoffs``, ``predicted``, ``n``.

    Raises
    ------
    framing.FramingError
        For lengths that differ, fewer than two classes or units, cut-offs
        of the wrong number or order.

    Examples
    --------
    >>> v = validate([0.2, 0.6, 0.4, 0.9], ["negative", "positive", "negative", "positive"],
    ...              cutoffs=[0.5], n_boot=0)
    >>> v.confusion
    predicted  negative  positive
    label
    negative          2         0
    positive          0         2
    >>> round(float(v.metrics.loc["spearman", "estimate"]), 4)  # 4 / sqrt(20), by hand
    0.8944
    """
    s = pd.Series(
        np.asarray(scores, dtype=float) if not isinstance(scores, pd.Series) else scores.to_numpy(dtype=float)
    )
    lab = pd.Series(labels.to_numpy() if isinstance(labels, pd.Series) else list(labels), dtype=object)
    if len(s) != len(lab):
        raise FramingError(f"scores ({len(s)}) and labels ({len(lab)}) differ in length")
    if not 0 < conf_level < 1:
        raise FramingError(f"conf_level must be between 0 and 1, got {conf_level!r}")
    keep = s.notna().to_numpy() & lab.notna().to_numpy()
    dropped = int((~keep).sum())
    s, lab = s[keep].reset_index(drop=True), lab[keep].reset_index(drop=True)
    classes = _classes(lab, order)
    if len(classes) < 2:
        raise FramingError(f"need at least two label classes, got {classes}")
    if len(s) < 2:
        raise FramingError(f"need at least two units with a score and a label, got {len(s)}")
    code_of = {c: i for i, c in enumerate(classes)}
    codes = lab.map(code_of).to_numpy(dtype=np.int64)
    x = s.to_numpy(dtype=float)
    k = len(classes)
    if cutoffs is None or (isinstance(cutoffs, str) and cutoffs == "proportional"):
        cuts = _proportional_cutoffs(x, codes, k)
        how = "proportional"
    elif isinstance(cutoffs, str):
        raise FramingError(f"cutoffs must be a list of numbers or 'proportional', got {cutoffs!r}")
    else:
        cuts = [float(c) for c in cutoffs]
        how = "fixed"
        if len(cuts) != k - 1:
            raise FramingError(f"{k} classes {classes} need {k - 1} cut-off(s), got {len(cuts)}")
        if any(b < a for a, b in itertools.pairwise(cuts)):
            raise FramingError(f"cut-offs must be in increasing order, got {cuts}")
    cut_arr = np.asarray(cuts, dtype=float)
    pred = _cut(x, cut_arr)
    est = _metrics(x, codes, pred, k)
    lo = [math.nan] * 4
    hi = [math.nan] * 4
    if n_boot:
        rng = np.random.default_rng(random_state)
        n = len(x)
        boots = np.empty((n_boot, 4))
        for b in range(n_boot):
            i = rng.integers(0, n, size=n)
            boots[b] = _metrics(x[i], codes[i], pred[i], k)
        q = [(1 - conf_level) / 2, (1 + conf_level) / 2]
        with np.errstate(invalid="ignore"):
            qs = np.nanquantile(boots, q, axis=0)
        lo, hi = qs[0].tolist(), qs[1].tolist()
    metrics = pd.DataFrame(
        {"estimate": est, "ci_low": lo, "ci_high": hi},
        index=pd.Index(["spearman", "pearson", "accuracy", "macro_f1"], name="metric"),
    )
    table = np.zeros((k, k), dtype=np.int64)
    np.add.at(table, (codes, pred), 1)
    confusion = pd.DataFrame(
        table, index=pd.Index(classes, name="label"), columns=pd.Index(classes, name="predicted")
    )
    predicted = pd.Series([classes[p] for p in pred], name="predicted")
    return Validation(
        metrics=metrics,
        confusion=confusion,
        classes=list(classes),
        cutoffs=cuts,
        predicted=predicted,
        n=len(x),
        settings={
            "cutoffs": how,
            "n_boot": n_boot,
            "conf_level": conf_level,
            "random_state": random_state,
            "dropped": dropped,
        },
    )
