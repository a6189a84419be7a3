"""Smart Turn v3.2, the real model: it hears a finished sentence as finished and a trailing "um" as not."""

import importlib.util
from pathlib import Path

import numpy as np
import pytest

from helpers import speak
from voicecoach.audio.pcm import load_wav, silence
from voicecoach.engines.protocols import EngineUnavailable
from voicecoach.engines.smart_turn import last_window, log_mel, model_path

try:
    MODEL = model_path()
except EngineUnavailable as exc:
    pytest.skip(f"the Smart Turn model is not installed ({exc})", allow_module_level=True)


@pytest.fixture(scope="module")
def model():
    from voicecoach.engines.registry import build_turn_model

    return build_turn_model()


def test_a_finished_question_sounds_finished_and_a_trailing_um_does_not(model):
    finished = load_wav(speak("What are the next steps in the hiring process?", pad_s=0.0))
    unfinished = load_wav(speak("I really want this job, um", pad_s=0.0))
    # as the listener asks: the turn so far, with the first ~0.3 s of the pause
    p_finished = model.finished(silence(0.3) + finished + silence(0.3))
    p_unfinished = model.finished(silence(0.3) + unfinished + silence(0.3))
    assert p_finished > 0.7 and p_unfinished < 0.2


def test_silence_alone_is_handled(model):
    assert 0.0 <= model.finished(b"") <= 1.0 and 0.0 <= model.finished(silence(12.0)) <= 1.0


def test_the_features_are_the_ones_the_model_was_trained_on():
    """The same Whisper log-mel features as pipecat's own inference code, read from the installed package (its
    module is loaded from the file alone: importing pipecat would need its many dependencies)."""
    path = Path(MODEL).parent.parent / "_whisper_features.py"
    if not path.exists():
        pytest.skip(f"this pipecat-ai has no {path.name} to compare with")
    spec = importlib.util.spec_from_file_location("pipecat_whisper_features", path)
    theirs = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(theirs)
    rng = np.random.default_rng(7)
    speech = load_wav(speak("Is there anything that gives you pause about hiring me?", pad_s=0.2))
    for pcm in (speech, speech * 3, rng.normal(0, 2000, 16000).astype(np.int16).tobytes()):
        audio = last_window(pcm)
        np.testing.assert_allclose(log_mel(audio), theirs.compute_whisper_log_mel_features(audio), atol=1e-5)


def test_the_window_is_the_last_eight_seconds_padded_in_front():
    pcm = np.arange(1, 20 * 16000 + 1, dtype=np.int64).astype(np.int16).tobytes()
    window = last_window(pcm)
    assert window.shape == (8 * 16000,)
    assert window[-1] == np.frombuffer(pcm, np.int16)[-1] / 32768.0
    short = last_window(np.full(16000, 1000, np.int16).tobytes())
    assert (short[: 7 * 16000] == 0).all() and (short[-16000:] == 1000 / 32768.0).all()
