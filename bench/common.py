"""What every benchmark program shares: its error, its output and how it runs."""

import shlex
import signal
import sys


class BenchError(Exception):
    """A failure of the harness itself (not a missed target): the run exits non-zero."""


def say(text=""):
    """One line on standard output, flushed at once so progress shows during long runs."""
    sys.stdout.write(f"{text}\n")
    sys.stdout.flush()


def interrupted(signum, frame):
    raise KeyboardInterrupt


def run_program(program, run, options):
    """`run(options, command_line)`; exit status 2 on a harness failure, 130 when stopped."""
    command_line = shlex.join([sys.executable, "-m", program, *sys.argv[1:]])
    signal.signal(signal.SIGTERM, interrupted)  # stop gunicorn and clean up, as on Ctrl-C
    try:
        run(options, command_line)
    except BenchError as error:
        say(f"\n{program}: error: {error}")
        return 2
    except KeyboardInterrupt:
        say(f"\n{program}: interrupted")
        return 130
    return 0


def run_judged(program, run, options):
    """`run_program` for a program whose `run` returns its failed verdicts: exit 0 when every
    verdict passed, 1 when one failed, 2 on a harness failure."""
    failures = []

    def run_and_keep_failures(options, command_line):
        failures.extend(run(options, command_line))

    status = run_program(program, run_and_keep_failures, options)
    if status == 0 and failures:
        say(f"\n{program}: FAILED ({len(failures)} of the targets above)")
        return 1
    return status
