"""Benchmark: VADER sentence scoring, framing vs vaderSentiment 3.3.2 vs nltk.

Run: ``python benchmarks/bench_sentiment.py [--full] [--speeches N]``

Sentences: every unique headline of headlines2022, the sentences of the four
seed articles, and the sentences (split by ``framing.text.tokenize.sentences``) of
a random sample of UNGDC statements. Each scorer processes the same sentences
in one process on one core, in interleaved repeats (the best time of each
is kept); framing's scorer starts with an empty token cache in every run. ``--full`` also checks framing against vaderSentiment on
every sentence of all UNGDC statements (about 1.3 million; a few minutes).

nltk's VADER needs ``vader_lexicon.zip`` from the nltk downloader, which is
not available offline. It is run here with the lexicon file shipped in the
installed vaderSentiment package, packed into a temporary nltk data folder;
its differences from vaderSentiment therefore come from nltk's rules
(tokenisation, no emoji handling, older rule set), not from the lexicon.

Times are CPU seconds of the process (``time.process_time``), so that other
work on the machine does not count against a scorer; throughput is per core.

Prints a markdown table: sentences/s, ratio to vaderSentiment measured in the
same run, peak Python memory (tracemalloc, separate untimed pass over 5,000
sentences) and the number of sentences whose scores differ from
vaderSentiment's.
"""

from __future__ import annotations

import argparse
import gc
import os
import platform
import resource
import sys
import tempfile
import time
import tracemalloc
import zipfile
from datetime import datetime, timezone
from operator import itemgetter

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

import framing
from framing.text.tokenize import sentences
from framing.tone.sentiment import score_sentences
from framing.tone.vader import VaderScorer

KEYS = ("neg", "neu", "pos", "compound")


def ungdc_sentences(n_speeches: int, seed: int = 0) -> list[str]:
    """The sentences of ``n_speeches`` UNGDC statements drawn at random; the
    corpus is released before timing so that a large heap does not slow the
    garbage collector during the runs."""
    texts = framing.load_corpus("ungdc").docs["text"].tolist()
    rng = np.random.default_rng(seed)
    pick = rng.choice(len(texts), size=min(n_speeches, len(texts)), replace=False)
    out = [s for i in sorted(pick) for s in sentences(texts[i])]
    del texts
    gc.collect()
    return out


def load_sentences(n_speeches: int, seed: int = 0) -> dict[str, list[str]]:
    """Plain lists of sentences of the three corpora."""
    heads = framing.load_corpus("headlines2022").docs["text"].tolist()
    seeds = [s for t in framing.load_corpus("seeds").texts for s in sentences(t)]
    n_statements = min(n_speeches, len(framing.load_corpus("ungdc")))
    return {
        "headlines2022 (unique headlines)": heads,
        "seeds (sentences)": seeds,
        f"UNGDC sentences ({n_statements} statements)": ungdc_sentences(n_speeches, seed),
    }


def nltk_analyzer():
    """nltk's VADER with vaderSentiment's lexicon (no download)."""
    import nltk
    import vaderSentiment

    folder = tempfile.mkdtemp(prefix="nltk_vader_")
    os.makedirs(os.path.join(folder, "sentiment"))
    lexicon = os.path.join(os.path.dirname(vaderSentiment.__file__), "vader_lexicon.txt")
    with zipfile.ZipFile(os.path.join(folder, "sentiment", "vader_lexicon.zip"), "w") as z:
        z.write(lexicon, "vader_lexicon/vader_lexicon.txt")
    nltk.data.path.insert(0, folder)
    from nltk.sentiment.vader import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


def as_tuple(polarity_scores):
    """``text -> (neg, neu, pos, compound)`` from a dict-returning scorer."""
    pick = itemgetter(*KEYS)
    return lambda text: pick(polarity_scores(text))


def scorers():
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    ref = SentimentIntensityAnalyzer()
    out = {
        "vaderSentiment 3.3.2": lambda: as_tuple(ref.polarity_scores),
        "framing VaderScorer": lambda: VaderScorer().score,
    }
    try:
        nl = nltk_analyzer()
        out["nltk 3.10 VADER"] = lambda: as_tuple(nl.polarity_scores)
    except Exception as exc:  # pragma: no cover - depends on the environment
        print(f"nltk VADER not available: {exc}", file=sys.stderr)
    return out


def timed(make, texts):
    fn = make()
    gc.collect()
    t0 = time.process_time()
    results = [fn(t) for t in texts]
    return time.process_time() - t0, results


def peak_memory(make, texts) -> float:
    fn = make()
    tracemalloc.start()
    for t in texts:
        fn(t)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 2**20


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--speeches", type=int, default=300, help="UNGDC statements to sample")
    ap.add_argument("--repeats", type=int, default=3, help="interleaved timing repeats (best kept)")
    ap.add_argument("--full", action="store_true", help="check parity on all UNGDC sentences")
    args = ap.parse_args()

    data = load_sentences(args.speeches)
    makers = scorers()
    rows = []
    for name, texts in data.items():
        # Interleaved repeats, best time of each scorer: robust to other load
        # on the machine.
        best, results = {}, {}
        for _ in range(args.repeats):
            for scorer, make in makers.items():
                seconds, results[scorer] = timed(make, texts)
                best[scorer] = min(best.get(scorer, seconds), seconds)
        base_name = next(iter(makers))
        base = results[base_name]
        for scorer, make in makers.items():
            diff = sum(a != b for a, b in zip(results[scorer], base))
            diff_c = sum(a[3] != b[3] for a, b in zip(results[scorer], base))
            mem = peak_memory(make, texts[:5000])
            rate = len(texts) / best[scorer]
            rows.append((name, len(texts), scorer, rate, best[base_name] / best[scorer], mem, diff, diff_c))

    # End to end: sentence splitting + scoring + metadata, one row per sentence.
    heads = framing.load_corpus("headlines2022")
    t0 = time.process_time()
    frame = score_sentences(heads)
    e2e = time.process_time() - t0

    print(f"# Sentiment benchmark ({datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC)\n")
    print(
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{platform.system()}; single process, one core per scorer; CPU time (time.process_time).\n"
    )
    print(
        "| sentences | n | scorer | sentences/s | x vaderSentiment | peak MiB (5k sentences) "
        "| differ from vaderSentiment (any score) | differ (compound) |"
    )
    print("|---|---:|---|---:|---:|---:|---:|---:|")
    for name, n, scorer, rate, ratio, mem, diff, diff_c in rows:
        print(
            f"| {name} | {n:,} | {scorer} | {rate:,.0f} | {ratio:.2f} | {mem:.1f} | {diff:,} | {diff_c:,} |"
        )
    print(
        f"\nEnd to end `score_sentences(headlines2022)`: {len(frame):,} sentences of "
        f"{len(heads):,} documents in {e2e:.2f} s ({len(frame) / e2e:,.0f} sentences/s, "
        "including sentence splitting and metadata)."
    )

    if args.full:
        from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

        ref = SentimentIntensityAnalyzer()
        mine = VaderScorer()
        ungdc = framing.load_corpus("ungdc")
        ref_score, mine_score = as_tuple(ref.polarity_scores), mine.score
        n = bad = bad_c = 0
        t_ref = t_mine = 0.0
        for text in ungdc.texts:  # statement by statement, the two scorers in turn
            sents = sentences(text)
            t0 = time.process_time()
            r = [ref_score(s) for s in sents]
            t1 = time.process_time()
            m = [mine_score(s) for s in sents]
            t_mine += time.process_time() - t1
            t_ref += t1 - t0
            n += len(sents)
            bad += sum(a != b for a, b in zip(r, m))
            bad_c += sum(a[3] != b[3] for a, b in zip(r, m))
        print(
            f"\nFull UNGDC parity: {n:,} sentences of {len(ungdc):,} statements; "
            f"{bad:,} differ from vaderSentiment in any score, {bad_c:,} in compound "
            f"(vaderSentiment {n / t_ref:,.0f}/s, framing {n / t_mine:,.0f}/s, "
            f"ratio {t_ref / t_mine:.2f})."
        )
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\nProcess peak RSS: {rss:,.0f} MiB (corpora loaded in memory).")


if __name__ == "__main__":
    main()
