"""The store: rounds saved from a session's events, kept through kill -9, read back; damaged stores refused."""

import json
import os
import signal
import sqlite3
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
import soundfile

from helpers import ROOT, run_cli, speak
from voicecoach.cli import main
from voicecoach.config import DEFAULTS
from voicecoach.store import SCHEMA_VERSION, Store
from voicecoach.store.progress import Share, progress
from voicecoach.store.schema import connect

STRONG = "I really want this job and I look forward to working with you. What are the next steps in the hiring process?"


@pytest.fixture(scope="module")
def strong():
    return speak(STRONG, voice="slt")


def _mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


# ---------------------------------------------------------------- a session through the real CLI


def test_a_practice_session_is_saved_round_by_round(voicecoach_home, strong):
    done = run_cli("practice", "--answers", str(strong), "--no-voice", "--seed", "3")
    assert done.returncode == 0, done.stderr
    with Store.open(create=False) as store:
        (session,) = store.sessions()
        assert session.rounds == 1 and session.ended is not None and session.recognizer == DEFAULTS.recognizer
        assert {"want_the_job", "next_steps"} <= set(session.covered)
        (r,) = store.rounds(session.id)
    assert r.assessed and r.complete and r.attempt == 1 and r.prompt
    assert "want this job" in r.transcript and r.items["next_steps"]["evidence"]
    assert r.words and all(start <= end for _, start, end in r.words)  # the recognizer's word timings
    assert r.delivery["wpm"] and r.feedback_spoken and r.feedback_printed
    assert r.interviewer and r.interviewer[0]["kind"] == "next_steps"  # the interviewer answered the question
    # the answer's audio, as heard, in FLAC beside the database
    assert r.audio_path.suffix == ".flac" and r.audio_path.parent.parent.parent == voicecoach_home
    info = soundfile.info(r.audio_path)
    assert info.format == "FLAC" and info.samplerate == 16000 and info.duration > soundfile.info(strong).duration
    # only the person's account can read it
    for folder in (voicecoach_home, r.audio_path.parent.parent, r.audio_path.parent):
        assert _mode(folder) == 0o700
    assert _mode(voicecoach_home / "voicecoach.db") == 0o600


def test_no_store_saves_nothing(voicecoach_home, strong):
    done = run_cli("practice", "--answers", str(strong), "--no-voice", "--no-store")
    assert done.returncode == 0, done.stderr
    assert not voicecoach_home.exists()


@pytest.mark.slow
def test_three_sessions_then_history_progress_export_forget(voicecoach_home, strong, tmp_path, capsys):
    def cli(*args):
        code = main(list(args))
        out, err = capsys.readouterr()
        return subprocess.CompletedProcess(args, code, out, err)

    weak = speak("No, I don't have any questions. Thank you for your time.", voice="rms")
    for answer in (weak, strong, strong):
        done = run_cli("practice", "--answers", str(answer), "--no-voice", "--seed", "1")
        assert done.returncode == 0, done.stderr

    history = cli("history")
    assert history.returncode == 0, history.stderr
    lines = history.stdout.splitlines()
    assert len(lines) == 4 and lines[0].split()[:2] == ["id", "date"]
    assert [line.split()[0] for line in lines[1:]] == ["3", "2", "1"]  # newest first
    assert "covered none" in lines[3] and "want_the_job" in lines[1]

    one = cli("history", "1")
    assert one.returncode == 0 and "Round 1:" in one.stdout and "✗ want_the_job" in one.stdout
    assert ".flac" in one.stdout

    shown = cli("progress")
    assert shown.returncode == 0, shown.stderr
    assert "3 sessions, 3 rounds, on 1 day; streak: 1 day" in shown.stdout
    want = next(line for line in shown.stdout.splitlines() if line.startswith("want_the_job"))
    assert want.split()[1:3] == ["67%", "(2/3)"]
    assert "pace (words/min)" in shown.stdout and "fillers per 100 words" in shown.stdout

    exported = cli("export")
    assert exported.returncode == 0
    data = json.loads(exported.stdout)
    assert data["schema"] == SCHEMA_VERSION and [s["id"] for s in data["sessions"]] == [1, 2, 3]
    assert data["sessions"][1]["rounds"][0]["items"]["want_the_job"]["covered"] is True
    csv_file = tmp_path / "rounds.csv"
    assert cli("export", "--format", "csv", "-o", str(csv_file)).returncode == 0
    rows = csv_file.read_text().splitlines()
    assert len(rows) == 4 and rows[0].startswith("session,session_started,round")

    forgot = cli("forget", "2")
    assert forgot.returncode == 0 and forgot.stdout.startswith("removed session 2") and "1 audio file" in forgot.stdout
    assert not (voicecoach_home / "audio" / "2").exists() and (voicecoach_home / "audio" / "1").exists()
    assert [line.split()[0] for line in cli("history").stdout.splitlines()[1:]] == ["3", "1"]
    assert cli("forget", "2").returncode == 2

    (voicecoach_home / "reports").mkdir()
    (voicecoach_home / "reports" / "session-1.html").write_text("<html></html>")
    gone = cli("forget", "--all")
    assert gone.returncode == 0, gone.stderr
    assert "removed the store" in gone.stdout and "(2 sessions, 2 rounds)" in gone.stdout
    assert "removed 2 answer audio files" in gone.stdout and "removed 1 report file" in gone.stdout
    assert sorted(p.name for p in voicecoach_home.iterdir()) == []
    assert "No sessions saved yet" in cli("history").stdout


# ---------------------------------------------------------------- kill -9 mid-answer


@pytest.mark.parametrize("stop", [signal.SIGKILL, signal.SIGINT])
def test_kill_9_mid_answer_keeps_the_rounds_done_and_the_audio_so_far(voicecoach_home, headset, strong, tmp_path, stop):
    env, say_into_mic, _ = headset
    say_into_mic(strong)
    events = tmp_path / "ev.jsonl"
    proc = subprocess.Popen(
        [sys.executable, "-m", "voicecoach", "practice", "--rounds", "50", "--no-voice", "--events", str(events)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:  # wait for the second answer to be under way
            logged = [json.loads(line) for line in events.read_text().splitlines()] if events.exists() else []
            if sum(e["event"] == "prompt_start" for e in logged) >= 2 and logged[-1]["event"] != "prompt_start":
                break
            time.sleep(0.05)
        time.sleep(0.5)  # half a second more of the answer in progress
        proc.send_signal(stop)
        proc.wait(timeout=30)
    finally:
        proc.kill()
        proc.communicate()
    assert proc.returncode == (130 if stop == signal.SIGINT else -signal.SIGKILL)
    with Store.open(create=False) as store:
        (session,) = store.sessions()
        rounds = store.rounds(session.id)
    # killed: no summary came; Ctrl-C: the summary came and the answer so far was made FLAC
    assert (session.ended is None) == (stop == signal.SIGKILL) and session.rounds >= 1 and session.unfinished == 1
    done, cut = rounds[:-1], rounds[-1]
    assert all(r.assessed and r.complete and r.audio_path.suffix == ".flac" for r in done)
    assert "want_the_job" in done[0].covered and soundfile.info(done[0].audio_path).duration > 2
    # the answer in progress: not assessed, marked incomplete, its audio so far readable
    assert not cut.assessed and not cut.complete and cut.audio_path.exists()
    assert cut.audio_path.suffix == (".wav" if stop == signal.SIGKILL else ".flac")
    heard, rate = soundfile.read(cut.audio_path, dtype="int16")
    assert rate == 16000 and len(heard) > 0.3 * rate
    shown = run_cli("history", str(session.id))
    assert "cut off before it was assessed; audio so far:" in shown.stdout
    assert "(cut off; 1 answer unfinished)" in run_cli("history").stdout


# ---------------------------------------------------------------- damaged, newer and older stores


def _one_line_exit_2(done, *says):
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr, done.stderr
    for text in says:
        assert text in done.stderr


@pytest.mark.parametrize("command", [("history",), ("progress",), ("export",), ("practice", "--demo", "--no-voice")])
def test_a_damaged_store_gets_one_line_and_is_left_as_it_was(voicecoach_home, command):
    voicecoach_home.mkdir()
    db = voicecoach_home / "voicecoach.db"
    garbage = b"this is not a database, it is a shopping list\n" * 200
    db.write_bytes(garbage)
    _one_line_exit_2(run_cli(*command), str(db), "not a voicecoach store or damaged", "voicecoach forget --all")
    assert db.read_bytes() == garbage


def test_a_store_from_a_newer_voicecoach_is_refused_and_kept(voicecoach_home):
    voicecoach_home.mkdir()
    db = voicecoach_home / "voicecoach.db"
    with sqlite3.connect(db) as newer:
        newer.execute("CREATE TABLE future (x)")
        newer.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    before = db.read_bytes()
    _one_line_exit_2(run_cli("history"), str(db), "newer voicecoach", "forget --all")
    assert db.read_bytes() == before


def test_forget_all_removes_a_damaged_store(voicecoach_home):
    voicecoach_home.mkdir()
    (voicecoach_home / "voicecoach.db").write_bytes(b"garbage" * 100)
    gone = run_cli("forget", "--all")
    assert gone.returncode == 0 and "(unreadable)" in gone.stdout
    assert not (voicecoach_home / "voicecoach.db").exists()


def test_a_version_1_store_is_migrated_to_the_current_schema(voicecoach_home):
    voicecoach_home.mkdir()
    path = voicecoach_home / "voicecoach.db"
    old = connect(path, upto=1)
    old.execute("INSERT INTO sessions VALUES (1, 1700000000.0, '2023-11-14', 'closing', 'sphinx', 3, NULL)")
    items = {"want_the_job": {"covered": True, "score": 90.0, "confidence": 0.9, "evidence": "I want it"},
             "next_steps": {"covered": False, "score": 0.0, "confidence": 0.1, "evidence": None}}
    delivery = {"wpm": 140.0, "fillers": {"count": 2, "per_100_words": 4.0}, "fillers_trusted": True,
                "long_pauses": {"count": 1, "longest_s": 1.5}}
    old.execute("INSERT INTO rounds (session_id, number, started_ts, prompt, items_json, delivery_json, assessed) "
                "VALUES (1, 1, 1700000000.0, 'Any questions?', ?, ?, 1)", (json.dumps(items), json.dumps(delivery)))
    assert old.execute("PRAGMA user_version").fetchone()[0] == 1
    old.close()

    with Store.open() as store:
        assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        (session,) = store.sessions()
        assert session.covered == ("want_the_job",)
        figures = store.session_figures()[0]
        assert (figures.wpm, figures.fillers_per_100, figures.long_pauses) == (140.0, 4.0, 1.0)
        assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        p = progress(store, now=1700000000.0)
    assert [(i.item_id, i.all.covered, i.all.rounds) for i in p.items] == [("want_the_job", 1, 1), ("next_steps", 0, 1)]


# ---------------------------------------------------------------- progress over time


DAY = 86400.0
NOW = time.mktime((2026, 12, 6, 18, 0, 0, 0, 0, -1))


def _session(store, days_ago: float, covered: dict[str, bool], *, wpm=150.0, fillers=3.0):
    ts = NOW - days_ago * DAY
    sid = store.begin_session(pack="closing", recognizer="sphinx", rounds_planned=1, ts=ts)
    rid = store.start_round(sid, number=1, attempt=1, prompt="Any questions?", ts=ts)
    items = {i: {"covered": c, "score": 0.0, "confidence": None, "evidence": None} for i, c in covered.items()}
    delivery = {"wpm": wpm, "fillers": {"count": 1, "per_100_words": fillers}, "fillers_trusted": fillers is not None,
                "long_pauses": {"count": 0, "longest_s": 0.0}}
    store.save_assessment(rid, transcript="...", words=[], answer_s=10.0, keeps_fillers=fillers is not None,
                          items=items, delivery=delivery, questions=[])
    return sid


def test_progress_counts_windows_trend_and_streak(voicecoach_home):
    with Store.open() as store:
        for days_ago in (40, 20, 10):  # earlier: next_steps missed
            _session(store, days_ago, {"want_the_job": True, "next_steps": False}, wpm=180.0, fillers=6.0)
        for days_ago in (2, 1, 0):  # the last three days in a row: next_steps covered
            _session(store, days_ago, {"want_the_job": True, "next_steps": True}, wpm=150.0, fillers=None)
        p = progress(store, now=NOW)
    assert (p.sessions, p.rounds, p.days_practised, p.streak, p.practised_today) == (6, 6, 6, 3, True)
    steps = next(i for i in p.items if i.item_id == "next_steps")
    assert (steps.last_7.covered, steps.last_7.rounds) == (3, 3)
    assert (steps.last_30.covered, steps.last_30.rounds) == (3, 5)
    assert (steps.all.covered, steps.all.rounds) == (3, 6)
    assert steps.trend == pytest.approx(100.0)
    assert next(i for i in p.items if i.item_id == "want_the_job").trend == pytest.approx(0.0)
    wpm, fillers, _ = p.delivery
    assert wpm.last_7 == pytest.approx(150.0) and wpm.all == pytest.approx(165.0) and wpm.trend == pytest.approx(-30.0)
    # fillers were not counted in the last week (a recognizer that drops them): no figure, not zero
    assert fillers.last_7 is None and fillers.all == pytest.approx(6.0) and fillers.counted == 3


def test_a_streak_survives_until_the_end_of_the_next_day(voicecoach_home):
    from voicecoach.store.show import progress_lines

    with Store.open() as store:
        for days_ago in (3, 2, 1):
            _session(store, days_ago, {"want_the_job": True})
        p = progress(store, now=NOW)
    assert (p.streak, p.practised_today) == (3, False)
    assert "streak: 3 days (practise today to keep it)" in progress_lines(p)[0]


def test_fillers_never_counted_say_so(voicecoach_home):
    from voicecoach.store.show import progress_lines

    with Store.open() as store:
        _session(store, 0, {"want_the_job": True}, fillers=None)
        lines = progress_lines(progress(store, now=NOW))
    row = next(line for line in lines if line.startswith("fillers per 100 words"))
    assert row.split()[4:7] == ["not", "counted", "not"] and "0.0" not in row


# ---------------------------------------------------------------- the recorder on a real session


class ScriptedRecognizer:
    """Hands back scripted texts, one per stretch of speech, with a word timing per word (the engine edge)."""

    name, offline, keeps_fillers = "scripted", True, True

    def __init__(self, texts):
        self.texts = list(texts)

    def transcribe(self, pcm, *, offset_s=0.0):
        from voicecoach.transcript import Transcript, Word

        text = self.texts.pop(0) if self.texts else ""
        words = tuple(Word(w, offset_s + 0.3 * n, offset_s + 0.3 * n + 0.25) for n, w in enumerate(text.split()))
        return Transcript(text, words)


class SilentSpeaker:
    def say(self, text, *, kind, on_start=None, keep_going=None):
        if on_start:
            on_start()
        return True

    def close(self):
        pass


def test_a_retry_a_command_and_a_rebuttal_are_saved_as_they_happened(voicecoach_home, pack):
    from voicecoach.audio.sources import RecordedAnswers
    from voicecoach.events import EventBus
    from voicecoach.session import Session
    from voicecoach.store.recorder import RecordingSource, StoreRecorder, TimingRecognizer

    texts = ["no i don't have any questions", "again",
             "is there anything about my background that gives you pause about hiring me",
             "i understand the concern for example i led a team of four engineers does that address it"]
    answers = [speak(text) for text in ("No, I don't have any questions.", "Again.",
                                        "Is there anything that gives you pause?",
                                        "I understand. For example, I led a team of four engineers.")]
    with Store.open() as store:
        recorder = StoreRecorder(store)
        session = Session(
            pack=pack, recognizer=TimingRecognizer(ScriptedRecognizer(texts), recorder), speaker=SilentSpeaker(),
            source=RecordingSource(RecordedAnswers(answers), recorder), bus=EventBus(recorder), seed=0,
        )  # fmt: skip
        session.run(2)
        (saved,) = store.sessions()
        first, retry = store.rounds(saved.id)
    assert saved.ended is not None and saved.rounds == 2 and saved.recognizer == "scripted"
    assert (first.number, first.attempt, retry.number, retry.attempt) == (1, 1, 2, 2)
    assert retry.prompt == first.prompt and first.complete and retry.complete
    # the recognizer's word timings, as it gave them (offset into the answer's audio)
    assert [w for w, _, _ in first.words] == texts[0].split()
    assert all(b[1] - a[1] == pytest.approx(0.3) and a[2] < b[1] for a, b in zip(first.words, first.words[1:]))
    # the role-play: the reservation raised, the answer to it judged and its own audio kept
    assert retry.reservation["id"] and retry.rebuttal["transcript"] == texts[3]
    assert retry.rebuttal["verdict"] == "removes_doubt"
    assert retry.rebuttal_audio_path.suffix == ".flac" and retry.rebuttal_audio_path.exists()
    # a rebuttal that removes the doubt clears up doubts too: updated in the round and in the items table
    assert retry.items["clarify_doubts"]["covered"] and "clarify_doubts" in saved.covered
    # the "again" turn was a command, not an answer: its audio is gone
    audio = sorted(p.name for p in (voicecoach_home / "audio" / str(saved.id)).iterdir())
    assert audio == ["turn-001.flac", "turn-003.flac", "turn-004.flac"]
    assert first.audio_path.name == "turn-001.flac" and retry.audio_path.name == "turn-003.flac"
    assert retry.feedback_spoken.startswith("Better")  # the retry's feedback, as spoken



class SpokenOverSpeaker(SilentSpeaker):
    """Says nothing; the first `stops` feedbacks said while listening are stopped, as if the person spoke over them."""

    def __init__(self, stops=1):
        self.stops = stops

    def say(self, text, *, kind, on_start=None, keep_going=None):
        from voicecoach.events import SpokenKind

        if kind == SpokenKind.FEEDBACK and keep_going is not None and self.stops:
            self.stops -= 1
            on_start()
            return False
        return super().say(text, kind=kind, on_start=on_start, keep_going=keep_going)


class CutOffAnswers:
    """Recorded answers whose answer number `cut` (0-based) is stopped by Ctrl-C after `chunks` chunks."""

    def __init__(self, answers, cut, chunks):
        from voicecoach.audio.sources import RecordedAnswers

        self._answers, self._n, self._cut, self._chunks = RecordedAnswers(answers), 0, cut, chunks

    def answer(self):
        replay, self._n = self._answers.answer(), self._n + 1
        if self._n - 1 != self._cut:
            return replay
        chunks = self._chunks

        class Cut:
            def poll(self):
                return []

            def __iter__(self):
                for n, chunk in enumerate(replay):
                    if n == chunks:
                        raise KeyboardInterrupt
                    yield chunk

        return Cut()


def _practice_over_feedback(pack, texts, answers, *, rounds=1, source=None):
    """A session whose answers come in listening over the feedback, saved by the recorder: (store rounds, session
    rounds, files in the session's audio folder)."""
    from voicecoach.audio.sources import RecordedAnswers
    from voicecoach.events import EventBus
    from voicecoach.session import Session
    from voicecoach.store.recorder import RecordingSource, StoreRecorder, TimingRecognizer

    with Store.open() as store:
        recorder = StoreRecorder(store)
        session = Session(
            pack=pack, recognizer=TimingRecognizer(ScriptedRecognizer(texts), recorder), speaker=SpokenOverSpeaker(),
            source=RecordingSource(source or RecordedAnswers(answers), recorder),
            bus=EventBus(recorder), seed=0, listen_over_feedback=True,
        )  # fmt: skip
        try:
            session.run(rounds)
        except KeyboardInterrupt:
            session.summary()  # as the CLI does on Ctrl-C
        (saved,) = store.sessions()
        folder = Path(store.folder) / "audio" / str(saved.id)
        return store.rounds(saved.id), session.rounds, sorted(p.name for p in folder.iterdir())


TAKEN_BACK = ["i really want this job", "what are the next steps in the hiring process"]


@pytest.fixture(scope="module")
def taken_back_answers():
    return [speak("I really want this job."), speak("What are the next steps in the hiring process?")]


def test_an_answer_that_goes_on_over_the_feedback_is_saved_as_one_round_with_both_parts(voicecoach_home, pack,
                                                                                        taken_back_answers):
    saved, rounds, audio = _practice_over_feedback(pack, TAKEN_BACK, taken_back_answers)
    (r,) = saved
    assert len(rounds) == 1 and r.assessed and r.complete and r.attempt == 1
    # the whole answer's assessment replaced the first part's (one row per item, not two)
    assert r.transcript == " ".join(TAKEN_BACK) == rounds[0].transcript.text
    assert r.items["want_the_job"]["covered"] and r.items["next_steps"]["covered"]
    with sqlite3.connect(voicecoach_home / "voicecoach.db") as db:
        items = db.execute("SELECT item_id, covered FROM items WHERE round_id = ?", (r.id,)).fetchall()
    assert sorted(items) == sorted((i, int(v["covered"])) for i, v in r.items.items())
    assert r.interviewer and r.interviewer[-1]["kind"] == "next_steps"  # the interviewer answered the whole answer
    # both parts' words, the second's after the first part's audio, and both parts' audio in the round's one FLAC
    assert [w for w, _, _ in r.words] == " ".join(TAKEN_BACK).split()
    first_s = len(TAKEN_BACK[0].split())
    assert audio == ["turn-001.flac"] and r.audio_path.name == "turn-001.flac"
    heard_s = soundfile.info(r.audio_path).duration
    first_part = [soundfile.info(p).duration for p in taken_back_answers]
    assert heard_s > sum(first_part) and r.words[first_s][1] > first_part[0]
    assert r.words[first_s][1] > r.words[first_s - 1][2] and r.answer_s > sum(first_part)


def test_a_command_over_the_feedback_leaves_the_round_saved_and_again_starts_a_new_attempt(voicecoach_home, pack,
                                                                                           taken_back_answers):
    texts = [TAKEN_BACK[0], "again", " ".join(TAKEN_BACK)]
    answers = [taken_back_answers[0], speak("Again."), taken_back_answers[1]]
    saved, rounds, audio = _practice_over_feedback(pack, texts, answers, rounds=2)
    first, retry = saved
    assert len(rounds) == 2 and first.complete and retry.complete and (first.attempt, retry.attempt) == (1, 2)
    assert first.transcript == TAKEN_BACK[0] and [w for w, _, _ in first.words] == TAKEN_BACK[0].split()
    assert retry.transcript == texts[2] and retry.prompt == first.prompt
    assert soundfile.info(first.audio_path).duration < soundfile.info(retry.audio_path).duration
    assert audio == ["turn-001.flac", "turn-003.flac"]  # the "again" said over the feedback left no audio


def test_ctrl_c_while_going_on_over_the_feedback_keeps_what_was_heard(voicecoach_home, pack, taken_back_answers):
    chunks = 60  # 60 frames of the continuation heard, then Ctrl-C
    source = CutOffAnswers(taken_back_answers, cut=1, chunks=chunks)
    saved, rounds, audio = _practice_over_feedback(pack, TAKEN_BACK, taken_back_answers, source=source)
    (r,) = saved
    assert len(rounds) == 1 and r.assessed and r.complete and r.transcript == TAKEN_BACK[0]
    assert [w for w, _, _ in r.words] == TAKEN_BACK[0].split()  # the first part's word timings, kept
    assert audio == ["turn-001.flac"] and r.audio_path.name == "turn-001.flac"
    assert soundfile.info(r.audio_path).duration > soundfile.info(taken_back_answers[0]).duration + 0.5

def test_the_daily_counts_follow_every_change_to_the_verdicts(voicecoach_home):
    from voicecoach.store.forget import forget_session

    def by_day(store):
        return store.db.execute("SELECT item_id, day, covered, rounds FROM item_days WHERE rounds > 0 "
                                "ORDER BY item_id, day").fetchall()  # fmt: skip

    def recount(store):
        return store.db.execute("SELECT item_id, day, SUM(covered), COUNT(*) FROM items GROUP BY item_id, day "
                                "ORDER BY item_id, day").fetchall()  # fmt: skip

    with Store.open() as store:
        first = _session(store, 0, {"want_the_job": False, "next_steps": True})
        _session(store, 0, {"want_the_job": True, "next_steps": True})
        _session(store, 3, {"want_the_job": False, "next_steps": False})
        assert by_day(store) == recount(store)
        (round_id,) = store.db.execute("SELECT id FROM rounds WHERE session_id = ?", (first,)).fetchone()
        store.update_item(round_id, "want_the_job", covered=True, evidence="I want it")
        assert by_day(store) == recount(store)
        assert forget_session(store, first).startswith(f"removed session {first}")
        assert by_day(store) == recount(store) and len(recount(store)) == 4
        p = progress(store, now=NOW)
    assert next(i for i in p.items if i.item_id == "want_the_job").all == Share(covered=1, rounds=2)


def test_the_store_benchmark_reports_json(capsys):
    from voicecoach.cli import main as cli_main

    assert cli_main(["bench", "store", "--sessions", "40", "--runs", "1", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["sessions"] == 40 and result["rounds"] == 120
    for key in ("history_ms", "history_all_ms", "progress_ms", "history_command_ms", "progress_command_ms"):
        assert 0 < result[key] < 60_000


def test_the_data_folder_is_the_platforms_unless_voicecoach_home_is_set(voicecoach_home, monkeypatch):
    import platformdirs

    from voicecoach.store.paths import config_path, data_dir

    assert data_dir() == voicecoach_home and config_path() == voicecoach_home / "config.toml"
    monkeypatch.delenv("VOICECOACH_HOME")
    assert data_dir() == Path(platformdirs.user_data_dir("voicecoach", appauthor=False))
    assert config_path().parent == Path(platformdirs.user_config_dir("voicecoach", appauthor=False))
