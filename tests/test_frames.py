"""Frame hits and shares: hand-computed values on small texts, the shipped lexicon, the CLI."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
import yaml

from framing import Corpus
from framing.cli.main import main
from framing.compare.frames import (
    NOTE_NO_FRAMED,
    NOTE_ONE_DOC,
    aggregate_frame_shares,
    document_frame_shares,
    frame_matches,
    frame_shares,
    plot_frame_shares,
)
from framing.lexicon.core import load_lexicon

TOY = {
    "lexicon": "toy",
    "version": "1",
    "entries": [
        {"id": "peace", "label": "Peace", "variants": {"peace": ["peace~", "peaceful"], "calm": ["calm"]}},
        {
            "id": "war",
            "label": "War",
            "variants": {"war": ["war~"], "threat": ["threat~"]},
            "exclude": ["trade war~"],
        },
    ],
}

# doc  group  text                          peace  war  tokens
# a    X      Peace, peace and war.           2     1     4
# b    X      Threats of war; trade war.      0     2     5   ("trade war" excluded)
# c    X      Peaceful calm, no war.          2     1     4
# d    Y      (empty)                         0     0     0
# e    Y      Nothing here.                   0     0     2
# f    Z      Peace.                          1     0     1
TEXTS = [
    "Peace, peace and war.",
    "Threats of war; trade war.",
    "Peaceful calm, no war.",
    "",
    "Nothing here.",
    "Peace.",
]
GROUPS = ["X", "X", "X", "Y", "Y", "Z"]


@pytest.fixture(scope="module")
def toy_lexicon():
    return load_lexicon(TOY, include_shipped=False)


@pytest.fixture(scope="module")
def toy_corpus():
    return Corpus(
        pd.DataFrame(
            {
                "doc_id": list("abcdef"),
                "text": TEXTS,
                "source": GROUPS,
                "year": [2020, 2021, 2021, 2020, 2021, 2022],
            }
        )
    )


@pytest.fixture(scope="module")
def doc_shares(toy_corpus, toy_lexicon):
    return frame_shares(toy_corpus, toy_lexicon)


def test_document_hits_shares_and_rates(doc_shares):
    s = doc_shares.set_index(["doc_id", "frame"])
    expected_hits = {"a": (2, 1), "b": (0, 2), "c": (2, 1), "d": (0, 0), "e": (0, 0), "f": (1, 0)}
    expected_tokens = {"a": 4, "b": 5, "c": 4, "d": 0, "e": 2, "f": 1}
    for doc, (peace, war) in expected_hits.items():
        assert s.loc[(doc, "peace"), "hits"] == peace
        assert s.loc[(doc, "war"), "hits"] == war
        assert s.loc[(doc, "peace"), "frame_hits"] == peace + war
        assert s.loc[(doc, "peace"), "tokens"] == expected_tokens[doc]
    assert s.loc[("a", "peace"), "share"] == pytest.approx(2 / 3)
    assert s.loc[("a", "war"), "share"] == pytest.approx(1 / 3)
    assert s.loc[("b", "war"), "share"] == 1.0 and s.loc[("b", "peace"), "share"] == 0.0
    assert s.loc[("a", "peace"), "per_10k"] == pytest.approx(2 / 4 * 10_000)
    assert s.loc[("b", "war"), "per_10k"] == pytest.approx(2 / 5 * 10_000)
    # documents without hits (one of them without tokens): defined zeros, not NaN
    for doc in ("d", "e"):
        rows = doc_shares[doc_shares["doc_id"] == doc]
        assert (rows[["share", "per_10k"]] == 0).all().all()
        assert not rows["framed"].any() and not rows["present"].any()
    assert not doc_shares[["hits", "share", "per_10k", "tokens"]].isna().any().any()
    # shares of a framed document sum to 1
    framed = doc_shares[doc_shares["framed"]].groupby("doc_id")["share"].sum()
    assert np.allclose(framed.to_numpy(), 1.0)
    # tidy: one row per document and frame, lexicon order, metadata kept
    assert doc_shares["frame"].tolist()[:2] == ["peace", "war"]
    assert len(doc_shares) == 12
    assert {"source", "year", "label"} <= set(doc_shares.columns)
    assert doc_shares.loc[doc_shares["doc_id"] == "f", "source"].unique().tolist() == ["Z"]


def test_group_mean_share_t_interval_by_hand(doc_shares):
    g = aggregate_frame_shares(doc_shares, "source", conf_level=0.5).set_index(["source", "frame"])
    x = g.loc[("X", "peace")]
    # shares 2/3, 0, 2/3: mean 4/9, sd sqrt(12)/9, se 2/9; t(0.75, 2 df) = 0.5 / sqrt(0.375)
    t75 = 0.5 / math.sqrt(0.375)
    assert x["mean_share"] == pytest.approx(4 / 9)
    assert x["mean_share_low"] == pytest.approx(4 / 9 - t75 * 2 / 9)
    assert x["mean_share_high"] == pytest.approx(4 / 9 + t75 * 2 / 9)
    assert g.loc[("X", "war"), "mean_share"] == pytest.approx(5 / 9)
    assert (x["n_docs"], x["n_framed"], x["docs_with"], x["hits"], x["frame_hits"]) == (3, 3, 2, 4, 8)
    assert x["hit_share"] == pytest.approx(4 / 8)
    assert x["doc_share"] == pytest.approx(2 / 3)
    assert x["note"] == ""


def test_group_doc_share_wilson_and_edge_groups(doc_shares):
    g = aggregate_frame_shares(doc_shares, "source").set_index(["source", "frame"])
    x = g.loc[("X", "peace")]
    # Wilson score interval of 2/3 at 95%: 0.2077 to 0.9385
    assert x["doc_share_low"] == pytest.approx(0.20765, abs=1e-4)
    assert x["doc_share_high"] == pytest.approx(0.93851, abs=1e-4)
    # t interval at 95% is wider than [0, 1] here: clipped
    assert x["mean_share_low"] == 0.0 and x["mean_share_high"] == 1.0
    # Y: two documents, none framed -> mean share 0 by convention, noted
    y = g.loc[("Y", "peace")]
    assert (y["n_docs"], y["n_framed"], y["mean_share"], y["doc_share"], y["hit_share"]) == (2, 0, 0, 0, 0)
    assert np.isnan(y["mean_share_low"]) and y["note"] == NOTE_NO_FRAMED
    # Wilson of 0/2: lower limit 0, upper z^2 / (n + z^2)
    z2 = 1.959964**2
    assert y["doc_share_low"] == 0.0
    assert y["doc_share_high"] == pytest.approx(z2 / (2 + z2), abs=1e-5)
    # Z: one document -> no interval, noted
    z = g.loc[("Z", "peace")]
    assert z["mean_share"] == 1.0 and np.isnan(z["mean_share_high"]) and z["note"] == NOTE_ONE_DOC


def test_among_all_averages_over_every_document(doc_shares):
    g = aggregate_frame_shares(doc_shares, "source", among="all").set_index(["source", "frame"])
    assert g.loc[("Y", "peace"), "mean_share"] == 0.0
    assert g.loc[("Y", "peace"), "note"] == ""  # two documents with share 0: a defined mean
    assert g.loc[("Y", "peace"), "mean_share_low"] == 0.0
    assert g.loc[("X", "peace"), "mean_share"] == pytest.approx(4 / 9)


def test_bootstrap_interval_follows_documented_resampling(doc_shares):
    a = aggregate_frame_shares(doc_shares, "source", interval="bootstrap", n_boot=500, random_state=7)
    b = aggregate_frame_shares(doc_shares, "source", interval="bootstrap", n_boot=500, random_state=7)
    pd.testing.assert_frame_equal(a, b)
    # one generator; groups in sorted order, frames in lexicon order; only groups with >= 2 docs draw
    rng = np.random.default_rng(7)
    expected = {}
    for frame, values in (("peace", [2 / 3, 0.0, 2 / 3]), ("war", [1 / 3, 1.0, 1 / 3])):
        v = np.array(values)
        boot = v[rng.integers(0, 3, size=(500, 3))].mean(axis=1)
        expected[frame] = np.quantile(boot, [0.025, 0.975])
    got = a.set_index(["source", "frame"])
    for frame, (lo, hi) in expected.items():
        assert got.loc[("X", frame), "mean_share_low"] == pytest.approx(lo)
        assert got.loc[("X", frame), "mean_share_high"] == pytest.approx(hi)


def test_frame_shares_by_equals_aggregate_and_two_columns(toy_corpus, toy_lexicon, doc_shares):
    direct = frame_shares(toy_corpus, toy_lexicon, by="source")
    pd.testing.assert_frame_equal(direct, aggregate_frame_shares(doc_shares, "source"))
    two = frame_shares(toy_corpus, toy_lexicon, by=["source", "year"])
    assert len(two) == 2 * 5  # groups X/2020, X/2021, Y/2020, Y/2021, Z/2022
    row = two[(two["source"] == "X") & (two["year"] == 2021) & (two["frame"] == "war")].iloc[0]
    assert row["mean_share"] == pytest.approx((1 + 1 / 3) / 2)


def test_bad_input_is_named(toy_corpus, toy_lexicon, doc_shares):
    with pytest.raises(ValueError, match="no metadata column"):
        frame_shares(toy_corpus, toy_lexicon, by="country")
    with pytest.raises(ValueError, match="among"):
        aggregate_frame_shares(doc_shares, "source", among="some")
    with pytest.raises(ValueError, match="interval"):
        aggregate_frame_shares(doc_shares, "source", interval="normal")
    with pytest.raises(ValueError, match="missing from doc_tokens"):
        document_frame_shares(
            pd.DataFrame({"doc_id": ["zz"], "entry": ["peace"]}),
            pd.DataFrame({"doc_id": ["a"], "tokens": [3]}),
            toy_lexicon,
        )


def test_frame_matches_offsets_point_into_text():
    text = "Beijing rejects\nCold War mentality and interference in internal affairs."
    corpus = Corpus.from_texts([text], source=["X"])
    m = frame_matches(corpus)
    assert {"frame", "label", "variant", "form", "start", "end", "source"} <= set(m.columns)
    for row in m.itertuples():
        assert " ".join(text[row.start : row.end].lower().split()) == row.form
    # overlapping indicators of one frame count once
    sov = m[m["frame"] == "sovereignty_noninterference"]
    assert sov["form"].tolist() == ["interference in internal affairs"]
    assert set(m["frame"]) == {"hegemony_containment", "sovereignty_noninterference"}


SENTENCES = {
    "cooperation_solidarity": "The two sides pledged win-win cooperation and solidarity.",
    "multilateralism_governance": "Leaders defended multilateralism and global governance at the UN.",
    "sovereignty_noninterference": "Beijing urged respect for its sovereignty and territorial integrity.",
    "development_economy": "Exports and investment drove economic growth.",
    "health": "The vaccine rollout slowed the pandemic.",
    "security_threat": "Missile launches raise the threat of war.",
    "hegemony_containment": "The spokesperson condemned hegemony and double standards.",
    "responsibility_leadership": "A responsible major country shows leadership.",
    "history_civilisation": "Ancient civilization and cultural heritage were celebrated.",
    "human_rights_democracy": "Activists called for democracy and human rights.",
}
NOT_FRAMES = {
    "The Security Council met on food security.": "security_threat",
    "The Democratic Republic of the Congo and the Democratic Party.": "human_rights_democracy",
    "Shanghai eases COVID-19 containment measures.": "hegemony_containment",
    "Tory leadership race enters final week.": "responsibility_leadership",
    "China promotes ecological civilization.": "history_civilisation",
}


def test_shipped_lexicon_is_documented_and_precise():
    lex = load_lexicon("frames", include_shipped=False)
    assert lex.name == "frames" and lex.licence and len(lex.provenance) > 200
    assert list(lex.entries) == list(SENTENCES)
    for entry in lex:
        assert entry.family == "frame" and entry.description and entry.citations
        assert len(entry.variants) >= 2
    corpus = Corpus.from_texts(list(SENTENCES.values()), source=list(SENTENCES))
    shares = frame_shares(corpus, lex)
    top = shares.loc[shares.groupby("doc_id")["share"].idxmax(), ["source", "frame"]]
    assert (top["source"] == top["frame"]).all(), top
    negatives = Corpus.from_texts(list(NOT_FRAMES), source=list(NOT_FRAMES.values()))
    m = frame_matches(negatives, lex)
    for text, frame in NOT_FRAMES.items():
        hit = m[(m["source"] == frame) & (m["frame"] == frame)]
        assert hit.empty, (text, hit["form"].tolist())


def test_plot_frame_shares(doc_shares):
    g = aggregate_frame_shares(doc_shares, "source")
    fig = plot_frame_shares(g, hue="source")
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Peace", "War"]
    assert ax.get_legend() is not None
    fig = plot_frame_shares(doc_shares, hue="source", value="doc_share", frames=["war"])
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == ["War"]
    with pytest.raises(ValueError, match="not in the frame"):
        plot_frame_shares(g, hue="source", frames=["health"])


def test_cli_writes_documents_and_groups(tmp_path, capsys, toy_corpus):
    lex_file = tmp_path / "toy.yml"
    lex_file.write_text(yaml.safe_dump(TOY), encoding="utf-8")
    corpus_file = tmp_path / "toy.csv"
    toy_corpus.docs[["doc_id", "text", "source", "year"]].to_csv(corpus_file, index=False)
    out = tmp_path / "docs.csv"
    assert main(["frames", str(corpus_file), "--lexicon", str(lex_file), "--only", "--out", str(out)]) == 0
    docs = pd.read_csv(out)
    assert len(docs) == 10  # the CSV reader skips (and reports) the row with an empty text
    assert "d" not in set(docs["doc_id"])
    assert docs.loc[(docs["doc_id"] == "a") & (docs["frame"] == "peace"), "share"].item() == pytest.approx(
        2 / 3
    )
    out = tmp_path / "groups.csv"
    assert (
        main(
            [
                "frames",
                str(corpus_file),
                "--lexicon",
                str(lex_file),
                "--only",
                "--by",
                "source",
                "--interval",
                "bootstrap",
                "--random-state",
                "3",
                "--out",
                str(out),
            ]
        )
        == 0
    )
    groups = pd.read_csv(out, keep_default_na=False, na_values=[""])
    x = groups[(groups["source"] == "X") & (groups["frame"] == "peace")].iloc[0]
    assert x["mean_share"] == pytest.approx(4 / 9) and x["n_framed"] == 3
    assert "mean share of frame hits" in capsys.readouterr().out
    assert main(["frames", str(corpus_file), "--by", "country", "--out", str(out)]) == 2
    assert "country" in capsys.readouterr().err


def test_seed_articles(seeds):
    shares = frame_shares(seeds)
    assert set(shares["doc_id"]) == set(seeds.doc_ids)
    per_doc = shares.groupby("doc_id")["share"].sum()
    assert np.allclose(per_doc.to_numpy(), 1.0)  # every seed article uses frame vocabulary
    by_source = frame_shares(seeds, by="source")
    assert by_source.groupby("source")["mean_share"].sum().round(10).eq(1.0).all()


def test_missing_group_key_forms_its_own_group():
    m = pd.DataFrame({"doc_id": ["a", "b", "b", "c"], "entry": ["peace", "peace", "war", "war"]})
    docs = pd.DataFrame({"doc_id": ["a", "b", "c"], "tokens": [5, 5, 5], "source": ["X", None, None]})
    lex = load_lexicon(TOY, include_shipped=False)
    shares = document_frame_shares(m, docs, lex)
    for interval in ("t", "bootstrap"):
        g = aggregate_frame_shares(shares, "source", interval=interval, random_state=0)
        assert g["source"].isna().tolist() == [False, False, True, True]
        missing = g[g["source"].isna() & (g["frame"] == "peace")].iloc[0]
        # documents b (peace 1/2) and c (peace 0): mean 1/4 over two framed documents
        assert (missing["n_docs"], missing["n_framed"]) == (2, 2)
        assert missing["mean_share"] == pytest.approx(0.25)
        assert missing["hit_share"] == pytest.approx(1 / 3)
