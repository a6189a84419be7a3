"""The session loop with a scripted recognizer and a recording speaker (fakes at the engine edge only)."""

import time
from pathlib import Path

import pytest

from helpers import join_with_pauses, speak
from voicecoach.audio.sources import RecordedAnswers
from voicecoach.checklist.matcher import Matcher
from voicecoach.events import EventBus
from voicecoach.session import MAX_READING_PAUSE_S, Session, reading_time_s
from voicecoach.turn.end_of_answer import TurnRules
from voicecoach.turn.listening import ListeningTurn


class ScriptedRecognizer:
    """Hands back scripted texts, one per speech segment, in order."""

    name, offline, keeps_fillers = "scripted", True, True

    def __init__(self, texts):
        self.texts = list(texts)
        self.heard: list[float] = []

    def transcribe(self, pcm, *, offset_s=0.0):
        from voicecoach.transcript import Transcript

        self.heard.append(len(pcm) / 32000)
        return Transcript(self.texts.pop(0) if self.texts else "")


class RecordingSpeaker:
    def __init__(self, interrupt_on: str | None = None, raising: type[BaseException] = KeyboardInterrupt):
        self.said: list[tuple[str, str]] = []
        self.interrupt_on = interrupt_on
        """Raise `raising` while saying this kind of thing (Ctrl-C pressed, or the device gone, while it is spoken)."""
        self.raising = raising

    def say(self, text, *, kind, on_start=None, keep_going=None):
        if on_start:
            on_start()
        self.said.append((kind, text))
        if kind == self.interrupt_on:
            raise self.raising("interrupted")
        return True

    def close(self):
        pass


@pytest.fixture
def two_segment_answer(tmp_path) -> Path:
    one = speak("I really want this job.", pad_s=0.0)
    two = speak("What are the next steps?", pad_s=0.0)
    return join_with_pauses([0.4, one, 1.0, two], tmp_path / "answer.wav")


def run_session(pack, answers, texts, rounds=None, speaker=None, **options):
    events, speaker = [], speaker or RecordingSpeaker()
    recognizer = ScriptedRecognizer(texts)
    session = Session(
        pack=pack, recognizer=recognizer, speaker=speaker, source=RecordedAnswers(answers),
        bus=EventBus(events.append), seed=0, **options,
    )  # fmt: skip
    summary = session.run(rounds or len(answers))
    return session, summary, events, speaker, recognizer


def test_a_round_goes_prompt_answer_feedback(pack, two_segment_answer):
    session, summary, events, speaker, recognizer = run_session(
        pack, [two_segment_answer], ["i really want this job", "what are the next steps"]
    )
    assert len(recognizer.heard) == 2, "each stretch of speech is recognised on its own, as it ends"
    # the interviewer answers the question about next steps with a timeline, then the coach speaks
    assert [kind for kind, _ in speaker.said] == ["prompt", "interviewer", "feedback"]
    timeline = next(e for e in events if e.type == "interviewer_answer")
    assert timeline.kind == "next_steps" and timeline.text == speaker.said[1][1]
    assert speaker.said[0][1] == pack.prompts[0]
    round_ = session.rounds[0]
    assert round_.transcript.text == "i really want this job what are the next steps"
    assert round_.assessment.covered == ["want_the_job", "next_steps"]
    assert "i really want this job" in speaker.said[2][1]  # praise quotes their words
    assert pack.item("reservations").example in speaker.said[2][1]  # the top miss, with a sentence to say
    types = [e.type for e in events]
    order = ["prompt_start", "prompt_end", "speech_start", "speech_end", "transcript", "assessment",
             "interviewer_answer", "feedback_start", "feedback_end"]
    assert [t for t in types if t in order] == order
    assert types[-1] == "summary" and summary.top_fix == "reservations"
    assert all(a.t <= b.t for a, b in zip(events, events[1:]))


def test_saying_you_are_done_ends_the_answer_at_once(pack, tmp_path):
    parts = [speak("I really want this job.", pad_s=0.0), 0.6, speak("That's all.", pad_s=0.0), 0.6,
             speak("More words here.", pad_s=0.0)]
    answer = join_with_pauses(parts, tmp_path / "a.wav")
    heard = ["i really want this job", "that's all", "more words here"]
    session, _, events, _, recognizer = run_session(pack, [answer], heard)
    assert next(e for e in events if e.type == "speech_end").reason == "finished"
    assert "more words" not in session.rounds[0].transcript.text


def test_recorded_answers_running_out_ends_the_session(pack, two_segment_answer):
    session, summary, events, speaker, _ = run_session(pack, [two_segment_answer], ["i want this job"], rounds=3)
    assert len(session.rounds) == 1
    assert [kind for kind, _ in speaker.said].count("prompt") == 1
    assert "1 round" in summary.spoken


def test_asking_about_reservations_starts_a_role_play(pack, tmp_path):
    ask = join_with_pauses([speak("Do you have any reservations about me?", pad_s=0.0)], tmp_path / "ask.wav")
    said = speak("That's a fair point. In my last job I led a team of five.", pad_s=0.0)
    rebut = join_with_pauses([said], tmp_path / "rebut.wav")
    rebuttal_text = ("that's a fair question for example in my last job i led a team of five people "
                     "does that address your concern")
    heard = ["do you have any reservations about me", rebuttal_text]
    session, _, events, speaker, _ = run_session(pack, [ask, rebut], heard, rounds=1)
    raised = next(e for e in events if e.type == "reservation_raised")
    assert raised.text in [text for kind, text in speaker.said if kind == "reservation"]
    judged = next(e for e in events if e.type == "rebuttal_assessed")
    assert judged.transcript == rebuttal_text
    assert judged.rebuttal.acknowledge.met and judged.rebuttal.check_back.met
    assert session.rounds[0].coaching.rebuttal is judged.rebuttal
    logged = judged.to_json()  # the --events line: the verdict's fields beside the transcript
    assert logged["transcript"] == rebuttal_text and logged["criteria"]["acknowledge"]["met"]


def test_again_retries_the_prompt_and_says_what_improved(pack, tmp_path):
    weak = speak("I guess I don't have any questions.", pad_s=0.3)
    again = speak("Again.", pad_s=0.3)
    strong = speak("I really want this job. What are the next steps?", pad_s=0.3)
    texts = ["i guess i don't have any questions", "again", "i really want this job what are the next steps"]
    session, _, events, speaker, _ = run_session(pack, [weak, again, strong], texts, rounds=2)
    assert [r.attempt for r in session.rounds] == [1, 2]
    assert session.rounds[0].prompt == session.rounds[1].prompt
    assert any(e.type == "command" and e.name == "again" for e in events)
    assert any(e.type == "retry" for e in events)
    last_feedback = [text for kind, text in speaker.said if kind == "feedback"][-1]
    assert last_feedback.startswith("Better") and "next steps" in last_feedback


# ---------------------------------------------------------------- the listening stage alone: audio in, Heard out


def hear(pack, answer, texts):
    events = []
    turn = ListeningTurn(
        RecordedAnswers([answer]).answer(), recognizer=ScriptedRecognizer(texts), matcher=Matcher(pack),
        rules=TurnRules(), emit=events.append,
    )  # fmt: skip
    return turn.hear(), events


def test_a_command_alone_ends_the_turn_at_once(pack):
    heard, events = hear(pack, speak("Skip."), ["skip"])
    assert heard.command is not None and heard.command.name == "skip" and heard.segments == 1
    assert [e.type for e in events] == ["speech_start", "segment", "speech_end", "transcript"]
    assert events[2].reason == "finished" and events[3].text == "skip"


def test_let_me_think_waits_through_a_long_pause(pack, tmp_path):
    parts = [speak("Let me think.", pad_s=0.0), 3.0, speak("I really want this job.", pad_s=0.0)]
    answer = join_with_pauses(parts, tmp_path / "a.wav")
    heard, events = hear(pack, answer, ["let me think", "i really want this job"])
    assert heard.command is None and heard.transcript.text == "i really want this job"  # asking for time is no answer
    types = [e.type for e in events]
    assert types == ["speech_start", "segment", "hold", "segment", "partial_assessment", "speech_end", "transcript"]
    assert events[4].covered == ("want_the_job",) and events[5].reason == "silence"


def test_let_me_think_is_not_quoted_back_in_the_praise(pack, tmp_path):
    parts = [speak("Let me think.", pad_s=0.0), 3.0, speak("I really want this job.", pad_s=0.0)]
    answer = join_with_pauses(parts, tmp_path / "a.wav")
    session, _, events, speaker, _ = run_session(pack, [answer], ["let me think", "i really want this job"])
    feedback = next(text for kind, text in speaker.said if kind == "feedback")
    assert "i really want this job" in feedback and "think" not in feedback
    assert session.rounds[0].assessment.items["want_the_job"].evidence == "i really want this job"
    assert any(e.type == "hold" and e.text == "let me think" for e in events)  # the turn still waited


def test_hold_words_at_the_end_of_a_segment_are_left_out():
    from voicecoach.transcript import Transcript, Word
    from voicecoach.turn.listening import without_hold

    said = "i really want this job um let me think"
    part = Transcript(said, words=tuple(Word(w, i, i + 1.0) for i, w in enumerate(said.split())))
    kept = without_hold(part)
    assert kept.text == "i really want this job um" and [w.text for w in kept.words] == kept.text.split()
    assert without_hold(Transcript("give me a second please")).text == ""
    assert without_hold(Transcript("i want this job")).text == "i want this job"


# ---------------------------------------------------------------- rounds are never dropped


@pytest.fixture
def asks_reservations(tmp_path) -> Path:
    return join_with_pauses([speak("Do you have any reservations about me?", pad_s=0.0)], tmp_path / "ask.wav")


ASKS_RESERVATIONS = "i really want this job do you have any reservations about me"


def test_recorded_answers_running_out_at_the_concern_still_score_the_round(pack, asks_reservations):
    session, summary, events, speaker, _ = run_session(pack, [asks_reservations], [ASKS_RESERVATIONS], rounds=3)
    kinds = [kind for kind, _ in speaker.said]
    assert kinds == ["prompt", "reservation", "feedback"]  # the concern is voiced, unanswered, and the round scored
    assert any(e.type == "notice" and "left unanswered" in e.text for e in events)
    assert not any(e.type == "rebuttal_assessed" for e in events)
    assert len(session.rounds) == 1 and session.rounds[0].coaching.rebuttal is None
    assert "reservations" in session.rounds[0].assessment.covered
    assert summary.spoken.startswith("Session over: 1 round.")


def test_one_round_per_recorded_file_with_role_play_on(pack, asks_reservations, two_segment_answer):
    texts = [ASKS_RESERVATIONS, "i really want this job", "what are the next steps"]
    session, summary, events, speaker, _ = run_session(pack, [asks_reservations, two_segment_answer], texts,
                                                       rebuttals=False)
    assert len(session.rounds) == 2  # the second file answers the second prompt, not the interviewer's concern
    assert session.rounds[1].transcript.text == "i really want this job what are the next steps"
    assert [kind for kind, _ in speaker.said].count("reservation") == 1
    assert any(e.type == "notice" and "one per round" in e.text for e in events)
    assert "2 rounds" in summary.spoken


def test_every_assessed_round_is_counted_whatever_stops_the_session(pack, asks_reservations, two_segment_answer):
    def session_with(speaker, answers, texts):
        events = []
        session = Session(pack=pack, recognizer=ScriptedRecognizer(texts), speaker=speaker,
                          source=RecordedAnswers(answers), bus=EventBus(events.append), seed=0)
        return session, events

    # Ctrl-C while the coach speaks round 1's feedback
    session, events = session_with(RecordingSpeaker(interrupt_on="feedback"), [two_segment_answer],
                                   ["i really want this job", "what are the next steps"])
    with pytest.raises(KeyboardInterrupt):
        session.run(3)
    assert len(session.rounds) == 1 and session.summary().spoken.startswith("Session over: 1 round.")
    assert events[-1].type == "summary" and events[-1].rounds == 1

    # Ctrl-C while the interviewer raises its concern: the round is scored without the rebuttal
    session, _ = session_with(RecordingSpeaker(interrupt_on="reservation"), [asks_reservations], [ASKS_RESERVATIONS])
    with pytest.raises(KeyboardInterrupt):
        session.run(3)
    assert len(session.rounds) == 1 and "reservations" in session.rounds[0].assessment.covered

    # the speaker vanishes while the feedback is said
    from voicecoach.audio.devices import DeviceError

    session, _ = session_with(RecordingSpeaker(interrupt_on="feedback", raising=DeviceError), [two_segment_answer],
                              ["i really want this job", "what are the next steps"])
    with pytest.raises(DeviceError):
        session.run(3)
    assert len(session.rounds) == 1

    # "stop" said in reply to the concern
    stop = speak("Stop the session.", pad_s=0.3)
    session, _ = session_with(RecordingSpeaker(), [asks_reservations, stop], [ASKS_RESERVATIONS, "stop the session"])
    assert session.run(3).spoken.startswith("Session over: 1 round.")


def test_a_rebuttal_updates_the_recorded_round(pack, tmp_path, asks_reservations):
    rebut = join_with_pauses([speak("That's a fair point. In my last job I led a team of five.", pad_s=0.0)],
                             tmp_path / "rebut.wav")
    rebuttal_text = "that's a fair point in my last job i led a team of five people does that address your concern"
    session, summary, events, _, _ = run_session(pack, [asks_reservations, rebut], [ASKS_RESERVATIONS, rebuttal_text],
                                                 rounds=1)
    assert len(session.rounds) == 1 and session.rounds[0].coaching.rebuttal is not None
    assert "answer to their concern" in " ".join(session.rounds[0].feedback.printed)


def test_how_am_i_doing_mid_session_is_a_score_so_far(pack, two_segment_answer):
    how = speak("How am I doing?", pad_s=0.3)
    texts = ["i really want this job", "what are the next steps", "how am i doing"]
    session, summary, _, speaker, _ = run_session(pack, [two_segment_answer, how], texts, rounds=2)
    score = next(text for kind, text in speaker.said if kind == "score")
    assert score.startswith("So far: 1 round.") and "Session over" not in score
    assert summary.spoken.startswith("Session over: 1 round.")


def test_the_demo_pace_gives_time_to_read_the_feedback(pack, two_segment_answer):
    texts = ["i really want this job", "what are the next steps"]
    session, *_ = run_session(pack, [two_segment_answer], texts)
    feedback = session.rounds[0].feedback
    wpm = 60.0 * len(" ".join([feedback.spoken, *feedback.printed]).split()) / 1.5  # 1.5 s to read it
    assert reading_time_s(feedback, wpm) == pytest.approx(1.5)
    assert reading_time_s(feedback, 1.0) == MAX_READING_PAUSE_S

    def time_to_speak(session) -> float:
        started = time.monotonic()
        session.speak_feedback(feedback)
        return time.monotonic() - started

    assert time_to_speak(session) < 0.5  # no pacing unless asked for
    session.reading_wpm = wpm
    assert time_to_speak(session) >= 1.45


def test_a_drill_on_clearing_doubts_has_the_interviewer_raise_a_concern_unasked(pack, two_segment_answer):
    from voicecoach.coaching.drill import raises_concerns

    texts = ["i really want this job", "what are the next steps"]  # asks nothing about reservations
    _, _, plain, _, _ = run_session(pack, [two_segment_answer], list(texts))
    assert not any(e.type == "reservation_raised" for e in plain)
    assert raises_concerns(("clarify_doubts",)) and not raises_concerns(("next_steps",))
    _, summary, drilled, speaker, _ = run_session(pack, [two_segment_answer], list(texts), concerns_unasked=True)
    raised = next(e for e in drilled if e.type == "reservation_raised")
    assert ("reservation", raised.text) in speaker.said and "1 round" in summary.spoken
