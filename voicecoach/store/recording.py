"""An answer's audio on disk while it is spoken: a WAV that is valid after every chunk, made FLAC when the turn ends.

Why not FLAC from the first sample: a FLAC stream's header holds its length, written only when the file is
closed, and a FLAC cut off by kill -9 could not be read back (libsndfile: "Internal psf_fseek() failed").
A WAV whose header is rewritten after each chunk is readable at any instant; at the end of the turn it is
encoded to FLAC (a few milliseconds) and removed.
"""

from __future__ import annotations

import os
import struct
from pathlib import Path

from voicecoach.audio.pcm import SAMPLE_RATE, SAMPLE_WIDTH

_HEADER = struct.Struct("<4sI4s4sIHHIIHH4sI")


def _wav_header(data_bytes: int) -> bytes:
    """A 16 kHz mono int16 WAV header for data_bytes of samples."""
    return _HEADER.pack(b"RIFF", 36 + data_bytes, b"WAVE", b"fmt ", 16, 1, 1, SAMPLE_RATE,
                        SAMPLE_RATE * SAMPLE_WIDTH, SAMPLE_WIDTH, 8 * SAMPLE_WIDTH, b"data", data_bytes)  # fmt: skip


class AnswerRecording:
    """One turn's audio being written: `write(chunk)` as it is heard, `finish()` makes the FLAC."""

    def __init__(self, partial: Path):
        self.partial = partial
        """The WAV written while the person speaks (kept, readable, when the process is killed)."""
        self.flac = partial.with_suffix(".flac")
        """Where the audio ends up once the turn is over."""
        self._fd: int | None = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.write(self._fd, _wav_header(0))
        self._bytes = 0

    def write(self, chunk: bytes) -> None:
        """Append 16 kHz mono int16 audio; straight to the file (no buffer in this process), header updated."""
        if self._fd is None or not chunk:
            return
        os.write(self._fd, chunk)
        self._bytes += len(chunk)
        os.pwrite(self._fd, struct.pack("<I", 36 + self._bytes), 4)
        os.pwrite(self._fd, struct.pack("<I", self._bytes), 40)

    def close(self) -> None:
        """Stop writing; the partial WAV stays as it is."""
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None

    def finish(self) -> Path:
        """Encode the turn's audio to FLAC beside the WAV and remove the WAV; the FLAC's path."""
        import numpy as np
        import soundfile as sf

        self.close()
        samples = np.frombuffer(self.partial.read_bytes()[_HEADER.size :], dtype="<i2")
        sf.write(self.flac, samples, SAMPLE_RATE, subtype="PCM_16", format="FLAC")
        os.chmod(self.flac, 0o600)
        self.partial.unlink()
        return self.flac

    def discard(self) -> None:
        """The turn was not an answer (a voice command): remove its audio."""
        self.close()
        for path in (self.partial, self.flac):
            path.unlink(missing_ok=True)


def audio_seconds(flac: Path) -> float:
    """Seconds of audio in a finished turn's FLAC."""
    import soundfile as sf

    return sf.info(flac).frames / SAMPLE_RATE


def append_audio(flac: Path, more: Path) -> None:
    """Append the audio of FLAC `more` to FLAC `flac` (an answer that went on in a second turn), then remove `more`.

    Written beside and renamed over, so a crash midway leaves both parts on disk, never a half-written answer.
    """
    import numpy as np
    import soundfile as sf

    first, _ = sf.read(flac, dtype="int16")
    second, _ = sf.read(more, dtype="int16")
    joined = flac.with_suffix(".joining.flac")
    sf.write(joined, np.concatenate([first, second]), SAMPLE_RATE, subtype="PCM_16", format="FLAC")
    os.chmod(joined, 0o600)
    os.replace(joined, flac)
    more.unlink()
