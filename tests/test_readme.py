"""Every Python code block of the README runs, in order, in one namespace.

The blocks are the README's promises to a new user; each is executed as
written (in a scratch folder, on the shipped corpora), so that a snippet which
no longer works fails the suite.
"""

from __future__ import annotations

import re
from pathlib import Path

import matplotlib
import pytest

README = Path(__file__).resolve().parent.parent / "README.md"
BLOCK = re.compile(r"```python\n(.*?)```", re.S)


def python_blocks() -> list[str]:
    return BLOCK.findall(README.read_text(encoding="utf-8"))


def test_the_readme_has_python_examples():
    assert len(python_blocks()) >= 5


def test_every_readme_python_block_runs(tmp_path, monkeypatch, ungdc):
    matplotlib.use("Agg")
    monkeypatch.chdir(tmp_path)
    namespace: dict = {"__name__": "readme"}
    for k, block in enumerate(python_blocks(), 1):
        try:
            exec(compile(block, f"README.md python block {k}", "exec"), namespace)
        except Exception as exc:  # pragma: no cover - the failure message is the point
            pytest.fail(f"README python block {k} failed: {type(exc).__name__}: {exc}\n{block}")
