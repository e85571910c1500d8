r"""Category dictionaries as researchers write them: quanteda YAML, LIWC, Lexicoder, WordStat.

A *dictionary* maps category names to lists of terms. A term is a word
(``health``), a phrase of several words (``climate change``) or a word with
``*`` wildcards (``econom*``). This is the format of quanteda's
``dictionary()``, of LIWC, Lexicoder and WordStat, and of most published
dictionaries; :func:`read_dictionary` reads all four file formats into one
:class:`Dictionary`, and :meth:`Dictionary.to_lexicon` turns it into a
:class:`framing.Lexicon`, so that every analysis of the library
(:func:`framing.count_matches`, :func:`framing.kwic`, frames, tone with a
``positive``/``negative`` dictionary, :func:`framing.cooccur`) can use it.

Formats
-------
``yaml`` (quanteda, ``.yml``/``.yaml``)
    A mapping of category -> list of terms; a category may hold
    sub-categories instead (or as well, with its own terms under the key
    ``_terms``), flattened to dotted names (``economy.growth``).
``liwc`` (``.dic``)
    A header between two ``%`` lines, one ``id<TAB>name`` per category,
    then one ``term<TAB>id [id ...]`` per line.
``lexicoder`` (``.lc3``/``.lcd``)
    ``+CATEGORY`` lines, each followed by its terms, one per line.
``wordstat`` (``.cat``)
    Category lines, with their terms (and sub-categories) indented below;
    a term may end with a weight such as ``(1)``, which is ignored.

Terms are lower-cased (as quanteda does by default), white space inside a
phrase is collapsed to one space, and a term listed twice in a category is
kept once (:attr:`Dictionary.duplicates` lists what was merged). Every
error names the file and line.

Examples
--------
>>> d = Dictionary({"climate": ["climate change", "global warm*"], "health": ["health"]})
>>> d
<Dictionary: 2 categories, 3 terms>
>>> d.phrases()
['climate change', 'global warm*']
>>> lex = d.to_lexicon()
>>> lex["climate"].variants["climate"][1].text
'global warm*'
>>> d.to_frame().shape
(3, 3)
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from framing.errors import LexiconError
from framing.lexicon.core import _compose_yaml

__all__ = ["DICTIONARY_FORMATS", "Dictionary", "read_dictionary"]

#: file formats read by :func:`read_dictionary`, with the suffixes that select them
DICTIONARY_FORMATS = {
    "yaml": (".yml", ".yaml"),
    "liwc": (".dic",),
    "lexicoder": (".lc3", ".lcd"),
    "wordstat": (".cat",),
}

_WS = re.compile(r"\s+")
# characters of framing's pattern grammar that a dictionary term cannot carry
_GRAMMAR_CHARS = re.compile(r"[(){}|~]")
_ID_BAD = re.compile(r"[^a-z0-9_]+")


def _clean_term(term: str) -> str:
    return _WS.sub(" ", term.strip()).lower()


class Dictionary:
    """Categories of terms, read from a file or built from a mapping.

    Parameters
    ----------
    categories : mapping of str -> list of str
        Category name -> terms. Nested mappings are flattened to dotted names.
    source : str
        Where the dictionary came from (file name), used in messages.

    Attributes
    ----------
    categories : dict of str -> list of str
        Flattened categories, in file order; terms lower-cased and unique.
    source : str
    duplicates : list of (category, term)
        Terms that were listed more than once in a category (kept once).

    Examples
    --------
    >>> d = Dictionary({"econ": {"growth": ["growth", "gdp"], "jobs": ["job*"]}})
    >>> list(d), d["econ.jobs"]
    (['econ.growth', 'econ.jobs'], ['job*'])
    >>> "econ.growth" in d, len(d)
    (True, 2)
    """

    def __init__(self, categories: Mapping[str, Any], source: str = "<dict>"):
        self.source = source
        self.categories: dict[str, list[str]] = {}
        self.duplicates: list[tuple[str, str]] = []
        for name, terms in _flatten(categories, source):
            self._add(name, terms, source)

    def _add(self, name: str, terms: Iterable[str], where: str) -> None:
        out = self.categories.setdefault(name, [])
        seen = set(out)
        for term in terms:
            if not isinstance(term, str):
                raise LexiconError(f"{where}: category {name!r}: term {term!r} is not a string")
            t = _clean_term(term)
            if not t:
                raise LexiconError(f"{where}: category {name!r}: empty term")
            if t in seen:
                self.duplicates.append((name, t))
                continue
            seen.add(t)
            out.append(t)

    # -- access ------------------------------------------------------------
    def __len__(self) -> int:
        return len(self.categories)

    def __iter__(self) -> Iterator[str]:
        return iter(self.categories)

    def __contains__(self, name: object) -> bool:
        return name in self.categories

    def __getitem__(self, name: str) -> list[str]:
        try:
            return self.categories[name]
        except KeyError:
            raise KeyError(
                f"no category {name!r} in dictionary {self.source}; categories: {list(self.categories)}"
            ) from None

    def __repr__(self) -> str:
        n = sum(len(t) for t in self.categories.values())
        return f"<Dictionary: {len(self)} categories, {n} terms>"

    def keys(self) -> list[str]:
        """The category names, flattened, in file order."""
        return list(self.categories)

    def terms(self, category: str | None = None) -> list[str]:
        """Terms of one category, or of all categories (unique, in order)."""
        if category is not None:
            return list(self[category])
        return list(dict.fromkeys(t for ts in self.categories.values() for t in ts))

    def phrases(self) -> list[str]:
        """The multi-word terms (those that contain a space), unique, in order."""
        return [t for t in self.terms() if " " in t]

    def subset(self, categories: Iterable[str]) -> Dictionary:
        """A dictionary of the named categories only."""
        return Dictionary({c: self[c] for c in categories}, source=self.source)

    def to_frame(self) -> pd.DataFrame:
        """One row per (category, term), with ``words`` = number of words of the term."""
        rows = [(c, t, len(t.split())) for c, ts in self.categories.items() for t in ts]
        return pd.DataFrame(rows, columns=["category", "term", "words"])

    def to_dict(self) -> dict[str, list[str]]:
        """The flattened categories as plain data (a copy)."""
        return {c: list(ts) for c, ts in self.categories.items()}

    def to_yaml(self) -> str:
        """The dictionary in quanteda's YAML format (flattened names)."""
        return yaml.safe_dump(self.to_dict(), sort_keys=False, allow_unicode=True)

    # -- conversion --------------------------------------------------------
    @staticmethod
    def entry_id(category: str) -> str:
        """The lexicon entry id of a category: lower case, other characters -> ``_``.

        Examples
        --------
        >>> Dictionary.entry_id("Econ.Growth-2")
        'econ_growth_2'
        """
        out = _ID_BAD.sub("_", category.lower()).strip("_")
        return out or "category"

    def to_lexicon(self, name: str | None = None):
        """The dictionary as a :class:`framing.Lexicon`, one entry per category.

        Each term becomes a pattern of the lexicon grammar: a phrase matches
        its words in sequence, ``word*`` any token starting with ``word``, a
        lone ``*`` any one token. Entry ids are :meth:`entry_id` of the
        category (the category name is kept as the entry's label).

        Raises
        ------
        LexiconError
            For a term the grammar cannot express (a wildcard that is not at
            the end of a word, ``?``, brackets, ``|``, ``~``), or two
            categories that map to the same entry id.

        Examples
        --------
        >>> lex = Dictionary({"Positive": ["good", "great*"]}).to_lexicon("tone")
        >>> lex.name, lex["positive"].label, [p.text for p in lex["positive"].patterns]
        ('tone', 'Positive', ['good', 'great*'])
        """
        from framing.lexicon.core import Lexicon

        entries = []
        ids: dict[str, str] = {}
        for cat, terms in self.categories.items():
            eid = self.entry_id(cat)
            if eid in ids:
                raise LexiconError(
                    f"{self.source}: categories {ids[eid]!r} and {cat!r} both "
                    f"become lexicon entry {eid!r}; rename one"
                )
            ids[eid] = cat
            if not terms:
                raise LexiconError(f"{self.source}: category {cat!r} has no terms")
            entries.append(
                {"id": eid, "label": cat, "patterns": [_term_pattern(t, cat, self.source) for t in terms]}
            )
        lex_name = name or Path(self.source).stem.strip("<>") or "dictionary"
        return Lexicon.from_dict({"lexicon": lex_name, "entries": entries}, source=self.source)


def _term_pattern(term: str, category: str, source: str) -> str:
    words = term.split(" ")
    for w in words:
        bad = _GRAMMAR_CHARS.search(w) or ("?" in w)
        if bad or ("*" in w[:-1] and w != "*"):
            raise LexiconError(
                f"{source}: category {category!r}: term {term!r} cannot be "
                "matched by the lexicon grammar (only a '*' at the end of a "
                "word, or a lone '*', is supported)"
            )
    return term


def _flatten(data: Any, source: str, prefix: str = "") -> Iterator[tuple[str, list[str]]]:
    if not isinstance(data, Mapping):
        raise LexiconError(f"{source}: a dictionary must be a mapping of category -> terms")
    for key, value in data.items():
        if not isinstance(key, str | int) or isinstance(key, bool):
            raise LexiconError(f"{source}: category name {key!r} is not a string")
        name = f"{prefix}{key}"
        if isinstance(value, str):
            yield name, [value]
        elif isinstance(value, list | tuple):
            yield name, list(value)
        elif isinstance(value, Mapping):
            own = value.get("_terms")
            if own is not None:
                yield name, [own] if isinstance(own, str) else list(own)
            rest = {k: v for k, v in value.items() if k != "_terms"}
            yield from _flatten(rest, source, prefix=f"{name}.")
        else:
            raise LexiconError(
                f"{source}: category {name!r} must hold a list of terms or "
                f"sub-categories, not {type(value).__name__}"
            )


# --------------------------------------------------------------------------
# Readers
# --------------------------------------------------------------------------


def _detect(path: Path) -> str:
    suffix = path.suffix.lower()
    for fmt, suffixes in DICTIONARY_FORMATS.items():
        if suffix in suffixes:
            return fmt
    raise LexiconError(
        f"{path}: cannot tell the dictionary format from the suffix "
        f"{suffix!r}; pass format= one of {list(DICTIONARY_FORMATS)}"
    )


def read_dictionary(path: str | os.PathLike, format: str | None = None) -> Dictionary:
    """Read a category dictionary file.

    Parameters
    ----------
    path : str or path
        The file (UTF-8; a byte-order mark is ignored).
    format : {"yaml", "liwc", "lexicoder", "wordstat"}, optional
        The file format; by default from the suffix (``.yml``/``.yaml``,
        ``.dic``, ``.lc3``/``.lcd``, ``.cat``).

    Returns
    -------
    Dictionary

    Raises
    ------
    LexiconError
        A missing file, an unknown format, or a malformed line; the message
        names the file and the line.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "d.yml").write_text("climate:\\n  - climate change\\n  - warming\\n")
    >>> read_dictionary(folder / "d.yml")["climate"]
    ['climate change', 'warming']
    >>> _ = (folder / "d.dic").write_text("%\\n1\\tposemo\\n%\\nhapp*\\t1\\n")
    >>> read_dictionary(folder / "d.dic").to_dict()
    {'posemo': ['happ*']}
    """
    p = Path(path)
    fmt = (format or _detect(p)).lower()
    if fmt not in DICTIONARY_FORMATS:
        raise LexiconError(
            f"{p}: unknown dictionary format {format!r}; use one of {list(DICTIONARY_FORMATS)}"
        )
    try:
        text = p.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise LexiconError(f"{p}: no such dictionary file") from None
    except UnicodeDecodeError as exc:
        raise LexiconError(f"{p}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    reader = {
        "yaml": _read_yaml,
        "liwc": _read_liwc,
        "lexicoder": _read_lexicoder,
        "wordstat": _read_wordstat,
    }[fmt]
    return reader(text, str(p))


def _read_yaml(text: str, source: str) -> Dictionary:
    root = _compose_yaml(text, source, "dictionary file")
    d = Dictionary({}, source=source)
    _yaml_node(root, source, "", d)
    if not d.categories:
        raise LexiconError(f"{source}: no categories")
    return d


def _yaml_node(node: yaml.Node, source: str, prefix: str, d: Dictionary) -> None:
    where = f"{source}, line {node.start_mark.line + 1}"
    if not isinstance(node, yaml.MappingNode):
        raise LexiconError(f"{where}: expected a mapping of category -> terms")
    for knode, vnode in node.value:
        kwhere = f"{source}, line {knode.start_mark.line + 1}"
        if not isinstance(knode, yaml.ScalarNode) or not knode.value:
            raise LexiconError(f"{kwhere}: a category name must be a non-empty string")
        name = f"{prefix}{knode.value}"
        if name in d.categories:
            raise LexiconError(f"{kwhere}: category {name!r} defined twice")
        if isinstance(vnode, yaml.MappingNode):
            _yaml_node(vnode, source, f"{name}.", d)
            continue
        items = vnode.value if isinstance(vnode, yaml.SequenceNode) else [vnode]
        terms = []
        for item in items:
            iwhere = f"{source}, line {item.start_mark.line + 1}"
            if not isinstance(item, yaml.ScalarNode) or not str(item.value).strip():
                raise LexiconError(f"{iwhere}: category {name!r}: each term must be a non-empty string")
            terms.append(str(item.value))
        if not terms:
            raise LexiconError(f"{kwhere}: category {name!r} has no terms")
        d._add(name, terms, kwhere)


def _read_liwc(text: str, source: str) -> Dictionary:
    lines = text.splitlines()
    marks = [i for i, line in enumerate(lines) if line.strip() == "%"]
    if len(marks) < 2:
        raise LexiconError(
            f"{source}: a LIWC dictionary starts with a header between two '%' lines (category ids and names)"
        )
    ids: dict[str, str] = {}
    for i in range(marks[0] + 1, marks[1]):
        line = lines[i].strip()
        if not line:
            continue
        parts = line.split(None, 1)
        if len(parts) != 2:
            raise LexiconError(f"{source}, line {i + 1}: header line must be '<id> <name>', got {line!r}")
        cid, cname = parts[0], parts[1].strip()
        if cid in ids:
            raise LexiconError(f"{source}, line {i + 1}: category id {cid!r} defined twice")
        ids[cid] = cname
    if not ids:
        raise LexiconError(f"{source}: the header defines no categories")
    d = Dictionary({}, source=source)
    for cname in ids.values():
        d.categories.setdefault(cname, [])
    for i in range(marks[1] + 1, len(lines)):
        line = lines[i].strip()
        if not line:
            continue
        where = f"{source}, line {i + 1}"
        if "\t" in line:
            fields = [f.strip() for f in line.split("\t") if f.strip()]
            term, refs = fields[0], [r for f in fields[1:] for r in f.split()]
        else:
            parts = line.split()
            k = len(parts)
            while k > 1 and parts[k - 1].isdigit():
                k -= 1
            term, refs = " ".join(parts[:k]), parts[k:]
        if not refs:
            raise LexiconError(f"{where}: term {term!r} has no category ids")
        for ref in refs:
            if ref not in ids:
                raise LexiconError(
                    f"{where}: term {term!r}: category id {ref!r} is not in the header (ids: {list(ids)})"
                )
            d._add(ids[ref], [term], where)
    return d


def _read_lexicoder(text: str, source: str) -> Dictionary:
    d = Dictionary({}, source=source)
    current = None
    for i, raw in enumerate(text.splitlines()):
        line = raw.strip()
        if not line:
            continue
        where = f"{source}, line {i + 1}"
        if line.startswith("+"):
            current = line[1:].strip()
            if not current:
                raise LexiconError(f"{where}: '+' without a category name")
            if current in d.categories:
                raise LexiconError(f"{where}: category {current!r} defined twice")
            d.categories[current] = []
            continue
        if current is None:
            raise LexiconError(f"{where}: term {line!r} before the first '+CATEGORY' line")
        d._add(current, [line], where)
    if not d.categories:
        raise LexiconError(f"{source}: no '+CATEGORY' lines")
    return d


_WEIGHT = re.compile(r"\s*\(\s*-?\d+(?:\.\d+)?\s*\)\s*$")


def _read_wordstat(text: str, source: str) -> Dictionary:
    rows = []
    for i, raw in enumerate(text.splitlines()):
        if not raw.strip():
            continue
        expanded = raw.rstrip().expandtabs(4)
        indent = len(expanded) - len(expanded.lstrip())
        rows.append((i + 1, indent, expanded.strip()))
    d = Dictionary({}, source=source)
    stack: list[tuple[int, str]] = []  # (indent, category name)
    for k, (lineno, indent, item) in enumerate(rows):
        where = f"{source}, line {lineno}"
        while stack and stack[-1][0] >= indent:
            stack.pop()
        nxt = rows[k + 1][1] if k + 1 < len(rows) else -1
        if nxt > indent:  # a category: the next line is indented further
            if _WEIGHT.search(item):
                raise LexiconError(
                    f"{where}: {item!r} has a weight but lines below it are indented as if it were a category"
                )
            name = ".".join([s for _, s in stack] + [item])
            if name in d.categories:
                raise LexiconError(f"{where}: category {name!r} defined twice")
            d.categories[name] = []
            stack.append((indent, item))
            continue
        if not stack:
            raise LexiconError(f"{where}: term {item!r} is not indented below a category")
        term = _WEIGHT.sub("", item)
        d._add(".".join(s for _, s in stack), [term], where)
    d.categories = {c: t for c, t in d.categories.items() if t}
    if not d.categories:
        raise LexiconError(f"{source}: no categories with terms")
    return d
