"""`voicecoach doctor`: whether practice will work here, checked part by part, with the one thing to do for each.

Each check is a function returning a frozen Check; the runner gives each its own thread and a time limit, so a
stalled device or engine is reported as stalled instead of hanging doctor, and prints one line per check:

    microphone   ok    "USB headset" (device 2): sound heard, loudest -18 dBFS (sound is over -50 dBFS; room ...
    speaker      warn  no speaker found (practice prints what the interviewer says): plug in headphones, then ...
    voice        ok    pyttsx3 speaks (2.2 s of audio at 22050 Hz)
    ...
    Ready: practice will work (without the speaker): voicecoach practice
"""

from __future__ import annotations

import argparse
import contextlib
import math
import os
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TextIO

from voicecoach.audio.devices import DeviceError, pick_device, sounddevice
from voicecoach.audio.pcm import SAMPLE_RATE, SAMPLE_WIDTH, AudioFileError, load_wav
from voicecoach.cli_types import DEFAULT_SECONDS, MAX_SECONDS, seconds_option  # noqa: F401 (the CLI's)
from voicecoach.config import DEFAULTS
from voicecoach.engines.protocols import EngineUnavailable
from voicecoach.engines.registry import build_recognizer, build_voice, recognizer_info
from voicecoach.packs.pack import PackError, load_pack
from voicecoach.shipped import shipped_dir
from voicecoach.voices import voice_engine_of

SOUND_FLOOR_DBFS = -50.0
"""A 20 ms frame louder than this (RMS, dB below full scale) is sound. A working headset microphone in a quiet room
hisses at about -60 to -70 dBFS and a muted one gives digital silence (-96), while speech into a headset is about
-35 to -15 dBFS, and even a laptop's built-in microphone at arm's length hears it above -45: -50 lies between."""
SILENCE_DBFS = -96.0
"""The level of digital silence: one step of a 16-bit sample is -90 dBFS, so nothing real is quieter."""
METER_FROM_DBFS = -70.0
"""The quiet end of the level meter's bar (its loud end is 0 dBFS, full scale)."""
PORTAUDIO_FIX = "install PortAudio (Debian/Ubuntu: sudo apt-get install libportaudio2), or run scripts/setup"
"""What to do when sounddevice cannot load PortAudio."""
NO_MIC_NOTE = "without a microphone, `voicecoach practice --demo` still works"
"""Said last when the microphone check fails: practice can still be tried on recorded answers."""
VOICE_PHRASE = "Do you have any questions for us?"
"""What the voice check renders: a closing prompt, as practice says it."""
DEMO_DIR = shipped_dir("demo", "audio/demo")
"""The recorded demo answers; the recognizer check transcribes the first."""
MICROPHONE, SPEAKER, VOICE, RECOGNIZER, PACK, DATA = (
    "microphone", "speaker", "voice", "recognizer", "pack", "data folder"
)  # fmt: skip
"""The checks' names, as printed at the start of their lines."""
LevelListener = Callable[[float, float], None]
"""Told each 20 ms frame's level in dBFS and the seconds heard so far (the level meter)."""
_FIX_STARTS = ("pip ", "install ", "sudo ", "pass ", "run ", "choose ", "--")
"""How an engine message's instruction begins, after "what is wrong: " (EngineUnavailable says what to do)."""


@dataclass(frozen=True)
class Check:
    """The outcome of one check: `Check("pack", False, "prompts: must be a list", "correct the pack file")`."""

    name: str
    ok: bool
    detail: str
    """What was found, in a few words."""
    fix: str = ""
    """When not ok: the one thing to do."""
    needed: bool = True
    """False when practice still runs without it (no speaker: practice prints what the interviewer says)."""


@dataclass(frozen=True)
class Step:
    """One check to run: its name, the function, how long it may take, what to do if it stalls or breaks."""

    name: str
    run: Callable[[], Check]
    timeout_s: float
    fix: str
    """Said when the check stalls past timeout_s or fails in a way its function did not foresee."""
    needed: bool = True


# ---------------------------------------------------------------- pure helpers


def level_dbfs(pcm: bytes) -> float:
    """The RMS level of 16-bit mono PCM in dB below full scale: level_dbfs(bytes(640)) == SILENCE_DBFS."""
    import numpy as np

    samples = np.frombuffer(pcm[: len(pcm) // SAMPLE_WIDTH * SAMPLE_WIDTH], dtype="<i2").astype(np.float64)
    if not samples.size:
        return SILENCE_DBFS
    rms = math.sqrt(float(np.mean(samples * samples)))
    return max(SILENCE_DBFS, 20 * math.log10(rms / 32768)) if rms else SILENCE_DBFS


def meter_bar(dbfs: float, width: int = 30) -> str:
    """A text level bar from METER_FROM_DBFS to 0 dBFS; the sound floor shows as "|" until the level passes it.

    meter_bar(-60, 10) == "#..|......" and meter_bar(-20, 10) == "#######..."
    """

    def cells(level: float) -> int:
        return round((min(0.0, max(METER_FROM_DBFS, level)) - METER_FROM_DBFS) / -METER_FROM_DBFS * width)

    filled, floor = cells(dbfs), min(cells(SOUND_FLOOR_DBFS), width - 1)
    return "".join("#" if i < filled else "|" if i == floor else "." for i in range(width))


def split_fix(message: str, default: str) -> tuple[str, str]:
    """An engine message "what is wrong: what to do" as (detail, fix); default when no instruction follows."""
    head, sep, tail = message.partition(": ")
    if sep and tail.lower().startswith(_FIX_STARTS):
        return head, tail
    return message, default


def report_line(check: Check) -> str:
    """One printed line: name, ok/FAIL/warn, what was found and, when not ok, what to do."""
    status = "ok" if check.ok else ("FAIL" if check.needed else "warn")
    line = f"{check.name:<12} {status:<5} {check.detail}"
    return f"{line}: {check.fix}" if not check.ok and check.fix else line


def verdict(checks: Sequence[Check]) -> tuple[int, str]:
    """The exit code (0 only when every needed check passed) and the last line."""
    failed = [c for c in checks if c.needed and not c.ok]
    warned = [c for c in checks if not c.needed and not c.ok]
    if not failed:
        without = f" (without the {', '.join(c.name for c in warned)})" if warned else ""
        return 0, f"Ready: practice will work{without}: voicecoach practice"
    names = ", ".join(c.name for c in failed)
    line = f"Not ready: {len(failed)} {'problem' if len(failed) == 1 else 'problems'} ({names})"
    if any(c.name == MICROPHONE for c in failed):
        line += f"; {NO_MIC_NOTE}"
    return 1, line


def _seconds_of(pcm_bytes: int) -> float:
    return pcm_bytes / (SAMPLE_RATE * SAMPLE_WIDTH)


def tone(seconds: float = 0.5, hz: float = 440.0, dbfs: float = -20.0) -> bytes:
    """A sine tone as 16 kHz mono int16, faded in and out so it does not click."""
    import numpy as np

    t = np.arange(int(seconds * SAMPLE_RATE)) / SAMPLE_RATE
    wave = np.sin(2 * np.pi * hz * t) * 10 ** (dbfs / 20)
    fade = min(len(t) // 2, SAMPLE_RATE // 100)
    if fade:
        ramp = np.linspace(0.0, 1.0, fade)
        wave[:fade] *= ramp
        wave[-fade:] *= ramp[::-1]
    return (wave * 32767).astype("<i2").tobytes()


# ---------------------------------------------------------------- the checks


def _portaudio():
    """sounddevice, or None when PortAudio is missing."""
    try:
        return sounddevice()
    except DeviceError:
        return None


def check_microphone(
    device: str | None = None, *, seconds: float = DEFAULT_SECONDS, on_level: LevelListener | None = None,
    stop: threading.Event | None = None,
) -> Check:  # fmt: skip
    """The microphone opens and, within `seconds` of audio, delivers sound above SOUND_FLOOR_DBFS."""
    from voicecoach.audio.sources import Microphone

    sd = _portaudio()
    if sd is None:
        return Check(MICROPHONE, False, "PortAudio is not installed (sounddevice needs it)", PORTAUDIO_FIX)
    try:
        index = pick_device(device, "input")
    except DeviceError:
        if device is None:
            return Check(MICROPHONE, False, "no microphone found", "plug in a headset, then `voicecoach devices`")
        return Check(MICROPHONE, False, f"no microphone matches --input-device {device!r}",
                     "pick one from `voicecoach devices`")  # fmt: skip
    name = f'"{sd.query_devices(index)["name"]}" (device {index})'
    loudest, heard, opened = SILENCE_DBFS, 0, False
    deadline = time.monotonic() + 2 * seconds + 2  # a microphone that delivers slower than real time still ends
    try:
        with Microphone(index) as mic:
            mic.answer()
            opened = True
            for chunk in mic:
                level = level_dbfs(chunk)
                loudest, heard = max(loudest, level), heard + len(chunk)
                if on_level:
                    on_level(level, _seconds_of(heard))
                if _seconds_of(heard) >= seconds or time.monotonic() > deadline or (stop and stop.is_set()):
                    break
            if mic.failure is not None:  # no frame for STALL_S: the iteration ended early, with what was heard
                raise mic.failure
    except DeviceError as exc:
        if not opened:
            return Check(MICROPHONE, False, f"{name} does not open ({exc})",
                         "close other programs using it, or plug it in again, then `voicecoach devices`")  # fmt: skip
        return Check(MICROPHONE, False, f"{name} stopped sending sound after {_seconds_of(heard):.1f} s",
                     "check the headset cable, then `voicecoach devices`")  # fmt: skip
    floor = f"sound is over {SOUND_FLOOR_DBFS:g} dBFS; room hiss is under"
    if loudest <= SOUND_FLOOR_DBFS:
        return Check(MICROPHONE, False, f"no sound heard from {name} in {_seconds_of(heard):.1f} s "
                     f"(loudest {loudest:.0f} dBFS; {floor})",
                     "speak during the check, or check the mute switch")  # fmt: skip
    return Check(MICROPHONE, True, f"{name}: sound heard, loudest {loudest:.0f} dBFS ({floor})")


def check_speaker(device: str | None = None, *, play: bool = False) -> Check:
    """The speaker opens (and with play=True sounds a short tone); practice prints instead when it cannot."""
    sd = _portaudio()
    if sd is None:
        return Check(SPEAKER, False, "PortAudio is not installed (sounddevice needs it)", PORTAUDIO_FIX, needed=False)
    try:
        index = pick_device(device, "output")
    except DeviceError:
        wanted = "no speaker found" if device is None else f"no speaker matches --output-device {device!r}"
        return Check(SPEAKER, False, f"{wanted} (practice prints what the interviewer says)",
                     "plug in headphones, then `voicecoach devices`", needed=False)  # fmt: skip
    name = f'"{sd.query_devices(index)["name"]}" (device {index})'
    try:
        stream = sd.RawOutputStream(samplerate=SAMPLE_RATE, channels=1, dtype="int16", device=index)
        with contextlib.closing(stream):  # close() discards what is left if anything below fails
            stream.start()
            if play:
                stream.write(tone())
            stream.stop()  # waits for the tone to finish playing
    except sd.PortAudioError as exc:
        return Check(SPEAKER, False, f"{name} does not open ({exc}; practice prints what the interviewer says)",
                     "close other programs using it, or plug it in again, then `voicecoach devices`",
                     needed=False)  # fmt: skip
    return Check(SPEAKER, True, f"{name} {'played a tone' if play else 'opens (--play sounds a tone)'}")


def check_voice(engine: str = DEFAULTS.voice_engine, *, voice: str | None = DEFAULTS.voice) -> Check:
    """The interviewer's voice builds and renders a short phrase."""
    try:
        built = build_voice(engine, rate_wpm=DEFAULTS.rate_wpm, voice=voice)
    except EngineUnavailable as exc:
        return Check(VOICE, False, *split_fix(str(exc), "practise with --no-voice meanwhile"))
    try:
        with contextlib.closing(built):
            pcm, rate = built.render(VOICE_PHRASE)
    except EngineUnavailable as exc:
        return Check(VOICE, False, *split_fix(str(exc), "run again, or practise with --no-voice"))
    if not pcm:
        return Check(VOICE, False, f"{engine} rendered no audio", "run again, or practise with --no-voice")
    return Check(VOICE, True, f"{engine} speaks ({len(pcm) / SAMPLE_WIDTH / rate:.1f} s of audio at {rate} Hz)")


def check_recognizer(name: str = DEFAULTS.recognizer, *, model: str | None = DEFAULTS.model,
                     clip: Path | None = None) -> Check:  # fmt: skip
    """The recognizer builds and transcribes a known answer (the first demo answer; a tone if it is missing)."""
    try:
        info = recognizer_info(name)
    except EngineUnavailable as exc:
        return Check(RECOGNIZER, False, *split_fix(str(exc), "see `voicecoach doctor --help` for --recognizer"))
    default_fix = (f"pass --model a model {name} can read, or leave out --model" if model
                   else f"reinstall it: pip install --force-reinstall {info.package}" if info.package
                   else "run again")  # fmt: skip
    away = "" if info.offline else " (it sends audio over the network)"
    started = time.perf_counter()
    try:
        recognizer = build_recognizer(name, model=model)
    except EngineUnavailable as exc:
        return Check(RECOGNIZER, False, *split_fix(str(exc), default_fix))
    except Exception as exc:  # engines raise their own errors on a bad model folder (pocketsphinx: RuntimeError)
        what = f"{name} does not load{f' the model {model}' if model else ''} ({exc})"
        return Check(RECOGNIZER, False, what, default_fix)
    clip = clip if clip is not None else next(iter(sorted(DEMO_DIR.glob("*.wav"))), None)
    try:
        pcm = load_wav(clip) if clip is not None else tone(1.0)
    except AudioFileError:
        clip, pcm = None, tone(1.0)  # a damaged demo answer is the install's problem, not the recognizer's
    try:
        heard = recognizer.transcribe(pcm).text
    except EngineUnavailable as exc:
        return Check(RECOGNIZER, False, *split_fix(str(exc), default_fix))
    took = time.perf_counter() - started
    if clip is None:  # a tone holds no words: that it transcribes at all is what can be checked
        return Check(RECOGNIZER, True, f"{name} loads and transcribes in {took:.1f} s{away} (no demo answer for words)")
    if not heard.strip():
        return Check(RECOGNIZER, False, f"{name} heard no words in a recorded answer ({clip.name}){away}", default_fix)
    words = heard.split()
    quoted = " ".join(words[:6]) + (" ..." if len(words) > 6 else "")
    return Check(RECOGNIZER, True, f'{name} heard "{quoted}" in {took:.1f} s{away}')


def check_pack(name_or_path: str | None = DEFAULTS.pack) -> Check:
    """The prompt pack loads."""
    try:
        pack = load_pack(name_or_path)
    except PackError as exc:
        fix = ("correct the pack file or the --pack name, or leave out --pack for the default pack" if name_or_path
               else "reinstall voicecoach: its default pack is damaged")  # fmt: skip
        return Check(PACK, False, str(exc), fix)
    found = f"{pack.name}: {len(pack.prompts)} prompts, {len(pack.items)} checklist items ({pack.path})"
    return Check(PACK, True, found)


def check_data_folder(folder: Path | None = None) -> Check:
    """The folder practice saves sessions in (voicecoach/store) is usable; until the first session makes it,
    "not created yet" is fine. None: no folder to check."""
    if folder is None or not folder.exists():
        where = f" ({folder})" if folder is not None else ""
        return Check(DATA, True, f"not created yet (nothing stored){where}")
    if not folder.is_dir():
        return Check(DATA, False, f"{folder} is a file, not a folder", f"move {folder} out of the way")
    if not os.access(folder, os.W_OK | os.X_OK):
        return Check(DATA, False, f"{folder} cannot be written", f"give yourself write access: chmod u+rwx {folder}")
    return Check(DATA, True, f"{folder} (writable)")


# ---------------------------------------------------------------- the runner


def run_step(step: Step) -> Check:
    """One check on its own thread, given at most step.timeout_s; a stall or a surprise becomes a failed Check."""
    done: list[Check] = []

    def target() -> None:
        try:
            done.append(step.run())
        except Exception as exc:  # a check never ends doctor with a traceback
            done.append(Check(step.name, False, f"failed ({type(exc).__name__}: {exc})", step.fix))

    thread = threading.Thread(target=target, name=f"doctor-{step.name}", daemon=True)
    thread.start()
    thread.join(step.timeout_s)
    if thread.is_alive():
        return Check(step.name, False, f"stalled: no answer within {step.timeout_s:g} s", step.fix, needed=step.needed)
    return replace(done[0], needed=done[0].needed and step.needed)


def run_checks(steps: Sequence[Step], out: TextIO, *, after: Callable[[Step], None] | None = None) -> list[Check]:
    """Run each step in turn, printing its line to out as soon as it is known (after: called as each step ends)."""
    checks = []
    for step in steps:
        try:
            check = run_step(step)
        finally:
            if after:
                after(step)
        print(report_line(check), file=out, flush=True)
        checks.append(check)
    return checks


class LevelMeter:
    """The microphone's live level: a bar redrawn in place on a terminal (then cleared), else a line a second."""

    def __init__(self, out: TextIO, seconds: float):
        self.out = out
        self.seconds = seconds
        self.tty = out.isatty()
        self._shown_at = -1.0
        self._loudest = SILENCE_DBFS

    def __call__(self, dbfs: float, heard_s: float) -> None:
        if self._shown_at < 0 and not self.tty:
            print(f"microphone: listening for {self.seconds:g} s: say something", file=self.out, flush=True)
        self._loudest = max(self._loudest, dbfs)  # the loudest since the last redraw: short syllables still show
        if heard_s - self._shown_at < (0.1 if self.tty else 1.0) and heard_s < self.seconds:
            return
        self._shown_at = heard_s
        bar = f"[{meter_bar(self._loudest)}] {self._loudest:4.0f} dBFS  {heard_s:3.1f}/{self.seconds:g} s"
        self._loudest = SILENCE_DBFS
        if self.tty:
            print(f"\rmicrophone: say something  {bar}\033[K", end="", file=self.out, flush=True)
        else:
            print(f"  {bar}", file=self.out, flush=True)

    def finish(self) -> None:
        """Clear the bar, so the check's own line follows on a clean line."""
        if self.tty and self._shown_at >= 0:
            print("\r\033[K", end="", file=self.out, flush=True)


def doctor_steps(args: argparse.Namespace, *, meter: LevelListener | None = None, stop: threading.Event | None = None,
                 data_folder: Path | None = None) -> list[Step]:  # fmt: skip
    """The checks practice needs, in the order they are run, from doctor's options."""
    return [
        Step(MICROPHONE, lambda: check_microphone(args.input_device, seconds=args.seconds, on_level=meter, stop=stop),
             args.seconds * 2 + 5, "unplug the microphone and plug it in again, then `voicecoach devices`"),
        Step(SPEAKER, lambda: check_speaker(args.output_device, play=args.play), 10,
             "unplug the headphones and plug them in again, then `voicecoach devices`", needed=False),
        Step(VOICE, lambda: check_voice(voice_engine_of(args), voice=getattr(args, "voice", DEFAULTS.voice)), 30,
             "run again, or practise with --no-voice"),
        Step(RECOGNIZER, lambda: check_recognizer(args.recognizer, model=args.model), 180,
             "run again; a first run may be loading or fetching the model"),
        Step(PACK, lambda: check_pack(args.pack), 10, "run again; if it repeats, leave out --pack"),
        Step(DATA, lambda: check_data_folder(data_folder), 10, "check the disk the folder is on"),
    ]  # fmt: skip


def run_doctor(args: argparse.Namespace) -> int:
    """`voicecoach doctor`: print a line per check and a verdict; 0 when practice will work, 1 otherwise."""
    meter = LevelMeter(sys.stderr, args.seconds)  # stderr: the report on stdout stays clean when redirected
    stop = threading.Event()

    def after(step: Step) -> None:
        if step.name == MICROPHONE:
            meter.finish()

    try:
        from voicecoach.store.paths import data_dir  # where practice saves the sessions

        steps = doctor_steps(args, meter=meter, stop=stop, data_folder=data_dir())
        checks = run_checks(steps, sys.stdout, after=after)
    except KeyboardInterrupt:
        stop.set()  # the microphone check ends at its next frame
        print("doctor: interrupted", file=sys.stderr, flush=True)
        _leave_if_stalled(130, grace_s=1.0)
        return 130
    code, last = verdict(checks)
    print(last, flush=True)
    _leave_if_stalled(code)
    return code


def _leave_if_stalled(code: int, *, grace_s: float = 0.0) -> None:
    """Exit at once when a check's thread is still stuck in a device or engine after grace_s: ending normally would
    wait on it (PortAudio's exit handler terminates the library, which waits for the stalled stream)."""
    deadline = time.monotonic() + grace_s
    for thread in threading.enumerate():
        if thread.name.startswith("doctor-"):
            thread.join(max(0.0, deadline - time.monotonic()))
            if thread.is_alive():
                for stream in (sys.stdout, sys.stderr):
                    with contextlib.suppress(Exception):
                        stream.flush()
                os._exit(code)
