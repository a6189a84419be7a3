"""vosk through SpeechRecognition: offline, keeps "um", needs a model folder (--model DIR)."""

from __future__ import annotations

from pathlib import Path

from voicecoach.engines.protocols import EngineUnavailable
from voicecoach.engines.speech_recognition import SpeechRecognitionEngine


class VoskRecognizer(SpeechRecognitionEngine):
    """vosk (Kaldi): offline, keeps "um"; needs a model folder from alphacephei.com/vosk/models (--model DIR)."""

    name = "vosk"
    offline = True
    keeps_fillers = True
    package = "vosk"
    method = "recognize_vosk"
    module = "vosk"

    def options(self, model: str | None) -> dict:
        if not model or not Path(model).is_dir():
            raise EngineUnavailable(
                "the vosk recognizer needs a model folder: --model DIR (from alphacephei.com/vosk/models)"
            )
        from vosk import Model  # the model loads once, not per call

        self._recognizer.vosk_model = Model(model)
        return {}
