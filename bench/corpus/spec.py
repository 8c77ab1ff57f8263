"""One document of the corpus as data: what the renderer prints (blocks) and what a reader should get (truth)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from cchc_extract.models import DocumentMeta

BlockKind = Literal["title", "subtitle", "heading", "subheading", "para", "table", "signature", "pagebreak"]
Split = Literal["dev", "heldout"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class TableSpec(_Model):
    header: list[str]
    rows: list[list[str]] = Field(description="cells as printed; fewer cells than the header: see the renderer")
    ruled: bool = True


class Signature(_Model):
    recipients: list[str] = Field(default_factory=list)
    authority: list[str] = Field(default_factory=list, description='"TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", title')
    name: str = ""


class Block(_Model):
    kind: BlockKind
    text: str = ""
    table: TableSpec | None = None
    signature: Signature | None = None


class Header(_Model):
    """The Decree 30 two-column header: issuing body (and its parent) left, motto right."""

    parent_issuer: str | None = None
    issuer: str
    number_line: str = Field(description='"Số: 123/KH-UBND" as printed, number blank allowed')
    place_date: str = Field(description='"Đắk Lắk, ngày 18 tháng 11 năm 2025"')


class TruthSection(_Model):
    number: str
    title: str


class TruthTask(_Model):
    number: str | None = None
    group: list[str] = Field(default_factory=list)
    description: str
    target: str | None = None
    lead: str | None = None
    coordinators: str | None = None
    deadline: str | None = None
    output: str | None = None


class TruthMeta(DocumentMeta):
    """PlanDocument's metadata plus what the layout issue adds (recipients, signer authority)."""

    recipients: list[str] = Field(default_factory=list)
    signer_authority: str | None = None
    issued_by: str | None = Field(default=None, description="number of the decision that issues the plan")


class Truth(_Model):
    document: TruthMeta
    sections: list[TruthSection] = Field(default_factory=list)
    purposes: list[str] = Field(default_factory=list)
    requirements: list[str] = Field(default_factory=list)
    tasks: list[TruthTask] = Field(default_factory=list)
    how: str = Field(description="how the task truth was made: table, labelled, agency (script), hand, composed")


class DocSpec(_Model):
    doc_id: str
    kind: Literal["realplan", "composed"]
    source: str = Field(description="where the text comes from")
    split: Split = "dev"
    header: Header
    blocks: list[Block]
    truth: Truth
