"""The passages behind a result: a deterministic sample of evidence for every row.

:func:`examples` takes a result frame of :mod:`framing` and the corpus it was
computed from and returns, for every group of the result (a source, a
period, an entry, a topic, an actor ...), a few passages of the original
texts that the number rests on:

``rates`` (slogan counts and rates, :func:`framing.rates`)
    Occurrences of each entry in the documents of each group, sampled
    across documents (one occurrence per document before a second one).
``frames`` (frame shares, :func:`framing.frame_shares`)
    Indicator occurrences of each frame, sampled the same way.
``tone`` (actor tone, :func:`framing.actor_tone` and its summary)
    The most positive and the most negative sentences naming each actor in
    each group (``side`` and ``score`` say which and how much).
``topics`` (document topics, topic prevalence, top terms)
    The most representative paragraphs of each topic, those with the
    highest topic proportion (stm's ``findThoughts``), with the topic's top
    terms marked.
``keyness`` (:func:`framing.keyness`)
    Contexts of each key term in the documents of its group.

Every passage is a span of the original text: ``text[start:end] ==
passage`` and ``text[match_start:match_end] == match``, the highlighted
span (the slogan, indicator, actor mention, term or first topic term).
``marks`` lists every highlighted ``(start, end)`` in the passage. Long
sentences and paragraphs are clipped to ``max_chars`` around the match.

Examples
--------
>>> from framing import Corpus
>>> from framing.lexicon.core import Lexicon
>>> corpus = Corpus.from_texts(
...     ["We build a community of shared future. Win-win cooperation matters.",
...      "A shared future for all.", "Nothing here."],
...     source=["CHN", "CHN", "USA"], year=[2015, 2016, 2015])
>>> lex = Lexicon.from_patterns({"csf": ["community of shared future", "shared future"]})
>>> from framing.lexicon.matcher import count_matches
>>> counts = count_matches(corpus, lex, by="source")
>>> ex = examples(counts, corpus, lexicon=lex)
>>> ex[["source", "entry", "example", "doc_id", "match", "start", "end"]]
  source entry  example doc_id                       match  start  end
0    CHN   csf        1   doc0  community of shared future      0   38
1    CHN   csf        2   doc1               shared future      0   24
>>> text = corpus["doc0"].text
>>> text[ex.loc[0, "start"]:ex.loc[0, "end"]] == ex.loc[0, "passage"]
True
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from framing._util import as_list as _as_list
from framing.corpus.grouping import columns_holding
from framing.corpus.grouping import label_key as _norm
from framing.errors import FramingError, MissingColumnError
from framing.text.tokenize import split_sentences, tokenize_spans

__all__ = ["EXAMPLE_COLUMNS", "KINDS", "detect_kind", "examples"]

KINDS = ("rates", "frames", "tone", "topics", "keyness")

#: Columns every example frame has after the key columns.
EXAMPLE_COLUMNS = [
    "example",
    "doc_id",
    "start",
    "end",
    "match_start",
    "match_end",
    "passage",
    "match",
    "marks",
]

# Result columns that are statistics, never grouping keys.
_NOT_KEYS = {
    "text",
    "n",
    "tokens",
    "docs",
    "docs_with",
    "mean",
    "ci_low",
    "ci_high",
    "n_rows",
    "note",
    "rate_per_10k",
    "estimate",
    "lower",
    "upper",
    "proportion",
    "label",
    "share",
    "hits",
    "start",
    "end",
    "sentence",
    "compound",
    "neg",
    "neu",
    "pos",
}


def detect_kind(result: pd.DataFrame) -> str:
    """The kind of a result frame, from its columns.

    Examples
    --------
    >>> import pandas as pd
    >>> detect_kind(pd.DataFrame(columns=["source", "entry", "n", "rate_per_10k"]))
    'rates'
    >>> detect_kind(pd.DataFrame(columns=["group", "term", "G2", "z"]))
    'keyness'
    """
    cols = set(result.columns)
    if {"term", "group"} <= cols and cols & {"G2", "z", "log_ratio", "delta", "lrc"}:
        return "keyness"
    if "topic" in cols:
        return "topics"
    if "actor" in cols:
        return "tone"
    if "frame" in cols:
        return "frames"
    if "entry" in cols:
        return "rates"
    raise FramingError(
        "cannot tell what kind of result this is from its columns "
        f"{list(result.columns)}; pass kind= one of {KINDS}"
    )


# --------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------


def _docs_frame(corpus) -> pd.DataFrame:
    if hasattr(corpus, "collect") and not hasattr(corpus, "docs"):
        corpus = corpus.collect()
    docs = corpus.docs if hasattr(corpus, "docs") else corpus
    if not isinstance(docs, pd.DataFrame) or not {"doc_id", "text"} <= set(docs.columns):
        raise FramingError("corpus must be a framing Corpus or a frame with doc_id and text")
    return docs.reset_index(drop=True)


def _period_width(result: pd.DataFrame) -> int:
    values = sorted({int(v) for v in pd.to_numeric(result["period"], errors="coerce").dropna()})
    if len(values) < 2:
        return 1
    return int(min(np.diff(values)))


def _with_keys(docs: pd.DataFrame, result: pd.DataFrame, keys: list[str], period_width=None):
    """``docs`` with a ``period`` column when a key needs it."""
    if "period" in keys and "period" not in docs.columns:
        if "year" not in docs.columns:
            raise MissingColumnError("the result has a 'period' column but the corpus no 'year'")
        width = period_width or _period_width(result)
        year = pd.to_numeric(docs["year"], errors="coerce")
        docs = docs.assign(period=(year // width) * width)
    return docs


def _key_columns(result: pd.DataFrame, docs: pd.DataFrame, by, exclude=()) -> list[str]:
    if by is not None:
        keys = _as_list(by)
        missing = [k for k in keys if k not in result.columns]
        if missing:
            raise MissingColumnError(
                f"by: column(s) {missing} not in the result; it has {list(result.columns)}"
            )
        return keys
    cols = set(docs.columns) | ({"period"} if "year" in docs.columns else set())
    return [
        c
        for c in result.columns
        if (c in cols and c not in _NOT_KEYS and c not in exclude and c != "doc_id")
        or (c == "doc_id" and c in docs.columns and c not in exclude)
    ]


def _doc_keys(docs: pd.DataFrame, keys: list[str]) -> list[tuple]:
    if not keys:
        return [()] * len(docs)
    cols = [docs[k].tolist() for k in keys]
    return [tuple(_norm(v) for v in row) for row in zip(*cols)]


class _Texts:
    """Original texts and their sentence spans, computed once per document."""

    def __init__(self, docs: pd.DataFrame):
        self.docs = docs
        self.texts = docs["text"].tolist()
        self.pos = {d: i for i, d in enumerate(docs["doc_id"].astype(str))}
        self._sents: dict[int, tuple[list[int], list[tuple[int, int]]]] = {}

    def sentences(self, i: int):
        got = self._sents.get(i)
        if got is None:
            spans = split_sentences(self.texts[i]) or [(0, len(self.texts[i]))]
            got = ([s for s, _ in spans], spans)
            self._sents[i] = got
        return got

    def sentence_around(self, i: int, s: int, e: int) -> tuple[int, int]:
        starts, spans = self.sentences(i)
        k = max(0, bisect.bisect_right(starts, s) - 1)
        ps, pe = spans[k]
        j = k
        while pe < e and j + 1 < len(spans):  # a match across a sentence end
            j += 1
            pe = spans[j][1]
        return min(ps, s), max(pe, e)


def _clip(text: str, ps: int, pe: int, ms: int, me: int, max_chars: int) -> tuple[int, int]:
    """A window of ``[ps, pe)`` of at most about ``max_chars`` that contains ``[ms, me)``."""
    if max_chars is None or pe - ps <= max_chars:
        return ps, pe
    room = max(0, max_chars - (me - ms))
    ns = max(ps, ms - room // 2)
    ne = min(pe, me + (room - (ms - ns)))
    ns = max(ps, min(ns, ne - max_chars))
    if ns > ps:  # start at a word
        sp = text.find(" ", ns, ms)
        if sp != -1:
            ns = sp + 1
    if ne < pe:
        sp = text.rfind(" ", me, ne)
        if sp != -1:
            ne = sp
    while ns < ms and text[ns].isspace():
        ns += 1
    while ne > me and text[ne - 1].isspace():
        ne -= 1
    return ns, ne


def _spread(cands: list[tuple], n: int, random_state) -> list[tuple]:
    """``n`` candidates drawn at random, one per document before a second one."""
    if len(cands) <= n:
        order = list(range(len(cands)))
    else:
        rng = np.random.default_rng(random_state)
        perm = rng.permutation(len(cands))
        seen: dict[Any, int] = {}
        rank: list[tuple[int, int, int]] = []
        for p in perm:
            d = cands[p][0]
            rank.append((seen.get(d, 0), len(rank), p))
            seen[d] = seen.get(d, 0) + 1
        order = [p for _, _, p in sorted(rank)[:n]]
    return [cands[p] for p in order]


def _frame(rows: list[dict], keys: list[str], docs: pd.DataFrame, extra: list[str]) -> pd.DataFrame:
    meta_cols = [c for c in docs.columns if c not in ("text", "doc_id") and c not in keys]
    cols = [*keys, *extra, *[c for c in EXAMPLE_COLUMNS if c not in keys]]
    out = pd.DataFrame(rows, columns=cols)
    out["example"] = out["example"].astype(np.int64)
    for c in ("start", "end", "match_start", "match_end"):
        out[c] = out[c].astype(np.int64)
    if rows:
        pos = pd.Index(docs["doc_id"].astype(str)).get_indexer(out["doc_id"].astype(str))
        meta = docs[meta_cols].iloc[pos].reset_index(drop=True)
    else:
        meta = docs[meta_cols].iloc[:0].reset_index(drop=True)
    # metadata named like a column of the passages (a segment's own "start"
    # and "end" in its document) is kept under a "meta_" prefix
    taken = set(out.columns)
    meta = meta.rename(columns={c: f"meta_{c}" for c in meta.columns if c in taken})
    return pd.concat([out, meta], axis=1)


def _row(
    key_vals: dict,
    rank: int,
    doc_id: str,
    text: str,
    ps: int,
    pe: int,
    marks: list[tuple[int, int]],
    extra: dict,
) -> dict:
    marks = sorted((s, e) for s, e in marks if ps <= s and e <= pe)
    ms, me = marks[0] if marks else (ps, ps)
    return {
        **key_vals,
        **extra,
        "example": rank,
        "doc_id": doc_id,
        "start": ps,
        "end": pe,
        "match_start": ms,
        "match_end": me,
        "passage": text[ps:pe],
        "match": text[ms:me],
        "marks": marks,
    }


def _passage_row(
    key_vals: dict,
    rank: int,
    texts: _Texts,
    p: int,
    ps: int,
    pe: int,
    marks: list[tuple[int, int]],
    max_chars: int,
    extra: dict,
) -> dict:
    """The row of document ``p``'s passage ``[ps, pe)``, clipped to ``max_chars``
    around the first of ``marks`` (or the passage's start when there is none)."""
    text = texts.texts[p]
    ms, me = marks[0] if marks else (ps, ps)
    ps, pe = _clip(text, ps, pe, ms, me, max_chars)
    return _row(key_vals, rank, texts.docs["doc_id"].iat[p], text, ps, pe, marks, extra)


def _unique_keys(result: pd.DataFrame, keys: list[str]) -> list[tuple[tuple, dict]]:
    """Distinct key combinations of the result, in order of first appearance."""
    out, seen = [], set()
    cols = [result[k].tolist() for k in keys]
    for vals in zip(*cols) if keys else [()]:
        norm = tuple(_norm(v) for v in vals)
        if norm in seen:
            continue
        seen.add(norm)
        out.append((norm, dict(zip(keys, vals))))
    return out


# --------------------------------------------------------------------------
# kinds
# --------------------------------------------------------------------------


def _match_examples(
    result,
    docs,
    n,
    random_state,
    by,
    lexicon,
    max_chars,
    entry_col,
    default_lexicon,
    period_width,
    max_rows,
    rows=None,
):
    from framing.corpus.core import Corpus
    from framing.lexicon.matcher import as_lexicon, find_matches

    if lexicon is None and default_lexicon is not None:
        lexicon = default_lexicon
    lex = as_lexicon(lexicon)
    group_keys = _key_columns(result, docs, by, exclude=(entry_col, "variant"))
    wanted = [str(e) for e in pd.unique(result[entry_col].astype(str))]
    unknown = [e for e in wanted if e not in lex.entries]
    if unknown:
        raise FramingError(
            f"entries {unknown[:5]} of the result are not in the lexicon "
            f"{lex.name!r}; pass the lexicon the result was computed with"
        )
    docs = _with_keys(docs, result, group_keys, period_width)
    doc_keys = _doc_keys(docs, group_keys)
    key_list = _unique_keys(
        result,
        group_keys
        + [entry_col]
        + (["variant"] if "variant" in result.columns and by is None and entry_col == "entry" else []),
    )
    if max_rows is not None:
        key_list = key_list[:max_rows]
    group_set = {k[: len(group_keys)] for k, _ in key_list}
    keep = np.array([k in group_set for k in doc_keys], dtype=bool)
    sub_docs = docs.loc[keep, [c for c in docs.columns if c != "period"]]
    texts = _Texts(docs)
    cands: dict[tuple, list] = {}
    use_variant = len(key_list[0][0]) > len(group_keys) + 1 if key_list else False
    sub_lex = lex.subset(wanted)
    index = pd.Index(docs["doc_id"].astype(str))
    # Which documents hold each row's matches: from ``rows`` (a matches frame,
    # e.g. of scan_corpus with offsets=False) or a scan without offsets; then
    # offsets are computed only in up to n sampled documents per row.
    if rows is None:
        from framing.lexicon.matcher import scan_corpus

        rows = (
            scan_corpus(Corpus(sub_docs, _validated=True), sub_lex, offsets=False)[0]
            if len(sub_docs)
            else None
        )
    chosen_docs: set[int] = set()
    if rows is not None and len(rows):
        need = [c for c in ("doc_id", "entry", "variant") if c not in rows.columns]
        if need:
            raise MissingColumnError(f"rows lacks the column(s) {need} of a matches frame")
        pre = rows[rows["entry"].astype(str).isin(wanted)]
        pos = index.get_indexer(pre["doc_id"].astype(str))
        holders: dict[tuple, list[int]] = {}
        for p, entry, variant in zip(pos, pre["entry"].astype(str), pre["variant"].astype(str)):
            if p < 0:
                continue
            key = doc_keys[p] + (entry,) + ((variant,) if use_variant else ())
            lst = holders.setdefault(key, [])
            if not lst or lst[-1] != p:
                lst.append(p)
        for key, _vals in key_list:
            docs_with = sorted(set(holders.get(key, [])))
            if len(docs_with) > n:
                rng = np.random.default_rng(random_state)
                docs_with = rng.choice(docs_with, size=n, replace=False).tolist()
            chosen_docs.update(docs_with)
    if chosen_docs:
        part = docs.iloc[sorted(chosen_docs)][[c for c in docs.columns if c != "period"]]
        matches = find_matches(Corpus(part.reset_index(drop=True), _validated=True), sub_lex)
        pos = index.get_indexer(matches["doc_id"].astype(str))
        for p, entry, variant, s, e in zip(
            pos, matches["entry"], matches["variant"], matches["start"], matches["end"]
        ):
            key = doc_keys[p] + (str(entry),) + ((str(variant),) if use_variant else ())
            cands.setdefault(key, []).append((p, int(s), int(e), str(variant)))
    rows = []
    for key, vals in key_list:
        chosen = _spread(cands.get(key, []), n, random_state)
        for rank, (p, s, e, variant) in enumerate(chosen, start=1):
            ps, pe = texts.sentence_around(p, s, e)
            more = {"variant": variant} if "variant" not in vals else {}
            rows.append(_passage_row(vals, rank, texts, p, ps, pe, [(s, e)], max_chars, more))
    keys = list(key_list[0][1]) if key_list else group_keys + [entry_col]
    extra = ["variant"] if "variant" not in keys else []
    return _frame(rows, keys, docs, extra)


def _actor_spans(table, name: str, text: str, s: int, e: int) -> list[tuple[int, int]]:
    """Spans of the mentions of actor ``name`` in ``text[s:e]``, found as
    :meth:`framing.tone.sentiment.Actors.find` finds them (same tokens, same matcher)."""
    toks: list[tuple[str, int, int]] = []
    for tok, ts, te in tokenize_spans(text[s:e], lower=False):
        ts, te = ts + s, te + s
        same = len(tok) == te - ts
        offset = 0
        for part in tok.split("-"):
            ps_, pe_ = (ts + offset, ts + offset + len(part)) if same else (ts, te)
            offset += len(part) + 1
            if part.endswith(("'s", "'S")):
                part, pe_ = part[:-2], (pe_ - 2 if same else pe_)
            elif part.endswith("'"):
                part, pe_ = part[:-1], (pe_ - 1 if same else pe_)
            if part:
                toks.append((part, ps_, pe_))
    words = [t for t, _, _ in toks]
    spans = {(toks[a][1], toks[b - 1][2]) for actor, a, b in table.mentions(words) if actor == name}
    return sorted(spans)


def _tone_examples(result, docs, n, by, actors, method, max_chars, period_width, max_rows, tone_rows):
    from framing.tone.sentiment import _resolve_actors, actor_tone

    group_keys = _key_columns(result, docs, by, exclude=("actor",))
    docs = _with_keys(docs, result, group_keys, period_width)
    key_list = _unique_keys(result, group_keys + ["actor"])
    if max_rows is not None:
        key_list = key_list[:max_rows]
    names = [str(a) for a in pd.unique(result["actor"].astype(str))]
    table = _resolve_actors(actors)
    unknown = [a for a in names if a not in table.actors]
    if unknown:
        raise FramingError(
            f"actors {unknown} of the result are not in the actor list "
            f"{table.name}; pass actors= the list the result was computed with"
        )
    doc_keys = _doc_keys(docs, group_keys)
    texts = _Texts(docs)
    rows_frame = tone_rows
    if rows_frame is None:
        if {"start", "end", "compound", "doc_id"} <= set(result.columns):
            rows_frame = result
        else:
            group_set = {k[: len(group_keys)] for k, _ in key_list}
            keep = np.array([k in group_set for k in doc_keys], dtype=bool)
            sub = docs.loc[keep, [c for c in docs.columns if c != "period"]]
            sel = {a: vars(table.actors[a]) for a in names}
            rows_frame = actor_tone(sub, sel, method=method, keep_text=False)
    score_col = (
        "compound"
        if "compound" in rows_frame.columns
        else next(
            (
                c
                for c in rows_frame.columns
                if c not in ("doc_id", "sentence", "start", "end", "actor")
                and pd.api.types.is_float_dtype(rows_frame[c])
            ),
            None,
        )
    )
    if score_col is None:
        raise MissingColumnError("the tone rows have no score column (compound)")
    pos = pd.Index(docs["doc_id"].astype(str)).get_indexer(rows_frame["doc_id"].astype(str))
    cands: dict[tuple, list] = {}
    for p, actor, s, e, score in zip(
        pos, rows_frame["actor"].astype(str), rows_frame["start"], rows_frame["end"], rows_frame[score_col]
    ):
        if p < 0:
            continue
        cands.setdefault(doc_keys[p] + (actor,), []).append((p, int(s), int(e), float(score)))
    rows = []
    for key, vals in key_list:
        found = cands.get(key, [])
        ordered = sorted(found, key=lambda c: (-c[3], texts.docs["doc_id"].iat[c[0]], c[1]))
        pos_side = [c for c in ordered if c[3] > 0][:n]
        neg_side = [c for c in reversed(ordered) if c[3] < 0][:n]
        rank = 0
        for side, chosen in (("positive", pos_side), ("negative", neg_side)):
            for p, s, e, score in chosen:
                rank += 1
                marks = _actor_spans(table, key[-1], texts.texts[p], s, e)
                more = {"side": side, "score": score}
                rows.append(_passage_row(vals, rank, texts, p, s, e, marks, max_chars, more))
    keys = list(key_list[0][1]) if key_list else group_keys + ["actor"]
    return _frame(rows, keys, docs, ["side", "score"])


def _keyness_examples(result, docs, n, random_state, by, max_chars, max_rows, group_col, tk=None):
    if group_col is None:
        group_col = result.attrs.get("by") if isinstance(result.attrs.get("by"), str) else None
    groups = {str(g) for g in pd.unique(result["group"].astype(str))}
    if group_col is None:
        group_col = next(iter(columns_holding(docs, groups)), None)
    parts = group_col.split("|") if group_col else []
    joined = len(parts) > 1 and all(c in docs.columns for c in parts)
    if not joined and (group_col is None or group_col not in docs.columns):
        raise MissingColumnError(
            f"cannot find the corpus column whose values are the keyness groups "
            f"{sorted(groups)[:5]}; pass by= the column keyness was grouped by"
        )
    table = result
    if max_rows is not None:
        table = result.groupby("group", sort=False, group_keys=False).head(max_rows)
    key_list = _unique_keys(table, ["group", "term"])
    wanted: dict[str, set[str]] = {}
    for (g, t), _ in key_list:
        wanted.setdefault(g, set()).add(t)
    if joined:  # grouped by several columns: labels "A|2020", as keyness makes them
        doc_group = docs[parts].astype(str).agg("|".join, axis=1).tolist()
    else:
        doc_group = [_norm(v) for v in docs[group_col].tolist()]
    texts = _Texts(docs)
    cands: dict[tuple, list] = {}
    if tk is not None and tk.folds_like_texts:
        # the corpus's token index: every token of a wanted term, with its offsets
        norm_index = tk.norm_index
        ids = sorted({norm_index[t] for ts in wanted.values() for t in ts if t in norm_index})
        pos = np.flatnonzero(np.isin(tk.norm_ids, np.asarray(ids, dtype=np.int64)))
        doc_of = tk.doc_index(pos)
        norms = tk.norms[tk.norm_ids[pos]].tolist()
        starts, ends = np.asarray(tk.starts)[pos].tolist(), np.asarray(tk.ends)[pos].tolist()
        for p, tok, s, e in zip(doc_of.tolist(), norms, starts, ends, strict=True):
            g = doc_group[p]
            if tok in wanted.get(g, ()):
                cands.setdefault((g, tok), []).append((p, s, e))
    else:
        for p, g in enumerate(doc_group):
            terms = wanted.get(g)
            if not terms:
                continue
            for tok, s, e in tokenize_spans(texts.texts[p]):
                if tok in terms:
                    cands.setdefault((g, tok), []).append((p, s, e))
    rows = []
    for key, vals in key_list:
        chosen = _spread(cands.get(key, []), n, random_state)
        for rank, (p, s, e) in enumerate(chosen, start=1):
            ps, pe = texts.sentence_around(p, s, e)
            rows.append(_passage_row(vals, rank, texts, p, ps, pe, [(s, e)], max_chars, {}))
    out = _frame(rows, ["group", "term"], docs, [])
    return out


def _term_marks(text: str, ps: int, pe: int, terms: Sequence[str]) -> list[tuple[int, int]]:
    """Spans of ``terms`` (phrases joined with ``_``) within ``text[ps:pe]``."""
    toks = tokenize_spans(text[ps:pe])
    words = [t for t, _, _ in toks]
    marks = []
    seqs = [tuple(t.split("_")) if "_" in t and t not in words else (t,) for t in terms]
    for i in range(len(words)):
        for seq in seqs:
            if tuple(words[i : i + len(seq)]) == seq:
                marks.append((ps + toks[i][1], ps + toks[i + len(seq) - 1][2]))
    return marks


def _topic_examples(result, docs, n, by, model, max_chars, paragraph_tokens, n_terms, max_rows, doc_topics):
    from framing.topics.dtm import split_paragraphs

    if doc_topics is None:
        if {"doc_id", "topic", "proportion"} <= set(result.columns):
            doc_topics = result
        elif model is not None:
            doc_topics = model.document_topics()
        else:
            raise FramingError(
                "topic examples need the fitted model: pass model=TopicModel "
                "(or a document_topics() frame as the result)"
            )
    top_terms: dict[int, list[str]] = {}
    if model is not None:
        tt = model.top_terms(n_terms)
        for k, g in tt.groupby("topic", sort=False):
            top_terms[int(k)] = g["term"].tolist()
    meta = doc_topics.drop_duplicates("doc_id")
    cand_keys = [c for c in _key_columns(result, meta, by, exclude=("topic",)) if c != "doc_id"]
    keys = []
    for c in cand_keys:  # a key whose values are not those of the documents (a grid) is dropped
        have = {_norm(v) for v in meta[c].unique()} if c in meta.columns else set()
        if c in meta.columns and {_norm(v) for v in result[c].unique()} <= have:
            keys.append(c)
    key_list = _unique_keys(result, ["topic", *keys])
    if max_rows is not None:
        key_list = key_list[:max_rows]
    texts = _Texts(docs)
    dt = doc_topics
    dt_keys = [tuple(_norm(v) for v in row) for row in zip(dt["topic"], *[dt[c] for c in keys])]
    order = np.lexsort((dt["doc_id"].astype(str).to_numpy(), -dt["proportion"].to_numpy(float)))
    by_key: dict[tuple, list[int]] = {}
    for i in order:
        lst = by_key.setdefault(dt_keys[i], [])
        if len(lst) < n:
            lst.append(i)
    has_parent = "parent_id" in dt.columns and "paragraph" in dt.columns
    rows = []
    for key, vals in key_list:
        topic = int(float(key[0]))
        terms = top_terms.get(topic, [])
        for rank, i in enumerate(by_key.get(key, []), start=1):
            parent = str(dt["parent_id"].iat[i]) if has_parent else str(dt["doc_id"].iat[i])
            p = texts.pos.get(parent)
            if p is None:
                raise FramingError(
                    f"document {parent!r} of the topic model is not in the corpus; "
                    "pass the corpus the model was fitted to"
                )
            text = texts.texts[p]
            if has_parent and pd.notna(dt["paragraph"].iat[i]):
                spans = split_paragraphs(text, min_tokens=paragraph_tokens)
                k = int(dt["paragraph"].iat[i]) - 1
                ps, pe = spans[k] if 0 <= k < len(spans) else (0, len(text))
            else:
                spans = split_paragraphs(text, min_tokens=paragraph_tokens)
                ps, pe = max(spans, key=lambda sp: (len(_term_marks(text, sp[0], sp[1], terms)), -sp[0]))
            marks = _term_marks(text, ps, pe, terms) if terms else []
            more = {"unit_id": str(dt["doc_id"].iat[i]), "score": float(dt["proportion"].iat[i])}
            rows.append(_passage_row(vals, rank, texts, p, ps, pe, marks, max_chars, more))
    return _frame(rows, ["topic", *keys], docs, ["unit_id", "score"])


# --------------------------------------------------------------------------
# public
# --------------------------------------------------------------------------


def examples(
    result: pd.DataFrame,
    corpus,
    n: int = 3,
    random_state: int = 0,
    *,
    kind: str | None = None,
    by=None,
    lexicon: Any = None,
    actors: Any = None,
    method: Any = "vader",
    model=None,
    max_chars: int = 400,
    paragraph_tokens: int = 20,
    n_terms: int = 10,
    max_rows: int | None = None,
    period_width: int | None = None,
    rows: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Passages of the corpus behind every row of a result frame.

    Parameters
    ----------
    result : pandas.DataFrame
        A result of framing: slogan counts or rates (``entry``), frame
        shares (``frame``), actor tone rows or summary (``actor``), topic
        frames (``topic``: document topics, prevalence, top terms) or a
        keyness table (``group``, ``term``).
    corpus : Corpus or DataFrame
        The corpus the result was computed from (its texts are read).
    n : int, default 3
        Passages per row: occurrences for rates, frames and keyness; the
        ``n`` most representative paragraphs for topics; the ``n`` most
        positive and the ``n`` most negative sentences for tone.
    random_state : int, default 0
        Seed of the sample (rates, frames, keyness); the same seed gives the
        same passages.
    kind : {"rates", "frames", "tone", "topics", "keyness"}, optional
        Default: detected from the columns (:func:`detect_kind`).
    by : str, list of str or None, default None
        Grouping columns of the result; ``None``: found automatically, the
        result's columns that are corpus metadata, plus ``period`` (years
        binned as in the result).
        For keyness, the corpus column holding the groups.
    lexicon : lexicon, name or path, optional
        The lexicon of a rates or frames result (default: the shipped
        lexicon, ``"frames"`` for frames).
    actors, method : optional
        Actor list and scoring method of a tone summary (as given to
        :func:`framing.actor_tone`); not needed for tone rows that carry
        ``start``, ``end`` and ``compound``.
    model : TopicModel, optional
        The fitted topic model (needed unless ``result`` is a
        ``document_topics()`` frame); its top terms are marked.
    max_chars : int, default 400
        Passages longer than this are clipped around the match.
    paragraph_tokens : int, default 20
        ``min_paragraph_tokens`` the topic model's paragraphs were split with.
    n_terms : int, default 10
        Top terms of a topic marked in its passages.
    max_rows : int, optional
        Illustrate only the first ``max_rows`` key combinations (for
        keyness: the first ``max_rows`` terms of each group).
    period_width : int, optional
        Years per ``period`` (default: the smallest step between periods).
    rows : DataFrame, optional
        What the result was computed from, to draw on instead of recomputing
        it: the matches of a rates or frames result (as from
        :func:`framing.scan_corpus`, offsets not needed), the tone rows
        (:func:`framing.actor_tone`) or the document topics.

    Returns
    -------
    pandas.DataFrame
        One row per passage: the key columns of the result row it
        illustrates, kind-specific columns (``variant``; ``side`` and
        ``score`` for tone; ``unit_id`` and ``score``, the topic proportion,
        for topics), ``example`` (1, 2, ...), ``doc_id``, ``start``, ``end``
        (the passage in the original text), ``match_start``, ``match_end``
        (the highlighted span), ``passage``, ``match``, ``marks`` (every
        highlighted span) and the document's metadata (a metadata column
        named like one of these, such as a segment's ``start``, is kept as
        ``meta_start``). A row without any passage (a zero count) has no
        example.

    Examples
    --------
    >>> import framing
    >>> c = framing.Corpus.from_texts(["Peace is good. NATO is a terrible threat.",
    ...                                "NATO is a great friend."], source=["A", "B"])
    >>> rows = framing.actor_tone(c, ["NATO"])
    >>> ex = examples(framing.actor_tone_summary(rows, by="source"), c, n=1, rows=rows)
    >>> ex[["actor", "source", "side", "match", "passage"]]
      actor source      side match                     passage
    0  NATO      A  negative  NATO  NATO is a terrible threat.
    1  NATO      B  positive  NATO     NATO is a great friend.
    """
    if not isinstance(result, pd.DataFrame):
        raise TypeError(f"result must be a pandas DataFrame, not {type(result).__name__}")
    if n < 1:
        raise FramingError(f"n must be at least 1, got {n}")
    kind = kind or detect_kind(result)
    if kind not in KINDS:
        raise FramingError(f"kind must be one of {KINDS}, not {kind!r}")
    docs = _docs_frame(corpus)
    if kind == "rates":
        if "entry" not in result.columns:
            raise MissingColumnError("a rates result needs an 'entry' column")
        return _match_examples(
            result, docs, n, random_state, by, lexicon, max_chars, "entry", None, period_width, max_rows, rows
        )
    if kind == "frames":
        col = "frame" if "frame" in result.columns else "entry"
        return _match_examples(
            result, docs, n, random_state, by, lexicon, max_chars, col, "frames", period_width, max_rows, rows
        )
    if kind == "tone":
        return _tone_examples(result, docs, n, by, actors, method, max_chars, period_width, max_rows, rows)
    if kind == "topics":
        return _topic_examples(
            result, docs, n, by, model, max_chars, paragraph_tokens, n_terms, max_rows, rows
        )
    from framing.corpus.core import Corpus
    from framing.text.analyses import corpus_tokens

    tk = corpus_tokens(corpus) if isinstance(corpus, Corpus) else None
    return _keyness_examples(
        result, docs, n, random_state, by, max_chars, max_rows, by if isinstance(by, str) else None, tk
    )
