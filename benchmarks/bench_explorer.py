"""Term explorer: page size, build time and opening time in headless Chromium.

Cases
-----
* UNGDC permanent five (CHN, USA, RUS, GBR, FRA), 1990-2024: 175 statements,
  grouped by source. Target: <= 5 MB, opens in < 2 s.
* All of UNGDC (10,952 statements) grouped by decade. Target: <= 15 MB.

For each case the page is built with :func:`framing.explore` (default
settings), written, and opened ``--runs`` times in a fresh headless Chromium
tab; the opening time is the navigation's ``loadEventEnd`` (the page's
script parses the data and draws the plot before the load event), the
median over runs. A naive encoding of the same content (one JSON record per
term with its counts and the full text of each of its context lines) is
sized for comparison, and scattertext 0.2.2 (the peer: one category against
the rest, ``minimum_term_frequency`` equal to the explorer's floor,
whitespace tokeniser) is run on the first case when it can be imported.

``--screenshots REPORT_DIR`` also writes ``docs/explorer.png`` (the P5
explorer with a term selected) and ``docs/evidence.png`` (an evidence
section of the report in REPORT_DIR).

Run::

    PYTHONPATH=. FRAMING_DATA=/path/to/corpora python benchmarks/bench_explorer.py \
        --out benchmarks/results_explorer.md
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

P5 = ["CHN", "USA", "RUS", "GBR", "FRA"]


def naive_size(data: dict) -> int:
    """Bytes of a record-per-term JSON encoding of the same content."""
    snippets = data["snippets"]
    records = []
    for j, term in enumerate(data["terms"]):
        flat = data["ctx"][j]
        records.append(
            {
                "term": term,
                "counts": {g: data["counts"][i][j] for i, g in enumerate(data["groups"])},
                "contexts": [
                    {"doc": data["docs"][snippets[flat[k]][0]][0], "text": snippets[flat[k]][1]}
                    for k in range(0, len(flat), 3)
                ],
            }
        )
    return len(json.dumps(records, ensure_ascii=False).encode("utf-8"))


def open_times(path: Path, runs: int, ours: bool = True) -> tuple[list[float], list[str]]:
    from browser import Page

    times, errors = [], []
    for _ in range(runs):
        page = Page()
        try:
            page.open(path.as_uri())
            t = page.evaluate("performance.getEntriesByType('navigation')[0].loadEventEnd")
            times.append(float(t) / 1000.0)
            errors += page.errors()
            if ours:
                assert page.evaluate("explorer.state.draws") >= 1
        finally:
            page.close()
    return times, errors


def scattertext_peer(corpus, category: str, floor: int, folder: Path) -> dict | None:
    try:
        import scattertext as st
    except Exception as exc:
        return {"error": f"scattertext not importable: {type(exc).__name__}"}
    df = corpus.docs[["source", "text"]].copy()
    t0 = time.perf_counter()
    try:
        stc = st.CorpusFromPandas(
            df, category_col="source", text_col="text", nlp=st.whitespace_nlp_with_sentences
        ).build()
        page = st.produce_scattertext_explorer(
            stc,
            category=category,
            category_name=category,
            not_category_name="others",
            minimum_term_frequency=floor,
            width_in_pixels=1000,
        )
    except Exception as exc:
        return {"error": f"scattertext failed: {type(exc).__name__}: {exc}"}
    seconds = time.perf_counter() - t0
    path = folder / "scattertext.html"
    path.write_text(page, encoding="utf-8")
    return {"bytes": path.stat().st_size, "seconds": seconds, "path": path}


def shoot(page, path: Path, selector: str | None, width: int = 1180, height: int = 760) -> None:
    import base64

    if selector:
        page.evaluate(f"document.querySelector({json.dumps(selector)}).scrollIntoView()")
        rect = page.evaluate(
            f"(function(){{var r=document.querySelector({json.dumps(selector)})"
            ".getBoundingClientRect();return {x:r.left+scrollX,y:r.top+scrollY};})()"
        )
        clip = {
            "x": max(0, rect["x"] - 10),
            "y": max(0, rect["y"] - 10),
            "width": width,
            "height": height,
            "scale": 1,
        }
    else:
        clip = {"x": 0, "y": 0, "width": width, "height": height, "scale": 1}
    data = page.call("Page.captureScreenshot", format="png", clip=clip, captureBeyondViewport=True)["data"]
    path.write_bytes(base64.b64decode(data))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=None, help="write the results table (Markdown) here")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--skip-all", action="store_true", help="only the P5 case")
    ap.add_argument("--screenshots", default=None, metavar="REPORT_DIR")
    args = ap.parse_args()

    import framing
    from framing.evidence.explorer import explore

    ungdc = framing.load_corpus("ungdc")
    cases = [("UNGDC P5 1990-2024 by source", ungdc.subset(source=P5, query="year >= 1990"), "source", 5e6)]
    if not args.skip_all:
        cases.append(("UNGDC all by decade", ungdc, "decade", 15e6))
    folder = Path(tempfile.mkdtemp(prefix="bench-explorer-"))
    rows = []
    for name, corpus, by, limit in cases:
        load0 = os.getloadavg()[0]
        t0 = time.perf_counter()
        ex = explore(corpus, by=by)
        build = time.perf_counter() - t0
        path = ex.save(folder / f"{by}.html")
        size = path.stat().st_size
        times, errors = open_times(path, args.runs)
        row = {
            "case": name,
            "documents": len(corpus),
            "groups": len(ex.groups),
            "terms": len(ex.terms),
            "floor": ex.data["floor"],
            "snippets": len(ex.data["snippets"]),
            "contexts": sum(len(c) // 3 for c in ex.data["ctx"]),
            "bytes": size,
            "limit": limit,
            "naive": naive_size(ex.data),
            "build": build,
            "open": statistics.median(times),
            "opens": times,
            "errors": errors,
            "load": (load0, os.getloadavg()[0]),
        }
        if by == "source":
            row["peer"] = scattertext_peer(corpus, "CHN", ex.data["floor"], folder)
            if row["peer"] and "path" in row["peer"]:
                row["peer"]["open"] = statistics.median(open_times(row["peer"]["path"], 1, ours=False)[0])
        rows.append(row)
        print(json.dumps({k: v for k, v in row.items() if k != "peer"}, default=str))
        if row.get("peer"):
            print("peer", {k: v for k, v in row["peer"].items() if k != "path"})

    if args.screenshots:
        from browser import Page

        page = Page()
        try:
            page.open((folder / "source.html").as_uri())
            page.evaluate(
                "var s=document.getElementById('search');s.value='hegemony';"
                "s.dispatchEvent(new Event('input'));explorer.select(explorer.indexOf('hegemony'))"
            )
            shoot(page, ROOT / "docs" / "explorer.png", None, 1200, 860)
            page.events.clear()
            page.open((Path(args.screenshots) / "index.html").resolve().as_uri())
            shoot(page, ROOT / "docs" / "evidence.png", "#evidence-actor_tone", 1100, 720)
        finally:
            page.close()
        for p in ("explorer.png", "evidence.png"):
            print(p, (ROOT / "docs" / p).stat().st_size, "bytes")

    lines = [
        "# Term explorer: size and opening time",
        "",
        (
            "Measured by `benchmarks/bench_explorer.py` (default settings of `framing.explore`: "
            "frequency floor 3 raised until at most 12,000 terms remain, 8 concordance lines per "
            "term spread over the groups, from at most 300 documents per group). Opening time: "
            f"`loadEventEnd` of the page in headless Chromium, median of {args.runs} fresh "
            "browsers (the page parses its data and draws the plot before the load event). "
            "Machine: 2 shared cores; load average before/after each build in the last column."
        ),
        "",
        (
            "| case | documents | groups | terms (floor) | context lines / snippets | page size | "
            "target | naive encoding | compact / naive | build | open (runs) | console errors | "
            "load |"
        ),
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r['case']} | {r['documents']:,} | {r['groups']} | {r['terms']:,} "
            f"(>= {r['floor']}) | {r['contexts']:,} / {r['snippets']:,} | "
            f"{r['bytes'] / 1e6:.2f} MB | <= {r['limit'] / 1e6:.0f} MB | {r['naive'] / 1e6:.2f} MB | "
            f"{r['bytes'] / r['naive']:.2f} | {r['build']:.1f} s | {r['open']:.2f} s "
            f"({', '.join(f'{t:.2f}' for t in r['opens'])}) | {len(r['errors'])} | "
            f"{r['load'][0]:.1f}/{r['load'][1]:.1f} |"
        )
    peer = rows[0].get("peer")
    lines += ["", "## Peer: scattertext 0.2.2, same P5 statements", ""]
    if peer and "bytes" in peer:
        r = rows[0]
        lines += [
            "| tool | comparison | page size | build | open | size ratio (framing / peer) |",
            "|---|---|---|---|---|---|",
            (
                f"| scattertext 0.2.2 (CHN vs others, whitespace tokeniser, floor {r['floor']}) | "
                f"2 categories | {peer['bytes'] / 1e6:.2f} MB | {peer['seconds']:.1f} s | "
                f"{peer.get('open', float('nan')):.2f} s | |"
            ),
            (
                f"| framing.explore (any of {r['groups']} sources against the rest or one other) | "
                f"{r['groups']} groups | {r['bytes'] / 1e6:.2f} MB | {r['build']:.1f} s | "
                f"{r['open']:.2f} s | {r['bytes'] / peer['bytes']:.2f} |"
            ),
        ]
        lines += [
            "",
            (
                "scattertext was installed for this run only, outside the project's environment "
                "(`pip install --target DIR --no-deps scattertext==0.2.2 flashtext statsmodels`), "
                "with spaCy replaced by an empty stand-in module, as its whitespace tokeniser "
                "needs no spaCy model. Its page compares one category with the rest; framing's "
                "page holds all groups and every pairwise comparison."
            ),
        ]
    else:
        lines.append(f"Not measured: {peer.get('error') if peer else 'not run'}.")
    text = "\n".join(lines) + "\n"
    print(text)
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
