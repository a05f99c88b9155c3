"""Run a command from a small process and report its own peak memory and CPU time (#12).

On Linux a child's ``ru_maxrss`` starts at the peak resident size of the process it was spawned
from (``exec`` keeps the larger of the two), so a command started straight from the benchmark,
which has grown to hundreds of MiB by its in-process steps, reported that size even for one copy.
Started from this small process instead, the command's ``ru_maxrss`` is its own.

Usage: ``python benchmarks/launch.py REPORT -- COMMAND...``: runs COMMAND (standard streams
inherited), writes ``maxrss_bytes utime stime wall`` to REPORT, exits with COMMAND's status.
Only the standard library, so that this process stays small.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time


def main(argv: list[str]) -> int:
    report, separator, *command = argv
    if separator != "--" or not command:
        print("usage: launch.py REPORT -- COMMAND...", file=sys.stderr)
        return 2
    start = time.perf_counter()
    proc = subprocess.Popen(command)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    scale = 1 if sys.platform == "darwin" else 1024  # ru_maxrss is in KiB on Linux
    with open(report, "w", encoding="utf-8") as handle:
        handle.write(f"{usage.ru_maxrss * scale} {usage.ru_utime} {usage.ru_stime} {wall}\n")
    return os.waitstatus_to_exitcode(status)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
