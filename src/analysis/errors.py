"""Exceptions that the command line turns into one clear line, and the exit statuses of every command.

Exit statuses (the same for every ``python -m analysis`` command):

* ``0``: done;
* ``1`` (:data:`EXIT_PARTIAL`): done for some items, failed for others, each failure named on
  standard error (``classify`` past an unreadable file, ``fetch`` past a failed download);
* ``2`` (:data:`EXIT_ERROR`): nothing done: bad input, bad data file, bad arguments, no network
  for a required step; one line on standard error;
* ``3`` (:data:`EXIT_INTERNAL`): a bug (set ``ANALYSIS_DEBUG=1`` for the traceback);
* ``130``: interrupted (Ctrl-C).
"""

from __future__ import annotations

EXIT_PARTIAL = 1
EXIT_ERROR = 2
EXIT_INTERNAL = 3
EXIT_INTERRUPTED = 130


class AnalysisError(Exception):
    """Base class: an expected failure with a message meant for the user."""

    exit_code = EXIT_ERROR


class InputError(AnalysisError):
    """A file that cannot be read as a resolution (empty, binary, wrong kind, truncated...)."""


class DataError(AnalysisError):
    """A project data file (registry, lexicon, taxonomy, annotation, case) is missing or malformed."""


class FetchError(AnalysisError):
    """A document could not be downloaded or verified."""
