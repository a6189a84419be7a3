"""The retry loop's one-sentence verdict: what changed between two attempts at the same prompt."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from voicecoach.checklist.rules import clarify_doubts, good_questions, next_steps, reservations, want_the_job
from voicecoach.checklist.verdicts import Assessment
from voicecoach.coaching.delivery import Delivery

ITEM_NAMES = {
    want_the_job.ID: "saying you want the job",
    reservations.ID: "asking about their reservations",
    clarify_doubts.ID: "clearing up doubts",
    next_steps.ID: "next steps",
    good_questions.ID: "a prepared question",
}
"""How each checklist item reads inside "you added ..."; other ids fall back to the id in words."""


@dataclass(frozen=True)
class Attempt:
    """One attempt at a prompt: what it covered and, when spoken, how it was said."""

    assessment: Assessment
    delivery: Delivery | None = None


def _names(ids: list[str], names: Mapping[str, str]) -> str:
    words = [names.get(i, i.replace("_", " ")) for i in ids]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _fillers(attempt: Attempt) -> int | None:
    d = attempt.delivery
    return d.fillers.count if d is not None else None


def _long_pauses(attempt: Attempt) -> int | None:
    d = attempt.delivery
    return len(d.long_pauses) if d is not None and d.long_pauses is not None else None


def compare_attempts(first: Attempt, second: Attempt, *, names: Mapping[str, str] = ITEM_NAMES) -> str:
    """One sentence on what improved (items gained, fillers down) and what got worse."""
    before, after = set(first.assessment.covered), set(second.assessment.covered)
    order = list(second.assessment.items)  # the pack's order, most important first
    gained = [i for i in order if i in after - before]
    lost = [i for i in order if i in before - after]

    better: list[str] = []
    worse: list[str] = []
    if gained:
        better.append(f"you added {_names(gained, names)}")
    if lost:
        worse.append(f"you dropped {_names(lost, names)}")
    # Filler counts are compared only when both are trusted counts (None: the recognizer drops them).
    f1, f2 = _fillers(first), _fillers(second)
    if f1 is not None and f2 is not None and f1 != f2:
        (better if f2 < f1 else worse).append(f"fillers went from {f1} to {f2}")
    p1, p2 = _long_pauses(first), _long_pauses(second)
    if p1 is not None and p2 is not None and p1 != p2:
        (better if p2 < p1 else worse).append(f"long pauses went from {p1} to {p2}")

    if better and worse:
        return f"Better: {_join(better)}; but {_join(worse)}."
    if better:
        return f"Better: {_join(better)}."
    if worse:
        return f"Not better this time: {_join(worse)}."
    still = f", with {f2} filler{'s' if f2 != 1 else ''}" if f2 is not None else ""
    return f"About the same as last time: you covered the same points{still}."


def _join(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + ", and " + parts[-1]
