"""framing: discourse and framing analysis of real corpora.

Load a corpus with its metadata, tokenise it offline, track slogans in all
their wordings, fit topic models with covariate effects, score tone toward
actors, compare sources with keyness statistics, and write a reproducible
report. Every analysis returns a tidy pandas DataFrame that keeps the
documents' metadata.

The public names below are importable from ``framing`` directly; the
modules behind them load on first use, so ``import framing`` stays quick.

Examples
--------
>>> import framing
>>> seeds = framing.load_corpus("seeds")
>>> seeds.docs[["doc_id", "source", "year"]].shape
(4, 3)
>>> counts = framing.count_matches(seeds, "slogans", by="doc_id")
>>> int(counts.loc[counts["entry"] == "community_shared_future", "n"].sum()) > 0
True
"""

from __future__ import annotations

import importlib

from framing._version import __version__ as __version__
from framing.corpus.catalog import catalog, data_dir, load_corpus, stream_corpus
from framing.corpus.core import Corpus, CorpusStream, LoadReport
from framing.corpus.readers import (
    ParquetStream,
    read_corpus,
    read_csv,
    read_jsonl,
    read_parquet,
    read_txt_folder,
)
from framing.errors import (
    CompareError,
    CorpusError,
    DTMError,
    EffectError,
    FramingError,
    LexiconError,
    MissingColumnError,
    NotFittedError,
    ParallelError,
    PatternError,
    ReportError,
    TopicModelError,
)
from framing.text.analyses import corpus_summary
from framing.text.tokenize import (
    STOPWORDS,
    count_tokens,
    normalize,
    sentences,
    split_sentences,
    stem,
    tokenize,
    tokenize_spans,
)

# name -> module, imported on first access
_LAZY = {
    # lexicons and slogans
    "Lexicon": "lexicon.core",
    "load_lexicon": "lexicon.core",
    "compile_pattern": "lexicon.core",
    "shipped_lexicons": "lexicon.core",
    "find_matches": "lexicon.matcher",
    "count_matches": "lexicon.matcher",
    "document_tokens": "lexicon.matcher",
    "scan_corpus": "lexicon.matcher",
    "kwic": "lexicon.matcher",
    "rates": "slogans.stats",
    "document_share": "slogans.stats",
    "first_use": "slogans.stats",
    "dispersion": "slogans.stats",
    "variant_shares": "slogans.stats",
    "poisson_interval": "slogans.stats",
    "wilson_interval": "slogans.stats",
    "plot_rate_trend": "slogans.plots",
    "plot_variant_shares": "slogans.plots",
    "plot_dispersion": "slogans.plots",
    # frames
    "frame_matches": "compare.frames",
    "frame_shares": "compare.frames",
    "plot_frame_shares": "compare.frames",
    # comparison
    "count_terms": "compare.keyness",
    "keyness": "compare.keyness",
    "collocates": "compare.keyness",
    "document_term_counts": "compare.keyness",
    "DocumentTermMatrix": "text.matrix",
    "plot_keyness": "compare.plots",
    "plot_fightin_words": "compare.plots",
    # sentiment
    "vader_scores": "tone.sentiment",
    "score_sentences": "tone.sentiment",
    "score_documents": "tone.sentiment",
    "aggregate_sentiment": "tone.sentiment",
    "actor_tone": "tone.sentiment",
    "actor_tone_summary": "tone.sentiment",
    "load_actors": "tone.sentiment",
    "plot_actor_tone": "tone.sentiment",
    "WeightedLexicon": "tone.sentiment",
    # topics
    "DTMBuilder": "topics.dtm",
    "document_term_matrix": "topics.dtm",
    "paragraph_corpus": "topics.dtm",
    "TopicModel": "topics.model",
    "select_k": "topics.model",
    "estimate_effect": "topics.model",
    "coherence": "topics.model",
    "plot_top_terms": "topics.plots",
    "plot_prevalence": "topics.plots",
    "plot_select_k": "topics.plots",
    # out of core and on clusters
    "map_batches": "parallel",
    "write_dataset": "parallel",
    "parallel_backend": "parallel",
    "set_backend": "parallel",
    # report
    "build_report": "report.build",
    # evidence: passages behind results, the term explorer
    "examples": "evidence.examples",
    "explore": "evidence.explorer",
    "Explorer": "evidence.explorer",
    # own corpora: grouping, segmentation, case-aware terms
    "segment_corpus": "corpus.core",
    "segment_press_conference": "corpus.core",
    "resolve_grouping": "corpus.grouping",
    # token index (tokenise once, query instantly)
    "tokens": "text.index",
    "Tokens": "text.index",
    "build_tokens": "text.index",
    "ngrams": "compare.ngrams",
    "clusters": "compare.ngrams",
    "plot_hits": "compare.ngrams",
    # tone: Latent Semantic Scaling and validation
    "LSS": "tone.lss",
    "load_seeds": "tone.lss",
    "seed_sets": "tone.lss",
    "smooth_scores": "tone.lss",
    "validate": "tone.validate",
    "Validation": "tone.validate",
    # meaning in context: local embeddings, embedding regression, variant discovery
    "Embeddings": "meaning.embeddings",
    "train_embeddings": "meaning.embeddings",
    "load_embeddings": "meaning.embeddings",
    "compute_transform": "meaning.alc",
    "ALCTransform": "meaning.alc",
    "EmbeddingSpace": "meaning.space",
    "embedding_space": "meaning.space",
    "embedding_regression": "meaning.regression",
    "EmbeddingRegression": "meaning.regression",
    "discover_variants": "meaning.variants",
    "Variants": "meaning.variants",
    "plot_norms": "meaning.plots",
    "plot_neighbours": "meaning.plots",
    "EmbeddingError": "errors",
    # Chinese text and bilingual lexicons
    "tokenize_zh": "text.chinese",
    "tokenize_zh_spans": "text.chinese",
    "token_bounds_zh": "text.chinese",
    "sentences_zh": "text.chinese",
    "split_sentences_zh": "text.chinese",
    "normalize_zh": "text.chinese",
    "STOPWORDS_ZH": "text.chinese",
    "detect_language": "text.language",
    "compile_zh_pattern": "lexicon.zhpatterns",
    "use_cjk_font": "text.fonts",
    # dictionaries and proximity
    "Dictionary": "lexicon.dictionaries",
    "read_dictionary": "lexicon.dictionaries",
    "cooccur": "compare.proximity",
}


def __getattr__(name: str):
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'framing' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(_LAZY))


__all__ = sorted(
    [
        "CompareError",
        "DTMError",
        "EffectError",
        "FramingError",
        "LexiconError",
        "MissingColumnError",
        "NotFittedError",
        "ParallelError",
        "PatternError",
        "ReportError",
        "TopicModelError",
        "Corpus",
        "CorpusError",
        "CorpusStream",
        "ParquetStream",
        "LoadReport",
        "STOPWORDS",
        "catalog",
        "corpus_summary",
        "count_tokens",
        "data_dir",
        "load_corpus",
        "normalize",
        "read_corpus",
        "read_csv",
        "read_jsonl",
        "read_parquet",
        "read_txt_folder",
        "sentences",
        "split_sentences",
        "stem",
        "stream_corpus",
        "tokenize",
        "tokenize_spans",
    ]
    + list(_LAZY)
)
