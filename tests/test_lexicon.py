"""Lexicon files, the pattern language and its validation."""

from __future__ import annotations

import textwrap

import pytest

from framing.lexicon.core import (
    MAX_GAP,
    Lexicon,
    LexiconError,
    PatternError,
    compile_pattern,
    inflections,
    load_lexicon,
    shipped_lexicons,
)
from framing.text.tokenize import tokenize

GOOD = """\
lexicon: test
version: "2.1"
description: A small lexicon.
licence: CC-BY-4.0
provenance: Written for the tests.
entries:
  - id: shared_future
    label: Community with a shared future
    family: csf
    description: The slogan.
    citations: ["UNGDC CHN_70_2015"]
    variants:
      shared_future: ["community|communities with|of (a|the)? shared future"]
      common_destiny: community of common destiny
    exclude: ["international community {0,3} shared future"]
  - id: win_win
    patterns: ["win-win cooperation|results"]
"""


def write(tmp_path, text, name="lex.yml"):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_load_file_fields_and_defaults(tmp_path):
    lex = load_lexicon(write(tmp_path, GOOD), include_shipped=False)
    assert (lex.name, lex.version, lex.licence) == ("test", "2.1", "CC-BY-4.0")
    assert list(lex.entries) == ["shared_future", "win_win"]
    sf = lex["shared_future"]
    assert sf.label == "Community with a shared future" and sf.family == "csf"
    assert sf.citations == ["UNGDC CHN_70_2015"]
    assert list(sf.variants) == ["shared_future", "common_destiny"]
    assert [p.text for p in sf.variants["common_destiny"]] == ["community of common destiny"]
    assert [p.order for p in sf.patterns] == [0, 1]
    assert len(sf.exclude) == 1
    ww = lex["win_win"]
    assert list(ww.variants) == ["win_win"] and ww.label == "win_win" and ww.family == "win_win"
    assert sf.patterns[0].source.endswith("line 13")


def test_expand_lists_every_phrase_and_flags_infinite_patterns():
    lex = Lexicon.from_patterns(
        {
            "a": ["community|communities of (a|the)? shared future"],
            "b": ["develop* countries", "x {0,2} y"],
        }
    )
    exp = lex.expand()
    a = exp[exp["entry"] == "a"]
    assert sorted(a["phrase"]) == sorted(
        f"{c} of {d}shared future" for c in ("community", "communities") for d in ("", "a ", "the ")
    )
    assert a["finite"].all()
    b = exp[exp["entry"] == "b"]
    assert len(b) == 2 and not b["finite"].any() and b["phrase"].isna().all()
    assert lex.manifest()["expanded_phrases"] == 6
    assert lex.manifest()["non_finite_patterns"] == 2


@pytest.mark.parametrize(
    "pattern, phrases",
    [
        ("win-win", ["win-win"]),
        ("China’s  PEACEFUL development", ["china's peaceful development"]),
        ("one belt, one road", ["one belt one road"]),
        ("a|b c", ["a c", "b c"]),
        ("(x y | z) w", ["x y w", "z w"]),
        ("(a|b c)", ["a c", "b c"]),
        ("a | b c", ["a", "b c"]),
        ("(p q)|r s", ["p q s", "r s"]),
        ("x y?", ["x", "x y"]),
        ("x a|b?", ["x", "x a", "x b"]),
        ("x (y z)?", ["x", "x y z"]),
        ("nation~", ["nation", "nation's", "nationes", "nations"]),
        ("u.n. charter", ["u.n. charter"]),
    ],
)
def test_grammar_expansions(pattern, phrases):
    assert sorted(compile_pattern(pattern).expand()) == sorted(phrases)


def test_inflections():
    assert inflections("policy") >= {"policy", "policies", "policy's", "policys"}
    assert "daies" not in inflections("day")
    assert inflections("win-win") >= {"win-win", "win-wins"}


def test_lengths_literals_and_anchor():
    p = compile_pattern("build* {0,3} community~ of (a|the)? shared future *")
    assert (p.min_len, p.max_len) == (6, 10)
    assert p.literals == 5
    assert not p.finite
    kind, _value, lo, hi = p.anchor()[0]
    assert kind == "tok" and lo <= hi


@pytest.mark.parametrize(
    "pattern, message",
    [
        ("", "empty pattern"),
        ("   ", "empty pattern"),
        ("(shared)?", "empty string"),
        ("a? b?", "empty string"),
        ("(a b", "unbalanced parenthesis '('"),
        ("a b)", "unbalanced parenthesis ')'"),
        ("a {0,} b", "lower and an upper bound"),
        ("a {3} b", "lower and an upper bound"),
        ("a {,3} b", "lower and an upper bound"),
        ("a {0,3 b", "lower and an upper bound"),
        (f"a {{0,{MAX_GAP + 1}}} b", "1 <= n"),
        ("a {3,1} b", "0 <= m <= n"),
        ("a {0,0} b", "1 <= n"),
        ("{0,2} a", "cannot start or end"),
        ("a {0,2}", "cannot start or end"),
        ("(a {0,2}) b", "cannot start or end"),
        ("a {0,1} {0,2} b", "two gaps"),
        ("a|", "empty alternative"),
        ("|a", "empty alternative"),
        ("a||b", "'|' must join"),
        ("( | a)", "empty alternative"),
        ("()", "empty group"),
        ("? a", "must follow"),
        ("~", "must follow"),
        ("a/b~", "not one token"),
        ("-* x", "no letter or digit"),
        (",|a", "has no letters"),
    ],
)
def test_invalid_patterns(pattern, message):
    with pytest.raises(
        PatternError,
        match=message.replace("(", r"\(").replace(")", r"\)").replace("|", r"\|").replace("?", r"\?"),
    ):
        compile_pattern(pattern)


def error_of(tmp_path, text):
    path = write(tmp_path, text)
    with pytest.raises(LexiconError) as info:
        load_lexicon(path, include_shipped=False)
    return str(info.value), str(path)


@pytest.mark.parametrize(
    "text, parts",
    [
        ("entries:\n  - id: a\n    patterns: [x\n", ["YAML syntax error", "line"]),
        ("lexicon: t\ncolour: red\nentries: []\n", ["line 2", "unknown key", "colour"]),
        (
            "entries:\n  - id: a\n    patterns: [x]\n    label: A\n    labl: B\n",
            ["line 5", "entry 'a'", "unknown key", "labl"],
        ),
        ("entries:\n  - label: A\n    patterns: [x]\n", ["line 2", "without an 'id'"]),
        ("entries:\n  - id: Bad-Id\n    patterns: [x]\n", ["line 2", "must match"]),
        (
            "entries:\n  - id: a\n    patterns: [x]\n  - id: a\n    patterns: [y]\n",
            ["line 4", "duplicate entry id 'a'", "line 2"],
        ),
        ("entries:\n  - id: a\n    patterns: [x]\n    variants: {v: [y]}\n", ["entry 'a'", "exactly one"]),
        ("entries:\n  - id: a\n    label: A\n", ["entry 'a'", "exactly one"]),
        (
            "entries:\n  - id: a\n    patterns:\n      - ok pattern\n      - (bad pattern\n",
            ["line 5", "entry 'a'", "unbalanced parenthesis"],
        ),
        ("entries:\n  - id: a\n    variants:\n      v1: [x]\n      v1: [y]\n", ["line 5", "key 'v1' twice"]),
        (
            'entries:\n  - id: a\n    patterns: [x]\n    exclude: ["a {0,} b"]\n',
            ["line 4", "entry 'a'", "bound"],
        ),
        ('entries:\n  - id: a\n    patterns: ["x?"]\n', ["line 3", "entry 'a'", "empty string"]),
        ("entries:\n  - id: a\n    patterns: []\n", ["entry 'a'", "no patterns"]),
        ("entries:\n  - id: a\n    patterns: [[x]]\n", ["line 3", "must be a string"]),
        ("entries: {}\n", ["'entries' must be a list"]),
        ("lexicon: t\n", ["no 'entries'"]),
        ("", ["empty lexicon file"]),
    ],
)
def test_file_errors_name_file_line_and_entry(tmp_path, text, parts):
    message, path = error_of(tmp_path, text)
    assert message.startswith(path)
    for part in parts:
        assert part in message, (part, message)


def test_duplicate_ids_across_user_files_are_errors(tmp_path):
    a = write(tmp_path, "entries:\n  - id: x\n    patterns: [a]\n", "a.yml")
    b = write(tmp_path, "entries:\n  - id: x\n    patterns: [b]\n", "b.yml")
    with pytest.raises(LexiconError, match=r"b\.yml, line 2: duplicate entry id 'x'.*a\.yml"):
        load_lexicon(a, b, include_shipped=False)


def test_user_entry_overrides_shipped_entry(tmp_path):
    assert "slogans" in shipped_lexicons()
    shipped = load_lexicon()
    first = next(iter(shipped))
    user = write(
        tmp_path,
        f"entries:\n  - id: {first.id}\n    patterns: [my own phrase]\n"
        "  - id: my_extra_entry\n    patterns: [other phrase]\n",
    )
    lex = load_lexicon(user)
    assert len(lex) == len(shipped) + 1
    assert [p.text for p in lex[first.id].patterns] == ["my own phrase"]
    assert lex.overrides == [{"id": first.id, "replaced": first.source, "by": f"{user}, line 2"}]
    assert lex.manifest()["overrides"] == lex.overrides
    assert [f["shipped"] for f in lex.manifest()["files"]] == [True, False]
    assert lex.hash != shipped.hash
    # the shipped lexicon named explicitly is the same as the default
    assert load_lexicon("slogans", user).hash == lex.hash


def test_shipped_lexicon_is_valid_and_documented():
    lex = load_lexicon()
    assert lex.name and lex.version and lex.licence and lex.provenance
    assert len(lex) > 0
    for entry in lex:
        assert entry.label and entry.patterns
    assert lex.manifest()["entries"] == len(lex)


def test_unknown_names_and_missing_files(tmp_path):
    with pytest.raises(FileNotFoundError, match="no shipped lexicon 'nope'"):
        load_lexicon("nope")
    with pytest.raises(FileNotFoundError, match="not found"):
        load_lexicon(tmp_path / "missing.yml", include_shipped=False)


def test_hash_ignores_formatting_but_not_content(tmp_path):
    a = load_lexicon(write(tmp_path, GOOD, "a.yml"), include_shipped=False)
    reformatted = "# a comment\n" + GOOD.replace('"2.1"', "'2.1'")
    b = load_lexicon(write(tmp_path, reformatted, "b.yml"), include_shipped=False)
    c = load_lexicon(
        write(tmp_path, GOOD.replace("win-win cooperation|results", "win-win cooperation"), "c.yml"),
        include_shipped=False,
    )
    assert a.hash == b.hash != c.hash
    assert a.files[0]["sha256"] != b.files[0]["sha256"]


def test_dicts_subset_and_frames(tmp_path):
    lex = load_lexicon(
        {
            "lexicon": "d",
            "entries": [
                {"id": "a", "patterns": "alpha beta"},
                {"id": "b", "variants": {"v": ["gamma"], "w": "delta~"}, "exclude": "not gamma"},
            ],
        },
        include_shipped=False,
    )
    assert lex.subset(["b"]).entries.keys() == {"b"}
    pats = lex.patterns()
    assert pats[["entry", "variant", "kind"]].values.tolist() == [
        ["a", "a", "match"],
        ["b", "v", "match"],
        ["b", "w", "match"],
        ["b", "", "exclude"],
    ]
    assert lex.entries_frame()["variants"].tolist() == [["a"], ["v", "w"]]
    merged = load_lexicon(lex, {"entries": [{"id": "c", "patterns": ["c"]}]}, include_shipped=False)
    assert list(merged.entries) == ["a", "b", "c"]


def test_pattern_words_use_the_text_tokeniser():
    for word in ["China’s", "U.S.", "COVID-19", "win–win", "3.5"]:
        p = compile_pattern(word)
        assert p.expand() == [" ".join(tokenize(word))]


def test_shipped_file_by_path_and_pickling():
    import pickle

    from framing._paths import shipped_path
    from framing.lexicon.matcher import Matcher

    path = shipped_path("lexicons", "slogans.yml")
    lex = load_lexicon(path)
    assert lex.hash == load_lexicon().hash and lex.files[0]["shipped"]
    lex._compiled = Matcher(lex, engine="python")
    again = pickle.loads(pickle.dumps(lex))
    assert again.hash == lex.hash and again._compiled is None
