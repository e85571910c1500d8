"""``framing topics``: fit a topic model and estimate covariate effects."""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from framing.cli.common import add_corpus_argument, split_columns
from framing.topics.effects import MAX_INTERACTION_LEVELS, effect_formula, prediction_grid

if TYPE_CHECKING:  # pragma: no cover
    from framing.lexicon.core import Lexicon


def register(sub) -> None:
    p = sub.add_parser(
        "topics",
        help="fit a topic model; write top terms, document-topic proportions, effects and figures",
        description=(
            "Fit a topic model with K topics to CORPUS and write into --out: top terms "
            "(top_terms.csv, with FREX), a per-topic summary with coherence "
            "(topic_summary.csv), every document's topic proportions with its metadata "
            "(doc_topics.csv), detected phrases (phrases.csv), the model (model.npz) and "
            "figures. With --by, topic prevalence is regressed on those metadata columns "
            "(numeric columns such as year as natural splines; a categorical column with "
            f"at most {MAX_INTERACTION_LEVELS} levels interacts with them) and "
            "effects_coefficients.csv, effects_prevalence.csv and prevalence.png are "
            "written, with intervals that carry the uncertainty of the topic proportions."
        ),
    )
    add_corpus_argument(p)
    p.add_argument("--k", type=int, default=20, help="number of topics (default 20)")
    p.add_argument("--by", default=None, metavar="COL,...", help="metadata columns for covariate effects")
    p.add_argument(
        "--formula",
        default=None,
        help="effect formula instead of the one built from --by, e.g. 'source * s(year, df=3)'",
    )
    p.add_argument("--out", default="topics", help="output folder (default: topics)")
    p.add_argument("--backend", choices=["lda", "nmf"], default="lda", help="model (default lda)")
    p.add_argument("--iterations", type=int, default=None, help="LDA sweeps / NMF iterations")
    p.add_argument("--paragraphs", action="store_true", help="split documents into paragraphs first")
    p.add_argument("--min-df", default="5", help="minimum document frequency: a count (5) or a share (0.01)")
    p.add_argument(
        "--max-df", default="0.5", help="maximum document frequency: a share (0.5) or a count (500)"
    )
    p.add_argument("--no-phrases", action="store_true", help="do not detect multi-word phrases")
    p.add_argument(
        "--lexicon",
        default=None,
        metavar="FILE",
        help="merge lexicon entries into single terms: 'slogans' for the shipped slogan "
        "lexicon, a lexicon YAML file (added to the shipped slogans), or a text file "
        "with one phrase per line",
    )
    p.add_argument(
        "--only",
        action="store_true",
        help="with a lexicon YAML file: use only its entries, not the shipped slogans",
    )
    p.add_argument("--stopwords", default=None, metavar="WORD,...", help="extra stop words")
    p.add_argument(
        "--query", default=None, help="keep documents matching this pandas query, e.g. 'year >= 1990'"
    )
    p.add_argument("--sample", type=int, default=None, metavar="N", help="random sample of N documents")
    p.add_argument("--spline-df", type=int, default=4, help="degrees of freedom of year splines (default 4)")
    p.add_argument("--n-sims", type=int, default=100, help="simulations for effect intervals (default 100)")
    p.add_argument("--jobs", type=int, default=1, help="LDA sampling threads (default 1)")
    p.add_argument("--random-state", type=int, default=0)
    p.add_argument("--progress", action="store_true", help="show progress bars")
    p.set_defaults(func=run)


def _number(value: str) -> int | float:
    """``"5"`` -> 5 (a count of documents), ``"0.5"`` or ``"1.0"`` -> a share."""
    try:
        return int(value)
    except ValueError:
        try:
            return float(value)
        except ValueError:
            raise ValueError(f"not a number: {value!r}") from None


def run(args) -> int:
    from framing.corpus.catalog import load_corpus
    from framing.errors import TopicModelError
    from framing.topics.dtm import DTMBuilder
    from framing.topics.model import TopicModel, estimate_effect
    from framing.topics.plots import plot_prevalence, plot_top_terms, plot_topic_shares

    for option, value in (("--iterations", args.iterations), ("--jobs", args.jobs)):
        if value is not None and value < 1:
            raise TopicModelError(f"{option} must be at least 1, not {value}")
    t0 = time.perf_counter()
    corpus = load_corpus(args.corpus)
    print(corpus.load_report.summary().splitlines()[0])
    if args.query:
        corpus = corpus.subset(query=args.query)
    if args.sample:
        corpus = corpus.sample(args.sample, random_state=args.random_state)
    lexicon: bool | Lexicon | list[str] | None = None
    if args.lexicon == "slogans":
        lexicon = True
    elif args.lexicon and args.lexicon.endswith((".yml", ".yaml")):
        from framing.lexicon.core import load_lexicon

        # A lexicon file adds to the shipped slogans (same id replaces), as in
        # every command; --only uses just the file.
        lexicon = load_lexicon(args.lexicon, include_shipped=not args.only)
    elif args.lexicon:
        path = Path(args.lexicon)
        if not path.exists():
            raise FileNotFoundError(f"--lexicon: no such file {path}")
        lexicon = [
            ln.strip()
            for ln in path.read_text(encoding="utf-8").splitlines()
            if ln.strip() and not ln.lstrip().startswith("#")
        ]
    builder = DTMBuilder(
        min_df=_number(args.min_df),
        max_df=_number(args.max_df),
        phrases=not args.no_phrases,
        lexicon=lexicon,
        extra_stopwords=split_columns(args.stopwords),
        split="paragraphs" if args.paragraphs else None,
        progress=args.progress,
    )
    dtm = builder.fit_transform(corpus)
    print(f"{dtm!r}")
    model = TopicModel(
        args.k,
        backend=args.backend,
        iterations=args.iterations,
        n_jobs=args.jobs,
        random_state=args.random_state,
        progress=args.progress,
    ).fit(dtm)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    files = []

    def write(frame: pd.DataFrame, name: str) -> None:
        frame.to_csv(out / name, index=False)
        files.append(name)

    def save(fig, name: str) -> None:
        import matplotlib.pyplot as plt

        fig.savefig(out / name, dpi=120)
        plt.close(fig)
        files.append(name)

    top = model.top_terms(10)
    write(top, "top_terms.csv")
    summary = model.topic_summary()
    summary["c_npmi"] = model.coherence(dtm, "c_npmi")
    summary["u_mass"] = model.coherence(dtm, "u_mass")
    write(summary, "topic_summary.csv")
    write(model.document_topics(wide=True), "doc_topics.csv")
    write(dtm.phrases, "phrases.csv")
    if len(dtm.dropped):
        write(dtm.dropped, "dropped_documents.csv")
    model.save(out / "model.npz")
    files.append("model.npz")
    save(plot_top_terms(top), "top_terms.png")
    by = split_columns(args.by)
    formula = args.formula or (effect_formula(model.docs_, by, args.spline_df) if by else None)
    if formula:
        effects = estimate_effect(model, formula, n_sims=args.n_sims, random_state=args.random_state)
        write(effects.coefficients(), "effects_coefficients.csv")
        grid = prediction_grid(model.docs_, effects.design_)
        pred = effects.predict(**grid)
        write(pred, "effects_prevalence.csv")
        kinds = {f.column: f.kind for f in effects.design_.factors.values()}
        nums = [c for c, k in kinds.items() if k != "categorical"]
        cats = [c for c, k in kinds.items() if k == "categorical"]
        if nums:
            save(plot_prevalence(pred, x=nums[0], hue=cats[0] if cats else None), "prevalence.png")
        if cats:
            save(plot_topic_shares(model.document_topics(), hue=cats[0]), "topic_shares.png")
        print(f"effects: {formula}")
    print(
        f"{args.k} topics ({args.backend}) on {dtm.n_docs} documents, mean c_npmi "
        f"{np.nanmean(summary['c_npmi']):.3f}; {len(files)} files written to {out.resolve()} "
        f"({time.perf_counter() - t0:.1f} s)"
    )
    for row in summary.itertuples():
        print(f"  {row.label:<40} {row.prevalence:6.3f}  {row.top_terms}")
    return 0
