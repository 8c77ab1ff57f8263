"""Scores one extraction (PlanDocument JSON) against one truth: tasks matched one to one, fields, metadata, words.

Tasks are matched greedily by description similarity, best pair first, a pair counting from 0.5 (a
linear-assignment solver would change almost nothing at this threshold and needs SciPy). Field similarity is
rapidfuzz's normalized Indel ratio of NFC text with old-style tone placement, case and spacing folded, and
the abbreviations UBND and HĐND spelled out; both empty counts 1, one empty 0.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz
from rapidfuzz.process import cdist

from cchc_extract.vietnamese import fold_lower, normalize_text

TASK_FIELDS = ("description", "lead", "coordinators", "deadline", "output", "target", "group")
META_FIELDS = ("doc_type", "number", "issuer", "parent_issuer", "place", "date", "year", "title", "indices",
               "references", "signer_name", "signer_title")
MATCH_AT = 0.5
ABBREVIATIONS = {"ubnd": "ủy ban nhân dân", "hđnd": "hội đồng nhân dân", "tp.": "thành phố"}


def norm(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        value = " > ".join(str(v) for v in value)
    text = normalize_text(str(value)).casefold()
    text = re.sub(r"\s+", " ", text).strip(" .;:,")
    return " ".join(ABBREVIATIONS.get(w, w) for w in text.split(" "))


def similarity(out: Any, truth: Any) -> float:
    a, b = norm(out), norm(truth)
    if not a and not b:
        return 1.0
    if not a or not b:
        return 0.0
    return fuzz.ratio(a, b) / 100.0


def set_f1(out: list[str], truth: list[str]) -> float:
    a, b = {norm(x) for x in out}, {norm(x) for x in truth}
    if not a and not b:
        return 1.0
    hit = len(a & b)
    return 2 * hit / (len(a) + len(b)) if hit else 0.0


@dataclass
class DocScore:
    """One (document, form): task counts, matched pairs, mean field similarities, metadata, diacritics."""

    truth_tasks: int
    out_tasks: int
    matched: int
    fields: dict[str, float]
    meta: dict[str, float]
    sections_f1: float
    purposes: float
    words_right: int = 0
    words_aligned: int = 0
    words_exact: int = 0
    words_truth: int = 0
    pairs: list[tuple[int, int, float]] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.matched / self.out_tasks if self.out_tasks else float(self.truth_tasks == 0)

    @property
    def recall(self) -> float:
        return self.matched / self.truth_tasks if self.truth_tasks else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def meta_mean(self) -> float:
        return sum(self.meta.values()) / len(self.meta)

    @property
    def diacritics(self) -> float | None:
        return self.words_right / self.words_aligned if self.words_aligned else None

    @property
    def words(self) -> float | None:
        return self.words_exact / self.words_truth if self.words_truth else None


def match_tasks(out: list[dict[str, Any]], truth: list[dict[str, Any]]) -> list[tuple[int, int, float]]:
    """(truth index, output index, similarity) pairs, one to one, best first, from MATCH_AT. Descriptions equal to
    the hundredth (a plan that repeats its table's tasks in its body) are told apart by the other fields."""
    if not out or not truth:
        return []
    matrix = cdist([norm(t["description"]) for t in truth], [norm(o["description"]) for o in out],
                   scorer=fuzz.ratio, workers=1)
    cells = [(float(matrix[i][j]) / 100, i, j) for i in range(len(truth)) for j in range(len(out))
             if matrix[i][j] >= MATCH_AT * 100]
    cells.sort(key=lambda c: (round(c[0], 2), _agreement(out[c[2]], truth[c[1]])), reverse=True)
    used_t: set[int] = set()
    used_o: set[int] = set()
    pairs = []
    for s, i, j in cells:
        if i not in used_t and j not in used_o:
            used_t.add(i)
            used_o.add(j)
            pairs.append((i, j, s))
    return pairs


def _agreement(out: dict[str, Any], truth: dict[str, Any]) -> float:
    return sum(similarity(out.get(f), truth.get(f)) for f in ("lead", "coordinators", "deadline", "output"))


def words_exact(out: str, truth: str) -> tuple[int, int]:
    """How many of the truth's words the output has, letters and marks right, in order; and the truth's words."""
    a = normalize_text(out).lower().split()
    b = normalize_text(truth).lower().split()
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return sum(block.size for block in matcher.get_matching_blocks()), len(b)


def words_with_diacritics(out: str, truth: str) -> tuple[int, int]:
    """Words of the output aligned with the truth's by their letters without marks; how many carry the right marks."""
    a = normalize_text(out).split()
    b = normalize_text(truth).split()
    fa, fb = [fold_lower(w) for w in a], [fold_lower(w) for w in b]
    right = aligned = 0
    for block in difflib.SequenceMatcher(None, fa, fb, autojunk=False).get_matching_blocks():
        for k in range(block.size):
            aligned += 1
            right += a[block.a + k].lower() == b[block.b + k].lower()
    return right, aligned


def score_document(out: dict[str, Any] | None, truth: dict[str, Any]) -> DocScore:
    """Score an extraction (None: the run failed) against its truth."""
    tt = truth["tasks"]
    if out is None:
        return DocScore(len(tt), 0, 0, dict.fromkeys(TASK_FIELDS, 0.0), dict.fromkeys(META_FIELDS, 0.0), 0.0, 0.0)
    ot = out["tasks"]
    pairs = match_tasks(ot, tt)
    fields = {}
    for name in TASK_FIELDS:
        total = sum(similarity(ot[j].get(name), tt[i].get(name)) for i, j, _ in pairs)
        fields[name] = total / len(tt) if tt else 1.0
    meta = {}
    for name in META_FIELDS:
        o, t = out["document"].get(name), truth["document"].get(name)
        meta[name] = set_f1(o or [], t or []) if name in ("indices", "references") else similarity(o, t)
    sections = _sections_f1(out.get("sections", []), truth["sections"])
    purposes = (similarity("\n".join(out.get("purposes", [])), "\n".join(truth["purposes"]))
                + similarity("\n".join(out.get("requirements", [])), "\n".join(truth["requirements"]))) / 2
    score = DocScore(len(tt), len(ot), len(pairs), fields, meta, sections, purposes, pairs=pairs)
    texts = [(ot[j].get(name), tt[i].get(name)) for i, j, _ in pairs
             for name in ("description", "lead", "coordinators", "deadline", "output")]
    texts += [(out["document"].get("title"), truth["document"].get("title")),
              ("\n".join(out.get("purposes", []) + out.get("requirements", [])),
               "\n".join(truth["purposes"] + truth["requirements"]))]
    for o, t in texts:
        if o and t:
            r, a = words_with_diacritics(o, t)
            score.words_right += r
            score.words_aligned += a
            e, n = words_exact(o, t)
            score.words_exact += e
            score.words_truth += n
    return score


def _sections_f1(out: list[dict[str, Any]], truth: list[dict[str, Any]]) -> float:
    titles = [norm(s["title"]) for s in out if s.get("kind") != "appendix"]
    if not titles and not truth:
        return 1.0
    hit = 0
    free = list(titles)
    for t in truth:
        best = max(free, key=lambda x: fuzz.ratio(x, norm(t["title"])), default=None)
        if best is not None and fuzz.ratio(best, norm(t["title"])) >= 80:
            hit += 1
            free.remove(best)
    return 2 * hit / (len(titles) + len(truth)) if hit else 0.0
