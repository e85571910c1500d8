"""Where the named corpora are: the catalog, the data directory, checksums.

The named corpus loaders (:mod:`framing.corpus.seeds`, ``ungdc``,
``headlines``, ``workreports``) and :func:`framing.corpus.catalog.load_corpus`
find their files here.
"""

from __future__ import annotations

import hashlib
import os
from functools import lru_cache
from pathlib import Path

import yaml

from framing._paths import checkout_dir, shipped_path
from framing.corpus.core import CorpusError, LoadReport

__all__ = ["MissingCorpusError", "catalog", "corpus_path", "data_dir", "verify_checksums"]


class MissingCorpusError(CorpusError, FileNotFoundError):
    """A named corpus is not in the data directory; the message says how to get it."""


@lru_cache(maxsize=1)
def catalog() -> dict:
    """The corpus catalog (``framing/data/corpus/catalog.yml``) as a dictionary.

    Examples
    --------
    >>> entries = catalog()
    >>> {"seeds", "ungdc"} <= set(entries)
    True
    >>> entries["seeds"]["path"], entries["seeds"]["documents"]
    ('seeds', 4)
    """
    with open(shipped_path("corpus", "catalog.yml"), encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def data_dir() -> Path:
    """The data directory that holds the corpora.

    ``$FRAMING_DATA`` when set; else ``shared/corpus`` beside the source
    checkout framing runs from; else ``../shared/corpus`` from the current
    folder (an installed framing used from a project folder).

    Examples
    --------
    >>> import os
    >>> from unittest import mock
    >>> with mock.patch.dict(os.environ, {"FRAMING_DATA": "/data/corpora"}):
    ...     data_dir().as_posix()
    '/data/corpora'
    """
    env = os.environ.get("FRAMING_DATA")
    if env:
        return Path(env).expanduser()
    root = checkout_dir()
    if root is not None:
        beside = (root.parent / "shared" / "corpus").resolve()
        if beside.is_dir():
            return beside
    return (Path.cwd().parent / "shared" / "corpus").resolve()


def corpus_path(name: str) -> Path:
    """Folder of the named corpus, with a clear error when it is missing."""
    entries = catalog()
    if name not in entries:
        raise CorpusError(
            f"unknown corpus {name!r}; known corpora: {sorted(entries)}, "
            "or give a path to a folder of .txt files, a .csv, .jsonl or .parquet file"
        )
    entry = entries[name]
    folder = data_dir() / entry["path"]
    present = folder.is_dir() and any((folder / f).exists() for f in entry.get("files", {}))
    if name == "ungdc" and folder.is_dir() and (folder / "TXT").is_dir():
        present = True
    if not present:
        raise MissingCorpusError(
            f"corpus {name!r} not found in {folder} (data directory: {data_dir()}; set "
            f"FRAMING_DATA to change it). To obtain it: {entry['obtain']}"
        )
    return folder


def verify_checksums(name: str, report: LoadReport) -> None:
    """Compare the corpus files with the catalog's SHA-256; note mismatches."""
    folder = corpus_path(name)
    for fname, expected in catalog()[name].get("files", {}).items():
        f = folder / fname
        if not f.exists():
            continue
        digest = _sha256(f)
        if digest != expected:
            report.note(
                f"{fname}: SHA-256 {digest[:12]}... differs from the catalog's "
                f"{expected[:12]}...; results may differ from published figures"
            )


@lru_cache(maxsize=32)
def _sha256_cached(path: str, size: int, mtime: float) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _sha256(path: Path) -> str:
    st = path.stat()
    return _sha256_cached(str(path), st.st_size, st.st_mtime)
