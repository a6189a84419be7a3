"""The listening turn: hear one answer as it is spoken and say what it was (an answer or a command).

Audio in (one `AnswerAudio`), a `Heard` out. Each stretch of speech is recognised as soon as it ends,
while the person goes on; a command ("skip") or "that's all" ends the turn at once, "let me think"
makes it wait longer (and is left out of the answer), and what the answer covers so far is reported
after each stretch. What happens is reported as events (speech_start, segment, hold, partial_assessment,
speech_end, transcript).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from rapidfuzz import fuzz

from voicecoach.audio.sources import AnswerAudio
from voicecoach.checklist.matcher import Matcher
from voicecoach.checklist.words import FILLERS, plain_words
from voicecoach.coaching.questions import find_questions
from voicecoach.engines.protocols import Recognizer
from voicecoach.events import (
    Event,
    HoldEvent,
    PartialAssessmentEvent,
    SegmentEvent,
    SpeechEndEvent,
    SpeechStartEvent,
    TranscriptEvent,
)
from voicecoach.transcript import Transcript
from voicecoach.turn.commands import HOLD_PHRASES, TAIL_WORDS, Command, asks_for_time, parse_command, says_finished
from voicecoach.turn.end_of_answer import AnswerListener, AnswerOver, SegmentReady, SpeechStarted, TurnRules


@dataclass(frozen=True)
class Heard:
    """What one listening turn produced: an answer, or a command."""

    transcript: Transcript
    first_command: Command | None
    """A command heard in the first stretch of speech (the turn ended there)."""
    segments: int
    """Stretches of speech recognised."""
    barged_in: bool
    """The person spoke over the interviewer, who stopped."""

    @property
    def command(self) -> Command | None:
        """The command, when it was all the person said."""
        return self.first_command if self.segments == 1 else None


class ListeningTurn:
    """Hears one answer: give it the turn's audio, take `keep_going` while the interviewer speaks, then `hear()`."""

    def __init__(self, audio: AnswerAudio, *, recognizer: Recognizer, matcher: Matcher, rules: TurnRules,
                 emit: Callable[[Event], object], before: bytes = b"", asked: bool = False):  # fmt: skip
        self._audio = audio
        self.rules = rules
        self._recognizer = recognizer
        self._matcher = matcher
        self._emit = emit
        self._listener = AnswerListener(rules, before=before)  # before: the answer this turn may go on with
        self._parts: list[Transcript] = []
        self._commands: list[Command] = []
        self.asked = False
        """The answer has asked the interviewer a question (`asked`: the answer this turn goes on with had)."""
        if asked:
            self._asked()

    @property
    def t(self) -> float:
        """Seconds of the turn's audio heard so far."""
        return self._listener.t

    @property
    def heard_audio(self) -> bytes:
        """The end of the turn's audio (what a turn model hears), for a turn that may go on with this answer."""
        return self._listener.heard_audio()

    def keep_going(self) -> bool:
        """While the interviewer speaks: take the audio heard so far; False once the person speaks over it."""
        for chunk in self._audio.poll():
            self._take(chunk)
        return not self._listener.speaking_now and not self._listener.over

    def hear(self, *, barged_in: bool = False) -> Heard:
        """The rest of the answer, until it is over."""
        listener = self._listener
        if not listener.over:
            for chunk in self._audio:
                self._take(chunk)
                if listener.over:
                    break
        for happened in listener.close():
            self._on(happened)
        parts = self._parts
        transcript = Transcript(
            text=" ".join(p.text for p in parts if p.text),
            words=tuple(w for p in parts for w in p.words),
            keeps_fillers=getattr(self._recognizer, "keeps_fillers", True),
            duration_s=listener.t,
            punctuated=" ".join(p.punctuated for p in parts if p.punctuated),
        )
        self._emit(TranscriptEvent(text=transcript.text, words=len(transcript.words), answer_s=listener.t))
        first = self._commands[0] if self._commands else None
        return Heard(transcript, first, segments=len(parts), barged_in=barged_in)

    def _take(self, chunk: bytes) -> None:
        for happened in self._listener.feed(chunk):
            self._on(happened)

    def _on(self, happened: SpeechStarted | SegmentReady | AnswerOver) -> None:
        if isinstance(happened, SpeechStarted):
            if not self._parts:
                self._emit(SpeechStartEvent(audio_t=happened.t))
        elif isinstance(happened, SegmentReady):
            self._on_segment(happened)
        elif isinstance(happened, AnswerOver):
            self._emit(SpeechEndEvent(audio_t=happened.t, reason=happened.reason))

    def _on_segment(self, segment: SegmentReady) -> None:
        """Recognise a stretch of speech while the person goes on, and act on what it says."""
        part = self._recognizer.transcribe(segment.pcm, offset_s=segment.start_s)
        self._parts.append(part)
        self._emit(SegmentEvent(text=part.text, start_s=segment.start_s, end_s=segment.end_s))
        self._listener.heard(part.punctuated or part.text)  # Whisper's "?" and trailing commas are cues too
        command = parse_command(part.text) if len(self._parts) == 1 else None
        if command:
            self._commands.append(command)
            self._on(self._listener.finish())
        elif says_finished(part.text):
            self._on(self._listener.finish())
        elif asks_for_time(part.text):
            self._listener.hold()
            self._emit(HoldEvent(text=part.text))
            # the words that asked for time steer the turn; they are not the answer (nor quoted back in praise)
            self._parts[-1] = without_hold(part)
        else:
            text = " ".join(p.text for p in self._parts)
            so_far = self._matcher.assess(text)
            self._emit(PartialAssessmentEvent(covered=tuple(so_far.covered)))
            if self.rules.awaits_question and not self.asked and find_questions(text):
                self._asked()

    def _asked(self) -> None:
        self.asked = True
        self._listener.asked()


HOLD_CUTOFF = 86.0
"""How close (rapidfuzz ratio, 0-100) words at the end of a segment must be to a hold phrase to be left out."""


def without_hold(part: Transcript) -> Transcript:
    """A segment that asked for time, less the request and what follows it: "i really want this job let me think"
    -> "i really want this job"; "let me think about that" -> ""."""
    pieces = part.text.split()
    cut = next((start for start in range(max(0, len(pieces) - TAIL_WORDS), len(pieces)) if _holds(pieces[start:])),
               None)  # fmt: skip
    if cut is None:
        return part
    dropped = plain_words(" ".join(pieces[cut:]))
    words = list(part.words)
    while words and dropped and plain_words(words[-1].text) == [dropped[-1]]:
        words.pop()
        dropped.pop()
    return replace(part, text=" ".join(pieces[:cut]), words=tuple(words))


def _holds(pieces: list[str]) -> bool:
    """The words start with a hold phrase (a word more or less, as a recognizer may split or join them)."""
    if plain_words(pieces[0]) and plain_words(pieces[0])[0] in FILLERS:
        return False  # an "um" before "let me think" is a filler the delivery counts, not part of the request
    for phrase in HOLD_PHRASES:
        n = len(phrase.split())
        for length in (n - 1, n, n + 1):
            if length and fuzz.ratio(" ".join(plain_words(" ".join(pieces[:length]))), phrase) >= HOLD_CUTOFF:
                return True
    return False
