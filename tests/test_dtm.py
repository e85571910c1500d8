"""Preparation of document-term matrices for topic models."""

from __future__ import annotations

import math
import sys
import types

import numpy as np
import pandas as pd
import pytest

from framing import Corpus
from framing.topics.dtm import DTMBuilder, DTMError, document_term_matrix, paragraph_corpus, split_paragraphs


def _corpus(texts, **meta):
    return Corpus.from_texts(texts, **meta)


def test_counts_stopwords_and_document_frequency_cutoffs():
    texts = [
        "The peace and the security of nations.",
        "Peace talks; peace now!",
        "Security council and security guarantees",
        "Trade deficits",
    ]
    dtm = document_term_matrix(_corpus(texts, source=list("ABCD")), min_df=2, max_df=0.5, phrases=False)
    # "peace" and "security" are in 2 of 4 documents (<= 0.5); everything else in one
    assert dtm.vocabulary == ["peace", "security"]
    assert dtm.matrix.toarray().tolist() == [[1, 1], [2, 0], [0, 2]]
    # the document without any kept term is reported, not silently lost
    assert dtm.dropped.to_dict("records") == [
        {"doc_id": "doc3", "reason": "no terms left after stop words and min_df/max_df"}
    ]
    assert dtm.docs["source"].tolist() == ["A", "B", "C"]
    assert dtm.docs["n_tokens"].tolist() == [2, 2, 2]
    # cut terms keep their positions (-1) in the sequences used for sliding windows
    assert dtm.sequences[0].tolist() == [0, 1, -1]
    assert dtm.texts()[0] == ["peace", "security", "nations"]
    assert dtm.texts(keep_cut=False)[0] == ["peace", "security"]


def test_max_df_count_and_max_terms():
    texts = ["alpha beta gamma", "alpha beta", "alpha delta", "alpha beta gamma delta"]
    dtm = document_term_matrix(_corpus(texts), min_df=1, max_df=3, phrases=False)
    assert dtm.vocabulary == ["beta", "delta", "gamma"]  # alpha is in 4 > 3 documents
    dtm = document_term_matrix(_corpus(texts), min_df=1, max_df=1.0, max_terms=2, phrases=False)
    assert dtm.vocabulary == ["alpha", "beta"]


def test_phrase_npmi_matches_hand_computation():
    texts = ["human rights council today"] * 6 + ["human dignity", "rights defenders", "council meets"] * 2
    builder = DTMBuilder(min_df=1, max_df=1.0, phrase_min_count=3, phrase_threshold=0.3, max_phrase_words=2)
    dtm = builder.fit_transform(_corpus(texts))
    # content tokens: 6 * 4 + 6 * 2 = 36; "human" 8, "rights" 8, "human rights" 6
    p_ab, p_a, p_b = 6 / 36, 8 / 36, 8 / 36
    expected = math.log(p_ab / (p_a * p_b)) / -math.log(p_ab)
    row = dtm.phrases.set_index("term").loc["human_rights"]
    assert row["npmi"] == pytest.approx(expected)
    assert row["n_words"] == 2 and row["origin"] == "detected"


def test_phrases_of_any_length_and_left_to_right_merging():
    texts = ["sustainable development goals agenda"] * 8 + ["development aid", "goals met", "new agenda"] * 2
    dtm = DTMBuilder(min_df=1, max_df=1.0, phrase_min_count=5, max_phrase_words=None).fit_transform(
        _corpus(texts)
    )
    assert "sustainable_development_goals_agenda" in dtm.vocabulary
    assert dtm.phrases.loc[0, "n_words"] == 4
    first = dtm.texts()[0]
    assert first == ["sustainable_development_goals_agenda"]
    # a length limit stops growth
    dtm3 = DTMBuilder(min_df=1, max_df=1.0, phrase_min_count=5, max_phrase_words=3).fit_transform(
        _corpus(texts)
    )
    assert dtm3.phrases["n_words"].max() <= 3
    assert all(len(t.split("_")) <= 3 for t in dtm3.vocabulary)


def test_lexicon_phrases_become_single_terms_across_line_breaks():
    texts = [
        "We build a community of shared\nfuture for mankind, a Community  of Shared Future.",
        "Win-win cooperation and a community of common destiny.",
        "Nothing here.",
    ]
    lex = [
        "community of shared future for mankind",
        "community of shared future",
        "community of common destiny",
    ]
    dtm = document_term_matrix(_corpus(texts), min_df=1, max_df=1.0, phrases=False, lexicon=lex)
    counts = dict(zip(dtm.vocabulary, dtm.matrix.toarray()[0].tolist(), strict=True))
    # the longer entry wins where both match
    assert counts["community_shared_future_mankind"] == 1
    assert counts["community_shared_future"] == 1
    assert "community" not in dtm.vocabulary and "shared" not in dtm.vocabulary
    assert dtm.texts()[1] == ["win-win", "cooperation", "community_common_destiny"]
    assert set(dtm.phrases.query("origin == 'lexicon'")["term"]) == {
        "community_shared_future_mankind",
        "community_shared_future",
        "community_common_destiny",
    }


def test_lexicon_mapping_names_the_term():
    texts = ["The Belt and Road Initiative grows.", "belt and road initiative again", "roads"]
    dtm = document_term_matrix(
        _corpus(texts),
        min_df=1,
        max_df=1.0,
        phrases=False,
        lexicon={"BRI": ["Belt and Road Initiative", "One Belt One Road"]},
    )
    assert dtm.matrix[:, dtm.vocabulary.index("bri")].toarray().ravel().tolist() == [1, 1, 0]


def test_lexicon_object_uses_find_matches(monkeypatch):
    texts = ["A community of shared future for mankind.", "No slogan."]
    corpus = _corpus(texts)

    def find_matches(corpus, lexicon):
        rows = []
        for doc_id, text in zip(corpus.docs["doc_id"], corpus.docs["text"], strict=True):
            i = text.find("community of shared future")
            if i >= 0:
                rows.append(
                    {
                        "doc_id": doc_id,
                        "entry": "community_shared_future",
                        "start": i,
                        "end": i + len("community of shared future"),
                    }
                )
        return pd.DataFrame(rows)

    module = sys.modules.get("framing.lexicon.matcher")
    if module is None:
        module = types.ModuleType("framing.lexicon.matcher")
        monkeypatch.setitem(sys.modules, "framing.lexicon.matcher", module)
        import framing

        monkeypatch.setattr(framing, "phrases", module, raising=False)
    monkeypatch.setattr(module, "find_matches", find_matches, raising=False)
    dtm = document_term_matrix(corpus, min_df=1, max_df=1.0, phrases=False, lexicon=object())
    assert dtm.texts()[0] == ["community_shared_future", "mankind"]


def test_paragraphs_keep_metadata_and_short_ones_merge():
    text = (
        "First paragraph about peace and\nsecurity in the region.\nSecond paragraph on trade.\n"
        "Thanks.\n\nThird one, after a blank line."
    )
    spans = split_paragraphs(text)
    assert [text[s:e] for s, e in spans] == [
        "First paragraph about peace and\nsecurity in the region.",
        "Second paragraph on trade.",
        "Thanks.",
        "Third one, after a blank line.",
    ]
    merged = split_paragraphs(text, min_tokens=3)
    # "Thanks." (one token) is joined to the paragraph after it
    assert [text[s:e] for s, e in merged][1:] == [
        "Second paragraph on trade.",
        "Thanks.\n\nThird one, after a blank line.",
    ]
    corpus = _corpus([text, "Short."], source=["CHN", "USA"], year=[2015, 2016])
    par = paragraph_corpus(corpus, min_tokens=0)
    assert par.docs["doc_id"].tolist() == ["doc0:1", "doc0:2", "doc0:3", "doc0:4", "doc1:1"]
    assert par.docs["source"].tolist() == ["CHN"] * 4 + ["USA"]
    assert par.docs["year"].tolist() == [2015] * 4 + [2016]
    dtm = DTMBuilder(
        split="paragraphs", min_paragraph_tokens=0, min_df=1, max_df=1.0, phrases=False
    ).fit_transform(corpus)
    assert dtm.docs["parent_id"].tolist()[:4] == ["doc0"] * 4
    assert dtm.docs["paragraph"].tolist()[:4] == [1, 2, 3, 4]


def test_transform_applies_vocabulary_and_phrases():
    texts = ["climate change hurts islands"] * 6 + ["climate finance", "change course", "islands"] * 2
    builder = DTMBuilder(min_df=1, max_df=1.0, phrase_min_count=4)
    fitted = builder.fit_transform(_corpus(texts))
    new = builder.transform(
        _corpus(["Climate change hurts islands, then climate finance.", "Islands and an unknownword"])
    )
    assert new.vocabulary == fitted.vocabulary
    rows = [dict(zip(new.vocabulary, r, strict=True)) for r in new.matrix.toarray().tolist()]
    assert rows[0]["climate_change_hurts_islands"] == 1
    assert rows[0]["climate"] == 1 and rows[0]["finance"] == 1
    assert rows[1]["islands"] == 1
    assert new.texts()[1] == ["islands", "\x00"]  # the unknown content word keeps its position


def test_parallel_tokenising_gives_identical_result():
    texts = [f"peace security {i % 7} development goals region{i % 5} trade" for i in range(120)]
    a = DTMBuilder(min_df=2, n_jobs=1, phrase_min_count=5).fit_transform(_corpus(texts))
    b = DTMBuilder(min_df=2, n_jobs=2, phrase_min_count=5).fit_transform(_corpus(texts))
    assert a.vocabulary == b.vocabulary
    assert (a.matrix != b.matrix).nnz == 0


def test_empty_vocabulary_error_says_how_to_fix():
    with pytest.raises(DTMError, match="empty vocabulary after filtering.*lower min_df"):
        document_term_matrix(_corpus(["one apple", "two pears"]), min_df=2, phrases=False)
    with pytest.raises(DTMError, match="split="):
        DTMBuilder(split="sentences").fit_transform(_corpus(["a b"]))
    with pytest.raises(DTMError, match="min_df=1.5"):
        DTMBuilder(min_df=1.5).fit_transform(_corpus(["a b"]))
    with pytest.raises(DTMError, match="not fitted"):
        DTMBuilder().transform(_corpus(["a b"]))


def test_real_corpus_subset_paragraphs(ungdc):
    docs = ungdc.docs
    corpus = ungdc.subset((docs["year"] == 2015) & docs["source"].isin(["CHN", "USA", "FRA"]))
    dtm = DTMBuilder(split="paragraphs", min_df=2, max_df=0.5, phrase_min_count=3).fit_transform(corpus)
    assert set(dtm.docs["parent_id"]) == {"CHN_70_2015", "USA_70_2015", "FRA_70_2015"}
    assert dtm.n_docs > 30  # each statement has many paragraphs
    assert (dtm.docs["year"] == 2015).all()
    assert dtm.matrix.sum() == dtm.docs["n_tokens"].sum()
    assert np.all(np.diff(dtm.matrix.indptr) > 0)


def test_shipped_slogan_lexicon_entries_become_single_terms():
    texts = [
        "We call for win-win cooperation and a community with a shared\nfuture for mankind.",
        "Cooperation matters.",
    ]
    dtm = document_term_matrix(_corpus(texts), min_df=1, max_df=1.0, phrases=False, lexicon=True)
    assert "win_win_cooperation" in dtm.texts()[0]
    assert "community_shared_future" in dtm.texts()[0]
    assert "mankind" not in dtm.texts()[0]  # inside the matched span
    assert set(dtm.phrases.query("origin == 'lexicon'")["term"]) >= {
        "win_win_cooperation",
        "community_shared_future",
    }


def test_one_matrix_class_for_topic_preparation_and_counts(tmp_path):
    import framing
    from framing.compare.keyness import DocumentTermCounts, count_terms, document_term_counts
    from framing.topics.dtm import DTM
    from framing.topics.model import TopicModel, TopicModelError

    assert DTM is DocumentTermCounts is framing.DocumentTermMatrix
    texts = [
        "peace and security talks",
        "peace talks now",
        "trade and tariffs",
        "trade talks",
        "security now",
    ]
    corpus = _corpus(texts, source=list("AABBA"))
    prepared = document_term_matrix(corpus, min_df=1, max_df=1.0, phrases=False)
    counted = document_term_counts(corpus, cache=False)
    assert type(prepared) is type(counted) is framing.DocumentTermMatrix
    # the names each builder's users know, as views of one set of fields
    assert prepared.vocabulary == prepared.terms.tolist()
    assert prepared.docs.columns.tolist() == [*prepared.meta.columns, "n_tokens"]
    assert prepared.docs["n_tokens"].tolist() == prepared.n_tokens.tolist()
    assert counted.sequences is None and len(counted.phrases) == 0 and len(counted.dropped) == 0
    assert count_terms(prepared, by="source").totals.tolist() == [
        int(prepared.n_tokens[[0, 1, 4]].sum()),
        int(prepared.n_tokens[[2, 3]].sum()),
    ]
    # a prepared matrix keeps its sequences through save and load
    prepared.save(tmp_path / "m")
    back = framing.DocumentTermMatrix.load(tmp_path / "m")
    assert back.vocabulary == prepared.vocabulary and (back.matrix != prepared.matrix).nnz == 0
    assert [s.tolist() for s in back.sequences] == [s.tolist() for s in prepared.sequences]
    assert back.docs.equals(prepared.docs)
    # counts without sequences fit a topic model; windows need the terms in order
    model = TopicModel(2, backend="nmf", random_state=0).fit(counted)
    assert model.coherence(counted, "u_mass").shape == (2,)
    with pytest.raises(TopicModelError, match="counts only"):
        model.coherence(counted, "c_npmi")
    with pytest.raises(DTMError, match="counts only"):
        counted.texts()
    with pytest.raises(DTMError, match="3 columns but 2 terms"):
        framing.DocumentTermMatrix(counted.matrix[:, :3], ["a", "b"], counted.meta, counted.n_tokens)
