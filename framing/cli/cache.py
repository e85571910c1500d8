"""``framing cache``: show or clear the on-disk cache of token indexes."""

from __future__ import annotations

from framing.errors import FramingError


def register(sub) -> None:
    p = sub.add_parser(
        "cache",
        help="show or clear the cache of token indexes",
        description=(
            "Token indexes of corpora are cached in $FRAMING_CACHE (default: the user cache "
            "folder of the platform), keyed by corpus content and tokeniser version, so they "
            "are never stale. 'info' lists the entries; 'clear' deletes them all (always "
            "safe: an index is rebuilt when next needed)."
        ),
    )
    p.add_argument("action", choices=["info", "clear"], help="what to do")
    p.set_defaults(func=run)


def run(args) -> int:
    from framing.text import cache

    if args.action == "clear":
        n = cache.clear()
        print(f"removed {n} cached index{'es' if n != 1 else ''} from {cache.cache_dir()}")
        return 0
    if args.action != "info":  # pragma: no cover - argparse checks the choice
        raise FramingError(f"unknown cache action {args.action!r}")
    table = cache.info()
    print(f"cache folder: {cache.cache_dir()}")
    if table.empty:
        print("no cached token indexes")
        return 0
    shown = table[["key", "corpus", "documents", "tokens", "tokeniser", "mb", "created"]].copy()
    shown["key"] = shown["key"].str[:12]
    print(shown.to_string(index=False))
    print(f"total: {table['mb'].sum():.1f} MB in {len(table)} entr{'ies' if len(table) != 1 else 'y'}")
    return 0
