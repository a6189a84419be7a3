"""What a report shows, as plain frozen data: sessions, their rounds, and progress points for the charts.

Nothing here knows the store or the session: `from_store.py` fills these in, `html.py` draws them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class CoveredItem:
    """A checklist item the answer covered, with the words that showed it."""

    id: str
    title: str
    evidence: str | None
    """The exact span of the transcript that showed the item; None when it was covered elsewhere (the rebuttal)."""


@dataclass(frozen=True)
class MissedItem:
    """A checklist item the answer missed, and what to do about it."""

    id: str
    title: str
    tip: str
    example: str
    """A sentence the person could say (the pack's `example`)."""


@dataclass(frozen=True)
class Delivery:
    """How the answer was said; None where it was not measured (typed text, a recognizer that drops fillers)."""

    words: int
    wpm: float | None = None
    """Words per minute over speaking time."""
    duration_s: float | None = None
    fillers_per_100: float | None = None
    """None when the recognizer drops "um" and "uh", so fillers were not counted."""
    fillers: tuple[tuple[str, int], ...] = ()
    """Which fillers, and how often each."""
    hedges: tuple[str, ...] = ()
    long_pauses: int | None = None
    """Pauses over 1.2 s."""
    longest_pause_s: float | None = None


@dataclass(frozen=True)
class Exchange:
    """One line of the role-play after the answer."""

    speaker: str
    """"interviewer" or "you"."""
    text: str
    note: str | None = None
    """A verdict to show beside it ("removes doubt", "partly"...)."""


@dataclass(frozen=True)
class ReportRound:
    """One prompt and the answer to it."""

    number: int
    prompt: str
    transcript: str
    covered: tuple[CoveredItem, ...]
    missed: tuple[MissedItem, ...]
    delivery: Delivery | None = None
    roleplay: tuple[Exchange, ...] = ()
    feedback: str | None = None
    """What the coach said."""
    audio: Path | None = None
    """The answer's recorded audio (FLAC), when it was kept."""
    rebuttal_audio: Path | None = None
    """The recorded answer to the interviewer's reservation (FLAC), when there was one."""
    attempt: int = 1
    """2 and up for a retry of the same prompt."""
    complete: bool = True
    """False for an answer cut off (the audio of an answer in progress when the session was killed)."""


@dataclass(frozen=True)
class ReportSession:
    """One practice session."""

    id: str
    started: str
    """When it started, as the person reads it ("2026-12-06 09:58")."""
    rounds: tuple[ReportRound, ...]
    pack: str = "closing"
    recognizer: str | None = None


@dataclass(frozen=True)
class ProgressPoint:
    """One session's figures on the progress charts."""

    label: str
    """The session on the x axis ("12-06 09:58")."""
    coverage: dict[str, float]
    """Item id -> share of the session's rounds that covered it, 0-1."""
    wpm: float | None = None
    fillers_per_100: float | None = None
    long_pauses: float | None = None
    """Long pauses per answer."""


@dataclass(frozen=True)
class Report:
    """Everything one report file shows: the sessions in detail, and progress over every stored session."""

    sessions: tuple[ReportSession, ...]
    items: tuple[tuple[str, str], ...]
    """The checklist as (id, title), in the pack's order: the legend and the colours."""
    progress: tuple[ProgressPoint, ...] = ()
    title: str = "voicecoach report"
    generated: str = ""
    """When the report was made."""
