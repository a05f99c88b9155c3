"""Exceptions that the command line turns into one clear line and a non-zero exit."""

from __future__ import annotations


class AnalysisError(Exception):
    """Base class: an expected failure with a message meant for the user."""

    exit_code = 2


class InputError(AnalysisError):
    """A file that cannot be read as a resolution (empty, binary, wrong kind, truncated...)."""


class DataError(AnalysisError):
    """A project data file (registry, lexicon, taxonomy, annotation) is missing or malformed."""


class FetchError(AnalysisError):
    """A document could not be downloaded or verified."""
