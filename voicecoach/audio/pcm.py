"""The one internal audio currency, 16 kHz mono int16 PCM, and reading answers from files."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np

SAMPLE_RATE = 16000
"""Hertz, everywhere inside voicecoach."""
SAMPLE_WIDTH = 2
"""Bytes per sample (int16)."""
FRAME_MS = 20
"""Milliseconds per frame handed around by audio sources."""
FRAME_BYTES = SAMPLE_RATE * FRAME_MS // 1000 * SAMPLE_WIDTH


class AudioFileError(ValueError):
    """An answer file that cannot be used; the message says what is wrong."""


def to_pcm16(samples: np.ndarray, rate: int) -> bytes:
    """Float samples (frames x channels, or 1-D) at any rate -> 16 kHz mono int16 bytes."""
    import soxr  # a real resampler: anti-aliased, unlike linear interpolation

    if samples.ndim == 2:
        samples = samples.mean(axis=1)
    if rate != SAMPLE_RATE:
        samples = soxr.resample(samples, rate, SAMPLE_RATE, quality="HQ")
    return (np.clip(samples, -1.0, 1.0) * 32767).astype("<i2").tobytes()


def load_wav(path: str | Path) -> bytes:
    """Read an audio file (WAV, FLAC, OGG; any rate, any channel count) as 16 kHz mono int16 PCM."""
    import soundfile

    path = Path(path)
    if not path.is_file():
        raise AudioFileError(f"{path}: no such file")
    if path.stat().st_size == 0:
        raise AudioFileError(f"{path}: the file is empty")
    try:
        samples, rate = soundfile.read(str(path), dtype="float32", always_2d=True)
    except (soundfile.LibsndfileError, RuntimeError, TypeError) as exc:
        raise AudioFileError(f"{path}: not a readable audio file ({exc})") from None
    if len(samples) == 0:
        raise AudioFileError(f"{path}: the file holds no audio")
    return to_pcm16(samples, rate)


def save_wav(path: str | Path, pcm: bytes, rate: int = SAMPLE_RATE) -> Path:
    """Write mono int16 PCM as a WAV file."""
    import soundfile

    path = Path(path)
    soundfile.write(str(path), np.frombuffer(pcm, dtype="<i2"), rate, subtype="PCM_16")
    return path


def duration_s(pcm: bytes, rate: int = SAMPLE_RATE) -> float:
    """Seconds of mono int16 audio."""
    return len(pcm) / (rate * SAMPLE_WIDTH)


def frames(pcm: bytes, frame_bytes: int = FRAME_BYTES) -> Iterator[bytes]:
    """Split PCM into fixed frames, padding the last with silence."""
    for start in range(0, len(pcm), frame_bytes):
        frame = pcm[start : start + frame_bytes]
        yield frame.ljust(frame_bytes, b"\0")


def silence(seconds: float) -> bytes:
    """Seconds of digital silence."""
    return bytes(int(seconds * SAMPLE_RATE) * SAMPLE_WIDTH)
