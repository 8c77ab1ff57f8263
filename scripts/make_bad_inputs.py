"""Generates the corpus of bad inputs that real folders of plans contain (all small; the large images compress
to a few kB), each with the exit code and status the CLI must give: tests/test_bad_inputs.py checks them, and
`python scripts/make_bad_inputs.py --report` prints the table of messages and exit codes from the real CLI.

Run: python scripts/make_bad_inputs.py --out DIR [--report]
"""

from __future__ import annotations

import argparse
import io
import json
import random
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# name -> (what it is, expected exit code)
CASES: dict[str, tuple[str, int]] = {
    "empty.pdf": ("empty file", 6),
    "zero_pages.pdf": ("PDF with no pages", 6),
    "truncated.pdf": ("truncated download (first 3 kB of a PDF)", 7),
    "random_bytes.pdf": ("random bytes named .pdf", 5),
    "encrypted_user_password.pdf": ("encrypted PDF with a user password", 8),
    "encrypted_owner_only.pdf": ("encrypted PDF, owner password only (opens without one)", 0),
    "garbage_text_layer.pdf": ("PDF whose text layer is garbage (falls back to OCR)", 0),
    "bomb.png": ("decompression-bomb PNG (200 megapixels of white)", 13),
    "huge_100mp.png": ("100-megapixel image", 13),
    "word_renamed.pdf": (".docx renamed .pdf", 5),
    "windows_1258.txt": ("plan text in Windows-1258 (decoded)", 0),
    "tcvn3.txt": ("plan text in TCVN3 (not decodable: says so)", 5),
    "not_a_plan.txt": ("a Vietnamese text that is not a plan (warning, no tasks)", 0),
    "english.pdf": ("an English PDF (warning, no tasks)", 0),
    "no_appendix.txt": ("a plan without appendix (body tasks only)", 0),
}


def _pdf(text_lines: list[str], font: str = "Helvetica") -> bytes:
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, invariant=1)
    y = 800
    for line in text_lines:
        c.setFont(font, 11)
        c.drawString(50, y, line)
        y -= 16
    c.save()
    return buf.getvalue()


def to_cp1258(text: str) -> bytes:
    """Windows-1258 as Vietnamese files use it: precomposed ô, ư, ă... with the tone as a combining mark."""
    import unicodedata

    tones = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
    out = []
    for ch in text:
        parts = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones))
        out.append(base + "".join(c for c in parts if c in tones))
    return "".join(out).encode("cp1258", errors="replace")


def make(out: Path) -> None:
    """Write every case of CASES into out."""
    from PIL import Image
    from pypdf import PdfReader, PdfWriter

    from samples.make_samples import _register_fonts

    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(7)
    sample = (ROOT / "samples/pdf/plan_a_digital.pdf").read_bytes()
    seed_text = next((ROOT / "samples/seeds").glob("003_*.txt")).read_text(encoding="utf-8")
    (out / "empty.pdf").write_bytes(b"")
    writer = PdfWriter()
    buf = io.BytesIO()
    writer.write(buf)
    (out / "zero_pages.pdf").write_bytes(buf.getvalue())
    (out / "truncated.pdf").write_bytes(sample[:3000])
    (out / "random_bytes.pdf").write_bytes(bytes(rng.randrange(256) for _ in range(4096)))
    for name, user in (("encrypted_user_password.pdf", "secret"), ("encrypted_owner_only.pdf", "")):
        enc = PdfWriter(clone_from=PdfReader(io.BytesIO(sample)))
        enc.encrypt(user_password=user, owner_password="owner", algorithm="AES-128")
        buf = io.BytesIO()
        enc.write(buf)
        (out / name).write_bytes(buf.getvalue())
    garbage = ["".join(rng.choice("qwxzjf#@%&") for _ in range(60)) for _ in range(30)]
    (out / "garbage_text_layer.pdf").write_bytes(_pdf(garbage))
    for name, size in (("bomb.png", (20000, 10000)), ("huge_100mp.png", (10000, 10000))):
        Image.new("1", size, 1).save(out / name, optimize=True)
    (out / "word_renamed.pdf").write_bytes(b"PK\x03\x04\x14\x00\x06\x00" + b"[Content_Types].xml" + bytes(200))
    plan_head = seed_text[:6000]
    (out / "windows_1258.txt").write_bytes(to_cp1258(plan_head))
    (out / "tcvn3.txt").write_bytes(bytes(min(255, ord(c)) if ord(c) < 128 else 0xB5 + ord(c) % 60 for c in plan_head))
    (out / "not_a_plan.txt").write_text(
        "Hôm nay trời đẹp. Chúng tôi đi chợ mua rau, cá và trái cây cho cả nhà.\n" * 20, encoding="utf-8")
    _register_fonts()
    (out / "english.pdf").write_bytes(_pdf(["Annual report of the Water Board", "1. Introduction",
                                            "The board met twelve times this year."] * 10, font="VN"))
    body = seed_text.split("PHỤ LỤC")[0] if "PHỤ LỤC" in seed_text else seed_text[: len(seed_text) // 2]
    (out / "no_appendix.txt").write_text(body, encoding="utf-8")


def report(out: Path) -> list[dict[str, object]]:
    """Run the real CLI on every case: exit code and the first stderr line."""
    rows = []
    for name, (what, want) in CASES.items():
        done = subprocess.run([sys.executable, "-m", "cchc_extract", str(out / name), "-o", str(out / f"{name}.json")],
                              capture_output=True, text=True, timeout=600)
        lines = [ln for ln in done.stderr.splitlines() if ln.strip()]
        warnings = []
        if done.returncode == 0:
            plan = json.loads((out / f"{name}.json").read_text(encoding="utf-8"))
            warnings = [w["code"] for w in plan["warnings"]]
        rows.append({"file": name, "what": what, "exit": done.returncode, "expected": want,
                     "stderr": lines[-1] if lines else "", "traceback": "Traceback" in done.stderr,
                     "warnings": warnings})
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--report", action="store_true", help="run the CLI on each and print a table")
    args = parser.parse_args()
    make(args.out)
    if args.report:
        print("| input | exit (expected) | stderr, last line | warnings |\n| --- | --- | --- | --- |")
        for r in report(args.out):
            print(f"| {r['what']} | {r['exit']} ({r['expected']}) | {r['stderr'] or '-'}"
                  f"{' TRACEBACK' if r['traceback'] else ''} | {', '.join(r['warnings']) or '-'} |")  # type: ignore[arg-type]


if __name__ == "__main__":
    main()
