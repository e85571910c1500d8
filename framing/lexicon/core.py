"""Variant-aware phrase lexicons: YAML files, a token pattern language, validation.

A lexicon is a YAML file of entries (slogans, catch phrases, named
initiatives); every entry has one or more named *variants*, and every variant
one or more *patterns* written in a small token pattern language. The file
format and the pattern grammar are documented in ``lexicons/README.md``; the
matching semantics are in :mod:`framing.lexicon.matcher`.

Pattern language (over the lower-cased tokens of :func:`framing.tokenize.tokenize`)

=================  ==========================================================
``word``           one literal token (``china-africa`` is one token)
``a|b|c``          one token position with alternatives (no spaces around ``|``)
``( x y | z )``    alternative token sequences (``|`` with a space beside it)
``x?`` ``(...)?``  optional position or group
``word~``          ``word`` and its regular plural/possessive forms
``word*``          any token starting with ``word``
``*``              any one token
``{0,3}``          a gap of 0 to 3 arbitrary tokens (upper bound at most 10)
=================  ==========================================================

Examples
--------
>>> p = compile_pattern("community|communities of (a|the)? shared future")
>>> p.expand()[:3]
['communities of shared future', 'communities of a shared future', 'communities of the shared future']
>>> p.matches("A community of the shared future, communities of shared future!")
[(1, 6), (6, 10)]
>>> p = compile_pattern("belt and road {0,2} initiative~")
>>> p.min_len, p.max_len
(4, 6)
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from itertools import product
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from framing.errors import LexiconError, PatternError
from framing.lexicon.zhpatterns import (
    CompiledPattern,
    ZhPattern,
    compile_zh_pattern,
    node_length,
    parse_pattern_tree,
)
from framing.text.tokenize import STOPWORDS, normalize, tokenize

__all__ = [
    "Lexicon",
    "LexiconEntry",
    "LexiconError",
    "Pattern",
    "PatternError",
    "compile_pattern",
    "literal_pattern",
    "inflections",
    "load_lexicon",
    "shipped_lexicons",
    "shipped_zh_phrases",
    "write_zh_phrases",
    "DEFAULT_LEXICON",
    "MAX_GAP",
]

DEFAULT_LEXICON = "slogans"
MAX_GAP = 10
MAX_EXPANSIONS = 100_000

# Pattern tree. A sequence is a tuple of nodes; a node is a tuple:
#   (TOK, frozenset_of_tokens)   one token from the set
#   (PREFIX, "abc")              one token starting with "abc"
#   (ANY,)                       any one token
#   (GAP, lo, hi)                lo..hi arbitrary tokens
#   (OPT, seq)                   seq or nothing
#   (ALT, (seq, seq, ...))       one of the sequences
TOK, PREFIX, ANY, GAP, OPT, ALT = "tok", "prefix", "any", "gap", "opt", "alt"


# --------------------------------------------------------------------------
# Pattern parsing
# --------------------------------------------------------------------------

_LEX_RE = re.compile(
    r"(?P<ws>\s+)|(?P<gap>\{[^}\s]*\}?)|(?P<lp>\()|(?P<rp>\))|(?P<bar>\|)"
    r"|(?P<q>\?)|(?P<star>\*)|(?P<tilde>~)|(?P<word>[^\s(){}|?*~]+)"
)
_GAP_RE = re.compile(r"^\{(\d+),(\d+)\}$")


def inflections(word: str) -> frozenset[str]:
    """Forms matched by ``word~``: the word, ``+s``, ``+es``, ``+'s``, ``y -> ies``.

    The ``y -> ies`` form is added when ``y`` follows a consonant.

    Examples
    --------
    >>> sorted(inflections("country"))
    ['countries', 'country', "country's", 'countryes', 'countrys']
    >>> sorted(inflections("initiative"))
    ['initiative', "initiative's", 'initiativees', 'initiatives']
    """
    forms = {word, word + "s", word + "es", word + "'s"}
    if len(word) > 1 and word.endswith("y") and word[-2] not in "aeiouy":
        forms.add(word[:-1] + "ies")
    return frozenset(forms)


@dataclasses.dataclass
class _Lexeme:
    kind: str
    text: str
    pos: int
    space_before: bool
    space_after: bool = True


def _lex(text: str) -> list[_Lexeme]:
    out: list[_Lexeme] = []
    space = True
    for m in _LEX_RE.finditer(text):
        kind = m.lastgroup
        assert kind is not None  # every alternative of _LEX_RE is a named group
        if kind == "ws":
            space = True
            continue
        if out:
            out[-1].space_after = space
        out.append(_Lexeme(kind, m.group(), m.start(), space))
        space = False
    return out


class _Parser:
    def __init__(self, text: str):
        self.text = text
        self.lexemes = _lex(text)
        self.i = 0

    def error(self, msg: str, lexeme: _Lexeme | None = None) -> PatternError:
        where = f" (column {lexeme.pos + 1})" if lexeme is not None else ""
        return PatternError(f"pattern {self.text!r}: {msg}{where}")

    def peek(self) -> _Lexeme | None:
        return self.lexemes[self.i] if self.i < len(self.lexemes) else None

    def parse(self) -> tuple:
        if not self.lexemes:
            raise self.error("empty pattern")
        seq = self.alternatives()
        lx = self.peek()
        if lx is not None:
            raise self.error(
                "unbalanced parenthesis ')'" if lx.kind == "rp" else f"unexpected {lx.text!r}", lx
            )
        return seq

    def alternatives(self) -> tuple:
        seqs = [self.sequence()]
        while (lx := self.peek()) is not None and lx.kind == "bar":
            self.i += 1
            seqs.append(self.sequence())
        for s in seqs:
            if not s:
                raise self.error("empty alternative" if len(seqs) > 1 else "empty group")
            if s[0][0] == GAP or s[-1][0] == GAP:
                raise self.error("a gap {m,n} cannot start or end a pattern or group")
        return seqs[0] if len(seqs) == 1 else ((ALT, tuple(seqs)),)

    def sequence(self) -> tuple:
        items: list[tuple] = []
        while (lx := self.peek()) is not None:
            if lx.kind == "rp":
                break
            if lx.kind == "bar":
                if lx.space_before and lx.space_after:
                    break
                inner = 0 < self.i < len(self.lexemes) - 1
                if inner and (lx.space_before or lx.space_after):
                    raise self.error(
                        "'|' has white space on one side only; write 'a|b' (alternative "
                        "words) or 'a b | c d' (alternative sequences, spaces on both sides)",
                        lx,
                    )
                if lx.space_before or lx.space_after:
                    break
                raise self.error("'|' must join two words or groups", lx)
            if lx.kind == "gap":
                self.i += 1
                items.append(self.gap(lx, items))
                continue
            if lx.kind in ("q", "tilde"):
                raise self.error(f"{lx.text!r} must follow a word or group", lx)
            items.extend(self.position())
        return tuple(items)

    def gap(self, lx: _Lexeme, items: list[tuple]) -> tuple:
        m = _GAP_RE.match(lx.text)
        if not m:
            raise self.error(f"gap {lx.text!r} needs a lower and an upper bound, like {{0,3}}", lx)
        lo, hi = int(m.group(1)), int(m.group(2))
        if hi < lo or hi < 1 or hi > MAX_GAP:
            raise self.error(f"gap {lx.text!r} needs 0 <= m <= n and 1 <= n <= {MAX_GAP}", lx)
        if items and items[-1][0] == GAP:
            raise self.error("two gaps in a row", lx)
        nxt = self.peek()
        if nxt is not None and nxt.kind in ("q", "tilde", "star", "bar") and not nxt.space_before:
            raise self.error(f"{nxt.text!r} cannot follow a gap", nxt)
        return (GAP, lo, hi)

    def position(self) -> tuple:
        """One or more atoms joined by '|' without spaces, optionally followed by '?'."""
        atoms = [self.atom()]
        while (
            (lx := self.peek()) is not None
            and lx.kind == "bar"
            and not lx.space_before
            and not lx.space_after
        ):
            self.i += 1
            nxt = self.peek()
            if nxt is None or nxt.kind in ("rp", "bar", "gap", "q", "tilde"):
                raise self.error("'|' must join two words or groups", lx)
            atoms.append(self.atom())
        lx = self.peek()
        optional = False
        if lx is not None and lx.kind == "q" and not lx.space_before:
            self.i += 1
            optional = True
        if any(not a for a in atoms):
            if len(atoms) > 1 or optional:
                raise self.error("a word joined by '|' or followed by '?' has no letters or digits")
            return ()
        if len(atoms) == 1:
            seq = atoms[0]
        elif all(len(a) == 1 and a[0][0] == TOK for a in atoms):
            seq = ((TOK, frozenset().union(*(a[0][1] for a in atoms))),)
        else:
            seq = ((ALT, tuple(atoms)),)
        return ((OPT, seq),) if optional else seq

    def atom(self) -> tuple:
        lx = self.peek()
        if lx is None:
            raise self.error("the pattern ends where a word or group was expected")
        self.i += 1
        if lx.kind == "star":
            return ((ANY,),)
        if lx.kind == "lp":
            inner = self.alternatives()
            close = self.peek()
            if close is None or close.kind != "rp":
                raise self.error("unbalanced parenthesis '('", lx)
            self.i += 1
            return inner
        if lx.kind == "rp":
            raise self.error("unbalanced parenthesis ')'", lx)
        if lx.kind != "word":
            raise self.error(f"unexpected {lx.text!r}", lx)
        suffix = self.peek()
        if suffix is not None and suffix.kind in ("tilde", "star") and not suffix.space_before:
            self.i += 1
            if suffix.kind == "star":
                prefix = normalize(lx.text).lower()
                if not any(ch.isalnum() for ch in prefix):
                    raise self.error(f"prefix {lx.text!r} has no letter or digit", lx)
                return ((PREFIX, prefix),)
            toks = tokenize(lx.text)
            if len(toks) != 1:
                raise self.error(f"{lx.text!r} is not one token, so '~' cannot follow it", lx)
            return ((TOK, inflections(toks[0])),)
        return tuple((TOK, frozenset((t,))) for t in tokenize(lx.text))


# --------------------------------------------------------------------------
# Operations on the pattern tree
# --------------------------------------------------------------------------


def _token_len(node: tuple) -> tuple[int, int]:
    return 1, 1  # TOK, PREFIX and ANY each match one token


def _node_len(node: tuple) -> tuple[int, int]:
    return node_length(node, _token_len)


def _seq_expand(seq: tuple, limit: int) -> list[tuple[str, ...]] | None:
    """Every token sequence the pattern matches, or None if not finite."""
    out: list[tuple[str, ...]] = [()]
    for node in seq:
        kind = node[0]
        options: list[tuple[str, ...]]
        if kind == TOK:
            options = [(t,) for t in sorted(node[1])]
        elif kind == OPT:
            inner = _seq_expand(node[1], limit)
            if inner is None:
                return None
            options = [(), *inner]
        elif kind == ALT:
            options = []
            for s in node[1]:
                inner = _seq_expand(s, limit)
                if inner is None:
                    return None
                options.extend(inner)
        else:
            return None
        if len(out) * len(options) > limit:
            raise PatternError(f"more than {limit} expansions")
        out = [a + b for a, b in product(out, options)]
    return out


def _seq_ends(seq: tuple, tokens: Sequence[str], positions: set[int]) -> set[int]:
    """Token indices reachable after matching ``seq`` from any of ``positions``."""
    n = len(tokens)
    for node in seq:
        kind = node[0]
        if kind == TOK:
            s = node[1]
            positions = {p + 1 for p in positions if p < n and tokens[p] in s}
        elif kind == PREFIX:
            pre = node[1]
            positions = {p + 1 for p in positions if p < n and tokens[p].startswith(pre)}
        elif kind == ANY:
            positions = {p + 1 for p in positions if p < n}
        elif kind == GAP:
            positions = {p + k for p in positions for k in range(node[1], node[2] + 1) if p + k <= n}
        elif kind == OPT:
            positions = positions | _seq_ends(node[1], tokens, positions)
        else:
            new: set[int] = set()
            for s in node[1]:
                new |= _seq_ends(s, tokens, positions)
            positions = new
        if not positions:
            break
    return positions


# Anchors: a pattern can only match where one of its anchor items occurs.
# An item is (kind, value, min_offset, max_offset): a token from the set
# ``value`` (kind TOK) or starting with ``value`` (kind PREFIX) occurs at a
# token offset in [min_offset, max_offset] from the start of every match.


def _token_cost(tok: str) -> float:
    if tok in STOPWORDS:
        return 50.0
    return 1.0 + 8.0 / max(len(tok), 1)


def _seq_anchor(seq: tuple) -> tuple[float, list[tuple]] | None:
    best: tuple[float, list[tuple]] | None = None
    lo = hi = 0
    for node in seq:
        kind = node[0]
        cand: tuple[float, list[tuple]] | None = None
        if kind == TOK:
            cand = (sum(_token_cost(t) for t in node[1]), [(TOK, node[1], lo, hi)])
        elif kind == PREFIX:
            cand = (20.0 + 40.0 / len(node[1]), [(PREFIX, node[1], lo, hi)])
        elif kind == ALT:
            items: list[tuple] | None = []
            cost = 0.0
            for s in node[1]:
                sub = _seq_anchor(s)
                if sub is None:
                    items = None
                    break
                cost += sub[0]
                assert items is not None  # only set to None right before the break
                items.extend((k, v, a + lo, b + hi) for k, v, a, b in sub[1])
            if items:
                cand = (cost, items)
        if cand is not None and (best is None or cand[0] < best[0]):
            best = cand
        a, b = _node_len(node)
        lo += a
        hi += b
    return best


def _count_literals(seq: tuple) -> int:
    n = 0
    for node in seq:
        if node[0] == TOK:
            n += 1
        elif node[0] == OPT:
            n += _count_literals(node[1])
        elif node[0] == ALT:
            n += sum(_count_literals(s) for s in node[1])
    return n


@dataclasses.dataclass(frozen=True, eq=False)
class Pattern(CompiledPattern):
    """A compiled token pattern (see :func:`compile_pattern`).

    Attributes
    ----------
    text : the pattern as written
    seq : the parsed pattern tree
    min_len, max_len : shortest and longest match, in tokens
    literals : number of literal token positions written in the pattern
        (words with or without ``~`` and ``a|b`` positions, not ``*``,
        ``word*`` or gaps); ranks overlapping matches of one entry
    entry, variant : the lexicon entry and variant it belongs to (``""`` for
        ad-hoc patterns)
    order : position of the pattern in its entry (file order)
    source : ``"file, line N"`` where the pattern was written
    weight : what a match counts in a weighted dictionary
        (:class:`framing.WeightedLexicon`); 1.0 for lexicon files
    case_sensitive : whether the literals are matched on the case-kept
        tokens (actor names such as "US" or "WHO"); False for lexicon files,
        whose patterns match the lower-cased tokens
    """

    weight: float = 1.0
    case_sensitive: bool = False

    @property
    def finite(self) -> bool:
        """Whether the pattern matches a finite set of token sequences."""
        try:
            return _seq_expand(self.seq, MAX_EXPANSIONS) is not None
        except PatternError:
            return True

    def expand(self, limit: int = MAX_EXPANSIONS) -> list[str] | None:
        """The phrases the pattern matches (space-joined tokens), None if not finite.

        Raises :class:`PatternError` when there are more than ``limit``.
        """
        try:
            seqs = _seq_expand(self.seq, limit)
        except PatternError as exc:
            raise PatternError(f"pattern {self.text!r}: {exc}") from None
        return None if seqs is None else [" ".join(s) for s in seqs]

    def ends_at(self, tokens: Sequence[str], start: int) -> set[int]:
        """Every token index where a match starting at ``start`` can end."""
        return _seq_ends(self.seq, tokens, {start})

    def matches(self, text_or_tokens: str | Sequence[str]) -> list[tuple[int, int]]:
        """``(token_start, token_end)`` of the longest match at every start.

        Overlapping matches are all listed; :func:`framing.lexicon.matcher.find_matches`
        resolves overlaps within a lexicon entry.
        """
        tokens = tokenize(text_or_tokens) if isinstance(text_or_tokens, str) else text_or_tokens
        out = []
        for i in range(len(tokens)):
            ends = self.ends_at(tokens, i)
            if ends:
                out.append((i, max(ends)))
        return out

    def anchor(self) -> list[tuple] | None:
        """Anchor items ``(kind, value, min_offset, max_offset)``; None if unanchored."""
        found = _seq_anchor(self.seq)
        return None if found is None else found[1]

    def __repr__(self) -> str:
        where = f" {self.entry}/{self.variant}" if self.entry else ""
        return f"<Pattern{where} {self.text!r}>"


def compile_pattern(
    text: str, *, entry: str = "", variant: str = "", order: int = 0, source: str = ""
) -> Pattern:
    """Parse and validate one pattern.

    Raises
    ------
    PatternError
        For unbalanced parentheses, gaps without bounds, misplaced operators,
        and patterns that can match the empty string.

    Examples
    --------
    >>> compile_pattern("win-win cooperation~").expand()
    ['win-win cooperation', "win-win cooperation's", 'win-win cooperationes', \
'win-win cooperations']
    >>> compile_pattern("(shared)?")
    Traceback (most recent call last):
    ...
    framing.errors.PatternError: pattern '(shared)?': can match the empty string
    """
    seq, lo, hi = parse_pattern_tree(text, lambda t: _Parser(t).parse(), _token_len, "pattern")
    return Pattern(
        text=text,
        seq=seq,
        min_len=lo,
        max_len=hi,
        literals=_count_literals(seq),
        entry=entry,
        variant=variant,
        order=order,
        source=source,
    )


def literal_pattern(
    positions: Sequence[Iterable[str]],
    *,
    text: str,
    entry: str = "",
    variant: str = "",
    order: int = 0,
    source: str = "",
    weight: float = 1.0,
    case_sensitive: bool = False,
) -> Pattern:
    """A pattern of literal tokens, one set of accepted tokens per position.

    The tokens are taken as they are (no tokenisation, no lower-casing):
    this is how dictionary terms that are already split into tokens (a
    weighted dictionary's phrases, an actor's names) become patterns.

    Examples
    --------
    >>> p = literal_pattern([{"the", "The"}, {"West"}], text="the West", case_sensitive=True)
    >>> p.expand(), p.min_len, p.literals, p.case_sensitive
    (['The West', 'the West'], 2, 2, True)
    """
    seq = tuple((TOK, frozenset(tokens)) for tokens in positions)
    if not seq or not all(node[1] for node in seq):
        raise PatternError(f"pattern {text!r}: no tokens")
    return Pattern(
        text=text,
        seq=seq,
        min_len=len(seq),
        max_len=len(seq),
        literals=len(seq),
        entry=entry,
        variant=variant,
        order=order,
        source=source,
        weight=weight,
        case_sensitive=case_sensitive,
    )


# --------------------------------------------------------------------------
# Lexicon files
# --------------------------------------------------------------------------

_ID_RE = re.compile(r"^[a-z0-9_]+$")
_NAME_RE = re.compile(r"^[A-Za-z0-9_\-]+$")
_TOP_KEYS = {"lexicon", "version", "description", "licence", "provenance", "notes", "entries"}
_ENTRY_KEYS = {
    "id",
    "label",
    "family",
    "description",
    "citations",
    "variants",
    "patterns",
    "exclude",
    "notes",
    "zh",
}


@dataclasses.dataclass
class LexiconEntry:
    """One entry: named variants of patterns, optional exclusions, documentation."""

    id: str
    label: str
    family: str
    description: str = ""
    citations: list[str] = dataclasses.field(default_factory=list)
    variants: dict[str, list[Pattern]] = dataclasses.field(default_factory=dict)
    exclude: list[Pattern] = dataclasses.field(default_factory=list)
    notes: str = ""
    source: str = ""
    zh_variants: dict = dataclasses.field(default_factory=dict)
    zh_exclude: list = dataclasses.field(default_factory=list)

    @property
    def patterns(self) -> list[Pattern]:
        """All match patterns of the entry, in file order."""
        return [p for ps in self.variants.values() for p in ps]

    @property
    def zh_patterns(self) -> list:
        """The Chinese match patterns of the entry's ``zh:`` block, in file order."""
        return [p for ps in self.zh_variants.values() for p in ps]

    def to_dict(self) -> dict:
        """The entry as plain data, as it would be written in a lexicon file."""
        out = {
            "id": self.id,
            "label": self.label,
            "family": self.family,
            "description": self.description,
            "citations": list(self.citations),
            "variants": {v: [p.text for p in ps] for v, ps in self.variants.items()},
            "exclude": [p.text for p in self.exclude],
        }
        if self.notes:
            out["notes"] = self.notes
        if self.zh_variants:
            out["zh"] = {
                "variants": {v: [p.text for p in ps] for v, ps in self.zh_variants.items()},
                "exclude": [p.text for p in self.zh_exclude],
            }
        return out


def _where(source: str, node: yaml.Node | None) -> str:
    if node is None:
        return source
    return f"{source}, line {node.start_mark.line + 1}"


def _mapping(node: yaml.Node, source: str, what: str) -> dict[str, tuple[yaml.Node, yaml.Node]]:
    if not isinstance(node, yaml.MappingNode):
        raise LexiconError(f"{_where(source, node)}: {what} must be a mapping")
    out: dict[str, tuple[yaml.Node, yaml.Node]] = {}
    for knode, vnode in node.value:
        key = knode.value if isinstance(knode, yaml.ScalarNode) else None
        if not isinstance(key, str):
            raise LexiconError(f"{_where(source, knode)}: {what} has a key that is not a string")
        if key in out:
            raise LexiconError(f"{_where(source, knode)}: {what} has the key {key!r} twice")
        out[key] = (knode, vnode)
    return out


def _plain(node: yaml.Node) -> Any:
    return yaml.SafeLoader("").construct_object(node, deep=True)


def _string(node: yaml.Node, where: str, what: str, allow_number: bool = False) -> str:
    value = _plain(node) if isinstance(node, yaml.ScalarNode) else None
    if isinstance(value, str):
        return value
    if allow_number and isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    raise LexiconError(f"{where}: {what} must be a string")


def _string_list(node: yaml.Node, source: str, what: str) -> list[tuple[str, yaml.Node]]:
    if isinstance(node, yaml.ScalarNode):
        return [(_string(node, _where(source, node), what), node)]
    if not isinstance(node, yaml.SequenceNode):
        raise LexiconError(f"{_where(source, node)}: {what} must be a string or a list of strings")
    return [(_string(item, _where(source, item), what), item) for item in node.value]


def _compile_in(text: str, source: str, node: yaml.Node, entry_id: str, variant: str, order: int) -> Pattern:
    where = _where(source, node)
    try:
        return compile_pattern(text, entry=entry_id, variant=variant, order=order, source=where)
    except PatternError as exc:
        raise LexiconError(f"{where}: entry {entry_id!r}: {exc}") from None


def _parse_entry(node: yaml.Node, source: str) -> LexiconEntry:
    where = _where(source, node)
    fields = _mapping(node, source, "an entry")
    if "id" not in fields:
        raise LexiconError(f"{where}: entry without an 'id'")
    id_node = fields["id"][1]
    entry_id = _plain(id_node)
    if not isinstance(entry_id, str) or not _ID_RE.match(entry_id):
        raise LexiconError(f"{_where(source, id_node)}: entry id {entry_id!r} must match [a-z0-9_]+")
    what = f"entry {entry_id!r}"
    unknown = sorted(set(fields) - _ENTRY_KEYS)
    if unknown:
        raise LexiconError(
            f"{_where(source, fields[unknown[0]][0])}: {what}: unknown key(s) "
            f"{unknown}; allowed: {sorted(_ENTRY_KEYS)}"
        )

    def text_field(key: str, default: str) -> str:
        if key not in fields:
            return default
        vnode = fields[key][1]
        return _string(vnode, f"{_where(source, vnode)}: {what}", key)

    label = text_field("label", entry_id)
    family = text_field("family", entry_id)
    if not _ID_RE.match(family):
        raise LexiconError(
            f"{_where(source, fields['family'][1])}: {what}: family {family!r} must match [a-z0-9_]+"
        )
    citations = []
    if "citations" in fields:
        citations = [c for c, _ in _string_list(fields["citations"][1], source, f"citations of {what}")]
    if ("variants" in fields) == ("patterns" in fields) and not (
        "zh" in fields and "variants" not in fields and "patterns" not in fields
    ):
        raise LexiconError(f"{where}: {what} needs either 'variants' or 'patterns' (exactly one)")
    if "patterns" not in fields and "variants" not in fields:
        groups = []
    elif "patterns" in fields:
        groups = [(entry_id, fields["patterns"][1])]
    else:
        vnode = fields["variants"][1]
        vmap = _mapping(vnode, source, f"the variants of {what}")
        if not vmap:
            raise LexiconError(f"{_where(source, vnode)}: {what} has no variants")
        groups = []
        for name, (knode, pnode) in vmap.items():
            if not _ID_RE.match(name):
                raise LexiconError(
                    f"{_where(source, knode)}: {what}: variant name {name!r} must match [a-z0-9_]+"
                )
            groups.append((name, pnode))
    variants: dict[str, list[Pattern]] = {}
    order = 0
    for name, pnode in groups:
        texts = _string_list(pnode, source, f"the patterns of variant {name!r} of {what}")
        if not texts:
            raise LexiconError(f"{_where(source, pnode)}: {what}: variant {name!r} has no patterns")
        pats = []
        for text, tnode in texts:
            pats.append(_compile_in(text, source, tnode, entry_id, name, order))
            order += 1
        variants[name] = pats
    exclude = []
    if "exclude" in fields:
        items = _string_list(fields["exclude"][1], source, f"exclude of {what}")
        exclude = [_compile_in(text, source, tnode, entry_id, "", i) for i, (text, tnode) in enumerate(items)]
    zh_variants: dict = {}
    zh_exclude: list = []
    if "zh" in fields:
        zh_variants, zh_exclude = _parse_zh_block(fields["zh"][1], source, entry_id, variants)
    return LexiconEntry(
        id=entry_id,
        label=label,
        family=family,
        description=text_field("description", ""),
        citations=citations,
        variants=variants,
        exclude=exclude,
        notes=text_field("notes", ""),
        source=where,
        zh_variants=zh_variants,
        zh_exclude=zh_exclude,
    )


def _parse_zh_block(
    node, source: str, entry_id: str, english_variants: dict
) -> tuple[dict[str, list[ZhPattern]], list[ZhPattern]]:
    """The ``zh:`` block of a lexicon entry: ``(variants, exclude)``.

    The block is a pattern or a list of patterns (one variant named ``zh``),
    or a mapping with ``variants`` (variant name -> pattern or list) or
    ``patterns``, and an optional ``exclude`` list.
    """
    what = f"entry {entry_id!r}"

    def compile_in(text, tnode, variant, order):
        where = _where(source, tnode)
        try:
            return compile_zh_pattern(text, entry=entry_id, variant=variant, order=order, source=where)
        except PatternError as exc:
            raise LexiconError(f"{where}: {what}: {exc}") from None

    if isinstance(node, yaml.MappingNode):
        fields = _mapping(node, source, f"the zh block of {what}")
        unknown = sorted(set(fields) - {"variants", "patterns", "exclude"})
        if unknown:
            raise LexiconError(
                f"{_where(source, fields[unknown[0]][0])}: {what}: unknown key(s) "
                f"{unknown} in its zh block; allowed: ['exclude', 'patterns', "
                "'variants']"
            )
        if ("variants" in fields) == ("patterns" in fields):
            raise LexiconError(
                f"{_where(source, node)}: the zh block of {what} needs either "
                "'variants' or 'patterns' (exactly one)"
            )
        if "patterns" in fields:
            groups = [("zh", fields["patterns"][1], fields["patterns"][0])]
        else:
            vmap = _mapping(fields["variants"][1], source, f"the zh variants of {what}")
            if not vmap:
                raise LexiconError(f"{_where(source, fields['variants'][1])}: {what} has no zh variants")
            groups = [(name, pnode, knode) for name, (knode, pnode) in vmap.items()]
        exclude_node = fields["exclude"][1] if "exclude" in fields else None
    else:
        groups = [("zh", node, node)]
        exclude_node = None
    variants: dict[str, list[ZhPattern]] = {}
    order = 0
    for name, pnode, knode in groups:
        if not _ID_RE.match(name):
            raise LexiconError(
                f"{_where(source, knode)}: {what}: zh variant name {name!r} must match [a-z0-9_]+"
            )
        if name in english_variants:
            raise LexiconError(
                f"{_where(source, knode)}: {what}: zh variant name {name!r} is "
                "also an English variant; give it its own name (e.g. "
                f"'zh_{name}')"
            )
        texts = _string_list(pnode, source, f"the zh patterns of variant {name!r} of {what}")
        if not texts:
            raise LexiconError(f"{_where(source, pnode)}: {what}: zh variant {name!r} has no patterns")
        pats = []
        for text, tnode in texts:
            pats.append(compile_in(text, tnode, name, order))
            order += 1
        variants[name] = pats
    exclude: list[ZhPattern] = []
    if exclude_node is not None:
        items = _string_list(exclude_node, source, f"the zh exclude of {what}")
        exclude = [compile_in(t, tn, "", i) for i, (t, tn) in enumerate(items)]
    return variants, exclude


@dataclasses.dataclass
class _LexiconFile:
    header: dict
    entries: list[LexiconEntry]
    path: str
    sha256: str
    shipped: bool


def _compose_yaml(text: str, source: str, what: str) -> yaml.Node:
    """The YAML node tree of ``text`` (which keeps line numbers), or a
    :class:`LexiconError` naming ``source`` and the line of a syntax error, or
    saying the ``what`` (``"lexicon file"``) is empty."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f", line {mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise LexiconError(f"{source}{line}: YAML syntax error: {problem}") from None
    if root is None:
        raise LexiconError(f"{source}: empty {what}")
    return root


def _parse_text(text: str, source: str, shipped: bool = False) -> _LexiconFile:
    root = _compose_yaml(text, source, "lexicon file")
    top = _mapping(root, source, "a lexicon file")
    unknown = sorted(set(top) - _TOP_KEYS)
    if unknown:
        raise LexiconError(
            f"{_where(source, top[unknown[0]][0])}: unknown key(s) {unknown}; allowed: {sorted(_TOP_KEYS)}"
        )
    header = {}
    for key in ("lexicon", "version", "description", "licence", "provenance", "notes"):
        if key in top:
            vnode = top[key][1]
            header[key] = _string(vnode, _where(source, vnode), key, allow_number=(key == "version"))
    if "entries" not in top:
        raise LexiconError(f"{source}: no 'entries' list")
    enode = top["entries"][1]
    if not isinstance(enode, yaml.SequenceNode):
        raise LexiconError(f"{_where(source, enode)}: 'entries' must be a list")
    entries = []
    seen: dict[str, str] = {}
    for item in enode.value:
        entry = _parse_entry(item, source)
        if entry.id in seen:
            raise LexiconError(
                f"{entry.source}: duplicate entry id {entry.id!r} (first defined at {seen[entry.id]})"
            )
        seen[entry.id] = entry.source
        entries.append(entry)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return _LexiconFile(header, entries, source, digest, shipped)


def _dump(data: Mapping) -> str:
    return yaml.safe_dump(_to_builtin(data), sort_keys=False, allow_unicode=True)


def _to_builtin(data: Any) -> Any:
    if isinstance(data, Mapping):
        return {str(k): _to_builtin(v) for k, v in data.items()}
    if isinstance(data, list | tuple):
        return [_to_builtin(v) for v in data]
    return data


def shipped_lexicons() -> list[str]:
    """Names of the lexicons shipped with framing (``framing/data/lexicons``).

    Each name loads with :func:`framing.load_lexicon`.

    Examples
    --------
    >>> names = shipped_lexicons()
    >>> {"frames", "slogans"} <= set(names), names == sorted(names)
    (True, True)
    >>> from framing import load_lexicon
    >>> len(load_lexicon("frames").entries) > 0
    True
    """
    from framing._paths import shipped_path

    folder = shipped_path("lexicons")
    return sorted(p.stem for p in folder.glob("*.yml")) if folder.is_dir() else []


PHRASES_ZH = "phrases_zh.txt"


def shipped_zh_phrases() -> list[str]:
    """The literal pieces of the Chinese patterns of every shipped lexicon, in order.

    The Chinese tokeniser reads them from ``framing/data/phrases_zh.txt``
    (:func:`framing.text.chinese.shipped_phrases`) so that every one is a word;
    :func:`write_zh_phrases` writes that file from the lexicons.

    Examples
    --------
    >>> "人类命运共同体" in shipped_zh_phrases()
    True
    """
    out: list[str] = []
    for name in shipped_lexicons():
        try:
            lex = load_lexicon(name)
        except LexiconError:
            continue
        for entry in lex:
            for p in entry.zh_patterns:
                out.extend(p.pieces())
            for p in entry.zh_exclude:
                out.extend(p.pieces())
    return list(dict.fromkeys(out))


def write_zh_phrases(path: str | os.PathLike | None = None) -> Path:
    """Write :func:`shipped_zh_phrases`, one a line, to ``path`` (default: the
    shipped ``framing/data/phrases_zh.txt``); run after changing the Chinese
    patterns of a shipped lexicon (``make phrases``).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> out = write_zh_phrases(pathlib.Path(tempfile.mkdtemp()) / "phrases_zh.txt")
    >>> from framing.text.chinese import read_phrases
    >>> read_phrases(out) == shipped_zh_phrases()
    True
    """
    from framing._paths import shipped_path

    target = Path(path) if path is not None else shipped_path() / PHRASES_ZH
    header = (
        "# Phrases of the Chinese variants of the shipped lexicons, one a line: the Chinese\n"
        "# tokeniser keeps each one a word. Written by framing.lexicon.core.write_zh_phrases\n"
        "# (make phrases) from framing/data/lexicons; do not edit by hand.\n"
    )
    target.write_text(header + "".join(f"{p}\n" for p in shipped_zh_phrases()), encoding="utf-8")
    return target


def _is_shipped_name(item: object) -> bool:
    return isinstance(item, str) and bool(_NAME_RE.match(item)) and not Path(item).exists()


def _is_shipped_file(item: object) -> bool:
    from framing._paths import shipped_path

    if not isinstance(item, str | os.PathLike):
        return False
    path = Path(os.fspath(item)).expanduser()
    return path.is_file() and path.resolve().parent == shipped_path("lexicons").resolve()


def _read_file(item: str | os.PathLike) -> _LexiconFile:
    from framing._paths import shipped_path

    if _is_shipped_name(item):
        try:
            path = shipped_path("lexicons", f"{item}.yml")
        except FileNotFoundError:
            raise FileNotFoundError(
                f"no shipped lexicon {item!r} (shipped: {shipped_lexicons()}) and no file {item!r}"
            ) from None
        shipped = True
    else:
        path = Path(os.fspath(item)).expanduser()
        if not path.is_file():
            raise FileNotFoundError(f"lexicon file {path} not found")
        shipped = _is_shipped_file(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise LexiconError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    return _parse_text(text, str(path), shipped=shipped)


class Lexicon:
    """Entries from one or more lexicon files, ready for matching.

    Build it with :func:`load_lexicon` (files), :meth:`from_dict` (data
    shaped like a file), :meth:`from_yaml` (the text of a file) or
    :meth:`from_patterns` (a quick ``{id: [patterns]}`` lexicon).

    Attributes
    ----------
    name, version, description, licence, provenance : from the first file
    entries : dict of entry id -> :class:`LexiconEntry`, in file order
    files : list of dicts (path, sha256, shipped, entries) of the files read
    overrides : list of dicts (id, replaced, by) for user entries that
        replaced a shipped entry of the same id

    Examples
    --------
    >>> lex = Lexicon.from_patterns({"win_win": ["win-win", "mutual|mutually beneficial"]})
    >>> len(lex), lex["win_win"].label, len(lex.hash)
    (1, 'win_win', 64)
    >>> lex.expand()["phrase"].tolist()
    ['win-win', 'mutual beneficial', 'mutually beneficial']
    """

    def __init__(self, files: Iterable[_LexiconFile]):
        self._source_files = list(files)
        self.files: list[dict] = []
        self.entries: dict[str, LexiconEntry] = {}
        self.overrides: list[dict] = []
        shipped_ids: dict[str, bool] = {}
        header: dict = {}
        for f in self._source_files:
            header = header or dict(f.header)
            self.files.append(
                {"path": f.path, "sha256": f.sha256, "shipped": f.shipped, "entries": len(f.entries)}
            )
            for entry in f.entries:
                old = self.entries.get(entry.id)
                if old is not None:
                    if not (shipped_ids[entry.id] and not f.shipped):
                        raise LexiconError(
                            f"{entry.source}: duplicate entry id {entry.id!r} "
                            f"(already defined at {old.source})"
                        )
                    self.overrides.append({"id": entry.id, "replaced": old.source, "by": entry.source})
                    del self.entries[entry.id]
                self.entries[entry.id] = entry
                shipped_ids[entry.id] = f.shipped
        self.name = header.get("lexicon", "")
        self.version = header.get("version", "")
        self.description = header.get("description", "")
        self.licence = header.get("licence", "")
        self.provenance = header.get("provenance", "")
        self._compiled: Any = None

    def __getstate__(self) -> dict:
        state = dict(self.__dict__)
        state["_compiled"] = None  # compiled matchers are rebuilt on demand
        return state

    # -- construction ------------------------------------------------------
    @classmethod
    def from_dict(cls, data: Mapping, source: str = "<dict>") -> Lexicon:
        """A lexicon from data shaped like a lexicon file (``{"entries": [...]}``)."""
        return cls([_parse_text(_dump(data), source)])

    @classmethod
    def from_yaml(cls, text: str, source: str = "<string>") -> Lexicon:
        """A lexicon from the text of a lexicon file."""
        return cls([_parse_text(text, source)])

    @classmethod
    def from_entries(cls, entries: Iterable[LexiconEntry], name: str = "", source: str = "") -> Lexicon:
        """A lexicon of entries built in code (their patterns already compiled).

        Weighted dictionaries and actor lists are lexicons of this kind: their
        entries' patterns carry weights and case-sensitivity, which lexicon
        files do not write.

        Examples
        --------
        >>> p = literal_pattern([{"win-win"}], text="win-win", entry="coop", variant="coop", weight=2.0)
        >>> lex = Lexicon.from_entries([LexiconEntry("coop", "cooperation", "coop", variants={"coop": [p]})])
        >>> lex["coop"].label, lex["coop"].patterns[0].weight
        ('cooperation', 2.0)
        """
        where = source or f"<{name or 'entries'}>"
        return cls([_LexiconFile({"lexicon": name} if name else {}, list(entries), where, "", False)])

    @classmethod
    def from_patterns(cls, patterns: Mapping[str, str | Sequence[str]], name: str = "adhoc") -> Lexicon:
        """A lexicon of ``{entry_id: pattern or [patterns]}``; variant names = entry ids."""
        entries = [{"id": k, "patterns": [v] if isinstance(v, str) else list(v)} for k, v in patterns.items()]
        return cls.from_dict({"lexicon": name, "entries": entries}, source=f"<{name}>")

    # -- access ------------------------------------------------------------
    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self):
        return iter(self.entries.values())

    def __contains__(self, entry_id: object) -> bool:
        return entry_id in self.entries

    def __getitem__(self, entry_id: str) -> LexiconEntry:
        try:
            return self.entries[entry_id]
        except KeyError:
            raise KeyError(f"no entry {entry_id!r} in lexicon {self.name!r}") from None

    def __repr__(self) -> str:
        return (
            f"<Lexicon {self.name or '?'} {self.version}: {len(self)} entries, "
            f"{sum(len(e.patterns) for e in self)} patterns>"
        )

    def subset(self, ids: Iterable[str]) -> Lexicon:
        """A lexicon with only the given entries, in the given order."""
        header = {
            "lexicon": self.name,
            "version": self.version,
            "description": self.description,
            "licence": self.licence,
            "provenance": self.provenance,
        }
        new = Lexicon([_LexiconFile(header, [self[i] for i in ids], "<subset>", "", False)])
        new.files = [dict(f) for f in self.files]
        new.overrides = [dict(o) for o in self.overrides]
        return new

    def patterns(self) -> pd.DataFrame:
        """One row per pattern: entry, family, variant, pattern, kind, lengths, source."""
        rows = []
        for e in self:
            for kind, pats in (("match", e.patterns), ("exclude", e.exclude)):
                for p in pats:
                    rows.append(
                        (e.id, e.family, p.variant, p.text, kind, p.min_len, p.max_len, p.literals, p.source)
                    )
        return pd.DataFrame(
            rows,
            columns=[
                "entry",
                "family",
                "variant",
                "pattern",
                "kind",
                "min_tokens",
                "max_tokens",
                "literals",
                "source",
            ],
        )

    def entries_frame(self) -> pd.DataFrame:
        """One row per entry: entry, label, family, description, variants, patterns, citations."""
        rows = [
            (e.id, e.label, e.family, e.description, list(e.variants), len(e.patterns), list(e.citations))
            for e in self
        ]
        return pd.DataFrame(
            rows, columns=["entry", "label", "family", "description", "variants", "patterns", "citations"]
        )

    def expand(self, limit: int = MAX_EXPANSIONS) -> pd.DataFrame:
        """The finite expansions of every match pattern.

        One row per (entry, variant, pattern, phrase); ``phrase`` is the
        space-joined lower-case tokens. A pattern with a wildcard, prefix or
        gap has no finite expansion: it gets one row with ``phrase`` missing
        and ``finite`` False, so nothing is dropped silently.
        """
        rows = []
        for e in self:
            for p in e.patterns:
                phrases = p.expand(limit)
                if phrases is None:
                    rows.append((e.id, p.variant, p.text, None, False))
                else:
                    rows.extend((e.id, p.variant, p.text, ph, True) for ph in phrases)
        frame = pd.DataFrame(rows, columns=["entry", "variant", "pattern", "phrase", "finite"])
        frame["finite"] = frame["finite"].astype(bool)
        return frame

    @property
    def hash(self) -> str:
        """SHA-256 of the canonical content: name, version and every entry."""
        content = {"lexicon": self.name, "version": self.version, "entries": [e.to_dict() for e in self]}
        blob = json.dumps(content, sort_keys=True, ensure_ascii=False).encode("utf-8")
        return hashlib.sha256(blob).hexdigest()

    def manifest(self) -> dict:
        """Provenance for a report manifest: name, version, hash, files, counts, overrides."""
        expanded = self.expand()
        return {
            "lexicon": self.name,
            "version": self.version,
            "licence": self.licence,
            "hash": self.hash,
            "files": [dict(f) for f in self.files],
            "entries": len(self),
            "patterns": int(sum(len(e.patterns) for e in self)),
            "expanded_phrases": int(expanded["finite"].sum()),
            "non_finite_patterns": int((~expanded["finite"]).sum()),
            "overrides": [dict(o) for o in self.overrides],
        }


def load_lexicon(
    *paths_or_names: str | os.PathLike | Mapping | Lexicon, include_shipped: bool = True
) -> Lexicon:
    """Load lexicon files into one :class:`Lexicon`.

    Parameters
    ----------
    *paths_or_names : names of shipped lexicons (``"slogans"``, read from the
        project's ``lexicons/`` folder), paths to YAML files of one's own,
        dicts shaped like a lexicon file, or :class:`Lexicon` objects; read
        in order.
    include_shipped : bool, default True
        Start from the shipped ``slogans`` lexicon unless a shipped lexicon
        is named. An entry of a user file with the id of a shipped entry
        replaces it; the replacement is listed in ``Lexicon.overrides``. Any
        other repeated id is an error.

    Raises
    ------
    LexiconError
        Naming file, line and entry: YAML syntax errors, unknown keys, missing
        or duplicate ids, invalid patterns.
    FileNotFoundError
        For a file or shipped name that does not exist.

    Examples
    --------
    >>> lex = load_lexicon({"entries": [{"id": "gdi", "label": "Global Development Initiative",
    ...                     "patterns": ["global development initiative~"]}]},
    ...                    include_shipped=False)
    >>> lex.patterns()[["entry", "variant", "pattern", "min_tokens"]].values.tolist()
    [['gdi', 'gdi', 'global development initiative~', 3]]
    """
    items = list(paths_or_names)
    if include_shipped and not any(_is_shipped_name(i) or _is_shipped_file(i) for i in items):
        items.insert(0, DEFAULT_LEXICON)
    files: list[_LexiconFile] = []
    for n, item in enumerate(items):
        if isinstance(item, Lexicon):
            files.extend(item._source_files)
        elif isinstance(item, Mapping):
            files.append(_parse_text(_dump(item), f"<dict {n + 1}>"))
        else:
            files.append(_read_file(item))
    return Lexicon(files)
