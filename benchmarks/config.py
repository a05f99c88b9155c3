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
README = REPO / "README.md"

TARGET_IMPORT_S = 0.1                 # `import analysis` (#12)
TARGET_HELP_S = 0.2                   # `python -m analysis --help`, beyond the bare interpreter (#12)
TARGET_CLASSIFY_SIZE = 1000           # the wall/memory targets are stated for 1,000 copies
TARGET_CLASSIFY_WALL_S = 15.0
TARGET_FLOOR_RATIO = {1000: 2.5, 100: 4.0}  # classify wall / floor wall, same run (#12)
TARGET_CLASSIFY_PEAK_BYTES = 500 << 20  # 500 MiB (#12)
GROWTH_SIZES = (250, 500, 1000, 2000)  # copies for the fitted growth exponent of the classify command
GROWTH_EXPONENT = (0.9, 1.1)          # linear growth (#12)
TARGET_PARSE_RATE = 1000.0            # documents per second per core (#12)
ISSUE_FLOOR_S = 1.12                  # the floor for 1,000 copies in #12's figures, where the targets were set
TARGET_WORKERS_GAIN = 1.6             # two workers vs one, or the default is one worker (#12)
TARGET_THEME_SPEEDUP = 4.0            # theme dictionary, before/after (#12)
TARGET_SCAN_RATIO = 1.0               # verb phrase scan time / peer scan time (#12)
TARGET_FIND_RATIO = 2.0               # full verb analysis time / peer scan time (#12)
TARGET_THEMES_S = 5.0
TARGET_NOTEBOOK_S = 30.0
LINEAR_EXPONENT_MAX = 1.15            # growth t2/t1 = (n2/n1)**k; k = 1 is linear

if str(SRC) not in sys.path:
    sys.path.insert(0, str(SRC))
