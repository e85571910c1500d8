"""Phrase statistics against hand-computed values and published tables."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from framing.slogans.stats import (
    NO_TOKENS_NOTE,
    dispersion,
    document_share,
    dp,
    first_use,
    poisson_interval,
    rates,
    variant_shares,
    wilson_interval,
)


@pytest.fixture
def docs():
    return pd.DataFrame(
        {
            "doc_id": ["CHN_1", "CHN_2", "USA_1", "USA_2", "FRA_1"],
            "tokens": [2000, 3000, 5000, 5000, 0],
            "source": ["CHN", "CHN", "USA", "USA", "FRA"],
            "year": [2013, 2015, 2013, 2015, 2015],
        }
    )


@pytest.fixture
def counts():
    return pd.DataFrame(
        {
            "doc_id": ["CHN_1", "CHN_2", "CHN_2", "USA_2"],
            "entry": ["csf", "csf", "csf", "bri"],
            "variant": ["common_destiny", "shared_future", "common_destiny", "bri"],
            "n": [1, 3, 1, 2],
            "source": ["CHN", "CHN", "CHN", "USA"],
            "year": [2013, 2015, 2015, 2015],
        }
    )


# --------------------------------------------------------------------------
# Garwood and Wilson intervals
# --------------------------------------------------------------------------


def test_garwood_limits_match_published_table():
    # Exact 95% Poisson limits as tabulated (e.g. Ulm 1990, Garwood 1936):
    # n=0: (0, 3.689); n=1: (0.0253, 5.572); n=2: (0.2422, 7.225);
    # n=10: (4.795, 18.39).
    low, high = poisson_interval([0, 1, 2, 10])
    assert low[0] == 0.0
    assert high[0] == pytest.approx(3.689, abs=5e-4)
    assert (low[1], high[1]) == (pytest.approx(0.0253, abs=5e-5), pytest.approx(5.572, abs=5e-4))
    assert (low[2], high[2]) == (pytest.approx(0.2422, abs=5e-5), pytest.approx(7.225, abs=5e-4))
    assert (low[3], high[3]) == (pytest.approx(4.795, abs=5e-4), pytest.approx(18.39, abs=5e-3))


def test_garwood_zero_count_closed_form():
    # For n = 0 the upper limit solves exp(-mu) = alpha/2: mu = -ln(0.025) = 3.68888.
    # At 90%: -ln(0.05) = 2.99573.
    assert poisson_interval(0)[1] == pytest.approx(-math.log(0.025), rel=1e-9)
    assert poisson_interval(0, conf_level=0.90)[1] == pytest.approx(-math.log(0.05), rel=1e-9)
    # n = 1 lower limit solves 1 - exp(-mu) = 0.025: mu = -ln(0.975) = 0.025318.
    assert poisson_interval(1)[0] == pytest.approx(-math.log(0.975), rel=1e-9)


def test_wilson_three_of_ten_by_hand():
    # z = 1.959964, z^2 = 3.841459; denominator 1 + z^2/10 = 1.3841459
    # centre = (0.3 + 3.841459/20) / 1.3841459 = 0.49207295 / 1.3841459 = 0.355506
    # half = 1.959964/1.3841459 * sqrt(0.3*0.7/10 + 3.841459/400) = 1.416010 * 0.174939 = 0.247715
    low, high = wilson_interval(3, 10)
    assert float(low) == pytest.approx(0.355506 - 0.247715, abs=1e-5)
    assert float(high) == pytest.approx(0.355506 + 0.247715, abs=1e-5)
    assert float(low) == pytest.approx(0.1078, abs=5e-5)
    assert float(high) == pytest.approx(0.6032, abs=5e-5)


def test_wilson_zero_successes_and_zero_trials():
    # k = 0: lower 0, upper z^2/(n + z^2) = 3.841459/13.841459 = 0.277533
    low, high = wilson_interval(0, 10)
    assert float(low) == 0.0
    assert float(high) == pytest.approx(3.841459 / 13.841459, abs=1e-6)
    low, high = wilson_interval(0, 0)
    assert np.isnan(low) and np.isnan(high)


def test_interval_input_errors():
    with pytest.raises(ValueError, match="conf"):
        poisson_interval(1, conf_level=1.0)
    with pytest.raises(ValueError, match="non-negative"):
        poisson_interval(-1)
    with pytest.raises(ValueError, match="0 <= k <= n"):
        wilson_interval(5, 3)


# --------------------------------------------------------------------------
# Rates
# --------------------------------------------------------------------------


def test_rates_by_source_by_hand(counts, docs):
    r = rates(counts, docs, by="source", entries=["csf", "bri"])
    assert list(r.columns) == [
        "source",
        "entry",
        "n",
        "docs",
        "docs_with",
        "tokens",
        "rate_per_10k",
        "ci_low",
        "ci_high",
        "note",
    ]
    row = r.set_index(["source", "entry"]).loc[("CHN", "csf")]
    # CHN: 1 + 3 + 1 = 5 occurrences in 2000 + 3000 = 5000 tokens -> 10 per 10k
    assert (row["n"], row["docs"], row["docs_with"], row["tokens"]) == (5, 2, 2, 5000)
    assert row["rate_per_10k"] == pytest.approx(10.0)
    # Garwood limits for n = 5: (1.6235, 11.6683) -> per 10k tokens x 2
    assert row["ci_low"] == pytest.approx(1.6235 * 2, abs=1e-3)
    assert row["ci_high"] == pytest.approx(11.6683 * 2, abs=1e-3)

    usa = r.set_index(["source", "entry"]).loc[("USA", "csf")]
    # USA never says csf: rate 0, upper limit 3.68888 / 10000 tokens * 10000
    assert (usa["n"], usa["docs_with"], usa["tokens"]) == (0, 0, 10000)
    assert usa["rate_per_10k"] == 0.0
    assert usa["ci_low"] == 0.0
    assert usa["ci_high"] == pytest.approx(3.68888, abs=1e-4)
    bri = r.set_index(["source", "entry"]).loc[("USA", "bri")]
    assert bri["rate_per_10k"] == pytest.approx(2 / 10000 * 10000)


def test_rates_zero_token_group_is_explained(counts, docs):
    r = rates(counts, docs, by="source", entries=["csf"])
    fra = r[r["source"] == "FRA"].iloc[0]
    assert fra["tokens"] == 0 and fra["docs"] == 1
    assert fra["rate_per_10k"] == 0.0
    assert np.isnan(fra["ci_low"]) and np.isnan(fra["ci_high"])
    assert fra["note"] == NO_TOKENS_NOTE
    # every other row has a finite interval and an empty note
    rest = r[r["source"] != "FRA"]
    assert rest[["ci_low", "ci_high"]].notna().all().all()
    assert (rest["note"] == "").all()


def test_rates_overall_and_per_document(counts, docs):
    overall = rates(counts, docs, entries=["csf"])
    assert len(overall) == 1
    # 5 occurrences in 15000 tokens: 3.3333 per 10k
    assert overall.loc[0, "rate_per_10k"] == pytest.approx(5 / 15000 * 1e4)
    assert overall.loc[0, "docs"] == 5 and overall.loc[0, "docs_with"] == 2

    per_doc = rates(counts, docs, by="doc_id", entries=["csf"]).set_index("doc_id")
    assert per_doc.loc["CHN_2", "n"] == 4
    assert per_doc.loc["CHN_2", "rate_per_10k"] == pytest.approx(4 / 3000 * 1e4)
    assert per_doc.loc["USA_1", "n"] == 0
    assert len(per_doc) == 5


def test_rates_by_two_columns_and_missing_keys(counts, docs):
    docs = docs.copy()
    docs["year"] = pd.array([2013, 2015, 2013, None, 2015], dtype="Int64")
    r = rates(counts, docs, by=["source", "year"], entries=["bri"])
    # the USA document without a year forms its own group and keeps its count
    missing = r[r["year"].isna()]
    assert len(missing) == 1 and missing.iloc[0]["n"] == 2
    assert r["n"].sum() == 2


def test_rates_variants(counts, docs):
    r = rates(counts, docs, by="year", entries=["csf"], variants=True)
    got = r.set_index(["year", "variant"])["n"].to_dict()
    assert got == {
        (2013, "common_destiny"): 1,
        (2013, "shared_future"): 0,
        (2015, "common_destiny"): 1,
        (2015, "shared_future"): 3,
    }


def test_rates_accepts_matches_frame(docs):
    matches = pd.DataFrame({"doc_id": ["CHN_1", "CHN_1", "USA_1"], "entry": "csf"})
    r = rates(matches, docs, by="source").set_index("source")
    assert r.loc["CHN", "n"] == 2 and r.loc["USA", "n"] == 1


def test_rates_errors(counts, docs):
    with pytest.raises(ValueError, match="missing from doc_tokens"):
        rates(counts, docs[docs["doc_id"] != "CHN_2"], by="source")
    bad = docs.copy()
    bad.loc[0, "tokens"] = -1
    with pytest.raises(ValueError, match="CHN_1"):
        rates(counts, bad)
    with pytest.raises(ValueError, match="lacks the column"):
        rates(counts, docs, by="country")


def test_document_share_wilson(docs):
    ten = pd.DataFrame({"doc_id": [f"d{i}" for i in range(10)], "tokens": 100, "source": "X"})
    counts = pd.DataFrame({"doc_id": ["d1", "d4", "d7"], "entry": "csf", "n": [5, 1, 2]})
    s = document_share(counts, ten, by="source")
    assert s.loc[0, "docs"] == 10 and s.loc[0, "docs_with"] == 3
    assert s.loc[0, "share"] == pytest.approx(0.3)
    assert s.loc[0, "ci_low"] == pytest.approx(0.1078, abs=5e-5)
    assert s.loc[0, "ci_high"] == pytest.approx(0.6032, abs=5e-5)


# --------------------------------------------------------------------------
# First use
# --------------------------------------------------------------------------


def test_first_use_by_year_then_doc_id():
    m = pd.DataFrame(
        {
            "doc_id": ["CHN_70_2015", "CHN_68_2013", "PAK_73_2018", "CHN_68_2013", "VEN_76_2021"],
            "entry": "csf",
            "source": ["CHN", "CHN", "PAK", "CHN", "VEN"],
            "year": [2015, 2013, 2018, 2013, 2021],
        }
    )
    f = first_use(m, by="source")
    assert f["source"].tolist() == ["CHN", "PAK", "VEN"]
    chn = f.iloc[0]
    assert (chn["first_year"], chn["first_doc_id"], chn["last_year"]) == (2013, "CHN_68_2013", 2015)
    assert (chn["docs_with"], chn["n"]) == (2, 3)


def test_first_use_prefers_dates():
    m = pd.DataFrame(
        {
            "doc_id": ["b", "a", "c"],
            "entry": "bri",
            "source": "CGTN",
            "date": pd.to_datetime(["2022-03-01", "2022-05-01", None]),
            "year": [2022, 2022, 2021],
        }
    )
    f = first_use(m, by="source")
    # dated documents first: 1 March before 1 May; the undated one sorts last
    assert f.loc[0, "first_doc_id"] == "b"
    assert f.loc[0, "first_date"] == pd.Timestamp("2022-03-01")
    assert f.loc[0, "n"] == 3
    with pytest.raises(ValueError, match="year"):
        first_use(m.drop(columns=["date", "year"]), by="source")


# --------------------------------------------------------------------------
# Dispersion
# --------------------------------------------------------------------------


def test_dp_gries_example():
    # Five parts of sizes 9, 10, 10, 10, 11 (S = 50): expected proportions
    # .18 .20 .20 .20 .22. Frequencies 1, 2, 3, 4, 5 (f = 15): observed
    # .0667 .1333 .2 .2667 .3333. |differences| .1133 .0667 0 .0667 .1133,
    # sum .36, DP = .18; DP_norm = .18 / (1 - .18) = .219512.
    value, norm = dp([1, 2, 3, 4, 5], [9, 10, 10, 10, 11])
    assert value == pytest.approx(0.18, abs=1e-12)
    assert norm == pytest.approx(0.18 / 0.82, abs=1e-12)


def test_dp_extremes():
    # every occurrence in the smallest part: DP = 1 - min(s) and DP_norm = 1
    value, norm = dp([0, 0, 7], [40, 40, 20])
    assert value == pytest.approx(0.8) and norm == pytest.approx(1.0)
    # occurrences proportional to sizes: DP = 0
    assert dp([4, 4, 2], [40, 40, 20])[0] == pytest.approx(0.0, abs=1e-12)
    with pytest.raises(ValueError, match="f = 0"):
        dp([0, 0], [1, 1])


def test_dispersion_over_documents_and_parts():
    docs = pd.DataFrame(
        {
            "doc_id": list("abcde"),
            "tokens": [9, 10, 10, 10, 11],
            "year": [2001, 2001, 2002, 2002, 2002],
        }
    )
    m = pd.DataFrame({"doc_id": list("abbcccddddeeeee"), "entry": "x"})
    d = dispersion(m, docs, entries=["x", "never"])
    row = d.set_index("entry").loc["x"]
    assert (row["f"], row["parts"], row["range"]) == (15, 5, 5)
    assert row["DP"] == pytest.approx(0.18)
    assert row["DP_norm"] == pytest.approx(0.18 / 0.82)
    never = d.set_index("entry").loc["never"]
    assert never["f"] == 0 and np.isnan(never["DP"]) and "undefined" in never["note"]

    # years as parts: sizes 19 and 31 (of 50), frequencies 3 and 12 (of 15):
    # |3/15 - 19/50| = .18, |12/15 - 31/50| = .18 -> DP = .18, DP_norm = .18/(1 - .38)
    by_year = dispersion(m, docs, parts="year").iloc[0]
    assert by_year["parts"] == 2
    assert by_year["DP"] == pytest.approx(0.18)
    assert by_year["DP_norm"] == pytest.approx(0.18 / 0.62)


def test_dispersion_within_groups():
    docs = pd.DataFrame(
        {"doc_id": list("abcd"), "tokens": [100, 100, 50, 50], "source": ["A", "A", "B", "B"]}
    )
    m = pd.DataFrame({"doc_id": ["a", "a", "c", "d"], "entry": "x"})
    d = dispersion(m, docs, by="source").set_index("source")
    # A: both occurrences in one of two equal parts -> DP = .5, DP_norm = 1
    assert d.loc["A", "DP"] == pytest.approx(0.5) and d.loc["A", "DP_norm"] == pytest.approx(1.0)
    # B: one in each equal part -> DP = 0
    assert d.loc["B", "DP"] == pytest.approx(0.0)


# --------------------------------------------------------------------------
# Variant shares
# --------------------------------------------------------------------------


def test_variant_shares_by_year(counts):
    s = variant_shares(counts, by="year", entries=["csf"])
    got = s.set_index(["year", "variant"])[["n", "entry_n", "share"]]
    assert got.loc[(2013, "common_destiny")].tolist() == [1, 1, 1.0]
    assert got.loc[(2013, "shared_future")].tolist() == [0, 1, 0.0]
    assert got.loc[(2015, "shared_future")].tolist() == [3, 4, 0.75]
    assert got.loc[(2015, "common_destiny")].tolist() == [1, 4, 0.25]
    assert s.groupby("year")["share"].sum().tolist() == [1.0, 1.0]
    # Wilson interval of 3/4: centre (0.75 + 3.841459/8)/(1 + 3.841459/4) = 1.230182 / 1.960365 = 0.627527
    row = s[(s["year"] == 2015) & (s["variant"] == "shared_future")].iloc[0]
    assert (row["ci_low"] + row["ci_high"]) / 2 == pytest.approx(0.627527, abs=1e-5)


def test_variant_shares_empty_and_errors(counts):
    assert variant_shares(counts, by="year", entries=["nothing"]).empty
    with pytest.raises(ValueError, match="variant"):
        variant_shares(counts.drop(columns="variant"), by="year")


# --------------------------------------------------------------------------
# Plots
# --------------------------------------------------------------------------


def test_plot_rate_trend_bands(counts, docs):
    from framing.slogans.plots import plot_rate_trend

    r = rates(counts, docs[docs["tokens"] > 0], by=["source", "year"], entries=["csf"])
    fig = plot_rate_trend(r, hue_order=["CHN", "USA"])
    ax = fig.axes[0]
    assert [line.get_label() for line in ax.lines] == ["CHN", "USA"]
    chn = ax.lines[0]
    # CHN 2013: 1 in 2000 tokens = 5 per 10k; 2015: 4 in 3000 = 13.33 per 10k
    assert chn.get_ydata().tolist() == pytest.approx([5.0, 4 / 3000 * 1e4])
    # one band per line, spanning the Garwood limits; its top is the 2015
    # upper limit for n = 4 (tables: 10.24) per 3000 tokens = 34.139 per 10k,
    # its bottom the 2013 lower limit for n = 1 (0.0253) per 2000 = 0.1266
    verts = ax.collections[0].get_paths()[0].vertices[:, 1]
    assert verts.max() == pytest.approx(10.2416 / 3000 * 1e4, abs=1e-3)
    assert verts.min() == pytest.approx(0.025318 / 2000 * 1e4, abs=1e-5)
    with pytest.raises(ValueError, match="entry"):
        plot_rate_trend(rates(counts, docs, by=["source", "year"]))


def test_plot_variant_shares_stack(counts):
    from framing.slogans.plots import plot_variant_shares

    s = variant_shares(counts, by="year", entries=["csf"])
    fig = plot_variant_shares(s)
    polys = fig.axes[0].collections
    # two variants, stacked: the top of the upper layer is 1 in every year
    assert len(polys) == 2
    assert polys[1].get_paths()[0].vertices[:, 1].max() == pytest.approx(1.0)


def test_plot_dispersion_positions():
    from framing.slogans.plots import plot_dispersion

    docs = pd.DataFrame({"doc_id": ["a", "b", "c"], "tokens": [100, 50, 70], "year": [2014, 2015, 2015]})
    m = pd.DataFrame({"doc_id": ["a", "c", "b"], "entry": ["x", "x", "y"], "token_start": [10, 3, 0]})
    fig = plot_dispersion(m, docs, entries=["x", "y"], boundaries="year")
    segs = fig.axes[0].collections[0].get_segments()
    # offsets: a at 0, b at 100, c at 150 -> x at 10 and 153, y at 100
    assert sorted(float(s[0, 0]) for s in segs) == [10.0, 100.0, 153.0]
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == ["x", "y"]
    with pytest.raises(ValueError, match="missing from doc_tokens"):
        plot_dispersion(m, docs[docs["doc_id"] != "c"])


# --------------------------------------------------------------------------
# The `framing slogans` command
# --------------------------------------------------------------------------


@pytest.fixture
def small_corpus(tmp_path):
    texts = pd.DataFrame(
        {
            "doc_id": ["c13", "c15", "u15"],
            "text": [
                "We will build a community of common destiny with Africa.",
                "A community of shared future for humankind and win-win cooperation, "
                "a community with a shared future for mankind.",
                "The international community must look to the future.",
            ],
            "source": ["CHN", "CHN", "USA"],
            "year": [2013, 2015, 2015],
        }
    )
    path = tmp_path / "speeches.csv"
    texts.to_csv(path, index=False)
    return path


def test_cli_slogans_csv(small_corpus, tmp_path):
    from framing.cli.main import main

    out = tmp_path / "rates.csv"
    assert (
        main(
            [
                "slogans",
                str(small_corpus),
                "--by",
                "source",
                "--out",
                str(out),
                "--entries",
                "community_shared_future,win_win_cooperation",
            ]
        )
        == 0
    )
    table = pd.read_csv(out)
    assert list(table.columns) == [
        "source",
        "entry",
        "n",
        "docs",
        "docs_with",
        "tokens",
        "rate_per_10k",
        "ci_low",
        "ci_high",
    ]
    row = table.set_index(["source", "entry"]).loc[("CHN", "community_shared_future")]
    # CHN: 10 + 18 = 28 tokens, 3 occurrences -> 3/28*10^4 = 1071.43 per 10k;
    # Garwood limits for n = 3: (0.6187, 8.7673) per 28 tokens
    assert (row["n"], row["docs"], row["docs_with"], row["tokens"]) == (3, 2, 2, 28)
    assert row["rate_per_10k"] == pytest.approx(3 / 28 * 1e4)
    assert row["ci_low"] == pytest.approx(0.6187 / 28 * 1e4, rel=1e-4)
    assert row["ci_high"] == pytest.approx(8.7673 / 28 * 1e4, rel=1e-4)
    usa = table.set_index(["source", "entry"]).loc[("USA", "community_shared_future")]
    # "the international community ... the future" is not the slogan
    assert (usa["n"], usa["tokens"], usa["rate_per_10k"]) == (0, 8, 0.0)
    assert usa["ci_high"] == pytest.approx(3.68888 / 8 * 1e4, rel=1e-5)


def test_cli_slogans_per_document_to_stdout(small_corpus, tmp_path, capsys):
    from framing.cli.main import main

    lex = tmp_path / "mine.yml"
    lex.write_text(
        "lexicon: mine\nentries:\n"
        "  - id: destiny\n    label: Common destiny\n    variants:\n"
        '      destiny: ["common|shared destiny"]\n'
    )
    assert main(["slogans", str(small_corpus), "--lexicon", str(lex), "--only", "--by", "doc_id"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[0] == "doc_id,entry,n,docs,docs_with,tokens,rate_per_10k,ci_low,ci_high"
    rows = [line.split(",") for line in lines[1:]]
    assert [r[:3] for r in rows] == [
        ["c13", "destiny", "1"],
        ["c15", "destiny", "0"],
        ["u15", "destiny", "0"],
    ]
    # c13: 1 in 10 tokens -> 1000 per 10k
    assert float(rows[0][6]) == pytest.approx(1000.0)
    assert main(["slogans", str(small_corpus), "--by", "country"]) == 2
    assert "country" in capsys.readouterr().err


def test_first_use_without_any_date_orders_by_year():
    m = pd.DataFrame(
        {
            "doc_id": ["B_2", "A_1"],
            "entry": "x",
            "source": ["B", "A"],
            "year": [2019, 2013],
            "date": pd.to_datetime([None, None]),
        }
    )
    f = first_use(m, by="source")
    assert "first_date" not in f.columns
    assert f["source"].tolist() == ["A", "B"] and f["first_year"].tolist() == [2013, 2019]
