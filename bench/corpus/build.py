"""`make corpus`: every document's spec, truth, digital PDF and input forms into build/corpus/<doc>/, reproducibly.

Run: python -m bench.corpus.build [--out build/corpus] [--docs ID ...] [--forms F ...] [--jobs 2]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from bench.corpus.compose import composed_specs  # noqa: E402
from bench.corpus.forms import FORMS, make_forms, page_count  # noqa: E402
from bench.corpus.realplans import realplan_to_spec  # noqa: E402
from bench.corpus.render import register_fonts, spec_to_pdf  # noqa: E402
from bench.corpus.spec import DocSpec  # noqa: E402
from scripts import shared_dir  # noqa: E402

SEED = 20251202


def all_specs() -> list[DocSpec]:
    """The 27 real plans and 15 composed plans, in a fixed order."""
    real = [realplan_to_spec(p) for p in sorted(shared_dir("realplans").glob("*.txt"))]
    return real + composed_specs(real, shared_dir("dev") / "000.gold.json")


def build_one(spec_json: str, out: str, forms: tuple[str, ...]) -> tuple[str, int, float]:
    spec = DocSpec.model_validate_json(spec_json)
    start = time.perf_counter()
    docdir = Path(out) / spec.doc_id
    docdir.mkdir(parents=True, exist_ok=True)
    (docdir / "truth.json").write_text(spec.truth.model_dump_json(indent=1), encoding="utf-8")
    printed = spec.model_dump_json(exclude={"truth", "split"})
    old = docdir / "print.json"
    if not old.is_file() or old.read_text(encoding="utf-8") != printed or not (docdir / "digital.pdf").is_file():
        for stale in docdir.iterdir():  # what is printed changed: every form is made again
            if stale.name != "truth.json":
                stale.unlink()
        fonts = register_fonts()
        style = spec_to_pdf(spec, docdir / "digital.pdf", fonts)
        (docdir / "style.json").write_text(json.dumps(style.__dict__), encoding="utf-8")
        old.write_text(printed, encoding="utf-8")
    make_forms(docdir / "digital.pdf", docdir, SEED, forms)
    return spec.doc_id, page_count(docdir / "digital.pdf"), time.perf_counter() - start


def _write_json(path: Path, data: Any) -> None:
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    tmp.replace(path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "corpus")
    parser.add_argument("--docs", nargs="*", help="document ids (default: all)")
    parser.add_argument("--forms", nargs="*", default=list(FORMS), choices=FORMS)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")  # one Tesseract thread per job: the jobs fill the cores
    all_specs_order = all_specs()
    specs = [s for s in all_specs_order if not args.docs or s.doc_id in args.docs]
    args.out.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    manifest_path = args.out / "manifest.json"
    kept = json.loads(manifest_path.read_text(encoding="utf-8")) if manifest_path.is_file() else []
    manifest: dict[str, dict[str, Any]] = {m["doc_id"]: m for m in kept}
    with ProcessPoolExecutor(args.jobs) as pool:
        futures = {s.doc_id: pool.submit(build_one, s.model_dump_json(), str(args.out), tuple(args.forms))
                   for s in specs}
        for spec in specs:
            doc_id, pages, seconds = futures[spec.doc_id].result()
            manifest[doc_id] = {"doc_id": doc_id, "kind": spec.kind, "split": spec.split, "pages": pages,
                                "tasks": len(spec.truth.tasks), "how": spec.truth.how}
            order = [s.doc_id for s in all_specs_order if s.doc_id in manifest]
            _write_json(manifest_path, [manifest[d] for d in order])
            print(f"{doc_id:24} {spec.split:8} {pages:3} pages {len(spec.truth.tasks):3} tasks  {seconds:6.1f} s",
                  flush=True)
    print(f"{len(specs)} documents, {sum(manifest[s.doc_id]['pages'] for s in specs)} pages, "
          f"{time.perf_counter() - start:.0f} s", flush=True)


if __name__ == "__main__":
    main()
