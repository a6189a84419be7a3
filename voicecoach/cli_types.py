"""What each command-line option must be: argparse `type=` checks (finite numbers in range, paths of the right kind)
and a parser whose errors are one line.

A check raises argparse.ArgumentTypeError with the reason; argparse adds the option's name, so the person reads
`voicecoach practice: argument --end-silence: must be a number of seconds, not nan`, and the exit code is 2.
"""

from __future__ import annotations

import argparse
import math
import os
from collections.abc import Callable
from pathlib import Path

EXIT_USAGE = 2
"""argparse's exit code for bad usage, kept: every bad input exits 2."""

MAX_ROUNDS = 1000
"""--rounds' ceiling: more than any session, low enough that a typo (--rounds 10000000) is caught."""
RATE_WPM = (60, 400)
"""--rate's range, words per minute: slower is not speech, faster is not understood (people speak 120-180)."""
END_SILENCE_S = (0.3, 30.0)
"""--end-silence's range in seconds, the lower end excluded: shorter cuts answers at every breath."""
MAX_ANSWER_S = (1.0, 3600.0)
"""--max-answer's range in seconds."""


class OneLineParser(argparse.ArgumentParser):
    """An ArgumentParser that reports bad usage in one line with where to look, not a usage block and a line.

    `voicecoach practice --rate 0` -> `voicecoach practice: argument --rate: must be from 60 to 400 words per minute,
    not 0 (see voicecoach practice --help)`. Subcommand parsers are made of the same class by argparse.
    """

    def error(self, message: str):
        self.exit(EXIT_USAGE, f"{self.prog}: {' '.join(message.split())} (see {self.prog} --help)\n")


def number_in(
    low: float, high: float, unit: str, *, integer: bool = False, above: bool = False
) -> Callable[[str], float]:
    """A type= check: a finite number from `low` (or over it, with above=True) to `high`, in `unit`.

    >>> number_in(0.3, 30, "seconds", above=True)("nan")
    Traceback (most recent call last):
    argparse.ArgumentTypeError: must be a number of seconds over 0.3 and up to 30, not 'nan'
    """
    kind = "a whole number" if integer else "a number"
    limits = f"over {low:g} and up to {high:g}" if above else f"from {low:g} to {high:g}"
    wanted = f"must be {kind} of {unit} {limits}"

    def check(text: str) -> float:
        try:
            value = int(text) if integer else float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{wanted}, not {text!r}") from None
        if not math.isfinite(value) or value > high or value < low or (above and value == low):
            raise argparse.ArgumentTypeError(f"{wanted}, not {text!r}")
        return value

    check.__name__ = unit  # argparse names the type by it in its own messages
    return check


def existing_file(what: str) -> Callable[[str], str]:
    """A type= check: a file that exists and is not a folder (`what` names it in the message: "audio file")."""

    def check(text: str) -> str:
        path = Path(text).expanduser()
        if path.is_dir():
            raise argparse.ArgumentTypeError(f"{text}: a folder, not {_article(what)} {what}")
        if not path.is_file():
            raise argparse.ArgumentTypeError(f"{text}: no such file")
        if not os.access(path, os.R_OK):
            raise argparse.ArgumentTypeError(f"{text}: cannot read this {what} (permission denied)")
        return str(path)

    check.__name__ = what
    return check


def writable_folder(text: str) -> str:
    """A type= check: a folder that exists or can be made, and can be written to (--speak-to DIR)."""
    path = Path(text).expanduser()
    if path.exists() and not path.is_dir():
        raise argparse.ArgumentTypeError(f"{text}: a file, not a folder")
    _check_can_create(path, text)
    return str(path)


def writable_file(text: str) -> str:
    """A type= check: a file that can be appended to, in a folder that exists (--events FILE)."""
    path = Path(text).expanduser()
    if path.is_dir():
        raise argparse.ArgumentTypeError(f"{text}: a folder, not a file")
    if path.exists():
        if not os.access(path, os.W_OK):
            raise argparse.ArgumentTypeError(f"{text}: cannot write to this file (permission denied)")
        return str(path)
    parent = path.parent
    if not parent.is_dir():
        raise argparse.ArgumentTypeError(f"{text}: no folder {parent} to write it in")
    if not os.access(parent, os.W_OK):
        raise argparse.ArgumentTypeError(f"{text}: cannot write in {parent} (permission denied)")
    return str(path)


def _check_can_create(path: Path, text: str) -> None:
    """The nearest existing folder on the way to `path` must be a folder we may write in (when `path` is new)."""
    here = path if path.exists() else next((p for p in path.parents if p.exists()), Path("."))
    if not here.is_dir():
        raise argparse.ArgumentTypeError(f"{text}: {here} is a file, so no folder can be made there")
    if not os.access(here, os.W_OK | os.X_OK):
        raise argparse.ArgumentTypeError(f"{text}: cannot write in {here} (permission denied)")


def _article(word: str) -> str:
    return "an" if word[:1].lower() in "aeiou" else "a"


DEFAULT_SECONDS = 3.0
"""How long the microphone check listens."""
MAX_SECONDS = 60.0
"""The longest --seconds: a check, not a recording."""


def seconds_option(text: str) -> float:
    """--seconds: a finite number of seconds over 0 and at most MAX_SECONDS (an argparse type)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    if not math.isfinite(value) or not 0 < value <= MAX_SECONDS:
        raise argparse.ArgumentTypeError(f"must be over 0 and at most {MAX_SECONDS:g} seconds, not {text}")
    return value
