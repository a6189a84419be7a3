"""A practice session: prompt, listen, recognise, assess, give feedback; round after round."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from voicecoach.audio import rechunk
from voicecoach.commands import asks_for_time, says_finished
from voicecoach.events import EventBus
from voicecoach.feedback import Feedback, feedback_for, summary_for
from voicecoach.matching import Assessment, Matcher
from voicecoach.pack import ClosingPack
from voicecoach.recognizer import Recognizer
from voicecoach.sources import AnswerSource, NoMoreAnswers
from voicecoach.speaker import Speaker
from voicecoach.transcript import Transcript
from voicecoach.turns import AnswerListener, AnswerOver, SegmentReady, SpeechStarted, TurnRules


@dataclass(frozen=True)
class Round:
    """One prompt and what came of it."""

    prompt: str
    transcript: Transcript
    assessment: Assessment
    feedback: Feedback


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
    rounds: list[Round] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.matcher = self.matcher or Matcher(self.pack)
        self._prompts = list(self.pack.prompts)
        random.Random(self.seed).shuffle(self._prompts[1:])  # the classic question always comes first

    def run(self, n_rounds: int) -> Feedback:
        """Play up to n_rounds (fewer if recorded answers run out), then the summary."""
        self.bus.emit("session_start", pack=self.pack.name, rounds=n_rounds, recognizer=self.recognizer.name)
        for index in range(n_rounds):
            try:
                self.play_round(self._prompts[index % len(self._prompts)])
            except NoMoreAnswers:
                break
        return self.summary()

    def summary(self) -> Feedback:
        """Speak and report the summary of the rounds done so far (also after Ctrl-C)."""
        summary = summary_for([r.assessment for r in self.rounds], self.pack)
        self.bus.emit("summary", rounds=len(self.rounds), text=summary.spoken, lines=list(summary.printed))
        return summary

    def speak_summary(self, summary: Feedback) -> None:
        self._say(summary.spoken, "summary")

    def play_round(self, prompt: str) -> Round:
        answer_audio = self.source.answer()  # raises NoMoreAnswers before the prompt is spoken
        self.bus.emit("prompt_start", text=prompt, round=len(self.rounds) + 1)
        self.speaker.say(prompt, kind="prompt")
        self.bus.emit("prompt_end")
        transcript = self.listen(answer_audio)
        assessment = self.matcher.assess(transcript.text)
        self.bus.emit(
            "assessment",
            covered=assessment.covered,
            missed=assessment.missed,
            items={i: {"covered": v.covered, "score": v.score, "evidence": v.evidence} for i, v in assessment.items.items()},
        )
        feedback = feedback_for(assessment, self.pack)
        self._say(feedback.spoken, "feedback", lines=list(feedback.printed))
        result = Round(prompt, transcript, assessment, feedback)
        self.rounds.append(result)
        return result

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

    def listen(self, audio) -> Transcript:
        """Hear one answer; each speech segment is recognised as soon as it ends, while the person goes on."""
        listener = AnswerListener(self.rules)
        parts: list[Transcript] = []
        for frame in rechunk(audio, listener.frame_bytes):
            for happened in listener.feed(frame):
                self._on_listening(happened, listener, parts)
            if listener.over:
                break
        if not listener.over:
            for happened in listener.close():
                self._on_listening(happened, listener, parts)
        words = tuple(w for p in parts for w in p.words)
        transcript = Transcript(
            text=" ".join(p.text for p in parts if p.text),
            words=words,
            keeps_fillers=getattr(self.recognizer, "keeps_fillers", True),
            duration_s=listener.t,
        )
        self.bus.emit("transcript", text=transcript.text, words=len(words), answer_s=round(listener.t, 2))
        return transcript

    def _on_listening(self, happened, listener: AnswerListener, parts: list[Transcript]) -> None:
        if isinstance(happened, SpeechStarted):
            if not parts:
                self.bus.emit("speech_start", audio_t=round(happened.t, 2))
        elif isinstance(happened, SegmentReady):
            part = self.recognizer.transcribe(happened.pcm, offset_s=happened.start_s)
            parts.append(part)
            self.bus.emit("segment", text=part.text, start_s=round(happened.start_s, 2), end_s=round(happened.end_s, 2))
            if says_finished(part.text):
                self._on_listening(listener.finish(), listener, parts)
            elif asks_for_time(part.text):
                listener.hold()
        elif isinstance(happened, AnswerOver):
            self.bus.emit("speech_end", audio_t=round(happened.t, 2), reason=happened.reason)
