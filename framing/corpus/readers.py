"""Readers: folders of ``.txt`` files, CSV, JSONL and Parquet.

Every reader returns a :class:`~framing.corpus.core.Corpus` whose
``load_report`` accounts for every file, row or line it saw: what was loaded,
what was skipped and why. Problems with a single document's *content*
(empty, binary, undecodable) are skipped and recorded by default
(``on_error="skip"``) or raised (``on_error="raise"``); problems with the
*structure* of the input (a malformed CSV, duplicate ``doc_id`` values, a
date that does not parse) always raise :class:`~framing.corpus.core.CorpusError`
naming the file and line.

Examples
--------
>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "a.txt").write_text("date: 2022-01-02\\n---\\nWin-win cooperation.", encoding="utf-8")
>>> _ = (folder / "b.txt").write_bytes(b"")
>>> corpus = read_txt_folder(folder)
>>> corpus.doc_ids, str(corpus.docs.loc[0, "date"].date()), corpus.docs.loc[0, "text"]
(['a'], '2022-01-02', 'Win-win cooperation.')
>>> corpus.load_report.skipped
[('b.txt', 'empty file')]

Header lines are read only in the explicit form: ``key: value`` lines at
the very top of the file, closed by a line ``---``. Ordinary first lines
("Title IX changed ...", "Source code is law.") are always text.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Literal, overload

import numpy as np
import pandas as pd

from framing.corpus.core import Corpus, CorpusError, CorpusStream, parse_date
from framing.corpus.tables import LoadReport, _apply_mapping, _drop_empty_texts, parquet_dataset
from framing.corpus.tables import _filters_to_expression as _filters_to_expression
from framing.errors import FramingError

__all__ = [
    "read_corpus",
    "read_txt_folder",
    "read_csv",
    "read_jsonl",
    "read_parquet",
    "ParquetStream",
    "decode_bytes",
    "DecodeSkip",
]

HEADER_KEYS = ("date", "title", "source", "author", "url", "year", "language")


class DecodeSkip(Exception):
    """Raised by :func:`decode_bytes` for content that is not text."""


def _decode_lines(data: bytes, encoding: str, name: str) -> tuple[str, list[int]]:
    """Decode line by line: UTF-8 where valid, ``encoding`` for the other lines."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    parts, bad = [], []
    for lineno, raw in enumerate(data.splitlines(keepends=True), start=1):
        try:
            parts.append(raw.decode("utf-8"))
        except UnicodeDecodeError:
            try:
                parts.append(raw.decode(encoding))
            except UnicodeDecodeError:
                raise DecodeSkip(f"line {lineno} is neither UTF-8 nor {encoding}") from None
            except LookupError:
                raise CorpusError(f"{name}: unknown encoding {encoding!r}") from None
            bad.append(lineno)
    return "".join(parts), bad


def decode_bytes(
    data: bytes, name: str, fallback_encoding: str | None = None, report: LoadReport | None = None
) -> str:
    """Decode file content as UTF-8 (with or without BOM), CRLF -> LF.

    Raises :class:`DecodeSkip` with the reason for empty files, binary files
    (NUL bytes) and bytes that are not UTF-8 when no ``fallback_encoding`` is
    given; with one, only the lines that are not UTF-8 are decoded with it
    and a note naming them is recorded.

    Examples
    --------
    >>> decode_bytes(b"\\xef\\xbb\\xbfcaf\\xc3\\xa9\\r\\n", "x.txt")
    'café\\n'
    >>> decode_bytes(b"caf\\xe9", "x.txt", fallback_encoding="cp1252")
    'café'
    >>> decode_bytes("naïve\\n".encode() + b"caf\\xe9", "x.txt", fallback_encoding="cp1252")
    'naïve\\ncafé'
    """
    if not data.strip():
        raise DecodeSkip("empty file" if not data else "only white space")
    if b"\x00" in data:
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            raise DecodeSkip("UTF-16 text is not supported; convert the file to UTF-8")
        raise DecodeSkip("binary file (contains NUL bytes), not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        where = f"byte {exc.start} (line {line})"
        if fallback_encoding is None:
            raise DecodeSkip(
                f"not valid UTF-8 at {where}; pass fallback_encoding='cp1252' "
                "(or the file's encoding) to decode it"
            ) from None
        text, bad = _decode_lines(data, fallback_encoding, name)
        if report is not None:
            shown = ", ".join(map(str, bad[:10])) + (" ..." if len(bad) > 10 else "")
            report.note(
                f"{name}: not valid UTF-8 on line(s) {shown}; those lines decoded "
                f"as {fallback_encoding}, the rest as UTF-8"
            )
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


_HEADER_LINE_RE = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)[ \t]*:[ \t]*(.*?)[ \t]*$")
_HEADER_END = "---"


def split_header(text: str, keys=None) -> tuple[dict[str, str], str, int]:
    """Split an explicit header from ``text``: ``(header, body, body_line)``.

    A header is a block of ``key: value`` lines at the very top of the file
    closed by a line holding only ``---``; keys are lower-cased. Without the
    closing ``---`` nothing is a header, so an ordinary first line ("Title
    IX changed ...", "Source: a memo") always stays text. ``keys``, when
    given, limits the accepted keys (another key means: no header).
    ``body_line`` is the 1-based line number where the body starts.

    Examples
    --------
    >>> split_header("date: 2022-01-02\\ntitle: Budget\\n---\\nBody text.")
    ({'date': '2022-01-02', 'title': 'Budget'}, 'Body text.', 4)
    >>> split_header("Title IX changed college sports.\\nMore.")
    ({}, 'Title IX changed college sports.\\nMore.', 1)
    """
    header: dict[str, str] = {}
    pos = 0
    lineno = 0
    while pos < len(text):
        nl = text.find("\n", pos)
        end = len(text) if nl < 0 else nl
        line = text[pos:end]
        lineno += 1
        if line.strip() == _HEADER_END and header:
            body = text[end + 1 :] if nl >= 0 else ""
            stripped = body.lstrip("\n")
            return header, stripped, lineno + 1 + body[: len(body) - len(stripped)].count("\n")
        m = _HEADER_LINE_RE.match(line)
        if not m:
            break
        key = m.group(1).lower()
        if (keys is not None and key not in keys) or key in header:
            break
        header[key] = m.group(2)
        pos = end + 1
    return {}, text, 1


def _csv_records(
    text: str, where: str, sep: str = ",", quotechar: str = '"', report: LoadReport | None = None
) -> tuple[list[str], list[list[str]], list[int]]:
    """Header, rows and the 1-based line where each row starts.

    A row with more fields than the header (an unquoted separator inside a
    value) raises :class:`CorpusError` naming the line; a row with fewer
    fields is padded with empty values and noted.
    """
    reader = csv.reader(io.StringIO(text), delimiter=sep, quotechar=quotechar, strict=True)
    header: list[str] | None = None
    rows: list[list[str]] = []
    lines: list[int] = []
    short: list[int] = []
    line_before = 0
    try:
        for row in reader:
            start = line_before + 1
            line_before = reader.line_num
            if not row:
                continue
            if header is None:
                header = [h.strip() for h in row]
                dup = sorted({h for h in header if header.count(h) > 1})
                if dup:
                    raise CorpusError(f"{where}, line {start}: duplicate column names {dup}")
                continue
            if len(row) > len(header):
                raise CorpusError(
                    f"{where}, line {start}: {len(row)} fields but the header has "
                    f"{len(header)}; a value containing {sep!r} must be quoted "
                    f"({quotechar}like{sep} this{quotechar})"
                )
            if len(row) < len(header):
                short.append(start)
                row = row + [""] * (len(header) - len(row))
            rows.append(row)
            lines.append(start)
    except csv.Error as exc:
        raise CorpusError(f"{where}, line {reader.line_num}: malformed CSV: {exc}") from None
    if header is None:
        raise CorpusError(f"{where}: empty CSV file (no header line)")
    if short and report is not None:
        report.note(
            f"{where}: {len(short)} row(s) with fewer fields than the header, "
            f"padded with empty values: lines {short[:10]}"
        )
    return header, rows, lines


def _read_metadata_csv(path: Path, report: LoadReport | None = None) -> pd.DataFrame:
    try:
        text = decode_bytes(path.read_bytes(), path.name)
    except DecodeSkip as exc:
        raise CorpusError(f"{path}: malformed metadata CSV: {exc}") from None
    except OSError as exc:
        raise CorpusError(f"{path}: cannot read the metadata CSV ({exc.strerror})") from None
    header, rows, lines = _csv_records(text, str(path), report=report)
    meta = pd.DataFrame(rows, columns=header, dtype=object)
    key = next((c for c in ("file", "filename", "doc_id") if c in meta.columns), None)
    if key is None:
        raise CorpusError(
            f"{path}: metadata CSV needs a 'file' (or 'filename' / 'doc_id') column; "
            f"found {list(meta.columns)}"
        )
    dup = meta[key].duplicated(keep=False)
    if dup.any():
        dup_lines = [lines[i] for i in np.flatnonzero(dup.to_numpy())]
        raise CorpusError(f"{path}: duplicate {key!r} values on lines {dup_lines}")
    if "text" in meta.columns:
        raise CorpusError(
            f"{path}: a 'text' column would replace the texts read from the "
            "files; rename it (e.g. to summary)"
        )
    meta = meta.replace("", pd.NA)
    meta.attrs["key"] = key
    meta.attrs["lines"] = lines
    return meta


_TXT_SUFFIX = ".txt"


def _list_files(
    folder: Path, pattern: str, recursive: bool, report: LoadReport, metadata_name: str | None
) -> list[Path]:
    """Candidate files; the default pattern matches ``.txt`` in any case."""
    if pattern == "*.txt":
        walker = folder.rglob("*") if recursive else folder.glob("*")
        found, ignored = [], []
        for f in walker:
            rel = f.relative_to(folder)
            if any(part.startswith(".") for part in rel.parts):
                continue
            if f.suffix.lower() == _TXT_SUFFIX:
                found.append(f)
            elif (f.is_symlink() or not f.is_dir()) and f.name != metadata_name:
                ignored.append(rel.as_posix())
        if ignored:
            report.note(
                f"{len(ignored)} file(s) without a .txt suffix not read: "
                + ", ".join(sorted(ignored)[:5])
                + (" ..." if len(ignored) > 5 else "")
            )
        return sorted(found)
    return sorted(folder.rglob(pattern) if recursive else folder.glob(pattern))


def _header_line(text: str, key: str) -> int:
    for i, line in enumerate(text.split("\n"), start=1):
        m = _HEADER_LINE_RE.match(line)
        if m and m.group(1).lower() == key:
            return i
    return 1


def read_txt_folder(
    path: str | Path,
    *,
    pattern: str = "*.txt",
    recursive: bool = False,
    metadata: str | Path | None = "metadata.csv",
    header_keys=True,
    fallback_encoding: str | None = None,
    on_error: str = "skip",
    name: str = "",
) -> Corpus:
    """Read every ``.txt`` file of a folder as one document.

    Parameters
    ----------
    path : folder
    pattern : glob pattern of the files to read
    recursive : search sub-folders too (``doc_id`` is then the relative path
        without suffix)
    metadata : name of a sidecar CSV in the folder (or a path) keyed by file
        name (column ``file``, ``filename`` or ``doc_id``); its other columns
        become metadata. ``None`` to ignore.
    header_keys : an explicit header at the top of a file, ``key: value``
        lines closed by a line ``---``, is read into metadata (and removed
        from the text) when its keys are all among these; ``True`` accepts
        any key, ``None`` or ``()`` reads no header. Without the ``---``
        line there is no header: first lines of prose are never taken as
        metadata.
    fallback_encoding : decode files that are not UTF-8 with this encoding
        (recorded in the load report) instead of skipping them
    on_error : ``"skip"`` (record and continue) or ``"raise"``

    Every entry that matches is loaded or listed in ``load_report.skipped``
    with its reason: empty, binary or undecodable files, unreadable files,
    broken symbolic links, pipes and devices; a link to a file that is read
    anyway is read once. ``.TXT`` matches as well as ``.txt``; other files
    of the folder are named in a note.

    Returns
    -------
    Corpus
        ``doc_id`` = file stem; a ``file`` column keeps the file name.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "a.txt").write_text("Peace and development.", encoding="utf-8")
    >>> _ = (folder / "b.txt").write_text("Win-win cooperation.", encoding="utf-8")
    >>> _ = (folder / "metadata.csv").write_text("file,source,year\\na.txt,BBC,2020\\nb.txt,CGTN,2021\\n")
    >>> c = read_txt_folder(folder)
    >>> c.doc_ids, c.docs["source"].tolist(), c.docs["year"].tolist()
    (['a', 'b'], ['BBC', 'CGTN'], [2020, 2021])
    >>> c.load_report.read, c.load_report.loaded, c.load_report.skipped
    (2, 2, [])
    """
    folder = Path(path)
    if not folder.is_dir():
        raise CorpusError(f"{folder}: not a folder")
    if on_error not in ("skip", "raise"):
        raise CorpusError(f"on_error must be 'skip' or 'raise', not {on_error!r}")
    report = LoadReport(name or str(folder))
    meta = None
    meta_path = None
    if metadata is not None:
        meta_path = Path(metadata) if Path(metadata).is_absolute() else folder / metadata
        if meta_path.exists():
            meta = _read_metadata_csv(meta_path, report)
    files = _list_files(folder, pattern, recursive, report, meta_path.name if meta_path is not None else None)
    # a symbolic link to a file that is read anyway is read once
    real_targets = {f.resolve(): f for f in files if not f.is_symlink() and f.is_file()}
    seen_targets: dict[Path, str] = {}
    records = []

    def skip(rel: str, reason: str, f: Path) -> None:
        if on_error == "raise":
            raise CorpusError(f"{f}: {reason}")
        report.skip(rel, reason)

    for f in files:
        rel = f.relative_to(folder).as_posix()
        report.read += 1
        if f.is_symlink():
            if not f.exists():
                skip(rel, "broken symbolic link (its target does not exist)", f)
                continue
            target = f.resolve()
            if target in real_targets and real_targets[target] != f:
                other = real_targets[target].relative_to(folder).as_posix()
                report.skip(rel, f"symbolic link to {other}, which is read instead")
                continue
            if target in seen_targets:
                report.skip(
                    rel, f"symbolic link to the same file as {seen_targets[target]}, which is read instead"
                )
                continue
            seen_targets[target] = rel
        if f.is_dir():
            skip(rel, "a folder, not a file", f)
            continue
        if not f.is_file():
            skip(rel, "not a regular file (a pipe, socket or device)", f)
            continue
        try:
            data = f.read_bytes()
        except OSError as exc:
            skip(rel, f"cannot read the file ({exc.strerror or exc})", f)
            continue
        try:
            text = decode_bytes(data, rel, fallback_encoding, report)
        except DecodeSkip as exc:
            skip(rel, str(exc), f)
            continue
        if header_keys:
            keys = None if header_keys is True else {k.lower() for k in header_keys}
            header, body, _ = split_header(text, keys)
        else:
            header, body = {}, text
        if not body.strip():
            skip(rel, "no text after the header lines" if header else "only white space", f)
            continue
        doc_id = rel[: -len(f.suffix)] if f.suffix else rel
        rec = {"doc_id": doc_id, "file": rel, "text": body}
        for k, v in header.items():
            if k in ("doc_id", "file", "text"):
                raise CorpusError(
                    f"{f}, line {_header_line(text, k)}: header key {k!r} is reserved; use another name"
                )
            if k == "date":
                try:
                    parse_date(v)
                except ValueError as exc:
                    raise CorpusError(f"{f}, line {_header_line(text, k)}: header date: {exc}") from None
            rec[k] = v
        records.append(rec)
    df = pd.DataFrame(records, columns=None if records else ["doc_id", "file", "text"])
    if meta is not None:
        assert meta_path is not None  # meta is only read from meta_path
        df = _join_metadata(df, meta, meta_path, report)
    report.loaded = len(df)
    if not len(df) and not report.skipped:
        report.note(f"no files matching {pattern!r}")
    try:
        return Corpus(df, load_report=report, name=name)
    except CorpusError as exc:
        raise CorpusError(f"{folder}: {exc}") from None


def _join_metadata(df: pd.DataFrame, meta: pd.DataFrame, meta_path: Path, report: LoadReport) -> pd.DataFrame:
    key = meta.attrs["key"]
    join_col = "doc_id" if key == "doc_id" else "file"
    meta = meta.rename(columns={key: join_col})
    known = set(df[join_col]) if len(df) else set()
    missing = [v for v in meta[join_col] if v not in known]
    if missing:
        report.note(f"{meta_path.name}: {len(missing)} rows name no loaded file: {missing[:5]}")
    extra = [c for c in meta.columns if c != join_col]
    for col in extra:
        if col in df.columns:
            both = df[[join_col, col]].merge(meta[[join_col, col]], on=join_col, suffixes=("", "_m"))
            clash = both[
                both[col].notna()
                & both[col + "_m"].notna()
                & (both[col].astype(str) != both[col + "_m"].astype(str))
            ]
            for _, r in clash.iterrows():
                report.note(
                    f"{r[join_col]}: {col} {r[col]!r} in the file header, "
                    f"{r[col + '_m']!r} in {meta_path.name}; using {meta_path.name}"
                )
    merged = df.drop(columns=[c for c in extra if c in df.columns]).merge(meta, on=join_col, how="left")
    if "date" in merged.columns:
        for i, v in merged["date"].items():
            try:
                parse_date(v)
            except ValueError as exc:
                row = int(np.flatnonzero((meta[join_col] == merged.at[i, join_col]).to_numpy())[0])
                line = meta.attrs["lines"][row]
                raise CorpusError(f"{meta_path}, line {line}: date: {exc}") from None
    # restore the columns that only the header had
    for col in extra:
        if col in df.columns:
            header_vals = df.set_index(join_col)[col]
            merged[col] = merged[col].fillna(merged[join_col].map(header_vals))
    return merged


def _same_line(i: int) -> int:
    return int(i)


def _line_after_header(i: int) -> int:
    return int(i) + 2


_CSV_OPTIONS = {"sep", "delimiter", "quotechar", "encoding", "fallback_encoding"}


def read_csv(
    path: str | Path,
    *,
    columns: Mapping[str, str] | None = None,
    on_error: str = "skip",
    name: str = "",
    **read_csv_kwargs,
) -> Corpus:
    """Read a CSV file with one document per row.

    ``columns`` maps the file's column names to corpus names, e.g.
    ``{"body": "text", "outlet": "source", "id": "doc_id"}``. Rows with
    empty text are skipped and recorded with their line number (the line
    where the row starts, counting lines inside quoted values). A row with
    more fields than the header, usually an unquoted separator inside a
    value, raises :class:`CorpusError` naming the line instead of shifting
    the columns. Options: ``sep`` (or ``delimiter``), ``quotechar``,
    ``encoding`` (default UTF-8) and ``fallback_encoding`` (for the lines
    that are not UTF-8); any other keyword is passed to
    :func:`pandas.read_csv`.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "d.csv"
    >>> _ = p.write_text("id,body,outlet\\n1,Hello world,BBC\\n2,,CGTN\\n", encoding="utf-8")
    >>> c = read_csv(p, columns={"id": "doc_id", "body": "text", "outlet": "source"})
    >>> c.doc_ids, c.load_report.skipped
    (['1'], [('d.csv:3', 'empty text')])
    """
    path = Path(path)
    report = LoadReport(name or str(path))
    if on_error not in ("skip", "raise"):
        raise CorpusError(f"on_error must be 'skip' or 'raise', not {on_error!r}")
    if set(read_csv_kwargs) <= _CSV_OPTIONS:
        opts = dict(read_csv_kwargs)
        sep = opts.pop("sep", opts.pop("delimiter", ","))
        if not isinstance(sep, str) or len(sep) != 1:
            raise CorpusError(f"{path}: sep must be one character, not {sep!r}")
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise CorpusError(f"{path}: no such file") from None
        except OSError as exc:
            raise CorpusError(f"{path}: cannot read the file ({exc.strerror or exc})") from None
        encoding = opts.get("encoding")
        try:
            if encoding and encoding.lower().replace("_", "-") not in ("utf-8", "utf8", "utf-8-sig"):
                data = data.decode(encoding).encode("utf-8")
            text = decode_bytes(data, path.name, opts.get("fallback_encoding"), report)
        except DecodeSkip as exc:
            raise CorpusError(f"{path}: {exc}") from None
        except (LookupError, UnicodeDecodeError) as exc:
            raise CorpusError(f"{path}: cannot decode as {encoding!r} ({exc})") from None
        header, rows, lines = _csv_records(text, str(path), sep, opts.get("quotechar", '"'), report)
        df = pd.DataFrame(rows, columns=header, index=lines, dtype=object)
        line_of = _same_line
    else:
        try:
            df = pd.read_csv(
                path,
                dtype=str,
                keep_default_na=False,
                encoding="utf-8-sig",
                index_col=False,
                **read_csv_kwargs,
            )
        except UnicodeDecodeError as exc:
            raise CorpusError(
                f"{path}: not valid UTF-8 at byte {exc.start}; pass encoding=... or fallback_encoding=..."
            ) from None
        except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
            raise CorpusError(f"{path}: malformed CSV: {exc}") from None
        except TypeError as exc:
            raise CorpusError(f"{path}: {exc}") from None
        line_of = _line_after_header
    df = df.replace("", pd.NA)
    df = _apply_mapping(df, columns, str(path))
    report.read = len(df)
    df = _drop_empty_texts(df, report, path.name, "line", line_of=line_of, on_error=on_error)
    report.loaded = len(df)
    try:
        return Corpus(df, load_report=report, name=name)
    except CorpusError as exc:
        raise CorpusError(f"{path}: {exc}") from None


def _clean_surrogates(value, fixes: list):
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            fixes.append(1)
            return "".join("\ufffd" if "\ud800" <= ch <= "\udfff" else ch for ch in value)
        return value
    if isinstance(value, dict):
        return {k: _clean_surrogates(v, fixes) for k, v in value.items()}
    if isinstance(value, list):
        return [_clean_surrogates(v, fixes) for v in value]
    return value


def read_jsonl(
    path: str | Path,
    *,
    columns: Mapping[str, str] | None = None,
    on_error: str = "skip",
    fallback_encoding: str | None = None,
    name: str = "",
) -> Corpus:
    """Read a JSON Lines file, one JSON object (document) per line.

    Blank lines are ignored; a line that is not a JSON object raises
    :class:`CorpusError` naming the line. A numeric ``doc_id`` is kept as
    written (``1`` gives ``"1"``). A lone surrogate escape (``"\\ud800"``),
    which is not a character, is replaced with U+FFFD and noted.
    ``fallback_encoding`` decodes the lines that are not UTF-8.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "d.jsonl"
    >>> _ = p.write_text('{"doc_id": 1, "text": "One."}\\n{"doc_id": 2.5, "text": "Two."}\\n')
    >>> read_jsonl(p).doc_ids
    ['1', '2.5']
    """
    path = Path(path)
    report = LoadReport(name or str(path))
    if on_error not in ("skip", "raise"):
        raise CorpusError(f"on_error must be 'skip' or 'raise', not {on_error!r}")
    rows, lines = [], []
    try:
        text = decode_bytes(path.read_bytes(), path.name, fallback_encoding, report)
    except DecodeSkip as exc:
        raise CorpusError(f"{path}: {exc}") from None
    except FileNotFoundError:
        raise CorpusError(f"{path}: no such file") from None
    except OSError as exc:
        raise CorpusError(f"{path}: cannot read the file ({exc.strerror or exc})") from None
    fixed_lines = []
    for lineno, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        report.read += 1
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise CorpusError(f"{path}, line {lineno}: invalid JSON: {exc.msg}") from None
        except RecursionError:
            raise CorpusError(f"{path}, line {lineno}: JSON nested too deeply") from None
        if not isinstance(obj, dict):
            raise CorpusError(f"{path}, line {lineno}: expected a JSON object")
        fixes: list = []
        obj = _clean_surrogates(obj, fixes)
        if fixes:
            fixed_lines.append(lineno)
        if "doc_id" in obj and not isinstance(obj["doc_id"], str) and obj["doc_id"] is not None:
            if isinstance(obj["doc_id"], bool | dict | list):
                raise CorpusError(
                    f"{path}, line {lineno}: doc_id must be a string or a "
                    f"number, not {json.dumps(obj['doc_id'])}"
                )
            obj["doc_id"] = json.dumps(obj["doc_id"])
        rows.append(obj)
        lines.append(lineno)
    if fixed_lines:
        report.note(
            f"{path.name}: lone surrogate escapes (not characters) replaced with "
            f"U+FFFD on line(s) {fixed_lines[:10]}"
        )
    df = pd.DataFrame(rows, index=lines)
    if "doc_id" in df.columns:
        df["doc_id"] = df["doc_id"].astype(object)
    df = _apply_mapping(df, columns, str(path))
    df = _drop_empty_texts(df, report, path.name, "line", line_of=lambda i: i, on_error=on_error)
    report.loaded = len(df)
    try:
        return Corpus(df, load_report=report, name=name)
    except CorpusError as exc:
        raise CorpusError(f"{path}: {exc}") from None


@overload
def read_parquet(
    path: str | Path,
    *,
    columns: Mapping[str, str] | None = ...,
    filters=...,
    stream: Literal[False] = ...,
    name: str = ...,
) -> Corpus: ...
@overload
def read_parquet(
    path: str | Path,
    *,
    columns: Mapping[str, str] | None = ...,
    filters=...,
    stream: Literal[True],
    name: str = ...,
) -> ParquetStream: ...
@overload
def read_parquet(
    path: str | Path,
    *,
    columns: Mapping[str, str] | None = ...,
    filters=...,
    stream: bool = ...,
    name: str = ...,
) -> Corpus | CorpusStream: ...
def read_parquet(
    path: str | Path,
    *,
    columns: Mapping[str, str] | None = None,
    filters=None,
    stream: bool = False,
    name: str = "",
) -> Corpus | CorpusStream:
    """Read a Parquet file or partitioned dataset.

    Parameters
    ----------
    path : a file, a folder (partitioned or not) or a URI that pyarrow opens
        (``s3://...``, ``gs://...``, ``file://...``)
    columns : mapping of the file's column names to corpus names
    filters : pyarrow filters pushed down to the reader, e.g.
        ``[("year", ">=", 2000)]``
    stream : return a :class:`ParquetStream` read in record batches instead
        of loading everything; the analyses that take ``backend=`` read it
        out of core, one row group per work unit (see :mod:`framing.parallel`)

    Examples
    --------
    >>> import tempfile, pathlib
    >>> import pandas as pd
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "d.parquet"
    >>> pd.DataFrame({"id": ["a", "b", "c"], "body": ["Peace.", "Win-win.", "Development."],
    ...               "year": [1999, 2005, 2010]}).to_parquet(p)
    >>> c = read_parquet(p, columns={"id": "doc_id", "body": "text"}, filters=[("year", ">=", 2000)])
    >>> c.doc_ids, c.docs["year"].tolist()
    (['b', 'c'], [2005, 2010])
    >>> stream = read_parquet(p, columns={"id": "doc_id", "body": "text"}, stream=True)
    >>> [len(batch) for batch in stream.iter_batches(2)]
    [2, 1]
    """
    if not stream:
        return Corpus.from_parquet(path, columns=columns, filters=filters, name=name)
    uri = isinstance(path, str) and "://" in path
    path = path if uri else Path(path)
    label = Path(path).name
    dataset, expr, arrow_errors = parquet_dataset(path, filters)

    def batches(batch_size: int) -> Iterator[Corpus]:
        report = stream_obj.load_report
        first = 1
        seen: set[str] = set()
        try:
            for rb in dataset.to_batches(filter=expr, batch_size=batch_size):
                if rb.num_rows == 0:
                    continue
                df = rb.to_pandas()
                df = _apply_mapping(df, columns, str(path))
                report.read += len(df)
                df = _drop_empty_texts(df, report, label, "row", line_of=lambda i, f=first: f + i)
                first += rb.num_rows
                report.loaded += len(df)
                corpus = Corpus(df, load_report=report, name=name)
                ids = corpus.doc_ids
                again = [d for d in ids if d in seen]
                if again:
                    raise CorpusError(f"{path}: duplicate doc_id values: {sorted(set(again))[:10]}")
                seen.update(ids)
                yield corpus
        except arrow_errors as exc:
            if isinstance(exc, FramingError):
                raise
            raise CorpusError(f"{path}: cannot read the Parquet data: {exc}") from None

    stream_obj = ParquetStream(
        batches,
        path=path,
        filters=filters,
        columns=columns,
        name=name or str(path),
        load_report=LoadReport(str(path)),
    )
    return stream_obj


class ParquetStream(CorpusStream):
    """A Parquet file or dataset read in batches: ``read_parquet(path, stream=True)``.

    It reads its batches in this process like any :class:`CorpusStream`, and
    keeps where they come from (``path``, ``filters``, ``columns``): the
    analyses that take ``backend=`` (``count_matches``, ``count_terms``,
    ``keyness``, ``document_tokens``, ``score_documents``) then run with
    ``backend="processes"`` or ``"dask"`` one row group per work unit, each
    worker reading its own rows with the filters pushed down, so the corpus
    never has to fit in memory (see :mod:`framing.parallel`).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> import pandas as pd
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "d.parquet"
    >>> pd.DataFrame({"doc_id": ["a", "b"], "text": ["Peace.", "Win-win."],
    ...               "year": [1999, 2005]}).to_parquet(p)
    >>> stream = read_parquet(p, filters=[("year", ">=", 2000)], stream=True)
    >>> stream.filters, [b.doc_ids for b in stream.iter_batches(10)]
    ([('year', '>=', 2000)], [['b']])
    """

    def __init__(
        self,
        batches: Callable[[int], Iterator[Corpus]],
        *,
        path: str | Path,
        filters=None,
        columns: Mapping[str, str] | None = None,
        name: str = "",
        load_report: LoadReport | None = None,
    ):
        super().__init__(batches, name=name, load_report=load_report)
        self.path = path
        self.filters = filters
        self.columns = dict(columns) if columns else None


def _is_parquet_dataset(folder: Path) -> bool:
    """A folder of Parquet files (possibly in ``key=value`` partition folders)
    and no ``.txt`` files; a folder named ``notes=old`` alone is not one."""
    if any(f.suffix.lower() == ".txt" for f in folder.iterdir()):
        return False
    if any(folder.glob("*.parquet")) or folder.suffix.lower() in (".parquet", ".pq"):
        return True
    return any(d.is_dir() and any(d.rglob("*.parquet")) for d in folder.glob("*=*"))


def read_corpus(path: str | Path, **kwargs) -> Corpus | CorpusStream:
    """Read a corpus from a folder of ``.txt`` files, ``.csv``, ``.jsonl`` or ``.parquet``.

    The reader is chosen by the path: a folder (of ``.txt`` files, or a
    partitioned Parquet dataset) or the file's suffix; keywords are passed
    to it.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "d.jsonl"
    >>> _ = p.write_text('{"id": "a", "body": "Peace."}\\n{"id": "b", "body": "Win-win."}\\n')
    >>> c = read_corpus(p, columns={"id": "doc_id", "body": "text"})
    >>> type(c).__name__, c.doc_ids, c.docs["text"].tolist()
    ('Corpus', ['a', 'b'], ['Peace.', 'Win-win.'])
    """
    p = Path(path)
    if p.is_dir():
        if _is_parquet_dataset(p):
            return read_parquet(p, **kwargs)
        return read_txt_folder(p, **kwargs)
    if not p.exists():
        raise CorpusError(f"{p}: no such file or folder")
    suffix = "".join(p.suffixes[-1:]).lower()
    readers: dict[str, Callable[..., Corpus | CorpusStream]] = {
        ".csv": read_csv,
        ".tsv": read_csv,
        ".jsonl": read_jsonl,
        ".ndjson": read_jsonl,
        ".parquet": read_parquet,
        ".pq": read_parquet,
    }
    if suffix not in readers:
        raise CorpusError(
            f"{p}: unknown corpus format {suffix!r}; use a folder of .txt files, .csv, .jsonl or .parquet"
        )
    if suffix == ".tsv":
        kwargs.setdefault("sep", "\t")
    return readers[suffix](p, **kwargs)


def iter_csv_rows(data: bytes, name: str) -> Iterator[tuple[int, list[str]]]:
    """Rows of a headerless CSV given as bytes, with one-based line numbers."""
    text = decode_bytes(data, name)
    reader = csv.reader(io.StringIO(text))
    for row in reader:
        yield reader.line_num, row
