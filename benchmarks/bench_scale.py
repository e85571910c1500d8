"""Matching time of one document that repeats a slogan sentence.

A single document made of one sentence repeated until it reaches 0.25, 2,
10 and 50 MB is matched with the shipped slogans lexicon
(:func:`framing.phrases.find_matches`, offsets included). Every repeat holds
matches of several entries, so the number of matches of an entry in the one
document grows with its size; time per MB should stay flat (linear time).
The token count (:func:`framing.tokenize.count_tokens`) of the same text is
timed as the peer: a single linear pass over the text.

Run: ``python benchmarks/bench_scale.py [sizes in MB ...]``; writes
``benchmarks/results_scale.md``.
"""

from __future__ import annotations

import platform
import sys
import time
from pathlib import Path

from framing import Corpus
from framing.phrases import find_matches
from framing.tokenize import count_tokens

SENTENCE = ("We will build a community with a shared future for mankind through "
            "win-win cooperation under the Belt and Road Initiative. ")


def run(sizes_mb: list[float]) -> list[dict]:
    rows = []
    for mb in sizes_mb:
        text = SENTENCE * max(1, int(mb * 1_000_000 / len(SENTENCE)))
        corpus = Corpus.from_texts([text])
        t0 = time.perf_counter()
        matches = find_matches(corpus)
        t_match = time.perf_counter() - t0
        t0 = time.perf_counter()
        count_tokens(text)
        t_count = time.perf_counter() - t0
        rows.append({"mb": len(text) / 1e6, "matches": len(matches),
                     "per_entry": int(matches["entry"].value_counts().max()),
                     "match_s": t_match, "count_s": t_count})
        print(f"{rows[-1]['mb']:.2f} MB: {len(matches)} matches, match {t_match:.2f} s, "
              f"count_tokens {t_count:.2f} s", flush=True)
    return rows


def write(rows: list[dict], path: Path) -> None:
    base = rows[0]
    lines = [
        "# One document repeating a slogan sentence",
        "",
        (f"Python {platform.python_version()}, {platform.machine()}; shared 2-core machine. "
         "`find_matches` with the shipped slogans lexicon (offsets included) against "
         "`count_tokens` of the same text (one linear pass). A ratio of time to size "
         "that stays flat means linear time."),
        "",
        ("| size (MB) | matches | max matches of one entry | find_matches (s) | s per MB "
         "| size ratio | time ratio | count_tokens (s) |"),
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        lines.append(
            f"| {r['mb']:.2f} | {r['matches']:,} | {r['per_entry']:,} | {r['match_s']:.2f} "
            f"| {r['match_s'] / r['mb']:.2f} | {r['mb'] / base['mb']:.0f} "
            f"| {r['match_s'] / base['match_s']:.1f} | {r['count_s']:.2f} |")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    sizes = [float(a) for a in sys.argv[1:]] or [0.25, 2, 10, 50]
    write(run(sizes), Path(__file__).with_name("results_scale.md"))
