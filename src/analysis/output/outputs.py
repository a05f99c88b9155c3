"""The report's outputs as one set: staged, then swapped in, with a manifest naming the run.

A report run writes its tables and figures into a hidden staging folder inside each output folder
(``data/processed/.report-staging/``, ``figures/.report-staging/``), then :func:`publish` writes a
``manifest.json`` for each folder and moves the staged files into place, the manifests last. A
manifest holds the run id, the run's options, the SHA-256 of every input file (everything under
``data/`` but ``data/processed/``) and of every file the run wrote into that folder, the toolkit and
codebook versions, the command line and which codes were reviewed. It holds no time,
so the same inputs give byte-identical manifests. The run id is a hash of all of that, over both
folders: two manifests name the same run only if they describe the same set.

A set is whole when both manifests name the same run and every file they list is on disk with its
SHA-256 (:func:`check`). A run killed before the swap leaves the previous set whole (and a staging
folder that the next run removes, as does ``make clean``); a run killed during the swap leaves a set
that :func:`check` calls mixed, which the next run replaces. Runs that write into the same folders
wait for each other (:func:`analysis.atomic.locked`), so two runs never mix.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Mapping
from pathlib import Path

from analysis import __version__, atomic
from analysis.corpus.provenance import sha256_file

STAGING = ".report-staging"
MANIFEST = "manifest.json"
#: Beside the manifest: what changes with the commit or machine (:mod:`analysis.output.provenance`).
RUN_FILE = "run.json"


def staging(folder: Path) -> Path:
    """The staging folder of an output folder (created empty by :func:`clean`)."""
    return Path(folder) / STAGING


def clean(*folders: Path) -> list[Path]:
    """Remove what an interrupted run left in ``folders`` (the staging folder, ``.part`` files) and
    create empty staging folders; return what was removed. Call it holding the folders' lock."""
    removed = []
    for folder in folders:
        folder = Path(folder)
        if staging(folder).exists():
            shutil.rmtree(staging(folder))
            removed.append(staging(folder))
        removed += atomic.remove_stale_parts(folder)
        staging(folder).mkdir(parents=True)
    return removed


def input_hashes(data_dir: Path, extra: list[Path] = ()) -> dict[str, str]:
    """SHA-256 of every file under ``data_dir`` (as ``data/<relative path>``) except ``processed/``
    and hidden files, and of ``extra`` files outside it (by the path given); sorted by name."""
    data_dir = Path(data_dir)
    found = {f"data/{name}": sha256_file(path) for name, path in _visible_files(data_dir)
             if name.split("/")[0] != "processed"}
    for path in extra:
        path = Path(path)
        inside = path.resolve().is_relative_to(data_dir.resolve())
        if not inside:
            found[path.as_posix()] = sha256_file(path)
    return dict(sorted(found.items()))


def listing(folder: Path) -> dict[str, str]:
    """``{relative path: SHA-256}`` of the files in ``folder`` and its sub-folders (``reading/x.html``),
    leaving out hidden files and folders, the manifest and ``run.json`` (the machine's facts)."""
    return {name: sha256_file(path) for name, path in _visible_files(Path(folder))
            if name not in (MANIFEST, RUN_FILE)}


def _visible_files(folder: Path) -> list[tuple[str, Path]]:
    """``(relative POSIX path, path)`` of every file under ``folder``, sorted, leaving out hidden files and
    anything inside a hidden folder (staging folders, caches)."""
    found = []
    for path in sorted(folder.rglob("*")):
        name = path.relative_to(folder).as_posix()
        if path.is_file() and not any(part.startswith(".") for part in name.split("/")):
            found.append((name, path))
    return found


def read_manifest(folder: Path) -> dict | None:
    """The manifest of an output folder, or ``None`` if it has none or it cannot be read."""
    try:
        return json.loads((Path(folder) / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def publish(folders: Mapping[str, Path], inputs: Mapping[str, str], options: Mapping[str, object],
            facts: Mapping[str, object] | None = None) -> str:
    """Swap the staged files of ``folders`` (``{"tables": ..., "figures": ...}``) into place with their
    manifests; return the run id. Files of the previous set that this one lacks are removed. ``facts``
    (toolkit and codebook versions, command line, reviewed codes: :mod:`analysis.output.provenance`)
    go into both manifests."""
    listings = {role: listing(staging(folder)) for role, folder in folders.items()}
    body = {"producer": f"analysis {__version__} report", "options": dict(options), "inputs": dict(inputs),
            **dict(facts or {})}
    run = hashlib.sha256(json.dumps({**body, "files": listings}, sort_keys=True).encode()).hexdigest()[:16]
    for role, folder in folders.items():
        manifest = {"run": run, "folder": role, **body, "files": listings[role]}
        atomic.write_text(staging(folder) / MANIFEST, json.dumps(manifest, indent=2, sort_keys=True,
                                                                   ensure_ascii=False) + "\n")
    for role, folder in folders.items():
        old = (read_manifest(folder) or {}).get("files", {})
        for name in listings[role]:
            (Path(folder) / name).parent.mkdir(parents=True, exist_ok=True)
            os.replace(staging(folder) / name, Path(folder) / name)
        for name in sorted(set(old) - set(listings[role])):  # a file of the previous set only
            (Path(folder) / name).unlink(missing_ok=True)
            _remove_empty_parents(Path(folder) / name, Path(folder))
        atomic.kill_point(f"report:swap:{role}")
    for folder in folders.values():
        os.replace(staging(folder) / MANIFEST, Path(folder) / MANIFEST)
        shutil.rmtree(staging(folder))
    return run


def _remove_empty_parents(path: Path, top: Path) -> None:
    """Remove the folders between ``path`` and ``top`` that its removal left empty."""
    for parent in path.parents:
        if parent == top or not parent.is_relative_to(top) or not parent.is_dir() or any(parent.iterdir()):
            return
        parent.rmdir()


def check(folders: Mapping[str, Path]) -> list[str]:
    """What is wrong with the output set in ``folders`` (empty if it is whole): a manifest missing,
    manifests of different runs, a listed file missing or changed. (A staging folder left behind by
    an interrupted run is debris beside the set, not part of it: :func:`clean` removes it.)"""
    problems = []
    runs = set()
    for folder in folders.values():
        folder = Path(folder)
        manifest = read_manifest(folder)
        if manifest is None:
            problems.append(f"{folder / MANIFEST}: missing or unreadable")
            continue
        runs.add(manifest.get("run"))
        for name, digest in manifest.get("files", {}).items():
            path = folder / name
            if not path.is_file() or sha256_file(path) != digest:
                problems.append(f"{path}: not the file of run {manifest.get('run')}")
    if len(runs) > 1:
        problems.append(f"the manifests name different runs ({', '.join(sorted(map(str, runs)))})")
    return problems
