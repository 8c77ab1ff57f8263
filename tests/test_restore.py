"""Restore: correct Vietnamese passes unchanged, stripped text only gains marks, any input keeps its lines,
OCR garble is repaired; the syllable generator, channel alignment and LM behave as the build scripts expect."""

from __future__ import annotations

import math

from conftest import ROOT
from hypothesis import given, settings
from hypothesis import strategies as st

from cchc_extract.channel import emissions
from cchc_extract.restore import default_restorer, restore_text
from cchc_extract.syllables import default_inventory
from cchc_extract.vietnamese import fold, has_diacritics, normalize_syllable, normalize_text

R = default_restorer()
# Marked syllables the tone repair never touches (a stacked mark without a tone may have lost it: see below).
MARKED = sorted(
    w
    for w, n in zip(R.lm.vocab, R.lm.counts.tolist(), strict=True)
    if n > 50 and has_diacritics(w) and not R._tone_variants(w)
)
# Clean Vietnamese prose: the body lines of seed 003 (a real plan with its diacritics), long enough to be sentences.
CLEAN = [
    line.strip()
    for line in (ROOT / "samples" / "seeds" / "003_043687965e14b2cf.txt").read_text("utf-8").splitlines()
    if len(line.split()) >= 8 and "\t" not in line
]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(MARKED), min_size=3, max_size=12))
def test_correct_syllables_are_unchanged(words: list[str]) -> None:
    line = " ".join(words)
    assert R.restore_line(line).text == line


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(CLEAN))
def test_restoring_is_idempotent_on_prose(line: str) -> None:
    once = R.restore_line(line).text
    assert R.restore_line(once).text == once


def test_correct_prose_is_unchanged_but_for_lost_tones() -> None:
    out = [x.text for x in R.restore_lines(CLEAN)]
    changed = [(a, b) for a, b in zip(CLEAN, out, strict=True) if a != b]
    assert len(changed) <= len(CLEAN) // 50
    for a, b in changed:  # only tones put back on stacked marks: the letters and the other marks stay
        assert fold(a) == fold(b) and len(a) == len(b)


def test_lost_tones_on_stacked_marks_are_put_back_where_the_lm_is_sure() -> None:
    assert R.restore_line("Ban hành Kê hoạch cải cách hành chính").text == "Ban hành Kế hoạch cải cách hành chính"
    assert R.restore_line("bảo đảm thông nhất, đồng bộ").text == "bảo đảm thống nhất, đồng bộ"
    assert R.restore_line("chỉ đạo của cấp trên").text == "chỉ đạo của cấp trên"


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(CLEAN), min_size=1, max_size=4))
def test_stripped_text_only_gains_marks(lines: list[str]) -> None:
    stripped = [fold(line) for line in lines]
    out = R.restore_lines(stripped)
    assert [fold(x.text) for x in out] == stripped
    assert all(0.0 <= w.confidence <= 1.0 for x in out for w in x.words)


def test_stripped_prose_is_mostly_restored() -> None:
    gold = [normalize_text(line) for line in CLEAN]
    out = R.restore_lines([fold(line) for line in CLEAN])
    pairs = [(a, b) for x, g in zip(out, gold, strict=True) for a, b in zip(x.text.split(), g.split(), strict=True)]
    assert sum(a == b for a, b in pairs) / len(pairs) > 0.97


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=200))
def test_never_crashes_and_keeps_lines(text: str) -> None:
    out = restore_text(text, R)
    assert out.count("\n") == text.count("\n")


def test_repairs_english_model_ocr() -> None:
    assert R.restore_line("Chi s6 hai 10ng clia ngwdi dan").text == "Chỉ số hài lòng của người dân"
    assert R.restore_line("cac phong, don vi").text == "các phòng, đơn vị"


def test_wrapped_lines_decode_as_one_paragraph_and_keep_their_count() -> None:
    out = R.restore_lines(["Tang cuong vai tro, trach nhiem cua nguoi", "dung dau cac phong."])
    assert [x.text for x in out] == ["Tăng cường vai trò, trách nhiệm của người", "đứng đầu các phòng."]
    assert all(x.words for x in out)


def test_acronyms_codes_and_numbers_pass() -> None:
    out = R.restore_line("Ke hoach so 3503/KH-UBND cua UBND tinh ngay 06/6/2023").text
    assert "3503/KH-UBND" in out and "UBND tỉnh" in out and "06/6/2023" in out
    assert R.restore_line("Quyet dinh so 617/QD-UBND cua UBND tinh").text.startswith("Quyết định số 617/QĐ-UBND")


def test_confidence_is_low_where_the_context_cannot_decide() -> None:
    sure = R.restore_line("Chi so cai cach hanh chinh").words
    assert min(w.confidence for w in sure) > 0.5
    assert all(0.0 <= w.confidence <= 1.0 for w in sure)


def test_old_style_tone_placement() -> None:
    assert normalize_syllable("hoá") == "hóa"
    assert normalize_syllable("thuỷ") == "thủy"
    assert normalize_syllable("quý") == "quý"
    assert normalize_syllable("hoàn") == "hoàn"


def test_inventory_covers_the_language_model_and_rejects_misspellings() -> None:
    inventory = default_inventory()
    assert all(w in inventory for w in R.lm.vocab if w.isalpha())
    assert not {"ka", "ghô", "ngiê", "hoá", "thuỷ", "bàt"} & inventory


def test_channel_aligns_letters_to_ocr_strings() -> None:
    assert emissions("của", "ctia") == [("c", "c"), ("ủ", "ti"), ("a", "a")]
    assert emissions("người", "ngwdi") == [("n", "n"), ("g", "g"), ("ư", "w"), ("ờ", "d"), ("i", "i")]
    assert R.channel.logp("s6", "số") > R.channel.logp("s6", "sở")


def test_language_model_prefers_attested_phrases() -> None:
    ids = R.lm.ids
    context = (ids["cải"], ids["cách"], ids["hành"])
    assert R.lm.score(context, ids["chính"]) > math.log(0.5)
    assert R.lm.score(context, ids["chính"]) > R.lm.score(context, ids["chình"])


def test_vie_ocr_marks_are_decoded_but_names_keep_theirs() -> None:
    lines = ["Thường xuyên trong năm/Sau khí có quyết định", "Giám đốc Nguyễn Văn Hòa"]
    out = R.restore_lines(lines, marks_unsure=True)
    assert out[0].text == "Thường xuyên trong năm/Sau khi có quyết định"
    assert out[1].text == "Giám đốc Nguyễn Văn Hòa"
