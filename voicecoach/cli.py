"""The command line: `voicecoach practice | assess | devices | bench`."""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import os
import signal
import sys
import threading
from pathlib import Path

from voicecoach import __version__
from voicecoach.audio.pcm import AudioFileError, load_wav
from voicecoach.audio.devices import DeviceError, list_devices
from voicecoach.events import ErrorEvent, Event, EventBus, EventLog
from voicecoach.checklist.matcher import Matcher
from voicecoach.packs.pack import PackError, load_pack
from voicecoach.config import DEFAULTS
from voicecoach.engines.protocols import EngineUnavailable
from voicecoach.engines.registry import build_recognizer, build_voice, recognizer_info, recognizer_names
from voicecoach.shipped import shipped_dir
from voicecoach.transcript import Transcript
from voicecoach.turn.end_of_answer import TurnRules

DEMO_DIR = shipped_dir("demo", "audio/demo")
"""The recorded demo answers: the repository's audio/demo/, installed as voicecoach/demo/."""
USER_ERRORS = (PackError, AudioFileError, DeviceError, EngineUnavailable)
EXIT_USAGE = 2
DEMO_READING_WPM = 300.0
"""How fast the demo expects its feedback to be read on a terminal (VOICECOACH_DEMO_PACE overrides it)."""
EXIT_INTERRUPTED = 130


class UserError(Exception):
    """Bad input from the person at the keyboard: one line, exit 2."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="voicecoach", description="Practise the close of a job interview, out loud, offline.")
    parser.add_argument("--version", action="version", version=f"voicecoach {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def engine_options(p: argparse.ArgumentParser) -> None:
        p.add_argument("--pack", default=DEFAULTS.pack, help="prompt pack: a name in prompts/ or a path to a .toml file (default: closing)")
        p.add_argument("--recognizer", default=DEFAULTS.recognizer, choices=recognizer_names(), help=_recognizer_help())
        p.add_argument("--model", default=DEFAULTS.model, help="model folder (vosk) or model name/folder (whisper, faster-whisper)")

    practice = commands.add_parser("practice", help="practise closing answers by voice")
    engine_options(practice)
    practice.add_argument("--rounds", type=int, help=f"number of prompts (default {DEFAULTS.rounds}; with --answers, one per file)")
    practice.add_argument("--answers", nargs="+", metavar="WAV", help="recorded answers to play in place of the microphone")
    practice.add_argument("--demo", action="store_true", help="run on the sample answers in audio/demo")
    practice.add_argument("--or-demo", action="store_true", help="run the demo when there is no microphone")
    practice.add_argument("--input-device", help="microphone by index or name (see `voicecoach devices`)")
    practice.add_argument("--output-device", help="speaker by index or name")
    practice.add_argument("--speak-to", metavar="DIR", help="write what the interviewer says as WAV files instead of playing it")
    practice.add_argument("--no-voice", action="store_true", help="print only; say nothing")
    practice.add_argument("--voice", default=DEFAULTS.voice, help="interviewer voice name or id (pyttsx3)")
    practice.add_argument("--rate", type=int, default=DEFAULTS.rate_wpm,
                          help="interviewer speaking rate in words per minute (default %(default)s)")
    practice.add_argument("--end-silence", type=float, default=DEFAULTS.turn.end_silence_s,
                          help="seconds of silence that end an answer (default %(default)s)")
    practice.add_argument("--max-answer", type=float, default=DEFAULTS.turn.max_answer_s,
                          help="longest answer in seconds (default %(default)g)")
    practice.add_argument("--events", metavar="FILE", help="append session events to FILE as JSON lines")
    practice.add_argument("--seed", type=int, help="fix the order of the prompts and the interviewer's choices")
    practice.add_argument("--interviewer-style", default=DEFAULTS.interviewer_style,
                          help="how the interviewer plays along: warm, rushed or skeptical (from the pack)")
    practice.add_argument("--no-roleplay", action="store_true", default=not DEFAULTS.roleplay,
                          help="the interviewer only asks; it does not answer questions or raise reservations")
    practice.set_defaults(run=run_practice)

    assess = commands.add_parser("assess", help="check one answer (text or audio) against the checklist")
    engine_options(assess)
    given = assess.add_mutually_exclusive_group()
    given.add_argument("--text", help="the answer as text")
    given.add_argument("--audio", metavar="WAV", help="the answer as an audio file")
    assess.add_argument("--json", action="store_true", help="print JSON (one object per answer)")
    assess.add_argument("--rules-only", action="store_true",
                        help="judge by the matcher's rules alone, without the learned layer")
    assess.set_defaults(run=run_assess)

    devices = commands.add_parser("devices", help="list microphones and speakers")
    devices.set_defaults(run=run_devices)

    bench = commands.add_parser("bench", help="run a benchmark: matching, latency or commands")
    bench.add_argument("name", choices=("matching", "latency", "commands", "recognizers"))
    bench.add_argument("rest", nargs=argparse.REMAINDER, help="the benchmark's own options")
    bench.set_defaults(run=run_bench)
    return parser


def _recognizer_help() -> str:
    """--recognizer's help: the default, and which engines send audio away (read from the registry)."""
    online = []
    for name in recognizer_names():
        with contextlib.suppress(EngineUnavailable):  # a plugin that cannot load is still a choice; building says why
            if not recognizer_info(name).offline:
                online.append(name)
    default = f"default: %(default)s{', offline' if DEFAULTS.recognizer not in online else ''}"
    if not online:
        return f"speech recognizer ({default})"
    return f"speech recognizer ({default}; {', '.join(online)} {'sends' if len(online) == 1 else 'send'} audio over the network)"


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except (UserError, *USER_ERRORS) as exc:
        print(f"voicecoach: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:
        # the reader stopped early ("voicecoach assess --json < answers.txt | head"): nothing more to say
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


# ---------------------------------------------------------------- practice


def run_practice(args: argparse.Namespace) -> int:
    from voicecoach.session import Session
    from voicecoach.view import make_view

    if args.rounds is not None and args.rounds < 1:
        raise UserError("--rounds must be 1 or more")
    if args.end_silence <= 0.3 or args.max_answer <= args.end_silence:
        raise UserError("--end-silence must be over 0.3 s and --max-answer longer than it")
    pack = load_pack(args.pack)
    with contextlib.ExitStack() as stack:
        view = stack.enter_context(make_view(sys.stdout, checklist=pack.items))
        source, rounds = _answer_source(args, stack, view)
        recognizer = build_recognizer(args.recognizer, model=args.model)
        if not recognizer.offline:
            print(f"note: the {args.recognizer} recognizer sends your answers' audio over the network", file=sys.stderr)
        speaker = _speaker(args)
        stack.callback(speaker.close)
        listeners = [view]
        if args.events:
            try:
                log = EventLog(args.events)
            except ValueError as exc:
                raise UserError(str(exc)) from None
            stack.callback(log.close)
            listeners.append(log)
        ctrl_c = stack.enter_context(CtrlC())
        bus = EventBus(*listeners, ctrl_c)
        rules = TurnRules(end_silence_s=args.end_silence, max_answer_s=args.max_answer)
        if args.interviewer_style and args.interviewer_style not in pack.styles:
            raise UserError(f"{pack.path}: no interviewer style {args.interviewer_style!r} (styles: {', '.join(pack.styles) or 'none'})")
        session = Session(
            pack=pack, recognizer=recognizer, speaker=speaker, source=source, bus=bus, rules=rules, seed=args.seed,
            style=args.interviewer_style, roleplay=not args.no_roleplay, **_recorded_pacing(args, source),
        )  # fmt: skip
        try:
            summary = session.run(rounds)
            session.speak_summary(summary)
        except KeyboardInterrupt:
            ctrl_c.pressed = False  # handled: the summary's events go through
            session.summary()
            return EXIT_INTERRUPTED
        except (DeviceError, EngineUnavailable) as exc:
            bus.emit(ErrorEvent(text=str(exc)))
            session.summary()
            print(f"voicecoach: {exc}", file=sys.stderr)
            return 1
    return 0


class CtrlC:
    """Ctrl-C that is never lost. A process started in the background (nohup, some CI runners) inherits SIGINT
    ignored, and Python then installs no handler of its own: Ctrl-C did nothing. And a KeyboardInterrupt raised
    inside a C library's callback (the speech engine calls back into Python while it renders) is swallowed
    there. So the handler is set here, and a press is also remembered and raised again at the session's next
    event (as a bus listener)."""

    def __init__(self) -> None:
        self.pressed = False

    def __enter__(self) -> CtrlC:
        self._before = signal.signal(signal.SIGINT, self._on_press)
        return self

    def __exit__(self, *exc) -> None:
        signal.signal(signal.SIGINT, self._before)

    def _on_press(self, signum, frame) -> None:
        self.pressed = True
        raise KeyboardInterrupt

    def __call__(self, event: Event) -> None:
        if self.pressed and threading.current_thread() is threading.main_thread():
            raise KeyboardInterrupt


def _answer_source(args, stack: contextlib.ExitStack, view):
    """Recorded answers (--answers, --demo) or the microphone, and how many rounds to play."""
    from voicecoach.audio.sources import RecordedAnswers, open_microphone

    def recorded(paths):
        answers = RecordedAnswers(paths)
        return answers, min(args.rounds or len(answers), len(answers))

    if args.demo:
        return recorded(_demo_answers())
    if args.answers:
        if args.rounds and args.rounds > len(args.answers):
            print(f"note: {len(args.answers)} recorded answers, so {len(args.answers)} rounds", file=sys.stderr)
        return recorded(args.answers)
    try:
        mic = stack.enter_context(open_microphone(args.input_device))
    except DeviceError as exc:
        if not args.or_demo:
            raise
        print(f"note: {str(exc).split(':')[0]}; running the demo on recorded answers instead", file=sys.stderr)
        return recorded(_demo_answers())
    return mic, args.rounds or DEFAULTS.rounds


def _recorded_pacing(args, source) -> dict:
    """Session options for recorded answers: one round per --answers file, and the demo paced for reading.

    A file given with --answers answers a prompt, never the interviewer's concern (which is said and left
    unanswered), so N files are N turns. The demo is one recorded conversation: its fourth answer replies to
    the concern. On a terminal the demo waits after each round's feedback for it to be read
    (VOICECOACH_DEMO_PACE: words per minute, default 300; "off" or 0 for no wait).
    """
    from voicecoach.audio.sources import RecordedAnswers

    demo = args.demo or (not args.answers and isinstance(source, RecordedAnswers))  # or --or-demo standing in
    pace = os.environ.get("VOICECOACH_DEMO_PACE", str(DEMO_READING_WPM)).strip().lower()
    try:
        wpm = float(pace)
    except ValueError:
        wpm = 0.0 if pace == "off" else DEMO_READING_WPM
    return {
        "rebuttals": not (args.answers and not args.demo),
        "reading_wpm": wpm if demo and wpm > 0 and math.isfinite(wpm) and sys.stdout.isatty() else None,
    }


def _demo_answers() -> list[Path]:
    answers = sorted(DEMO_DIR.glob("*.wav"))
    if not answers:
        raise UserError(f"{DEMO_DIR}: the demo answers are missing; reinstall voicecoach from a full checkout")
    return answers


def _speaker(args):
    from voicecoach.audio.playback import Silent, SpeakerOut, SpeakerToFiles

    if args.no_voice:
        return Silent()
    voice = build_voice(DEFAULTS.voice_engine, rate_wpm=args.rate, voice=args.voice)
    if args.speak_to:
        return SpeakerToFiles(voice, args.speak_to)
    try:
        return SpeakerOut(voice, args.output_device)
    except DeviceError as exc:
        if args.output_device:
            raise
        print(f"note: {exc}; printing only (use --speak-to DIR to keep the interviewer's audio)", file=sys.stderr)
        voice.close()
        return Silent()


# ---------------------------------------------------------------- assess


def run_assess(args: argparse.Namespace) -> int:
    from voicecoach.coaching.assess import assess_answer, word_feedback

    pack = load_pack(args.pack)
    matcher = Matcher(pack, learned=not args.rules_only)
    if args.audio:
        pcm = load_wav(args.audio)  # a bad file fails before the recognizer loads
        recognizer = build_recognizer(args.recognizer, model=args.model)
        answers = [recognizer.transcribe(pcm)]
    elif args.text is not None:
        answers = [Transcript.from_text(args.text)]
    else:
        answers = (Transcript.from_text(line) for line in sys.stdin)
    for transcript in answers:
        answer = word_feedback(assess_answer(matcher, transcript), pack)
        if args.json:
            print(json.dumps(answer.to_json(), ensure_ascii=False), flush=True)
        else:
            feedback = answer.feedback
            print(f"Answer: {answer.assessment.transcript}", *feedback.printed, f"Feedback: {feedback.spoken}", sep="\n",
                  flush=True)
    return 0


# ---------------------------------------------------------------- devices, bench


def run_devices(args: argparse.Namespace) -> int:
    rows = list_devices()
    if not rows:
        print("No sound devices found: practise with --answers FILE... or --demo, and --speak-to DIR or --no-voice.")
        return 0
    for row in rows:
        marks = " ".join(m for m, on in (("default-in", row["default_input"]), ("default-out", row["default_output"])) if on)
        print(f"{row['index']:>3}  {row['name']:<40} in:{row['inputs']:<3} out:{row['outputs']:<3} {marks}")
    return 0


def run_bench(args: argparse.Namespace) -> int:
    import importlib

    try:
        bench = importlib.import_module(f"voicecoach.bench.{args.name}")
    except ModuleNotFoundError:
        raise UserError(f"the {args.name} benchmark is not available in this version") from None
    return bench.main(args.rest)
