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
