"""Where answers come from: the microphone, or recorded answer files."""

from __future__ import annotations

import queue
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Protocol

from voicecoach.audio import FRAME_BYTES, SAMPLE_RATE, SAMPLE_WIDTH, load_wav, silence
from voicecoach.devices import DeviceError, pick_device, sounddevice


class NoMoreAnswers(Exception):
    """A recorded source has played every answer it holds."""


class AnswerSource(Protocol):
    """Gives the audio of one answer at a time, as 16 kHz mono int16 chunks."""

    def answer(self) -> Iterator[bytes]:
        """The chunks of the next answer; ends when the source has no more audio for it."""
        ...


class RecordedAnswers:
    """Answer files played one per turn, each followed by silence so the end of the answer can be heard.

    `realtime=True` hands out audio no faster than a person speaks (benchmarks); by
    default it goes as fast as the listener takes it.
    """

    def __init__(self, paths: Sequence[str | Path], *, tail_silence_s: float = 12.0, realtime: bool = False):
        self._pcm = [load_wav(p) for p in paths]  # read all first: a bad file fails before the session starts
        self._next = 0
        self._tail = silence(tail_silence_s)
        self.realtime = realtime

    def __len__(self) -> int:
        return len(self._pcm)

    def answer(self) -> Iterator[bytes]:
        if self._next >= len(self._pcm):
            raise NoMoreAnswers
        pcm = self._pcm[self._next] + self._tail
        self._next += 1
        return _paced(pcm) if self.realtime else _chunks(pcm)


def _chunks(pcm: bytes) -> Iterator[bytes]:
    for start in range(0, len(pcm), FRAME_BYTES):
        yield pcm[start : start + FRAME_BYTES]


def _paced(pcm: bytes) -> Iterator[bytes]:
    """Chunks released on a real-time schedule; a slow reader gets the backlog at once, like a mic buffer."""
    started = time.perf_counter()
    bytes_per_s = SAMPLE_RATE * SAMPLE_WIDTH
    for start in range(0, len(pcm), FRAME_BYTES):
        due = started + (start + FRAME_BYTES) / bytes_per_s
        wait = due - time.perf_counter()
        if wait > 0:
            time.sleep(wait)
        yield pcm[start : start + FRAME_BYTES]


class Microphone:
    """The microphone through sounddevice, open for the whole session; use it in a `with` block.

    PortAudio's callback runs on its own thread; it only copies bytes into a queue.
    """

    def __init__(self, device: str | int | None = None, *, read_timeout_s: float = 2.0):
        self._device = pick_device(device, "input")
        self._frames: queue.Queue[bytes] = queue.Queue()
        self._stream = None
        self._read_timeout_s = read_timeout_s
        self.closed = False

    def __enter__(self) -> "Microphone":
        sd = sounddevice()
        try:
            self._stream = sd.RawInputStream(
                samplerate=SAMPLE_RATE,
                channels=1,
                dtype="int16",
                blocksize=FRAME_BYTES // SAMPLE_WIDTH,
                device=self._device,
                callback=self._on_audio,
            )
            self._stream.start()
        except sd.PortAudioError as exc:
            raise DeviceError(f"cannot open the microphone ({exc})") from None
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        """Stop and close the stream (idempotent)."""
        self.closed = True
        if self._stream is not None:
            self._stream.stop()
            self._stream.close()
            self._stream = None

    def _on_audio(self, data, frames, time_info, status) -> None:
        self._frames.put(bytes(data))

    def drain(self) -> None:
        """Forget audio heard so far (the interviewer's turn, for a microphone that hears the speaker)."""
        while True:
            try:
                self._frames.get_nowait()
            except queue.Empty:
                return

    def answer(self) -> Iterator[bytes]:
        self.drain()
        while not self.closed:
            try:
                yield self._frames.get(timeout=self._read_timeout_s)
            except queue.Empty:
                raise DeviceError("the microphone stopped sending audio") from None


def open_microphone(device: str | int | None) -> Microphone:
    """The microphone, or a DeviceError saying how to practise without one."""
    try:
        return Microphone(device)
    except DeviceError as exc:
        if device is not None:
            raise
        raise DeviceError(f"{exc}: no microphone here; replay recorded answers with --answers FILE... or try --demo") from None
