"""``framing variants``: wordings of a lexicon entry that its patterns miss."""

from __future__ import annotations

import sys

from framing.cli.common import add_corpus_argument, add_word_vector_arguments, word_vector_options


def register(sub) -> None:
    p = sub.add_parser(
        "variants",
        help="candidate new wordings of a lexicon entry, ranked",
        description=(
            "Rank phrases of 2-8 tokens in CORPUS that ENTRY does not match but that share "
            "its head words and resemble its matches in context (a la carte embeddings) and "
            "in wording (word vectors, substitution of one slot). Writes a CSV with phrase, "
            "n, docs, first_year, score, the signals and an example passage, best first; "
            "--yaml also writes a stub to paste into a lexicon after reading the examples."
        ),
    )
    add_corpus_argument(p)
    p.add_argument("entry", metavar="ENTRY", help="lexicon entry id")
    p.add_argument(
        "--lexicon",
        action="append",
        default=[],
        metavar="FILE",
        help="lexicon YAML file(s) (repeatable; default: the shipped slogans)",
    )
    p.add_argument("--top", type=int, default=20, metavar="N", help="rows (default 20)")
    p.add_argument("--out", required=True, metavar="CSV", help="output CSV file")
    p.add_argument("--yaml", default=None, metavar="FILE", help="also write a YAML stub")
    p.add_argument(
        "--window", type=int, default=6, metavar="N", help="context tokens on each side (default 6)"
    )
    p.add_argument(
        "--min-n", type=int, default=2, metavar="N", help="fewest occurrences of a candidate (default 2)"
    )
    add_word_vector_arguments(p, ("method", "min-count", "dim", "vectors"))
    p.set_defaults(func=run)


def run(args) -> int:
    from framing.corpus.catalog import load_corpus
    from framing.errors import EmbeddingError
    from framing.meaning.variants import discover_variants

    if args.top < 1:
        raise EmbeddingError("--top must be at least 1")
    corpus = load_corpus(args.corpus)
    lexicon = list(args.lexicon) if args.lexicon else "slogans"
    options = word_vector_options(args)
    table = discover_variants(
        corpus,
        args.entry,
        lexicon,
        top=args.top,
        window=args.window,
        min_n=args.min_n,
        embeddings=args.vectors,
        **options,
    )
    table.to_csv(args.out, index=False)
    if args.yaml:
        with open(args.yaml, "w", encoding="utf-8") as f:
            f.write(table.to_yaml() + "\n")
    print(table[["phrase", "n", "docs", "first_year", "score"]].to_string(index=False))
    print(f"{len(table)} candidates for {args.entry!r} written to {args.out}", file=sys.stderr)
    return 0
