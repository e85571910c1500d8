"""Covariate effects on topic prevalence (the method of composition).

Topic prevalence is regressed on document metadata with a small formula
language:

``"source"``
    a categorical covariate (treatment coding; the first level in sorted
    order is the reference, or name it with ``C(source, ref=USA)``);
``"year"``
    a numeric covariate, linear;
``"s(year)"`` or ``"s(year, df=5)"``
    a natural cubic spline of ``year`` with ``df`` columns (default 4):
    cubic between ``df - 1`` interior knots at quantiles of the data, linear
    beyond the boundary knots (the range of the data), as R's ``splines::ns``;
``"a:b"``
    the interaction alone; ``"a * b"`` means ``a + b + a:b``;
``"+"``
    joins terms. An intercept is always included.

Uncertainty (Roberts, Stewart & Tingley's ``estimateEffect`` in R's stm,
after Treier & Jackman 2008): for each of ``n_sims`` simulations, every
document's topic proportions are drawn from its approximate posterior
(``Dirichlet(model.doc_topic_concentration_)``), each topic's proportions
are regressed on the design matrix by least squares, and one coefficient
vector is drawn from the normal distribution with the least-squares estimate
and covariance ``sigma^2 (X'X)^-1``. The pooled draws carry both the
regression uncertainty and the uncertainty of the topic proportions;
estimates are their mean and intervals their quantiles.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy.interpolate import BSpline
from scipy.stats import norm

from framing.errors import EffectError

__all__ = [
    "TopicEffects",
    "estimate_effect",
    "EffectError",
    "natural_spline_basis",
    "NaturalSpline",
    "effect_formula",
    "prediction_grid",
]

# A categorical covariate with at most this many levels interacts with the
# numeric ones in effect_formula; prediction grids keep this many levels.
MAX_INTERACTION_LEVELS = 10


# --------------------------------------------------------------------------
# Natural cubic splines
# --------------------------------------------------------------------------


class NaturalSpline:
    """Natural cubic spline basis with ``df`` columns and no intercept column.

    Parameters
    ----------
    df : int
        Number of columns; ``df - 1`` interior knots at quantiles of ``x``.
    """

    def __init__(self, df: int = 4):
        if int(df) < 1:
            raise EffectError(f"df={df}: a spline needs at least one column")
        self.df = int(df)

    def fit(self, x) -> NaturalSpline:
        x = np.asarray(x, dtype=np.float64)
        lo, hi = float(x.min()), float(x.max())
        if hi <= lo:
            raise EffectError("a spline needs at least two distinct values")
        n_inner = self.df - 1
        inner = np.quantile(x, np.linspace(0, 1, n_inner + 2)[1:-1]) if n_inner else np.empty(0)
        inner = np.unique(inner[(inner > lo) & (inner < hi)])
        self.boundary_ = (lo, hi)
        self.knots_ = inner
        t = np.concatenate([[lo] * 4, inner, [hi] * 4])
        m = len(t) - 4
        self._spline = BSpline(t, np.eye(m), 3, extrapolate=True)
        d2 = self._spline.derivative(2)(np.array([lo, hi]))  # 2 x m
        const = d2[:, 1:]
        q, _ = np.linalg.qr(const.T, mode="complete")
        self._q = q[:, 2:]
        return self

    def _inside(self, x: np.ndarray) -> np.ndarray:
        return self._spline(x)[:, 1:] @ self._q

    def transform(self, x) -> np.ndarray:
        x = np.asarray(x, dtype=np.float64)
        lo, hi = self.boundary_
        xc = np.clip(x, lo, hi)
        out = self._inside(xc)
        outside = (x < lo) | (x > hi)
        if outside.any():  # linear beyond the boundary knots
            h = 1e-6 * (hi - lo)
            for b, sign in ((lo, 1.0), (hi, -1.0)):
                mask = (x < lo) if b == lo else (x > hi)
                if mask.any():
                    inner_pt = b + sign * h
                    slope = (self._inside(np.array([inner_pt])) - self._inside(np.array([b]))) / (
                        inner_pt - b
                    )
                    out[mask] = self._inside(np.array([b])) + (x[mask] - b)[:, None] * slope
        return out


def natural_spline_basis(x, df: int = 4) -> np.ndarray:
    """Natural cubic spline basis of ``x`` (see :class:`NaturalSpline`).

    Examples
    --------
    >>> b = natural_spline_basis(np.arange(1990, 2025), df=3)
    >>> b.shape
    (35, 3)
    """
    return NaturalSpline(df).fit(x).transform(x)


# --------------------------------------------------------------------------
# Formulas
# --------------------------------------------------------------------------

_FACTOR = re.compile(
    r"^\s*(?:(?P<fn>s|ns|C)\(\s*(?P<arg>[A-Za-z_][\w.]*)\s*(?:,\s*(?P<opt>[a-z]+)\s*=\s*(?P<val>[^)]+?))?\s*\)"
    r"|(?P<name>[A-Za-z_][\w.]*))\s*$"
)


def _split_top(text: str, sep: str) -> list[str]:
    out, depth, cur = [], 0, ""
    for ch in text:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        if ch == sep and depth == 0:
            out.append(cur)
            cur = ""
        else:
            cur += ch
    out.append(cur)
    return [p.strip() for p in out]


class _Factor:
    def __init__(self, text: str):
        m = _FACTOR.match(text)
        if not m:
            raise EffectError(
                f"cannot read {text!r} in the formula: use a column name, s(col), s(col, df=4) or C(col)"
            )
        self.text = text.strip()
        self.fn = m.group("fn")
        self.column = m.group("arg") or m.group("name")
        self.df = 4
        self.ref = None
        opt, val = m.group("opt"), m.group("val")
        if opt is not None:
            if self.fn in ("s", "ns") and opt == "df":
                self.df = int(val)
            elif self.fn == "C" and opt == "ref":
                self.ref = val.strip().strip("'\"")
            else:
                raise EffectError(f"{text!r}: unknown option {opt!r} (s() takes df=, C() takes ref=)")
        self.kind: str | None = None

    def fit(self, data: pd.DataFrame) -> _Factor:
        col = data[self.column]
        if self.fn in ("s", "ns"):
            self.kind = "spline"
        elif self.fn == "C" or not (
            pd.api.types.is_numeric_dtype(col) and not pd.api.types.is_bool_dtype(col)
        ):
            self.kind = "categorical"
        else:
            self.kind = "numeric"
        if self.kind == "categorical":
            levels = sorted(pd.unique(col.astype(str)).tolist())
            if len(levels) < 2:
                raise EffectError(
                    f"covariate {self.column!r} has one level ({levels[0]!r}); an effect needs at least two: "
                    f"remove {self.column!r} from the formula or include documents with other values"
                )
            if self.ref is not None:
                if self.ref not in levels:
                    raise EffectError(
                        f"C({self.column}, ref={self.ref}): {self.ref!r} is not a level; levels: {levels}"
                    )
                levels.remove(self.ref)
                levels.insert(0, self.ref)
            self.levels = levels
            self.names = [f"{self.column}[{lv}]" for lv in levels[1:]]
        else:
            x = pd.to_numeric(col, errors="coerce").astype(np.float64).to_numpy()
            if np.unique(x).size < 2:
                raise EffectError(
                    f"covariate {self.column!r} has one value ({x[0]:g}); an effect needs at least two: "
                    f"remove it from the formula or include documents with other values"
                )
            if self.kind == "spline":
                if np.unique(x).size <= self.df:
                    raise EffectError(
                        f"s({self.column}, df={self.df}) needs more than {self.df} distinct values, "
                        f"{self.column!r} has {np.unique(x).size}: lower df or use {self.column} as linear"
                    )
                self.spline = NaturalSpline(self.df).fit(x)
                self.names = [f"s({self.column})[{i + 1}]" for i in range(self.df)]
            else:
                self.names = [self.column]
        return self

    def transform(self, data: pd.DataFrame) -> np.ndarray:
        col = data[self.column]
        if self.kind == "categorical":
            vals = col.astype(str).to_numpy()
            unknown = sorted(set(vals) - set(self.levels))
            if unknown:
                raise EffectError(
                    f"covariate {self.column!r}: values {unknown[:5]} were not in the fitted data"
                )
            return np.stack([(vals == lv).astype(np.float64) for lv in self.levels[1:]], axis=1)
        x = pd.to_numeric(col, errors="coerce").astype(np.float64).to_numpy()
        if self.kind == "spline":
            return self.spline.transform(x)
        return x[:, None]


class Design:
    """A model matrix built from a formula (see the module notes)."""

    def __init__(self, formula: str):
        self.formula = formula
        text = formula.strip()
        if text.startswith("~"):
            text = text[1:]
        if not text.strip():
            raise EffectError("empty formula: name at least one covariate, e.g. 'source + s(year)'")
        terms: list[tuple[str, ...]] = []
        for part in _split_top(text, "+"):
            if not part:
                raise EffectError(f"formula {formula!r}: empty term around '+'")
            if "*" in part:
                factors = _split_top(part, "*")
                for r in range(1, len(factors) + 1):
                    for combo in itertools.combinations(factors, r):
                        terms.append(tuple(combo))
            else:
                terms.append(tuple(_split_top(part, ":")))
        seen, unique_terms = set(), []
        for t in terms:
            key = tuple(sorted(t))
            if key not in seen:
                seen.add(key)
                unique_terms.append(t)
        self.factors: dict[str, _Factor] = {}
        for t in unique_terms:
            for f in t:
                fac = _Factor(f)
                self.factors.setdefault(fac.text, fac)
        self.terms = unique_terms

    @property
    def columns(self) -> list[str]:
        return sorted({f.column for f in self.factors.values()})

    def check(self, data: pd.DataFrame, ids: Sequence | None = None) -> None:
        for col in self.columns:
            if col not in data.columns:
                raise EffectError(
                    f"covariate {col!r} is not a column of the document metadata; columns: {list(data.columns)}"
                )
            miss = data[col].isna().to_numpy()
            if miss.any():
                who = list(np.asarray(ids)[miss][:5]) if ids is not None else list(np.flatnonzero(miss)[:5])
                raise EffectError(
                    f"covariate {col!r} is missing for {int(miss.sum())} of {len(miss)} documents "
                    f"(e.g. {who}); fill the values or drop those documents before fitting "
                    f"(corpus.subset(corpus.docs[{col!r}].notna()))"
                )

    def fit(self, data: pd.DataFrame, ids=None) -> Design:
        self.check(data, ids)
        for f in self.factors.values():
            f.fit(data)
        self.names_ = ["(Intercept)"]
        for t in self.terms:
            parts = [self.factors[_Factor(f).text].names for f in t]
            self.names_ += [":".join(p) for p in itertools.product(*parts)]
        return self

    def transform(self, data: pd.DataFrame) -> np.ndarray:
        self.check(data)
        cols = [np.ones((len(data), 1))]
        cache = {k: f.transform(data) for k, f in self.factors.items()}
        for t in self.terms:
            mats = [cache[_Factor(f).text] for f in t]
            out = mats[0]
            for m in mats[1:]:
                out = (out[:, :, None] * m[:, None, :]).reshape(len(data), -1)
            cols.append(out)
        return np.hstack(cols)


# --------------------------------------------------------------------------
# Effects
# --------------------------------------------------------------------------


class TopicEffects:
    """How topic prevalence depends on document metadata.

    Parameters
    ----------
    formula : str
        Covariates, e.g. ``"source + s(year)"`` or ``"source * s(year, df=3)"``
        (see the module notes).
    n_sims : int, default 100
        Simulations of the method of composition.
    ci : float, default 0.95
        Coverage of the intervals.
    topics : list of int or None
        1-based topics to estimate (default: all).
    random_state : int, default 0
    cluster : "auto", str or None, default "auto"
        Metadata column naming the document a unit belongs to. When units
        are paragraphs or segments of documents they are not independent:
        each simulation then resamples whole documents with replacement
        (cluster bootstrap) instead of drawing from the least-squares
        covariance. ``"auto"`` uses ``parent_id`` (paragraphs of
        :class:`~framing.topics.dtm.DTMBuilder`) or ``document`` (segments of
        :meth:`~framing.corpus.core.Corpus.segment`) when units repeat a value
        there; ``None`` treats units as independent.

    Notes
    -----
    The intervals carry the uncertainty of the topic proportions given the
    fitted topics (their approximate posterior) and the sampling
    uncertainty of the regression (clustered by document when units are
    parts of documents). They do not carry the uncertainty of the topics
    themselves (another seed or another ``k`` gives other topics), nor the
    error of the linear model. Predicted prevalences are clipped to [0, 1]
    draw by draw.

    Attributes
    ----------
    draws_ : ndarray (n_sims, n_columns, n_topics)
        Coefficient draws.
    columns_ : list of str
        Design-matrix column names.
    topics_ : list of int
    labels_ : list of str

    Examples
    --------
    See :func:`estimate_effect`.
    """

    def __init__(
        self,
        formula: str,
        *,
        n_sims: int = 100,
        ci: float = 0.95,
        topics=None,
        random_state: int = 0,
        cluster: str | None = "auto",
    ):
        self.cluster = cluster
        self.formula = formula
        self.n_sims = n_sims
        self.ci = ci
        self.topics = topics
        self.random_state = random_state

    def fit(self, model, metadata: pd.DataFrame | None = None) -> TopicEffects:
        """Estimate the effects for a fitted :class:`~framing.topics.model.TopicModel`.

        ``metadata`` (default ``model.docs_``) must have one row per training
        document, in order.
        """
        if not hasattr(model, "doc_topic_concentration_"):
            raise EffectError("the topic model is not fitted yet: call fit first")
        meta = model.docs_ if metadata is None else metadata.reset_index(drop=True)
        conc = np.asarray(model.doc_topic_concentration_, dtype=np.float64)
        if len(meta) != conc.shape[0]:
            raise EffectError(
                f"metadata has {len(meta)} rows but the model was fitted on {conc.shape[0]} documents"
            )
        if not 0 < self.ci < 1:
            raise EffectError(f"ci={self.ci}: use a coverage in (0, 1), e.g. 0.95")
        if int(self.n_sims) < 2:
            raise EffectError(f"n_sims={self.n_sims}: use at least 2 simulations (25-100 are usual)")
        k_all = conc.shape[1]
        topics = list(range(1, k_all + 1)) if self.topics is None else [int(t) for t in self.topics]
        bad = [t for t in topics if not 1 <= t <= k_all]
        if bad:
            raise EffectError(f"topics {bad} do not exist; the model has topics 1..{k_all}")
        ids = meta["doc_id"].to_numpy() if "doc_id" in meta.columns else None
        design = Design(self.formula).fit(meta, ids)
        x = design.transform(meta)
        n, p = x.shape
        if n <= p:
            raise EffectError(
                f"{n} documents for {p} coefficients: use a simpler formula (fewer levels, lower df) "
                "or more documents"
            )
        rank = np.linalg.matrix_rank(x)
        if rank < p:
            raise EffectError(
                f"the formula {self.formula!r} gives collinear columns ({p} columns, rank {rank}); "
                "an interaction level may have no documents: simplify the formula"
            )
        groups = _cluster_codes(meta, self.cluster)
        self.cluster_column_: str | None
        if groups is not None:
            self.cluster_column_ = groups[1]
            draws = _cluster_draws(x, conc, topics, groups[0], int(self.n_sims), self.random_state)
            return self._finish(model, design, draws, topics, k_all, meta)
        self.cluster_column_ = None
        xtx_inv = np.linalg.inv(x.T @ x)
        chol = np.linalg.cholesky((xtx_inv + xtx_inv.T) / 2)
        proj = xtx_inv @ x.T
        rng = np.random.default_rng(self.random_state)
        sel = np.asarray(topics) - 1
        draws = np.empty((int(self.n_sims), p, len(sel)))
        for s in range(int(self.n_sims)):
            g = rng.standard_gamma(conc)
            theta = (g / g.sum(axis=1, keepdims=True))[:, sel]
            b_hat = proj @ theta
            resid = theta - x @ b_hat
            sigma = np.sqrt((resid**2).sum(axis=0) / (n - p))
            z = rng.standard_normal((p, len(sel)))
            draws[s] = b_hat + (chol @ z) * sigma
        return self._finish(model, design, draws, topics, k_all, meta)

    def _finish(self, model, design, draws, topics, k_all, meta) -> TopicEffects:
        self.design_ = design
        self.columns_ = design.names_
        self.draws_ = draws
        self.topics_ = topics
        labels = getattr(model, "labels_", [f"T{t}" for t in range(1, k_all + 1)])
        self.labels_ = [labels[t - 1] for t in topics]
        self.data_ = meta[design.columns].copy()
        return self

    def _interval(self, values: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        a = (1 - self.ci) / 2
        return values.mean(axis=0), np.quantile(values, a, axis=0), np.quantile(values, 1 - a, axis=0)

    def coefficients(self) -> pd.DataFrame:
        """One row per topic and design column: ``estimate``, ``std_error``,
        ``lower``, ``upper`` (quantiles of the draws) and ``p_value`` (normal
        approximation)."""
        est, lo, hi = self._interval(self.draws_)
        se = self.draws_.std(axis=0, ddof=1)
        rows = []
        for j, topic in enumerate(self.topics_):
            for c, name in enumerate(self.columns_):
                z = est[c, j] / se[c, j] if se[c, j] > 0 else np.inf
                rows.append(
                    (
                        topic,
                        self.labels_[j],
                        name,
                        est[c, j],
                        se[c, j],
                        lo[c, j],
                        hi[c, j],
                        2 * norm.sf(abs(z)),
                    )
                )
        return pd.DataFrame(
            rows, columns=["topic", "label", "term", "estimate", "std_error", "lower", "upper", "p_value"]
        )

    def _grid(self, values: dict) -> pd.DataFrame:
        cols = self.design_.columns
        unknown = sorted(set(values) - set(cols))
        if unknown:
            raise EffectError(
                f"{unknown} are not covariates of the formula {self.formula!r}; covariates: {cols}"
            )
        axes = {}
        for c in cols:
            if c in values:
                v = values[c]
                axes[c] = (
                    list(v) if isinstance(v, (list, tuple, range, np.ndarray, pd.Series, pd.Index)) else [v]
                )
            else:
                col = self.data_[c]
                kinds = {f.kind for f in self.design_.factors.values() if f.column == c}
                if "categorical" in kinds:
                    axes[c] = [col.astype(str).value_counts().sort_index().idxmax()]
                else:
                    axes[c] = [float(pd.to_numeric(col).mean())]
        grid = pd.DataFrame(list(itertools.product(*axes.values())), columns=list(axes))
        return grid

    def predict(self, **values) -> pd.DataFrame:
        """Expected topic prevalence at covariate values, with intervals.

        Give values (or lists of values) by covariate name; covariates not
        given are held at their most frequent level (categorical) or mean
        (numeric). Returns one row per topic and grid point: ``topic``,
        ``label``, the covariates, ``estimate``, ``lower``, ``upper``.

        Examples
        --------
        See :func:`estimate_effect`.
        """
        grid = self._grid(values)
        x = self.design_.transform(grid)
        pred = np.clip(np.einsum("gp,spk->sgk", x, self.draws_), 0.0, 1.0)
        est, lo, hi = self._interval(pred)
        frames = []
        for j, topic in enumerate(self.topics_):
            f = grid.copy()
            f.insert(0, "label", self.labels_[j])
            f.insert(0, "topic", topic)
            f["estimate"], f["lower"], f["upper"] = est[:, j], lo[:, j], hi[:, j]
            frames.append(f)
        return pd.concat(frames, ignore_index=True)

    def difference(self, variable: str, a, b, **at) -> pd.DataFrame:
        """Difference in expected prevalence between ``variable=a`` and ``variable=b``.

        Other covariates are set by ``at`` (lists allowed) or held as in
        :meth:`predict`. Columns: ``topic``, ``label``, the other covariates,
        ``contrast`` (``"a - b"``), ``estimate``, ``lower``, ``upper``.
        """
        ga = self._grid({**at, variable: a})
        gb = self._grid({**at, variable: b})
        diff = np.einsum("gp,spk->sgk", self.design_.transform(ga) - self.design_.transform(gb), self.draws_)
        est, lo, hi = self._interval(diff)
        frames = []
        for j, topic in enumerate(self.topics_):
            f = ga.drop(columns=[variable]).copy()
            f.insert(0, "label", self.labels_[j])
            f.insert(0, "topic", topic)
            f["contrast"] = f"{a} - {b}"
            f["estimate"], f["lower"], f["upper"] = est[:, j], lo[:, j], hi[:, j]
            frames.append(f)
        return pd.concat(frames, ignore_index=True)


def _cluster_codes(meta: pd.DataFrame, cluster) -> tuple[np.ndarray, str] | None:
    """Integer cluster codes for the units, or None when units are independent."""
    if cluster is None:
        return None
    if cluster == "auto":
        for col in ("parent_id", "document"):
            if col in meta.columns and meta[col].notna().all() and meta[col].duplicated().any():
                cluster = col
                break
        else:
            return None
    if cluster not in meta.columns:
        raise EffectError(f"cluster: no metadata column {cluster!r}; columns: {list(meta.columns)}")
    codes, uniques = pd.factorize(meta[cluster].astype(str))
    if len(uniques) < 5:
        raise EffectError(
            f"cluster: {len(uniques)} documents in {cluster!r}; a cluster bootstrap "
            "needs at least 5 (pass cluster=None to treat units as independent)"
        )
    return codes, cluster


def _cluster_draws(x, conc, topics, codes, n_sims, random_state) -> np.ndarray:
    """Method of composition with a cluster bootstrap: each simulation draws
    the units' topic proportions from their posterior and refits the
    regression on documents resampled with replacement."""
    rng = np.random.default_rng(random_state)
    sel = np.asarray(topics) - 1
    members = pd.Series(np.arange(len(codes))).groupby(codes).indices
    clusters = [members[c] for c in range(len(members))]
    p = x.shape[1]
    draws = np.empty((n_sims, p, len(sel)))
    for s in range(n_sims):
        g = rng.standard_gamma(conc)
        theta = (g / g.sum(axis=1, keepdims=True))[:, sel]
        pick = rng.integers(0, len(clusters), len(clusters))
        # a unit drawn m times weighs m: the normal equations of the resampled
        # rows, without materialising them
        w = np.bincount(pick, minlength=len(clusters))[codes].astype(np.float64)
        xw = x * w[:, None]
        draws[s] = np.linalg.lstsq(xw.T @ x, xw.T @ theta, rcond=None)[0]
    return draws


def estimate_effect(model, formula: str, metadata: pd.DataFrame | None = None, **kwargs) -> TopicEffects:
    """Shortcut for ``TopicEffects(formula, **kwargs).fit(model, metadata)``.

    Examples
    --------
    >>> import numpy as np
    >>> from framing import Corpus
    >>> from framing.topics.dtm import document_term_matrix
    >>> from framing.topics.model import TopicModel
    >>> rng = np.random.default_rng(0)
    >>> fiscal = [f"tax{i}" for i in range(10)]
    >>> military = [f"war{i}" for i in range(10)]
    >>> texts, sources = [], []
    >>> for i in range(200):
    ...     source = "A" if i % 2 else "B"
    ...     mean = 0.8 if source == "A" else 0.2  # true share of the fiscal topic
    ...     n_fiscal = rng.binomial(40, rng.beta(8 * mean, 8 * (1 - mean)))
    ...     words = rng.choice(fiscal, n_fiscal).tolist() + rng.choice(military, 40 - n_fiscal).tolist()
    ...     texts.append(" ".join(words))
    ...     sources.append(source)
    >>> dtm = document_term_matrix(Corpus.from_texts(texts, source=sources),
    ...                            min_df=1, max_df=1.0, phrases=False)
    >>> model = TopicModel(2, iterations=100, random_state=0).fit(dtm)
    >>> eff = estimate_effect(model, "source", n_sims=50)
    >>> pred = eff.predict(source=["A", "B"])
    >>> tax = pred[pred["label"].str.contains("tax")]
    >>> tax["estimate"].round(1).tolist()
    [0.8, 0.2]
    """
    return TopicEffects(formula, **kwargs).fit(model, metadata)


def effect_formula(meta: pd.DataFrame, by: list[str], spline_df: int = 4) -> str:
    """An effect formula for columns ``by``: splines for numeric columns, an
    interaction with one small categorical column."""
    cats, nums = [], []
    for col in by:
        if col not in meta.columns:
            raise EffectError(f"{col!r} is not a metadata column; columns: {list(meta.columns)}")
        s = meta[col]
        if pd.api.types.is_numeric_dtype(s) and not pd.api.types.is_bool_dtype(s):
            n_unique = s.nunique()
            df = min(spline_df, n_unique - 1)
            nums.append(f"s({col}, df={df})" if n_unique >= 4 and df >= 2 else col)
        else:
            cats.append(col)
    terms = cats + nums
    if len(cats) == 1 and nums and meta[cats[0]].nunique() <= MAX_INTERACTION_LEVELS:
        return " + ".join([f"{cats[0]} * {n}" for n in nums])
    return " + ".join(terms)


def prediction_grid(meta: pd.DataFrame, design) -> dict:
    """Covariate values to predict at: the most frequent levels of categorical
    covariates, every observed value (at most 100, else 50 evenly spaced) of
    numeric ones."""
    values = {}
    for f in design.factors.values():
        col = meta[f.column]
        if f.kind == "categorical":
            top = col.astype(str).value_counts()
            values[f.column] = sorted(top.index[:MAX_INTERACTION_LEVELS].tolist())
        else:
            x = pd.to_numeric(col).astype(float)
            uniq = np.unique(x)
            values[f.column] = (
                uniq.tolist() if len(uniq) <= 100 else np.linspace(uniq[0], uniq[-1], 50).tolist()
            )
    return values
