"""The committed JSON Schema is the one the models generate, and the CLI prints it."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from cchc_extract.cli import app
from cchc_extract.models import SCHEMA_VERSION, PlanDocument, plan_json_schema


def test_committed_schema_is_current(root: Path) -> None:
    committed = json.loads((root / "schema" / "plan.schema.json").read_text(encoding="utf-8"))
    assert committed == plan_json_schema(), "run: cchc-extract schema > schema/plan.schema.json"


def test_cli_prints_schema() -> None:
    result = CliRunner().invoke(app, ["schema"])
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema["title"] == "PlanDocument"
    assert "tasks" in schema["properties"]
    assert SCHEMA_VERSION in schema["$id"]


def test_models_forbid_unknown_fields() -> None:
    schema = PlanDocument.model_json_schema()
    assert schema["additionalProperties"] is False
    assert all(d.get("additionalProperties") is False for d in schema["$defs"].values() if d.get("type") == "object")
