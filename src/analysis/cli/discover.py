"""``python -m analysis discover``: a registry of adopted texts from the Parliament's Open Data Portal and,
before July 2014, from the document server's daily tables of contents of texts adopted."""

from __future__ import annotations

import argparse
from pathlib import Path

from analysis import ids
from analysis.corpus import discover, opendata, sittings
from analysis.corpus.http import MAX_RETRY_AFTER, seconds, timeout_seconds
from analysis.errors import InputError
from analysis.resources.languages import normalise_languages


def configure_parser(parser: argparse.ArgumentParser) -> None:
    """Add the ``discover`` options to ``parser``."""
    parser.add_argument("--out", type=Path, required=True,
                        help="the registry CSV to write (columns of data/registry.csv), with its provenance record")
    parser.add_argument("--title", default=None,
                        help="comma-separated words, one of which the title must hold in some language; a * ends "
                             "a word stem (e.g. 'Kyrgyz*,Киргиз*')")
    parser.add_argument("--from", dest="start", default=None, help="first date, YYYY-MM-DD (default: 2014-01-01); days before "
                        f"{sittings.PORTAL_FROM} are read from the daily tables of contents of texts adopted")
    parser.add_argument("--to", dest="end", default=None, help="last date, YYYY-MM-DD (default: today)")
    parser.add_argument("--procedure", default=None,
                        help="comma-separated procedure types to keep (e.g. RSP, the resolutions on topical subjects)")
    parser.add_argument("--api", default=opendata.API_BASE, help=f"the Open Data Portal (default: {opendata.API_BASE})")
    parser.add_argument("--toc-base", default=ids.DOCEO_BASE,
                        help=f"the document server of the daily tables of contents (default: {ids.DOCEO_BASE})")
    parser.add_argument("--toc-lang", default="en",
                        help="languages of the tables of contents read, comma-separated; --title is matched "
                             "against the titles in each (default: en)")
    parser.add_argument("--cache", type=Path, default=None,
                        help="folder of the answers kept on disk (default: data/.cache/opendata; tables of "
                             "contents in its toc/ folder)")
    parser.add_argument("--refresh", action="store_true", help="ask the portal again instead of using kept answers")
    parser.add_argument("--page-size", type=int, default=50, help="texts per page of the list (default: 50)")
    parser.add_argument("--timeout", type=timeout_seconds, default=30.0, help="seconds each answer may take (default: 30)")
    parser.add_argument("--retries", type=int, default=3, help="retries on 5xx, 429 and connection errors (default: 3)")
    parser.add_argument("--backoff", type=seconds, default=1.0, help="base delay of the backoff in seconds (default: 1)")
    parser.add_argument("--max-retry-after", type=seconds, default=MAX_RETRY_AFTER,
                        help=f"longest Retry-After wait honoured, in seconds (default: {MAX_RETRY_AFTER:g})")


def run(args: argparse.Namespace) -> int:
    """Run ``discover``: write the registry, say how many texts it holds and how many answers were asked."""
    filters = discover.parse_filters(args.title, args.start, args.end, args.procedure)
    if filters.start is None and filters.end is not None and filters.end < sittings.PORTAL_FROM:
        raise InputError(f"--to {filters.end}: before {sittings.PORTAL_FROM}, texts are read from the daily tables of "
                         "contents, day by day: give --from too")
    languages = tuple(normalise_languages(args.toc_lang))
    options = dict(refresh=args.refresh, timeout=args.timeout, retries=args.retries, backoff=args.backoff,
                   max_retry_after=args.max_retry_after)
    portal = opendata.Portal(args.api, args.cache, **options)
    days = sittings.Sittings(args.toc_base, args.cache, **options) if filters.toc_days() else None
    try:
        frame = discover.discover(portal, filters, limit=args.page_size, sittings=days, languages=languages)
    finally:
        portal.close()
        if days is not None:
            days.close()
    discover.write_registry(frame, args.out, portal, filters, days)
    print(f"wrote {len(frame)} adopted text(s) to {args.out} ({portal.requests} answer(s) asked of the portal, "
          f"{len(portal.sources) - portal.requests} read from the cache)")
    if days is not None:
        print(f"tables of contents: {len(days.sources)} sitting day page(s), {len(days.absent)} day(s) without one; "
              f"{days.requests} asked of the document server, the rest read from the cache")
    return 0
