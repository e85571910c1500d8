"""Build of the optional C word scanner; everything else is in pyproject.toml."""

from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension("framing.text._fasttok", ["framing/text/_fasttok.c"], optional=True),
    ]
)
