"""Feedback wording: what was covered, the one top fix, and a sentence to say instead."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from voicecoach.matching import Assessment
from voicecoach.pack import ClosingPack


@dataclass(frozen=True)
class Feedback:
    """What the coach says (short) and prints (complete)."""

    spoken: str
    printed: tuple[str, ...]
    top_fix: str | None
    """The id of the most important missed item, or None when all were covered."""


def _quote(evidence: str | None, limit: int = 12) -> str:
    words = (evidence or "").split()
    return " ".join(words[:limit]) + (" ..." if len(words) > limit else "")


def feedback_for(assessment: Assessment, pack: ClosingPack) -> Feedback:
    """Feedback on one answer: praise one covered item with their words, then the top miss."""
    covered = [pack.item(i) for i in assessment.covered]
    missed = [pack.item(i) for i in assessment.missed]
    spoken: list[str] = []
    if not assessment.transcript.strip():
        spoken.append("I didn't hear an answer.")
    elif covered:
        first = covered[0]
        spoken.append(first.praise.format(evidence=_quote(assessment.items[first.id].evidence)))
        if len(covered) > 1:
            spoken.append("You also covered " + _join([i.label for i in covered[1:]]) + ".")
    else:
        spoken.append("That answer didn't cover the close checklist yet.")
    top = missed[0] if missed else None
    if top:
        spoken.append(f"Top fix: {top.tip} You could say: {top.example}")
    else:
        spoken.append("You covered the whole checklist. Strong close.")
    printed = [
        f"  {'✓' if v.covered else '✗'} {pack.item(i).title:<30} {v.score:5.1f}"
        + (f'  "{v.evidence}"' if v.evidence else "")
        for i, v in assessment.items.items()
    ]
    return Feedback(spoken=" ".join(spoken), printed=tuple(printed), top_fix=top.id if top else None)


def summary_for(assessments: Sequence[Assessment], pack: ClosingPack) -> Feedback:
    """The end-of-session summary: how often each item was covered and what to practise."""
    if not assessments:
        return Feedback("No rounds were completed.", ("No rounds were completed.",), None)
    counts = {item.id: sum(a.items[item.id].covered for a in assessments if item.id in a.items) for item in pack.items}
    n = len(assessments)
    printed = [f"  {pack.item(i).title:<30} {c}/{n} rounds" for i, c in counts.items()]
    weakest = min(pack.items, key=lambda item: counts[item.id])  # ties go to the more important item
    rounds = "round" if n == 1 else "rounds"
    if counts[weakest.id] == n:
        spoken = f"Session over: {n} {rounds}, and you covered every item each time. Well done."
        top = None
    else:
        spoken = (
            f"Session over: {n} {rounds}. You covered {weakest.label} in {counts[weakest.id]} of {n}. "
            f"Practise saying: {weakest.example}"
        )
        top = weakest.id
    return Feedback(spoken=spoken, printed=tuple(printed), top_fix=top)


def _join(parts: Sequence[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
