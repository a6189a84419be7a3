"""Session events: typed, timestamped facts that the terminal view, the log file and tests listen to.

Each kind of event is a small frozen dataclass named after its type (`segment` -> `SegmentEvent`), so
listeners read fields (`event.text`, `event.audio_t`), not dict keys. `to_json()` gives the line that
`--events` writes: `{"event": type, "t": seconds, ...fields}`, field names as here.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from enum import StrEnum
from pathlib import Path
from typing import IO, TYPE_CHECKING, ClassVar

from voicecoach.coaching.assess import coaching_json

if TYPE_CHECKING:
    from voicecoach.coaching.coach import Coaching
    from voicecoach.coaching.roleplay import RebuttalVerdict


class EventType(StrEnum):
    """Every event a session reports, by the name its JSON line carries."""

    SESSION_START = "session_start"
    PROMPT_START = "prompt_start"
    PROMPT_END = "prompt_end"
    BARGE_IN = "barge_in"
    SPEECH_START = "speech_start"
    SEGMENT = "segment"
    HOLD = "hold"
    PARTIAL_ASSESSMENT = "partial_assessment"
    SPEECH_END = "speech_end"
    TRANSCRIPT = "transcript"
    COMMAND = "command"
    ASSESSMENT = "assessment"
    INTERVIEWER_ANSWER = "interviewer_answer"
    INTERVIEWER_START = "interviewer_start"
    INTERVIEWER_END = "interviewer_end"
    RESERVATION_RAISED = "reservation_raised"
    RESERVATION_START = "reservation_start"
    RESERVATION_END = "reservation_end"
    REBUTTAL_ASSESSED = "rebuttal_assessed"
    ASSESSMENT_UPDATE = "assessment_update"
    FEEDBACK_START = "feedback_start"
    FEEDBACK_END = "feedback_end"
    RETRY = "retry"
    HELP_START = "help_start"
    HELP_END = "help_end"
    SCORE_START = "score_start"
    SCORE_END = "score_end"
    PAUSE_START = "pause_start"
    PAUSE_END = "pause_end"
    SUMMARY = "summary"
    SUMMARY_START = "summary_start"
    SUMMARY_END = "summary_end"
    NOTICE = "notice"
    ERROR = "error"


class SpokenKind(StrEnum):
    """What is being said aloud; each kind has its `<kind>_start` and `<kind>_end` events."""

    PROMPT = "prompt"
    """The interviewer's question that opens a round."""
    INTERVIEWER = "interviewer"
    """The interviewer's reply to a question, or its reaction to a rebuttal."""
    RESERVATION = "reservation"
    """The interviewer raising a reservation for the person to answer."""
    FEEDBACK = "feedback"
    HELP = "help"
    SCORE = "score"
    PAUSE = "pause"
    SUMMARY = "summary"


ROUND_2 = {"round": 2}
"""Field metadata: the JSON line rounds this field to 2 decimals (seconds to the hundredth)."""
OMIT_NONE = {"omit_none": True}
"""Field metadata: the JSON line leaves this field out when it is None."""


@dataclass(frozen=True, kw_only=True)
class Event:
    """One thing that happened in a session; subclasses set TYPE and add their fields."""

    TYPE: ClassVar[EventType]
    type: EventType = field(init=False)
    """Which event this is: the `event` name of its JSON line."""
    t: float = field(default_factory=time.monotonic)
    """time.monotonic() seconds when it happened."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "type", self._type())

    def _type(self) -> EventType:
        return self.TYPE

    def to_json(self) -> dict:
        """The `--events` line: {"event": type, "t": seconds to 0.1 ms, ...fields}."""
        return {"event": str(self.type), "t": round(self.t, 4), **self._fields_json()}

    def _fields_json(self) -> dict:
        out = {}
        for f in fields(self):
            if f.name in ("type", "t"):
                continue
            value = getattr(self, f.name)
            if value is None and f.metadata.get("omit_none"):
                continue
            if "round" in f.metadata:
                value = round(value, f.metadata["round"])
            out[f.name] = list(value) if isinstance(value, tuple) else value
        return out


Listener = Callable[[Event], None]


# ---------------------------------------------------------------- the session and what is said aloud


@dataclass(frozen=True, kw_only=True)
class SessionStartEvent(Event):
    """The session began."""

    TYPE = EventType.SESSION_START
    pack: str
    """The prompt pack's name."""
    rounds: int
    """Rounds asked for (fewer are played when recorded answers run out)."""
    recognizer: str
    """The speech recognizer's name."""


@dataclass(frozen=True, kw_only=True)
class SpokenStartEvent(Event):
    """Something began to be said aloud (`prompt_start`, `feedback_start`...): at its first sample."""

    kind: SpokenKind
    """What is said; the event's type is `<kind>_start`. Not a field of the JSON line."""
    text: str
    """The words said."""
    round: int | None = field(default=None, metadata=OMIT_NONE)
    """The round (from 1) a prompt or reservation is asked in; None for the rest."""
    lines: tuple[str, ...] | None = field(default=None, metadata=OMIT_NONE)
    """The printed lines that go with spoken feedback; None for the rest."""

    def _type(self) -> EventType:
        return EventType(f"{self.kind}_start")

    def _fields_json(self) -> dict:
        out = super()._fields_json()
        del out["kind"]
        return out


@dataclass(frozen=True, kw_only=True)
class SpokenEndEvent(Event):
    """Saying something ended (`prompt_end`, `feedback_end`...), played out or interrupted."""

    kind: SpokenKind
    """What was said; the event's type is `<kind>_end`. Not a field of the JSON line."""
    interrupted: bool | None = field(default=None, metadata=OMIT_NONE)
    """For a prompt or reservation: the person spoke over it and it stopped; None for the rest."""

    def _type(self) -> EventType:
        return EventType(f"{self.kind}_end")

    def _fields_json(self) -> dict:
        out = super()._fields_json()
        del out["kind"]
        return out


@dataclass(frozen=True, kw_only=True)
class BargeInEvent(Event):
    """The person spoke over the interviewer, which stopped."""

    TYPE = EventType.BARGE_IN
    audio_t: float = field(metadata=ROUND_2)
    """Seconds into the answer's audio (from when the interviewer began asking)."""
    over: SpokenKind | None = field(default=None, metadata=OMIT_NONE)
    """What was being said: prompt, reservation, interviewer (a reply or a reaction) or feedback."""


# ---------------------------------------------------------------- the listening turn


@dataclass(frozen=True, kw_only=True)
class SpeechStartEvent(Event):
    """The person began to answer (the first speech of the turn)."""

    TYPE = EventType.SPEECH_START
    audio_t: float = field(metadata=ROUND_2)
    """Seconds into the answer's audio."""


@dataclass(frozen=True, kw_only=True)
class SegmentEvent(Event):
    """A stretch of speech between pauses, recognised while the person goes on."""

    TYPE = EventType.SEGMENT
    text: str
    """What the recognizer heard in it."""
    start_s: float = field(metadata=ROUND_2)
    """Seconds into the answer's audio where it starts (padding included)."""
    end_s: float = field(metadata=ROUND_2)
    """Seconds into the answer's audio where it ends (padding included)."""


@dataclass(frozen=True, kw_only=True)
class HoldEvent(Event):
    """The person asked for time to think ("let me think"): the answer waits longer before it ends."""

    TYPE = EventType.HOLD
    text: str
    """The segment that asked for time."""


@dataclass(frozen=True, kw_only=True)
class PartialAssessmentEvent(Event):
    """What the answer covers so far, after each segment."""

    TYPE = EventType.PARTIAL_ASSESSMENT
    covered: tuple[str, ...]
    """Checklist item ids covered so far, in the pack's order."""


@dataclass(frozen=True, kw_only=True)
class SpeechEndEvent(Event):
    """The answer is over."""

    TYPE = EventType.SPEECH_END
    audio_t: float = field(metadata=ROUND_2)
    """Seconds into the answer's audio."""
    reason: str
    """"silence", "finished", "max_length", "no_answer" or "end_of_audio"."""


@dataclass(frozen=True, kw_only=True)
class TranscriptEvent(Event):
    """The whole answer as recognised."""

    TYPE = EventType.TRANSCRIPT
    text: str
    words: int
    """Number of timed words (0 when the recognizer gives no timings)."""
    answer_s: float = field(metadata=ROUND_2)
    """Seconds of audio the turn took, from when the interviewer began asking."""


@dataclass(frozen=True, kw_only=True)
class CommandEvent(Event):
    """The person gave a voice command ("skip", "again", "help"...) in place of an answer."""

    TYPE = EventType.COMMAND
    name: str
    """One of the command names in voicecoach.turn.commands."""
    text: str
    """The words that were taken for the command."""


# ---------------------------------------------------------------- assessment and role-play


@dataclass(frozen=True, kw_only=True)
class AssessmentEvent(Event):
    """The whole answer judged: the checklist, delivery and the questions asked."""

    TYPE = EventType.ASSESSMENT
    coaching: Coaching

    @property
    def covered(self) -> list[str]:
        """Checklist item ids covered, in the pack's order."""
        return self.coaching.assessment.covered

    @property
    def missed(self) -> list[str]:
        """Checklist item ids missed, in the pack's order."""
        return self.coaching.assessment.missed

    def _fields_json(self) -> dict:
        return {"covered": self.covered, "missed": self.missed, **coaching_json(self.coaching)}


@dataclass(frozen=True, kw_only=True)
class InterviewerAnswerEvent(Event):
    """The interviewer answers one of the person's questions (it is then said as `interviewer_start`/`_end`)."""

    TYPE = EventType.INTERVIEWER_ANSWER
    text: str
    kind: str
    """"answer", "next_steps" or "no_reservation" (see voicecoach.coaching.roleplay.InterviewerLine)."""
    question: str | None
    """The person's question it answers, when there is one."""


@dataclass(frozen=True, kw_only=True)
class ReservationRaisedEvent(Event):
    """Asked for its reservations, the interviewer raises one for the person to answer."""

    TYPE = EventType.RESERVATION_RAISED
    id: str
    """The reservation's id in the pack."""
    text: str
    """What the interviewer says to raise it."""


@dataclass(frozen=True, kw_only=True)
class RebuttalAssessedEvent(Event):
    """The person's answer to the reservation, judged."""

    TYPE = EventType.REBUTTAL_ASSESSED
    transcript: str
    """The answer to the reservation as recognised."""
    rebuttal: RebuttalVerdict

    def _fields_json(self) -> dict:
        return {"transcript": self.transcript, **self.rebuttal.to_json()}


@dataclass(frozen=True, kw_only=True)
class AssessmentUpdateEvent(Event):
    """A checklist item changed after the assessment (a rebuttal that removes doubt clears up doubts)."""

    TYPE = EventType.ASSESSMENT_UPDATE
    item: str
    """The checklist item id."""
    covered: bool
    evidence: str | None
    """The words that showed it."""


# ---------------------------------------------------------------- rounds and the summary


@dataclass(frozen=True, kw_only=True)
class RetryEvent(Event):
    """The person said "again": the same prompt is asked once more."""

    TYPE = EventType.RETRY
    prompt: str
    attempt: int
    """2 for the first retry, and so on."""


@dataclass(frozen=True, kw_only=True)
class SummaryEvent(Event):
    """The summary of the rounds played (also after Ctrl-C)."""

    TYPE = EventType.SUMMARY
    rounds: int
    """Rounds completed."""
    text: str
    """What the coach says."""
    lines: tuple[str, ...]
    """What is printed."""


@dataclass(frozen=True, kw_only=True)
class NoticeEvent(Event):
    """Something the person should know that is not an error."""

    TYPE = EventType.NOTICE
    text: str


@dataclass(frozen=True, kw_only=True)
class ErrorEvent(Event):
    """A device or engine failed mid-session."""

    TYPE = EventType.ERROR
    text: str


# ---------------------------------------------------------------- listeners


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

    def emit(self, event: Event) -> Event:
        for listener in self.listeners:
            listener(event)
        return event
