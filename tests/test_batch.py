"""Batch conversion of a folder: outputs mirror the tree, broken files are reported and do not stop the rest,
a re-run skips what is done, the task tables open in Excel's formats, and the same run works on a Dask cluster."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from cchc_extract.batch import Job, discover, extract_many, output_for, plan_jobs, up_to_date
from cchc_extract.cli import app, normalize_argv
from cchc_extract.errors import ExitCode
from cchc_extract.models import BatchSummary


@pytest.fixture()
def folder(tmp_path: Path, root: Path) -> Path:
    """Three readable plans (two OCR texts, a digital PDF in a subfolder) and two broken files."""
    plans = tmp_path / "plans"
    (plans / "2024").mkdir(parents=True)
    for seed in ("001", "004"):
        shutil.copy(next((root / "samples/seeds").glob(f"{seed}_*.txt")), plans)
    shutil.copy(root / "samples/pdf/plan_a_digital.pdf", plans / "2024")
    (plans / "empty.txt").write_bytes(b"")
    (plans / "2024" / "download.pdf").write_bytes(b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog")  # truncated
    (plans / "notes.docx").write_bytes(b"PK\x03\x04")  # not a plan type: not picked up
    return plans


def test_discover_and_outputs_mirror_the_tree(folder: Path, tmp_path: Path) -> None:
    found = discover(folder)
    assert [p.relative_to(folder).as_posix() for p in found] == [
        "001_2531cf303f2f62ab.txt", "004_7ed48c22a913953e.txt", "2024/download.pdf", "2024/plan_a_digital.pdf",
        "empty.txt",
    ]
    assert output_for(folder / "2024" / "plan_a_digital.pdf", folder, tmp_path / "out") == \
        tmp_path / "out" / "2024" / "plan_a_digital.pdf.json"


def test_batch_reports_broken_files_keeps_the_rest_and_resumes(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    argv = normalize_argv([str(folder), "-o", str(out), "--workers", "2", "--format", "xlsx", "--format", "csv",
                           "--format", "jsonl", "--quiet"])
    assert argv[0] == "batch"
    result = CliRunner().invoke(app, argv)
    assert result.exit_code == ExitCode.batch_failures, result.output
    summary = BatchSummary.model_validate_json((out / "summary.json").read_text(encoding="utf-8"))
    assert summary.counts == {"ok": 3, "partial": 0, "failed": 2, "skipped": 0}
    failed = {Path(f.path).name: f for f in summary.files if f.status == "failed"}
    assert set(failed) == {"empty.txt", "download.pdf"}
    assert failed["empty.txt"].exit_code == ExitCode.empty_input and failed["empty.txt"].error
    assert (out / "2024" / "plan_a_digital.pdf.json").is_file()
    tasks = sum(f.tasks for f in summary.files)

    sheet = load_workbook(out / "plans.xlsx")["Nhiệm vụ (tasks)"]
    assert sheet.max_row - 1 == tasks and sheet.cell(1, 5).value == "Mã nhiệm vụ (id)"
    raw = (out / "tasks.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel reads UTF-8 with its byte-order mark
    assert len(list(csv.reader(raw.decode("utf-8-sig").splitlines()))) == tasks + 1
    assert len((out / "tasks.jsonl").read_text(encoding="utf-8").splitlines()) == tasks

    again = CliRunner().invoke(app, argv)  # a re-run redoes nothing that is done
    assert again.exit_code == ExitCode.batch_failures
    rerun = json.loads((out / "summary.json").read_text(encoding="utf-8"))["counts"]
    assert rerun == {"ok": 0, "partial": 0, "failed": 2, "skipped": 3}
    assert load_workbook(out / "plans.xlsx")["Nhiệm vụ (tasks)"].max_row - 1 == tasks  # skipped plans still listed


def test_an_output_from_another_input_is_redone(folder: Path, tmp_path: Path) -> None:
    source = next(folder.glob("001_*.txt"))
    job = Job(source, tmp_path / "a.json")
    [report] = list(extract_many([job], workers=1))
    assert report.status == "ok" and up_to_date(job)
    source.write_text(source.read_text(encoding="utf-8") + "\n", encoding="utf-8")  # the input changed
    assert not up_to_date(job)
    assert [r.status for r in extract_many([job], workers=1)] == ["ok"]
    assert [r.status for r in extract_many([job], workers=1, force=True)] == ["ok"]
    assert [r.status for r in extract_many([job], workers=1)] == ["skipped"]


@pytest.mark.integration
def test_a_document_over_its_time_limit_is_stopped_alone(root: Path, tmp_path: Path) -> None:
    plans = tmp_path / "plans"
    plans.mkdir()
    shutil.copy(root / "samples/pdf/plan_a_scanned.pdf", plans)  # OCR takes seconds
    shutil.copy(next((root / "samples/seeds").glob("003_*.txt")), plans)
    reports = {Path(r.path).suffix: r for r in extract_many(plan_jobs(plans, tmp_path / "out"), workers=2, timeout=3)}
    assert reports[".pdf"].status == "failed" and reports[".pdf"].exit_code == ExitCode.timeout
    assert reports[".txt"].status == "ok"


@pytest.mark.integration
def test_the_same_batch_on_a_dask_cluster(folder: Path, tmp_path: Path) -> None:
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        reports = list(extract_many(plan_jobs(folder, tmp_path / "out"), dask_address=cluster.scheduler_address))
    assert sorted(r.status for r in reports) == ["failed", "failed", "ok", "ok", "ok"]
    assert (tmp_path / "out" / "2024" / "plan_a_digital.pdf.json").is_file()


def test_library_extract_many_on_paths_writes_next_to_each(folder: Path) -> None:
    from cchc_extract import extract_many as exported

    assert exported is extract_many
    source = next(folder.glob("004_*.txt"))
    [report] = list(exported([source], workers=1))
    assert report.status == "ok" and report.tasks > 0
    assert Path(f"{source}.json").is_file() and report.output == f"{source}.json"
