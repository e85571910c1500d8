"""``framing kwic``: keyword-in-context lines for a lexicon entry or a pattern."""

from __future__ import annotations

import sys

import pandas as pd

from framing.cli.common import add_corpus_argument, split_columns


def register(sub) -> None:
    p = sub.add_parser(
        "kwic",
        help="concordance lines for a lexicon entry or a token pattern",
        description=(
            "Print aligned keyword-in-context lines for ENTRY_OR_PATTERN in CORPUS: the "
            "document id, metadata, left context, the match and right context (original "
            "text, white space collapsed). ENTRY_OR_PATTERN is an entry id of the lexicon "
            "(the shipped 'slogans' lexicon plus any --lexicon files) or else a pattern, "
            "e.g. 'community of (a|the)? shared future' or 'win-win *' (see "
            "lexicons/README.md for the pattern language)."
        ),
    )
    add_corpus_argument(p)
    p.add_argument("entry_or_pattern", metavar="ENTRY_OR_PATTERN", help="lexicon entry id or token pattern")
    p.add_argument(
        "--lexicon",
        action="append",
        default=[],
        metavar="FILE",
        help="extra lexicon YAML file (repeatable); its entries override shipped ones",
    )
    p.add_argument(
        "--only", action="store_true", help="use only the --lexicon files, not the shipped 'slogans' lexicon"
    )
    p.add_argument(
        "--window", type=int, default=8, metavar="N", help="tokens of context on each side (default 8)"
    )
    p.add_argument(
        "--limit", type=int, default=50, metavar="N", help="print at most N lines (default 50; 0 for all)"
    )
    p.add_argument(
        "--meta",
        default="source,year",
        metavar="COL,...",
        help="metadata columns to show (default source,year)",
    )
    p.add_argument(
        "--width",
        type=int,
        default=60,
        metavar="CHARS",
        help="characters of context shown on each side (default 60)",
    )
    p.add_argument(
        "--out",
        default=None,
        metavar="FILE.csv",
        help="also write all lines with every metadata column to a CSV file",
    )
    p.set_defaults(func=run)


def format_lines(lines: pd.DataFrame, meta: list[str], width: int) -> list[str]:
    """Aligned text lines: id and metadata, left context right-aligned, match, right."""
    if lines.empty:
        return []
    heads = []
    for row in lines.itertuples(index=False):
        values = [str(row.doc_id)]
        for col in meta:
            value = getattr(row, col)
            values.append("" if pd.isna(value) else str(value))
        heads.append(values)
    widths = [max(len(h[i]) for h in heads) for i in range(len(heads[0]))]
    left_w = min(width, int(lines["left"].str.len().max()))
    match_w = int(lines["match"].str.len().max())
    out = []
    for head, row in zip(heads, lines.itertuples(index=False), strict=True):
        left = row.left if len(row.left) <= width else "..." + row.left[-(width - 3) :]
        right = row.right if len(row.right) <= width else row.right[: width - 3] + "..."
        prefix = "  ".join(h.ljust(w) for h, w in zip(head, widths, strict=True))
        out.append(f"{prefix}  {left.rjust(left_w)}  [{row.match.ljust(match_w)}]  {right}".rstrip())
    return out


def run(args) -> int:
    from framing.corpus.catalog import load_corpus
    from framing.lexicon.core import load_lexicon
    from framing.lexicon.matcher import kwic

    if args.window < 0:
        raise ValueError("--window must be >= 0")
    if args.limit < 0:
        raise ValueError("--limit must be >= 0")
    corpus = load_corpus(args.corpus)
    meta = split_columns(args.meta)
    missing = [c for c in meta if c not in corpus.docs.columns]
    if missing:
        raise ValueError(f"--meta column(s) {missing} not in the corpus; it has {corpus.metadata_columns}")
    try:
        lexicon = load_lexicon(*args.lexicon, include_shipped=not args.only)
    except FileNotFoundError:
        if args.lexicon:
            raise
        lexicon = None  # no shipped lexicon: ENTRY_OR_PATTERN is a pattern
    if lexicon is None:
        from framing.lexicon.core import Lexicon

        lexicon = Lexicon([])
    lines = kwic(corpus, args.entry_or_pattern, lexicon, window=args.window, limit=args.limit or None)
    for line in format_lines(lines, meta, args.width):
        print(line)
    if args.out:
        lines.to_csv(args.out, index=False)
    what = ("entry " if args.entry_or_pattern in lexicon else "pattern ") + repr(args.entry_or_pattern)
    more = " (limit reached; use --limit 0 for all)" if args.limit and len(lines) == args.limit else ""
    print(f"{len(lines)} lines for {what} in {len(corpus)} documents{more}", file=sys.stderr)
    return 0
