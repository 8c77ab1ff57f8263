"""Loads layout knowledge (heading words, column synonyms, field labels, deadline phrases) from patterns/.

The data lives in the top-level patterns/ folder; a wheel carries it as cchc_extract/patterns, an editable
install or a source checkout reads it from the repository root. Regexes match folded text (no diacritics,
lowercase) so that they also hold on OCR output whose marks are wrong.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

from cchc_extract.errors import CchcError


def patterns_dir() -> Path:
    here = Path(__file__).resolve().parent
    for candidate in (here / "patterns", here.parent / "patterns"):
        if (candidate / "sections.json").is_file():
            return candidate
    raise CchcError("the patterns/ data folder is missing from this installation; reinstall cchc-extract")


@cache
def load_pattern_file(name: str) -> dict[str, Any]:
    path = patterns_dir() / f"{name}.json"
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


@cache
def rx(name: str, key: str) -> re.Pattern[str]:
    """Compiled regex `key` of patterns/<name>.json (entries are {"regex": ..., "match": [...], ...})."""
    entry = load_pattern_file(name)["patterns"][key]
    return re.compile(entry["regex"], re.IGNORECASE)


def entries(name: str) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = load_pattern_file(name)["patterns"]
    return out
