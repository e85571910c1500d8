"""Subcommands of the ``framing`` command line, one module each."""

from __future__ import annotations

import argparse


def add_corpus_argument(parser: argparse.ArgumentParser, default: str | None = None) -> None:
    """The common positional CORPUS argument."""
    parser.add_argument(
        "corpus",
        metavar="CORPUS",
        nargs="?" if default else None,
        default=default,
        help="catalog name (seeds, ungdc, headlines2022) or a path to a folder of .txt "
        "files, a .csv, .jsonl or .parquet file" + (f" (default: {default})" if default else ""),
    )


def split_columns(value: str | None) -> list[str]:
    """``"source,year"`` -> ``["source", "year"]``."""
    return [c.strip() for c in value.split(",") if c.strip()] if value else []


# the options of the commands that train word vectors on the corpus (or load them)
_WORD_VECTOR_OPTIONS: dict[str, dict] = {
    "method": {
        "choices": ["svd", "word2vec"],
        "default": "svd",
        "help": "how word vectors are trained on the corpus (default svd)",
    },
    "dim": {
        "type": int,
        "default": 100,
        "metavar": "N",
        "help": "dimensions of the trained word vectors (default 100)",
    },
    "vectors": {
        "default": None,
        "metavar": "FILE",
        "help": "use these word vectors (word2vec text/binary, gensim .kv) instead",
    },
    "min-count": {
        "type": int,
        "default": 5,
        "metavar": "N",
        "help": "words seen fewer times get no vector (default 5)",
    },
}


def add_word_vector_arguments(
    parser: argparse.ArgumentParser, order: tuple[str, ...] = ("method", "dim", "vectors", "min-count")
) -> None:
    """``--method``, ``--dim``, ``--vectors`` and ``--min-count``, in ``order``."""
    for name in order:
        parser.add_argument(f"--{name}", **_WORD_VECTOR_OPTIONS[name])


def word_vector_options(args: argparse.Namespace) -> dict:
    """The training options of those arguments (none when ``--vectors`` gives the vectors)."""
    return {} if args.vectors else {"method": args.method, "dim": args.dim, "min_count": args.min_count}
