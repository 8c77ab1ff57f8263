"""Speed of run-together table decoding (issue 13's target: at most 0.2 s per page on one core): the rows of every
appendix the text source reads, in the corpus's text forms and the seeds, timed apart from ingest and restoration.

For each text (the English- and Vietnamese-model OCR and the stripped text of every corpus document, dev and
held-out alike: only time is measured here, nothing is scored; and the seeds), the lines are restored and the
sections split once, untimed; then `TextSource.read` (header, outline decoding of the row numbers with
posteriors, cells) is timed over the appendix's pages.

Run: python bench/bench_textrows.py [--forms ocr-eng ocr-vie stripped]   (make corpus first)
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cchc_extract.ingest import DEFAULT_LIMITS, ingest  # noqa: E402
from cchc_extract.pipeline import pages_to_lines, restore_pages  # noqa: E402
from cchc_extract.restore import default_restorer  # noqa: E402
from cchc_extract.structure import split_sections  # noqa: E402
from cchc_extract.tables.base import TableInput  # noqa: E402
from cchc_extract.tables.textrows import TextSource  # noqa: E402
from cchc_extract.wordgrid import find_unruled_tables  # noqa: E402

CORPUS = ROOT / "build" / "corpus"
SEEDS = ROOT / "samples" / "seeds"


def time_one(path: Path) -> tuple[int, int, float] | None:
    """(appendix pages, rows, seconds of TextSource.read) for one text, or None when it has no run-together table."""
    doc = ingest(path, "never", DEFAULT_LIMITS)
    pages = restore_pages(find_unruled_tables(doc.pages), default_restorer())
    lines = pages_to_lines(pages)
    appendix = next((s for s in split_sections(lines) if s.section.kind == "appendix"), None)
    if appendix is None:
        return None
    given = TableInput(pages, lines, appendix)
    start = time.process_time()
    found = TextSource().read(given)
    spent = time.process_time() - start
    if found is None:
        return None
    span = lines[appendix.start : appendix.end]
    return len({ln.page for ln in span}), len(found.rows), spent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--forms", nargs="*", default=["ocr-eng", "ocr-vie", "stripped"])
    args = parser.parse_args()
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    paths = sorted(SEEDS.glob("*.txt")) + [
        d / f"{form}.txt" for d in sorted(CORPUS.iterdir()) if d.is_dir() for form in args.forms
    ]
    pages = rows = 0
    seconds = 0.0
    worst = (0.0, "")
    for path in paths:
        got = time_one(path)
        if got is None:
            continue
        n_pages, n_rows, spent = got
        pages, rows, seconds = pages + n_pages, rows + n_rows, seconds + spent
        worst = max(worst, (spent / max(1, n_pages), str(path.relative_to(ROOT))))
    print(f"{pages} appendix pages, {rows} rows: {seconds:.2f} s CPU, {seconds / max(1, pages):.3f} s per page")
    print(f"slowest: {worst[0]:.3f} s per page ({worst[1]})")


if __name__ == "__main__":
    main()
