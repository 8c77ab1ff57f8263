"""Folders of plans: discovery, one worker process per document with a time limit, resumable outputs, a report.

The pool is pebble's (a stuck or runaway document is killed and its worker replaced, which the standard
ProcessPoolExecutor cannot do); with a Dask address the same per-document function runs on a
`dask.distributed` cluster instead. Each finished document's JSON is written atomically by its worker, so an
interrupted batch keeps everything it finished and a re-run skips it (same input checksum).
"""

from __future__ import annotations

import json
import os
import signal
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, TimeoutError, as_completed
from dataclasses import dataclass
from pathlib import Path

from cchc_extract.errors import CchcError, ExitCode
from cchc_extract.ingest import DEFAULT_LIMITS, Limits, OcrMode, sha256_of
from cchc_extract.models import FileReport

SUFFIXES = frozenset({".pdf", ".png", ".jpg", ".jpeg", ".tif", ".tiff", ".txt"})
PARTIAL_WARNINGS = frozenset({"page-failed"})  # a result that lacks some pages


@dataclass(frozen=True)
class Job:
    source: Path
    output: Path


def discover(root: Path) -> list[Path]:
    """Every plan file under root (PDF, image, OCR text), recursively, in a stable order; hidden files aside."""
    if root.is_file():
        return [root]
    return sorted(
        p for p in root.rglob("*")
        if p.is_file() and p.suffix.lower() in SUFFIXES and not any(part.startswith(".") for part in p.parts)
    )


def output_for(source: Path, root: Path, out_dir: Path) -> Path:
    """The JSON of a plan, mirroring the input tree: plans/2024/a.pdf -> out/2024/a.pdf.json."""
    relative = source.relative_to(root) if root.is_dir() else Path(source.name)
    return out_dir / relative.parent / f"{relative.name}.json"


def up_to_date(job: Job) -> bool:
    """The output exists and was made from this very input (its recorded checksum matches)."""
    try:
        recorded = json.loads(job.output.read_text(encoding="utf-8"))["source"]["sha256"]
    except (OSError, ValueError, KeyError, TypeError):
        return False
    return bool(recorded == sha256_of(job.source))


def convert_file(source: str, output: str, ocr: OcrMode = "auto", limits: Limits = DEFAULT_LIMITS) -> FileReport:
    """Extract one plan and write its JSON atomically: the function each worker runs. Never raises for a bad
    document: its failure is the report."""
    from cchc_extract.pipeline import extract
    from cchc_extract.writers import plan_to_json, write_atomic

    t0 = time.perf_counter()
    try:
        plan = extract(source, ocr=ocr, limits=limits)
        write_atomic(Path(output), plan_to_json(plan))
    except CchcError as exc:
        return FileReport(path=source, status="failed", seconds=time.perf_counter() - t0, error=exc.message,
                          exit_code=int(exc.exit_code))
    except Exception as exc:  # a bug must not stop the batch: it is reported with the file that showed it
        return FileReport(path=source, status="failed", seconds=time.perf_counter() - t0,
                          error=f"internal error: {type(exc).__name__}: {exc}", exit_code=int(ExitCode.internal_error))
    partial = any(w.code in PARTIAL_WARNINGS for w in plan.warnings)
    return FileReport(path=source, output=output, status="partial" if partial else "ok", pages=plan.source.pages,
                      tasks=len(plan.tasks), seconds=time.perf_counter() - t0,
                      warnings=[w.code for w in plan.warnings])


def plan_jobs(root: Path, out_dir: Path) -> list[Job]:
    return [Job(p, output_for(p, root, out_dir)) for p in discover(root)]


def extract_many(
    jobs: Sequence[Job | Path | str],
    workers: int | None = None,
    timeout: float = 600.0,
    force: bool = False,
    ocr: OcrMode = "auto",
    dask_address: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> Iterator[FileReport]:
    """Convert every job, yielding each file's report as it finishes (skipped ones first). A bare path is
    written next to itself (plan.pdf -> plan.pdf.json). Local worker processes by default (workers: the
    machine's cores); a Dask cluster when dask_address is given."""
    todo = []
    for item in jobs:
        job = item if isinstance(item, Job) else Job(Path(item), Path(f"{item}.json"))
        if not force and up_to_date(job):
            yield FileReport(path=str(job.source), output=str(job.output), status="skipped")
        else:
            todo.append(job)
    if not todo:
        return
    todo.sort(key=lambda j: -j.source.stat().st_size)  # the largest first, so that no long file starts last
    if dask_address:
        yield from _on_dask(todo, dask_address, timeout, ocr, limits)
    else:
        yield from _on_pool(todo, workers or os.cpu_count() or 1, timeout, ocr, limits)


def _on_pool(jobs: list[Job], workers: int, timeout: float, ocr: OcrMode, limits: Limits) -> Iterator[FileReport]:
    from pebble import ProcessPool

    with ProcessPool(max_workers=min(workers, len(jobs)), initializer=_worker_init) as pool:
        futures: dict[Future[FileReport], Job] = {
            pool.schedule(convert_file, args=(str(j.source), str(j.output), ocr, limits), timeout=timeout): j
            for j in jobs
        }
        try:
            for future in as_completed(futures):
                yield _report(future, futures[future], timeout)
        finally:
            for future in futures:
                future.cancel()


def _worker_init() -> None:
    """Workers end on SIGTERM (how the pool stops one at its time limit), whatever the parent does with it."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle: it stops the pool


def _on_dask(
    jobs: list[Job], address: str, timeout: float, ocr: OcrMode, limits: Limits
) -> Iterator[FileReport]:
    try:
        from distributed import Client
        from distributed import as_completed as dask_completed
    except ImportError:
        raise CchcError("--dask needs the dask extra: pip install 'cchc-extract[dask]'") from None
    try:
        client = Client(address, timeout="10s")
    except OSError as exc:
        raise CchcError(f"cannot reach the Dask scheduler at {address} ({exc}); check the address") from None
    with client:
        futures = {client.submit(convert_file, str(j.source), str(j.output), ocr, limits, pure=False): j
                   for j in jobs}
        # Dask cannot stop one task at its time limit: the batch waits at most the limit per document per slot
        slots = max(1, sum(client.nthreads().values()))
        try:
            for future in dask_completed(futures, timeout=timeout * -(-len(jobs) // slots)):
                yield _report(future, futures[future], timeout)
        except TimeoutError:
            for future, job in futures.items():
                if not future.done():
                    future.cancel()
                    yield FileReport(path=str(job.source), status="failed", error=f"no result within {timeout:g} s "
                                     "per document on the cluster", exit_code=int(ExitCode.timeout))


def _report(future: Future[FileReport], job: Job, timeout: float) -> FileReport:
    try:
        return future.result()
    except TimeoutError:
        return FileReport(path=str(job.source), status="failed", seconds=timeout,
                          error=f"stopped after {timeout:g} s; raise --timeout or split the file",
                          exit_code=int(ExitCode.timeout))
    except Exception as exc:  # the worker died (killed, out of memory): the file is reported, the batch goes on
        return FileReport(path=str(job.source), status="failed", error=f"worker died: {type(exc).__name__}: {exc}",
                          exit_code=int(ExitCode.internal_error))
