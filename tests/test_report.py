import json
from pathlib import Path

import pandas as pd
import pytest

from framing import load_corpus
from framing.cli.main import main
from framing.report.build import ReportError, build_report, load_config

ARTIFACTS = Path(__file__).resolve().parent.parent / "build" / "test-artifacts"
SECTION_IDS = ["summary", "slogans", "topics", "sentiment", "frames", "keyness"]


@pytest.fixture(scope="module")
def seeds_report(tmp_path_factory):
    out = tmp_path_factory.mktemp("rep") / "report"
    assert main(["report", "seeds", "--out", str(out), "--no-progress"]) == 0
    return out


def test_report_layout_and_manifest(seeds_report):
    out = seeds_report
    assert (out / "index.html").exists()
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["corpus"]["documents"] == 4
    assert len(manifest["corpus"]["content_sha256"]) == 64
    assert manifest["rebuild"] == "framing report --rebuild manifest.json"
    assert manifest["versions"]["dependencies"]["pandas"] == pd.__version__
    assert manifest["random_state"] == 0
    for name, digest in manifest["files"].items():
        assert (out / name).exists(), name
        assert len(digest) == 64
    pngs = sorted(p.stem for p in (out / "figures").glob("*.png"))
    svgs = sorted(p.stem for p in (out / "figures").glob("*.svg"))
    assert pngs and pngs == svgs
    summary = pd.read_csv(out / "tables" / "corpus_summary.csv")
    assert summary["documents"].sum() == 4


def test_report_is_reproducible(seeds_report, tmp_path):
    again = tmp_path / "again"
    assert (
        main(
            ["report", "--rebuild", str(seeds_report / "manifest.json"), "--out", str(again), "--no-progress"]
        )
        == 0
    )
    first = json.loads((seeds_report / "manifest.json").read_text())
    second = json.loads((again / "manifest.json").read_text())
    first.pop("created"), second.pop("created")
    first.pop("command"), second.pop("command")
    assert first == second  # every file's SHA-256 included
    for csv in (seeds_report / "tables").glob("*.csv"):
        assert csv.read_bytes() == (again / "tables" / csv.name).read_bytes()


def test_report_opens_in_a_real_browser(seeds_report):
    from browser import Page, chromium_path

    if chromium_path() is None:
        pytest.fail("chromium is not installed; run the tests with `make test`")
    page = Page()
    try:
        page.open((seeds_report / "index.html").resolve().as_uri())
        images = page.evaluate("[...document.images].map(i => [i.complete, i.naturalWidth])")
        assert images and all(ok and width > 0 for ok, width in images)
        ids = page.evaluate("[...document.querySelectorAll('section')].map(s => s.id)")
        assert ids == [s for s in SECTION_IDS if s in ids]
        assert {"summary", "keyness", "sentiment"} <= set(ids)
        assert page.errors() == []
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(ARTIFACTS / "report_seeds.png")
        assert (ARTIFACTS / "report_seeds.png").stat().st_size > 20_000
    finally:
        page.close()


def test_config_errors_are_clear(tmp_path):
    bad = tmp_path / "bad.yml"
    bad.write_text("sections: [summary]\ntopics:\n  kk: 5\n")
    with pytest.raises(ReportError, match=r"bad\.yml: topics: unknown option 'kk'; did you mean 'k'"):
        load_config(bad)
    bad.write_text("sections: [summary, slogan]\n")
    with pytest.raises(ReportError, match=r"unknown sections \['slogan'\]"):
        load_config(bad)
    bad.write_text("sections: [summary\n")
    with pytest.raises(ReportError, match="not valid YAML"):
        load_config(bad)


def test_bad_input_exits_non_zero_without_a_report(tmp_path, capsys):
    f = tmp_path / "file"
    f.write_text("x")
    assert main(["report", "seeds", "--out", str(f), "--no-progress"]) == 2
    assert "is a file" in capsys.readouterr().err
    assert main(["report", "nosuchcorpus", "--out", str(tmp_path / "r")]) == 2
    assert "unknown corpus 'nosuchcorpus'" in capsys.readouterr().err
    cfg = tmp_path / "c.yml"
    cfg.write_text("by: [source]\nsentimnt: {}\n")
    assert main(["report", "seeds", "--config", str(cfg), "--out", str(tmp_path / "r")]) == 2
    assert "did you mean 'sentiment'" in capsys.readouterr().err
    assert not (tmp_path / "r").exists()


def test_failed_section_leaves_no_report(tmp_path, monkeypatch):
    from framing.report import build as report

    def boom(corpus, config, ctx):
        raise RuntimeError("section failed")

    monkeypatch.setitem(report.SECTIONS, "keyness", ("Distinctive words", boom))
    out = tmp_path / "r"
    with pytest.raises(RuntimeError):
        build_report(load_corpus("seeds"), out, log=None)
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []  # no partial folder left behind


def test_sample_runs_on_ungdc(tmp_path):
    out = tmp_path / "quick"
    assert (
        main(
            [
                "report",
                "ungdc",
                "--sample",
                "300",
                "--out",
                str(out),
                "--no-progress",
                "--sections",
                "summary,keyness",
            ]
        )
        == 0
    )
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["corpus"]["documents"] == 300
    assert manifest["config"]["sample"] == 300
