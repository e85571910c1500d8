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
