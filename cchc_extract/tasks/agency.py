"""Tasks assigned agency by agency in prose ('1. Sở Y tế' over a), b), c); '2. Sở Nội vụ: Phối hợp …').

Read from the item tree of tasks/body.py: an item whose heading names an agency gives that agency its sub-items as
tasks, or itself when it has none. Whether a section is written this way is decided by what its items hold (the
share of numbered items that name an agency), never by its title. Agency starts, the verbs that end a name, the
'Đề nghị / Giao' prefix and the coordinator phrase are data in patterns/units.json. Hand-written: no library reads
Vietnamese administrative prose into assignments.
"""

from __future__ import annotations

from dataclasses import dataclass

from cchc_extract.models import Task
from cchc_extract.patterns import rx
from cchc_extract.structure import join_wrapped
from cchc_extract.tasks.body import BodyTask, Item, walk_items
from cchc_extract.tasks.fields import clean_unit, inline_deadline
from cchc_extract.vietnamese import fold_lower


@dataclass(frozen=True)
class AgencySettings:
    min_share: float = 0.5  # share of a section's numbered items that must name an agency
    min_items: int = 2  # fewer numbered items than this are no evidence of an agency-by-agency section
    group_chars: int = 200  # a sub-item shorter than this over items of its own is a group, its items the tasks
    name_chars: int = 160  # an agency name is shorter than this
    confidence: float = 0.7


AGENCY = AgencySettings()


def agency_of(heading: str, s: AgencySettings = AGENCY) -> str | None:
    """The agency a heading names: 'Sở Tài chính chủ trì, …' -> 'Sở Tài chính'; 'Trưởng Phòng Tư pháp' -> 'Phòng
    Tư pháp'; 'Đề nghị Ủy ban MTTQ tỉnh' -> 'Ủy ban MTTQ tỉnh'; None when it names none."""
    text = heading.strip()
    folded = fold_lower(text)
    m = rx("units", "agency_request").match(folded)
    if m:
        text, folded = text[m.end() :], folded[m.end() :]
    u = rx("units", "unit_heading").match(folded.rstrip(" .:"))
    if u:
        return clean_unit(text[u.start("unit") : u.end("unit")])
    if not rx("units", "agency_start").match(folded):
        return None
    end = rx("units", "agency_end").search(folded)
    name = clean_unit(text[: end.start()] if end else text)
    return name if 0 < len(name) < s.name_chars else None


def _heading(item: Item) -> str:
    """An item's heading: all its lines when items stand under it (a wrapped agency name), else its first line."""
    if item.children and any(c.kind != "field" for c in item.children):
        return join_wrapped([ln.text for ln in item.lines])
    return item.lines[0].text.strip() if item.lines else ""


def _marker(item: Item) -> str:
    return f"{item.number})" if item.kind == "lettered" else f"{item.number}."


def agency_share(items: list[Item], kinds: tuple[str, ...], s: AgencySettings = AGENCY) -> float:
    """The share of items of these kinds whose heading names an agency (0 when there are too few to tell)."""
    listed = [it for it in items if it.kind in kinds]
    if len(listed) < s.min_items:
        return 0.0
    return sum(agency_of(_heading(it)) is not None for it in listed) / len(listed)


def coordinators_in(text: str) -> str | None:
    folded = fold_lower(text)
    m = rx("units", "coordinator_phrase").search(folded)
    return clean_unit(text[m.start("coord") : m.end("coord")]) if m else None


def _own_text(item: Item, lead: str) -> str:
    """An agency item's own words: without a first line that only names the agency, or a leading 'Agency:'."""
    lines = [ln.text.strip() for ln in item.lines if ln.text.strip()]
    if len(lines) > 1 and agency_of(lines[0]) == lead and clean_unit(lines[0]) in (lead, f"{lead}:"):
        lines = lines[1:]
    elif lines and rx("units", "agency_start").match(fold_lower(lines[0])):
        head, colon, rest = lines[0].partition(":")
        if colon and clean_unit(head).endswith(lead) and rest.strip():
            lines[0] = rest.strip()
    return join_wrapped(lines)


def _text_of(item: Item) -> str:
    """The item's words with those of every item under it, field lines ('Thời gian thực hiện: …') left out."""
    parts = [ln.text for ln in item.lines]
    parts += [ln.text for sub in walk_items(item.children) if sub.kind != "field" for ln in sub.lines]
    return join_wrapped(parts)


def _deadline(item: Item) -> str | None:
    for sub in walk_items(item.children):
        if sub.kind == "field" and sub.field_key == "deadline":
            return join_wrapped([ln.text for ln in sub.lines]) or None
    return inline_deadline(_text_of(item))


NUMBERED_KINDS = ("numbered", "lettered")


def agency_lists_to_tasks(
    items: list[Item], path: list[str], ids: list[str], plan_year: int | None, kinds: tuple[str, ...] = NUMBERED_KINDS,
    s: AgencySettings = AGENCY,
) -> list[Task]:
    """Tasks of every list of agency items of these kinds in a section: its top items, or the items under one of them
    ('2. Phân công trách nhiệm' over '2.1. Sở Nội vụ', …), found by their share of agency names. path: the group
    titles down to these items ('III. Nhiệm vụ'); ids: their numbers."""
    if agency_share(items, kinds, s) >= s.min_share:
        return agency_items_to_tasks(items, path, ids, plan_year, kinds, s)
    tasks: list[Task] = []
    for item in items:
        if item.kind == "numbered" and item.children:
            below = [*path, f"{item.number}. {_heading(item)}"]
            tasks += agency_lists_to_tasks(item.children, below, [*ids, item.number], plan_year, kinds, s)
    return tasks


def agency_items_to_tasks(
    items: list[Item], path: list[str], ids: list[str], plan_year: int | None, kinds: tuple[str, ...],
    s: AgencySettings = AGENCY,
) -> list[Task]:
    """Each agency item's sub-items are its tasks (a short sub-item over items of its own groups them); an agency
    item without sub-items is one task."""
    tasks: list[Task] = []
    for item in items:
        lead = agency_of(_heading(item)) if item.kind in kinds else None
        if lead is None:
            continue
        head = [*path, f"{_marker(item)} {_heading(item)}"]
        subs = [c for c in item.children if c.kind != "field"]
        if not subs:
            tasks.append(_task(item, _own_text(item, lead), path, ids, lead, plan_year))
        for sub in subs:
            leaves = [c for c in sub.children if c.kind != "field"]
            if leaves and len(sub.text) < s.group_chars:
                for leaf in leaves:
                    own = agency_of(_heading(leaf)) if ":" in _heading(leaf) else None
                    tasks.append(_task(leaf, _text_of(leaf), [*head, f"{_marker(sub)} {sub.text}"],
                                       [*ids, item.number, sub.number], own or lead, plan_year,
                                       coordinators_in(_text_of(leaf)) or coordinators_in(sub.text)))
                continue
            tasks.append(_task(sub, _text_of(sub), head, [*ids, item.number], lead, plan_year))
    return tasks


def _task(
    item: Item, text: str, group: list[str], ids: list[str], lead: str, plan_year: int | None,
    coordinators: str | None = None,
) -> Task:
    found = BodyTask(item, ids, group, text, "body-agency", AGENCY.confidence, lead=lead,
                     coordinators=coordinators or coordinators_in(text), deadline=_deadline(item),
                     number=item.number if item.kind != "bullet" else "-")
    return found.to_task(plan_year)
