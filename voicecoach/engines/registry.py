"""Which recognizers and voices there are: the built-ins below, and any another package adds by entry point.

A new engine is one file (a class like engines/vosk.py's) plus one line in RECOGNIZERS or VOICES. Another
package adds one without touching voicecoach, by declaring an entry point in its pyproject.toml:

    [project.entry-points."voicecoach.recognizers"]
    mine = "my_package.my_module:MyRecognizer"

(or the group "voicecoach.voices"). The class takes `model=` (a recognizer) or `rate_wpm=`, `voice=` (a voice)
and has the class attributes engines/protocols.py describes. A built-in's name cannot be taken over.
"""

from __future__ import annotations

import importlib
from importlib.metadata import entry_points
from pathlib import Path
from typing import TYPE_CHECKING

from voicecoach.config import DEFAULTS
from voicecoach.engines.protocols import EngineInfo, EngineUnavailable, Recognizer, SpeechDetector, Voice, engine_info

if TYPE_CHECKING:
    from voicecoach.turn.end_of_turn import TurnModel

RECOGNIZER_GROUP = "voicecoach.recognizers"
"""The entry-point group of recognizers from other packages."""
VOICE_GROUP = "voicecoach.voices"
"""The entry-point group of voices from other packages."""

RECOGNIZERS = {
    "sphinx": "voicecoach.engines.sphinx:SphinxRecognizer",
    "vosk": "voicecoach.engines.vosk:VoskRecognizer",
    "whisper": "voicecoach.engines.whisper:WhisperRecognizer",
    "faster-whisper": "voicecoach.engines.faster_whisper:FasterWhisperRecognizer",
    "google": "voicecoach.engines.google:GoogleRecognizer",
}
"""The built-in recognizers: name -> "module:class", imported only when used."""

VOICES = {
    "pyttsx3": "voicecoach.engines.pyttsx3_voice:Pyttsx3Voice",
    "piper": "voicecoach.engines.piper_voice:PiperTtsVoice",
}
"""The built-in voices: name -> "module:class". pyttsx3 is the default; piper is an optional extra (GPL-3.0)."""


def _registered(built_in: dict[str, str], group: str) -> dict[str, str]:
    """Built-ins first, then each entry point of the group whose name is new (read afresh on every call)."""
    found = dict(built_in)
    for point in entry_points(group=group):
        found.setdefault(point.name, point.value)
    return found


def _load(target: str, name: str, kind: str) -> type:
    module, _, attr = target.partition(":")
    try:
        engine = importlib.import_module(module)
        for part in attr.split("."):
            engine = getattr(engine, part)
    except (ImportError, AttributeError) as exc:
        raise EngineUnavailable(f"the {name} {kind} ({target}) cannot be loaded: {exc}") from None
    return engine


def _engine(registered: dict[str, str], name: str, kind: str) -> type:
    if name not in registered:
        raise EngineUnavailable(f"unknown {kind} {name!r}: choose one of {', '.join(registered)}")
    return _load(registered[name], name, kind)


def recognizer_names() -> tuple[str, ...]:
    """Every recognizer that can be asked for, built-ins first: the CLI's --recognizer choices."""
    return tuple(_registered(RECOGNIZERS, RECOGNIZER_GROUP))


def voice_names() -> tuple[str, ...]:
    """Every voice engine that can be asked for, built-ins first."""
    return tuple(_registered(VOICES, VOICE_GROUP))


def recognizer_info(name: str) -> EngineInfo:
    """What a recognizer is (offline, keeps fillers, word timings, what to install), without building it."""
    return engine_info(_engine(_registered(RECOGNIZERS, RECOGNIZER_GROUP), name, "recognizer"))


def voice_info(name: str) -> EngineInfo:
    """What a voice engine is, without building it."""
    return engine_info(_engine(_registered(VOICES, VOICE_GROUP), name, "voice"))


def build_recognizer(name: str = DEFAULTS.recognizer, *, model: str | None = None) -> Recognizer:
    """The recognizer a session uses, built once; EngineUnavailable says what to install when it cannot run."""
    return _engine(_registered(RECOGNIZERS, RECOGNIZER_GROUP), name, "recognizer")(model=model)


def start_recognizer(name: str = DEFAULTS.recognizer, *, model: str | None = None) -> Recognizer:
    """The session's recognizer, its model to load on a background thread from its `start()` (engines/loading.py):
    the first prompt is spoken meanwhile, and the first decode waits for it. An unknown engine fails here, one that
    cannot load (a package or model missing) at that first decode, with the same EngineUnavailable."""
    from voicecoach.engines.loading import BackgroundRecognizer

    engine = _engine(_registered(RECOGNIZERS, RECOGNIZER_GROUP), name, "recognizer")
    return BackgroundRecognizer(lambda: engine(model=model), engine)


def build_voice(
    name: str = DEFAULTS.voice_engine, *, rate_wpm: int = DEFAULTS.rate_wpm, voice: str | None = None
) -> Voice:
    """The interviewer's voice, built once; EngineUnavailable says what to install or pass when it cannot run."""
    return _engine(_registered(VOICES, VOICE_GROUP), name, "voice")(rate_wpm=rate_wpm, voice=voice)


def installed_voices(name: str) -> list[str]:
    """The voices a voice engine can speak with here (EngineUnavailable when it cannot run): read from the class when
    it can tell without being built (`installed()`), else from an engine built for the purpose and closed."""
    engine = _engine(_registered(VOICES, VOICE_GROUP), name, "voice")
    listed = getattr(engine, "installed", None)
    if listed is not None:
        return list(listed())
    built = engine(rate_wpm=DEFAULTS.rate_wpm, voice=None)
    try:
        return list(built.voices())
    finally:
        built.close()


def engine_for_voice(voice: str | None, engine: str = DEFAULTS.voice_engine) -> str:
    """The engine that speaks with `voice` when no engine was named: `engine`, unless another installed engine lists
    that voice by name ("joe") or the voice is a Piper voice file (PATH.onnx)."""
    if voice is None:
        return engine
    if voice.lower().endswith(".onnx"):
        return "piper"
    for name in voice_names():
        if name == engine or not hasattr(_load_quietly(name), "installed"):
            continue  # only engines that list their voices without being built are asked
        try:
            if voice.lower() in (v.lower() for v in installed_voices(name)):
                return name
        except EngineUnavailable:
            continue
    return engine


def _load_quietly(name: str) -> type | None:
    try:
        return _engine(_registered(VOICES, VOICE_GROUP), name, "voice")
    except EngineUnavailable:
        return None


def build_speech_detector(*, mode: int, ratio: float) -> SpeechDetector:
    """A fresh speech detector for one listening turn: WebRTC's VAD (see TurnRules.vad_mode and vad_ratio)."""
    from voicecoach.engines.webrtc_vad import WebRtcVad

    return WebRtcVad(mode=mode, ratio=ratio)


def build_turn_model() -> TurnModel:
    """The model that hears whether a person has finished (Smart Turn v3.2), built once per session; EngineUnavailable
    says what to install when it cannot run."""
    from voicecoach.engines.smart_turn import SmartTurnModel

    return SmartTurnModel()


def pronouncing_dictionary() -> Path:
    """The default recognizer's pronouncing dictionary, whose sounds the matcher hears misrecognitions by."""
    from voicecoach.engines.sphinx import pronouncing_dictionary

    return pronouncing_dictionary()
