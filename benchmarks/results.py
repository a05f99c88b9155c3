"""The results table: its rows, the machine details above it, and its Markdown rendering."""

from __future__ import annotations

import datetime as _dt
import hashlib
import importlib.metadata as md
import os
import platform
import subprocess
import sys
from dataclasses import dataclass, field

from benchmarks.config import REPO, SOURCE_TEXT, SRC

STATUSES = ("PASS", "MISS", "FAIL", "skipped")


@dataclass(frozen=True)
class Row:
    """One line of the table; ``status`` is PASS, MISS, info, skipped or FAIL."""

    measure: str
    size: str
    result: str
    target: str
    status: str


@dataclass
class Table:
    """The rows and notes gathered during a run, printed as they come."""

    rows: list[Row] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def add(self, measure: str, size: str | int, result: str, target: str = "—", status: str = "info") -> None:
        row = Row(measure, f"{size:,}" if isinstance(size, int) else size, result, target, status)
        self.rows.append(row)
        print(f"  {row.measure} [{row.size}]: {row.result}  ({row.target}: {row.status})", flush=True)

    def note(self, text: str) -> None:
        self.notes.append(text)

    def missed(self) -> bool:
        return any(r.status in ("MISS", "FAIL") for r in self.rows)


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def fmt_s(seconds: float) -> str:
    return f"{seconds:.3f} s" if seconds < 10 else f"{seconds:.1f} s"


def fmt_bytes(n: float) -> str:
    return f"{n / 2**20:,.0f} MiB"


def fmt_rate(count: int, seconds: float, unit: str) -> str:
    return f"{count / seconds:,.0f} {unit}/s ({count:,} in {fmt_s(seconds)})" if seconds > 0 else "n/a"


def load_average() -> str:
    return ", ".join(f"{v:.2f}" for v in os.getloadavg()) if hasattr(os, "getloadavg") else "n/a"


def code_digest() -> str:
    """A short hash of every ``src/analysis`` module, so two tables of different code differ."""
    digest = hashlib.sha256()
    package = SRC / "analysis"
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]


def machine_info() -> list[tuple[str, str]]:
    """``(name, value)`` pairs: CPUs, memory, platform, load, Python, libraries, code and commit."""
    info = []
    cpu_model = ""
    try:
        with open("/proc/cpuinfo") as fh:
            cpu_model = next((line.split(":", 1)[1].strip() for line in fh if line.startswith("model name")), "")
    except OSError:
        pass
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    info.append(("CPUs", f"{os.cpu_count()} (usable by this process: {usable})" + (f", {cpu_model}" if cpu_model else "")))
    try:
        with open("/proc/meminfo") as fh:
            total_kb = int(next(line for line in fh if line.startswith("MemTotal:")).split()[1])
        info.append(("memory", f"{total_kb / 2**20:.1f} GiB"))
    except (OSError, StopIteration):
        pass
    info.append(("platform", platform.platform()))
    if hasattr(os, "getloadavg"):
        info.append(("load average at start (1, 5, 15 min)", load_average()))
    info.append(("Python", f"{platform.python_version()} ({platform.python_implementation()}), {sys.executable}"))
    versions = []
    for dist in ("pandas", "numpy", "scikit-learn", "pyarrow", "ahocorasick-rs", "spacy", "pyahocorasick"):  # + the peers
        try:
            versions.append(f"{dist} {md.version(dist)}")
        except md.PackageNotFoundError:
            pass
    info.append(("libraries", ", ".join(versions)))
    info.append(("code measured", f"src/analysis/**/*.py sha256 {code_digest()}"))
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                                cwd=REPO, timeout=30).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], capture_output=True,
                               text=True, cwd=REPO, timeout=30).stdout.strip()
        if commit:
            info.append(("commit", commit + (" (with uncommitted changes)" if dirty else "")))
    except (OSError, subprocess.SubprocessError):
        pass
    return info


def render(table: Table, started: _dt.datetime, elapsed: float, sizes: list[int],
           info: list[tuple[str, str]]) -> str:
    """The Markdown results file: header, machine details, notes, the table and a summary."""
    def cell(text: str) -> str:
        return text.replace("|", "\\|").replace("\n", " ")

    lines = [
        "# Benchmark results",
        "",
        f"Run on {started.strftime('%Y-%m-%d %H:%M UTC')} by `benchmarks/run.py` "
        f"(sizes {', '.join(f'{s:,}' for s in sizes)}; took {elapsed:.0f} s).",
        "",
        "**The scaled corpus is a synthetic scale test:** N byte copies of the one shipped resolution "
        f"(`{SOURCE_TEXT.relative_to(REPO).as_posix()}`, 27 operative paragraphs each), not N different resolutions.",
        "",
    ]
    lines.extend(f"- {name}: {value}" for name, value in info)
    if table.notes:
        lines.append("")
        lines.extend(f"- {note}" for note in table.notes)
    lines += ["", "| Measure | Size (documents) | Result | Target | Status |", "|---|---:|---|---|---|"]
    for r in table.rows:
        status = f"**{r.status}**" if r.status in ("MISS", "FAIL") else r.status
        lines.append(f"| {cell(r.measure)} | {cell(r.size)} | {cell(r.result)} | {cell(r.target)} | {status} |")
    counts = {s: sum(r.status == s for r in table.rows) for s in STATUSES}
    lines += ["", "Summary: " + ", ".join(f"{v} {k}" for k, v in counts.items()) + "."]
    return "\n".join(lines) + "\n"


README_START = "<!-- performance table: generated by benchmarks/run.py from benchmarks/results.md; do not edit -->"
README_END = "<!-- end of the performance table -->"


def readme_with_table(readme: str, table: Table, info: list[tuple[str, str]]) -> str:
    """``readme`` with the text between the performance-table markers replaced by the rows of
    ``table`` that have a target (the same run as ``benchmarks/results.md``)."""
    if README_START not in readme or README_END not in readme:
        raise ValueError("README.md has no performance table markers")
    details = dict(info)
    keep = ("CPUs", "Python", "load average at start (1, 5, 15 min)", "load average at end (1, 5, 15 min)", "commit")
    lines = [README_START, ""]
    lines += [f"- {name}: {details[name]}" for name in keep if name in details]
    lines += ["", "| measure | size | result | target | status |", "|---|---:|---|---|---|"]
    for r in table.rows:  # with a target: judged, or shown beside a judged one (another peer, a growth too short)
        if r.status in ("PASS", "MISS", "FAIL", "skipped") or r.target != "—":
            cells = [c.replace("|", "\\|") for c in (r.measure, r.size, r.result, r.target)]
            lines.append(f"| {' | '.join(cells)} | {r.status} |")
    lines += ["", README_END]
    head, rest = readme.split(README_START, 1)
    return head + "\n".join(lines) + rest.split(README_END, 1)[1]
