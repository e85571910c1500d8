"""The version of framing (the same as in pyproject.toml; a test checks it)."""

__version__ = "0.1.0"
