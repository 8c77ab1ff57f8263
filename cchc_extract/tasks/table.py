"""Table rows -> Task records, whatever source gave the rows (cchc_extract.tables): header roles, repeated
headers, group rows, continued rows, units split, deadlines parsed, the index taken."""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from cchc_extract.columns import header_roles
from cchc_extract.models import Provenance, Task
from cchc_extract.numbering import item_successors, next_roman, roman_value
from cchc_extract.structure import index_of_group, is_upper_text, sentence_case
from cchc_extract.tables.base import BASE_CONFIDENCE, Row
from cchc_extract.tasks.fields import join_id, parse_due, split_responsibility, split_units
from cchc_extract.vietnamese import fold_lower

ROLES = ("number", "description", "target", "deadline", "lead", "coordinators", "responsibility", "output")
_GROUP_LETTER = re.compile(r"^[A-ZĐ]$")
_ROMAN = re.compile(r"^(?=[IVXL])X{0,3}(IX|IV|V?I{0,3})$")
_ARABIC = re.compile(r"^\d+$")
_DOTTED = re.compile(r"^\d+(\.\d+)+$")
_DOTTED_OR_ARABIC = re.compile(r"^\d+(\.\d+)*$")


def _clean_number(num: str) -> str:
    num = num.strip().rstrip(".,").strip()
    return re.sub(r"\s+", "", num)


def _number_level(num: str) -> int | None:
    if num == "-":
        return 9
    if _GROUP_LETTER.match(num):
        return 0
    if _ROMAN.match(num):
        return 1
    if _ARABIC.match(num):
        return 2
    if _DOTTED.match(num):
        return 2 + num.count(".")
    return None


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


def _confidence(row: Row, inferred: bool) -> float:
    """How sure the row's cells are, by where they came from (BASE_CONFIDENCE), times the outline decoder's
    posterior that a row starts where it found one; less when the row's number was inferred."""
    base = BASE_CONFIDENCE[row.method] * (row.posterior if row.posterior is not None else 1.0)
    return round(max(0.0, base - (0.2 if inferred else 0.0)), 2)


def _flat(text: str | None) -> str | None:
    if not text:
        return None
    return re.sub(r"\s+", " ", text.replace("-\n", "-")).strip() or None


def _next_in_sequence(last_roman: str, last_item: str, heading: bool) -> tuple[str, int]:
    """The number a garbled number cell must hold: the Roman numeral after the last one for a heading row,
    else the item number after the last one under the current heading (cchc_extract.numbering)."""
    if heading:
        return next_roman(last_roman or None), 1
    return item_successors(last_item if last_item.isdigit() else None)[0], 2


def _roman_not_after(number: str, last_roman: str) -> bool:
    value, last = roman_value(number), roman_value(last_roman)
    return value is not None and last is not None and value <= last


def _misread_item(number: str, last_item: str, after: list[tuple[dict[str, str], Row]]) -> bool:
    """An item number off its sequence that the next numbered item shows to be misread: "54" between 1 and 3.
    Numbering that runs on across headings, or restarts, is left alone."""
    due = int(last_item) + 1 if last_item.isdigit() else 1
    if not number.isdigit() or int(number) in (due, 1):
        return False
    following = next((n for v, _ in after if (n := _clean_number(v.get("number", "")))), "")
    return following == str(due + 1)


def _assign_groups(merged: list[tuple[dict[str, str], Row]], plan_year: int | None) -> list[Task]:
    stack: list[tuple[int, str, str]] = []  # (level, number, "<number>. <title>")
    tasks: list[Task] = []
    other_roles = ("target", "deadline", "lead", "coordinators", "responsibility", "output")
    last_letter, last_roman, last_item = "", "", ""
    for at, (values, row) in enumerate(merged):
        number = _clean_number(values.get("number", ""))
        level = _number_level(number) if number else None
        grid_heading = row.spanned and row.method != "text-vocabulary"  # text rows mark their headings themselves
        if level == 2 and grid_heading and not any(values.get(r) for r in other_roles):
            # A heading-shaped row numbered like the items under it ("1" above items 1, 2, 3; "11" after them)
            # is a Roman heading OCR misread: items and headings do not share a level.
            following = next((n for v, _ in merged[at + 1 :] if (n := _clean_number(v.get("number", "")))), "")
            if last_item or _number_level(following) == 2:
                level = None
        if number in ("I", "V", "X") and last_letter != chr(ord(number) - 1):
            level = 1  # a Roman numeral, unless it follows the letter before it (H, I)
        has_fields = any(values.get(r) for r in other_roles)
        description = _flat(values.get("description")) or ""
        # Letter groups run A, B, C...: another letter where one is due is a garbled number (H for II).
        out_of_order = level == 0 and number != (chr(ord(last_letter) + 1) if last_letter else "A")
        # Roman headings only go up: a repeated or lower numeral is a misread one (II for III). Not in rows
        # rebuilt from run-together text, where a page break can repeat a heading line.
        out_of_order |= level == 1 and row.method != "text-vocabulary" and _roman_not_after(number, last_roman)
        out_of_order |= level == 2 and _misread_item(number, last_item, merged[at + 1 :])
        # OCR garbled the number cell ("j]", "H.Hì!") or lost it (an item right under a heading)
        # A number-less row under a numbered sub-heading (1.1) is one of its bullets, not a lost number
        under_item = bool(stack) and stack[-1][0] >= 3 and row.method == "text-paragraphs" and not row.spanned
        inferred = (bool(number) and (level is None or out_of_order)) or (
            not number and not under_item and (row.method in ("grid", "text-paragraphs") or row.spanned)
        )
        first_child = not number and at > 0 and merged[at - 1][1].spanned and bool(stack) and has_fields
        if first_child and _DOTTED_OR_ARABIC.match(stack[-1][1]):
            # a row right under a numbered sub-heading, its number lost: the sub-heading's first item (1 -> 1.1)
            number, level, inferred = f"{stack[-1][1]}.1", stack[-1][0] + 1, True
        elif inferred:
            heading = not has_fields and (row.spanned or is_upper_text(description))
            following = _clean_number(merged[at + 1][0].get("number", "")) if at + 1 < len(merged) else ""
            if heading and last_roman and following == "I":  # the Roman numerals start again: a new letter group
                number, level = (chr(ord(last_letter) + 1) if last_letter else "A"), 0
            else:
                number, level = _next_in_sequence(last_roman, last_item, heading)
        if level == 0:
            last_letter, last_roman, last_item = number, "", ""
        elif level == 1:
            last_roman, last_item = number, ""
        elif level == 2:
            last_item = number
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
        lead, coord = values.get("lead"), values.get("coordinators")
        if values.get("responsibility") and not lead:
            lead, resp_coord = split_responsibility(values["responsibility"])
            coord = coord or resp_coord
        group = [g for _, _, g in stack]
        path = join_id([n for _, n, _ in stack] + [number or "-"])
        deadline = _flat(values.get("deadline"))
        tasks.append(
            Task(
                id=path,
                number=number or None,
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
                confidence=_confidence(row, inferred),
                provenance=Provenance(
                    pages=sorted({b.page for b in row.bboxes} | ({row.page} if row.page else set())),
                    lines=row.lines,
                    method=f"appendix-{row.method}",
                    cells=row.bboxes,
                ),
            )
        )
    return tasks
