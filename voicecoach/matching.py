"""Checklist matching: which close checklist items an answer covers, with the words that show it."""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz

from voicecoach.pack import ClosingPack


@dataclass(frozen=True)
class ItemVerdict:
    """The verdict on one checklist item."""

    id: str
    covered: bool
    score: float
    """0-100: how strongly the answer shows the item."""
    evidence: str | None
    """The exact words of the answer that show it, or None."""


@dataclass(frozen=True)
class Assessment:
    """What an answer covered of the checklist, in the pack's order."""

    transcript: str
    items: dict[str, ItemVerdict]

    @property
    def covered(self) -> list[str]:
        return [i for i, v in self.items.items() if v.covered]

    @property
    def missed(self) -> list[str]:
        return [i for i, v in self.items.items() if not v.covered]


class Matcher:
    """Scores answers against one pack's checklist; build once, call `assess` per answer."""

    threshold = 70.0

    def __init__(self, pack: ClosingPack):
        self.pack = pack

    def assess(self, text: str) -> Assessment:
        text = " ".join(text.split())
        lowered = text.lower()
        verdicts = {}
        for item in self.pack.items:
            best, evidence = 0.0, None
            for phrase in item.phrases:
                found = fuzz.partial_ratio_alignment(phrase.lower(), lowered)
                if found is not None and found.score > best:
                    best, evidence = found.score, text[found.dest_start : found.dest_end]
            covered = best >= self.threshold
            verdicts[item.id] = ItemVerdict(item.id, covered, round(best, 1), evidence if covered else None)
        return Assessment(transcript=text, items=verdicts)
