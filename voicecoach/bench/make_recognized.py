"""`python -m voicecoach.bench.make_recognized`: speak the held-out answers and keep what the recognizer heard.

Each answer is spoken by a flite voice (slt, awb, rms, kal16 in turn), given a tempo change and
background noise with sox, resampled to 16 kHz mono int16, and transcribed by a recognizer
(`--recognizer`: pocketsphinx made the "-recognized" copies, faster-whisper the "-whisper" ones).
Labels are kept, so the matcher is measured on what it really sees. Needs flite and sox on PATH;
sox runs in repeatable mode, so a re-run on the same machine gives the same audio.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from voicecoach.bench.corpus import DATA_DIR, SETS, heard_copy
from voicecoach.engines.protocols import EngineUnavailable

VOICES = ("slt", "awb", "rms", "kal16")
TEMPOS = (1.0, 1.12, 0.92, 1.06, 0.96)
NOISES = (("pinknoise", 0.02), ("whitenoise", 0.008), ("brownnoise", 0.05), ("pinknoise", 0.035), (None, 0.0))
"""(sox noise colour, amplitude 0-1) rotated over answers; None leaves one answer in five clean."""


@dataclass(frozen=True)
class Rendering:
    """How one answer is spoken."""

    voice: str
    tempo: float
    noise: str | None
    noise_level: float


def rendering_for(index: int) -> Rendering:
    """The voice, tempo and noise for the answer at this position (rotations of different lengths)."""
    noise, level = NOISES[index % len(NOISES)]
    return Rendering(VOICES[index % len(VOICES)], TEMPOS[index % len(TEMPOS)], noise, level)


def speak(text: str, rendering: Rendering, workdir: Path) -> Path:
    """A 16 kHz mono int16 WAV of the text in the given voice, tempo and noise."""
    raw, shaped, out = workdir / "raw.wav", workdir / "shaped.wav", workdir / "answer.wav"
    subprocess.run(["flite", "-voice", rendering.voice, "-t", text, "-o", str(raw)], check=True)
    subprocess.run(["sox", "-R", str(raw), "-r", "16000", "-c", "1", "-b", "16", str(shaped),
                    "tempo", f"{rendering.tempo}", "pad", "0.3", "0.5"], check=True)
    if rendering.noise is None:
        shaped.replace(out)
        return out
    seconds = subprocess.run(["soxi", "-D", str(shaped)], check=True, capture_output=True, text=True).stdout.strip()
    noise = workdir / "noise.wav"
    subprocess.run(["sox", "-R", "-n", "-r", "16000", "-c", "1", "-b", "16", str(noise), "synth", seconds,
                    rendering.noise, "vol", f"{rendering.noise_level}"], check=True)
    subprocess.run(["sox", "-R", "-m", str(shaped), str(noise), "-b", "16", str(out)], check=True)
    return out


RECOGNIZER = "sphinx"
"""The recognizer of the "-recognized" copies, which the learned layer was trained on."""

_recognizer = None


def _start_worker(recognizer: str = RECOGNIZER) -> None:
    global _recognizer
    from voicecoach.engines.registry import build_recognizer

    _recognizer = build_recognizer(recognizer)  # loads once per worker process


def renderings_of(copy: Path) -> list[Rendering]:
    """How each answer of an existing copy was spoken (its voice, tempo and noise), to speak another copy alike."""
    rows = [json.loads(line) for line in copy.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [Rendering(r["voice"], r["tempo"], r["noise"], r["noise_level"]) for r in rows]


def _transcribe(job: tuple[int, str, Rendering]) -> tuple[int, list]:
    from voicecoach.audio.pcm import load_wav

    index, text, rendering = job
    with tempfile.TemporaryDirectory(prefix="voicecoach-bench-") as tmp:
        wav = speak(text, rendering, Path(tmp))
        heard = _recognizer.transcribe(load_wav(wav))
        return index, [[w.text, round(w.start, 2), round(w.end, 2)] for w in heard.words]


def make_recognized(source: Path, target: Path, workers: int = 2, shift: int = 0, recognizer: str = RECOGNIZER,
                    renderings: list[Rendering] | None = None) -> int:
    """Write the recognized-text copy of a corpus part; returns the number of answers. shift: start the voice, tempo
    and noise rotations that many answers on, so that a second copy of a part is spoken differently; renderings:
    how to speak each answer instead (renderings_of another copy, to hear the same speech with another recognizer)."""
    rows = [json.loads(line) for line in source.read_text(encoding="utf-8").splitlines() if line.strip()]
    spoken = renderings or [rendering_for(i + shift) for i in range(len(rows))]
    if len(spoken) != len(rows):
        raise ValueError(f"{len(spoken)} renderings for {len(rows)} answers")
    heard: dict[int, list] = {}
    with ProcessPoolExecutor(max_workers=workers, initializer=_start_worker, initargs=(recognizer,)) as pool:
        for index, words in pool.map(_transcribe, [(i, row["text"], spoken[i]) for i, row in enumerate(rows)]):
            heard[index] = words
    with target.open("w", encoding="utf-8") as out:
        for i, row in enumerate(rows):
            r = spoken[i]
            out.write(json.dumps({
                "text": " ".join(w for w, _, _ in heard[i]), "labels": row["labels"], "written": row["text"],
                "voice": r.voice, "tempo": r.tempo, "noise": r.noise, "noise_level": r.noise_level,
                "words": heard[i],
            }, ensure_ascii=False) + "\n")
    return len(rows)


def main(argv: list[str] | None = None) -> int:
    """Make tests/data/answers-heldout-recognized.jsonl (or another part's copy); returns an exit code."""
    parser = argparse.ArgumentParser(prog="python -m voicecoach.bench.make_recognized", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--source", type=Path, default=DATA_DIR / SETS["heldout"])
    parser.add_argument("--target", type=Path, help="default: the source's -recognized copy (sphinx) or its "
                                                    "-whisper copy (faster-whisper) in the corpus folder")
    parser.add_argument("--recognizer", choices=("sphinx", "faster-whisper"), default=RECOGNIZER,
                        help="the recognizer that hears the answers (default %(default)s)")
    parser.add_argument("--workers", type=int, default=2, help="parallel decoders (default 2)")
    parser.add_argument("--shift", type=int, default=0,
                        help="start the voice, tempo and noise rotations this many answers on (default 0; a second "
                             "copy of a dev part for training uses 1)")
    parser.add_argument("--spoken-as", type=Path, metavar="COPY",
                        help="speak each answer as this existing copy of the part was spoken (its voice, tempo and "
                             "noise): the -whisper copies hear the same speech as the -recognized ones")
    args = parser.parse_args(argv)
    missing = [tool for tool in ("flite", "sox", "soxi") if shutil.which(tool) is None]
    if missing:
        print(f"needs {', '.join(missing)} on PATH (apt-get install flite sox)", file=sys.stderr)
        return 2
    if not args.source.is_file():
        print(f"no corpus part at {args.source}: give a file such as {DATA_DIR / SETS['heldout']}", file=sys.stderr)
        return 2
    target = args.target or args.source.with_name(
        args.source.name.replace(".jsonl", f"-{heard_copy(args.recognizer)}.jsonl"))
    try:
        renderings = renderings_of(args.spoken_as) if args.spoken_as else None
    except (OSError, ValueError, KeyError) as exc:
        print(f"--spoken-as {args.spoken_as}: not a copy of a corpus part ({exc})", file=sys.stderr)
        return 2
    try:
        count = make_recognized(args.source, target, args.workers, args.shift, args.recognizer, renderings)
    except EngineUnavailable as exc:
        print(f"the {args.recognizer} recognizer cannot run: {exc}", file=sys.stderr)
        return 2
    except ValueError as exc:  # a copy of another part: as many renderings as answers are needed
        print(f"--spoken-as {args.spoken_as}: {exc} in {args.source}", file=sys.stderr)
        return 2
    print(f"wrote {count} answers as {args.recognizer} heard them to {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
