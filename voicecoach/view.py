"""The terminal views: listeners that show the session to the person practising.

A live panel (rich) on a terminal, each finished round printed above it to stay in the scrollback; plain
lines when the output is a file or a pipe.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from typing import TextIO

from voicecoach.events import Event, EventType

TRANSCRIPT_CHARS = 480
"""The live transcript keeps at most this much of the end of the answer: the panel must not scroll off the screen."""
TRANSCRIPT_LINES = 3
"""...and at most this many lines of the panel's width."""
YOUR_TURN = "your turn - speak when ready"
"""Shown once the interviewer has asked, until speech is heard."""


class TerminalView:
    """Prints prompts, transcripts, feedback and the summary as plain lines (each reads its event's fields)."""

    def __init__(self, out: TextIO = sys.stdout):
        self.out = out

    def __call__(self, event: Event) -> None:
        line = {
            EventType.PROMPT_START: lambda: f"\nRound {event.round}. Interviewer: {event.text}",
            EventType.PROMPT_END: lambda: f"  ({YOUR_TURN})" if event.interrupted is False else None,
            EventType.RESERVATION_END: lambda: f"  ({YOUR_TURN})" if event.interrupted is False else None,
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
        text = line() if line else None
        if text is not None:
            print(text, file=self.out, flush=True)

    def close(self) -> None:
        """Nothing to stop: each line is printed as it comes."""

    def __enter__(self) -> TerminalView:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class LiveView:
    """A rich panel redrawn on each event: the prompt, the rolling transcript, the checklist ticking, the feedback.

    Once a round's feedback has been said, the round is printed above the panel, where it stays in the
    scrollback, and the panel clears for the next. The panel never grows taller than the terminal: the
    least needed parts give way first, and the Coach line never does. It redraws only when an event
    arrives (no refresh thread), and close() must run (also on Ctrl-C: use it as a context manager) to
    give the terminal its cursor back.
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
        self._exchange: list[tuple[str, str]] = []
        """After the prompt, in order: ("You", an answer heard whole), ("Interviewer", a reply or a reservation)."""
        self._your_turn = False
        """The interviewer has asked and nothing has been heard yet."""

    def __call__(self, event: Event) -> None:
        match event.type:
            case EventType.PROMPT_START:
                self._clear()
                self._round, self._prompt = event.round, event.text
            case EventType.PROMPT_END | EventType.RESERVATION_END:
                self._your_turn = event.interrupted is False  # None: said with no turn to answer it
            case EventType.INTERVIEWER_START | EventType.RESERVATION_START:
                self._exchange.append(("Interviewer", event.text))
            case EventType.SPEECH_START:
                self._listening, self._your_turn = True, False
            case EventType.SEGMENT:
                if event.text:
                    self._segments.append(event.text)
            case EventType.PARTIAL_ASSESSMENT:
                self._note_items(event.covered)
                self._covered |= set(event.covered)  # a later segment never un-ticks an item live
            case EventType.SPEECH_END:
                self._listening = self._your_turn = False
            case EventType.TRANSCRIPT:
                self._exchange.append(("You", event.text))
                self._segments, self._listening, self._your_turn = [], False, False
            case EventType.ASSESSMENT:
                self._note_items([*event.covered, *event.missed])
                self._covered, self._final = set(event.covered), True  # the whole answer has the last word
            case EventType.COMMAND:
                self._command = event.name
            case EventType.FEEDBACK_START:
                self._feedback = [*(event.lines or ()), f"Coach: {event.text}"]
            case EventType.FEEDBACK_END:
                self._print_above(self._finished_round())
                self._clear()
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

    def _clear(self) -> None:
        """Empty the panel for the next round."""
        self._round, self._prompt, self._segments, self._listening, self._your_turn = None, "", [], False, False
        self._covered, self._final, self._command, self._feedback, self._exchange = set(), False, "", [], []

    def render(self):
        """What the panel shows now, as a rich renderable no taller than the terminal."""
        from rich.panel import Panel
        from rich.text import Text

        parts = self._parts()
        if not parts:
            return Text("")  # between rounds: the last one is printed above
        while True:
            panel = Panel(self._group(parts), title="voicecoach", border_style="blue")
            droppable = [i for i, (rank, _) in enumerate(parts) if rank > 0]
            if not droppable or self._height(panel) <= self.console.size.height:
                return panel
            del parts[max(droppable, key=lambda i: (parts[i][0], i))]  # the least needed, the later first

    def _parts(self) -> list[tuple[int, object]]:
        """The panel's lines in order, each with its rank: 0 is always shown, higher ranks give way first."""
        from rich.table import Table
        from rich.text import Text

        parts: list[tuple[int, object]] = []
        if self._round is not None:
            prompt = Text.assemble((f"Round {self._round}. Interviewer: ", "bold"), (self._prompt, "bold cyan"))
            parts.append((1, prompt))
        for who, said in self._exchange:
            parts.append((2, self._you(said)) if who == "You" else (4, _line(who, said)))
        turn_on = self._segments or self._listening or self._your_turn
        if turn_on or (self._round is not None and not any(who == "You" for who, _ in self._exchange)):
            parts.append((2, self._you(" ".join(self._segments), live=True)))
        if self._command:
            parts.append((6, Text(f"Heard the command: {self._command}", style="magenta")))
        if self._items and (self._round is not None or self._covered):
            checklist = Table.grid(padding=(0, 1))
            for item_id, title in self._items.items():
                covered = item_id in self._covered
                mark = ("[x]", "green") if covered else ("[ ]", "red" if self._final else "dim")
                checklist.add_row(Text(*mark), Text(title, style="" if covered else "dim"))
            parts.append((5 if self._feedback else 3, checklist))  # the feedback's lines say it again, with evidence
        parts += [(0 if line.startswith("Coach: ") else 3, Text(line, style="yellow")) for line in self._feedback]
        if self._summary:
            parts.append((1, Text("Summary", style="bold")))
            parts += [(0 if line.startswith("Coach: ") else 1, Text(line)) for line in self._summary]
        parts += [(6, Text(note, style="dim")) for note in self._notes]
        return parts

    def _you(self, heard: str, *, live: bool = False):
        """A "You:" line: the end of what was heard; live, also listening or the cue that it is the person's turn."""
        from rich.text import Text

        limit = min(TRANSCRIPT_CHARS, max(40, TRANSCRIPT_LINES * (self.console.size.width - 4) - 16))
        if len(heard) > limit:
            heard = "..." + heard[-limit:].split(" ", 1)[-1]
        waiting = live and (self._listening or self._your_turn)
        you = Text.assemble(("You: ", "bold"), heard or ("" if waiting else "-"))
        if live and self._listening:
            you.append(" (listening...)", style="dim")
        elif live and self._your_turn and not heard:
            you.append(YOUR_TURN, style="bold green")
        return you

    @staticmethod
    def _group(parts: list[tuple[int, object]]):
        from rich.console import Group

        return Group(*(renderable for _, renderable in parts))

    def _height(self, renderable) -> int:
        """Lines the renderable takes on this terminal."""
        return len(self.console.render_lines(renderable, self.console.options, pad=False))

    def _finished_round(self):
        """The round just finished, whole, for the scrollback: the prompt, the answer, the interviewer, the feedback."""
        from rich.panel import Panel
        from rich.text import Text

        lines = [_line("Interviewer", self._prompt)] if self._prompt else []
        lines += [_line(who, said or "-") for who, said in self._exchange]
        lines += [Text(line, style="yellow") for line in self._feedback]
        title = f"Round {self._round}" if self._round is not None else None
        return Panel(self._group([(0, line) for line in lines]), title=title, border_style="dim")

    def _print_above(self, renderable) -> None:
        """Print above the live panel (rich moves the panel down), so it stays on screen and in the scrollback."""
        if self._live is None:
            self._show()
        self._live.console.print(renderable)

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


def _line(who: str, said: str):
    """One line of the conversation: "Interviewer: ..." in cyan, "You: ..." plain."""
    from rich.text import Text

    return Text.assemble((f"{who}: ", "bold"), (said, "cyan" if who == "Interviewer" else ""))


def _words(name: str) -> str:
    """A verdict or id in words: "removes_doubt" -> "removes doubt"."""
    return name.replace("_", " ")


def make_view(stream: TextIO = sys.stdout, *, checklist: Iterable = ()) -> TerminalView | LiveView:
    """The live panel on a terminal, plain lines otherwise (a pipe, a file, a CI log)."""
    if stream.isatty():
        from rich.console import Console

        return LiveView(Console(file=stream), checklist=checklist)
    return TerminalView(stream)
