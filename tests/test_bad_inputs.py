"""Every bad input of scripts/make_bad_inputs.py through the real CLI: the documented exit code, one line on
stderr that says what to do, never a traceback; readable documents without tasks are results with warnings."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from scripts.make_bad_inputs import CASES, make


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("bad")
    make(out)
    return out


@pytest.mark.integration
@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_input_gets_its_exit_code_and_one_line(corpus: Path, name: str) -> None:
    what, expected = CASES[name]
    out = corpus / f"{name}.json"
    done = subprocess.run([sys.executable, "-m", "cchc_extract", str(corpus / name), "-o", str(out)],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == expected, (what, done.stderr)
    assert "Traceback" not in done.stderr
    assert done.stdout == ""  # data goes to the -o file, never half to stdout
    if expected:
        lines = done.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("cchc-extract: error: ") and not out.exists()
    else:
        plan = json.loads(out.read_text(encoding="utf-8"))
        if "no tasks" in what:
            assert not plan["tasks"] and "no-tasks" in [w["code"] for w in plan["warnings"]]


def test_windows_1258_text_is_decoded_to_the_same_plan(corpus: Path) -> None:
    from cchc_extract.ingest import read_text

    utf8 = next((Path(__file__).parent.parent / "samples/seeds").glob("003_*.txt")).read_text(encoding="utf-8")
    assert read_text(corpus / "windows_1258.txt") == utf8[:6000]


@pytest.mark.integration
def test_a_document_over_its_time_limit_stops_with_its_code(root: Path, tmp_path: Path) -> None:
    out = tmp_path / "plan.json"
    done = subprocess.run([sys.executable, "-m", "cchc_extract", str(root / "samples/pdf/plan_a_scanned.pdf"),
                           "--timeout", "2", "-o", str(out)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 12 and "longer than 2 s" in done.stderr and not out.exists()
