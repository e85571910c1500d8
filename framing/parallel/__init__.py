"""Out-of-core and parallel execution: the batch engine.

The counting analyses of :mod:`framing` (:func:`~framing.count_matches`,
:func:`~framing.document_tokens`, :func:`~framing.count_terms`,
:func:`~framing.keyness`, :func:`~framing.score_documents`) take
``backend=`` and ``n_workers=`` and, without them, follow
:func:`set_backend` or a ``with parallel_backend(...):`` block. Each is then
a *map* over batches of documents followed by an exact *merge*: per-document
rows are concatenated in corpus order, and integer counts are summed.
:func:`map_batches` runs such a pair

* ``backend="serial"``: in this process, one batch at a time;
* ``backend="processes"``: in worker processes on this machine;
* ``backend="dask"``: on a Dask cluster (:mod:`dask.distributed`), through
  a ``client`` or the current default client,

and returns the same result, row for row, whichever backend runs it.

Work units
----------
For a Parquet file or dataset (e.g. one partitioned by year, see
:func:`write_dataset`), read with ``framing.read_parquet(path, filters=...,
stream=True)``, the work units are row groups: a unit is the file path, the
row-group number and the partition expression, and each worker reads its own
unit with the ``filters`` pushed down to the reader (partitions and row
groups whose statistics exclude the filter are never opened). No text
travels from the driver to the workers, so the corpus never has to fit in
memory, and the workers of a cluster read it from a shared file system or
object store. The granularity of the work is the row group: write datasets
with row groups of a few thousand documents (``max_rows_per_group`` of
:func:`write_dataset`).

An in-memory :class:`~framing.corpus.core.Corpus` is cut into slices of
``batch_size`` documents. Worker processes of ``backend="processes"`` inherit
it when they start (``fork``), so nothing is copied; a Dask cluster receives
the slices over the network. Any other :class:`~framing.corpus.core.CorpusStream`
is read in the driver and its batches are sent to the workers with at most
two per worker in flight, so memory stays flat.

Exactness and order
-------------------
Units are numbered in corpus order (dataset fragments in their listed order,
row groups in file order) and partial results are merged in that order by a
tree of ``merge_fn`` calls. A concatenating merge therefore yields the rows
of the serial run in the same order, and a summing merge the same integers.

Failures
--------
On Dask, a task whose worker dies is run again on another worker (the
scheduler's ``distributed.scheduler.allowed-failures``, 3 by default), and
a task that raises is retried ``retries`` times. With
``backend="processes"`` a crashed worker process breaks the pool; the units
not yet finished are then run in a fresh pool, up to ``retries`` times.
Either way the result is the one of an undisturbed run.

Examples
--------
>>> from framing import Corpus
>>> from framing.parallel import map_batches
>>> corpus = Corpus.from_texts(["Win-win cooperation.", "A shared future for all."],
...                            source=["CGTN", "BBC"])
>>> map_batches(corpus, lambda batch: batch.doc_ids, lambda parts: sum(parts, []), batch_size=1)
['doc0', 'doc1']
"""

from framing.parallel.engine import (
    BACKENDS,
    ParallelError,
    concat_frames,
    get_backend,
    map_batches,
    parallel_backend,
    parquet_units,
    set_backend,
    sum_counters,
    write_dataset,
)
from framing.parallel.engine import (
    _OrderedReducer as _OrderedReducer,  # for the tests of the merge order
)

__all__ = [
    "BACKENDS",
    "ParallelError",
    "map_batches",
    "set_backend",
    "get_backend",
    "parallel_backend",
    "parquet_units",
    "write_dataset",
    "concat_frames",
    "sum_counters",
]
