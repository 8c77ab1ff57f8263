"""Which lines of run-together table text start a row, and with what number: every line's first token is read as
the markers it may stand for (through the OCR confusions of patterns/table_text.json and patterns/numbering.json),
the line's shape weighs each reading, and the outline model (cchc_extract.numbering.decode_outline) picks the
likeliest sequence for the whole table, so one misread number costs a little, never the rows after it.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import NamedTuple

from cchc_extract.numbering import (
    NUMERAL_GLYPHS,
    OUTLINE,
    Candidate,
    Decoded,
    Marker,
    OutlineState,
    decode_outline,
    letter_marker,
    marker_level,
    outline_successors,
    roman_readings,
    roman_value,
)
from cchc_extract.patterns import load_pattern_file
from cchc_extract.structure import is_upper_text

Seen = list[tuple[str, int]]  # (number, level) of the rows so far: 0 letter, 1 Roman, 2+ item by depth
HEADING_LINE = 60  # a group heading's title fits on one line of the table: item lines run on through the other cells


@dataclass(frozen=True)
class ReadSettings:
    """Costs in nats of reading a line's first token as a row's number (tuned on the dev documents of the corpus
    benchmark, stripped and OCR text forms)."""

    skip: float = 4.0  # a line whose first token reads as a number starts no row
    confused_digit: float = 1.0  # each character read as the digit OCR took it for ('l' for 1, 'S' for 5)
    dot_lost: float = 1.5  # '54' for 5.4
    prefix_lost: float = 1.5  # '1' for 2.1
    letter: float = 0.5  # a group letter 'A.'; without its dot, more
    letter_bare: float = 2.0
    lower_after: float = 1.0  # the text after the number starts with a lower-case letter: a cell going on
    alone: float = 0.5  # nothing after the number on its line
    long_heading: float = 1.0  # a Roman or letter heading whose title runs past one table line
    untitled_heading: float = 2.5  # ... or whose text after the numeral does not start with a capital
    plain_heading: float = 1.0  # ... or whose title is neither in capitals nor after a ruling
    bordered_heading: float = 1.5  # a heading's title spans the row: cell borders '|' in it say it is no heading
    specks: float = 1.0  # each speck of punctuation OCR put before the number
    bar_after: float = -0.5  # a ruling read as '|' right after the number
    blank_bar: float = 2.0  # an empty number cell before a ruling: the next row, whatever its number
    blank_unreadable: float = 3.0  # a short unreadable token before a ruling or a capitalized cell: the same
    blank_unbordered: float = 0.5  # ... more when no ruling follows it
    blank_letters: float = 1.0  # ... more when it holds letters, not a digit OCR misread ('9' for 2)
    max_item: int = 60  # larger numbers are years, amounts, dates
    ahead: int = 40  # lines read ahead of a run of the table (further ones hardly weigh on its rows)


READ = ReadSettings()


@dataclass(frozen=True)
class Head:
    """A line's first token as a number cell: the token, the text after it, how many raw tokens it takes, and
    whether a ruling '|' follows it."""

    token: str
    rest: str
    taken: int
    bar: bool
    dotted: bool = False  # printed with its dot ('A.')
    specks: int = 0  # tokens of punctuation before it


def line_head(raw: str) -> Head | None:
    tokens = raw.split()
    skip = 0
    while skip < len(tokens) - 1 and len(tokens[skip]) <= 2 and not any(c.isalnum() or c == "|" for c in tokens[skip]):
        skip += 1  # specks before the number: ", |Chi ..."
    if skip >= len(tokens):
        return None
    tok, _, after = tokens[skip].partition("|")
    bar = "|" in tokens[skip]
    used = skip + 1
    if not after and used < len(tokens) and tokens[used] == "|":
        bar, used = True, used + 1
    rest = " ".join(([after] if after else []) + tokens[used:])
    return Head(tok.rstrip(".,"), rest, used - 1 if after else used, bar, tok.rstrip(",").endswith("."), skip)


def _item_readings(token: str, s: ReadSettings) -> list[tuple[Marker, float]]:
    table: dict[str, str] = load_pattern_file("table_text")["number_confusions"]
    chars = [(c, 0.0) if c.isdigit() or c == "." else (table.get(c, ""), s.confused_digit) for c in token]
    if any(not c for c, _ in chars) or not any(c.isdigit() for c, _ in chars):
        return []
    text, cost = "".join(c for c, _ in chars), sum(v for _, v in chars)
    if not re.fullmatch(r"\d+(\.\d+)*", text):
        return []
    readings = [(tuple(int(p) for p in text.split(".")), cost)]
    if text.isdigit() and len(text) in (2, 3):  # a dot OCR lost
        readings += [((int(text[:i]), int(text[i:])), cost + s.dot_lost) for i in range(1, len(text))]
    return [(Marker("item", v), c) for v, c in readings if 0 < max(v) <= s.max_item and min(v) > 0]


def _unreadable(token: str) -> bool:
    """A short token no number reading explains, which is no one-letter word ('à', 'ở', 'y'): a garbled number."""
    words = "àởyoaAOY"
    garbled = len(token) == 1 or not token.isdigit()  # a lone digit that fits nowhere: OCR read another ('9' for 2)
    return 0 < len(token) <= 2 and garbled and not token.startswith(".") and bool(token.strip(words))


@lru_cache(maxsize=8192)
def line_candidate(raw: str, s: ReadSettings = READ) -> Candidate:
    """The readings of a line's first token as a row number, weighed by the line's shape."""
    head = line_head(raw)
    if head is None:
        return Candidate((), 0.0)
    tok, rest = head.token, head.rest
    shape = (s.bar_after if head.bar else 0.0) + s.specks * head.specks
    if not rest:
        shape += s.alone
    elif rest[:1].islower():
        shape += s.lower_after
    heading = 0.0 if is_upper_text(rest) or len(rest) < HEADING_LINE else s.long_heading
    if rest and not rest[:1].isupper():
        heading += s.untitled_heading
    if "|" in rest:
        heading += s.bordered_heading
    if not (is_upper_text(rest) or head.bar):
        heading += s.plain_heading
    readings: list[tuple[Marker, float]] = []
    if tok and len(tok) <= 6:
        readings += [(m, c + shape) for m, c in _item_readings(tok, s)]
        if re.fullmatch(f"[{NUMERAL_GLYPHS}]+", tok):
            readings += [(Marker("roman", (v,)), c + shape + heading) for v, c in roman_readings(tok, absolute=True)]
        if letter := letter_marker(tok):
            readings.append((letter, (s.letter if head.dotted else s.letter_bare) + shape + heading))
    blank = math.inf
    if not tok and head.bar and rest:
        blank = s.blank_bar + shape
    elif _unreadable(tok) and (head.bar or rest[:1].isupper()):
        garbled = s.blank_unreadable + (0.0 if any(c.isdigit() for c in tok) else s.blank_letters)
        blank = garbled + shape + (0.0 if head.bar else s.blank_unbordered)
    if not readings and blank == math.inf:
        return Candidate((), 0.0)
    first_child = s.prefix_lost + shape if tok == "1" else math.inf
    return Candidate(tuple(readings), s.skip, blank, blank + heading, first_child)


def state_of(seen: Seen) -> OutlineState:
    """The outline state after the rows seen so far."""
    letter = roman = 0
    item: tuple[int, ...] = ()
    fresh = True
    for number, level in seen:
        if level == 0 and number[:1].isalpha():
            letter, roman, fresh = ord(number[0].upper()) - 64, 0, True
        elif level == 1 and (v := roman_value(number)):
            roman, fresh = v, True
        elif re.fullmatch(r"\d+(\.\d+)*", number):
            item, fresh = tuple(int(p) for p in number.split(".")), False
    return OutlineState(letter, roman, item, fresh)


def seen_entry(marker: Marker) -> tuple[str, int]:
    return marker.label, marker_level(marker)


class RowStart(NamedTuple):
    """A line that starts a row: its number and level, the raw tokens the number takes, and the decoder's
    posterior probability that the line starts this row."""

    number: str
    level: int
    taken: int
    posterior: float


def decode_row_starts(raws: list[str], seen: Seen, ahead: list[str] | None = None) -> list[RowStart | None]:
    """The row each line starts (None for the others); `seen` is advanced by the rows found. `ahead`: the lines
    that follow, decoded with these (their rows are not taken): a row's number is read knowing which come after."""
    heads = [line_head(r) for r in raws]
    decoded = decode_outline([line_candidate(r) for r in [*raws, *(ahead or [])[: READ.ahead]]], state_of(seen))
    out: list[RowStart | None] = []
    n = len(raws)
    for marker, head, p in zip(decoded.markers[:n], heads, decoded.posteriors[:n], strict=True):
        if marker is None or head is None:
            out.append(None)
            continue
        entry = seen_entry(marker)
        seen.append(entry)
        out.append(RowStart(*entry, head.taken, round(p, 3)))
    return out


def next_expected(seen: Seen) -> list[tuple[str, int]]:
    """The numbers that may come next at no cost, likeliest first: for a row whose number was lost."""
    return [seen_entry(m) for m in outline_successors(state_of(seen))]


# --- number cells of rows a grid gave ------------------------------------------------------------------------


@dataclass(frozen=True)
class CellSettings:
    """Costs in nats of reading a table row's number cell (tuned on the dev documents of the corpus benchmark)."""

    misread: float = 4.0  # a number cell that fits nowhere holds the next number, misread by OCR
    exact: float = math.inf  # ... a text layer's, which misreads nothing: a number it prints is the row's
    lost: float = 1.0  # an empty number cell in a numbered table: the next number, lost or never printed
    first_child: float = 0.5  # ... right under a numbered heading row: its first sub-item
    fielded_heading: float = 3.0  # a Roman or letter reading of a row with task cells: headings have none
    heading_item: float = 1.5  # an item reading of a heading-shaped row ('1' above items 1, 2, 3 is a misread I)
    max_item: int = 300  # a table's items run this far


CELL = CellSettings()
# every row starts a row, and headings are weighed by the cells; a table's first rows stand under its first heading
# (a table's printed numbers, out of order as authors leave them, are kept when no reading mends them)
CELL_OUTLINE = replace(OUTLINE, under_start=0.0, blank_heading=0.0, late_heading=2.0, disorder=8.0)


@dataclass(frozen=True)
class CellShape:
    """What a row shows besides its number cell: `heading` it is shaped as a heading (no task cells, spanning the
    row or in capitals), `fielded` it has task cells, `unnumbered` it may have no number at all (a bullet under a
    sub-item, or a table without numbers), `under_heading` it stands right under a numbered heading row, `exact`
    its text is a text layer's (no OCR)."""

    heading: bool
    fielded: bool
    unnumbered: bool
    under_heading: bool
    exact: bool


def cell_candidate(number: str, shape: CellShape, s: CellSettings = CELL) -> Candidate:
    """The readings of a row's number cell, weighed by the row's shape."""
    heading, fielded, unnumbered, under_heading = shape.heading, shape.fielded, shape.unnumbered, shape.under_heading
    as_heading = s.fielded_heading if fielded else 0.0
    first = s.first_child if under_heading and fielded and not number else math.inf
    if number == "-" or (not number and unnumbered and first == math.inf):
        return Candidate((), 0.0)
    if not number:
        lost = math.inf if unnumbered else s.lost
        return Candidate((), math.inf, lost + (s.heading_item if heading else 0.0), lost + as_heading, first)
    readings = [(m, c + (s.heading_item if heading else 0.0))
                for m, c in _item_readings(number, replace(READ, max_item=s.max_item))]
    if re.fullmatch(f"[{NUMERAL_GLYPHS}]+", number):
        readings += [(Marker("roman", (v,)), c + as_heading) for v, c in roman_readings(number, absolute=True)]
    if letter := letter_marker(number):
        readings.append((letter, as_heading))
    misread = s.exact if shape.exact and readings else s.misread
    return Candidate(tuple(readings), math.inf, misread, misread + as_heading)


def _same_role(a: Marker | None, b: Marker | None) -> bool:
    """Both a task's number, both a heading's, or both none."""
    return (a is None) == (b is None) and (a is None or b is None or (a.kind == "item") == (b.kind == "item"))


def decode_cells(candidates: list[Candidate]) -> Decoded:
    """The likeliest numbers of a table's rows, read together (cchc_extract.numbering.decode_outline); each
    posterior is that of the row's role (a task's number or a heading's), which decides whether it is a task, not
    of the exact number: the fourth of four lost numbers is uncertain, its row is not."""
    return decode_outline(candidates, s=CELL_OUTLINE, same=_same_role)
