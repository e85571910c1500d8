"""The report and the analyses on a researcher's own corpus: no source column,
no year, one document, segmented transcripts; grouping by any column."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from framing import Corpus, load_corpus
from framing.corpus.grouping import resolve_grouping
from framing.errors import FramingError
from framing.report.build import build_report

sys.path.insert(0, str(Path(__file__).parent))
import own_corpus_fixtures as fx

FAST = {"topics": {"k": 4, "n_sims": 20}}
ROOT = Path(__file__).resolve().parent.parent


def _page(folder: Path) -> dict:
    """Section id -> (intro, notes, figure names) of a report page."""
    text = (folder / "index.html").read_text(encoding="utf-8")
    out = {}
    for m in re.finditer(r"<section id='(\w+)'>(.*?)</section>", text, re.S):
        body = m.group(2)
        out[m.group(1)] = {
            "notes": re.findall(r"<p class='note'>(.*?)</p>", body),
            "figures": re.findall(r"<figure id='fig-(\w+)'", body),
            "text": body,
        }
    return out


def _title(folder: Path) -> str:
    return re.search(r"<h1>(.*?)</h1>", (folder / "index.html").read_text()).group(1)


ALL = ["summary", "slogans", "topics", "sentiment", "frames", "keyness"]


def test_report_on_csv_with_only_doc_id_and_text(tmp_path):
    path = fx.write_csv_only_text(tmp_path / "pressers.csv")
    out = tmp_path / "rep"
    build_report(load_corpus(path), out, {**FAST, "corpus": str(path)}, log=None)
    page = _page(out)
    assert list(page) == ALL
    assert _title(out) == "Framing report: pressers"
    # No source and no year: nothing grouped, and the page says so in true words.
    assert any("no source column" in n for n in page["summary"]["notes"])
    assert any("No document has a year" in n for n in page["summary"]["notes"])
    assert page["summary"]["figures"] == ["corpus_summary"]
    assert "slogan_rates" in page["slogans"]["figures"]
    assert "actor_tone" in page["sentiment"]["figures"]  # the actors are there
    assert not any("No sentence" in n for n in page["sentiment"]["notes"])
    assert "frame_shares" in page["frames"]["figures"]
    assert "topic_terms" in page["topics"]["figures"]
    assert any("not grouped" in n and "no time axis" in n for n in page["topics"]["notes"])
    note = " ".join(page["keyness"]["notes"])
    assert "not grouped" in note and "no year" in note
    assert "one source" not in (out / "index.html").read_text()


def test_report_on_jsonl_with_year_compares_periods(tmp_path):
    path = fx.write_jsonl_year(tmp_path / "statements.jsonl")
    out = tmp_path / "rep"
    build_report(load_corpus(path), out, {**FAST, "corpus": str(path)}, log=None)
    page = _page(out)
    assert list(page) == ALL
    assert _title(out) == "Framing report: statements"
    assert "slogan_trends" in page["slogans"]["figures"]
    assert "topic_prevalence" in page["topics"]["figures"]
    assert "keyness" in page["keyness"]["figures"]
    keyness = pd.read_csv(out / "tables" / "keyness.csv")
    assert set(keyness["group"]) <= {"2015-2016", "2017", "2018", "2019-2020", "2015", "2016", "2019", "2020"}
    assert keyness["group"].nunique() >= 2
    prevalence = pd.read_csv(out / "tables" / "topic_prevalence.csv")
    assert prevalence["lower"].min() >= 0 and prevalence["upper"].max() <= 1
    assert set(prevalence["year"]) == set(range(2015, 2021))


def test_report_on_a_folder_of_one_document(tmp_path):
    folder = fx.write_one_txt(tmp_path / "speech")
    out = tmp_path / "rep"
    build_report(load_corpus(folder), out, {**FAST, "corpus": str(folder)}, log=None)
    page = _page(out)
    assert list(page) == ALL
    assert _title(out) == "Framing report: speech"
    assert "1 document;" in page["summary"]["text"]
    # One document: topics are fitted to its paragraphs.
    assert "split into paragraphs" in page["topics"]["text"]
    assert "topic_terms" in page["topics"]["figures"]


def test_report_on_segmented_press_conferences_by_role_and_year(tmp_path):
    path = tmp_path / "pc.jsonl"
    with open(path, "w", encoding="utf-8") as fh:
        for rec in fx.press_conference_records():
            fh.write(json.dumps(rec) + "\n")
    out = tmp_path / "rep"
    cfg = {**FAST, "corpus": str(path), "segment": "press_conference", "by": "role,year"}
    build_report(load_corpus(path), out, cfg, log=None)
    page = _page(out)
    assert list(page) == ALL
    assert "216 segments of 24 documents" in page["summary"]["text"]
    keyness = pd.read_csv(out / "tables" / "keyness.csv")
    assert set(keyness["group"]) == {"question", "answer"}
    tone = pd.read_csv(out / "tables" / "actor_tone.csv")
    assert {"role", "year"} <= set(tone.columns)
    # Topic effects on segments are clustered by transcript.
    assert "resampling whole documents" in page["topics"]["text"]
    # Restricted to the answers: one group, so keyness compares periods.
    out2 = tmp_path / "answers"
    build_report(
        load_corpus(path),
        out2,
        {**cfg, "by": "auto", "subset": {"role": "answer"}, "sections": ["summary", "keyness"]},
        log=None,
    )
    keyness2 = pd.read_csv(out2 / "tables" / "keyness.csv")
    assert "answer" not in set(keyness2["group"]) and keyness2["group"].nunique() >= 2


def test_two_groups_are_joined_into_one_label(tmp_path):
    recs = fx.make_records(48)
    for i, r in enumerate(recs):
        r["source"] = "AB"[i % 2]
        r["genre"] = ["speech", "note"][(i // 2) % 2]
    out = tmp_path / "rep"
    build_report(Corpus.from_records(recs, name="mine"), out, {**FAST, "by": ["source", "genre"]}, log=None)
    page = _page(out)
    assert list(page) == ALL
    shares = pd.read_csv(out / "tables" / "frame_shares.csv")
    assert set(shares["source / genre"]) == {"A / speech", "A / note", "B / speech", "B / note"}
    assert set(pd.read_csv(out / "tables" / "keyness.csv")["group"]) == set(shares["source / genre"])
    assert "source / genre" in pd.read_csv(out / "tables" / "actor_tone.csv").columns
    assert _title(out) == "Framing report: mine"
    # by none on the same corpus: no groups, no time axis, every section present
    out2 = tmp_path / "none"
    build_report(Corpus.from_records(recs, name="mine"), out2, {**FAST, "by": "none"}, log=None)
    page2 = _page(out2)
    assert list(page2) == ALL
    assert "not grouped" in page2["summary"]["text"]
    assert any("No keyness table" in n for n in page2["keyness"]["notes"])


def test_grouping_rules():
    c = Corpus.from_records(fx.make_records(6))
    g = resolve_grouping(c.docs, "auto")
    assert (g.groups, g.time) == ([], "year")
    assert resolve_grouping(c.docs, "none").columns == []
    assert resolve_grouping(c.docs, ["date"]).time == "year"
    with pytest.raises(FramingError, match="no column 'source2'"):
        resolve_grouping(c.docs, ["source2"])
    with pytest.raises(FramingError, match="empty in every document"):
        resolve_grouping(c.docs, ["source"])
    no_year = Corpus.from_texts(["a", "b"])
    with pytest.raises(FramingError, match="no document has a year"):
        resolve_grouping(no_year.docs, ["year"])
    # Missing group values stay, named.
    d = Corpus.from_texts(["a", "b"], party=["x", None])
    assert resolve_grouping(d.docs, ["party"]).apply(d.docs)["party"].tolist() == ["x", "(missing)"]


def test_rebuild_works_from_another_folder(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    fx.write_csv_only_text(data / "mine.csv", n=30)
    env = {"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}
    import os

    env = {**os.environ, **env}
    cmd = [
        sys.executable,
        "-m",
        "framing",
        "report",
        "mine.csv",
        "--out",
        "rep",
        "--no-progress",
        "--sections",
        "summary,slogans",
    ]
    run = subprocess.run(cmd, cwd=data, env=env, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    manifest = data / "rep" / "manifest.json"
    first = (data / "rep" / "tables" / "slogan_totals.csv").read_bytes()
    run = subprocess.run(
        [sys.executable, "-m", "framing", "report", "--rebuild", str(manifest), "--no-progress"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    assert (data / "rep" / "tables" / "slogan_totals.csv").read_bytes() == first
    assert "warning" not in run.stderr


# -- segmentation ----------------------------------------------------------


def test_segments_keep_metadata_and_lose_no_text():
    recs = fx.press_conference_records(6)
    corpus = Corpus.from_records(recs)
    seg = corpus.segment(recipe="press_conference")
    docs = seg.docs
    assert len(docs) == 6 * 9
    assert set(docs["role"]) == {"question", "answer"}
    assert (docs.groupby("document")["role"].apply(lambda r: (r == "question").sum()) == 4).all()
    assert docs.loc[docs["segment"] == 1, "speaker"].unique().tolist() == ["Wang Wenbin"]
    assert docs["year"].notna().all() and (docs["title"].str.startswith("Regular")).all()
    originals = dict(zip(corpus.docs["doc_id"], corpus.docs["text"]))
    for doc_id, g in docs.groupby("document"):
        text = originals[doc_id]
        g = g.sort_values("segment")
        pos = 0
        rebuilt = []
        for row in g.itertuples():
            gap = text[pos : row.start]
            # Between units: only the speaker label and white space.
            assert gap.replace(row.marker, "", 1).strip() == ""
            assert text[row.start : row.end] == row.text
            rebuilt += [gap, row.text]
            pos = row.end
        rebuilt.append(text[pos:])
        assert text[pos:].strip() == ""
        assert "".join(rebuilt) == text


def test_segment_by_pattern_and_speakers():
    c = Corpus.from_texts(["Intro line.\n[1] First part.\n[2] Second part."], year=[2001])
    seg = c.segment(r"^\[\d+\]")
    assert seg.texts == ["Intro line.", "First part.", "Second part."]
    assert seg.docs["speaker"].tolist()[1:] == ["[1]", "[2]"]
    assert (
        seg.docs["role"].isna().tolist() == [True, False, False] or seg.docs["role"].tolist()[0] == "preamble"
    )
    plain = Corpus.from_texts(["No labels at all."])
    one = plain.segment(recipe="press_conference")
    assert one.texts == ["No labels at all."] and one.docs["segment"].tolist() == [0]
    custom = Corpus.from_texts(["AFP: Your comment?\nZhao Lijian: None."]).segment(
        recipe="press_conference", roles={"AFP": "question", "*": "answer"}
    )
    assert custom.docs["role"].tolist() == ["question", "answer"]
    with pytest.raises(FramingError, match="unknown recipe"):
        plain.segment(recipe="interview")
    with pytest.raises(FramingError, match="does not compile"):
        plain.segment("(")


def test_report_page_of_own_corpus_in_a_real_browser(tmp_path):
    from browser import Page, chromium_path

    if chromium_path() is None:
        pytest.skip("chromium is not installed")
    path = fx.write_csv_only_text(tmp_path / "own.csv")
    out = tmp_path / "rep"
    build_report(load_corpus(path), out, {**FAST, "corpus": str(path)}, log=None)
    page = Page()
    try:
        page.open((out / "index.html").resolve().as_uri())
        images = page.evaluate("[...document.images].map(i => [i.complete, i.naturalWidth])")
        assert len(images) >= 5 and all(ok and width > 0 for ok, width in images)
        ids = page.evaluate("[...document.querySelectorAll('section')].map(s => s.id)")
        assert ids == ALL
        title = page.evaluate("document.querySelector('h1').textContent")
        assert title == "Framing report: own"
        notes = page.evaluate("[...document.querySelectorAll('.note')].map(n => n.textContent)")
        assert any("no source column" in n for n in notes)
        assert page.errors() == []
    finally:
        page.close()


def test_segmenting_segments_keeps_document_and_role():
    c = Corpus.from_texts(["Q: Why?\nA: Because. [1] One. [2] Two."])
    s = c.segment(recipe="press_conference").segment(r"\[\d\]")
    assert s.docs["document"].tolist() == ["doc0"] * 4
    assert s.docs["role"].tolist() == ["question", "answer", "answer", "answer"]
    assert s.texts == ["Why?", "Because.", "One.", "Two."]
