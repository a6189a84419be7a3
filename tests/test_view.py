"""The terminal views: a live panel on a terminal, plain lines elsewhere, fed scripted session events."""

import io

import pytest
from rich.console import Console

from voicecoach.events import Event
from voicecoach.view import LiveView, TerminalView, make_view

ROUND = [
    ("prompt_start", {"text": "Do you have any questions for us?", "round": 1}),
    ("prompt_end", {}),
    ("speech_start", {"audio_t": 0.4}),
    ("segment", {"text": "i really want this job", "start_s": 0.2, "end_s": 2.1}),
    ("partial_assessment", {"covered": ["want_the_job"]}),
    ("segment", {"text": "what are the next steps", "start_s": 3.0, "end_s": 4.6}),
    ("partial_assessment", {"covered": ["want_the_job", "next_steps"]}),
    ("speech_end", {"audio_t": 6.1, "reason": "silence"}),
    ("transcript", {"text": "i really want this job what are the next steps", "words": 10, "answer_s": 6.1}),
    ("assessment", {"covered": ["want_the_job", "next_steps"],
                    "missed": ["reservations", "clarify_doubts", "good_questions"], "items": {}}),
    ("feedback_start", {"text": "Ask whether they have any reservations about you.", "lines": ["  Covered 2 of 5"]}),
    ("feedback_end", {}),
]  # fmt: skip


def events(script):
    return [Event(kind, float(i), data) for i, (kind, data) in enumerate(script)]


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
        for event in events(ROUND):
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
    for event in events(ROUND + [("prompt_start", {"text": "Anything else?", "round": 2})]):
        live(event)
    text = shown(live)
    live.close()
    assert "Round 2" in text and "i really want" not in text and "[x]" not in text


def test_the_transcript_rolls_but_keeps_the_latest_words(live):
    for i in range(200):
        live(Event("segment", 0.0, {"text": f"word{i}"}))
    text = shown(live)
    live.close()
    assert "word199" in text and "word0 " not in text and len(text) < 2000


def test_close_stops_the_live_display_on_ctrl_c(live):
    with pytest.raises(KeyboardInterrupt):
        with live:
            live(events(ROUND)[0])
            assert live._live is not None and live._live.is_started
            raise KeyboardInterrupt
    assert live._live is None
    live.close()  # twice is harmless


def test_commands_and_items_not_in_the_checklist_are_shown():
    view = LiveView(Console(file=io.StringIO(), force_terminal=True))
    view(Event("partial_assessment", 0.0, {"covered": ["next_steps"]}))
    view(Event("command", 0.0, {"name": "pause"}))
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
        for event in events(ROUND):
            plain(event)
    out = plain.out.getvalue()
    assert "Round 1. Interviewer: Do you have any questions for us?" in out
    assert "You said: i really want this job what are the next steps" in out and "\x1b[" not in out
