"""``framing sentiment``: VADER or dictionary tone of sentences, documents or actors."""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING, cast

from framing.cli.common import add_corpus_argument, split_columns
from framing.errors import FramingError

if TYPE_CHECKING:  # pragma: no cover
    from framing.tone.lss import LSS


def register(sub) -> None:
    p = sub.add_parser(
        "sentiment",
        help="score tone (VADER or a weighted dictionary) by sentence, document or actor",
        description=(
            "Score the sentences of CORPUS with VADER (identical to vaderSentiment 3.3.2) "
            "or with a YAML dictionary of weighted terms, and write a CSV. Without --by "
            "the CSV has one row per sentence or document with its metadata; with --by "
            "it has group means with 95% intervals over documents. --actors scores the "
            "sentences that mention each actor of lexicons/actors.yml (or --actors-file). "
            "--method lss fits Latent Semantic Scaling on CORPUS itself from --seeds and "
            "writes its score (higher = more positive; z-scores over the rows written)."
        ),
    )
    add_corpus_argument(p)
    p.add_argument(
        "--level",
        choices=("sentence", "document"),
        default="document",
        help="rows per sentence or per document (default: document)",
    )
    p.add_argument(
        "--by", metavar="COL,...", default=None, help="aggregate by these metadata columns, e.g. source,year"
    )
    p.add_argument(
        "--actors",
        action="store_true",
        help="tone of sentences mentioning each actor (rows per sentence and actor)",
    )
    p.add_argument(
        "--actors-file",
        metavar="YML",
        default=None,
        help="actor list to use with --actors (default: lexicons/actors.yml)",
    )
    p.add_argument(
        "--lexicon", metavar="YML", default=None, help="score with this weighted dictionary instead of VADER"
    )
    p.add_argument(
        "--method",
        choices=("vader", "lss"),
        default="vader",
        help="vader (default) or lss: Latent Semantic Scaling fitted on CORPUS",
    )
    p.add_argument(
        "--seeds",
        default="diplomatic",
        metavar="NAME|YML",
        help="LSS seed set: sentiment, diplomatic (default) or a YAML file",
    )
    p.add_argument("--k", type=int, default=300, help="LSS: dimensions of the space (default 300)")
    p.add_argument(
        "--min-count", type=int, default=5, help="LSS: leave out words seen fewer times (default 5)"
    )
    p.add_argument(
        "--target",
        default=None,
        metavar="WORD,...",
        help="LSS: give polarity only to words associated with these targets",
    )
    p.add_argument(
        "--value",
        default=None,
        help="score column to aggregate with --by (default: compound, or the first dictionary category)",
    )
    p.add_argument(
        "--interval",
        choices=("t", "bootstrap"),
        default="t",
        help="interval over documents for --by (default: t)",
    )
    p.add_argument("--random-state", type=int, default=0, help="seed for --interval bootstrap")
    p.add_argument(
        "--normalize", action="store_true", help="normalise sentences (curly apostrophes etc.) before VADER"
    )
    p.add_argument("--keep-text", action="store_true", help="include sentence text in the rows")
    p.add_argument("--progress", action="store_true", help="show a progress bar")
    p.add_argument("--out", required=True, metavar="FILE.csv", help="output CSV")
    p.set_defaults(func=run)


def run(args) -> int:
    from framing.corpus.catalog import load_corpus
    from framing.tone.sentiment import (
        WeightedLexicon,
        actor_tone,
        actor_tone_summary,
        aggregate_sentiment,
        score_documents,
        score_sentences,
    )

    t0 = time.perf_counter()
    by = split_columns(args.by)
    if args.method == "lss" and args.lexicon:
        raise FramingError("give --method lss or --lexicon, not both")
    method: WeightedLexicon | LSS | str = WeightedLexicon.from_yaml(args.lexicon) if args.lexicon else "vader"
    corpus = load_corpus(args.corpus)
    missing = [c for c in by if c not in corpus.docs.columns]
    if missing:
        raise ValueError(f"--by column(s) {missing} not in the corpus; have {list(corpus.meta.columns)}")
    if args.method == "lss":
        from framing.tone.lss import LSS

        method = LSS(
            seeds=args.seeds,
            k=args.k,
            min_count=args.min_count,
            target=split_columns(args.target) or None,
            random_state=args.random_state,
            progress=args.progress,
        ).fit(corpus)
    options = dict(method=method, normalize=args.normalize, progress=args.progress)
    if args.method == "lss" and not args.actors:
        keep = args.keep_text or args.level == "sentence"
        frame = cast("LSS", method).score(corpus, args.level, keep_text=keep)
        level = "sentences" if args.level == "sentence" else "documents"
    elif args.actors:
        actors = args.actors_file if args.actors_file else None
        frame = actor_tone(corpus, actors, keep_text=args.keep_text, **options)
        level = "actor mentions"
    elif args.level == "sentence":
        frame = score_sentences(corpus, keep_text=args.keep_text, **options)
        level = "sentences"
    else:
        frame = score_documents(corpus, **options)
        level = "documents"
    if by:
        value = args.value or _default_value(method, args.level, args.actors)
        if value == "score" and frame["score"].isna().any():
            n_missing = int(frame["score"].isna().sum())
            print(f"{n_missing} rows without any word of the LSS model are left out of the means")
            frame = frame[frame["score"].notna()]
        kwargs = dict(value=value, interval=args.interval, random_state=args.random_state)
        if args.actors:
            frame = actor_tone_summary(frame, by=by, **kwargs)
        else:
            frame = aggregate_sentiment(frame, by=by, **kwargs)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    frame.to_csv(out, index=False)
    what = f"{len(frame)} groups" if by else f"{len(frame)} {level}"
    print(f"{what} of {len(corpus)} documents written to {out} ({time.perf_counter() - t0:.1f} s)")
    return 0


def _default_value(method, level: str, actors: bool) -> str:
    if isinstance(method, str):
        return "compound"
    if hasattr(method, "polarity_"):  # LSS
        return "score"
    first = method.categories[0]
    return f"{first}_per_1k" if level == "document" and not actors else first
