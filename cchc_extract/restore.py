"""Restores Vietnamese diacritics in OCR text: channel candidates per token, 4-gram LM, beam search.

Candidates and ln P(OCR | syllable) come from the learned OCR channel (cchc_extract.channel); the syllable
4-gram Kneser-Ney model (cchc_extract.ngram) scores them in context; a score-pruned beam search picks the
sequence. Wrapped lines are decoded as one paragraph, table cells and punctuation are boundaries, and a
per-call cache reuses the decoding of repeated runs. Written here because no packaged restorer handles
English-model OCR noise (pyvi's CRF reaches 44-49% on it) or keeps line alignment.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TypeAlias

from cchc_extract.channel import Candidate, Channel, ocr_split
from cchc_extract.ngram import BITS, NgramModel, boundary_after, boundary_before, split_token
from cchc_extract.patterns import load_pattern_file
from cchc_extract.vietnamese import fold_lower, has_diacritics, normalize_syllable, place_tone, split_tone

STRIPPED, GARBLED, MARKED = range(3)  # what the text is: marks stripped; English-model OCR; Vietnamese OCR
BEAM = 8
RECOMBINE = 2  # words of history that make two hypotheses the same state
BEAM_MARGIN = 8.0
CHANNEL_WEIGHT = 1.0
CACHE_WEIGHT = 0.2  # share of the document cache model in the second decoding pass
CACHE_MIN = 300  # confident bigrams a document needs before its cache model is worth using
REPAIR_CONFIDENCE = 0.99  # posterior a tone needs before it is put back on correct-looking Vietnamese
CONFIDENT = 0.9  # words at least this sure feed the cache; runs with a word below it are decoded again
_CODE = re.compile(r"[/]|^\d+([.,]\d+)*\.?$|^\d+(h|%)?$")
_ROMAN_OCR = re.compile(r"^(?=.*[IVXLl|])[IVXLl1|]{1,5}$")
_LIST_START = re.compile(r"^\s*([-+•*–]|\d+(\.\d+)*[.)]|[a-zđ]\)|[IVXL]+\.)")
_JOINED_WORDS = re.compile(r"^[^\W\d_]+([/-][^\W\d_]+)+$")
_OCR_NOISE = re.compile(r"[A-Za-z]\d|\d[A-Za-z]|[@$€¢|]")
_PARAGRAPH_END = re.compile(r"[.:;!?]\s*$")


@dataclass(frozen=True)
class TokenRestoration:
    raw: str
    text: str
    confidence: float


@dataclass(frozen=True)
class RestoredLine:
    text: str
    words: tuple[TokenRestoration, ...] = field(default=())  # the restored words, in order


def _case_like(template: str, word: str) -> str:
    if template.islower() or (template[:1] == "I" and word[:1] == "l" and template[1:].islower()):
        return word  # ('Iva' is OCR for 'lựa': its I is a lowercase l)
    letters = [c for c in template if c.isalpha()]
    if not letters:
        return word
    upper = sum(c.isupper() for c in letters)
    if len(letters) > 1 and upper >= max(2, math.ceil(len(letters) * 2 / 3)):
        return word.upper()
    if letters[0].isupper() or (template[0].isdigit() and upper):
        return word[:1].upper() + word[1:]
    return word


_NONE, _ITEM, _FIXED, _WORD = range(4)  # token kinds: punctuation, item letter, kept as it is, to restore
_Option = tuple[tuple[int, ...], float, str]  # LM ids, channel ln P, text
_Choice = tuple[str, float, tuple[int, ...]]  # text, confidence, LM ids
_Position = tuple[
    tuple[_Option, ...], tuple[tuple[int, int, float], ...], tuple[tuple[int, tuple[int, ...], float], ...]
]  # the options of one token, and the same split by one syllable / several (see _position)
Stepper = Callable[[int, int], tuple[float, int]]  # (context, word) -> (ln P, context after)
_Back: TypeAlias = "tuple[int, int, _Back] | None"  # option index, LM state after it, the hypothesis before


@dataclass
class _Slot:
    line: int
    start: int
    end: int
    pre: str
    core: str
    suf: str
    out: str = ""
    conf: float = 1.0
    restored: bool = False


class Restorer:
    """Holds the loaded language model and channel; `restore_lines` is pure given them."""

    def __init__(self) -> None:
        self.lm = NgramModel()
        self.unigram = {w: self.lm.unigrams.get(i, self.lm.unk_logp) for i, w in enumerate(self.lm.vocab)}
        self.channel = Channel(self.lm.vocab, self.unigram)
        self.vocab = set(self.lm.ids)
        self.code_parts = self.lm.code_parts
        self._code_part = re.compile(r"[^\W\d_]+")
        letters = str(load_pattern_file("fields")["letter_sequence"]).split()
        self._next_letter = dict(itertools.pairwise(letters))

    # --- token classes -------------------------------------------------------------------------
    def is_syllable(self, token: str) -> bool:
        return normalize_syllable(token.lower()) in self.vocab

    @lru_cache(maxsize=100_000)  # noqa: B019 - one Restorer per process; the cache is the point
    def _is_passthrough(self, core: str) -> bool:
        if not core or _CODE.search(core) or not any(c.isalpha() for c in core):
            return True
        letters = [c for c in core if c.isalpha()]
        if len(letters) >= 2 and all(c.isupper() for c in letters):
            # Acronyms (TTHC, UBND, HC&TH) pass; upper-case Vietnamese words (KE HOACH) are restored.
            plain = fold_lower(core)
            if plain.isalpha() and plain.isascii():
                return plain not in self.channel.by_key
            return not any(k in self.channel.by_key for k in self.channel.variant_keys(core.lower()))
        return False

    def _counts(self, line: str) -> tuple[int, int, int]:
        """(words, valid words, marked syllables) of a line."""
        parts = [split_token(t) for t in line.split()]
        # Item letters (a) b) đ)) are no words; nor is a lone letter on its own line (a row number).
        cores = [c for _, c, suf in parts if any(ch.isalpha() for ch in c) and not (len(c) == 1 and suf[:1] == ")")]
        if len(cores) == 1 and len(cores[0]) == 1:
            return 0, 0, 0
        flags = [self._word_flags(c) for c in cores]
        return len(cores), sum(f[0] for f in flags), sum(f[1] for f in flags)

    @lru_cache(maxsize=100_000)  # noqa: B019 - one Restorer per process; the cache is the point
    def _word_flags(self, core: str) -> tuple[bool, bool]:
        """(a valid word: a syllable, code or acronym; a syllable with its marks)."""
        syllable = self.is_syllable(core)
        return syllable or self._is_passthrough(core), syllable and has_diacritics(core)

    def _ocr_evidence(self, line: str) -> bool:
        """Marks, or a word with digits or symbols that OCR confusions turn into a syllable ('s6', '10ng')."""
        if any(not c.isascii() for c in line if c.isalpha()):
            return True
        for tok in line.split():
            core = split_token(tok)[1]
            if _OCR_NOISE.search(core) and not core.isupper() and "/" not in core and any(
                k in self.channel.by_key for k in self.channel.variant_keys(core.lower())
            ):
                return True
        return False

    def _todo(self, lines: Sequence[str]) -> tuple[list[bool], bool]:
        """Lines to restore, and whether the text as a whole is garbled. In garbled text every line with words
        but those clearly correct (a short line of OCR garble such as 'ly, cu thé sau:' can look valid on its
        own); in correct text the lines that look garbled on their own."""
        counts = [self._counts(line) for line in lines]
        total = tuple(sum(c[k] for c in counts) for k in range(3))
        if _garbled(*total):
            return [c[0] > 0 and not _clean(*c) for c in counts], True
        return [_garbled(*c) for c in counts], False

    # --- public API ----------------------------------------------------------------------------
    def restore_line(self, line: str) -> RestoredLine:
        return self.restore_lines([line], paragraphs=False)[0]

    def restore_lines(
        self, lines: Sequence[str], paragraphs: bool = True, marks_unsure: bool = False
    ) -> list[RestoredLine]:
        """Each line restored, same number of lines; wrapped lines decode as one paragraph when asked.

        `marks_unsure`: the text comes from OCR with a Vietnamese model, whose letters are right but whose marks
        may not be: every line is decoded, each word keeping its letters and, unless the LM is sure of
        others, its marks."""
        todo, garbled = self._todo(lines)
        if garbled or not any(self._ocr_evidence(line) for line in lines):
            # Text with no marks at all and no OCR garble had its marks stripped: every mark pattern is equally
            # likely (judged over all the lines: one OCR'd page has lines without marks too).
            mode = GARBLED if garbled and any(self._ocr_evidence(line) for line in lines) else STRIPPED
        elif marks_unsure:
            mode, todo = MARKED, [self._counts(line)[0] > 0 for line in lines]
        else:
            mode = STRIPPED  # correct text: a line that looks garbled (codes, names, unmarked words) gets marks
        slots, runs = self._read(lines, todo, mode, paragraphs)
        for r, choices in zip(runs, self._decode_runs(slots, runs, mode), strict=True):
            for i, (word, conf, _) in zip(r, choices, strict=True):
                if slots[i].restored:
                    slots[i].out, slots[i].conf = _case_like(slots[i].core, word), conf
        per_line: list[list[_Slot]] = [[] for _ in lines]
        for slot in slots:
            per_line[slot.line].append(slot)
        return [self._assemble(line, per_line[li], todo[li]) for li, line in enumerate(lines)]

    def _read(
        self, lines: Sequence[str], todo: list[bool], mode: int, paragraphs: bool
    ) -> tuple[list[_Slot], list[list[int]]]:
        """Slots for the tokens of the lines to restore, and the runs of slots the LM decodes together: a run
        ends at punctuation, an item letter, and a line that ends a paragraph."""
        slots: list[_Slot] = []
        runs: list[list[int]] = [[]]
        last_item = ""
        for li, line in enumerate(lines):
            if not todo[li]:
                runs.append([])
                continue
            for ti, m in enumerate(re.finditer(r"\S+", line)):
                pre, core, suf, kind, out, cut_before, cut_after = self._token(m.group(0), mode)
                slot = _Slot(li, m.start(), m.end(), pre, core, suf, out=out)
                slots.append(slot)
                if cut_before:
                    runs.append([])
                if ti == 0 and suf.startswith(".") and _ROMAN_OCR.match(core):
                    slot.out = re.sub(r"[l1|L]", "I", core)  # section numbers "Il." / "I11." -> II. / III.
                    runs.append([])
                    continue
                if kind == _ITEM:
                    # An item letter: a) b) c) d) đ); the one after d) is đ) however OCR or stripping wrote it.
                    following = self._next_letter.get(last_item, "")
                    if following and fold_lower(following) == core.lower():
                        slot.out = following.upper() if core.isupper() else following
                    last_item = slot.out.lower()
                    runs.append([])
                    continue
                # A lone non-syllable letter opening a line is noise, not a word to restore.
                slot.restored = kind == _WORD and not (ti == 0 and len(core) == 1 and not self.is_syllable(core))
                if core:
                    runs[-1].append(len(slots) - 1)
                if cut_after:
                    runs.append([])
            if not paragraphs or li + 1 >= len(lines) or _PARAGRAPH_END.search(line) or \
                    _LIST_START.match(lines[li + 1]) or not todo[li + 1]:
                runs.append([])
        return slots, [r for r in runs if r]

    @lru_cache(maxsize=200_000)  # noqa: B019 - one Restorer per process; the cache is the point
    def _token(self, token: str, mode: int) -> tuple[str, str, str, int, str, bool, bool]:
        """(prefix, core, suffix, kind, text out unless restored, LM boundary before, boundary after)."""
        pre, core, suf = ocr_split(token, self.channel.mark_symbols) if mode == GARBLED else split_token(token)
        out, kind = core, _FIXED
        if not core:
            kind = _NONE
        elif len(core) == 1 and suf.startswith(")"):
            kind = _ITEM
        elif _JOINED_WORDS.match(core) and not core.isupper():
            out = self._restore_joined(core, mode)
        elif self._is_passthrough(core):  # codes, numbers and acronyms: <x> in the LM context
            out = self._code_part.sub(lambda mm: self.code_parts.get(mm.group(0), mm.group(0)), core)
        elif self._finder(mode)(core):
            kind = _WORD
        return pre, core, suf, kind, out, boundary_before(pre), boundary_after(suf)

    def _finder(self, mode: int) -> Callable[[str], tuple[Candidate, ...]]:
        channel = self.channel
        return {STRIPPED: channel.stripped_candidates, GARBLED: channel.candidates, MARKED: channel.marked_candidates}[
            mode
        ]

    def _restore_joined(self, core: str, mode: int) -> str:
        """Words joined by a slash or hyphen ('huyện/thị', 'Xi-măng'), each part restored in the others' context."""
        parts = re.split(r"([/-])", core)
        finder = self._finder(mode)
        if not all(finder(p) for p in parts[::2]):
            return core
        words = [_Slot(0, 0, 0, "", p, "", p, restored=True) for p in parts[::2]]
        parts[::2] = [_case_like(w.core, choice[0]) for w, choice in zip(words, self._decode(words, mode),
                                                                           strict=True)]
        return "".join(parts)

    def _decode_runs(self, slots: list[_Slot], runs: list[list[int]], mode: int) -> list[list[_Choice]]:
        """Two passes: every run with the LM; then the runs with an unsure word again, with the LM mixed with a
        cache of the bigrams the document's confident words showed. Repeated runs are decoded once per pass."""
        done: dict[tuple[str, ...], list[_Choice]] = {}
        keys = [tuple(slots[i].core if slots[i].restored else "\x00" + slots[i].core for i in r) for r in runs]
        for r, key in zip(runs, keys, strict=True):
            if key not in done:
                done[key] = self._decode([slots[i] for i in r], mode)
        counts: dict[int, int] = {}
        totals: dict[int, int] = {}
        unsure = set()
        for key, choices in done.items():
            prev = self.lm.bos
            for _, conf, wids in choices:
                if conf < CONFIDENT:
                    unsure.add(key)
                    prev = -1
                    continue
                for w in wids:
                    if prev >= 0:
                        counts[(prev << BITS) | w] = counts.get((prev << BITS) | w, 0) + 1
                        totals[prev] = totals.get(prev, 0) + 1
                    prev = w
        if unsure and sum(totals.values()) >= CACHE_MIN:
            step = self._cache_stepper(counts, totals)
            for r, key in zip(runs, keys, strict=True):
                if key in unsure:
                    done[key] = self._decode([slots[i] for i in r], mode, step)
                    unsure.discard(key)
        return [done[key] for key in keys]

    def _assemble(self, line: str, slots: list[_Slot], todo: bool) -> RestoredLine:
        if not todo:
            return self._repair_lost_tones(line)
        parts: list[str] = []
        pos = 0
        words = []
        for s in slots:
            parts.append(line[pos : s.start])
            parts.append(s.pre + s.out + s.suf)
            pos = s.end
            if s.restored:
                words.append(TokenRestoration(s.core, s.out, s.conf))
        parts.append(line[pos:])
        return RestoredLine("".join(parts), tuple(words))

    def _repair_lost_tones(self, line: str) -> RestoredLine:
        """Correct Vietnamese (Tesseract vie, a text layer) kept as it is, except a syllable whose stacked mark
        lost its tone (Kê hoạch -> Kế hoạch, chỉ sô -> chỉ số) where the LM is all but certain of the tone."""
        tokens = line.split(" ")
        cores = [split_token(t)[1].lower() for t in tokens]
        words = []
        for i, core in enumerate(cores):
            tones = self._tone_variants(core)
            if not tones or not 0 < i < len(cores) - 1:
                continue
            prev, nxt = self.lm.ids.get(cores[i - 1]), self.lm.ids.get(cores[i + 1])
            if prev is None or nxt is None:
                continue  # both neighbours must be syllables the LM knows
            left = self.lm.step(self.lm.bos, prev)[1]
            before = self.lm.ids.get(cores[i - 2]) if i > 1 else None
            if before is not None:  # two words of left context where the line has them
                left = self.lm.step(self.lm.step(self.lm.bos, before)[1], prev)[1]
            scores = []
            for option in (core, *tones):
                lp, ctx = self.lm.step(left, self.lm.ids[option])
                scores.append(lp + self.lm.step(ctx, nxt)[0])
            best = max(range(len(scores)), key=scores.__getitem__)
            conf = _softmax_at(scores, best)
            if best and conf >= REPAIR_CONFIDENCE:
                pre, raw, suf = split_token(tokens[i])
                tokens[i] = pre + _case_like(raw, tones[best - 1]) + suf
                words.append(TokenRestoration(raw, _case_like(raw, tones[best - 1]), round(conf, 3)))
        if not words:
            return RestoredLine(line)
        return RestoredLine(" ".join(tokens), tuple(words))

    @lru_cache(maxsize=20_000)  # noqa: B019 - one Restorer per process; the cache is the point
    def _tone_variants(self, core: str) -> tuple[str, ...]:
        """Toned syllables of a syllable with a stacked-mark vowel (â ê ô ơ ư ă) and no tone; () otherwise."""
        if core not in self.vocab or not any(c in "âêôơưă" for c in core):
            return ()
        base, tone = split_tone(core)
        if tone:
            return ()
        return tuple(v for t in "sfrxj" if (v := place_tone(base, t)) in self.vocab)

    # --- decoding ------------------------------------------------------------------------------
    def _lattice(self, slots: list[_Slot], mode: int) -> list[_Position]:
        lattice: list[_Position] = []
        for s in slots:
            if s.restored:
                lattice.append(self._options(s.core, mode))
            else:
                word = self.lm.ids.get(normalize_syllable(s.core.lower()), self.lm.unk)
                lattice.append(_position((((word,), 0.0, s.core),)))
        return lattice

    @lru_cache(maxsize=200_000)  # noqa: B019 - one Restorer per process; the cache is the point
    def _options(self, core: str, mode: int) -> _Position:
        ids = self.lm.ids
        found = self._finder(mode)(core)
        return _position(
            tuple((tuple(ids[w] for w in syls), CHANNEL_WEIGHT * lp, " ".join(syls)) for syls, lp in found)
        )

    @staticmethod
    def _extend(ctx: int, total: float, wids: tuple[int, ...], step: Stepper) -> tuple[int, float]:
        """Context and score after appending the ids of one option."""
        for w in wids:
            lp, ctx = step(ctx, w)
            total += lp
        return ctx, total

    def _cache_stepper(self, counts: dict[int, int], totals: dict[int, int]) -> Stepper:
        """The LM mixed with the bigrams this document's confident words already showed (a cache model)."""
        base, one = self.lm.step, (1 << BITS) - 1
        memo: dict[int, tuple[float, int]] = {}

        def step(ctx: int, word: int) -> tuple[float, int]:
            hit = memo.get((ctx << BITS) | word)
            if hit is not None:
                return hit
            lp, after = base(ctx, word)
            total = totals.get(ctx & one)
            if total:
                seen = counts.get(((ctx & one) << BITS) | word, 0) / total
                lp = math.log((1 - CACHE_WEIGHT) * math.exp(lp) + CACHE_WEIGHT * seen)
            memo[(ctx << BITS) | word] = (lp, after)
            return lp, after

        return step

    def _decode(self, slots: list[_Slot], mode: int, stepper: Stepper | None = None) -> list[_Choice]:
        """Best option per slot by beam search, with its text, confidence and LM ids."""
        lattice = self._lattice(slots, mode)
        step = stepper or self.lm.step
        memo = self.lm.memo if stepper is None else {}  # the inlined lookup; the LM's memo holds plain scores
        extend = self._extend
        short = (1 << (BITS * RECOMBINE)) - 1
        # Hypotheses are recombined on their last RECOMBINE words; each keeps its full LM context.
        bos = self.lm.bos
        beam: dict[int, tuple[float, _Back, int]] = {bos: (0.0, None, bos)}
        forward: list[list[float]] = []  # per position, the best score through each option
        for options, singles, multis in lattice:
            if len(options) == 1 and len(beam) == 1 and len(options[0][0]) == 1:
                # Nothing to choose: the same score would be added to the only hypothesis.
                ((total, back, ctx),) = beam.values()
                ctx = step(ctx, options[0][0][0])[1]
                beam = {ctx & short: (total, (0, ctx, back), ctx)}
                forward.append([0.0])
                continue
            best = [-1e18] * len(options)
            nxt: dict[int, tuple[float, _Back, int]] = {}
            for total, back, ctx in beam.values():
                base = ctx << BITS
                for k, w, ch in singles:  # the common case, inlined: one syllable, memoized LM step
                    hit = memo.get(base | w)
                    lp, c = hit if hit is not None else step(ctx, w)
                    s = total + ch + lp
                    if s > best[k]:
                        best[k] = s
                    state = c & short
                    old = nxt.get(state)
                    if old is None or old[0] < s:
                        nxt[state] = (s, (k, c, back), c)
                for k, wids, ch in multis:
                    c, s = extend(ctx, total + ch, wids, step)
                    if s > best[k]:
                        best[k] = s
                    old = nxt.get(c & short)
                    if old is None or old[0] < s:
                        nxt[c & short] = (s, (k, c, back), c)
            forward.append(best)
            if len(nxt) > 1:
                floor = max(v[0] for v in nxt.values()) - BEAM_MARGIN
                beam = {c: v for c, v in nxt.items() if v[0] > floor}
                if len(beam) > BEAM:
                    beam = dict(sorted(beam.items(), key=lambda kv: -kv[1][0])[:BEAM])
            else:
                beam = nxt
        eos = self.lm.eos
        _, back, _ = max(beam.values(), key=lambda v: v[0] + step(v[2], eos)[0])
        choice: list[int] = []
        after: list[int] = []  # LM state after each chosen option
        while back is not None:
            k, state, back = back
            choice.append(k)
            after.append(state)
        choice.reverse()
        after.reverse()
        per_slot = [position[0] for position in lattice]
        confs = self._confidences(per_slot, choice, [self.lm.bos, *after[:-1]], forward, step)
        return [(per_slot[i][k][2], c, per_slot[i][k][0]) for i, (k, c) in enumerate(zip(choice, confs, strict=True))]

    def _confidences(
        self,
        lattice: list[tuple[_Option, ...]],
        choice: list[int],
        before: list[int],
        forward: list[list[float]],
        step: Stepper,
    ) -> list[float]:
        """Posterior of each choice: from the left context alone where that is decisive, else from the left
        context (`before`: the LM state before each position) and the next chosen word."""
        out = []
        for i, (options, k) in enumerate(zip(lattice, choice, strict=True)):
            conf = _softmax_at(forward[i], k) if len(options) > 1 else 0.99
            if conf < CONFIDENT:
                follow = lattice[i + 1][choice[i + 1]][0][:1] if i + 1 < len(choice) else (self.lm.eos,)
                scores = [self._extend(before[i], ch, (*wids, *follow), step)[1] for wids, ch, _ in options]
                conf = _softmax_at(scores, k)
            out.append(round(conf, 3))
        return out


def _position(options: tuple[_Option, ...]) -> _Position:
    """Options with their one-syllable ones (index, id, channel score) and the others (index, ids, score)."""
    singles = tuple((k, o[0][0], o[1]) for k, o in enumerate(options) if len(o[0]) == 1)
    multis = tuple((k, o[0], o[1]) for k, o in enumerate(options) if len(o[0]) > 1)
    return options, singles, multis


def _garbled(words: int, valid: int, marked: int) -> bool:
    return words > 0 and not (valid >= 0.9 * words and marked >= 0.25 * words)


def _clean(words: int, valid: int, marked: int) -> bool:
    """Correct Vietnamese even among OCR garble: valid words, most of them with their marks."""
    return valid >= 0.9 * words and marked >= 0.6 * words


def _softmax_at(scores: list[float], k: int) -> float:
    top = max(scores)
    return math.exp(scores[k] - top) / sum(math.exp(s - top) for s in scores)


@lru_cache(maxsize=1)
def default_restorer() -> Restorer:
    return Restorer()


def restore_text(text: str, restorer: Restorer | None = None) -> str:
    """Restore every line of `text` (wrapped lines as paragraphs); the number of lines never changes."""
    r = restorer or default_restorer()
    return "\n".join(x.text for x in r.restore_lines(text.split("\n")))
