"""faster-whisper (whisper on CTranslate2) through SpeechRecognition: offline once downloaded; drops "um"."""

from __future__ import annotations

from voicecoach.engines.whisper import WhisperRecognizer


class FasterWhisperRecognizer(WhisperRecognizer):
    """faster-whisper: whisper on CTranslate2, quicker on a CPU; --model names the model (default base.en)."""

    name = "faster-whisper"
    package = "faster-whisper"
    method = "recognize_faster_whisper"
    module = "faster_whisper"
