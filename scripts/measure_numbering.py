"""Measures how OCR misreads section numerals on the corpus and writes the confusion probabilities of
patterns/numbering.json (the outline decoder's costs).

For every dev document of build/corpus (held-out ones are never read) and each OCR'd text form, each truth section
heading is found by its title; its printed numeral and the marker OCR gave are aligned character by character
(Levenshtein alignment; one glyph standing for two strokes, 'H' for 'II', counts as one). P(printed | seen) for each
seen character is counted with add-one smoothing over the printed letters I, V, X; `dropped_stroke` is the share
of printed I strokes OCR lost or added.

Run: python scripts/measure_numbering.py [--write]   (make corpus first)
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cchc_extract.numbering import NUMERAL_GLYPHS  # noqa: E402
from cchc_extract.vietnamese import fold_lower  # noqa: E402

CORPUS = ROOT / "build" / "corpus"
PATTERN = ROOT / "patterns" / "numbering.json"
FORMS = ("ocr-eng.txt", "ocr-vie.txt")
# a marker made of the glyphs a Roman numeral is printed or misread with (the first token of a heading line)
MARKER = re.compile(rf"^\s*(?P<num>[{NUMERAL_GLYPHS}]{{1,6}})[.,:;]?\s+(?P<title>\S.*)$")
MIN_TITLE = 85  # rapidfuzz partial ratio for an OCR line to be the heading of a truth section
PRINTED = ("I", "V", "X")
TWO_STROKES = "HUN"  # glyphs OCR writes for two strokes II


def marker_pairs() -> list[tuple[str, str]]:
    """(printed numeral, OCR marker) for every truth section heading found in the dev documents' OCR text."""
    manifest = json.loads((CORPUS / "manifest.json").read_text(encoding="utf-8"))
    pairs: list[tuple[str, str]] = []
    for entry in manifest:
        if entry["split"] != "dev":
            continue
        truth = json.loads((CORPUS / entry["doc_id"] / "truth.json").read_text(encoding="utf-8"))
        for form in FORMS:
            lines = (CORPUS / entry["doc_id"] / form).read_text(encoding="utf-8").splitlines()
            parsed = [(m.group("num"), fold_lower(m.group("title"))) for ln in lines if (m := MARKER.match(ln))]
            for section in truth["sections"]:
                title = fold_lower(section["title"])[:40]
                best = max(parsed, key=lambda p: fuzz.partial_ratio(title, p[1][:60]), default=None)
                if best and fuzz.partial_ratio(title, best[1][:60]) >= MIN_TITLE:
                    pairs.append((section["number"], best[0]))
    return pairs


def count(pairs: list[tuple[str, str]]) -> tuple[Counter[tuple[str, str]], Counter[str], int, int]:
    """Substitutions (seen, printed), seen-character totals, I strokes lost or added, I strokes printed."""
    subs: Counter[tuple[str, str]] = Counter()
    seen: Counter[str] = Counter()
    indels = strokes = 0
    for printed, ocr in pairs:
        strokes += printed.count("I")
        ops = [(op.tag, op.src_pos, op.dest_pos) for op in Levenshtein.editops(ocr, printed)]
        paired = set()  # an inserted stroke next to a replaced glyph: one glyph for two strokes, 'H' for 'II'
        for k, (op, i, j) in enumerate(ops):
            if op != "replace" or ocr[i] not in TWO_STROKES:
                continue
            for n in (k - 1, k + 1):
                if 0 <= n < len(ops) and n not in paired and ops[n][0] == "insert" and abs(ops[n][2] - j) == 1:
                    paired |= {k, n}
                    break
        for k, (op, i, j) in enumerate(ops):
            if k in paired:
                if op == "replace":
                    subs[(ocr[i], "II")] += 1
            elif op == "replace":
                subs[(ocr[i], printed[j])] += 1
            elif (op == "insert" and printed[j] == "I") or (op == "delete" and ocr[i] in "Il1|"):
                indels += 1
        for ch in ocr:
            seen[ch] += 1
    return subs, seen, indels, strokes


def confusions(subs: Counter[tuple[str, str]], seen: Counter[str], prior: dict[str, dict[str, float]]) -> dict[
        str, dict[str, float]]:
    """P(printed | seen) with add-one smoothing; characters never seen keep the prior's probabilities."""
    out = {k: dict(v) for k, v in prior.items()}
    for ch in sorted({s for s, _ in subs}):
        total = seen[ch] + len(PRINTED)
        printed = sorted({p for s, p in subs if s == ch})
        out[ch] = {p: round((subs[(ch, p)] + 1) / total, 3) for p in printed}
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--write", action="store_true", help=f"write the measured values into {PATTERN.name}")
    args = parser.parse_args()
    pairs = marker_pairs()
    subs, seen, indels, strokes = count(pairs)
    wrong = [(p, o) for p, o in pairs if o != p]
    print(f"{len(pairs)} headings found in the dev documents' OCR text; {len(wrong)} markers misread")
    for (s, p), n in subs.most_common():
        print(f"  OCR '{s}' for printed '{p}': {n} of {seen[s]} '{s}' in markers")
    print(f"  strokes I lost or added: {indels} of {strokes}")
    data = json.loads(PATTERN.read_text(encoding="utf-8"))
    data["confusions"] = confusions(subs, seen, data["confusions"])
    data["dropped_stroke"] = round((indels + 1) / (strokes + 2), 3)
    print(json.dumps({"confusions": data["confusions"], "dropped_stroke": data["dropped_stroke"]}, ensure_ascii=False))
    if args.write:
        PATTERN.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {PATTERN.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
