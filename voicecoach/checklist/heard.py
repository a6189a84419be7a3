"""Whether an answer's text was heard by a recognizer or typed: typed text is not misheard."""

from __future__ import annotations


def looks_heard(text: str) -> bool:
    """Whether text looks like a recognizer's: no capitals, no punctuation. Typed text is not misheard."""
    return text == text.lower() and not any(mark in text for mark in ".,?!;:")
