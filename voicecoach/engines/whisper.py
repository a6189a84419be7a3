"""OpenAI's whisper through SpeechRecognition: offline once the model is downloaded; drops "um"."""

from __future__ import annotations

import sys
from pathlib import Path

from voicecoach.engines.speech_recognition import SpeechRecognitionEngine

DEFAULT_MODEL = "base.en"
"""The whisper model used without --model: small enough for a laptop CPU."""


class WhisperRecognizer(SpeechRecognitionEngine):
    """OpenAI whisper: offline after a first download, drops "um"; --model names the model (default base.en)."""

    name = "whisper"
    offline = True
    keeps_fillers = False
    package = "openai-whisper"
    method = "recognize_whisper"
    module = "whisper"

    def options(self, model: str | None) -> dict:
        if model is None or not Path(model).exists():
            note = f"note: {self.name} loads the model {model or DEFAULT_MODEL!r} and may download it on first use"
            print(note, file=sys.stderr)
        return {"model": model or DEFAULT_MODEL}
