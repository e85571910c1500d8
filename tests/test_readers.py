import json

import pandas as pd
import pytest

from framing import CorpusError, read_corpus, read_csv, read_jsonl, read_txt_folder


def write(path, data: bytes):
    path.write_bytes(data)
    return path


@pytest.fixture
def folder(tmp_path):
    d = tmp_path / "texts"
    d.mkdir()
    write(d / "a.txt", "date: 2022-01-02\n---\n\n\nWin\u2013win cooperation.\n".encode())
    write(d / "b.txt", b"\xef\xbb\xbfWith BOM\r\nand CRLF\r\n")
    write(d / "empty.txt", b"")
    write(d / "blank.txt", b"  \n\n ")
    write(d / "binary.txt", b"\x00\x00\x05Bud1\x00")
    write(d / "latin1.txt", "Caf\u00e9 society".encode("cp1252"))
    write(d / "header_only.txt", b"title: A title\n---\n\n")
    write(d / "notes.md", b"not a txt file")
    return d


def test_txt_folder_reads_and_accounts_for_every_file(folder):
    c = read_txt_folder(folder)
    assert c.doc_ids == ["a", "b"]
    assert c["a"].text == "Win\u2013win cooperation.\n"
    assert str(c["a"].date.date()) == "2022-01-02"
    assert c["b"].text == "With BOM\nand CRLF\n"
    r = c.load_report
    assert r.read == 7 and r.loaded == 2
    reasons = dict(r.skipped)
    assert reasons["empty.txt"] == "empty file"
    assert reasons["blank.txt"] == "only white space"
    assert reasons["binary.txt"].startswith("binary file")
    assert reasons["latin1.txt"].startswith("not valid UTF-8 at byte 3 (line 1)")
    assert reasons["header_only.txt"] == "no text after the header lines"


def test_txt_folder_fallback_encoding_is_explicit_and_recorded(folder):
    c = read_txt_folder(folder, fallback_encoding="cp1252")
    assert c["latin1"].text == "Caf\u00e9 society"
    assert any("decoded as cp1252" in n for n in c.load_report.notes)


def test_txt_folder_raise_mode_names_the_file(folder):
    with pytest.raises(CorpusError, match=r"binary\.txt: binary file"):
        read_txt_folder(folder, on_error="raise")


def test_sidecar_metadata(tmp_path):
    d = tmp_path / "m"
    d.mkdir()
    write(d / "x.txt", b"date: 2020-05-01\n---\nText x.")
    write(d / "y.txt", b"Text y.")
    write(
        d / "metadata.csv", b"file,source,date,extra\nx.txt,CGTN,2020-05-02,1\ny.txt,BBC,,2\nz.txt,BBC,,3\n"
    )
    c = read_txt_folder(d)
    assert c.docs.set_index("doc_id")["source"].to_dict() == {"x": "CGTN", "y": "BBC"}
    assert str(c["x"].date.date()) == "2020-05-02"  # metadata.csv wins, and says so
    notes = " ".join(c.load_report.notes)
    assert "'2020-05-01' in the file header" in notes
    assert "1 rows name no loaded file: ['z.txt']" in notes
    assert c["y"].extra == "2"


@pytest.mark.parametrize(
    "content, message",
    [
        (b"file,source\nx.txt,A\nx.txt,B\n", r"duplicate 'file' values on lines \[2, 3\]"),
        (b"name,source\nx.txt,A\n", "needs a 'file'"),
        (b'file,source\n"x.txt,A\n', r"metadata\.csv, line 2: malformed CSV"),
        (b"file,date\nx.txt,someday\n", r"metadata.csv, line 2: date: unparseable date 'someday'"),
    ],
)
def test_malformed_metadata_csv(tmp_path, content, message):
    write(tmp_path / "x.txt", b"Text.")
    write(tmp_path / "metadata.csv", content)
    with pytest.raises(CorpusError, match=message):
        read_txt_folder(tmp_path)


def test_bad_header_date_names_file(tmp_path):
    write(tmp_path / "x.txt", b"date: 31/31/2020\n---\nText.")
    with pytest.raises(CorpusError, match=r"x\.txt, line 1: header date"):
        read_txt_folder(tmp_path, metadata=None)


def test_csv_with_mapping_and_skips(tmp_path):
    p = write(
        tmp_path / "d.csv",
        b"id,body,outlet,when\n1,Hello,BBC,2022-01-03\n2,,CGTN,2022\n3,Bye,CGTN,\n",
    )
    c = read_csv(p, columns={"id": "doc_id", "body": "text", "outlet": "source", "when": "date"})
    assert c.doc_ids == ["1", "3"]
    assert c.load_report.skipped == [("d.csv:3", "empty text")]
    assert c.docs["year"].tolist()[0] == 2022
    with pytest.raises(CorpusError, match="columns \\['nope'\\] not found"):
        read_csv(p, columns={"nope": "text"})
    with pytest.raises(CorpusError, match="no 'text' column"):
        read_csv(p)


def test_csv_duplicate_ids(tmp_path):
    p = write(tmp_path / "d.csv", b"doc_id,text\n1,a\n1,b\n")
    with pytest.raises(CorpusError, match=r"d\.csv: duplicate doc_id"):
        read_csv(p)


def test_jsonl(tmp_path):
    lines = [
        json.dumps({"doc_id": "a", "text": "One", "source": "X"}),
        "",
        json.dumps({"doc_id": "b", "text": "", "source": "Y"}),
    ]
    p = write(tmp_path / "d.jsonl", "\n".join(lines).encode())
    c = read_jsonl(p)
    assert c.doc_ids == ["a"]
    assert c.load_report.skipped == [("d.jsonl:3", "empty text")]
    bad = write(tmp_path / "bad.jsonl", b'{"text": "a"}\n{"text": \n')
    with pytest.raises(CorpusError, match=r"bad\.jsonl, line 2: invalid JSON"):
        read_jsonl(bad)


def test_read_corpus_dispatch(tmp_path, folder):
    p = write(tmp_path / "d.csv", b"doc_id,text\n1,a\n")
    assert read_corpus(p).doc_ids == ["1"]
    assert read_corpus(folder).doc_ids == ["a", "b"]
    pq = tmp_path / "d.parquet"
    pd.DataFrame({"doc_id": ["z"], "text": ["zz"]}).to_parquet(pq)
    assert read_corpus(pq).doc_ids == ["z"]
    with pytest.raises(CorpusError, match="unknown corpus format '.xml'"):
        read_corpus(write(tmp_path / "d.xml", b"<a/>"))
