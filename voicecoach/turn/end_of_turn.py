"""The end-of-turn policy: at each pause, is the answer over? A fixed silence, or a model and the words heard.

Pure: time is audio time given by the caller, and the model (engines/smart_turn.py, or any object with
`finished(pcm) -> probability`) is built once per session and passed in. With a model, a pause is judged
once, soon after the speech stops, from two things: how the turn sounds (the model's probability that it is
finished) and what the recognizer heard of the segment just ended (`heard(text)`: "...and", "...um", "...in
the" is unfinished whatever the voice does). Sounds finished -> the answer ends after `finished_wait_s`;
sounds unfinished -> it waits up to `unfinished_wait_s` for the person to go on. When the prompt asks for the
person's questions (`awaits_question`), an answer that has asked none yet is not over at a finished-sounding pause
either: it waits `unfinished_wait_s` too (`asked()` lifts this). "let me think" waits `hold_silence_s` either
way. An end can still be taken back: the session goes on listening over what it says next, and speech there
continues the answer (session.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from voicecoach.checklist.words import FILLERS, plain_words

if TYPE_CHECKING:
    from voicecoach.turn.end_of_answer import TurnRules

END_OF_TURN_CHOICES = ("smart", "silence")
"""The policies `--end-of-turn` offers: a model that hears whether the person has finished, or a fixed silence."""
HEARD_S = 16.0
"""The most of a turn's end a model is given at a pause (Smart Turn hears the last 8 s)."""
UNFINISHED_LAST_WORDS = FILLERS | frozenset(
    # conjunctions and words that open a clause
    "and but or so because since although though while whereas if unless until when whether that which who whom "
    "whose where than as "
    # articles, possessives and other determiners
    "a an the my your our their his her its this these those some any every each no another "
    # prepositions
    "of to in on at for with about from by into onto over under between through during after before without "
    "towards toward within across around against among upon per via "
    # subjects that cannot end a clause
    "i we they he she it's i'm we're you're they're "
    # hedges that lead into more
    "just really very quite".split()
)
"""A segment whose last word is one of these sounds unfinished ("I led a team of four engineers and"): the person
is thinking, whatever the model hears in the voice. Not "it", "me", "you" at the end: "thank you" ends answers."""


def words_sound_unfinished(text: str) -> bool:
    """The words heard of a segment stop mid-thought: they end in a filler, a conjunction, an article, a preposition,
    or trail off with a comma or an ellipsis (Whisper writes "um," and "the..." for a voice that trails off).

    >>> words_sound_unfinished("I led a team of four engineers and"), words_sound_unfinished("What are the next steps?")
    (True, False)
    >>> words_sound_unfinished("Is there anything about my background, um?")
    True
    """
    stripped = text.strip()
    words = plain_words(stripped)
    if not words:
        return False
    if words[-1] in FILLERS:
        return True  # Whisper writes "Is there anything about my background, um?" for a question not yet asked
    if stripped.endswith("?"):
        return False  # a question is finished even when it ends on a preposition ("who would I work with?")
    if stripped.endswith((",", "...", "\u2026", "-", "\u2014")):
        return True
    return words[-1] in UNFINISHED_LAST_WORDS


class TurnModel(Protocol):
    """Hears whether a person has finished their turn (engines/smart_turn.py's SmartTurnModel)."""

    def finished(self, pcm: bytes) -> float:
        """16 kHz mono int16 audio of the turn so far, ending now -> the probability that the turn is complete."""
        ...


@dataclass(frozen=True)
class Judgement:
    """The answer at one pause."""

    t: float
    """Seconds from the start of the turn when it was asked."""
    p_finished: float
    """The model's probability that the person has finished, 0-1."""
    words_unfinished: bool = False
    """The words heard of the segment just ended stop mid-thought."""
    awaiting_question: bool = False
    """The prompt asked for the person's questions and the answer has asked none yet."""
    sounds_finished: bool = False
    """The verdict: the answer sounds finished (the short wait), or not (the long one)."""


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
        self._last_words = ""
        self._asked = False

    @property
    def smart(self) -> bool:
        """A model judges the pauses (else the fixed silence does)."""
        return self.model is not None

    def speech_resumed(self) -> None:
        """The person speaks again: a new pause will be judged afresh, and a "let me think" is spent."""
        self._held = False
        self._pause = None
        self._last_words = ""

    def heard(self, text: str) -> None:
        """What the recognizer heard of the segment that just ended (before its pause is judged)."""
        self._last_words = text

    def asked(self) -> None:
        """The answer has asked the interviewer a question: with `awaits_question`, a finished-sounding pause may
        now end it."""
        self._asked = True

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
            p = self.model.finished(audio())
            unfinished = rules.use_words and words_sound_unfinished(self._last_words)
            awaiting = rules.awaits_question and not self._asked
            self._pause = Judgement(t, p, unfinished, awaiting,
                                    sounds_finished=p >= rules.finished_p and not unfinished and not awaiting)
            self.judgements.append(self._pause)
        if self._pause.sounds_finished:
            return silence_s >= rules.finished_wait_s
        return silence_s >= rules.unfinished_wait_s
