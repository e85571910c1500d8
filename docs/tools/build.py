"""Build the documentation site offline into ``build/site``.

Steps: the API reference pages (``gen_api.py``), the README as the home page,
the notebooks executed in a fresh kernel (outputs go to ``docs/notebooks/``,
never to the committed notebooks), then ``mkdocs build --strict``, where any
warning fails the build.

Usage: ``python docs/tools/build.py [--no-execute]``
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
DOCS = HERE.parent
ROOT = DOCS.parent


def home_page() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    # links into docs/ become site-relative
    text = re.sub(r"\]\(docs/", "](", text)

    # links to files of the repository outside docs/ are named, not linked
    def outside(m: re.Match) -> str:
        label, target = m.group(1), m.group(2)
        if target.startswith(("http://", "https://", "#")) or (DOCS / target.split("#")[0]).exists():
            return m.group(0)
        return f"{label} (`{target}` in the repository)"

    text = re.sub(r"(?<!!)\[([^\]]+)\]\(([^)\s]+)\)", outside, text)
    (DOCS / "index.md").write_text(text, encoding="utf-8")


def notebooks(execute: bool) -> None:
    import nbformat
    from nbclient import NotebookClient

    out = DOCS / "notebooks"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir()
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        if execute:
            print(f"executing {path.name}", flush=True)
            NotebookClient(
                nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(out)}}
            ).execute()
        nbformat.write(nb, out / path.name)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-execute", action="store_true", help="render the notebooks without running them")
    args = parser.parse_args(argv)
    subprocess.run([sys.executable, str(HERE / "gen_api.py")], check=True)
    home_page()
    notebooks(execute=not args.no_execute)
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(ROOT / "mkdocs.yml")], cwd=ROOT
    ).returncode


if __name__ == "__main__":
    sys.exit(main())
