"""The shipped slogan lexicon: structure, wordings that must count, generic phrases
that must not, and its citations checked against the UN General Debate Corpus."""

from __future__ import annotations

import re

import pytest

from framing import Corpus, load_corpus
from framing.lexicon.core import load_lexicon
from framing.lexicon.matcher import find_matches, scan_corpus

REQUIRED = [
    "community_shared_future",
    "community_health",
    "belt_and_road",
    "win_win_cooperation",
    "new_type_international_relations",
    "new_type_major_country_relations",
    "true_multilateralism",
    "cold_war_mentality",
    "zero_sum_game",
    "hegemonism_power_politics",
    "global_development_initiative",
    "global_security_initiative",
    "global_civilization_initiative",
    "peaceful_development",
    "five_principles_peaceful_coexistence",
    "core_interests",
    "non_interference",
    "one_china_principle",
    "chinese_dream",
    "democracy_international_relations",
    "common_prosperity",
    "mutual_respect_equality",
]


@pytest.fixture(scope="module")
def lex():
    return load_lexicon("slogans")


def _matches(lex, texts):
    corpus = Corpus.from_texts(list(texts), source=["X"] * len(texts))
    return find_matches(corpus, lex)


def test_header_and_entries(lex):
    assert lex.name == "slogans"
    assert lex.licence == "CC-BY-4.0"
    assert "UN General Debate" in lex.provenance and "headlines" in lex.provenance
    assert len(lex) >= 25
    for entry_id in REQUIRED:
        assert entry_id in lex, entry_id
    for e in lex:
        assert re.fullmatch(r"[a-z0-9_]+", e.id)
        assert e.label and e.label != e.id, e.id
        assert e.family and e.description, e.id
        assert e.citations and all(len(c) > 10 for c in e.citations), e.id
        assert e.variants, e.id


# Every wording of the community slogans must count, attributed to the right
# variant; the texts paraphrase real usage (UN statements, official titles,
# 2022 headlines, seed articles).
POSITIVE = [
    (
        "Build a community with a shared future for mankind.",
        "community_shared_future",
        "shared_future",
        "community with a shared future for mankind",
    ),
    (
        "a community with a shared future for humankind",
        "community_shared_future",
        "shared_future",
        "community with a shared future for humankind",
    ),
    (
        "a community of shared future for humankind",
        "community_shared_future",
        "shared_future",
        "community of shared future for humankind",
    ),
    (
        "a community with shared future for humanity",
        "community_shared_future",
        "shared_future",
        "community with shared future for humanity",
    ),
    (
        "China, Laos vow to build unbreakable community with shared future",
        "community_shared_future",
        "shared_future",
        "community with shared future",
    ),
    (
        "communities with a shared future between nations",
        "community_shared_future",
        "shared_future",
        "communities with a shared future",
    ),
    (
        "a community of common destiny with other developing countries",
        "community_shared_future",
        "common_destiny",
        "community of common destiny",
    ),
    (
        "to build a community of destiny for mankind",
        "community_shared_future",
        "common_destiny",
        "community of destiny for mankind",
    ),
    (
        "a human community with a shared destiny",
        "community_shared_future",
        "common_destiny",
        "community with a shared destiny",
    ),
    (
        "building a China-Africa community with a shared future",
        "community_shared_future",
        "regional_or_domain",
        "china-africa community with a shared future",
    ),
    (
        "a closer China-ASEAN community with a shared future",
        "community_shared_future",
        "regional_or_domain",
        "china-asean community with a shared future",
    ),
    (
        "the China-Arab community with a shared future",
        "community_shared_future",
        "regional_or_domain",
        "china-arab community with a shared future",
    ),
    (
        "an Asia-Pacific community with a shared future",
        "community_shared_future",
        "regional_or_domain",
        "asia-pacific community with a shared future",
    ),
    (
        "a community with a shared future in cyberspace",
        "community_shared_future",
        "regional_or_domain",
        "community with a shared future in cyberspace",
    ),
    (
        "Xi advocates building maritime community with shared future",
        "community_shared_future",
        "regional_or_domain",
        "maritime community with shared future",
    ),
    (
        "a global community of development with a shared future",
        "community_shared_future",
        "development_community",
        "community of development with a shared future",
    ),
    (
        "with a view to building community and a shared future for humankind",
        "community_shared_future",
        "and_shared_future",
        "community and a shared future for humankind",
    ),
    (
        "the building of a community of common health for mankind",
        "community_health",
        "common_health",
        "community of common health for mankind",
    ),
    (
        "China calls for solidarity to build global community of health for all",
        "community_health",
        "health_for_all",
        "community of health for all",
    ),
    (
        "a China-Africa community of health",
        "community_health",
        "regional",
        "china-africa community of health",
    ),
    ("the One Belt, One Road initiative", "belt_and_road", "one_belt_one_road", "one belt one road"),
    ("the Belt and Road Initiative", "belt_and_road", "belt_and_road", "belt and road"),
    ("the Silk Road Economic Belt", "belt_and_road", "silk_road_economic_belt", "silk road economic belt"),
    (
        "the 21st Century Maritime Silk Road",
        "belt_and_road",
        "maritime_silk_road",
        "21st century maritime silk road",
    ),
    (
        "the 21st-Century Maritime Silk Road",
        "belt_and_road",
        "maritime_silk_road",
        "21st-century maritime silk road",
    ),
    (
        "a new model of major-country relations",
        "new_type_major_country_relations",
        "new_model",
        "new model of major-country relations",
    ),
    (
        "a new type of great power relationship",
        "new_type_major_country_relations",
        "new_model",
        "new type of great power relationship",
    ),
    ("abandon the Cold-War mentality", "cold_war_mentality", "mentality", "cold-war mentality"),
    ("abandon the Cold War mentality", "cold_war_mentality", "mentality", "cold war mentality"),
    ("adhere to the one-China principle", "one_china_principle", "principle", "one-china principle"),
    ("our One-China policy", "one_china_principle", "policy", "one-china policy"),
    (
        "the international system with the UN at its core",
        "un_at_core",
        "un_at_its_core",
        "with the un at its core",
    ),
    (
        "respect each other's sovereignty, core interests and choice",
        "core_interests",
        "each_others",
        "each other's sovereignty core interests",
    ),
    (
        "the great rejuvenation of the Chinese nation",
        "chinese_dream",
        "rejuvenation",
        "great rejuvenation of the chinese nation",
    ),
    ("win-win cooperation", "win_win_cooperation", "win_win_cooperation", "win-win cooperation"),
    (
        "mutual respect, equity and justice",
        "mutual_respect_equality",
        "respect_fairness_justice",
        "mutual respect equity and justice",
    ),
    (
        "to foster a community of life for man and nature",
        "community_of_life",
        "man_and_nature",
        "community of life for man and nature",
    ),
    (
        "Building a Shared Future for All Life on Earth",
        "community_of_life",
        "all_life_on_earth",
        "shared future for all life on earth",
    ),
    (
        "Xi Jinping Thought on Socialism with Chinese Characteristics for a New Era",
        "socialism_chinese_characteristics",
        "xi_thought",
        "xi jinping thought on socialism with chinese characteristics for a new era",
    ),
    (
        "profound changes unseen in a century",
        "changes_unseen_in_a_century",
        "unseen_in_a_century",
        "changes unseen in a century",
    ),
    (
        "changes not seen in a century",
        "changes_unseen_in_a_century",
        "unseen_in_a_century",
        "changes not seen in a century",
    ),
]


@pytest.mark.parametrize("text,entry,variant,form", POSITIVE, ids=[p[3] for p in POSITIVE])
def test_wordings_count(lex, text, entry, variant, form):
    m = _matches(lex, [text])
    got = m[m["entry"] == entry]
    assert len(got) == 1, m[["entry", "variant", "form"]].to_dict("records")
    assert got.iloc[0]["variant"] == variant
    assert got.iloc[0]["form"] == form


# Generic phrases found in the same corpora that must not count.
NEGATIVE = [
    ("Community health centres deliver care to rural areas.", "community_health"),
    ("We trained 2 million community health workers.", "community_health"),
    ("The global community of health professionals met.", "community_health"),
    ("The international community in the future must act.", "community_shared_future"),
    ("We share a common destiny and a shared future.", "community_shared_future"),
    ("Our common future is at stake.", "community_shared_future"),
    ("the international community for a shared future", "community_shared_future"),
    ("peoples united in a community of destiny", "community_shared_future"),
    ("as a community bound by common destiny on the Korean Peninsula", "community_shared_future"),
    ("inter-community dialogue to foster a shared future", "community_shared_future"),
    ("a win-win situation for everyone", "win_win_cooperation"),
    ("we pursue our core interests in the region", "core_interests"),
    ("America's core interests are not directly threatened", "core_interests"),
    ("the Security Council remains an exclusive club", "bloc_confrontation"),
    ("Chad joined the small circle of oil exporting countries", "bloc_confrontation"),
    ("that was a Chinese dream come true", "chinese_dream"),
    ("Cold War era", "cold_war_mentality"),
    ("a new type of urbanization", "new_type_international_relations"),
    ("mutual respect among all countries", "mutual_respect_equality"),
    ("we are all bound by a single community of life", "community_of_life"),
]


@pytest.mark.parametrize("text,entry", NEGATIVE, ids=[n[0][:40] for n in NEGATIVE])
def test_generic_phrases_do_not_count(lex, text, entry):
    m = _matches(lex, [text])
    assert entry not in set(m["entry"]), m[["entry", "variant", "form"]].to_dict("records")


def test_exclusion_removes_only_the_overlapping_match(lex):
    text = (
        "We call on the international community for a shared future. "
        "China proposes a community for a shared future."
    )
    m = _matches(lex, [text])
    csf = m[m["entry"] == "community_shared_future"]
    assert csf["form"].tolist() == ["community for a shared future"]
    assert len(csf) == 1


@pytest.fixture(scope="module")
def cited(lex):
    """UNGDC statements cited by the lexicon, matched with it."""
    ids = {e.id: set(re.findall(r"\b[A-Z]{2,3}_\d{2}_\d{4}\b", " ".join(e.citations))) for e in lex}
    countries = {i.split("_")[0] for v in ids.values() for i in v} | {"BGD", "GIN", "KOR"}
    corpus = load_corpus("ungdc", years=(2005, 2024), countries=countries)
    return ids, corpus, scan_corpus(corpus, lex, offsets=False)[0]


def test_every_cited_statement_uses_the_entry(cited):
    ids, _corpus, m = cited
    have = set(zip(m["doc_id"], m["entry"], strict=True))
    assert sum(len(v) for v in ids.values()) >= 80
    missing = {e: sorted(i for i in v if (i, e) not in have) for e, v in ids.items()}
    assert {e: v for e, v in missing.items() if v} == {}


def test_real_statements(cited):
    _, corpus, m = cited
    csf = m[m["entry"] == "community_shared_future"].set_index("doc_id")
    # Wang Yi 2013: "a community of common destiny"; Xi Jinping 2015: "a community
    # of shared future for humankind" (README of the corpus)
    assert csf.loc["CHN_68_2013", "variant"] == "common_destiny"
    assert csf.loc["CHN_70_2015", "form"] == "community of shared future for humankind"
    assert "PAK_73_2018" in csf.index
    # Bangladesh reports on "community health clinics" every year: not the slogan;
    # Guinea's and Korea's "community of destiny" wordings are not counted either
    for doc_id in ("BGD_68_2013", "BGD_73_2018", "GIN_63_2008", "KOR_76_2021"):
        assert doc_id in set(corpus.docs["doc_id"])
        assert doc_id not in csf.index
    health = m[m["entry"] == "community_health"]
    assert not health["doc_id"].str.startswith("BGD").any()


def test_rates_of_a_corpus_without_any_match_is_an_empty_table_not_an_error():
    import framing

    c = framing.Corpus.from_texts(["nothing here", "nor here"], year=[2000, 2001], outlet=["x", "y"])
    lex = framing.Lexicon.from_patterns({"peace": "peace"})
    m, dt = framing.find_matches(c, lex), framing.document_tokens(c)
    out = framing.rates(m, dt, by=["year", "outlet"])
    assert out.empty and list(out.columns[:3]) == ["year", "outlet", "entry"]
    # naming the entries gives their zero rates per group
    named = framing.rates(m, dt, by="year", entries=lex)
    assert named["n"].tolist() == [0, 0] and named["rate_per_10k"].tolist() == [0.0, 0.0]
