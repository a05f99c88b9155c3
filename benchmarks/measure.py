"""How the benchmark measures: timers, a process-tree memory sampler, machine-busy accounting.

Every timing also says how much CPU *other* processes of the machine used meanwhile (from
``/proc/stat``), so a slow row on a shared machine can be told from slow code.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import resource
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from benchmarks.config import REPO, SRC

from analysis.collector import paused  # noqa: E402  (benchmarks.config puts src/ on sys.path)

if TYPE_CHECKING:
    from benchmarks.results import Table

T = TypeVar("T")
K = TypeVar("K", bound=Hashable)
IN_PROCESS_REPEATS = 3


#: Where measured subprocesses keep their bytecode while :func:`bytecode_cache` lasts.
_PYCACHE: Path | None = None


def child_env() -> dict[str, str]:
    """The environment of measured subprocesses: this checkout's ``src`` first on PYTHONPATH; within
    :func:`bytecode_cache`, their bytecode kept in its folder."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(SRC)] + ([env["PYTHONPATH"]] if env.get("PYTHONPATH") else []))
    env.setdefault("MPLBACKEND", "Agg")
    env.setdefault("PYTHONHASHSEED", "0")
    if _PYCACHE is not None:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(_PYCACHE)
    return env


@contextlib.contextmanager
def bytecode_cache() -> Iterator[Path]:
    """While it lasts, the measured subprocesses (:func:`child_env`) keep the bytecode of what they
    import in a temporary folder (``PYTHONPYCACHEPREFIX``), removed at the end; nothing is written
    beside the sources. So they run as an installed copy of the package does, compiled once (pip
    compiles at install). Where ``PYTHONDONTWRITEBYTECODE`` is set (a way to keep a source tree
    clean), every run would compile the project's modules again instead: about 50 ms of the start-up
    of ``classify`` on this machine, a cost no user of an installed copy pays."""
    global _PYCACHE
    with tempfile.TemporaryDirectory(prefix="bench-pycache-") as folder:
        _PYCACHE = Path(folder)
        try:
            yield _PYCACHE
        finally:
            _PYCACHE = None


def run_python(code: str, *extra: str, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    """``python [extra] -c code`` in the repository, with :func:`child_env`."""
    return python(*extra, "-c", code, timeout=timeout)


def python(*args: str, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    """``python args...`` in the repository, with :func:`child_env`, its output captured as text."""
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, cwd=REPO, env=child_env(),
                          timeout=timeout)


def machine_busy_seconds() -> float | None:
    """CPU seconds all processes of the machine have used since boot (Linux /proc/stat)."""
    try:
        with open("/proc/stat") as fh:
            fields = [int(v) for v in fh.readline().split()[1:]]
    except (OSError, ValueError):
        return None
    # user nice system idle iowait irq softirq steal ...: busy = all but idle and iowait
    busy = sum(fields[:8]) - fields[3] - fields[4]
    return busy / os.sysconf("SC_CLK_TCK")


def others_cores(busy_before: float | None, busy_after: float | None, own_cpu: float, wall: float) -> float | None:
    """Cores that other processes used during ``wall`` seconds, given the measured CPU ``own_cpu``."""
    if busy_before is None or busy_after is None or wall <= 0:
        return None
    return max(0.0, busy_after - busy_before - own_cpu) / wall


def others_note(others: float | None) -> str:
    """Text for the CPU used by other processes of the machine during a measurement."""
    if others is None:
        return ""
    note = f"; other processes used {others:.2f} cores meanwhile"
    return note + " (contended: timing inflated)" if others > 0.25 else note


class Timer:
    """Wall time, this process's CPU time, and the CPU other processes used meanwhile (in cores)."""

    def __enter__(self) -> Timer:
        self._busy = machine_busy_seconds()
        self._cpu = time.process_time()
        self._wall = time.perf_counter()
        return self

    def __exit__(self, *exc: object) -> None:
        self.wall = time.perf_counter() - self._wall
        self.cpu = time.process_time() - self._cpu
        self.others = others_cores(self._busy, machine_busy_seconds(), self.cpu, self.wall)


def timed(step: Callable[[], T]) -> tuple[Timer, T]:
    """``(timer, result)`` of one run of ``step()``, the garbage collector off (as timeit: see
    :func:`best_alternating`)."""
    with paused(), Timer() as timer:
        result = step()
    return timer, result


def best_of(step: Callable[[], T], repeats: int = IN_PROCESS_REPEATS) -> tuple[Timer, T]:
    """``(timer, result)`` of the run of ``step()`` with the least CPU time of ``repeats`` runs.

    One run of a sub-second step moves by a third with the machine's passing slowdowns;
    the best of three is what the code costs, and makes the growth ratio trustworthy.
    """
    best, result = None, None
    for _ in range(repeats):
        timer, result = timed(step)
        if best is None or timer.cpu < best.cpu:
            best = timer
    return best, result  # type: ignore[return-value]


def best_alternating(steps: Sequence[Callable[[], object]], repeats: int = 5) -> list[tuple[float, object]]:
    """For each of ``steps``: the least CPU time of ``repeats`` runs, and its result. The steps run
    in turn (each once, then each again), so that a passing slowdown of the machine falls on all of
    them alike: the ratios of a comparison in one run (#12). As :mod:`timeit` does, the garbage
    collector is off while a step runs: its passes over what the benchmark's process holds besides
    (documents parsed, results of earlier steps) are no cost of the step, and they weigh on the steps
    that make more objects more, by an amount that depends on what the process held."""
    best = [(float("inf"), None)] * len(steps)
    for _ in range(repeats):
        for i, step in enumerate(steps):
            with paused():
                start = time.process_time()
                result = step()
                elapsed = time.process_time() - start
            if elapsed < best[i][0]:
                best[i] = (elapsed, result)
    return best


def taken_in_turn(runs: Mapping[K, Callable[[], T]], repeats: int) -> dict[K, list[T]]:
    """Every result of ``repeats`` rounds in which each of ``runs`` is called once, in the order
    given: whatever slows the machine for a while (its speed drifts by a third within an hour here)
    falls on all of them alike, so that ratios and fitted exponents compare runs that met the same
    conditions (#12). The commands' counterpart of :func:`best_alternating`."""
    results: dict[K, list[T]] = {key: [] for key in runs}
    for _ in range(repeats):
        for key, run in runs.items():
            results[key].append(run())
    return results


#: A CPU-bound pure-Python loop of about a second, for :func:`parallel_ceiling`.
_SPIN = "x = 0\nfor i in range(12_000_000):\n    x += i * i % 7"


def parallel_ceiling() -> tuple[Measured, Measured]:
    """``(alone, pair)``: one process running a CPU-bound Python loop alone, then two such processes
    started together (:func:`together`). On a machine whose two cores do not slow each other,
    ``pair.wall == alone.wall``: ``2 * alone.wall / pair.wall`` is the most two worker processes can
    gain over one there, whatever the program. A loop that fails gives its exit status and error, for
    :func:`any_failed`, never a timing."""
    spin = [sys.executable, "-c", _SPIN]
    return together([spin]), together([spin, spin])


def together(commands: Sequence[Sequence[str]]) -> Measured:
    """``commands`` started at once, their output discarded: the wall time to the exit of the last, their
    CPU time, and the exit status and error output of the first that failed (0 and "" if none did), for
    :func:`any_failed`. Their memory is not measured (0)."""
    with contextlib.ExitStack() as stack:
        errors = [stack.enter_context(tempfile.TemporaryFile()) for _ in commands]
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        processes = [subprocess.Popen(list(cmd), stdout=subprocess.DEVNULL, stderr=err)
                     for cmd, err in zip(commands, errors)]
        codes = [p.wait() for p in processes]
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        failed = next((i for i, code in enumerate(codes) if code), None)
        stderr = ""
        if failed is not None:
            errors[failed].seek(0)
            stderr = errors[failed].read().decode("utf-8", "replace")
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return Measured(0 if failed is None else codes[failed], wall, 0, 0, len(commands), stderr, cpu, None)


def process_tree(root: int) -> list[int]:
    """``root`` and its live descendants (Linux /proc)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as fh:
                stat = fh.read()
        except OSError:
            continue
        fields = stat[stat.rfind(b")") + 2:].split()
        children.setdefault(int(fields[1]), []).append(int(entry))
    tree, todo = [], [root]
    while todo:
        pid = todo.pop()
        tree.append(pid)
        todo.extend(children.get(pid, []))
    return tree


def pss_bytes(pid: int) -> int:
    """Proportional set size of one process (shared pages split between sharers); 0 if unknown."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as fh:
            for line in fh:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


class TreeMemorySampler(threading.Thread):
    """Samples the summed PSS of a process and its children (the worker processes) every 0.1 s;
    with ``skip_root`` the process itself (the launcher) is left out."""

    def __init__(self, pid: int, interval: float = 0.1, skip_root: bool = False):
        super().__init__(daemon=True)
        self.pid, self.interval, self.skip_root = pid, interval, skip_root
        self.peak = 0
        self.peak_processes = 0
        self.supported = os.path.exists("/proc/self/smaps_rollup")
        self._stop_event = threading.Event()

    def run(self) -> None:
        if not self.supported:
            return
        while not self._stop_event.is_set():
            tree = process_tree(self.pid)[1 if self.skip_root else 0:]
            total = sum(pss_bytes(p) for p in tree)
            if total > self.peak:
                self.peak, self.peak_processes = total, len(tree)
            self._stop_event.wait(self.interval)

    def stop(self) -> None:
        self._stop_event.set()
        self.join()


@dataclass(frozen=True)
class Measured:
    """One measured command."""

    returncode: int
    wall: float
    maxrss: int           # bytes, largest single process of the tree (wait4 rusage)
    tree_pss: int         # bytes, sampled peak of the summed PSS of the tree (0 if unsupported)
    tree_processes: int
    stderr: str
    cpu: float            # user + system seconds of the command and its reaped children
    others: float | None  # cores used by other processes of the machine meanwhile


def best_run(runs: Sequence[Measured]) -> Measured:
    """The run of least wall time, with the largest peak memory of all ``runs`` (a failed run wins:
    its exit status is what counts)."""
    failed = [m for m in runs if m.returncode != 0]
    if failed:
        return failed[0]
    best = min(runs, key=lambda m: m.wall)
    largest = max(runs, key=lambda m: max(m.maxrss, m.tree_pss))
    return dataclasses.replace(best, maxrss=max(m.maxrss for m in runs), tree_pss=largest.tree_pss,
                               tree_processes=largest.tree_processes)


def any_failed(table: Table, label: str, size: object, runs: Iterable[Measured]) -> bool:
    """Add a FAIL row with the exit status and the end of the error output of the first of ``runs``
    that failed, and say whether one did: a failed run's time is no measurement of the command."""
    failed = next((m for m in runs if m.returncode != 0), None)
    if failed is not None:
        table.add(f"{label}: exit status", size, f"{failed.returncode}: {failed.stderr.strip()[-300:]}", "0", "FAIL")
    return failed is not None


LAUNCHER = Path(__file__).with_name("launch.py")


def _kill_group(pid: int) -> None:
    """Kill the launcher ``pid`` and the command it started (one process group)."""
    try:
        os.killpg(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def measure_command(cmd: list[str], stdout_path: Path, timeout: float = 1800) -> Measured:
    """Run ``cmd`` in a fresh subprocess; wall time, and peak memory of that command only.

    ``cmd`` is started by :mod:`benchmarks.launch`, a small process whose ``os.wait4`` gives the
    rusage of the command alone (its own and its reaped children's): started straight from this
    process, its ``ru_maxrss`` would begin at this process's peak (see that module). The wall and
    CPU times are the launcher's measurement of the command. A command still running after
    ``timeout`` seconds is killed (exit status -9).
    """
    with open(stdout_path, "wb") as out, tempfile.TemporaryFile() as err, \
            tempfile.NamedTemporaryFile(prefix="bench-rusage-", suffix=".txt") as report:
        busy_before, own_before = machine_busy_seconds(), time.process_time()
        start = time.perf_counter()
        proc = subprocess.Popen([sys.executable, str(LAUNCHER), report.name, "--", *cmd], stdout=out, stderr=err,
                                cwd=REPO, env=child_env(), start_new_session=True)  # killed as a group
        sampler = TreeMemorySampler(proc.pid, skip_root=True)
        sampler.start()
        deadline = start + timeout
        try:
            while True:
                pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
                if pid:
                    break
                if time.perf_counter() > deadline:
                    _kill_group(proc.pid)
                    pid, status, usage = os.wait4(proc.pid, 0)
                    break
                time.sleep(0.005)
        except BaseException:  # Ctrl-C: do not leave the command running
            _kill_group(proc.pid)
            os.wait4(proc.pid, 0)
            proc.returncode = -9
            sampler.stop()
            raise
        wall = time.perf_counter() - start
        busy_after, own = machine_busy_seconds(), time.process_time() - own_before  # own: the sampler
        sampler.stop()
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace")
        fields = Path(report.name).read_text().split()
    if len(fields) == 4:  # the command's own figures
        maxrss, cpu, wall = int(fields[0]), float(fields[1]) + float(fields[2]), float(fields[3])
    else:  # killed before the launcher could write them: the launcher's (an upper bound)
        maxrss = usage.ru_maxrss * (1 if sys.platform == "darwin" else 1024)
        cpu = usage.ru_utime + usage.ru_stime
    return Measured(proc.returncode, wall, maxrss, sampler.peak, sampler.peak_processes, stderr, cpu,
                    others_cores(busy_before, busy_after, cpu + own, wall))
