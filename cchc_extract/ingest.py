"""Turns any input (PDF text layer, scanned PDF, page image, OCR text) into pages of lines and table grids.

pdfplumber gives text-layer words and ruled tables; pypdfium2 renders pages; pytesseract runs Tesseract's
`vie` model with word boxes and confidences; cchc_extract.scantables reads ruled tables on scans. Hand-written
here is only the glue: grouping words into lines and the per-page OCR decision.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import re
import shutil
import unicodedata
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import Literal

import numpy as np
from PIL import Image

from cchc_extract import ocrcache
from cchc_extract.columns import header_in_line
from cchc_extract.errors import (
    CchcError,
    EmptyInputError,
    EncryptedPdfError,
    InputNotFoundError,
    MissingDependencyError,
    OcrError,
    TooLargeError,
    UnreadablePdfError,
    UnsupportedInputError,
)
from cchc_extract.models import OcrInfo, PageSource, TextSource
from cchc_extract.scantables import GridGeometry, cell_images, grid_geometry, ocr_cells, rectify_table
from cchc_extract.vietnamese import fold_lower

OcrMode = Literal["auto", "always", "never"]
log = logging.getLogger(__name__)
VECTOR_DPI = 300
OCR_LANG = "vie"
os.environ.setdefault("OMP_THREAD_LIMIT", "1")


@dataclass
class Word:
    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    conf: float = 100.0


RestoredWordT = tuple[str, str, float]


@dataclass
class Line:
    text: str
    number: int  # 1-based line number within the page
    bbox: tuple[float, float, float, float] | None = None
    raw: str = ""
    words: tuple[RestoredWordT, ...] = ()  # (raw, restored, confidence) per restored word

    def __post_init__(self) -> None:
        if not self.raw:
            self.raw = self.text


@dataclass
class Cell:
    text: str
    bbox: tuple[float, float, float, float] | None = None
    raw: str = ""
    conf: float | None = None
    words: tuple[RestoredWordT, ...] = ()  # (raw, restored, confidence) per restored word

    def __post_init__(self) -> None:
        if not self.raw:
            self.raw = self.text


@dataclass
class Grid:
    """A table found on a page: rows of cells; a spanned cell repeats as None after its first column."""

    rows: list[list[Cell | None]]


@dataclass
class Page:
    number: int
    source: PageSource
    lines: list[Line] = field(default_factory=list)
    grids: list[Grid] = field(default_factory=list)
    words: list[Word] = field(default_factory=list)  # outside the ruled tables, for tables without rules
    failed: str | None = None  # why this page could not be read (OCR failed, damaged content); the others are


@dataclass
class Ingested:
    path: Path
    sha256: str
    media_type: str
    pages: list[Page]


# --- input detection -----------------------------------------------------------------------------------

_MAGIC = [
    (b"%PDF", "application/pdf"),
    (b"\x89PNG", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"II*\x00", "image/tiff"),
    (b"MM\x00*", "image/tiff"),
]


def detect_media_type(path: Path) -> str:
    if not path.exists():
        raise InputNotFoundError(f"{path}: no such file; check the path")
    if path.is_dir():
        raise UnsupportedInputError(f"{path} is a folder; pass a PDF, an image or a .txt file")
    head = path.open("rb").read(1024)
    if not head:
        raise EmptyInputError(f"{path} is empty; pass a plan as PDF, image or UTF-8 text")
    if head.startswith(b"PK\x03\x04"):
        raise UnsupportedInputError(f"{path} is a ZIP/Office file (.docx?), not a PDF; export it to PDF first")
    for magic, media in _MAGIC:
        if head.startswith(magic) or (media == "application/pdf" and magic in head[:1024]):
            return media
    sample = path.open("rb").read(65536)
    if any(b < 32 and b not in b"\t\n\r\f" for b in sample):
        raise UnsupportedInputError(
            f"{path}: not a PDF, PNG, JPEG, TIFF or text file; convert it to one of those"
        )
    return "text/plain"


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


@dataclass(frozen=True)
class Limits:
    """What one document may hold: more pages is an error; a page image larger than max_megapixels is an error
    for an image file and is rendered at a lower resolution for a PDF page."""

    max_pages: int = 500
    max_megapixels: float = 60.0


DEFAULT_LIMITS = Limits()


def ingest(path: Path, ocr: OcrMode = "auto", limits: Limits = DEFAULT_LIMITS) -> Ingested:
    media = detect_media_type(path)
    if media == "text/plain":
        pages = text_to_pages(read_text(path))
    elif media == "application/pdf":
        pages = pdf_to_pages(path, ocr, limits)
    else:
        pages = image_to_pages(path, limits)
    return Ingested(path=path, sha256=sha256_of(path), media_type=media, pages=pages)


LEGACY_ENCODINGS = ("cp1258",)  # Windows-1258 Vietnamese: Python decodes it; TCVN3 and VNI it cannot


def read_text(path: Path) -> str:
    """UTF-8 (with or without BOM), or a legacy Vietnamese code page when the result reads as Vietnamese."""
    data = path.read_bytes()
    try:
        return unicodedata.normalize("NFC", data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        pass
    for encoding in LEGACY_ENCODINGS:
        text = unicodedata.normalize("NFC", data.decode(encoding, errors="replace"))  # cp1258 combines tones
        if text_layer_quality(text.split()[:2000]) >= 0.6:
            log.info("%s: read as %s", path, encoding)
            return text
    raise UnsupportedInputError(
        f"{path} is not UTF-8 text (a legacy Vietnamese encoding such as TCVN3 or VNI?); convert it to UTF-8"
    )


# --- text ----------------------------------------------------------------------------------------------


def text_to_pages(text: str) -> list[Page]:
    """OCR text as an earlier tool produced it; form feeds, if any, separate pages."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise EmptyInputError("the text file holds no text; pass the OCR output of a plan")
    pages = []
    for i, chunk in enumerate(text.split("\f"), start=1):
        lines = [Line(text=t, number=n) for n, t in enumerate(chunk.split("\n"), start=1)]
        pages.append(Page(number=i, source=PageSource(page=i, text_source="text-file"), lines=lines))
    return pages


# --- PDF -----------------------------------------------------------------------------------------------

_SYL = re.compile(r"^[a-z]+$")


def text_layer_quality(words: list[str]) -> float:
    """Share of alphabetic words that are valid Vietnamese syllables (0 for an empty layer)."""
    from cchc_extract.restore import default_restorer

    r = default_restorer()
    alpha = [w.strip(".,;:()\"'“”") for w in words]
    alpha = [w for w in alpha if w and _SYL.match(fold_lower(w))]
    if len(alpha) < 5:
        return 0.0
    good = sum(1 for w in alpha if r.is_syllable(w) or (w.isupper() and len(w) > 1))
    return good / len(alpha)


def pdf_to_pages(path: Path, ocr: OcrMode, limits: Limits = DEFAULT_LIMITS) -> list[Page]:
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError

    try:
        pdf = pdfplumber.open(path)
    except PDFPasswordIncorrect:
        raise EncryptedPdfError(f"{path} is password-protected; remove the password (qpdf --decrypt)") from None
    except (PDFSyntaxError, Exception) as exc:
        if any(k in repr(exc).lower() for k in ("password", "encrypt")):
            raise EncryptedPdfError(f"{path} is encrypted; decrypt it first (qpdf --decrypt)") from None
        raise UnreadablePdfError(f"{path} is not a readable PDF ({type(exc).__name__}); re-export it") from None
    try:
        try:
            n = len(pdf.pages)
        except Exception as exc:
            raise UnreadablePdfError(f"{path}: the PDF's page tree is damaged ({exc}); re-export it") from None
        if n == 0:
            raise EmptyInputError(f"{path} has no pages")
        if n > limits.max_pages:
            raise TooLargeError(f"{path} has {n} pages, over the limit of {limits.max_pages}; split it or raise "
                                "--max-pages")
        pages = []
        for i, page in enumerate(pdf.pages, start=1):
            pages.append(_read_or_fail(i, partial(_pdf_page, path, page, i, ocr, limits)))
    finally:
        with contextlib.suppress(Exception):  # closing a damaged PDF can fail again; the first error is the one
            pdf.close()
    return _unless_all_failed(pages)


def _read_or_fail(number: int, read: Callable[[], Page]) -> Page:
    """A page whose OCR fails (Tesseract killed, timed out, crashed) or whose PDF content is damaged is recorded
    as failed; the rest go on."""
    try:
        return read()
    except (OcrError, UnreadablePdfError) as exc:
        log.warning("page %d: %s", number, exc.message)
        kind: TextSource = "ocr" if isinstance(exc, OcrError) else "text-layer"
        source = PageSource(page=number, text_source=kind, reason=f"page unreadable: {exc.message}")
        return Page(number, source, failed=exc.message)


def _unless_all_failed(pages: list[Page]) -> list[Page]:
    if pages and all(p.failed for p in pages):
        first = pages[0].failed or ""
        kind = OcrError if pages[0].source.text_source == "ocr" else UnreadablePdfError
        raise kind(f"no page could be read: {first}")
    return pages


def _pdf_page(path: Path, page: object, number: int, ocr: OcrMode, limits: Limits) -> Page:
    try:
        return _read_pdf_page(path, page, number, ocr, limits)
    except CchcError:
        raise
    except Exception as exc:  # damaged content streams raise anything; the page is reported, the rest go on
        raise UnreadablePdfError(f"{path}: page {number} cannot be read ({type(exc).__name__}); re-export the "
                                 "PDF") from None


def _read_pdf_page(path: Path, page: object, number: int, ocr: OcrMode, limits: Limits) -> Page:
    import pdfplumber.page

    assert isinstance(page, pdfplumber.page.Page)
    try:
        words = page.extract_words(keep_blank_chars=False, x_tolerance=1.5)
    except Exception as exc:
        raise UnreadablePdfError(f"{path}: page {number} cannot be read ({exc}); re-export the PDF") from None
    quality = text_layer_quality([w["text"] for w in words])
    use_ocr = ocr == "always" or (ocr == "auto" and quality < 0.6)
    if not use_ocr:
        reason = f"text layer: {quality:.0%} valid syllables" if ocr == "auto" else "--ocr never"
        grids, boxes = _pdf_tables(page)
        kept = [Word(w["text"], w["x0"], w["top"], w["x1"], w["bottom"]) for w in words if not _inside(w, boxes)]
        source = PageSource(page=number, text_source="text-layer", reason=reason)
        return Page(number, source, words_to_lines(kept), grids, kept)
    dpi = _native_dpi(page) or VECTOR_DPI
    area = float(page.width) * float(page.height) / 72**2  # square inches
    fit = int((limits.max_megapixels * 1e6 / max(area, 1e-6)) ** 0.5)
    dpi = min(dpi, fit)  # a huge page is read at the resolution the pixel limit allows
    image = page.to_image(resolution=dpi).original.convert("RGB")
    reason = "--ocr always" if ocr == "always" else f"text layer: {quality:.0%} valid syllables"
    return ocr_image_to_page(image, number, dpi, reason)


def _native_dpi(page: object) -> int | None:
    """Resolution of a scanned page's image, so that a 200 dpi scan is never upsampled."""
    images = getattr(page, "images", [])
    width = float(getattr(page, "width", 0) or 0)
    if not images or not width:
        return None
    big = max(images, key=lambda im: (im["x1"] - im["x0"]) * (im["bottom"] - im["top"]))
    if (big["x1"] - big["x0"]) < 0.6 * width:
        return None
    src_w = big.get("srcsize", (0, 0))[0]
    dpi = round(src_w / ((big["x1"] - big["x0"]) / 72.0)) if src_w else 0
    return min(max(dpi, 100), 600) if dpi else None


def fill_row_spans(rows: list[list[Cell | None]], tops: list[float]) -> None:
    """A cell merged down over several rows (one unit leading a run of tasks) is each covered row's cell too:
    pdfplumber gives it to its first row and None below, as for a cell merged across (a heading's title), which
    covers no row under it. A row whose first cell (the number) is covered is part of the row above and is left
    alone. `tops`: each row's top edge."""

    def covering(r: int, c: int) -> Cell | None:
        above = next((rows[k][c] for k in range(r - 1, -1, -1) if c < len(rows[k]) and rows[k][c]), None)
        covers = above is not None and above.bbox is not None and above.bbox[3] > tops[r] + 1.0
        return above if covers else None

    for r, cells in enumerate(rows):
        if r == 0 or not cells or (cells[0] is None and covering(r, 0)):
            continue
        for c, cell in enumerate(cells):
            if cell is None and (above := covering(r, c)) is not None:
                cells[c] = replace(above)


def _pdf_tables(page: object) -> tuple[list[Grid], list[tuple[float, float, float, float]]]:
    settings = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}
    grids: list[Grid] = []
    boxes = []
    for table in page.find_tables(settings):  # type: ignore[attr-defined]
        texts = table.extract()
        rows: list[list[Cell | None]] = []
        for row_obj, row_text in zip(table.rows, texts, strict=False):
            cells: list[Cell | None] = []
            for bbox, text in zip(row_obj.cells, row_text, strict=False):
                cells.append(None if bbox is None else Cell(text=(text or "").strip(), bbox=tuple(bbox)))
            rows.append(cells)
        fill_row_spans(rows, [float(row_obj.bbox[1]) for row_obj in table.rows])
        if rows and len(rows[0]) >= 3:
            grids.append(Grid(rows))
            boxes.append(tuple(table.bbox))
    return grids, boxes


def _inside(w: dict[str, float], boxes: list[tuple[float, float, float, float]]) -> bool:
    cx, cy = (w["x0"] + w["x1"]) / 2, (w["top"] + w["bottom"]) / 2
    return any(x0 <= cx <= x1 and t <= cy <= b for x0, t, x1, b in boxes)


def word_rows(words: list[Word], order: Callable[[Word], tuple[float, float]] = lambda w: (w.top, w.x0)
              ) -> list[list[Word]]:
    """Words grouped into printed lines by vertical overlap, taken in `order` (top edge by default), each line
    left to right."""
    rows: list[list[Word]] = []
    for w in sorted(words, key=order):
        if rows:
            last = rows[-1]
            top, bottom = min(x.top for x in last), max(x.bottom for x in last)
            overlap = min(bottom, w.bottom) - max(top, w.top)
            if overlap > 0.4 * max(1.0, min(w.bottom - w.top, bottom - top)):
                last.append(w)
                continue
        rows.append([w])
    return [sorted(r, key=lambda w: w.x0) for r in rows]


def words_to_lines(words: list[Word]) -> list[Line]:
    """Group words into reading-order lines by vertical overlap."""
    return _rows_to_lines(word_rows(words))


def _rows_to_lines(rows: list[list[Word]]) -> list[Line]:
    """Numbered lines from rows of words, each row read left to right."""
    lines = []
    for n, row in enumerate(rows, start=1):
        row.sort(key=lambda w: w.x0)
        bbox = (min(w.x0 for w in row), min(w.top for w in row), max(w.x1 for w in row), max(w.bottom for w in row))
        lines.append(Line(text=" ".join(w.text for w in row), number=n, bbox=bbox))
    return lines


# --- images and OCR ------------------------------------------------------------------------------------


def check_tesseract() -> str:
    """Version of the installed Tesseract with `vie`; a clear error when either is missing."""
    import pytesseract

    hint = "install them: apt-get install tesseract-ocr tesseract-ocr-vie (or run `make setup`)"
    if shutil.which(pytesseract.pytesseract.tesseract_cmd) is None:
        raise MissingDependencyError(f"Tesseract OCR is not installed; {hint}")
    try:
        langs = pytesseract.get_languages(config="")
        version = str(pytesseract.get_tesseract_version())
    except Exception as exc:
        raise MissingDependencyError(f"Tesseract does not run ({exc}); {hint}") from None
    if OCR_LANG not in langs:
        raise MissingDependencyError(f"Tesseract's Vietnamese model ('vie') is missing; {hint}")
    return version


def image_to_pages(path: Path, limits: Limits = DEFAULT_LIMITS) -> list[Page]:
    try:
        with warnings.catch_warnings():  # the size is checked below, against the configured limit
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            img = Image.open(path)  # reads the header only: the size is known before any pixel is decoded
    except Image.DecompressionBombError:
        raise TooLargeError(f"{path}: the image is far too large to decode safely; downscale it") from None
    except Exception as exc:
        raise UnsupportedInputError(f"{path}: the image cannot be decoded ({exc}); re-save it as PNG") from None
    megapixels = img.width * img.height / 1e6
    if megapixels > limits.max_megapixels:
        raise TooLargeError(f"{path} is {img.width}x{img.height} ({megapixels:.0f} megapixels), over the limit of "
                            f"{limits.max_megapixels:g}; downscale it to 300 dpi or raise --max-megapixels")
    frames = int(getattr(img, "n_frames", 1))
    if frames > limits.max_pages:
        raise TooLargeError(f"{path} has {frames} frames, over the limit of {limits.max_pages}; split it")
    try:
        img.load()
    except Exception as exc:
        raise UnsupportedInputError(f"{path}: the image cannot be decoded ({exc}); re-save it as PNG") from None
    pages = []
    for i, frame in enumerate(_frames(img), start=1):
        dpi_info = frame.info.get("dpi", (0, 0))
        dpi = round(float(dpi_info[0])) if dpi_info and dpi_info[0] else 300
        pages.append(_read_or_fail(i, partial(ocr_image_to_page, frame.convert("RGB"), i, dpi, "image input")))
    return _unless_all_failed(pages)


def _frames(img: Image.Image) -> Iterator[Image.Image]:
    n = getattr(img, "n_frames", 1)
    for i in range(n):
        img.seek(i)
        yield img.copy()


@dataclass(frozen=True)
class LightSettings:
    """Uneven light (a phone photo) is divided out before OCR; an evenly lit scan is left as it is."""

    window: int = 41  # the background is the page closed over this many pixels (wider than a stroke)
    uneven: float = 25.0  # grey levels between the brightest and darkest background that call for flattening


LIGHT = LightSettings()


def flatten_light(gray: np.ndarray, s: LightSettings = LIGHT) -> np.ndarray:
    """The page divided by its own background (a morphological closing removes the text, a blur smooths it), so
    Tesseract's global threshold sees paper as white across a photo lit from one side."""
    import cv2

    small = cv2.resize(gray, None, fx=0.25, fy=0.25, interpolation=cv2.INTER_AREA)
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (s.window // 4 | 1, s.window // 4 | 1))
    background = cv2.GaussianBlur(cv2.morphologyEx(small, cv2.MORPH_CLOSE, kernel), (0, 0), s.window / 4)
    low, high = np.percentile(background, [5, 95])
    if high - low < s.uneven:
        return gray
    background = cv2.resize(background, (gray.shape[1], gray.shape[0]), interpolation=cv2.INTER_LINEAR)
    flat = gray.astype(np.float32) / np.maximum(background.astype(np.float32), 1.0) * 255.0
    return np.clip(flat, 0, 255).astype(np.uint8)


def deskew(gray: np.ndarray) -> tuple[np.ndarray, float]:
    """Rotate by the angle (within ±3°) that makes horizontal projections sharpest."""
    import cv2

    small = cv2.resize(gray, None, fx=0.25, fy=0.25, interpolation=cv2.INTER_AREA)
    binary = (small < 160).astype(np.float32)
    h, w = binary.shape
    best, best_angle = -1.0, 0.0
    for angle in np.arange(-3.0, 3.01, 0.1):
        m = cv2.getRotationMatrix2D((w / 2, h / 2), float(angle), 1.0)
        rot = cv2.warpAffine(binary, m, (w, h), flags=cv2.INTER_NEAREST)
        score = float(np.var(rot.sum(axis=1)))
        if score > best:
            best, best_angle = score, float(angle)
    if abs(best_angle) < 0.05:
        return gray, 0.0
    H, W = gray.shape
    m = cv2.getRotationMatrix2D((W / 2, H / 2), best_angle, 1.0)
    return cv2.warpAffine(gray, m, (W, H), flags=cv2.INTER_LINEAR, borderValue=255), best_angle


def ocr_image_to_page(image: Image.Image, number: int, dpi: int, reason: str) -> Page:
    import cv2
    import pytesseract

    version = check_tesseract()
    gray = cv2.cvtColor(np.asarray(image), cv2.COLOR_RGB2GRAY)
    gray, _angle = deskew(rectify_table(flatten_light(gray)))
    geo = grid_geometry(gray)
    rest = gray.copy()
    if geo is not None:  # the table's cells are read one by one below; the page OCR reads what is around it
        x0, y0, x1, y1 = (int(v) for v in geo.box)
        rest[max(0, y0 - 2) : y1 + 3, max(0, x0 - 2) : x1 + 3] = 255
    ink = np.where((rest < 128).sum(axis=1) > 2)[0]  # rows with ink outside the table: OCR only their span
    top, bottom = (max(0, int(ink[0]) - 20), min(rest.shape[0], int(ink[-1]) + 20)) if ink.size else (0, 0)
    try:
        words, line_of = _ocr_words(rest, top, bottom, "--psm 3")
        header = _unruled_header_top(words) if geo is None else None
        if header is not None:
            # A table without rules: the page segmentation (psm 3) drops lone row numbers; psm 4 keeps them
            kept = [w for w in words if w.bottom < header]
            table_words, table_lines = _ocr_words(rest, max(top, int(header) - 10), bottom, "--psm 4", 1000)
            words, line_of = kept + table_words, {**{id(w): line_of[id(w)] for w in kept}, **table_lines}
        grids = [grid_to_cells(gray, geo)] if geo is not None else []
    except RuntimeError as exc:  # pytesseract raises RuntimeError on timeout
        raise OcrError(f"Tesseract timed out on page {number} ({exc}); try a lower resolution") from None
    except pytesseract.TesseractError as exc:
        raise OcrError(f"Tesseract failed on page {number}: {exc.message}") from None
    cell_confs = [c.conf for g in grids for row in g.rows for c in row if c is not None and c.conf is not None]
    confs = [w.conf for w in words] + cell_confs
    mean_conf = round(sum(confs) / len(confs), 1) if confs else None
    info = OcrInfo(engine="tesseract", version=version, languages=[OCR_LANG], dpi=dpi, mean_confidence=mean_conf)
    source = PageSource(page=number, text_source="ocr", reason=reason, ocr=info)
    return Page(number, source, ocr_words_to_lines(words, line_of), grids, words)


def _ocr_words(
    gray: np.ndarray, top: int, bottom: int, config: str, block_base: int = 0
) -> tuple[list[Word], dict[int, tuple[int, int, int]]]:
    """Tesseract's words in rows top..bottom of the page, in page coordinates, with each word's
    (block, paragraph, line) keyed by id(word)."""
    words: list[Word] = []
    line_of: dict[int, tuple[int, int, int]] = {}
    if bottom <= top:
        return words, line_of
    data = ocrcache.image_to_data(gray[top:bottom], OCR_LANG, config, 300)
    for i, text in enumerate(data["text"]):
        conf = float(data["conf"][i])
        if text.strip() and conf >= 0:
            x, y, w, h = data["left"][i], data["top"][i] + top, data["width"][i], data["height"][i]
            words.append(Word(text.strip(), x, y, x + w, y + h, conf))
            line_of[id(words[-1])] = (block_base + data["block_num"][i], data["par_num"][i], data["line_num"][i])
    return words, line_of


def _unruled_header_top(words: list[Word]) -> float | None:
    """The top of the first line of words that reads as a table header (three column roles or more)."""
    for line in words_to_lines(words):
        if line.bbox is not None and header_in_line(line.text, minimum=3):
            return line.bbox[1]
    return None


def ocr_words_to_lines(words: list[Word], line_of: dict[int, tuple[int, int, int]]) -> list[Line]:
    """Tesseract's own lines (block, paragraph, line), in top-to-bottom order."""
    groups: dict[tuple[int, int, int], list[Word]] = {}
    for w in words:
        groups.setdefault(line_of[id(w)], []).append(w)
    ordered = sorted(groups.values(), key=lambda ws: (min(w.top for w in ws), min(w.x0 for w in ws)))
    return _rows_to_lines(ordered)


def ocr_short_cell(crop: np.ndarray) -> tuple[str, float | None]:
    """Row numbers and other short tokens that page-level OCR drops: one line, one cell."""
    if crop.size == 0 or (crop < 128).mean() < 0.002:
        return "", None
    padded = np.pad(crop, 20, constant_values=255)
    data = ocrcache.image_to_data(padded, OCR_LANG, "--psm 7", 30)
    words = [(t.strip(), float(c)) for t, c in zip(data["text"], data["conf"], strict=False) if t.strip()]
    if not words:
        return "", None
    return " ".join(t for t, _ in words), round(sum(c for _, c in words) / len(words), 1)


def grid_to_cells(gray: np.ndarray, geo: GridGeometry) -> Grid:
    """Every cell of a ruled table read on its own (one Tesseract call for the table); empty narrow cells
    (row numbers that Tesseract drops in a crowd) read again alone as one line."""
    texts = ocr_cells(cell_images(gray, geo), OCR_LANG)
    width = geo.xs[-1] - geo.xs[0]
    rows: list[list[Cell | None]] = []
    for r in range(len(geo.ys) - 1):
        if (r, 0) not in geo.owner:
            continue
        cells: list[Cell | None] = []
        for c in range(len(geo.xs) - 1):
            if geo.owner[(r, c)] != (r, c):
                cells.append(None)
                continue
            x1, y1 = geo.xs[geo.span_end(r, c)], geo.ys[geo.span_bottom(r, c)]
            text, conf = texts.get((r, c), ("", None))
            if not text and x1 - geo.xs[c] < 0.12 * width:  # a row number Tesseract dropped among long cells
                text, conf = ocr_short_cell(gray[geo.ys[r] + 4 : y1 - 3, geo.xs[c] + 4 : x1 - 3])
            cells.append(Cell(text=text, bbox=(geo.xs[c], geo.ys[r], x1, y1), conf=conf))
        rows.append(cells)
    fill_row_spans(rows, [float(geo.ys[r]) for r in range(len(geo.ys) - 1) if (r, 0) in geo.owner])
    return Grid(rows)
