"""Meaning in context: local embeddings, a la carte embeddings, embedding regression
and the discovery of new wordings of lexicon entries."""
