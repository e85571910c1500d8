"""``framing explore``: write the interactive term explorer of a corpus."""

from __future__ import annotations

from pathlib import Path

from framing.cli.common import add_corpus_argument, split_columns


def register(sub) -> None:
    p = sub.add_parser(
        "explore",
        help="write a self-contained HTML term explorer comparing groups of documents",
        description=(
            "Write one HTML page (no network needed) where every term of CORPUS is placed "
            "by its frequency in a chosen group of --by against the other groups (or one "
            "other group), coloured by keyness (log-odds z with a Dirichlet prior, G2 or log "
            "ratio); hover for counts, search a term, click it for its concordance lines. "
            "Groups are chosen in the page. '--by decade' is derived from the year."
        ),
    )
    add_corpus_argument(p)
    p.add_argument(
        "--by",
        default="source",
        metavar="COL",
        help="metadata column whose values are the groups (default source)",
    )
    p.add_argument("--out", required=True, metavar="FILE.html", help="the page to write")
    p.add_argument("--groups", default=None, metavar="A,B,...", help="keep only these groups (default: all)")
    p.add_argument(
        "--query",
        default=None,
        metavar="EXPR",
        help="keep the documents matching a pandas query, e.g. 'year >= 1990'",
    )
    p.add_argument(
        "--min-count",
        type=int,
        default=None,
        metavar="N",
        help="frequency floor of the terms shown (default: 3, raised until at most --max-terms remain)",
    )
    p.add_argument(
        "--max-terms",
        type=int,
        default=12000,
        metavar="N",
        help="most terms shown with the default floor (default 12000)",
    )
    p.add_argument(
        "--contexts", type=int, default=8, metavar="N", help="concordance lines kept per term (default 8)"
    )
    p.add_argument(
        "--max-docs",
        type=int,
        default=300,
        metavar="N",
        help="documents per group sampled for concordance lines (default 300)",
    )
    p.add_argument("--seed", type=int, default=0, help="random seed of the samples (default 0)")
    p.add_argument("--progress", action="store_true", help="show progress bars")
    p.set_defaults(func=run)


def run(args) -> int:
    from framing.corpus.catalog import load_corpus
    from framing.errors import FramingError
    from framing.evidence.explorer import explore

    for name in ("min_count", "max_terms", "contexts", "max_docs"):
        value = getattr(args, name)
        if value is not None and value < 1:
            raise FramingError(f"--{name.replace('_', '-')} must be at least 1, not {value}")
    out = Path(args.out)
    if out.is_dir():
        raise FramingError(f"--out {out} is a folder; give a file name such as explorer.html")
    corpus = load_corpus(args.corpus)
    if args.query:
        try:
            corpus = corpus.subset(query=args.query)
        except (ValueError, TypeError, SyntaxError, NameError, KeyError) as exc:
            raise FramingError(f"--query {args.query!r}: {exc}") from None
    groups = split_columns(args.groups) or None
    page = explore(
        corpus,
        by=args.by,
        groups=groups,
        min_count=args.min_count,
        max_terms=args.max_terms,
        contexts=args.contexts,
        max_docs=args.max_docs,
        random_state=args.seed,
        progress=args.progress,
    )
    page.save(out)
    size = out.stat().st_size
    print(
        f"wrote {out} ({size / 1e6:.2f} MB): {len(page.terms):,} terms x "
        f"{len(page.groups)} groups ({', '.join(page.groups[:8])}"
        f"{' ...' if len(page.groups) > 8 else ''}), terms with at least "
        f"{page.data['floor']} occurrences"
    )
    return 0
