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
