"""Corpora: documents with metadata, load reports, batches and Parquet.

A :class:`Corpus` is a pandas DataFrame with one row per document and the
columns ``doc_id`` (unique string), ``text``, ``source``, ``date``
(``datetime64``, missing allowed), ``year`` (nullable integer) and ``title``,
plus any user columns (``country``, ``session``, ``section`` ...). Every
analysis in :mod:`framing` keeps these metadata columns in its output.

A :class:`CorpusStream` offers the same ``iter_batches`` interface without
holding the corpus in memory; analyses that count accept either.

Examples
--------
>>> from framing import Corpus
>>> corpus = Corpus.from_records([
...     {"doc_id": "a", "text": "Win-win cooperation.", "source": "CGTN", "date": "2022-03-01"},
...     {"doc_id": "b", "text": "A shared future.", "source": "BBC", "date": "2022"},
... ])
>>> len(corpus), corpus.docs["year"].tolist()
(2, [2022, 2022])
>>> corpus.subset(source="CGTN").doc_ids
['a']
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd

from framing.errors import CorpusError

__all__ = [
    "Corpus",
    "CorpusStream",
    "CorpusError",
    "LoadReport",
    "STANDARD_COLUMNS",
    "parse_date",
]

STANDARD_COLUMNS = ("doc_id", "text", "source", "date", "year", "title")


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


_DATE_FORMATS = (
    (re.compile(r"^\d{4}$"), "%Y"),
    (re.compile(r"^\d{4}-\d{1,2}$"), "%Y-%m"),
    (re.compile(r"^\d{4}-\d{1,2}-\d{1,2}$"), "%Y-%m-%d"),
    (re.compile(r"^\d{4}/\d{1,2}/\d{1,2}$"), "%Y/%m/%d"),
)


def parse_date(value: Any) -> pd.Timestamp:
    """Parse one date; ``NaT`` for missing, :class:`ValueError` if unparseable.

    Accepts ``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``, ``YYYY/MM/DD``, ISO 8601
    timestamps, ``datetime`` objects and timestamps. Time zones are dropped
    after conversion to UTC.

    Examples
    --------
    >>> parse_date("2022-01-02"), parse_date("2015")
    (Timestamp('2022-01-02 00:00:00'), Timestamp('2015-01-01 00:00:00'))
    >>> parse_date("")
    NaT
    >>> parse_date("1600-05-01")
    Traceback (most recent call last):
    ...
    ValueError: date '1600-05-01' is outside the supported years 1678-2261
    """
    if value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and np.isnan(value)):
        return pd.NaT
    try:
        if isinstance(value, pd.Timestamp | np.datetime64) or hasattr(value, "year"):
            if hasattr(value, "year") and not _MIN_YEAR <= value.year <= _MAX_YEAR:
                raise _OutOfRange(str(value))
            ts = pd.Timestamp(value)
        else:
            s = str(value).strip()
            if not s or s.lower() in ("nan", "nat", "none", "na", "<na>"):
                return pd.NaT
            for rx, fmt in _DATE_FORMATS:
                if rx.match(s):
                    if not _MIN_YEAR <= int(s[:4]) <= _MAX_YEAR:
                        raise _OutOfRange(s)
                    ts = pd.to_datetime(s, format=fmt)
                    break
            else:
                if not re.match(r"^\d{4}-\d{2}-\d{2}[T ]\d", s):
                    raise ValueError(f"unparseable date {s!r}")
                if not _MIN_YEAR <= int(s[:4]) <= _MAX_YEAR:
                    raise _OutOfRange(s)
                ts = pd.Timestamp(s)
    except _OutOfRange as exc:
        raise ValueError(
            f"date {exc.args[0]!r} is outside the supported years {_MIN_YEAR}-{_MAX_YEAR}"
        ) from None
    except (ValueError, OverflowError, TypeError) as exc:
        if str(exc).startswith("unparseable date"):
            raise
        raise ValueError(f"unparseable date {str(value).strip()!r}") from None
    if ts.tzinfo is not None:
        ts = ts.tz_convert("UTC").tz_localize(None)
    return ts


# the years a nanosecond timestamp can hold (pandas' datetime64[ns] range)
_MIN_YEAR, _MAX_YEAR = 1678, 2261


class _OutOfRange(Exception):
    pass


def _coerce_dates(values: pd.Series, doc_ids: pd.Series, where: str) -> pd.Series:
    if pd.api.types.is_datetime64_any_dtype(values):
        out = values
        if getattr(out.dt, "tz", None) is not None:
            out = out.dt.tz_convert("UTC").dt.tz_localize(None)
        return out.astype("datetime64[ns]")
    parsed = []
    for doc_id, v in zip(doc_ids, values, strict=True):
        try:
            parsed.append(parse_date(v))
        except (ValueError, OverflowError) as exc:
            raise CorpusError(f"{where}document {doc_id!r}: {exc}") from None
    return pd.Series(pd.DatetimeIndex(parsed).astype("datetime64[ns]"), index=values.index)


def _standardise(df: pd.DataFrame, where: str = "") -> pd.DataFrame:
    """Validate and complete a documents frame (a copy is returned)."""
    if "text" not in df.columns:
        raise CorpusError(f"{where}no 'text' column; columns are {list(df.columns)}")
    df = df.reset_index(drop=True).copy()
    if "doc_id" not in df.columns:
        width = max(len(str(len(df))), 1)
        df.insert(0, "doc_id", [f"doc{i:0{width}d}" for i in range(len(df))])
    ids = df["doc_id"]
    if ids.isna().any():
        rows = [int(i) + 1 for i in np.flatnonzero(ids.isna().to_numpy())[:5]]
        raise CorpusError(f"{where}missing doc_id in rows {rows} (counting from 1)")
    if pd.api.types.is_float_dtype(ids):  # 1.0 from a column of numbers: keep "1"
        df["doc_id"] = [str(int(v)) if float(v).is_integer() else str(v) for v in ids]
    else:
        df["doc_id"] = ids.astype(str)
    dup = df["doc_id"].duplicated(keep=False)
    if dup.any():
        names = sorted(set(df.loc[dup, "doc_id"]))
        raise CorpusError(
            f"{where}duplicate doc_id values: {names[:10]}"
            + (f" and {len(names) - 10} more" if len(names) > 10 else "")
        )
    bad = df["text"].map(lambda t: not isinstance(t, str))
    if bad.any():
        ids_bad = df.loc[bad, "doc_id"].tolist()
        raise CorpusError(f"{where}text is missing or not a string for documents {ids_bad[:10]}")
    for col in ("source", "title"):
        if col not in df.columns:
            df[col] = pd.Series([pd.NA] * len(df), dtype="string")
        else:
            df[col] = df[col].astype("string")
    if "date" in df.columns:
        df["date"] = _coerce_dates(df["date"], df["doc_id"], where)
    else:
        df["date"] = pd.Series(pd.NaT, index=df.index, dtype="datetime64[ns]")
    from_date = df["date"].dt.year.astype("Int64")
    if "year" in df.columns:
        numeric = pd.to_numeric(df["year"], errors="coerce")
        fraction = numeric.notna() & ((numeric % 1 != 0) | (numeric.abs() > 1e6))
        if fraction.any():
            ids_bad = df.loc[fraction, "doc_id"].tolist()
            vals = [str(v) for v in df.loc[fraction, "year"].tolist()]
            raise CorpusError(
                f"{where}year must be a whole number; got {vals[:5]} for documents {ids_bad[:5]}"
            )
        year = numeric.astype("Int64")
        bad_year = df["year"].notna() & year.isna()
        if bad_year.any():
            ids_bad = df.loc[bad_year, "doc_id"].tolist()
            raise CorpusError(f"{where}year is not a number for documents {ids_bad[:10]}")
        clash = year.notna() & from_date.notna() & (year != from_date)
        if clash.any():
            ids_bad = df.loc[clash, "doc_id"].tolist()
            raise CorpusError(f"{where}year disagrees with date for documents {ids_bad[:10]}")
        df["year"] = year.fillna(from_date)
    else:
        df["year"] = from_date
    order = [c for c in STANDARD_COLUMNS] + [c for c in df.columns if c not in STANDARD_COLUMNS]
    return df[order]


class Corpus:
    """Documents and their metadata.

    Parameters
    ----------
    docs : pandas.DataFrame
        One row per document with at least a ``text`` column. ``doc_id`` is
        generated (``doc0``, ``doc1`` ...) when absent; ``source``, ``date``,
        ``year`` and ``title`` are added as missing when absent; ``year`` is
        derived from ``date`` when not given.
    load_report : LoadReport, optional
        What the reader that built the corpus read and skipped.
    name : str, optional
        A short name shown in reports.

    Raises
    ------
    CorpusError
        For duplicate or missing ``doc_id`` values, texts that are not
        strings, and dates or years that do not parse, naming the documents.

    Examples
    --------
    >>> import pandas as pd
    >>> c = Corpus(pd.DataFrame({"doc_id": ["x", "y"], "text": ["One.", "Two."],
    ...                          "source": ["A", "B"], "year": [2001, 2002]}))
    >>> c
    <Corpus: 2 documents, sources 2, years 2001-2002>
    >>> [b.doc_ids for b in c.iter_batches(1)]
    [['x'], ['y']]
    """

    def __init__(
        self,
        docs: pd.DataFrame,
        *,
        load_report: LoadReport | None = None,
        name: str = "",
        _validated: bool = False,
    ):
        self.docs = docs if _validated else _standardise(docs)
        self.load_report = load_report if load_report is not None else LoadReport(name)
        self.name = name

    # -- construction ------------------------------------------------------
    @classmethod
    def from_records(cls, records: Iterable[Mapping[str, Any]], **kwargs) -> Corpus:
        """Build a corpus from dictionaries with ``text`` and metadata keys."""
        return cls(pd.DataFrame(list(records)), **kwargs)

    @classmethod
    def from_texts(cls, texts: Iterable[str], **metadata) -> Corpus:
        """Build a corpus from texts and optional equal-length metadata lists.

        Examples
        --------
        >>> Corpus.from_texts(["a b", "c"], source=["X", "Y"]).docs["source"].tolist()
        ['X', 'Y']
        """
        df = pd.DataFrame({"text": list(texts), **{k: list(v) for k, v in metadata.items()}})
        return cls(df)

    @classmethod
    def concat(cls, corpora: Iterable[Corpus], name: str = "") -> Corpus:
        """Concatenate corpora (``doc_id`` values must stay unique)."""
        corpora = list(corpora)
        report = LoadReport(name)
        for c in corpora:
            report.merge(c.load_report)
        frames = [c.docs for c in corpora]
        if not frames:
            return cls(pd.DataFrame({"text": []}), load_report=report, name=name)
        return cls(pd.concat(frames, ignore_index=True), load_report=report, name=name)

    def _derive(self, docs: pd.DataFrame) -> Corpus:
        return Corpus(
            docs.reset_index(drop=True),
            load_report=self.load_report,
            name=self.name,
            _validated=True,
        )

    # -- access ------------------------------------------------------------
    def __len__(self) -> int:
        return len(self.docs)

    def __iter__(self) -> Iterator[tuple]:
        """Iterate over documents as named tuples (``doc.doc_id``, ``doc.text`` ...)."""
        return self.docs.itertuples(index=False, name="Document")

    def __getitem__(self, key):
        """A document by ``doc_id`` (a named tuple), or a sub-corpus by mask/slice."""
        if isinstance(key, str):
            hit = self.docs.index[self.docs["doc_id"] == key]
            if len(hit) == 0:
                raise KeyError(f"no document with doc_id {key!r}")
            return next(self.docs.loc[hit].itertuples(index=False, name="Document"))
        if isinstance(key, slice):
            return self._derive(self.docs.iloc[key])
        return self._derive(self.docs[key])

    def __repr__(self) -> str:
        years = self.docs["year"].dropna()
        span = f"{years.min()}-{years.max()}" if len(years) else "none"
        return (
            f"<Corpus{' ' + self.name if self.name else ''}: {len(self)} documents, "
            f"sources {self.docs['source'].nunique()}, years {span}>"
        )

    @property
    def doc_ids(self) -> list[str]:
        return self.docs["doc_id"].tolist()

    @property
    def texts(self) -> list[str]:
        return self.docs["text"].tolist()

    @property
    def meta(self) -> pd.DataFrame:
        """The metadata (every column but ``text``)."""
        return self.docs.drop(columns="text")

    @property
    def metadata_columns(self) -> list[str]:
        return [c for c in self.docs.columns if c != "text"]

    # -- selection ---------------------------------------------------------
    def subset(self, mask=None, *, query: str | None = None, **equals) -> Corpus:
        """Documents matching a boolean mask, a pandas query and/or equalities.

        A value in ``equals`` may be a scalar or a list of accepted values.

        Examples
        --------
        >>> c = Corpus.from_texts(["a", "b", "c"], source=["X", "Y", "X"], year=[2000, 2001, 2002])
        >>> c.subset(source="X", query="year > 2000").doc_ids
        ['doc2']
        """
        keep = pd.Series(True, index=self.docs.index)
        if mask is not None:
            if callable(mask):
                mask = mask(self.docs)
            keep &= pd.Series(np.asarray(mask, dtype=bool), index=self.docs.index)
        if query is not None:
            try:
                result = self.docs.eval(query)
            except Exception as exc:
                raise CorpusError(
                    f"query {query!r}: {type(exc).__name__}: {exc}; the columns are {self.metadata_columns}"
                ) from None
            if not isinstance(result, pd.Series) or len(result) != len(self.docs):
                raise CorpusError(f"query {query!r} does not give one true/false value per document")
            try:  # a comparison with a missing value is not a match
                keep &= result.fillna(False).astype(bool)
            except (TypeError, ValueError) as exc:
                raise CorpusError(f"query {query!r} does not give true/false values: {exc}") from None
        for col, value in equals.items():
            if col not in self.docs.columns:
                from framing.errors import MissingColumnError

                raise MissingColumnError(f"no metadata column {col!r}; columns are {self.metadata_columns}")
            if isinstance(value, list | tuple | set | frozenset):
                keep &= self.docs[col].isin(list(value))
            else:
                keep &= self.docs[col] == value
        return self._derive(self.docs[keep.fillna(False).to_numpy()])

    def groupby(self, by: str | list[str]) -> Iterator[tuple[Any, Corpus]]:
        """Yield ``(key, sub-corpus)`` for each group of metadata values."""
        for key, frame in self.docs.groupby(by, sort=True, dropna=False, observed=True):
            yield key, self._derive(frame)

    def sample(self, n: int, random_state: int = 0) -> Corpus:
        """A random sample of ``n`` documents (all when ``n >= len``), in corpus order."""
        if n >= len(self):
            return self
        return self._derive(self.docs.sample(n=n, random_state=random_state).sort_index())

    def iter_batches(self, batch_size: int = 1000) -> Iterator[Corpus]:
        """Yield consecutive sub-corpora of at most ``batch_size`` documents."""
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        for start in range(0, len(self), batch_size):
            yield self._derive(self.docs.iloc[start : start + batch_size])

    def segment(self, pattern=None, **kwargs) -> Corpus:
        """Split documents into units (speaker turns, questions and answers).

        See :func:`framing.corpus.segment.segment_corpus`; e.g.
        ``corpus.segment(recipe="press_conference")``.

        Examples
        --------
        >>> c = Corpus.from_texts(["Q: Why?\\nA: Because."])
        >>> c.segment(recipe="press_conference").docs["role"].tolist()
        ['question', 'answer']
        """
        from framing.corpus.segment import segment_corpus

        return segment_corpus(self, pattern, **kwargs)

    # -- summaries ---------------------------------------------------------
    def summary(self, by: str | list[str] | tuple[str, ...] | None = None) -> pd.DataFrame:
        """Documents, tokens and types per group (tokens of :func:`framing.tokenize`).

        Parameters
        ----------
        by : str, list of str or None, default None
            Metadata column(s) defining the groups; ``None``: no grouping,
            one row for the whole corpus.

        Examples
        --------
        >>> c = Corpus.from_texts(["a b a", "c"], source=["X", "Y"])
        >>> c.summary(by="source")
          source  documents  tokens  types
        0      X          1       3      2
        1      Y          1       1      1
        >>> c.summary()
           documents  tokens  types
        0          2       4      3
        """
        from framing.text.tokenize import tokenize

        by = [by] if isinstance(by, str) else list(by or [])
        rows = []
        groups = self.docs.groupby(by, sort=True, dropna=False) if by else [((), self.docs)]
        for key, g in groups:
            key = key if isinstance(key, tuple) else (key,)
            types: set[str] = set()
            ntok = 0
            for text in g["text"]:
                toks = tokenize(text)
                ntok += len(toks)
                types.update(toks)
            rows.append((*key, len(g), ntok, len(types)))
        return pd.DataFrame(rows, columns=[*by, "documents", "tokens", "types"])

    # -- persistence -------------------------------------------------------
    def to_parquet(self, path: str | Path, partition_cols: list[str] | None = None) -> None:
        """Write the corpus (text and metadata) to a Parquet file or dataset."""
        self.docs.to_parquet(path, index=False, partition_cols=partition_cols)

    @classmethod
    def from_parquet(cls, path: str | Path, **kwargs) -> Corpus:
        """Read a corpus written by :meth:`to_parquet` (see :func:`framing.read_parquet`)."""
        from framing.corpus.readers import read_parquet

        return read_parquet(path, **kwargs)


class CorpusStream:
    """A corpus read in batches, never held in memory as a whole.

    ``batches`` is a function ``batches(batch_size)`` returning an iterator of
    :class:`Corpus` objects. The load report fills as the stream is read.

    Examples
    --------
    >>> c = Corpus.from_texts(["a", "b", "c"])
    >>> s = CorpusStream(c.iter_batches, name="demo")
    >>> [len(b) for b in s.iter_batches(2)]
    [2, 1]
    >>> len(s.collect())
    3
    """

    def __init__(
        self,
        batches: Callable[[int], Iterator[Corpus]],
        *,
        name: str = "",
        load_report: LoadReport | None = None,
    ):
        self._batches = batches
        self.name = name
        self.load_report = load_report if load_report is not None else LoadReport(name)

    def iter_batches(self, batch_size: int = 1000) -> Iterator[Corpus]:
        return self._batches(batch_size)

    def __iter__(self):
        for batch in self.iter_batches():
            yield from batch

    def collect(self) -> Corpus:
        """Read every batch into one :class:`Corpus`."""
        out = Corpus.concat(self.iter_batches(), name=self.name)
        out.load_report = self.load_report
        return out

    def __repr__(self) -> str:
        return f"<CorpusStream {self.name}>"


def require_documents(data, what: str) -> None:
    """A :class:`CorpusError` naming ``what`` when ``data`` is a :class:`Corpus`
    without documents (anything else passes)."""
    if isinstance(data, Corpus) and len(data) == 0:
        raise CorpusError(
            f"{what}: the corpus has no documents (was everything skipped "
            "by the reader? see corpus.load_report)"
        )
