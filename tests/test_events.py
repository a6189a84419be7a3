"""Typed events: one class per kind, and the `--events` JSON line each one gives."""

import dataclasses
import json

import pytest

from voicecoach import events as ev
from voicecoach.events import (
    CommandEvent,
    Event,
    EventBus,
    EventLog,
    EventType,
    SegmentEvent,
    SpeechEndEvent,
    SpokenEndEvent,
    SpokenKind,
    SpokenStartEvent,
    SummaryEvent,
    TranscriptEvent,
)


def test_every_event_type_has_a_typed_event():
    classes = [cls for cls in vars(ev).values() if isinstance(cls, type) and issubclass(cls, Event)]
    fixed = {cls.TYPE for cls in classes if "TYPE" in vars(cls)}
    spoken = {EventType(f"{kind}_{end}") for kind in SpokenKind for end in ("start", "end")}
    assert fixed | spoken == set(EventType) and not fixed & spoken


@pytest.mark.parametrize(
    "event, line",
    [
        (SegmentEvent(text="i want this job", start_s=0.123456, end_s=1.98765, t=12.3456789),
         {"event": "segment", "t": 12.3457, "text": "i want this job", "start_s": 0.12, "end_s": 1.99}),
        (SpeechEndEvent(audio_t=6.1049, reason="silence", t=1.0),
         {"event": "speech_end", "t": 1.0, "audio_t": 6.1, "reason": "silence"}),
        (TranscriptEvent(text="", words=0, answer_s=20.004, t=1.0),
         {"event": "transcript", "t": 1.0, "text": "", "words": 0, "answer_s": 20.0}),
        (SpokenStartEvent(kind=SpokenKind.PROMPT, text="Any questions?", round=2, t=1.0),
         {"event": "prompt_start", "t": 1.0, "text": "Any questions?", "round": 2}),
        (SpokenEndEvent(kind=SpokenKind.RESERVATION, interrupted=True, t=1.0),
         {"event": "reservation_end", "t": 1.0, "interrupted": True}),
        (SpokenStartEvent(kind=SpokenKind.FEEDBACK, text="Top fix: ...", lines=("  a", "  b"), t=1.0),
         {"event": "feedback_start", "t": 1.0, "text": "Top fix: ...", "lines": ["  a", "  b"]}),
        (SpokenStartEvent(kind=SpokenKind.INTERVIEWER, text="Soon.", t=1.0),
         {"event": "interviewer_start", "t": 1.0, "text": "Soon."}),
        (SpokenEndEvent(kind=SpokenKind.SUMMARY, t=1.0), {"event": "summary_end", "t": 1.0}),
        (SummaryEvent(rounds=1, text="Session over.", lines=("  x",), t=1.0),
         {"event": "summary", "t": 1.0, "rounds": 1, "text": "Session over.", "lines": ["  x"]}),
    ],
)  # fmt: skip
def test_the_json_line_keeps_its_names_fields_and_rounding(event, line):
    assert event.to_json() == line
    assert list(event.to_json()) == list(line)  # the same order of fields, too


def test_the_type_follows_the_spoken_kind_and_events_are_frozen():
    started = SpokenStartEvent(kind=SpokenKind.HELP, text="Say skip to skip.")
    assert started.type == EventType.HELP_START == "help_start"
    assert started.round is None and started.lines is None
    with pytest.raises(dataclasses.FrozenInstanceError):
        started.text = "something else"


def test_the_bus_hands_each_event_to_every_listener_and_the_log_writes_its_line(tmp_path):
    seen = []
    log = EventLog(tmp_path / "ev.jsonl")
    bus = EventBus(seen.append, log)
    first = bus.emit(CommandEvent(name="skip", text="skip"))
    second = bus.emit(SpokenEndEvent(kind=SpokenKind.PROMPT, interrupted=False))
    log.close()
    assert seen == [first, second] and first.t <= second.t
    lines = [json.loads(line) for line in (tmp_path / "ev.jsonl").read_text().splitlines()]
    assert lines == [first.to_json(), second.to_json()]
    assert lines[0]["event"] == "command"
    assert lines[1] == {"event": "prompt_end", "t": round(second.t, 4), "interrupted": False}


def test_an_unwritable_log_says_where():
    with pytest.raises(ValueError, match="cannot write the event log"):
        EventLog("/nonexistent-folder/ev.jsonl")
