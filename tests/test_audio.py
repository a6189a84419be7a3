"""Reading answer files: any rate and channel count in, 16 kHz mono int16 out; bad files one clear error."""

import numpy as np
import pytest
import soundfile

from voicecoach.audio.pcm import SAMPLE_RATE, AudioFileError, duration_s, load_wav


@pytest.mark.parametrize(
    "rate, channels, subtype", [(44100, 2, "PCM_16"), (8000, 1, "PCM_U8"), (48000, 6, "FLOAT"), (16000, 1, "PCM_24")]
)
def test_any_wav_becomes_16k_mono(tmp_path, rate, channels, subtype):
    t = np.arange(int(rate * 1.5)) / rate
    tone = 0.5 * np.sin(2 * np.pi * 440 * t)
    path = tmp_path / "tone.wav"
    soundfile.write(path, np.repeat(tone[:, None], channels, axis=1), rate, subtype=subtype)
    pcm = load_wav(path)
    assert duration_s(pcm) == pytest.approx(1.5, abs=0.01)
    samples = np.frombuffer(pcm, dtype="<i2").astype(float) / 32767
    assert np.abs(samples).max() == pytest.approx(0.5, abs=0.05)  # the level survives the mix-down
    # the tone is still 440 Hz after resampling
    spectrum = np.abs(np.fft.rfft(samples))
    assert np.fft.rfftfreq(len(samples), 1 / SAMPLE_RATE)[spectrum.argmax()] == pytest.approx(440, abs=2)


@pytest.mark.parametrize(
    "content, message",
    [(None, "no such file"), (b"", "empty"), (b"this is not audio at all" * 20, "not a readable audio file")],
)
def test_bad_files_say_what_is_wrong(tmp_path, content, message):
    path = tmp_path / "answer.wav"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(AudioFileError, match=message):
        load_wav(path)


def write_tone(path, seconds: float, *, rate: int = 16000, level: float = 0.5, subtype: str = "PCM_16"):
    """A 440 Hz tone as an audio file."""
    t = np.arange(int(rate * seconds)) / rate
    soundfile.write(path, level * np.sin(2 * np.pi * 440 * t), rate, subtype=subtype)
    return path


def test_a_file_of_a_few_milliseconds_is_refused_as_too_short(tmp_path):
    with pytest.raises(AudioFileError, match=r"only 50 ms of audio, too short"):
        load_wav(write_tone(tmp_path / "short.wav", 0.05))


def test_a_truncated_file_keeps_what_it_holds_or_is_too_short(tmp_path):
    whole = write_tone(tmp_path / "whole.wav", 3.0).read_bytes()
    cut = tmp_path / "cut.wav"
    cut.write_bytes(whole[:1000])  # the header still promises 3 s
    with pytest.raises(AudioFileError, match=r"only \d+ ms of audio, too short"):
        load_wav(cut)
    cut.write_bytes(whole[: len(whole) // 2])
    assert duration_s(load_wav(cut)) == pytest.approx(1.5, abs=0.01)


@pytest.mark.parametrize("level, says", [(0.0, "digital silence"), (0.0005, "loudest sample -66 dBFS")])
def test_a_silent_file_is_refused(tmp_path, level, says):
    with pytest.raises(AudioFileError, match=f"silent \\({says}\\)"):
        load_wav(write_tone(tmp_path / "silent.wav", 1.0, level=level, subtype="FLOAT"))


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_a_float_file_with_samples_that_are_not_numbers_is_refused(tmp_path, bad):
    samples = 0.5 * np.sin(np.arange(16000) * 0.1)
    samples[100:103] = bad
    path = tmp_path / "damaged.wav"
    soundfile.write(path, samples, 16000, subtype="FLOAT")
    with pytest.raises(AudioFileError, match="damaged: 3 samples are not numbers"):
        load_wav(path)


def test_a_rate_too_low_for_speech_is_refused(tmp_path):
    with pytest.raises(AudioFileError, match="recorded at 4000 Hz, too low for speech"):
        load_wav(write_tone(tmp_path / "low.wav", 1.0, rate=4000))


def test_a_folder_is_not_an_audio_file(tmp_path):
    with pytest.raises(AudioFileError, match="a folder, not an audio file"):
        load_wav(tmp_path)
