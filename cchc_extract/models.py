"""The output contract: pydantic v2 models (extra='forbid') from which the JSON Schema is generated."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = "1.2"

TextSource = Literal["text-layer", "ocr", "text-file"]
SectionKind = Literal["purpose", "tasks", "organization", "appendix", "other"]
Index = Literal["PAR_INDEX", "SIPAS", "PAPI", "PCI"]
DueKind = Literal["by", "during", "recurring", "continuous"]
Origin = Literal["appendix", "body"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class OcrInfo(_Model):
    engine: str = Field(description="OCR engine name")
    version: str | None = None
    languages: list[str] = Field(default_factory=list)
    dpi: int | None = Field(default=None, description="resolution the page image was OCR'd at")
    mean_confidence: float | None = Field(default=None, description="mean word confidence, 0-100")


class PageSource(_Model):
    page: int = Field(ge=1)
    text_source: TextSource
    reason: str | None = Field(default=None, description="why OCR was or was not used (--ocr auto)")
    ocr: OcrInfo | None = None


class Source(_Model):
    path: str
    sha256: str
    media_type: str
    pages: int = Field(ge=0)
    page_sources: list[PageSource] = Field(default_factory=list)


class DocumentMeta(_Model):
    doc_type: str | None = None
    number: str | None = None
    issuer: str | None = None
    parent_issuer: str | None = None
    place: str | None = None
    date: str | None = Field(default=None, description="ISO date, or YYYY-MM when the day is blank")
    year: int | None = Field(default=None, description="the year the plan is for")
    title: str | None = None
    indices: list[str] = Field(default_factory=list, description="PAR INDEX, SIPAS, PAPI, PCI")
    references: list[str] = Field(default_factory=list, description="document numbers cited in the preamble")
    signer_name: str | None = None
    signer_title: str | None = None


class Section(_Model):
    number: str
    title: str
    kind: SectionKind
    page: int | None = None


class Due(_Model):
    start: str | None = None
    end: str | None = None
    kind: DueKind


class BBox(_Model):
    page: int
    x0: float
    top: float
    x1: float
    bottom: float


class CellBox(BBox):
    role: str | None = Field(default=None, description="the cell's column role: number, description, lead, ...")
    ocr_confidence: float | None = Field(
        default=None, ge=0.0, le=100.0, description="mean Tesseract word confidence in the cell; null for a text layer"
    )


class RestoredWord(_Model):
    raw: str = Field(description="the word as OCR gave it")
    text: str = Field(description="the word after diacritics restoration")
    confidence: float = Field(ge=0.0, le=1.0, description="posterior of the chosen syllable given its neighbours")


class Provenance(_Model):
    pages: list[int] = Field(default_factory=list)
    lines: list[int] = Field(default_factory=list, description="1-based line numbers in the page text (text inputs)")
    method: str = Field(description="which parser produced the task")
    cells: list[CellBox] = Field(
        default_factory=list, description="table cells: box (PDF points or image pixels), role, OCR confidence"
    )
    restoration_confidence: float | None = Field(
        default=None, ge=0.0, le=1.0, description="mean confidence of the task's restored words; null if none"
    )
    unsure_words: list[RestoredWord] = Field(
        default_factory=list, description="restored words of the task with confidence below 0.9, in text order"
    )


class Task(_Model):
    id: str = Field(description="stable path such as A.I.1")
    number: str | None = Field(default=None, description="item number as printed")
    group: list[str] = Field(default_factory=list, description='"<number>. <title>", outermost first')
    origin: Origin
    description: str
    target: str | None = None
    lead: str | None = None
    coordinators: str | None = None
    deadline: str | None = None
    output: str | None = None
    lead_units: list[str] = Field(default_factory=list)
    coordinator_units: list[str] = Field(default_factory=list)
    due: Due | None = None
    index: Index | None = None
    page: int | None = None
    raw: str = Field(description="the task's text before diacritics restoration")
    confidence: float = Field(ge=0.0, le=1.0)
    provenance: Provenance


class Warning_(_Model):
    code: str
    message: str
    page: int | None = None


class PlanDocument(_Model):
    schema_version: str = SCHEMA_VERSION
    source: Source
    document: DocumentMeta
    sections: list[Section] = Field(default_factory=list)
    purposes: list[str] = Field(default_factory=list)
    requirements: list[str] = Field(default_factory=list)
    tasks: list[Task] = Field(default_factory=list)
    warnings: list[Warning_] = Field(default_factory=list)


def plan_json_schema() -> dict[str, object]:
    """The JSON Schema of PlanDocument, as shipped in schema/plan.schema.json."""
    schema = PlanDocument.model_json_schema()
    schema["$id"] = f"https://cchc-extract/schema/plan-{SCHEMA_VERSION}.json"
    return schema


FileStatus = Literal["ok", "partial", "failed", "skipped"]


class FileReport(_Model):
    """One file of a batch: what became of it."""

    path: str
    output: str | None = Field(default=None, description="its JSON; null when it failed")
    status: FileStatus = Field(description="ok; partial (some pages failed); failed; skipped (output up to date)")
    pages: int = 0
    tasks: int = 0
    seconds: float = 0.0
    error: str | None = Field(default=None, description="why it failed, and what to do")
    exit_code: int | None = Field(default=None, description="the exit code a single-file run would have given")
    warnings: list[str] = Field(default_factory=list, description="warning codes of its result")


class BatchSummary(_Model):
    """out/summary.json of a batch run."""

    schema_version: str = SCHEMA_VERSION
    root: str
    output_dir: str
    workers: int | None = None
    dask: str | None = None
    seconds: float
    counts: dict[str, int] = Field(description="files per status")
    interrupted: bool = False
    files: list[FileReport]
