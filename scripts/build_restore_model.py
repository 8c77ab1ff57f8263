"""Builds the diacritics model shipped in cchc_extract/data from ../shared/corpus (derived counts only).

Output: restore_model.json.gz with the syllable inventory (with corpus counts) and syllable bigram counts.
Every HOLDOUT_EVERY-th corpus paragraph is held out of training; bench/bench_restore.py scores on it.
Run: python scripts/build_restore_model.py [--corpus DIR] [--out FILE]
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cchc_extract.vietnamese import fold_lower, normalize_syllable  # noqa: E402

HOLDOUT_EVERY = 25
MIN_BIGRAM = 2
_CHUNK = re.compile(r"[^\W\d_]+(?:\s+[^\W\d_]+)*", re.UNICODE)
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def load_inventory(lexicon_dir: Path) -> tuple[set[str], set[str]]:
    """Every syllable the lexicons know, old-style tone placement, lowercase."""
    generated = {
        normalize_syllable(unicodedata.normalize("NFC", s.strip().lower()))
        for s in (lexicon_dir / "vinlp_all-vietnamese-syllables.txt").read_text(encoding="utf-8").split()
    }
    attested: set[str] = set()
    for name in ("underthesea_Viet74K.txt", "pyvi_words.txt"):
        for line in (lexicon_dir / name).read_text(encoding="utf-8").splitlines():
            for w in line.lower().replace("-", " ").split():
                attested.add(normalize_syllable(unicodedata.normalize("NFC", w)))
    # The generator is over-complete and the word lists carry acronyms (UBND): keep generated syllables
    # that a word list attests; build() adds generated ones the corpus attests.
    return {s for s in generated if _WORD.fullmatch(s)}, attested


def training_lines(corpus: Path) -> list[str]:
    lines = corpus.read_text(encoding="utf-8").splitlines()
    return [line for i, line in enumerate(lines) if i % HOLDOUT_EVERY != 0]


def build(corpus_dir: Path) -> dict[str, object]:
    generated, attested = load_inventory(corpus_dir / "lexicon")
    inventory = generated
    unigrams: Counter[str] = Counter()
    bigrams: Counter[str] = Counter()
    for line in training_lines(corpus_dir / "legal_congbao_8chude.txt"):
        for chunk in _CHUNK.findall(unicodedata.normalize("NFC", line)):
            prev = "<s>"
            for raw in chunk.split():
                low = raw.lower()
                syl = normalize_syllable(low) if len(raw) < 2 or not raw.isupper() else "<x>"
                if syl not in inventory:
                    syl = "<x>"  # acronyms and foreign words: a boundary for the bigram model
                else:
                    unigrams[syl] += 1
                bigrams[f"{prev} {syl}"] += 1
                prev = syl
            bigrams[f"{prev} </s>"] += 1
    # Keep every inventory syllable that is attested or plausible; unattested ones get count 0.
    syllables = {s: unigrams.get(s, 0) for s in sorted(inventory) if unigrams.get(s, 0) or s in attested}
    kept = {k: v for k, v in bigrams.items() if v >= MIN_BIGRAM}
    return {
        "version": 1,
        "holdout_every": HOLDOUT_EVERY,
        "total": sum(unigrams.values()),
        "syllables": syllables,
        "bigrams": dict(sorted(kept.items())),
        "folded_keys": len({fold_lower(s) for s in syllables}),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--out", type=Path, default=ROOT / "cchc_extract" / "data" / "restore_model.json.gz")
    args = parser.parse_args()
    model = build(args.corpus)
    tmp = args.out.with_suffix(".tmp")
    with gzip.open(tmp, "wt", encoding="utf-8", compresslevel=9) as f:
        json.dump(model, f, ensure_ascii=False, separators=(",", ":"))
    tmp.replace(args.out)
    n_syl = len(model["syllables"])  # type: ignore[arg-type]
    n_bi = len(model["bigrams"])  # type: ignore[arg-type]
    print(f"wrote {args.out}: {n_syl} syllables, {n_bi} bigrams, {args.out.stat().st_size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
