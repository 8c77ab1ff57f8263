"""Builds the OCR channel model P(OCR string | syllable) shipped in cchc_extract/data/channel_model.json.gz.

Input: build/channel/pairs.tsv from scripts/make_channel_data.py (corpus text rendered, damaged and read by
Tesseract's English model). Learned: per Vietnamese letter, what OCR writes for it (a string of 0-3
characters, aligned by rapidfuzz edit operations), whole-token confusions seen in the data, and how often
OCR glues two words. Then, with --self-train, a pass over the seeds' OCR (not the dev seed 000): tokens the
model restores with high confidence are added to the token table.
Run: python scripts/build_channel_model.py [--pairs build/channel/pairs.tsv] [--self-train SEED ...]
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cchc_extract.channel import emissions, ocr_split  # noqa: E402
from cchc_extract.ngram import NgramModel, split_token  # noqa: E402
from cchc_extract.patterns import load_pattern_file  # noqa: E402
from cchc_extract.vietnamese import normalize_syllable  # noqa: E402


def read_pairs(path: Path, vocab: dict[str, int], mark_symbols: str) -> tuple[Counter[tuple[str, str]], int, int]:
    """(syllable, OCR core) counts of one-to-one pairs; number of two-word groups OCR glued; one-word pairs."""
    pairs: Counter[tuple[str, str]] = Counter()
    glued = single = 0
    for row in path.read_text(encoding="utf-8").splitlines():
        src, _, ocr = row.partition("\t")
        s_words, o_words = src.split(), ocr.split()
        if len(s_words) == 2 and len(o_words) == 1:
            glued += 1
        if len(s_words) != 1 or len(o_words) > 1:
            continue
        single += 1
        core = split_token(s_words[0])[1]
        syl = normalize_syllable(core.lower())
        if syl not in vocab or not core.isalpha():
            continue
        o_core = ocr_split(o_words[0], mark_symbols)[1].lower() if o_words else ""
        pairs[(syl, o_core)] += 1
    return pairs, glued, single


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=Path, default=ROOT / "build" / "channel" / "pairs.tsv")
    parser.add_argument("--out", type=Path, default=ROOT / "cchc_extract" / "data" / "channel_model.json.gz")
    parser.add_argument("--self-train", type=Path, nargs="*", default=[])
    parser.add_argument("--min-pair", type=int, default=1)
    args = parser.parse_args()
    lm = NgramModel()
    mark_symbols = load_pattern_file("ocr_confusions")["mark_symbols"]
    pairs, glued, single = read_pairs(args.pairs, lm.ids, mark_symbols)
    emit: dict[str, Counter[str]] = defaultdict(Counter)
    seen: Counter[str] = Counter()
    for (syl, ocr), n in pairs.items():
        seen[syl] += n
        for letter, seg in emissions(syl, ocr):
            emit[letter][seg] += n
    table = {f"{s}\t{o}": n for (s, o), n in pairs.items() if n >= args.min_pair}
    model: dict[str, object] = {
        "version": 1,
        "emissions": {a: dict(c.most_common()) for a, c in sorted(emit.items())},
        "seen": dict(seen),
        "table": table,
        "glue_rate": glued / max(1, single),
    }
    if args.self_train:
        write(model, args.out)
        added = self_train(args.self_train)
        for key, n in added.items():
            table[key] = table.get(key, 0) + n
            seen[key.split("\t")[0]] += n
        model["seen"] = dict(seen)
        print(f"self-training: {sum(added.values())} confident tokens from {len(args.self_train)} files")
    write(model, args.out)
    print(f"{sum(pairs.values())} one-to-one pairs, {len(seen)} syllables, {len(table)} token confusions, "
          f"glue rate {model['glue_rate']:.3f}; wrote {args.out} ({args.out.stat().st_size / 1e3:.0f} kB)")


def self_train(files: list[Path], threshold: float = 0.95) -> Counter[str]:
    """Token confusions from the restorer's own confident output on real OCR text."""
    from cchc_extract.restore import Restorer  # loads the channel model written so far

    restorer = Restorer()
    added: Counter[str] = Counter()
    for path in files:
        lines = path.read_text(encoding="utf-8").splitlines()
        for out in restorer.restore_lines(lines):
            for w in out.words:
                word, raw = w.text.lower(), w.raw.lower()
                # Syllables only (no splits), and no lone letters: too ambiguous to teach the channel anything.
                if w.confidence >= threshold and word in restorer.vocab and len(raw) > 1:
                    added[f"{word}\t{raw}"] += 1
    return added


def write(model: dict[str, object], out: Path) -> None:
    tmp = out.with_suffix(".tmp")
    text = json.dumps(model, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")
    tmp.write_bytes(gzip.compress(text, compresslevel=9, mtime=0))  # the same model, the same bytes
    tmp.replace(out)


if __name__ == "__main__":
    main()
