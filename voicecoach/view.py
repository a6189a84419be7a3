"""The terminal views: listeners that show the session to the person practising.

A live panel (rich) on a terminal; plain lines when the output is a file or a pipe.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from typing import TextIO

from voicecoach.events import Event

TRANSCRIPT_CHARS = 480
"""The live transcript keeps this much of the end of the answer: the panel must not scroll off the screen."""


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
            "barge_in": lambda: "  (you spoke over the interviewer: it stopped)",
            "command": lambda: f"  (command: {d['name']})",
            "interviewer_start": lambda: f"  Interviewer: {d['text']}",
            "reservation_start": lambda: f"  Interviewer: {d['text']}",
            "rebuttal_assessed": lambda: f"  (your answer to their concern: {d['verdict'].replace('_', ' ')})",
            "feedback_start": lambda: "\n".join([*d.get("lines", []), f"  Coach: {d['text']}"]),
            "summary": lambda: "\n".join(["\nSummary", *d.get("lines", []), f"  Coach: {d['text']}"]),
            "notice": lambda: f"note: {d['text']}",
        }.get(event.type)
        if line:
            print(line(), file=self.out, flush=True)

    def close(self) -> None:
        """Nothing to stop: each line is printed as it comes."""

    def __enter__(self) -> TerminalView:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class LiveView:
    """A rich panel redrawn on each event: the prompt, the rolling transcript, the checklist ticking, the feedback.

    It redraws only when an event arrives (no refresh thread), and close() must run (also on
    Ctrl-C: use it as a context manager) to give the terminal its cursor back.
    """

    def __init__(self, console=None, *, checklist: Iterable = ()):
        from rich.console import Console

        self.console = console or Console()
        self._items: dict[str, str] = {item.id: item.title for item in checklist}
        """Checklist id -> title, in the pack's order; ids first seen in events are added as they come."""
        self._live = None
        self._round: int | None = None
        self._prompt = ""
        self._segments: list[str] = []
        self._listening = False
        self._covered: set[str] = set()
        self._final = False
        self._command = ""
        self._feedback: list[str] = []
        self._summary: list[str] = []
        self._notes: list[str] = []
        self._interviewer: list[str] = []
        """What the interviewer said after the answer: replies to questions, a reservation."""

    def __call__(self, event: Event) -> None:
        d, kind = event.data, event.type
        if kind == "prompt_start":
            self._round, self._prompt = d.get("round"), d.get("text", "")
            self._segments, self._covered, self._final, self._feedback, self._command = [], set(), False, [], ""
            self._listening, self._interviewer = False, []
        elif kind in ("interviewer_start", "reservation_start"):
            self._interviewer.append(d.get("text", ""))
        elif kind == "speech_start":
            self._listening = True
        elif kind == "segment":
            if d.get("text"):
                self._segments.append(d["text"])
        elif kind == "partial_assessment":
            self._note_items(d.get("covered", ()))
            self._covered |= set(d.get("covered", ()))  # a later segment never un-ticks an item live
        elif kind == "speech_end":
            self._listening = False
        elif kind == "assessment":
            self._note_items([*d.get("covered", ()), *d.get("missed", ())])
            self._covered, self._final = set(d.get("covered", ())), True  # the whole answer has the last word
        elif kind == "command":
            self._command = d.get("name", "")
        elif kind == "feedback_start":
            self._feedback = [*d.get("lines", []), f"Coach: {d.get('text', '')}"]
        elif kind == "summary":
            self._summary = [*d.get("lines", []), f"Coach: {d.get('text', '')}"]
        elif kind in ("notice", "error"):
            self._notes = [*self._notes[-2:], f"{'note' if kind == 'notice' else 'error'}: {d.get('text', '')}"]
        else:
            return
        self._show()

    def _note_items(self, ids: Iterable[str]) -> None:
        for item_id in ids:
            self._items.setdefault(item_id, item_id.replace("_", " "))

    def render(self):
        """What the panel shows now, as a rich renderable."""
        from rich.console import Group
        from rich.panel import Panel
        from rich.table import Table
        from rich.text import Text

        parts: list = []
        if self._round is not None:
            parts.append(Text.assemble((f"Round {self._round}. Interviewer: ", "bold"), (self._prompt, "bold cyan")))
        heard = " ".join(self._segments)
        if len(heard) > TRANSCRIPT_CHARS:
            heard = "..." + heard[-TRANSCRIPT_CHARS:].split(" ", 1)[-1]
        you = Text.assemble(("You: ", "bold"), heard or ("" if self._listening else "-"))
        if self._listening:
            you.append(" (listening...)", style="dim")
        parts.append(you)
        if self._command:
            parts.append(Text(f"Heard the command: {self._command}", style="magenta"))
        parts += [Text.assemble(("Interviewer: ", "bold"), (line, "cyan")) for line in self._interviewer]
        if self._items:
            checklist = Table.grid(padding=(0, 1))
            for item_id, title in self._items.items():
                covered = item_id in self._covered
                mark = ("[x]", "green") if covered else ("[ ]", "red" if self._final else "dim")
                checklist.add_row(Text(*mark), Text(title, style="" if covered else "dim"))
            parts.append(checklist)
        parts += [Text(line, style="yellow") for line in self._feedback]
        if self._summary:
            parts += [Text("Summary", style="bold"), *(Text(line) for line in self._summary)]
        parts += [Text(note, style="dim") for note in self._notes]
        return Panel(Group(*parts), title="voicecoach", border_style="blue")

    def _show(self) -> None:
        from rich.live import Live

        if self._live is None:
            # redrawn on events only, so no refresh thread is left running if the session dies
            self._live = Live(self.render(), console=self.console, auto_refresh=False, transient=False)
            self._live.start()
        else:
            self._live.update(self.render(), refresh=True)

    def close(self) -> None:
        """Stop the live display, leaving its last state on the screen; safe to call twice."""
        if self._live is not None:
            self._live.stop()
            self._live = None

    def __enter__(self) -> LiveView:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def make_view(stream: TextIO = sys.stdout, *, checklist: Iterable = ()) -> TerminalView | LiveView:
    """The live panel on a terminal, plain lines otherwise (a pipe, a file, a CI log)."""
    if stream.isatty():
        from rich.console import Console

        return LiveView(Console(file=stream), checklist=checklist)
    return TerminalView(stream)
