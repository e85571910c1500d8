"""Proximity counts over all of UNGDC: ``framing cooccur`` and a plain re-implementation.

Run: python benchmarks/bench_cooccur.py [--years 1970-2024] [--no-cli]

Task: the Lancet Countdown indicator (lexicons/lancet_countdown_2023.yml),
health terms as A, climate terms as B, window 25, per statement.

Rows, all in the same run:

- *load*: reading and decoding the UNGDC archive (``load_corpus("ungdc")``).
- *framing cooccur, quanteda preset*: ``framing.cooccur(..., preset="quanteda")``
  on the loaded corpus (tokenise, drop stop words and numbers, compound,
  look up, count windows).
- *framing cooccur, framing preset*: the same categories matched with the
  lexicon engine on framing's own tokens.
- *plain re-implementation*: the published method written directly in
  Python (exact-rule regular expression per document, lower-casing and
  stop-word filtering per token, compounding, a double loop over hit pairs),
  as a reader of the R code would write it; its counts must equal framing's.
- *CLI*: ``framing cooccur ungdc --dictionary ... --preset quanteda --by year``
  end to end in a fresh process (start-up, load, count, write CSV).

Times are CPU seconds of the process (robust to other work on the machine)
and wall-clock seconds; MB are megabytes of UTF-8 statement text.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
sys.path.insert(0, ROOT)
DICT = os.path.join(ROOT, "lexicons", "lancet_countdown_2023.yml")


def timed(fn):
    c0, w0 = time.process_time(), time.perf_counter()
    out = fn()
    return out, time.process_time() - c0, time.perf_counter() - w0


def plain(texts, health, climate, window=25):
    """The published method, written directly: returns (n_a, n_b, n_ab) lists."""
    import re

    from framing.text.quanteda import _EXACT, _NUMBER, SNOWBALL_STOPWORDS

    phrases = [tuple(t.split()) for t in health + climate if " " in t]
    url = re.compile(r"(?:https?://|www\.)[^\s<>\"]+", re.IGNORECASE)
    h = {t.replace(" ", "_") for t in health}
    c = {t.replace(" ", "_") for t in climate}
    na, nb, nab = [], [], []
    for text in texts:
        toks = [t.lower() for t in _EXACT.findall(url.sub(" ", text))]
        toks = [t for t in toks if t not in SNOWBALL_STOPWORDS and not _NUMBER.match(t)]
        # every phrase occurrence, then overlapping ones joined (quanteda's join = TRUE)
        found = sorted(
            (i, i + len(p)) for i in range(len(toks)) for p in phrases if tuple(toks[i : i + len(p)]) == p
        )
        spans: list[list[int]] = []
        for s, e in found:
            if spans and s < spans[-1][1]:
                spans[-1][1] = max(spans[-1][1], e)
            else:
                spans.append([s, e])
        out, i = [], 0
        for s, e in spans:
            out.extend(toks[i:s])
            out.append("_".join(toks[s:e]))
            i = e
        out.extend(toks[i:])
        a = [k for k, t in enumerate(out) if t in h]
        b = [k for k, t in enumerate(out) if t in c]
        na.append(len(a))
        nb.append(len(b))
        nab.append(sum(1 for x in a for y in b if abs(x - y) <= window))
    return na, nb, nab


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--years", default=None, help="e.g. 1970-2024 (default: all)")
    ap.add_argument("--no-cli", action="store_true")
    args = ap.parse_args()
    import framing

    years = tuple(int(y) for y in args.years.split("-")) if args.years else None
    corpus, load_cpu, load_wall = timed(lambda: framing.load_corpus("ungdc", years=years))
    mb = sum(len(t.encode("utf-8")) for t in corpus.docs["text"]) / 1e6
    d = framing.read_dictionary(DICT)
    print(
        f"UNGDC {args.years or 'all years'}: {len(corpus)} statements, {mb:.1f} MB; "
        f"{platform.machine()}, Python {platform.python_version()}, "
        f"load average {os.getloadavg()[0]:.1f}",
        flush=True,
    )
    rows = [("load (read and decode the archive)", load_cpu, load_wall, None)]
    q, cpu, wall = timed(lambda: framing.cooccur(corpus, "health", "climate", 25, d, preset="quanteda"))
    rows.append(("framing cooccur, quanteda preset", cpu, wall, q))
    f, cpu, wall = timed(lambda: framing.cooccur(corpus, "health", "climate", 25, d, preset="framing"))
    rows.append(("framing cooccur, framing preset", cpu, wall, f))
    p, cpu, wall = timed(lambda: plain(corpus.docs["text"].tolist(), d["health"], d["climate"]))
    rows.append(("plain re-implementation (quanteda method)", cpu, wall, p))
    same = list(q["n_a"]) == p[0] and list(q["n_b"]) == p[1] and list(q["n_ab"]) == p[2]
    if not args.no_cli:
        with tempfile.TemporaryDirectory() as tmp:
            cmd = [
                sys.executable,
                "-m",
                "framing",
                "cooccur",
                "ungdc",
                "--dictionary",
                DICT,
                "--a",
                "health",
                "--b",
                "climate",
                "--window",
                "25",
                "--preset",
                "quanteda",
                "--by",
                "year",
                "--out",
                os.path.join(tmp, "o.csv"),
            ]
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            w0 = time.perf_counter()
            subprocess.run(cmd, check=True, env={**os.environ, "PYTHONPATH": ROOT}, stderr=subprocess.DEVNULL)
            wall = time.perf_counter() - w0
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
            rows.append(
                ("CLI framing cooccur ungdc --preset quanteda --by year (all UNGDC)", cpu, wall, None)
            )
    base = rows[1][1]
    print("\n| step | CPU s | wall s | MB/s per CPU s | vs quanteda preset |")
    print("|---|---:|---:|---:|---:|")
    for name, cpu, wall, _ in rows:
        print(f"| {name} | {cpu:.1f} | {wall:.1f} | {mb / cpu:.1f} | {cpu / base:.2f}x |")
    print(f"\nplain re-implementation gives the same n_a, n_b, n_ab for every statement: {same}")
    print(
        f"documents with an intersection: quanteda preset {int((q['n_ab'] > 0).sum())}, "
        f"framing preset {int((f['n_ab'] > 0).sum())}"
    )
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
