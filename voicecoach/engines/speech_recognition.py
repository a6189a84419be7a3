"""The shared base of the engines reached through SpeechRecognition's recognize_* methods (no word timings)."""

from __future__ import annotations

import importlib.util

from voicecoach.audio.pcm import SAMPLE_RATE, SAMPLE_WIDTH
from voicecoach.engines.protocols import EngineUnavailable
from voicecoach.transcript import Transcript


class SpeechRecognitionEngine:
    """A recognizer through one of SpeechRecognition's recognize_* methods; subclasses name it and its options."""

    name = ""
    offline = True
    keeps_fillers = False
    word_timings = False
    package: str | None = None
    method = ""
    """The SpeechRecognition method, e.g. "recognize_vosk"."""
    module: str | None = None
    """The module the method imports, checked before building so the error names what to pip install."""

    def __init__(self, model: str | None = None):
        import speech_recognition as sr  # an absolute import: the SpeechRecognition package, not this module

        if self.module and importlib.util.find_spec(self.module) is None:
            raise EngineUnavailable(f"the {self.name} recognizer needs {self.package}: pip install {self.package}")
        self._sr = sr
        self._recognizer = sr.Recognizer()
        self._method = getattr(self._recognizer, self.method)
        self._kwargs: dict = self.options(model)

    def options(self, model: str | None) -> dict:
        """The keyword arguments of every recognize_* call (and any model loaded once, up front)."""
        return {}

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
        duration_s = len(pcm) / (SAMPLE_RATE * SAMPLE_WIDTH)
        return Transcript(text=text, keeps_fillers=self.keeps_fillers, duration_s=duration_s)
