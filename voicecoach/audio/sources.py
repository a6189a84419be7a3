"""Where answers come from: the microphone, or recorded answer files."""

from __future__ import annotations

import queue
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Protocol

from voicecoach.audio.device_thread import SLICE_S, DeviceThread
from voicecoach.audio.devices import CHECK_DEVICES, DeviceError, pick_device, portaudio_error, quiet_stderr, sounddevice
from voicecoach.audio.pcm import FRAME_BYTES, FRAME_MS, SAMPLE_RATE, SAMPLE_WIDTH, load_wav, silence


class NoMoreAnswers(Exception):
    """A recorded source has played every answer it holds."""


class AnswerAudio(Protocol):
    """The audio of one answer turn, from the moment the interviewer starts asking."""

    def poll(self) -> list[bytes]:
        """The chunks heard so far and not yet taken, without waiting (while the interviewer speaks)."""
        ...

    def __iter__(self) -> Iterator[bytes]:
        """The chunks still to come, waiting for each; ends when the source has no more audio."""
        ...


class AnswerSource(Protocol):
    """Gives the audio of one answer at a time, as 16 kHz mono int16 chunks."""

    def answer(self) -> AnswerAudio:
        """Starts listening for the next answer (raises NoMoreAnswers when a recording is used up)."""
        ...


class RecordedAnswers:
    """Answer files played one per turn, each followed by silence so the end of the answer can be heard.

    The person answers once the prompt is over. `realtime=True` hands out audio no faster
    than a person speaks (benchmarks); by default it goes as fast as the listener takes it.
    `speak_over_prompt_s` starts the answer that long after the prompt starts, to rehearse
    barge-in.
    """

    def __init__(
        self, paths: Sequence[str | Path], *, tail_silence_s: float = 12.0, realtime: bool = False,
        speak_over_prompt_s: float | None = None,
    ):  # fmt: skip
        self._pcm = [load_wav(p) for p in paths]  # read all first: a bad file fails before the session starts
        self._next = 0
        self._tail = silence(tail_silence_s)
        self.realtime = realtime or speak_over_prompt_s is not None
        self.speak_over_prompt_s = speak_over_prompt_s

    def __len__(self) -> int:
        return len(self._pcm)

    def answer(self) -> Replay:
        if self._next >= len(self._pcm):
            raise NoMoreAnswers
        pcm = self._pcm[self._next] + self._tail
        self._next += 1
        starts = None if self.speak_over_prompt_s is None else time.perf_counter() + self.speak_over_prompt_s
        return Replay(pcm, realtime=self.realtime, starts=starts)


class Replay:
    """One recorded answer, handed out at once or on a real-time schedule (like a microphone's buffer)."""

    def __init__(self, pcm: bytes, *, realtime: bool, starts: float | None = None):
        self.pcm = pcm
        self.realtime = realtime
        self.starts = starts
        """perf_counter() time the first sample is "spoken"; None: when the listener first waits for it."""
        self._taken = 0

    def _due(self) -> int:
        """Bytes the person has spoken by now."""
        if self.starts is None:
            return 0
        spoken = int((time.perf_counter() - self.starts) * SAMPLE_RATE) * SAMPLE_WIDTH
        return max(0, min(len(self.pcm), spoken))

    def poll(self) -> list[bytes]:
        if not self.realtime:
            return []
        due = self._due()
        chunks = [self.pcm[i : min(i + FRAME_BYTES, due)] for i in range(self._taken, due, FRAME_BYTES)]
        self._taken = max(self._taken, due)
        return chunks

    def __iter__(self) -> Iterator[bytes]:
        if self.starts is None:
            self.starts = time.perf_counter()
        while self._taken < len(self.pcm):
            if self.realtime:
                wait = self.starts + (self._taken + FRAME_BYTES) / (SAMPLE_RATE * SAMPLE_WIDTH) - time.perf_counter()
                if wait > 0:
                    time.sleep(wait)
            end = min(self._taken + FRAME_BYTES, len(self.pcm))
            chunk, self._taken = self.pcm[self._taken : end], end
            yield chunk


STALL_S = 2.0
"""Seconds without a single frame from an open microphone before it counts as stalled or gone."""
OPEN_TIMEOUT_S = 5.0
"""Seconds an ALSA device may take to open (they take a few hundredths) before it counts as not answering."""
CLOSE_TIMEOUT_S = 0.5
"""Seconds to wait for the stream to stop: Ctrl-C must end the program within a second, stalled device or not."""
NOT_ANSWERING = ("the microphone did not answer when opened", f"check the headset cable, then {CHECK_DEVICES}")
"""(what happened, what to do) when opening the microphone takes longer than OPEN_TIMEOUT_S."""
STOPPED_SENDING = ("the microphone stopped sending sound", f"check the headset cable, then {CHECK_DEVICES}")
"""(what happened, what to do) when a microphone stalls or disappears in the middle of an answer."""


class Microphone:
    """The microphone through sounddevice (16 kHz mono int16); use it in a `with` block.

    The stream opens when an answer turn starts, before the interviewer speaks, so that
    speech over the prompt is heard (a headset has no echo), and closes when the answer
    is over. PortAudio's callback runs on its own thread and only copies bytes into a
    bounded queue: a stalled reader loses the oldest audio, never the machine's memory.

    Opening and closing go through a DeviceThread with deadlines, and reading waits at
    most `read_timeout_s` for each frame: a microphone that stalls or vanishes mid-answer
    ends that answer with what was heard so far, and the next answer() raises
    `failure` (STOPPED_SENDING's words) so the session can end with its summary.
    """

    def __init__(self, device: str | int | None = None, *, read_timeout_s: float = STALL_S, buffer_s: float = 180.0):
        self.device = pick_device(device, "input")
        self._queue_size = int(buffer_s * 1000 / FRAME_MS)
        self._frames: queue.Queue[bytes] = queue.Queue(maxsize=self._queue_size)
        self._stream = None
        """The open stream; set and cleared on the device thread only."""
        self._listening = False
        self._calls = DeviceThread("microphone")
        self._read_timeout_s = read_timeout_s
        self.dropped_frames = 0
        self.failure: DeviceError | None = None
        """Why the microphone stopped in the middle of an answer; the next answer() raises it."""

    def __enter__(self) -> Microphone:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
        self._calls.close()

    def _open(self) -> None:
        frames: queue.Queue[bytes] = queue.Queue(maxsize=self._queue_size)

        def on_audio(data, n_frames, time_info, status) -> None:
            try:
                frames.put_nowait(bytes(data))  # this stream's own queue: a stream that wakes up late feeds no one
            except queue.Full:
                self.dropped_frames += 1

        self._frames = frames
        with quiet_stderr():
            not_answering = DeviceError(*NOT_ANSWERING)
            self._calls.call(self._start_stream, on_audio, timeout_s=OPEN_TIMEOUT_S, stalled=not_answering)
        self._listening = True

    def _start_stream(self, on_audio) -> None:
        """On the device thread: open and start a stream (PortAudio's errors in the person's words)."""
        sd = sounddevice()
        try:
            self._stream = sd.RawInputStream(
                samplerate=SAMPLE_RATE,
                channels=1,
                dtype="int16",
                blocksize=FRAME_BYTES // SAMPLE_WIDTH,
                device=self.device,
                callback=on_audio,
            )
            self._stream.start()
        except sd.PortAudioError as exc:
            self._stop_stream()
            raise portaudio_error(exc, "input") from None

    def _stop_stream(self) -> None:
        """On the device thread: stop and close the stream, if one is open."""
        stream, self._stream = self._stream, None
        if stream is not None:
            stream.stop()
            stream.close()

    def close(self) -> None:
        """Stop and close the stream (idempotent); a stream that will not stop is left behind within CLOSE_TIMEOUT_S."""
        self._listening = False
        if not self._calls.stuck:
            try:
                self._calls.call(self._stop_stream, timeout_s=CLOSE_TIMEOUT_S, stalled=DeviceError(*STOPPED_SENDING))
            except DeviceError as exc:
                self.failure = self.failure or exc
        while not self._frames.empty():
            self._frames.get_nowait()

    def answer(self) -> Microphone:
        self.close()
        if self.failure is not None:
            raise DeviceError(self.failure.problem, self.failure.advice)
        self._open()
        return self

    def poll(self) -> list[bytes]:
        chunks = []
        while True:
            try:
                chunks.append(self._frames.get_nowait())
            except queue.Empty:
                return chunks

    def __iter__(self) -> Iterator[bytes]:
        try:
            last_heard = time.monotonic()
            while self._listening:
                try:  # short waits: Ctrl-C is handled within one, whichever thread the signal landed on
                    chunk = self._frames.get(timeout=SLICE_S)
                except queue.Empty:
                    if time.monotonic() - last_heard >= self._read_timeout_s:
                        self.failure = DeviceError(*STOPPED_SENDING)
                        return  # the answer ends here, with what was heard; the next answer() says why
                    continue
                last_heard = time.monotonic()
                yield chunk
        finally:
            self.close()


def open_microphone(device: str | int | None) -> Microphone:
    """The microphone, or a DeviceError saying how to practise without one."""
    try:
        mic = Microphone(device)
    except DeviceError as exc:
        raise _no_microphone(exc, device) from None
    try:
        mic.answer()  # opening it once now tells at the start whether it works
        mic.close()
    except DeviceError as exc:
        mic.__exit__(None, None, None)
        raise _no_microphone(exc, device) from None
    return mic


def _no_microphone(exc: DeviceError, device: str | int | None) -> DeviceError:
    if device is not None:
        return exc
    advice = "replay recorded answers with --answers FILE... or try --demo"
    return DeviceError(f"no microphone found ({exc.problem})", advice)
