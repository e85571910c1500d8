"""Slogan matching: framing against flashtext, spaCy, nltk, pyahocorasick and re2.

Run: python benchmarks/bench_phrases.py [--years 2013-2024] [--quick] [--no-full]

Lexicon: the shipped ``lexicons/slogans.yml``. The peers take plain phrases,
so the comparison uses its finite expansions (every phrase its patterns
match; patterns with gaps or wildcards are left out for every method alike).

Part 1, the same UNGDC texts (default: statements of 2013-2024) in the same
run, every method in a fresh forked process on one core:

- *prep* is what a method needs before matching. framing's corpus path
  (``scan_corpus``) prepares the text (NFKC, quotes, dashes, line-break
  hyphens), lower-cases it and counts its tokens; its *match* then runs the
  hyperscan prefilter on the prepared text and, only for the documents that
  pass, builds the token list and matches it. The row "framing engine on
  token lists" times the matching stage alone, given ``tokenize(text)``.
  flashtext, re2 and pyahocorasick get framing's token stream joined by
  spaces (so their matching stage sees the same normalised tokens); spaCy
  runs its blank English tokenizer on the normalised text; nltk its Treebank
  tokenizer on the normalised, lower-cased text.
- MB/s are megabytes of original UTF-8 text per CPU-second of the method's
  own process (one core; other work may run on the machine at the same
  time, which inflates wall-clock time far more than CPU time); *e2e* is
  prep + match.
- Counts per entry are compared with framing's exact counts (tested against a
  brute-force matcher in tests/test_phrases.py and, here, against framing's
  independent pure-Python engine). Where a phrase belongs to several entries,
  a peer's match counts for each of them.

Part 2, framing alone on all of UNGDC: a ``framing slogans ungdc --by year``-like
run (read the archive, decode, normalise, tokenise, count tokens, match,
count by year), its matching stage, and the pure-Python engine as cross-check.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import platform
import resource
import sys
import time
from collections import Counter

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))


def finite_lexicon(lex):
    """The lexicon with only its finite patterns, and no exclusions."""
    from framing.lexicon.core import Lexicon

    entries = []
    for e in lex:
        variants = {v: [p.text for p in ps if p.finite] for v, ps in e.variants.items()}
        variants = {v: ps for v, ps in variants.items() if ps}
        if variants:
            entries.append({"id": e.id, "label": e.label, "variants": variants})
    return Lexicon.from_dict({"lexicon": lex.name + "-finite", "version": lex.version, "entries": entries})


def phrase_owners(lex):
    """phrase -> list of entry ids (each entry once)."""
    owners: dict[str, list[str]] = {}
    for row in lex.expand().itertuples():
        lst = owners.setdefault(row.phrase, [])
        if row.entry not in lst:
            lst.append(row.entry)
    return owners


# ---------------------------------------------------------------------------
# Methods: setup(lex) -> (prep(text) -> obj, match(obj) -> Counter of entries)
# ---------------------------------------------------------------------------


def m_framing_scan(lex):
    """framing's corpus path: prepare, count tokens, prefilter, tokenise only if needed."""
    from framing.lexicon.matcher import Matcher
    from framing.text.tokenize import _count, _findall, _prepare

    matcher = Matcher(lex, engine="hyperscan")

    def prep(text):
        lowered = _prepare(text).lower()
        return lowered, _count(lowered)

    def match(obj):
        lowered = obj[0]
        if not matcher._hs.any_loose((lowered + " ").encode("utf-8")):
            return Counter()
        return Counter(m[0] for m in matcher.match(_findall(lowered)))

    return prep, match


def m_framing(lex, engine="hyperscan"):
    """framing's engine on token lists (the matching stage alone)."""
    from framing.lexicon.engine import Matcher, _lower_and_tokens

    matcher = Matcher(lex, engine=engine)

    def match(obj):
        lowered, tokens = obj
        return Counter(m[0] for m in matcher.match(tokens, lowered))

    return _lower_and_tokens, match


def m_framing_python(lex):
    return m_framing(lex, engine="python")


def _joined(text):
    from framing.text.tokenize import tokenize

    return " ".join(tokenize(text))


def _spaced(text):
    return f" {_joined(text)} "


def _counter(owners, phrases):
    c = Counter()
    for phrase in phrases:
        c.update(owners[phrase])
    return c


def m_flashtext(lex):
    from flashtext import KeywordProcessor

    owners = phrase_owners(lex)
    kp = KeywordProcessor(case_sensitive=False)
    for phrase in owners:
        kp.add_keyword(phrase, phrase)
    return _joined, lambda text: _counter(owners, kp.extract_keywords(text))


def m_ahocorasick(lex):
    import ahocorasick

    owners = phrase_owners(lex)
    auto = ahocorasick.Automaton()
    for phrase in owners:
        auto.add_word(f" {phrase} ", phrase)
    auto.make_automaton()
    return _spaced, lambda text: _counter(owners, (p for _, p in auto.iter(text)))


def m_re2(lex):
    import re

    import re2

    owners = phrase_owners(lex)
    options = re2.Options()
    options.longest_match = True
    alternation = "|".join(re.escape(p) for p in sorted(owners, key=len, reverse=True))
    rx = re2.compile(rf" ({alternation}) ", options)

    def phrases(text):
        # a match consumes its trailing space: search again from that space
        # so that the next phrase can start there (re2 has no lookahead)
        pos = 0
        while (m := rx.search(text, pos)) is not None:
            yield m.group(1)
            pos = m.end() - 1

    return _spaced, lambda text: _counter(owners, phrases(text))


def m_spacy(lex):
    import spacy
    from spacy.matcher import PhraseMatcher

    from framing.text.tokenize import normalize

    nlp = spacy.blank("en")
    owners = phrase_owners(lex)
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    keys = {}
    for i, phrase in enumerate(owners):
        key = f"p{i}"
        keys[nlp.vocab.strings.add(key)] = phrase
        matcher.add(key, [nlp.make_doc(phrase)])

    def prep(text):
        return nlp.make_doc(normalize(text))

    def match(doc):
        c = Counter()
        for key, _, _ in matcher(doc):
            c.update(owners[keys[key]])
        return c

    return prep, match


def m_nltk(lex):
    from nltk.tokenize import MWETokenizer, TreebankWordTokenizer

    from framing.text.tokenize import normalize

    tb = TreebankWordTokenizer()
    owners = {}
    singles = {}
    mwe = MWETokenizer(separator="\x1f")
    for phrase, own in phrase_owners(lex).items():
        toks = tuple(tb.tokenize(phrase))
        if len(toks) == 1:
            singles[toks[0]] = own
        else:
            mwe.add_mwe(toks)
            owners["\x1f".join(toks)] = own

    def prep(text):
        return tb.tokenize(normalize(text).lower())

    def match(tokens):
        c = Counter()
        for tok in mwe.tokenize(tokens):
            own = owners.get(tok) or singles.get(tok)
            if own:
                c.update(own)
        return c

    return prep, match


METHODS = {
    "framing (corpus path, hyperscan engine)": m_framing_scan,
    "framing (hyperscan engine on token lists)": m_framing,
    "framing (pure-Python engine)": m_framing_python,
    "flashtext": m_flashtext,
    "pyahocorasick + space boundaries": m_ahocorasick,
    "google-re2 (longest match)": m_re2,
    "spaCy PhraseMatcher (blank en, LOWER)": m_spacy,
    "nltk MWETokenizer (Treebank tokens)": m_nltk,
}


def clock():
    """(CPU seconds of this process, wall seconds)."""
    return time.process_time(), time.perf_counter()


def run_method(name, texts, lex, queue):
    prep, match = METHODS[name](lex)
    c0, w0 = clock()
    prepared = [prep(t) for t in texts]
    c1, _w1 = clock()
    counts = Counter()
    for obj in prepared:
        counts.update(match(obj))
    c2, w2 = clock()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    queue.put((c1 - c0, c2 - c1, dict(counts), rss, w2 - w0))


def in_child(name, texts, lex):
    ctx = mp.get_context("fork")
    queue = ctx.Queue()
    proc = ctx.Process(target=run_method, args=(name, texts, lex, queue))
    proc.start()
    result = queue.get()
    proc.join()
    return result


# ---------------------------------------------------------------------------
# Part 2: all of UNGDC
# ---------------------------------------------------------------------------


def full_run(queue):
    from framing import load_corpus
    from framing.lexicon.core import load_lexicon
    from framing.lexicon.engine import Matcher, _lower_and_tokens
    from framing.lexicon.matcher import counts_from_matches, scan_corpus

    lex = load_lexicon()
    c0, w0 = clock()
    corpus = load_corpus("ungdc")
    c1, w1 = clock()
    matches, doc_tokens = scan_corpus(corpus, lex, offsets=False)
    by_year = counts_from_matches(matches, doc_tokens, lex, by="year")
    c2, w2 = clock()
    texts = corpus.texts
    nbytes = sum(len(t.encode("utf-8")) for t in texts)

    # the matching stage alone, on token lists, and the pure-Python engine
    matcher = Matcher(lex, engine="hyperscan")
    slow = Matcher(lex, engine="python")
    stage = 0.0
    n_fast = n_slow = mismatched = 0
    for text in texts:
        lowered, tokens = _lower_and_tokens(text)
        a = time.process_time()
        found = matcher.match(tokens, lowered)
        stage += time.process_time() - a
        other = slow.match(tokens)
        n_fast += len(found)
        n_slow += len(other)
        mismatched += [m[:4] for m in found] != [m[:4] for m in other]
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    queue.put(
        {
            "docs": len(texts),
            "mb": nbytes / 1e6,
            "read": c1 - c0,
            "scan": c2 - c1,
            "wall_read": w1 - w0,
            "wall_scan": w2 - w1,
            "stage": stage,
            "matches": len(matches),
            "n_fast": n_fast,
            "n_slow": n_slow,
            "mismatched": mismatched,
            "rss": rss,
            "rows": len(by_year),
            "patterns": int(lex.manifest()["expanded_phrases"]),
            "tokens": int(doc_tokens["tokens"].sum()),
        }
    )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--years", default="2013-2024", help="UNGDC years for part 1")
    ap.add_argument("--quick", action="store_true", help="part 1 on 2022-2024 only")
    ap.add_argument("--no-full", action="store_true", help="skip part 2 (all of UNGDC)")
    args = ap.parse_args()

    from framing import load_corpus
    from framing.lexicon.core import load_lexicon

    first, last = map(int, ("2022-2024" if args.quick else args.years).split("-"))
    texts = load_corpus("ungdc", years=(first, last)).texts
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    shipped = load_lexicon()
    lex = finite_lexicon(shipped)
    n_phrases = int(lex.expand()["finite"].sum())

    print(f"# Slogan matching benchmark ({time.strftime('%Y-%m-%d')})\n")
    print(
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}; load average at start "
        f"{os.getloadavg()[0]:.1f} (other work may run concurrently).\n"
    )
    print(
        f"Part 1: UNGDC {first}-{last}, {len(texts)} statements, {mb:.1f} MB; lexicon "
        f"{shipped.name} {shipped.version} ({len(lex)} entries, {n_phrases} expanded "
        f"phrases).\n"
    )

    results = {}
    for name in METHODS:
        results[name] = in_child(name, texts, lex)
        prep, match, _, _, wall = results[name]
        print(
            f"  measured {name}: prep {prep:.2f} s, match {match:.2f} s CPU, {wall:.2f} s wall",
            file=sys.stderr,
        )

    exact = results["framing (hyperscan engine on token lists)"][2]
    for name in METHODS:
        if name.startswith("framing"):
            assert results[name][2] == exact, f"{name} disagrees"
    # ratios: matching stage against the engine on token lists, e2e against
    # the corpus path
    ours_match = results["framing (hyperscan engine on token lists)"][1]
    ours_e2e = sum(results["framing (corpus path, hyperscan engine)"][:2])
    total_exact = sum(exact.values())
    print(
        "Throughput is MB of original text per CPU-second of the method's process "
        "(one core); wall-clock seconds, inflated by concurrent work, in the last column. "
        "'framing faster' divides the peer's CPU time by framing's: for the matching "
        "stage by the engine on token lists, end to end by the corpus path.\n"
    )
    print(
        "| method | match MB/s | e2e MB/s | framing faster, match | framing faster, e2e "
        "| occurrences | entries miscounted | total abs. error | peak RSS MB | wall s |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for name, (prep, match, counts, rss, wall) in results.items():
        entries = set(exact) | set(counts)
        wrong = sum(exact.get(e, 0) != counts.get(e, 0) for e in entries)
        err = sum(abs(exact.get(e, 0) - counts.get(e, 0)) for e in entries)
        print(
            f"| {name} | {mb / match:,.0f} | {mb / (prep + match):,.1f} | "
            f"{match / ours_match:,.1f}x | {(prep + match) / ours_e2e:,.1f}x | "
            f"{sum(counts.values()):,} | {wrong} | {err:,} | {rss:,.0f} | {wall:.1f} |"
        )
    print(f"\nExact occurrences: {total_exact:,}. Per-entry differences of the peers (peer minus exact):\n")
    for name, (_, _, counts, _, _) in results.items():
        if name.startswith("framing"):
            continue
        diffs = {e: counts.get(e, 0) - exact.get(e, 0) for e in sorted(set(exact) | set(counts))}
        diffs = {e: d for e, d in diffs.items() if d}
        shown = ", ".join(f"{e} {d:+d}" for e, d in sorted(diffs.items(), key=lambda x: -abs(x[1]))[:6])
        print(f"- {name}: {shown or 'none'}")

    if args.no_full:
        return
    ctx = mp.get_context("fork")
    queue = ctx.Queue()
    proc = ctx.Process(target=full_run, args=(queue,))
    proc.start()
    r = queue.get()
    proc.join()
    print(
        f"\nPart 2: all of UNGDC ({r['docs']:,} statements, {r['mb']:.1f} MB), full shipped "
        f"lexicon ({r['patterns']} expanded phrases plus gap patterns and exclusions), one "
        "process; CPU seconds of that process, and MB/s per CPU-second.\n"
    )
    print("| stage | CPU s | MB/s | wall s |")
    print("|---|---:|---:|---:|")
    print(
        f"| read archive + decode (load_corpus) | {r['read']:.2f} | "
        f"{r['mb'] / r['read']:,.1f} | {r['wall_read']:.1f} |"
    )
    print(
        f"| normalise + tokenise + count tokens + match + count by year (scan_corpus) | "
        f"{r['scan']:.2f} | {r['mb'] / r['scan']:,.1f} | {r['wall_scan']:.1f} |"
    )
    total = r["read"] + r["scan"]
    print(
        f"| whole run (read ... count by year) | {total:.2f} | {r['mb'] / total:,.1f} | "
        f"{r['wall_read'] + r['wall_scan']:.1f} |"
    )
    print(
        f"| matching stage alone, given the token lists (hyperscan engine) | "
        f"{r['stage']:.2f} | {r['mb'] / r['stage']:,.0f} | |"
    )
    print(
        f"\n{r['tokens']:,} tokens, {r['rows']:,} rows by year x entry x variant, "
        f"{r['matches']:,} occurrences; the pure-Python engine finds {r['n_slow']:,} "
        f"(hyperscan engine {r['n_fast']:,}), documents that differ: {r['mismatched']}; "
        f"peak RSS {r['rss']:,.0f} MB."
    )


if __name__ == "__main__":
    main()
