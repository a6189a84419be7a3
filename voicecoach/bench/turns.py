"""`voicecoach bench turns`: answers cut off while the person thinks, and how soon a finished answer is answered.

Spoken answers (flite voices) with planted thinking pauses (1.5-5 s: after "um", after "and", mid-clause, after a
finished sentence before the last question, and between two questions), and finished answers of 5-60 s, all
replying to "Do you have any questions for us?" (`--any-prompt`: to a prompt that does not ask for questions), are
replayed frame by frame through the listener (AnswerListener, the real WebRTC VAD, each segment recognised by the
real recognizer as it ends) with both end-of-turn policies in the same run: the smart one (Smart Turn v3.2, the words
heard, and whether a question was asked yet, at each pause) and today's fixed silence. Audio time is simulated
exactly (the listener only counts frames); every engine's cost is measured on the wall clock and placed on that
timeline.

An end can be taken back, as in a practice session: the microphone listens on after the end, so speech that
resumes before the feedback's first sample cancels the end unheard, and speech that resumes within
`take_back_s` of that first sample stops the feedback and continues the answer.

- `false_cutoffs`: ends the person heard inside a planted pause of up to 4 s (the feedback started before they
  went on), counted and rated; of those, `taken_back` (they spoke over the feedback within take_back_s and the
  answer went on) and `final` (not taken back: the answer was cut). `cancelled_unheard`: ends inside a pause
  cancelled before any feedback sound (not counted as cut-offs). `by_kind`, `by_pause_s` (every length) and
  `finished_answers` (ends heard at a pause between the sentences of a finished answer) split them the same way.
- `response_gap_ms`: on the finished answers, true end of speech (the last voiced sample) -> first sample of the
  spoken feedback: the speech detector's delay and the wait (audio time), then on the wall clock recognising the
  last segment (it runs as soon as the pause starts, so it overlaps the wait), the model's decision, assessing
  and wording the answer, and the voice rendering the feedback's first sentence (its time to first sample).
  `parts_ms` gives each one's p50. Not simulated: the sound card's own output latency.
- `cost_per_decision_ms`: wall-clock time of one Smart Turn decision, and `cpu_ms` its CPU time on the calling
  thread (onnxruntime runs it there, one thread): wall above CPU is the machine's other load.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import statistics
import sys
import time
from dataclasses import dataclass, field, replace

from voicecoach.audio.pcm import SAMPLE_RATE, SAMPLE_WIDTH, frames, silence
from voicecoach.bench.spoken import sentence_wav, spoken_answer
from voicecoach.coaching.questions import find_questions
from voicecoach.engines.protocols import EngineUnavailable
from voicecoach.transcript import Transcript
from voicecoach.turn.end_of_answer import AnswerListener, SegmentReady, TurnRules

VOICES = ("slt", "rms", "awb", "kal16")
"""flite's voices, each saying every answer."""
DEV_VOICES = ("slt", "rms")
"""The voices `--tune` chooses the settings on; the figures reported are on the others."""
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
    "between_questions": (
        ("What are the next steps in the hiring process?",
         "Is there anything about my background that gives you pause about hiring me?"),
        ("How would you describe the culture of the team I would be joining?",
         "What are the biggest challenges the team is facing this year?"),
    ),
}  # fmt: skip
"""Kind of thinking pause -> (what is said before it, what is said after it). "between_questions" is a pause before
the last question after an earlier one: the answer has asked something, so awaiting a question no longer holds the
end back (TurnRules.awaits_question), and only the model and the words can."""
LEAD_S, GAP_S, TAIL_S = 0.5, 0.7, 6.0
"""Silence before the answer, after the lead sentence, and after the answer (longer than any wait)."""
TAKE_BACK_S = 3.0
"""Speech this soon after the feedback's first sample continues the answer (the session stops the feedback at once
whenever the person speaks over it; the benchmark counts only a quick return as the answer going on)."""
BARGE_IN_S = TurnRules.barge_in_s
"""Unbroken speech before the coach stops: speech resuming this long before the first sample cancels it unheard."""
GRID = {
    "use_words": (False, True),
    "finished_wait_s": (0.0, 0.4, 0.9, 1.5),
}
"""The settings `--tune` tries on the dev voices, one at a time in this order, each at the best value found so far.
Not tuned: finished_p (0.5; 0.3 and 0.7 scored worse on the dev voices), ask_after_s (the VAD sees a pause 0.2-0.3 s
late, so the model is asked then either way) and unfinished_wait_s (4.5 s: a 4 s thinking pause must be waited
through)."""


@dataclass(frozen=True)
class Answer:
    """One spoken answer and where its speech truly is."""

    pcm: bytes
    speech_end_s: float
    """The true end of speech: the last voiced sample."""
    kind: str
    """A kind of planted pause, or "finished"."""
    pause_s: float | None = None
    voice: str = ""


@dataclass
class Outcome:
    """How one policy ended one answer: the ends inside its speech, then the final end."""

    answer: Answer
    ended_s: float
    """The final end in audio time (before the speech end: the answer was cut)."""
    feedback_s: float
    """When the feedback's first sample would play, on the same timeline (audio time plus every engine's cost)."""
    parts_ms: dict[str, float]
    heard_early: list[str] = field(default_factory=list)
    """Each end inside the speech that the person heard: "taken_back" or "final"."""
    cancelled: int = 0
    """Ends inside the speech cancelled before the feedback's first sample."""

    @property
    def cut_off(self) -> bool:
        return bool(self.heard_early)

    @property
    def final_cut(self) -> bool:
        return "final" in self.heard_early

    @property
    def gap_ms(self) -> float:
        return (self.feedback_s - self.answer.speech_end_s) * 1000


class Engines:
    """The real engines, timed, their answers remembered by input so that audio heard twice (the same words before
    a longer pause, or the other policy's replay) costs once and always gets the same answer."""

    def __init__(self, recognizer, model, matcher, pack, voice):
        self.recognizer, self.model, self.matcher, self.pack, self.voice = recognizer, model, matcher, pack, voice
        self._seen: dict[tuple[str, bytes], tuple[object, float]] = {}
        self.model_ms: list[float] = []
        self.model_cpu_ms: list[float] = []
        self.last_model_ms = 0.0

    def _timed(self, kind: str, key: bytes, fn):
        digest = (kind, hashlib.sha1(key).digest())
        if digest not in self._seen:
            start, cpu = time.perf_counter(), time.thread_time()
            value = fn()
            wall_ms, cpu_ms = (time.perf_counter() - start) * 1000, (time.thread_time() - cpu) * 1000
            if kind == "model":
                self.model_ms.append(wall_ms)
                self.model_cpu_ms.append(cpu_ms)
            self._seen[digest] = (value, wall_ms)
        return self._seen[digest]

    def finished(self, pcm: bytes) -> float:
        """The turn model's answer (TurnModel), its cost kept in last_model_ms."""
        p, self.last_model_ms = self._timed("model", pcm, lambda: self.model.finished(pcm))
        return p

    def transcribe(self, pcm: bytes) -> tuple[Transcript, float]:
        return self._timed("recognize", pcm, lambda: self.recognizer.transcribe(pcm))

    def respond(self, text: str) -> tuple[float, float]:
        """(assessing and wording the answer, rendering the feedback's first sentence), in ms."""
        from voicecoach.audio.playback import sentences
        from voicecoach.coaching.assess import assess_answer, word_feedback
        from voicecoach.transcript import Transcript

        def assess():
            return word_feedback(assess_answer(self.matcher, Transcript.from_text(text)), self.pack).feedback.spoken

        spoken, assess_ms = self._timed("assess", text.encode(), assess)
        first = (sentences(spoken) or [spoken])[0]
        _, voice_ms = self._timed("voice", first.encode(), lambda: self.voice.render(first))
        return assess_ms, voice_ms


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
                    answers.append(Answer(speech + silence(TAIL_S), seconds(speech), kind, pause, voice))
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


def next_speech_s(pcm: bytes, after_s: float) -> float | None:
    """Where sound starts again after after_s (the answers' pauses are digital silence), or None."""
    start = int(after_s * SAMPLE_RATE) * SAMPLE_WIDTH
    rest = pcm[start:].lstrip(b"\0")
    return None if not rest else after_s + (len(pcm) - start - len(rest)) / (SAMPLE_RATE * SAMPLE_WIDTH)


def replay(answer: Answer, rules: TurnRules, engines: Engines, take_back_s: float = TAKE_BACK_S) -> Outcome:
    """The answer through the listener, frame by frame, each segment recognised as it ends, until the policy ends
    it; an end inside the speech is taken back when the person goes on soon enough (as session.py does)."""
    offset, texts, heard_early, cancelled = 0.0, [], [], 0
    while True:
        end_s, feedback_s, parts = _one_turn(answer.pcm, offset, rules, engines, texts)
        resumes = next_speech_s(answer.pcm, end_s)
        if resumes is None or end_s >= answer.speech_end_s:
            return Outcome(answer, end_s, feedback_s, parts, heard_early, cancelled)
        if resumes + BARGE_IN_S <= feedback_s:
            cancelled += 1
        elif resumes - feedback_s <= take_back_s:
            heard_early.append("taken_back")
        else:
            heard_early.append("final")
            return Outcome(answer, end_s, feedback_s, parts, heard_early, cancelled)
        offset = end_s  # the microphone listens on from the end: a new turn whose words join the answer


def _one_turn(pcm: bytes, offset_s: float, rules: TurnRules, engines: Engines, texts: list[str]):
    """One listening turn from offset_s: (its end, the feedback's first sample, the wall-clock parts), audio time."""
    start = int(offset_s * SAMPLE_RATE) * SAMPLE_WIDTH
    listener = AnswerListener(rules, before=pcm[:start])  # as the session does, the model hears the answer so far
    clock = offset_s  # wall-clock time on the audio's timeline: audio time, pushed later by each engine's cost
    parts = {"recognize_ms": 0.0, "model_ms": 0.0}
    for frame in frames(pcm[start:], listener.frame_bytes):
        n_judged = len(listener.policy.judgements)
        for happened in listener.feed(frame):
            if isinstance(happened, SegmentReady):
                part, ms = engines.transcribe(happened.pcm)
                texts.append(part.text)
                listener.heard(part.punctuated or part.text)  # as turn/listening.py does
                if rules.awaits_question and find_questions(" ".join(texts)):
                    listener.asked()
                clock = max(clock, offset_s + listener.t) + ms / 1000
                parts["recognize_ms"] = ms
        if len(listener.policy.judgements) > n_judged:
            clock = max(clock, offset_s + listener.t) + engines.last_model_ms / 1000
            parts["model_ms"] = engines.last_model_ms
        if listener.over:
            break
    over = listener.over or listener.close()[-1]
    end_s = offset_s + over.t
    clock = max(clock, end_s)
    assess_ms, voice_ms = engines.respond(" ".join(t for t in texts if t))
    parts.update(assess_ms=assess_ms, voice_ms=voice_ms)
    return end_s, clock + (assess_ms + voice_ms) / 1000, parts


def percentiles(values: list[float]) -> dict:
    if not values:
        return {"p50": None, "p95": None, "n": 0}
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {"p50": round(statistics.median(ordered)), "p95": round(p95), "n": len(ordered)}


def rate(outcomes: list[Outcome]) -> dict:
    cut = sum(o.cut_off for o in outcomes)
    return {"count": cut, "of": len(outcomes), "rate": round(cut / len(outcomes), 3) if outcomes else None,
            "taken_back": sum(not o.final_cut and o.cut_off for o in outcomes),
            "final": sum(o.final_cut for o in outcomes),
            "cancelled_unheard": sum(o.cancelled for o in outcomes)}  # fmt: skip


def summarise(outcomes: list[Outcome], engines: Engines | None = None) -> dict:
    """One policy's figures."""
    planted = [o for o in outcomes if o.answer.kind != "finished"]
    finished = [o for o in outcomes if o.answer.kind == "finished"]
    target = [o for o in planted if o.answer.pause_s <= TARGET_PAUSE_S]
    answered = [o for o in finished if not o.final_cut]
    figures = {
        "false_cutoffs": {
            **rate(target),
            "planted_pauses_up_to_s": TARGET_PAUSE_S,
            "by_kind": {k: rate([o for o in target if o.answer.kind == k]) for k in PLANTED},
            "by_pause_s": {str(p): rate([o for o in planted if o.answer.pause_s == p])
                           for p in sorted({o.answer.pause_s for o in planted})},
            "finished_answers": rate(finished),
        },
        "response_gap_ms": percentiles([o.gap_ms for o in answered]),
        "parts_ms": {k: round(statistics.median(o.parts_ms[k] for o in answered))
                     for k in ("recognize_ms", "model_ms", "assess_ms", "voice_ms")} if answered else {},
    }  # fmt: skip
    if engines is not None:
        figures["cost_per_decision_ms"] = {**percentiles(engines.model_ms), "cpu_ms": percentiles(engines.model_cpu_ms)}
    return figures


def score(figures: dict) -> float:
    """What `--tune` minimises: a cut-off heard (taken back or not) weighs as much as 2 s of gap on every answer."""
    cut = figures["false_cutoffs"]
    heard = cut["count"] + cut["finished_answers"]["count"]
    gap = figures["response_gap_ms"]
    return 4000 * heard + 1000 * cut["final"] + (gap["p50"] or 0) + (gap["p95"] or 0)


def tune(answers: list[Answer], base: TurnRules, engines: Engines, log) -> tuple[TurnRules, list[dict]]:
    """The best settings on these answers, searched one setting at a time (GRID's order)."""
    tried: list[dict] = []
    best = base
    for name, values in GRID.items():
        scored = []
        for value in values:
            rules = replace(best, **{name: value})
            figures = summarise([replay(a, rules, engines) for a in answers])
            cut, gap = figures["false_cutoffs"], figures["response_gap_ms"]
            tried.append({**{k: getattr(rules, k) for k in GRID}, "score": round(score(figures)),
                          "cutoffs": cut["count"], "final": cut["final"], "cancelled": cut["cancelled_unheard"],
                          "finished_cut": cut["finished_answers"]["count"], "gap_p50": gap["p50"],
                          "gap_p95": gap["p95"]})  # fmt: skip
            log(json.dumps(tried[-1]))
            scored.append((tried[-1]["score"], value))
        best = replace(best, **{name: min(scored, key=lambda sv: sv[0])[1]})
    return best, tried


def build_engines(recognizer_name: str | None) -> Engines:
    from voicecoach.checklist.matcher import Matcher
    from voicecoach.config import DEFAULTS
    from voicecoach.engines.registry import build_recognizer, build_turn_model, build_voice
    from voicecoach.packs.pack import load_pack

    name = recognizer_name or DEFAULTS.recognizer
    pack = load_pack()
    try:
        model = build_turn_model()
    except EngineUnavailable:
        model = None
    return Engines(build_recognizer(name), model, Matcher(pack), pack, build_voice())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="voicecoach bench turns", description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--voices", nargs="+", default=list(VOICES), choices=VOICES, help="flite voices (default: all)")
    parser.add_argument("--pauses", type=float, nargs="+", default=list(PAUSES_S), help="planted pauses in seconds")
    parser.add_argument("--lengths", type=float, nargs="+", default=list(FINISHED_LENGTHS_S),
                        help="finished answers' lengths in seconds")
    parser.add_argument("--recognizer", help="the recognizer that hears each segment (default: the practice default)")
    parser.add_argument("--finished-p", type=float, default=TurnRules.finished_p,
                        help="the model's probability of a finished answer (default %(default)s)")
    parser.add_argument("--finished-wait", type=float, default=TurnRules.finished_wait_s,
                        help="silence that ends an answer that sounds finished (default %(default)s s)")
    parser.add_argument("--unfinished-wait", type=float, default=TurnRules.unfinished_wait_s,
                        help="seconds waited when the answer sounds unfinished (default %(default)s)")
    parser.add_argument("--no-words", action="store_true", help="judge pauses by the model alone, not the words heard")
    parser.add_argument("--any-prompt", action="store_true",
                        help="do not await a question (as after a prompt that does not ask for the person's "
                             "questions); by default the answers reply to \"Do you have any questions for us?\"")
    parser.add_argument("--tune", action="store_true",
                        help=f"choose the smart settings on the voices {', '.join(DEV_VOICES)} (dev) and report on "
                             "the others")  # fmt: skip
    args = parser.parse_args(argv)
    log = (lambda *a: None) if args.json and not args.tune else (lambda *a: print(*a, file=sys.stderr, flush=True))
    try:
        engines = build_engines(args.recognizer)
    except EngineUnavailable as exc:
        print(f"voicecoach bench turns: {exc}", file=sys.stderr)
        return 2

    voices = [v for v in args.voices if v not in DEV_VOICES] if args.tune else args.voices
    if not voices:
        print("voicecoach bench turns: --tune reports on the voices it does not tune on: add awb or kal16",
              file=sys.stderr)
        return 2
    answers = planted_answers(voices, args.pauses) + finished_answers(voices, args.lengths)
    log(f"{len(answers)} answers, {sum(seconds(a.pcm) for a in answers) / 60:.0f} min of audio; "
        f"recognizer {engines.recognizer.name}")  # fmt: skip
    silence_rules = TurnRules()
    report: dict = {"answers": {"planted": sum(a.kind != "finished" for a in answers),
                                "finished": sum(a.kind == "finished" for a in answers), "voices": voices},
                    "recognizer": engines.recognizer.name, "take_back_s": TAKE_BACK_S,
                    "time": "audio time simulated exactly (frames counted); every engine's cost on the wall clock, "
                            "measured on this machine; the sound card's output latency not included"}  # fmt: skip
    report["silence_rule"] = {"end_silence_s": silence_rules.end_silence_s,
                              **summarise([replay(a, silence_rules, engines) for a in answers])}  # fmt: skip
    if engines.model is None:
        report["smart"] = None
        report["note"] = "smart end of turn not measured: the Smart Turn model is not installed (voicecoach[turns])"
        log(report["note"])
    else:
        rules = replace(silence_rules, turn_model=engines, finished_p=args.finished_p, use_words=not args.no_words,
                        awaits_question=not args.any_prompt,
                        finished_wait_s=args.finished_wait, unfinished_wait_s=args.unfinished_wait)  # fmt: skip
        if args.tune:
            dev = planted_answers(DEV_VOICES, args.pauses) + finished_answers(DEV_VOICES, args.lengths)
            rules, tried = tune(dev, rules, engines, log)
            report["tuned_on"] = {"voices": list(DEV_VOICES), "answers": len(dev), "tried": tried}
        settings = {"ask_after_s": rules.ask_after_s, "finished_p": rules.finished_p, "use_words": rules.use_words,
                    "awaits_question": rules.awaits_question,
                    "finished_wait_s": rules.finished_wait_s, "unfinished_wait_s": rules.unfinished_wait_s}  # fmt: skip
        report["smart"] = {**settings, **summarise([replay(a, rules, engines) for a in answers], engines)}
    headline = report["smart"] or report["silence_rule"]
    report = {"policy": "smart" if report["smart"] else "silence", **{k: headline.get(k) for k in
              ("false_cutoffs", "response_gap_ms", "cost_per_decision_ms")}, **report}  # fmt: skip
    if args.json:
        print(json.dumps(report))
        return 0
    for name in ("smart", "silence_rule"):
        figures = report.get(name)
        if figures:
            print(describe(name, figures))
    return 0


def describe(name: str, figures: dict) -> str:
    """A policy's figures in a few lines."""
    cut, gap, parts = figures["false_cutoffs"], figures["response_gap_ms"], figures["parts_ms"]
    fin = cut["finished_answers"]
    lines = [
        f"{name}: false cut-offs heard {cut['count']}/{cut['of']} planted pauses <= {TARGET_PAUSE_S:g} s "
        f"({cut['rate']:.1%}): {cut['taken_back']} taken back, {cut['final']} final; {cut['cancelled_unheard']} "
        "more ends cancelled before any sound",
        f"   finished answers ended at a pause between sentences {fin['count']}/{fin['of']} ({fin['taken_back']} "
        f"taken back, {fin['final']} final, {fin['cancelled_unheard']} cancelled unheard)",
        f"   response gap p50 {gap['p50']} ms, p95 {gap['p95']} ms (p50 parts: recognize {parts.get('recognize_ms')}, "
        f"model {parts.get('model_ms')}, assess {parts.get('assess_ms')}, voice {parts.get('voice_ms')} ms)",
        f"   by kind (pauses <= {TARGET_PAUSE_S:g} s): "
        + ", ".join(f"{k} {v['count']}/{v['of']}" for k, v in cut["by_kind"].items()),
        "   by pause: " + ", ".join(f"{k} s {v['count']}/{v['of']}" for k, v in cut["by_pause_s"].items()),
    ]
    cost = figures.get("cost_per_decision_ms")
    if cost:
        lines.append(f"   a decision: {cost['p50']} ms wall (p95 {cost['p95']}), {cost['cpu_ms']['p50']} ms CPU")
    return "\n".join(lines)
