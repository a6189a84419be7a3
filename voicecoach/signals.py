"""SIGTERM and SIGHUP handled like Ctrl-C: the session stops cleanly and the exit code says which signal it was.

Without handlers, Python dies on SIGTERM (`kill`, systemd, a CI runner's timeout) and SIGHUP (the terminal
window closed) at once: no summary, the event log cut short, the cursor left hidden, temporary folders left
behind. With them, a stop signal raises Stopped, a KeyboardInterrupt, so the session's Ctrl-C path runs
(the summary, then every `with` block closes) and the program exits 128 + the signal's number, as a shell
reports a process killed by that signal (143 for SIGTERM, 129 for SIGHUP).
"""

from __future__ import annotations

import os
import signal
import threading

STOP_SIGNALS = ("SIGTERM", "SIGHUP")
"""The signals that stop a session cleanly (by name: Windows has no SIGHUP)."""


class Stopped(KeyboardInterrupt):
    """A stop signal arrived; raised as a KeyboardInterrupt so that every Ctrl-C path cleans up for it too."""

    def __init__(self, signum: int):
        super().__init__(f"stopped by {signal.Signals(signum).name}")
        self.signum = signum

    @property
    def exit_code(self) -> int:
        """128 + the signal's number: 143 for SIGTERM, 129 for SIGHUP."""
        return 128 + self.signum


class StopSignals:
    """Turns SIGTERM and SIGHUP into Stopped for the length of a `with` block, and remembers which one came.

        with StopSignals() as stops:
            bus = EventBus(view, log, stops)  # a stop swallowed inside a C callback is raised again at the next event
            try:
                session.run(rounds)
            except KeyboardInterrupt:
                stops.pending = False  # handled: the summary's events go through
                session.summary()
                return stops.exit_code(EXIT_INTERRUPTED)

    A signal that was ignored when the block started stays ignored (`nohup voicecoach practice` keeps running when
    the terminal closes). A second stop signal while the first is being cleaned up ends the process at once, the
    way out when cleaning up hangs.
    """

    def __init__(self, names: tuple[str, ...] = STOP_SIGNALS):
        self.names = names
        self.signum: int | None = None
        """The stop signal that came, if any."""
        self.pending = False
        """A stop that has not been handled yet: raised again at the next event."""
        self._before: dict[int, object] = {}

    def __enter__(self) -> StopSignals:
        if threading.current_thread() is not threading.main_thread():
            return self  # only the main thread can set handlers; a session run elsewhere keeps the defaults
        for name in self.names:
            signum = getattr(signal, name, None)
            if signum is None or signal.getsignal(signum) is signal.SIG_IGN:
                continue
            self._before[signum] = signal.signal(signum, self._on_signal)
        return self

    def __exit__(self, *exc) -> None:
        for signum, before in self._before.items():
            signal.signal(signum, before)
        self._before.clear()

    def _on_signal(self, signum: int, frame) -> None:
        if self.signum is not None and not self.pending:
            signal.signal(signum, signal.SIG_DFL)  # stopping already: a second signal ends the process now
            os.kill(os.getpid(), signum)
            return
        self.signum = signum
        self.pending = True
        raise Stopped(signum)

    def __call__(self, event) -> None:
        """A bus listener: raise a stop again that a C library's callback swallowed (see cli.CtrlC)."""
        if self.pending and self.signum is not None and threading.current_thread() is threading.main_thread():
            raise Stopped(self.signum)

    def exit_code(self, default: int) -> int:
        """128 + the stop signal's number, or default when none came (Ctrl-C: 130)."""
        return default if self.signum is None else 128 + self.signum
