"""Proximity counts and the quanteda preset, on hand-worked examples; the Lancet check."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import framing
from framing import Corpus, Dictionary
from framing.cli.main import main
from framing.compare.proximity import _unit_window_counts, cooccur, window_counts
from framing.errors import FramingError, LexiconError, MissingColumnError
from framing.slogans.stats import wilson_interval
from framing.text.quanteda import (
    SNOWBALL_STOPWORDS,
    compound_tokens,
    is_number,
    quanteda_tokens,
)

ROOT = Path(__file__).resolve().parents[1]
D = Dictionary({"health": ["health", "disease*"], "climate": ["climate change", "greenhouse-gas", "warming"]})


def per_doc(texts, window, preset="quanteda", count="windows", d=D, a="health", b="climate"):
    corpus = Corpus.from_texts(texts, source=["X"] * len(texts))
    return cooccur(corpus, a, b, window=window, dictionary=d, preset=preset, count=count)


# --------------------------------------------------------------------------
# The quanteda preset
# --------------------------------------------------------------------------


def test_snowball_list():
    assert len(SNOWBALL_STOPWORDS) == 175
    assert {"the", "will", "don't", "ought", "let's"} <= SNOWBALL_STOPWORDS
    # Snowball keeps "us" (U.S.), "now", "must" as content words
    assert not {"us", "now", "must", "may"} & SNOWBALL_STOPWORDS


@pytest.mark.parametrize(
    "text, expected",
    [
        # punctuation, symbols and numbers dropped, hyphenated words whole, lower case
        (
            "Greenhouse-gas emissions fell 3.5% in 2020, i.e. 10,953 tonnes!",
            ["greenhouse-gas", "emissions", "fell", "i.e", "tonnes"],
        ),
        # words with digits stay; pure numbers go
        ("CO2, G77 and the 1970s; 2nd of 3", ["co2", "g77", "1970s", "2nd"]),
        # apostrophes inside words join (the stop word "don't" is then removed)
        ("China's people don't agree", ["china's", "people", "agree"]),
        # a curly apostrophe joins too, but the stop-word list has straight ones only
        ("we don\u2019t", ["don\u2019t"]),
        # URLs removed
        ("See https://un.org/x?a=1 and www.who.int now", ["see", "now"]),
        # the underscore joins words, as in ICU
        ("climate_change already compounded", ["climate_change", "already", "compounded"]),
    ],
)
def test_quanteda_tokens(text, expected):
    assert quanteda_tokens(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # ICU keeps #tags and @handles whole; here only their words are tokens
        ("#ClimateAction @UN", ["climateaction", "un"]),
        # ICU splits Chinese into dictionary words; here a run of ideographs is one token
        ("\u6c14\u5019\u53d8\u5316", ["\u6c14\u5019\u53d8\u5316"]),
        # ICU keeps "1990's" as "1990" + "s"; so does this module ("1990" is then a number)
        ("the 1990's", ["s"]),
    ],
)
def test_documented_differences_from_icu(text, expected):
    assert quanteda_tokens(text) == expected


def test_number_rule():
    assert [is_number(t) for t in ["2030", "1,000", "6.5", "covid-19", "1970s"]] == [
        True,
        True,
        True,
        False,
        False,
    ]


def test_compound_after_stop_word_removal():
    # "climate of change": "of" is removed first, then the phrase is compounded,
    # exactly as tokens_remove() followed by tokens_compound() does
    assert quanteda_tokens("The climate of change", phrases=["climate change"]) == ["climate_change"]
    assert compound_tokens(["a", "b", "c", "b", "c"], ["b c"]) == ["a", "b_c", "b_c"]
    # overlapping and nested phrases become one compound (join = TRUE)
    assert compound_tokens(["x", "y", "z"], ["x y", "y z"]) == ["x_y_z"]
    assert compound_tokens(["x", "y", "z"], ["x y z", "y z"]) == ["x_y_z"]
    assert compound_tokens(["x", "y"], ["y z"]) == ["x", "y"]


# --------------------------------------------------------------------------
# Windows
# --------------------------------------------------------------------------


def test_window_at_document_edges():
    # tokens: climate_change alpha beta health   (health at 3, climate at 0)
    text = "Climate change alpha beta health"
    assert per_doc([text], 2)["n_ab"].tolist() == [0]
    assert per_doc([text], 3)["n_ab"].tolist() == [1]
    # an A hit at the very start: the window is clipped, nothing wraps around
    assert per_doc(["Health alpha warming", "warming"], 5)["n_ab"].tolist() == [1, 0]
    # windows do not cross documents
    out = per_doc(["alpha health", "warming beta"], 25)
    assert out[["n_a", "n_b", "n_ab"]].values.tolist() == [[1, 0, 0], [0, 1, 0]]


def test_overlapping_windows_windows_versus_pairs():
    # tokens: health alpha warming beta health   -> B at 2 is in both A windows
    text = "Health alpha warming beta health"
    assert per_doc([text], 2)["n_ab"].tolist() == [2]
    assert per_doc([text], 2, count="pairs")["n_ab"].tolist() == [1]
    # each A window counts all its B hits: health at 0, B at 1 and 2
    assert per_doc(["Health warming warming"], 2)["n_ab"].tolist() == [2]
    assert per_doc(["Health warming warming"], 1)["n_ab"].tolist() == [1]


def test_compounds_are_one_token_in_the_quanteda_preset():
    # quanteda: health alpha climate_change beta -> distance 2
    text = "Health alpha climate change beta"
    assert per_doc([text], 2)["n_ab"].tolist() == [1]
    # framing preset: "climate change" spans tokens 2-3, its end is 3 tokens away
    assert per_doc([text], 2, preset="framing")["n_ab"].tolist() == [0]
    assert per_doc([text], 3, preset="framing")["n_ab"].tolist() == [1]


def test_stop_words_and_numbers_do_not_count_as_distance():
    text = "Health, in the year 2020 and of 1,000: warming"
    assert per_doc([text], 2)["n_ab"].tolist() == [1]  # health year warming
    assert per_doc([text], 2, preset="framing")["n_ab"].tolist() == [0]


def test_hyphens():
    # "health-care" is its own token, not "health"; "greenhouse-gas" is one term
    out = per_doc(["Health-care and greenhouse-gas", "health near greenhouse-gas"], 3)
    assert out[["n_a", "n_b", "n_ab"]].values.tolist() == [[0, 1, 0], [1, 1, 1]]
    out = per_doc(["Health-care and greenhouse-gas", "health near greenhouse-gas"], 3, preset="framing")
    assert out[["n_a", "n_b", "n_ab"]].values.tolist() == [[0, 1, 0], [1, 1, 1]]


def test_wildcards():
    out = per_doc(["Diseases and disease spread; warming"], 10)
    assert out[["n_a", "n_b", "n_ab"]].values.tolist() == [[2, 1, 2]]


def test_same_category_counts_other_occurrences_only():
    d = Dictionary({"x": ["alpha"]})
    out = per_doc(["alpha beta alpha"], 2, d=d, a="x", b="x")
    assert out["n_ab"].tolist() == [2]  # each alpha sees the other one
    assert window_counts([(0, 1), (2, 3)], [(0, 1), (2, 3)], 2) == 2
    assert per_doc(["alpha beta alpha"], 2, d=d, a="x", b="x", count="pairs")["n_ab"].tolist() == [2]
    assert per_doc(["alpha"], 2, d=d, a="x", b="x", count="pairs")["n_ab"].tolist() == [0]


def _brute(a, b, window, count):
    pairs = [(i, j) for i in a for j in b if abs(i - j) <= window and i != j]
    return len(pairs) if count == "windows" else len({j for _, j in pairs})


@settings(max_examples=150, deadline=None)
@given(
    st.sets(st.integers(0, 60), max_size=12),
    st.sets(st.integers(0, 60), max_size=12),
    st.integers(0, 8),
    st.sampled_from(["windows", "pairs"]),
)
def test_fast_windows_equal_brute_force(a, b, window, count):
    a, b = sorted(a), sorted(b)
    expected = _brute(a, b, window, count)
    assert (
        _unit_window_counts(np.array(a, dtype=np.int64), np.array(b, dtype=np.int64), window, count)
        == expected
    )
    assert window_counts([(i, i + 1) for i in a], [(j, j + 1) for j in b], window, count) == expected


# --------------------------------------------------------------------------
# Groups, errors, CLI
# --------------------------------------------------------------------------


def test_groups_shares_and_wilson():
    corpus = Corpus.from_texts(
        ["health warming", "health", "warming", "nothing", "health beta warming"],
        source=["X", "X", "X", "Y", "Y"],
    )
    g = cooccur(corpus, "health", "climate", window=1, dictionary=D, preset="quanteda", by="source")
    x = g.set_index("source")
    assert x.loc["X", ["docs", "docs_a", "docs_b", "docs_ab", "n_a", "n_b", "n_ab"]].tolist() == [
        3,
        2,
        2,
        1,
        2,
        2,
        1,
    ]
    assert x.loc["Y", ["docs", "docs_a", "docs_b", "docs_ab"]].tolist() == [2, 1, 1, 0]
    assert x.loc["X", "share_ab"] == pytest.approx(1 / 3)
    low, high = wilson_interval(1, 3)
    assert x.loc["X", "share_ab_low"] == pytest.approx(float(low))
    assert x.loc["X", "share_ab_high"] == pytest.approx(float(high))


def test_errors():
    corpus = Corpus.from_texts(["health"], source=["X"])
    with pytest.raises(LexiconError, match="option a: no category 'wealth'"):
        cooccur(corpus, "wealth", "climate", dictionary=D)
    with pytest.raises(MissingColumnError, match="column 'country'"):
        cooccur(corpus, "health", "climate", dictionary=D, by="country")
    with pytest.raises(FramingError, match="option window"):
        cooccur(corpus, "health", "climate", window=-1, dictionary=D)
    with pytest.raises(FramingError, match="option preset"):
        cooccur(corpus, "health", "climate", dictionary=D, preset="spacy")
    with pytest.raises(LexiconError, match="wildcards inside a phrase"):
        cooccur(
            corpus,
            "x",
            "health",
            dictionary=Dictionary({"x": ["global warm*"], "health": ["health"]}),
            preset="quanteda",
        )


def test_lexicon_entries_as_a_and_b():
    lex = framing.Lexicon.from_patterns({"actor": ["china"], "coop": ["win-win cooperation"]})
    corpus = Corpus.from_texts(["China seeks win-win cooperation."], source=["X"])
    for preset in ("framing", "quanteda"):
        out = cooccur(corpus, "actor", "coop", window=3, dictionary=lex, preset=preset)
        assert out[["n_a", "n_b", "n_ab"]].values.tolist() == [[1, 1, 1]]


def test_cli(tmp_path, capsys):
    dfile = tmp_path / "d.yml"
    dfile.write_text(D.to_yaml(), encoding="utf-8")
    cfile = tmp_path / "c.csv"
    pd.DataFrame(
        {
            "doc_id": ["a", "b", "c"],
            "text": ["Health alpha warming", "warming", "health"],
            "year": [2000, 2000, 2001],
        }
    ).to_csv(cfile, index=False)
    out = tmp_path / "o.csv"
    assert (
        main(
            [
                "cooccur",
                str(cfile),
                "--dictionary",
                str(dfile),
                "--a",
                "health",
                "--b",
                "climate",
                "--window",
                "2",
                "--preset",
                "quanteda",
                "--by",
                "year",
                "--out",
                str(out),
            ]
        )
        == 0
    )
    table = pd.read_csv(out)
    assert list(table.columns) == ["year", "docs", "docs_a", "docs_b", "docs_ab", "n_a", "n_b", "n_ab"]
    assert table.values.tolist() == [[2000, 2, 1, 2, 1, 1, 2, 1], [2001, 1, 1, 0, 0, 1, 0, 0]]
    assert (
        main(
            [
                "cooccur",
                str(cfile),
                "--dictionary",
                str(dfile),
                "--a",
                "health",
                "--b",
                "climate",
                "--out",
                str(out),
            ]
        )
        == 0
    )
    table = pd.read_csv(out)
    assert table["doc_id"].tolist() == ["a", "b", "c"] and table["docs"].tolist() == [1, 1, 1]
    assert (
        main(
            [
                "cooccur",
                str(cfile),
                "--dictionary",
                str(dfile),
                "--a",
                "nope",
                "--b",
                "climate",
                "--out",
                str(out),
            ]
        )
        == 2
    )
    assert "no category 'nope'" in capsys.readouterr().err


# --------------------------------------------------------------------------
# The published Lancet Countdown table (needs the shared UNGDC corpus)
# --------------------------------------------------------------------------


def _ungdc_available() -> bool:
    try:
        return (framing.data_dir() / "ungdc").exists()
    except Exception:
        return False


def published_prop_countries() -> pd.DataFrame:
    return pd.read_csv(ROOT / "tests" / "data" / "lancet_2023_prop_countries.csv", comment="#").set_index(
        "Year"
    )


def test_published_table_fixture():
    pub = published_prop_countries()
    assert pub.shape == (53, 3) and pub.index.min() == 1970 and pub.index.max() == 2022
    assert pub.loc[2021, "Intersection"] == 0.6


@pytest.mark.skipif(not _ungdc_available(), reason="the shared UNGDC corpus is not available")
def test_lancet_shares_reproduce_published_table(ungdc):
    from framing.compare.proximity import group_counts

    corpus = ungdc.subset(ungdc.docs["year"].between(1970, 2022).to_numpy())
    per_doc = cooccur(
        corpus,
        "health",
        "climate",
        window=25,
        dictionary=ROOT / "lexicons" / "lancet_countdown_2023.yml",
        preset="quanteda",
    )
    g = group_counts(per_doc, "year").set_index("year")
    mine = pd.DataFrame(
        {"Climate": g["share_b"], "Health": g["share_a"], "Intersection": g["share_ab"]}
    ).round(2)
    diff = (mine - published_prop_countries()).abs()
    assert diff.shape == (53, 3) and not diff.isna().any().any()
    assert (diff <= 0.02 + 1e-9).to_numpy().mean() >= 0.95
    assert (diff <= 0.03 + 1e-9).to_numpy().all()
    # counts per country and year against the published tables of nine countries
    pub = pd.read_csv(ROOT / "tests" / "data" / "lancet_2023_country_counts.csv", comment="#")
    assert len(pub) == 9 * 53
    m = pub.merge(
        per_doc.rename(columns={"country": "Code", "year": "Year"}), on=["Code", "Year"], how="left"
    ).fillna({"n_a": 0, "n_b": 0, "n_ab": 0})
    assert (m["Climate"] == m["n_b"]).all() and (m["Health"] == m["n_a"]).all()
    assert (m["Intersection"] == m["n_ab"]).mean() >= 0.98
