"""End-to-end accuracy on the corpus (make corpus): the real CLI on every (document, form), scored on content.

Run: python bench/bench_corpus.py [--forms F ...] [--docs ID ...] [--json OUT] [--jobs 2] [--rerun]
Each run's output is kept in build/bench/<form>/<doc>.json with its CPU time and the checksum of the input and
of the package; a later run re-runs only what changed (--rerun: everything). Held-out documents are reported
apart: never tune on their lines.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.corpus.forms import FILES, FORMS  # noqa: E402
from bench.corpus.score import TASK_FIELDS, score_document  # noqa: E402

CORPUS = ROOT / "build" / "corpus"
RUNS = ROOT / "build" / "bench"
OCR_CACHE = ROOT / "build" / "ocr-cache"  # page images OCR'd once across runs (cchc_extract.ocrcache)
CLI = Path(sys.executable).parent / "cchc-extract"


def code_hash() -> str:
    """Checksum of everything that decides the CLI's output: the package, its patterns and models."""
    h = hashlib.sha256()
    for base in (ROOT / "cchc_extract", ROOT / "patterns"):
        for path in sorted(base.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                h.update(path.relative_to(ROOT).as_posix().encode())
                h.update(path.read_bytes())
    return h.hexdigest()[:16]


def run_one(doc: str, form: str, code: str, rerun: bool) -> dict[str, Any]:
    """Run the CLI on one form of one document (or reuse the kept run); returns its record."""
    src = CORPUS / doc / FILES[form]
    out = RUNS / form / f"{doc}.json"
    meta = RUNS / form / f"{doc}.run.json"
    digest = hashlib.sha256(src.read_bytes()).hexdigest()[:16]
    if not rerun and meta.is_file():
        record: dict[str, Any] = json.loads(meta.read_text(encoding="utf-8"))
        if record.get("input") == digest and record.get("code") == code:
            return record
    out.parent.mkdir(parents=True, exist_ok=True)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    env = {**os.environ, "OMP_THREAD_LIMIT": "1", "CCHC_OCR_CACHE": str(OCR_CACHE)}
    proc = subprocess.run([str(CLI), str(src), "-o", str(out), "--timeout", "1800"], capture_output=True, text=True,
                          env=env, check=False)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    record = {"doc": doc, "form": form, "input": digest, "code": code, "exit": proc.returncode,
              "error": proc.stderr.strip().splitlines()[-1] if proc.returncode and proc.stderr.strip() else None,
              "cpu_seconds": round(cpu, 2), "wall_seconds": round(time.perf_counter() - start, 2)}
    meta.write_text(json.dumps(record), encoding="utf-8")
    return record


def score_run(record: dict[str, Any], truth: dict[str, Any], pages: int) -> dict[str, Any]:
    out_path = RUNS / record["form"] / f"{record['doc']}.json"
    out = json.loads(out_path.read_text(encoding="utf-8")) if record["exit"] == 0 and out_path.is_file() else None
    s = score_document(out, truth)
    return {**record, "pages": pages, "truth_tasks": s.truth_tasks, "out_tasks": s.out_tasks, "matched": s.matched,
            "precision": s.precision, "recall": s.recall, "f1": s.f1, "fields": s.fields, "meta": s.meta,
            "meta_mean": s.meta_mean, "sections_f1": s.sections_f1, "purposes": s.purposes,
            "words_right": s.words_right, "words_aligned": s.words_aligned, "diacritics": s.diacritics,
            "words_exact": s.words_exact, "words_truth": s.words_truth, "words": s.words}


def summary(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Micro-averaged task P/R/F1 and field means over all truth tasks; macro means of the rest."""
    truth = sum(r["truth_tasks"] for r in rows)
    out = sum(r["out_tasks"] for r in rows)
    hit = sum(r["matched"] for r in rows)
    p, rc = (hit / out if out else 0.0), (hit / truth if truth else 0.0)
    fields = {f: sum(r["fields"][f] * r["truth_tasks"] for r in rows) / truth if truth else 0.0 for f in TASK_FIELDS}
    aligned = sum(r["words_aligned"] for r in rows)
    truth_words = sum(r["words_truth"] for r in rows)
    pages = sum(r["pages"] for r in rows)
    return {"docs": len(rows), "zero": sum(1 for r in rows if r["truth_tasks"] and not r["out_tasks"]),
            "failed": sum(1 for r in rows if r["exit"] != 0), "precision": p, "recall": rc,
            "f1": 2 * p * rc / (p + rc) if p + rc else 0.0, "fields": fields,
            "meta": sum(r["meta_mean"] for r in rows) / len(rows), "sections": sum(r["sections_f1"] for r in rows)
            / len(rows), "purposes": sum(r["purposes"] for r in rows) / len(rows),
            "diacritics": sum(r["words_right"] for r in rows) / aligned if aligned else None,
            "words": sum(r["words_exact"] for r in rows) / truth_words if truth_words else None,
            "s_per_page": sum(r["cpu_seconds"] for r in rows) / pages if pages else 0.0}


HEAD = (f"{'':27}{'docs':>4} {'0task':>5} {'P':>5} {'R':>5} {'F1':>5} | {'desc':>5} {'lead':>5} {'coord':>5} "
        f"{'dline':>5} {'outp':>5} {'targ':>5} {'group':>5} | {'meta':>5} {'sect':>5} {'purp':>5} {'words':>6} "
        f"{'marks':>6} {'s/page':>6}")


def _pct(value: float | None) -> str:
    return f"{value * 100:5.1f}%" if value is not None else "     -"


def fmt_summary(label: str, s: dict[str, Any]) -> str:
    f = s["fields"]
    return (f"{label:27}{s['docs']:4} {s['zero']:5} {s['precision']:5.2f} {s['recall']:5.2f} {s['f1']:5.2f} | "
            + " ".join(f"{f[k]:5.2f}" for k in TASK_FIELDS)
            + f" | {s['meta']:5.2f} {s['sections']:5.2f} {s['purposes']:5.2f} {_pct(s['words'])} "
            f"{_pct(s['diacritics'])} {s['s_per_page']:6.2f}")


DOC_HEAD = (f"  {'document':19}{'split':>5} {'out/truth':>9} {'F1':>4} | {'desc':>4} {'lead':>4} {'crd':>4} "
            f"{'dln':>4} {'out':>4} {'trg':>4} {'grp':>4} | {'meta':>4} {'sect':>4} {'purp':>4} {'words':>5} "
            f"{'marks':>5} {'s/pg':>5}")


def fmt_doc(r: dict[str, Any], split: str) -> str:
    """One (document, form): task counts and F1, fields, metadata, words (percent), CPU s/page, and a flag."""
    f = r["fields"]
    flag = ""
    if r["exit"] != 0:
        flag = f"  FAILED exit {r['exit']}: {(r['error'] or '')[:60]}"
    elif r["truth_tasks"] and not r["out_tasks"]:
        flag = "  ZERO TASKS"

    def pct(value: float | None) -> str:
        return f"{value * 100:5.1f}" if value is not None else "    -"

    return (f"  {r['doc']:19}{split[:4]:>5} {r['out_tasks']:4}/{r['truth_tasks']:<4} {r['f1']:4.2f} | "
            + " ".join(f"{f[k]:4.2f}" for k in TASK_FIELDS)
            + f" | {r['meta_mean']:4.2f} {r['sections_f1']:4.2f} {r['purposes']:4.2f} {pct(r['words'])} "
            f"{pct(r['diacritics'])} {r['cpu_seconds'] / max(r['pages'], 1):5.2f}{flag}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--forms", nargs="*", default=list(FORMS), choices=FORMS)
    parser.add_argument("--docs", nargs="*", help="document ids (default: every document of the corpus)")
    parser.add_argument("--json", type=Path, help="write every score here")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--rerun", action="store_true", help="run the CLI again even where a kept run is current")
    parser.add_argument("--quiet", action="store_true", help="summaries only, no line per document")
    args = parser.parse_args()
    manifest_path = CORPUS / "manifest.json"
    if not manifest_path.is_file():
        sys.exit(f"{manifest_path}: not found; run `make corpus` first")
    manifest = [m for m in json.loads(manifest_path.read_text(encoding="utf-8")) if not args.docs
                or m["doc_id"] in args.docs]
    code = code_hash()
    start = time.perf_counter()
    with ProcessPoolExecutor(args.jobs) as pool:
        futures = [(m, form, pool.submit(run_one, m["doc_id"], form, code, args.rerun))
                   for form in args.forms for m in sorted(manifest, key=lambda m: -m["pages"])]
        records = {(m["doc_id"], form): (m, fut.result()) for m, form, fut in futures}
    results = []
    for form in args.forms:
        rows = []
        for m in manifest:
            _mm, rec = records[(m["doc_id"], form)]
            truth = json.loads((CORPUS / m["doc_id"] / "truth.json").read_text(encoding="utf-8"))
            rows.append({**score_run(rec, truth, m["pages"]), "split": m["split"], "kind": m["kind"]})
        results += rows
        print_form(form, rows, args.quiet)
    print_overview(results, args.forms)
    print_flags(results)
    print(f"\n{len(records)} runs, {time.perf_counter() - start:.0f} s wall (kept runs reused; --rerun for all)")
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")


def print_form(form: str, rows: list[dict[str, Any]], quiet: bool) -> None:
    print(f"\n== {form} ({FILES[form]})")
    if not quiet:
        print(DOC_HEAD)
        for r in sorted(rows, key=lambda r: (r["split"], r["doc"])):
            print(fmt_doc(r, r["split"]))
    print(HEAD)
    for split in ("dev", "heldout"):
        part = [r for r in rows if r["split"] == split]
        if part:
            print(fmt_summary(f"{form} {split}", summary(part)))


def print_overview(results: list[dict[str, Any]], forms: list[str]) -> None:
    print("\n== every form, dev and held-out apart")
    print(HEAD)
    for split in ("dev", "heldout"):
        for form in forms:
            part = [r for r in results if r["form"] == form and r["split"] == split]
            if part:
                print(fmt_summary(f"{form} {split}", summary(part)))


def print_flags(results: list[dict[str, Any]]) -> None:
    """Every document with a run that failed or gave no tasks where the truth has some: one line each, its forms."""
    flagged = [r for r in results if r["exit"] != 0 or (r["truth_tasks"] and not r["out_tasks"])]
    print(f"\n== {len(flagged)} runs flagged (failed, or no tasks where the truth has some), by document")
    docs = sorted({(r["split"], r["doc"]) for r in flagged})
    for split, doc in docs:
        mine = sorted((r for r in flagged if r["doc"] == doc), key=lambda r: FORMS.index(r["form"]))
        zero = [r["form"] for r in mine if r["exit"] == 0]
        failed = [f"{r['form']} (exit {r['exit']})" for r in mine if r["exit"] != 0]
        what = (f"ZERO TASKS of {mine[0]['truth_tasks']}: {' '.join(zero)}" if zero else "") + (
            f"  FAILED: {' '.join(failed)}" if failed else "")
        print(f"  {split:8} {doc:19} {'all forms' if len(zero) == len(FORMS) else '':9} {what}")


if __name__ == "__main__":
    main()
