"""Embedding regression (Rodriguez, Spirling & Stewart 2023, "Embedding Regression").

Every occurrence of a target gets an ALC embedding ``y_i`` (see
:mod:`framing.meaning.alc`). The matrix of these embeddings is regressed by
ordinary least squares on the covariates of the occurrences' documents::

    Y (n x D) = X (n x p) B (p x D) + E

Each row of ``B`` is a vector: how the meaning of the target shifts with that
covariate. Its Euclidean norm says how much. As in conText's ``conText()``:

* categorical covariates become indicator columns, the first level (sorted)
  being the reference; 0/1 and other numeric columns are used as they are;
* bootstrap: occurrences are resampled with replacement within each cell of
  the categorical covariates (stratified), ``n_boot`` times; intervals are
  percentile intervals (2.5 %, 97.5 % by default);
* permutation: the rows of ``Y`` are shuffled ``n_perm`` times and the model
  refitted; the p-value of a norm is ``(1 + #{permuted norm >= observed}) /
  (1 + n_perm)``.

Each cell of the categorical covariates (a "group") also gets its mean ALC
embedding, whose nearest words are its neighbours, and the cosine similarity
of every pair of groups.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from framing._util import progress as _progress
from framing._util import renamed_arguments
from framing.errors import EmbeddingError, MissingColumnError
from framing.meaning.space import EmbeddingSpace, embedding_space, find_target, occurrence_embeddings

__all__ = ["EmbeddingRegression", "design_matrix", "embedding_regression"]


def _parse_formula(formula: str) -> list[str]:
    rhs = formula.split("~", 1)[1] if "~" in formula else formula
    terms = [t.strip() for t in re.split(r"\+", rhs) if t.strip()]
    if not terms:
        raise EmbeddingError(f"formula {formula!r} names no covariate; write e.g. '~ country + period'")
    return terms


def design_matrix(frame: pd.DataFrame, covariates: list[str]):
    """Intercept, indicator columns for categorical covariates, numeric ones as given.

    Returns ``(X, term_names, group_columns)``.

    Examples
    --------
    >>> import pandas as pd
    >>> X, names, groups = design_matrix(pd.DataFrame({"g": ["b", "a", "c"]}), ["g"])
    >>> names, X.tolist()
    (['(Intercept)', 'g[b]', 'g[c]'], [[1.0, 1.0, 0.0], [1.0, 0.0, 0.0], [1.0, 0.0, 1.0]])
    """
    cols = [np.ones(len(frame))]
    names = ["(Intercept)"]
    groups = []
    for cov in covariates:
        if cov not in frame.columns:
            raise MissingColumnError(
                f"covariate {cov!r} of the formula is not a metadata "
                f"column; the corpus has {list(frame.columns)}"
            )
        values = frame[cov]
        if pd.api.types.is_bool_dtype(values) or (
            pd.api.types.is_numeric_dtype(values) and set(pd.unique(values)) <= {0, 1}
        ):
            cols.append(values.astype(float).to_numpy())
            names.append(cov)
            groups.append(cov)
        elif pd.api.types.is_numeric_dtype(values) and not isinstance(values.dtype, pd.CategoricalDtype):
            cols.append(values.astype(float).to_numpy())
            names.append(cov)
        else:
            levels = (
                list(values.cat.categories)
                if isinstance(values.dtype, pd.CategoricalDtype)
                else sorted(pd.unique(values.astype(str)))
            )
            values = values.astype(str)
            for level in levels[1:]:
                cols.append((values == str(level)).to_numpy(float))
                names.append(f"{cov}[{level}]")
            groups.append(cov)
    return np.column_stack(cols), names, groups


def _ols(X: np.ndarray, Y: np.ndarray) -> np.ndarray:
    B, *_ = np.linalg.lstsq(X, Y, rcond=None)
    return B


def _unit(v: np.ndarray) -> np.ndarray:
    n = np.linalg.norm(v, axis=-1, keepdims=True)
    return v / np.where(n == 0, 1, n)


@dataclass
class EmbeddingRegression:
    """The result of :func:`embedding_regression`.

    Attributes
    ----------
    coefficients : DataFrame
        One row per term (``(Intercept)``, ``country[USA]`` ...), one column per
        dimension: the coefficient vectors.
    norms : DataFrame
        ``term``, ``norm`` (Euclidean norm of the coefficient), ``low``/``high``
        (bootstrap interval), ``boot_mean``, ``p_value`` (permutation), ``n``.
    neighbours : DataFrame
        ``group``, the group's covariate values, ``rank``, ``word``, ``cosine``
        with the group's mean ALC embedding, ``low``/``high`` (bootstrap).
    similarity : DataFrame
        ``group_a``, ``group_b``, ``cosine``, ``low``, ``high``.
    groups : DataFrame
        ``group``, covariate values, ``n`` occurrences, ``docs``.
    passages : DataFrame
        For every non-intercept term, the occurrences that pull its
        coefficient hardest: ``term``, ``score`` (projection of the
        occurrence's embedding, less the intercept, on the coefficient's
        direction), ``doc_id``, ``start``/``end`` (character offsets of the
        target), ``passage`` and the document's metadata.
    occurrences : DataFrame
        Every occurrence used: ``doc_id``, ``token_start``, ``token_end``,
        ``form``, ``group`` and metadata.
    dropped : DataFrame
        Occurrences left out, with the reason.

    Examples
    --------
    >>> import framing
    >>> texts = ["peace and security for the nation"] * 20 + ["trade and markets for the nation"] * 20
    >>> c = framing.Corpus.from_texts(texts, source=["A"] * 20 + ["B"] * 20)
    >>> r = framing.embedding_regression(c, "nation", "~ source", window=3, n_boot=20, n_perm=20,
    ...                                  dim=4, min_count=2, cache=False)
    >>> r.coefficients.index.tolist(), r.coefficients.shape
    (['(Intercept)', 'source[B]'], (2, 4))
    >>> r.groups[["group", "n", "docs"]].values.tolist()
    [['A', 20, 20], ['B', 20, 20]]
    >>> top = r.neighbours[r.neighbours["rank"] == 1]
    >>> dict(zip(top["group"], top["word"]))
    {'A': 'peace', 'B': 'trade'}
    """

    target: str
    formula: str
    coefficients: pd.DataFrame
    norms: pd.DataFrame
    neighbours: pd.DataFrame
    similarity: pd.DataFrame
    groups: pd.DataFrame
    passages: pd.DataFrame
    occurrences: pd.DataFrame
    dropped: pd.DataFrame
    settings: dict = field(default_factory=dict)

    def __repr__(self) -> str:
        rows = ", ".join(f"{r.term} {r.norm:.3f} (p={r.p_value:.3g})" for r in self.norms.itertuples())
        return (
            f"<EmbeddingRegression {self.target!r} ~ {self.formula}: "
            f"{len(self.occurrences)} occurrences; {rows}>"
        )

    def plot_norms(self, ax=None):
        """Norms with bootstrap intervals (see :func:`framing.meaning.plots.plot_norms`)."""
        from framing.meaning.plots import plot_norms

        return plot_norms(self, ax=ax)

    @renamed_arguments(groups="hue")
    def plot_neighbours(self, ax=None, hue=None, n: int = 10):
        """Nearest words of each group (see :func:`framing.meaning.plots.plot_neighbours`)."""
        from framing.meaning.plots import plot_neighbours

        return plot_neighbours(self, ax=ax, hue=hue, n=n)


@renamed_arguments(level="conf_level")
def embedding_regression(
    corpus,
    target: str,
    formula: str,
    window: int = 6,
    n_boot: int = 100,
    n_perm: int = 100,
    random_state: int = 0,
    *,
    space: EmbeddingSpace | None = None,
    embeddings=None,
    lexicon="slogans",
    n_neighbours: int = 10,
    neighbour_min_count: int = 10,
    n_passages: int = 5,
    conf_level: float = 0.95,
    progress: bool = False,
    **train_options,
) -> EmbeddingRegression:
    """Regress the ALC embeddings of a target's occurrences on document covariates.

    Parameters
    ----------
    corpus : Corpus
    target : str
        A word, a phrase (matched as a token sequence) or the id of an entry
        of ``lexicon`` (matched with all its wordings).
    formula : str
        Covariates (metadata columns) joined by ``+``, e.g. ``"~ country"`` or
        ``"country + period"``; anything left of ``~`` is ignored.
    window : int, default 6
        Tokens on each side that form an occurrence's context.
    n_boot, n_perm : int, default 100
        Bootstrap draws and permutations (0 to skip).
    random_state : int, default 0
    space : EmbeddingSpace, optional
        Tokens, vectors and transform built beforehand with
        :func:`~framing.meaning.space.embedding_space` (its window is used).
    embeddings : optional
        A user's vectors, when ``space`` is not given.
    lexicon : str, path or Lexicon, default "slogans"
    n_neighbours : int, default 10
    neighbour_min_count : int, default 10
        Neighbours are words seen at least this often (when counts are known).
    n_passages : int, default 5
        Passages kept per term.
    conf_level : float, default 0.95
        Coverage of the bootstrap intervals.
    **train_options
        Passed to :func:`~framing.meaning.embeddings.train_embeddings`.

    Returns
    -------
    EmbeddingRegression

    Examples
    --------
    >>> import framing
    >>> texts = (["peace and security for the nation"] * 20 + ["trade and markets for the nation"] * 20)
    >>> c = framing.Corpus.from_texts(texts, source=["A"] * 20 + ["B"] * 20)
    >>> r = framing.embedding_regression(c, "nation", "~ source", window=3, n_boot=20,
    ...                                  n_perm=20, dim=4, min_count=2, cache=False)
    >>> r.norms[["term", "n"]].values.tolist()
    [['source[B]', 40]]
    >>> bool(r.norms["p_value"].iloc[0] < 0.1)
    True
    """
    if n_boot < 0 or n_perm < 0:
        raise EmbeddingError("n_boot and n_perm must be >= 0")
    if not 0 < conf_level < 1:
        raise EmbeddingError(f"conf_level={conf_level!r}: must be between 0 and 1")
    covariates = _parse_formula(formula)
    source = space.corpus if space is not None else corpus
    absent = [c for c in covariates if c not in source.docs.columns]
    if absent:
        raise MissingColumnError(
            f"covariate(s) {absent} of the formula are not metadata "
            f"columns; the corpus has {source.metadata_columns}"
        )
    if space is None:
        space = embedding_space(
            corpus, embeddings=embeddings, window=window, progress=progress, **train_options
        )
    occ = find_target(space, target, lexicon)
    missing = [c for c in covariates if c not in occ.columns]
    if missing:
        raise MissingColumnError(
            f"covariate(s) {missing} of the formula are not metadata "
            f"columns; the corpus has {space.corpus.metadata_columns}"
        )
    Y, ok = occurrence_embeddings(space, occ)
    na = occ[covariates].isna().any(axis=1).to_numpy()
    dropped = pd.concat(
        [
            occ.loc[~ok, ["doc_id", "token_start", "token_end"]].assign(
                reason="no context word has a vector"
            ),
            occ.loc[ok & na, ["doc_id", "token_start", "token_end"]].assign(reason="a covariate is missing"),
        ],
        ignore_index=True,
    )
    keep = ok & ~na
    occ = occ.loc[keep].reset_index(drop=True)
    Y = Y[keep]
    if len(occ) < 2:
        raise EmbeddingError(f"target {target!r}: only {len(occ)} usable occurrence(s)")
    X, names, group_cols = design_matrix(occ, covariates)
    if np.linalg.matrix_rank(X) < X.shape[1]:
        raise EmbeddingError(
            f"the covariates {covariates} are collinear among the "
            f"{len(occ)} occurrences of {target!r} (a level with no "
            "occurrence, or one covariate determining another)"
        )
    rng = np.random.default_rng(random_state)
    B = _ols(X, Y)
    slopes = list(range(1, len(names)))
    obs_norms = np.linalg.norm(B[slopes], axis=1)

    # groups: cells of the categorical covariates
    if group_cols:
        labels = occ[group_cols].astype(str).agg(" / ".join, axis=1)
    else:
        labels = pd.Series(["all"] * len(occ))
    occ["group"] = labels.to_numpy()
    group_names = sorted(pd.unique(labels))
    gidx = {g: np.flatnonzero(labels.to_numpy() == g) for g in group_names}
    means = np.vstack([Y[gidx[g]].mean(axis=0) for g in group_names])

    exclude = {w for form in pd.unique(occ["form"]) for w in str(form).split()}
    emb = space.embeddings
    assert emb.counts is not None  # Embeddings.__post_init__ always sets counts
    min_c = neighbour_min_count if emb.counts.any() else 0
    nn = {
        g: emb.nearest(means[i], n=n_neighbours, exclude=exclude, min_count=min_c)
        for i, g in enumerate(group_names)
    }
    nn_ids = {g: np.array([emb.index[w] for w in nn[g]["word"]], dtype=int) for g in nn}

    # bootstrap, stratified by group
    boot_norms = np.zeros((n_boot, len(slopes)))
    boot_means = np.zeros((n_boot, len(group_names), emb.dim))
    for b in _progress(range(n_boot), progress, total=n_boot, desc="bootstrap"):
        idx = np.concatenate([rng.choice(gidx[g], size=len(gidx[g]), replace=True) for g in group_names])
        Bb = _ols(X[idx], Y[idx])
        boot_norms[b] = np.linalg.norm(Bb[slopes], axis=1)
        lab = labels.to_numpy()[idx]
        for i, g in enumerate(group_names):
            boot_means[b, i] = Y[idx[lab == g]].mean(axis=0)
    perm_norms = np.zeros((n_perm, len(slopes)))
    for p in _progress(range(n_perm), progress, total=n_perm, desc="permutations"):
        Bp = _ols(X, Y[rng.permutation(len(Y))])
        perm_norms[p] = np.linalg.norm(Bp[slopes], axis=1)

    a = (1 - conf_level) / 2

    def interval(draws, axis=0):
        if len(draws) == 0:
            shape = draws.shape[1:]
            return np.full(shape, np.nan), np.full(shape, np.nan)
        return np.quantile(draws, a, axis=axis), np.quantile(draws, 1 - a, axis=axis)

    lo, hi = interval(boot_norms)
    pvals = (
        (1 + (perm_norms >= obs_norms[None, :] - 1e-12).sum(axis=0)) / (1 + n_perm)
        if n_perm
        else np.full(len(slopes), np.nan)
    )
    norms = pd.DataFrame(
        {
            "term": [names[j] for j in slopes],
            "norm": obs_norms,
            "low": lo,
            "high": hi,
            "boot_mean": boot_norms.mean(axis=0) if n_boot else np.nan,
            "p_value": pvals,
            "n": len(occ),
        }
    )

    coef = pd.DataFrame(B, index=pd.Index(names, name="term"), columns=[f"d{i}" for i in range(B.shape[1])])

    # neighbours with bootstrap intervals of their cosines
    unit = emb.unit
    rows = []
    gmeta = occ.groupby("group")[group_cols].first() if group_cols else None
    for i, g in enumerate(group_names):
        cos_obs = nn[g]["cosine"].to_numpy()
        if n_boot:
            cos_b = _unit(boot_means[:, i]) @ unit[nn_ids[g]].T
            clo, chi = interval(cos_b)
        else:
            clo = chi = np.full(len(cos_obs), np.nan)
        for r in range(len(cos_obs)):
            row = {"group": g}
            if gmeta is not None:
                row.update(gmeta.loc[g].to_dict())
            row.update(rank=r + 1, word=nn[g]["word"].iloc[r], cosine=cos_obs[r], low=clo[r], high=chi[r])
            rows.append(row)
    neighbours = pd.DataFrame(rows)

    sims = []
    um = _unit(means)
    for i in range(len(group_names)):
        for j in range(i + 1, len(group_names)):
            c = float(um[i] @ um[j])
            if n_boot:
                ub = _unit(boot_means)
                cb = np.einsum("bd,bd->b", ub[:, i], ub[:, j])
                clo, chi = interval(cb)
            else:
                clo = chi = np.nan
            sims.append(
                {
                    "group_a": group_names[i],
                    "group_b": group_names[j],
                    "cosine": c,
                    "low": float(clo),
                    "high": float(chi),
                }
            )
    similarity = pd.DataFrame(sims, columns=["group_a", "group_b", "cosine", "low", "high"])

    groups = occ.groupby("group").agg(n=("doc_id", "size"), docs=("doc_id", "nunique"))
    if gmeta is not None:
        groups = gmeta.join(groups)
    groups = groups.reset_index()

    passages = _passages(space, occ, Y, B, X, names, slopes, n_passages)
    meta_cols = [c for c in occ.columns if c not in ("doc",)]
    return EmbeddingRegression(
        target=target,
        formula=" + ".join(covariates),
        coefficients=coef,
        norms=norms,
        neighbours=neighbours,
        similarity=similarity,
        groups=groups,
        passages=passages,
        occurrences=occ[meta_cols],
        dropped=dropped,
        settings={
            "window": space.window,
            "n_boot": n_boot,
            "n_perm": n_perm,
            "random_state": random_state,
            "conf_level": conf_level,
            "embeddings": dict(space.embeddings.params),
        },
    )


def _passages(space, occ, Y, B, X, names, slopes, k) -> pd.DataFrame:
    from framing.text.tokenize import tokenize_spans

    rows = []
    resid = Y - B[0]
    for j in slopes:
        norm = np.linalg.norm(B[j])
        if norm == 0:
            continue
        sign = np.sign(X[:, j])
        score = (resid @ (B[j] / norm)) * sign
        cand = np.flatnonzero(sign != 0)
        top = cand[np.argsort(-score[cand], kind="stable")[:k]]
        for i in top:
            rows.append((names[j], float(score[i]), i))
    out = []
    spans: dict[int, list] = {}
    texts = space.corpus.texts
    w = space.window
    for term, score, i in rows:
        d = int(occ["doc"].iloc[i])
        if d not in spans:
            spans[d] = tokenize_spans(texts[d])
        sp = spans[d]
        s, e = int(occ["token_start"].iloc[i]), int(occ["token_end"].iloc[i])
        if e > len(sp) or s >= len(sp):
            continue
        lo = sp[max(0, s - w)][1]
        hi = sp[min(len(sp), e + w) - 1][2]
        row = {
            "term": term,
            "score": score,
            "doc_id": occ["doc_id"].iloc[i],
            "start": sp[s][1],
            "end": sp[e - 1][2],
            "passage": " ".join(texts[d][lo:hi].split()),
        }
        row.update(
            {
                c: occ[c].iloc[i]
                for c in occ.columns
                if c not in ("doc", "doc_id", "token_start", "token_end", "text")
            }
        )
        out.append(row)
    return pd.DataFrame(out)
