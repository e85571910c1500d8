"""Local embeddings and embedding regression on the UN General Debate Corpus.

Run ``python benchmarks/bench_meaning.py`` (all 10,952 statements) or
``--query 'year >= 2005'``. Measures, in one process and one run:

* tokenising the corpus (``framing.tokenize``);
* ``train_embeddings(method="svd")``: PPMI + truncated SVD, 100 dimensions,
  window 5, min_count 5 (the default trainer);
* ``train_embeddings(method="word2vec", workers=2)`` and gensim's own
  ``Word2Vec`` on the same token pieces with the same settings (CBOW, 100
  dimensions, window 5, min_count 5, ``--epochs`` epochs, 2 workers): the
  wrapper's overhead beside the peer;
* the ALC transform (window 6);
* one embedding regression of the term closest to 10,000 occurrences among a
  few candidates, on the decade of the statement, with 100 bootstrap draws
  and 100 permutations.

Prints a markdown table of wall times and ratios. Use ``--skip-word2vec`` to
leave out the (slow) Word2Vec rows.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--query", default=None)
    ap.add_argument("--epochs", type=int, default=5)
    ap.add_argument("--skip-word2vec", action="store_true")
    args = ap.parse_args()

    import framing
    from framing.meaning.alc import compute_transform
    from framing.meaning.embeddings import corpus_tokens, train_embeddings
    from framing.meaning.regression import embedding_regression
    from framing.meaning.space import EmbeddingSpace

    rows = []

    def timed(name, fn):
        t = time.perf_counter()
        value = fn()
        rows.append((name, time.perf_counter() - t))
        print(f"{name}: {rows[-1][1]:.1f} s", file=sys.stderr, flush=True)
        return value

    corpus = timed("load UNGDC", lambda: framing.load_corpus("ungdc"))
    if args.query:
        corpus = corpus.subset(query=args.query)
    tokens = timed("tokenise", lambda: corpus_tokens(corpus))
    n_tokens = sum(map(len, tokens))
    emb = timed("framing train_embeddings svd", lambda: train_embeddings(corpus, tokens=tokens, cache=False))
    if not args.skip_word2vec:
        from gensim.models import Word2Vec

        timed(
            "framing train_embeddings word2vec (2 workers)",
            lambda: train_embeddings(
                corpus, tokens=tokens, method="word2vec", workers=2, epochs=args.epochs, cache=False
            ),
        )
        pieces = [t[i : i + 1000] for t in tokens for i in range(0, len(t), 1000)]
        timed(
            "gensim Word2Vec (2 workers)",
            lambda: Word2Vec(
                pieces, vector_size=100, window=5, min_count=5, workers=2, epochs=args.epochs, seed=0
            ),
        )
    transform = timed(
        "ALC transform (window 6)", lambda: compute_transform(tokens, emb, window=6, min_count=5)
    )
    space = EmbeddingSpace(corpus, tokens, emb, transform)
    counts = {}
    for term in ("sovereignty", "human rights", "democracy", "terrorism", "security"):
        phrase = term.split()
        k = len(phrase)
        counts[term] = sum(1 for t in tokens for i in range(len(t)) if t[i : i + k] == phrase)
    term = min(counts, key=lambda t: abs(counts[t] - 10_000))
    corpus.docs["decade"] = (corpus.docs["year"] // 10 * 10).astype(str)
    space.corpus = corpus
    result = timed(
        f"embedding_regression {term!r} ~ decade, 100 boot + 100 perm",
        lambda: embedding_regression(corpus, term, "~ decade", n_boot=100, n_perm=100, space=space),
    )
    print(
        f"\n{len(corpus):,} statements, {n_tokens:,} tokens, {len(emb):,} words with a vector; "
        f"{term!r}: {len(result.occurrences):,} occurrences, {len(result.norms)} decade terms; "
        f"cores: {os.cpu_count()}, load before: {os.getloadavg()[0]:.1f}\n"
    )
    print("| step | seconds |")
    print("|---|---:|")
    for name, sec in rows:
        print(f"| {name} | {sec:.1f} |")
    d = dict(rows)
    if "gensim Word2Vec (2 workers)" in d:
        print(
            f"\nword2vec wrapper / gensim: "
            f"{d['framing train_embeddings word2vec (2 workers)'] / d['gensim Word2Vec (2 workers)']:.2f}; "
            f"svd / gensim Word2Vec: "
            f"{d['framing train_embeddings svd'] / d['gensim Word2Vec (2 workers)']:.2f}"
        )


if __name__ == "__main__":
    main()
