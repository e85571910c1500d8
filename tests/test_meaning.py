"""Meaning in context: embeddings, ALC transform, embedding regression, variants."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

import framing
from framing.errors import EmbeddingError, MissingColumnError
from framing.meaning.alc import ALCTransform, compute_transform
from framing.meaning.embeddings import Embeddings, load_embeddings, train_embeddings
from framing.meaning.regression import embedding_regression
from framing.meaning.space import EmbeddingSpace
from framing.meaning.variants import discover_variants

# -- simulated corpora with fixed random vectors ---------------------------------------

WORDS_A = [f"alpha{i}" for i in range(12)]
WORDS_B = [f"beta{i}" for i in range(12)]
FILLER = [f"gamma{i}" for i in range(12)]


def _space(texts, groups, dim=24, seed=0, window=6):
    corpus = framing.Corpus.from_texts(texts, source=groups)
    rng = np.random.default_rng(seed)
    words = WORDS_A + WORDS_B + FILLER + ["pivot"]
    emb = Embeddings(words, rng.normal(size=(len(words), dim)))
    tokens = [t.split() for t in texts]
    return EmbeddingSpace(corpus, tokens, emb, ALCTransform(np.eye(dim), emb, window))


def _texts(rng, n, vocab_a, vocab_b):
    texts, groups = [], []
    for g, vocab in (("A", vocab_a), ("B", vocab_b)):
        for _ in range(n):
            left = rng.choice(vocab, 6)
            right = rng.choice(vocab, 6)
            texts.append(" ".join([*left, "pivot", *right]))
            groups.append(g)
    return texts, groups


def test_different_contexts_give_a_significant_norm_and_the_right_neighbours():
    rng = np.random.default_rng(1)
    texts, groups = _texts(rng, 40, WORDS_A + FILLER[:4], WORDS_B + FILLER[:4])
    space = _space(texts, groups, dim=300)
    r = embedding_regression(None, "pivot", "~ source", n_boot=50, n_perm=200, random_state=0, space=space)
    row = r.norms.iloc[0]
    assert row["term"] == "source[B]" and row["n"] == 80
    assert row["p_value"] < 0.01
    assert row["low"] <= row["norm"] <= row["high"] or row["low"] <= row["boot_mean"]
    nb = r.neighbours
    top_a = set(nb[(nb["group"] == "A") & (nb["rank"] <= 8)]["word"])
    top_b = set(nb[(nb["group"] == "B") & (nb["rank"] <= 8)]["word"])
    assert top_a <= set(WORDS_A + FILLER[:4]) and len(top_a & set(WORDS_A)) >= 5
    assert top_b <= set(WORDS_B + FILLER[:4]) and len(top_b & set(WORDS_B)) >= 5
    assert "pivot" not in top_a | top_b
    # groups are far apart, each close to itself
    sim = r.similarity.iloc[0]
    assert sim["cosine"] < 0.6 and sim["low"] <= sim["cosine"] + 0.1
    # the passages that pull "source[B]" hardest come from group B
    assert (r.passages["source"] == "B").all() and len(r.passages) == 5
    doc = space.corpus[r.passages["doc_id"].iloc[0]]
    s, e = int(r.passages["start"].iloc[0]), int(r.passages["end"].iloc[0])
    assert doc.text[s:e] == "pivot"


def test_coefficient_equals_difference_of_group_means():
    rng = np.random.default_rng(2)
    texts, groups = _texts(rng, 15, WORDS_A, WORDS_B)
    space = _space(texts, groups, window=3)
    r = embedding_regression(None, "pivot", "source", n_boot=0, n_perm=0, space=space)
    emb = space.embeddings
    means = {}
    for g in "AB":
        rows = [
            np.mean([emb[w] for w in t.split()[3:6] + t.split()[7:10]], axis=0)
            for t, gg in zip(texts, groups, strict=True)
            if gg == g
        ]
        means[g] = np.mean(rows, axis=0)
    coef = r.coefficients.loc["source[B]"].to_numpy()
    np.testing.assert_allclose(coef, means["B"] - means["A"], atol=1e-10)
    np.testing.assert_allclose(r.norms["norm"].iloc[0], np.linalg.norm(means["B"] - means["A"]))


def test_null_p_values_are_roughly_uniform():
    pvals = []
    for sim in range(50):
        rng = np.random.default_rng(100 + sim)
        texts, groups = _texts(rng, 15, WORDS_A, WORDS_A)
        space = _space(texts, groups, dim=12, seed=sim)
        r = embedding_regression(
            None, "pivot", "~ source", n_boot=0, n_perm=99, random_state=sim, space=space
        )
        pvals.append(r.norms["p_value"].iloc[0])
    pvals = np.array(pvals)
    assert stats.kstest(pvals, "uniform").pvalue > 0.01
    assert 0 <= (pvals < 0.05).mean() <= 0.16
    assert 0.3 <= np.median(pvals) <= 0.7


def test_regression_errors_name_the_problem():
    rng = np.random.default_rng(3)
    texts, groups = _texts(rng, 5, WORDS_A, WORDS_B)
    space = _space(texts, groups)
    with pytest.raises(MissingColumnError, match="party"):
        embedding_regression(None, "pivot", "~ party", space=space)
    with pytest.raises(EmbeddingError, match="does not occur"):
        embedding_regression(None, "nowhere", "~ source", space=space)


# -- ALC transform against a direct computation ------------------------------------------


def test_transform_matches_weighted_least_squares_by_hand():
    rng = np.random.default_rng(4)
    words = [f"w{i}" for i in range(15)]
    docs = [list(rng.choice(words, 60)) + ["rare"] for _ in range(8)]
    emb = Embeddings(words, rng.normal(size=(15, 5)))
    t = compute_transform(docs, emb, window=2, min_count=3)
    U, V, W = [], [], []
    for w in words:
        ctx, count = [], 0
        for d in docs:
            for i, tok in enumerate(d):
                if tok != w:
                    continue
                count += 1
                for j in range(max(0, i - 2), min(len(d), i + 3)):
                    if j != i and d[j] in emb:
                        ctx.append(emb[d[j]])
        if count >= 3:
            U.append(np.mean(ctx, axis=0))
            V.append(emb[w])
            W.append(np.log(count))
    U, V, W = np.array(U), np.array(V), np.diag(W)
    A_hand = np.linalg.solve(U.T @ W @ U, U.T @ W @ V).T
    np.testing.assert_allclose(t.A, A_hand, atol=1e-8)
    assert t.words_used == len(V)


# -- embeddings: training, cache, user vectors -------------------------------------------


def _small_corpus():
    texts = ["the cat sat on the mat and the dog sat on the rug"] * 15 + [
        "peace and security in the world need cooperation"
    ] * 15
    return framing.Corpus.from_texts(texts, source=["A"] * 15 + ["B"] * 15)


def test_training_is_deterministic_and_cached(tmp_path, monkeypatch):
    monkeypatch.setenv("FRAMING_CACHE", str(tmp_path))
    c = _small_corpus()
    a = train_embeddings(c, dim=4, min_count=2)
    files = list((tmp_path / "embeddings").glob("svd-*.npz"))
    assert len(files) == 1 and not list(tmp_path.rglob("*.tmp*"))
    b = train_embeddings(c, dim=4, min_count=2)
    fresh = train_embeddings(c, dim=4, min_count=2, cache=False)
    assert a.words == b.words == fresh.words
    np.testing.assert_array_equal(a.vectors, fresh.vectors)
    assert a.counts[a.index["the"]] == 15 * 4 + 15
    w1 = train_embeddings(c, method="word2vec", dim=8, min_count=2, epochs=2, cache=False)
    w2 = train_embeddings(c, method="word2vec", dim=8, min_count=2, epochs=2, cache=False)
    np.testing.assert_array_equal(w1.vectors, w2.vectors)
    with pytest.raises(EmbeddingError, match="method"):
        train_embeddings(c, method="glove")


def test_user_vectors_text_and_binary(tmp_path):
    from gensim.models import KeyedVectors

    kv = KeyedVectors(3)
    kv.add_vectors(["peace", "war"], np.array([[1.0, 0, 0], [0, 1.0, 0]]))
    kv.save_word2vec_format(str(tmp_path / "v.txt"))
    kv.save_word2vec_format(str(tmp_path / "v.bin"), binary=True)
    for name in ("v.txt", "v.bin"):
        emb = load_embeddings(tmp_path / name)
        assert emb.words == ["peace", "war"] and emb["war"].tolist() == [0, 1, 0]
    assert load_embeddings(kv).dim == 3
    with pytest.raises(EmbeddingError, match="not found"):
        load_embeddings(tmp_path / "missing.txt")


# -- variants on a small corpus, and the command lines -------------------------------------


def _variant_corpus():
    base = [
        "china calls for true multilateralism and open cooperation today",
        "we support true multilateralism and open cooperation now",
        "others prefer genuine multilateralism and open cooperation today",
        "the rain fell on the green hills this morning",
    ]
    texts = [t for t in base for _ in range(5)]
    return framing.Corpus.from_texts(texts, year=[2000 + i for i in range(len(texts))])


def test_discover_variants_small(tmp_path):
    c = _variant_corpus()
    lex = framing.Lexicon.from_patterns({"tm": "true multilateralism"})
    v = discover_variants(c, "tm", lex, top=5, dim=6, min_count=2, window=3, cache=False)
    top = v.iloc[0]
    assert "genuine multilateralism" in top["phrase"]
    assert (top["n"], top["docs"], top["first_year"]) == (5, 5, 2010)
    assert "genuine multilateralism" in top["example"]
    assert v["score"].is_monotonic_decreasing
    assert "true multilateralism" not in set(v["phrase"])
    assert f'- "{top["phrase"]}"  # n=5' in v.to_yaml()
    with pytest.raises(EmbeddingError, match="no entry"):
        discover_variants(c, "nope", lex)


def test_cli_variants_and_context(tmp_path, capsys, monkeypatch):
    from framing.cli.main import main

    monkeypatch.setenv("FRAMING_CACHE", str(tmp_path / "cache"))
    c = _variant_corpus()
    c.docs.assign(source=["A", "B"] * 10).to_csv(tmp_path / "c.csv", index=False)
    (tmp_path / "lex.yml").write_text(
        'lexicon: mine\nentries:\n  - id: tm\n    variants:\n      t:\n        - "true multilateralism"\n'
    )
    out = tmp_path / "v.csv"
    assert (
        main(
            [
                "variants",
                str(tmp_path / "c.csv"),
                "tm",
                "--lexicon",
                str(tmp_path / "lex.yml"),
                "--top",
                "3",
                "--out",
                str(out),
                "--dim",
                "6",
                "--min-count",
                "2",
            ]
        )
        == 0
    )
    table = pd.read_csv(out)
    assert list(table.columns[:6]) == ["phrase", "n", "docs", "first_year", "score", "context"]
    assert "example" in table and table["score"].is_monotonic_decreasing
    d = tmp_path / "ctx"
    assert (
        main(
            [
                "context",
                str(tmp_path / "c.csv"),
                "multilateralism",
                "--by",
                "source",
                "--out",
                str(d),
                "--n-boot",
                "10",
                "--n-perm",
                "10",
                "--min-count",
                "2",
                "--dim",
                "6",
            ]
        )
        == 0
    )
    norms = pd.read_csv(d / "norms.csv")
    assert norms["term"].tolist() == ["source[B]"] and norms["n"].iloc[0] == 15
    assert (d / "neighbours.png").stat().st_size > 1000 and (d / "neighbours.csv").exists()
    assert main(["context", str(tmp_path / "c.csv"), "x", "--by", "party", "--out", str(d)]) == 2
    assert "party" in capsys.readouterr().err


# -- leave one out on UNGDC 2005-2024 ------------------------------------------------------


@pytest.fixture(scope="module")
def ungdc_space():
    from framing.corpus.catalog import corpus_path
    from framing.errors import CorpusError

    try:
        corpus_path("ungdc")
    except (CorpusError, FileNotFoundError):
        pytest.skip("the shared UNGDC corpus is absent")
    from framing.meaning.space import embedding_space

    c = framing.load_corpus("ungdc")
    c = c.subset(c.docs["year"] >= 2005)  # the 3,857 statements of 2005-2024
    return embedding_space(c)


def _without(entry, variant):
    """The entry without ``variant`` and without "destiny" in any other pattern."""
    data = framing.load_lexicon("slogans")[entry].to_dict()
    data["variants"].pop(variant)
    data["variants"] = {k: [p.replace("|destiny", "") for p in ps] for k, ps in data["variants"].items()}
    if not data["exclude"]:
        data.pop("exclude")
    return framing.Lexicon.from_dict({"lexicon": "reduced", "entries": [data]})


@pytest.mark.parametrize(
    "entry, variant, expected",
    [
        ("community_shared_future", "common_destiny", "destiny"),
        ("true_multilateralism", "genuine_multilateralism", "genuine multilateralism"),
        ("zero_sum_game", "zero_sum_thinking", "zero-sum mentality"),
    ],
)
def test_leave_one_out_on_ungdc(ungdc_space, entry, variant, expected):
    lex = _without(entry, variant)
    assert not any("destiny" in p.text for p in lex[entry].patterns)
    v = discover_variants(ungdc_space.corpus, entry, lex, top=10, space=ungdc_space)
    assert v["phrase"].str.contains(expected).any(), v["phrase"].tolist()
    if entry == "community_shared_future":
        assert v["phrase"].str.contains("common destiny").any()
