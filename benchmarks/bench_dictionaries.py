"""Benchmark: weighted-dictionary scoring and actor finding on UNGDC sentences.

Run: ``python benchmarks/bench_dictionaries.py [--speeches N] [--repeats R]``

Sentences: those (split by ``framing.text.tokenize.sentences``) of a random
sample of UNGDC statements (seed 0). Three jobs, each timed over every
sentence in interleaved repeats (best CPU time kept, ``time.process_time``):

* ``WeightedLexicon.score`` with a large dictionary of single words: the
  VADER lexicon (about 7,500 terms, valences as weights) in one category;
* ``WeightedLexicon.score`` with a dictionary of patterns: every pattern of
  the shipped frame lexicon, weight 1, one category per frame;
* ``Actors.find`` with the shipped actor list.

Prints a markdown table (sentences/s per job) and a checksum of the results
(sums of the scores, number of actor mentions), so that two versions of the
code can be compared for speed and for identical results.
"""

from __future__ import annotations

import argparse
import gc
import os
import platform
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

from bench_sentiment import ungdc_sentences

import framing
from framing.text.tokenize import tokenize
from framing.tone.sentiment import WeightedLexicon, load_actors
from framing.tone.vader import default_scorer


def vader_dictionary() -> WeightedLexicon:
    words = {
        w: v
        for w, v in default_scorer().lexicon.items()
        if len(tokenize(w)) == 1 and not set(w) & set("|()?*~{}")
    }
    return WeightedLexicon({"valence": words}, name="vader words")


def frame_dictionary() -> WeightedLexicon:
    lex = framing.load_lexicon("frames")
    cats = {e.id: {p.text: 1 for p in e.patterns} for e in lex}
    return WeightedLexicon(cats, name="frame patterns")


def timed(fn, texts):
    gc.collect()
    t0 = time.process_time()
    results = [fn(t) for t in texts]
    return time.process_time() - t0, results


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--speeches", type=int, default=300, help="UNGDC statements to sample")
    ap.add_argument("--repeats", type=int, default=3, help="interleaved timing repeats (best kept)")
    ap.add_argument("--dump", help="pickle the results of every job to this file")
    ap.add_argument("--only", help="run only the jobs whose name contains this text")
    args = ap.parse_args()
    texts = ungdc_sentences(args.speeches)
    vader, frames, actors = vader_dictionary(), frame_dictionary(), load_actors()
    jobs = {
        f"WeightedLexicon.score, {sum(len(t) for t in vader.terms.values()):,} words": vader.score,
        f"WeightedLexicon.score, {sum(len(t) for t in frames.terms.values()):,} frame patterns": frames.score,
        f"Actors.find, {len(actors.names)} actors": actors.find,
    }
    if args.only:
        jobs = {name: fn for name, fn in jobs.items() if args.only in name}
    best: dict[str, float] = {}
    results: dict[str, list] = {}
    for _ in range(args.repeats):
        for name, fn in jobs.items():
            seconds, results[name] = timed(fn, texts)
            best[name] = min(best.get(name, seconds), seconds)
    print(
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; "
        f"{len(texts):,} sentences of {args.speeches} UNGDC statements; CPU time, best of {args.repeats}.\n"
    )
    print("| job | sentences/s | seconds | checksum |")
    print("|---|---:|---:|---|")
    for name in jobs:
        res = results[name]
        if isinstance(res[0], dict):
            check = {k: round(sum(r[k] for r in res), 6) for k in res[0]}
            check_text = f"{sum(check.values()):.6f} (n_tokens {check.get('n_tokens', 0):,.0f})"
        else:
            check_text = f"{sum(len(r) for r in res):,} mentions"
        print(f"| {name} | {len(texts) / best[name]:,.0f} | {best[name]:.2f} | {check_text} |")
    if args.dump:
        import pickle

        with open(args.dump, "wb") as fh:
            pickle.dump({name.split(",")[0] + name.split(" ")[-1]: res for name, res in results.items()}, fh)


if __name__ == "__main__":
    main()
