"""Cell OCR engines on the same cleaned cell images of the generated scans (bench/make_tables.py): the mosaic
(all cells of a page in one pytesseract call, what cchc-extract ships) against a resident tesserocr API reading
each cell on its own (psm 6), the engine the issue asked to measure. Quality is raw OCR before restoration:
mean similarity of each cell's text to the printed cell it best matches, and the share read exactly; speed is
CPU seconds per page (tesserocr in-process; the mosaic's Tesseract child process counted).

Run: python bench/bench_cell_ocr.py --peers-python .venv-peers/bin/python [--docs 2] [--variant moderate]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import unicodedata
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rapidfuzz import fuzz, process  # noqa: E402

from cchc_extract.ingest import deskew  # noqa: E402
from cchc_extract.scantables import cell_images, grid_geometry, ocr_cells  # noqa: E402

TABLES = ROOT / "build" / "tables"


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


def cpu() -> float:
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def score(texts: dict[str, str], printed: list[str]) -> tuple[float, float]:
    sims = []
    exact = 0
    for text in texts.values():
        if not norm(text):
            continue
        best = process.extractOne(norm(text), printed, scorer=fuzz.ratio)
        sims.append(best[1] / 100 if best else 0.0)
        exact += bool(best) and best[1] == 100
    return sum(sims) / max(1, len(sims)), exact / max(1, len(sims))


def main() -> None:
    import pypdfium2
    from PIL import Image

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--peers-python", type=Path, required=True)
    parser.add_argument("--docs", type=int, default=2)
    parser.add_argument("--variant", default="moderate")
    args = parser.parse_args()
    truths = json.loads((TABLES / "truth.json").read_text(encoding="utf-8"))[: args.docs]
    printed = sorted({norm(t) for d in truths for r in d["rows"] for t in r["cells"].values()} |
                     {norm(h) for d in truths for h in d["headers"]})
    mosaic: dict[str, str] = {}
    mosaic_cpu = 0.0
    pages = 0
    with tempfile.TemporaryDirectory() as tmp:
        for d in truths:
            pdf = pypdfium2.PdfDocument(str(TABLES / d["file"].replace("_digital", f"_{args.variant}")))
            for p in range(len(pdf)):
                gray = np.asarray(pdf[p].render(scale=200 / 72).to_pil().convert("L"))
                gray, _ = deskew(gray)
                geo = grid_geometry(gray)
                if geo is None:
                    continue
                pages += 1
                images = cell_images(gray, geo)
                for (r, c), img in images.items():
                    Image.fromarray(img).save(Path(tmp) / f"{d['file'][:8]}_{p}_{r:02d}_{c:02d}.png")
                t0 = cpu()
                read = ocr_cells(images, "vie")
                mosaic_cpu += cpu() - t0
                mosaic.update({f"{d['file'][:8]}_{p}_{r:02d}_{c:02d}": t for (r, c), (t, _) in read.items()})
        done = subprocess.run([str(args.peers_python), str(ROOT / "bench/tesserocr_cells.py"), tmp],
                              check=True, capture_output=True, text=True)
        resident = json.loads(done.stdout)
        resident_cpu = float(done.stderr.strip().splitlines()[-1])
    print(f"{pages} pages, {len(resident)} cells ({args.variant} scans)")
    print(f"{'engine':<34}{'mean similarity':>16}{'exact':>8}{'cpu s/page':>12}")
    for name, texts, secs in (("mosaic, 1 pytesseract call/page", mosaic, mosaic_cpu),
                              ("tesserocr, resident API, per cell", resident, resident_cpu)):
        sim, exact = score(texts, printed)
        print(f"{name:<34}{sim:>16.3f}{exact:>8.1%}{secs / max(1, pages):>12.2f}")


if __name__ == "__main__":
    main()
