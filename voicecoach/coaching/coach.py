"""Coaching on one answer: checklist, delivery, questions and rebuttal, turned into one top fix."""

from __future__ import annotations

from dataclasses import dataclass

from voicecoach.checklist.rules import want_the_job
from voicecoach.checklist.verdicts import Assessment
from voicecoach.coaching.delivery import Delivery, analyse_delivery
from voicecoach.coaching.questions import Question, QuestionQuality, find_questions, question_quality
from voicecoach.coaching.roleplay import RebuttalVerdict
from voicecoach.coaching.wording import Feedback, quote, say
from voicecoach.packs.pack import ClosingPack
from voicecoach.transcript import Transcript

FIX_ORDER = ("checklist", "rebuttal", "fillers", "hedges", "questions", "pauses")
"""When several things need work, the first of these is the one top fix."""


@dataclass(frozen=True)
class Coaching:
    """Everything measured about one answer."""

    assessment: Assessment
    delivery: Delivery
    questions: tuple[Question, ...]
    quality: QuestionQuality
    rebuttal: RebuttalVerdict | None = None


def coach(assessment: Assessment, transcript: Transcript, rebuttal: RebuttalVerdict | None = None) -> Coaching:
    """Measure an answer beyond the checklist."""
    questions = tuple(find_questions(transcript.text))
    return Coaching(assessment, analyse_delivery(transcript), questions, question_quality(questions), rebuttal)


def _fixes(c: Coaching, pack: ClosingPack) -> dict[str, str]:
    """Every fix worth saying, each as one spoken sentence or two, quoting the person where it can."""
    fixes: dict[str, str] = {}
    missed = [pack.item(i) for i in c.assessment.missed]
    if missed and c.assessment.transcript.strip():
        if missed[0].id == want_the_job.ID and c.delivery.hedges:
            fixes["checklist"] = say("fix.checklist_hedged", hedge=c.delivery.hedges[0], tip=missed[0].tip,
                                     example=missed[0].example)
        else:
            fixes["checklist"] = say("fix.checklist", tip=missed[0].tip, example=missed[0].example)
    elif missed:
        fixes["checklist"] = say("fix.checklist_silent", tip=missed[0].tip, example=missed[0].example)
    if c.rebuttal and c.rebuttal.verdict != "removes_doubt":
        fixes["rebuttal"] = say("fix.rebuttal", tip=c.rebuttal.tip, better=c.rebuttal.better)
    f = c.delivery.fillers
    if f.trusted and f.rating == "needs work" and f.which:
        word, times = next(iter(f.which.items()))
        fixes["fillers"] = say("fix.fillers", word=word, times="once" if times == 1 else f"{times} times")
    if c.delivery.hedges:
        fixes["hedges"] = say("fix.hedges", hedge=c.delivery.hedges[0])
    flags = c.quality.flags
    if "compensation_only" in flags or "compensation_first" in flags:
        fixes["questions"] = say("fix.questions_compensation")
    elif "repeated" in flags:
        a, b = c.quality.repeated[0]
        fixes["questions"] = say("fix.questions_repeated", question=quote(b.text, 8))
    if c.delivery.long_pauses:
        fixes["pauses"] = say("fix.pauses", count=len(c.delivery.long_pauses))
    return fixes


def coaching_feedback(c: Coaching, pack: ClosingPack, *, improvement: str | None = None,
                      offer_retry: str | None = None) -> Feedback:
    """At most about 20 s spoken: what improved, one thing done well (quoted), the one top fix; the rest printed."""
    spoken: list[str] = []
    if improvement:
        spoken.append(improvement)
    covered = [pack.item(i) for i in c.assessment.covered]
    if covered:
        spoken.append(covered[0].praise.format(evidence=quote(c.assessment.items[covered[0].id].evidence)))
    elif c.rebuttal and c.rebuttal.verdict == "removes_doubt":
        spoken.append(say("spoken.rebuttal_praise"))
    fixes = _fixes(c, pack)
    top = next((kind for kind in FIX_ORDER if kind in fixes), None)
    if top:
        spoken.append(say("spoken.top_fix", fix=fixes[top]))
    else:
        spoken.append(say("spoken.all_covered"))
    if offer_retry:
        spoken.append(offer_retry)
    printed = [
        f"  {'✓' if v.covered else '✗'} {pack.item(i).title:<30} {v.strength:5.1f}"
        + (f'  "{v.evidence}"' if v.evidence else "")
        for i, v in c.assessment.items.items()
    ]
    printed += delivery_lines(c.delivery)
    if c.questions:
        asked = "; ".join(f"{q.kind}: {quote(q.text, 10)}" for q in c.questions)
        printed.append(say("printed.questions", count=len(c.questions), questions=asked))
    else:
        printed.append(say("printed.no_questions"))
    if c.rebuttal:
        met = [k.replace("_", " ") for k, v in c.rebuttal.criteria.items() if v.met]
        unmet = [k.replace("_", " ") for k, v in c.rebuttal.criteria.items() if not v.met]
        printed.append(
            say("printed.rebuttal", verdict=c.rebuttal.verdict.replace("_", " "), met=", ".join(met) or "none")
            + (say("printed.rebuttal_missing", unmet=", ".join(unmet)) if unmet else "")
        )
    for kind in FIX_ORDER:
        if kind in fixes and kind != top:
            printed.append(say("printed.also", fix=fixes[kind]))
    missed_item_id = c.assessment.missed[0] if top == "checklist" else None
    return Feedback(spoken=" ".join(spoken), printed=tuple(printed), top_fix=missed_item_id or top)


def delivery_lines(d: Delivery) -> list[str]:
    """The delivery figures, printed."""
    f = d.fillers
    if not f.trusted:
        fillers = say("printed.fillers_untrusted")
    elif f.per_100_words is None:  # no words to count per
        fillers = say("printed.fillers_none", count=f.count)
    else:
        fillers = say("printed.fillers_counted", count=f.count, per_100=f.per_100_words)
        if f.at_least:  # a recognizer misses some: the count is a floor
            fillers = say("printed.fillers_at_least", counted=fillers) if f.count else say("printed.fillers_none_heard")
    if f.trusted and f.which:
        fillers += ": " + ", ".join(f"{w} x{n}" for w, n in f.which.items())
    lines = [f"  delivery: {d.words} words" + (f", {d.wpm:.0f} wpm ({d.pace})" if d.wpm else "")
             + (f", {d.duration_s:.0f} s" if d.duration_s else "")]
    lines.append(f"  fillers: {fillers}")
    if d.hedges:
        lines.append("  hedges: " + ", ".join(f'"{h}"' for h in d.hedges))
    if d.long_pauses is not None:
        lines.append(f"  pauses over 1.2 s: {len(d.long_pauses)}"
                     + (f", longest {d.longest_pause_s:.1f} s" if d.long_pauses else ""))
    if d.trailing_off:
        lines.append(f'  trailed off on "{d.trailing_off}"')
    return lines
