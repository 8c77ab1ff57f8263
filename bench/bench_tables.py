"""Appendix-table benchmark: the generated tables of bench/make_tables.py (digital, moderately and heavily damaged
scans) through the real pipeline; share of exact cells, of logical rows found, of exact multi-line cells, and
seconds per page.

A logical row is found when a task has its group and number; a cell is exact when the task's field equals the
printed cell (whitespace collapsed). Run: python bench/bench_tables.py [--docs N]  (generates build/tables once)
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cchc_extract.pipeline import extract  # noqa: E402

TABLES = ROOT / "build" / "tables"
VARIANTS = ("digital", "moderate", "heavy")


def norm(text: str | None) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text or "")).strip()


def score(truth: dict[str, object], tasks: list[dict[str, object]]) -> tuple[int, int, int, int, int, int]:
    """(exact cells, cells, rows found, rows, exact multi-line cells, multi-line cells) for one document."""
    by_key = {}
    for t in tasks:
        group = t["group"][-1].split(".")[0] if t["group"] else ""  # type: ignore[index]
        by_key[(group, str(t["number"]))] = t
    multiline: dict[str, bool] = truth["multiline"]  # type: ignore[assignment]
    cells = exact = rows = found = mcells = mexact = 0
    for row in truth["rows"]:  # type: ignore[attr-defined]
        rows += 1
        task = by_key.get((row["group"].split(".")[0], row["number"]))
        found += task is not None
        for role, text in row["cells"].items():
            got = (task or {}).get(role) if role != "number" else (task or {}).get("number")
            ok = task is not None and norm(str(got) if got is not None else "") == norm(text)
            cells += 1
            exact += ok
            if multiline[f"{row['group'].split('.')[0]}.{row['number']}|{role}"]:
                mcells += 1
                mexact += ok
    return exact, cells, found, rows, mexact, mcells


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=6)
    parser.add_argument("--variants", nargs="*", default=list(VARIANTS), choices=VARIANTS)
    args = parser.parse_args()
    if not (TABLES / "truth.json").is_file():
        subprocess.run([sys.executable, str(ROOT / "bench/make_tables.py"), "--docs", str(args.docs)], check=True)
    truths = json.loads((TABLES / "truth.json").read_text(encoding="utf-8"))[: args.docs]
    print(f"{'input':<10}{'cells exact':>16}{'logical rows':>16}{'multi-line cells':>20}{'s/page':>8}")
    for variant in args.variants:
        tot = [0] * 6
        secs = pages = 0.0
        for truth in truths:
            path = TABLES / str(truth["file"]).replace("_digital", f"_{variant}")
            t0 = time.perf_counter()
            plan = extract(path)
            secs += time.perf_counter() - t0
            pages += plan.source.pages
            got = [t.model_dump() for t in plan.tasks]
            tot = [a + b for a, b in zip(tot, score(truth, got), strict=True)]
        exact, cells, found, rows, mexact, mcells = tot
        print(f"{variant:<10}{exact / cells:>10.1%} {exact:>2}/{cells:<3}{found / rows:>9.1%} {found}/{rows}"
              f"{mexact / max(1, mcells):>12.1%} {mexact}/{mcells}{secs / pages:>8.2f}")


if __name__ == "__main__":
    main()
