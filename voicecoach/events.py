"""Session events: typed, timestamped facts that the terminal view, the log file and tests listen to."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

EVENT_TYPES = (
    "session_start", "prompt_start", "prompt_end", "barge_in", "speech_start", "segment", "hold",
    "partial_assessment", "speech_end", "transcript", "command", "assessment",
    "interviewer_answer", "interviewer_start", "interviewer_end",
    "reservation_raised", "reservation_start", "reservation_end", "rebuttal_assessed", "assessment_update",
    "feedback_start", "feedback_end", "retry", "help_start", "help_end", "score_start", "score_end",
    "pause_start", "pause_end", "summary", "summary_start", "summary_end", "notice", "error",
)  # fmt: skip


@dataclass(frozen=True)
class Event:
    """One thing that happened in a session."""

    type: str
    t: float
    """time.monotonic() seconds when it happened."""
    data: dict = field(default_factory=dict)

    def to_json(self) -> dict:
        return {"event": self.type, "t": round(self.t, 4), **self.data}


Listener = Callable[[Event], None]


class EventLog:
    """Writes events as JSON lines, flushed one by one so a crash or Ctrl-C loses nothing."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        try:
            self._file: IO[str] = self.path.open("a", encoding="utf-8")
        except OSError as exc:
            raise ValueError(f"{self.path}: cannot write the event log ({exc.strerror})") from None

    def __call__(self, event: Event) -> None:
        self._file.write(json.dumps(event.to_json(), ensure_ascii=False) + "\n")
        self._file.flush()

    def close(self) -> None:
        self._file.close()


class EventBus:
    """Hands each event to every listener."""

    def __init__(self, *listeners: Listener):
        self.listeners = list(listeners)

    def emit(self, type: str, **data) -> Event:
        event = Event(type, time.monotonic(), data)
        for listener in self.listeners:
            listener(event)
        return event
