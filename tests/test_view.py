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
    speaking = seen[-2]  # while the feedback is said
    assert "Do you have any questions for us?" in speaking
    assert "Coach: Ask whether they have any reservations" in speaking
    assert speaking.count("[ ]") == 3
    assert "Coach:" not in seen[-1]  # said: the round moved above the panel, which clears for the next
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


# ---------------------------------------------------------------- a terminal people can read (80 x 24)


def spoken(kind, text, **fields):
    return [SpokenStartEvent(kind=kind, text=text, **fields), SpokenEndEvent(kind=kind)]


def a_long_round(pack, n: int) -> list:
    """The events of one round as a session reports them: a long answer asking for reservations, the concern, a
    rebuttal, the interviewer's reaction and the feedback with its printed lines (worded by the real coach)."""
    from voicecoach.checklist.matcher import Matcher
    from voicecoach.coaching.assess import assess_answer, word_feedback
    from voicecoach.events import ReservationRaisedEvent

    said = ("well i really want this job and i think i would fit in well with the team because i have done this "
            "kind of work for years " * 4 + "do you have any reservations about me").split()
    answer = " ".join(said)
    rebuttal = "that's a fair point in my last job i led a team of five people does that address your concern"
    worded = word_feedback(assess_answer(Matcher(pack), Transcript.from_text(answer)), pack)
    concern = "If I'm honest, one thing I'm wondering about is the role usually asks for a degree, and you don't."
    return [
        SpokenStartEvent(kind=SpokenKind.PROMPT, text=f"Question {n}: do you have any questions for us?", round=n),
        SpokenEndEvent(kind=SpokenKind.PROMPT, interrupted=False),
        SpeechStartEvent(audio_t=0.4),
        *(SegmentEvent(text=" ".join(said[i:i + 8]), start_s=i, end_s=i + 1.0) for i in range(0, len(said), 8)),
        SpeechEndEvent(audio_t=30.0, reason="silence"),
        TranscriptEvent(text=answer, words=len(said), answer_s=30.0),
        AssessmentEvent(coaching=worded.coaching),
        ReservationRaisedEvent(id="degree", text=concern),
        SpokenStartEvent(kind=SpokenKind.RESERVATION, text=concern, round=n),
        SpokenEndEvent(kind=SpokenKind.RESERVATION, interrupted=False),
        SpeechStartEvent(audio_t=0.3),
        SegmentEvent(text=rebuttal, start_s=0.3, end_s=6.0),
        SpeechEndEvent(audio_t=7.0, reason="silence"),
        TranscriptEvent(text=rebuttal, words=20, answer_s=7.0),
        *spoken(SpokenKind.INTERVIEWER, "That's really helpful, thank you. That does put my mind at ease."),
        SpokenStartEvent(kind=SpokenKind.FEEDBACK, text=worded.feedback.spoken, lines=worded.feedback.printed),
        SpokenEndEvent(kind=SpokenKind.FEEDBACK),
    ]  # fmt: skip


def terminal() -> Console:
    return Console(file=io.StringIO(), force_terminal=True, width=80, height=24, record=True)


def as_text(renderable) -> str:
    console = Console(record=True, width=80, height=24, file=io.StringIO())
    console.print(renderable)
    return console.export_text()


def test_on_80x24_the_panel_fits_and_the_coach_line_shows_while_it_is_said(pack):
    view = LiveView(terminal(), checklist=pack.items)
    speaking = None
    with view:
        for event in a_long_round(pack, 1):
            view(event)
            panel = view.render()
            assert len(view.console.render_lines(panel, view.console.options)) <= 24, event.type
            if event.type == "feedback_start":
                speaking = event.text
            if speaking and event.type != "feedback_end":
                # the whole Coach line (the top fix and the sentence to say) is on screen while it is said
                shown_words = as_text(panel).replace("│", " ").split()
                assert " ".join(f"Coach: {speaking}".split()) in " ".join(shown_words)
    assert speaking


def test_each_finished_round_is_printed_above_the_panel_whole(pack):
    view = LiveView(terminal(), checklist=pack.items)
    with view:
        for n in (1, 2, 3):
            for event in a_long_round(pack, n):
                view(event)
    out = view.console.export_text()
    for n in (1, 2, 3):
        printed = out.split(f" Round {n} ")[1].split("╰")[0]  # the round's own panel, titled with its number
        flat = " ".join(printed.replace("│", " ").split())
        assert f"Question {n}: do you have any questions for us?" in flat
        assert "do you have any reservations about me" in flat and "i led a team of five people" in flat
        assert "Coach:" in flat and "Top fix" in flat
    assert "Coach:" not in as_text(view.render())  # the panel cleared for the next round


def test_your_turn_is_cued_from_the_end_of_the_question_until_speech(live):
    events = round_events()
    live(events[0])
    assert "your turn" not in shown(live)  # the interviewer is still asking
    live(events[1])
    assert "your turn - speak when ready" in shown(live)
    live(events[2])
    assert "your turn" not in shown(live) and "listening" in shown(live)
    live(SpokenStartEvent(kind=SpokenKind.PROMPT, text="Anything else?", round=2))
    live(SpokenEndEvent(kind=SpokenKind.PROMPT, interrupted=True))  # spoken over: the answer is already on
    assert "your turn" not in shown(live)
    live.close()
    plain = TerminalView(io.StringIO())
    for event in events[:3]:
        plain(event)
    assert plain.out.getvalue().splitlines()[2:] == ["  (your turn - speak when ready)", "  (listening...)"]
