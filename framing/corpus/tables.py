"""Tables of documents on their way to a corpus: load reports, column names,
empty texts, Parquet filters and tables.

What every reader shares, below :class:`~framing.corpus.core.Corpus`: the
:class:`LoadReport` that accounts for every input, the renaming of a file's
columns (``columns=``), the skipping of rows without text, and the reading
of a Parquet file or dataset into one frame (:func:`parquet_table`, which
:meth:`Corpus.from_parquet <framing.corpus.core.Corpus.from_parquet>` and
:func:`framing.read_parquet` read through).

Examples
--------
>>> import tempfile, pathlib
>>> import pandas as pd
>>> p = pathlib.Path(tempfile.mkdtemp()) / "d.parquet"
>>> pd.DataFrame({"id": ["a", "b"], "body": ["Peace.", " "]}).to_parquet(p)
>>> df, report = parquet_table(p, columns={"id": "doc_id", "body": "text"})
>>> df["doc_id"].tolist(), report.skipped
(['a'], [('d.parquet:2', 'empty text')])
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

import pandas as pd

from framing.errors import CorpusError

__all__ = ["LoadReport", "collect_load_reports", "parquet_dataset", "parquet_table", "record_load_report"]


@dataclasses.dataclass
class LoadReport:
    """What a reader did with every input it saw.

    ``read`` counts the inputs seen (files, rows or lines), ``loaded`` the
    documents kept; every other input is in ``skipped`` with its reason, and
    ``notes`` hold non-fatal observations (encoding fallbacks, checksum
    mismatches, metadata rows without a file ...).

    Examples
    --------
    >>> report = LoadReport("d.csv", read=3, loaded=2)
    >>> report.skip("d.csv:3", "empty text")
    >>> print(report)
    d.csv: read 3, loaded 2, skipped 1
      skipped d.csv:3: empty text
    >>> report.to_frame().columns.tolist()
    ['item', 'reason']
    """

    source: str = ""
    read: int = 0
    loaded: int = 0
    skipped: list[tuple[str, str]] = dataclasses.field(default_factory=list)
    notes: list[str] = dataclasses.field(default_factory=list)

    def skip(self, item: str, reason: str) -> None:
        self.skipped.append((str(item), reason))

    def note(self, text: str) -> None:
        self.notes.append(text)

    def merge(self, other: LoadReport) -> None:
        self.read += other.read
        self.loaded += other.loaded
        self.skipped.extend(other.skipped)
        self.notes.extend(other.notes)

    def to_frame(self) -> pd.DataFrame:
        """Skipped inputs as a frame with columns ``item`` and ``reason``."""
        return pd.DataFrame(self.skipped, columns=["item", "reason"])

    def summary(self) -> str:
        lines = [f"{self.source}: read {self.read}, loaded {self.loaded}, skipped {len(self.skipped)}"]
        lines += [f"  skipped {item}: {reason}" for item, reason in self.skipped]
        lines += [f"  note: {n}" for n in self.notes]
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.summary()


# Load reports of the corpora loaded while a collector is active (the command
# line prints their summaries when anything was skipped).
_COLLECTORS: list[list[LoadReport]] = []


def record_load_report(report: LoadReport) -> None:
    """Hand ``report`` to the active collectors (see :func:`collect_load_reports`)."""
    for bucket in _COLLECTORS:
        if not any(r is report for r in bucket):
            bucket.append(report)


class collect_load_reports:
    """Context manager gathering the load reports of corpora loaded inside it.

    Examples
    --------
    >>> with collect_load_reports() as reports:
    ...     record_load_report(LoadReport("x.csv", read=2, loaded=1))
    >>> [r.source for r in reports]
    ['x.csv']
    """

    def __enter__(self) -> list[LoadReport]:
        self._bucket: list[LoadReport] = []
        _COLLECTORS.append(self._bucket)
        return self._bucket

    def __exit__(self, *exc) -> Literal[False]:
        _COLLECTORS.remove(self._bucket)
        return False


def _apply_mapping(df: pd.DataFrame, columns: Mapping[str, str] | None, where: str) -> pd.DataFrame:
    if not columns:
        return df
    absent = [c for c in columns if c not in df.columns]
    if absent:
        raise CorpusError(f"{where}: columns {absent} not found; columns are {list(df.columns)}")
    targets = list(columns.values())
    twice = sorted({t for t in targets if targets.count(t) > 1})
    if twice:
        raise CorpusError(f"{where}: columns= maps several columns to {twice}")
    clash = [t for t in targets if t in df.columns and t not in columns]
    if clash:
        raise CorpusError(
            f"{where}: columns= renames a column to {clash}, but the file already has "
            f"{'a column' if len(clash) == 1 else 'columns'} {clash}; map or drop that "
            f"one too, e.g. columns={{{clash[0]!r}: '{clash[0]}_original', ...}}"
        )
    return df.rename(columns=dict(columns))


def _drop_empty_texts(
    df: pd.DataFrame,
    report: LoadReport,
    where: str,
    unit: str,
    line_of=lambda i: i + 2,
    on_error: str = "skip",
) -> pd.DataFrame:
    if "text" not in df.columns:
        raise CorpusError(
            f"{where}: no 'text' column; map one with columns={{'<name>': 'text'}}; "
            f"columns are {list(df.columns)}"
        )
    empty = df["text"].isna() | (df["text"].astype(str).str.strip() == "")
    for i in df.index[empty]:
        if on_error == "raise":
            raise CorpusError(f"{where}, {unit} {int(line_of(i))}: empty text")
        report.skip(f"{where}:{int(line_of(i))}", "empty text")
    return df[~empty]


def _filters_to_expression(filters):
    if filters is None:
        return None
    import pyarrow.compute as pc
    import pyarrow.dataset as ds

    ops = {
        "==": lambda f, v: f == v,
        "=": lambda f, v: f == v,
        "!=": lambda f, v: f != v,
        "<": lambda f, v: f < v,
        "<=": lambda f, v: f <= v,
        ">": lambda f, v: f > v,
        ">=": lambda f, v: f >= v,
        "in": lambda f, v: f.isin(list(v)),
        "not in": lambda f, v: ~f.isin(list(v)),
    }
    expr = None
    for col, op, value in filters:
        if op not in ops:
            raise CorpusError(f"filters: unknown operator {op!r}; use one of {sorted(ops)}")
        e = ops[op](ds.field(col), value)
        expr = e if expr is None else pc.and_(expr, e)
    return expr


def parquet_dataset(path: str | Path, filters=None) -> tuple[Any, Any, tuple[type[BaseException], ...]]:
    """``(dataset, filter expression, errors)`` of a Parquet file or partitioned
    dataset; ``errors`` are the exceptions that reading it may raise."""
    import pyarrow as pa
    import pyarrow.dataset as ds

    arrow_errors = (OSError, ValueError, TypeError, NotImplementedError, pa.ArrowException)
    uri = isinstance(path, str) and "://" in path
    path = path if uri else Path(path)
    if not uri and not Path(path).exists():
        raise CorpusError(f"{path}: no such file or folder")
    try:
        dataset = ds.dataset(path, format="parquet", partitioning="hive")
    except arrow_errors as exc:
        raise CorpusError(f"{path}: not a readable Parquet file or dataset: {exc}") from None
    try:
        expr = _filters_to_expression(filters)
    except CorpusError:
        raise
    except (ValueError, TypeError) as exc:
        raise CorpusError(f"{path}: filters {filters!r}: {exc}") from None
    return dataset, expr, arrow_errors


def parquet_table(
    path: str | Path, *, columns: Mapping[str, str] | None = None, filters=None, name: str = ""
) -> tuple[pd.DataFrame, LoadReport]:
    """A Parquet file or dataset read whole: ``(documents frame, load report)``.

    Columns are renamed by ``columns``, rows without text skipped and
    recorded, hive partition columns given their values' type.
    """
    uri = isinstance(path, str) and "://" in path
    path = path if uri else Path(path)
    dataset, expr, arrow_errors = parquet_dataset(path, filters)
    try:
        df = dataset.to_table(filter=expr).to_pandas()
    except arrow_errors as exc:
        raise CorpusError(f"{path}: cannot read the Parquet data: {exc}") from None
    report = LoadReport(name or str(path))
    df = _apply_mapping(df, columns, str(path))
    report.read = len(df)
    df = _drop_empty_texts(df, report, Path(path).name, "row", line_of=lambda i: i + 1)
    report.loaded = len(df)
    for col in df.columns:
        if isinstance(df[col].dtype, pd.CategoricalDtype):  # hive partition columns
            df[col] = df[col].astype(df[col].cat.categories.dtype)
    return df, report
