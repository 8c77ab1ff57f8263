"""Rows from tab-separated OCR text: one printed row a line, its cells between tabs."""

from __future__ import annotations

from cchc_extract.structure import DocLine
from cchc_extract.tables.base import FoundRows, Row, TableInput, register


def tab_lines_to_rows(lines: list[DocLine]) -> list[Row]:
    rows = []
    for ln in lines:
        if ln.text.count("\t") >= 2:
            rows.append(Row(ln.text.split("\t"), ln.raw.split("\t"), ln.page, method="tab-text", lines=[ln.number]))
    return rows


class TabSource:
    """Tab-separated OCR text: one printed row a line, cells between tabs."""

    name = "tab-text"

    def read(self, given: TableInput) -> FoundRows | None:
        if given.appendix is None:
            return None
        rows = tab_lines_to_rows(given.lines[given.appendix.start : given.appendix.end])
        return FoundRows(self.name, rows) if rows else None


register(TabSource())
