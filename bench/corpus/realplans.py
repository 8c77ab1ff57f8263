"""Real plans (shared/realplans, thuvienphapluat text with " | " table rows) as DocSpecs with their truth.

The text is cut into printable blocks (header rows, titles, headings, paragraphs, tables, signature blocks);
metadata, sections and purposes come from those blocks; tasks from the table rows, the labelled items, or the
agency-by-agency prose as each document's annotation (bench/corpus/annotations/<doc>.json) says, or are
written by hand there. Written by hand because no library reads this converter's format.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.corpus.spec import (
    Block,
    BlockKind,
    DocSpec,
    Header,
    Signature,
    TableSpec,
    Truth,
    TruthMeta,
    TruthSection,
    TruthTask,
)

ANNOTATIONS = Path(__file__).resolve().parent / "annotations"
REQUEST = re.compile(r"^(?:Đề nghị|Giao)\s+")  # "Đề nghị Ủy ban MTTQ …", "Giao Sở X …": the agency follows
CLOSING = ("Trên đây", "Trong quá trình", "Quá trình triển khai", "Yêu cầu các", "Đề nghị các cơ quan, đơn vị")
ROMAN = re.compile(r"^([IVX]{1,5})\.\s+(\S.*)$")
NUMBERED = re.compile(r"^(\d{1,2}(?:\.\d{1,2})*)\.?\s+(\S.*)$")
LETTERED = re.compile(r"^([a-zđ])[\)\.]\s+(\S.*)$")
DASHED = re.compile(r"^[-–+•]\s*(\S.*)$")
DOC_NO = re.compile(r"\b\d{1,5}/(?:\d{4}/)?[A-ZĐ][A-ZĐ0-9]*(?:-[A-ZĐ][A-Za-zĐđ0-9]*)*")
TITLES = {"PHÓ CHỦ TỊCH": "Phó Chủ tịch", "CHỦ TỊCH": "Chủ tịch", "PHÓ THỦ TƯỚNG": "Phó Thủ tướng",
          "THỦ TƯỚNG": "Thủ tướng", "THỨ TRƯỞNG": "Thứ trưởng", "BỘ TRƯỞNG": "Bộ trưởng",
          "PHÓ GIÁM ĐỐC": "Phó Giám đốc", "GIÁM ĐỐC": "Giám đốc", "PHÓ TRƯỞNG BAN": "Phó Trưởng ban",
          "TRƯỞNG BAN": "Trưởng ban"}
DOC_TYPES = {"KẾ HOẠCH": "Kế hoạch", "CHƯƠNG TRÌNH": "Chương trình", "QUYẾT ĐỊNH": "Quyết định"}
INDEX_WORDS = {"PAR INDEX": ("PAR INDEX", "chỉ số cải cách hành chính"), "SIPAS": ("SIPAS", "chỉ số hài lòng"),
               "PAPI": ("PAPI",), "PCI": ("PCI", "năng lực cạnh tranh cấp tỉnh")}
AGENCY_VERBS = ("chủ trì", "có trách nhiệm", "chịu trách nhiệm", "thực hiện", "tham mưu", "phối hợp", "căn cứ",
                "triển khai", "chỉ đạo", "tổ chức", "hướng dẫn", "theo dõi", "quan tâm", "rà soát", "xây dựng",
                "tăng cường", "là cơ quan", "đẩy mạnh", "bố trí", "cung cấp", "nghiên cứu", "tiếp tục", "quản lý",
                "giám sát", "kiểm tra", "chủ động", "vận động", "định kỳ")
TASK_VERBS = ("để", "trong việc", "tổ chức", "triển khai", "thực hiện", "xây dựng", "tham mưu", "rà soát", "hướng dẫn",
              "tuyên truyền", "kiểm tra", "theo dõi", "đánh giá", "nghiên cứu", "bố trí", "tăng cường", "cung cấp",
              "quản lý", "giám sát", "đề xuất", "vận động", "lồng ghép", "phổ biến", "xử lý", "thẩm định", "tổng hợp",
              "báo cáo", "chỉ đạo", "đôn đốc", "ban hành", "trình", "tập huấn", "hỗ trợ", "khảo sát", "điều tra",
              "thu thập", "lập")
AGENCY_END = re.compile(rf"\s*(?::|\s(?<![Cc]ác\s)(?<!vực\s)(?:{'|'.join(AGENCY_VERBS)})\b)")
COORD = re.compile(
    rf"[Pp]hối hợp (?:chặt chẽ )?(?:với |(?=[A-ZĐ]|các ))(.+?)(?=[;.:]|\s(?:{'|'.join(TASK_VERBS)})\b|$)"
)
SENTENCE_VERB = re.compile(r"\s(?:chủ trì|phối hợp|có trách nhiệm|chịu trách nhiệm|là cơ quan|tham mưu|thực hiện|"
                           r"chủ động|triển khai)\b")
BODY_FIRST = re.compile(r"((?:Sở|Ban|Bộ|Ủy ban|UBND|Công an|Cục|Chi cục|Văn phòng|Đài|Báo|Trung tâm|Viện|Hội|"
                        r"Liên đoàn|Tòa án|Kho bạc|Ngân hàng|Các)\s[^:]{2,120}):\s")
DEADLINE = re.compile(
    r"(?:(?:hoàn thành|báo cáo[^.;]{0,60}?)\s)?(trước ngày \d{1,2}(?:/\d{1,2}/\d{4}| tháng \d{1,2} năm \d{4})"
    r"|trong (?:quý [IV]+|tháng \d{1,2})(?:(?:/| năm )\d{4})?)",
    re.IGNORECASE,
)
LABELS = {
    "description": ("nội dung thực hiện", "nội dung"),
    "lead": ("cơ quan chủ trì thực hiện", "cơ quan chủ trì", "đơn vị chủ trì", "cơ quan thực hiện", "đơn vị thực hiện"),
    "coordinators": ("cơ quan phối hợp", "đơn vị phối hợp"),
    "deadline": ("thời gian thực hiện", "thời gian hoàn thành", "thời hạn hoàn thành", "thời hạn ban hành",
                 "thời hạn thực hiện", "thời gian"),
    "output": ("sản phẩm", "kết quả"),
}


@dataclass
class Item:
    """A numbered, lettered or dashed item of the body with the paragraphs under it."""

    marker: str
    kind: str  # roman, num, letter, dash, para
    text: str
    children: list[Item] = field(default_factory=list)

    @property
    def heading(self) -> str:
        """Its first line: an agency's name, a group title, or the start of its sentence."""
        return clean(self.text.split("\n")[0])


def clean(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"\[\d+\]", "", text)).strip()


def is_upper(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 3 and all(c.isupper() for c in letters)


def split_signature(right: str) -> Signature:
    """'TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH PHÓ CHỦ TỊCH Đào Mỹ' -> authority lines and name."""
    words = right.split()
    cut = len(words)
    while cut > 0 and not is_upper(words[cut - 1]) and words[cut - 1][:1].isupper():
        cut -= 1
    name, caps = " ".join(words[cut:]), " ".join(words[:cut])
    title = next((t for t in TITLES if caps.endswith(t)), "")
    rest = caps[: len(caps) - len(title)].strip()
    authority = [p.strip() for p in re.split(r"(?=\b(?:TM|KT|Q|TL|TUQ)\.\s)", rest) if p.strip()]
    return Signature(authority=[*authority, title] if title else authority, name=name)


def text_to_blocks(lines: list[str]) -> list[Block]:
    """Printable blocks of the text after its two header rows."""
    blocks: list[Block] = []
    table: list[list[str]] = []

    def flush() -> None:
        if table:
            blocks.append(Block(kind="table", table=TableSpec(header=table[0], rows=table[1:])))
            table.clear()

    for raw in lines:
        line = raw.strip()
        if not line:
            flush()
            continue
        if line.startswith("Nơi nhận") and " | " in line:
            flush()
            left, right = line.split(" | ", 1)
            sig = split_signature(right)
            parts = re.split(r"\s/\s|(?<=;)\s(?=- )", left.removeprefix("Nơi nhận:"))
            sig.recipients = [clean(r).lstrip("-– ").strip() for r in parts if clean(r).strip("-– ")]
            blocks.append(Block(kind="signature", signature=sig))
            continue
        if " | " in line:
            table.append([c.strip() for c in line.split(" | ")])
            continue
        flush()
        blocks.append(Block(kind=_line_kind(line), text=line))
    flush()
    return blocks


def _line_kind(line: str) -> BlockKind:
    if ROMAN.match(line):
        return "heading"
    if is_upper(line):
        return "title"
    if line.startswith("(") and line.endswith(")") and len(line) < 250:
        return "subtitle"
    m = NUMBERED.match(line)
    if m and len(line) < 110 and not line.endswith((";", ".")):
        return "subheading"
    return "para"


def _header(first: str, second: str) -> Header:
    left = re.sub(r"-{3,}", "", first.split(" | ")[0]).strip()
    number, place_date = (p.strip() for p in second.split(" | ", 1))
    return Header(issuer=left, number_line=number, place_date=place_date)


def _date_place(place_date: str) -> tuple[str, str | None]:
    m = re.match(r"(.+?),\s*ngày\s*(\d*)\s*tháng\s*(\d*)\s*năm\s*(\d{4})", place_date)
    if not m:
        return place_date, None
    day, month, year = m.group(2), m.group(3), m.group(4)
    if day and month:
        return m.group(1), f"{year}-{int(month):02d}-{int(day):02d}"
    return m.group(1), f"{year}-{int(month):02d}" if month else None


def plan_start(blocks: list[Block]) -> int:
    """Index of the plan's own type line (the last KẾ HOẠCH / CHƯƠNG TRÌNH title: a decision's attachment)."""
    starts = [i for i, b in enumerate(blocks) if b.kind == "title" and b.text in ("KẾ HOẠCH", "CHƯƠNG TRÌNH")]
    return starts[-1] if starts else 0


def build_meta(header: Header, blocks: list[Block]) -> TruthMeta:
    start = plan_start(blocks)
    dtype = DOC_TYPES.get(blocks[start].text, "Kế hoạch") if blocks else None
    titles = []
    for b in blocks[start + 1:]:
        if b.kind != "title" or b.text == header.issuer or b.text.startswith(("CHỦ TỊCH", "BỘ TRƯỞNG")):
            break
        titles.append(b.text)
    decision = [b for b in blocks[:start] if b.kind == "title" and b.text == "QUYẾT ĐỊNH"]
    place, date = _date_place(header.place_date)
    title = clean(" ".join(titles))
    years = re.findall(r"\b(20\d\d)\b", title)
    number = header.number_line.removeprefix("Số:").strip()
    preamble = " ".join(b.text for b in blocks[: _first_heading(blocks, start)] if b.kind == "para")
    sigs = [b.signature for b in blocks if b.signature]
    sig = sigs[0] if sigs else Signature()
    refs = list(dict.fromkeys(m for m in DOC_NO.findall(preamble) if m != number))
    lowered = (title + " " + preamble).lower()
    return TruthMeta(
        doc_type=dtype, number=number if re.match(r"\d", number) else None, issuer=header.issuer,
        parent_issuer=header.parent_issuer, place=place, date=date,
        year=int(years[-1]) if years else (int(date[:4]) if date else None), title=title,
        indices=[k for k, words in INDEX_WORDS.items() if any(w.lower() in lowered for w in words)],
        references=refs, signer_name=sig.name or None,
        signer_title=TITLES.get(sig.authority[-1], sig.authority[-1]) if sig.authority else None,
        recipients=sig.recipients, signer_authority=" ".join(sig.authority[:-1]) or None,
        issued_by=number if decision else None,
    )


def _first_heading(blocks: list[Block], start: int) -> int:
    return next((i for i in range(start, len(blocks)) if blocks[i].kind == "heading"), len(blocks))


def sections_of(blocks: list[Block]) -> list[tuple[TruthSection, list[Block]]]:
    """The plan's Roman sections, each with the blocks under it (a signature block ends the last)."""
    out: list[tuple[TruthSection, list[Block]]] = []
    for b in blocks[plan_start(blocks):]:
        m = ROMAN.match(b.text) if b.kind == "heading" else None
        if m:
            out.append((TruthSection(number=m.group(1), title=clean(m.group(2))), []))
        elif b.kind == "signature" and out:
            break
        elif out:
            out[-1][1].append(b)
    return out


def purposes_requirements(sections: list[tuple[TruthSection, list[Block]]]) -> tuple[list[str], list[str]]:
    purposes: list[str] = []
    requirements: list[str] = []
    for sec, body in sections:
        lowered = sec.title.lower()
        if "mục đích" not in lowered and "yêu cầu" not in lowered:
            continue
        target = purposes if "mục đích" in lowered else requirements
        for b in body:
            if b.kind == "subheading" or (b.kind == "para" and NUMBERED.match(b.text) and len(b.text) < 40):
                low = b.text.lower()
                target = requirements if "yêu cầu" in low else purposes if "mục đích" in low else target
                continue
            if b.kind == "para":
                target.append(_strip_marker(b.text))
    return purposes, requirements


def _strip_marker(text: str) -> str:
    for pattern in (LETTERED, DASHED):
        m = pattern.match(text)
        if m:
            return clean(m.group(1))
    return clean(text)


def items_of(body: list[Block]) -> list[Item]:
    """Nest the section's lines into items by their markers: the first marker kind seen is the top level."""
    order: list[str] = []
    root: list[Item] = []
    stack: list[tuple[int, Item]] = []  # open items with their levels, outermost first
    for b in body:
        if b.kind not in ("para", "subheading"):
            continue
        marker, kind, text = _marker(b.text)
        if kind == "para" and text.startswith(CLOSING):
            break
        if kind == "para":
            if stack:
                stack[-1][1].text += "\n" + text
            else:
                root.append(Item(marker="", kind="para", text=text))
            continue
        if kind not in order:
            order.append(kind)
        level = order.index(kind)
        item = Item(marker=marker, kind=kind, text=text)
        while stack and stack[-1][0] >= level:
            stack.pop()
        (stack[-1][1].children if stack else root).append(item)
        stack.append((level, item))
    return root


def _marker(text: str) -> tuple[str, str, str]:
    m = NUMBERED.match(text)
    if m:
        return m.group(1), "num" + str(m.group(1).count(".")), m.group(2)
    m = LETTERED.match(text)
    if m:
        return m.group(1), "letter", m.group(2)
    m = DASHED.match(text)
    if m:
        return text[0], "dash" if text[0] in "-–" else "plus", m.group(1)
    return "", "para", text


def agency_of(head: str) -> str:
    head = re.sub(r"^Trách nhiệm của\s+", "", REQUEST.sub("", clean(head.split("\n")[0])))
    m = AGENCY_END.search(head)
    return clean(head[: m.start()] if m else head).rstrip(",;.")


def _heading_agency(item: Item) -> str:
    """A heading line of its own ("5. Ủy ban nhân dân xã, phường" over its items) names the agency whole;
    a heading that is a sentence names it up to its verb or colon."""
    first = item.heading
    if (item.children or "\n" in item.text) and ":" not in first and not SENTENCE_VERB.search(first):
        return clean(REQUEST.sub("", first)).rstrip(",;.")
    return agency_of(item.text)


def find_deadline(text: str) -> str | None:
    m = re.search(r"Thời (?:gian|hạn)(?: thực hiện| hoàn thành)?:\s*([^\n]+)", text)
    if m:
        return clean(m.group(1)).rstrip(".;")
    m = DEADLINE.search(text)
    return clean(m.group(1)) if m else None


def find_coordinators(text: str) -> str | None:
    m = COORD.search(text)
    return clean(m.group(1)).rstrip(",") if m else None


def flatten(item: Item) -> str:
    return "\n".join([clean(line) for line in item.text.split("\n")] + [flatten(c) for c in item.children])


def agency_tasks(items: list[Item], group: list[str], note: dict[str, Any]) -> list[TruthTask]:
    """Prose by agency: each top item names an agency; its sub-items (or itself) are that agency's tasks; a short
    sub-item over items of its own ("a) Chủ trì, phối hợp với …" over dashes) groups them."""
    tasks: list[TruthTask] = []
    for item in items:
        if item.kind == "para":
            continue
        lead = note.get("leads", {}).get(item.marker) or _heading_agency(item)
        head = f"{item.marker}. {item.heading}"
        intro = item.text.partition("\n")[2]
        subs = item.children
        if not subs or (len(item.heading) > note.get("head_max", 160) and not item.heading.endswith(":")):
            text = _without_heading(item, lead) if not subs else clean(item.text)  # a sentence that is a task
            tasks.append(_agency_task(item, text, group, lead, find_coordinators(text)))
        for sub in subs:
            if sub.children and len(clean(sub.text)) < 200:
                path = [*group, head, f"{sub.marker}{')' if sub.kind == 'letter' else ''} {clean(sub.text)}"]
                partners = re.search(r"phối hợp(?: với)?:?$", clean(sub.text))  # "b) Chủ trì, phối hợp:" over bodies
                for leaf in sub.children:
                    text = flatten(leaf)
                    coords = (agency_of(leaf.text) if partners else find_coordinators(text)) or find_coordinators(
                        sub.text) or find_coordinators(intro)
                    own = BODY_FIRST.match(clean(leaf.text))  # "+ Sở Xây dựng: hướng dẫn …"
                    task = _agency_task(leaf, text, path, agency_of(own.group(1)) if own else lead, coords)
                    tasks.append(task if task.deadline else task.model_copy(
                        update={"deadline": find_deadline(flatten(sub))}))
                continue
            text = flatten(sub)
            coords = find_coordinators(text) or find_coordinators(intro)
            tasks.append(_agency_task(sub, text, [*group, head], lead, coords))
    return tasks


def _agency_task(item: Item, text: str, group: list[str], lead: str, coordinators: str | None) -> TruthTask:
    return TruthTask(number=item.marker if item.kind not in ("dash", "plus") else "-", group=group,
                     description=_without_deadline_lines(text), lead=lead, coordinators=coordinators,
                     deadline=find_deadline(text))


def _without_deadline_lines(text: str) -> str:
    """The task's text without its own 'Thời gian thực hiện: …' line (a field, printed apart)."""
    lines = [line for line in text.split("\n") if not re.match(r"Thời (?:gian|hạn)[^:]{0,20}:", line.strip())]
    return clean(" ".join(lines))


def _without_heading(item: Item, lead: str) -> str:
    """An agency item's own text: without a first line that only names the agency, or a leading 'Agency:'."""
    first, _, rest = flatten(item).partition("\n")
    if rest and clean(REQUEST.sub("", first)).rstrip(":") == lead:
        return clean(rest)
    return drop_lead(clean(flatten(item)), lead)


def _lead_of_prose(item: Item) -> str | None:
    paras = item.text.split("\n")
    return agency_of(paras[1]) if len(paras) > 1 else None


def labelled_tasks(items: list[Item], group: list[str], leads: dict[str, str]) -> list[TruthTask]:
    """Labelled items: an item whose sub-lines are 'Label: value' fields is one task; an item whose sub-items
    carry no labels groups them; an item without sub-items is one task of prose."""
    tasks: list[TruthTask] = []
    for item in items:
        if item.kind == "para":
            continue
        fields, rest = _fields_of(item)
        head = item.heading
        if item.children and not fields:
            tasks += labelled_tasks(item.children, [*group, f"{item.marker}. {head}"], leads)
            continue
        desc = fields.pop("description", None)
        text = clean(item.text)
        tasks.append(TruthTask(
            number=item.marker, group=group,
            description=clean(f"{head} {desc}") if desc else clean(" ".join([text, *rest])),
            lead=leads.get(item.marker) or fields.get("lead") or (_lead_of_prose(item) if not fields else None),
            coordinators=fields.get("coordinators"), deadline=fields.get("deadline") or find_deadline(text),
            output=fields.get("output"),
        ))
    return tasks


def _fields_of(item: Item) -> tuple[dict[str, str], list[str]]:
    """The item's 'Label: value' sub-lines by role, and its other sub-lines."""
    fields: dict[str, str] = {}
    rest: list[str] = []
    for child in item.children:
        role, value = _label(child.text)
        if role:
            fields.setdefault(role, clean(value).rstrip(".;"))
        else:
            rest.append(flatten(child))
    return fields, rest


def _label(text: str) -> tuple[str | None, str]:
    low = text.lower()
    for role, names in LABELS.items():
        for name in names:
            m = re.match(rf"{re.escape(name)}[^:]{{0,25}}:\s*", low)
            if m:
                return role, text[m.end():]
    return None, text


# The truth reads column names with its own short list, not cchc_extract's patterns/columns.json: a truth built
# with the product's own knowledge would agree with it by construction.
COLUMN_ROLES = (
    ("coordinators", ("phối hợp",)), ("deadline", ("thời gian", "thời hạn", "tiến độ")),
    ("lead", ("chủ trì", "thực hiện", "phụ trách")), ("output", ("kết quả", "sản phẩm")),
    ("target", ("chỉ tiêu", "mục tiêu")), ("description", ("nhiệm vụ", "nội dung", "tên dự án")),
    ("number", ("stt", "tt")),
)


def column_role(name: str) -> str | None:
    low = name.lower()
    if low.strip(" .") in ("stt", "tt"):
        return "number"
    if "thuộc nhóm" in low:
        return None
    for role, words in COLUMN_ROLES:
        if any(w in low for w in words):
            return role
    return None


def table_tasks(table: TableSpec, group0: list[str]) -> list[TruthTask]:
    """A task table: group rows (a letter or Roman number and a title) nest; a row with every cell is a task;
    a row that lost its empty first cell is a task without number; a shorter row continues the row above
    in the last columns (the converter drops the cells a rowspan covers)."""
    roles = [column_role(h) for h in table.header]
    n = len(roles)
    tasks: list[TruthTask] = []
    groups: list[tuple[int, str]] = []
    letter = ""
    for row in table.rows:
        if re.fullmatch(r"\(\d+\)", row[0]):
            continue
        level = _group_level(row, letter)
        if level == 0:
            letter = row[0].rstrip(".")
        if level is not None:
            groups = [g for g in groups if g[0] < level] + [(level, f"{row[0].rstrip('.')}. {clean(row[1])}")]
            continue
        cells = row if len(row) == n else (["", *row] if len(row) == n - 1 else None)
        if cells is None and tasks:
            _continue_row(tasks[-1], roles[n - len(row):], row)
            continue
        if cells is None:
            continue
        values: dict[str, str] = {}
        for role, cell in zip(roles, cells, strict=False):
            if role and cell:
                values[role] = _cell(cell) if role not in values else values[role] + " " + _cell(cell)
        if "description" not in values:
            continue
        tasks.append(TruthTask(number=values.get("number") or None, group=[*group0, *(g for _, g in groups)],
                               **{k: v for k, v in values.items() if k != "number"}))
    return tasks


VN_LETTERS = "ABCDEGHIKLMNOPQRSTUVXY"


def _group_level(row: list[str], letter: str) -> int | None:
    """0 for a letter group, 1 for a Roman one, deeper for III.1; 'I' after 'H' is a letter."""
    head = row[0].rstrip(".")
    if len(row) > 2:
        return None
    after = VN_LETTERS[VN_LETTERS.index(letter) + 1] if letter in VN_LETTERS[:-1] else None
    if re.fullmatch(r"[A-Z]", head) and (head == after or not re.fullmatch(r"[IVX]", head)):
        return 0
    if re.fullmatch(r"[IVX]+", head):
        return 1
    if re.fullmatch(r"[IVX]+(?:\.\d+)+", head):
        return 1 + head.count(".")
    return None


def _cell(text: str) -> str:
    return clean(text.replace(" / ", "\n"))


def _continue_row(task: TruthTask, roles: list[str | None], row: list[str]) -> None:
    for role, cell in zip(roles, row, strict=False):
        if role and role != "number" and cell:
            old = getattr(task, role)
            setattr(task, role, clean(f"{old} {_cell(cell)}") if old else _cell(cell))


def load_annotation(doc_id: str) -> dict[str, Any]:
    path = ANNOTATIONS / f"{doc_id}.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


def hand_tasks(lines: list[str], hand: list[dict[str, Any]]) -> list[TruthTask]:
    """Tasks written by hand: every field typed in the annotation; the description is the text of the source
    lines it names (1-based), without the item marker and without a leading "<lead>:"."""
    tasks = []
    for t in hand:
        text = drop_lead(clean(" ".join(_strip_marker(_strip_number(lines[n - 1])) for n in t["lines"])),
                         t.get("lead") or "")
        tasks.append(TruthTask(description=text, **{k: v for k, v in t.items() if k != "lines"}))
    return tasks


def drop_lead(text: str, lead: str) -> str:
    """'Sở Tài chính: Tham mưu …' -> 'Tham mưu …' (the agency heading is the lead, not the task)."""
    for prefix in (lead, "Đề nghị " + lead):
        if lead and text.lower().startswith(prefix.lower() + ":"):
            return text[len(prefix) + 1:].strip()
    return text


def _strip_number(text: str) -> str:
    m = NUMBERED.match(text)
    return m.group(2) if m else text


def tasks_of(blocks: list[Block], sections: list[tuple[TruthSection, list[Block]]], note: dict[str, Any],
             lines: list[str]) -> list[TruthTask]:
    """Tasks as the annotation says: hand-written, or from the tables / labelled items / agency prose."""
    if note.get("hand_tasks"):
        return hand_tasks(lines, note["hand_tasks"])
    tasks: list[TruthTask] = []
    if note.get("tables"):
        tables = [b.table for b in blocks if b.table]
        for idx in note["tables"]:
            tasks += table_tasks(tables[idx], [])
    for sec, body in sections:
        mode = next((m for key, m in note.get("sections", {}).items() if sec.title.upper().startswith(key)), None)
        if not mode:
            continue
        group = [f"{sec.number}. {sec.title}"]
        items = items_of(body)
        for sub in note.get("subsections", {}).get(sec.number, []):  # the tasks are under one of its items
            parent = next(i for i in items if i.marker == sub)
            group = [*group, f"{sub}. {parent.heading}"]
            items = parent.children
        if mode == "agency":
            tasks += agency_tasks(items, group, note)
        else:
            tasks += labelled_tasks(items, group, note.get("leads", {}))
    for index, fix in note.get("overrides", {}).items():  # fields corrected by hand on review
        tasks[int(index)] = tasks[int(index)].model_copy(update=fix)
    return tasks


def realplan_to_spec(path: Path, note: dict[str, Any] | None = None) -> DocSpec:
    """The document in path with its truth; note: its annotation (default: annotations/<stem>.json)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    header = _header(lines[0], lines[1])
    blocks = text_to_blocks(lines[2:])
    note = load_annotation(path.stem) if note is None else note
    sections = sections_of(blocks)
    purposes, requirements = purposes_requirements(sections)
    truth = Truth(
        document=build_meta(header, blocks), sections=[s for s, _ in sections], purposes=purposes,
        requirements=requirements, tasks=tasks_of(blocks, sections, note, lines), how=note.get("how", "none"),
    )
    return DocSpec(doc_id=path.stem, kind="realplan", source=f"shared/realplans/{path.name}",
                   split=note.get("split", "dev"), header=header, blocks=blocks, truth=truth)
