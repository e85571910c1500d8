"""Case-aware terms: acronyms keep their capitals, every other word is lower-cased.

Counting words usually starts by lower-casing the text. In English that
merges acronyms into common words: "US" (the United States) becomes the stop
word "us", "WHO" (the World Health Organization) becomes "who", "IT"
becomes "it", and they vanish with the stop words. :func:`case_tokens`
decides on the original case instead:

- a token is an **acronym** when it has at least two letters and no
  lower-case letter ("US", "WHO", "UN", "NATO", "U.S."; not "G20" or "I");
- in a **mixed-case** text (at most half of its tokens are written in
  capitals) an acronym whose lower-case form is a stop word ("US", "WHO",
  "IT", "IS") is kept as written, unless it stands in a run of three or
  more all-capital words (a heading or a shouted phrase such as "THE WAY
  FORWARD"), which is lower-cased like the rest. Other acronyms are
  lower-cased: "NATO" and the BBC's "Nato", "COVID-19" and "Covid-19" are
  one term, so an outlet's house style does not pass for a difference in
  vocabulary;
- in an all-capital text (a headline in capitals) every word is
  lower-cased: case carries no information there;
- every other token is lower-cased.

Stop words are lower-case words, so they are then removed without touching
the acronyms: "US" survives next to the removed "us". The same rule serves
keyness and collocations (:mod:`framing.compare`) and topic-model
vocabularies (:mod:`framing.topics.dtm`).

Examples
--------
>>> case_tokens("The US told us that WHO and who matter. IT is not it.")
['the', 'US', 'told', 'us', 'that', 'WHO', 'and', 'who', 'matter', 'IT', 'is', 'not', 'it']
>>> case_tokens("US SAYS WHO MUST ACT")
['us', 'says', 'who', 'must', 'act']
>>> case_tokens("Read the chapter THE WAY FORWARD of the report by the US.")[3:7]
['the', 'way', 'forward', 'of']
>>> case_tokens("Read the chapter THE WAY FORWARD of the report by the US.")[-1]
'US'
>>> case_tokens("NATO, Nato and the UN")
['nato', 'nato', 'and', 'the', 'un']

"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["case_tokens", "case_terms", "is_acronym", "is_mixed_case", "term_key"]


def _lower(token: str) -> str:
    """Lower case as the tokeniser does it ("\u0130" becomes "i", one character)."""
    return token.replace("\u0130", "i").lower() if "\u0130" in token else token.lower()


# Runs of this many all-capital words or more are headings, not acronyms.
CAPS_RUN = 3


def is_acronym(token: str) -> bool:
    """At least two letters and no lower-case letter.

    Examples
    --------
    >>> [is_acronym(t) for t in ["US", "U.S.", "NATO", "G20", "I", "Us", "2022"]]
    [True, True, True, False, False, False, False]
    """
    letters = 0
    for c in token:
        if c.isalpha():
            if not c.isupper():
                return False
            letters += 1
    return letters >= 2


def is_mixed_case(text: str) -> bool:
    """True when at most half of the letters of ``text`` are capitals.

    Examples
    --------
    >>> is_mixed_case("The US said"), is_mixed_case("THE US SAID")
    (True, False)
    """
    upper = lower = 0
    for c in text:
        if c.isalpha():
            if c.isupper():
                upper += 1
            elif c.islower():
                lower += 1
    return upper <= lower


def case_terms(tokens: Sequence[str], mixed: bool = True) -> list[str]:
    """Lower-case ``tokens`` (in their original case) except acronyms that
    would become stop words.

    ``mixed`` says whether the text they come from is mixed-case (see
    :func:`is_mixed_case`); when it is not, every token is lower-cased.
    """
    from framing.text.tokenize import STOPWORDS

    if not mixed:
        return [_lower(t) for t in tokens]
    flags = [is_acronym(t) for t in tokens]
    out = []
    n = len(tokens)
    i = 0
    while i < n:
        if not flags[i]:
            out.append(_lower(tokens[i]))
            i += 1
            continue
        j = i
        while j < n and flags[j]:
            j += 1
        run = tokens[i:j]
        if len(run) >= CAPS_RUN:
            out.extend(_lower(t) for t in run)
        else:
            out.extend(t if _lower(t) in STOPWORDS else _lower(t) for t in run)
        i = j
    return out


def case_tokens(text: str) -> list[str]:
    """Tokens of ``text`` (as :func:`framing.text.tokenize.tokenize`) with the case rule applied.

    A text is mixed-case when at most half of its tokens are written in
    capitals (``str.isupper``).
    """
    from framing.text.tokenize import STOPWORDS as stop
    from framing.text.tokenize import tokenize

    tokens = tokenize(text, lower=False)
    caps = [i for i, t in enumerate(tokens) if t.isupper()]
    lowered = [_lower(t) for t in tokens]
    if not caps or 2 * len(caps) > len(tokens):
        return lowered
    run: list[int] = []
    for i in caps + [-2]:
        if i >= 0 and not is_acronym(tokens[i]):
            i = -2  # a one-letter capital ("I", "A") ends a run
        if run and i != run[-1] + 1:
            if len(run) < CAPS_RUN:
                for j in run:
                    if lowered[j] in stop:
                        lowered[j] = tokens[j]
            run = []
        if i >= 0:
            run.append(i)
    return lowered


def term_key(term: str) -> str:
    """The lower-case form a case-aware term is compared with in a lexicon or stop list."""
    return _lower(term)
