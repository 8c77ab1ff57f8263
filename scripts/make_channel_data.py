"""Generates OCR-channel training pairs: corpus text rendered with several fonts and scan damages, read back by
Tesseract's English model, each OCR word paired with the corpus word(s) under it by position.

The pairs (a few MB of TSV) go to build/channel/pairs.tsv, not into git; scripts/build_channel_model.py
derives the shipped channel model from them. Only training paragraphs are used (the held-out ones stay out).
With --held-out PAGES it renders held-out paragraphs instead and writes whole lines (OCR text, printed text) to
build/channel/heldout_lines.tsv: bench/bench_restore.py's synthetic OCR test set.
Run: python scripts/make_channel_data.py [--pages 400] [--workers 2] [--out build/channel] [--held-out PAGES]
"""

from __future__ import annotations

import argparse
import io
import os
import random
import sys
from multiprocessing import Pool
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scripts import shared_dir  # noqa: E402
from scripts.build_restore_model import CORPUS_FILE, HOLDOUT_EVERY, training_lines  # noqa: E402

FONT_DIRS = ("/usr/share/fonts/truetype/freefont", "/usr/share/fonts/truetype/dejavu")
FONT_FILES = ("FreeSerif.ttf", "FreeSerifBold.ttf", "FreeSerifItalic.ttf", "DejaVuSerif.ttf", "FreeSans.ttf",
              "DejaVuSans.ttf")
FONT_WEIGHTS = (6, 2, 1, 2, 1, 1)  # plans are set in Times New Roman: FreeSerif is its metric twin


def fonts() -> list[tuple[str, int]]:
    found = []
    for name, weight in zip(FONT_FILES, FONT_WEIGHTS, strict=True):
        for d in FONT_DIRS:
            if (Path(d) / name).is_file():
                found.append((str(Path(d) / name), weight))
    if not found:
        raise SystemExit("no Vietnamese font: apt-get install fonts-freefont-ttf fonts-dejavu-core")
    return found


def wrap(paragraphs: list[str], font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    lines: list[str] = []
    for para in paragraphs:
        cur: list[str] = []
        for word in para.split():
            if cur and font.getlength(" ".join([*cur, word])) > width:
                lines.append(" ".join(cur))
                cur = []
            cur.append(word)
        if cur:
            lines.append(" ".join(cur))
    return lines


Words = list[tuple[str, float, float]]  # a line's words with their x-extents


def render_page(seed: int, paragraphs: list[str]) -> tuple[Image.Image, list[Words], list[float]]:
    """A damaged page image, its lines' words with x-extents, and each line's y-centre (pixels)."""
    rng = random.Random(seed)
    choices = fonts()
    path = rng.choices([p for p, _ in choices], weights=[w for _, w in choices])[0]
    dpi = rng.choice((200, 240, 300, 300))
    size = round(rng.choice((12, 13, 13, 14)) * dpi / 72)
    font = ImageFont.truetype(path, size)
    width, height = int(8.27 * dpi), int(11.69 * dpi)
    margin = int(0.9 * dpi)
    leading = int(size * rng.uniform(1.25, 1.6))
    img = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(img)
    lines = wrap(paragraphs, font, width - 2 * margin)[: (height - 2 * margin) // leading]
    boxes: list[Words] = []
    ys: list[float] = []
    y = margin
    space = font.getlength(" ")
    for line in lines:
        x = float(margin)
        words = []
        for word in line.split():
            w = font.getlength(word)
            draw.text((x, y), word, font=font, fill=rng.randint(0, 60))
            words.append((word, x, x + w))
            x += w + space
        boxes.append(words)
        ys.append(y + size * 0.6)
        y += leading
    img = damage(img, rng)
    return img, boxes, ys


def damage(img: Image.Image, rng: random.Random) -> Image.Image:
    """Blur, uneven ink, speckle noise and JPEG artefacts like an office scan (no rotation: y stays aligned)."""
    import numpy as np

    if rng.random() < 0.8:
        img = img.filter(ImageFilter.GaussianBlur(rng.uniform(0.3, 1.3)))
    arr = np.asarray(img, dtype=np.float32)
    arr += np.random.default_rng(rng.randint(0, 1 << 30)).normal(0, rng.uniform(0, 18), arr.shape)
    if rng.random() < 0.5:  # ink thinning/thickening by threshold shift
        arr = np.where(arr < rng.uniform(110, 190), arr * 0.6, np.minimum(255, arr * 1.1))
    img = Image.fromarray(np.clip(arr, 0, 255).astype("uint8"))
    if rng.random() < 0.7:
        buf = io.BytesIO()
        img.save(buf, "JPEG", quality=rng.randint(25, 80))
        img = Image.open(io.BytesIO(buf.getvalue())).convert("L")
    return img


def read_page(seed: int, paragraphs: list[str]) -> tuple[list[Words], dict[int, Words]]:
    """Renders and OCRs one page: its lines' words, and the OCR words on each line (by y), left to right."""
    import pytesseract

    img, boxes, ys = render_page(seed, paragraphs)
    data = pytesseract.image_to_data(img, lang="eng", config="--psm 6", output_type=pytesseract.Output.DICT)
    per_line: dict[int, Words] = {}
    for text, left, top, w, h in zip(data["text"], data["left"], data["top"], data["width"], data["height"],
                                     strict=True):
        if not text.strip():
            continue
        yc = top + h / 2
        li = min(range(len(ys)), key=lambda i: abs(ys[i] - yc))
        per_line.setdefault(li, []).append((text, float(left), float(left + w)))
    return boxes, {li: sorted(words, key=lambda t: t[1]) for li, words in per_line.items()}


def ocr_pairs(job: tuple[int, list[str]]) -> list[str]:
    """TSV rows: corpus words (space-joined when OCR glued them) <TAB> OCR word(s) (space-joined when split)."""
    boxes, per_line = read_page(*job)
    rows: list[str] = []
    for li, words in enumerate(boxes):
        rows.extend(align_line(words, per_line.get(li, [])))
    return rows


def ocr_lines(job: tuple[int, list[str]]) -> list[str]:
    """TSV rows: a line as OCR read it <TAB> the line as printed (a test set for whole-line restoration)."""
    boxes, per_line = read_page(*job)
    return [
        " ".join(w for w, _, _ in per_line.get(li, [])) + "\t" + " ".join(w for w, _, _ in words)
        for li, words in enumerate(boxes)
    ]


def align_line(src: list[tuple[str, float, float]], ocr: list[tuple[str, float, float]]) -> list[str]:
    """Groups source and OCR words into connected components of overlapping x-extents."""
    rows = []
    i = j = 0
    while i < len(src) and j < len(ocr):
        if ocr[j][2] <= src[i][1] + 2:  # OCR noise left of the word
            j += 1
            continue
        if src[i][2] <= ocr[j][1] + 2:  # word OCR lost
            rows.append(f"{src[i][0]}\t")
            i += 1
            continue
        s_group, o_group = [src[i]], [ocr[j]]
        end = max(src[i][2], ocr[j][2])
        i += 1
        j += 1
        while True:
            if i < len(src) and src[i][1] < end - 2:
                s_group.append(src[i])
                end = max(end, src[i][2])
                i += 1
            elif j < len(ocr) and ocr[j][1] < end - 2:
                o_group.append(ocr[j])
                end = max(end, ocr[j][2])
                j += 1
            else:
                break
        rows.append(" ".join(w for w, _, _ in s_group) + "\t" + " ".join(w for w, _, _ in o_group))
    rows.extend(f"{w}\t" for w, _, _ in src[i:])
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=None, help="default: ../shared/corpus or $CCHC_SHARED/corpus")
    parser.add_argument("--pages", type=int, default=400)
    parser.add_argument("--held-out", type=int, default=0, metavar="PAGES",
                        help="instead: PAGES pages of held-out paragraphs as whole lines (a restoration test set)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "channel")
    args = parser.parse_args()
    os.environ["OMP_THREAD_LIMIT"] = "1"
    args.corpus = args.corpus or shared_dir("corpus")
    if args.held_out:
        corpus = (args.corpus / CORPUS_FILE).read_text(encoding="utf-8").splitlines()
        lines, seed0, work, name = corpus[::HOLDOUT_EVERY], 100_000, ocr_lines, "heldout_lines.tsv"
    else:
        lines, seed0, work, name = training_lines(args.corpus / CORPUS_FILE), 0, ocr_pairs, "pairs.tsv"
    rng = random.Random(7 + seed0)
    jobs = []
    for page in range(args.held_out or args.pages):
        start = rng.randrange(len(lines) - 40)
        jobs.append((seed0 + page, [p for p in lines[start : start + 40] if len(p) > 40][:12]))
    args.out.mkdir(parents=True, exist_ok=True)
    tmp = args.out / f"{name}.tmp"
    n = 0
    with Pool(args.workers) as pool, tmp.open("w", encoding="utf-8") as f:
        for rows in pool.imap(work, jobs):
            f.writelines(r + "\n" for r in rows)
            n += 1
            if n % 20 == 0:
                print(f"{n}/{len(jobs)} pages", file=sys.stderr)
    tmp.replace(args.out / name)
    print(f"wrote {args.out / name}")


if __name__ == "__main__":
    main()
