"""Evidence: framing.examples, the report's evidence sections and the term explorer."""

from __future__ import annotations

import html
import json
import re

import numpy as np
import pandas as pd
import pytest

import framing
from framing.errors import FramingError
from framing.evidence.examples import detect_kind, examples
from framing.evidence.explorer import explore
from framing.evidence.render import evidence_html, highlight
from framing.lexicon.core import Lexicon
from framing.text.tokenize import tokenize

CHN = [
    (
        "We build a community with a shared future. China opposes hegemony and "
        "bullying. NATO expansion is a grave and terrible threat to peace."
    ),
    (
        "A shared future for mankind needs win-win cooperation. The United States "
        "should stop its Cold War mentality. China is a wonderful, trusted friend of Africa."
    ),
    (
        "Win-win cooperation and mutual respect; win-win results. A shared future again.\n\n"
        "Sovereignty and territorial integrity must be respected. China values peace."
    ),
]
USA = [
    (
        "Freedom and democracy matter. The United States will defend human rights and "
        "democracy. NATO is a great, strong and successful alliance."
    ),
    (
        "Democracy, freedom and the rule of law. China threatens its neighbours and "
        "commits terrible abuses. We welcome our wonderful allies."
    ),
    (
        "Human rights are universal. Democracy and freedom for all peoples.\n\nNATO "
        "allies and the United States stand together for freedom."
    ),
]
RUS = [
    ("Russia calls for multipolarity. NATO is a dangerous threat and a hostile bloc. Sovereignty is sacred."),
    (
        "The West imposes sanctions. Multipolarity and sovereignty and the United Nations "
        "Charter. Russia supports a shared future of equal nations."
    ),
]


@pytest.fixture(scope="module")
def corpus():
    texts = CHN + USA + RUS
    sources = ["CHN"] * 3 + ["USA"] * 3 + ["RUS"] * 2
    years = [2015, 2016, 2021, 2015, 2016, 2021, 2016, 2021]
    return framing.Corpus.from_texts(texts, source=sources, year=years)


@pytest.fixture(scope="module")
def lex():
    return Lexicon.from_patterns(
        {
            "csf": ["community with a shared future", "shared future"],
            "win_win": ["win-win (cooperation|results)?"],
        }
    )


def _text(corpus, doc_id):
    return corpus[doc_id].text


def _check_offsets(ex, corpus):
    for r in ex.itertuples():
        text = _text(corpus, r.doc_id)
        assert text[r.start : r.end] == r.passage
        assert text[r.match_start : r.match_end] == r.match
        assert r.start <= r.match_start <= r.match_end <= r.end
        for s, e in r.marks:
            assert r.start <= s < e <= r.end


# --------------------------------------------------------------------------
# framing.examples
# --------------------------------------------------------------------------


def test_rates_examples_slice_the_text_and_match_the_entry(corpus, lex):
    counts = framing.count_matches(corpus, lex, by="source")
    ex = framing.examples(counts, corpus, n=3, lexicon=lex)
    assert detect_kind(counts) == "rates"
    _check_offsets(ex, corpus)
    for r in ex.itertuples():
        hit = framing.find_matches(framing.Corpus.from_texts([r.match]), lex.subset([r.entry]))
        assert len(hit) == 1 and hit["form"].iat[0] == " ".join(tokenize(r.match))
        assert corpus[r.doc_id].source == r.source
    # by hand: csf occurs 3 times in CHN (3 documents), once in RUS, never in USA;
    # win-win 3 times in CHN (2 documents)
    per = ex.groupby(["source", "entry"]).size().to_dict()
    assert per == {("CHN", "csf"): 3, ("RUS", "csf"): 1, ("CHN", "win_win"): 3}
    # one occurrence per document before a second one
    two = framing.examples(counts, corpus, n=2, lexicon=lex)
    chn_ww = two[(two["source"] == "CHN") & (two["entry"] == "win_win")]
    assert chn_ww["doc_id"].nunique() == 2


def test_examples_are_deterministic_and_seeded(corpus, lex):
    counts = framing.count_matches(corpus, lex, by="source")
    a = examples(counts, corpus, n=1, lexicon=lex, random_state=3)
    b = examples(counts, corpus, n=1, lexicon=lex, random_state=3)
    pd.testing.assert_frame_equal(a, b)
    picks = {tuple(examples(counts, corpus, n=1, lexicon=lex, random_state=s)["start"]) for s in range(12)}
    assert len(picks) > 1


def test_rates_by_period_and_per_document(corpus, lex):
    docs = framing.document_tokens(corpus)
    docs["period"] = docs["year"] // 5 * 5
    counts = framing.count_matches(corpus, lex)
    table = framing.rates(counts, docs, by=["source", "period"], entries=["csf"])
    ex = examples(table, corpus, n=5, lexicon=lex)
    assert set(ex.columns) >= {"source", "period", "entry", "year"}
    assert ((ex["year"] >= ex["period"]) & (ex["year"] < ex["period"] + 5)).all()
    # CHN 2015 period: documents of 2015 and 2016 hold 2 csf occurrences
    assert len(ex[(ex["source"] == "CHN") & (ex["period"] == 2015)]) == 2
    per_doc = examples(counts, corpus, n=5, lexicon=lex)
    assert (
        per_doc.groupby(["doc_id", "entry", "variant"]).size()
        == counts.set_index(["doc_id", "entry", "variant"])["n"]
    ).all()
    _check_offsets(per_doc, corpus)


def test_frame_examples(corpus):
    shares = framing.frame_shares(corpus, by="source")
    ex = examples(shares, corpus, n=2)
    _check_offsets(ex, corpus)
    assert len(ex) > 0
    for r in ex.itertuples():
        m = framing.frame_matches(framing.Corpus.from_texts([r.match]))
        assert r.frame in set(m["frame"])
    sov = ex[ex["frame"] == "sovereignty_noninterference"]
    assert set(sov["source"]) == {"CHN", "RUS"}


def test_tone_examples_are_the_extreme_sentences(corpus):
    rows = framing.actor_tone(corpus, ["NATO", "China", "the United States"])
    summary = framing.actor_tone_summary(rows, by="source")
    ex = examples(summary, corpus, n=1, rows=rows)
    _check_offsets(ex, corpus)
    actors = framing.load_actors()
    for r in ex.itertuples():
        assert r.actor in actors.find(r.match)
        group = rows[(rows["actor"] == r.actor) & (rows["source"] == r.source)]
        want = group["compound"].max() if r.side == "positive" else group["compound"].min()
        assert r.score == pytest.approx(want)
        assert (r.score > 0) == (r.side == "positive")
    # recomputed from the summary alone: the same passages
    again = examples(summary, corpus, n=1, actors=["NATO", "China", "the United States"])
    pd.testing.assert_frame_equal(ex.reset_index(drop=True), again.reset_index(drop=True))
    nato_usa = ex[(ex["actor"] == "NATO") & (ex["source"] == "USA")]
    assert nato_usa["side"].tolist() == ["positive"]  # no negative NATO sentence in USA


def test_topic_examples_are_the_highest_theta_paragraphs():
    from framing.topics.dtm import DTMBuilder
    from framing.topics.model import TopicModel

    texts = []
    for i in range(12):
        texts.append(f"Budget tax deficit spending.\n\nTroops war border army {i}. War again.")
        texts.append(f"Tax budget deficit tax spending revenue {i}.")
        texts.append(f"Army troops war border troops war {i}.")
    c = framing.Corpus.from_texts(texts, source=["A", "B", "C"] * 12)
    dtm = DTMBuilder(
        split="paragraphs", min_paragraph_tokens=0, min_df=2, max_df=1.0, phrases=False
    ).fit_transform(c)
    model = TopicModel(2, backend="nmf", random_state=0).fit(dtm)
    ex = examples(model.topic_summary(), c, n=3, model=model, paragraph_tokens=0)
    _check_offsets(ex, c)
    theta = model.doc_topic_
    ids = model.docs_["doc_id"].to_numpy()
    for k in (1, 2):
        got = ex[ex["topic"] == k]
        order = np.lexsort((ids, -theta[:, k - 1]))[:3]
        assert got["unit_id"].tolist() == ids[order].tolist()
        assert got["score"].to_numpy() == pytest.approx(theta[order, k - 1])
        top = set(model.top_terms(10).query("topic == @k")["term"])
        for r in got.itertuples():
            assert r.marks and all(tokenize(_text(c, r.doc_id)[s:e])[0] in top for s, e in r.marks)
            # a paragraph of the document, not the whole text
            assert "\n\n" not in r.passage


def test_keyness_examples(corpus):
    table = framing.keyness(corpus, by="source", stopwords=True)
    ex = examples(table, corpus, n=2, max_rows=3)
    _check_offsets(ex, corpus)
    assert detect_kind(table) == "keyness"
    assert set(ex["group"]) == {"CHN", "USA", "RUS"}
    for r in ex.itertuples():
        assert tokenize(r.match) == [r.term]
        assert corpus[r.doc_id].source == r.group
    assert ex.groupby("group")["term"].nunique().max() <= 3


def test_examples_errors(corpus, lex):
    with pytest.raises(FramingError, match="cannot tell"):
        examples(pd.DataFrame({"x": [1]}), corpus)
    counts = framing.count_matches(corpus, lex, by="source")
    with pytest.raises(FramingError, match="not in the lexicon"):
        examples(counts, corpus)  # the shipped lexicon has no entry 'csf'
    with pytest.raises(FramingError, match="model"):
        examples(pd.DataFrame({"topic": [1], "prevalence": [0.5]}), corpus)


# --------------------------------------------------------------------------
# rendering
# --------------------------------------------------------------------------


def test_highlight_and_evidence_html_escape():
    assert (
        highlight("a<b>c & d", 100, [(101, 104), (108, 109)])
        == "a<mark>&lt;b&gt;</mark>c &amp; <mark>d</mark>"
    )
    frame = pd.DataFrame(
        {
            "entry": ["x"],
            "example": [1],
            "doc_id": ["d<1>"],
            "start": [0],
            "end": [9],
            "match_start": [0],
            "match_end": [3],
            "passage": ["<i>x</i>!"],
            "match": ["<i>"],
            "marks": [[(0, 3)]],
        }
    )
    out = evidence_html(frame, "fig 1", ["entry"], title="T", note="capped")
    assert "<i>" not in out and "<mark>&lt;i&gt;</mark>" in out
    assert "id='evidence-fig-1'" in out and "d&lt;1&gt;" in out


# --------------------------------------------------------------------------
# the explorer (Python side)
# --------------------------------------------------------------------------


def test_explorer_counts_floor_and_contexts(corpus):
    ex = explore(corpus, by="source", min_count=2, contexts=3)
    assert ex.groups == ["CHN", "RUS", "USA"]
    tc = framing.count_terms(corpus, by="source")
    wide = tc.to_wide()
    assert ex.counts_of("democracy") == {"CHN": 0, "RUS": 0, "USA": int(wide.loc["democracy", "USA"])}
    assert ex.counts_of("democracy")["USA"] == 4  # by hand
    assert all(sum(ex.counts_of(t).values()) >= 2 for t in ex.terms)
    assert "hegemony" not in ex.terms  # once in the corpus: below the floor
    D = ex.data
    for j, term in enumerate(D["terms"]):
        flat = D["ctx"][j]
        assert len(flat) // 3 <= ex.data["per_group"] * len(ex.groups)
        for i in range(0, len(flat), 3):
            snippet = D["snippets"][flat[i]][1]
            assert tokenize(snippet[flat[i + 1] : flat[i + 1] + flat[i + 2]]) == [term]
    assert D["per_group"] == 1
    shown = ex._repr_html_()  # Jupyter: the page in a sandboxed frame
    assert shown.startswith("<iframe srcdoc=") and "&lt;!DOCTYPE html&gt;" in shown
    with pytest.raises(FramingError, match="two groups"):
        explore(corpus.subset(source="CHN"), by="source")
    with pytest.raises(FramingError, match="no column"):
        explore(corpus, by="nope")


def test_explorer_reads_the_token_index_with_the_counts_of_the_texts(corpus):
    from framing.text.analyses import text_path

    indexed = explore(corpus, by="source", groups=["CHN", "USA"], min_count=1, random_state=0)
    with text_path():
        from_texts = explore(corpus, by="source", groups=["CHN", "USA"], min_count=1, random_state=0)
    assert indexed.groups == from_texts.groups == ["CHN", "USA"]
    assert indexed.terms == from_texts.terms
    assert np.array_equal(indexed.counts, from_texts.counts)
    assert indexed.data == from_texts.data


def test_explore_cli_writes_an_offline_page(tmp_path, corpus):
    from framing.cli.main import main

    path = tmp_path / "c.csv"
    corpus.docs.to_csv(path, index=False)
    out = tmp_path / "ex.html"
    assert main(["explore", str(path), "--by", "source", "--out", str(out), "--min-count", "2"]) == 0
    page = out.read_text(encoding="utf-8")
    assert not re.search(r"""(src|href)\s*=\s*["']?https?:""", page)
    data = json.loads(
        html.unescape(page.split('type="application/json">')[1].split("</script>")[0]).replace("<\\/", "</")
    )
    assert data["groups"] == ["CHN", "RUS", "USA"]
    assert main(["explore", str(path), "--by", "nope", "--out", str(out)]) == 2


# --------------------------------------------------------------------------
# headless Chromium
# --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def page():
    from browser import Page, chromium_path

    if chromium_path() is None:
        pytest.skip("chromium is not installed")
    p = Page()
    yield p
    p.close()


def _click(page, x, y):
    for kind in ("mouseMoved", "mousePressed", "mouseReleased"):
        page.call("Input.dispatchMouseEvent", type=kind, x=x, y=y, button="left", clickCount=1)


def test_explorer_in_chromium(page, corpus, tmp_path):
    path = explore(corpus, by="source", min_count=2).save(tmp_path / "explorer.html")
    page.events.clear()
    page.open(path.as_uri())
    assert page.errors() == []
    assert page.evaluate("explorer.state.draws") >= 1
    # the page's statistics are framing.keyness's
    table = framing.keyness(corpus, by="source", target="USA").set_index("term")
    page.evaluate(
        "document.getElementById('target').value = '2';"
        "document.getElementById('target').dispatchEvent(new Event('change'))"
    )
    for term in ("democracy", "freedom", "nato", "china"):
        got = page.evaluate(f"explorer.stats(explorer.indexOf('{term}'))")
        row = table.loc[term]
        assert got["z"] == pytest.approx(row["z"], rel=1e-9)
        assert got["G2"] == pytest.approx(row["G2"], rel=1e-9, abs=1e-12)
        assert got["log_ratio"] == pytest.approx(row["log_ratio"], rel=1e-9)
    # typing a term highlights it
    page.evaluate(
        "var s = document.getElementById('search'); s.value = 'democracy';s.dispatchEvent(new Event('input'))"
    )
    assert page.evaluate("explorer.state.highlight") == page.evaluate("explorer.indexOf('democracy')")
    assert page.evaluate("document.getElementById('info').textContent").startswith("democracy")
    # hovering shows its counts and statistics; clicking shows its concordance lines
    pos = page.evaluate("explorer.position('democracy')")
    page.call("Input.dispatchMouseEvent", type="mouseMoved", x=pos["x"], y=pos["y"])
    tip = page.evaluate("document.getElementById('tip').textContent")
    assert tip.startswith("democracy") and "log-odds z" in tip and "G2" in tip
    _click(page, pos["x"], pos["y"])
    assert page.evaluate("explorer.state.selected") == page.evaluate("explorer.indexOf('democracy')")
    lines = page.evaluate(
        "Array.from(document.querySelectorAll('#conc .line mark')).map(function(m){ return m.textContent; })"
    )
    assert lines and all(tokenize(m) == ["democracy"] for m in lines)
    # switching the group redraws with other positions
    draws = page.evaluate("explorer.state.draws")
    before = page.evaluate("Array.from(explorer.state.py.slice(0, 20))")
    page.evaluate(
        "document.getElementById('target').value = '0';"
        "document.getElementById('target').dispatchEvent(new Event('change'))"
    )
    assert page.evaluate("explorer.state.draws") > draws
    assert page.evaluate("Array.from(explorer.state.py.slice(0, 20))") != before
    # against one other group: the reference list offers the others
    page.evaluate(
        "document.getElementById('reference').value = '1';"
        "document.getElementById('reference').dispatchEvent(new Event('change'))"
    )
    got = page.evaluate("explorer.stats(explorer.indexOf('sovereignty'))")
    pair = framing.keyness(corpus, by="source", target="CHN", reference="RUS").set_index("term")
    assert got["z"] == pytest.approx(pair.loc["sovereignty", "z"], rel=1e-9)
    assert page.errors() == []


_COLLECT = """
Array.from(document.querySelectorAll('a.ev-link')).map(function(a){
  var id = a.getAttribute('href').slice(1), el = document.getElementById(id);
  return {href: id, found: !!el, passages: el ? Array.from(el.querySelectorAll('.ev-passage'))
    .map(function(b){ var c = b.cloneNode(true); c.querySelector('cite').remove();
      return {key: b.getAttribute('data-key'), doc: b.getAttribute('data-doc'),
              start: +b.getAttribute('data-start'), end: +b.getAttribute('data-end'),
              text: c.textContent,
              marks: Array.from(b.querySelectorAll('mark')).map(function(m){ return m.textContent; })}; })
    : []};
})
"""


def _check_report_evidence(page, out, corpus):
    page.events.clear()
    page.open((out / "index.html").as_uri())
    assert page.errors() == []
    links = page.evaluate(_COLLECT)
    figures = page.evaluate("document.querySelectorAll('figure').length")
    assert len(links) == figures  # every figure links to its evidence
    actors = framing.load_actors()
    frames = framing.load_lexicon("frames")
    slogans = framing.load_lexicon("slogans")
    topics = (
        pd.read_csv(out / "tables" / "topic_terms.csv")
        if (out / "tables" / "topic_terms.csv").exists()
        else None
    )
    checked = 0
    for link in links:
        assert link["found"], link["href"]
        assert link["passages"], link["href"]
        fig = link["href"][len("evidence-") :]
        for p in link["passages"]:
            text = corpus[p["doc"]].text
            assert text[p["start"] : p["end"]] == p["text"]
            key = p["key"].split(" | ")
            for mark in p["marks"]:
                if fig == "keyness":
                    assert tokenize(mark) == [key[1]]
                elif fig == "actor_tone":
                    assert key[0] in actors.find(mark)
                elif fig == "frame_shares":
                    m = framing.find_matches(framing.Corpus.from_texts([mark]), frames.subset([key[-1]]))
                    assert len(m) == 1
                elif fig.startswith("slogan"):
                    entry = key[-1] if fig == "slogan_trends" else key[0]
                    m = framing.find_matches(framing.Corpus.from_texts([mark]), slogans.subset([entry]))
                    assert len(m) == 1
                elif fig == "topics":
                    terms = set(topics.loc[topics["topic"] == int(key[0]), "term"])
                    assert "_".join(tokenize(mark)) in terms or set(tokenize(mark)) <= terms
                checked += 1
            if fig == "corpus_summary":
                assert corpus[p["doc"]].source == key[0]
            elif fig not in ("topics",):
                assert p["marks"], (fig, p)
    assert checked > 0
    assert (out / "explorer.html").exists()
    assert page.evaluate("!!document.querySelector(\"a[href='explorer.html']\")")
    size = len((out / "index.html").read_bytes())
    return size


def test_report_evidence_on_seeds(page, seeds, tmp_path):
    out = tmp_path / "rep"
    framing.build_report(seeds, out, config={"topics": {"k": 3}}, log=None)
    _check_report_evidence(page, out, seeds)


def test_report_evidence_on_a_fixture_corpus(page, corpus, tmp_path):
    out = tmp_path / "rep"
    docs = corpus.docs
    corpus = framing.Corpus.from_texts(
        docs["text"].tolist() * 3,
        source=docs["source"].tolist() * 3,
        year=[y + k for k in (0, 1, 2) for y in docs["year"].tolist()],
    )
    framing.build_report(
        corpus,
        out,
        config={
            "sections": ["summary", "slogans", "sentiment", "frames", "keyness"],
            "sentiment": {"min_docs": 1},
        },
        log=None,
    )
    _check_report_evidence(page, out, corpus)


def test_a_report_with_its_explorer_is_replaced_by_the_next_build(tmp_path):
    docs = framing.Corpus.from_texts(
        ["We oppose hegemony and support win-win cooperation."] * 3 + ["Freedom and democracy matter."] * 3,
        source=["CHN"] * 3 + ["USA"] * 3,
        year=[2020, 2021, 2022] * 2,
    )
    out = tmp_path / "rep"
    framing.build_report(docs, out, config={"sections": ["summary", "keyness"]}, log=None)
    assert (out / "explorer.html").is_file()
    framing.build_report(docs, out, config={"sections": ["summary", "keyness"]}, log=None)
    assert (out / "index.html").is_file() and (out / "explorer.html").is_file()


def test_examples_of_keyness_grouped_by_two_columns():
    c = framing.Corpus.from_texts(
        ["peace and peace talks", "war war", "peace talks now", "war and war"],
        source=["A", "B", "B", "A"],
        year=[2020, 2020, 2021, 2021],
    )
    k = framing.keyness(c, by=["source", "year"], target="A|2020")
    ex = framing.examples(k[k["term"] == "peace"], c, n=2)
    assert set(ex["doc_id"]) == {"doc0"} and ex[["source", "year"]].drop_duplicates().values.tolist() == [
        ["A", 2020]
    ]


def test_metadata_named_like_a_passage_column_is_kept_with_a_prefix():
    import framing

    c = framing.Corpus.from_texts(["Q: Why war?\nA: Peace is our aim.\nQ: And?\nA: Peace again."])
    seg = c.segment(recipe="press_conference")
    lex = framing.Lexicon.from_patterns({"peace": "peace"})
    m = framing.count_matches(seg, lex, by="role")
    ex = framing.examples(m[m["n"] > 0], seg, lexicon=lex)
    assert ex.columns.is_unique
    assert {"start", "end", "meta_start", "meta_end"} <= set(ex.columns)
    # the passage offsets point into the segment, the prefixed ones place the segment in its document
    for _, r in ex.iterrows():
        unit = seg.docs.set_index("doc_id").loc[r["doc_id"], "text"]
        assert unit[r["start"] : r["end"]] == r["passage"]
        assert c.docs["text"].iloc[0][r["meta_start"] : r["meta_end"]] == unit


def test_keyness_passages_from_the_index_equal_those_from_the_texts():
    import framing
    from framing.text.analyses import text_path

    texts = [
        "Peace and development. Development first!",
        "Sanctions, sanctions: the sanctions bite.",
        "Development of peace.",
        "More sanctions today. Peace later.",
    ]
    c = framing.Corpus.from_texts(texts, source=["A", "B", "A", "B"])
    k = framing.keyness(c, target="A", by="source", min_count=1)
    framing.tokens(c)
    got = framing.examples(k, c, by="source")
    with text_path():
        expected = framing.examples(k, c, by="source")
    pd.testing.assert_frame_equal(got, expected)
    dev = got[got["term"] == "development"]
    assert set(dev["doc_id"]) == {"doc0", "doc2"} and (dev["match"].str.lower() == "development").all()
