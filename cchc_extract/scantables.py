"""Ruled tables on scanned pages: the grid from the ruling lines (OpenCV morphology), spans from missing rule
segments, and every cell read on its own, all cells of a table in one Tesseract call (a mosaic).

Written here because page-level OCR runs its lines across cell borders (the cells of neighbouring columns mix)
and one Tesseract process per cell costs a second or more per page; no packaged extractor does cell-level OCR
of Vietnamese tables without downloading models (img2table reads the page once and splits by position).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from cchc_extract import ocrcache

GAP = 36  # white pixels between two cells in the mosaic
PAD = 12  # white pixels around a cell's ink
MIN_INK = 12  # dark pixels a cell needs to be read at all
RULE_PRESENT = 0.6  # share of a rule segment's length that must be ink for the rule to be there


@dataclass(frozen=True)
class GridGeometry:
    """Row and column rule positions (pixels) and, per (row, column), the cell that owns it (spans)."""

    ys: list[int]
    xs: list[int]
    owner: dict[tuple[int, int], tuple[int, int]]

    @property
    def box(self) -> tuple[float, float, float, float]:
        return float(self.xs[0]), float(self.ys[0]), float(self.xs[-1]), float(self.ys[-1])

    def span_end(self, r: int, c: int) -> int:
        """The column rule that closes the cell (r, c) owns."""
        end = c + 1
        while end < len(self.xs) - 1 and self.owner.get((r, end)) == (r, c):
            end += 1
        return end

    def span_bottom(self, r: int, c: int) -> int:
        """The row rule that closes the cell (r, c) owns (a cell merged down owns the rows under it)."""
        end = r + 1
        while end < len(self.ys) - 1 and self.owner.get((end, c)) == (r, c):
            end += 1
        return end


def _line_positions(profile: np.ndarray, threshold: float) -> list[int]:
    idx = np.where(profile > threshold)[0]
    if idx.size == 0:
        return []
    groups: list[list[int]] = [[int(idx[0])]]
    for i in idx[1:]:
        if i - groups[-1][-1] <= 3:
            groups[-1].append(int(i))
        else:
            groups.append([int(i)])
    return [round(sum(g) / len(g)) for g in groups]


@dataclass(frozen=True)
class RectifySettings:
    """A ruled table photographed at an angle (its border a trapezium, not a rectangle) is warped square."""

    min_area: float = 0.08  # the border must enclose this share of the page at least
    keystone: float = 0.006  # top and bottom (or left and right) sides differing by this share of their length


RECTIFY = RectifySettings()


def _corners(points: np.ndarray) -> np.ndarray:
    """Four points ordered top-left, top-right, bottom-right, bottom-left."""
    pts = points.reshape(4, 2).astype(np.float32)
    total, diff = pts.sum(axis=1), np.diff(pts, axis=1).ravel()
    return np.array([pts[total.argmin()], pts[diff.argmin()], pts[total.argmax()], pts[diff.argmax()]], np.float32)


def rectify_table(gray: np.ndarray, s: RectifySettings = RECTIFY) -> np.ndarray:
    """The page warped so that the border of its ruled table is a rectangle, when a camera's angle made it a
    trapezium (OpenCV: rules by morphology, the largest contour, a perspective warp); otherwise the page itself,
    so a flat scan is never resampled."""
    import cv2

    binary = cv2.adaptiveThreshold(255 - gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY, 15, -2)
    height, width = binary.shape
    horiz = cv2.morphologyEx(binary, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (width // 30, 1)))
    vert = cv2.morphologyEx(binary, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, height // 60)))
    rules = cv2.dilate(cv2.bitwise_or(horiz, vert), np.ones((5, 5), np.uint8))
    contours, _ = cv2.findContours(rules, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    if not contours:
        return gray
    border = max(contours, key=cv2.contourArea)
    if cv2.contourArea(border) < s.min_area * height * width:
        return gray
    quad = cv2.approxPolyDP(border, 0.02 * cv2.arcLength(border, True), True)
    if len(quad) != 4:
        return gray
    tl, tr, br, bl = _corners(quad)
    top, bottom = float(np.linalg.norm(tr - tl)), float(np.linalg.norm(br - bl))
    left, right = float(np.linalg.norm(bl - tl)), float(np.linalg.norm(br - tr))
    if abs(top - bottom) < s.keystone * max(top, bottom) and abs(left - right) < s.keystone * max(left, right):
        return gray
    w, h = (top + bottom) / 2, (left + right) / 2
    cx, cy = float(np.mean([tl[0], tr[0], br[0], bl[0]])), float(np.mean([tl[1], tr[1], br[1], bl[1]]))
    target = np.array([[cx - w / 2, cy - h / 2], [cx + w / 2, cy - h / 2], [cx + w / 2, cy + h / 2],
                       [cx - w / 2, cy + h / 2]], np.float32)
    warp = cv2.getPerspectiveTransform(np.array([tl, tr, br, bl], np.float32), target)
    return cv2.warpPerspective(gray, warp, (width, height), flags=cv2.INTER_LINEAR, borderValue=255)


def grid_geometry(gray: np.ndarray) -> GridGeometry | None:
    """The ruled table of a deskewed page: rules by morphological opening, spans where a rule segment is missing."""
    import cv2

    binary = cv2.adaptiveThreshold(255 - gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY, 15, -2)
    height, width = binary.shape
    kernel_h = cv2.getStructuringElement(cv2.MORPH_RECT, (max(20, width // 20), 1))
    kernel_v = cv2.getStructuringElement(cv2.MORPH_RECT, (1, max(20, height // 40)))
    horiz = cv2.morphologyEx(binary, cv2.MORPH_OPEN, kernel_h)
    vert = cv2.morphologyEx(binary, cv2.MORPH_OPEN, kernel_v)
    ys = _line_positions(horiz.sum(axis=1) / 255.0, 0.3 * width)
    if len(ys) < 3:
        return None
    top, bottom = ys[0], ys[-1]
    xs = _line_positions(vert[top:bottom].sum(axis=0) / 255.0, 0.3 * (bottom - top))
    if len(xs) < 3:
        return None
    ys = [y for i, y in enumerate(ys) if i == 0 or y - ys[i - 1] >= 8]
    owner: dict[tuple[int, int], tuple[int, int]] = {}
    for r in range(len(ys) - 1):
        y0, y1 = ys[r], ys[r + 1]
        start = 0
        for c in range(1, len(xs)):
            band = vert[y0 + 3 : y1 - 2, max(0, xs[c] - 3) : xs[c] + 4]
            present = band.size and (band.max(axis=1) > 0).mean() > RULE_PRESENT
            if c == len(xs) - 1 or present:
                for k in range(start, c):
                    owner[(r, k)] = (r, start)
                start = c
    _merge_down(owner, horiz, ys, xs)
    return GridGeometry(ys, xs, owner)


def _merge_down(owner: dict[tuple[int, int], tuple[int, int]], horiz: np.ndarray, ys: list[int], xs: list[int]) -> None:
    """A one-column cell whose top rule is missing continues the one-column cell above it: a cell merged down
    over several rows (one unit leading a run of tasks)."""
    for r in range(1, len(ys) - 1):
        for c in range(len(xs) - 1):
            below, above = owner.get((r, c)), owner.get((r - 1, c))
            single = below == (r, c) and owner.get((r, c + 1)) != (r, c)
            if not single or above is None or above[1] != c or owner.get((r - 1, c + 1)) == above:
                continue
            band = horiz[max(0, ys[r] - 3) : ys[r] + 4, xs[c] + 3 : max(xs[c] + 4, xs[c + 1] - 2)]
            if band.size and (band.max(axis=0) > 0).mean() < RULE_PRESENT:
                owner[(r, c)] = above


def clean_cell(crop: np.ndarray) -> np.ndarray | None:
    """A cell's ink on white, rule remnants removed, cropped to the ink with a margin; None when empty.

    Diacritic dots are kept (they are ink inside the text's box); specks far from the text are cut off by
    cropping to the rows and columns where ink is dense enough."""
    import cv2

    if crop.size == 0:
        return None
    _, ink = cv2.threshold(crop, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    if crop.min() > 160:  # Otsu on a blank cell splits noise: nothing dark enough to be ink
        return None
    h, w = ink.shape
    for axis, size in ((0, w), (1, h)):  # rules the crop caught at its edges: long runs of ink
        kernel = (max(8, int(size * 0.6)), 1) if axis == 0 else (1, max(8, int(size * 0.6)))
        rules = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, kernel))
        ink = cv2.subtract(ink, rules)
    ink = cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((2, 2), np.uint8))  # single-pixel specks
    if int((ink > 0).sum()) < MIN_INK:
        return None
    rows = np.where((ink > 0).sum(axis=1) > 0)[0]
    cols = np.where((ink > 0).sum(axis=0) > 0)[0]
    y0, y1, x0, x1 = rows[0], rows[-1] + 1, cols[0], cols[-1] + 1
    out = np.full((y1 - y0 + 2 * PAD, x1 - x0 + 2 * PAD), 255, np.uint8)
    out[PAD : PAD + y1 - y0, PAD : PAD + x1 - x0] = 255 - ink[y0:y1, x0:x1]
    return out


def cell_images(gray: np.ndarray, geo: GridGeometry, margin: int = 4) -> dict[tuple[int, int], np.ndarray]:
    """The cleaned image of every owner cell that has ink."""
    out = {}
    for (r, c), own in geo.owner.items():
        if own != (r, c):
            continue
        x0, x1 = geo.xs[c] + margin, geo.xs[geo.span_end(r, c)] - margin
        y0, y1 = geo.ys[r] + margin, geo.ys[geo.span_bottom(r, c)] - margin
        img = clean_cell(gray[y0:y1, x0:x1])
        if img is not None:
            out[(r, c)] = img
    return out


def ocr_cells(images: dict[tuple[int, int], np.ndarray], lang: str) -> dict[tuple[int, int], tuple[str, float]]:
    """Text and mean word confidence per cell: the cells stacked into one image, read by one Tesseract call,
    each word given back to the cell whose band holds its centre; lines as Tesseract found them."""
    if not images:
        return {}
    keys = list(images)
    width = max(images[k].shape[1] for k in keys) + 2 * GAP
    bands: list[tuple[int, int]] = []
    y = GAP
    for k in keys:
        bands.append((y, y + images[k].shape[0]))
        y += images[k].shape[0] + GAP
    mosaic = np.full((y, width), 255, np.uint8)
    for k, (y0, y1) in zip(keys, bands, strict=True):
        mosaic[y0:y1, GAP : GAP + images[k].shape[1]] = images[k]
    data = ocrcache.image_to_data(mosaic, lang, "--psm 4", 300)
    words: dict[tuple[int, int], list[tuple[tuple[int, int, int], int, int, str, float]]] = {}
    starts = [b[0] for b in bands]
    for i, text in enumerate(data["text"]):
        if not text.strip() or float(data["conf"][i]) < 0:
            continue
        cy = data["top"][i] + data["height"][i] / 2
        j = int(np.searchsorted(starts, cy, side="right")) - 1
        if j < 0 or cy > bands[j][1] + GAP / 2:
            continue
        line = (data["block_num"][i], data["par_num"][i], data["line_num"][i])
        words.setdefault(keys[j], []).append((line, data["top"][i], data["left"][i], text.strip(),
                                               float(data["conf"][i])))
    out = {}
    for key, ws in words.items():
        lines: dict[tuple[int, int, int], list[tuple[int, int, str, float]]] = {}
        for line, top, left, text, conf in ws:
            lines.setdefault(line, []).append((top, left, text, conf))
        ordered = sorted(lines.values(), key=lambda lw: min(t for t, _, _, _ in lw))
        text = "\n".join(" ".join(t for _, _, t, _ in sorted(lw, key=lambda x: x[1])) for lw in ordered)
        out[key] = (text, round(sum(c for *_, c in ws) / len(ws), 1))
    return out
