"""Discover wordings of a lexicon entry that its patterns do not match.

Candidates are the phrases of 2 to ``max_len`` tokens that contain at least
one *head word* of the entry (a content word of the phrases it matches),
begin and end with a content word, occur at least ``min_n`` times outside the
entry's matches, and are not matched by any of the entry's patterns. Each is
scored by three signals and their weighted sum:

``context``
    cosine between the mean ALC embedding of the candidate's occurrences
    (its contexts, see :mod:`framing.meaning.alc`) and the mean ALC
    embedding of the entry's matches;
``form``
    the highest cosine between the mean word vector of the candidate's
    content words and that of one of the entry's matched wordings;
``substitution``
    1 when the candidate is a run of tokens of one of the entry's matched
    wordings with one slot, or two adjacent slots, replaced (the other tokens
    equal, at least one of them a content word), else 0; halved for
    two-token candidates, where one kept word is a weak sign;
``heads``
    the share of the candidate's content words that are head words.

``score = 0.45 * context + 0.3 * form + 0.15 * substitution + 0.1 * heads``.
Fragments of the entry's own matched wordings ("cold war" of "cold war
mentality") are not candidates. The context signal, the costly one, is
computed for the 400 (or ``20 * top``) best candidates by the other three.
A candidate contained in a better-ranked one with nearly the same number of
occurrences (within 25 %) is dropped as a fragment of it.
"""

from __future__ import annotations

import typing
from collections import Counter, defaultdict

import numpy as np
import pandas as pd

from framing.errors import EmbeddingError
from framing.meaning.space import EmbeddingSpace, embedding_space, occurrence_embeddings

__all__ = ["Variants", "discover_variants"]

WEIGHTS = {"context": 0.45, "form": 0.3, "substitution": 0.15, "heads": 0.1}

# the columns of a Variants table, in order (an empty one has them too)
_COLUMNS = (
    "phrase",
    "n",
    "docs",
    "first_year",
    "score",
    "context",
    "form",
    "substitution",
    "heads",
    "example",
    "example_doc_id",
)


class Variants(pd.DataFrame):
    """Candidate wordings, best first (a DataFrame with :meth:`to_yaml`).

    Columns: ``phrase``, ``n`` (occurrences outside the entry's matches),
    ``docs``, ``first_year``, ``score``, ``context``, ``form``,
    ``substitution``, ``heads``, ``example`` (a passage), ``example_doc_id``.

    Examples
    --------
    Returned by :func:`discover_variants`:

    >>> import framing
    >>> texts = ["we call for true multilateralism in the world"] * 6 + [
    ...     "we call for genuine multilateralism in the world"] * 3 + [
    ...     "the weather is fine in the hills today"] * 6
    >>> c = framing.Corpus.from_texts(texts, year=list(range(2000, 2015)))
    >>> lex = framing.Lexicon.from_patterns({"tm": "true multilateralism"})
    >>> v = discover_variants(c, "tm", lex, top=3, dim=4, min_count=2, window=3, cache=False)
    >>> type(v).__name__, v.entry, v["phrase"].iloc[0]
    ('Variants', 'tm', 'genuine multilateralism')
    >>> print(v.to_yaml(n=1))
    entries:
      - id: tm
        variants:
          discovered:
            - "genuine multilateralism"  # n=3
    """

    _metadata: typing.ClassVar[list[str]] = ["entry"]

    @property
    def _constructor(self):
        return Variants

    def to_yaml(self, variant: str = "discovered", n: int | None = None) -> str:
        """A YAML stub of the entry with the candidates as one new variant.

        Paste it into a user lexicon after reading the examples: a candidate
        is a suggestion, not a verified wording.

        Examples
        --------
        >>> v = Variants({"phrase": ["genuine multilateralism"], "n": [3]})
        >>> v.entry = "true_multilateralism"
        >>> print(v.to_yaml())
        entries:
          - id: true_multilateralism
            variants:
              discovered:
                - "genuine multilateralism"  # n=3
        """
        rows = self if n is None else self.head(n)
        lines = [
            "entries:",
            f"  - id: {getattr(self, 'entry', 'entry')}",
            "    variants:",
            f"      {variant}:",
        ]
        for r in rows.itertuples():
            phrase = str(r.phrase).replace('"', "")
            lines.append(f'        - "{phrase}"  # n={int(r.n)}')
        return "\n".join(lines)


def _load_lexicon(lexicon):
    from framing.lexicon.core import Lexicon, load_lexicon

    if isinstance(lexicon, Lexicon):
        return lexicon
    if isinstance(lexicon, (list, tuple)):
        return load_lexicon(*lexicon)
    return load_lexicon(lexicon)


def discover_variants(
    corpus,
    entry: str,
    lexicon="slogans",
    top: int = 20,
    *,
    space: EmbeddingSpace | None = None,
    embeddings=None,
    window: int = 6,
    min_n: int = 2,
    max_len: int = 8,
    progress: bool = False,
    **train_options,
) -> Variants:
    """Rank phrases that may be unlisted wordings of a lexicon entry.

    Parameters
    ----------
    corpus : Corpus
    entry : str
        Entry id in ``lexicon``.
    lexicon : str, path, list of paths or Lexicon, default "slogans"
    top : int, default 20
        Rows returned.
    space : EmbeddingSpace, optional
        Prepared tokens, vectors and transform (see
        :func:`~framing.meaning.space.embedding_space`).
    embeddings : optional
        A user's vectors, when ``space`` is not given.
    window : int, default 6
    min_n : int, default 2
        Fewest occurrences of a candidate.
    max_len : int, default 8
        Longest candidate, in tokens (2 to 8).

    Returns
    -------
    Variants
        One row per candidate, best first (see the module notes for the score).

    Examples
    --------
    >>> import framing
    >>> texts = ["we call for true multilateralism in the world"] * 6 + [
    ...     "we call for genuine multilateralism in the world"] * 3 + [
    ...     "the weather is fine in the hills today"] * 6
    >>> c = framing.Corpus.from_texts(texts, year=list(range(2000, 2015)))
    >>> lex = framing.Lexicon.from_patterns({"tm": "true multilateralism"})
    >>> v = discover_variants(c, "tm", lex, top=3, dim=4, min_count=2, window=3, cache=False)
    >>> v["phrase"].iloc[0], int(v["n"].iloc[0]), int(v["first_year"].iloc[0])
    ('genuine multilateralism', 3, 2006)
    """
    from framing.lexicon.matcher import find_matches
    from framing.text.tokenize import STOPWORDS

    if not 2 <= max_len <= 8:
        raise EmbeddingError(f"max_len={max_len!r}: must be between 2 and 8")
    lex = _load_lexicon(lexicon)
    if entry not in lex:
        raise EmbeddingError(
            f"no entry {entry!r} in lexicon {lex.name!r}; entries: {', '.join(sorted(e.id for e in lex))}"
        )
    sub = lex.subset([entry])
    patterns = sub[entry].patterns
    if space is None:
        space = embedding_space(
            corpus, embeddings=embeddings, window=window, progress=progress, **train_options
        )
    corpus = space.corpus
    tokens = space.tokens
    matches = find_matches(corpus, sub)
    if matches.empty:
        raise EmbeddingError(
            f"entry {entry!r} matches nothing in the corpus: there is no use to compare candidates with"
        )
    pos = {d: i for i, d in enumerate(corpus.doc_ids)}
    matches = matches.assign(doc=matches["doc_id"].map(pos).astype(int))
    covered: dict[int, set[int]] = defaultdict(set)
    for d, s, e in zip(matches["doc"], matches["token_start"], matches["token_end"], strict=True):
        covered[d].update(range(s, e))

    def content(tok: str) -> bool:
        return tok not in STOPWORDS and any(ch.isalpha() for ch in tok)

    forms = Counter(tuple(f.split()) for f in matches["form"])
    heads = {t for f in forms for t in f if content(t)}
    emb = space.embeddings

    def spans():
        """``(doc, start, end)`` of every candidate occurrence, once each."""
        for d, toks in enumerate(tokens):
            cov = covered.get(d, ())
            n = len(toks)
            for i, t in enumerate(toks):
                if t not in heads or i in cov:
                    continue
                for s in range(max(0, i - max_len + 1), i + 1):
                    if not content(toks[s]) or any(j in cov for j in range(s, i)):
                        continue
                    # a phrase is counted at its first head word only
                    if any(toks[j] in heads for j in range(s, i)):
                        continue
                    for e in range(max(i + 1, s + 2), min(n, s + max_len) + 1):
                        if e - 1 in cov:
                            break
                        if content(toks[e - 1]):
                            yield d, s, e

    counts: Counter = Counter()
    where: dict[tuple, list] = {}
    years = corpus.docs["year"].to_numpy() if "year" in corpus.docs else None
    for d, s, e in spans():
        key = tuple(tokens[d][s:e])
        counts[key] += 1
        lst = where.setdefault(key, [])
        if len(lst) < 200:
            lst.append((d, s, e))
    cands = [k for k, c in counts.items() if c >= min_n and not any(p.matches(list(k)) for p in patterns)]
    if not cands:
        return Variants(columns=list(_COLUMNS))
    cand_set = set(cands)
    docs: dict[tuple, set] = defaultdict(set)
    first: dict[tuple, float] = {}
    for d, s, e in spans():
        key = tuple(tokens[d][s:e])
        if key in cand_set:
            docs[key].add(d)
            if years is not None and not pd.isna(years[d]):
                y = float(years[d])
                first[key] = min(first.get(key, y), y)

    # the entry's own signature
    occ = matches[["doc", "token_start", "token_end"]]
    Y, ok = occurrence_embeddings(space, occ)
    entry_ctx = Y[ok].mean(axis=0) if ok.any() else np.zeros(emb.dim)

    def form_vec(words):
        ids = emb.ids([w for w in words if content(w)])
        ids = ids[ids >= 0]
        return emb.vectors[ids].mean(axis=0) if len(ids) else None

    form_vecs = [v for v in (form_vec(f) for f in forms) if v is not None]
    F = np.vstack(form_vecs) if form_vecs else np.zeros((0, emb.dim))
    Fu = F / np.maximum(np.linalg.norm(F, axis=1, keepdims=True), 1e-12)

    def cos(a, b):
        na, nb = np.linalg.norm(a), np.linalg.norm(b)
        return float(a @ b / (na * nb)) if na and nb else 0.0

    def fragment_of_form(key):
        return any(_contains(f, key) for f in forms)

    rows = []
    for key in cands:
        if fragment_of_form(key):
            continue
        fv = form_vec(key)
        form = (
            float((Fu @ (fv / max(np.linalg.norm(fv), 1e-12))).max()) if (fv is not None and len(Fu)) else 0.0
        )
        subst = float(any(_substitutes(key, f, content) for f in forms))
        if len(key) == 2:
            subst /= 2  # one word kept of two: a weaker sign than a kept frame
        cw = [t for t in key if content(t)]
        head_share = sum(t in heads for t in cw) / len(cw) if cw else 0.0
        rows.append(
            {
                "key": key,
                "phrase": " ".join(key),
                "n": counts[key],
                "docs": len(docs[key]),
                "first_year": first.get(key, np.nan),
                "context": 0.0,
                "form": form,
                "substitution": subst,
                "heads": head_share,
            }
        )
    # the context signal (the costly one) only for the best by the other signals
    rows.sort(
        key=lambda r: (
            -(
                WEIGHTS["form"] * r["form"]
                + WEIGHTS["substitution"] * r["substitution"]
                + WEIGHTS["heads"] * r["heads"]
            )
        )
    )
    rows = rows[: max(400, 20 * top)]
    for r in rows:
        o = pd.DataFrame(where[r["key"]], columns=["doc", "token_start", "token_end"])
        Yc, okc = occurrence_embeddings(space, o)
        r["context"] = cos(Yc[okc].mean(axis=0), entry_ctx) if okc.any() else 0.0
        r["score"] = sum(WEIGHTS[k] * r[k] for k in WEIGHTS)
    if not rows:
        return Variants(columns=list(_COLUMNS))
    table = pd.DataFrame(rows).sort_values(
        ["score", "n", "phrase"], ascending=[False, False, True], kind="stable"
    )
    kept: list[dict] = []
    for r in table.to_dict("records"):
        k = r["key"]
        fragment = any(
            _contains(b["key"], k) and b["n"] >= 0.75 * r["n"] and r["n"] <= 1.25 * b["n"] for b in kept
        )
        if not fragment:
            kept.append(r)
        if len(kept) >= top:
            break
    out = pd.DataFrame(kept)
    texts = corpus.texts
    from framing.text.tokenize import tokenize_spans

    examples, ex_ids = [], []
    for r in kept:
        d, s, e = where[r["key"]][0]
        sp = tokenize_spans(texts[d])
        lo = sp[max(0, s - window)][1]
        hi = sp[min(len(sp), e + window) - 1][2]
        examples.append(" ".join(texts[d][lo:hi].split()))
        ex_ids.append(corpus.doc_ids[d])
    out["example"] = examples
    out["example_doc_id"] = ex_ids
    out["first_year"] = out["first_year"].astype("Int64")
    out = out[list(_COLUMNS)].reset_index(drop=True)
    result = Variants(out)
    result.entry = entry
    return result


def _substitutes(key: tuple, form: tuple, content) -> bool:
    """``key`` is a run of ``form``'s tokens with one slot, or two adjacent slots,
    replaced, keeping at least one content word."""
    k = len(key)
    for i in range(len(form) - k + 1):
        window = form[i : i + k]
        diff = [j for j in range(k) if window[j] != key[j]]
        if (
            diff
            and (len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1))
            and any(content(window[j]) for j in range(k) if j not in diff)
        ):
            return True
    return False


def _contains(big: tuple, small: tuple) -> bool:
    k = len(small)
    return len(big) > k and any(big[i : i + k] == small for i in range(len(big) - k + 1))
