"""Which way a section of the body writes its tasks, decided by what its items hold, not by its title: labelled
fields ('- Đơn vị chủ trì: …'), work assigned agency by agency, or numbered work under unit headings.

A section whose title names tasks ('Nhiệm vụ, giải pháp') is read as tasks at once; any other section (including
'Tổ chức thực hiện', 'Nội dung thực hiện', 'Phân công nhiệm vụ') only when its items show fields or agencies.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from rapidfuzz import fuzz, process

from cchc_extract.models import SectionKind, Task
from cchc_extract.structure import DocLine, SectionSpan
from cchc_extract.tasks.agency import agency_lists_to_tasks
from cchc_extract.tasks.body import has_field_tasks, items_to_assignment_tasks, items_to_field_tasks, lines_to_items
from cchc_extract.vietnamese import fold_lower


@dataclass(frozen=True)
class ReaderSettings:
    same_task: float = 90.0  # a body item this similar (0-100) to a table row's description is that row printed again
    guessed: float = 0.3  # confidence of a task guessed because no reader found any (a warning says so)


READER = ReaderSettings()


Style = Literal["fields", "agency", "agency-bullets", "assignment"]


def section_to_tasks(
    lines: list[DocLine], number: str, group: str, kind: SectionKind, plan_year: int | None
) -> tuple[Style | None, list[Task]]:
    """How one body section writes its tasks, and the tasks read that way (lines: the section without its heading;
    group: 'II. Title'). Unit-less numbered work is read only in a section whose title names tasks."""
    if kind in ("purpose", "appendix"):
        return None, []
    items = lines_to_items(lines)
    if has_field_tasks(items):
        return "fields", items_to_field_tasks(items, number, group, plan_year)
    agency = agency_lists_to_tasks(items, [group], [number], plan_year)
    if agency:
        return "agency", agency
    agency = agency_lists_to_tasks(items, [group], [number], plan_year, ("bullet",))
    if agency:
        return "agency-bullets", agency
    if kind == "tasks":
        return "assignment", items_to_assignment_tasks(items, number, group, plan_year)
    return None, []


def body_to_tasks(
    lines: list[DocLine], spans: list[SectionSpan], plan_year: int | None, listed: bool = False
) -> list[Task]:
    """The body's tasks, the most explicit way of writing them winning: a list (table rows, `listed`, or labelled
    fields) over agency prose outside task sections, numbered agency headings over bullets that start with an agency,
    and agency prose over numbered work without a unit."""
    found: list[tuple[Style | None, SectionKind, list[Task]]] = []
    for span in spans:
        sec = span.section
        body = lines[span.start + 1 : span.end]
        style, tasks = section_to_tasks(body, sec.number, f"{sec.number}. {sec.title}", sec.kind, plan_year)
        found.append((style, sec.kind, tasks))
    listed = listed or any(style == "fields" for style, _, _ in found)
    numbered = any(style == "agency" and (kind == "tasks" or not listed) for style, kind, _ in found)
    # who does the plan's work, said in a section of its own ('Tổ chức thực hiện'): the task sections' unit-less
    # items are then its solutions, done by the agencies named there
    assigned = any(style in ("agency", "agency-bullets") and kind != "tasks" for style, kind, _ in found)
    out: list[Task] = []
    for style, kind, tasks in found:
        if style in ("agency", "agency-bullets") and listed and kind != "tasks":
            continue  # responsibilities around a plan's task list
        if style == "agency-bullets" and numbered:
            continue  # agencies named in passing; the plan assigns its work under numbered agency headings
        if style == "assignment" and (assigned or listed):
            continue  # the plan's solutions; its work is assigned elsewhere
        out += tasks
    return out


def guess_tasks(
    lines: list[DocLine], spans: list[SectionSpan], plan_year: int | None, s: ReaderSettings = READER
) -> list[Task]:
    """The last resort when no reader found a task: the items of the section likeliest to hold them (one whose
    title names tasks or an appendix, else any but the purposes), loose items included, at low confidence. A plan
    whose task section is there never comes out with zero tasks."""
    named = [sp for sp in spans if sp.section.kind in ("tasks", "appendix")]
    regions = named or [sp for sp in spans if sp.section.kind != "purpose"]
    best: list[Task] = []
    for span in regions:
        sec = span.section
        items = lines_to_items(lines[span.start + 1 : span.end])
        tasks = items_to_assignment_tasks(items, sec.number, f"{sec.number}. {sec.title}", plan_year, s.guessed)
        if len(tasks) > len(best):
            best = tasks
    return best


def merge_repeated(table_tasks: list[Task], body_tasks: list[Task], s: ReaderSettings = READER) -> list[Task]:
    """A task printed in the body and again as a table row is one task: the row, with the body's lines added to
    its provenance. Descriptions are compared after folding (rapidfuzz's ratio)."""
    if not table_tasks:
        return body_tasks
    keys = [fold_lower(t.description) for t in table_tasks]
    merged = list(table_tasks)
    kept: list[Task] = []
    for task in body_tasks:
        hit = process.extractOne(fold_lower(task.description), keys, scorer=fuzz.ratio, score_cutoff=s.same_task)
        if hit is None:
            kept.append(task)
            continue
        row = merged[hit[2]]
        prov = row.provenance.model_copy(update={
            "pages": sorted({*row.provenance.pages, *task.provenance.pages}),
            "lines": [*row.provenance.lines, *task.provenance.lines],
            "method": f"{row.provenance.method}; also in the body ({task.provenance.method})",
        })
        merged[hit[2]] = row.model_copy(update={"provenance": prov})
    return merged + kept
