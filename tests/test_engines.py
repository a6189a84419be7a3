"""The engine registry: built-ins, engines another package adds by entry point, and what each engine says it is."""

from __future__ import annotations

import ast
import importlib
import importlib.util
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

from helpers import ROOT, speak
from voicecoach.audio.pcm import SAMPLE_RATE, load_wav, save_wav, silence
from voicecoach.config import DEFAULTS
from voicecoach.engines import registry
from voicecoach.engines.protocols import EngineUnavailable, engine_info
from voicecoach.turn.end_of_answer import AnswerListener, AnswerOver, SegmentReady, SpeechStarted, TurnRules

BUILT_IN = ("sphinx", "vosk", "whisper", "faster-whisper", "google")
HUM = (np.sin(np.arange(SAMPLE_RATE) * 0.1) * 8000).astype("<i2").tobytes()
"""A second of sound for engines that do not listen (a silent answer file is refused before any engine runs)."""

FAKE_ENGINE = '''
from voicecoach.transcript import Transcript


class ParrotRecognizer:
    """Hears the same sentence in any audio (a third-party engine, for tests)."""

    name = "parrot"
    offline = True
    keeps_fillers = False
    word_timings = False
    package = "parrot-engine"

    def __init__(self, model=None):
        self.model = model

    def transcribe(self, pcm, *, offset_s=0.0):
        return Transcript("i really want this job what are the next steps")


class HumVoice:
    """Hums a tone for any text (a third-party voice, for tests)."""

    name = "hum"
    offline = True

    def __init__(self, *, rate_wpm, voice=None):
        self.rate_wpm, self.voice = rate_wpm, voice

    def render(self, text):
        return bytes(2 * 8000), 8000

    def to_file(self, text, path):
        from voicecoach.audio.pcm import save_wav

        return save_wav(path, self.render(text)[0], 8000)

    def voices(self):
        return ["hum"]

    def close(self):
        pass
'''


@pytest.fixture
def third_party(tmp_path, monkeypatch):
    """Installs a package 'parrot-engine' on sys.path, as pip would: a module plus a dist-info folder whose
    entry_points.txt declares its engines. Returns a function that writes the entry points."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "parrot_engine.py").write_text(FAKE_ENGINE)
    info = site / "parrot_engine-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: parrot-engine\nVersion: 1.0\n")

    def declare(entry_points: str) -> None:
        (info / "entry_points.txt").write_text(textwrap.dedent(entry_points))
        importlib.invalidate_caches()

    monkeypatch.syspath_prepend(str(site))
    yield declare
    sys.modules.pop("parrot_engine", None)


def test_the_built_in_recognizers_come_first_in_the_registry():
    assert registry.recognizer_names()[: len(BUILT_IN)] == BUILT_IN
    assert registry.voice_names()[0] == "pyttsx3"


@pytest.mark.parametrize(
    "name, offline, keeps_fillers, word_timings, package",
    [
        ("sphinx", True, False, True, "pocketsphinx"),  # kept no planted um/uh: `voicecoach bench fillers`
        ("vosk", True, False, False, "vosk"),  # not measured, so not counted
        ("whisper", True, False, False, "openai-whisper"),
        ("faster-whisper", True, True, True, "voicecoach[whisper]"),  # with its filler prompt
        ("google", False, False, False, None),
    ],
)
def test_each_recognizer_says_what_it_is_without_being_built(name, offline, keeps_fillers, word_timings, package):
    info = registry.recognizer_info(name)
    assert (info.name, info.offline, info.keeps_fillers, info.word_timings, info.package) == (
        name, offline, keeps_fillers, word_timings, package,
    )  # fmt: skip
    assert info.about and "\n" not in info.about


@pytest.mark.parametrize("name, module, package", [("vosk", "vosk", "vosk"), ("whisper", "whisper", "openai-whisper")])
def test_a_missing_engine_names_what_to_install(name, module, package):
    if importlib.util.find_spec(module) is not None:
        pytest.skip(f"{module} is installed here")
    with pytest.raises(EngineUnavailable, match=f"pip install {package}$"):
        registry.build_recognizer(name)


def test_an_unknown_recognizer_lists_the_choices():
    with pytest.raises(EngineUnavailable, match="unknown recognizer 'nope': choose one of sphinx, vosk, whisper"):
        registry.build_recognizer("nope")


def test_the_built_recognizers_match_what_the_registry_says(recognizer):
    google = registry.build_recognizer("google")  # builds without the network: only transcribe sends audio
    for built in (recognizer, google):
        info = registry.recognizer_info(built.name)
        said = (built.offline, built.keeps_fillers, built.word_timings)
        assert said == (info.offline, info.keeps_fillers, info.word_timings)
    heard = recognizer.transcribe(load_wav(speak("I really want this job.")))
    assert "job" in heard.text and heard.words and heard.keeps_fillers is recognizer.keeps_fillers


def test_a_recognizer_from_another_package_is_a_cli_choice_and_builds(third_party, tmp_path, capsys):
    from voicecoach.cli import build_parser, main

    third_party("""
        [voicecoach.recognizers]
        parrot = parrot_engine:ParrotRecognizer
    """)
    assert registry.recognizer_names() == (*BUILT_IN, "parrot")
    assert build_parser().parse_args(["assess", "--recognizer", "parrot"]).recognizer == "parrot"  # a choice now
    assert registry.recognizer_info("parrot").package == "parrot-engine"

    answer = save_wav(tmp_path / "answer.wav", HUM)
    assert main(["assess", "--audio", str(answer), "--recognizer", "parrot", "--model", "big", "--json"]) == 0
    out = capsys.readouterr().out
    assert '"transcript": "i really want this job what are the next steps"' in out
    assert registry.build_recognizer("parrot", model="big").model == "big"


def test_a_plugin_cannot_take_a_built_in_name(third_party):
    third_party("""
        [voicecoach.recognizers]
        sphinx = parrot_engine:ParrotRecognizer
    """)
    assert registry.recognizer_names() == BUILT_IN
    assert registry.recognizer_info("sphinx").package == "pocketsphinx"


def test_a_plugin_that_cannot_load_stays_a_choice_and_says_why(third_party, tmp_path, capsys):
    from voicecoach.cli import main

    third_party("""
        [voicecoach.recognizers]
        broken = parrot_engine_gone:Recognizer
    """)
    assert "broken" in registry.recognizer_names()
    with pytest.raises(EngineUnavailable, match="the broken recognizer .* cannot be loaded"):
        registry.build_recognizer("broken")
    answer = save_wav(tmp_path / "answer.wav", HUM)
    assert main(["assess", "--audio", str(answer), "--recognizer", "broken"]) == 2
    err = capsys.readouterr().err
    assert "voicecoach: the broken recognizer (parrot_engine_gone:Recognizer) cannot be loaded" in err


def test_a_voice_from_another_package_builds_and_speaks_to_files(third_party, tmp_path):
    from voicecoach.audio.playback import SpeakerToFiles

    third_party("""
        [voicecoach.voices]
        hum = parrot_engine:HumVoice
    """)
    assert registry.voice_names() == ("pyttsx3", "piper", "hum")
    voice = registry.build_voice("hum", voice="low")
    assert (voice.rate_wpm, voice.voice) == (DEFAULTS.rate_wpm, "low")
    speaker = SpeakerToFiles(voice, tmp_path / "said")
    assert speaker.say("Thank you.", kind="prompt")
    assert [p.name for p in speaker.written] == ["01-prompt.wav"]
    import soundfile

    assert soundfile.info(str(speaker.written[0])).samplerate == 8000


def test_the_pyttsx3_voice_renders_mono_int16_and_lists_its_voices():
    voice = registry.build_voice("pyttsx3")
    try:
        pcm, rate = voice.render("Thank you for your time.")
        samples = np.frombuffer(pcm, dtype=np.int16)
        assert rate >= 8000 and len(samples) > rate * 0.5 and np.abs(samples).max() > 1000
        assert voice.voices()
        with pytest.raises(EngineUnavailable, match="no voice named 'no-such-voice'; some voices here: "):
            registry.build_voice("pyttsx3", voice="no-such-voice")
    finally:
        voice.close()


class LoudnessDetector:
    """A speech detector that calls any frame louder than a threshold speech (regions start and end at once)."""

    frame_bytes = 320
    frame_length = 0.01

    def __init__(self):
        self.in_speech, self.speech_start, self.speech_end, self._t = False, 0.0, 0.0, 0.0

    def is_speech(self, frame: bytes) -> bool:
        return np.abs(np.frombuffer(frame, dtype=np.int16)).max() > 1000

    def process(self, frame: bytes) -> None:
        loud = self.is_speech(frame)
        if loud and not self.in_speech:
            self.speech_start = self._t
        elif self.in_speech and not loud:
            self.speech_end = self._t
        self.in_speech = loud
        self._t += self.frame_length


def test_the_listener_takes_its_speech_detector_from_the_caller():
    tone = (np.sin(np.arange(SAMPLE_RATE) * 0.3) * 8000).astype(np.int16).tobytes()
    listener = AnswerListener(TurnRules(end_silence_s=1.0), vad=LoudnessDetector())
    happened = listener.feed(silence(0.5) + tone + silence(2.0))
    assert [type(h) for h in happened] == [SpeechStarted, SegmentReady, AnswerOver]
    assert happened[0].t == pytest.approx(0.5, abs=0.011)
    assert happened[2].reason == "silence" and happened[2].t == pytest.approx(2.5, abs=0.011)


def test_the_default_speech_detector_hears_a_spoken_answer():
    detector = registry.build_speech_detector(mode=3, ratio=0.7)
    pcm = silence(0.5) + load_wav(speak("I really want this job.", pad_s=0.0)) + silence(1.0)
    starts = []
    for i in range(0, len(pcm) - detector.frame_bytes + 1, detector.frame_bytes):
        was = detector.in_speech
        detector.process(pcm[i : i + detector.frame_bytes])
        if detector.in_speech and not was:
            starts.append(detector.speech_start)
    assert len(starts) == 1 and 0.3 < starts[0] < 1.0  # the speech began at 0.5 s
    assert not detector.in_speech and detector.speech_end > starts[0] + 0.5


@pytest.mark.parametrize("folder", ["turn", "checklist", "coaching", "packs"])
def test_the_core_never_imports_an_engine_package(folder):
    engines = {"pocketsphinx", "speech_recognition", "pyttsx3", "vosk", "whisper", "faster_whisper"}
    for path in (ROOT / "voicecoach" / folder).rglob("*.py"):
        tree = ast.parse(path.read_text())
        names = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
        names |= {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
        used = {n for n in names if n.split(".")[0] in engines or n.startswith("voicecoach.engines.sphinx")}
        assert not used, f"{path.relative_to(ROOT)} imports {used}"


def test_the_cli_defaults_are_the_config_defaults():
    from voicecoach.cli import build_parser

    args = build_parser().parse_args(["practice"])
    given = (args.recognizer, args.rate, args.end_silence, args.max_answer, args.interviewer_style, args.no_roleplay)
    assert given == (
        DEFAULTS.recognizer, DEFAULTS.rate_wpm, DEFAULTS.turn.end_silence_s, DEFAULTS.turn.max_answer_s,
        DEFAULTS.interviewer_style, not DEFAULTS.roleplay,
    )  # fmt: skip
    assert DEFAULTS.turn == TurnRules()


def test_engine_info_reads_the_first_docstring_line():
    class Tiny:
        """A tiny engine.

        More words here.
        """

        name = "tiny"

    info = engine_info(Tiny)
    assert (info.name, info.about, info.offline, info.package) == ("tiny", "A tiny engine.", True, None)
    assert not info.keeps_fillers and not info.word_timings


def test_a_new_engine_is_one_file_plus_one_registry_line():
    # every built-in is one module of its own under engines/, named in exactly one registry line
    for name, target in {**registry.RECOGNIZERS, **registry.VOICES}.items():
        module, _, attr = target.partition(":")
        assert Path(ROOT, *module.split(".")).with_suffix(".py").is_file()
        assert getattr(importlib.import_module(module), attr).name == name
