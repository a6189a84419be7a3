"""The end-of-turn policy: at each pause, is the answer over? A fixed silence, or a model asked early.

Pure: time is audio time given by the caller, and the model (engines/smart_turn.py, or any object with
`finished(pcm) -> probability`) is built once per session and passed in. With a model, a pause is judged
once, soon after the speech stops: sounds finished -> the answer ends after `finished_wait_s` (0 ends it
at once); sounds unfinished -> it waits up to `unfinished_wait_s` for the person to go on. "let me think"
waits `hold_silence_s` either way.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from voicecoach.turn.end_of_answer import TurnRules

END_OF_TURN_CHOICES = ("smart", "silence")
"""The policies `--end-of-turn` offers: a model that hears whether the person has finished, or a fixed silence."""
HEARD_S = 16.0
"""The most of a turn's end a model is given at a pause (Smart Turn hears the last 8 s)."""


class TurnModel(Protocol):
    """Hears whether a person has finished their turn (engines/smart_turn.py's SmartTurnModel)."""

    def finished(self, pcm: bytes) -> float:
        """16 kHz mono int16 audio of the turn so far, ending now -> the probability that the turn is complete."""
        ...


@dataclass(frozen=True)
class Judgement:
    """The model's answer at one pause."""

    t: float
    """Seconds from the start of the turn when it was asked."""
    p_finished: float
    """Probability that the person has finished, 0-1."""


class EndOfTurn:
    """Decides at each pause whether the answer is over; one per listening turn.

    >>> policy = EndOfTurn(TurnRules())            # no model: today's fixed silence
    >>> policy.should_end(1.0, t=3.0, audio=bytes), policy.should_end(1.5, t=3.5, audio=bytes)
    (False, True)
    """

    def __init__(self, rules: TurnRules, model: TurnModel | None = None):
        self.rules = rules
        self.model = model
        self.judgements: list[Judgement] = []
        """Every time the model was asked, in order: what a benchmark counts and times."""
        self._held = False
        self._pause: Judgement | None = None

    @property
    def smart(self) -> bool:
        """A model judges the pauses (else the fixed silence does)."""
        return self.model is not None

    def speech_resumed(self) -> None:
        """The person speaks again: a new pause will be judged afresh, and a "let me think" is spent."""
        self._held = False
        self._pause = None

    def hold(self) -> None:
        """The person asked for time to think: wait `hold_silence_s` in this pause."""
        self._held = True

    def should_end(self, silence_s: float, *, t: float, audio: Callable[[], bytes]) -> bool:
        """Whether the answer is over after `silence_s` of quiet; `audio()` gives the turn so far, asked at most once
        a pause (the model needs it); `t` is the turn's clock, for the record."""
        rules = self.rules
        if self._held:
            return silence_s >= rules.hold_silence_s
        if self.model is None:
            return silence_s >= rules.end_silence_s
        if self._pause is None:
            if silence_s < rules.ask_after_s:
                return False
            self._pause = Judgement(t, self.model.finished(audio()))
            self.judgements.append(self._pause)
        if self._pause.p_finished >= rules.finished_p:
            return silence_s >= rules.finished_wait_s
        return silence_s >= rules.unfinished_wait_s
