"""One exception hierarchy: each class carries the exit code and a message that says what to do.

Modelled on OCRmyPDF's exceptions.py: the library raises these, only the CLI turns them into exit codes.
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """Documented process exit codes (README, 'Exit codes')."""

    ok = 0
    usage = 2
    missing_dependency = 3
    input_not_found = 4
    unsupported_input = 5
    empty_input = 6
    unreadable_pdf = 7
    encrypted_pdf = 8
    ocr_failed = 9
    output_error = 10
    batch_failures = 11
    timeout = 12
    too_large = 13
    internal_error = 15
    interrupted = 130


class CchcError(Exception):
    """Base class: a user-facing one-line message and an exit code."""

    exit_code: ExitCode = ExitCode.internal_error

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class MissingDependencyError(CchcError):
    exit_code = ExitCode.missing_dependency


class InputNotFoundError(CchcError):
    exit_code = ExitCode.input_not_found


class UnsupportedInputError(CchcError):
    exit_code = ExitCode.unsupported_input


class EmptyInputError(CchcError):
    exit_code = ExitCode.empty_input


class UnreadablePdfError(CchcError):
    exit_code = ExitCode.unreadable_pdf


class EncryptedPdfError(CchcError):
    exit_code = ExitCode.encrypted_pdf


class OcrError(CchcError):
    exit_code = ExitCode.ocr_failed


class OutputError(CchcError):
    exit_code = ExitCode.output_error


class TooLargeError(CchcError):
    exit_code = ExitCode.too_large


class DocumentTimeoutError(CchcError):
    exit_code = ExitCode.timeout
