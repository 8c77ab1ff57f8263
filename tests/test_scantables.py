"""Scanned tables: cell cleaning, the one-call mosaic OCR (real Tesseract), and the row rules for what OCR does
to number cells (a heading's Roman numeral misread, an item's number lost)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image, ImageDraw, ImageFont
from rapidfuzz import fuzz

from cchc_extract.scantables import clean_cell, grid_geometry, ocr_cells, rectify_table
from cchc_extract.tables import Row
from cchc_extract.tasks.table import rows_to_tasks
from cchc_extract.vietnamese import fold

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"


def _cell(text: str, size: tuple[int, int] = (420, 60), rule: bool = True) -> np.ndarray:
    img = Image.new("L", size, 255)
    draw = ImageDraw.Draw(img)
    draw.text((14, 14), text, font=ImageFont.truetype(FONT, 26), fill=0)
    if rule:  # a rule the crop caught at its left edge
        draw.line([(1, 0), (1, size[1])], fill=0, width=3)
    return np.asarray(img)


def test_clean_cell_drops_rule_remnants_and_blank_cells() -> None:
    cleaned = clean_cell(_cell("Văn phòng"))
    assert cleaned is not None
    assert (cleaned[:, :8] < 128).sum() == 0  # the rule is gone; the margin is white
    assert clean_cell(np.full((60, 300), 250, np.uint8)) is None


@pytest.mark.integration
def test_mosaic_reads_each_cell_on_its_own() -> None:
    cells = {(0, 0): _cell("Văn phòng"), (0, 1): _cell("Các phòng chuyên môn"), (1, 0): _cell("Trong năm 2024")}
    images = {k: img for k, v in cells.items() if (img := clean_cell(v)) is not None}
    texts = ocr_cells(images, "vie")
    for key, expected in (((0, 0), "Văn phòng"), ((0, 1), "Các phòng chuyên môn"), ((1, 0), "Trong năm 2024")):
        got, conf = texts[key]  # every word back in its own cell (raw OCR: restoration fixes the marks later)
        assert len(got.split()) == len(expected.split()) and fuzz.ratio(fold(got), fold(expected)) >= 80
        assert 0 <= conf <= 100


HEADER = ["TT", "Nội dung", "Chủ trì", "Phối hợp", "Thời gian"]


def _grid(rows: list[list[str | None]], ocr: bool = True) -> list[Row]:
    out = [Row(HEADER, HEADER, 1, ocr=ocr)]
    for cells in rows:
        spanned = cells[2:] == [None] * (len(cells) - 2)
        texts = [c or "" for c in cells]
        out.append(Row(texts, texts, 1, spanned=spanned, ocr=ocr))
    return out


def test_misread_roman_headings_and_lost_item_numbers() -> None:
    rows = _grid([
        ["1", "Cải cách thủ tục hành chính", None, None, None],  # I read as 1
        ["", "Công khai thủ tục", "Văn phòng", "Các phòng", "Thường xuyên"],  # its 1 lost
        ["2", "Rà soát thủ tục", "Văn phòng", "Các phòng", "Quý II"],
        ["H", "Cải cách công vụ", None, None, None],  # II read as H
        ["1", "Đào tạo công chức", "Văn phòng", "Các phòng", "Trong năm"],
        ["11", "Hiện đại hóa hành chính", None, None, None],  # III read as 11
        ["1", "Chuyển đổi số", "Văn phòng", "Các phòng", "Trong năm"],
    ])
    tasks = rows_to_tasks(rows, 2024)
    assert [t.id for t in tasks] == ["I.1", "I.2", "II.1", "III.1"]
    assert tasks[0].description == "Công khai thủ tục" and tasks[0].confidence < tasks[1].confidence
    assert tasks[2].group == ["II. Cải cách công vụ"]


def test_repeated_roman_and_misread_item_numbers_follow_the_sequence() -> None:
    rows = _grid([
        ["I", "Cải cách thủ tục hành chính", None, None, None],
        ["1", "Công khai thủ tục", "Văn phòng", "Các phòng", "Thường xuyên"],
        ["54", "Rà soát thủ tục", "Văn phòng", "Các phòng", "Quý II"],  # 2 misread: 3 follows
        ["3", "Số hóa hồ sơ", "Văn phòng", "Các phòng", "Quý III"],
        ["II", "Cải cách công vụ", None, None, None],
        ["1", "Đào tạo công chức", "Văn phòng", "Các phòng", "Trong năm"],
        ["II", "Hiện đại hóa hành chính", None, None, None],  # III misread as II
        ["1", "Chuyển đổi số", "Văn phòng", "Các phòng", "Trong năm"],
    ])
    assert [t.id for t in rows_to_tasks(rows, 2024)] == ["I.1", "I.2", "I.3", "II.1", "III.1"]


def test_a_text_layers_numbers_are_kept_as_printed() -> None:
    """A text layer misreads no digit: a gap, or numbers out of order as the author left them, stay."""
    rows = _grid([
        ["I", "Cải cách thủ tục hành chính", None, None, None],
        ["1", "Công khai thủ tục", "Văn phòng", "Các phòng", "Thường xuyên"],
        ["7", "Dịch vụ công trực tuyến", "Văn phòng", "Các phòng", "Trong năm"],
        ["3", "Số hóa hồ sơ", "Văn phòng", "Các phòng", "Quý III"],
    ], ocr=False)
    tasks = rows_to_tasks(rows, 2024)
    assert [t.id for t in tasks] == ["I.1", "I.7", "I.3"]
    assert tasks[1].confidence == tasks[0].confidence


def _ruled(corners: list[tuple[int, int]]) -> np.ndarray:
    """A white page with a ruled 4x3 table whose outer border has these corners (tl, tr, br, bl)."""
    import cv2

    page = np.full((1400, 1000), 255, np.uint8)
    tl, tr, br, bl = (np.array(c, np.float32) for c in corners)
    for k in range(5):  # row rules
        t = k / 4
        cv2.line(page, tuple(int(v) for v in tl + (bl - tl) * t), tuple(int(v) for v in tr + (br - tr) * t), 0, 3)
    for k in range(4):  # column rules
        t = k / 3
        cv2.line(page, tuple(int(v) for v in tl + (tr - tl) * t), tuple(int(v) for v in bl + (br - bl) * t), 0, 3)
    return page


def test_a_flat_table_is_not_resampled() -> None:
    page = _ruled([(100, 200), (900, 200), (900, 1200), (100, 1200)])
    assert rectify_table(page) is page


def test_a_photographed_table_is_warped_square() -> None:
    page = _ruled([(140, 200), (860, 210), (900, 1200), (100, 1190)])  # a camera tilted: a trapezium
    flat = rectify_table(page)
    assert flat is not page
    geo = grid_geometry(flat)
    assert geo is not None and len(geo.ys) == 5 and len(geo.xs) == 4  # every rule straight again


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(1, 6), min_size=1, max_size=5), st.data())
def test_a_lost_or_misread_item_number_is_read_from_its_neighbours(sizes: list[int], data: st.DataObject) -> None:
    """Roman groups of items 1..k, OCR'd; one item's number cell garbled (or emptied, under its heading: elsewhere
    a row without a number continues the row above): the table decoder gives every row the number it had."""
    roman = ["I", "II", "III", "IV", "V", "VI"]
    rows: list[list[str | None]] = []
    for g, size in enumerate(sizes):
        rows.append([roman[g], f"Nhóm nhiệm vụ {g}", None, None, None])
        rows += [[str(i), f"Nhiệm vụ {g} {i}", "Văn phòng", "Các phòng", "Quý II"] for i in range(1, size + 1)]
    items = [k for k, r in enumerate(rows) if r[2] is not None]
    hit = data.draw(st.sampled_from(items))
    expected = [t.id for t in rows_to_tasks(_grid(rows), 2024)]
    first = rows[hit][0] == "1"
    rows[hit][0] = data.draw(st.sampled_from(["", "j]", "?"] if first else ["j]", "?", "*"]))
    assert [t.id for t in rows_to_tasks(_grid(rows), 2024)] == expected
