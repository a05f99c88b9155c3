"""Where the benchmark reads and writes, and the targets of the performance issue.

Importing this module puts ``src/`` on ``sys.path``, so the benchmark measures the working
tree's ``analysis`` package even without an editable install.
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SRC = REPO / "src"
SOURCE_TEXT = REPO / "data" / "raw" / "TA-9-2021-0056_BG.txt"
DEFAULT_OUTPUT = REPO / "benchmarks" / "results.md"

TARGET_IMPORT_S = 0.5
TARGET_CLASSIFY_SIZE = 1000           # the wall/memory targets are stated for 1,000 copies
TARGET_CLASSIFY_WALL_S = 15.0
TARGET_CLASSIFY_PEAK_BYTES = 1 << 30  # 1 GiB
TARGET_THEMES_S = 5.0
TARGET_NOTEBOOK_S = 30.0
LINEAR_EXPONENT_MAX = 1.15            # growth t2/t1 = (n2/n1)**k; k = 1 is linear

if str(SRC) not in sys.path:
    sys.path.insert(0, str(SRC))
