"""Property tests: the text parsers take any string without an exception, and PDF ingest takes mutated sample
PDFs with either a result or a CchcError (never another exception). Examples per test: CCHC_FUZZ_EXAMPLES
(default 150); scripts/fuzz.py runs them long and reports cases and time."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cchc_extract.errors import CchcError
from cchc_extract.structure import DocLine, extract_metadata, purposes_and_requirements, split_sections
from cchc_extract.tasks.fields import parse_due, split_responsibility, split_units
from cchc_extract.tasks.reader import section_to_tasks

EXAMPLES = int(os.environ.get("CCHC_FUZZ_EXAMPLES", "150"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Text that looks like plans: their words, numbers, letters and punctuation, with any Unicode mixed in
WORDS = ["I.", "II.", "III.", "IV.", "MỤC ĐÍCH, YÊU CẦU", "NHIỆM VỤ", "TỔ CHỨC THỰC HIỆN", "PHỤ LỤC", "a)", "b)",
         "1.", "2.1.", "-", "Đơn vị chủ trì:", "Phối hợp:", "Thời gian:", "Sản phẩm:", "Quý I/2024", "Trong năm",
         "Thường xuyên", "trước ngày 30/6/2024", "KẾ HOẠCH", "Số:", "215/KH-UBND", "ngày", "tháng", "năm", "2024",
         "Văn phòng", "Các phòng, đơn vị", "PAR INDEX", "SIPAS", "Nơi nhận:", "KT. GIÁM ĐỐC", "|", "\t"]
plan_like = st.lists(st.one_of(st.sampled_from(WORDS), st.text(max_size=12)), max_size=14).map(" ".join)
lines_of_text = st.lists(st.one_of(plan_like, st.text(max_size=80)), max_size=40)


def _doc(texts: list[str]) -> list[DocLine]:
    return [DocLine(t, t, 1 + i // 30, 1 + i % 30) for i, t in enumerate(texts)]


@FUZZ
@given(lines_of_text)
def test_sections_metadata_purposes_and_body_tasks_take_any_text(texts: list[str]) -> None:
    lines = _doc(texts)
    spans = split_sections(lines)
    meta = extract_metadata(lines, spans)
    purposes_and_requirements(lines, spans)
    for span in spans:
        if span.section.kind == "tasks":
            section_to_tasks(lines[span.start + 1 : span.end], span.section.number, "I. X", "tasks", meta.year)


@FUZZ
@given(st.one_of(plan_like, st.text(max_size=60)), st.one_of(st.none(), st.integers(1900, 2100)))
def test_deadlines_and_units_take_any_text(text: str, year: int | None) -> None:
    due = parse_due(text, year)
    if due is not None and due.start and due.end:
        assert due.start <= due.end
    split_units(text)
    split_responsibility(text)


@FUZZ
@given(st.lists(st.one_of(plan_like, st.text(max_size=60)), min_size=1, max_size=8))
def test_restore_takes_any_text_and_keeps_the_line_count(texts: list[str]) -> None:
    from cchc_extract.restore import default_restorer

    out = default_restorer().restore_lines(texts)
    assert len(out) == len(texts)


@pytest.fixture(scope="module")
def sample_pdf(root: Path) -> bytes:
    return (root / "samples/pdf/plan_a_digital.pdf").read_bytes()


@FUZZ
@given(st.lists(st.tuples(st.floats(0, 1, exclude_max=True), st.integers(0, 255)), min_size=1, max_size=12),
       st.one_of(st.none(), st.floats(0.05, 1)))
def test_pdf_ingest_takes_mutated_pdfs(sample_pdf: bytes, tmp_path_factory: pytest.TempPathFactory,
                                       flips: list[tuple[float, int]], cut: float | None) -> None:
    from cchc_extract.pipeline import extract

    data = bytearray(sample_pdf)
    for where, value in flips:
        data[int(where * len(data))] = value
    if cut is not None:
        data = data[: int(cut * len(data))]
    path = tmp_path_factory.mktemp("fuzz") / "mutated.pdf"
    path.write_bytes(bytes(data))
    with contextlib.suppress(CchcError):  # a clear, mapped error is a correct answer to a broken file
        extract(path, ocr="never")
