"""``framing frames``: frame hits and shares per document or per group."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from framing.cli.common import add_corpus_argument, split_columns


def register(sub) -> None:
    p = sub.add_parser(
        "frames",
        help="frame hits and shares (indicator dictionaries) per document or group",
        description=(
            "Count the indicators of each frame of a frame lexicon (default: the shipped "
            "lexicons/frames.yml) in CORPUS and write a CSV. Without --by: one row per "
            "document and frame with hits, the frame's share of the document's frame hits, "
            "presence and hits per 10,000 tokens, plus the document metadata. With --by: "
            "one row per group and frame with the mean share over documents (t or bootstrap "
            "interval), the share of documents using the frame (Wilson interval) and the "
            "pooled share of hits."
        ),
    )
    add_corpus_argument(p)
    p.add_argument(
        "--lexicon",
        metavar="FILE",
        action="extend",
        nargs="+",
        default=None,
        help="frame lexicon file(s) or shipped name(s), repeatable (default: frames)",
    )
    p.add_argument(
        "--by", metavar="COL,...", default=None, help="aggregate by these metadata columns, e.g. source,year"
    )
    p.add_argument(
        "--among",
        choices=("framed", "all"),
        default="framed",
        help="documents averaged for the mean share with --by: those with any frame hit (default) or all",
    )
    p.add_argument(
        "--interval",
        choices=("t", "bootstrap"),
        default="t",
        help="interval of the mean share with --by (default: t)",
    )
    p.add_argument("--level", type=float, default=0.95, help="confidence level (default: 0.95)")
    p.add_argument("--n-boot", type=int, default=2000, help="bootstrap resamples (default: 2000)")
    p.add_argument("--random-state", type=int, default=0, help="seed of the bootstrap (default: 0)")
    p.add_argument(
        "--only", action="store_true", help="use only the --lexicon files, not the shipped frames lexicon"
    )
    p.add_argument("--progress", action="store_true", help="show a progress bar")
    p.add_argument("--out", required=True, metavar="FILE.csv", help="output CSV")
    p.set_defaults(func=run)


def run(args) -> int:
    from framing.compare.frames import DEFAULT_FRAMES, frame_shares
    from framing.corpus.catalog import load_corpus

    t0 = time.perf_counter()
    by = split_columns(args.by)
    # --lexicon adds to the shipped frames (same id replaces); --only: just the files.
    lexicon = (
        (list(args.lexicon) if args.only else [DEFAULT_FRAMES, *args.lexicon])
        if args.lexicon
        else DEFAULT_FRAMES
    )
    corpus = load_corpus(args.corpus)
    missing = [c for c in by if c not in corpus.docs.columns]
    if missing:
        raise ValueError(f"--by column(s) {missing} not in the corpus; have {list(corpus.meta.columns)}")
    table = frame_shares(
        corpus,
        lexicon,
        by=by or None,
        among=args.among,
        interval=args.interval,
        conf_level=args.level,
        n_boot=args.n_boot,
        random_state=args.random_state,
        progress=args.progress,
    )
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    table.to_csv(out, index=False)
    n_groups = len(table.drop_duplicates(by)) if by else 0
    if by and n_groups <= 12:
        import pandas as pd

        wide = table.pivot_table(index="frame", columns=by, values="mean_share", sort=False, dropna=False)
        with pd.option_context("display.width", 200, "display.max_columns", 20):
            print("mean share of frame hits")
            print(wide.round(3).to_string())
    what = f"{len(table)} group x frame rows" if by else f"{len(table)} document x frame rows"
    print(
        f"{what} for {len(corpus)} documents written to {out} ({time.perf_counter() - t0:.1f} s)",
        file=sys.stderr,
    )
    return 0
