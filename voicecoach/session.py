"""A practice session, round after round: ask -> listen -> assess -> role-play -> rebuttal -> word -> speak.

`play_round` handles voice commands ("again", "help", "pause"...) until an answer comes; `answer` runs
the stages on it, each a method with data in and data out, reporting what happens as events.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass, field, replace

from voicecoach.audio.playback import Speaker, prepare_ahead
from voicecoach.audio.sources import AnswerSource, Microphone, NoMoreAnswers
from voicecoach.checklist.matcher import Matcher
from voicecoach.checklist.rules import clarify_doubts, reservations
from voicecoach.checklist.verdicts import Assessment
from voicecoach.coaching.assess import AssessedAnswer, after_rebuttal, assess_answer, word_feedback
from voicecoach.coaching.coach import Coaching
from voicecoach.coaching.drill import focus_on
from voicecoach.coaching.retry import Attempt, compare_attempts
from voicecoach.coaching.roleplay import (
    RebuttalVerdict,
    assess_rebuttal,
    interviewer_reply,
    react_to_rebuttal,
    style_of,
)
from voicecoach.coaching.wording import Feedback, summary_for
from voicecoach.engines.protocols import Recognizer
from voicecoach.events import (
    AssessmentEvent,
    AssessmentUpdateEvent,
    BargeInEvent,
    CommandEvent,
    EventBus,
    InterviewerAnswerEvent,
    NoticeEvent,
    RebuttalAssessedEvent,
    ReservationRaisedEvent,
    RetryEvent,
    SessionStartEvent,
    SpokenEndEvent,
    SpokenKind,
    SpokenStartEvent,
    SummaryEvent,
)
from voicecoach.packs.pack import ClosingPack, Reservation
from voicecoach.transcript import Transcript
from voicecoach.turn.commands import COMMAND_HELP
from voicecoach.turn.end_of_answer import TurnRules
from voicecoach.turn.listening import Heard, ListeningTurn

MAX_TURNS_PER_ROUND = 8
"""Commands in a row (help, score, repeat...) before the session moves on anyway."""
DEFAULT_RETRY_OFFER = "Say again to try it once more, or answer the next question."
"""Said after the feedback when the pack has no interviewer style of its own."""
MAX_READING_PAUSE_S = 12.0
"""The longest wait for the feedback to be read (demo pacing): the coach line is read first, the rest skimmed."""
UNANSWERED_RECORDED = (
    "recorded answers are one per round, so the interviewer's concern is left unanswered "
    "(answer it out loud with the microphone)"
)
"""Noted when a recorded answer asks for the interviewer's reservations."""
UNANSWERED_RAN_OUT = "no recorded answer is left for the interviewer's concern: it is left unanswered"
"""Noted when the recorded answers run out just as the interviewer raises a concern."""


@dataclass(frozen=True)
class Round:
    """One prompt and what came of it."""

    prompt: str
    transcript: Transcript
    assessment: Assessment
    feedback: Feedback
    coaching: Coaching
    attempt: int = 1
    """2 and up for a retry of the same prompt ("again")."""


@dataclass(frozen=True)
class Raised:
    """A reservation the interviewer raised, for the person to answer."""

    reservation: Reservation
    text: str
    """What the interviewer says to raise it."""


@dataclass(frozen=True)
class Rebuttal:
    """The person's answer to a raised reservation, judged."""

    said: str
    """The answer as recognised."""
    verdict: RebuttalVerdict


class StopSession(Exception):
    """The person said "stop"."""


class SpokenOver(Exception):
    """The person spoke over the feedback or the interviewer, which stopped: what they said (a command, or more of
    their answer)."""

    def __init__(self, heard: Heard):
        super().__init__("the person spoke over the coach")
        self.heard = heard


@dataclass
class Session:
    """Runs rounds with engines built once by the caller; reports everything as events."""

    pack: ClosingPack
    recognizer: Recognizer
    speaker: Speaker
    source: AnswerSource
    bus: EventBus
    rules: TurnRules = TurnRules()
    matcher: Matcher | None = None
    seed: int | None = None
    style: str | None = None
    """Interviewer style from the pack (warm, rushed, skeptical); None for the pack's default."""
    roleplay: bool = True
    """The interviewer answers questions and raises a reservation when asked for one."""
    rebuttals: bool = True
    """A raised reservation gets a listening turn of its own. False for recorded answers (one per round): the
    interviewer still says it, and it is left unanswered."""
    reading_wpm: float | None = None
    """Demo pacing: after each round's feedback, wait until it could be read at this many words per minute."""
    rounds: list[Round] = field(default_factory=list)
    """Every round assessed, in order: recorded as soon as it is judged, so a round is never lost to what follows."""
    prompt_order: tuple[str, ...] | None = None
    """The prompts in the order to ask them (a drill's); None for the pack's, shuffled after the first."""
    focus: tuple[str, ...] = ()
    """Checklist items drilled this session: when one is missed, it is the top fix."""
    concerns_unasked: bool = False
    """The interviewer raises a reservation in every round, asked for or not (a drill on clearing doubts)."""
    listen_over_feedback: bool | None = None
    """Listen while the feedback is said, so the person can speak over it ("again", "skip", or going on with the
    answer, which takes the end back), and over the interviewer's replies (a command, or anything else to move on);
    None: when answers come from the microphone (a recorded source would give its next answer to it)."""

    def __post_init__(self) -> None:
        self.matcher = self.matcher or Matcher(self.pack)
        self._rng = random.Random(self.seed)
        self._raised: set[str] = set()
        self._style = style_of(self.pack, self.style)
        self._prompts = list(self.pack.prompts)
        rest = self._prompts[1:]
        random.Random(self.seed).shuffle(rest)  # the classic question always comes first
        self._prompts[1:] = rest
        self._prompts = list(self.prompt_order or self._prompts)
        if self.listen_over_feedback is None:
            self.listen_over_feedback = isinstance(self.source, Microphone)
        self._over: ListeningTurn | None = None
        self._last_heard: ListeningTurn | None = None
        """Listening since the answer ended, for speech over the feedback; None once something else was said."""

    # ------------------------------------------------------------ the session

    def run(self, n_rounds: int) -> Feedback:
        """Play up to n_rounds (fewer if recorded answers run out or the person says stop), then the summary."""
        self.bus.emit(SessionStartEvent(pack=self.pack.name, rounds=n_rounds, recognizer=self.recognizer.name))
        next_prompt = 0
        try:
            while len(self.rounds) < n_rounds:
                prompt = self._prompts[next_prompt % len(self._prompts)]
                prepare_ahead(self.speaker, prompt, self._prompts[(next_prompt + 1) % len(self._prompts)])
                if self.play_round(prompt) is not None:
                    next_prompt += 1
        except (NoMoreAnswers, StopSession):
            pass
        return self.summary()

    def summary(self) -> Feedback:
        """Report the summary of the rounds assessed so far (also after Ctrl-C)."""
        summary = summary_for([r.assessment for r in self.rounds], self.pack)
        self.bus.emit(SummaryEvent(rounds=len(self.rounds), text=summary.spoken, lines=summary.printed))
        return summary

    def speak_summary(self, summary: Feedback) -> None:
        self._say(summary.spoken, SpokenKind.SUMMARY)

    def play_round(self, prompt: str) -> Round | None:
        """Ask prompt until an answer comes, carrying out voice commands; None when the person skipped it."""
        attempt, answered, spoken_over = 1, None, None
        for _ in range(MAX_TURNS_PER_ROUND):
            heard = spoken_over or self.ask(prompt)
            command = heard.command
            if command is None:
                transcript = heard.transcript
                if spoken_over is not None and answered is not None:  # the end is taken back: one answer, re-assessed
                    transcript = joined(answered.transcript, transcript)
                    self.rounds.remove(answered)
                try:
                    return self.answer(prompt, transcript, attempt)
                except SpokenOver as over:
                    answered, spoken_over = self.rounds[-1], over.heard
                    continue
            spoken_over = None
            if command.name == "stop":
                raise StopSession
            if command.name == "skip":
                return answered
            if command.name == "again" and self.rounds:
                prompt, attempt = self.rounds[-1].prompt, self.rounds[-1].attempt + 1
                self.bus.emit(RetryEvent(prompt=prompt, attempt=attempt))
            elif command.name == "help":
                self._say(COMMAND_HELP, SpokenKind.HELP)
            elif command.name == "score":
                score = summary_for([r.assessment for r in self.rounds], self.pack, so_far=True)
                self._say(score.spoken, SpokenKind.SCORE)
            elif command.name == "pause":
                self._pause()
            if answered is not None and command.name != "again":
                return answered  # a command over the feedback: the round stays answered
            # repeat, resume, or "again" before any answer: ask the prompt once more
        return answered

    # ------------------------------------------------------------ the stages of a round

    def ask(self, prompt: str, kind: SpokenKind = SpokenKind.PROMPT) -> Heard:
        """Ask: say the prompt, already listening, so speech over it stops the interviewer (barge-in); then listen."""
        # raises NoMoreAnswers before the prompt is spoken
        turn = self._listening_turn(awaits_question=kind is SpokenKind.PROMPT and self.pack.invites_questions(prompt))
        self.bus.emit(SpokenStartEvent(kind=kind, text=prompt, round=len(self.rounds) + 1))
        finished = self.speaker.say(prompt, kind=kind, keep_going=turn.keep_going)
        self.bus.emit(SpokenEndEvent(kind=kind, interrupted=not finished))
        if not finished:
            self.bus.emit(BargeInEvent(audio_t=turn.t, over=kind))
        return self.listen(turn, barged_in=not finished)

    def listen(self, turn: ListeningTurn, *, barged_in: bool) -> Heard:
        """Listen: hear the reply to its end; a command is all the person said, or it is an answer."""
        heard = turn.hear(barged_in=barged_in)
        self._last_heard = turn
        if heard.command:
            self.bus.emit(CommandEvent(name=heard.command.name, text=heard.command.matched_text))
        return heard

    def answer(self, prompt: str, transcript: Transcript, attempt: int) -> Round:
        """An answer heard: assess it, play the interviewer (and the rebuttal turn), word the feedback, speak it.

        The round is recorded as soon as it is assessed and updated by the rebuttal, so Ctrl-C, "stop" or a
        device error in the role-play or while the feedback is spoken still leaves it counted in the summary.
        Speech over the feedback, or a command over the interviewer, raises SpokenOver (the round answered).
        """
        before = self.rounds[-1].coaching if attempt > 1 and self.rounds else None
        self._over = self._listen_over()  # from the end on: speech while the feedback is prepared takes the end back
        coaching = self.assess(transcript)
        answer = self.word(coaching, before)
        self.rounds.append(Round(prompt, transcript, answer.assessment, answer.feedback, answer.coaching, attempt))
        plays_along = self.roleplay and self._style is not None and bool(transcript.text)
        raised = self.play_interviewer(coaching) if plays_along else None
        rebuttal = self.rebut(raised) if raised is not None else None
        if rebuttal is not None:
            answer = self.word(self.settle_doubts(coaching, rebuttal), before)
            self.rounds[-1] = replace(
                self.rounds[-1], assessment=answer.assessment, feedback=answer.feedback, coaching=answer.coaching
            )
            self.react(rebuttal)  # after the round is updated: a command said over the reaction keeps the rebuttal
        self.speak_feedback(answer.feedback)
        return self.rounds[-1]

    def assess(self, transcript: Transcript) -> Coaching:
        """Assess: the checklist, delivery and questions of the whole answer."""
        coaching = assess_answer(self.matcher, transcript)
        self.bus.emit(AssessmentEvent(coaching=coaching))
        return coaching

    def play_interviewer(self, coaching: Coaching) -> Raised | None:
        """Role-play: the interviewer answers the person's questions; asked for its reservations, it raises one."""
        asked = coaching.assessment.items.get(reservations.ID)
        reply = interviewer_reply(
            self.pack, coaching.questions, rng=self._rng, style=self.style,
            asked_reservations=bool(asked and asked.covered) or self.concerns_unasked, used=self._raised,
        )  # fmt: skip
        for line in reply.lines:
            if line.kind == "reservation":
                continue
            self.bus.emit(InterviewerAnswerEvent(text=line.text, kind=line.kind, question=line.question))
            if not self.interviewer_says(line.text):
                break  # the person spoke over it to move on: the rest of the replies are skipped
        if reply.reservation is None:
            return None
        raised = Raised(reply.reservation, next(line.text for line in reply.lines if line.kind == "reservation"))
        self._raised.add(raised.reservation.id)
        self.bus.emit(ReservationRaisedEvent(id=raised.reservation.id, text=raised.text))
        return raised

    def interviewer_says(self, text: str) -> bool:
        """The interviewer says a reply, listening over it (as over the feedback); False when the person spoke over
        it, not a command: they want to move on. A command said over it raises SpokenOver, for play_round.

        What is said over the interviewer's replies is not more of the answer: it is heard only for a command.
        """
        over, self._over = self._over or self._listen_over(), None
        try:
            self._say(text, SpokenKind.INTERVIEWER, over=over)
        except SpokenOver as spoken:
            if spoken.heard.command:
                raise
            return False
        return True

    def rebut(self, raised: Raised) -> Rebuttal | None:
        """The rebuttal turn: ask the reservation, listen, judge the answer (the interviewer reacts in `react`).

        None when the concern is left unanswered: recorded answers give one answer per round (`rebuttals`
        off), or ran out; the interviewer still says it.
        """
        self._over = None
        try:
            heard = self.ask(raised.text, kind=SpokenKind.RESERVATION) if self.rebuttals else None
        except NoMoreAnswers:
            heard = None
        if heard is None:
            self._say(raised.text, SpokenKind.RESERVATION)
            self.bus.emit(NoticeEvent(text=UNANSWERED_RAN_OUT if self.rebuttals else UNANSWERED_RECORDED))
            return None
        if heard.command and heard.command.name == "stop":
            raise StopSession
        verdict = assess_rebuttal(heard.transcript.text, raised.reservation)
        self.bus.emit(RebuttalAssessedEvent(transcript=heard.transcript.text, rebuttal=verdict))
        return Rebuttal(heard.transcript.text, verdict)

    def react(self, rebuttal: Rebuttal) -> None:
        """The interviewer reacts to the rebuttal; the person can speak over it as over a reply."""
        reaction = react_to_rebuttal(self.pack, rebuttal.verdict, rng=self._rng, style=self.style)
        if reaction:
            self.interviewer_says(reaction)

    def settle_doubts(self, coaching: Coaching, rebuttal: Rebuttal) -> Coaching:
        """The coaching with the rebuttal; a rebuttal that removes the doubt also covers clearing up doubts."""
        settled = after_rebuttal(coaching, rebuttal.verdict, rebuttal.said)
        doubts = settled.assessment.items.get(clarify_doubts.ID)
        if doubts is not None and doubts != coaching.assessment.items.get(clarify_doubts.ID):
            update = AssessmentUpdateEvent(item=clarify_doubts.ID, covered=doubts.covered, evidence=doubts.evidence)
            self.bus.emit(update)
        return settled

    def word(self, coaching: Coaching, before: Coaching | None = None) -> AssessedAnswer:
        """Word the feedback: what improved on a retry (`before` is the attempt retried), one thing done well, the
        top fix, the offer to retry."""
        improvement = None
        if before is not None:
            improvement = compare_attempts(
                Attempt(before.assessment, before.delivery), Attempt(coaching.assessment, coaching.delivery)
            )
        offer = self._style.retry_offer if self._style else DEFAULT_RETRY_OFFER
        coaching = focus_on(coaching, self.focus) if self.focus else coaching
        return word_feedback(coaching, self.pack, improvement=improvement, offer_retry=offer)

    def speak_feedback(self, feedback: Feedback) -> None:
        """Speak: say the feedback, its printed lines going with it; then, with demo pacing, give time to read it."""
        started = time.monotonic()
        over, self._over = self._over or self._listen_over(), None
        self._say(feedback.spoken, SpokenKind.FEEDBACK, lines=feedback.printed, over=over)
        if self.reading_wpm:
            time.sleep(max(0.0, reading_time_s(feedback, self.reading_wpm) - (time.monotonic() - started)))

    # ------------------------------------------------------------ helpers

    def _listening_turn(self, before: bytes = b"", *, awaits_question: bool = False,
                        asked: bool = False) -> ListeningTurn:
        audio = self.source.answer()
        rules = replace(self.rules, awaits_question=awaits_question) if awaits_question else self.rules
        return ListeningTurn(audio, recognizer=self.recognizer, matcher=self.matcher, rules=rules,
                             emit=self.bus.emit, before=before, asked=asked)

    def _listen_over(self) -> ListeningTurn | None:
        """A listening turn open while the coach answers (None when the source is not listened to then)."""
        if not self.listen_over_feedback:
            return None
        try:
            last = self._last_heard  # the answer this turn may go on with: its audio, its prompt's rules, its questions
            if last is None:
                return self._listening_turn()
            return self._listening_turn(before=last.heard_audio, awaits_question=last.rules.awaits_question,
                                        asked=last.asked)
        except NoMoreAnswers:
            return None

    def _pause(self) -> None:
        self._say("Paused. Say resume when you are ready.", SpokenKind.PAUSE)
        while True:
            command = self._listening_turn().hear().first_command
            if command and command.name in ("resume", "repeat", "again"):
                return
            if command and command.name == "stop":
                raise StopSession

    def _say(self, text: str, kind: SpokenKind, *, lines: tuple[str, ...] | None = None,
             over: ListeningTurn | None = None) -> None:
        """Say text; with `over`, speech over it stops it and raises SpokenOver with what was said."""
        started = False

        def on_start() -> None:
            nonlocal started
            started = True
            self.bus.emit(SpokenStartEvent(kind=kind, text=text, lines=lines))

        finished = self.speaker.say(text, kind=kind, on_start=on_start, keep_going=over.keep_going if over else None)
        if finished and not started:
            on_start()
        if started:  # stopped before its first sample (the person went on at once), it was never said
            self.bus.emit(SpokenEndEvent(kind=kind, interrupted=None if finished else True))
        if over is not None and not finished:
            self.bus.emit(BargeInEvent(audio_t=over.t, over=kind))
            raise SpokenOver(self.listen(over, barged_in=True))


def joined(first: Transcript, more: Transcript) -> Transcript:
    """An answer heard in two turns (its end taken back) as one: the second's word times follow the first's."""
    shift = first.duration_s
    words = first.words + tuple(replace(w, start=w.start + shift, end=w.end + shift) for w in more.words)
    return Transcript(text=" ".join(t for t in (first.text, more.text) if t), words=words,
                      keeps_fillers=first.keeps_fillers and more.keeps_fillers,
                      duration_s=first.duration_s + more.duration_s,
                      punctuated=" ".join(t for t in (first.punctuated, more.punctuated) if t))  # fmt: skip


def reading_time_s(feedback: Feedback, wpm: float) -> float:
    """Seconds to read the feedback (the coach line and the printed lines) at wpm words a minute, at most
    MAX_READING_PAUSE_S."""
    words = len(" ".join([feedback.spoken, *feedback.printed]).split())
    return min(MAX_READING_PAUSE_S, 60.0 * words / wpm)
