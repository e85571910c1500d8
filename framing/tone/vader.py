"""Fast re-implementation of the VADER sentiment rules (vaderSentiment 3.3.2).

The scores equal those of ``vaderSentiment.vaderSentiment.SentimentIntensityAnalyzer
().polarity_scores`` for every input string, including that implementation's
quirks (see :class:`VaderScorer`). Speed comes from three things:

* every distinct white-space token is analysed once (punctuation stripping,
  lower-casing, lexicon, booster and negation look-ups) and the result is kept
  in a per-scorer cache, so a sentence costs one dictionary look-up per token;
* context rules (boosters, negation, idioms, "least") are evaluated only for
  tokens that carry a lexicon valence, and a sentence without any such token
  takes a constant-time exit;
* emoji replacement is a single regular-expression pass that runs only for
  non-ASCII text.

The lexicons are read at run time from the installed ``vaderSentiment``
package (``vader_lexicon.txt`` and ``emoji_utf8_lexicon.txt``); nothing is
downloaded.

Reference: Hutto, C.J. & Gilbert, E.E. (2014). VADER: A Parsimonious Rule-based
Model for Sentiment Analysis of Social Media Text. ICWSM-14.
"""

from __future__ import annotations

import math
import re
from importlib import resources
from itertools import compress
from operator import itemgetter
from pathlib import Path

__all__ = ["VaderScorer", "default_scorer", "VADER_COLUMNS"]

VADER_COLUMNS = ("neg", "neu", "pos", "compound")

# Empirical constants of the VADER paper.
_BOOST = 0.293
_CAPS = 0.733
_NEG = -0.74
_EXCLAMATION = 0.292
_QUESTION = 0.18
_QUESTION_MAX = 0.96
_ALPHA = 15

_PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"

_NEGATIONS = frozenset(
    """aint arent cannot cant couldnt darent didnt doesnt ain't aren't can't
    couldn't daren't didn't doesn't dont hadnt hasnt havent isnt mightnt mustnt
    neither don't hadn't hasn't haven't isn't mightn't mustn't neednt needn't
    never none nope nor not nothing nowhere oughtnt shant shouldnt uhuh wasnt
    werent oughtn't shan't shouldn't uh-uh wasn't weren't without wont wouldnt
    won't wouldn't rarely seldom despite""".split()
)

_UP_WORDS = """absolutely amazingly awfully completely considerable considerably
    decidedly deeply effing enormous enormously entirely especially exceptional
    exceptionally extreme extremely fabulously flipping flippin frackin fracking
    fricking frickin frigging friggin fully fuckin fucking fuggin fugging greatly
    hella highly hugely incredible incredibly intensely major majorly more most
    particularly purely quite really remarkably so substantially thoroughly total
    totally tremendous tremendously uber unbelievably unusually utter utterly
    very""".split()
_DOWN_WORDS = """almost barely hardly kinda kindof kind-of less little marginal
    marginally occasional occasionally partly scarce scarcely slight slightly
    somewhat sorta sortof sort-of""".split()
# Degree adverbs of one token; the two-token dampeners are handled as pairs.
_BOOSTERS = {**{w: _BOOST for w in _UP_WORDS}, **{w: -_BOOST for w in _DOWN_WORDS}}
_BOOSTER_PAIRS = {("just", "enough"): -_BOOST, ("kind", "of"): -_BOOST, ("sort", "of"): -_BOOST}

# Fixed phrases that override the valence of the lexicon word they contain.
_IDIOMS = {
    ("the", "shit"): 3.0,
    ("the", "bomb"): 3.0,
    ("bad", "ass"): 1.5,
    ("bus", "stop"): 0.0,
    ("yeah", "right"): -2.0,
    ("kiss", "of", "death"): -1.5,
    ("to", "die", "for"): 3.0,
    ("beating", "heart"): 3.5,
}

_ZERO = (0.0, 1.0, 0.0, 0.0)
_EMPTY = (0.0, 0.0, 0.0, 0.0)

# Fields of a cached token record.
_LOW, _UPPER, _VALENCE, _IN_LEX, _BOOSTER, _NEGATING, _HIT = range(7)
_get_low = itemgetter(_LOW)
_get_upper = itemgetter(_UPPER)
_get_hit = itemgetter(_HIT)

# First word pairs of the idioms and two-word dampeners: no idiom rule can
# apply unless one of these pairs occurs next to a lexicon word.
_IDIOM_STARTS = frozenset(key[:2] for key in _IDIOMS) | frozenset(_BOOSTER_PAIRS)
_IDIOM_FIRST = frozenset(key[0] for key in _IDIOM_STARTS)


def _read_package_file(name: str) -> str:
    return resources.files("vaderSentiment").joinpath(name).read_text(encoding="utf-8")


def _parse_lexicon(raw: str, source: str) -> dict[str, float]:
    table: dict[str, float] = {}
    for lineno, line in enumerate(raw.rstrip("\n").split("\n"), start=1):
        if not line:
            continue
        fields = line.strip().split("\t")
        if len(fields) < 2:
            raise ValueError(f"{source}, line {lineno}: expected 'token<TAB>valence', got {line!r}")
        try:
            table[fields[0]] = float(fields[1])
        except ValueError:
            raise ValueError(
                f"{source}, line {lineno}: valence of {fields[0]!r} is not a number: {fields[1]!r}"
            ) from None
    return table


def _parse_emoji(raw: str, source: str) -> dict[str, str]:
    table: dict[str, str] = {}
    for lineno, line in enumerate(raw.rstrip("\n").split("\n"), start=1):
        fields = line.strip().split("\t")
        if len(fields) < 2:
            raise ValueError(f"{source}, line {lineno}: expected 'emoji<TAB>description', got {line!r}")
        table[fields[0]] = fields[1]
    return table


class _TokenTable(dict):
    """Cache of per-token records, filled on first sight of a token."""

    def __init__(self, lexicon: dict[str, float], limit: int = 1_000_000):
        super().__init__()
        self.lexicon = lexicon
        self.limit = limit

    def __missing__(self, token: str):
        word = token.strip(_PUNCTUATION)
        if len(word) <= 2:  # emoticons such as ":)" keep their punctuation
            word = token
        low = word.lower()
        valence = self.lexicon.get(low)
        booster = _BOOSTERS.get(low)
        record = (
            low,
            word.isupper(),
            valence if booster is None else None,  # a degree adverb scores 0
            valence is not None,
            booster,
            low in _NEGATIONS or "n't" in low,
            valence is not None and booster is None,
        )
        if len(self) >= self.limit:
            self.clear()
        self[token] = record
        return record


class VaderScorer:
    """Score texts with the VADER rules and lexicon.

    Parameters
    ----------
    lexicon : dict or path, optional
        ``{token: valence}`` or a path to a file in the ``vader_lexicon.txt``
        format. Default: the lexicon of the installed ``vaderSentiment``.
    emoji : dict or path, optional
        ``{emoji: description}`` or a path in the ``emoji_utf8_lexicon.txt``
        format. Default: the emoji table of the installed ``vaderSentiment``.

    Notes
    -----
    The rules follow vaderSentiment 3.3.2 exactly, including behaviour that
    looks accidental but changes scores, so that results are interchangeable
    with published work that used that package:

    * tokens are white-space separated; leading/trailing punctuation is
      stripped unless fewer than three characters would remain, so a lone
      "-" or "..." is a (neutral) token that counts towards ``neu``;
    * after "but", the adjustment (x0.5 before, x1.5 after) is applied to the
      *first* sentence position holding an equal value, so repeated values
      can be adjusted twice while a later copy is left unchanged;
    * a lexicon word right after "so" or "this" is multiplied by 1.25 (the
      rule meant for "never so good") even without "never", whenever three
      or more words precede it and the third one back is not a lexicon word;
    * a degree adverb ("very", "incredible", "major" ...) scores 0 even when
      it is also a lexicon word;
    * idioms ("the shit", "kiss of death", ...) and two-word dampeners
      ("kind of", "sort of") are only checked when the third word before
      the lexicon word is not itself a lexicon word;
    * an empty text gets ``neu = 0``, a text whose tokens carry no valence
      ``neu = 1``.

    Examples
    --------
    >>> scorer = VaderScorer()
    >>> scorer.polarity_scores("The book was good.")
    {'neg': 0.0, 'neu': 0.508, 'pos': 0.492, 'compound': 0.4404}
    >>> scorer.score("The plot was NOT good!!")
    (0.428, 0.572, 0.0, -0.457)
    """

    def __init__(self, lexicon=None, emoji=None):
        if lexicon is None:
            lexicon = _parse_lexicon(_read_package_file("vader_lexicon.txt"), "vader_lexicon.txt")
        elif isinstance(lexicon, (str, Path)):
            lexicon = _parse_lexicon(Path(lexicon).read_text(encoding="utf-8"), str(lexicon))
        if emoji is None:
            emoji = _parse_emoji(_read_package_file("emoji_utf8_lexicon.txt"), "emoji_utf8_lexicon.txt")
        elif isinstance(emoji, (str, Path)):
            emoji = _parse_emoji(Path(emoji).read_text(encoding="utf-8"), str(emoji))
        self.lexicon = dict(lexicon)
        self.emoji = dict(emoji)
        self._tokens = _TokenTable(self.lexicon)
        # Only single code points can ever be replaced (text is scanned one
        # character at a time).
        singles = sorted(c for c in self.emoji if len(c) == 1)
        self._emoji_re = re.compile("[" + "".join(re.escape(c) for c in singles) + "]") if singles else None
        self._emoji_chars = frozenset(singles)
        self._least_in_lexicon = "least" in self.lexicon

    # -- text preparation --------------------------------------------------

    def _replace_emoji(self, text: str) -> str:
        emoji = self.emoji

        def describe(m):
            start = m.start()
            if start and text[start - 1] != " ":
                return " " + emoji[m.group()]
            return emoji[m.group()]

        return self._emoji_re.sub(describe, text)

    # -- scoring -------------------------------------------------------------

    def score(self, text: str) -> tuple[float, float, float, float]:
        """Return ``(neg, neu, pos, compound)`` for one text."""
        if not isinstance(text, str):
            raise TypeError(f"expected a str, got {type(text).__name__}: {text!r}")
        if not text.isascii() and not self._emoji_chars.isdisjoint(text):
            text = self._replace_emoji(text)
        records = list(map(self._tokens.__getitem__, text.split()))
        n = len(records)
        if n == 0:
            return _EMPTY
        hits = list(compress(range(n), map(_get_hit, records)))
        if not hits:
            return _ZERO
        low = list(map(_get_low, records))
        n_upper = sum(map(_get_upper, records))
        caps = 0 < n - n_upper < n
        valence = self._valence
        if "but" in low:
            sentiments = [0] * n
            for i in hits:
                sentiments[i] = valence(i, records, low, caps, n)
            _contrast(sentiments, low.index("but"))
            values = [sentiments[i] for i in hits]
        else:
            values = [valence(i, records, low, caps, n) for i in hits]
        return _summarise(values, n, text)

    def _valence(self, i, records, low, caps, n):
        word = low[i]
        base = records[i][_VALENCE]
        if word == "kind" and i < n - 1 and low[i + 1] == "of":
            return 0
        valence = base
        if word == "no" and i != n - 1 and records[i + 1][_IN_LEX]:
            valence = 0.0
        if (
            (i > 0 and low[i - 1] == "no")
            or (i > 1 and low[i - 2] == "no")
            or (i > 2 and low[i - 3] == "no" and low[i - 1] in ("or", "nor"))
        ):
            valence = base * _NEG
        if caps and records[i][_UPPER]:
            valence = valence + _CAPS if valence > 0 else valence - _CAPS

        # Up to three preceding tokens that are not lexicon words modify it.
        for k in (0, 1, 2):
            if i <= k:
                break
            j = i - k - 1
            before = records[j]
            if before[_IN_LEX]:
                continue
            boost = before[_BOOSTER]
            if boost is not None:
                scalar = -boost if valence < 0 else boost
                if caps and before[_UPPER]:
                    scalar = scalar + _CAPS if valence > 0 else scalar - _CAPS
                if scalar != 0:
                    if k == 1:
                        scalar = scalar * 0.95
                    elif k == 2:
                        scalar = scalar * 0.9
                valence = valence + scalar
            if k == 0:
                if before[_NEGATING]:
                    valence = valence * _NEG
            elif k == 1:
                w2, w1 = low[i - 2], low[i - 1]
                if w2 == "never" and (w1 == "so" or w1 == "this"):
                    valence = valence * 1.25
                elif w2 == "without" and w1 == "doubt":
                    pass
                elif before[_NEGATING]:
                    valence = valence * _NEG
            else:
                w3, w2, w1 = low[i - 3], low[i - 2], low[i - 1]
                if (w3 == "never" and (w2 == "so" or w2 == "this")) or (w1 == "so" or w1 == "this"):
                    valence = valence * 1.25
                elif w3 == "without" and (w2 == "doubt" or w1 == "doubt"):
                    pass
                elif before[_NEGATING]:
                    valence = valence * _NEG
                if (
                    (w3 in _IDIOM_FIRST and (w3, w2) in _IDIOM_STARTS)
                    or (w2 in _IDIOM_FIRST and (w2, w1) in _IDIOM_STARTS)
                    or (w1 in _IDIOM_FIRST and (w1, word) in _IDIOM_STARTS)
                    or (word in _IDIOM_FIRST and i < n - 1 and (word, low[i + 1]) in _IDIOM_STARTS)
                ):
                    valence = _idioms(valence, low, i, n)

        if not self._least_in_lexicon and i > 0 and low[i - 1] == "least":
            if i > 1:
                if low[i - 2] != "at" and low[i - 2] != "very":
                    valence = valence * _NEG
            else:
                valence = valence * _NEG
        return valence

    def polarity_scores(self, text: str) -> dict[str, float]:
        """Scores of one text as ``{"neg", "neu", "pos", "compound"}``."""
        return dict(zip(VADER_COLUMNS, self.score(text)))

    def score_many(self, texts) -> list[tuple[float, float, float, float]]:
        """``(neg, neu, pos, compound)`` for each text of an iterable."""
        score = self.score
        out = []
        for k, text in enumerate(texts):
            try:
                out.append(score(text))
            except TypeError as exc:
                raise TypeError(f"text {k}: {exc}") from None
        return out


def _idioms(valence, low, i, n):
    """Apply the fixed-phrase valences and the two-word dampeners."""
    w3, w2, w1, w0 = low[i - 3], low[i - 2], low[i - 1], low[i]
    for key in ((w1, w0), (w2, w1, w0), (w2, w1), (w3, w2, w1), (w3, w2)):
        if key in _IDIOMS:
            valence = _IDIOMS[key]
            break
    if n - 1 > i:
        key = (w0, low[i + 1])
        if key in _IDIOMS:
            valence = _IDIOMS[key]
    if n - 1 > i + 1:
        key = (w0, low[i + 1], low[i + 2])
        if key in _IDIOMS:
            valence = _IDIOMS[key]
    for key in ((w3, w2), (w2, w1)):
        if key in _BOOSTER_PAIRS:
            valence = valence + _BOOSTER_PAIRS[key]
    return valence


def _contrast(sentiments: list, but: int) -> None:
    """Halve valences before "but" and raise those after it by half.

    Each value is applied to the first position that holds an equal value,
    as vaderSentiment does; zero values are unaffected either way.
    """
    for p in range(len(sentiments)):
        value = sentiments[p]
        if value == 0:
            continue
        at = sentiments.index(value)
        if at < but:
            sentiments[at] = value * 0.5
        elif at > but:
            sentiments[at] = value * 1.5


def _summarise(values: list, n: int, text: str) -> tuple[float, float, float, float]:
    """Compound and proportion scores from the valences of the lexicon words.

    ``values`` are the valences in text order; the other ``n - len(values)``
    tokens are neutral. Sums run in text order, so results are bit-identical
    to summing over all tokens.
    """
    total = float(sum(values))
    bangs = text.count("!")
    emphasis = min(bangs, 4) * _EXCLAMATION
    questions = text.count("?")
    if questions > 1:
        emphasis += questions * _QUESTION if questions <= 3 else _QUESTION_MAX
    if total > 0:
        total += emphasis
    elif total < 0:
        total -= emphasis
    compound = total / math.sqrt(total * total + _ALPHA)
    if compound < -1.0:
        compound = -1.0
    elif compound > 1.0:
        compound = 1.0

    pos_sum = 0.0
    neg_sum = 0.0
    neutral = n - len(values)
    for s in values:
        if s > 0:
            pos_sum += float(s) + 1
        elif s < 0:
            neg_sum += float(s) - 1
        else:
            neutral += 1
    if pos_sum > -neg_sum:
        pos_sum += emphasis
    elif pos_sum < -neg_sum:
        neg_sum -= emphasis
    denom = pos_sum + math.fabs(neg_sum) + neutral
    return (
        round(math.fabs(neg_sum / denom), 3),
        round(math.fabs(neutral / denom), 3),
        round(math.fabs(pos_sum / denom), 3),
        round(compound, 4),
    )


_DEFAULT: VaderScorer | None = None


def default_scorer() -> VaderScorer:
    """The shared :class:`VaderScorer` with the package lexicons (built once)."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = VaderScorer()
    return _DEFAULT
