"""``framing keyness`` and ``framing collocates``: comparison tables."""

from __future__ import annotations

import sys
from pathlib import Path

from framing.cli.common import add_corpus_argument, split_columns

_KEYNESS_COLUMNS = [
    "group",
    "reference",
    "term",
    "count_target",
    "count_reference",
    "G2",
    "p_value",
    "log_ratio",
    "lrc",
    "pct_diff",
    "z",
]
_COLLOCATE_COLUMNS = [
    "collocate",
    "observed",
    "expected",
    "collocate_freq",
    "MI",
    "t_score",
    "log_likelihood",
    "log_dice",
]


def register(sub) -> None:
    k = sub.add_parser(
        "keyness",
        help="key terms of groups of documents (G2, log ratio, LRC, %%DIFF, Fightin' Words)",
        description=(
            "Compare term frequencies of groups of documents in CORPUS. Each --target "
            "group is compared with the rest (default), with the --reference group(s), "
            "with every other group (--reference each) or with a frequency list "
            "(--reference-list CSV with columns term,count)."
        ),
    )
    add_corpus_argument(k)
    k.add_argument(
        "--by",
        default="source",
        help="metadata column(s) defining the groups, comma-separated (default: source)",
    )
    k.add_argument(
        "--bins",
        type=int,
        default=None,
        metavar="N",
        help="cut a numeric --by column (e.g. year) into N equal-width bins",
    )
    k.add_argument("--target", default=None, help="target group(s), comma-separated (default: every group)")
    k.add_argument(
        "--reference", default=None, help="reference group(s), comma-separated, or 'each' (default: the rest)"
    )
    k.add_argument(
        "--reference-list",
        default=None,
        metavar="CSV",
        help="external reference frequency list (columns term,count)",
    )
    k.add_argument(
        "--method",
        default="G2",
        choices=["G2", "log_ratio", "lrc", "pct_diff", "z", "delta"],
        help="statistic to rank by (default: G2)",
    )
    k.add_argument("--unit", default="token", choices=["token", "document"])
    k.add_argument("--stopwords", action="store_true", help="leave out English stop words")
    k.add_argument(
        "--min-count", type=int, default=5, help="minimum frequency in target plus reference (default: 5)"
    )
    k.add_argument(
        "--alpha0", type=float, default=1000.0, help="weight of the Fightin' Words prior (default: 1000)"
    )
    k.add_argument(
        "--conf-level",
        type=float,
        default=0.95,
        help="confidence level of the conservative log ratio (default: 0.95)",
    )
    k.add_argument(
        "--bonferroni", action="store_true", help="Bonferroni-correct the conservative log ratio interval"
    )
    k.add_argument(
        "--top", type=int, default=20, help="rows per comparison to print and save (default: 20; 0 = all)"
    )
    k.add_argument("--out", default=None, help="write the table to this CSV file")
    k.set_defaults(func=run_keyness)

    c = sub.add_parser(
        "collocates",
        help="collocates of a node word or phrase (MI, log-likelihood, t-score, logDice)",
        description="Words around NODE within a window in CORPUS, with association scores.",
    )
    add_corpus_argument(c)
    c.add_argument("node", metavar="NODE", help="a word or a phrase, e.g. 'shared future'")
    c.add_argument("--window", type=int, default=None, help="tokens on each side")
    c.add_argument("--left", type=int, default=5, help="tokens before the node (default: 5)")
    c.add_argument("--right", type=int, default=5, help="tokens after the node (default: 5)")
    c.add_argument("--by", default=None, help="score separately per group of this column")
    c.add_argument("--min-count", type=int, default=3, help="minimum co-occurrence frequency (default: 3)")
    c.add_argument("--stopwords", action="store_true", help="leave out English stop words")
    c.add_argument(
        "--method",
        default="log_likelihood",
        choices=["log_likelihood", "MI", "t_score", "log_dice", "observed"],
        help="score to rank by (default: log_likelihood)",
    )
    c.add_argument(
        "--top", type=int, default=30, help="rows (per group) to print and save (default: 30; 0 = all)"
    )
    c.add_argument("--out", default=None, help="write the table to this CSV file")
    c.set_defaults(func=run_collocates)


def _load(name: str):
    from framing.corpus.catalog import load_corpus

    return load_corpus(name)


def _grouping(corpus, by: str, bins: int | None):
    columns = split_columns(by)
    if not columns:
        raise ValueError("--by needs at least one column")
    if bins is None:
        return columns[0] if len(columns) == 1 else columns
    if len(columns) != 1:
        raise ValueError("--bins works with a single numeric --by column")
    from framing.compare.keyness import bin_labels

    return bin_labels(corpus.docs[columns[0]], bins)


def _reference_list(path: str):
    import pandas as pd

    table = pd.read_csv(path)
    missing = {"term", "count"} - set(table.columns)
    if missing:
        raise ValueError(f"{path}: the reference list needs columns term,count; missing {sorted(missing)}")
    return table.set_index("term")["count"]


def _emit(table, columns, out: str | None) -> None:
    import pandas as pd

    with pd.option_context("display.width", 200, "display.max_rows", 500):
        print(table[columns].round(3).to_string(index=False))
    if out:
        Path(out).parent.mkdir(parents=True, exist_ok=True)
        table.to_csv(out, index=False)
        print(f"{len(table)} rows written to {out}", file=sys.stderr)


def run_keyness(args) -> int:
    from framing.compare.keyness import keyness

    corpus = _load(args.corpus)
    by = _grouping(corpus, args.by, args.bins)
    targets = split_columns(args.target) or None
    reference = None
    if args.reference_list:
        reference = _reference_list(args.reference_list)
    elif args.reference:
        reference = "each" if args.reference == "each" else split_columns(args.reference)
    table = keyness(
        corpus,
        by=by,
        target=targets,
        reference=reference,
        method=args.method,
        unit=args.unit,
        stopwords=True if args.stopwords else None,
        min_count=args.min_count,
        alpha0=args.alpha0,
        conf_level=args.conf_level,
        correction="bonferroni" if args.bonferroni else None,
        top=args.top or None,
    )
    _emit(table, _KEYNESS_COLUMNS, args.out)
    return 0


def run_collocates(args) -> int:
    from framing.compare.keyness import collocates

    corpus = _load(args.corpus)
    table = collocates(
        corpus,
        args.node,
        window=args.window,
        left=args.left,
        right=args.right,
        by=args.by,
        min_count=args.min_count,
        stopwords=True if args.stopwords else None,
        method=args.method,
    )
    if table.empty:
        print(
            f"no collocates of {args.node!r}: it does not occur in {args.corpus}, or no word "
            f"near it occurs at least --min-count {args.min_count} times",
            file=sys.stderr,
        )
    if args.top:
        group_col = table.columns[0] if args.by else None
        table = table.groupby(group_col, sort=False).head(args.top) if group_col else table.head(args.top)
    columns = ([table.columns[0]] if args.by else []) + _COLLOCATE_COLUMNS
    _emit(table, columns, args.out)
    return 0
