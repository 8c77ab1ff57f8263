"""The cchc-extract command: only this module maps library errors to exit codes; data on stdout, logs on stderr."""

from __future__ import annotations

import json
import logging
import signal
import sys
import time
from pathlib import Path
from typing import Annotated

import typer

from cchc_extract import __version__
from cchc_extract.errors import CchcError, DocumentTimeoutError, ExitCode

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    help="Structured JSON from Vietnamese administrative-reform plans (PDF, scan, image, OCR text).",
)
log = logging.getLogger("cchc_extract")
COMMANDS = {"extract", "batch", "restore", "schema"}
FORMATS = ("json", "jsonl", "csv", "xlsx")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"cchc-extract {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """cchc-extract FILE: a PlanDocument as JSON on stdout."""


def _fail(exc: CchcError) -> typer.Exit:
    typer.echo(f"cchc-extract: error: {exc.message}", err=True)
    return typer.Exit(int(exc.exit_code))


@app.command()
def extract(
    file: Annotated[Path, typer.Argument(help="PDF, image (PNG/JPEG/TIFF) or UTF-8 OCR text")],
    output: Annotated[Path | None, typer.Option("-o", "--output", help="write JSON here (atomically)")] = None,
    ocr: Annotated[str, typer.Option(help="auto: per page; always; never")] = "auto",
    max_pages: Annotated[int, typer.Option(help="refuse documents with more pages")] = 500,
    max_megapixels: Annotated[float, typer.Option(help="largest page image (a PDF page is read smaller)")] = 60.0,
    timeout: Annotated[float, typer.Option(help="seconds the document may take (0: no limit)")] = 600.0,
    verbose: Annotated[bool, typer.Option("-v", "--verbose", help="log progress on stderr")] = False,
) -> None:
    """Extract metadata, sections and every task of one plan."""
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING, stream=sys.stderr, format="%(levelname)s %(message)s"
    )
    if ocr not in ("auto", "always", "never"):
        typer.echo("cchc-extract: error: --ocr takes auto, always or never", err=True)
        raise typer.Exit(int(ExitCode.usage))
    from cchc_extract.ingest import Limits
    from cchc_extract.pipeline import extract as run
    from cchc_extract.writers import plan_to_json, write_atomic

    def _too_long(signum: int, frame: object) -> None:
        raise DocumentTimeoutError(f"{file} took longer than {timeout:g} s; raise --timeout or split the file")

    signal.signal(signal.SIGALRM, _too_long)
    signal.setitimer(signal.ITIMER_REAL, max(0.0, timeout))
    try:
        plan = run(file, ocr=ocr, limits=Limits(max_pages, max_megapixels))  # type: ignore[arg-type]
        signal.setitimer(signal.ITIMER_REAL, 0)
        text = plan_to_json(plan)
        if output is None:
            sys.stdout.write(text)
        else:
            write_atomic(output, text)
            log.info("wrote %s: %d tasks", output, len(plan.tasks))
    except CchcError as exc:
        raise _fail(exc) from None
    except KeyboardInterrupt:
        raise typer.Exit(int(ExitCode.interrupted)) from None


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


@app.command()
def batch(
    folder: Annotated[Path, typer.Argument(help="folder of plans (PDF, images, OCR text), read recursively")],
    output: Annotated[Path, typer.Option("-o", "--output", help="output folder (mirrors the input tree)")],
    workers: Annotated[int | None, typer.Option(help="worker processes; default: the machine's cores")] = None,
    fmt: Annotated[list[str] | None, typer.Option("--format", help="also jsonl, csv, xlsx: all tasks")] = None,
    timeout: Annotated[float, typer.Option(help="seconds one document may take")] = 600.0,
    force: Annotated[bool, typer.Option("--force", help="redo documents whose output is up to date")] = False,
    ocr: Annotated[str, typer.Option(help="auto: per page; always; never")] = "auto",
    dask: Annotated[str | None, typer.Option("--dask", help="run on this Dask scheduler (tcp://host:8786)")] = None,
    max_pages: Annotated[int, typer.Option(help="refuse documents with more pages")] = 500,
    max_megapixels: Annotated[float, typer.Option(help="largest page image (a PDF page is read smaller)")] = 60.0,
    quiet: Annotated[bool, typer.Option("-q", "--quiet", help="no progress bar or report table")] = False,
    log_json: Annotated[bool, typer.Option("--log-json", help="one JSON line per file on stderr")] = False,
) -> None:
    """Convert a folder: one JSON per plan, a summary, and tables of all tasks; exit 11 if any file failed."""
    from cchc_extract.batch import extract_many, plan_jobs
    from cchc_extract.ingest import Limits
    from cchc_extract.report import BatchView, finish_batch

    formats = [f for f in (fmt or []) if f != "json"]
    if any(f not in FORMATS for f in formats) or ocr not in ("auto", "always", "never"):
        typer.echo(f"cchc-extract: error: --format takes {', '.join(FORMATS)}; --ocr auto, always or never", err=True)
        raise typer.Exit(int(ExitCode.usage))
    if not folder.exists():
        typer.echo(f"cchc-extract: error: {folder}: no such folder; check the path", err=True)
        raise typer.Exit(int(ExitCode.input_not_found))
    jobs = plan_jobs(folder, output)
    if not jobs:
        typer.echo(f"cchc-extract: error: {folder} holds no PDF, image or .txt file", err=True)
        raise typer.Exit(int(ExitCode.empty_input))
    signal.signal(signal.SIGTERM, _interrupt)  # a terminated batch reports what it did not do, like Ctrl-C
    view = BatchView(len(jobs), quiet=quiet or not sys.stderr.isatty(), log_json=log_json)
    reports = []
    interrupted = False
    t0 = time.perf_counter()
    try:
        with view:
            for report in extract_many(jobs, workers=workers, timeout=timeout, force=force, ocr=ocr,  # type: ignore[arg-type]
                                       dask_address=dask, limits=Limits(max_pages, max_megapixels)):
                reports.append(report)
                view.update(report)
    except KeyboardInterrupt:
        interrupted = True
    except CchcError as exc:
        raise _fail(exc) from None
    try:
        code = finish_batch(folder, output, jobs, reports, formats, time.perf_counter() - t0, interrupted,
                            workers=workers, dask=dask, show=not quiet)
    except CchcError as exc:
        raise _fail(exc) from None
    raise typer.Exit(int(code))


@app.command()
def restore(
    file: Annotated[Path | None, typer.Argument(help="text file; standard input when absent")] = None,
    jsonl: Annotated[bool, typer.Option("--jsonl", help="one JSON object per line, with word confidences")] = False,
) -> None:
    """Restore Vietnamese diacritics (same number of lines out as in; wrapped lines decode as paragraphs)."""
    from cchc_extract.restore import default_restorer

    try:
        if file is None:
            text = sys.stdin.read()
        elif not file.is_file():
            raise _fail(CchcError(f"{file}: no such file; check the path"))
        else:
            try:
                text = file.read_text(encoding="utf-8")
            except UnicodeDecodeError:
                typer.echo(f"cchc-extract: error: {file} is not UTF-8 text; convert it first", err=True)
                raise typer.Exit(int(ExitCode.unsupported_input)) from None
        r = default_restorer()
        lines = text.split("\n")
        trailing = lines[-1] == ""
        restored = r.restore_lines(lines[:-1] if trailing else lines)
        if jsonl:
            out = [
                json.dumps(
                    {"text": x.text, "words": [{"raw": w.raw, "text": w.text, "confidence": w.confidence}
                                               for w in x.words]},
                    ensure_ascii=False,
                )
                for x in restored
            ]
        else:
            out = [x.text for x in restored]
        sys.stdout.write("\n".join(out) + ("\n" if trailing or jsonl else ""))
    except KeyboardInterrupt:
        raise typer.Exit(int(ExitCode.interrupted)) from None


@app.command()
def schema() -> None:
    """Print the JSON Schema of the output."""
    from cchc_extract.models import plan_json_schema
    from cchc_extract.writers import schema_to_json

    sys.stdout.write(schema_to_json(plan_json_schema()))


def normalize_argv(argv: list[str]) -> list[str]:
    """`cchc-extract FILE ...` means `cchc-extract extract FILE ...` and `cchc-extract FOLDER ...` means
    `cchc-extract batch FOLDER ...`; commands and root options stay."""
    if not argv or argv[0] in COMMANDS or argv[0] in ("--version", "--help", "-h"):
        return argv
    return ["batch" if Path(argv[0]).is_dir() else "extract", *argv]


def main() -> None:
    try:
        app(args=normalize_argv(sys.argv[1:]), prog_name="cchc-extract")
    except CchcError as exc:  # pragma: no cover - commands map their own errors
        typer.echo(f"cchc-extract: error: {exc.message}", err=True)
        sys.exit(int(exc.exit_code))
