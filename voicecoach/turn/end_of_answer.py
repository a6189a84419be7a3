"""Turn-taking: speech detection and the rule that decides when an answer is over.

A speech detector (by default WebRTC's VAD, from the engines) ends a speech region after
0.3 s of quiet, far too soon for a person thinking mid-answer, so it only cuts the answer
into segments; an end-of-turn policy on top (turn/end_of_turn.py: a model asked at each
pause, or a fixed silence) waits through thinking pauses. All times are audio time (frames
counted), never wall-clock time, so replayed files and live microphones behave alike.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from voicecoach.audio.pcm import SAMPLE_RATE, SAMPLE_WIDTH
from voicecoach.turn.end_of_turn import HEARD_S, EndOfTurn, TurnModel

if TYPE_CHECKING:
    from voicecoach.engines.protocols import SpeechDetector

PAD_S = 0.25
"""Audio kept either side of a detected speech region, so word edges are not clipped."""


@dataclass(frozen=True)
class TurnRules:
    """When an answer is over; every figure is in seconds and can be changed by the user."""

    end_silence_s: float = 1.5
    """Silence after speech that ends the answer (the fixed-silence rule: no turn model)."""
    hold_silence_s: float = 8.0
    """Silence allowed after "let me think" or "give me a second"."""
    max_answer_s: float = 180.0
    """An answer is cut here, however it goes on."""
    no_answer_s: float = 20.0
    """Silence with no speech at all before the turn gives up."""
    vad_mode: int = 3
    """WebRTC VAD aggressiveness; 3 was the only mode that kept answers apart in noise."""
    vad_ratio: float = 0.7
    """Share of the VAD's 0.3 s window that must be speech to start or end a region; the Endpointer's
    default 0.9 never starts on a one-word command such as "skip" (measured on flite voices)."""
    barge_in_s: float = 0.15
    """Unbroken speech that stops the interviewer mid-sentence (the segmenting VAD needs 0.3 s)."""
    ask_after_s: float = 0.2
    """Silence after speech before the turn model is asked whether the person has finished (the speech detector
    only sees the end of speech about 0.3 s late, so the model is in practice asked then)."""
    finished_p: float = 0.5
    """The model's probability of "finished" at or above which the answer sounds finished."""
    finished_wait_s: float = 1.5
    """Silence that ends an answer heard as finished. A pause between two finished sentences of one answer sounds as
    finished as the real end, and a shorter wait ends answers there: on an idle machine (`voicecoach bench turns
    --finished-wait W`, all four voices) 0.9 s and 1.2 s started the feedback between the sentences of 16 and 15 of
    24 finished answers (each taken back when the person went on), 1.5 s in none; cut-offs in planted thinking
    pauses were 20 of 128 with each. `--tune` on a loaded machine had chosen 0.9 s, where the slow recogniser hid
    those interruptions."""
    unfinished_wait_s: float = 4.5
    """Silence allowed when the model hears an unfinished answer: a thinking pause of up to 4 s is waited through."""
    awaits_question: bool = False
    """The prompt asks for the person's questions ("Do you have any questions for us?"): until the answer has asked
    one (the listening turn finds it in the words heard), a pause that sounds finished is waited through as an
    unfinished one (`unfinished_wait_s`), since the person is most likely thinking of their question. Set per prompt
    by the session (packs/pack.py's `invites_questions`); ignored by the fixed-silence rule."""
    use_words: bool = True
    """The words heard of the segment just ended count too: one that ends in "and", "um" or "in the" is unfinished
    whatever the model hears (turn/end_of_turn.py's words_sound_unfinished). On `bench turns` it changed nothing (the
    model already hears those pauses as unfinished); it is kept as a guard for voices the model misjudges."""
    turn_model: TurnModel | None = field(default=None, compare=False, repr=False)
    """Hears whether the person has finished (engines/smart_turn.py), built once per session; None: the fixed
    silence `end_silence_s` ends the answer, as before."""


@dataclass(frozen=True)
class SpeechStarted:
    """The person started speaking (at the start of the answer or after a pause)."""

    t: float
    """Seconds from the start of the turn."""


@dataclass(frozen=True)
class SegmentReady:
    """A stretch of speech between pauses, ready to be recognised while the person goes on."""

    pcm: bytes
    start_s: float
    end_s: float


@dataclass(frozen=True)
class AnswerOver:
    """The answer is over."""

    t: float
    reason: str
    """"silence", "max_length", "no_answer", "finished" (the person said so) or "end_of_audio"."""


class AnswerListener:
    """Feed it audio in chunks of any size; it reports speech, segments and the end of the answer.

    `vad` is a fresh speech detector for this turn; without one, the engines build their default (WebRTC's)
    with the rules' vad_mode and vad_ratio. `before` is the answer's audio so far when this turn goes on with it.
    """

    def __init__(self, rules: TurnRules = TurnRules(), vad: SpeechDetector | None = None, *, before: bytes = b""):
        if vad is None:
            from voicecoach.engines.registry import build_speech_detector

            vad = build_speech_detector(mode=rules.vad_mode, ratio=rules.vad_ratio)
        self.rules = rules
        self._vad = vad
        self.frame_bytes: int = self._vad.frame_bytes
        self._frame_s: float = self._vad.frame_length
        self._voiced_run = 0
        self._barge_in_frames = max(1, round(rules.barge_in_s / self._frame_s))
        self._pending = bytearray()
        self._audio = bytearray()
        self._before = before[len(before) - int(HEARD_S * SAMPLE_RATE) * SAMPLE_WIDTH :] if before else b""
        """The same answer's audio before this turn (its end was taken back): the turn model hears it too."""
        self._t = 0.0
        self._heard_speech = False
        self._last_speech_end: float | None = None
        self._segment_start: float | None = None
        self._emitted_to = 0.0
        self._segment_unseen = False
        self.policy = EndOfTurn(rules, rules.turn_model)
        """When a pause ends the answer; its judgements say what the turn model heard."""
        self.over: AnswerOver | None = None

    @property
    def t(self) -> float:
        """Seconds of audio heard in this turn."""
        return self._t

    @property
    def in_speech(self) -> bool:
        return self._vad.in_speech

    @property
    def speaking_now(self) -> bool:
        """The last `barge_in_s` were all speech: reason enough to stop talking over the person."""
        return self._voiced_run >= self._barge_in_frames

    def hold(self) -> None:
        """The person asked for time to think: wait longer before ending the answer."""
        self.policy.hold()

    def heard(self, text: str) -> None:
        """What the recognizer heard of the last segment: the pause after it is judged with the words too."""
        self.policy.heard(text)

    def asked(self) -> None:
        """The answer has asked a question (turn/end_of_turn.py's EndOfTurn.asked)."""
        self.policy.asked()

    def finish(self) -> AnswerOver:
        """The person said they are done: end the answer now."""
        return self._end("finished")

    def feed(self, chunk: bytes) -> list[SpeechStarted | SegmentReady | AnswerOver]:
        """Audio in (any length), what happened out."""
        self._pending += chunk
        self._segment_unseen = False  # the caller has acted on the last call's segments ("let me think")
        happened: list = []
        while len(self._pending) >= self.frame_bytes and not self.over:
            frame = bytes(self._pending[: self.frame_bytes])
            del self._pending[: self.frame_bytes]
            happened += self._frame(frame)
        return happened

    def _frame(self, frame: bytes) -> list[SpeechStarted | SegmentReady | AnswerOver]:
        self._audio += frame
        self._voiced_run = self._voiced_run + 1 if self._vad.is_speech(frame) else 0
        was_in_speech = self._vad.in_speech
        self._vad.process(frame)
        self._t += self._frame_s
        happened: list = []
        if self._vad.in_speech and not was_in_speech:
            self._heard_speech = True
            self._segment_start = self._vad.speech_start
            self.policy.speech_resumed()  # speaking again cancels a "let me think"
            happened.append(SpeechStarted(self._segment_start))
        elif was_in_speech and not self._vad.in_speech:
            self._last_speech_end = self._vad.speech_end
            happened.append(self._segment(self._segment_start or 0.0, self._last_speech_end))
            # a model judges a pause at once, so not before the caller has heard the segment (its next feed): it may
            # say "let me think" or "I'm done" (the fixed silence waits far longer than a feed's 20-100 ms)
            self._segment_unseen = self.policy.smart
        if self._vad.in_speech:
            if self._t >= self.rules.max_answer_s:
                happened.append(self._segment(self._segment_start or 0.0, self._t))
                happened.append(self._end("max_length"))
        elif self._heard_speech:
            silence_s = self._t - (self._last_speech_end or 0.0)
            if not self._segment_unseen and self.policy.should_end(silence_s, t=self._t, audio=self.heard_audio):
                happened.append(self._end("silence"))
        elif self._t >= self.rules.no_answer_s:
            happened.append(self._end("no_answer"))
        return happened

    def close(self) -> list[SegmentReady | AnswerOver]:
        """The audio ran out: hand over any speech still open and end the answer."""
        if self.over:
            return []
        happened: list = []
        if self._vad.in_speech:
            happened.append(self._segment(self._segment_start or 0.0, self._t))
        happened.append(self._end("end_of_audio" if self._heard_speech else "no_answer"))
        return happened

    def heard_audio(self) -> bytes:
        """The answer's audio so far, up to the last HEARD_S (a turn model hears only the end)."""
        return (self._before + bytes(self._audio))[-int(HEARD_S * SAMPLE_RATE) * SAMPLE_WIDTH :]

    def _segment(self, start_s: float, end_s: float) -> SegmentReady:
        start_s = max(start_s - PAD_S, self._emitted_to, 0.0)
        end_s = min(end_s + PAD_S, self._t)
        self._emitted_to = end_s
        lo, hi = int(start_s * SAMPLE_RATE) * SAMPLE_WIDTH, int(end_s * SAMPLE_RATE) * SAMPLE_WIDTH
        return SegmentReady(bytes(self._audio[lo:hi]), start_s, end_s)

    def _end(self, reason: str) -> AnswerOver:
        self.over = AnswerOver(self._t, reason)
        return self.over
