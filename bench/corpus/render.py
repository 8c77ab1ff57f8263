"""Prints a DocSpec as Vietnamese administrative documents are printed (Decree 30/2020/NĐ-CP layout), with reportlab.

Two-column header (issuing body left, national motto right, "Số:" left, place and date right), centred type
and title, justified body, task tables ruled or not (landscape pages for wide tables, header repeated, cells
split across pages), two-column signature block. Font, size, margins and column widths vary by document.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from bench.corpus.spec import Block, DocSpec, Signature, TableSpec

FONT_DIRS = {
    "LiberationSerif": ("/usr/share/fonts/truetype/liberation2/LiberationSerif-{}.ttf",
                        {"": "Regular", "B": "Bold", "I": "Italic"}),
    "DejaVuSerif": ("/usr/share/fonts/truetype/dejavu/DejaVuSerif{}.ttf", {"": "", "B": "-Bold", "I": "-Italic"}),
    "FreeSerif": ("/usr/share/fonts/truetype/freefont/FreeSerif{}.ttf", {"": "", "B": "Bold", "I": "Italic"}),
}
VIETNAMESE = "ăâđêôơưĂÂĐÊÔƠƯạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹẠẢẤẦẨẪẬẮẰẲẴẶẸẺẼẾỀỂỄỆỌỎỐỒỔỖỘỚỜỞỠỢỤỦỨỪỬỮỰ"
MOTTO = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")


@dataclass(frozen=True)
class Style:
    """One document's typography, drawn from its seed."""

    font: str
    size: float
    margin_mm: float
    left_share: float  # header / signature left column share of the width
    ruled: bool


def fonts_available() -> list[str]:
    """Fonts whose three faces are installed and carry every Vietnamese letter (Liberation 1.x does not)."""
    from reportlab.pdfbase.ttfonts import TTFont

    names = []
    for name, (pattern, styles) in FONT_DIRS.items():
        files = [Path(pattern.format(s)) for s in styles.values()]
        if all(f.is_file() for f in files) and all(
            ord(c) in TTFont(name, str(f)).face.charToGlyph for f in files for c in VIETNAMESE
        ):
            names.append(name)
    return names


def register_fonts() -> list[str]:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    names = fonts_available()
    for name in names:
        pattern, styles = FONT_DIRS[name]
        for suffix, file_part in styles.items():
            pdfmetrics.registerFont(TTFont(name + suffix, pattern.format(file_part)))
    if len(names) < 3:
        raise SystemExit("need 3 fonts with Vietnamese glyphs: apt-get install fonts-liberation fonts-dejavu-core "
                         "fonts-freefont-ttf")
    return names


def style_for(spec: DocSpec, fonts: list[str]) -> Style:
    rng = random.Random(spec.doc_id)
    return Style(font=fonts[rng.randrange(len(fonts))], size=rng.choice([12.0, 13.0, 13.0, 14.0]),
                 margin_mm=rng.uniform(18, 25), left_share=rng.uniform(0.40, 0.47), ruled=rng.random() < 0.7)


class Printer:
    """Builds the flowables of one document in one style."""

    def __init__(self, style: Style) -> None:
        from reportlab.lib.styles import ParagraphStyle

        f, s = style.font, style.size
        self.style = style
        base = ParagraphStyle("body", fontName=f, fontSize=s, leading=s * 1.3, alignment=4, firstLineIndent=s * 2.2,
                              spaceAfter=s * 0.35)
        self.styles = {
            "para": base,
            "heading": ParagraphStyle("h", parent=base, fontName=f + "B", firstLineIndent=s * 2.2),
            "subheading": ParagraphStyle("sh", parent=base, fontName=f + "B"),
            "title": ParagraphStyle("t", parent=base, fontName=f + "B", alignment=1, firstLineIndent=0),
            "subtitle": ParagraphStyle("st", parent=base, fontName=f + "I", alignment=1, firstLineIndent=0),
            "center": ParagraphStyle("c", parent=base, alignment=1, firstLineIndent=0, spaceAfter=0),
            "center_b": ParagraphStyle("cb", parent=base, fontName=f + "B", alignment=1, firstLineIndent=0,
                                       spaceAfter=0),
            "center_i": ParagraphStyle("ci", parent=base, fontName=f + "I", alignment=1, firstLineIndent=0,
                                       spaceAfter=0),
            "cell": ParagraphStyle("cell", fontName=f, fontSize=s - 1.5, leading=(s - 1.5) * 1.2),
            "cell_b": ParagraphStyle("cellb", fontName=f + "B", fontSize=s - 1.5, leading=(s - 1.5) * 1.2,
                                     alignment=1),
            "small": ParagraphStyle("small", fontName=f, fontSize=s - 2.5, leading=(s - 2.5) * 1.2),
            "small_bi": ParagraphStyle("smallbi", fontName=f + "B", fontSize=s - 1, leading=(s - 1) * 1.2),
        }

    def p(self, text: str, kind: str) -> Any:
        from reportlab.platypus import Paragraph

        return Paragraph(escape(text).replace("\n", "<br/>"), self.styles[kind])

    def header(self, spec: DocSpec, width: float) -> Any:
        from reportlab.platypus import Table, TableStyle

        h = spec.header
        left = ([self.p(h.parent_issuer, "center")] if h.parent_issuer else []) + [self.p(h.issuer, "center_b")]
        rows = [[left, [self.p(MOTTO[0], "center_b"), self.p(MOTTO[1], "center_b")]],
                [self.p(h.number_line, "center"), self.p(h.place_date, "center_i")]]
        share = self.style.left_share
        table = Table(rows, colWidths=[width * share, width * (1 - share)])
        table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("TOPPADDING", (0, 1), (-1, 1), 8)]))
        return table

    def signature(self, sig: Signature, width: float) -> Any:
        from reportlab.platypus import Spacer, Table, TableStyle

        left = [self.p("Nơi nhận:", "small_bi"), *(self.p(f"- {r}", "small") for r in sig.recipients)]
        right = [self.p(a, "center_b") for a in sig.authority] + [Spacer(1, 50), self.p(sig.name, "center_b")]
        share = self.style.left_share
        table = Table([[left, right]], colWidths=[width * share, width * (1 - share)])
        table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
        return table

    def table(self, spec: TableSpec, width: float, rng: random.Random) -> Any:
        from reportlab.lib import colors
        from reportlab.platypus import Table, TableStyle

        n = len(spec.header)
        weights = [0.45 if len(h) <= 4 else (3.0 if i == 1 else 1.4) * rng.uniform(0.85, 1.15)
                   for i, h in enumerate(spec.header)]
        widths = [width * w / sum(weights) for w in weights]
        data = [[self.p(h, "cell_b") for h in spec.header]]
        commands: list[tuple[Any, ...]] = [("VALIGN", (0, 0), (-1, -1), "TOP")]
        for r, row in enumerate(spec.rows, start=1):
            if len(row) < n and _is_marker(row[0]):  # a group row: number, title across, maybe a total last
                title = " ".join(row[1:-1]) if len(row) > 2 else (row[1] if len(row) > 1 else "")
                last = row[-1] if len(row) > 2 else ""
                data.append([self.p(row[0], "cell_b"), self.p(title, "cell_b"), *[""] * (n - 3),
                             self.p(last, "cell")][:n])
                commands.append(("SPAN", (1, r), (n - 2 if len(row) > 2 else n - 1, r)))
                continue
            # a row with every cell; or, shorter, one that continues the row above in its last columns
            cells = [*row[:n - 1], " ".join(row[n - 1:])] if len(row) > n else [""] * (n - len(row)) + row
            data.append([self.p(c.replace(" / ", "\n"), "cell") for c in cells])
        if spec.ruled and self.style.ruled:
            commands.append(("GRID", (0, 0), (-1, -1), 0.7, colors.black))
        else:
            commands.append(("LINEBELOW", (0, 0), (-1, 0), 0.7, colors.black))
        table = Table(data, colWidths=widths, repeatRows=1, splitInRow=1)
        table.setStyle(TableStyle(commands))
        return table


def spec_to_pdf(spec: DocSpec, out: Path, fonts: list[str]) -> Style:
    """Print the document to out (a PDF with a text layer); returns the style it was printed in."""
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.units import mm
    from reportlab.platypus import BaseDocTemplate, Frame, NextPageTemplate, PageBreak, PageTemplate, Spacer

    style = style_for(spec, fonts)
    printer = Printer(style)
    m = style.margin_mm * mm
    land = landscape(A4)
    doc = BaseDocTemplate(str(out), pagesize=A4, invariant=1, title=spec.doc_id)
    doc.addPageTemplates([
        PageTemplate("portrait", [Frame(m + 10 * mm, m, A4[0] - 2 * m - 10 * mm, A4[1] - 2 * m)], pagesize=A4),
        PageTemplate("landscape", [Frame(m, m, land[0] - 2 * m, land[1] - 2 * m)], pagesize=land),
    ])
    width, land_width = A4[0] - 2 * m - 10 * mm, land[0] - 2 * m
    rng = random.Random(spec.doc_id + "/tables")
    story: list[Any] = [printer.header(spec, width), Spacer(1, 6 * mm)]
    landscape_now = False
    for i, block in enumerate(spec.blocks):
        if block.kind == "pagebreak" and _wide_table_follows(spec.blocks[i + 1:]):
            story += [NextPageTemplate("landscape"), PageBreak()]
            landscape_now = True
            continue
        if landscape_now and block.table:
            story += [printer.table(block.table, land_width, rng), NextPageTemplate("portrait"), PageBreak()]
            landscape_now = False
            continue
        story += _flowables(block, printer, width, land_width, rng)
    while story and isinstance(story[-1], NextPageTemplate | PageBreak):
        story.pop()
    doc.build(story)
    return style


def _is_marker(cell: str) -> bool:
    """A row's first cell that numbers it (I, A., 1.1, III.1.2, a, -) rather than holding text."""
    return len(cell) <= 9 and " " not in cell


def _wide_table_follows(blocks: list[Block]) -> bool:
    """A page break followed by titles and then a wide table: the appendix starts on a landscape page."""
    for block in blocks:
        if block.kind in ("title", "subtitle"):
            continue
        return bool(block.table and len(block.table.header) >= 5)
    return False


def _flowables(block: Block, printer: Printer, width: float, land_width: float, rng: random.Random) -> list[Any]:
    from reportlab.platypus import NextPageTemplate, PageBreak, Spacer

    if block.kind == "pagebreak":
        return [PageBreak()]
    if block.kind == "signature" and block.signature:
        return [Spacer(1, 4), printer.signature(block.signature, width)]
    if block.kind == "table" and block.table:
        if len(block.table.header) >= 5:
            return [NextPageTemplate("landscape"), PageBreak(), printer.table(block.table, land_width, rng),
                    NextPageTemplate("portrait"), PageBreak()]
        return [printer.table(block.table, width, rng), Spacer(1, 4)]
    return [printer.p(block.text, block.kind)]
