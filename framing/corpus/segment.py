"""Split documents into units: speaker turns, questions and answers, or any pattern.

:meth:`Corpus.segment <framing.corpus.core.Corpus.segment>` (also
:func:`framing.segment_corpus`) cuts every document where a regular expression matches, typically a speaker
label at the start of a line (``"Q:"``, ``"A:"``, ``"Wang Wenbin:"``).
Each unit becomes a document of a new corpus that keeps the metadata of its
document and adds:

``document``
    the ``doc_id`` of the document it comes from (the new ``doc_id`` is
    ``"<document>#<segment>"``);
``segment``
    its position in the document (0 for text before the first label, then
    1, 2, ...);
``speaker``
    the label without its colon (``"Q"``, ``"Wang Wenbin"``), missing for
    text before the first label;
``role``
    what the turn is: for the press-conference recipe ``"question"`` for
    ``Q:`` turns, ``"answer"`` for ``A:`` and named speakers, ``"preamble"``
    for text before the first label;
``marker``
    the label as written (``"Q:"``);
``start``, ``end``
    character offsets of the unit's text in the document's text.

Nothing of the text is lost: ``document_text[start:end] == text`` for every
unit, and what lies between consecutive units (and before the first, after
the last) is only the labels and white space. Units are stripped of
surrounding white space; a document without any label becomes one unit with
``segment`` 0.

Examples
--------
>>> from framing import Corpus
>>> c = Corpus.from_records([{"doc_id": "p1", "year": 2020,
...     "text": "Opening remarks.\\nQ: What about trade?\\nA: We support free trade."}])
>>> s = c.segment(recipe="press_conference")
>>> s.docs[["doc_id", "segment", "speaker", "role"]].values.tolist()
[['p1#0', 0, <NA>, 'preamble'], ['p1#1', 1, 'Q', 'question'], ['p1#2', 2, 'A', 'answer']]
>>> s.docs["text"].tolist()
['Opening remarks.', 'What about trade?', 'We support free trade.']
>>> s.docs["year"].tolist()
[2020, 2020, 2020]
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence

import pandas as pd

from framing.errors import CorpusError

__all__ = ["segment_docs", "press_conference_role", "RECIPES", "SPEAKER_LABEL"]

# A speaker label at the start of a line: "Q:", "A:", "Wang Wenbin:",
# "Mr. Zhao Lijian:" (at most five capitalised words, then a colon).
SPEAKER_LABEL = r"^[ \t]*(?P<speaker>[A-Z][\w.'\-]*(?:[ \t]+[A-Z][\w.'\-]*){0,4})[ \t]*[:：]"

_QUESTION = {"q", "question", "reporter", "journalist", "press"}
_ANSWER = {"a", "answer"}


def press_conference_role(speaker: str | None) -> str:
    """Role of a speaker label in a press conference transcript.

    Examples
    --------
    >>> press_conference_role("Q"), press_conference_role("A"), press_conference_role("Hua Chunying")
    ('question', 'answer', 'answer')
    """
    if speaker is None:
        return "preamble"
    key = speaker.strip().lower().rstrip(".")
    if key in _QUESTION:
        return "question"
    return "answer"


RECIPES: dict[str, dict] = {
    "press_conference": {"pattern": SPEAKER_LABEL, "roles": press_conference_role},
    "speakers": {"pattern": SPEAKER_LABEL, "roles": None},
}


def _speaker_pattern(speakers: Sequence[str]) -> str:
    names = sorted({str(s).strip() for s in speakers if str(s).strip()}, key=len, reverse=True)
    if not names:
        raise CorpusError("speakers: give at least one speaker label")
    alt = "|".join(re.escape(n) for n in names)
    return rf"^[ \t]*(?P<speaker>{alt})[ \t]*[:：]"


def _role_function(roles) -> Callable[[str | None], object]:
    if roles is None:
        return lambda speaker: pd.NA if speaker is None else speaker
    if callable(roles):
        return roles
    if isinstance(roles, Mapping):
        table = {str(k).lower(): v for k, v in roles.items()}
        default = table.get("*", pd.NA)

        def lookup(speaker):
            if speaker is None:
                return table.get("", "preamble")
            return table.get(speaker.lower(), default)

        return lookup
    raise CorpusError(f"roles: give a mapping of speaker -> role or a function, not {type(roles).__name__}")


def _strip_span(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


def segment_docs(
    docs: pd.DataFrame,
    pattern: str | re.Pattern | None = None,
    *,
    speakers: Sequence[str] | None = None,
    roles: Mapping | Callable | None = None,
    recipe: str | None = None,
    flags: int = re.MULTILINE,
) -> pd.DataFrame:
    """The units of a documents frame, one row each, as
    :meth:`Corpus.segment <framing.corpus.core.Corpus.segment>` describes them
    (which makes a corpus of them).

    Examples
    --------
    >>> docs = pd.DataFrame({"doc_id": ["p1"], "text": ["Q: Why?\\nA: Because."]})
    >>> segment_docs(docs, recipe="press_conference")[["doc_id", "role", "text"]].values.tolist()
    [['p1#1', 'question', 'Why?'], ['p1#2', 'answer', 'Because.']]
    """
    if recipe is not None:
        if recipe not in RECIPES:
            raise CorpusError(f"recipe: unknown recipe {recipe!r}; known: {sorted(RECIPES)}")
        spec = RECIPES[recipe]
        pattern = spec["pattern"] if pattern is None and speakers is None else pattern
        roles = spec["roles"] if roles is None else roles
    if pattern is None and speakers is not None:
        pattern = _speaker_pattern(speakers)
    if pattern is None:
        raise CorpusError("segment: give a pattern, speakers=[...] or recipe='press_conference'")
    try:
        rx = pattern if isinstance(pattern, re.Pattern) else re.compile(pattern, flags)
    except re.error as exc:
        raise CorpusError(f"segment: pattern {pattern!r} does not compile: {exc}") from None
    role_of = _role_function(roles)
    rows = []
    added = ("document", "segment", "speaker", "role", "marker", "start", "end")
    # Segmenting segments again keeps the original document; the other
    # columns describe the new units.
    nested = "document" in docs.columns
    keep_role = nested and roles is None and "role" in docs.columns  # a question stays a question
    meta_cols = [c for c in docs.columns if c not in ("doc_id", "text", *added)]
    for rec in docs.to_dict("records"):
        text = rec["text"]
        marks = [m for m in rx.finditer(text) if m.end() > m.start()]
        # (segment, speaker, label, body_start, body_end)
        pieces: list[tuple[int, str | None, str, int, int]] = []
        first = marks[0].start() if marks else len(text)
        a, b = _strip_span(text, 0, first)
        if b > a or not marks:
            pieces.append((0, None, "", a, b))
        for i, m in enumerate(marks):
            nxt = marks[i + 1].start() if i + 1 < len(marks) else len(text)
            speaker = m.groupdict().get("speaker") if "speaker" in rx.groupindex else None
            if speaker is None:
                speaker = m.group(0).strip().rstrip(":：").strip()
            a, b = _strip_span(text, m.end(), nxt)
            pieces.append((i + 1, speaker.strip(), m.group(0).strip(), a, b))
        for seg, speaker, label, a, b in pieces:
            row = {"doc_id": f"{rec['doc_id']}#{seg}", "text": text[a:b]}
            row.update({c: rec[c] for c in meta_cols})
            row.update(
                {
                    "document": rec["document"] if nested else rec["doc_id"],
                    "segment": seg,
                    "speaker": speaker,
                    "role": rec["role"] if keep_role else role_of(speaker),
                    "marker": label,
                    "start": a,
                    "end": b,
                }
            )
            rows.append(row)
    cols = ["doc_id", "text", *meta_cols, "document", "segment", "speaker", "role", "marker", "start", "end"]
    frame = pd.DataFrame(rows, columns=cols)
    for col in ("speaker", "role", "marker"):
        frame[col] = frame[col].astype("string")
    for col in ("segment", "start", "end"):
        frame[col] = frame[col].astype("int64")
    return frame
