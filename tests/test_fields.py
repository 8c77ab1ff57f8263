"""Deadline normalization, unit splitting and body/table parsers on small fixtures and arbitrary text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from cchc_extract.structure import DocLine, extract_metadata, split_sections
from cchc_extract.tasks.fields import inline_deadline, parse_due, split_responsibility, split_units
from cchc_extract.tasks.reader import section_to_tasks


def test_due_kinds() -> None:
    def due(text: str, year: int | None) -> dict[str, object]:
        found = parse_due(text, year)
        assert found is not None, text
        return found.model_dump()

    assert due("Quý III/2023", None) == {"start": "2023-07-01", "end": "2023-09-30", "kind": "during"}
    assert due("Trước ngày 20/6/2023", 2023) == {"start": None, "end": "2023-06-20", "kind": "by"}
    assert due("Thường xuyên trong năm", 2024)["kind"] == "continuous"
    assert due("Định kỳ hằng quý", 2024)["kind"] == "recurring"
    assert due("Tháng 02/2024", None)["end"] == "2024-02-29"
    assert parse_due("Theo kế hoạch", 2024) is None
    assert parse_due("trước ngày 31/2/2023", 2023) is None


def test_units() -> None:
    assert split_units("Phòng HC&TH, các phòng") == ["Phòng HC&TH", "các phòng"]
    assert split_units("Các phòng, đơn vị") == ["Các phòng, đơn vị"]
    lead, coord = split_responsibility("Văn phòng chủ trì, phối hợp các phòng, đơn vị trực thuộc thực hiện.")
    assert (lead, coord) == ("Văn phòng", "các phòng, đơn vị trực thuộc")


def test_inline_deadline() -> None:
    assert inline_deadline("Kế hoạch gửi về Phòng Nội vụ trước ngày 20/6/2023 để theo dõi") == "trước ngày 20/6/2023"


def _lines(text: str) -> list[DocLine]:
    return [DocLine(t, t, 1, i) for i, t in enumerate(text.split("\n"), start=1)]


def test_body_field_items() -> None:
    text = """1. Về cải cách thể chế
a) Rà soát văn bản quy phạm pháp luật
- Đơn vị chủ trì: Phòng Hành chính - Quản trị.
- Đơn vị phối hợp: các phòng, ban.
- Sản phẩm: Báo cáo kết quả.
- Thời gian: Quý I/2023.
b) Công khai thủ tục hành chính
- Đơn vị chủ trì: Văn phòng.
- Thời gian: Thường xuyên."""
    _, tasks = section_to_tasks(_lines(text), "II", "II. Nhiệm vụ", "tasks", 2023)
    assert [t.id for t in tasks] == ["II.1.a", "II.1.b"]
    assert tasks[0].lead == "Phòng Hành chính - Quản trị."
    assert tasks[0].due and tasks[0].due.end == "2023-03-31"
    assert tasks[0].group == ["II. Nhiệm vụ", "1. Về cải cách thể chế"]


def test_body_unit_assignment() -> None:
    text = """3. Trưởng Phòng Tư pháp
3.1. Chủ trì theo dõi thi hành pháp luật, hoàn thành trước ngày 30/7/2023.
3.2. Phối hợp các ngành tổ chức tập huấn."""
    _, tasks = section_to_tasks(_lines(text), "III", "III. Nhiệm vụ cụ thể", "tasks", 2023)
    assert [t.number for t in tasks] == ["3.1", "3.2"]
    assert tasks[0].lead == "Phòng Tư pháp"
    assert tasks[0].deadline == "trước ngày 30/7/2023"


@settings(max_examples=80, deadline=None)
@given(st.lists(st.text(max_size=80), max_size=30))
def test_parsers_never_raise(texts: list[str]) -> None:
    lines = _lines("\n".join(texts))
    spans = split_sections(lines)
    extract_metadata(lines, spans)
    section_to_tasks(lines, "II", "II. X", "tasks", 2023)
    for t in texts:
        parse_due(t, 2023)
        split_units(t)
