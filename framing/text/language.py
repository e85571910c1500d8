"""Per-document language: the ``lang`` metadata column, else the script of the text.

framing needs to know one thing about a document's language: whether it is
written in Chinese (no spaces between words, so it needs a word segmenter)
or in an alphabetic script (words separated by spaces and punctuation). The
``lang`` metadata column decides when it is present (``"zh"``, ``"zh-CN"``,
``"zh-Hant"``, ``"zho"``, ``"chinese"`` ... mean Chinese; anything else
means the default tokeniser). Without it, the script decides: a text is
Chinese when Han characters make up at least :data:`HAN_SHARE` of its
letters (letters are Unicode letters, Han characters included, digits
excluded). Japanese, whose kana are letters but not Han, is not Chinese.

Examples
--------
>>> detect_language("我们要推动构建人类命运共同体。")
'zh'
>>> detect_language("The slogan 人类命运共同体 is rendered 'community of shared future'.")
'und'
>>> is_chinese_code("zh-Hant"), is_chinese_code("en")
(True, False)
"""

from __future__ import annotations

import math
import re

__all__ = [
    "HAN_SHARE",
    "detect_language",
    "document_language",
    "han_share",
    "has_han",
    "is_chinese",
    "is_chinese_code",
]

#: Share of Han characters among the letters above which a text is Chinese.
HAN_SHARE = 0.3

_HAN = (
    "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002a6df\U0002a700-\U0002ebef\U00030000-\U0003134f"
)
HAN_RE = re.compile(f"[{_HAN}]")
_LETTER_RE = re.compile(r"[^\W\d_]")
_KANA_RE = re.compile("[\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9d]")

_CHINESE_CODES = {"zh", "zho", "chi", "cmn", "chinese", "中文", "汉语", "漢語"}


_HAN_BMP_RE = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def has_han(text: str) -> bool:
    """Whether ``text`` contains a Han character of the Basic Multilingual Plane
    (where all common ones are); a quick test that texts without any pass."""
    return not text.isascii() and _HAN_BMP_RE.search(text) is not None


def han_share(text: str) -> float:
    """Share of Han characters among the letters of ``text`` (0.0 without letters).

    Examples
    --------
    >>> han_share("中国 and China")
    0.2
    """
    if text.isascii():
        return 0.0
    han = len(HAN_RE.findall(text))
    if not han:
        return 0.0
    letters = len(_LETTER_RE.findall(text))
    return han / letters if letters else 0.0


def detect_language(text: str) -> str:
    """``"zh"`` for a Chinese text, ``"ja"`` for Japanese, else ``"und"`` (undetermined).

    Only the script is looked at: ``"und"`` means "an alphabetic script",
    the default tokeniser's domain.

    Examples
    --------
    >>> detect_language("构建人类命运共同体"), detect_language("日本語のテキストです")
    ('zh', 'ja')
    >>> detect_language("A community with a shared future")
    'und'
    """
    if not has_han(text):
        return "und"
    letters = len(_LETTER_RE.findall(text))
    if not letters:
        return "und"
    han = len(HAN_RE.findall(text))
    if han / letters < HAN_SHARE:
        return "und"
    if len(_KANA_RE.findall(text)) > 0.05 * letters:
        return "ja"
    return "zh"


def is_chinese_code(code: object) -> bool:
    """Whether a language code or name (``zh``, ``zh-CN``, ``zh_Hant``, ``zho``) means Chinese."""
    if not isinstance(code, str) or not code.strip():
        return False
    head = re.split(r"[-_\s]", code.strip().lower(), maxsplit=1)[0]
    return head in _CHINESE_CODES


def is_chinese(text: str, lang: object = None) -> bool:
    """Whether ``text`` is tokenised as Chinese: by ``lang`` when given, else by script.

    ``lang`` may be ``None``, ``"auto"`` or an empty/missing value (detect
    from the script), or a language code.
    """
    missing = isinstance(lang, float) and math.isnan(lang)
    if lang is None or lang == "auto" or missing or (isinstance(lang, str) and not lang.strip()):
        return not text.isascii() and detect_language(text) == "zh"
    return is_chinese_code(lang)


def document_language(text: str, lang: object = None) -> str:
    """The language used for one document: ``"zh"`` or ``lang`` / the detected code."""
    if is_chinese(text, lang):
        return "zh"
    if isinstance(lang, str) and lang.strip() and lang != "auto":
        return lang
    return detect_language(text)
