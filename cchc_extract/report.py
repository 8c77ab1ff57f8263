"""What a batch shows and leaves behind: the progress bar (rich) or JSON log lines on stderr, out/summary.json,
the task tables across plans, the per-file table, and the exit code."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from types import TracebackType

from cchc_extract.batch import Job
from cchc_extract.errors import ExitCode
from cchc_extract.models import BatchSummary, FileReport, PlanDocument


class BatchView:
    """Progress on stderr while files finish: files done, pages/s, ETA, failures so far."""

    def __init__(self, total: int, quiet: bool, log_json: bool) -> None:
        self.total, self.quiet, self.log_json = total, quiet, log_json
        self.pages = self.failed = 0
        self.t0 = time.perf_counter()
        self._progress = None
        self._task = None
        if not quiet:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

            self._progress = Progress(
                TextColumn("[bold]converting"), BarColumn(), MofNCompleteColumn(), TextColumn("files"),
                TextColumn("{task.fields[rate]} pages/s"), TextColumn("{task.fields[failed]} failed"),
                TimeRemainingColumn(), console=Console(stderr=True),
            )
            self._task = self._progress.add_task("batch", total=total, rate="0.0", failed=0)

    def __enter__(self) -> BatchView:
        if self._progress is not None:
            self._progress.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        if self._progress is not None:
            self._progress.stop()

    def update(self, report: FileReport) -> None:
        self.pages += report.pages
        self.failed += report.status == "failed"
        if self.log_json:
            sys.stderr.write(json.dumps(report.model_dump(), ensure_ascii=False) + "\n")
        if self._progress is not None and self._task is not None:
            rate = self.pages / max(1e-6, time.perf_counter() - self.t0)
            self._progress.update(self._task, advance=1, rate=f"{rate:.1f}", failed=self.failed)


def finish_batch(
    root: Path,
    out_dir: Path,
    jobs: list[Job],
    reports: list[FileReport],
    formats: list[str],
    seconds: float,
    interrupted: bool,
    workers: int | None,
    dask: str | None,
    show: bool,
) -> ExitCode:
    """Write summary.json and the requested task tables (from every plan's JSON, skipped ones too), print the
    per-file table, and say how the batch went: 0 all done, 11 some file failed, 130 interrupted."""
    from cchc_extract.writers import write_atomic, write_tasks_csv, write_tasks_jsonl, write_xlsx

    done = {r.path for r in reports}
    missing = [FileReport(path=str(j.source), status="failed", error="not done: the batch was interrupted; run it "
                          "again to finish", exit_code=int(ExitCode.interrupted))
               for j in jobs if str(j.source) not in done]
    files = sorted(reports + missing, key=lambda r: r.path)
    counts = {s: sum(r.status == s for r in files) for s in ("ok", "partial", "failed", "skipped")}
    summary = BatchSummary(root=str(root), output_dir=str(out_dir), workers=workers, dask=dask, seconds=seconds,
                           counts=counts, interrupted=interrupted, files=files)
    write_atomic(out_dir / "summary.json", summary.model_dump_json(indent=2) + "\n")
    if formats:
        plans = _load_plans([r.output for r in files if r.output and r.status != "failed"])
        writers = {"jsonl": (write_tasks_jsonl, "tasks.jsonl"), "csv": (write_tasks_csv, "tasks.csv"),
                   "xlsx": (write_xlsx, "plans.xlsx")}
        for fmt in formats:
            write, name = writers[fmt]
            write(plans, out_dir / name)
    if show:
        _print_table(files, counts, seconds, out_dir)
    if interrupted:
        return ExitCode.interrupted
    return ExitCode.batch_failures if counts["failed"] else ExitCode.ok


def _load_plans(paths: list[str]) -> list[PlanDocument]:
    plans = []
    for path in paths:
        try:
            plans.append(PlanDocument.model_validate_json(Path(path).read_text(encoding="utf-8")))
        except (OSError, ValueError):
            continue  # an output from an older schema or a damaged file: its plan is left out of the tables
    return plans


def _print_table(files: list[FileReport], counts: dict[str, int], seconds: float, out_dir: Path) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"{len(files)} files in {seconds:.1f} s: " + ", ".join(f"{n} {s}" for s, n in counts.items())
                  + f" (summary: {out_dir / 'summary.json'})")
    for col in ("file", "status", "pages", "tasks", "seconds", "error"):
        table.add_column(col, overflow="fold")
    for r in files:
        style = {"failed": "red", "partial": "yellow", "skipped": "dim"}.get(r.status, "")
        table.add_row(r.path, f"[{style}]{r.status}[/]" if style else r.status, str(r.pages or ""),
                      str(r.tasks or ""), f"{r.seconds:.1f}" if r.seconds else "", r.error or "")
    Console(stderr=True).print(table)
