"""Runs the property tests of tests/test_fuzz.py long (CCHC_FUZZ_EXAMPLES per test, default 2000) and prints
hypothesis' statistics: cases run, time, and any failure. Run: python scripts/fuzz.py [--examples N]"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=2000)
    args = parser.parse_args()
    env = {**os.environ, "CCHC_FUZZ_EXAMPLES": str(args.examples)}
    t0 = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_fuzz.py",
                           "--hypothesis-show-statistics"], cwd=ROOT, env=env, capture_output=True, text=True)
    keep = ("tests/test_fuzz.py::", "passing examples", "failing examples", "Typical runtimes", "Stopped because",
            "passed", "failed", "Error")
    for line in done.stdout.splitlines():
        if any(k in line for k in keep):
            print(line.strip())
    print(f"total {time.perf_counter() - t0:.0f} s, exit {done.returncode}")
    sys.exit(done.returncode)


if __name__ == "__main__":
    main()
