"""`voicecoach bench turns`: answers cut off while the person thinks, and how soon a finished answer is answered.

Spoken answers (flite voices) with planted thinking pauses (1.5-5 s: after "um", after "and", mid-clause, and
after a finished sentence before the last question), and finished answers of 5-60 s, are replayed frame by frame
through the listener (AnswerListener, the real WebRTC VAD) with both end-of-turn policies in the same run: the
smart one (Smart Turn v3.2 asked at each pause) and today's fixed silence. Time is simulated exactly: the
listener only counts audio frames, so replaying faster than real time changes nothing but the clock on the wall.
The model's own cost is measured on the wall clock and added to the gap of each answer it ended.

- `false_cutoffs`: answers ended before their speech was over; the headline (and `by_kind`) counts planted pauses
  up to 4 s, `by_pause_s` every length, `finished_answers` the finished answers cut at a pause between sentences.
- `response_gap_ms`: true end of speech (the last voiced sample) -> the end-of-turn decision, on the finished
  answers: the speech detector's delay, the wait, and the model's cost. Not included: recognising the last
  segment, assessing and synthesising the feedback (`voicecoach bench latency` measures those).
- `cost_per_decision_ms`: wall-clock time of one Smart Turn decision on this machine (one onnxruntime thread).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import statistics
import sys
import time
from dataclasses import dataclass, replace

from voicecoach.audio.pcm import SAMPLE_RATE, SAMPLE_WIDTH, frames, silence
from voicecoach.bench.spoken import sentence_wav, spoken_answer
from voicecoach.engines.protocols import EngineUnavailable
from voicecoach.turn.end_of_answer import AnswerListener, TurnRules

VOICES = ("slt", "rms", "awb", "kal16")
"""flite's voices, each saying every answer."""
PAUSES_S = (1.5, 2.5, 3.5, 4.0, 5.0)
"""Planted thinking pauses; the target (no cut-off) is for those up to TARGET_PAUSE_S."""
TARGET_PAUSE_S = 4.0
FINISHED_LENGTHS_S = (5, 10, 20, 30, 45, 60)
"""Lengths of the finished answers (closing sentences with 0.6-1.2 s pauses between them)."""
LEAD = "Thank you for taking the time to talk with me today."
"""Said before each planted pause's sentence, so the pause is not the first thing the listener hears."""
PLANTED: dict[str, tuple[tuple[str, str], ...]] = {
    "after_um": (
        ("I really want this job, um", "and I look forward to working with your team."),
        ("Is there anything about my background, um", "that gives you pause about hiring me?"),
    ),
    "after_and": (
        ("I led a team of four engineers and", "we shipped every release on time."),
        ("I read about your new product launch and", "I would love to help it grow."),
    ),
    "mid_clause": (
        ("What does success look like in the", "first six months for this role?"),
        ("I want to make sure there is no doubt about my", "experience with customers."),
    ),
    "before_last_question": (
        ("I am very excited about this role and the people I met today.",
         "What are the next steps in the hiring process?"),
        ("I really want this job and I look forward to working with your team.",
         "When can I expect to hear back from you about a decision?"),
    ),
}  # fmt: skip
"""Kind of thinking pause -> (what is said before it, what is said after it)."""
LEAD_S, GAP_S, TAIL_S = 0.5, 0.7, 6.0
"""Silence before the answer, after the lead sentence, and after the answer (longer than any wait)."""


@dataclass(frozen=True)
class Answer:
    """One spoken answer and where its speech truly is."""

    pcm: bytes
    speech_end_s: float
    """The true end of speech: the last voiced sample."""
    kind: str
    """A kind of planted pause, or "finished"."""
    pause_s: float | None = None
    pause_at_s: float | None = None
    """Where the planted pause starts."""
    voice: str = ""


@dataclass(frozen=True)
class Outcome:
    """How one policy ended one answer."""

    answer: Answer
    ended_s: float
    decision_ms: float
    """The model's wall-clock cost of the decision that ended the answer (0 when a silence ended it)."""

    @property
    def cut_off(self) -> bool:
        return self.ended_s < self.answer.speech_end_s

    @property
    def gap_ms(self) -> float:
        return (self.ended_s - self.answer.speech_end_s) * 1000 + self.decision_ms


class TimedModel:
    """The turn model, timed, and its answers remembered by audio: the same audio always gets the same answer, so a
    pause heard again (the same words before a longer pause, or the other policy's run) is not paid twice."""

    def __init__(self, model):
        self._model = model
        self._seen: dict[bytes, tuple[float, float]] = {}
        self.costs_ms: list[float] = []
        self.last_ms = 0.0

    def finished(self, pcm: bytes) -> float:
        key = hashlib.sha1(pcm).digest()
        if key not in self._seen:
            start = time.perf_counter()
            p = self._model.finished(pcm)
            cost = (time.perf_counter() - start) * 1000
            self.costs_ms.append(cost)
            self._seen[key] = (p, cost)
        p, self.last_ms = self._seen[key]
        return p


def seconds(pcm: bytes) -> float:
    return len(pcm) / (SAMPLE_RATE * SAMPLE_WIDTH)


def planted_answers(voices=VOICES, pauses=PAUSES_S) -> list[Answer]:
    """Every kind of thinking pause, in each voice, at each length."""
    answers = []
    for voice in voices:
        for kind, pairs in PLANTED.items():
            for before, after in pairs:
                head = silence(LEAD_S) + sentence_wav(LEAD, voice) + silence(GAP_S) + sentence_wav(before, voice)
                rest = sentence_wav(after, voice)
                for pause in pauses:
                    speech = head + silence(pause) + rest
                    answers.append(Answer(speech + silence(TAIL_S), seconds(speech), kind, pause, seconds(head), voice))
    return answers


def finished_answers(voices=VOICES, lengths=FINISHED_LENGTHS_S) -> list[Answer]:
    """Closing answers of each length in each voice, finished, then silence."""
    answers = []
    for length in lengths:
        for voice in voices:
            speech, _ = spoken_answer(length, voice=voice, lead_s=LEAD_S)
            speech = speech.rstrip(b"\0")  # spoken_answer ends on a pause; the speech ends with its last sample
            speech = speech[: len(speech) // 2 * 2]
            answers.append(Answer(speech + silence(TAIL_S), seconds(speech), "finished", voice=voice))
    return answers


def replay(answer: Answer, rules: TurnRules, timed: TimedModel | None) -> Outcome:
    """The answer through a listener, frame by frame, until the policy ends it."""
    listener = AnswerListener(rules)
    for frame in frames(answer.pcm, listener.frame_bytes):
        listener.feed(frame)
        if listener.over:
            break
    over = listener.over or listener.close()[-1]
    judged = listener.policy.judgements
    # the model's cost delays the end only when its judgement is what ended the answer, at that very frame
    decided_now = timed is not None and judged and abs(judged[-1].t - over.t) < 1e-6
    return Outcome(answer, over.t, timed.last_ms if decided_now else 0.0)


def percentiles(values: list[float]) -> dict:
    if not values:
        return {"p50": None, "p95": None, "n": 0}
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {"p50": round(statistics.median(ordered)), "p95": round(p95), "n": len(ordered)}


def rate(outcomes: list[Outcome]) -> dict:
    cut = sum(o.cut_off for o in outcomes)
    return {"count": cut, "of": len(outcomes), "rate": round(cut / len(outcomes), 3) if outcomes else None}


def summarise(outcomes: list[Outcome], costs_ms: list[float] | None) -> dict:
    """One policy's figures."""
    planted = [o for o in outcomes if o.answer.kind != "finished"]
    finished = [o for o in outcomes if o.answer.kind == "finished"]
    target = [o for o in planted if o.answer.pause_s <= TARGET_PAUSE_S]
    return {
        "false_cutoffs": {
            **rate(target),
            "planted_pauses_up_to_s": TARGET_PAUSE_S,
            "by_kind": {k: rate([o for o in target if o.answer.kind == k]) for k in PLANTED},
            "by_pause_s": {str(p): rate([o for o in planted if o.answer.pause_s == p])
                           for p in sorted({o.answer.pause_s for o in planted})},
            "finished_answers": rate(finished),
        },
        "response_gap_ms": percentiles([o.gap_ms for o in finished if not o.cut_off]),
        "cost_per_decision_ms": percentiles(costs_ms) if costs_ms is not None else None,
    }  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="voicecoach bench turns", description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--voices", nargs="+", default=list(VOICES), choices=VOICES, help="flite voices (default: all)")
    parser.add_argument("--pauses", type=float, nargs="+", default=list(PAUSES_S), help="planted pauses in seconds")
    parser.add_argument("--lengths", type=float, nargs="+", default=list(FINISHED_LENGTHS_S),
                        help="finished answers' lengths in seconds")  # fmt: skip
    parser.add_argument("--finished-p", type=float, default=TurnRules.finished_p,
                        help="the model's probability of a finished answer (default %(default)s)")  # fmt: skip
    parser.add_argument("--finished-wait", type=float, default=TurnRules.finished_wait_s,
                        help="silence that ends an answer that sounds finished (default %(default)s s)")  # fmt: skip
    parser.add_argument("--unfinished-wait", type=float, default=TurnRules.unfinished_wait_s,
                        help="seconds waited when the answer sounds unfinished (default %(default)s)")  # fmt: skip
    args = parser.parse_args(argv)
    log = (lambda *a: None) if args.json else (lambda *a: print(*a, file=sys.stderr, flush=True))

    answers = planted_answers(args.voices, args.pauses) + finished_answers(args.voices, args.lengths)
    log(f"{len(answers)} answers, {sum(seconds(a.pcm) for a in answers) / 60:.0f} min of audio")
    silence_rules = TurnRules()
    report: dict = {"answers": {"planted": sum(a.kind != "finished" for a in answers),
                                "finished": sum(a.kind == "finished" for a in answers)},
                    "time": "simulated exactly (audio frames counted); the model's cost on the wall clock"}  # fmt: skip
    silence_outcomes = [replay(a, silence_rules, None) for a in answers]
    report["silence_rule"] = {"end_silence_s": silence_rules.end_silence_s, **summarise(silence_outcomes, None)}
    try:
        from voicecoach.engines.registry import build_turn_model

        timed = TimedModel(build_turn_model())
    except EngineUnavailable as exc:
        report["smart"] = None
        report["note"] = f"smart end of turn not measured: {exc}"
        log(report["note"])
    else:
        rules = replace(silence_rules, turn_model=timed, finished_p=args.finished_p,
                        finished_wait_s=args.finished_wait, unfinished_wait_s=args.unfinished_wait)  # fmt: skip
        smart_outcomes = [replay(a, rules, timed) for a in answers]
        settings = {"ask_after_s": rules.ask_after_s, "finished_p": rules.finished_p,
                    "finished_wait_s": rules.finished_wait_s, "unfinished_wait_s": rules.unfinished_wait_s}  # fmt: skip
        report["smart"] = {**settings, **summarise(smart_outcomes, timed.costs_ms)}
    headline = report["smart"] or report["silence_rule"]
    report = {"policy": "smart" if report["smart"] else "silence", **{k: headline[k] for k in
              ("false_cutoffs", "response_gap_ms", "cost_per_decision_ms")}, **report}  # fmt: skip
    if args.json:
        print(json.dumps(report))
        return 0
    for name in ("smart", "silence_rule"):
        figures = report.get(name)
        if not figures:
            continue
        cut, gap, cost = figures["false_cutoffs"], figures["response_gap_ms"], figures["cost_per_decision_ms"]
        print(f"{name}: false cut-offs {cut['count']}/{cut['of']} planted pauses <= {TARGET_PAUSE_S:g} s "
              f"({cut['rate']:.1%}); finished answers ended early {cut['finished_answers']['count']}/"
              f"{cut['finished_answers']['of']}; response gap p50 {gap['p50']} ms, p95 {gap['p95']} ms"
              + (f"; {cost['p50']} ms a decision (p95 {cost['p95']})" if cost else ""))  # fmt: skip
        kinds = ", ".join(f"{k} {v['count']}/{v['of']}" for k, v in cut["by_kind"].items())
        print(f"   by kind (pauses <= {TARGET_PAUSE_S:g} s): {kinds}")
        print("   by pause: " + ", ".join(f"{k} s {v['count']}/{v['of']}" for k, v in cut["by_pause_s"].items()))
    return 0
