"""The interviewer's voice: pyttsx3 synthesis, played through sounddevice in short, stoppable writes."""

from __future__ import annotations

import contextlib
import io
import queue
import re
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

import numpy as np

from voicecoach.audio.devices import DeviceError, pick_device, sounddevice

WRITE_S = 0.03
"""Seconds of audio per write: barge-in can stop playback within one write."""


KeepGoing = Callable[[], bool]
"""Asked between writes; False stops the speaker (the person started talking)."""


class Speaker(Protocol):
    """Says one utterance, blocking until it is done or interrupted."""

    def say(self, text: str, *, kind: str, on_start: Callable[[], None] | None = None, keep_going: KeepGoing | None = None) -> bool:
        """Speak text; call on_start at the first sample; True if it played to the end."""
        ...

    def close(self) -> None: ...


class Synthesizer:
    """pyttsx3 (espeak-ng on Linux, SAPI5 on Windows, NSSpeech on macOS), built once per session.

    pyttsx3 honours only the last utterance queued before runAndWait(), and its own playback
    cannot be interrupted, so each utterance is rendered to a file and played by us.
    """

    def __init__(self, *, rate_wpm: int = 160, voice: str | None = None):
        try:
            import pyttsx3

            self._engine = pyttsx3.init()
        except Exception as exc:  # pyttsx3 raises bare errors when no speech engine is installed
            raise DeviceError(
                f"no text-to-speech engine ({exc}): install espeak-ng (Debian/Ubuntu: sudo apt-get install espeak-ng), or pass --no-voice"
            ) from None
        self._engine.setProperty("rate", rate_wpm)
        self._engine.setProperty("voice", self._voice_id(voice))
        self._tmp = tempfile.TemporaryDirectory(prefix="voicecoach-tts-")
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
            raise DeviceError(f"no voice named {wanted!r}; some voices here: {names}")
        for voice in voices:  # an American English voice if there is one, else the engine's default
            if voice.id.lower().endswith("en-us") or (voice.name or "").lower() in ("english (america)", "samantha"):
                return voice.id
        return self._engine.getProperty("voice")

    def to_file(self, text: str, path: Path) -> Path:
        """Render text as a WAV file."""
        for _ in range(3):  # pyttsx3's espeak driver now and then writes an empty WAV: try again
            with contextlib.redirect_stdout(io.StringIO()):  # the espeak driver prints "Audio saved to ..."
                self._engine.save_to_file(text, str(path))
                self._engine.runAndWait()
            if path.is_file() and path.stat().st_size > 44:
                return path
        raise DeviceError(f"the speech engine wrote no audio for {text[:40]!r}")

    def render(self, text: str) -> tuple[np.ndarray, int]:
        """Text -> (int16 samples, rate)."""
        import soundfile

        self._count += 1
        path = self.to_file(text, Path(self._tmp.name) / f"{self._count}.wav")
        samples, rate = soundfile.read(str(path), dtype="int16")
        path.unlink()
        if samples.ndim == 2:
            samples = samples[:, 0]
        return samples, rate

    def close(self) -> None:
        self._engine.stop()
        self._tmp.cleanup()


def sentences(text: str) -> list[str]:
    """Split at sentence ends, so the first can play while the rest is synthesised."""
    return [part for part in re.split(r"(?<=[.!?])\s+", text.strip()) if part]


class SpeakerOut:
    """Speaks through the sound card in short writes, so it can stop mid-word.

    The first sentence is synthesised alone and starts playing at once; the rest is
    synthesised on a worker thread meanwhile. `pace_writes` paces writes to real time
    itself, for output devices that swallow audio instantly (ALSA's file plugin in tests).
    """

    def __init__(self, synth: Synthesizer, device: str | int | None = None, *, pace_writes: bool = False):
        self._synth = synth
        self._device = pick_device(device, "output")
        self._stream = None
        self._rate = None
        self._pace = pace_writes

    def _stream_for(self, rate: int):
        if self._stream is None or self._rate != rate:
            self._close_stream()
            sd = sounddevice()
            try:
                self._stream = sd.RawOutputStream(samplerate=rate, channels=1, dtype="int16", device=self._device)
                self._stream.start()
            except sd.PortAudioError as exc:
                raise DeviceError(f"cannot open the speaker ({exc}): pass --speak-to DIR or --no-voice") from None
            self._rate = rate
        return self._stream

    def say(self, text: str, *, kind: str, on_start: Callable[[], None] | None = None, keep_going: KeepGoing | None = None) -> bool:
        first, *rest = sentences(text) or [text]
        samples, rate = self._synth.render(first)
        rendered: queue.Queue = queue.Queue()

        def render_rest() -> None:
            try:
                for sentence in rest:
                    rendered.put(self._synth.render(sentence)[0])
            except Exception as exc:  # handed to the playing thread, which raises it
                rendered.put(exc)

        worker = threading.Thread(target=render_rest, daemon=True)
        worker.start()
        try:
            stream = self._stream_for(rate)
            started = False
            for pieces_left in range(len(rest), -1, -1):
                if not self._play(stream, samples, rate, on_start if not started else None, keep_going):
                    return False
                started = True
                if pieces_left:
                    samples = rendered.get()
                    if isinstance(samples, Exception):
                        raise samples
            return True
        finally:
            worker.join()  # the engine is not shared across threads: wait before the next utterance

    def _play(self, stream, samples: np.ndarray, rate: int, on_start, keep_going: KeepGoing | None) -> bool:
        step = int(rate * WRITE_S)
        began = time.perf_counter()
        for i, start in enumerate(range(0, len(samples), step)):
            if keep_going is not None and not keep_going():
                return False
            if self._pace:
                ahead = began + start / rate - time.perf_counter() - WRITE_S
                if ahead > 0:
                    time.sleep(ahead)
            stream.write(samples[start : start + step].tobytes())
            if i == 0 and on_start:
                on_start()
        return True

    def _close_stream(self) -> None:
        if self._stream is not None:
            self._stream.stop()
            self._stream.close()
            self._stream = None

    def close(self) -> None:
        self._close_stream()
        self._synth.close()


class SpeakerToFiles:
    """Writes each utterance as a numbered WAV in a folder instead of playing it."""

    def __init__(self, synth: Synthesizer, folder: str | Path):
        self._synth = synth
        self.folder = Path(folder)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DeviceError(f"{self.folder}: cannot write spoken audio there ({exc.strerror})") from None
        self.written: list[Path] = []

    def say(self, text: str, *, kind: str, on_start: Callable[[], None] | None = None, keep_going: KeepGoing | None = None) -> bool:
        path = self.folder / f"{len(self.written) + 1:02d}-{kind}.wav"
        self._synth.to_file(text, path)
        self.written.append(path)
        if on_start:
            on_start()
        return True

    def close(self) -> None:
        self._synth.close()


class Silent:
    """Says nothing (--no-voice): the terminal shows every line."""

    def say(self, text: str, *, kind: str, on_start: Callable[[], None] | None = None, keep_going: KeepGoing | None = None) -> bool:
        if on_start:
            on_start()
        return True

    def close(self) -> None:
        pass
