"""The four seed articles on Chinese "cloud diplomacy"."""

from __future__ import annotations

import re

from framing.corpus.core import Corpus
from framing.corpus.readers import read_txt_folder

_DATE_LINE = re.compile(r"^\s*date\s+\d{4}-\d{2}-\d{2}\s*\n\s*")


def load_seeds() -> Corpus:
    """Load the seed articles with the metadata of ``seeds/metadata.csv``.

    ``doc_id`` is the three-digit number of the file (``"000"`` ... ``"003"``);
    the file name is kept in ``file``; ``date_precision`` says whether the
    date is known to the day, month or year.

    Examples
    --------
    >>> c = load_seeds()
    >>> c.doc_ids
    ['000', '001', '002', '003']
    >>> c["002"].source
    'China Daily (republished by The Daily Mail of Pakistan)'
    """
    from framing.corpus.locate import corpus_path, verify_checksums

    corpus = read_txt_folder(corpus_path("seeds"), name="seeds")
    docs = corpus.docs
    docs["doc_id"] = docs["file"].str.split("_").str[0]
    # one seed file opens with a line "date YYYY-MM-DD" (the date is also in
    # metadata.csv): drop that line from the text
    dated = docs["text"].str.match(_DATE_LINE.pattern)
    docs.loc[dated, "text"] = docs.loc[dated, "text"].str.replace(_DATE_LINE, "", n=1, regex=True)
    verify_checksums("seeds", corpus.load_report)
    return Corpus(docs, load_report=corpus.load_report, name="seeds")
