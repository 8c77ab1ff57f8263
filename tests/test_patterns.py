"""Every pattern in patterns/ matches its must-match examples and none of its must-not-match ones."""

from __future__ import annotations

import json
import re

import pytest

from cchc_extract.patterns import patterns_dir
from cchc_extract.restore import default_restorer
from cchc_extract.vietnamese import fold_lower


def _cases() -> list[tuple[str, str, dict]]:  # type: ignore[type-arg]
    out = []
    for path in sorted(patterns_dir().glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        for key, entry in data.get("patterns", {}).items():
            out.append((path.stem, key, entry))
        for key in ("inline", "cell_start"):
            if key in data:
                out.append((path.stem, key, data[key]))
    return out


@pytest.mark.parametrize(("name", "key", "entry"), _cases(), ids=lambda v: v if isinstance(v, str) else "")
def test_pattern_examples(name: str, key: str, entry: dict) -> None:  # type: ignore[type-arg]
    prefix = ""
    if name == "fields":
        prefix = json.loads((patterns_dir() / "fields.json").read_text(encoding="utf-8"))["prefix"]
    rx = re.compile(prefix + "(?:" + entry["regex"] + ")", re.IGNORECASE)
    assert entry["match"], f"{name}.{key} needs examples that must match"
    assert entry["no_match"], f"{name}.{key} needs examples that must not match"
    for text in entry["match"]:
        assert rx.search(fold_lower(text)), f"{name}.{key} should match {text!r}"
    for text in entry["no_match"]:
        assert not rx.search(fold_lower(text)), f"{name}.{key} should not match {text!r}"


def test_ocr_confusion_examples() -> None:
    data = json.loads((patterns_dir() / "ocr_confusions.json").read_text(encoding="utf-8"))
    r = default_restorer()
    for ocr, key in data["examples"]["must_match"]:
        assert key in r.channel.variant_keys(ocr.lower()), f"{ocr!r} should yield the key {key!r}"
    for ocr, key in data["examples"]["must_not_match"]:
        assert key not in r.channel.variant_keys(ocr.lower())
