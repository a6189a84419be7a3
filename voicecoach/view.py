"""The terminal view: a listener that prints the session for the person practising."""

from __future__ import annotations

import sys
from typing import TextIO

from voicecoach.events import Event


class TerminalView:
    """Prints prompts, transcripts, feedback and the summary as plain lines."""

    def __init__(self, out: TextIO = sys.stdout):
        self.out = out

    def __call__(self, event: Event) -> None:
        d = event.data
        line = {
            "prompt_start": lambda: f"\nRound {d.get('round')}. Interviewer: {d['text']}",
            "speech_start": lambda: "  (listening...)",
            "transcript": lambda: f"  You said: {d['text'] or '(nothing heard)'}",
            "feedback_start": lambda: "\n".join([*d.get("lines", []), f"  Coach: {d['text']}"]),
            "summary": lambda: "\n".join(["\nSummary", *d.get("lines", []), f"  Coach: {d['text']}"]),
            "notice": lambda: f"note: {d['text']}",
        }.get(event.type)
        if line:
            print(line(), file=self.out, flush=True)
