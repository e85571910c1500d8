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

import os
from pathlib import Path

from framing.corpus.core import Corpus, CorpusStream
from framing.corpus.locate import MissingCorpusError, catalog, corpus_path, data_dir
from framing.corpus.readers import read_corpus
from framing.corpus.tables import record_load_report

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


def load_corpus(name_or_path: str | os.PathLike, **kwargs) -> Corpus:
    """Load a named corpus from the data directory, or a corpus file or folder.

    Parameters
    ----------
    name_or_path : ``"seeds"``, ``"ungdc"``, ``"headlines2022"``, or a path
        to a folder of ``.txt`` files, a ``.csv``, ``.jsonl`` or ``.parquet``.
    **kwargs : passed to the loader (e.g. ``years=(2005, 2024)`` for UNGDC,
        ``columns={...}`` for a CSV).

    Examples
    --------
    >>> seeds = load_corpus("seeds")
    >>> len(seeds), seeds.doc_ids
    (4, ['000', '001', '002', '003'])
    >>> seeds["001"].source
    'CGTN'

    A path reads a corpus of one's own (here a CSV):

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "mine.csv"
    >>> _ = p.write_text("doc_id,text,year\\na,Peace.,2020\\nb,Win-win cooperation.,2021\\n", encoding="utf-8")
    >>> mine = load_corpus(p)
    >>> mine.doc_ids, mine.docs["year"].tolist()
    (['a', 'b'], [2020, 2021])
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
