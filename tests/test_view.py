"""The terminal views: a live panel on a terminal, plain lines elsewhere, fed scripted session events."""

import io

import pytest
from rich.console import Console

from voicecoach.checklist.verdicts import Assessment, ItemVerdict
from voicecoach.coaching.coach import coach
from voicecoach.events import (
    AssessmentEvent,
    CommandEvent,
    PartialAssessmentEvent,
    SegmentEvent,
    SpeechEndEvent,
    SpeechStartEvent,
    SpokenEndEvent,
    SpokenKind,
    SpokenStartEvent,
    TranscriptEvent,
)
from voicecoach.transcript import Transcript
from voicecoach.view import LiveView, TerminalView, make_view

HEARD = "i really want this job what are the next steps"


def judged(covered: list[str]):
    """The coaching of an answer whose checklist covered exactly these items."""
    ids = ("want_the_job", "reservations", "clarify_doubts", "next_steps", "good_questions")
    assessment = Assessment(HEARD, {i: ItemVerdict(i, i in covered, 90.0 if i in covered else 10.0, None) for i in ids})
    return coach(assessment, Transcript.from_text(HEARD))


def round_events():
    return [
        SpokenStartEvent(kind=SpokenKind.PROMPT, text="Do you have any questions for us?", round=1, t=0.0),
        SpokenEndEvent(kind=SpokenKind.PROMPT, interrupted=False, t=1.0),
        SpeechStartEvent(audio_t=0.4, t=2.0),
        SegmentEvent(text="i really want this job", start_s=0.2, end_s=2.1, t=3.0),
        PartialAssessmentEvent(covered=("want_the_job",), t=4.0),
        SegmentEvent(text="what are the next steps", start_s=3.0, end_s=4.6, t=5.0),
        PartialAssessmentEvent(covered=("want_the_job", "next_steps"), t=6.0),
        SpeechEndEvent(audio_t=6.1, reason="silence", t=7.0),
        TranscriptEvent(text=HEARD, words=10, answer_s=6.1, t=8.0),
        AssessmentEvent(coaching=judged(["want_the_job", "next_steps"]), t=9.0),
        SpokenStartEvent(kind=SpokenKind.FEEDBACK, text="Ask whether they have any reservations about you.",
                         lines=("  Covered 2 of 5",), t=10.0),
        SpokenEndEvent(kind=SpokenKind.FEEDBACK, t=11.0),
    ]  # fmt: skip


def shown(view: LiveView) -> str:
    """The panel as plain text, as it would be drawn now."""
    console = Console(record=True, width=100, file=io.StringIO())
    console.print(view.render())
    return console.export_text()


def ticked(text: str) -> set[str]:
    return {line.split("[x]", 1)[1].strip(" │") for line in text.splitlines() if "[x]" in line}


@pytest.fixture
def live(pack):
    return LiveView(Console(file=io.StringIO(), force_terminal=True, width=100), checklist=pack.items)


def test_the_checklist_ticks_as_segments_come_and_the_feedback_follows(live, pack):
    titles = {item.id: item.title for item in pack.items}
    seen = []
    with live:
        for event in round_events():
            live(event)
            seen.append(shown(live))
    after_first, after_second = seen[4], seen[6]
    assert "i really want this job" in after_first and "next steps" not in after_first.split("You:")[1].split("\n")[0]
    assert ticked(after_first) == {titles["want_the_job"]}
    assert ticked(after_second) == {titles["want_the_job"], titles["next_steps"]}
    assert "listening" in seen[3] and "listening" not in seen[7]
    final = seen[-1]
    assert "Do you have any questions for us?" in final and "Coach: Ask whether they have any reservations" in final
    assert final.count("[ ]") == 3
    # the live display was drawn to the terminal and then stopped
    out = live.console.file.getvalue()
    assert "Do you have any questions for us?" in out and "Coach:" in out
    assert live._live is None


def test_a_new_round_clears_the_transcript_and_the_ticks(live):
    for event in [*round_events(), SpokenStartEvent(kind=SpokenKind.PROMPT, text="Anything else?", round=2)]:
        live(event)
    text = shown(live)
    live.close()
    assert "Round 2" in text and "i really want" not in text and "[x]" not in text


def test_the_transcript_rolls_but_keeps_the_latest_words(live):
    for i in range(200):
        live(SegmentEvent(text=f"word{i}", start_s=0.0, end_s=0.0))
    text = shown(live)
    live.close()
    assert "word199" in text and "word0 " not in text and len(text) < 2000


def test_close_stops_the_live_display_on_ctrl_c(live):
    with pytest.raises(KeyboardInterrupt):
        with live:
            live(round_events()[0])
            assert live._live is not None and live._live.is_started
            raise KeyboardInterrupt
    assert live._live is None
    live.close()  # twice is harmless


def test_commands_and_items_not_in_the_checklist_are_shown():
    view = LiveView(Console(file=io.StringIO(), force_terminal=True))
    view(PartialAssessmentEvent(covered=("next_steps",)))
    view(CommandEvent(name="pause", text="pause"))
    text = shown(view)
    view.close()
    assert "[x] next steps" in text and "command: pause" in text


class FakeStream(io.StringIO):
    def __init__(self, tty: bool):
        super().__init__()
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


def test_make_view_is_live_on_a_terminal_and_plain_elsewhere(pack):
    assert isinstance(make_view(FakeStream(True), checklist=pack.items), LiveView)
    plain = make_view(FakeStream(False), checklist=pack.items)
    assert isinstance(plain, TerminalView)
    with plain:
        for event in round_events():
            plain(event)
    out = plain.out.getvalue()
    assert "Round 1. Interviewer: Do you have any questions for us?" in out
    assert "You said: i really want this job what are the next steps" in out and "\x1b[" not in out
