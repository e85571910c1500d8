"""Matching a lexicon on the token index: matches and concordances from arrays.

The functions here take a :class:`~framing.text.index.Tokens` and give the
results the text-based paths of :mod:`framing.lexicon.engine` give; the
corpus-level functions of :mod:`framing.lexicon.matcher` call them when they
are handed a corpus (whose index is built once and cached) or its tokens.

Every match of a pattern contains one of its anchor tokens (its rarest
required literal, see :meth:`framing.lexicon.core.Pattern.anchor`) and is at
most ``max_len`` tokens long, so all candidates lie within ``max_len`` tokens
of an anchor occurrence. The anchor occurrences are found in the id stream at
once; the stretches around them (merged where they overlap, never across
documents) are matched with the lexicon's own matcher, which resolves overlaps
exactly as it does on whole documents.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from framing.lexicon.core import ALT, ANY, PREFIX, TOK
from framing.lexicon.engine import MATCH_COLUMNS, Matcher, as_lexicon, with_meta
from framing.text.index import Tokens

__all__ = ["kwic_tokens", "match_tokens", "scan_tokens", "sort_kwic"]


_WS = re.compile(r"\s+")


def _clean(text: str) -> str:
    # the same as re.sub(r"\s+", " ", text).strip(): both split at str.isspace
    return " ".join(text.split())


# --------------------------------------------------------------------------
# Lexicon matches
# --------------------------------------------------------------------------


def _norm_freq(tk: Tokens) -> np.ndarray:
    cached = tk.__dict__.get("_norm_freq")
    if cached is None:
        cached = np.bincount(tk.norm_ids, minlength=len(tk.norms))
        tk.__dict__["_norm_freq"] = cached
    return cached


def _prefix_ids(tk: Tokens, prefix: str) -> list[int]:
    cache = tk.__dict__.setdefault("_prefix_ids", {})
    hit = cache.get(prefix)
    if hit is None:
        hit = [i for i, t in enumerate(tk.norms.tolist()) if t.startswith(prefix)]
        cache[prefix] = hit
    return hit


def _corpus_anchor(tk: Tokens, seq: tuple):
    """``(cost, token ids)`` of the rarest required part of a pattern in this corpus.

    As :func:`framing.lexicon._seq_anchor`, but a part costs its frequency in
    the corpus: every match contains one of the returned tokens. None when
    the pattern has no required literal part.
    """
    freq = _norm_freq(tk)
    index = tk.norm_index
    best = None
    for node in seq:
        kind = node[0]
        cand = None
        if kind == TOK:
            ids = [index[t] for t in node[1] if t in index]
            cand = (int(freq[ids].sum()) if ids else 0, ids)
        elif kind == PREFIX:
            ids = _prefix_ids(tk, node[1])
            cand = (int(freq[ids].sum()) if ids else 0, ids)
        elif kind == ALT:
            ids_all: list[int] | None = []
            cost = 0
            for sub in node[1]:
                found = _corpus_anchor(tk, sub)
                if found is None:
                    ids_all = None
                    break
                cost += found[0]
                assert ids_all is not None  # only set to None right before the break
                ids_all.extend(found[1])
            if ids_all is not None:
                cand = (cost, ids_all)
        if cand is not None and (best is None or cand[0] < best[0]):
            best = cand
    return best


def _inverted(tk: Tokens) -> tuple[np.ndarray, np.ndarray]:
    """Inverted index of the lower-cased stream: positions sorted by token id
    (ascending within an id) and the bounds of each id; built on first use."""
    cached = tk.__dict__.get("_inverted")
    if cached is None:
        stream = tk.norm_ids
        order = np.argsort(stream, kind="stable").astype(np.int32 if len(stream) < 2**31 else np.int64)
        bounds = np.zeros(len(tk.norms) + 1, dtype=np.int64)
        np.cumsum(_norm_freq(tk), out=bounds[1:])
        cached = (order, bounds)
        tk.__dict__["_inverted"] = cached
    return cached


def _candidate_positions(tk: Tokens, matcher) -> np.ndarray | None:
    """Sorted token positions near which every candidate match lies; None when
    some pattern has no required literal (every position is then a candidate).

    For each pattern: the occurrences of its rarest required part (in this
    corpus) that have an occurrence of each of its other required literal
    tokens within ``max_len`` tokens.
    """
    plans = []
    index = tk.norm_index
    freq = _norm_freq(tk)
    for pid, (p, _, _) in enumerate(matcher.patterns):
        found = _corpus_anchor(tk, p.seq)
        if found is None:
            return None
        others: list[list[int]] | None = []
        for req in matcher.required[pid]:
            ids = [index[t] for t in req if t in index]
            if not ids:
                others = None  # a required token absent from the corpus: no match at all
                break
            assert others is not None  # only set to None right before the break
            others.append(ids)
        if others is None or not found[1]:
            continue
        others.sort(key=lambda ids: int(freq[ids].sum()))
        plans.append((found[1], others[:3], p.max_len))
    if not plans:
        return np.zeros(0, dtype=np.int64)
    sorted_pos, bounds = _inverted(tk)

    def where(ids: list[int]) -> np.ndarray:
        parts = []
        for i in ids:
            a, b = int(bounds[i]), int(bounds[i + 1])
            if b > a:
                parts.append(sorted_pos[a:b])
        if not parts:
            return np.zeros(0, dtype=np.int64)
        return parts[0] if len(parts) == 1 else np.sort(np.concatenate(parts))

    keep = []
    for anchor_ids, others, reach in plans:
        at = where(anchor_ids)
        for ids in others:
            if len(at) == 0:
                break
            near = where(ids)
            if len(near) == 0:
                at = at[:0]
                break
            j = np.searchsorted(near, at - reach, side="left")
            ok = j < len(near)
            ok[ok] = near[j[ok]] <= at[ok] + reach
            at = at[ok]
        keep.append(at)
    return np.unique(np.concatenate(keep)) if keep else np.zeros(0, dtype=np.int64)


def _simple_sequence(matcher) -> list[np.ndarray] | None:
    """Token-id sets of a lone pattern made only of literal tokens (no excludes)."""
    if len(matcher.patterns) != 1:
        return None
    p, _, is_exclude = matcher.patterns[0]
    if (
        is_exclude
        or not p.seq
        or p.seq[0][0] == ANY
        or any(node[0] not in (TOK, PREFIX, ANY) for node in p.seq)
    ):
        return None
    return [node for node in p.seq]


def _match_simple(tk: Tokens, matcher, sets) -> pd.DataFrame:
    """Matches of one literal token sequence, vectorised (non-overlapping, left to right)."""
    stream = tk.norm_ids
    index = tk.norm_index
    id_sets: list[Any] = []  # an id array per node, None for ANY
    value: Any
    for node in sets:
        kind, value = node[0], (node[1] if len(node) > 1 else None)
        if kind == TOK:
            id_sets.append(np.array([index[t] for t in value if t in index], dtype=np.int64))
        elif kind == ANY:
            id_sets.append(None)
        else:
            id_sets.append(np.array(_prefix_ids(tk, value), dtype=np.int64))
    k = len(id_sets)
    p = matcher.patterns[0][0]
    empty = pd.DataFrame(
        {
            "doc": np.zeros(0, np.int64),
            "entry": [],
            "variant": [],
            "pattern": [],
            "token_start": np.zeros(0, np.int64),
            "token_end": np.zeros(0, np.int64),
        }
    )
    if any(ids is not None and len(ids) == 0 for ids in id_sets):
        return empty
    first = id_sets[0]
    if len(first) == 1:
        cand = np.flatnonzero(stream == first[0])
    else:
        lut = np.zeros(len(tk.norms), dtype=bool)
        lut[first] = True
        cand = np.flatnonzero(lut[stream])
    offsets = np.asarray(tk.doc_offsets)
    doc = np.searchsorted(offsets, cand, side="right") - 1
    ok = cand + k <= offsets[doc + 1]
    for j in range(1, k):
        if id_sets[j] is None:  # any token
            continue
        nxt = stream[np.minimum(cand + j, len(stream) - 1)]
        ok &= np.isin(nxt, id_sets[j])
    cand, doc = cand[ok], doc[ok]
    if k > 1 and len(cand) > 1:
        clash = (np.diff(cand) < k) & (doc[1:] == doc[:-1])
        if clash.any():  # keep the earliest of overlapping matches
            keep, last_end, last_doc = [], -1, -1
            for i, (c, d) in enumerate(zip(cand.tolist(), doc.tolist(), strict=True)):
                if d != last_doc or c >= last_end:
                    keep.append(i)
                    last_end, last_doc = c + k, d
            cand, doc = cand[keep], doc[keep]
    if len(cand) == 0:
        return empty
    local = cand - offsets[doc]
    entry = matcher.entry_ids[matcher.patterns[0][1]]
    n = len(cand)
    return pd.DataFrame(
        {
            "doc": doc.astype(np.int64),
            "entry": [entry] * n,
            "variant": [p.variant] * n,
            "pattern": [p] * n,
            "token_start": local.astype(np.int64),
            "token_end": (local + k).astype(np.int64),
        }
    )


def _segments(tk: Tokens, positions: np.ndarray, reach: int) -> tuple[np.ndarray, np.ndarray]:
    """Merged stretches ``[lo, hi)`` of ``reach`` tokens around ``positions``, per document."""
    if len(positions) == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    offsets = np.asarray(tk.doc_offsets)
    doc = np.searchsorted(offsets, positions, side="right") - 1
    lo = np.maximum(positions - reach, offsets[doc])
    hi = np.minimum(positions + reach + 1, offsets[doc + 1])
    # a new stretch starts where the previous one ends before it or in another document
    new = np.ones(len(lo), dtype=bool)
    run_hi = np.maximum.accumulate(hi)
    new[1:] = (lo[1:] >= run_hi[:-1]) | (doc[1:] != doc[:-1])
    group = np.cumsum(new) - 1
    seg_lo = lo[new]
    seg_hi = np.zeros(len(seg_lo), dtype=np.int64)
    np.maximum.at(seg_hi, group, hi)
    return seg_lo, seg_hi


def match_tokens(tk: Tokens, lexicon, *, docs: np.ndarray | None = None) -> pd.DataFrame:
    """Resolved matches of a lexicon in the index.

    Returns a frame with ``doc`` (document position), ``entry``, ``variant``,
    ``pattern`` (the Pattern), ``token_start`` and ``token_end`` (token
    indices within the document), in corpus order, then by position and
    entry order, as :meth:`framing.lexicon.engine.Matcher.match` gives them per
    document.
    """
    lex = as_lexicon(lexicon)
    matcher = getattr(lex, "_index_matcher", None)
    if matcher is None:
        matcher = Matcher(lex, engine="python")
        lex._index_matcher = matcher  # type: ignore[attr-defined]
    offsets = np.asarray(tk.doc_offsets)
    stream = tk.norm_ids
    simple = _simple_sequence(matcher) if docs is None else None
    if simple is not None:
        return _match_simple(tk, matcher, simple)
    positions = _candidate_positions(tk, matcher) if matcher.patterns else np.zeros(0, np.int64)
    if positions is None:
        seg_lo, seg_hi = offsets[:-1].copy(), offsets[1:].copy()
        keep = seg_hi > seg_lo
        seg_lo, seg_hi = seg_lo[keep], seg_hi[keep]
    elif len(positions) == 0:
        seg_lo = seg_hi = np.zeros(0, np.int64)
    else:
        reach = max(p.max_len for p, _, _ in matcher.patterns)
        seg_lo, seg_hi = _segments(tk, positions, reach)
    if docs is not None and len(seg_lo):
        seg_doc = np.searchsorted(offsets, seg_lo, side="right") - 1
        keep = np.isin(seg_doc, docs)
        seg_lo, seg_hi = seg_lo[keep], seg_hi[keep]
    norms = tk.norms
    rows_doc, rows_entry, rows_var, rows_pat, rows_s, rows_e = [], [], [], [], [], []
    seg_docs = np.searchsorted(offsets, seg_lo, side="right") - 1
    for lo, hi, d in zip(seg_lo.tolist(), seg_hi.tolist(), seg_docs.tolist(), strict=True):
        toks = norms[stream[lo:hi]].tolist()
        found = matcher.match(toks)
        if not found:
            continue
        base = lo - int(offsets[d])
        for entry, variant, s, e, p in found:
            rows_doc.append(d)
            rows_entry.append(entry)
            rows_var.append(variant)
            rows_pat.append(p)
            rows_s.append(base + s)
            rows_e.append(base + e)
    return pd.DataFrame(
        {
            "doc": np.asarray(rows_doc, dtype=np.int64),
            "entry": pd.Series(rows_entry, dtype=object),
            "variant": pd.Series(rows_var, dtype=object),
            "pattern": pd.Series(rows_pat, dtype=object),
            "token_start": np.asarray(rows_s, dtype=np.int64),
            "token_end": np.asarray(rows_e, dtype=np.int64),
        }
    )


def scan_tokens(tk: Tokens, lexicon, *, offsets: bool = True) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``(matches, doc_tokens)`` of :func:`framing.lexicon.matcher.scan_corpus`, from the index."""
    found = match_tokens(tk, lexicon)
    meta = tk.meta.reset_index(drop=True)
    doc_tokens = meta[["doc_id"]].copy()
    doc_tokens["tokens"] = np.asarray(tk.doc_counts, dtype=np.int64)
    doc_tokens = with_meta(doc_tokens, meta, MATCH_COLUMNS)
    base = np.asarray(tk.doc_offsets)[found["doc"].to_numpy()]
    gs = base + found["token_start"].to_numpy()
    ge = base + found["token_end"].to_numpy()
    stream, norms = tk.norm_ids, tk.norms
    forms = [" ".join(norms[stream[a:b]].tolist()) for a, b in zip(gs.tolist(), ge.tolist(), strict=True)]
    frame = pd.DataFrame(
        {
            "entry": found["entry"].tolist(),
            "variant": found["variant"].tolist(),
            "form": forms,
            "pattern": [p.text for p in found["pattern"]],
            "start": np.asarray(tk.starts)[gs].astype(np.int64) if len(gs) else np.zeros(0, np.int64),
            "end": (np.asarray(tk.ends)[ge - 1].astype(np.int64) if len(ge) else np.zeros(0, np.int64)),
            "token_start": found["token_start"].to_numpy(),
            "token_end": found["token_end"].to_numpy(),
        }
    )
    m = meta.take(found["doc"].to_numpy()).reset_index(drop=True)
    frame.insert(0, "doc_id", m["doc_id"].to_numpy())
    matches = with_meta(frame, m)
    if frame.empty:
        for c in ("doc_id", "entry", "variant", "form", "pattern"):
            matches[c] = matches[c].astype(object)
    for c in ("start", "end", "token_start", "token_end"):
        matches[c] = matches[c].astype(np.int64)
    if not offsets:
        matches["start"] = pd.array([pd.NA] * len(matches), dtype="Int64")
        matches["end"] = pd.array([pd.NA] * len(matches), dtype="Int64")
    return matches[[*MATCH_COLUMNS, *[c for c in matches.columns if c not in MATCH_COLUMNS]]], doc_tokens


# --------------------------------------------------------------------------
# Concordances
# --------------------------------------------------------------------------

_SORT_KEY = re.compile(r"^(\d+)([LR])$", re.IGNORECASE)


def _sort_positions(key: str) -> tuple[str, int]:
    m = _SORT_KEY.match(key.strip())
    if m is None:
        if key.strip().lower() in ("match", "node", "kwic", "0"):
            return "match", 0
        raise ValueError(
            f"sort key {key!r}: use '1L', '2R' ... (tokens left or right of the match) or 'match'"
        )
    return m.group(2).upper(), int(m.group(1))


def kwic_tokens(
    tk: Tokens, lexicon, window: int = 8, *, limit: int | None = None, sort: str | Sequence[str] | None = None
) -> pd.DataFrame:
    """KWIC lines of :func:`framing.lexicon.matcher.kwic` from the index (see there)."""
    if window < 0:
        raise ValueError("window must be >= 0")
    found = match_tokens(tk, lexicon)
    if limit is not None:
        found = found.iloc[:limit]
    if found.empty:  # the columns (and dtypes) the text-based path gives
        return pd.DataFrame(
            [], columns=["doc_id", "left", "match", "right", "start", "end", "entry", "variant"], dtype=object
        )
    d = found["doc"].to_numpy()
    offsets = np.asarray(tk.doc_offsets)
    base = offsets[d]
    n = offsets[d + 1] - base
    s = found["token_start"].to_numpy()
    e = found["token_end"].to_numpy()
    starts, ends = np.asarray(tk.starts), np.asarray(tk.ends)
    start = starts[base + s] if len(d) else np.zeros(0, np.int64)
    end = ends[base + e - 1] if len(d) else np.zeros(0, np.int64)
    if window:
        left_start = np.where(s > 0, starts[base + np.maximum(0, s - window)], start)
        right_end = ends[base + np.minimum(n, e + window) - 1]
    else:
        left_start, right_end = start, end
    if "text" not in tk.docs.columns:
        tk.text(0)  # a clear error: the index has no texts
    wanted = np.unique(d).tolist()
    texts = dict(zip(wanted, _texts_of(tk, wanted), strict=True))
    left, match, right = [], [], []
    for i, a, b, c, z in zip(
        d.tolist(), left_start.tolist(), start.tolist(), end.tolist(), right_end.tolist(), strict=True
    ):
        text = texts[i]
        left.append(_clean(text[a:b]))
        match.append(_clean(text[b:c]))
        right.append(_clean(text[c:z]))
    frame = pd.DataFrame(
        {
            "left": left,
            "match": match,
            "right": right,
            "start": start.astype(np.int64),
            "end": end.astype(np.int64),
            "entry": found["entry"].tolist(),
            "variant": found["variant"].tolist(),
        }
    )
    meta = tk.meta.take(d).reset_index(drop=True)
    frame.insert(0, "doc_id", meta["doc_id"].to_numpy() if len(meta) else np.zeros(0, dtype=object))
    out = with_meta(frame, meta)
    if sort:
        out = sort_kwic(out, sort, tk=tk, positions=(base, s, e, n))
    return out


def _texts_of(tk: Tokens, positions: list[int]) -> list[str]:
    """Texts of some documents, without copying the whole text column."""
    col = tk.docs["text"]
    arrow = getattr(col.array, "_pa_array", None)
    if arrow is not None:
        return [arrow[i].as_py() for i in positions]
    return col.iloc[positions].tolist()


def sort_kwic(
    lines: pd.DataFrame, sort: str | Sequence[str], *, tk: Tokens | None = None, positions=None
) -> pd.DataFrame:
    """Sort KWIC lines by tokens left or right of the match, as concordancers do.

    ``sort`` is a key or a list of keys: ``"1L"`` (first token left of the
    match), ``"2L"``, ``"1R"`` (first token right of the match), ... and
    ``"match"``; earlier keys sort first, ties keep corpus order. Tokens
    compare lower-cased; a position beyond the document sorts first.
    """
    keys = [sort] if isinstance(sort, str) else list(sort)
    parsed = [_sort_positions(k) for k in keys]
    if tk is None or positions is None:
        raise ValueError("sorting needs the token index of the lines")
    base, s, e, n = positions
    stream, norms = tk.norm_ids, tk.norms
    columns = []
    for side, k in parsed:
        if side == "match":
            col = lines["match"].str.lower().to_numpy(dtype=object)
        else:
            pos = s - k if side == "L" else e + k - 1
            ok = (pos >= 0) & (pos < n)
            vals = np.full(len(pos), "", dtype=object)
            if ok.any():
                vals[ok] = norms[stream[base[ok] + pos[ok]]]
            col = vals
        columns.append(col)
    if not len(lines):
        return lines
    # np.lexsort sorts by the last key first
    codes = [pd.factorize(c, sort=True)[0] for c in columns]
    order = np.lexsort([np.arange(len(lines))] + codes[::-1])
    return lines.iloc[order].reset_index(drop=True)


# --------------------------------------------------------------------------
# Counts
# --------------------------------------------------------------------------
