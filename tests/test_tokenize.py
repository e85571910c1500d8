import pytest

from framing.text.tokenize import (
    STOPWORDS,
    count_tokens,
    normalize,
    remove_stopwords,
    sentences,
    split_sentences,
    stem,
    tokenize,
    tokenize_spans,
)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Community of Shared Future", ["community", "of", "shared", "future"]),
        ("win-win co-operation", ["win-win", "co-operation"]),
        ("China's role", ["china's", "role"]),
        ("China\u2019s \u201crole\u201d", ["china's", "role"]),
        ("the U.S. and the U.N.", ["the", "u.s.", "and", "the", "u.n."]),
        ("3.5 per cent of 10,953 texts", ["3.5", "per", "cent", "of", "10,953", "texts"]),
        ("COVID-19 vaccines", ["covid-19", "vaccines"]),
        ("peace\u2014and security", ["peace", "and", "security"]),
        ("peace \u2013 and", ["peace", "and"]),
        ("soft\u00adhyphen", ["softhyphen"]),
        ("zero\u200bwidth", ["zerowidth"]),
        ("hu-\nmankind", ["humankind"]),
        ("China-\nAfrica", ["china-africa"]),
        ("\ufb01nancial", ["financial"]),  # NFKC: the fi ligature
        ("C\u00f4te d'Ivoire", ["c\u00f4te", "d'ivoire"]),
        ("end. Next", ["end", "next"]),
        ("under_score", ["under", "score"]),
        ("", []),
        ("!!! ... ???", []),
    ],
)
def test_tokenize_cases(text, expected):
    assert tokenize(text) == expected
    assert count_tokens(text) == len(expected)


def test_tokenize_keeps_case_on_request():
    assert tokenize("The U.N. Charter", lower=False) == ["The", "U.N.", "Charter"]


def test_normalize_maps_typography_and_white_space():
    text = "\u201cShared\u00a0future\u201d \u2013 for  hu-\n  mankind\r\n co\u00adoperation"
    assert normalize(text) == '"Shared future" - for humankind cooperation'


def test_spans_point_into_the_original_text():
    text = "Xi\u2019s \u201cwin\u2013win\u201d co\u00adoperation,\nU.S.-China ties; hu-\nmankind."
    spans = tokenize_spans(text)
    assert [t for t, _, _ in spans] == tokenize(text)
    assert [text[s:e] for _, s, e in spans] == [
        "Xi\u2019s",
        "win\u2013win",
        "co\u00adoperation",
        "U.S.-China",
        "ties",
        "hu-\nmankind",
    ]


def test_spans_agree_with_tokens_on_real_text(ungdc):
    for text in ungdc.subset(year=2015).texts[:60]:
        assert [t for t, _, _ in tokenize_spans(text)] == tokenize(text)


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Mr. Smith went to No. 5 Downing St. He met the U.S. envoy. It rained.",
            ["Mr. Smith went to No. 5 Downing St.", "He met the U.S. envoy.", "It rained."],
        ),
        ("Dr. Li met the U.S. envoy. We agreed!  Fine", ["Dr. Li met the U.S. envoy.", "We agreed!", "Fine"]),
        ('"Why?" he asked. Gen. Smith spoke.', ['"Why?" he asked.', "Gen. Smith spoke."]),
        ("J. F. Kennedy spoke. The end.", ["J. F. Kennedy spoke.", "The end."]),
        ("Is it No. 1? No. It is not.", ["Is it No. 1?", "No.", "It is not."]),
        ("Heading\n\nBody text here", ["Heading", "Body text here"]),
        ("Prices rose 3.5 per cent. Then fell.", ["Prices rose 3.5 per cent.", "Then fell."]),
        ("e.g. The case", ["e.g. The case"]),
        ("", []),
    ],
)
def test_sentences(text, expected):
    assert sentences(text) == expected
    spans = split_sentences(text)
    assert all(text[s:e] == want for (s, e), want in zip(spans, expected, strict=True))


def test_stopwords_and_stemming():
    assert {"the", "of", "and", "we"} <= STOPWORDS
    assert not {"peace", "future", "community", "must", "people"} & STOPWORDS
    assert remove_stopwords(tokenize("The future of the community")) == ["future", "community"]
    # Porter stems as published for these words
    assert [stem(w) for w in ["cooperation", "communities", "running", "nations"]] == [
        "cooper",
        "commun",
        "run",
        "nation",
    ]


def test_c_scanner_equals_the_reference_regex(ungdc, headlines):
    import importlib
    import random

    tk = importlib.import_module("framing.text.tokenize")  # the module, not the function

    if tk._findall is tk._findall_re:
        pytest.skip("the optional C scanner is not built; the regex is in use")
    texts = ungdc.subset(year=[1950, 1990, 2015, 2024]).texts + headlines.texts[:5000]
    for text in texts:
        nfkc = __import__("unicodedata").normalize("NFKC", text)
        assert tk._map_specials(nfkc) == tk._map_specials_re(nfkc)
        prepared = tk._prepare(text).lower()
        assert tk._findall(prepared) == tk._findall_re(prepared)
        assert tk._count(prepared) == len(tk._findall_re(prepared))
    alphabet = list("ab1.,'- _\n") + ["\u00e9", "\u00b2", "\u0663", "\u4e2d", "\u0130", "U", "S"]
    rng = random.Random(0)
    for _ in range(20000):
        s = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
        assert tk._findall(s) == tk._findall_re(s), s


@pytest.mark.parametrize(
    "text",
    [
        "Ca\u0069\u0308d Essebsi",  # decomposed diaeresis, composed by NFKC
        "COVID\u200b-19 isolation",  # zero-width space before a hyphen
        "UN-\u2003\nIDO and Secretary-\u2003\nGeneral",  # em space before a line break
        "Niger\u00e2\u20ac\u2122s statement",  # mojibake: the trade mark sign becomes "TM"
        "\u00bd of the \ufb01rst",  # NFKC splits or expands characters
    ],
)
def test_spans_and_tokens_agree_on_unicode_edge_cases(text):
    spans = tokenize_spans(text)
    assert [t for t, _, _ in spans] == tokenize(text)
    assert all(0 <= s < e <= len(text) for _, s, e in spans)
