"""On-disk cache of token indexes.

Every entry is a folder ``<cache>/tokens/<key>/`` holding one ``.npy`` file
per array and a small ``header.json`` with the format version, the size and
CRC-32 of every file, and a description (corpus name, documents, tokens).
The key is a digest of the corpus content (every ``doc_id``, text and
language, in order), the tokeniser's name, version and source digest, and the
build options, so a changed corpus or tokeniser gets a new key and an old
entry is never reused for it.

* The cache folder is ``$FRAMING_CACHE`` when set, else the platform's user
  cache folder (``platformdirs.user_cache_dir("framing")``).
* An entry is written into a temporary folder and renamed into place in one
  step; when two processes build the same entry, one rename wins and the
  other process discards its copy, so a reader never sees half an entry.
* Arrays are memory-mapped on load (``numpy.load(mmap_mode="r")``).
* An entry whose files do not match the sizes and checksums of its header is
  removed and rebuilt, never trusted.
* Deleting the folder (or ``framing cache clear``) is always safe.

Examples
--------
>>> import os, tempfile, numpy as np
>>> os.environ["FRAMING_CACHE"] = tempfile.mkdtemp()
>>> folder = save_entry("demo", {"ids": np.arange(3, dtype=np.int32)}, {"corpus": "demo"})
>>> arrays, header = load_entry("demo")
>>> arrays["ids"].tolist(), header["corpus"]
([0, 1, 2], 'demo')
>>> info()[["key", "corpus"]].to_dict("records")
[{'key': 'demo', 'corpus': 'demo'}]
>>> clear()
1
>>> del os.environ["FRAMING_CACHE"]
"""

from __future__ import annotations

import json
import os
import shutil
import time
import uuid
import zlib
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

__all__ = [
    "FORMAT_VERSION",
    "cache_dir",
    "clear",
    "info",
    "load_entry",
    "remove_entry",
    "save_entry",
]

FORMAT_VERSION = 1
_HEADER = "header.json"
_CHUNK = 1 << 24


def cache_dir() -> Path:
    """The cache folder: ``$FRAMING_CACHE`` or the user cache folder of the platform."""
    env = os.environ.get("FRAMING_CACHE")
    if env:
        return Path(env).expanduser()
    try:
        import platformdirs

        return Path(platformdirs.user_cache_dir("framing"))
    except ImportError:  # pragma: no cover - platformdirs is a dependency
        return Path.home() / ".cache" / "framing"


def _tokens_dir() -> Path:
    return cache_dir() / "tokens"


def _crc32(path: Path) -> int:
    crc = 0
    with open(path, "rb") as fh:
        while True:
            block = fh.read(_CHUNK)
            if not block:
                return crc
            crc = zlib.crc32(block, crc)


def save_entry(key: str, arrays: dict[str, np.ndarray], description: dict[str, Any]) -> Path:
    """Write an entry atomically; return its folder.

    When the entry already exists (written by another process meanwhile),
    the copy written here is discarded and the existing one kept.
    """
    root = _tokens_dir()
    root.mkdir(parents=True, exist_ok=True)
    final = root / key
    tmp = root / f".tmp-{key}-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    tmp.mkdir()
    try:
        files = {}
        for name, array in arrays.items():
            path = tmp / f"{name}.npy"
            np.save(path, np.ascontiguousarray(array), allow_pickle=False)
            files[name] = {"size": path.stat().st_size, "crc32": _crc32(path)}
        header = {"format": FORMAT_VERSION, "key": key, "created": time.time(), "files": files, **description}
        (tmp / _HEADER).write_text(json.dumps(header, indent=1, default=str), "utf-8")
        try:
            os.rename(tmp, final)
        except OSError:
            if not (final / _HEADER).exists():
                raise
            shutil.rmtree(tmp, ignore_errors=True)  # another process wrote it first
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return final


def remove_entry(key: str) -> None:
    """Remove an entry (renamed away first, so readers never see half of it)."""
    folder = _tokens_dir() / key
    if not folder.exists():
        return
    trash = folder.with_name(f".del-{key}-{uuid.uuid4().hex[:8]}")
    try:
        os.rename(folder, trash)
    except OSError:
        return
    shutil.rmtree(trash, ignore_errors=True)


def load_entry(key: str, verify: str = "checksum") -> tuple[dict[str, np.ndarray], dict] | None:
    """Memory-mapped arrays and header of an entry, or None when absent or damaged.

    Parameters
    ----------
    verify : {"checksum", "size"}
        ``"checksum"`` compares the size and CRC-32 of every file with the
        header; ``"size"`` only the sizes (faster, catches truncation). A
        damaged entry is removed and None returned.
    """
    folder = _tokens_dir() / key
    header_path = folder / _HEADER
    if not header_path.exists():
        return None
    try:
        header = json.loads(header_path.read_text("utf-8"))
        if header.get("format") != FORMAT_VERSION or header.get("key") != key:
            raise ValueError("format")
        arrays = {}
        for name, expect in header["files"].items():
            path = folder / f"{name}.npy"
            if path.stat().st_size != expect["size"]:
                raise ValueError(f"{path.name}: size")
            if verify == "checksum" and _crc32(path) != expect["crc32"]:
                raise ValueError(f"{path.name}: checksum")
            arrays[name] = np.load(path, mmap_mode="r", allow_pickle=False)
    except (OSError, ValueError, KeyError, TypeError):
        remove_entry(key)
        return None
    return arrays, header


def info() -> pd.DataFrame:
    """One row per cache entry: key, corpus, documents, tokens, MB, created.

    Examples
    --------
    >>> list(info().columns)
    ['key', 'corpus', 'documents', 'tokens', 'tokeniser', 'mb', 'created', 'path']
    """
    rows = []
    root = _tokens_dir()
    if root.exists():
        for folder in sorted(root.iterdir()):
            if folder.name.startswith(".") or not folder.is_dir():
                continue
            try:
                header = json.loads((folder / _HEADER).read_text("utf-8"))
            except (OSError, ValueError):
                header = {}
            size = sum(f.stat().st_size for f in folder.iterdir() if f.is_file())
            created = header.get("created")
            rows.append(
                {
                    "key": folder.name,
                    "corpus": header.get("corpus", ""),
                    "documents": header.get("documents"),
                    "tokens": header.get("tokens"),
                    "tokeniser": header.get("tokeniser", ""),
                    "mb": round(size / 1e6, 1),
                    "created": pd.Timestamp(created, unit="s") if created else pd.NaT,
                    "path": str(folder),
                }
            )
    return pd.DataFrame(
        rows, columns=["key", "corpus", "documents", "tokens", "tokeniser", "mb", "created", "path"]
    )


def clear() -> int:
    """Delete every cache entry (and left-over temporary folders); return how many entries."""
    root = _tokens_dir()
    if not root.exists():
        return 0
    n = 0
    for folder in root.iterdir():
        if folder.is_dir():
            if not folder.name.startswith("."):
                n += 1
            shutil.rmtree(folder, ignore_errors=True)
    return n
