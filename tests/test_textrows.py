"""Rows of a run-together OCR table: row numbers read through OCR confusions, lines cut into columns."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from cchc_extract.models import Task
from cchc_extract.structure import DocLine
from cchc_extract.tables.rowstarts import decode_row_starts
from cchc_extract.tables.textrows import (
    find_text_header,
    split_line,
    text_table_to_rows,
)
from cchc_extract.tasks.table import rows_to_tasks


def _lines(texts: list[str]) -> list[DocLine]:
    return [DocLine(t, t, 1, i) for i, t in enumerate(texts)]


ROWS = [
    "A CHỈ SỐ CẢI CÁCH HÀNH CHÍNH",
    "I. | CÔNG TÁC CHỈ ĐẠO",  # Roman: an all-caps heading
    "1 Tổ chức thực hiện",
    "S5 | trong năm",  # "2" garbled: two characters and a cell border
    "hoạch CCHC 2023 đơn vị",  # no number
    "3 | đổi số năm 2023",
    "Il | CÔNG TÁC TUYÊN TRUYỀN",
    "1. | Kết quả giải quyết",  # Arabic: the text is not all caps
    "1.1 | Tỷ lệ hồ sơ",
    "12 | hóa TTHC",  # "1.2" printed without its dot
    "và những tồn tại, hạn chế",  # a continuation line, not a number
    "11l | CẢI CÁCH THỂ CHẾ",
]
NUMBERS = ["A", "I", "1", "2", "3", "II", "1", "1.1", "1.2", "III"]


def test_row_numbers_follow_the_sequence_through_ocr_confusions() -> None:
    seen: list[tuple[str, int]] = []
    got = [hit[0] for hit in decode_row_starts(ROWS, seen) if hit]
    assert got == NUMBERS
    assert [n for n, _ in seen] == NUMBERS


def test_row_numbers_read_one_line_at_a_time_agree() -> None:
    seen: list[tuple[str, int]] = []
    got = [hit[0] for raw in ROWS if (hit := decode_row_starts([raw], seen)[0])]
    assert got == NUMBERS


def test_a_number_the_ocr_lost_is_the_next_in_sequence() -> None:
    seen = [("A", 0), ("I", 1), ("1", 2), ("2", 2)]
    assert [h[:3] for h in decode_row_starts(["g | Việc khảo sát"], list(seen)) if h] == [("3", 2, 2)]
    assert [h[:3] for h in decode_row_starts([", |Chỉ số hài lòng"], list(seen)) if h] == [("3", 2, 1)]
    assert decode_row_starts(["đơn vị hoàn thành"], list(seen)) == [None]


def test_a_misread_numeral_does_not_break_the_rows_after_it() -> None:
    """'I' for II: read as the next Roman numeral, and the items under it go on."""
    rows = ["I | CÔNG TÁC CHỈ ĐẠO", "1 | Tổ chức", "2 | Kiểm tra", "I | CẢI CÁCH THỂ CHẾ", "1 | Rà soát", "2 | Công bố"]
    hits = [hit for hit in decode_row_starts(rows, []) if hit]
    assert [hit.number for hit in hits] == ["I", "1", "2", "II", "1", "2"]
    # the misread numeral is an unsure start; clean numbers in sequence after it are near certain
    assert all(0.0 < h.posterior <= 1.0 for h in hits)
    assert hits[3].posterior < 0.9 < min(hits[4].posterior, hits[5].posterior)


def test_split_line_finds_deadline_units_and_output() -> None:
    parts = split_line("Tổ chức thực hiện các nhiệm vụ Trong năm Phòng HC&TH Các phòng, 100% nhiệm vụ hoàn thành")
    assert parts.description == "Tổ chức thực hiện các nhiệm vụ"
    assert parts.deadline == "Trong năm"
    assert parts.units == ("Phòng HC&TH", "Các phòng,")
    assert parts.output == "100% nhiệm vụ hoàn thành"
    wrapped = split_line("kế hoạch của Ban năm 2023 2023 đơn vị hoàn thành", row_needs_year=True)
    assert wrapped.description == "kế hoạch của Ban năm 2023"
    assert wrapped.deadline == "2023"
    assert wrapped.units[0].startswith("đơn vị")
    governed = split_line("Phối hợp với Sở Nội vụ triển khai")
    assert governed.units == () and governed.description == "Phối hợp với Sở Nội vụ triển khai"


def test_interleaved_table_to_tasks() -> None:
    lines = _lines(
        [
            "TT Nhiệm vụ cụ thể Tiến độ Phòng, đơn vị Phòng, đơn vị Kết quả",
            "chủ trì phối hợp",
            "I | CÔNG TÁC CHỈ ĐẠO",
            "1 Tổ chức thực hiện kế hoạch Trong năm Phòng HC&TH Các phòng, 100% nhiệm vụ",
            "của Ban năm 2023 2023 đơn vị",
            "Tổ chức kiểm tra công tác Theo Kế hoạch Đoàn kiểm tra Các phòng, Biên bản kiểm tra",
            "2 | cải cách hành chính đơn vị",
        ]
    )
    header = find_text_header(lines)
    assert header is not None
    at, roles = header
    assert {"lead", "coordinators", "deadline", "output"} <= set(roles.values())
    tasks = rows_to_tasks(text_table_to_rows(lines, at, roles), 2023, roles)
    assert [t.id for t in tasks] == ["I.1", "I.2"]
    first, second = tasks
    assert first.group == ["I. Công tác chỉ đạo"]
    assert first.description == "Tổ chức thực hiện kế hoạch của Ban năm 2023"
    assert (first.deadline, first.lead, first.coordinators) == ("Trong năm 2023", "Phòng HC&TH", "Các phòng, đơn vị")
    assert first.due is not None and first.due.end == "2023-12-31"
    assert second.description.startswith("Tổ chức kiểm tra công tác")  # its first line is above its number
    assert (second.deadline, second.lead) == ("Theo Kế hoạch", "Đoàn kiểm tra")
    assert second.confidence < 0.5


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(max_size=80), max_size=25))
def test_any_text_gives_rows_without_error(texts: list[str]) -> None:
    lines = _lines(["TT Nhiệm vụ Tiến độ Chủ trì Phối hợp Kết quả", *texts])
    rows = text_table_to_rows(lines, 0, {0: "number", 1: "description", 2: "deadline", 3: "lead", 4: "output"})
    for row in rows:
        assert len(row.cells) == 5
    for text in texts:
        split_line(text)


def test_stacked_header_page_reads_cells_as_paragraphs_row_by_row() -> None:
    """A page whose OCR put the header cells one per line and then each cell as its own paragraph."""
    roles = {0: "number", 1: "description", 2: "responsibility", 3: "deadline", 4: "output"}
    lines = _lines([
        "STT Nội dung công việc Trách nhiệm thực hiện Tiến độ Kết quả/sản phẩm",
        "1 | Rà soát thủ tục hành chính | Văn phòng chủ trì | Trong năm 2025 | Báo cáo rà soát",
        "", "", "STT", "", "Nội dung công việc", "", "Trách nhiệm thực hiện", "", "Tiến độ", "thực hiện", "",
        "Kết quả/sản phẩm", "",
        "2", "",
        "Công khai thủ tục hành chính", "trên Cổng thông tin.", "",
        "Văn phòng chủ trì, phối hợp các", "phòng thực hiện.", "",
        "Thường xuyên", "",
        "100% thủ tục được công khai.", "",
        "Số hóa hồ sơ thủ tục.", "",
        "Các phòng chuyên môn thực hiện.", "",
        "Trong năm", "2025", "",
        "- Hồ sơ được số hóa.", "", "- Kết quả điện tử đạt 100%.",
    ])
    tasks = rows_to_tasks(text_table_to_rows(lines, 0, roles), 2025, roles)
    got = [(t.number, t.description, t.lead, t.deadline, t.output) for t in tasks]
    assert got[1:] == [
        ("2", "Công khai thủ tục hành chính trên Cổng thông tin.", "Văn phòng", "Thường xuyên",
         "100% thủ tục được công khai."),
        ("3", "Số hóa hồ sơ thủ tục.", "Các phòng chuyên môn thực hiện.", "Trong năm 2025",
         "- Hồ sơ được số hóa. - Kết quả điện tử đạt 100%."),
    ]
    assert tasks[2].confidence < tasks[1].confidence  # its number was inferred from the sequence


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["", "2", "III", "Trong năm 2025", "- Văn phòng thực hiện.", "Công khai thủ tục",
                                 "CẢI CÁCH THỦ TỤC HÀNH CHÍNH", "1 | Rà soát | Văn phòng | Quý I", "-", "1.2 o"]),
                max_size=30))
def test_stacked_header_pages_of_any_blocks_give_rows_without_error(texts: list[str]) -> None:
    lines = _lines(["STT Nội dung công việc Trách nhiệm Tiến độ Kết quả", "", "STT", "Nội dung công việc",
                    "Trách nhiệm thực hiện", "Tiến độ", "Kết quả/sản phẩm", "", *texts])
    roles = {0: "number", 1: "description", 2: "responsibility", 3: "deadline", 4: "output"}
    for row in text_table_to_rows(lines, 0, roles):
        assert len(row.cells) == 5
    rows_to_tasks(text_table_to_rows(lines, 0, roles), 2025, roles)


def _text_table_tasks(texts: list[str]) -> list[Task]:
    """Tasks of a run-together table under the one-line header of seed 000's appendix."""
    lines = _lines(["TT Nhiệm vụ cụ thể Tiến độ Phòng, đơn vị chủ trì Phòng, đơn vị phối hợp Kết quả", *texts])
    header = find_text_header(lines)
    assert header is not None
    at, roles = header
    return rows_to_tasks(text_table_to_rows(lines, at, roles), 2023, roles)


def test_a_title_set_apart_heads_the_row_under_it_whose_number_was_lost() -> None:
    tasks = _text_table_tasks([
        "A | CHỈ SỐ HÀI LÒNG CỦA NGƯỜI DÂN, TỔ CHỨC",
        "",
        "1 Chỉ số hài lòng về tiếp cận dịch vụ",
        "",
        "Đa dạng hóa các hình thức cung cấp thông tin | Trong năm Phòng HC&TH Các phòng Thông tin được cung cấp",
        "về thủ tục hành chính 2023",
        "",
        "2 | Chỉ số hài lòng về tổ chức giải quyết TTHC",
        "2.1 | Tuân thủ quy trình giải quyết TTHC Trong năm Phòng HC&TH Các phòng 100% đúng quy định",
    ])
    assert [t.id for t in tasks] == ["A.1.1", "A.2.1"]
    assert tasks[0].group[-1] == "1. Chỉ số hài lòng về tiếp cận dịch vụ"
    assert tasks[0].description.startswith("Đa dạng hóa các hình thức") and tasks[0].deadline == "Trong năm 2023"
    assert tasks[0].confidence < tasks[1].confidence  # its number comes from the heading above it


def test_a_number_cell_read_as_capitals_is_found_by_its_second_deadline() -> None:
    tasks = _text_table_tasks([
        "I | CẢI CÁCH THỦ TỤC HÀNH CHÍNH",
        "1 | Rà soát thủ tục hành chính Trong năm Phòng HC&TH Các phòng Báo cáo rà soát",
        "của Ban 2023 đơn vị",
        "THAL Công khai thủ tục trực tuyến | Trong năm Phòng HC&TH Các phòng Kết quả công khai",
        "trên Cổng thông tin 2023",
    ])
    assert [t.id for t in tasks] == ["I.1", "I.2"]
    assert tasks[0].deadline == "Trong năm 2023" and tasks[1].deadline == "Trong năm 2023"
    assert "Công khai thủ tục" in tasks[1].description


def test_lines_stay_with_the_number_that_heads_them_in_a_text_layer() -> None:
    """Numbers on their rows' first line (a text layer): a capitalized line under row 1 ('Hệ thống ...', a name)
    stays in row 1; the vertical-centring split is for scans, where number lines go on mid-cell in lower case."""
    lines = _lines(
        [
            "TT Nội dung công việc Chủ trì thực hiện Phối hợp Kết quả đầu ra",
            "1 Phát triển Hệ thống thông tin báo cáo Chính phủ, Văn phòng Chính phủ Các bộ, ngành Hoàn thành",
            "Hệ thống thông tin chỉ đạo, điều hành của Chính phủ",
            "trên hạ tầng của Trung tâm Dữ liệu quốc gia.",
            "2 Phát triển, hoàn thiện Hệ thống quản lý cơ sở dữ liệu Văn phòng Chính phủ Các bộ, ngành Hoàn thành",
            "theo dõi nhiệm vụ do Chính phủ giao.",
        ]
    )
    header = find_text_header(lines)
    assert header is not None
    rows = text_table_to_rows(lines, *header)
    first = rows[0].cells[list(header[1].values()).index("description")]
    assert first.startswith("Phát triển Hệ thống thông tin báo cáo") and "chỉ đạo, điều hành" in first
    assert len(rows) == 2


def test_rows_whose_number_column_ocr_lost_start_where_their_cells_do() -> None:
    """No row numbers at all (OCR dropped the narrow column): a line whose description starts with a capital
    beside the start of other cells, after a sentence's end or a title, opens a row; the deadline column comes
    after the units, as the header says, and a named unit ("Bộ Khoa học và Công nghệ") is one cell."""
    lines = _lines(
        [
            "TT Nội dung nhiệm vụ Cơ quan chủ trì Cơ quan phối hợp Thời gian hoàn thành",
            "I | HOÀN THIỆN THỂ CHẾ",
            "Xây dựng Luật Chuyển đổi số và các văn bản Bộ Khoa học và Công nghệ Các bộ, ngành Tháng 12/2025",
            "hướng dẫn thi hành.",
            "Xây dựng Luật An ninh dữ liệu. Bộ Công an Các bộ, ngành Tháng 12/2026",
            "Rà soát thủ tục hành chính nội bộ Văn phòng Chính phủ Các bộ, ngành Năm 2025-2030",
            "theo hướng dẫn.",
        ]
    )
    header = find_text_header(lines)
    assert header is not None
    at, roles = header
    tasks = rows_to_tasks(text_table_to_rows(lines, at, roles), 2025, roles)
    assert [t.description for t in tasks] == [
        "Xây dựng Luật Chuyển đổi số và các văn bản hướng dẫn thi hành.",
        "Xây dựng Luật An ninh dữ liệu.",
        "Rà soát thủ tục hành chính nội bộ theo hướng dẫn.",
    ]
    assert [t.deadline for t in tasks] == ["Tháng 12/2025", "Tháng 12/2026", "Năm 2025-2030"]
    assert tasks[0].lead == "Bộ Khoa học và Công nghệ" and tasks[1].lead == "Bộ Công an"
    assert all(t.group == ["I. Hoàn thiện thể chế"] for t in tasks)


def test_a_deadline_after_the_units_is_found_when_the_header_puts_it_there() -> None:
    line = "Xây dựng Luật An ninh dữ liệu. Bộ Công an Các bộ, ngành Tháng 12/2026"
    assert split_line(line, late_deadline=True).deadline == "Tháng 12/2026"
    assert split_line(line).deadline == ""  # the seeds' order: a deadline cell before the units
