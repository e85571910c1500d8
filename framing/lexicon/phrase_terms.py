"""Multi-word terms: lexicon phrases and detected collocations merged into one token.

"Hong Kong", "South China Sea" or "Belt and Road Initiative" mean one thing
but are counted as separate words unless they are merged first.
:class:`PhraseMerger` learns which word sequences to merge and joins their
tokens with ``_`` (``hong_kong``, ``south_china_sea``). It takes them from

- a **lexicon**: every finite phrase of a :class:`~framing.lexicon.core.Lexicon`
  (a shipped name such as ``"slogans"``, a YAML path, a Lexicon), or a list
  of phrases; matched whatever the case of their words;
- **detection** (``"auto"``): adjacent words, neither a stop word, whose
  normalised pointwise mutual information (Bouma 2009)
  ``npmi(a, b) = ln(p(ab) / (p(a) p(b))) / -ln p(ab)`` with probabilities
  per token position is at least ``threshold`` and that occur together at
  least ``min_count`` times; the merged stream is scanned again, so a
  phrase grows to at most ``max_words`` words. This is the ``npmi`` scorer
  of gensim's ``Phrases``.

The ``phrases=`` option of :func:`framing.compare.keyness`,
:func:`framing.compare.keyness.collocates` and :class:`framing.topics.dtm.DTMBuilder`
accepts ``True`` or ``"auto"`` (detection), a lexicon (name, path, Lexicon
or list of phrases), or a list combining ``"auto"`` with lexicons.

Examples
--------
>>> docs = [["the", "people", "of", "hong", "kong", "and", "hong", "kong", "media"]] * 3
>>> m = PhraseMerger(detect=True, min_count=3, threshold=0.5).fit(docs)
>>> m.transform(["hong", "kong", "protests"])
['hong_kong', 'protests']
>>> m = PhraseMerger(lexicon=["South China Sea"]).fit([])
>>> m.transform(["in", "the", "South", "China", "sea"])
['in', 'the', 'south_china_sea']
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence

from framing.errors import FramingError
from framing.lexicon.core import Lexicon, load_lexicon
from framing.text.casing import is_acronym
from framing.text.tokenize import STOPWORDS, tokenize

__all__ = ["PhraseMerger", "phrase_merger"]


def _key(token: str) -> str:
    return token.lower()


class PhraseMerger:
    """Merge lexicon phrases and/or detected collocations into single terms.

    Parameters
    ----------
    lexicon : Lexicon, name, path, list of phrases, or None
    detect : bool, default False
        Detect collocations by npmi (see the module notes).
    min_count : int, default 5
    threshold : float, default 0.5
        Minimum npmi (from -1 to 1).
    max_words : int, default 4
    stopwords : collection of str, optional
        Words that never start or end a detected phrase (default
        :data:`framing.text.tokenize.STOPWORDS`).

    Attributes
    ----------
    phrases_ : dict
        Lower-case token tuple -> ``(term, origin, npmi)``.
    """

    def __init__(
        self,
        lexicon=None,
        *,
        detect: bool = False,
        min_count: int = 5,
        threshold: float = 0.5,
        max_words: int = 4,
        stopwords=None,
    ):
        self.lexicon = lexicon
        self.detect = detect
        self.min_count = min_count
        self.threshold = threshold
        self.max_words = max_words
        self.stopwords = stopwords

    @property
    def key(self) -> tuple:
        """A hashable summary of the learned phrases (for caches)."""
        return tuple(sorted(self.phrases_))

    def _lexicon_phrases(self) -> list[tuple[str, ...]]:
        lex = self.lexicon
        if lex is None:
            return []
        if isinstance(lex, str) and " " in lex.strip() and not lex.endswith((".yml", ".yaml")):
            lex = [lex]
        if (
            isinstance(lex, (list, tuple, set, frozenset))
            and all(isinstance(p, str) for p in lex)
            and not all(_is_lexicon_name(p) for p in lex)
        ):
            phrases = list(lex)
        else:
            loaded = (
                lex
                if isinstance(lex, Lexicon)
                else load_lexicon(*(lex if isinstance(lex, (list, tuple)) else [lex]))
            )
            frame = loaded.expand()
            phrases = frame.loc[frame["finite"], "phrase"].tolist()
        out = []
        for p in phrases:
            toks = tuple(_key(t) for t in tokenize(str(p)))
            if len(toks) >= 2:
                out.append(toks)
        return out

    def fit(self, documents: Iterable[Sequence[str]]) -> PhraseMerger:
        """Learn the phrases from tokenised ``documents`` (lists of tokens)."""
        self.phrases_: dict[tuple, tuple] = {}
        for toks in self._lexicon_phrases():
            self.phrases_[toks] = ("_".join(toks), "lexicon", math.nan)
        self._build_index()
        if not self.detect:
            return self
        stop = frozenset(_key(w) for w in (STOPWORDS if self.stopwords is None else self.stopwords))
        docs = [self.transform(list(d)) for d in documents]
        for _ in range(max(0, int(self.max_words) - 1)):
            uni: Counter = Counter()
            bi: Counter = Counter()
            total = 0
            for d in docs:
                keys = [_key(t) for t in d]
                uni.update(keys)
                total += len(keys)
                for a, b in zip(keys, keys[1:]):
                    if a in stop or b in stop or not _wordlike(a) or not _wordlike(b):
                        continue
                    bi[(a, b)] += 1
            added = 0
            for (a, b), n in bi.items():
                if n < self.min_count or total == 0:
                    continue
                p_ab = n / total
                if p_ab >= 1:
                    continue
                npmi = math.log(p_ab / ((uni[a] / total) * (uni[b] / total))) / -math.log(p_ab)
                toks = tuple(a.split("_")) + tuple(b.split("_"))
                if npmi >= self.threshold and len(toks) <= self.max_words and toks not in self.phrases_:
                    self.phrases_[toks] = ("_".join(toks), "detected", npmi)
                    added += 1
            if not added:
                break
            self._build_index()
            docs = [self.transform(d) for d in docs]
        self._build_index()
        return self

    def _build_index(self) -> None:
        self._first: dict[str, list[tuple]] = {}
        for toks in sorted(self.phrases_, key=len, reverse=True):
            self._first.setdefault(toks[0], []).append(toks)

    def transform(self, tokens: Sequence[str]) -> list[str]:
        """Merge the learned phrases in ``tokens``, longest first, left to right.

        A merged term is its words joined with ``_``, lower-case except
        acronyms (``UN_charter``).
        """
        if not hasattr(self, "phrases_"):
            raise FramingError("PhraseMerger: call fit first")
        out = []
        keys = [_key(t) for t in tokens]
        i = 0
        n = len(tokens)
        while i < n:
            for cand in self._first.get(keys[i], ()):
                k = len(cand)
                if tuple(keys[i : i + k]) == cand:
                    parts = [t.split("_") for t in tokens[i : i + k]]
                    out.append("_".join(p if is_acronym(p) else p.lower() for ps in parts for p in ps))
                    i += k
                    break
            else:
                out.append(tokens[i])
                i += 1
        return out

    def table(self):
        """The phrases as a frame: ``term``, ``n_words``, ``origin``, ``npmi``."""
        import pandas as pd

        rows = [(term, len(toks), origin, npmi) for toks, (term, origin, npmi) in self.phrases_.items()]
        return (
            pd.DataFrame(rows, columns=["term", "n_words", "origin", "npmi"])
            .sort_values(["origin", "term"], kind="stable")
            .reset_index(drop=True)
        )


def _wordlike(token: str) -> bool:
    return any(c.isalpha() for c in token)


def _is_lexicon_name(value: str) -> bool:
    from pathlib import Path

    return " " not in value.strip() and (
        value.endswith((".yml", ".yaml")) or Path(value).exists() or value in ("slogans", "frames", "actors")
    )


def phrase_merger(option, documents: Iterable[Sequence[str]] = (), **kwargs) -> PhraseMerger | None:
    """The fitted :class:`PhraseMerger` a ``phrases=`` option asks for (None for none).

    ``option``: ``None``/``False`` (no merging), ``True``/``"auto"``
    (detection), a lexicon (name, path, :class:`~framing.lexicon.core.Lexicon`
    or list of phrases), or a list combining ``"auto"`` with lexicons.

    Examples
    --------
    >>> phrase_merger(["auto", "Hong Kong"], [["hong", "kong"]] * 6).transform(["Hong", "Kong"])
    ['hong_kong']
    """
    if option is None or option is False:
        return None
    detect = False
    lexicon = None
    if option is True or option == "auto":
        detect = True
    elif isinstance(option, (list, tuple)):
        rest = [o for o in option if o != "auto" and o is not True]
        detect = len(rest) < len(option)
        lexicon = rest or None
        if lexicon is not None and len(lexicon) == 1 and not isinstance(lexicon[0], str):
            lexicon = lexicon[0]
    else:
        lexicon = option
    return PhraseMerger(lexicon, detect=detect, **kwargs).fit(documents)
