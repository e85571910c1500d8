"""Coverage of topic-effect intervals in simulated corpora with a planted effect.

Each simulated corpus has two topics with disjoint vocabularies (15 words
each) and a binary covariate ``x``: a document's true share of the first
topic is drawn from Beta(m c, (1 - m) c) with m = 0.3 + 0.2 x (so the true
effect of ``x`` is +0.20) and c = 3. Documents have 120 tokens, or three
paragraphs of 120 tokens sharing the document's share (paragraphs are then
the units, and the intervals must be clustered by document). For each
corpus a topic model (NMF or LDA, k = 2) is fitted, ``estimate_effect(model,
"x")`` is run with 100 simulations, and we record whether the 95% interval
of the difference x=1 - x=0 for the first topic covers 0.20.

Run: ``python benchmarks/bench_owncorpus.py [N]`` (default 100 corpora per row).
"""

from __future__ import annotations

import sys
import time

import numpy as np

from framing import Corpus
from framing.topics.dtm import DTMBuilder
from framing.topics.model import TopicModel, estimate_effect

A = [f"alpha{i}" for i in range(15)]
B = [f"beta{i}" for i in range(15)]
EFFECT = 0.20


def simulate(
    seed: int,
    n_docs: int = 80,
    paragraphs: int = 1,
    length: int = 120,
    base: float = 0.3,
    concentration: float = 3.0,
) -> Corpus:
    rng = np.random.default_rng(seed)
    texts, xs = [], []
    for d in range(n_docs):
        x = d % 2
        m = base + EFFECT * x
        theta = rng.beta(m * concentration, (1 - m) * concentration)
        parts = []
        for _ in range(paragraphs):
            n_a = rng.binomial(length, theta)
            words = list(rng.choice(A, n_a)) + list(rng.choice(B, length - n_a))
            rng.shuffle(words)
            parts.append(" ".join(words))
        texts.append("\n\n".join(parts))
        xs.append(str(x))
    return Corpus.from_texts(texts, x=xs)


def fit(seed: int, backend: str, paragraphs: int = 1):
    """The simulated corpus's topic model and its document-term matrix."""
    corpus = simulate(seed, paragraphs=paragraphs)
    builder = DTMBuilder(
        min_df=1,
        max_df=1.0,
        phrases=False,
        min_paragraph_tokens=5,
        split="paragraphs" if paragraphs > 1 else None,
    )
    dtm = builder.fit_transform(corpus)
    return TopicModel(2, backend=backend, random_state=seed).fit(dtm), dtm


def covers(seed: int, backend: str, paragraphs: int = 1, cluster="auto", n_sims: int = 100, fitted=None):
    """(covered, estimate, width) of the 95% interval of the planted effect."""
    model, dtm = fitted or fit(seed, backend, paragraphs)
    effects = estimate_effect(model, "x", n_sims=n_sims, random_state=seed, cluster=cluster)
    diff = effects.difference("x", "1", "0")
    alpha_mass = [
        model.components_[k, [i for i, t in enumerate(dtm.vocabulary) if t.startswith("alpha")]].sum()
        for k in range(2)
    ]
    row = diff[diff["topic"] == int(np.argmax(alpha_mass)) + 1].iloc[0]
    return (
        bool(row["lower"] <= EFFECT <= row["upper"]),
        float(row["estimate"]),
        float(row["upper"] - row["lower"]),
    )


def main(n: int = 100) -> None:
    rows = []
    for backend in ("nmf", "lda"):
        for paragraphs, cluster in ((1, "auto"), (3, "auto"), (3, None)):
            t0 = time.perf_counter()
            res = [covers(s, backend, paragraphs, cluster) for s in range(n)]
            rows.append(
                (
                    backend,
                    "documents" if paragraphs == 1 else "paragraphs",
                    "by document" if (paragraphs > 1 and cluster) else "none",
                    np.mean([r[0] for r in res]),
                    np.mean([r[1] for r in res]),
                    np.mean([r[2] for r in res]),
                    time.perf_counter() - t0,
                )
            )
            print(rows[-1], flush=True)
    print(
        f"\n| model | unit | clustering | coverage of 95% intervals ({n} corpora) | mean estimate "
        "(truth 0.20) | mean width | seconds |"
    )
    print("|---|---|---|---|---|---|---|")
    for b, u, c, cov, est, w, sec in rows:
        print(f"| {b.upper()} | {u} | {c} | {cov:.2f} | {est:.3f} | {w:.3f} | {sec:.0f} |")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100)
