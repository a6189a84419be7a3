"""What the session needs from an engine: a recognizer, a voice and a speech detector, as small protocols.

An engine is a class whose class attributes say what it is (name, offline, keeps_fillers, word_timings, package)
and whose docstring's first line describes it; `engine_info(cls)` reads them without building the engine, so the
CLI can list engines that are not installed here.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from voicecoach.transcript import Transcript


class EngineUnavailable(RuntimeError):
    """An engine that cannot run here; the message says what to install or pass."""


class Recognizer(Protocol):
    """Turns 16 kHz mono int16 speech into a transcript."""

    name: str
    offline: bool
    """False when audio leaves the machine."""
    keeps_fillers: bool
    """True when "um" and "uh" stay in the text (pocketsphinx, vosk); whisper and google drop them."""
    word_timings: bool
    """True when the transcript's words carry start and end times."""

    def transcribe(self, pcm: bytes, *, offset_s: float = 0.0) -> Transcript:
        """Recognise one utterance; word times are shifted by offset_s."""
        ...


class Voice(Protocol):
    """Says text as audio: the interviewer's voice.

    A voice whose rendering takes long enough to be heard (piper) may also have `prepare(text)`: render text on a
    worker thread now, so that render(text) later returns at once (see RendersAhead and engines/render_ahead.py).
    """

    name: str
    offline: bool

    def render(self, text: str) -> tuple[bytes, int]:
        """Text -> (mono int16 samples, rate in Hz); the rate is the engine's own (16 kHz or other)."""
        ...

    def to_file(self, text: str, path: Path) -> Path:
        """Render text as a WAV file at path."""
        ...

    def voices(self) -> list[str]:
        """The names of the voices this engine can speak with."""
        ...

    def close(self) -> None: ...


class RendersAhead(Protocol):
    """The optional part of a Voice: text rendered ahead, while the session does something else."""

    def prepare(self, text: str) -> None:
        """Start rendering text in the background; returns at once. close() stops the worker."""
        ...


class SpeechDetector(Protocol):
    """A voice activity detector fed fixed-size frames of 16 kHz mono int16 audio.

    It groups frames into speech regions (in_speech, speech_start, speech_end: seconds of audio fed so far)
    and, apart from that, judges single frames (is_speech) for a fast onset such as barge-in.
    """

    frame_bytes: int
    """Bytes per frame that process() and is_speech() take."""
    frame_length: float
    """Seconds per frame."""
    in_speech: bool
    speech_start: float
    speech_end: float

    def process(self, frame: bytes) -> object:
        """Feed one frame to the region detector."""
        ...

    def is_speech(self, frame: bytes) -> bool:
        """Whether this one frame is speech, on its own."""
        ...


@dataclass(frozen=True)
class EngineInfo:
    """What an engine is, read from its class without building it (for the CLI's help and the registry)."""

    name: str
    about: str
    """One line: the first line of the class's docstring."""
    offline: bool = True
    keeps_fillers: bool = False
    word_timings: bool = False
    package: str | None = None
    """What to `pip install` for it; None when voicecoach's own dependencies are enough."""


def engine_info(engine: type) -> EngineInfo:
    """The EngineInfo of an engine class (a recognizer or a voice)."""
    doc = (engine.__doc__ or "").strip()
    return EngineInfo(
        name=engine.name, about=doc.splitlines()[0] if doc else "", offline=getattr(engine, "offline", True),
        keeps_fillers=getattr(engine, "keeps_fillers", False), word_timings=getattr(engine, "word_timings", False),
        package=getattr(engine, "package", None),
    )  # fmt: skip
