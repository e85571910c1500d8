import pandas as pd
import pytest

from framing import Corpus, CorpusError, CorpusStream, corpus_summary, read_parquet
from framing.corpus.core import parse_date


def small():
    return Corpus.from_records(
        [
            {
                "doc_id": "a",
                "text": "Win-win cooperation for all.",
                "source": "CGTN",
                "date": "2022-03-01",
                "desk": "world",
            },
            {"doc_id": "b", "text": "A shared future.", "source": "BBC", "date": "2021"},
            {"doc_id": "c", "text": "Peace and development.", "source": "CGTN", "year": 2020},
        ]
    )


def test_standard_columns_and_user_columns_kept():
    c = small()
    assert list(c.docs.columns[:6]) == ["doc_id", "text", "source", "date", "year", "title"]
    assert c.docs["desk"].tolist()[0] == "world"
    assert c.docs["year"].tolist() == [2022, 2021, 2020]
    assert pd.isna(c.docs.loc[2, "date"])
    assert str(c.docs["year"].dtype) == "Int64"


def test_subset_groupby_batches_sample():
    c = small()
    assert c.subset(source="CGTN").doc_ids == ["a", "c"]
    assert c.subset(source=["BBC", "CGTN"], query="year >= 2021").doc_ids == ["a", "b"]
    assert c.subset(lambda d: d["text"].str.contains("future")).doc_ids == ["b"]
    groups = {k: g.doc_ids for k, g in c.groupby("source")}
    assert groups == {"BBC": ["b"], "CGTN": ["a", "c"]}
    assert [b.doc_ids for b in c.iter_batches(2)] == [["a", "b"], ["c"]]
    assert c.sample(2, random_state=1).doc_ids == c.sample(2, random_state=1).doc_ids
    assert c["b"].source == "BBC"
    with pytest.raises(KeyError, match="zzz"):
        c["zzz"]
    with pytest.raises(KeyError, match="no metadata column 'country'"):
        c.subset(country="CHN")


def test_summary_counts_documents_tokens_types():
    c = small()
    s = corpus_summary(c, by="source").set_index("source")
    # CGTN: "win-win cooperation for all" (4) + "peace and development" (3); 7 types
    assert s.loc["CGTN", "documents"] == 2
    assert s.loc["CGTN", "tokens"] == 7
    assert s.loc["CGTN", "types"] == 7
    assert s.loc["BBC", "tokens"] == 3


def test_duplicate_doc_ids_are_an_error():
    with pytest.raises(CorpusError, match=r"duplicate doc_id values: \['x'\]"):
        Corpus(pd.DataFrame({"doc_id": ["x", "x"], "text": ["a", "b"]}))


def test_bad_dates_and_years_name_the_document():
    with pytest.raises(CorpusError, match=r"document 'b': unparseable date 'last spring'"):
        Corpus.from_records(
            [
                {"doc_id": "a", "text": "t", "date": "2020-01-01"},
                {"doc_id": "b", "text": "t", "date": "last spring"},
            ]
        )
    with pytest.raises(CorpusError, match="year disagrees with date"):
        Corpus.from_records([{"doc_id": "a", "text": "t", "date": "2020-01-01", "year": 2019}])
    with pytest.raises(CorpusError, match="not a string"):
        Corpus.from_records([{"doc_id": "a", "text": None}])


def test_parse_date_formats():
    assert parse_date("2022-1-2") == pd.Timestamp("2022-01-02")
    assert parse_date("2022-03") == pd.Timestamp("2022-03-01")
    assert parse_date("2022-08-11T15:50:38.000Z") == pd.Timestamp("2022-08-11 15:50:38")
    assert pd.isna(parse_date(None)) and pd.isna(parse_date(""))
    with pytest.raises(ValueError):
        parse_date("02/03/2022")  # ambiguous day/month order is refused


def test_parquet_round_trip_and_stream(tmp_path):
    c = small()
    path = tmp_path / "c.parquet"
    c.to_parquet(path)
    back = read_parquet(path)
    pd.testing.assert_frame_equal(back.docs, c.docs)
    stream = read_parquet(path, stream=True)
    assert isinstance(stream, CorpusStream)
    assert [b.doc_ids for b in stream.iter_batches(2)] == [["a", "b"], ["c"]]
    assert stream.load_report.loaded == 3


def test_partitioned_parquet_with_filters(tmp_path):
    c = small()
    c.to_parquet(tmp_path / "ds", partition_cols=["year"])
    back = read_parquet(tmp_path / "ds", filters=[("year", ">=", 2021)])
    assert sorted(back.doc_ids) == ["a", "b"]
    assert sorted(back.docs["year"].tolist()) == [2021, 2022]


def test_concat_keeps_reports():
    c = Corpus.concat([small().subset(source="BBC"), small().subset(source="CGTN")])
    assert sorted(c.doc_ids) == ["a", "b", "c"]
