"""Saving a session as it happens: a listener on its events, plus taps on its answer source and recognizer.

The session does not know the store exists. The CLI wires three things to one `StoreRecorder`:
- the recorder itself as an EventBus listener (like the view and the event log);
- `RecordingSource` around the answer source: each listening turn's audio goes to disk as it is heard;
- `TimingRecognizer` around the recognizer: the word timings of each turn (events carry only a word count).
Wrapping the source and the recognizer needs no change to the session or the listening turn, and with
`--no-store` nothing is wrapped at all.

A round is written as soon as its prompt is asked (not assessed, not complete, its audio path set), in one
transaction when it is assessed, then updated as the role-play and feedback events come; kill -9 loses
no round already assessed and leaves the answer in progress on disk, its round marked incomplete.

Speech over the feedback (the turn listening then is a "more" turn): a command leaves the round as it was
saved; anything else takes the answer's end back, and the session assesses the two parts as one answer. The
round stays ONE round: the re-assessment replaces its assessment, its words are both parts' and its FLAC holds
both parts' audio. A Ctrl-C while the person goes on keeps what was heard in the round's FLAC. Speech over the
interviewer's replies (the barge-in says what it was over) is never the answer: its audio is not kept, and a
command there leaves the round as saved, as over the feedback.
"""

from __future__ import annotations

import sqlite3
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

from voicecoach.coaching.assess import coaching_json
from voicecoach.events import (
    AssessmentEvent,
    AssessmentUpdateEvent,
    BargeInEvent,
    CommandEvent,
    Event,
    InterviewerAnswerEvent,
    RebuttalAssessedEvent,
    ReservationRaisedEvent,
    RetryEvent,
    SessionStartEvent,
    SpokenEndEvent,
    SpokenKind,
    SpokenStartEvent,
    SummaryEvent,
    TranscriptEvent,
)
from voicecoach.store.paths import audio_dir, make_private_dir
from voicecoach.store.recording import AnswerRecording, append_audio, audio_seconds
from voicecoach.store.store import Store


class StoreRecorder:
    """Writes a session to the store from its events; call it with each event (an EventBus listener)."""

    def __init__(self, store: Store):
        self.store = store
        self.session_id: int | None = None
        self._lock = threading.Lock()  # the voice may report the start of speech from its own thread
        self._turns = 0
        self._recording: AnswerRecording | None = None
        self._role: str | None = None
        """What the turn being heard is for: "answer", "rebuttal", "more" (listening over the coach once the
        answer was heard: more of it, a command, or nothing), "aside" (a "more" turn that spoke over the
        interviewer: a command, or not the answer), or None (a pause, not saved)."""
        self._round: int | None = None
        self._answer: _Heard | None = None
        """The round's answer as heard so far (its audio, words, seconds); None until its turn ends."""
        self._more: _Heard | None = None
        """More of the answer, said over the feedback: joined to the round when it is re-assessed, dropped when it
        turns out to be a command."""
        self._going_on = False
        """The person spoke over the feedback, which stopped: the "more" turn being heard is theirs."""
        self._next_attempt = 1
        self._words: list[list] = []
        self._answer_s: float | None = None
        self._keeps_fillers: bool | None = None
        self._interviewer: list[dict] = []
        self._failed = False

    # ------------------------------------------------------------ taps (RecordingSource, TimingRecognizer)

    def turn_started(self) -> AnswerRecording | None:
        """A listening turn begins: its audio file (None before the session started or after a failure)."""
        with self._lock:
            self._drop_unclaimed()
            if self.session_id is None or self._failed:
                return None
            self._turns += 1
            self._words, self._answer_s, self._going_on = [], None, False
            self._role = "more" if self._answer is not None else None  # "reservation" or "prompt" may claim it
            folder = audio_dir(self.session_id, self.store.folder)
            make_private_dir(folder.parent)
            make_private_dir(folder)
            self._recording = AnswerRecording(folder / f"turn-{self._turns:03d}.wav")
            return self._recording

    def took_words(self, words) -> None:
        """Word timings of one stretch of speech, in the order recognised."""
        self._words.extend([w.text, round(w.start, 3), round(w.end, 3)] for w in words)

    # ------------------------------------------------------------ events

    def __call__(self, event: Event) -> None:
        if self._failed:
            return
        with self._lock:
            try:
                self._on(event)
            except (sqlite3.Error, OSError) as exc:
                # practice goes on without saving rather than stop mid-session
                self._failed = True
                print(f"voicecoach: cannot save this session ({exc}); practice goes on without saving", file=sys.stderr)

    def _on(self, event: Event) -> None:
        store = self.store
        if isinstance(event, SessionStartEvent):
            self.session_id = store.begin_session(pack=event.pack, recognizer=event.recognizer,
                                                  rounds_planned=event.rounds)  # fmt: skip
        elif self.session_id is None:
            return
        elif isinstance(event, SpokenStartEvent):
            self._on_spoken(event)
        elif isinstance(event, SpokenEndEvent) and event.kind == SpokenKind.FEEDBACK and self._round:
            store.update_round(self._round, complete=1)  # kept: speech over it may take the answer's end back
        elif isinstance(event, BargeInEvent) and self._role == "more":
            if event.over == SpokenKind.INTERVIEWER:
                self._role = "aside"  # what is said over the interviewer's replies is not more of the answer
            else:
                self._going_on = True
        elif isinstance(event, TranscriptEvent):
            self._answer_s = event.answer_s
            self._end_turn()
        elif isinstance(event, CommandEvent):
            self._on_command()
        elif isinstance(event, RetryEvent):
            self._next_attempt = event.attempt
        elif isinstance(event, AssessmentEvent) and self._round:
            if self._more is not None:  # the end taken back: the answer is assessed again, whole
                self._take_back(reassessed=True)
            heard = self._answer or _Heard(None, self._words, self._answer_s)
            measured = coaching_json(event.coaching)
            store.save_assessment(
                self._round, transcript=event.coaching.assessment.transcript, words=heard.words,
                answer_s=heard.seconds, keeps_fillers=event.coaching.delivery.fillers.trusted, items=measured["items"],
                delivery=measured["delivery"], questions=measured["questions"],
            )  # fmt: skip
        elif isinstance(event, InterviewerAnswerEvent) and self._round:
            self._interviewer.append({"text": event.text, "kind": event.kind, "question": event.question})
            store.update_round(self._round, interviewer_json=self._interviewer)
        elif isinstance(event, ReservationRaisedEvent) and self._round:
            store.update_round(self._round, reservation_json={"id": event.id, "text": event.text})
        elif isinstance(event, RebuttalAssessedEvent) and self._round:
            store.update_round(self._round, rebuttal_json={"transcript": event.transcript, **event.rebuttal.to_json()})
        elif isinstance(event, AssessmentUpdateEvent) and self._round:
            store.update_item(self._round, event.item, covered=event.covered, evidence=event.evidence)
        elif isinstance(event, SummaryEvent):
            going_on = self._role != "more" or self._going_on  # a "more" turn nobody spoke in is not kept
            if self._recording is not None and self._recording.partial.exists() and going_on:
                self._end_turn()  # stopped mid-answer (Ctrl-C, a device failing): keep what was heard, as FLAC
            if self._more is not None:
                self._take_back(reassessed=False)  # stopped going on with the answer: its audio joins the round's
            self._drop_unclaimed()
            store.end_session(self.session_id)

    def _on_spoken(self, event: SpokenStartEvent) -> None:
        recording = self._recording
        if event.kind == SpokenKind.PROMPT:
            self._role = "answer"
            self._interviewer, self._answer, self._more = [], None, None
            self._round = self.store.start_round(
                self.session_id, number=event.round or 1, attempt=self._next_attempt, prompt=event.text,
                audio_path=recording.partial if recording else None,
            )  # fmt: skip
            self._next_attempt = 1
        elif event.kind == SpokenKind.RESERVATION and self._round:
            self._role = "rebuttal"
            self.store.update_round(self._round, rebuttal_audio_path=recording.partial if recording else None)
        elif event.kind == SpokenKind.FEEDBACK and self._round:
            self.store.update_round(self._round, feedback_spoken=event.text,
                                    feedback_printed_json=list(event.lines or ()))  # fmt: skip

    def _end_turn(self) -> None:
        """The turn's audio is all heard: encode it to FLAC and point its round at it."""
        recording = self._recording
        if recording is None or self._role is None or self._round is None:
            return
        if self._role == "aside":
            recording.discard()
            self._recording = None
            return
        flac = recording.finish()
        if self._role == "more":  # more of the answer, or a command: known once the turn is judged
            self._recording = None
            self._more = _Heard(flac, self._words, self._answer_s)
        elif self._role == "answer":
            self._answer = _Heard(flac, self._words, self._answer_s)
            self.store.update_round(self._round, audio_path=flac)
        else:
            self.store.update_round(self._round, rebuttal_audio_path=flac)

    def _take_back(self, *, reassessed: bool) -> None:
        """The answer went on over the feedback: one answer, its audio and words the two parts' in order.

        `reassessed`: the whole answer is being assessed again (its feedback to come, so not complete yet);
        False when the session stopped while the person went on (the round keeps its first assessment)."""
        first, more, self._more = self._answer, self._more, None
        if first is None or first.audio is None:  # not recorded from its start: the continuation stands alone
            self._answer = more
        else:
            shift = audio_seconds(first.audio)  # the second part's words follow the first's audio in the FLAC
            append_audio(first.audio, more.audio)
            words = first.words + [[w, round(s + shift, 3), round(e + shift, 3)] for w, s, e in more.words]
            seconds = None if first.seconds is None or more.seconds is None else first.seconds + more.seconds
            self._answer = _Heard(first.audio, words, seconds)
        if reassessed:
            self._interviewer = []  # the interviewer answers the whole answer afresh
            self.store.update_round(self._round, audio_path=self._answer.audio, complete=0, interviewer_json=[])
        else:
            self.store.update_round(self._round, audio_path=self._answer.audio)

    def _on_command(self) -> None:
        """The turn was a voice command, not an answer: forget its audio (and its round, for a prompt's turn)."""
        if self._recording is not None:
            self._recording.discard()
            self._recording = None
        if self._role in ("more", "aside"):  # a command over the coach acts on the answered round, saved as it is
            if self._more is not None:
                self._more.audio.unlink(missing_ok=True)
            self._more = self._answer = None
            if self._round:
                self.store.update_round(self._round, complete=1)
            self._round = None
        elif self._role == "answer" and self._round:
            self.store.drop_round(self._round)
            self._round, self._answer = None, None
        elif self._role == "rebuttal" and self._round:
            self.store.update_round(self._round, rebuttal_audio_path=None)
        self._role = None

    def _drop_unclaimed(self) -> None:
        """A turn no round claimed (the one after "pause", one over the coach that no one spoke in) leaves no audio."""
        if self._recording is not None and self._role in (None, "more", "aside"):
            self._recording.discard()
        self._recording = None


class _Heard:
    """An answer's turn as heard: its FLAC, word timings ([text, start, end] into that audio) and seconds."""

    def __init__(self, audio: Path | None, words: list[list], seconds: float | None):
        self.audio = audio
        self.words = words
        self.seconds = seconds


class RecordingSource:
    """An answer source whose every turn's audio also goes to the recorder as it is heard."""

    def __init__(self, source, recorder: StoreRecorder):
        self._source = source
        self._recorder = recorder

    def answer(self) -> _RecordedAudio:
        audio = self._source.answer()  # raises NoMoreAnswers before a file is made
        return _RecordedAudio(audio, self._recorder.turn_started())

    def __getattr__(self, name):
        return getattr(self._source, name)


class _RecordedAudio:
    """One turn's audio, each chunk handed on and written to disk."""

    def __init__(self, audio, recording: AnswerRecording | None):
        self._audio = audio
        self._recording = recording

    def poll(self) -> list[bytes]:
        chunks = self._audio.poll()
        if self._recording is not None:
            for chunk in chunks:
                self._recording.write(chunk)
        return chunks

    def __iter__(self) -> Iterator[bytes]:
        for chunk in self._audio:
            if self._recording is not None:
                self._recording.write(chunk)
            yield chunk


class TimingRecognizer:
    """A recognizer that also hands each stretch's word timings to the recorder."""

    def __init__(self, recognizer, recorder: StoreRecorder):
        self._recognizer = recognizer
        self._recorder = recorder

    def transcribe(self, pcm: bytes, **options):
        transcript = self._recognizer.transcribe(pcm, **options)
        self._recorder.took_words(transcript.words)
        return transcript

    def __getattr__(self, name):
        return getattr(self._recognizer, name)
