"""The defaults of a practice session, in one place: the CLI's option defaults are read from DEFAULTS."""

from __future__ import annotations

from dataclasses import dataclass

from voicecoach.turn.end_of_answer import TurnRules


@dataclass(frozen=True)
class Settings:
    """How a practice session runs; `Settings(rounds=5)` changes one thing and keeps the rest."""

    pack: str | None = None
    """Prompt pack: a name in prompts/ or a path to a .toml file; None for the closing pack."""
    rounds: int = 3
    """Prompts asked from the microphone (recorded answers play one round each)."""
    recognizer: str = "sphinx"
    """Speech recognizer, a name in the engine registry (engines/registry.py)."""
    model: str | None = None
    """The recognizer's model folder or name; None for the engine's own default."""
    voice_engine: str = "pyttsx3"
    """The interviewer's speech engine, a name in the engine registry."""
    voice: str | None = None
    """The interviewer's voice by name or id; None for an American English voice if there is one."""
    rate_wpm: int = 160
    """The interviewer's speaking rate in words per minute."""
    interviewer_style: str | None = None
    """How the interviewer plays along (warm, rushed, skeptical, from the pack); None for the pack's default."""
    roleplay: bool = True
    """The interviewer answers questions and raises reservations, not only asks."""
    turn: TurnRules = TurnRules()
    """When an answer is over (end silence, longest answer, ...): TurnRules holds those figures."""


DEFAULTS = Settings()
"""The settings used when nothing is given."""
