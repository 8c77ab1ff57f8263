"""Peer table extractors run on the benchmark's pages, in their own venv (img2table pins opencv-contrib, which
would clash with cchc-extract's headless OpenCV): img2table + Tesseract vie on the page images, and camelot
lattice on an OCRmyPDF `-l vie` text layer. Writes JSON (the peers print to stdout themselves):
{pdf: {tool: {"tables": [[[cell, ...], ...], ...], "seconds": cpu seconds}}}.

Run (the Makefile's bench target makes .venv-peers): .venv-peers/bin/python bench/peer_tables.py out.json a.pdf ...
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("OMP_THREAD_LIMIT", "1")


def _cells(df: Any) -> list[list[str]]:
    return [["" if v is None or str(v) in ("nan", "None") else str(v) for v in row] for row in df.values.tolist()]


def run_img2table(pdf: Path) -> list[list[list[str]]]:
    from img2table.document import PDF
    from img2table.ocr import TesseractOCR

    doc = PDF(str(pdf), detect_rotation=True)
    found = doc.extract_tables(ocr=TesseractOCR(n_threads=1, lang="vie"), implicit_rows=False,
                               borderless_tables=False, min_confidence=50)
    return [_cells(t.df) for page in sorted(found) for t in found[page]]


def run_camelot_ocrmypdf(pdf: Path) -> list[list[list[str]]]:
    import camelot

    with tempfile.TemporaryDirectory() as tmp:
        layered = Path(tmp) / "ocr.pdf"
        subprocess.run([str(Path(sys.executable).parent / "ocrmypdf"), "-q", "-l", "vie", "--jobs", "1",
                        "--output-type", "pdf", "--force-ocr", str(pdf), str(layered)], check=True)
        tables = camelot.read_pdf(str(layered), pages="all", flavor="lattice")
        return [_cells(t.df) for t in tables]


def main() -> None:
    out: dict[str, dict[str, object]] = {}
    for arg in sys.argv[2:]:
        pdf = Path(arg)
        out[pdf.name] = {}
        for name, run in (("img2table", run_img2table), ("camelot+ocrmypdf", run_camelot_ocrmypdf)):
            t0 = time.process_time()
            kids0 = os.times().children_user + os.times().children_system
            try:
                tables = run(pdf)
            except Exception as exc:  # a peer failing on a page is a result, not a crash of the benchmark
                print(f"{name} failed on {pdf.name}: {exc}", file=sys.stderr)
                tables = []
            kids = os.times().children_user + os.times().children_system - kids0
            out[pdf.name][name] = {"tables": tables, "seconds": time.process_time() - t0 + kids}
    Path(sys.argv[1]).write_text(json.dumps(out, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
