"""Write the API reference pages: one page per area, one entry per public name.

Every name in ``framing.__all__`` is documented under the module that defines it,
so the reference cannot miss a public name. Run by ``make docs`` before
``mkdocs build``; the pages go to ``docs/reference/`` (not committed).
"""

from __future__ import annotations

import inspect
import sys
from collections import defaultdict
from pathlib import Path

import framing

OUT = Path(__file__).resolve().parent.parent / "reference"


def home_module(name: str) -> str:
    """The module that defines a public name (where the reference documents it)."""
    obj = getattr(framing, name)
    module = inspect.getmodule(obj)
    if module is None or not module.__name__.startswith("framing"):
        lazy = getattr(framing, "_LAZY", {})
        return f"framing.{lazy[name]}" if name in lazy else "framing"
    return module.__name__


def area(module: str) -> str:
    parts = module.split(".")
    return parts[1].lstrip("_") if len(parts) > 1 else "framing"


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    for old in OUT.glob("*.md"):
        old.unlink()
    pages: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for name in sorted(framing.__all__):
        module = home_module(name)
        pages[area(module)].append((name, module))
    index = [
        "# API reference",
        "",
        "Every public name of `framing`, by area. "
        "Import them from the package: `import framing; framing.NAME`.",
        "",
    ]
    for page, names in sorted(pages.items()):
        lines = [f"# `{page}`", ""]
        for name, module in names:
            target = f"{module}.{name}" if not inspect.ismodule(getattr(framing, name)) else module
            lines += [
                f"::: {target}",
                "    options:",
                "      show_root_heading: true",
                "      show_root_full_path: false",
                "      heading_level: 2",
                "",
            ]
        (OUT / f"{page}.md").write_text("\n".join(lines), encoding="utf-8")
        index.append(f"- [{page}]({page}.md): " + ", ".join(f"`{n}`" for n, _ in names))
    (OUT / "index.md").write_text("\n".join(index) + "\n", encoding="utf-8")
    print(f"{len(framing.__all__)} public names on {len(pages)} pages in {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
