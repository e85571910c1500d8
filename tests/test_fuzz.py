"""Property tests on generated corpora, lexicons and texts (hypothesis).

Invariants:

- every input file is loaded or reported, and what is loaded is the text
  that was written (folders of .txt files, CSV with any separator and
  quoting, JSONL);
- skip locations are the 1-based lines where the skipped rows start;
- match counts equal the brute-force reference of tests/test_phrases.py;
- offsets slice the original text; ``count_tokens == len(tokenize)`` and the
  C scanner agrees with the regular expressions;
- every command on bad input exits 0 or 2, never with a traceback.

Example counts are bounded so that the file runs in about a minute on one core.
"""

from __future__ import annotations

import csv
import io
import json
import string
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from framing import Corpus, CorpusError, FramingError
from framing.text.tokenize import count_tokens, tokenize, tokenize_spans

FAST = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
SLOW = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

# Unicode classes that trouble tokenisers: combining marks, the dotted
# capital I, ligatures and compatibility forms, dashes and quotes, invisible
# characters, line and paragraph separators, CJK, digits of other scripts,
# right-to-left letters, emoji and lone surrogates.
SPECIAL = (
    "\u0130\u0131\u0307\u0301\u00df\ufb01\u2122\u2103\u00bd\u2013\u2014\u2019\u201c"
    "\u00ad\u200b\u200d\ufeff\u00a0\u2003\u2028\u2029\u3000\u4e2d\u6587\u0663\u05d0"
    "\u0627\U0001f600-'.,;:!?\"\n\r\t "
)
text_chars = st.one_of(
    st.sampled_from(string.ascii_letters + string.digits),
    st.sampled_from(SPECIAL),
    st.characters(blacklist_categories=("Cs",)),
)
texts = st.text(text_chars, max_size=60)


# --------------------------------------------------------------------------
# tokeniser
# --------------------------------------------------------------------------


@FAST
@given(texts)
def test_count_tokens_equals_len_tokenize_and_scanners_agree(text):
    from framing.text.tokenize import _count_re, _findall, _findall_re, _lower, _prepare

    assert count_tokens(text) == len(tokenize(text))  # either tokeniser, as the script decides
    toks = tokenize(text, lang="und")  # the default (non-Chinese) tokeniser
    assert count_tokens(text, lang="und") == len(toks)
    prepared = _prepare(text)
    assert _findall(prepared) == _findall_re(prepared)
    assert _findall(_lower(prepared)) == _findall_re(_lower(prepared)) == toks
    assert _count_re(prepared) == len(toks)


@FAST
@given(texts)
def test_offsets_slice_the_original_text(text):
    from framing.text.language import is_chinese

    assert [t for t, _, _ in tokenize_spans(text)] == tokenize(text)
    # A slice of a text is tokenised as the whole text was (the script of a
    # short slice may say otherwise).
    lang = "zh" if is_chinese(text) else "und"
    spans = tokenize_spans(text, lang=lang)
    last = (0, 0)
    for tok, start, end in spans:
        assert 0 <= start < end <= len(text)
        assert tok in tokenize(text[start:end], lang=lang)
        if (start, end) == last:
            # one span for several tokens only where normalisation splits a
            # single written word ("\u00bc" -> "1/4"), never across white space
            assert not any(c.isspace() for c in text[start:end])
        else:
            assert start >= last[1]  # in order, not overlapping
        last = (start, end)


# --------------------------------------------------------------------------
# matching against the brute-force reference
# --------------------------------------------------------------------------

VOCAB = ["win", "win-win", "shared", "future", "community", "of", "a", "the", "road"]
word = st.sampled_from(VOCAB)


@st.composite
def patterns(draw):
    parts = []
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["word", "word", "alt", "opt", "group", "prefix", "any", "plural"]))
        if kind == "word":
            parts.append(draw(word))
        elif kind == "alt":
            parts.append("|".join(draw(st.lists(word, min_size=2, max_size=3, unique=True))))
        elif kind == "opt":
            parts.append(draw(word) + "?")
        elif kind == "group":
            a = " ".join(draw(st.lists(word, min_size=1, max_size=2)))
            b = " ".join(draw(st.lists(word, min_size=1, max_size=2)))
            parts.append(f"({a} | {b})")
        elif kind == "prefix":
            parts.append(draw(st.sampled_from(["sha*", "comm*", "w*"])))
        elif kind == "any":
            parts.append("*")
        else:
            parts.append(draw(word) + "~")
    if len(parts) > 1 and draw(st.booleans()):
        parts.insert(1, "{0,2}")
    return " ".join(parts)


@st.composite
def lexicons(draw):
    from framing.errors import PatternError
    from framing.lexicon.core import compile_pattern, load_lexicon

    entries = []
    for i in range(draw(st.integers(1, 3))):
        pats = []
        for p in draw(st.lists(patterns(), min_size=1, max_size=3)):
            try:
                compile_pattern(p)
            except PatternError:
                continue
            pats.append(p)
        assume(pats)
        entry = {"id": f"e{i}", "patterns": list(dict.fromkeys(pats))}
        if draw(st.booleans()):
            ex = draw(patterns())
            try:
                compile_pattern(ex)
                entry["exclude"] = [ex]
            except PatternError:
                pass
        entries.append(entry)
    try:
        return load_lexicon({"entries": entries}, include_shipped=False)
    except FramingError:
        assume(False)


token_texts = st.lists(
    st.sampled_from(VOCAB + ["roads", "communities", "sharing", "Win", "COMMUNITY", ".", ","]), max_size=40
).map(" ".join)


@SLOW
@given(lexicons(), token_texts)
def test_matches_equal_the_brute_force_reference(lexicon, text):
    from test_phrases import check

    check(lexicon, text)


@SLOW
@given(lexicons(), st.lists(token_texts, min_size=1, max_size=4))
def test_counts_and_offsets_of_find_matches(lexicon, docs):
    from test_phrases import reference

    from framing.lexicon.matcher import find_matches

    corpus = Corpus.from_texts(docs)
    matches = find_matches(corpus, lexicon)
    expected = sum(len(reference(lexicon, tokenize(t))) for t in docs)
    assert len(matches) == expected
    for row in matches.itertuples():
        text = docs[int(row.doc_id[3:])]
        assert tokenize(text[row.start : row.end]) == row.form.split(" ")


# --------------------------------------------------------------------------
# readers: every file loaded or reported, loaded text is the written text
# --------------------------------------------------------------------------

FILE_KINDS = [
    "utf8",
    "utf8",
    "crlf",
    "bom",
    "empty",
    "blank",
    "binary",
    "utf16",
    "cp1252",
    "header",
    "upper",
    "dangling",
    "folder",
    "link",
]


def _write_kind(folder: Path, name: str, kind: str, body: str) -> str | None:
    """Write one entry; return the text expected when it loads (None: skipped)."""
    suffix = ".TXT" if kind == "upper" else ".txt"
    path = folder / (name + suffix)
    if kind in ("utf8", "upper"):
        path.write_bytes(body.encode("utf-8"))
        return body if body.strip() else None
    if kind == "crlf":
        path.write_bytes(body.replace("\n", "\r\n").encode("utf-8"))
        return body.replace("\r", "\n") if body.strip() else None
    if kind == "bom":
        path.write_bytes(b"\xef\xbb\xbf" + body.encode("utf-8"))
        return body if body.strip() else None
    if kind == "empty":
        path.write_bytes(b"")
    elif kind == "blank":
        path.write_bytes(b" \n\t\n")
    elif kind == "binary":
        path.write_bytes(b"\x00\x01PK" + body.encode("utf-8", "replace"))
    elif kind == "utf16":
        path.write_bytes(("x" + body).encode("utf-16"))
    elif kind == "cp1252":
        path.write_bytes(b"caf\xe9 " + body.encode("utf-8"))
    elif kind == "header":
        path.write_bytes(f"title: T\nsource: S\n---\n{body}".encode())
        return body.lstrip("\n") if body.strip() else None
    elif kind == "dangling":
        path.symlink_to(folder / "does-not-exist")
    elif kind == "folder":
        path.mkdir()
    elif kind == "link":
        target = folder / "target_of_link.txt"
        if not target.exists():
            target.write_bytes(b"link target")
        path.symlink_to(target)
    return None


bodies = st.text(
    st.one_of(
        st.sampled_from(string.ascii_letters + " \n,.\u00e9\u4e2d"),
        st.characters(blacklist_categories=("Cs", "Cc")),
    ),
    max_size=30,
)


@SLOW
@given(st.lists(st.tuples(st.sampled_from(FILE_KINDS), bodies), min_size=1, max_size=8))
def test_every_file_is_loaded_or_reported(entries):
    from framing.corpus.readers import read_txt_folder

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        expected = {}
        for i, (kind, body) in enumerate(entries):
            body = body.replace("\r", "\n")
            expected[f"f{i}"] = _write_kind(folder, f"f{i}", kind, body)
        names = {p.name for p in folder.iterdir()}
        c = read_txt_folder(folder)
        loaded = set(c.docs["file"])
        skipped = {item for item, _ in c.load_report.skipped}
        assert loaded | skipped == names
        assert not loaded & skipped
        assert c.load_report.read == len(names)
        for doc in c:
            stem = doc.doc_id
            if stem in expected and expected[stem] is not None:
                assert doc.text == expected[stem]
        for stem, text in expected.items():
            if text is not None:
                assert stem in c.doc_ids


cells = st.text(
    st.one_of(
        st.sampled_from(string.ascii_letters + ',;\t"\n \u00e9'),
        st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")),
    ),
    max_size=20,
)


@SLOW
@given(
    st.lists(st.tuples(cells, cells), min_size=1, max_size=8),
    st.sampled_from([",", ";", "\t", "|"]),
    st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL, csv.QUOTE_NONNUMERIC]),
)
def test_csv_round_trip_with_skip_lines(rows, sep, quoting):
    from framing.corpus.readers import read_csv

    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=sep, quoting=quoting, lineterminator="\n")
    writer.writerow(["doc_id", "text", "source"])
    line = 2
    expected, skipped = {}, []
    for i, (text, source) in enumerate(rows):
        row_buf = io.StringIO()
        csv.writer(row_buf, delimiter=sep, quoting=quoting, lineterminator="\n").writerow(
            [f"d{i}", text, source]
        )
        if text.strip():
            expected[f"d{i}"] = text
        else:
            skipped.append(f"d.csv:{line}")
        writer.writerow([f"d{i}", text, source])
        line += row_buf.getvalue().count("\n")
    with tempfile.TemporaryDirectory() as tmp:
        p = Path(tmp) / "d.csv"
        p.write_text(buf.getvalue(), encoding="utf-8")
        c = read_csv(p, sep=sep)
        assert dict(zip(c.doc_ids, c.texts, strict=True)) == expected
        assert [item for item, _ in c.load_report.skipped] == skipped


@SLOW
@given(
    st.lists(
        st.tuples(st.one_of(st.integers(-(10**6), 10**6), st.text(min_size=1, max_size=8)), texts),
        min_size=1,
        max_size=6,
        unique_by=lambda r: str(r[0]),
    )
)
def test_jsonl_ids_as_written_and_texts_kept(rows):
    from framing.corpus.readers import read_jsonl

    with tempfile.TemporaryDirectory() as tmp:
        p = Path(tmp) / "d.jsonl"
        p.write_text(
            "\n".join(json.dumps({"doc_id": i, "text": t}) for i, t in rows) + "\n", encoding="utf-8"
        )
        kept = [(str(i), t) for i, t in rows if t.strip()]
        try:
            c = read_jsonl(p)
        except CorpusError as exc:
            assert not kept or "duplicate doc_id" in str(exc) or "no 'text'" in str(exc)
            return
        assert list(zip(c.doc_ids, c.texts, strict=True)) == kept


junk = st.binary(max_size=80) | texts.map(lambda t: t.encode("utf-8", "surrogatepass"))


@SLOW
@given(junk, st.sampled_from([".csv", ".jsonl", ".tsv", ".parquet"]))
def test_readers_on_garbage_raise_corpus_errors_only(data, suffix):
    from framing.corpus.readers import read_corpus

    with tempfile.TemporaryDirectory() as tmp:
        p = Path(tmp) / f"junk{suffix}"
        p.write_bytes(data)
        try:
            corpus = read_corpus(p)
        except FramingError:
            return
        if hasattr(corpus, "collect"):
            corpus = corpus.collect()
        assert len(corpus) + len(corpus.load_report.skipped) == corpus.load_report.read


# --------------------------------------------------------------------------
# the command line on bad input: exit 0 or 2, never a traceback
# --------------------------------------------------------------------------


def _bad_inputs(root: Path) -> dict[str, Path]:
    root.mkdir(parents=True, exist_ok=True)
    out = {}
    empty = root / "empty_folder"
    empty.mkdir()
    out["empty folder"] = empty
    skipped = root / "all_skipped"
    skipped.mkdir()
    (skipped / "a.txt").write_bytes(b"")
    (skipped / "b.txt").write_bytes(b"\x00\x00")
    out["all skipped"] = skipped
    (root / "extra.csv").write_text("doc_id,text\n1,a, b\n")
    out["extra field"] = root / "extra.csv"
    (root / "nodate.csv").write_text("doc_id,text,date\n1,Some text,1600-05-01\n")
    out["old date"] = root / "nodate.csv"
    (root / "bad.jsonl").write_text('{"text": "a"}\n[1, 2]\n')
    out["bad jsonl"] = root / "bad.jsonl"
    (root / "junk.parquet").write_bytes(b"PAR1 not really")
    out["junk parquet"] = root / "junk.parquet"
    (root / "x.docx").write_bytes(b"PK")
    out["unknown format"] = root / "x.docx"
    out["missing"] = root / "missing.csv"
    tiny = root / "tiny"
    tiny.mkdir()
    for i in range(4):
        (tiny / f"t{i}.txt").write_text(f"Word {i}.")
    out["tiny"] = tiny
    return out


def _commands(corpus: str, out: Path) -> list[list[str]]:
    return [
        ["slogans", corpus],
        ["kwic", corpus, "shared future"],
        ["frames", corpus, "--out", str(out / "f.csv")],
        ["sentiment", corpus, "--out", str(out / "s.csv")],
        ["keyness", corpus],
        ["collocates", corpus, "future"],
        ["topics", corpus, "--k", "2", "--out", str(out / "topics"), "--query", "year > 1"],
        ["report", corpus, "--out", str(out / "rep"), "--sections", "summary", "--no-progress"],
    ]


def test_every_command_on_bad_input_exits_cleanly(tmp_path, capsys):
    from framing.cli.main import build_parser, main

    known = set(build_parser()._subparsers._group_actions[0].choices)
    inputs = _bad_inputs(tmp_path / "in")
    failures = []
    for label, path in inputs.items():
        out = tmp_path / "out" / label.replace(" ", "_")
        out.mkdir(parents=True)
        for argv in _commands(str(path), out):
            if argv[0] not in known:
                continue
            try:
                code = main(argv)
            except SystemExit as exc:
                code = exc.code
            captured = capsys.readouterr()
            if code not in (0, 2) or "Traceback" in captured.err + captured.out:
                failures.append((label, argv[0], code, captured.err[-300:]))
    assert not failures


option_values = st.sampled_from(["0", "-1", "nosuch", "", "1.5", "source,nosuch", "999999"])


@SLOW
@given(
    st.sampled_from(
        [
            "--by",
            "--k",
            "--sample",
            "--min-count",
            "--top",
            "--entries",
            "--sections",
            "--level",
            "--window",
            "--iterations",
            "--jobs",
            "--min-df",
            "--max-df",
            "--conf",
            "--method",
        ]
    ),
    option_values,
    st.sampled_from(["slogans", "keyness", "topics", "report", "sentiment", "kwic"]),
)
def test_bad_option_values_exit_cleanly(option, value, command):
    from framing.cli.main import main

    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "c"
        corpus.mkdir()
        for i, t in enumerate(
            [
                "Win-win cooperation for a shared future.",
                "The Belt and Road brings roads.",
                "Shared future, shared road.",
            ]
        ):
            (corpus / f"d{i}.txt").write_text(t)
        argv = {
            "slogans": ["slogans", str(corpus)],
            "keyness": ["keyness", str(corpus)],
            "topics": ["topics", str(corpus), "--out", f"{tmp}/t", "--k", "2"],
            "report": ["report", str(corpus), "--out", f"{tmp}/r", "--no-progress", "--sections", "summary"],
            "sentiment": ["sentiment", str(corpus), "--out", f"{tmp}/s.csv"],
            "kwic": ["kwic", str(corpus), "shared future"],
        }[command]
        argv = argv + [option, value]
        err = io.StringIO()
        import contextlib

        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            try:
                code = main(argv)
            except SystemExit as exc:
                code = exc.code
        assert code in (0, 2), (argv, err.getvalue()[-500:])
        assert "Traceback" not in err.getvalue()
