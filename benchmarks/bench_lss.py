"""Benchmark: Latent Semantic Scaling on UNGDC, fitting and scoring.

Run: ``python benchmarks/bench_lss.py [--sentences 1000000] [--docs N]``

1. Fit ``framing.LSS(seeds="diplomatic")`` (k = 300) on every UNGDC statement
   (or the first ``--docs``): sentence splitting, tokenising, the
   sentence-by-word matrix, the SVD and the word polarities.
2. Score ``--sentences`` UNGDC sentences (split beforehand, untimed) with
   ``LSS.score_texts``: tokenising, compounding, look-up and the weighted
   means with standard errors.
3. Peer in the same run: framing's VADER scorer on the first 50,000 of those
   sentences (its rate is extrapolated to the same count for the ratio).

Times are CPU seconds of the process (``time.process_time``), as in the other
benchmarks, so that other work on the shared machine does not count; wall
seconds are printed too. Prints a markdown table.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import sys
import time
from datetime import datetime, timezone

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

import framing
from framing.text.tokenize import split_sentences


def timed(fn, *args, **kwargs):
    c0, w0 = time.process_time(), time.perf_counter()
    out = fn(*args, **kwargs)
    return out, time.process_time() - c0, time.perf_counter() - w0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sentences", type=int, default=1_000_000)
    ap.add_argument("--docs", type=int, default=None)
    args = ap.parse_args()
    start = datetime.now(timezone.utc)
    corpus = framing.load_corpus("ungdc")
    if args.docs:
        corpus = corpus[: args.docs]
    lss = framing.LSS(seeds="diplomatic", k=300, random_state=0)
    _, fit_cpu, fit_wall = timed(lss.fit, corpus)
    print(
        f"fit: {fit_cpu:.1f} s CPU, {fit_wall:.1f} s wall; {lss.n_sentences_:,} sentences, "
        f"{lss.n_tokens_:,} tokens, {len(lss.vocabulary_):,} words, k={lss.k_}",
        flush=True,
    )
    steps = ", ".join(f"{k} {v:.1f} s" for k, v in lss.timings_.items())
    print(f"fit steps (CPU): {steps}", flush=True)
    print(lss.top_words(10).round(3).to_string(), flush=True)

    sentences: list[str] = []
    for text in corpus.texts:
        sentences.extend(text[s:e] for s, e in split_sentences(text))
        if len(sentences) >= args.sentences:
            break
    sentences = sentences[: args.sentences]
    n = len(sentences)
    scores, score_cpu, score_wall = timed(lss.score_texts, sentences)
    print(
        f"score: {n:,} sentences in {score_cpu:.1f} s CPU, {score_wall:.1f} s wall; "
        f"{int(scores['score'].notna().sum()):,} with a score",
        flush=True,
    )
    peer = sentences[:50_000]
    _, vader_cpu, _ = timed(framing.vader_scores, peer)
    vader_rate = len(peer) / vader_cpu
    lss_rate = n / score_cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    end = datetime.now(timezone.utc)
    print()
    print(
        f"run {start:%Y-%m-%d %H:%M}-{end:%H:%M} UTC, Python {platform.python_version()}, "
        f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}; peak RSS {peak:,.0f} MiB"
    )
    print()
    print("| step | n | CPU s | wall s | rate (units/s, CPU) | target | ratio |")
    print("|---|---:|---:|---:|---:|---|---:|")
    print(
        f"| LSS fit on UNGDC (diplomatic seeds, k=300) | {len(corpus):,} statements, "
        f"{lss.n_sentences_:,} sentences | {fit_cpu:.1f} | {fit_wall:.1f} | "
        f"{lss.n_sentences_ / fit_cpu:,.0f} sentences/s | <= 60 s | |"
    )
    for step in ("tokenise", "matrix", "svd", "polarity"):
        print(f"| fit step: {step} | | {lss.timings_[step]:.1f} | | | | |")
    print(
        f"| LSS score_texts | {n:,} sentences | {score_cpu:.1f} | {score_wall:.1f} | "
        f"{lss_rate:,.0f} | <= 20 s | {lss_rate / vader_rate:.1f} x VADER |"
    )
    print(
        f"| framing VADER (peer) | {len(peer):,} sentences | {vader_cpu:.1f} | | {vader_rate:,.0f} | | 1.0 |"
    )


if __name__ == "__main__":
    main()
