"""The recognizer a practice session loads behind its first prompt: the real default engine on a background thread."""

from __future__ import annotations

import json
import threading

import pytest

from helpers import run_cli, speak
from voicecoach.audio.pcm import load_wav
from voicecoach.config import DEFAULTS
from voicecoach.engines.protocols import EngineUnavailable
from voicecoach.engines.registry import start_recognizer


def _loaders() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name.startswith("recognizer-")]


def test_the_default_is_faster_whisper_and_it_says_what_it_is_before_its_model_loads():
    recognizer = start_recognizer()
    try:
        assert DEFAULTS.recognizer == "faster-whisper"
        assert (recognizer.name, recognizer.offline, recognizer.word_timings) == ("faster-whisper", True, True)
        assert recognizer.loading is False and not _loaders()  # nothing runs until the session starts it
    finally:
        recognizer.close()


def test_the_model_loads_on_a_thread_and_the_first_decode_waits_for_it():
    recognizer = start_recognizer("faster-whisper").start()
    try:
        assert recognizer.start() is recognizer  # a second start does not load twice
        heard = recognizer.transcribe(load_wav(speak("I really want this job. What are the next steps?")))
        assert not recognizer.loading
        assert "next steps" in heard.text and heard.words[0].start >= 0
        assert recognizer.keeps_fillers is True  # what the built engine says (its filler prompt is on), read through
        assert [t.name for t in _loaders()] == ["recognizer-faster-whisper_0"]  # one worker builds and decodes
    finally:
        recognizer.close()
    assert not _loaders()


def test_a_model_that_does_not_load_fails_at_the_first_decode_with_the_engines_own_message(tmp_path):
    recognizer = start_recognizer("faster-whisper", model=str(tmp_path)).start()  # an empty folder: no model.bin
    with pytest.raises(EngineUnavailable, match="no Whisper model at"):
        recognizer.transcribe(bytes(32000))
    with pytest.raises(EngineUnavailable, match="no Whisper model at"):
        recognizer.keeps_fillers  # noqa: B018 (any use raises it, not only the first)
    recognizer.close()  # a failed load closes quietly


def test_an_unknown_recognizer_fails_before_any_thread_starts():
    with pytest.raises(EngineUnavailable, match="unknown recognizer 'nope'"):
        start_recognizer("nope")
    assert not _loaders()


def test_closing_before_the_session_starts_loads_nothing():
    recognizer = start_recognizer("sphinx")
    recognizer.close()
    assert not recognizer.loading and not _loaders()


def test_a_practice_run_uses_the_default_recognizer_loaded_behind_the_first_prompt(tmp_path):
    events = tmp_path / "ev.jsonl"
    done = run_cli("practice", "--demo", "--no-voice", "--rounds", "1", "--events", str(events))
    assert done.returncode == 0, done.stderr
    logged = [json.loads(line) for line in events.read_text().splitlines()]
    assert logged[0]["event"] == "session_start" and logged[0]["recognizer"] == "faster-whisper"
    said = [e["text"] for e in logged if e["event"] == "segment"]
    assert said and "role" in " ".join(said)  # the first demo answer, heard by Whisper once it had loaded
