"""WebRTC's voice activity detector, as pocketsphinx ships it: the default speech detector of a listening turn."""

from __future__ import annotations

from voicecoach.engines.protocols import EngineUnavailable


class WebRtcVad:
    """WebRTC's VAD twice over: pocketsphinx's Endpointer groups frames into speech regions (it needs `ratio` of
    its 0.3 s window to be speech to start or end one), and a bare Vad judges each frame alone for a fast onset.

    `mode` is WebRTC's aggressiveness, 0 (lenient) to 3 (strict). Stateful: build one per listening turn.
    """

    def __init__(self, *, mode: int, ratio: float):
        try:
            import pocketsphinx
        except ImportError:
            raise EngineUnavailable("pocketsphinx is not installed: pip install pocketsphinx") from None
        self._regions = pocketsphinx.Endpointer(ratio=ratio, vad_mode=mode)
        self._frames = pocketsphinx.Vad(mode)
        self.frame_bytes: int = self._regions.frame_bytes
        self.frame_length: float = self._regions.frame_length

    @property
    def in_speech(self) -> bool:
        return self._regions.in_speech

    @property
    def speech_start(self) -> float:
        return self._regions.speech_start

    @property
    def speech_end(self) -> float:
        return self._regions.speech_end

    def process(self, frame: bytes) -> object:
        return self._regions.process(frame)

    def is_speech(self, frame: bytes) -> bool:
        return self._frames.is_speech(frame)
