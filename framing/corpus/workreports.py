"""The Government Work Reports of the PRC State Council, in Chinese (``workreports_zh``).

72 records of ``workreports_zh/government_work_reports.jsonl.gz``: the 52
annual reports delivered by the Premier to the National People's Congress,
1954-2025, and 20 NPC resolutions approving a report. The file gives no year
for the resolutions; it follows from the session named in the title
(第十四届全国人民代表大会第三次会议 = 14th NPC, 3rd session = 2025), see
:func:`npc_session_year`.
"""

from __future__ import annotations

import gzip
import json
import re

import pandas as pd

from framing.corpus.core import Corpus, CorpusError, LoadReport

__all__ = ["chinese_numeral", "load_workreports_zh", "npc_session_year"]

FILE = "government_work_reports.jsonl.gz"

# Years of the sessions of the first five NPCs, which did not meet every year;
# from the 6th NPC (1983) on, each NPC holds one session a year for five years.
_EARLY_SESSIONS = {
    1: {1: 1954, 2: 1955, 3: 1956, 4: 1957, 5: 1958},
    2: {1: 1959, 2: 1960, 3: 1962, 4: 1963},
    3: {1: 1964},
    4: {1: 1975},
    5: {1: 1978, 2: 1979, 3: 1980, 4: 1981, 5: 1982},
}
_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_SESSION_RE = re.compile(
    r"第([一二三四五六七八九十〇零两]+)届全国人民代表大会第([一二三四五六七八九十〇零两]+)次会议"
)


def chinese_numeral(text: str) -> int:
    """Value of a Chinese numeral below 100 (``十四`` = 14, ``二十`` = 20, ``五`` = 5).

    Examples
    --------
    >>> [chinese_numeral(t) for t in ["三", "十", "十四", "二十一"]]
    [3, 10, 14, 21]
    """
    if not text or any(c not in _DIGITS and c != "十" for c in text):
        raise ValueError(f"not a Chinese numeral below 100: {text!r}")
    if "十" not in text:
        return int("".join(str(_DIGITS[c]) for c in text))
    tens, _, units = text.partition("十")
    return (_DIGITS[tens] if tens else 1) * 10 + (_DIGITS[units] if units else 0)


def npc_session_year(title: str) -> tuple[int, int, int]:
    """``(npc, session, year)`` of the NPC session named in ``title``.

    Examples
    --------
    >>> npc_session_year("第十四届全国人民代表大会第三次会议关于政府工作报告的决议")
    (14, 3, 2025)
    >>> npc_session_year("第二届全国人民代表大会第三次会议关于政府工作报告的决议")
    (2, 3, 1962)
    """
    m = _SESSION_RE.search(title)
    if m is None:
        raise ValueError(f"no NPC session named in {title!r}")
    npc, session = chinese_numeral(m.group(1)), chinese_numeral(m.group(2))
    if npc in _EARLY_SESSIONS:
        try:
            return npc, session, _EARLY_SESSIONS[npc][session]
        except KeyError:
            raise ValueError(f"the {npc}th NPC had no session {session} ({title!r})") from None
    if not 1 <= session <= 5:
        raise ValueError(f"an NPC has sessions 1 to 5, not {session} ({title!r})")
    return npc, session, 1983 + 5 * (npc - 6) + session - 1


def load_workreports_zh() -> Corpus:
    """Load the Government Work Reports and the NPC resolutions approving them.

    ``doc_id`` is ``report_<year>`` or ``resolution_<year>``; metadata:
    ``title``, ``year`` (for a resolution, from its session), ``type``
    (``"report"`` or ``"resolution"``), ``npc`` and ``session`` (resolutions;
    missing for reports), ``source`` (``"State Council"`` or
    ``"National People's Congress"``), ``url`` and ``lang`` = ``"zh"``.
    The text is kept as scraped (zero-width spaces included); framing's
    Chinese normalisation removes them when tokenising and matching.

    Examples
    --------
    >>> c = load_workreports_zh()
    >>> len(c), int(c.docs["year"].min()), int(c.docs["year"].max())
    (72, 1954, 2025)
    >>> c["resolution_2025"].title
    '第十四届全国人民代表大会第三次会议关于政府工作报告的决议'
    """
    from framing.corpus.locate import corpus_path, verify_checksums

    folder = corpus_path("workreports_zh")
    path = folder / FILE
    report = LoadReport("workreports_zh")
    rows = []
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line_no, line in enumerate(fh, 1):
            if not line.strip():
                continue
            report.read += 1
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as exc:
                raise CorpusError(f"{path}, line {line_no}: not JSON ({exc.msg})") from None
            title = rec.get("title") or ""
            text = rec.get("content")
            if not isinstance(text, str) or not text.strip():
                report.skip(f"{FILE}, line {line_no}", "no text")
                continue
            if rec.get("year"):
                year, kind, npc, session = int(rec["year"]), "report", None, None
            else:
                try:
                    npc, session, year = npc_session_year(title)
                except ValueError as exc:
                    raise CorpusError(f"{path}, line {line_no}: no year and {exc}") from None
                kind = "resolution"
            rows.append(
                {
                    "doc_id": f"{kind}_{year}",
                    "text": text,
                    "title": title,
                    "year": year,
                    "type": kind,
                    "npc": npc,
                    "session": session,
                    "source": "State Council" if kind == "report" else "National People's Congress",
                    "url": rec.get("url"),
                    "lang": "zh",
                }
            )
    report.loaded = len(rows)
    docs = pd.DataFrame(rows)
    docs["npc"] = docs["npc"].astype("Int64")
    docs["session"] = docs["session"].astype("Int64")
    docs = docs.sort_values(["year", "type"], kind="stable").reset_index(drop=True)
    corpus = Corpus(docs, load_report=report, name="workreports_zh")
    verify_checksums("workreports_zh", corpus.load_report)
    return corpus
