"""Golden tests: each tests/data/<case>/ names an input; its expected.json is the reviewed output.

Regenerate only on purpose: CCHC_REGEN_GOLDEN=1 pytest tests/test_golden.py (and then review the diff);
test_regeneration_flag_is_off fails while the flag is set, so a regenerated run never passes as a check.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from conftest import REGEN, ROOT

from cchc_extract.pipeline import extract
from cchc_extract.writers import plan_to_json, write_atomic

CASES = sorted(p.parent.name for p in (ROOT / "tests" / "data").glob("*/case.json"))


@pytest.mark.parametrize("case", CASES)
def test_golden(case: str) -> None:
    folder = ROOT / "tests" / "data" / case
    spec = json.loads((folder / "case.json").read_text(encoding="utf-8"))
    cwd = os.getcwd()
    os.chdir(ROOT)  # source.path is recorded relative to the repository
    try:
        plan = extract(Path(spec["input"]), ocr="never")
    finally:
        os.chdir(cwd)
    actual = json.loads(plan_to_json(plan))
    expected_path = folder / "expected.json"
    if REGEN:
        write_atomic(expected_path, plan_to_json(plan))
    expected = json.loads(expected_path.read_text(encoding="utf-8"))
    assert actual["document"] == expected["document"]
    assert actual["sections"] == expected["sections"]
    assert [t["id"] for t in actual["tasks"]] == [t["id"] for t in expected["tasks"]]
    assert actual == expected


def test_regeneration_flag_is_off() -> None:
    assert not REGEN, "CCHC_REGEN_GOLDEN=1 rewrites the golden files; unset it and review the diff"
