"""Builds the diacritics language model shipped in cchc_extract/data from ../shared/corpus (derived counts only).

1. Syllable inventory: generated from patterns/phonotactics.json (cchc_extract.syllables), checked against the
   lexicons in ../shared/corpus/lexicon (the report says what each side has that the other lacks); kept where
   the corpus or a word list attests it.
2. Syllable n-grams up to --order over the training paragraphs (every HOLDOUT_EVERY-th paragraph is held out
   for bench/bench_restore.py), interpolated modified Kneser-Ney, stored in backoff form as packed int64
   keys with float16 ln-probabilities in ngram_model.npz; n-grams of the two top orders seen fewer than
   --min-count times are pruned.
Run: python scripts/build_restore_model.py [--corpus DIR] [--out FILE] [--order 4]
"""

from __future__ import annotations

import argparse
import io
import json
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cchc_extract.ngram import BITS, BOS, EOS, NONE, UNK, chunk_tokens  # noqa: E402
from cchc_extract.syllables import default_inventory  # noqa: E402
from cchc_extract.vietnamese import fold, normalize_syllable  # noqa: E402
from scripts import shared_dir  # noqa: E402

HOLDOUT_EVERY = 25
PRUNED_ORDERS = 1  # only the top order loses its rare n-grams
CORPUS_FILE = "legal_congbao_8chude.txt"


def lexicon_syllables(lexicon_dir: Path) -> tuple[set[str], set[str]]:
    """(syllables of the generated ViNLP list, syllables of the attested word lists), old-style, lowercase."""

    def norm(s: str) -> str:
        return normalize_syllable(unicodedata.normalize("NFC", s.strip().lower()))

    listed = {norm(s) for s in (lexicon_dir / "vinlp_all-vietnamese-syllables.txt").read_text("utf-8").split()}
    attested: set[str] = set()
    for name in ("underthesea_Viet74K.txt", "pyvi_words.txt"):
        for line in (lexicon_dir / name).read_text(encoding="utf-8").splitlines():
            attested.update(norm(w) for w in line.replace("-", " ").split() if w.isalpha())
    return listed, attested


def training_lines(corpus: Path) -> list[str]:
    lines = corpus.read_text(encoding="utf-8").splitlines()
    return [line for i, line in enumerate(lines) if i % HOLDOUT_EVERY != 0]


def build_inventory(corpus_dir: Path, lines: list[str]) -> tuple[list[str], Counter[str]]:
    generated = default_inventory()
    listed, attested = lexicon_syllables(corpus_dir / "lexicon")
    seen: Counter[str] = Counter()
    for line in lines:
        for run in chunk_tokens(line, generated):
            seen.update(run)
    seen.pop(UNK, None)
    corpus_words = {
        normalize_syllable(w.lower()) for line in lines[:: max(1, len(lines) // 20000)] for w in line.split()
    }
    print(f"phonotactics: {len(generated)} syllables generated; ViNLP list {len(listed)}: "
          f"{len(generated & listed)} shared, {len(listed - generated)} only in ViNLP "
          f"(e.g. {', '.join(sorted(listed - generated)[:8])}), {len(generated - listed)} only generated")
    missing = sorted((attested & listed) - generated)
    print(f"word-list syllables that phonotactics misses: {len(missing)} ({', '.join(missing[:12])})")
    odd = sorted(w for w in corpus_words if w.isalpha() and w.islower() and w not in generated)[:12]
    print(f"sample of corpus words outside the inventory (foreign words, typos): {', '.join(odd)}")
    keep = sorted(s for s in generated if seen[s] or s in attested)
    return keep, seen


_CODE_SPLIT = re.compile(r"[-/_.]")


def code_parts(lines: list[str], syllables: frozenset[str]) -> dict[str, str]:
    """Marked parts of document codes and acronyms ('LĐTBXH', 'QĐ', 'Sở' in 'GDNN-Sở'), keyed by their
    unmarked spelling, where the corpus writes them marked at least 9 times in 10."""
    forms: Counter[str] = Counter()
    for line in lines:
        for tok in line.split():
            core = tok.strip(".,;:()[]\"“”'")
            is_code = bool(_CODE_SPLIT.search(core)) and any(c.isdigit() for c in core)
            if not (is_code or (len(core) >= 2 and core.isupper())):
                continue
            for part in _CODE_SPLIT.split(core) if is_code else [core]:
                acronym = part.isupper() and normalize_syllable(part.lower()) not in syllables
                if len(part) >= 2 and part.isalpha() and part[0].isupper() and (acronym or is_code):
                    forms[part] += 1
    best: dict[str, tuple[str, int]] = {}
    plain: Counter[str] = Counter()
    for part, n in forms.items():
        key = fold(part)
        if key == part:
            plain[key] += n
        elif n > best.get(key, ("", 0))[1]:
            best[key] = (part, n)
    return {k: v for k, (v, n) in sorted(best.items()) if n >= 2 and n >= 9 * plain[k]}


def ids_of(lines: list[str], vocab: dict[str, int]) -> np.ndarray:
    """All training runs as one id array, each run wrapped in <s> ... </s>; -1 separates runs."""
    out: list[int] = []
    bos, eos, unk = vocab[BOS], vocab[EOS], vocab[UNK]
    for line in lines:
        for run in chunk_tokens(line, vocab):
            out.append(bos)
            out.extend(vocab.get(w, unk) for w in run)
            out.append(eos)
            out.append(-1)
    return np.asarray(out, dtype=np.int64)


def count_ngrams(seq: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Sorted unique packed n-gram keys and their counts; n-grams never span a run separator."""
    m = len(seq) - n + 1
    cols = [seq[j : j + m] for j in range(n)]
    valid = np.ones(m, dtype=bool)
    for c in cols:
        valid &= c >= 0
    keys = np.zeros(int(valid.sum()), dtype=np.int64)
    for c in cols:
        keys = (keys << BITS) | c[valid]
    unique, counts = np.unique(keys, return_counts=True)
    return unique, counts


def discounts(adjusted: np.ndarray) -> tuple[float, float, float]:
    n1, n2, n3, n4 = (int((adjusted == k).sum()) for k in (1, 2, 3, 4))
    y = n1 / max(1, n1 + 2 * n2)
    return (
        max(0.1, 1 - 2 * y * n2 / max(1, n1)),
        max(0.2, 2 - 3 * y * n3 / max(1, n2)),
        max(0.3, 3 - 4 * y * n4 / max(1, n3)),
    )


def kneser_ney(
    seq: np.ndarray, order: int, vocab_size: int, bos: int
) -> tuple[list[np.ndarray], list[np.ndarray], list[np.ndarray], list[np.ndarray]]:
    """Per order: keys, raw counts, ln P interpolated, ln backoff weight of the key as a context."""
    keys: list[np.ndarray] = [np.zeros(0, np.int64)]
    raw: list[np.ndarray] = [np.zeros(0, np.int64)]
    for n in range(1, order + 1):
        k, c = count_ngrams(seq, n)
        keys.append(k)
        raw.append(c)
    # Adjusted counts: raw at the top order and for n-grams that start with <s>; continuation counts below.
    adj: list[np.ndarray] = [np.zeros(0, np.int64)]
    for n in range(1, order + 1):
        if n == order:
            adj.append(raw[n].copy())
            continue
        suffix = keys[n + 1] & ((1 << (BITS * n)) - 1)
        su, sc = np.unique(suffix, return_counts=True)
        a = np.zeros(len(keys[n]), np.int64)
        a[np.searchsorted(keys[n], su)] = sc
        first = keys[n] >> (BITS * (n - 1))
        starts = first == bos
        a[starts] = raw[n][starts]
        adj.append(a)
    logp: list[np.ndarray] = [np.zeros(0)]
    bow: list[np.ndarray] = [np.zeros(0)]
    # Unigrams: continuation counts, discounted, interpolated with a uniform distribution.
    a1 = adj[1].astype(np.float64)
    d1 = discounts(adj[1])
    disc1 = np.select([adj[1] == 0, adj[1] == 1, adj[1] == 2], [0.0, d1[0], d1[1]], d1[2])
    total = a1.sum()
    mass = disc1.sum() / total
    p1 = np.maximum(a1 - disc1, 0) / total + mass / vocab_size
    logp.append(np.log(p1))
    for n in range(2, order + 1):
        k, a = keys[n], adj[n]
        d = discounts(a)
        disc = np.select([a == 0, a == 1, a == 2], [0.0, d[0], d[1]], d[2])
        ctx = k >> BITS
        uctx, start = np.unique(ctx, return_index=True)
        den = np.add.reduceat(a.astype(np.float64), start)
        gam = np.add.reduceat(disc, start) / np.maximum(den, 1e-9)
        idx = np.searchsorted(uctx, ctx)
        lower = k & ((1 << (BITS * (n - 1))) - 1)
        p_low = np.exp(logp[n - 1][np.searchsorted(keys[n - 1], lower)])
        p = np.maximum(a - disc, 0) / np.maximum(den[idx], 1e-9) + gam[idx] * p_low
        logp.append(np.log(np.maximum(p, 1e-30)))
        b = np.zeros(len(keys[n - 1]))
        b[np.searchsorted(keys[n - 1], uctx)] = np.log(np.maximum(gam, 1e-30))
        bow.append(b)
    bow.append(np.zeros(len(keys[order])))
    return keys, raw, logp, bow


def prune(
    keys: list[np.ndarray],
    raw: list[np.ndarray],
    logp: list[np.ndarray],
    bow: list[np.ndarray],
    min_count: int,
    delta: float,
) -> None:
    """Drops, from the top order down: rare n-grams of the top PRUNED_ORDERS orders, and n-grams whose ln P
    the backoff estimate (context's backoff weight + the shorter n-gram's ln P) gives within `delta`; every
    context that a kept n-gram needs stays."""
    order = len(keys) - 1
    needed: np.ndarray | None = None
    for n in range(order, 1, -1):
        ctx = np.searchsorted(keys[n - 1], keys[n] >> BITS)
        low = np.searchsorted(keys[n - 1], keys[n] & ((1 << (BITS * (n - 1))) - 1))
        estimate = bow[n - 1][ctx] + logp[n - 1][low]
        keep = np.abs(logp[n] - estimate) >= delta
        if n > order - PRUNED_ORDERS:
            keep &= raw[n] >= min_count
        if needed is not None:
            keep |= np.isin(keys[n], needed)
        keys[n], raw[n], logp[n], bow[n] = keys[n][keep], raw[n][keep], logp[n][keep], bow[n][keep]
        needed = keys[n] >> BITS


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=None, help="default: ../shared/corpus or $CCHC_SHARED/corpus")
    parser.add_argument("--out", type=Path, default=ROOT / "cchc_extract" / "data" / "ngram_model.npz")
    parser.add_argument("--order", type=int, default=4)
    parser.add_argument("--min-count", type=int, default=2)
    parser.add_argument("--delta", type=float, default=1.0, help="ln units; see prune()")
    args = parser.parse_args()
    args.corpus = args.corpus or shared_dir("corpus")
    lines = training_lines(args.corpus / CORPUS_FILE)
    syllables, seen = build_inventory(args.corpus, lines)
    words = [NONE, BOS, EOS, UNK, *syllables]  # id 0 is no word: packed keys of every order stay distinct
    assert len(words) < (1 << BITS)
    vocab = {w: i for i, w in enumerate(words)}
    seq = ids_of(lines, vocab)
    print(f"training: {len(lines)} paragraphs, {int((seq >= 0).sum())} tokens, vocabulary {len(words)}")
    keys, raw, logp, bow = kneser_ney(seq, args.order, len(words), vocab[BOS])
    prune(keys, raw, logp, bow, args.min_count, args.delta)
    arrays: dict[str, np.ndarray] = {
        "vocab": np.array("\n".join(words)),
        "counts": np.array([seen.get(w, 0) for w in words], dtype=np.int32),
        "order": np.array(args.order),
        "unk_logp": np.array(float(logp[1].min()) - 2.0),
        "code_parts": np.array(json.dumps(code_parts(lines, default_inventory()), ensure_ascii=False)),
    }
    for n in range(1, args.order + 1):
        arrays[f"keys{n}"] = keys[n]
        arrays[f"logp{n}"] = logp[n].astype(np.float16)
        if n < args.order:
            arrays[f"bow{n}"] = bow[n].astype(np.float16)
        print(f"  order {n}: {len(keys[n]):,} n-grams")
    buf = io.BytesIO()
    np.savez_compressed(buf, **arrays)  # type: ignore[arg-type]
    tmp = args.out.with_suffix(".tmp")
    tmp.write_bytes(buf.getvalue())
    tmp.replace(args.out)
    print(f"  code parts with marks: {len(json.loads(str(arrays['code_parts'])))}")
    print(f"wrote {args.out}: {args.out.stat().st_size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
