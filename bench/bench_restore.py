"""Restore benchmark: syllable accuracy on real OCR (../shared/dev/000.restore.tsv) and on held-out corpus
text with marks stripped; speed (syllables/s, one process, warm), model load time and peak memory."""

from __future__ import annotations

import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cchc_extract.restore import Restorer  # noqa: E402
from cchc_extract.vietnamese import fold, normalize_text  # noqa: E402


def score(r: Restorer, pairs: list[tuple[str, str]]) -> tuple[float, int, float]:
    ok = total = 0
    t0 = time.perf_counter()
    for src, gold in pairs:
        out = r.restore_line(src).text.split()
        ref = normalize_text(gold).split()
        total += len(ref)
        ok += sum(a == b for a, b in zip(out, ref, strict=False))
    secs = time.perf_counter() - t0
    return ok / max(1, total), total, total / secs


def main() -> None:
    t0 = time.perf_counter()
    r = Restorer()
    load = time.perf_counter() - t0
    dev = [
        tuple(line.split("\t", 1))
        for line in (ROOT.parent / "shared/dev/000.restore.tsv").read_text("utf-8").splitlines()
    ]
    r.restore_line("khởi động")
    acc, n, _ = score(r, dev)  # type: ignore[arg-type]
    print(f"real OCR (000.restore.tsv): {acc:.1%} of {n} syllables")
    corpus = (ROOT.parent / "shared/corpus/legal_congbao_8chude.txt").read_text("utf-8").splitlines()
    held = [corpus[i] for i in range(0, len(corpus), 25)][:400]  # the lines the model build held out
    acc2, n2, speed = score(r, [(fold(line), line) for line in held])
    print(f"stripped held-out corpus: {acc2:.1%} of {n2} syllables")
    print(
        f"speed: {speed:,.0f} syllables/s (cold cache, one process); load {load:.2f} s; "
        f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB"
    )


if __name__ == "__main__":
    main()
