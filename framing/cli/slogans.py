"""``framing slogans``: rates of lexicon entries per group, with exact intervals."""

from __future__ import annotations

import sys

from framing.cli.common import add_corpus_argument, split_columns

COLUMNS = ["entry", "n", "docs", "docs_with", "tokens", "rate_per_10k", "ci_low", "ci_high"]


def register(sub) -> None:
    p = sub.add_parser(
        "slogans",
        help="count slogans (lexicon entries) per group, with rates and intervals",
        description=(
            "Count the entries of slogan lexicons in CORPUS and write one CSV row per "
            "group and entry: the --by columns, then entry, n (occurrences), docs "
            "(documents in the group), docs_with (documents using the entry), tokens, "
            "rate_per_10k and ci_low, ci_high (exact Poisson interval of the rate). "
            "Every group and entry is listed, zero counts included. A group whose "
            "documents have no tokens has rate 0 and empty interval limits. "
            "--lexicon adds lexicon files to the shipped 'slogans' lexicon (an entry with "
            "the id of a shipped entry replaces it); --only uses just the given files."
        ),
    )
    add_corpus_argument(p)
    p.add_argument(
        "--lexicon",
        action="append",
        default=None,
        metavar="FILE",
        help="lexicon YAML file or shipped lexicon name (repeatable; default: slogans)",
    )
    p.add_argument(
        "--only", action="store_true", help="use only the --lexicon files, not the shipped 'slogans' lexicon"
    )
    p.add_argument(
        "--with-shipped", action="store_true", help="(the default now: --lexicon adds to the shipped lexicon)"
    )
    p.add_argument(
        "--by",
        default="",
        metavar="COL,...",
        help="comma-separated grouping columns, e.g. source,year; doc_id for one row per document",
    )
    p.add_argument("--entries", default="", metavar="ID,...", help="report only these entry ids")
    p.add_argument("--conf", type=float, default=0.95, help="confidence level (default 0.95)")
    p.add_argument("--out", default=None, metavar="FILE.csv", help="write the CSV here (default: stdout)")
    p.add_argument("--progress", action="store_true", help="show a progress bar")
    p.set_defaults(func=run)


def run(args) -> int:
    from framing.corpus.catalog import load_corpus
    from framing.lexicon.core import load_lexicon
    from framing.lexicon.matcher import scan_corpus
    from framing.slogans.stats import rates

    by = split_columns(args.by)
    corpus = load_corpus(args.corpus)
    missing = [c for c in by if c not in corpus.docs.columns]
    if missing:
        raise ValueError(f"--by column(s) {missing} not in the corpus; it has {list(corpus.meta.columns)}")
    if args.lexicon:
        lexicon = load_lexicon(*args.lexicon, include_shipped=not args.only)
    else:
        lexicon = load_lexicon("slogans", include_shipped=False)
    entries = list(lexicon.entries)
    wanted = split_columns(args.entries)
    if wanted:
        unknown = [e for e in wanted if e not in entries]
        if unknown:
            raise ValueError(f"--entries {unknown} not in the lexicon (it has {len(entries)} entries)")
        entries = wanted
    matches, doc_tokens = scan_corpus(corpus, lexicon, offsets=False, progress=args.progress)
    table = rates(matches, doc_tokens, by=by, entries=entries, conf_level=args.conf)
    table = table[[*by, *COLUMNS]]
    if args.out:
        table.to_csv(args.out, index=False)
        print(f"{len(table)} rows ({len(entries)} entries) written to {args.out}", file=sys.stderr)
    else:
        table.to_csv(sys.stdout, index=False)
    return 0
