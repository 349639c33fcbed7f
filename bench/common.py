"""What every part of the benchmark runner shares: its error and its output."""

import sys


class BenchError(Exception):
    """A failure of the harness itself (not a missed target): the run exits non-zero."""


def say(text=""):
    """One line on standard output, flushed at once so progress shows during long runs."""
    sys.stdout.write(f"{text}\n")
    sys.stdout.flush()
