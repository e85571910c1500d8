"""Slogans: rates with intervals, variant shares, first use, dispersion, and their plots."""
