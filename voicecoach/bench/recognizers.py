"""`voicecoach bench recognizers`: word error rate and speed of each installed recognizer, side by side.

Two sets: real human speech (../shared/audio/real-speech, whose manifest.json gives each clip's words) and
closing answers spoken by flite voices with tempo changes and background noise (every fourth held-out answer,
spoken as `bench.make_recognized` speaks them). The engines take turns on every clip, in alternating order,
so a busy machine slows them alike. WER = word edits / reference words over a whole set, after lower-casing
and removing punctuation (hyphens split words); no number or abbreviation normaliser ("mr" for "mister" is an
error). RTF = decode time / audio length. Load time and peak memory come from a child process per engine
that loads it and decodes one clip.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rapidfuzz.distance import Levenshtein

from voicecoach.audio.pcm import SAMPLE_RATE, SAMPLE_WIDTH, load_wav
from voicecoach.engines.protocols import EngineUnavailable

REPO = Path(__file__).resolve().parent.parent.parent
REAL_SPEECH = Path(os.environ.get("VOICECOACH_REAL_SPEECH", REPO.parent / "shared" / "audio" / "real-speech"))
"""The team's real speech clips, next to the repository (../shared/audio/real-speech), or $VOICECOACH_REAL_SPEECH."""
ENGINES = ("sphinx", "faster-whisper")
"""Recognizers measured: the ones that run on the machine with a long-lived model."""
SPOKEN_EVERY = 4
"""Every fourth held-out answer is spoken (27 answers, 278 words)."""


def build(name: str):
    """A recognizer by name (raises EngineUnavailable when it is not installed)."""
    if name == "sphinx":
        from voicecoach.engines.sphinx import SphinxRecognizer

        return SphinxRecognizer()
    from voicecoach.engines.faster_whisper import FasterWhisperRecognizer

    return FasterWhisperRecognizer()


def words_of(text: str) -> list[str]:
    """Lower case, punctuation removed, hyphens splitting words (the same rule for references and hypotheses)."""
    from voicecoach.engines.faster_whisper import heard_words

    return heard_words(text)


def real_speech(folder: Path) -> list[tuple[str, bytes, str]]:
    """(clip name, pcm, reference text) for every clip in the folder's manifest.json."""
    manifest = folder / "manifest.json"
    if not manifest.is_file():
        raise SystemExit(f"no manifest.json in {folder}: pass --data DIR")
    return [(row["file"], load_wav(folder / row["file"]), row["text"]) for row in json.loads(manifest.read_text())]


def spoken_answers(every: int = SPOKEN_EVERY) -> list[tuple[str, bytes, str]]:
    """Held-out closing answers spoken by flite with tempo and noise; empty when flite or sox is missing."""
    import shutil

    from voicecoach.bench.corpus import DATA_DIR
    from voicecoach.bench.make_recognized import rendering_for, speak

    if not (shutil.which("flite") and shutil.which("sox")):
        print("note: flite or sox missing: the spoken set is skipped (run scripts/setup)", file=sys.stderr)
        return []
    rows = [json.loads(line) for line in (DATA_DIR / "answers-heldout.jsonl").read_text().splitlines() if line.strip()]
    clips = []
    with tempfile.TemporaryDirectory(prefix="voicecoach-bench-") as tmp:
        for i in range(0, len(rows), every):
            clips.append((f"heldout-{i}", load_wav(speak(rows[i]["text"], rendering_for(i), Path(tmp))),
                          rows[i]["text"]))
    return clips


def load_cost(name: str) -> dict:
    """Load time and peak resident memory of one engine, in a fresh process that loads it and decodes 3 s."""
    code = (
        "import json, resource, sys, time\n"
        "from voicecoach.bench.recognizers import build\n"
        "t = time.perf_counter(); r = build(sys.argv[1]); load = time.perf_counter() - t\n"
        "r.transcribe(bytes(3 * 32000))\n"
        "print(json.dumps({'load_s': load, "
        "'peak_rss_mib': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))\n"
    )
    done = subprocess.run([sys.executable, "-c", code, name], capture_output=True, text=True)
    if done.returncode != 0:
        return {"load_s": None, "peak_rss_mib": None}
    return json.loads(done.stdout.strip().splitlines()[-1])


def measure(engines: dict, sets: dict[str, list[tuple[str, bytes, str]]]) -> dict:
    """WER and RTF of every engine on every set, the engines taking turns on each clip."""
    names = list(engines)
    totals = {n: {s: {"clips": 0, "words": 0, "errors": 0, "audio_s": 0.0, "decode_s": 0.0} for s in sets}
              for n in names}
    heard = {n: {} for n in names}
    turn = 0
    for set_name, clips in sets.items():
        for clip, pcm, reference in clips:
            ref = words_of(reference)
            order = names if turn % 2 == 0 else names[::-1]
            turn += 1
            for name in order:
                start = time.perf_counter()
                text = engines[name].transcribe(pcm).text
                row = totals[name][set_name]
                row["decode_s"] += time.perf_counter() - start
                row["audio_s"] += len(pcm) / (SAMPLE_RATE * SAMPLE_WIDTH)
                row["clips"] += 1
                row["words"] += len(ref)
                row["errors"] += Levenshtein.distance(ref, words_of(text))
                heard[name][f"{set_name}/{clip}"] = text
    for per_set in totals.values():
        for row in per_set.values():
            row["wer"] = row["errors"] / max(1, row["words"])
            row["rtf"] = row["decode_s"] / max(1e-9, row["audio_s"])
    return {"sets": totals, "heard": heard}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="voicecoach bench recognizers", description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=REAL_SPEECH, help="folder of real speech clips with manifest.json")
    parser.add_argument("--engines", default=",".join(ENGINES), help="comma-separated: " + ", ".join(ENGINES))
    parser.add_argument("--no-spoken", action="store_true", help="skip the flite-spoken closing answers")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.add_argument("--transcripts", action="store_true", help="with --json: include what each engine heard")
    args = parser.parse_args(argv)

    engines, unavailable, cost = {}, {}, {}
    for name in [n.strip() for n in args.engines.split(",") if n.strip()]:
        if name not in ENGINES:
            parser.error(f"unknown recognizer {name!r}: choose from {', '.join(ENGINES)}")
        try:
            engines[name] = build(name)
        except EngineUnavailable as exc:
            unavailable[name] = str(exc)
            continue
        cost[name] = load_cost(name)
    sets = {"real-speech": real_speech(args.data)}
    if not args.no_spoken:
        spoken = spoken_answers()
        if spoken:
            sets["flite+noise"] = spoken
    result = measure(engines, sets) if engines else {"sets": {}, "heard": {}}
    report = {
        "machine": {"cpus": os.cpu_count(), "load_average_1min": round(os.getloadavg()[0], 2)},
        "recognizers": {name: {**cost[name], "sets": result["sets"][name]} for name in engines},
        "unavailable": unavailable,
    }
    if args.transcripts:
        report["heard"] = result["heard"]
    if args.json:
        print(json.dumps(report, indent=1))
        return 0
    print(f"{'recognizer':<16}{'set':<14}{'clips':>6}{'words':>7}{'WER':>8}{'RTF':>7}")
    for name, row in report["recognizers"].items():
        for set_name, s in row["sets"].items():
            print(f"{name:<16}{set_name:<14}{s['clips']:>6}{s['words']:>7}{s['wer']:>8.1%}{s['rtf']:>7.2f}")
    for name, row in report["recognizers"].items():
        if row["load_s"] is not None:
            print(f"{name}: load {row['load_s']:.2f} s, peak memory {row['peak_rss_mib']:.0f} MiB "
                  f"(load and one decode)")
    for name, why in unavailable.items():
        print(f"{name}: not measured: {why}")
    print(f"{report['machine']['cpus']} CPUs, load average {report['machine']['load_average_1min']} at the end "
          f"(RTF rises with it); "
          f"peak memory of this run {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
