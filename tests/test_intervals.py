"""The intervals module against scipy's own implementations and hand values."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats
from scipy.stats import binomtest

from framing.errors import FramingError
from framing.intervals import clopper_pearson, mean_interval, poisson_interval, wilson_interval


@pytest.mark.parametrize("k,n", [(0, 5), (1, 10), (7, 20), (20, 20)])
def test_clopper_pearson_equals_scipy_exact(k, n):
    ref = binomtest(k, n).proportion_ci(confidence_level=0.95, method="exact")
    lo, hi = clopper_pearson(k, n)
    assert float(lo) == pytest.approx(ref.low, abs=1e-10)
    assert float(hi) == pytest.approx(ref.high, abs=1e-10)


@pytest.mark.parametrize("k,n", [(0, 5), (3, 10), (19, 20)])
def test_wilson_equals_scipy_wilson(k, n):
    ref = binomtest(k, n).proportion_ci(confidence_level=0.9, method="wilson")
    lo, hi = wilson_interval(k, n, conf_level=0.9)
    assert float(lo) == pytest.approx(ref.low, abs=1e-10)
    assert float(hi) == pytest.approx(ref.high, abs=1e-10)


def test_poisson_garwood_hand_values():
    # n = 2: low = chi2.ppf(.025, 4)/2, high = chi2.ppf(.975, 6)/2 (Garwood 1936)
    lo, hi = poisson_interval(2)
    assert float(lo) == pytest.approx(0.242209, abs=1e-6)
    assert float(hi) == pytest.approx(7.224688, abs=1e-6)


def test_mean_interval_t_hand_computed():
    x = [2.0, 4.0, 6.0, 8.0]  # mean 5, sd sqrt(20/3)
    lo, hi = mean_interval(x)
    half = stats.t.ppf(0.975, 3) * np.sqrt(20 / 3) / 2
    assert (lo, hi) == pytest.approx((5 - half, 5 + half))


def test_mean_interval_bootstrap_covers_mean_and_is_seeded():
    x = np.arange(30, dtype=float)
    a = mean_interval(x, "bootstrap", rng=np.random.default_rng(1))
    b = mean_interval(x, "bootstrap", rng=np.random.default_rng(1))
    assert a == b and a[0] < 14.5 < a[1]


def test_bad_settings_are_framing_errors():
    with pytest.raises(FramingError, match="conf_level"):
        wilson_interval(1, 2, conf_level=1.5)
    with pytest.raises(FramingError, match="interval must be"):
        mean_interval([1, 2], method="normal")
    with pytest.raises(FramingError, match="0 <= k <= n"):
        clopper_pearson(3, 2)


def test_rate_ratio_interval_from_beta_quantiles():
    # n1 = 10 in 2,000 tokens, n2 = 5 in 1,000: p = n1 / 15 has Clopper-Pearson limits
    # beta.ppf(.025, 10, 6) and beta.ppf(.975, 11, 5); R = p / (1 - p) * t2 / t1
    from framing.intervals import rate_ratio_interval

    r, lo, hi = rate_ratio_interval(10, 2000, 5, 1000)
    p_lo, p_hi = stats.beta.ppf(0.025, 10, 6), stats.beta.ppf(0.975, 11, 5)
    assert float(r) == pytest.approx(1.0)
    assert float(lo) == pytest.approx(p_lo / (1 - p_lo) / 2)
    assert float(hi) == pytest.approx(p_hi / (1 - p_hi) / 2)
    _, _, hi0 = rate_ratio_interval(3, 100, 0, 100)
    assert np.isinf(hi0)
