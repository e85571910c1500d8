"""Line-break hyphens decided by rules that generalise, and slogan-lexicon
coverage of compounded, British, singular and modified wordings."""

from __future__ import annotations

import pytest

from framing import Corpus
from framing.text.tokenize import tokenize, tokenize_spans


@pytest.mark.parametrize(
    "text, expected",
    [
        # a typesetter's break inside one word: joined
        ("co-\noperation", ["cooperation"]),
        ("hu-\nmankind", ["humankind"]),
        ("deve-\nlopment and development", ["development", "and", "development"]),
        # the joined form is written elsewhere in the text: joined
        ("inter-\nnational and international", ["international", "and", "international"]),
        # the hyphenated form is written elsewhere: kept
        ("counter-terrorism works; counter-\nterrorism", ["counter-terrorism", "works", "counter-terrorism"]),
        # a first part that forms compounds: kept
        ("counter-\nterrorism", ["counter-terrorism"]),
        ("self-\nreliance", ["self-reliance"]),
        # both parts are words of the text: kept, never "developmentrelated"
        (
            "Development is related to aid. development-\nrelated aid",
            ["development", "is", "related", "to", "aid", "development-related", "aid"],
        ),
        # a capitalised continuation: kept
        ("China-\nAfrica", ["china-africa"]),
    ],
)
def test_line_break_hyphens(text, expected):
    assert tokenize(text) == expected
    assert [t for t, _, _ in tokenize_spans(text)] == expected


def test_no_non_word_from_two_words_of_the_text():
    text = "The development agenda and related work.\nFunds for development-\nrelated projects."
    toks = tokenize(text)
    assert "developmentrelated" not in toks and "development-related" in toks


def _entries(texts):
    from framing.lexicon.core import load_lexicon
    from framing.lexicon.matcher import scan_corpus

    matches, _ = scan_corpus(Corpus.from_texts(texts), load_lexicon("slogans"), offsets=False)
    return matches.groupby("doc_id")["entry"].apply(list).to_dict()


@pytest.mark.parametrize(
    "text, entries",
    [
        ("They reject the Cold War zero-sum mentality.", ["cold_war_mentality", "zero_sum_game"]),
        ("Drop the cold-war and zero-sum mindset.", ["cold_war_mentality", "zero_sum_game"]),
        ("We seek win-win co-operation.", ["win_win_cooperation"]),
        ("It was a win-win result for both.", ["win_win_cooperation"]),
        ("a community of strategic significance with a shared future", ["community_shared_future"]),
        ("The Belt and Road Initiative (BRI) grows.", ["belt_and_road"]),  # once, not twice
        ("The international community for a shared future.", []),  # excluded as before
    ],
)
def test_slogan_lexicon_coverage(text, entries):
    assert sorted(_entries([text]).get("doc0", [])) == sorted(entries)
