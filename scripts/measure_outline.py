"""Measures how a plan's item numbers go on, on the truth of the corpus's dev documents, and writes the outline
decoder's transition costs to patterns/outline.json (held-out documents are never read).

Consecutive numbered tasks of a document (items 1, 1.2, 2.1.3) are classed by how the second follows the first:
under the same headings, a sibling, a first sub-item, an ancestor's sibling, a number whose parent was never
printed ('2.1' after '1.2'), items starting again at 1, or numbers skipped; under a new heading, a first item 1, a
first item 1.1, or numbering that runs on. Each cost is -ln of the class's share relative to the commonest class of
its context (add-one smoothed), so the usual way on costs nothing.

Run: python scripts/measure_outline.py [--write]   (make corpus first)
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "build" / "corpus"
PATTERN = ROOT / "patterns" / "outline.json"
ITEM = re.compile(r"^\d+(\.\d+)*$")
HEADING = re.compile(r"^(\d+(?:\.\d+)*)\.\s")  # a group title numbered as an item: '1. Sắp xếp ...'

SAME = ("sibling", "up", "implied", "restart", "skip")
FRESH = ("first", "first_implied", "continued", "child")


def classify(
    previous: tuple[int, ...], item: tuple[int, ...], new_heading: bool, heading: tuple[int, ...] = ()
) -> str | None:
    """How `item` follows `previous` (None: no class, e.g. the same number twice); `heading`: the number of the
    new heading when it is an item's ('1.' above 1.1)."""
    if new_heading:
        if heading and item == (*heading, 1):
            return "child"
        if item == (1,):
            return "first"
        if item[0] == 1 and all(p == 1 for p in item[1:]):
            return "first_implied"
        return "continued"
    same = 0
    while same < min(len(previous), len(item)) and previous[same] == item[same]:
        same += 1
    if same == len(item):
        return None
    if same == len(previous):
        return "child" if item[same:] == (1,) else "implied"
    if item[same] == previous[same] + 1:
        if len(item) > same + 1:
            return "implied"
        return "sibling" if same == len(previous) - 1 else "up"
    if item[same] > previous[same]:
        return "skip"
    return "restart" if item[0] == 1 else None


def transitions() -> Counter[str]:
    manifest = json.loads((CORPUS / "manifest.json").read_text(encoding="utf-8"))
    counts: Counter[str] = Counter()
    for entry in manifest:
        if entry["split"] != "dev":
            continue
        truth = json.loads((CORPUS / entry["doc_id"] / "truth.json").read_text(encoding="utf-8"))
        previous: tuple[int, ...] | None = None
        group: list[str] | None = None
        for task in truth["tasks"]:
            number = (task.get("number") or "").strip().rstrip(".")
            if not ITEM.match(number):
                previous, group = None, task["group"]
                continue
            item = tuple(int(p) for p in number.split("."))
            new_heading = task["group"] != group
            title = HEADING.match(task["group"][-1]) if task["group"] else None
            heading = tuple(int(p) for p in title.group(1).split(".")) if title else ()
            if previous is not None or new_heading:
                kind = classify(previous or (), item, new_heading, heading)
                if kind:
                    counts[kind] += 1
            previous, group = item, task["group"]
    return counts


def costs(counts: Counter[str]) -> dict[str, float]:
    out: dict[str, float] = {}
    for context in (SAME, FRESH):
        top = max(counts[k] + 1 for k in context)
        for kind in context:
            out[kind] = round(-math.log((counts[kind] + 1) / top), 2)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="write patterns/outline.json")
    args = parser.parse_args()
    counts = transitions()
    found = costs(counts)
    for kind in (*SAME, *FRESH):
        print(f"{kind:14s} {counts[kind]:5d}  cost {found[kind]:5.2f}")
    if args.write:
        data = json.loads(PATTERN.read_text(encoding="utf-8")) if PATTERN.exists() else {}
        data["description"] = (
            "Costs (nats) of the ways a plan's item numbers go on, for the outline decoder "
            "(cchc_extract.numbering.OutlineSettings), measured on the truth of the corpus's dev documents by "
            "scripts/measure_outline.py --write: -ln of each way's share relative to the commonest way in its context "
            "(under the same headings; right after a new heading). counts: the transitions seen."
        )
        data["costs"] = found
        data["counts"] = {k: counts[k] for k in (*SAME, *FRESH)}
        PATTERN.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        sys.stdout.write(f"wrote {PATTERN.relative_to(ROOT)}\n")


if __name__ == "__main__":
    main()
