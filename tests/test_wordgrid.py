"""Tables without ruling lines: columns from the gutters between word boxes, rows from the wider gap between rows
(the number cell not required: OCR drops lone row numbers); a page without a header of column words gets no table."""

from __future__ import annotations

from cchc_extract.ingest import Word
from cchc_extract.wordgrid import words_to_grid

H = 20.0  # line height
COLUMNS = (100.0, 180.0, 560.0, 760.0)  # left edges: number, description, lead, deadline


def _line(y: float, cells: list[str | None]) -> list[Word]:
    """Words of one printed line, each cell's words from its column's left edge."""
    out = []
    for x, text in zip(COLUMNS, cells, strict=True):
        for word in (text or "").split():
            width = 9.0 * len(word)
            out.append(Word(word, x, y, x + width, y + H))
            x += width + 5.0
    return out


def _table() -> list[Word]:
    rows: list[list[str | None]] = [
        ["STT", "Nội dung công việc", "Chủ trì", "Thời gian"],
        ["I", "CẢI CÁCH THỂ CHẾ VÀ THỦ TỤC HÀNH CHÍNH, KIỂM SOÁT", None, None],
        ["1", "Rà soát văn bản quy phạm", "Văn phòng", "Quý I/2024"],
        [None, "pháp luật của tỉnh", None, None],
        ["2", "Công khai thủ tục", "Phòng Tư pháp", "Thường xuyên"],
        [None, None, "Phòng Nội vụ", None],
    ]
    words: list[Word] = _line(10, [None, "KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM 2024", None, None])
    y = 60.0
    for cells in rows:
        gap = 5.0 if cells[0] is None else 15.0  # lines of a cell at the line spacing; rows further apart
        y += gap
        words += _line(y, cells)
        y += H
    return words


def test_unruled_table_gets_columns_rows_and_headings() -> None:
    found = words_to_grid(_table())
    assert found is not None
    grid, top, _bottom = found
    texts = [[c.text if c else None for c in row] for row in grid.rows]
    assert texts[0] == ["STT", "Nội dung công việc", "Chủ trì", "Thời gian"]
    assert texts[1][0] == "I" and texts[1][2:] == [None, None]  # the heading runs across: a spanned row
    assert texts[2] == ["1", "Rà soát văn bản quy phạm\npháp luật của tỉnh", "Văn phòng", "Quý I/2024"]
    assert texts[3] == ["2", "Công khai thủ tục", "Phòng Tư pháp\nPhòng Nội vụ", "Thường xuyên"]
    assert top > 30  # the title above the table stays page text


def test_text_without_a_header_gets_no_table() -> None:
    words = _line(10, [None, "Thực hiện nhiệm vụ cải cách hành chính", None, None])
    words += _line(40, [None, "theo thời gian đã định", None, None])
    assert words_to_grid(words) is None


def test_rows_and_headings_without_the_number_column() -> None:
    # the scan's OCR lost "STT" and every row number: rows still start at the wider gap, and a title alone in its
    # row, centred over the lead column, is a heading whose title goes to the description cell
    words = [w for w in _table() if w.x0 >= COLUMNS[1] and w.top > 30]
    shift = COLUMNS[2] - COLUMNS[1]
    heading = [Word(w.text, w.x0 + shift, w.top, w.x1 + shift, w.bottom) for w in words if 100 < w.top < 120]
    words = [w for w in words if not 100 < w.top < 120] + [w for w in heading if w.x1 < COLUMNS[3] - 10]
    found = words_to_grid(words)
    assert found is not None
    texts = [[c.text if c else None for c in row] for row in found[0].rows]
    assert texts[0] == ["Nội dung công việc", "Chủ trì", "Thời gian"]
    assert texts[1][0].startswith("CẢI CÁCH") and texts[1][1:] == [None, None]  # type: ignore[union-attr]
    assert texts[2] == ["Rà soát văn bản quy phạm\npháp luật của tỉnh", "Văn phòng", "Quý I/2024"]
    assert texts[3] == ["Công khai thủ tục", "Phòng Tư pháp\nPhòng Nội vụ", "Thường xuyên"]


def test_centred_group_headings_do_not_hide_the_gutters() -> None:
    """A short table whose group headings (a Roman numeral or letter, then a title centred across the row) are as
    many as its rows: the gutters come from the lines that cross cells, the titles go to the description."""

    def centred(y: float, number: str, title: str) -> list[Word]:
        words = [Word(number, COLUMNS[0], y, COLUMNS[0] + 9.0 * len(number), y + H)]
        x = 420.0  # the title centred over the description and lead columns
        for word in title.split():
            words.append(Word(word, x, y, x + 9.0 * len(word), y + H))
            x += 9.0 * len(word) + 5.0
        return words

    words = _line(60, ["STT", "Nội dung công việc", "Chủ trì", "Thời gian"])
    words += centred(95, "A", "CHỈ SỐ CẢI CÁCH HÀNH CHÍNH")
    words += centred(130, "I", "Bảo đảm kinh phí")
    words += _line(165, ["1", "Rà soát văn bản quy phạm", "Văn phòng", "Quý I/2024"])
    words += centred(200, "II", "Cải cách chế độ công vụ")
    words += _line(235, ["1", "Công khai thủ tục", "Phòng Tư pháp", "Thường xuyên"])
    found = words_to_grid(words)
    assert found is not None
    texts = [[c.text if c else None for c in row] for row in found[0].rows]
    assert texts[0] == ["STT", "Nội dung công việc", "Chủ trì", "Thời gian"]
    assert texts[2] == ["I", "Bảo đảm kinh phí", None, None]
    assert texts[3] == ["1", "Rà soát văn bản quy phạm", "Văn phòng", "Quý I/2024"]
    assert texts[4][:2] == ["II", "Cải cách chế độ công vụ"]
