"""How a report (or any analysis) groups the documents of a corpus.

A grouping is chosen by the user: a list of metadata columns (``--by
source,role`` on the command line, ``by:`` in a report configuration), the
word ``"none"`` for no grouping, or ``"auto"`` (the default): ``source``
when the corpus has sources, plus the time axis ``year`` when the corpus
has years (``year`` is derived from ``date`` when only dates are given).

``year`` (or ``date``) in the list is the time axis; every other column is a
group. Two or more group columns are joined into one label column (values
``"CHN / answer"``), so each analysis compares one set of groups.
Documents whose group value is missing are kept in a group named
``"(missing)"``: nothing is dropped silently.

Examples
--------
>>> from framing import Corpus
>>> c = Corpus.from_texts(["a", "b", "c"], role=["question", "answer", "answer"])
>>> g = resolve_grouping(c.docs, "auto")
>>> g.groups, g.time, g.label
([], None, None)
>>> g = resolve_grouping(c.docs, ["role"])
>>> g.label, g.describe()
('role', 'by role')
>>> with_year = Corpus.from_texts(["a", "b"], source=["X", "Y"], year=[2001, 2002])
>>> resolve_grouping(with_year.docs, "auto").describe()
'by source and year'
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

import pandas as pd

from framing.errors import FramingError

__all__ = [
    "Grouping",
    "columns_holding",
    "label_key",
    "resolve_grouping",
    "table_hue",
    "MISSING_GROUP",
    "TIME_COLUMNS",
]

MISSING_GROUP = "(missing)"
TIME_COLUMNS = ("year", "date")


@dataclasses.dataclass
class Grouping:
    """Group columns, the time axis and the one column that labels a group.

    ``groups`` are the metadata columns compared (possibly empty), ``time``
    is ``"year"`` or ``None``, and ``label`` the column holding one value per
    group (``groups[0]`` for one column, ``"a / b"`` for two, ``None``
    without groups).
    """

    groups: list[str]
    time: str | None
    label: str | None

    @property
    def columns(self) -> list[str]:
        """Label column and time axis, as present: the ``by=`` of a table."""
        return ([self.label] if self.label else []) + ([self.time] if self.time else [])

    def describe(self) -> str:
        parts = list(self.groups) + ([self.time] if self.time else [])
        if not parts:
            return "not grouped"
        return "by " + (" and ".join([", ".join(parts[:-1]), parts[-1]]) if len(parts) > 1 else parts[0])

    def apply(self, docs: pd.DataFrame) -> pd.DataFrame:
        """``docs`` with the label column filled (missing values named) and added when joined."""
        if not self.groups:
            return docs
        out = docs.copy()
        parts = []
        for col in self.groups:
            values = out[col].astype(object).where(out[col].notna(), MISSING_GROUP).astype(str)
            parts.append(values)
            if len(self.groups) == 1:
                out[col] = values.astype("string") if str(out[col].dtype) == "string" else values
        if len(self.groups) > 1:
            label = parts[0]
            for p in parts[1:]:
                label = label + " / " + p
            out[self.label] = label
        return out


def _has_values(docs: pd.DataFrame, col: str) -> bool:
    return col in docs.columns and bool(docs[col].notna().any())


def resolve_grouping(docs: pd.DataFrame, by: str | Sequence[str] | None = "auto") -> Grouping:
    """The grouping of ``docs`` that ``by`` asks for.

    Parameters
    ----------
    docs : DataFrame
        The documents (``Corpus.docs``).
    by : "auto", "none", None, a column name or a list of them
        ``"auto"``: ``source`` when any document has one, and ``year`` when
        any document has one. ``"none"``, ``None`` or ``[]``: no grouping and
        no time axis. A list: exactly these columns (``year`` or ``date`` is
        the time axis).

    Raises
    ------
    FramingError
        For a column the corpus does not have (naming the columns it has),
        or a time axis when no document has a year or date.

    Examples
    --------
    >>> from framing import Corpus
    >>> c = Corpus.from_texts(["a", "b", "c"], source=["CHN", "USA", "CHN"],
    ...                       role=["answer", "question", None], year=[2020, 2021, 2021])
    >>> g = resolve_grouping(c.docs, ["source", "role", "year"])
    >>> g.groups, g.time, g.label
    (['source', 'role'], 'year', 'source / role')
    >>> g.apply(c.docs)[g.label].tolist()
    ['CHN / answer', 'USA / question', 'CHN / (missing)']
    >>> resolve_grouping(c.docs, "auto").describe()
    'by source and year'
    """
    if by is None or (isinstance(by, str) and by.strip().lower() == "none"):
        return Grouping([], None, None)
    if isinstance(by, str) and by.strip().lower() == "auto":
        groups: list[str] = ["source"] if _has_values(docs, "source") else []
        time = "year" if _has_values(docs, "year") else None
        return Grouping(groups, time, groups[0] if groups else None)
    cols = [by] if isinstance(by, str) else list(by)
    cols = [str(c).strip() for c in cols if str(c).strip() and str(c).strip().lower() != "none"]
    groups = []
    time = None
    have = [c for c in docs.columns if c != "text"]
    for col in cols:
        if col in TIME_COLUMNS:
            if not _has_values(docs, "year"):
                raise FramingError(
                    f"by: {col!r} asks for a time axis, but no document has a year or a date "
                    f"(columns with values: {[c for c in have if _has_values(docs, c)]})"
                )
            time = "year"
        elif col not in docs.columns:
            raise FramingError(f"by: the corpus has no column {col!r}; its columns are {have}")
        elif not _has_values(docs, col):
            raise FramingError(f"by: column {col!r} is empty in every document")
        elif col not in groups:
            groups.append(col)
    label = None
    if len(groups) == 1:
        label = groups[0]
    elif groups:
        label = " / ".join(groups)
    return Grouping(groups, time, label)


def table_hue(
    frame: pd.DataFrame,
    hue: str | None,
    *,
    x: str | None = None,
    known: Sequence[str] = (),
    what: str = "the table",
) -> str | None:
    """The column a plot colours its groups by (the ``hue=`` of every ``plot_*``).

    A ``hue`` that is given must be a column of ``frame``. ``hue=None``
    reads the grouping from the table itself: its one column of labels
    beside ``x`` and the ``known`` columns of that kind of table (a table
    grouped by one column), or no colouring when it has none.

    Raises
    ------
    MissingColumnError
        For a ``hue`` that is not a column of ``frame``.
    FramingError
        When ``hue=None`` and the table has several columns of labels.

    Examples
    --------
    >>> t = pd.DataFrame({"outlet": ["A", "B"], "year": [2020, 2020], "entry": "e", "n": [1, 2]})
    >>> table_hue(t, None, x="year", known=["entry"])
    'outlet'
    >>> table_hue(t.drop(columns="outlet"), None, x="year", known=["entry"]) is None
    True
    """
    from framing.errors import MissingColumnError

    if hue is not None:
        if hue not in frame.columns:
            raise MissingColumnError(
                f"hue: {what} has no column {hue!r}; its columns are {list(frame.columns)}"
            )
        return hue
    skip = {x, *known, "doc_id"}
    labels = [
        c
        for c in frame.columns
        if c not in skip
        and not pd.api.types.is_numeric_dtype(frame[c])
        and not pd.api.types.is_bool_dtype(frame[c])
    ]
    if len(labels) > 1:
        raise FramingError(f"hue: {what} has several columns of group labels {labels}; name one with hue=")
    return labels[0] if labels else None


def label_key(value):
    """A hashable, comparable form of a group label: 2015, 2015.0 and "2015"
    agree, as do True and "True"; a missing value is None.

    Examples
    --------
    >>> label_key(2015) == label_key(2015.0) == label_key("2015")
    True
    """
    import numpy as np

    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, (bool, np.bool_)):
        return str(bool(value))
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    if isinstance(value, (float, np.floating)):
        return str(int(value)) if float(value).is_integer() else repr(float(value))
    return str(value)


def columns_holding(docs: pd.DataFrame, labels) -> list[str]:
    """The metadata columns of ``docs`` (not ``doc_id`` or ``text``) whose
    values include every one of ``labels`` (compared by :func:`label_key`).

    Examples
    --------
    >>> docs = pd.DataFrame({"doc_id": ["a", "b"], "source": ["CHN", "USA"], "year": [2015, 2016]})
    >>> columns_holding(docs, ["CHN"]), columns_holding(docs, ["2016"]), columns_holding(docs, ["GBR"])
    (['source'], ['year'], [])
    """
    wanted = {label_key(v) for v in labels}
    return [
        c
        for c in docs.columns
        if c not in ("doc_id", "text") and wanted <= {label_key(v) for v in docs[c].dropna().unique()}
    ]
