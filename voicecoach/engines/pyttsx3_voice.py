"""pyttsx3, the default interviewer voice: espeak-ng on Linux, SAPI5 on Windows, NSSpeech on macOS."""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import stat
import tempfile
import time
from pathlib import Path

from voicecoach.config import DEFAULTS
from voicecoach.engines.protocols import EngineUnavailable

TEMP_PREFIX = "voicecoach-tts-"
"""Each session's folder for rendered utterances: voicecoach-tts-<process id>-<random>, in the system's temp folder."""
STALE_AFTER_S = 24 * 3600
"""A folder whose owner cannot be told (no process id in its name, or no way to ask) is stale after a day."""


def remove_stale_folders(temp_dir: str | Path | None = None) -> list[Path]:
    """Remove the utterance folders of sessions that are gone (killed with kill -9, or a power cut): the ones of this
    user whose process no longer runs. Returns what was removed.

    A session cleans its own folder on exit, on Ctrl-C, SIGTERM and SIGHUP; nothing runs after SIGKILL, so the
    next session does it.
    """
    removed = []
    for path in Path(temp_dir or tempfile.gettempdir()).glob(f"{TEMP_PREFIX}*"):
        try:
            info = os.lstat(path)
        except OSError:
            continue
        if not stat.S_ISDIR(info.st_mode) or (hasattr(os, "getuid") and info.st_uid != os.getuid()):
            continue  # only our own real folders: the temp folder is shared
        pid = path.name[len(TEMP_PREFIX) :].split("-", 1)[0]
        if pid.isdigit() and "-" in path.name[len(TEMP_PREFIX) :] and os.name == "posix":
            if _running(int(pid)):
                continue
        elif time.time() - info.st_mtime < STALE_AFTER_S:
            continue
        shutil.rmtree(path, ignore_errors=True)
        removed.append(path)
    return removed


def _running(pid: int) -> bool:
    """Whether a process with this id runs (POSIX only: on Windows os.kill(pid, 0) would end it)."""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process
    return True


class Pyttsx3Voice:
    """pyttsx3 on the system's speech engine (espeak-ng, SAPI5, NSSpeech): offline, built once per session.

    pyttsx3 honours only the last utterance queued before runAndWait(), and its own playback
    cannot be interrupted, so each utterance is rendered to a file and played by audio/playback.py.
    """

    name = "pyttsx3"
    offline = True
    package = "pyttsx3"

    def __init__(self, *, rate_wpm: int = DEFAULTS.rate_wpm, voice: str | None = None):
        try:
            import pyttsx3

            self._engine = pyttsx3.init()
        except Exception as exc:  # pyttsx3 raises bare errors when no speech engine is installed
            raise EngineUnavailable(
                f"no text-to-speech engine ({exc}): install espeak-ng (Debian/Ubuntu: sudo apt-get install espeak-ng), "
                "or pass --no-voice"
            ) from None
        self._engine.setProperty("rate", rate_wpm)
        self._engine.setProperty("voice", self._voice_id(voice))
        remove_stale_folders()
        self._tmp = tempfile.TemporaryDirectory(prefix=f"{TEMP_PREFIX}{os.getpid()}-")
        self._count = 0

    def _voice_id(self, wanted: str | None) -> str:
        voices = self._engine.getProperty("voices")
        wanted_l = (wanted or "").lower()
        for voice in voices:
            if wanted_l and wanted_l in (voice.id.lower(), (voice.name or "").lower()):
                return voice.id
        for voice in voices:
            if wanted_l and wanted_l in f"{voice.id} {voice.name}".lower():
                return voice.id
        if wanted:
            names = ", ".join(sorted({v.name for v in voices if v.name})[:12])
            raise EngineUnavailable(f"no voice named {wanted!r}; some voices here: {names}")
        for voice in voices:  # an American English voice if there is one, else the engine's default
            if voice.id.lower().endswith("en-us") or (voice.name or "").lower() in ("english (america)", "samantha"):
                return voice.id
        return self._engine.getProperty("voice")

    def voices(self) -> list[str]:
        """The names of the system's voices, for --voice."""
        return sorted({v.name or v.id for v in self._engine.getProperty("voices")})

    def to_file(self, text: str, path: Path) -> Path:
        """Render text as a WAV file."""
        for _ in range(3):  # pyttsx3's espeak driver now and then writes an empty WAV: try again
            with contextlib.redirect_stdout(io.StringIO()):  # the espeak driver prints "Audio saved to ..."
                self._engine.save_to_file(text, str(path))
                self._engine.runAndWait()
            if path.is_file() and path.stat().st_size > 44:
                return path
        raise EngineUnavailable(f"the speech engine wrote no audio for {text[:40]!r}")

    def render(self, text: str) -> tuple[bytes, int]:
        """Text -> (mono int16 samples, the engine's own rate)."""
        import soundfile

        self._count += 1
        path = self.to_file(text, Path(self._tmp.name) / f"{self._count}.wav")
        samples, rate = soundfile.read(str(path), dtype="int16")
        path.unlink()
        if samples.ndim == 2:
            samples = samples[:, 0]
        return samples.tobytes(), rate

    def close(self) -> None:
        self._engine.stop()
        self._tmp.cleanup()
