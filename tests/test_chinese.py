"""Chinese text, bilingual lexicon entries and the workreports_zh corpus."""

from __future__ import annotations

import re

import pytest

import framing
from framing import Corpus
from framing.errors import LexiconError, PatternError
from framing.lexicon.core import Lexicon, load_lexicon
from framing.lexicon.matcher import count_matches, find_matches, kwic
from framing.lexicon.zhpatterns import ZhMatcher, compile_zh_pattern
from framing.text import chinese as zh
from framing.text.language import detect_language, is_chinese_code


@pytest.fixture(autouse=True)
def _cache(tmp_path_factory, monkeypatch):
    monkeypatch.setenv("FRAMING_CACHE", str(tmp_path_factory.getbasetemp() / "cache"))


# --------------------------------------------------------------------------
# Language, normalisation, tokens, sentences
# --------------------------------------------------------------------------


def test_language_detection_and_codes():
    assert detect_language("我们要推动构建人类命运共同体。") == "zh"
    assert detect_language("China proposed 人类命运共同体 in 2013 and later years.") == "und"
    assert detect_language("日本の首相は東京で演説した。") == "ja"
    assert detect_language("plain ASCII") == "und"
    assert all(is_chinese_code(c) for c in ["zh", "zh-CN", "zh_Hant", "zho", "Chinese"])
    assert not any(is_chinese_code(c) for c in ["en", "", None, "ja"])


def test_shipped_phrase_file_is_what_the_shipped_lexicons_give():
    # framing/data/phrases_zh.txt is written by write_zh_phrases (make phrases)
    from framing.lexicon.core import shipped_zh_phrases

    assert zh.read_phrases() == shipped_zh_phrases()
    assert list(zh.shipped_phrases()) == shipped_zh_phrases()
    assert "人类命运共同体" in zh.shipped_phrases()


def test_zero_width_character_inside_a_word():
    text = "为打\n\u200b\n造人类命运共\u200b同体作出新贡献"
    norm, off = zh.normalize_zh(text)
    assert norm == "为打造人类命运共同体作出新贡献"
    assert len(off) == len(norm) + 1 and off[-1] == len(text)
    toks = zh.tokenize_zh_spans(text)
    assert "人类命运共同体" in [t for t, _, _ in toks]
    _, s, e = next(x for x in toks if x[0] == "人类命运共同体")
    assert text[s:e] == "人类命运共\u200b同体"
    _, s, e = next(x for x in toks if x[0] == "打造")
    assert text[s:e] == "打\n\u200b\n造"


def test_full_width_forms():
    text = "ＧＤＰ增长５．２％，ＡＰＥＣ会议"
    norm, off = zh.normalize_zh(text)
    assert norm == "GDP增长5.2%,APEC会议"
    assert off.tolist() == list(range(len(text) + 1))
    toks = zh.tokenize_zh(text)
    assert toks == ["gdp", "增长", "5.2%", "apec", "会议"]


def test_traditional_input():
    pytest.importorskip("opencc")
    text = "我們要推動構建人類命運共同體，這是國際關係的發展方向。"
    toks = zh.tokenize_zh(text)
    assert "人类命运共同体" in toks and "我们" in toks
    lex = Lexicon.from_dict({"entries": [{"id": "csf", "zh": "人类命运共同体"}]})
    m = find_matches(Corpus.from_texts([text]), lex)
    assert len(m) == 1 and text[m.start[0] : m.end[0]] == "人類命運共同體"
    assert zh.tokenize_zh(text, traditional=False) != toks
    # short texts too; Simplified text with a character shared by both scripts is kept
    m = find_matches(
        Corpus.from_texts(["構建人類命運共同體", "兩岸同胞是血脈相連的命運共同體"]), load_lexicon()
    )
    assert m[["doc_id", "entry"]].values.tolist() == [
        ["doc0", "community_shared_future"],
        ["doc1", "cross_strait_community"],
    ]
    assert zh.normalize_zh("显著的著作", traditional="auto")[0] == "显著的著作"


def test_offsets_slice_the_original_text():
    text = "\u3000\u3000２０２５年，我们推动共建“一带一路”高质量发展。\n全球发展倡议、全球安全倡议！"
    for tok, s, e in zh.tokenize_zh_spans(text):
        assert zh.normalize_zh(text[s:e])[0].lower() == tok
    starts, ends = zh.token_bounds_zh(text)
    assert len(starts) == len(zh.tokenize_zh(text))
    assert [text[s:e] for s, e in zip(starts, ends, strict=True)][-2:] == ["全球发展倡议", "全球安全倡议"]
    assert framing.count_tokens(text) == len(framing.tokenize(text))
    assert [t for t, _, _ in framing.tokenize_spans(text)] == framing.tokenize(text)


SLOGANS = [
    "人类命运共同体",
    "周边命运共同体",
    "人类卫生健康共同体",
    "一带一路",
    "合作共赢",
    "新型国际关系",
    "和平共处五项原则",
    "全人类共同价值",
    "全球发展倡议",
    "全球安全倡议",
    "全球文明倡议",
    "丝绸之路经济带",
    "中国式现代化",
    "百年未有之大变局",
]


@pytest.mark.parametrize("slogan", SLOGANS)
def test_slogan_never_split(slogan):
    for text in [f"我们{slogan}", f"推动构建{slogan}和发展", f"坚持{slogan}。", slogan]:
        assert slogan in zh.tokenize_zh(text), (text, zh.tokenize_zh(text))


def test_sentences():
    text = "一、回顾\n我们坚持开放；推动“合作共赢”。好！Really? 是的"
    assert zh.sentences_zh(text) == [
        "一、回顾",
        "我们坚持开放；",
        "推动“合作共赢”。",
        "好！",
        "Really?",
        "是的",
    ]
    assert framing.sentences(text) == zh.sentences_zh(text)
    assert framing.sentences("Mr. Li came. He left.") == ["Mr. Li came.", "He left."]


def test_english_results_unchanged_by_auto_detection():
    english = "The U.S. and China\u2019s \u201cwin\u2013win\u201d co-\noperation, 人类 too."
    assert framing.tokenize(english) == framing.tokenize(english, lang="en")
    assert framing.tokenize(english)[:3] == ["the", "u.s.", "and"]
    # a Chinese text forced to the default tokeniser is one token per run
    assert framing.tokenize("推动构建人类命运共同体", lang="en") == ["推动构建人类命运共同体"]


def test_stopwords():
    assert {"的", "了", "和", "我们"} <= zh.STOPWORDS_ZH <= framing.STOPWORDS
    assert not {"发展", "合作", "人民", "共同体"} & zh.STOPWORDS_ZH
    assert framing.tokenize("the") == ["the"]


# --------------------------------------------------------------------------
# Chinese patterns and bilingual entries
# --------------------------------------------------------------------------


def test_zh_pattern_grammar():
    p = compile_zh_pattern("(周边|亚洲)?命运共同体")
    assert (p.min_len, p.max_len) == (5, 7)
    assert p.expand() == ["命运共同体", "周边命运共同体", "亚洲命运共同体"]
    gap = compile_zh_pattern("两岸{0,3}命运共同体")
    assert gap.expand() is None and gap.pieces() == ["两岸", "命运共同体"]
    assert gap.regex.search("两岸同胞命运共同体") and not gap.regex.search("两岸，命运共同体")
    assert compile_zh_pattern("[^类]命运").regex.search("类命运") is None
    for bad in ["", "(人类", "人类)", "{0,3}人类", "人类{0,99}命运", "(人类)?", "?人类"]:
        with pytest.raises(PatternError):
            compile_zh_pattern(bad)


SHIPPED_FORMS = {  # fixture sentences: entry -> (sentence, the form that must be counted)
    "community_shared_future": [
        ("中国愿与各国一道，推动构建人类命运共同体。", "人类命运共同体"),
        ("全面推进周边外交，打造周边命运共同体。", "周边命运共同体"),
        ("携手构建更加紧密的中非命运共同体。", "中非命运共同体"),
        ("迈向亚洲命运共同体。", "亚洲命运共同体"),
        ("共同构建网络空间命运共同体。", "网络空间命运共同体"),
        ("构建海洋命运共同体。", "海洋命运共同体"),
        ("打造中国－东盟命运共同体。", "中国-东盟命运共同体"),
        ("深化两岸交流，推动构建人类命运共同体。", "人类命运共同体"),
    ],
    "community_health": [("倡导建设人类卫生健康共同体。", "人类卫生健康共同体")],
    "belt_and_road": [
        ("推动共建“一带一路”高质量发展。", "一带一路"),
        ("建设丝绸之路经济带。", "丝绸之路经济带"),
        ("建设２１世纪海上丝绸之路。", "21世纪海上丝绸之路"),
    ],
    "win_win_cooperation": [("以合作共赢为核心。", "合作共赢"), ("实现互利共赢。", "互利共赢")],
    "new_type_international_relations": [("推动构建新型国际关系。", "新型国际关系")],
    "new_type_major_country_relations": [("构建中美新型大国关系。", "新型大国关系")],
    "five_principles_peaceful_coexistence": [("坚持和平共处五项原则。", "和平共处五项原则")],
    "common_values_humanity": [("弘扬全人类共同价值。", "全人类共同价值")],
    "global_development_initiative": [("落实全球发展倡议。", "全球发展倡议")],
    "global_security_initiative": [("践行全球安全倡议。", "全球安全倡议")],
    "global_civilization_initiative": [("提出全球文明倡议。", "全球文明倡议")],
    "cross_strait_community": [
        ("携手构建两岸命运共同体。", "两岸命运共同体"),
        ("两岸同胞是血脉相连的命运共同体。", "两岸同胞是血脉相连的命运共同体"),
        ("两岸同胞命运与共。", "两岸同胞命运与共"),
    ],
}


@pytest.fixture(scope="module")
def slogans():
    return load_lexicon()


@pytest.mark.parametrize("entry", sorted(SHIPPED_FORMS))
def test_each_chinese_form_is_counted(entry, slogans):
    cases = SHIPPED_FORMS[entry]
    c = Corpus.from_texts([s for s, _ in cases])
    m = find_matches(c, slogans)
    got = m[m["entry"] == entry]
    assert got["doc_id"].tolist() == c.doc_ids, got
    for (sentence, form), (_, row) in zip(cases, got.iterrows(), strict=True):
        assert row["form"] == form
        assert zh.normalize_zh(sentence[row["start"] : row["end"]])[0] == form


def test_cross_strait_is_not_community_shared_future(slogans):
    texts = [
        "携手构建两岸命运共同体。",
        "两岸同胞是血脉相连的命运共同体。",
        "台湾同胞与大陆同胞是命运共同体。",
        "两岸同胞命运与共。",
    ]
    m = find_matches(Corpus.from_texts(texts), slogans)
    assert "community_shared_future" not in set(m["entry"])
    assert (m["entry"] == "cross_strait_community").sum() == 4
    # the rule is the clause: 两岸 in another clause does not exclude
    m = find_matches(Corpus.from_texts(["两岸关系和平发展，我们构建周边命运共同体。"]), slogans)
    assert m.loc[m.entry == "community_shared_future", "variant"].tolist() == ["zh_regional"]


def test_engines_agree(slogans):
    entries = [(e.id, e.zh_patterns, e.zh_exclude) for e in slogans]
    text = "。".join(s for cases in SHIPPED_FORMS.values() for s, _ in cases) * 3
    view = zh.normalize_zh(text)[0]
    py = ZhMatcher(entries, engine="python").find_in_view(view)
    hs = ZhMatcher(entries, engine="auto").find_in_view(view)
    assert [(a, b, s, e) for a, b, s, e, _ in py] == [(a, b, s, e) for a, b, s, e, _ in hs]
    assert len(py) > 20
    # brute force: every start, longest end, for one gap pattern
    p = compile_zh_pattern("两岸{0,12}命运(共同体|与共)")
    brute = []
    for s in range(len(view)):
        ends = [e for e in range(s + 1, len(view) + 1) if p.regex.fullmatch(view, s, e)]
        if ends:
            brute.append((s, max(ends)))
    m = ZhMatcher([("x", [p], [])], engine="python")
    assert [(s, e) for s, e in m._starts_python(0, view)] == brute


def test_zh_block_errors():
    with pytest.raises(LexiconError, match="line"):
        Lexicon.from_yaml("entries:\n  - id: x\n    zh:\n      variants:\n        a: '(人类'\n")
    with pytest.raises(LexiconError, match="also an English variant"):
        Lexicon.from_dict(
            {"entries": [{"id": "x", "variants": {"a": "peace"}, "zh": {"variants": {"a": "和平"}}}]}
        )
    with pytest.raises(LexiconError, match="unknown key"):
        Lexicon.from_dict({"entries": [{"id": "x", "zh": {"pattern": "和平"}}]})
    lex = Lexicon.from_dict({"entries": [{"id": "x", "zh": ["和平", "和谐"]}]})
    assert list(lex["x"].zh_variants) == ["zh"] and lex["x"].to_dict()["zh"]["variants"]


def test_mixed_language_corpus_counts_and_kwic(slogans):
    c = Corpus.from_records(
        [
            {
                "doc_id": "en",
                "text": "We build a community with a shared future for mankind.",
                "year": 2017,
                "lang": "en",
            },
            {
                "doc_id": "zh",
                "text": "我们推动构建人类命运共同体，共建“一带一路”。",
                "year": 2017,
                "lang": "zh",
            },
            {"doc_id": "auto", "text": "坚持和平共处五项原则。", "year": 2018},
        ]
    )
    counts = count_matches(c, slogans, by="doc_id")
    n = counts.set_index(["doc_id", "entry", "variant"])["n"]
    assert n["en", "community_shared_future", "shared_future"] == 1
    assert n["zh", "community_shared_future", "zh_humankind"] == 1
    assert n["zh", "belt_and_road", "zh_belt_and_road"] == 1
    assert n["auto", "five_principles_peaceful_coexistence", "zh_five_principles"] == 1
    tokens = counts.drop_duplicates("doc_id").set_index("doc_id")["tokens"]
    assert tokens["zh"] == len(zh.tokenize_zh(c["zh"].text))
    assert tokens["en"] == len(framing.tokenize(c["en"].text))
    k = kwic(c, "community_shared_future", slogans, window=2)
    assert k["match"].tolist() == ["community with a shared future for mankind", "人类命运共同体"]
    row = k.iloc[1]
    assert c["zh"].text[row["start"] : row["end"]] == "人类命运共同体"
    assert row["left"] == "推动构建" and row["right"] == "，共建“一带一路"


def test_keyness_collocations_and_dtm_on_chinese():
    c = Corpus.from_texts(
        ["我们推动构建人类命运共同体，坚持合作共赢。"] * 3 + ["发展经济，改善民生，稳定就业。"] * 3,
        source=["A"] * 3 + ["B"] * 3,
    )
    terms = framing.count_terms(c, by="source", stopwords=True)
    assert "人类命运共同体" in set(terms.terms) and "我们" not in set(terms.terms)
    k = framing.keyness(c, by="source", stopwords=True)
    assert "合作共赢" in set(k["term"]) and "我们" not in set(k["term"])
    col = framing.collocates(c, "人类命运共同体", window=2)
    assert "构建" in set(col["collocate"])
    dtm = framing.DTMBuilder(min_df=1).fit_transform(c)
    vocab = set(dtm.vocabulary) if hasattr(dtm, "vocabulary") else set(dtm.terms)
    assert {"人类命运共同体", "民生"} <= vocab and "我们" not in vocab


# --------------------------------------------------------------------------
# The named corpus
# --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def workreports():
    try:
        return framing.load_corpus("workreports_zh")
    except framing.corpus.catalog.MissingCorpusError:
        pytest.skip("workreports_zh is not in the data directory")


def test_workreports_zh(workreports):
    d = workreports.docs
    assert len(d) == 72
    assert (d["type"] == "report").sum() == 52 and (d["type"] == "resolution").sum() == 20
    assert d["doc_id"].is_unique and set(d["lang"]) == {"zh"}
    assert int(d["year"].min()) == 1954 and int(d["year"].max()) == 2025
    reports = set(d.loc[d.type == "report", "year"].astype(int))
    assert 2020 not in reports and {1954, 1964, 2019, 2021, 2025} <= reports
    res = d[d.type == "resolution"].set_index("doc_id")
    assert res.loc["resolution_2025", ["npc", "session"]].tolist() == [14, 3]
    assert res.loc["resolution_1962", ["npc", "session"]].tolist() == [2, 3]
    assert sorted(res["year"].astype(int)) == [1962] + list(range(2007, 2026))
    # where a resolution states its adoption date, it agrees with the derived year
    for doc_id, row in res.iterrows():
        m = re.search(r"（(\d{4})年\d+月\d+日", workreports[doc_id].text)
        if m:
            assert int(m.group(1)) == int(row["year"]), doc_id
    assert not workreports.load_report.notes  # checksum matches the catalog


def test_workreports_slogans(workreports, slogans):
    m = find_matches(workreports, slogans)
    csf = m[m.entry == "community_shared_future"]
    assert csf.groupby("variant").size().to_dict() == {"zh_humankind": 15, "zh_regional": 1}
    first = csf.groupby("variant")["year"].min().to_dict()
    assert first == {"zh_humankind": 2017, "zh_regional": 2015}
    cross = m[m.entry == "cross_strait_community"]
    assert cross[["doc_id", "form"]].values.tolist() == [["report_2016", "两岸命运共同体"]]
    # hand count: every 命运共同体 in the reports is one of the two entries
    total = sum(zh.normalize_zh(t)[0].count("命运共同体") for t in workreports.texts)
    assert total == len(csf) + len(cross) == 17
    # the 2017 occurrence has a zero-width space inside 打造, before the slogan
    row = csf[csf.year == 2017].iloc[0]
    assert workreports["report_2017"].text[row.start : row.end] == "人类命运共同体"


def test_cjk_font_fallback(monkeypatch):
    import matplotlib

    from framing.text import fonts

    monkeypatch.setattr(fonts, "_done", {})
    monkeypatch.setattr(fonts, "cjk_font", lambda: None)
    with pytest.warns(UserWarning, match="fonts-noto-cjk"):
        assert fonts.use_cjk_font() is None
    monkeypatch.setattr(fonts, "_done", {})
    monkeypatch.setattr(fonts, "cjk_font", lambda: "Noto Sans CJK SC")
    monkeypatch.setitem(matplotlib.rcParams, "font.family", ["sans-serif"])
    assert fonts.use_cjk_font() == "Noto Sans CJK SC"
    assert matplotlib.rcParams["font.family"] == ["sans-serif", "Noto Sans CJK SC"]


def _reference_normalize(text):
    """Character-by-character reference of normalize_zh (without Traditional conversion)."""
    import unicodedata

    han = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
    out, offsets = [], []
    i = 0
    while i < len(text):
        c = text[i]
        if han.match(c) and i + 1 < len(text) and (text[i + 1].isspace() or text[i + 1] in zh.ZERO_WIDTH):
            j = i + 1
            while j < len(text) and (text[j].isspace() or text[j] in zh.ZERO_WIDTH):
                j += 1
            run = text[i + 1 : j]
            joinable = run.count("\n") <= 1 or any(z in run for z in zh.ZERO_WIDTH)
            if j < len(text) and han.match(text[j]) and joinable:
                out.append(c)
                offsets.append(i)
                i = j
                continue
        r = "" if c in zh.ZERO_WIDTH else unicodedata.normalize("NFKC", c)
        if r.isspace():
            r = " "
        out.extend(r)
        offsets.extend([i] * len(r))
        i += 1
    return "".join(out), offsets + [len(text)]


@pytest.mark.parametrize(
    "text",
    [
        "人类命运共\u200b同体，ＧＤＰ增长５％",
        "第一行\n第二行\n\n第三段",
        "打\n\u200b\n造",
        "\u3000\u3000一、回顾\u2003过去……①②ﬁ㈱",
        "abc ＡＢＣ 中 文 \t 字",
        "人类\u00ad命运\ufeff共同体",
        "末尾\u200b",
        "\u200b开头",
        "",
    ],
)
def test_normalize_matches_reference(text):
    norm, off = zh.normalize_zh(text, traditional=False)
    ref, ref_off = _reference_normalize(text)
    assert norm == ref and off.tolist() == ref_off


def test_topic_model_on_chinese():
    docs = ["推动构建人类命运共同体，坚持合作共赢，共建一带一路。"] * 4 + [
        "稳定就业，改善民生，发展经济，增加收入。"
    ] * 4
    c = Corpus.from_texts(docs, year=list(range(2000, 2008)))
    dtm = framing.DTMBuilder(min_df=2).fit_transform(c)
    tm = framing.TopicModel(n_topics=2, random_state=1, iterations=50).fit(dtm)
    assert {"人类命运共同体", "民生"} <= set(tm.vocabulary_)
    topics = tm.doc_topic_.argmax(axis=1)
    assert len(set(topics[:4])) == 1 and len(set(topics[4:])) == 1 and topics[0] != topics[4]


def test_spans_of_one_character_expanded_into_several_words_do_not_overlap():
    # NFKC turns "\u00bc" into "1\u20444": "0\u00bc" gives the words "01" and "4",
    # both written by the same two characters, so both get their span.
    from framing.text.chinese import tokenize_zh_spans

    assert tokenize_zh_spans("0\u00bc\u3400") == [("01", 0, 2), ("4", 0, 2), ("\u3400", 2, 3)]
    assert tokenize_zh_spans("\u4e2d\u56fd0.\u00bc") == [("\u4e2d\u56fd", 0, 2), ("0.1", 2, 5), ("4", 2, 5)]
