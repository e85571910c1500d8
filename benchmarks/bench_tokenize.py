"""Loading and tokenising all of UNGDC: framing against nltk and spaCy.

Run: python benchmarks/bench_tokenize.py [--quick]

Measures, on the same texts in the same run and one core each:
- framing end to end: read UNGDC_1946-2024.tgz, decode, normalise, tokenise
  (``stream_corpus("ungdc")`` + ``tokenize``), in MB of UTF-8 text per second;
- the tokenisers alone on the texts already in memory: framing ``tokenize``,
  plain ``re.findall(r"\\w+")`` (the floor of a regex tokeniser), nltk's
  TreebankWordTokenizer, spaCy's blank English tokenizer;
- peak memory (max RSS) of the streaming run, in a fresh process.
Times are CPU seconds of the measuring process (``time.process_time``), so
the figures are per core and robust to other work on the machine.
Prints a markdown table.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import resource
import subprocess
import sys
import time


def streaming_run(batch_size: int) -> None:
    from framing import stream_corpus
    from framing.text import tokenize

    t0 = time.process_time()
    nbytes = ntok = ndocs = 0
    for batch in stream_corpus("ungdc").iter_batches(batch_size):
        for text in batch.docs["text"]:
            nbytes += len(text.encode("utf-8"))
            ntok += len(tokenize(text))
            ndocs += 1
    secs = time.process_time() - t0
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{ndocs} {nbytes} {ntok} {secs:.3f} {rss:.0f}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="peers on a 10%% sample only")
    ap.add_argument("--batch-size", type=int, default=500)
    args = ap.parse_args()

    out = subprocess.run(
        [sys.executable, __file__, "--_stream", str(args.batch_size)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    ndocs, nbytes, ntok, secs, rss = int(out[0]), int(out[1]), int(out[2]), float(out[3]), float(out[4])
    mb = nbytes / 1e6
    rows = [("framing: read .tgz + decode + normalise + tokenise (end to end, streamed)", mb, secs, ntok)]

    from framing import load_corpus
    from framing.text import tokenize

    texts = load_corpus("ungdc").texts
    if args.quick:
        texts = texts[::10]
    mb_mem = sum(len(t.encode("utf-8")) for t in texts) / 1e6

    def timed(name, fn):
        t = time.process_time()
        n = sum(len(fn(x)) for x in texts)
        rows.append((name, mb_mem, time.process_time() - t, n))

    timed("framing tokenize (texts in memory)", tokenize)
    word = re.compile(r"\w+")
    timed("re.findall(r'\\w+') (reference floor, no normalisation)", word.findall)
    from nltk.tokenize import TreebankWordTokenizer

    tb = TreebankWordTokenizer()
    timed("nltk TreebankWordTokenizer", tb.tokenize)
    import spacy

    nlp = spacy.blank("en")
    nlp.max_length = 10_000_000
    timed("spaCy blank('en') tokenizer", lambda x: nlp.tokenizer(x))

    ours = rows[0][1] / rows[0][2]
    load = os.getloadavg()[0]
    print(
        f"\nUNGDC: {ndocs} statements, {mb:.1f} MB of UTF-8 text; "
        f"{platform.python_version()}, {platform.machine()}, one process per run; "
        f"seconds are CPU seconds of that process (MB/s per core); load average {load:.1f}\n"
    )
    print("| run | MB | CPU seconds | MB/s per core | tokens | end-to-end framing / this |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, m, s, n in rows:
        print(f"| {name} | {m:.1f} | {s:.1f} | {m / s:.1f} | {n:,} | {ours / (m / s):.2f}x |")
    print(
        f"\nPeak memory (max RSS) of the streamed end-to-end run, batches of {args.batch_size}: {rss:.0f} MB"
    )


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--_stream":
        streaming_run(int(sys.argv[2]))
    else:
        main()
