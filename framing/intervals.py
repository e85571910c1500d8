"""Confidence intervals, one definition each, used by every analysis.

- :func:`poisson_interval`: exact (Garwood 1936) limits for a Poisson count,
  from chi-square quantiles.
- :func:`wilson_interval`: Wilson (1927) score interval for a proportion.
- :func:`clopper_pearson`: exact (Clopper & Pearson 1934) binomial interval,
  from beta quantiles.
- :func:`mean_interval`: interval of a mean, Student's t (n - 1 degrees of
  freedom) or a percentile bootstrap (Efron & Tibshirani 1993, ch. 13).

Every function takes ``conf_level`` (strictly between 0 and 1) and works on
scalars or arrays.

Examples
--------
>>> from framing.intervals import poisson_interval, wilson_interval, clopper_pearson
>>> [round(float(x), 4) for x in poisson_interval(1)]
[0.0253, 5.5716]
>>> [round(float(x), 4) for x in wilson_interval(3, 10)]
[0.1078, 0.6032]
>>> [round(float(x), 4) for x in clopper_pearson(3, 10)]
[0.0667, 0.6525]
"""

from __future__ import annotations

import math

import numpy as np
from scipy import special, stats

from framing._util import renamed_arguments
from framing.errors import FramingError


def check_conf_level(conf_level: float, name: str = "conf_level") -> float:
    """``conf_level`` as a float strictly between 0 and 1, else a clear error."""
    try:
        value = float(conf_level)
    except (TypeError, ValueError):
        raise FramingError(f"{name} must be a number between 0 and 1, got {conf_level!r}") from None
    if not 0 < value < 1:
        raise FramingError(f"{name} must be strictly between 0 and 1, got {conf_level!r}")
    return value


@renamed_arguments(conf="conf_level")
def poisson_interval(n, conf_level: float = 0.95) -> tuple[np.ndarray, np.ndarray]:
    """Exact (Garwood) confidence limits for the mean of a Poisson count ``n``.

    ``low = chi2.ppf(alpha/2, 2n) / 2`` (0 when ``n`` is 0) and
    ``high = chi2.ppf(1 - alpha/2, 2n + 2) / 2``.

    Parameters
    ----------
    n : int or array of int
        Observed counts (non-negative).
    conf_level : float, default 0.95

    Returns
    -------
    (low, high) : arrays of float

    Examples
    --------
    >>> low, high = poisson_interval([0, 1, 10])
    >>> [round(float(x), 4) for x in low], [round(float(x), 4) for x in high]
    ([0.0, 0.0253, 4.7954], [3.6889, 5.5716, 18.3904])
    """
    conf_level = check_conf_level(conf_level)
    n = np.asarray(n, dtype=float)
    if np.any(n < 0) or np.any(~np.isfinite(n)):
        raise FramingError("counts must be finite and non-negative")
    alpha = 1.0 - conf_level
    with np.errstate(invalid="ignore"):
        low = np.where(n > 0, stats.chi2.ppf(alpha / 2, 2 * np.maximum(n, 1)) / 2, 0.0)
    high = stats.chi2.ppf(1 - alpha / 2, 2 * n + 2) / 2
    return low, high


def _proportion_args(k, n) -> tuple[np.ndarray, np.ndarray]:
    k = np.asarray(k, dtype=float)
    n = np.asarray(n, dtype=float)
    if np.any(k < 0) or np.any(k > n):
        raise FramingError("need 0 <= k <= n for a proportion")
    return k, n


@renamed_arguments(conf="conf_level")
def wilson_interval(k, n, conf_level: float = 0.95) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score interval for a proportion ``k / n``.

    Parameters
    ----------
    k, n : int or array of int
        Successes and trials (``0 <= k <= n``). Where ``n`` is 0 both limits
        are NaN (no trials, no proportion).
    conf_level : float, default 0.95

    Examples
    --------
    >>> low, high = wilson_interval(3, 10)
    >>> round(float(low), 4), round(float(high), 4)
    (0.1078, 0.6032)
    """
    conf_level = check_conf_level(conf_level)
    k, n = _proportion_args(k, n)
    z = stats.norm.ppf(1 - (1 - conf_level) / 2)
    with np.errstate(invalid="ignore", divide="ignore"):
        p = k / n
        denom = 1 + z**2 / n
        centre = (p + z**2 / (2 * n)) / denom
        half = z / denom * np.sqrt(p * (1 - p) / n + z**2 / (4 * n**2))
        low = np.clip(centre - half, 0.0, 1.0)
        high = np.clip(centre + half, 0.0, 1.0)
    return low, high


def clopper_pearson(k, n, conf_level: float = 0.95) -> tuple[np.ndarray, np.ndarray]:
    """Exact two-sided Clopper-Pearson interval of a binomial proportion ``k / n``.

    Examples
    --------
    >>> lo, hi = clopper_pearson(3, 10)
    >>> round(float(lo), 4), round(float(hi), 4)
    (0.0667, 0.6525)
    """
    conf_level = check_conf_level(conf_level)
    k, n = _proportion_args(k, n)
    tail = (1.0 - conf_level) / 2.0
    with np.errstate(invalid="ignore", divide="ignore"):
        lo = np.where(k > 0, special.betaincinv(k, n - k + 1, tail), 0.0)
        hi = np.where(k < n, special.betaincinv(k + 1, n - k, 1.0 - tail), 1.0)
    return lo, hi


def rate_ratio_interval(
    n1, t1, n2, t2, conf_level: float = 0.95
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Ratio of two Poisson rates with its exact conditional interval.

    Given ``n1`` events in exposure ``t1`` (e.g. tokens) and ``n2`` in ``t2``,
    the ratio of rates is ``(n1 / t1) / (n2 / t2)``. Conditional on
    ``n1 + n2``, ``n1`` is binomial with ``p = R t1 / (R t1 + t2)``; the
    Clopper-Pearson limits of ``p`` map to limits of ``R`` through
    ``R = p t2 / ((1 - p) t1)`` (Armitage, Berry & Matthews 2002, sec. 5.3).
    The upper limit is infinite when ``n2`` is 0.

    Returns
    -------
    (ratio, low, high) : arrays of float

    Examples
    --------
    >>> r, lo, hi = rate_ratio_interval(10, 1000, 5, 1000)
    >>> round(float(r), 2), round(float(lo), 3), round(float(hi), 3)
    (2.0, 0.623, 7.457)
    """
    n1, t1, n2, t2 = (np.asarray(v, dtype=float) for v in (n1, t1, n2, t2))
    if np.any(t1 <= 0) or np.any(t2 <= 0):
        raise FramingError("exposures must be positive")
    p_lo, p_hi = clopper_pearson(n1, n1 + n2, conf_level)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = (n1 / t1) / (n2 / t2)
        low = p_lo * t2 / ((1 - p_lo) * t1)
        high = np.where(p_hi < 1, p_hi * t2 / ((1 - p_hi) * t1), np.inf)
    return ratio, low, high


def mean_interval(
    values,
    method: str = "t",
    conf_level: float = 0.95,
    *,
    n_boot: int = 1000,
    rng: np.random.Generator | None = None,
    bounds: tuple[float, float] | None = None,
) -> tuple[float, float]:
    """Confidence interval of the mean of ``values``.

    Parameters
    ----------
    values : array-like of float
        Observations; NaN values are left out.
    method : {"t", "bootstrap"}
        ``"t"``: mean +- t(n-1) * sd / sqrt(n). ``"bootstrap"``: percentile
        interval of ``n_boot`` resampled means (draws from ``rng``).
    conf_level : float, default 0.95
    n_boot : int, default 1000
    rng : numpy Generator, optional
        Source of the bootstrap draws (default: seeded with 0).
    bounds : (low, high), optional
        Range of the statistic (e.g. ``(-1, 1)`` for tone, ``(0, 1)`` for a
        share); limits are clipped to it.

    Returns
    -------
    (low, high) : floats, NaN when fewer than two observations.

    Examples
    --------
    >>> lo, hi = mean_interval([1.0, 2.0, 3.0])
    >>> round(lo, 4), round(hi, 4)
    (-0.4841, 4.4841)
    >>> mean_interval([1.0, 2.0, 3.0], bounds=(0, 3))
    (0.0, 3.0)
    """
    conf_level = check_conf_level(conf_level)
    if method not in ("t", "bootstrap"):
        raise FramingError(f"interval must be 't' or 'bootstrap', got {method!r}")
    x = np.asarray(values, dtype=float)
    x = x[~np.isnan(x)]
    n = len(x)
    if n < 2:
        return math.nan, math.nan
    mean = float(x.mean())
    if method == "t":
        half = float(stats.t.ppf(0.5 + conf_level / 2, n - 1)) * float(x.std(ddof=1)) / math.sqrt(n)
        lo, hi = mean - half, mean + half
    else:
        rng = rng if rng is not None else np.random.default_rng(0)
        boot = x[rng.integers(0, n, size=(n_boot, n))].mean(axis=1)
        lo, hi = (float(v) for v in np.quantile(boot, [(1 - conf_level) / 2, (1 + conf_level) / 2]))
    if bounds is not None:
        lo, hi = max(lo, float(bounds[0])), min(hi, float(bounds[1]))
    return lo, hi


__all__ = [
    "check_conf_level",
    "clopper_pearson",
    "mean_interval",
    "poisson_interval",
    "rate_ratio_interval",
    "wilson_interval",
]
