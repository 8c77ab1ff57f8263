"""Restores Vietnamese diacritics in OCR text line by line, never changing correct Vietnamese.

Candidates per token come from the syllable inventory (exact folded key, keys after OCR-confusion
substitutions from patterns/ocr_confusions.json, and rapidfuzz edit-distance lookup); a syllable bigram
model built by scripts/build_restore_model.py chooses among them with Viterbi decoding. Written here
because no packaged restorer handles English-model OCR noise (pyvi's CRF reaches 44-49% on it).
"""

from __future__ import annotations

import gzip
import json
import math
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from itertools import product
from pathlib import Path

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from cchc_extract.patterns import load_pattern_file
from cchc_extract.vietnamese import fold_lower, has_diacritics, normalize_syllable

_TOKEN = re.compile(r"\S+")
_CORE = re.compile(r"^([^\w&€¢|$@]*)(.*?)([^\w&€¢]*)$", re.UNICODE)
_CODE = re.compile(r"[/]|^\d+([.,]\d+)*\.?$|^\d+(h|%)?$")
_BACKOFF = math.log(0.4)
_ROMAN_OCR = re.compile(r"^(?=.*[IVXLl|])[IVXLl1|]{1,5}$")


@dataclass(frozen=True)
class RestoredLine:
    text: str
    changed: int
    tokens: int
    confidence: float


def _case_like(template: str, word: str) -> str:
    letters = [c for c in template if c.isalpha()]
    if not letters:
        return word
    upper = sum(c.isupper() for c in letters)
    if len(letters) > 1 and upper >= max(2, math.ceil(len(letters) * 2 / 3)):
        return word.upper()
    if letters[0].isupper() or (template[0].isdigit() and upper):
        return word[:1].upper() + word[1:]
    return word


class Restorer:
    """Holds the loaded model; `restore_line` is pure given the model."""

    def __init__(self, model_path: Path | None = None) -> None:
        if model_path is None:
            ref = resources.files("cchc_extract") / "data" / "restore_model.json.gz"
            raw = ref.read_bytes()
        else:
            raw = model_path.read_bytes()
        model = json.loads(gzip.decompress(raw))
        self.unigrams: dict[str, int] = model["syllables"]
        self.bigrams: dict[str, int] = model["bigrams"]
        self.total: int = max(1, model["total"])
        self.by_key: dict[str, list[str]] = defaultdict(list)
        for syl in self.unigrams:
            self.by_key[fold_lower(syl)].append(syl)
        self.keys: list[str] = list(self.by_key)
        self._context: dict[str, int] = defaultdict(int)
        for pair, count in self.bigrams.items():
            self._context[pair.split(" ", 1)[0]] += count
        conf = load_pattern_file("ocr_confusions")
        subs: dict[str, list[str]] = conf["substitutions"]
        self.subs = sorted(subs.items(), key=lambda kv: -len(kv[0]))
        self._unigram_lp = {s: math.log((c + 0.5) / self.total) for s, c in self.unigrams.items()}

    # --- language model -------------------------------------------------------------------------
    def lm(self, prev: str, word: str) -> float:
        pair = self.bigrams.get(f"{prev} {word}")
        if pair:
            return math.log(pair / max(pair, self._context.get(prev, pair)))
        return _BACKOFF + self._unigram_lp.get(word, math.log(0.5 / self.total))

    # --- channel --------------------------------------------------------------------------------
    def is_syllable(self, token: str) -> bool:
        return normalize_syllable(token.lower()) in self.unigrams

    def _variant_keys(self, core: str) -> set[str]:
        low = unicodedata.normalize("NFC", core.lower())
        # Segment into confusable pieces (longest first), each with its alternatives.
        pieces: list[list[str]] = []
        i = 0
        while i < len(low):
            for src, alts in self.subs:
                if low.startswith(src, i):
                    pieces.append([fold_lower(src), *alts] if fold_lower(src).isalpha() else list(alts))
                    i += len(src)
                    break
            else:
                pieces.append([fold_lower(low[i])])
                i += 1
        variants: set[str] = set()
        for combo in product(*pieces):
            variants.add("".join(combo))
            if len(variants) > 64:
                break
        return {v for v in variants if v.isalpha() and v.isascii()}

    @lru_cache(maxsize=200_000)  # noqa: B019 - one Restorer per process; the cache is the point
    def candidates(self, core: str) -> tuple[tuple[str, float], ...]:
        """(syllable, channel log-score) for an OCR token core; empty when nothing plausible."""
        low = core.lower()
        norm = normalize_syllable(unicodedata.normalize("NFC", low))
        scores: dict[str, float] = {}
        if norm in self.unigrams and has_diacritics(norm):
            scores[norm] = 0.7  # a valid marked syllable is evidence for itself, but OCR marks are weak
        plain = fold_lower(low)
        keys = self._variant_keys(core)
        for key in keys:
            cost = 0.0 if key == plain else 1.0
            for syl in self.by_key.get(key, ()):
                s = -cost * 1.2
                if s > scores.get(syl, -1e9):
                    scores[syl] = s
        if len(scores) < 3 and len(plain) >= 2:
            for key, dist, _ in process.extract(
                plain, self.keys, scorer=Levenshtein.distance, limit=12, score_cutoff=2 if len(plain) > 3 else 1
            ):
                for syl in self.by_key[key]:
                    s = -1.2 - 2.2 * dist
                    if s > scores.get(syl, -1e9):
                        scores[syl] = s
        best = sorted(scores.items(), key=lambda kv: (-kv[1], -self.unigrams.get(kv[0], 0)))[:12]
        return tuple(best)

    # --- decoding -------------------------------------------------------------------------------
    def needs_restoring(self, line: str) -> bool:
        words = [m for m in (_CORE.match(t) for t in line.split()) if m and any(c.isalpha() for c in m.group(2))]
        cores = [m.group(2) for m in words]
        if not cores or (len(cores) == 1 and len(cores[0]) == 1):
            return False  # a lone letter is a row or item number (A, B, a), not a word
        valid = sum(1 for c in cores if self.is_syllable(c) or self._is_passthrough(c))
        marked = sum(1 for c in cores if has_diacritics(c) and self.is_syllable(c))
        return not (valid >= 0.9 * len(cores) and marked >= 0.25 * len(cores))

    def _is_passthrough(self, core: str) -> bool:
        if not core or _CODE.search(core) or not any(c.isalpha() for c in core):
            return True
        letters = [c for c in core if c.isalpha()]
        if len(letters) >= 2 and all(c.isupper() for c in letters):
            # Acronyms (TTHC, UBND, HC&TH) pass; upper-case Vietnamese words (KE HOACH) are restored.
            plain = fold_lower(core)
            if plain.isalpha() and plain.isascii():
                return plain not in self.by_key
            return not any(k in self.by_key for k in self._variant_keys(core))
        return False

    def restore_line(self, line: str) -> RestoredLine:
        if not self.needs_restoring(line):
            return RestoredLine(line, 0, 0, 1.0)
        spans = [(m.start(), m.end(), m.group(0)) for m in _TOKEN.finditer(line)]
        # Split each whitespace token into prefix / core / suffix; decode cores in runs between boundaries.
        slots: list[tuple[int, int, str, str, str]] = []
        for start, end, tok in spans:
            m = _CORE.match(tok)
            assert m is not None
            slots.append((start, end, m.group(1), m.group(2), m.group(3)))
        out = [tok for _, _, tok in spans]
        changed = 0
        confidences: list[float] = []
        run: list[int] = []

        def flush() -> None:
            nonlocal changed
            if run:
                choice, conf = self._viterbi([slots[i][3] for i in run])
                for i, word, c in zip(run, choice, conf, strict=True):
                    _, _, pre, core, suf = slots[i]
                    new = _case_like(core, word) if word else core
                    if new != core:
                        changed += 1
                    out[i] = pre + new + suf
                    confidences.append(c)
                run.clear()

        for i, (_, _, pre, core, suf) in enumerate(slots):
            if i == 0 and suf.startswith(".") and _ROMAN_OCR.match(core):
                out[i] = pre + re.sub(r"[l1|L]", "I", core) + suf  # section numbers "Il." / "I11." -> II. / III.
                continue
            if (len(core) == 1 and suf.startswith(")")) or self._is_passthrough(core) or not self.candidates(core):
                flush()
                continue
            if pre.strip() and run:
                flush()
            run.append(i)
            if suf.strip(" ") and suf not in ("'",):
                flush()
        flush()
        text = "".join(_rejoin(line, spans, out))
        conf = sum(confidences) / len(confidences) if confidences else 1.0
        return RestoredLine(text, changed, len(confidences), round(conf, 3))

    def _viterbi(self, cores: list[str]) -> tuple[list[str], list[float]]:
        lattice = [self.candidates(c) for c in cores]
        # state: candidate index per position; score, backpointer
        prev_scores: dict[str, tuple[float, list[str]]] = {"<s>": (0.0, [])}
        for cands in lattice:
            nxt: dict[str, tuple[float, list[str]]] = {}
            for syl, ch in cands:
                best: tuple[float, list[str]] | None = None
                for p, (score, path) in prev_scores.items():
                    s = score + ch + self.lm(p, syl)
                    if best is None or s > best[0]:
                        best = (s, path)
                assert best is not None
                nxt[syl] = (best[0], [*best[1], syl])
            prev_scores = nxt
        final = max(prev_scores.items(), key=lambda kv: kv[1][0] + self.lm(kv[0], "</s>"))
        path = final[1][1]
        confs = []
        for cands, chosen in zip(lattice, path, strict=True):
            top = dict(cands)
            others = [v for k, v in cands if k != chosen]
            margin = top[chosen] - max(others) if others else 3.0
            confs.append(round(1 / (1 + math.exp(-margin - 1)), 3))
        return path, confs


def _rejoin(line: str, spans: list[tuple[int, int, str]], out: list[str]) -> list[str]:
    parts: list[str] = []
    pos = 0
    for (start, end, _), new in zip(spans, out, strict=True):
        parts.append(line[pos:start])
        parts.append(new)
        pos = end
    parts.append(line[pos:])
    return parts


@lru_cache(maxsize=1)
def default_restorer() -> Restorer:
    return Restorer()


def restore_text(text: str, restorer: Restorer | None = None) -> str:
    """Restore every line of `text`; the number of lines never changes."""
    r = restorer or default_restorer()
    return "\n".join(r.restore_line(line).text for line in text.split("\n"))
