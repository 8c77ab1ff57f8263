"""Serializes results (plan JSON; tasks across plans as JSONL, CSV, Excel); every file is written atomically
(temp file in the same folder, then rename)."""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from pathlib import Path

from cchc_extract.errors import OutputError
from cchc_extract.models import PlanDocument


def plan_to_json(plan: PlanDocument) -> str:
    return plan.model_dump_json(indent=2) + "\n"


def write_atomic(path: Path, text: str) -> None:
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}; check the folder and free space") from None


def schema_to_json(schema: dict[str, object]) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


# --- tables of tasks across plans (batch outputs) ----------------------------------------------------------

# (key, column name: Vietnamese (English)); plan columns first, then the task's own
PLAN_COLUMNS = [
    ("file", "Tệp (file)"),
    ("doc_number", "Số văn bản (doc_number)"),
    ("issuer", "Cơ quan ban hành (issuer)"),
    ("date", "Ngày ban hành (date)"),
    ("year", "Năm kế hoạch (year)"),
    ("title", "Trích yếu (title)"),
    ("indices", "Chỉ số (indices)"),
    ("signer", "Người ký (signer)"),
    ("tasks", "Số nhiệm vụ (tasks)"),
]
TASK_COLUMNS = [
    ("file", "Tệp (file)"),
    ("doc_number", "Số văn bản (doc_number)"),
    ("issuer", "Cơ quan ban hành (issuer)"),
    ("year", "Năm kế hoạch (year)"),
    ("id", "Mã nhiệm vụ (id)"),
    ("number", "Số thứ tự (number)"),
    ("group", "Nhóm (group)"),
    ("description", "Nhiệm vụ (description)"),
    ("lead", "Chủ trì (lead)"),
    ("coordinators", "Phối hợp (coordinators)"),
    ("deadline", "Thời gian (deadline)"),
    ("due_start", "Từ ngày (due_start)"),
    ("due_end", "Đến ngày (due_end)"),
    ("due_kind", "Loại thời hạn (due_kind)"),
    ("output", "Sản phẩm (output)"),
    ("target", "Mục tiêu (target)"),
    ("index", "Chỉ số (index)"),
    ("page", "Trang (page)"),
    ("origin", "Nguồn (origin)"),
    ("confidence", "Độ tin cậy (confidence)"),
]


def plan_row(plan: PlanDocument) -> dict[str, object]:
    d = plan.document
    return {"file": plan.source.path, "doc_number": d.number, "issuer": d.issuer, "date": d.date, "year": d.year,
            "title": d.title, "indices": ", ".join(d.indices), "signer": d.signer_name, "tasks": len(plan.tasks)}


def task_rows(plan: PlanDocument) -> list[dict[str, object]]:
    """One flat row per task, with its plan's metadata: what spreadsheets and pandas want."""
    d = plan.document
    rows: list[dict[str, object]] = []
    for t in plan.tasks:
        rows.append({
            "file": plan.source.path, "doc_number": d.number, "issuer": d.issuer, "year": d.year, "id": t.id,
            "number": t.number, "group": " > ".join(t.group), "description": t.description, "lead": t.lead,
            "coordinators": t.coordinators, "deadline": t.deadline, "due_start": t.due.start if t.due else None,
            "due_end": t.due.end if t.due else None, "due_kind": t.due.kind if t.due else None,
            "output": t.output, "target": t.target, "index": t.index, "page": t.page, "origin": t.origin,
            "confidence": t.confidence,
        })
    return rows


def write_tasks_jsonl(plans: list[PlanDocument], path: Path) -> None:
    lines = [json.dumps(row, ensure_ascii=False) for plan in plans for row in task_rows(plan)]
    write_atomic(path, "".join(f"{line}\n" for line in lines))


def write_tasks_csv(plans: list[PlanDocument], path: Path) -> None:
    """UTF-8 with a byte-order mark, so that Excel opens the Vietnamese text correctly."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow([name for _, name in TASK_COLUMNS])
    for plan in plans:
        for row in task_rows(plan):
            writer.writerow(["" if row[k] is None else row[k] for k, _ in TASK_COLUMNS])
    write_atomic(path, "\ufeff" + buf.getvalue())


def write_xlsx(plans: list[PlanDocument], path: Path) -> None:
    """A workbook with a sheet of plans and a sheet of tasks (one row a task), written atomically."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    sheets = [("Kế hoạch (plans)", PLAN_COLUMNS, [plan_row(p) for p in plans]),
              ("Nhiệm vụ (tasks)", TASK_COLUMNS, [r for p in plans for r in task_rows(p)])]
    for n, (title, columns, rows) in enumerate(sheets):
        ws = wb.active if n == 0 else wb.create_sheet()
        assert ws is not None
        ws.title = title
        ws.append([name for _, name in columns])
        for row in rows:
            ws.append([row[k] for k, _ in columns])
        ws.freeze_panes = "A2"
        for i, (key, _) in enumerate(columns, start=1):
            ws.column_dimensions[get_column_letter(i)].width = 60 if key in ("description", "title", "output") else 18
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        os.close(fd)
        wb.save(tmp)
        os.replace(tmp, path)
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}; check the folder and free space") from None
