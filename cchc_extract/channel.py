"""OCR channel: candidate syllables for an OCR token with ln P(OCR string | syllable), learned from corpus text
rendered, damaged and read by Tesseract's English model (scripts/make_channel_data.py, build_channel_model.py).

Written here because no packaged model covers English-model OCR of Vietnamese; rapidfuzz does the edit
operations and the fuzzy shortlist. P(o | s) = per-letter emissions (each Vietnamese letter becomes an OCR
string of 0-3 characters) smoothed into whole-token counts where the training data saw the token.
"""

from __future__ import annotations

import gzip
import json
import math
import unicodedata
from collections import defaultdict
from functools import lru_cache
from importlib import resources
from itertools import product
from pathlib import Path

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from cchc_extract.ngram import split_token
from cchc_extract.patterns import load_pattern_file
from cchc_extract.vietnamese import fold, fold_lower, normalize_syllable

Candidate = tuple[tuple[str, ...], float]  # syllables, ln P(OCR token | syllables)
TOKEN_WEIGHT = 0.7  # share of whole-token counts against the letter model where the token was seen
LETTER_PRIOR = 0.1  # share of the prior in letter emissions: real scans garble more than the training renders
MAX_CANDIDATES = 10
PRUNE_BELOW_BEST = 9.0  # ln units of channel + unigram below the best candidate
MARK_CHANGE_LOGP = -6.0  # ln P(Vietnamese-model OCR read other marks than printed) for one word
STRIPPED_PRUNE = 6.0  # the same for stripped text, where only the unigram ranks candidates


def ocr_split(token: str, mark_symbols: str) -> tuple[str, str, str]:
    """split_token for OCR text: trailing characters that OCR writes for marks stay in the word ('co’')."""
    pre, core, suf = split_token(token)
    if core and core[-1].isalpha():
        n = len(suf) - len(suf.lstrip(mark_symbols))
        if n:
            core, suf = core + suf[:n], suf[n:]
    return pre, core, suf


def emissions(syllable: str, ocr: str) -> list[tuple[str, str]]:
    """Each letter of `syllable` with the OCR substring aligned to it ('của', 'ctia' -> c:c, ủ:ti, a:a).

    An inserted OCR string goes with the neighbouring letter that OCR got wrong, else with the one before."""
    segs = [""] * len(syllable)
    exact = [False] * len(syllable)
    inserts: list[tuple[int, str]] = []
    for op in Levenshtein.opcodes(syllable, ocr):
        if op.tag in ("equal", "replace"):
            for k in range(op.src_end - op.src_start):
                segs[op.src_start + k] = ocr[op.dest_start + k]
                exact[op.src_start + k] = op.tag == "equal"
        elif op.tag == "insert":
            inserts.append((op.src_start, ocr[op.dest_start : op.dest_end]))
    for i, text in inserts:
        if i < len(segs) and (not exact[i] or i == 0):
            segs[i] = text + segs[i]
        elif i > 0:
            segs[i - 1] += text
    return list(zip(syllable, segs, strict=True))


def _prior(letter: str, seg: str, confusable: frozenset[tuple[str, str]]) -> float:
    """Prior of OCR writing `seg` for `letter`; listed OCR confusions (patterns/ocr_confusions.json) are likelier."""
    if seg == letter:
        return 0.5
    if len(seg) == 1 and fold(seg) == fold(letter):
        return 0.1
    if not seg:
        return 0.01
    if (fold(letter).lower(), seg) in confusable:
        return 0.02
    return 0.002 * 0.1 ** (len(seg) - 1)


class Channel:
    """Holds the learned emission and token tables and the syllable index; candidates are cached per token."""

    def __init__(self, vocab: list[str], unigram: dict[str, float], path: Path | None = None) -> None:
        if path is None:
            raw = (resources.files("cchc_extract") / "data" / "channel_model.json.gz").read_bytes()
        else:
            raw = path.read_bytes()
        model = json.loads(gzip.decompress(raw))
        self.emit: dict[str, dict[str, int]] = model["emissions"]
        self.emit_total = {a: sum(c.values()) for a, c in self.emit.items()}
        self.seen: dict[str, int] = model["seen"]
        self.table: dict[tuple[str, str], int] = {}
        self.reverse: dict[str, list[str]] = defaultdict(list)
        for key, n in model["table"].items():
            syl, ocr = key.split("\t")
            if syl not in unigram:
                continue  # a syllable the language model does not know cannot be a candidate
            self.table[(syl, ocr)] = n
            self.reverse[ocr].append(syl)
        self.glue_logp = math.log(max(1e-4, float(model["glue_rate"])))
        self.unigram = unigram
        self.by_key: dict[str, list[str]] = defaultdict(list)
        for syl in vocab:
            if syl.isalpha():
                self.by_key[fold_lower(syl)].append(syl)
        self.keys = list(self.by_key)
        confusions = load_pattern_file("ocr_confusions")
        self.mark_symbols: str = confusions["mark_symbols"]
        subs: dict[str, list[str]] = confusions["substitutions"]
        self.subs = sorted(subs.items(), key=lambda kv: -len(kv[0]))
        self.confusable = frozenset((alt, src) for src, alts in subs.items() for alt in alts if len(alt) == 1)
        self.strip_logp = {s: self._letters_logp(s, fold_lower(s)) for s in vocab if s.isalpha()}

    # --- P(o | s) ------------------------------------------------------------------------------
    def _emit_logp(self, letter: str, seg: str) -> float:
        total = self.emit_total.get(letter, 0)
        if not total:
            return math.log(_prior(letter, seg, self.confusable))
        seen = self.emit[letter].get(seg, 0) / total
        return math.log((1 - LETTER_PRIOR) * seen + LETTER_PRIOR * _prior(letter, seg, self.confusable))

    def _letters_logp(self, syllable: str, ocr: str) -> float:
        return sum(self._emit_logp(a, seg) for a, seg in emissions(syllable, ocr))

    def logp(self, ocr: str, syllable: str) -> float:
        """ln P(ocr | syllable), both lowercase."""
        stripped = self.strip_logp.get(syllable) if ocr == fold_lower(syllable) else None
        letters = stripped if stripped is not None else self._letters_logp(syllable, ocr)
        seen = self.seen.get(syllable, 0)
        if not seen:
            return letters
        share = self.table.get((syllable, ocr), 0) / seen
        return math.log(TOKEN_WEIGHT * share + (1 - TOKEN_WEIGHT) * math.exp(letters))

    # --- candidates ----------------------------------------------------------------------------
    def variant_keys(self, low: str) -> set[str]:
        """Folded keys after the OCR confusions in patterns/ocr_confusions.json ('s6' -> 'so')."""
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

    def _syllables_for(self, low: str, fuzzy: bool) -> list[str]:
        key = fold_lower(low)
        found = set(self.by_key.get(key, ()))
        found.update(self.reverse.get(low, ()))
        for k in self.variant_keys(low):
            found.update(self.by_key.get(k, ()))
        if fuzzy and key:
            cutoff = 2 if len(key) > 3 else 1  # a lone letter: the syllables one letter longer ('s' -> số)
            for k, _, _ in process.extract(key, self.keys, scorer=Levenshtein.distance, limit=15,
                                           score_cutoff=cutoff):
                found.update(self.by_key[k])
        return sorted(found)  # a fixed order: ties must not depend on the process's string hashing

    def _posterior(self, c: Candidate) -> float:
        """Channel score plus unigram ln P: the context-free ranking of a candidate."""
        return c[1] + sum(self.unigram.get(s, -20.0) for s in c[0])

    def _best(self, scored: list[Candidate], prune: float = PRUNE_BELOW_BEST) -> tuple[Candidate, ...]:
        # Ties break on the text: set order varies between processes and the output must not.
        ranked = sorted(scored, key=lambda c: (-self._posterior(c), c[0]))[:MAX_CANDIDATES]
        floor = self._posterior(ranked[0]) - prune if ranked else 0.0
        return tuple(c for c in ranked if self._posterior(c) > floor)

    @lru_cache(maxsize=200_000)  # noqa: B019 - one Channel per process; the cache is the point
    def candidates(self, core: str) -> tuple[Candidate, ...]:
        """(syllables, ln P(core | syllables)) best first; two syllables where OCR glued words together."""
        low = unicodedata.normalize("NFC", core.lower())
        # A lone capital is an initial or table debris more often than a damaged word: no fuzzy lookup for it.
        fuzzy = len(core) > 1 or core.islower()
        scored: list[Candidate] = [((s,), self.logp(low, s)) for s in self._syllables_for(low, fuzzy)]
        best = max((lp for _, lp in scored), default=-99.0)
        if best < -7.0 and len(low) >= 5 and low.isalpha():
            scored.extend(self._glued(low))
        return self._best(scored)

    @lru_cache(maxsize=50_000)  # noqa: B019 - one Channel per process; the cache is the point
    def stripped_candidates(self, core: str) -> tuple[Candidate, ...]:
        """Candidates for text whose marks were stripped (no OCR noise): same letters, any marks, no channel cost."""
        return self._best([((s,), 0.0) for s in self.by_key.get(fold_lower(core), [])], STRIPPED_PRUNE)

    @lru_cache(maxsize=50_000)  # noqa: B019 - one Channel per process; the cache is the point
    def marked_candidates(self, core: str) -> tuple[Candidate, ...]:
        """Candidates for Vietnamese-model OCR: the same letters; the marks as read, or others at a cost, twice
        the cost for a capitalized word (names: 'Văn Hòa' is no 'hiện đại hóa', whatever the LM prefers)."""
        seen = normalize_syllable(unicodedata.normalize("NFC", core.lower()))
        found = self.by_key.get(fold_lower(core), [])
        cost = MARK_CHANGE_LOGP * (2 if core[:1].isupper() else 1)
        return self._best([((s,), 0.0 if s == seen else cost) for s in found])

    def _glued(self, low: str) -> list[Candidate]:
        """Two-syllable readings of a token OCR glued together, best split points first."""
        out: list[Candidate] = []
        for k in range(2, len(low) - 1):
            left, right = low[:k], low[k:]
            lc = [(s, self.logp(left, s)) for s in self._syllables_for(left, fuzzy=False)]
            rc = [(s, self.logp(right, s)) for s in self._syllables_for(right, fuzzy=False)]
            if lc and rc:
                a = max(lc, key=lambda c: c[1] + self.unigram.get(c[0], -20.0))
                b = max(rc, key=lambda c: c[1] + self.unigram.get(c[0], -20.0))
                out.append(((a[0], b[0]), a[1] + b[1] + self.glue_logp))
        return sorted(out, key=lambda c: (-c[1], c[0]))[:3]
