"""The batch engine: backends, Parquet units, map_batches and exact merges.

See :mod:`framing.parallel` for the overview and examples.
"""

from __future__ import annotations

import contextlib
import dataclasses
import multiprocessing as mp
import os
import warnings
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import partial
from pathlib import Path
from typing import Any, cast

import pandas as pd

from framing.corpus.core import Corpus, CorpusError, CorpusStream, LoadReport
from framing.errors import FramingError, ParallelError

__all__ = [
    "BACKENDS",
    "ParallelError",
    "batch_run",
    "concat_frames",
    "get_backend",
    "map_batches",
    "parallel_backend",
    "parquet_units",
    "set_backend",
    "sum_counters",
    "write_dataset",
]

BACKENDS = ("serial", "processes", "dask")


# --------------------------------------------------------------------------
# Backend configuration
# --------------------------------------------------------------------------

_CONFIG: dict[str, Any] = {"backend": "serial", "client": None, "n_workers": None}


def _check_backend(backend: str) -> str:
    if backend not in BACKENDS:
        raise ParallelError(f"unknown backend {backend!r}; use one of {list(BACKENDS)}")
    return backend


def set_backend(backend: str = "serial", *, client=None, n_workers: int | None = None) -> dict:
    """Set the default backend of :func:`map_batches` and the analyses that take ``backend=``.

    Parameters
    ----------
    backend : {"serial", "processes", "dask"}
    client : distributed.Client, optional
        The Dask client (default: the current client of the session).
    n_workers : int, optional
        Worker processes for ``"processes"`` (default: one per CPU).

    Returns
    -------
    dict
        The previous settings, to pass back as ``set_backend(**previous)``.

    Examples
    --------
    >>> previous = set_backend("processes", n_workers=2)
    >>> get_backend()["backend"]
    'processes'
    >>> _ = set_backend(**previous)
    >>> get_backend()["backend"]
    'serial'
    """
    previous = dict(_CONFIG)
    _CONFIG.update(backend=_check_backend(backend), client=client, n_workers=n_workers)
    return previous


def get_backend() -> dict:
    """The default settings: ``backend``, ``client`` and ``n_workers``."""
    return dict(_CONFIG)


def batch_run(
    backend: str | None,
    n_workers: int | None = None,
    progress: bool = False,
    batch_size: int | None = None,
    *,
    always: bool = False,
) -> dict | None:
    """The settings of :func:`map_batches` for an analysis called with
    ``backend=`` and ``n_workers=``, or None when it should run in this
    process as usual (the backend, given or set with :func:`set_backend`, is
    ``"serial"``, and ``always`` does not ask for batches anyway).

    Examples
    --------
    >>> batch_run(None) is None
    True
    >>> batch_run("processes", n_workers=2, batch_size=100)
    {'backend': 'processes', 'progress': False, 'batch_size': 100, 'n_workers': 2}
    """
    if not always and (backend or _CONFIG["backend"]) == "serial":
        return None
    run: dict[str, Any] = {"backend": backend, "progress": progress}
    if batch_size is not None:
        run["batch_size"] = batch_size
    if n_workers is not None:
        run["n_workers"] = n_workers
    return run


@contextlib.contextmanager
def parallel_backend(backend: str = "serial", *, client=None, n_workers: int | None = None):
    """Use a backend for the calls inside a ``with`` block.

    Examples
    --------
    >>> from framing import Corpus, document_tokens
    >>> corpus = Corpus.from_texts(["one two", "three"])
    >>> with parallel_backend("processes", n_workers=2):
    ...     document_tokens(corpus, batch_size=1)["tokens"].tolist()
    [2, 1]
    """
    previous = set_backend(backend, client=client, n_workers=n_workers)
    try:
        yield
    finally:
        set_backend(**previous)


# --------------------------------------------------------------------------
# Merges
# --------------------------------------------------------------------------


def concat_frames(parts: Sequence[pd.DataFrame]) -> pd.DataFrame:
    """Concatenate frames in order (empty frames only when all are empty).

    Examples
    --------
    >>> concat_frames([pd.DataFrame({"a": [1]}), pd.DataFrame({"a": [2, 3]})])["a"].tolist()
    [1, 2, 3]
    """
    parts = [p for p in parts if p is not None]
    if not parts:
        return pd.DataFrame()
    full = [p for p in parts if len(p)]
    if not full:
        return parts[0].iloc[:0].reset_index(drop=True)
    if len(full) == 1:
        return full[0].reset_index(drop=True)
    return pd.concat(full, ignore_index=True)


def sum_counters(parts: Iterable[Counter]) -> Counter:
    """Sum :class:`collections.Counter` objects (keys in first-seen order).

    Examples
    --------
    >>> sum_counters([Counter(a=1, b=2), Counter(b=3)])
    Counter({'b': 5, 'a': 1})
    """
    total: Counter = Counter()
    for part in parts:
        total.update(part)
    return total


def _group_sums(by: list[str], values: list[str]):
    def merge(parts: Sequence[pd.DataFrame]) -> pd.DataFrame:
        frame = concat_frames(parts)
        if not len(frame):
            return frame
        out = frame.groupby(by, sort=True, dropna=False)[values].sum().reset_index()
        return out

    return merge


class _OrderedReducer:
    """Merge results arriving out of order into one, in unit order, as a tree."""

    def __init__(self, merge_fn: Callable, fan_in: int = 16):
        self.merge_fn = merge_fn
        self.fan_in = max(2, int(fan_in))
        self.pending: dict[int, Any] = {}
        self.next = 0
        self.levels: list[list] = []

    def add(self, index: int, value) -> None:
        self.pending[index] = value
        while self.next in self.pending:
            self._push(0, self.pending.pop(self.next))
            self.next += 1

    def _push(self, level: int, value) -> None:
        while len(self.levels) <= level:
            self.levels.append([])
        self.levels[level].append(value)
        if len(self.levels[level]) >= self.fan_in:
            merged = self.merge_fn(self.levels[level])
            self.levels[level] = []
            self._push(level + 1, merged)

    def result(self):
        if self.pending:
            raise RuntimeError(f"results of units {sorted(self.pending)} arrived without their predecessors")
        # higher levels hold earlier units
        ordered = [v for level in reversed(self.levels) for v in level]
        return self.merge_fn(ordered)


# --------------------------------------------------------------------------
# Work units
# --------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class _ParquetPlan:
    """What every worker needs to read a unit of a Parquet dataset."""

    name: str
    file_format: Any
    filesystem: Any
    schema: Any
    filter: Any
    columns: tuple | None


@dataclasses.dataclass(frozen=True)
class ParquetUnit:
    """One row group of one Parquet file: read inside the worker."""

    index: int
    path: str
    row_group: int
    partition_expression: Any
    num_rows: int


def parquet_units(path, *, filters=None, columns=None) -> tuple[_ParquetPlan, list[ParquetUnit]]:
    """List the row groups of a Parquet file or dataset that ``filters`` may select.

    Partitions excluded by the filter are not listed, and neither are row
    groups whose column statistics exclude it.

    Returns
    -------
    (plan, units)
        ``plan`` holds the dataset schema, file format and pushed-down
        filter; ``units`` the row groups in corpus order.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from framing import Corpus
    >>> folder = pathlib.Path(tempfile.mkdtemp()) / "ds"
    >>> corpus = Corpus.from_texts(["a", "b", "c"], year=[2001, 2002, 2002])
    >>> write_dataset(corpus, folder, partition_cols=["year"])
    >>> plan, units = parquet_units(folder, filters=[("year", "==", 2002)])
    >>> [(u.index, u.num_rows) for u in units]
    [(0, 2)]
    """
    import pyarrow.dataset as ds

    from framing.corpus.tables import _filters_to_expression

    source: str | Path
    if isinstance(path, str) and "://" in path:  # a URI: s3://, gs://, hdfs://, file://
        source = name = path
    else:
        source = Path(path)
        name = str(source)
        if not source.exists():
            raise CorpusError(f"{source}: no such file or folder")
    dataset = ds.dataset(source, format="parquet", partitioning="hive")
    expr = _filters_to_expression(filters)
    plan = _ParquetPlan(
        name=name,
        file_format=dataset.format,
        filesystem=dataset.filesystem,
        schema=dataset.schema,
        filter=expr,
        columns=tuple(dict(columns).items()) if columns else None,
    )
    units: list[ParquetUnit] = []
    for fragment in dataset.get_fragments(filter=expr):
        pieces = (
            fragment.split_by_row_group(filter=expr, schema=dataset.schema)
            if expr is not None
            else fragment.split_by_row_group(schema=dataset.schema)
        )
        for piece in pieces:
            info = piece.row_groups[0]
            units.append(
                ParquetUnit(len(units), piece.path, info.id, piece.partition_expression, info.num_rows)
            )
    return plan, units


def _check_unique_ids(path, filters, columns) -> None:
    """A ``doc_id`` repeated in a Parquet dataset is an error, as in
    :func:`framing.read_parquet` (group sums would count it twice)."""
    import pyarrow.dataset as ds

    from framing.corpus.tables import _filters_to_expression

    source = next((k for k, v in dict(columns or {}).items() if v == "doc_id"), "doc_id")
    try:
        dataset = ds.dataset(path, format="parquet", partitioning="hive")
        if source not in dataset.schema.names:
            return
        ids = dataset.to_table(columns=[source], filter=_filters_to_expression(filters))
    except (OSError, ValueError, TypeError):
        return  # the run itself reports an unreadable dataset
    values = ids.column(0).to_pandas().astype(str)
    dup = values[values.duplicated(keep=False)]
    if len(dup):
        raise CorpusError(
            f"{path}: duplicate doc_id values (in different batches or partitions): {sorted(set(dup))[:10]}"
        )


def _batch_corpus(
    df: pd.DataFrame, columns, name: str, report: LoadReport, first_row: int = 1, where: str | None = None
) -> Corpus | None:
    from framing.corpus.tables import _apply_mapping, _drop_empty_texts

    df = _apply_mapping(df, dict(columns) if columns else None, name)
    report.read += len(df)
    df = _drop_empty_texts(df, report, where or Path(name).name, "row", line_of=lambda i: first_row + i)
    report.loaded += len(df)
    if not len(df):
        return None
    for col in df.columns:
        if isinstance(df[col].dtype, pd.CategoricalDtype):
            df[col] = df[col].astype(df[col].cat.categories.dtype)
    try:
        return Corpus(df, load_report=report)
    except CorpusError as exc:
        raise CorpusError(f"{name}: {exc}") from None


def _read_parquet_unit(
    plan: _ParquetPlan, unit: ParquetUnit, batch_size: int, report: LoadReport
) -> Iterator[Corpus]:
    fragment = plan.file_format.make_fragment(
        unit.path,
        filesystem=plan.filesystem,
        partition_expression=unit.partition_expression,
        row_groups=[unit.row_group],
    )
    where = f"{Path(unit.path).name} (row group {unit.row_group})"
    first = 1
    for rb in fragment.to_batches(schema=plan.schema, filter=plan.filter, batch_size=batch_size):
        if rb.num_rows == 0:
            continue
        corpus = _batch_corpus(rb.to_pandas(), plan.columns, unit.path, report, first, where)
        first += rb.num_rows
        if corpus is not None:
            yield corpus


def _report_payload(report: LoadReport) -> tuple:
    return report.read, report.loaded, list(report.skipped), list(report.notes)


def _map_unit(batches: Iterable[Corpus], map_fn: Callable, merge_fn: Callable):
    results = [map_fn(batch) for batch in batches]
    if not results:
        return None
    return results[0] if len(results) == 1 else merge_fn(results)


def _run_parquet_unit(unit: ParquetUnit, plan: _ParquetPlan, map_fn, merge_fn, batch_size: int):
    report = LoadReport(plan.name)
    try:
        value = _map_unit(_read_parquet_unit(plan, unit, batch_size, report), map_fn, merge_fn)
    except FramingError as exc:
        raise type(exc)(f"{unit.path} (row group {unit.row_group}): {exc}") from None
    except Exception as exc:
        raise ParallelError(
            f"{unit.path} (row group {unit.row_group}): {type(exc).__name__}: {exc}"
        ) from None
    return value, _report_payload(report)


def _run_frame_unit(docs: pd.DataFrame, map_fn, merge_fn, batch_size: int):
    corpus = Corpus(docs.reset_index(drop=True), _validated=True)
    value = _map_unit(corpus.iter_batches(batch_size), map_fn, merge_fn)
    return value, None


def _run_shipped(item, plan, map_fn, merge_fn, batch_size: int):
    """A unit sent to a Dask worker: a Parquet row group to read, or documents."""
    if isinstance(item, ParquetUnit):
        return _run_parquet_unit(item, plan, map_fn, merge_fn, batch_size)
    return _run_frame_unit(item, map_fn, merge_fn, batch_size)


# state inherited by forked worker processes (never pickled)
_FORK_STATE: dict[str, Any] = {}


def _run_forked(kind: str, item):
    st = _FORK_STATE
    if kind == "parquet":
        return _run_parquet_unit(item, st["plan"], st["map_fn"], st["merge_fn"], st["batch_size"])
    if kind == "slice":
        start, stop = item
        return _run_frame_unit(st["docs"].iloc[start:stop], st["map_fn"], st["merge_fn"], st["batch_size"])
    return _run_frame_unit(item, st["map_fn"], st["merge_fn"], st["batch_size"])


# --------------------------------------------------------------------------
# Executors
# --------------------------------------------------------------------------


def _progress_bar(progress: bool, total: int | None, desc: str):
    if not progress:
        return None
    from tqdm.auto import tqdm

    return tqdm(total=total, unit="unit", desc=desc)


def _resolve_workers(n_workers: int | None) -> int:
    if n_workers is None:
        return os.cpu_count() or 1
    if int(n_workers) < 1:
        raise ParallelError(f"n_workers must be at least 1, not {n_workers!r}")
    return int(n_workers)


def _run_pool(kind: str, items: Iterator, n_workers: int, retries: int, deliver: Callable, bar) -> None:
    """Run units in forked worker processes; rerun unfinished units if a worker dies."""
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
    from concurrent.futures.process import BrokenProcessPool

    if "fork" not in mp.get_all_start_methods():
        raise ParallelError("backend='processes' needs the 'fork' start method (Linux, macOS)")
    ctx = mp.get_context("fork")
    window = 2 * n_workers
    source = enumerate(items)
    todo: list[tuple[int, Any]] = []  # units to (re)submit before reading more
    failures = 0
    exhausted = False
    while True:
        pool = ProcessPoolExecutor(max_workers=n_workers, mp_context=ctx)
        running: dict = {}
        try:
            while True:
                while len(running) < window and (todo or not exhausted):
                    if todo:
                        index, item = todo.pop(0)
                    else:
                        nxt = next(source, None)
                        if nxt is None:
                            exhausted = True
                            break
                        index, item = nxt
                    running[pool.submit(_run_forked, kind, item)] = (index, item)
                if not running:
                    return
                done, _ = wait(running, return_when=FIRST_COMPLETED)
                for fut in sorted(done, key=lambda f: running[f][0]):
                    value = fut.result()
                    index, _ = running.pop(fut)
                    deliver(index, value)
                    if bar is not None:
                        bar.update(1)
        except BrokenProcessPool:
            failures += 1
            if failures > retries:
                raise
            todo = sorted(running.values(), key=lambda x: x[0]) + todo
            warnings.warn(
                f"a worker process died; running {len(todo)} unfinished units again "
                f"(attempt {failures} of {retries})",
                RuntimeWarning,
                stacklevel=3,
            )
        finally:
            pool.shutdown(wait=True, cancel_futures=True)


def _dask_client(client):
    try:
        from distributed import get_client
    except ImportError:  # pragma: no cover - depends on the environment
        raise ParallelError("backend='dask' needs dask.distributed: pip install 'framing[dask]'") from None
    if client is not None:
        return client
    try:
        return get_client()
    except ValueError:
        raise ParallelError(
            "backend='dask' needs a client: pass client=Client(...) or create one first (see docs/scaling.md)"
        ) from None


def _run_dask(
    client,
    fn: Callable,
    items: Iterator,
    retries: int,
    deliver: Callable,
    bar,
    window: int | None,
    scatter: bool,
) -> None:
    """Submit units to a Dask cluster (at most ``window`` in flight) and deliver results."""
    from distributed import as_completed

    if window is None:
        window = 1 << 62
    source = enumerate(items)
    index_of: dict = {}
    pending = as_completed([], with_results=True)
    in_flight = 0

    def submit_more() -> None:
        nonlocal in_flight
        while in_flight < window:
            nxt = next(source, None)
            if nxt is None:
                return
            index, item = nxt
            if scatter:
                item = client.scatter(item, hash=False)
            fut = client.submit(fn, item, pure=False, retries=retries)
            index_of[fut.key] = index
            pending.add(fut)
            in_flight += 1

    submit_more()
    for fut, value in pending:
        in_flight -= 1
        deliver(index_of.pop(fut.key), value)
        fut.release()
        if bar is not None:
            bar.update(1)
        submit_more()


def map_batches(
    data,
    map_fn: Callable[[Corpus], Any],
    merge_fn: Callable[[Sequence[Any]], Any] = concat_frames,
    *,
    backend: str | None = None,
    client=None,
    n_workers: int | None = None,
    batch_size: int = 1000,
    filters=None,
    columns=None,
    retries: int = 2,
    progress: bool = False,
    report: LoadReport | None = None,
):
    """Apply ``map_fn`` to batches of documents and merge the results exactly.

    Parameters
    ----------
    data : Corpus, CorpusStream, ParquetStream, or path to a Parquet file or dataset
        A path, or a stream of :func:`framing.read_parquet` with
        ``stream=True`` (which brings its own ``filters`` and ``columns``),
        is read inside the workers, one row group per work unit, with
        ``filters`` pushed down (see the module notes).
    map_fn : callable
        ``map_fn(batch)`` takes a :class:`~framing.corpus.core.Corpus` of at most
        ``batch_size`` documents and returns a partial result. For
        ``backend="dask"`` it must be picklable (a module-level function or
        a :func:`functools.partial` of one).
    merge_fn : callable, default :func:`concat_frames`
        ``merge_fn(parts)`` merges a list of partial results, given in
        corpus order, into one; it is applied as a tree (partial results of
        merges are merged again), so it must be associative.
    backend : {"serial", "processes", "dask"}, optional
        Default: the one set by :func:`set_backend` (``"serial"``).
    client : distributed.Client, optional
        For ``backend="dask"`` (default: the current client).
    n_workers : int, optional
        Worker processes for ``backend="processes"`` (default: one per CPU).
    batch_size : int, default 1000
        Documents per batch given to ``map_fn``.
    filters : list of (column, op, value), optional
        Pushed down to the Parquet reader (paths only), e.g.
        ``[("year", ">=", 2000)]``.
    columns : mapping, optional
        Renames of the file's columns (paths only), as in
        :func:`framing.read_parquet`.
    retries : int, default 2
        Dask: retries of a task that raised. Processes: how many times the
        unfinished units are run again after a worker process died.
    progress : bool, default False
        Show a progress bar over the work units.
    report : LoadReport, optional
        Receives what the readers read and skipped (empty texts); by default
        the load report of a Parquet stream, else a warning names them.

    Returns
    -------
    The merged result (``None`` when no documents were read).

    Examples
    --------
    >>> from framing import Corpus
    >>> corpus = Corpus.from_texts(["a b", "c", "d e f"])
    >>> map_batches(corpus, lambda b: len(b), sum, batch_size=2)
    3
    """
    settings = get_backend()
    backend = _check_backend(backend or settings["backend"])
    if client is None and backend == "dask":
        client = settings["client"]
    if n_workers is None:
        n_workers = settings["n_workers"]
    if int(batch_size) < 1:
        raise ParallelError("batch_size must be at least 1")
    batch_size = int(batch_size)
    if int(retries) < 0:
        raise ParallelError("retries must be >= 0")

    from framing.corpus.readers import ParquetStream

    path: str | os.PathLike | None = None
    stream_report = None
    if isinstance(data, ParquetStream):
        if filters is not None or columns is not None:
            raise ParallelError(
                "filters= and columns= are given to read_parquet(...) already for a Parquet stream"
            )
        path, filters, columns = data.path, data.filters, data.columns
        stream_report = data.load_report
        _check_unique_ids(path, filters, columns)
    elif isinstance(data, (str, os.PathLike)):
        path = data
    elif filters is not None or columns is not None:
        raise ParallelError(
            "filters= and columns= apply to a Parquet path only; "
            "use corpus.subset(...) for a corpus in memory"
        )
    elif not isinstance(data, (Corpus, CorpusStream)):
        raise ParallelError(
            f"expected a Corpus, a CorpusStream or a path to a Parquet dataset, got {type(data).__name__}"
        )

    reducer = _OrderedReducer(merge_fn)
    if report is not None:
        sink = report
    elif stream_report is not None:
        sink = stream_report
    else:
        sink = LoadReport(str(path or getattr(data, "name", "")))

    def deliver(index: int, payload) -> None:
        value, rep = payload
        if rep is not None:
            read, loaded, skipped, notes = rep
            sink.read += read
            sink.loaded += loaded
            sink.skipped.extend(skipped)
            sink.notes.extend(notes)
        reducer.add(index, value if value is not None else _EMPTY)

    def merge_skipping_empty(parts):
        parts = [p for p in parts if p is not _EMPTY]
        return merge_fn(parts) if parts else _EMPTY

    reducer.merge_fn = merge_skipping_empty

    items: Iterable[Any]
    if path is not None:
        plan, units = parquet_units(path, filters=filters, columns=columns)
        kind, items, total, state = "parquet", units, len(units), {"plan": plan}
    elif isinstance(data, Corpus):
        docs = data.docs
        items = [(s, min(s + batch_size, len(docs))) for s in range(0, len(docs), batch_size)]
        kind, total, state = "slice", len(items), {"docs": docs}
    else:
        items = (batch.docs for batch in data.iter_batches(batch_size))
        kind, total, state = "frame", None, {}
    bar = _progress_bar(progress, total, "units")
    saved = dict(_FORK_STATE)
    _FORK_STATE.update(state, map_fn=map_fn, merge_fn=merge_fn, batch_size=batch_size)
    try:
        if backend == "serial":
            for index, item in enumerate(items):
                deliver(index, _run_forked(kind, item))
                if bar is not None:
                    bar.update(1)
        elif backend == "processes":
            _run_pool(kind, iter(items), _resolve_workers(n_workers), int(retries), deliver, bar)
        else:
            dclient = _dask_client(client)
            fn = partial(
                _run_shipped, plan=state.get("plan"), map_fn=map_fn, merge_fn=merge_fn, batch_size=batch_size
            )
            if kind == "parquet":
                _run_dask(dclient, fn, iter(items), int(retries), deliver, bar, None, False)
            else:
                if kind == "slice":
                    items = (docs.iloc[start:stop] for start, stop in cast("list[tuple[int, int]]", items))
                window = 2 * max(1, len(dclient.scheduler_info().get("workers", {})))
                _run_dask(dclient, fn, iter(items), int(retries), deliver, bar, window, True)
    finally:
        _FORK_STATE.clear()
        _FORK_STATE.update(saved)
    if bar is not None:
        bar.close()
    if report is None and stream_report is None and sink.skipped:
        shown = ", ".join(f"{item} ({reason})" for item, reason in sink.skipped[:5])
        warnings.warn(
            f"{len(sink.skipped)} documents skipped while reading: {shown}"
            + (" ..." if len(sink.skipped) > 5 else "")
            + "; pass report=LoadReport() to collect them",
            UserWarning,
            stacklevel=2,
        )
    result = reducer.result()
    return None if result is _EMPTY else result


class _Empty:
    def __repr__(self) -> str:
        return "<no documents>"


_EMPTY = _Empty()


# --------------------------------------------------------------------------
# Writing partitioned datasets
# --------------------------------------------------------------------------


def write_dataset(
    data,
    path,
    *,
    partition_cols: Sequence[str] | None = ("year",),
    max_rows_per_group: int = 2000,
    batch_size: int = 1000,
    basename_template: str | None = None,
    overwrite: bool = False,
) -> None:
    """Write a corpus or stream as a (partitioned) Parquet dataset, batch by batch.

    Parameters
    ----------
    data : Corpus or CorpusStream
        A stream (e.g. ``framing.stream_corpus("ungdc")``) is written without
        being held in memory.
    path : folder of the dataset
    partition_cols : columns whose values make the ``col=value`` folders
        (hive partitioning, read back by :func:`framing.read_parquet` and
        :func:`map_batches`); ``None`` or ``()`` for no partitions.
    max_rows_per_group : documents per row group, the unit of parallel work.
    basename_template : file names, with ``{i}`` (default ``part-{i}.parquet``);
        a different template per call adds files to an existing dataset.
    overwrite : replace the files of an existing dataset folder of the same
        names; otherwise an existing non-empty folder raises unless a new
        ``basename_template`` is given.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from framing import Corpus, read_parquet
    >>> folder = pathlib.Path(tempfile.mkdtemp()) / "ds"
    >>> write_dataset(Corpus.from_texts(["a", "b"], year=[2001, 2002]), folder)
    >>> sorted(p.name for p in folder.iterdir())
    ['year=2001', 'year=2002']
    >>> read_parquet(folder).docs["year"].tolist()
    [2001, 2002]
    """
    import pyarrow as pa
    import pyarrow.dataset as ds

    if not isinstance(data, (Corpus, CorpusStream)):
        raise ParallelError(f"expected a Corpus or CorpusStream, got {type(data).__name__}")
    path = Path(path)
    if path.exists() and any(path.iterdir()) and not overwrite and basename_template is None:
        raise ParallelError(
            f"{path}: folder exists and is not empty; pass overwrite=True or a new basename_template"
        )
    parts = list(partition_cols or ())
    schema = None

    def tables() -> Iterator[pa.RecordBatch]:
        nonlocal schema
        for batch in data.iter_batches(batch_size):
            docs = batch.docs
            missing = [c for c in parts if c not in docs.columns]
            if missing:
                raise ParallelError(f"no partition columns {missing}; columns are {list(docs.columns)}")
            null = [c for c in parts if docs[c].isna().any()]
            if null:
                ids = docs.loc[docs[null[0]].isna(), "doc_id"].tolist()[:5]
                raise ParallelError(f"partition column {null[0]!r} is missing for documents {ids}")
            table = pa.Table.from_pandas(docs, preserve_index=False)
            if schema is None:
                schema = table.schema
            else:
                table = table.cast(schema)
            yield from table.to_batches()

    batches = tables()
    first = next(batches, None)
    if first is None:
        raise ParallelError("no documents to write")
    assert schema is not None  # tables() sets it before its first batch

    def chained():
        yield first
        yield from batches

    ds.write_dataset(
        chained(),
        path,
        schema=schema,
        format="parquet",
        partitioning=ds.partitioning(pa.schema([schema.field(c) for c in parts]), flavor="hive")
        if parts
        else None,
        basename_template=basename_template or "part-{i}.parquet",
        max_rows_per_group=int(max_rows_per_group),
        min_rows_per_group=min(int(max_rows_per_group), 1000),
        existing_data_behavior="overwrite_or_ignore",
    )
