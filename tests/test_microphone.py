"""The real microphone and speaker path, sounddevice -> PortAudio -> ALSA, with a fake headset."""

import json

import numpy as np

from helpers import run_cli, speak


def test_practice_hears_the_microphone_and_speaks_into_the_headphones(tmp_path, headset):
    env, say_into_mic, headphones = headset
    say_into_mic(speak("I'm very excited about this role. Where do we go from here?", voice="awb"))
    events = tmp_path / "ev.jsonl"
    devices = run_cli("devices", env=env)
    assert "mic" in devices.stdout and "headphones" in devices.stdout
    done = run_cli("practice", "--rounds", "1", "--input-device", "mic", "--events", str(events), env=env)
    assert done.returncode == 0, done.stderr
    logged = [json.loads(line) for line in events.read_text().splitlines()]
    transcript = next(e for e in logged if e["event"] == "transcript")["text"]
    assert "excited about this role" in transcript
    assessment = next(e for e in logged if e["event"] == "assessment")
    assert "want_the_job" in assessment["covered"]
    # the interviewer's prompt, feedback and summary went out through sounddevice to the headphones
    played = np.frombuffer(headphones.read_bytes(), dtype="<i2")
    assert len(played) > 22050 * 5 and np.abs(played).max() > 1000
