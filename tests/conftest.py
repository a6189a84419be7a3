"""Shared test fixtures: the real recognizer, the closing pack, a fake headset (plain helpers are in helpers.py).

Every test gets its own VOICECOACH_HOME, so no test reads or writes the real user's sessions or config.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import make_headset


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


@pytest.fixture
def headset(tmp_path):
    """A fake headset through ALSA's file plugin: returns (env, say_into_mic, heard_file)."""
    return make_headset(tmp_path)
