"""The interviewer's voice played: any Voice engine's audio through sounddevice in short, stoppable writes."""

from __future__ import annotations

import contextlib
import queue
import re
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from voicecoach.audio.device_thread import DeviceThread
from voicecoach.audio.devices import CHECK_DEVICES, DeviceError, pick_device, portaudio_error, quiet_stderr, sounddevice
from voicecoach.audio.pcm import SAMPLE_WIDTH
from voicecoach.engines.protocols import Voice

WRITE_S = 0.03
"""Seconds of audio per write: barge-in can stop playback within one write."""
STALL_S = 2.0
"""Seconds one write may block before the speaker counts as stalled (a write normally takes WRITE_S at most)."""
OPEN_TIMEOUT_S = 5.0
"""Seconds the output device may take to open."""
CLOSE_TIMEOUT_S = 0.5
"""Seconds to wait for the stream to stop: Ctrl-C must end the program within a second."""
STOPPED_PLAYING = ("the speaker stopped playing sound",
                   f"check the headset cable, then {CHECK_DEVICES} (or practise with --speak-to DIR or --no-voice)")
"""(what happened, what to do) when the speaker stalls or disappears while the interviewer speaks."""


KeepGoing = Callable[[], bool]
"""Asked between writes; False stops the speaker (the person started talking)."""


class Speaker(Protocol):
    """Says one utterance, blocking until it is done or interrupted.

    The speakers here also have `prepare(*texts)`: what will be said next is rendered ahead when the voice can
    (see prepare_ahead, which the session calls and which passes over a speaker without it).
    """

    def say(self, text: str, *, kind: str, on_start: Callable[[], None] | None = None,
            keep_going: KeepGoing | None = None) -> bool:
        """Speak text; call on_start at the first sample; True if it played to the end."""
        ...

    def close(self) -> None: ...


def prepare_ahead(speaker: Speaker, *texts: str) -> None:
    """Have texts rendered while the session goes on, so that saying them later starts at once (when the speaker
    and its voice can render ahead; otherwise nothing happens)."""
    prepare = getattr(speaker, "prepare", None)
    if prepare is not None:
        prepare(*texts)


def _prepare(voice: Voice, pieces: list[str]) -> None:
    """Each piece rendered ahead by a voice that can (engines/render_ahead.py); other voices render when asked."""
    prepare = getattr(voice, "prepare", None)
    if prepare is not None:
        for piece in pieces:
            prepare(piece)


def sentences(text: str) -> list[str]:
    """Split at sentence ends, so the first can play while the rest is synthesised."""
    return [part for part in re.split(r"(?<=[.!?])\s+", text.strip()) if part]


class SpeakerOut:
    """Speaks through the sound card in short writes, so it can stop mid-word.

    The first sentence is synthesised alone and starts playing at once; the rest is
    synthesised on a worker thread meanwhile. `pace_writes` paces writes to real time
    itself, for output devices that swallow audio instantly (ALSA's file plugin in tests).
    Every stream call goes through a DeviceThread with a deadline, so a stalled speaker
    raises a DeviceError (STOPPED_PLAYING's words) instead of hanging.
    """

    def __init__(self, voice: Voice, device: str | int | None = None, *, pace_writes: bool = False):
        self._voice = voice
        self._device = pick_device(device, "output")
        self._stream = None
        self._rate = None
        self._pace = pace_writes
        self._calls = DeviceThread("speaker")

    def _stream_for(self, rate: int):
        if self._stream is None or self._rate != rate:
            self._close_stream()
            with quiet_stderr():
                self._stream = self._call(self._open, rate, timeout_s=OPEN_TIMEOUT_S)
            self._rate = rate
        return self._stream

    def _call(self, fn, *args, timeout_s: float):
        """fn(*args) on the speaker's device thread, or STOPPED_PLAYING once timeout_s pass."""
        return self._calls.call(fn, *args, timeout_s=timeout_s, stalled=DeviceError(*STOPPED_PLAYING))

    def _open(self, rate: int):
        """On the device thread: an open, started output stream (PortAudio's errors in the person's words)."""
        sd = sounddevice()
        try:
            stream = sd.RawOutputStream(samplerate=rate, channels=1, dtype="int16", device=self._device)
        except sd.PortAudioError as exc:
            raise portaudio_error(exc, "output") from None
        try:
            stream.start()
        except sd.PortAudioError as exc:
            stream.close()
            raise portaudio_error(exc, "output") from None
        return stream

    def prepare(self, *texts: str) -> None:
        """Render texts ahead, sentence by sentence as say() plays them."""
        _prepare(self._voice, [sentence for text in texts for sentence in sentences(text) or [text]])

    def say(self, text: str, *, kind: str, on_start: Callable[[], None] | None = None,
            keep_going: KeepGoing | None = None) -> bool:
        first, *rest = sentences(text) or [text]
        pcm, rate = self._voice.render(first)
        rendered: queue.Queue = queue.Queue()

        def render_rest() -> None:
            try:
                for sentence in rest:
                    rendered.put(self._voice.render(sentence)[0])
            except Exception as exc:  # handed to the playing thread, which raises it
                rendered.put(exc)

        worker = threading.Thread(target=render_rest, daemon=True)
        worker.start()
        try:
            stream = self._stream_for(rate)
            started = False
            for pieces_left in range(len(rest), -1, -1):
                if not self._play(stream, pcm, rate, on_start if not started else None, keep_going):
                    return False
                started = True
                if pieces_left:
                    pcm = rendered.get()
                    if isinstance(pcm, Exception):
                        raise pcm
            return True
        finally:
            worker.join()  # the engine is not shared across threads: wait before the next utterance

    def _play(self, stream, pcm: bytes, rate: int, on_start, keep_going: KeepGoing | None) -> bool:
        step = int(rate * WRITE_S) * SAMPLE_WIDTH
        began = time.perf_counter()
        for i, start in enumerate(range(0, len(pcm), step)):
            if keep_going is not None and not keep_going():
                return False
            if self._pace:
                ahead = began + start / SAMPLE_WIDTH / rate - time.perf_counter() - WRITE_S
                if ahead > 0:
                    time.sleep(ahead)
            self._call(_write, stream, pcm[start : start + step], timeout_s=STALL_S)
            if i == 0 and on_start:
                on_start()
        return True

    def _close_stream(self) -> None:
        stream, self._stream = self._stream, None
        if stream is not None and not self._calls.stuck:
            with contextlib.suppress(DeviceError):  # a speaker that will not stop is left behind (see DeviceThread)
                self._call(_stop_and_close, stream, timeout_s=CLOSE_TIMEOUT_S)

    def close(self) -> None:
        try:
            self._close_stream()
            self._calls.close()
        finally:
            self._voice.close()


def _write(stream, pcm: bytes) -> None:
    """On the device thread: one write (a speaker gone mid-utterance raises a PortAudioError)."""
    sd = sounddevice()
    try:
        stream.write(pcm)
    except sd.PortAudioError as exc:
        raise portaudio_error(exc, "output") from None


def _stop_and_close(stream) -> None:
    stream.stop()
    stream.close()


class SpeakerToFiles:
    """Writes each utterance as a numbered WAV in a folder instead of playing it."""

    def __init__(self, voice: Voice, folder: str | Path):
        self._voice = voice
        self.folder = Path(folder)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DeviceError(f"{self.folder}: cannot write spoken audio there ({exc.strerror})") from None
        self.written: list[Path] = []

    def prepare(self, *texts: str) -> None:
        """Render texts ahead (whole, as to_file writes them)."""
        _prepare(self._voice, list(texts))

    def say(self, text: str, *, kind: str, on_start: Callable[[], None] | None = None,
            keep_going: KeepGoing | None = None) -> bool:
        path = self.folder / f"{len(self.written) + 1:02d}-{kind}.wav"
        self._voice.to_file(text, path)
        self.written.append(path)
        if on_start:
            on_start()
        return True

    def close(self) -> None:
        self._voice.close()


class Silent:
    """Says nothing (--no-voice): the terminal shows every line."""

    def prepare(self, *texts: str) -> None:
        pass

    def say(self, text: str, *, kind: str, on_start: Callable[[], None] | None = None,
            keep_going: KeepGoing | None = None) -> bool:
        if on_start:
            on_start()
        return True

    def close(self) -> None:
        pass
