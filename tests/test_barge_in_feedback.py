"""Barge-in over the feedback, through the real sounddevice output: speaking over the coach stops it, and what was
said is a command ("skip", "again") or more of the answer (the end is taken back and the answer re-assessed)."""

import json
import subprocess
import sys

import pytest

from helpers import ROOT, speak

SCRIPT = """
import json, sys
from voicecoach.events import EventBus
from voicecoach.packs.pack import load_pack
from voicecoach.engines.sphinx import SphinxRecognizer
from voicecoach.session import Session
from voicecoach.audio.sources import RecordedAnswers
from voicecoach.audio.playback import SpeakerOut
from voicecoach.engines.pyttsx3_voice import Pyttsx3Voice

events = []
pack = load_pack()
speaker = SpeakerOut(Pyttsx3Voice(), pace_writes=True)  # the file plugin swallows audio at once: pace like a card
# each recorded answer starts 1.5 s after its turn opens: the first over the prompt, the second over the feedback
source = RecordedAnswers(sys.argv[1:3], speak_over_prompt_s=1.5)
session = Session(pack=pack, recognizer=SphinxRecognizer(), speaker=speaker, source=source, bus=EventBus(events.append),
                  roleplay=False, listen_over_feedback=True)
played = session.play_round(pack.prompts[0])
speaker.close()
print(json.dumps({"events": [e.to_json() for e in events], "rounds": len(session.rounds),
                  "played": played is not None, "text": session.rounds[-1].transcript.text if session.rounds else ""}))
"""


def run_session(headset, first: str, over_feedback: str) -> dict:
    env, _, headphones = headset
    done = subprocess.run([sys.executable, "-c", SCRIPT, str(speak(first, voice="awb")),
                           str(speak(over_feedback, voice="awb"))],
                          capture_output=True, text=True, env=env, cwd=ROOT, timeout=180)  # fmt: skip
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.splitlines()[-1])


def kinds(result: dict) -> list[str]:
    return [e["event"] for e in result["events"]]


@pytest.mark.slow
def test_skip_said_over_the_feedback_stops_it_and_the_round_stays_answered(headset):
    result = run_session(headset, "I really want this job and I look forward to working with your team.",
                         "next question")
    feedback_end = next(e for e in result["events"] if e["event"] == "feedback_end")
    assert feedback_end.get("interrupted") is True
    assert "barge_in" in kinds(result)[kinds(result).index("feedback_start"):]
    assert any(e["event"] == "command" and e["name"] == "skip" for e in result["events"])
    # the answer before the feedback is still the round's
    assert result["played"] and result["rounds"] == 1 and "want this job" in result["text"]


@pytest.mark.slow
def test_going_on_over_the_feedback_takes_the_end_back_and_the_answer_is_assessed_whole(headset):
    result = run_session(headset, "I really want this job.", "What are the next steps in the hiring process?")
    ends = [e for e in result["events"] if e["event"] == "feedback_end"]
    # the first feedback stopped when the person went on; the answer, heard whole, got a feedback of its own
    assert ends[0].get("interrupted") is True and len(ends) == 2 and not ends[1].get("interrupted")
    assert kinds(result).count("assessment") == 2 and result["rounds"] == 1
    assert "want this job" in result["text"] and "next steps" in result["text"]
