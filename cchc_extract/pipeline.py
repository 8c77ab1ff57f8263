"""The stages in order, explicitly: ingest -> tables without rules -> restore -> sections -> metadata -> tasks
-> restoration provenance -> PlanDocument."""

from __future__ import annotations

from pathlib import Path

from cchc_extract.ingest import DEFAULT_LIMITS, Cell, Ingested, Limits, OcrMode, Page, ingest
from cchc_extract.models import DocumentMeta, PlanDocument, RestoredWord, Source, Task, Warning_
from cchc_extract.restore import Restorer, default_restorer
from cchc_extract.structure import (
    DocLine,
    SectionSpan,
    extract_metadata,
    purposes_and_requirements,
    split_sections,
)
from cchc_extract.tables import TableInput, read_rows
from cchc_extract.tasks.fields import unique_ids
from cchc_extract.tasks.reader import body_to_tasks, guess_tasks, merge_repeated
from cchc_extract.tasks.table import rows_to_tasks
from cchc_extract.vietnamese import normalize_text
from cchc_extract.wordgrid import find_unruled_tables

UNSURE_BELOW = 0.9  # restored words below this confidence are listed in each task's provenance
UNSURE_TASK_BELOW = 0.6  # when half the tasks or more are below this confidence, the document gets a warning


def restore_pages(pages: list[Page], restorer: Restorer) -> list[Page]:
    """Diacritics restored in every line (the document's lines decoded together, so wrapped lines join into
    paragraphs) and in each table cell on its own; the text before is kept as `raw`, word confidences as `words`.
    A text layer that passed the quality check is correct Vietnamese already; OCR'd pages have unsure marks."""
    todo = [page for page in pages if page.source.text_source != "text-layer"]
    ocr = any(page.source.text_source == "ocr" for page in todo)
    lines = [line for page in todo for line in page.lines]
    for line, restored in zip(lines, restorer.restore_lines([ln.text for ln in lines], marks_unsure=ocr), strict=True):
        line.raw = line.text
        line.text = normalize_text(restored.text)
        line.words = tuple((w.raw, w.text, w.confidence) for w in restored.words)
    for page in todo:
        for grid in page.grids:
            for row in grid.rows:
                for cell in row:
                    if isinstance(cell, Cell):
                        out = restorer.restore_lines(cell.text.split("\n"), marks_unsure=ocr)
                        cell.raw = cell.text
                        cell.text = "\n".join(normalize_text(x.text) for x in out)
                        cell.words = tuple((w.raw, w.text, w.confidence) for x in out for w in x.words)
    return pages


def pages_to_lines(pages: list[Page]) -> list[DocLine]:
    return [DocLine(ln.text, ln.raw, page.number, ln.number, ln.words) for page in pages for ln in page.lines]


def attach_restoration(tasks: list[Task], pages: list[Page], lines: list[DocLine]) -> list[Task]:
    """Each task's provenance gets the confidence of its restored words and the words restoration was unsure of."""
    by_line = {(ln.page, ln.number): ln.words for ln in lines}
    by_cell = {
        (page.number, cell.bbox): cell.words
        for page in pages
        for grid in page.grids
        for row in grid.rows
        for cell in row
        if isinstance(cell, Cell) and cell.bbox
    }
    out = []
    for task in tasks:
        prov = task.provenance
        words = [w for n in prov.lines for p in prov.pages for w in by_line.get((p, n), ())]
        words += [
            w for box in prov.cells for p in prov.pages
            for w in by_cell.get((p, (box.x0, box.top, box.x1, box.bottom)), ())
        ]
        if words:
            prov = prov.model_copy(
                update={
                    "restoration_confidence": round(sum(w[2] for w in words) / len(words), 3),
                    "unsure_words": [
                        RestoredWord(raw=r, text=t, confidence=c) for r, t, c in words if c < UNSURE_BELOW
                    ],
                }
            )
            task = task.model_copy(update={"provenance": prov})
        out.append(task)
    return out


def appendix_to_tasks(
    pages: list[Page], lines: list[DocLine], spans: list[SectionSpan], year: int | None
) -> list[Task]:
    appendix = next((s for s in spans if s.section.kind == "appendix"), None)
    for found in read_rows(TableInput(pages, lines, appendix)):
        tasks = rows_to_tasks(found.rows, year, found.roles)
        if tasks:
            return tasks
    return []


def assemble(
    doc: Ingested,
    meta: DocumentMeta,
    spans: list[SectionSpan],
    purposes: list[str],
    requirements: list[str],
    tasks: list[Task],
) -> PlanDocument:
    tasks = [t.model_copy(update={"id": i}) for t, i in zip(tasks, unique_ids([t.id for t in tasks]), strict=True)]
    warnings = []
    if not tasks:
        warnings.append(Warning_(code="no-tasks", message="no tasks were found in this document"))
    elif all(t.provenance.method == "body-guess" for t in tasks):
        warnings.append(Warning_(code="tasks-guessed", message=(
            "no table, labelled fields or agency headings were recognised: the tasks are the items of the section "
            "likeliest to hold them, at low confidence; check them against the document")))
    unsure = [t for t in tasks if t.confidence < UNSURE_TASK_BELOW]
    if tasks and len(unsure) * 2 >= len(tasks):
        warnings.append(Warning_(code="low-task-confidence", message=(
            f"{len(unsure)} of {len(tasks)} tasks have confidence below {UNSURE_TASK_BELOW} (cells rebuilt from text "
            "that lost the table's layout, or numbers inferred); check them against the document")))
    if not spans:
        warnings.append(Warning_(code="no-sections", message="no Roman-numbered sections were found"))
    for page in doc.pages:
        if page.failed:
            warnings.append(Warning_(code="page-failed", page=page.number, message=f"{page.failed}; its tasks are "
                                     "missing (re-run, or raise the OCR time limit)"))
        if page.source.text_source == "ocr" and page.source.ocr and (page.source.ocr.mean_confidence or 100) < 60:
            warnings.append(
                Warning_(
                    code="low-ocr-confidence",
                    page=page.number,
                    message=f"mean OCR confidence {page.source.ocr.mean_confidence}",
                )
            )
    source = Source(
        path=str(doc.path),
        sha256=doc.sha256,
        media_type=doc.media_type,
        pages=len(doc.pages),
        page_sources=[p.source for p in doc.pages],
    )
    return PlanDocument(
        source=source,
        document=meta,
        sections=[s.section for s in spans],
        purposes=purposes,
        requirements=requirements,
        tasks=tasks,
        warnings=warnings,
    )


def extract(
    path: str | Path, ocr: OcrMode = "auto", restorer: Restorer | None = None, limits: Limits = DEFAULT_LIMITS
) -> PlanDocument:
    """Extract one plan. Raises cchc_extract.errors.CchcError subclasses on bad input."""
    doc = ingest(Path(path), ocr, limits)
    pages = find_unruled_tables(doc.pages)
    pages = restore_pages(pages, restorer or default_restorer())
    lines = pages_to_lines(pages)
    spans = split_sections(lines)
    meta = extract_metadata(lines, spans)
    purposes, requirements = purposes_and_requirements(lines, spans)
    table_tasks = appendix_to_tasks(pages, lines, spans, meta.year)
    tasks = merge_repeated(table_tasks, body_to_tasks(lines, spans, meta.year, listed=bool(table_tasks)))
    tasks = tasks or guess_tasks(lines, spans, meta.year)
    tasks = attach_restoration(tasks, pages, lines)
    return assemble(doc, meta, spans, purposes, requirements, tasks)
