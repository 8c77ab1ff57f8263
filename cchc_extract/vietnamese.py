"""Vietnamese orthography helpers shared by restore and structure: folding and old-style tone placement.

Written by hand because no packaged library normalizes tone placement to the old style that government
text uses (hóa, thủy) while also folding OCR text for diacritic-insensitive matching.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

TONE_MARKS = {"\u0301": "s", "\u0300": "f", "\u0309": "r", "\u0303": "x", "\u0323": "j"}
_VOWELS = set("aăâeêioôơuưy")
_MARKED_VOWELS = set("ăâêôơư")

_LETTERS = "aàáảãạăằắẳẵặâầấẩẫậeèéẻẽẹêềếểễệiìíỉĩịoòóỏõọôồốổỗộơờớởỡợuùúủũụưừứửữựyỳýỷỹỵđ"
_FOLD_TABLE = {ord(c): unicodedata.normalize("NFD", c)[0] for c in _LETTERS + _LETTERS.upper()}
_FOLD_TABLE[ord("đ")] = "d"
_FOLD_TABLE[ord("Đ")] = "D"

VIETNAMESE_LETTERS = frozenset(_LETTERS + _LETTERS.upper() + "bcdghklmnpqrstvx" + "BCDGHKLMNPQRSTVX")
_DIACRITIC_CHARS = frozenset(c for c in _LETTERS + _LETTERS.upper() if c not in "aeiouyAEIOUY")


def fold(text: str) -> str:
    """Strip Vietnamese diacritics (đ -> d); other characters unchanged. Keeps length for NFC input."""
    text = unicodedata.normalize("NFC", text)
    out = text.translate(_FOLD_TABLE)
    if out.isascii():
        return out
    # Accented letters from other alphabets (OCR produces é, ¢, ...): strip combining marks generically.
    return "".join(c for c in unicodedata.normalize("NFD", out) if not unicodedata.combining(c))


def fold_lower(text: str) -> str:
    return fold(text).lower()


def has_diacritics(token: str) -> bool:
    return any(c in _DIACRITIC_CHARS for c in token)


def split_tone(syllable: str) -> tuple[str, str]:
    """'hoá' -> ('hoa', 's'): the syllable without its tone mark (NFC) and the tone letter ('' if none)."""
    tone = ""
    kept = []
    for c in unicodedata.normalize("NFD", syllable):
        if c in TONE_MARKS:
            tone = TONE_MARKS[c]
        else:
            kept.append(c)
    return unicodedata.normalize("NFC", "".join(kept)), tone


_TONE_COMBINING = {v: k for k, v in TONE_MARKS.items()}


def _tone_position(base: str) -> int | None:
    low = base.lower()
    start = 0
    if (low.startswith("qu") and len(low) > 2 and low[2] in _VOWELS) or (
        low.startswith("gi") and len(low) > 2 and low[2] in _VOWELS
    ):
        start = 2
    idx = [i for i in range(start, len(low)) if low[i] in _VOWELS]
    if not idx and start:  # "gì", "quỳ"? fall back to the onset vowel
        idx = [i for i in range(len(low)) if low[i] in _VOWELS][-1:]
    if not idx:
        return None
    # vowel cluster: the first contiguous run
    run = [idx[0]]
    for i in idx[1:]:
        if i == run[-1] + 1:
            run.append(i)
        else:
            break
    marked = [i for i in run if low[i] in _MARKED_VOWELS]
    if marked:
        return marked[-1]
    if len(run) == 1:
        return run[0]
    has_coda = run[-1] < len(low) - 1
    if has_coda:
        return run[-1]
    if len(run) == 2:
        return run[0]  # old style: hóa, thủy, múa
    return run[1]


def place_tone(base: str, tone: str) -> str:
    """Put `tone` on `base` at the old-style position ('hoa','s' -> 'hóa')."""
    if not tone:
        return base
    pos = _tone_position(base)
    if pos is None:
        return base
    decomposed = unicodedata.normalize("NFD", base[pos]) + _TONE_COMBINING[tone]
    return unicodedata.normalize("NFC", base[:pos] + decomposed + base[pos + 1 :])


@lru_cache(maxsize=65536)
def normalize_syllable(syllable: str) -> str:
    """Old-style tone placement for one syllable: 'hoá' -> 'hóa', 'thuỷ' -> 'thủy'; others unchanged."""
    base, tone = split_tone(syllable)
    if not tone:
        return unicodedata.normalize("NFC", syllable)
    return place_tone(base, tone)


_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def normalize_text(text: str) -> str:
    """NFC and old-style tone placement for every word of a text."""
    text = unicodedata.normalize("NFC", text)
    return _WORD.sub(lambda m: normalize_syllable(m.group(0)), text)
