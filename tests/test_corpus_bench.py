"""The corpus benchmark's own parts on two small documents: the truth builder, the renderer and the scorer."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from bench.corpus.realplans import realplan_to_spec
from bench.corpus.score import score_document, words_exact, words_with_diacritics
from bench.corpus.spec import DocSpec

DATA = Path(__file__).parent / "data" / "corpus"


@pytest.fixture(scope="module")
def table_plan() -> DocSpec:
    return realplan_to_spec(DATA / "table-plan.txt", {"how": "table", "tables": [0]})


@pytest.fixture(scope="module")
def labelled_plan() -> DocSpec:
    note = {"how": "labelled", "sections": {"NỘI DUNG": "labelled", "TỔ CHỨC THỰC HIỆN": "agency"}}
    return realplan_to_spec(DATA / "labelled-plan.txt", note)


def test_metadata_from_header_and_signature(table_plan: DocSpec) -> None:
    meta = table_plan.truth.document
    assert (meta.number, meta.place, meta.date, meta.year) == ("0125/KH-UBND", "Đắk Lắk", "2025-11-18", 2026)
    assert meta.issuer == "ỦY BAN NHÂN DÂN TỈNH ĐẮK LẮK"
    assert (meta.signer_name, meta.signer_title) == ("Đào Mỹ", "Phó Chủ tịch")
    assert meta.signer_authority == "TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH"
    assert meta.recipients == ["Bộ Nội vụ;", "Lưu: VT, NC."]
    assert meta.references == ["3503/KH-UBND", "617/QĐ-UBND"]
    assert [s.number for s in table_plan.truth.sections] == ["I", "II"]
    assert len(table_plan.truth.purposes) == 1 and len(table_plan.truth.requirements) == 2


def test_table_rows_groups_and_cut_cells(table_plan: DocSpec) -> None:
    tasks = table_plan.truth.tasks
    assert [t.number for t in tasks] == ["1", "2", None]
    assert tasks[0].group == ["I. Hoàn thiện thể chế"]
    assert (tasks[0].lead, tasks[0].coordinators, tasks[0].output, tasks[0].deadline) == (
        "Bộ Công an", "Bộ Tài chính", "Trình Quốc hội dự thảo Luật", "Tháng 12/2026")
    # a shorter row continues the row above in its last columns (a rowspan the converter dropped)
    assert tasks[1].output == "Bộ chỉ số được ban hành - Hướng dẫn được cập nhật"
    assert tasks[1].deadline == "Tháng 06/2026 Năm 2026"
    # a row one cell short lost its empty number cell; II.1 nests under II
    assert tasks[2].group == ["II. Phát triển dữ liệu số", "II.1. Nhóm nền tảng số"]
    assert (tasks[2].description, tasks[2].lead, tasks[2].coordinators) == (
        "Số hóa hồ sơ thủ tục hành chính.", "Sở Nội vụ", "Sở Tư pháp Sở Tài chính")


def test_decision_issuing_a_plan_gives_the_plans_metadata(labelled_plan: DocSpec) -> None:
    meta = labelled_plan.truth.document
    assert (meta.doc_type, meta.issued_by) == ("Kế hoạch", "2623/QĐ-TTg")
    assert meta.title == "TRIỂN KHAI THI HÀNH LUẬT BẢO VỆ DỮ LIỆU CÁ NHÂN"
    assert (meta.signer_name, meta.signer_title, meta.signer_authority) == ("Phạm Minh Chính", "Thủ tướng", None)
    assert meta.references == ["158/2025/NĐ-CP"]


def test_labelled_items_and_agency_prose(labelled_plan: DocSpec) -> None:
    tasks = {t.description[:20]: t for t in labelled_plan.truth.tasks}
    first = tasks["Tổ chức tuyên truyền"]
    assert (first.lead, first.deadline) == ("Bộ Công an, Bộ Tư pháp", "năm 2025 và các năm tiếp theo")
    second = tasks["Tổ chức tập huấn chu"]
    assert (second.lead, second.coordinators, second.deadline) == (
        "Bộ Công an", "các bộ, cơ quan ngang bộ", "trước ngày 31 tháng 12 năm 2026")
    finance = tasks["Sở Tài chính chủ trì"]
    assert (finance.lead, finance.coordinators, finance.deadline) == ("Sở Tài chính", "Sở Nội vụ",
                                                                      "trước ngày 15/12/2026")
    police = [t for t in labelled_plan.truth.tasks if t.lead == "Công an tỉnh"]
    assert [t.number for t in police] == ["a", "b"]
    assert police[1].coordinators == "Sở Tư pháp" and police[1].deadline == "trong quý IV năm 2026"


def _as_output(spec: DocSpec) -> dict[str, Any]:
    truth = spec.truth.model_dump()
    return {"document": truth["document"], "sections": truth["sections"], "purposes": truth["purposes"],
            "requirements": truth["requirements"], "tasks": copy.deepcopy(truth["tasks"])}


def test_scorer_is_perfect_on_the_truth_itself(table_plan: DocSpec) -> None:
    s = score_document(_as_output(table_plan), table_plan.truth.model_dump())
    assert (s.precision, s.recall, s.f1, s.meta_mean, s.sections_f1, s.purposes) == (1.0, 1.0, 1.0, 1.0, 1.0, 1.0)
    assert set(s.fields.values()) == {1.0} and s.diacritics == 1.0


def test_scorer_counts_missed_tasks_wrong_fields_and_lost_marks(table_plan: DocSpec) -> None:
    out = _as_output(table_plan)
    out["tasks"].pop()  # one task missed
    out["tasks"][0]["lead"] = None  # one lead lost
    out["tasks"][1]["description"] = out["tasks"][1]["description"].replace("chỉ số", "chi so")  # marks lost
    out["tasks"].append({"description": "Một nhiệm vụ không có trong kế hoạch gốc ở đây", "lead": None})
    s = score_document(out, table_plan.truth.model_dump())
    assert (s.truth_tasks, s.out_tasks, s.matched) == (3, 3, 2)
    assert s.precision == pytest.approx(2 / 3) and s.recall == pytest.approx(2 / 3)
    assert s.fields["lead"] == pytest.approx(1 / 3)  # task 2 right, task 1 lost its lead, task 3 unmatched
    assert s.words_aligned - s.words_right == 2


def test_failed_run_scores_zero(table_plan: DocSpec) -> None:
    s = score_document(None, table_plan.truth.model_dump())
    assert (s.matched, s.f1, s.meta_mean) == (0, 0.0, 0.0)


def test_words_with_diacritics_aligns_by_letters() -> None:
    assert words_with_diacritics("Xay dựng kế hoạch cải cách", "Xây dựng kế hoạch cải cách") == (5, 6)
    assert words_with_diacritics("hoá", "hóa") == (1, 1)  # tone placement is not an error


def test_renderer_prints_every_task(table_plan: DocSpec, tmp_path: Path) -> None:
    pdfplumber = pytest.importorskip("pdfplumber")
    from bench.corpus.render import fonts_available, register_fonts, spec_to_pdf

    if len(fonts_available()) < 3:
        pytest.skip("the corpus fonts are installed by `make corpus`")
    spec_to_pdf(table_plan, tmp_path / "plan.pdf", register_fonts())
    with pdfplumber.open(tmp_path / "plan.pdf") as pdf:
        text = " ".join((p.extract_text() or "") for p in pdf.pages)
        widths = [p.width for p in pdf.pages]
    assert "Số: 0125/KH-UBND" in " ".join(text.split())
    assert max(widths) > min(widths)  # the wide task table is on a landscape page
    for task in table_plan.truth.tasks:
        assert task.description.split()[0] in text


def test_repeated_descriptions_are_told_apart_by_their_other_fields(table_plan: DocSpec) -> None:
    """A plan that repeats its table's tasks as body items: the table row, with its cells, is the match."""
    out = _as_output(table_plan)
    body_copy = {**out["tasks"][0], "lead": None, "coordinators": None, "deadline": None, "output": None}
    out["tasks"].insert(0, body_copy)
    s = score_document(out, table_plan.truth.model_dump())
    assert (s.matched, s.out_tasks) == (3, 4)
    assert s.fields["lead"] == 1.0 and s.precision == pytest.approx(3 / 4)


def test_words_exact_counts_letters_and_marks() -> None:
    assert words_exact("Xay dựng kế hoach cải cách", "Xây dựng kế hoạch cải cách") == (4, 6)
    assert words_exact("", "một hai") == (0, 2)
