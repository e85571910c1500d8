"""The main job: a reproducible framing report of a corpus.

:func:`build_report` runs the analyses chosen in a configuration and writes
into one folder:

- ``index.html``: a self-contained page (figures embedded, no network) with
  one section per analysis, each figure with a one-line reading guide and
  links to its table and image files;
- ``figures/*.png`` and ``figures/*.svg``: every figure;
- ``tables/*.csv``: every table, including ``load_report.csv`` (what the
  reader skipped and why);
- ``explorer.html``: the term explorer of the compared sources
  (:func:`framing.explore`), when there are at least two; every figure of
  ``index.html`` links to the passages behind it (:mod:`framing.evidence`);
- ``manifest.json``: the corpus fingerprint (document count and content
  hash), lexicon versions and hashes, every parameter and random seed, the
  library and dependency versions, the command that rebuilds the report, and
  the SHA-256 of every file written. Its only time-dependent field is
  ``created``.

The report is built in a hidden temporary folder beside the output and moved
into place only when every section has succeeded, so a failed run never
leaves a half-written report that looks complete.

Examples
--------
>>> import tempfile, pathlib
>>> from framing import load_corpus
>>> out = pathlib.Path(tempfile.mkdtemp()) / "rep"
>>> result = build_report(load_corpus("seeds"), out, config={"sections": ["summary"]}, log=None)
>>> sorted(p.name for p in out.iterdir())
['explorer.html', 'figures', 'index.html', 'manifest.json', 'tables']
"""

from __future__ import annotations

import base64
import dataclasses
import difflib
import hashlib
import html
import json
import platform
import shutil
import tempfile
import time
from collections.abc import Callable
from datetime import datetime, timezone
from importlib import metadata as importlib_metadata
from pathlib import Path
from typing import Any

import matplotlib
import matplotlib.pyplot as plt
import pandas as pd
import yaml
from matplotlib.ticker import MaxNLocator

from framing.corpus.core import Corpus
from framing.corpus.grouping import resolve_grouping
from framing.errors import ReportError
from framing.text.analyses import corpus_summary

__all__ = [
    "DEFAULT_CONFIG",
    "ReportError",
    "Section",
    "build_report",
    "load_config",
    "load_report_corpus",
    "plot_summary",
    "corpus_fingerprint",
    "report_title",
]


# Every option of the report, with its default. A configuration file gives
# any subset; unknown keys are errors.
DEFAULT_CONFIG: dict[str, Any] = {
    "corpus": "ungdc",
    "sample": None,
    "random_state": 0,
    "sections": ["summary", "slogans", "topics", "sentiment", "frames", "keyness"],
    "by": "auto",
    "segment": None,
    "subset": None,
    "period": "auto",
    "sources": None,
    "max_sources": 5,
    "lexicons": [],
    "slogans": {"entries": None, "top": 6},
    "topics": {"k": 10, "backend": "nmf", "max_docs": 4000, "split_paragraphs": "auto", "n_sims": 100},
    "sentiment": {"actors": None, "min_docs": 3, "method": "vader", "seeds": "diplomatic"},
    "frames": {},
    "keyness": {"method": "G2", "top": 15},
}

_DEPENDENCIES = (
    "numpy",
    "pandas",
    "pyarrow",
    "scipy",
    "scikit-learn",
    "gensim",
    "nltk",
    "matplotlib",
    "pyyaml",
    "tqdm",
    "vadersentiment",
    "hyperscan",
    "tomotopy",
)


@dataclasses.dataclass
class Figure:
    name: str
    figure: Any
    guide: str
    table: str | None = None


@dataclasses.dataclass
class Section:
    """What one analysis contributes: a title, an introduction, figures and tables."""

    key: str
    title: str
    intro: str = ""
    figures: list[Figure] = dataclasses.field(default_factory=list)
    tables: dict[str, pd.DataFrame] = dataclasses.field(default_factory=dict)
    notes: list[str] = dataclasses.field(default_factory=list)

    def add_table(self, name: str, frame: pd.DataFrame) -> str:
        self.tables[name] = frame
        return name

    def add_figure(self, name: str, figure, guide: str, table: str | None = None) -> None:
        self.figures.append(Figure(name, figure, guide, table))


# --------------------------------------------------------------------------
# configuration
# --------------------------------------------------------------------------


def _check_keys(given: dict, allowed: dict, where: str) -> None:
    for key in given:
        if key not in allowed:
            close = difflib.get_close_matches(str(key), list(allowed), n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise ReportError(f"{where}: unknown option {key!r}{hint} (known: {sorted(allowed)})")


def load_config(config: str | Path | dict | None = None) -> dict:
    """The full report configuration: defaults updated with ``config``.

    ``config`` is a dictionary or the path of a YAML file. Unknown options
    (typos) raise :class:`ReportError` naming the option and the closest
    known one.

    Examples
    --------
    >>> load_config({"topics": {"k": 5}})["topics"]["k"]
    5
    >>> load_config({"topic": {"k": 5}})
    Traceback (most recent call last):
    ...
    framing.errors.ReportError: config: unknown option 'topic'; did you mean 'topics'? ...
    """
    where = "config"
    if config is None:
        given: dict = {}
    elif isinstance(config, dict):
        given = config
    else:
        where = str(config)
        try:
            with open(config, encoding="utf-8") as fh:
                given = yaml.safe_load(fh) or {}
        except FileNotFoundError:
            raise ReportError(f"{config}: no such configuration file") from None
        except yaml.YAMLError as exc:
            raise ReportError(f"{config}: not valid YAML: {exc}") from None
        if not isinstance(given, dict):
            raise ReportError(f"{config}: expected a mapping of options at the top level")
    _check_keys(given, DEFAULT_CONFIG, where)
    out = json.loads(json.dumps(DEFAULT_CONFIG))
    for key, value in given.items():
        if isinstance(DEFAULT_CONFIG[key], dict):
            if not isinstance(value, dict):
                raise ReportError(f"{where}: option {key!r} takes a mapping of options")
            _check_keys(value, DEFAULT_CONFIG[key], f"{where}: {key}")
            out[key].update(value)
        else:
            out[key] = value
    if isinstance(out["by"], str) and out["by"].strip().lower() not in ("auto", "none"):
        out["by"] = [c.strip() for c in out["by"].split(",") if c.strip()]
    if isinstance(out["sections"], str):
        out["sections"] = [out["sections"]]
    sample = out["sample"]
    if sample is not None and (isinstance(sample, bool) or not isinstance(sample, int) or sample < 1):
        raise ReportError(
            f"{where}: option 'sample' (--sample) must be a positive number of documents, not {sample!r}"
        )
    if isinstance(out["by"], str):
        out["by"] = out["by"].strip().lower()  # "auto" or "none"
    elif out["by"] is None:
        out["by"] = "none"
    elif not isinstance(out["by"], list) or not all(isinstance(c, str) for c in out["by"]):
        raise ReportError(
            f"{where}: option 'by' (--by) must be a list of column names, 'auto' or 'none', not {out['by']!r}"
        )
    unknown = [s for s in out["sections"] if s not in SECTIONS]
    if unknown:
        raise ReportError(f"{where}: unknown sections {unknown}; choose from {list(SECTIONS)}")
    return out


# --------------------------------------------------------------------------
# fingerprints and versions
# --------------------------------------------------------------------------


def corpus_fingerprint(corpus: Corpus) -> dict:
    """Document count and SHA-256 over every ``doc_id`` and text, in order."""
    h = hashlib.sha256()
    for doc_id, text in zip(corpus.docs["doc_id"], corpus.docs["text"], strict=True):
        h.update(doc_id.encode("utf-8"))
        h.update(b"\x00")
        h.update(text.encode("utf-8"))
        h.update(b"\x01")
    return {
        "name": corpus.name,
        "documents": len(corpus),
        "content_sha256": h.hexdigest(),
        "skipped": len(corpus.load_report.skipped),
    }


def _versions() -> dict:
    from framing._version import __version__

    deps: dict[str, str | None] = {}
    for name in _DEPENDENCIES:
        try:
            deps[name] = importlib_metadata.version(name)
        except importlib_metadata.PackageNotFoundError:
            deps[name] = None
    return {"framing": __version__, "python": platform.python_version(), "dependencies": deps}


def _sha256_file(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --------------------------------------------------------------------------
# sections
# --------------------------------------------------------------------------


def plot_summary(
    summary: pd.DataFrame, top: int = 8, group: str | None = "source", time: str | None = "year", lengths=None
) -> plt.Figure:
    """How much text each group contributes over time, and documents per group.

    ``summary`` is the frame of :func:`framing.corpus_summary` by ``group`` and
    ``time`` (either may be ``None``). Without a time axis the left panel
    shows the distribution of document ``lengths`` (tokens per document);
    without groups the right panel shows documents per year, and is left out
    when there is neither.
    """
    has_time = bool(time) and time in summary.columns and summary[time].notna().any()
    has_group = bool(group) and group in summary.columns
    if has_group or has_time:
        fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(12, 4.5), gridspec_kw={"width_ratios": [2, 1]})
    else:
        fig, ax1 = plt.subplots(figsize=(7, 4.2))
        ax2 = None
    if has_group:
        by_group = summary.groupby(group, dropna=False)[["documents", "tokens"]].sum()
        largest = by_group["tokens"].sort_values(ascending=False, kind="stable").index[:top]
    if has_time:
        assert time is not None  # has_time needs a time column
        timed = summary[summary[time].notna()].assign(**{time: lambda d: d[time].astype(int)})
        if has_group:
            other = f"other {group} values"
            data = timed.assign(_group=timed[group].where(timed[group].isin(largest), other))
            table = data.pivot_table(index=time, columns="_group", values="tokens", aggfunc="sum").fillna(0)
            order = [s for s in largest if s in table.columns] + ([other] if other in table.columns else [])
            table = table[order].rename(columns=lambda c: _short(c))
            if len(table) > 15:
                table.plot.area(ax=ax1, linewidth=0, colormap="tab20")
            elif len(table) > 1:
                # Few years: stacked bars, no area drawn between years without text.
                table.plot.bar(ax=ax1, stacked=True, width=0.8, colormap="tab20", rot=0)
            else:
                table.T.plot.bar(ax=ax1, legend=False, color="#4c72b0", rot=30)
                ax1.set_xlabel(group)
            if len(table) > 1:
                ax1.legend(
                    fontsize=7,
                    ncols=2,
                    loc="upper center",
                    bbox_to_anchor=(0.5, -0.14),
                    title=group,
                    title_fontsize=7,
                    frameon=False,
                )
            ax1.set_title(f"Tokens per {time} by {group}")
        else:
            per = timed.groupby(time)["tokens"].sum()
            ax1.bar(per.index.to_numpy(), per.to_numpy(), color="#4c72b0")
            ax1.set_title(f"Tokens per {time}")
        if not has_group or len(table) > 15:
            ax1.set_xlabel(time)
            ax1.xaxis.set_major_locator(MaxNLocator(integer=True))
        elif len(table) > 1:
            ax1.set_xlabel(time)
        ax1.set_ylabel("tokens")
    else:
        values = pd.Series([] if lengths is None else list(lengths), dtype=float)
        ax1.hist(values, bins=int(min(30, max(5, len(values)))), color="#4c72b0")
        ax1.set_xlabel("tokens per document")
        ax1.set_ylabel("documents")
        ax1.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax1.set_title(f"Document lengths ({len(values):,} documents)")
    if has_group:
        docs = by_group["documents"].sort_values(ascending=True, kind="stable").tail(15)
        ax2.barh([_short(s) for s in docs.index], docs.to_numpy(), color="#4c72b0")
        ax2.set_xlabel("documents")
        ax2.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax2.set_title(f"Documents per {group}" + (" (largest 15)" if len(by_group) > 15 else ""))
    elif has_time:
        per = timed.groupby(time)["documents"].sum()
        ax2.bar(per.index.to_numpy(), per.to_numpy(), color="#4c72b0")
        ax2.xaxis.set_major_locator(MaxNLocator(nbins=4, integer=True))  # a narrow panel
        ax2.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax2.set_xlabel(time)
        ax2.set_ylabel("documents")
        ax2.set_title(f"Documents per {time}")
    fig.tight_layout()
    return fig


def _short(label, width: int = 36) -> str:
    """A group label cut to ``width`` characters for axes and legends."""
    import textwrap

    return textwrap.shorten(str(label), width, placeholder="...")


def _grouping_note(corpus: Corpus, config: dict, g) -> list[str]:
    """What the grouping is, and why a default could not apply, in plain words."""
    notes = []
    auto = isinstance(config["by"], str) and config["by"] == "auto"
    if auto and not g.groups:
        notes.append(
            "The corpus has no source column, so documents are not grouped; give "
            "--by COLUMN (or by: in the configuration) to compare groups."
        )
    if not g.time and corpus.docs["year"].isna().all():
        notes.append("No document has a year or a date, so no figure shows change over time.")
    return notes


def summary_section(corpus: Corpus, config: dict, ctx: dict) -> Section:
    g = ctx["grouping"]
    groups = f" from {corpus.docs[g.label].nunique():,} values of {g.label}" if g.label else ""
    sec = Section(
        "summary",
        "Corpus",
        (
            f"{len(corpus):,} segments of {corpus.docs['document'].nunique():,} documents"
            if config.get("segment") and "document" in corpus.docs.columns
            else f"{len(corpus):,} document{'s' if len(corpus) != 1 else ''}"
        )
        + groups
        + _year_span(corpus)
        + f"; the analyses below are {g.describe()}"
        + f"; {len(corpus.load_report.skipped)} inputs skipped by the reader (see the load report).",
    )
    sec.notes.extend(_grouping_note(corpus, config, g))
    summary = corpus_summary(corpus, by=g.columns)
    sec.add_table("corpus_summary", summary)
    sec.add_table("load_report", corpus.load_report.to_frame())
    lengths = None
    if not g.time:
        from framing.text.tokenize import tokenize

        lengths = corpus.docs["text"].map(lambda t: len(tokenize(t)))
    sec.add_figure(
        "corpus_summary",
        plot_summary(summary, group=g.label, time=g.time, lengths=lengths),
        "How much text each group contributes (over time when the corpus has years): read "
        "every later figure against these volumes."
        if (g.label or g.time)
        else "How long the documents are: read every later figure against these volumes.",
        "corpus_summary",
    )
    return sec


def _year_span(corpus: Corpus) -> str:
    years = corpus.docs["year"].dropna()
    return f", {int(years.min())}-{int(years.max())}" if len(years) else ""


# Sources compared by default in the named corpora: the five permanent
# members of the Security Council in the General Debate.
DEFAULT_SOURCES = {"ungdc": ["CHN", "USA", "RUS", "GBR", "FRA"]}


def compared_sources(corpus: Corpus, config: dict, column: str = "source") -> list[str]:
    """The groups the report compares: configured (``sources``), the corpus
    default, else the ``max_sources`` largest values of ``column``."""
    present = set(corpus.docs[column].dropna())
    default = (
        [s for s in DEFAULT_SOURCES.get(corpus.name, []) if s in present] if (column == "source") else []
    )
    if not config.get("sources") and len(default) >= 2:
        return default
    if config.get("sources"):
        missing = [s for s in config["sources"] if s not in present]
        if missing:
            raise ReportError(
                f"config: sources {missing} are not values of {column!r} in the "
                f"corpus (it has {sorted(map(str, present))[:10]})"
            )
        return list(config["sources"])
    sizes = corpus.docs.groupby(column)["text"].agg(lambda s: int(s.str.len().sum()))
    return sizes.sort_values(ascending=False, kind="stable").index[: config["max_sources"]].tolist()


def _compared(corpus: Corpus, config: dict, ctx: dict) -> tuple[Corpus, list | None]:
    """The documents of the compared groups (all documents without groups)."""
    if "compared" not in ctx:
        g = ctx["grouping"]
        if not g.label:
            ctx["compared"] = (corpus, None)
        else:
            groups = compared_sources(corpus, config, g.label)
            equals: dict[str, Any] = {g.label: groups}
            ctx["compared"] = (corpus.subset(**equals), groups)
    return ctx["compared"]


def _groups_phrase(corpus: Corpus, g, groups: list | None) -> str:
    if not groups:
        return "all documents"
    n_all = corpus.docs[g.label].nunique()
    names = ", ".join(map(str, groups))
    if n_all > len(groups):
        return f"the documents of {g.label} {names} ({len(groups)} of {n_all} values)"
    return f"the documents of {g.label} {names}"


def _with_constant(corpus: Corpus, column: str, value: str) -> Corpus:
    return Corpus(
        corpus.docs.assign(**{column: value}),
        name=corpus.name,
        load_report=corpus.load_report,
        _validated=True,
    )


def _periods(years: pd.Series, bins: int) -> pd.Series:
    """Years cut into ``bins`` equal-width periods labelled ``"2015-2016"`` (or ``"2017"``)."""
    from framing.compare.keyness import bin_labels

    labels = bin_labels(years.astype("float"), bins)
    labels = labels.map(
        lambda v: v if not isinstance(v, str) or v.split("-")[0] != v.split("-")[-1] else v.split("-")[0]
    )
    return labels.fillna("(no year)")


def keyness_section(corpus: Corpus, config: dict, ctx: dict) -> Section:
    from framing.compare.keyness import keyness
    from framing.compare.plots import plot_keyness

    opts = config["keyness"]
    g = ctx["grouping"]
    sub, groups = _compared(corpus, config, ctx)
    sec = Section("keyness", "Distinctive words", "")
    years = sub.docs["year"]
    if groups and len(groups) >= 2:
        by, data = g.label, sub
        sec.intro = (
            f"Words over-used by each {g.label} ({', '.join(map(str, groups))}) against "
            f"the others ({opts['method']} keyness, stop words removed)."
        )
    elif g.time and years.nunique() >= 2:
        bins = int(min(4, years.nunique()))
        period = _periods(years, bins)
        data = Corpus(
            sub.docs.assign(period=period.to_numpy()),
            name=sub.name,
            load_report=sub.load_report,
            _validated=True,
        )
        by = "period"
        within = f" within {g.label} {groups[0]}" if groups else ""
        sec.intro = (
            f"Words over-used in each of {bins} periods against the other periods"
            f"{within} ({opts['method']} keyness, stop words removed)."
        )
    else:
        if groups:
            why = f"every compared document has the same {g.label} ({groups[0]})"
        else:
            why = "the report is not grouped (no --by column)"
        if not g.time:
            why += (
                " and the corpus has no year to compare periods"
                if corpus.docs["year"].isna().all()
                else " and the time axis is not part of --by"
            )
        elif years.nunique() < 2:
            why += (
                f" and every document is from {int(years.dropna().iloc[0])}"
                if years.notna().any()
                else " and no document has a year"
            )
        sec.intro = "Keyness compares groups of documents with each other."
        sec.notes.append(f"No keyness table: {why}. Give --by COLUMN to compare groups.")
        return sec
    table = keyness(data, by=by, method=opts["method"], stopwords=True, min_count=5)
    sec.add_table("keyness", table)
    if len(table) == 0:
        sec.notes.append(
            "No word is over-used by any group at the minimum count of 5; "
            "the corpus is too small for keyness."
        )
        return sec
    fig = plot_keyness(table, n=opts["top"], negative=False)
    sec.add_figure(
        "keyness",
        fig,
        "Longer bars: words a group uses far more than the others; "
        "read them as its distinctive vocabulary, not its topics.",
        "keyness",
    )
    return sec


def sentiment_section(corpus: Corpus, config: dict, ctx: dict) -> Section:
    from framing.tone.sentiment import actor_tone, actor_tone_summary, plot_actor_tone

    opts = config["sentiment"]
    g = ctx["grouping"]
    sub, groups = _compared(corpus, config, ctx)
    where = f"{_groups_phrase(corpus, g, groups)}, {g.describe()}"
    method = opts["method"]
    if method not in ("vader", "lss"):
        raise ReportError(f"config: sentiment: method must be 'vader' or 'lss', got {method!r}")
    if method == "lss":
        intro = (
            f"Mean Latent Semantic Scaling score (seeds: {opts['seeds']}; fitted on these "
            "documents; 0 is the mean sentence, 1 a standard deviation; higher = closer "
            f"to the positive seeds) of the sentences that name each actor in {where}, "
            "with 95% intervals over documents. LSS ranks sentences along its seed words; "
            "its values have no absolute meaning, and it should be validated on hand-coded "
            "sentences of this corpus (framing.validate)."
        )
    else:
        intro = (
            "Mean VADER compound score (from -1, negative, to +1, positive) of the "
            f"sentences that name each actor in {where}, with 95% intervals over "
            "documents. VADER was built for social media: it can read diplomatic protest "
            "as praise, so validate it (framing.validate) or use method: lss."
        )
    sec = Section("sentiment", "Tone toward actors", intro)
    rows = actor_tone(sub, opts["actors"], keep_text=False, method=method, seeds=opts["seeds"])
    ctx["actor_tone_rows"] = rows  # the sentences behind the figure, for its evidence
    by = [c for c in g.columns if c in rows.columns]
    if len(rows) and "year" in by:
        rows, by = with_period(rows, by, period_width(config, rows["year"]))
    if not by:
        rows, by = rows.assign(corpus=ctx["title"]), ["corpus"]
    summary = actor_tone_summary(rows, by=by) if len(rows) else rows
    sec.add_table("actor_tone", summary)
    if len(rows):
        min_docs = opts["min_docs"]
        if not (summary["n"] >= min_docs).any():
            min_docs = 1
        eligible = summary[summary["n"] >= min_docs]
        weight = eligible.groupby("actor", observed=True)["n"].sum()
        actors = weight.sort_values(ascending=False, kind="stable").index[:6].tolist()
        x, hue = _x_and_hue(by, rows, g.label or "corpus")
        assert x is not None  # by is not empty here
        fig = plot_actor_tone(
            summary,
            x=x,
            hue=hue,
            actors=[str(a) for a in actors],
            min_docs=min_docs,
            bounds=None if method == "lss" else (-1, 1),
        )
        if method == "lss":
            for ax in fig.axes:
                if ax.get_ylabel():
                    ax.set_ylabel("mean LSS score (95% CI)")
        if x in ("year", "period"):
            for ax in fig.axes:
                ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        sec.add_figure(
            "actor_tone",
            fig,
            "Points above zero: sentences naming the actor read "
            "positive on average; intervals that overlap zero do not show a clear tone.",
            "actor_tone",
        )
    else:
        from framing.tone.sentiment import load_actors

        names = ", ".join(load_actors().names[:8]) if opts["actors"] is None else "the given actors"
        sec.notes.append(
            f"No sentence of {_groups_phrase(corpus, g, groups)} ({len(sub):,} "
            f"documents) names an actor of the actor lexicon ({names} ...)."
        )
    return sec


def _lexicon(names: list, config: dict, ctx: dict):
    """A shipped lexicon plus the configured user files; recorded for the manifest."""
    from framing.lexicon.core import load_lexicon

    lex = load_lexicon(*names, *config["lexicons"])
    for f in lex.files:
        ctx.setdefault("lexicons", {})[Path(str(f["path"])).name] = {
            "name": lex.name,
            "version": lex.version,
            "sha256": f["sha256"],
            "shipped": bool(f.get("shipped")),
        }
    return lex


def period_width(config: dict, years: pd.Series) -> int:
    """Years per period in the trend figures: ``period`` of the config, or
    with ``"auto"`` 5 when more than 20 distinct years, else 1."""
    width = config["period"]
    if width == "auto":
        return 5 if years.dropna().nunique() > 20 else 1
    if not isinstance(width, int) or width < 1:
        raise ReportError(f"config: period must be a positive number of years or 'auto', not {width!r}")
    return width


def with_period(frame: pd.DataFrame, by: list[str], width: int) -> tuple[pd.DataFrame, list[str]]:
    """Replace ``year`` in ``by`` with ``period`` (first year of its ``width``-year period)."""
    if width == 1 or "year" not in by or "year" not in frame.columns:
        return frame, by
    frame = frame.assign(period=(frame["year"] // width) * width)
    return frame, ["period" if c == "year" else c for c in by]


def _x_and_hue(
    by: list[str], frame: pd.DataFrame, label: str | None = "source"
) -> tuple[str | None, str | None]:
    """The x axis (the time axis when it varies, else the group) and the line colour."""
    for time_col in ("period", "year"):
        if time_col in by and frame[time_col].nunique() > 1:
            return time_col, (label if label and label in by else None)
    if label and label in by:
        return label, None
    return (by[0] if by else None), None


def _plot_rate_bars(table: pd.DataFrame, entries: list, lex, x: str | None) -> plt.Figure:
    """Rates per 10,000 tokens with 95% intervals: one panel per slogan, one bar per group."""
    n = len(entries)
    ncols = min(3, n)
    nrows = -(-n // ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(4.6 * ncols, 3.2 * nrows), squeeze=False)
    for ax, entry in zip(axes.flat, entries):
        sub = table[table["entry"] == entry]
        labels = [str(v) for v in sub[x]] if x else ["all documents"]
        rate = sub["rate_per_10k"].to_numpy(dtype=float)
        err = [rate - sub["ci_low"].to_numpy(dtype=float), sub["ci_high"].to_numpy(dtype=float) - rate]
        ax.barh(labels, rate, xerr=err, color="#4c72b0", capsize=2)
        ax.invert_yaxis()
        ax.set_xlim(left=0)
        ax.set_xlabel("per 10,000 tokens (95% CI)")
        ax.set_title(lex[entry].label, fontsize=9)
    for ax in list(axes.flat)[n:]:
        ax.set_visible(False)
    fig.tight_layout()
    return fig


# Fewest documents behind a point of a trend figure.
MIN_TREND_DOCS = 5


def slogans_section(corpus: Corpus, config: dict, ctx: dict) -> Section:
    from framing.lexicon.matcher import counts_from_matches, scan_corpus
    from framing.slogans.plots import plot_rate_trend, plot_variant_shares
    from framing.slogans.stats import first_use, rates, variant_shares

    opts = config["slogans"]
    g = ctx["grouping"]
    lex = _lexicon(["slogans"], config, ctx)
    sub, _groups = _compared(corpus, config, ctx)
    sec = Section(
        "slogans",
        "Slogans",
        f"Occurrences of the {len(lex)} entries of the slogan lexicon (every wording of each "
        "slogan counted once), per 10,000 tokens, with exact Poisson 95% intervals.",
    )
    matches, doc_tokens = scan_corpus(corpus, lex, offsets=False)
    ctx["doc_tokens"] = doc_tokens
    ctx["slogan_matches"] = matches  # where the passages behind the figures are
    counts = counts_from_matches(matches, doc_tokens, lex)
    by = [c for c in g.columns if c in doc_tokens.columns]
    totals = counts.groupby("entry")["n"].sum().sort_values(ascending=False, kind="stable")
    entries = opts["entries"]
    if not entries:
        # The flagship slogan first, then the most frequent others.
        ranked = [e for e in totals.index if totals[e] > 0]
        if "community_shared_future" in ranked:
            ranked.remove("community_shared_future")
            ranked.insert(0, "community_shared_future")
        entries = ranked[: opts["top"]]
    unknown = [e for e in entries if e not in lex.entries]
    if unknown:
        raise ReportError(f"config: slogans: entries {unknown} are not in the slogan lexicon")
    overall = rates(counts, doc_tokens, by=None, entries=list(lex.entries))
    sec.add_table("slogan_totals", overall)
    if not entries or totals.sum() == 0:
        sec.notes.append(
            f"No slogan of the lexicon occurs in this corpus ({len(corpus):,} "
            f"documents, {int(doc_tokens['tokens'].sum()):,} tokens)."
        )
        return sec
    docs_sub = doc_tokens[doc_tokens["doc_id"].isin(set(sub.docs["doc_id"]))]
    width = period_width(config, docs_sub["year"]) if "year" in by else 1
    docs_sub, trend_by = with_period(docs_sub, by, width)
    counts_sub = counts[counts["doc_id"].isin(set(docs_sub["doc_id"]))]
    table = rates(counts_sub, docs_sub, by=trend_by or None, entries=list(entries))
    sec.add_table("slogan_rates", table)
    x, hue = _x_and_hue(trend_by, docs_sub, g.label)
    whose = f"each {g.label}'s documents" if hue else "the documents"
    if x in ("year", "period"):
        span = f"{width}-year periods (labelled by their first year)" if x == "period" else "year"
        # Points resting on a handful of documents have intervals so wide
        # that they flatten every other line: left out of the figure.
        enough = table[table["docs"] >= MIN_TREND_DOCS]
        if len(enough) < len(table) and enough[x].nunique() > 1:
            sec.notes.append(
                f"The trend figure leaves out {len(table) - len(enough)} points "
                f"(group, {x} and slogan) resting on fewer than {MIN_TREND_DOCS} "
                "documents; the table has them."
            )
            table = enough
        elif len(enough) < len(table):
            sec.notes.append(
                ("No" if enough[x].nunique() == 0 else "Only one")
                + f" {x} has {MIN_TREND_DOCS} or more documents"
                + (f" per {hue}" if hue else "")
                + ", so the figure shows rates over "
                "the whole corpus instead of a trend."
            )
            x = None
    if x in ("year", "period"):
        n = len(entries)
        ncols = min(3, n)
        nrows = -(-n // ncols)
        fig, axes = plt.subplots(nrows, ncols, figsize=(5.2 * ncols, 3.6 * nrows), squeeze=False)
        for ax, entry in zip(axes.flat, entries):
            plot_rate_trend(table, entry=entry, x=x, hue=hue, ax=ax, title=lex[entry].label)
            ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        for ax in list(axes.flat)[n:]:
            ax.set_visible(False)
        fig.tight_layout()
        sec.add_figure(
            "slogan_trends",
            fig,
            "Each panel is one slogan: the line is its rate per 10,000 tokens in "
            f"{whose} by {span}, the band its 95% interval; wide bands "
            "mean little text.",
            "slogan_rates",
        )
    else:
        tname = "slogan_rates" if x else "slogan_totals"
        if x is None and hue:
            x, tname = hue, "slogan_rates_by_group"
            table = rates(counts_sub, docs_sub, by=[hue], entries=list(entries))
            sec.add_table(tname, table)
        fig = _plot_rate_bars(table if x else overall[overall["entry"].isin(entries)], list(entries), lex, x)
        sec.add_figure(
            "slogan_rates",
            fig,
            "Each panel is one slogan: bars are its rate per 10,000 tokens"
            + (f" in the documents of each {x}" if x else " in the corpus")
            + ", whiskers the 95% interval; long whiskers mean little text.",
            tname,
        )
    shares_by = ["year"] if "year" in matches.columns and matches["year"].nunique() > 1 else None
    shares = variant_shares(counts, by=shares_by)
    sec.add_table("slogan_variant_shares", shares)
    multi = shares.groupby("entry")["variant"].nunique()
    focus = next((e for e in entries if multi.get(e, 0) > 1), None)
    if focus is not None and shares_by:
        fig = plot_variant_shares(shares, entry=focus, x="year", title=lex[focus].label)
        fig.axes[0].xaxis.set_major_locator(MaxNLocator(integer=True))
        sec.add_figure(
            "slogan_variants",
            fig,
            "How the wordings of one slogan share its occurrences each year: a band "
            "that grows is a wording taking over.",
            "slogan_variant_shares",
        )
    if g.label and g.label in matches.columns and len(matches):
        sec.add_table("slogan_first_use", first_use(matches, by=g.label))
    return sec


def topics_section(corpus: Corpus, config: dict, ctx: dict) -> Section:
    from framing.topics.dtm import DTMBuilder
    from framing.topics.effects import effect_formula, prediction_grid
    from framing.topics.model import TopicModel, estimate_effect
    from framing.topics.plots import plot_prevalence, plot_top_terms

    opts = config["topics"]
    g = ctx["grouping"]
    sub, groups = _compared(corpus, config, ctx)
    if len(sub) > opts["max_docs"]:
        sub = sub.sample(opts["max_docs"], random_state=config["random_state"])
    k = int(opts["k"])
    split = opts["split_paragraphs"]
    if split == "auto":
        # Paragraphs are the units of long documents, and of corpora with too
        # few documents for k topics.
        split = (len(sub) < 2000 and sub.docs["text"].str.len().mean() > 3000) or len(sub) < 4 * k
    sec = Section("topics", "Topics", "")
    builder = DTMBuilder(split="paragraphs" if split else None, phrases=True)
    try:
        dtm = builder.fit_transform(sub)
    except ValueError as exc:  # an empty vocabulary: the message says which filter
        sec.intro = "Topic models need a vocabulary shared by several documents."
        sec.notes.append(f"No topic model for {_groups_phrase(corpus, g, groups)}: {exc}.")
        return sec
    units = dtm.matrix.shape[0]
    unit_name = "paragraphs" if split else "documents"
    if units < 4:
        sec.intro = "Topic models need several documents or paragraphs."
        sec.notes.append(
            f"No topic model: {_groups_phrase(corpus, g, groups)} make only {units} "
            f"non-empty {unit_name} after stop words are removed; at least 4 are needed."
        )
        return sec
    if units < 2 * k:
        k_used = max(2, units // 2)
        sec.notes.append(
            f"Only {units} {unit_name}: {k_used} topics were fitted instead of the configured {k}."
        )
        k = k_used
    sec.intro = (
        f"{k} topics ({opts['backend'].upper()}) fitted to {_groups_phrase(corpus, g, groups)}"
        + (" split into paragraphs" if split else "")
        + "."
    )
    model = TopicModel(k, backend=opts["backend"], random_state=config["random_state"]).fit(dtm)
    ctx["topic_model"] = model  # for the evidence (most representative paragraphs)
    top = model.top_terms(10)
    sec.add_table("topic_terms", top)
    summary = model.topic_summary()
    summary["c_npmi"] = model.coherence(dtm, "c_npmi")
    sec.add_table("topic_summary", summary)
    sec.add_figure(
        "topic_terms",
        plot_top_terms(top),
        "The ten most probable terms of each topic; the topic's name is its top words, not a judgement.",
        "topic_terms",
    )
    by = [c for c in g.columns if c in model.docs_.columns and model.docs_[c].nunique() > 1]
    if not by:
        if g.columns:
            sec.notes.append(
                f"Topic prevalence is not compared: every {unit_name[:-1]} has the "
                f"same {' and '.join(g.columns)}."
            )
        else:
            sec.notes.append(
                "Topic prevalence is not compared: the report is not grouped "
                "(no --by column) and has no time axis; the topic summary table "
                "gives each topic's share of the corpus."
            )
        return sec
    effects = formula = None
    cluster = "parent_id" if split and "parent_id" in model.docs_.columns else None
    # The full formula first; simpler ones when a small corpus cannot carry it.
    candidates = [effect_formula(model.docs_, by)]
    candidates += [effect_formula(model.docs_, [c]) for c in by] if len(by) > 1 else []
    for formula in candidates:
        try:
            kwargs = {"cluster": cluster} if cluster else {}
            effects = estimate_effect(
                model, formula, n_sims=opts["n_sims"], random_state=config["random_state"], **kwargs
            )
            break
        except ValueError as exc:
            sec.notes.append(f"Effect formula {formula!r} cannot be estimated here: {exc}")
    if effects is not None:
        sec.intro += (
            f" Prevalence {g.describe()} is estimated with 95% intervals that carry the "
            "uncertainty of the topic proportions (method of composition)"
            + (
                ", resampling whole documents since the paragraphs or segments of one "
                "document are not independent"
                if effects.cluster_column_
                else ""
            )
            + "."
        )
        pred = effects.predict(**prediction_grid(model.docs_, effects.design_))
        sec.add_table("topic_prevalence", pred)
        kinds = {f.column: f.kind for f in effects.design_.factors.values()}
        nums = [c for c, kd in kinds.items() if kd != "categorical"]
        cats = [c for c, kd in kinds.items() if kd == "categorical"]
        x = nums[0] if nums else cats[0]
        group = cats[0] if nums and cats else None
        if nums:
            fig = plot_prevalence(pred, x=x, hue=group)
        else:
            fig = plot_prevalence_bars(pred, x)
        sec.add_figure(
            "topic_prevalence",
            fig,
            f"Expected share of each topic by {x}"
            + (f", one line per {group}" if group else "")
            + f" ({formula}); {'bands' if nums else 'whiskers'} are 95% intervals.",
            "topic_prevalence",
        )
        sec.notes.append(f"Effect formula: {formula}")
    return sec


def plot_prevalence_bars(pred: pd.DataFrame, x: str, ncols: int = 4) -> plt.Figure:
    """Expected topic share per group (a categorical covariate), with 95% intervals."""
    topics = list(pred.groupby("topic", sort=True))
    ncols = min(ncols, len(topics))
    nrows = -(-len(topics) // ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(3.4 * ncols, 2.6 * nrows), squeeze=False)
    for ax, (topic, t) in zip(axes.flat, topics):
        labels = t[x].astype(str).tolist()
        est = t["estimate"].to_numpy(dtype=float)
        err = [est - t["lower"].to_numpy(dtype=float), t["upper"].to_numpy(dtype=float) - est]
        ax.barh(labels, est, xerr=err, color="#4c72b0", capsize=2)
        ax.invert_yaxis()
        ax.set_xlim(0, min(1.0, max(0.05, float(t["upper"].max()) * 1.15)))
        title = t["label"].iloc[0] if "label" in t.columns else f"topic {topic}"
        ax.set_title(str(title), fontsize=8)
        ax.tick_params(labelsize=7)
    for ax in list(axes.flat)[len(topics) :]:
        ax.set_visible(False)
    fig.supxlabel("expected topic proportion (95% CI)", fontsize=9)
    fig.tight_layout()
    return fig


def frames_section(corpus: Corpus, config: dict, ctx: dict) -> Section:
    from framing.compare.frames import frame_shares, plot_frame_shares

    g = ctx["grouping"]
    sub, _groups = _compared(corpus, config, ctx)
    lex = _lexicon(["frames"], {**config, "lexicons": []}, ctx)
    if g.label:
        by, data = g.label, sub
        per = f"each {g.label}'s documents"
    elif g.time and sub.docs["year"].nunique() > 1:
        years = sub.docs["year"]
        period = _periods(years, int(min(4, years.nunique())))
        data = Corpus(
            sub.docs.assign(period=period.to_numpy()),
            name=sub.name,
            load_report=sub.load_report,
            _validated=True,
        )
        by, per = "period", "the documents of each period"
    else:
        by, data, per = "corpus", _with_constant(sub, "corpus", ctx["title"]), "all documents"
    sec = Section(
        "frames",
        "Frames",
        f"Share of each of the {len(lex)} frame dimensions among the frame indicators of a "
        f"document, averaged over {per} (95% t intervals).",
    )
    shares = frame_shares(data, lex, by=by, random_state=config["random_state"])
    sec.add_table("frame_shares", shares)
    if "n_framed" in shares.columns and not (shares["n_framed"] > 0).any():
        sec.notes.append("No document contains a frame indicator of the frame lexicon.")
        return sec
    try:
        fig = plot_frame_shares(shares, hue=by)
    except ValueError as exc:  # no frame indicator at all (e.g. a lexicon without Chinese terms)
        sec.notes.append(f"No figure: {exc}.")
        return sec
    sec.add_figure(
        "frame_shares",
        fig,
        "Dots further right: a group gives that frame a larger "
        "share of its framing vocabulary; compare across groups, not across frames.",
        "frame_shares",
    )
    return sec


SECTIONS: dict[str, tuple[str, Callable[[Corpus, dict, dict], Section]]] = {
    "summary": ("Corpus summary", summary_section),
    "slogans": ("Slogans", slogans_section),
    "topics": ("Topics", topics_section),
    "sentiment": ("Tone toward actors", sentiment_section),
    "frames": ("Frames", frames_section),
    "keyness": ("Distinctive words", keyness_section),
}


# --------------------------------------------------------------------------
# writing
# --------------------------------------------------------------------------

_CSS = """
body{font-family:system-ui,-apple-system,Segoe UI,Helvetica,Arial,sans-serif;max-width:1100px;
margin:2em auto;padding:0 1em;color:#222;line-height:1.45}
h1{margin-bottom:.2em}h2{border-bottom:1px solid #ddd;padding-bottom:.2em;margin-top:2em}
figure{margin:1.2em 0}figure img{max-width:100%;height:auto;border:1px solid #eee}
figcaption{font-size:.92em;color:#444}nav a{margin-right:1em}.meta{color:#666;font-size:.9em}
table{border-collapse:collapse;font-size:.9em}td,th{padding:2px 8px;border-bottom:1px solid #eee;
text-align:left}.note{color:#8a5a00}
"""


def _save_figure(fig, folder: Path, name: str) -> tuple[str, str, bytes]:
    png = folder / f"{name}.png"
    svg = folder / f"{name}.svg"
    fig.savefig(png, dpi=110, metadata={"Software": None})
    with matplotlib.rc_context({"svg.hashsalt": "framing"}):
        fig.savefig(svg, metadata={"Date": None, "Creator": None})
    plt.close(fig)
    return png.name, svg.name, png.read_bytes()


def _render_html(
    sections: list[Section], images: dict, manifest: dict, corpus: Corpus, evidence=None, title: str = ""
) -> str:
    title = title or report_title(corpus, manifest.get("config", {}))
    parts = [
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>",
        f"<title>framing report: {html.escape(title)}</title>",
        f"<style>{_CSS}</style></head><body>",
        f"<h1>Framing report: {html.escape(title)}</h1>",
        f"<p class='meta'>{manifest['corpus']['documents']:,} documents; content SHA-256 "
        f"{manifest['corpus']['content_sha256'][:16]}&hellip;; framing "
        f"{html.escape(manifest['versions']['framing'])}. Rebuild with "
        f"<code>{html.escape(manifest['rebuild'])}</code>. "
        "<a href='manifest.json'>manifest.json</a></p>",
        evidence.header if evidence else "",
        "<nav>" + "".join(f"<a href='#{s.key}'>{html.escape(s.title)}</a>" for s in sections) + "</nav>",
    ]
    for sec in sections:
        parts.append(f"<section id='{sec.key}'><h2>{html.escape(sec.title)}</h2>")
        if sec.intro:
            parts.append(f"<p>{html.escape(sec.intro)}</p>")
        for note in sec.notes:
            parts.append(f"<p class='note'>{html.escape(note)}</p>")
        for fig in sec.figures:
            png_name, svg_name, data = images[fig.name]
            b64 = base64.b64encode(data).decode("ascii")
            links = [f"<a href='figures/{png_name}'>PNG</a>", f"<a href='figures/{svg_name}'>SVG</a>"]
            if fig.table:
                links.insert(0, f"<a href='tables/{fig.table}.csv'>table (CSV)</a>")
            links += evidence.links(fig.name) if evidence else []
            parts.append(
                f"<figure id='fig-{fig.name}'><img src='data:image/png;base64,{b64}' "
                f"alt='{html.escape(fig.guide)}'><figcaption><b>How to read it:</b> "
                f"{html.escape(fig.guide)} &middot; {' &middot; '.join(links)}</figcaption></figure>"
            )
        parts.append(evidence.html(sec.key) if evidence else "")
        other = [t for t in sec.tables if t not in {f.table for f in sec.figures}]
        if other:
            parts.append(
                "<p>Tables: "
                + ", ".join(f"<a href='tables/{t}.csv'>{html.escape(t)}.csv</a>" for t in other)
                + "</p>"
            )
        parts.append("</section>")
    parts.append("</body></html>")
    return "\n".join(parts)


def prepare_units(corpus: Corpus, config: dict) -> Corpus:
    """The units the report analyses: documents, or their segments
    (``segment``: a recipe name such as ``"press_conference"``, or a mapping
    of :meth:`~framing.corpus.core.Corpus.segment` options), restricted by
    ``subset`` (a mapping of column to accepted value or values, e.g.
    ``{"role": "answer"}``).

    Examples
    --------
    >>> c = Corpus.from_texts(["Q: Why?\\nA: Because.", "Q: When?\\nA: Now."])
    >>> prepare_units(c, {"segment": "press_conference", "subset": {"role": "answer"}}).texts
    ['Because.', 'Now.']
    """
    seg = config.get("segment")
    if seg:
        opts = {"recipe": seg} if isinstance(seg, str) else dict(seg)
        corpus = corpus.segment(**opts)
    where = config.get("subset")
    if where:
        if not isinstance(where, dict):
            raise ReportError(f"config: subset takes a mapping of column to values, not {where!r}")
        missing = [c for c in where if c not in corpus.docs.columns]
        if missing:
            raise ReportError(
                f"config: subset: no column {missing} in the corpus; columns are "
                f"{corpus.metadata_columns}"
                + ("" if seg else " (role and speaker come from segment: press_conference)")
            )
        before = len(corpus)
        corpus = corpus.subset(**where)
        if len(corpus) == 0:
            raise ReportError(f"config: subset {where} keeps none of the {before} units")
    return corpus


def report_title(corpus: Corpus, config: dict | None = None) -> str:
    """The report's title: the corpus's name, else the stem of the file or
    folder it was read from.

    Examples
    --------
    >>> report_title(Corpus.from_texts(["a"]), {"corpus": "data/pressers.jsonl"})
    'pressers'
    """
    if corpus.name:
        return str(corpus.name)
    for where in ((config or {}).get("corpus"), corpus.load_report.source):
        if where:
            path = Path(str(where))
            return path.stem if path.suffix else (path.name or str(where))
    return "unnamed corpus"


def load_report_corpus(config: dict, log: Callable[[str], None] | None = print) -> Corpus:
    """The corpus a configuration names, sampled as configured.

    The default corpus ``ungdc`` falls back to ``seeds`` when it is not in
    the data directory (with a message).
    """
    from framing.corpus.catalog import MissingCorpusError, load_corpus

    name = config["corpus"]
    try:
        corpus = load_corpus(name)
    except MissingCorpusError as exc:
        if name != "ungdc":
            raise
        if log:
            log(f"{exc}\nfalling back to the seed articles")
        corpus = load_corpus("seeds")
        config["corpus"] = "seeds"
    if config.get("sample"):
        corpus = corpus.sample(int(config["sample"]), random_state=config["random_state"])
    return corpus


def build_report(
    corpus: Corpus,
    out: str | Path,
    config: str | Path | dict | None = None,
    *,
    command: str | None = None,
    log: Callable[[str], None] | None = print,
    progress: bool = False,
) -> dict:
    """Write the framing report of ``corpus`` into the folder ``out``.

    Parameters
    ----------
    corpus : Corpus
    out : output folder: a new folder in an existing one, an empty folder or
        the folder of a previous report (recognised by its ``manifest.json``),
        which is replaced as a whole when the report succeeds. Anything else
        raises :class:`ReportError`; no user file is ever deleted.
    config : dictionary or YAML file of options (see :data:`DEFAULT_CONFIG`)
    command : the command line recorded in the manifest
    log : where stage messages go (``None`` for silence)
    progress : show a progress bar over the sections

    Returns
    -------
    dict
        ``files`` written, ``seconds`` per section, and the ``manifest``.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> import pandas as pd
    >>> from framing import load_corpus
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "report"
    >>> result = build_report(load_corpus("seeds"), out, config={"sections": ["keyness"]}, log=None)
    >>> sorted(result["seconds"]), result["manifest"]["corpus"]["documents"]
    (['keyness'], 4)
    >>> [f for f in result["files"] if f.startswith("tables/")]
    ['tables/keyness.csv']
    >>> pd.read_csv(out / "tables" / "keyness.csv").columns[:3].tolist()
    ['group', 'reference', 'term']
    """
    cfg = load_config(config)
    out = Path(out)
    if len(corpus) == 0:
        raise ReportError("the corpus has no documents; nothing to report")
    # (segmentation adds columns such as role and speaker: checked after it)
    by_cols = cfg["by"] if isinstance(cfg["by"], list) and not cfg.get("segment") else []
    missing = [c for c in by_cols if c not in corpus.docs.columns]
    if missing:
        raise ReportError(
            f"config option 'by': column(s) {missing} not in the corpus; "
            f"its columns are {corpus.metadata_columns}"
        )
    _check_output_folder(out)
    say = log or (lambda _msg: None)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.partial-", dir=out.parent))
    with _terminate_as_interrupt():
        try:
            _apply_umask(tmp)
            result = _build(corpus, tmp, cfg, command, say, progress)
            if out.exists():
                old = out.parent / f".{out.name}.old-{int(time.time() * 1000)}"
                out.rename(old)
                tmp.rename(out)
                shutil.rmtree(old, ignore_errors=True)
            else:
                tmp.rename(out)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
    return result


# Files and folders a report writes; a folder holding anything else is not
# a previous report and is never replaced.
def _check_output_folder(out: Path) -> None:
    """Refuse an output that is not a new folder, an empty one or a previous report."""
    name = out.name
    if (
        name in ("", ".", "..")
        or out.resolve() == Path.cwd().resolve()
        or (out.resolve() == out.resolve().parent)
    ):
        raise ReportError(
            f"--out {str(out)!r}: give a folder name for the report (e.g. --out report), "
            "not the current or a parent folder"
        )
    parent = out.parent
    if not parent.exists():
        raise ReportError(f"--out {str(out)!r}: the folder {str(parent)!r} does not exist; create it first")
    if not parent.is_dir():
        raise ReportError(f"--out {str(out)!r}: {str(parent)!r} is not a folder")
    if out.is_symlink():
        raise ReportError(
            f"--out {str(out)!r} is a symbolic link; give the folder itself or a new folder name"
        )
    if out.exists() and not out.is_dir():
        raise ReportError(f"--out {str(out)!r} exists and is a file, not a folder; choose a new folder name")
    if not out.exists():
        return
    try:
        entries = {p.name for p in out.iterdir()}
    except OSError as exc:
        raise ReportError(f"--out {str(out)!r}: cannot read the folder ({exc.strerror})") from None
    if not entries:
        return
    # A previous report is recognised by its manifest, which lists every file it wrote.
    manifest = out / "manifest.json"
    is_report = False
    others = sorted(entries)
    if manifest.is_file():
        try:
            data = json.loads(manifest.read_text(encoding="utf-8"))
            listed = set(data["files"]) | {"manifest.json"}
            others = sorted(entries - {f.split("/")[0] for f in listed})
            if others:  # top-level entries the report did not write: not walked further
                raise ValueError
            found = {
                p.relative_to(out).as_posix() for p in out.rglob("*") if not p.is_dir() or p.is_symlink()
            }
            others = sorted(found - listed)
            is_report = "rebuild" in data and not others
        except (OSError, ValueError, KeyError, TypeError):
            is_report = False
    if not is_report:
        shown = (others or sorted(entries))[:5]
        raise ReportError(
            f"--out {str(out)!r} is a folder that holds other files ({', '.join(shown)}"
            f"{' ...' if len(others or entries) > 5 else ''}), not a previous framing report; "
            "choose a new or empty folder (nothing was changed)"
        )


def _apply_umask(folder: Path) -> None:
    """Give the temporary folder the mode a new folder gets under the umask."""
    import os

    mask = os.umask(0)
    os.umask(mask)
    os.chmod(folder, 0o777 & ~mask)


class _terminate_as_interrupt:
    """While active in the main thread, SIGTERM raises KeyboardInterrupt so
    that the clean-up of an interrupted run is the same as for Ctrl-C."""

    def __enter__(self):
        import signal
        import threading

        self._old = None
        if threading.current_thread() is threading.main_thread():

            def handler(signum, frame):
                raise KeyboardInterrupt(f"terminated by signal {signum}")

            try:
                self._old = signal.signal(signal.SIGTERM, handler)
            except (ValueError, OSError):  # pragma: no cover
                self._old = None
        return self

    def __exit__(self, *exc):
        import signal

        if self._old is not None:
            signal.signal(signal.SIGTERM, self._old)
        return False


def _build(corpus, folder: Path, cfg: dict, command, say, progress) -> dict:
    from tqdm.auto import tqdm

    (folder / "figures").mkdir()
    (folder / "tables").mkdir()
    corpus = prepare_units(corpus, cfg)
    grouping = resolve_grouping(corpus.docs, cfg["by"])
    corpus = Corpus(
        grouping.apply(corpus.docs), load_report=corpus.load_report, name=corpus.name, _validated=True
    )
    ctx: dict = {
        "random_state": cfg["random_state"],
        "grouping": grouping,
        "title": report_title(corpus, cfg),
    }
    sections: list[Section] = []
    timings: dict[str, float] = {}
    images: dict[str, tuple] = {}
    names = cfg["sections"]
    for key in tqdm(names, desc="report", disable=not progress, unit="section"):
        _title, fn = SECTIONS[key]
        if fn is None:
            continue
        t0 = time.perf_counter()
        say(f"[{key}] ...")
        sec = fn(corpus, cfg, ctx)
        for name, frame in sec.tables.items():
            frame.to_csv(folder / "tables" / f"{name}.csv", index=False, lineterminator="\n")
        for fig in sec.figures:
            images[fig.name] = _save_figure(fig.figure, folder / "figures", fig.name)
        sections.append(sec)
        timings[key] = round(time.perf_counter() - t0, 2)
        say(f"[{key}] done in {timings[key]} s")
    manifest = {
        "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "command": command or "framing report",
        "rebuild": "framing report --rebuild manifest.json",
        "corpus": corpus_fingerprint(corpus),
        "config": cfg,
        "random_state": cfg["random_state"],
        "lexicons": ctx.get("lexicons", {}),
        "versions": _versions(),
        "seconds": timings,
    }
    from framing.evidence.render import report_evidence

    evidence = report_evidence(folder, sections, corpus, cfg, ctx)
    html_text = _render_html(sections, images, manifest, corpus, evidence, ctx["title"])
    (folder / "index.html").write_text(html_text, encoding="utf-8")
    files = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
    manifest["files"] = {f: _sha256_file(folder / f) for f in files}
    manifest.pop("seconds")
    manifest_text = json.dumps(manifest, indent=2, sort_keys=False, default=str) + "\n"
    (folder / "manifest.json").write_text(manifest_text, encoding="utf-8")
    return {"files": files + ["manifest.json"], "seconds": timings, "manifest": manifest}
