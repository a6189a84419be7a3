"""Shared test helpers: spoken answers made with flite, joined answers, the CLI run as a user runs it.

Plain functions and constants, imported as `from helpers import speak` (pytest puts tests/ on sys.path: see
pyproject.toml's `pythonpath`); fixtures live in conftest.py.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
"""The checkout's root: the CLI runs from here, as a user's would."""

SPOKEN_CACHE = Path(os.environ.get("VOICECOACH_TEST_AUDIO", "/tmp/voicecoach-test-audio"))
"""Where flite's answers are kept between runs (VOICECOACH_TEST_AUDIO moves it, e.g. to a fresh folder)."""


def speak(text: str, *, voice: str = "slt", pad_s: float = 0.3) -> Path:
    """A 16 kHz mono WAV of flite saying text (cached by content: flite is deterministic)."""
    key = hashlib.sha1(f"{voice}|{pad_s}|{text}".encode()).hexdigest()[:16]
    out = SPOKEN_CACHE / f"{voice}-{key}.wav"
    if not out.exists():
        SPOKEN_CACHE.mkdir(parents=True, exist_ok=True)
        # names of this process's own: parallel test workers may render the same text at once
        raw, tmp = out.with_suffix(f".{os.getpid()}.flite.wav"), out.with_suffix(f".{os.getpid()}.tmp.wav")
        subprocess.run(["flite", "-voice", voice, "-t", text, "-o", str(raw)], check=True)
        # trim flite's own leading and trailing silence, so pauses in tests are exactly what they say
        trim = ["silence", "1", "0.02", "0.5%", "reverse", "silence", "1", "0.02", "0.5%", "reverse"]
        to_16k_mono = ["-r", "16000", "-c", "1", "-b", "16"]
        subprocess.run(["sox", str(raw), *to_16k_mono, str(tmp), *trim, "pad", str(pad_s), str(pad_s)], check=True)
        tmp.rename(out)
        raw.unlink()
    return out


def join_with_pauses(parts: list[Path | float], out: Path) -> Path:
    """Concatenate WAVs and silences (floats, seconds) into one 16 kHz WAV."""
    from voicecoach.audio.pcm import load_wav, save_wav, silence

    pcm = b"".join(silence(p) if isinstance(p, (int, float)) else load_wav(p) for p in parts)
    return save_wav(out, pcm)


def run_cli(
    *args: str, env: dict | None = None, stdin: str | None = None, timeout: float = 180
) -> subprocess.CompletedProcess:
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


def make_headset(folder: Path):
    """A fake headset through ALSA's file plugin in folder: (env, say_into_mic, heard_file); the `headset` fixture
    gives each test its own, and a module's shared run can make one in a folder of its own."""
    home = folder / "home"
    home.mkdir()
    infile, outfile = folder / "mic.raw", folder / "headphones.raw"
    (home / ".asoundrc").write_text(HEADSET_ASOUNDRC.format(infile=infile, outfile=outfile))
    env = {**os.environ, "HOME": str(home)}

    def say_into_mic(wav: Path | bytes) -> None:
        """What the microphone hears: a WAV file, or 16 kHz mono int16 PCM as it is (digital silence too)."""
        from voicecoach.audio.pcm import load_wav

        # the file plugin reads raw PCM in the stream's format
        infile.write_bytes(wav if isinstance(wav, bytes) else load_wav(wav))

    return env, say_into_mic, outfile
