"""The OCR cache: a page image read once is read from disk the second time, byte for byte the same data."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw

from cchc_extract import ocrcache


def _page() -> np.ndarray:
    img = Image.new("L", (400, 80), 255)
    ImageDraw.Draw(img).text((10, 30), "KE HOACH 2025", fill=0)
    return np.asarray(img)


def test_second_read_comes_from_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ocrcache.CACHE_ENV, str(tmp_path))
    first = ocrcache.image_to_data(_page(), "eng", "--psm 7", 30)
    assert len(list(tmp_path.glob("*.json"))) == 1

    def refuse(*_: object, **__: object) -> None:
        raise AssertionError("Tesseract ran although the page was cached")

    monkeypatch.setattr("pytesseract.image_to_data", refuse)
    assert ocrcache.image_to_data(_page(), "eng", "--psm 7", 30) == first
    with pytest.raises(AssertionError):  # another configuration is another key
        ocrcache.image_to_data(_page(), "eng", "--psm 6", 30)


def test_no_cache_without_the_variable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ocrcache.CACHE_ENV, raising=False)
    monkeypatch.chdir(tmp_path)
    data = ocrcache.image_to_data(_page(), "eng", "--psm 7", 30)
    assert "text" in data and not list(tmp_path.iterdir())
