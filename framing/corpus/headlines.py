"""Daily scraped news headlines of five outlets, 2022."""

from __future__ import annotations

import hashlib
import re
import zipfile
from collections.abc import Iterable
from datetime import datetime

import pandas as pd

from framing.corpus.core import Corpus, LoadReport
from framing.corpus.readers import DecodeSkip, iter_csv_rows

# zip name -> (outlet name used as `source`, timestamp parser)
_GT_RE = re.compile(r"Published:\s*([A-Z][a-z]{2} \d{1,2}, \d{4} \d{1,2}:\d{2} [AP]M)")


def _parse_cgtn(s: str) -> datetime:
    return datetime.strptime(s.strip(), "%H:%M, %d-%b-%Y")


def _parse_chinadaily(s: str) -> datetime:
    return datetime.strptime(s.strip().removeprefix("Updated:").strip(), "%Y-%m-%d %H:%M")


def _parse_globaltimes(s: str) -> datetime:
    m = _GT_RE.search(s)
    if not m:
        raise ValueError("no 'Published: Mon D, YYYY HH:MM AM' stamp")
    return datetime.strptime(m.group(1), "%b %d, %Y %I:%M %p")


def _parse_xinhua(s: str) -> datetime:
    return datetime.strptime(s.strip(), "%Y-%m-%d %H:%M:%S")


def _parse_bbc(s: str) -> datetime:
    return datetime.strptime(s.strip(), "%Y-%m-%dT%H:%M:%S.%fZ")


OUTLETS = {
    "bbc": ("BBC", _parse_bbc),
    "cgtn": ("CGTN", _parse_cgtn),
    "chinadaily": ("China Daily", _parse_chinadaily),
    "globaltimes": ("Global Times", _parse_globaltimes),
    "xinhuanet": ("Xinhua", _parse_xinhua),
}
# <Outlet>-<ctime of the scrape>-<SECTION>.csv; ctime pads the day with a
# space, written as "-" in the names ("BBC-Fri-Aug--5-03_29_48-2022-UK.csv").
_FILE_RE = re.compile(
    r"^[A-Za-z]+-([A-Z][a-z]{2}-[A-Z][a-z]{2}-)-?(\d{1,2}-\d{2}_\d{2}_\d{2}-\d{4})-([A-Z]+)\.csv$"
)


def load_headlines2022(outlets: Iterable[str] | None = None) -> Corpus:
    """Load the 2022 headlines: one document per unique (outlet, headline).

    Columns: ``source`` (``BBC``, ``CGTN``, ``China Daily``, ``Global Times``,
    ``Xinhua``), ``date`` (the earliest publication time printed by the site,
    parsed from each outlet's own format), ``year``, ``sections`` (the site
    sections it was listed under, e.g. ``CHINA;WORLD``), ``n_scrapes`` (how
    many scraped rows carried it), ``first_scraped`` and ``last_scraped``.
    ``doc_id`` is the outlet key and a hash of the headline, so it is stable
    when more scrapes are added. Rows whose timestamp does not parse keep a
    missing date and are counted in the load report.

    Parameters
    ----------
    outlets : zip keys to load (``bbc``, ``cgtn``, ``chinadaily``,
        ``globaltimes``, ``xinhuanet``); all by default.

    Examples
    --------
    >>> c = load_headlines2022(outlets=["bbc"])
    >>> sorted(c.docs["source"].unique())
    ['BBC']
    """
    from framing.corpus.locate import corpus_path, verify_checksums

    folder = corpus_path("headlines2022")
    report = LoadReport("headlines2022")
    verify_checksums("headlines2022", report)
    keys = list(OUTLETS) if outlets is None else list(outlets)
    unknown = [k for k in keys if k not in OUTLETS]
    if unknown:
        raise ValueError(f"unknown outlets {unknown}; choose from {list(OUTLETS)}")
    rows = []
    for key in keys:
        outlet, parse = OUTLETS[key]
        bad_stamps: list[str] = []
        with zipfile.ZipFile(folder / f"{key}.zip") as zf:
            for info in sorted(zf.infolist(), key=lambda i: i.filename):
                if info.is_dir():
                    continue
                name = info.filename
                base = name.rsplit("/", 1)[-1]
                m = _FILE_RE.match(base)
                if not m:
                    report.read += 1
                    report.skip(f"{key}.zip:{name}", "file name is not <Outlet>-<time>-<SECTION>.csv")
                    continue
                scraped = datetime.strptime(m.group(1) + m.group(2), "%a-%b-%d-%H_%M_%S-%Y")
                section = m.group(3)
                try:
                    csv_rows = list(iter_csv_rows(zf.read(info), name))
                except DecodeSkip as exc:
                    report.read += 1
                    report.skip(f"{key}.zip:{name}", str(exc))
                    continue
                report.read += len(csv_rows)
                for line, row in csv_rows:
                    where = f"{key}.zip:{name}:{line}"
                    if len(row) != 2:
                        report.skip(where, f"expected 2 fields (timestamp, headline), got {len(row)}")
                        continue
                    stamp, headline = row[0].strip(), " ".join(row[1].split())
                    if not headline:
                        report.skip(where, "empty headline")
                        continue
                    try:
                        date = parse(stamp)
                    except ValueError:
                        date = None
                        bad_stamps.append(stamp)
                    rows.append((outlet, key, headline, date, section, scraped))
        if bad_stamps:
            report.note(
                f"{outlet}: {len(bad_stamps)} rows with a timestamp that does not parse "
                f"(kept, date missing), e.g. {bad_stamps[0]!r}"
            )
    df = pd.DataFrame(rows, columns=["source", "key", "text", "date", "section", "scraped"])
    df["date"] = pd.to_datetime(df["date"])
    grouped = df.groupby(["source", "text"], sort=True)
    out = grouped.agg(
        key=("key", "first"),
        date=("date", "min"),
        sections=("section", lambda s: ";".join(sorted(set(s)))),
        n_scrapes=("section", "size"),
        first_scraped=("scraped", "min"),
        last_scraped=("scraped", "max"),
    ).reset_index()
    out.insert(
        0,
        "doc_id",
        [
            f"{k}-{hashlib.sha1(t.encode('utf-8')).hexdigest()[:10]}"
            for k, t in zip(out["key"], out["text"], strict=True)
        ],
    )
    out = out.drop(columns="key").sort_values(["source", "date", "doc_id"], kind="stable")
    report.loaded = len(out)
    report.note(
        f"{len(df)} scraped rows with a headline, de-duplicated by (outlet, headline) "
        f"into {len(out)} documents; n_scrapes keeps each one's count"
    )
    return Corpus(out.reset_index(drop=True), load_report=report, name="headlines2022")
