"""Topic models: backends, determinism, coherence, selection, effects, CLI."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from framing import Corpus
from framing.topics.dtm import DTMBuilder, document_term_matrix
from framing.topics.effects import Design, NaturalSpline
from framing.topics.model import (
    EffectError,
    TopicModel,
    TopicModelError,
    coherence,
    estimate_effect,
    exclusivity,
    frex,
    heldout_likelihood,
    select_k,
)

THEMES = {
    "fiscal": [f"tax{i}" for i in range(12)],
    "military": [f"war{i}" for i in range(12)],
    "climate": [f"sea{i}" for i in range(12)],
}


def synthetic(n_docs=150, length=60, seed=0, concentration=1.0):
    """Documents mixing three themes with disjoint vocabularies."""
    rng = np.random.default_rng(seed)
    names = list(THEMES)
    texts, theta = [], []
    for _ in range(n_docs):
        th = rng.dirichlet([concentration] * 3)
        counts = rng.multinomial(length, th)
        words = sum((rng.choice(THEMES[n], c).tolist() for n, c in zip(names, counts, strict=True)), [])
        rng.shuffle(words)
        texts.append(" ".join(words))
        theta.append(th)
    return texts, np.array(theta)


@pytest.fixture(scope="module")
def dtm3():
    texts, _ = synthetic()
    return document_term_matrix(
        Corpus.from_texts(texts, source=["S"] * len(texts)), min_df=1, max_df=1.0, phrases=False
    )


def _theme_of(terms):
    found = {next(n for n, ws in THEMES.items() if t in ws) for t in terms}
    return found.pop() if len(found) == 1 else None


@pytest.mark.parametrize("backend", ["lda", "nmf"])
def test_backends_recover_the_themes(dtm3, backend):
    model = TopicModel(3, backend=backend, iterations=150 if backend == "lda" else None, random_state=0).fit(
        dtm3
    )
    themes = [_theme_of(t) for t in model.top_term_lists(8)]
    assert sorted(themes) == sorted(THEMES)
    assert model.components_.shape == (3, dtm3.n_terms)
    np.testing.assert_allclose(model.components_.sum(axis=1), 1.0)
    np.testing.assert_allclose(model.doc_topic_.sum(axis=1), 1.0)
    tt = model.top_terms(n=5)
    assert list(tt.columns) == ["topic", "label", "rank", "term", "weight", "exclusivity", "frex"]
    assert len(tt) == 15 and tt.groupby("topic")["weight"].is_monotonic_decreasing.all()
    dt = model.document_topics()
    assert len(dt) == 3 * dtm3.n_docs
    assert {"doc_id", "source", "year", "topic", "label", "proportion"} <= set(dt.columns)
    wide = model.document_topics(wide=True)
    assert [c for c in wide.columns if c.startswith("topic_")] == ["topic_1", "topic_2", "topic_3"]
    # transform of the training documents agrees with the fitted proportions
    theta = model.transform(dtm3)
    assert np.abs(theta - model.doc_topic_).mean() < 0.05


def test_lda_proportions_track_the_true_mixtures(dtm3):
    _texts, truth = synthetic()
    model = TopicModel(3, iterations=150, random_state=0).fit(dtm3)
    order = [list(THEMES).index(_theme_of(t)) for t in model.top_term_lists(5)]
    est = np.empty_like(model.doc_topic_)
    est[:, order] = model.doc_topic_
    assert np.corrcoef(est.ravel(), truth.ravel())[0, 1] > 0.95


@pytest.mark.parametrize("backend", ["lda", "nmf"])
def test_same_data_and_seed_give_identical_topics(dtm3, backend, tmp_path):
    kw = dict(backend=backend, iterations=60 if backend == "lda" else None)
    a = TopicModel(3, random_state=7, **kw).fit(dtm3)
    b = TopicModel(3, random_state=7, **kw).fit(dtm3)
    assert a.components_.tobytes() == b.components_.tobytes()
    assert a.doc_topic_.tobytes() == b.doc_topic_.tobytes()
    path = a.save(tmp_path / "model.npz")
    c = TopicModel.load(path)
    assert c.get_params() == a.get_params()
    assert c.components_.tobytes() == a.components_.tobytes()
    assert c.labels_ == a.labels_
    pd.testing.assert_frame_equal(c.document_topics(), a.document_topics())
    np.testing.assert_array_equal(c.transform(dtm3), a.transform(dtm3))


def test_lda_two_threads_and_other_seed(dtm3):
    a = TopicModel(3, iterations=40, random_state=1).fit(dtm3)
    b = TopicModel(3, iterations=40, random_state=2).fit(dtm3)
    assert a.components_.tobytes() != b.components_.tobytes()
    c = TopicModel(3, iterations=40, random_state=1, n_jobs=2).fit(dtm3)
    d = TopicModel(3, iterations=40, random_state=1, n_jobs=2).fit(dtm3)
    assert c.components_.tobytes() == d.components_.tobytes()


def _ungdc_subset(ungdc, years, countries):
    docs = ungdc.docs
    return ungdc.subset(docs["year"].between(*years) & docs["source"].isin(countries))


def test_coherence_equals_gensim_coherence_model(ungdc):
    from gensim.corpora import Dictionary
    from gensim.models import CoherenceModel

    corpus = _ungdc_subset(ungdc, (2019, 2019), ["CHN", "FRA", "GBR", "RUS", "USA", "IND"])
    dtm = DTMBuilder(split="paragraphs", min_df=2, max_df=0.9).fit_transform(corpus)
    model = TopicModel(4, backend="nmf").fit(dtm)
    topics = model.top_term_lists(10)
    dictionary = Dictionary([dtm.vocabulary])
    ref = CoherenceModel(
        topics=topics, texts=dtm.texts(), dictionary=dictionary, coherence="c_npmi", topn=10, processes=1
    ).get_coherence_per_topic()
    np.testing.assert_allclose(coherence(topics, dtm, "c_npmi"), ref, rtol=1e-9, atol=1e-12)
    bow = [dictionary.doc2bow(t) for t in dtm.texts(keep_cut=False)]
    ref = CoherenceModel(
        topics=topics, corpus=bow, dictionary=dictionary, coherence="u_mass", topn=10
    ).get_coherence_per_topic()
    np.testing.assert_allclose(model.coherence(dtm, "u_mass"), ref, rtol=1e-9)
    # counting every window that holds a word gives at least gensim's probabilities
    exact = coherence(topics, dtm, "c_npmi", windows="exact")
    assert exact.shape == (4,) and np.all(np.isfinite(exact))


def test_coherence_by_hand():
    # three one-word-per-slot documents, window 2: windows [a b], [b c], [c d], [a b]
    dtm = document_term_matrix(
        Corpus.from_texts(["aa bb cc dd", "aa bb"]), min_df=1, max_df=1.0, phrases=False, stopwords=None
    )
    n, p_a, p_b, p_ab = 4, 2 / 4, 3 / 4, 2 / 4
    npmi = np.log(p_ab / (p_a * p_b)) / -np.log(p_ab)
    assert coherence([["aa", "bb"]], dtm, "c_npmi", window_size=2)[0] == pytest.approx(npmi)
    assert n == 4
    # u_mass: D(aa)=2, D(bb)=2, D(aa, bb)=2, N=2 -> log((1 + e) / 1)
    assert coherence([["aa", "bb"]], dtm, "u_mass")[0] == pytest.approx(0.0, abs=1e-9)
    with pytest.raises(TopicModelError, match="not in the vocabulary"):
        coherence([["aa", "zz"]], dtm)


def test_frex_and_exclusivity_by_hand():
    beta = np.array([[0.5, 0.3, 0.2], [0.2, 0.2, 0.6]])
    # topic 1: excl = [5/7, 3/5, 1/4] -> ECDF [1, 2/3, 1/3]; beta ECDF [1, 2/3, 1/3]
    np.testing.assert_allclose(frex(beta)[0], [1.0, 2 / 3, 1 / 3])
    # topic 2 (w = 0.7, average ties): excl = [2/7, 2/5, 3/4] -> [1/3, 2/3, 1];
    # beta ranks with ties [1.5, 1.5, 3] / 3 -> [0.5, 0.5, 1]
    f = 1 / (0.7 / np.array([1 / 3, 2 / 3, 1]) + 0.3 / np.array([0.5, 0.5, 1]))
    expected = f[2] + f[0]  # top two by weight: word 3, then word 1 (stable order of the tie)
    assert exclusivity(beta, n=2)[1] == pytest.approx(expected)


def test_heldout_likelihood_prefers_the_true_number_of_topics(dtm3):
    res = select_k(dtm3, ks=[2, 3], backend="nmf", random_state=0)
    assert list(res.columns) == [
        "k",
        "c_npmi",
        "u_mass",
        "exclusivity",
        "heldout_loglik",
        "perplexity",
        "seconds",
    ]
    assert res.loc[1, "heldout_loglik"] > res.loc[0, "heldout_loglik"]
    np.testing.assert_allclose(res["perplexity"], np.exp(-res["heldout_loglik"]))
    from framing.topics.plots import plot_select_k

    assert len(plot_select_k(res).axes) == 4


def test_heldout_likelihood_by_hand():
    # one topic: the fold-in is trivial and the likelihood is the unigram one
    texts = ["aa bb bb cc", "aa bb cc cc"] * 5
    dtm = document_term_matrix(Corpus.from_texts(texts), min_df=1, max_df=1.0, phrases=False, stopwords=None)
    model = TopicModel(2, backend="nmf").fit(dtm)
    model.components_ = np.tile(np.array([0.25, 0.375, 0.375]), (2, 1))
    assert heldout_likelihood(model, dtm) == pytest.approx(
        (0.25 * np.log(0.25) + 0.75 * np.log(0.375)), abs=0.05
    )


def _effect_corpus(seed=0, n=800, length=80):
    """Fiscal share depends on source and year by construction."""
    rng = np.random.default_rng(seed)
    texts, sources, years, truth = [], [], [], []
    for i in range(n):
        source = "A" if i % 2 else "B"
        year = 2000 + (i // 2) % 21
        mean = (0.2 if source == "A" else 0.6) + 0.02 * (year - 2000) * (1 if source == "A" else -1)
        share = rng.beta(10 * mean, 10 * (1 - mean))
        k = rng.binomial(length, share)
        words = rng.choice(THEMES["fiscal"], k).tolist() + rng.choice(THEMES["military"], length - k).tolist()
        texts.append(" ".join(words))
        sources.append(source)
        years.append(year)
        truth.append(mean)
    corpus = Corpus.from_texts(texts, source=sources, year=years)
    return corpus, np.array(truth)


@pytest.fixture(scope="module")
def effect_model():
    corpus, _ = _effect_corpus()
    dtm = document_term_matrix(corpus, min_df=1, max_df=1.0, phrases=False)
    model = TopicModel(2, iterations=1000, random_state=0).fit(dtm)
    fiscal = next(k + 1 for k, t in enumerate(model.top_term_lists(5)) if _theme_of(t) == "fiscal")
    return model, fiscal


def test_effects_recover_a_known_covariate_dependence(effect_model):
    model, fiscal = effect_model
    eff = estimate_effect(model, "source * year", n_sims=100, random_state=0)
    pred = eff.predict(source=["A", "B"], year=[2000, 2010, 2020])
    pred = pred[pred["topic"] == fiscal]
    truth = {
        ("A", 2000): 0.2,
        ("A", 2010): 0.4,
        ("A", 2020): 0.6,
        ("B", 2000): 0.6,
        ("B", 2010): 0.4,
        ("B", 2020): 0.2,
    }
    for row in pred.itertuples():
        true = truth[(row.source, row.year)]
        assert abs(row.estimate - true) < 0.04, (row.source, row.year, row.estimate)
        assert row.lower < row.estimate < row.upper
        assert row.upper - row.lower < 0.1
    coef = eff.coefficients().query("topic == @fiscal").set_index("term")
    assert coef.loc["year", "estimate"] == pytest.approx(0.02, abs=0.004)
    assert coef.loc["source[B]:year", "estimate"] == pytest.approx(-0.04, abs=0.006)
    assert coef.loc["source[B]:year", "p_value"] < 1e-6
    diff = eff.difference("source", "A", "B", year=2000).query("topic == @fiscal").iloc[0]
    assert diff["estimate"] == pytest.approx(-0.4, abs=0.05) and diff["upper"] < 0


def test_effect_intervals_carry_proportion_uncertainty(effect_model):
    model, fiscal = effect_model
    # with (nearly) certain proportions the draws reduce to ordinary least
    # squares: their spread equals the textbook OLS standard errors
    sharp = type(model).__new__(type(model))
    sharp.__dict__.update(model.__dict__)
    sharp.doc_topic_concentration_ = model.doc_topic_ * 1e8
    eff_sharp = estimate_effect(sharp, "source + year", n_sims=2000, random_state=1)
    x = np.column_stack(
        [
            np.ones(len(model.docs_)),
            (model.docs_["source"] == "B").to_numpy(float),
            model.docs_["year"].to_numpy(float),
        ]
    )
    y = model.doc_topic_[:, fiscal - 1]
    beta, res, *_ = np.linalg.lstsq(x, y, rcond=None)
    sigma2 = res[0] / (len(y) - 3)
    se = np.sqrt(np.diag(sigma2 * np.linalg.inv(x.T @ x)))
    coef = eff_sharp.coefficients().query("topic == @fiscal")
    np.testing.assert_allclose(coef["estimate"], beta, atol=3 * se.max() / np.sqrt(2000))
    np.testing.assert_allclose(coef["std_error"], se, rtol=0.06)
    # drawing the proportions from their posterior widens the intervals
    eff = estimate_effect(model, "source + year", n_sims=2000, random_state=1)
    full = eff.coefficients().query("topic == @fiscal")
    assert (full["std_error"].to_numpy() / coef["std_error"].to_numpy()).mean() > 1.03


def test_spline_effects_and_plot(effect_model):
    model, fiscal = effect_model
    eff = estimate_effect(model, "source * s(year, df=3)", n_sims=50)
    assert eff.columns_[:4] == ["(Intercept)", "source[B]", "s(year)[1]", "s(year)[2]"]
    pred = eff.predict(source=["A", "B"], year=list(range(2000, 2021)))
    sub = pred[(pred["topic"] == fiscal) & (pred["source"] == "A")]
    assert sub["estimate"].iloc[-1] - sub["estimate"].iloc[0] == pytest.approx(0.4, abs=0.06)
    from framing.topics.plots import plot_prevalence

    fig = plot_prevalence(pred, x="year", hue="source")
    assert len(fig.axes[0].lines) == 2


def test_natural_spline_is_linear_beyond_the_boundary():
    x = np.linspace(0, 10, 50)
    ns = NaturalSpline(4).fit(x)
    b = ns.transform(np.array([-2.0, -1.0, 0.0, 10.0, 11.0, 12.0]))
    np.testing.assert_allclose(b[1] - b[0], b[2] - b[1], atol=1e-6)
    np.testing.assert_allclose(b[5] - b[4], b[4] - b[3], atol=1e-6)
    # a line is in the span of intercept + basis
    design = np.column_stack([np.ones_like(x), ns.transform(x)])
    coef, _res, *_ = np.linalg.lstsq(design, 3 * x + 1, rcond=None)
    np.testing.assert_allclose(design @ coef, 3 * x + 1, atol=1e-8)


def test_formula_design_columns():
    data = pd.DataFrame({"source": ["B", "A", "C", "A"], "year": [1.0, 2.0, 3.0, 4.0]})
    d = Design("source:year + C(source, ref=C)").fit(data)
    assert d.names_ == ["(Intercept)", "source[B]:year", "source[C]:year", "source[A]", "source[B]"]
    x = d.transform(data)
    np.testing.assert_array_equal(x[:, 1], [1.0, 0, 0, 0])
    np.testing.assert_array_equal(x[:, 3], [0, 1.0, 0, 1.0])


def test_bad_input_errors_say_which_and_how(effect_model, dtm3):
    model, _ = effect_model
    few = document_term_matrix(
        Corpus.from_texts(["aa bb", "bb cc", "cc dd"]), min_df=1, max_df=1.0, phrases=False
    )
    with pytest.raises(TopicModelError, match="too few documents for 5 topics.*paragraphs"):
        TopicModel(5).fit(few)
    with pytest.raises(TopicModelError, match="backend="):
        TopicModel(2, backend="lsa").fit(dtm3)
    with pytest.raises(TopicModelError, match="not fitted"):
        TopicModel(2).transform(dtm3)
    one = model.docs_.assign(source="A")
    with pytest.raises(EffectError, match="'source' has one level.*remove 'source'"):
        estimate_effect(model, "source + year", metadata=one)
    missing = model.docs_.copy()
    missing["year"] = missing["year"].astype("Int64")
    missing.loc[[3, 5], "year"] = pd.NA
    with pytest.raises(EffectError, match="'year' is missing for 2 of 800 documents.*doc003.*fill"):
        estimate_effect(model, "s(year)", metadata=missing)
    with pytest.raises(EffectError, match="'country' is not a column"):
        estimate_effect(model, "country")
    with pytest.raises(EffectError, match="cannot read"):
        estimate_effect(model, "source + log(year)")


def test_cli_writes_tables_and_figures(tmp_path):
    from framing.cli.main import main

    corpus, _ = _effect_corpus(n=120, length=40)
    path = tmp_path / "docs.csv"
    corpus.docs[["doc_id", "text", "source", "year"]].to_csv(path, index=False)
    out = tmp_path / "out"
    code = main(
        [
            "topics",
            str(path),
            "--k",
            "2",
            "--by",
            "source,year",
            "--out",
            str(out),
            "--min-df",
            "1",
            "--max-df",
            "1.0",
            "--iterations",
            "60",
            "--n-sims",
            "20",
            "--no-phrases",
        ]
    )
    assert code == 0
    for name in (
        "top_terms.csv",
        "topic_summary.csv",
        "doc_topics.csv",
        "effects_coefficients.csv",
        "effects_prevalence.csv",
        "model.npz",
        "top_terms.png",
        "prevalence.png",
        "topic_shares.png",
    ):
        assert (out / name).exists(), name
    doc_topics = pd.read_csv(out / "doc_topics.csv")
    assert len(doc_topics) == 120 and {"source", "year", "topic_1", "topic_2"} <= set(doc_topics.columns)
    pred = pd.read_csv(out / "effects_prevalence.csv")
    assert set(pred["source"]) == {"A", "B"} and pred["year"].between(2000, 2020).all()
    coef = pd.read_csv(out / "effects_coefficients.csv")
    assert "source[B]:s(year)[1]" in set(coef["term"])
    loaded = TopicModel.load(out / "model.npz")
    assert loaded.n_topics == 2


def test_cli_reports_bad_covariate(tmp_path, capsys):
    from framing.cli.main import main

    corpus, _ = _effect_corpus(n=40, length=20)
    path = tmp_path / "docs.csv"
    frame = corpus.docs[["doc_id", "text", "source"]].assign(source="only")
    frame.to_csv(path, index=False)
    code = main(
        [
            "topics",
            str(path),
            "--k",
            "2",
            "--by",
            "source",
            "--out",
            str(tmp_path / "o"),
            "--min-df",
            "1",
            "--max-df",
            "1.0",
            "--iterations",
            "20",
            "--no-phrases",
        ]
    )
    assert code == 2
    assert "'source' has one level" in capsys.readouterr().err


def test_real_corpus_small_model(ungdc):
    corpus = _ungdc_subset(ungdc, (2018, 2020), ["CHN", "USA"])
    dtm = DTMBuilder(split="paragraphs", min_df=3, max_df=0.3).fit_transform(corpus)
    model = TopicModel(4, iterations=80, random_state=0).fit(dtm)
    dt = model.document_topics()
    assert set(dt["source"]) == {"CHN", "USA"}
    shares = dt.groupby(["source", "topic"])["proportion"].mean().unstack()
    np.testing.assert_allclose(shares.sum(axis=1), 1.0)
    eff = estimate_effect(model, "source + year", n_sims=20)
    assert len(eff.predict(source=["CHN", "USA"])) == 8
