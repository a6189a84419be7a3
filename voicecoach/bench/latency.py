"""`voicecoach bench latency`: how long the person waits, pipelined against record-then-decode.

For each answer length, spoken answers are replayed in real time through the session
loop (the real recognizer, matcher, pyttsx3 and sounddevice output), and the time from
the end of the answer being detected to the first sample of spoken feedback is taken
from the session's own events. The record-then-decode path runs on the same answers in
the same run for the ratio. Also: word error of both paths, startup time to the first
prompt and peak memory of a `voicecoach practice` run, and how fast barge-in stops the
interviewer. Each recognizer (the default and pocketsphinx, or --recognizers) is measured
in the same run, so a busy machine slows them alike.

On a Linux machine with no sound card, output goes to ALSA's file plugin (a fake headset),
paced to real time, so the real sounddevice path is still measured.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rapidfuzz.distance import Levenshtein

from voicecoach.bench.spoken import spoken_answer
from voicecoach.config import DEFAULTS
from voicecoach.engines.registry import recognizer_names
from voicecoach.events import EventType
from voicecoach.turn.end_of_answer import PAD_S, AnswerListener, TurnRules

RECOGNIZERS = tuple(dict.fromkeys((DEFAULTS.recognizer, "sphinx")))
"""Measured side by side by default: the default recognizer and pocketsphinx."""

FAKE_HEADPHONES = """pcm.!default {{ type asym capture.pcm "mic" playback.pcm "headphones" }}
pcm.mic {{ type file slave.pcm "null" file "/dev/null" infile "/dev/zero" format "raw" }}
pcm.headphones {{ type file slave.pcm "null" file "{out}" format "raw" }}
"""


def use_fake_headset_if_no_sound_card() -> bool:
    """Point ALSA at a fake headset before PortAudio starts, when this Linux machine has no sound card."""
    cards = Path("/proc/asound/cards")
    if (sys.platform != "linux" or (cards.exists() and "no soundcards" not in cards.read_text())
            or "sounddevice" in sys.modules):
        return False
    home = Path(tempfile.mkdtemp(prefix="voicecoach-bench-"))
    (home / ".asoundrc").write_text(FAKE_HEADPHONES.format(out=home / "headphones.raw"))
    os.environ["HOME"] = str(home)
    return True


def wer(reference: str, hypothesis: str) -> float:
    """Word error rate: word edits / reference words."""
    ref, hyp = normalise(reference).split(), normalise(hypothesis).split()
    return Levenshtein.distance(ref, hyp) / max(1, len(ref))


def normalise(text: str) -> str:
    return " ".join("".join(c for c in text.lower() if c.isalnum() or c in " '").split())


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


class Clock:
    """Collects session events."""

    def __init__(self):
        self.events = []

    def __call__(self, event) -> None:
        self.events.append(event)

    def first(self, kind: EventType, after: float = 0.0):
        return next(e for e in self.events if e.type == kind and e.t >= after)


def pipelined_run(pcm: bytes, engines, rules: TurnRules) -> dict:
    """One answer replayed in real time through the session loop; latency from its events."""
    from voicecoach.events import EventBus
    from voicecoach.session import Session

    recognizer, speaker, pack, matcher = engines
    clock = Clock()
    session = Session(
        pack=pack, recognizer=recognizer, speaker=speaker, source=OneAnswer(pcm), bus=EventBus(clock), rules=rules,
        matcher=matcher, roleplay=False,  # the interviewer's replies would only add turns between answer and feedback
    )  # fmt: skip
    session.play_round(pack.prompts[0])
    end = clock.first(EventType.SPEECH_END)
    feedback = clock.first(EventType.FEEDBACK_START, end.t)
    segments = [e for e in clock.events if e.type == EventType.SEGMENT]
    last_speech = segments[-1].end_s - PAD_S if segments else end.audio_t
    return {
        "latency_ms": (feedback.t - end.t) * 1000,
        "silence_wait_s": end.audio_t - last_speech,
        "transcript": clock.first(EventType.TRANSCRIPT).text,
    }


def batch_run(pcm: bytes, engines, rules: TurnRules) -> dict:
    """The usual design on the same answer: hear the whole answer, then decode it, then respond."""
    from voicecoach.coaching.assess import assess_answer, word_feedback

    recognizer, speaker, pack, matcher = engines
    listener = AnswerListener(rules)
    heard = pcm + bytes(32000 * 4)  # the silence after the answer, as in the pipelined run
    for start in range(0, len(heard), 640):
        listener.feed(heard[start : start + 640])
        if listener.over:
            break
    ended = time.monotonic()
    over = listener.over or listener.close()[-1]
    transcript = recognizer.transcribe(pcm[: int(over.t * 16000) * 2])
    feedback = word_feedback(assess_answer(matcher, transcript), pack).feedback  # as the session does
    first_sample = []
    speaker.say(feedback.spoken, kind="feedback", on_start=lambda: first_sample.append(time.monotonic()))
    return {"latency_ms": (first_sample[0] - ended) * 1000, "transcript": transcript.text}


class OneAnswer:
    """An answer source that replays one recording in real time, once the prompt is over."""

    def __init__(self, pcm: bytes, speak_over_prompt_s: float | None = None):
        self.pcm, self.speak_over_prompt_s, self.replay = pcm, speak_over_prompt_s, None

    def answer(self):
        from voicecoach.audio.sources import Replay

        starts = None if self.speak_over_prompt_s is None else time.perf_counter() + self.speak_over_prompt_s
        self.replay = Replay(self.pcm + bytes(32000 * 4), realtime=True, starts=starts)
        return self.replay


def barge_in_run(pcm: bytes, engines, rules: TurnRules, lead_s: float, paced_speaker) -> float:
    """Milliseconds from the person starting to speak over a long prompt to the interviewer falling silent."""
    from voicecoach.events import EventBus
    from voicecoach.session import Session

    recognizer, _, pack, matcher = engines
    speaker = paced_speaker
    clock = Clock()
    source = OneAnswer(pcm, speak_over_prompt_s=1.0)
    session = Session(pack=pack, recognizer=recognizer, speaker=speaker, source=source, bus=EventBus(clock),
                      rules=rules, matcher=matcher)
    long_prompt = " ".join(pack.prompts[:4])
    session.ask(long_prompt)
    stopped = clock.first(EventType.PROMPT_END)
    if not stopped.interrupted:
        raise RuntimeError("the interviewer was not interrupted")
    onset_perf = source.replay.starts + lead_s  # the first spoken sample, on perf_counter's clock
    onset_monotonic = onset_perf - time.perf_counter() + time.monotonic()
    return (stopped.t - onset_monotonic) * 1000


def startup_and_memory(answer_wav: Path, recognizer: str) -> tuple[float, float | None, float]:
    """Seconds from launching `voicecoach practice` to the first prompt, the CPU seconds the process had used by
    then (Linux; None elsewhere: a figure a busy machine barely changes), and the process's peak RSS in MB."""
    with tempfile.TemporaryDirectory() as tmp:
        events = Path(tmp) / "ev.jsonl"
        launched = time.monotonic()
        child = subprocess.Popen(
            [sys.executable, "-m", "voicecoach", "practice", "--answers", str(answer_wav), "--events", str(events),
             "--recognizer", recognizer, "--no-store"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=os.environ,
        )  # fmt: skip
        cpu_s = None
        while child.poll() is None and cpu_s is None:  # the CPU used when the first prompt is logged
            if events.is_file() and '"prompt_start"' in events.read_text():
                cpu_s = _cpu_seconds(child.pid)
                break
            time.sleep(0.01)
        _, status, usage = os.wait4(child.pid, 0)  # this child's own peak, not the largest of all children so far
        child.returncode = os.waitstatus_to_exitcode(status)
        error = child.stderr.read().decode(errors="replace").strip() if child.stderr else ""
        if child.returncode:
            raise RuntimeError(f"practice with {recognizer} failed ({child.returncode}): {error[-300:]}")
        prompt = next(json.loads(line) for line in events.read_text().splitlines() if '"prompt_start"' in line)
    return prompt["t"] - launched, cpu_s, usage.ru_maxrss / 1024


def _cpu_seconds(pid: int) -> float | None:
    """User and system CPU seconds a running process has used (from /proc), or None where there is no /proc."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def build_engines(recognizer: str, speaker, pack, matcher) -> tuple:
    """The engines a session uses, with this recognizer loaded and warmed (a session's first decode waits for the
    load; what is measured here is the decoding of each answer's last stretch)."""
    from voicecoach.audio.pcm import silence
    from voicecoach.engines.registry import build_recognizer

    built = build_recognizer(recognizer)
    built.transcribe(silence(1.0))
    return built, speaker, pack, matcher


def measure_recognizer(name: str, lengths: list[float], runs: int, engines, rules: TurnRules, log) -> dict:
    """End of answer -> feedback audio for each answer length, pipelined and record-then-decode, and word error."""
    answers, wers = [], {"pipelined": [], "batch": []}
    voices = ("slt", "rms", "awb")
    for length in lengths:
        piped, batch, waits = [], [], []
        for run in range(runs):
            pcm, reference = spoken_answer(length, voice=voices[run % len(voices)])
            p = pipelined_run(pcm, engines, rules)
            b = batch_run(pcm, engines, rules)
            piped.append(p["latency_ms"]), batch.append(b["latency_ms"]), waits.append(p["silence_wait_s"])
            wers["pipelined"].append((wer(reference, p["transcript"]), len(reference.split())))
            wers["batch"].append((wer(reference, b["transcript"]), len(reference.split())))
        row = {
            "length_s": round(len(pcm) / 32000, 1),
            "p50_ms": round(statistics.median(piped), 1),
            "p95_ms": round(percentile(piped, 0.95), 1),
            "batch_p50_ms": round(statistics.median(batch), 1),
            "silence_wait_s": round(statistics.median(waits), 2),
            "runs": runs,
        }
        answers.append(row)
        log(
            f"{name}: answer {row['length_s']:5.1f} s: end detected -> feedback audio p50 {row['p50_ms']:6.1f} ms, "
            f"p95 {row['p95_ms']:6.1f} ms; "
            f"record-then-decode p50 {row['batch_p50_ms']:7.1f} ms ({row['batch_p50_ms'] / row['p50_ms']:.1f}x); "
            f"silence wait {row['silence_wait_s']} s"
        )
    weighted = {k: sum(w * n for w, n in v) / sum(n for _, n in v) for k, v in wers.items()}
    return {"answers": answers, "wer_pipelined": round(weighted["pipelined"], 4),
            "wer_batch": round(weighted["batch"], 4)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="voicecoach bench latency", description=__doc__.splitlines()[0])
    parser.add_argument("--lengths", type=float, nargs="+", default=[10, 30, 60], help="answer lengths in seconds")
    parser.add_argument("--runs", type=int, default=3, help="real-time replays per length (default 3)")
    parser.add_argument("--recognizers", nargs="+", choices=recognizer_names(), default=RECOGNIZERS, metavar="NAME",
                        help=f"recognizers measured in the same run (default: {' '.join(RECOGNIZERS)}); the first "
                             "is also the one barge-in is measured with")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)
    fake = use_fake_headset_if_no_sound_card()

    from voicecoach.audio.pcm import save_wav
    from voicecoach.audio.playback import SpeakerOut
    from voicecoach.checklist.matcher import Matcher
    from voicecoach.engines.pyttsx3_voice import Pyttsx3Voice
    from voicecoach.packs.pack import load_pack

    rules = TurnRules()
    pack = load_pack()
    synth = Pyttsx3Voice()
    # A real card plays in real time; the file plugin takes audio at once, which is fine for
    # "first sample" timings, but barge-in needs the interviewer to take real time to speak.
    speaker = SpeakerOut(synth)
    paced_speaker = SpeakerOut(synth, pace_writes=True) if fake else speaker
    matcher = Matcher(pack)
    log = (lambda *a: None) if args.json else (lambda *a: print(*a, flush=True))
    log(f"output: {'fake headset (ALSA file plugin, paced)' if fake else 'default sound device'}; "
        f"end-of-answer silence {rules.end_silence_s} s")
    by_recognizer: dict[str, dict] = {}
    with tempfile.TemporaryDirectory() as tmp:
        wav = save_wav(Path(tmp) / "answer.wav", spoken_answer(max(args.lengths), voice="slt")[0])
        for name in dict.fromkeys(args.recognizers):
            engines = build_engines(name, speaker, pack, matcher)
            figures = measure_recognizer(name, args.lengths, args.runs, engines, rules, log)
            if not by_recognizer:  # barge-in hangs on the speech detector, not the recognizer: measured once
                pcm, _ = spoken_answer(8, voice="rms", lead_s=0.3)
                barge = [barge_in_run(pcm, engines, rules, lead_s=0.3, paced_speaker=paced_speaker)
                         for _ in range(max(3, args.runs))]
            startup_s, startup_cpu_s, peak_mb = startup_and_memory(wav, name)
            figures |= {"startup_s": round(startup_s, 3), "peak_rss_mb": round(peak_mb, 1),
                        "startup_cpu_s": None if startup_cpu_s is None else round(startup_cpu_s, 2)}
            by_recognizer[name] = figures
            del engines
    speaker.close()
    if paced_speaker is not speaker:
        paced_speaker._close_stream()
    first = next(iter(by_recognizer))
    result = {
        **by_recognizer[first],
        "recognizer": first,
        "barge_in_ms": round(statistics.median(barge), 1),
        "barge_in_max_ms": round(max(barge), 1),
        "recognizers": by_recognizer,
        "load_average": round(os.getloadavg()[0], 2) if hasattr(os, "getloadavg") else None,
    }
    if args.json:
        print(json.dumps(result))
        return 0
    for name, figures in by_recognizer.items():
        log(f"{name}: word error: pipelined {figures['wer_pipelined']:.1%}, whole answer {figures['wer_batch']:.1%}")
        cpu = "" if figures["startup_cpu_s"] is None else f" ({figures['startup_cpu_s']} s of CPU)"
        log(f"{name}: startup to first prompt: {figures['startup_s']} s{cpu}; "
            f"peak memory of a practice run ({max(args.lengths):g} s answer): {figures['peak_rss_mb']} MB")
    log(f"barge-in ({first}): interviewer silent {result['barge_in_ms']} ms after the person starts "
        f"(max {result['barge_in_max_ms']} ms)")
    if result["load_average"] is not None:
        log(f"load average at the end: {result['load_average']} (timings grow with the machine's other work)")
    return 0


if __name__ == "__main__":
    from voicecoach.cli import main as cli_main  # one place turns a closed pipe or bad input into a quiet exit

    sys.exit(cli_main(["bench", "latency", *sys.argv[1:]]))
