"""Shared test fixtures: spoken answers made with flite, the real recognizer, a fake headset."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SPOKEN_CACHE = Path(os.environ.get("VOICECOACH_TEST_AUDIO", "/tmp/voicecoach-test-audio"))


def speak(text: str, *, voice: str = "slt", pad_s: float = 0.3) -> Path:
    """A 16 kHz mono WAV of flite saying text (cached by content: flite is deterministic)."""
    key = hashlib.sha1(f"{voice}|{pad_s}|{text}".encode()).hexdigest()[:16]
    out = SPOKEN_CACHE / f"{voice}-{key}.wav"
    if not out.exists():
        SPOKEN_CACHE.mkdir(parents=True, exist_ok=True)
        raw = out.with_suffix(".flite.wav")
        subprocess.run(["flite", "-voice", voice, "-t", text, "-o", str(raw)], check=True)
        tmp = out.with_suffix(".tmp.wav")
        # trim flite's own leading and trailing silence, so pauses in tests are exactly what they say
        trim = ["silence", "1", "0.02", "0.5%", "reverse", "silence", "1", "0.02", "0.5%", "reverse"]
        subprocess.run(["sox", str(raw), "-r", "16000", "-c", "1", "-b", "16", str(tmp), *trim, "pad", str(pad_s), str(pad_s)], check=True)
        tmp.rename(out)
        raw.unlink()
    return out


def join_with_pauses(parts: list[Path | float], out: Path) -> Path:
    """Concatenate WAVs and silences (floats, seconds) into one 16 kHz WAV."""
    from voicecoach.audio.pcm import load_wav, save_wav, silence

    pcm = b"".join(silence(p) if isinstance(p, (int, float)) else load_wav(p) for p in parts)
    return save_wav(out, pcm)


@pytest.fixture(scope="session")
def recognizer():
    """The real default recognizer, loaded once for the whole run (as a session loads it once)."""
    from voicecoach.engines.sphinx import SphinxRecognizer

    return SphinxRecognizer()


@pytest.fixture(scope="session")
def pack():
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


@pytest.fixture
def headset(tmp_path):
    """A fake headset through ALSA's file plugin: returns (env, say_into_mic, heard_file)."""
    home = tmp_path / "home"
    home.mkdir()
    infile, outfile = tmp_path / "mic.raw", tmp_path / "headphones.raw"
    (home / ".asoundrc").write_text(HEADSET_ASOUNDRC.format(infile=infile, outfile=outfile))
    env = {**os.environ, "HOME": str(home)}

    def say_into_mic(wav: Path) -> None:
        from voicecoach.audio.pcm import load_wav

        infile.write_bytes(load_wav(wav))  # the file plugin reads raw PCM in the stream's format

    return env, say_into_mic, outfile


def run_cli(*args: str, env: dict | None = None, stdin: str | None = None, timeout: float = 180) -> subprocess.CompletedProcess:
    """Run `python -m voicecoach ...` as a user would, in its own process."""
    return subprocess.run(
        [sys.executable, "-m", "voicecoach", *args],
        capture_output=True, text=True, input=stdin, env=env, timeout=timeout, cwd=ROOT,
    )  # fmt: skip


def no_sound_env(tmp_path: Path) -> dict:
    """An environment with no ALSA configuration of the user's: on a machine with no sound card, no devices."""
    home = tmp_path / "nosound"
    home.mkdir(exist_ok=True)
    return {**os.environ, "HOME": str(home)}


