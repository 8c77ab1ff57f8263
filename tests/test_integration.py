"""Real Tesseract on the project's own scanned sample PDF and on a page image."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cchc_extract.pipeline import extract

pytestmark = pytest.mark.integration


def test_scanned_pdf(root: Path) -> None:
    plan = extract(root / "samples/pdf/plan_a_scanned.pdf")
    data = json.loads((root / "samples/plans/plan_a.json").read_text(encoding="utf-8"))
    assert all(p.text_source == "ocr" and p.ocr and p.ocr.dpi == 200 for p in plan.source.page_sources)
    assert plan.document.number == data["number"]
    assert plan.document.date == "2024-03-15"
    assert plan.document.signer_title == "Phó Giám đốc"
    tasks = [row for row in data["rows"] if len(row) > 2]
    found = {t.description for t in plan.tasks}
    matched = sum(1 for row in tasks if row[1] in found)
    assert matched >= len(tasks) - 2, f"{matched}/{len(tasks)} task descriptions exact"
    assert sum(1 for t in plan.tasks if t.lead and t.deadline) >= len(tasks) - 1


def test_page_image(root: Path, tmp_path: Path) -> None:
    import pypdfium2 as pdfium

    page = pdfium.PdfDocument(str(root / "samples/pdf/plan_a_digital.pdf"))[0]
    img = tmp_path / "page1.png"
    page.render(scale=200 / 72).to_pil().save(img, dpi=(200, 200))
    plan = extract(img)
    assert plan.source.media_type == "image/png"
    assert plan.document.number == "215/KH-SNV"
    assert [s.number for s in plan.sections][:3] == ["I", "II", "III"]
