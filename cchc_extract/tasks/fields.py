"""Normalizes task fields: deadlines to due ranges, responsibility text to lists of units.

Regex tables come from patterns/deadlines.json and patterns/units.json; written by hand because no
library parses Vietnamese administrative deadline phrases ('Quý III/2023', 'Thường xuyên trong năm').
"""

from __future__ import annotations

import calendar
import re

from cchc_extract.models import Due
from cchc_extract.patterns import entries, load_pattern_file, rx
from cchc_extract.vietnamese import fold_lower

_QUARTERS = {
    "i": 1,
    "ii": 2,
    "iii": 3,
    "iv": 4,
    "1": 1,
    "2": 2,
    "3": 3,
    "4": 4,
    "11": 2,
    "111": 3,
    "l": 1,
    "ll": 2,
    "lll": 3,
}


def _year_range(year: int) -> tuple[str, str]:
    return f"{year:04d}-01-01", f"{year:04d}-12-31"


def parse_due(text: str | None, plan_year: int | None) -> Due | None:
    """'Quý III/2023' -> during 2023-07-01..2023-09-30; None when the phrase gives no date."""
    if not text:
        return None
    folded = fold_lower(text)
    for key, entry in entries("deadlines").items():
        m = rx("deadlines", key).search(folded)
        if not m:
            continue
        groups = m.groupdict()
        year_s = groups.get("year") or groups.get("year2")
        year = int(year_s) if year_s else plan_year
        kind = entry["kind"]
        if year is None:
            return Due(kind=kind) if kind in ("recurring", "continuous") else None
        if key == "by_date":
            day, month = int(groups["day"]), int(groups["month"])
            if not (1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]):
                return None
            return Due(end=f"{year:04d}-{month:02d}-{day:02d}", kind="by")
        if key == "quarter":
            q = _QUARTERS.get(groups["quarter"].lower())
            if q is None:
                return None
            first, last = 3 * q - 2, 3 * q
            return Due(
                start=f"{year:04d}-{first:02d}-01",
                end=f"{year:04d}-{last:02d}-{calendar.monthrange(year, last)[1]:02d}",
                kind="during",
            )
        if key == "month":
            month = int(groups["month"])
            if not 1 <= month <= 12:
                return None
            return Due(
                start=f"{year:04d}-{month:02d}-01",
                end=f"{year:04d}-{month:02d}-{calendar.monthrange(year, month)[1]:02d}",
                kind="during",
            )
        start, end = _year_range(year)
        return Due(start=start, end=end, kind=kind)
    return None


def inline_deadline(text: str) -> str | None:
    """A deadline stated inside an item's text: '(hoàn thành trước ngày 20/6/2023)' -> 'trước ngày 20/6/2023'."""
    m = re.compile(load_pattern_file("deadlines")["inline"]["regex"]).search(fold_lower(text))
    if not m:
        return None
    return text[m.start("phrase") : m.end("phrase")]


def clean_unit(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip(" .;,:-")


def split_units(text: str | None) -> list[str]:
    """'Phòng HC&TH, các phòng' -> ['Phòng HC&TH', 'các phòng']; 'Các phòng, đơn vị' stays one unit."""
    if not text:
        return []
    start = rx("units", "unit_start")
    parts = re.split(r"\s*[;,/\n]\s*|\s+và\s+(?=\S)", text)
    units: list[str] = []
    for part in parts:
        part = clean_unit(part)
        if not part:
            continue
        if units and not start.match(fold_lower(part)):
            units[-1] = f"{units[-1]}, {part}"
        else:
            units.append(part)
    return units


def split_responsibility(text: str | None) -> tuple[str | None, str | None]:
    """'Văn phòng chủ trì, phối hợp các phòng ... thực hiện' -> ('Văn phòng', 'các phòng ...')."""
    if not text:
        return None, None
    flat = re.sub(r"\s+", " ", text).strip()
    folded = fold_lower(flat)
    m = rx("units", "responsibility_split").match(folded)
    if m:
        return clean_unit(flat[m.start("lead") : m.end("lead")]), clean_unit(flat[m.start("coord") : m.end("coord")])
    return flat, None


def join_id(numbers: list[str]) -> str:
    """A task's id from the numbers on its path; a number that already repeats its parent ("2" then "2.1")
    replaces it: ["A", "IV", "2", "2.1"] -> "A.IV.2.1"."""
    out: list[str] = []
    for n in numbers:
        if out and n.startswith(f"{out[-1]}."):
            out[-1] = n
        else:
            out.append(n)
    return ".".join(out)


def unique_ids(ids: list[str]) -> list[str]:
    """Ids made unique in document order: the second "II.1.-" becomes "II.1.-#2"."""
    seen: dict[str, int] = {}
    out = []
    for i in ids:
        seen[i] = seen.get(i, 0) + 1
        out.append(i if seen[i] == 1 else f"{i}#{seen[i]}")
    return out
