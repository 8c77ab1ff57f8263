"""A page whose OCR fails (Tesseract killed or timed out) is reported, and the other pages still give their
tasks: the result says it is partial, the batch counts it so."""

from __future__ import annotations

from pathlib import Path

import pytesseract
import pytest

from cchc_extract import ingest
from cchc_extract.batch import convert_file
from cchc_extract.errors import OcrError
from cchc_extract.pipeline import extract


@pytest.mark.integration
def test_a_failed_page_leaves_the_others(root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = pytesseract.image_to_data

    def killed_on_page_two(*args: object, **kwargs: object) -> object:
        if ingest_page["n"] == 2:
            raise pytesseract.TesseractError(-9, "Tesseract was killed")
        return real(*args, **kwargs)

    ingest_page = {"n": 0}
    real_page = ingest.ocr_image_to_page

    def numbered(image: object, number: int, dpi: int, reason: str) -> ingest.Page:
        ingest_page["n"] = number
        return real_page(image, number, dpi, reason)  # type: ignore[arg-type]

    monkeypatch.setattr(pytesseract, "image_to_data", killed_on_page_two)
    monkeypatch.setattr(ingest, "ocr_image_to_page", numbered)
    scanned = root / "samples/pdf/plan_a_scanned.pdf"
    plan = extract(scanned)
    failed = [w for w in plan.warnings if w.code == "page-failed"]
    assert [w.page for w in failed] == [2] and "killed" in failed[0].message
    assert plan.tasks and {t.page for t in plan.tasks} <= {1, 3}
    assert plan.source.page_sources[1].reason and plan.source.page_sources[1].reason.startswith("page unreadable")
    report = convert_file(str(scanned), str(tmp_path / "a.json"))
    assert report.status == "partial" and report.warnings.count("page-failed") == 1


def test_when_no_page_can_be_read_the_document_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    def always_fails(number: int, *args: object) -> ingest.Page:
        raise OcrError(f"Tesseract timed out on page {number}")

    pages = [ingest._read_or_fail(n, lambda n=n: always_fails(n)) for n in (1, 2)]  # type: ignore[misc]
    assert all(p.failed for p in pages)
    with pytest.raises(OcrError, match="no page could be read"):
        ingest._unless_all_failed(pages)
