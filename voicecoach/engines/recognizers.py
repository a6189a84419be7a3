"""Speech recognizers: pocketsphinx on the machine by default, other engines through SpeechRecognition."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from typing import Protocol

from voicecoach.audio.pcm import SAMPLE_RATE, SAMPLE_WIDTH
from voicecoach.transcript import Transcript, Word

FRAME_S = 0.01
"""pocketsphinx counts word timings in 10 ms frames."""
_NOT_WORDS = {"<s>", "</s>", "<sil>"}


class EngineUnavailable(RuntimeError):
    """A recognizer that cannot run here; the message says what to install or pass."""


class Recognizer(Protocol):
    """Turns 16 kHz mono int16 speech into a transcript."""

    name: str
    offline: bool
    """False when audio leaves the machine."""

    def transcribe(self, pcm: bytes, *, offset_s: float = 0.0) -> Transcript:
        """Recognise one utterance; word times are shifted by offset_s."""
        ...


def bundled_model_dir() -> Path:
    """SpeechRecognition's en-US pocketsphinx model, which beats pocketsphinx's own on real speech."""
    spec = importlib.util.find_spec("speech_recognition")
    if spec is None or spec.origin is None:
        raise EngineUnavailable("SpeechRecognition is not installed: pip install SpeechRecognition")
    return Path(spec.origin).parent / "pocketsphinx-data" / "en-US"


class SphinxRecognizer:
    """A long-lived pocketsphinx decoder on SpeechRecognition's bundled en-US model.

    Loading costs about 0.25 s, so build one per session. Each call decodes one utterance
    as a whole (the most accurate mode). The model's feat.params sets `cmn current`, so each
    utterance is normalised over its own frames: a segment decodes the same whether or not
    another came before it, and no warm-up is carried between segments.
    """

    name = "sphinx"
    offline = True
    keeps_fillers = True

    def __init__(self, model_dir: Path | None = None):
        try:
            import pocketsphinx
        except ImportError:
            raise EngineUnavailable("pocketsphinx is not installed: pip install pocketsphinx") from None
        model_dir = model_dir or bundled_model_dir()
        self._decoder = pocketsphinx.Decoder(
            hmm=str(model_dir / "acoustic-model"),
            lm=str(model_dir / "language-model.lm.bin"),
            dict=str(model_dir / "pronounciation-dictionary.dict"),
            samprate=SAMPLE_RATE,
            loglevel="FATAL",
        )

    def transcribe(self, pcm: bytes, *, offset_s: float = 0.0) -> Transcript:
        decoder = self._decoder
        decoder.start_utt()
        decoder.process_raw(pcm, no_search=False, full_utt=True)
        decoder.end_utt()
        words = []
        for seg in decoder.seg():
            token = seg.word
            if token in _NOT_WORDS or token.startswith(("[", "+")):
                continue  # silence and noise markers
            text = token.split("(", 1)[0]  # "read(2)" is the second pronunciation of "read"
            words.append(Word(text, offset_s + seg.start_frame * FRAME_S, offset_s + (seg.end_frame + 1) * FRAME_S))
        return Transcript(
            text=" ".join(w.text for w in words),
            words=tuple(words),
            keeps_fillers=True,
            duration_s=len(pcm) / (SAMPLE_RATE * SAMPLE_WIDTH),
        )


# name -> (SpeechRecognition method, module to import, pip package, offline, keeps fillers)
_SR_ENGINES = {
    "vosk": ("recognize_vosk", "vosk", "vosk", True, True),
    "whisper": ("recognize_whisper", "whisper", "openai-whisper", True, False),
    "faster-whisper": ("recognize_faster_whisper", "faster_whisper", "faster-whisper", True, False),
    "google": ("recognize_google", None, None, False, False),
}
ENGINE_NAMES = ("sphinx", *_SR_ENGINES)


class SpeechRecognitionEngine:
    """Any other engine through SpeechRecognition's recognize_* methods (no word timings)."""

    def __init__(self, name: str, *, model: str | None = None, language: str = "en-US"):
        import speech_recognition as sr

        method, module, package, offline, keeps_fillers = _SR_ENGINES[name]
        if module and importlib.util.find_spec(module) is None:
            raise EngineUnavailable(f"the {name} recognizer needs {package}: pip install {package}")
        self.name, self.offline, self.keeps_fillers = name, offline, keeps_fillers
        self._sr = sr
        self._recognizer = sr.Recognizer()
        self._method = getattr(self._recognizer, method)
        self._kwargs: dict = {}
        if name == "vosk":
            if not model or not Path(model).is_dir():
                raise EngineUnavailable("the vosk recognizer needs a model folder: --model DIR (from alphacephei.com/vosk/models)")
            from vosk import Model  # vosk: the model loads once, not per call

            self._recognizer.vosk_model = Model(model)
        elif name in ("whisper", "faster-whisper"):
            self._kwargs = {"model": model or "base.en"}
            if model is None or not Path(model).exists():
                print(f"note: {name} loads the model {self._kwargs['model']!r} and may download it on first use", file=sys.stderr)
        elif name == "google":
            self._kwargs = {"language": language}

    def transcribe(self, pcm: bytes, *, offset_s: float = 0.0) -> Transcript:
        audio = self._sr.AudioData(pcm, SAMPLE_RATE, SAMPLE_WIDTH)
        try:
            result = self._method(audio, **self._kwargs)
        except self._sr.UnknownValueError:
            result = ""
        except self._sr.RequestError as exc:
            raise EngineUnavailable(f"the {self.name} recognizer failed: {exc}") from None
        if isinstance(result, dict):  # vosk answers with its JSON
            result = result.get("text", "")
        text = " ".join(str(result).lower().split())
        return Transcript(text=text, keeps_fillers=self.keeps_fillers, duration_s=len(pcm) / (SAMPLE_RATE * SAMPLE_WIDTH))


def build_recognizer(name: str = "sphinx", *, model: str | None = None) -> Recognizer:
    """The recognizer a session uses, built once."""
    if name == "sphinx":
        return SphinxRecognizer(Path(model) if model else None)
    if name not in _SR_ENGINES:
        raise EngineUnavailable(f"unknown recognizer {name!r}: choose one of {', '.join(ENGINE_NAMES)}")
    return SpeechRecognitionEngine(name, model=model)
