"""Smart Turn v3.2: has the person finished speaking? An 8.7 MB ONNX model that ships inside the `pipecat-ai` wheel.

The model (BSD-2, by Daily) is Whisper tiny's encoder with a classifier on top: it hears the last 8 s of a turn as
Whisper log-mel features and gives the probability that the turn is complete, from the words and the intonation.
Only its data file is used: pipecat itself is never imported (its package imports loguru, aiohttp and more), so
`pip install --no-deps pipecat-ai` is enough next to onnxruntime (which the whisper extra brings).
"""

from __future__ import annotations

import importlib.util
from functools import cache
from pathlib import Path

import numpy as np

from voicecoach.audio.pcm import SAMPLE_RATE
from voicecoach.engines.protocols import EngineUnavailable

MODEL_FILE = ("audio", "turn", "smart_turn", "data", "smart-turn-v3.2-cpu.onnx")
"""Where the model lies inside the installed `pipecat` package."""
WINDOW_S = 8
"""The model hears this much audio: the end of the turn, zero-padded in front when shorter."""
N_FFT = 400
"""Whisper's STFT: 25 ms windows ..."""
HOP = 160
"""... every 10 ms, so 8 s give 800 feature frames."""
N_MELS = 80
"""Mel bins of Whisper tiny."""


def model_path() -> Path:
    """The Smart Turn model file in the installed pipecat-ai, found without importing pipecat."""
    spec = importlib.util.find_spec("pipecat")
    if spec is None or not spec.submodule_search_locations:
        raise EngineUnavailable("the smart end-of-turn model needs pipecat-ai: pip install 'voicecoach[turns]'")
    path = Path(next(iter(spec.submodule_search_locations)), *MODEL_FILE)
    if not path.is_file():
        raise EngineUnavailable(f"this pipecat-ai has no Smart Turn v3.2 model at {path}: pip install -U pipecat-ai")
    return path


def _hz_to_mel(hz: np.ndarray) -> np.ndarray:
    """Slaney's mel scale (librosa's default, Whisper's): linear to 1 kHz, logarithmic above."""
    mel = 3.0 * hz / 200.0
    high = hz >= 1000.0
    return np.where(high, 15.0 + np.log(np.maximum(hz, 1e-9) / 1000.0) * 27.0 / np.log(6.4), mel)


def _mel_to_hz(mel: np.ndarray) -> np.ndarray:
    hz = 200.0 * mel / 3.0
    return np.where(mel >= 15.0, 1000.0 * np.exp((mel - 15.0) * np.log(6.4) / 27.0), hz)


@cache
def mel_filters() -> np.ndarray:
    """Whisper's 80 triangular mel filters over the 201 FFT bins, area-normalised (Slaney): (201, 80)."""
    edges = _mel_to_hz(np.linspace(_hz_to_mel(np.array(0.0)), _hz_to_mel(np.array(SAMPLE_RATE / 2)), N_MELS + 2))
    bins = np.linspace(0, SAMPLE_RATE / 2, N_FFT // 2 + 1)
    rising = (bins[:, None] - edges[None, :-2]) / np.diff(edges)[None, :-1]
    falling = (edges[None, 2:] - bins[:, None]) / np.diff(edges)[None, 1:]
    triangles = np.maximum(0.0, np.minimum(rising, falling))
    return triangles * (2.0 / (edges[2:] - edges[:-2]))[None, :]


def log_mel(samples: np.ndarray) -> np.ndarray:
    """Whisper's log-mel features of 8 s of 16 kHz float audio, as Smart Turn was trained on them: (80, 800) float32.

    The waveform is first scaled to zero mean and unit variance (the model's feature extractor does_normalize), the
    STFT is centred (reflect-padded) with a periodic Hann window, and the last frame is dropped, as Whisper does.
    """
    x = samples.astype(np.float32)
    x = (x - x.mean()) / np.sqrt(x.var() + 1e-7)
    padded = np.pad(x.astype(np.float64), N_FFT // 2, mode="reflect")
    windows = np.lib.stride_tricks.sliding_window_view(padded, N_FFT)[::HOP]
    hann = np.hanning(N_FFT + 1)[:-1]
    power = np.abs(np.fft.rfft(windows * hann, axis=-1)) ** 2
    mel = np.log10(np.maximum(power @ mel_filters(), 1e-10)).T[:, :-1]
    mel = np.maximum(mel, mel.max() - 8.0)  # an 80 dB floor under the loudest bin
    return ((mel + 4.0) / 4.0).astype(np.float32)


def last_window(pcm: bytes) -> np.ndarray:
    """The last 8 s of 16 kHz int16 audio as floats in [-1, 1], zero-padded in front when shorter."""
    samples = np.frombuffer(pcm[len(pcm) - len(pcm) // 2 * 2 :], dtype=np.int16)[-WINDOW_S * SAMPLE_RATE :]
    out = np.zeros(WINDOW_S * SAMPLE_RATE, dtype=np.float32)
    if samples.size:
        out[-samples.size :] = samples.astype(np.float32) / 32768.0
    return out


class SmartTurnModel:
    """Smart Turn v3.2 on onnxruntime, one thread: `finished(pcm)` is the probability that the person has finished.

    Build it once per session (loading takes about 0.1 s); a decision costs tens of milliseconds on a small CPU.
    """

    name = "smart-turn"
    package = "pipecat-ai"

    def __init__(self, path: Path | None = None):
        try:
            import onnxruntime as ort
        except ImportError:
            raise EngineUnavailable("the turn model needs onnxruntime: pip install 'voicecoach[turns]'") from None
        options = ort.SessionOptions()
        options.intra_op_num_threads = 1  # a decision is small; one thread leaves the other core to the recognizer
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        self._session = ort.InferenceSession(str(path or model_path()), sess_options=options,
                                             providers=["CPUExecutionProvider"])  # fmt: skip
        self._input = self._session.get_inputs()[0].name

    def finished(self, pcm: bytes) -> float:
        """16 kHz mono int16 audio ending now (the turn so far, its last 8 s heard) -> P(the turn is complete)."""
        features = log_mel(last_window(pcm))[None, :, :]
        (out,) = self._session.run(None, {self._input: features})[:1]
        return float(np.asarray(out).reshape(-1)[0])
