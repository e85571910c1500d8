"""The exceptions of framing.

Every error that a user's input or settings can cause is a
:class:`FramingError`, which is also a :class:`ValueError`, so that
``except ValueError`` keeps working. Each layer has its own subclass, and the
message names the file, line, option, column or document at fault. The
command line catches :class:`FramingError` and prints its message without a
traceback (exit code 2).

Examples
--------
>>> import framing
>>> issubclass(framing.CorpusError, framing.FramingError)
True
>>> issubclass(framing.MissingColumnError, KeyError)
True
>>> try:
...     raise framing.MissingColumnError("column 'source' not in the corpus")
... except framing.FramingError as exc:
...     print(exc)
column 'source' not in the corpus
"""

from __future__ import annotations


class FramingError(ValueError):
    """Base class of every error caused by input or settings."""


class CorpusError(FramingError):
    """Bad corpus input: the message names the file, line or document."""


class MissingColumnError(FramingError, KeyError):
    """A column named by an argument is not in the corpus or table."""

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else ""


class LexiconError(FramingError):
    """A lexicon file or entry is invalid; the message names file, line and entry."""


class PatternError(FramingError):
    """A pattern does not follow the pattern grammar."""


class CompareError(FramingError):
    """Bad input to a comparison: unknown or empty groups, bad settings."""


class DTMError(FramingError):
    """Bad input for a document-term matrix; the message says how to fix it."""


class TopicModelError(FramingError):
    """Bad input for a topic model; the message says how to fix it."""


class EffectError(FramingError):
    """Bad formula or covariates; the message says which and how to fix it."""


class ParallelError(FramingError):
    """Bad settings for parallel execution, or a backend that cannot run."""


class ReportError(FramingError):
    """A report cannot be built as configured; the message says why."""


class NotFittedError(FramingError, AttributeError):
    """An estimator was used before ``fit``."""


class EmbeddingError(FramingError):
    """Bad input for word vectors, embedding regression or variant discovery."""


__all__ = [
    "CompareError",
    "CorpusError",
    "DTMError",
    "EffectError",
    "EmbeddingError",
    "FramingError",
    "LexiconError",
    "MissingColumnError",
    "NotFittedError",
    "ParallelError",
    "PatternError",
    "ReportError",
    "TopicModelError",
]
