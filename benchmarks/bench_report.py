"""The main job: time and peak memory of ``framing report`` on UNGDC.

Run: python benchmarks/bench_report.py

Runs, each in a fresh process, ``framing report ungdc --sample 1500`` (the
quick run) and the full report of all 10,952 statements, and prints wall
seconds, CPU seconds and the peak memory (max RSS) of each, with the
seconds of every report stage as the command printed them.
"""

from __future__ import annotations

import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RUNS = [
    ("framing report ungdc --sample 1500", ["ungdc", "--sample", "1500"]),
    ("framing report ungdc (all 10,952 statements)", ["ungdc"]),
]


def run(args: list[str], out: Path) -> tuple[float, float, float, str]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "framing", "report", *args, "--out", str(out), "--no-progress"],
        capture_output=True,
        text=True,
        check=True,
    )
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    stages = re.search(r"stages: (.*?); total", proc.stdout)
    return wall, cpu, after.ru_maxrss / 1024, stages.group(1) if stages else ""


def main() -> None:
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for i, (name, args) in enumerate(RUNS):
            rows.append((name, *run(args, Path(tmp) / f"r{i}")))
    print(f"\n2 cores, load average {os.getloadavg()[0]:.1f} at the end\n")
    print("| run | wall seconds | CPU seconds | peak memory (max RSS, MB) | stages (seconds) |")
    print("|---|---:|---:|---:|---|")
    for name, wall, cpu, rss, stages in rows:
        print(f"| {name} | {wall:.1f} | {cpu:.1f} | {rss:.0f} | {stages} |")
    print("\nPeak memory is the largest of the runs so far (RUSAGE_CHILDREN keeps the maximum).")


if __name__ == "__main__":
    main()
