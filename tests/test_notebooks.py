"""Every notebook runs from top to bottom on the real corpora and shows its results.

Each notebook is committed without outputs, executes without an error in a
fresh kernel, prints the strings named here (the slogan and topic notebooks
end with a cell that re-checks every number their narrative quotes), draws
the expected number of figures and writes no files.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"

CASES = {
    "slogans_un_general_debate.ipynb": (3, ["all claims hold", "loaded 10952", "95% CI"]),
    "topics_un_general_debate.ipynb": (
        4,
        [
            "6421 paragraphs from 175 statements",
            "all checks hold",
            "countries lead most clearly in a topic built around their own name",
            "China's most distinctive topic",
            "uncertainty clustered by 'parent_id'",
            "held-out log-likelihood per token, K=30 minus K=12, per seed",
            "war-topic claims hold",
            "contrast claims hold",
        ],
    ),
    "framing_across_outlets.ipynb": (
        5,
        ["Global Times", "Security and threat", "mean_share_low_boot", "the United States"],
    ),
    "bilingual_slogans.ipynb": (1, ["all claims hold", "loaded 72 reports and resolutions"]),
    "cloud_diplomacy_seeds.ipynb": (
        1,
        ["community with a shared future for mankind", "common_destiny", "Health", "share_positive"],
    ),
    "tone_validation.ipynb": (
        2,
        ["illustrative label set", "spearman", "coding sheet of 200", "seed patterns occur"],
    ),
    "meaning_in_context.ipynb": (3, ["all claims hold: 6", "territorial"]),
    "lancet_countdown_un_general_debate.ipynb": (
        3,
        ["159 cells compared", "all checks hold", "all claims hold", "Permanent five"],
    ),
}


def test_every_notebook_is_tested():
    assert sorted(p.name for p in NOTEBOOKS.glob("*.ipynb")) == sorted(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_notebook_committed_clean_and_narrated(name):
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code and all(not c.outputs and c.execution_count is None for c in code)
    assert sum(c.cell_type == "markdown" for c in nb.cells) >= 5


@pytest.mark.parametrize("name", sorted(CASES))
def test_notebook_runs(name, tmp_path):
    n_figures, expected = CASES[name]
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    NotebookClient(
        nb, timeout=180, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
    ).execute()
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    errors = [o for o in outputs if o.output_type == "error"]
    assert not errors, errors[0].get("evalue") if errors else None
    text = "\n".join(o.get("text", "") + o.get("data", {}).get("text/plain", "") for o in outputs)
    for snippet in expected:
        assert snippet in text, snippet
    assert sum("image/png" in o.get("data", {}) for o in outputs) == n_figures
    assert not list(tmp_path.iterdir())  # the notebooks write nothing
