"""The terminal views: listeners that show the session to the person practising.

A live panel (rich) on a terminal; plain lines when the output is a file or a pipe.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from typing import TextIO

from voicecoach.events import Event, EventType

TRANSCRIPT_CHARS = 480
"""The live transcript keeps this much of the end of the answer: the panel must not scroll off the screen."""


class TerminalView:
    """Prints prompts, transcripts, feedback and the summary as plain lines (each reads its event's fields)."""

    def __init__(self, out: TextIO = sys.stdout):
        self.out = out

    def __call__(self, event: Event) -> None:
        line = {
            EventType.PROMPT_START: lambda: f"\nRound {event.round}. Interviewer: {event.text}",
            EventType.SPEECH_START: lambda: "  (listening...)",
            EventType.TRANSCRIPT: lambda: f"  You said: {event.text or '(nothing heard)'}",
            EventType.BARGE_IN: lambda: "  (you spoke over the interviewer: it stopped)",
            EventType.COMMAND: lambda: f"  (command: {event.name})",
            EventType.INTERVIEWER_START: lambda: f"  Interviewer: {event.text}",
            EventType.RESERVATION_START: lambda: f"  Interviewer: {event.text}",
            EventType.REBUTTAL_ASSESSED: lambda: f"  (your answer to their concern: {_words(event.rebuttal.verdict)})",
            EventType.FEEDBACK_START: lambda: "\n".join([*(event.lines or ()), f"  Coach: {event.text}"]),
            EventType.SUMMARY: lambda: "\n".join(["\nSummary", *event.lines, f"  Coach: {event.text}"]),
            EventType.NOTICE: lambda: f"note: {event.text}",
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
        match event.type:
            case EventType.PROMPT_START:
                self._round, self._prompt = event.round, event.text
                self._segments, self._covered, self._final, self._feedback, self._command = [], set(), False, [], ""
                self._listening, self._interviewer = False, []
            case EventType.INTERVIEWER_START | EventType.RESERVATION_START:
                self._interviewer.append(event.text)
            case EventType.SPEECH_START:
                self._listening = True
            case EventType.SEGMENT:
                if event.text:
                    self._segments.append(event.text)
            case EventType.PARTIAL_ASSESSMENT:
                self._note_items(event.covered)
                self._covered |= set(event.covered)  # a later segment never un-ticks an item live
            case EventType.SPEECH_END:
                self._listening = False
            case EventType.ASSESSMENT:
                self._note_items([*event.covered, *event.missed])
                self._covered, self._final = set(event.covered), True  # the whole answer has the last word
            case EventType.COMMAND:
                self._command = event.name
            case EventType.FEEDBACK_START:
                self._feedback = [*(event.lines or ()), f"Coach: {event.text}"]
            case EventType.SUMMARY:
                self._summary = [*event.lines, f"Coach: {event.text}"]
            case EventType.NOTICE | EventType.ERROR:
                label = "note" if event.type == EventType.NOTICE else "error"
                self._notes = [*self._notes[-2:], f"{label}: {event.text}"]
            case _:
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


def _words(name: str) -> str:
    """A verdict or id in words: "removes_doubt" -> "removes doubt"."""
    return name.replace("_", " ")


def make_view(stream: TextIO = sys.stdout, *, checklist: Iterable = ()) -> TerminalView | LiveView:
    """The live panel on a terminal, plain lines otherwise (a pipe, a file, a CI log)."""
    if stream.isatty():
        from rich.console import Console

        return LiveView(Console(file=stream), checklist=checklist)
    return TerminalView(stream)
