"""The outline model: what comes next, how a misread marker may be read, and the sequence decoder."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from cchc_extract.numbering import (
    decode_sequence,
    item_successors,
    next_letter,
    next_roman,
    read_item_number,
    roman_readings,
)
from cchc_extract.patterns import patterns_dir
from cchc_extract.structure import DocLine, split_sections

EXAMPLES = json.loads((patterns_dir() / "numbering.json").read_text(encoding="utf-8"))["examples"]


def test_pattern_examples_read_as_stated() -> None:
    for token, value in EXAMPLES["best_reading"]:
        assert roman_readings(token)[0][0] == value, token
    for token, value in EXAMPLES["readable_as"]:
        assert value in [v for v, _ in roman_readings(token)], token
    for token in EXAMPLES["not_readable"]:
        assert roman_readings(token) == [], token


def test_what_comes_next() -> None:
    assert next_roman(None) == "I" and next_roman("III") == "IV"
    assert next_letter("d") == "đ" and next_letter("đ") == "e"
    assert item_successors("1.2") == ["1.3", "1.2.1", "2"]
    assert read_item_number("54", "5.3") == "5.4"
    assert read_item_number("6", "5.3") == "6"


def test_one_misread_numeral_costs_little() -> None:
    # I, II, then "II" where III is due, then IV: the third is read III, not dropped
    options = [roman_readings(t) for t in ("I", "II", "II", "IV")]
    taken, _ = decode_sequence(options, [5.0] * 4)
    assert taken == [1, 2, 3, 4]


def test_weak_candidates_are_left_out() -> None:
    options = [roman_readings(t) for t in ("I", "1", "II")]
    taken, _ = decode_sequence(options, [5.0, 0.5, 5.0])
    assert taken == [1, None, 2]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(["I", "II", "Il", "1", "H", "III", "IV", "lV", "V", "11"]), max_size=12),
       st.lists(st.floats(0, 8), min_size=12, max_size=12))
def test_decoded_numbers_always_rise(tokens: list[str], skips: list[float]) -> None:
    taken, _ = decode_sequence([roman_readings(t) for t in tokens], skips[: len(tokens)])
    values = [v for v in taken if v is not None]
    assert values == sorted(set(values))


def _lines(text: str) -> list[DocLine]:
    return [DocLine(t, t, 1, i) for i, t in enumerate(text.split("\n"), start=1)]


def test_sections_survive_a_misread_numeral() -> None:
    text = """I. MỤC ĐÍCH, YÊU CẦU
1. Mục đích
Nâng cao chỉ số.
II. NỘI DUNG TRỌNG TÂM
1. Tuyên truyền
II. NHIỆM VỤ, GIẢI PHÁP, PHÂN CÔNG TRÁCH NHIỆM
1. Sở Nội vụ
Iv. TỔ CHỨC THỰC HIỆN
Các sở thực hiện."""
    spans = split_sections(_lines(text))
    assert [s.section.number for s in spans] == ["I", "II", "III", "IV"]
    assert spans[2].section.kind == "tasks" and spans[3].section.kind == "organization"


def test_item_costs_follow_the_outline() -> None:
    from cchc_extract.numbering import item_cost

    assert item_cost((1,), (2,)) == 0.0  # the next sibling is free
    assert 0 < item_cost((1, 2, 3), (1, 3)) < item_cost((1, 2), (4,))  # an ancestor's sibling costs a little
    assert item_cost((1, 2), (2, 1)) < item_cost((1, 2), (4,))  # '2.1' after '1.2' (its parent unprinted)
    assert item_cost((), (1, 1)) < item_cost((), (3,))  # a first item numbered 1.1 is likelier than one numbered 3
    assert item_cost((2,), (2,)) == float("inf") and item_cost((2, 1), (2,)) == float("inf")


def test_the_outline_decoder_weighs_a_misread_against_the_sequence() -> None:
    from cchc_extract.numbering import Candidate, Marker, decode_outline

    roman = [Marker("roman", (v,)) for v in (1, 2, 3)]
    item = [Marker("item", (v,)) for v in (1, 2, 3)]
    cands = [
        Candidate(((roman[0], 0.0),), 4.0),
        Candidate(((item[0], 0.0),), 4.0),
        Candidate(((item[2], 0.0),), 4.0),  # '3': a year-like continuation would be skipped, a skipped row costs
        Candidate(((item[1], 0.0), (item[2], 0.5)), 4.0),  # '2' or '3'
        Candidate(((roman[0], 0.0), (roman[1], 3.0)), 4.0),  # 'I' read for II
        Candidate((), 0.0),  # a line that can start no row
        Candidate((), 4.0, blank=2.0),  # an empty number cell: the next item, whatever its number
    ]
    decoded = decode_outline(cands)
    labels = [m.label if m else None for m in decoded.markers]
    assert labels == ["I", "1", None, "2", "II", None, "1"]
    assert decoded.end.roman == 2 and decoded.end.item == (1,)
    # posteriors: a probability per line, summed over the lattice's ways; the row whose number is inferred from an
    # empty cell is the least sure, a clean number in sequence near certain
    assert len(decoded.posteriors) == len(cands) and all(0.0 <= p <= 1.0 for p in decoded.posteriors)
    assert min(decoded.posteriors) == decoded.posteriors[6] and decoded.posteriors[1] > 0.99


@given(
    st.lists(
        st.lists(st.tuples(st.integers(1, 4), st.integers(0, 3), st.floats(0, 4)), max_size=3),
        min_size=1,
        max_size=12,
    )
)
@settings(max_examples=60, deadline=None)
def test_decoded_outlines_are_valid_sequences(lines: list[list[tuple[int, int, float]]]) -> None:
    """Whatever the readings, the decoded markers form a sequence the grammar allows and the posteriors are
    probabilities."""
    from cchc_extract.numbering import Candidate, Marker, OutlineState, decode_outline, outline_step

    cands = [
        Candidate(tuple((Marker("item", (a,) if b == 0 else (a, b)), c) for a, b, c in readings), 4.0)
        for readings in lines
    ]
    decoded = decode_outline(cands)
    state = OutlineState()
    for marker in decoded.markers:
        if marker is not None:
            cost, state = outline_step(state, marker)
            assert cost < float("inf")
    assert state == decoded.end
    assert all(0.0 <= p <= 1.0 for p in decoded.posteriors)
