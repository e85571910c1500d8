"""The matcher proper: a lexicon compiled for token lists, and its passes over texts.

:class:`Matcher` finds the matches of a lexicon's English patterns in a token
list with the hyperscan engine or its pure-Python twin (the matching
semantics are those described in :mod:`framing.lexicon.matcher`); the Chinese
variants of bilingual entries are matched on characters
(:mod:`framing.lexicon.zhpatterns`) and joined here. :func:`scan_texts` and
:func:`kwic_texts` read a corpus's texts batch by batch; the corpus-level
functions of :mod:`framing.lexicon.matcher` call them, or the token-index
path of :mod:`framing.lexicon.indexed`.

Examples
--------
>>> from framing import Corpus
>>> lex = as_lexicon(compile_pattern("win-win *"))
>>> matches, doc_tokens = scan_texts(Corpus.from_texts(["Win-win results."]), lex)
>>> matches[["entry", "form", "start", "end"]].values.tolist(), doc_tokens["tokens"].tolist()
([['pattern', 'win-win results', 0, 15]], [2])
"""

from __future__ import annotations

import bisect
import dataclasses
import itertools
import math
import operator
import os
import re
import weakref
from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np
import pandas as pd

from framing._util import progress as _progress
from framing.corpus.core import Corpus, CorpusStream
from framing.lexicon.core import (
    ANY,
    GAP,
    OPT,
    PREFIX,
    TOK,
    Lexicon,
    Pattern,
    _seq_ends,
    compile_pattern,
    load_lexicon,
)
from framing.lexicon.zhpatterns import ZhMatcher, group_by_entry
from framing.text.tokenize import _spans_for, count_tokens, tokenize, tokenize_spans

try:  # the tokeniser's own steps: tokenize(text) == _findall(_prepare(text).lower())
    from framing.text.tokenize import _count, _findall, _lower, _prepare
except ImportError:  # pragma: no cover - only if the tokeniser changes
    _count = _findall = _lower = _prepare = None  # type: ignore[assignment]


__all__ = [
    "MATCH_COLUMNS",
    "Matcher",
    "TermMatcher",
    "as_lexicon",
    "compile_pattern",
    "kwic_texts",
    "scan_texts",
    "with_meta",
]

MATCH_COLUMNS = ["doc_id", "entry", "variant", "form", "pattern", "start", "end", "token_start", "token_end"]


def with_meta(frame: pd.DataFrame, meta: pd.DataFrame, reserved: Sequence[str] = ()) -> pd.DataFrame:
    """``frame`` with the documents' metadata (``meta`` aligned to its rows,
    ``doc_id`` left out) as further columns. A metadata column named like a
    column of ``frame`` or one of ``reserved`` (a segment's own ``start`` and
    ``end``) is kept as ``meta_start``, ``meta_end``, so that no column is lost.

    Examples
    --------
    >>> f = pd.DataFrame({"doc_id": ["a"], "start": [3]})
    >>> with_meta(f, pd.DataFrame({"doc_id": ["a"], "start": [10], "year": [2020]})).columns.tolist()
    ['doc_id', 'start', 'meta_start', 'year']
    """
    extra = meta.drop(columns="doc_id", errors="ignore")
    taken = {*frame.columns, *reserved}
    clash = {c: f"meta_{c}" for c in extra.columns if c in taken}
    return pd.concat([frame, extra.rename(columns=clash) if clash else extra], axis=1)


def as_lexicon(lexicon: Any = None) -> Lexicon:
    """A :class:`~framing.lexicon.Lexicon` from a lexicon, path, name, pattern or None.

    ``None`` loads the shipped lexicon; a string that is a shipped name or a
    file is loaded with :func:`~framing.lexicon.load_lexicon` (without the
    shipped lexicon when it is a file); a :class:`~framing.lexicon.Pattern`
    becomes a one-entry lexicon whose entry id is ``"pattern"``.
    """
    if lexicon is None:
        return load_lexicon()
    if isinstance(lexicon, Lexicon):
        return lexicon
    if isinstance(lexicon, Pattern):
        return Lexicon.from_patterns({"pattern": [lexicon.text]})
    if isinstance(lexicon, str | os.PathLike):
        return load_lexicon(lexicon, include_shipped=False)
    if isinstance(lexicon, Sequence):
        return load_lexicon(*lexicon, include_shipped=False)
    raise TypeError(f"expected a Lexicon, a lexicon name or path, or a Pattern, not {type(lexicon).__name__}")


# --------------------------------------------------------------------------
# The compiled matcher
# --------------------------------------------------------------------------


def _required_sets(seq: tuple) -> list[frozenset]:
    """Token sets of which every match contains a member (non-optional literals)."""
    return [node[1] for node in seq if node[0] == TOK]


# --------------------------------------------------------------------------
# Hyperscan acceleration (optional)
# --------------------------------------------------------------------------
#
# Two databases compiled from the pattern trees:
#
# * a *loose* one over the bytes of the lower-cased prepared text (the
#   string the tokeniser splits), whose matches are a superset of the true
#   matches: a document without a loose match has no match at all;
# * an *exact* one over " " + " ".join(tokens) + " ", where each token is
#   followed by one space: it reports the end of every true match, and the
#   pattern tree then finds the starts within [end - max_len, end - min_len].

_TOKEN_BYTES = rb"[a-z0-9\x80-\xff'\-.,]"
_NOT_ALNUM = rb"[^a-z0-9]"


def _hs_escape(text: str) -> bytes:
    return b"".join(
        bytes([c]) if (48 <= c <= 57 or 97 <= c <= 122) else b"\\x%02x" % c for c in text.encode("utf-8")
    )


def _exact_regex(seq: tuple) -> bytes:
    out = []
    for node in seq:
        kind = node[0]
        if kind == TOK:
            out.append(b"(?:" + b"|".join(_hs_escape(t) for t in sorted(node[1])) + b") ")
        elif kind == PREFIX:
            out.append(_hs_escape(node[1]) + b"[^ ]* ")
        elif kind == ANY:
            out.append(b"[^ ]+ ")
        elif kind == GAP:
            out.append(b"(?:[^ ]+ ){%d,%d}" % (node[1], node[2]))
        elif kind == OPT:
            out.append(b"(?:" + _exact_regex(node[1]) + b")?")
        else:
            out.append(b"(?:" + b"|".join(_exact_regex(s) for s in node[1]) + b")")
    return b"".join(out)


def _loose_regex(seq: tuple) -> bytes:
    # Every token of the prepared text is a substring of it; consecutive
    # tokens are separated by characters that are not letters or digits
    # (none only after a token ending in "."), and bytes of non-ASCII
    # characters are never ASCII letters or digits. Each element is written
    # as "separator, then token" so that optional parts and gaps compose.
    sep = _NOT_ALNUM + b"*"
    out = []
    for node in seq:
        kind = node[0]
        if kind == TOK:
            # A token is followed by a character that is not a letter or
            # digit (the scanned text ends with a space), unless it ends in ".".
            plain = [_hs_escape(t) for t in sorted(node[1]) if not t.endswith(".")]
            dotted = [_hs_escape(t) for t in sorted(node[1]) if t.endswith(".")]
            alts = []
            if plain:
                alts.append(b"(?:" + b"|".join(plain) + b")" + _NOT_ALNUM)
            if dotted:
                alts.append(b"(?:" + b"|".join(dotted) + b")")
            out.append(sep + b"(?:" + b"|".join(alts) + b")")
        elif kind == PREFIX:
            out.append(sep + _hs_escape(node[1]) + _TOKEN_BYTES + b"*")
        elif kind == ANY:
            out.append(sep + _TOKEN_BYTES + b"+")
        elif kind == GAP:
            out.append(b"(?:" + sep + _TOKEN_BYTES + b"+){%d,%d}" % (node[1], node[2]))
        elif kind == OPT:
            out.append(b"(?:" + _loose_regex(node[1]) + b")?")
        else:
            out.append(b"(?:" + b"|".join(_loose_regex(s) for s in node[1]) + b")")
    return b"".join(out)


class _Hyperscan:
    """Compiled loose and exact databases of a matcher's patterns."""

    def __init__(self, patterns: list[Pattern]):
        import hyperscan

        self.hs = hyperscan
        ids = list(range(len(patterns)))
        # The loose regex starts at a token start: beginning of text or
        # after a character that is not an ASCII letter or digit.
        loose = [b"(?:^|" + _NOT_ALNUM + b")" + _loose_regex(p.seq) for p in patterns]
        exact = [b" " + _exact_regex(p.seq) for p in patterns]
        self.loose = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
        self.loose.compile(expressions=loose, ids=ids, elements=len(ids), flags=hyperscan.HS_FLAG_SINGLEMATCH)
        self.exact = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
        self.exact.compile(expressions=exact, ids=ids, elements=len(ids), flags=0)
        self.loose_scratch = hyperscan.Scratch(self.loose)
        self.exact_scratch = hyperscan.Scratch(self.exact)

    def any_loose(self, data: bytes) -> bool:
        found = []

        def stop(pid, start, end, flags, context):
            found.append(pid)
            return True

        try:
            self.loose.scan(data, match_event_handler=stop, scratch=self.loose_scratch)
        except self.hs.ScanTerminated:
            pass
        return bool(found)

    def exact_ends(self, data: bytes) -> list[tuple[int, int]]:
        """``(end byte offset, pattern id)`` of every match in the joined tokens."""
        hits: list[tuple[int, int]] = []

        def collect(pid, start, end, flags, context):
            hits.append((end, pid))

        self.exact.scan(data, match_event_handler=collect, scratch=self.exact_scratch)
        return hits


def _hyperscan_for(patterns: list[Pattern]) -> _Hyperscan | None:
    try:
        import hyperscan  # noqa: F401
    except ImportError:
        return None
    return _Hyperscan(patterns)


def _lower_and_tokens(text: str) -> tuple[str | None, list[str]]:
    """The lower-cased prepared text the tokeniser splits, and its tokens.

    Equal to ``tokenize(text)``; the prepared text is returned too so that
    the loose prefilter can scan it without a second preparation.
    """
    if _prepare is None:
        return None, tokenize(text)
    lowered = _lower(_prepare(text))
    return lowered, _findall(lowered)


class Matcher:
    """A lexicon compiled for matching token lists.

    Parameters
    ----------
    lexicon : Lexicon
    engine : {"auto", "hyperscan", "python"}
        ``"auto"`` uses hyperscan when it is installed. Both engines give the
        same matches; hyperscan finds the candidate positions faster.

    Examples
    --------
    >>> lex = Lexicon.from_patterns({"gdi": ["global development initiative~"],
    ...                              "dev": ["development"]})
    >>> m = Matcher(lex)
    >>> m.match(tokenize("The Global Development Initiatives and development."))
    [('gdi', 'gdi', 1, 4, <Pattern gdi/gdi 'global development initiative~'>), \
('dev', 'dev', 2, 3, <Pattern dev/dev 'development'>), \
('dev', 'dev', 5, 6, <Pattern dev/dev 'development'>)]
    """

    def __init__(self, lexicon: Lexicon, engine: str = "auto"):
        self.lexicon = lexicon
        self.entry_ids = list(lexicon.entries)
        # patterns[pid] = (pattern, entry index, is_exclude)
        self.patterns: list[tuple[Pattern, int, bool]] = []
        for ei, entry in enumerate(lexicon):
            self.patterns += [(p, ei, False) for p in entry.patterns]
            self.patterns += [(p, ei, True) for p in entry.exclude]
        self.required = [_required_sets(p.seq) for p, _, _ in self.patterns]
        self.token_anchors: dict[str, list[tuple[int, int, int]]] = {}
        self.prefix_anchors: list[tuple[str, int, int, int]] = []
        self.unanchored: list[int] = []
        # A lexicon of literal tokens only (dictionary terms, actor names), with
        # few spellings: the pure-Python engine looks their token sequences up,
        # by length, at the tokens that start one, in texts that hold the
        # anchor (rarest token) of one of them. Other lexicons read every
        # token once, for the anchors of all their patterns.
        self.literal_seqs: dict[tuple[str, ...], list[int]] = {}
        literal_lengths: dict[str, set[int]] = {}
        literal_anchors: set[str] = set()
        literal = all(
            all(node[0] == TOK for node in p.seq) and math.prod(len(node[1]) for node in p.seq) <= 64
            for p, _, _ in self.patterns
        )
        for pid, (p, _, _) in enumerate(self.patterns):
            items = p.anchor()
            if literal:
                for seq in itertools.product(*(sorted(node[1]) for node in p.seq)):
                    self.literal_seqs.setdefault(seq, []).append(pid)
                    literal_lengths.setdefault(seq[0], set()).add(len(seq))
                assert items is not None  # a pattern of literal tokens is anchored on one of them
                literal_anchors.update(tok for item in items for tok in item[1])
                continue
            if items is None:
                self.unanchored.append(pid)
                continue
            for kind, value, lo, hi in items:
                if kind == TOK:
                    for tok in value:
                        self.token_anchors.setdefault(tok, []).append((pid, lo, hi))
                else:
                    self.prefix_anchors.append((value, pid, lo, hi))
        self.anchor_tokens = frozenset(self.token_anchors)
        self.prefixes = tuple(sorted({p for p, _, _, _ in self.prefix_anchors}))
        self.literal_first = {tok: tuple(sorted(ms)) for tok, ms in literal_lengths.items()}
        self.literal_anchors = frozenset(literal_anchors)
        self.always = bool(self.unanchored)
        if engine not in ("auto", "hyperscan", "python"):
            raise ValueError(f"engine must be 'auto', 'hyperscan' or 'python', not {engine!r}")
        self._hs = None
        if engine != "python" and self.patterns:
            self._hs = _hyperscan_for([p for p, _, _ in self.patterns])
            if self._hs is None and engine == "hyperscan":
                raise ImportError("engine='hyperscan' needs the hyperscan package")
        self.engine = "hyperscan" if self._hs is not None else "python"

    def _starts(self, tokens: Sequence[str]) -> dict[int, set[int]]:
        """Candidate start positions per pattern id."""
        starts: dict[int, set[int]] = {}
        if not (self.token_anchors or self.prefix_anchors or self.always):
            return starts
        n = len(tokens)
        if self.always:
            for pid in self.unanchored:
                starts[pid] = set(range(n))
        tokset = None
        wanted: dict[str, list[tuple[int, int, int]]] = {}
        present = self.anchor_tokens.intersection(tokens)
        if present:
            tokset = set(tokens)
            for tok in present:
                for item in self.token_anchors[tok]:
                    if all(not r.isdisjoint(tokset) for r in self.required[item[0]]):
                        wanted.setdefault(tok, []).append(item)
        prefix_items = []
        if self.prefixes:
            if tokset is None:
                tokset = set(tokens)
            prefix_items = [
                (pre, pid, lo, hi)
                for pre, pid, lo, hi in self.prefix_anchors
                if all(not r.isdisjoint(tokset) for r in self.required[pid])
            ]
        if not wanted and not prefix_items:
            return starts
        prefixes = tuple(pre for pre, _, _, _ in prefix_items)
        for i, tok in enumerate(tokens):
            items = wanted.get(tok)
            if items:
                for pid, lo, hi in items:
                    s = starts.setdefault(pid, set())
                    s.update(range(max(0, i - hi), i - lo + 1))
            if prefixes and tok.startswith(prefixes):
                for pre, pid, lo, hi in prefix_items:
                    if tok.startswith(pre):
                        s = starts.setdefault(pid, set())
                        s.update(range(max(0, i - hi), i - lo + 1))
        return starts

    def _starts_hyperscan(self, tokens: Sequence[str], lowered: str | None) -> dict[int, set[int]]:
        hs = self._hs
        assert hs is not None  # only called when the hyperscan engine is in use
        if lowered is not None and not hs.any_loose((lowered + " ").encode("utf-8")):
            return {}
        data = (" " + " ".join(tokens) + " ").encode("utf-8")
        hits = hs.exact_ends(data)
        if not hits:
            return {}
        hits.sort()
        starts: dict[int, set[int]] = {}
        spaces = 0
        last = 0
        for end, pid in hits:
            spaces += data.count(b" ", last, end)
            last = end
            end_token = spaces - 1
            p = self.patterns[pid][0]
            s = starts.setdefault(pid, set())
            s.update(range(max(0, end_token - p.max_len), end_token - p.min_len + 1))
        return starts

    def candidates(self, tokens: Sequence[str], lowered: str | None = None) -> list[tuple[int, int, int]]:
        """``(pattern id, start, end)``: the longest match of each pattern at each start.

        ``lowered`` (optional) is the lower-cased prepared text that
        ``tokens`` were split from; with hyperscan it lets documents without
        any possible match be skipped without joining their tokens.
        """
        out: list[tuple[int, int, int]] = []
        n = len(tokens)
        if self._hs is not None:
            start_sets = self._starts_hyperscan(tokens, lowered)
        else:
            start_sets = self._starts(tokens)
            if self.literal_first and not self.literal_anchors.isdisjoint(tokens):
                out = self._literal_candidates(tokens)
        for pid, starts in start_sets.items():
            seq = self.patterns[pid][0].seq
            for s in sorted(starts):
                if s >= n:
                    continue
                ends = _seq_ends(seq, tokens, {s})
                if ends:
                    out.append((pid, s, max(ends)))
        return out

    def _literal_candidates(self, tokens: Sequence[str]) -> list[tuple[int, int, int]]:
        """``(pattern id, start, end)`` of the literal patterns, by start."""
        out: list[tuple[int, int, int]] = []
        n = len(tokens)
        first = self.literal_first
        seqs = self.literal_seqs
        append = out.append
        for i in [i for i, tok in enumerate(tokens) if tok in first]:
            tok = tokens[i]
            for m in first[tok]:
                if m == 1:
                    pids = seqs.get((tok,))
                elif i + m <= n:
                    pids = seqs.get(tuple(tokens[i : i + m]))
                else:
                    continue
                if pids is not None:
                    for pid in pids:
                        append((pid, i, i + m))
        return out

    def scan_text(self, text: str, lang: str | None = None) -> tuple[int, list[tuple], list[str] | None]:
        """Token count, matches and tokens of one text.

        Returns ``(count_tokens(text), match(tokenize(text)), tokens)``;
        ``tokens`` is None when there is no match. With hyperscan, a text
        whose prepared form has no loose match is counted without building
        its token list. ``lang`` is the text's language (detected from the
        script when None); a Chinese text is segmented into words first.
        """
        if (lang is not None or not text.isascii()) and _is_chinese(text, lang):
            tokens = tokenize(text, lang="zh")
            found = self.match(tokens)
            return len(tokens), found, tokens if found else None
        if lang is not None:
            lang = "und"  # decided: the default tokeniser
        if _prepare is None or self._hs is None:
            tokens = tokenize(text, lang=lang)
            found = self.match(tokens)
            return _token_count(text, tokens), found, tokens if found else None
        prepared = _prepare(text)
        lowered = _lower(prepared)
        # lower-casing changes the token count only where it changes the
        # text's length (U+0130, capital I with dot, becomes two characters)
        n = _count(lowered) if "\u0130" not in prepared else _count(prepared)
        if not self._hs.any_loose((lowered + " ").encode("utf-8")):
            return n, [], None
        tokens = _findall(lowered)
        found = self.match(tokens)
        return n, found, tokens if found else None

    def match(
        self, tokens: Sequence[str], lowered: str | None = None
    ) -> list[tuple[str, str, int, int, Pattern]]:
        """Resolved matches ``(entry, variant, token_start, token_end, pattern)``.

        ``tokens`` are the tokens of :func:`~framing.tokenize.tokenize`.
        Sorted by start, then by entry order in the lexicon.
        """
        cands = self.candidates(tokens, lowered)
        if not cands:
            return []
        by_entry, excluded = group_by_entry(cands, self.patterns)
        out: list[tuple[int, int, int, Pattern, str]] = []
        for ei, found in by_entry.items():
            ex = excluded.get(ei)
            if ex:
                index = _SpanIndex(ex)
                found = [c for c in found if not index.overlaps(c[0], c[1])]
            found.sort(key=lambda c: (c[0] - c[1], -c[2].literals, c[2].order, c[0]))
            # Kept matches never overlap, so the tokens they cover identify
            # them; checking and marking a candidate's tokens costs its length
            # (time linear in the candidates, not quadratic).
            kept: list[tuple[int, int, Pattern]] = []
            covered: set[int] = set()
            for c in found:
                if c[0] >= c[1]:  # an empty span overlaps a kept match strictly around it
                    if not any(k[0] < c[0] < k[1] for k in kept):
                        kept.append(c)
                    continue
                if covered.isdisjoint(range(c[0], c[1])):
                    kept.append(c)
                    covered.update(range(c[0], c[1]))
            eid = self.entry_ids[ei]
            out.extend((ei, s, e, p, eid) for s, e, p in kept)
        out.sort(key=lambda r: (r[1], r[0]))
        return [(eid, p.variant, s, e, p) for _, s, e, p, eid in out]


class _SpanIndex:
    """Spans sorted by start with a running maximum of their ends."""

    def __init__(self, spans: list[tuple[int, int]]):
        ordered = sorted(spans)
        self.starts = [s for s, _ in ordered]
        self.max_end = list(itertools.accumulate((e for _, e in ordered), max))

    def overlaps(self, start: int, end: int) -> bool:
        # spans starting before ``end``; one of them overlaps when the
        # largest end among them is beyond ``start``
        i = bisect.bisect_left(self.starts, end)
        return i > 0 and self.max_end[i - 1] > start


class TermMatcher:
    """A lexicon of dictionary terms matched in one token list, term by term.

    The engine is :class:`Matcher` (anchors or hyperscan, then the pattern
    tree); this class reads its candidates the way dictionaries count them.
    Patterns marked ``case_sensitive`` are matched on the tokens as given,
    the others on their lower-cased forms (two Matchers when a lexicon has
    both kinds).

    * :meth:`leftmost`: weighted dictionaries. Within each entry, tokens are
      read from left to right; where a term matches, the longest match
      counts (at equal length, the pattern first in the entry) and reading
      resumes after it.
    * :meth:`mentions`: actor lists. Every match of every pattern counts,
      unless it lies inside a match of one of its entry's ``exclude``
      patterns.

    Parameters
    ----------
    lexicon : Lexicon
    engine : {"python", "auto", "hyperscan"}, default "python"
        The engine of the :class:`Matcher`; the pure-Python one is the
        quicker for the short texts (sentences) that dictionaries score.

    Examples
    --------
    >>> lex = Lexicon.from_patterns({"coop": ["mutual benefit", "benefit"]})
    >>> m = TermMatcher(lex)
    >>> [(m.entry_ids[e], s, t, p.text) for e, s, t, p in m.leftmost(tokenize("Mutual benefit is a benefit"))]
    [('coop', 0, 2, 'mutual benefit'), ('coop', 4, 5, 'benefit')]
    >>> [(s, t) for _, s, t, _ in m.mentions(tokenize("Mutual benefit"))]
    [(0, 2), (1, 2)]
    """

    def __init__(self, lexicon: Lexicon, engine: str = "python"):
        self.lexicon = lexicon
        self.entry_ids = list(lexicon.entries)
        self._exclude = any(e.exclude for e in lexicon)
        # (matcher, whether it reads the lower-cased tokens); the parts keep
        # every entry, in order, so entry indices are those of the lexicon
        self._parts: list[tuple[Matcher, bool]] = []
        for cased in (False, True):

            def keep(patterns, cased=cased):
                return [p for p in patterns if p.case_sensitive == cased]

            if not any(keep(e.patterns) or keep(e.exclude) for e in lexicon):
                continue
            entries = [
                dataclasses.replace(
                    e, variants={v: keep(ps) for v, ps in e.variants.items()}, exclude=keep(e.exclude)
                )
                for e in lexicon
            ]
            part = Lexicon.from_entries(entries, name=lexicon.name)
            self._parts.append((Matcher(part, engine=engine), not cased))

    def candidates(
        self, tokens: Sequence[str], folded: Sequence[str] | None = None
    ) -> list[tuple[int, int, int, Pattern, bool]]:
        """``(entry index, start, end, pattern, is_exclude)``: the longest match
        of each pattern at each start.

        ``tokens`` are case-kept (read by the case-sensitive patterns);
        ``folded`` are their lower-cased forms (computed when None and
        needed). Pass the same list twice for tokens already lower-cased.
        """
        out = []
        for matcher, fold in self._parts:
            if fold:
                if folded is None:
                    folded = [t.lower() for t in tokens]
                seen = folded
            else:
                seen = tokens
            patterns = matcher.patterns
            for pid, s, e in matcher.candidates(seen):
                p, ei, excl = patterns[pid]
                out.append((ei, s, e, p, excl))
        return out

    def leftmost(
        self, tokens: Sequence[str], folded: Sequence[str] | None = None
    ) -> list[tuple[int, int, int, Pattern]]:
        """``(entry index, start, end, pattern)`` read from left to right within
        each entry, sorted by start, then entry; a match that overlaps a match
        of its entry's ``exclude`` patterns is dropped first."""
        found = self.candidates(tokens, folded)
        if self._exclude:
            index = {ei: _SpanIndex(spans) for ei, spans in _excluded_spans(found).items()}
            found = [
                c for c in found if not c[4] and not (c[0] in index and index[c[0]].overlaps(c[1], c[2]))
            ]
        found.sort(key=_START_ENTRY)
        # per (start, entry), sorted: the longest match, at equal length the
        # pattern first in the entry; kept unless an earlier one covers its start
        out: list[tuple[int, int, int, Pattern]] = []
        free: dict[int, int] = {}
        held = None
        for ei, s, e, p, _ in found:
            if held is not None and held[0] == ei and held[1] == s:
                if e > held[2] or (e == held[2] and p.order < held[3].order):
                    held = (ei, s, e, p)
                continue
            if held is not None and held[1] >= free.get(held[0], 0):
                out.append(held)
                free[held[0]] = held[2]
            held = (ei, s, e, p)
        if held is not None and held[1] >= free.get(held[0], 0):
            out.append(held)
        return out

    def mentions(
        self, tokens: Sequence[str], folded: Sequence[str] | None = None
    ) -> list[tuple[int, int, int, Pattern]]:
        """``(entry index, start, end, pattern)`` of every match that does not lie
        inside a match of its entry's ``exclude`` patterns, sorted by start,
        then entry."""
        found = self.candidates(tokens, folded)
        excluded = _excluded_spans(found) if self._exclude else {}
        out = [
            (ei, s, e, p)
            for ei, s, e, p, excl in found
            if not excl and not any(a <= s and e <= b for a, b in excluded.get(ei, ()))
        ]
        out.sort(key=lambda r: (r[1], r[0], r[2]))
        return out


_START_ENTRY = operator.itemgetter(1, 0)


def _excluded_spans(found: list[tuple[int, int, int, Pattern, bool]]) -> dict[int, list[tuple[int, int]]]:
    """Spans of the exclude-pattern matches among candidates, by entry index."""
    excluded: dict[int, list[tuple[int, int]]] = {}
    for ei, s, e, _, excl in found:
        if excl:
            excluded.setdefault(ei, []).append((s, e))
    return excluded


# Below this much text, compiling the hyperscan databases (about a second
# for a lexicon of hundreds of phrases) costs more than it saves.
SMALL_CORPUS_CHARS = 2_000_000


def _matcher(lexicon: Lexicon, corpus: Any = None) -> Matcher:
    """The lexicon's cached matcher; the pure-Python engine for a small corpus."""
    cached = getattr(lexicon, "_compiled", None)
    small = isinstance(corpus, Corpus) and int(corpus.docs["text"].map(len).sum()) < SMALL_CORPUS_CHARS
    if cached is not None and (small or cached.engine == "hyperscan"):
        return cached
    if small:
        return Matcher(lexicon, engine="python")
    lexicon._compiled = Matcher(lexicon)
    return lexicon._compiled


# --------------------------------------------------------------------------


def _batches(corpus: Corpus | CorpusStream, batch_size: int) -> Iterator[Corpus]:
    if isinstance(corpus, Corpus | CorpusStream) or hasattr(corpus, "iter_batches"):
        return corpus.iter_batches(batch_size)
    raise TypeError(f"expected a Corpus or CorpusStream, not {type(corpus).__name__}")


def _token_count(text: str, tokens: list[str]) -> int:
    # see Matcher.scan_text; U+0307 (combining dot) can compose into U+0130
    if "\u0130" in text or "\u0307" in text:
        return count_tokens(text)
    return len(tokens)


def scan_texts(
    corpus: Corpus | CorpusStream,
    lex: Lexicon,
    *,
    offsets: bool = True,
    progress: bool = False,
    batch_size: int = 500,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``(matches, doc_tokens)`` of :func:`framing.lexicon.matcher.scan_corpus`,
    read from the texts batch by batch (one tokenisation per document)."""
    matcher = _matcher(lex, corpus)
    zh = _zh_matcher(lex)
    match_parts: list[pd.DataFrame] = []
    doc_parts: list[pd.DataFrame] = []
    total = None
    if isinstance(corpus, Corpus):
        total = -(-len(corpus) // batch_size)
    batches = _progress(_batches(corpus, batch_size), progress, total, "matching", unit="batch")
    for batch in batches:
        docs = batch.docs
        meta = docs.drop(columns="text").reset_index(drop=True)
        ids = meta["doc_id"].tolist()
        counts = np.zeros(len(docs), dtype=np.int64)
        rows: list[tuple] = []
        langs = _doc_langs(docs)
        for i, text in enumerate(docs["text"].tolist()):
            if zh is not None or langs[i] is not None:
                counts[i], found_rows = _scan_bilingual(matcher, zh, text, langs[i], ids[i], offsets)
                rows.extend((i, *r) for r in found_rows)
                continue
            counts[i], found, tokens = matcher.scan_text(text)
            if not found:
                continue
            assert tokens is not None  # scan_text gives the tokens with any match
            spans = _spans_for(text, tokens, ids[i]) if offsets else None
            for entry, variant, s, e, p in found:
                start = spans[s][1] if spans else -1
                end = spans[e - 1][2] if spans else -1
                rows.append((i, entry, variant, " ".join(tokens[s:e]), p.text, start, end, s, e))
        dt = meta[["doc_id"]].copy()
        dt["tokens"] = counts
        doc_parts.append(with_meta(dt, meta, MATCH_COLUMNS))
        if rows:
            frame = pd.DataFrame(rows, columns=["_row", *MATCH_COLUMNS[1:]])
            m = meta.iloc[frame["_row"].to_numpy()].reset_index(drop=True)
            frame = frame.drop(columns="_row")
            frame.insert(0, "doc_id", m["doc_id"].to_numpy())
            match_parts.append(with_meta(frame, m))
    doc_tokens = (
        pd.concat(doc_parts, ignore_index=True)
        if doc_parts
        else pd.DataFrame({"doc_id": pd.Series(dtype=str), "tokens": pd.Series(dtype=np.int64)})
    )
    meta_cols = [c for c in doc_tokens.columns if c not in ("doc_id", "tokens")]
    if match_parts:
        matches = pd.concat(match_parts, ignore_index=True)
    else:
        matches = pd.DataFrame(
            {
                c: pd.Series(
                    dtype=object if c in ("doc_id", "entry", "variant", "form", "pattern") else np.int64
                )
                for c in MATCH_COLUMNS
            }
        )
        for c in meta_cols:
            matches[c] = doc_tokens[c].iloc[:0].reset_index(drop=True)
    matches.attrs["entries"] = doc_tokens.attrs["entries"] = list(lex.entries)
    for c in ("start", "end", "token_start", "token_end"):
        matches[c] = matches[c].astype(np.int64)
    if not offsets:
        matches["start"] = pd.array([pd.NA] * len(matches), dtype="Int64")
        matches["end"] = pd.array([pd.NA] * len(matches), dtype="Int64")
    return matches, doc_tokens


_WS = re.compile(r"\s+")


def _clean(text: str) -> str:
    return _WS.sub(" ", text).strip()


def kwic_texts(
    corpus: Corpus | CorpusStream,
    lex: Lexicon,
    window: int = 8,
    *,
    limit: int | None = None,
    progress: bool = False,
) -> pd.DataFrame:
    """The lines of :func:`framing.lexicon.matcher.kwic` (in corpus order), read
    from the texts batch by batch."""
    matcher = _matcher(lex, corpus)
    zh = _zh_matcher(lex)
    rows = []
    meta_parts = []
    for batch in _progress(_batches(corpus, 500), progress, None, "kwic", unit="batch"):
        meta = batch.docs.drop(columns="text").reset_index(drop=True)
        langs = _doc_langs(batch.docs)
        for i, text in enumerate(batch.docs["text"].tolist()):
            if zh is not None or langs[i] is not None:
                found, spans = _kwic_bilingual(matcher, zh, text, langs[i], meta["doc_id"].iat[i])
            else:
                _, found, tokens = matcher.scan_text(text)
                if found:
                    assert tokens is not None  # scan_text gives the tokens with any match
                    spans = _spans_for(text, tokens, meta["doc_id"].iat[i])
                    found = [
                        (entry, variant, spans[s][1], spans[e - 1][2], s, e)
                        for entry, variant, s, e, _ in found
                    ]
            if not found:
                continue
            for entry, variant, start, end, s, e in found:
                left_start = min(spans[max(0, s - window)][1] if window and s else start, start)
                right_end = max(spans[min(len(spans), e + window) - 1][2] if window else end, end)
                rows.append(
                    (text[left_start:start], text[start:end], text[end:right_end], start, end, entry, variant)
                )
                meta_parts.append(meta.iloc[[i]])
                if limit is not None and len(rows) >= limit:
                    break
            if limit is not None and len(rows) >= limit:
                break
        if limit is not None and len(rows) >= limit:
            break
    frame = pd.DataFrame(rows, columns=["left", "match", "right", "start", "end", "entry", "variant"])
    for col in ("left", "match", "right"):
        frame[col] = frame[col].map(_clean)
    if meta_parts:
        meta = pd.concat(meta_parts, ignore_index=True)
    else:
        meta = pd.DataFrame({"doc_id": pd.Series(dtype=object)})
    frame.insert(0, "doc_id", meta["doc_id"].to_numpy())
    return with_meta(frame, meta)


_SHIPPED: dict = {}


def _shipped_lexicon() -> Lexicon:
    """The shipped lexicon, parsed again only when its files change."""
    from framing._paths import shipped_path

    files = sorted(shipped_path("lexicons").glob("*.yml"))
    key = tuple((f.name, f.stat().st_mtime_ns, f.stat().st_size) for f in files)
    if _SHIPPED.get("key") != key or "lex" not in _SHIPPED:
        _SHIPPED.clear()
        _SHIPPED["lex"] = load_lexicon()
        _SHIPPED["key"] = key
    return _SHIPPED["lex"]


# --------------------------------------------------------------------------
# Chinese documents and the Chinese variants of bilingual entries
# --------------------------------------------------------------------------

_ZH_MATCHERS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _is_chinese(text: str, lang: Any) -> bool:
    from framing.text.language import is_chinese

    return is_chinese(text, lang)


def _has_han(text: str) -> bool:
    from framing.text.language import has_han

    return has_han(text)


def _zh_matcher(lexicon: Lexicon):
    """The compiled Chinese patterns of a lexicon, or None when it has none.

    Their phrases are added to the Chinese tokeniser's dictionary before the
    first Chinese document is segmented.
    """
    if not any(e.zh_variants for e in lexicon):
        return None
    cached = _ZH_MATCHERS.get(lexicon)
    if cached is None:
        # the pure-Python engine locates patterns around their literals as fast as
        # hyperscan does (benchmarks/results_chinese.md) and needs no compilation
        cached = ZhMatcher([(e.id, e.zh_patterns, e.zh_exclude) for e in lexicon], engine="python")
        _ZH_MATCHERS[lexicon] = cached
    return cached


def _doc_langs(docs: pd.DataFrame) -> list:
    """The ``lang`` metadata of each document (None where absent or missing)."""
    if "lang" not in docs.columns:
        return [None] * len(docs)
    return [v if isinstance(v, str) and v.strip() else None for v in docs["lang"].tolist()]


def _zh_token_range(spans: list[tuple[str, int, int]], start: int, end: int) -> tuple[int, int]:
    """Token indices ``[first, last + 1)`` of the tokens that overlap ``[start, end)``."""
    ends = [e for _, _, e in spans]
    starts = [s for _, s, _ in spans]
    first = bisect.bisect_right(ends, start)
    last = bisect.bisect_left(starts, end)
    return first, max(last, first + 1) if first < len(spans) else first


def _bilingual_found(matcher: Matcher, zh: Any, text: str, lang: Any, doc_id: str, need_spans: bool = True):
    """Token count, token-indexed matches ``(entry, variant, s, e, pattern, form, chars)``
    of English and Chinese patterns sorted by position, and the token spans (None
    when not needed: no Chinese match and ``need_spans`` False)."""
    han = _has_han(text)
    chinese = (lang is not None or han) and _is_chinese(text, lang)
    if chinese and zh is not None and not zh.phrases_added:
        from framing.text.chinese import add_phrases

        add_phrases(zh.phrases())
        zh.phrases_added = True
    tokens: list[str] | None
    if chinese:  # one segmentation gives the tokens and their spans
        spans = tokenize_spans(text, lang="zh")
        tokens = [t for t, _, _ in spans]
        found = matcher.match(tokens)
        n = len(tokens)
    else:
        n, found, tokens = matcher.scan_text(text, "und" if lang is not None else None)
    zfound = zh.find(text) if zh is not None and han else []
    if not found and not zfound:
        return n, [], None
    if not chinese:
        if not zfound and not need_spans:
            assert tokens is not None  # found is not empty here
            return (
                n,
                [(entry, variant, s, e, p, " ".join(tokens[s:e]), None) for entry, variant, s, e, p in found],
                None,
            )
        if tokens is None:
            tokens = tokenize(text, lang="und")
        spans = _spans_for(text, tokens, doc_id, "und")
    assert tokens is not None  # segmented (Chinese) or filled in above
    out: list[tuple[str, str, int, int, Pattern, str, tuple[int, int] | None]] = [
        (entry, variant, s, e, p, " ".join(tokens[s:e]), None) for entry, variant, s, e, p in found
    ]
    if zfound:
        from framing.text.chinese import normalize_zh

        for entry, variant, cs, ce, p in zfound:
            ts, te = _zh_token_range(spans, cs, ce)
            out.append((entry, variant, ts, te, p, normalize_zh(text[cs:ce])[0].lower(), (cs, ce)))
        order = {eid: k for k, eid in enumerate(matcher.entry_ids)}
        out.sort(key=lambda r: (r[6][0] if r[6] else spans[r[2]][1], order.get(r[0], 0)))
    return n, out, spans


def _scan_bilingual(
    matcher: Matcher, zh: Any, text: str, lang: Any, doc_id: str, offsets: bool
) -> tuple[int, list[tuple]]:
    n, found, spans = _bilingual_found(matcher, zh, text, lang, doc_id, need_spans=offsets)
    rows = []
    for entry, variant, s, e, p, form, chars in found:
        if not offsets:
            start = end = -1
        elif chars is not None:
            start, end = chars
        else:
            start, end = spans[s][1], spans[e - 1][2]
        rows.append((entry, variant, form, p.text, start, end, s, e))
    return n, rows


def _kwic_bilingual(matcher: Matcher, zh: Any, text: str, lang: Any, doc_id: str):
    """kwic matches ``(entry, variant, start, end, token_start, token_end)`` and spans."""
    _, found, spans = _bilingual_found(matcher, zh, text, lang, doc_id)
    out = []
    for entry, variant, s, e, _p, _form, chars in found:
        start, end = chars if chars is not None else (spans[s][1], spans[e - 1][2])
        out.append((entry, variant, start, end, s, e))
    return out, spans


def _entry_or_pattern(text: str, lexicon: Any) -> Lexicon:
    if lexicon is None:
        try:
            lex = _shipped_lexicon()
        except FileNotFoundError:
            lex = None
    else:
        lex = as_lexicon(lexicon)
    if lex is not None and text in lex:
        return lex.subset([text])
    compile_pattern(text)  # a clear PatternError for an invalid pattern
    return Lexicon.from_patterns({"pattern": text})
