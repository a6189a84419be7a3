"""Barge-in over the interviewer's role-play replies, through the real sounddevice output: speaking over a reply
stops it; a command acts as over the feedback (the round answered stays saved, once, complete), anything else
skips the rest of the replies and the round goes on to its feedback."""

import json
import subprocess
import sys

import pytest
import soundfile

from helpers import ROOT, speak
from voicecoach.store import Store

SCRIPT = """
import json, sys
from voicecoach.events import EventBus
from voicecoach.packs.pack import load_pack
from voicecoach.engines.sphinx import SphinxRecognizer
from voicecoach.session import Session
from voicecoach.audio.sources import RecordedAnswers
from voicecoach.audio.playback import SpeakerOut
from voicecoach.engines.pyttsx3_voice import Pyttsx3Voice
from voicecoach.store import Store
from voicecoach.store.recorder import RecordingSource, StoreRecorder, TimingRecognizer

events = []
pack = load_pack()
speaker = SpeakerOut(Pyttsx3Voice(), pace_writes=True)  # the file plugin swallows audio at once: pace like a card
# each recorded answer starts 1.5 s after its turn opens: the first over the prompt, the second over the
# interviewer's first reply (its turn opens as the answer ends); saved as the CLI saves a practice session
recorder = StoreRecorder(Store.open())
source = RecordingSource(RecordedAnswers(sys.argv[1:], speak_over_prompt_s=1.5), recorder)
session = Session(pack=pack, recognizer=TimingRecognizer(SphinxRecognizer(), recorder), speaker=speaker,
                  source=source, bus=EventBus(events.append, recorder), style="warm", listen_over_feedback=True)
session.run(1)
speaker.close()
print(json.dumps({"events": [e.to_json() for e in events], "rounds": [r.transcript.text for r in session.rounds],
                  "covered": [sorted(r.assessment.covered) for r in session.rounds]}))
"""

ANSWER = "I really want this job. What are the next steps?"
TWO_QUESTIONS = "I really want this job. What are the next steps? And who would I work with on the team?"


def run_session(headset, home, *answers: str) -> dict:
    env = {**headset[0], "VOICECOACH_HOME": str(home)}
    done = subprocess.run([sys.executable, "-c", SCRIPT, *(str(speak(a, voice="awb")) for a in answers)],
                          capture_output=True, text=True, env=env, cwd=ROOT, timeout=180)  # fmt: skip
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.splitlines()[-1])


def named(result: dict, name: str) -> list[dict]:
    return [e for e in result["events"] if e["event"] == name]


def saved_rounds():
    with Store.open(create=False) as store:
        (saved,) = store.sessions()
        return saved, store.rounds(saved.id)


def assert_saved_whole(r, answer: str) -> None:
    """A round saved once, complete, with the answer's words and only the answer's audio."""
    assert r.assessed and r.complete and "want this job" in r.transcript and "next steps" in r.transcript
    assert r.items["want_the_job"]["covered"] and r.items["next_steps"]["covered"]
    assert " ".join(w for w, _, _ in r.words) == r.transcript
    # what was said over the interviewer is not in the answer's audio
    spoken = soundfile.info(speak(answer, voice="awb")).duration
    assert spoken <= soundfile.info(r.audio_path).duration < spoken + 4.0


@pytest.mark.slow
def test_stop_said_over_a_reply_stops_the_interviewer_and_the_round_stays_saved(headset, voicecoach_home):
    result = run_session(headset, voicecoach_home, ANSWER, "stop")
    (reply_end,) = named(result, "interviewer_end")
    assert reply_end.get("interrupted") is True
    assert any(e["over"] == "interviewer" for e in named(result, "barge_in"))
    assert [e["name"] for e in named(result, "command")] == ["stop"]
    assert not named(result, "feedback_start") and len(result["rounds"]) == 1  # stopped at once, the round kept
    saved, rounds = saved_rounds()
    assert saved.rounds == 1 and len(rounds) == 1 and len(named(result, "assessment")) == 1
    assert_saved_whole(rounds[0], ANSWER)
    assert [p.name for p in rounds[0].audio_path.parent.iterdir()] == [rounds[0].audio_path.name]
    assert rounds[0].interviewer[0]["kind"] == "next_steps"


@pytest.mark.slow
def test_again_then_skip_said_over_replies_retries_the_prompt_then_moves_on_both_attempts_saved(
    headset, voicecoach_home
):
    retry = "I would love to join your team. When will I hear from you?"
    result = run_session(headset, voicecoach_home, ANSWER, "again", retry, "next question")
    assert [e.get("interrupted") for e in named(result, "interviewer_end")] == [True, True]
    assert [e["over"] for e in named(result, "barge_in")][-1] == "interviewer"
    assert [e["name"] for e in named(result, "command")] == ["again", "skip"]
    assert [e["attempt"] for e in named(result, "retry")] == [2]
    assert len(named(result, "prompt_start")) == 2 and len(result["rounds"]) == 2
    assert len(named(result, "assessment")) == 2 and not named(result, "feedback_start")
    saved, rounds = saved_rounds()
    assert [r.attempt for r in rounds] == [1, 2] and all(r.complete and r.assessed for r in rounds)
    assert_saved_whole(rounds[0], ANSWER)
    assert "join your team" in rounds[1].transcript and rounds[1].items["next_steps"]["covered"]
    # the commands left no audio: one FLAC per attempt
    assert sorted(p.name for p in rounds[0].audio_path.parent.iterdir()) == sorted(r.audio_path.name for r in rounds)


@pytest.mark.slow
def test_speaking_over_a_reply_skips_the_other_replies_and_the_feedback_follows(headset, voicecoach_home):
    over = "Okay I see, that sounds good to me."
    result = run_session(headset, voicecoach_home, TWO_QUESTIONS, over)
    # two questions, two replies to say: the first stopped, the second never said
    assert [e.get("interrupted") for e in named(result, "interviewer_end")] == [True]
    assert len(named(result, "interviewer_answer")) == 1 and not named(result, "command")
    assert any(e["over"] == "interviewer" for e in named(result, "barge_in"))
    (feedback_end,) = named(result, "feedback_end")
    assert not feedback_end.get("interrupted")
    # what was said over the interviewer is not more of the answer
    (text,) = result["rounds"]
    assert "sounds good" not in text and "next steps" in text
    saved, (r,) = saved_rounds()
    assert r.transcript == text and r.complete and r.feedback_spoken and len(r.interviewer) == 1
    assert_saved_whole(r, TWO_QUESTIONS)


@pytest.mark.slow
def test_stop_said_over_the_reaction_to_a_rebuttal_keeps_the_rebuttal_in_the_saved_round(headset, voicecoach_home):
    asks = "I really want this job. What are the next steps? Do you have any concerns about my fit for the role?"
    rebuttal = "I understand. In my last job I learned a new stack in two months and led the migration."
    result = run_session(headset, voicecoach_home, asks, "Right, okay.", rebuttal, "stop")
    ends = named(result, "interviewer_end")  # the reply (moved on from) and the reaction, both stopped
    assert [e.get("interrupted") for e in ends] == [True, True] and named(result, "reservation_start")
    assert [e["name"] for e in named(result, "command")] == ["stop"] and named(result, "rebuttal_assessed")
    assert not named(result, "feedback_start")
    saved, (r,) = saved_rounds()
    assert r.assessed and r.complete and r.rebuttal and r.rebuttal_audio_path and r.reservation
    assert "migration" in r.rebuttal["transcript"] and "right okay" not in r.transcript
    # the round as the session ended it, the rebuttal counted: the same in the store
    assert sorted(r.covered) == result["covered"][0]
