"""Weighted dictionaries and actor lists as lexicon entries found by the lexicon matcher.

Scores are checked against values computed by hand on small texts, and the
matcher's readings (left to right within a category; every mention outside an
exclusion) against brute-force references on random token sequences.
"""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from framing.lexicon.core import Lexicon, PatternError, literal_pattern
from framing.lexicon.engine import Matcher, TermMatcher
from framing.text.tokenize import tokenize
from framing.tone.sentiment import DEFAULT_NEGATORS, Actors, WeightedLexicon, actor_tone, compile_term

PROPERTY = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

TONE = {
    "coop": {"win-win": 2, "mutual benefit": 1.5, "benefit": 0.5, "shared future~": 1},
    "conflict": {"threat": 1, "cold war": 2.5, "(new|cold) war mentality": 3},
}


# --------------------------------------------------------------------------
# Hand-computed values
# --------------------------------------------------------------------------


def test_weighted_scores_equal_hand_computed_values():
    lex = WeightedLexicon(TONE, negation_window=2)
    text = "Not a win-win, but mutual benefit and shared futures; no cold war mentality, no threat."
    # tokens: not a win-win but mutual benefit and shared futures no cold war mentality no threat
    #         0   1 2       3   4      5       6   7      8       9  10   11  12        13 14
    # coop: win-win (2) negated by "not" two tokens before; "mutual benefit" (1.5, longer than
    # "benefit"); "shared futures" (1, by "future~") -> -2 + 1.5 + 1
    # conflict: "cold war mentality" (3, longer than "cold war") negated by "no"; "threat"
    # negated by "no" -> -3 - 1
    assert lex.score(text) == {"coop": 0.5, "conflict": -4.0, "n_tokens": 15}
    # without negation every match counts with its weight
    plain = WeightedLexicon(TONE, negation_window=0)
    assert plain.score(text) == {"coop": 4.5, "conflict": 4.0, "n_tokens": 15}
    # reading resumes after a match: "benefit benefit" is two matches, "mutual benefit benefit" two
    assert plain.score("benefit benefit")["coop"] == 1.0
    assert plain.score("mutual benefit benefit")["coop"] == 2.0


def test_weighted_ties_plain_term_before_pattern_and_first_written():
    # same length at the same token: the plain term wins over a pattern, and of two
    # plain terms with the same tokens the one written first
    lex = WeightedLexicon(
        {"c": {"war|peace talks": 5, "peace talks": 2, "Peace  Talks": 7}}, negation_window=0
    )
    assert lex.score("peace talks")["c"] == 2.0
    assert lex.score("war talks")["c"] == 5.0
    # a longer pattern match beats a shorter plain term
    lex = WeightedLexicon({"c": {"peace": 1, "peace {0,2} talks": 4}}, negation_window=0)
    assert lex.score("peace and more talks")["c"] == 4.0
    assert lex.score("peace and no more talks")["c"] == 1.0


def test_weighted_documents_and_lexicon_entries():
    lex = WeightedLexicon(TONE, negation_window=2, name="tone")
    docs = pd.DataFrame(
        {"doc_id": ["a", "b"], "year": [2020, 2021], "text": ["A win-win deal. No threat here.", "Cold war."]}
    )
    out = lex.score_frame(docs["text"])
    assert out["coop"].tolist() == [2.0, 0.0] and out["conflict"].tolist() == [-1.0, 2.5]
    assert out["n_tokens"].tolist() == [6, 2]
    # the categories are lexicon entries whose patterns carry the weights
    assert list(lex.lexicon.entries) == ["coop", "conflict"]
    assert lex.lexicon["coop"].label == "coop"
    weights = {p.text: p.weight for e in lex.lexicon for p in e.patterns}
    assert weights == {t: float(w) for terms in TONE.values() for t, w in terms.items()}


def test_actor_scores_equal_hand_computed_values():
    lex = WeightedLexicon(TONE, negation_window=2)
    docs = pd.DataFrame(
        {
            "doc_id": ["a", "b"],
            "source": ["X", "Y"],
            "text": [
                "Beijing and Washington signed a win-win deal. NATO is not a threat.",
                "The US warned of a cold war. Moscow stayed calm.",
            ],
        }
    )
    rows = actor_tone(docs, ["China", "the United States", "NATO", "Russia"], method=lex)
    got = [(r.doc_id, r.sentence, str(r.actor), r.coop, r.conflict) for r in rows.itertuples()]
    assert got == [
        ("a", 0, "China", 2.0, 0.0),
        ("a", 0, "the United States", 2.0, 0.0),
        # "not" two tokens before "threat"
        ("a", 1, "NATO", 0.0, -1.0),
        ("b", 0, "the United States", 0.0, 2.5),
        ("b", 1, "Russia", 0.0, 0.0),
    ]
    assert rows["source"].tolist() == ["X", "X", "X", "Y", "Y"]


def test_actor_case_rules_exclusions_and_mentions():
    actors = Actors(
        {
            "the US": ["US", "United States"],
            "the West": {"variants": ["the West"], "exclude": ["the West Bank"], "case_sensitive": True},
        }
    )
    assert actors.find("Tell us about the West Bank") == []  # "us" is not the acronym "US"
    assert actors.find("The West and the US") == ["the US", "the West"]
    assert actors.find("the west and the united states") == ["the US"]  # "the West" keeps its case
    assert actors.find("The West's allies") == ["the West"]  # possessive dropped, initial capital
    tokens = ["The", "West", "Bank", "and", "the", "West", "and", "United", "States"]
    assert actors.mentions(tokens) == [("the West", 4, 6), ("the US", 7, 9)]
    cased = {p.text: p.case_sensitive for e in actors.lexicon for p in [*e.patterns, *e.exclude]}
    assert cased == {"US": True, "United States": False, "the West": True, "the West Bank": True}


def test_literal_patterns_need_tokens():
    with pytest.raises(PatternError, match="'nothing'"):
        literal_pattern([], text="nothing")
    with pytest.raises(PatternError, match="'gap'"):
        literal_pattern([{"a"}, set()], text="gap")


# --------------------------------------------------------------------------
# The engine against brute-force references
# --------------------------------------------------------------------------

WORDS = ["a", "b", "ca", "cab", "not", "x"]
words = st.sampled_from(WORDS)
plain_terms = st.lists(words, min_size=1, max_size=3).map(" ".join)
grammar_terms = st.one_of(
    st.tuples(words, words, words).map(lambda w: f"{w[0]}|{w[1]} {w[2]}"),
    st.tuples(words, words).map(lambda w: f"{w[0]} {{0,1}} {w[1]}"),
    st.tuples(words, words).map(lambda w: f"{w[0]} {w[1]}?"),
    st.sampled_from(["c*", "ca*", "* b", "(a b | cab) x"]),
)
weights = st.integers(-4, 4).map(lambda k: k / 2)
categories = st.dictionaries(
    st.sampled_from(["p", "q", "r"]),
    st.dictionaries(st.one_of(plain_terms, plain_terms, grammar_terms), weights, min_size=1, max_size=6),
    min_size=1,
    max_size=3,
)


def naive_weighted(cats: dict, tokens: list[str], window: int) -> dict[str, float]:
    """At each token the longest term of the category (a plain term before a pattern,
    else the first written) counts, negated after a negator; reading resumes after it."""
    out = {}
    for cat, terms in cats.items():
        compiled = [(compile_term(t), w) for t, w in terms.items()]
        total, i = 0.0, 0
        while i < len(tokens):
            length, weight = 0, 0.0
            for term, w in compiled:
                if (
                    isinstance(term, tuple)
                    and tuple(tokens[i : i + len(term)]) == term
                    and len(term) > length
                ):
                    length, weight = len(term), w
            for term, w in compiled:
                if not isinstance(term, tuple):
                    ends = term.ends_at(tokens, i)
                    if ends and max(ends) - i > length:
                        length, weight = max(ends) - i, w
            if not length:
                i += 1
                continue
            before = tokens[max(0, i - window) : i]
            if any(t in DEFAULT_NEGATORS or t.endswith("n't") for t in before):
                weight = -weight
            total += weight
            i += length
        out[cat] = total
    return out


@PROPERTY
@given(categories, st.lists(words, max_size=30), st.integers(0, 3))
def test_weighted_scores_equal_the_naive_reference(cats, tokens, window):
    lex = WeightedLexicon(cats, negation_window=window)
    assert lex.score_tokens(tokens) == naive_weighted(cats, tokens, window)


def naive_leftmost(patterns: list[list[tuple[str, ...]]], tokens: list[str]) -> list[tuple[int, int, int]]:
    """``(entry, start, end)``: per entry, left to right, the longest phrase (first written)."""
    out = []
    for ei, phrases in enumerate(patterns):
        i = 0
        while i < len(tokens):
            best = max((len(p) for p in phrases if tuple(tokens[i : i + len(p)]) == p), default=0)
            if best:
                out.append((ei, i, i + best))
                i += best
            else:
                i += 1
    return sorted(out, key=lambda r: (r[1], r[0]))


@PROPERTY
@given(
    st.lists(
        st.lists(st.lists(words, min_size=1, max_size=3).map(tuple), min_size=1, max_size=5), min_size=1
    ),
    st.lists(words, max_size=30),
)
def test_leftmost_equals_the_naive_reference(entries, tokens):
    lex = Lexicon.from_patterns(
        {f"e{k}": [" ".join(p) for p in phrases] for k, phrases in enumerate(entries)}
    )
    got = [(ei, s, e) for ei, s, e, _ in TermMatcher(lex).leftmost(tokens, tokens)]
    assert got == naive_leftmost(entries, tokens)


CASED_WORDS = ["US", "us", "The", "the", "West", "west", "Bank"]
cased_words = st.sampled_from(CASED_WORDS)
phrases = st.lists(cased_words, min_size=1, max_size=3).map(" ".join)
actor_specs = st.dictionaries(
    st.sampled_from(["A", "B", "C"]),
    st.fixed_dictionaries(
        {"variants": st.lists(phrases, min_size=1, max_size=3), "exclude": st.lists(phrases, max_size=2)},
        optional={"case_sensitive": st.booleans()},
    ),
    min_size=1,
)


def naive_mentions(specs: dict, tokens: list[str]) -> list[tuple[str, int, int]]:
    """Every window equal to a variant (case kept for case-sensitive actors and
    acronyms, with a capital first letter allowed; else lower-cased), unless it
    lies inside a window equal to one of the actor's exclusions."""

    def windows(phrase: str, cased: bool) -> list[tuple[int, int]]:
        seq = phrase.split()
        acronym = all(c.isupper() for c in phrase if c.isalpha()) and len(phrase.replace(".", "")) <= 6
        found = []
        for i in range(len(tokens) - len(seq) + 1):
            got = tokens[i : i + len(seq)]
            if cased or acronym:
                ok = got == seq or (seq[0][:1].islower() and got == [seq[0].capitalize(), *seq[1:]])
            else:
                ok = [t.lower() for t in got] == [t.lower() for t in seq]
            if ok:
                found.append((i, i + len(seq)))
        return found

    out = []
    for name, spec in specs.items():
        cased = spec.get("case_sensitive", False)
        excluded = [w for p in spec["exclude"] for w in windows(p, cased)]
        for p in spec["variants"]:
            for s, e in windows(p, cased):
                if not any(a <= s and e <= b for a, b in excluded):
                    out.append((name, s, e))
    order = {name: k for k, name in enumerate(specs)}
    return sorted(out, key=lambda r: (r[1], order[r[0]], r[2]))


@PROPERTY
@given(actor_specs, st.lists(cased_words, max_size=20))
def test_actor_mentions_equal_the_naive_reference(specs, tokens):
    actors = Actors(specs)
    got = actors.mentions(tokens)
    want = naive_mentions(specs, tokens)
    assert sorted(set(got)) == sorted(set(want))
    assert actors.find(" ".join(tokens)) == [a for a in specs if any(m[0] == a for m in want)]


@PROPERTY
@given(st.lists(plain_terms, min_size=1, max_size=6), st.lists(words, max_size=30))
def test_literal_lookup_equals_the_pattern_tree(terms, tokens):
    # the pure-Python engine looks literal patterns up by token sequence; the same
    # patterns written with an optional group take the anchor path
    literal = Matcher(Lexicon.from_patterns({"e": terms}), engine="python")
    tree = Matcher(Lexicon.from_patterns({"e": [f"{t} (zzz)?" for t in terms]}), engine="python")
    assert literal.literal_seqs and not tree.literal_seqs
    assert sorted(literal.candidates(tokens)) == sorted(tree.candidates(tokens))
    assert [m[2:4] for m in literal.match(tokens)] == [m[2:4] for m in tree.match(tokens)]
    assert tokenize(" ".join(tokens)) == tokens
