"""Google's free web speech API through SpeechRecognition: audio leaves the machine; drops "um"."""

from __future__ import annotations

from voicecoach.engines.speech_recognition import SpeechRecognitionEngine

LANGUAGE = "en-US"
"""The language Google is asked to hear."""


class GoogleRecognizer(SpeechRecognitionEngine):
    """Google's web speech API: online (your answers' audio is sent to Google), drops "um"."""

    name = "google"
    offline = False
    keeps_fillers = False
    method = "recognize_google"

    def options(self, model: str | None) -> dict:
        return {"language": LANGUAGE}
