"""Chinese text: segmenting the Government Work Reports and matching Chinese variants.

Run: python benchmarks/bench_chinese.py

Measures, on the 72 texts of ``workreports_zh`` (3.3 MB of UTF-8) in memory,
in the same run and on one core (CPU seconds, ``time.process_time``):
- jieba's own ``Tokenizer.lcut`` on the raw texts (the peer);
- framing ``tokenize`` (language detection, normalisation with offsets,
  jieba with the lexicon phrases in its dictionary, punctuation dropped) and
  ``tokenize_spans`` (the same with offsets into the original text);
- the Chinese variants of the shipped slogans lexicon matched over the
  normalised texts (hyperscan and pure-Python engines; the text repeated
  20 times so that the timing is not dominated by the clock's resolution),
  and matching including normalisation;
- ``count_matches`` end to end (both languages' patterns, token counts).
Prints a markdown table.
"""

from __future__ import annotations

import platform
import sys
import time


def timed(fn, repeat: int = 1):
    best = None
    out = None
    for _ in range(repeat):
        t0 = time.process_time()
        out = fn()
        secs = time.process_time() - t0
        best = secs if best is None else min(best, secs)
    return best, out


def main() -> None:
    import jieba

    import framing
    from framing.lexicon.core import load_lexicon
    from framing.lexicon.zhpatterns import ZhMatcher
    from framing.text.chinese import normalize_zh, tokenize_zh

    corpus = framing.load_corpus("workreports_zh")
    texts = corpus.texts
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    tokenize_zh("预热")  # tokeniser start-up (dictionary cache) is not part of the timing

    peer = jieba.Tokenizer()
    peer.tmp_dir = str(framing.text.chinese.cache_dir())
    peer.cache_file = f"jieba-{jieba.__version__}.cache"
    peer.initialize()
    rows = []
    secs, out = timed(lambda: sum(len(peer.lcut(t)) for t in texts))
    rows.append(("jieba Tokenizer.lcut (raw texts, punctuation kept)", mb, secs, out))
    jieba_secs = secs
    secs, out = timed(lambda: sum(len(framing.tokenize(t)) for t in texts))
    rows.append(("framing tokenize (detect + normalise + jieba + filter)", mb, secs, out))
    secs, out = timed(lambda: sum(len(framing.tokenize_spans(t)) for t in texts))
    rows.append(("framing tokenize_spans (offsets into the original)", mb, secs, out))

    lex = load_lexicon()
    entries = [(e.id, e.zh_patterns, e.zh_exclude) for e in lex]
    views = [normalize_zh(t)[0].lower() for t in texts]
    big = "\n".join(views) * 20
    big_mb = len(big.encode("utf-8")) / 1e6
    match_rows = []
    for engine in ("hyperscan", "python"):
        try:
            m = ZhMatcher(entries, engine=engine)
        except ImportError:
            continue
        secs, out = timed(lambda m=m: len(m.find_in_view(big)), repeat=3)
        label = f"Chinese variants, {engine} engine ({len(m)} patterns, normalised text)"
        match_rows.append((label, big_mb, secs, out))
    m = ZhMatcher(entries)
    from framing.text import chinese as zh

    def with_normalisation():
        zh._normalize_cached.cache_clear()
        return sum(len(m.find(t)) for t in texts)

    secs, out = timed(with_normalisation, repeat=3)
    match_rows.append((f"Chinese variants incl. normalisation ({m.engine})", mb, secs, out))
    secs, counts = timed(lambda: framing.count_matches(corpus, lex))
    match_rows.append(
        ("count_matches end to end (all 35 entries, both languages)", mb, secs, int(counts["n"].sum()))
    )

    print("# Chinese text: the Government Work Reports (workreports_zh)\n")
    print(
        f"Measured with `python benchmarks/bench_chinese.py` ({platform.machine()}, Python "
        f"{sys.version.split()[0]}, jieba {jieba.__version__}); CPU seconds of one process, "
        "the best of the repeats for the matching rows.\n"
    )
    print("| run | MB | CPU seconds | MB/s per core | tokens or matches | time / jieba lcut |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, size, secs, n in rows + match_rows:
        rate = size / secs if secs else float("inf")
        print(f"| {name} | {size:.1f} | {secs:.2f} | {rate:.1f} | {n:,} | {secs / jieba_secs:.2f}x |")


if __name__ == "__main__":
    main()
