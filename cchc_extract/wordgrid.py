"""Tables printed without ruling lines: columns from the gutters between word boxes, rows from the number column.

Hand-written because no library does this on words we already have: pdfplumber's text strategy needs a PDF's
own characters, and img2table's borderless mode runs its own detection and OCR on the image. Here the words come
boxed from either source (text layer or Tesseract), so one function serves digital and scanned pages.
"""

from __future__ import annotations

import re
from statistics import median

from cchc_extract.columns import header_in_line, header_roles
from cchc_extract.ingest import Cell, Grid, Page, Word, word_rows
from cchc_extract.numbering import GROUP_LETTER

GUTTER_MIN = 0.5  # a gutter is at least this many line heights wide
SEGMENT_GAP = 0.6  # words further apart than this many line heights belong to different cells
GUTTER_NOISE = 2  # runs of text that may cross a gutter (specks, a heading's title) on a long table
_GROUP_NUMBER = re.compile(rf"[IVXL]{{1,5}}|{GROUP_LETTER.pattern}")  # a Roman numeral or a group letter, as printed
CROSSING_RUNS = 3  # a line with this many runs of text crosses cells (fewer: a heading, or one cell's line)
TABLE_GAP = 3.0  # a vertical gap of this many line heights ends the table
ROW_GAP = 0.45  # rows stand further apart than the lines inside a cell


def _visual_lines(words: list[Word]) -> list[list[Word]]:
    """Printed lines, the words taken by their centres (a table's cells start at different heights)."""
    return word_rows(words, order=lambda w: ((w.top + w.bottom) / 2, w.x0))


def _segments(line: list[Word], gap: float) -> list[list[Word]]:
    """A line cut where words stand further apart than `gap`: the runs of text of one or more cells."""
    out = [[line[0]]]
    for w in line[1:]:
        if w.x0 - out[-1][-1].x1 > gap:
            out.append([w])
        else:
            out[-1].append(w)
    return out


def column_bounds(lines: list[list[Word]], height: float) -> list[float]:
    """Column edges: the middles of the x-ranges no more than a few lines cover (a spanning heading may)."""
    x0 = min(w.x0 for ln in lines for w in ln)
    x1 = max(w.x1 for ln in lines for w in ln)
    step = max(height / 10, 1e-3)
    bins = int((x1 - x0) / step) + 1
    cover = [0] * bins
    segmented = [_segments(ln, SEGMENT_GAP * height) for ln in lines]
    # a line of one or two runs of text (a number and a heading across the row, a cell's line alone) says nothing
    # of where the gutters are; the lines that cross several cells do
    crossing = [segs for segs in segmented if len(segs) >= CROSSING_RUNS] or segmented
    for segs in crossing:
        for seg in segs:
            for b in range(int((seg[0].x0 - x0) / step), int((seg[-1].x1 - x0) / step) + 1):
                cover[b] += 1
    # a few runs may cross a gutter (specks, a heading); on a table of few lines, none may
    allowed = max(GUTTER_NOISE, len(crossing) // 12) if len(crossing) >= 4 * GUTTER_NOISE else len(crossing) // 4
    edges, start = [], None
    for b, n in enumerate([*cover, len(crossing) + 1]):
        if n <= allowed and start is None:
            start = b
        elif n > allowed and start is not None:
            if (b - start) * step >= GUTTER_MIN * height and start > 0 and b < bins:
                edges.append(x0 + (start + b) / 2 * step)
            start = None
    return [x0 - step, *edges, x1 + step]


def _column(x: float, bounds: list[float]) -> int:
    return max(0, min(len(bounds) - 2, next((i for i in range(len(bounds) - 1) if x < bounds[i + 1]), 0)))


def _line_cells(line: list[Word], bounds: list[float], height: float) -> tuple[list[list[Word]], list[bool]]:
    """The words of one visual line per column, and which columns a run of text from a column to its left
    covers (a heading spanning the row)."""
    cells: list[list[Word]] = [[] for _ in range(len(bounds) - 1)]
    spanned = [False] * len(cells)
    for seg in _segments(line, SEGMENT_GAP * height):
        first = _column((seg[0].x0 + seg[0].x1) / 2, bounds)
        last = _column((seg[-1].x0 + seg[-1].x1) / 2, bounds)
        cells[first].extend(seg)
        for c in range(first + 1, last + 1):
            spanned[c] = True
    return cells, spanned


def _header_at(lines: list[list[Word]]) -> int | None:
    for i, ln in enumerate(lines):
        if header_in_line(" ".join(w.text for w in ln), minimum=3):
            return i
    return None


def words_to_grid(words: list[Word]) -> tuple[Grid, float, float] | None:
    """An unruled table on a page (a header of column words, then rows started by the number column), with
    the top and bottom of its region; None when the page holds no such table."""
    lines = _visual_lines(words)
    at = _header_at(lines)
    if at is None:
        return None
    height = median(w.bottom - w.top for ln in lines for w in ln)
    end = at + 1
    while end < len(lines) and min(w.top for w in lines[end]) - max(w.bottom for w in lines[end - 1]) < \
            TABLE_GAP * height:
        end += 1
    region = lines[at:end]
    bounds = column_bounds(region, height)
    if len(bounds) < 4:
        return None
    rows: list[list[list[Word]]] = []
    spans: list[list[bool]] = []
    previous_bottom = -1e9
    for ln in region:
        cells, spanned = _line_cells(ln, bounds, height)
        # A row starts after the wider gap between rows: a header or number wrapped in its cell ("ST" / "T")
        # follows at the line spacing. The number cell is not required: OCR drops lone row numbers
        if not rows or min(w.top for w in ln) - previous_bottom > ROW_GAP * height:
            rows.append(cells)
            spans.append(spanned)
        else:
            for c, ws in enumerate(cells):
                rows[-1][c].extend(ws)
        previous_bottom = max(w.bottom for w in ln)
    roles = header_roles([" ".join(w.text for w in ws) for ws in rows[0]])
    if roles is None:
        return None
    describe = next(c for c, role in roles.items() if role == "description")
    for cells, spanned in zip(rows[1:], spans[1:], strict=True):
        _heading_shape(cells, spanned, describe)
    grid = Grid([_grid_row(cells, spanned) for cells, spanned in zip(rows, spans, strict=True)])
    top = min(w.top for w in region[0])
    bottom = max(w.bottom for w in region[-1])
    return grid, top, bottom


def _heading_shape(cells: list[list[Word]], spanned: list[bool], describe: int) -> None:
    """A group heading spans the row: its title alone, in the description cell after the number, or centred over
    other columns (OCR lost the number). Its title goes to the description cell and the cells after it are
    spanned. A title alone in the first column is left a row: without a number column it may be a task whose other
    cells are empty."""
    filled = [c for c, ws in enumerate(cells) if ws]
    title = [c for c in filled if c != 0] if filled and filled[0] == 0 else filled
    if len(cells) <= 2 or len(title) != 1 or title[0] == 0:
        return
    # after an item's number, a lone cell outside the description is that item's; after a Roman numeral or a
    # group letter it is the heading's title, centred
    group_number = filled[0] == 0 and bool(_GROUP_NUMBER.fullmatch(" ".join(w.text for w in cells[0]).rstrip(".")))
    if filled[0] == 0 and title[0] != describe and not group_number:
        return
    words = cells[title[0]]
    cells[title[0]] = []
    cells[describe] = words
    for c in range(describe + 1, len(cells)):
        spanned[c] = True


def _grid_row(cells: list[list[Word]], spanned: list[bool]) -> list[Cell | None]:
    out: list[Cell | None] = []
    for ws, covered in zip(cells, spanned, strict=True):
        if covered and not ws:
            out.append(None)
            continue
        text = "\n".join(" ".join(w.text for w in ln) for ln in _visual_lines(ws)) if ws else ""
        bbox = (min(w.x0 for w in ws), min(w.top for w in ws), max(w.x1 for w in ws), max(w.bottom for w in ws)) \
            if ws else None
        conf = round(sum(w.conf for w in ws) / len(ws), 1) if ws else None
        out.append(Cell(text=text, bbox=bbox, conf=conf))
    return out


def find_unruled_tables(pages: list[Page]) -> list[Page]:
    """Pages without a ruled table get one from their word boxes when a header of column words is there;
    the lines inside it leave the page's text."""
    for page in pages:
        if page.grids or not page.words:
            continue
        found = words_to_grid(page.words)
        if found is None:
            continue
        grid, top, bottom = found
        page.grids.append(grid)
        page.lines = [ln for ln in page.lines if ln.bbox is None or not top <= ln.bbox[1] <= bottom]
    return pages
