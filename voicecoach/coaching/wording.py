"""Feedback wording shared by the coach: the sentences (wording.toml), the Feedback shape, quoting, the summary."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from voicecoach.checklist.lexicon import Lexicon
from voicecoach.checklist.verdicts import Assessment
from voicecoach.packs.pack import ClosingPack

WORDING = Lexicon.load(Path(__file__).resolve().parent / "wording.toml")
"""The coach's sentences, read once: what it says and prints after an answer and at the end of a session."""


def say(key: str, **fields: object) -> str:
    """One sentence of the wording, its {names} filled in: say("fix.hedges", hedge="i think")."""
    return WORDING.text(key).format(**fields)


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


def summary_for(assessments: Sequence[Assessment], pack: ClosingPack, *, so_far: bool = False) -> Feedback:
    """The end-of-session summary: how often each item was covered and what to practise.

    so_far=True words it as a score mid-session ("How am I doing?"), not as the end ("Session over").
    """
    no_rounds, all_covered, weakest_item = (
        ("score.no_rounds", "score.all_covered", "score.weakest") if so_far
        else ("summary.no_rounds", "summary.all_covered", "summary.weakest")
    )  # fmt: skip
    if not assessments:
        return Feedback(say(no_rounds), (say(no_rounds),), None)
    counts = {item.id: sum(a.items[item.id].covered for a in assessments if item.id in a.items) for item in pack.items}
    n = len(assessments)
    printed = [f"  {pack.item(i).title:<30} {c}/{n} rounds" for i, c in counts.items()]
    weakest = min(pack.items, key=lambda item: counts[item.id])  # ties go to the more important item
    rounds = say("summary.round") if n == 1 else say("summary.rounds")
    if counts[weakest.id] == n:
        spoken = say(all_covered, n=n, rounds=rounds)
        top = None
    else:
        spoken = say(weakest_item, n=n, rounds=rounds, label=weakest.label, covered=counts[weakest.id],
                     example=weakest.example)
        top = weakest.id
    return Feedback(spoken=spoken, printed=tuple(printed), top_fix=top)
