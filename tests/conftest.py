"""Shared test fixtures: the real recognizer, the closing pack, a fake headset (plain helpers are in helpers.py).

Every test gets its own VOICECOACH_HOME, so no test reads or writes the real user's sessions or config.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def voicecoach_home(tmp_path, monkeypatch) -> Path:
    """The data folder and config file of every test: a fresh folder (subprocesses inherit it through the env)."""
    home = tmp_path / "voicecoach-home"
    monkeypatch.setenv("VOICECOACH_HOME", str(home))
    return home


@pytest.fixture(scope="session")
def recognizer():
    """The real pocketsphinx recognizer (`--recognizer sphinx`), loaded once for the whole run (as a session loads it
    once); the spoken tests written for it keep it, and tests of the default use faster-whisper by name."""
    from voicecoach.engines.sphinx import SphinxRecognizer

    return SphinxRecognizer()


@pytest.fixture(scope="session")
def pack():
    """The shipped closing pack, loaded once."""
    from voicecoach.packs.pack import load_pack

    return load_pack()


HEADSET_ASOUNDRC = """
pcm.!default {{
  type asym
  capture.pcm "mic"
  playback.pcm "headphones"
}}
pcm.mic {{
  type file
  slave.pcm "null"
  file "/dev/null"
  infile "{infile}"
  format "raw"
}}
pcm.headphones {{
  type file
  slave.pcm "null"
  file "{outfile}"
  format "raw"
}}
"""
"""An ~/.asoundrc whose default device reads the microphone from one raw file and plays into another."""


@pytest.fixture
def headset(tmp_path):
    """A fake headset through ALSA's file plugin: returns (env, say_into_mic, heard_file)."""
    home = tmp_path / "home"
    home.mkdir()
    infile, outfile = tmp_path / "mic.raw", tmp_path / "headphones.raw"
    (home / ".asoundrc").write_text(HEADSET_ASOUNDRC.format(infile=infile, outfile=outfile))
    env = {**os.environ, "HOME": str(home)}

    def say_into_mic(wav: Path | bytes) -> None:
        """What the microphone hears: a WAV file, or 16 kHz mono int16 PCM as it is (digital silence too)."""
        from voicecoach.audio.pcm import load_wav

        # the file plugin reads raw PCM in the stream's format
        infile.write_bytes(wav if isinstance(wav, bytes) else load_wav(wav))

    return env, say_into_mic, outfile
