"""A practice session: prompt, listen, recognise, assess, give feedback; round after round."""

from __future__ import annotations

import random
from dataclasses import dataclass, field, replace

from voicecoach.coaching.coach import Coaching, coach, coaching_feedback
from voicecoach.turn.commands import COMMAND_HELP, Command, asks_for_time, parse_command, says_finished
from voicecoach.events import EventBus
from voicecoach.coaching.wording import Feedback, summary_for
from voicecoach.checklist.matcher import Matcher
from voicecoach.checklist.verdicts import Assessment
from voicecoach.checklist.rules import clarify_doubts, reservations
from voicecoach.packs.pack import ClosingPack
from voicecoach.engines.protocols import Recognizer
from voicecoach.coaching.retry import Attempt, compare_attempts
from voicecoach.coaching.roleplay import assess_rebuttal, interviewer_reply, react_to_rebuttal, style_of
from voicecoach.audio.sources import AnswerAudio, AnswerSource, NoMoreAnswers
from voicecoach.audio.playback import Speaker
from voicecoach.transcript import Transcript
from voicecoach.turn.end_of_answer import AnswerListener, AnswerOver, SegmentReady, SpeechStarted, TurnRules

MAX_TURNS_PER_ROUND = 8
"""Commands in a row (help, score, repeat...) before the session moves on anyway."""


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
class Heard:
    """What one listening turn produced: an answer, or a command."""

    transcript: Transcript
    command: Command | None
    barged_in: bool


class StopSession(Exception):
    """The person said "stop"."""


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
    rounds: list[Round] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.matcher = self.matcher or Matcher(self.pack)
        self._rng = random.Random(self.seed)
        self._raised: set[str] = set()
        self._style = style_of(self.pack, self.style)
        self._prompts = list(self.pack.prompts)
        rest = self._prompts[1:]
        random.Random(self.seed).shuffle(rest)  # the classic question always comes first
        self._prompts[1:] = rest

    # ------------------------------------------------------------ the session

    def run(self, n_rounds: int) -> Feedback:
        """Play up to n_rounds (fewer if recorded answers run out or the person says stop), then the summary."""
        self.bus.emit("session_start", pack=self.pack.name, rounds=n_rounds, recognizer=self.recognizer.name)
        next_prompt = 0
        try:
            while len(self.rounds) < n_rounds:
                prompt = self._prompts[next_prompt % len(self._prompts)]
                if self.play_round(prompt) is not None:
                    next_prompt += 1
        except (NoMoreAnswers, StopSession):
            pass
        return self.summary()

    def summary(self) -> Feedback:
        """Report the summary of the rounds done so far (also after Ctrl-C)."""
        summary = summary_for([r.assessment for r in self.rounds], self.pack)
        self.bus.emit("summary", rounds=len(self.rounds), text=summary.spoken, lines=list(summary.printed))
        return summary

    def speak_summary(self, summary: Feedback) -> None:
        self._say(summary.spoken, "summary")

    def play_round(self, prompt: str) -> Round | None:
        """Ask prompt until an answer comes; None when the person skipped it."""
        attempt = 1
        for _ in range(MAX_TURNS_PER_ROUND):
            heard = self.ask(prompt)
            command = heard.command
            if command is None:
                return self._assess_answer(prompt, heard.transcript, attempt)
            if command.name == "stop":
                raise StopSession
            if command.name == "skip":
                return None
            if command.name == "again" and self.rounds:
                prompt, attempt = self.rounds[-1].prompt, self.rounds[-1].attempt + 1
                self.bus.emit("retry", prompt=prompt, attempt=attempt)
            elif command.name == "help":
                self._say(COMMAND_HELP, "help")
            elif command.name == "score":
                self._say(summary_for([r.assessment for r in self.rounds], self.pack).spoken, "score")
            elif command.name == "pause":
                self._pause()
            # repeat, resume, or "again" before any answer: ask the prompt once more
        return None

    # ------------------------------------------------------------ turns

    def ask(self, prompt: str, kind: str = "prompt") -> Heard:
        """Say the prompt and hear the reply; speech over the prompt stops the interviewer (barge-in)."""
        audio = self.source.answer()  # raises NoMoreAnswers before the prompt is spoken
        listener = AnswerListener(self.rules)
        parts: list[Transcript] = []
        commands: list[Command] = []

        def keep_going() -> bool:
            for chunk in audio.poll():
                for happened in listener.feed(chunk):
                    self._on_listening(happened, listener, parts, commands)
            return not listener.speaking_now and not listener.over

        self.bus.emit(f"{kind}_start", text=prompt, round=len(self.rounds) + 1)
        finished = self.speaker.say(prompt, kind=kind, keep_going=keep_going)
        self.bus.emit(f"{kind}_end", interrupted=not finished)
        if not finished:
            self.bus.emit("barge_in", audio_t=round(listener.t, 2))
        transcript = self._listen(audio, listener, parts, commands)
        command = commands[0] if commands and len(parts) == 1 else None  # a command is all the person said
        if command:
            self.bus.emit("command", name=command.name, text=command.matched_text)
        return Heard(transcript, command, barged_in=not finished)

    def _pause(self) -> None:
        self._say("Paused. Say resume when you are ready.", "pause")
        while True:
            heard = self._listen_only()
            if heard.command and heard.command.name in ("resume", "repeat", "again"):
                return
            if heard.command and heard.command.name == "stop":
                raise StopSession

    def _listen_only(self) -> Heard:
        audio = self.source.answer()
        listener = AnswerListener(self.rules)
        parts: list[Transcript] = []
        commands: list[Command] = []
        transcript = self._listen(audio, listener, parts, commands)
        return Heard(transcript, commands[0] if commands else None, barged_in=False)

    def _listen(self, audio: AnswerAudio, listener: AnswerListener, parts: list[Transcript], commands: list[Command]) -> Transcript:
        """Hear one answer; each speech segment is recognised as soon as it ends, while the person goes on."""
        if not listener.over:
            for chunk in audio:
                for happened in listener.feed(chunk):
                    self._on_listening(happened, listener, parts, commands)
                if listener.over:
                    break
        for happened in listener.close():
            self._on_listening(happened, listener, parts, commands)
        transcript = Transcript(
            text=" ".join(p.text for p in parts if p.text),
            words=tuple(w for p in parts for w in p.words),
            keeps_fillers=getattr(self.recognizer, "keeps_fillers", True),
            duration_s=listener.t,
        )
        self.bus.emit("transcript", text=transcript.text, words=len(transcript.words), answer_s=round(listener.t, 2))
        return transcript

    def _on_listening(self, happened, listener: AnswerListener, parts: list[Transcript], commands: list[Command]) -> None:
        if isinstance(happened, SpeechStarted):
            if not parts:
                self.bus.emit("speech_start", audio_t=round(happened.t, 2))
        elif isinstance(happened, SegmentReady):
            part = self.recognizer.transcribe(happened.pcm, offset_s=happened.start_s)
            parts.append(part)
            self.bus.emit("segment", text=part.text, start_s=round(happened.start_s, 2), end_s=round(happened.end_s, 2))
            command = parse_command(part.text) if len(parts) == 1 else None
            if command:
                commands.append(command)
                self._on_listening(listener.finish(), listener, parts, commands)
            elif says_finished(part.text):
                self._on_listening(listener.finish(), listener, parts, commands)
            elif asks_for_time(part.text):
                listener.hold()
                self.bus.emit("hold", text=part.text)
            else:
                so_far = self.matcher.assess(" ".join(p.text for p in parts))
                self.bus.emit("partial_assessment", covered=so_far.covered)
        elif isinstance(happened, AnswerOver):
            self.bus.emit("speech_end", audio_t=round(happened.t, 2), reason=happened.reason)

    # ------------------------------------------------------------ feedback

    def _assess_answer(self, prompt: str, transcript: Transcript, attempt: int) -> Round:
        assessment = self.matcher.assess(transcript.text)
        coaching = coach(assessment, transcript)
        self.bus.emit(
            "assessment",
            covered=assessment.covered,
            missed=assessment.missed,
            items={i: v.to_json() for i, v in assessment.items.items()},
            delivery=coaching.delivery.to_json(),
            questions=[{"text": q.text, "kind": q.kind} for q in coaching.questions],
        )
        if self.roleplay and self._style is not None and transcript.text:
            coaching = self._play_interviewer(coaching)
            assessment = coaching.assessment
        improvement = None
        if attempt > 1:
            before = self.rounds[-1].coaching
            improvement = compare_attempts(Attempt(before.assessment, before.delivery), Attempt(assessment, coaching.delivery))
        offer = self._style.retry_offer if self._style else "Say again to try it once more, or answer the next question."
        feedback = coaching_feedback(coaching, self.pack, improvement=improvement, offer_retry=offer)
        self._say(feedback.spoken, "feedback", lines=list(feedback.printed))
        result = Round(prompt, transcript, assessment, feedback, coaching, attempt)
        self.rounds.append(result)
        return result

    def _play_interviewer(self, coaching: Coaching) -> Coaching:
        """The interviewer answers the person's questions and, when asked, raises a reservation to answer."""
        asked = coaching.assessment.items.get(reservations.ID)
        reply = interviewer_reply(
            self.pack, coaching.questions, rng=self._rng, style=self.style,
            asked_reservations=bool(asked and asked.covered), used=self._raised,
        )  # fmt: skip
        for line in reply.lines:
            if line.kind == "reservation":
                continue
            self.bus.emit("interviewer_answer", text=line.text, kind=line.kind, question=line.question)
            self._say(line.text, "interviewer")
        if reply.reservation is None:
            return coaching
        raised = next(line.text for line in reply.lines if line.kind == "reservation")
        self._raised.add(reply.reservation.id)
        self.bus.emit("reservation_raised", id=reply.reservation.id, text=raised)
        heard = self.ask(raised, kind="reservation")
        if heard.command and heard.command.name == "stop":
            raise StopSession
        verdict = assess_rebuttal(heard.transcript.text, reply.reservation)
        self.bus.emit("rebuttal_assessed", transcript=heard.transcript.text, **verdict.to_json())
        reaction = react_to_rebuttal(self.pack, verdict, rng=self._rng, style=self.style)
        if reaction:
            self._say(reaction, "interviewer")
        coaching = replace(coaching, rebuttal=verdict)
        doubts = coaching.assessment.items.get(clarify_doubts.ID)
        if doubts is not None and not doubts.covered and verdict.verdict == "removes_doubt":
            # answering their reservation well is exactly removing doubt from the interviewer's mind
            spoken = verdict.evidence.evidence or verdict.acknowledge.evidence or heard.transcript.text
            items = {**coaching.assessment.items, clarify_doubts.ID: replace(doubts, covered=True, score=100.0, evidence=spoken)}
            coaching = replace(coaching, assessment=replace(coaching.assessment, items=items))
            self.bus.emit("assessment_update", item=clarify_doubts.ID, covered=True, evidence=spoken)
        return coaching

    def _say(self, text: str, kind: str, **data) -> None:
        started = False

        def on_start() -> None:
            nonlocal started
            started = True
            self.bus.emit(f"{kind}_start", text=text, **data)

        self.speaker.say(text, kind=kind, on_start=on_start)
        if not started:
            on_start()
        self.bus.emit(f"{kind}_end")
