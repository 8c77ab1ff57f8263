"""Table rows -> Task records, whatever source gave the rows (cchc_extract.tables): header roles, repeated
headers, group rows, continued rows, units split, deadlines parsed, the index taken."""

from __future__ import annotations

import re
from typing import NamedTuple

from rapidfuzz import fuzz

from cchc_extract.columns import header_roles
from cchc_extract.models import Provenance, Task
from cchc_extract.numbering import Candidate, marker_level
from cchc_extract.structure import index_of_group, is_upper_text, sentence_case
from cchc_extract.tables.base import BASE_CONFIDENCE, Row
from cchc_extract.tables.rowstarts import CellShape, cell_candidate, decode_cells
from cchc_extract.tasks.fields import join_id, parse_due, split_responsibility, split_units
from cchc_extract.vietnamese import fold_lower

ROLES = ("number", "description", "target", "deadline", "lead", "coordinators", "responsibility", "output")
_DOTTED = re.compile(r"^\d+(\.\d+)+$")
_DOTTED_OR_ARABIC = re.compile(r"^\d+(\.\d+)*$")


def _clean_number(num: str) -> str:
    num = num.strip().rstrip(".,").strip()
    return re.sub(r"\s+", "", num)


# --- row logic ------------------------------------------------------------------------------------------


def rows_to_tasks(rows: list[Row], plan_year: int | None, roles: dict[int, str] | None = None) -> list[Task]:
    """Tasks from table rows; column roles from the first header row unless the caller already knows them."""
    header: list[str] = []  # the header row, to drop its repeats on later pages
    merged: list[tuple[dict[str, str], Row]] = []
    own = roles is None  # the rows carry their headers: each header gives the roles of the rows below it
    for row in rows:
        found = header_roles(row.cells)
        if found and own and (roles is None or _same_columns(found, roles, _read_by_ocr(row))):
            roles, header = found, row.cells  # the header again, maybe shifted: a page whose number column OCR lost
            continue
        if roles is None:
            continue
        if found or (header and fuzz.ratio(fold_lower(" ".join(row.cells)), fold_lower(" ".join(header))) >= 85):
            continue  # header repeated on a new page
        if _is_column_number_row(row.cells):
            continue  # column-number row "1 2 3 4 5 6" or "(1) (2) ..."
        values = {roles[i]: c.strip() for i, c in enumerate(row.cells) if i in roles and c}
        if not any(values.values()):
            continue
        row.bboxes = [b.model_copy(update={"role": roles.get(c)})
                      for b, c in zip(row.bboxes, row.box_columns, strict=True)]
        # A row without a number continues the one before (a row cut by a page break), but not a heading row
        # it could never continue: then OCR lost its number.
        heading_before = bool(merged) and merged[-1][1].spanned
        numbered = "number" in roles.values()  # without a number column (or OCR lost it) every row is its own
        if numbered and not values.get("number") and merged and row.method in ("grid", "tab-text") \
                and not heading_before:
            prev, prev_row = merged[-1]
            for k, v in values.items():
                prev[k] = f"{prev.get(k, '')}\n{v}".strip()
            prev_row.raw = [*prev_row.raw, *row.raw]
            prev_row.bboxes = [*prev_row.bboxes, *row.bboxes]
            continue
        merged.append((values, row))
    return _assign_groups(merged, plan_year)


def _same_columns(found: dict[int, str], roles: dict[int, str], ocr: bool) -> bool:
    """The same header; on an OCR'd page its number column aside (OCR may have joined 'TT' to the next cell or
    lost it; a text layer never does, so there another set of columns is another table's header)."""
    if ocr:
        return set(found.values()) - {"number"} == set(roles.values()) - {"number"}
    return set(found.values()) == set(roles.values())


def _read_by_ocr(row: Row) -> bool:
    return row.ocr


def _is_column_number_row(cells: list[str]) -> bool:
    filled = [c.strip() for c in cells if c.strip()]
    if len(filled) < 3 or any(len(re.sub(r"\W", "", c)) > 3 for c in filled):  # "(1)", OCR's "(Ì)-..2)"
        return False
    return sum(1 for c in filled if re.search(r"[\d()]", c)) >= len(filled) / 2


def _confidence(row: Row, inferred: bool, posterior: float) -> float:
    """How sure the row's cells are, by where they came from (BASE_CONFIDENCE), times the outline decoder's
    posteriors that a row starts where it was found and holds the number given; less when the number was inferred."""
    base = BASE_CONFIDENCE[row.method] * (row.posterior if row.posterior is not None else 1.0) * posterior
    return round(max(0.0, base - (0.2 if inferred else 0.0)), 2)


def _flat(text: str | None) -> str | None:
    if not text:
        return None
    return re.sub(r"\s+", " ", text.replace("-\n", "-")).strip() or None


_TASK_CELLS = ("target", "deadline", "lead", "coordinators", "responsibility", "output")


class Numbered(NamedTuple):
    """A row's number as the outline decoder read it: the label, its level (None: the row has none), whether it
    differs from the printed cell, and the posterior of the reading."""

    number: str
    level: int | None
    inferred: bool
    posterior: float


def _heading_shaped(values: dict[str, str], row: Row) -> bool:
    return not any(values.get(r) for r in _TASK_CELLS) and (row.spanned or is_upper_text(values.get("description", "")))


def _candidates(merged: list[tuple[dict[str, str], Row]]) -> list[Candidate]:
    """Each row's number cell as the markers it may stand for. A row without a number is a bullet under a printed
    sub-item (1.1), or in a table that numbers no rows; elsewhere it lost its number."""
    out: list[Candidate] = []
    sub_item = False  # the last numbered row is a heading with a dotted number
    for at, (values, row) in enumerate(merged):
        number = _clean_number(values.get("number", ""))
        fielded = any(values.get(r) for r in _TASK_CELLS)
        before = _clean_number(merged[at - 1][0].get("number", "")) if at else ""
        under = at > 0 and merged[at - 1][1].spanned and bool(_DOTTED_OR_ARABIC.match(before))
        lost_here = row.method in ("grid", "text-paragraphs") or row.spanned
        unnumbered = (sub_item and row.method == "text-paragraphs" and not row.spanned) or not lost_here
        exact = row.method in ("grid", "tab-text") and not row.ocr
        out.append(cell_candidate(number, CellShape(_heading_shaped(values, row), fielded, unnumbered, under, exact)))
        if number:
            sub_item = not fielded and bool(_DOTTED.match(number))
    return out


def _numbers(merged: list[tuple[dict[str, str], Row]]) -> list[Numbered]:
    """The rows' numbers decoded together: a misread or lost number cell is read as the one its neighbours imply."""
    decoded = decode_cells(_candidates(merged))
    out: list[Numbered] = []
    for (values, _), marker, p in zip(merged, decoded.markers, decoded.posteriors, strict=True):
        printed = _clean_number(values.get("number", ""))
        if marker is None:
            out.append(Numbered(printed, 9 if printed == "-" else None, False, p))
        else:
            out.append(Numbered(marker.label, marker_level(marker), marker.label != printed, p))
    return out


def _assign_groups(merged: list[tuple[dict[str, str], Row]], plan_year: int | None) -> list[Task]:
    """Heading rows open groups (a deeper level nests, the same or a higher one closes); every other row with
    content is a task under the groups open above it."""
    stack: list[tuple[int, str, str]] = []  # (level, number, "<number>. <title>")
    tasks: list[Task] = []
    for (values, row), numbered in zip(merged, _numbers(merged), strict=True):
        number, level = numbered.number, numbered.level
        has_fields = any(values.get(r) for r in _TASK_CELLS)
        description = _flat(values.get("description")) or ""
        # A row without other cells is a heading; in text that lost the layout only where the reader saw one (an
        # item whose cells went to its neighbours' lines stays an item)
        heading_row = not has_fields and bool(description) and (row.method != "text-vocabulary" or row.spanned)
        if heading_row and (level is not None or (number and is_upper_text(description))):
            level = level if level is not None else 1
            title = sentence_case(description) if is_upper_text(description) else description
            while stack and stack[-1][0] >= level:
                stack.pop()
            stack.append((level, number, f"{number}. {title}"))
            continue
        if not description and not has_fields:
            continue
        if level is not None:
            while stack and stack[-1][0] >= level:
                stack.pop()
        tasks.append(_row_task(values, row, numbered, stack, plan_year))
    return tasks


def _row_task(
    values: dict[str, str], row: Row, numbered: Numbered, stack: list[tuple[int, str, str]], plan_year: int | None
) -> Task:
    """One row's Task: units split, the deadline parsed, the index taken from its groups, its cells' boxes kept."""
    lead, coord = values.get("lead"), values.get("coordinators")
    if values.get("responsibility") and not lead:
        lead, resp_coord = split_responsibility(values["responsibility"])
        coord = coord or resp_coord
    group = [g for _, _, g in stack]
    description = _flat(values.get("description")) or ""
    deadline = _flat(values.get("deadline"))
    return Task(
        id=join_id([n for _, n, _ in stack] + [numbered.number or "-"]),
        number=numbered.number or None,
        group=group,
        origin="appendix",
        description=description,
        target=_flat(values.get("target")),
        lead=_flat(lead),
        coordinators=_flat(coord),
        deadline=deadline,
        output=_flat(values.get("output")),
        lead_units=split_units(_flat(lead)),
        coordinator_units=split_units(_flat(coord)),
        due=parse_due(deadline, plan_year),
        index=index_of_group(group, description),  # type: ignore[arg-type]
        page=row.page,
        raw="\n".join(r for r in row.raw if r),
        confidence=_confidence(row, numbered.inferred, numbered.posterior),
        provenance=Provenance(
            pages=sorted({b.page for b in row.bboxes} | ({row.page} if row.page else set())),
            lines=row.lines,
            method=f"appendix-{row.method}",
            cells=row.bboxes,
        ),
    )
