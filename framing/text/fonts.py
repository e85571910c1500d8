"""Fonts that render Chinese in figures.

matplotlib's default font (DejaVu Sans) has no Han characters: a figure
with Chinese labels shows empty boxes. :func:`use_cjk_font` adds a CJK font
as a *fallback* family after the current one (matplotlib >= 3.6 falls back
glyph by glyph), so Latin text keeps its look and Chinese text renders.
framing calls it when it first segments Chinese text. The font is found
among the installed fonts; on Debian and Ubuntu it comes with the package
``fonts-noto-cjk`` (``apt-get install fonts-noto-cjk``). Without a CJK font
a warning names that package, once.
"""

from __future__ import annotations

import warnings

__all__ = ["CJK_FONTS", "cjk_font", "use_cjk_font"]

#: Fonts tried in order.
CJK_FONTS = (
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "Noto Sans CJK JP",
    "Noto Sans CJK TC",
    "Noto Serif CJK SC",
    "Noto Serif CJK JP",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "SimHei",
    "Microsoft YaHei",
    "PingFang SC",
    "Heiti SC",
    "Arial Unicode MS",
)

_done: dict = {}


def cjk_font() -> str | None:
    """Name of the first installed font of :data:`CJK_FONTS`, or None."""
    from matplotlib import font_manager

    names = {f.name for f in font_manager.fontManager.ttflist}
    found = next((n for n in CJK_FONTS if n in names), None)
    if found is None:  # matplotlib's font list predates the installation of the fonts
        for path in font_manager.findSystemFonts():
            low = path.lower()
            if any(k in low for k in ("cjk", "wqy", "wenquanyi", "sourcehan", "notosanssc")):
                try:
                    font_manager.fontManager.addfont(path)
                except (OSError, RuntimeError, ValueError):
                    continue
        names = {f.name for f in font_manager.fontManager.ttflist}
        found = next((n for n in CJK_FONTS if n in names), None)
    return found


def use_cjk_font(warn: bool = True) -> str | None:
    """Add an installed CJK font as matplotlib's sans-serif fallback; its name or None.

    Examples
    --------
    >>> name = use_cjk_font(warn=False)
    >>> import matplotlib
    >>> name is None or name in matplotlib.rcParams["font.family"]
    True
    """
    if "font" in _done:
        return _done["font"]
    try:
        import matplotlib

        name = cjk_font()
    except ImportError:  # pragma: no cover - matplotlib is a dependency
        return None
    _done["font"] = name
    if name is None:
        if warn:
            warnings.warn(
                "no font with Chinese characters is installed, so Chinese text in "
                "figures will show as empty boxes; install one, e.g. the Debian/"
                "Ubuntu package fonts-noto-cjk (apt-get install fonts-noto-cjk)",
                UserWarning,
                stacklevel=2,
            )
        return None
    fonts = list(matplotlib.rcParams["font.sans-serif"])
    if name not in fonts:
        first = fonts[:1] if fonts else ["DejaVu Sans"]
        matplotlib.rcParams["font.sans-serif"] = first + [name] + fonts[1:]
    # a generic family resolves to one font; the CJK font is listed after it
    # as a family of its own, which matplotlib uses for the glyphs it lacks
    families = list(matplotlib.rcParams["font.family"])
    if name not in families:
        matplotlib.rcParams["font.family"] = families + [name]
    return name
