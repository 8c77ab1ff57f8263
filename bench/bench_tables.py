"""Appendix-table benchmark: the generated tables of bench/make_tables.py (digital, moderately and heavily damaged
scans at 200 and 300 dpi, a table without ruling lines) through the real pipeline, and the peer extractors on
the same pages; share of exact cells, of logical rows found, of exact multi-line cells, and CPU seconds per page
(the process and its Tesseract children: the cost on one core).

cchc-extract: a logical row is found when a task has its group and number; a cell is exact when the task's
field equals the printed cell (whitespace collapsed). Peers give tables, not tasks: each peer column is given
the role whose printed cells it holds most often, each truth row is scored against the peer row holding most of
its cells exactly, and the row counts as found when that row holds its description exactly (peers are not asked
for group headings or for merging rows cut by a page break; a cut row's cells are not exact for them).
Run: python bench/bench_tables.py [--docs N] [--peers-python .venv-peers/bin/python]
(generates build/tables once; the peers run only when their venv is given).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cchc_extract.pipeline import extract  # noqa: E402

TABLES = ROOT / "build" / "tables"
VARIANTS = ("digital", "moderate", "heavy", "heavy-300dpi", "unruled")


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


def peer_score(truth: dict[str, object], tables: list[list[list[str]]]) -> tuple[int, int, int, int, int, int]:
    """The same six counts for a peer's tables (see the module docstring)."""
    rows: list[dict[str, object]] = truth["rows"]  # type: ignore[assignment]
    printed: dict[str, set[str]] = {}
    for row in rows:
        for role, text in row["cells"].items():  # type: ignore[attr-defined]
            printed.setdefault(role, set()).add(norm(text))
    peer_rows: list[dict[str, str]] = []
    for table in tables:
        width = max((len(r) for r in table), default=0)
        hits = {(j, role): sum(norm(r[j]) in texts for r in table if j < len(r) and norm(r[j]))
                for j in range(width) for role, texts in printed.items()}
        roles: dict[int, str] = {}
        for (j, role), n in sorted(hits.items(), key=lambda kv: -kv[1]):
            if n and j not in roles and role not in roles.values():
                roles[j] = role
        peer_rows += [{roles[j]: norm(c) for j, c in enumerate(r) if j in roles} for r in table]
    multiline: dict[str, bool] = truth["multiline"]  # type: ignore[assignment]
    cells = exact = found = mcells = mexact = 0
    for row in rows:
        want = {role: norm(text) for role, text in row["cells"].items()}  # type: ignore[attr-defined]
        best = max(peer_rows, key=lambda pr: sum(pr.get(r) == t for r, t in want.items()), default={})
        found += best.get("description") == want["description"]
        for role, text in want.items():
            ok = best.get(role) == text
            cells += 1
            exact += ok
            if multiline[f"{str(row['group']).split('.')[0]}.{row['number']}|{role}"]:
                mcells += 1
                mexact += ok
    return exact, cells, found, len(rows), mexact, mcells


def page_count(pdf: Path) -> int:
    import pypdfium2

    doc = pypdfium2.PdfDocument(str(pdf))
    try:
        return len(doc)
    finally:
        doc.close()


def cpu_seconds() -> float:
    """CPU time of this process and its finished children (Tesseract)."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def report(name: str, variant: str, tot: list[int], secs: float, pages: int) -> None:
    exact, cells, found, rows, mexact, mcells = tot
    print(f"{name:<18}{variant:<14}{exact / cells:>8.1%} {exact:>3}/{cells:<4}{found / rows:>7.1%} {found:>3}/{rows:<4}"
          f"{mexact / max(1, mcells):>7.1%} {mexact:>3}/{mcells:<4}{secs / max(1, pages):>7.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=6)
    parser.add_argument("--variants", nargs="*", default=list(VARIANTS), choices=VARIANTS)
    parser.add_argument("--peers-python", type=Path, help="python of a venv with img2table, camelot-py, ocrmypdf")
    parser.add_argument("--peer-variants", nargs="*", default=["moderate", "heavy"], choices=VARIANTS)
    args = parser.parse_args()
    if not (TABLES / "truth.json").is_file():
        subprocess.run([sys.executable, str(ROOT / "bench/make_tables.py"), "--docs", str(args.docs)], check=True)
    truths = json.loads((TABLES / "truth.json").read_text(encoding="utf-8"))[: args.docs]
    print(f"{'tool':<18}{'input':<14}{'cells exact':>16}{'logical rows':>15}{'multi-line':>15}{'cpu s/page':>11}")
    for variant in args.variants:
        tot = [0] * 6
        secs = 0.0
        pages = 0
        for truth in truths:
            path = TABLES / str(truth["file"]).replace("_digital", f"_{variant}")
            t0 = cpu_seconds()
            plan = extract(path)
            secs += cpu_seconds() - t0
            pages += plan.source.pages
            got = [t.model_dump() for t in plan.tasks]
            tot = [a + b for a, b in zip(tot, score(truth, got), strict=True)]
        report("cchc-extract", variant, tot, secs, pages)
    if not args.peers_python:
        print("peers not run: give --peers-python (make bench builds .venv-peers)")
        return
    for variant in args.peer_variants:
        files = [TABLES / str(t["file"]).replace("_digital", f"_{variant}") for t in truths]
        out = TABLES / f"peers_{variant}.json"
        subprocess.run([str(args.peers_python), str(ROOT / "bench/peer_tables.py"), str(out), *map(str, files)],
                       check=True, capture_output=True)
        results = json.loads(out.read_text(encoding="utf-8"))
        for tool in ("img2table", "camelot+ocrmypdf"):
            tot = [0] * 6
            secs = 0.0
            for truth, path in zip(truths, files, strict=True):
                got = results[path.name][tool]
                secs += got["seconds"]
                tot = [a + b for a, b in zip(tot, peer_score(truth, got["tables"]), strict=True)]
            report(tool, variant, tot, secs, sum(page_count(f) for f in files))


if __name__ == "__main__":
    main()
