"""Shared fixtures: repository paths and the golden-regeneration flag."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
REGEN = os.environ.get("CCHC_REGEN_GOLDEN") == "1"


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT
