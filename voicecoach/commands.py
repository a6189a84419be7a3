"""Words that steer a turn: "let me think" buys time, "that's all" ends the answer."""

from __future__ import annotations

from rapidfuzz import fuzz

HOLD_PHRASES = ("let me think", "give me a second", "give me a moment", "hold on", "one moment", "just a second")
FINISH_PHRASES = ("that's all", "that is all", "i'm done", "i am done", "that's it", "i'm finished", "that's everything")
TAIL_WORDS = 6
"""Only the end of a segment is searched: "that's all I wanted to say" ends an answer, "that's all the
questions I had, and also ..." does not end with it."""


def _ends_with(text: str, phrases: tuple[str, ...], cutoff: float) -> bool:
    tail = " ".join(text.lower().replace("'", "'").split()[-TAIL_WORDS:])
    return any(fuzz.partial_ratio(p, tail, score_cutoff=cutoff) for p in phrases)


def asks_for_time(segment_text: str, *, cutoff: float = 86.0) -> bool:
    """The person asked for a moment to think."""
    return _ends_with(segment_text, HOLD_PHRASES, cutoff)


def says_finished(segment_text: str, *, cutoff: float = 90.0) -> bool:
    """The person said their answer is over."""
    return _ends_with(segment_text, FINISH_PHRASES, cutoff)
