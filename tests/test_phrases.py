"""Phrase matching: semantics on hand-written texts, exactness on real texts."""

from __future__ import annotations

import pandas as pd
import pytest

import framing
from framing.corpus.core import Corpus, CorpusStream
from framing.lexicon.core import Lexicon, compile_pattern, load_lexicon
from framing.lexicon.matcher import (
    Matcher,
    count_matches,
    counts_from_matches,
    document_tokens,
    find_matches,
    kwic,
    scan_corpus,
)
from framing.text.tokenize import count_tokens, tokenize

ENGINES = ["python", "hyperscan"]


# --------------------------------------------------------------------------
# A brute-force reference: every pattern tried at every token by recursive
# backtracking over the pattern tree, then the documented overlap rule.
# --------------------------------------------------------------------------


def ref_ends(seq, toks, i):
    if not seq:
        yield i
        return
    node, rest = seq[0], seq[1:]
    kind = node[0]
    if kind == "tok":
        if i < len(toks) and toks[i] in node[1]:
            yield from ref_ends(rest, toks, i + 1)
    elif kind == "prefix":
        if i < len(toks) and toks[i].startswith(node[1]):
            yield from ref_ends(rest, toks, i + 1)
    elif kind == "any":
        if i < len(toks):
            yield from ref_ends(rest, toks, i + 1)
    elif kind == "gap":
        for k in range(node[1], node[2] + 1):
            if i + k <= len(toks):
                yield from ref_ends(rest, toks, i + k)
    elif kind == "opt":
        yield from ref_ends(rest, toks, i)
        for j in ref_ends(node[1], toks, i):
            yield from ref_ends(rest, toks, j)
    else:
        for alt in node[1]:
            for j in ref_ends(alt, toks, i):
                yield from ref_ends(rest, toks, j)


def ref_longest(pattern, toks):
    out = []
    for i in range(len(toks)):
        ends = list(ref_ends(pattern.seq, toks, i))
        if ends:
            out.append((i, max(ends)))
    return out


def overlaps(a, b):
    return a[0] < b[1] and b[0] < a[1]


def reference(lexicon, toks):
    """(entry, variant, token_start, token_end) in order of start, then entry."""
    found = []
    for rank, entry in enumerate(lexicon):
        blocked = [span for p in entry.exclude for span in ref_longest(p, toks)]
        cands = [
            (s, e, p)
            for p in entry.patterns
            for s, e in ref_longest(p, toks)
            if not any(overlaps((s, e), x) for x in blocked)
        ]
        cands.sort(key=lambda c: (-(c[1] - c[0]), -c[2].literals, c[2].order, c[0]))
        kept = []
        for c in cands:
            if not any(overlaps(c, k) for k in kept):
                kept.append(c)
        found += [(c[0], rank, entry.id, c[2].variant, c[1]) for c in kept]
    return [(eid, var, s, e) for s, _, eid, var, e in sorted(found)]


def engine_matches(lexicon, text, engine):
    matcher = Matcher(lexicon, engine=engine)
    from framing.lexicon.engine import _lower_and_tokens

    lowered, toks = _lower_and_tokens(text)
    assert toks == tokenize(text)
    return [(eid, var, s, e) for eid, var, s, e, _ in matcher.match(toks, lowered)]


def check(lexicon, text):
    expected = reference(lexicon, tokenize(text))
    for engine in ENGINES:
        assert engine_matches(lexicon, text, engine) == expected, engine
    return expected


def spans(lexicon, text):
    return [(eid, var, s, e) for eid, var, s, e in check(lexicon, text)]


# --------------------------------------------------------------------------
# Grammar features, hand-written
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "pattern, text, expected",
    [
        ("shared future", "A SHARED\n   Future, and shared futures.", [(1, 3)]),
        ("china-africa", "China-Africa and China Africa and china -africa", [(0, 1)]),
        ("china africa", "China-Africa and China Africa", [(2, 4)]),
        ("win-win", "win\u2013win, Win-Win, win - win", [(0, 1), (1, 2)]),
        ("winwin", "win-\nwin", [(0, 1)]),
        ("co-operation", "co-\noperation", []),
        ("cooperation", "co-\noperation and cooperation", [(0, 1), (2, 3)]),
        # the hyphenated form written elsewhere in the text keeps the line-break hyphen
        ("co-operation", "co-\noperation and Co-operation", [(0, 1), (2, 3)]),
        (
            "community|communities of destiny",
            "communities of destiny; community of destiny",
            [(0, 3), (3, 6)],
        ),
        (
            "(people's republic | prc) of china",
            "the People\u2019s Republic of China, PRC of China",
            [(1, 5), (5, 8)],
        ),
        (
            "new (type|model) of major|great country|power relations",
            "new type of major country relations, new model of great power relations",
            [(0, 6), (6, 12)],
        ),
        ("the? belt and road", "the belt and road; belt and road", [(0, 4), (4, 7)]),
        (
            "community of (a|the)? shared future",
            "community of the shared future, community of shared future, community of a the shared future",
            [(0, 5), (5, 9)],
        ),
        ("initiative~", "initiatives, initiative's, initiatives' and initiativ", [(0, 1), (1, 2), (2, 3)]),
        ("country~", "countries, country's, countrys", [(0, 1), (1, 2), (2, 3)]),
        (
            "develop*",
            "development, developing, developed, redevelop, develop",
            [(0, 1), (1, 2), (2, 3), (4, 5)],
        ),
        ("* nations", "United Nations, nations, the nations", [(0, 2), (3, 5)]),
        (
            "shared {0,2} future",
            "shared future; shared common future; shared a common future; shared a very common future",
            [(0, 2), (2, 5), (5, 9)],
        ),
        (
            "build {1,2} community",
            "build community, build a community, build a new community",
            [(2, 5), (5, 9)],
        ),
        ("u.s. policy", "the U.S. policy, the US policy", [(1, 3)]),
    ],
)
def test_grammar_on_texts(pattern, text, expected):
    lex = Lexicon.from_patterns({"e": pattern})
    assert [(s, e) for _, _, s, e in spans(lex, text)] == expected


def test_longest_match_at_a_start_with_gaps_and_optionals():
    # at "a" both "a b" and "a b c" match: the longest is the occurrence
    lex = Lexicon.from_patterns({"e": ["a (b | b c)"]})
    assert spans(lex, "a b c d") == [("e", "e", 0, 3)]
    lex = Lexicon.from_patterns({"e": ["x {0,3} y"]})
    assert spans(lex, "x y q y z") == [("e", "e", 0, 4)]


# --------------------------------------------------------------------------
# Overlaps
# --------------------------------------------------------------------------


def test_overlapping_variants_of_one_entry_count_once_for_the_longest():
    lex = Lexicon.from_dict(
        {
            "entries": [
                {
                    "id": "csf",
                    "variants": {
                        "short": ["shared future"],
                        "long": ["community with a shared future for mankind"],
                    },
                }
            ]
        }
    )
    text = "a community with a shared future for mankind and a shared future"
    assert spans(lex, text) == [("csf", "long", 1, 8), ("csf", "short", 10, 12)]


def test_ties_go_to_more_literals_then_file_order():
    lex = Lexicon.from_dict(
        {
            "entries": [
                {
                    "id": "e",
                    "variants": {
                        "wild": ["win-win *"],
                        "literal": ["win-win cooperation"],
                        "literal_again": ["win-win cooperation|results"],
                    },
                }
            ]
        }
    )
    assert spans(lex, "win-win cooperation") == [("e", "literal", 0, 2)]
    lex = Lexicon.from_dict(
        {"entries": [{"id": "e", "variants": {"first": ["belt and road"], "second": ["belt and|n road"]}}]}
    )
    assert spans(lex, "belt and road") == [("e", "first", 0, 3)]


def test_longer_match_wins_even_when_it_starts_later():
    lex = Lexicon.from_dict(
        {"entries": [{"id": "e", "variants": {"a": ["the belt"], "b": ["belt and road initiative"]}}]}
    )
    assert spans(lex, "the belt and road initiative") == [("e", "b", 1, 5)]


def test_repeated_overlapping_matches_of_one_pattern():
    lex = Lexicon.from_patterns({"e": "win win"})
    assert spans(lex, "win win win") == [("e", "e", 0, 2)]
    assert spans(lex, "win win win win") == [("e", "e", 0, 2), ("e", "e", 2, 4)]


def test_chains_of_overlaps_follow_the_ranking():
    lex = Lexicon.from_dict(
        {"entries": [{"id": "e", "variants": {"ab": ["a b"], "bcd": ["b c d"], "de": ["d e"]}}]}
    )
    assert spans(lex, "a b c d e") == [("e", "bcd", 1, 4)]
    lex = Lexicon.from_dict(
        {"entries": [{"id": "e", "variants": {"abc": ["a b c"], "cd": ["c d"], "de": ["d e"]}}]}
    )
    assert spans(lex, "a b c d e") == [("e", "abc", 0, 3), ("e", "de", 3, 5)]


def test_overlapping_matches_of_different_entries_each_count():
    lex = Lexicon.from_patterns(
        {
            "community_shared_future": "community of shared future",
            "shared_future": "shared future",
            "future": "future for mankind",
        }
    )
    text = "a community of shared future for mankind"
    assert spans(lex, text) == [
        ("community_shared_future", "community_shared_future", 1, 5),
        ("shared_future", "shared_future", 3, 5),
        ("future", "future", 4, 7),
    ]


def test_exclude_drops_overlapping_matches_without_blocking_others():
    lex = Lexicon.from_dict(
        {
            "entries": [
                {
                    "id": "csf",
                    "variants": {"long": ["community of shared future"], "short": ["shared future"]},
                    "exclude": ["international community {0,3} shared future"],
                }
            ]
        }
    )
    text = (
        "the international community of shared future; a community of shared future; "
        "the international community and a shared future"
    )
    assert spans(lex, text) == [("csf", "long", 7, 11)]
    lex = Lexicon.from_dict(
        {"entries": [{"id": "e", "variants": {"long": ["a b c"], "short": ["c d"]}, "exclude": ["a b"]}]}
    )
    assert spans(lex, "a b c d") == [("e", "short", 2, 4)]


# --------------------------------------------------------------------------
# Exactness on real texts
# --------------------------------------------------------------------------

FEATURES = {
    "development": {
        "variants": {
            "sustainable": ["sustainable development goal~"],
            "developing": ["develop* {0,2} countries|nations|states"],
            "least": ["least developed countr*"],
        },
        "exclude": ["developed countries"],
    },
    "un": {
        "variants": {
            "full": ["(the)? united nations (organization)?"],
            "charter": ["charter of the united nations", "un|u.n. charter"],
        }
    },
    "rights": {"patterns": ["human right~", "right~ of * peoples"]},
    "climate": {"patterns": ["climate change|crisis", "global warming"]},
    "community": {"patterns": ["international community", "community of * {0,2} future"]},
}


@pytest.fixture(scope="module")
def ungdc_recent():
    return framing.load_corpus("ungdc", years=(2021, 2024), countries=["CHN", "PAK", "ZAF", "FJI"])


@pytest.fixture(scope="module")
def feature_lexicon():
    return Lexicon.from_dict(
        {"lexicon": "features", "entries": [{"id": k, **v} for k, v in FEATURES.items()]}
    )


def test_engines_equal_reference_on_real_texts(ungdc_recent, feature_lexicon):
    shipped = load_lexicon()
    texts = ungdc_recent.texts
    assert len(texts) >= 16
    total = 0
    for lex in (shipped, feature_lexicon):
        for text in texts:
            total += len(check(lex, text))
    assert total > 200


def test_engines_agree_on_many_real_texts():
    from framing.lexicon.engine import _lower_and_tokens, _token_count

    corpus = framing.load_corpus("ungdc", years=(2023, 2024))
    lex = load_lexicon()
    fast, slow = Matcher(lex, engine="hyperscan"), Matcher(lex, engine="python")
    n_fast = n_slow = 0
    for text in corpus.texts:
        lowered, toks = _lower_and_tokens(text)
        assert _token_count(text, toks) == count_tokens(text)
        a = [m[:4] for m in fast.match(toks, lowered)]
        assert a == [m[:4] for m in slow.match(toks)]
        n, found, _ = fast.scan_text(text)
        assert n == count_tokens(text) and [m[:4] for m in found] == a
        n_fast += len(a)
        n_slow += len(slow.match(tokenize(text)))
    assert n_fast == n_slow > 100


# --------------------------------------------------------------------------
# Corpus-level frames
# --------------------------------------------------------------------------

TEXTS = [
    "We will build a community of shared\nfuture for mankind through win\u2013win cooperation.",
    "Nothing to see here.",
    "The \u201cBelt and Road\u201d, the belt and road initiative, and Win-Win results!",
]


@pytest.fixture
def corpus():
    return Corpus.from_records(
        [
            {"doc_id": "a", "text": TEXTS[0], "source": "CHN", "year": 2015, "speaker": "Xi"},
            {"doc_id": "b", "text": TEXTS[1], "source": "USA", "year": 2015, "speaker": "Obama"},
            {"doc_id": "c", "text": TEXTS[2], "source": "CHN", "year": 2016, "speaker": "Li"},
        ]
    )


@pytest.fixture
def lexicon():
    return Lexicon.from_dict(
        {
            "entries": [
                {
                    "id": "csf",
                    "variants": {
                        "full": ["community of shared future for mankind"],
                        "short": ["shared future"],
                    },
                },
                {"id": "win_win", "patterns": ["win-win cooperation|results"]},
                {
                    "id": "bri",
                    "variants": {"bri": ["belt and road initiative~"], "belt_road": ["belt and road"]},
                },
            ]
        }
    )


def test_find_matches_columns_offsets_and_metadata(corpus, lexicon):
    m = find_matches(corpus, lexicon)
    assert list(m.columns[:9]) == [
        "doc_id",
        "entry",
        "variant",
        "form",
        "pattern",
        "start",
        "end",
        "token_start",
        "token_end",
    ]
    assert {"source", "year", "speaker", "date", "title"} <= set(m.columns)
    assert "text" not in m.columns
    assert m[["doc_id", "entry", "variant"]].values.tolist() == [
        ["a", "csf", "full"],
        ["a", "win_win", "win_win"],
        ["c", "bri", "belt_road"],
        ["c", "bri", "bri"],
        ["c", "win_win", "win_win"],
    ]
    texts = dict(zip(corpus.doc_ids, corpus.texts, strict=True))
    for row in m.itertuples():
        original = texts[row.doc_id][row.start : row.end]
        assert tokenize(original) == row.form.split()
        assert tokenize(texts[row.doc_id])[row.token_start : row.token_end] == row.form.split()
    first = m.iloc[0]
    assert texts["a"][first.start : first.end] == "community of shared\nfuture for mankind"
    assert m.loc[m["doc_id"] == "c", "speaker"].eq("Li").all()
    assert m["year"].dtype == "Int64"


def test_both_engines_give_the_same_frames(corpus, lexicon):
    frames = []
    for engine in ENGINES:
        lexicon._compiled = Matcher(lexicon, engine=engine)
        frames.append(scan_corpus(corpus, lexicon))
    for a, b in zip(*frames, strict=True):
        pd.testing.assert_frame_equal(a, b)


def test_offsets_with_decomposed_accents_symbols_and_curly_quotes():
    text = (
        "President Be\u0301ji Cai\u0308d Essebsi spoke of \u201cwin\u2013win\u201d "
        "cooperation and the 1.5\u2103 target."
    )
    corpus = Corpus.from_texts([text])
    lex = Lexicon.from_patterns({"e": ["win-win cooperation", "caïd", "1.5 c target"]})
    m = find_matches(corpus, lex)
    assert [text[s:e] for s, e in zip(m["start"], m["end"], strict=True)] == [
        "Cai\u0308d",
        "win\u2013win\u201d cooperation",
        "1.5\u2103 target",
    ]


def test_count_matches_per_document_and_by_group(corpus, lexicon):
    counts = count_matches(corpus, lexicon)
    assert counts[["doc_id", "entry", "variant", "n"]].values.tolist() == [
        ["a", "csf", "full", 1],
        ["a", "win_win", "win_win", 1],
        ["c", "win_win", "win_win", 1],
        ["c", "bri", "belt_road", 1],
        ["c", "bri", "bri", 1],
    ]
    tokens = {d: count_tokens(t) for d, t in zip(corpus.doc_ids, corpus.texts, strict=True)}
    assert (counts["tokens"] == counts["doc_id"].map(tokens)).all()
    assert "speaker" in counts.columns

    by = count_matches(corpus, lexicon, by="source")
    assert len(by) == 2 * 5  # 2 sources x 5 variants, zeros included
    chn = by[by["source"] == "CHN"].set_index(["entry", "variant"])["n"]
    assert chn.to_dict() == {
        ("csf", "full"): 1,
        ("csf", "short"): 0,
        ("win_win", "win_win"): 2,
        ("bri", "bri"): 1,
        ("bri", "belt_road"): 1,
    }
    usa = by[by["source"] == "USA"]
    assert usa["n"].sum() == 0 and usa["tokens"].eq(tokens["b"]).all()
    assert usa["documents"].eq(1).all()
    assert by.loc[by["source"] == "CHN", "tokens"].eq(tokens["a"] + tokens["c"]).all()

    by2 = count_matches(corpus, lexicon, by=["source", "year"])
    assert len(by2) == 3 * 5 and by2["n"].sum() == 5


def test_document_tokens_keeps_documents_without_matches(corpus):
    dt = document_tokens(corpus)
    assert dt["doc_id"].tolist() == ["a", "b", "c"]
    assert dt["tokens"].tolist() == [count_tokens(t) for t in corpus.texts]
    assert "text" not in dt.columns and "speaker" in dt.columns


def test_token_counts_where_lower_casing_changes_the_text():
    texts = ["\u0130stanbul and \u0130zmir", "Stra\u00dfe \u0130I", "I\u0307zmir", "plain"]
    for engine in ENGINES:
        lex = Lexicon.from_patterns({"x": "izmir"})
        lex._compiled = Matcher(lex, engine=engine)
        _matches, dt = scan_corpus(Corpus.from_texts(texts), lex)
        assert dt["tokens"].tolist() == [count_tokens(t) for t in texts]


def test_scan_corpus_matches_the_separate_functions(corpus, lexicon):
    matches, dt = scan_corpus(corpus, lexicon)
    pd.testing.assert_frame_equal(matches, find_matches(corpus, lexicon))
    pd.testing.assert_frame_equal(dt, document_tokens(corpus))
    pd.testing.assert_frame_equal(counts_from_matches(matches, dt, lexicon), count_matches(corpus, lexicon))
    fast, _ = scan_corpus(corpus, lexicon, offsets=False)
    assert fast["start"].isna().all()
    assert fast["token_start"].tolist() == matches["token_start"].tolist()


def test_stream_and_batches_give_the_same_result(corpus, lexicon):
    stream = CorpusStream(corpus.iter_batches, name="s")
    expected = find_matches(corpus, lexicon)
    pd.testing.assert_frame_equal(find_matches(stream, lexicon, batch_size=1), expected)
    pd.testing.assert_frame_equal(find_matches(corpus, lexicon, progress=False, batch_size=2), expected)


def test_no_matches_gives_empty_frames_with_columns(corpus):
    lex = Lexicon.from_patterns({"none": "no such phrase here"})
    m = find_matches(corpus, lex)
    assert m.empty and {"doc_id", "entry", "start", "token_start", "source"} <= set(m.columns)
    assert count_matches(corpus, lex).empty
    by = count_matches(corpus, lex, by="year")
    assert by["n"].tolist() == [0, 0] and by["documents"].tolist() == [2, 1]


def test_ad_hoc_patterns_and_lexicon_arguments(corpus, tmp_path):
    m = find_matches(corpus, compile_pattern("belt and road"))
    assert m["entry"].tolist() == ["pattern", "pattern"]
    path = tmp_path / "lex.yml"
    path.write_text("entries:\n  - id: nothing\n    patterns: [nothing]\n", encoding="utf-8")
    assert find_matches(corpus, str(path))["doc_id"].tolist() == ["b"]
    with pytest.raises(TypeError, match="expected a Lexicon"):
        find_matches(corpus, 42)
    with pytest.raises(TypeError, match="Corpus or CorpusStream"):
        find_matches(["text"], compile_pattern("x"))


def test_kwic_lines(corpus, lexicon):
    lines = kwic(corpus, "bri", lexicon, window=2)
    assert lines[["doc_id", "left", "match", "right"]].values.tolist() == [
        ["c", "The \u201c", "Belt and Road", "\u201d, the belt"],
        ["c", "Road\u201d, the", "belt and road initiative", ", and Win-Win"],
    ]
    assert {"start", "end", "entry", "variant", "source", "speaker"} <= set(lines.columns)
    adhoc = kwic(corpus, "shared future", window=3)
    assert adhoc["match"].tolist() == ["shared future"]
    assert adhoc["left"].tolist() == ["a community of"]
    assert len(kwic(corpus, "win-win *", limit=1)) == 1
    with pytest.raises(ValueError, match="window"):
        kwic(corpus, "x", window=-1)


def test_matcher_rejects_unknown_engine(lexicon):
    with pytest.raises(ValueError, match="engine"):
        Matcher(lexicon, engine="fast")


# --------------------------------------------------------------------------
# The kwic command
# --------------------------------------------------------------------------


def test_kwic_command(tmp_path, capsys):
    from framing.cli.main import main

    path = tmp_path / "docs.csv"
    pd.DataFrame(
        {
            "doc_id": ["d1", "d2"],
            "source": ["CGTN", "BBC"],
            "year": [2021, 2022],
            "text": [
                "Towards a community of\nshared future for mankind, we said.",
                "No slogan; a Shared Future is generic.",
            ],
        }
    ).to_csv(path, index=False)
    lexfile = tmp_path / "lex.yml"
    lexfile.write_text("entries:\n  - id: my_future\n    patterns: [shared future]\n", encoding="utf-8")
    assert main(["kwic", str(path), "my_future", "--lexicon", str(lexfile), "--window", "2"]) == 0
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("d1  CGTN  2021") and "[shared future]" in lines[0]
    assert lines[1].startswith("d2  BBC   2022") and "slogan; a  [Shared Future]  is generic" in lines[1]
    assert lines[0].index("[") == lines[1].index("[")  # aligned
    assert "2 lines for entry 'my_future'" in err

    csv = tmp_path / "lines.csv"
    assert (
        main(
            [
                "kwic",
                str(path),
                "community of shared future",
                "--limit",
                "1",
                "--meta",
                "year",
                "--out",
                str(csv),
            ]
        )
        == 0
    )
    out, err = capsys.readouterr()
    assert out.startswith("d1  2021") and "[community of shared future]" in out
    assert "pattern 'community of shared future'" in err and "limit reached" in err
    assert pd.read_csv(csv)[["doc_id", "match", "source"]].values.tolist() == [
        ["d1", "community of shared future", "CGTN"]
    ]

    assert main(["kwic", str(path), "(unbalanced"]) == 2
    assert "unbalanced parenthesis" in capsys.readouterr().err
    assert main(["kwic", str(path), "x", "--meta", "nope"]) == 2
    assert "--meta column(s) ['nope']" in capsys.readouterr().err
