"""Out-of-core and parallel execution: every backend gives the local result, row for row.

The reference of each check is the ordinary in-memory call on the whole
corpus (``count_tokens`` per document, ``framing.compare.keyness``,
``framing.tone.sentiment.score_documents``); the parallel runs of the same
main functions read a year-partitioned Parquet copy of UNGDC 2010-2024
(``read_parquet(..., stream=True)``) inside the workers.
"""

from __future__ import annotations

import os
import signal
import sys
from collections import Counter
from functools import partial

import numpy as np
import pandas as pd
import pytest

from framing import Corpus, read_parquet
from framing.compare.keyness import count_terms, keyness, merge_term_counts
from framing.corpus.core import CorpusError, CorpusStream, LoadReport
from framing.lexicon.matcher import document_tokens
from framing.parallel import (
    ParallelError,
    _OrderedReducer,
    concat_frames,
    get_backend,
    map_batches,
    parallel_backend,
    parquet_units,
    sum_counters,
    write_dataset,
)
from framing.text.tokenize import count_tokens
from framing.tone import sentiment
from framing.tone.sentiment import score_documents


@pytest.fixture(scope="module")
def dataset(tmp_path_factory):
    """UNGDC 2010-2024 as a year-partitioned dataset, and its in-memory reading."""
    from framing import load_corpus

    corpus = load_corpus("ungdc", years=(2010, 2024))
    path = tmp_path_factory.mktemp("parallel") / "ungdc"
    write_dataset(corpus, path, partition_cols=["year"], max_rows_per_group=100)
    return path, read_parquet(path)


@pytest.fixture(scope="module")
def client():
    distributed = pytest.importorskip("distributed")
    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
    )
    with distributed.Client(cluster) as c:
        yield c
    cluster.close()


def _reference_tokens(corpus: Corpus) -> pd.DataFrame:
    expected = corpus.meta.reset_index(drop=True)
    expected.insert(1, "tokens", np.array([count_tokens(t) for t in corpus.texts], dtype=np.int64))
    return expected


def _stream(path, **kwargs):
    """The dataset as a Parquet stream: read by row group inside the workers."""
    return read_parquet(path, stream=True, **kwargs)


def _doc_tokens(batch: Corpus) -> pd.DataFrame:
    return pd.DataFrame({"doc_id": batch.doc_ids, "tokens": [count_tokens(t) for t in batch.texts]})


def _kill_once(batch: Corpus, marker: str) -> pd.DataFrame:
    """Kill the process running the first batch to arrive here, once."""
    try:
        fd = os.open(marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
    except FileExistsError:
        return _doc_tokens(batch)
    os.write(fd, str(os.getpid()).encode())
    os.close(fd)
    os.kill(os.getpid(), signal.SIGKILL)
    raise AssertionError("unreachable")


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


# --------------------------------------------------------------------------
# Work units and datasets
# --------------------------------------------------------------------------


def test_dataset_round_trip_and_units(dataset):
    path, corpus = dataset
    assert sorted(p.name for p in path.iterdir()) == [f"year={y}" for y in range(2010, 2025)]
    assert len(corpus) > 2500 and corpus.docs["year"].between(2010, 2024).all()
    _plan, units = parquet_units(path)
    assert [u.index for u in units] == list(range(len(units)))
    assert sum(u.num_rows for u in units) == len(corpus)
    assert max(u.num_rows for u in units) <= 100
    # partitions outside the filter are never listed
    _, recent = parquet_units(path, filters=[("year", ">=", 2023)])
    assert {f"year={y}" for y in (2023, 2024)} == {os.path.basename(os.path.dirname(u.path)) for u in recent}
    assert sum(u.num_rows for u in recent) == int((corpus.docs["year"] >= 2023).sum())
    # a URI is opened by pyarrow's file systems (s3://, gs://, file:// ...)
    for backend in ("serial", "processes"):
        recent_uri = _stream(path.as_uri(), filters=[("year", ">=", 2023)])
        by_uri = document_tokens(recent_uri, by="year", backend=backend, n_workers=2)
        assert by_uri["year"].tolist() == [2023, 2024]
        assert by_uri["documents"].tolist() == corpus.docs["year"].value_counts()[[2023, 2024]].tolist()


def test_write_dataset_refuses_to_mix_into_existing_folder(tmp_path):
    corpus = Corpus.from_texts(["a", "b"], year=[2001, 2002])
    write_dataset(corpus, tmp_path / "ds")
    with pytest.raises(ParallelError, match="not empty"):
        write_dataset(corpus, tmp_path / "ds")
    with pytest.raises(ParallelError, match="missing for documents"):
        write_dataset(Corpus.from_texts(["a"]), tmp_path / "other")
    # a new file name template adds documents
    more = Corpus.from_texts(["c"], year=[2001], doc_id=["x"])
    write_dataset(more, tmp_path / "ds", basename_template="more-{i}.parquet")
    assert sorted(read_parquet(tmp_path / "ds").doc_ids) == ["doc0", "doc1", "x"]


def test_ordered_reducer_restores_unit_order():
    reducer = _OrderedReducer(lambda parts: "".join(parts), fan_in=2)
    letters = "abcdefghij"
    for i in [3, 0, 9, 1, 2, 5, 4, 8, 6, 7]:
        reducer.add(i, letters[i])
    assert reducer.result() == letters


def test_merges_are_exact():
    assert sum_counters([Counter(a=2), Counter(a=1, b=1)]) == Counter(a=3, b=1)
    frames = [pd.DataFrame({"x": [1]}), pd.DataFrame({"x": []}), pd.DataFrame({"x": [2]})]
    assert concat_frames(frames)["x"].tolist() == [1, 2]
    texts = ["peace war", "peace talks", "war war", "talks"]
    corpus = Corpus.from_texts(texts, source=["A", "B", "A", "C"])
    whole = count_terms(corpus, by="source")
    parts = [count_terms(corpus[i : i + 1], by="source") for i in range(len(texts))]
    merged = merge_term_counts(parts)
    pd.testing.assert_frame_equal(merged.to_frame(), whole.to_frame())
    assert merged.groups == whole.groups and merged.n_docs.tolist() == whole.n_docs.tolist()


# --------------------------------------------------------------------------
# Serial, processes and Dask against the local run
# --------------------------------------------------------------------------


@pytest.mark.parametrize("backend", ["serial", "processes"])
def test_token_counts_local_backends(dataset, backend):
    path, corpus = dataset
    out = document_tokens(_stream(path), backend=backend, n_workers=2, batch_size=40)
    pd.testing.assert_frame_equal(out, _reference_tokens(corpus))
    # the in-memory corpus (its token index) gives the same table
    pd.testing.assert_frame_equal(document_tokens(corpus), _reference_tokens(corpus))


def test_token_counts_dask_match_local_run(dataset, client):
    path, corpus = dataset
    expected = _reference_tokens(corpus)
    with parallel_backend("dask", client=client):
        pd.testing.assert_frame_equal(document_tokens(_stream(path)), expected)
    recent = expected[expected["year"] >= 2017]
    by = (
        recent.groupby(["year", "source"], sort=True, dropna=False)
        .agg(documents=("doc_id", "size"), tokens=("tokens", "sum"))
        .reset_index()
    )
    with parallel_backend("dask", client=client):
        grouped = document_tokens(_stream(path, filters=[("year", ">=", 2017)]), by=["year", "source"])
    pd.testing.assert_frame_equal(grouped, by)
    assert grouped["documents"].sum() == len(recent)
    # the serial run of the main function: in memory, and the stream read in this process
    pd.testing.assert_frame_equal(
        document_tokens(corpus.subset(query="year >= 2017"), by=["year", "source"]), by
    )
    pd.testing.assert_frame_equal(
        document_tokens(_stream(path, filters=[("year", ">=", 2017)]), by=["year", "source"]), by
    )


def test_keyness_with_pushed_down_filter(dataset, client):
    path, corpus = dataset
    recent = corpus.subset(query="year >= 2022")
    expected = keyness(recent, by="year", target=2024, stopwords=True, min_count=3)
    filters = [("year", ">=", 2022)]
    for backend in ("processes", "dask"):
        with parallel_backend(backend, client=client if backend == "dask" else None, n_workers=2):
            got = keyness(_stream(path, filters=filters), by="year", target=2024, stopwords=True, min_count=3)
        pd.testing.assert_frame_equal(got, expected)
    whole = count_terms(recent, by="source", unit="document")
    with parallel_backend("dask", client=client):
        tc = count_terms(_stream(path, filters=filters), by="source", unit="document")
    pd.testing.assert_frame_equal(tc.to_frame(), whole.to_frame())
    assert tc.n_docs.tolist() == whole.n_docs.tolist()
    # the stream read in this process gives the same counts
    tc = count_terms(_stream(path, filters=filters), by="source", unit="document", backend="serial")
    pd.testing.assert_frame_equal(tc.to_frame(), whole.to_frame())


def test_slogan_counts_match_local_run(dataset, client):
    from framing.lexicon.matcher import as_lexicon, count_matches

    path, corpus = dataset
    lexicon = as_lexicon("slogans")
    recent = corpus.subset(query="year >= 2019")
    filters = [("year", ">=", 2019)]
    per_doc = count_matches(recent, lexicon)
    per_year = count_matches(recent, lexicon, by="year")
    assert per_doc["n"].sum() > 50 and set(per_doc["doc_id"]) >= {"CHN_74_2019", "CHN_79_2024"}
    with parallel_backend("dask", client=client):
        got = count_matches(_stream(path, filters=filters), lexicon)
        pd.testing.assert_frame_equal(got, per_doc)
        got = count_matches(_stream(path, filters=filters), lexicon, by="year")
        pd.testing.assert_frame_equal(got, per_year)
    got = count_matches(
        _stream(path, filters=filters), lexicon, by="year", backend="processes", n_workers=2, batch_size=60
    )
    pd.testing.assert_frame_equal(got, per_year)
    got = count_matches(_stream(path, filters=filters), lexicon, by="year", backend="serial")
    pd.testing.assert_frame_equal(got, per_year)
    # the main function takes the backend itself, or from parallel_backend()
    got = count_matches(recent, lexicon, by="year", backend="processes", n_workers=2, batch_size=60)
    pd.testing.assert_frame_equal(got, per_year)
    assert got.attrs["entries"] == per_year.attrs["entries"]
    with parallel_backend("dask", client=client):
        pd.testing.assert_frame_equal(count_matches(recent, lexicon, batch_size=80), per_doc)


def test_count_terms_and_keyness_take_the_backend(headlines):
    from framing.compare.keyness import count_terms
    from framing.compare.keyness import keyness as serial_keyness

    sample = headlines.sample(1500, random_state=0)
    serial = count_terms(sample, by="source", stopwords=True, min_count=2)
    batched = count_terms(sample, by="source", stopwords=True, min_count=2, backend="processes", n_workers=2)
    assert batched.terms.tolist() == serial.terms.tolist() and batched.groups == serial.groups
    assert (batched.counts != serial.counts).nnz == 0 and batched.totals.tolist() == serial.totals.tolist()
    expected = serial_keyness(sample, by="source", target="BBC", min_count=3)
    with parallel_backend("processes", n_workers=2):
        pd.testing.assert_frame_equal(
            serial_keyness(sample, by="source", target="BBC", min_count=3), expected
        )


def test_sentiment_and_dictionary_scores(headlines, client):
    sample = headlines[:3000]
    weighted = getattr(sentiment, "WeightedLexicon", None) or sentiment.Lexicon
    lexicon = weighted(
        {
            "conflict": {"war": 1.0, "threat": 0.5, "crisis": 1.0},
            "cooperation": {"win-win cooperation": 1.0, "partnership": 1.0},
        }
    )
    for method in ("vader", lexicon):
        expected = score_documents(sample, method)
        for backend in ("processes", "dask"):
            with parallel_backend(backend, client=client if backend == "dask" else None):
                got = score_documents(sample, method, n_workers=2, batch_size=700)
            pd.testing.assert_frame_equal(got, expected)
        stream = CorpusStream(sample.iter_batches, name="sample")
        pd.testing.assert_frame_equal(score_documents(stream, method, batch_size=700), expected)


def test_sentiment_scores_of_a_parquet_stream(dataset):
    path, corpus = dataset
    recent = corpus.subset(query="year >= 2023")
    expected = score_documents(recent)
    stream = _stream(path, filters=[("year", ">=", 2023)])
    pd.testing.assert_frame_equal(score_documents(stream, backend="processes", n_workers=2), expected)
    pd.testing.assert_frame_equal(score_documents(stream), expected)


def test_stream_input_and_configuration_switch(dataset, client):
    _path, corpus = dataset
    recent = corpus.subset(query="year == 2024")
    stream = CorpusStream(recent.iter_batches, name="recent")
    expected = _reference_tokens(recent)
    with parallel_backend("dask", client=client):
        assert get_backend()["backend"] == "dask"
        pd.testing.assert_frame_equal(document_tokens(stream, batch_size=30), expected)
    assert get_backend()["backend"] == "serial"
    with parallel_backend("processes", n_workers=2):
        pd.testing.assert_frame_equal(document_tokens(stream, batch_size=30), expected)


def test_dask_survives_a_killed_worker(dataset, client, tmp_path):
    path, corpus = dataset
    marker = tmp_path / "killed"
    before = set(client.scheduler_info()["workers"])
    cloudpickle = pytest.importorskip("cloudpickle")
    cloudpickle.register_pickle_by_value(sys.modules[__name__])
    try:
        got = map_batches(
            path,
            partial(_kill_once, marker=str(marker)),
            backend="dask",
            client=client,
            batch_size=50,
            filters=[("year", ">=", 2019)],
        )
    finally:
        cloudpickle.unregister_pickle_by_value(sys.modules[__name__])
    killed = int(marker.read_text())
    assert not _pid_alive(killed)
    expected = _reference_tokens(corpus.subset(query="year >= 2019"))[["doc_id", "tokens"]]
    pd.testing.assert_frame_equal(got, expected)
    client.wait_for_workers(2, timeout=60)
    assert set(client.scheduler_info()["workers"]) != before


def test_processes_survive_a_killed_worker(dataset, tmp_path):
    path, corpus = dataset
    marker = tmp_path / "killed"
    with pytest.warns(RuntimeWarning, match="worker process died"):
        got = map_batches(
            path,
            partial(_kill_once, marker=str(marker)),
            backend="processes",
            n_workers=2,
            batch_size=50,
            filters=[("year", "<=", 2012)],
        )
    assert not _pid_alive(int(marker.read_text()))
    expected = _reference_tokens(corpus.subset(query="year <= 2012"))[["doc_id", "tokens"]]
    pd.testing.assert_frame_equal(got, expected)


# --------------------------------------------------------------------------
# Reports and errors
# --------------------------------------------------------------------------


def test_skipped_documents_are_reported(tmp_path):
    frame = pd.DataFrame(
        {"doc_id": ["a", "b", "c"], "text": ["one two", "  ", "three"], "year": [2001, 2001, 2002]}
    )
    frame.to_parquet(tmp_path / "docs.parquet", index=False)
    stream = read_parquet(tmp_path / "docs.parquet", stream=True)
    out = document_tokens(stream, backend="processes", n_workers=2)
    assert out["doc_id"].tolist() == ["a", "c"] and out["tokens"].tolist() == [2, 1]
    report = stream.load_report
    assert (report.read, report.loaded, len(report.skipped)) == (3, 2, 1)
    assert report.skipped[0][1] == "empty text"
    report = LoadReport()
    out = map_batches(tmp_path / "docs.parquet", _doc_tokens, report=report, backend="processes", n_workers=2)
    assert out["doc_id"].tolist() == ["a", "c"] and out["tokens"].tolist() == [2, 1]
    assert (report.read, report.loaded, len(report.skipped)) == (3, 2, 1)
    with pytest.warns(UserWarning, match="1 documents skipped"):
        map_batches(tmp_path / "docs.parquet", _doc_tokens)


def test_bad_settings_raise_clear_errors(tmp_path):
    corpus = Corpus.from_texts(["a"])
    with pytest.raises(ParallelError, match="unknown backend"):
        document_tokens(corpus, backend="spark")
    with pytest.raises(ParallelError, match="Parquet path only"):
        map_batches(corpus, len, sum, filters=[("year", "==", 2000)])
    with pytest.raises(ParallelError, match="batch_size"):
        document_tokens(corpus, backend="processes", batch_size=0)
    with pytest.raises(ParallelError, match="n_workers"):
        document_tokens(corpus, backend="processes", n_workers=0)
    with pytest.raises(ParallelError, match="expected a Corpus"):
        map_batches([1, 2], len, sum)
    with pytest.raises(CorpusError, match="no such file"):
        read_parquet(tmp_path / "missing", stream=True)
    corpus.to_parquet(tmp_path / "one.parquet")
    with pytest.raises(ParallelError, match="read_parquet"):
        map_batches(read_parquet(tmp_path / "one.parquet", stream=True), len, sum, filters=[("a", "==", 1)])


def test_dask_without_a_client_says_how_to_get_one(monkeypatch):
    distributed = pytest.importorskip("distributed")

    def no_client():
        raise ValueError("No clients found")

    monkeypatch.setattr(distributed, "get_client", no_client)
    with pytest.raises(ParallelError, match="needs a client"):
        document_tokens(Corpus.from_texts(["a"]), backend="dask")
