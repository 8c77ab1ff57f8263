"""Tesseract's word data kept on disk by image checksum, so re-reading a plan (a batch re-run after an upgrade of the
parser, the corpus benchmark) does not OCR the same page image twice. Opt-in: set CCHC_OCR_CACHE to a folder.

No library caches pytesseract calls keyed by the pixels; this is a thin wrapper over `image_to_data`.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image

CACHE_ENV = "CCHC_OCR_CACHE"


def _key(pixels: np.ndarray, lang: str, config: str, version: str) -> str:
    h = hashlib.sha256()
    h.update(f"{pixels.shape}|{pixels.dtype}|{lang}|{config}|{version}".encode())
    h.update(np.ascontiguousarray(pixels).tobytes())
    return h.hexdigest()


@cache
def _tesseract_version() -> str:
    import pytesseract

    return str(pytesseract.get_tesseract_version())


def image_to_data(pixels: np.ndarray, lang: str, config: str, timeout: int) -> dict[str, list[Any]]:
    """pytesseract.image_to_data(..., output_type=DICT) on a grey image, read from the cache when it holds it."""
    import pytesseract

    folder = os.environ.get(CACHE_ENV)
    path = None
    if folder:
        path = Path(folder) / f"{_key(pixels, lang, config, _tesseract_version())}.json"
        if path.is_file():
            cached: dict[str, list[Any]] = json.loads(path.read_text(encoding="utf-8"))
            return cached
    data: dict[str, list[Any]] = pytesseract.image_to_data(
        Image.fromarray(pixels), lang=lang, config=config, output_type=pytesseract.Output.DICT, timeout=timeout
    )
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", dir=path.parent, delete=False, suffix=".tmp", encoding="utf-8") as f:
            json.dump(data, f, ensure_ascii=False)
        os.replace(f.name, path)
    return data
