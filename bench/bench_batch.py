"""Batch benchmark: a folder of generated plans (scanned copies of the sample plan with different damage, its
digital PDF, the generated appendix tables, the seeds' OCR text) converted with 1 and 2 local workers and on a
2-worker Dask LocalCluster: documents/s, pages/s, the speed-up, and the peak memory of each worker process.

Run: python bench/bench_batch.py [--scanned 12] [--folders scanned mixed]
(makes build/batch once; outputs go to a temporary folder)
"""

from __future__ import annotations

import argparse
import contextlib
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cchc_extract.batch import extract_many, plan_jobs  # noqa: E402
from samples.make_samples import scan_pdf  # noqa: E402

BATCH = ROOT / "build" / "batch"


def make_folder(scanned: int) -> None:
    """build/batch/scanned: `scanned` scans of the sample plan (damage varied by seed); build/batch/mixed: the
    scans, the digital plan, the generated tables (digital and scanned) and the seeds' text."""
    if (BATCH / "scanned").is_dir() and len(list((BATCH / "scanned").glob("*.pdf"))) == scanned:
        return
    shutil.rmtree(BATCH, ignore_errors=True)
    (BATCH / "scanned").mkdir(parents=True)
    digital = ROOT / "samples/pdf/plan_a_digital.pdf"
    for i in range(scanned):
        scan_pdf(digital, BATCH / "scanned" / f"plan_{i:02d}.pdf", angle=0.3 + 0.1 * (i % 8), seed=100 + i,
                 blur=0.5 + 0.05 * (i % 5), noise=8.0 + i % 6, quality=50 + 3 * (i % 6))
    mixed = BATCH / "mixed"
    shutil.copytree(BATCH / "scanned", mixed / "scanned")
    (mixed / "digital").mkdir()
    shutil.copy(digital, mixed / "digital")
    tables = ROOT / "build" / "tables"
    for pdf in sorted(tables.glob("table_0[0-2]_*.pdf")):
        if "unruled_print" not in pdf.name:
            shutil.copy(pdf, mixed / "digital" if "_digital" in pdf.name else mixed / "scanned")
    (mixed / "text").mkdir()
    for txt in sorted((ROOT / "samples/seeds").glob("*.txt")):
        shutil.copy(txt, mixed / "text")


class PeakMemory:
    """Peak resident memory of every child process (the workers), sampled every 0.2 s."""

    def __init__(self) -> None:
        import psutil

        self.me = psutil.Process()
        self.peaks: dict[int, int] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        import psutil

        while not self._stop.is_set():
            for child in self.me.children(recursive=True):
                with contextlib.suppress(psutil.Error):
                    self.peaks[child.pid] = max(self.peaks.get(child.pid, 0), child.memory_info().rss)
            time.sleep(0.2)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def workers_mb(self) -> list[int]:
        """Peaks of the processes that did real work (over 100 MB: the model is loaded), largest first."""
        return sorted((rss // 2**20 for rss in self.peaks.values() if rss > 100 * 2**20), reverse=True)


def run(folder: Path, workers: int | None, dask: bool) -> tuple[float, int, int, int, list[int]]:
    """(seconds, documents, pages, failures, worker peaks MB) for one conversion of folder."""
    with tempfile.TemporaryDirectory() as out, PeakMemory() as memory:
        jobs = plan_jobs(folder, Path(out))
        cluster = None
        if dask:
            from distributed import LocalCluster

            cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
        t0 = time.perf_counter()
        try:
            reports = list(extract_many(jobs, workers=workers,
                                        dask_address=cluster.scheduler_address if cluster else None))
        finally:
            seconds = time.perf_counter() - t0
            if cluster is not None:
                cluster.close()
    pages = sum(r.pages for r in reports)
    return seconds, len(reports), pages, sum(r.status == "failed" for r in reports), memory.workers_mb()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scanned", type=int, default=12)
    parser.add_argument("--folders", nargs="*", default=["scanned", "mixed"], choices=["scanned", "mixed"])
    args = parser.parse_args()
    if not (ROOT / "build/tables/truth.json").is_file():
        import subprocess

        subprocess.run([sys.executable, str(ROOT / "bench/make_tables.py")], check=True)
    make_folder(args.scanned)
    print(f"{'folder':<9}{'run':<22}{'docs':>5}{'pages':>6}{'seconds':>9}{'docs/s':>8}{'pages/s':>8}"
          f"{'speed-up':>9}  worker peak MB")
    for name in args.folders:
        folder = BATCH / name
        base = None
        for label, workers, dask in (("1 worker", 1, False), ("2 workers", 2, False),
                                     ("dask LocalCluster x2", None, True)):
            seconds, docs, pages, failed, peaks = run(folder, workers, dask)
            base = base or seconds
            note = f"  {failed} failed" if failed else ""
            print(f"{name:<9}{label:<22}{docs:>5}{pages:>6}{seconds:>9.1f}{docs / seconds:>8.2f}{pages / seconds:>8.2f}"
                  f"{base / seconds:>8.2f}x  {', '.join(map(str, peaks[:4]))}{note}")


if __name__ == "__main__":
    main()
