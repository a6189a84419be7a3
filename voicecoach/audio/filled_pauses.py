"""Filled pauses ("um", "uh", "er") found in the sound itself: a sustained voiced stretch with a flat pitch and a
steady spectrum, 0.2-1.0 s long. Words rarely hold one vowel that long; a hesitation does. numpy only.

Whisper drops most "um"/"uh" from its text; this hears them from the audio, and the recognizer keeps a hit
only where it heard no word (see engines.faster_whisper). Measured by `voicecoach bench fillers`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from voicecoach.audio.pcm import SAMPLE_RATE

FRAME_S = 0.032
HOP_S = 0.010
"""Analysis frames: 32 ms windows every 10 ms."""
PITCH_HZ = (70.0, 400.0)
"""The pitch range searched (adult voices)."""
OCTAVE_SHARE = 0.85
"""A shorter lag within this share of the best autocorrelation peak is taken as the period."""
MIN_PERIODICITY = 0.55
"""Normalised autocorrelation at the pitch period: above it a frame is voiced (noise scores well under 0.4)."""
MIN_LEVEL_DB = 12.0
"""A voiced frame is at least this far above the clip's quietest tenth of frames."""
MAX_PITCH_STEP = 0.06
"""Pitch may move at most this fraction from one frame to the next within one sustained sound."""
MAX_PITCH_SPREAD = 0.12
"""The pitch of a whole filled pause stays within this fraction of its median (flat, not a word's contour)."""
MAX_SPECTRAL_STEP = 0.30
"""Mean absolute change of the log band energies (nats) between frames of a steady sound."""
LENGTH_S = (0.2, 1.0)
"""How long a filled pause lasts."""
_BANDS = 16


@dataclass(frozen=True)
class FilledPause:
    """One sustained hesitation sound, in seconds from the start of the audio."""

    start: float
    end: float


def _frames(x: np.ndarray, size: int, hop: int) -> np.ndarray:
    """Overlapping frames as rows (the tail shorter than one frame dropped)."""
    count = 1 + (len(x) - size) // hop
    idx = np.arange(size)[None, :] + hop * np.arange(count)[:, None]
    return x[idx]


def _band_edges(size: int) -> np.ndarray:
    """FFT bin edges of _BANDS bands spaced evenly on a mel-like scale up to 4 kHz."""
    mel = np.linspace(0.0, 2595 * np.log10(1 + 4000 / 700), _BANDS + 1)
    hz = 700 * (10 ** (mel / 2595) - 1)
    return np.unique(np.clip(np.round(hz / SAMPLE_RATE * size).astype(int), 1, size // 2))


def frame_features(samples: np.ndarray, rate: int = SAMPLE_RATE) -> tuple[np.ndarray, ...]:
    """Per frame: level (dB), periodicity (0-1), pitch (Hz) and log band energies."""
    size, hop = int(FRAME_S * rate), int(HOP_S * rate)
    if len(samples) < size:
        return np.zeros(0), np.zeros(0), np.zeros(0), np.zeros((0, _BANDS))
    f = _frames(samples.astype(np.float64), size, hop)
    f = f - f.mean(axis=1, keepdims=True)
    level = 10 * np.log10(np.mean(f * f, axis=1) + 1e-10)
    windowed = f * np.hanning(size)
    spectrum = np.abs(np.fft.rfft(windowed, n=2 * size)) ** 2
    # autocorrelation from the power spectrum (Wiener-Khinchin), normalised by lag 0
    ac = np.fft.irfft(spectrum, axis=1)[:, :size]
    ac = ac / np.maximum(ac[:, :1], 1e-12)
    # the window's own taper shrinks long lags: divide it out so periodicity does not fall with pitch period
    win_ac = np.correlate(np.hanning(size), np.hanning(size), "full")[size - 1 :]
    ac = ac / np.maximum(win_ac / win_ac[0], 1e-3)
    lo, hi = int(rate / PITCH_HZ[1]), int(rate / PITCH_HZ[0])
    lags = ac[:, lo:hi]
    # the shortest lag near the best peak: a period's multiples score as high and would halve the pitch
    top = lags.max(axis=1, keepdims=True)
    best = np.argmax(lags >= OCTAVE_SHARE * top, axis=1)
    periodicity = np.clip(top[:, 0], 0.0, 1.0)
    pitch = rate / (best + lo)
    power = np.abs(np.fft.rfft(windowed, axis=1)) ** 2
    edges = _band_edges(size)
    bands = np.stack([power[:, a:b].sum(axis=1) for a, b in zip(edges[:-1], edges[1:])], axis=1)
    # quiet bands are clamped 40 dB under the loudest so their noise does not count as a change of sound
    bands = np.maximum(bands, bands.max(axis=1, keepdims=True) * 1e-4)
    logs = np.log(bands + 1e-12)
    # three-frame smoothing: one frame's jitter is not a new sound
    smooth = logs.copy()
    smooth[1:-1] = (logs[:-2] + logs[1:-1] + logs[2:]) / 3
    return level, periodicity, pitch, smooth


def find_filled_pauses(pcm: bytes | np.ndarray, rate: int = SAMPLE_RATE) -> list[FilledPause]:
    """Sustained, flat, steady voiced sounds of LENGTH_S in 16-bit mono audio, in time order."""
    samples = np.frombuffer(pcm, dtype="<i2") if isinstance(pcm, bytes | bytearray) else np.asarray(pcm)
    samples = samples.astype(np.float64) / 32768.0
    level, periodicity, pitch, bands = frame_features(samples, rate)
    if len(level) < 3:
        return []
    floor = np.percentile(level, 10)
    voiced = (periodicity >= MIN_PERIODICITY) & (level >= floor + MIN_LEVEL_DB)
    step = np.zeros(len(level))
    step[1:] = np.mean(np.abs(np.diff(bands, axis=0)), axis=1)
    pitch_step = np.zeros(len(level))
    pitch_step[1:] = np.abs(np.diff(np.log(pitch)))
    # a frame continues the sound before it when both are voiced and neither pitch nor spectrum jumps
    joins = voiced & np.roll(voiced, 1) & (pitch_step <= MAX_PITCH_STEP) & (step <= MAX_SPECTRAL_STEP)
    joins[0] = False
    found: list[FilledPause] = []
    i, n = 0, len(level)
    while i < n:
        if not voiced[i]:
            i += 1
            continue
        j = i + 1
        while j < n and joins[j]:
            j += 1
        start, end = i * HOP_S, (j - 1) * HOP_S + FRAME_S
        run = pitch[i:j]
        flat = np.all(np.abs(np.log(run / np.median(run))) <= MAX_PITCH_SPREAD)
        if LENGTH_S[0] <= end - start <= LENGTH_S[1] and flat:
            found.append(FilledPause(round(start, 3), round(end, 3)))
        i = j
    return found
