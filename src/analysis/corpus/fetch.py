"""Download registry documents from the Parliament's official pages, with provenance.

Each document-language pair becomes ``<dest>/<doceo_id>_<LL>.html`` plus a provenance record
(``<file>.provenance.json``, see :mod:`analysis.corpus.provenance`). Files already on disk whose
SHA-256 matches their record are left alone, so re-running is a no-op. This module chooses
what to fetch and keeps the tally; :mod:`analysis.corpus.download` does each download.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pandas as pd
import requests
from tqdm import tqdm

from analysis import atomic, ids, paths
from analysis.progress import progress_bar
from analysis.corpus import provenance
from analysis.corpus.download import MAX_RETRY_AFTER, Unreachable, download, new_session
from analysis.errors import AnalysisError, FetchError, InputError
from analysis.resources.languages import check_languages_exist, normalise_languages

OBTAINED = "downloaded by analysis fetch"
STATUSES = ("downloaded", "present", "unverified", "missing", "failed")
COLUMNS = ["doceo_id", "language", "path", "status", "message"]


def _dates(frame: pd.DataFrame) -> dict[str, str]:
    """Each registry document's date (``YYYY-MM-DD``), or its year where the registry has no date."""
    ids_ = [str(v).strip() for v in frame["doceo_id"]]
    if "date" in frame.columns:
        values = [str(v)[:10] for v in pd.to_datetime(frame["date"], errors="coerce").dt.strftime("%Y-%m-%d")]
    else:
        values = [str(y) for y in frame["year"]] if "year" in frame.columns else [str(ids.year_of(i) or "") for i in ids_]
    return dict(zip(ids_, values))


def _resolve(frame: pd.DataFrame, item: str) -> str:
    """The DOCEO id that ``item`` names (any form of :func:`analysis.ids.parse_any`); a CELEX number is
    first looked up in the registry's ``celex`` column (which settles the term of an election year)."""
    if "celex" in frame.columns:
        hits = [str(d) for d, c in zip(frame["doceo_id"], frame["celex"]) if str(c).strip().upper() == item.upper()]
        if hits:
            return hits[0]
    try:
        return ids.parse_any(item).doceo_id
    except InputError as exc:
        raise InputError(f"--only {exc}") from None


def _select(frame: pd.DataFrame, only: Sequence[str] | None) -> list[tuple[str, str]]:
    """The documents to fetch with their dates (or years), in registry order, then those outside the
    registry in the order asked. ``only`` names years of the registry or documents in any accepted form
    (:data:`analysis.ids.ACCEPTED_FORMS`), inside or outside the registry."""
    if "doceo_id" not in frame.columns:
        raise AnalysisError("registry has no doceo_id column")
    dates = _dates(frame)
    doceo_ids = [i for i in dict.fromkeys(dates) if i]
    if only is None:
        return [(i, dates[i]) for i in doceo_ids]
    if isinstance(only, str):
        only = only.split(",")
    wanted = [str(w).strip() for w in only if str(w).strip()]
    years = [str(y) for y in frame["year"]] if "year" in frame.columns else [dates[i][:4] for i in doceo_ids]
    year_of = dict(zip((str(v).strip() for v in frame["doceo_id"]), years))
    chosen: list[str] = []
    for item in wanted:
        if item.isdigit() and len(item) == 4:
            hits = [i for i in doceo_ids if year_of.get(i) == item]
            if not hits:
                raise InputError(f"--only {item}: no registry document is of that year")
        else:
            doc = _resolve(frame, item)
            hits = [i for i in doceo_ids if i.upper() == doc.upper()] or [doc]
        chosen.extend(h for h in hits if h not in chosen)
    inside = [i for i in doceo_ids if i in chosen]
    outside = [i for i in chosen if i not in doceo_ids]
    return [(i, dates[i]) for i in inside] + [(i, str(ids.year_of(i))) for i in outside]


def _check_existing(path: Path) -> tuple[str, str]:
    """Status and message of a document already on disk (present / unverified / failed)."""
    try:
        verified = provenance.verify(path)
    except (AnalysisError, OSError) as exc:
        return "failed", f"{path}: cannot verify ({exc}); use --force to re-download"
    if verified is None:
        return "unverified", (
            f"{path} is present but has no provenance record (unverified); "
            "left as is, use --force to re-download"
        )
    if not verified:
        return "failed", (
            f"{path}: SHA-256 does not match its provenance record; use --force to re-download"
        )
    return "present", "verified against its provenance record"


def _staging_path(path: Path) -> Path:
    """Where a page is downloaded before its record is written: a hidden ``.part`` file beside it."""
    return path.with_name(f".{path.name}.staged{atomic.PART_SUFFIX}")


def _place(staged: Path, path: Path) -> None:
    """Move a downloaded page into place (after its record was written)."""
    os.replace(staged, path)


def _finish_placements(folder: Path) -> None:
    """Move into place the staged pages whose record was already written (a run killed between the
    two, e.g. during ``--force``): the record names the staged page's SHA-256. Other staged pages are
    left for :func:`analysis.atomic.remove_stale_parts`."""
    suffix = f".staged{atomic.PART_SUFFIX}"
    for staged in sorted(folder.glob(f".*{suffix}")):
        page = staged.with_name(staged.name[1:-len(suffix)])
        try:
            record = provenance.read_record(page)
        except AnalysisError:
            continue
        if record and record.get("sha256") == provenance.sha256_file(staged):
            _place(staged, page)


def _remove_orphan_records(folder: Path) -> None:
    """Remove provenance records whose page is not there (what a run killed between writing the
    record and moving the page into place leaves)."""
    if not folder.is_dir():
        return
    for record in folder.glob(f"*{provenance.SUFFIX}"):
        if not record.with_name(record.name[:-len(provenance.SUFFIX)]).exists():
            record.unlink(missing_ok=True)


def fetch_documents(
    registry: pd.DataFrame,
    languages: Sequence[str] = ("bg", "en"),
    dest: Path | None = None,
    *,
    base_url: str = ids.DOCEO_BASE,
    offline: bool = False,
    force: bool = False,
    timeout: float = 30.0,
    retries: int = 3,
    backoff: float = 1.0,
    max_bytes: int = 20_000_000,
    max_retry_after: float = MAX_RETRY_AFTER,
    only: Sequence[str] | None = None,
    progress: bool | None = None,
) -> pd.DataFrame:
    """Download the registry's documents in ``languages`` into ``dest`` (default raw data dir).

    ``only``: years of the registry, or documents in any form of :data:`analysis.ids.ACCEPTED_FORMS`,
    inside or outside the registry (a document outside it is fetched by its DOCEO id and recorded like
    any other). A language asked for a document older than it (``data/languages/official.csv``) is
    refused before any request.
    Returns one row per document-language: ``doceo_id, language`` (upper case), ``path``,
    ``status`` (downloaded / present / unverified / missing / failed) and ``message``.
    Failures are reported on stderr, one line each; the other documents still go on.
    ``offline`` only inspects the files on disk. ``progress=None`` shows bars on a TTY only.
    ``timeout``, ``retries``, ``backoff``, ``max_retry_after``: see :func:`analysis.corpus.download.download`.
    What an interrupted run left in ``dest`` is settled first: a staged page whose record was written
    is moved into place, other temporary files and records without a page are removed. One run at a
    time writes into ``dest`` (:func:`analysis.atomic.locked`): a second waits for the first.
    """
    codes = normalise_languages(languages)
    selected = _select(registry, only)
    check_languages_exist(codes, selected)  # before any request
    doceo_ids = [doc for doc, _ in selected]
    if not str(base_url).startswith(("http://", "https://")):
        raise AnalysisError(f"--base-url {base_url}: expected an http:// or https:// URL")
    if timeout <= 0 or retries < 0 or backoff < 0 or max_bytes <= 0 or max_retry_after < 0:
        raise AnalysisError("timeout and max-bytes must be positive, retries, backoff and max-retry-after >= 0")
    dest = Path(dest).expanduser() if dest is not None else paths.raw_dir()
    # One run at a time writes into a folder: another one's clean-up would remove this run's temporary
    # files, or a record between its writing and its page's move.
    with atomic.locked(dest) if not offline else contextlib.nullcontext():
        if not offline and dest.is_dir():  # what an interrupted run left (none is running: the lock)
            _finish_placements(dest)
            atomic.remove_stale_parts(dest)
            _remove_orphan_records(dest)

        def say(line: str) -> None:
            tqdm.write(f"fetch: {line}", file=sys.stderr)

        rows: list[dict[str, Any]] = []
        unreachable: dict[str, int] = {}
        session: requests.Session | None = None
        jobs = [(doc, code) for doc in doceo_ids for code in codes]
        try:
            for doc, code in progress_bar(jobs, progress=progress, desc="documents", unit="doc"):
                name = ids.document_name(doc, code)
                path = dest / f"{name}.html"
                url = ids.document_url(doc, code, base_url)
                saved_text = dest / f"{name}.txt"
                if not path.exists() and saved_text.exists() and not force:
                    path = saved_text  # a saved plain-text rendering of the page stands for it
                row = {"doceo_id": doc, "language": code.upper(), "path": path}
                rows.append(row)
                if path.exists() and not (force and not offline):
                    row["status"], row["message"] = _check_existing(path)
                    if row["status"] != "present":
                        say(f"{name}: {row['message']}")
                    continue
                if offline:
                    row["status"], row["message"] = "missing", "not on disk (offline)"
                    continue
                host = urlsplit(url).netloc
                if host in unreachable:
                    unreachable[host] += 1
                    row["status"], row["message"] = "failed", f"not fetched: cannot reach {host}"
                    continue
                if session is None:
                    session = new_session()
                try:
                    staged = _staging_path(path)
                    record = download(
                        session, url, staged, timeout=timeout, retries=retries, backoff=backoff,
                        max_bytes=max_bytes, progress=progress, max_retry_after=max_retry_after, name=name,
                    )
                    record.update(
                        doceo_id=doc, language=code.upper(), obtained=OBTAINED,
                        reuse_notice=provenance.REUSE_NOTICE,
                    )
                    atomic.kill_point("fetch:downloaded")  # tests: killed with the page staged
                    # The record first, then the page: a page never stands without its record (an
                    # interrupted run leaves at most a record without a page, removed by the next run).
                    provenance.write_record(path, record)
                    atomic.kill_point("fetch:recorded")  # tests: killed between the record and the page
                    _place(staged, path)
                except Unreachable as exc:
                    unreachable[host] = 1
                    row["status"], row["message"] = "failed", f"cannot reach {host}: {exc}"
                except FetchError as exc:
                    row["status"], row["message"] = "failed", f"{exc} at {url}"
                    say(f"{name}: {row['message']}")
                except OSError as exc:
                    row["status"], row["message"] = "failed", f"cannot write {path}: {exc}"
                    say(f"{name}: {row['message']}")
                except Exception as exc:  # one bad document must not stop the others
                    row["status"] = "failed"
                    row["message"] = f"unexpected error ({type(exc).__name__}: {exc}) at {url}"
                    say(f"{name}: {row['message']}")
                else:
                    row["status"], row["message"] = "downloaded", f"{record['bytes']} bytes"
        finally:
            if session is not None:
                session.close()
        for host, count in unreachable.items():
            shown = urlsplit(f"//{host}").hostname or host
            say(f"cannot reach {shown} (no network?); {count} document(s) not fetched")
        return pd.DataFrame(rows, columns=COLUMNS)
