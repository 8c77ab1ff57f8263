"""Appendix rows found per group in the real seeds against hand counts (bench/seed_rows.json) and, for seed 000,
against the gold extraction: the check that every row of every seed's appendix comes out, group by group.

Run: python bench/bench_seeds.py
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cchc_extract.pipeline import extract  # noqa: E402
from scripts import shared_dir  # noqa: E402

_ROMAN = re.compile(r"^[IVX]+$")


def group_of(path: list[str]) -> str:
    """A row's group: its id's parts up to the Roman numeral ("A.IV.2.1" -> "A.IV", "III.2" -> "III")."""
    for k, part in enumerate(path):
        if _ROMAN.match(part):
            return ".".join(path[: k + 1])
    return ".".join(path[:-1])


def gold_groups(gold: dict[str, object]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for t in gold["tasks"]:  # type: ignore[attr-defined]
        if t["origin"] == "appendix":
            counts[group_of([g.split(".")[0] for g in t["group"]] + [str(t["number"])])] += 1
    return counts


def found_groups(path: Path) -> Counter[str]:
    plan = extract(path)
    return Counter(group_of(t.id.split("#")[0].split(".")) for t in plan.tasks if t.origin == "appendix")


def report(seed: str, want: Counter[str], got: Counter[str]) -> None:
    exact = sum(1 for g in want if got.get(g, 0) == want[g])
    print(f"seed {seed}: {sum(got.values())} rows found / {sum(want.values())} by hand; "
          f"{exact}/{len(want)} groups with exactly their rows")
    for g in [*want, *(g for g in got if g not in want)]:  # the plan's order
        mark = "" if got.get(g, 0) == want.get(g, 0) else "   <-"
        print(f"  {g:<8} {got.get(g, 0):>3} / {want.get(g, 0):<3}{mark}")


def main() -> None:
    data = json.loads((ROOT / "bench/seed_rows.json").read_text(encoding="utf-8"))
    gold = shared_dir() / "dev" / "000.gold.json"
    if gold.is_file():
        seed000 = next((ROOT / "samples/seeds").glob("000_*.txt"))
        report("000 (gold)", gold_groups(json.loads(gold.read_text(encoding="utf-8"))), found_groups(seed000))
    for seed, spec in data["seeds"].items():
        report(seed, Counter(spec["groups"]), found_groups(ROOT / spec["file"]))


if __name__ == "__main__":
    main()
