"""Latent Semantic Scaling, seed sets, smoothing and validation: known answers."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats
from sklearn.metrics import accuracy_score, f1_score

import framing
from framing.cli.main import main
from framing.errors import FramingError, LexiconError, NotFittedError
from framing.tone.lss import LSS, chi2_2x2, load_seeds, seed_sets, smooth_scores
from framing.tone.validate import validate

POS_SEEDS = ["good", "nice", "excellent"]
NEG_SEEDS = ["bad", "nasty", "poor"]
POS_PLANT = [f"pa{i}" for i in range(8)]
NEG_PLANT = [f"na{i}" for i in range(8)]
NEUTRAL = [f"zz{i}" for i in range(30)]
SEEDS = {"positive": POS_SEEDS, "negative": NEG_SEEDS}


def _sentence(rng, side: int) -> str:
    seeds, plant = (POS_SEEDS, POS_PLANT) if side > 0 else (NEG_SEEDS, NEG_PLANT)
    words = [rng.choice(seeds), *rng.choice(plant, 3, replace=False), *rng.choice(NEUTRAL, 4, replace=False)]
    rng.shuffle(words)
    return " ".join(words).capitalize() + "."


def _corpus(n_docs=120, seed=1):
    """Documents whose share of positive sentences is known (``share``)."""
    rng = np.random.default_rng(seed)
    records = []
    for d in range(n_docs):
        share = (d % 11) / 10
        sides = [1 if rng.random() < share else -1 for _ in range(10)]
        records.append(
            {
                "doc_id": f"d{d:03d}",
                "source": "S" + str(d % 3),
                "year": 2000 + d % 5,
                "share": share,
                "text": " ".join(_sentence(rng, s) for s in sides),
            }
        )
    return framing.Corpus.from_records(records)


@pytest.fixture(scope="module")
def corpus():
    return _corpus()


@pytest.fixture(scope="module")
def fitted(corpus):
    return LSS(seeds=SEEDS, k=20, min_count=2, random_state=0).fit(corpus)


def test_planted_polarity_is_recovered(fitted):
    pol = fitted.polarity_
    pos, neg, neu = pol[POS_PLANT], pol[NEG_PLANT], pol[NEUTRAL]
    assert (pos > 0).all() and (neg < 0).all()
    # planted words are further from zero than any neutral word
    assert pos.min() > neu.abs().max()
    assert neg.max() < -neu.abs().max()


def test_seed_signs_and_weights(fitted):
    seeds = fitted.seeds_
    assert set(seeds["word"]) == set(POS_SEEDS + NEG_SEEDS)
    assert (np.sign(seeds["polarity"]) == np.sign(seeds["sign"])).all()
    sums = seeds.groupby(np.sign(seeds["sign"]))["weight"].sum()
    assert sums[1.0] == pytest.approx(1.0) and sums[-1.0] == pytest.approx(-1.0)


def test_polarity_is_mean_similarity_difference(fitted):
    # by hand from the fitted unit word vectors
    emb = pd.DataFrame(fitted.embedding_, index=fitted.vocabulary_)
    w = emb.loc["pa0"].to_numpy()
    sim = {s: float(w @ emb.loc[s].to_numpy()) for s in POS_SEEDS + NEG_SEEDS}
    expected = np.mean([sim[s] for s in POS_SEEDS]) - np.mean([sim[s] for s in NEG_SEEDS])
    assert fitted.polarity_["pa0"] == pytest.approx(expected)
    assert np.allclose(np.linalg.norm(fitted.embedding_, axis=1), 1.0)


def test_deterministic_given_random_state(corpus, fitted):
    again = LSS(seeds=SEEDS, k=20, min_count=2, random_state=0).fit(corpus)
    pd.testing.assert_series_equal(fitted.polarity_, again.polarity_)


def test_document_scores_rank_planted_tone(corpus, fitted):
    scores = fitted.score(corpus)
    assert list(scores.columns[:8]) == [
        "doc_id",
        "score",
        "se",
        "ci_low",
        "ci_high",
        "n_polar",
        "n_tokens",
        "raw",
    ]
    assert {"source", "year", "share"} <= set(scores.columns)
    rho = stats.spearmanr(scores["score"], scores["share"])[0]
    assert rho > 0.9
    # rescaled: z-scores over the documents
    assert scores["score"].mean() == pytest.approx(0.0, abs=1e-12)
    assert scores["score"].std(ddof=1) == pytest.approx(1.0)


def test_score_and_se_by_hand(fitted):
    toks = [["pa0", "pa1", "na0", "zz0", "unknownword"], ["pa2"], ["nothing", "here"]]
    out = fitted.score(toks, rescale=False)
    v = fitted.polarity_[["pa0", "pa1", "na0", "zz0"]].to_numpy()
    assert out["raw"].iat[0] == pytest.approx(v.mean())
    se = math.sqrt(np.mean(v**2) - v.mean() ** 2) / math.sqrt(4)
    assert out["se"].iat[0] == pytest.approx(se)
    assert out["n_polar"].tolist() == [4, 1, 0]
    assert math.isnan(out["se"].iat[1]) and math.isnan(out["score"].iat[2])
    # min_n divides by at least min_n words
    shrunk = fitted.score(toks, rescale=False, min_n=10)
    assert shrunk["raw"].iat[1] == pytest.approx(fitted.polarity_["pa2"] / 10)


def test_sentence_level_and_bootstrap(corpus, fitted):
    sub = corpus.docs.iloc[:3]
    rows = fitted.score(sub, "sentence", interval="bootstrap", n_boot=200, random_state=3)
    assert len(rows) == 30
    assert list(rows.columns[:6]) == ["doc_id", "sentence", "start", "end", "text", "score"]
    ok = rows["n_polar"] >= 2
    assert (rows.loc[ok, "ci_low"] <= rows.loc[ok, "ci_high"]).all()
    again = fitted.score(sub, "sentence", interval="bootstrap", n_boot=200, random_state=3)
    pd.testing.assert_frame_equal(rows, again)
    text = sub["text"].iat[0]
    assert rows["text"].iat[0] == text[rows["start"].iat[0] : rows["end"].iat[0]]


def test_rescale_fit_uses_fitted_sentences(corpus, fitted):
    rows = fitted.score(corpus, "sentence", rescale="fit", keep_text=False)
    assert rows["score"].mean() == pytest.approx(0.0, abs=1e-9)
    assert rows["score"].std(ddof=1) == pytest.approx(1.0, rel=1e-9)


def test_phrase_glob_and_lexicon_seeds():
    texts = [
        "Mutual benefit and win-win cooperation bring welcome results.",
        "We welcomed the friendly talks and mutual benefit.",
        "They oppose interference and smear campaigns.",
        "Opposed to interference, hostile smears continue.",
    ] * 5
    lex = framing.Lexicon.from_patterns({"win_win": ["win-win cooperation"]})
    seeds = {"positive": ["mutual benefit", "welcom*", "@win_win"], "negative": ["oppos*", "smear*"]}
    model = LSS(seeds=seeds, k=3, min_count=1, lexicon=lex).fit(texts)
    found = model.seeds_.dropna(subset=["word"])
    assert set(found["word"]) == {
        "mutual_benefit",
        "welcome",
        "welcomed",
        "win-win_cooperation",
        "oppose",
        "opposed",
        "smear",
        "smears",
    }
    w = found.set_index("word")["weight"]
    assert w["mutual_benefit"] == pytest.approx(1 / 3)
    assert w["welcome"] == pytest.approx(1 / 6) and w["welcomed"] == pytest.approx(1 / 6)
    assert w["oppose"] == pytest.approx(-1 / 4)


def test_target_terms_by_chi_square():
    rng = np.random.default_rng(0)
    sents = []
    for _ in range(300):
        if rng.random() < 0.3:
            sents.append(["usa", "hegemony", "threat", *rng.choice(NEUTRAL, 3)])
        else:
            sents.append(list(rng.choice(NEUTRAL, 5)) + ["good" if rng.random() < 0.5 else "bad"])
    model = LSS(
        seeds={"positive": ["good"], "negative": ["bad"]}, k=5, min_count=1, target="USA", stopwords=False
    ).fit(sents)
    terms = model.terms_.set_index("word")
    assert {"hegemony", "threat"} <= set(terms.index) and "usa" not in terms.index
    assert set(model.polarity_.index) == set(terms.index)
    # the statistic equals scipy's Yates-corrected chi-square of the 2x2 table
    a = terms.loc["hegemony", "in_context"]
    n_in = sum(len(s) - 1 for s in sents if "usa" in s)
    total = sum(len(s) for s in sents)
    b = terms.loc["hegemony", "count"] - a
    ref = stats.chi2_contingency([[a, b], [n_in - a, total - n_in - b]], correction=True)
    assert terms.loc["hegemony", "chi2"] == pytest.approx(ref[0])
    assert terms.loc["hegemony", "p"] == pytest.approx(ref[1])


def test_chi2_2x2_matches_scipy():
    rng = np.random.default_rng(5)
    tables = rng.integers(3, 60, size=(20, 4)).astype(float)
    stat, p = chi2_2x2(*tables.T)
    for row, s, q in zip(tables, stat, p):
        ref = stats.chi2_contingency(row.reshape(2, 2), correction=True)
        assert s == pytest.approx(ref[0]) and q == pytest.approx(ref[1])


def test_shipped_seed_sets():
    sets = seed_sets()
    assert set(sets["name"]) == {"sentiment", "diplomatic"}
    sentiment = load_seeds("sentiment")
    assert sorted(w for w, s in sentiment.items() if s > 0) == sorted(
        ["good", "nice", "excellent", "positive", "fortunate", "correct", "superior"]
    )
    dip = load_seeds("diplomatic")
    assert dip["mutual benefit"] == 1.0 and dip["representations"] == -1.0
    with pytest.raises(LexiconError, match="no shipped seed set 'nope'"):
        load_seeds("nope")


def test_errors_are_clear(corpus):
    with pytest.raises(NotFittedError):
        LSS().score(["text"])
    with pytest.raises(FramingError, match="no positive seed occurs"):
        LSS(seeds={"positive": ["absentword"], "negative": ["bad"]}, k=5, min_count=1).fit(corpus)
    with pytest.raises(FramingError, match="k must be"):
        LSS(k=0).fit(corpus)
    with pytest.raises(FramingError, match="level must be"):
        LSS(seeds=SEEDS, k=5, min_count=1).fit(corpus).score(corpus, level="word")


def test_smooth_scores_reproduces_a_line():
    years = np.repeat(np.arange(1990, 2010), 5)
    rng = np.random.default_rng(2)
    frame = pd.DataFrame(
        {"year": years, "score": 0.1 * (years - 1990) + 1.0, "g": rng.choice(["a", "b"], len(years))}
    )
    out = smooth_scores(frame, span=0.3)
    assert np.allclose(out["fit"], 0.1 * (out["year"] - 1990) + 1.0)
    assert np.allclose(out["se"], 0.0)
    noisy = frame.assign(score=frame["score"] + rng.normal(0, 1, len(frame)))
    by = smooth_scores(noisy, by="g", span=0.5)
    assert set(by["g"]) == {"a", "b"} and (by["se"] > 0).all()
    assert (by["ci_low"] < by["fit"]).all()


def test_smooth_scores_on_dates():
    dates = pd.date_range("2022-01-01", periods=60, freq="D")
    frame = pd.DataFrame({"date": dates, "score": np.arange(60) * 0.5})
    out = smooth_scores(frame, date="date", span=0.2)
    assert pd.api.types.is_datetime64_any_dtype(out["date"])
    assert np.allclose(out["fit"], np.arange(60) * 0.5)


# -- validate ---------------------------------------------------------------


def test_validate_matches_reference_implementations():
    rng = np.random.default_rng(11)
    labels = rng.integers(-1, 2, 200)
    scores = labels * 0.5 + rng.normal(0, 0.6, 200)
    v = validate(scores, labels, cutoffs=[-0.25, 0.25], n_boot=300, random_state=1)
    pred = np.where(scores < -0.25, -1, np.where(scores < 0.25, 0, 1))
    m = v.metrics["estimate"]
    assert m["spearman"] == pytest.approx(stats.spearmanr(scores, labels)[0])
    assert m["pearson"] == pytest.approx(stats.pearsonr(scores, labels)[0])
    assert m["accuracy"] == pytest.approx(accuracy_score(labels, pred))
    assert m["macro_f1"] == pytest.approx(f1_score(labels, pred, average="macro"))
    assert (v.metrics["ci_low"] <= m).all() and (m <= v.metrics["ci_high"]).all()
    assert v.confusion.to_numpy().sum() == 200
    assert v.predicted.tolist() == pred.tolist()
    again = validate(scores, labels, cutoffs=[-0.25, 0.25], n_boot=300, random_state=1)
    pd.testing.assert_frame_equal(v.metrics, again.metrics)
    # a class never predicted counts F1 = 0, as scikit-learn's zero_division=0
    none_neutral = validate(scores, labels, cutoffs=[0.0, 0.0], n_boot=0)
    pred0 = np.where(scores < 0, -1, 1)
    assert none_neutral.metrics.loc["macro_f1", "estimate"] == pytest.approx(
        f1_score(labels, pred0, labels=[-1, 0, 1], average="macro", zero_division=0)
    )


def test_validate_hand_computed():
    # labels: neg neg neu pos pos neu; cut at -0.5 and 0.5
    scores = [-0.9, 0.1, -0.2, 0.7, 0.6, 0.8]
    labels = ["negative", "negative", "neutral", "positive", "positive", "neutral"]
    v = validate(scores, labels, cutoffs=[-0.5, 0.5], n_boot=0)
    # predicted: neg neu neu pos pos pos -> 4 of 6 right
    assert v.metrics.loc["accuracy", "estimate"] == pytest.approx(4 / 6)
    # F1: negative 2/3 (p=1, r=1/2), neutral 1/2 (p=1/2, r=1/2), positive 4/5 (p=2/3, r=1)
    assert v.metrics.loc["macro_f1", "estimate"] == pytest.approx((2 / 3 + 1 / 2 + 4 / 5) / 3)
    assert v.confusion.loc["neutral"].tolist() == [0, 1, 1]
    assert v.classes == ["negative", "neutral", "positive"]
    assert math.isnan(v.metrics.loc["spearman", "ci_low"])


def test_validate_proportional_cutoffs_and_errors():
    v = validate([1, 2, 3, 4, 5, 6, 7, 8], [0, 0, 0, 0, 1, 1, 1, 1], n_boot=0)
    assert v.cutoffs == [pytest.approx(4.5)] and v.metrics.loc["accuracy", "estimate"] == 1.0
    with pytest.raises(FramingError, match="differ in length"):
        validate([1, 2], [1])
    with pytest.raises(FramingError, match="need 2 cut-off"):
        validate([1, 2, 3], [-1, 0, 1], cutoffs=[0.5])
    with pytest.raises(FramingError, match="no natural order"):
        validate([1, 2], ["x", "y"])
    dropped = validate([1, np.nan, 3, 4], [0, 1, 0, 1], n_boot=0)
    assert dropped.n == 3 and dropped.settings["dropped"] == 1


# -- everywhere tone is used --------------------------------------------------


def test_actor_tone_with_lss():
    texts = [
        "Washington's hegemony is a threat. We welcome cooperation with Beijing.",
        "The US side must stop interference. China supports friendship and partnership.",
        "We oppose the smear by Washington. Beijing welcomes mutual benefit.",
    ] * 8
    docs = pd.DataFrame({"doc_id": [f"d{i}" for i in range(len(texts))], "year": 2022, "text": texts})
    rows = framing.actor_tone(docs, ["China", "the United States"], method="lss", seeds="diplomatic")
    assert "score" in rows.columns and "compound" not in rows.columns
    mean = rows.groupby("actor", observed=True)["score"].mean()
    assert mean["China"] > mean["the United States"]
    summary = framing.actor_tone_summary(rows, by="year")
    assert set(summary["actor"].astype(str)) == {"China", "the United States"}


def test_cli_lss_document_and_sentence(tmp_path, capsys):
    corpus = _corpus(40)
    src = tmp_path / "docs.csv"
    corpus.docs.to_csv(src, index=False)
    out = tmp_path / "doc.csv"
    seeds = tmp_path / "seeds.yml"
    seeds.write_text("positive: [good, nice, excellent]\nnegative: [bad, nasty, poor]\n")
    args = ["sentiment", str(src), "--method", "lss", "--seeds", str(seeds), "--k", "10", "--min-count", "2"]
    assert main([*args, "--level", "document", "--out", str(out)]) == 0
    frame = pd.read_csv(out)
    assert len(frame) == 40 and frame["doc_id"].is_unique
    assert {"doc_id", "score", "se", "n_polar"} <= set(frame.columns)
    assert stats.spearmanr(frame["score"], frame["share"])[0] > 0.8
    out2 = tmp_path / "sent.csv"
    assert main([*args, "--level", "sentence", "--out", str(out2)]) == 0
    sent = pd.read_csv(out2)
    assert len(sent) == 400
    assert {"doc_id", "sentence", "text", "score"} <= set(sent.columns)
    assert main([*args, "--lexicon", str(seeds), "--out", str(out2)]) == 2
    assert "not both" in capsys.readouterr().err


def test_report_tone_section_uses_the_chosen_method(tmp_path):
    from framing.report.build import sentiment_section

    texts = [
        "Washington's hegemony is a threat. We welcome cooperation with Beijing.",
        "The US side must stop interference. China supports friendship and partnership.",
        "We oppose the smear by Washington. Beijing welcomes mutual benefit.",
    ] * 8
    corpus = framing.Corpus.from_records(
        {"doc_id": f"d{i}", "text": t, "source": "S", "year": 2020 + i % 2} for i, t in enumerate(texts)
    )
    from framing.report.build import load_config

    cfg = load_config({"sentiment": {"method": "lss", "seeds": "diplomatic", "min_docs": 1}})
    from framing.corpus.grouping import resolve_grouping

    ctx = {"grouping": resolve_grouping(corpus.docs, "auto"), "title": "test", "random_state": 0}
    sec = sentiment_section(corpus, cfg, ctx)
    assert "Latent Semantic Scaling" in sec.intro and "validated" in sec.intro
    table = sec.tables["actor_tone"]
    assert {"actor", "mean", "ci_low", "ci_high"} <= set(table.columns)
    ctx = {"grouping": resolve_grouping(corpus.docs, "auto"), "title": "test", "random_state": 0}
    vader = sentiment_section(corpus, load_config({"sentiment": {"min_docs": 1}}), ctx)
    assert "VADER" in vader.intro and "validate" in vader.intro


def test_right_singular_vectors_match_numpy():
    from scipy import sparse

    from framing.tone.lss import right_singular_vectors

    X = sparse.random(300, 40, density=0.1, random_state=4, format="csr") * 3
    ref_s = np.linalg.svd(X.toarray(), compute_uv=False)[:5]
    # a flat random spectrum: the randomised iteration is close ...
    approx, _ = right_singular_vectors(X, 5, chunk=64)
    assert np.allclose(approx, ref_s, rtol=5e-3)
    # ... and exact when the sketch spans every column
    s, V = right_singular_vectors(X, 5, oversample=40, chunk=64)
    assert np.allclose(s, ref_s, rtol=1e-9)
    _, _, vt = np.linalg.svd(X.toarray())
    # same subspace, column by column up to sign
    assert np.allclose(np.abs(np.sum(V * vt[:5].T, axis=0)), 1.0, atol=1e-6)


def test_cli_lss_actors_by_year(tmp_path, capsys):
    texts = [
        "Washington's hegemony is a threat. We welcome cooperation with Beijing.",
        "The US side must stop interference. China supports friendship and partnership.",
        "We oppose the smear by Washington. Beijing welcomes mutual benefit.",
    ] * 8
    src = tmp_path / "docs.csv"
    pd.DataFrame(
        {
            "doc_id": [f"d{i}" for i in range(len(texts))],
            "text": texts,
            "year": [2020 + i % 2 for i in range(len(texts))],
        }
    ).to_csv(src, index=False)
    out = tmp_path / "actors.csv"
    assert (
        main(["sentiment", str(src), "--method", "lss", "--actors", "--by", "year", "--out", str(out)]) == 0
    )
    frame = pd.read_csv(out)
    assert {"actor", "year", "mean", "ci_low", "ci_high", "n"} <= set(frame.columns)
    china = frame[frame["actor"] == "China"]["mean"].mean()
    us = frame[frame["actor"] == "the United States"]["mean"].mean()
    assert china > us


def test_polarity_agrees_with_an_exact_svd(corpus, fitted):
    from scipy import sparse

    from framing.text.tokenize import split_sentences, tokenize

    # the same sentence-by-word matrix, decomposed exactly by numpy
    vocab = {w: i for i, w in enumerate(fitted.vocabulary_)}
    rows, cols = [], []
    n = 0
    for text in corpus.texts:
        for s, e in split_sentences(text):
            for t in tokenize(text[s:e]):
                if t in vocab:
                    rows.append(n)
                    cols.append(vocab[t])
            n += 1
    X = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(n, len(vocab)))
    _, _, vt = np.linalg.svd(X.toarray(), full_matrices=False)
    V = vt[: fitted.k_].T
    V /= np.linalg.norm(V, axis=1, keepdims=True)
    seeds = fitted.seeds_.set_index("word")["weight"]
    exact = V @ (V[[vocab[w] for w in seeds.index]].T @ seeds.to_numpy())
    mine = fitted.polarity_.reindex(fitted.vocabulary_).to_numpy()
    assert np.corrcoef(exact, mine)[0, 1] > 0.999
