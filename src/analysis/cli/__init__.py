"""Command line: ``python -m analysis <command>``.

Every command turns an expected failure (bad input, missing data, network trouble) into
one line on standard error and a non-zero exit status, never a traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import os
import sys
from collections.abc import Sequence

from analysis import __version__, collector
from analysis.errors import EXIT_INTERNAL, EXIT_INTERRUPTED, EXIT_PARTIAL, AnalysisError

# command -> (module under analysis.cli, one-line help); each module has configure_parser and run
COMMANDS = {
    "fetch": ("fetch", "download registry documents (or any, by reference) from the Parliament's official pages"),
    "discover": ("discover", "build a registry of adopted texts from the Parliament's Open Data Portal"),
    "parse": ("parse", "parse one or more resolutions into metadata and units"),
    "classify": ("classify", "classify operative paragraphs by verb strength, addressees and themes"),
    "lexicon-gaps": ("gaps", "list operative phrases that the verb lexicon does not know"),
    "report": ("report", "the main job: parse, classify, compare, write tables and figures"),
    "sheet": ("sheet", "coding sheets: export one for a human coder, import a completed one"),
    "agreement": ("agreement", "agreement between coders and with the classifier (percent, kappa, alpha)"),
    "crosscheck": ("crosscheck", "compare the coding of language versions of one resolution, paragraph by paragraph"),
    "data-dictionary": ("dictionary", "the data dictionary of the report's tables (docs/data_dictionary.md)"),
}

EPILOG = """exit status (every command): 0 done; 1 done for some items, failed for others (each named on
standard error); 2 nothing done: bad input, data file or arguments (one line on standard error);
3 internal error (ANALYSIS_DEBUG=1 shows the traceback); 130 interrupted."""


def build_parser(argv: Sequence[str] = ()) -> argparse.ArgumentParser:
    """The argument parser; only the subcommand named in ``argv`` imports its module."""
    parser = argparse.ArgumentParser(
        prog="python -m analysis",
        description="Parse and classify the operative language of European Parliament resolutions.",
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    chosen = next((a for a in argv if not a.startswith("-")), None)
    for name, (module_name, help_text) in COMMANDS.items():
        sub_parser = sub.add_parser(name, help=help_text, description=help_text, epilog=EPILOG,
                                    formatter_class=argparse.RawDescriptionHelpFormatter)
        if name != chosen:
            continue
        module = importlib.import_module(f"analysis.cli.{module_name}")
        module.configure_parser(sub_parser)
        sub_parser.set_defaults(_run=module.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run a command; return its exit status."""
    argv = list(sys.argv[1:] if argv is None else argv)
    with contextlib.ExitStack() as command:
        try:
            with collector.paused():  # importing the command's modules (pandas and all) leaves nothing to collect,
                args = build_parser(argv).parse_args(argv)
                command.enter_context(collector.kept())  # and what it made lives to the end of the command (#12)
        except KeyboardInterrupt:  # Ctrl-C while the command's modules load: one line, as during the command
            print("analysis: interrupted", file=sys.stderr)
            return EXIT_INTERRUPTED
        return _command(args, argv)


def _command(args: argparse.Namespace, argv: list[str]) -> int:
    """The command ``args`` names, its expected failures turned into one line and an exit status."""
    args.argv = argv  # the command line as given, for the commands that record it (report's manifest)
    prefix = f"analysis {args.command}"
    try:
        return int(args._run(args) or 0)
    except AnalysisError as exc:
        print(f"{prefix}: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print(f"{prefix}: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_PARTIAL
    except Exception as exc:  # a bug, not bad input: still one line unless debugging
        if os.environ.get("ANALYSIS_DEBUG"):
            raise
        print(f"{prefix}: internal error: {type(exc).__name__}: {exc} "
              "(set ANALYSIS_DEBUG=1 for the traceback)", file=sys.stderr)
        return EXIT_INTERNAL
