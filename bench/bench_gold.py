"""Field-by-field comparison of seed 000's extraction with the hand-checked ../shared/dev/000.gold.json."""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cchc_extract.pipeline import extract  # noqa: E402
from cchc_extract.vietnamese import normalize_text  # noqa: E402

FIELDS = ("description", "lead", "coordinators", "deadline", "output", "target")


def norm(v: object) -> object:
    return normalize_text(str(v)).strip() if isinstance(v, str) else v


def main() -> None:
    dev = ROOT.parent / "shared" / "dev"
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

    # align by (number, last group number) in order
    def key(t: dict) -> tuple[str, str]:  # type: ignore[type-arg]
        return (str(t.get("number")), (t["group"][-1].split(".")[0] if t["group"] else ""))

    pool = {key(t): t for t in tasks}
    matched = [(g, pool.get(key(g))) for g in gtasks]
    print(f"  aligned by number+group: {sum(1 for _, a in matched if a)}/{len(gtasks)}")
    for f in FIELDS:
        exact = sum(1 for g, a in matched if a and norm(a.get(f)) == norm(g.get(f)))
        print(f"  {f:13} exact {exact}/{len(gtasks)}")


if __name__ == "__main__":
    main()
