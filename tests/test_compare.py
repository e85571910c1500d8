"""Term counts, keyness statistics and collocations, checked against hand arithmetic.

Every expected number below is computed in the test itself from the published
formula with plain ``math`` (or with scipy's independent implementations), not
taken from the code under test.
"""

from __future__ import annotations

import math
from collections import Counter

import numpy as np
import pandas as pd
import pytest
from scipy import stats
from scipy.stats.contingency import chi2_contingency

from framing import Corpus
from framing.compare.keyness import (
    CompareError,
    DocumentTermCounts,
    TermCounts,
    bin_labels,
    clear_cache,
    collocates,
    count_terms,
    document_term_counts,
    keyness,
    keyness_statistics,
)
from framing.corpus.core import CorpusStream
from framing.text.casing import case_tokens
from framing.text.tokenize import STOPWORDS, tokenize


def g2_scipy(a, b, c_total, d_total):
    table = np.array([[a, b], [c_total - a, d_total - b]], dtype=float)
    g, p, _, _ = chi2_contingency(table, correction=False, lambda_="log-likelihood")
    return g, p


def small_corpus():
    return Corpus.from_texts(
        [
            "Peace and development. Peace now!",
            "Development, cooperation and win-win cooperation.",
            "Freedom and democracy; freedom of speech.",
            "Democracy, human rights and peace.",
            "Security and war.",
        ],
        source=["CHN", "CHN", "USA", "USA", "RUS"],
        year=[2015, 2016, 2015, 2016, 2016],
    )


# --------------------------------------------------------------------------
# counting
# --------------------------------------------------------------------------


def test_document_term_counts_match_counter():
    corpus = small_corpus()
    dtc = document_term_counts(corpus, cache=False)
    assert list(dtc.terms) == sorted(dtc.terms)
    for i, text in enumerate(corpus.texts):
        expected = Counter(tokenize(text))
        row = dtc.matrix[i].toarray().ravel()
        got = {t: int(c) for t, c in zip(dtc.terms, row, strict=True) if c}
        assert got == dict(expected)
        assert dtc.n_tokens[i] == sum(expected.values())
    assert list(dtc.meta["doc_id"]) == corpus.doc_ids
    assert "text" not in dtc.meta.columns


def test_document_term_counts_cache_and_stream():
    clear_cache()
    corpus = small_corpus()
    first = document_term_counts(corpus)
    again = document_term_counts(corpus)
    assert again.matrix is first.matrix  # same ids and texts: counted once
    relabelled = corpus.docs.assign(source=["a", "b", "c", "d", "e"])
    assert document_term_counts(Corpus(relabelled)).meta["source"].tolist() == list("abcde")
    changed = corpus.docs.copy()
    changed.loc[0, "text"] = "Something else entirely."
    assert document_term_counts(Corpus(changed)).matrix is not first.matrix
    stream = CorpusStream(corpus.iter_batches)
    streamed = document_term_counts(stream)
    assert list(streamed.terms) == list(first.terms)
    assert (streamed.matrix != first.matrix).nnz == 0


def test_count_terms_tokens_documents_stopwords():
    corpus = small_corpus()
    tc = count_terms(corpus, by="source")
    assert tc.groups == ["CHN", "RUS", "USA"]
    wide = tc.to_wide()
    # CHN: "peace and development peace now development cooperation and win-win cooperation"
    assert wide.loc["peace", "CHN"] == 2
    assert wide.loc["cooperation", "CHN"] == 2
    assert wide.loc["win-win", "CHN"] == 1
    assert wide.loc["peace", "USA"] == 1
    chn_tokens = len(tokenize(corpus.texts[0])) + len(tokenize(corpus.texts[1]))
    assert tc.totals[0] == chn_tokens == 10
    assert list(tc.n_docs) == [2, 1, 2]

    docs = count_terms(corpus, by="source", unit="document")
    assert docs.to_wide().loc["peace", "CHN"] == 1  # one CHN document mentions peace
    assert docs.to_wide().loc["and", "CHN"] == 2
    assert list(docs.totals) == [2, 1, 2]

    nostop = count_terms(corpus, by="source", stopwords=True)
    assert "and" not in set(nostop.terms) and "and" in STOPWORDS
    assert list(nostop.totals) == list(tc.totals)  # sizes still include stop words
    custom = count_terms(corpus, by="source", stopwords=["Peace"])
    assert "peace" not in set(custom.terms)

    frequent = count_terms(corpus, by="source", min_count=3)
    assert set(frequent.terms) == {t for t, n in zip(tc.terms, tc.term_totals, strict=True) if n >= 3}

    long = tc.to_frame()
    assert list(long.columns) == ["source", "term", "count", "total"]
    assert long["count"].sum() == tc.totals.sum()


def test_count_terms_grouping_variants():
    corpus = small_corpus()
    by_year = count_terms(corpus, by="year")
    assert by_year.groups == [2015, 2016]
    both = count_terms(corpus, by=["source", "year"])
    assert "CHN|2015" in both.groups
    labels = bin_labels(corpus.docs["year"], 2)
    assert labels.tolist() == ["2015-2015", "2016-2016", "2015-2015", "2016-2016", "2016-2016"]
    binned = count_terms(corpus, by=labels)
    assert binned.groups == ["2015-2015", "2016-2016"]
    assert list(binned.totals) == list(by_year.totals)
    one = count_terms(corpus, by=None)
    assert one.groups == ["all"] and one.totals[0] == sum(len(tokenize(t)) for t in corpus.texts)


def test_count_terms_several_columns_give_one_column_each():
    corpus = small_corpus()
    both = count_terms(corpus, by=["source", "year"])
    long = both.to_frame()
    assert list(long.columns) == ["source", "year", "term", "count", "total"]
    assert pd.api.types.is_integer_dtype(long["year"])
    peace = long[(long["term"] == "peace") & (long["source"] == "CHN")]
    assert peace[["year", "count"]].values.tolist() == [[2015, 2]]
    assert long["count"].sum() == both.totals.sum()
    one = count_terms(corpus).to_frame()
    assert list(one.columns) == ["group", "term", "count", "total"] and set(one["group"]) == {"all"}


def test_merged_counts_keep_the_group_columns():
    from framing.compare.keyness import merge_term_counts

    corpus = small_corpus()
    whole = count_terms(corpus, by=["source", "year"])
    parts = [count_terms(corpus[i : i + 2], by=["source", "year"]) for i in range(0, len(corpus), 2)]
    pd.testing.assert_frame_equal(merge_term_counts(parts).to_frame(), whole.to_frame())


def test_keyness_by_none_finds_the_column_of_the_target():
    corpus = small_corpus()
    pd.testing.assert_frame_equal(keyness(corpus, target="CHN"), keyness(corpus, by="source", target="CHN"))
    pd.testing.assert_frame_equal(keyness(corpus, target=2015), keyness(corpus, by="year", target=2015))
    with pytest.raises(CompareError, match=r"'GBR' is not a value of any metadata column.*by="):
        keyness(corpus, target="GBR")
    twice = Corpus(corpus.docs.assign(speaker=corpus.docs["source"]))
    with pytest.raises(CompareError, match=r"several columns \['source', 'speaker'\]"):
        keyness(twice, target="CHN")


def test_keyness_by_several_columns_splits_the_group():
    corpus = small_corpus()
    k = keyness(corpus, by=["source", "year"], target="CHN|2015")
    assert list(k.columns[:4]) == ["group", "source", "year", "reference"]
    assert set(k["source"]) == {"CHN"} and set(k["year"]) == {2015}
    assert pd.api.types.is_integer_dtype(k["year"])


def test_count_terms_bad_input():
    corpus = small_corpus()
    with pytest.raises(CompareError, match="no metadata column 'party'"):
        count_terms(corpus, by="party")
    with pytest.raises(CompareError, match="3 labels but the corpus has 5"):
        count_terms(corpus, by=np.array(["a", "b", "c"]))
    with pytest.raises(CompareError, match="unit"):
        count_terms(corpus, unit="sentence")
    docs = corpus.docs.copy()
    docs["party"] = ["x", None, "y", "y", "x"]
    with pytest.raises(CompareError, match="doc1"):
        count_terms(Corpus(docs), by="party")


# --------------------------------------------------------------------------
# keyness statistics, one by one
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "a,b,c_total,d_total",
    [
        (10, 5, 1000, 2000),
        (0, 7, 500, 800),
        (12, 0, 300, 9000),
        (150, 40, 10_000, 25_000),
        (3, 3, 3_000_000, 30_000_000),
    ],
)
def test_g2_matches_scipy(a, b, c_total, d_total):
    s = keyness_statistics([a], [b], c_total, d_total)
    g, p = g2_scipy(a, b, c_total, d_total)
    sign = 1 if a / c_total > b / d_total else -1
    assert s["G2"][0] == pytest.approx(sign * g, rel=1e-9, abs=1e-9)
    assert s["p_value"][0] == pytest.approx(p, rel=1e-9)


def test_g2_by_hand_full_table():
    a, b, c_total, d_total = 20, 10, 1000, 1000
    n = c_total + d_total
    cells = [
        (a, (a + b) * c_total / n),
        (b, (a + b) * d_total / n),
        (c_total - a, (n - a - b) * c_total / n),
        (d_total - b, (n - a - b) * d_total / n),
    ]
    expected = 2 * sum(o * math.log(o / e) for o, e in cells)
    s = keyness_statistics([a], [b], c_total, d_total)
    assert s["G2"][0] == pytest.approx(expected, rel=1e-12)
    assert s["p_value"][0] == pytest.approx(math.erfc(math.sqrt(expected / 2)), rel=1e-9)


def test_g2_two_cell_by_hand():
    # E1 = 1000 * 15 / 3000 = 5, E2 = 2000 * 15 / 3000 = 10
    expected = 2 * (10 * math.log(10 / 5) + 5 * math.log(5 / 10))
    s = keyness_statistics([10], [5], 1000, 2000, g2="two-cell")
    assert s["G2"][0] == pytest.approx(expected, rel=1e-12)
    assert expected == pytest.approx(10 * math.log(2))


def test_log_ratio_and_zero_correction():
    s = keyness_statistics([10, 10, 0], [5, 0, 5], 1000, 2000)
    assert s["log_ratio"][0] == pytest.approx(math.log2((10 / 1000) / (5 / 2000)))
    assert s["log_ratio"][1] == pytest.approx(math.log2((10 / 1000) / (0.5 / 2000)))
    assert s["log_ratio"][2] == pytest.approx(math.log2((0.5 / 1000) / (5 / 2000)))


def _lrc_reference(a, b, c_total, d_total, level):
    """LRC from scipy's exact binomial interval (a separate code path)."""
    ci = stats.binomtest(a, a + b).proportion_ci(confidence_level=level, method="exact")

    def to_lr(pi):
        if pi <= 0:
            return -math.inf
        if pi >= 1:
            return math.inf
        return math.log2(pi / (1 - pi) * d_total / c_total)

    low, high = to_lr(ci.low), to_lr(ci.high)
    if low > 0:
        return low
    if high < 0:
        return high
    return 0.0


@pytest.mark.parametrize(
    "a,b,c_total,d_total",
    [
        (40, 10, 1000, 2000),
        (10, 40, 1000, 1000),
        (3, 2, 1000, 1000),
        (25, 0, 5000, 5000),
        (0, 30, 2000, 1000),
        (1, 0, 100, 100),
    ],
)
def test_lrc_matches_exact_binomial_interval(a, b, c_total, d_total):
    s = keyness_statistics([a], [b], c_total, d_total)
    assert s["lrc"][0] == pytest.approx(_lrc_reference(a, b, c_total, d_total, 0.95), abs=1e-7)
    s99 = keyness_statistics([a], [b], c_total, d_total, conf_level=0.99)
    assert s99["lrc"][0] == pytest.approx(_lrc_reference(a, b, c_total, d_total, 0.99), abs=1e-7)


def test_lrc_zero_when_interval_spans_zero_and_bonferroni():
    s = keyness_statistics([3], [2], 1000, 1000)
    assert s["lrc"][0] == 0.0
    # Bonferroni over 100 tests = a 1 - 0.05/100 interval.
    plain = keyness_statistics([60, 5], [20, 5], 1000, 1000)
    corrected = keyness_statistics([60, 5], [20, 5], 1000, 1000, correction="bonferroni", n_tests=100)
    expected = _lrc_reference(60, 20, 1000, 1000, 1 - 0.05 / 100)
    assert corrected["lrc"][0] == pytest.approx(expected, abs=1e-7)
    assert 0 < corrected["lrc"][0] < plain["lrc"][0] < plain["log_ratio"][0]
    default_m = keyness_statistics([60, 5], [20, 5], 1000, 1000, correction="bonferroni")
    assert default_m["lrc"][0] == pytest.approx(_lrc_reference(60, 20, 1000, 1000, 1 - 0.05 / 2), abs=1e-7)


def test_pct_diff():
    # NF per million: target 30 / 10,000 -> 3000, reference 10 / 20,000 -> 500
    s = keyness_statistics([30, 30], [10, 0], 10_000, 20_000)
    assert s["pct_diff"][0] == pytest.approx((3000 - 500) * 100 / 500)
    assert s["pct_diff"][0] == pytest.approx(500.0)
    assert s["pct_diff"][1] == np.inf  # absent from the reference: infinite, not 3e+23
    assert s["rate_target"][0] == pytest.approx(3000.0)
    assert s["rate_reference"][0] == pytest.approx(500.0)


def test_fightin_words_by_hand_with_whole_corpus_prior():
    table = pd.DataFrame({"A": [10, 20, 70], "B": [5, 40, 155], "C": [15, 10, 75]}, index=["x", "y", "z"])
    k = keyness(table, target="A", reference="B", alpha0=10)
    row = k.set_index("term").loc["x"]
    # prior from the whole corpus (A + B + C): x = 30 of 400 tokens
    alpha_x = 10 * 30 / 400
    delta = math.log((10 + alpha_x) / (100 + 10 - 10 - alpha_x)) - math.log(
        (5 + alpha_x) / (200 + 10 - 5 - alpha_x)
    )
    var = 1 / (10 + alpha_x) + 1 / (5 + alpha_x)
    assert row["delta"] == pytest.approx(delta, rel=1e-12)
    assert row["z"] == pytest.approx(delta / math.sqrt(var), rel=1e-12)
    assert row["total_target"] == 100 and row["total_reference"] == 200
    # G2 of the same comparison
    g, _ = g2_scipy(10, 5, 100, 200)
    assert row["G2"] == pytest.approx(g)


# --------------------------------------------------------------------------
# keyness(): comparisons
# --------------------------------------------------------------------------


def test_keyness_one_vs_rest_on_corpus():
    corpus = small_corpus()
    k = keyness(corpus, by="source", target="CHN")
    assert set(k["group"]) == {"CHN"} and set(k["reference"]) == {"rest"}
    row = k.set_index("term").loc["peace"]
    assert (row["count_target"], row["count_reference"]) == (2, 1)
    assert row["total_target"] == 10
    rest_tokens = sum(len(tokenize(t)) for t in corpus.texts[2:])
    assert row["total_reference"] == rest_tokens
    g, p = g2_scipy(2, 1, 10, rest_tokens)
    assert row["G2"] == pytest.approx(g) and row["p_value"] == pytest.approx(p)
    assert k["G2"].is_monotonic_decreasing
    assert list(k.columns[:7]) == [
        "group",
        "reference",
        "term",
        "count_target",
        "count_reference",
        "total_target",
        "total_reference",
    ]
    for col in ["G2", "p_value", "log_ratio", "lrc", "pct_diff", "delta", "z"]:
        assert col in k.columns
    # every group against the rest when no target is given
    all_groups = keyness(corpus, by="source")
    assert set(all_groups["group"]) == {"CHN", "RUS", "USA"}


def test_keyness_pairwise_each_and_pooled_reference():
    table = pd.DataFrame({"A": [10, 20, 70], "B": [5, 40, 155], "C": [15, 10, 75]}, index=["x", "y", "z"])
    pair = keyness(table, target="A", reference="B").set_index("term")
    g, _ = g2_scipy(20, 40, 100, 200)
    assert pair.loc["y", "G2"] == pytest.approx(g)  # 20/100 = 40/200 -> zero
    assert pair.loc["y", "log_ratio"] == pytest.approx(0.0)
    each = keyness(table, target="A", reference="each")
    assert sorted(set(each["reference"])) == ["B", "C"]
    vs_c = each[each["reference"] == "C"].set_index("term")
    g, _ = g2_scipy(10, 15, 100, 100)
    assert vs_c.loc["x", "G2"] == pytest.approx(-g)
    pooled = keyness(table, target="A", reference=["B", "C"]).set_index("term")
    rest = keyness(table, target="A").set_index("term")
    assert pooled.loc["x", "reference"] == "B+C"
    for col in ["G2", "log_ratio", "lrc", "pct_diff", "z"]:
        assert pooled.loc["x", col] == pytest.approx(rest.loc["x", col])


def test_keyness_against_reference_frequency_list():
    corpus = small_corpus()
    ref = pd.Series({"peace": 5, "war": 50, "treaty": 20})
    k = keyness(corpus, by="source", target="CHN", reference=ref, reference_total=1000)
    rows = k.set_index("term")
    assert rows.loc["peace", "count_reference"] == 5
    assert rows.loc["treaty", "count_target"] == 0  # only in the reference list
    assert rows.loc["cooperation", "count_reference"] == 0
    g, _ = g2_scipy(2, 5, 10, 1000)
    assert rows.loc["peace", "G2"] == pytest.approx(g)
    assert set(rows["reference"]) == {"reference list"}
    alpha = 1000 * (2 + 5) / (10 + 1000)
    delta = math.log((2 + alpha) / (10 + 1000 - 2 - alpha)) - math.log(
        (5 + alpha) / (1000 + 1000 - 5 - alpha)
    )
    assert rows.loc["peace", "delta"] == pytest.approx(delta)
    with pytest.raises(CompareError, match="reference_total is smaller"):
        keyness(corpus, target="CHN", reference=ref, reference_total=10)


def test_keyness_on_document_frequencies():
    corpus = small_corpus()
    k = keyness(corpus, by="source", target="CHN", unit="document").set_index("term")
    # "and" is in 2 of 2 CHN documents and in 3 of 3 other documents
    assert (k.loc["and", "count_target"], k.loc["and", "total_target"]) == (2, 2)
    assert (k.loc["and", "count_reference"], k.loc["and", "total_reference"]) == (3, 3)
    g, _ = g2_scipy(1, 1, 2, 3)  # "peace": 1 of 2 CHN docs, 1 of 3 other docs
    assert k.loc["peace", "G2"] == pytest.approx(g)
    assert k.loc["peace", "rate_target"] == pytest.approx(50.0)  # per hundred documents
    assert k.loc["peace", "log_ratio"] == pytest.approx(math.log2((1 / 2) / (1 / 3)))


def test_keyness_filters_sorting_and_top():
    corpus = small_corpus()
    k = keyness(
        corpus, by="source", target=["CHN", "USA"], method="log_ratio", stopwords=True, min_count=2, top=3
    )
    assert set(k["term"]).isdisjoint(STOPWORDS)
    assert ((k["count_target"] + k["count_reference"]) >= 2).all()
    assert k.groupby("group").size().max() <= 3
    for _, part in k.groupby("group"):
        assert part["log_ratio"].is_monotonic_decreasing
    again = keyness(
        corpus, by="source", target=["CHN", "USA"], method="log_ratio", stopwords=True, min_count=2, top=3
    )
    pd.testing.assert_frame_equal(k, again)


def test_keyness_bad_input():
    corpus = small_corpus()
    with pytest.raises(CompareError, match=r"unknown group 'GBR'.*'CHN'"):
        keyness(corpus, by="source", target="GBR")
    with pytest.raises(CompareError, match="at least two groups"):
        keyness(corpus, by=None)
    with pytest.raises(CompareError, match="both target and reference"):
        keyness(corpus, target="CHN", reference="CHN")
    with pytest.raises(CompareError, match="method"):
        keyness(corpus, target="CHN", method="chi2")
    empty = Corpus.from_texts(["Peace and war.", "!!! ...", "War again."], source=["A", "B", "C"])
    with pytest.raises(CompareError, match="group 'B' has no tokens"):
        keyness(empty, target="B")
    with pytest.raises(CompareError, match="reference 'B' for group 'A' has no tokens"):
        keyness(empty, target="A", reference="B")
    # a group without tokens in the rest pool is harmless
    ok = keyness(empty, target="A")
    assert ok.set_index("term").loc["war", "count_reference"] == 1
    with pytest.raises(CompareError):
        keyness_statistics([1], [1], 0, 10)
    with pytest.raises(CompareError, match="exceeds"):
        keyness_statistics([11], [1], 10, 10)


def test_term_counts_roundtrip_and_validation():
    table = pd.DataFrame({"A": [3, 1], "B": [2, 2]}, index=["x", "y"])
    tc = TermCounts.from_wide(table, totals={"A": 100, "B": 200})
    assert list(tc.totals) == [100, 200]
    with pytest.raises(CompareError, match="smaller than the sum"):
        TermCounts.from_wide(table, totals=[1, 1])
    with pytest.raises(CompareError, match="negative"):
        TermCounts.from_wide(-table)
    k = keyness(tc, target="B").set_index("term")
    g, _ = g2_scipy(2, 3, 200, 100)
    assert k.loc["x", "G2"] == pytest.approx(-g)


# --------------------------------------------------------------------------
# collocations
# --------------------------------------------------------------------------


def colloc_corpus():
    return Corpus.from_texts(
        [
            "alpha beta node gamma delta epsilon node zeta",
            "xi node eta alpha",
            "alpha beta gamma delta",
        ],
        source=["P", "Q", "Q"],
    )


def test_collocates_by_hand():
    c = colloc_corpus()
    col = collocates(c, "node", left=1, right=2, min_count=1).set_index("collocate")
    # doc 1: node at 2 and 6 -> span {1,3,4} U {5,7} = beta gamma delta epsilon zeta
    # doc 2: node at 1 -> span {0,2,3} = xi eta alpha
    span, node_freq, n = 8, 3, 16
    assert set(col.index) == {"beta", "gamma", "delta", "epsilon", "zeta", "xi", "eta", "alpha"}
    assert (col["span_size"] == span).all() and (col["node_freq"] == node_freq).all()
    assert (col["corpus_size"] == n).all()
    alpha = col.loc["alpha"]
    o, c1 = 1, 3  # alpha occurs 3 times in the corpus
    e = span * c1 / n
    assert alpha["observed"] == o and alpha["collocate_freq"] == c1
    assert alpha["expected"] == pytest.approx(1.5)
    assert alpha["MI"] == pytest.approx(math.log2(o / e))
    assert alpha["t_score"] == pytest.approx((o - e) / math.sqrt(o))
    assert alpha["log_dice"] == pytest.approx(14 + math.log2(2 * o / (node_freq + c1)))
    g, p = g2_scipy(o, c1 - o, span, n - span)
    assert alpha["log_likelihood"] == pytest.approx(-g)  # observed below expected
    assert alpha["p_value"] == pytest.approx(p)
    zeta = col.loc["zeta"]  # once in the corpus, once in the span
    assert zeta["MI"] == pytest.approx(math.log2(1 / (span * 1 / n)))
    g, _ = g2_scipy(1, 0, span, n - span)
    assert zeta["log_likelihood"] == pytest.approx(g)


def test_collocates_overlap_phrase_and_filters():
    c = Corpus.from_texts(["node mid node", "a shared future for all", "shared dreams, future"])
    col = collocates(c, "node", window=1, min_count=1).set_index("collocate")
    assert col.loc["mid", "observed"] == 1 and col.loc["mid", "span_size"] == 1  # counted once
    phrase = collocates(c, "Shared Future", window=2, min_count=1).set_index("collocate")
    assert phrase["node"].iloc[0] == "shared future"
    assert phrase["node_freq"].iloc[0] == 1  # "shared dreams, future" is not the phrase
    assert set(phrase.index) == {"a", "for", "all"}
    nostop = collocates(c, "shared future", window=2, min_count=1, stopwords=True)
    assert set(nostop["collocate"]).isdisjoint(STOPWORDS)
    none = collocates(c, "absent", window=2)
    assert none.empty and "log_dice" in none.columns
    with pytest.raises(CompareError, match="window"):
        collocates(c, "node", left=0, right=0)
    with pytest.raises(CompareError, match="no word tokens"):
        collocates(c, "!!!")


def test_collocates_by_group():
    c = colloc_corpus()
    col = collocates(c, "node", left=1, right=2, min_count=1, by="source")
    assert list(col.columns[:2]) == ["source", "node"]
    q = col[col["source"] == "Q"].set_index("collocate")
    # group Q: documents 2 and 3 (4 + 4 tokens), node once, span xi eta alpha
    assert (q["corpus_size"] == 8).all() and (q["node_freq"] == 1).all()
    assert q.loc["alpha", "collocate_freq"] == 2
    assert q.loc["alpha", "expected"] == pytest.approx(3 * 2 / 8)


# --------------------------------------------------------------------------
# real corpus
# --------------------------------------------------------------------------


def test_keyness_on_headlines(headlines):
    sample = headlines.subset(source=["BBC", "CGTN"]).sample(1500, random_state=1)
    k = keyness(sample, by="source", target="BBC", min_count=5)
    bbc = sample.subset(source="BBC")
    counts = Counter(t for text in bbc.texts for t in case_tokens(text))  # acronyms keep their case
    total_bbc = sum(counts.values())
    top = k.head(10)
    for row in top.itertuples():
        assert row.count_target == counts[row.term]
        assert row.total_target == total_bbc
        g, _ = g2_scipy(row.count_target, row.count_reference, row.total_target, row.total_reference)
        assert abs(row.G2) == pytest.approx(g)
    assert (top["G2"] > 0).all()
    cgtn = keyness(sample, by="source", target="CGTN", min_count=5).set_index("term")
    bbc_k = k.set_index("term")
    shared = bbc_k.index.intersection(cgtn.index)[:50]
    # two groups: CGTN vs rest is the mirror image of BBC vs rest
    np.testing.assert_allclose(cgtn.loc[shared, "G2"], -bbc_k.loc[shared, "G2"], rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(cgtn.loc[shared, "log_ratio"], -bbc_k.loc[shared, "log_ratio"])


def test_parallel_counts_equal_serial(headlines):
    sample = headlines.sample(700, random_state=3)
    serial = document_term_counts(sample, cache=False)
    parallel = document_term_counts(sample, cache=False, n_jobs=2)
    assert list(parallel.terms) == list(serial.terms)
    assert (parallel.matrix != serial.matrix).nnz == 0
    assert list(parallel.n_tokens) == list(serial.n_tokens)
    with pytest.raises(CompareError, match="n_jobs"):
        document_term_counts(sample, cache=False, n_jobs=0)


def test_document_term_counts_accepts_counts():
    dtc = document_term_counts(small_corpus())
    assert isinstance(dtc, DocumentTermCounts)
    assert count_terms(dtc, by="source").groups == ["CHN", "RUS", "USA"]
    with pytest.raises(CompareError, match="texts"):
        collocates(dtc, "peace")


# --------------------------------------------------------------------------
# plots and command line
# --------------------------------------------------------------------------


def test_plot_keyness_and_fightin_words():
    from framing.compare.plots import plot_fightin_words, plot_keyness

    table = pd.DataFrame(
        {"A": [30, 10, 5, 2, 953], "B": [10, 10, 25, 2, 953], "C": [1, 1, 1, 1, 996]},
        index=["peace", "war", "trade", "rare", "other"],
    )
    k = keyness(table, target=["A", "B"], method="log_ratio")
    fig = plot_keyness(k, n=1)
    assert len(fig.axes) == 2
    assert fig.axes[0].get_title() == "A vs rest"
    first = k[k["group"] == "A"]
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    # most over- and most under-represented term by log ratio, bottom to top
    assert labels == [first["term"].iloc[-1], first["term"].iloc[0]]
    bars = [p.get_width() for p in fig.axes[0].patches]
    assert bars == pytest.approx([first["log_ratio"].iloc[-1], first["log_ratio"].iloc[0]])
    assert "log ratio" in fig.axes[0].get_xlabel()
    only_b = plot_keyness(k, n=2, hue="B", method="z", negative=False)
    assert len(only_b.axes) == 1 and len(only_b.axes[0].patches) <= 2
    with pytest.raises(CompareError, match="several comparisons"):
        plot_fightin_words(k)
    fw = plot_fightin_words(k, hue="A", n_labels=1, z=0.5)
    ax = fw.axes[0]
    offsets = ax.collections[0].get_offsets()
    a_rows = k[k["group"] == "A"]
    np.testing.assert_allclose(sorted(offsets[:, 1]), sorted(a_rows["z"]))
    np.testing.assert_allclose(
        sorted(offsets[:, 0]), sorted(a_rows["count_target"] + a_rows["count_reference"])
    )
    assert ax.get_xscale() == "log"
    texts = {t.get_text() for t in ax.texts}
    assert a_rows.sort_values("z")["term"].iloc[-1] in texts
    with pytest.raises(CompareError, match="no rows for groups"):
        plot_keyness(k, hue="Z")


def test_cli_keyness_and_collocates(tmp_path, capsys):
    from framing.cli.main import main

    corpus = small_corpus()
    path = tmp_path / "docs.csv"
    corpus.docs[["doc_id", "text", "source", "year"]].to_csv(path, index=False)
    out = tmp_path / "key.csv"
    code = main(
        [
            "keyness",
            str(path),
            "--by",
            "source",
            "--target",
            "CHN",
            "--min-count",
            "1",
            "--top",
            "0",
            "--out",
            str(out),
        ]
    )
    assert code == 0
    table = pd.read_csv(out)
    expected = keyness(corpus, by="source", target="CHN")
    assert len(table) == len(expected)
    row = table.set_index("term").loc["peace"]
    assert row["G2"] == pytest.approx(expected.set_index("term").loc["peace", "G2"])
    assert "peace" in capsys.readouterr().out

    code = main(
        [
            "keyness",
            str(path),
            "--by",
            "year",
            "--bins",
            "2",
            "--reference",
            "each",
            "--min-count",
            "1",
            "--out",
            str(out),
        ]
    )
    assert code == 0
    assert set(pd.read_csv(out)["group"]) == {"2015-2015", "2016-2016"}

    ref = tmp_path / "ref.csv"
    pd.DataFrame({"term": ["peace", "war"], "count": [3, 9]}).to_csv(ref, index=False)
    assert (
        main(
            [
                "keyness",
                str(path),
                "--target",
                "USA",
                "--reference-list",
                str(ref),
                "--min-count",
                "1",
                "--out",
                str(out),
            ]
        )
        == 0
    )
    assert set(pd.read_csv(out)["reference"]) == {"reference list"}

    assert main(["keyness", str(path), "--target", "GBR"]) == 2
    assert "unknown group 'GBR'" in capsys.readouterr().err

    code = main(["collocates", str(path), "peace", "--window", "3", "--min-count", "1", "--out", str(out)])
    assert code == 0
    col = pd.read_csv(out)
    expected = collocates(corpus, "peace", window=3, min_count=1)
    assert list(col["collocate"]) == list(expected["collocate"])


def test_texts_must_be_strings_and_empty_corpus():
    frame = pd.DataFrame({"doc_id": ["a", "b"], "text": ["peace", 3], "source": ["X", "Y"]})
    with pytest.raises(CompareError, match="document 'b': text is int"):
        document_term_counts(frame, cache=False)
    empty = document_term_counts(pd.DataFrame({"doc_id": [], "text": []}), cache=False)
    assert empty.matrix.shape == (0, 0) and len(empty.terms) == 0


def test_keyness_estimator_matches_function():
    from framing.compare.keyness import Keyness

    corpus = small_corpus()
    est = Keyness(by="source", method="z", alpha0=50, min_count=1)
    assert not hasattr(est, "counts_")
    with pytest.raises(CompareError, match="fit"):
        est.compare("CHN")
    est.fit(corpus)
    assert est.groups_ == ["CHN", "RUS", "USA"]
    pd.testing.assert_frame_equal(
        est.compare("CHN", reference="USA"),
        keyness(corpus, by="source", target="CHN", reference="USA", method="z", alpha0=50),
    )
    pd.testing.assert_frame_equal(est.fit_compare(corpus, "USA"), est.compare("USA"))


def test_keyness_on_a_topic_dtm_with_merged_slogans():
    from framing.topics.dtm import DTMBuilder

    corpus = Corpus.from_texts(
        [
            "A community of shared future and win-win cooperation.",
            "The community of shared future needs cooperation.",
            "Security and cooperation in the region.",
            "Security first.",
        ],
        source=["CGTN", "CGTN", "BBC", "BBC"],
    )
    dtm = DTMBuilder(
        min_df=1, max_df=1.0, phrases=False, lexicon=["community of shared future"]
    ).fit_transform(corpus)
    k = keyness(dtm, by="source", target="CGTN").set_index("term")
    row = k.loc["community_shared_future"]
    sizes = np.asarray(dtm.matrix.sum(axis=1)).ravel()
    cgtn = dtm.docs["source"].to_numpy() == "CGTN"
    assert (row["count_target"], row["count_reference"]) == (2, 0)
    assert row["total_target"] == sizes[cgtn].sum()
    assert row["total_reference"] == sizes[~cgtn].sum()
    g, _ = g2_scipy(2, 0, sizes[cgtn].sum(), sizes[~cgtn].sum())
    assert row["G2"] == pytest.approx(g)


def test_fightin_words_prior_weight_changes_zero_count_terms_as_documented():
    a, b, c_total, d_total = np.array([200.0]), np.array([0.0]), 10_000, 40_000
    prior = (a + b) / (c_total + d_total)
    weak = keyness_statistics(a, b, c_total, d_total, alpha0=10)
    strong = keyness_statistics(a, b, c_total, d_total, alpha0=10_000)
    for alpha0, s in ((10, weak), (10_000, strong)):
        aw = alpha0 * prior[0]
        delta = math.log((200 + aw) / (c_total + alpha0 - 200 - aw)) - math.log(aw / (d_total + alpha0 - aw))
        assert s["delta"][0] == pytest.approx(delta)
        assert s["z"][0] == pytest.approx(delta / math.sqrt(1 / (200 + aw) + 1 / aw))
    assert strong["delta"][0] < weak["delta"][0] and strong["z"][0] > weak["z"][0]
