"""Tasks written in the body: items with field lines ('- Đơn vị chủ trì:'), criteria with a)-d) parts,
and work assigned per unit ('3. Trưởng Phòng Tư pháp' then 3.1, 3.2) with inline deadlines.

The section is first read into a tree of numbered, lettered and bulleted items; field labels, unit
headings and deadline phrases all come from patterns/.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from cchc_extract.models import Provenance, Task
from cchc_extract.numbering import letter_sequence, read_item_number
from cchc_extract.patterns import entries, load_pattern_file, rx
from cchc_extract.structure import DocLine, index_of_group, join_wrapped, sentence_case
from cchc_extract.tasks.fields import inline_deadline, join_id, parse_due, split_units
from cchc_extract.vietnamese import fold_lower

_NUMBERED = re.compile(r"^\s*(?P<num>\d{1,2}(?:\s*[.,]\s*\d{1,2}){0,3})\s*[.,)]?\s+(?P<rest>\S.*)$")
_LETTERED = re.compile(r"^[\W_]{0,4}?(?:[a-z]\s+)?(?P<num>[a-zđ]|[09¢€])?\)\s*(?P<rest>\S.*)$")
_BULLET = re.compile(r"^\s*[-–—+•]\s*(?P<rest>\S.*)$")
FIELD_KEYS = ("lead", "coordinators", "output", "deadline", "target", "description", "assignment")


@dataclass
class Item:
    kind: str  # "numbered" | "lettered" | "bullet" | "field"
    number: str
    level: int
    lines: list[DocLine]
    field_key: str | None = None
    children: list[Item] = field(default_factory=list)
    marker: str = ""  # a bullet's printed mark: '-', '+', '•'

    @property
    def text(self) -> str:
        return join_wrapped([ln.text for ln in self.lines])


def _field_of(text: str) -> tuple[str, int] | None:
    prefix = load_pattern_file("fields")["prefix"]
    folded = fold_lower(text)
    for key in FIELD_KEYS:
        m = re.match(prefix + "(?:" + entries("fields")[key]["regex"] + ")", folded, re.IGNORECASE)
        if m:
            return key, m.end()
    return None


def _classify(ln: DocLine) -> tuple[str, str, str] | None:
    text = ln.text.strip()
    f = _field_of(text)
    if f:
        key, end = f
        return "field", key, text[end:].strip()
    m = _LETTERED.match(text)  # before numbers: OCR reads "g)" as "9)"
    if m and (m.group("num") or m.group("rest")[:1].isupper()):
        num = m.group("num") or "?"  # a letter the OCR lost: the next in sequence, set below
        letter = load_pattern_file("fields")["letter_confusions"].get(num, num)
        return "lettered", letter, m.group("rest")
    m = _NUMBERED.match(text)
    if m:
        return "numbered", re.sub(r"\s*[.,]\s*", ".", m.group("num")), m.group("rest")
    m = _BULLET.match(text)
    if m:
        return "bullet", "-", m.group("rest")
    return None


def lines_to_items(lines: list[DocLine]) -> list[Item]:
    """A tree: numbered items nest by depth (1 > 1.1 > 1.1.1), lettered under numbered, bullets and fields
    under the item before them; unmarked lines continue the open item."""
    roots: list[Item] = []
    stack: list[Item] = []
    last_number: str | None = None
    for ln in lines:
        text = ln.text.strip()
        if not text or re.fullmatch(r"\d{1,3}", text):
            continue
        c = _classify(ln)
        if c is None:
            if stack:
                stack[-1].lines.append(ln)
            continue
        kind, number, rest = c
        if kind == "numbered":
            number = last_number = read_item_number(number, last_number)
            level = number.count(".") + 1
        elif kind == "lettered":
            level = 10
        elif kind == "bullet":
            level = 20
        else:
            level = 30
        item = Item(
            kind,
            number,
            level,
            [DocLine(rest, ln.raw, ln.page, ln.number)],
            field_key=c[1] if kind == "field" else None,
            marker=text[:1] if kind == "bullet" else "",
        )
        if kind == "bullet" and stack and stack[-1].kind == "field" and not _sibling_bullet(stack, item.marker):
            stack[-1].lines.append(ln)  # "+ ..." bullets continue a field such as "- Sản phẩm:"
            continue
        while stack and stack[-1].level >= level:
            stack.pop()
        siblings = stack[-1].children if stack else roots
        if kind == "lettered" and siblings and siblings[-1].kind == "lettered":
            item.number = _next_letter_if_repeated(siblings[-1].number, number)
        siblings.append(item)
        stack.append(item)
    return roots


def _sibling_bullet(stack: list[Item], marker: str) -> bool:
    """A bullet printed like the bullet the open field hangs under ('- task' / 'Thời gian: …' / '- task') is
    that bullet's sibling, not a line of the field."""
    return len(stack) >= 2 and stack[-2].kind == "bullet" and stack[-2].marker == marker


def _next_letter_if_repeated(previous: str, letter: str) -> str:
    """OCR drops the stroke of "đ": a second "d)" after "d)" is "đ)" in the Vietnamese letter sequence."""
    sequence = letter_sequence()
    if letter == "?" and previous in sequence[:-1]:
        return sequence[sequence.index(previous) + 1]
    if letter == previous and letter in sequence:
        following = sequence[sequence.index(letter) + 1 : sequence.index(letter) + 2]
        if following and fold_lower(following[0]) == fold_lower(letter):
            return following[0]
    return letter


def walk_items(items: list[Item]) -> list[Item]:
    out = []
    for it in items:
        out.append(it)
        out.extend(walk_items(it.children))
    return out


def has_field_tasks(items: list[Item]) -> bool:
    """Items carry labelled task fields ('- Đơn vị chủ trì: …'). A deadline label alone does not tell: agency prose
    dates its tasks the same way ('Thời gian thực hiện: …' under each)."""
    keys = ("lead", "coordinators", "output")
    return any(it.kind == "field" and it.field_key in keys for it in walk_items(items))


def _fields_below(item: Item) -> dict[str, list[Item]]:
    found: dict[str, list[Item]] = {}
    for child in item.children:
        if child.kind == "field" and child.field_key:
            found.setdefault(child.field_key, []).append(child)
            for grandchild in child.children:
                if grandchild.kind == "field" and grandchild.field_key:
                    found.setdefault(grandchild.field_key, []).append(grandchild)
    return found


def items_to_field_tasks(
    items: list[Item], section_number: str, section_group: str, plan_year: int | None
) -> list[Task]:
    tasks: list[Task] = []

    def visit(item: Item, group: list[str], ids: list[str]) -> None:
        fields = _fields_below(item)
        if item.kind != "field" and any(k in fields for k in ("lead", "coordinators", "output", "deadline")):
            tasks.append(_task(item, fields, group, ids, plan_year))
            return
        if item.kind == "numbered" and item.children:
            for child in item.children:
                visit(child, [*group, f"{item.number}. {sentence_case(item.text)}"], [*ids, item.number])

    for it in items:
        visit(it, [section_group], [section_number])
    return tasks


def _content(items: list[Item]) -> str | None:
    texts = [it.text for it in items if it.text]
    texts += [c.text for it in items for c in it.children if c.text]
    return join_wrapped(texts) or None


def _task(item: Item, fields: dict[str, list[Item]], group: list[str], ids: list[str], plan_year: int | None) -> Task:
    desc_parts = [item.text]
    for d in fields.get("description", []):
        desc_parts.extend(line.text.strip() for line in d.lines if line.text.strip())
        desc_parts.extend(c.text for c in d.children)
    bullets = [re.sub(r"^\s*[-–—+•]\s*", "- ", p) for p in desc_parts[1:]]
    description = "\n".join([desc_parts[0], *_join_bullets(bullets)]) if bullets else desc_parts[0]
    lead = _content(fields.get("lead", []))
    coord = _content(fields.get("coordinators", []))
    found = BodyTask(item, ids, group, description, "body-fields", 0.85, lead=lead, coordinators=coord,
                     deadline=_content(fields.get("deadline", [])), output=_content(fields.get("output", [])),
                     target=_content(fields.get("target", [])))
    return found.to_task(plan_year)


@dataclass(frozen=True)
class BodyTask:
    """What a body reader found for one task; `to_task` assembles the Task record the same way for every reader."""

    item: Item
    ids: list[str]
    group: list[str]
    description: str
    method: str
    confidence: float
    lead: str | None = None
    coordinators: str | None = None
    deadline: str | None = None
    output: str | None = None
    target: str | None = None
    number: str | None = None  # the printed number, when not the item's own ('-' for a bullet)

    def to_task(self, plan_year: int | None) -> Task:
        """Units split, deadline parsed into dates, index taken from the group, provenance from the lines."""
        lines = [ln for it in [self.item, *walk_items(self.item.children)] for ln in it.lines]
        number = self.number or self.item.number
        return Task(
            id=join_id([*self.ids, number]), number=number, group=self.group, origin="body",
            description=self.description, target=self.target, lead=self.lead, coordinators=self.coordinators,
            deadline=self.deadline, output=self.output, lead_units=split_units(self.lead),
            coordinator_units=split_units(self.coordinators), due=parse_due(self.deadline, plan_year),
            index=index_of_group(self.group),  # type: ignore[arg-type]
            page=lines[0].page, raw="\n".join(ln.raw for ln in lines), confidence=self.confidence,
            provenance=Provenance(pages=sorted({ln.page for ln in lines}), lines=[ln.number for ln in lines],
                                  method=self.method),
        )


def _join_bullets(parts: list[str]) -> list[str]:
    out: list[str] = []
    for p in parts:
        if p.startswith("- ") or not out:
            out.append(p)
        else:
            out[-1] = f"{out[-1]} {p}"
    return out


def items_to_assignment_tasks(
    items: list[Item], section_number: str, section_group: str, plan_year: int | None, guess: float | None = None
) -> list[Task]:
    """Leaves of numbered headings are tasks; a heading that names a unit makes that unit their lead. `guess`: no
    reader found tasks anywhere, so loose paragraphs under the section heading are tasks too, at this confidence."""
    tasks: list[Task] = []
    unit_rx = rx("units", "unit_heading")

    def visit(item: Item, group: list[str], ids: list[str], lead: str | None) -> None:
        if item.kind == "field":
            return
        title = item.text
        m = unit_rx.match(fold_lower(title).rstrip(" .:"))
        if item.kind == "numbered" and m and item.children:
            lead = title[m.start("unit") : m.end("unit")].strip(" .:")
        if item.children and item.kind == "numbered":
            for child in item.children:
                visit(child, [*group, f"{item.number}. {sentence_case(title)}"], [*ids, item.number], lead)
            return
        if len(ids) <= 1 and guess is None:
            return  # a loose paragraph directly under the section heading
        method, confidence = ("body-assignment", 0.75) if guess is None else ("body-guess", guess)
        found = BodyTask(item, ids, group, title, method, confidence, lead=lead, deadline=inline_deadline(title))
        tasks.append(found.to_task(plan_year))

    for it in items:
        visit(it, [section_group], [section_number], None)
    return tasks
