"""Sentiment: VADER parity with vaderSentiment, corpus scoring, intervals,
weighted dictionaries, actor tone, plot and command line."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from framing.text.tokenize import sentences
from framing.tone.sentiment import (
    Actors,
    LexiconError,
    VaderScorer,
    WeightedLexicon,
    actor_tone,
    actor_tone_summary,
    aggregate_sentiment,
    load_actors,
    plot_actor_tone,
    score_documents,
    score_sentences,
    vader_scores,
)

KEYS = ("neg", "neu", "pos", "compound")


@pytest.fixture(scope="module")
def reference():
    return SentimentIntensityAnalyzer()


@pytest.fixture(scope="module")
def scorer():
    return VaderScorer()


def ref_tuple(reference, text):
    r = reference.polarity_scores(text)
    return tuple(r[k] for k in KEYS)


# ---------------------------------------------------------------------------
# VADER parity
# ---------------------------------------------------------------------------

HAND_PICKED = [
    # negation
    "The book was not good.",
    "It isn't a horrible book.",
    "At least it isn't a horrible book.",
    "Not bad at all",
    "This is no good",
    "no no good",
    "There is no peace or justice here.",
    "Without a doubt, excellent idea.",
    "Without doubt an excellent idea.",
    "Nothing good came of it.",
    "He did not like it, nor did she enjoy it.",
    # "but"
    "The plot was good, but the characters are uncompelling and the dialog is not great.",
    "good but good bad good but good",
    "Peace is welcome BUT war is terrible.",
    # ALL CAPS emphasis
    "VADER is VERY SMART, handsome, and FUNNY.",
    "VADER IS VERY SMART AND FUNNY.",
    "NO GOOD food",
    "Today SUX!",
    # punctuation emphasis
    "VADER is smart, handsome, and funny!!!",
    "Great!!!!!!",
    "Is this good??",
    "Is this good????",
    "Is this bad?",
    "Terrible?!?!",
    # emoji and emoticons
    "Catch utf-8 emoji such as 💘 and 💋 and 😁",
    "😁😁 great",
    "so happy😁",
    "Make sure you :) or :D today!",
    ":( :-( ;)",
    # boosters and dampeners
    "The book was only kind of good.",
    "The food is kind of bad.",
    "It was sort of nice.",
    "It was just enough fun.",
    "extremely good and barely acceptable",
    "Today only kinda sux! But I'll get by, lol",
    # never so / this
    "Sentiment analysis has never been good.",
    "Sentiment analysis has never been this good!",
    "It has never so good a chance.",
    "never this good",
    "we are this good",
    # a degree adverb that is also a lexicon word
    "It was incredible.",
    # idioms
    "With VADER, sentiment analysis is the shit!",
    "That movie was the bomb.",
    "On the other hand, VADER is quite bad ass",
    "yeah right, as if that helps",
    "It was the kiss of death for the deal.",
    "a cake to die for",
    "he waited at the bus stop happily",
    # least
    "Roger Dodger is one of the least compelling variations on this theme.",
    "Roger Dodger is at least compelling as a variation on the theme.",
    "least good",
    # empty and letter-free text
    "",
    "   ",
    "...",
    "12 345 67.8",
    "!!! ???",
    "- - -",
    # odd white space and punctuation tokens
    "good\n\tbad  happy",
    "(good) [bad] {sad}",
]


@pytest.mark.parametrize("text", HAND_PICKED)
def test_vader_matches_reference_on_hand_picked_cases(text, reference, scorer):
    assert scorer.score(text) == ref_tuple(reference, text)
    assert scorer.polarity_scores(text) == reference.polarity_scores(text)


def test_vader_hand_computed_values(scorer):
    # "good" has valence 1.9 in the lexicon; compound = x / sqrt(x^2 + 15).
    assert scorer.lexicon["good"] == 1.9
    assert scorer.score("good")[3] == round(1.9 / math.sqrt(1.9**2 + 15), 4)
    # Negation multiplies by -0.74.
    x = 1.9 * -0.74
    assert scorer.score("not good")[3] == round(x / math.sqrt(x * x + 15), 4)
    # Three exclamation marks add 3 * 0.292 to a positive sum.
    x = 1.9 + 3 * 0.292
    assert scorer.score("good!!!")[3] == round(x / math.sqrt(x * x + 15), 4)
    # pos/neu: "good" counts 1.9 + 1 against one neutral token.
    neg, neu, pos, _ = scorer.score("a good")
    assert (neg, neu, pos) == (0.0, round(1 / 3.9, 3), round(2.9 / 3.9, 3))
    # No tokens: all zero; tokens without valence: neu = 1.
    assert scorer.score("") == (0.0, 0.0, 0.0, 0.0)
    assert scorer.score("12 34 ...") == (0.0, 1.0, 0.0, 0.0)


def test_vader_rules_move_scores_in_the_documented_direction(scorer):
    c = lambda t: scorer.score(t)[3]
    assert c("The talks were not good.") < 0 < c("The talks were good.")
    assert c("The talks were GOOD, really.") > c("The talks were good, really.")
    assert c("The talks were good!!!") > c("The talks were good.")
    assert c("The talks were very good.") > c("The talks were good.") > c("The talks were kind of good.")
    # after "but" the second clause dominates
    assert c("The food was good but the service was terrible.") < 0


def test_vader_parity_on_real_sentences(headlines, seeds, ungdc, reference, scorer):
    rng = np.random.default_rng(0)
    heads = headlines.docs["text"].tolist()
    sample = [heads[i] for i in rng.choice(len(heads), 2500, replace=False)]
    for text in seeds.texts:
        sample.extend(sentences(text))
    speeches = ungdc.subset(ungdc.docs["year"] == 2015).docs["text"].tolist()[:15]
    for text in speeches:
        sample.extend(sentences(text))
    assert len(sample) > 3000
    mismatches = [t for t in sample if scorer.score(t) != ref_tuple(reference, t)]
    assert mismatches == []


def test_vader_matches_reference_on_random_rule_combinations(reference, scorer):
    # Sentences built from the words that trigger VADER's rules (negations,
    # boosters, "but", "least", idioms, caps, punctuation, emoji), so that
    # rule interactions rarely seen in real text are compared too.
    from vaderSentiment.vaderSentiment import BOOSTER_DICT, NEGATE

    rng = np.random.default_rng(3)
    triggers = (
        "the shit bomb bad ass bus stop yeah right kiss of death to die for beating heart "
        "just enough kind sort least at very no or nor never so this without doubt but BUT "
        "NOT n't don't good GOOD great hate love ! ? !! ?? ... - :) :D 😁 💘x GOOD! (bad)"
    ).split()
    lexicon_words = sorted(reference.lexicon)
    vocab = (
        triggers
        + sorted(BOOSTER_DICT)
        + list(NEGATE)
        + [lexicon_words[i] for i in rng.choice(len(lexicon_words), 150, replace=False)]
    )
    mismatches = []
    for _ in range(4000):
        words = [vocab[i] for i in rng.integers(0, len(vocab), rng.integers(0, 12))]
        if rng.random() < 0.3:
            words = [w.upper() if rng.random() < 0.4 else w for w in words]
        text = " ".join(words)
        if scorer.score(text) != ref_tuple(reference, text):
            mismatches.append(text)
    assert mismatches == []


def test_vader_scores_frame(reference):
    texts = pd.Series(["A good day.", "A bad day.", ""], index=["x", "y", "z"])
    frame = vader_scores(texts)
    assert list(frame.columns) == list(KEYS)
    assert list(frame.index) == ["x", "y", "z"]
    for key, text in texts.items():
        assert tuple(frame.loc[key]) == ref_tuple(reference, text)
    with pytest.raises(TypeError, match="text 1"):
        vader_scores(["fine", None])


def test_vader_normalize_option_reads_curly_apostrophes(reference):
    curly = "It isn\u2019t good."
    raw = vader_scores(curly).iloc[0]
    normed = vader_scores(curly, normalize=True).iloc[0]
    assert raw["compound"] == reference.polarity_scores(curly)["compound"] > 0
    assert normed["compound"] == reference.polarity_scores("It isn't good.")["compound"] < 0


# ---------------------------------------------------------------------------
# Corpus scoring and aggregation
# ---------------------------------------------------------------------------


def four_docs(texts, first_year=2020):
    """Documents a-d from sources X, X, Y, Y in alternating years."""
    years = [first_year, first_year + 1] * 2
    return pd.DataFrame({"doc_id": list("abcd"), "source": list("XXYY"), "year": years, "text": texts})


@pytest.fixture
def small_docs():
    return four_docs(
        [
            "Peace is good. War is bad. We met in Geneva.",
            "A wonderful, fruitful meeting!",
            "",
            "The threat is grave.\n\nNothing else happened.",
        ]
    )


def test_score_sentences_offsets_scores_and_metadata(small_docs, reference):
    rows = score_sentences(small_docs, keep_text=True)
    assert list(rows.columns[:5]) == ["doc_id", "sentence", "start", "end", "text"]
    assert {"source", "year"} <= set(rows.columns)
    assert rows["doc_id"].tolist() == ["a", "a", "a", "b", "d", "d"]
    assert rows["sentence"].tolist() == [0, 1, 2, 0, 0, 1]
    texts = dict(zip(small_docs["doc_id"], small_docs["text"]))
    for r in rows.itertuples():
        assert texts[r.doc_id][r.start : r.end] == r.text
        assert (r.neg, r.neu, r.pos, r.compound) == ref_tuple(reference, r.text)
    assert rows.loc[rows["doc_id"] == "d", "source"].tolist() == ["Y", "Y"]


def test_score_documents_means_and_shares(small_docs, reference):
    docs = score_documents(small_docs)
    assert docs["doc_id"].tolist() == ["a", "b", "c", "d"]
    a = docs.set_index("doc_id").loc["a"]
    comps = [
        reference.polarity_scores(s)["compound"]
        for s in ["Peace is good.", "War is bad.", "We met in Geneva."]
    ]
    assert a["n_sentences"] == 3
    assert a["compound"] == pytest.approx(sum(comps) / 3, abs=1e-15)
    assert a["share_positive"] == pytest.approx(sum(c >= 0.05 for c in comps) / 3)
    assert a["share_negative"] == pytest.approx(sum(c <= -0.05 for c in comps) / 3)
    empty = docs.set_index("doc_id").loc["c"]
    assert empty["n_sentences"] == 0
    assert (empty[["compound", "neg", "neu", "pos", "share_positive", "share_negative"]] == 0).all()
    assert docs["year"].tolist() == [2020, 2021, 2020, 2021]


def test_score_documents_on_seeds_keeps_metadata(seeds):
    docs = score_documents(seeds)
    assert len(docs) == len(seeds)
    assert (docs["n_sentences"] > 5).all()
    assert docs[["doc_id", "source", "year"]].equals(seeds.docs[["doc_id", "source", "year"]])


def test_custom_vader_lexicon(small_docs):
    scorer = VaderScorer(lexicon={"geneva": 2.0})
    rows = score_sentences(small_docs, method=scorer)
    assert rows["compound"].tolist() == [0.0, 0.0, round(2 / math.sqrt(4 + 15), 4), 0.0, 0.0, 0.0]


def test_metadata_named_like_output_columns_is_kept(small_docs):
    docs = small_docs.assign(start=["s1", "s2", "s3", "s4"], compound=1)
    rows = score_sentences(docs)
    assert rows.loc[rows["doc_id"] == "b", "doc_start"].tolist() == ["s2"]
    assert rows["doc_compound"].eq(1).all()
    assert rows["start"].tolist() == score_sentences(small_docs)["start"].tolist()


def test_bad_inputs_are_named(small_docs):
    bad = small_docs.copy()
    bad.loc[1, "text"] = None
    with pytest.raises(ValueError, match="'b'"):
        score_sentences(bad)
    with pytest.raises(ValueError, match="method"):
        score_sentences(small_docs, method="afinn")
    with pytest.raises(ValueError, match="text"):
        score_sentences(small_docs.drop(columns="text"))


def test_aggregate_t_interval_matches_scipy():
    frame = pd.DataFrame(
        {
            "doc_id": ["a", "a", "b", "c", "d", "e", "f"],
            "source": ["X", "X", "X", "X", "Y", "Y", "Z"],
            "compound": [0.5, -0.1, 0.3, -0.2, 0.6, 0.4, 0.9],
        }
    )
    out = aggregate_sentiment(frame, by="source").set_index("source")
    # document means of X: a = 0.2, b = 0.3, c = -0.2
    x = np.array([0.2, 0.3, -0.2])
    lo, hi = stats.t.interval(0.95, len(x) - 1, loc=x.mean(), scale=stats.sem(x))
    assert out.loc["X", "mean"] == pytest.approx(x.mean())
    assert out.loc["X", "ci_low"] == pytest.approx(lo)
    assert out.loc["X", "ci_high"] == pytest.approx(hi)
    assert (out.loc["X", "n"], out.loc["X", "n_rows"]) == (3, 4)
    y = np.array([0.6, 0.4])
    assert out.loc["Y", "ci_low"] == pytest.approx(
        stats.t.interval(0.95, 1, loc=y.mean(), scale=stats.sem(y))[0]
    )
    assert math.isnan(out.loc["Z", "ci_low"]) and out.loc["Z", "n"] == 1


def test_aggregate_bootstrap_is_the_documented_percentile_interval():
    rng = np.random.default_rng(1)
    values = rng.normal(size=30)
    frame = pd.DataFrame({"doc_id": [f"d{i}" for i in range(30)], "g": "all", "compound": values})
    out = aggregate_sentiment(frame, by="g", interval="bootstrap", n_boot=500, random_state=7)
    # units enter in sorted order of their id ("d0", "d1", "d10", ...)
    ordered = frame.sort_values("doc_id")["compound"].to_numpy()
    draws = np.random.default_rng(7).integers(0, 30, size=(500, 30))
    boot = ordered[draws].mean(axis=1)
    assert out.loc[0, "ci_low"] == pytest.approx(np.quantile(boot, 0.025))
    assert out.loc[0, "ci_high"] == pytest.approx(np.quantile(boot, 0.975))
    again = aggregate_sentiment(frame, by="g", interval="bootstrap", n_boot=500, random_state=7)
    assert again.equals(out)
    with pytest.raises(ValueError, match="interval"):
        aggregate_sentiment(frame, by="g", interval="jackknife")
    with pytest.raises(ValueError, match="nope"):
        aggregate_sentiment(frame, by="nope")


# ---------------------------------------------------------------------------
# Weighted dictionaries
# ---------------------------------------------------------------------------

LEXICON_YAML = """\
name: test tone
negation:
  window: 2
categories:
  cooperation:
    win-win: 2
    mutual benefit: 1.5
    benefit: 0.5
  conflict:
    threat: 1
    cold war mentality: 3
"""


@pytest.fixture
def lexicon_file(tmp_path):
    path = tmp_path / "tone.yml"
    path.write_text(LEXICON_YAML, encoding="utf-8")
    return path


def test_lexicon_scores_multiword_longest_match_and_negation(lexicon_file):
    lex = WeightedLexicon.from_yaml(lexicon_file)
    assert lex.categories == ["cooperation", "conflict"]
    # "mutual benefit" (1.5) wins over "benefit" (0.5); "benefit" alone counts 0.5
    s = lex.score("Win-win and mutual benefit, a benefit. No threat of a Cold War mentality.")
    assert s["cooperation"] == 2 + 1.5 + 0.5
    # "no" is within 2 tokens of "threat" -> -1; "cold war mentality" is 4 tokens away -> +3
    assert s["conflict"] == -1 + 3
    assert s["n_tokens"] == 13
    assert lex.score("It is not a real threat")["conflict"] == 1.0  # "not" 3 tokens before
    assert lex.score("It is not a threat")["conflict"] == -1.0


def test_lexicon_terms_may_use_the_pattern_grammar(tmp_path):
    lex = WeightedLexicon(
        {
            "conflict": {"(cold|new) war mentality": 3, "war": 1, "threat~": 1},
            "slogan": {"community of (a|the)? shared future": 2},
        },
        name="patterns",
    )
    s = lex.score("A new war mentality and threats to a community of shared future, not war.")
    # longest match wins: the pattern (3 tokens) over "war" (1 token); "threats"
    # matches "threat~"; the final "war" is negated ("not" right before it)
    assert s["conflict"] == 3 + 1 - 1
    assert s["slogan"] == 2
    with pytest.raises(LexiconError, match=r"patterns.*'conflict'.*'\(cold war'"):
        WeightedLexicon({"conflict": {"(cold war": 1}}, name="patterns")


def test_lexicon_zero_for_text_without_tokens(lexicon_file):
    lex = WeightedLexicon.from_yaml(lexicon_file)
    assert lex.score("") == {"cooperation": 0.0, "conflict": 0.0, "n_tokens": 0}
    assert lex.score("!!! --- ...") == {"cooperation": 0.0, "conflict": 0.0, "n_tokens": 0}
    docs = pd.DataFrame(
        {"doc_id": ["a", "b"], "source": ["X", "Y"], "text": ["A win-win deal. Not a threat.", "..."]}
    )
    out = score_documents(docs, method=lex).set_index("doc_id")
    assert out.loc["a", "cooperation"] == 2.0 and out.loc["a", "conflict"] == -1.0
    assert out.loc["a", "n_tokens"] == 6
    assert out.loc["a", "cooperation_per_1k"] == pytest.approx(2000 / 6)
    assert (
        out.loc["b", ["cooperation", "conflict", "cooperation_per_1k", "conflict_per_1k"]].tolist()
        == [0.0] * 4
    )
    assert not out.isna().any().any()
    rows = score_sentences(docs, method=lex)
    assert rows["cooperation"].tolist() == [2.0, 0.0, 0.0]


def test_lexicon_errors_name_file_and_entry(tmp_path, lexicon_file):
    lex = WeightedLexicon.from_yaml(lexicon_file)
    with pytest.raises(LexiconError, match=r"tone\.yml.*unknown category 'peace'"):
        lex.score("text", categories=["peace"])
    bad = tmp_path / "bad.yml"
    bad.write_text("praise:\n  good: 1\n  great: high\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=r"bad\.yml.*'praise'.*'great'.*'high' is not a number.*line 3"):
        WeightedLexicon.from_yaml(bad)
    boolean = tmp_path / "bool.yml"
    boolean.write_text("praise:\n  good: yes\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=r"bool\.yml.*'good'"):
        WeightedLexicon.from_yaml(boolean)
    broken = tmp_path / "broken.yml"
    broken.write_text("praise: [good\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=r"broken\.yml"):
        WeightedLexicon.from_yaml(broken)


# ---------------------------------------------------------------------------
# Actors
# ---------------------------------------------------------------------------


def test_actor_file_has_required_actors_and_provenance():
    import yaml

    from framing._paths import shipped_path

    data = yaml.safe_load(shipped_path("lexicons", "actors.yml").read_text(encoding="utf-8"))
    required = {
        "China",
        "the United States",
        "the West",
        "NATO",
        "Russia",
        "the EU",
        "Japan",
        "Taiwan",
        "the WHO",
        "Africa",
        "the UN",
    }
    assert required <= set(data["actors"])
    for name, spec in data["actors"].items():
        assert spec.get("provenance") and spec.get("licence"), name
        assert len(spec["variants"]) >= 2, name


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Washington and Brussels discussed NATO enlargement.", ["the United States", "NATO", "the EU"]),
        ("Let us ask who is responsible.", []),
        ("The WHO chief met the US side.", ["the United States", "the WHO"]),
        ("China's U.S.-bound exports and China-Africa ties", ["China", "the United States", "Africa"]),
        ("Violence in the West Bank.", []),
        ("The West must stop.", ["the West"]),
        ("Chinese side urges Japanese side to reflect", ["China", "Japan"]),
        ("South Africa hosts the UN's summit", ["the UN"]),
        ("The Republic of China and the People's Republic of China", ["China", "Taiwan"]),
        ("China Daily reports on the South China Sea", []),
        ("Moscow and Taipei", ["Russia", "Taiwan"]),
    ],
)
def test_actor_mentions(text, expected):
    assert load_actors().find(text) == expected


def test_actor_tone_rows_summary_and_plot(reference, tmp_path):
    docs = four_docs(
        [
            "Beijing praised the fruitful talks. NATO is a grave threat.",
            "The US side welcomed a good deal with China. Rain fell.",
            "Washington faces a terrible crisis.",
            "NATO and Moscow held calm talks. NATO is fine.",
        ],
        first_year=2021,
    )
    rows = actor_tone(docs, ["China", "the United States", "NATO", "Russia"])
    assert list(rows.columns[:6]) == ["doc_id", "sentence", "start", "end", "actor", "text"]
    got = list(zip(rows["doc_id"], rows["actor"].astype(str)))
    assert got == [
        ("a", "China"),
        ("a", "NATO"),
        ("b", "China"),
        ("b", "the United States"),
        ("c", "the United States"),
        ("d", "NATO"),
        ("d", "Russia"),
        ("d", "NATO"),
    ]
    for r in rows.itertuples():
        assert r.compound == reference.polarity_scores(r.text)["compound"]
    summary = actor_tone_summary(rows, by=["source"])
    nato_y = summary[(summary["actor"] == "NATO") & (summary["source"] == "Y")].iloc[0]
    d_mean = np.mean(
        [
            reference.polarity_scores(s)["compound"]
            for s in ["NATO and Moscow held calm talks.", "NATO is fine."]
        ]
    )
    assert nato_y["mean"] == pytest.approx(d_mean)
    assert (nato_y["n"], nato_y["n_rows"]) == (1, 2)
    fig = plot_actor_tone(rows, x="year", hue="source")
    assert sorted(ax.get_title() for ax in fig.axes) == sorted(
        ["China", "the United States", "NATO", "Russia"]
    )
    fig.savefig(tmp_path / "tone.png")
    assert (tmp_path / "tone.png").stat().st_size > 0
    # a summary frame is drawn as given; the legend says when sources are left out
    table = actor_tone_summary(rows, by=["year", "source"])
    fig = plot_actor_tone(table, x="year", hue="source", actors=["NATO"], max_hue=1)
    assert [ax.get_title() for ax in fig.axes] == ["NATO"]
    assert "1 of 2" in fig.legends[0].get_title().get_text()
    assert plot_actor_tone(table, hue=None).legends == []
    with pytest.raises(LexiconError, match="Mars"):
        actor_tone(docs, ["Mars"])


def test_actor_tone_on_headlines(headlines, reference):
    sample = headlines.subset(headlines.docs["source"].isin(["BBC", "Xinhua"])).sample(1500, random_state=0)
    rows = actor_tone(sample, ["China", "the United States", "Russia"])
    assert len(rows) > 50
    assert set(rows["source"]) <= {"BBC", "Xinhua"}
    actors = Actors({"China": ["China", "Beijing"]})
    for r in rows.head(200).itertuples():
        assert r.compound == reference.polarity_scores(r.text)["compound"]
        if r.actor == "China":
            assert actors.find(r.text) == ["China"]


# ---------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------


def test_cli_sentiment(tmp_path, small_docs):
    from framing.cli.main import main

    src = tmp_path / "docs.csv"
    small_docs.loc[2, "text"] = "Nothing happened."
    small_docs.to_csv(src, index=False)
    out = tmp_path / "out" / "docs.csv"
    assert main(["sentiment", str(src), "--out", str(out)]) == 0
    docs = pd.read_csv(out)
    assert docs["doc_id"].tolist() == ["a", "b", "c", "d"]
    assert docs["compound"].tolist() == pytest.approx(score_documents(small_docs)["compound"].tolist())

    agg = tmp_path / "agg.csv"
    assert main(["sentiment", str(src), "--level", "sentence", "--by", "source", "--out", str(agg)]) == 0
    table = pd.read_csv(agg)
    assert list(table.columns) == ["source", "mean", "ci_low", "ci_high", "ci_clipped", "n", "n_rows"]
    assert table["n"].tolist() == [2, 2]

    actors = tmp_path / "actors.csv"
    src2 = tmp_path / "news.csv"
    pd.DataFrame(
        {
            "doc_id": ["n1", "n2"],
            "source": ["X", "Y"],
            "text": ["NATO is a threat.", "Beijing hails good ties."],
        }
    ).to_csv(src2, index=False)
    assert main(["sentiment", str(src2), "--actors", "--out", str(actors)]) == 0
    assert pd.read_csv(actors)["actor"].tolist() == ["NATO", "China"]
    assert main(["sentiment", str(src), "--by", "nope", "--out", str(agg)]) == 2


def test_cli_sentiment_with_lexicon(tmp_path, lexicon_file):
    from framing.cli.main import main

    src = tmp_path / "news.csv"
    pd.DataFrame(
        {
            "doc_id": ["n1", "n2", "n3"],
            "source": ["X", "X", "Y"],
            "text": ["A win-win deal.", "No win-win here. A threat.", "Mutual benefit."],
        }
    ).to_csv(src, index=False)
    out = tmp_path / "lex.csv"
    assert main(["sentiment", str(src), "--lexicon", str(lexicon_file), "--out", str(out)]) == 0
    docs = pd.read_csv(out)
    assert docs["cooperation"].tolist() == [2.0, -2.0, 1.5]
    assert docs["conflict"].tolist() == [0.0, 1.0, 0.0]
    agg = tmp_path / "agg.csv"
    assert (
        main(["sentiment", str(src), "--lexicon", str(lexicon_file), "--by", "source", "--out", str(agg)])
        == 0
    )
    table = pd.read_csv(agg).set_index("source")
    # document rates per 1,000 tokens: n1 2 in 3 tokens, n2 -2 in 5 tokens
    assert table.loc["X", "mean"] == pytest.approx((2000 / 3 - 2000 / 5) / 2)
    assert table.loc["Y", "mean"] == pytest.approx(1500 / 2)


def test_bbc_spelling_of_nato_counts():
    import pandas as pd

    docs = pd.DataFrame(
        {"doc_id": ["a"], "text": ["Nato is expanding. NATO allies met. Fine."], "source": ["BBC"]}
    )
    rows = actor_tone(docs, ["NATO"])
    assert rows["sentence"].tolist() == [0, 1]


def test_tone_intervals_are_clipped_to_the_score_range_and_marked():
    # two sentences far apart: the t interval (df = 1) runs far beyond [-1, 1]
    rows = pd.DataFrame(
        {"doc_id": ["a", "b"], "actor": ["NATO"] * 2, "year": [2022, 2022], "compound": [-0.9, 0.8]}
    )
    out = aggregate_sentiment(rows, by="actor").iloc[0]
    assert (out["ci_low"], out["ci_high"]) == (-1.0, 1.0) and out["ci_clipped"]
    unbounded = aggregate_sentiment(
        rows.rename(columns={"compound": "score"}), by="actor", value="score"
    ).iloc[0]
    assert unbounded["ci_low"] < -1 and not unbounded["ci_clipped"]


def test_a_headline_that_opens_the_text_is_its_own_sentence():
    docs = pd.DataFrame(
        {
            "doc_id": ["a"],
            "title": ["NATO's ploys meet united stance"],
            "text": ["NATO\u2019s ploys meet united stance\nThe leaders praised the talks."],
        }
    )
    rows = score_sentences(docs, keep_text=True)
    assert rows["text"].tolist() == ["NATO\u2019s ploys meet united stance", "The leaders praised the talks."]
    assert docs["text"][0][rows["start"][1] : rows["end"][1]] == "The leaders praised the talks."
