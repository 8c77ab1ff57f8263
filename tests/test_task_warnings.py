"""Document warnings a user acts on: tasks read at low confidence are flagged, not silently mixed in."""

from __future__ import annotations

from pathlib import Path

from cchc_extract.pipeline import extract


def test_tasks_rebuilt_from_run_together_text_carry_a_warning() -> None:
    seed = next((Path(__file__).parent.parent / "samples" / "seeds").glob("002_*.txt"))
    plan = extract(seed)
    codes = [w.code for w in plan.warnings]
    assert plan.tasks and sum(t.confidence < 0.6 for t in plan.tasks) * 2 >= len(plan.tasks)
    assert "low-task-confidence" in codes


PLAN_WITHOUT_TASK_WORDING = """ỦY BAN NHÂN DÂN XÃ AN BÌNH
Số: 12/KH-UBND
KẾ HOẠCH
Nâng cao Chỉ số hài lòng của người dân năm 2026
I. MỤC ĐÍCH, YÊU CẦU
- Nâng cao chất lượng phục vụ người dân.
II. CÁC CÔNG VIỆC
- Niêm yết công khai thủ tục hành chính tại bộ phận một cửa.
- Tổ chức lấy ý kiến người dân về chất lượng phục vụ.
- Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính.
III. KINH PHÍ
Kinh phí thực hiện từ ngân sách xã.
"""


def test_a_task_section_no_reader_recognises_still_gives_tasks_with_a_warning(tmp_path: Path) -> None:
    """No table, labelled field or agency heading, and a title that names no tasks: the items of the section
    likeliest to hold them come out at low confidence, flagged, instead of zero tasks."""
    path = tmp_path / "plan.txt"
    path.write_text(PLAN_WITHOUT_TASK_WORDING, encoding="utf-8")
    plan = extract(path)
    assert [t.description for t in plan.tasks] == [
        "Niêm yết công khai thủ tục hành chính tại bộ phận một cửa.",
        "Tổ chức lấy ý kiến người dân về chất lượng phục vụ.",
        "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính.",
    ]
    assert {t.confidence for t in plan.tasks} == {0.3}
    assert {tuple(t.group) for t in plan.tasks} == {("II. Các công việc",)}
    assert "tasks-guessed" in [w.code for w in plan.warnings]
