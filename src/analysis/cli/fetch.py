"""``python -m analysis fetch``: download registry documents (or any other, by reference) with their provenance."""

from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd

from analysis import ids
from analysis.corpus import fetch, registry
from analysis.corpus.http import MAX_RETRY_AFTER, seconds, timeout_seconds
from analysis.errors import EXIT_PARTIAL, InputError
from analysis.resources.cases import load_case


def configure_parser(parser: argparse.ArgumentParser) -> None:
    """Add the ``fetch`` options to ``parser``."""
    parser.add_argument("--lang", default="bg,en",
                        help="comma-separated language codes (default: bg,en)")
    parser.add_argument("--offline", action="store_true",
                        help="do not use the network; report present/verified/missing files")
    parser.add_argument("--force", action="store_true",
                        help="re-download even files already present")
    parser.add_argument("--only", default=None,
                        help="comma-separated years of the registry or documents, in or outside the registry, in "
                             f"any of these forms: {ids.accepted_forms()}".replace("%", "%%"))
    parser.add_argument("--case", default=None,
                        help="fetch the registry of this case (data/cases/<name>.toml) instead of data/registry.csv")
    parser.add_argument("--registry", type=Path, default=None,
                        help="fetch the documents of this registry CSV (e.g. one written by discover)")
    parser.add_argument("--dest", type=Path, default=None,
                        help="destination folder (default: data/raw)")
    parser.add_argument("--base-url", default=ids.DOCEO_BASE,
                        help=f"document server (default: {ids.DOCEO_BASE})")
    parser.add_argument("--timeout", type=timeout_seconds, default=30.0,
                        help="seconds each download may take, from the request to the last byte; a server "
                             "that sends too slowly is cut off (while the headers come in: each wait for data "
                             "at most this long) (default: 30)")
    parser.add_argument("--retries", type=int, default=3,
                        help="retries on 5xx, 429 and connection errors (default: 3)")
    parser.add_argument("--max-retry-after", type=seconds, default=MAX_RETRY_AFTER,
                        help="longest wait in seconds that a server's Retry-After is honoured for; a longer one "
                             f"fails the document at once (default: {MAX_RETRY_AFTER:g})")
    parser.add_argument("--backoff", type=seconds, default=1.0,
                        help="base delay of the exponential backoff in seconds (default: 1)")
    parser.add_argument("--max-bytes", type=int, default=20_000_000,
                        help="largest accepted page in bytes (default: 20000000)")
    parser.add_argument("--with-motions", action="store_true",
                        help="also fetch the joint motion of each selected resolution (the registry's "
                             "joint_motion) and the political groups' motions it replaced, for the comparison "
                             "of the groups' motions with the adopted text (report: motion_paragraphs)")


def summary(result: pd.DataFrame) -> str:
    """A short plain-text table of the result, then counts per status."""
    if result.empty:
        return "no documents selected"
    table = result[["doceo_id", "language", "status", "message"]].to_string(index=False)
    counts = result["status"].value_counts()
    tally = ", ".join(f"{counts[s]} {s}" for s in fetch.STATUSES if s in counts)
    return f"{table}\n{len(result)} document(s): {tally}"


def run(args: argparse.Namespace) -> int:
    """Run ``fetch``; 0 if every document is present, 1 if some failed (the others are kept)."""
    if args.case and args.registry:
        raise InputError("give --case or --registry, not both")
    path = load_case(args.case).registry if args.case else args.registry
    frame = registry.load_registry(path)
    options = dict(dest=args.dest, base_url=args.base_url, offline=args.offline, force=args.force,
                   timeout=args.timeout, retries=args.retries, backoff=args.backoff,
                   max_retry_after=args.max_retry_after, max_bytes=args.max_bytes)
    result = fetch.fetch_documents(frame, args.lang, only=args.only, **options)
    if args.with_motions:  # the joint motions and the groups' motions they replaced (#14)
        from analysis.corpus.motions import fetch_motions

        result = pd.concat([result, fetch_motions(frame, args.lang, only=args.only, **options)], ignore_index=True)
    print(summary(result))
    return EXIT_PARTIAL if (result["status"] == "failed").any() else 0
