r"""A preparation preset that follows quanteda's ``tokens()`` choices.

Studies written in R with quanteda typically prepare text with::

    tokens(x, remove_punct = TRUE, remove_symbols = TRUE, remove_numbers = TRUE,
           remove_url = TRUE, split_hyphens = FALSE) |>
      tokens_tolower() |>
      tokens_remove(stopwords("en")) |>
      tokens_compound(phrase(multi_word_terms), concatenator = "_")

:func:`quanteda_tokens` reproduces this pipeline, so that counts and
windows measured in tokens (``kwic(window = 25)``) agree with such a study.
The Snowball English stop-word list that ``stopwords("en")`` returns is
shipped (:data:`SNOWBALL_STOPWORDS`, 175 words).

Token rules
-----------
quanteda splits words at Unicode (ICU) word boundaries and then drops
punctuation, symbols, numbers and URLs. This module implements the parts of
those rules that matter for prose:

* a word is a run of letters, digits or ``_`` (``climate_change`` is one
  token, as in ICU, where ``_`` joins words);
* hyphenated words stay whole (``greenhouse-gas``, ``covid-19``), as with
  ``split_hyphens = FALSE``, and a hyphen followed by white space stays on
  its word (``low- carbon`` gives ``low-`` and ``carbon``);
* an apostrophe, a full stop or a colon *between two letters* joins them
  (``don't``, ``u.s`` from ``U.S.``, ``e.g``); a full stop, comma or
  apostrophe *between two digits* joins them (``3.5``, ``10,953``);
* tokens made only of digits and such separators are numbers and are
  removed (``1970``, ``10,953``, ``3.5``); words that merely contain digits
  stay (``co2``, ``g77``, ``1970s``, ``2nd``);
* ``http://...``, ``https://...`` and ``www....`` are URLs and are removed;
* everything else (punctuation, symbols, emoji) is dropped.

Known differences from ICU (checked in the tests): ICU keeps e-mail
addresses and ``#tags``/``@handles`` whole (here: their word parts are
tokens); ICU splits Chinese and Japanese text into dictionary words (here:
runs of ideographs are one token); ICU keeps combining accents with their
letter (here they split a word, so normalise decomposed text to NFC first); ICU treats a curly apostrophe like a
straight one inside a word, as here, but quanteda's stop-word list has
straight apostrophes only, so ``don’t`` is not removed (here neither).

Examples
--------
>>> quanteda_tokens("The U.S. emitted 5,000 tonnes of CO2 and greenhouse-gas -- see www.un.org!")
['u.s', 'emitted', 'tonnes', 'co2', 'greenhouse-gas', 'see']
>>> quanteda_tokens("Climate change and the changing climate", phrases=["climate change"])
['climate_change', 'changing', 'climate']
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from importlib import resources
from itertools import chain

__all__ = [
    "SNOWBALL_STOPWORDS",
    "compound_tokens",
    "is_number",
    "quanteda_tokens",
]

# Fast scan: maximal runs of word characters joined by joiner characters;
# the rare runs that contain a joiner other than a hyphen are re-checked
# with the exact rules below.
_URL = r"(?:https?://|www\.)[^\s<>\"]+"
_SIMPLE = re.compile(r"\w+(?:[-\u2010\u2011.:,'\u2019]\w+)*(?:[-\u2010\u2011](?=\s))?")
_SCAN = re.compile(_URL + r"|" + _SIMPLE.pattern)
_EXACT = re.compile(
    r"\w+(?:(?:[-\u2010\u2011]|(?<=[^\W\d_])[.:'\u2019](?=[^\W\d_])"
    r"|(?<=\d)[.,'\u2019](?=\d))\w+)*(?:[-\u2010\u2011](?=\s|$))?"
)
_NEEDS_CHECK = re.compile(r"[.:,'\u2019]")
_NUMBER = re.compile(r"^\d+(?:[-\u2010\u2011.,'\u2019]\d+)*$")


def _load_snowball() -> frozenset[str]:
    raw = resources.files("framing").joinpath("data/stopwords_snowball_en.txt").read_text("utf-8")
    words: set[str] = set()
    for line in raw.splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            words.update(line.split())
    return frozenset(words)


#: The Snowball English stop words (175), as quanteda's ``stopwords("en")``.
SNOWBALL_STOPWORDS: frozenset[str] = _load_snowball()


def is_number(token: str) -> bool:
    """Whether ``remove_numbers`` drops ``token``: digits and separators only.

    Examples
    --------
    >>> [is_number(t) for t in ["1970", "10,953", "3.5", "1970s", "co2", "2nd"]]
    [True, True, True, False, False, False]
    """
    return _NUMBER.match(token) is not None


class _TokenTable(dict):
    """Scanned word -> prepared tokens (a tuple, empty when the word is dropped).

    The scan splits text at non-word characters only; the exact joining
    rules, stop words and numbers are applied once per distinct word and
    remembered, so a corpus costs one dictionary look-up per word.
    """

    def __init__(self, stop: frozenset[str], remove_numbers: bool):
        super().__init__()
        self.stop = stop
        self.remove_numbers = remove_numbers

    def __missing__(self, word: str) -> tuple[str, ...]:
        parts = [word] if word.isalnum() else _EXACT.findall(word)
        out = tuple(
            p for p in parts if p.lower() not in self.stop and not (self.remove_numbers and _NUMBER.match(p))
        )
        self[word] = out
        return out


@lru_cache(maxsize=8)
def _table(stop: frozenset[str], remove_numbers: bool) -> _TokenTable:
    return _TokenTable(stop, remove_numbers)


def _words(text: str, remove_url: bool) -> list[str]:
    if "://" not in text and "www." not in text.lower():
        return _SIMPLE.findall(text)
    out: list[str] = []
    for tok in _SCAN.findall(text):
        if tok[0] in "hHwW" and (tok[:4].lower() == "www." or "://" in tok):
            if not remove_url:
                out.append(tok)
            continue
        out.append(tok)
    return out


def _phrase_tuples(phrases: Iterable[str | Sequence[str]] | None) -> list[tuple[str, ...]]:
    out = []
    for p in phrases or ():
        words = tuple(p.split()) if isinstance(p, str) else tuple(p)
        if len(words) > 1:
            out.append(tuple(w.lower() for w in words))
    return list(dict.fromkeys(out))


@lru_cache(maxsize=64)
def _phrase_index_cached(phrases: tuple) -> dict[str, list[tuple[str, ...]]]:
    index: dict[str, list[tuple[str, ...]]] = {}
    for p in _phrase_tuples(phrases):
        index.setdefault(p[0], []).append(p)
    return index


def _phrase_index(phrases) -> dict[str, list[tuple[str, ...]]]:
    key = tuple(p if isinstance(p, str) else tuple(p) for p in phrases)
    return _phrase_index_cached(key)


def compound_tokens(
    tokens: Sequence[str], phrases: Iterable[str | Sequence[str]], concatenator: str = "_"
) -> list[str]:
    """Join every occurrence of a phrase into one token, as ``tokens_compound``.

    Phrases are matched literally (no wildcards) on the given tokens.
    Overlapping or nested occurrences are joined into one compound spanning
    all of them, as quanteda does with its default ``join = TRUE``.

    Parameters
    ----------
    tokens : sequence of str
    phrases : iterable of str (words separated by spaces) or of token tuples
    concatenator : str
        Placed between the words of a compound.

    Examples
    --------
    >>> compound_tokens(["global", "warming", "and", "climate", "change"],
    ...                 ["global warming", "climate change"])
    ['global_warming', 'and', 'climate_change']
    >>> compound_tokens(["changing", "climate", "change"], ["changing climate", "climate change"])
    ['changing_climate_change']
    """
    index = _phrase_index(phrases)
    if not index or index.keys().isdisjoint(tokens):
        return list(tokens)
    spans: list[list[int]] = []
    n = len(tokens)
    for i in [i for i, t in enumerate(tokens) if t in index]:
        for p in index[tokens[i]]:
            k = len(p)
            if i + k <= n and tuple(tokens[i : i + k]) == p:
                end = i + k
                if spans and i < spans[-1][1]:  # overlaps the previous compound
                    spans[-1][1] = max(spans[-1][1], end)
                else:
                    spans.append([i, end])
    if not spans:
        return list(tokens)
    out: list[str] = []
    pos = 0
    for s, e in spans:
        out.extend(tokens[pos:s])
        out.append(concatenator.join(tokens[s:e]))
        pos = e
    out.extend(tokens[pos:])
    return out


def quanteda_tokens(
    text: str,
    *,
    lower: bool = True,
    stopwords: Iterable[str] | bool | None = True,
    remove_numbers: bool = True,
    remove_url: bool = True,
    phrases: Iterable[str | Sequence[str]] | None = None,
    concatenator: str = "_",
) -> list[str]:
    """Tokens of ``text`` prepared as the quanteda pipeline of the module docstring.

    Parameters
    ----------
    text : str
    lower : bool
        Lower-case the tokens (``tokens_tolower``).
    stopwords : bool or iterable of str
        ``True``: remove :data:`SNOWBALL_STOPWORDS`; an iterable: remove
        those words (matched after lower-casing); ``False``/``None``: keep all.
    remove_numbers, remove_url : bool
        As in ``tokens()``. Punctuation and symbols are always removed.
    phrases : iterable of str, optional
        Multi-word terms compounded *after* stop-word removal
        (``tokens_compound``); single words are ignored.
    concatenator : str

    Returns
    -------
    list of str

    Examples
    --------
    >>> quanteda_tokens("Health-care workers: the 2020 pandemic's toll", stopwords=True)
    ['health-care', 'workers', "pandemic's", 'toll']
    >>> quanteda_tokens("Net zero by 2050, net-zero now", phrases=["net zero"])
    ['net_zero', 'net-zero', 'now']
    """
    if stopwords is True:
        stop = SNOWBALL_STOPWORDS
    elif stopwords:
        stop = frozenset(w.lower() for w in stopwords)
    else:
        stop = frozenset()
    table = _table(stop, bool(remove_numbers))
    words = _words(text.lower() if lower else text, remove_url)
    toks = list(chain.from_iterable(map(table.__getitem__, words)))
    if phrases:
        toks = compound_tokens(toks, phrases, concatenator)
    return toks
