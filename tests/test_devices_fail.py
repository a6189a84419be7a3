"""Devices that fail and signals that stop: a stalled or vanished microphone, Ctrl-C, SIGTERM and SIGHUP.

Run through the real path (sounddevice -> PortAudio -> ALSA's file plugin) in subprocesses with timeouts, so a
regression fails instead of hanging the suite. The microphone is a FIFO fed in real time by a small "person"
process (docs/audio-testing.md); a feeder that stops writing without closing the FIFO is a stalled USB microphone.
"""

from __future__ import annotations

import json
import os
import pty
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from helpers import ROOT, speak
from voicecoach.audio.device_thread import DeviceThread
from voicecoach.audio.devices import DeviceError, portaudio_error
from voicecoach.signals import Stopped, StopSignals

STOPPED_SENDING = "the microphone stopped sending sound: check the headset cable, then `voicecoach devices`"

FIFO_HEADSET = """
pcm.!default {{ type asym capture.pcm "mic" playback.pcm "headphones" }}
pcm.mic {{ type file slave.pcm "null" file "/dev/null" infile "{infile}" format "raw" }}
pcm.headphones {{ type file slave.pcm "null" file "{outfile}" format "raw" }}
"""

PERSON = r"""
import os, sys, time
fifo, answer, events, cue, then = sys.argv[1:6]
speech = open(answer, "rb").read()
fd = os.open(fifo, os.O_RDWR)  # also a reader: opening never waits, and writing never breaks the pipe
def play(pcm):
    for i in range(0, len(pcm), 640):
        os.write(fd, pcm[i : i + 640])
        time.sleep(0.02)
def cued():
    return os.path.exists(events) and f'"event": "{cue}"' in open(events).read()
while not cued():
    play(bytes(640))  # silence until the interviewer has asked
play(speech)
open(fifo + ".answered", "w").close()
if then == "stall":
    time.sleep(3600)  # the USB microphone stalls: no more sound, the device still open
while True:
    play(bytes(640 * 10))
"""
"""A person at the FIFO headset: silence until `cue` is in the event log, the answer in real time, then `then`."""


def fifo_headset(tmp_path: Path, answer_wav: Path, *, cue: str = "prompt_end", then: str = "stall"):
    """(env, the feeding person's process, events path): a live session on a FIFO microphone."""
    from voicecoach.audio.pcm import load_wav

    home = tmp_path / "home"
    home.mkdir()
    fifo = tmp_path / "mic.fifo"
    os.mkfifo(fifo)
    answer = tmp_path / "answer.raw"
    answer.write_bytes(load_wav(answer_wav))
    (home / ".asoundrc").write_text(FIFO_HEADSET.format(infile=fifo, outfile=tmp_path / "headphones.raw"))
    temp = tmp_path / "tmp"
    temp.mkdir()
    events = tmp_path / "ev.jsonl"
    person = subprocess.Popen([sys.executable, "-c", PERSON, str(fifo), str(answer), str(events), cue, then])
    env = {**os.environ, "HOME": str(home), "TMPDIR": str(temp)}
    return env, person, events


def practice(*args: str, env: dict, **popen) -> subprocess.Popen:
    """`voicecoach practice ARGS` in its own process: the tests stop it on a timeout, never wait for ever."""
    command = [sys.executable, "-m", "voicecoach", "practice", *args]
    return subprocess.Popen(command, cwd=ROOT, env=env, text=True, **popen)


def logged(events: Path) -> list[dict]:
    return [json.loads(line) for line in events.read_text().splitlines()]


def wait_for(check, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


@pytest.fixture
def excited(tmp_path):
    return speak("I'm very excited about this role. Where do we go from here?", voice="awb")


# ---------------------------------------------------------------- a stalled microphone


@pytest.mark.slow
def test_a_stalled_microphone_keeps_the_answer_and_ends_with_the_summary(tmp_path, excited):
    # seen: the program hung for ever in sounddevice's stop() once the microphone stopped sending audio
    env, person, events = fifo_headset(tmp_path, excited)
    try:
        cli = practice("--rounds", "2", "--input-device", "mic", "--no-voice", "--events", str(events), env=env,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE)  # fmt: skip
        try:
            out, err = cli.communicate(timeout=90)
        except subprocess.TimeoutExpired:
            cli.kill()
            pytest.fail("the session hung on the stalled microphone")
    finally:
        person.kill()
        person.wait()
    assert cli.returncode == 1, err
    assert err.strip().splitlines() == [f"voicecoach: {STOPPED_SENDING}"]
    assert "excited about this role" in out and "Summary" in out
    log = logged(events)
    assert "want_the_job" in next(e for e in log if e["event"] == "assessment")["covered"]  # what was heard counts
    assert next(e for e in log if e["event"] == "summary")["rounds"] == 1
    assert next(e for e in log if e["event"] == "error")["text"] == STOPPED_SENDING


@pytest.mark.slow
def test_ctrl_c_works_at_once_while_the_microphone_is_stalled(tmp_path, excited):
    # seen: Ctrl-C, twice, did nothing while the program hung in stop(); only SIGTERM ended it
    env, person, events = fifo_headset(tmp_path, excited)
    answered = tmp_path / "mic.fifo.answered"
    try:
        cli = practice("--rounds", "2", "--input-device", "mic", "--no-voice", "--events", str(events), env=env,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE)  # fmt: skip
        try:
            wait_for(answered.exists, 60, "the answer to be spoken")
            time.sleep(0.5)  # the microphone has been silent for a moment, not yet long enough to count as stalled
            pressed = time.monotonic()
            cli.send_signal(signal.SIGINT)
            out, err = cli.communicate(timeout=30)
            took = time.monotonic() - pressed
        finally:
            cli.kill()
    finally:
        person.kill()
        person.wait()
    assert cli.returncode == 130, err
    assert took < 2.0, f"Ctrl-C took {took:.1f} s"  # within a second, plus a Python exit on a busy machine
    assert "Summary" in out and "Traceback" not in err
    assert logged(events)[-1]["event"] == "summary"


# ---------------------------------------------------------------- a microphone gone between rounds


@pytest.mark.slow
def test_a_microphone_gone_between_rounds_says_what_to_do(tmp_path, excited):
    # seen: "cannot open the microphone (Error opening RawInputStream: Illegal combination of I/O devices
    # [PaErrorCode -9993])"; here the capture PCM's file disappears once round 1's stream has it open
    from voicecoach.audio.pcm import load_wav, silence

    home = tmp_path / "home"
    home.mkdir()
    infile = tmp_path / "mic.raw"
    infile.write_bytes(load_wav(excited) + silence(3.0))
    (home / ".asoundrc").write_text(FIFO_HEADSET.format(infile=infile, outfile=tmp_path / "headphones.raw"))
    events = tmp_path / "ev.jsonl"
    env = {**os.environ, "HOME": str(home)}
    cli = practice("--rounds", "2", "--input-device", "mic", "--no-voice", "--events", str(events), env=env,
                   stdout=subprocess.PIPE, stderr=subprocess.PIPE)  # fmt: skip
    try:
        wait_for(lambda: events.exists() and '"prompt_start"' in events.read_text(), 60, "round 1")
        infile.unlink()  # unplugged: the next open of the capture PCM fails
        out, err = cli.communicate(timeout=90)
    finally:
        cli.kill()
    assert cli.returncode == 1, err
    assert err.strip().splitlines() == [
        "voicecoach: the microphone could not be opened (unplugged, or its configuration changed): "
        "plug the headset back in and check the cable, then `voicecoach devices`"
    ]  # one line of ours: no PortAudio words, no ALSA debugging lines
    assert "excited about this role" in out and "Summary" in out
    assert next(e for e in logged(events) if e["event"] == "summary")["rounds"] == 1


DRAINER = r"""
import os, sys, time
fd = os.open(sys.argv[1], os.O_RDWR)  # also a writer: opening never waits
left = int(sys.argv[2])
while left > 0:
    left -= len(os.read(fd, min(left, 4096)))
time.sleep(3600)  # the headphones stall: nothing more is taken
"""
"""Headphones on a FIFO that take the first N bytes, then stop taking any."""


@pytest.mark.slow
def test_a_stalled_speaker_ends_the_session_with_a_plain_message(tmp_path):
    from voicecoach.audio.pcm import silence

    home = tmp_path / "home"
    home.mkdir()
    infile, outfile = tmp_path / "mic.raw", tmp_path / "headphones.fifo"
    infile.write_bytes(silence(1.0))
    os.mkfifo(outfile)
    (home / ".asoundrc").write_text(FIFO_HEADSET.format(infile=infile, outfile=outfile))
    headphones = subprocess.Popen([sys.executable, "-c", DRAINER, str(outfile), str(2 * 22050)])  # half a second
    events = tmp_path / "ev.jsonl"
    env = {**os.environ, "HOME": str(home)}
    try:
        cli = practice("--rounds", "1", "--input-device", "mic", "--events", str(events), env=env,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE)  # fmt: skip
        try:
            out, err = cli.communicate(timeout=90)
        except subprocess.TimeoutExpired:
            cli.kill()
            pytest.fail("the session hung on the stalled speaker")
    finally:
        headphones.kill()
        headphones.wait()
    assert cli.returncode == 1, err
    assert err.strip().splitlines() == [
        "voicecoach: the speaker stopped playing sound: check the headset cable, then `voicecoach devices` "
        "(or practise with --speak-to DIR or --no-voice)"
    ]
    assert "Summary" in out and logged(events)[-1]["event"] == "summary"


@pytest.mark.parametrize(
    ("code", "kind", "says"),
    [
        (-9993, "input", "the microphone could not be opened (unplugged, or its configuration changed): plug"),
        (-9985, "input", "the microphone is in use by another program: close that program, or pick another"),
        (-9996, "output", "the speaker is not there any more: plug it back in (or pick another with --output"),
        (-9997, "output", "the speaker does not take the sample rate voicecoach needs: pick another with --output"),
        (-9999, "input", "the microphone failed in the sound system: plug the headset back in"),
        (-9980, "input", "the microphone failed (sound system error -9980): check the headset cable"),
    ],
)  # fmt: skip
def test_portaudio_errors_say_what_to_do(code, kind, says):
    import sounddevice as sd

    error = portaudio_error(sd.PortAudioError("Error opening RawInputStream: Illegal combination", code), kind)
    assert str(error).startswith(says) and str(error).count(":") == 1 and "PaErrorCode" not in str(error)
    assert ":" not in error.problem  # "no microphone found (PROBLEM)" stays one clause
    assert str(error).endswith("--no-voice)" if kind == "output" else "`voicecoach devices`")


# ---------------------------------------------------------------- blocking calls with a deadline


def test_a_device_call_that_never_returns_is_given_up_on_time():
    calls = DeviceThread("test")
    release = threading.Event()
    assert calls.call(lambda x: x + 1, 1, timeout_s=1, stalled=DeviceError("stalled")) == 2
    with pytest.raises(ZeroDivisionError):
        calls.call(lambda: 1 / 0, timeout_s=1, stalled=DeviceError("stalled"))
    began = time.monotonic()
    with pytest.raises(DeviceError, match="stalled"):
        calls.call(release.wait, timeout_s=0.3, stalled=DeviceError("stalled"))
    assert time.monotonic() - began < 1.0 and calls.stuck
    with pytest.raises(DeviceError, match="given up"):  # no call queues behind the stuck one
        calls.call(lambda: None, timeout_s=5, stalled=DeviceError("given up"))
    release.set()


def test_ctrl_c_interrupts_the_wait_for_a_device_call():
    calls = DeviceThread("test")
    release = threading.Event()
    threading.Timer(0.2, signal.raise_signal, (signal.SIGINT,)).start()
    began = time.monotonic()
    with pytest.raises(KeyboardInterrupt):
        calls.call(release.wait, timeout_s=30, stalled=DeviceError("stalled"))
    assert time.monotonic() - began < 2.0
    release.set()
    calls.close()


# ---------------------------------------------------------------- signals


@pytest.mark.slow
@pytest.mark.parametrize(("signum", "code"), [(signal.SIGTERM, 143), (signal.SIGHUP, 129)])
def test_stop_signals_end_the_session_like_ctrl_c(tmp_path, excited, signum, code):
    # seen: SIGTERM and SIGHUP ended the session with no summary, the cursor hidden, /tmp/voicecoach-tts-* left
    env, person, events = fifo_headset(tmp_path, excited, then="silence")
    spoken = tmp_path / "spoken"
    screen, terminal = pty.openpty()  # a terminal, so the live panel hides the cursor
    shown = bytearray()
    reader = threading.Thread(target=_read_all, args=(screen, shown), daemon=True)
    reader.start()
    try:
        cli = practice("--rounds", "3", "--input-device", "mic", "--speak-to", str(spoken), "--events", str(events),
                       env=env, stdout=terminal, stderr=subprocess.PIPE)  # fmt: skip
        os.close(terminal)
        try:
            wait_for(lambda: events.exists() and '"round": 2' in events.read_text(), 90, "round 2")
            cli.send_signal(signum)
            err = cli.communicate(timeout=30)[1]
        finally:
            cli.kill()
    finally:
        person.kill()
        person.wait()
    reader.join(timeout=10)
    os.close(screen)
    assert cli.returncode == code, err
    assert "Traceback" not in err
    log = logged(events)  # every line whole: the log was closed, not cut
    assert log[-1]["event"] == "summary" and log[-1]["rounds"] == 1
    text = shown.decode(errors="replace")
    assert "Summary" in text
    assert text.rfind("\x1b[?25h") > text.rfind("\x1b[?25l") >= 0  # the cursor is shown again
    assert not list((tmp_path / "tmp").glob("voicecoach-*")), "a temporary folder was left behind"


def _read_all(fd: int, into: bytearray) -> None:
    """Drain a pty's screen side (a full pty would block the program writing to it)."""
    while True:
        try:
            data = os.read(fd, 65536)
        except OSError:  # EIO: the program's side is closed
            return
        if not data:
            return
        into.extend(data)


def test_a_stop_signal_raises_stopped_with_its_exit_code():
    with StopSignals() as stops:
        with pytest.raises(Stopped) as stopped:
            signal.raise_signal(signal.SIGTERM)
            time.sleep(1)  # the handler runs between bytecodes: at the latest here
        assert stopped.value.exit_code == 143 and isinstance(stopped.value, KeyboardInterrupt)
        assert stops.exit_code(130) == 143
        with pytest.raises(Stopped):  # swallowed inside a C callback: raised again at the next event
            stops(object())
        stops.pending = False
        stops(object())
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL  # handlers restored after the block


def test_an_ignored_hangup_stays_ignored():
    # `nohup voicecoach practice`: closing the terminal must not stop the session
    before = signal.signal(signal.SIGHUP, signal.SIG_IGN)
    try:
        with StopSignals() as stops:
            signal.raise_signal(signal.SIGHUP)
            time.sleep(0.1)
        assert stops.signum is None and stops.exit_code(130) == 130
    finally:
        signal.signal(signal.SIGHUP, before)


# ---------------------------------------------------------------- temporary folders


def test_a_killed_sessions_temporary_folder_is_removed_by_the_next(tmp_path, monkeypatch):
    # kill -9 cannot be handled: each session's folder names its process, and the next session removes the
    # folders of processes that are gone
    import tempfile

    from voicecoach.engines.pyttsx3_voice import Pyttsx3Voice

    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    killed = tmp_path / f"voicecoach-tts-{gone.pid}-abc123"
    running = tmp_path / f"voicecoach-tts-{os.getppid()}-def456"
    for folder in (killed, running):
        folder.mkdir()
        (folder / "1.wav").write_bytes(b"RIFF")
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    voice = Pyttsx3Voice()
    try:
        assert voice.render("Hello.")[1] > 0
        ours = [p for p in tmp_path.glob("voicecoach-tts-*") if p not in (killed, running)]
        assert [p.name.split("-")[2] for p in ours] == [str(os.getpid())]
    finally:
        voice.close()
    assert not killed.exists() and running.exists()
    assert not ours[0].exists()
