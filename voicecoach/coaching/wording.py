"""Feedback wording shared by the coach: the Feedback shape, quoting the person, the session summary."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from voicecoach.checklist.verdicts import Assessment
from voicecoach.packs.pack import ClosingPack


@dataclass(frozen=True)
class Feedback:
    """What the coach says (short) and prints (complete)."""

    spoken: str
    printed: tuple[str, ...]
    top_fix: str | None
    """The id of the most important missed item, or None when all were covered."""


def quote(evidence: str | None, limit: int = 12) -> str:
    """The first words of what the person said, for feedback that quotes them."""
    words = (evidence or "").split()
    return " ".join(words[:limit]) + (" ..." if len(words) > limit else "")


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
