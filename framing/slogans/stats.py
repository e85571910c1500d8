"""Statistics for phrase and slogan counts: rates, shares, first use, dispersion.

Every function takes the tidy frames produced by :mod:`framing.lexicon.matcher`
and returns a tidy frame that keeps the grouping columns, so that
``groupby(["source", "year"])`` or a plot is one step away.

Input frames
------------
``matches``
    One row per occurrence (:func:`framing.lexicon.matcher.find_matches`):
    ``doc_id``, ``entry``, ``variant`` and document metadata such as
    ``source``, ``year`` and ``date``; ``token_start`` for dispersion plots.
``counts``
    One row per ``(doc_id, entry, variant)`` with the count ``n``
    (:func:`framing.lexicon.matcher.count_matches`). A ``matches`` frame is accepted
    wherever ``counts`` is expected; each of its rows counts once.
``doc_tokens``
    One row per document with its number of word ``tokens`` and its metadata
    (:func:`framing.lexicon.matcher.document_tokens`). It defines the denominator:
    every document and every group in it appears in the output, with zero
    counts where an entry was not used.

Statistics
----------
Rates are occurrences per 10,000 tokens with exact Poisson (Garwood 1936)
confidence intervals: for ``n`` occurrences in ``T`` tokens the limits are
``chi2.ppf(a/2, 2n) / 2`` and ``chi2.ppf(1 - a/2, 2n + 2) / 2`` (the lower
limit is 0 when ``n == 0``), divided by ``T`` and multiplied by 10,000.
Shares of documents use the Wilson (1927) score interval. Dispersion is
Gries' (2008) deviation of proportions ``DP`` and its normalisation
``DP_norm = DP / (1 - min(s))`` (Lijffijt & Gries 2012), where ``s`` are the
relative sizes of the corpus parts.

Examples
--------
>>> import pandas as pd
>>> counts = pd.DataFrame({"doc_id": ["a", "a", "b"], "entry": ["x", "x", "x"],
...                        "variant": ["v1", "v2", "v1"], "n": [2, 1, 1]})
>>> docs = pd.DataFrame({"doc_id": ["a", "b", "c"], "tokens": [1000, 1000, 2000],
...                      "source": ["CHN", "CHN", "USA"]})
>>> r = rates(counts, docs, by="source")
>>> r[["source", "entry", "n", "docs_with", "rate_per_10k"]]
  source entry  n  docs_with  rate_per_10k
0    CHN     x  4          2          20.0
1    USA     x  0          0           0.0
>>> round(float(r.loc[1, "ci_high"]), 4)  # 3.6889 / 2000 tokens * 10,000
18.4444
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from framing._util import as_list as _as_list
from framing._util import renamed_arguments
from framing.intervals import check_conf_level, poisson_interval, wilson_interval

__all__ = [
    "poisson_interval",
    "wilson_interval",
    "rates",
    "document_share",
    "first_use",
    "dispersion",
    "dp",
    "variant_shares",
]

PER = 10_000
NO_TOKENS_NOTE = "no tokens in this group: rate set to 0, interval undefined"


# ----------------------------------------------------------------------------
# Intervals
# ----------------------------------------------------------------------------


def _require(frame: pd.DataFrame, columns: Iterable[str], name: str) -> None:
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"{name} must be a pandas DataFrame, got {type(frame).__name__}")
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"{name} lacks the column(s) {missing}; it has {list(frame.columns)}")


def _entry_ids(entries, counts: pd.DataFrame | None = None) -> list[str]:
    """Entry ids from a list, a lexicon-like object or the counts."""
    if entries is None:
        if counts is None or counts.empty:
            return []
        return sorted(pd.unique(counts["entry"].astype(str)))
    if isinstance(entries, str):
        return [entries]
    for attr in ("ids", "entry_ids"):
        value = getattr(entries, attr, None)
        if value is not None:
            return list(value() if callable(value) else value)
    value = getattr(entries, "entries", None)
    if value is not None:
        if isinstance(value, dict):
            return list(value)
        return [getattr(e, "id", e) for e in value]
    return [getattr(e, "id", e) for e in entries]


def _check_entry_ids(entry_ids: list[str], entries, counts: pd.DataFrame) -> None:
    """Entry ids asked for by name must be entries of the lexicon that was
    matched (recorded on the frames of :func:`framing.lexicon.matcher.scan_corpus`)."""
    known = counts.attrs.get("entries") if hasattr(counts, "attrs") else None
    if entries is None or not known:
        return
    unknown = [e for e in entry_ids if e not in set(known)]
    if unknown:
        import difflib

        from framing.errors import LexiconError

        hints = [m for e in unknown[:3] for m in difflib.get_close_matches(str(e), known, n=1)]
        hint = f"; did you mean {hints}?" if hints else ""
        raise LexiconError(
            f"entries={unknown} are not entries of the lexicon{hint} (known ids: {list(known)})"
        )


def _counts_n(counts: pd.DataFrame) -> pd.Series:
    """The count column: ``n`` if present, else one per row (a matches frame)."""
    if "n" in counts.columns:
        n = pd.to_numeric(counts["n"], errors="raise")
        if (n < 0).any() or n.isna().any():
            bad = counts.loc[(n < 0) | n.isna(), "doc_id"].head(3).tolist()
            raise ValueError(f"counts has missing or negative n (documents {bad})")
        return n.astype("int64")
    return pd.Series(1, index=counts.index, dtype="int64")


def _doc_table(doc_tokens: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    _require(doc_tokens, ["doc_id", "tokens", *by], "doc_tokens")
    if doc_tokens["doc_id"].duplicated().any():
        dup = doc_tokens.loc[doc_tokens["doc_id"].duplicated(), "doc_id"].iloc[0]
        raise ValueError(f"doc_tokens has more than one row for document {dup!r}")
    tokens = pd.to_numeric(doc_tokens["tokens"], errors="raise")
    if tokens.isna().any() or (tokens < 0).any():
        bad = doc_tokens.loc[tokens.isna() | (tokens < 0), "doc_id"].iloc[0]
        raise ValueError(f"doc_tokens has a missing or negative token count for document {bad!r}")
    cols = ["doc_id", *[c for c in by if c != "doc_id"]]
    out = doc_tokens[cols].copy()
    out["tokens"] = tokens.astype("int64").to_numpy()
    out["doc_id"] = out["doc_id"].astype(str)
    return out


def _per_doc_counts(counts: pd.DataFrame, entry_ids: list[str], level: list[str]) -> pd.DataFrame:
    """Counts summed per (doc_id, entry[, variant]), restricted to ``entry_ids``."""
    _require(counts, ["doc_id", "entry", *level[1:]], "counts")
    c = pd.DataFrame({"doc_id": counts["doc_id"].astype(str), "entry": counts["entry"].astype(str)})
    for col in level[1:]:
        c[col] = counts[col].astype(str)
    c["n"] = _counts_n(counts).to_numpy()
    c = c[c["entry"].isin(entry_ids)]
    return c.groupby(["doc_id", *level], sort=False, observed=True, as_index=False)["n"].sum()


def _check_docs_known(per_doc: pd.DataFrame, docs: pd.DataFrame) -> None:
    unknown = set(per_doc["doc_id"]) - set(docs["doc_id"])
    if unknown:
        ex = sorted(unknown)[:3]
        raise ValueError(
            f"counts name {len(unknown)} document(s) missing from doc_tokens, e.g. {ex}; "
            "pass the doc_tokens of the same corpus"
        )


def _groups(docs: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """One row per group: docs and tokens (groups with missing keys kept)."""
    if not by:
        return pd.DataFrame({"docs": [len(docs)], "tokens": [int(docs["tokens"].sum())]})
    g = docs.groupby(by, dropna=False, sort=True, observed=True)
    return g.agg(docs=("doc_id", "size"), tokens=("tokens", "sum")).reset_index()


# ----------------------------------------------------------------------------
# Rates
# ----------------------------------------------------------------------------


@renamed_arguments(conf="conf_level")
def rates(
    counts: pd.DataFrame,
    doc_tokens: pd.DataFrame,
    by: str | Sequence[str] | None = None,
    entries=None,
    conf_level: float = 0.95,
    variants: bool = False,
) -> pd.DataFrame:
    """Rate of each entry per 10,000 tokens per group, with exact intervals.

    Parameters
    ----------
    counts : DataFrame
        ``doc_id``, ``entry``, ``n`` (and ``variant`` when ``variants``); a
        matches frame (one row per occurrence) is accepted too.
    doc_tokens : DataFrame
        ``doc_id``, ``tokens`` and the ``by`` columns, one row per document.
        Every group of it appears in the output, also where an entry has no
        occurrence (``n = 0``, rate 0, a finite upper limit).
    by : str, list of str or None, default None
        Grouping columns of ``doc_tokens`` (``"source"``, ``["source",
        "year"]``, ``"doc_id"`` for one row per document). ``None``: no
        grouping, one row per entry for the whole corpus. Missing keys form their own group.
    entries : list of str or Lexicon, optional
        Entries to report (also those never matched). Default: the entries
        present in ``counts``.
    conf_level : float, default 0.95
        Confidence level of the Garwood interval.
    variants : bool, default False
        Report one row per ``(entry, variant)`` instead of per entry; the
        variants of an entry are those seen anywhere in ``counts``.

    Returns
    -------
    DataFrame
        The ``by`` columns, ``entry`` (``variant``), ``n`` (occurrences),
        ``docs`` (documents in the group), ``docs_with`` (documents with at
        least one occurrence), ``tokens``, ``rate_per_10k``, ``ci_low``,
        ``ci_high`` (limits of the rate per 10,000 tokens) and ``note``.
        A group whose documents have no tokens at all has rate 0, NaN limits
        and the note ``"no tokens in this group: ..."``; ``note`` is empty
        otherwise.

    Examples
    --------
    >>> import pandas as pd
    >>> counts = pd.DataFrame({"doc_id": ["d1"], "entry": ["bri"], "n": [1]})
    >>> docs = pd.DataFrame({"doc_id": ["d1", "d2"], "tokens": [5000, 5000], "year": [2015, 2016]})
    >>> rates(counts, docs, by="year").round(4)[["year", "n", "rate_per_10k", "ci_low", "ci_high"]]
       year  n  rate_per_10k  ci_low  ci_high
    0  2015  1           2.0  0.0506  11.1433
    1  2016  0           0.0  0.0000   7.3778
    """
    by = _as_list(by)
    conf_level = check_conf_level(conf_level)
    entry_ids = _entry_ids(entries, counts)
    _check_entry_ids(entry_ids, entries, counts)
    level = ["entry", "variant"] if variants else ["entry"]
    docs = _doc_table(doc_tokens, by)
    per_doc = _per_doc_counts(counts, entry_ids, level)
    _check_docs_known(per_doc, docs)

    groups = _groups(docs, by)
    if variants:
        keys = per_doc[level].drop_duplicates()
        keys = keys[keys["entry"].isin(entry_ids)]
        seen = set(keys["entry"])
        extra = pd.DataFrame({"entry": [e for e in entry_ids if e not in seen], "variant": ""})
        keys = pd.concat([keys, extra], ignore_index=True)
        keys["_order"] = keys["entry"].map({e: i for i, e in enumerate(entry_ids)})
        keys = keys.sort_values(["_order", "variant"], kind="stable").drop(columns="_order")
    else:
        keys = pd.DataFrame({"entry": pd.Series(entry_ids, dtype=object)})
    grid = groups.merge(keys, how="cross")
    per_doc["used"] = (per_doc["n"] > 0).astype("int64")

    if by:
        per_doc = per_doc.merge(docs[["doc_id", *[c for c in by if c != "doc_id"]]], on="doc_id")
        agg = (
            per_doc.groupby([*by, *level], dropna=False, sort=False, observed=True)
            .agg(n=("n", "sum"), docs_with=("used", "sum"))
            .reset_index()
        )
        out = grid.merge(agg, on=[*by, *level], how="left")
    else:
        agg = per_doc.groupby(level, sort=False).agg(n=("n", "sum"), docs_with=("used", "sum")).reset_index()
        out = grid.merge(agg, on=level, how="left")
    out["n"] = out["n"].fillna(0).astype("int64")
    out["docs_with"] = out["docs_with"].fillna(0).astype("int64")
    out["docs"] = out["docs"].astype("int64")
    out["tokens"] = out["tokens"].astype("int64")

    tokens = out["tokens"].to_numpy(dtype=float)
    low, high = poisson_interval(out["n"].to_numpy(), conf_level)
    has_tokens = tokens > 0
    safe = np.where(has_tokens, tokens, 1.0)
    out["rate_per_10k"] = np.where(has_tokens, out["n"].to_numpy() / safe * PER, 0.0)
    out["ci_low"] = np.where(has_tokens, low / safe * PER, np.nan)
    out["ci_high"] = np.where(has_tokens, high / safe * PER, np.nan)
    out["note"] = np.where(has_tokens, "", NO_TOKENS_NOTE)
    cols = [*by, *level, "n", "docs", "docs_with", "tokens", "rate_per_10k", "ci_low", "ci_high", "note"]
    return out[cols].reset_index(drop=True)


@renamed_arguments(conf="conf_level")
def document_share(
    counts: pd.DataFrame,
    doc_tokens: pd.DataFrame,
    by: str | Sequence[str] | None = None,
    entries=None,
    conf_level: float = 0.95,
) -> pd.DataFrame:
    """Share of the documents of each group that use each entry.

    A document uses an entry when it has at least one occurrence. The
    interval is the Wilson score interval of ``docs_with / docs``.

    Parameters
    ----------
    counts, doc_tokens, by, entries, conf_level
        As in :func:`rates` (``by=None``: no grouping, the share of all
        documents).

    Returns
    -------
    DataFrame
        The ``by`` columns, ``entry``, ``docs``, ``docs_with``, ``share``,
        ``ci_low``, ``ci_high``.

    Examples
    --------
    >>> import pandas as pd
    >>> counts = pd.DataFrame({"doc_id": ["a", "b", "c"], "entry": "x", "n": [4, 1, 2]})
    >>> docs = pd.DataFrame({"doc_id": list("abcdefghij"), "tokens": 100})
    >>> document_share(counts, docs).round(4)
      entry  docs  docs_with  share  ci_low  ci_high
    0     x    10          3    0.3  0.1078   0.6032
    """
    by = _as_list(by)
    r = rates(counts, doc_tokens, by=by, entries=entries, conf_level=conf_level)
    out = r[[*by, "entry", "docs", "docs_with"]].copy()
    out["share"] = out["docs_with"] / out["docs"]
    low, high = wilson_interval(out["docs_with"].to_numpy(), out["docs"].to_numpy(), conf_level)
    out["ci_low"] = low
    out["ci_high"] = high
    return out.reset_index(drop=True)


# ----------------------------------------------------------------------------
# First use
# ----------------------------------------------------------------------------


def first_use(matches: pd.DataFrame, by: str | Sequence[str] | None = None, entries=None) -> pd.DataFrame:
    """When each group (e.g. source) first used each entry, and in which document.

    Documents are ordered by ``date`` where it is known, then by ``year``,
    then by ``doc_id``; a document without date and year sorts last.

    Parameters
    ----------
    matches : DataFrame
        Occurrences or counts with ``doc_id``, ``entry``, the ``by`` columns
        and ``year`` and/or ``date``.
    by : str, list of str or None, default None
        Who uses the entry (e.g. ``"source"``); ``None``: no grouping, the
        first use of each entry in the whole corpus.
    entries : list of str, optional
        Restrict to these entries.

    Returns
    -------
    DataFrame
        The ``by`` columns, ``entry``, ``first_year``, ``first_date`` (if the
        input has at least one date), ``first_doc_id``, ``last_year``, ``docs_with``
        (documents of the group using the entry) and ``n`` (occurrences),
        sorted by entry, first use and group.

    Examples
    --------
    >>> import pandas as pd
    >>> m = pd.DataFrame({"doc_id": ["CHN_68_2013", "CHN_70_2015", "PAK_73_2018"],
    ...                   "entry": "csf", "source": ["CHN", "CHN", "PAK"],
    ...                   "year": [2013, 2015, 2018]})
    >>> first_use(m, by="source")[["source", "first_year", "first_doc_id", "docs_with"]]
      source  first_year first_doc_id  docs_with
    0    CHN        2013  CHN_68_2013          2
    1    PAK        2018  PAK_73_2018          1
    >>> first_use(m)[["entry", "first_year", "first_doc_id", "docs_with"]]
      entry  first_year first_doc_id  docs_with
    0   csf        2013  CHN_68_2013          3
    """
    by = _as_list(by)
    _require(matches, ["doc_id", "entry", *by], "matches")
    has_date = "date" in matches.columns and bool(
        pd.to_datetime(matches["date"], errors="coerce").notna().any()
    )
    has_year = "year" in matches.columns
    if not (has_date or has_year):
        raise ValueError("matches needs a `year` or `date` column to order first uses")
    m = matches.copy()
    m["n"] = _counts_n(matches).to_numpy()
    m = m[m["n"] > 0]
    if entries is not None:
        m = m[m["entry"].isin(_entry_ids(entries))]
    m["doc_id"] = m["doc_id"].astype(str)
    if has_date:
        m["_date"] = pd.to_datetime(m["date"], errors="coerce")
    else:
        m["_date"] = pd.NaT
    if has_year:
        m["_year"] = pd.to_numeric(m["year"], errors="coerce")
    else:
        m["_year"] = m["_date"].dt.year
    m["_year"] = m["_year"].fillna(m["_date"].dt.year)
    m = m.sort_values(["_date", "_year", "doc_id"], na_position="last", kind="stable")
    keys = [*by, "entry"]
    g = m.groupby(keys, dropna=False, sort=False, observed=True)
    first = g.head(1).set_index(keys)
    out = pd.DataFrame(
        {
            "first_year": first["_year"].astype("Int64"),
            "first_doc_id": first["doc_id"],
        }
    )
    if has_date:
        out.insert(1, "first_date", first["_date"])
    agg = g.agg(last_year=("_year", "max"), docs_with=("doc_id", "nunique"), n=("n", "sum"))
    out = out.join(agg).reset_index()
    out["last_year"] = out["last_year"].astype("Int64")
    out["docs_with"] = out["docs_with"].astype("int64")
    out["n"] = out["n"].astype("int64")
    sort = ["entry", "first_date"] if has_date else ["entry"]
    out = out.sort_values([*sort, "first_year", *by], na_position="last", kind="stable")
    return out.reset_index(drop=True)


# ----------------------------------------------------------------------------
# Dispersion
# ----------------------------------------------------------------------------


def dp(frequencies, sizes) -> tuple[float, float]:
    """Gries' deviation of proportions and its normalised form.

    ``DP = 0.5 * sum(|v_i / f - s_i / S|)`` where ``v_i`` are the
    frequencies of an item in the corpus parts, ``f`` their sum, ``s_i`` the
    part sizes and ``S`` their sum. 0 means the item is spread exactly in
    proportion to the part sizes, values near 1 that it is concentrated in
    a small part. ``DP_norm = DP / (1 - min(s_i / S))`` (Lijffijt & Gries
    2012) rescales DP so that its maximum, reached when every occurrence is
    in the smallest part, is 1.

    Parameters
    ----------
    frequencies : array of int
        Occurrences per part (``f`` must be > 0).
    sizes : array of number
        Part sizes (tokens), all >= 0 and summing to more than 0.

    Returns
    -------
    (DP, DP_norm) : floats; DP_norm is NaN with a single part.

    Examples
    --------
    Three equal parts, two thirds of the occurrences in one part, one third
    in another:

    >>> [round(x, 4) for x in dp([2, 1, 0], [100, 100, 100])]
    [0.3333, 0.5]
    """
    v = np.asarray(frequencies, dtype=float)
    s = np.asarray(sizes, dtype=float)
    if v.shape != s.shape or v.ndim != 1 or len(v) == 0:
        raise ValueError("frequencies and sizes must be 1-d arrays of the same, non-zero length")
    if np.any(v < 0) or np.any(s < 0):
        raise ValueError("frequencies and sizes must be non-negative")
    f, total = v.sum(), s.sum()
    if f <= 0:
        raise ValueError("DP is undefined for an item that does not occur (f = 0)")
    if total <= 0:
        raise ValueError("DP is undefined for parts of total size 0")
    expected = s / total
    value = float(0.5 * np.abs(v / f - expected).sum())
    denom = 1.0 - float(expected.min())
    norm = value / denom if len(v) > 1 and denom > 0 else float("nan")
    return value, norm


def dispersion(
    matches: pd.DataFrame,
    doc_tokens: pd.DataFrame,
    parts: str = "doc_id",
    by: str | Sequence[str] | None = None,
    entries=None,
) -> pd.DataFrame:
    """Dispersion of each entry over the parts of a corpus (Gries' DP).

    Parameters
    ----------
    matches : DataFrame
        Occurrences (or counts with ``n``) with ``doc_id`` and ``entry``.
    doc_tokens : DataFrame
        ``doc_id``, ``tokens`` and the ``parts``/``by`` columns.
    parts : str, default "doc_id"
        What a corpus part is: each document (``"doc_id"``) or the documents
        sharing a value of a metadata column (``"year"``, ``"source"``).
        The size of a part is its number of tokens.
    by : str, list of str or None, default None
        Compute dispersion separately within each group (e.g. per
        ``source`` over its documents); ``None``: no grouping, one
        dispersion over the whole corpus.
    entries : list of str or Lexicon, optional
        Entries to report; default those present in ``matches``.

    Returns
    -------
    DataFrame
        The ``by`` columns, ``entry``, ``f`` (occurrences), ``parts``
        (number of parts), ``range`` (parts with at least one occurrence),
        ``DP`` and ``DP_norm`` (see :func:`dp`), and ``note``. An entry with
        no occurrence in a group gets NaN for DP and DP_norm and the note
        ``"no occurrences: DP undefined"``; a group of a single part gets a
        NaN DP_norm and the note ``"one part: DP_norm undefined"``.

    Examples
    --------
    >>> import pandas as pd
    >>> m = pd.DataFrame({"doc_id": ["a", "a", "b"], "entry": "x"})
    >>> docs = pd.DataFrame({"doc_id": ["a", "b", "c"], "tokens": [100, 100, 100]})
    >>> dispersion(m, docs).round(4)
      entry  f  parts  range      DP  DP_norm note
    0     x  3      3      2  0.3333      0.5
    """
    by = _as_list(by)
    if parts in by:
        raise ValueError(f"parts column {parts!r} cannot also be a `by` column")
    entry_ids = _entry_ids(entries, matches)
    docs = _doc_table(doc_tokens, list(dict.fromkeys([*by, parts])))
    per_doc = _per_doc_counts(matches, entry_ids, ["entry"])
    _check_docs_known(per_doc, docs)
    group_cols = [*by, parts]
    sizes = docs.groupby(group_cols, dropna=False, sort=True, observed=True)["tokens"].sum()
    freq = (
        per_doc.merge(docs[list(dict.fromkeys(["doc_id", *group_cols]))], on="doc_id")
        .groupby([*group_cols, "entry"], dropna=False, observed=True)["n"]
        .sum()
    )
    rows = []
    groups = sizes.groupby(level=list(range(len(by))), dropna=False, sort=True) if by else [((), sizes)]
    for key, part_sizes in groups:
        key = key if isinstance(key, tuple) else (key,)
        part_index = part_sizes.index
        for entry in entry_ids:
            if len(freq):
                sub = freq.xs(entry, level="entry") if entry in freq.index.get_level_values("entry") else None
            else:
                sub = None
            v = np.zeros(len(part_sizes))
            if sub is not None:
                aligned = sub.reindex(part_index)
                v = aligned.fillna(0).to_numpy(dtype=float)
            f = int(v.sum())
            row = dict(zip(by, key, strict=True))
            row.update(entry=entry, f=f, parts=len(part_sizes), range=int((v > 0).sum()))
            if f == 0:
                row.update(DP=np.nan, DP_norm=np.nan, note="no occurrences: DP undefined")
            elif part_sizes.sum() <= 0:
                row.update(DP=np.nan, DP_norm=np.nan, note="parts have no tokens: DP undefined")
            else:
                value, norm = dp(v, part_sizes.to_numpy(dtype=float))
                note = "one part: DP_norm undefined" if len(part_sizes) == 1 else ""
                row.update(DP=value, DP_norm=norm, note=note)
            rows.append(row)
    cols = [*by, "entry", "f", "parts", "range", "DP", "DP_norm", "note"]
    out = pd.DataFrame(rows, columns=cols)
    out["f"] = out["f"].astype("int64")
    out["parts"] = out["parts"].astype("int64")
    out["range"] = out["range"].astype("int64")
    out["DP"] = out["DP"].astype(float)
    out["DP_norm"] = out["DP_norm"].astype(float)
    return out


# ----------------------------------------------------------------------------
# Variant shares
# ----------------------------------------------------------------------------


@renamed_arguments(conf="conf_level")
def variant_shares(
    counts: pd.DataFrame,
    by: str | Sequence[str] | None = None,
    entries=None,
    conf_level: float = 0.95,
) -> pd.DataFrame:
    """Share of each variant among the occurrences of its entry, per group.

    Parameters
    ----------
    counts : DataFrame
        ``entry``, ``variant``, ``n`` and the ``by`` columns (a matches frame
        is accepted too).
    by : str, list of str or None, default None
        Groups (e.g. ``"year"``); ``None``: no grouping, the shares in the
        whole corpus.
    entries : list of str or Lexicon, optional
        Restrict to these entries.
    conf_level : float, default 0.95
        Confidence level of the Wilson interval of each share.

    Returns
    -------
    DataFrame
        The ``by`` columns, ``entry``, ``variant``, ``n`` (occurrences of the
        variant), ``entry_n`` (of the entry in the group), ``share``,
        ``ci_low``, ``ci_high``. Only groups in which the entry occurs are
        listed, each with every variant of the entry seen anywhere in
        ``counts`` (zero where unused), so the shares of a group sum to 1.

    Examples
    --------
    >>> import pandas as pd
    >>> c = pd.DataFrame({"entry": "csf", "variant": ["destiny", "future", "future"],
    ...                   "year": [2013, 2015, 2016], "n": [1, 3, 1]})
    >>> variant_shares(c, by="year")[["year", "variant", "n", "share"]]
       year  variant  n  share
    0  2013  destiny  1    1.0
    1  2013   future  0    0.0
    2  2015  destiny  0    0.0
    3  2015   future  3    1.0
    4  2016  destiny  0    0.0
    5  2016   future  1    1.0
    """
    by = _as_list(by)
    _require(counts, ["entry", "variant", *by], "counts")
    c = counts[[*by, "entry", "variant"]].copy()
    c["entry"] = c["entry"].astype(str)
    c["variant"] = c["variant"].astype(str)
    c["n"] = _counts_n(counts).to_numpy()
    if entries is not None:
        c = c[c["entry"].isin(_entry_ids(entries))]
    cols = [*by, "entry", "variant", "n", "entry_n", "share", "ci_low", "ci_high"]
    if c.empty:
        return pd.DataFrame(columns=cols)
    keys = [*by, "entry"]
    totals = c.groupby(keys, dropna=False, sort=True, observed=True)["n"].sum()
    totals = totals[totals > 0].rename("entry_n").reset_index()
    variants = c[["entry", "variant"]].drop_duplicates()
    grid = totals.merge(variants, on="entry")
    per = c.groupby([*keys, "variant"], dropna=False, observed=True)["n"].sum().reset_index()
    out = grid.merge(per, on=[*keys, "variant"], how="left")
    out["n"] = out["n"].fillna(0).astype("int64")
    out["entry_n"] = out["entry_n"].astype("int64")
    out["share"] = out["n"] / out["entry_n"]
    low, high = wilson_interval(out["n"].to_numpy(), out["entry_n"].to_numpy(), conf_level)
    out["ci_low"] = low
    out["ci_high"] = high
    out = out.sort_values([*by, "entry", "variant"], kind="stable", na_position="last")
    return out[cols].reset_index(drop=True)
