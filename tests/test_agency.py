"""Tasks found by what a section's items hold: agency-by-agency prose, and which way of writing tasks wins."""

from __future__ import annotations

from cchc_extract.models import Section
from cchc_extract.structure import DocLine, SectionSpan
from cchc_extract.tasks.agency import agency_of, coordinators_in
from cchc_extract.tasks.reader import body_to_tasks, section_to_tasks


def _lines(text: str) -> list[DocLine]:
    return [DocLine(t, t, 1, i) for i, t in enumerate(text.split("\n"), start=1)]


ORGANIZATION = """1. Sở Y tế
a) Chủ trì, phối hợp với Sở Tài chính triển khai, kiểm tra việc thực hiện kế hoạch;
b) Tham mưu Ủy ban nhân dân tỉnh tổng kết Kế hoạch này.
2. Sở Nội vụ
Phối hợp Sở Y tế thẩm định hồ sơ khen thưởng theo quy định.
3. Sở Tài chính: Bố trí kinh phí thực hiện Kế hoạch, hoàn thành trước ngày 30/6/2025."""


def test_agency_names() -> None:
    assert agency_of("Sở Tài chính chủ trì, phối hợp với các sở") == "Sở Tài chính"
    assert agency_of("Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh") == "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh"
    assert agency_of("Trưởng Phòng Tư pháp") == "Phòng Tư pháp"
    assert agency_of("Phòng chống sốt xuất huyết") is None
    assert agency_of("Tổ chức tuyên truyền sâu rộng") is None
    assert coordinators_in("Chủ trì, phối hợp với Sở Tài chính triển khai kế hoạch") == "Sở Tài chính"


def test_organization_section_read_agency_by_agency() -> None:
    style, tasks = section_to_tasks(_lines(ORGANIZATION), "V", "V. Tổ chức thực hiện", "organization", 2025)
    assert style == "agency"
    assert [(t.number, t.lead) for t in tasks] == [("a", "Sở Y tế"), ("b", "Sở Y tế"), ("2", "Sở Nội vụ"),
                                                   ("3", "Sở Tài chính")]
    assert tasks[0].group == ["V. Tổ chức thực hiện", "1. Sở Y tế"]
    assert tasks[0].coordinators == "Sở Tài chính"
    assert tasks[2].description.startswith("Phối hợp Sở Y tế")
    assert tasks[3].description.startswith("Bố trí kinh phí") and tasks[3].deadline == "trước ngày 30/6/2025"
    assert tasks[3].due is not None and tasks[3].due.end == "2025-06-30"


def test_unit_less_solutions_give_way_to_assignments() -> None:
    solutions = """1. Hoàn thiện thể chế
- Ban hành quy chế quản lý dữ liệu số.
2. Phát triển hạ tầng số
- Nâng cấp Trung tâm tích hợp dữ liệu."""
    text = f"III. NHIỆM VỤ VÀ GIẢI PHÁP\n{solutions}\nV. TỔ CHỨC THỰC HIỆN\n{ORGANIZATION}"
    lines = _lines(text)
    spans = [
        SectionSpan(Section(number="III", title="Nhiệm vụ và giải pháp", kind="tasks", page=1), 0, 5),
        SectionSpan(Section(number="V", title="Tổ chức thực hiện", kind="organization", page=1), 5, len(lines)),
    ]
    assert {t.group[0] for t in body_to_tasks(lines, spans, 2025)} == {"V. Tổ chức thực hiện"}
    alone = body_to_tasks(lines[:5], spans[:1], 2025)
    assert [t.description for t in alone] == [
        "Ban hành quy chế quản lý dữ liệu số.", "Nâng cấp Trung tâm tích hợp dữ liệu."]
    # a plan with a task table: the organization section's agency prose is responsibilities, not tasks
    assert body_to_tasks(lines, spans, 2025, listed=True) == []

