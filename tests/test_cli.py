import subprocess
import sys

import pandas as pd

from framing.cli.main import main


def test_help_lists_subcommands(capsys):
    assert main([]) == 2
    out = capsys.readouterr().out
    assert "report" in out


def test_report_on_seeds(tmp_path, capsys):
    out = tmp_path / "rep"
    assert main(["report", "seeds", "--out", str(out), "--sections", "summary", "--no-progress"]) == 0
    summary = pd.read_csv(out / "tables" / "corpus_summary.csv")
    assert list(summary.columns) == ["source", "year", "documents", "tokens", "types"]
    assert summary["documents"].sum() == 4
    assert (out / "figures" / "corpus_summary.png").stat().st_size > 10_000
    assert "written to" in capsys.readouterr().out


def test_report_errors_are_clear(tmp_path, capsys):
    f = tmp_path / "file"
    f.write_text("x")
    assert main(["report", "seeds", "--out", str(f)]) == 2
    assert "is a file" in capsys.readouterr().err
    assert main(["report", "nosuchcorpus"]) == 2
    assert "unknown corpus 'nosuchcorpus'" in capsys.readouterr().err


def test_python_dash_m():
    r = subprocess.run([sys.executable, "-m", "framing", "--help"], capture_output=True, text=True)
    assert r.returncode == 0 and "framing" in r.stdout


def test_every_public_name_resolves():
    import framing

    for name in framing.__all__:
        assert getattr(framing, name) is not None, name
