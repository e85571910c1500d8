"""Evidence sections of the report: the passages behind every figure, as HTML.

:func:`evidence_html` renders an :func:`~framing.evidence.examples.examples`
frame as a section of passages, grouped by the rows they illustrate, each
highlighted span in ``<mark>`` and every text HTML-escaped.
:func:`report_evidence` builds those sections for the figures of a report
(and writes the term explorer beside it); the report calls it once and
places what it returns.

Examples
--------
>>> import pandas as pd
>>> ex = pd.DataFrame({"source": ["A"], "entry": ["csf"], "example": [1], "doc_id": ["d1"],
...                    "start": [0], "end": [27], "match_start": [6], "match_end": [19],
...                    "passage": ["A <b> shared future & more"], "match": ["shared future"],
...                    "marks": [[(6, 19)]]})
>>> html_text = evidence_html(ex, "slogans", ["source", "entry"], title="Slogans")
>>> "<mark>shared future</mark> &amp; more" in html_text, "&lt;b&gt;" in html_text
(True, True)
"""

from __future__ import annotations

import dataclasses
import html
import re
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from framing.errors import FramingError

__all__ = [
    "CAP",
    "EVIDENCE_CSS",
    "ReportEvidence",
    "evidence_html",
    "highlight",
    "report_evidence",
]

#: Passages at most per figure of the report.
CAP = 80

EVIDENCE_CSS = (
    ".evidence{border-left:3px solid #c9d6e8;padding-left:1em;margin:1em 0 2em}"
    ".evidence h3{font-size:1.05em;margin:.4em 0}.ev-group h4{margin:.9em 0 .2em;font-size:.95em}"
    ".ev-passage{margin:.25em 0 .5em;font-size:.92em;line-height:1.4}"
    ".ev-passage cite{display:block;color:#666;font-style:normal;font-size:.85em}"
    ".ev-passage mark{background:#ffe28a;padding:0 1px}.ev-cap{color:#666;font-size:.88em}"
    ".ev-side-negative{border-left:3px solid #d66;padding-left:.5em}"
    ".ev-side-positive{border-left:3px solid #5a5;padding-left:.5em}"
)

_META = ("source", "year", "title", "date")
_DOT = " \u00b7 "


def _slug(value: Any) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "-", str(value)).strip("-") or "x"


def highlight(passage: str, start: int, marks) -> str:
    """``passage`` HTML-escaped with every ``(s, e)`` of ``marks`` (offsets into the
    document, the passage starting at ``start``) in ``<mark>``.

    Examples
    --------
    >>> highlight("a <b> c", 10, [(12, 15)])
    'a <mark>&lt;b&gt;</mark> c'
    """
    out, at = [], 0
    for s, e in sorted(marks or []):
        s, e = s - start, e - start
        if s < at or e > len(passage) or s >= e:
            continue
        out.append(html.escape(passage[at:s]))
        out.append(f"<mark>{html.escape(passage[s:e])}</mark>")
        at = e
    out.append(html.escape(passage[at:]))
    return "".join(out)


def _label(vals: dict) -> str:
    return " \u00b7 ".join(
        f"{k} {v}" if k in ("year", "period", "topic") else str(v) for k, v in vals.items()
    )


def evidence_html(
    frame: pd.DataFrame,
    anchor: str,
    keys: list[str],
    *,
    title: str = "",
    note: str = "",
    labels: dict | None = None,
) -> str:
    """An HTML section listing the passages of an examples frame, grouped by ``keys``.

    Each passage is a ``<blockquote class="ev-passage">`` whose data
    attributes name the group (``data-key``), the document and the offsets
    of the passage in it; highlighted spans are in ``<mark>``. ``labels``
    maps a key tuple to a display label (a topic's top words).
    """
    anchor = _slug(anchor)
    parts = [f"<div class='evidence' id='evidence-{anchor}'>"]
    if title:
        parts.append(f"<h3>Evidence: {html.escape(title)}</h3>")
    if note:
        parts.append(f"<p class='ev-cap'>{html.escape(note)}</p>")
    if frame is None or frame.empty:
        parts.append("<p class='ev-cap'>No passage: nothing in the corpus matches.</p></div>")
        return "".join(parts)
    groups = frame.groupby(keys, sort=False, dropna=False) if keys else [((), frame)]
    for key, g in groups:
        key = key if isinstance(key, tuple) else (key,)
        vals = dict(zip(keys, key))
        gid = f"evidence-{anchor}-" + "-".join(_slug(v) for v in key)
        label = (labels or {}).get(key) or _label(vals)
        data_key = html.escape(" | ".join(str(v) for v in key), quote=True)
        parts.append(
            f"<div class='ev-group' id='{html.escape(gid, quote=True)}' "
            f"data-key='{data_key}'><h4>{html.escape(label)}</h4>"
        )
        for r in g.to_dict("records"):
            side = r.get("side")
            cls = f" ev-side-{side}" if isinstance(side, str) else ""
            meta = [str(r["doc_id"])]
            meta += [str(r[c]) for c in _META if c in r and pd.notna(r[c]) and c not in keys and c != "date"]
            if isinstance(side, str):
                meta.append(f"{side}, score {r['score']:+.3f}")
            elif "score" in r and pd.notna(r.get("score")):
                meta.append(f"proportion {r['score']:.2f}")
            meta.append(f"characters {r['start']}\u2013{r['end']}")
            parts.append(
                f"<blockquote class='ev-passage{cls}' data-doc='{html.escape(str(r['doc_id']), True)}'"
                f" data-start='{int(r['start'])}' data-end='{int(r['end'])}' data-key='{data_key}'>"
                f"{highlight(r['passage'], int(r['start']), r['marks'])}"
                f"<cite>{html.escape(_DOT.join(meta))}</cite></blockquote>"
            )
        parts.append("</div>")
    parts.append("</div>")
    return "".join(parts)


# --------------------------------------------------------------------------
# the report
# --------------------------------------------------------------------------


@dataclasses.dataclass
class ReportEvidence:
    """What the report places: links under figures, sections of passages, a header line."""

    header: str = ""
    figure_links: dict = dataclasses.field(default_factory=dict)
    sections: dict = dataclasses.field(default_factory=dict)

    def links(self, figure: str) -> list[str]:
        return list(self.figure_links.get(figure, []))

    def html(self, section: str) -> str:
        return "".join(self.sections.get(section, []))


def _per_group(n_keys: int, cap: int, most: int = 3) -> int:
    return max(1, min(most, cap // max(n_keys, 1)))


def _cap_note(total: int, per: int, cap: int, shown_keys: int, all_keys: int, extra: str = "") -> str:
    text = f"{total} passage{'s' if total != 1 else ''}, at most {per} per group and at most {cap} per figure"
    if shown_keys < all_keys:
        text += f"; the first {shown_keys} of {all_keys} groups are shown"
    return text + (f"; {extra}" if extra else "") + "."


def _group_column(corpus, ctx: dict) -> str | None:
    """The column that labels the report's groups (``source`` by default)."""
    g = ctx.get("grouping")
    label = getattr(g, "label", None) if g is not None else "source"
    return label if label and label in corpus.docs.columns else None


def _figure_evidence(fig_name: str, sec, corpus, cfg: dict, ctx: dict, cap: int):
    """``(anchor, title, frame, keys, note, labels)`` for one figure, or None."""
    from framing.evidence.examples import examples

    seed = cfg.get("random_state", 0)
    tables = sec.tables
    col = _group_column(corpus, ctx)
    if fig_name == "corpus_summary" and col is not None:
        return _documents_evidence(corpus, cap, seed, col)
    if fig_name in ("slogan_trends", "slogan_rates") and "slogan_rates" in tables:
        from framing.lexicon.core import load_lexicon

        table = tables["slogan_rates"]
        group = [c for c in (col,) if c and c in table.columns]
        used = table[table["n"] > 0]
        keys = list(dict.fromkeys(zip(*[used[c] for c in [*group, "entry"]])))
        per = _per_group(len(keys), cap, 2)
        keys = keys[: cap // per]
        sub = pd.DataFrame(keys, columns=[*group, "entry"])
        lex = load_lexicon("slogans", *cfg.get("lexicons", []))
        frame = examples(
            sub, corpus, n=per, random_state=seed, lexicon=lex, by=group, rows=ctx.get("slogan_matches")
        )
        note = _cap_note(
            len(frame),
            per,
            cap,
            len(keys),
            len(set(zip(*[used[c] for c in [*group, "entry"]]))),
            f"occurrences sampled across documents with random_state {seed}, all periods together",
        )
        return "slogan_trends", "slogan occurrences", frame, [*group, "entry"], note, None
    if fig_name == "slogan_variants" and "slogan_variant_shares" in tables:
        from framing.lexicon.core import load_lexicon

        table = tables["slogan_variant_shares"]
        used = table[table["n"] > 0][["entry", "variant"]].drop_duplicates()
        per = _per_group(len(used), cap, 3)
        used = used.head(cap // per)
        lex = load_lexicon("slogans", *cfg.get("lexicons", []))
        frame = examples(used, corpus, n=per, random_state=seed, lexicon=lex, rows=ctx.get("slogan_matches"))
        note = _cap_note(len(frame), per, cap, len(used), len(used), f"random_state {seed}")
        return "slogan_variants", "wordings of each slogan", frame, ["entry", "variant"], note, None
    if fig_name == "actor_tone" and "actor_tone" in tables:
        table = tables["actor_tone"]
        rows = ctx.get("actor_tone_rows")
        group = [c for c in (col,) if c and c in table.columns]
        if "n" in table.columns:  # the actors drawn: the six with the most documents
            weight = table.groupby("actor", observed=True)["n"].sum()
            drawn = set(weight.sort_values(ascending=False, kind="stable").index[:6])
            table = table[table["actor"].isin(drawn)]
        keys = list(dict.fromkeys(zip(*[table[c] for c in ["actor", *group]])))
        per = _per_group(2 * len(keys), cap, 2)
        shown = keys[: max(1, cap // (2 * per))]
        sub = pd.DataFrame(shown, columns=["actor", *group])
        frame = examples(
            sub, corpus, n=per, rows=rows, by=group or None, actors=cfg.get("sentiment", {}).get("actors")
        )
        note = _cap_note(
            len(frame),
            2 * per,
            cap,
            len(shown),
            len(keys),
            f"the {per} most positive and {per} most negative sentences of each "
            "actor and source, all years together",
        )
        return "actor_tone", "sentences naming each actor", frame, ["actor", *group], note, None
    if fig_name == "frame_shares" and "frame_shares" in tables:
        table = tables["frame_shares"]
        group = [c for c in (col,) if c and c in table.columns]
        used = table[table["hits"] > 0][[*group, "frame"]].drop_duplicates()
        per = _per_group(len(used), cap, 3)
        shown = used.head(cap // per)
        frame = examples(shown, corpus, n=per, random_state=seed, kind="frames", by=group or None)
        note = _cap_note(
            len(frame),
            per,
            cap,
            len(shown),
            len(used),
            f"indicators sampled across documents with random_state {seed}",
        )
        return "frame_shares", "frame indicators", frame, [*group, "frame"], note, None
    if fig_name == "keyness" and "keyness" in tables:
        table = tables["keyness"]
        top = int(cfg.get("keyness", {}).get("top", 15))
        shown = table.groupby("group", sort=False).head(top)
        per = _per_group(len(shown), cap, 3)
        shown = shown.groupby("group", sort=False).head(
            max(1, cap // per // max(shown["group"].nunique(), 1))
        )
        frame = examples(
            shown[["group", "term", "G2"]],
            corpus,
            n=per,
            random_state=seed,
            kind="keyness",
            by=col,
        )
        note = _cap_note(
            len(frame),
            per,
            cap,
            len(shown),
            int(table.groupby("group").head(top).shape[0]),
            f"contexts sampled with random_state {seed}",
        )
        return "keyness", "contexts of the key terms", frame, ["group", "term"], note, None
    if fig_name in ("topic_terms", "topic_prevalence") and ctx.get("topic_model") is not None:
        model = ctx["topic_model"]
        k = model.n_topics
        per = _per_group(k, cap, 3)
        summary = model.topic_summary()
        frame = examples(summary[["topic"]].head(cap // per), corpus, n=per, model=model, kind="topics")
        labels = {(t,): f"Topic {t}: {lab}" for t, lab in zip(summary["topic"], summary["label"])}
        note = _cap_note(
            len(frame),
            per,
            cap,
            min(k, cap // per),
            k,
            "the paragraphs with the highest proportion of each topic, its top terms marked",
        )
        return "topics", "most representative paragraphs of each topic", frame, ["topic"], note, labels
    return None


def _documents_evidence(corpus, cap: int, seed: int, col: str = "source"):
    """The opening sentence of a few documents of each group (``col``), sampled."""
    from framing.evidence.examples import _clip, _frame, _row
    from framing.text.tokenize import split_sentences

    docs = corpus.docs.reset_index(drop=True)
    sources = docs[col].dropna().unique().tolist()
    per = _per_group(len(sources), cap, 3)
    sizes = docs[col].value_counts()
    sources = sorted(sources, key=lambda v: (-int(sizes[v]), str(v)))[:15]  # as the figure
    per = _per_group(len(sources), cap, 3)
    rows = []
    for src in sources:
        members = docs.index[docs[col] == src].to_numpy()
        rng = np.random.default_rng(seed)
        pick = np.sort(rng.permutation(members)[:per])
        for rank, i in enumerate(pick, start=1):
            text = docs["text"].iat[i]
            ps, pe = (split_sentences(text) or [(0, len(text))])[0]
            ps, pe = _clip(text, ps, pe, ps, ps, 300)
            rows.append(_row({col: src}, rank, docs["doc_id"].iat[i], text, ps, pe, [], {}))
    frame = _frame(rows, [col], docs, [])
    note = _cap_note(
        len(frame),
        per,
        cap,
        len(sources),
        docs[col].nunique(),
        f"the opening sentence of documents sampled with random_state {seed}",
    )
    return "corpus_summary", f"documents of each {col}", frame, [col], note, None


def report_evidence(
    folder, sections, corpus, cfg: dict, ctx: dict, *, cap: int = CAP, explorer: dict | None = None
) -> ReportEvidence:
    """Evidence sections for the figures of a report, and the term explorer.

    For every figure with passages behind it, a link (``#evidence-...``)
    and a section of at most ``cap`` passages; the explorer of the compared
    sources is written to ``folder/explorer.html`` when the corpus has at
    least two of them (``explorer``: options of :func:`~framing.explore`;
    by default at most 8,000 terms and 6 lines per term). A figure whose
    passages cannot be found gets a note saying why instead.
    """
    out = ReportEvidence()
    done: dict[str, str] = {}
    for sec in sections:
        blocks = []
        for fig in sec.figures:
            try:
                got = _figure_evidence(fig.name, sec, corpus, cfg, ctx, cap)
            except (FramingError, ValueError, KeyError) as exc:
                blocks.append(
                    f"<p class='note'>No evidence for figure {html.escape(fig.name)}: "
                    f"{html.escape(str(exc))}</p>"
                )
                continue
            if got is None:
                continue
            anchor, title, frame, keys, note, labels = got
            if anchor not in done:
                done[anchor] = anchor
                blocks.append(evidence_html(frame, anchor, keys, title=title, note=note, labels=labels))
            out.figure_links.setdefault(fig.name, []).append(
                f"<a class='ev-link' href='#evidence-{anchor}'>evidence (passages)</a>"
            )
        if blocks:
            out.sections[sec.key] = (
                [f"<style>{EVIDENCE_CSS}</style>", *blocks] if not any(out.sections.values()) else blocks
            )
    out.header = _write_explorer(Path(folder), corpus, cfg, explorer, ctx)
    if out.header and "keyness" in {s.key for s in sections}:
        out.sections.setdefault("keyness", []).append(
            "<p><a href='explorer.html'>Open the term explorer</a>: every term by its "
            "frequency in a chosen source against the others, with its contexts.</p>"
        )
    return out


def _write_explorer(folder: Path, corpus, cfg: dict, options: dict | None = None, ctx=None) -> str:
    by = _group_column(corpus, ctx or {})
    if by is None:
        return ""
    compared = (ctx or {}).get("compared")
    if compared is not None and compared[1] is not None:
        sources = list(compared[1])
    else:
        sources = sorted(corpus.docs[by].dropna().unique().tolist())
    if len(sources) < 2:
        return ""
    from framing.evidence.explorer import explore

    sub = corpus.subset(**{by: sources})
    settings = {"max_terms": 8000, "contexts": 6, **(options or {})}
    explore(
        sub,
        by=by,
        random_state=cfg.get("random_state", 0),
        title=f"Term explorer: {corpus.name or 'corpus'} by {by}",
        **settings,
    ).save(folder / "explorer.html")
    return (
        "<p class='meta'><a href='explorer.html'>Term explorer</a>: every term of "
        f"{', '.join(map(str, sources))} placed by its frequency in one group against the "
        "others, coloured by keyness; click a term for its contexts.</p>"
    )
