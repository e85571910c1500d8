import pandas as pd
import pytest

import framing
from framing.corpus.catalog import MissingCorpusError, catalog, stream_corpus


def test_catalog_entries_have_provenance():
    cat = catalog()
    assert set(cat) >= {"seeds", "ungdc", "headlines2022"}
    for name, entry in cat.items():
        for key in ("title", "path", "format", "files", "obtain", "licence", "citation"):
            assert entry.get(key), f"{name} lacks {key}"
        assert all(len(h) == 64 for h in entry["files"].values())


def test_seeds(seeds):
    assert seeds.doc_ids == ["000", "001", "002", "003"]
    d = seeds.docs.set_index("doc_id")
    assert str(d.loc["001", "date"].date()) == "2022-01-02"
    assert d.loc["001", "source"] == "CGTN"
    assert not d.loc["001", "text"].lstrip().startswith("date")  # header line removed
    assert d["year"].to_dict() == {"000": 2020, "001": 2022, "002": 2022, "003": 2020}
    assert seeds.load_report.skipped == [] and seeds.load_report.notes == []


def test_ungdc_counts_and_known_document(ungdc):
    assert len(ungdc) == 10952
    r = ungdc.load_report
    assert r.read == 10953 and r.loaded == 10952
    assert r.skipped == [
        (
            "TXT/Session 47 - 1992/.DS_Store-to-UTF-8.txt",
            "binary file (contains NUL bytes), not text; file name is not <ISO3>_<session>_<year>.txt",
        )
    ]
    assert r.notes == []  # checksum matches the catalog
    assert ungdc.docs["year"].min() == 1946 and ungdc.docs["year"].max() == 2024
    doc = ungdc["CHN_70_2015"]
    assert (doc.country, doc.source, doc.session, doc.year) == ("CHN", "CHN", 70, 2015)
    assert "community of shared future for humankind" in " ".join(doc.text.split())
    assert ungdc.subset(country="EU").docs["year"].min() == 2011
    assert len(ungdc.subset(country="CHN", year=1970)) == 0
    assert ungdc.docs["doc_id"].is_unique


def test_ungdc_filters_and_stream_agree(ungdc):
    sub = framing.load_corpus("ungdc", years=(2020, 2021), countries=["CHN", "USA", "EU"])
    assert sorted(sub.doc_ids) == [
        "CHN_75_2020",
        "CHN_76_2021",
        "EU_75_2020",
        "EU_76_2021",
        "USA_75_2020",
        "USA_76_2021",
    ]
    stream = stream_corpus("ungdc", years=(2020, 2021))
    ids = [i for b in stream.iter_batches(100) for i in b.doc_ids]
    assert sorted(ids) == sorted(ungdc.subset(year=[2020, 2021]).doc_ids)
    assert stream.load_report.loaded == len(ids)


def test_headlines(headlines):
    d = headlines.docs
    counts = d.groupby("source").size().to_dict()
    assert counts == {"BBC": 3398, "CGTN": 13736, "China Daily": 4547, "Global Times": 5780, "Xinhua": 10352}
    assert d["doc_id"].is_unique
    assert not d[["source", "text"]].duplicated().any()
    assert d["date"].notna().all()
    assert (d["year"] == 2022).mean() > 0.99
    r = headlines.load_report
    assert r.read == int(d["n_scrapes"].sum()) + len(r.skipped)
    assert all(reason == "empty headline" for _, reason in r.skipped)
    # a known headline, its timestamp parsed from CGTN's "HH:MM, DD-Mon-YYYY" format
    row = d[
        (d["source"] == "CGTN") & (d["text"] == "Airbus speaks highly on great prospects of Chinese market")
    ]
    assert len(row) == 1
    assert row["date"].iloc[0] == pd.Timestamp("2022-07-07 14:43")
    gt = d[d["source"] == "Global Times"]
    assert gt["date"].min() == pd.Timestamp("2020-01-22 21:15")  # "Published: Jan 22, 2020 09:15 PM"


def test_missing_corpus_explains_how_to_obtain_it(tmp_path, monkeypatch):
    monkeypatch.setenv("FRAMING_DATA", str(tmp_path))
    with pytest.raises(MissingCorpusError, match="doi:10.7910/DVN/0TJX8Y"):
        framing.load_corpus("ungdc")
    with pytest.raises(framing.CorpusError, match="unknown corpus 'ungdcc'"):
        framing.load_corpus("ungdcc")


def test_ungdc_from_extracted_folder(tmp_path, monkeypatch):
    d = tmp_path / "ungdc" / "TXT" / "Session 70 - 2015"
    d.mkdir(parents=True)
    (d / "CHN_70_2015.txt").write_text("A community of shared future.", encoding="utf-8")
    (d / "bad_name.txt").write_text("text", encoding="utf-8")
    monkeypatch.setenv("FRAMING_DATA", str(tmp_path))
    c = framing.load_corpus("ungdc")
    assert c.doc_ids == ["CHN_70_2015"]
    assert c.load_report.skipped == [
        ("TXT/Session 70 - 2015/bad_name.txt", "file name is not <ISO3>_<session>_<year>.txt")
    ]


def test_stream_a_partitioned_parquet_dataset(tmp_path):
    from framing import CorpusStream

    sub = framing.load_corpus("ungdc", years=(2020, 2021), countries=["CHN", "USA"])
    sub.to_parquet(tmp_path / "ds", partition_cols=["year"])
    stream = stream_corpus(tmp_path / "ds")
    assert isinstance(stream, CorpusStream)
    ids = sorted(i for b in stream.iter_batches(2) for i in b.doc_ids)
    assert ids == sorted(sub.doc_ids)


@pytest.mark.parametrize(
    "name,fixture", [("seeds", "seeds"), ("headlines2022", "headlines"), ("ungdc", "ungdc")]
)
def test_catalog_document_counts_match_what_loads(name, fixture, request):
    corpus = request.getfixturevalue(fixture)
    assert len(corpus) == catalog()[name]["documents"]
