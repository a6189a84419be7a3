"""The command line as a user runs it: real pocketsphinx, real pyttsx3, real files."""

import contextlib
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time

import pytest
import soundfile

from helpers import ROOT, no_sound_env, run_cli, speak
from voicecoach.events import EventType

STRONG = "I really want this job and I look forward to working with you. What are the next steps in the hiring process?"
WEAK = "No, I don't have any questions. Thank you for your time."


@pytest.fixture(scope="module")
def answers():
    return speak(STRONG, voice="slt"), speak(WEAK, voice="rms")


def test_practice_with_recorded_answers_end_to_end(tmp_path, answers):
    out, events = tmp_path / "out", tmp_path / "ev.jsonl"
    done = run_cli("practice", "--answers", *map(str, answers), "--rounds", "2",
                   "--speak-to", str(out), "--events", str(events), "--seed", "3")
    assert done.returncode == 0, done.stderr
    logged = [json.loads(line) for line in events.read_text().splitlines()]
    kinds = {e["event"] for e in logged}
    assert {"prompt_start", "prompt_end", "speech_start", "speech_end", "transcript", "assessment",
            "feedback_start", "feedback_end"} <= kinds
    assert kinds <= set(EventType)
    assert all(isinstance(e["t"], float) for e in logged)
    # the real recognizer heard the strong answer; the checklist found what it covers and what it misses
    first = [e for e in logged if e["event"] == "assessment"][0]
    assert {"want_the_job", "next_steps"} <= set(first["covered"]) and "reservations" in first["missed"]
    second = [e for e in logged if e["event"] == "assessment"][1]
    assert second["covered"] == []
    feedback = [e["text"] for e in logged if e["event"] == "feedback_start"]
    assert "want the job" in feedback[0] and "Top fix" in feedback[0]
    # prompts, the interviewer's reply to the question about next steps, and feedback were spoken by the real
    # TTS engine into WAVs
    wavs = sorted(p.name for p in out.glob("*.wav"))
    assert wavs == ["01-prompt.wav", "02-interviewer.wav", "03-feedback.wav", "04-prompt.wav", "05-feedback.wav",
                    "06-summary.wav"]
    for wav in out.glob("*.wav"):
        info = soundfile.info(wav)
        assert info.duration > 1.0
    assert "Summary" in done.stdout and "You said:" in done.stdout


def test_demo_runs_the_whole_loop_without_devices(tmp_path):
    done = run_cli("practice", "--demo", "--no-voice", env=no_sound_env(tmp_path))
    assert done.returncode == 0, done.stderr
    # the shipped story: a weak answer, "again", a better one asking about reservations, a rebuttal, questions
    assert done.stdout.count("You said:") == 5 and "Summary" in done.stdout
    assert "Better:" in done.stdout and "answer to their concern" in done.stdout
    assert 'You said "um" once.' in done.stdout  # the filler prompt heard the demo's one "um", told in words


def test_no_microphone_says_what_to_do(tmp_path):
    env = no_sound_env(tmp_path)
    devices = run_cli("devices", env=env)
    if "No sound devices" not in devices.stdout:
        pytest.skip("this machine has a sound card")
    done = run_cli("practice", "--no-voice", env=env)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "--answers" in done.stderr and "--demo" in done.stderr
    assert "Traceback" not in done.stderr
    fallback = run_cli("practice", "--or-demo", "--no-voice", "--rounds", "1", env=env)
    assert fallback.returncode == 0 and "demo" in fallback.stderr


def test_assess_text_json():
    done = run_cli("assess", "--json", "--text",
                   "Is there anything that gives you pause about hiring me? What happens next?")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert set(result) >= {"transcript", "items", "feedback"}
    assert set(result["items"]) == {"want_the_job", "reservations", "clarify_doubts", "next_steps", "good_questions"}
    for verdict in result["items"].values():
        assert isinstance(verdict["covered"], bool) and 0 <= verdict["score"] <= 100
        assert 0 <= verdict["confidence"] <= 1  # the learned layer decided
        assert verdict["evidence"] is None or verdict["evidence"] in result["transcript"]
    assert result["items"]["reservations"]["covered"] and result["items"]["next_steps"]["covered"]
    assert not result["items"]["want_the_job"]["covered"]


def test_assess_reads_one_answer_per_line():
    done = run_cli("assess", "--json", stdin="I really want this job.\nNo questions, thanks.\n\n")
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(lines) == 3
    assert lines[0]["items"]["want_the_job"]["covered"] and not any(v["covered"] for v in lines[1]["items"].values())


def test_assess_stops_quietly_when_the_reader_does():
    # "voicecoach assess --json < answers.txt | head -1": the reader closes the pipe after one answer
    with subprocess.Popen([sys.executable, "-m", "voicecoach", "assess", "--json"], cwd=ROOT, stdin=subprocess.PIPE,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as cli:
        cli.stdin.write("I really want this job.\n" * 300)  # more answers than the output pipe holds
        cli.stdin.close()
        assert json.loads(cli.stdout.readline())["items"]["want_the_job"]["covered"]
        cli.stdout.close()
        errors = cli.stderr.read()
        assert cli.wait(timeout=120) == 0
    assert "Traceback" not in errors and not errors.strip()


@pytest.mark.parametrize("command", [["voicecoach", "bench", "matching"], ["voicecoach.bench.matching"]])
def test_bench_stops_quietly_when_the_reader_does(command):
    # "python -m voicecoach.bench.matching --errors | head -1"; more than the output pipe holds (about 100 KB)
    sets = [arg for name in ("dev-j-recognized", "dev-n-recognized", "dev-k-recognized") for arg in ("--set", name)]
    with subprocess.Popen([sys.executable, "-m", *command, *sets, "--errors", "--json"], cwd=ROOT,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as bench:
        assert bench.stdout.readline().strip() == "{"
        bench.stdout.close()
        errors = bench.stderr.read()
        assert bench.wait(timeout=120) == 0
    assert "Traceback" not in errors and not errors.strip()


def test_assess_audio(answers):
    done = run_cli("assess", "--json", "--audio", str(answers[0]))
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert "want this job" in result["transcript"] and result["items"]["next_steps"]["covered"]


@pytest.mark.parametrize(
    "args, content, says",
    [
        (["assess", "--audio"], None, "no such file"),
        (["assess", "--audio"], b"", "empty"),
        (["assess", "--audio"], b"RIFF not really a wave" * 10, "not a readable audio file"),
        (["practice", "--no-voice", "--answers"], b"", "empty"),
        (["assess", "--text", "hi", "--pack"], b'prompts = ["q"]\n[items.x]\ntitle = 3\n', "items.x.title"),
    ],
)
def test_bad_input_gets_one_clear_line(tmp_path, args, content, says):
    path = tmp_path / ("pack.toml" if "--pack" in args else "answer.wav")
    if content is not None:
        path.write_bytes(content)
    done = run_cli(*args, str(path))
    assert done.returncode == 2
    assert says in done.stderr and str(path) in done.stderr
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr


def test_ctrl_c_prints_the_summary_and_keeps_the_log(tmp_path, headset, answers):
    env, say_into_mic, _ = headset
    say_into_mic(answers[0])
    events = tmp_path / "ev.jsonl"
    proc = subprocess.Popen(
        [sys.executable, "-m", "voicecoach", "practice", "--rounds", "500", "--events", str(events)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT,
    )  # fmt: skip
    for line in proc.stdout:
        if "Coach:" in line:  # a round is done: now the person presses Ctrl-C
            proc.send_signal(signal.SIGINT)
            break
    rest, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "Summary" in rest and "Traceback" not in err
    logged = [json.loads(line) for line in events.read_text().splitlines()]
    assert any(e["event"] == "assessment" for e in logged) and logged[-1]["event"] == "summary"


def test_a_ctrl_c_swallowed_by_a_callback_is_raised_at_the_next_event():
    from voicecoach.cli import CtrlC
    from voicecoach.events import EventBus, SegmentEvent, SpokenKind, SpokenStartEvent

    before = signal.getsignal(signal.SIGINT)  # ignored when the tests run in the background (nohup, CI)
    with CtrlC() as ctrl_c:
        bus = EventBus(ctrl_c)
        # nothing pressed: the event goes through
        bus.emit(SpokenStartEvent(kind=SpokenKind.PROMPT, text="Any questions?", round=1))
        try:
            signal.raise_signal(signal.SIGINT)
        except KeyboardInterrupt:
            pass  # what a C library's callback does with it
        with pytest.raises(KeyboardInterrupt):
            bus.emit(SegmentEvent(text="", start_s=0.0, end_s=0.0))
    assert signal.getsignal(signal.SIGINT) == before


# ---------------------------------------------------------------- bad input: one line, exit 2 (issue 20)


def usage_error(capsys, *args: str) -> str:
    """Run the CLI in this process on arguments it must refuse; its one line of stderr."""
    from voicecoach.cli import main

    with pytest.raises(SystemExit) as refused:
        main(list(args))
    assert refused.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err and "usage:" not in err
    return err


@pytest.mark.parametrize(
    "option, value, says",
    [
        ("--end-silence", "nan", "--end-silence: must be a number of seconds over 0.3 and up to 30, not 'nan'"),
        ("--end-silence", "inf", "--end-silence: must be a number of seconds"),
        ("--end-silence", "0.3", "--end-silence: must be a number of seconds over 0.3"),
        ("--max-answer", "nan", "--max-answer: must be a number of seconds from 1 to 3600"),
        ("--max-answer=-inf", None, "--max-answer: must be a number of seconds"),
        ("--rate", "0", "--rate: must be a whole number of words per minute from 60 to 400, not '0'"),
        ("--rate", "-160", "--rate: must be a whole number of words per minute"),
        ("--rate", "fast", "--rate: must be a whole number of words per minute"),
        ("--rounds", "0", "--rounds: must be a whole number of rounds from 1 to 1000"),
        ("--rounds", "1e9", "--rounds: must be a whole number of rounds"),
    ],
)
def test_numbers_must_be_finite_and_in_range(capsys, option, value, says):
    err = usage_error(capsys, "practice", "--demo", "--no-voice", option, *([value] if value else []))
    assert err.startswith("voicecoach practice: argument ") and says in err and "see voicecoach practice --help" in err


@pytest.mark.parametrize(
    "args, says",
    [
        (["practice", "--demo", "--speak-to", "{file}"], "--speak-to: {file}: a file, not a folder"),
        (["practice", "--demo", "--speak-to", "{file}/voice"], "--speak-to: {file}/voice: {file} is a file"),
        (["practice", "--demo", "--no-voice", "--events", "{dir}"], "--events: {dir}: a folder, not a file"),
        (["practice", "--demo", "--no-voice", "--events", "{dir}/no/log.jsonl"], "no folder {dir}/no to write it in"),
        (["practice", "--no-voice", "--answers", "{dir}"], "--answers: {dir}: a folder, not an audio file"),
        (["practice", "--no-voice", "--answers", "{file}", "{dir}/gone.wav"],
         "--answers: {dir}/gone.wav: no such file"),
        (["assess", "--audio", "{dir}"], "--audio: {dir}: a folder, not an audio file"),
    ],
)
def test_paths_must_be_what_the_option_needs(capsys, tmp_path, args, says):
    file = tmp_path / "answer.wav"
    file.write_bytes(b"RIFF")
    fill = {"file": str(file), "dir": str(tmp_path)}
    err = usage_error(capsys, *(a.format(**fill) for a in args))
    assert says.format(**fill) in err


def test_a_pack_folder_and_a_short_answer_get_one_line(capsys, tmp_path):
    from voicecoach.cli import main

    assert main(["assess", "--text", "hi", "--pack", str(tmp_path)]) == 2
    assert capsys.readouterr().err == f"voicecoach: {tmp_path}: a folder, not a pack file (a pack is one .toml file)\n"
    short = tmp_path / "short.wav"
    soundfile.write(short, [0.5, -0.5] * 400, 16000)  # 50 ms: pocketsphinx used to fail on it with a TypeError
    assert main(["assess", "--audio", str(short)]) == 2
    err = capsys.readouterr().err
    assert err == f"voicecoach: {short}: only 50 ms of audio, too short to hold an answer (cut short?)\n"


def test_a_pack_with_a_placeholder_typo_fails_at_load_not_mid_session(capsys, tmp_path):
    from voicecoach.cli import main
    from voicecoach.packs.pack import PROMPTS_DIR

    pack = tmp_path / "typo.toml"
    pack.write_text((PROMPTS_DIR / "closing.toml").read_text().replace("{evidence}", "{evidense}", 1))
    assert main(["assess", "--text", "I really want this job.", "--pack", str(pack)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"voicecoach: {pack}: items.want_the_job.praise: unknown placeholder {{evidense}}")
    assert err.count("\n") == 1


def test_more_rounds_than_demo_answers_says_so(capsys):
    import argparse
    import contextlib

    from voicecoach.cli import DEMO_DIR, _answer_source

    args = argparse.Namespace(demo=True, answers=None, rounds=99)
    with contextlib.ExitStack() as stack:
        _, rounds = _answer_source(args, stack, view=None)
    demos = len(list(DEMO_DIR.glob("*.wav")))
    assert rounds == demos
    assert capsys.readouterr().err == f"note: {demos} demo answers, so {demos} rounds\n"


def test_an_empty_answer_prints_no_none(capsys):
    from voicecoach.cli import main

    assert main(["assess", "--text", ""]) == 0
    out = capsys.readouterr().out
    assert "None" not in out and "  fillers: 0\n" in out


def test_assess_says_an_online_recognizer_sends_the_audio_before_it_does(capsys, tmp_path, monkeypatch):
    import speech_recognition

    from voicecoach.cli import main

    heard = []

    def google_offline(self, audio, **kwargs):  # the network's edge: nothing leaves the machine in a test
        heard.append(capsys.readouterr().err)
        return "i really want this job"

    monkeypatch.setattr(speech_recognition.Recognizer, "recognize_google", google_offline)
    answer = tmp_path / "answer.wav"
    soundfile.write(answer, [0.5, -0.5] * 8000, 16000)
    assert main(["assess", "--audio", str(answer), "--recognizer", "google"]) == 0
    assert heard == ["note: the google recognizer sends your answers' audio over the network\n"]
    assert main(["assess", "--audio", str(answer)]) == 0  # sphinx: offline, no note
    assert capsys.readouterr().err == ""


def test_recorded_answers_are_one_round_each_with_role_play_on(tmp_path):
    # the first file asks about reservations: the interviewer raises a concern that no file answers
    asks = speak("I really want this job. Do you have any reservations about me?", voice="slt")
    strong = speak(STRONG, voice="slt")
    alone = run_cli("practice", "--no-voice", "--answers", str(asks))
    assert alone.returncode == 0, alone.stderr
    assert "No rounds were completed" not in alone.stdout and "Session over: 1 round." in alone.stdout
    assert "Coach: " in alone.stdout.split("\nSummary")[0]  # the round's feedback came before the summary
    assert "left unanswered" in alone.stdout
    both = run_cli("practice", "--no-voice", "--answers", str(asks), str(strong))
    assert both.returncode == 0, both.stderr
    assert "Session over: 2 rounds." in both.stdout and both.stdout.count("You said:") == 2
    assert "Round 2. Interviewer:" in both.stdout


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux")
def test_the_demo_on_an_80x24_terminal_keeps_every_round_in_the_scrollback(tmp_path):
    server, done = f"voicecoach-test-{os.getpid()}", tmp_path / "done"
    command = f"{sys.executable} -m voicecoach practice --demo --no-voice; touch {done}; sleep 60"
    env = {**no_sound_env(tmp_path), "VOICECOACH_DEMO_PACE": "off", "TERM": "xterm-256color"}
    tmux = ["tmux", "-L", server]
    subprocess.run([*tmux, "new-session", "-d", "-x", "80", "-y", "24", "-c", str(ROOT), command], env=env, check=True)
    try:
        deadline = time.monotonic() + 150
        while not done.exists() and time.monotonic() < deadline:
            time.sleep(0.5)
        screen = subprocess.run([*tmux, "capture-pane", "-p", "-S", "-"], capture_output=True, text=True).stdout
    finally:
        subprocess.run([*tmux, "kill-server"], capture_output=True)
    assert done.exists(), screen
    flat = " ".join(screen.replace("│", " ").split())
    for n in (1, 2, 3):  # each finished round, whole, with its feedback, on screen or in the scrollback
        assert f"Round {n} ─" in screen
    assert flat.count("Coach:") == 4  # three rounds and the summary
    assert "i guess i don't really have any questions" in flat and "does that address your concern" in flat
    assert "Session over: 3 rounds" in flat
    assert not any(line.strip() == "..." for line in screen.splitlines())  # nothing cut off


def test_recorded_answers_and_the_demo_pace_wiring(monkeypatch, tmp_path):
    from voicecoach.audio.sources import RecordedAnswers
    from voicecoach.cli import DEMO_READING_WPM, _recorded_pacing, build_parser

    class Tty:
        def isatty(self):
            return True

    demo = RecordedAnswers([])
    monkeypatch.setattr(sys, "stdout", Tty())
    monkeypatch.delenv("VOICECOACH_DEMO_PACE", raising=False)
    args = build_parser().parse_args
    assert _recorded_pacing(args(["practice", "--demo"]), demo) == {"rebuttals": True, "reading_wpm": DEMO_READING_WPM}
    answer = tmp_path / "a.wav"
    answer.write_bytes(b"RIFF")  # --answers checks that the file is there
    assert _recorded_pacing(args(["practice", "--answers", str(answer)]), demo) == {"rebuttals": False,
                                                                                     "reading_wpm": None}
    assert _recorded_pacing(args(["practice", "--or-demo"]), demo)["reading_wpm"] == DEMO_READING_WPM
    assert _recorded_pacing(args(["practice", "--or-demo"]), object()) == {"rebuttals": True, "reading_wpm": None}
    monkeypatch.setenv("VOICECOACH_DEMO_PACE", "off")
    assert _recorded_pacing(args(["practice", "--demo"]), demo)["reading_wpm"] is None
    monkeypatch.setattr(sys, "stdout", io.StringIO())  # piped: nobody is reading along
    monkeypatch.setenv("VOICECOACH_DEMO_PACE", "200")
    assert _recorded_pacing(args(["practice", "--demo"]), demo)["reading_wpm"] is None


SPEAKER_FIFO_ASOUNDRC = """
pcm.!default {{
  type asym
  capture.pcm "mic"
  playback.pcm "speaker"
}}
pcm.mic {{
  type file
  slave.pcm "null"
  file "/dev/null"
  infile "/dev/null"
  format "raw"
}}
pcm.speaker {{
  type file
  slave.pcm "null"
  file "{fifo}"
  format "raw"
}}
"""
"""A headset whose speaker plays into a FIFO: the test reads it about as fast as a sound card plays, so speech
takes as long as it would out loud."""


@pytest.mark.slow
def test_ctrl_c_while_the_feedback_is_spoken_keeps_the_round(tmp_path, answers):
    home, fifo = tmp_path / "home", tmp_path / "speaker.fifo"
    home.mkdir()
    os.mkfifo(fifo)
    (home / ".asoundrc").write_text(SPEAKER_FIFO_ASOUNDRC.format(fifo=fifo))
    stop = threading.Event()

    def play_in_real_time() -> None:
        fd = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
        try:
            while not stop.is_set():
                with contextlib.suppress(BlockingIOError):
                    os.read(fd, 4096)
                time.sleep(4096 / 44100)  # 22 kHz mono int16, the speech engine's rate
        finally:
            os.close(fd)

    player = threading.Thread(target=play_in_real_time, daemon=True)
    player.start()
    try:
        proc = subprocess.Popen(
            [sys.executable, "-m", "voicecoach", "practice", "--answers", str(answers[0])],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env={**os.environ, "HOME": str(home)}, cwd=ROOT,
        )  # fmt: skip
        for line in proc.stdout:
            if "Coach:" in line:  # the feedback has started playing; it lasts over ten seconds
                proc.send_signal(signal.SIGINT)
                break
        rest, err = proc.communicate(timeout=60)
    finally:
        stop.set()
        player.join()
    assert proc.returncode == 130, err
    assert "Session over: 1 round." in rest and "No rounds were completed" not in rest
