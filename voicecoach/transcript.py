"""What a recognizer hands back: the words of an answer with their timings."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Word:
    """One recognised word."""

    text: str
    """The word as the recognizer spelled it, lower case (fillers such as "um" included)."""
    start: float
    """Seconds from the start of the answer."""
    end: float
    """Seconds from the start of the answer."""


@dataclass(frozen=True)
class Transcript:
    """The recognised text of one answer."""

    text: str
    words: tuple[Word, ...] = field(default=())
    """Word timings; empty when the engine gives none (cloud engines, plain text)."""
    keeps_fillers: bool = True
    """False for engines known to drop um/uh (Whisper family): filler counts cannot be trusted."""
    duration_s: float = 0.0
    """Length of the audio the transcript came from, in seconds (0 for typed text)."""
    punctuated: str = ""
    """The recognizer's own text, with its punctuation ("What are the next steps?"), where it writes one (Whisper);
    empty for engines that write none. The end-of-turn policy reads a closing question mark or a trailing comma
    in it (turn/end_of_turn.py); the matcher reads `text`."""

    @classmethod
    def from_text(cls, text: str) -> Transcript:
        """A transcript of typed text, with no timings."""
        return cls(text=" ".join(text.split()))
