"""Corpora: the Corpus table, readers (txt, CSV, JSONL, Parquet), named corpora and their catalog."""
