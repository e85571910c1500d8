"""Benchmark: keyness of 5 groups over all of UNGDC, end to end.

Runs every contestant in a fresh process (the corpus is loaded first and not
timed), measures wall and CPU time (best of two interleaved runs) and peak memory growth (peak
RSS after the run minus RSS before it; the peak counter is reset through
``/proc/self/clear_refs`` on Linux, else ``ru_maxrss`` is used), and prints a
markdown table with ratios to the peers measured in the same run.

Contestants
-----------
framing (cold)
    :func:`framing.compare.keyness` on the corpus: tokenising with
    :func:`framing.text.tokenize.tokenize`, sparse counts, all statistics (G2,
    p, log ratio, LRC, %DIFF, Fightin' Words) for every term.
framing (n_jobs=2)
    The same with two tokenising processes.
framing (warm)
    The same call again in the same process: the document-term counts are
    cached, only grouping and statistics run.
Counter peer
    The same tokeniser, one ``collections.Counter`` per group, and G2, log
    ratio and %DIFF computed term by term in Python (fewer statistics).
nltk peer
    ``nltk.tokenize.wordpunct_tokenize`` (lower-cased) with one
    ``nltk.FreqDist`` per group, statistics as the Counter peer.

Groups: the five permanent members of the Security Council (CHN, USA, RUS,
GBR, FRA), each against all other statements; and five equal-width year bins,
each against the other bins.

Usage: ``python benchmarks/bench_compare.py``
"""

from __future__ import annotations

import json
import math
import platform
import resource
import subprocess
import sys
import time
from collections import Counter

P5 = ["CHN", "USA", "RUS", "GBR", "FRA"]


def _status_mb(field: str) -> float:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024.0
    return float("nan")


def _reset_peak() -> float:
    """Reset the peak-RSS counter (Linux) and return the current RSS in MB."""
    try:
        with open("/proc/self/clear_refs", "w") as fh:
            fh.write("5")
        return _status_mb("VmRSS")
    except OSError:  # not Linux: fall back to the lifetime peak
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def _cpu_seconds() -> float:
    """User + system CPU time of this process and its finished children."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def _peak_mb() -> float:
    peak = _status_mb("VmHWM")
    if peak != peak:  # NaN
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
    return peak


def _groups(corpus, grouping: str):
    from framing.compare.keyness import bin_labels

    if grouping == "p5":
        return corpus.docs["source"], P5
    bins = bin_labels(corpus.docs["year"], 5)
    return bins, sorted(set(bins))


def _python_stats(counts: dict[str, Counter], totals: dict[str, int], targets) -> list:
    """G2 (2x2), log ratio and %DIFF term by term, each target vs the rest."""
    overall: Counter = Counter()
    for c in counts.values():
        overall.update(c)
    grand = sum(totals.values())
    rows = []
    for g in targets:
        ct = totals[g]
        dt = grand - ct
        mine = counts[g]
        for term, f in overall.items():
            a = mine.get(term, 0)
            b = f - a
            n = ct + dt
            cells = (
                (a, f * ct / n),
                (b, f * dt / n),
                (ct - a, (n - f) * ct / n),
                (dt - b, (n - f) * dt / n),
            )
            g2 = 2 * sum(o * math.log(o / e) for o, e in cells if o > 0)
            lr = math.log2(((a or 0.5) / ct) / ((b or 0.5) / dt))
            nf_r = b / dt * 1e6
            pct = ((a / ct * 1e6) - nf_r) * 100 / (nf_r if nf_r else 1e-18)
            rows.append((g, term, a, b, g2 if a / ct >= b / dt else -g2, lr, pct))
    return rows


def run_one(name: str, grouping: str) -> dict:
    import framing

    corpus = framing.load_corpus("ungdc")
    labels, targets = _groups(corpus, grouping)
    if name == "framing-warm":
        from framing.compare.keyness import keyness

        keyness(corpus, by=labels, target=targets)
    before = _reset_peak()
    cpu0 = _cpu_seconds()
    t0 = time.perf_counter()
    if name.startswith("framing"):
        from framing.compare.keyness import keyness

        n_jobs = 2 if name == "framing-2jobs" else 1
        result = keyness(corpus, by=labels, target=targets, n_jobs=n_jobs)
        rows = len(result)
        tokens = int(result["total_target"].iloc[0] + result["total_reference"].iloc[0])
    elif name == "counter":
        from framing.text.tokenize import tokenize

        counts: dict[str, Counter] = {}
        totals: dict[str, int] = {}
        for text, g in zip(corpus.docs["text"], labels, strict=True):
            key = g if g in targets else "_rest"
            toks = tokenize(text)
            counts.setdefault(key, Counter()).update(toks)
            totals[key] = totals.get(key, 0) + len(toks)
        rows = len(_python_stats(counts, totals, targets))
        tokens = sum(totals.values())
    elif name == "nltk":
        from nltk import FreqDist
        from nltk.tokenize import wordpunct_tokenize

        counts = {}
        totals = {}
        for text, g in zip(corpus.docs["text"], labels, strict=True):
            key = g if g in targets else "_rest"
            toks = [t for t in wordpunct_tokenize(text.lower()) if t.isalnum()]
            counts.setdefault(key, FreqDist()).update(toks)
            totals[key] = totals.get(key, 0) + len(toks)
        rows = len(_python_stats(counts, totals, targets))
        tokens = sum(totals.values())
    else:
        raise SystemExit(f"unknown contestant {name}")
    seconds = time.perf_counter() - t0
    cpu = _cpu_seconds() - cpu0
    return {
        "seconds": seconds,
        "cpu": cpu,
        "rows": rows,
        "peak_mb": _peak_mb() - before,
        "docs": len(corpus),
        "tokens": tokens,
    }


def check_agreement() -> str:
    """Max |G2| difference between framing and the Counter peer on CHN vs rest."""
    import framing
    from framing.compare.keyness import keyness
    from framing.text.tokenize import tokenize

    corpus = framing.load_corpus("ungdc").subset(query="year >= 2010")
    k = keyness(corpus, by="source", target="CHN").set_index("term")
    mine: Counter = Counter()
    rest: Counter = Counter()
    for text, src in zip(corpus.docs["text"], corpus.docs["source"], strict=True):
        (mine if src == "CHN" else rest).update(tokenize(text))
    ct, dt = sum(mine.values()), sum(rest.values())
    terms = sorted(set(mine) | set(rest))
    worst = 0.0
    for term in terms:
        a, b = mine.get(term, 0), rest.get(term, 0)
        n, f = ct + dt, a + b
        cells = ((a, f * ct / n), (b, f * dt / n), (ct - a, (n - f) * ct / n), (dt - b, (n - f) * dt / n))
        g2 = 2 * sum(o * math.log(o / e) for o, e in cells if o > 0)
        g2 = g2 if a / ct >= b / dt else -g2
        worst = max(worst, abs(g2 - k.loc[term, "G2"]))
    assert len(k) == len(terms)
    return f"{len(terms)} terms, max |G2 difference| = {worst:.2e}"


def _loadavg() -> str:
    try:
        with open("/proc/loadavg") as fh:
            return " ".join(fh.read().split()[:3])
    except OSError:
        return "n/a"


def main() -> None:
    if len(sys.argv) == 4 and sys.argv[1] == "--one":
        print(json.dumps(run_one(sys.argv[2], sys.argv[3])))
        return
    contestants = ["framing-cold", "framing-2jobs", "framing-warm", "counter", "nltk"]
    runs: dict[tuple[str, str], list[dict]] = {}
    # interleaved rounds, so that load from other work hits every contestant alike
    for round_no in range(2):
        for grouping in ("p5", "years"):
            for name in contestants:
                if name == "nltk" and round_no:
                    continue
                proc = subprocess.run(
                    [sys.executable, __file__, "--one", name, grouping],
                    capture_output=True,
                    text=True,
                    check=True,
                )
                r = json.loads(proc.stdout.strip().splitlines()[-1])
                runs.setdefault((grouping, name), []).append(r)
                print(
                    f"  round {round_no} {grouping:5s} {name:13s} wall {r['seconds']:.2f} cpu {r['cpu']:.2f}",
                    file=sys.stderr,
                )
    results = {key: min(rs, key=lambda r: r["seconds"]) for key, rs in runs.items()}
    cpu_best = {key: min(r["cpu"] for r in rs) for key, rs in runs.items()}
    tokens = results[("p5", "framing-cold")]["tokens"]
    print(
        f"\nUNGDC: {results[('p5', 'framing-cold')]['docs']:,} statements, {tokens:,} tokens "
        f"(framing tokeniser; the nltk peer counts its own tokens); Python {platform.python_version()}, "
        f"{platform.machine()}, 2 cores\n"
    )
    labels = {"p5": "P5 one-vs-rest", "years": "5 year bins one-vs-rest"}
    names = {
        "framing-cold": "framing `keyness` (tokenise + count + 7 statistics)",
        "framing-2jobs": "framing `keyness`, `n_jobs=2`",
        "framing-warm": "framing `keyness`, counts cached",
        "counter": "peer: `Counter` + per-term Python (G2, LR, %DIFF)",
        "nltk": "peer: nltk `wordpunct_tokenize` + `FreqDist` (G2, LR, %DIFF)",
    }
    print("Wall and CPU time are the best of 2 interleaved runs (nltk: 1 run), each in a fresh")
    print("process; CPU time includes worker processes. Peak MB is the growth of peak RSS during")
    print(f"the run (Linux VmHWM after reset). Load average at the end: {_loadavg()}.\n")
    print(
        "| groups | implementation | wall s | CPU s | M tokens/s (wall) | rows | peak MB "
        "| peer / framing (wall) | peer / framing (CPU) |"
    )
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|")
    for grouping in ("p5", "years"):
        cold = results[(grouping, "framing-cold")]["seconds"]
        cold_cpu = cpu_best[(grouping, "framing-cold")]
        for name in contestants:
            r = results[(grouping, name)]
            cpu = cpu_best[(grouping, name)]
            if name.startswith("framing"):
                ratio = ratio_cpu = ""
            else:
                ratio, ratio_cpu = f"{r['seconds'] / cold:.2f}", f"{cpu / cold_cpu:.2f}"
            print(
                f"| {labels[grouping]} | {names[name]} | {r['seconds']:.2f} | {cpu:.2f} | "
                f"{tokens / r['seconds'] / 1e6:.2f} | {r['rows']:,} | {r['peak_mb']:.0f} | "
                f"{ratio} | {ratio_cpu} |"
            )
    print(f"\nAgreement with the Counter peer (CHN vs rest, 2010-2024): {check_agreement()}")


if __name__ == "__main__":
    main()
