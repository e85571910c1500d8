"""One regression test per defect of bad or edge input: nothing lost, nothing silent."""

from __future__ import annotations

import json
import os
import signal
import time

import pandas as pd
import pytest

from framing import (
    Corpus,
    CorpusError,
    FramingError,
    LexiconError,
    read_csv,
    read_jsonl,
)
from framing.cli.main import main
from framing.corpus.readers import read_corpus, read_parquet, read_txt_folder


def run_cli(capsys, *argv):
    """Run the command line in-process: (exit code, stdout, stderr)."""
    try:
        code = main(list(argv))
    except SystemExit as exc:  # argparse usage errors
        code = exc.code
    out, err = capsys.readouterr()
    assert "Traceback" not in err and "Traceback" not in out
    return code, out, err


def seeds_available():
    from framing.corpus.catalog import MissingCorpusError, corpus_path

    try:
        corpus_path("seeds")
    except (MissingCorpusError, FileNotFoundError):
        return False
    return True


needs_seeds = pytest.mark.skipif(not seeds_available(), reason="seed articles not present")


@pytest.fixture
def small_corpus(tmp_path):
    d = tmp_path / "docs"
    d.mkdir()
    texts = {
        "a": "China calls for win-win cooperation and a community of shared future.",
        "b": "The Belt and Road Initiative brings win-win cooperation to Africa.",
        "c": "Western media question the Belt and Road Initiative.",
        "d": "A community with a shared future for mankind, said the minister.",
    }
    for k, t in texts.items():
        (d / f"{k}.txt").write_text(t, encoding="utf-8")
    return d


# ---------------------------------------------------------------------------
# report output folder
# ---------------------------------------------------------------------------


def _report(capsys, corpus, out, *extra):
    return run_cli(
        capsys, "report", str(corpus), "--out", str(out), "--sections", "summary", "--no-progress", *extra
    )


def test_report_never_deletes_a_folder_of_user_files(tmp_path, small_corpus, capsys):
    out = tmp_path / "thesis"
    (out / "chapters").mkdir(parents=True)
    (out / "thesis.docx").write_bytes(b"my thesis")
    (out / "chapters" / "one.md").write_text("chapter one")
    code, _, err = _report(capsys, small_corpus, out)
    assert code == 2
    assert "not a previous framing report" in err and "thesis.docx" in err
    assert (out / "thesis.docx").read_bytes() == b"my thesis"
    assert (out / "chapters" / "one.md").read_text() == "chapter one"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".thesis")]


def test_report_replaces_a_previous_report_and_fills_an_empty_folder(tmp_path, small_corpus, capsys):
    out = tmp_path / "rep"
    out.mkdir()
    assert _report(capsys, small_corpus, out)[0] == 0
    first = json.loads((out / "manifest.json").read_text())
    assert _report(capsys, small_corpus, out)[0] == 0  # a previous report: replaced
    assert json.loads((out / "manifest.json").read_text())["files"] == first["files"]
    (out / "tables" / "my_notes.txt").write_text("mine")  # no longer only a report
    code, _, err = _report(capsys, small_corpus, out)
    assert code == 2 and "tables/my_notes.txt" in err
    assert (out / "tables" / "my_notes.txt").read_text() == "mine"


@pytest.mark.parametrize("kind", ["missing_parent", "file", "dot"])
def test_report_out_mistakes_are_clear(tmp_path, small_corpus, capsys, monkeypatch, kind):
    monkeypatch.chdir(tmp_path)
    if kind == "missing_parent":
        out, expect = tmp_path / "no" / "such" / "rep", "does not exist"
    elif kind == "file":
        out = tmp_path / "afile"
        out.write_text("keep me")
        expect = "is a file"
    else:
        out, expect = ".", "give a folder name"
    code, _, err = _report(capsys, small_corpus, out)
    assert code == 2 and expect in err
    if kind == "file":
        assert out.read_text() == "keep me"


def test_report_folders_honour_the_umask(tmp_path, small_corpus, capsys):
    old = os.umask(0o022)
    try:
        assert _report(capsys, small_corpus, tmp_path / "rep")[0] == 0
    finally:
        os.umask(old)
    assert (tmp_path / "rep").stat().st_mode & 0o777 == 0o755
    assert (tmp_path / "rep" / "tables").stat().st_mode & 0o777 == 0o755


def test_sigterm_cleans_up_like_sigint(tmp_path, monkeypatch):
    from framing.report import build as report_mod

    def terminated(*args, **kwargs):
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(5)  # the handler interrupts the sleep
        raise AssertionError("SIGTERM did not interrupt the build")

    monkeypatch.setattr(report_mod, "_build", terminated)
    corpus = Corpus.from_texts(["One text here.", "Another text."])
    before = signal.getsignal(signal.SIGTERM)
    with pytest.raises(KeyboardInterrupt):
        report_mod.build_report(corpus, tmp_path / "rep", {"sections": ["summary"]}, log=None)
    assert list(tmp_path.iterdir()) == []
    assert signal.getsignal(signal.SIGTERM) == before


def test_sample_zero_and_unknown_by_column_are_errors(tmp_path, small_corpus, capsys):
    code, _, err = _report(capsys, small_corpus, tmp_path / "r1", "--sample", "0")
    assert code == 2 and "'sample' (--sample)" in err
    cfg = tmp_path / "c.yml"
    cfg.write_text("by: [nosuch]\nsections: [summary]\n")
    code, _, err = run_cli(
        capsys, "report", str(small_corpus), "--config", str(cfg), "--out", str(tmp_path / "r2")
    )
    assert code == 2 and "option 'by'" in err and "nosuch" in err


def test_rebuild_checks_lexicon_hashes_and_manifest(tmp_path, small_corpus, capsys):
    lex = tmp_path / "mine.yml"
    lex.write_text("entries:\n  - id: wwc\n    patterns: [win-win cooperation]\n")
    out = tmp_path / "rep"
    code, _, _ = run_cli(
        capsys,
        "report",
        str(small_corpus),
        "--out",
        str(out),
        "--sections",
        "summary,slogans",
        "--lexicon",
        str(lex),
        "--no-progress",
    )
    assert code == 0
    manifest = out / "manifest.json"
    assert "mine.yml" in json.loads(manifest.read_text())["lexicons"]
    lex.write_text("entries:\n  - id: wwc\n    patterns: [win-win]\n")
    code, _, err = run_cli(capsys, "report", "--rebuild", str(manifest), "--no-progress")
    assert code == 2 and "changed since the report was built" in err and "mine.yml" in err
    manifest.write_text(manifest.read_text()[:-20])  # a hand edit gone wrong
    code, _, err = run_cli(capsys, "report", "--rebuild", str(manifest))
    assert code == 2 and "not valid JSON" in err
    manifest.write_text(json.dumps({"config": {"sections": ["nosuch"]}}))
    code, _, err = run_cli(capsys, "report", "--rebuild", str(manifest))
    assert code == 2 and "unknown sections" in err


# ---------------------------------------------------------------------------
# .txt folders
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "first_line",
    [
        "Title IX changed college sports.",
        "Author Jane Smith argues that it matters.",
        "Language matters in diplomacy.",
        "Source code is law.",
        "Date: to be announced",
    ],
)
def test_prose_first_lines_are_never_headers(tmp_path, first_line):
    (tmp_path / "x.txt").write_text(first_line + "\nSecond line.", encoding="utf-8")
    (tmp_path / "one.txt").write_text(first_line, encoding="utf-8")
    c = read_txt_folder(tmp_path)
    assert c["x"].text == first_line + "\nSecond line."
    assert c["one"].text == first_line  # a one-line file is a document
    assert c.load_report.skipped == []


def test_explicit_header_form(tmp_path):
    (tmp_path / "x.txt").write_text("date: 2021-03-04\nCountry: Chile\n---\n\nBody.\n")
    c = read_txt_folder(tmp_path)
    assert c["x"].text == "Body.\n" and c["x"].country == "Chile"
    assert str(c["x"].date.date()) == "2021-03-04"
    (tmp_path / "y.txt").write_text("title: fine\ndate: 2020-13-45\n---\nBody.")
    with pytest.raises(CorpusError, match=r"y\.txt, line 2: header date"):
        read_txt_folder(tmp_path)


def test_symlink_and_target_are_read_once(tmp_path):
    (tmp_path / "a.txt").write_text("Only once.")
    (tmp_path / "link.txt").symlink_to(tmp_path / "a.txt")
    c = read_txt_folder(tmp_path)
    assert c.doc_ids == ["a"]
    assert dict(c.load_report.skipped)["link.txt"].startswith("symbolic link to a.txt")


def test_dangling_links_fifos_and_upper_case_suffix_are_accounted_for(tmp_path):
    (tmp_path / "UPPER.TXT").write_text("Shouting file name.")
    (tmp_path / "gone.txt").symlink_to(tmp_path / "missing.txt")
    os.mkfifo(tmp_path / "pipe.txt")
    (tmp_path / "notes.docx").write_bytes(b"PK")
    c = read_txt_folder(tmp_path)
    assert c.doc_ids == ["UPPER"]
    reasons = dict(c.load_report.skipped)
    assert "broken symbolic link" in reasons["gone.txt"]
    assert "not a regular file" in reasons["pipe.txt"]
    assert c.load_report.read == 3
    assert any("notes.docx" in n for n in c.load_report.notes)


def test_unreadable_file_is_recorded_with_on_error_skip(tmp_path, monkeypatch):
    from pathlib import Path

    (tmp_path / "a.txt").write_text("Readable.")
    (tmp_path / "b.txt").write_text("Locked.")
    real = Path.read_bytes

    def read_bytes(self):
        if self.name == "b.txt":
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    c = read_txt_folder(tmp_path)
    assert c.doc_ids == ["a"]
    assert dict(c.load_report.skipped)["b.txt"] == "cannot read the file (Permission denied)"
    with pytest.raises(CorpusError, match="b.txt: cannot read"):
        read_txt_folder(tmp_path, on_error="raise")


def test_fallback_encoding_applies_to_bad_lines_only(tmp_path):
    data = "Caf\u00e9 in UTF-8 \u2013 fine.\n".encode() + "Caf\u00e9 in cp1252.\n".encode("cp1252")
    (tmp_path / "mixed.txt").write_bytes(data)
    c = read_txt_folder(tmp_path, fallback_encoding="cp1252")
    assert c["mixed"].text == "Caf\u00e9 in UTF-8 \u2013 fine.\nCaf\u00e9 in cp1252.\n"
    assert any("line(s) 2" in n for n in c.load_report.notes)


def test_folder_named_like_a_partition_is_not_a_parquet_dataset(tmp_path):
    (tmp_path / "a.txt").write_text("Text.")
    (tmp_path / "notes=old").mkdir()
    (tmp_path / "notes=old" / "draft.txt").write_text("Old draft.")
    assert read_corpus(tmp_path).doc_ids == ["a"]


def test_parquet_folder_with_suffix(tmp_path):
    ds = tmp_path / "corpus.parquet"
    ds.mkdir()
    pd.DataFrame({"doc_id": ["x", "y"], "text": ["One.", "Two."]}).to_parquet(ds / "part-0.parquet")
    (ds / "_SUCCESS").write_bytes(b"")
    assert read_corpus(ds).doc_ids == ["x", "y"]


# ---------------------------------------------------------------------------
# CSV, JSONL, Parquet
# ---------------------------------------------------------------------------


def test_csv_row_with_an_extra_field_is_an_error_naming_the_line(tmp_path):
    p = tmp_path / "d.csv"
    p.write_text("doc_id,text,source\n1,Fine,BBC\n2,Hello, world,CGTN\n")
    with pytest.raises(CorpusError, match=r"d\.csv, line 3: 4 fields but the header has 3"):
        read_csv(p)
    p.write_text("doc_id,text,source\n1,Hello, world,CGTN\n")  # the first row too
    with pytest.raises(CorpusError, match=r"line 2: 4 fields"):
        read_csv(p)


def test_metadata_csv_row_with_an_extra_field(tmp_path):
    (tmp_path / "a.txt").write_text("Text.")
    (tmp_path / "metadata.csv").write_text("file,source\na.txt,BBC, London\n")
    with pytest.raises(CorpusError, match=r"metadata\.csv, line 2: 3 fields"):
        read_txt_folder(tmp_path)


def test_metadata_csv_text_column_never_replaces_the_files(tmp_path):
    (tmp_path / "a.txt").write_text("Real text.")
    (tmp_path / "metadata.csv").write_text("file,text\na.txt,Summary\n")
    with pytest.raises(CorpusError, match="'text' column would replace"):
        read_txt_folder(tmp_path)


def test_csv_line_numbers_count_lines_inside_quoted_cells(tmp_path):
    p = tmp_path / "d.csv"
    p.write_text('doc_id,text\n1,"first\nsecond\nthird"\n2,\n3,ok\n')
    c = read_csv(p)
    assert c.doc_ids == ["1", "3"]
    assert c.load_report.skipped == [("d.csv:5", "empty text")]


def test_csv_mapping_onto_an_existing_column(tmp_path):
    p = tmp_path / "d.csv"
    p.write_text("body,text\nThe body,The text\n")
    with pytest.raises(CorpusError, match=r"already has a column \['text'\]"):
        read_csv(p, columns={"body": "text"})


def test_jsonl_doc_ids_are_kept_as_written(tmp_path):
    p = tmp_path / "d.jsonl"
    p.write_text('{"doc_id": 1, "text": "a"}\n{"doc_id": "x", "text": "b"}\n{"text": "c", "doc_id": 3}\n')
    assert read_jsonl(p).doc_ids == ["1", "x", "3"]


def test_numeric_doc_ids_in_a_float_column_keep_their_written_form():
    c = Corpus.from_records([{"doc_id": 1, "text": "a"}, {"doc_id": 2.5, "text": "b"}])
    assert c.doc_ids == ["1", "2.5"]


def test_jsonl_lone_surrogate_is_replaced_and_noted(tmp_path):
    p = tmp_path / "d.jsonl"
    p.write_text('{"doc_id": "a", "text": "bad \\ud800 char"}\n')
    c = read_jsonl(p)
    assert c["a"].text == "bad \ufffd char"
    assert any("line(s) [1]" in n for n in c.load_report.notes)


def test_jsonl_encoding_advice_names_a_real_option(tmp_path):
    p = tmp_path / "d.jsonl"
    p.write_bytes('{"text": "caf\u00e9"}\n'.encode("cp1252"))
    with pytest.raises(CorpusError, match="fallback_encoding") as err:
        read_jsonl(p)
    assert "fallback_encoding" in str(err.value)
    assert read_jsonl(p, fallback_encoding="cp1252").texts == ["caf\u00e9"]


def test_parquet_duplicate_doc_id_across_partitions_is_consistent(tmp_path):
    from framing import document_tokens

    ds = tmp_path / "ds"
    for part in ("A", "B"):
        (ds / f"source={part}").mkdir(parents=True)
        pd.DataFrame({"doc_id": ["same"], "text": ["Some words."]}).to_parquet(
            ds / f"source={part}" / "part.parquet"
        )
    with pytest.raises(CorpusError, match="duplicate doc_id"):
        read_parquet(ds)
    for backend in ("serial", "processes"):
        with pytest.raises(CorpusError, match="duplicate doc_id"):
            document_tokens(read_parquet(str(ds), stream=True), backend=backend)
        with pytest.raises(CorpusError, match="duplicate doc_id"):
            document_tokens(read_parquet(str(ds), stream=True), by="source", backend=backend)


def test_parquet_row_numbers_run_across_batches(tmp_path):
    p = tmp_path / "d.parquet"
    pd.DataFrame(
        {"doc_id": [f"d{i}" for i in range(7)], "text": ["x", "y", "z", "w", "", "v", ""]}
    ).to_parquet(p)
    stream = read_parquet(p, stream=True)
    assert sum(len(b) for b in stream.iter_batches(2)) == 5
    assert [item for item, _ in stream.load_report.skipped] == ["d.parquet:5", "d.parquet:7"]
    assert [item for item, _ in read_parquet(p).load_report.skipped] == ["d.parquet:5", "d.parquet:7"]


def test_failing_worker_names_its_file(tmp_path):
    from framing.parallel import map_batches

    p = tmp_path / "d.parquet"
    pd.DataFrame({"doc_id": ["a"], "text": ["x"]}).to_parquet(p)

    def broken(batch):
        raise RuntimeError("boom")

    with pytest.raises(FramingError, match=r"d\.parquet \(row group 0\): RuntimeError: boom"):
        map_batches(str(p), broken, backend="serial")


# ---------------------------------------------------------------------------
# dates, years, ids
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("date", ["1600-05-01", "9999", "9999-01-01T00:00"])
def test_out_of_range_dates_are_clear(date):
    with pytest.raises(CorpusError, match="outside the supported years 1678-2261") as err:
        Corpus.from_records([{"doc_id": "a", "text": "x", "date": date}])
    assert "coerce" not in str(err.value) and "pandas" not in str(err.value)


def test_fractional_year_is_clear():
    with pytest.raises(CorpusError, match=r"year must be a whole number; got \['2020.5'\]"):
        Corpus.from_records([{"doc_id": "a", "text": "x", "year": 2020.5}])


def test_row_numbers_are_plain_and_one_based():
    with pytest.raises(CorpusError) as err:
        Corpus(pd.DataFrame({"doc_id": ["a", None], "text": ["x", "y"]}))
    assert "rows [2]" in str(err.value) and "np." not in str(err.value)


# ---------------------------------------------------------------------------
# analyses and the command line
# ---------------------------------------------------------------------------


def test_empty_corpus_analyses_raise_clear_errors():
    from framing.compare.frames import frame_shares
    from framing.compare.keyness import keyness
    from framing.lexicon.matcher import count_matches

    empty = Corpus(pd.DataFrame({"doc_id": [], "text": []}))
    for fn in (lambda: keyness(empty), lambda: count_matches(empty), lambda: frame_shares(empty)):
        with pytest.raises(FramingError, match="no documents"):
            fn()


def test_rates_rejects_unknown_entry_ids():
    from framing.lexicon.core import Lexicon
    from framing.lexicon.matcher import scan_corpus
    from framing.slogans.stats import rates

    lex = Lexicon.from_patterns({"wwc": "win-win cooperation", "bri": "belt and road"})
    matches, docs = scan_corpus(Corpus.from_texts(["win-win cooperation"]), lex)
    assert rates(matches, docs, entries=["bri"])["n"].tolist() == [0]
    with pytest.raises(LexiconError, match=r"\['wcc'\].*known ids: \['wwc', 'bri'\]"):
        rates(matches, docs, entries=["wcc"])


def test_cli_prints_the_load_report_when_anything_was_skipped(tmp_path, small_corpus, capsys):
    for i in range(3):
        (small_corpus / f"empty{i}.txt").write_bytes(b"")
    code, _, err = run_cli(capsys, "slogans", str(small_corpus))
    assert code == 0
    assert "skipped 3" in err and "empty0.txt: empty file" in err


def test_cli_query_with_unknown_column(capsys, small_corpus):
    code, _, err = run_cli(capsys, "topics", str(small_corpus), "--query", "nosuch > 1", "--out", "unused")
    assert code == 2 and "query 'nosuch > 1'" in err


def test_topics_with_zero_iterations_is_an_error_not_a_crash(capsys, small_corpus, tmp_path):
    code, _, err = run_cli(
        capsys,
        "topics",
        str(small_corpus),
        "--out",
        str(tmp_path / "t"),
        "--k",
        "2",
        "--min-df",
        "1",
        "--iterations",
        "0",
    )
    assert code == 2 and "--iterations must be at least 1" in err


def test_cli_debug_shows_the_traceback(capsys, tmp_path):
    assert main(["--debug", "slogans", str(tmp_path / "missing.csv")]) == 2
    err = capsys.readouterr().err
    assert "Traceback" in err and "no such file" in err


# ---------------------------------------------------------------------------
# patterns, tokens, matching
# ---------------------------------------------------------------------------


def test_space_beside_bar_is_a_lexicon_error_naming_file_line_entry(tmp_path):
    from framing.lexicon.core import load_lexicon

    p = tmp_path / "lex.yml"
    p.write_text("entries:\n  - id: csf\n    patterns:\n      - community| communities of shared future\n")
    with pytest.raises(LexiconError, match=r"lex\.yml, line 4: entry 'csf'.*one side only"):
        load_lexicon(p)


def test_dotted_capital_i_is_one_token():
    from framing.text.tokenize import count_tokens, tokenize, tokenize_spans

    assert tokenize("\u0130stanbul") == ["istanbul"]
    assert count_tokens("\u0130stanbul and \u0130zmir") == len(tokenize("\u0130stanbul and \u0130zmir")) == 3
    assert [t for t, _, _ in tokenize_spans("\u0130stanbul")] == ["istanbul"]


def test_line_break_hyphen_before_line_separator_gives_distinct_spans():
    from framing.text.tokenize import tokenize, tokenize_spans

    text = "co-\n\u2028operation"
    spans = tokenize_spans(text)
    assert [t for t, _, _ in spans] == tokenize(text) == ["co", "operation"]
    assert len({(s, e) for _, s, e in spans}) == 2
    assert [text[s:e] for _, s, e in spans] == ["co", "operation"]


def test_many_matches_of_one_entry_in_one_document():
    from framing.lexicon.core import Lexicon
    from framing.lexicon.matcher import Matcher
    from framing.text.tokenize import tokenize

    lex = Lexicon.from_patterns({"csf": ["community of shared future", "shared future", "community"]})
    tokens = tokenize("A community of shared future. " * 3000 + "A shared future.")
    found = Matcher(lex, engine="python").match(tokens)
    assert [f[0] for f in found].count("csf") == 3001
    assert len(found) == 3001
    assert sum(1 for f in found if f[3] - f[2] == 4) == 3000


def test_full_report_on_four_tiny_documents_ends_cleanly(tmp_path, capsys):
    tiny = tmp_path / "tiny"
    tiny.mkdir()
    for i in range(4):
        (tiny / f"t{i}.txt").write_text(f"Word {i} here.")
    code, _, err = run_cli(capsys, "report", str(tiny), "--out", str(tmp_path / "rep"), "--no-progress")
    assert code in (0, 2)
    if code == 2:
        assert err.strip().splitlines()[-1].startswith("framing report: error: ")
        assert not (tmp_path / "rep").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["tiny"] or (tmp_path / "rep").is_dir()
