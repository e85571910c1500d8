"""Matching time of one document that repeats a slogan sentence.

A single document made of one sentence repeated until it reaches 0.25, 2,
10 and 50 MB is matched with the shipped slogans lexicon
(:func:`framing.lexicon.matcher.find_matches`, offsets included). Every repeat holds
matches of several entries, so the number of matches of an entry in the one
document grows with its size; time per MB should stay flat (linear time).
The token count (:func:`framing.text.tokenize.count_tokens`) of the same text is
timed as the peer: a single linear pass over the text. Times are CPU
seconds of the process (``time.process_time``), so that other work on a
shared machine does not distort them.

With ``--baseline CHECKOUT`` the same measurement runs, for the sizes up
to 2 MB, in a separate process on another checkout of the package (an
earlier version, whose overlap resolution was quadratic in the matches of
an entry), as the peer of the same run.

Run: ``python benchmarks/bench_scale.py [--baseline CHECKOUT] [sizes in MB ...]``;
writes ``benchmarks/results_scale.md``.
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

from framing import Corpus
from framing.lexicon.matcher import find_matches
from framing.text.tokenize import count_tokens

SENTENCE = (
    "We will build a community with a shared future for mankind through "
    "win-win cooperation under the Belt and Road Initiative. "
)


def run(sizes_mb: list[float]) -> list[dict]:
    rows = []
    for mb in sizes_mb:
        text = SENTENCE * max(1, int(mb * 1_000_000 / len(SENTENCE)))
        corpus = Corpus.from_texts([text])
        t0 = time.process_time()
        matches = find_matches(corpus)
        t_match = time.process_time() - t0
        t0 = time.process_time()
        count_tokens(text)
        t_count = time.process_time() - t0
        rows.append(
            {
                "mb": len(text) / 1e6,
                "matches": len(matches),
                "per_entry": int(matches["entry"].value_counts().max()),
                "match_s": t_match,
                "count_s": t_count,
            }
        )
        print(
            f"{rows[-1]['mb']:.2f} MB: {len(matches)} matches, match {t_match:.2f} s, "
            f"count_tokens {t_count:.2f} s",
            flush=True,
        )
    return rows


_PEER = """
import json, sys, time
from framing import Corpus
from framing.lexicon.matcher import find_matches
sentence, mb = sys.argv[1], float(sys.argv[2])
text = sentence * max(1, int(mb * 1_000_000 / len(sentence)))
t0 = time.process_time()
n = len(find_matches(Corpus.from_texts([text])))
print(json.dumps({"matches": n, "match_s": time.process_time() - t0}))
"""


def run_baseline(checkout: str, sizes_mb: list[float]) -> dict[float, dict]:
    out = {}
    env = {**os.environ, "PYTHONPATH": checkout}
    for mb in sizes_mb:
        res = subprocess.run(
            [sys.executable, "-c", _PEER, SENTENCE, str(mb)],
            env=env,
            capture_output=True,
            text=True,
            check=True,
            cwd=checkout,
        )
        out[mb] = json.loads(res.stdout.strip().splitlines()[-1])
        print(f"baseline {mb} MB: {out[mb]['match_s']:.2f} s", flush=True)
    return out


def write(rows: list[dict], path: Path, baseline: dict[float, dict] | None = None) -> None:
    base = rows[0]
    lines = [
        "# One document repeating a slogan sentence",
        "",
        (
            f"Python {platform.python_version()}, {platform.machine()}; shared 2-core machine. "
            "`find_matches` with the shipped slogans lexicon (offsets included) against "
            "`count_tokens` of the same text (one linear pass). A ratio of time to size "
            "that stays flat means linear time. Times are CPU seconds of the process."
        ),
        "",
        (
            "| size (MB) | matches | max matches of one entry | find_matches (s) | s per MB "
            "| size ratio | time ratio | count_tokens (s) |"
        ),
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        lines.append(
            f"| {r['mb']:.2f} | {r['matches']:,} | {r['per_entry']:,} | {r['match_s']:.2f} "
            f"| {r['match_s'] / r['mb']:.2f} | {r['mb'] / base['mb']:.0f} "
            f"| {r['match_s'] / base['match_s']:.1f} | {r['count_s']:.2f} |"
        )
    if baseline:
        lines += [
            "",
            (
                "Peer in the same run: the same measurement on the earlier version "
                "(quadratic overlap resolution), in a separate process."
            ),
            "",
            "| size (MB) | matches (earlier) | earlier (s) | now (s) | speed-up |",
            "|---:|---:|---:|---:|---:|",
        ]
        now = {round(r["mb"], 2): r for r in rows}
        for mb, b in baseline.items():
            r = now.get(round(mb, 2))
            if r is None:
                continue
            lines.append(
                f"| {mb:.2f} | {b['matches']:,} | {b['match_s']:.2f} "
                f"| {r['match_s']:.2f} | {b['match_s'] / r['match_s']:.1f}x |"
            )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    args = sys.argv[1:]
    checkout = None
    if args[:1] == ["--baseline"]:
        checkout, args = args[1], args[2:]
    sizes = [float(a) for a in args] or [0.25, 2, 10, 50]
    rows = run(sizes)
    peer = run_baseline(checkout, [mb for mb in sizes if mb <= 2]) if checkout else None
    write(rows, Path(__file__).with_name("results_scale.md"), peer)
