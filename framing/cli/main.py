"""The ``framing`` command line.

Subcommands live in the modules of :mod:`framing.commands`; each module
defines ``register(subparsers)``, which adds its parser and sets ``func`` to a
callable that takes the parsed arguments and returns an exit code.

A mistake in the input or the options (a :class:`~framing.errors.FramingError`,
a missing or unreadable file) is reported as one line naming the file, line,
option or column, with exit code 2 and no traceback; ``--debug`` shows the
traceback as well. When a reader skipped any input, the summary of its load
report is printed to standard error.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
import traceback

from framing._version import __version__
from framing.errors import FramingError

# Errors that come from the user's input or options, not from a defect.
_USER_ERRORS = (FramingError, OSError, ValueError, KeyError, UnicodeError)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="framing",
        description=(
            "Discourse and framing analysis of real corpora: how sources and years "
            "use slogans, topics, frames and tone. CORPUS arguments take a catalog "
            "name (seeds, ungdc, headlines2022) or a path to a folder of .txt files, "
            "a .csv, .jsonl or .parquet file with doc_id and text columns."
        ),
    )
    parser.add_argument("--version", action="version", version=f"framing {__version__}")
    parser.add_argument(
        "--debug", action="store_true", help="show the full traceback of an error (for bug reports)"
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    import framing.cli as commands

    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        if info.name.startswith("_") or info.name in ("main", "common"):
            continue
        module = importlib.import_module(f"{commands.__name__}.{info.name}")
        module.register(sub)
    return parser


def _message(exc: BaseException) -> str:
    if isinstance(exc, KeyError) and not isinstance(exc, FramingError) and exc.args:
        return str(exc.args[0])
    if isinstance(exc, OSError) and exc.strerror and exc.filename:
        return f"{exc.filename}: {exc.strerror}"
    return str(exc) or type(exc).__name__


def _print_load_reports(reports) -> None:
    for report in reports:
        if report.skipped or (report.read and not report.loaded) or (not report.loaded and report.notes):
            print(report.summary(), file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    import matplotlib

    matplotlib.use("Agg")  # the command line writes figures to files, never to a window
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    from framing.corpus.tables import collect_load_reports

    command = f"framing {args.command}"
    with collect_load_reports() as reports:
        try:
            code = int(args.func(args) or 0)
        except KeyboardInterrupt:
            _print_load_reports(reports)
            print(f"{command}: interrupted", file=sys.stderr)
            return 130
        except _USER_ERRORS as exc:
            _print_failure(reports, args.debug)
            print(f"{command}: error: {_message(exc)}", file=sys.stderr)
            return 2
        except Exception as exc:
            _print_failure(reports, args.debug)
            print(
                f"{command}: internal error: {type(exc).__name__}: {exc} "
                "(run with --debug for the traceback and report it)",
                file=sys.stderr,
            )
            return 1
        _print_load_reports(reports)
    return code


def _print_failure(reports, debug: bool) -> None:
    """The load reports, then (with --debug) the traceback of the exception being handled."""
    _print_load_reports(reports)
    if debug:
        traceback.print_exc()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
