"""Comparison: keyness, collocations, frames, proximity, and their plots."""
