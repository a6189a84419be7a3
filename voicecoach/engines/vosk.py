"""vosk through SpeechRecognition: offline, needs a model folder (--model DIR); fillers not counted (not measured)."""

from __future__ import annotations

from pathlib import Path

from voicecoach.engines.protocols import EngineUnavailable
from voicecoach.engines.speech_recognition import SpeechRecognitionEngine


class VoskRecognizer(SpeechRecognitionEngine):
    """vosk (Kaldi): offline; needs a model folder from alphacephei.com/vosk/models (--model DIR).

    Whether it keeps "um" depends on the model and was not measured here, so its fillers are not counted."""

    name = "vosk"
    offline = True
    keeps_fillers = False
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
