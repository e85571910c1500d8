"""Shared fixtures: the real corpora, each loaded once per test process."""

from __future__ import annotations

import os

import matplotlib
import pytest

matplotlib.use("Agg")
os.environ.setdefault("MPLBACKEND", "Agg")
# Token indexes the tests build go to a cache of the checkout, shared by the
# test processes and kept between runs, never to the user's cache.
os.environ.setdefault(
    "FRAMING_CACHE", os.path.join(os.path.dirname(os.path.dirname(__file__)), ".cache", "tests")
)


@pytest.fixture(scope="session")
def seeds():
    from framing import load_corpus

    return load_corpus("seeds")


@pytest.fixture(scope="session")
def headlines():
    from framing import load_corpus

    return load_corpus("headlines2022")


@pytest.fixture(scope="session")
def ungdc():
    """All of UNGDC (about 3 s to load); treat it as read-only."""
    from framing import load_corpus

    return load_corpus("ungdc")
