"""The checklist's verdicts: per item, whether an answer covers it and the words that show it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ItemVerdict:
    """The verdict on one checklist item."""

    id: str
    covered: bool
    score: float
    """0-100: how strongly the answer shows the item."""
    evidence: str | None
    """The exact words of the answer that show it, or None."""
    phrase: str | None = None
    """The pack phrase the evidence matched best, or None (also None for a question found by shape)."""
    confidence: float | None = None
    """The learned layer's probability (0-1) that the answer covers the item; None when the rules decided alone."""

    @property
    def strength(self) -> float:
        """0-100, the layer's probability when it decided, else the rules' score."""
        return self.score if self.confidence is None else round(100 * self.confidence, 1)

    def to_json(self) -> dict:
        return {"covered": self.covered, "score": self.score, "confidence": self.confidence, "evidence": self.evidence}


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
