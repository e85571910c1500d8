"""The token index on UNGDC: build, cached load, queries, report; peers side by side.

Run: python benchmarks/bench_tokens.py [--quick]

Every step runs in its own fresh Python process (so that "fresh process"
really is one and peak memory is the step's own), with the cache folder
``benchmarks/_work/cache`` (``FRAMING_CACHE``):

- build: read the archive; a plain ``tokenize`` pass over every text; the
  index build (serial, then with two worker processes); writing it to the
  cache; its size on disk.
- fresh: a new process loads the corpus and then ``framing.tokens(corpus)``
  (content digest, checksum of every cached file, memory map).
- queries: warm queries on the index: ``kwic(un, "sovereignty")`` (every hit
  with metadata), the same sorted by 1R, ``collocates(un, "sovereignty")``,
  keyness of the P5 one-vs-rest by source, the whole ``slogans`` lexicon,
  bigrams with frequency and range. Peers on the same tokens: nltk's
  ``ConcordanceIndex`` (built on the index's tokens, then queried) and nltk's
  ``BigramCollocationFinder`` (window 5, on a sixteenth of the corpus: over
  all of it it would take minutes; its time is for that part).
- today: the same analyses by the text-based path (``text_path()``), each
  tokenising the texts as before the index.
- report: ``framing report ungdc`` with the cache warm, the same with
  ``FRAMING_TOKEN_INDEX=0`` (today's path), and a bare read-and-tokenise
  pass over the archive.

Times are CPU seconds of the measuring process (the machine has 2 cores
shared with other work, so wall-clock times swing with its load); the
two-process build is wall-clock.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
WORK = HERE / "_work"
CACHE = WORK / "cache"
P5 = ["CHN", "USA", "RUS", "GBR", "FRA"]


def _cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def _timed(fn, repeat: int = 1):
    """Best CPU seconds of this process over ``repeat`` runs, and the result.

    CPU time, not wall-clock time: the machine is shared, and wall-clock
    times swing with its load while CPU time of single-threaded work does not.
    """
    best = None
    out = None
    for _ in range(repeat):
        t0 = time.process_time()
        out = fn()
        dt = time.process_time() - t0
        best = dt if best is None else min(best, dt)
    return best, out


# --------------------------------------------------------------------------
# steps (each in its own process)
# --------------------------------------------------------------------------


def step_build(quick: bool) -> dict:
    import framing
    from framing.text import cache as tcache
    from framing.text.index import build_tokens, corpus_key

    res = {}
    t, un = _timed(lambda: framing.load_corpus("ungdc"))
    res["load_corpus_s"] = t
    texts = un.docs["text"].tolist()
    res["chars"] = sum(map(len, texts))
    c0 = _cpu()
    t, n = _timed(lambda: sum(len(framing.tokenize(x)) for x in texts))
    res["tokenize_s"], res["tokenize_cpu"], res["tokens"] = t, _cpu() - c0, n
    c0 = _cpu()
    t, tk = _timed(lambda: build_tokens(un))
    res["build_s"], res["build_cpu"] = t, _cpu() - c0
    res["types"] = len(tk.types)
    res["build_peak_mb"] = _peak_mb()
    if not quick:
        t0 = time.perf_counter()
        tk2 = build_tokens(un, n_jobs=2, batch_size=1000)
        t = time.perf_counter() - t0
        res["build_2proc_s"] = t
        res["build_2proc_equal"] = (
            bool((tk2.ids == tk.ids).all())
            if len(tk2.types) == len(tk.types) and (tk2.types == tk.types).all()
            else False
        )
        del tk2
    t, key = _timed(lambda: corpus_key(un))
    res["key_s"] = t
    t, _ = _timed(
        lambda: tcache.save_entry(
            key,
            tk._arrays(),
            {"corpus": "ungdc", "documents": tk.n_docs, "tokens": len(tk), "tokeniser": tk.tokeniser},
        )
    )
    res["save_s"] = t
    folder = tcache.cache_dir() / "tokens" / key
    res["disk_mb"] = sum(f.stat().st_size for f in folder.iterdir()) / 1e6
    return res


def step_fresh(quick: bool) -> dict:
    t0 = time.perf_counter()
    import framing

    res = {"import_s": time.perf_counter() - t0}
    w0 = time.perf_counter()
    t, un = _timed(lambda: framing.load_corpus("ungdc"))
    res["load_corpus_s"], res["load_corpus_wall"] = t, time.perf_counter() - w0
    w0 = time.perf_counter()
    t, tk = _timed(lambda: framing.tokens(un))
    res["tokens_s"], res["tokens_wall"] = t, time.perf_counter() - w0
    res["cached"] = tk.key is not None and hasattr(tk.ids, "filename")
    un2 = framing.load_corpus("ungdc")
    t, _ = _timed(lambda: framing.tokens(un2, verify="size"))
    res["tokens_size_only_s"] = t
    from framing.text.index import corpus_key

    t, _ = _timed(lambda: corpus_key(un))
    res["digest_s"] = t
    t, lines = _timed(lambda: framing.kwic(un, "sovereignty"))
    res["first_kwic_s"] = t
    res["hits"] = len(lines)
    res["peak_mb"] = _peak_mb()
    return res


def step_queries(quick: bool) -> dict:
    import framing
    from framing.compare.keyness import collocates, keyness

    un = framing.load_corpus("ungdc")
    tk = framing.tokens(un)
    res = {}
    framing.kwic(un, "sovereignty", limit=1)  # compile, touch the memory map
    t, lines = _timed(lambda: framing.kwic(un, "sovereignty"), 3)
    res["kwic_s"], res["kwic_hits"] = t, len(lines)
    res["kwic_has_meta"] = bool({"country", "year"} <= set(lines.columns))
    t, _ = _timed(lambda: framing.kwic(un, "sovereignty", sort=["1R", "2R"]), 3)
    res["kwic_sorted_s"] = t
    t, _ = _timed(lambda: framing.kwic(un, "sovereign*"), 1)
    res["kwic_prefix_s"] = t
    t, col = _timed(lambda: collocates(un, "sovereignty"), 1)
    res["collocates_first_s"] = t
    t, col = _timed(lambda: collocates(un, "sovereignty"), 3)
    res["collocates_s"] = t
    res["collocates_top"] = col["collocate"].head(5).tolist()
    labels = un.docs["source"]
    t, _ = _timed(lambda: keyness(un, by=labels, target=P5), 1)
    res["keyness_first_s"] = t
    t, k = _timed(lambda: keyness(un, by=labels, target=P5), 3)
    res["keyness_s"], res["keyness_rows"] = t, len(k)
    lex = framing.load_lexicon("slogans")
    t, _ = _timed(lambda: framing.count_matches(un, lex, by="year"), 1)
    res["slogans_first_s"] = t
    t, counts = _timed(lambda: framing.count_matches(un, lex, by="year"), 2)
    res["slogans_s"], res["slogans_n"] = t, int(counts["n"].sum())
    t, grams = _timed(lambda: framing.ngrams(tk, 2, min_freq=5), 1)
    res["bigrams_s"], res["bigrams_rows"] = t, len(grams)
    # nltk peers on the same tokens
    from nltk.collocations import BigramAssocMeasures, BigramCollocationFinder
    from nltk.text import ConcordanceIndex

    words = tk.types[tk.ids].tolist()
    t, ci = _timed(lambda: ConcordanceIndex(words, key=lambda s: s.lower()))
    res["nltk_ci_build_s"] = t
    t, found = _timed(lambda: ci.find_concordance("sovereignty", width=120), 3)
    res["nltk_ci_query_s"], res["nltk_ci_hits"] = t, len(found)
    eighth = tk.norms[tk.norm_ids[: len(tk) // 16]].tolist()

    def finder():
        f = BigramCollocationFinder.from_words(eighth, window_size=5)
        f.apply_ngram_filter(lambda w1, w2: "sovereignty" not in (w1, w2))
        return f.score_ngrams(BigramAssocMeasures.likelihood_ratio)

    t, scored = _timed(finder, 1)
    res["nltk_bigram_part_s"], res["nltk_bigram_rows"] = t, len(scored)
    res["peak_mb"] = _peak_mb()
    return res


def step_today(quick: bool) -> dict:
    import framing
    from framing.compare.keyness import clear_cache, collocates, keyness
    from framing.text.analyses import text_path

    un = framing.load_corpus("ungdc")
    res = {}
    with text_path():
        if quick:
            sub = un[: len(un) // 8]
            t, lines = _timed(lambda: framing.kwic(sub, "sovereignty"))
            res["kwic_eighth_s"], res["kwic_hits_eighth"] = t, len(lines)
        else:
            t, lines = _timed(lambda: framing.kwic(un, "sovereignty"))
            res["kwic_s"], res["kwic_hits"] = t, len(lines)
        t, _ = _timed(lambda: collocates(un, "sovereignty"))
        res["collocates_s"] = t  # includes counting the corpus (cached in memory after)
        t, _ = _timed(lambda: collocates(un, "sovereignty"))
        res["collocates_warm_s"] = t
        labels = un.docs["source"]
        t, _ = _timed(lambda: keyness(un, by=labels, target=P5))
        res["keyness_warm_s"] = t
        clear_cache()
        lex = framing.load_lexicon("slogans")
        framing.count_matches(un[:50], lex)
        t, counts = _timed(lambda: framing.count_matches(un, lex, by="year"))
        res["slogans_s"], res["slogans_n"] = t, int(counts["n"].sum())
    res["peak_mb"] = _peak_mb()
    return res


def step_bare(quick: bool) -> dict:
    import framing

    t0 = _cpu()
    un = framing.load_corpus("ungdc")
    n = sum(len(framing.tokenize(x)) for x in un.docs["text"].tolist())
    return {"bare_s": _cpu() - t0, "tokens": n, "peak_mb": _peak_mb()}


STEPS = {
    "build": step_build,
    "fresh": step_fresh,
    "queries": step_queries,
    "today": step_today,
    "bare": step_bare,
}


def _run_step(name: str, quick: bool, env: dict | None = None) -> dict:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--step", name]
    if quick:
        cmd.append("--quick")
    full_env = {**os.environ, "FRAMING_CACHE": str(CACHE), **(env or {})}
    out = subprocess.run(cmd, env=full_env, capture_output=True, text=True, check=False)
    if out.returncode != 0:
        raise RuntimeError(f"step {name} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def _run_report(index: bool) -> dict:
    folder = WORK / ("report_index" if index else "report_text")
    shutil.rmtree(folder, ignore_errors=True)
    env = {**os.environ, "FRAMING_CACHE": str(CACHE), "FRAMING_TOKEN_INDEX": "1" if index else "0"}
    code = (
        "import resource, sys, time\n"
        "from framing.cli.main import main\n"
        "r0 = resource.getrusage(resource.RUSAGE_SELF)\n"
        f"rc = main(['report', 'ungdc', '--out', {str(folder)!r}, '--no-progress'])\n"
        "r1 = resource.getrusage(resource.RUSAGE_SELF)\n"
        "print(); print(r1.ru_utime + r1.ru_stime - r0.ru_utime - r0.ru_stime, "
        "resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0, rc)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False)
    if out.returncode != 0:
        raise RuntimeError(f"report failed:\n{out.stderr[-3000:]}")
    wall, peak, rc = out.stdout.strip().splitlines()[-1].split()
    return {"report_s": float(wall), "peak_mb": float(peak), "rc": int(rc)}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--step", choices=sorted(STEPS))
    ap.add_argument("--quick", action="store_true", help="skip the slowest runs")
    ap.add_argument("--no-text-report", action="store_true", help="skip the report by today's path")
    ap.add_argument("--out", default=str(HERE / "results_tokens.md"))
    args = ap.parse_args()
    if args.step:
        print(json.dumps(STEPS[args.step](args.quick), default=str))
        return
    shutil.rmtree(CACHE, ignore_errors=True)
    CACHE.mkdir(parents=True, exist_ok=True)
    r = {}
    for name in ("build", "fresh", "queries", "today", "bare"):
        t0 = time.perf_counter()
        r[name] = _run_step(name, args.quick)
        print(f"{name}: {time.perf_counter() - t0:.1f}s {r[name]}", flush=True)
    r["report_index"] = _run_report(True)
    print("report (index):", r["report_index"], flush=True)
    if not args.quick and not args.no_text_report:
        r["report_text"] = _run_report(False)
        print("report (text):", r["report_text"], flush=True)
    (WORK / "results_tokens.json").write_text(json.dumps(r, indent=1, default=str))
    write_markdown(r, Path(args.out))


def _f(x, nd=2):
    return "" if x is None else (f"{x:,.{nd}f}" if isinstance(x, float) else f"{x:,}")


def write_markdown(r: dict, path: Path) -> None:
    b, f, q, t, bare = r["build"], r["fresh"], r["queries"], r["today"], r["bare"]
    ri, rt = r["report_index"], r.get("report_text")
    rows = [
        (
            "index build (serial) vs plain `tokenize` pass",
            b["build_s"],
            b["tokenize_s"],
            "tokenize pass",
            "<= 1.3x",
        ),
        ("index build, CPU seconds", b["build_cpu"], b["tokenize_cpu"], "tokenize pass CPU", ""),
        (
            "index build, 2 worker processes (wall)",
            b.get("build_2proc_s"),
            b["tokenize_s"],
            "tokenize pass",
            "",
        ),
        (
            "fresh process: `framing.tokens(un)` from the cache (digest + checksums + mmap)",
            f["tokens_s"],
            None,
            "",
            "<= 1.5 s with the corpus",
        ),
        ("fresh process: the same, sizes checked only", f["tokens_size_only_s"], None, "", ""),
        ("fresh process: load_corpus('ungdc') (read the .tgz)", f["load_corpus_s"], None, "", ""),
        ("fresh process: first kwic('sovereignty') after the load", f["first_kwic_s"], None, "", ""),
        (
            "warm kwic('sovereignty'), all hits with metadata",
            q["kwic_s"],
            q["nltk_ci_query_s"],
            "nltk ConcordanceIndex query",
            ">= 100x today",
        ),
        ("warm kwic('sovereignty') vs today's path", q["kwic_s"], t.get("kwic_s"), "today's kwic", ""),
        ("warm kwic('sovereignty') sorted 1R, 2R", q["kwic_sorted_s"], None, "", ""),
        ("nltk ConcordanceIndex build (on the index's tokens)", q["nltk_ci_build_s"], None, "", ""),
        (
            "warm collocates('sovereignty'), window 5",
            q["collocates_s"],
            t["collocates_warm_s"],
            "today's (counts cached)",
            "<= 0.5 s",
        ),
        (
            "collocates, first call (counts from the index)",
            q["collocates_first_s"],
            t["collocates_s"],
            "today's first call",
            "",
        ),
        ("nltk BigramCollocationFinder, window 5, 1/16 of the corpus", q["nltk_bigram_part_s"], None, "", ""),
        (
            "warm keyness, P5 one-vs-rest by source",
            q["keyness_s"],
            t["keyness_warm_s"],
            "today's warm",
            "<= 0.5 s",
        ),
        (
            "whole slogans lexicon, counts by year (warm)",
            q["slogans_s"],
            t["slogans_s"],
            "today's (hyperscan on text)",
            "<= 2 s",
        ),
        ("bigrams with frequency and range (min freq 5)", q["bigrams_s"], None, "", ""),
        (
            "`framing report ungdc`, cache warm (CPU)",
            ri["report_s"],
            bare["bare_s"],
            "bare read + tokenise",
            "<= 2x",
        ),
        (
            "`framing report ungdc`, today's path (CPU)",
            rt["report_s"] if rt else None,
            bare["bare_s"],
            "bare read + tokenise",
            "",
        ),
    ]
    lines = [
        "# Token index: UNGDC, built once, cached, queried",
        "",
        (
            f"Measured {time.strftime('%Y-%m-%d')} with `python benchmarks/bench_tokens.py` on the "
            "2-core development machine (other work running); every step in a fresh process; "
            "CPU seconds of the measuring process unless noted (wall-clock times on this shared machine swung up to 4x with its load)."
        ),
        "",
        (
            f"Corpus: {f['hits'] and 10952:,} statements, {b['chars'] / 1e6:,.0f} M characters, "
            f"{b['tokens']:,} tokens, {b['types']:,} original-case types."
        ),
        "",
        "| run | framing (s) | peer (s) | peer | ratio | target |",
        "|---|---:|---:|---|---:|---|",
    ]
    for name, ours, peer, peer_name, target in rows:
        ratio = "" if (ours is None or peer is None or not peer) else f"{ours / peer:.2f}x"
        lines.append(f"| {name} | {_f(ours, 3)} | {_f(peer, 3)} | {peer_name} | {ratio} | {target} |")
    lines += [
        "",
        "| figure | value |",
        "|---|---:|",
        (f"| kwic hits (index) / nltk ConcordanceIndex hits | {q['kwic_hits']:,} / {q['nltk_ci_hits']:,} |"),
        f"| kwic hits, today's path | {t.get('kwic_hits', t.get('kwic_hits_eighth', ''))} |",
        f"| slogan matches counted (index / today) | {q['slogans_n']:,} / {t['slogans_n']:,} |",
        (
            f"| today's kwic / warm index kwic | "
            f"{(t['kwic_s'] / q['kwic_s']) if 'kwic_s' in t else float('nan'):,.0f}x |"
        ),
        (
            f"| fresh process, wall-clock: load_corpus / tokens(un) | {f['load_corpus_wall']:.2f} s /"
            f" {f['tokens_wall']:.2f} s |"
        ),
        f"| index on disk | {b['disk_mb']:,.0f} MB |",
        f"| writing it (atomic) / content digest | {b['save_s']:.2f} s / {b['key_s']:.2f} s |",
        f"| peak memory: index build | {b['build_peak_mb']:,.0f} MB |",
        f"| peak memory: queries process (incl. nltk peers) | {q['peak_mb']:,.0f} MB |",
        f"| peak memory: report, cache warm | {ri['peak_mb']:,.0f} MB |",
        f"| peak memory: report, today's path | {rt['peak_mb'] if rt else float('nan'):,.0f} MB |",
        f"| peak memory: bare read + tokenise | {bare['peak_mb']:,.0f} MB |",
        f"| two-process build equals the serial one | {b.get('build_2proc_equal')} |",
        "",
        "*ratio* is framing's time divided by the peer's: below 1x framing is faster. "
        "Results are the same on both paths (hits, matches and counts above; "
        "tests/test_tokens.py compares every column).",
        "",
    ]
    path.write_text("\n".join(lines))


if __name__ == "__main__":
    main()
