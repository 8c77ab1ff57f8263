"""CLI behaviour: one-line errors with distinct exit codes, stdout carries only data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cchc_extract import __version__
from cchc_extract.cli import app, normalize_argv
from cchc_extract.errors import ExitCode

runner = CliRunner()


def run(*args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, normalize_argv(list(args)))


def _one_line_error(result) -> None:  # type: ignore[no-untyped-def]
    lines = [ln for ln in result.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("cchc-extract: error:"), result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


def test_version() -> None:
    result = run("--version")
    assert result.exit_code == 0 and __version__ in result.stdout


def test_default_command_is_extract(root: Path, tmp_path: Path) -> None:
    out = tmp_path / "plan.json"
    result = run(str(root / "samples/seeds/003_043687965e14b2cf.txt"), "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    plan = json.loads(out.read_text(encoding="utf-8"))
    assert plan["schema_version"] and plan["tasks"]
    assert not list(tmp_path.glob(".*.tmp")), "the temp file of the atomic write is gone"


def test_stdout_is_json(root: Path) -> None:
    result = run(str(root / "samples/seeds/001_2531cf303f2f62ab.txt"))
    assert result.exit_code == 0
    assert json.loads(result.stdout)["document"]["number"] == "2374/KH-VP"


@pytest.mark.parametrize(
    ("content", "name", "code"),
    [
        (None, "missing.pdf", ExitCode.input_not_found),
        (b"", "empty.pdf", ExitCode.empty_input),
        (b"\x00\x01\x02\xff\xfe binary", "blob.bin", ExitCode.unsupported_input),
        (b"%PDF-1.7\n garbage that is not a pdf", "broken.pdf", ExitCode.unreadable_pdf),
        (b"PK\x03\x04 a docx renamed", "word.pdf", ExitCode.unsupported_input),
    ],
)
def test_bad_input(tmp_path: Path, content: bytes | None, name: str, code: ExitCode) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    result = run(str(path))
    assert result.exit_code == code
    _one_line_error(result)


def test_encrypted_pdf(tmp_path: Path, root: Path) -> None:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PdfReader(root / "samples/pdf/plan_a_digital.pdf").pages:
        writer.add_page(page)
    writer.encrypt(user_password="secret", owner_password="owner")
    path = tmp_path / "locked.pdf"
    with path.open("wb") as f:
        writer.write(f)
    result = run(str(path))
    assert result.exit_code == ExitCode.encrypted_pdf
    _one_line_error(result)


def test_missing_tesseract(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import pytesseract
    from PIL import Image

    img = tmp_path / "page.png"
    Image.new("L", (200, 100), 255).save(img)
    monkeypatch.setattr(pytesseract.pytesseract, "tesseract_cmd", "/nonexistent/tesseract")
    result = run(str(img))
    assert result.exit_code == ExitCode.missing_dependency
    _one_line_error(result)
    assert "apt-get install tesseract-ocr tesseract-ocr-vie" in result.stderr


def test_bad_ocr_option(root: Path) -> None:
    result = run(str(root / "samples/seeds/003_043687965e14b2cf.txt"), "--ocr", "sometimes")
    assert result.exit_code == ExitCode.usage


def test_unwritable_output(root: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = run(str(root / "samples/seeds/003_043687965e14b2cf.txt"), "-o", str(blocker / "out.json"))
    assert result.exit_code == ExitCode.output_error
    _one_line_error(result)


def test_restore_keeps_line_count() -> None:
    text = "Chi s6 hai 10ng clia ngwdi dan\n\nUBND tinh Quang Nam\nĐã đúng rồi\n"
    result = runner.invoke(app, ["restore"], input=text)
    assert result.exit_code == 0
    assert result.stdout.count("\n") == text.count("\n")
    out = result.stdout.split("\n")
    assert out[0] == "Chỉ số hài lòng của người dân"
    assert out[2].startswith("UBND tỉnh")
    assert out[3] == "Đã đúng rồi"


def test_normalize_argv() -> None:
    assert normalize_argv(["plan.pdf"]) == ["extract", "plan.pdf"]
    assert normalize_argv(["restore"]) == ["restore"]
    assert normalize_argv(["./restore"]) == ["extract", "./restore"]
    assert normalize_argv(["--version"]) == ["--version"]
