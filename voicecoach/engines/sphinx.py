"""pocketsphinx: on the machine, word timings; it does not keep "um"/"uh" (see `voicecoach bench fillers`)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from voicecoach.audio.pcm import SAMPLE_RATE, SAMPLE_WIDTH
from voicecoach.engines.protocols import EngineUnavailable
from voicecoach.transcript import Transcript, Word

FRAME_S = 0.01
"""pocketsphinx counts word timings in 10 ms frames."""
_NOT_WORDS = {"<s>", "</s>", "<sil>"}


def bundled_model_dir() -> Path:
    """SpeechRecognition's en-US pocketsphinx model, which beats pocketsphinx's own on real speech."""
    spec = importlib.util.find_spec("speech_recognition")
    if spec is None or spec.origin is None:
        raise EngineUnavailable("SpeechRecognition is not installed: pip install SpeechRecognition")
    return Path(spec.origin).parent / "pocketsphinx-data" / "en-US"


def pronouncing_dictionary() -> Path:
    """The model's pronouncing dictionary ("word PH1 PH2 ..." per line), the words this recognizer can hear."""
    return bundled_model_dir() / "pronounciation-dictionary.dict"


class SphinxRecognizer:
    """pocketsphinx on SpeechRecognition's en-US model: offline, word timings; fillers not counted.

    Its model has filler phones, but on spoken answers with planted "um"/"uh"/"er" it wrote none of them (it
    heard "and", "some of", or nothing: `voicecoach bench fillers`), so a count of zero would be a guess.

    Loading costs about 0.25 s, so build one per session. Each call decodes one utterance
    as a whole (the most accurate mode). The model's feat.params sets `cmn current`, so each
    utterance is normalised over its own frames: a segment decodes the same whether or not
    another came before it, and no warm-up is carried between segments.
    """

    name = "sphinx"
    offline = True
    keeps_fillers = False
    word_timings = True
    package = "pocketsphinx"

    def __init__(self, model: str | Path | None = None):
        try:
            import pocketsphinx
        except ImportError:
            raise EngineUnavailable("pocketsphinx is not installed: pip install pocketsphinx") from None
        model_dir = Path(model) if model else bundled_model_dir()
        self._decoder = pocketsphinx.Decoder(
            hmm=str(model_dir / "acoustic-model"),
            lm=str(model_dir / "language-model.lm.bin"),
            dict=str(model_dir / "pronounciation-dictionary.dict"),
            samprate=SAMPLE_RATE,
            loglevel="FATAL",
        )

    def transcribe(self, pcm: bytes, *, offset_s: float = 0.0) -> Transcript:
        decoder = self._decoder
        whole = pcm[: len(pcm) - len(pcm) % SAMPLE_WIDTH]  # a cut-off last byte is no sample
        decoder.start_utt()
        if whole:  # pocketsphinx fails on an empty buffer
            decoder.process_raw(whole, no_search=False, full_utt=True)
        decoder.end_utt()
        words = []
        # under 80 ms of audio pocketsphinx decodes nothing at all and seg() is None rather than empty
        for seg in decoder.seg() or ():
            token = seg.word
            if token in _NOT_WORDS or token.startswith(("[", "+")):
                continue  # silence and noise markers
            text = token.split("(", 1)[0]  # "read(2)" is the second pronunciation of "read"
            words.append(Word(text, offset_s + seg.start_frame * FRAME_S, offset_s + (seg.end_frame + 1) * FRAME_S))
        return Transcript(
            text=" ".join(w.text for w in words),
            words=tuple(words),
            keeps_fillers=self.keeps_fillers,
            duration_s=len(pcm) / (SAMPLE_RATE * SAMPLE_WIDTH),
        )
