"""Rows from grids: ruled tables of a PDF's text layer (pdfplumber), ruled tables of a scan (OpenCV + Tesseract,
cchc_extract.scantables) and unruled tables cut from word positions (cchc_extract.wordgrid) all reach here as
`Grid`s on their pages; their cells are what was printed."""

from __future__ import annotations

from cchc_extract.ingest import Cell, Grid
from cchc_extract.models import CellBox
from cchc_extract.tables.base import FoundRows, Row, TableInput, register


def grids_to_rows(grids: list[tuple[int, Grid]], ocr_pages: frozenset[int] = frozenset()) -> list[Row]:
    rows = []
    for page, grid in grids:
        for cells in grid.rows:
            texts: list[str] = []
            raws: list[str] = []
            boxes: list[CellBox] = []
            columns: list[int] = []
            for cell in cells:
                if cell is None:
                    texts.append("")
                    raws.append("")
                    continue
                texts.append(cell.text)
                raws.append(cell.raw)
                if cell.bbox:
                    x0, top, x1, bottom = cell.bbox
                    boxes.append(CellBox(page=page, x0=x0, top=top, x1=x1, bottom=bottom, ocr_confidence=cell.conf))
                    columns.append(len(texts) - 1)
            spanned = _spans_row(cells)
            rows.append(Row(texts, raws, page, boxes, "grid", spanned=spanned, box_columns=columns,
                            ocr=page in ocr_pages))
    return rows


def _spans_row(cells: list[Cell | None]) -> bool:
    """A heading's shape: its title's cell spans the rest of the row (the cells after it are covered), after the
    number cell or, without one, from the first column."""
    covered = next((i for i, c in enumerate(cells) if c is None), None)
    if covered is None or covered == 0 or len(cells) - covered < 2 or len(cells) <= 2:
        return False
    return all(c is None for c in cells[covered:]) and covered <= 2


class GridSource:
    name = "grid"

    def read(self, given: TableInput) -> FoundRows | None:
        grids = [(page.number, grid) for page in given.pages for grid in page.grids]
        ocr = frozenset(page.number for page in given.pages if page.source.text_source == "ocr")
        return FoundRows(self.name, grids_to_rows(grids, ocr)) if grids else None


register(GridSource())
