"""The token index: equality with the text-based paths, the on-disk cache, KWIC
sorting, n-grams and clusters."""

from __future__ import annotations

import multiprocessing as mp
import os
import sys

import numpy as np
import pandas as pd
import pytest

import framing
from framing import Corpus, read_parquet
from framing.compare.keyness import collocates, count_terms, document_term_counts, keyness
from framing.compare.ngrams import clusters, ngrams
from framing.lexicon.core import Lexicon
from framing.lexicon.matcher import count_matches, find_matches, kwic
from framing.text import cache as tcache
from framing.text import index as tindex
from framing.text.analyses import text_path
from framing.text.index import build_tokens, corpus_key, tokens
from framing.text.tokenize import _spans_for

T = sys.modules["framing.text.tokenize"]


@pytest.fixture(autouse=True)
def _cache_dir(tmp_path, monkeypatch):
    """Every test writes its cache under tmp_path."""
    monkeypatch.setenv("FRAMING_CACHE", str(tmp_path / "cache"))
    yield tmp_path / "cache"


TRICKY = [
    (
        "The U.S. and China\u2019s \u201cwin\u2013win\u201d co-\noperation with China-\nAfrica.\n\n"
        "A community of shared\nfuture for mankind \u2014 sovereignty, 3.5 per cent, 10,953 files."
    ),
    (
        "Soft\u00adhyphen, zero\u200bwidth, \ufb01nance ligature, caf\u00e9 and cafe\u0301, "
        "\u2122 marks, Finland \u0301s support. Sovereignty! SOVEREIGNTY? sovereign rights."
    ),
    "\u0130stanbul and \u0130zmir, I\u0307zmir; Stra\u00dfe.",
    "",
    (
        "Sovereignty and independence. We respect the sovereignty of states; sovereignty "
        "and territorial integrity.\n\nNew paragraph: shared future, a shared future, the "
        "community of common destiny."
    ),
    "co-\n  operation and co-\r\noperation, e.g. the U.N. Charter; Mr. Smith went to No. 5.",
]


@pytest.fixture
def tricky():
    return Corpus.from_texts(
        TRICKY, source=["A", "B", "A", "B", "A", "B"], year=[2001, 2001, 2002, 2002, 2003, 2003]
    )


def _shipped(name):
    try:
        return framing.load_corpus(name)
    except Exception:
        pytest.skip(f"corpus {name} not available")


@pytest.fixture(scope="module")
def seeds():
    return _shipped("seeds")


@pytest.fixture(scope="module")
def headlines():
    c = _shipped("headlines2022")
    return c[:4000]


# --------------------------------------------------------------------------
# the index reproduces the tokeniser
# --------------------------------------------------------------------------


def _check_stream(corpus):
    tk = build_tokens(corpus)
    for d, text in enumerate(corpus.docs["text"].tolist()):
        assert tk.doc_tokens(d) == T.tokenize(text)
        if "\u0130" not in text:
            assert tk.doc_tokens(d, lower=False) == T.tokenize(text, lower=False)
        spans = _spans_for(text, T.tokenize(text), "")
        a, b = int(tk.doc_offsets[d]), int(tk.doc_offsets[d + 1])
        assert tk.starts[a:b].tolist() == [s[1] for s in spans]
        assert tk.ends[a:b].tolist() == [s[2] for s in spans]
        assert int(tk.doc_counts[d]) == T.count_tokens(text)
    return tk


def test_index_equals_tokenize_and_spans_on_tricky_texts(tricky):
    tk = _check_stream(tricky)
    assert tk.doc_tokens(0)[:8] == [
        "the",
        "u.s.",
        "and",
        "china's",
        "win-win",
        "cooperation",
        "with",
        "china-africa",
    ]
    text = TRICKY[0]
    a = int(tk.doc_offsets[0])
    assert text[tk.starts[a + 5] : tk.ends[a + 5]] == "co-\noperation"


def test_index_equals_tokenize_on_shipped_corpora(seeds, headlines):
    _check_stream(seeds)
    _check_stream(headlines)


def test_python_fallback_gives_the_same_index(tricky, monkeypatch):
    from framing.text import tokenisers

    fast = build_tokens(tricky)
    monkeypatch.setattr(tokenisers, "_word_ids", None)
    slow = build_tokens(tricky)
    for d in range(len(tricky)):
        assert fast.doc_tokens(d, lower=False) == slow.doc_tokens(d, lower=False)
    assert np.array_equal(fast.starts, slow.starts) and np.array_equal(fast.ends, slow.ends)


def test_paragraphs_and_sentences():
    c = Corpus.from_texts(["One two. Three four!\n\nFive six.", "Seven."])
    tk = build_tokens(c)
    # paragraphs start at tokens 0 and 4 of doc 0, and at doc 1 (token 6)
    assert tk.paragraph_offsets.tolist() == [0, 4, 6, 7]
    assert tk.sentence_offsets().tolist() == [0, 2, 4, 6, 7]


def test_partitioned_and_parallel_builds_are_identical(tricky, tmp_path):
    serial = build_tokens(tricky)
    small = build_tokens(tricky, batch_size=2)
    path = tmp_path / "c.parquet"
    tricky = tricky.subset(tricky.docs["text"] != "")  # the Parquet reader skips empty texts
    serial = build_tokens(tricky)
    small = build_tokens(tricky, batch_size=2)
    tricky.to_parquet(path)
    from_parquet = build_tokens(path, batch_size=2)
    from_stream = build_tokens(read_parquet(path, stream=True), batch_size=2, n_jobs=2)
    for other in (small, from_parquet, from_stream):
        for d in range(len(tricky)):
            assert other.doc_tokens(d, lower=False) == serial.doc_tokens(d, lower=False)
        assert np.array_equal(other.starts, serial.starts)
        assert np.array_equal(other.paragraph_offsets, serial.paragraph_offsets)
    assert from_parquet.meta["doc_id"].tolist() == tricky.docs["doc_id"].tolist()
    assert from_stream.meta["doc_id"].tolist() == tricky.docs["doc_id"].tolist()


def test_plug_in_tokeniser_by_language():
    def chars(text):
        idx = [i for i, ch in enumerate(text) if not ch.isspace()]
        return [text[i] for i in idx], np.array(idx, np.int32), np.array(idx, np.int32) + 1

    chars.name, chars.version = "chars-test", "1"
    docs = pd.DataFrame(
        {"doc_id": ["e", "z"], "text": ["Peace now", "\u548c\u5e73"], "language": ["en", "zh"]}
    )
    tk = build_tokens(Corpus(docs), tokeniser={"zh": chars})
    assert tk.doc_tokens(0) == ["peace", "now"]
    assert tk.doc_tokens(1) == ["\u548c", "\u5e73"]
    assert "chars-test/1" in tk.tokeniser


# --------------------------------------------------------------------------
# analyses: index path == text path
# --------------------------------------------------------------------------


def _lexicon():
    return Lexicon.from_patterns(
        {
            "csf": ["community of (shared|common) (future|destiny)", "shared future"],
            "sov": ["sovereign*"],
            "coop": ["cooperation", "co-operation"],
        }
    )


def _compare_paths(corpus, lex, node="sovereignty"):
    with text_path():
        old_m = find_matches(corpus, lex)
        old_c = count_matches(corpus, lex, by="source")
        old_k = kwic(corpus, "sov", lex, window=4)
        old_kp = kwic(corpus, "shared future|sovereign*", window=3)
        old_dt = framing.document_tokens(corpus)
        old_tc = count_terms(corpus, by="source", stopwords=True)
        old_key = keyness(corpus, by="source")
        old_col = collocates(corpus, node, window=3, min_count=1)
        # original case: not where lower-casing "\u0130" splits words (the index keeps
        # the lower-cased tokens there, see framing.text.tokenisers.english)
        cs = corpus.subset(~corpus.docs["text"].str.contains("\u0130|\u0307"))
        old_col_case = collocates(cs, node.capitalize(), window=2, min_count=1, lower=False, by="source")
        old_dtc = document_term_counts(cs, lower=False, cache=False)
    tk = tokens(corpus)
    tk_case = tokens(cs)
    for data in (corpus, tk):
        pd.testing.assert_frame_equal(find_matches(data, lex), old_m)
        pd.testing.assert_frame_equal(count_matches(data, lex, by="source"), old_c)
        pd.testing.assert_frame_equal(kwic(data, "sov", lex, window=4), old_k)
        pd.testing.assert_frame_equal(kwic(data, "shared future|sovereign*", window=3), old_kp)
        pd.testing.assert_frame_equal(framing.document_tokens(data), old_dt)
        tc = count_terms(data, by="source", stopwords=True)
        assert tc.terms.tolist() == old_tc.terms.tolist()
        assert (tc.counts != old_tc.counts).nnz == 0 and tc.totals.tolist() == old_tc.totals.tolist()
        pd.testing.assert_frame_equal(keyness(data, by="source"), old_key)
        pd.testing.assert_frame_equal(collocates(data, node, window=3, min_count=1), old_col)
    for data in (cs, tk_case):
        pd.testing.assert_frame_equal(
            collocates(data, node.capitalize(), window=2, min_count=1, lower=False, by="source"), old_col_case
        )
        dtc = document_term_counts(data, lower=False)
        assert dtc.terms.tolist() == old_dtc.terms.tolist()
        assert (dtc.matrix != old_dtc.matrix).nnz == 0
        assert dtc.n_tokens.tolist() == old_dtc.n_tokens.tolist()
    return old_k


def test_analyses_equal_text_path_on_fixture(tricky):
    lines = _compare_paths(tricky, _lexicon())
    # hand check: four sovereign* words in doc 1 ("Sovereignty! SOVEREIGNTY? sovereign")
    assert lines.loc[lines["doc_id"] == "doc1", "match"].tolist() == [
        "Sovereignty",
        "SOVEREIGNTY",
        "sovereign",
    ]


def test_analyses_equal_text_path_on_seeds(seeds):
    lines = _compare_paths(seeds, framing.load_lexicon("slogans"), node="cloud")
    assert isinstance(lines, pd.DataFrame)


def test_analyses_equal_text_path_on_headlines(headlines):
    _compare_paths(headlines, framing.load_lexicon("slogans"), node="china")


def test_kwic_hits_have_metadata_and_limit(tricky):
    lines = kwic(tricky, "sovereign*", window=2)
    assert lines["match"].str.lower().str.startswith("sovereign").all()
    assert len(lines) == 7  # 1 in doc0, 3 in doc1, 3 in doc4 (counted by hand)
    assert set(lines.columns) >= {"doc_id", "left", "match", "right", "source", "year"}
    assert kwic(tricky, "sovereign*", limit=2)["doc_id"].tolist() == ["doc0", "doc1"]


# --------------------------------------------------------------------------
# KWIC sorting, n-grams, clusters
# --------------------------------------------------------------------------


def test_kwic_sorted_by_right_and_left_context():
    c = Corpus.from_texts(["x b peace c", "y a peace b", "z a peace a", "peace"])
    by_1r = kwic(c, "peace", window=1, sort="1R")
    # first token right: (none) < a < b < c
    assert by_1r["right"].tolist() == ["", "a", "b", "c"]
    by_1l = kwic(c, "peace", window=1, sort=["1L", "1R"])
    assert list(zip(by_1l["left"], by_1l["right"], strict=True)) == [
        ("", ""),
        ("a", "a"),
        ("a", "b"),
        ("b", "c"),
    ]
    by_2l = kwic(c, "peace", window=2, sort="2L")
    assert by_2l["doc_id"].tolist() == ["doc3", "doc0", "doc1", "doc2"]
    with pytest.raises(ValueError, match="sort key"):
        kwic(c, "peace", sort="left")


def test_ngrams_frequency_and_range_by_hand():
    c = Corpus.from_texts(["a b a b c", "a b", "c a"])
    got = ngrams(c, 2)
    # bigrams inside documents: ab x3 (2 docs), ba x1, bc x1, ca x1
    assert got.to_dict("records")[0] == {"ngram": "a b", "freq": 3, "range": 2}
    assert sorted(got["ngram"]) == ["a b", "b a", "b c", "c a"]
    assert got["freq"].sum() == 6
    tri = ngrams(c, (1, 3), min_freq=2)
    assert tri[tri["n"] == 3].empty
    assert tri[tri["n"] == 1].set_index("ngram")["freq"].to_dict() == {"a": 4, "b": 3, "c": 2}
    assert ngrams(c, 2, stopwords=["c"])["ngram"].tolist() == ["a b", "b a"]


def test_clusters_left_and_right():
    c = Corpus.from_texts(["the shared future of all", "a shared future", "shared values"])
    left = clusters(c, "shared", size=2)
    assert left.to_dict("records") == [
        {"cluster": "shared future", "freq": 2, "range": 2},
        {"cluster": "shared values", "freq": 1, "range": 1},
    ]
    right = clusters(c, "shared future", size=(3, 3), side="right")
    assert right["cluster"].tolist() == ["a shared future", "the shared future"]


def test_plot_hits_draws_one_row_per_term(tricky):
    import matplotlib

    matplotlib.use("Agg")
    fig = framing.plot_hits(tricky, ["sovereign*", "shared future"], boundaries="year")
    assert len(fig.axes) >= 1
    import matplotlib.pyplot as plt

    plt.close(fig)


# --------------------------------------------------------------------------
# the cache
# --------------------------------------------------------------------------


def test_cache_keys_change_with_content_ids_and_tokeniser():
    a = Corpus.from_texts(["one", "two"])
    same = Corpus.from_texts(["one", "two"])
    text = Corpus.from_texts(["one", "two!"])
    ids = Corpus(pd.DataFrame({"doc_id": ["x", "y"], "text": ["one", "two"]}))
    assert corpus_key(a) == corpus_key(same)
    assert len({corpus_key(a), corpus_key(text), corpus_key(ids)}) == 3

    def other(text):
        return tindex.get_tokeniser(None)(text)

    other.name, other.version = "other", "1"
    assert corpus_key(a, tokeniser=other) != corpus_key(a)
    other.version = "2"
    k2 = corpus_key(a, tokeniser=other)
    other.version = "1"
    assert corpus_key(a, tokeniser=other) != k2


def _big(texts):
    return Corpus.from_texts(texts, source=["A"] * len(texts))


def test_disk_cache_is_written_loaded_and_never_stale(monkeypatch, _cache_dir):
    monkeypatch.setattr(tindex, "DISK_CACHE_MIN_CHARS", 0)
    c1 = _big(["Peace and sovereignty.", "Sovereignty first."])
    tk1 = tokens(c1)
    assert tk1.key is not None and (_cache_dir / "tokens" / tk1.key / "header.json").exists()
    assert isinstance(tk1.ids, np.memmap)  # memory-mapped from the cache
    # a new corpus object with the same content loads the same entry
    tk_again = tokens(_big(["Peace and sovereignty.", "Sovereignty first."]))
    assert tk_again.key == tk1.key and tk_again.doc_tokens(1) == ["sovereignty", "first"]
    # changed text: a new key, new tokens
    c2 = _big(["Peace and sovereignty.", "Independence first."])
    tk2 = tokens(c2)
    assert tk2.key != tk1.key and tk2.doc_tokens(1) == ["independence", "first"]
    assert len(tcache.info()) == 2
    assert kwic(c2, "sovereignty")["doc_id"].tolist() == ["doc0"]


def test_corrupted_cache_file_is_detected_and_rebuilt(monkeypatch, _cache_dir):
    monkeypatch.setattr(tindex, "DISK_CACHE_MIN_CHARS", 0)
    texts = ["Peace and sovereignty.", "Sovereignty first."]
    key = tokens(_big(texts)).key
    ids_file = _cache_dir / "tokens" / key / "ids.npy"
    data = bytearray(ids_file.read_bytes())
    data[-1] ^= 0xFF  # same size, one id changed
    ids_file.write_bytes(bytes(data))
    assert tcache.load_entry(key) is None  # not trusted...
    assert not (_cache_dir / "tokens" / key).exists()  # ...and removed
    tk = tokens(_big(texts))  # rebuilt
    assert tk.doc_tokens(1) == ["sovereignty", "first"]
    # a truncated file is caught by the size check alone
    starts = _cache_dir / "tokens" / key / "starts.npy"
    starts.write_bytes(starts.read_bytes()[:-4])
    assert tcache.load_entry(key, verify="size") is None
    # a broken header too
    tokens(_big(texts))
    (_cache_dir / "tokens" / key / "header.json").write_text("{not json")
    assert tcache.load_entry(key) is None
    assert tokens(_big(texts)).doc_tokens(0) == ["peace", "and", "sovereignty"]


def _build_in_child(args):
    cache_dir, texts = args
    os.environ["FRAMING_CACHE"] = cache_dir
    from framing.text import index as ti

    ti.DISK_CACHE_MIN_CHARS = 0
    tk = ti.tokens(Corpus.from_texts(texts))
    return tk.key, np.asarray(tk.ids).tolist()


def test_two_processes_building_at_once(_cache_dir):
    texts = [f"Document {i} on sovereignty and peace, the shared future." for i in range(300)]
    ctx = mp.get_context("fork" if "fork" in mp.get_all_start_methods() else "spawn")
    with ctx.Pool(2) as pool:
        results = pool.map(_build_in_child, [(str(_cache_dir), texts)] * 4)
    keys = {k for k, _ in results}
    assert len(keys) == 1
    assert all(ids == results[0][1] for _, ids in results)
    entries = [p for p in (_cache_dir / "tokens").iterdir()]
    assert [p.name for p in entries] == [keys.pop()]  # one entry, no temporary left over
    arrays, header = tcache.load_entry(entries[0].name)
    assert header["documents"] == 300 and arrays["ids"].tolist() == results[0][1]


def test_cache_cli_info_and_clear(monkeypatch, capsys):
    monkeypatch.setattr(tindex, "DISK_CACHE_MIN_CHARS", 0)
    tokens(_big(["Peace and sovereignty."]))
    from framing.cli.main import main

    assert main(["cache", "info"]) == 0
    out = capsys.readouterr().out
    assert "1 entry" in out
    assert main(["cache", "clear"]) == 0
    assert "removed 1 cached index" in capsys.readouterr().out
    assert tcache.info().empty


def test_small_corpora_stay_in_memory(_cache_dir):
    c = Corpus.from_texts(["a small corpus"])
    assert tokens(c) is tokens(c)
    assert tokens(c).key is None
    assert not (_cache_dir / "tokens").exists()


@pytest.mark.parametrize("by", [None, "source", ["source", "year"]])
def test_corpus_summary_from_the_index_equals_the_texts(by):
    from framing.text.analyses import corpus_summary, text_path

    texts = ["Peace and peace.", "PEACE, security; Security!", "A shared future.", "Peace, again."]
    c = framing.Corpus.from_texts(texts, source=["A", None, "B", "A"], year=[2000, 2000, 2001, 2001])
    framing.tokens(c)
    with text_path():
        expected = corpus_summary(c, by=by)
    assert expected["tokens"].sum() == 3 + 3 + 3 + 2
    pd.testing.assert_frame_equal(corpus_summary(c, by=by), expected)
    # hand-counted: "peace" and "security" once each whatever their case
    whole = corpus_summary(c)
    assert whole.loc[0, "types"] == len({"peace", "and", "security", "a", "shared", "future", "again"})
