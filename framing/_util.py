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


def renamed_arguments(**renames: str):
    """Accept the former name of an argument for a while, with a FutureWarning.

    ``@renamed_arguments(conf="conf_level")`` lets ``f(conf=0.9)`` still work as
    ``f(conf_level=0.9)`` and tells the caller the new name. The signature
    seen by ``help`` and ``inspect`` is the new one.
    """
    import functools
    import warnings

    def decorate(fn):
        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            for old, new in renames.items():
                if old in kwargs:
                    if new in kwargs:
                        raise TypeError(f"{fn.__qualname__}() got both {old}= and {new}=; use {new}=")
                    warnings.warn(
                        f"{fn.__qualname__}(): {old}= is now called {new}=",
                        FutureWarning,
                        stacklevel=2,
                    )
                    kwargs[new] = kwargs.pop(old)
            return fn(*args, **kwargs)

        return wrapper

    return decorate


def plotted_values(present: list, wanted, what: str, empty: str) -> list:
    """The values a plot shows: ``wanted`` in its order (each must be in
    ``present``, else a ValueError naming them as ``what``), or all of ``present``;
    a ValueError with the message ``empty`` when that leaves nothing to plot."""
    if wanted is not None:
        unknown = [w for w in wanted if w not in present]
        if unknown:
            raise ValueError(f"{what}(s) {unknown} not in the frame; present: {present}")
        present = list(wanted)
    if not present:
        raise ValueError(empty)
    return present
