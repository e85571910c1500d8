"""The UN General Debate Corpus, read straight from its release archive."""

from __future__ import annotations

import re
import tarfile
from collections.abc import Iterator
from pathlib import Path

import pandas as pd

from framing.corpus.core import Corpus, CorpusStream, LoadReport
from framing.corpus.readers import DecodeSkip, decode_bytes

ARCHIVE = "UNGDC_1946-2024.tgz"
_NAME_RE = re.compile(r"^([A-Z]{2,3})_(\d{1,2})_(\d{4})\.txt$")


def _iter_files(folder: Path) -> Iterator[tuple[str, bytes]]:
    """``(relative name, bytes)`` of every ``.txt`` file, archive or folder."""
    archive = folder / ARCHIVE
    if archive.exists():
        with tarfile.open(archive, "r:gz") as tf:
            for member in tf:
                if member.isfile() and member.name.startswith("TXT/") and member.name.endswith(".txt"):
                    fh = tf.extractfile(member)
                    assert fh is not None  # extractfile gives None only for non-regular members
                    yield member.name, fh.read()
        return
    txt = folder / "TXT"
    for f in sorted(txt.rglob("*.txt")):
        yield f.relative_to(folder).as_posix(), f.read_bytes()


def _records(years, countries, report: LoadReport) -> Iterator[dict]:
    from framing.corpus.locate import corpus_path

    folder = corpus_path("ungdc")
    for name, data in _iter_files(folder):
        base = name.rsplit("/", 1)[-1]
        report.read += 1
        m = _NAME_RE.match(base)
        if not m:
            reason = "file name is not <ISO3>_<session>_<year>.txt"
            try:
                decode_bytes(data, name)
            except DecodeSkip as exc:
                reason = f"{exc}; {reason}"
            report.skip(name, reason)
            continue
        country, session, year = m.group(1), int(m.group(2)), int(m.group(3))
        if years is not None and not (years[0] <= year <= years[1]):
            report.read -= 1
            continue
        if countries is not None and country not in countries:
            report.read -= 1
            continue
        try:
            text = decode_bytes(data, name)
        except DecodeSkip as exc:
            report.skip(name, str(exc))
            continue
        report.loaded += 1
        yield {
            "doc_id": base[:-4],
            "text": text,
            "source": country,
            "year": year,
            "country": country,
            "session": session,
            "file": name,
        }


def _frame(records: list[dict]) -> pd.DataFrame:
    df = pd.DataFrame(records, columns=["doc_id", "text", "source", "year", "country", "session", "file"])
    df["session"] = df["session"].astype("Int64")
    return df


def stream_ungdc(years: tuple[int, int] | None = None, countries=None) -> CorpusStream:
    """Stream UNGDC statements in batches, straight from the archive.

    Parameters
    ----------
    years : (first, last) inclusive range of years to keep
    countries : ISO3 codes to keep (``"EU"`` for the European Union)
    """
    from framing.corpus.locate import verify_checksums

    countries = set(countries) if countries is not None else None
    stream: CorpusStream

    def batches(batch_size: int) -> Iterator[Corpus]:
        report = LoadReport("ungdc")
        stream.load_report = report
        verify_checksums("ungdc", report)
        buf: list[dict] = []
        for rec in _records(years, countries, report):
            buf.append(rec)
            if len(buf) >= batch_size:
                yield Corpus(_frame(buf), load_report=report, name="ungdc")
                buf = []
        if buf:
            yield Corpus(_frame(buf), load_report=report, name="ungdc")

    stream = CorpusStream(batches, name="ungdc")
    return stream


def load_ungdc(years: tuple[int, int] | None = None, countries=None) -> Corpus:
    """Load the UN General Debate Corpus (10,952 statements, 1946-2024).

    One document per statement: ``doc_id`` is the file stem
    (``CHN_70_2015``), ``source`` and ``country`` the ISO3 code (``EU`` for
    the European Union), ``session`` the General Assembly session, ``year``
    the year; ``date`` is missing (the files do not give the day). Reads
    ``UNGDC_1946-2024.tgz`` directly, or an extracted ``TXT/`` folder. The
    binary ``.DS_Store-to-UTF-8.txt`` in the 1992 session is reported as
    skipped in ``load_report``.

    Examples
    --------
    >>> c = load_ungdc(years=(2015, 2015), countries=["CHN"])
    >>> c.doc_ids, int(c.docs.loc[0, "session"])
    (['CHN_70_2015'], 70)
    """
    from framing.corpus.locate import verify_checksums

    report = LoadReport("ungdc")
    verify_checksums("ungdc", report)
    countries = set(countries) if countries is not None else None
    df = _frame(list(_records(years, countries, report)))
    df = df.sort_values(["year", "doc_id"], kind="stable").reset_index(drop=True)
    return Corpus(df, load_report=report, name="ungdc")
