"""Makes the sample PDFs from plans written out as data: a digital PDF and a scanned, image-only copy.

Run: python samples/make_samples.py [--out samples/pdf]. Needs reportlab (dev extra) and a font with
Vietnamese glyphs (DejaVu Serif or FreeSerif from Debian's fonts packages).
"""

from __future__ import annotations

import argparse
import io
import json
import random
from pathlib import Path

HERE = Path(__file__).resolve().parent
FONTS = [
    ("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSerif-Bold.ttf"),
    ("/usr/share/fonts/truetype/freefont/FreeSerif.ttf", "/usr/share/fonts/truetype/freefont/FreeSerifBold.ttf"),
]


def _register_fonts() -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    for regular, bold in FONTS:
        if Path(regular).is_file() and Path(bold).is_file():
            pdfmetrics.registerFont(TTFont("VN", regular))
            pdfmetrics.registerFont(TTFont("VN-Bold", bold))
            return
    raise SystemExit("no Vietnamese font found: apt-get install fonts-dejavu-core fonts-freefont-ttf")


def plan_to_pdf(plan: dict, out: Path) -> None:  # type: ignore[type-arg]
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import (
        BaseDocTemplate,
        Frame,
        NextPageTemplate,
        PageBreak,
        PageTemplate,
        Paragraph,
        Spacer,
        Table,
        TableStyle,
    )

    _register_fonts()
    body = ParagraphStyle("body", fontName="VN", fontSize=12, leading=16, firstLineIndent=10 * mm, alignment=4)
    center = ParagraphStyle("center", fontName="VN", fontSize=12, leading=16, alignment=1)
    bold = ParagraphStyle("bold", fontName="VN-Bold", fontSize=12, leading=16)
    bold_c = ParagraphStyle("boldc", parent=bold, alignment=1)
    cell = ParagraphStyle("cell", fontName="VN", fontSize=11, leading=14)
    cell_b = ParagraphStyle("cellb", fontName="VN-Bold", fontSize=11, leading=14)

    doc = BaseDocTemplate(str(out), pagesize=A4, invariant=1, title=plan["title"])
    portrait = Frame(25 * mm, 20 * mm, A4[0] - 45 * mm, A4[1] - 40 * mm, id="p")
    land = landscape(A4)
    wide = Frame(15 * mm, 15 * mm, land[0] - 30 * mm, land[1] - 30 * mm, id="l")
    doc.addPageTemplates(
        [
            PageTemplate("portrait", [portrait], pagesize=A4),
            PageTemplate("landscape", [wide], pagesize=land),
        ]
    )
    story: list = []  # type: ignore[type-arg]
    header = Table(
        [
            [Paragraph(plan["parent_issuer"], center), Paragraph("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold_c)],
            [Paragraph(plan["issuer"], bold_c), Paragraph("Độc lập - Tự do - Hạnh phúc", bold_c)],
            [Paragraph(f"Số: {plan['number']}", center), Paragraph(plan["place_date"], center)],
        ],
        colWidths=[70 * mm, 95 * mm],
    )
    story += [
        header,
        Spacer(1, 8 * mm),
        Paragraph("KẾ HOẠCH", bold_c),
        Paragraph(plan["title"], bold_c),
        Spacer(1, 6 * mm),
    ]
    story += [Paragraph(p, body) for p in plan["preamble"]]
    for sec in plan["sections"]:
        story.append(Paragraph(sec["heading"], bold))
        for part in sec.get("parts", []):
            story.append(Paragraph(part["heading"], bold))
            story += [Paragraph(f"- {b}", body) for b in part["bullets"]]
        story += [Paragraph(p, body) for p in sec.get("paragraphs", [])]
    story += [Spacer(1, 6 * mm)]
    sign = [
        [Paragraph("Nơi nhận:", bold), Paragraph("<br/>".join(plan["signer_title"]), bold_c)],
        [Paragraph("- UBND tỉnh;<br/>- Lưu: VT, VP.", cell), Paragraph(f"<br/><br/>{plan['signer_name']}", bold_c)],
    ]
    story += [Table(sign, colWidths=[70 * mm, 95 * mm]), NextPageTemplate("landscape"), PageBreak()]
    story += [
        Paragraph(plan["appendix_title"], bold_c),
        Paragraph(plan["appendix_subtitle"], center),
        Spacer(1, 4 * mm),
    ]
    ncol = len(plan["columns"])
    data = [[Paragraph(c, cell_b) for c in plan["columns"]], [Paragraph(f"({i})", cell) for i in range(1, ncol + 1)]]
    spans = []
    for r, row in enumerate(plan["rows"], start=2):
        if len(row) == 2:
            data.append([Paragraph(row[0], cell_b), Paragraph(row[1], cell_b)] + [""] * (ncol - 2))
            spans.append(("SPAN", (1, r), (ncol - 1, r)))
        else:
            data.append([Paragraph(c, cell) for c in row])
    widths = [12 * mm, 78 * mm, 32 * mm, 40 * mm, 45 * mm, 60 * mm]
    table = Table(data, colWidths=widths, repeatRows=2)
    table.setStyle(
        TableStyle([("GRID", (0, 0), (-1, -1), 0.8, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP"), *spans])
    )
    story.append(table)
    doc.build(story)


def scan_pdf(
    digital: Path,
    out: Path,
    dpi: int = 200,
    angle: float = 0.6,
    seed: int = 7,
    blur: float = 0.7,
    noise: float = 12.0,
    quality: int = 60,
) -> None:
    """Rasterize, rotate slightly, blur, add noise, JPEG-compress, and save as an image-only PDF."""
    import numpy as np
    import pypdfium2 as pdfium
    from PIL import Image, ImageFilter

    rng = random.Random(seed)
    pages = []
    pdf = pdfium.PdfDocument(str(digital))
    for page in pdf:
        img = page.render(scale=dpi / 72).to_pil().convert("L")
        img = img.rotate(angle * (1 if rng.random() > 0.5 else -1), resample=Image.Resampling.BICUBIC, fillcolor=255)
        img = img.filter(ImageFilter.GaussianBlur(blur))
        arr = np.asarray(img).astype(np.int16)
        speckle = np.random.default_rng(seed).normal(0, noise, arr.shape)
        arr = np.clip(arr + speckle, 0, 255).astype(np.uint8)
        buf = io.BytesIO()
        Image.fromarray(arr).save(buf, "JPEG", quality=quality)
        pages.append(Image.open(io.BytesIO(buf.getvalue())).convert("L"))
    pages[0].save(out, "PDF", save_all=True, append_images=pages[1:], resolution=dpi)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=HERE / "pdf")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    for plan_file in sorted((HERE / "plans").glob("*.json")):
        plan = json.loads(plan_file.read_text(encoding="utf-8"))
        digital = args.out / f"{plan_file.stem}_digital.pdf"
        plan_to_pdf(plan, digital)
        scan_pdf(digital, args.out / f"{plan_file.stem}_scanned.pdf")
        print(f"wrote {digital} and {plan_file.stem}_scanned.pdf")


if __name__ == "__main__":
    main()
