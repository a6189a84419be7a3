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
"""

from __future__ import annotations

import sqlite3
import sys
import threading
from collections.abc import Iterator

from voicecoach.coaching.assess import coaching_json
from voicecoach.events import (
    AssessmentEvent,
    AssessmentUpdateEvent,
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
from voicecoach.store.recording import AnswerRecording
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
        """What the turn being heard is for: "answer", "rebuttal", or None (a pause, not saved)."""
        self._round: int | None = None
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
            self._words, self._answer_s, self._role = [], None, None
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
            store.update_round(self._round, complete=1)
            self._round = None
        elif isinstance(event, TranscriptEvent):
            self._answer_s = event.answer_s
            self._end_turn()
        elif isinstance(event, CommandEvent):
            self._on_command()
        elif isinstance(event, RetryEvent):
            self._next_attempt = event.attempt
        elif isinstance(event, AssessmentEvent) and self._round:
            measured = coaching_json(event.coaching)
            store.save_assessment(
                self._round, transcript=event.coaching.assessment.transcript, words=self._words,
                answer_s=self._answer_s, keeps_fillers=event.coaching.delivery.fillers.trusted, items=measured["items"],
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
            self._drop_unclaimed()
            store.end_session(self.session_id)

    def _on_spoken(self, event: SpokenStartEvent) -> None:
        recording = self._recording
        if event.kind == SpokenKind.PROMPT:
            self._role = "answer"
            self._interviewer = []
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
        flac = recording.finish()
        column = "audio_path" if self._role == "answer" else "rebuttal_audio_path"
        self.store.update_round(self._round, **{column: flac})

    def _on_command(self) -> None:
        """The turn was a voice command, not an answer: forget its audio (and its round, for a prompt's turn)."""
        if self._recording is not None:
            self._recording.discard()
            self._recording = None
        if self._role == "answer" and self._round:
            self.store.drop_round(self._round)
            self._round = None
        elif self._role == "rebuttal" and self._round:
            self.store.update_round(self._round, rebuttal_audio_path=None)
        self._role = None

    def _drop_unclaimed(self) -> None:
        """A turn no round claimed (the one after "pause") leaves no audio behind."""
        if self._recording is not None and self._role is None:
            self._recording.discard()
        self._recording = None


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
