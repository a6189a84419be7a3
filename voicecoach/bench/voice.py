"""`voicecoach bench voice`: how long each installed voice makes the person wait for a prompt, with and without
rendering ahead.

For each voice engine installed (pyttsx3, piper), each prompt of the closing pack is said through the real
sounddevice path (SpeakerOut; on a Linux machine with no sound card, ALSA's file plugin, a fake headset) and the
time from say() to its first sample is taken:
- cold: the prompt is rendered when it is said (the voice's render time for its first sentence is waited for);
- prepared: the session's way, `prepare_ahead` is called for the prompt, then a previous stage of --stage-s seconds
  runs (the answer heard, assessed and the feedback spoken), then the prompt is said.
Each mode gets a freshly built voice, so nothing is cached from the other; the voice's load time and its real-time
factor (render seconds / audio seconds, whole prompts) are printed too. Playback stops after the first write.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections.abc import Sequence

from voicecoach.bench.latency import percentile, use_fake_headset_if_no_sound_card
from voicecoach.config import DEFAULTS
from voicecoach.engines.protocols import EngineUnavailable

STAGE_S = 2.0
"""The previous stage's length in the prepared mode: shorter than any real answer and its feedback."""


def _first_sample_ms(speaker, prompt: str) -> float:
    """Milliseconds from say() to the first sample written; playback stops after that write."""
    started = time.perf_counter()
    first: list[float] = []

    def on_start() -> None:
        first.append(time.perf_counter())

    speaker.say(prompt, kind="prompt", on_start=on_start, keep_going=lambda: not first)
    return round(1000 * (first[0] - started), 1)


def measure(engine: str, prompts: Sequence[str], *, stage_s: float = STAGE_S, voice: str | None = None) -> dict:
    """Load time, real-time factor and time to first sample, cold and prepared, of one voice engine."""
    from voicecoach.audio.pcm import SAMPLE_WIDTH
    from voicecoach.audio.playback import SpeakerOut, prepare_ahead
    from voicecoach.engines.registry import build_voice

    result: dict = {"engine": engine, "prompts": len(prompts), "stage_s": stage_s}
    started = time.perf_counter()
    built = build_voice(engine, voice=voice)
    result["load_ms"] = round(1000 * (time.perf_counter() - started), 1)
    try:
        render_s = audio_s = 0.0
        for prompt in prompts:
            started = time.perf_counter()
            pcm, rate = built.render(prompt)
            render_s += time.perf_counter() - started
            audio_s += len(pcm) / SAMPLE_WIDTH / rate
        result["rtf"] = round(render_s / audio_s, 3)
    finally:
        built.close()
    for mode in ("cold", "prepared"):
        speaker = SpeakerOut(build_voice(engine, voice=voice), pace_writes=True)
        try:
            waits = []
            for prompt in prompts:
                if mode == "prepared":
                    prepare_ahead(speaker, prompt)
                    time.sleep(stage_s)
                waits.append(_first_sample_ms(speaker, prompt))
        finally:
            speaker.close()
        result[f"{mode}_first_sample_ms"] = {
            "p50": round(statistics.median(waits), 1), "p95": round(percentile(waits, 0.95), 1), "max": max(waits),
        }  # fmt: skip
    return result


def main(argv: Sequence[str] | None = None) -> int:
    from voicecoach.engines.registry import installed_voices, voice_names
    from voicecoach.packs.pack import load_pack

    parser = argparse.ArgumentParser(prog="voicecoach bench voice", description=__doc__.splitlines()[0])
    parser.add_argument("--engines", nargs="+", help="voice engines to measure (default: every one installed)")
    parser.add_argument("--stage-s", type=float, default=STAGE_S,
                        help="seconds the previous stage runs in the prepared mode (default %(default)s)")
    parser.add_argument("--json", action="store_true", help="print JSON, one object per engine")
    args = parser.parse_args(argv)
    use_fake_headset_if_no_sound_card()
    prompts = load_pack(DEFAULTS.pack).prompts
    for engine in args.engines or voice_names():
        try:
            installed_voices(engine)
            r = measure(engine, prompts, stage_s=args.stage_s)
        except EngineUnavailable as exc:
            print(json.dumps({"engine": engine, "unavailable": str(exc)}) if args.json else f"{engine}: {exc}")
            continue
        if args.json:
            print(json.dumps(r), flush=True)
            continue
        cold, ready = r["cold_first_sample_ms"], r["prepared_first_sample_ms"]
        print(f"{engine}: loads in {r['load_ms']:.0f} ms, renders at RTF {r['rtf']}; "
              f"say -> first sample over {r['prompts']} prompts:", flush=True)  # fmt: skip
        for label, waits in (("cold (rendered when said)", cold), (f"prepared ({r['stage_s']:g} s ahead)", ready)):
            print(f"  {label:<28} p50 {waits['p50']:>7.1f} ms  p95 {waits['p95']:>7.1f} ms  max {waits['max']:.1f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
