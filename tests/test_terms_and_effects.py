"""Case-aware terms, merged phrases, collocation node patterns, --lexicon
semantics, and topic-effect intervals checked against a planted effect."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from framing import Corpus
from framing.compare.keyness import collocates, keyness
from framing.lexicon.phrase_terms import PhraseMerger, phrase_merger
from framing.text.casing import case_tokens
from framing.topics.dtm import DTMBuilder

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))


def _acronym_corpus() -> Corpus:
    a = (
        "The US and the WHO told us who would pay. The US sanctions hurt. "
        "WHO experts and US officials met us. "
    ) * 4
    b = "We told them who we are. Tell us about trade and who we trade with. " * 4
    return Corpus.from_texts([a, b, a, b], source=["A", "B", "A", "B"])


def test_acronyms_survive_next_to_stop_words_in_keyness():
    k = keyness(_acronym_corpus(), by="source", target="A", stopwords=True, min_count=2)
    terms = set(k["term"])
    assert {"US", "WHO"} <= terms
    assert "us" not in terms and "who" not in terms  # stop words removed
    us = k[k["term"] == "US"].iloc[0]
    assert us["count_target"] == 2 * 4 * 3  # three "US" per repeat, four repeats, two docs
    # Without stop word removal, "us" and "US" are distinct terms with their own counts.
    k2 = keyness(_acronym_corpus(), by="source", target="A", min_count=1)
    us_lower = k2[k2["term"] == "us"].iloc[0]
    assert us_lower["count_target"] == 2 * 4 * 2 and us_lower["count_reference"] == 2 * 4 * 1


def test_acronyms_in_topic_vocabulary():
    dtm = DTMBuilder(min_df=1, max_df=1.0, phrases=False).fit_transform(_acronym_corpus())
    assert {"US", "WHO"} <= set(dtm.vocabulary)
    assert "us" not in dtm.vocabulary and "who" not in dtm.vocabulary


def test_case_rule_for_headings_and_all_capital_texts():
    # only acronyms that would become stop words keep their capitals;
    # house styles ("NATO"/"Nato", "COVID-19"/"Covid-19") stay one term
    assert case_tokens("NATO, Nato and the IS met.") == ["nato", "nato", "and", "the", "IS", "met"]
    assert case_tokens("COVID-19 and Covid-19 spread.")[:3] == ["covid-19", "and", "covid-19"]
    assert case_tokens("US WARNS WHO") == ["us", "warns", "who"]  # all-capital text
    assert case_tokens("The report's part THE ROAD AHEAD is long")[3:6] == ["the", "road", "ahead"]
    assert case_tokens("I think so") == ["i", "think", "so"]


def test_acronyms_survive_on_headlines(headlines):
    sample = headlines.subset(source=["BBC", "CGTN"]).sample(3000, random_state=2)
    k = keyness(sample, by="source", stopwords=True, min_count=3)
    terms = set(k["term"])
    assert {"US", "WHO"} <= terms
    assert "us" not in terms and "who" not in terms
    n_us = sum(case_tokens(t).count("US") for t in sample.texts)
    assert k[k["term"] == "US"]["count_target"].sum() == n_us
    dtm = DTMBuilder(min_df=2, max_df=0.5, phrases=False).fit_transform(sample)
    assert "US" in dtm.vocabulary and "us" not in dtm.vocabulary


def test_phrases_merge_lexicon_and_detected_collocations():
    texts = [
        "Hong Kong police and the South China Sea patrols.",
        "In Hong Kong, talks on the South China Sea.",
        "The Belt and Road Initiative reached Hong Kong.",
    ] * 4
    c = Corpus.from_texts(texts, source=["A", "B", "A"] * 4)
    k = keyness(c, by="source", phrases=["South China Sea", "Belt and Road Initiative"], min_count=1)
    terms = set(k["term"])
    assert {"south_china_sea", "belt_and_road_initiative"} <= terms
    assert "sea" not in terms and "hong_kong" not in terms
    counts = k.groupby("term")[["count_target"]].sum()["count_target"]
    assert counts["south_china_sea"] == 8
    auto = keyness(c, by="source", phrases="auto", min_count=1)
    assert "hong_kong" in set(auto["term"])
    col = collocates(c, "patrols", window=3, min_count=1, phrases=["South China Sea"])
    assert "south_china_sea" in set(col["collocate"])
    dtm = DTMBuilder(min_df=1, max_df=1.0, phrases=["South China Sea"]).fit_transform(c)
    assert "south_china_sea" in dtm.vocabulary


def test_npmi_matches_hand_computation():
    docs = [["hong", "kong", "is", "big"], ["hong", "kong", "news"], ["big", "news"]]
    m = PhraseMerger(detect=True, min_count=2, threshold=-1.0, stopwords=[]).fit(docs)
    # 9 tokens; p(hong kong) = 2/9, p(hong) = p(kong) = 2/9.
    p_ab, p_a = 2 / 9, 2 / 9
    expected = np.log(p_ab / (p_a * p_a)) / -np.log(p_ab)
    assert m.phrases_[("hong", "kong")][2] == pytest.approx(expected)
    assert m.phrases_[("hong", "kong")][2] == pytest.approx(1.0)
    assert phrase_merger(None) is None


def test_collocation_nodes_take_the_pattern_language():
    c = Corpus.from_texts(
        [
            "They oppose hegemony and hegemonism today.",
            "A hegemonic power acts. The hegemon speaks.",
            "We build a community with a shared future for mankind now.",
        ]
    )
    col = collocates(c, "hegemon*", window=1, min_count=1)
    assert col["node_freq"].iloc[0] == 4
    assert {"oppose", "power", "speaks"} <= set(col["collocate"])
    alt = collocates(c, "hegemony|hegemon", window=1, min_count=1)
    assert alt["node_freq"].iloc[0] == 2
    entry = collocates(c, "community_shared_future", window=1, min_count=1)
    assert entry["node_freq"].iloc[0] == 1 and set(entry["collocate"]) == {"a", "now"}
    plain = collocates(c, "hegemony", window=1, min_count=1)
    assert plain["node_freq"].iloc[0] == 1


def test_lexicon_option_adds_to_the_shipped_lexicon(tmp_path, capsys):
    from framing.cli.main import main

    lex = tmp_path / "mine.yml"
    lex.write_text(
        "lexicon: mine\nversion: '1'\nentries:\n"
        "  - id: my_slogan\n    label: My slogan\n    patterns: [common prosperity]\n",
        encoding="utf-8",
    )
    corpus = tmp_path / "c.csv"
    pd.DataFrame({"doc_id": ["a"], "text": ["Common prosperity and win-win cooperation."]}).to_csv(
        corpus, index=False
    )
    out = tmp_path / "both.csv"
    assert main(["slogans", str(corpus), "--lexicon", str(lex), "--out", str(out)]) == 0
    both = set(pd.read_csv(out)["entry"])
    from framing.lexicon.core import load_lexicon

    assert both == {"my_slogan", *load_lexicon("slogans").entries}
    only = tmp_path / "only.csv"
    assert main(["slogans", str(corpus), "--lexicon", str(lex), "--only", "--out", str(only)]) == 0
    assert set(pd.read_csv(only)["entry"]) == {"my_slogan"}


# -- topic effects ---------------------------------------------------------


def test_topic_effect_intervals_cover_a_planted_effect():
    """95% intervals of a planted +0.20 effect cover it in at least 90% of
    simulated corpora. 30 corpora per model here (100 in
    benchmarks/bench_owncorpus.py, results in benchmarks/results_owncorpus.md)."""
    from bench_owncorpus import covers

    for backend in ("nmf", "lda"):
        hits = [covers(seed, backend, n_sims=60)[0] for seed in range(30)]
        assert sum(hits) >= 27, (backend, sum(hits))


def test_paragraph_units_are_clustered_by_document():
    from bench_owncorpus import covers, fit

    clustered, naive = [], []
    for seed in range(20):
        fitted = fit(seed, "nmf", paragraphs=3)
        clustered.append(covers(seed, "nmf", n_sims=60, fitted=fitted))
        naive.append(covers(seed, "nmf", cluster=None, n_sims=60, fitted=fitted))
    # 20 corpora here (coverage 0.93 over 100 in the benchmark): at least 17.
    assert sum(h for h, _, _ in clustered) >= 17
    # Paragraphs of one document share its topic share: treating them as
    # independent gives intervals far too narrow.
    assert np.mean([w for _, _, w in clustered]) > 1.4 * np.mean([w for _, _, w in naive])


def test_year_defaults_to_a_spline_and_predictions_stay_in_range():
    from framing.topics.effects import effect_formula
    from framing.topics.model import TopicModel, estimate_effect

    meta = pd.DataFrame({"year": np.repeat(np.arange(2010, 2020), 3)})
    assert effect_formula(meta, ["year"]) == "s(year, df=4)"
    assert effect_formula(meta.head(9), ["year"]) == "year"  # three years: a line
    rng = np.random.default_rng(0)
    texts, years = [], []
    for i in range(120):
        year = 2010 + i % 10
        share = 0.02 if year < 2015 else 0.9  # a topic that appears in 2015
        n_a = rng.binomial(60, share)
        texts.append(
            " ".join([f"alpha{j % 7}" for j in range(n_a)] + [f"beta{j % 7}" for j in range(60 - n_a)])
        )
        years.append(year)
    dtm = DTMBuilder(min_df=1, max_df=1.0, phrases=False).fit_transform(Corpus.from_texts(texts, year=years))
    model = TopicModel(2, backend="nmf", random_state=0).fit(dtm)
    eff = estimate_effect(model, "year", n_sims=50)
    pred = eff.predict(year=list(range(2010, 2020)))
    assert pred["lower"].min() >= 0 and pred["upper"].max() <= 1
