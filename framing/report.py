"""The main job: a reproducible framing report of a corpus.

:func:`build_report` runs the analyses chosen in a configuration and writes
into one folder:

- ``index.html``: a self-contained page (figures embedded, no network) with
  one section per analysis, each figure with a one-line reading guide and
  links to its table and image files;
- ``figures/*.png`` and ``figures/*.svg``: every figure;
- ``tables/*.csv``: every table, including ``load_report.csv`` (what the
  reader skipped and why);
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
['figures', 'index.html', 'manifest.json', 'tables']
"""

from __future__ import annotations

from .errors import ReportError  # noqa: F401

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

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import yaml  # noqa: E402
from matplotlib.ticker import MaxNLocator  # noqa: E402

from .corpus import Corpus  # noqa: E402

__all__ = [
    "DEFAULT_CONFIG",
    "ReportError",
    "Section",
    "build_report",
    "load_config",
    "load_report_corpus",
    "plot_summary",
    "corpus_fingerprint",
]



# Every option of the report, with its default. A configuration file gives
# any subset; unknown keys are errors.
DEFAULT_CONFIG: dict[str, Any] = {
    "corpus": "ungdc",
    "sample": None,
    "random_state": 0,
    "sections": ["summary", "slogans", "topics", "sentiment", "frames", "keyness"],
    "by": ["source", "year"],
    "period": "auto",
    "sources": None,
    "max_sources": 5,
    "lexicons": [],
    "slogans": {"entries": None, "top": 6},
    "topics": {"k": 10, "backend": "nmf", "max_docs": 4000, "split_paragraphs": "auto",
               "n_sims": 100},
    "sentiment": {"actors": None, "min_docs": 3},
    "frames": {},
    "keyness": {"method": "G2", "top": 15},
}

_DEPENDENCIES = ("numpy", "pandas", "pyarrow", "scipy", "scikit-learn", "gensim", "nltk",
                 "matplotlib", "pyyaml", "tqdm", "vadersentiment", "hyperscan", "tomotopy")


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
    framing.report.ReportError: config: unknown option 'topic'; did you mean 'topics'? ...
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
    if isinstance(out["by"], str):
        out["by"] = [out["by"]]
    if isinstance(out["sections"], str):
        out["sections"] = [out["sections"]]
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
    from . import __version__

    deps = {}
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


def plot_summary(summary: pd.DataFrame, top: int = 8) -> plt.Figure:
    """Tokens per year for the largest sources, and documents per source.

    ``summary`` is the frame of :meth:`Corpus.summary` by ``source`` and
    ``year``.
    """
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(12, 4.5), gridspec_kw={"width_ratios": [2, 1]})
    by_source = summary.groupby("source", dropna=False)[["documents", "tokens"]].sum()
    largest = by_source["tokens"].sort_values(ascending=False, kind="stable").index[:top]
    data = summary.assign(
        group=summary["source"].where(summary["source"].isin(largest), "other sources")
    )
    table = data.pivot_table(index="year", columns="group", values="tokens", aggfunc="sum").fillna(0)
    order = [s for s in largest if s in table.columns] + (
        ["other sources"] if "other sources" in table.columns else []
    )
    if len(table) > 1:
        table[order].plot.area(ax=ax1, linewidth=0, colormap="tab20")
        ax1.legend(fontsize=8, ncols=2, loc="upper left")
    elif len(table) == 1:
        table[order].T.plot.bar(ax=ax1, legend=False, color="#4c72b0")
    ax1.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax1.set_xlabel("year")
    ax1.set_ylabel("tokens")
    ax1.set_title("Tokens per year by source")
    docs = by_source["documents"].sort_values(ascending=True, kind="stable").tail(15)
    ax2.barh([str(s) for s in docs.index], docs.to_numpy(), color="#4c72b0")
    ax2.set_xlabel("documents")
    ax2.set_title("Documents per source (largest 15)")
    fig.tight_layout()
    return fig


def summary_section(corpus: Corpus, config: dict, ctx: dict) -> Section:
    sec = Section(
        "summary",
        "Corpus",
        f"{len(corpus):,} documents from {corpus.docs['source'].nunique():,} sources"
        + _year_span(corpus)
        + f"; {len(corpus.load_report.skipped)} inputs skipped by the reader (see the load report).",
    )
    summary = corpus.summary(by=[c for c in config["by"] if c in corpus.docs.columns])
    sec.add_table("corpus_summary", summary)
    sec.add_table("load_report", corpus.load_report.to_frame())
    sec.add_figure(
        "corpus_summary",
        plot_summary(summary) if {"source", "year"} <= set(summary.columns) else plot_summary(
            summary.assign(source=summary.get("source", "all"), year=summary.get("year", 0))
        ),
        "How much text each source contributes per year: read every later figure against "
        "these volumes.",
        "corpus_summary",
    )
    return sec


def _year_span(corpus: Corpus) -> str:
    years = corpus.docs["year"].dropna()
    return f", {int(years.min())}-{int(years.max())}" if len(years) else ""


# Sources compared by default in the named corpora: the five permanent
# members of the Security Council in the General Debate.
DEFAULT_SOURCES = {"ungdc": ["CHN", "USA", "RUS", "GBR", "FRA"]}


def compared_sources(corpus: Corpus, config: dict) -> list[str]:
    """The sources the report compares: configured, the corpus default, else the largest."""
    present = set(corpus.docs["source"].dropna())
    default = [s for s in DEFAULT_SOURCES.get(corpus.name, []) if s in present]
    if not config.get("sources") and len(default) >= 2:
        return default
    if config.get("sources"):
        missing = [s for s in config["sources"] if s not in set(corpus.docs["source"])]
        if missing:
            raise ReportError(f"config: sources {missing} are not in the corpus")
        return list(config["sources"])
    sizes = corpus.docs.groupby("source")["text"].agg(lambda s: int(s.str.len().sum()))
    return sizes.sort_values(ascending=False, kind="stable").index[: config["max_sources"]].tolist()


def keyness_section(corpus: Corpus, config: dict, ctx: dict) -> Section:
    from .compare import keyness
    from .plot_compare import plot_keyness

    opts = config["keyness"]
    sources = compared_sources(corpus, config)
    sec = Section(
        "keyness",
        "Distinctive words per source",
        f"Words over-used by each of {', '.join(map(str, sources))} against the other "
        f"sources ({opts['method']} keyness, stop words removed).",
    )
    if len(sources) < 2:
        sec.notes.append("Keyness needs at least two sources; this corpus has one.")
        return sec
    sub = corpus.subset(source=sources)
    table = keyness(sub, by="source", method=opts["method"], stopwords=True, min_count=5)
    sec.add_table("keyness", table)
    fig = plot_keyness(table, n=opts["top"], negative=False)
    sec.add_figure("keyness", fig, "Longer bars: words a source uses far more than the others; "
                   "read them as its distinctive vocabulary, not its topics.", "keyness")
    return sec


def sentiment_section(corpus: Corpus, config: dict, ctx: dict) -> Section:
    from .sentiment import actor_tone, actor_tone_summary, plot_actor_tone

    opts = config["sentiment"]
    sources = compared_sources(corpus, config)
    sub = corpus.subset(source=sources)
    sec = Section(
        "sentiment",
        "Tone toward actors",
        "Mean VADER compound score (from -1, negative, to +1, positive) of the sentences "
        "that name each actor, with 95% intervals over documents.",
    )
    rows = actor_tone(sub, opts["actors"], keep_text=False)
    by = [c for c in config["by"] if c in rows.columns]
    if len(rows) and "year" in rows.columns:
        rows, by = with_period(rows, by, period_width(config, rows["year"]))
    summary = actor_tone_summary(rows, by=by) if len(rows) else rows
    sec.add_table("actor_tone", summary)
    if len(rows):
        min_docs = opts["min_docs"]
        if not (summary["n"] >= min_docs).any():
            min_docs = 1
        eligible = summary[summary["n"] >= min_docs]
        weight = eligible.groupby("actor", observed=True)["n"].sum()
        actors = weight.sort_values(ascending=False, kind="stable").index[:6].tolist()
        x, hue = _x_and_hue(by, rows)
        fig = plot_actor_tone(summary, by=x, hue=hue, actors=[str(a) for a in actors],
                              min_docs=min_docs)
        if x in ("year", "period"):
            for ax in fig.axes:
                ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        sec.add_figure("actor_tone", fig, "Lines above zero: sentences naming the actor read "
                       "positive on average; bands that overlap zero do not show a clear tone.",
                       "actor_tone")
    else:
        sec.notes.append("No sentence names any actor of the actor lexicon.")
    return sec


def _lexicon(names: list, config: dict, ctx: dict):
    """A shipped lexicon plus the configured user files; recorded for the manifest."""
    from .lexicon import load_lexicon

    lex = load_lexicon(*names, *config["lexicons"])
    for f in lex.files:
        ctx.setdefault("lexicons", {})[Path(str(f["path"])).name] = {
            "name": lex.name, "version": lex.version, "sha256": f["sha256"],
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


def _x_and_hue(by: list[str], frame: pd.DataFrame) -> tuple[str, str | None]:
    for time_col in ("period", "year"):
        if time_col in by and frame[time_col].nunique() > 1:
            hue = "source" if "source" in by else None
            return time_col, hue
    x = by[0] if by else "source"
    hue = "source" if x != "source" and "source" in by else None
    return x, hue


def slogans_section(corpus: Corpus, config: dict, ctx: dict) -> Section:
    from .phrase_stats import first_use, rates, variant_shares
    from .phrases import counts_from_matches, scan_corpus
    from .plot_phrases import plot_rate_trend, plot_variant_shares

    opts = config["slogans"]
    lex = _lexicon(["slogans"], config, ctx)
    sources = compared_sources(corpus, config)
    sec = Section(
        "slogans",
        "Slogans",
        f"Occurrences of the {len(lex)} entries of the slogan lexicon (every wording of each "
        "slogan counted once), per 10,000 tokens, with exact Poisson 95% intervals.",
    )
    matches, doc_tokens = scan_corpus(corpus, lex, offsets=False)
    ctx["doc_tokens"] = doc_tokens
    counts = counts_from_matches(matches, doc_tokens, lex)
    by = [c for c in config["by"] if c in doc_tokens.columns]
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
        sec.notes.append("No slogan of the lexicon occurs in this corpus.")
        return sec
    docs_sub = doc_tokens[doc_tokens["source"].isin(sources)]
    width = period_width(config, docs_sub["year"]) if "year" in docs_sub.columns else 1
    docs_sub, trend_by = with_period(docs_sub, by, width)
    counts_sub = counts[counts["doc_id"].isin(set(docs_sub["doc_id"]))]
    table = rates(counts_sub, docs_sub, by=trend_by, entries=list(entries))
    sec.add_table("slogan_rates", table)
    x, hue = _x_and_hue(trend_by, docs_sub)
    span = f"{width}-year periods (labelled by their first year)" if x == "period" else "year"
    if x in ("year", "period"):
        n = len(entries)
        ncols = min(3, n)
        nrows = -(-n // ncols)
        fig, axes = plt.subplots(nrows, ncols, figsize=(5.2 * ncols, 3.6 * nrows), squeeze=False)
        for ax, entry in zip(axes.flat, entries):
            plot_rate_trend(table, entry=entry, x=x, group=hue, ax=ax,
                            title=lex[entry].label)
            ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        for ax in list(axes.flat)[n:]:
            ax.set_visible(False)
        fig.tight_layout()
        sec.add_figure("slogan_trends", fig,
                       "Each panel is one slogan: the line is its rate per 10,000 tokens in a "
                       f"source's documents by {span}, the band its 95% interval; wide bands "
                       "mean little text.", "slogan_rates")
    shares_by = ["year"] if "year" in matches.columns and matches["year"].nunique() > 1 else None
    shares = variant_shares(counts, by=shares_by)
    sec.add_table("slogan_variant_shares", shares)
    multi = shares.groupby("entry")["variant"].nunique()
    focus = next((e for e in entries if multi.get(e, 0) > 1), None)
    if focus is not None and shares_by:
        fig = plot_variant_shares(shares, entry=focus, x="year", title=lex[focus].label)
        fig.axes[0].xaxis.set_major_locator(MaxNLocator(integer=True))
        sec.add_figure("slogan_variants", fig,
                       "How the wordings of one slogan share its occurrences each year: a band "
                       "that grows is a wording taking over.", "slogan_variant_shares")
    if "source" in matches.columns and len(matches):
        sec.add_table("slogan_first_use", first_use(matches, by="source"))
    return sec


def topics_section(corpus: Corpus, config: dict, ctx: dict) -> Section:
    from .dtm import DTMBuilder
    from .plot_topics import plot_prevalence, plot_top_terms
    from ._topics_effects import effect_formula, prediction_grid
    from .topics import TopicModel, estimate_effect

    opts = config["topics"]
    sources = compared_sources(corpus, config)
    sub = corpus.subset(source=sources)
    if len(sub) > opts["max_docs"]:
        sub = sub.sample(opts["max_docs"], random_state=config["random_state"])
    split = opts["split_paragraphs"]
    if split == "auto":
        split = len(sub) < 2000 and sub.docs["text"].str.len().mean() > 3000
    k = int(opts["k"])
    sec = Section(
        "topics",
        "Topics",
        f"{k} topics ({opts['backend'].upper()}) fitted to the documents of "
        f"{', '.join(map(str, sources))}" + (" split into paragraphs" if split else "")
        + "; prevalence by source and year estimated with intervals that carry the "
        "uncertainty of the topic proportions (method of composition).",
    )
    builder = DTMBuilder(split="paragraphs" if split else None, phrases=True)
    dtm = builder.fit_transform(sub)
    model = TopicModel(k, backend=opts["backend"], random_state=config["random_state"]).fit(dtm)
    top = model.top_terms(10)
    sec.add_table("topic_terms", top)
    summary = model.topic_summary()
    summary["c_npmi"] = model.coherence(dtm, "c_npmi")
    sec.add_table("topic_summary", summary)
    sec.add_figure("topic_terms", plot_top_terms(top), "The ten most probable terms of each "
                   "topic; the topic's name is its top words, not a judgement.", "topic_terms")
    by = [c for c in config["by"] if c in model.docs_.columns and model.docs_[c].nunique() > 1]
    effects = formula = None
    # The full formula first; simpler ones when a small corpus cannot carry it.
    candidates = [effect_formula(model.docs_, by)] if by else []
    candidates += [effect_formula(model.docs_, [c]) for c in by] if len(by) > 1 else []
    for formula in candidates:
        try:
            effects = estimate_effect(model, formula, n_sims=opts["n_sims"],
                                      random_state=config["random_state"])
            break
        except ValueError as exc:
            sec.notes.append(f"Effect formula {formula!r} cannot be estimated here: {exc}")
    if effects is not None:
        pred = effects.predict(**prediction_grid(model.docs_, effects.design_))
        sec.add_table("topic_prevalence", pred)
        kinds = {f.column: f.kind for f in effects.design_.factors.values()}
        nums = [c for c, kd in kinds.items() if kd != "categorical"]
        cats = [c for c, kd in kinds.items() if kd == "categorical"]
        if nums:
            fig = plot_prevalence(pred, x=nums[0], group=cats[0] if cats else None)
            sec.add_figure("topic_prevalence", fig,
                           f"Expected share of each topic by {nums[0]}"
                           + (f", one line per {cats[0]}" if cats else "")
                           + f" ({formula}); bands are 95% intervals.", "topic_prevalence")
        sec.notes.append(f"Effect formula: {formula}")
    return sec


def frames_section(corpus: Corpus, config: dict, ctx: dict) -> Section:
    from .frames import frame_shares, plot_frame_shares

    sources = compared_sources(corpus, config)
    sub = corpus.subset(source=sources)
    lex = _lexicon(["frames"], {**config, "lexicons": []}, ctx)
    sec = Section(
        "frames",
        "Frames",
        f"Share of each of the {len(lex)} frame dimensions among the frame indicators of a "
        "document, averaged over each source's documents (95% t intervals).",
    )
    shares = frame_shares(sub, lex, by="source", random_state=config["random_state"])
    sec.add_table("frame_shares", shares)
    try:
        fig = plot_frame_shares(shares, by="source")
    except ValueError as exc:  # no frame indicator at all (e.g. a lexicon without Chinese terms)
        sec.notes.append(f"No figure: {exc}.")
        return sec
    sec.add_figure("frame_shares", fig, "Dots further right: a source gives that frame a larger "
                   "share of its framing vocabulary; compare across sources, not across frames.",
                   "frame_shares")
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


def _render_html(sections: list[Section], images: dict, manifest: dict, corpus: Corpus) -> str:
    parts = [
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>",
        f"<title>framing report: {html.escape(corpus.name or 'corpus')}</title>",
        f"<style>{_CSS}</style></head><body>",
        f"<h1>Framing report: {html.escape(corpus.name or 'corpus')}</h1>",
        f"<p class='meta'>{manifest['corpus']['documents']:,} documents; content SHA-256 "
        f"{manifest['corpus']['content_sha256'][:16]}&hellip;; framing "
        f"{html.escape(manifest['versions']['framing'])}. Rebuild with "
        f"<code>{html.escape(manifest['rebuild'])}</code>. "
        "<a href='manifest.json'>manifest.json</a></p>",
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
            parts.append(
                f"<figure id='fig-{fig.name}'><img src='data:image/png;base64,{b64}' "
                f"alt='{html.escape(fig.guide)}'><figcaption><b>How to read it:</b> "
                f"{html.escape(fig.guide)} &middot; {' &middot; '.join(links)}</figcaption></figure>"
            )
        other = [t for t in sec.tables if t not in {f.table for f in sec.figures}]
        if other:
            parts.append("<p>Tables: " + ", ".join(
                f"<a href='tables/{t}.csv'>{html.escape(t)}.csv</a>" for t in other) + "</p>")
        parts.append("</section>")
    parts.append("</body></html>")
    return "\n".join(parts)


def load_report_corpus(config: dict, log: Callable[[str], None] | None = print) -> Corpus:
    """The corpus a configuration names, sampled as configured.

    The default corpus ``ungdc`` falls back to ``seeds`` when it is not in
    the data directory (with a message).
    """
    from .corpora import MissingCorpusError, load_corpus

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
    out : output folder; replaced as a whole when the report succeeds
    config : dictionary or YAML file of options (see :data:`DEFAULT_CONFIG`)
    command : the command line recorded in the manifest
    log : where stage messages go (``None`` for silence)
    progress : show a progress bar over the sections

    Returns
    -------
    dict
        ``files`` written, ``seconds`` per section, and the ``manifest``.
    """
    cfg = load_config(config)
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise ReportError(f"output {out} exists and is a file, not a folder")
    if len(corpus) == 0:
        raise ReportError("the corpus has no documents; nothing to report")
    say = log or (lambda _msg: None)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.partial-", dir=out.parent))
    try:
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


def _build(corpus, folder: Path, cfg: dict, command, say, progress) -> dict:
    from tqdm.auto import tqdm

    (folder / "figures").mkdir()
    (folder / "tables").mkdir()
    ctx: dict = {"random_state": cfg["random_state"]}
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
    html_text = _render_html(sections, images, manifest, corpus)
    (folder / "index.html").write_text(html_text, encoding="utf-8")
    files = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
    manifest["files"] = {f: _sha256_file(folder / f) for f in files}
    manifest.pop("seconds")
    manifest_text = json.dumps(manifest, indent=2, sort_keys=False, default=str) + "\n"
    (folder / "manifest.json").write_text(manifest_text, encoding="utf-8")
    return {"files": files + ["manifest.json"], "seconds": timings, "manifest": manifest}
