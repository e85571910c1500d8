"""Files that ship inside the package: lexicons, the corpus catalog, word lists.

They live in ``framing/data/`` and are found through :mod:`importlib.resources`,
so they are there whether framing was installed from a wheel, an sdist or in
editable mode. In a source checkout the top-level ``lexicons/`` and ``corpus/``
folders are links to ``framing/data/lexicons`` and ``framing/data/corpus``:
one copy of each file.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def shipped_path(*parts: str) -> Path:
    """Path of a file shipped with framing, such as ``shipped_path("lexicons", "slogans.yml")``.

    Examples
    --------
    >>> shipped_path("lexicons", "slogans.yml").name
    'slogans.yml'
    """
    path = Path(str(resources.files("framing").joinpath("data", *parts)))
    if not path.exists():
        raise FileNotFoundError(
            f"framing's shipped file data/{'/'.join(parts)} is missing from {PACKAGE_DIR}; "
            "reinstall framing (pip install --force-reinstall framing)"
        )
    return path


def read_stopwords(name: str) -> frozenset[str]:
    """The words of the shipped stop-word list ``framing/data/<name>``: white-space
    separated, ``#`` starts a comment.

    Examples
    --------
    >>> "the" in read_stopwords("stopwords_en.txt")
    True
    """
    raw = resources.files("framing").joinpath(f"data/{name}").read_text("utf-8")
    words = set()
    for line in raw.splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            words.update(line.split())
    return frozenset(words)


def checkout_dir() -> Path | None:
    """The source checkout that holds the package, when framing runs from one."""
    root = PACKAGE_DIR.parent
    return root if (root / "pyproject.toml").is_file() and (root / "framing").is_dir() else None
