"""Named real corpora resolved from the data directory, and the catalog.

The data directory is ``$FRAMING_DATA`` if set, else ``../shared/corpus``
beside the project checkout. :func:`load_corpus` accepts a catalog name
(``seeds``, ``ungdc``, ``headlines2022``, ``workreports_zh``) or a path to a corpus of one's own.

Examples
--------
>>> from framing import load_corpus
>>> seeds = load_corpus("seeds")
>>> len(seeds), str(seeds["001"].date.date())
(4, '2022-01-02')
"""

from __future__ import annotations

import hashlib
import os
from functools import lru_cache
from pathlib import Path

import yaml

from framing._paths import checkout_dir, shipped_path
from framing.corpus.core import Corpus, CorpusError, CorpusStream, LoadReport, record_load_report
from framing.corpus.readers import read_corpus

__all__ = [
    "catalog",
    "data_dir",
    "corpus_path",
    "load_corpus",
    "stream_corpus",
    "load_seeds",
    "load_ungdc",
    "load_headlines2022",
    "load_workreports_zh",
    "MissingCorpusError",
]


class MissingCorpusError(CorpusError, FileNotFoundError):
    """A named corpus is not in the data directory; the message says how to get it."""


@lru_cache(maxsize=1)
def catalog() -> dict:
    """The corpus catalog (``framing/data/corpus/catalog.yml``) as a dictionary."""
    with open(shipped_path("corpus", "catalog.yml"), encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def data_dir() -> Path:
    """The data directory that holds the corpora.

    ``$FRAMING_DATA`` when set; else ``shared/corpus`` beside the source
    checkout framing runs from; else ``../shared/corpus`` from the current
    folder (an installed framing used from a project folder).
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


def load_corpus(name_or_path: str | os.PathLike, **kwargs) -> Corpus:
    """Load a named corpus from the data directory, or a corpus file or folder.

    Parameters
    ----------
    name_or_path : ``"seeds"``, ``"ungdc"``, ``"headlines2022"``, or a path
        to a folder of ``.txt`` files, a ``.csv``, ``.jsonl`` or ``.parquet``.
    **kwargs : passed to the loader (e.g. ``years=(2005, 2024)`` for UNGDC,
        ``columns={...}`` for a CSV).
    """
    from framing.corpus.headlines import load_headlines2022
    from framing.corpus.seeds import load_seeds
    from framing.corpus.ungdc import load_ungdc
    from framing.corpus.workreports import load_workreports_zh

    loaders = {
        "seeds": load_seeds,
        "ungdc": load_ungdc,
        "headlines2022": load_headlines2022,
        "workreports_zh": load_workreports_zh,
    }
    key = str(name_or_path)
    if key in loaders:
        corpus = loaders[key](**kwargs)
        record_load_report(corpus.load_report)
        return corpus
    path = Path(name_or_path)
    if not path.exists() and os.sep not in key and "." not in key:
        corpus_path(key)  # raises "unknown corpus" with the list of names
    read = read_corpus(path, **kwargs)
    if isinstance(read, CorpusStream):
        read = read.collect()
    record_load_report(read.load_report)
    return read


def stream_corpus(name_or_path: str | os.PathLike, **kwargs) -> CorpusStream:
    """Like :func:`load_corpus` but read in batches (memory stays flat).

    Examples
    --------
    >>> stream = stream_corpus("seeds")
    >>> sum(len(b) for b in stream.iter_batches(3))
    4
    """
    from framing.corpus.ungdc import stream_ungdc

    key = str(name_or_path)
    if key == "ungdc":
        return stream_ungdc(**kwargs)
    path = Path(name_or_path)
    from framing.corpus.readers import _is_parquet_dataset

    is_dataset = path.is_dir() and _is_parquet_dataset(path)
    if path.suffix == ".parquet" or is_dataset:
        from framing.corpus.readers import read_parquet

        stream = read_parquet(path, stream=True, **kwargs)
        record_load_report(stream.load_report)
        return stream
    corpus = load_corpus(name_or_path, **kwargs)
    return CorpusStream(corpus.iter_batches, name=corpus.name, load_report=corpus.load_report)


def load_seeds(**kwargs) -> Corpus:  # re-exported below
    from framing.corpus.seeds import load_seeds as _load

    return _load(**kwargs)


def load_ungdc(**kwargs) -> Corpus:
    from framing.corpus.ungdc import load_ungdc as _load

    return _load(**kwargs)


def load_headlines2022(**kwargs) -> Corpus:
    from framing.corpus.headlines import load_headlines2022 as _load

    return _load(**kwargs)


def load_workreports_zh(**kwargs) -> Corpus:
    from framing.corpus.workreports import load_workreports_zh as _load

    return _load(**kwargs)
