"""``kill -9`` at any point of ``fetch`` or ``report`` leaves nothing that the next run does not repair.

Each killed run is a subprocess. It is killed either from outside (SIGKILL once the file system
shows it mid-way: a download's temporary file, the report's staging folder) or at a named point of
the code (``ANALYSIS_KILL_AT``, :func:`analysis.atomic.kill_point`: the process sends itself SIGKILL
there, which is deterministic where the window is microseconds wide). After each kill: no page
without its provenance record, and the output set is either the previous one, whole, or detectably
mixed (:func:`analysis.output.outputs.check`); the next run succeeds and leaves no ``.part`` file, no
staging folder, no page without its record and a whole output set. Pages are synthetic and served
on 127.0.0.1; the report runs on a temporary copy of data/ holding synthetic texts.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import FIXTURES, REPO, copy_with_records
from test_fetch import DOC, PAGE, page, server, trickle  # noqa: F401 (server is a fixture)

from analysis.corpus import fetch, provenance
from analysis.output import outputs

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX signals")


def _start(*args: str, env: dict[str, str], kill_at: str | None = None) -> subprocess.Popen:
    full = {**os.environ, "PYTHONIOENCODING": "utf-8", "MPLBACKEND": "Agg", "NO_PROXY": "127.0.0.1",
            "no_proxy": "127.0.0.1", **env}
    full.pop("ANALYSIS_KILL_AT", None)
    if kill_at:
        full["ANALYSIS_KILL_AT"] = kill_at
    return subprocess.Popen([sys.executable, "-m", "analysis", *args], env=full, cwd=REPO,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _killed_at_point(process: subprocess.Popen) -> None:
    """The process ended by SIGKILL (sent by itself at its kill point)."""
    out, err = process.communicate(timeout=300)
    assert process.returncode == -signal.SIGKILL, (process.returncode, err[-2000:])


def _kill_when(process: subprocess.Popen, appeared, timeout: float = 120) -> None:
    """SIGKILL ``process`` as soon as ``appeared()`` is true (polled every 10 ms)."""
    deadline = time.monotonic() + timeout
    while not appeared():
        assert process.poll() is None, process.communicate()[1][-2000:]
        assert time.monotonic() < deadline, "the awaited file never appeared"
        time.sleep(0.01)
    process.kill()
    process.communicate(timeout=60)
    assert process.returncode == -signal.SIGKILL


# --- fetch ----------------------------------------------------------------------------------


def _fetch_env(tmp_path: Path) -> dict[str, str]:
    data = tmp_path / "data"
    data.mkdir(exist_ok=True)
    (data / "registry.csv").write_text(  # one synthetic registry entry
        "year,date,doceo_id,ta_reference,procedure,joint_motion,title_en\n"
        f"2099,2099-03-05,{DOC},P9_TA(2099)0001,2099/9999(RSP),RC-B9-0001/2099,SYNTHETIC\n", encoding="utf-8")
    shutil.copytree(REPO / "data" / "languages", data / "languages")  # fetch checks each language's first day
    return {"ANALYSIS_DATA_DIR": str(data)}


def _fetch_args(server, dest: Path, *extra: str) -> list[str]:
    return ["fetch", "--lang", "en", "--base-url", server.base, "--dest", str(dest), "--retries", "0",
            "--timeout", "60", *extra]


def _assert_pages_whole(dest: Path) -> None:
    """No temporary file; every page has its record, which it matches, and every record its page."""
    names = sorted(p.name for p in dest.iterdir())
    assert not [n for n in names if n.startswith(".") or n.endswith(".part")], names
    pages = [dest / n for n in names if not n.endswith(provenance.SUFFIX)]
    records = [n for n in names if n.endswith(provenance.SUFFIX)]
    assert sorted(provenance.record_path(p).name for p in pages) == records
    assert all(provenance.verify(p) is True for p in pages)


def _no_page_without_record(dest: Path) -> None:
    for path in dest.iterdir():
        if not path.name.startswith(".") and not path.name.endswith(provenance.SUFFIX):
            assert provenance.record_path(path).exists(), path


def _next_fetch(server, dest: Path) -> str:
    """The next run (in this process): it must succeed and leave every page whole."""
    result = fetch.fetch_documents(_registry(), ["en"], dest, base_url=server.base, retries=0, timeout=10,
                                   progress=False)
    assert list(result["status"]) in (["downloaded"], ["present"]), result.to_dict("records")
    _assert_pages_whole(dest)
    assert (dest / f"{DOC}_EN.html").read_bytes() == PAGE
    return result["status"].iloc[0]


def _registry():
    import pandas as pd

    return pd.DataFrame({"doceo_id": [DOC], "year": [2099]})


def test_fetch_killed_mid_download(server, tmp_path):
    """Killed while a trickling server sends the page (its temporary file is on disk)."""
    dest = tmp_path / "raw"
    dest.mkdir()
    server.route(DOC, "en", trickle(0.01), page())
    process = _start(*_fetch_args(server, dest), env=_fetch_env(tmp_path))
    _kill_when(process, lambda: any(dest.iterdir()))  # the download's temporary file
    assert not (dest / f"{DOC}_EN.html").exists()
    _no_page_without_record(dest)
    assert _next_fetch(server, dest) == "downloaded"


@pytest.mark.parametrize(("point", "force", "expected"), [
    ("fetch:downloaded", False, "downloaded"),  # staged page, no record yet: removed, fetched again
    ("fetch:recorded", False, "present"),  # record written, page staged: moved into place
    ("fetch:recorded", True, "present"),  # --force over an older page: the new page replaces it
])
def test_fetch_killed_at_a_point(server, tmp_path, point, force, expected):
    dest = tmp_path / "raw"
    dest.mkdir()
    if force:  # an older version of the page, with its record
        old = dest / f"{DOC}_EN.html"
        old.write_bytes(PAGE.replace(b"SYNTHETIC test page", b"SYNTHETIC older page"))
        provenance.write_record(old, {"sha256": provenance.sha256_file(old)})
    server.route(DOC, "en", page())
    process = _start(*_fetch_args(server, dest, *(["--force"] if force else [])), env=_fetch_env(tmp_path),
                     kill_at=point)
    _killed_at_point(process)
    _no_page_without_record(dest)
    assert _next_fetch(server, dest) == expected


# --- report ---------------------------------------------------------------------------------


def _report_setup(tmp_path: Path) -> tuple[dict[str, str], dict[str, Path]]:
    """A copy of data/ with the synthetic corpus (and its registry) and the outputs of a previous run:
    the repository's committed tables and report figures, a whole set with its manifests."""
    data = tmp_path / "data"
    shutil.copytree(REPO / "data", data, ignore=shutil.ignore_patterns("raw", "processed"))
    shutil.copy(FIXTURES / "synthetic_corpus" / "registry.csv", data / "registry.csv")
    copy_with_records(sorted((FIXTURES / "synthetic_corpus").glob("synthetic_*.txt")), data / "raw")
    folders = {"tables": tmp_path / "tables", "figures": tmp_path / "figures"}
    for role, source in (("tables", REPO / "data" / "processed"), ("figures", REPO / "figures")):
        folders[role].mkdir()
        listed = json.loads((source / outputs.MANIFEST).read_text(encoding="utf-8"))["files"]
        for name in [*listed, outputs.MANIFEST]:  # names may hold a folder: reading/<document>.html
            (folders[role] / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(source / name, folders[role] / name)
    return {"ANALYSIS_DATA_DIR": str(data)}, folders


def _run_of(folders: dict[str, Path]) -> str:
    return outputs.read_manifest(folders["tables"])["run"]


def _no_debris(folders: dict[str, Path]) -> None:
    for folder in folders.values():
        assert not [p.name for p in folder.iterdir() if p.name.startswith(".")], sorted(os.listdir(folder))


def test_report_killed_before_and_while_writing_leaves_the_previous_set_whole(tmp_path):
    """Killed (1) as the staging folder appears, before the tables are written, and (2) while the
    figures are written: the previous set stays whole. The next run starts by removing what the killed
    one left and leaves a whole new set. (A kill during the swap itself is the next test's: the swap is
    the same function, on small files, so that the suite does not pay for a whole report per kill.)"""
    env, folders = _report_setup(tmp_path)
    args = ["report", "--tables", str(folders["tables"]), "--figures", str(folders["figures"])]
    previous = _run_of(folders)
    assert outputs.check(folders) == []

    process = _start(*args, env=env)
    _kill_when(process, lambda: outputs.staging(folders["tables"]).exists())
    assert outputs.check(folders) == [] and _run_of(folders) == previous

    _killed_at_point(_start(*args, env=env, kill_at="report:figure"))
    assert outputs.check(folders) == [] and _run_of(folders) == previous
    assert any(outputs.staging(folders["figures"]).iterdir())  # killed mid-way, with a figure staged
    assert len(list(outputs.staging(folders["tables"]).glob("*.csv"))) == 20  # the 20 tables, all staged

    process = _start(*args, env=env)
    out, err = process.communicate(timeout=600)
    assert process.returncode == 0, err[-2000:]
    assert "removed what an interrupted run left" in err
    assert outputs.check(folders) == [] and _run_of(folders) not in ("", previous)
    assert outputs.read_manifest(folders["figures"])["run"] == _run_of(folders)
    _no_debris(folders)
    assert "synthetic_2097_BG" in (folders["tables"] / "structure.csv").read_text(encoding="utf-8")


_PUBLISH = """
import sys
from pathlib import Path
from analysis import atomic
from analysis.output import outputs
folders = {"tables": Path(sys.argv[1]), "figures": Path(sys.argv[2])}
with atomic.locked(*folders.values()):
    outputs.clean(*folders.values())
    for role, folder in folders.items():
        for i in range(3):
            atomic.write_text(outputs.staging(folder) / f"{role}{i}.txt", f"synthetic {sys.argv[3]} {i}")
    print(outputs.publish(folders, {"data/x": sys.argv[3]}, {}))
"""


@pytest.mark.parametrize("point", ["report:swap:tables", "report:swap:figures"])
def test_a_swap_killed_midway_is_detected_and_repaired(tmp_path, point):
    """The swap of the report (outputs.clean, outputs.publish) on small synthetic files: a run killed
    after moving the tables in (or the figures too, before the manifests) leaves a set that check()
    calls mixed; the next run's set is whole."""
    folders = {"tables": tmp_path / "t", "figures": tmp_path / "f"}

    def publish(content: str, kill_at: str | None = None) -> subprocess.CompletedProcess:
        env = {**os.environ}
        env.pop("ANALYSIS_KILL_AT", None)
        if kill_at:
            env["ANALYSIS_KILL_AT"] = kill_at
        return subprocess.run([sys.executable, "-c", _PUBLISH, *map(str, folders.values()), content], env=env,
                              capture_output=True, text=True, timeout=60)

    first = publish("one")
    assert first.returncode == 0 and outputs.check(folders) == []
    killed = publish("two", point)
    assert killed.returncode == -signal.SIGKILL
    assert outputs.check(folders) != []
    assert (folders["tables"] / "tables0.txt").read_text() == "synthetic two 0"  # new tables, old manifests
    second = publish("three")
    assert second.returncode == 0 and outputs.check(folders) == []
    assert outputs.read_manifest(folders["tables"])["run"] == second.stdout.strip()
    assert (folders["figures"] / "figures2.txt").read_text() == "synthetic three 2"
    _no_debris(folders)


def test_a_second_run_waits_for_the_first(tmp_path):
    """Runs writing into the same folders take turns (atomic.locked): while this process holds the
    lock, a second one does not get past it."""
    from analysis import atomic

    code = "import sys; from analysis import atomic\nwith atomic.locked(sys.argv[1]): print('in')"
    with atomic.locked(tmp_path):
        process = subprocess.Popen([sys.executable, "-c", code, str(tmp_path)], stdout=subprocess.PIPE, text=True)
        with pytest.raises(subprocess.TimeoutExpired):
            process.wait(timeout=1.5)
    out, _ = process.communicate(timeout=60)
    assert process.returncode == 0 and out.strip() == "in"
