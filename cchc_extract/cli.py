"""The cchc-extract command: only this module maps library errors to exit codes; data on stdout, logs on stderr."""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from typing import Annotated

import typer

from cchc_extract import __version__
from cchc_extract.errors import CchcError, ExitCode

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    help="Structured JSON from Vietnamese administrative-reform plans (PDF, scan, image, OCR text).",
)
log = logging.getLogger("cchc_extract")
COMMANDS = {"extract", "restore", "schema"}


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
    verbose: Annotated[bool, typer.Option("-v", "--verbose", help="log progress on stderr")] = False,
) -> None:
    """Extract metadata, sections and every task of one plan."""
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING, stream=sys.stderr, format="%(levelname)s %(message)s"
    )
    if ocr not in ("auto", "always", "never"):
        typer.echo("cchc-extract: error: --ocr takes auto, always or never", err=True)
        raise typer.Exit(int(ExitCode.usage))
    from cchc_extract.pipeline import extract as run
    from cchc_extract.writers import plan_to_json, write_atomic

    try:
        plan = run(file, ocr=ocr)  # type: ignore[arg-type]
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
    """`cchc-extract FILE ...` means `cchc-extract extract FILE ...`; commands and root options stay."""
    if not argv or argv[0] in COMMANDS or argv[0] in ("--version", "--help", "-h"):
        return argv
    return ["extract", *argv]


def main() -> None:
    try:
        app(args=normalize_argv(sys.argv[1:]), prog_name="cchc-extract")
    except CchcError as exc:  # pragma: no cover - commands map their own errors
        typer.echo(f"cchc-extract: error: {exc.message}", err=True)
        sys.exit(int(exc.exit_code))
