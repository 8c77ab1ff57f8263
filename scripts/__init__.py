"""Build scripts for the shipped models (run from the repository root), and where they find the shared data."""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def shared_dir(*parts: str) -> Path:
    """A path under the shared data (../shared next to the repository, or $CCHC_SHARED); exits with a one-line
    message when it is missing."""
    path = Path(os.environ.get("CCHC_SHARED", ROOT.parent / "shared"), *parts)
    if not path.exists():
        sys.exit(f"{path}: not found; set CCHC_SHARED to the folder that holds corpus/ and dev/")
    return path
