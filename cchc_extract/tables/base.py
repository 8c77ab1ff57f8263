"""The one interface every source of table rows implements, and their registry (as camelot registers its
parsers): a new way a plan's task table reaches us is one module with one `RowSource`, tried in registry order.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal, Protocol

from cchc_extract.ingest import Page
from cchc_extract.models import CellBox
from cchc_extract.structure import DocLine, SectionSpan

RowMethod = Literal["grid", "tab-text", "text-paragraphs", "text-vocabulary"]
# How sure a row's cell assignment is, by where the row came from: ruled or tab-separated cells are what was
# printed; paragraphs of run-together text follow the column order; words cut out of interleaved lines by
# their vocabulary are the least sure.
BASE_CONFIDENCE: dict[RowMethod, float] = {"grid": 0.9, "tab-text": 0.9, "text-paragraphs": 0.6,
                                          "text-vocabulary": 0.4}


@dataclass
class Row:
    cells: list[str]
    raw: list[str]
    page: int | None
    bboxes: list[CellBox] = field(default_factory=list)
    method: RowMethod = "grid"
    lines: list[int] = field(default_factory=list)
    box_columns: list[int] = field(default_factory=list)  # the table column of each box
    spanned: bool = False  # its second cell spans the rest of the row: a group heading by its shape
    guessed: tuple[str, int] | None = None  # (number, level) the numbering sequence gave it: its own was lost
    ocr: bool = False  # read by OCR from a page image (its cells may have lost a column a text layer keeps)
    posterior: float | None = None  # P(a row starts here) from the outline decoder, for rows it found


@dataclass(frozen=True)
class TableInput:
    """What a row source may read: the pages (with any grids ingest found), the document's restored lines and the
    appendix section if the plan has one."""

    pages: list[Page]
    lines: list[DocLine]
    appendix: SectionSpan | None


@dataclass
class FoundRows:
    source: str
    rows: list[Row]
    roles: dict[int, str] | None = None  # column roles when the source read the header itself


class RowSource(Protocol):
    name: str

    def read(self, given: TableInput) -> FoundRows | None:
        """The rows of the plan's task table, or None when this source does not see one."""
        ...


SOURCES: list[RowSource] = []


def register(source: RowSource) -> RowSource:
    SOURCES.append(source)
    return source


def read_rows(given: TableInput) -> Iterator[FoundRows]:
    """The rows of every registered source that sees a table, in registry order (the caller keeps the first
    that gives tasks: a grid with no header row gives none, and the text of the appendix is read next)."""
    for source in SOURCES:
        found = source.read(given)
        if found is not None:
            yield found
