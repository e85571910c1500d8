"""Small helpers shared by the analysis modules."""

from __future__ import annotations


def as_list(by) -> list[str]:
    """``None`` -> ``[]``, ``"source"`` -> ``["source"]``, a sequence -> a list."""
    if by is None:
        return []
    return [by] if isinstance(by, str) else list(by)


def progress(iterable, enabled: bool, total: int | None = None, desc: str = "", unit: str = "it"):
    """``iterable`` wrapped in a tqdm progress bar when ``enabled``."""
    if not enabled:
        return iterable
    from tqdm.auto import tqdm

    return tqdm(iterable, total=total, desc=desc, unit=unit)
