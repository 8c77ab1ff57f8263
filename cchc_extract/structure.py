"""Finds the plan's skeleton in restored text: Roman-numbered sections, the appendix, metadata, purposes.

Pure functions over DocLine lists; all wording comes from patterns/ (sections, metadata, indices).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cchc_extract.models import DocumentMeta, Section, SectionKind
from cchc_extract.numbering import NUMERAL_GLYPHS, ROMAN, decode_sequence, roman_readings
from cchc_extract.patterns import entries, load_pattern_file, rx
from cchc_extract.vietnamese import fold_lower


@dataclass(frozen=True)
class DocLine:
    text: str  # restored
    raw: str  # as ingested
    page: int
    number: int  # line number within the page
    words: tuple[tuple[str, str, float], ...] = ()  # (raw, restored, confidence) per restored word

    @property
    def folded(self) -> str:
        return fold_lower(self.text)


@dataclass(frozen=True)
class SectionSpan:
    section: Section
    start: int  # index of the heading line
    end: int  # exclusive


def is_upper_text(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) >= 0.8 * len(letters)


def sentence_case(text: str, keep_upper: set[str] | None = None) -> str:
    """'MỤC ĐÍCH, YÊU CẦU (PAR INDEX)' -> 'Mục đích, yêu cầu (PAR INDEX)'; only for all-caps input."""
    if not is_upper_text(text):
        return text
    from cchc_extract.restore import default_restorer

    r = default_restorer()
    out = []
    for tok in text.split():
        core = tok.strip('.,;:()"“”')
        if core and (core in (keep_upper or set()) or not r.is_syllable(core)):
            out.append(tok)
        else:
            out.append(tok.lower())
    s = " ".join(out)
    return s[:1].upper() + s[1:]


@dataclass(frozen=True)
class HeadingSettings:
    """Evidence (nats) that a numbered line is a section heading rather than an item: the cost of leaving it out
    of the section sequence. A line joins the sequence when this beats the cost of reading its marker."""

    base: float = -3.0
    upper_title: float = 3.0  # 'II. NHIỆM VỤ, GIẢI PHÁP'
    heading_words: float = 2.0  # the title starts with a section's words (patterns/sections.json heading_words)
    dotted: float = 1.0  # the marker ends with a dot
    roman_marker: float = 2.0  # the marker holds a Roman numeral's letter (or the | and l OCR writes for I)
    paragraph: float = -3.0  # a title longer than a heading (an item's paragraph)
    paragraph_chars: int = 120
    appendix_chars: int = 60  # an appendix heading line is short


HEADINGS = HeadingSettings()
_MARKER = re.compile(rf"^\s*(?P<num>[{NUMERAL_GLYPHS}]{{1,5}})\s*(?P<sep>[.,:;]?)\s*\|?\s*(?P<title>[^\W\d_(].*)$")


def heading_evidence(num: str, sep: str, title: str, s: HeadingSettings = HEADINGS) -> float:
    """Log-odds that a line with this marker and title heads a section (the cost of not taking it)."""
    score = s.base
    score += s.upper_title if is_upper_text(title) else 0.0
    score += s.heading_words if rx("sections", "heading_words").match(fold_lower(title)) else 0.0
    score += s.dotted if sep == "." else 0.0
    score += s.roman_marker if any(c in "IVXl|" for c in num) else 0.0
    score += s.paragraph if len(title) > s.paragraph_chars else 0.0
    return max(score, 0.0)


def decode_headings(lines: list[DocLine], end: int) -> list[tuple[int, str, str]]:
    """(line index, numeral, title) of the section headings among lines[:end], decoded as one sequence I, II, …"""
    at: list[tuple[int, str]] = []
    options: list[list[tuple[int, float]]] = []
    skip: list[float] = []
    for i, line in enumerate(lines[:end]):
        m = _MARKER.match(line.raw)  # the marker as OCR read it: restoration may have turned 'Iv.' into 'I.'
        if not m:
            continue
        restored = _MARKER.match(line.text)
        title = restored.group("title") if restored else line.text.strip().partition(" ")[2]
        readings = roman_readings(m.group("num"))
        evidence = heading_evidence(m.group("num"), m.group("sep"), title)
        if readings and evidence > 0:
            at.append((i, title.strip()))
            options.append(readings)
            skip.append(evidence)
    taken, _ = decode_sequence(options, skip)
    return [(i, ROMAN[value - 1], title) for (i, title), value in zip(at, taken, strict=True) if value]


def split_sections(lines: list[DocLine]) -> list[SectionSpan]:
    """Roman-numbered top-level sections in order, then the appendix (Phụ lục) if any."""
    heads = decode_headings(lines, len(lines))
    appendix_at: int | None = None
    if heads:
        appendix = rx("sections", "appendix_heading")
        appendix_at = next(
            (i for i in range(heads[0][0] + 1, len(lines))
             if appendix.search(lines[i].folded) and len(lines[i].folded) < HEADINGS.appendix_chars),
            None,
        )
        if appendix_at is not None:
            heads = decode_headings(lines, appendix_at)
    spans: list[SectionSpan] = []
    end_of_body = appendix_at if appendix_at is not None else len(lines)
    if heads:  # the body ends where the recipients list ("Nơi nhận:") starts
        closing = (
            i for i in range(heads[-1][0] + 1, end_of_body) if rx("metadata", "recipients").match(lines[i].folded)
        )
        end_of_body = next(closing, end_of_body)
    for k, (i, num, title) in enumerate(heads):
        end = heads[k + 1][0] if k + 1 < len(heads) else end_of_body
        title = _join_heading(lines, i, end, title)
        sec = Section(
            number=num, title=sentence_case(title.rstrip(":").strip()), kind=section_kind(title), page=lines[i].page
        )
        spans.append(SectionSpan(sec, i, end))
    if appendix_at is not None:
        title = sentence_case(lines[appendix_at].text.strip())
        spans.append(
            SectionSpan(
                Section(number="PL", title=title, kind="appendix", page=lines[appendix_at].page),
                appendix_at,
                len(lines),
            )
        )
    return spans


def _join_heading(lines: list[DocLine], i: int, end: int, title: str) -> str:
    """An all-caps heading wrapped onto a second all-caps line ('... PHÂN CÔNG / THỰC HIỆN')."""
    if i + 1 < end and is_upper_text(title) and is_upper_text(lines[i + 1].text) and len(lines[i + 1].text) < 60:
        nxt = lines[i + 1].text.strip()
        if not re.match(r"^\W*\d", nxt):
            return f"{title} {nxt}"
    return title


def section_kind(title: str) -> SectionKind:
    folded = fold_lower(title).strip()
    kinds: tuple[SectionKind, ...] = ("organization", "purpose", "tasks")
    for kind in kinds:
        if rx("sections", f"kind_{kind}").search(folded):
            return kind
    return "other"


# --- purposes and requirements -------------------------------------------------------------------------


def items_of(lines: list[DocLine]) -> list[str]:
    """Bullets ('- ...') or, when there are none, blank-line separated paragraphs, wrapped lines joined."""
    bullet = rx("sections", "bullet")
    has_bullets = any(bullet.match(line.text) for line in lines)
    items: list[list[str]] = []
    fresh = True
    for line in lines:
        text = line.text.strip()
        if not text:
            fresh = True
            continue
        starts = bool(bullet.match(text)) if has_bullets else fresh
        if starts or not items:
            items.append([bullet.sub("", text, count=1) if has_bullets else text])
        else:
            items[-1].append(text)
        fresh = False
    return [join_wrapped(parts) for parts in items if join_wrapped(parts)]


def join_wrapped(parts: list[str]) -> str:
    text = " ".join(p.strip() for p in parts if p.strip())
    return re.sub(r"\s+", " ", text).strip()


def purposes_and_requirements(lines: list[DocLine], spans: list[SectionSpan]) -> tuple[list[str], list[str]]:
    purpose = next((s for s in spans if s.section.kind == "purpose"), None)
    if purpose is None:
        return [], []
    body = lines[purpose.start + 1 : purpose.end]
    p_at = next((i for i, ln in enumerate(body) if rx("sections", "purpose_sub").match(ln.folded)), None)
    r_at = next((i for i, ln in enumerate(body) if rx("sections", "requirement_sub").match(ln.folded)), None)
    if p_at is None and r_at is None:
        return items_of(body), []
    purposes = items_of(body[(p_at or 0) + 1 : r_at if r_at is not None and r_at > (p_at or 0) else len(body)])
    requirements = items_of(body[r_at + 1 :]) if r_at is not None else []
    return purposes, requirements


# --- metadata ------------------------------------------------------------------------------------------


def extract_metadata(lines: list[DocLine], spans: list[SectionSpan]) -> DocumentMeta:
    first_section = spans[0].start if spans and spans[0].section.kind != "appendix" else len(lines)
    head = lines[:first_section]
    meta = DocumentMeta()
    type_at = next((i for i, ln in enumerate(head) if rx("metadata", "doc_type").match(ln.folded)), None)
    if type_at is not None:
        key = re.sub(r"\s+", " ", rx("metadata", "doc_type").match(head[type_at].folded).group("type"))  # type: ignore[union-attr]
        meta.doc_type = load_pattern_file("metadata")["doc_types"].get(key)
    header = head[:type_at] if type_at is not None else []
    _number(meta, header)
    _place_and_date(meta, header)
    left = [_org_case(t, lines) for t in _header_left_column(header)]
    if left:
        meta.issuer = left[-1]
        meta.parent_issuer = left[-2] if len(left) >= 2 else None
    title_lines, preamble = _title_and_preamble(head, type_at)
    meta.title = join_wrapped([ln.text for ln in title_lines]) or None
    preamble_text = join_wrapped([ln.text for ln in preamble])
    if meta.issuer is None:
        meta.issuer = _issuer_from_text(meta.title or "", preamble_text)
    appendix = next((s for s in spans if s.section.kind == "appendix"), None)
    if appendix is not None:
        _from_appendix_heading(meta, lines[appendix.start : appendix.start + 12])
    if meta.place is None and meta.issuer:
        m = rx("metadata", "province").search(fold_lower(meta.issuer))
        if m:
            meta.place = meta.issuer[m.start("name") : m.end("name")]
    years = re.findall(r"\b(20\d\d)\b", meta.title or "")
    meta.year = int(years[-1]) if years else (int(meta.date[:4]) if meta.date else None)
    purpose = next((s for s in spans if s.section.kind == "purpose"), None)
    scope = " ".join(
        [meta.title or "", preamble_text] + ([ln.text for ln in lines[purpose.start : purpose.end]] if purpose else [])
    )
    meta.indices = indices_in(scope)
    meta.references = references_in(preamble_text)
    body_end = appendix.start if appendix is not None else len(lines)
    meta.signer_title, meta.signer_name = _signature(lines[:body_end])
    return meta


def indices_in(text: str) -> list[str]:
    folded = fold_lower(text)
    return [e["label"] for key, e in entries("indices").items() if rx("indices", key).search(folded)]


def index_of(text: str) -> str | None:
    folded = fold_lower(text)
    for key in entries("indices"):
        if rx("indices", key).search(folded):
            return key
    return None


def index_of_group(group: list[str], fallback: str | None = None) -> str | None:
    """The index named by the outermost group heading that names one, else by the `fallback` text."""
    for g in group:
        key = index_of(g)
        if key:
            return key
    return index_of(fallback) if fallback else None


def normalize_code(code: str) -> str:
    """'617/QD-UBND' -> '617/QĐ-UBND': document-type abbreviations whose Đ the OCR lost."""
    conf = load_pattern_file("metadata")["doc_codes"]
    code = re.sub(r"\s+", "", code)
    parts = re.split(r"([/-])", code)
    known = [k for k in conf["known"] if "-" not in k]
    for i, part in enumerate(parts):
        for k in known:
            if part != k and re.fullmatch(k.replace("Đ", conf["d_stroke_ocr"]), part, flags=re.IGNORECASE):
                parts[i] = k
                break
    return "".join(parts)


def references_in(text: str) -> list[str]:
    out: list[str] = []
    folded = fold_lower(text)
    for m in rx("metadata", "reference").finditer(folded):
        code = normalize_code(text[m.start() : m.end()])
        if code not in out:
            out.append(code)
    return out


def _number(meta: DocumentMeta, header: list[DocLine]) -> None:
    for ln in header:
        m = rx("metadata", "number").search(ln.folded)
        if m:
            code = ln.text[m.start("code") : m.end("code")]
            meta.number = normalize_code(f"{m.group('num')}/{code}") if m.group("num") else None
            return


def _place_and_date(meta: DocumentMeta, header: list[DocLine]) -> None:
    for ln in header:
        m = rx("metadata", "date_line").search(ln.folded)
        if m:
            place = ln.text[m.start("place") : m.end("place")].strip()
            place = re.sub(r"^(?:\S*[-/]\S*\s+)+", "", place)  # "Số: 607/KH-X Khánh Hòa" on one OCR line
            meta.place = place or None
            meta.date = _iso(m.group("year"), m.group("month"), m.group("day"))
            return


def _iso(year: str | None, month: str | None, day: str | None) -> str | None:
    if not year:
        return None
    if not month:
        return None
    if not day:
        return f"{int(year):04d}-{int(month):02d}"
    return f"{int(year):04d}-{int(month):02d}-{int(day):02d}"


def _header_left_column(header: list[DocLine]) -> list[str]:
    """Issuing bodies: header lines before the number line, cut where the national motto starts."""
    out: list[str] = []
    for ln in header:
        folded = ln.folded
        if rx("metadata", "number").search(folded) or rx("metadata", "date_line").search(folded):
            break
        m = rx("metadata", "motto").search(folded)
        text = ln.text[: m.start()].strip() if m else ln.text.strip()
        text = text.strip(" -—–_")
        if len(text) < 3 or (len(text.split()) == 1 and out):
            continue
        if (
            out
            and len(text.split()) > 1
            and is_upper_text(text)
            and not rx("metadata", "body_name_start").match(fold_lower(text))
        ):
            out[-1] = f"{out[-1]} {text}"  # a wrapped body name: "BAN QUẢN LÝ KHU KINH TẾ / VÀ KHU CÔNG NGHIỆP"
        else:
            out.append(text)
    return out


def _org_case(text: str, lines: list[DocLine]) -> str:
    """'UBND TỈNH KHÁNH HÒA' -> 'UBND tỉnh Khánh Hòa': the casing the body uses for the name, else rules."""
    if not is_upper_text(text):
        return text
    words = fold_lower(text).split()
    pattern = re.compile(r"\b" + r"\s+".join(re.escape(w) for w in words) + r"\b")
    for ln in lines:
        m = pattern.search(ln.folded)
        if m and not is_upper_text(ln.text[m.start() : m.end()]):
            return ln.text[m.start() : m.end()]
    s = sentence_case(text)
    # Place names after an administrative level word (patterns/metadata.json) keep capitals.
    m = rx("metadata", "place_after_level").search(fold_lower(s))
    if m is None:
        return s
    return s[: m.end()] + " ".join(w[:1].upper() + w[1:] for w in s[m.end() :].split())


def _title_and_preamble(head: list[DocLine], type_at: int | None) -> tuple[list[DocLine], list[DocLine]]:
    start = (type_at + 1) if type_at is not None else 0
    title: list[DocLine] = []
    i = start
    while i < len(head):
        ln = head[i]
        if rx("metadata", "preamble_start").match(ln.folded):
            break
        if ln.text.strip():
            title.append(ln)
        elif title:
            break
        i += 1
    return title, head[i:]


def _issuer_from_text(title: str, preamble: str) -> str | None:
    m = rx("metadata", "of_issuer").search(fold_lower(title))
    if m:
        return title[m.start("issuer") : m.end("issuer")].strip()
    m = rx("metadata", "preamble_issuer").search(fold_lower(preamble))
    if m:
        return preamble[m.start("issuer") : m.end("issuer")].strip()
    return None


def _from_appendix_heading(meta: DocumentMeta, lines: list[DocLine]) -> None:
    text = " ".join(ln.text for ln in lines)
    if meta.date is None:
        m = rx("metadata", "partial_date").search(fold_lower(text))
        if m:
            meta.date = _iso(m.group("year"), m.group("month") or m.group("month2"), m.group("day"))


def _signature(body: list[DocLine]) -> tuple[str | None, str | None]:
    at = max((i for i, ln in enumerate(body) if rx("metadata", "recipients").match(ln.folded)), default=None)
    if at is None:
        at = max(0, len(body) - 40)
    zone = body[at:]
    titles = load_pattern_file("metadata")["signer_titles"]
    title: str | None = None
    for ln in zone:
        for key, canonical in titles:
            for m in re.finditer(r"\b" + key + r"\b", ln.folded):
                if is_upper_text(ln.text[m.start() : m.end()]):
                    title = canonical
                    break
            else:
                continue
            break
    name = None
    tail = re.compile(r"(?:^|[.;:]\s+|\s{2,})((?:[A-ZĐ][^\W\d_]*\s+){2,4}[A-ZĐ][^\W\d_]*)\s*$")
    for ln in zone:
        t = ln.text.strip().strip("*")
        found = tail.search(t)
        if found and not is_upper_text(found.group(1)) and not rx("metadata", "recipients").match(fold_lower(t)):
            name = found.group(1)
    return title, name
