"""``framing context``: how the meaning of a word differs by document covariates."""

from __future__ import annotations

import sys
from pathlib import Path

from framing.cli.common import (
    add_corpus_argument,
    add_word_vector_arguments,
    split_columns,
    word_vector_options,
)


def register(sub) -> None:
    p = sub.add_parser(
        "context",
        help="embedding regression of a word, phrase or lexicon entry on metadata columns",
        description=(
            "Embed every occurrence of TARGET in CORPUS by its context (a la carte "
            "embeddings on word vectors trained on the corpus, cached), regress these on the "
            "metadata columns given by --by, and write to DIR: norms.csv (norm of each "
            "coefficient, bootstrap interval, permutation p-value), neighbours.csv (nearest "
            "words of each group with bootstrap intervals), similarity.csv (cosine between "
            "groups), passages.csv (the passages that pull hardest), and the figures "
            "norms.png and neighbours.png."
        ),
    )
    add_corpus_argument(p)
    p.add_argument("target", metavar="TARGET", help="word, phrase or lexicon entry id")
    p.add_argument(
        "--by",
        required=True,
        metavar="COL[,COL]",
        help="metadata columns to regress on (categorical: first level is the reference)",
    )
    p.add_argument("--out", required=True, metavar="DIR", help="output folder")
    p.add_argument(
        "--lexicon",
        action="append",
        default=[],
        metavar="FILE",
        help="lexicon YAML file(s) for entry targets (default: shipped slogans)",
    )
    p.add_argument(
        "--window", type=int, default=6, metavar="N", help="context tokens on each side (default 6)"
    )
    p.add_argument("--n-boot", type=int, default=100, metavar="N", help="bootstrap draws (default 100)")
    p.add_argument("--n-perm", type=int, default=100, metavar="N", help="permutations (default 100)")
    p.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    add_word_vector_arguments(p)
    p.set_defaults(func=run)


def run(args) -> int:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from framing.corpus.catalog import load_corpus
    from framing.errors import EmbeddingError
    from framing.meaning.regression import embedding_regression

    by = split_columns(args.by)
    if not by:
        raise EmbeddingError("--by names no column")
    corpus = load_corpus(args.corpus)
    lexicon = list(args.lexicon) if args.lexicon else "slogans"
    options = word_vector_options(args)
    result = embedding_regression(
        corpus,
        args.target,
        " + ".join(by),
        window=args.window,
        n_boot=args.n_boot,
        n_perm=args.n_perm,
        random_state=args.seed,
        embeddings=args.vectors,
        lexicon=lexicon,
        **options,
    )
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    result.norms.to_csv(out / "norms.csv", index=False)
    result.neighbours.to_csv(out / "neighbours.csv", index=False)
    result.similarity.to_csv(out / "similarity.csv", index=False)
    result.passages.to_csv(out / "passages.csv", index=False)
    result.groups.to_csv(out / "groups.csv", index=False)
    for name, plot in (("norms.png", result.plot_norms), ("neighbours.png", result.plot_neighbours)):
        ax = plot()
        ax.figure.tight_layout()
        ax.figure.savefig(out / name, dpi=110)
        plt.close(ax.figure)
    print(result.norms.to_string(index=False))
    print(
        f"{len(result.occurrences)} occurrences of {args.target!r} "
        f"({len(result.dropped)} left out); tables and figures in {out}",
        file=sys.stderr,
    )
    return 0
