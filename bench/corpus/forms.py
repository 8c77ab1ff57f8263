"""The forms a user holds a plan in, made from its digital PDF with fixed seeds: scans at three damage levels,
phone photos, English- and Vietnamese-model OCR text of the 200 dpi scan, and the text with diacritics stripped."""

from __future__ import annotations

import io
import random
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, ImageFilter

FORMS = ("digital", "scan-light", "scan", "scan-heavy", "photo", "ocr-eng", "ocr-vie", "stripped")
FILES = {"digital": "digital.pdf", "scan-light": "scan-light.pdf", "scan": "scan.pdf", "scan-heavy": "scan-heavy.pdf",
         "photo": "photo.tif", "ocr-eng": "ocr-eng.txt", "ocr-vie": "ocr-vie.txt", "stripped": "stripped.txt"}


@dataclass(frozen=True)
class Damage:
    """How a page is degraded: resolution, skew, blur, speckle noise, ink fading, JPEG quality."""

    dpi: int
    max_skew: float
    blur: float
    noise: float
    fade: float
    jpeg: int


DAMAGE = {
    "scan-light": Damage(dpi=300, max_skew=0.3, blur=0.3, noise=4.0, fade=1.0, jpeg=85),
    "scan": Damage(dpi=200, max_skew=1.0, blur=0.7, noise=12.0, fade=1.0, jpeg=60),  # the seeds' kind
    "scan-heavy": Damage(dpi=200, max_skew=1.5, blur=1.1, noise=22.0, fade=0.75, jpeg=35),
}


def render_pages(pdf: Path, dpi: int) -> list[Image.Image]:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(pdf))
    try:
        return [page.render(scale=dpi / 72).to_pil().convert("L") for page in doc]
    finally:
        doc.close()


def page_count(pdf: Path) -> int:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(pdf))
    try:
        return len(doc)
    finally:
        doc.close()


def damage_page(img: Image.Image, d: Damage, rng: random.Random) -> Image.Image:
    img = img.rotate(rng.uniform(-d.max_skew, d.max_skew), resample=Image.Resampling.BICUBIC, fillcolor=255)
    img = img.filter(ImageFilter.GaussianBlur(d.blur))
    arr = np.asarray(img).astype(np.float32)
    arr = 255 - (255 - arr) * d.fade
    arr += np.random.default_rng(rng.randrange(1 << 30)).normal(0, d.noise, arr.shape)
    buf = io.BytesIO()
    Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8)).save(buf, "JPEG", quality=d.jpeg)
    return Image.open(io.BytesIO(buf.getvalue())).convert("L")


def photo_page(img: Image.Image, rng: random.Random) -> Image.Image:
    """A phone photo: perspective from a tilted camera, light falling off across the page, softness, JPEG."""
    import cv2

    arr = np.asarray(img)
    h, w = arr.shape
    src = np.array([[0, 0], [w, 0], [w, h], [0, h]], dtype=np.float32)
    jitter = [(rng.uniform(0.01, 0.04) * w, rng.uniform(0.01, 0.03) * h) for _ in range(4)]
    dst = np.array([[jitter[0][0], jitter[0][1]], [w - jitter[1][0], jitter[1][1]],
                    [w - jitter[2][0], h - jitter[2][1]], [jitter[3][0], h - jitter[3][1]]], dtype=np.float32)
    warped = cv2.warpPerspective(arr, cv2.getPerspectiveTransform(src, dst), (w, h), borderValue=200)
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    cx, cy = rng.uniform(0.2, 0.8) * w, rng.uniform(0.2, 0.8) * h
    light = 1.0 - 0.35 * np.hypot((xx - cx) / w, (yy - cy) / h)
    lit = warped.astype(np.float32) * light * rng.uniform(0.85, 0.95)
    lit += np.random.default_rng(rng.randrange(1 << 30)).normal(0, 6, lit.shape)
    out = Image.fromarray(np.clip(lit, 0, 255).astype(np.uint8)).filter(ImageFilter.GaussianBlur(0.8))
    buf = io.BytesIO()
    out.save(buf, "JPEG", quality=70)
    return Image.open(io.BytesIO(buf.getvalue())).convert("L")


def save_pdf(pages: list[Image.Image], out: Path, dpi: int) -> None:
    tmp = out.with_suffix(".tmp")
    pages[0].save(tmp, "PDF", save_all=True, append_images=pages[1:], resolution=dpi)
    tmp.replace(out)


def ocr_text(pages: list[Image.Image], lang: str) -> str:
    """Plain text as Tesseract prints it (default page segmentation), pages one after another."""
    import pytesseract

    return "\n".join(pytesseract.image_to_string(p, lang=lang).replace("\f", "") for p in pages)


def strip_diacritics(text: str) -> str:
    from unidecode import unidecode

    return "\n".join(unidecode(line) for line in text.splitlines())


def digital_text(pdf: Path) -> str:
    import pdfplumber

    with pdfplumber.open(pdf) as doc:
        return "\n".join((page.extract_text() or "") for page in doc.pages)


def make_forms(digital: Path, outdir: Path, seed: int, forms: tuple[str, ...] = FORMS) -> None:
    """Every form of one document next to its digital PDF; a form whose file exists is kept."""
    todo = [f for f in forms if f != "digital" and not (outdir / FILES[f]).is_file()]
    scans: dict[str, list[Image.Image]] = {}
    for name, d in DAMAGE.items():
        if name in todo or (name == "scan" and {"ocr-eng", "ocr-vie"} & set(todo)):
            rng = random.Random(f"{seed}/{digital.parent.name}/{name}")
            scans[name] = [damage_page(p, d, rng) for p in render_pages(digital, d.dpi)]
            if name in todo:
                save_pdf(scans[name], outdir / FILES[name], d.dpi)
    if "photo" in todo:
        rng = random.Random(f"{seed}/{digital.parent.name}/photo")
        photos = [photo_page(p, rng) for p in render_pages(digital, 200)]
        tmp = outdir / "photo.tmp.tif"
        photos[0].save(tmp, save_all=True, append_images=photos[1:], compression="tiff_deflate", dpi=(200, 200))
        tmp.replace(outdir / FILES["photo"])
    for form, lang in (("ocr-eng", "eng"), ("ocr-vie", "vie")):
        if form in todo:
            _write(outdir / FILES[form], ocr_text(scans["scan"], lang))
    if "stripped" in todo:
        _write(outdir / FILES["stripped"], strip_diacritics(digital_text(digital)))


def _write(path: Path, text: str) -> None:
    tmp = path.with_suffix(".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
