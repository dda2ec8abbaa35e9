"""Run every benchmark in bench/ (each prints medians and ratios against its named baseline)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

if __name__ == "__main__":
    here = Path(__file__).parent
    scripts = sorted(p for p in here.glob("*_bench.py"))
    failed = 0
    for script in scripts:
        print(f"\n=== {script.name} ===", flush=True)
        failed += subprocess.run([sys.executable, str(script), *sys.argv[1:]], check=False).returncode != 0
    sys.exit(1 if failed else 0)
