"""A cell merged down over several rows of a ruled table (one unit leading a run of tasks) belongs to each row."""

from __future__ import annotations

from pathlib import Path

import pytest

from cchc_extract.ingest import Cell, fill_row_spans
from cchc_extract.pipeline import extract

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"


def _table_pdf(path: Path) -> None:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    pdfmetrics.registerFont(TTFont("VN", FONT))
    style = ParagraphStyle("cell", fontName="VN", fontSize=10, leading=12)
    data = [
        ["TT", "Nội dung nhiệm vụ", "Đơn vị chủ trì", "Thời gian hoàn thành"],
        ["1", "Rà soát thủ tục hành chính", "Văn phòng", "Quý I/2026"],
        ["2", "Công khai thủ tục hành chính", "", "Quý II/2026"],
        ["3", "Số hóa hồ sơ thủ tục hành chính", "", "Quý III/2026"],
        ["4", "Tập huấn công chức một cửa", "Phòng Nội vụ", "Trong năm 2026"],
    ]
    cells = [[Paragraph(c, style) for c in row] for row in data]
    table = Table(cells, colWidths=[40, 200, 110, 110])
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.8, colors.black), ("SPAN", (2, 1), (2, 3)),
                               ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
    SimpleDocTemplate(str(path), pagesize=A4).build([table])


def test_each_row_under_a_merged_unit_cell_gets_the_unit(tmp_path: Path) -> None:
    path = tmp_path / "plan.pdf"
    _table_pdf(path)
    plan = extract(path, ocr="never")
    assert [(t.number, t.lead) for t in plan.tasks] == [
        ("1", "Văn phòng"), ("2", "Văn phòng"), ("3", "Văn phòng"), ("4", "Phòng Nội vụ")]
    assert plan.tasks[1].provenance.cells[2].top == plan.tasks[0].provenance.cells[2].top  # the one merged cell


def test_a_title_merged_across_or_a_number_merged_down_is_left_alone() -> None:
    heading = [Cell("I", (0, 10, 10, 20)), Cell("Cải cách thể chế", (10, 10, 90, 20)), None, None]
    item = [Cell("1", (0, 20, 10, 40)), Cell("Rà soát", (10, 20, 50, 30)), Cell("Văn phòng", (50, 20, 70, 30)), None]
    part = [None, Cell("Công bố", (10, 30, 50, 40)), Cell("Sở Tư pháp", (50, 30, 70, 40)), None]
    rows = [heading, item, part]
    fill_row_spans(rows, [10.0, 20.0, 30.0])
    assert rows[0][2] is None and rows[1][3] is None  # across: a heading's title covers no row under it
    assert rows[2][0] is None  # the number merged down: the row is part of item 1, filled by nothing


@pytest.mark.integration
def test_a_scanned_tables_merged_cell_belongs_to_each_row_it_covers(tmp_path: Path) -> None:
    """The same table printed and scanned: the rule under the merged cell is missing in its column only, so the
    cell is read once, whole, and given to every row it covers (real Tesseract)."""
    import pypdfium2 as pdfium
    from PIL import Image

    digital = tmp_path / "plan.pdf"
    _table_pdf(digital)
    page = pdfium.PdfDocument(str(digital))[0].render(scale=300 / 72).to_pil().convert("L")
    scanned = tmp_path / "scan.pdf"
    Image.Image.save(page, scanned, "PDF", resolution=300)
    plan = extract(scanned, ocr="always")
    assert [t.number for t in plan.tasks] == ["1", "2", "3", "4"]
    assert [t.lead for t in plan.tasks][:3] == ["Văn phòng"] * 3
    assert plan.tasks[3].lead == "Phòng Nội vụ"
