"""Restore: correct Vietnamese passes unchanged, any input keeps its line count, OCR garble is repaired."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from cchc_extract.restore import default_restorer, restore_text
from cchc_extract.vietnamese import has_diacritics, normalize_syllable

R = default_restorer()
MARKED = sorted(s for s, c in R.unigrams.items() if c > 50 and has_diacritics(s))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(MARKED), min_size=3, max_size=12))
def test_correct_vietnamese_is_unchanged(words: list[str]) -> None:
    line = " ".join(words)
    assert R.restore_line(line).text == line


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=200))
def test_never_crashes_and_keeps_lines(text: str) -> None:
    out = restore_text(text, R)
    assert out.count("\n") == text.count("\n")


def test_repairs_english_model_ocr() -> None:
    assert R.restore_line("Chi s6 hai 10ng clia ngwdi dan").text == "Chỉ số hài lòng của người dân"
    assert R.restore_line("cac phong, don vi").text == "các phòng, đơn vị"


def test_acronyms_codes_and_numbers_pass() -> None:
    out = R.restore_line("Ke hoach so 3503/KH-UBND cua UBND tinh ngay 06/6/2023").text
    assert "3503/KH-UBND" in out and "UBND tỉnh" in out and "06/6/2023" in out


def test_old_style_tone_placement() -> None:
    assert normalize_syllable("hoá") == "hóa"
    assert normalize_syllable("thuỷ") == "thủy"
    assert normalize_syllable("quý") == "quý"
    assert normalize_syllable("hoàn") == "hoàn"
