"""Field-by-field comparison of seed 000's extraction with the hand-checked ../shared/dev/000.gold.json."""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rapidfuzz import fuzz  # noqa: E402

from cchc_extract.pipeline import extract  # noqa: E402
from cchc_extract.vietnamese import normalize_text  # noqa: E402
from scripts import shared_dir  # noqa: E402

FIELDS = ("description", "lead", "coordinators", "deadline", "output", "target")


def norm(v: object) -> object:
    return normalize_text(str(v)).strip() if isinstance(v, str) else v


def similarity(a: object, g: object) -> float:
    """Character similarity 0..1 of two field values (both None counts as 1)."""
    if a is None and g is None:
        return 1.0
    if a is None or g is None:
        return 0.0
    return fuzz.ratio(str(norm(a)).lower(), str(norm(g)).lower()) / 100.0


def task_key(t: dict[str, object]) -> tuple[str, ...]:
    """Align tasks by the numbers of their groups and their own printed number."""
    group = t.get("group") or []
    assert isinstance(group, list)
    return (*(str(g).split(".")[0] for g in group), str(t.get("number")))


def main() -> None:
    dev = shared_dir("dev")
    gold = json.loads((dev / "000.gold.json").read_text(encoding="utf-8"))
    plan = extract(ROOT / "samples" / "seeds" / gold["source_file"]).model_dump()
    print("document field        match  extracted | gold")
    for k, g in gold["document"].items():
        a = plan["document"].get(k)
        print(f"  {k:18} {'yes' if norm(a) == norm(g) else 'no ':5}  {str(a)[:60]} | {str(g)[:60]}")
    g_sec = [s["title"] for s in gold["sections"]]
    a_sec = [s["title"] for s in plan["sections"] if s["kind"] != "appendix"]
    print(f"sections: {sum(norm(a) == norm(g) for a, g in zip(a_sec, g_sec, strict=False))}/{len(g_sec)} titles exact")
    for key in ("purposes", "requirements"):
        exact = sum(norm(a) == norm(g) for a, g in zip(plan[key], gold[key], strict=False))
        print(f"{key}: {len(plan[key])} found / {len(gold[key])} gold, {exact} exact")
    tasks, gtasks = plan["tasks"], gold["tasks"]
    print(f"tasks: {len(tasks)} found / {len(gtasks)} gold")
    pool = {task_key(t): t for t in tasks}
    matched = [(g, pool.get(task_key(g))) for g in gtasks]
    print(f"  aligned by number+group: {sum(1 for _, a in matched if a)}/{len(gtasks)}")
    print("  field         exact   mean similarity over gold tasks (unaligned = 0)")
    for f in FIELDS:
        exact = sum(1 for g, a in matched if a and norm(a.get(f)) == norm(g.get(f)))
        sim = sum(similarity(a.get(f), g.get(f)) for g, a in matched if a) / len(gtasks)
        print(f"  {f:13} {exact:2}/{len(gtasks)}   {sim:.2f}")


if __name__ == "__main__":
    main()
