"""``framing report``: the main job."""

from __future__ import annotations

import json
import shlex
import sys
import time
from pathlib import Path

from framing.cli.common import split_columns


def register(sub) -> None:
    p = sub.add_parser(
        "report",
        help="write a reproducible framing report (HTML, figures, tables, manifest)",
        description=(
            "Write a framing report of CORPUS into --out: index.html (self-contained), "
            "every figure as PNG and SVG, every table as CSV, and manifest.json with "
            "what is needed to rebuild it byte for byte. Without CORPUS the UN General "
            "Debate Corpus is used (the seed articles when it is not in the data "
            "directory). Options given here override those of --config."
        ),
        epilog="examples:\n  framing report\n  framing report headlines2022 --out news-report\n"
        "  framing report ungdc --sample 1500 --out quick\n"
        "  framing report --config my-report.yml\n  framing report --rebuild report/manifest.json",
        formatter_class=__import__("argparse").RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "corpus",
        metavar="CORPUS",
        nargs="?",
        default=None,
        help="catalog name (seeds, ungdc, headlines2022) or a path (default: ungdc)",
    )
    p.add_argument("--out", default=None, help="output folder (default: report)")
    p.add_argument("--config", metavar="FILE", help="YAML file of report options")
    p.add_argument("--rebuild", metavar="MANIFEST", help="rebuild the report described by a manifest.json")
    p.add_argument(
        "--sample", type=int, metavar="N", default=None, help="use a random sample of N documents (quick run)"
    )
    p.add_argument("--random-state", type=int, default=None, help="seed of every random step")
    p.add_argument(
        "--sections",
        default=None,
        metavar="NAME,...",
        help="only these sections: summary, slogans, topics, sentiment, frames, keyness",
    )
    p.add_argument(
        "--by",
        default=None,
        metavar="COL,...",
        help="grouping columns, 'year' for the time axis, or 'none' "
        "(default: source when the corpus has it, and year when it has years)",
    )
    p.add_argument(
        "--segment",
        default=None,
        metavar="RECIPE",
        help="analyse units instead of documents, e.g. press_conference "
        "(Q:/A: turns, with speaker and role columns)",
    )
    p.add_argument(
        "--subset",
        action="append",
        default=None,
        metavar="COL=VALUE[,VALUE]",
        help="keep only units with these values, e.g. role=answer (repeatable)",
    )
    p.add_argument(
        "--lexicon", action="append", default=None, metavar="FILE", help="extra lexicon file (repeatable)"
    )
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.set_defaults(func=run)


def _config_from_args(args) -> dict:
    from framing.report.build import load_config

    if args.rebuild:
        return _config_from_manifest(args)
    cfg = load_config(args.config)
    if args.corpus:
        cfg["corpus"] = args.corpus
    if args.sample is not None:
        cfg["sample"] = args.sample
    if args.random_state is not None:
        cfg["random_state"] = args.random_state
    if args.sections:
        cfg["sections"] = split_columns(args.sections)
    if args.by:
        by = split_columns(args.by)
        cfg["by"] = by[0].lower() if len(by) == 1 and by[0].lower() in ("auto", "none") else by
    if args.segment:
        cfg["segment"] = args.segment
    if args.subset:
        cfg["subset"] = dict(cfg.get("subset") or {})
        for item in args.subset:
            col, sep, values = item.partition("=")
            if not sep or not col.strip():
                raise ValueError(f"--subset {item!r}: write COLUMN=VALUE[,VALUE]")
            vals = split_columns(values)
            cfg["subset"][col.strip()] = vals if len(vals) > 1 else vals[0]
    if args.corpus and Path(args.corpus).exists():
        # A path is recorded absolute, so --rebuild works from any folder.
        cfg["corpus"] = str(Path(args.corpus).resolve())
    if args.lexicon:
        cfg["lexicons"] = list(cfg["lexicons"]) + [
            str(Path(f).resolve()) if Path(f).exists() else f for f in args.lexicon
        ]
    return load_config(cfg)


def _config_from_manifest(args) -> dict:
    """The configuration of a manifest, after checking that its lexicon files are unchanged."""
    from framing.errors import ReportError
    from framing.report.build import load_config

    where = f"--rebuild {args.rebuild}"
    try:
        manifest = json.loads(Path(args.rebuild).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ReportError(f"{where}: no such manifest") from None
    except IsADirectoryError:
        raise ReportError(f"{where}: a folder; give the report's manifest.json") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ReportError(f"{where}: cannot read the manifest ({exc})") from None
    except json.JSONDecodeError as exc:
        raise ReportError(
            f"{where}: not valid JSON (line {exc.lineno}: {exc.msg}); was the manifest edited by hand?"
        ) from None
    if not isinstance(manifest, dict) or not isinstance(manifest.get("config"), dict):
        raise ReportError(f"{where}: not a framing report manifest (no 'config' mapping)")
    for key in ("corpus", "lexicons"):
        if not isinstance(manifest.get(key, {}), dict):
            raise ReportError(
                f"{where}: the manifest's {key!r} must be a mapping; was the manifest edited by hand?"
            )
    try:
        cfg = load_config(manifest["config"])
    except ReportError as exc:
        raise ReportError(f"{where}: {exc}") from None
    _check_lexicon_hashes(manifest.get("lexicons", {}), cfg, where)
    cfg["_expected"] = manifest.get("corpus", {})
    return cfg


def _check_lexicon_hashes(recorded: dict, cfg: dict, where: str) -> None:
    from framing.errors import ReportError
    from framing.lexicon.core import _read_file

    user_files = {Path(str(f)).name: f for f in cfg["lexicons"]}
    changed = []
    for name, info in recorded.items():
        if not isinstance(info, dict) or "sha256" not in info:
            raise ReportError(
                f"{where}: lexicon {name!r} has no sha256 in the manifest; was the manifest edited by hand?"
            )
        source = user_files.get(name)
        if source is None and info.get("shipped"):
            source = Path(name).stem
        if source is None:
            raise ReportError(
                f"{where}: lexicon file {name!r} of the manifest is not among "
                f"the configured lexicons {list(user_files)}"
            )
        try:
            digest = _read_file(source).sha256
        except FileNotFoundError:
            raise ReportError(f"{where}: lexicon file {source!s} no longer exists") from None
        if digest != info["sha256"]:
            changed.append(str(source))
    if changed:
        raise ReportError(
            f"{where}: lexicon file(s) {changed} changed since the report was built "
            "(SHA-256 differs), so the rebuild would not reproduce it; restore the files, "
            "or build a new report with --config"
        )


def run(args) -> int:
    from framing.report.build import build_report, load_report_corpus

    t0 = time.perf_counter()
    cfg = _config_from_args(args)
    expected = cfg.pop("_expected", None)
    out = Path(args.out or (Path(args.rebuild).parent if args.rebuild else "report"))
    corpus = load_report_corpus(cfg, log=lambda m: print(m, file=sys.stderr))
    print(corpus.load_report.summary().splitlines()[0])
    command = (
        "framing report " + " ".join(shlex.quote(a) for a in sys.argv[2:])
        if (len(sys.argv) > 1 and sys.argv[1] == "report")
        else "framing report"
    )
    result = build_report(corpus, out, cfg, command=command.strip(), progress=not args.no_progress)
    if expected:
        got = result["manifest"]["corpus"]
        if got.get("content_sha256") != expected.get("content_sha256"):
            print(
                f"warning: the corpus differs from the manifest's ({got['documents']} documents, "
                f"content {got['content_sha256'][:12]}... against {expected.get('documents')} "
                f"documents, {str(expected.get('content_sha256'))[:12]}...)",
                file=sys.stderr,
            )
    print(f"\nreport written to {out.resolve()}/index.html")
    print(
        f"  {len(result['files'])} files; stages: "
        + ", ".join(f"{k} {v:.1f} s" for k, v in result["seconds"].items())
        + f"; total {time.perf_counter() - t0:.1f} s"
    )
    skipped = corpus.load_report.skipped
    if skipped:
        print(f"  {len(skipped)} inputs skipped by the reader (tables/load_report.csv):")
        for item, reason in skipped[:10]:
            print(f"    {item}: {reason}")
        if len(skipped) > 10:
            print(f"    ... and {len(skipped) - 10} more")
    return 0
