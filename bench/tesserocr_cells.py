"""Reads cell images with one resident tesserocr API object (psm 6 per cell), in the peers venv where tesserocr
is installed; prints JSON {name: text} and the CPU seconds to stderr. Run by bench/bench_cell_ocr.py."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

TESSDATA = "/usr/share/tesseract-ocr/5/tessdata/"


def main() -> None:
    import tesserocr
    from PIL import Image

    folder = Path(sys.argv[1])
    out: dict[str, str] = {}
    t0 = time.process_time()
    with tesserocr.PyTessBaseAPI(path=TESSDATA, lang="vie", psm=tesserocr.PSM.SINGLE_BLOCK) as api:
        for png in sorted(folder.glob("*.png")):
            api.SetImage(Image.open(png))
            out[png.stem] = api.GetUTF8Text().strip()
    print(f"{time.process_time() - t0:.2f}", file=sys.stderr)
    json.dump(out, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
