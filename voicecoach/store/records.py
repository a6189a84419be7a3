"""What the store hands back: one session, one round, and the figures charts are drawn from (plain frozen data)."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path


@dataclass(frozen=True)
class SessionRecord:
    """One practice session as saved."""

    id: int
    started: datetime
    """When it began, in local time (aware)."""
    day: str
    """The local date it began, YYYY-MM-DD."""
    pack: str
    recognizer: str
    rounds_planned: int
    ended: datetime | None
    """When its summary came; None when it was cut off (killed) or is still running."""
    rounds: int
    """Rounds assessed (retries included)."""
    covered: tuple[str, ...]
    """Checklist item ids covered in at least one of its rounds, sorted."""
    unfinished: int = 0
    """Rounds cut off before they were assessed (their audio is kept, marked incomplete)."""


@dataclass(frozen=True)
class RoundRecord:
    """One round as saved: the prompt, the answer, its verdicts, delivery, role-play and the feedback given."""

    id: int
    session_id: int
    number: int
    """From 1, in the order asked; a retry is a round of its own."""
    attempt: int
    """1, or 2 and up for a retry of the same prompt."""
    started: datetime
    prompt: str
    transcript: str | None
    words: tuple[tuple[str, float, float], ...]
    """(word, start_s, end_s) per recognised word; empty without timings."""
    answer_s: float | None
    """Seconds of audio the answer turn took."""
    keeps_fillers: bool | None
    """False when the recognizer drops um/uh (filler counts are then not counted)."""
    items: dict[str, dict]
    """item_id -> {"covered", "score", "confidence", "evidence"} in the pack's order (as `assess --json`)."""
    delivery: dict | None
    """The `assess --json` delivery object."""
    questions: tuple[dict, ...]
    """{"text", "kind"} per question the person asked."""
    interviewer: tuple[dict, ...]
    """{"text", "kind", "question"} per reply the interviewer gave."""
    reservation: dict | None
    """{"id", "text"}: the reservation the interviewer raised, if any."""
    rebuttal: dict | None
    """The `rebuttal_assessed` event's fields: transcript, reservation, verdict, criteria, dismissive, tip."""
    feedback_spoken: str | None
    feedback_printed: tuple[str, ...]
    audio_path: Path | None
    """The answer's FLAC (absolute), or None; it may be cut short when `complete` is False."""
    rebuttal_audio_path: Path | None
    """The answer to the reservation as FLAC, or None."""
    assessed: bool
    """The verdicts are saved (False: cut off mid-answer)."""
    complete: bool
    """The feedback was given: the round ran to its end."""

    @property
    def covered(self) -> list[str]:
        """Item ids covered, in the pack's order."""
        return [i for i, v in self.items.items() if v.get("covered")]

    @property
    def missed(self) -> list[str]:
        """Item ids missed, in the pack's order."""
        return [i for i, v in self.items.items() if not v.get("covered")]

    def to_json(self) -> dict:
        """The round as `voicecoach export` writes it."""
        return {
            "id": self.id, "number": self.number, "attempt": self.attempt, "started": self.started.isoformat(),
            "prompt": self.prompt, "transcript": self.transcript, "words": [list(w) for w in self.words],
            "answer_s": self.answer_s, "keeps_fillers": self.keeps_fillers, "items": self.items,
            "delivery": self.delivery, "questions": list(self.questions), "interviewer": list(self.interviewer),
            "reservation": self.reservation, "rebuttal": self.rebuttal, "feedback_spoken": self.feedback_spoken,
            "feedback_printed": list(self.feedback_printed),
            "audio": str(self.audio_path) if self.audio_path else None,
            "rebuttal_audio": str(self.rebuttal_audio_path) if self.rebuttal_audio_path else None,
            "assessed": self.assessed, "complete": self.complete,
        }  # fmt: skip


@dataclass(frozen=True)
class ItemOutcome:
    """One checklist verdict in time: what drills and charts read."""

    session_id: int
    round_id: int
    started: float
    """The round's start, seconds since the epoch."""
    day: str
    item_id: str
    covered: bool


@dataclass(frozen=True)
class SessionFigures:
    """One session's figures for charts: covered share per item and delivery averages over its rounds."""

    session_id: int
    started: float
    """Seconds since the epoch."""
    day: str
    rounds: int
    covered_share: dict[str, float]
    """item_id -> share of its assessed rounds that covered it (0-1)."""
    wpm: float | None
    fillers_per_100: float | None
    """None when no round's fillers were counted."""
    long_pauses: float | None
    """Long pauses per round."""


_ZONES: dict[int, timezone] = {}


def local_time(ts: float) -> datetime:
    """Seconds since the epoch as an aware local datetime (the offset in force then, daylight saving included)."""
    offset = time.localtime(ts).tm_gmtoff
    zone = _ZONES.get(offset) or _ZONES.setdefault(offset, timezone(timedelta(seconds=offset)))
    return datetime.fromtimestamp(ts, zone)


def loads(text: str | None, empty=None):
    """JSON from a column, or `empty` for NULL."""
    return empty if text is None else json.loads(text)
