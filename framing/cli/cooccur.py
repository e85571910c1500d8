"""``framing cooccur``: hits of two dictionaries and of B within N tokens of A."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from framing.cli.common import add_corpus_argument, split_columns

OUT_COLUMNS = ["docs", "docs_a", "docs_b", "docs_ab", "n_a", "n_b", "n_ab"]


def register(sub) -> None:
    p = sub.add_parser(
        "cooccur",
        help="proximity of two dictionary categories: B within N tokens of A",
        description=(
            "Count, per document or per group, the hits of category A, of category B, and "
            "of B within --window tokens of an A hit (every A window counts its B hits, as "
            "quanteda's kwic followed by a dictionary look-up; --count pairs counts each B "
            "hit once). --dictionary takes a quanteda YAML (.yml), LIWC (.dic), Lexicoder "
            "(.lc3) or WordStat (.cat) dictionary, or a framing lexicon; A and B are its "
            "categories (or entry ids). Writes one row per group (per document without "
            "--by) with the columns <by columns>, docs, docs_a, docs_b, docs_ab, n_a, n_b, "
            "n_ab; docs_* count documents with at least one hit."
        ),
    )
    add_corpus_argument(p)
    p.add_argument(
        "--dictionary",
        required=True,
        metavar="FILE",
        help="dictionary file (.yml, .dic, .lc3, .cat) or framing lexicon",
    )
    p.add_argument("--a", required=True, metavar="CAT", help="category whose hits open windows")
    p.add_argument("--b", required=True, metavar="CAT", help="category searched in the windows")
    p.add_argument(
        "--window", type=int, default=25, metavar="N", help="tokens on each side of an A hit (default 25)"
    )
    p.add_argument(
        "--preset",
        choices=("framing", "quanteda"),
        default="framing",
        help="token preparation: framing's tokens (default) or quanteda's "
        "(no punctuation, numbers, URLs or Snowball stop words; multi-word "
        "terms compounded)",
    )
    p.add_argument(
        "--count",
        choices=("windows", "pairs"),
        default="windows",
        help="n_ab: B hits summed over A windows (default) or B hits near any A hit, each once",
    )
    p.add_argument(
        "--by",
        metavar="COL,...",
        default=None,
        help="group by these metadata columns, e.g. year or country,year",
    )
    p.add_argument("--progress", action="store_true", help="show a progress bar")
    p.add_argument("--out", required=True, metavar="FILE.csv", help="output CSV")
    p.set_defaults(func=run)


def run(args) -> int:
    from framing.compare.proximity import cooccur
    from framing.corpus.catalog import load_corpus
    from framing.errors import FramingError

    t0 = time.perf_counter()
    if args.window < 0:
        raise FramingError(f"--window must be >= 0, got {args.window}")
    by = split_columns(args.by)
    corpus = load_corpus(args.corpus)
    table = cooccur(
        corpus,
        args.a,
        args.b,
        window=args.window,
        dictionary=args.dictionary,
        preset=args.preset,
        by=by or None,
        count=args.count,
        progress=args.progress,
    )
    if by:
        table = table[by + OUT_COLUMNS]
    else:
        table = table.assign(
            docs=1,
            docs_a=(table["n_a"] > 0).astype(int),
            docs_b=(table["n_b"] > 0).astype(int),
            docs_ab=(table["n_ab"] > 0).astype(int),
        )[["doc_id"] + OUT_COLUMNS]
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    table.to_csv(out, index=False)
    rows = f"{len(table)} group rows" if by else f"{len(table)} document rows"
    print(
        f"{rows}: {int(table['docs_a'].sum())} documents with {args.a}, "
        f"{int(table['docs_b'].sum())} with {args.b}, {int(table['docs_ab'].sum())} with "
        f"{args.b} within {args.window} tokens of {args.a}; written to {out} "
        f"({time.perf_counter() - t0:.1f} s)",
        file=sys.stderr,
    )
    return 0
