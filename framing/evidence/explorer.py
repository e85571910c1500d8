"""The term explorer: a self-contained HTML page to compare the words of any groups.

:func:`explore` counts every term of a corpus in every group of a metadata
column and writes one HTML page (inline JavaScript and data, no network)
where

* every term is a point placed by its frequency in a chosen group (y axis)
  against its frequency in all other groups or in one other group (x axis),
  both per million tokens on log scales;
* its colour is a keyness statistic of framing's :func:`framing.keyness`:
  the Fightin' Words z-score (log-odds ratio with an informative Dirichlet
  prior, Monroe, Colaresi & Quinn 2008), G2 or the log ratio, computed in
  the page with the same formulas;
* hovering shows counts and statistics, a search box finds a term, and
  clicking a term lists its concordance lines (a sample, capped per term);
* the groups are chosen in the page, any number of them.

To keep the page small on large corpora, terms below a frequency floor are
left out and the concordance lines are a sample: at most ``contexts`` lines
per term, spread over the groups, drawn from at most ``max_docs`` documents
per group; sentences are shared between terms (each context is an index
into one list of snippets). The page states the floor and the sampling.

Examples
--------
>>> import framing
>>> corpus = framing.Corpus.from_texts(
...     ["Win-win cooperation and a shared future.", "Freedom and democracy matter.",
...      "Cooperation for development.", "Democracy and human rights."],
...     source=["CHN", "USA", "CHN", "USA"])
>>> ex = explore(corpus, by="source", min_count=1)
>>> ex.groups, len(ex.terms) > 5
(['CHN', 'USA'], True)
>>> ex.counts_of("democracy")
{'CHN': 0, 'USA': 2}
>>> html_text = ex.to_html()
>>> html_text.startswith("<!DOCTYPE html>") and "http" not in html_text.split("<script>")[1]
True
"""

from __future__ import annotations

import dataclasses
import html
import json
import math
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from framing._util import progress as _progress
from framing.corpus.grouping import resolve_grouping
from framing.errors import FramingError, MissingColumnError
from framing.text.tokenize import split_sentences, tokenize_spans

__all__ = ["Explorer", "explore"]

_SNIPPET_CHARS = 200


def _group_column(docs: pd.DataFrame, by: str) -> pd.Series:
    if by in docs.columns:
        return docs[by]
    if by == "decade" and "year" in docs.columns:
        year = pd.to_numeric(docs["year"], errors="coerce")
        return (year // 10 * 10).astype("Int64").astype(object).map(lambda v: f"{v}s" if pd.notna(v) else v)
    have = [c for c in docs.columns if c != "text"]
    raise MissingColumnError(
        f"by: no column {by!r} in the corpus; columns are {have}"
        + ("; 'decade' is derived from 'year'" if "year" in docs.columns else "")
    )


def _label(value) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


class Explorer:
    """A term explorer page; build it with :func:`explore`.

    Attributes
    ----------
    groups : list of str
    terms : list of str
        Terms kept (frequency at least ``min_count`` over all groups).
    counts : numpy.ndarray, shape (n_groups, n_terms)
    totals : numpy.ndarray
        Tokens of every group (all terms, also those below the floor).

    Examples
    --------
    >>> import framing, tempfile, pathlib
    >>> corpus = framing.Corpus.from_texts(
    ...     ["Win-win cooperation and a shared future.", "Freedom and democracy matter.",
    ...      "Cooperation for development.", "Democracy and human rights."],
    ...     source=["CHN", "USA", "CHN", "USA"])
    >>> ex = explore(corpus, by="source", min_count=2)
    >>> ex
    <Explorer: 3 terms x 2 groups, 4 snippets>
    >>> ex.terms, ex.counts.tolist(), ex.totals.tolist()
    (['and', 'cooperation', 'democracy'], [[1, 2, 0], [2, 0, 2]], [9, 8])
    >>> page = ex.save(pathlib.Path(tempfile.mkdtemp()) / "explorer.html")
    >>> page.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    True
    """

    def __init__(self, data: dict):
        self.data = data
        self.groups = list(data["groups"])
        self.terms = list(data["terms"])
        self.counts = np.asarray(data["counts"], dtype=np.int64)
        self.totals = np.asarray(data["totals"], dtype=np.int64)

    def __repr__(self) -> str:
        return (
            f"<Explorer: {len(self.terms):,} terms x {len(self.groups)} groups, "
            f"{len(self.data['snippets']):,} snippets>"
        )

    def counts_of(self, term: str) -> dict:
        """Count of ``term`` in every group."""
        try:
            j = self.terms.index(term)
        except ValueError:
            raise FramingError(
                f"term {term!r} is not in the explorer (below the frequency "
                f"floor {self.data['floor']} or absent)"
            ) from None
        return {g: int(self.counts[i, j]) for i, g in enumerate(self.groups)}

    def to_html(self) -> str:
        """The page: HTML with inline CSS, JavaScript and data."""
        data = json.dumps(self.data, ensure_ascii=False, separators=(",", ":"))
        data = data.replace("</", "<\\/")
        title = html.escape(self.data["title"])
        return (
            _PAGE.replace("__TITLE__", title)
            .replace("__CSS__", _CSS)
            .replace("__JS__", _JS)
            .replace("__DATA__", data)
        )

    def save(self, path: str | Path) -> Path:
        """Write the page to ``path`` (UTF-8) and return the path."""
        path = Path(path)
        if path.exists() and path.is_dir():
            raise FramingError(f"{path} is a folder; give a file name such as explorer.html")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(self.to_html(), encoding="utf-8")
        return path

    def _repr_html_(self) -> str:
        page = html.escape(self.to_html(), quote=True)
        return (
            f'<iframe srcdoc="{page}" style=\'width:100%;height:760px;border:1px solid '
            "#ddd' sandbox='allow-scripts'></iframe>"
        )


def explore(
    corpus,
    by: str | None = None,
    *,
    groups=None,
    min_count: int | None = None,
    max_terms: int = 12000,
    contexts: int = 8,
    max_docs: int = 300,
    random_state: int = 0,
    alpha0: float = 1000.0,
    title: str | None = None,
    progress: bool = False,
) -> Explorer:
    """A term explorer of ``corpus`` grouped by the metadata column ``by``.

    Parameters
    ----------
    corpus : Corpus
    by : str or None, default None
        The grouping column (``"decade"`` is derived from ``year`` when the
        corpus has no such column). ``None``: the automatic grouping of
        :func:`framing.corpus.grouping.resolve_grouping` (``source`` when
        the corpus has sources, else ``year``). Documents without a value
        are left out (the page says how many).
    groups : list, optional
        Keep only these groups (default: all).
    min_count : int, optional
        Frequency floor over all groups. Default: 3, raised until at most
        ``max_terms`` terms remain.
    max_terms : int, default 12000
    contexts : int, default 8
        Concordance lines kept per term, spread over the groups (at least
        one per group where the term occurs).
    max_docs : int, default 300
        Documents per group (a random sample when a group has more) from
        which the concordance lines are drawn; counts use every document.
    random_state : int, default 0
        Seed of the samples.
    alpha0 : float, default 1000
        Weight of the Fightin' Words prior (as in :func:`framing.keyness`).
    title : str, optional
    progress : bool, default False

    Returns
    -------
    Explorer
        ``.save(path)`` writes the page, ``_repr_html_`` shows it in Jupyter.

    Examples
    --------
    Groups by decade, derived from ``year``:

    >>> import framing
    >>> corpus = framing.Corpus.from_texts(
    ...     ["Win-win cooperation and a shared future.", "Freedom and democracy matter.",
    ...      "Cooperation for development.", "Democracy and human rights."],
    ...     year=[1995, 1998, 2003, 2005])
    >>> ex = explore(corpus, by="decade", min_count=1, title="By decade")
    >>> ex.groups, ex.counts_of("democracy"), ex.counts_of("cooperation")
    (['1990s', '2000s'], {'1990s': 1, '2000s': 1}, {'1990s': 1, '2000s': 1})
    >>> ex.counts.shape == (2, len(ex.terms))
    True
    """
    from framing.compare.keyness import count_terms, document_term_counts
    from framing.corpus.core import Corpus

    docs = corpus.docs if hasattr(corpus, "docs") else corpus
    if not isinstance(docs, pd.DataFrame) or "text" not in docs.columns:
        raise FramingError("corpus must be a framing Corpus")
    every_doc = docs
    if by is None:
        auto = resolve_grouping(docs, "auto")
        by = auto.label or auto.time
        if by is None:
            have = [c for c in docs.columns if c not in ("doc_id", "text")]
            raise FramingError(
                f"by: the corpus has no source or year to group by; name one of its columns {have}"
            )
    labels = _group_column(docs, by)
    missing = int(labels.isna().sum())
    keep = labels.notna().to_numpy(copy=True)
    if groups is not None:
        wanted = {_label(g) for g in groups}
        lab = labels.map(lambda v: _label(v) if pd.notna(v) else None)
        unknown = sorted(wanted - set(lab.dropna()))
        if unknown:
            raise FramingError(f"groups {unknown} are not values of {by!r}")
        keep &= lab.isin(wanted).to_numpy()
    docs = docs.loc[keep].reset_index(drop=True)
    labels = labels.loc[keep].reset_index(drop=True).map(_label)
    if labels.nunique() < 2:
        raise FramingError(
            f"the explorer needs at least two groups of {by!r}; found {sorted(labels.unique().tolist())}"
        )
    # every document's counts (read from the corpus's token index when it has one), by group
    matrix = document_term_counts(
        corpus if isinstance(corpus, Corpus) else every_doc[["doc_id", "text"]], progress=progress
    ).subset(keep)
    matrix = dataclasses.replace(matrix, meta=matrix.meta.assign(_g=labels.to_numpy()))
    tc = count_terms(matrix, by="_g")
    group_names = [_label(g) for g in tc.groups]
    counts = tc.counts.toarray().T.astype(np.int64)  # groups x terms
    term_totals = counts.sum(axis=0)
    floor = 3 if min_count is None else int(min_count)
    if min_count is None:
        while (term_totals >= floor).sum() > max_terms:
            floor += 1 if floor < 10 else max(1, floor // 5)
    kept = np.flatnonzero((term_totals >= floor) & (term_totals > 0))
    kept = kept[np.argsort(-term_totals[kept], kind="stable")]
    terms = [str(t) for t in tc.terms[kept]]
    counts = counts[:, kept]
    term_ix = {t: i for i, t in enumerate(terms)}

    # Concordance sample: per group at most max_docs documents; every sentence
    # gets one random priority, and each (term, group) keeps the occurrences of
    # its lowest-priority sentences, so that terms share sentences.
    rng = np.random.default_rng(random_state)
    group_of = {g: i for i, g in enumerate(group_names)}
    doc_group = labels.map(group_of).to_numpy()
    chosen_docs: list[int] = []
    for gi in range(len(group_names)):
        members = np.flatnonzero(doc_group == gi)
        if len(members) > max_docs:
            members = np.sort(rng.choice(members, size=max_docs, replace=False))
        chosen_docs.extend(members.tolist())
    chosen_docs.sort()
    n_groups = len(group_names)
    per_group = max(1, math.ceil(contexts / n_groups))
    best: dict[tuple[int, int], list[tuple]] = {}
    texts = docs["text"].tolist()
    for d in _progress(chosen_docs, progress, len(chosen_docs), "contexts", unit="doc"):
        text = texts[d]
        g = int(doc_group[d])
        sents = split_sentences(text) or [(0, len(text))]
        prio = rng.random(len(sents))
        k = 0
        for tok, s, e in tokenize_spans(text):
            j = term_ix.get(tok)
            if j is None:
                continue
            while k + 1 < len(sents) and sents[k][1] <= s:
                k += 1
            slot = best.setdefault((j, g), [])
            item = (float(prio[k]), d, k, s, e, sents[k][0], sents[k][1])
            if len(slot) < per_group:
                if not any(x[1] == d and x[2] == k for x in slot):
                    slot.append(item)
                    slot.sort()
            elif item[0] < slot[-1][0] and not any(x[1] == d and x[2] == k for x in slot):
                slot[-1] = item
                slot.sort()
    snippets: list[list] = []
    snippet_ix: dict[tuple, int] = {}
    doc_rows: dict[int, int] = {}
    doc_table: list[list] = []
    meta_cols = [c for c in ("year", "title") if c in docs.columns and c != by]
    ctx: list[list[int]] = [[] for _ in terms]
    sampled_occ = 0
    for (j, g), slot in sorted(best.items()):
        for _p, d, _k, s, e, ss, se in slot:
            ss, se = min(ss, s), max(se, e)
            if se - ss > _SNIPPET_CHARS:
                half = (_SNIPPET_CHARS - (e - s)) // 2
                ws = max(ss, s - half)
                we = min(se, ws + _SNIPPET_CHARS)
                ws = max(ss, min(ws, we - _SNIPPET_CHARS))
                key = (d, ws, we)
            else:
                ws, we = ss, se
                key = (d, ss, se)
            si = snippet_ix.get(key)
            if si is None:
                if d not in doc_rows:
                    doc_rows[d] = len(doc_table)
                    meta = " \u00b7 ".join(str(docs[c].iat[d]) for c in meta_cols if pd.notna(docs[c].iat[d]))
                    doc_table.append([str(docs["doc_id"].iat[d]), g, meta])
                si = len(snippets)
                snippet_ix[key] = si
                piece = " ".join(texts[d][ws:we].split())
                snippets.append([doc_rows[d], ws, piece, texts[d][ws:we]])
            ctx[j].extend([si, s, e])
            sampled_occ += 1
    # offsets inside the white-space-collapsed snippet
    out_snippets = []
    for row in snippets:
        out_snippets.append([row[0], row[2]])
    for j, flat in enumerate(ctx):
        out = []
        for i in range(0, len(flat), 3):
            si, s, e = flat[i : i + 3]
            _doc, ws, piece, raw = snippets[si]
            prefix = raw[: s - ws]
            words = prefix.split()
            off = len(" ".join(words)) + (1 if words and prefix[-1:].isspace() else 0)
            body = " ".join(raw[s - ws : e - ws].split())
            out.extend([si, off, len(body)])
        ctx[j] = out
    n_docs = np.bincount(doc_group, minlength=n_groups)
    data: dict[str, Any] = {
        "title": title or f"Term explorer: {getattr(corpus, 'name', '') or 'corpus'} by {by}",
        "by": by,
        "groups": group_names,
        "totals": [int(x) for x in tc.totals],
        "ndocs": [int(x) for x in n_docs],
        "terms": terms,
        "counts": counts.tolist(),
        "floor": floor,
        "all_terms": len(tc.terms),
        "docs": doc_table,
        "snippets": out_snippets,
        "ctx": ctx,
        "contexts": contexts,
        "per_group": per_group,
        "max_docs": max_docs,
        "sampled_docs": len(chosen_docs),
        "n_docs": len(docs),
        "missing": missing,
        "alpha0": alpha0,
        "random_state": random_state,
    }
    return Explorer(data)


_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>__TITLE__</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>__CSS__</style></head><body>
<h1>__TITLE__</h1>
<div id="controls">
<label>Group <select id="target"></select></label>
<label>against <select id="reference"></select></label>
<label>colour <select id="stat"><option value="z">log-odds z (Fightin' Words)</option>
<option value="G2">G2 (log-likelihood)</option><option value="log_ratio">log ratio</option>
</select></label>
<label>find a term <input id="search" type="search" autocomplete="off" placeholder="type a term"></label>
<span id="suggest"></span>
</div>
<div id="main"><div id="plotbox"><canvas id="plot" width="760" height="620"></canvas>
<div id="tip"></div><p id="legend"></p></div>
<div id="side"><div id="info"><p>Hover over a term to see its counts; click it for its
contexts.</p></div><div id="conc"></div></div></div>
<p id="notes"></p>
<script id="data" type="application/json">__DATA__</script>
<script>__JS__</script>
</body></html>
"""

_CSS = """
body{font-family:system-ui,-apple-system,Segoe UI,Helvetica,Arial,sans-serif;margin:1em 1.5em;
color:#222}h1{font-size:1.3em;margin:.2em 0 .5em}#controls{display:flex;flex-wrap:wrap;gap:1em;
align-items:center;margin-bottom:.6em;font-size:.92em}#controls select,#controls input{font-size:1em}
#suggest span{cursor:pointer;color:#1a56a8;margin-right:.6em}#main{display:flex;gap:1.2em;
align-items:flex-start}#plotbox{position:relative}canvas{border:1px solid #ddd;cursor:crosshair}
#tip{position:absolute;display:none;pointer-events:none;background:rgba(255,255,255,.96);
border:1px solid #999;padding:4px 7px;font-size:12px;white-space:nowrap;box-shadow:0 1px 4px #0002}
#side{flex:1;min-width:320px;max-width:560px;font-size:.9em}#info table{border-collapse:collapse}
#info td{padding:1px 8px 1px 0}#conc .line{margin:.35em 0;line-height:1.35}#conc mark{
background:#ffe28a}#conc .src{color:#777;font-size:.85em}#legend,#notes{color:#555;font-size:.85em;
max-width:1300px}h2{font-size:1.05em;margin:.6em 0 .3em}
"""

_JS = r"""
(function(){
"use strict";
var D = JSON.parse(document.getElementById("data").textContent);
var T = D.terms.length, G = D.groups.length;
var canvas = document.getElementById("plot"), ctx2 = canvas.getContext("2d");
var W = canvas.width, H = canvas.height, M = {l: 56, r: 14, t: 14, b: 44};
var termTotal = new Float64Array(T), grand = 0, i, g;
for (g = 0; g < G; g++) { grand += D.totals[g]; }
for (i = 0; i < T; i++) { var s = 0; for (g = 0; g < G; g++) s += D.counts[g][i]; termTotal[i] = s; }
var index = {}; for (i = 0; i < T; i++) index[D.terms[i]] = i;
var state = {target: 0, reference: -1, stat: "z", highlight: -1, selected: -1, draws: 0,
             px: new Float32Array(T), py: new Float32Array(T), val: new Float64Array(T)};
function esc(s){ return String(s).replace(/[&<>"']/g, function(c){
  return {"&":"&amp;","<":"&lt;",">":"&gt;",'"':"&quot;","'":"&#39;"}[c]; }); }
function xlogx(o, e){ return o > 0 ? o * Math.log(o / e) : 0; }
// The statistics of framing.keyness (framing/compare.py), term by term.
function stats(t){
  var a = D.counts[state.target][t], C = D.totals[state.target], b, Dt;
  if (state.reference < 0) { b = termTotal[t] - a; Dt = grand - C; }
  else { b = D.counts[state.reference][t]; Dt = D.totals[state.reference]; }
  var N = C + Dt, r1 = a + b, r2 = N - r1;
  var g2 = 2 * (xlogx(a, r1 * C / N) + xlogx(b, r1 * Dt / N) + xlogx(C - a, r2 * C / N)
                + xlogx(Dt - b, r2 * Dt / N));
  if (a / C < b / Dt) g2 = -g2;
  var lr = Math.log2(((a > 0 ? a : 0.5) / C) / ((b > 0 ? b : 0.5) / Dt));
  var aw = D.alpha0 * termTotal[t] / grand, a0 = D.alpha0;
  var delta = Math.log((a + aw) / (C + a0 - a - aw)) - Math.log((b + aw) / (Dt + a0 - b - aw));
  var z = delta / Math.sqrt(1 / (a + aw) + 1 / (b + aw));
  return {a: a, b: b, C: C, D: Dt, G2: g2, log_ratio: lr, delta: delta, z: z,
          rt: a / C * 1e6, rr: b / Dt * 1e6};
}
var LO = Infinity, HI = -Infinity;
(function(){ var big = 0, t, g, v;
  for (g = 0; g < G; g++) { big = Math.max(big, D.totals[g]);
    for (t = 0; t < Math.min(T, 50); t++) { v = Math.log10(D.counts[g][t] / D.totals[g] * 1e6); if (v > HI) HI = v; } }
  for (t = 0; t < Math.min(T, 50); t++) { v = Math.log10(termTotal[t] / grand * 1e6); if (v > HI) HI = v; }
  LO = Math.log10(0.5 / Math.max(big, grand) * 1e6) - 0.15; HI = HI + 0.15; })();
function lg(count, total){ return Math.log10((count + 0.5) / total * 1e6); }
function sx(v){ return M.l + (v - LO) / (HI - LO) * (W - M.l - M.r); }
function sy(v){ return H - M.b - (v - LO) / (HI - LO) * (H - M.t - M.b); }
function jitter(t){ var h = (t * 2654435761) % 1000; return (h / 1000 - 0.5) * 0.04; }
function scaleOf(){ return state.stat === "z" ? 8 : state.stat === "G2" ? 100 : 4; }
function colour(v){
  var m = scaleOf(), u = Math.max(-1, Math.min(1, v / m));
  if (state.stat === "G2") u = Math.sign(v) * Math.min(1, Math.sqrt(Math.abs(v) / m));
  var base = [190, 190, 190], to = u > 0 ? [33, 102, 172] : [200, 45, 40], k = Math.abs(u);
  return "rgb(" + base.map(function(c, j){ return Math.round(c + (to[j] - c) * k); }).join(",") + ")";
}
var grid = {};
function layout(){
  grid = {};
  for (var t = 0; t < T; t++) {
    var st = stats(t);
    state.val[t] = st[state.stat];
    state.px[t] = sx(lg(st.b, st.D) + jitter(t));
    state.py[t] = sy(lg(st.a, st.C) + jitter(t + 7));
    var key = Math.floor(state.px[t] / 8) + ":" + Math.floor(state.py[t] / 8);
    (grid[key] = grid[key] || []).push(t);
  }
}
function draw(){
  ctx2.clearRect(0, 0, W, H);
  ctx2.fillStyle = "#fff"; ctx2.fillRect(0, 0, W, H);
  ctx2.strokeStyle = "#ddd"; ctx2.fillStyle = "#555"; ctx2.font = "11px sans-serif";
  for (var p = Math.ceil(LO); p <= Math.floor(HI); p++) {
    var X = sx(p), Y = sy(p), lab = String(Math.pow(10, p));
    ctx2.beginPath(); ctx2.moveTo(X, M.t); ctx2.lineTo(X, H - M.b); ctx2.stroke();
    ctx2.beginPath(); ctx2.moveTo(M.l, Y); ctx2.lineTo(W - M.r, Y); ctx2.stroke();
    ctx2.textAlign = "center"; ctx2.fillText(lab, X, H - M.b + 14);
    ctx2.textAlign = "right"; ctx2.fillText(lab, M.l - 4, Y + 4);
  }
  ctx2.strokeStyle = "#bbb"; ctx2.setLineDash([4, 4]); ctx2.beginPath();
  ctx2.moveTo(sx(LO), sy(LO)); ctx2.lineTo(sx(HI), sy(HI)); ctx2.stroke(); ctx2.setLineDash([]);
  ctx2.fillStyle = "#333"; ctx2.textAlign = "center"; ctx2.font = "12px sans-serif";
  var refName = state.reference < 0 ? "all other groups" : D.groups[state.reference];
  ctx2.fillText("per million tokens in " + refName, (M.l + W - M.r) / 2, H - 10);
  ctx2.save(); ctx2.translate(14, (M.t + H - M.b) / 2); ctx2.rotate(-Math.PI / 2);
  ctx2.fillText("per million tokens in " + D.groups[state.target], 0, 0); ctx2.restore();
  var order = [], t;
  for (t = T - 1; t >= 0; t--) order.push(t);
  order.sort(function(p, q){ return Math.abs(state.val[p]) - Math.abs(state.val[q]); });
  for (var k = 0; k < order.length; k++) {
    t = order[k];
    ctx2.fillStyle = colour(state.val[t]);
    ctx2.fillRect(state.px[t] - 1.5, state.py[t] - 1.5, 3, 3);
  }
  var ranked = order.slice().sort(function(p, q){ return state.val[q] - state.val[p]; });
  ctx2.font = "11px sans-serif"; ctx2.textAlign = "left";
  var label = function(t, c){ ctx2.fillStyle = c; ctx2.fillText(D.terms[t], state.px[t] + 4, state.py[t] - 3); };
  for (k = 0; k < Math.min(12, ranked.length); k++) if (state.val[ranked[k]] > 0) label(ranked[k], "#174a85");
  for (k = ranked.length - 1; k >= Math.max(0, ranked.length - 12); k--) if (state.val[ranked[k]] < 0) label(ranked[k], "#9c2420");
  [state.highlight, state.selected].forEach(function(t){
    if (t < 0) return;
    ctx2.strokeStyle = "#000"; ctx2.lineWidth = 2; ctx2.beginPath();
    ctx2.arc(state.px[t], state.py[t], 7, 0, 2 * Math.PI); ctx2.stroke(); ctx2.lineWidth = 1;
    ctx2.font = "bold 13px sans-serif"; label(t, "#000"); ctx2.font = "11px sans-serif";
  });
  state.draws += 1;
}
function redraw(){ layout(); draw(); if (state.selected >= 0) concordance(state.selected); }
function nearest(x, y){
  var best = -1, bd = 49, cx = Math.floor(x / 8), cy = Math.floor(y / 8);
  for (var dx = -1; dx <= 1; dx++) for (var dy = -1; dy <= 1; dy++) {
    var cell = grid[(cx + dx) + ":" + (cy + dy)]; if (!cell) continue;
    for (var k = 0; k < cell.length; k++) {
      var t = cell[k], d = Math.pow(state.px[t] - x, 2) + Math.pow(state.py[t] - y, 2);
      if (d < bd || (d === bd && Math.abs(state.val[t]) > Math.abs(state.val[best]))) { bd = d; best = t; }
    }
  }
  return best;
}
function fmt(v, d){ return isFinite(v) ? v.toFixed(d) : String(v); }
function describe(t){
  var st = stats(t), ref = state.reference < 0 ? "rest" : D.groups[state.reference];
  return "<b>" + esc(D.terms[t]) + "</b><table>" +
    "<tr><td>" + esc(D.groups[state.target]) + "</td><td>" + st.a + " (" + fmt(st.rt, 1) + " per million)</td></tr>" +
    "<tr><td>" + esc(ref) + "</td><td>" + st.b + " (" + fmt(st.rr, 1) + " per million)</td></tr>" +
    "<tr><td>log-odds z</td><td>" + fmt(st.z, 2) + " (delta " + fmt(st.delta, 3) + ")</td></tr>" +
    "<tr><td>G2</td><td>" + fmt(st.G2, 2) + "</td></tr><tr><td>log ratio</td><td>" + fmt(st.log_ratio, 2) +
    "</td></tr></table>";
}
var tip = document.getElementById("tip");
canvas.addEventListener("mousemove", function(ev){
  var r = canvas.getBoundingClientRect(), t = nearest(ev.clientX - r.left, ev.clientY - r.top);
  if (t < 0) { tip.style.display = "none"; return; }
  tip.innerHTML = describe(t); tip.style.display = "block";
  tip.style.left = (state.px[t] + 12) + "px"; tip.style.top = (state.py[t] + 8) + "px";
});
canvas.addEventListener("mouseleave", function(){ tip.style.display = "none"; });
canvas.addEventListener("click", function(ev){
  var r = canvas.getBoundingClientRect(), t = nearest(ev.clientX - r.left, ev.clientY - r.top);
  if (t >= 0) select(t);
});
function concordance(t){
  var flat = D.ctx[t] || [], lines = [], k;
  for (k = 0; k < flat.length; k += 3) {
    var sn = D.snippets[flat[k]], doc = D.docs[sn[0]], text = sn[1], o = flat[k + 1], n = flat[k + 2];
    lines.push({g: doc[1], html: "<div class='line' data-group='" + esc(D.groups[doc[1]]) + "'>" +
      esc(text.slice(0, o)) + "<mark>" + esc(text.slice(o, o + n)) + "</mark>" + esc(text.slice(o + n)) +
      " <span class='src'>" + esc(D.groups[doc[1]]) + " \u00b7 " + esc(doc[0]) + (doc[2] ? " \u00b7 " + esc(doc[2]) : "") + "</span></div>"});
  }
  var first = function(l){ return l.g === state.target ? 0 : (state.reference < 0 || l.g === state.reference) ? 1 : 2; };
  lines.sort(function(p, q){ return first(p) - first(q); });
  var total = termTotal[t];
  document.getElementById("conc").innerHTML = "<h2>Contexts of \u201c" + esc(D.terms[t]) + "\u201d</h2>" +
    "<p class='src'>" + lines.length + " sampled line" + (lines.length === 1 ? "" : "s") + " of " + total +
    " occurrences (at most " + D.per_group + " per group)</p>" +
    (lines.length ? lines.map(function(l){ return l.html; }).join("") :
     "<p>No line in the sampled documents.</p>");
}
function select(t){
  state.selected = t; state.highlight = t;
  document.getElementById("info").innerHTML = describe(t);
  draw(); concordance(t);
}
var search = document.getElementById("search"), suggest = document.getElementById("suggest");
search.addEventListener("input", function(){
  var q = search.value.trim().toLowerCase(), t = index.hasOwnProperty(q) ? index[q] : -1;
  state.highlight = t;
  if (t >= 0) document.getElementById("info").innerHTML = describe(t);
  var hits = [];
  if (q.length >= 2) for (var k = 0; k < T && hits.length < 8; k++) if (D.terms[k].indexOf(q) === 0 && k !== t) hits.push(k);
  suggest.innerHTML = hits.map(function(k){ return "<span data-t='" + k + "'>" + esc(D.terms[k]) + "</span>"; }).join("");
  draw();
});
search.addEventListener("keydown", function(ev){ if (ev.key === "Enter" && state.highlight >= 0) select(state.highlight); });
suggest.addEventListener("click", function(ev){
  var t = ev.target.getAttribute("data-t"); if (t !== null) { search.value = D.terms[+t]; select(+t); }
});
var tsel = document.getElementById("target"), rsel = document.getElementById("reference");
function options(){
  tsel.innerHTML = D.groups.map(function(n, k){ return "<option value='" + k + "'>" + esc(n) + " (" + D.ndocs[k] + " docs)</option>"; }).join("");
  tsel.value = String(state.target);
  var opts = "<option value='-1'>all other groups</option>";
  D.groups.forEach(function(n, k){ if (k !== state.target) opts += "<option value='" + k + "'>" + esc(n) + "</option>"; });
  rsel.innerHTML = opts;
  if (state.reference === state.target) state.reference = -1;
  rsel.value = String(state.reference);
}
tsel.addEventListener("change", function(){ state.target = +tsel.value; options(); redraw(); });
rsel.addEventListener("change", function(){ state.reference = +rsel.value; redraw(); });
document.getElementById("stat").addEventListener("change", function(ev){ state.stat = ev.target.value; redraw(); });
document.getElementById("legend").innerHTML = "Each dot is a term: up when frequent in the chosen group, right when " +
  "frequent in the comparison, on the dashed line when equally frequent. Blue: over-used in the chosen group; red: in the " +
  "comparison (colour by the chosen statistic, as in framing.keyness: log-odds z with a Dirichlet prior of weight " +
  D.alpha0 + ", G2, or log ratio).";
document.getElementById("notes").innerHTML = esc(T + " terms with at least " + D.floor + " occurrences over all groups are shown (of " +
  D.all_terms + " distinct terms; rarer terms are left out). Concordance lines are a sample (random_state " + D.random_state +
  "): at most " + D.per_group + " per term and group, drawn from at most " + D.max_docs + " documents per group (" +
  D.sampled_docs + " of " + D.n_docs + " documents sampled)." + (D.missing ? " " + D.missing + " documents without a " + D.by + " value are left out." : ""));
options(); redraw();
window.explorer = {state: state, data: D, stats: stats, select: select, redraw: redraw,
  indexOf: function(term){ return index.hasOwnProperty(term) ? index[term] : -1; },
  position: function(term){ var t = index[term], r = canvas.getBoundingClientRect();
    return {x: r.left + state.px[t], y: r.top + state.py[t]}; }};
})();
"""
