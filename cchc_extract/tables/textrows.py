"""Appendix rows rebuilt from OCR text that lost the table layout, by hand because no library does it.

Table extractors (pdfplumber, camelot, img2table) need word positions; text that an earlier OCR ran
together line by line ("Tổ chức ... Trong năm Phòng HC&TH Các phòng, 100% nhiệm vụ") has none. Rows are
found by their printed numbers, decoded as one sequence by cchc_extract.tables.rowstarts (OCR garbles "5" to
"S5", "II" to "Il"); the lines of a row are the lines after its number, or around it where the table prints
its numbers at the rows' middle; columns come from the vocabulary of deadline and unit cells in
patterns/table_text.json, and from the fact that every cell starts with a capital letter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from cchc_extract.columns import header_in_line, header_roles, roles_in
from cchc_extract.patterns import rx
from cchc_extract.structure import DocLine, is_upper_text
from cchc_extract.tables.base import FoundRows, Row, RowMethod, TableInput, register
from cchc_extract.tables.rowstarts import HEADING_LINE, RowStart, decode_row_starts, next_expected
from cchc_extract.vietnamese import fold_lower

_EDGE_PUNCT = "\"'“”‘’,.;:()[]{}|~\\/*_-—–"


@dataclass
class _Cells:
    """The cells of one logical row while its lines are read."""

    number: str
    description: list[str] = field(default_factory=list)
    deadline: list[str] = field(default_factory=list)
    lead: list[str] = field(default_factory=list)
    coordinators: list[str] = field(default_factory=list)
    output: list[str] = field(default_factory=list)
    lines: list[DocLine] = field(default_factory=list)
    guessed: tuple[str, int] | None = None


@dataclass(frozen=True)
class LineParts:
    """One printed line cut into the columns it crosses."""

    description: str
    deadline: str
    units: tuple[str, ...]
    output: str


# --- header ------------------------------------------------------------------------------------------------


def find_text_header(lines: list[DocLine]) -> tuple[int, dict[int, str]] | None:
    """The first header line of a run-together table, with the roles its wrapped second line adds
    ("Phòng, đơn vị" / "chủ trì" under it)."""
    for i, ln in enumerate(lines):
        roles = header_in_line(ln.text)
        if roles is None:
            continue
        following = next((x.text for x in lines[i + 1 : i + 3] if x.text.strip()), "")
        before = next((x.text for x in reversed(lines[max(0, i - 2) : i]) if x.text.strip()), "")
        for near in (following, before):  # a header cell wrapped below or above the line
            if len(near) < 80:
                for _, role in roles_in(fold_lower(near)):
                    if role not in roles.values():
                        roles[len(roles)] = role
        return i, roles
    return stacked_header(lines)


STACK_LINES = 6  # a header printed one cell a line spans at most this many lines
STACK_CELL = 60  # and each of its lines is a short cell


def stacked_header(lines: list[DocLine]) -> tuple[int, dict[int, str]] | None:
    """A header OCR gave one cell a line ('Nội dung nhiệm vụ' / 'Chủ trì thực hiện'): the first run of short lines
    holding the description's and the lead's column words; its last line and the roles in reading order."""
    text = [(i, ln.text) for i, ln in enumerate(lines) if ln.text.strip()]
    for k, (i, first) in enumerate(text):
        if len(first) >= STACK_CELL or not roles_in(fold_lower(first)):
            continue
        window = [(j, t) for j, t in text[k : k + STACK_LINES] if len(t) < STACK_CELL]
        roles: list[str] = []
        last = i
        for j, t in window:
            found = [r for _, r in sorted(roles_in(fold_lower(t))) if r not in roles]
            if not found and roles:
                break
            roles += found
            last = j
        if {"description", "lead"} <= set(roles):
            return last, dict(enumerate(roles))
    return None


def _is_header_line(text: str) -> bool:
    return len(roles_in(fold_lower(text))) >= 3 and len(text) < 160


# --- tokens ------------------------------------------------------------------------------------------------


def _is_noise(token: str) -> bool:
    """OCR specks: punctuation alone, or a single letter other than the preposition "ở"."""
    core = token.strip(_EDGE_PUNCT)
    if not core:
        return token not in ("-", "+", "%")
    if len(core) == 1 and core.isalpha() and core.lower() != "ở":
        return True
    letters = sum(c.isalnum() for c in core)
    return letters < len(core) / 2


def _starts_upper(token: str) -> bool:
    core = token.lstrip(_EDGE_PUNCT)
    return bool(core) and core[0].isupper()


def _is_acronym(token: str) -> bool:
    core = token.strip(_EDGE_PUNCT)
    return len(core) >= 2 and core.replace("&", "").isalpha() and core.isupper()


def _folded_from(tokens: list[str], i: int) -> str:
    return fold_lower(" ".join(tokens[i : i + 8]))


def _deadline_at(tokens: list[str], i: int) -> int:
    """Number of tokens of a deadline cell starting at token i (0 if none starts there)."""
    if not _starts_upper(tokens[i]) and i > 0:
        return 0
    m = rx("table_text", "deadline_start").match(_folded_from(tokens, i))
    if not m:
        return 0
    n = len(m.group(0).split())
    if i + n < len(tokens) and _is_year(tokens[i + n]):
        n += 1
    return n


def _is_year(token: str) -> bool:
    return bool(rx("table_text", "year").match(token.strip(_EDGE_PUNCT)))


def _unit_at(tokens: list[str], i: int, after_deadline: bool) -> bool:
    """A unit cell starts at token i: a capitalized unit head not governed by a preposition."""
    if not _starts_upper(tokens[i]):
        return False
    if i > 0 and rx("table_text", "not_after").match(fold_lower(tokens[i - 1].strip(_EDGE_PUNCT))):
        return False
    folded = _folded_from(tokens, i)
    if rx("table_text", "unit_strong").match(folded):
        return True
    return after_deadline and bool(rx("table_text", "unit_weak").match(folded))


def _unit_length(tokens: list[str], i: int, limit: int = 6) -> int:
    """Tokens of the unit cell that starts at i: its head (a named unit's name whole: "Bộ Khoa học"), an acronym
    or lower-case words, up to a new cell."""
    head = rx("table_text", "unit_strong").match(_folded_from(tokens, i))
    n = max(1, len(head.group(0).split())) if head else 1
    while i + n < len(tokens):
        tok = tokens[i + n]
        if tok == "|" or _is_year(tok) or tok[:1].isdigit():
            break
        if _is_acronym(tok):
            n += 1
            break
        if _starts_upper(tok) or n >= limit:
            break
        n += 1
    return n


@lru_cache(maxsize=16384)
def split_line(text: str, row_needs_year: bool = False, late_deadline: bool = False) -> LineParts:
    """Cut one run-together line into description, deadline, unit cells and output, by vocabulary.
    `late_deadline`: the table's header puts the deadline after the units, so a deadline may start after them."""
    tokens = [t for t in text.replace("|", " | ").split() if not _is_noise(t) or t == "|"]
    desc: list[str] = []
    deadline: list[str] = []
    units: list[list[str]] = []
    output: list[str] = []
    stage = "description"
    i = 0
    first_unit = next((k for k in range(len(tokens)) if _unit_at(tokens, k, False)), len(tokens))
    year_at = None
    if row_needs_year:
        years = [k for k in range(first_unit) if _is_year(tokens[k])]
        year_at = years[-1] if years else None
    while i < len(tokens):
        tok = tokens[i]
        if tok == "|":
            i += 1
            continue
        n = _deadline_at(tokens, i) if (late_deadline or stage in ("description", "output")) and not deadline else 0
        if n and (stage == "description" or not units or late_deadline):
            deadline.extend(tokens[i : i + n])
            stage, i = "deadline", i + n
            continue
        if i == year_at and not deadline:
            deadline.append(tok)
            stage, i = "deadline", i + 1
            continue
        continuation = bool(rx("table_text", "unit_continuation").match(_folded_from(tokens, i)))
        starts_unit = _unit_at(tokens, i, bool(deadline)) or (stage == "description" and i == 0 and continuation)
        if starts_unit or (stage != "description" and len(output) < 2 and continuation):
            n = _unit_length(tokens, i, limit=6 if starts_unit else 2)  # "đơn vị" continues a unit cell
            units.append(tokens[i : i + n])
            stage, i = "units", i + n
            continue
        if stage == "description":
            desc.append(tok)
        else:
            stage = "output"
            output.append(tok)
        i += 1
    return LineParts(" ".join(desc), " ".join(deadline), tuple(" ".join(u) for u in units), " ".join(output))


# --- rows --------------------------------------------------------------------------------------------------


def _starts_description(text: str) -> bool:
    parts = split_line(text)
    first = parts.description.lstrip("-+• ").strip()
    return bool(first) and first[:1].isupper()


def text_table_to_rows(lines: list[DocLine], header_at: int, roles: dict[int, str]) -> list[Row]:
    """Rows of a run-together table, in reading order. OCR gives a table's text in two shapes, often on one
    page: long lines that cross the cell borders (cells interleaved line by line), and narrow blocks between
    blank lines, each one cell (row by row: number, description, units, deadline, output)."""
    ordered = [roles[k] for k in sorted(roles)]
    seen: list[tuple[str, int]] = []  # the numbering sequence runs on across pages and shapes
    rows: list[Row] = []
    pending: Row | None = None  # a page's last paragraph row, which may be the top of the next numbered line row
    blocks_all, tops = _blocks(lines[header_at + 1 :])
    runs = _runs(blocks_all)
    content = [[ln.raw for block in blocks for ln in block if _is_content(ln.text)] for _, blocks in runs]
    for r, (crossing, blocks) in enumerate(runs):
        if crossing:
            # the numbers of the rows after this run weigh its own (the outline is decoded ahead)
            ahead = [raw for later in content[r + 1 :] for raw in later]
            body = [ln for block in blocks for ln in block]
            alone = {id(block[0]) for block in blocks if len(block) == 1}
            # one row printed half as paragraphs, half across the cells when the lines begin with its number
            join = pending is not None and decode_row_starts([body[0].raw], list(seen))[0] is not None
            if pending is not None and not join:
                rows.append(pending)
                if pending.guessed:
                    seen.append(pending.guessed)
            got = interleaved_lines_to_rows(body, ordered, seen, alone, ahead)
            if join and pending is not None:
                if got:
                    got[0] = _joined(pending, got[0])
                else:
                    rows.append(pending)
            pending = None
            rows += got
        else:
            got = paragraphs_to_rows(blocks, ordered, seen, rows[-1] if rows else None, tops)
            if got and not got[-1].cells[0] and not got[-1].spanned:
                pending = got.pop()
                if pending.guessed and seen and seen[-1] == pending.guessed:
                    seen.pop()  # its place in the sequence waits until the next lines show whether it has one
            rows += got
    return [*rows, pending] if pending is not None else rows


def _joined(top: Row, rest: Row) -> Row:
    cells = [f"{a} {b}".strip() for a, b in zip(top.cells, rest.cells, strict=True)]
    cells[0] = rest.cells[0]
    raw = [f"{top.raw[0]} {rest.raw[0]}".strip(), *rest.raw[1:]]
    return Row(cells, raw, top.page, method=rest.method, lines=[*top.lines, *rest.lines], spanned=rest.spanned)


HEADING_CAPS = 15  # a title in capitals longer than this is a heading (shorter ones are unit acronyms, codes)
CROSSING_LINE = 55  # a block whose lines run longer than this on average crosses cell borders
PARAGRAPH_ROW = 3  # description, units, deadline: the fewest paragraphs of a row; a page of them holds two rows


def _blocks(lines: list[DocLine]) -> tuple[list[list[DocLine]], set[int]]:
    """The table's lines between blank lines, without the headers repeated on each page; and the id() of each
    page's first line after its header."""
    out: list[list[DocLine]] = [[]]
    tops: set[int] = set()
    k = 0
    while k < len(lines):
        if not lines[k].text.strip():
            out.append([])
        elif (end := k if header_in_line(lines[k].text) else _stacked_header_end(lines, k)) is not None:
            out.append([])
            k = end
            nxt = next((ln for ln in lines[k + 1 :] if ln.text.strip()), None)
            if nxt is not None:
                tops.add(id(nxt))
        elif _is_content(lines[k].text):
            out[-1].append(lines[k])
        k += 1
    return [b for b in out if b], tops


def _runs(blocks: list[list[DocLine]]) -> list[tuple[bool, list[list[DocLine]]]]:
    """Consecutive blocks of the same shape: (crosses cell borders, blocks). Short blocks next to crossing lines
    are fragments of those lines unless they hold two rows of cells as paragraphs, a deadline among them."""
    shapes = [_crosses_cells(b) for b in blocks]
    out: list[tuple[bool, list[list[DocLine]]]] = []
    for crossing, block in zip(shapes, blocks, strict=True):
        if out and out[-1][0] == crossing:
            out[-1][1].append(block)
        else:
            out.append((crossing, [block]))
    merged: list[tuple[bool, list[list[DocLine]]]] = []
    for crossing, run in out:
        fragment = not crossing and len(out) > 1 and (
            len(run) < 2 * PARAGRAPH_ROW or not any(_is_deadline(" ".join(ln.text for ln in b)) for b in run)
        )
        crossing = crossing or fragment
        if merged and merged[-1][0] == crossing:
            merged[-1][1].extend(run)
        else:
            merged.append((crossing, run))
    return merged


_NUMBERED = re.compile(r"^\W{0,2}[\dIVXLivxl]{1,4}(?:\.\d{1,2})*\.?(?=[\s|])\s*\|?\s*\S")


def _crosses_cells(block: list[DocLine]) -> bool:
    """Long lines, cell borders read as '|', or a line with a row number and text after it: the cells of a row
    interleaved line by line rather than a cell on its own."""
    long = sum(len(ln.text) for ln in block) / len(block) > CROSSING_LINE
    bars = sum("|" in ln.text for ln in block) >= max(1, len(block) // 3)
    return long or bars or any(_NUMBERED.match(ln.raw) for ln in block)


def _stacked_header_end(lines: list[DocLine], k: int) -> int | None:
    """The last line of a header whose cells stand one per line ("STT" / "Nội dung công việc" / ...) starting
    at line k, or None: three cells with column words at least, blank lines and wrapped header words between."""
    first = fold_lower(lines[k].text)
    if not (rx("columns", "number").match(first) or (roles_in(first) and len(lines[k].text.strip()) < 40)):
        return None
    end, found = k, len(roles_in(first))
    for j in range(k + 1, min(len(lines), k + 14)):
        text = lines[j].text.strip()
        if roles_in(fold_lower(text)) and len(text) < 40 and text[:1] not in "-+•":  # a bullet is no header cell
            end, found = j, found + 1
        elif text and (len(text) >= 40 or j - end > 2):
            break
    return end if found >= 3 else None


def paragraphs_to_rows(
    paragraphs: list[list[DocLine]],
    ordered: list[str],
    seen: list[tuple[str, int]],
    previous: Row | None = None,
    tops: set[int] | None = None,
) -> list[Row]:
    """Cells as paragraphs in reading order, row by row: [number] description, responsibility (units),
    deadline, output. A paragraph is a new row's description when units follow it; a number paragraph starts
    a row; a title followed by a description is a heading. Paragraphs before a page's first row start (`tops`:
    id() of each page's first line) continue the row before, cut by the page break (`previous` for the first)."""
    ahead = list(seen)  # the kinds are read ahead on a copy; the sequence moves on row by row below
    kinds = [_paragraph_kind(par, ahead) for par in paragraphs]
    rows: list[_Cells] = []
    current: _Cells | None = None
    top = False  # at the top of a page, before its first row starts
    for i, (par, kind) in enumerate(zip(paragraphs, kinds, strict=True)):
        text = " ".join(ln.text.strip() for ln in par)
        following = kinds[i + 1] if i + 1 < len(kinds) else ""
        if kind.startswith("number:"):
            hit = decode_row_starts([f"{par[0].raw} |"], seen)[0]  # advances `seen` when it reads a number
            number, level = (hit[0], hit[1]) if hit else (kind.split(":")[1], int(kind.split(":")[2]))
            if not hit:
                seen.append((number, level))
            current = _Cells(number, lines=list(par))
            rows.append(current)
            continue
        starts_row = kind == "text" and following == "units"
        after = kinds[i + 2] if i + 2 < len(kinds) else ""
        # a heading: in capitals, or a short title whose number was lost before a new row's description
        title = kind == "text" and (
            (is_upper_text(text) and len(text) > HEADING_CAPS)
            or (following == "text" and after == "units" and len(text) < HEADING_LINE and current is not None
                and bool(current.deadline or current.output) and text[:1].isalpha() and text[-1:] not in ".;:")
        )
        # before the page's first row starts, the row cut by the page break goes on; its bullets ("- Xử lý ...")
        # with their own units belong to it too
        top = id(par[0]) in (tops or set()) or (top and current is not None)
        # ... and so does all of it while the cut row has neither units nor a deadline yet
        unfinished = previous is not None and not any(
            previous.cells[k] for k, role in enumerate(ordered) if role in ("lead", "responsibility", "deadline"))
        goes_on = not title and (not starts_row or text.startswith("-") or (current is None and unfinished))
        if current is None and previous is not None and goes_on:
            _continue_row(previous, kind, text, par, ordered)
            continue
        if top and current is not None and goes_on:
            current.lines += par
            cell = {"units": current.lead, "deadline": current.deadline}.get(kind, current.output)
            cell.append(text)
            continue
        top = False
        heading_done = starts_row and current is not None and bool(current.description) and not current.lead
        if current is None or title or heading_done or (starts_row and (current.lead or current.deadline)):
            # a new row (after a heading that held a number and a title only, this starts its first item); the
            # sequence moves on as its number, lost to OCR, would have moved it
            current = _Cells("", lines=[])
            rows.append(current)
            due = next_expected(seen)
            item = due[0] if due[0][1] == 2 else None
            current.guessed = next((n for n in due if n[1] == 1), None) if title else item
            if current.guessed is not None:
                seen.append(current.guessed)
        current.lines += par
        if kind == "text" and not current.description:
            current.description.append(text)
        elif kind == "units" and not current.deadline and not current.output:
            current.lead.append(text)
        elif kind == "deadline" and not current.deadline and not current.output:
            current.deadline.append(text)
        else:
            current.output.append(text)
    out = [_cells_to_row(cells, ordered, "text-paragraphs") for cells in rows]
    for row, cells in zip(out, rows, strict=True):
        row.spanned = not (cells.lead or cells.deadline or cells.output)  # a number and a title: a heading
        row.guessed = cells.guessed
    return out


def _continue_row(row: Row, kind: str, text: str, par: list[DocLine], ordered: list[str]) -> None:
    """A cell's paragraph after a page break, added to the row it continues: units to the responsibility,
    a deadline to the deadline, other text to the output (or the description when the table has none)."""
    wanted = {"units": ("lead", "responsibility"), "deadline": ("deadline",)}.get(kind, ("output", "description"))
    at = next((ordered.index(r) for r in wanted if r in ordered), None)
    if at is None:
        return
    row.cells[at] = f"{row.cells[at]} {text}".strip()
    row.raw[0] = f"{row.raw[0]} {' '.join(ln.raw for ln in par)}".strip()
    row.lines += [ln.number for ln in par]


def _is_deadline(text: str) -> bool:
    return len(text) <= 40 and bool(rx("table_text", "deadline_start").match(fold_lower(text)))


def _paragraph_kind(par: list[DocLine], seen: list[tuple[str, int]]) -> str:
    """number:<n>:<level> (`seen` is advanced), units, deadline or text."""
    text = " ".join(ln.text.strip() for ln in par)
    # a number alone in its block is a number cell, bordered like one ("111" for III)
    if len(par) == 1 and len(text) <= 5 and (hit := decode_row_starts([f"{par[0].raw} |"], seen)[0]):
        return f"number:{hit[0]}:{hit[1]}"
    if _is_deadline(text):
        return "deadline"
    tokens = text.lstrip("-+•* ").split()  # "- Văn phòng ...": a list of units
    if tokens and _unit_at(tokens, 0, after_deadline=False):
        return "units"
    return "text"


def interleaved_lines_to_rows(
    lines: list[DocLine],
    ordered: list[str],
    seen: list[tuple[str, int]],
    alone: set[int] | None = None,
    ahead: list[str] | None = None,
) -> list[Row]:
    """One Row per printed row number; the lines between two numbers split where a new cell starts. `alone`:
    id() of lines that stand between blank lines by themselves (a title line, set apart); `ahead`: the table's
    lines after these, whose numbers the outline decoder reads too."""
    body = [ln for ln in lines if _is_content(ln.text)]
    starts: list[_Start] = []
    hits = decode_row_starts([ln.raw for ln in body], seen, ahead or [])
    lost = unnumbered_starts(body, hits)
    for k, (ln, hit) in enumerate(zip(body, hits, strict=True)):
        if hit:
            starts.append(_Start(k, hit.number, " ".join(ln.text.split()[hit.taken :]), posterior=hit.posterior))
        elif is_upper_text(ln.text) and len(ln.text) > 2 * HEADING_CAPS:  # a group heading whose number is lost
            starts.append(_Start(k, "", ln.text))
        elif k in lost:
            starts.append(_Start(k, "", ln.text, item=lost[k] == "item"))
    for s, start in enumerate(starts):
        child = s + 1 < len(starts) and starts[s + 1].number.startswith(f"{start.number}.")
        group = not re.fullmatch(r"\d+(\.\d+)*", start.number)  # a letter or a Roman numeral
        parts = split_line(start.rest)
        bare = not (parts.deadline or parts.units)
        titled = is_upper_text(start.rest) or len(start.rest) < HEADING_LINE or bare
        # a short numbered line without cells right under another numbered line, ending the lines (paragraph rows
        # follow): a sub-heading
        under = s > 0 and starts[s - 1].line == start.line - 1
        last = start.line == len(body) - 1 and under and bare and len(start.rest) < HEADING_LINE
        # a short numbered line without cells set apart by blank lines: a sub-heading whose rows lost their numbers
        start.apart = id(body[start.line]) in (alone or set()) and bare and len(start.rest) < HEADING_LINE and not child
        start.heading = not start.item and (child or (group and titled) or last or start.apart)
    starts = _split_second_deadlines(body, starts)
    owner = _assign_lines(body, starts)
    units = [ordered.index(r) for r in ("lead", "responsibility", "coordinators") if r in ordered]
    late = "deadline" in ordered and bool(units) and ordered.index("deadline") > min(units)
    rows: list[Row] = []
    for s, start in enumerate(starts):
        cells = _Cells(start.number)
        under_title: _Cells | None = _Cells("") if start.apart else None  # the lines under a title set apart
        for j in (j for j, o in enumerate(owner) if o == s):
            text = start.rest if j == start.line else body[j].text
            if under_title is not None and j > start.line:
                under_title.lines.append(body[j])
                _add_line(under_title, split_line(text, _needs_year(under_title.deadline), late))
                continue
            cells.lines.append(body[j])
            if start.heading:
                cells.description.append(text)  # a heading row spans the columns: its text is its title
            else:
                _add_line(cells, split_line(text, _needs_year(cells.deadline), late))
        rows.append(_cells_to_row(cells, ordered))
        rows[-1].spanned = start.heading
        rows[-1].posterior = start.posterior
        if under_title is not None and under_title.lines:
            rows.append(_cells_to_row(under_title, ordered))
    return rows


UNNUMBERED_SHARE = 0.5  # fewer numbered items than this share of the lines that open rows: the numbers are lost


def _opens_row(text: str, before: str | None) -> bool:
    """A line that opens a row: its description starts with a capital and other cells start beside it (cells are
    top-aligned), after a line that ended a sentence, held no description, or was a title (short, no other
    cell); `before`: that line's text, None for the run's first line."""
    parts = split_line(text)
    first = parts.description.lstrip("-+•* ")
    if not (first[:1].isupper() and (parts.units or parts.deadline)):
        return False
    if before is None:
        return True
    prev = split_line(before)
    title = not (prev.units or prev.deadline or prev.output) and len(before) < HEADING_LINE
    return title or not prev.description or prev.description.rstrip()[-1:] in ".;:!?"


def unnumbered_starts(body: list[DocLine], hits: list[RowStart | None]) -> dict[int, str]:
    """Where rows start in a run whose number column OCR lost (it found fewer numbered items than
    UNNUMBERED_SHARE of the lines that open rows): each such line ("item"), and a short line without cells between
    a sentence's end and such a line, the title of a group whose numeral went with the column ("heading")."""
    opens = [
        _opens_row(" ".join(ln.text.split()[hit.taken :]) if hit else ln.text, body[k - 1].text if k else None)
        for k, (ln, hit) in enumerate(zip(body, hits, strict=True))
    ]
    items = sum(1 for hit in hits if hit is not None and hit.level >= 2)
    if sum(opens) < 2 or items >= UNNUMBERED_SHARE * sum(opens):
        return {}
    out = {k: "item" for k, hit in enumerate(hits) if hit is None and opens[k]}
    for k in range(1, len(body) - 1):
        parts = split_line(body[k].text)
        bare = not (parts.units or parts.deadline or parts.output) and len(body[k].text) < HEADING_LINE
        if hits[k] is None and bare and opens[k + 1] and body[k].text[:1].isupper() and k + 1 in out \
                and body[k - 1].text.rstrip()[-1:] in ".;:":
            out[k] = "heading"
    return out


def _split_second_deadlines(body: list[DocLine], starts: list[_Start]) -> list[_Start]:
    """An item row holds one deadline cell: a line after its number that begins with a number cell read as
    capitals and carries a second deadline with units, once the first has its year, is the next row, whose
    number OCR garbled ("THAL" for 2.3)."""
    out: list[_Start] = []
    for s, start in enumerate(starts):
        out.append(start)
        if start.heading or not re.fullmatch(r"\d+(\.\d+)*", start.number):
            continue
        end = starts[s + 1].line if s + 1 < len(starts) else len(body)
        deadline: list[str] = []
        for j in range(start.line, end):
            parts = split_line(start.rest if j == start.line else body[j].text, row_needs_year=_needs_year(deadline))
            first = body[j].raw.split()[0] if body[j].raw.split() else ""
            garbled = first.isalpha() and first.isupper() and len(first) >= 3  # a number cell read as letters
            if garbled and parts.deadline and deadline and not _needs_year(deadline) and parts.units and j > start.line:
                head, _, last = start.number.rpartition(".")
                number = f"{head}.{int(last) + 1}" if head else str(int(last) + 1)
                out.append(_Start(j, number, body[j].text))
                break
            if parts.deadline:
                deadline.append(parts.deadline)
    return out


@dataclass
class _Start:
    """Where a numbered row starts: its line in the table body, its number, the text after the number."""

    line: int
    number: str
    rest: str
    heading: bool = False
    apart: bool = False  # a title line set apart by blank lines
    item: bool = False  # an item whose number OCR lost (the table's number column is gone)
    posterior: float | None = None  # the outline decoder's P(this line starts the row)


def _is_content(text: str) -> bool:
    t = text.strip()
    if not t:
        return False
    if header_roles(re.split(r"\s{2,}|\t", t)) or _is_header_line(t):
        return False
    return any(not _is_noise(tok) for tok in t.split())


CENTRED_SHARE = 0.2  # items whose number line goes on mid-cell (lower case): above this share, numbers are centred


def _numbers_centred(starts: list[_Start]) -> bool:
    """Whether the table prints its row numbers at the rows' middle (scans read by OCR: the number's line often
    goes on a description in lower case) rather than on their first line (text layers). On the dev documents'
    text forms the share of such item lines is 0.00-0.03 where numbers head their rows and 0.37-0.71 in the
    seeds' scans; smoothed so that a few items decide nothing."""
    items = [s for s in starts if not s.heading and s.number[:1].isdigit()]
    mid = sum(1 for s in items if not s.rest[:1].isupper())
    return (mid + 0.5) / (len(items) + 1) >= CENTRED_SHARE


def _assign_lines(body: list[DocLine], starts: list[_Start]) -> list[int]:
    """Row owning each line. Where a number is printed at its row's middle, the lines between two numbers are
    split: after an item, from the last line that starts a capitalized description on, they belong to the
    next row; after a heading (one line across the columns), from the first such line on."""
    owner = [-1] * len(body)
    for s, start in enumerate(starts):
        end = starts[s + 1].line if s + 1 < len(starts) else len(body)
        for j in range(start.line, end):
            owner[j] = s
    if not _numbers_centred(starts) or any(s.item for s in starts):
        return owner  # rows found by their top-aligned cells start where those cells do
    for s in range(1, len(starts)):
        prev, start = starts[s - 1], starts[s]
        if start.heading:
            continue  # a heading is one line across the columns; the lines before it end the row above
        gap = range(prev.line + 1, start.line)
        order = gap if prev.heading else reversed(gap)
        first = next((j for j in order if _starts_description(body[j].text)), None)
        if first is not None:
            for j in range(first, start.line):
                owner[j] = s
    return owner


def _needs_year(parts: list[str]) -> bool:
    """A deadline cell read so far that still waits for its year on the next line ("Trong năm" / "2023")."""
    text = fold_lower(" ".join(parts)).split()
    return not text or (bool(rx("table_text", "year_word").match(text[-1])) and not any(_is_year(t) for t in text))


def _add_line(cells: _Cells, parts: LineParts) -> None:
    if parts.description:
        cells.description.append(parts.description)
    if parts.deadline and (not cells.deadline or _needs_year(cells.deadline)):
        cells.deadline.append(parts.deadline)
    if parts.output:
        cells.output.append(parts.output)
    units = list(parts.units)
    if len(units) >= 2:
        cells.lead.append(units[0])
        cells.coordinators.append(" ".join(units[1:]))
        return
    if not units:
        return
    unit = units[0]
    if _starts_upper(unit):
        (cells.coordinators if cells.lead else cells.lead).append(unit)
        return
    open_coord = cells.coordinators and cells.coordinators[-1].rstrip().endswith(",")
    open_lead = cells.lead and cells.lead[-1].rstrip().endswith(",")
    if open_coord or (cells.coordinators and not open_lead):
        cells.coordinators.append(unit)
    else:
        cells.lead.append(unit)


def _cells_to_row(cells: _Cells, ordered: list[str], method: RowMethod = "text-vocabulary") -> Row:
    joined = {
        "number": cells.number,
        "description": " ".join(cells.description),
        "deadline": " ".join(cells.deadline),
        "lead": " ".join(cells.lead),
        "coordinators": " ".join(cells.coordinators),
        "output": " ".join(cells.output),
    }
    if "lead" not in ordered and "responsibility" in ordered:
        joined["responsibility"] = " ".join([*cells.lead, *cells.coordinators])
    values = [joined.get(role, "").strip(" ,;|") for role in ordered]
    raw = [" ".join(ln.raw for ln in cells.lines)] + [""] * (len(values) - 1)
    page = cells.lines[0].page if cells.lines else None
    return Row(values, raw, page, method=method, lines=[ln.number for ln in cells.lines])


class TextSource:
    """OCR text that lost the table's layout: rows by their printed numbers, columns by their vocabulary."""

    name = "text"

    def read(self, given: TableInput) -> FoundRows | None:
        if given.appendix is None:
            return None
        body = given.lines[given.appendix.start : given.appendix.end]
        header = find_text_header(body)
        if header is None:
            return None
        at, roles = header
        return FoundRows(self.name, text_table_to_rows(body, at, roles), roles)


register(TextSource())
