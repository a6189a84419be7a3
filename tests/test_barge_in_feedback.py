"""Barge-in over the feedback, through the real sounddevice output: speaking over the coach stops it, and what was
said is a command ("skip", "again") or more of the answer (the end is taken back and the answer re-assessed)."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
import soundfile

from helpers import ROOT, make_headset, run_cli, speak
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

events = []
pack = load_pack()
speaker = SpeakerOut(Pyttsx3Voice(), pace_writes=True)  # the file plugin swallows audio at once: pace like a card
# each recorded answer starts 1.5 s after its turn opens: the first over the prompt, the second over the feedback
source, recognizer, listeners = RecordedAnswers(sys.argv[1:3], speak_over_prompt_s=1.5), SphinxRecognizer(), []
if len(sys.argv) > 3:  # saved as the CLI saves a practice session (the store in $VOICECOACH_HOME)
    from voicecoach.store import Store
    from voicecoach.store.recorder import RecordingSource, StoreRecorder, TimingRecognizer
    recorder = StoreRecorder(Store.open())
    source, recognizer = RecordingSource(source, recorder), TimingRecognizer(recognizer, recorder)
    listeners = [recorder]
session = Session(pack=pack, recognizer=recognizer, speaker=speaker, source=source,
                  bus=EventBus(events.append, *listeners), roleplay=False, listen_over_feedback=True)
if listeners:
    from voicecoach.events import SessionStartEvent
    session.bus.emit(SessionStartEvent(pack=pack.name, rounds=1, recognizer=recognizer.name))
played = session.play_round(pack.prompts[0])
session.summary()
speaker.close()
print(json.dumps({"events": [e.to_json() for e in events], "rounds": len(session.rounds),
                  "played": played is not None, "text": session.rounds[-1].transcript.text if session.rounds else ""}))
"""


def run_session(headset, first: str, over_feedback: str, store: Path | None = None) -> dict:
    env, _, headphones = headset
    env = env if store is None else {**env, "VOICECOACH_HOME": str(store)}
    done = subprocess.run([sys.executable, "-c", SCRIPT, str(speak(first, voice="awb")),
                           str(speak(over_feedback, voice="awb")), *(["--store"] if store else [])],
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


FIRST, MORE = "I really want this job.", "What are the next steps in the hiring process?"


@pytest.fixture(scope="module")
def taken_back(tmp_path_factory) -> tuple[dict, tuple, Path]:
    """One stored session (run in real time, about 30 s) where the person goes on over the feedback; the tests of what
    it did and of what it saved read it: (result, headset, its VOICECOACH_HOME)."""
    folder = tmp_path_factory.mktemp("taken-back")
    headset, home = make_headset(folder), folder / "voicecoach-home"
    return run_session(headset, FIRST, MORE, store=home), headset, home


@pytest.mark.slow
def test_going_on_over_the_feedback_takes_the_end_back_and_the_answer_is_assessed_whole(taken_back):
    result, _, _ = taken_back
    ends = [e for e in result["events"] if e["event"] == "feedback_end"]
    # the first feedback stopped when the person went on; the answer, heard whole, got a feedback of its own
    assert ends[0].get("interrupted") is True and len(ends) == 2 and not ends[1].get("interrupted")
    assert kinds(result).count("assessment") == 2 and result["rounds"] == 1
    assert "want this job" in result["text"] and "next steps" in result["text"]


@pytest.mark.slow
def test_an_answer_taken_back_over_the_feedback_is_saved_whole_in_one_round(taken_back, monkeypatch):
    result, headset, voicecoach_home = taken_back
    monkeypatch.setenv("VOICECOACH_HOME", str(voicecoach_home))
    assert kinds(result).count("assessment") == 2 and result["rounds"] == 1
    with Store.open(create=False) as store:
        (saved,) = store.sessions()
        (r,) = store.rounds(saved.id)
    # the round is the whole answer's: its transcript, verdicts and words, once
    assert saved.rounds == 1 and r.assessed and r.complete and r.transcript == result["text"]
    assert "want this job" in r.transcript and "next steps" in r.transcript
    assert r.items["want_the_job"]["covered"] and r.items["next_steps"]["covered"] and "next_steps" in saved.covered
    assert " ".join(w for w, _, _ in r.words) == r.transcript
    assert all(a[1] <= b[1] for a, b in zip(r.words, r.words[1:]))
    # its audio holds both parts: longer than the two answers spoken, the only file left
    spoken = sum(soundfile.info(speak(text, voice="awb")).duration for text in (FIRST, MORE))
    assert soundfile.info(r.audio_path).duration > spoken
    assert [p.name for p in r.audio_path.parent.iterdir()] == [r.audio_path.name]
    # and that is what history and the report show
    shown = run_cli("history", str(saved.id), env={**headset[0], "VOICECOACH_HOME": str(voicecoach_home)})
    assert shown.returncode == 0 and f'answer: "{r.transcript}"' in shown.stdout and "✓ next_steps" in shown.stdout
    assert shown.stdout.count("Round 1") == 1
    report = run_cli("report", "--last", env={**headset[0], "VOICECOACH_HOME": str(voicecoach_home)})
    assert report.returncode == 0, report.stderr
    html = next(voicecoach_home.rglob("*.html")).read_text()
    assert "what are the next steps" in html.lower() and "want this job" in html.lower()
