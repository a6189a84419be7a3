"""Barge-in through the real sounddevice output: speaking over the interviewer stops it mid-sentence."""

import json
import subprocess
import sys

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
source = RecordedAnswers([sys.argv[1]], speak_over_prompt_s=float(sys.argv[2]))
session = Session(pack=pack, recognizer=SphinxRecognizer(), speaker=speaker, source=source, bus=EventBus(events.append))
long_prompt = " ".join(pack.prompts[:4])
heard = session.ask(long_prompt)
speaker.close()
print(json.dumps({"events": [e.to_json() for e in events], "text": heard.transcript.text}))
"""


def test_speaking_over_the_prompt_stops_it_and_is_heard(headset):
    env, _, headphones = headset
    answer = speak("I really want this job. What are the next steps?", voice="awb")
    done = subprocess.run([sys.executable, "-c", SCRIPT, str(answer), "1.0"],
                          capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.splitlines()[-1])
    kinds = [e["event"] for e in result["events"]]
    assert "barge_in" in kinds
    prompt_end = next(e for e in result["events"] if e["event"] == "prompt_end")
    assert prompt_end["interrupted"] is True
    # the four prompts take over 10 s to say; playback stopped soon after the person began at 1 s
    played_s = len(headphones.read_bytes()) / 2 / 22050
    assert 1.0 < played_s < 3.0
    # what they said over the interviewer is their answer
    assert "want this job" in result["text"]
