"""`voicecoach doctor`: the pure parts as tables, each check on the real engines, the whole command through a fake
headset (ALSA's file plugin) and with no sound devices at all."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import threading
import time

import numpy as np
import pytest

from helpers import no_sound_env, run_cli, speak
from voicecoach.audio.pcm import save_wav, silence
from voicecoach.doctor import (
    DATA,
    MICROPHONE,
    NO_MIC_NOTE,
    PACK,
    RECOGNIZER,
    SILENCE_DBFS,
    SOUND_FLOOR_DBFS,
    SPEAKER,
    VOICE,
    Check,
    Step,
    check_data_folder,
    check_pack,
    check_recognizer,
    check_voice,
    level_dbfs,
    meter_bar,
    report_line,
    run_checks,
    run_step,
    seconds_option,
    split_fix,
    tone,
    verdict,
)  # fmt: skip
from voicecoach.packs.pack import PackError, load_pack

NAMES = (MICROPHONE, SPEAKER, VOICE, RECOGNIZER, PACK, DATA)
SILENT_MIC_FIX = "speak during the check, or check the mute switch"
NO_MIC_FIX = "no microphone found: plug in a headset, then `voicecoach devices`"

# ---------------------------------------------------------------- pure parts


@pytest.mark.parametrize(
    ("pcm", "low", "high"),
    [
        (b"", SILENCE_DBFS, SILENCE_DBFS),
        (bytes(640), SILENCE_DBFS, SILENCE_DBFS),
        (np.full(320, 32767, dtype="<i2").tobytes(), -0.1, 0.0),  # full scale
        (tone(1.0, dbfs=-20.0), -23.2, -22.9),  # a sine's RMS is 3 dB under its peak
        (np.full(320, 1, dtype="<i2").tobytes(), -90.5, -90.0),  # one step: the quietest real sound
        (b"\x01", SILENCE_DBFS, SILENCE_DBFS),  # half a sample is nothing
    ],
)
def test_level_dbfs(pcm, low, high):
    assert low <= level_dbfs(pcm) <= high


@pytest.mark.parametrize(
    ("dbfs", "bar"),
    [(SILENCE_DBFS, "...|......"), (-60, "#..|......"), (-45, "####......"), (-20, "#######..."), (0, "##########"),
     (6, "##########")],
)  # fmt: skip
def test_meter_bar_marks_the_sound_floor_until_the_level_passes_it(dbfs, bar):
    assert meter_bar(dbfs, 10) == bar


@pytest.mark.parametrize(
    ("message", "detail", "fix"),
    [
        ("pocketsphinx is not installed: pip install pocketsphinx",
         "pocketsphinx is not installed", "pip install pocketsphinx"),
        ("the vosk recognizer needs a model folder: --model DIR (from alphacephei.com/vosk/models)",
         "the vosk recognizer needs a model folder", "--model DIR (from alphacephei.com/vosk/models)"),
        ("no text-to-speech engine (x): install espeak-ng (Debian/Ubuntu: sudo apt-get install espeak-ng)",
         "no text-to-speech engine (x)", "install espeak-ng (Debian/Ubuntu: sudo apt-get install espeak-ng)"),
        ("the google recognizer failed: no network", "the google recognizer failed: no network", "DEFAULT"),
        ("no voice named 'x'; some voices here: a, b", "no voice named 'x'; some voices here: a, b", "DEFAULT"),
        ("broken", "broken", "DEFAULT"),
    ],
)  # fmt: skip
def test_split_fix_takes_the_instruction_after_the_problem(message, detail, fix):
    assert split_fix(message, "DEFAULT") == (detail, fix)


@pytest.mark.parametrize(
    ("check", "line"),
    [
        (Check(PACK, True, "closing: 10 prompts", "never shown"), "pack         ok    closing: 10 prompts"),
        (Check(MICROPHONE, False, "no microphone found", "plug in a headset"),
         "microphone   FAIL  no microphone found: plug in a headset"),
        (Check(SPEAKER, False, "no speaker found", "plug in headphones", needed=False),
         "speaker      warn  no speaker found: plug in headphones"),
        (Check(DATA, False, "cannot be written"), "data folder  FAIL  cannot be written"),
    ],
)  # fmt: skip
def test_report_line(check, line):
    assert report_line(check) == line


def _checks(*failing: str, warn: tuple[str, ...] = ()) -> list[Check]:
    return [Check(n, n not in failing and n not in warn, "d", "f", needed=n not in warn) for n in NAMES]


@pytest.mark.parametrize(
    ("checks", "code", "says", "not_says"),
    [
        (_checks(), 0, "Ready: practice will work: voicecoach practice", "without"),
        (_checks(warn=(SPEAKER,)), 0, "Ready: practice will work (without the speaker)", "Not ready"),
        (_checks(PACK), 1, "Not ready: 1 problem (pack)", "--demo"),
        (_checks(MICROPHONE, VOICE), 1, f"Not ready: 2 problems (microphone, voice); {NO_MIC_NOTE}", "Ready:"),
    ],
)  # fmt: skip
def test_verdict_exits_0_only_when_every_needed_check_passed(checks, code, says, not_says):
    got_code, line = verdict(checks)
    assert got_code == code and says in line and not_says not in line


@pytest.mark.parametrize("text", ["nan", "inf", "-inf", "0", "-1", "61", "three", ""])
def test_seconds_option_refuses_what_is_not_a_short_finite_time(text):
    import argparse

    with pytest.raises(argparse.ArgumentTypeError):
        seconds_option(text)


@pytest.mark.parametrize(("text", "value"), [("3", 3.0), ("0.5", 0.5), ("60", 60.0)])
def test_seconds_option_takes_a_time(text, value):
    assert seconds_option(text) == value


# ---------------------------------------------------------------- the runner


def test_a_stalled_check_is_reported_within_its_time_limit():
    release = threading.Event()
    step = Step(MICROPHONE, lambda: release.wait(30) and Check(MICROPHONE, True, "late"), 0.3, "plug it in again")
    started = time.monotonic()
    try:
        check = run_step(step)
    finally:
        release.set()
    assert time.monotonic() - started < 2
    assert check == Check(MICROPHONE, False, "stalled: no answer within 0.3 s", "plug it in again")


def test_a_check_that_raises_becomes_a_failed_line_with_the_steps_fix():
    def broken() -> Check:
        raise RuntimeError("device vanished")

    check = run_step(Step(SPEAKER, broken, 5, "plug it in again", needed=False))
    assert not check.ok and not check.needed and check.fix == "plug it in again"
    assert "RuntimeError: device vanished" in check.detail


def test_run_checks_prints_a_line_per_check_as_it_goes():
    out, ended = io.StringIO(), []
    steps = [Step(n, lambda n=n: Check(n, n != PACK, f"{n} checked", "do this"), 5, "x") for n in NAMES]
    checks = run_checks(steps, out, after=lambda step: ended.append(step.name))
    assert [c.name for c in checks] == list(NAMES) == ended
    lines = out.getvalue().splitlines()
    assert [line.split("  ")[0].strip() for line in lines] == list(NAMES)
    assert lines[4] == "pack         FAIL  pack checked: do this"


# ---------------------------------------------------------------- the checks on the real engines and files


def test_pack_check_fails_with_the_packs_own_message(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('name = "bad"\nprompts = []\n')
    with pytest.raises(PackError) as raised:
        load_pack(bad)
    check = check_pack(str(bad))
    assert not check.ok and check.detail == str(raised.value) and "--pack" in check.fix


def test_pack_check_passes_on_the_default_pack():
    check = check_pack(None)
    assert check.ok and check.detail.startswith("closing: ") and "5 checklist items" in check.detail


def test_data_folder_not_created_yet_is_fine(tmp_path):
    assert check_data_folder(None) == Check(DATA, True, "not created yet (nothing stored)")
    later = check_data_folder(tmp_path / "voicecoach")
    assert later.ok and later.detail.startswith("not created yet (nothing stored)")


def test_data_folder_in_use(tmp_path):
    (tmp_path / "history.sqlite").write_bytes(b"")
    assert check_data_folder(tmp_path) == Check(DATA, True, f"{tmp_path} (writable)")
    taken = tmp_path / "history.sqlite"
    check = check_data_folder(taken)
    assert not check.ok and "is a file" in check.detail and str(taken) in check.fix


@pytest.mark.parametrize("name", [None, "sphinx"])
def test_recognizer_check_hears_the_demo_answer(name):
    check = check_recognizer() if name is None else check_recognizer(name)
    assert check.ok, check
    assert check.detail.startswith(f'{name or "faster-whisper"} heard "') and "network" not in check.detail


def test_recognizer_check_says_what_to_do_about_a_bad_model(tmp_path):
    check = check_recognizer("sphinx", model=str(tmp_path))
    assert not check.ok and str(tmp_path) in check.detail
    assert check.fix == "pass --model a model sphinx can read, or leave out --model"


def test_recognizer_check_fails_when_a_clear_recording_gives_no_words(tmp_path):
    beep = save_wav(tmp_path / "beep.wav", tone(1.0))  # no words in it (digital silence makes sphinx hear "dog")
    check = check_recognizer("sphinx", clip=beep)
    assert not check.ok and "heard no words" in check.detail and "pocketsphinx" in check.fix


def test_voice_check_renders_speech():
    check = check_voice()
    assert check.ok, check
    assert check.detail.startswith("pyttsx3 speaks (")


def test_voice_check_names_a_voice_that_is_not_there():
    check = check_voice(voice="no-such-voice-anywhere")
    assert not check.ok and "no voice named 'no-such-voice-anywhere'" in check.detail and "--no-voice" in check.fix


# ---------------------------------------------------------------- the command, through the real device path


def _lines(done: subprocess.CompletedProcess) -> dict[str, str]:
    """Each check's printed line by check name; asserts every check printed one, in order, and a last line."""
    lines = done.stdout.splitlines()
    assert [line[:12].strip() for line in lines[:-1]] == list(NAMES), done.stdout
    assert lines[-1].startswith(("Ready:", "Not ready:"))
    assert "Traceback" not in done.stderr + done.stdout
    return {line[:12].strip(): line for line in lines[:-1]}


def test_doctor_hears_speech_through_the_headset(headset):
    env, say_into_mic, headphones = headset
    say_into_mic(speak("Thank you. I would really like to join the team. What are the next steps?", voice="awb"))
    done = run_cli("doctor", "--seconds", "2", "--play", env=env, timeout=60)
    lines = _lines(done)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "sound heard, loudest" in lines[MICROPHONE] and lines[MICROPHONE].split()[1] == "ok"
    loudest = float(lines[MICROPHONE].split("loudest ")[1].split()[0])
    assert SOUND_FLOOR_DBFS < loudest < 0
    assert "played a tone" in lines[SPEAKER]
    played = np.frombuffer(headphones.read_bytes(), dtype="<i2")
    assert len(played) >= 16000 * 0.5 * 0.9 and np.abs(played).max() > 3000  # the half-second tone at -20 dBFS
    assert done.stdout.splitlines()[-1] == "Ready: practice will work: voicecoach practice"
    assert "listening for 2 s" in done.stderr  # the meter, as plain lines when not on a terminal


def test_doctor_says_when_the_microphone_hears_nothing(headset, tmp_path):
    env, say_into_mic, _ = headset
    say_into_mic(silence(3.0))  # a muted microphone: digital silence
    done = run_cli("doctor", "--seconds", "1", "--input-device", "mic", env=env, timeout=60)
    lines = _lines(done)
    assert done.returncode == 1
    assert lines[MICROPHONE].startswith('microphone   FAIL  no sound heard from "mic"')
    assert lines[MICROPHONE].endswith(f": {SILENT_MIC_FIX}") and f"over {SOUND_FLOOR_DBFS:g} dBFS" in lines[MICROPHONE]
    assert all(lines[name].split()[1 + name.count(" ")] == "ok" for name in NAMES if name != MICROPHONE)


def test_doctor_reports_a_bad_pack_with_the_packs_message(headset, tmp_path):
    env, say_into_mic, _ = headset
    say_into_mic(speak("I really want this job.", voice="slt"))
    bad = tmp_path / "bad.toml"
    bad.write_text("prompts = [\n")
    with pytest.raises(PackError) as raised:
        load_pack(bad)
    done = run_cli("doctor", "--seconds", "1", "--pack", str(bad), env=env, timeout=60)
    lines = _lines(done)
    assert done.returncode == 1
    assert lines[PACK].startswith(f"pack         FAIL  {raised.value}: correct the pack file")
    assert done.stdout.splitlines()[-1] == "Not ready: 1 problem (pack)"


def test_doctor_with_no_sound_devices_at_all(tmp_path):
    env = no_sound_env(tmp_path)
    if "No sound devices" not in run_cli("devices", env=env).stdout:
        pytest.skip("this machine has a sound card")
    done = run_cli("doctor", env=env, timeout=60)
    lines = _lines(done)
    assert done.returncode == 1
    assert lines[MICROPHONE] == f"microphone   FAIL  {NO_MIC_FIX}"
    assert lines[SPEAKER].startswith("speaker      warn  no speaker found")
    assert done.stdout.splitlines()[-1] == f"Not ready: 1 problem (microphone); {NO_MIC_NOTE}"
    assert "listening" not in done.stderr  # nothing to listen to: no meter


@pytest.mark.parametrize("seconds", ["nan", "0", "-2", "1e9"])
def test_doctor_refuses_a_bad_listening_time(seconds):
    done = run_cli("doctor", "--seconds", seconds, timeout=30)
    assert done.returncode == 2 and "--seconds" in done.stderr and "Traceback" not in done.stderr


@pytest.mark.slow
def test_a_stalled_microphone_does_not_hang_doctor(headset, tmp_path):
    # a USB microphone that stops mid-check: the FIFO feeding the mic gets a quarter second of audio, then nothing
    env, _, _ = headset
    fifo = tmp_path / "mic.raw"
    os.mkfifo(fifo)
    feeder = subprocess.Popen([sys.executable, "-c", f"import time; f = open({str(fifo)!r}, 'wb'); "
                               "f.write(bytes(8000)); f.flush(); time.sleep(120)"])  # fmt: skip
    try:
        started = time.monotonic()
        done = run_cli("doctor", "--seconds", "1", env=env, timeout=60)
        took = time.monotonic() - started
    finally:
        feeder.kill()
        feeder.wait()
    lines = _lines(done)
    assert done.returncode == 1 and took < 40
    assert lines[MICROPHONE].startswith(("microphone   FAIL  stalled: no answer within 7 s: unplug the microphone",
                                         'microphone   FAIL  "default" (device'))  # fmt: skip


def test_doctor_checks_the_folder_practice_saves_sessions_in(tmp_path):
    home = tmp_path / "home"
    env = {**no_sound_env(tmp_path), "VOICECOACH_HOME": str(home)}
    before = _lines(run_cli("doctor", "--seconds", "1", env=env, timeout=120))
    assert before[DATA] == f"data folder  ok    not created yet (nothing stored) ({home})"
    assert run_cli("practice", "--demo", "--no-voice", "--rounds", "1", env=env, timeout=120).returncode == 0
    after = _lines(run_cli("doctor", "--seconds", "1", env=env, timeout=120))
    assert after[DATA] == f"data folder  ok    {home} (writable)"
