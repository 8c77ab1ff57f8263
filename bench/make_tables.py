"""Generates the appendix-table benchmark: ruled task tables with known cells in several layouts (column orders,
header synonyms, group rows, multi-line cells, a header repeated on every page), as digital PDFs, as scans with
moderate and heavy damage (200 and 300 dpi), and printed without ruling lines then scanned, plus the truth JSON.

Cell text comes from the appendix of seed 003 (a real plan, as tests/data/seed_003/expected.json holds it).
Run: python bench/make_tables.py [--out build/tables] [--docs 6]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from samples.make_samples import _register_fonts, scan_pdf  # noqa: E402

HEADERS = {
    "number": ["TT", "STT"],
    "description": ["Nhiệm vụ", "Nội dung công việc", "Nhiệm vụ cụ thể"],
    "lead": ["Chủ trì", "Đơn vị chủ trì", "Cơ quan phụ trách"],
    "coordinators": ["Phối hợp", "Đơn vị phối hợp", "Cơ quan phối hợp"],
    "deadline": ["Thời gian thực hiện", "Tiến độ", "Thời gian hoàn thành"],
    "target": ["Mục tiêu, yêu cầu", "Chỉ tiêu"],
}
ORDERS = [
    ["number", "description", "lead", "coordinators", "deadline", "target"],
    ["number", "description", "target", "lead", "coordinators", "deadline"],
    ["number", "description", "deadline", "lead", "coordinators", "target"],
]
WIDTHS_MM = {"number": 12, "description": 80, "lead": 35, "coordinators": 40, "deadline": 32, "target": 66}
ROMANS = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII"]
# Scan damage: (dpi, rotation in degrees, blur radius, noise sigma, JPEG quality)
DAMAGE = {"moderate": (200, 0.6, 0.7, 12.0, 60), "heavy": (200, 1.5, 1.1, 20.0, 35),
          "heavy-300dpi": (300, 1.5, 1.6, 20.0, 35)}
UNRULED = (200, 0.6, 0.7, 12.0, 60)  # the same tables printed without ruling lines, scanned with moderate damage


def source_rows() -> list[dict[str, str]]:
    """Seed 003's appendix tasks: group title, number and the cells of each role."""
    data = json.loads((ROOT / "tests/data/seed_003/expected.json").read_text(encoding="utf-8"))
    rows = []
    for t in data["tasks"]:
        if t["origin"] != "appendix" or not t["group"]:
            continue
        rows.append({"group": t["group"][-1], **{r: t[r] or "" for r in HEADERS if r != "number"}})
    return rows


def make_doc(index: int, rows: list[dict[str, str]], out: Path, ruled: bool = True) -> dict[str, object]:
    """One table document (digital PDF) and its truth; unruled: no ruling lines at all."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    _register_fonts()
    rng = random.Random(index)
    order = ORDERS[index % len(ORDERS)]
    names = [rng.choice(HEADERS[r]) for r in order]
    cell = ParagraphStyle("cell", fontName="VN", fontSize=11, leading=14)
    cell_b = ParagraphStyle("cellb", fontName="VN-Bold", fontSize=11, leading=14)
    center = ParagraphStyle("c", fontName="VN-Bold", fontSize=12, leading=16, alignment=1)
    start = rng.randrange(0, max(1, len(rows) - 18))
    chosen = rows[start : start + 18]
    data = [[Paragraph(n, cell_b) for n in names], [Paragraph(f"({i})", cell) for i in range(1, len(order) + 1)]]
    spans: list[tuple[str, tuple[int, int], tuple[int, int]]] = []
    truth: list[dict[str, object]] = []
    multi: dict[str, bool] = {}  # "<group>.<number>|<role>" -> the printed cell wraps onto several lines
    group, groups, number, roman, title = "", 0, 0, "", ""
    for row in chosen:
        if row["group"] != group:
            group, groups, number = row["group"], groups + 1, 0
            roman, title = ROMANS[groups - 1], group.split(". ", 1)[-1]
            data.append([Paragraph(roman, cell_b), Paragraph(title, cell_b)] + [""] * (len(order) - 2))
            spans.append(("SPAN", (1, len(data) - 1), (len(order) - 1, len(data) - 1)))
        number += 1
        cells = {"number": str(number), **{r: row[r] for r in order if r != "number"}}
        data.append([Paragraph(cells[r], cell) for r in order])
        truth.append({"group": f"{roman}. {title}", "number": str(number), "cells": cells})
        for r, text in cells.items():
            multi[f"{roman}.{number}|{r}"] = _lines_needed(text, WIDTHS_MM[r]) > 1
    widths = [WIDTHS_MM[r] * mm for r in order]
    table = Table(data, colWidths=widths, repeatRows=2)
    lines = [("GRID", (0, 0), (-1, -1), 0.8, colors.black)] if ruled else []
    table.setStyle(TableStyle([*lines, ("VALIGN", (0, 0), (-1, -1), "TOP"), *spans]))
    pdf = out / f"table_{index:02d}_{'digital' if ruled else 'unruled_print'}.pdf"
    doc = SimpleDocTemplate(str(pdf), pagesize=landscape(A4), leftMargin=12 * mm, rightMargin=12 * mm,
                            topMargin=12 * mm, bottomMargin=12 * mm, invariant=1)
    doc.build([Paragraph("PHỤ LỤC", center), Paragraph("NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH", center),
               Spacer(1, 4 * mm), table])
    return {"file": pdf.name, "columns": order, "headers": names, "rows": truth, "multiline": multi}


def _lines_needed(text: str, width_mm: float) -> int:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    usable = width_mm * 72 / 25.4 - 12  # cell padding
    return max(1, -(-int(stringWidth(text, "VN", 11)) // max(1, int(usable))))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "tables")
    parser.add_argument("--docs", type=int, default=6)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    rows = source_rows()
    truths = []
    for i in range(args.docs):
        truth = make_doc(i, rows, args.out)
        digital = args.out / str(truth["file"])
        for name, (dpi, angle, blur, noise, quality) in DAMAGE.items():
            scan_pdf(digital, args.out / f"table_{i:02d}_{name}.pdf", dpi=dpi, angle=angle, seed=i,
                     blur=blur, noise=noise, quality=quality)
        printed = args.out / str(make_doc(i, rows, args.out, ruled=False)["file"])
        dpi, angle, blur, noise, quality = UNRULED
        scan_pdf(printed, args.out / f"table_{i:02d}_unruled.pdf", dpi=dpi, angle=angle, seed=i,
                 blur=blur, noise=noise, quality=quality)
        truths.append(truth)
    (args.out / "truth.json").write_text(json.dumps(truths, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"wrote {len(truths)} tables x (digital, {', '.join(DAMAGE)}, unruled) to {args.out}")


if __name__ == "__main__":
    main()
