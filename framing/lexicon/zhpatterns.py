r"""Chinese patterns of bilingual lexicon entries: grammar, compilation, matching.

A lexicon entry may hold, beside its English ``variants``, a ``zh:`` block of
Chinese variants (see ``lexicons/README.md``). Chinese patterns are matched
on the *characters* of the normalised text (:func:`framing.text.chinese.normalize_zh`:
NFKC, full-width forms folded, zero-width characters and white space between
Han characters removed, Traditional converted to Simplified when OpenCC is
installed), without word boundaries, so a match does not depend on how the
text is segmented into words.

Pattern grammar (characters, not tokens)
----------------------------------------
=================  ==========================================================
``人类命运共同体``   the characters, in order (white space in a pattern is ignored)
``(周边|亚洲)``     one of the alternatives; ``|`` also separates whole patterns
``x?`` ``(...)?``  the character or group is optional
``{0,12}``         a gap of 0 to 12 characters *within one clause*: any
                   characters except the clause punctuation 。！？；，、：
                   (and ! ? ; , :) and line breaks; at most 30
``[甲乙]``          one of the characters; ``[^类]`` any character but those
                   (and never clause punctuation)
``\(``             a literal special character
=================  ==========================================================

For every pattern and every position where one of its matches starts, the
longest match there is a candidate; candidates are then resolved per entry
exactly as for English patterns (:mod:`framing.lexicon.matcher`): those overlapping a
match of one of the entry's ``exclude`` patterns are dropped, then the
longest (then the most literal, then the first written) wins among
overlapping ones. Both engines (hyperscan over UTF-8, or Python's ``re``)
give the same matches: one hyperscan pass over the UTF-8 bytes tells which
patterns match at all; each of those is then located around the occurrences
of its longest literal.

Examples
--------
>>> p = compile_zh_pattern("(周边|亚洲)?命运共同体")
>>> p.min_len, p.max_len, p.expand()
(5, 7, ['命运共同体', '周边命运共同体', '亚洲命运共同体'])
>>> p = compile_zh_pattern("两岸{0,12}命运共同体")
>>> [m.group() for m in p.regex.finditer("两岸同胞是命运共同体，命运共同体")]
['两岸同胞是命运共同体']
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterable, Sequence
from itertools import product
from typing import TypeVar

from framing.errors import PatternError
from framing.text.chinese import normalize_zh
from framing.text.language import has_han

_P = TypeVar("_P")

__all__ = [
    "CLAUSE_PUNCT",
    "CompiledPattern",
    "MAX_ZH_GAP",
    "ZhMatcher",
    "ZhPattern",
    "compile_zh_pattern",
]

#: Characters a ``{m,n}`` gap never crosses (after normalisation, where the
#: full-width ，！？；： become their ASCII forms).
CLAUSE_PUNCT = "。！？；，、：!?;,:\n\r"
MAX_ZH_GAP = 30
_GAP_CLASS = "[^" + re.escape(CLAUSE_PUNCT) + "]"

# Pattern tree: ("lit", "abc"), ("gap", lo, hi), ("opt", seq), ("alt", (seq, ...))
_TOKEN_RE = re.compile(r"\\(.)|(\{[^}]*\}?)|([()|?])|(\s+)|(\[\^?[^\]]*\]?)|(.)", re.DOTALL)
_GAP_RE = re.compile(r"^\{(\d+),(\d+)\}$")


@dataclasses.dataclass(frozen=True, eq=False)
class CompiledPattern:
    """What every compiled lexicon pattern holds, English or Chinese.

    Attributes
    ----------
    text : the pattern as written
    seq : the parsed pattern tree
    min_len, max_len : shortest and longest match (tokens, or characters)
    literals : literal positions written in the pattern (ranks overlaps)
    entry, variant : the lexicon entry and variant it belongs to
    order : position of the pattern in its entry (file order)
    source : ``"file, line N"`` where the pattern was written
    """

    text: str
    seq: tuple
    min_len: int
    max_len: int
    literals: int
    entry: str = ""
    variant: str = ""
    order: int = 0
    source: str = ""


@dataclasses.dataclass(frozen=True, eq=False)
class ZhPattern(CompiledPattern):
    """A compiled Chinese character pattern (see :func:`compile_zh_pattern`).

    Attributes
    ----------
    text : the pattern as written
    regex : the compiled regular expression over normalised text
    min_len, max_len : shortest and longest match, in characters
    literals : literal characters written in the pattern (ranks overlaps)
    entry, variant, order, source : as for :class:`framing.lexicon.Pattern`
    """

    regex: re.Pattern = dataclasses.field(kw_only=True)

    def expand(self, limit: int = 10_000) -> list[str] | None:
        """Every string the pattern matches, or None when it has a gap."""
        return _expand(self.seq, limit)

    def pieces(self) -> list[str]:
        """Literal strings the pattern is made of, split at gaps (for the tokeniser)."""
        out: list[str] = []
        for part in _split_gaps(self.seq):
            out.extend(_expand(part, 10_000) or [])
        return out

    def __repr__(self) -> str:
        where = f" {self.entry}/{self.variant}" if self.entry else ""
        return f"<ZhPattern{where} {self.text!r}>"


class _Parser:
    def __init__(self, text: str):
        self.text = text
        self.items: list[tuple[str, str, int]] = []
        for m in _TOKEN_RE.finditer(text):
            if m.group(1) is not None:
                self.items.append(("lit", m.group(1), m.start()))
            elif m.group(2) is not None:
                self.items.append(("gap", m.group(2), m.start()))
            elif m.group(3) is not None:
                self.items.append((m.group(3), m.group(3), m.start()))
            elif m.group(5) is not None:
                self.items.append(("class", m.group(5), m.start()))
            elif m.group(6) is not None:
                self.items.append(("lit", m.group(6), m.start()))
        self.i = 0

    def error(self, msg: str, pos: int | None = None) -> PatternError:
        where = f" (column {pos + 1})" if pos is not None else ""
        return PatternError(f"Chinese pattern {self.text!r}: {msg}{where}")

    def peek(self):
        return self.items[self.i] if self.i < len(self.items) else None

    def parse(self) -> tuple:
        if not self.items:
            raise self.error("empty pattern")
        seq = self.alternatives(top=True)
        if self.peek() is not None:
            kind, _, pos = self.peek()
            raise self.error("unbalanced parenthesis ')'" if kind == ")" else f"unexpected {kind!r}", pos)
        return seq

    def alternatives(self, top: bool = False) -> tuple:
        seqs = [self.sequence()]
        while self.peek() is not None and self.peek()[0] == "|":
            self.i += 1
            seqs.append(self.sequence())
        for s in seqs:
            if not s:
                raise self.error("empty alternative" if len(seqs) > 1 else "empty group")
            if top and (s[0][0] == "gap" or s[-1][0] == "gap"):
                raise self.error("a gap {m,n} cannot start or end a pattern")
        return seqs[0] if len(seqs) == 1 else (("alt", tuple(seqs)),)

    def sequence(self) -> tuple:
        items: list[tuple] = []
        while (it := self.peek()) is not None and it[0] not in ("|", ")"):
            kind, value, pos = it
            self.i += 1
            if kind == "gap":
                m = _GAP_RE.match(value)
                if not m:
                    raise self.error(f"gap {value!r} needs bounds, like {{0,12}}", pos)
                lo, hi = int(m.group(1)), int(m.group(2))
                if hi < lo or hi < 1 or hi > MAX_ZH_GAP:
                    raise self.error(f"gap {value!r} needs 0 <= m <= n and 1 <= n <= {MAX_ZH_GAP}", pos)
                if items and items[-1][0] == "gap":
                    raise self.error("two gaps in a row", pos)
                items.append(("gap", lo, hi))
                continue
            if kind == "?":
                if not items or items[-1][0] == "gap":
                    raise self.error("'?' must follow a character or group", pos)
                last = items.pop()
                if last[0] == "lit" and len(last[1]) > 1:  # only the last character
                    items.append(("lit", last[1][:-1]))
                    last = ("lit", last[1][-1])
                items.append(("opt", (last,)))
                continue
            if kind == "class":
                if len(value) < 3 or not value.endswith("]") or value in ("[^]",):
                    raise self.error(f"character class {value!r} needs characters and a closing ']'", pos)
                negated = value.startswith("[^")
                chars = normalize_zh(value[2 if negated else 1 : -1], traditional="auto")[0]
                items.append(("class", negated, "".join(sorted(set(chars.lower())))))
                continue
            if kind == "(":
                inner = self.alternatives()
                close = self.peek()
                if close is None or close[0] != ")":
                    raise self.error("unbalanced parenthesis '('", pos)
                self.i += 1
                atomic = len(inner) == 1 and inner[0][0] == "alt"
                items.append(inner[0] if atomic else ("alt", (inner,)))
                continue
            norm = normalize_zh(value, traditional="auto")[0].lower()
            if not norm:
                continue
            if items and items[-1][0] == "lit":
                items[-1] = ("lit", items[-1][1] + norm)
            else:
                items.append(("lit", norm))
        return tuple(items)


def node_length(node: tuple, leaf_length: Callable[[tuple], tuple[int, int]]) -> tuple[int, int]:
    """``(fewest, most)`` units a node of a pattern tree spans: a ``("gap", lo, hi)``,
    an ``("opt", seq)``, an ``("alt", (seq, ...))``, or a leaf that ``leaf_length``
    measures. Shared by these patterns (units: characters) and the lexicon's token
    patterns (units: tokens)."""
    kind = node[0]
    if kind == "gap":
        return node[1], node[2]
    if kind == "opt":
        return 0, sequence_length(node[1], leaf_length)[1]
    if kind == "alt":
        lens = [sequence_length(s, leaf_length) for s in node[1]]
        return min(a for a, _ in lens), max(b for _, b in lens)
    return leaf_length(node)


def sequence_length(seq: tuple, leaf_length: Callable[[tuple], tuple[int, int]]) -> tuple[int, int]:
    """``(fewest, most)`` units a sequence of pattern-tree nodes spans (see :func:`node_length`)."""
    lo = hi = 0
    for node in seq:
        a, b = node_length(node, leaf_length)
        lo, hi = lo + a, hi + b
    return lo, hi


def parse_pattern_tree(
    text: str, parse: Callable[[str], tuple], leaf_length: Callable[[tuple], tuple[int, int]], what: str
) -> tuple[tuple, int, int]:
    """``(tree, fewest, most)`` of a pattern ``text`` that ``parse`` turns into a
    pattern tree, measured with :func:`sequence_length`; a :class:`PatternError`
    (naming the pattern as ``what``) when it is not a string or can match the
    empty string."""
    if not isinstance(text, str):
        raise PatternError(f"{what} {text!r} is not a string")
    seq = parse(text)
    lo, hi = sequence_length(seq, leaf_length)
    if lo == 0:
        raise PatternError(f"{what} {text!r}: can match the empty string")
    return seq, lo, hi


def _leaf_len(node: tuple) -> tuple[int, int]:
    return (len(node[1]), len(node[1])) if node[0] == "lit" else (1, 1)


def _node_len(node: tuple) -> tuple[int, int]:
    return node_length(node, _leaf_len)


def _literals(seq: tuple) -> int:
    n = 0
    for node in seq:
        if node[0] == "lit":
            n += len(node[1])
        elif node[0] == "opt":
            n += _literals(node[1])
        elif node[0] == "alt":
            n += max(_literals(s) for s in node[1])
    return n


def _regex(seq: tuple) -> str:
    out = []
    for node in seq:
        kind = node[0]
        if kind == "lit":
            out.append(re.escape(node[1]))
        elif kind == "gap":
            out.append(f"{_GAP_CLASS}{{{node[1]},{node[2]}}}")
        elif kind == "class":
            out.append(
                "["
                + ("^" if node[1] else "")
                + re.escape(node[2])
                + (re.escape(CLAUSE_PUNCT) if node[1] else "")
                + "]"
            )
        elif kind == "opt":
            out.append(f"(?:{_regex(node[1])})?")
        else:
            out.append("(?:" + "|".join(_regex(s) for s in node[1]) + ")")
    return "".join(out)


def _expand(seq: tuple, limit: int) -> list[str] | None:
    out = [""]
    for node in seq:
        kind = node[0]
        if kind == "lit":
            options = [node[1]]
        elif kind == "gap" or (kind == "class" and node[1]):
            return None
        elif kind == "class":
            options = list(node[2])
        elif kind == "opt":
            inner = _expand(node[1], limit)
            if inner is None:
                return None
            options = ["", *inner]
        else:
            options = []
            for s in node[1]:
                inner = _expand(s, limit)
                if inner is None:
                    return None
                options.extend(inner)
        if len(out) * len(options) > limit:
            raise PatternError(f"more than {limit} expansions")
        out = [a + b for a, b in product(out, options)]
    return out


def _anchor(seq: tuple) -> tuple[str, int, int] | None:
    """The longest literal every match contains: ``(literal, lo, hi)``, where the
    literal starts between ``lo`` and ``hi`` characters after the match start."""
    best = None
    lo = hi = 0
    for node in seq:
        if node[0] == "lit" and (best is None or len(node[1]) > len(best[0])):
            best = (node[1], lo, hi)
        a, b = _node_len(node)
        lo, hi = lo + a, hi + b
    return best


def _split_gaps(seq: tuple) -> list[tuple]:
    parts: list[tuple] = []
    cur: list[tuple] = []
    for node in seq:
        if node[0] == "gap" or (node[0] == "class" and node[1]):
            parts.append(tuple(cur))
            cur = []
        elif node[0] in ("opt", "alt") and _expand((node,), 10_000) is None:
            if cur:
                parts.append(tuple(cur))
            cur = []
        else:
            cur.append(node)
    parts.append(tuple(cur))
    return [p for p in parts if p]


def group_by_entry(
    cands: Iterable[tuple[int, int, int]], patterns: Sequence[tuple[_P, int, bool]]
) -> tuple[dict[int, list[tuple[int, int, _P]]], dict[int, list[tuple[int, int]]]]:
    """Candidate matches ``(pattern index, start, end)`` by entry index: ``(start,
    end, pattern)`` of the entry's patterns, and ``(start, end)`` of its exclude
    patterns. ``patterns`` holds ``(pattern, entry index, is_exclude)``. Shared by
    :class:`ZhMatcher` and the lexicon's token matcher."""
    by_entry: dict[int, list[tuple[int, int, _P]]] = {}
    excluded: dict[int, list[tuple[int, int]]] = {}
    for pid, s, e in cands:
        p, ei, is_exclude = patterns[pid]
        if is_exclude:
            excluded.setdefault(ei, []).append((s, e))
        else:
            by_entry.setdefault(ei, []).append((s, e, p))
    return by_entry, excluded


def compile_zh_pattern(
    text: str, *, entry: str = "", variant: str = "", order: int = 0, source: str = ""
) -> ZhPattern:
    """Parse and validate one Chinese pattern.

    Raises
    ------
    PatternError
        For unbalanced parentheses, gaps without bounds or wider than
        :data:`MAX_ZH_GAP`, misplaced ``?`` and patterns that can match the
        empty string.

    Examples
    --------
    >>> compile_zh_pattern("全球(发展|安全|文明)倡议").expand()
    ['全球发展倡议', '全球安全倡议', '全球文明倡议']
    >>> compile_zh_pattern("(人类)?")
    Traceback (most recent call last):
    ...
    framing.errors.PatternError: Chinese pattern '(人类)?': can match the empty string
    """
    seq, lo, hi = parse_pattern_tree(text, lambda t: _Parser(t).parse(), _leaf_len, "Chinese pattern")
    return ZhPattern(
        text=text,
        seq=seq,
        regex=re.compile(_regex(seq)),
        min_len=lo,
        max_len=hi,
        literals=_literals(seq),
        entry=entry,
        variant=variant,
        order=order,
        source=source,
    )


# --------------------------------------------------------------------------
# Matching
# --------------------------------------------------------------------------


def _hs_regex(seq: tuple) -> bytes:
    out = []
    for node in seq:
        kind = node[0]
        if kind == "lit":
            out.append("".join(f"\\x{{{ord(c):x}}}" for c in node[1]))
        elif kind == "gap":
            cls = "".join(f"\\x{{{ord(c):x}}}" for c in CLAUSE_PUNCT)
            out.append(f"[^{cls}]{{{node[1]},{node[2]}}}")
        elif kind == "class":
            chars = node[2] + (CLAUSE_PUNCT if node[1] else "")
            cls = "".join(f"\\x{{{ord(c):x}}}" for c in chars)
            out.append("[" + ("^" if node[1] else "") + cls + "]")
        elif kind == "opt":
            out.append(f"(?:{_hs_regex(node[1]).decode()})?")
        else:
            out.append("(?:" + "|".join(_hs_regex(s).decode() for s in node[1]) + ")")
    return "".join(out).encode("ascii")


class ZhMatcher:
    """The Chinese patterns of a lexicon, compiled for matching texts.

    Parameters
    ----------
    entries : sequence of (entry id, match patterns, exclude patterns)
    engine : {"auto", "hyperscan", "python"}

    Examples
    --------
    >>> m = ZhMatcher([("csf", [compile_zh_pattern("命运共同体", variant="generic"),
    ...                         compile_zh_pattern("人类命运共同体", variant="humankind")],
    ...                 [compile_zh_pattern("两岸{0,12}命运共同体")])])
    >>> [(v, s, e) for _, v, s, e, _ in m.find("推动构建人类命运共同体。两岸同胞命运共同体。")]
    [('humankind', 4, 11)]
    """

    def __init__(self, entries: Sequence[tuple[str, list[ZhPattern], list[ZhPattern]]], engine: str = "auto"):
        if engine not in ("auto", "hyperscan", "python"):
            raise ValueError(f"engine must be 'auto', 'hyperscan' or 'python', not {engine!r}")
        self.entry_ids = [e for e, _, _ in entries]
        self.patterns: list[tuple[ZhPattern, int, bool]] = []
        for ei, (_, pats, excl) in enumerate(entries):
            self.patterns += [(p, ei, False) for p in pats]
            self.patterns += [(p, ei, True) for p in excl]
        self.anchors = [_anchor(p.seq) for p, _, _ in self.patterns]
        self.phrases_added = False
        self._hs = None
        if engine != "python" and self.patterns:
            try:
                import hyperscan
            except ImportError:
                if engine == "hyperscan":
                    raise ImportError("engine='hyperscan' needs the hyperscan package") from None
            else:
                db = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
                exprs = [_hs_regex(p.seq) for p, _, _ in self.patterns]
                ids = list(range(len(exprs)))
                db.compile(
                    expressions=exprs,
                    ids=ids,
                    elements=len(ids),
                    flags=[hyperscan.HS_FLAG_UTF8 | hyperscan.HS_FLAG_SINGLEMATCH] * len(ids),
                )
                self._hs = (db, hyperscan.Scratch(db))
        self.engine = "hyperscan" if self._hs is not None else "python"

    def __len__(self) -> int:
        return len(self.patterns)

    def phrases(self) -> list[str]:
        """Literal pieces of every pattern (added to the tokeniser's dictionary)."""
        out: list[str] = []
        for p, _, _ in self.patterns:
            out.extend(p.pieces())
        return out

    # -- candidates ---------------------------------------------------------
    @staticmethod
    def _longest(p: ZhPattern, view: str, s: int) -> int | None:
        n = len(view)
        full = p.regex.fullmatch
        for end in range(min(n, s + p.max_len), s + p.min_len - 1, -1):
            if full(view, s, end):
                return end
        return None

    def _starts_python(
        self, pid: int, view: str, lo: int = 0, hi: int | None = None
    ) -> list[tuple[int, int]]:
        """``(start, longest end)`` of every match of pattern ``pid`` in ``view``."""
        p = self.patterns[pid][0]
        anchor = self.anchors[pid]
        if anchor is not None and lo == 0 and hi is None:
            # candidate starts around each occurrence of the pattern's literal
            lit, alo, ahi = anchor
            match = p.regex.match
            found: dict[int, int] = {}
            find = view.find
            q = find(lit)
            while q >= 0:
                for s in range(max(0, q - ahi), q - alo + 1):
                    if s not in found and match(view, s):
                        end = self._longest(p, view, s)
                        if end is not None:
                            found[s] = end
                q = find(lit, q + 1)
            return sorted(found.items())
        search = p.regex.search
        hi = len(view) if hi is None else hi
        out = []
        pos = lo
        while True:
            m = search(view, pos, hi)
            if m is None:
                break
            s = m.start()
            end = self._longest(p, view, s)
            if end is not None:
                out.append((s, end))
            pos = s + 1
        return out

    def candidates(self, view: str) -> list[tuple[int, int, int]]:
        """``(pattern id, start, end)``: the longest match of each pattern at each start,
        in character offsets of ``view`` (a normalised text)."""
        out: list[tuple[int, int, int]] = []
        if self._hs is None:
            for pid in range(len(self.patterns)):
                out.extend((pid, s, e) for s, e in self._starts_python(pid, view))
            return out
        hit: set[int] = set()

        def collect(pid, start, end, flags, context):
            hit.add(pid)

        db, scratch = self._hs
        db.scan(view.encode("utf-8"), match_event_handler=collect, scratch=scratch)
        for pid in sorted(hit):  # only the patterns that match somewhere
            out.extend((pid, s, e) for s, e in self._starts_python(pid, view))
        return out

    def find_in_view(self, view: str) -> list[tuple[str, str, int, int, ZhPattern]]:
        """Resolved matches ``(entry, variant, start, end, pattern)`` in a normalised text."""
        cands = self.candidates(view)
        if not cands:
            return []
        by_entry, excluded = group_by_entry(cands, self.patterns)
        out: list[tuple[int, int, int, ZhPattern]] = []
        for ei, found in by_entry.items():
            ex = excluded.get(ei)
            if ex:
                found = [c for c in found if not any(c[0] < xe and xs < c[1] for xs, xe in ex)]
            found.sort(key=lambda c: (c[0] - c[1], -c[2].literals, c[2].order, c[0]))
            kept: list[tuple[int, int, ZhPattern]] = []
            for c in found:
                if not any(c[0] < k[1] and k[0] < c[1] for k in kept):
                    kept.append(c)
            out.extend((s, ei, e, p) for s, e, p in kept)
        out.sort(key=lambda r: (r[0], r[1]))
        return [(self.entry_ids[ei], p.variant, s, e, p) for s, ei, e, p in out]

    def find(self, text: str, traditional: bool | str = "auto") -> list[tuple[str, str, int, int, ZhPattern]]:
        """Resolved matches ``(entry, variant, start, end, pattern)`` with offsets into
        the original ``text``."""
        if not self.patterns or not has_han(text):
            return []
        view, offsets = normalize_zh(text, traditional)
        found = self.find_in_view(view.lower())
        return [
            (entry, variant, int(offsets[s]), int(offsets[e - 1]) + 1, p) for entry, variant, s, e, p in found
        ]
