"""`voicecoach bench commands`: spoken voice commands recognised, and answers mistaken for a command.

Every phrasing in tests/data/commands.jsonl is spoken by each voice (flite's slt, awb, rms,
kal16 and espeak-ng), transcribed by the default recognizer (or --recognizer) as one speech segment, and given
to parse_command. Ordinary closing answers (tests/data/answers-*.jsonl, as written) are
spoken sentence by sentence, one voice per sentence in turn, to count false alarms.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path

from voicecoach.audio.pcm import silence
from voicecoach.bench.corpus import DATA_DIR
from voicecoach.bench.spoken import sentence_wav
from voicecoach.config import DEFAULTS
from voicecoach.engines.protocols import EngineUnavailable
from voicecoach.engines.registry import recognizer_info, recognizer_names
from voicecoach.turn.commands import COMMAND_NAMES, HELP_PHRASES, parse_command

FLITE_VOICES = ("slt", "awb", "rms", "kal16")
VOICES = (*FLITE_VOICES, "espeak")
PAD_S = 0.3
"""Silence either side of a spoken phrase, as the listener pads a segment."""
COMMANDS_FILE = DATA_DIR / "commands.jsonl"
ANSWER_FILES = ("answers-dev.jsonl", "answers-heldout.jsonl")
NEGATIVES_FILE = DATA_DIR / "command-negatives.txt"


@dataclass(frozen=True)
class SpokenCommand:
    """One phrasing of a command, as the person would say it."""

    command: str
    text: str


@dataclass(frozen=True)
class Trial:
    """One utterance spoken, heard and parsed."""

    text: str
    voice: str
    expected: str | None
    """The command meant, or None for a piece of an ordinary answer."""
    heard: str
    got: str | None

    @property
    def ok(self) -> bool:
        return self.got == self.expected


def load_commands(path: Path = COMMANDS_FILE) -> list[SpokenCommand]:
    """The spoken-command test set: JSON lines of {"command", "text"}."""
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [SpokenCommand(row["command"], row["text"]) for row in rows]


def answer_segments(*, max_words: int | None = None, data_dir: Path = DATA_DIR) -> list[str]:
    """Sentences of the ordinary closing answers, each once, in file order (optionally only short ones)."""
    texts = []
    for name in ANSWER_FILES:
        path = data_dir / name
        if path.exists():
            texts += [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines()
                      if line.strip()]
    if not texts and (data_dir / NEGATIVES_FILE.name).exists():
        texts = (data_dir / NEGATIVES_FILE.name).read_text(encoding="utf-8").splitlines()
    seen: dict[str, None] = {}
    for text in texts:
        for sentence in re.split(r"(?<=[.?!])\s+", text.strip()):
            if sentence and (max_words is None or len(sentence.split()) <= max_words):
                seen.setdefault(sentence, None)
    return list(seen)


def render(text: str, voice: str) -> bytes:
    """16 kHz mono int16 of a voice saying text, padded with PAD_S of silence; "espeak" is espeak-ng en-us."""
    return silence(PAD_S) + sentence_wav(text, voice) + silence(PAD_S)


_recognizer = None


def _start_worker(name: str = DEFAULTS.recognizer) -> None:
    global _recognizer
    from voicecoach.engines.registry import build_recognizer

    _recognizer = build_recognizer(name)  # one decoder per worker, as a session loads one


def _hear(job: tuple[str, str]) -> str:
    return _recognizer.transcribe(render(*job)).text


def hear(jobs: Sequence[tuple[str, str]], *, workers: int = 2, recognizer=None,
         name: str = DEFAULTS.recognizer) -> list[str]:
    """What a recognizer heard for each (text, voice), each decoded as one utterance: the one given, or one built
    by name (the default recognizer) in each worker."""
    if recognizer is not None:
        return [recognizer.transcribe(render(*job)).text for job in jobs]
    if workers <= 1:
        _start_worker(name)
        return [_hear(job) for job in jobs]
    with ProcessPoolExecutor(max_workers=workers, initializer=_start_worker, initargs=(name,)) as pool:
        return list(pool.map(_hear, jobs, chunksize=4))


def measure(commands: Sequence[SpokenCommand], negatives: Sequence[str], *,
            voices: Sequence[str] = VOICES, per_phrase: int | None = None, workers: int = 2,
            recognizer=None, name: str = DEFAULTS.recognizer) -> list[Trial]:
    """Each command phrasing in every voice (or in per_phrase voices, rotating), each answer sentence in one voice."""
    n = min(per_phrase or len(voices), len(voices))
    expected = [(c.text, voices[(i + k) % len(voices)], c.command) for i, c in enumerate(commands) for k in range(n)]
    expected += [(s, voices[i % len(voices)], None) for i, s in enumerate(negatives)]
    heard = hear([(text, voice) for text, voice, _ in expected], workers=workers, recognizer=recognizer, name=name)
    trials = []
    for (text, voice, command), words in zip(expected, heard):
        found = parse_command(words)
        trials.append(Trial(text, voice, command, words, found.name if found else None))
    return trials


def recommended(trial: Trial) -> bool:
    """The trial says the phrasing that the help sentence names."""
    said = " ".join(re.sub(r"[^a-z' ]+", " ", trial.text.lower()).split())
    return said in {p.lower() for p in HELP_PHRASES}


def rate(trials: Sequence[Trial]) -> float:
    """The share of trials parsed as expected."""
    return sum(t.ok for t in trials) / len(trials) if trials else 0.0


def summarise(trials: Sequence[Trial]) -> dict:
    """Recognition per command and voice, overall on flite, and the false-alarm rate."""
    spoken = [t for t in trials if t.expected]
    answers = [t for t in trials if t.expected is None]
    voices = list(dict.fromkeys(t.voice for t in spoken))
    per_command = {
        name: {v: [sum(t.ok for t in spoken if t.expected == name and t.voice == v),
                   sum(1 for t in spoken if t.expected == name and t.voice == v)] for v in voices}
        for name in COMMAND_NAMES if any(t.expected == name for t in spoken)
    }
    flite = [t for t in spoken if t.voice in FLITE_VOICES]
    return {
        "commands": per_command,
        "recognised_flite": round(rate(flite), 4),
        "recognised_recommended_flite": round(rate([t for t in flite if recommended(t)]), 4),
        "recognised_by_voice": {v: round(rate([t for t in spoken if t.voice == v]), 4) for v in voices},
        "wrong_command": sum(1 for t in spoken if t.got not in (None, t.expected)),
        "answer_segments": len(answers),
        "false_alarms": sum(1 for t in answers if t.got),
        "false_alarm_rate": round(sum(1 for t in answers if t.got) / len(answers), 4) if answers else 0.0,
        "misses": [asdict(t) for t in spoken if not t.ok],
        "false_alarm_examples": [asdict(t) for t in answers if t.got],
    }


def format_report(report: dict, *, show_misses: bool = False) -> str:
    """The report as a table for people."""
    voices = list(report["recognised_by_voice"])
    lines = [f"recognizer: {report['recognizer']}"] if "recognizer" in report else []
    lines.append(f"{'command':8s} " + " ".join(f"{v:>7s}" for v in voices))
    for name, by_voice in report["commands"].items():
        lines.append(f"{name:8s} " + " ".join(f"{by_voice[v][0]:>3d}/{by_voice[v][1]:<3d}" for v in voices))
    lines.append(f"{'all':8s} " + " ".join(f"{report['recognised_by_voice'][v]:>7.0%}" for v in voices))
    lines.append(f"recognised on flite voices: {report['recognised_flite']:.1%} of all phrasings, "
                 f"{report['recognised_recommended_flite']:.1%} of the phrasings the help names; "
                 f"taken for the wrong command: {report['wrong_command']}")
    lines.append(f"false alarms: {report['false_alarms']} of {report['answer_segments']} answer sentences "
                 f"({report['false_alarm_rate']:.1%})")
    for t in report["false_alarm_examples"]:
        lines.append(f"  false alarm: {t['text']!r} heard as {t['heard']!r} -> {t['got']} ({t['voice']})")
    if show_misses:
        for t in report["misses"]:
            lines.append(f"  missed: {t['expected']}: {t['text']!r} heard as {t['heard']!r} -> {t['got']} "
                         f"({t['voice']})")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Print the voice-command benchmark; returns a process exit code."""
    parser = argparse.ArgumentParser(prog="voicecoach bench commands", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    parser.add_argument("--voices", nargs="+", choices=VOICES, default=list(VOICES),
                        help="voices to speak with (default: all)")
    parser.add_argument("--max-words", type=int, help="only answer sentences of up to this many words")
    parser.add_argument("--workers", type=int, default=2, help="parallel decoders (default 2)")
    parser.add_argument("--misses", action="store_true", help="list the spoken commands that were not recognised")
    parser.add_argument("--recognizer", choices=recognizer_names(), default=DEFAULTS.recognizer,
                        help="the recognizer that hears them (default %(default)s)")
    args = parser.parse_args(argv)
    if not shutil.which("flite") or not shutil.which("sox"):
        print("needs flite and sox on PATH (apt-get install flite sox)", file=sys.stderr)
        return 2
    try:
        recognizer_info(args.recognizer)
        trials = measure(load_commands(), answer_segments(max_words=args.max_words), voices=args.voices,
                         workers=args.workers, name=args.recognizer)
    except EngineUnavailable as exc:
        print(f"the {args.recognizer} recognizer cannot run: {exc}", file=sys.stderr)
        return 2
    report = {"recognizer": args.recognizer, **summarise(trials)}
    print(json.dumps(report, indent=2) if args.json else format_report(report, show_misses=args.misses))
    return 0


if __name__ == "__main__":
    from voicecoach.cli import main as cli_main  # one place turns a closed pipe or bad input into a quiet exit

    sys.exit(cli_main(["bench", "commands", *sys.argv[1:]]))
