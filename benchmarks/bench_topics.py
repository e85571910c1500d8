"""Topic models on the UN General Debate Corpus: framing vs gensim and scikit-learn.

Run ``python benchmarks/bench_topics.py`` (all 10,952 statements, K=20) or
``--paragraphs`` / ``--query 'year >= 2000'`` for other inputs. The corpus is
prepared once (``DTMBuilder``: stop words, min_df=5, max_df=0.5, detected
phrases); every model is then fitted in its own process on the same
document-term matrix, so the peak memory of each is its own. Coherence
(``c_npmi``, ``u_mass``, top 10 terms) is computed the same way for all
models, on the same prepared token sequences, with
:func:`framing.topics.model.coherence` (equal to gensim's ``CoherenceModel``, see
tests/test_topics.py).

Models
------
``framing lda``      TopicModel(backend="lda"): tomotopy Gibbs sampler, ``--iterations`` sweeps
``framing nmf``      TopicModel(backend="nmf"): scikit-learn NMF on TF-IDF
``gensim LdaModel``  online variational Bayes, ``--passes`` passes, chunksize 2000
``sklearn LDA``      LatentDirichletAllocation(learning_method="online"), ``--passes`` epochs

Prints a markdown table with wall time, ratios to gensim LdaModel measured in
the same run, coherence, exclusivity and peak resident memory.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

MODELS = ("framing lda", "framing nmf", "gensim LdaModel", "sklearn LDA")


def rss_mb() -> float:
    """Peak resident memory of this process in MB (VmHWM; getrusage's maxrss
    would include the parent's memory inherited through fork)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def save_dtm(dtm, path: Path) -> None:
    lengths = np.array([len(s) for s in dtm.sequences], dtype=np.int64)
    np.savez(
        path,
        data=dtm.matrix.data,
        indices=dtm.matrix.indices,
        indptr=dtm.matrix.indptr,
        shape=np.array(dtm.matrix.shape),
        vocabulary=np.asarray(dtm.vocabulary, dtype=str),
        seq=np.concatenate(dtm.sequences),
        lengths=lengths,
    )


def load_dtm(path: Path):
    import pandas as pd
    import scipy.sparse as sp

    from framing.text.matrix import DocumentTermMatrix

    z = np.load(path)
    m = sp.csr_matrix((z["data"], z["indices"], z["indptr"]), shape=tuple(z["shape"]))
    seqs = np.split(z["seq"], np.cumsum(z["lengths"])[:-1])
    docs = pd.DataFrame({"doc_id": [str(i) for i in range(m.shape[0])]})
    return DocumentTermMatrix(
        m,
        np.asarray(z["vocabulary"].tolist(), dtype=object),
        docs,
        np.asarray(m.sum(axis=1)).ravel(),
        sequences=seqs,
    )


def worker(name: str, path: Path, k: int, iterations: int, passes: int, jobs: int, seed: int) -> dict:
    from framing.topics.model import coherence, exclusivity

    dtm = load_dtm(path)
    base = rss_mb()
    t0 = time.perf_counter()
    if name.startswith("framing"):
        from framing.topics.model import TopicModel

        backend = name.split()[1]
        model = TopicModel(
            k,
            backend=backend,
            iterations=iterations if backend == "lda" else None,
            n_jobs=jobs,
            random_state=seed,
        ).fit(dtm)
        beta = model.components_
        setting = f"{iterations} sweeps, {jobs} threads" if backend == "lda" else "TF-IDF, cd solver"
    elif name == "gensim LdaModel":
        from gensim.corpora import Dictionary
        from gensim.models import LdaModel

        dictionary = Dictionary([dtm.vocabulary])  # ids follow the DTM columns
        m = dtm.matrix
        bow = [
            list(
                zip(
                    m.indices[m.indptr[i] : m.indptr[i + 1]].tolist(),
                    m.data[m.indptr[i] : m.indptr[i + 1]].tolist(),
                    strict=True,
                )
            )
            for i in range(m.shape[0])
        ]
        lda = LdaModel(
            bow,
            num_topics=k,
            id2word=dictionary,
            passes=passes,
            chunksize=2000,
            random_state=seed,
            eval_every=None,
        )
        beta = lda.get_topics()
        order = [dictionary.token2id[t] for t in dtm.vocabulary]
        beta = beta[:, order]
        setting = f"{passes} passes, chunksize 2000"
    elif name == "sklearn LDA":
        from sklearn.decomposition import LatentDirichletAllocation

        lda = LatentDirichletAllocation(
            n_components=k,
            learning_method="online",
            max_iter=passes,
            batch_size=2000,
            random_state=seed,
            n_jobs=1,
        )
        lda.fit(dtm.matrix)
        beta = lda.components_ / lda.components_.sum(axis=1, keepdims=True)
        setting = f"online, {passes} epochs"
    else:
        raise ValueError(name)
    fit_s = time.perf_counter() - t0
    top = np.argsort(-beta, axis=1, kind="stable")[:, :10]
    topics = [[dtm.vocabulary[i] for i in row] for row in top]
    return {
        "model": name,
        "setting": setting,
        "fit_s": fit_s,
        "c_npmi": float(np.mean(coherence(topics, dtm, "c_npmi"))),
        "u_mass": float(np.mean(coherence(topics, dtm, "u_mass"))),
        "exclusivity": float(np.mean(exclusivity(beta))),
        "peak_rss_mb": rss_mb(),
        "model_rss_mb": rss_mb() - base,
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--k", type=int, default=20)
    ap.add_argument("--iterations", type=int, default=100, help="framing lda Gibbs sweeps")
    ap.add_argument("--passes", type=int, default=3, help="gensim/sklearn passes over the corpus")
    ap.add_argument("--jobs", type=int, default=2, help="framing lda sampling threads")
    ap.add_argument("--prep-jobs", type=int, default=1, help="DTMBuilder processes")
    ap.add_argument("--paragraphs", action="store_true")
    ap.add_argument("--query", default=None)
    ap.add_argument("--models", default=",".join(MODELS))
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--worker", default=None, help=argparse.SUPPRESS)
    ap.add_argument("--cache", default=None, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        res = worker(
            args.worker, Path(args.cache), args.k, args.iterations, args.passes, args.jobs, args.seed
        )
        print(json.dumps(res))
        return 0

    import framing
    from framing.topics.dtm import DTMBuilder

    t0 = time.perf_counter()
    corpus = framing.load_corpus("ungdc")
    if args.query:
        corpus = corpus.subset(query=args.query)
    load_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    builder = DTMBuilder(split="paragraphs" if args.paragraphs else None, n_jobs=args.prep_jobs)
    dtm = builder.fit_transform(corpus)
    prep_s = time.perf_counter() - t0
    prep_rss = rss_mb()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        cache = Path(tmp) / "dtm.npz"
        save_dtm(dtm, cache)
        for name in [m.strip() for m in args.models.split(",") if m.strip()]:
            cmd = [
                sys.executable,
                __file__,
                "--worker",
                name,
                "--cache",
                str(cache),
                "--k",
                str(args.k),
                "--iterations",
                str(args.iterations),
                "--passes",
                str(args.passes),
                "--jobs",
                str(args.jobs),
                "--seed",
                str(args.seed),
            ]
            out = subprocess.run(
                cmd,
                capture_output=True,
                text=True,
                check=False,
                env={**os.environ, "PYTHONWARNINGS": "ignore"},
            )
            if out.returncode != 0:
                print(out.stderr, file=sys.stderr)
                continue
            rows.append(json.loads(out.stdout.strip().splitlines()[-1]))
            print(f"done {name}: {rows[-1]['fit_s']:.1f} s", file=sys.stderr, flush=True)
    ref = next((r for r in rows if r["model"] == "gensim LdaModel"), None)
    unit = "paragraphs" if args.paragraphs else "statements"
    print(
        f"UNGDC {len(corpus)} statements -> {dtm.n_docs} {unit}, {dtm.n_terms} terms "
        f"({len(dtm.phrases)} phrases), {int(dtm.matrix.sum())} tokens; K={args.k}; "
        f"{os.cpu_count()} cores, {platform.processor() or platform.machine()}, Python {platform.python_version()}"
    )
    print(
        f"load {load_s:.1f} s, preparation (DTMBuilder, n_jobs={args.prep_jobs}) {prep_s:.1f} s, "
        f"peak RSS after preparation {prep_rss:.0f} MB\n"
    )
    print(
        "| model | setting | fit s | time / gensim | prep + fit s | mean c_npmi | c_npmi - gensim "
        "| mean u_mass | exclusivity | peak RSS MB (model) |"
    )
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        ratio = f"{r['fit_s'] / ref['fit_s']:.2f}" if ref else "-"
        diff = f"{r['c_npmi'] - ref['c_npmi']:+.4f}" if ref else "-"
        print(
            f"| {r['model']} | {r['setting']} | {r['fit_s']:.1f} | {ratio} | {prep_s + r['fit_s']:.1f} "
            f"| {r['c_npmi']:.4f} | {diff} | {r['u_mass']:.3f} | {r['exclusivity']:.2f} "
            f"| {r['peak_rss_mb']:.0f} ({r['model_rss_mb']:.0f}) |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
