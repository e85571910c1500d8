"""``by=None``, the default of every grouping argument: no grouping (one group
for the corpus), or where groups are needed the documented automatic choice."""

from __future__ import annotations

import pandas as pd
import pytest

import framing
from framing.errors import FramingError


def _corpus():
    return framing.Corpus.from_texts(
        [
            "Win-win cooperation and a shared future.",
            "Freedom and democracy matter.",
            "Cooperation for development and democracy.",
            "Democracy and human rights.",
        ],
        source=["CHN", "USA", "CHN", "USA"],
        year=[2015, 2015, 2016, 2016],
    )


def test_summary_without_by_is_one_row():
    c = _corpus()
    whole = framing.corpus_summary(c)
    by_source = framing.corpus_summary(c, by="source")
    assert list(whole.columns) == ["documents", "tokens", "types"]
    assert whole.loc[0, "documents"] == 4 and whole.loc[0, "tokens"] == by_source["tokens"].sum()


def test_first_use_and_variant_shares_without_by_cover_the_corpus():
    m = pd.DataFrame(
        {
            "doc_id": ["a", "b", "c"],
            "entry": "csf",
            "variant": ["future", "destiny", "future"],
            "source": ["CHN", "PAK", "CHN"],
            "year": [2015, 2013, 2018],
        }
    )
    first = framing.first_use(m)
    assert first[["entry", "first_year", "first_doc_id", "docs_with", "n"]].values.tolist() == [
        ["csf", 2013, "b", 3, 3]
    ]
    shares = framing.variant_shares(m).set_index("variant")
    assert shares.loc["future", "share"] == pytest.approx(2 / 3) and shares["entry_n"].tolist() == [3, 3]


def test_tone_summaries_without_by():
    rows = pd.DataFrame(
        {
            "doc_id": list("abcd"),
            "actor": ["NATO", "NATO", "UN", "UN"],
            "source": list("XYXY"),
            "compound": [0.2, 0.4, -0.2, -0.4],
        }
    )
    overall = framing.aggregate_sentiment(rows)
    assert len(overall) == 1 and overall.loc[0, "mean"] == pytest.approx(0.0) and overall.loc[0, "n"] == 4
    per_actor = framing.actor_tone_summary(rows).set_index("actor")
    assert per_actor["mean"].to_dict() == pytest.approx({"NATO": 0.3, "UN": -0.3})


def test_explore_without_by_uses_the_automatic_grouping():
    c = _corpus()
    assert framing.explore(c, min_count=1).groups == ["CHN", "USA"]
    years = framing.Corpus(c.docs.drop(columns="source"))
    assert framing.explore(years, min_count=1).groups == ["2015", "2016"]
    bare = framing.Corpus(c.docs.drop(columns=["source", "year"]))
    with pytest.raises(FramingError, match="no source or year"):
        framing.explore(bare)


def test_count_terms_without_by_is_one_group():
    tc = framing.count_terms(_corpus())
    assert tc.groups == ["all"] and tc.n_docs.tolist() == [4]


def test_plots_colour_by_the_tables_own_group_column():
    from matplotlib.figure import Figure

    from framing.corpus.grouping import table_hue

    c = framing.Corpus.from_texts(
        ["peace now", "peace and peace", "war", "peace"],
        year=[2000, 2000, 2001, 2001],
        outlet=["x", "y", "x", "y"],
    )
    lex = framing.Lexicon.from_patterns({"peace": "peace"})
    m, dt = framing.find_matches(c, lex), framing.document_tokens(c)
    by_outlet = framing.rates(m, dt, by=["year", "outlet"])
    ax = Figure().subplots()
    framing.plot_rate_trend(by_outlet, ax=ax)
    assert [line.get_label() for line in ax.lines] == ["x", "y"]
    # no group column: one line; the x axis alone
    ax = Figure().subplots()
    framing.plot_rate_trend(framing.rates(m, dt, by="year"), ax=ax)
    assert len(ax.lines) == 1
    assert table_hue(by_outlet, None, x="year", known=["entry", "variant", "note"]) == "outlet"
    with pytest.raises(framing.MissingColumnError, match="source"):
        framing.plot_rate_trend(by_outlet, hue="source")
    two = by_outlet.assign(region=["n", "s"] * 2)
    with pytest.raises(FramingError, match="several columns"):
        framing.plot_rate_trend(two)
