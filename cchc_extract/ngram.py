"""Syllable n-gram language model (interpolated modified Kneser-Ney in backoff form), stored as compact arrays.

Written here because KenLM's Python module needs a compiled build and its own tools to make binaries, and the
model is small enough (a few MB of packed int64 keys and float16 scores) to query from Python dicts at the
speed the decoder needs. `chunk_tokens` is shared by the build script and the decoder so that both cut text
into the same LM units: a syllable, `<x>` for a number, code or acronym, and boundaries at punctuation.
"""

from __future__ import annotations

import io
import itertools
import json
import re
import unicodedata
from collections.abc import Callable, Iterator
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np

from cchc_extract.vietnamese import normalize_syllable

BITS = 15
MASK = (1 << BITS) - 1
MEMO_LIMIT = 200_000  # entries; about 30 MB at most
NONE, BOS, EOS, UNK = "<none>", "<s>", "</s>", "<x>"
# Token = prefix punctuation, core, suffix punctuation. A boundary ends the LM context.
_CORE = re.compile(r"^([^\w&€¢|$@]*)(.*?)([^\w&€¢]*)\Z", re.UNICODE | re.DOTALL)
_BOUNDARY_SUFFIX = re.compile(r"[.,;:!?)\]”\"…]")
_BOUNDARY_PREFIX = re.compile(r"[(\[“\"\-–•+*]")


@lru_cache(maxsize=200_000)
def split_token(token: str) -> tuple[str, str, str]:
    """'(Ban,' -> ('(', 'Ban', ',')."""
    m = _CORE.match(token)
    assert m is not None  # the pattern matches every string
    return m.group(1), m.group(2), m.group(3)


def boundary_before(prefix: str) -> bool:
    return bool(_BOUNDARY_PREFIX.search(prefix))


def boundary_after(suffix: str) -> bool:
    return bool(_BOUNDARY_SUFFIX.search(suffix))


def chunk_tokens(line: str, vocab: dict[str, int] | frozenset[str] | set[str]) -> Iterator[list[str]]:
    """LM units of a clean line: runs of lowercase syllables (or `<x>`) between punctuation boundaries."""
    run: list[str] = []
    for tok in unicodedata.normalize("NFC", line).split():
        pre, core, suf = split_token(tok)
        if boundary_before(pre) and run:
            yield run
            run = []
        if core:
            syl = normalize_syllable(core.lower())
            run.append(syl if syl in vocab else UNK)
        if boundary_after(suf) and run:
            yield run
            run = []
    if run:
        yield run


def pack(ids: tuple[int, ...] | list[int]) -> int:
    key = 0
    for i in ids:
        key = (key << BITS) | i
    return key


class NgramModel:
    """Holds the loaded model as two dicts over packed keys of every order (id 0 is no word, so a key's
    length is its order): ln P of each n-gram (interpolated) and ln backoff weight of each context."""

    def __init__(self, path: Path | None = None) -> None:
        if path is None:
            raw = (resources.files("cchc_extract") / "data" / "ngram_model.npz").read_bytes()
        else:
            raw = path.read_bytes()
        data = np.load(io.BytesIO(raw), allow_pickle=False)
        self.vocab: list[str] = str(data["vocab"]).split("\n")
        if self.vocab[0] != NONE:
            raise ValueError("ngram_model.npz is from an older build; run scripts/build_restore_model.py")
        self.ids: dict[str, int] = {w: i for i, w in enumerate(self.vocab)}
        self.counts: np.ndarray = data["counts"]
        self.order = int(data["order"])
        self._logp_by_order: list[dict[int, float]] = [{}]
        self._bow_by_order: list[dict[int, float]] = [{}]
        for n in range(1, self.order + 1):
            keys = data[f"keys{n}"]
            values = data[f"logp{n}"].astype(np.float64).tolist()
            self._logp_by_order.append(dict(zip(keys.tolist(), values, strict=True)))
            bo = data[f"bow{n}"] if n < self.order else np.zeros(0)
            nz = np.nonzero(bo)[0]
            self._bow_by_order.append(dict(zip(keys[nz].tolist(), bo[nz].astype(np.float64).tolist(), strict=True)))
        self.unigrams = self._logp_by_order[1]  # id -> ln P
        self.unk_logp = float(data["unk_logp"])
        self.code_parts: dict[str, str] = json.loads(str(data["code_parts"]))
        self.bos = self.ids[BOS]
        self.eos = self.ids[EOS]
        self.unk = self.ids[UNK]
        self._masks = [(1 << (BITS * n)) - 1 for n in range(self.order + 1)]
        self.memo: dict[int, tuple[float, int]] = {}  # packed context + word -> step(); bounded, shared
        self.step = self._make_step()

    def score(self, context: tuple[int, ...], word: int) -> float:
        """ln P(word | context); context is the last order-1 ids at most, oldest first."""
        return self.step(pack(context[-(self.order - 1) :] if self.order > 1 else ()), word)[0]

    def _make_step(self) -> Callable[[int, int], tuple[float, int]]:
        """step(ctx, word): ln P(word | ctx) and the context after `word`, memoized. ctx holds the last order-1
        ids at most; the context after is shortened while no n-gram continues it: backing off from such a
        context costs nothing, so scores stay exact, more hypotheses share a state and the memo hits more
        often. A closure over local names: it runs for every new (context, word) the decoder meets."""
        memo, by_order, bows, masks = self.memo, self._logp_by_order, self._bow_by_order, self._masks
        unk, top, width = self.unk_logp, self.order - 1, BITS - 1
        unigrams = by_order[1]

        def step(ctx: int, word: int) -> tuple[float, int]:
            full = (ctx << BITS) | word
            hit = memo.get(full)
            if hit is not None:
                return hit
            length = (full.bit_length() + width) // BITS
            n, key, penalty = length, full, 0.0
            while n > 1:
                b = bows[n - 1].get(key >> BITS)  # None: the context starts no n-gram
                if b is not None:
                    v = by_order[n].get(key)
                    if v is not None:
                        break
                    penalty += b
                n -= 1
                key &= masks[n]  # drop the oldest word
            else:
                v = unigrams.get(key, unk)
            m = length if length < top else top
            state = full & masks[m]
            while m > 1 and state not in bows[m]:
                m -= 1
                state &= masks[m]
            if len(memo) > MEMO_LIMIT:  # forget the older half (dicts keep insertion order)
                for old in list(itertools.islice(memo, MEMO_LIMIT // 2)):
                    del memo[old]
            result = memo[full] = (penalty + v, state)
            return result

        return step
