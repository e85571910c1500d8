"""Dictionary readers (quanteda YAML, LIWC, Lexicoder, WordStat) on small hand-written files."""

from __future__ import annotations

import pandas as pd
import pytest

import framing
from framing import Corpus
from framing.errors import LexiconError
from framing.lexicon.dictionaries import Dictionary, read_dictionary


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_quanteda_yaml_nested_phrases_wildcards(tmp_path):
    path = write(
        tmp_path,
        "d.yml",
        (
            "economy:\n"
            "  growth:\n"
            "    - Growth\n"
            "    - gdp\n"
            "    - growth\n"  # duplicate after lower-casing: kept once
            "  jobs: [job*, labour  market]\n"
            "climate:\n"
            "  - climate change\n"
            "  - global warm*\n"
            "single: pandemic\n"
        ),
    )
    d = read_dictionary(path)
    assert list(d) == ["economy.growth", "economy.jobs", "climate", "single"]
    assert d["economy.growth"] == ["growth", "gdp"]
    assert d.duplicates == [("economy.growth", "growth")]
    assert d["economy.jobs"] == ["job*", "labour market"]
    assert d["single"] == ["pandemic"]
    assert d.phrases() == ["labour market", "climate change", "global warm*"]
    frame = d.to_frame()
    assert frame.loc[frame["term"] == "global warm*", "words"].item() == 2
    # round trip through the YAML writer
    again = read_dictionary(write(tmp_path, "again.yaml", d.to_yaml()))
    assert again.to_dict() == d.to_dict()


def test_yaml_errors_name_file_and_line(tmp_path):
    with pytest.raises(LexiconError, match=r"bad\.yml, line 3: category 'b': each term"):
        read_dictionary(write(tmp_path, "bad.yml", "a: [x]\nb:\n  - {k: v}\n"))
    with pytest.raises(LexiconError, match=r"syntax\.yml, line \d+: YAML syntax error"):
        read_dictionary(write(tmp_path, "syntax.yml", "a: [x\nb: y\n"))
    with pytest.raises(LexiconError, match="no such dictionary file"):
        read_dictionary(tmp_path / "missing.yml")
    with pytest.raises(LexiconError, match="cannot tell the dictionary format"):
        read_dictionary(write(tmp_path, "d.txt", "a: [x]\n"))
    with pytest.raises(LexiconError, match="unknown dictionary format"):
        read_dictionary(write(tmp_path, "d2.yml", "a: [x]\n"), format="excel")


def test_liwc(tmp_path):
    path = write(
        tmp_path,
        "d.dic",
        (
            "%\n1\tposemo\n2\tnegemo\n3\taffect\n%\n"
            "happ*\t1\t3\n"
            "sad\t2 3\n"
            "kind of\t1\n"  # a phrase
            "\n"
        ),
    )
    d = read_dictionary(path)
    assert d.to_dict() == {"posemo": ["happ*", "kind of"], "negemo": ["sad"], "affect": ["happ*", "sad"]}
    with pytest.raises(LexiconError, match=r"e\.dic, line 4: term 'sad': category id '9'"):
        read_dictionary(write(tmp_path, "e.dic", "%\n1\tposemo\n%\nsad\t9\n"))
    with pytest.raises(LexiconError, match=r"f\.dic, line 4: term 'sad' has no category"):
        read_dictionary(write(tmp_path, "f.dic", "%\n1\tposemo\n%\nsad\n"))
    with pytest.raises(LexiconError, match="header between two '%' lines"):
        read_dictionary(write(tmp_path, "g.dic", "sad\t1\n"))


def test_lexicoder(tmp_path):
    path = write(tmp_path, "d.lc3", "+POSITIVE\ngood*\nWell done\n\n+NEGATIVE\nbad\n")
    d = read_dictionary(path)
    assert d.to_dict() == {"POSITIVE": ["good*", "well done"], "NEGATIVE": ["bad"]}
    with pytest.raises(LexiconError, match=r"h\.lc3, line 1: term 'good' before the first"):
        read_dictionary(write(tmp_path, "h.lc3", "good\n+POS\n"))


def test_wordstat(tmp_path):
    path = write(
        tmp_path,
        "d.cat",
        (
            "ECONOMY\n"
            "    GROWTH\n"
            "        GDP (1)\n"
            "        GROWTH* (1)\n"
            "    TRADE (1)\n"
            "HEALTH\n"
            "\tDISEASE (1)\n"
            "\tPUBLIC HEALTH\n"
        ),
    )
    d = read_dictionary(path)
    assert d.to_dict() == {
        "ECONOMY.GROWTH": ["gdp", "growth*"],
        "ECONOMY": ["trade"],
        "HEALTH": ["disease", "public health"],
    }
    with pytest.raises(LexiconError, match=r"i\.cat, line 1: term 'GDP \(1\)' is not indented"):
        read_dictionary(write(tmp_path, "i.cat", "GDP (1)\n"))


def test_to_lexicon_matches_like_the_terms(tmp_path):
    d = Dictionary({"Climate": ["climate change", "global warm*"], "health": ["health"]})
    lex = d.to_lexicon("demo")
    assert list(lex.entries) == ["climate", "health"] and lex["climate"].label == "Climate"
    corpus = Corpus.from_texts(
        [("Global warming and climate change threaten health; climate matters; healthy people.")],
        source=["X"],
    )
    counts = framing.count_matches(corpus, lex, by="doc_id")
    n = dict(zip(counts["entry"], counts["n"], strict=True))
    assert n == {"climate": 2, "health": 1}  # "climate" alone and "healthy" do not match
    with pytest.raises(LexiconError, match="cannot be matched by the lexicon grammar"):
        Dictionary({"x": ["*ism"]}).to_lexicon()
    with pytest.raises(LexiconError, match="both become lexicon entry"):
        Dictionary({"A b": ["x"], "a.b": ["y"]}).to_lexicon()


def test_positive_negative_dictionary_feeds_tone(tmp_path):
    d = read_dictionary(write(tmp_path, "tone.lc3", "+positive\ngood\n+negative\nbad\n"))
    lex = d.to_lexicon()
    corpus = Corpus.from_texts(["good good bad"], source=["X"])
    counts = framing.count_matches(corpus, lex, by="doc_id")
    assert dict(zip(counts["entry"], counts["n"], strict=True)) == {"positive": 2, "negative": 1}


def test_lancet_dictionary_file():
    from pathlib import Path

    path = Path(__file__).resolve().parents[1] / "lexicons" / "lancet_countdown_2023.yml"
    d = read_dictionary(path)
    assert len(d["climate"]) == 34 and len(d["health"]) == 28  # "nutrition" listed once
    assert d.duplicates == []
    assert isinstance(d.to_frame(), pd.DataFrame)
