"""The session loop with a scripted recognizer and a recording speaker (fakes at the engine edge only)."""

from pathlib import Path

import pytest

from helpers import join_with_pauses, speak
from voicecoach.audio.sources import RecordedAnswers
from voicecoach.checklist.matcher import Matcher
from voicecoach.events import EventBus
from voicecoach.session import Session
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
    def __init__(self):
        self.said: list[tuple[str, str]] = []

    def say(self, text, *, kind, on_start=None, keep_going=None):
        if on_start:
            on_start()
        self.said.append((kind, text))
        return True

    def close(self):
        pass


@pytest.fixture
def two_segment_answer(tmp_path) -> Path:
    one = speak("I really want this job.", pad_s=0.0)
    two = speak("What are the next steps?", pad_s=0.0)
    return join_with_pauses([0.4, one, 1.0, two], tmp_path / "answer.wav")


def run_session(pack, answers, texts, rounds=None):
    events, speaker = [], RecordingSpeaker()
    recognizer = ScriptedRecognizer(texts)
    session = Session(
        pack=pack, recognizer=recognizer, speaker=speaker, source=RecordedAnswers(answers),
        bus=EventBus(events.append), seed=0,
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
    assert heard.command is None and heard.transcript.text == "let me think i really want this job"
    types = [e.type for e in events]
    assert types == ["speech_start", "segment", "hold", "segment", "partial_assessment", "speech_end", "transcript"]
    assert events[4].covered == ("want_the_job",) and events[5].reason == "silence"
