"""The one internal audio currency, 16 kHz mono int16 PCM, and reading answers from files."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # numpy is imported where it is used: commands that read no audio start faster
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
    import numpy as np
    import soxr  # a real resampler: anti-aliased, unlike linear interpolation

    if samples.ndim == 2:
        samples = samples.mean(axis=1)
    if rate != SAMPLE_RATE:
        samples = soxr.resample(samples, rate, SAMPLE_RATE, quality="HQ")
    return (np.clip(samples, -1.0, 1.0) * 32767).astype("<i2").tobytes()


MIN_FILE_S = 0.1
"""Seconds: a file shorter than this holds no word (a clipped "stop" lasts 160 ms; pocketsphinx decodes nothing
under 80 ms)."""
MIN_FILE_RATE = 8000
"""Hertz: the lowest sample rate that keeps speech recognisable (the telephone's)."""
SILENT_PEAK = 10 ** (-60 / 20)
"""A file whose loudest sample is under -60 dBFS holds no answer: room noise alone is louder."""


def load_wav(path: str | Path) -> bytes:
    """Read an audio file (WAV, FLAC, OGG; any rate, any channel count) as 16 kHz mono int16 PCM.

    Raises AudioFileError, one line naming the file, for anything that cannot hold an answer: missing, empty,
    unreadable, cut to a few milliseconds, silent, damaged samples (NaN or infinity), a rate too low for speech.
    """
    import soundfile

    path = Path(path)
    if path.is_dir():
        raise AudioFileError(f"{path}: a folder, not an audio file")
    if not path.is_file():
        raise AudioFileError(f"{path}: no such file")
    if path.stat().st_size == 0:
        raise AudioFileError(f"{path}: the file is empty")
    try:
        samples, rate = soundfile.read(str(path), dtype="float32", always_2d=True)
    except (soundfile.LibsndfileError, RuntimeError, TypeError, ValueError, MemoryError) as exc:
        raise AudioFileError(f"{path}: not a readable audio file ({_one_line(exc)})") from None
    if len(samples) == 0:
        raise AudioFileError(f"{path}: the file holds no audio")
    check_samples(samples, rate, path)
    return to_pcm16(samples, rate)


def check_samples(samples: np.ndarray, rate: int, path: str | Path) -> None:
    """Raise AudioFileError when float samples read from `path` cannot hold an answer (see load_wav)."""
    import numpy as np

    if rate < MIN_FILE_RATE:
        low = f"recorded at {rate} Hz, too low for speech (record at {MIN_FILE_RATE} Hz or over)"
        raise AudioFileError(f"{path}: {low}")
    seconds = len(samples) / rate
    if seconds < MIN_FILE_S:
        raise AudioFileError(f"{path}: only {seconds * 1000:.0f} ms of audio, too short to hold an answer (cut short?)")
    damaged = int(np.count_nonzero(~np.isfinite(samples)))
    if damaged:
        raise AudioFileError(f"{path}: damaged: {damaged} samples are not numbers (NaN or infinity)")
    peak = float(np.max(np.abs(samples)))
    if peak < SILENT_PEAK:
        level = f"loudest sample {20 * np.log10(peak):.0f} dBFS" if peak > 0 else "digital silence"
        raise AudioFileError(f"{path}: silent ({level}): record the answer again, nearer the microphone")


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__


def save_wav(path: str | Path, pcm: bytes, rate: int = SAMPLE_RATE) -> Path:
    """Write mono int16 PCM as a WAV file."""
    import numpy as np
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
