"""The ``framing`` command line: one module per command, ``main`` in :mod:`framing.cli.main`."""
